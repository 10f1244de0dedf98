//! `/check`: the full Spectrum check, a few statements per page. The answers given so far travel
//! with every page in hidden fields, so the person can go back and forth without losing any and
//! without JavaScript; nothing is stored until the last page is sent complete.
//!
//! `GET /check?page=N` starts at page N. Every page's form posts to `/check` with `page` (the page
//! shown) and `go`: `back` (no checks), `next` (this page's questions must be answered) or
//! `finish` (all of them must be; the first page with a gap is shown again, 422).

use crate::auth::CurrentUser;
use crate::pages::form::FormErrors;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::pulse::builtin;
use crate::pages::questionnaire::{self, Kept, Question};
use crate::pages::{PageResult, render_status};
use crate::state::AppState;
use anneal_core::instrument::{Instrument, Item};
use anneal_core::scoring::Answers;
use anneal_service::respond::{self, Submission};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::Utc;
use serde::Deserialize;

/// The full check's instrument id.
pub const SPECTRUM: &str = "spectrum";

/// Statements per page: few enough to read on a phone without losing one's place.
pub const PER_PAGE: usize = 7;

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage {
    layout: Layout,
    title: String,
    description: String,
    period: String,
    page: usize,
    pages: usize,
    first: usize,
    last: usize,
    total: usize,
    answered: usize,
    questions: Vec<Question>,
    kept: Vec<Kept>,
    errors: FormErrors,
}

/// How many pages `items` make.
pub fn page_count(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

/// Page `page` (from 1, clamped to the pages there are) of `items`, and its number.
fn page_items(items: &[Item], page: usize) -> (usize, &[Item]) {
    let page = page.clamp(1, page_count(items.len()));
    let start = ((page - 1) * PER_PAGE).min(items.len());
    let end = (start + PER_PAGE).min(items.len());
    (page, &items[start..end])
}

fn render_page(
    ctx: &PageContext,
    status: StatusCode,
    spectrum: &Instrument,
    page: usize,
    answers: &Answers,
    errors: FormErrors,
) -> PageResult {
    let (page, items) = page_items(&spectrum.items, page);
    let first = (page - 1) * PER_PAGE + 1;
    Ok(render_status(
        status,
        &CheckPage {
            layout: ctx.layout(format!(
                "Full check, page {page} of {}",
                page_count(spectrum.items.len())
            )),
            title: spectrum.title.clone(),
            description: spectrum.description.clone(),
            period: spectrum.period.clone(),
            page,
            pages: page_count(spectrum.items.len()),
            first,
            last: first + items.len().saturating_sub(1),
            total: spectrum.items.len(),
            answered: answers.len(),
            questions: questionnaire::questions(spectrum, items, first, answers, &errors),
            kept: questionnaire::kept(answers, items),
            errors,
        },
    ))
}

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

pub async fn show(
    _user: CurrentUser,
    ctx: PageContext,
    Query(query): Query<PageQuery>,
) -> PageResult {
    let spectrum = builtin(SPECTRUM)?;
    let page = query
        .page
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(1);
    render_page(
        &ctx,
        StatusCode::OK,
        spectrum,
        page,
        &Answers::new(),
        FormErrors::new(),
    )
}

/// Moves between pages keeping the answers, or records the complete check and redirects to its
/// result.
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let spectrum = builtin(SPECTRUM)?;
    let answers = questionnaire::read_answers(spectrum, &fields);
    let (page, items) = page_items(
        &spectrum.items,
        questionnaire::field(&fields, "page")
            .and_then(|p| p.trim().parse::<usize>().ok())
            .unwrap_or(1),
    );
    let first = (page - 1) * PER_PAGE + 1;
    match questionnaire::field(&fields, "go").unwrap_or("next") {
        "back" => render_page(
            &ctx,
            StatusCode::OK,
            spectrum,
            page.saturating_sub(1),
            &answers,
            FormErrors::new(),
        ),
        "finish" => {
            if let Some(gap) = first_gap(&spectrum.items, &answers) {
                let (gap_page, gap_items) = page_items(&spectrum.items, gap);
                let gap_first = (gap_page - 1) * PER_PAGE + 1;
                let errors = questionnaire::missing(gap_items, gap_first, &answers);
                return render_page(
                    &ctx,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    spectrum,
                    gap_page,
                    &answers,
                    errors,
                );
            }
            let stored = respond::record(
                &*state.store,
                user.id(),
                Submission {
                    instrument: spectrum,
                    answers,
                    taken_at: Utc::now(),
                    stuck: false,
                    note: None,
                },
            )
            .await?;
            Ok(Redirect::to(&format!("/results/{}", stored.id)).into_response())
        }
        _ => {
            let errors = questionnaire::missing(items, first, &answers);
            if errors.is_empty() {
                render_page(&ctx, StatusCode::OK, spectrum, page + 1, &answers, errors)
            } else {
                render_page(
                    &ctx,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    spectrum,
                    page,
                    &answers,
                    errors,
                )
            }
        }
    }
}

/// The first page (from 1) with an unanswered question, if any.
fn first_gap(items: &[Item], answers: &Answers) -> Option<usize> {
    items
        .iter()
        .position(|item| !answers.contains_key(&item.id))
        .map(|i| i / PER_PAGE + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spectrum() -> &'static Instrument {
        builtin(SPECTRUM).expect("the spectrum ships")
    }

    #[test]
    fn pages_cover_every_item_once() {
        let items = &spectrum().items;
        let pages = page_count(items.len());
        let mut seen = 0;
        for p in 1..=pages {
            let (n, slice) = page_items(items, p);
            assert_eq!(n, p);
            assert!(!slice.is_empty() && slice.len() <= PER_PAGE);
            seen += slice.len();
        }
        assert_eq!(seen, items.len());
    }

    #[test]
    fn out_of_range_pages_are_clamped() {
        let items = &spectrum().items;
        assert_eq!(page_items(items, 0).0, 1);
        assert_eq!(page_items(items, 999).0, page_count(items.len()));
        assert_eq!(page_count(0), 1);
        assert_eq!(page_items(&[], 3).1.len(), 0);
    }

    #[test]
    fn the_first_gap_is_found_by_page() {
        let items = &spectrum().items;
        let mut answers: Answers = items.iter().map(|i| (i.id.clone(), 3)).collect();
        assert_eq!(first_gap(items, &answers), None);
        answers.remove(&items[PER_PAGE + 1].id);
        assert_eq!(first_gap(items, &answers), Some(2));
    }
}
