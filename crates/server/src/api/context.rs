//! The risk context of my role: `GET` and `PUT /api/v1/me/context` (DESIGN §2.1).

use crate::api::error::ApiResult;
use crate::api::extract::{ApiJson, ApiUser};
use crate::api::schema;
use crate::state::AppState;
use anneal_core::context::RiskContext;
use anneal_service::context;
use axum::Json;
use axum::extract::State;

/// My role's risk context
///
/// What I said about my role: caring, emergency or first-response work, a heavy workload;
/// repetitive or predictable work, little creativity, skills unused. Every flag is false until
/// set. It never changes a score; it only shapes the order and the reasons of recommendations.
#[utoipa::path(
    get,
    path = "/me/context",
    operation_id = "getRiskContext",
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The risk context", body = schema::RiskContext),
        (status = 401, response = super::docs::Unauthorized),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<RiskContext>> {
    Ok(Json(context::get(&*state.store, user.id).await?))
}

/// Set my role's risk context
///
/// Replaces the risk context with the body: flags left out are false, so `{}` clears it. A
/// field that is not one of the six flags is refused (422).
#[utoipa::path(
    put,
    path = "/me/context",
    operation_id = "setRiskContext",
    tag = "me",
    security(("bearer" = [])),
    request_body = schema::RiskContext,
    responses(
        (status = 200, description = "The risk context as stored", body = schema::RiskContext),
        (status = 400, response = super::docs::BadRequest),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 413, response = super::docs::TooLarge),
        (status = 415, response = super::docs::UnsupportedMediaType),
        (status = 422, response = super::docs::Invalid),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn set(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<RiskContext>,
) -> ApiResult<Json<RiskContext>> {
    Ok(Json(context::set(&*state.store, user.id, body).await?))
}
