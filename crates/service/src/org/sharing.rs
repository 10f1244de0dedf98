//! A person's own choice to share their weekly pulse with their unit, the rules they share under
//! (shown on the check-in page), and what a shared check-in adds to its unit's weekly cell.
//!
//! Sharing covers the pulse's scores and its "I feel stuck" flag only. Answers, notes, full
//! assessments, the plan and the journal never leave the person.

use super::access::{PersonRef, unit_and_ancestors};
use super::convert::{contribution, core_rules, core_unit, pulse_dimensions, week_received};
use super::{OrgError, OrgResult};
use anneal_core::Score;
use anneal_core::privacy::{self, rules_in_force};
use anneal_store::StoreError;
use anneal_store::UserId;
use anneal_store::org::{Membership, OrgStore, ShareIntoCell, Unit, UnitId, UnitRules};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// Turns sharing on or off for the person's unit, from now on. Turning it off takes this week's
/// shared check-in back out of the unit's figures (it has not been shown yet); weeks already
/// released stay as they are ([`TAKE_BACK`]). `unit`, when given (the web API names it), must be
/// the person's unit. Not belonging to a unit is `NotFound`.
pub async fn set_sharing(
    store: &dyn OrgStore,
    user: UserId,
    unit: Option<UnitId>,
    share: bool,
    now: DateTime<Utc>,
) -> OrgResult<Membership> {
    let membership = store.membership(user).await?.ok_or_else(not_a_member)?;
    if let Some(unit) = unit
        && unit != membership.unit
    {
        return Err(OrgError::not_found(format!(
            "you do not belong to unit {}; you can only share with your own unit ({})",
            unit.0, membership.unit.0
        )));
    }
    store
        .set_sharing(user, membership.unit, share, now)
        .await
        .map_err(|e| match e {
            StoreError::NotFound { .. } => not_a_member(),
            other => other.into(),
        })
}

fn not_a_member() -> OrgError {
    OrgError::not_found("you do not belong to a unit yet; join one with an invite link first")
}

/// What turning sharing off, leaving or moving does to what was shared, in plain words (the store
/// takes back the check-ins of weeks not released yet): on the sharing and check-in pages.
pub const TAKE_BACK: &str = "Turning sharing off, leaving your unit or moving to another takes \
     back this week's shared check-in: it has not been shown yet. Weeks already released stay as \
     they are.";

/// Days back that count as "joined recently" for [`UnitMembers`].
pub const RECENT_JOIN_DAYS: u32 = 28;

/// How many people are in a unit and how many of them joined recently: members see it, so that
/// made-up accounts (which would make a group look bigger, and so safer, than it is) cannot
/// arrive unnoticed. Counts only, never names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitMembers {
    /// The unit's own members (not its sub-units, not leaders who are not members).
    pub members: u64,
    /// How many of them joined (or moved in) in the last [`RECENT_JOIN_DAYS`] days.
    pub joined_recently: u64,
    /// The days that count as recent ([`RECENT_JOIN_DAYS`]).
    pub recent_days: u32,
    /// The counts in plain words, with what to do about strangers.
    pub words: String,
}

/// The headcount of `unit` at `now`: its own members, and those who joined in the last
/// [`RECENT_JOIN_DAYS`] days. `unit_name` is for the words.
pub async fn unit_members(
    store: &dyn OrgStore,
    unit: UnitId,
    unit_name: &str,
    now: DateTime<Utc>,
) -> OrgResult<UnitMembers> {
    let members = store.member_count(unit).await?;
    let joined_recently = store
        .joined_since(unit, now - Duration::days(i64::from(RECENT_JOIN_DAYS)))
        .await?;
    Ok(UnitMembers {
        members,
        joined_recently,
        recent_days: RECENT_JOIN_DAYS,
        words: members_in_words(unit_name, members, joined_recently),
    })
}

