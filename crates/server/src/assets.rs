//! Static files (CSS, the little JavaScript, the icon), embedded in the binary and served at
//! `/assets/NAME.HASH.EXT`. The hash is of the content, so a URL never changes meaning and the
//! files can be cached for a year; templates get the URLs from [`url`].

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// The route the assets are served at.
pub const ROUTE: &str = "/assets/{file}";

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// The name templates ask for, e.g. `app.css`.
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

/// Every embedded file.
pub const ASSETS: [Asset; 3] = [
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/app.css"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/app.js"),
    },
    Asset {
        name: "icon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../assets/icon.svg"),
    },
];

/// The served file name: `app.css` becomes `app.0123456789.css` (ten hex digits of SHA-256).
fn hashed_name(asset: &Asset) -> String {
    let digest = Sha256::digest(asset.bytes);
    let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    match asset.name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{}.{hash}", asset.name),
    }
}

/// (URL, asset) for every asset, computed once.
fn table() -> &'static [(String, &'static Asset)] {
    static TABLE: OnceLock<Vec<(String, &'static Asset)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| (format!("/assets/{}", hashed_name(a)), a))
            .collect()
    })
}

/// The URL of the asset `name` (e.g. `app.css`). An unknown name gives a URL that answers 404,
/// and a test checks every name the templates use.
pub fn url(name: &str) -> &'static str {
    table()
        .iter()
        .find(|(_, a)| a.name == name)
        .map_or("/assets/unknown", |(url, _)| url.as_str())
}

/// Serves an asset by its hashed name, cacheable for a year.
pub async fn serve(Path(file): Path<String>) -> Response {
    let wanted = format!("/assets/{file}");
    match table().iter().find(|(url, _)| *url == wanted) {
        Some((_, asset)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(asset.content_type),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            asset.bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_a_content_hash_and_keep_the_extension() {
        let css = url("app.css");
        assert!(css.starts_with("/assets/app."), "{css}");
        assert!(css.ends_with(".css"));
        assert_eq!(css.len(), "/assets/app.0123456789.css".len());
        assert_ne!(url("app.css"), url("app.js"));
        assert_eq!(url("nope.css"), "/assets/unknown");
    }

    #[test]
    fn assets_have_no_inline_handlers_or_external_origins() {
        for asset in &ASSETS {
            let text = std::str::from_utf8(asset.bytes).expect("text asset");
            assert!(
                !text.contains("http://") || asset.name == "icon.svg",
                "{}",
                asset.name
            );
            assert!(!text.contains("https://"), "{}", asset.name);
            assert!(!text.contains("@import"), "{}", asset.name);
        }
    }
}
