//! Stories about administration: admins, the list of accounts, the unit tree (create, rename,
//! move without cycles, archive) and each unit's versioned privacy rules.

use super::Backend;
use super::fixtures::{self, MISSING_USER, day, to_millis, unit};
use crate::StoreError;
use crate::org::{Floors, Unit, UnitId, UnitRules};

/// A unit id no story ever creates.
const MISSING_UNIT: UnitId = UnitId(i64::MAX - 11);

async fn all_units(store: &dyn Backend) -> Vec<Unit> {
    store.units().await.expect("read the units")
}

async fn one(store: &dyn Backend, id: UnitId) -> Unit {
    store
        .unit(id)
        .await
        .expect("read a unit")
        .unwrap_or_else(|| panic!("unit {} is missing", id.0))
}

/// A new account is no admin; `set_admin` turns it on and off for that person alone; a missing
/// person is `NotFound` to set and no admin to ask about.
pub async fn admins_are_set_per_person(store: &dyn Backend) {
    let owner = fixtures::user(store, "owner").await;
    let other = fixtures::user(store, "other").await;
    assert!(!store.is_admin(owner.id).await.expect("is_admin"));

    store.set_admin(owner.id, true).await.expect("make admin");
    assert!(store.is_admin(owner.id).await.expect("is_admin"));
    assert!(
        !store.is_admin(other.id).await.expect("is_admin"),
        "only the named person became an admin"
    );
    store.set_admin(owner.id, true).await.expect("again");
    assert!(store.is_admin(owner.id).await.expect("is_admin"));
    store.set_admin(owner.id, false).await.expect("revoke");
    assert!(!store.is_admin(owner.id).await.expect("is_admin"));

    let missing = store.set_admin(MISSING_USER, true).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { .. })),
        "making a missing person an admin must be NotFound, got {missing:?}"
    );
    assert!(!store.is_admin(MISSING_USER).await.expect("is_admin"));
}

/// `list_users` lists every account, id and username, in id order, and follows deletions.
pub async fn list_users_lists_every_account_in_id_order(store: &dyn Backend) {
    assert!(store.list_users().await.expect("list").is_empty());
    let names = ["zoë", "adam", "Mia Ångström"];
    let mut made = Vec::new();
    for name in names {
        made.push(fixtures::user(store, name).await);
    }
    let expected: Vec<_> = made.iter().map(|u| (u.id, u.username.clone())).collect();
    assert_eq!(store.list_users().await.expect("list"), expected);
    store.delete_user(made[1].id).await.expect("delete adam");
    assert_eq!(
        store.list_users().await.expect("list"),
        vec![expected[0].clone(), expected[2].clone()]
    );
}

/// A unit is created with rules version 1 — k = 5, no noise, no budget, changed when the unit
/// was made — and reads back the same alone and in the list, in id order.
pub async fn units_are_created_with_the_default_rules(store: &dyn Backend) {
    assert!(all_units(store).await.is_empty());
    let at = day(3) + chrono::Duration::nanoseconds(123_456_789);
    let top = store
        .create_unit("Hospital", None, at)
        .await
        .expect("create a top unit");
    let ward = store
        .create_unit("Ward 7 — nights", Some(top.id), day(4))
        .await
        .expect("create a sub-unit");
    let expected_top = Unit {
        id: top.id,
        name: "Hospital".to_owned(),
        parent: None,
        archived_at: None,
        created_at: to_millis(at),
        rules: UnitRules {
            version: 1,
            k: 5,
            epsilon: Some(1.0),
            quarterly_budget: Some(14.0),
            changed_at: to_millis(at),
        },
    };
    assert_eq!(top, expected_top, "create_unit must return what it stored");
    assert_eq!(ward.parent, Some(top.id));
    assert_eq!(ward.name, "Ward 7 — nights");
    assert_eq!(ward.rules.version, 1);
    assert_ne!(top.id, ward.id);

    assert_eq!(one(store, top.id).await, top);
    assert_eq!(one(store, ward.id).await, ward);
    assert_eq!(all_units(store).await, vec![top, ward]);
    assert_eq!(store.unit(MISSING_UNIT).await.expect("read"), None);
}

