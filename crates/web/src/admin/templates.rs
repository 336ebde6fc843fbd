//! The message templates: which kinds and languages the shop wrote itself, and an editor with a
//! live preview (HTML, text and SMS, with sample data or a real order). A template that does not
//! compile or render is refused with the part and the line, shown at the line.

use super::layout::{csrf_field, errors, layout};
use super::{Form, Me, Nav, Peer, admin_lang, html, peer_ip, see_other};
use crate::AppState;
use crate::html::{Html, esc};
use aftercare_app::admin::audit_by;
use aftercare_app::i18n::{Lang, Tr};
use aftercare_app::notify::{self, KINDS};
use aftercare_domain::FieldErrors;
use aftercare_store::repo::messages::{self, Template};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

fn kind_label(tr: Tr, kind: &str) -> String {
    let key = format!("admin-kind-{kind}");
    let t = tr.t(&key);
    if t == key {
        kind.to_string()
    } else {
        t.into_owned()
    }
}

/// `GET /admin/templates`.
pub async fn list(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let sid = a.shop.id.clone();
    let custom = match s
        .app
        .db
        .read_async(move |c| messages::custom_templates(c, &sid))
        .await
    {
        Ok(c) => c,
        Err(e) => return crate::buyer::server_error(&headers, &e),
    };
    let mut b = Html::with_capacity(8192);
    b.raw("<p>")
        .text(&tr.t("admin-templates-intro"))
        .raw("</p><table><thead><tr><th scope=\"col\">")
        .text(&tr.t("admin-col-kind"))
        .raw("</th>");
    for l in Lang::ALL {
        b.raw("<th scope=\"col\" lang=\"")
            .raw(l.code())
            .raw("\">")
            .text(l.endonym())
            .raw("</th>");
    }
    b.raw("</tr></thead><tbody>");
    for k in KINDS {
        b.raw("<tr><th scope=\"row\">")
            .text(&kind_label(tr, k))
            .raw(" <span class=\"muted\">")
            .text(notify::purpose(k))
            .raw("</span></th>");
        for l in Lang::ALL {
            let own = custom.iter().any(|(ck, cl)| ck == k && cl == l.code());
            b.fmt(format_args!(
                "<td><a href=\"/admin/templates/{k}/{}\">",
                l.code()
            ))
            .text(&tr.t(if own {
                "admin-template-own"
            } else {
                "admin-template-default"
            }))
            .raw("</a></td>");
        }
        b.raw("</tr>");
    }
    b.raw("</tbody></table>");
    html(
        StatusCode::OK,
        layout(&a, tr, &tr.t("admin-nav-templates"), Nav::Templates, &b.0),
    )
}

fn key(kind: &str, locale: &str) -> Option<(&'static str, Lang)> {
    let k = KINDS.iter().find(|k| **k == kind)?;
    let l = Lang::parse(locale).filter(|l| l.code() == locale)?;
    Some((k, l))
}

#[derive(Debug, Deserialize, Default)]
pub struct EditQuery {
    saved: Option<String>,
}

/// The lines of a source around `line` (1-based), the line itself marked: where a template failed.
fn snippet(h: &mut Html, source: &str, line: usize) {
    h.raw("<pre class=\"snippet\">");
    let from = line.saturating_sub(3).max(1);
    for (i, l) in source.lines().enumerate().skip(from - 1).take(5) {
        let n = i + 1;
        if n == line {
            h.fmt(format_args!("<mark>{n:>4} │ "))
                .text(l)
                .raw("</mark>\n");
        } else {
            h.fmt(format_args!("{n:>4} │ ")).text(l).raw("\n");
        }
    }
    h.raw("</pre>");
}

