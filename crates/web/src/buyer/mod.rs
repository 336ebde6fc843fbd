//! Buyer pages: the tracking page `/t/{token}` with its help pages and live updates, the lookup
//! form `/track`, and what they load (stylesheet, script, the shop's colours and logo, product
//! images). Nothing on these pages comes from another origin; every response carries a strict
//! Content-Security-Policy, `noindex` and `no-referrer`.

pub mod brand;
mod images;
mod lookup;
pub mod page;
mod unsubscribe;

use crate::AppState;
use crate::html::Html;
use aftercare_app::buyer::{self, TrackingPage};
use aftercare_app::i18n::{Lang, Tr};
use aftercare_domain::time::now_millis;
use aftercare_store::repo::shops::Branding;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

pub use aftercare_app::limit::Limiter;
pub use images::ImageCache;

const CSS: &str = include_str!("../../assets/track.css");
const JS: &str = include_str!("../../assets/track.js");
const FAVICON: &str = include_str!("../../assets/favicon.svg");
/// What a product picture that cannot be fetched shows instead of a broken image.
pub(crate) const PLACEHOLDER: &str = include_str!("../../assets/placeholder.svg");

/// Changes whenever the stylesheet or the script does, so both can be cached for a year.
pub static ASSET_VERSION: LazyLock<String> = LazyLock::new(|| {
    let d = Sha256::new().chain_update(CSS).chain_update(JS).finalize();
    d[..5].iter().map(|b| format!("{b:02x}")).collect()
});

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What buyer pages keep between requests.
pub struct BuyerState {
    /// Lookup attempts per client address.
    pub per_ip: Limiter,
    /// Lookup attempts per (shop, order number), whoever sends them.
    pub per_order: Limiter,
    pub images: ImageCache,
    /// The sample page per language with when it was rendered (its countdown is relative to that).
    example: Mutex<HashMap<Lang, (i64, String)>>,
}

