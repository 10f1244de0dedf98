//! The private journal over the API: `GET`/`POST /api/v1/me/journal`,
//! `GET /api/v1/me/journal/{id}` and `GET /api/v1/me/journal/prompts`.
//!
//! Every request that reads or writes entries sends the journal passphrase in the
//! `Anneal-Journal-Passphrase` header (missing: 401; wrong: 403). It opens the journal for that
//! request only; nothing about it is kept. The first entry starts a journal locked by the
//! passphrase sent with it.

use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::{ApiJson, ApiPath, ApiUser, JournalPassphrase};
use crate::api::schema;
use crate::state::AppState;
use anneal_service::ServiceError;
use anneal_service::journal::{self, OpenEntry, Prompt};
use anneal_store::User;
use anneal_vault::{DataKey, VaultError};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;

/// Opens the person's journal with `passphrase`. `Ok(None)` when they have no journal yet (and
/// `create` is false); with `create`, a first journal is started, locked by this passphrase.
pub async fn open_journal(
    state: &AppState,
    user: &User,
    passphrase: &str,
    create: bool,
) -> ApiResult<Option<DataKey>> {
    match journal::unlock(&*state.store, user.id, passphrase, create).await {
        Ok(key) => Ok(Some(key)),
        Err(ServiceError::NotFound(_)) if !create => Ok(None),
        Err(ServiceError::Invalid(message)) if is_wrong_passphrase(&message) => Err(
            ApiError::Forbidden(format!("{message}; nothing was read or changed")),
        ),
        Err(ServiceError::Invalid(message)) => {
            Err(ApiError::field(crate::api::error::JOURNAL_HEADER, message))
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether the service's message is the vault's "wrong passphrase".
fn is_wrong_passphrase(message: &str) -> bool {
    message.ends_with(&VaultError::WrongPassphrase.to_string())
}

/// A new journal entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JournalRequest {
    /// The entry, at most 64 KiB.
    pub text: String,
    /// The reflection prompt it answers, by id (`GET /api/v1/me/journal/prompts`).
    #[serde(default)]
    pub prompt: Option<String>,
}

/// My journal entries
///
/// Every entry, oldest first, opened with the passphrase. Without a journal yet: an empty list.
#[utoipa::path(
    get,
    path = "/me/journal",
    operation_id = "listJournalEntries",
    tag = "journal",
    security(("bearer" = [])),
    params(("Anneal-Journal-Passphrase" = String, Header, description = "The journal passphrase")),
    responses(
        (status = 200, description = "The entries", body = Vec<schema::OpenEntry>),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::JournalUnauthorized),
        (status = 403, response = super::docs::WrongPassphrase),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    passphrase: JournalPassphrase,
) -> ApiResult<Json<Vec<OpenEntry>>> {
    let passphrase = passphrase.required()?;
    let Some(key) = open_journal(&state, &user, &passphrase, false).await? else {
        return Ok(Json(Vec::new()));
    };
    Ok(Json(journal::list(&*state.store, user.id, &key).await?))
}

/// Write a journal entry
///
/// Seals the entry under the journal's key; the database only ever holds ciphertext. The first
/// entry starts the journal, locked by the passphrase sent with it (at least 8 characters; if it
/// is forgotten, the journal cannot be recovered by anyone).
#[utoipa::path(
    post,
    path = "/me/journal",
    operation_id = "addJournalEntry",
    tag = "journal",
    security(("bearer" = [])),
    params(("Anneal-Journal-Passphrase" = String, Header, description = "The journal passphrase")),
    request_body = JournalRequest,
    responses(
        (status = 201, description = "The stored entry", body = schema::OpenEntry),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::JournalUnauthorized),
        (status = 403, response = super::docs::WrongPassphrase),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn add(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    passphrase: JournalPassphrase,
    ApiJson(request): ApiJson<JournalRequest>,
) -> ApiResult<(StatusCode, Json<OpenEntry>)> {
    let passphrase = passphrase.required()?;
    if let Some(id) = request.prompt.as_deref()
        && journal::prompt(id).is_none()
    {
        let shown: String = id.chars().take(64).collect();
        return Err(ApiError::field(
            "prompt",
            format!("unknown prompt {shown:?}; GET /api/v1/me/journal/prompts lists them"),
        ));
    }
    if request.text.trim().is_empty() {
        return Err(ApiError::field(
            "text",
            "the entry is empty; write something first",
        ));
    }
    let key = open_journal(&state, &user, &passphrase, true)
        .await?
        .ok_or_else(|| ApiError::Internal("a new journal did not open".into()))?;
    let entry = journal::add(
        &*state.store,
        user.id,
        &key,
        &request.text,
        request.prompt.as_deref(),
        Utc::now(),
    )
    .await
    .map_err(|e| ApiError::service_on("text", e))?;
    Ok((StatusCode::CREATED, Json(entry)))
}

/// Read one journal entry
#[utoipa::path(
    get,
    path = "/me/journal/{id}",
    operation_id = "showJournalEntry",
    tag = "journal",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The entry's id"),
        ("Anneal-Journal-Passphrase" = String, Header, description = "The journal passphrase"),
    ),
    responses(
        (status = 200, description = "The entry", body = schema::OpenEntry),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::JournalUnauthorized),
        (status = 403, response = super::docs::WrongPassphrase),
        (status = 404, response = super::docs::NotFound),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    passphrase: JournalPassphrase,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<OpenEntry>> {
    let passphrase = passphrase.required()?;
    let Some(key) = open_journal(&state, &user, &passphrase, false).await? else {
        return Err(ApiError::NotFound(format!(
            "there is no journal entry {id}: you have no journal yet"
        )));
    };
    Ok(Json(journal::show(&*state.store, user.id, &key, id).await?))
}

/// The reflection prompts
///
/// Questions from the strategies that a journal entry can answer (send the id as `prompt`).
#[utoipa::path(
    get,
    path = "/me/journal/prompts",
    operation_id = "listPrompts",
    tag = "journal",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every prompt", body = Vec<schema::Prompt>),
        (status = 401, response = super::docs::Unauthorized),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn prompts(_user: ApiUser) -> Json<Vec<Prompt>> {
    Json(journal::prompts())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wrong_passphrase_message_is_recognised() {
        let message = format!("journal: {}", VaultError::WrongPassphrase);
        assert!(is_wrong_passphrase(&message));
        assert!(!is_wrong_passphrase(&format!(
            "journal: {}",
            VaultError::EmptyPassphrase
        )));
    }
}