#[allow(clippy::too_many_arguments)]
fn editor(
    a: &aftercare_app::admin::Admin,
    tr: Tr,
    kind: &str,
    lang: Lang,
    t: &Template,
    own: bool,
    errs: &FieldErrors,
    note: Option<&str>,
) -> String {
    let base = format!("/admin/templates/{kind}/{}", lang.code());
    let mut b = Html::with_capacity(16 * 1024);
    b.raw("<p><a href=\"/admin/templates\">")
        .text(&tr.t("admin-back-templates"))
        .raw("</a> · ")
        .text(&tr.t(if own {
            "admin-template-own"
        } else {
            "admin-template-default"
        }))
        .raw("</p>");
    if let Some(n) = note {
        b.raw("<p class=\"note\" role=\"status\">")
            .text(n)
            .raw("</p>");
    }
    errors(&mut b, tr, errs);
    let line_of = |part: &str| -> Option<usize> {
        errs.0.iter().find(|e| e.field == part).and_then(|e| {
            e.message
                .strip_prefix("line ")
                .and_then(|r| r.split(':').next())
                .and_then(|n| n.parse().ok())
        })
    };
    b.raw("<div class=\"editor\"><form method=\"post\" action=\"")
        .text(&base)
        .raw("\" id=\"template-form\" class=\"stack\" data-preview>")
        .raw(&csrf_field(a));
    let field = |b: &mut Html, name: &str, label: &str, value: &str, rows: Option<usize>| {
        let bad = errs.0.iter().any(|e| e.field == name);
        b.raw("<label for=\"")
            .raw(name)
            .raw("\">")
            .text(label)
            .raw("</label>");
        match rows {
            None => {
                b.raw("<input id=\"")
                    .raw(name)
                    .raw("\" name=\"")
                    .raw(name)
                    .raw("\" value=\"")
                    .text(value)
                    .raw("\"");
            }
            Some(r) => {
                b.raw("<textarea class=\"code\" spellcheck=\"false\" id=\"")
                    .raw(name)
                    .raw("\" name=\"")
                    .raw(name)
                    .fmt(format_args!("\" rows=\"{r}\""));
            }
        }
        if bad {
            b.raw(" aria-invalid=\"true\" aria-describedby=\"")
                .raw(name)
                .raw("-error\"");
        }
        match rows {
            None => {
                b.raw(">");
            }
            Some(_) => {
                b.raw(">").text(value).raw("</textarea>");
            }
        }
        if let Some(e) = errs.0.iter().find(|e| e.field == name) {
            b.raw("<p class=\"field-error\" id=\"")
                .raw(name)
                .raw("-error\">")
                .text(&e.message)
                .raw("</p>");
            if let Some(line) = line_of(name) {
                snippet(b, value, line);
            }
        }
    };
    field(
        &mut b,
        "subject",
        &tr.t("admin-col-subject"),
        &t.subject,
        None,
    );
    field(
        &mut b,
        "body_text",
        &tr.t("admin-text-part"),
        &t.body_text,
        Some(12),
    );
    field(
        &mut b,
        "body_html",
        &tr.t("admin-html-part"),
        t.body_html.as_deref().unwrap_or(""),
        Some(14),
    );
    b.raw("<p class=\"muted\">")
        .text(&tr.t("admin-template-variables"))
        .raw(" <code>");
    for (i, v) in notify::TEMPLATE_VARIABLES.iter().enumerate() {
        if i > 0 {
            b.raw(", ");
        }
        b.raw("{{ ").text(v).raw(" }}");
    }
    b.raw("</code></p><label for=\"order\">")
        .text(&tr.t("admin-preview-order"))
        .raw("</label><input id=\"order\" name=\"order\" placeholder=\"#1001\"><div class=\"row\"><button type=\"submit\">")
        .text(&tr.t("admin-save"))
        .raw("</button><button type=\"submit\" class=\"secondary\" id=\"preview-button\" formaction=\"")
        .text(&base)
        .raw("/preview\" formtarget=\"preview\">")
        .text(&tr.t("admin-preview"))
        .raw("</button></div></form>");
    if own {
        b.raw("<form method=\"post\" action=\"")
            .text(&base)
            .raw("/reset\">")
            .raw(&csrf_field(a))
            .raw("<button type=\"submit\" class=\"danger\">")
            .text(&tr.t("admin-template-reset"))
            .raw("</button></form>");
    }
    b.raw("</div><iframe name=\"preview\" id=\"preview\" class=\"preview\" title=\"")
        .text(&tr.t("admin-preview"))
        .raw("\" src=\"")
        .text(&base)
        .raw("/preview\"></iframe>");
    let title = format!("{} — {}", kind_label(tr, kind), lang.endonym());
    layout(a, tr, &title, Nav::Templates, &b.0)
}

