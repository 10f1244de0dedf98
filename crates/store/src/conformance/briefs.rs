//! Stories about conversation briefs: sent by a member to a leader of their own unit, seen by
//! that leader alone, newest first, and marked read once.

use super::Backend;
use super::fixtures::{self, MISSING_USER, day, to_millis, unit};
use crate::org::{Brief, Unit, UnitId};
use crate::{StoreError, User};
use chrono::Duration;

/// A unit with a leader and two members: (unit, leader, member, other member).
async fn team(store: &dyn Backend, name: &str) -> (Unit, User, User, User) {
    let team = unit(store, name, None).await;
    let lead = fixtures::user(store, &format!("{name}-lead")).await;
    let ana = fixtures::user(store, &format!("{name}-ana")).await;
    let ben = fixtures::user(store, &format!("{name}-ben")).await;
    store
        .set_leader(team.id, lead.id, true)
        .await
        .expect("lead");
    for person in [&ana, &ben] {
        store
            .join_unit(person.id, team.id, day(0))
            .await
            .expect("join");
    }
    (team, lead, ana, ben)
}

/// A brief reaches only the leader it was sent to, with the sender's name and the text exactly
/// as written; inbox and sent list are newest first.
pub async fn briefs_reach_only_the_named_leader(store: &dyn Backend) {
    let (team, lead, ana, ben) = team(store, "ward").await;
    let co_lead = fixtures::user(store, "co-lead").await;
    store
        .set_leader(team.id, co_lead.id, true)
        .await
        .expect("co-lead");

    let text = "I notice I dread Mondays.\nI'd like to take on the rota project — could we talk?";
    let at = day(2) + Duration::nanoseconds(987_654_321);
    let first = store
        .send_brief(ana.id, lead.id, team.id, text, at)
        .await
        .expect("send");
    assert_eq!(
        first,
        Brief {
            id: first.id,
            from: ana.id,
            from_name: ana.username.clone(),
            to: lead.id,
            unit: team.id,
            created_at: to_millis(at),
            text: text.to_owned(),
            read_at: None,
        }
    );
    let second = store
        .send_brief(ben.id, lead.id, team.id, "Short one.", day(3))
        .await
        .expect("send");
    let third = store
        .send_brief(ana.id, lead.id, team.id, "Same day as ben's.", day(3))
        .await
        .expect("send");

    assert_eq!(
        store.inbox(lead.id).await.expect("inbox"),
        vec![third.clone(), second.clone(), first.clone()],
        "newest first, the later one first on a tie"
    );
    assert!(store.inbox(co_lead.id).await.expect("inbox").is_empty());
    assert!(store.inbox(ana.id).await.expect("inbox").is_empty());
    assert_eq!(
        store.sent_briefs(ana.id).await.expect("sent"),
        vec![third, first]
    );
    assert_eq!(store.sent_briefs(ben.id).await.expect("sent"), vec![second]);
    assert!(store.sent_briefs(lead.id).await.expect("sent").is_empty());
}

/// Only a member of the unit can send, and only to one of its leaders: a non-leader, a leader
/// of another unit, a sender outside the unit or a missing person is `NotFound`, and a text the
/// store cannot keep is refused — none store anything.
pub async fn briefs_go_only_from_a_member_to_a_leader_of_their_unit(store: &dyn Backend) {
    let (ward, lead, ana, ben) = team(store, "ward").await;
    let (lab, lab_lead, carl, _) = team(store, "lab").await;
    let refused: [(&str, UnitId, crate::UserId, crate::UserId); 6] = [
        ("to a member", ward.id, ana.id, ben.id),
        ("to another unit's leader", ward.id, ana.id, lab_lead.id),
        ("from outside the unit", ward.id, carl.id, lead.id),
        ("naming the wrong unit", lab.id, ana.id, lab_lead.id),
        ("from a missing person", ward.id, MISSING_USER, lead.id),
        ("to a missing person", ward.id, ana.id, MISSING_USER),
    ];
    for (what, unit, from, to) in refused {
        let result = store.send_brief(from, to, unit, "hello", day(1)).await;
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "a brief {what} must be NotFound, got {result:?}"
        );
    }
    let nul = store
        .send_brief(ana.id, lead.id, ward.id, "bad\0text", day(1))
        .await;
    assert!(nul.is_err(), "a brief with NUL was accepted");
    for leader in [&lead, &lab_lead, &ben] {
        assert!(store.inbox(leader.id).await.expect("inbox").is_empty());
    }
    assert!(store.sent_briefs(ana.id).await.expect("sent").is_empty());

    // After leaving, ana can no longer send to her old leader.
    store.leave_unit(ana.id).await.expect("leave");
    let gone = store
        .send_brief(ana.id, lead.id, ward.id, "hi", day(2))
        .await;
    assert!(matches!(gone, Err(StoreError::NotFound { .. })), "{gone:?}");
}

/// The leader marks a brief read once (again keeps the first time); nobody else can, and a
/// missing brief is `NotFound`.
pub async fn marking_a_brief_read_keeps_the_first_time(store: &dyn Backend) {
    let (team, lead, ana, ben) = team(store, "ward").await;
    let brief = store
        .send_brief(ana.id, lead.id, team.id, "Can we talk?", day(1))
        .await
        .expect("send");
    let other = store
        .send_brief(ben.id, lead.id, team.id, "Me too.", day(1))
        .await
        .expect("send");

    for (who, id) in [(ana.id, brief.id), (ben.id, brief.id), (lead.id, i64::MAX)] {
        let result = store.mark_brief_read(who, id, day(2)).await;
        assert!(
            matches!(result, Err(StoreError::NotFound { .. })),
            "marking brief {id} read as user {} must be NotFound, got {result:?}",
            who.0
        );
    }
    assert!(
        store
            .inbox(lead.id)
            .await
            .expect("inbox")
            .iter()
            .all(|b| b.read_at.is_none())
    );

    store
        .mark_brief_read(lead.id, brief.id, day(3))
        .await
        .expect("read");
    store
        .mark_brief_read(lead.id, brief.id, day(9))
        .await
        .expect("read again");
    let read = Brief {
        read_at: Some(day(3)),
        ..brief
    };
    assert_eq!(
        store.inbox(lead.id).await.expect("inbox"),
        vec![other.clone(), read.clone()],
        "only that brief is read, at the first time"
    );
    assert_eq!(store.sent_briefs(ana.id).await.expect("sent"), vec![read]);
}
