//! `/plan`: the person's plan. Active items first in the order they come due (overdue marked),
//! each with its rhythm, completions and "what moved after"; then what was done or set aside.
//! Forms mark an item done, set it aside (with an optional reason), and add a goal, a learning
//! entry or an action of one's own. Recommendations elsewhere post here to be adopted or set
//! aside. `/plan.ics` is the plan as a calendar file.

use crate::auth::CurrentUser;
use crate::auth::session::safe_next;
use crate::error::PageError;
use crate::flash::Flash;
use crate::pages::form::FormErrors;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::setup::capitalise;
use crate::pages::{PageResult, render_status, words};
use crate::state::AppState;
use anneal_core::calendar::{PulseReminder, plan_calendar};
use anneal_core::plan::{MAX_REASON_CHARS, MAX_TITLE_CHARS, PlanKind, PlanStatus};
use anneal_core::strategy::Cadence;
use anneal_service::ServiceError;
use anneal_service::plan::{self, Dismissed, PlanEntry};
use askama::Template;
use axum::extract::rejection::PathRejection;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;

/// A plan item as the page lists it.
pub struct ItemView {
    pub id: i64,
    pub title: String,
    /// "Action", "Goal", "Learning" or "My own".
    pub kind: &'static str,
    pub cadence: &'static str,
    /// When it is next due, in words.
    pub when: Option<String>,
    pub overdue: bool,
    /// "Done 3 times, last on 2 Mar 2026", or "Not done yet".
    pub progress: String,
    /// How B and R moved around the time it started (descriptive, never causal).
    pub moved: Option<String>,
    /// For closed items: "Done on …" or "Set aside on …".
    pub closed: Option<String>,
    pub reason: Option<String>,
}

/// What each kind is called on the page.
pub fn kind_words(kind: PlanKind) -> &'static str {
    match kind {
        PlanKind::Action => "Action",
        PlanKind::Goal => "Goal",
        PlanKind::Learning => "Learning",
        PlanKind::Custom => "My own",
    }
}

impl ItemView {
    pub fn new(e: &PlanEntry) -> ItemView {
        let item = &e.item;
        let progress = match (item.completions, item.last_done_at) {
            (0, _) => "Not done yet".to_string(),
            (1, Some(at)) => format!("Done once, on {}", words::date(at)),
            (n, Some(at)) => format!("Done {n} times, last on {}", words::date(at)),
            (n, None) => format!("Done {}", words::count(n as usize, "time", "times")),
        };
        let closed = match (item.status, item.closed_at) {
            (PlanStatus::Done, Some(at)) => Some(format!("Done on {}", words::date(at))),
            (PlanStatus::Dismissed, Some(at)) => Some(format!("Set aside on {}", words::date(at))),
            (PlanStatus::Done, None) => Some("Done".to_string()),
            (PlanStatus::Dismissed, None) => Some("Set aside".to_string()),
            (PlanStatus::Active, _) => None,
        };
        ItemView {
            id: item.id,
            title: item.title.clone(),
            kind: kind_words(item.kind),
            cadence: words::cadence_words(item.cadence),
            when: e.next_due.map(|d| {
                if e.overdue {
                    format!("Overdue since {}", words::date(d))
                } else {
                    format!("Next due {}", words::date(d))
                }
            }),
            overdue: e.overdue,
            progress,
            moved: e.moved_after.as_ref().map(|m| m.message.clone()),
            closed,
            reason: item.dismiss_reason.clone(),
        }
    }
}

/// An option of a select.
pub struct SelectOption {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// What the "add to my plan" form holds.
#[derive(Debug, Default, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    cadence: String,
    #[serde(default)]
    due: String,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    layout: Layout,
    active: Vec<ItemView>,
    closed: Vec<ItemView>,
    kinds: Vec<SelectOption>,
    cadences: Vec<SelectOption>,
    title: String,
    due: String,
    errors: FormErrors,
    title_max: usize,
    reason_max: usize,
}

const ADDABLE_KINDS: [(PlanKind, &str); 3] = [
    (PlanKind::Custom, "An action of my own"),
    (PlanKind::Goal, "A goal"),
    (PlanKind::Learning, "Something to learn (learning log)"),
];

const CADENCES: [(&str, &str); 5] = [
    ("", "No set rhythm"),
    ("once", "Once"),
    ("daily", "Every day"),
    ("weekly", "Every week"),
    ("monthly", "Every month"),
];