impl Default for BuyerState {
    fn default() -> Self {
        BuyerState {
            // A person mistyping gets several tries; a script walking order numbers does not.
            per_ip: Limiter::new(20.0, 20.0),
            per_order: Limiter::new(5.0, 60.0),
            images: ImageCache::new(32 * 1024 * 1024),
            example: Mutex::default(),
        }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/t/example", get(example))
        .route("/t/{token}", get(tracking))
        .route("/t/{token}/live", get(live))
        .route(
            "/t/{token}/contact",
            get(|s, p, q, h| help_page(s, p, q, h, "contact")),
        )
        .route(
            "/t/{token}/problem",
            get(|s, p, q, h| help_page(s, p, q, h, "problem")),
        )
        .route(
            "/t/{token}/return",
            get(|s, p, q, h| help_page(s, p, q, h, "return")),
        )
        .route("/t/{token}/image/{position}", get(images::product_image))
        .route("/track", get(lookup::form).post(lookup::submit))
        .route(
            "/u/{token}",
            get(unsubscribe::show).post(unsubscribe::submit),
        )
        .route("/s/{slug}/brand.css", get(brand_css))
        .route("/s/{slug}/logo", get(logo))
        .route(
            "/assets/track.css",
            get(|| async { asset(CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/assets/track.js",
            get(|| async { asset(JS, "text/javascript; charset=utf-8") }),
        )
        .route("/assets/demo/{name}", get(demo_image))
        .route(
            "/favicon.svg",
            get(|| async { asset(FAVICON, "image/svg+xml") }),
        )
        .route(
            "/favicon.ico",
            get(|| async { asset(FAVICON, "image/svg+xml") }),
        )
}

#[derive(Debug, Deserialize, Default)]
pub struct LangQuery {
    lang: Option<String>,
}

fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

/// An HTML response with the headers every buyer page carries.
pub fn page_response(status: StatusCode, body: String, cache: &'static str) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    r
}

const PRIVATE: &str = "private, no-store";

/// The frame around every buyer page: head, the shop's header with the language switcher.
pub struct Chrome<'a> {
    pub tr: Tr,
    pub title: &'a str,
    pub shop_name: &'a str,
    pub shop_slug: &'a str,
    pub branding: &'a Branding,
    /// The page the language links point at (`lang=` is appended to its query).
    pub switch_base: &'a str,
    /// The languages to offer.
    pub langs: &'a [Lang],
}

pub fn chrome_start(h: &mut Html, c: &Chrome<'_>) {
    let v = &*ASSET_VERSION;
    h.fmt(format_args!(
        "<!doctype html><html lang=\"{}\" dir=\"ltr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex, nofollow\"><meta name=\"referrer\" content=\"no-referrer\">\
         <meta name=\"color-scheme\" content=\"light\"><title>",
        c.tr.lang.code()
    ))
    .text(c.title)
    .fmt(format_args!(
        "</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"><link rel=\"stylesheet\" href=\"/assets/track.css?v={v}\">"
    ));
    if !c.shop_slug.is_empty() {
        h.raw("<link rel=\"stylesheet\" href=\"/s/")
            .text(c.shop_slug)
            .fmt(format_args!("/brand.css?v={}\">", c.branding.updated_at));
    }
    h.raw("</head><body><a class=\"skip\" href=\"#main\">")
        .text(&c.tr.t("skip-link"))
        .raw("</a><header class=\"shop\"><div class=\"shop-id\">");
    if c.branding.logo_type.is_some() {
        h.raw("<img class=\"logo\" src=\"/s/")
            .text(c.shop_slug)
            .fmt(format_args!("/logo?v={}\" alt=\"", c.branding.updated_at))
            .text(c.shop_name)
            .raw("\" height=\"40\">");
    } else {
        h.raw("<span class=\"shop-name\">")
            .text(c.shop_name)
            .raw("</span>");
    }
    h.raw("</div><nav class=\"langs\" aria-label=\"")
        .text(&c.tr.t("language"))
        .raw("\"><ul>");
    let sep = if c.switch_base.contains('?') {
        '&'
    } else {
        '?'
    };
    for &l in c.langs {
        h.raw("<li><a href=\"")
            .text(c.switch_base)
            .fmt(format_args!(
                "{sep}lang={code}\" hreflang=\"{code}\" lang=\"{code}\"",
                code = l.code()
            ));
        if l == c.tr.lang {
            h.raw(" aria-current=\"true\"");
        }
        h.raw(">").text(l.endonym()).raw("</a></li>");
    }
    h.raw("</ul></nav></header>");
}

pub fn chrome_end(h: &mut Html, tr: Tr, script: bool) {
    h.raw("<footer class=\"fine\">")
        .text(&tr.t("powered-by"))
        .raw("</footer>");
    if script {
        h.fmt(format_args!(
            "<script src=\"/assets/track.js?v={}\" defer></script>",
            &*ASSET_VERSION
        ));
    }
    h.raw("</body></html>");
}

/// A plain page: a heading, paragraphs (already escaped markup of ours), in the shop's frame.
fn simple_page(
    tr: Tr,
    title: &str,
    body: &str,
    shop: Option<(&str, &str, &Branding)>,
    switch_base: &str,
) -> String {
    let empty = Branding::default();
    let (name, slug, branding) = shop.unwrap_or(("", "", &empty));
    let mut h = Html::with_capacity(4096);
    chrome_start(
        &mut h,
        &Chrome {
            tr,
            title,
            shop_name: name,
            shop_slug: slug,
            branding,
            switch_base,
            langs: &Lang::ALL,
        },
    );
    h.raw("<main id=\"main\" class=\"simple\"><section class=\"card\"><h1>")
        .text(title)
        .raw("</h1>")
        .raw(body)
        .raw("</section></main>");
    chrome_end(&mut h, tr, false);
    h.0
}

/// The friendly "no such tracking page" answer, in the browser's language.
pub fn not_found(headers: &HeaderMap, lang: Option<&str>) -> Response {
    let lang = lang
        .and_then(Lang::parse)
        .or_else(|| accept_language(headers).and_then(Lang::from_accept_language))
        .unwrap_or(Lang::En);
    let tr = Tr::new(lang);
    let mut body = Html::with_capacity(512);
    body.raw("<p>")
        .text(&tr.t("not-found-body"))
        .raw("</p><p><a href=\"/track\">")
        .text(&tr.t("lookup-title"))
        .raw("</a></p>");
    page_response(
        StatusCode::NOT_FOUND,
        simple_page(tr, &tr.t("not-found-title"), &body.0, None, ""),
        PRIVATE,
    )
}

/// Something failed on our side: say so kindly, log the cause.
pub fn server_error(headers: &HeaderMap, err: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %err, "buyer page failed");
    let lang = accept_language(headers)
        .and_then(Lang::from_accept_language)
        .unwrap_or(Lang::En);
    let tr = Tr::new(lang);
    let body = format!("<p>{}</p>", crate::html::esc(&tr.t("error-body")));
    let mut r = page_response(
        StatusCode::SERVICE_UNAVAILABLE,
        simple_page(tr, &tr.t("error-title"), &body, None, ""),
        PRIVATE,
    );
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
    r
}

async fn load(
    s: &AppState,
    token: &str,
    headers: &HeaderMap,
    lang: Option<&str>,
) -> Result<TrackingPage, Response> {
    match buyer::tracking_page(&s.app, token).await {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(not_found(headers, lang)),
        Err(e) => Err(server_error(headers, &e)),
    }
}

async fn tracking(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let page = match load(&s, &token, &headers, q.lang.as_deref()).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let lang = buyer::choose_lang(&page, q.lang.as_deref(), accept_language(&headers));
    let html = page::render(&page, lang, now_millis(), false);
    page_response(StatusCode::OK, html, PRIVATE)
}

/// `GET /t/{token}/live`: the page's fingerprint; the browser reloads the order when it changes.
async fn live(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    match buyer::tracking_page(&s.app, &token).await {
        Ok(Some(p)) => {
            let mut r = axum::Json(serde_json::json!({
                "v": buyer::version(&p),
                "stage": p.order.stage,
            }))
            .into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE));
            r.headers_mut().insert(
                "x-robots-tag",
                HeaderValue::from_static("noindex, nofollow"),
            );
            r
        }
        Ok(None) => (
            StatusCode::NOT_FOUND,
            axum::Json(serde_json::json!({"v": null})),
        )
            .into_response(),
        Err(e) => server_error(&headers, &e),
    }
}

