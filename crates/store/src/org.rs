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

use crate::{Result, StoreError, UserId};
use async_trait::async_trait;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub i64);

/// One moment of a measure over a group: count, sum, sum of squares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    pub n: u64,
    pub sum: f64,
    pub sum_sq: f64,
}

/// The sums of one unit's own members for one week (not including sub-units). Never per person.
/// Field for field the same as `anneal_core::privacy::OwnCell`, which releases are computed from.
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
    /// Who made the invite: only an admin's invite may bring a new account in.
    pub created_by: UserId,
}

/// The rules promised to one unit's own members earlier in an unreleased week, kept so a later
/// change (of the unit's rules, a unit's above it, or of where the unit sits) can never loosen
/// them for that week. Written by rules changes and moves only, never by a check-in, so the
/// floors say nothing about who answered.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Floors {
    /// The largest k in force.
    pub k: u32,
    /// The smallest ε in force.
    pub epsilon: Option<f64>,
    /// The smallest quarterly budget in force.
    pub quarterly_budget: Option<f64>,
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
    /// Whether the person is an admin (`false` for a person who does not exist).
    async fn is_admin(&self, user: UserId) -> Result<bool>;
    /// Makes the person an admin or not. A missing person is `NotFound`.
    async fn set_admin(&self, user: UserId, admin: bool) -> Result<()>;
    /// Every account's id and username, in id order (admins only, enforced by callers).
    async fn list_users(&self) -> Result<Vec<(UserId, String)>>;

    // units
    /// Creates a unit with the default rules (k = 5, no noise), version 1, changed at `at`.
    /// A missing parent is `NotFound`.
    async fn create_unit(
        &self,
        name: &str,
        parent: Option<UnitId>,
        at: DateTime<Utc>,
    ) -> Result<Unit>;
    async fn unit(&self, id: UnitId) -> Result<Option<Unit>>;
    /// All units, archived included, in id order.
    async fn units(&self) -> Result<Vec<Unit>>;
    /// A missing unit is `NotFound`.
    async fn rename_unit(&self, id: UnitId, name: &str) -> Result<()>;
    /// Moves a unit under another (None = top level). Refuses a cycle (the unit itself or one
    /// below it as the new parent) with `Conflict`; a missing unit or parent is `NotFound`.
    async fn move_unit(&self, id: UnitId, parent: Option<UnitId>) -> Result<()>;
    /// Marks a unit archived (archiving again keeps the first time). A label only: members,
    /// leaders, cells and releases stay. A missing unit is `NotFound`.
    async fn archive_unit(&self, id: UnitId, at: DateTime<Utc>) -> Result<()>;
    /// Sets new rules, as a new version. The caller (core) has checked they are allowed.
    /// `rules.version` must be the current version + 1: anything else is `Conflict` (someone
    /// changed the rules since the caller read them), so no check is made against stale rules.
    /// A missing unit is `NotFound`; a non-finite ε or budget is refused.
    async fn set_unit_rules(&self, id: UnitId, rules: UnitRules) -> Result<()>;

    // leaders
    /// Makes the person a leader of the unit or not (either is idempotent). A missing unit or
    /// person is `NotFound`.
    async fn set_leader(&self, unit: UnitId, user: UserId, leader: bool) -> Result<()>;
    /// The unit's direct leaders, id and username, in id order.
    async fn leaders_of(&self, unit: UnitId) -> Result<Vec<(UserId, String)>>;
    /// The units a person leads directly (their subtrees are theirs to see).
    async fn units_led_by(&self, user: UserId) -> Result<Vec<UnitId>>;

    // membership and sharing (the person's own)
    /// Joins a unit (leaving any previous one, and taking the shared check-ins of weeks not
    /// released yet back out of its cells), sharing off until the person turns it on.
    /// Joining the unit the person is already in changes nothing and returns the membership as
    /// it is. A missing unit or person is `NotFound`.
    async fn join_unit(&self, user: UserId, unit: UnitId, at: DateTime<Utc>) -> Result<Membership>;
    /// Leaves the person's unit; not belonging to one is `NotFound`. Shared check-ins of weeks
    /// not released yet are taken back out of their cells; released weeks stay.
    async fn leave_unit(&self, user: UserId) -> Result<()>;
    async fn membership(&self, user: UserId) -> Result<Option<Membership>>;
    /// Turns sharing on or off from now on. Turning it off takes the shared check-ins of weeks
    /// not released yet back out of their cells; released weeks stay.
    /// Only for the person's own current unit: anything else is `NotFound`. Setting what is
    /// already set keeps `sharing_changed_at`.
    async fn set_sharing(
        &self,
        user: UserId,
        unit: UnitId,
        share: bool,
        at: DateTime<Utc>,
    ) -> Result<Membership>;
    /// How many people belong to a unit (own members, not sub-units). A count, never names;
    /// 0 for a unit that does not exist.
    async fn member_count(&self, unit: UnitId) -> Result<u64>;
    /// How many of a unit's own members joined at or after `since` (0 for a unit that does not
    /// exist): members see it, so made-up accounts cannot arrive unnoticed.
    async fn joined_since(&self, unit: UnitId, since: DateTime<Utc>) -> Result<u64>;
    /// Makes the floors of `week` for each listed unit at least as strict as given (the larger
    /// k, the smaller ε and budget). A missing unit is `NotFound`; a non-finite value is refused.
    async fn tighten_floors(&self, week: NaiveDate, floors: Vec<(UnitId, Floors)>) -> Result<()>;

    /// Stores a check-in and, in the same transaction, its contribution to the unit's cell for
    /// the week (replacing the person's earlier contribution to that cell, if any). Must not scan
    /// history.
    ///
    /// A person has at most one contribution per week, whatever unit: one given in another unit
    /// earlier in the week (before a move) is taken out of that cell, so nobody counts twice in
    /// a parent's figures. Refused, storing nothing: a week that is not a Monday, or a
    /// non-finite value (`Backend`); a week already released (`Conflict`); a person who does not
    /// belong to `share.unit` with sharing on at the moment of writing (`NotFound`: sharing was
    /// turned off or the person moved meanwhile — store the check-in unshared instead).
    async fn insert_shared_checkin(
        &self,
        new: crate::NewResponse,
        share: ShareIntoCell,
    ) -> Result<crate::StoredResponse>;

    /// Stores many shared check-ins, each exactly as [`OrgStore::insert_shared_checkin`] would,
    /// in order: for bulk loading (the demo organisation's simulated past), not the live write
    /// path. Stops at the first refusal and returns it; check-ins before it may or may not stay
    /// stored. A backend may store the whole batch in one transaction (SQLite does, all or
    /// nothing); this default stores them one at a time.
    async fn insert_shared_checkins(
        &self,
        batch: Vec<(crate::NewResponse, ShareIntoCell)>,
    ) -> Result<Vec<crate::StoredResponse>> {
        let mut stored = Vec::with_capacity(batch.len());
        for (new, share) in batch {
            stored.push(self.insert_shared_checkin(new, share).await?);
        }
        Ok(stored)
    }

    // invites
    /// A token hash already stored is `Conflict`; a missing unit or creator is `NotFound`.
    async fn create_invite(&self, invite: NewInvite) -> Result<()>;
    /// Uses an invite atomically: exactly one caller ever succeeds; an expired (`expires_at <=
    /// at`), used or unknown invite is `NotFound`. A member invite joins the person to
    /// the unit (as [`OrgStore::join_unit`]); a leader invite makes them its leader, not a member. A missing person is
    /// `NotFound` and leaves the invite unused. Returns the invite as used.
    async fn accept_invite(
        &self,
        token_hash: &[u8],
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<Invite>;

    /// The invite with this token hash, used, expired or not; `None` when there is none.
    async fn find_invite(&self, token_hash: &[u8]) -> Result<Option<Invite>>;

    // briefs
    /// Sends a brief from a member of `unit` to one of its direct leaders; anyone else on either
    /// end is `NotFound` and nothing is stored.
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
    /// Marks one of the leader's briefs read (again keeps the first time); someone else's or a
    /// missing brief is `NotFound`.
    async fn mark_brief_read(&self, leader: UserId, id: i64, at: DateTime<Utc>) -> Result<()>;
}

