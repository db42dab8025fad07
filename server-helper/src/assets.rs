//! The widget's files (`widget.js`, the wasm-bindgen glue and the wasm) from the configured directory, with
//! correct MIME types and caching: `widget.js` gets a short cache (it is the stable name pages embed), the
//! content-hashed alias `widget.<hash>.js` and any file whose name carries a hash are cached for a year.

use std::path::{Path, PathBuf};

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use base64ct::{Base64, Encoding};
use sha2::{Digest, Sha256, Sha384};

use crate::error::AppError;

/// The stable entry point of the widget.
pub const WIDGET_ENTRY: &str = "widget.js";
const SHORT_CACHE: &str = "public, max-age=300";
const LONG_CACHE: &str = "public, max-age=31536000, immutable";
/// Hex characters of the content hash in the long-cache alias.
const HASH_HEX_LEN: usize = 16;

/// The widget's files on disk.
#[derive(Debug, Clone)]
pub struct WidgetFiles {
    dir: PathBuf,
}

/// What a page needs to embed the widget with a long-cache name and Subresource Integrity.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WidgetManifest {
    /// Path of the content-hashed alias of `widget.js`.
    pub script: String,
    /// SRI value (`sha384-…`) of `widget.js`.
    pub integrity: String,
}

impl WidgetFiles {
    /// Files served from `dir` (usually `dist/widget`, built by `cargo xtask build-widget`).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The directory served.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    async fn read(&self, name: &str) -> Result<Vec<u8>, AppError> {
        tokio::fs::read(self.dir.join(name))
            .await
            .map_err(|_| AppError::WidgetNotBuilt)
    }

    /// The long-cache name and SRI hash of the current `widget.js`.
    pub async fn manifest(&self, mount: &str) -> Result<WidgetManifest, AppError> {
        let bytes = self.read(WIDGET_ENTRY).await?;
        Ok(WidgetManifest {
            script: format!("{mount}/widget.{}.js", content_hash(&bytes)),
            integrity: format!("sha384-{}", Base64::encode_string(&Sha384::digest(&bytes))),
        })
    }

    /// Serves one file by name.
    pub async fn serve(&self, name: &str) -> Result<Response, AppError> {
        if !is_plain_file_name(name) {
            return Err(AppError::NotFound);
        }
        if let Some(hash) = name
            .strip_prefix("widget.")
            .and_then(|rest| rest.strip_suffix(".js"))
            && hash.len() == HASH_HEX_LEN
            && hash.bytes().all(|b| b.is_ascii_hexdigit())
        {
            let bytes = self.read(WIDGET_ENTRY).await?;
            if content_hash(&bytes) != hash {
                // An old hashed name after a rebuild: the page must be reloaded with the new name.
                return Err(AppError::NotFound);
            }
            return Ok(file_response(bytes, WIDGET_ENTRY, LONG_CACHE));
        }
        let bytes = self.read(name).await?;
        let cache = if name != WIDGET_ENTRY && has_hash_segment(name) {
            LONG_CACHE
        } else {
            SHORT_CACHE
        };
        Ok(file_response(bytes, name, cache))
    }
}

fn file_response(bytes: Vec<u8>, name: &str, cache: &'static str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(mime_type(name)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(HASH_HEX_LEN / 2)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// MIME type by extension; the wasm must be `application/wasm` for streaming compilation.
pub fn mime_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json",
        Some("css") => "text/css; charset=utf-8",
        Some("ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// Whether a dotted or dashed segment of the name looks like a content hash (8+ hex digits).
fn has_hash_segment(name: &str) -> bool {
    name.split(['.', '-', '_'])
        .any(|s| s.len() >= 8 && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(mime_type("mynaform_widget_bg.wasm"), "application/wasm");
        assert_eq!(mime_type("widget.js"), "text/javascript; charset=utf-8");
    }

    #[test]
    fn refuses_path_tricks() {
        for name in ["../secret", ".env", "a/b.js", "", "x%2e%2e"] {
            assert!(!is_plain_file_name(name), "{name}");
        }
        assert!(is_plain_file_name("mynaform_widget_bg.wasm"));
    }

    #[test]
    fn recognises_hashed_names() {
        assert!(has_hash_segment("mynaform_widget-0123abcd.wasm"));
        assert!(!has_hash_segment("mynaform_widget_bg.wasm"));
    }
}