/// A missing parent or unit is `NotFound`, a name the store cannot keep (NUL) is refused, and
/// neither changes anything.
pub async fn bad_unit_writes_change_nothing(store: &dyn Backend) {
    let top = unit(store, "Top", None).await;
    let before = all_units(store).await;

    let orphan = store
        .create_unit("Orphan", Some(MISSING_UNIT), day(0))
        .await;
    assert!(
        matches!(orphan, Err(StoreError::NotFound { .. })),
        "a missing parent must be NotFound, got {orphan:?}"
    );
    let nul = store.create_unit("bad\0name", None, day(0)).await;
    assert!(
        nul.is_err() && !matches!(nul, Err(StoreError::Conflict { .. })),
        "a name with NUL must be refused, got {nul:?}"
    );
    let renamed = store.rename_unit(top.id, "bad\0name").await;
    assert!(renamed.is_err(), "renaming to a NUL name was accepted");
    for (what, result) in [
        ("rename", store.rename_unit(MISSING_UNIT, "x").await),
        ("archive", store.archive_unit(MISSING_UNIT, day(1)).await),
        ("move", store.move_unit(MISSING_UNIT, None).await),
        (
            "move under",
            store.move_unit(top.id, Some(MISSING_UNIT)).await,
        ),
    ] {
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "{what} with a missing unit must be NotFound, got {result:?}"
        );
    }
    assert_eq!(all_units(store).await, before);
}

/// Renaming changes the name alone; archiving sets the time once (again keeps the first).
pub async fn units_are_renamed_and_archived(store: &dyn Backend) {
    let top = unit(store, "Clinic", None).await;
    let other = unit(store, "Other", None).await;
    store
        .rename_unit(top.id, "Clinic North 🏥")
        .await
        .expect("rename");
    let renamed = Unit {
        name: "Clinic North 🏥".to_owned(),
        ..top.clone()
    };
    assert_eq!(one(store, top.id).await, renamed);

    store.archive_unit(top.id, day(9)).await.expect("archive");
    store.archive_unit(top.id, day(20)).await.expect("again");
    let archived = Unit {
        archived_at: Some(day(9)),
        ..renamed
    };
    assert_eq!(one(store, top.id).await, archived, "the first time is kept");
    assert_eq!(
        one(store, other.id).await,
        other,
        "the other unit is untouched"
    );
    assert!(
        all_units(store).await.contains(&archived),
        "archived units are still listed"
    );
}

/// `joined_since` counts a unit's own members who joined at or after the moment given.
pub async fn members_joined_since_are_counted(store: &dyn Backend) {
    let ward = unit(store, "Ward", None).await;
    let other = unit(store, "Other", None).await;
    for (i, joined) in [0, 3, 5, 5].into_iter().enumerate() {
        let person = fixtures::user(store, &format!("p{i}")).await;
        store
            .join_unit(person.id, ward.id, day(joined))
            .await
            .expect("join");
    }
    let elsewhere = fixtures::user(store, "elsewhere").await;
    store
        .join_unit(elsewhere.id, other.id, day(5))
        .await
        .expect("join");
    assert_eq!(store.member_count(ward.id).await.expect("count"), 4);
    for (since, expected) in [(0, 4), (1, 3), (5, 2), (6, 0)] {
        assert_eq!(
            store
                .joined_since(ward.id, day(since))
                .await
                .expect("count"),
            expected,
            "joined since day {since}"
        );
    }
    assert_eq!(
        store
            .joined_since(MISSING_UNIT, day(0))
            .await
            .expect("count"),
        0
    );
}

/// Floors kept for a week only ever get stricter: the larger k, the smaller ε and budget, noise
/// beating none; other weeks and units are untouched; a missing unit or a non-finite number is
/// refused.
pub async fn week_floors_only_get_stricter(store: &dyn Backend) {
    let ward = unit(store, "Ward", None).await;
    let other = unit(store, "Other", None).await;
    let week = fixtures::week(0);
    let floor = |k, epsilon: Option<f64>, budget: Option<f64>| Floors {
        k,
        epsilon,
        quarterly_budget: budget,
    };
    assert!(store.floors(week).await.expect("floors").is_empty());
    store
        .tighten_floors(week, vec![(ward.id, floor(8, None, None))])
        .await
        .expect("tighten");
    store
        .tighten_floors(
            week,
            vec![
                (ward.id, floor(5, Some(0.5), Some(6.0))),
                (other.id, floor(3, Some(2.0), Some(20.0))),
            ],
        )
        .await
        .expect("tighten");
    store
        .tighten_floors(week, vec![(ward.id, floor(4, Some(0.9), Some(9.0)))])
        .await
        .expect("tighten");
    let kept = store.floors(week).await.expect("floors");
    assert_eq!(kept[&ward.id], floor(8, Some(0.5), Some(6.0)));
    assert_eq!(kept[&other.id], floor(3, Some(2.0), Some(20.0)));
    assert!(
        store
            .floors(fixtures::week(1))
            .await
            .expect("floors")
            .is_empty()
    );
    let missing = store
        .tighten_floors(week, vec![(MISSING_UNIT, floor(5, None, None))])
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { .. })),
        "{missing:?}"
    );
    let nan = store
        .tighten_floors(week, vec![(ward.id, floor(5, Some(f64::NAN), Some(1.0)))])
        .await;
    assert!(nan.is_err(), "{nan:?}");
    assert_eq!(
        store.floors(week).await.expect("floors")[&ward.id],
        kept[&ward.id]
    );
}

