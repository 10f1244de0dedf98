//! `/history`: every answer as a table, newest first, each row linking to its result and to
//! deleting it (a confirmation page, then a CSRF-protected form); and `/history.csv`, the same
//! series as a spreadsheet file.

use crate::auth::CurrentUser;
use crate::error::PageError;
use crate::flash::Flash;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::{PageResult, render, words};
use crate::state::AppState;
use anneal_core::report::HistoryPointReport;
use anneal_service::ServiceError;
use anneal_service::responses;
use anneal_store::{ResponseQuery, StoredResponse};
use askama::Template;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;

/// One row of the table.
pub struct HistoryRow {
    pub id: i64,
    pub date: String,
    pub instrument: String,
    pub zone: &'static str,
    pub burnout: String,
    pub rustout: String,
    pub balance: String,
    pub stuck: bool,
}

impl HistoryRow {
    pub fn new(r: &StoredResponse) -> HistoryRow {
        HistoryRow {
            id: r.id,
            date: words::date(r.taken_at),
            instrument: words::instrument_short(&r.score.instrument),
            zone: anneal_core::words::zone_label(r.score.zone),
            burnout: format!("{:.1}", r.score.burnout.score),
            rustout: format!("{:.1}", r.score.rustout.score),
            balance: r.score.balance.map(words::signed).unwrap_or_default(),
            stuck: r.stuck,
        }
    }
}

#[derive(Template)]
#[template(path = "history_delete.html")]
struct DeletePage {
    layout: Layout,
    id: i64,
    what: String,
    burnout: String,
    rustout: String,
}

/// The confirmation step before deleting one response; another person's or a missing id is 404.
pub async fn confirm_delete(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    id: Result<Path<i64>, PathRejection>,
) -> PageResult {
    let Ok(Path(id)) = id else {
        return Err(PageError::NotFound);
    };
    let r = responses::find(&*state.store, user.id(), id).await?;
    Ok(render(&DeletePage {
        layout: ctx.layout("Delete a response"),
        id,
        what: responses::describe(&r),
        burnout: format!("{:.1}", r.score.burnout.score),
        rustout: format!("{:.1}", r.score.rustout.score),
    }))
}

/// Deletes one response (the form carries the session's CSRF token) and goes back to the
/// history with a message.
pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    id: Result<Path<i64>, PathRejection>,
) -> PageResult {
    let Ok(Path(id)) = id else {
        return Err(PageError::NotFound);
    };
    let flash = match responses::find(&*state.store, user.id(), id).await {
        Ok(r) => {
            responses::delete(&*state.store, user.id(), id).await?;
            Flash::success(format!("Deleted {}.", responses::describe(&r)))
        }
        Err(ServiceError::NotFound(_)) => Flash::error("There is no such response to delete."),
        Err(e) => return Err(e.into()),
    };
    Ok((state.flash_key.set(&flash), Redirect::to("/history")).into_response())
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    layout: Layout,
    rows: Vec<HistoryRow>,
}

/// The person's answers, newest first.
async fn newest_first(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<StoredResponse>, crate::error::PageError> {
    let mut responses = state
        .store
        .responses(user.id(), ResponseQuery::default())
        .await?;
    responses.sort_by_key(|r| std::cmp::Reverse((r.taken_at, r.id)));
    Ok(responses)
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> PageResult {
    let responses = newest_first(&state, &user).await?;
    Ok(render(&HistoryPage {
        layout: ctx.layout("Your history"),
        rows: responses.iter().map(HistoryRow::new).collect(),
    }))
}

/// The CSV header, the same columns as `anneal history --csv`.
pub const CSV_HEADER: &str = "at,instrument,zone,burnout,rustout,balance,stuck\n";

/// The series as CSV, one line per answer in the order given.
pub fn csv(responses: &[StoredResponse]) -> String {
    let mut out = String::from(CSV_HEADER);
    for r in responses {
        let p = HistoryPointReport::new(r.taken_at, &r.score, r.stuck);
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            p.at.to_rfc3339(),
            csv_field(&p.instrument),
            p.zone,
            p.burnout,
            p.rustout,
            p.balance.map(|b| b.to_string()).unwrap_or_default(),
            p.stuck
        ));
    }
    out
}

/// A field quoted when it holds a comma, quote or line break, and kept from being read as a
/// formula by spreadsheets.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

pub async fn download(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let responses = newest_first(&state, &user).await?;
    let mut response: Response = csv(&responses).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    let disposition = format!(
        "attachment; filename=\"anneal-history-{}.csv\"",
        Utc::now().format("%Y-%m-%d")
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("pulse"), "pulse");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
    }

    #[test]
    fn an_empty_history_is_just_the_header() {
        assert_eq!(csv(&[]), CSV_HEADER);
    }
}
