//! Running the organisation: units (create, rename, move, archive), their privacy rules,
//! leaders, the list of accounts, and who is an admin. Every function here except
//! [`make_owner_admin`] and [`claim_admin_if_none`] is for admins only.

use super::access::{PersonRef, require_admin, unit_or_not_found};
use super::convert::{core_rules, core_unit, monday_of, store_unit, tree_of};
use super::release::release_due_weeks_os;
use super::{OrgError, OrgResult};
use anneal_core::privacy::{self, RulesChange, validate_rules_change};
use anneal_store::org::{Floors, OrgStore, Unit, UnitId, UnitRules};
use anneal_store::{Backend, StoreError, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// The longest unit name, in characters.
pub const MAX_UNIT_NAME_CHARS: usize = 80;

/// A unit as an admin sees it in the list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitView {
    /// Its id.
    pub id: UnitId,
    /// Its name.
    pub name: String,
    /// The unit it sits in; `None` at the top.
    pub parent: Option<UnitId>,
    /// How many levels below the top (0 for a top-level unit).
    pub depth: usize,
    /// When it was archived (a label: members and figures stay).
    pub archived_at: Option<DateTime<Utc>>,
    /// Its rules in force now.
    pub rules: UnitRules,
    /// How many people belong to it directly (a count, never names).
    pub members: u64,
    /// Its direct leaders.
    pub leaders: Vec<PersonRef>,
}

/// Makes the owner account an admin: call it right after the first account is created (web
/// setup, `serve --demo`). A missing account is `NotFound`.
pub async fn make_owner_admin(store: &dyn OrgStore, owner: UserId) -> OrgResult<()> {
    store.set_admin(owner, true).await.map_err(|e| match e {
        StoreError::NotFound { .. } => {
            OrgError::not_found(format!("account {} does not exist", owner.0))
        }
        other => other.into(),
    })
}

/// Makes `user` an admin if the store has no admin at all yet, and says whether they are an
/// admin now. This is how the local CLI profile becomes the admin of its own store when it
/// creates the first unit; on a store that has an admin it changes nothing.
pub async fn claim_admin_if_none(store: &dyn OrgStore, user: UserId) -> OrgResult<bool> {
    if store.is_admin(user).await? {
        return Ok(true);
    }
    for (other, _) in store.list_users().await? {
        if store.is_admin(other).await? {
            return Ok(false);
        }
    }
    make_owner_admin(store, user).await?;
    Ok(true)
}

