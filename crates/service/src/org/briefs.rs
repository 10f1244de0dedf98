//! "Share with my manager": a person turns their own picture into a short conversation brief —
//! what they notice, what they would like to change in their role — edits it, and sends that
//! text, and only that text, to a leader of their own unit. Nothing else about them crosses.

use super::access::PersonRef;
use super::{OrgError, OrgResult};
use crate::picture::{load_inputs, picture};
use anneal_core::Zone;
use anneal_core::plan::PlanStatus;
use anneal_core::safety::default_support;
use anneal_core::trend::Direction;
use anneal_store::org::{Brief, OrgStore, UnitId};
use anneal_store::{Store, StoreError, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The longest brief, in characters.
pub const MAX_BRIEF_CHARS: usize = 4000;
/// How many things that stand out a draft names at most.
const DRAFT_SIGNS: usize = 3;
/// How many plan items a draft names at most.
const DRAFT_PLAN_ITEMS: usize = 3;

/// A brief as its sender and its leader see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BriefView {
    /// Its id.
    pub id: i64,
    /// Who sent it.
    pub from: PersonRef,
    /// The leader it was sent to.
    pub to: UserId,
    /// The unit it was sent within.
    pub unit: UnitId,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// The text, exactly as the person wrote it.
    pub text: String,
    /// When the leader first opened it.
    pub read_at: Option<DateTime<Utc>>,
}

impl From<Brief> for BriefView {
    fn from(b: Brief) -> Self {
        BriefView {
            id: b.id,
            from: PersonRef {
                id: b.from,
                username: b.from_name,
            },
            to: b.to,
            unit: b.unit,
            sent_at: b.created_at,
            text: b.text,
            read_at: b.read_at,
        }
    }
}

/// How a sign reads in the first person, for the dimensions a brief may mention. Health signs
/// (mood, sleep and appetite, physical strain) are left for the person to add if they wish.
fn sign_in_words(dimension: &str) -> Option<&'static str> {
    Some(match dimension {
        "exhaustion" => "my energy for work has been low",
        "overload" => "there has been more work than I can keep up with",
        "pressure" => "work has been leaving me stressed",
        "cynicism" => "I have been growing more negative about the work",
        "detachment" => "I have been keeping my distance from the work",
        "irritability" => "I have been quicker to get irritated than usual",
        "underload" => "there has not been enough to stretch me",
        "boredom" => "many days feel repetitive",
        "motivation" => "tasks have started to feel mechanical",
        "procrastination" => "I catch myself putting work off",
        "skill_use" => "some of my skills go unused",
        "growth" => "I am not learning much that is new",
        "purpose" => "the work feels less meaningful to me than it did",
        "withdrawal" => "I have been taking less initiative than I would like",
        "connection" => "I feel somewhat cut off from the people I work with",
        _ => return None,
    })
}

fn zone_in_words(zone: Zone, signs: bool) -> &'static str {
    match zone {
        Zone::Thriving if signs => {
            "Overall my work feels about right to me at the moment, though some things stand out."
        }
        Zone::Thriving => "Overall my work feels about right to me at the moment.",
        Zone::Burnout => "Lately my work has felt like more than I can sustain.",
        Zone::Rustout => "Lately my work has felt like too little challenge for me.",
        Zone::Both => {
            "Lately my work has felt like too much and not enough of the right kind at the same \
             time."
        }
    }
}

