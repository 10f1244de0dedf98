//! `GET /api/v1/instruments` and `GET /api/v1/instruments/{id}`: the shipped instruments, in the
//! shapes of `anneal instruments list|show --json`.

use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::ApiPath;
use crate::api::schema;
use anneal_core::instrument;
use anneal_core::report::{InstrumentReport, InstrumentSummary};
use axum::Json;

/// List the instruments
#[utoipa::path(
    get,
    path = "/instruments",
    operation_id = "listInstruments",
    tag = "instruments",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every instrument this Anneal ships", body = Vec<schema::InstrumentSummary>),
        (status = 401, response = super::docs::Unauthorized),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn list(_user: super::extract::ApiUser) -> Json<Vec<InstrumentSummary>> {
    Json(
        instrument::builtin()
            .iter()
            .map(InstrumentSummary::new)
            .collect(),
    )
}

/// Show one instrument
///
/// Its items (with the id each answer is keyed by and every allowed value with its label) and
/// its dimensions.
#[utoipa::path(
    get,
    path = "/instruments/{id}",
    operation_id = "showInstrument",
    tag = "instruments",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The instrument's id, e.g. `spectrum` or `pulse`")),
    responses(
        (status = 200, description = "The instrument", body = schema::InstrumentReport),
        (status = 401, response = super::docs::Unauthorized),
        (status = 404, response = super::docs::NotFound),
        (status = 500, response = super::docs::Internal),
        (status = 503, response = super::docs::Unavailable),
    )
)]
pub async fn show(
    _user: super::extract::ApiUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<InstrumentReport>> {
    let inst = instrument::builtin_by_id(&id)
        .ok_or_else(|| ApiError::NotFound(unknown_instrument(&id)))?;
    Ok(Json(InstrumentReport::new(inst)))
}

/// "unknown instrument …; available: …".
pub fn unknown_instrument(id: &str) -> String {
    let ids: Vec<&str> = instrument::builtin()
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    let shown: String = id.chars().take(64).collect();
    format!(
        "unknown instrument {shown:?}; available: {}",
        ids.join(", ")
    )
}