/// Contact, report a problem, return: how to reach the shop about this order. The helpdesk and
/// returns capabilities will grow these; today they say who to write to, with the order number
/// already in the message.
async fn help_page(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    which: &'static str,
) -> Response {
    let page = match load(&s, &token, &headers, q.lang.as_deref()).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let lang = buyer::choose_lang(&page, q.lang.as_deref(), accept_language(&headers));
    let tr = Tr::new(lang);
    let number = page.order.order_number.as_str();
    let shop = page.shop_name.as_str();
    let b = &page.branding;
    let (title, intro, subject) = match which {
        "problem" => (
            tr.t("problem-title"),
            tr.t("problem-intro"),
            Some(tr.t_args("problem-email-subject", &[("number", number.into())])),
        ),
        "return" => (
            tr.t("return-title"),
            tr.t("return-intro"),
            Some(tr.t_args("return-email-subject", &[("number", number.into())])),
        ),
        _ => (
            tr.t_args("contact-title", &[("shop", shop.into())]),
            tr.t_args("contact-intro", &[("number", number.into())]),
            None,
        ),
    };
    let mut body = Html::with_capacity(2048);
    body.raw("<p>").text(&intro).raw("</p>");
    let has_contact =
        b.support_email.is_some() || b.support_phone.is_some() || b.website_url.is_some();
    if has_contact {
        body.raw("<dl class=\"facts\">");
        if let Some(email) = &b.support_email {
            let subject = subject
                .clone()
                .unwrap_or_else(|| tr.t_args("order-heading", &[("number", number.into())]));
            let href = format!(
                "mailto:{}?subject={}",
                email,
                percent_encode_keeping(&subject, b"")
            );
            body.raw("<div><dt>")
                .text(&tr.t("contact-email"))
                .raw("</dt><dd><a href=\"")
                .text(&href)
                .raw("\">")
                .text(email)
                .raw("</a></dd></div>");
        }
        if let Some(phone) = &b.support_phone {
            let tel: String = phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            body.raw("<div><dt>")
                .text(&tr.t("contact-phone"))
                .raw("</dt><dd><a href=\"tel:")
                .text(&tel)
                .raw("\">")
                .text(phone)
                .raw("</a></dd></div>");
        }
        if let Some(web) = b
            .website_url
            .as_deref()
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        {
            body.raw("<div><dt>")
                .text(&tr.t("contact-web"))
                .raw("</dt><dd><a rel=\"noopener noreferrer\" href=\"")
                .text(web)
                .raw("\">")
                .text(web)
                .raw("</a></dd></div>");
        }
        body.raw("</dl>");
    } else {
        body.raw("<p class=\"muted\">")
            .text(&tr.t("contact-none"))
            .raw("</p>");
    }
    body.fmt(format_args!(
        "<p><a href=\"/t/{}?lang={}\">",
        page.order.tracking_token,
        lang.code()
    ))
    .text(&tr.t("back"))
    .raw("</a></p>");
    let base = format!("/t/{}/{which}", page.order.tracking_token);
    let html = simple_page(
        tr,
        &title,
        &body.0,
        Some((&page.shop_name, &page.shop_slug, &page.branding)),
        &base,
    );
    page_response(StatusCode::OK, html, PRIVATE)
}

