//! `/results/{id}`: the result of one of the person's stored answers: the safety notice first
//! when raised, the zone in plain words, both indices with their bands, why, the dimensions,
//! what to try, and the screening-aid line. Someone else's id is a 404, like an unknown one.

use crate::auth::CurrentUser;
use crate::error::PageError;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::view::{self, DimensionGroup, IndexView, RecommendationView, SafetyView};
use crate::pages::{PageResult, render, words};
use crate::state::AppState;
use anneal_core::model::Index;
use anneal_service::respond;
use anneal_store::{ResponseKind, ResponseQuery};
use askama::Template;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use chrono::Utc;

#[derive(Template)]
#[template(path = "result.html")]
struct ResultPage {
    layout: Layout,
    safety: Option<SafetyView>,
    instrument: String,
    pulse: bool,
    date: String,
    zone_class: &'static str,
    zone_title: String,
    zone_text: String,
    indices: Vec<IndexView>,
    balance: Option<(String, &'static str)>,
    stuck: bool,
    note: Option<String>,
    why: Vec<String>,
    dimensions: Vec<DimensionGroup>,
    /// Where the moderate and high bands of the indices start.
    bands: (String, String),
    recommendations: Vec<RecommendationView>,
    back: String,
    screening_note: &'static str,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    id: Result<Path<i64>, PathRejection>,
) -> PageResult {
    let Ok(Path(id)) = id else {
        return Err(PageError::NotFound);
    };
    // Only the person's own answers are searched, so another person's id is simply not found.
    let stored = state
        .store
        .responses(user.id(), ResponseQuery::default())
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(PageError::NotFound)?;
    let report = respond::result_report(
        &*state.store,
        user.id(),
        &stored,
        Utc::now(),
        &state.support,
    )
    .await?;
    let pulse = stored.kind == ResponseKind::Checkin;
    Ok(render(&ResultPage {
        layout: ctx.layout(if pulse {
            "Your pulse result"
        } else {
            "Your full check result"
        }),
        safety: report
            .safety
            .as_ref()
            .map(|s| SafetyView::new(s, &state.support)),
        instrument: words::instrument_title(&report.instrument),
        pulse,
        date: words::date(report.taken_at),
        zone_class: words::reading_class(&report.reading, report.safety.is_some()),
        zone_title: report.reading.title.clone(),
        zone_text: report.reading.text.clone(),
        indices: vec![
            IndexView::new(Index::Burnout, report.burnout.score, report.burnout.band),
            IndexView::new(Index::Rustout, report.rustout.score, report.rustout.band),
        ],
        balance: report
            .balance
            .map(|c| (words::signed(c), words::balance_words(c))),
        stuck: report.stuck,
        note: stored.note.clone(),
        why: view::why(
            &report.instrument,
            (report.burnout.score, report.burnout.band),
            (report.rustout.score, report.rustout.band),
            &report.dimensions,
        ),
        dimensions: view::dimension_groups(&report.instrument, &report.dimensions),
        bands: {
            let b = view::bands_of(&report.instrument);
            (words::whole(b.moderate), words::whole(b.high))
        },
        recommendations: view::recommendations(&report.recommendations),
        back: format!("/results/{id}"),
        screening_note: report.screening_note,
    }))
}