/// A short, editable draft from the person's latest picture and plan, in the first person and
/// without scores: what they notice, what they would like to change in their role (after the
/// "advocate for role evolution" strategy), and why it helps the team. Nothing is sent.
pub async fn draft_brief(store: &dyn Store, user: UserId, now: DateTime<Utc>) -> OrgResult<String> {
    let inputs = load_inputs(store, user, now).await?;
    let picture = picture(&inputs, now, default_support(), None);
    let latest = inputs.history.iter().max_by_key(|r| r.taken_at);

    let mut notice = Vec::new();
    let mut underload_side = false;
    let mut overload_side = false;
    if let (Some(picture), Some(latest)) = (&picture, latest) {
        let mut elevated: Vec<_> = latest
            .score
            .dimensions
            .iter()
            .filter(|d| d.band.is_elevated())
            .filter_map(|d| Some((d, sign_in_words(&d.id)?)))
            .collect();
        elevated.sort_by(|a, b| b.0.score.total_cmp(&a.0.score).then(a.0.id.cmp(&b.0.id)));
        notice.push(zone_in_words(picture.status.zone, !elevated.is_empty()).to_string());
        for (dimension, words) in elevated.into_iter().take(DRAFT_SIGNS) {
            notice.push(format!("{}.", capitalise(words)));
            match dimension.index {
                anneal_core::Index::Burnout => overload_side = true,
                anneal_core::Index::Rustout => underload_side = true,
                _ => {}
            }
        }
        let rising = |t: Option<anneal_core::trend::Trend>| {
            t.is_some_and(|t| t.direction == Direction::Rising)
        };
        if rising(picture.status.rustout.trend) || rising(picture.status.burnout.trend) {
            notice.push("This has been growing over the past few weeks.".to_string());
        }
        if picture.status.stuck {
            notice.push("I have been feeling stuck.".to_string());
        }
        overload_side |= matches!(picture.status.zone, Zone::Burnout | Zone::Both);
        underload_side |= matches!(picture.status.zone, Zone::Rustout | Zone::Both);
    }
    if notice.is_empty() {
        notice.push("I would like to talk about how my work is going for me.".to_string());
    }

    let mut change = vec!["I would like us to talk about how my role could evolve.".to_string()];
    if underload_side || !overload_side {
        change.push("A stretch goal or a special assignment for the coming quarter.".to_string());
        change.push(
            "Rotating some tasks, or taking on responsibilities that use more of what I can do."
                .to_string(),
        );
    }
    if overload_side {
        change.push(
            "Looking at my workload together and agreeing what can wait, move or stop.".to_string(),
        );
    }
    change.push("Agreeing on how we will both know the change is working.".to_string());

    let mut text = String::from("What I notice\n");
    for line in &notice {
        text.push_str(&format!("- {line}\n"));
    }
    text.push_str("\nWhat I would like to change in my role\n");
    for line in &change {
        text.push_str(&format!("- {line}\n"));
    }
    let doing: Vec<&str> = inputs
        .plan
        .iter()
        .filter(|p| p.status == PlanStatus::Active)
        .map(|p| p.title.as_str())
        .take(DRAFT_PLAN_ITEMS)
        .collect();
    if !doing.is_empty() {
        text.push_str("\nWhat I am already doing about it\n");
        for title in doing {
            text.push_str(&format!("- {title}\n"));
        }
    }
    text.push_str(
        "\nWhy it helps the team\n- When my work fits me better I can give more to it, and the \
         team gets the benefit.\n\nCould we find half an hour to talk about this?\n",
    );
    Ok(text)
}

/// Checks a brief's text: trimmed, 1 to [`MAX_BRIEF_CHARS`] characters.
pub fn check_brief_text(text: &str) -> OrgResult<String> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars == 0 {
        return Err(OrgError::invalid(
            "text: the brief is empty; write what you want to say",
        ));
    }
    if chars > MAX_BRIEF_CHARS {
        return Err(OrgError::invalid(format!(
            "text: {chars} characters is too long for a brief; at most {MAX_BRIEF_CHARS}"
        )));
    }
    if text.contains('\0') {
        return Err(OrgError::invalid(
            "text: the brief contains a NUL character",
        ));
    }
    Ok(text.to_string())
}

/// The leaders a person may send a brief to: the direct leaders of their own unit. Empty when
/// they belong to no unit or it has no leader.
pub async fn my_leaders(store: &dyn OrgStore, user: UserId) -> OrgResult<Vec<PersonRef>> {
    let Some(membership) = store.membership(user).await? else {
        return Ok(Vec::new());
    };
    Ok(store
        .leaders_of(membership.unit)
        .await?
        .into_iter()
        .map(PersonRef::from)
        .collect())
}

/// Sends a brief to a leader of the person's own unit. Only the text crosses, with the sender's
/// username.
pub async fn send_brief(
    store: &dyn OrgStore,
    user: UserId,
    to_leader: UserId,
    text: &str,
    now: DateTime<Utc>,
) -> OrgResult<BriefView> {
    let text = check_brief_text(text)?;
    let membership = store.membership(user).await?.ok_or_else(|| {
        OrgError::not_found("you do not belong to a unit yet, so there is no leader to send to")
    })?;
    let sent = store
        .send_brief(user, to_leader, membership.unit, &text, now)
        .await
        .map_err(|e| match e {
            StoreError::NotFound { .. } => OrgError::not_found(format!(
                "to: account {} is not a leader of your unit; a brief goes to a leader of your \
                 own unit",
                to_leader.0
            )),
            other => other.into(),
        })?;
    Ok(sent.into())
}

/// The briefs sent to this leader, newest first.
pub async fn inbox(store: &dyn OrgStore, leader: UserId) -> OrgResult<Vec<BriefView>> {
    Ok(store
        .inbox(leader)
        .await?
        .into_iter()
        .map(BriefView::from)
        .collect())
}

/// The briefs this person sent, newest first.
pub async fn sent(store: &dyn OrgStore, user: UserId) -> OrgResult<Vec<BriefView>> {
    Ok(store
        .sent_briefs(user)
        .await?
        .into_iter()
        .map(BriefView::from)
        .collect())
}

/// Marks one of the leader's briefs read.
pub async fn mark_read(
    store: &dyn OrgStore,
    leader: UserId,
    id: i64,
    now: DateTime<Utc>,
) -> OrgResult<()> {
    store
        .mark_brief_read(leader, id, now)
        .await
        .map_err(|e| match e {
            StoreError::NotFound { .. } => {
                OrgError::not_found(format!("brief {id} is not in your inbox"))
            }
            other => other.into(),
        })
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
