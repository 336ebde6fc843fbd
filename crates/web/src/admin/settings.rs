//! The shop's settings (name, languages, time zone, business hours and holidays, branding with
//! the logo, collect-by defaults per carrier, API keys and webhook secrets with the exact URLs to
//! paste into each platform), its people (invite, roles, remove) and the audit log.

use super::layout::{csrf_field, errors, layout, table_head, when};
use super::{Form, Me, Nav, Peer, admin_lang, html, peer_ip, see_other};
use crate::AppState;
use crate::html::Html;
use aftercare_app::AppError;
use aftercare_app::admin::{self as acc, Admin};
use aftercare_app::i18n::{Lang, Tr};
use aftercare_domain::time::now_millis;
use aftercare_domain::{FieldErrors, Role, WebhookSource};
use aftercare_store::StoreError;
use aftercare_store::repo::{audit, keys, sessions, shops, users};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

struct SettingsData {
    settings: shops::Settings,
    branding: shops::Branding,
    carriers: Vec<(String, i64)>,
    keys: Vec<keys::ApiKey>,
    secrets: Vec<keys::WebhookSecret>,
}

async fn load(s: &AppState, a: &Admin) -> Result<SettingsData, AppError> {
    let sid = a.shop.id.clone();
    s.app
        .db
        .read_async(move |c| {
            let mut secrets = Vec::new();
            for src in WebhookSource::ALL {
                secrets.extend(keys::active_webhook_secrets(c, &sid, src.as_str())?);
            }
            Ok(SettingsData {
                settings: shops::settings(c, &sid)?.ok_or(AppError::NotFound("shop"))?,
                branding: shops::branding(c, &sid)?.unwrap_or_default(),
                carriers: shops::carrier_settings(c, &sid)?,
                keys: keys::list_api_keys(c, &sid)?,
                secrets,
            })
        })
        .await
}

/// Something to show once: a new API key or webhook secret.
struct Shown<'a> {
    what: &'a str,
    value: &'a str,
}

