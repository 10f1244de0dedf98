//! "Share with my manager": `/brief`, where a person edits a drafted conversation brief and sends
//! that text — and only that text — to a leader of their own unit; and `/inbox`, where a leader
//! reads the briefs sent to them.

use crate::auth::CurrentUser;
use crate::flash::Flash;
use crate::pages::form::FormErrors;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::org::admin::PersonView;
use crate::pages::org::{add_error, is_form_problem, page_error, redirect_with};
use crate::pages::{PageResult, render, render_status, words};
use crate::state::AppState;
use anneal_service::org::OrgError;
use anneal_service::org::briefs::{self, BriefView, MAX_BRIEF_CHARS};
use anneal_store::UserId;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;

/// A brief in a list.
pub struct BriefRow {
    pub id: i64,
    /// The sender (in the inbox) or the leader it went to (in what was sent).
    pub who: String,
    pub when: String,
    pub text: String,
    pub read: Option<String>,
}

#[derive(Template)]
#[template(path = "org/brief.html")]
struct BriefPage {
    layout: Layout,
    in_unit: bool,
    leaders: Vec<PersonView>,
    to: String,
    text: String,
    max_chars: usize,
    sent: Vec<BriefRow>,
    errors: FormErrors,
}

async fn brief_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageContext,
    to: String,
    text: Option<String>,
    errors: FormErrors,
) -> Result<BriefPage, OrgError> {
    let store = &*state.store;
    let in_unit = store.membership(user.id()).await?.is_some();
    let leaders = briefs::my_leaders(store, user.id()).await?;
    let text = match text {
        Some(text) => text,
        None => briefs::draft_brief(store, user.id(), Utc::now()).await?,
    };
    let sent = briefs::sent(store, user.id()).await?;
    let name_of = |id: UserId| {
        leaders
            .iter()
            .find(|l| l.id == id)
            .map_or_else(|| "a leader".to_string(), |l| l.username.clone())
    };
    Ok(BriefPage {
        layout: ctx.layout("Share with your manager"),
        in_unit,
        to,
        text,
        max_chars: MAX_BRIEF_CHARS,
        sent: sent.iter().map(|b| row(b, name_of(b.to))).collect(),
        leaders: leaders.iter().map(PersonView::from).collect(),
        errors,
    })
}

fn row(b: &BriefView, who: String) -> BriefRow {
    BriefRow {
        id: b.id,
        who,
        when: words::date(b.sent_at),
        text: b.text.clone(),
        read: b.read_at.map(words::date),
    }
}

/// `GET /brief`: a draft from the person's own picture and plan, to edit and send.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> PageResult {
    let page = brief_page(&state, &user, &ctx, String::new(), None, FormErrors::new())
        .await
        .map_err(page_error)?;
    Ok(render(&page))
}

/// The brief form.
#[derive(Debug, Deserialize)]
pub struct BriefForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    text: String,
}

/// `POST /brief`: sends the text to the chosen leader of the person's unit.
pub async fn send(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<BriefForm>,
) -> PageResult {
    let result = match form.to.trim().parse::<i64>() {
        Ok(to) => {
            briefs::send_brief(&*state.store, user.id(), UserId(to), &form.text, Utc::now()).await
        }
        Err(_) => Err(OrgError::invalid("to: choose the leader to send it to")),
    };
    match result {
        Ok(sent) => {
            let to = briefs::my_leaders(&*state.store, user.id())
                .await
                .map_err(page_error)?
                .into_iter()
                .find(|l| l.id == sent.to)
                .map_or_else(|| "your leader".to_string(), |l| l.username);
            Ok(redirect_with(
                &state,
                Flash::success(format!(
                    "Sent to {to}. Only the text you wrote was sent; nothing else about you."
                )),
                "/brief",
            ))
        }
        Err(e) if is_form_problem(&e) => {
            let field = if e.to_string().starts_with("text") {
                "text"
            } else {
                "to"
            };
            let mut errors = FormErrors::new();
            add_error(&mut errors, field, &e);
            let page = brief_page(&state, &user, &ctx, form.to, Some(form.text), errors)
                .await
                .map_err(page_error)?;
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(page_error(e)),
    }
}

#[derive(Template)]
#[template(path = "org/inbox.html")]
struct InboxPage {
    layout: Layout,
    briefs: Vec<BriefRow>,
}

/// `GET /inbox`: the briefs sent to this person as a leader, newest first.
pub async fn inbox(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> PageResult {
    let received = briefs::inbox(&*state.store, user.id())
        .await
        .map_err(page_error)?;
    Ok(render(&InboxPage {
        layout: ctx.layout("Briefs sent to you"),
        briefs: received
            .iter()
            .map(|b| row(b, b.from.username.clone()))
            .collect(),
    }))
}

/// `POST /inbox/{id}/read`.
pub async fn mark_read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> PageResult {
    briefs::mark_read(&*state.store, user.id(), id, Utc::now())
        .await
        .map_err(page_error)?;
    Ok(redirect_with(
        &state,
        Flash::success("Marked as read."),
        "/inbox",
    ))
}
