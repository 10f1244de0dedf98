//! Who may do what: admins, and leaders of a unit or of a unit above it.

use super::convert::{core_unit, tree_of};
use super::{OrgError, OrgResult};
use anneal_store::UserId;
use anneal_store::org::{OrgStore, Unit, UnitId};
use serde::Serialize;

/// A unit by id and name, for lists and links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRef {
    /// The unit's id.
    pub id: UnitId,
    /// Its name.
    pub name: String,
}

/// A person by id and username.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRef {
    /// The account's id.
    pub id: UserId,
    /// Its username.
    pub username: String,
}

impl From<(UserId, String)> for PersonRef {
    fn from((id, username): (UserId, String)) -> Self {
        PersonRef { id, username }
    }
}

/// Refuses anyone who is not an admin; `doing` completes "only an admin can …".
pub async fn require_admin(store: &dyn OrgStore, user: UserId, doing: &str) -> OrgResult<()> {
    if store.is_admin(user).await? {
        Ok(())
    } else {
        Err(OrgError::forbidden(format!(
            "only an admin can {doing}; ask an admin of this Anneal"
        )))
    }
}

/// One unit, or `NotFound` naming it.
pub async fn unit_or_not_found(store: &dyn OrgStore, unit: UnitId) -> OrgResult<Unit> {
    store
        .unit(unit)
        .await?
        .ok_or_else(|| OrgError::not_found(format!("unit {} does not exist", unit.0)))
}

/// The unit and every unit above it, nearest first (walks parents one at a time, so it reads as
/// many units as the unit is deep, never the whole organisation).
pub async fn unit_and_ancestors(store: &dyn OrgStore, unit: UnitId) -> OrgResult<Vec<Unit>> {
    /// Deeper than any real organisation; a guard against a corrupt parent chain.
    const MAX_DEPTH: usize = 64;
    let mut chain = vec![unit_or_not_found(store, unit).await?];
    while let Some(parent) = chain.last().and_then(|u| u.parent) {
        if chain.len() >= MAX_DEPTH {
            return Err(OrgError::Internal(format!(
                "unit {} is more than {MAX_DEPTH} levels deep; the stored organisation is not a tree",
                unit.0
            )));
        }
        chain.push(unit_or_not_found(store, parent).await?);
    }
    Ok(chain)
}

/// Whether `user` may see the figures of `unit`: an admin, or a leader of the unit or of a unit
/// above it.
pub async fn can_view(store: &dyn OrgStore, user: UserId, unit: UnitId) -> OrgResult<bool> {
    if store.is_admin(user).await? {
        return Ok(true);
    }
    let led = store.units_led_by(user).await?;
    if led.is_empty() {
        return Ok(false);
    }
    let chain = unit_and_ancestors(store, unit).await?;
    Ok(chain.iter().any(|u| led.contains(&u.id)))
}

/// Refuses anyone who may not see the figures of `unit`.
pub async fn require_viewer(store: &dyn OrgStore, user: UserId, unit: UnitId) -> OrgResult<()> {
    // An unknown unit is NotFound for admins and leaders; for others it is Forbidden like any
    // unit, so nobody learns which unit ids exist.
    if can_view(store, user, unit).await? {
        Ok(())
    } else {
        Err(OrgError::forbidden(format!(
            "you cannot see the figures of unit {}: only its leaders, the leaders of the units \
             above it, and admins can",
            unit.0
        )))
    }
}

/// Whether `user` may invite people into `unit`: an admin, or a leader of the unit or above.
pub async fn can_invite(store: &dyn OrgStore, user: UserId, unit: UnitId) -> OrgResult<bool> {
    can_view(store, user, unit).await
}

/// The units whose figures `user` may see, in id order: every unit for an admin; for a leader,
/// the units they lead and every unit below them; nothing for anyone else.
pub async fn viewable_units(store: &dyn OrgStore, user: UserId) -> OrgResult<Vec<UnitRef>> {
    let admin = store.is_admin(user).await?;
    let led = store.units_led_by(user).await?;
    if !admin && led.is_empty() {
        return Ok(Vec::new());
    }
    let units = store.units().await?;
    let tree = tree_of(&units)?;
    let visible: Vec<UnitRef> = units
        .iter()
        .filter(|u| {
            admin
                || tree
                    .ancestors_or_self(core_unit(u.id))
                    .iter()
                    .any(|above| led.iter().any(|l| core_unit(*l) == *above))
        })
        .map(|u| UnitRef {
            id: u.id,
            name: u.name.clone(),
        })
        .collect();
    Ok(visible)
}