fn page_html(
    s: &AppState,
    a: &Admin,
    tr: Tr,
    d: &SettingsData,
    errs: &FieldErrors,
    note: Option<&str>,
    shown: Option<Shown<'_>>,
) -> String {
    let mut b = Html::with_capacity(24 * 1024);
    if let Some(n) = note {
        b.raw("<p class=\"note\" role=\"status\">")
            .text(n)
            .raw("</p>");
    }
    if let Some(x) = shown {
        b.raw("<div class=\"shown\" role=\"status\"><p>")
            .text(&tr.t_args("admin-shown-once", &[("what", x.what.into())]))
            .raw("</p><p><code class=\"secret\" id=\"shown-value\">")
            .text(x.value)
            .raw("</code> <button type=\"button\" class=\"secondary\" data-copy=\"shown-value\">")
            .text(&tr.t("admin-copy"))
            .raw("</button></p></div>");
    }
    errors(&mut b, tr, errs);
    let st = &d.settings;
    // The shop.
    b.raw("<section class=\"card\"><h2>")
        .text(&tr.t("admin-settings-shop"))
        .raw("</h2><form method=\"post\" action=\"/admin/settings\" class=\"stack\">")
        .raw(&csrf_field(a))
        .raw("<label for=\"name\">")
        .text(&tr.t("admin-shop-name"))
        .raw("</label><input id=\"name\" name=\"name\" required maxlength=\"200\" value=\"")
        .text(&st.name)
        .raw("\"><label for=\"default_locale\">")
        .text(&tr.t("admin-default-locale"))
        .raw("</label><select id=\"default_locale\" name=\"default_locale\">");
    for l in Lang::ALL {
        b.raw("<option value=\"").raw(l.code()).raw("\"");
        if l.code() == st.default_locale {
            b.raw(" selected");
        }
        b.raw(">").text(l.endonym()).raw("</option>");
    }
    b.raw("</select><fieldset><legend>")
        .text(&tr.t("admin-enabled-locales"))
        .raw("</legend>");
    let enabled: Vec<&str> = st
        .enabled_locales
        .as_deref()
        .map(|e| e.split(',').collect())
        .unwrap_or_else(|| Lang::ALL.iter().map(|l| l.code()).collect());
    for l in Lang::ALL {
        b.fmt(format_args!(
            "<label class=\"check\"><input type=\"checkbox\" name=\"locale_{c}\" value=\"1\"{}> ",
            if enabled.contains(&l.code()) {
                " checked"
            } else {
                ""
            },
            c = l.code()
        ))
        .text(l.endonym())
        .raw("</label>");
    }
    b.raw("</fieldset><label for=\"time_zone\">")
        .text(&tr.t("admin-time-zone"))
        .raw("</label><input id=\"time_zone\" name=\"time_zone\" required value=\"")
        .text(&st.time_zone)
        .raw("\" placeholder=\"Europe/Budapest\"><fieldset><legend>")
        .text(&tr.t("admin-business-hours"))
        .raw("</legend><table class=\"hours\"><tbody>");
    let hours: serde_json::Value = st
        .business_hours
        .as_deref()
        .and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default();
    for d in DAYS {
        let open = hours[d][0].as_str().unwrap_or("");
        let close = hours[d][1].as_str().unwrap_or("");
        b.raw("<tr><th scope=\"row\">")
            .text(&tr.t(&format!("admin-day-{d}")))
            .fmt(format_args!(
                "</th><td><input type=\"time\" name=\"open_{d}\" aria-label=\""
            ))
            .text(&format!(
                "{} {}",
                tr.t(&format!("admin-day-{d}")),
                tr.t("admin-opens")
            ))
            .raw("\" value=\"")
            .text(open)
            .fmt(format_args!(
                "\"></td><td><input type=\"time\" name=\"close_{d}\" aria-label=\""
            ))
            .text(&format!(
                "{} {}",
                tr.t(&format!("admin-day-{d}")),
                tr.t("admin-closes")
            ))
            .raw("\" value=\"")
            .text(close)
            .raw("\"></td></tr>");
    }
    let holidays: Vec<String> = st
        .holidays
        .as_deref()
        .and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default();
    b.raw("</tbody></table></fieldset><label for=\"holidays\">")
        .text(&tr.t("admin-holidays"))
        .raw("</label><textarea id=\"holidays\" name=\"holidays\" rows=\"4\" placeholder=\"2026-12-24\">")
        .text(&holidays.join("\n"))
        .raw("</textarea><h3>")
        .text(&tr.t("admin-branding"))
        .raw("</h3><label for=\"brand_color\">")
        .text(&tr.t("admin-brand-color"))
        .raw("</label><input id=\"brand_color\" name=\"brand_color\" type=\"color\" value=\"")
        .text(d.branding.brand_color.as_deref().unwrap_or("#1d4ed8"))
        .raw("\"><label for=\"support_email\">")
        .text(&tr.t("admin-support-email"))
        .raw("</label><input id=\"support_email\" name=\"support_email\" type=\"email\" value=\"")
        .text(d.branding.support_email.as_deref().unwrap_or(""))
        .raw("\"><label for=\"support_phone\">")
        .text(&tr.t("admin-support-phone"))
        .raw("</label><input id=\"support_phone\" name=\"support_phone\" type=\"tel\" value=\"")
        .text(d.branding.support_phone.as_deref().unwrap_or(""))
        .raw("\"><label for=\"website_url\">")
        .text(&tr.t("admin-website"))
        .raw("</label><input id=\"website_url\" name=\"website_url\" type=\"url\" value=\"")
        .text(d.branding.website_url.as_deref().unwrap_or(""))
        .raw("\"><button type=\"submit\">")
        .text(&tr.t("admin-save"))
        .raw("</button></form><form method=\"post\" action=\"/admin/settings/logo\" enctype=\"multipart/form-data\" class=\"stack\">")
        .raw(&csrf_field(a))
        .raw("<label for=\"logo\">")
        .text(&tr.t("admin-logo"))
        .raw("</label>");
    if d.branding.logo_type.is_some() {
        b.raw("<img class=\"logo-preview\" alt=\"\" src=\"/s/")
            .text(&a.shop.slug)
            .fmt(format_args!("/logo?v={}\">", d.branding.updated_at));
    }
    b.raw("<input id=\"logo\" name=\"logo\" type=\"file\" accept=\"image/png,image/jpeg,image/webp,image/svg+xml\"><button type=\"submit\" class=\"secondary\">")
        .text(&tr.t("admin-upload"))
        .raw("</button></form></section>");
    // Connecting platforms.
    b.raw("<section class=\"card\"><h2>")
        .text(&tr.t("admin-connect"))
        .raw("</h2><p>")
        .text(&tr.t("admin-connect-intro"))
        .raw("</p><table><thead><tr><th scope=\"col\">")
        .text(&tr.t("admin-source"))
        .raw("</th><th scope=\"col\">")
        .text(&tr.t("admin-webhook-url"))
        .raw("</th><th scope=\"col\">")
        .text(&tr.t("admin-secrets"))
        .raw("</th></tr></thead><tbody>");
    for src in WebhookSource::ALL {
        let url = format!(
            "{}/webhooks/{}/{}",
            s.app.base_url,
            a.shop.slug,
            src.as_str()
        );
        let id = format!("url-{}", src.as_str());
        b.raw("<tr><th scope=\"row\">")
            .text(&tr.t(&format!("admin-source-{}", src.as_str())))
            .raw("</th><td><code id=\"")
            .text(&id)
            .raw("\">")
            .text(&url)
            .raw("</code> <button type=\"button\" class=\"secondary small\" data-copy=\"")
            .text(&id)
            .raw("\">")
            .text(&tr.t("admin-copy"))
            .raw("</button></td><td><ul class=\"plain\">");
        for sec in d.secrets.iter().filter(|x| x.source == src.as_str()) {
            let tail: String = sec
                .secret
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            b.raw("<li>•••• ")
                .text(&tail)
                .raw(" <span class=\"muted\">")
                .text(&when(tr, &a.shop.time_zone, sec.created_at))
                .raw("</span> <form method=\"post\" class=\"inline\" action=\"/admin/settings/secrets/")
                .text(&sec.id)
                .raw("/revoke\">")
                .raw(&csrf_field(a))
                .raw("<button type=\"submit\" class=\"link danger\">")
                .text(&tr.t("admin-revoke"))
                .raw("</button></form></li>");
        }
        b.raw("</ul><form method=\"post\" action=\"/admin/settings/secrets\" class=\"row\">")
            .raw(&csrf_field(a))
            .raw("<input type=\"hidden\" name=\"source\" value=\"")
            .raw(src.as_str())
            .raw("\">");
        if src != WebhookSource::Native {
            b.raw("<input name=\"value\" aria-label=\"")
                .text(&tr.t("admin-secret-paste"))
                .raw("\" placeholder=\"")
                .text(&tr.t("admin-secret-paste"))
                .raw("\" autocomplete=\"off\">");
        }
        b.raw("<button type=\"submit\" class=\"secondary small\">")
            .text(&tr.t(if src == WebhookSource::Native {
                "admin-secret-new"
            } else {
                "admin-secret-add"
            }))
            .raw("</button></form></td></tr>");
    }
    b.raw("</tbody></table><p class=\"muted\">")
        .text(&tr.t("admin-rotate-note"))
        .raw("</p></section>");
    // API keys.
    b.raw("<section class=\"card\"><h2>")
        .text(&tr.t("admin-api-keys"))
        .raw("</h2><table><thead><tr><th scope=\"col\">")
        .text(&tr.t("admin-key-name"))
        .raw("</th><th scope=\"col\">")
        .text(&tr.t("admin-col-created"))
        .raw("</th><th scope=\"col\">")
        .text(&tr.t("admin-col-last-used"))
        .raw("</th><th></th></tr></thead><tbody>");
    for k in d.keys.iter().filter(|k| k.revoked_at.is_none()) {
        b.raw("<tr><td>")
            .text(&k.name)
            .raw(" <code>")
            .text(&k.prefix)
            .raw("…</code></td><td>")
            .text(&when(tr, &a.shop.time_zone, k.created_at))
            .raw("</td><td>")
            .text(
                &k.last_used_at
                    .map(|t| when(tr, &a.shop.time_zone, t))
                    .unwrap_or_else(|| "—".into()),
            )
            .raw("</td><td><form method=\"post\" action=\"/admin/settings/keys/")
            .text(&k.id)
            .raw("/revoke\">")
            .raw(&csrf_field(a))
            .raw("<button type=\"submit\" class=\"link danger\">")
            .text(&tr.t("admin-revoke"))
            .raw("</button></form></td></tr>");
    }
    b.raw("</tbody></table><form method=\"post\" action=\"/admin/settings/keys\" class=\"row\">")
        .raw(&csrf_field(a))
        .raw("<label class=\"sr\" for=\"key-name\">")
        .text(&tr.t("admin-key-name"))
        .raw("</label><input id=\"key-name\" name=\"name\" required maxlength=\"100\" placeholder=\"")
        .text(&tr.t("admin-key-name"))
        .raw("\"><button type=\"submit\" class=\"secondary\">")
        .text(&tr.t("admin-key-new"))
        .raw("</button></form></section>");
    // Collect-by defaults.
    b.raw("<section class=\"card\"><h2>")
        .text(&tr.t("admin-collect-by-defaults"))
        .raw("</h2><p class=\"muted\">")
        .text(&tr.t("admin-collect-by-intro"))
        .raw("</p><form method=\"post\" action=\"/admin/settings/carriers\" class=\"stack\">")
        .raw(&csrf_field(a))
        .raw("<table><thead><tr><th scope=\"col\">")
        .text(&tr.t("admin-col-carrier"))
        .raw("</th><th scope=\"col\">")
        .text(&tr.t("admin-hours"))
        .raw("</th></tr></thead><tbody>");
    for (i, (carrier, hours)) in d
        .carriers
        .iter()
        .map(|(c, h)| (c.as_str(), Some(*h)))
        .chain([("", None)])
        .enumerate()
    {
        b.fmt(format_args!("<tr><td><input name=\"carrier_{i}\" aria-label=\""))
            .text(&tr.t("admin-col-carrier"))
            .raw("\" value=\"")
            .text(carrier)
            .fmt(format_args!("\"></td><td><input name=\"hours_{i}\" type=\"number\" min=\"1\" max=\"1440\" aria-label=\""))
            .text(&tr.t("admin-hours"))
            .raw("\" value=\"")
            .text(&hours.map(|h| h.to_string()).unwrap_or_default())
            .raw("\"></td></tr>");
    }
    b.raw("</tbody></table><button type=\"submit\" class=\"secondary\">")
        .text(&tr.t("admin-save"))
        .raw("</button></form></section>");
    layout(a, tr, &tr.t("admin-nav-settings"), Nav::Settings, &b.0)
}

