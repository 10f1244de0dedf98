//! Flash messages: one short message carried across a redirect ("Your password was changed.")
//! in the `anneal_flash` cookie, signed with HMAC-SHA256 so nobody else can make the site show
//! words of their choosing. The layout shows it; the next HTML page deletes it.
//!
//! The signing key is random per process. With several processes behind a load balancer a
//! message can land on a process that cannot verify it; it is then silently dropped, which costs
//! a confirmation line and nothing else.

use crate::auth::cookie;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponseParts, Response, ResponseParts};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use serde::{Deserialize, Serialize};

/// The flash cookie's name.
pub const FLASH_COOKIE: &str = "anneal_flash";
/// The longest message, in bytes (cookies are small).
pub const MAX_FLASH_BYTES: usize = 1000;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// How a message is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlashKind {
    Success,
    Info,
    Error,
}

impl FlashKind {
    /// The CSS class suffix and the word screen readers hear first.
    pub fn as_str(self) -> &'static str {
        match self {
            FlashKind::Success => "success",
            FlashKind::Info => "info",
            FlashKind::Error => "error",
        }
    }
}

/// One message for the next page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: String,
}

impl Flash {
    pub fn success(text: impl Into<String>) -> Flash {
        Flash {
            kind: FlashKind::Success,
            text: text.into(),
        }
    }

    pub fn info(text: impl Into<String>) -> Flash {
        Flash {
            kind: FlashKind::Info,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Flash {
        Flash {
            kind: FlashKind::Error,
            text: text.into(),
        }
    }

    /// Whether it should interrupt (errors) or wait politely (everything else).
    pub fn is_error(&self) -> bool {
        self.kind == FlashKind::Error
    }
}

/// The key flash cookies are signed with.
pub struct FlashKey([u8; 32]);

impl std::fmt::Debug for FlashKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FlashKey(<redacted>)")
    }
}

impl FlashKey {
    /// A fresh random key.
    pub fn random() -> Result<FlashKey, getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)?;
        Ok(FlashKey(key))
    }

    fn mac(&self, data: &[u8]) -> HmacSha256 {
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(data);
        mac
    }

    /// The cookie value for `flash`: base64url(JSON) `.` base64url(HMAC). `None` when the text is
    /// longer than [`MAX_FLASH_BYTES`].
    fn encode(&self, flash: &Flash) -> Option<String> {
        if flash.text.len() > MAX_FLASH_BYTES {
            return None;
        }
        let json = serde_json::to_vec(flash).ok()?;
        let tag = self.mac(&json).finalize().into_bytes();
        Some(format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&json),
            URL_SAFE_NO_PAD.encode(tag)
        ))
    }

    fn decode(&self, value: &str) -> Option<Flash> {
        let (data, tag) = value.split_once('.')?;
        let json = URL_SAFE_NO_PAD.decode(data).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac(&json).verify_slice(&tag).ok()?;
        serde_json::from_slice(&json).ok()
    }

    /// A response part that sets `flash` for the next page.
    pub fn set(&self, flash: &Flash) -> SetFlash {
        let value = self.encode(flash);
        if value.is_none() {
            tracing::warn!("a flash message was too long to send");
        }
        SetFlash(value.and_then(|v| cookie::set(FLASH_COOKIE, &v, Some(60))))
    }

    /// The request's flash message, if it has a valid one.
    pub fn read(&self, headers: &HeaderMap) -> Option<Flash> {
        cookie::get(headers, FLASH_COOKIE).and_then(|v| self.decode(v))
    }
}

/// Sets a flash cookie on the response: `(state.flash_key.set(&flash), Redirect::to(..))`.
#[derive(Debug)]
pub struct SetFlash(Option<HeaderValue>);

impl IntoResponseParts for SetFlash {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, mut res: ResponseParts) -> Result<ResponseParts, Self::Error> {
        if let Some(value) = self.0 {
            res.headers_mut().append(header::SET_COOKIE, value);
        }
        Ok(res)
    }
}

/// Middleware: once a successful HTML page has been sent to a request that carried a flash
/// cookie, the page has shown the message, so the cookie is deleted (unless the response sets a
/// new one). Redirects keep it, so it survives to the page they lead to.
pub async fn clear_after_display(req: Request, next: Next) -> Response {
    let had_flash = cookie::get(req.headers(), FLASH_COOKIE).is_some();
    let mut response = next.run(req).await;
    if !had_flash || !response.status().is_success() {
        return response;
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    let sets_new = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(FLASH_COOKIE.as_bytes()));
    if is_html
        && !sets_new
        && let Some(remove) = cookie::remove(FLASH_COOKIE)
    {
        response.headers_mut().append(header::SET_COOKIE, remove);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> FlashKey {
        FlashKey::random().expect("random")
    }

    fn request_with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("{FLASH_COOKIE}={value}")).expect("header"),
        );
        h
    }

    #[test]
    fn a_signed_message_round_trips() {
        let key = key();
        let flash = Flash::success("Your password was changed. <b>é</b>");
        let value = key.encode(&flash).expect("encode");
        assert_eq!(key.read(&request_with(&value)), Some(flash));
    }

    #[test]
    fn forged_edited_or_foreign_messages_are_ignored() {
        let key = key();
        let value = key.encode(&Flash::info("hello")).expect("encode");
        assert_eq!(key.read(&request_with(&value.replace('.', ""))), None);
        let (data, tag) = value.split_once('.').expect("two parts");
        let forged = URL_SAFE_NO_PAD.encode(br#"{"kind":"error","text":"call 555"}"#);
        assert_eq!(key.read(&request_with(&format!("{forged}.{tag}"))), None);
        assert_eq!(key.read(&request_with(&format!("{data}.AAAA"))), None);
        assert_eq!(
            self::key().read(&request_with(&value)),
            None,
            "another process's key"
        );
        assert_eq!(key.read(&HeaderMap::new()), None);
    }

    #[test]
    fn long_messages_are_not_sent() {
        let key = key();
        assert!(
            key.encode(&Flash::info("x".repeat(MAX_FLASH_BYTES + 1)))
                .is_none()
        );
        assert!(
            key.set(&Flash::info("x".repeat(MAX_FLASH_BYTES + 1)))
                .0
                .is_none()
        );
        assert!(key.set(&Flash::info("ok")).0.is_some());
    }
}
