//! The HTML pages. Each file holds one page or one group of pages; templates live in
//! `crates/server/templates/`. See `crates/server/README.md` for how to add a page.

pub mod account;
pub mod check;
pub mod context;
pub mod form;
pub mod history;
pub mod home;
pub mod journal;
pub mod layout;
pub mod login;
pub mod org;
pub mod plan;
pub mod pulse;
pub mod questionnaire;
pub mod report;
pub mod results;
pub mod setup;
pub mod view;
pub mod words;

use crate::error::PageError;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

/// Pages whose forms are used before anyone is logged in (the setup and login forms). Their
/// forms are protected by the double-submit cookie.
pub fn pre_login_routes() -> Router<AppState> {
    Router::new()
        .route("/setup", get(setup::show).post(setup::submit))
        .route("/login", get(login::show).post(login::submit))
        .route("/invites/{token}", get(org::invites::show))
        .route("/invites/{token}/register", post(org::invites::register))
}

/// Every other page. Their forms must carry the session's CSRF token; an unsafe request without
/// a session is sent to log in.
pub fn session_routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/logout", post(login::logout))
        .route("/account", get(account::show))
        .route("/account/password", post(account::change_password))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/account/export", get(account::export))
        .route("/account/delete", post(account::delete))
        .route("/pulse", get(pulse::show).post(pulse::submit))
        .route("/check", get(check::show).post(check::submit))
        .route("/results/{id}", get(results::show))
        .route("/plan", get(plan::show))
        .route("/plan.ics", get(plan::calendar))
        .route("/plan/add", post(plan::add))
        .route("/plan/adopt", post(plan::adopt))
        .route("/plan/skip", post(plan::skip))
        .route("/plan/{id}/done", post(plan::done))
        .route("/plan/{id}/dismiss", post(plan::dismiss))
        .route("/journal", get(journal::show))
        .route("/journal/start", post(journal::start))
        .route("/journal/unlock", post(journal::unlock))
        .route("/journal/lock", post(journal::lock))
        .route("/journal/entries", post(journal::write))
        .route("/journal/{id}", get(journal::entry))
        .route("/history", get(history::show))
        .route("/history.csv", get(history::download))
        .route(
            "/history/{id}/delete",
            get(history::confirm_delete).post(history::delete),
        )
        .route("/context", get(context::show).post(context::save))
        .route("/report", get(report::show))
        .route("/org", get(org::admin::show))
        .route("/org/units", post(org::admin::create))
        .route("/org/units/{id}", get(org::admin::unit))
        .route("/org/units/{id}/rename", post(org::admin::rename))
        .route("/org/units/{id}/move", post(org::admin::move_unit))
        .route("/org/units/{id}/archive", post(org::admin::archive))
        .route("/org/units/{id}/rules", post(org::admin::set_rules))
        .route("/org/units/{id}/leaders", post(org::admin::add_leader))
        .route(
            "/org/units/{id}/leaders/{user}/remove",
            post(org::admin::remove_leader),
        )
        .route("/org/units/{id}/invites", post(org::admin::create_invite))
        .route("/invites/{token}/accept", post(org::invites::accept))
        .route("/sharing", get(org::sharing::show).post(org::sharing::set))
        .route("/team", get(org::team::index))
        .route("/team/{id}", get(org::team::show))
        .route("/brief", get(org::briefs::show).post(org::briefs::send))
        .route("/inbox", get(org::briefs::inbox))
        .route("/inbox/{id}/read", post(org::briefs::mark_read))
}

/// Renders a page with status 200.
pub fn render(template: &impl Template) -> Response {
    render_status(StatusCode::OK, template)
}

/// Renders a page with the given status. A template that fails to render is a 500 (logged).
pub fn render_status(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a template could not be rendered");
            let fallback =
                "<!doctype html><title>Error · Anneal</title><h1>Something went wrong</h1>";
            (StatusCode::INTERNAL_SERVER_ERROR, Html(fallback)).into_response()
        }
    }
}

/// The result of a page handler.
pub type PageResult = Result<Response, PageError>;
