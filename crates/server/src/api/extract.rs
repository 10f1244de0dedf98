//! Extractors of the API. Axum's own rejections are plain text; these turn every one of them into
//! problem+json ([`ApiError`]): a JSON body ([`ApiJson`], [`ApiJsonOrEmpty`]), the query string
//! ([`ApiQuery`]), path ids ([`ApiPath`]), the caller's account ([`ApiUser`]) and the journal
//! passphrase header ([`JournalPassphrase`]).

use crate::api::error::{ApiError, JOURNAL_HEADER};
use crate::auth::bearer_user;
use crate::state::AppState;
use anneal_store::User;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

/// A JSON request body. Wrong content type: 415; unreadable or too large: 400 / 413; not JSON:
/// 400 saying where (line and column); JSON of the wrong shape: 422 naming the field.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

/// Like [`ApiJson`], but an empty body (with or without a content type), or `null`, is
/// `T::default()`.
#[derive(Debug)]
pub struct ApiJsonOrEmpty<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = read_body(req, state).await?;
        parse_body(&bytes).map(ApiJson)
    }
}

impl<T: DeserializeOwned + Default> FromRequest<AppState> for ApiJsonOrEmpty<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let has_type = req.headers().contains_key(header::CONTENT_TYPE);
        if has_type && !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = read_body(req, state).await?;
        if is_blank(&bytes) {
            return Ok(ApiJsonOrEmpty(T::default()));
        }
        if !has_type {
            return Err(ApiError::UnsupportedMediaType);
        }
        if parse_value(&bytes)?.is_null() {
            return Ok(ApiJsonOrEmpty(T::default()));
        }
        parse_body(&bytes).map(ApiJsonOrEmpty)
    }
}

async fn read_body(req: Request, state: &AppState) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state)
        .await
        .map_err(|rejection| match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
            _ => ApiError::BadRequest("the request body could not be read".into()),
        })
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// Whether the content type is `application/json` or `application/…+json` (parameters allowed).
pub fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Parses a JSON body into `T`, with errors that say where and what: first the syntax (400 with
/// line and column), then the shape (422 naming the field). The body must be a JSON object.
pub fn parse_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value = parse_value(bytes)?;
    if !value.is_object() {
        return Err(ApiError::fields(
            format!(
                "the request body must be a JSON object ({{…}}), not {}",
                kind_of(&value)
            ),
            vec![],
        ));
    }
    serde_path_to_error::deserialize(value).map_err(shape_error)
}

/// The body as a JSON value; 400 saying where when it is not JSON.
fn parse_value(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    if is_blank(bytes) {
        return Err(ApiError::BadRequest(
            "the request body is empty; send a JSON object".into(),
        ));
    }
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::BadRequest(format!(
            "the request body is not valid JSON: {}, at line {}, column {}",
            without_position(&e),
            e.line(),
            e.column()
        ))
    })
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

fn shape_error(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = error.path().to_string();
    let message = without_position(error.inner());
    let field = field_of(&path, &message);
    if field.is_empty() {
        ApiError::fields(format!("the request body does not fit: {message}"), vec![])
    } else {
        ApiError::field(field, message)
    }
}

/// serde_json's message without its trailing " at line L column C".
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

/// The field a data error is about: the path to it, and for a missing or unknown field the
/// field's own name (serde reports those at the enclosing object).
fn field_of(path: &str, message: &str) -> String {
    let base = if path == "." { "" } else { path };
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split('`').next());
    match named {
        // An unknown field's path already ends with it; a missing field's does not.
        Some(name) if base == name || base.ends_with(&format!(".{name}")) => base.to_string(),
        Some(name) if base.is_empty() => name.to_string(),
        Some(name) => format!("{base}.{name}"),
        None => base.to_string(),
    }
}

/// The query string, parsed into `T`; 400 saying which parameter is wrong.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(value)| ApiQuery(value))
            .map_err(|rejection| {
                ApiError::BadRequest(format!(
                    "the query string is not valid: {}",
                    rejection.body_text()
                ))
            })
    }
}

/// A path parameter. One that does not parse (a plan item "abc", text that is not UTF-8) names
/// nothing here: 404.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|_| {
                ApiError::NotFound(format!(
                    "{} names nothing here: the id in it is not one this API uses (plan items \
                     and journal entries have whole-number ids)",
                    parts.uri.path()
                ))
            })
    }
}

