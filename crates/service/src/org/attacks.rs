//! Attack tests through the product's own use cases and a real store, on both backends: a
//! leader or an admin trying to learn one member's check-in (`docs/privacy.md`, "Threat model").
//!
//! Each test builds two worlds in two fresh databases, step by step, with the same people, units,
//! rules, moves and requests: the *actual* world, and an *alternative* that differs only in what
//! the target did (answered or not, answered otherwise). Weeks are released in both through
//! [`release_due_weeks`] with coupled noise (`anneal_core::privacy::adversary`): recorded in the
//! actual world, replayed in the alternative shifted by the difference of the two worlds' exact
//! cells. The test then asserts that **everything the viewer can see is identical** — every
//! frozen release of every unit and week, every budget spent, and every dashboard the viewer may
//! open — so the alternative explains what was seen exactly, and that the shifts cost no more
//! than the ε promised to the target.
//!
//! PostgreSQL runs need `ANNEAL_TEST_POSTGRES_URL` (`.ci/run` sets it); without it they are
//! skipped with a note, unless `CI` or `ANNEAL_REQUIRE_POSTGRES` is set.

use super::access::viewable_units;
use super::admin;
use super::convert::{core_cell, core_unit, last_closed_week, pulse_dimensions};
use super::invites::{self, CreatedInvite};
use super::release::release_due_weeks;
use super::summary::unit_summary;
use super::testing::*;
use super::{OrgError, sharing};
use anneal_core::demo::Strain;
use anneal_core::privacy::adversary::{Recorder, Replay, offsets};
use anneal_core::privacy::{self, Released, Slot};
use anneal_store::org::{AggregateStore, OrgStore, Role, UnitId, quarter_start};
use anneal_store::{Backend, UserId};
use anneal_store_postgres::PostgresStore;
use chrono::{DateTime, Duration, Utc};
use sqlx::{Connection, PgConnection};
use std::collections::BTreeMap;

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Sqlite,
    Postgres,
}

/// A store in a database of its own, dropped by [`Fresh::finish`].
struct Fresh {
    store: Box<dyn Backend>,
    postgres: Option<(PostgresStore, String, String)>,
}

fn postgres_admin_url() -> Option<String> {
    match std::env::var("ANNEAL_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            let required = ["CI", "ANNEAL_REQUIRE_POSTGRES"]
                .iter()
                .any(|v| std::env::var(v).is_ok_and(|x| !matches!(x.trim(), "" | "0" | "false")));
            assert!(
                !required,
                "ANNEAL_TEST_POSTGRES_URL is not set, but CI or ANNEAL_REQUIRE_POSTGRES is"
            );
            eprintln!("note: PostgreSQL attack tests skipped: ANNEAL_TEST_POSTGRES_URL is not set");
            None
        }
    }
}

impl Fresh {
    async fn new(kind: Kind) -> Option<Fresh> {
        match kind {
            Kind::Sqlite => Some(Fresh {
                store: Box::new(store().await),
                postgres: None,
            }),
            Kind::Postgres => {
                let admin_url = postgres_admin_url()?;
                let name = format!(
                    "anneal_attack_{:016x}",
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_nanos() as u64)
                        ^ u64::from(std::process::id()) << 40
                );
                let mut admin = PgConnection::connect(&admin_url).await.expect("admin");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut admin)
                    .await
                    .expect("a fresh database");
                let _ = admin.close().await;
                let base = admin_url.rsplit_once('/').map_or(&*admin_url, |(b, _)| b);
                let url = format!("{base}/{name}");
                let store = PostgresStore::open(&url).await.expect("open");
                Some(Fresh {
                    store: Box::new(store.clone()),
                    postgres: Some((store, admin_url, name)),
                })
            }
        }
    }

    async fn finish(self) {
        if let Some((store, admin_url, name)) = self.postgres {
            drop(self.store);
            store.close().await;
            let mut admin = PgConnection::connect(&admin_url).await.expect("admin");
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut admin)
            .await
            .expect("dropped");
            let _ = admin.close().await;
        }
    }
}

/// The actual world and the alternative, built step by step alike, released with coupled noise.
struct Worlds {
    actual: Fresh,
    alternative: Fresh,
    seed: u64,
    cost: f64,
    problems: Vec<String>,
}

