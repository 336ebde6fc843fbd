//! The development mailbox (every message of the shop, as the buyer got it or would get it) and
//! the job queue (pending, running, dead, with each failure and a retry button).

use super::layout::{csrf_field, layout, table_head, when};
use super::{Me, Nav, Peer, admin_lang, html, peer_ip, see_other};
use crate::AppState;
use crate::html::Html;
use aftercare_app::i18n::Tr;
use aftercare_domain::Role;
use aftercare_jobs::{JobState, queue};
use aftercare_store::repo::messages;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

/// `GET /admin/mailbox`: the shop's newest messages.
pub async fn mailbox(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let sid = a.shop.id.clone();
    let rows = match s
        .app
        .db
        .read_async(move |c| messages::recent(c, &sid, 200))
        .await
    {
        Ok(r) => r,
        Err(e) => return crate::buyer::server_error(&headers, &e),
    };
    let mut h = Html::with_capacity(16 * 1024);
    // With SMTP configured this is the message log: the same table, of messages really sent.
    if s.app.mailer().uses_mailbox() {
        h.raw("<p>").text(&tr.t("admin-mailbox-intro")).raw("</p>");
    }
    if rows.is_empty() {
        h.raw("<p class=\"muted\">")
            .text(&tr.t("admin-mailbox-empty"))
            .raw("</p>");
    } else {
        table_head(
            &mut h,
            tr,
            &[
                "admin-col-when",
                "admin-col-channel",
                "admin-col-to",
                "admin-col-subject",
                "admin-col-kind",
                "admin-col-state",
            ],
        );
        for m in &rows {
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
            h.raw("<tr><td>")
                .text(&when(tr, &a.shop.time_zone, m.created_at))
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
                .raw("</td><td><span class=\"state st-")
                .text(&m.state)
                .raw("\">")
                .text(&m.state)
                .raw("</span></td></tr>");
        }
        h.raw("</tbody></table>");
    }
    html(
        StatusCode::OK,
        layout(&a, tr, &tr.t("admin-mailbox-title"), Nav::Mailbox, &h.0),
    )
}

/// `GET /admin/mailbox/{id}`: one message: who, what, its text, its HTML (framed, sandboxed), its
/// history.
pub async fn message(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let sid = a.shop.id.clone();
    let found = s
        .app
        .db
        .read_async(move |c| {
            let Some(m) = messages::get(c, &sid, &id)? else {
                return Ok(None);
            };
            let h = messages::history(c, &m.id)?;
            Ok::<_, aftercare_store::StoreError>(Some((m, h)))
        })
        .await;
    let (m, history) = match found {
        Ok(Some(x)) => x,
        Ok(None) => {
            return super::message_page(
                StatusCode::NOT_FOUND,
                tr,
                "admin-not-found-title",
                "admin-not-found",
            );
        }
        Err(e) => return crate::buyer::server_error(&headers, &e),
    };
    let title = if m.subject.is_empty() {
        tr.t("admin-sms").into_owned()
    } else {
        m.subject.clone()
    };
    let mut h = Html::with_capacity(8 * 1024);
    h.raw("<p><a href=\"/admin/mailbox\">")
        .text(&tr.t("admin-back"))
        .raw("</a></p><dl class=\"facts\"><div><dt>")
        .text(&tr.t("admin-col-to"))
        .raw("</dt><dd>")
        .text(&m.recipient)
        .raw("</dd></div><div><dt>")
        .text(&tr.t("admin-col-kind"))
        .raw("</dt><dd>")
        .text(&m.kind)
        .raw(" (")
        .text(&m.purpose)
        .raw(")</dd></div><div><dt>")
        .text(&tr.t("admin-col-state"))
        .raw("</dt><dd>")
        .text(&m.state)
        .raw("</dd></div><div><dt>Message-ID</dt><dd class=\"mono\">")
        .text(&m.message_id)
        .raw("</dd></div></dl>");
    if m.body_html.is_some() {
        h.raw("<p><a href=\"/admin/mailbox/")
            .text(&m.id)
            .raw("/html\" target=\"_blank\" rel=\"noopener\">")
            .text(&tr.t("admin-view-html"))
            .raw("</a></p><iframe class=\"mail\" sandbox title=\"")
            .text(&title)
            .raw("\" src=\"/admin/mailbox/")
            .text(&m.id)
            .raw("/html\"></iframe>");
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
            .text(&when(tr, &a.shop.time_zone, at))
            .raw("</time> ")
            .text(&state);
        if let Some(d) = detail {
            h.raw(" — ").text(&d);
        }
        h.raw("</li>");
    }
    h.raw("</ol>");
    html(StatusCode::OK, layout(&a, tr, &title, Nav::Mailbox, &h.0))
}

