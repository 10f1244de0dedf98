//! Operational endpoints: `/healthz` (the process answers) and `/readyz` (the store answers),
//! open to anyone, and `/metrics` (Prometheus text), for admins only.

use crate::api::error::ApiError;
use crate::api::extract::{ApiUser, store_unavailable};
use crate::auth::session;
use crate::state::AppState;
use anneal_service::org::access::require_admin;
use axum::Json;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// 200 `ok` while the process runs.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 with the backend's name when the store answers a ping; 503 otherwise.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let backend = state.store.backend();
    match state.store.ping().await {
        Ok(()) => Json(serde_json::json!({"status": "ready", "store": backend})).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check: the store did not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({
                    "status": "unavailable",
                    "store": backend,
                    "detail": "the database did not answer",
                })),
            )
                .into_response()
        }
    }
}

/// The counters in the Prometheus text exposition format, for an admin only: by API token
/// (`Authorization: Bearer anneal_…`, as for the API) or by a logged-in session. Without either,
/// 401; anyone else, 403; both as problem+json, with nothing from the metrics.
pub async fn metrics(State(state): State<AppState>, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    if let Err(e) = require_admin_reader(&state, &mut parts).await {
        return e.into_response();
    }
    let mut response = state.metrics.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// Who reads the metrics must be an admin. A request with an `Authorization` header is judged by
/// its API token alone (as [`ApiUser`] does for the API); otherwise by its session.
async fn require_admin_reader(state: &AppState, parts: &mut Parts) -> Result<(), ApiError> {
    let user = if parts.headers.contains_key(header::AUTHORIZATION) {
        ApiUser::from_request_parts(parts, state).await?.0.id
    } else {
        session::load(&parts.headers, &mut parts.extensions, state)
            .await
            .map_err(store_unavailable)?
            .ok_or_else(|| {
                ApiError::Unauthorized(
                    "the metrics are for admins: send an admin's API token as \
                     `Authorization: Bearer anneal_…` (POST /api/v1/auth/token gives one), \
                     or log in as an admin"
                        .into(),
                )
            })?
            .id()
    };
    require_admin(&*state.store, user, "read the metrics").await?;
    Ok(())
}
