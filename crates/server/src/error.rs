//! Errors of HTML handlers, shown to people as a page with the right status. Details of server
//! failures go to the log, never to the page.

use crate::MAX_BODY_BYTES;
use crate::auth::limiter::RetryAfter;
use crate::auth::password::PasswordError;
use crate::auth::session::SessionError;
use crate::pages::layout::Layout;
use crate::pages::render_status;
use crate::problem::Problem;
use anneal_service::ServiceError;
use anneal_store::StoreError;
use askama::Template;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use thiserror::Error;

/// Something a page handler could not do.
#[derive(Debug, Error)]
pub enum PageError {
    #[error("there is no page at this address")]
    NotFound,
    /// Refused, with the reason to show.
    #[error("{0}")]
    Forbidden(String),
    /// Input the person can fix, with what was wrong.
    #[error("{0}")]
    BadRequest(String),
    #[error("the request is larger than the {} KiB allowed", MAX_BODY_BYTES / 1024)]
    TooLarge,
    #[error("too many attempts")]
    TooManyRequests(RetryAfter),
    /// The database did not answer.
    #[error("the database is not reachable: {0}")]
    Unavailable(String),
    /// A failure on this side; the message is logged, not shown.
    #[error("{0}")]
    Internal(String),
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> PageError {
        match e {
            StoreError::Open { .. } => PageError::Unavailable(e.to_string()),
            StoreError::NotFound { .. } => PageError::NotFound,
            other => PageError::Internal(other.to_string()),
        }
    }
}

impl From<ServiceError> for PageError {
    fn from(e: ServiceError) -> PageError {
        match e {
            ServiceError::Invalid(m) => PageError::BadRequest(m),
            ServiceError::NotFound(_) => PageError::NotFound,
            ServiceError::Store(e) => e.into(),
            ServiceError::Internal(m) => PageError::Internal(m),
        }
    }
}

impl From<SessionError> for PageError {
    fn from(e: SessionError) -> PageError {
        match e {
            SessionError::Store(e) => e.into(),
            other => PageError::Internal(other.to_string()),
        }
    }
}

impl From<PasswordError> for PageError {
    fn from(e: PasswordError) -> PageError {
        match e {
            PasswordError::Hashing(m) => PageError::Internal(m),
            other => PageError::BadRequest(other.to_string()),
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> PageError {
        PageError::Internal(format!("a template could not be rendered: {e}"))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: &'static str,
    message: String,
}

impl PageError {
    fn status(&self) -> StatusCode {
        match self {
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Forbidden(_) => StatusCode::FORBIDDEN,
            PageError::BadRequest(_) => StatusCode::UNPROCESSABLE_ENTITY,
            PageError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            PageError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            PageError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            PageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The heading and the message the page shows.
    fn words(&self) -> (&'static str, String) {
        match self {
            PageError::NotFound => (
                "Page not found",
                "There is no page at this address. It may have moved, or the link was mistyped."
                    .into(),
            ),
            PageError::Forbidden(m) => ("Not allowed", m.clone()),
            PageError::BadRequest(m) => ("That did not work", m.clone()),
            PageError::TooLarge => (
                "Too much at once",
                format!(
                    "What you sent is larger than the {} KiB this page accepts. Nothing was saved.",
                    MAX_BODY_BYTES / 1024
                ),
            ),
            PageError::TooManyRequests(wait) => (
                "Too many attempts",
                format!(
                    "There were too many failed attempts. Wait {} and try again.",
                    minutes(wait.seconds())
                ),
            ),
            PageError::Unavailable(_) => (
                "Temporarily unavailable",
                "Anneal cannot reach its database right now. Nothing was lost; try again in a \
                 minute."
                    .into(),
            ),
            PageError::Internal(_) => (
                "Something went wrong",
                "Something failed on our side, not because of anything you did. Try again; if it \
                 keeps happening, tell whoever runs this Anneal."
                    .into(),
            ),
        }
    }
}

/// "about N minutes" (at least one).
fn minutes(seconds: u64) -> String {
    let m = seconds.div_ceil(60).max(1);
    if m == 1 {
        "about a minute".into()
    } else {
        format!("about {m} minutes")
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            PageError::Internal(m) | PageError::Unavailable(m) => {
                tracing::error!(status = status.as_u16(), error = %m, "request failed");
            }
            _ => {}
        }
        let (heading, message) = self.words();
        let page = ErrorPage {
            layout: Layout::bare(heading),
            heading,
            message,
        };
        let mut response = render_status(status, &page);
        if let PageError::TooManyRequests(wait) = self
            && let Ok(v) = HeaderValue::from_str(&wait.seconds().to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

/// The fallback for every unknown path: a page, or problem+json under `/api/`.
pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        Problem::new(StatusCode::NOT_FOUND, "there is no such API endpoint").into_response()
    } else {
        PageError::NotFound.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_words() {
        assert_eq!(PageError::NotFound.into_response().status(), 404);
        assert_eq!(PageError::TooLarge.into_response().status(), 413);
        let r = PageError::TooManyRequests(RetryAfter(std::time::Duration::from_secs(90)))
            .into_response();
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()[header::RETRY_AFTER], "90");
        assert_eq!(minutes(90), "about 2 minutes");
        assert_eq!(minutes(5), "about a minute");
    }

    #[test]
    fn internal_details_are_not_shown() {
        let (_, message) = PageError::Internal("secret sql detail".into()).words();
        assert!(!message.contains("secret"));
        let (_, message) = PageError::Unavailable("connection refused at db:5432".into()).words();
        assert!(!message.contains("5432"));
    }
}