fn members_in_words(unit_name: &str, members: u64, joined_recently: u64) -> String {
    let how_many = match members {
        1 => "1 member".to_string(),
        n => format!("{n} members"),
    };
    let recent = match joined_recently {
        0 => "nobody".to_string(),
        n => n.to_string(),
    };
    format!(
        "Your unit, {unit_name}, has {how_many}; {recent} joined in the last {RECENT_JOIN_DAYS} \
         days. If people you don't know joined, ask your leader or an admin: made-up accounts \
         would make the group look bigger than it is."
    )
}

/// The rules a check-in is shared under, with who sees the figures, and how many people are in
/// the unit, in plain words: what the sharing and check-in pages show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulesView {
    /// The person's unit.
    pub unit: UnitId,
    /// Its name.
    pub unit_name: String,
    /// Whether the person shares their pulse with it now.
    pub sharing: bool,
    /// The version of the unit's rules, recorded with each shared check-in.
    pub version: u32,
    /// The smallest group whose figures are ever shown.
    pub k: u32,
    /// The noise on the figures (ε per week), from this unit or a unit above it; `None` = none.
    pub epsilon: Option<f64>,
    /// The quarterly noise budget that goes with ε.
    pub quarterly_budget: Option<f64>,
    /// The leaders who can see figures that include this unit: its own and those above it,
    /// nearest unit first.
    pub leaders: Vec<LeadersOf>,
    /// How many people are in the unit, and how many joined recently.
    pub members: UnitMembers,
    /// The rules in plain words, one sentence each.
    pub words: Vec<String>,
    /// The noise sentence of `words`, on its own for the check-in page.
    pub noise: String,
}

/// The leaders of one unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadersOf {
    /// The unit.
    pub unit: UnitId,
    /// Its name.
    pub unit_name: String,
    /// Its direct leaders.
    pub leaders: Vec<PersonRef>,
}

/// The rules the person's check-ins are shared under and their unit's headcount at `now`, or
/// `None` when they belong to no unit.
pub async fn rules_for_person(
    store: &dyn OrgStore,
    user: UserId,
    now: DateTime<Utc>,
) -> OrgResult<Option<RulesView>> {
    let Some(membership) = store.membership(user).await? else {
        return Ok(None);
    };
    let chain = unit_and_ancestors(store, membership.unit).await?;
    let in_force = rules_of_chain(&chain)?;
    let mut leaders = Vec::with_capacity(chain.len());
    for unit in &chain {
        leaders.push(LeadersOf {
            unit: unit.id,
            unit_name: unit.name.clone(),
            leaders: store
                .leaders_of(unit.id)
                .await?
                .into_iter()
                .map(PersonRef::from)
                .collect(),
        });
    }
    let own = &chain[0];
    let words = rules_in_words(&own.name, membership.sharing, &in_force, &leaders);
    let noise = noise_in_words(&in_force);
    let members = unit_members(store, own.id, &own.name, now).await?;
    Ok(Some(RulesView {
        unit: own.id,
        unit_name: own.name.clone(),
        sharing: membership.sharing,
        version: own.rules.version,
        k: in_force.k,
        epsilon: in_force.epsilon,
        quarterly_budget: in_force.quarterly_budget,
        leaders,
        members,
        words,
        noise,
    }))
}

/// The rules in force for the first unit of `chain` (the unit, then every unit above it): its
/// own k, and the strongest noise and smallest budget on it or above.
fn rules_of_chain(chain: &[Unit]) -> OrgResult<privacy::Rules> {
    let first = chain
        .first()
        .ok_or_else(|| OrgError::Internal("a unit chain cannot be empty".into()))?;
    let tree = privacy::Tree::new(
        chain
            .iter()
            .map(|u| (core_unit(u.id), u.parent.map(core_unit))),
    )
    .map_err(|e| {
        OrgError::Internal(format!(
            "the units above unit {} are not a chain: {e}",
            first.id.0
        ))
    })?;
    let rules: BTreeMap<privacy::UnitId, privacy::Rules> = chain
        .iter()
        .map(|u| (core_unit(u.id), core_rules(&u.rules)))
        .collect();
    rules_in_force(&tree, &rules, core_unit(first.id)).ok_or_else(|| {
        OrgError::Internal(format!("the rules of unit {} cannot be read", first.id.0))
    })
}

