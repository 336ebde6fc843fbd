#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Test support shared by the integration suite.
//!
//! - [`TestDb`]: a fresh, migrated database per test — a SQLite file in a temporary directory, or,
//!   when `AFTERCARE_TEST_DATABASE_URL` is set, a new schema in that PostgreSQL database. Dropped
//!   (schema and all) when the test ends, pass or fail.
//! - [`TestApp`]: the real router over a `TestDb`, called without a port; or served on a real
//!   loopback port for tests that need real HTTP and real concurrency.

pub mod smtp;

use aftercare_app::App;
use aftercare_store::{DatabaseUrl, Db, DbOptions};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use rand::RngCore;
use std::path::PathBuf;
use tower::ServiceExt;

pub const PG_ENV: &str = "AFTERCARE_TEST_DATABASE_URL";

pub struct TestDb {
    pub db: Db,
    /// The URL a child `aftercare` process can use to reach the same database.
    pub url: String,
    pub dir: PathBuf,
    pg_schema: Option<(String, String)>,
}

fn random_suffix() -> String {
    let mut b = [0u8; 8];
    rand::rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl Default for TestDb {
    fn default() -> Self {
        Self::new()
    }
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = std::env::temp_dir().join(format!("aftercare-test-{}", random_suffix()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        match std::env::var(PG_ENV).ok().filter(|s| !s.is_empty()) {
            Some(base) => {
                let schema = format!("t_{}", random_suffix());
                let admin = Db::open(
                    &DatabaseUrl::parse(&base).expect("AFTERCARE_TEST_DATABASE_URL"),
                    &DbOptions {
                        max_connections: 1,
                        ..Default::default()
                    },
                )
                .expect("connect to AFTERCARE_TEST_DATABASE_URL");
                admin
                    .write(|c| c.execute_batch(&format!("CREATE SCHEMA {schema}")))
                    .expect("create schema");
                let sep = if base.contains('?') { '&' } else { '?' };
                let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
                let db = Db::open(
                    &DatabaseUrl::parse(&url).expect("url"),
                    &DbOptions {
                        max_connections: 8,
                        ..Default::default()
                    },
                )
                .expect("open postgres");
                db.migrate().expect("migrate");
                TestDb {
                    db,
                    url,
                    dir,
                    pg_schema: Some((base, schema)),
                }
            }
            None => {
                let path = dir.join("aftercare.sqlite");
                let url = format!("sqlite://{}", path.display());
                let db = Db::open(
                    &DatabaseUrl::parse(&url).expect("url"),
                    &DbOptions::default(),
                )
                .expect("open sqlite");
                db.migrate().expect("migrate");
                TestDb {
                    db,
                    url,
                    dir,
                    pg_schema: None,
                }
            }
        }
    }

    pub fn backend(&self) -> &'static str {
        if self.pg_schema.is_some() {
            "postgres"
        } else {
            "sqlite"
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.pg_schema {
            // A connection of our own: the pool may still be in use by a panicking test.
            if let Ok(admin) = DatabaseUrl::parse(base).and_then(|u| {
                Db::open(
                    &u,
                    &DbOptions {
                        max_connections: 1,
                        ..Default::default()
                    },
                )
            }) {
                let _ = admin
                    .write(|c| c.execute_batch(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")));
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub struct Response {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: serde_json::Value,
    pub text: String,
}

pub struct TestApp {
    pub tdb: TestDb,
    pub app: App,
    pub router: axum::Router,
}

pub struct ShopKeys {
    pub id: String,
    pub slug: String,
    pub api_key: String,
    pub webhook_secret: String,
}

impl Default for TestApp {
    fn default() -> Self {
        Self::new()
    }
}

impl TestApp {
    pub fn new() -> TestApp {
        Self::with_config(aftercare_web::WebConfig::default())
    }

    pub fn with_config(cfg: aftercare_web::WebConfig) -> TestApp {
        let tdb = TestDb::new();
        let app = App::new(tdb.db.clone(), "http://aftercare.test");
        let router = aftercare_web::router(app.clone(), &cfg);
        TestApp { tdb, app, router }
    }

    pub fn shop(&self, name: &str) -> ShopKeys {
        let s =
            aftercare_app::accounts::create_shop(&self.app.db, name, None).expect("create shop");
        ShopKeys {
            id: s.id,
            slug: s.slug,
            api_key: s.api_key,
            webhook_secret: s.webhook_secret,
        }
    }

    /// Calls the router in-process.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        key: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Response {
        let mut req = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).expect("method"))
            .uri(path);
        if let Some(k) = key {
            req = req.header("authorization", format!("Bearer {k}"));
        }
        let req = match body {
            Some(b) => req
                .header("content-type", "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .expect("request");
        self.send(req).await
    }

    pub async fn send(&self, req: Request<Body>) -> Response {
        let resp = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router is infallible");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = axum::body::to_bytes(resp.into_body(), 64 * 1024 * 1024)
            .await
            .expect("body");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
        Response {
            status,
            headers,
            body,
            text,
        }
    }

    /// Serves the router on a real loopback port; returns its base URL.
    pub async fn serve(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = self.router.clone();
        tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await;
        });
        format!("http://{addr}")
    }
}

/// A fixed-offset time zone where it is now `hour` o'clock: for tests of what depends on the
/// buyer's local time (quiet hours), whatever time of day the suite runs.
pub fn zone_at(hour: i64) -> String {
    let utc = (aftercare_domain::time::now_millis() / 3_600_000) % 24;
    let mut offset = (hour - utc).rem_euclid(24);
    if offset > 14 {
        offset -= 24;
    }
    // Etc/GMT zones count the other way round.
    if offset >= 0 {
        format!("Etc/GMT-{offset}")
    } else {
        format!("Etc/GMT+{}", -offset)
    }
}

/// A minimal order body.
pub fn order_body(email: &str) -> serde_json::Value {
    serde_json::json!({
        "order_number": "#1001",
        "currency": "EUR",
        "placed_at": "2026-11-20T10:00:00Z",
        "locale": "hu",
        "customer": {"email": email, "first_name": "Anna", "last_name": "Kovács", "locale": "hu", "time_zone": "Europe/Budapest"},
        "line_items": [
            {"sku": "MUG-01", "name": "Bögre", "quantity": 2, "unit_price": 1290, "image_url": "https://example.com/mug.jpg"},
            {"name": "Tea", "quantity": 1, "unit_price": 890}
        ],
        "shipping_address": {"name": "Kovács Anna", "line1": "Fő utca 1", "city": "Budapest", "postcode": "1011", "country": "HU"}
    })
}