impl Worlds {
    async fn new(kind: Kind) -> Option<Worlds> {
        Some(Worlds {
            actual: Fresh::new(kind).await?,
            alternative: Fresh::new(kind).await?,
            seed: 1,
            cost: 0.0,
            problems: Vec::new(),
        })
    }

    fn both(&self) -> [(&dyn Backend, bool); 2] {
        [
            (&*self.actual.store, true),
            (&*self.alternative.store, false),
        ]
    }

    /// Releases every week that has ended before `at` in both worlds, with the alternative's
    /// noise shifted so that its noisy cells equal the actual world's.
    async fn release(&mut self, at: DateTime<Utc>) {
        let (a, b) = (&*self.actual.store, &*self.alternative.store);
        let dimensions = pulse_dimensions().expect("dimensions");
        let mut shifts: BTreeMap<Slot, i64> = BTreeMap::new();
        let Some(last) = last_closed_week(at) else {
            return;
        };
        let mut week = last;
        while week > last - Duration::weeks(80) {
            if !a.week_released(week).await.expect("read") {
                let cells = async |s: &dyn Backend| {
                    s.cells(week)
                        .await
                        .expect("cells")
                        .into_iter()
                        .map(|(unit, cell)| (core_unit(unit), core_cell(cell, &dimensions)))
                        .collect::<BTreeMap<_, _>>()
                };
                shifts.extend(offsets(week, &cells(a).await, &cells(b).await, &dimensions));
            }
            week -= Duration::weeks(1);
        }
        let mut recorder = Recorder::new(seeded(self.seed));
        self.seed += 1;
        release_due_weeks(a, at, &mut recorder)
            .await
            .expect("released");
        let mut replay = Replay::new(recorder.into_draws(), shifts);
        release_due_weeks(b, at, &mut replay)
            .await
            .expect("released");
        let (cost, problems) = replay.finish();
        self.cost += cost;
        self.problems.extend(problems);
    }

    /// Everything `viewer` can see at `at` in one world: every unit's frozen releases, the
    /// budget spent, and every dashboard the viewer may open, as JSON.
    async fn seen(store: &dyn Backend, viewer: UserId, at: DateTime<Utc>) -> Vec<String> {
        let mut seen = Vec::new();
        let from = at.date_naive() - Duration::weeks(60);
        for unit in store.units().await.expect("units") {
            for release in store
                .releases(unit.id, from, at.date_naive())
                .await
                .expect("releases")
            {
                seen.push(format!(
                    "{} {} {}",
                    unit.id.0, release.week, release.payload
                ));
            }
            let spent = store
                .spent(unit.id, quarter_start(at.date_naive()))
                .await
                .expect("spent");
            seen.push(format!("{} spent {spent}", unit.id.0));
        }
        for view in viewable_units(store, viewer).await.expect("viewable") {
            for weeks in [1, 4, 12] {
                let to = last_closed_week(at).expect("a week");
                let from = to - Duration::weeks(weeks - 1);
                let summary = unit_summary(store, viewer, view.id, Some(from), Some(to), at)
                    .await
                    .expect("allowed");
                seen.push(serde_json::to_string(&summary).expect("json"));
            }
        }
        seen
    }

    /// Asserts the viewer sees exactly the same in both worlds at `at`, and that the shifts
    /// cost at most `promise`; drops the databases.
    async fn assert_indistinguishable(self, viewer: UserId, at: DateTime<Utc>, promise: f64) {
        self.assert_same_view(viewer, at, promise).await;
        self.actual.finish().await;
        self.alternative.finish().await;
    }

    async fn assert_same_view(&self, viewer: UserId, at: DateTime<Utc>, promise: f64) {
        assert!(self.problems.is_empty(), "{:#?}", self.problems);
        let a = Worlds::seen(&*self.actual.store, viewer, at).await;
        let b = Worlds::seen(&*self.alternative.store, viewer, at).await;
        assert!(
            a.iter().any(|line| line.contains("\"shown\"")),
            "something is shown, so the comparison is over real figures: {a:#?}"
        );
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "the viewer can tell the worlds apart");
        }
        assert_eq!(a.len(), b.len());
        assert!(
            self.cost <= promise + 1e-9,
            "the viewer's odds move by up to e^{} > e^{promise}",
            self.cost
        );
    }
}

fn burnout(level: f64) -> Strain {
    strain(level, 0.4)
}

