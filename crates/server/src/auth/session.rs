//! Web sessions. The `anneal_session` cookie holds 32 random bytes (base64url); the store keeps
//! only their SHA-256, the user, the session's CSRF token and its expiry.
//!
//! Handlers take [`CurrentUser`] (pages that need a login: without one the visitor is sent to
//! `/login?next=…`) or [`MaybeUser`] (pages for everyone). Both load the session once per request
//! and share it through the request's extensions.

use crate::auth::cookie;
use crate::auth::token::{hash_token, looks_like_token, random_token};
use crate::error::PageError;
use crate::state::AppState;
use anneal_store::{NewSession, StoreError, User, UserId};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, HeaderValue, Method};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use std::sync::Arc;
use thiserror::Error;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "anneal_session";

/// The logged-in person of this request.
#[derive(Clone)]
pub struct CurrentUser(Arc<SessionData>);

struct SessionData {
    user: User,
    csrf: String,
    token: String,
    token_hash: Vec<u8>,
    sealed_journal_key: Option<Vec<u8>>,
}

impl std::fmt::Debug for CurrentUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CurrentUser")
            .field("user", &self.0.user.id)
            .finish_non_exhaustive()
    }
}

impl CurrentUser {
    /// The person's account.
    pub fn user(&self) -> &User {
        &self.0.user
    }

    pub fn id(&self) -> UserId {
        self.0.user.id
    }

    pub fn username(&self) -> &str {
        &self.0.user.username
    }

    /// The session's CSRF token, for the hidden `_csrf` field of every form.
    pub fn csrf(&self) -> &str {
        &self.0.csrf
    }

    /// The cookie's secret token (never stored; the journal key is sealed under a key from it).
    pub(crate) fn token(&self) -> &str {
        &self.0.token
    }

    pub(crate) fn token_hash(&self) -> &[u8] {
        &self.0.token_hash
    }

    pub(crate) fn sealed_journal_key(&self) -> Option<&[u8]> {
        self.0.sealed_journal_key.as_deref()
    }
}

/// The logged-in person, if any.
#[derive(Clone, Debug)]
pub struct MaybeUser(pub Option<CurrentUser>);

/// The session of this request, cached in the extensions once loaded.
#[derive(Clone)]
struct Loaded(Option<CurrentUser>);

/// The request's session: from the extensions when already loaded, else from the store (and then
/// cached there). No cookie, an unknown or expired session, or a deleted user is `None`.
pub async fn load(
    headers: &HeaderMap,
    extensions: &mut Extensions,
    state: &AppState,
) -> Result<Option<CurrentUser>, StoreError> {
    if let Some(Loaded(found)) = extensions.get::<Loaded>() {
        return Ok(found.clone());
    }
    let found = lookup(headers, state).await?;
    extensions.insert(Loaded(found.clone()));
    Ok(found)
}

async fn lookup(headers: &HeaderMap, state: &AppState) -> Result<Option<CurrentUser>, StoreError> {
    let Some(token) = cookie::get(headers, SESSION_COOKIE).filter(|t| looks_like_token(t)) else {
        return Ok(None);
    };
    let token_hash = hash_token(token);
    let Some(session) = state.store.session(&token_hash, Utc::now()).await? else {
        return Ok(None);
    };
    let Some(user) = state.store.user_by_id(session.user).await? else {
        return Ok(None);
    };
    Ok(Some(CurrentUser(Arc::new(SessionData {
        user,
        csrf: session.csrf,
        token: token.to_string(),
        token_hash,
        sealed_journal_key: session.journal_key,
    }))))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match load(&parts.headers, &mut parts.extensions, state).await {
            Ok(Some(user)) => Ok(user),
            Ok(None) => Err(Redirect::to(&login_url(parts)).into_response()),
            Err(e) => Err(PageError::from(e).into_response()),
        }
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        load(&parts.headers, &mut parts.extensions, state)
            .await
            .map(MaybeUser)
            .map_err(|e| PageError::from(e).into_response())
    }
}

/// `/login`, with `next` set to this page when it is one a person can come back to with GET.
fn login_url(parts: &Parts) -> String {
    if parts.method != Method::GET && parts.method != Method::HEAD {
        return "/login".to_string();
    }
    let here = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    if here == "/" {
        return "/login".to_string();
    }
    let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
    format!("/login?next={next}")
}

/// Where to go after login: `next` when it is a path on this site, else `/`. Anything that could
/// leave the site (`//host`, `/\host`, `https://…`), or that is not plain visible ASCII (as
/// every percent-encoded path is), becomes `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && n.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

/// Why a session could not be started.
#[derive(Debug, Error)]
pub enum SessionError {
    #[error("the operating system's random number source failed: {0}")]
    Random(#[from] getrandom::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the session cookie could not be written")]
    Cookie,
}

/// A session just started: the `Set-Cookie` to send and the cookie's token.
pub struct Started {
    pub set_cookie: HeaderValue,
    pub(crate) token: String,
}

/// Starts a session for `user`: a fresh token, stored as its hash with a fresh CSRF token.
pub async fn start(state: &AppState, user: UserId) -> Result<Started, SessionError> {
    let token = random_token()?;
    let csrf = random_token()?;
    let now = Utc::now();
    let days = state.config.session_days.clamp(1, 366);
    state
        .store
        .create_session(NewSession {
            token_hash: hash_token(&token),
            user,
            csrf,
            created_at: now,
            expires_at: now + Duration::days(days),
        })
        .await?;
    // Opportunistic clean-up; a failure here must not stop the login.
    if let Err(e) = state.store.purge_expired_sessions(now).await {
        tracing::warn!(error = %e, "could not purge expired sessions");
    }
    let set_cookie = cookie::set(SESSION_COOKIE, &token, Some(days * 24 * 60 * 60))
        .ok_or(SessionError::Cookie)?;
    Ok(Started { set_cookie, token })
}

/// Ends the request's session in the store (logout). The caller also sends [`clear_cookie`].
pub async fn end(state: &AppState, user: &CurrentUser) -> Result<(), StoreError> {
    state.store.delete_session(user.token_hash()).await
}

/// The `Set-Cookie` that removes the session cookie.
pub fn clear_cookie() -> Option<HeaderValue> {
    cookie::remove(SESSION_COOKIE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/account?x=1")), "/account?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("/a\r\nb")), "/");
        assert_eq!(
            safe_next(Some("/ü")),
            "/",
            "would not fit a Location header"
        );
        assert_eq!(safe_next(Some("/a b")), "/");
        assert_eq!(safe_next(Some("")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn login_url_keeps_the_page_for_get_only() {
        let (mut parts, ()) = axum::http::Request::builder()
            .uri("/account?tab=tokens")
            .body(())
            .expect("request")
            .into_parts();
        assert_eq!(login_url(&parts), "/login?next=%2Faccount%3Ftab%3Dtokens");
        parts.method = Method::POST;
        assert_eq!(login_url(&parts), "/login");
    }
}