async fn page(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageContext,
    status: StatusCode,
    form: AddForm,
    errors: FormErrors,
) -> PageResult {
    let entries = plan::list(&*state.store, user.id(), true, Utc::now()).await?;
    let (active, closed): (Vec<&PlanEntry>, Vec<&PlanEntry>) = entries
        .iter()
        .partition(|e| e.item.status == PlanStatus::Active);
    let kind = if form.kind.is_empty() {
        "custom"
    } else {
        form.kind.as_str()
    };
    Ok(render_status(
        status,
        &PlanPage {
            layout: ctx.layout("Your plan"),
            active: active.into_iter().map(ItemView::new).collect(),
            closed: closed.into_iter().map(ItemView::new).collect(),
            kinds: ADDABLE_KINDS
                .iter()
                .map(|&(k, label)| SelectOption {
                    value: k.as_str(),
                    label,
                    selected: k.as_str() == kind,
                })
                .collect(),
            cadences: CADENCES
                .iter()
                .map(|&(value, label)| SelectOption {
                    value,
                    label,
                    selected: value == form.cadence,
                })
                .collect(),
            title: form.title,
            due: form.due,
            errors,
            title_max: MAX_TITLE_CHARS,
            reason_max: MAX_REASON_CHARS,
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> PageResult {
    page(
        &state,
        &user,
        &ctx,
        StatusCode::OK,
        AddForm::default(),
        FormErrors::new(),
    )
    .await
}

/// Adds a goal, a learning entry or the person's own action.
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<AddForm>,
) -> PageResult {
    let mut errors = FormErrors::new();
    let kind = ADDABLE_KINDS
        .iter()
        .map(|&(k, _)| k)
        .find(|k| k.as_str() == form.kind.trim());
    if kind.is_none() {
        errors.add(
            "kind",
            "Choose what to add: an action of your own, a goal or something to learn.",
        );
    }
    let cadence = match form.cadence.trim() {
        "" => Ok(None),
        name => Cadence::parse(name).map(Some).ok_or(()),
    };
    if cadence.is_err() {
        errors.add(
            "cadence",
            "Choose a rhythm from the list: none, once, every day, week or month.",
        );
    }
    let due = match form.due.trim() {
        "" => Ok(None),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some),
    };
    if due.is_err() {
        errors.add(
            "due",
            "The due date is not a date. Use the date picker, or write it as 2026-03-31.",
        );
    }
    if form.title.trim().is_empty() {
        errors.add("title", "Write a few words saying what you will do.");
    }
    if let (true, Some(kind), Ok(cadence), Ok(due)) = (errors.is_empty(), kind, cadence, due) {
        match plan::add(
            &*state.store,
            user.id(),
            kind,
            &form.title,
            cadence,
            due,
            Utc::now(),
        )
        .await
        {
            Ok(item) => {
                let flash = Flash::success(format!("Added to your plan: {}", item.title));
                return Ok((state.flash_key.set(&flash), Redirect::to("/plan")).into_response());
            }
            // Kind, rhythm and date were checked above: what is left to refuse is the title.
            Err(ServiceError::Invalid(message)) => errors.add("title", capitalise(&message)),
            Err(e) => return Err(e.into()),
        }
    }
    page(
        &state,
        &user,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        form,
        errors,
    )
    .await
}

/// The form of a recommendation's buttons.
#[derive(Debug, Deserialize)]
pub struct RecommendationForm {
    /// The catalogue id of the action (adopt) or strategy (not for me).
    #[serde(default)]
    id: String,
    /// The page to go back to.
    #[serde(default)]
    back: Option<String>,
}

/// Where to go back to after a recommendation's button: the page it was on, else the plan.
fn back_to(back: Option<&str>) -> String {
    match back {
        Some(b) if !b.is_empty() => safe_next(Some(b)),
        _ => "/plan".to_string(),
    }
}

/// "Add to my plan": adopts a recommended action.
pub async fn adopt(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<RecommendationForm>,
) -> PageResult {
    let flash = match plan::adopt(
        &*state.store,
        user.id(),
        form.id.trim(),
        None,
        None,
        Utc::now(),
    )
    .await
    {
        Ok(item) => Flash::success(format!(
            "Added to your plan: {} ({}).",
            item.title.trim_end_matches('.'),
            words::cadence_words(item.cadence)
        )),
        Err(ServiceError::Invalid(message)) => Flash::error(capitalise(&message)),
        Err(e) => return Err(e.into()),
    };
    Ok((
        state.flash_key.set(&flash),
        Redirect::to(&back_to(form.back.as_deref())),
    )
        .into_response())
}

/// "Not for me": sets a recommended strategy aside for a while.
pub async fn skip(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<RecommendationForm>,
) -> PageResult {
    let flash =
        match plan::dismiss(&*state.store, user.id(), form.id.trim(), None, Utc::now()).await {
            Ok(Dismissed::Recommendation { .. }) => Flash::success(format!(
                "Set aside. It will not be suggested again for {} days.",
                anneal_core::recommend::DISMISSAL_DAYS
            )),
            // A number names a plan item, which is set aside on the plan page, not here.
            Ok(Dismissed::Item { .. }) | Err(ServiceError::Invalid(_)) => {
                Flash::error("That is not a recommendation that can be set aside.")
            }
            Err(e) => return Err(e.into()),
        };
    Ok((
        state.flash_key.set(&flash),
        Redirect::to(&back_to(form.back.as_deref())),
    )
        .into_response())
}

fn item_id(id: Result<Path<i64>, PathRejection>) -> Result<i64, PageError> {
    id.map(|Path(id)| id).map_err(|_| PageError::NotFound)
}

/// Marks an item done (a recurring one logs this time and stays in the plan).
pub async fn done(
    State(state): State<AppState>,
    user: CurrentUser,
    id: Result<Path<i64>, PathRejection>,
) -> PageResult {
    let id = item_id(id)?;
    let flash = match plan::done(&*state.store, user.id(), id, Utc::now()).await {
        Ok(item) if item.status == PlanStatus::Active => Flash::success(format!(
            "Well done. Logged for “{}”; it stays in your plan.",
            item.title
        )),
        Ok(item) => Flash::success(format!("Well done. “{}” is done.", item.title)),
        Err(ServiceError::Invalid(message)) => Flash::error(capitalise(&message)),
        Err(e) => return Err(e.into()),
    };
    Ok((state.flash_key.set(&flash), Redirect::to("/plan")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct DismissForm {
    #[serde(default)]
    reason: String,
}

/// Sets a plan item aside, with an optional reason.
pub async fn dismiss(
    State(state): State<AppState>,
    user: CurrentUser,
    id: Result<Path<i64>, PathRejection>,
    Form(form): Form<DismissForm>,
) -> PageResult {
    let id = item_id(id)?;
    let reason = Some(form.reason.trim().to_string()).filter(|r| !r.is_empty());
    let flash = match plan::dismiss(
        &*state.store,
        user.id(),
        &id.to_string(),
        reason,
        Utc::now(),
    )
    .await
    {
        Ok(Dismissed::Item { item }) => Flash::success(format!("Set aside: “{}”.", item.title)),
        Ok(Dismissed::Recommendation { .. }) => Flash::success("Set aside."),
        Err(ServiceError::Invalid(message)) => Flash::error(capitalise(&message)),
        Err(e) => return Err(e.into()),
    };
    Ok((state.flash_key.set(&flash), Redirect::to("/plan")).into_response())
}

/// The plan as an iCalendar file, with a weekly reminder for the pulse.
pub async fn calendar(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let items = state.store.plan_items(user.id()).await?;
    let ics = plan_calendar(
        &items,
        Some(PulseReminder::default()),
        user.username(),
        Utc::now(),
    );
    let mut response: Response = ics.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"anneal-plan.ics\""),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn going_back_stays_on_this_site() {
        assert_eq!(back_to(None), "/plan");
        assert_eq!(back_to(Some("")), "/plan");
        assert_eq!(back_to(Some("/results/4")), "/results/4");
        assert_eq!(back_to(Some("//evil.example")), "/");
        assert_eq!(back_to(Some("https://evil.example")), "/");
    }

    #[test]
    fn every_addable_kind_and_cadence_is_a_real_one() {
        for (kind, _) in ADDABLE_KINDS {
            assert_eq!(PlanKind::parse(kind.as_str()), Some(kind));
            assert_ne!(kind, PlanKind::Action, "actions come from recommendations");
        }
        for (value, _) in CADENCES {
            assert!(
                value.is_empty() || Cadence::parse(value).is_some(),
                "{value}"
            );
        }
    }
}
