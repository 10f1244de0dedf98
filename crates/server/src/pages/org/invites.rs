//! Joining by invite: `/invites/{token}` (the path in every invite link). A logged-in person
//! accepts and joins the unit; a visitor without an account creates one here — the only way to
//! register besides the owner's setup — and is logged in. Creating an account through an invite
//! is shared with the API ([`register_with_invite`]).

use crate::auth::password::{self, PasswordError};
use crate::auth::session;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::PageError;
use crate::flash::Flash;
use crate::pages::form::FormErrors;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::org::{page_error, redirect_with, sentence};
use crate::pages::{PageResult, render, render_status};
use crate::setup::check_username;
use crate::state::AppState;
use anneal_service::org::OrgError;
use anneal_service::org::invites::{self, Joined, looks_like_token};
use anneal_store::org::Role;
use anneal_store::{NewUser, StoreError, User};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use thiserror::Error;

/// What an unusable invite says, whatever was wrong with it (unknown, used or expired).
pub const UNUSABLE: &str = "this invite link is unknown, already used or expired; ask whoever \
                            invited you for a new one";

/// Why an account could not be created through an invite. Nothing was kept.
#[derive(Debug, Error)]
pub enum RegisterError {
    /// Problems with the username or password, as (field, message).
    #[error("the account details are not valid")]
    Invalid(Vec<(String, String)>),
    /// The invite is unknown, used or expired.
    #[error("{UNUSABLE}")]
    Unusable,
    /// Joining failed for another reason.
    #[error(transparent)]
    Org(OrgError),
    #[error("the password could not be hashed: {0}")]
    Hashing(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Creates an account and joins the invite's unit with it. The invite is checked by using it, so
/// the account is created first and deleted again when the invite cannot be used: a failed
/// registration leaves nothing behind.
pub async fn register_with_invite(
    state: &AppState,
    token: &str,
    username: &str,
    password: &str,
) -> Result<(User, Joined), RegisterError> {
    if !looks_like_token(token.trim()) {
        return Err(RegisterError::Unusable);
    }
    let mut problems = Vec::new();
    let username = match check_username(username) {
        Ok(name) => name,
        Err(message) => {
            problems.push(("username".to_string(), message));
            String::new()
        }
    };
    if let Err(e) = password::check_new(password) {
        problems.push(("password".to_string(), e.to_string()));
    }
    if problems.is_empty() && state.store.user_by_name(&username).await?.is_some() {
        problems.push(("username".to_string(), taken(&username)));
    }
    if !problems.is_empty() {
        return Err(RegisterError::Invalid(problems));
    }
    let hash = password::hash(password, state.config.password_cost)
        .await
        .map_err(|e| match e {
            PasswordError::Hashing(m) => RegisterError::Hashing(m),
            other => RegisterError::Invalid(vec![("password".into(), other.to_string())]),
        })?;
    let user = state
        .store
        .create_user(NewUser {
            username: username.clone(),
            password_hash: Some(hash),
        })
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => {
                RegisterError::Invalid(vec![("username".into(), taken(&username))])
            }
            other => RegisterError::Store(other),
        })?;
    match invites::accept_invite(&*state.store, token, user.id, Utc::now()).await {
        Ok(joined) => Ok((user, joined)),
        Err(e) => {
            if let Err(undo) = state.store.delete_user(user.id).await {
                tracing::error!(error = %undo, "an account made for an unusable invite could not be removed");
            }
            Err(match e {
                OrgError::NotFound(_) => RegisterError::Unusable,
                other => RegisterError::Org(other),
            })
        }
    }
}

fn taken(username: &str) -> String {
    format!("the username {username:?} is taken; choose another")
}

/// What joining said, for the flash message.
fn joined_words(joined: &Joined) -> String {
    match joined.role {
        Role::Leader => format!(
            "You joined {} as a leader: its dashboard is under Team.",
            joined.unit_name
        ),
        Role::Member => format!(
            "You joined {}. Nothing of yours is shared until you choose to, below.",
            joined.unit_name
        ),
    }
}