async fn admin_invites_leader(store: &dyn Backend, by: UserId, unit: UnitId, name: &str) -> UserId {
    let leader = person(store, name).await;
    let CreatedInvite { token, .. } = invites::create_invite(
        store,
        by,
        unit,
        Role::Leader,
        Duration::days(7),
        now() - Duration::weeks(59),
    )
    .await
    .expect("invite");
    invites::accept_invite(store, &token, leader, now() - Duration::weeks(59))
        .await
        .expect("accepted");
    leader
}

/// Class 1: a term the viewer knows. A leader brought in with a leader invite leads a parent with
/// two teams; one team has a single member. Parent minus the other team would be that member
/// exactly if anything were exact. The leader is not a member of what they lead, and whether the
/// lone member answered, or what, cannot be told apart.
async fn a_term_the_viewer_knows_is_no_protection(kind: Kind) {
    for alternative in [None, Some(0.05)] {
        let Some(mut worlds) = Worlds::new(kind).await else {
            return;
        };
        let mut viewer = UserId(0);
        for (store, actual) in worlds.both() {
            let boss = admin(store, "boss").await;
            let dept = unit(store, "Dept", None).await;
            let lone = unit(store, "Lone", Some(dept)).await;
            let big = unit(store, "Big", Some(dept)).await;
            viewer = admin_invites_leader(store, boss, dept, "lead").await;
            assert_eq!(store.membership(viewer).await.expect("read"), None);
            let target = member(store, "target", lone, true).await;
            for (i, id) in members(store, "m", big, 7).await.into_iter().enumerate() {
                checkin(store, id, burnout(0.2 + 0.05 * i as f64), false, during(1)).await;
            }
            match (actual, alternative) {
                (true, _) => {
                    checkin(store, target, burnout(0.95), true, during(1)).await;
                }
                (false, Some(level)) => {
                    checkin(store, target, burnout(level), false, during(1)).await;
                }
                (false, None) => {}
            }
        }
        worlds.release(now()).await;
        let promise = if alternative.is_some() { 2.0 } else { 1.0 };
        worlds
            .assert_indistinguishable(viewer, now(), promise)
            .await;
    }
}

/// Class 2: counts are bounded integers. A whole organisation whose hidden remainders sit at
/// 0 % and 100 % (every member of a team answered; a one-person team answered): no count is
/// exact, so integrality pins nothing.
async fn integer_bounds_pin_nothing(kind: Kind) {
    let Some(mut worlds) = Worlds::new(kind).await else {
        return;
    };
    let mut viewer = UserId(0);
    for (store, actual) in worlds.both() {
        viewer = admin(store, "boss").await;
        let org = unit(store, "Org", None).await;
        let one = unit(store, "One", Some(org)).await;
        let five = unit(store, "Five", Some(org)).await;
        let ten = unit(store, "Ten", Some(org)).await;
        let target = member(store, "target", one, true).await;
        for id in members(store, "f", five, 5).await {
            checkin(store, id, burnout(0.5), false, during(1)).await;
        }
        for id in members(store, "t", ten, 10).await {
            checkin(store, id, burnout(0.3), false, during(1)).await;
        }
        if actual {
            checkin(store, target, burnout(0.9), true, during(1)).await;
        }
    }
    worlds.release(now()).await;
    worlds.assert_indistinguishable(viewer, now(), 1.0).await;
}