/// Checks a unit name: trimmed, 1 to [`MAX_UNIT_NAME_CHARS`] characters, no control characters.
pub fn check_unit_name(name: &str) -> OrgResult<String> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 {
        return Err(OrgError::invalid("name: a unit needs a name"));
    }
    if chars > MAX_UNIT_NAME_CHARS {
        return Err(OrgError::invalid(format!(
            "name: {chars} characters is too long; at most {MAX_UNIT_NAME_CHARS}"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(OrgError::invalid(
            "name: control characters (such as line breaks or tabs) are not allowed",
        ));
    }
    Ok(name.to_string())
}

/// Creates a unit (admins only), at the top or under `parent`, with the default rules (k = 5,
/// no noise).
pub async fn create_unit(
    store: &dyn OrgStore,
    by: UserId,
    name: &str,
    parent: Option<UnitId>,
    now: DateTime<Utc>,
) -> OrgResult<Unit> {
    require_admin(store, by, "create units").await?;
    let name = check_unit_name(name)?;
    if let Some(parent) = parent {
        unit_or_not_found(store, parent).await?;
    }
    Ok(store.create_unit(&name, parent, now).await?)
}

/// Renames a unit (admins only).
pub async fn rename_unit(
    store: &dyn OrgStore,
    by: UserId,
    unit: UnitId,
    name: &str,
) -> OrgResult<Unit> {
    require_admin(store, by, "rename units").await?;
    let name = check_unit_name(name)?;
    unit_or_not_found(store, unit).await?;
    store.rename_unit(unit, &name).await?;
    unit_or_not_found(store, unit).await
}

/// Before a change of rules or of the tree takes effect: releases every week that has ended
/// (under the rules it was collected under), then keeps the rules in force now as the open
/// week's floors for every unit in `unit`'s subtree, so the change can never loosen them for
/// check-ins already given this week. The floors depend on the rules only, not on who answered.
async fn keep_promises(store: &dyn Backend, unit: UnitId, now: DateTime<Utc>) -> OrgResult<()> {
    release_due_weeks_os(store, now).await?;
    let units = store.units().await?;
    let tree = tree_of(&units)?;
    let rules: BTreeMap<privacy::UnitId, privacy::Rules> = units
        .iter()
        .map(|u| (core_unit(u.id), core_rules(&u.rules)))
        .collect();
    let floors = tree
        .subtree(core_unit(unit))
        .into_iter()
        .filter_map(|below| {
            let in_force = privacy::rules_in_force(&tree, &rules, below)?;
            Some((
                store_unit(below),
                Floors {
                    k: in_force.k,
                    epsilon: in_force.epsilon,
                    quarterly_budget: in_force.quarterly_budget,
                },
            ))
        })
        .collect();
    store
        .tighten_floors(monday_of(now.date_naive()), floors)
        .await?;
    Ok(())
}

/// Moves a unit under another, or to the top with `None` (admins only). A unit cannot move
/// under itself or a unit below it. Past weeks keep the figures they were released with, and
/// the week under way keeps the rules its check-ins were given under (see [`keep_promises`]).
pub async fn move_unit(
    store: &dyn Backend,
    by: UserId,
    unit: UnitId,
    parent: Option<UnitId>,
    now: DateTime<Utc>,
) -> OrgResult<Unit> {
    require_admin(store, by, "move units").await?;
    unit_or_not_found(store, unit).await?;
    if let Some(parent) = parent {
        unit_or_not_found(store, parent).await?;
    }
    keep_promises(store, unit, now).await?;
    store.move_unit(unit, parent).await.map_err(|e| match e {
        StoreError::Conflict { .. } => OrgError::invalid(format!(
            "parent: unit {} cannot move under unit {}, which is the unit itself or below it",
            unit.0,
            parent.map_or(0, |p| p.0)
        )),
        other => other.into(),
    })?;
    unit_or_not_found(store, unit).await
}

/// Archives a unit (admins only): a label. Its members, leaders and figures stay.
pub async fn archive_unit(
    store: &dyn OrgStore,
    by: UserId,
    unit: UnitId,
    now: DateTime<Utc>,
) -> OrgResult<Unit> {
    require_admin(store, by, "archive units").await?;
    unit_or_not_found(store, unit).await?;
    store.archive_unit(unit, now).await?;
    unit_or_not_found(store, unit).await
}

/// New privacy rules for a unit, as an admin asks for them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RulesRequest {
    /// Minimum distinct respondents, 3–20.
    pub k: u32,
    /// ε per weekly release; `None` keeps the unit's current ε (noise cannot be switched off).
    pub epsilon: Option<f64>,
    /// Quarterly ε budget, at least ε; `None` keeps the unit's current budget.
    pub quarterly_budget: Option<f64>,
}

/// What a change of rules did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulesChanged {
    /// The rules now in force, with their new version.
    pub rules: UnitRules,
    /// What the change means for data given before and after it.
    pub change: RulesChange,
}

impl RulesChanged {
    /// The change in plain words, for the admin who made it.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "Rules version {}: figures are shown only for groups of at least {} people",
            self.rules.version, self.rules.k
        );
        if let (Some(e), Some(b)) = (self.rules.epsilon, self.rules.quarterly_budget) {
            text.push_str(&format!(
                ", with noise at ε = {e} per week and a budget of {b} per quarter."
            ));
        }
        if self.change.relaxes {
            let kept = self.change.past_data;
            let mut held = vec![format!("k = {}", kept.k)];
            if let Some(e) = kept.epsilon {
                held.push(format!("ε = {e}"));
            }
            if let Some(b) = kept.quarterly_budget {
                held.push(format!("a budget of {b}"));
            }
            text.push_str(&format!(
                " This loosens the rules, so it applies only to check-ins given from now on. \
                 Weeks that have ended were released first, under their own rules, and this \
                 week's check-ins keep at least {}.",
                held.join(", ")
            ));
        }
        text
    }
}

