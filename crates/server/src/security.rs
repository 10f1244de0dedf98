//! Security headers on every response, and `Secure` on every cookie when the request came over
//! HTTPS (through a trusted proxy; see [`ServerConfig::trust_proxy`](crate::ServerConfig)).

use crate::auth::client;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The Content-Security-Policy: everything from this origin only, no inline script or style,
/// no plugins, no framing, forms post only here.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
                       img-src 'self' data:; font-src 'self'; connect-src 'self'; \
                       form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Powerful browser features Anneal never uses, all switched off.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), \
                                      gyroscope=(), magnetometer=(), microphone=(), payment=(), \
                                      usb=()";

const FIXED: [(HeaderName, &str); 7] = [
    (header::CONTENT_SECURITY_POLICY, CSP),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    // `same-origin`: no referrer ever leaves the site, and same-origin form posts keep a real
    // `Origin` (under `no-referrer` browsers send `Origin: null`, which the CSRF check refuses).
    (header::REFERRER_POLICY, "same-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
    (
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    ),
];

/// Middleware adding the headers. Responses that set no `Cache-Control` of their own (every
/// page, every API answer) get `no-store`: personal data must not linger in caches.
pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let https = client::is_https(req.headers(), &state.config);
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    for (name, value) in FIXED {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
        mark_cookies_secure(headers);
    }
    response
}

/// Appends `; Secure` to every `Set-Cookie` that lacks it.
fn mark_cookies_secure(headers: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    if cookies.is_empty() {
        return;
    }
    headers.remove(header::SET_COOKIE);
    for value in cookies {
        let secure = value
            .to_str()
            .ok()
            .filter(|v| !v.contains("; Secure"))
            .and_then(|v| HeaderValue::from_str(&format!("{v}; Secure")).ok());
        headers.append(header::SET_COOKIE, secure.unwrap_or(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_allows_nothing_inline_or_external() {
        assert!(!CSP.contains("unsafe-inline"));
        assert!(!CSP.contains("http"));
        assert!(CSP.contains("script-src 'self'"));
        assert!(CSP.contains("frame-ancestors 'none'"));
        assert!(HeaderValue::from_str(CSP).is_ok());
    }

    #[test]
    fn secure_is_added_once_to_every_cookie() {
        let mut h = HeaderMap::new();
        h.append(header::SET_COOKIE, HeaderValue::from_static("a=1; Path=/"));
        h.append(
            header::SET_COOKIE,
            HeaderValue::from_static("b=2; Path=/; Secure"),
        );
        mark_cookies_secure(&mut h);
        let values: Vec<_> = h
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().expect("ascii").to_string())
            .collect();
        assert_eq!(values, ["a=1; Path=/; Secure", "b=2; Path=/; Secure"]);
    }
}
