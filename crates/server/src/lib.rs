//! Anneal's HTTP server. For now it serves the operational endpoints; the person's pages and the
//! JSON API arrive with the web app.

use anneal_store::Store;
use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use std::sync::Arc;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
}

/// The application's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(state)
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(serde_json::json!({"status": "ready", "store": state.store.backend()})),
        ),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "unavailable", "detail": e.to_string()})),
        ),
    }
}
