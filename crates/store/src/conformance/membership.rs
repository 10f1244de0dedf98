//! Stories about who belongs where: leaders, each person's one unit, their sharing choice, and
//! invite links that work once, before they expire.

use super::Backend;
use super::fixtures::{self, MISSING_USER, day, join_all, token_hash, unit};
use crate::org::{Invite, Membership, NewInvite, Role, UnitId};
use crate::{StoreError, UserId};
use chrono::{DateTime, Duration, Utc};

const MISSING_UNIT: UnitId = UnitId(i64::MAX - 11);

async fn membership(store: &dyn Backend, user: UserId) -> Option<Membership> {
    store.membership(user).await.expect("read a membership")
}

async fn count(store: &dyn Backend, unit: UnitId) -> u64 {
    store.member_count(unit).await.expect("count members")
}

fn invite(
    n: u8,
    unit: UnitId,
    role: Role,
    created_by: UserId,
    expires_at: DateTime<Utc>,
) -> NewInvite {
    NewInvite {
        token_hash: token_hash(n),
        unit,
        role,
        created_by,
        created_at: day(0),
        expires_at,
    }
}

/// Leaders are set per unit, listed with their names in id order, found from the person's
/// side, and removed; both directions are idempotent; a missing unit or person is `NotFound`.
pub async fn leaders_are_set_listed_and_removed(store: &dyn Backend) {
    let ward = unit(store, "Ward", None).await;
    let lab = unit(store, "Lab", None).await;
    let ana = fixtures::user(store, "ana").await;
    let ben = fixtures::user(store, "ben").await;
    assert!(store.leaders_of(ward.id).await.expect("leaders").is_empty());

    store.set_leader(ward.id, ben.id, true).await.expect("ben");
    store.set_leader(ward.id, ana.id, true).await.expect("ana");
    store
        .set_leader(ward.id, ana.id, true)
        .await
        .expect("ana again");
    store
        .set_leader(lab.id, ana.id, true)
        .await
        .expect("ana, lab");
    assert_eq!(
        store.leaders_of(ward.id).await.expect("leaders"),
        vec![(ana.id, "ana".to_owned()), (ben.id, "ben".to_owned())]
    );
    assert_eq!(
        store.units_led_by(ana.id).await.expect("led"),
        vec![ward.id, lab.id]
    );
    assert_eq!(
        store.units_led_by(ben.id).await.expect("led"),
        vec![ward.id]
    );

    store
        .set_leader(ward.id, ana.id, false)
        .await
        .expect("remove");
    store
        .set_leader(ward.id, ana.id, false)
        .await
        .expect("again");
    assert_eq!(
        store.leaders_of(ward.id).await.expect("leaders"),
        vec![(ben.id, "ben".to_owned())]
    );
    assert_eq!(store.units_led_by(ana.id).await.expect("led"), vec![lab.id]);

    for (what, result) in [
        ("unit", store.set_leader(MISSING_UNIT, ana.id, true).await),
        (
            "person",
            store.set_leader(ward.id, MISSING_USER, true).await,
        ),
        ("unit", store.set_leader(MISSING_UNIT, ana.id, false).await),
    ] {
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "a missing {what} must be NotFound, got {result:?}"
        );
    }
    assert!(
        store
            .units_led_by(MISSING_USER)
            .await
            .expect("led")
            .is_empty()
    );
}

