//! `POST /api/v1/setup`, documented here; the work is [`crate::setup::api_setup`]'s.

use crate::api::schema;
use crate::setup::{SetupRequest, api_setup};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::response::Response;

/// Create the owner account
///
/// Works only while no account exists, so the first person to run Anneal claims it. Then get a
/// token with `POST /api/v1/auth/token`.
#[utoipa::path(
    post,
    path = "/setup",
    operation_id = "setup",
    tag = "auth",
    request_body = schema::SetupRequest,
    responses(
        (status = 201, description = "The owner account", body = schema::SetupCreated),
        (status = 400, response = super::docs::BadRequest),
        (status = 403, response = super::docs::CrossSite),
        (status = 409, response = super::docs::Conflict),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn setup(
    state: State<AppState>,
    body: Result<Json<SetupRequest>, JsonRejection>,
) -> Response {
    api_setup(state, body).await
}