/// The account whose API token the request carries (`Authorization: Bearer anneal_…`); 401
/// without a live token.
#[derive(Debug, Clone)]
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(user) = bearer_user(state, &parts.headers)
            .await
            .map_err(store_unavailable)?
        {
            return Ok(ApiUser(user));
        }
        let message = if parts.headers.contains_key(header::AUTHORIZATION) {
            "the API token is not valid: it is unknown, revoked or not an Anneal token \
             (`Authorization: Bearer anneal_…`)"
        } else {
            "this endpoint needs an API token: send `Authorization: Bearer anneal_…`; \
             POST /api/v1/auth/token gives you one"
        };
        Err(ApiError::Unauthorized(message.into()))
    }
}

/// A token lookup the store could not answer: 503, not 401 (the token may well be good).
pub(crate) fn store_unavailable(e: anneal_store::StoreError) -> ApiError {
    tracing::warn!(error = %e, "could not look up an API token");
    ApiError::Unavailable(
        "the database could not be reached to check the API token; try again".into(),
    )
}

/// The journal passphrase from the `Anneal-Journal-Passphrase` header (UTF-8), if sent.
#[derive(Debug, Clone)]
pub struct JournalPassphrase(pub Option<String>);

impl JournalPassphrase {
    /// The passphrase, or 401 saying it is missing.
    pub fn required(self) -> Result<String, ApiError> {
        self.0.ok_or(ApiError::JournalLocked)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for JournalPassphrase {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(JOURNAL_HEADER) else {
            return Ok(JournalPassphrase(None));
        };
        let text = std::str::from_utf8(value.as_bytes()).map_err(|_| {
            ApiError::BadRequest(format!("the `{JOURNAL_HEADER}` header must be UTF-8 text"))
        })?;
        Ok(JournalPassphrase(Some(text.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        inner: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        count: u8,
    }

    fn problem(result: Result<Body, ApiError>) -> crate::problem::Problem {
        result.expect_err("should be refused").problem()
    }

    #[test]
    fn malformed_json_is_400_with_line_and_column() {
        let p = problem(parse_body(b"{\n  \"name\": \"a\",\n  oops\n}"));
        assert_eq!(p.status, 400);
        assert!(p.detail.contains("line 3, column 3"), "{}", p.detail);
        let p = problem(parse_body(b"{\"name\": \"a\"} trailing"));
        assert_eq!(p.status, 400);
        assert!(p.detail.contains("trailing characters"), "{}", p.detail);
        let p = problem(parse_body(b"[1,"));
        assert_eq!(p.status, 400);
        let p = problem(parse_body(b"   "));
        assert_eq!(p.status, 400);
        assert!(p.detail.contains("empty"));
    }

    #[test]
    fn wrong_shapes_are_422_naming_the_field() {
        let p = problem(parse_body(b"{}"));
        assert_eq!(p.status, 422);
        assert_eq!(p.errors[0].field, "name");
        assert!(p.errors[0].message.contains("missing field"));
        let p = problem(parse_body(b"{\"name\": \"a\", \"nmae\": 1}"));
        assert_eq!(p.errors[0].field, "nmae");
        let p = problem(parse_body(b"{\"name\": \"a\", \"inner\": {}}"));
        assert_eq!(p.errors[0].field, "inner.count");
        let p = problem(parse_body(
            b"{\"name\": \"a\", \"inner\": {\"count\": 1, \"x\": 1}}",
        ));
        assert_eq!(p.errors[0].field, "inner.x");
        let p = problem(parse_body(
            b"{\"name\": \"a\", \"inner\": {\"count\": 300}}",
        ));
        assert_eq!(p.errors[0].field, "inner.count");
        assert!(
            !p.errors[0].message.contains("line"),
            "{}",
            p.errors[0].message
        );
        for not_an_object in [&b"\"text\""[..], b"[1]", b"null", b"3"] {
            let p = problem(parse_body(not_an_object));
            assert_eq!(p.status, 422);
            assert!(p.detail.contains("must be a JSON object"), "{}", p.detail);
            assert!(p.errors.is_empty());
        }
    }

    #[test]
    fn json_content_types() {
        let mut h = HeaderMap::new();
        assert!(!is_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(is_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/merge-patch+json"),
        );
        assert!(is_json(&h));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!is_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        assert!(!is_json(&h));
    }

    proptest::proptest! {
        #[test]
        fn any_body_is_accepted_or_refused_with_400_or_422(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            if let Err(e) = parse_body::<Body>(&bytes) {
                let status = e.status().as_u16();
                proptest::prop_assert!(status == 400 || status == 422, "{status}");
                proptest::prop_assert!(!e.problem().detail.is_empty());
            }
        }

        #[test]
        fn json_like_text_is_accepted_or_refused_with_400_or_422(text in "[\\[\\]{}:,\"a-z0-9 ]{0,60}") {
            if let Err(e) = parse_body::<Body>(text.as_bytes()) {
                let status = e.status().as_u16();
                proptest::prop_assert!(status == 400 || status == 422, "{status}");
            }
        }
    }
}