/// `GET /admin/mailbox/{id}/html`: the HTML part exactly as sent, sandboxed (no scripts, no
/// requests to other servers); our own pages may frame it.
pub async fn message_html(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let sid = a.shop.id.clone();
    let found = s
        .app
        .db
        .read_async(move |c| messages::get(c, &sid, &id))
        .await;
    let Ok(Some(m)) = found else {
        return super::message_page(
            StatusCode::NOT_FOUND,
            Tr::new(admin_lang(&a, &headers)),
            "admin-not-found-title",
            "admin-not-found",
        );
    };
    let Some(body) = m.body_html else {
        return super::message_page(
            StatusCode::NOT_FOUND,
            Tr::new(admin_lang(&a, &headers)),
            "admin-not-found-title",
            "admin-not-found",
        );
    };
    framed_email(body)
}

/// An email's HTML as a page of its own: only its inline styles run, and only our pages may frame it.
pub fn framed_email(body: String) -> Response {
    let mut r = html(StatusCode::OK, body);
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox; frame-ancestors 'self'",
        ),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    r
}

#[derive(Debug, Deserialize, Default)]
pub struct QueueQuery {
    state: Option<String>,
}

/// `GET /admin/queue`: the shop's jobs by state, with each one's last error.
pub async fn queue(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Query(q): Query<QueueQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let state = q
        .state
        .as_deref()
        .and_then(JobState::parse)
        .unwrap_or(JobState::Dead);
    let sid = a.shop.id.clone();
    let rows = match s
        .app
        .db
        .read_async(move |c| queue::list(c, Some(&sid), Some(state), 200))
        .await
    {
        Ok(r) => r,
        Err(e) => return crate::buyer::server_error(&headers, &e),
    };
    let mut h = Html::with_capacity(16 * 1024);
    h.raw("<nav class=\"tabs\" aria-label=\"")
        .text(&tr.t("admin-col-state"))
        .raw("\"><ul>");
    for st in [
        JobState::Queued,
        JobState::Running,
        JobState::Dead,
        JobState::Done,
    ] {
        h.raw("<li><a href=\"/admin/queue?state=")
            .raw(st.as_str())
            .raw("\"");
        if st == state {
            h.raw(" aria-current=\"page\"");
        }
        h.raw(">")
            .text(&tr.t(&format!("admin-job-{}", st.as_str())))
            .raw("</a></li>");
    }
    h.raw("</ul></nav>");
    if rows.is_empty() {
        h.raw("<p class=\"muted\">")
            .text(&tr.t("admin-queue-empty"))
            .raw("</p>");
    } else {
        table_head(
            &mut h,
            tr,
            &[
                "admin-col-job",
                "admin-col-attempts",
                "admin-col-when",
                "admin-col-error",
                "",
            ],
        );
        for j in &rows {
            h.raw("<tr><td>")
                .text(&j.kind)
                .raw("<br><span class=\"muted mono\">")
                .text(j.dedupe_key.as_deref().unwrap_or(&j.id))
                .fmt(format_args!(
                    "</span></td><td class=\"num\">{}/{}</td><td>",
                    j.attempts, j.max_attempts
                ))
                .text(&when(tr, &a.shop.time_zone, j.run_at))
                .raw("</td><td class=\"error-text\">")
                .text(j.last_error.as_deref().unwrap_or(""))
                .raw("</td><td>");
            if a.role == Role::Owner && j.state == "dead" {
                h.raw("<form method=\"post\" action=\"/admin/queue/")
                    .text(&j.id)
                    .raw("/retry\">")
                    .raw(&csrf_field(&a))
                    .raw("<button type=\"submit\" class=\"secondary\">")
                    .text(&tr.t("admin-retry"))
                    .raw("</button></form>");
            }
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }
    html(
        StatusCode::OK,
        layout(&a, tr, &tr.t("admin-nav-queue"), Nav::Queue, &h.0),
    )
}

/// `POST /admin/queue/{id}/retry`: run a dead (or waiting) job again now.
pub async fn retry(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path(id): Path<String>,
    peer: Peer,
    headers: HeaderMap,
) -> Response {
    let (a2, ip) = (a.clone(), peer_ip(&peer));
    let done = s
        .app
        .db
        .write_async(move |c| {
            let retried = queue::retry_dead(
                c,
                Some(&a2.shop.id),
                &id,
                aftercare_domain::time::now_millis(),
            )?;
            if retried {
                aftercare_app::admin::audit_by(
                    c,
                    &a2,
                    "job.retry",
                    Some(&id),
                    None,
                    ip.as_deref(),
                )?;
            }
            Ok::<_, aftercare_store::StoreError>(retried)
        })
        .await;
    match done {
        Ok(true) => {
            if let Some(r) = s.app.runner() {
                r.wake();
            }
            see_other("/admin/queue?state=queued")
        }
        Ok(false) => super::message_page(
            StatusCode::NOT_FOUND,
            Tr::new(admin_lang(&a, &headers)),
            "admin-not-found-title",
            "admin-not-found",
        ),
        Err(e) => crate::buyer::server_error(&headers, &e),
    }
}