async fn render(
    s: &AppState,
    a: &Admin,
    headers: &HeaderMap,
    status: StatusCode,
    errs: &FieldErrors,
    note: Option<&str>,
    shown: Option<Shown<'_>>,
) -> Response {
    let tr = Tr::new(admin_lang(a, headers));
    match load(s, a).await {
        Ok(d) => html(status, page_html(s, a, tr, &d, errs, note, shown)),
        Err(e) => crate::buyer::server_error(headers, &e),
    }
}

/// The settings page with a new key or secret on it: shown this once, never again.
async fn show_once(
    s: &AppState,
    a: &Admin,
    headers: &HeaderMap,
    what_key: &str,
    value: &str,
) -> Response {
    let what = Tr::new(admin_lang(a, headers)).t(what_key);
    let shown = Shown { what: &what, value };
    render(
        s,
        a,
        headers,
        StatusCode::CREATED,
        &FieldErrors::default(),
        None,
        Some(shown),
    )
    .await
}

#[derive(Debug, Deserialize, Default)]
pub struct SettingsQuery {
    saved: Option<String>,
}

/// `GET /admin/settings`.
pub async fn page(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Query(q): Query<SettingsQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let note = q.saved.is_some().then(|| tr.t("admin-saved").into_owned());
    render(
        &s,
        &a,
        &headers,
        StatusCode::OK,
        &FieldErrors::default(),
        note.as_deref(),
        None,
    )
    .await
}

