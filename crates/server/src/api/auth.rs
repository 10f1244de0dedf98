//! `POST /api/v1/auth/token` (log in, get a bearer token) and `DELETE /api/v1/auth/token`
//! (revoke the token of the request). Failed logins count toward the same rate limit as the
//! login page ([`crate::auth::limiter`]).

use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::{ApiJson, ApiUser};
use crate::api::schema;
use crate::auth::bearer::{bearer as bearer_token, new_api_token};
use crate::auth::client::ClientIp;
use crate::auth::password;
use crate::auth::token::hash_token;
use crate::state::AppState;
use anneal_store::NewApiToken;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use std::time::Instant;
use utoipa::ToSchema;

/// The most characters a token's name may have (as on the account page).
pub const MAX_TOKEN_NAME_CHARS: usize = crate::pages::account::MAX_TOKEN_NAME_CHARS;

/// A login for a new API token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
    /// What the token is for, shown on the account page (default: "API token").
    #[serde(default)]
    pub name: Option<String>,
}

fn token_name(name: Option<&str>) -> ApiResult<String> {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok("API token".to_string());
    };
    let chars = name.chars().count();
    if chars > MAX_TOKEN_NAME_CHARS {
        return Err(ApiError::field(
            "name",
            format!("the name has {chars} characters; at most {MAX_TOKEN_NAME_CHARS} are allowed"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ApiError::field(
            "name",
            "the name must be one line, without control characters",
        ));
    }
    Ok(name.to_string())
}

/// Log in and get an API token
///
/// Checks the username and password and returns a new bearer token, shown this once (Anneal
/// keeps only its hash). Failed attempts count toward the login rate limit.
#[utoipa::path(
    post,
    path = "/auth/token",
    operation_id = "createToken",
    tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 201, description = "The new token", body = schema::TokenCreated),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 429, response = super::docs::TooManyRequests),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<TokenRequest>,
) -> ApiResult<Response> {
    let name = token_name(request.name.as_deref())?;
    let username = request.username.trim();
    if let Err(wait) = state.limiter.check(ip, username, Instant::now()) {
        tracing::warn!("an API login was refused by the rate limit");
        return Err(ApiError::TooManyRequests(wait));
    }
    let user = if username.is_empty() {
        None
    } else {
        state.store.user_by_name(username).await?
    };
    let hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
    let matches = password::verify(&request.password, hash, state.config.password_cost).await;
    let Some(user) = user.filter(|_| matches) else {
        state.limiter.record_failure(ip, username, Instant::now());
        tracing::info!("an API login failed");
        return Err(ApiError::BadCredentials);
    };
    state.limiter.record_success(username);
    let token = new_api_token().map_err(|e| ApiError::Internal(format!("no randomness: {e}")))?;
    let stored = state
        .store
        .create_api_token(NewApiToken {
            user: user.id,
            name,
            token_hash: hash_token(&token),
            created_at: Utc::now(),
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({"token": token, "id": stored.id})),
    )
        .into_response())
}

/// Revoke this token
///
/// Revokes the token the request is made with; it stops working at once.
#[utoipa::path(
    delete,
    path = "/auth/token",
    operation_id = "revokeToken",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The token is revoked"),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let token = bearer_token(&headers)
        .ok_or_else(|| ApiError::Unauthorized("the API token is not valid".into()))?;
    let found = state
        .store
        .api_token_by_hash(&hash_token(token))
        .await?
        .ok_or_else(|| ApiError::Unauthorized("the API token is not valid".into()))?;
    state
        .store
        .revoke_api_token(user.id, found.id, Utc::now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_names_default_and_are_checked() {
        assert_eq!(token_name(None).expect("default"), "API token");
        assert_eq!(token_name(Some("  ")).expect("default"), "API token");
        assert_eq!(token_name(Some(" laptop ")).expect("ok"), "laptop");
        let long = "x".repeat(MAX_TOKEN_NAME_CHARS + 1);
        let e = token_name(Some(&long)).expect_err("too long").problem();
        assert_eq!(e.errors[0].field, "name");
        assert!(token_name(Some("a\nb")).is_err());
    }
}
