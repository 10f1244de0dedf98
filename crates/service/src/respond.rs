//! Recording an assessment or a check-in, and the result a person sees for it.
//!
//! A pulse check-in of a person who shares with their unit is also added to the unit's cell for
//! the week it is *received* in, in the same transaction (see [`crate::org::sharing`]). Full
//! assessments, notes, the plan and the journal are never shared.

use crate::org::{OrgError, sharing};
use crate::picture::load_picture;
use crate::{Result, ServiceError};
use anneal_core::instrument::{Instrument, InstrumentKind};
use anneal_core::report::ResultReport;
use anneal_core::safety::SupportConfig;
use anneal_core::scoring::{Answers, score};
use anneal_store::{Backend, NewResponse, ResponseKind, Store, StoreError, StoredResponse, UserId};
use chrono::{DateTime, Utc};

/// The longest private note a check-in keeps, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// One set of answers to record.
pub struct Submission<'a> {
    pub instrument: &'a Instrument,
    pub answers: Answers,
    pub taken_at: DateTime<Utc>,
    /// The pulse's "I feel stuck" flag; ignored for a full assessment.
    pub stuck: bool,
    /// A private note; pulse only.
    pub note: Option<String>,
}

/// What kind of response an instrument's answers are.
pub fn kind_of(instrument: &Instrument) -> ResponseKind {
    match instrument.kind {
        InstrumentKind::Assessment => ResponseKind::Assessment,
        InstrumentKind::Pulse => ResponseKind::Checkin,
    }
}

/// Scores and stores the answers, received now. Nothing is stored when anything is wrong. A
/// pulse check-in of a person who shares with their unit also counts in the unit's figures for
/// this week (whatever `taken_at` says: a check-in never lands in a past week).
pub async fn record(
    store: &dyn Backend,
    user: UserId,
    s: Submission<'_>,
) -> Result<StoredResponse> {
    record_at(store, user, s, Utc::now()).await
}

/// [`record`], received at `received_at` (the clock is a parameter so tests can pin it).
pub async fn record_at(
    store: &dyn Backend,
    user: UserId,
    s: Submission<'_>,
    received_at: DateTime<Utc>,
) -> Result<StoredResponse> {
    let new = prepare(user, s)?;
    if new.kind == ResponseKind::Checkin
        && let Some(share) =
            sharing::share_into_cell(store, user, &new.score, new.stuck, received_at)
                .await
                .map_err(from_org)?
    {
        match store.insert_shared_checkin(new.clone(), share).await {
            Ok(stored) => return Ok(stored),
            // Sharing was turned off or the person moved meanwhile (NotFound), or this week was
            // already released because of clock skew between servers (Conflict): the check-in is
            // still the person's, so it is stored unshared.
            Err(StoreError::NotFound { .. } | StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(store.insert_response(new).await?)
}

/// Scores and stores the answers for the person alone, never shared with a unit: for history
/// that is not a live check-in (the demo person's past weeks).
pub async fn record_private(
    store: &dyn Store,
    user: UserId,
    s: Submission<'_>,
) -> Result<StoredResponse> {
    let new = prepare(user, s)?;
    Ok(store.insert_response(new).await?)
}

/// Scores the answers and checks the note; the response as it would be stored.
fn prepare(user: UserId, s: Submission<'_>) -> Result<NewResponse> {
    crate::dates::check_taken_at("taken_at", s.taken_at, Utc::now())?;
    let kind = kind_of(s.instrument);
    let scored = score(s.instrument, &s.answers).map_err(|e| {
        ServiceError::invalid(format!(
            "the answers do not fit the {} instrument:\n{e}",
            s.instrument.id
        ))
    })?;
    let note = match s.note.map(|n| n.trim().to_string()) {
        Some(n) if n.chars().count() > MAX_NOTE_CHARS => {
            return Err(ServiceError::invalid(format!(
                "note: {} characters is too long; at most {MAX_NOTE_CHARS}",
                n.chars().count()
            )));
        }
        Some(n) if n.is_empty() || kind != ResponseKind::Checkin => None,
        other => other,
    };
    Ok(NewResponse {
        user,
        kind,
        taken_at: s.taken_at,
        answers: s.answers,
        stuck: s.stuck && kind == ResponseKind::Checkin,
        note,
        score: scored,
    })
}

/// Looking up where to share failed: the store's error as it is, anything else as internal.
fn from_org(e: OrgError) -> ServiceError {
    match e {
        OrgError::Store(e) => ServiceError::Store(e),
        other => {
            ServiceError::Internal(format!("cannot find where to share the check-in: {other}"))
        }
    }
}

/// The result of a stored response, with the safety notice and recommendations of the person's
/// picture as it stands now.
pub async fn result_report(
    store: &dyn Store,
    user: UserId,
    stored: &StoredResponse,
    now: DateTime<Utc>,
    support: &SupportConfig,
) -> Result<ResultReport> {
    // The picture at the real `now`, even for a response dated a little ahead: the safety
    // notice's 28 days are counted back from now, never from a future date.
    let picture = load_picture(store, user, now, support, Some(stored)).await?;
    let (safety, recommendations, standing) = match picture {
        Some(p) => (
            p.safety,
            p.recommendations,
            Some((p.status.zone, p.status.leaning)),
        ),
        None => (None, vec![], None),
    };
    Ok(ResultReport::new(
        stored.id,
        stored.taken_at,
        &stored.score,
        stored.stuck,
        standing,
        safety,
        recommendations,
    ))
}
