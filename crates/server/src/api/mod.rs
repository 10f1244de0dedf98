//! The JSON API under `/api/v1` (DESIGN §7), with its OpenAPI 3.1 document at
//! `/api/v1/openapi.json`.
//!
//! Every route is registered through `utoipa_axum::routes!`, which takes the path, the method and
//! the documentation from the handler's `#[utoipa::path]`: the router and the document come from
//! the same list, so a route cannot be served without being documented. The contract test
//! (`tests/web/api/contract.rs`) sends real requests to every documented operation and checks
//! each answer's status and body against the document.
//!
//! - Authentication: `Authorization: Bearer anneal_…`, from `POST /api/v1/auth/token`
//!   ([`extract::ApiUser`]); tokens are stored hashed and revocable.
//! - Errors: RFC 9457 problem+json ([`ApiError`]), with per-field `errors` on 422. Axum's own
//!   rejections are replaced by [`extract`]'s, so no error is plain text.
//! - Bodies: JSON only, at most 64 KiB ([`crate::MAX_BODY_BYTES`]).
//! - The journal's passphrase comes with each request in `Anneal-Journal-Passphrase`.
//! - Bad input changes nothing: every check runs before the first write.
//! - Teams ([`org`]): refusals by role are 403; the rules are `anneal_service::org`'s.

pub mod docs;
pub mod error;
pub mod extract;
pub mod schema;

mod auth;
mod context;
mod instruments;
mod journal;
mod me;
pub mod org;
mod plan;
mod respond;
mod responses;
mod setup;

pub use error::{ApiError, ApiResult, JOURNAL_HEADER};

use crate::problem::Problem;
use crate::state::AppState;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Where the API lives.
pub const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Anneal API",
        description = "Catch burnout and rust-out early: record assessments and weekly check-ins, \
                       see where you stand, work your plan and keep a private journal. Anneal is a \
                       screening and reflection aid, not a diagnosis.\n\nErrors are RFC 9457 \
                       problem documents (`application/problem+json`). Get a token with \
                       `POST /api/v1/auth/token` and send it as `Authorization: Bearer …`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    modifiers(&BearerScheme),
    components(
        schemas(schema::Problem, schema::FieldError),
        responses(
        docs::BadRequest,
        docs::Unauthorized,
        docs::JournalUnauthorized,
        docs::CrossSite,
        docs::WrongPassphrase,
        docs::NotFound,
        docs::Conflict,
        docs::TooLarge,
        docs::UnsupportedMediaType,
        docs::Invalid,
        docs::TooManyRequests,
        docs::Internal,
        docs::Unavailable,
        org::Forbidden,
        org::RegistrationRefused,
        ),
    ),
    tags(
        (name = "auth", description = "The owner account and API tokens"),
        (name = "instruments", description = "The questionnaires"),
        (name = "answers", description = "Assessments and weekly check-ins"),
        (name = "me", description = "Where I stand, my history, my data"),
        (name = "plan", description = "Actions, goals and learning; what I set aside"),
        (name = "journal", description = "The private, encrypted journal"),
        (name = "teams", description = "Units, leaders, invites, sharing, the leader's summary and briefs"),
        (name = "meta", description = "This document"),
    )
)]
struct ApiDoc;

/// Adds the `bearer` security scheme that authenticated operations name.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("anneal_…")
                    .description(Some(
                        "An API token from `POST /api/v1/auth/token` (or the account page)",
                    ))
                    .build(),
            ),
        );
    }
}

/// Every route of the API, each with its documentation, under [`PREFIX`].
fn documented_routes() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .routes(routes!(setup::setup))
        .routes(routes!(auth::create_token, auth::revoke_token))
        .routes(routes!(instruments::list))
        .routes(routes!(instruments::show))
        .routes(routes!(respond::assess))
        .routes(routes!(respond::checkin))
        .routes(routes!(responses::delete))
        .routes(routes!(context::get, context::set))
        .routes(routes!(me::status))
        .routes(routes!(me::history))
        .routes(routes!(me::export_all))
        .routes(routes!(me::delete))
        .routes(routes!(plan::list, plan::add))
        .routes(routes!(plan::done))
        .routes(routes!(plan::dismiss_item))
        .routes(routes!(plan::dismiss))
        .routes(routes!(plan::calendar))
        .routes(routes!(journal::list, journal::add))
        .routes(routes!(journal::prompts))
        .routes(routes!(journal::show))
        .routes(routes!(org::create_unit, org::list_units))
        .routes(routes!(org::change_unit))
        .routes(routes!(org::set_rules))
        .routes(routes!(org::list_users))
        .routes(routes!(org::add_leader, org::remove_leader))
        .routes(routes!(org::create_invite))
        .routes(routes!(org::accept_invite))
        .routes(routes!(org::sharing_view))
        .routes(routes!(org::set_sharing))
        .routes(routes!(org::summary))
        .routes(routes!(org::send_brief))
        .routes(routes!(org::inbox))
        .routes(routes!(openapi_json));
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(PREFIX, v1)
}

/// The API's routes (full paths, `/api/v1/…`), to merge into the app's router before its layers.
/// A known path with a method it does not serve gets 405 as problem+json.
pub fn router() -> Router<AppState> {
    let (router, _) = documented_routes().split_for_parts();
    router.method_not_allowed_fallback(method_not_allowed)
}

/// The OpenAPI document, built once.
pub fn openapi() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(|| documented_routes().into_openapi())
}

async fn method_not_allowed() -> Response {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this endpoint does not answer to this method; /api/v1/openapi.json lists the methods of each path",
    )
    .into_response()
}

/// This document
///
/// The OpenAPI 3.1 description of the API.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "getOpenApi",
    tag = "meta",
    responses(
        (status = 200, description = "The OpenAPI document", body = Object),
    )
)]
async fn openapi_json() -> Response {
    match openapi().to_json() {
        Ok(json) => {
            let mut response = json.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(e) => ApiError::Internal(format!("the OpenAPI document could not be written: {e}"))
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_openapi_3_1_with_the_bearer_scheme() {
        let doc = serde_json::to_value(openapi()).expect("json");
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
        let paths = doc["paths"].as_object().expect("paths");
        assert!(
            paths.keys().all(|p| p.starts_with(PREFIX)),
            "{:?}",
            paths.keys()
        );
        assert!(paths.contains_key("/api/v1/me/plan/{id}/done"));
    }

    #[test]
    fn every_documented_reference_resolves() {
        let doc = serde_json::to_value(openapi()).expect("json");
        let text = doc.to_string();
        for reference in text.split("\"$ref\":\"").skip(1) {
            let target = reference.split('"').next().expect("closing quote");
            let pointer = target.strip_prefix('#').expect("a local reference");
            assert!(doc.pointer(pointer).is_some(), "{target} does not resolve");
        }
    }
}
