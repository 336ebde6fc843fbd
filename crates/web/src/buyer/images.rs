//! Product images on the tracking page come from this server: a remote image (a shop platform's
//! CDN) is fetched here once and kept in a bounded memory cache, so the buyer's browser never
//! talks to anyone else. Only raster images are passed on; anything else, anything too large or
//! too slow, and the page shows the item's initial instead.

use crate::AppState;
use aftercare_app::buyer;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

const MAX_IMAGE: usize = 2 * 1024 * 1024;
const TYPES: [&str; 5] = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "image/avif",
];

pub struct ImageCache {
    max_bytes: usize,
    inner: Mutex<Inner>,
    client: reqwest::Client,
}

#[derive(Default)]
struct Inner {
    bytes: usize,
    map: HashMap<String, (String, Bytes)>,
    order: VecDeque<String>,
}

impl ImageCache {
    pub fn new(max_bytes: usize) -> ImageCache {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .connect_timeout(Duration::from_secs(3))
            .redirect(reqwest::redirect::Policy::limited(3))
            .user_agent(concat!("aftercare/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        ImageCache {
            max_bytes,
            inner: Mutex::default(),
            client,
        }
    }

    fn get(&self, url: &str) -> Option<(String, Bytes)> {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.map.get(url).cloned()
    }

    fn put(&self, url: &str, media_type: String, body: Bytes) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.map.contains_key(url) {
            return;
        }
        inner.bytes += body.len();
        inner.map.insert(url.to_string(), (media_type, body));
        inner.order.push_back(url.to_string());
        while inner.bytes > self.max_bytes {
            let Some(old) = inner.order.pop_front() else {
                break;
            };
            if let Some((_, b)) = inner.map.remove(&old) {
                inner.bytes -= b.len();
            }
        }
    }

    async fn fetch(&self, url: &str) -> Option<(String, Bytes)> {
        if let Some(hit) = self.get(url) {
            return Some(hit);
        }
        let mut resp = self.client.get(url).send().await.ok()?;
        if !resp.status().is_success() {
            return None;
        }
        let media_type = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })?;
        if !TYPES.contains(&media_type.as_str()) {
            return None;
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.ok()? {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_IMAGE {
                return None;
            }
        }
        let body = Bytes::from(body);
        self.put(url, media_type.clone(), body.clone());
        Some((media_type, body))
    }
}

/// `GET /t/{token}/image/{position}`: the image of one of the order's items.
pub async fn product_image(
    State(s): State<AppState>,
    Path((token, position)): Path<(String, i64)>,
) -> Response {
    let url = match buyer::tracking_page(&s.app, &token).await {
        Ok(Some(p)) => p
            .items
            .into_iter()
            .find(|i| i.position == position)
            .and_then(|i| i.image_url)
            .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        _ => None,
    };
    let Some(url) = url else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match s.buyer.images.fetch(&url).await {
        Some((media_type, body)) => super::sandboxed(body, &media_type, "private, max-age=86400"),
        // Unreachable, too big or not an image: a neutral picture, tried again in a while.
        None => super::sandboxed(super::PLACEHOLDER, "image/svg+xml", "private, max-age=300"),
    }
}
