//! `/u/{token}`: the unsubscribe link of a marketing message.
//!
//! A `GET` only shows what would happen and a button: link scanners and previews fetch links, and
//! must not unsubscribe anyone. A `POST` unsubscribes at once, with no cookie or other state: the
//! button on the page, or a mail client's RFC 8058 one-click request
//! (`List-Unsubscribe=One-Click`). The token is the capability; a wrong one gets a friendly page.

use super::{LangQuery, PRIVATE, accept_language, page_response, simple_page};
use crate::AppState;
use crate::html::Html;
use aftercare_app::consent::{self, Unsubscribe};
use aftercare_app::i18n::{Lang, Tr};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use std::net::SocketAddr;

fn lang_for(q: &LangQuery, headers: &HeaderMap, u: Option<&Unsubscribe>) -> Lang {
    q.lang
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| u.and_then(|u| Lang::parse(&u.locale)))
        .or_else(|| accept_language(headers).and_then(Lang::from_accept_language))
        .unwrap_or(Lang::En)
}

fn page(token: &str, tr: Tr, u: Option<&Unsubscribe>) -> Response {
    let switch = format!("/u/{token}");
    let Some(u) = u else {
        let mut body = Html::with_capacity(512);
        body.raw("<p>")
            .text(&tr.t("unsubscribe-invalid"))
            .raw("</p>");
        return page_response(
            StatusCode::NOT_FOUND,
            simple_page(tr, &tr.t("unsubscribe-title"), &body.0, None, &switch),
            PRIVATE,
        );
    };
    let args = [
        ("shop", u.shop.name.as_str().into()),
        ("address", u.address.as_str().into()),
    ];
    let mut body = Html::with_capacity(1024);
    let title = if u.done {
        body.raw("<p role=\"status\">")
            .text(&tr.t_args("unsubscribe-done", &args))
            .raw("</p>");
        tr.t("unsubscribe-done-title")
    } else {
        body.raw("<p>")
            .text(&tr.t_args("unsubscribe-question", &args))
            .raw("</p><p>")
            .text(&tr.t("unsubscribe-note"))
            .raw("</p><form method=\"post\" action=\"/u/")
            .text(token)
            .raw("?lang=")
            .text(tr.lang.code())
            .raw("\"><button class=\"primary\" type=\"submit\">")
            .text(&tr.t("unsubscribe-button"))
            .raw("</button></form>");
        tr.t("unsubscribe-title")
    };
    page_response(
        StatusCode::OK,
        simple_page(
            tr,
            &title,
            &body.0,
            Some((&u.shop.name, &u.shop.slug, &u.branding)),
            &switch,
        ),
        PRIVATE,
    )
}

/// `GET /u/{token}`: the confirmation page; nothing changes.
pub async fn show(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    match consent::unsubscribe_info(&s.app, &token).await {
        Ok(u) => page(
            &token,
            Tr::new(lang_for(&q, &headers, u.as_ref())),
            u.as_ref(),
        ),
        Err(e) => super::server_error(&headers, &e),
    }
}

/// `POST /u/{token}`: unsubscribe now (the page's button or a one-click request).
pub async fn submit(
    State(s): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // RFC 8058 says the body is `List-Unsubscribe=One-Click` (form-encoded or multipart).
    let one_click = body
        .windows(b"List-Unsubscribe=One-Click".len())
        .any(|w| w == b"List-Unsubscribe=One-Click");
    let source = if one_click {
        "one_click"
    } else {
        "unsubscribe_link"
    };
    let ip = peer.map(|Extension(ConnectInfo(a))| a.ip().to_string());
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    match consent::unsubscribe(&s.app, &token, source, ip, agent).await {
        Ok(u) => page(
            &token,
            Tr::new(lang_for(&q, &headers, u.as_ref())),
            u.as_ref(),
        ),
        Err(e) => super::server_error(&headers, &e),
    }
}
