//! `/pulse`: the weekly check-in on one screen. Seven questions as radio groups, the "I feel
//! stuck" flag and a private note. A complete answer is recorded and the person lands on its
//! result; anything missing shows the page again with the choices kept and nothing stored.
//! A member of a unit also sees whether they share with it, how many people are in it and how
//! many joined lately, and what stopping, leaving or moving takes back.

use crate::auth::CurrentUser;
use crate::error::PageError;
use crate::pages::form::FormErrors;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::org::page_error;
use crate::pages::questionnaire::{self, Question};
use crate::pages::{PageResult, render, render_status};
use crate::state::AppState;
use anneal_core::instrument::{self, Instrument};
use anneal_core::scoring::Answers;
use anneal_service::org::sharing::{self, RulesView, TAKE_BACK};
use anneal_service::respond::{self, MAX_NOTE_CHARS, Submission};
use askama::Template;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::Utc;

/// The pulse instrument's id.
pub const PULSE: &str = "pulse";

#[derive(Template)]
#[template(path = "pulse.html")]
struct PulsePage {
    layout: Layout,
    title: String,
    description: String,
    period: String,
    questions: Vec<Question>,
    stuck: bool,
    note: String,
    note_max: usize,
    errors: FormErrors,
    /// The person's unit, sharing and headcount; `None` outside a unit.
    rules: Option<RulesView>,
    /// What stopping, leaving or moving takes back.
    take_back: &'static str,
}

/// The built-in instrument `id`; its absence is a broken build, reported as a server failure.
pub fn builtin(id: &str) -> Result<&'static Instrument, PageError> {
    instrument::builtin_by_id(id)
        .ok_or_else(|| PageError::Internal(format!("the built-in instrument {id:?} is missing")))
}

/// The person's unit and its rules, for the page.
async fn rules_of(state: &AppState, user: &CurrentUser) -> Result<Option<RulesView>, PageError> {
    sharing::rules_for_person(&*state.store, user.id(), Utc::now())
        .await
        .map_err(page_error)
}

fn page(
    ctx: &PageContext,
    pulse: &Instrument,
    answers: &Answers,
    stuck: bool,
    note: String,
    errors: FormErrors,
    rules: Option<RulesView>,
) -> PulsePage {
    PulsePage {
        layout: ctx.layout("Weekly pulse"),
        title: pulse.title.clone(),
        description: pulse.description.clone(),
        period: pulse.period.clone(),
        questions: questionnaire::questions(pulse, &pulse.items, 1, answers, &errors),
        stuck,
        note,
        note_max: MAX_NOTE_CHARS,
        errors,
        rules,
        take_back: TAKE_BACK,
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> PageResult {
    let pulse = builtin(PULSE)?;
    let rules = rules_of(&state, &user).await?;
    Ok(render(&page(
        &ctx,
        pulse,
        &Answers::new(),
        false,
        String::new(),
        FormErrors::new(),
        rules,
    )))
}

/// Records a complete pulse and redirects to its result; otherwise shows the page again (422).
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let pulse = builtin(PULSE)?;
    let answers = questionnaire::read_answers(pulse, &fields);
    let stuck = questionnaire::field(&fields, "stuck").is_some();
    let note = questionnaire::field(&fields, "note")
        .unwrap_or_default()
        .to_string();
    let mut errors = questionnaire::missing(&pulse.items, 1, &answers);
    let note_chars = note.trim().chars().count();
    if note_chars > MAX_NOTE_CHARS {
        errors.add(
            "note",
            format!(
                "The note has {note_chars} characters; at most {MAX_NOTE_CHARS} fit. Shorten it, or keep the longer thought in your journal."
            ),
        );
    }
    if !errors.is_empty() {
        let rules = rules_of(&state, &user).await?;
        return Ok(render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&ctx, pulse, &answers, stuck, note, errors, rules),
        ));
    }
    let stored = respond::record(
        &*state.store,
        user.id(),
        Submission {
            instrument: pulse,
            answers,
            taken_at: Utc::now(),
            stuck,
            note: Some(note),
        },
    )
    .await?;
    Ok(Redirect::to(&format!("/results/{}", stored.id)).into_response())
}