/// Class 3: rules frozen with the data. The unit's budget (ε 1, budget 1) is spent by week 2's
/// release; in week 1 the target checks in under the spent budget; then, before week 1 is
/// released, the admin raises the budget to 100 and ε to 4. The change releases week 1 first
/// under its own rules: the unit is left out, and the target's check-in costs nothing.
async fn rules_loosened_before_the_release_do_not_reach_the_week(kind: Kind) {
    let Some(mut worlds) = Worlds::new(kind).await else {
        return;
    };
    let mut viewer = UserId(0);
    let mut ids = Vec::new();
    for (store, _) in worlds.both() {
        viewer = admin(store, "boss").await;
        let team = unit(store, "Team", None).await;
        set_rules(
            store,
            viewer,
            team,
            (5, Some(1.0), Some(1.0)),
            now() - Duration::weeks(50),
        )
        .await
        .expect("rules");
        let people = members(store, "m", team, 30).await;
        for id in &people {
            checkin(store, *id, burnout(0.4), false, during(2)).await;
        }
        ids.push((team, people));
    }
    // Week 2 is released and spends the whole budget (the week is shown: 30 answered).
    worlds.release(now() - Duration::weeks(1)).await;
    for ((store, actual), (team, people)) in worlds.both().into_iter().zip(&ids) {
        assert!(
            store
                .spent(*team, quarter_start(week(2)))
                .await
                .expect("spent")
                >= 1.0
        );
        for id in &people[1..] {
            checkin(store, *id, burnout(0.4), false, during(1)).await;
        }
        if actual {
            checkin(store, people[0], burnout(0.95), true, during(1)).await;
        }
    }
    // Before week 1 is released, the rules loosen. The change itself releases week 1 first: do
    // it here with coupled noise so both worlds draw alike, then change the rules.
    worlds.release(now()).await;
    for ((store, _), (team, _)) in worlds.both().into_iter().zip(&ids) {
        let changed = set_rules(store, viewer, *team, (3, Some(4.0), Some(100.0)), now())
            .await
            .expect("loosened");
        assert!(changed.change.relaxes);
        assert!(
            changed.describe().contains("budget of 1"),
            "{}",
            changed.describe()
        );
        let released = store.releases(*team, week(1), week(1)).await.expect("read");
        let payload: Released = serde_json::from_str(&released[0].payload).expect("json");
        assert!(
            matches!(
                payload,
                Released::Suppressed(privacy::Reason::BudgetSpent { .. })
            ),
            "{payload:?}"
        );
    }
    assert_eq!(worlds.cost, 0.0, "the target's week was left out entirely");
    worlds
        .assert_indistinguishable(viewer, now() + Duration::weeks(1), 0.0)
        .await;
}

/// The week under way keeps the rules its check-ins were given under: loosened mid-week, the
/// release still noises at the old ε and holds the old k.
async fn rules_loosened_mid_week_keep_the_old_for_that_week(kind: Kind) {
    let Some(mut worlds) = Worlds::new(kind).await else {
        return;
    };
    let mut viewer = UserId(0);
    let mut team_id = UnitId(0);
    for (store, actual) in worlds.both() {
        viewer = admin(store, "boss").await;
        let team = unit(store, "Team", None).await;
        team_id = team;
        set_rules(
            store,
            viewer,
            team,
            (5, Some(0.5), Some(7.0)),
            now() - Duration::weeks(59),
        )
        .await
        .expect("rules");
        let people = members(store, "m", team, 12).await;
        for id in &people[1..] {
            checkin(store, *id, burnout(0.4), false, during(1)).await;
        }
        if actual {
            checkin(store, people[0], burnout(0.9), true, during(1)).await;
        }
    }
    // The change releases the weeks that have ended first: do that with coupled noise here.
    let change_at = during(1) + Duration::hours(1);
    worlds.release(change_at).await;
    for (store, _) in worlds.both() {
        set_rules(
            store,
            viewer,
            team_id,
            (3, Some(5.0), Some(70.0)),
            change_at,
        )
        .await
        .expect("loosened");
    }
    worlds.release(now()).await;
    let released = worlds
        .actual
        .store
        .releases(team_id, week(1), week(1))
        .await
        .expect("read");
    let payload: Released = serde_json::from_str(&released[0].payload).expect("json");
    if let Released::Shown(f) = payload {
        assert_eq!(f.epsilon, Some(0.5), "the old ε holds for the week");
    }
    worlds.assert_same_view_or_hidden(viewer, now(), 0.5).await;
}

/// Class 4: a move. The target checks in, then moves to another team before the week is
/// released; their old team is left with one member fewer. Whether they had answered shows
/// nowhere: the move took the check-in back, and member counts come from the tree.
async fn a_move_shows_nowhere(kind: Kind) {
    let Some(mut worlds) = Worlds::new(kind).await else {
        return;
    };
    let mut viewer = UserId(0);
    for (store, actual) in worlds.both() {
        viewer = admin(store, "boss").await;
        let org = unit(store, "Org", None).await;
        let old = unit(store, "Old", Some(org)).await;
        let new = unit(store, "New", Some(org)).await;
        let target = member(store, "target", old, true).await;
        for id in members(store, "o", old, 5).await {
            checkin(store, id, burnout(0.3), false, during(1)).await;
        }
        for id in members(store, "n", new, 6).await {
            checkin(store, id, burnout(0.6), false, during(1)).await;
        }
        if actual {
            checkin(store, target, burnout(0.95), true, during(1)).await;
        }
        store
            .join_unit(target, new, during(1) + Duration::hours(2))
            .await
            .expect("moved");
    }
    worlds.release(now()).await;
    worlds.assert_indistinguishable(viewer, now(), 0.0).await;
}