/// `GET /admin/templates/{kind}/{locale}`.
pub async fn edit(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path((kind, locale)): Path<(String, String)>,
    Query(q): Query<EditQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let Some((kind, lang)) = key(&kind, &locale) else {
        return super::message_page(
            StatusCode::NOT_FOUND,
            tr,
            "admin-not-found-title",
            "admin-not-found",
        );
    };
    let sid = a.shop.id.clone();
    let stored = match s
        .app
        .db
        .read_async(move |c| messages::template(c, &sid, kind, lang.code(), "email"))
        .await
    {
        Ok(t) => t,
        Err(e) => return crate::buyer::server_error(&headers, &e),
    };
    let own = stored.is_some();
    let t = stored.unwrap_or_else(|| notify::starter_template(kind, lang));
    let note = q.saved.is_some().then(|| tr.t("admin-saved").into_owned());
    html(
        StatusCode::OK,
        editor(
            &a,
            tr,
            kind,
            lang,
            &t,
            own,
            &FieldErrors::default(),
            note.as_deref(),
        ),
    )
}

#[derive(Debug, Deserialize, Default)]
pub struct TemplateForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body_text: String,
    #[serde(default)]
    body_html: String,
    #[serde(default)]
    order: String,
}

/// `POST /admin/templates/{kind}/{locale}`: checked with sample data in every language, then saved.
pub async fn save(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path((kind, locale)): Path<(String, String)>,
    peer: Peer,
    headers: HeaderMap,
    Form(f): Form<TemplateForm>,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let Some((kind, lang)) = key(&kind, &locale) else {
        return super::message_page(
            StatusCode::NOT_FOUND,
            tr,
            "admin-not-found-title",
            "admin-not-found",
        );
    };
    let html_part = (!f.body_html.trim().is_empty()).then(|| f.body_html.clone());
    let t = match notify::validate_template(
        f.subject.clone(),
        f.body_text.clone(),
        html_part.clone(),
    ) {
        Ok(t) => t,
        Err(errs) => {
            let draft = Template {
                subject: f.subject,
                body_text: f.body_text,
                body_html: html_part,
                updated_at: 0,
            };
            return html(
                StatusCode::UNPROCESSABLE_ENTITY,
                editor(&a, tr, kind, lang, &draft, false, &errs, None),
            );
        }
    };
    let (a2, ip) = (a.clone(), peer_ip(&peer));
    let detail = serde_json::json!({"subject": t.subject}).to_string();
    if let Err(e) = s
        .app
        .db
        .write_async(move |c| {
            messages::put_template(c, &a2.shop.id, kind, lang.code(), "email", &t)?;
            audit_by(
                c,
                &a2,
                "template.save",
                Some(&format!("{kind}/{}", lang.code())),
                Some(&detail),
                ip.as_deref(),
            )
        })
        .await
    {
        return crate::buyer::server_error(&headers, &e);
    }
    see_other(&format!("/admin/templates/{kind}/{}?saved=1", lang.code()))
}

/// `POST /admin/templates/{kind}/{locale}/reset`: back to aftercare's default.
pub async fn reset(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path((kind, locale)): Path<(String, String)>,
    peer: Peer,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let Some((kind, lang)) = key(&kind, &locale) else {
        return super::message_page(
            StatusCode::NOT_FOUND,
            tr,
            "admin-not-found-title",
            "admin-not-found",
        );
    };
    let (a2, ip) = (a.clone(), peer_ip(&peer));
    if let Err(e) = s
        .app
        .db
        .write_async(move |c| {
            messages::delete_template(c, &a2.shop.id, kind, lang.code(), "email")?;
            audit_by(
                c,
                &a2,
                "template.reset",
                Some(&format!("{kind}/{}", lang.code())),
                None,
                ip.as_deref(),
            )
        })
        .await
    {
        return crate::buyer::server_error(&headers, &e);
    }
    see_other(&format!("/admin/templates/{kind}/{}", lang.code()))
}

