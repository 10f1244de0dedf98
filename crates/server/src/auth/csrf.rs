//! Protection against cross-site request forgery, in three layers:
//!
//! 1. [`reject_cross_site`] (every route): an unsafe request (POST, PUT, PATCH, DELETE, …) whose
//!    `Sec-Fetch-Site` is `cross-site`, or whose `Origin` is not this host, is refused with 403.
//! 2. [`require_session_token`] (every logged-in form): the form's hidden `_csrf` field (or an
//!    `X-CSRF-Token` header, for scripts) must equal the session's CSRF token.
//! 3. [`require_pre_login_token`] (the setup and login forms, before any session exists): a
//!    double-submit cookie: `anneal_csrf` holds a random token that the form echoes in `_csrf`.
//!
//! Tokens are compared in constant time. Form bodies must be `application/x-www-form-urlencoded`
//! (a multipart form must send the token in `X-CSRF-Token`).

use crate::MAX_BODY_BYTES;
use crate::auth::cookie;
use crate::auth::session;
use crate::auth::token::{constant_time_eq, looks_like_token, random_token};
use crate::error::PageError;
use crate::flash::Flash;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// The hidden form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
/// The header a script may use instead of the form field.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The double-submit cookie of the pre-login forms.
pub const CSRF_COOKIE: &str = "anneal_csrf";

/// The CSRF token the forms of this page must carry (set by the CSRF layers for the handlers).
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

const FORGED: &str = "This form could not be accepted: it has expired or it came from another \
                      site. Go back, reload the page and try again. Nothing was changed.";

/// Whether the method can change something (everything but GET, HEAD, OPTIONS and TRACE).
pub fn is_unsafe(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Refuses unsafe requests that a browser says come from another site (layer 1).
pub async fn reject_cross_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if is_unsafe(req.method()) && is_cross_site(req.headers(), req.uri(), state.config.trust_proxy)
    {
        return refuse(req.uri().path());
    }
    next.run(req).await
}

fn is_cross_site(headers: &HeaderMap, uri: &axum::http::Uri, trust_proxy: bool) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site.is_some_and(|s| s.eq_ignore_ascii_case("cross-site")) {
        return true;
    }
    // A browser that says the request comes from this very origin is believed, even when it
    // hides the Origin as "null" (some privacy settings do); the form token still has to match.
    if fetch_site.is_some_and(|s| s.eq_ignore_ascii_case("same-origin")) {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        // Browsers send Origin with every cross-origin POST; its absence means a same-origin
        // request from an older browser, or a client that is not a browser.
        return false;
    };
    let Some(origin_host) = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, host)| host.trim_end_matches('/'))
    else {
        // "null" (a sandboxed or privacy-sensitive context) or garbage.
        return true;
    };
    let forwarded_host = trust_proxy
        .then(|| headers.get("x-forwarded-host"))
        .flatten()
        .and_then(|v| v.to_str().ok());
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()));
    let matches = |h: Option<&str>| h.is_some_and(|h| h.trim().eq_ignore_ascii_case(origin_host));
    !(matches(host) || matches(forwarded_host))
}

/// Checks the session's token on unsafe requests to logged-in routes (layer 2). Without a
/// session the visitor is sent to log in (nothing is done).
pub async fn require_session_token(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if !is_unsafe(req.method()) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let user = match session::load(&parts.headers, &mut parts.extensions, &state).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            let flash = state.flash_key.set(&Flash::info(
                "Your session has ended, so nothing was changed. Log in to continue.",
            ));
            return (flash, Redirect::to("/login")).into_response();
        }
        Err(e) => return PageError::from(e).into_response(),
    };
    let bytes = match read_body(body).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    if !carries_token(&parts.headers, &bytes, user.csrf()) {
        return refuse(parts.uri.path());
    }
    parts.extensions.insert(CsrfToken(user.csrf().to_string()));
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The double-submit check of the pre-login forms (layer 3). On safe requests it makes sure the
/// `anneal_csrf` cookie exists, so the page can put its value into the form.
pub async fn require_pre_login_token(req: Request, next: Next) -> Response {
    let cookie_token = cookie::get(req.headers(), CSRF_COOKIE)
        .filter(|t| looks_like_token(t))
        .map(str::to_string);
    if is_unsafe(req.method()) {
        let Some(expected) = cookie_token else {
            return refuse(req.uri().path());
        };
        let (mut parts, body) = req.into_parts();
        let bytes = match read_body(body).await {
            Ok(b) => b,
            Err(e) => return e.into_response(),
        };
        if !carries_token(&parts.headers, &bytes, &expected) {
            return refuse(parts.uri.path());
        }
        parts.extensions.insert(CsrfToken(expected));
        return next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await;
    }
    let mut req = req;
    match cookie_token {
        Some(token) => {
            req.extensions_mut().insert(CsrfToken(token));
            next.run(req).await
        }
        None => {
            let token = match random_token() {
                Ok(t) => t,
                Err(e) => {
                    return PageError::Internal(format!("no randomness: {e}")).into_response();
                }
            };
            req.extensions_mut().insert(CsrfToken(token.clone()));
            let mut response = next.run(req).await;
            if let Some(set) = cookie::set(CSRF_COOKIE, &token, None) {
                response.headers_mut().append(header::SET_COOKIE, set);
            }
            response
        }
    }
}