/// Sets a unit's privacy rules (admins only), checked by the privacy rules in core. Any valid
/// change is allowed: check-ins from now on follow the new rules; check-ins given before keep the
/// strictest rules they were given under (weeks that have ended are released first; the week
/// under way keeps floors, see [`keep_promises`]).
pub async fn set_rules(
    store: &dyn Backend,
    by: UserId,
    unit: UnitId,
    request: RulesRequest,
    now: DateTime<Utc>,
) -> OrgResult<RulesChanged> {
    require_admin(store, by, "change privacy rules").await?;
    let current = unit_or_not_found(store, unit).await?;
    let new = privacy::Rules {
        k: request.k,
        epsilon: request.epsilon.or(current.rules.epsilon),
        quarterly_budget: request.quarterly_budget.or(current.rules.quarterly_budget),
    };
    let change = validate_rules_change(&core_rules(&current.rules), &new)
        .map_err(|e| OrgError::invalid(format!("rules: {e}")))?;
    keep_promises(store, unit, now).await?;
    let rules = UnitRules {
        version: current.rules.version.saturating_add(1),
        k: new.k,
        epsilon: new.epsilon,
        quarterly_budget: new.quarterly_budget,
        changed_at: now,
    };
    store
        .set_unit_rules(unit, rules)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => OrgError::Conflict(format!(
                "the rules of unit {} were changed by someone else just now; look at them again \
                 and retry",
                unit.0
            )),
            other => other.into(),
        })?;
    Ok(RulesChanged { rules, change })
}

/// Makes a person a leader of a unit, or not (admins only).
pub async fn set_leader(
    store: &dyn OrgStore,
    by: UserId,
    unit: UnitId,
    user: UserId,
    leader: bool,
) -> OrgResult<()> {
    require_admin(store, by, "choose leaders").await?;
    unit_or_not_found(store, unit).await?;
    store
        .set_leader(unit, user, leader)
        .await
        .map_err(|e| match e {
            StoreError::NotFound { .. } => {
                OrgError::not_found(format!("account {} does not exist", user.0))
            }
            other => other.into(),
        })
}

/// Every account's id and username (admins only).
pub async fn list_users(store: &dyn OrgStore, by: UserId) -> OrgResult<Vec<PersonRef>> {
    require_admin(store, by, "list accounts").await?;
    Ok(store
        .list_users()
        .await?
        .into_iter()
        .map(PersonRef::from)
        .collect())
}

/// Every unit with its rules, member count and leaders, parents before children (admins only).
pub async fn list_units(store: &dyn OrgStore, by: UserId) -> OrgResult<Vec<UnitView>> {
    require_admin(store, by, "list all units").await?;
    let units = store.units().await?;
    let tree = tree_of(&units)?;
    let mut views = Vec::with_capacity(units.len());
    for unit in &units {
        views.push(UnitView {
            id: unit.id,
            name: unit.name.clone(),
            parent: unit.parent,
            depth: tree
                .ancestors_or_self(core_unit(unit.id))
                .len()
                .saturating_sub(1),
            archived_at: unit.archived_at,
            rules: unit.rules,
            members: store.member_count(unit.id).await?,
            leaders: store
                .leaders_of(unit.id)
                .await?
                .into_iter()
                .map(PersonRef::from)
                .collect(),
        });
    }
    Ok(in_tree_order(views, &tree))
}

/// Orders units depth-first: each parent followed by its sub-units, siblings by id.
fn in_tree_order(views: Vec<UnitView>, tree: &privacy::Tree) -> Vec<UnitView> {
    let mut by_id: BTreeMap<UnitId, UnitView> = views.into_iter().map(|v| (v.id, v)).collect();
    let mut stack: Vec<UnitId> = by_id
        .values()
        .filter(|v| v.parent.is_none())
        .map(|v| v.id)
        .rev()
        .collect();
    let mut ordered = Vec::with_capacity(by_id.len());
    while let Some(id) = stack.pop() {
        stack.extend(
            tree.children(core_unit(id))
                .iter()
                .rev()
                .map(|c| UnitId(c.0)),
        );
        if let Some(view) = by_id.remove(&id) {
            ordered.push(view);
        }
    }
    ordered
}
