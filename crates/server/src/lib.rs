//! Anneal's web app: HTML pages (askama templates), the owner setup, login and sessions, CSRF
//! protection, security headers, embedded assets and the operational endpoints (`/healthz`,
//! `/readyz`, `/metrics`). The JSON API lives under [`api`] (`/api/v1`), and uses
//! [`problem::Problem`] for its errors and [`auth::bearer_user`] for its tokens.
//!
//! `crates/server/README.md` says how to add a page.

pub mod api;
pub mod assets;
pub mod auth;
pub mod charts;
pub mod error;
pub mod flash;
pub mod metrics;
pub mod ops;
pub mod pages;
pub mod problem;
pub mod security;
pub mod setup;
mod state;

pub use auth::{CurrentUser, MaybeUser, bearer_user, journal_key, lock_journal, unlock_journal};
pub use state::{AppState, PasswordCost, ServerConfig};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;

/// The largest request body accepted anywhere, in bytes. Larger bodies get 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The application's routes, with every middleware in place.
///
/// Layers, from the outside in: metrics and the request log, security headers (and `Secure` on
/// cookies when the request came over HTTPS), the body limit, the cross-site check on unsafe
/// methods; then per route group the CSRF token check (pre-login forms use a double-submit
/// cookie, every other form the session's token).
pub fn router(state: AppState) -> Router {
    let pre_login =
        pages::pre_login_routes().route_layer(from_fn(auth::csrf::require_pre_login_token));
    let session = pages::session_routes().route_layer(from_fn_with_state(
        state.clone(),
        auth::csrf::require_session_token,
    ));
    Router::new()
        .merge(pre_login)
        .merge(session)
        .merge(api::router())
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route(assets::ROUTE, get(assets::serve))
        .fallback(error::not_found)
        .layer(from_fn_with_state(
            state.clone(),
            auth::csrf::reject_cross_site,
        ))
        .layer(from_fn(flash::clear_after_display))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(from_fn_with_state(state.clone(), security::headers))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .with_state(state)
}