/// Percent-encodes everything but unreserved characters and those in `keep`.
pub(crate) fn percent_encode_keeping(s: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `GET /t/example`: the tracking page with sample data, rendered once per language and then
/// served as it is — what a shop sees before its first order, and the benchmark's static page.
async fn example(
    State(s): State<AppState>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = q
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| accept_language(&headers).and_then(Lang::from_accept_language))
        .unwrap_or(Lang::En);
    let now = now_millis();
    let cached = {
        let map = s.buyer.example.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&lang)
            .filter(|(at, _)| now - at < 600_000)
            .map(|(_, h)| h.clone())
    };
    let html = match cached {
        Some(h) => h,
        None => {
            let h = page::render(&sample::page(now), lang, now, true);
            s.buyer
                .example
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(lang, (now, h.clone()));
            h
        }
    };
    page_response(StatusCode::OK, html, "public, max-age=300")
}

async fn brand_css(State(s): State<AppState>, Path(slug): Path<String>) -> Response {
    let r = s
        .app
        .db
        .read_hot(
            move |c| match aftercare_store::repo::shops::by_slug(c, &slug)? {
                Some(shop) => aftercare_store::repo::shops::branding(c, &shop.id),
                None => Ok(None),
            },
        )
        .await;
    let color = match r {
        Ok(Some(b)) => b.brand_color,
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(error = %e, "brand stylesheet");
            None
        }
    };
    let mut resp = (StatusCode::OK, brand::stylesheet(color.as_deref())).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    // The URL carries the shop's settings version, so a change is a new URL.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    resp
}