fn hhmm(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && v[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && v[3..].parse::<u8>().is_ok_and(|m| m < 60)
}

/// `POST /admin/settings`: the shop and its branding, all or nothing.
pub async fn save(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    peer: Peer,
    headers: HeaderMap,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| {
        f.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut errs = FieldErrors::default();
    let name = get("name");
    if name.is_empty() || name.chars().count() > 200 {
        errs.push("name", "required", "1 to 200 characters");
    }
    let default_locale = get("default_locale");
    if Lang::parse(&default_locale).is_none_or(|l| l.code() != default_locale) {
        errs.push(
            "default_locale",
            "unsupported_locale",
            "one of en, hu, fi, pl, tr",
        );
    }
    let enabled: Vec<&str> = Lang::ALL
        .iter()
        .map(|l| l.code())
        .filter(|c| get(&format!("locale_{c}")) == "1")
        .collect();
    if enabled.is_empty() {
        errs.push("enabled_locales", "required", "at least one language");
    } else if !enabled.contains(&default_locale.as_str()) {
        errs.push(
            "enabled_locales",
            "default_disabled",
            "the default language must be one of the enabled ones",
        );
    }
    let time_zone = get("time_zone");
    if jiff::tz::TimeZone::get(&time_zone).is_err() {
        errs.push(
            "time_zone",
            "invalid_time_zone",
            "an IANA time zone such as Europe/Budapest",
        );
    }
    let mut hours = serde_json::Map::new();
    for d in DAYS {
        let (open, close) = (get(&format!("open_{d}")), get(&format!("close_{d}")));
        match (open.is_empty(), close.is_empty()) {
            (true, true) => {}
            (false, false) if hhmm(&open) && hhmm(&close) && open < close => {
                hours.insert(d.into(), serde_json::json!([open, close]));
            }
            _ => errs.push(
                format!("business_hours.{d}"),
                "invalid_hours",
                "opening and closing time (HH:MM), opening first",
            ),
        }
    }
    let mut holidays = Vec::new();
    for line in get("holidays")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        match line.parse::<jiff::civil::Date>() {
            Ok(d) => holidays.push(d.to_string()),
            Err(_) => errs.push(
                "holidays",
                "invalid_date",
                format!("{line}: a date as YYYY-MM-DD"),
            ),
        }
    }
    holidays.sort();
    holidays.dedup();
    let opt = |v: String| Some((!v.is_empty()).then_some(v));
    let change = aftercare_app::accounts::BrandingChange {
        brand_color: opt(get("brand_color")),
        support_email: opt(get("support_email")),
        support_phone: opt(get("support_phone")),
        website_url: opt(get("website_url")),
        logo: None,
    };
    // The branding is checked once the rest of the form is valid.
    let branding = if errs.0.is_empty() {
        match aftercare_app::accounts::check_branding(&change) {
            Ok(b) => Some(b),
            Err(AppError::Validation(e)) => {
                errs = e;
                None
            }
            Err(e) => return crate::buyer::server_error(&headers, &e),
        }
    } else {
        None
    };
    let Some(branding) = branding else {
        return render(
            &s,
            &a,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            &errs,
            None,
            None,
        )
        .await;
    };
    let new = shops::Settings {
        name,
        default_locale,
        time_zone,
        enabled_locales: (enabled.len() < Lang::ALL.len()).then(|| enabled.join(",")),
        business_hours: (!hours.is_empty()).then(|| serde_json::Value::Object(hours).to_string()),
        holidays: (!holidays.is_empty()).then(|| serde_json::json!(holidays).to_string()),
    };
    let (sid, a2, ip) = (a.shop.id.clone(), a.clone(), peer_ip(&peer));
    let saved = s
        .app
        .db
        .write_async(move |c| {
            let now = now_millis();
            aftercare_app::accounts::apply_branding(c, &sid, &branding, now)?;
            let old = shops::settings(c, &sid)?;
            shops::set_settings(c, &sid, &new, now)?;
            let detail = serde_json::json!({
                "name": new.name, "default_locale": new.default_locale, "time_zone": new.time_zone,
                "enabled_locales": new.enabled_locales, "business_hours": new.business_hours, "holidays": new.holidays,
                "before": old.map(|o| serde_json::json!({"name": o.name, "default_locale": o.default_locale, "time_zone": o.time_zone})),
            });
            acc::audit_by(
                    c,
                    &a2,
                    "settings.update", None, Some(&detail.to_string()), ip.as_deref())?;
            Ok::<_, AppError>(())
        })
        .await;
    match saved {
        Ok(()) => see_other("/admin/settings?saved=1"),
        Err(e) => crate::buyer::server_error(&headers, &e),
    }
}

/// The file of a multipart form field: (its media type, its bytes).
fn multipart_file(content_type: &str, body: &[u8], field: &str) -> Option<(String, Vec<u8>)> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    let delim = format!("--{boundary}");
    let mut rest = body;
    while let Some(start) = find(rest, delim.as_bytes()) {
        rest = &rest[start + delim.len()..];
        let Some(head_end) = find(rest, b"\r\n\r\n") else {
            break;
        };
        let head = String::from_utf8_lossy(&rest[..head_end]).to_string();
        let data_start = head_end + 4;
        let end = find(&rest[data_start..], format!("\r\n{delim}").as_bytes())?;
        let data = &rest[data_start..data_start + end];
        if head.contains(&format!("name=\"{field}\"")) {
            let media = head
                .lines()
                .find_map(|l| {
                    l.strip_prefix("Content-Type:")
                        .or_else(|| l.strip_prefix("content-type:"))
                })
                .map(|v| v.trim().to_string())
                .unwrap_or_default();
            return Some((media, data.to_vec()));
        }
        rest = &rest[data_start + end..];
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `POST /admin/settings/logo` (multipart): PNG, JPEG, WebP or SVG, at most 256 KiB.
pub async fn logo(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    peer: Peer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    use base64::Engine;
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut errs = FieldErrors::default();
    let Some((media, data)) = multipart_file(ct, &body, "logo").filter(|(_, d)| !d.is_empty())
    else {
        errs.push("logo", "required", "choose a picture file");
        return render(
            &s,
            &a,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            &errs,
            None,
            None,
        )
        .await;
    };
    let change = aftercare_app::accounts::BrandingChange {
        logo: Some(Some(format!(
            "data:{media};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&data)
        ))),
        ..Default::default()
    };
    let detail = serde_json::json!({"type": media, "bytes": data.len()}).to_string();
    let (a2, ip) = (a.clone(), peer_ip(&peer));
    let saved = match aftercare_app::accounts::check_branding(&change) {
        Ok(checked) => {
            s.app
                .db
                .write_async(move |c| {
                    aftercare_app::accounts::apply_branding(
                        c,
                        &a2.shop.id,
                        &checked,
                        now_millis(),
                    )?;
                    acc::audit_by(c, &a2, "settings.logo", None, Some(&detail), ip.as_deref())?;
                    Ok::<_, AppError>(())
                })
                .await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(()) => see_other("/admin/settings?saved=1"),
        Err(AppError::Validation(errs)) => {
            render(
                &s,
                &a,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                &errs,
                None,
                None,
            )
            .await
        }
        Err(e) => crate::buyer::server_error(&headers, &e),
    }
}

/// `POST /admin/settings/carriers`: collect-by hours per carrier (rows left empty are ignored).
pub async fn carriers(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    peer: Peer,
    headers: HeaderMap,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let mut errs = FieldErrors::default();
    let mut rows = Vec::new();
    for (k, v) in &f {
        let Some(i) = k.strip_prefix("carrier_") else {
            continue;
        };
        let carrier = v.trim();
        if carrier.is_empty() {
            continue;
        }
        let hours = f
            .iter()
            .find(|(n, _)| *n == format!("hours_{i}"))
            .map(|(_, h)| h.trim())
            .unwrap_or("");
        match hours.parse::<i64>() {
            Ok(h) if (1..=1440).contains(&h) => {
                rows.push((aftercare_domain::sources::carrier_slug(carrier), h))
            }
            _ => errs.push(
                format!("carriers.{carrier}"),
                "out_of_range",
                "hours between 1 and 1440",
            ),
        }
    }
    if !errs.0.is_empty() {
        return render(
            &s,
            &a,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            &errs,
            None,
            None,
        )
        .await;
    }
    let (sid, a2, ip) = (a.shop.id.clone(), a.clone(), peer_ip(&peer));
    let done = s
        .app
        .db
        .write_async(move |c| {
            for (carrier, h) in &rows {
                shops::set_carrier_setting(c, &sid, carrier, *h)?;
            }
            let detail = serde_json::json!(
                rows.iter()
                    .map(|(c, h)| serde_json::json!({"carrier": c, "collect_by_hours": h}))
                    .collect::<Vec<_>>()
            );
            acc::audit_by(
                c,
                &a2,
                "settings.carriers",
                None,
                Some(&detail.to_string()),
                ip.as_deref(),
            )
        })
        .await;
    match done {
        Ok(()) => see_other("/admin/settings?saved=1"),
        Err(e) => crate::buyer::server_error(&headers, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct KeyForm {
    #[serde(default)]
    name: String,
}

/// `POST /admin/settings/keys`: a new API key, shown once.
pub async fn create_key(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    peer: Peer,
    headers: HeaderMap,
    Form(f): Form<KeyForm>,
) -> Response {
    let name = f.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        let mut errs = FieldErrors::default();
        errs.push("name", "required", "1 to 100 characters");
        return render(
            &s,
            &a,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            &errs,
            None,
            None,
        )
        .await;
    }
    let (sid, a2, ip) = (a.shop.id.clone(), a.clone(), peer_ip(&peer));
    let made = s
        .app
        .db
        .write_async(move |c| {
            let (key, row) = aftercare_app::accounts::insert_api_key(c, &sid, &name)?;
            acc::audit_by(
                c,
                &a2,
                "api_key.create",
                Some(&row.prefix),
                Some(&serde_json::json!({"name": name}).to_string()),
                ip.as_deref(),
            )?;
            Ok::<_, StoreError>(key)
        })
        .await;
    match made {
        Ok(key) => show_once(&s, &a, &headers, "admin-api-key", &key).await,
        Err(e) => crate::buyer::server_error(&headers, &e),
    }
}

/// `POST /admin/settings/keys/{id}/revoke`.
pub async fn revoke_key(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path(id): Path<String>,
    peer: Peer,
    headers: HeaderMap,
) -> Response {
    revoke(
        &s,
        &a,
        id,
        peer_ip(&peer),
        &headers,
        "api_key.revoke",
        keys::revoke_api_key,
    )
    .await
}

/// Revokes a key or a secret of the shop (and says so in the audit log), then back to settings.
async fn revoke(
    s: &AppState,
    a: &Admin,
    id: String,
    ip: Option<String>,
    headers: &HeaderMap,
    action: &'static str,
    revoke: fn(&mut dyn aftercare_store::Conn, &str, &str, i64) -> Result<bool, StoreError>,
) -> Response {
    let a2 = a.clone();
    let done = s
        .app
        .db
        .write_async(move |c| {
            let ok = revoke(c, &a2.shop.id, &id, now_millis())?;
            if ok {
                acc::audit_by(c, &a2, action, Some(&id), None, ip.as_deref())?;
            }
            Ok::<_, StoreError>(ok)
        })
        .await;
    s.secrets.clear();
    match done {
        Ok(_) => see_other("/admin/settings?saved=1"),
        Err(e) => crate::buyer::server_error(headers, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct SecretForm {
    #[serde(default)]
    source: String,
    #[serde(default)]
    value: String,
}

/// `POST /admin/settings/secrets`: the secret a platform shows (Shopify, WooCommerce, AfterShip),
/// or a new one of ours for native events (shown once). Several may be active: rotation without a gap.
pub async fn create_secret(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    peer: Peer,
    headers: HeaderMap,
    Form(f): Form<SecretForm>,
) -> Response {
    let mut errs = FieldErrors::default();
    let Some(source) = WebhookSource::parse(&f.source) else {
        errs.push(
            "source",
            "invalid_source",
            "native, shopify, woocommerce or aftership",
        );
        return render(
            &s,
            &a,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            &errs,
            None,
            None,
        )
        .await;
    };
    let value = f.value.trim().to_string();
    let value = match source {
        WebhookSource::Native if value.is_empty() => aftercare_app::accounts::new_webhook_secret(),
        _ if (8..=512).contains(&value.len()) => value,
        _ => {
            errs.push(
                "value",
                "invalid_secret",
                "paste the secret the platform shows (8 to 512 characters)",
            );
            return render(
                &s,
                &a,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                &errs,
                None,
                None,
            )
            .await;
        }
    };
    let (sid, a2, ip, v2) = (a.shop.id.clone(), a.clone(), peer_ip(&peer), value.clone());
    let done = s
        .app
        .db
        .write_async(move |c| {
            let id = aftercare_app::accounts::insert_webhook_secret(c, &sid, source, &v2)?;
            acc::audit_by(
                c,
                &a2,
                "webhook_secret.create",
                Some(&id),
                Some(&serde_json::json!({"source": source.as_str()}).to_string()),
                ip.as_deref(),
            )
        })
        .await;
    s.secrets.clear();
    match done {
        Ok(()) if source == WebhookSource::Native => {
            show_once(&s, &a, &headers, "admin-webhook-secret", &value).await
        }
        Ok(()) => see_other("/admin/settings?saved=1"),
        Err(e) => crate::buyer::server_error(&headers, &e),
    }
}

/// `POST /admin/settings/secrets/{id}/revoke`.
pub async fn revoke_secret(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path(id): Path<String>,
    peer: Peer,
    headers: HeaderMap,
) -> Response {
    revoke(
        &s,
        &a,
        id,
        peer_ip(&peer),
        &headers,
        "webhook_secret.revoke",
        keys::revoke_webhook_secret,
    )
    .await
}

fn role_label(tr: Tr, r: &str) -> String {
    tr.t(&format!("admin-role-{r}")).into_owned()
}

async fn users_page(
    s: &AppState,
    a: &Admin,
    headers: &HeaderMap,
    status: StatusCode,
    errs: &FieldErrors,
    note: Option<&str>,
) -> Response {
    let tr = Tr::new(admin_lang(a, headers));
    let sid = a.shop.id.clone();
    let data = s
        .app
        .db
        .read_async(move |c| {
            Ok::<_, StoreError>((
                users::members(c, &sid)?,
                sessions::open_invites(c, &sid, now_millis())?,
            ))
        })
        .await;
    let (members, invites) = match data {
        Ok(d) => d,
        Err(e) => return crate::buyer::server_error(headers, &e),
    };
    let mut b = Html::with_capacity(8192);
    if let Some(n) = note {
        b.raw("<p class=\"note\" role=\"status\">")
            .text(n)
            .raw("</p>");
    }
    errors(&mut b, tr, errs);
    b.raw("<section class=\"card\"><table><thead><tr><th scope=\"col\">")
        .text(&tr.t("admin-email"))
        .raw("</th><th scope=\"col\">")
        .text(&tr.t("admin-role"))
        .raw("</th><th></th></tr></thead><tbody>");
    for (uid, email, role) in &members {
        b.raw("<tr><td>")
            .text(email)
            .raw("</td><td><form method=\"post\" class=\"row\" action=\"/admin/users/")
            .text(uid)
            .raw("/role\">")
            .raw(&csrf_field(a))
            .raw("<label class=\"sr\" for=\"role-")
            .text(uid)
            .raw("\">")
            .text(&tr.t("admin-role"))
            .raw("</label><select id=\"role-")
            .text(uid)
            .raw("\" name=\"role\">");
        for r in ["owner", "agent", "analyst"] {
            b.raw("<option value=\"").raw(r).raw("\"");
            if r == role {
                b.raw(" selected");
            }
            b.raw(">").text(&role_label(tr, r)).raw("</option>");
        }
        b.raw("</select><button type=\"submit\" class=\"secondary small\">")
            .text(&tr.t("admin-save"))
            .raw("</button></form></td><td>");
        if *uid != a.user_id {
            b.raw("<form method=\"post\" action=\"/admin/users/")
                .text(uid)
                .raw("/remove\">")
                .raw(&csrf_field(a))
                .raw("<button type=\"submit\" class=\"link danger\">")
                .text(&tr.t("admin-remove"))
                .raw("</button></form>");
        }
        b.raw("</td></tr>");
    }
    b.raw("</tbody></table></section><section class=\"card\"><h2>")
        .text(&tr.t("admin-invite"))
        .raw("</h2><form method=\"post\" action=\"/admin/users/invite\" class=\"row\">")
        .raw(&csrf_field(a))
        .raw("<label for=\"invite-email\">")
        .text(&tr.t("admin-email"))
        .raw("</label><input id=\"invite-email\" name=\"email\" type=\"email\" required><label for=\"invite-role\">")
        .text(&tr.t("admin-role"))
        .raw("</label><select id=\"invite-role\" name=\"role\">");
    for r in ["agent", "analyst", "owner"] {
        b.raw("<option value=\"")
            .raw(r)
            .raw("\">")
            .text(&role_label(tr, r))
            .raw("</option>");
    }
    b.raw("</select><button type=\"submit\">")
        .text(&tr.t("admin-invite-send"))
        .raw("</button></form><p class=\"muted\">")
        .text(&tr.t("admin-roles-explained"))
        .raw("</p>");
    if !invites.is_empty() {
        b.raw("<h3>")
            .text(&tr.t("admin-open-invites"))
            .raw("</h3><ul>");
        for i in &invites {
            b.raw("<li>")
                .text(&i.email)
                .raw(" — ")
                .text(&role_label(tr, i.role.as_deref().unwrap_or("agent")))
                .raw(" <span class=\"muted\">")
                .text(&when(tr, &a.shop.time_zone, i.expires_at))
                .raw("</span></li>");
        }
        b.raw("</ul>");
    }
    b.raw("</section>");
    html(
        status,
        layout(a, tr, &tr.t("admin-nav-users"), Nav::Users, &b.0),
    )
}

#[derive(Debug, Deserialize, Default)]
pub struct UsersQuery {
    done: Option<String>,
}

/// `GET /admin/users`.
pub async fn users(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Query(q): Query<UsersQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let note = match q.done.as_deref() {
        Some("invited") => Some(tr.t("admin-invited").into_owned()),
        Some(_) => Some(tr.t("admin-saved").into_owned()),
        None => None,
    };
    users_page(
        &s,
        &a,
        &headers,
        StatusCode::OK,
        &FieldErrors::default(),
        note.as_deref(),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

/// `POST /admin/users/invite`.
pub async fn invite(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    peer: Peer,
    headers: HeaderMap,
    Form(f): Form<InviteForm>,
) -> Response {
    let Some(role) = Role::parse(&f.role) else {
        let mut errs = FieldErrors::default();
        errs.push("role", "invalid_role", "owner, agent or analyst");
        return users_page(
            &s,
            &a,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            &errs,
            None,
        )
        .await;
    };
    match acc::invite(&s.app, &a, &f.email, role, peer_ip(&peer)).await {
        Ok(()) => see_other("/admin/users?done=invited"),
        Err(AppError::Validation(errs)) => {
            users_page(
                &s,
                &a,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                &errs,
                None,
            )
            .await
        }
        Err(e) => crate::buyer::server_error(&headers, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

/// `POST /admin/users/{id}/role`.
pub async fn set_role(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path(id): Path<String>,
    peer: Peer,
    headers: HeaderMap,
    Form(f): Form<RoleForm>,
) -> Response {
    let Some(role) = Role::parse(&f.role) else {
        let mut errs = FieldErrors::default();
        errs.push("role", "invalid_role", "owner, agent or analyst");
        return users_page(
            &s,
            &a,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            &errs,
            None,
        )
        .await;
    };
    member_change(&s, &a, &id, Some(role), peer_ip(&peer), &headers).await
}

/// `POST /admin/users/{id}/remove`.
pub async fn remove_user(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path(id): Path<String>,
    peer: Peer,
    headers: HeaderMap,
) -> Response {
    member_change(&s, &a, &id, None, peer_ip(&peer), &headers).await
}

async fn member_change(
    s: &AppState,
    a: &Admin,
    id: &str,
    role: Option<Role>,
    ip: Option<String>,
    headers: &HeaderMap,
) -> Response {
    match acc::set_member(&s.app, a, id, role, ip).await {
        Ok(()) => see_other("/admin/users?done=saved"),
        Err(AppError::Validation(errs)) => {
            users_page(s, a, headers, StatusCode::UNPROCESSABLE_ENTITY, &errs, None).await
        }
        Err(AppError::NotFound(_)) => super::message_page(
            StatusCode::NOT_FOUND,
            Tr::new(admin_lang(a, headers)),
            "admin-not-found-title",
            "admin-not-found",
        ),
        Err(e) => crate::buyer::server_error(headers, &e),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    before: Option<String>,
}

/// `GET /admin/audit`: newest first, 100 a page.
pub async fn audit(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Query(q): Query<AuditQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let before = q.before.as_deref().and_then(|b| {
        let (at, id) = b.split_once('_')?;
        Some((at.parse::<i64>().ok()?, id.to_string()))
    });
    let sid = a.shop.id.clone();
    let rows = match s
        .app
        .db
        .read_async(move |c| {
            audit::for_shop(c, &sid, before.as_ref().map(|(t, i)| (*t, i.as_str())), 101)
        })
        .await
    {
        Ok(r) => r,
        Err(e) => return crate::buyer::server_error(&headers, &e),
    };
    let more = rows.len() > 100;
    let mut b = Html::with_capacity(16 * 1024);
    b.raw("<p class=\"muted\">")
        .text(&tr.t("admin-audit-intro"))
        .raw("</p>");
    table_head(
        &mut b,
        tr,
        &[
            "admin-col-when",
            "admin-col-who",
            "admin-col-action",
            "admin-col-target",
            "admin-col-detail",
        ],
    );
    for e in rows.iter().take(100) {
        b.raw("<tr><td>")
            .text(&when(tr, &a.shop.time_zone, e.at))
            .raw("</td><td>")
            .text(&e.actor)
            .raw("<br><span class=\"muted\">")
            .text(e.ip.as_deref().unwrap_or(""))
            .raw("</span></td><td><code>")
            .text(&e.action)
            .raw("</code></td><td>")
            .text(e.target.as_deref().unwrap_or(""))
            .raw("</td><td class=\"detail\">")
            .text(e.detail.as_deref().unwrap_or(""))
            .raw("</td></tr>");
    }
    b.raw("</tbody></table>");
    if more && let Some(last) = rows.get(99) {
        b.raw("<p><a class=\"button secondary\" rel=\"next\" href=\"/admin/audit?before=")
            .fmt(format_args!("{}_{}", last.at, last.id))
            .raw("\">")
            .text(&tr.t("admin-next-page"))
            .raw("</a></p>");
    }
    html(
        StatusCode::OK,
        layout(&a, tr, &tr.t("admin-nav-audit"), Nav::Audit, &b.0),
    )
}
