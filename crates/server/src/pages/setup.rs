//! `/setup`: the owner account form, offered only while no account exists (afterwards it sends
//! visitors to `/login`).

use crate::auth::session;
use crate::error::PageError;
use crate::flash::Flash;
use crate::pages::form::FormErrors;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::{PageResult, render, render_status};
use crate::setup::{SetupError, create_owner};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    layout: Layout,
    username: String,
    errors: FormErrors,
}

fn closed(state: &AppState) -> axum::response::Response {
    (
        state.flash_key.set(&Flash::info(
            "This Anneal already has an account. Log in with it.",
        )),
        Redirect::to("/login"),
    )
        .into_response()
}

pub async fn show(State(state): State<AppState>, ctx: PageContext) -> PageResult {
    if state.store.count_users().await? > 0 {
        return Ok(Redirect::to("/login").into_response());
    }
    Ok(render(&SetupPage {
        layout: ctx.layout("Create the owner account"),
        username: String::new(),
        errors: FormErrors::new(),
    }))
}

#[derive(Debug, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    Form(form): Form<SetupForm>,
) -> PageResult {
    let mut errors = FormErrors::new();
    let result = if form.password != form.confirm {
        errors.add(
            "confirm",
            "The two passwords are not the same; type the same one twice.",
        );
        None
    } else {
        Some(create_owner(&state, &form.username, &form.password).await)
    };
    let user = match result {
        Some(Ok(user)) => user,
        Some(Err(SetupError::Invalid(problems))) => {
            for (field, message) in problems {
                errors.add(field, capitalise(&message));
            }
            return Ok(again(&ctx, form.username, errors));
        }
        Some(Err(SetupError::AlreadySetUp)) => return Ok(closed(&state)),
        Some(Err(SetupError::Hashing(m))) => return Err(PageError::Internal(m)),
        Some(Err(SetupError::Store(e))) => return Err(e.into()),
        None => return Ok(again(&ctx, form.username, errors)),
    };
    let started = session::start(&state, user.id).await?;
    Ok((
        [(header::SET_COOKIE, started.set_cookie)],
        state.flash_key.set(&Flash::success(
            "Your account is ready. Start with a pulse or the full check whenever you like.",
        )),
        Redirect::to("/"),
    )
        .into_response())
}

fn again(ctx: &PageContext, username: String, errors: FormErrors) -> axum::response::Response {
    render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &SetupPage {
            layout: ctx.layout("Create the owner account"),
            username,
            errors,
        },
    )
}

/// Messages from shared checks start in lower case (they also end up in API errors); on a page
/// they start a sentence.
pub(crate) fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => {
            let mut s: String = first.to_uppercase().collect();
            s.push_str(chars.as_str());
            if !s.ends_with('.') {
                s.push('.');
            }
            s
        }
        None => String::new(),
    }
}