async fn logo(State(s): State<AppState>, Path(slug): Path<String>) -> Response {
    let r = s
        .app
        .db
        .read_async(move |c| aftercare_store::repo::shops::logo(c, &slug))
        .await;
    match r {
        Ok(Some((media_type, data, _))) => {
            let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(data.as_bytes())
            else {
                return StatusCode::NOT_FOUND.into_response();
            };
            sandboxed(bytes, &media_type, "public, max-age=86400")
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "logo");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// The demo shop's product pictures.
async fn demo_image(Path(name): Path<String>) -> Response {
    let svg = match name.as_str() {
        "mug.svg" => include_str!("../../assets/demo/mug.svg"),
        "tea.svg" => include_str!("../../assets/demo/tea.svg"),
        "bag.svg" => include_str!("../../assets/demo/bag.svg"),
        "candle.svg" => include_str!("../../assets/demo/candle.svg"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    sandboxed(svg, "image/svg+xml", "public, max-age=31536000, immutable")
}

/// Something served as it is (a logo, a product or demo picture, an email's HTML): its media
/// type, how long it may be cached, and a policy under which it runs nothing, also when opened
/// directly (an SVG can carry script).
pub(crate) fn sandboxed(
    body: impl Into<axum::body::Body>,
    media_type: &str,
    cache: &'static str,
) -> Response {
    let mut r = (StatusCode::OK, body.into()).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(media_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    r
}

pub(crate) fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    r
}

mod sample {
    //! The sample order of `/t/example`: a courier parcel on its way, with a journey and items.

    use aftercare_app::buyer::TrackingPage;
    use aftercare_store::repo::orders::{LineItem, Order};
    use aftercare_store::repo::shipments::{Shipment, ShipmentEvent};
    use aftercare_store::repo::shops::Branding;

    pub fn page(now: i64) -> TrackingPage {
        const H: i64 = 3_600_000;
        let order = Order {
            id: "example".into(),
            shop_id: "example".into(),
            external_id: "example".into(),
            order_number: "#1001".into(),
            status: "open".into(),
            stage: "shipped".into(),
            currency: "EUR".into(),
            total_minor: 4170,
            placed_at: now - 30 * H,
            fulfillment_status: "fulfilled".into(),
            delivery_method: Some("courier".into()),
            source: "api".into(),
            tracking_token: "example".into(),
            created_at: now - 30 * H,
            updated_at: now - 2 * H,
            ..Default::default()
        };
        let shipment = Shipment {
            id: "example-1".into(),
            shop_id: "example".into(),
            order_id: "example".into(),
            carrier: "gls".into(),
            tracking_number: Some("GLS00012345678".into()),
            delivery_method: "courier".into(),
            tag: "InTransit".into(),
            shipped_at: Some(now - 20 * H),
            estimate_from: Some(now + 22 * H),
            estimate_to: Some(now + 46 * H),
            estimate_confidence: Some(87),
            estimate_basis: Some("history_area".into()),
            created_at: now - 24 * H,
            updated_at: now - 2 * H,
            ..Default::default()
        };
        let ev = |n: i64, tag: &str, loc: &str, at: i64| ShipmentEvent {
            id: format!("example-e{n}"),
            shop_id: "example".into(),
            shipment_id: "example-1".into(),
            tag: tag.into(),
            location: Some(loc.into()),
            occurred_at: at,
            source: "api".into(),
            dedupe_key: format!("e{n}"),
            created_at: at,
            ..Default::default()
        };
        let item = |position: i64, name: &str, quantity: i64, price: i64| LineItem {
            position,
            sku: None,
            name: name.into(),
            quantity,
            unit_price_minor: price,
            image_url: None,
        };
        TrackingPage {
            shop_slug: String::new(),
            shop_name: "Example Shop".into(),
            shop_locale: "en".into(),
            shop_time_zone: "Europe/Budapest".into(),
            shop_locales: None,
            branding: Branding::default(),
            first_name: Some("Anna".into()),
            customer_locale: None,
            customer_time_zone: Some("Europe/Budapest".into()),
            items: vec![
                item(1, "Ceramic mug", 2, 1290),
                item(2, "Loose leaf green tea 100 g", 1, 890),
                item(3, "Canvas tote bag", 1, 1990),
            ],
            events: vec![
                ev(1, "InfoReceived", "Budapest", now - 24 * H),
                ev(2, "InTransit", "Budapest hub", now - 20 * H),
                ev(3, "InTransit", "Győr depot", now - 8 * H),
                ev(4, "InTransit", "Vienna hub", now - 2 * H),
            ],
            shipments: vec![shipment],
            parcel_items: Vec::new(),
            order,
        }
    }
}
