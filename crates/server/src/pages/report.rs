//! `/report`: a printable summary a person could take to a manager, a doctor or a therapist:
//! who and which weeks, the latest zone and indices, the trend chart, the dimensions of the latest
//! full check, early warnings, the plan and what moved, and the screening-aid line. It never
//! includes the journal or the private notes. The page has no site navigation; its print styles
//! give black text on white with sensible page breaks.

use crate::auth::CurrentUser;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::plan::ItemView;
use crate::pages::view::{self, ChartRow, DimensionGroup, IndexView, WarningView};
use crate::pages::{PageResult, render, words};
use crate::state::AppState;
use anneal_core::model::Index;
use anneal_core::plan::PlanStatus;
use anneal_core::report::IndexStatusReport;
use anneal_core::safety::SCREENING_NOTE;
use anneal_service::picture::status_view;
use anneal_service::plan::{self, PlanEntry};
use anneal_store::{ResponseKind, ResponseQuery, StoredResponse};
use askama::Template;
use axum::extract::{Query, State};
use chrono::{Duration, Utc};
use serde::Deserialize;

/// The periods a report can cover, in weeks.
pub const PERIODS: [i64; 4] = [4, 12, 26, 52];

/// The period shown unless another is chosen.
pub const DEFAULT_WEEKS: i64 = 12;

/// The latest full check's dimensions.
pub struct LatestCheck {
    /// The line above the tables, with the check's date.
    pub note: String,
    pub dimensions: Vec<DimensionGroup>,
}

/// The report of a person with answers.
pub struct ReportBody {
    pub range: String,
    pub answers: String,
    pub zone_title: String,
    pub zone_text: String,
    /// The safety notice, first in the report when it is raised.
    pub safety: Option<crate::pages::view::SafetyView>,
    pub as_of: String,
    pub indices: Vec<IndexView>,
    pub balance: Option<(String, &'static str)>,
    pub trend_svg: String,
    pub rows: Vec<ChartRow>,
    pub check: Option<LatestCheck>,
    pub warnings: Vec<WarningView>,
    pub active: Vec<ReportItem>,
    pub finished: Vec<ReportItem>,
}

/// A plan item as the report lists it.
pub struct ReportItem {
    pub title: String,
    /// "my own, every week; done twice, last on 3 Mar 2026" or "done on 3 Mar 2026".
    pub detail: String,
    pub moved: Option<String>,
}

impl ReportItem {
    fn new(e: &PlanEntry) -> ReportItem {
        let view = ItemView::new(e);
        let detail = match &view.closed {
            Some(closed) => lower_first(closed),
            None => format!(
                "{}, {}; {}",
                lower_first(view.kind),
                view.cadence,
                lower_first(&view.progress)
            ),
        };
        ReportItem {
            title: view.title,
            detail,
            moved: view.moved,
        }
    }
}

/// The text with its first letter lower-case ("Done once" → "done once"); dates keep theirs.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A choice of period.
pub struct PeriodOption {
    pub weeks: i64,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    layout: Layout,
    username: String,
    today: String,
    weeks: i64,
    periods: Vec<PeriodOption>,
    body: Option<ReportBody>,
    screening_note: &'static str,
}

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    weeks: Option<String>,
}

/// The period asked for, if it is one of [`PERIODS`]; else the default.
fn period(asked: Option<&str>) -> i64 {
    asked
        .and_then(|w| w.trim().parse::<i64>().ok())
        .filter(|w| PERIODS.contains(w))
        .unwrap_or(DEFAULT_WEEKS)
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Query(query): Query<ReportQuery>,
) -> PageResult {
    let weeks = period(query.weeks.as_deref());
    let now = Utc::now();
    let since = now - Duration::weeks(weeks);
    let body = match status_view(&*state.store, user.id(), now, &state.support).await? {
        None => None,
        Some(view) => {
            let all = state
                .store
                .responses(user.id(), ResponseQuery::default())
                .await?;
            let in_range: Vec<StoredResponse> = all
                .iter()
                .filter(|r| r.taken_at >= since)
                .cloned()
                .collect();
            let charts =
                view::Charts::new(&in_range, &view.status.warnings, Some(view.status.as_of));
            let check = all
                .iter()
                .filter(|r| r.kind == ResponseKind::Assessment)
                .max_by_key(|r| (r.taken_at, r.id))
                .map(|r| {
                    let report = anneal_core::report::ResultReport::new(
                        r.id,
                        r.taken_at,
                        &r.score,
                        false,
                        None,
                        None,
                        Vec::new(),
                    );
                    LatestCheck {
                        note: format!(
                            "From the full check of {}. Scores run from 0 to 100; higher means more strain.",
                            words::date(r.taken_at)
                        ),
                        dimensions: view::dimension_groups(&report.instrument, &report.dimensions),
                    }
                });
            let entries = plan::list(&*state.store, user.id(), true, now).await?;
            let s = &view.status;
            let index =
                |i: Index, r: &IndexStatusReport| IndexView::new(i, r.score, r.band).with_trend(r);
            let first = in_range.iter().map(|r| r.taken_at).min();
            let last = in_range.iter().map(|r| r.taken_at).max();
            Some(ReportBody {
                range: match (first, last) {
                    (Some(a), Some(b)) if a.date_naive() != b.date_naive() => {
                        format!("{} to {}", words::date(a), words::date(b))
                    }
                    (Some(a), _) => words::date(a),
                    _ => format!("no answers in the last {weeks} weeks"),
                },
                answers: words::count(in_range.len(), "answer", "answers"),
                zone_title: s.reading.title.clone(),
                zone_text: s.reading.text.clone(),
                safety: s
                    .safety
                    .as_ref()
                    .map(|n| crate::pages::view::SafetyView::new(n, &state.support)),
                as_of: words::date(s.as_of),
                indices: vec![
                    index(Index::Burnout, &s.burnout),
                    index(Index::Rustout, &s.rustout),
                ],
                balance: s
                    .balance
                    .map(|c| (words::signed(c), words::balance_words(c))),
                trend_svg: charts.trend_svg,
                rows: charts.rows,
                check,
                warnings: view::warnings(&s.warnings),
                active: entries
                    .iter()
                    .filter(|e| e.item.status == PlanStatus::Active)
                    .map(ReportItem::new)
                    .collect(),
                finished: entries
                    .iter()
                    .filter(|e| {
                        e.item.status == PlanStatus::Done
                            && e.item.closed_at.is_some_and(|at| at >= since)
                    })
                    .map(ReportItem::new)
                    .collect(),
            })
        }
    };
    Ok(render(&ReportPage {
        layout: ctx.layout("Report"),
        username: user.username().to_string(),
        today: words::date(now),
        weeks,
        periods: PERIODS
            .iter()
            .map(|&w| PeriodOption {
                weeks: w,
                selected: w == weeks,
            })
            .collect(),
        body,
        screening_note: SCREENING_NOTE,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_letter_is_lowered() {
        assert_eq!(lower_first("Done on 3 Mar 2026"), "done on 3 Mar 2026");
        assert_eq!(lower_first(""), "");
    }

    #[test]
    fn only_offered_periods_are_accepted() {
        assert_eq!(period(None), DEFAULT_WEEKS);
        assert_eq!(period(Some("26")), 26);
        assert_eq!(period(Some(" 52 ")), 52);
        assert_eq!(period(Some("7")), DEFAULT_WEEKS);
        assert_eq!(period(Some("-4")), DEFAULT_WEEKS);
        assert_eq!(period(Some("lots")), DEFAULT_WEEKS);
    }
}