/// Reads a whole body, at most [`MAX_BODY_BYTES`].
async fn read_body(body: Body) -> Result<Bytes, PageError> {
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|e| {
            let too_large = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            if too_large {
                PageError::TooLarge
            } else {
                PageError::BadRequest("the request body could not be read".into())
            }
        })
}

/// Whether the request carries `expected` in the `X-CSRF-Token` header or the form's `_csrf`.
fn carries_token(headers: &HeaderMap, body: &[u8], expected: &str) -> bool {
    if let Some(sent) = headers.get(CSRF_HEADER) {
        return constant_time_eq(sent.as_bytes(), expected.as_bytes());
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.split(';').next().is_some_and(|m| {
                m.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        });
    if !is_form {
        return false;
    }
    form_urlencoded::parse(body)
        .find(|(name, _)| name == CSRF_FIELD)
        .is_some_and(|(_, sent)| constant_time_eq(sent.as_bytes(), expected.as_bytes()))
}

fn refuse(path: &str) -> Response {
    tracing::info!("refused a request without a valid CSRF token or from another site");
    if path.starts_with("/api/") {
        crate::problem::Problem::new(axum::http::StatusCode::FORBIDDEN, FORGED).into_response()
    } else {
        PageError::Forbidden(FORGED.into()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, Uri};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_requests_pass() {
        let uri = Uri::from_static("/login");
        let h = headers(&[
            ("host", "127.0.0.1:7878"),
            ("origin", "http://127.0.0.1:7878"),
        ]);
        assert!(!is_cross_site(&h, &uri, false));
        let h = headers(&[
            ("host", "127.0.0.1:7878"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(!is_cross_site(&h, &uri, false));
        let h = headers(&[("host", "127.0.0.1:7878")]);
        assert!(
            !is_cross_site(&h, &uri, false),
            "no Origin: not a cross-site browser form"
        );
        // Regression: a same-origin form post whose Origin the browser hides as "null" (as
        // Chromium does under a strict referrer policy) was refused, so no form worked.
        let h = headers(&[
            ("host", "127.0.0.1:7878"),
            ("origin", "null"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(!is_cross_site(&h, &uri, false));
    }

    #[test]
    fn cross_site_requests_are_caught() {
        let uri = Uri::from_static("/login");
        let h = headers(&[
            ("host", "127.0.0.1:7878"),
            ("origin", "http://evil.example"),
        ]);
        assert!(is_cross_site(&h, &uri, false));
        let h = headers(&[("host", "127.0.0.1:7878"), ("origin", "null")]);
        assert!(is_cross_site(&h, &uri, false));
        let h = headers(&[("host", "127.0.0.1:7878"), ("sec-fetch-site", "cross-site")]);
        assert!(is_cross_site(&h, &uri, false));
        let h = headers(&[
            ("host", "127.0.0.1:7878"),
            ("origin", "http://127.0.0.1:7879"),
        ]);
        assert!(
            is_cross_site(&h, &uri, false),
            "another port is another origin"
        );
    }

    #[test]
    fn forwarded_host_counts_only_behind_a_trusted_proxy() {
        let uri = Uri::from_static("/login");
        let h = headers(&[
            ("host", "127.0.0.1:7878"),
            ("x-forwarded-host", "anneal.example.org"),
            ("origin", "https://anneal.example.org"),
        ]);
        assert!(!is_cross_site(&h, &uri, true));
        assert!(is_cross_site(&h, &uri, false));
    }

    #[test]
    fn the_token_comes_from_the_form_or_the_header() {
        let form = headers(&[(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )]);
        assert!(carries_token(&form, b"a=1&_csrf=tok", "tok"));
        assert!(!carries_token(&form, b"a=1&_csrf=tak", "tok"));
        assert!(!carries_token(&form, b"a=1", "tok"));
        let json = headers(&[("content-type", "application/json")]);
        assert!(!carries_token(&json, b"{\"_csrf\":\"tok\"}", "tok"));
        let scripted = headers(&[("x-csrf-token", "tok")]);
        assert!(carries_token(&scripted, b"", "tok"));
        let wrong = headers(&[
            ("x-csrf-token", "tak"),
            ("content-type", "application/x-www-form-urlencoded"),
        ]);
        assert!(
            !carries_token(&wrong, b"_csrf=tok", "tok"),
            "a wrong header is not rescued by the form"
        );
    }

    #[test]
    fn unsafe_methods() {
        assert!(is_unsafe(&Method::POST));
        assert!(is_unsafe(&Method::DELETE));
        assert!(!is_unsafe(&Method::GET));
        assert!(!is_unsafe(&Method::HEAD));
    }
}
