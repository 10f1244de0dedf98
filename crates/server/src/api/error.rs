//! [`ApiError`]: every way an API request can fail, answered as RFC 9457 problem+json with the
//! right status and headers (`WWW-Authenticate` on 401, `Retry-After` on 429). Details of server
//! failures go to the log, never to the client.

use crate::MAX_BODY_BYTES;
use crate::auth::limiter::RetryAfter;
use crate::problem::Problem;
use anneal_service::ServiceError;
use anneal_store::StoreError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use thiserror::Error;

/// The header that carries the journal passphrase.
pub const JOURNAL_HEADER: &str = "Anneal-Journal-Passphrase";

/// Something an API request could not do.
#[derive(Debug, Error)]
pub enum ApiError {
    /// The request is malformed (not JSON, a bad query string), with what was wrong and where.
    #[error("{0}")]
    BadRequest(String),
    /// No API token, or one that is unknown or revoked.
    #[error("{0}")]
    Unauthorized(String),
    /// The username and password of a token request do not match an account.
    #[error("that username and password do not match an account")]
    BadCredentials,
    /// The journal was asked for without its passphrase header.
    #[error("the journal passphrase is missing")]
    JournalLocked,
    /// Refused, with the reason.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("the request body is larger than the {} KiB allowed", MAX_BODY_BYTES / 1024)]
    TooLarge,
    #[error("the request body must be JSON")]
    UnsupportedMediaType,
    /// Input that does not pass validation: a summary and the problem of each field.
    #[error("{detail}")]
    Invalid {
        detail: String,
        fields: Vec<(String, String)>,
    },
    #[error("too many failed attempts")]
    TooManyRequests(RetryAfter),
    /// The database did not answer.
    #[error("the database is not reachable: {0}")]
    Unavailable(String),
    /// A failure on this side; logged, not shown.
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    /// One field's problem (422), which is also the summary.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        let message = message.into();
        ApiError::Invalid {
            detail: message.clone(),
            fields: vec![(field.into(), message)],
        }
    }

    /// Several fields' problems (422) under one summary.
    pub fn fields(detail: impl Into<String>, fields: Vec<(String, String)>) -> ApiError {
        ApiError::Invalid {
            detail: detail.into(),
            fields,
        }
    }

    /// A service error, with input problems attributed to `field`.
    pub fn service_on(field: &str, e: ServiceError) -> ApiError {
        match e {
            ServiceError::Invalid(message) => ApiError::field(field, message),
            other => other.into(),
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) | ApiError::BadCredentials | ApiError::JournalLocked => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem document a client gets.
    pub fn problem(&self) -> Problem {
        let status = self.status();
        match self {
            ApiError::BadRequest(m)
            | ApiError::Unauthorized(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::Conflict(m) => Problem::new(status, m.clone()),
            ApiError::BadCredentials => Problem::new(
                status,
                "That username and password do not match an account. Check both and try again.",
            ),
            ApiError::JournalLocked => Problem::new(
                status,
                format!(
                    "the journal is locked: send its passphrase in the `{JOURNAL_HEADER}` header"
                ),
            ),
            ApiError::TooLarge => Problem::new(
                status,
                format!(
                    "the request body is larger than the {} KiB allowed; nothing was saved",
                    MAX_BODY_BYTES / 1024
                ),
            ),
            ApiError::UnsupportedMediaType => Problem::new(
                status,
                "the request body must be JSON, sent with `Content-Type: application/json`",
            ),
            ApiError::Invalid { detail, fields } => fields.iter().fold(
                Problem::new(status, detail.clone()),
                |problem, (field, message)| problem.field(field.clone(), message.clone()),
            ),
            ApiError::TooManyRequests(wait) => Problem::new(
                status,
                format!(
                    "there were too many failed logins; wait {} seconds and try again",
                    wait.seconds()
                ),
            ),
            ApiError::Unavailable(_) => Problem::new(
                status,
                "Anneal cannot reach its database right now; nothing was lost, try again in a minute",
            ),
            ApiError::Internal(_) => Problem::new(
                status,
                "something failed on the server, not because of the request; try again, and if it \
                 keeps happening tell whoever runs this Anneal",
            ),
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> ApiError {
        match e {
            ServiceError::Invalid(message) => ApiError::Invalid {
                detail: message,
                fields: Vec::new(),
            },
            ServiceError::NotFound(message) => ApiError::NotFound(message),
            ServiceError::Store(e) => e.into(),
            ServiceError::Internal(message) => ApiError::Internal(message),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Open { .. } => ApiError::Unavailable(e.to_string()),
            StoreError::NotFound { what } => ApiError::NotFound(format!("{what} was not found")),
            StoreError::Conflict { what } => ApiError::Conflict(format!("{what} already exists")),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let ApiError::Internal(m) | ApiError::Unavailable(m) = &self {
            tracing::error!(status = status.as_u16(), error = %m, "API request failed");
        }
        let mut response = self.problem().into_response();
        let headers = response.headers_mut();
        match self {
            ApiError::Unauthorized(_) | ApiError::BadCredentials => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"anneal\""),
                );
            }
            ApiError::JournalLocked => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Anneal-Journal-Passphrase realm=\"journal\""),
                );
            }
            ApiError::TooManyRequests(wait) => {
                if let Ok(v) = HeaderValue::from_str(&wait.seconds().to_string()) {
                    headers.insert(header::RETRY_AFTER, v);
                }
            }
            _ => {}
        }
        response
    }
}

