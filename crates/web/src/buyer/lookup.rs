//! `/track`: find an order by its number and the email address or postcode it was placed with.
//! A right pair redirects to the tracking page. A wrong pair and an order that does not exist get
//! the same answer after the same work. Attempts are limited per client address and per (shop,
//! order number), so neither one address nor many can walk through order numbers.

use super::{Chrome, LangQuery, PRIVATE, accept_language, chrome_end, chrome_start, page_response};
use crate::AppState;
use crate::html::Html;
use aftercare_app::buyer::{self, Lookup};
use aftercare_app::i18n::{Lang, Tr};
use aftercare_store::repo::shops::{Branding, Shop};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::net::SocketAddr;
use std::time::Instant;

#[derive(Debug, Deserialize, Default)]
pub struct FormQuery {
    shop: Option<String>,
    lang: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
struct Submitted {
    #[serde(default)]
    shop: String,
    #[serde(default)]
    order: String,
    #[serde(default)]
    contact: String,
    lang: Option<String>,
}

fn choose(lang: Option<&str>, headers: &HeaderMap, shop: Option<&Shop>) -> Lang {
    lang.and_then(Lang::parse)
        .or_else(|| accept_language(headers).and_then(Lang::from_accept_language))
        .or_else(|| shop.and_then(|s| Lang::parse(&s.default_locale)))
        .unwrap_or(Lang::En)
}

async fn shop_and_branding(s: &AppState, slug: Option<&str>) -> Option<(Shop, Branding)> {
    let shop = buyer::lookup_shop(&s.app, slug.filter(|x| !x.is_empty()))
        .await
        .ok()
        .flatten()?;
    let id = shop.id.clone();
    let branding = s
        .app
        .db
        .read_hot(move |c| aftercare_store::repo::shops::branding(c, &id))
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    Some((shop, branding))
}

/// What the form page shows besides the form.
enum Note<'a> {
    None,
    Error(&'a str),
}

fn render(
    tr: Tr,
    shop: Option<&(Shop, Branding)>,
    order: &str,
    contact: &str,
    note: Note<'_>,
) -> String {
    let title = tr.t("lookup-title");
    let empty = Branding::default();
    let (name, slug, branding) = match shop {
        Some((s, b)) => (s.name.as_str(), s.slug.as_str(), b),
        None => ("", "", &empty),
    };
    let switch_base = if slug.is_empty() {
        "/track".to_string()
    } else {
        format!("/track?shop={slug}")
    };
    let mut h = Html::with_capacity(4096);
    chrome_start(
        &mut h,
        &Chrome {
            tr,
            title: &title,
            shop_name: name,
            shop_slug: slug,
            branding,
            switch_base: &switch_base,
            langs: &Lang::ALL,
        },
    );
    h.raw("<main id=\"main\" class=\"simple\"><section class=\"card\"><h1>")
        .text(&title)
        .raw("</h1>");
    let Some((shop, _)) = shop else {
        h.raw("<p>")
            .text(&tr.t("lookup-no-shop"))
            .raw("</p></section></main>");
        chrome_end(&mut h, tr, false);
        return h.0;
    };
    h.raw("<p>").text(&tr.t("lookup-intro")).raw("</p>");
    if let Note::Error(msg) = note {
        h.raw("<p class=\"notice problem\" role=\"alert\" id=\"lookup-error\">")
            .text(msg)
            .raw("</p>");
    }
    h.raw("<form method=\"post\" action=\"/track\" class=\"lookup\"><input type=\"hidden\" name=\"shop\" value=\"")
        .text(&shop.slug)
        .raw("\"><input type=\"hidden\" name=\"lang\" value=\"")
        .text(tr.lang.code())
        .raw("\"><label for=\"order\">")
        .text(&tr.t("lookup-order"))
        .raw("</label><input id=\"order\" name=\"order\" required maxlength=\"64\" autocomplete=\"off\" value=\"")
        .text(order)
        .raw("\"><label for=\"contact\">")
        .text(&tr.t("lookup-contact"))
        .raw("</label><input id=\"contact\" name=\"contact\" required maxlength=\"254\" autocomplete=\"email\" value=\"")
        .text(contact)
        .raw("\"><button type=\"submit\">")
        .text(&tr.t("lookup-submit"))
        .raw("</button></form></section></main>");
    chrome_end(&mut h, tr, false);
    h.0
}

/// `GET /track?shop=slug`: the form.
pub async fn form(
    State(s): State<AppState>,
    Query(q): Query<FormQuery>,
    Query(l): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let shop = shop_and_branding(&s, q.shop.as_deref()).await;
    let lang = choose(
        q.lang.as_deref().or(l.lang.as_deref()),
        &headers,
        shop.as_ref().map(|(s, _)| s),
    );
    let status = if shop.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    page_response(
        status,
        render(Tr::new(lang), shop.as_ref(), "", "", Note::None),
        PRIVATE,
    )
}

/// `POST /track`: look the order up.
pub async fn submit(
    State(s): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f: Submitted = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let shop = shop_and_branding(&s, Some(f.shop.as_str())).await;
    let tr = Tr::new(choose(
        f.lang.as_deref(),
        &headers,
        shop.as_ref().map(|(s, _)| s),
    ));
    let order = f.order.trim();
    let contact = f.contact.trim();
    let Some(sb) = shop.as_ref() else {
        return page_response(
            StatusCode::NOT_FOUND,
            render(tr, None, "", "", Note::None),
            PRIVATE,
        );
    };
    if order.is_empty() || contact.is_empty() || order.len() > 64 || contact.len() > 254 {
        let msg = tr.t("lookup-missing");
        return page_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            render(tr, shop.as_ref(), order, contact, Note::Error(&msg)),
            PRIVATE,
        );
    }
    let now = Instant::now();
    let ip = peer
        .map(|Extension(ConnectInfo(a))| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    let order_key = format!(
        "{}\u{0}{}",
        sb.0.id,
        order.trim_start_matches('#').to_lowercase()
    );
    let limited = s
        .buyer
        .per_ip
        .take(&ip, now)
        .and_then(|()| s.buyer.per_order.take(&order_key, now));
    if let Err(wait) = limited {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        let msg = tr.t_args(
            "lookup-rate-limited",
            &[("minutes", (minutes as i64).into())],
        );
        let mut r = page_response(
            StatusCode::TOO_MANY_REQUESTS,
            render(tr, shop.as_ref(), order, "", Note::Error(&msg)),
            PRIVATE,
        );
        if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    match buyer::lookup(&s.app, &sb.0.id, order, contact).await {
        Ok(Lookup::Found { token }) => {
            let mut r = StatusCode::SEE_OTHER.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("/t/{token}?lang={}", tr.lang.code())) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE));
            r.headers_mut().insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            );
            r
        }
        Ok(Lookup::NotFound) => {
            let msg = tr.t("lookup-not-found");
            page_response(
                StatusCode::OK,
                render(tr, shop.as_ref(), order, "", Note::Error(&msg)),
                PRIVATE,
            )
        }
        Err(e) => super::server_error(&headers, &e),
    }
}
