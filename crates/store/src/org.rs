//! The organisation side of the store (DESIGN §4): units, memberships, leaders, admins, invites,
//! sharing, the weekly aggregate cells that shared check-ins feed, frozen releases, the
//! differential-privacy budget, and conversation briefs.
//!
//! Two traits, on purpose:
//! - [`OrgStore`] is for administration and for the person's own choices (join, share, send a
//!   brief). It never returns another person's answers.
//! - [`AggregateStore`] is the only thing leader code is given. Every method returns counts and
//!   sums over a unit and a week — there is no method, type or field through which a single
//!   person's row can come back. Individual contributions are kept only inside the backend, to
//!   keep the sums right when a person checks in twice in a week or deletes their account.

use crate::{Result, UserId};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub i64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub parent: Option<UnitId>,
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The privacy rules in force now.
    pub rules: UnitRules,
}

/// The privacy rules of a unit, versioned: every shared check-in records the version it was given
/// under, and the treatment of past data may only become stricter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UnitRules {
    pub version: u32,
    /// Minimum distinct respondents for any figure to be released (3–20, default 5).
    pub k: u32,
    /// Laplace noise: ε spent per released weekly cell, `None` = no noise.
    pub epsilon: Option<f64>,
    /// ε a unit may spend per calendar quarter; when spent, nothing new is released until the
    /// next quarter.
    pub quarterly_budget: Option<f64>,
    pub changed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Leader,
}

/// A person's place in the organisation: one unit at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub user: UserId,
    pub unit: UnitId,
    pub joined_at: DateTime<Utc>,
    /// Whether the person shares their pulse check-ins (and the stuck flag) with the unit.
    pub sharing: bool,
    pub sharing_changed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvite {
    /// SHA-256 of the token in the invite link.
    pub token_hash: Vec<u8>,
    pub unit: UnitId,
    pub role: Role,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub unit: UnitId,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// One moment of a measure over a group: count, sum, sum of squares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    pub n: u64,
    pub sum: f64,
    pub sum_sq: f64,
}

/// What one person's shared check-in adds to their unit's cell for the week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub burnout: f64,
    pub rustout: f64,
    pub balance: Option<f64>,
    pub stuck: bool,
    /// `thriving`, `burnout`, `rustout` or `both`.
    pub zone: anneal_core::Zone,
    /// Dimension id → score (0–100).
    pub dimensions: BTreeMap<String, f64>,
}

/// A shared check-in as the person's write path hands it over, in the same transaction as the
/// check-in itself.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareIntoCell {
    pub unit: UnitId,
    /// Monday of the ISO week the check-in was *received* in (never a backdated week, so a
    /// closed week cannot change after it was released).
    pub week: NaiveDate,
    pub rules: UnitRules,
    pub contribution: Contribution,
}

/// The sums of one unit's own members for one week (not including sub-units). Never per person.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cell {
    /// Distinct respondents.
    pub respondents: u64,
    pub burnout: Moments,
    pub rustout: Moments,
    pub balance: Moments,
    pub stuck: u64,
    /// Respondents per zone, in the order thriving, burnout, rustout, both.
    pub zones: [u64; 4],
    pub dimensions: BTreeMap<String, Moments>,
    /// The strictest k any contribution was given under.
    pub k_floor: u32,
    /// The smallest ε any contribution was given under (noise is then required), if any.
    pub epsilon_floor: Option<f64>,
}

/// A week's figures for one unit's whole subtree as released (frozen; never recomputed).
/// `payload` is the serialized `anneal_core::privacy` release, opaque to the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    pub unit: UnitId,
    pub week: NaiveDate,
    pub released_at: DateTime<Utc>,
    pub payload: String,
}

/// A conversation brief a person sent to a leader: only this text crosses.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub id: i64,
    pub from: UserId,
    pub from_name: String,
    pub to: UserId,
    pub unit: UnitId,
    pub created_at: DateTime<Utc>,
    pub text: String,
    pub read_at: Option<DateTime<Utc>>,
}