/// The only store interface leader code receives: aggregates, releases and budgets.
#[async_trait]
pub trait AggregateStore: Send + Sync + 'static {
    /// Each unit's own cell for one week, for every unit that has one.
    async fn cells(&self, week: NaiveDate) -> Result<BTreeMap<UnitId, Cell>>;
    /// Stores a whole week's releases at once, only if that week has none yet (the first writer
    /// wins; a second call is `Conflict`), and charges each unit's ε for the quarter in the same
    /// transaction. The quarter is the calendar quarter of `week` ([`quarter_start`]). The week
    /// is closed to shared check-ins from then on, also when `releases` is empty (everything was
    /// suppressed). Refused, storing nothing: a week that is not a Monday, a release for another
    /// week, two releases of one unit, a negative or non-finite spend (`Backend`); a missing
    /// unit (`NotFound`).
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
    /// ε spent by a unit in the quarter starting `quarter_start` (0 when nothing was spent).
    async fn spent(&self, unit: UnitId, quarter_start: NaiveDate) -> Result<f64>;
    /// The floors kept for `week`, for every unit that has them.
    async fn floors(&self, week: NaiveDate) -> Result<BTreeMap<UnitId, Floors>>;
}

/// The first day of the calendar quarter `day` falls in (1 January, 1 April, 1 July, 1 October):
/// the quarter a week's privacy budget is charged to, by the Monday that names the week.
pub fn quarter_start(day: NaiveDate) -> NaiveDate {
    let first_month = day.month0() / 3 * 3 + 1;
    // Day 1 of a month 1..=12 of a representable year always exists.
    NaiveDate::from_ymd_opt(day.year(), first_month, 1).unwrap_or(day)
}

