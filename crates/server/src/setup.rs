//! Creating the owner account on an empty store: the `/setup` page (in [`crate::pages::setup`])
//! and `POST /api/v1/setup {"username","password"}` here. Both work only while no account
//! exists; the store makes the check and the insert one atomic step, so two setups racing cannot
//! both win.

use crate::auth::password::{self, PasswordError};
use crate::problem::Problem;
use crate::state::AppState;
use anneal_service::org::OrgError;
use anneal_service::org::admin::make_owner_admin;
use anneal_store::{NewUser, StoreError, User};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use thiserror::Error;

/// The most characters a username may have.
pub const MAX_USERNAME_CHARS: usize = 64;

/// Checks a username and returns it trimmed: 1 to 64 characters, letters, digits and `. _ - @`.
pub fn check_username(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("the username is empty; choose one of 1 to 64 characters".into());
    }
    let chars = name.chars().count();
    if chars > MAX_USERNAME_CHARS {
        return Err(format!(
            "the username has {chars} characters; at most {MAX_USERNAME_CHARS} are allowed"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@')))
    {
        return Err(format!(
            "the username contains {bad:?}; only letters, digits and . _ - @ are allowed"
        ));
    }
    Ok(name.to_string())
}

/// Why the owner account was not created.
#[derive(Debug, Error)]
pub enum SetupError {
    /// Problems with the input, as (field, message).
    #[error("the account details are not valid")]
    Invalid(Vec<(String, String)>),
    #[error("an account already exists, so setup is closed; log in instead")]
    AlreadySetUp,
    #[error("the password could not be hashed: {0}")]
    Hashing(String),
    #[error(transparent)]
    Store(StoreError),
}

/// Creates the owner account, only while no account exists, and makes it the first admin of the
/// organisation.
pub async fn create_owner(
    state: &AppState,
    username: &str,
    password: &str,
) -> Result<User, SetupError> {
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
    if !problems.is_empty() {
        return Err(SetupError::Invalid(problems));
    }
    // Cheap early answer before the deliberately slow hash; the store re-checks atomically.
    if state.store.count_users().await.map_err(SetupError::Store)? > 0 {
        return Err(SetupError::AlreadySetUp);
    }
    let hash = password::hash(password, state.config.password_cost)
        .await
        .map_err(|e| match e {
            PasswordError::Hashing(m) => SetupError::Hashing(m),
            other => SetupError::Invalid(vec![("password".into(), other.to_string())]),
        })?;
    let owner = state
        .store
        .create_first_user(NewUser {
            username,
            password_hash: Some(hash),
        })
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => SetupError::AlreadySetUp,
            other => SetupError::Store(other),
        })?;
    // The owner runs the organisation: they are its first admin.
    make_owner_admin(&*state.store, owner.id)
        .await
        .map_err(|e| match e {
            OrgError::Store(e) => SetupError::Store(e),
            other => SetupError::Store(StoreError::Backend(format!(
                "the owner account was created but could not be made an admin: {other}"
            ))),
        })?;
    Ok(owner)
}

/// The body of `POST /api/v1/setup`.
#[derive(Debug, Deserialize)]
pub struct SetupRequest {
    pub username: String,
    pub password: String,
}

/// `POST /api/v1/setup`: 201 `{"id","username"}`; 409 once an account exists; 422 with
/// per-field errors for a bad username or password.
pub async fn api_setup(
    State(state): State<AppState>,
    body: Result<Json<SetupRequest>, JsonRejection>,
) -> Response {
    let Json(request) = match body {
        Ok(body) => body,
        Err(rejection) => return Problem::from(rejection).into_response(),
    };
    match create_owner(&state, &request.username, &request.password).await {
        Ok(user) => (
            StatusCode::CREATED,
            Json(serde_json::json!({"id": user.id, "username": user.username})),
        )
            .into_response(),
        Err(SetupError::Invalid(problems)) => {
            let detail = problems
                .iter()
                .map(|(_, m)| m.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            problems
                .into_iter()
                .fold(
                    Problem::new(StatusCode::UNPROCESSABLE_ENTITY, detail),
                    |p, (field, message)| p.field(field, message),
                )
                .into_response()
        }
        Err(SetupError::AlreadySetUp) => Problem::new(
            StatusCode::CONFLICT,
            "this Anneal already has an account, so setup is closed; log in instead",
        )
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "owner setup failed");
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the account could not be created because of a failure on the server; try again",
            )
            .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_trimmed_and_checked() {
        assert_eq!(check_username("  ana.b@x  ").as_deref(), Ok("ana.b@x"));
        assert_eq!(check_username("Zoë_1-2").as_deref(), Ok("Zoë_1-2"));
        assert!(check_username("   ").expect_err("empty").contains("empty"));
        assert!(check_username("a b").expect_err("space").contains("' '"));
        assert!(check_username("<script>").is_err());
        assert!(check_username(&"a".repeat(64)).is_ok());
        assert!(
            check_username(&"a".repeat(65))
                .expect_err("long")
                .contains("at most 64")
        );
    }
}