/// Class 5: made-up members. Four of a team's five members are accounts the viewer controls,
/// answering as the viewer chooses; the fifth is real. Whether and what the fifth answered
/// stays hidden behind the noise, at a cost of at most ε.
async fn made_up_members_learn_little_about_the_real_one(kind: Kind) {
    let Some(mut worlds) = Worlds::new(kind).await else {
        return;
    };
    let mut viewer = UserId(0);
    for (store, actual) in worlds.both() {
        viewer = admin(store, "boss").await;
        let team = unit(store, "Team", None).await;
        for id in members(store, "fake", team, 4).await {
            checkin(store, id, burnout(0.5), false, during(1)).await;
        }
        let real = member(store, "real", team, true).await;
        if actual {
            checkin(store, real, burnout(0.95), true, during(1)).await;
        }
    }
    worlds.release(now()).await;
    // A team of five is shown only in some weeks (when its noisy count reaches 5), so the
    // views may be all hidden; they are identical either way.
    worlds.assert_same_view_or_hidden(viewer, now(), 1.0).await;
}

impl Worlds {
    /// As [`Worlds::assert_indistinguishable`], but the weeks may all be hidden.
    async fn assert_same_view_or_hidden(self, viewer: UserId, at: DateTime<Utc>, promise: f64) {
        assert!(self.problems.is_empty(), "{:#?}", self.problems);
        let a = Worlds::seen(&*self.actual.store, viewer, at).await;
        let b = Worlds::seen(&*self.alternative.store, viewer, at).await;
        assert_eq!(a, b, "the viewer can tell the worlds apart");
        assert!(self.cost <= promise + 1e-9, "cost {}", self.cost);
        self.actual.finish().await;
        self.alternative.finish().await;
    }
}

/// Differencing week to week: the target answers in week 2, then stops sharing during week 1
/// (taking that week's check-in back) while everyone else answers as before. Week 2 with them and
/// week 1 without differ by noise, not by their answer.
async fn differencing_weeks_when_one_member_stops_sharing(kind: Kind) {
    let Some(mut worlds) = Worlds::new(kind).await else {
        return;
    };
    let mut viewer = UserId(0);
    for (store, actual) in worlds.both() {
        viewer = admin(store, "boss").await;
        let team = unit(store, "Team", None).await;
        let target = member(store, "target", team, true).await;
        let others = members(store, "m", team, 7).await;
        for week in [2, 1] {
            for (i, id) in others.iter().enumerate() {
                checkin(
                    store,
                    *id,
                    burnout(0.3 + 0.02 * i as f64),
                    false,
                    during(week),
                )
                .await;
            }
        }
        if actual {
            checkin(store, target, burnout(0.9), true, during(2)).await;
            checkin(store, target, burnout(0.9), true, during(1)).await;
        }
        sharing::set_sharing(store, target, None, false, during(1) + Duration::hours(3))
            .await
            .expect("sharing off");
    }
    worlds.release(now()).await;
    worlds.assert_same_view_or_hidden(viewer, now(), 1.0).await;
}

/// The mood item is never shared, and a check-in deleted before its release leaves exactly the
/// figures of never having answered.
async fn mood_and_deleted_checkins_leave_no_trace(kind: Kind) {
    let Some(mut worlds) = Worlds::new(kind).await else {
        return;
    };
    let mut viewer = UserId(0);
    for (store, actual) in worlds.both() {
        viewer = admin(store, "boss").await;
        let team = unit(store, "Team", None).await;
        let people = members(store, "m", team, 12).await;
        for (i, id) in people.iter().enumerate().skip(1) {
            let s = Strain {
                burnout: 0.2 + 0.05 * i as f64,
                rustout: 0.5,
                shared: if actual { 1.0 } else { 0.0 },
            };
            checkin(store, *id, s, false, during(1)).await;
        }
        if actual {
            let given = checkin(store, people[0], burnout(0.9), true, during(1)).await;
            crate::responses::delete(store, people[0], given.id)
                .await
                .expect("deleted");
        }
    }
    worlds.release(now()).await;
    for line in Worlds::seen(&*worlds.actual.store, viewer, now()).await {
        assert!(!line.contains("\"mood\""), "{line}");
    }
    worlds.assert_indistinguishable(viewer, now(), 0.0).await;
}

macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(super::Kind::Sqlite).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::Kind::Postgres).await;
                }
            )+
        }
    };
}

on_both_backends!(
    a_term_the_viewer_knows_is_no_protection,
    integer_bounds_pin_nothing,
    rules_loosened_before_the_release_do_not_reach_the_week,
    rules_loosened_mid_week_keep_the_old_for_that_week,
    a_move_shows_nowhere,
    made_up_members_learn_little_about_the_real_one,
    differencing_weeks_when_one_member_stops_sharing,
    mood_and_deleted_checkins_leave_no_trace,
);

/// Leaders and members cannot open summaries that are not theirs.
#[tokio::test]
async fn leaders_and_members_cannot_read_summaries_that_are_not_theirs() {
    let store = store().await;
    let org = unit(&store, "Org", None).await;
    let a = unit(&store, "A", Some(org)).await;
    let b = unit(&store, "B", Some(org)).await;
    let lead_a = person(&store, "lead-a").await;
    store.set_leader(a, lead_a, true).await.expect("leader");
    let plain = member(&store, "plain", a, true).await;
    for (who, unit) in [(lead_a, b), (lead_a, org), (plain, a), (plain, org)] {
        let result = unit_summary(&store, who, unit, None, None, now()).await;
        assert!(
            matches!(result, Err(OrgError::Forbidden(_))),
            "{who:?} on {unit:?}: {result:?}"
        );
    }
    assert!(
        unit_summary(&store, lead_a, a, None, None, now())
            .await
            .is_ok()
    );
}

/// A released week is frozen: asking again, later, after new check-ins, a rules change and a
/// move, returns the same figures, noise included.
#[tokio::test]
async fn asking_for_the_same_week_again_returns_the_same_frozen_figures() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let org = unit(&store, "Org", None).await;
    let team = unit(&store, "Team", Some(org)).await;
    let other = unit(&store, "Other", None).await;
    let people = members(&store, "m", team, 30).await;
    for id in &people {
        checkin(&store, *id, strain(0.4, 0.5), false, during(1)).await;
    }
    release_due_weeks(&store, now(), &mut seeded(1))
        .await
        .expect("released");
    let first = unit_summary(&store, boss, team, Some(week(1)), Some(week(1)), now())
        .await
        .expect("allowed");
    checkin(&store, people[0], strain(0.9, 0.9), true, now()).await;
    set_rules(&store, boss, team, (3, Some(9.0), Some(100.0)), now())
        .await
        .expect("loosened");
    admin::move_unit(&store, boss, team, Some(other), now())
        .await
        .expect("moved");
    let later = now() + Duration::weeks(2);
    let again = unit_summary(&store, boss, team, Some(week(1)), Some(week(1)), later)
        .await
        .expect("allowed");
    assert_eq!(again.figures, first.figures);
}

/// A check-in that says it was taken in a released week counts in the week it is received in.
#[tokio::test]
async fn a_backdated_checkin_never_reaches_a_released_week() {
    let store = store().await;
    let team = unit(&store, "Team", None).await;
    let people = members(&store, "m", team, 6).await;
    for id in &people {
        checkin(&store, *id, strain(0.3, 0.3), false, during(2)).await;
    }
    release_due_weeks(&store, now(), &mut seeded(1))
        .await
        .expect("released");
    let before = store.releases(team, week(2), week(2)).await.expect("read");
    checkin_taken(
        &store,
        people[0],
        strain(0.95, 0.95),
        true,
        during(2),
        now(),
    )
    .await;
    assert_eq!(
        store.releases(team, week(2), week(2)).await.expect("read"),
        before
    );
    let current = store.cells(week(0)).await.expect("cells");
    assert_eq!(current[&team].respondents, 1, "it counts once, this week");
}

/// Noise cannot be switched off: rules that leave ε and the budget out keep the unit's own.
#[tokio::test]
async fn noise_cannot_be_switched_off() {
    let store = store().await;
    let boss = admin(&store, "boss").await;
    let team = unit(&store, "Team", None).await;
    let result = set_rules(&store, boss, team, (5, None, None), now())
        .await
        .expect("k changes, the noise stays");
    assert_eq!((result.rules.version, result.rules.epsilon), (2, Some(1.0)));
    let rules = store.unit(team).await.expect("read").expect("unit").rules;
    assert_eq!(rules.quarterly_budget, Some(14.0));
}
