//! Operational endpoints: `/healthz` (the process answers), `/readyz` (the store answers) and
//! `/metrics` (Prometheus text).

use crate::state::AppState;
use axum::Json;
use axum::extract::State;
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

/// The counters in the Prometheus text exposition format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut response = state.metrics.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}