/// Administration and the person's own organisation choices.
#[async_trait]
pub trait OrgStore: Send + Sync + 'static {
    // admins
    async fn is_admin(&self, user: UserId) -> Result<bool>;
    async fn set_admin(&self, user: UserId, admin: bool) -> Result<()>;
    /// Every account's id and username (admins only, enforced by callers).
    async fn list_users(&self) -> Result<Vec<(UserId, String)>>;

    // units
    /// Creates a unit with the default rules (k = 5, no noise), version 1.
    async fn create_unit(
        &self,
        name: &str,
        parent: Option<UnitId>,
        at: DateTime<Utc>,
    ) -> Result<Unit>;
    async fn unit(&self, id: UnitId) -> Result<Option<Unit>>;
    /// All units, archived included, in id order.
    async fn units(&self) -> Result<Vec<Unit>>;
    async fn rename_unit(&self, id: UnitId, name: &str) -> Result<()>;
    /// Moves a unit under another (None = top level). Refuses a cycle with `Conflict`.
    async fn move_unit(&self, id: UnitId, parent: Option<UnitId>) -> Result<()>;
    async fn archive_unit(&self, id: UnitId, at: DateTime<Utc>) -> Result<()>;
    /// Sets new rules, as a new version. The caller (core) has checked they are allowed.
    async fn set_unit_rules(&self, id: UnitId, rules: UnitRules) -> Result<()>;

    // leaders
    async fn set_leader(&self, unit: UnitId, user: UserId, leader: bool) -> Result<()>;
    async fn leaders_of(&self, unit: UnitId) -> Result<Vec<(UserId, String)>>;
    /// The units a person leads directly (their subtrees are theirs to see).
    async fn units_led_by(&self, user: UserId) -> Result<Vec<UnitId>>;

    // membership and sharing (the person's own)
    /// Joins a unit (leaving any previous one), sharing off until the person turns it on.
    async fn join_unit(&self, user: UserId, unit: UnitId, at: DateTime<Utc>) -> Result<Membership>;
    async fn leave_unit(&self, user: UserId) -> Result<()>;
    async fn membership(&self, user: UserId) -> Result<Option<Membership>>;
    /// Turns sharing on or off from now on; past shared check-ins stay as they were given.
    async fn set_sharing(
        &self,
        user: UserId,
        unit: UnitId,
        share: bool,
        at: DateTime<Utc>,
    ) -> Result<Membership>;
    /// How many people belong to a unit (own members, not sub-units). A count, never names.
    async fn member_count(&self, unit: UnitId) -> Result<u64>;

    /// Stores a check-in and, in the same transaction, its contribution to the unit's cell for
    /// the week (replacing the person's earlier contribution to that cell, if any). Must not scan
    /// history.
    async fn insert_shared_checkin(
        &self,
        new: crate::NewResponse,
        share: ShareIntoCell,
    ) -> Result<crate::StoredResponse>;

    // invites
    async fn create_invite(&self, invite: NewInvite) -> Result<()>;
    /// Uses an invite atomically: exactly one caller ever succeeds; an expired or used invite is
    /// `NotFound`. The person joins the unit (and becomes its leader for a leader invite).
    async fn accept_invite(
        &self,
        token_hash: &[u8],
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<Invite>;

    // briefs
    async fn send_brief(
        &self,
        from: UserId,
        to: UserId,
        unit: UnitId,
        text: &str,
        at: DateTime<Utc>,
    ) -> Result<Brief>;
    /// Briefs sent to this leader, newest first.
    async fn inbox(&self, leader: UserId) -> Result<Vec<Brief>>;
    /// Briefs this person sent, newest first.
    async fn sent_briefs(&self, from: UserId) -> Result<Vec<Brief>>;
    async fn mark_brief_read(&self, leader: UserId, id: i64, at: DateTime<Utc>) -> Result<()>;
}

/// The only store interface leader code receives: aggregates, releases and budgets.
#[async_trait]
pub trait AggregateStore: Send + Sync + 'static {
    /// Each unit's own cell for one week, for every unit that has one.
    async fn cells(&self, week: NaiveDate) -> Result<BTreeMap<UnitId, Cell>>;
    /// Stores a whole week's releases at once, only if that week has none yet (the first writer
    /// wins; a second call is `Conflict`), and charges each unit's ε for the quarter in the same
    /// transaction.
    async fn put_releases(
        &self,
        week: NaiveDate,
        releases: Vec<Release>,
        spend: Vec<(UnitId, f64)>,
    ) -> Result<()>;
    /// A unit's releases for weeks in `from..=to`, oldest first.
    async fn releases(&self, unit: UnitId, from: NaiveDate, to: NaiveDate) -> Result<Vec<Release>>;
    /// Whether the week has been released (for any unit).
    async fn week_released(&self, week: NaiveDate) -> Result<bool>;
    /// ε spent by a unit in the quarter starting `quarter_start`.
    async fn spent(&self, unit: UnitId, quarter_start: NaiveDate) -> Result<f64>;
}