/// Joining puts a person in one unit, sharing off; joining another moves them; joining the same
/// unit again changes nothing; leaving ends it (twice is `NotFound`); the counts follow.
pub async fn joining_puts_a_person_in_one_unit(store: &dyn Backend) {
    let ward = unit(store, "Ward", None).await;
    let lab = unit(store, "Lab", None).await;
    let ana = fixtures::user(store, "ana").await;
    let ben = fixtures::user(store, "ben").await;
    assert_eq!(membership(store, ana.id).await, None);

    let joined = store
        .join_unit(ana.id, ward.id, day(1))
        .await
        .expect("join");
    let expected = Membership {
        user: ana.id,
        unit: ward.id,
        joined_at: day(1),
        sharing: false,
        sharing_changed_at: day(1),
    };
    assert_eq!(joined, expected);
    assert_eq!(membership(store, ana.id).await, Some(expected.clone()));
    store
        .join_unit(ben.id, ward.id, day(1))
        .await
        .expect("ben joins");
    assert_eq!(
        (count(store, ward.id).await, count(store, lab.id).await),
        (2, 0)
    );

    store
        .set_sharing(ana.id, ward.id, true, day(2))
        .await
        .expect("share");
    let same = store
        .join_unit(ana.id, ward.id, day(3))
        .await
        .expect("again");
    assert!(
        same.sharing,
        "joining one's own unit again keeps sharing on"
    );
    assert_eq!(same.joined_at, day(1), "and keeps the joining time");

    let moved = store.join_unit(ana.id, lab.id, day(4)).await.expect("move");
    assert_eq!(
        moved,
        Membership {
            user: ana.id,
            unit: lab.id,
            joined_at: day(4),
            sharing: false,
            sharing_changed_at: day(4),
        },
        "a move starts with sharing off"
    );
    assert_eq!(membership(store, ana.id).await, Some(moved));
    assert_eq!(
        (count(store, ward.id).await, count(store, lab.id).await),
        (1, 1)
    );

    store.leave_unit(ana.id).await.expect("leave");
    assert_eq!(membership(store, ana.id).await, None);
    assert_eq!(count(store, lab.id).await, 0);
    let twice = store.leave_unit(ana.id).await;
    assert!(
        matches!(twice, Err(StoreError::NotFound { .. })),
        "{twice:?}"
    );

    for (what, result) in [
        ("unit", store.join_unit(ana.id, MISSING_UNIT, day(5)).await),
        (
            "person",
            store.join_unit(MISSING_USER, ward.id, day(5)).await,
        ),
    ] {
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "joining with a missing {what} must be NotFound, got {result:?}"
        );
    }
    assert_eq!(membership(store, ana.id).await, None);
    assert_eq!(count(store, MISSING_UNIT).await, 0);
}

/// Sharing is turned on and off only for the person's own current unit (anything else is
/// `NotFound` and changes nothing); the time changes only when the choice does.
pub async fn sharing_is_set_only_for_the_persons_own_unit(store: &dyn Backend) {
    let ward = unit(store, "Ward", None).await;
    let lab = unit(store, "Lab", None).await;
    let ana = fixtures::user(store, "ana").await;
    let loner = fixtures::user(store, "loner").await;
    store
        .join_unit(ana.id, ward.id, day(0))
        .await
        .expect("join");

    let on = store
        .set_sharing(ana.id, ward.id, true, day(1))
        .await
        .expect("share");
    assert!(on.sharing);
    assert_eq!(on.sharing_changed_at, day(1));
    let again = store
        .set_sharing(ana.id, ward.id, true, day(2))
        .await
        .expect("share again");
    assert_eq!(again, on, "setting what is set keeps the time");

    for (what, result) in [
        (
            "another unit",
            store.set_sharing(ana.id, lab.id, false, day(3)).await,
        ),
        (
            "no unit",
            store.set_sharing(loner.id, ward.id, true, day(3)).await,
        ),
        (
            "a missing person",
            store.set_sharing(MISSING_USER, ward.id, true, day(3)).await,
        ),
    ] {
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "sharing with {what} must be NotFound, got {result:?}"
        );
    }
    assert_eq!(membership(store, ana.id).await, Some(on));
    assert_eq!(membership(store, loner.id).await, None);

    let off = store
        .set_sharing(ana.id, ward.id, false, day(4))
        .await
        .expect("stop sharing");
    assert!(!off.sharing);
    assert_eq!(off.sharing_changed_at, day(4));
    assert_eq!(off.joined_at, day(0));
}