/// `POST /admin/templates/{kind}/{locale}/preview` (the editor's frame; the script sends it as you
/// type): the draft rendered, or where it fails. Without a draft (`GET`-like first load, an empty
/// form) it shows what the buyer gets today.
pub async fn preview(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path((kind, locale)): Path<(String, String)>,
    headers: HeaderMap,
    Form(f): Form<TemplateForm>,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let Some((kind, lang)) = key(&kind, &locale) else {
        return super::message_page(
            StatusCode::NOT_FOUND,
            tr,
            "admin-not-found-title",
            "admin-not-found",
        );
    };
    let draft = (!f.subject.is_empty() || !f.body_text.is_empty()).then(|| Template {
        subject: f.subject.clone(),
        body_text: f.body_text.clone(),
        body_html: (!f.body_html.trim().is_empty()).then(|| f.body_html.clone()),
        updated_at: 0,
    });
    let order = (!f.order.trim().is_empty()).then(|| f.order.clone());
    let p = notify::preview_draft(&s.app, &a.shop.id, kind, lang, draft, order.as_deref()).await;
    let mut b = Html::with_capacity(16 * 1024);
    b.fmt(format_args!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><style>\
         body{{font:14px/1.45 system-ui,sans-serif;margin:0;padding:12px;color:#111827;background:#f9fafb}}\
         h2{{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#4b5563;margin:16px 0 6px}}\
         pre{{white-space:pre-wrap;background:#fff;border:1px solid #d1d5db;border-radius:6px;padding:10px;margin:0}}\
         .subject{{font-weight:700;font-size:16px}} iframe{{width:100%;height:480px;border:1px solid #d1d5db;border-radius:6px;background:#fff}}\
         .error{{background:#fef2f2;border:1px solid #b91c1c;color:#7f1d1d;padding:10px;border-radius:6px}} mark{{background:#fde68a}}\
         </style></head><body>",
        tr.lang.code()
    ));
    match p {
        Err(aftercare_app::AppError::NotFound(_)) => {
            b.raw("<p class=\"error\" role=\"alert\">")
                .text(&tr.t("admin-preview-no-order"))
                .raw("</p>");
        }
        Err(e) => return crate::buyer::server_error(&headers, &e),
        Ok(p) => {
            if let Some(e) = &p.error {
                b.raw("<div class=\"error\" role=\"alert\"><strong>")
                    .text(e.part);
                if let Some(l) = e.line {
                    b.fmt(format_args!(", {} {l}", esc(&tr.t("admin-line"))));
                }
                b.raw("</strong>: ").text(&e.reason).raw("</div>");
                let source = match e.part {
                    "subject" => f.subject.as_str(),
                    "body_text" => f.body_text.as_str(),
                    _ => f.body_html.as_str(),
                };
                if let Some(l) = e.line {
                    snippet(&mut b, source, l);
                }
            } else {
                b.raw("<h2>")
                    .text(&tr.t("admin-col-subject"))
                    .raw("</h2><p class=\"subject\">")
                    .text(&p.subject)
                    .raw("</p><h2>")
                    .text(&tr.t("admin-html-part"))
                    .raw("</h2><iframe sandbox title=\"")
                    .text(&p.subject)
                    .raw("\" srcdoc=\"")
                    .text(&p.html)
                    .raw("\"></iframe><h2>")
                    .text(&tr.t("admin-text-part"))
                    .raw("</h2><pre>")
                    .text(&p.text)
                    .raw("</pre>");
                if let Some(sms) = &p.sms {
                    let (enc, segments, _) = aftercare_domain::sms::segments(sms);
                    b.raw("<h2>")
                        .text(&tr.t("admin-sms"))
                        .fmt(format_args!(" ({segments} × {enc:?})"))
                        .raw("</h2><pre>")
                        .text(sms)
                        .raw("</pre>");
                }
            }
        }
    }
    b.raw("</body></html>");
    let mut r = html(StatusCode::OK, b.0);
    let h = r.headers_mut();
    // The email's inline styles may run; nothing else, and only the editor may frame it.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'self'",
        ),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    r
}
