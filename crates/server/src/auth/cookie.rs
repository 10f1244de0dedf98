//! Reading the `Cookie` header and writing `Set-Cookie` values.
//!
//! Every cookie Anneal sets is `HttpOnly`, `SameSite=Lax` and `Path=/`. `Secure` is added to all
//! of them by [`crate::security::headers`] when the request came over HTTPS, so handlers never
//! decide it themselves.

use axum::http::{HeaderMap, HeaderValue, header};

/// The value of the cookie `name` in the request, if present. Later duplicates are ignored.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

/// A `Set-Cookie` value for `name=value`; `max_age_secs` `None` makes it last until the browser
/// closes. `value` must be cookie-safe (Anneal only stores base64url and `.` in cookies);
/// anything else is refused with `None` rather than sent broken.
pub fn set(name: &str, value: &str, max_age_secs: Option<i64>) -> Option<HeaderValue> {
    let safe = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    };
    if !safe(name) || !safe(value) {
        return None;
    }
    let mut text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(secs) = max_age_secs {
        text.push_str(&format!("; Max-Age={secs}"));
    }
    HeaderValue::from_str(&text).ok()
}

/// A `Set-Cookie` value that deletes the cookie `name`.
pub fn remove(name: &str) -> Option<HeaderValue> {
    set(name, "", Some(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several_headers_and_pairs() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; b=2"));
        headers.append(header::COOKIE, HeaderValue::from_static("c=\"3\""));
        assert_eq!(get(&headers, "b"), Some("2"));
        assert_eq!(get(&headers, "c"), Some("3"));
        assert_eq!(get(&headers, "d"), None);
        assert_eq!(get(&headers, "a=1"), None);
    }

    #[test]
    fn set_cookie_has_the_safe_attributes() {
        let v = set("anneal_session", "abc-_.1", Some(60)).expect("valid");
        assert_eq!(
            v.to_str().expect("ascii"),
            "anneal_session=abc-_.1; Path=/; HttpOnly; SameSite=Lax; Max-Age=60"
        );
        let v = set("x", "y", None).expect("valid");
        assert_eq!(
            v.to_str().expect("ascii"),
            "x=y; Path=/; HttpOnly; SameSite=Lax"
        );
        assert_eq!(
            remove("x").expect("valid").to_str().expect("ascii"),
            "x=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
        );
    }

    #[test]
    fn refuses_values_that_would_break_the_header() {
        assert!(set("x", "a;b", None).is_none());
        assert!(set("x", "a b", None).is_none());
        assert!(set("x y", "a", None).is_none());
        assert!(set("x", "a\r\nSet-Cookie: evil=1", None).is_none());
    }
}
