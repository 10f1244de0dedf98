//! The person's own picture and data: `GET /api/v1/me/status`, `GET /api/v1/me/history`,
//! `GET /api/v1/me/export` and `DELETE /api/v1/me`.

use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::{ApiQuery, ApiUser, JournalPassphrase};
use crate::api::journal::open_journal;
use crate::api::schema;
use crate::state::AppState;
use anneal_service::export::{Export, export};
use anneal_service::picture::{StatusView, status_view};
use anneal_service::responses::{self, History};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

/// The most weeks of history one request may ask for (20 years).
pub const MAX_WEEKS: u32 = 1040;

/// Where I stand
///
/// Zone, indices with their trends, early warnings, the safety notice when raised, ranked
/// recommendations and the next plan items: the same as `anneal status --json`. Before the first
/// answers there is nothing to show: 404.
#[utoipa::path(
    get,
    path = "/me/status",
    operation_id = "getStatus",
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The current picture", body = schema::StatusView),
        (status = 401, response = super::docs::Unauthorized),
        (status = 404, response = super::docs::NotFound),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<StatusView>> {
    status_view(&*state.store, user.id, Utc::now(), &state.support)
        .await?
        .map(Json)
        .ok_or_else(|| {
            ApiError::NotFound(
                "there are no answers yet, so there is no status to show; record an assessment \
                 (POST /api/v1/assessments) or a check-in (POST /api/v1/checkins) first"
                    .into(),
            )
        })
}

/// The query of `GET /me/history`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Only the last N weeks, 1 to 1040 (default: everything).
    #[param(minimum = 1, maximum = 1040)]
    pub weeks: Option<u32>,
}

/// My history
///
/// Every assessment and check-in, oldest first, each with the id that names it (for
/// `DELETE /api/v1/responses/{id}`): the same as `anneal history --json`.
#[utoipa::path(
    get,
    path = "/me/history",
    operation_id = "getHistory",
    tag = "me",
    security(("bearer" = [])),
    params(HistoryQuery),
    responses(
        (status = 200, description = "The series", body = schema::HistoryReport),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn history(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> ApiResult<Json<History>> {
    let since = match query.weeks {
        None => None,
        Some(weeks) if (1..=MAX_WEEKS).contains(&weeks) => {
            Some(Utc::now() - Duration::weeks(i64::from(weeks)))
        }
        Some(weeks) => {
            return Err(ApiError::field(
                "weeks",
                format!("{weeks} weeks is out of range; ask for 1 to {MAX_WEEKS}"),
            ));
        }
    };
    Ok(Json(
        responses::history(&*state.store, user.id, since).await?,
    ))
}

/// All of my data
///
/// Everything stored about the person, as `anneal export` writes it (and `anneal import` reads
/// it). The journal is included, opened, only when its passphrase is sent.
#[utoipa::path(
    get,
    path = "/me/export",
    operation_id = "exportData",
    tag = "me",
    security(("bearer" = [])),
    params(
        ("Anneal-Journal-Passphrase" = Option<String>, Header, description = "The journal passphrase, to include the journal"),
    ),
    responses(
        (status = 200, description = "The export", body = schema::Export),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::WrongPassphrase),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn export_all(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    passphrase: JournalPassphrase,
) -> ApiResult<Json<Export>> {
    let key = match passphrase.0 {
        Some(passphrase) => open_journal(&state, &user, &passphrase, false).await?,
        None => None,
    };
    let data = export(
        &*state.store,
        user.id,
        &user.username,
        key.as_ref(),
        Utc::now(),
    )
    .await?;
    Ok(Json(data))
}

/// Delete my account
///
/// Deletes the account and everything in it: answers, plan, journal, sessions and tokens. This
/// cannot be undone; `GET /api/v1/me/export` first keeps a copy.
#[utoipa::path(
    delete,
    path = "/me",
    operation_id = "deleteAccount",
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Everything of the account is gone"),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<StatusCode> {
    state.store.delete_sessions_of(user.id).await?;
    state.store.delete_user(user.id).await?;
    tracing::info!("an account was deleted at its owner's request (API)");
    Ok(StatusCode::NO_CONTENT)
}
