//! What the request says about the client: whether it came over HTTPS and from which address.
//! Proxy headers count only with [`ServerConfig::trust_proxy`](crate::ServerConfig).

use crate::ServerConfig;
use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use std::net::{IpAddr, SocketAddr};

/// Whether the request reached us over HTTPS: Anneal itself serves plain HTTP, so only a trusted
/// proxy's `X-Forwarded-Proto: https` says so.
pub fn is_https(headers: &HeaderMap, config: &ServerConfig) -> bool {
    config.trust_proxy
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// The client's address: with a trusted proxy the last address in `X-Forwarded-For` (the one
/// our proxy added; earlier ones are whatever the client claimed), otherwise the peer of the TCP
/// connection. `None` when neither is known (e.g. in tests that call the router directly).
pub fn client_ip(
    headers: &HeaderMap,
    extensions: &Extensions,
    config: &ServerConfig,
) -> Option<IpAddr> {
    if config.trust_proxy
        && let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|last| last.trim().parse::<IpAddr>().ok())
    {
        return Some(ip);
    }
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn config(trust_proxy: bool) -> ServerConfig {
        ServerConfig {
            trust_proxy,
            ..ServerConfig::default()
        }
    }

    #[test]
    fn https_only_from_a_trusted_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-proto", HeaderValue::from_static("HTTPS, http"));
        assert!(is_https(&headers, &config(true)));
        assert!(!is_https(&headers, &config(false)));
        headers.insert("x-forwarded-proto", HeaderValue::from_static("http"));
        assert!(!is_https(&headers, &config(true)));
    }

    #[test]
    fn client_ip_prefers_the_proxy_entry_only_when_trusted() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("1.1.1.1, 10.0.0.7"),
        );
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 5000))));
        assert_eq!(
            client_ip(&headers, &extensions, &config(true)),
            Some(IpAddr::from([10, 0, 0, 7]))
        );
        assert_eq!(
            client_ip(&headers, &extensions, &config(false)),
            Some(IpAddr::from([127, 0, 0, 1]))
        );
        assert_eq!(
            client_ip(&HeaderMap::new(), &Extensions::new(), &config(false)),
            None
        );
    }
}

/// Extractor: the client's address as [`client_ip`] finds it.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl axum::extract::FromRequestParts<crate::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(
            &parts.headers,
            &parts.extensions,
            &state.config,
        )))
    }
}
