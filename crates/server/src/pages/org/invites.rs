//! Joining by invite: `/invites/{token}` (the path in every invite link). A logged-in person
//! accepts it; a visitor without an account creates one here — the only way to register besides
//! the owner's setup — and is logged in, but only with an invite an admin made: a leader's invite
//! offers to log in instead (`anneal_service::org::invites::check_may_register`). Creating an
//! account through an invite is shared with the API ([`register_with_invite`]).

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
pub use anneal_service::org::invites::UNUSABLE;
use anneal_service::org::invites::{self, Admits, InviteInfo, Joined, looks_like_token};
use anneal_store::org::Role;
use anneal_store::{NewUser, StoreError, User};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use thiserror::Error;

/// Why an account could not be created through an invite. Nothing was kept.
#[derive(Debug, Error)]
pub enum RegisterError {
    /// Problems with the username or password, as (field, message).
    #[error("the account details are not valid")]
    Invalid(Vec<(String, String)>),
    /// The invite is unknown, used or expired.
    #[error("{UNUSABLE}")]
    Unusable,
    /// A leader made the invite: only someone logged in to an account they already have can
    /// accept it. The message says so and what to do.
    #[error("{0}")]
    NeedsAccount(String),
    /// Joining failed for another reason.
    #[error(transparent)]
    Org(OrgError),
    #[error("the password could not be hashed: {0}")]
    Hashing(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Checks, before anything is written, that the invite behind `token` may create an account;
/// otherwise says why: unknown, used or expired, or made by a leader.
pub async fn check_registration(state: &AppState, token: &str) -> Result<(), RegisterError> {
    match invites::check_may_register(&*state.store, token, Utc::now()).await {
        Ok(_) => Ok(()),
        Err(OrgError::NotFound(_)) => Err(RegisterError::Unusable),
        Err(OrgError::Forbidden(m)) => Err(RegisterError::NeedsAccount(m)),
        Err(other) => Err(RegisterError::Org(other)),
    }
}

/// Creates an account and joins the invite's unit with it. Before anything is written the
/// invite must be usable and an admin's ([`check_registration`]); then the account is created
/// and the invite used, and the account is deleted again when the invite can no longer be used
/// (someone used it meanwhile): a failed registration leaves nothing behind.
pub async fn register_with_invite(
    state: &AppState,
    token: &str,
    username: &str,
    password: &str,
) -> Result<(User, Joined), RegisterError> {
    check_registration(state, token).await?;
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
            "You now lead {}: its dashboard is under Team. Leading does not make you a member.",
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
    /// The unit the invite is for (empty when unusable).
    unit_name: String,
    /// Whether it makes the person a leader (not a member).
    leader: bool,
    /// The logged-in person's name and their session's CSRF token (for the accept form).
    logged_in: Option<(String, String)>,
    /// Set when the invite turned out to be unusable.
    unusable: Option<String>,
    /// Set when a leader made the invite: it creates no account, so a visitor is asked to log in
    /// instead of being offered the registration form.
    needs_account: Option<String>,
    username: String,
    errors: FormErrors,
}

fn invite_page(
    ctx: &PageContext,
    token: &str,
    invite: &InviteInfo,
    user: Option<&CurrentUser>,
    username: String,
    errors: FormErrors,
) -> InvitePage {
    InvitePage {
        layout: ctx.layout("You are invited"),
        token: token.to_string(),
        unit_name: invite.unit_name.clone(),
        leader: invite.role == Role::Leader,
        logged_in: user.map(|u| (u.username().to_string(), u.csrf().to_string())),
        unusable: None,
        needs_account: match invite.admits {
            Admits::NewOrExistingAccount => None,
            Admits::ExistingAccountOnly => Some(sentence(invites::LEADER_INVITE_NEEDS_ACCOUNT)),
        },
        username,
        errors,
    }
}

/// The page that says the invite cannot be used (404).
fn unusable(ctx: &PageContext, token: &str) -> Response {
    let page = InvitePage {
        layout: ctx.layout("You are invited"),
        token: token.to_string(),
        unit_name: String::new(),
        leader: false,
        logged_in: None,
        unusable: Some(sentence(UNUSABLE)),
        needs_account: None,
        username: String::new(),
        errors: FormErrors::new(),
    };
    render_status(StatusCode::NOT_FOUND, &page)
}

/// `GET /invites/{token}`: accept (logged in), create an account (visitor, an admin's invite) or
/// log in first (visitor, a leader's invite).
pub async fn show(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ctx: PageContext,
    Path(token): Path<String>,
) -> PageResult {
    if !looks_like_token(&token) {
        return Ok(unusable(&ctx, &token));
    }
    let invite = match invites::look_up_invite(&*state.store, &token, Utc::now()).await {
        Ok(invite) => invite,
        Err(OrgError::NotFound(_)) => return Ok(unusable(&ctx, &token)),
        Err(e) => return Err(page_error(e)),
    };
    Ok(render(&invite_page(
        &ctx,
        &token,
        &invite,
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
/// A leader's invite creates nothing: the page asks the visitor to log in instead (403).
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
    let invite = match invites::look_up_invite(&*state.store, &token, Utc::now()).await {
        Ok(invite) => invite,
        Err(OrgError::NotFound(_)) => return Ok(unusable(&ctx, &token)),
        Err(e) => return Err(page_error(e)),
    };
    let log_in_instead = |invite: &InviteInfo| {
        render_status(
            StatusCode::FORBIDDEN,
            &invite_page(&ctx, &token, invite, None, String::new(), FormErrors::new()),
        )
    };
    if invite.admits == Admits::ExistingAccountOnly {
        return Ok(log_in_instead(&invite));
    }
    let again = |errors: FormErrors| {
        render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &invite_page(&ctx, &token, &invite, None, form.username.clone(), errors),
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
            Err(RegisterError::NeedsAccount(_)) => {
                let invite = InviteInfo {
                    admits: Admits::ExistingAccountOnly,
                    ..invite.clone()
                };
                return Ok(log_in_instead(&invite));
            }
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
