//! The reusable problem responses of the OpenAPI document: one per error status, each an RFC
//! 9457 problem document (`application/problem+json`) described by [`schema::Problem`].

use crate::api::schema;
use utoipa::ToResponse;

/// The request is malformed: the body is not JSON (the detail says at which line and column), or
/// a query parameter does not parse.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct BadRequest(pub schema::Problem);

/// No API token, or one that is unknown or revoked (or, for `/auth/token`, a username and
/// password that do not match).
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("WWW-Authenticate" = String, description = "`Bearer realm=\"anneal\"`"))
)]
pub struct Unauthorized(pub schema::Problem);

/// The journal passphrase header is missing, or the API token is not valid.
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("WWW-Authenticate" = String, description = "`Bearer` for a token problem, `Anneal-Journal-Passphrase` for a missing passphrase"))
)]
pub struct JournalUnauthorized(pub schema::Problem);

/// An unsafe request that a browser says comes from another site (by `Origin` or
/// `Sec-Fetch-Site`) is refused before it reaches the handler.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct CrossSite(pub schema::Problem);

/// The journal passphrase is not the one the journal was locked with (or the request came from
/// another site).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct WrongPassphrase(pub schema::Problem);

/// There is no such thing (or no such thing of this person's).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct NotFound(pub schema::Problem);

/// The request conflicts with how things stand (e.g. the plan item is already closed).
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Conflict(pub schema::Problem);

/// The request body is larger than 64 KiB. Nothing was saved.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct TooLarge(pub schema::Problem);

/// The body is not sent as `application/json`.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct UnsupportedMediaType(pub schema::Problem);

/// The request does not pass validation; `errors` names each field that is wrong (for answers:
/// `answers.<item id>`). Nothing was saved.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Invalid(pub schema::Problem);

/// Too many failed logins from this address or for this username.
#[derive(ToResponse)]
#[response(
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
)]
pub struct TooManyRequests(pub schema::Problem);

/// Something failed on the server.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Internal(pub schema::Problem);

/// The database is not reachable right now.
#[derive(ToResponse)]
#[response(content_type = "application/problem+json")]
pub struct Unavailable(pub schema::Problem);
