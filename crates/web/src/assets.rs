//! Static files, embedded in the binary: nothing is fetched from a CDN or npm, at build or
//! run time. URLs carry a hash of the content, so browsers may cache them for a year.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

pub const ASSETS: &[Asset] = &[
    Asset { name: "style.css", content_type: "text/css; charset=utf-8", bytes: include_bytes!("../static/style.css") },
    Asset { name: "favicon.svg", content_type: "image/svg+xml", bytes: include_bytes!("../static/favicon.svg") },
];

/// FNV-1a, computed at compile time: enough to tell one version of a file from the next.
const fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

const STYLE_HASH: u64 = fnv(include_bytes!("../static/style.css"));

/// The style sheet's URL, with its version.
pub fn style_href() -> String {
    format!("/static/style.css?v={:08x}", STYLE_HASH as u32)
}

pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(a) => ([(CONTENT_TYPE, a.content_type), (CACHE_CONTROL, "public, max-age=31536000, immutable")], a.bytes)
            .into_response(),
        None => WebError::NotFound.into_response(),
    }
}