/// A unit cannot be moved under itself or anything below it (`Conflict`, tree unchanged); any
/// other move works, to the top level too.
pub async fn moving_a_unit_refuses_cycles(store: &dyn Backend) {
    let a = unit(store, "A", None).await;
    let b = unit(store, "B", Some(a.id)).await;
    let c = unit(store, "C", Some(b.id)).await;
    let d = unit(store, "D", None).await;
    let tree = all_units(store).await;

    for (parent, why) in [
        (a.id, "itself"),
        (b.id, "its child"),
        (c.id, "its grandchild"),
    ] {
        let result = store.move_unit(a.id, Some(parent)).await;
        assert!(
            matches!(result, Err(StoreError::Conflict { .. })),
            "moving A under {why} must be a Conflict, got {result:?}"
        );
    }
    let result = store.move_unit(b.id, Some(c.id)).await;
    assert!(
        matches!(result, Err(StoreError::Conflict { .. })),
        "{result:?}"
    );
    assert_eq!(all_units(store).await, tree, "refused moves change nothing");

    store.move_unit(c.id, Some(d.id)).await.expect("C under D");
    assert_eq!(one(store, c.id).await.parent, Some(d.id));
    // With C gone from below B, A may now go under C.
    store.move_unit(a.id, Some(c.id)).await.expect("A under C");
    assert_eq!(one(store, a.id).await.parent, Some(c.id));
    let result = store.move_unit(d.id, Some(b.id)).await;
    assert!(
        matches!(result, Err(StoreError::Conflict { .. })),
        "D is now above B (D > C > A > B), got {result:?}"
    );
    store.move_unit(c.id, None).await.expect("C to the top");
    assert_eq!(one(store, c.id).await.parent, None);
    store
        .move_unit(d.id, Some(b.id))
        .await
        .expect("D under B now");
    assert_eq!(one(store, d.id).await.parent, Some(b.id));
}

/// New rules take effect only as the next version: a stale or skipping version is `Conflict`,
/// a missing unit `NotFound`, a non-finite ε refused — none of them change the rules in force.
pub async fn unit_rules_change_only_as_the_next_version(store: &dyn Backend) {
    let team = unit(store, "Team", None).await;
    let other = unit(store, "Other", None).await;
    let v2 = UnitRules {
        version: 2,
        k: 8,
        epsilon: Some(0.5),
        quarterly_budget: Some(4.0),
        changed_at: day(10),
    };
    store.set_unit_rules(team.id, v2).await.expect("version 2");
    assert_eq!(one(store, team.id).await.rules, v2);
    assert_eq!(one(store, other.id).await, other, "other units keep theirs");

    for version in [1, 2, 4] {
        let result = store
            .set_unit_rules(
                team.id,
                UnitRules {
                    version,
                    k: 12,
                    ..v2
                },
            )
            .await;
        assert!(
            matches!(result, Err(StoreError::Conflict { .. })),
            "version {version} after version 2 must be a Conflict, got {result:?}"
        );
    }
    let missing = store.set_unit_rules(MISSING_UNIT, v2).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { .. })),
        "{missing:?}"
    );
    let nan = store
        .set_unit_rules(
            team.id,
            UnitRules {
                version: 3,
                epsilon: Some(f64::NAN),
                ..v2
            },
        )
        .await;
    assert!(nan.is_err(), "a NaN ε was accepted");
    assert_eq!(
        one(store, team.id).await.rules,
        v2,
        "refusals change nothing"
    );

    let v3 = UnitRules {
        version: 3,
        k: 10,
        epsilon: None,
        quarterly_budget: None,
        changed_at: day(11),
    };
    store.set_unit_rules(team.id, v3).await.expect("version 3");
    assert_eq!(one(store, team.id).await.rules, v3);
}