fn names(leaders: &[PersonRef]) -> String {
    leaders
        .iter()
        .map(|p| p.username.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the noise does, in one sentence: on the sharing page and on the check-in page.
pub fn noise_in_words(rules: &privacy::Rules) -> String {
    let epsilon = rules.epsilon.unwrap_or(privacy::DEFAULT_EPSILON);
    let budget = rules
        .quarterly_budget
        .unwrap_or(privacy::DEFAULT_QUARTERLY_BUDGET);
    let miss = privacy::chance_burnout_guess_is_off_by_more_than(50, epsilon);
    format!(
        "Random noise is always added to every figure, to the count of who answered, and so to \
         whether a group is shown at all (ε = {epsilon} per week, at most {budget} per quarter). \
         Even someone who knows every other answer in your group cannot be sure whether you \
         answered: whatever they compute, their odds move by at most a factor of {:.1}, and their \
         guess at your burnout score is off by more than 50 points {} times in ten.",
        epsilon.exp(),
        (miss * 10.0).floor()
    )
}

fn rules_in_words(
    unit_name: &str,
    sharing: bool,
    rules: &privacy::Rules,
    leaders: &[LeadersOf],
) -> Vec<String> {
    let mut words = Vec::new();
    words.push(if sharing {
        format!(
            "You share your weekly pulse and the \"I feel stuck\" flag with {unit_name}. Your \
             answers, notes, full assessments, plan and journal are never shared."
        )
    } else {
        format!(
            "You do not share with {unit_name}: nothing of yours reaches its figures. If you turn \
             sharing on, only your weekly pulse scores and the \"I feel stuck\" flag count, from \
             then on."
        )
    });
    words.push(format!(
        "A group's figures are shown only when it has at least {k} members and, after noise, \
         at least {k} people appear to have checked in that week; a group that would let a \
         hidden one be worked out by subtraction is hidden too.",
        k = rules.k
    ));
    words.push(noise_in_words(rules));
    let with_leaders: Vec<String> = leaders
        .iter()
        .filter(|l| !l.leaders.is_empty())
        .map(|l| format!("the leaders of {} ({})", l.unit_name, names(&l.leaders)))
        .collect();
    words.push(if with_leaders.is_empty() {
        "Who sees the figures: the admins, and leaders once they are chosen for your unit or a \
         unit above it. Nobody sees your answers or whether you answered."
            .to_string()
    } else {
        format!(
            "Who sees the figures: {}, and the admins. Nobody sees your answers or whether you \
             answered.",
            with_leaders.join("; ")
        )
    });
    words.push(
        "Your check-ins keep the rules they were given under: before any change takes effect, \
         weeks that have ended are released under their own rules, and this week's check-ins \
         keep the stricter of the old and the new."
            .to_string(),
    );
    words.push(TAKE_BACK.to_string());
    words
}

/// Where a pulse check-in goes when the person shares: their unit's cell for the week it is
/// received in, under the rules in force now. `None` when the person belongs to no unit or does
/// not share.
pub async fn share_into_cell(
    store: &dyn OrgStore,
    user: UserId,
    score: &Score,
    stuck: bool,
    received_at: DateTime<Utc>,
) -> OrgResult<Option<ShareIntoCell>> {
    let Some(membership) = store.membership(user).await? else {
        return Ok(None);
    };
    if !membership.sharing {
        return Ok(None);
    }
    let chain = unit_and_ancestors(store, membership.unit).await?;
    let in_force = rules_of_chain(&chain)?;
    let own = &chain[0];
    Ok(Some(ShareIntoCell {
        unit: own.id,
        week: week_received(received_at),
        rules: UnitRules {
            version: own.rules.version,
            k: in_force.k,
            epsilon: in_force.epsilon,
            quarterly_budget: in_force.quarterly_budget,
            changed_at: own.rules.changed_at,
        },
        contribution: contribution(score, stuck, &pulse_dimensions()?),
    }))
}
