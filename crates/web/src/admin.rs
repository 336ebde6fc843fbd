//! The admin pages that exist before the admin UI does: the development mailbox at
//! `/admin/mailbox`. Until sessions arrive with the admin UI, it asks for the user's email and
//! password with HTTP Basic authentication (checked with argon2 off the async threads; an unknown
//! email costs the same as a wrong password) and shows the messages of the shops the user belongs
//! to, as the buyer would get them.

use crate::AppState;
use crate::html::Html;
use aftercare_app::i18n::{Lang, Tr};
use aftercare_domain::Secret;
use aftercare_domain::time::to_rfc3339;
use aftercare_store::repo::{messages, shops, users};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use base64::Engine;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/mailbox", get(mailbox))
        .route("/admin/mailbox/{id}", get(message))
        .route("/admin/mailbox/{id}/html", get(message_html))
}

fn lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or(Lang::En)
}

/// Admin pages carry the buyer pages' headers: strict policy, private, not indexed.
fn page(status: StatusCode, body: String) -> Response {
    crate::buyer::page_response(status, body, "private, no-store")
}

fn challenge(tr: Tr) -> Response {
    let mut h = Html::with_capacity(512);
    h.fmt(format_args!(
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>",
        tr.lang.code()
    ))
    .text(&tr.t("admin-mailbox-title"))
    .raw("</title><p>")
    .text(&tr.t("admin-sign-in-needed"))
    .raw("</p></html>");
    let mut r = page(StatusCode::UNAUTHORIZED, h.0);
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"aftercare admin\", charset=\"UTF-8\""),
    );
    r
}

/// The shops of the signed-in user, or `None` for a missing or wrong sign-in.
async fn signed_in(s: &AppState, headers: &HeaderMap) -> Option<Vec<String>> {
    let (email, password) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| {
            s.split_once(':')
                .map(|(e, p)| (e.trim().to_lowercase(), p.to_string()))
        })?;
    let db = s.app.db.clone();
    tokio::task::spawn_blocking(move || {
        let user = db.read(|c| users::by_email(c, &email)).ok().flatten();
        // The same argon2 work whether or not the email exists: no user enumeration by timing.
        static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            aftercare_app::accounts::hash_password(&Secret::new(aftercare_domain::new_token(16)))
                .unwrap_or_default()
        });
        let hash = user
            .as_ref()
            .map_or(DUMMY.as_str(), |u| u.password_hash.as_str());
        let ok = aftercare_app::accounts::verify_password(&Secret::new(password), hash);
        let user = user.filter(|_| ok)?;
        let shops = db.read(|c| users::memberships(c, &user.id)).ok()?;
        Some(shops.into_iter().map(|(shop, _)| shop).collect())
    })
    .await
    .ok()
    .flatten()
}

fn head(h: &mut Html, tr: Tr, title: &str) {
    h.fmt(format_args!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
        tr.lang.code()
    ))
    .text(title)
    .fmt(format_args!(
        "</title><link rel=\"stylesheet\" href=\"/assets/track.css?v={}\"></head><body><main id=\"main\" class=\"simple\"><section class=\"card\">",
        &*crate::buyer::ASSET_VERSION
    ));
}

