//! `/account`: change the password, manage API tokens, export all data, delete the account.

use crate::auth::bearer::new_api_token;
use crate::auth::client::ClientIp;
use crate::auth::journal::seal_for_token;
use crate::auth::session::{self, CurrentUser};
use crate::auth::token::hash_token;
use crate::auth::{journal_key, password};
use crate::error::PageError;
use crate::flash::Flash;
use crate::pages::form::FormErrors;
use crate::pages::layout::{Layout, PageContext};
use crate::pages::setup::capitalise;
use crate::pages::{PageResult, render_status};
use crate::state::AppState;
use anneal_store::{NewApiToken, StoreError, UserId, WrappedKey};
use anneal_vault::VaultError;
use askama::Template;
use axum::extract::rejection::PathRejection;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use std::time::Instant;

/// The most characters a token's name may have.
pub const MAX_TOKEN_NAME_CHARS: usize = 100;

/// One row of the token table.
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    username: String,
    member_since: String,
    tokens: Vec<TokenRow>,
    /// A token just created, shown this once.
    new_token: Option<String>,
    journal_unlocked: bool,
    password_errors: FormErrors,
    token_errors: FormErrors,
    delete_errors: FormErrors,
}

/// What to show besides the account's own data.
#[derive(Default)]
struct Extras {
    new_token: Option<String>,
    password_errors: FormErrors,
    token_errors: FormErrors,
    delete_errors: FormErrors,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageContext,
    status: StatusCode,
    extras: Extras,
) -> PageResult {
    let tokens = state
        .store
        .api_tokens(user.id())
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            created: t.created_at.format("%Y-%m-%d").to_string(),
            revoked: t.revoked_at.map(|at| at.format("%Y-%m-%d").to_string()),
        })
        .collect();
    Ok(render_status(
        status,
        &AccountPage {
            layout: ctx.layout("Your account"),
            username: user.username().to_string(),
            member_since: user.user().created_at.format("%Y-%m-%d").to_string(),
            tokens,
            new_token: extras.new_token,
            journal_unlocked: user.sealed_journal_key().is_some(),
            password_errors: extras.password_errors,
            token_errors: extras.token_errors,
            delete_errors: extras.delete_errors,
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
) -> PageResult {
    page(&state, &user, &ctx, StatusCode::OK, Extras::default()).await
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

/// Changes the password, moves a journal locked with the old password to the new one, and ends
/// every other session (this browser gets a fresh one, its journal still unlocked if it was).
pub async fn change_password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<PasswordForm>,
) -> PageResult {
    // Guessing the current password from a borrowed session counts like guessing at login.
    if let Err(wait) = state.limiter.check(ip, user.username(), Instant::now()) {
        return Err(PageError::TooManyRequests(wait));
    }
    let mut errors = FormErrors::new();
    let cost = state.config.password_cost;
    if !password::verify(&form.current, user.user().password_hash.as_deref(), cost).await {
        state
            .limiter
            .record_failure(ip, user.username(), Instant::now());
        errors.add("current", "The current password is not right.");
    }
    if let Err(e) = password::check_new(&form.new) {
        errors.add("new", capitalise(&e.to_string()));
    } else if form.new == form.current {
        errors.add("new", "The new password is the same as the current one.");
    }
    if form.new != form.confirm {
        errors.add("confirm", "The two new passwords are not the same.");
    }
    if !errors.is_empty() {
        let extras = Extras {
            password_errors: errors,
            ..Extras::default()
        };
        return page(
            &state,
            &user,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            extras,
        )
        .await;
    }

    let hash = password::hash(&form.new, cost).await?;
    state.store.set_password_hash(user.id(), hash).await?;
    let journal_moved = rewrap_journal(&state, user.id(), &form.current, &form.new).await?;
    let unlocked = journal_key(&state, &user).await;

    state.store.delete_sessions_of(user.id()).await?;
    let started = session::start(&state, user.id()).await?;
    if let Some(key) = unlocked {
        let sealed = seal_for_token(&key, &started.token)?;
        state
            .store
            .set_session_journal_key(&hash_token(&started.token), Some(sealed))
            .await?;
    }
    let message = if journal_moved {
        "Your password was changed, and your journal now opens with it too. You were logged out everywhere else."
    } else {
        "Your password was changed. You were logged out everywhere else."
    };
    Ok((
        [(header::SET_COOKIE, started.set_cookie)],
        state.flash_key.set(&Flash::success(message)),
        Redirect::to("/account"),
    )
        .into_response())
}

/// Re-wraps the journal key under the new password when the old password was its passphrase.
/// `Ok(false)` when there is no journal or it has a passphrase of its own.
async fn rewrap_journal(
    state: &AppState,
    user: UserId,
    old: &str,
    new: &str,
) -> Result<bool, PageError> {
    let Some(WrappedKey(wrapped)) = state.store.journal_key(user).await? else {
        return Ok(false);
    };
    let (old, new) = (old.to_string(), new.to_string());
    let result = tokio::task::spawn_blocking(move || anneal_vault::rewrap(&old, &new, &wrapped))
        .await
        .map_err(|e| PageError::Internal(format!("the journal key task stopped: {e}")))?;
    match result {
        Ok(rewrapped) => {
            state
                .store
                .put_journal_key(user, WrappedKey(rewrapped))
                .await?;
            Ok(true)
        }
        Err(VaultError::WrongPassphrase) => Ok(false),
        Err(e) => {
            tracing::warn!(error = %e, "the journal key could not be re-wrapped");
            Ok(false)
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

/// Creates an API token and shows it once, on this response only (never in a cookie or a URL).
pub async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<TokenForm>,
) -> PageResult {
    let name = form.name.trim();
    let chars = name.chars().count();
    let problem = if chars == 0 {
        Some("Give the token a name, so you know later what it is for.".to_string())
    } else if chars > MAX_TOKEN_NAME_CHARS {
        Some(format!(
            "The name has {chars} characters; at most {MAX_TOKEN_NAME_CHARS} are allowed."
        ))
    } else if name.chars().any(char::is_control) {
        Some("The name must be on one line, without control characters.".to_string())
    } else {
        None
    };
    if let Some(message) = problem {
        let mut token_errors = FormErrors::new();
        token_errors.add("name", message);
        let extras = Extras {
            token_errors,
            ..Extras::default()
        };
        return page(
            &state,
            &user,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            extras,
        )
        .await;
    }
    let token = new_api_token().map_err(|e| PageError::Internal(format!("no randomness: {e}")))?;
    state
        .store
        .create_api_token(NewApiToken {
            user: user.id(),
            name: name.to_string(),
            token_hash: hash_token(&token),
            created_at: Utc::now(),
        })
        .await?;
    let extras = Extras {
        new_token: Some(token),
        ..Extras::default()
    };
    page(&state, &user, &ctx, StatusCode::OK, extras).await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    id: Result<Path<i64>, PathRejection>,
) -> PageResult {
    let Ok(Path(id)) = id else {
        return Err(PageError::NotFound);
    };
    let flash = match state
        .store
        .revoke_api_token(user.id(), id, Utc::now())
        .await
    {
        Ok(()) => Flash::success("The token was revoked. Scripts using it no longer get in."),
        Err(StoreError::NotFound { .. }) => Flash::error("There is no such token to revoke."),
        Err(e) => return Err(e.into()),
    };
    Ok((state.flash_key.set(&flash), Redirect::to("/account")).into_response())
}

/// All of the person's data as a JSON download (journal entries included while the journal is
/// unlocked in this session).
pub async fn export(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let key = journal_key(&state, &user).await;
    let now = Utc::now();
    let export = anneal_service::export::export(
        &*state.store,
        user.id(),
        user.username(),
        key.as_ref(),
        now,
    )
    .await?;
    let body = serde_json::to_vec_pretty(&export)
        .map_err(|e| PageError::Internal(format!("the export could not be written: {e}")))?;
    let disposition = format!(
        "attachment; filename=\"anneal-export-{}.json\"",
        now.format("%Y-%m-%d")
    );
    let mut response: Response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    confirm_username: String,
}

/// Deletes the account and everything in it, once the person typed their username.
pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Form(form): Form<DeleteForm>,
) -> PageResult {
    if form.confirm_username.trim() != user.username() {
        let mut delete_errors = FormErrors::new();
        delete_errors.add(
            "confirm_username",
            "That is not your username, so nothing was deleted. Type it exactly as shown above.",
        );
        let extras = Extras {
            delete_errors,
            ..Extras::default()
        };
        return page(
            &state,
            &user,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            extras,
        )
        .await;
    }
    state.store.delete_sessions_of(user.id()).await?;
    state.store.delete_user(user.id()).await?;
    tracing::info!("an account was deleted at its owner's request");
    let mut response = (
        state.flash_key.set(&Flash::success(
            "Your account and all of its data were deleted.",
        )),
        Redirect::to("/"),
    )
        .into_response();
    if let Some(clear) = session::clear_cookie() {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    Ok(response)
}