/// Where a person goes after joining.
fn after_joining(joined: &Joined) -> String {
    match joined.role {
        Role::Leader => format!("/team/{}", joined.unit.0),
        Role::Member => "/sharing".to_string(),
    }
}

#[derive(Template)]
#[template(path = "org/invite.html")]
struct InvitePage {
    layout: Layout,
    token: String,
    /// The logged-in person's name and their session's CSRF token (for the accept form).
    logged_in: Option<(String, String)>,
    /// Set when the invite turned out to be unusable.
    unusable: Option<String>,
    username: String,
    errors: FormErrors,
}

fn invite_page(
    ctx: &PageContext,
    token: &str,
    user: Option<&CurrentUser>,
    username: String,
    errors: FormErrors,
) -> InvitePage {
    InvitePage {
        layout: ctx.layout("You are invited"),
        token: token.to_string(),
        logged_in: user.map(|u| (u.username().to_string(), u.csrf().to_string())),
        unusable: None,
        username,
        errors,
    }
}

/// The page that says the invite cannot be used (404).
fn unusable(ctx: &PageContext, token: &str) -> Response {
    let page = InvitePage {
        unusable: Some(sentence(UNUSABLE)),
        ..invite_page(ctx, token, None, String::new(), FormErrors::new())
    };
    render_status(StatusCode::NOT_FOUND, &page)
}

/// `GET /invites/{token}`: accept (logged in) or create an account (visitor).
pub async fn show(
    MaybeUser(user): MaybeUser,
    ctx: PageContext,
    Path(token): Path<String>,
) -> PageResult {
    if !looks_like_token(&token) {
        return Ok(unusable(&ctx, &token));
    }
    Ok(render(&invite_page(
        &ctx,
        &token,
        user.as_ref(),
        String::new(),
        FormErrors::new(),
    )))
}

/// `POST /invites/{token}/accept`: the logged-in person joins the invite's unit.
pub async fn accept(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(token): Path<String>,
) -> PageResult {
    match invites::accept_invite(&*state.store, &token, user.id(), Utc::now()).await {
        Ok(joined) => Ok(redirect_with(
            &state,
            Flash::success(joined_words(&joined)),
            &after_joining(&joined),
        )),
        Err(OrgError::NotFound(_)) => Ok(unusable(&ctx, &token)),
        Err(e) => Err(page_error(e)),
    }
}

/// The registration form.
#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /invites/{token}/register`: creates the visitor's account, joins the unit and logs in.
pub async fn register(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ctx: PageContext,
    Path(token): Path<String>,
    Form(form): Form<RegisterForm>,
) -> PageResult {
    if user.is_some() {
        return Ok(Redirect::to(&format!("/invites/{token}")).into_response());
    }
    let again = |errors: FormErrors| {
        render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &invite_page(&ctx, &token, None, form.username.clone(), errors),
        )
    };
    if form.password != form.confirm {
        let mut errors = FormErrors::new();
        errors.add(
            "confirm",
            "The two passwords are not the same; type the same one twice.",
        );
        return Ok(again(errors));
    }
    let (account, joined) =
        match register_with_invite(&state, &token, &form.username, &form.password).await {
            Ok(done) => done,
            Err(RegisterError::Invalid(problems)) => {
                let mut errors = FormErrors::new();
                for (field, message) in problems {
                    errors.add(field, sentence(&message));
                }
                return Ok(again(errors));
            }
            Err(RegisterError::Unusable) => return Ok(unusable(&ctx, &token)),
            Err(RegisterError::Org(e)) => return Err(page_error(e)),
            Err(RegisterError::Hashing(m)) => return Err(PageError::Internal(m)),
            Err(RegisterError::Store(e)) => return Err(e.into()),
        };
    let started = session::start(&state, account.id).await?;
    Ok((
        [(header::SET_COOKIE, started.set_cookie)],
        state.flash_key.set(&Flash::success(format!(
            "Welcome, {}. {}",
            account.username,
            joined_words(&joined)
        ))),
        Redirect::to(&after_joining(&joined)),
    )
        .into_response())
}
