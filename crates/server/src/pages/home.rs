//! `/`: the person's status. Until someone logs in it sends visitors on: to `/setup` while no
//! account exists, else to `/login`.
//!
//! For a person with answers: the safety notice first when raised, the zone in plain words,
//! burnout and rust-out with their bands and trends, the challenge balance, early warnings, the
//! spectrum map and the trend chart (each with a text alternative), what is next in the plan, and
//! recommendations to adopt or set aside. Without answers: a welcome that explains the two
//! instruments.

use crate::auth::MaybeUser;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::view::{self, Charts, IndexView, RecommendationView, SafetyView, WarningView};
use crate::pages::{PageResult, render, words};
use crate::state::AppState;
use anneal_core::instrument;
use anneal_core::model::Index;
use anneal_core::report::IndexStatusReport;
use anneal_core::safety::SCREENING_NOTE;
use anneal_service::picture::{StatusView, status_view};
use anneal_service::plan::NextAction;
use anneal_store::ResponseQuery;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use chrono::{Duration, Utc};

/// How many weeks of answers the status page's charts show: the window the picture is built from.
pub const CHART_WEEKS: i64 = anneal_service::picture::PICTURE_WEEKS;

/// One plan item of "Next in your plan".
pub struct NextView {
    pub title: String,
    /// "due 3 Mar 2026", "overdue since 3 Mar 2026" or "no due date".
    pub when: String,
    pub overdue: bool,
}

impl NextView {
    pub fn new(n: &NextAction) -> NextView {
        let when = match n.next_due {
            Some(d) if n.overdue => format!("overdue since {}", words::date(d)),
            Some(d) => format!("due {}", words::date(d)),
            None => "no due date".to_string(),
        };
        NextView {
            title: n.title.clone(),
            when,
            overdue: n.overdue,
        }
    }
}

/// Everything the status page shows for a person with answers.
pub struct StatusBody {
    pub safety: Option<SafetyView>,
    pub zone_class: &'static str,
    pub zone_title: String,
    pub zone_text: String,
    pub as_of: String,
    pub built_from: String,
    pub indices: Vec<IndexView>,
    pub balance: Option<(String, &'static str)>,
    /// Reliable change between the last two full checks, one sentence per index.
    pub changes: Vec<String>,
    pub stuck: bool,
    pub warnings: Vec<WarningView>,
    pub charts: Charts,
    pub next: Vec<NextView>,
    pub recommendations: Vec<RecommendationView>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    body: Option<StatusBody>,
    chart_weeks: i64,
    pulse_items: usize,
    check_items: usize,
    screening_note: &'static str,
}

pub async fn show(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ctx: PageContext,
) -> PageResult {
    let Some(user) = user else {
        let to = if state.store.count_users().await? == 0 {
            "/setup"
        } else {
            "/login"
        };
        return Ok(Redirect::to(to).into_response());
    };
    let now = Utc::now();
    let view = status_view(&*state.store, user.id(), now, &state.support).await?;
    let body = match view {
        Some(view) => {
            let recent = state
                .store
                .responses(
                    user.id(),
                    ResponseQuery {
                        since: Some(now - Duration::weeks(CHART_WEEKS)),
                        ..ResponseQuery::default()
                    },
                )
                .await?;
            Some(status_body(
                &state,
                &view,
                Charts::new(&recent, &view.status.warnings, Some(view.status.as_of)),
            ))
        }
        None => None,
    };
    let count = |id: &str| instrument::builtin_by_id(id).map_or(0, |i| i.items.len());
    Ok(render(&HomePage {
        layout: ctx.layout(if body.is_some() {
            "Your status"
        } else {
            "Welcome"
        }),
        body,
        chart_weeks: CHART_WEEKS,
        pulse_items: count("pulse"),
        check_items: count("spectrum"),
        screening_note: SCREENING_NOTE,
    }))
}

fn status_body(state: &AppState, view: &StatusView, charts: Charts) -> StatusBody {
    let s = &view.status;
    let index = |i: Index, r: &IndexStatusReport| IndexView::new(i, r.score, r.band).with_trend(r);
    StatusBody {
        safety: s
            .safety
            .as_ref()
            .map(|n| SafetyView::new(n, &state.support)),
        zone_class: words::reading_class(&s.reading, s.safety.is_some()),
        zone_title: s.reading.title.clone(),
        zone_text: s.reading.text.clone(),
        as_of: words::date(s.as_of),
        built_from: words::count(s.responses, "answer", "answers"),
        indices: vec![
            index(Index::Burnout, &s.burnout),
            index(Index::Rustout, &s.rustout),
        ],
        balance: s
            .balance
            .map(|c| (words::signed(c), words::balance_words(c))),
        changes: [(Index::Burnout, &s.burnout), (Index::Rustout, &s.rustout)]
            .into_iter()
            .filter_map(|(i, r)| {
                let c = r.reliable_change.as_ref()?;
                let verdict = if c.reliable {
                    "a real change, larger than the check's margin of error"
                } else {
                    "no clear change: within the check's margin of error"
                };
                Some(format!(
                    "{} between your last two full checks: {} → {}, {verdict}.",
                    words::index_name(i),
                    words::whole(c.before),
                    words::whole(c.after),
                ))
            })
            .collect(),
        stuck: s.stuck,
        warnings: view::warnings(&s.warnings),
        charts,
        next: view.next_actions.iter().map(NextView::new).collect(),
        recommendations: view::recommendations(&s.recommendations),
    }
}
