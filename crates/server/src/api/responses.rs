//! One response at a time: `DELETE /api/v1/responses/{id}`.

use crate::api::error::ApiResult;
use crate::api::extract::{ApiPath, ApiUser};
use crate::state::AppState;
use anneal_service::responses;
use axum::extract::State;
use axum::http::StatusCode;

/// Delete one response
///
/// Deletes one of my responses (a full assessment or a check-in), by the id that
/// `GET /api/v1/me/history` lists. A shared check-in leaves its unit's figures for a week not
/// yet released; a released week stays as it was released. Another person's or a missing id is
/// 404. This cannot be undone.
#[utoipa::path(
    delete,
    path = "/responses/{id}",
    operation_id = "deleteResponse",
    tag = "answers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The response's id")),
    responses(
        (status = 204, description = "The response is gone"),
        (status = 401, response = super::docs::Unauthorized),
        (status = 403, response = super::docs::CrossSite),
        (status = 404, response = super::docs::NotFound),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    responses::delete(&*state.store, user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