/// An invite is used once: the person joins its unit and the invite comes back as used; using
/// it again, an expired one or an unknown token is `NotFound`. A reused token hash is
/// `Conflict`; a missing unit or creator `NotFound`; a missing joiner leaves it usable.
pub async fn invites_are_used_once_before_they_expire(store: &dyn Backend) {
    let ward = unit(store, "Ward", None).await;
    let admin = fixtures::user(store, "admin").await;
    let ana = fixtures::user(store, "ana").await;
    let ben = fixtures::user(store, "ben").await;
    store
        .create_invite(invite(1, ward.id, Role::Member, admin.id, day(7)))
        .await
        .expect("create");
    store
        .create_invite(invite(2, ward.id, Role::Member, admin.id, day(7)))
        .await
        .expect("create another");

    let dup = store
        .create_invite(invite(1, ward.id, Role::Leader, admin.id, day(30)))
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict { .. })), "{dup:?}");
    for (what, result) in [
        (
            "unit",
            store
                .create_invite(invite(3, MISSING_UNIT, Role::Member, admin.id, day(7)))
                .await,
        ),
        (
            "creator",
            store
                .create_invite(invite(3, ward.id, Role::Member, MISSING_USER, day(7)))
                .await,
        ),
    ] {
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "an invite with a missing {what} must be NotFound, got {result:?}"
        );
    }

    let nobody = store
        .accept_invite(&token_hash(1), MISSING_USER, day(1))
        .await;
    assert!(
        matches!(nobody, Err(StoreError::NotFound { .. })),
        "{nobody:?}"
    );

    let at = day(1) + Duration::nanoseconds(5_678_901);
    let used = store
        .accept_invite(&token_hash(1), ana.id, at)
        .await
        .expect("accept");
    assert_eq!(
        used,
        Invite {
            unit: ward.id,
            role: Role::Member,
            expires_at: day(7),
            used_at: Some(fixtures::to_millis(at)),
            created_by: admin.id,
        }
    );
    let joined = membership(store, ana.id).await.expect("ana is a member");
    assert_eq!((joined.unit, joined.sharing), (ward.id, false));
    assert!(store.leaders_of(ward.id).await.expect("leaders").is_empty());

    for (what, token, when) in [
        ("used", token_hash(1), day(2)),
        ("expired", token_hash(2), day(7)),
        ("unknown", token_hash(9), day(1)),
        ("empty", Vec::new(), day(1)),
    ] {
        let result = store.accept_invite(&token, ben.id, when).await;
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "a {what} invite must be NotFound, got {result:?}"
        );
    }
    assert_eq!(
        membership(store, ben.id).await,
        None,
        "ben got in on no invite"
    );
    let before_expiry = day(7) - Duration::milliseconds(1);
    store
        .accept_invite(&token_hash(2), ben.id, before_expiry)
        .await
        .expect("the second invite still works until it expires");
    assert_eq!(count(store, ward.id).await, 2);
}

/// A leader invite makes the person one of the unit's leaders and not a member; the invite can
/// be looked up, with who made it.
pub async fn a_leader_invite_makes_a_leader(store: &dyn Backend) {
    let ward = unit(store, "Ward", None).await;
    let admin = fixtures::user(store, "admin").await;
    let lea = fixtures::user(store, "lea").await;
    store
        .create_invite(invite(4, ward.id, Role::Leader, admin.id, day(7)))
        .await
        .expect("create");
    let used = store
        .accept_invite(&token_hash(4), lea.id, day(1))
        .await
        .expect("accept");
    assert_eq!(used.role, Role::Leader);
    assert_eq!(
        store.leaders_of(ward.id).await.expect("leaders"),
        vec![(lea.id, "lea".to_owned())]
    );
    assert_eq!(
        store.units_led_by(lea.id).await.expect("led"),
        vec![ward.id]
    );
    assert_eq!(
        membership(store, lea.id).await,
        None,
        "a leader is not a silent member of what they lead"
    );
    let found = store
        .find_invite(&token_hash(4))
        .await
        .expect("find")
        .expect("the invite");
    assert_eq!(
        (found.role, found.created_by, found.used_at),
        (Role::Leader, admin.id, Some(day(1)))
    );
    assert_eq!(
        store.find_invite(&token_hash(99)).await.expect("find"),
        None
    );
}

/// Eight people accepting one invite at once: exactly one gets in, every other one is
/// `NotFound`, and the unit has one member.
pub async fn concurrent_invite_accepts_let_exactly_one_through(store: &dyn Backend) {
    let ward = unit(store, "Ward", None).await;
    let admin = fixtures::user(store, "admin").await;
    store
        .create_invite(invite(5, ward.id, Role::Member, admin.id, day(7)))
        .await
        .expect("create");
    let mut people = Vec::new();
    for i in 0..8 {
        people.push(fixtures::user(store, &format!("person-{i}")).await);
    }
    let token = token_hash(5);
    let results = join_all(
        people
            .iter()
            .map(|person| store.accept_invite(&token, person.id, day(1)))
            .collect(),
    )
    .await;
    let winners = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(winners, 1, "exactly one accept must win: {results:?}");
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Ok(_) | Err(StoreError::NotFound { .. }))),
        "every losing accept must be NotFound: {results:?}"
    );
    assert_eq!(count(store, ward.id).await, 1);
}
