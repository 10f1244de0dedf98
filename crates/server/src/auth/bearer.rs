//! API bearer tokens: `Authorization: Bearer anneal_…`. The token is shown to the person once
//! when created; the store keeps only its SHA-256.

use crate::auth::token::{hash_token, random_token};
use crate::state::AppState;
use anneal_store::{StoreError, User};
use axum::http::{HeaderMap, header};

/// Every API token starts with this, so a leaked one is easy to recognise (and to search for).
pub const TOKEN_PREFIX: &str = "anneal_";

/// A new API token's text: the prefix and 32 random bytes.
pub fn new_api_token() -> Result<String, getrandom::Error> {
    Ok(format!("{TOKEN_PREFIX}{}", random_token()?))
}

/// The bearer token of the request, if it has the right shape.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && token.starts_with(TOKEN_PREFIX) && token.len() < 200)
        .then_some(token)
}

/// The account whose live (not revoked) API token the request carries: `Ok(None)` when there is
/// no token or it is unknown or revoked; `Err` when the store could not be asked, so callers can
/// say "unavailable" rather than pretend the token was wrong.
pub async fn bearer_user(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<User>, StoreError> {
    let Some(token) = bearer(headers) else {
        return Ok(None);
    };
    let Some(found) = state.store.api_token_by_hash(&hash_token(token)).await? else {
        return Ok(None);
    };
    state.store.user_by_id(found.user).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_well_formed_bearer_tokens_are_read() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer anneal_abc"),
        );
        assert_eq!(bearer(&h), Some("anneal_abc"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer  anneal_abc "),
        );
        assert_eq!(bearer(&h), Some("anneal_abc"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic anneal_abc"),
        );
        assert_eq!(bearer(&h), None);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer other_abc"),
        );
        assert_eq!(bearer(&h), None);
    }

    #[test]
    fn new_tokens_have_the_prefix_and_differ() {
        let a = new_api_token().expect("token");
        let b = new_api_token().expect("token");
        assert!(a.starts_with(TOKEN_PREFIX));
        assert_eq!(a.len(), TOKEN_PREFIX.len() + 43);
        assert_ne!(a, b);
    }
}
