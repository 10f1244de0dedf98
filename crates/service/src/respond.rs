//! Recording an assessment or a check-in, and the result a person sees for it.

use crate::picture::load_picture;
use crate::{Result, ServiceError};
use anneal_core::instrument::{Instrument, InstrumentKind};
use anneal_core::report::ResultReport;
use anneal_core::safety::SupportConfig;
use anneal_core::scoring::{Answers, score};
use anneal_store::{NewResponse, ResponseKind, Store, StoredResponse, UserId};
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

/// Scores and stores the answers. Nothing is stored when anything is wrong.
pub async fn record(store: &dyn Store, user: UserId, s: Submission<'_>) -> Result<StoredResponse> {
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
    Ok(store
        .insert_response(NewResponse {
            user,
            kind,
            taken_at: s.taken_at,
            answers: s.answers,
            stuck: s.stuck && kind == ResponseKind::Checkin,
            note,
            score: scored,
        })
        .await?)
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
    let picture = load_picture(store, user, now.max(stored.taken_at), support).await?;
    let (safety, recommendations) = match picture {
        Some(p) => (p.safety, p.recommendations),
        None => (None, vec![]),
    };
    Ok(ResultReport::new(
        stored.id,
        stored.taken_at,
        &stored.score,
        stored.stuck,
        safety,
        recommendations,
    ))
}
