//! The frame of every admin page: navigation by role, the shop switcher, the language, sign-out;
//! the stylesheet and the script.

use crate::html::Html;
use aftercare_app::admin::Admin;
use aftercare_app::i18n::{Lang, Tr};
use aftercare_domain::Role;
use axum::http::{HeaderMap, header};
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

const CSS: &str = include_str!("../../assets/admin.css");
const JS: &str = include_str!("../../assets/admin.js");

static VERSION: LazyLock<String> = LazyLock::new(|| {
    let d = Sha256::new().chain_update(CSS).chain_update(JS).finalize();
    d[..5].iter().map(|b| format!("{b:02x}")).collect()
});

pub async fn css() -> Response {
    crate::buyer::asset(CSS, "text/css; charset=utf-8")
}

pub async fn js() -> Response {
    crate::buyer::asset(JS, "text/javascript; charset=utf-8")
}

/// The user's language: their choice, else the browser's, else English.
/// Opens a table with a header row of the given message keys (an empty key: an empty cell),
/// up to its `<tbody>`.
pub fn table_head(h: &mut Html, tr: Tr, cols: &[&str]) {
    h.raw("<table><thead><tr>");
    for col in cols {
        h.raw("<th scope=\"col\">");
        if !col.is_empty() {
            h.text(&tr.t(col));
        }
        h.raw("</th>");
    }
    h.raw("</tr></thead><tbody>");
}

pub fn admin_lang(a: &Admin, headers: &HeaderMap) -> Lang {
    choose_lang(a.locale.as_deref(), headers)
}

/// A chosen language (a code), else the browser's, else English.
pub fn choose_lang(chosen: Option<&str>, headers: &HeaderMap) -> Lang {
    chosen
        .and_then(Lang::parse)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(Lang::En)
}

/// Where a page sits in the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    Orders,
    Templates,
    Mailbox,
    Queue,
    Settings,
    Users,
    Audit,
    Account,
}

fn head(h: &mut Html, tr: Tr, title: &str) {
    h.fmt(format_args!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex, nofollow\"><title>",
        tr.lang.code()
    ))
    .text(title)
    .raw(" · aftercare</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">")
    .fmt(format_args!(
        "<link rel=\"stylesheet\" href=\"/admin/assets/admin.css?v={v}\">\
         <script src=\"/admin/assets/admin.js?v={v}\" defer></script></head>",
        v = &*VERSION
    ));
}

/// A page outside the signed-in frame (sign-in, reset, refusals).
pub fn bare(tr: Tr, title: &str, body: &str) -> String {
    let mut h = Html::with_capacity(2048 + body.len());
    head(&mut h, tr, title);
    h.raw("<body class=\"bare\"><main id=\"main\" class=\"narrow\"><p class=\"brand\">aftercare</p><h1>")
        .text(title)
        .raw("</h1>")
        .raw(body)
        .raw("</main></body></html>");
    h.0
}

/// The hidden field every form of the session carries.
pub fn csrf_field(a: &Admin) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        crate::html::esc(&a.csrf)
    )
}

/// A signed-in page: the navigation the user's role allows, the shop switcher, the account.
pub fn layout(a: &Admin, tr: Tr, title: &str, active: Nav, body: &str) -> String {
    let mut h = Html::with_capacity(4096 + body.len());
    head(&mut h, tr, title);
    h.raw("<body><a class=\"skip\" href=\"#main\">")
        .text(&tr.t("skip-link"))
        .raw("</a><header class=\"top\"><a class=\"brand\" href=\"/admin\">aftercare</a><nav aria-label=\"")
        .text(&tr.t("admin-nav"))
        .raw("\"><ul>");
    let items = [
        (Nav::Home, "/admin", "admin-nav-home", Role::Analyst),
        (
            Nav::Orders,
            "/admin/orders",
            "admin-nav-orders",
            Role::Agent,
        ),
        (
            Nav::Mailbox,
            "/admin/mailbox",
            "admin-nav-mailbox",
            Role::Agent,
        ),
        (Nav::Queue, "/admin/queue", "admin-nav-queue", Role::Agent),
        (
            Nav::Templates,
            "/admin/templates",
            "admin-nav-templates",
            Role::Owner,
        ),
        (
            Nav::Settings,
            "/admin/settings",
            "admin-nav-settings",
            Role::Owner,
        ),
        (Nav::Users, "/admin/users", "admin-nav-users", Role::Owner),
        (Nav::Audit, "/admin/audit", "admin-nav-audit", Role::Owner),
    ];
    for (nav, href, key, min) in items {
        if !a.role.includes(min) {
            continue;
        }
        h.raw("<li><a href=\"").raw(href).raw("\"");
        if nav == active {
            h.raw(" aria-current=\"page\"");
        }
        h.raw(">").text(&tr.t(key)).raw("</a></li>");
    }
    h.raw("</ul></nav><div class=\"who\">");
    if a.shops.len() > 1 {
        h.raw("<form method=\"post\" action=\"/admin/shop\" class=\"inline\">")
            .raw(&csrf_field(a))
            .raw("<label class=\"sr\" for=\"shop-switch\">")
            .text(&tr.t("admin-shop"))
            .raw("</label><select id=\"shop-switch\" name=\"shop\" data-autosubmit>");
        for (id, name, _) in &a.shops {
            h.raw("<option value=\"").text(id).raw("\"");
            if *id == a.shop.id {
                h.raw(" selected");
            }
            h.raw(">").text(name).raw("</option>");
        }
        h.raw("</select><button type=\"submit\" class=\"secondary\">")
            .text(&tr.t("admin-switch"))
            .raw("</button></form>");
    } else {
        h.raw("<span class=\"shop\">")
            .text(&a.shop.name)
            .raw("</span>");
    }
    h.raw("<a href=\"/admin/account\"");
    if active == Nav::Account {
        h.raw(" aria-current=\"page\"");
    }
    h.raw(">")
        .text(&a.email)
        .raw("</a><form method=\"post\" action=\"/admin/logout\" class=\"inline\">")
        .raw(&csrf_field(a))
        .raw("<button type=\"submit\" class=\"link\">")
        .text(&tr.t("admin-sign-out"))
        .raw("</button></form></div></header><main id=\"main\"><h1>")
        .text(title)
        .raw("</h1>")
        .raw(body)
        .raw("</main></body></html>");
    h.0
}

/// A time for people: in the shop's zone, the language's way.
pub fn when(tr: Tr, shop_tz: &str, ms: i64) -> String {
    let tz = jiff::tz::TimeZone::get(shop_tz).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| tr.date_time(&t.to_zoned(tz)))
        .unwrap_or_default()
}

/// Field errors as a list (above a form).
pub fn errors(h: &mut Html, tr: Tr, errs: &aftercare_domain::FieldErrors) {
    if errs.0.is_empty() {
        return;
    }
    h.raw("<div class=\"errors\" role=\"alert\"><p>")
        .text(&tr.t("admin-fix-errors"))
        .raw("</p><ul>");
    for e in &errs.0 {
        h.raw("<li><strong>")
            .text(&e.field)
            .raw("</strong>: ")
            .text(&e.message)
            .raw("</li>");
    }
    h.raw("</ul></div>");
}