/// The result of an API handler.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn every_error_is_problem_json_with_its_status() {
        let cases = [
            (ApiError::BadRequest("x".into()), 400),
            (ApiError::Unauthorized("x".into()), 401),
            (ApiError::JournalLocked, 401),
            (ApiError::Forbidden("x".into()), 403),
            (ApiError::NotFound("x".into()), 404),
            (ApiError::Conflict("x".into()), 409),
            (ApiError::TooLarge, 413),
            (ApiError::UnsupportedMediaType, 415),
            (ApiError::field("note", "too long"), 422),
            (
                ApiError::TooManyRequests(RetryAfter(Duration::from_secs(5))),
                429,
            ),
            (ApiError::Unavailable("db".into()), 503),
            (ApiError::Internal("boom".into()), 500),
        ];
        for (error, status) in cases {
            let response = error.into_response();
            assert_eq!(response.status().as_u16(), status);
            assert_eq!(
                response.headers()[header::CONTENT_TYPE],
                crate::problem::CONTENT_TYPE
            );
        }
    }

    #[test]
    fn challenges_and_retry_after_are_sent() {
        let r = ApiError::Unauthorized("no token".into()).into_response();
        assert!(
            r.headers()[header::WWW_AUTHENTICATE]
                .to_str()
                .expect("ascii")
                .starts_with("Bearer")
        );
        let r = ApiError::JournalLocked.into_response();
        assert!(r.headers().contains_key(header::WWW_AUTHENTICATE));
        let r = ApiError::TooManyRequests(RetryAfter(Duration::from_millis(1500))).into_response();
        assert_eq!(r.headers()[header::RETRY_AFTER], "2");
    }

    #[test]
    fn field_errors_are_listed_and_server_details_hidden() {
        let p = ApiError::fields(
            "2 problems",
            vec![
                ("answers.energy".into(), "missing".into()),
                ("note".into(), "too long".into()),
            ],
        )
        .problem();
        assert_eq!(p.errors.len(), 2);
        assert_eq!(p.errors[0].field, "answers.energy");
        let p = ApiError::Internal("secret sql".into()).problem();
        assert!(!p.detail.contains("secret"));
        let p = ApiError::Unavailable("db:5432".into()).problem();
        assert!(!p.detail.contains("5432"));
    }

    #[test]
    fn service_errors_map_to_statuses() {
        assert_eq!(
            ApiError::from(ServiceError::invalid("bad")).status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            ApiError::from(ServiceError::NotFound("no".into())).status(),
            StatusCode::NOT_FOUND
        );
        let e = ApiError::service_on("title", ServiceError::invalid("empty"));
        assert_eq!(e.problem().errors[0].field, "title");
        assert_eq!(
            ApiError::from(StoreError::Open {
                url: "u".into(),
                reason: "r".into()
            })
            .status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
}
