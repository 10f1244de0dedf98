//! `/login` and `POST /logout`.
//!
//! A failed login says only that the username and password do not match, never which one was
//! wrong, and takes as long for an unknown username as for a wrong password. Failures count
//! toward the login rate limit ([`crate::auth::limiter`]).

use crate::auth::client::ClientIp;
use crate::auth::session::{self, CurrentUser, safe_next};
use crate::auth::{MaybeUser, password};
use crate::error::PageError;
use crate::flash::Flash;
use crate::pages::form::FormErrors;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::{PageResult, render, render_status};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use std::time::Instant;

/// What a failed login says, whatever was wrong.
pub const LOGIN_FAILED: &str =
    "That username and password do not match an account. Check both and try again.";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    username: String,
    next: String,
    errors: FormErrors,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ctx: PageContext,
    Query(query): Query<NextQuery>,
) -> PageResult {
    if user.is_some() {
        return Ok(Redirect::to(&safe_next(query.next.as_deref())).into_response());
    }
    if state.store.count_users().await? == 0 {
        return Ok(Redirect::to("/setup").into_response());
    }
    Ok(render(&LoginPage {
        layout: ctx.layout("Log in"),
        username: String::new(),
        next: safe_next(query.next.as_deref()),
        errors: FormErrors::new(),
    }))
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    MaybeUser(previous): MaybeUser,
    ctx: PageContext,
    Form(form): Form<LoginForm>,
) -> PageResult {
    let username = form.username.trim();
    if let Err(wait) = state.limiter.check(ip, username, Instant::now()) {
        tracing::warn!("login refused by the rate limit");
        return Err(PageError::TooManyRequests(wait));
    }
    let user = if username.is_empty() {
        None
    } else {
        state.store.user_by_name(username).await?
    };
    let hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
    let matches = password::verify(&form.password, hash, state.config.password_cost).await;
    let Some(user) = user.filter(|_| matches) else {
        state.limiter.record_failure(ip, username, Instant::now());
        tracing::info!("a login failed");
        let mut errors = FormErrors::new();
        errors.add("username", LOGIN_FAILED);
        return Ok(render_status(
            StatusCode::UNAUTHORIZED,
            &LoginPage {
                layout: ctx.layout("Log in"),
                username: username.to_string(),
                next: safe_next(form.next.as_deref()),
                errors,
            },
        ));
    };
    state.limiter.record_success(username);
    if let Some(previous) = previous {
        session::end(&state, &previous).await?;
    }
    let started = session::start(&state, user.id).await?;
    Ok((
        [(header::SET_COOKIE, started.set_cookie)],
        Redirect::to(&safe_next(form.next.as_deref())),
    )
        .into_response())
}

pub async fn logout(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    session::end(&state, &user).await?;
    let mut response = (
        state.flash_key.set(&Flash::info("You are logged out.")),
        Redirect::to("/login"),
    )
        .into_response();
    if let Some(clear) = session::clear_cookie() {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    Ok(response)
}