/// Where a zone is counted in [`Cell::zones`].
fn zone_slot(zone: anneal_core::Zone) -> usize {
    match zone {
        anneal_core::Zone::Thriving => 0,
        anneal_core::Zone::Burnout => 1,
        anneal_core::Zone::Rustout => 2,
        anneal_core::Zone::Both => 3,
    }
}

impl Moments {
    /// Counts one more value.
    pub fn add(&mut self, value: f64) {
        self.n += 1;
        self.sum += value;
        self.sum_sq += value * value;
    }

    /// Takes a value counted before out again; `false` when there is none to take. The last one
    /// out leaves exact zeros, not rounding residue.
    fn remove(&mut self, value: f64) -> bool {
        match self.n {
            0 => false,
            1 => {
                *self = Moments::default();
                true
            }
            _ => {
                self.n -= 1;
                self.sum -= value;
                self.sum_sq -= value * value;
                true
            }
        }
    }
}

impl Contribution {
    /// Refuses a contribution the store could not keep faithfully: a number that is NaN or
    /// infinite (JSON cannot carry it and it would poison every sum it entered).
    pub fn check_storable(&self) -> Result<()> {
        let refuse = |what: &str, value: f64| {
            Err(StoreError::Backend(format!(
                "cannot store a shared check-in whose {what} is {value}: figures must be finite \
                 numbers"
            )))
        };
        for (what, value) in [
            ("burnout index", self.burnout),
            ("rust-out index", self.rustout),
        ]
        .into_iter()
        .chain(self.balance.map(|b| ("challenge balance", b)))
        {
            if !value.is_finite() {
                return refuse(what, value);
            }
        }
        for (id, value) in &self.dimensions {
            if !value.is_finite() {
                return refuse(&format!("dimension {id:?}"), *value);
            }
        }
        Ok(())
    }
}