/// `GET /admin/mailbox`: the newest messages of the user's shops.
async fn mailbox(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let tr = Tr::new(lang(&headers));
    let Some(shop_ids) = signed_in(&s, &headers).await else {
        return challenge(tr);
    };
    let rows = s
        .app
        .db
        .read_async(move |c| {
            let mut out = Vec::new();
            for id in &shop_ids {
                let name = shops::get(c, id)?.map(|s| s.name).unwrap_or_default();
                for m in messages::recent(c, id, 200)? {
                    out.push((name.clone(), m));
                }
            }
            out.sort_by_key(|(_, m)| std::cmp::Reverse(m.created_at));
            out.truncate(200);
            Ok::<_, aftercare_store::StoreError>(out)
        })
        .await;
    let rows = match rows {
        Ok(r) => r,
        Err(e) => return crate::buyer::server_error(&headers, &e),
    };
    let title = tr.t("admin-mailbox-title");
    let mut h = Html::with_capacity(16 * 1024);
    head(&mut h, tr, &title);
    h.raw("<h1>").text(&title).raw("</h1>");
    // With SMTP configured this is the message log: the same table, of messages really sent.
    if s.app.mailer().uses_mailbox() {
        h.raw("<p>").text(&tr.t("admin-mailbox-intro")).raw("</p>");
    }
    if rows.is_empty() {
        h.raw("<p class=\"muted\">")
            .text(&tr.t("admin-mailbox-empty"))
            .raw("</p>");
    } else {
        h.raw("<table><thead><tr>");
        for col in [
            "admin-col-when",
            "admin-col-shop",
            "admin-col-channel",
            "admin-col-to",
            "admin-col-subject",
            "admin-col-kind",
            "admin-col-state",
        ] {
            h.raw("<th scope=\"col\">").text(&tr.t(col)).raw("</th>");
        }
        h.raw("</tr></thead><tbody>");
        for (shop, m) in &rows {
            let channel = tr.t(if m.channel == "sms" {
                "admin-sms"
            } else {
                "admin-email"
            });
            let label = if m.subject.is_empty() {
                m.body_text.chars().take(60).collect::<String>()
            } else {
                m.subject.clone()
            };
            h.raw("<tr><td><time datetime=\"")
                .text(&to_rfc3339(m.created_at))
                .raw("\">")
                .text(&to_rfc3339(m.created_at))
                .raw("</time></td><td>")
                .text(shop)
                .raw("</td><td>")
                .text(&channel)
                .raw("</td><td>")
                .text(&m.recipient)
                .raw("</td><td><a href=\"/admin/mailbox/")
                .text(&m.id)
                .raw("\">")
                .text(&label)
                .raw("</a></td><td>")
                .text(&m.kind)
                .raw("</td><td>")
                .text(&m.state)
                .raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }
    h.raw("</section></main></body></html>");
    page(StatusCode::OK, h.0)
}

async fn load(
    s: &AppState,
    headers: &HeaderMap,
    id: String,
) -> Result<messages::Message, Response> {
    let tr = Tr::new(lang(headers));
    let Some(shop_ids) = signed_in(s, headers).await else {
        return Err(challenge(tr));
    };
    let found = s
        .app
        .db
        .read_async(move |c| {
            for shop in &shop_ids {
                if let Some(m) = messages::get(c, shop, &id)? {
                    let h = messages::history(c, &m.id)?;
                    return Ok(Some((m, h)));
                }
            }
            Ok::<_, aftercare_store::StoreError>(None)
        })
        .await;
    match found {
        Ok(Some((m, _))) => Ok(m),
        Ok(None) => Err(crate::buyer::not_found(headers, None)),
        Err(e) => Err(crate::buyer::server_error(headers, &e)),
    }
}

/// `GET /admin/mailbox/{id}`: one message: its headers, text and history.
async fn message(
    State(s): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(lang(&headers));
    let m = match load(&s, &headers, id).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mid = m.id.clone();
    let history = s
        .app
        .db
        .read_async(move |c| messages::history(c, &mid))
        .await
        .unwrap_or_default();
    let title = if m.subject.is_empty() {
        tr.t("admin-sms").into_owned()
    } else {
        m.subject.clone()
    };
    let mut h = Html::with_capacity(8 * 1024);
    head(&mut h, tr, &title);
    h.raw("<p><a href=\"/admin/mailbox\">")
        .text(&tr.t("admin-back"))
        .raw("</a></p><h1>")
        .text(&title)
        .raw("</h1><dl class=\"facts\"><div><dt>")
        .text(&tr.t("admin-col-to"))
        .raw("</dt><dd>")
        .text(&m.recipient)
        .raw("</dd></div><div><dt>")
        .text(&tr.t("admin-col-kind"))
        .raw("</dt><dd>")
        .text(&m.kind)
        .raw("</dd></div><div><dt>Message-ID</dt><dd class=\"mono\">")
        .text(&m.message_id)
        .raw("</dd></div></dl>");
    if m.body_html.is_some() {
        h.raw("<p><a href=\"/admin/mailbox/")
            .text(&m.id)
            .raw("/html\">")
            .text(&tr.t("admin-view-html"))
            .raw("</a></p>");
    }
    h.raw("<h2>")
        .text(&tr.t("admin-text-part"))
        .raw("</h2><pre>")
        .text(&m.body_text)
        .raw("</pre><h2>")
        .text(&tr.t("admin-history"))
        .raw("</h2><ol>");
    for (state, detail, at) in history {
        h.raw("<li><time>")
            .text(&to_rfc3339(at))
            .raw("</time> ")
            .text(&state);
        if let Some(d) = detail {
            h.raw(" — ").text(&d);
        }
        h.raw("</li>");
    }
    h.raw("</ol></section></main></body></html>");
    page(StatusCode::OK, h.0)
}

/// `GET /admin/mailbox/{id}/html`: the HTML part exactly as sent, sandboxed (no scripts, no
/// requests to other servers).
async fn message_html(
    State(s): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let m = match load(&s, &headers, id).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(html) = m.body_html else {
        return crate::buyer::not_found(&headers, None);
    };
    // The email as sent, with no script and no request to anywhere: only its inline styles run.
    let mut r = crate::buyer::sandboxed(html, "text/html; charset=utf-8", "private, no-store");
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox",
        ),
    );
    r
}
