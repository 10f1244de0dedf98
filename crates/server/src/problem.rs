//! RFC 9457 problem details (`application/problem+json`): the error body of every JSON endpoint.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The media type of a problem document.
pub const CONTENT_TYPE: &str = "application/problem+json";

/// One problem document. `type` is `about:blank` unless a more specific problem type is given,
/// in which case `title` should describe that type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the problem type (for `about:blank`, the HTTP status phrase).
    pub title: String,
    pub status: u16,
    /// What went wrong in this case, in words a person understands.
    pub detail: String,
    /// Per-field problems of the request body, when there are any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// A problem with one field of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name (a JSON pointer-like path for nested fields, e.g. `answers.energy`).
    pub field: String,
    pub message: String,
}

impl Problem {
    /// A problem of type `about:blank` with the status's phrase as title.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// Adds a per-field problem.
    pub fn field(mut self, field: impl Into<String>, message: impl Into<String>) -> Problem {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
        self
    }

    /// The HTTP status (500 if the stored number is not a valid status).
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let mut response = (status, Json(self)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        response
    }
}

/// A problem for a JSON body that axum could not accept (wrong content type, malformed JSON,
/// missing or mistyped fields, too large), keeping axum's status and its explanation.
impl From<JsonRejection> for Problem {
    fn from(rejection: JsonRejection) -> Problem {
        let detail = match &rejection {
            JsonRejection::MissingJsonContentType(_) => {
                "the request body must be JSON, sent with `Content-Type: application/json`".into()
            }
            _ => rejection.body_text(),
        };
        Problem::new(rejection.status(), detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_rfc_9457_member_names() {
        let p = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "the username is empty")
            .field("username", "must not be empty");
        let json = serde_json::to_value(&p).expect("json");
        assert_eq!(
            json,
            serde_json::json!({
                "type": "about:blank",
                "title": "Unprocessable Entity",
                "status": 422,
                "detail": "the username is empty",
                "errors": [{"field": "username", "message": "must not be empty"}]
            })
        );
        let plain = serde_json::to_value(Problem::new(StatusCode::CONFLICT, "x")).expect("json");
        assert!(plain.get("errors").is_none());
    }

    #[test]
    fn responds_with_the_problem_media_type_and_status() {
        let r = Problem::new(StatusCode::CONFLICT, "taken").into_response();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert_eq!(r.headers()[header::CONTENT_TYPE], CONTENT_TYPE);
    }
}