impl Cell {
    /// Adds one person's contribution, given under `rules`: the floors only ever get stricter
    /// (k up, ε down).
    pub fn add(&mut self, contribution: &Contribution, rules: &UnitRules) {
        self.respondents += 1;
        self.burnout.add(contribution.burnout);
        self.rustout.add(contribution.rustout);
        if let Some(balance) = contribution.balance {
            self.balance.add(balance);
        }
        self.stuck += u64::from(contribution.stuck);
        self.zones[zone_slot(contribution.zone)] += 1;
        for (id, score) in &contribution.dimensions {
            self.dimensions.entry(id.clone()).or_default().add(*score);
        }
        self.k_floor = self.k_floor.max(rules.k);
        self.epsilon_floor = match (self.epsilon_floor, rules.epsilon) {
            (Some(floor), Some(epsilon)) => Some(floor.min(epsilon)),
            (floor, epsilon) => floor.or(epsilon),
        };
    }

    /// Takes out a contribution added before (the person checked in again, moved, or deleted
    /// their account). The floors stay as strict as they were. A contribution the cell does not
    /// hold is `Corrupt`, and the cell is left unchanged.
    pub fn remove(&mut self, contribution: &Contribution) -> Result<()> {
        let mut next = self.clone();
        let mut missing = Vec::new();
        match next.respondents.checked_sub(1) {
            Some(respondents) => next.respondents = respondents,
            None => missing.push("respondent".to_owned()),
        }
        if !next.burnout.remove(contribution.burnout) {
            missing.push("burnout value".to_owned());
        }
        if !next.rustout.remove(contribution.rustout) {
            missing.push("rust-out value".to_owned());
        }
        if let Some(balance) = contribution.balance
            && !next.balance.remove(balance)
        {
            missing.push("balance value".to_owned());
        }
        if contribution.stuck {
            match next.stuck.checked_sub(1) {
                Some(stuck) => next.stuck = stuck,
                None => missing.push("stuck flag".to_owned()),
            }
        }
        let slot = &mut next.zones[zone_slot(contribution.zone)];
        match slot.checked_sub(1) {
            Some(count) => *slot = count,
            None => missing.push(format!("person in zone {}", contribution.zone.as_str())),
        }
        for (id, score) in &contribution.dimensions {
            let Some(moments) = next.dimensions.get_mut(id) else {
                missing.push(format!("value of dimension {id:?}"));
                continue;
            };
            if !moments.remove(*score) {
                missing.push(format!("value of dimension {id:?}"));
            } else if moments.n == 0 {
                next.dimensions.remove(id);
            }
        }
        if !missing.is_empty() {
            return Err(StoreError::Corrupt(format!(
                "a stored contribution cannot be taken out of its cell: the cell holds no {}",
                missing.join(", no ")
            )));
        }
        *self = next;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anneal_core::Zone;

    fn rules(k: u32, epsilon: Option<f64>) -> UnitRules {
        UnitRules {
            version: 1,
            k,
            epsilon,
            quarterly_budget: None,
            changed_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    fn contribution(burnout: f64, zone: Zone, stuck: bool) -> Contribution {
        Contribution {
            burnout,
            rustout: 100.0 / 3.0,
            balance: Some(-burnout / 7.0),
            stuck,
            zone,
            dimensions: BTreeMap::from([
                ("growth".to_owned(), burnout / 3.0),
                ("exhaustion".to_owned(), 12.5),
            ]),
        }
    }

    #[test]
    fn adding_counts_sums_and_tightens_the_floors() {
        let mut cell = Cell::default();
        cell.add(&contribution(60.0, Zone::Burnout, true), &rules(5, None));
        cell.add(
            &contribution(20.0, Zone::Thriving, false),
            &rules(7, Some(1.0)),
        );
        cell.add(
            &contribution(30.0, Zone::Thriving, false),
            &rules(3, Some(0.5)),
        );
        cell.add(&contribution(40.0, Zone::Both, false), &rules(4, Some(2.0)));
        assert_eq!(cell.respondents, 4);
        assert_eq!(cell.burnout.n, 4);
        assert_eq!(cell.burnout.sum, 150.0);
        assert_eq!(cell.burnout.sum_sq, 3600.0 + 400.0 + 900.0 + 1600.0);
        assert_eq!(cell.balance.n, 4);
        assert_eq!(cell.stuck, 1);
        assert_eq!(cell.zones, [2, 1, 0, 1]);
        assert_eq!(cell.dimensions["exhaustion"].n, 4);
        assert_eq!(cell.dimensions["exhaustion"].sum, 50.0);
        assert_eq!(cell.k_floor, 7, "the strictest k");
        assert_eq!(cell.epsilon_floor, Some(0.5), "the smallest ε");
    }

    #[test]
    fn removing_undoes_adding_and_keeps_the_floors() {
        let first = contribution(200.0 / 3.0, Zone::Both, true);
        let second = contribution(0.1 + 0.2, Zone::Rustout, false);
        let mut cell = Cell::default();
        cell.add(&first, &rules(9, Some(0.25)));
        let only_first = cell.clone();
        cell.add(&second, &rules(5, None));
        cell.remove(&second).expect("second is in the cell");
        assert_eq!(cell.respondents, 1);
        assert!((cell.burnout.sum - only_first.burnout.sum).abs() < 1e-9);
        assert_eq!(cell.zones, only_first.zones);
        assert_eq!(cell.stuck, 1);
        cell.remove(&first).expect("first is in the cell");
        assert_eq!(
            cell,
            Cell {
                k_floor: 9,
                epsilon_floor: Some(0.25),
                ..Cell::default()
            },
            "the last one out leaves exact zeros, no dimensions, and the floors"
        );
    }

    #[test]
    fn removing_what_the_cell_does_not_hold_is_corrupt_and_changes_nothing() {
        let mut cell = Cell::default();
        cell.add(&contribution(50.0, Zone::Burnout, false), &rules(5, None));
        let before = cell.clone();
        let mut other = contribution(50.0, Zone::Rustout, true);
        other.dimensions.insert("purpose".to_owned(), 10.0);
        let result = cell.remove(&other);
        match result {
            Err(StoreError::Corrupt(message)) => {
                assert!(message.contains("zone rustout"), "{message}");
                assert!(message.contains("stuck flag"), "{message}");
                assert!(message.contains("\"purpose\""), "{message}");
            }
            other => panic!("expected Corrupt, got {other:?}"),
        }
        assert_eq!(cell, before);
        assert!(Cell::default().remove(&other).is_err());
    }

    #[test]
    fn only_finite_contributions_are_storable() {
        assert!(
            contribution(50.0, Zone::Burnout, false)
                .check_storable()
                .is_ok()
        );
        let mut nan = contribution(50.0, Zone::Burnout, false);
        nan.balance = Some(f64::NAN);
        let mut infinite = contribution(50.0, Zone::Burnout, false);
        infinite.dimensions.insert("mood".to_owned(), f64::INFINITY);
        let mut rustout = contribution(50.0, Zone::Burnout, false);
        rustout.rustout = f64::NEG_INFINITY;
        for (what, bad) in [
            ("balance", nan),
            ("\"mood\"", infinite),
            ("rust-out", rustout),
        ] {
            match bad.check_storable() {
                Err(StoreError::Backend(message)) => {
                    assert!(message.contains(what), "{message} does not name {what}")
                }
                other => panic!("{what}: expected a refusal, got {other:?}"),
            }
        }
    }

    #[test]
    fn quarters_start_on_the_first_of_january_april_july_october() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a real date");
        for (day, start) in [
            (date(2026, 1, 5), date(2026, 1, 1)),
            (date(2026, 3, 30), date(2026, 1, 1)),
            (date(2026, 4, 1), date(2026, 4, 1)),
            (date(2026, 6, 29), date(2026, 4, 1)),
            (date(2026, 9, 30), date(2026, 7, 1)),
            (date(2026, 12, 28), date(2026, 10, 1)),
        ] {
            assert_eq!(quarter_start(day), start, "{day}");
        }
    }
}
