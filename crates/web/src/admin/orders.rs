//! The home page (the shop's pulse), the order list with search and filters, and the order page
//! (buyer, items, every parcel's timeline and estimate, what the buyer was told, the raw
//! deliveries behind it).

use super::layout::{layout, table_head, when};
use super::{Me, Nav, admin_lang, html, url_encode};
use crate::AppState;
use crate::html::Html;
use aftercare_app::admin::Admin;
use aftercare_app::i18n::Tr;
use aftercare_domain::Role;
use aftercare_domain::sources::carrier_name;
use aftercare_domain::time::now_millis;
use aftercare_store::StoreError;
use aftercare_store::repo::{customers, dashboard, inbound, messages, orders, shipments};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

const DAY: i64 = 86_400_000;

fn stage_label(tr: Tr, stage: &str) -> String {
    let key = format!("stage-{stage}");
    let t = tr.t(&key);
    if t == key {
        stage.to_string()
    } else {
        t.into_owned()
    }
}

fn tag_label(tr: Tr, tag: &str) -> String {
    let key = format!("tag-{tag}");
    let t = tr.t(&key);
    if t == key {
        tag.to_string()
    } else {
        t.into_owned()
    }
}

fn money(minor: i64, currency: &str) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.abs();
    // Zero-decimal currencies keep their minor unit as the whole amount.
    if matches!(currency, "HUF" | "JPY" | "KRW" | "ISK") {
        return format!("{sign}{m} {currency}");
    }
    format!("{sign}{}.{:02} {currency}", m / 100, m % 100)
}

fn zone_offset_ms(tz: &str) -> i64 {
    jiff::tz::TimeZone::get(tz)
        .ok()
        .map(|z| i64::from(z.to_offset(jiff::Timestamp::now()).seconds()) * 1000)
        .unwrap_or(0)
}

/// The home page's numbers of one shop.
pub struct Pulse {
    stages: Vec<(String, i64)>,
    per_day: Vec<(i64, i64)>,
    late: Vec<dashboard::Attention>,
    late_n: i64,
    problems: Vec<dashboard::Attention>,
    problems_n: i64,
    failed: i64,
}

type PulseMap = std::collections::HashMap<String, (std::time::Instant, std::sync::Arc<Pulse>)>;

/// The home page's numbers per shop, for a minute: counting a month of orders at a million is
/// worth doing once a minute, not on every visit.
#[derive(Default)]
pub struct PulseCache(std::sync::Mutex<PulseMap>);

const PULSE_TTL: std::time::Duration = std::time::Duration::from_secs(60);

async fn pulse(
    s: &AppState,
    shop_id: &str,
    today: i64,
    offset: i64,
) -> Result<std::sync::Arc<Pulse>, StoreError> {
    let cached = s
        .pulse
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(shop_id)
        .filter(|(at, _)| at.elapsed() < PULSE_TTL)
        .map(|(_, p)| p.clone());
    if let Some(p) = cached {
        return Ok(p);
    }
    let now = now_millis();
    let sid = shop_id.to_string();
    let p = s
        .app
        .db
        .read_async(move |c| {
            Ok::<_, StoreError>(Pulse {
                stages: dashboard::stages(c, &sid, now - 30 * DAY)?,
                per_day: dashboard::orders_per_day(c, &sid, today - 13 * DAY, offset)?,
                late: dashboard::trending_late(c, &sid, 8)?,
                late_n: dashboard::count_trending_late(c, &sid)?,
                problems: dashboard::problems(c, &sid, 8)?,
                problems_n: dashboard::count_problems(c, &sid)?,
                failed: dashboard::failed_messages(c, &sid, today)?,
            })
        })
        .await?;
    let p = std::sync::Arc::new(p);
    let mut map = s.pulse.0.lock().unwrap_or_else(|p| p.into_inner());
    map.retain(|_, (at, _)| at.elapsed() < PULSE_TTL);
    map.insert(shop_id.to_string(), (std::time::Instant::now(), p.clone()));
    Ok(p)
}

/// `GET /admin`: shipments by stage, what needs attention, failed messages, orders per day.
pub async fn home(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let now = now_millis();
    let offset = zone_offset_ms(&a.shop.time_zone);
    let today = (now + offset).div_euclid(DAY) * DAY - offset;
    let p = match pulse(&s, &a.shop.id, today, offset).await {
        Ok(p) => p,
        Err(e) => return crate::buyer::server_error(&headers, &e),
    };
    let (stages, per_day, late, late_n, problems, problems_n, failed) = (
        &p.stages,
        &p.per_day,
        &p.late,
        p.late_n,
        &p.problems,
        p.problems_n,
        p.failed,
    );
    let link_orders = a.role != Role::Analyst;
    let mut b = Html::with_capacity(8192);
    b.raw("<div class=\"tiles\">");
    let tile = |b: &mut Html, label: &str, n: i64, href: Option<&str>, alert: bool| {
        b.raw(if alert && n > 0 {
            "<div class=\"tile alert\">"
        } else {
            "<div class=\"tile\">"
        });
        match href {
            Some(h) => {
                b.raw("<a href=\"").text(h).raw("\">");
            }
            None => {
                b.raw("<div>");
            }
        }
        b.fmt(format_args!("<strong>{n}</strong><span>"))
            .text(label)
            .raw(if href.is_some() {
                "</span></a></div>"
            } else {
                "</span></div></div>"
            });
    };
    tile(
        &mut b,
        &tr.t("admin-home-late"),
        late_n,
        link_orders.then_some("/admin/orders?late=1"),
        true,
    );
    tile(&mut b, &tr.t("admin-home-problems"), problems_n, None, true);
    tile(
        &mut b,
        &tr.t("admin-home-failed-today"),
        failed,
        (a.role != Role::Analyst).then_some("/admin/mailbox"),
        true,
    );
    b.raw("</div><div class=\"grid2\"><section class=\"card\"><h2>")
        .text(&tr.t("admin-home-stages"))
        .raw("</h2>");
    bar_chart(
        &mut b,
        &stages
            .iter()
            .map(|(k, n)| (stage_label(tr, k), *n))
            .collect::<Vec<_>>(),
        &tr.t("admin-home-stages"),
    );
    b.raw("</section><section class=\"card\"><h2>")
        .text(&tr.t("admin-home-per-day"))
        .raw("</h2>");
    let days: Vec<(String, i64)> = (0..14)
        .map(|i| {
            let day_start = today - (13 - i) * DAY;
            let key = (day_start + offset).div_euclid(DAY);
            let n = per_day.iter().find(|(d, _)| *d == key).map_or(0, |x| x.1);
            let tz = jiff::tz::TimeZone::get(&a.shop.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
            let label = jiff::Timestamp::from_millisecond(day_start)
                .map(|t| tr.date_short(&t.to_zoned(tz)))
                .unwrap_or_default();
            (label, n)
        })
        .collect();
    column_chart(&mut b, &days, &tr.t("admin-home-per-day"));
    b.raw("</section></div>");
    for (title, rows) in [
        ("admin-home-late", &late),
        ("admin-home-problems", &problems),
    ] {
        b.raw("<section class=\"card\"><h2>")
            .text(&tr.t(title))
            .raw("</h2>");
        if rows.is_empty() {
            b.raw("<p class=\"muted\">")
                .text(&tr.t("admin-home-none"))
                .raw("</p></section>");
            continue;
        }
        b.raw("<table><thead><tr><th scope=\"col\">")
            .text(&tr.t("admin-col-order"))
            .raw("</th><th scope=\"col\">")
            .text(&tr.t("admin-col-carrier"))
            .raw("</th><th scope=\"col\">")
            .text(&tr.t("admin-col-status"))
            .raw("</th><th scope=\"col\">")
            .text(&tr.t("admin-col-updated"))
            .raw("</th></tr></thead><tbody>");
        for (oid, number, carrier, tracking, tag, _, updated) in rows.iter() {
            b.raw("<tr><td>");
            if link_orders {
                b.raw("<a href=\"/admin/orders/")
                    .text(oid)
                    .raw("\">")
                    .text(number)
                    .raw("</a>");
            } else {
                b.text(number);
            }
            b.raw("</td><td>")
                .text(&carrier_name(carrier))
                .raw(" ")
                .text(tracking.as_deref().unwrap_or(""))
                .raw("</td><td>")
                .text(&tag_label(tr, tag))
                .raw("</td><td>")
                .text(&when(tr, &a.shop.time_zone, *updated))
                .raw("</td></tr>");
        }
        b.raw("</tbody></table></section>");
    }
    html(
        StatusCode::OK,
        layout(&a, tr, &tr.t("admin-nav-home"), Nav::Home, &b.0),
    )
}

/// Horizontal bars, server-rendered SVG with the numbers in text as well.
fn bar_chart(b: &mut Html, rows: &[(String, i64)], title: &str) {
    if rows.is_empty() {
        return;
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let h = rows.len() * 28;
    b.fmt(format_args!(
        "<svg class=\"chart\" viewBox=\"0 0 400 {h}\" role=\"img\" aria-labelledby=\"c-bars\"><title id=\"c-bars\">"
    ))
    .text(title)
    .raw("</title>");
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i * 28;
        let w = (*n as f64 / max as f64 * 220.0).max(2.0);
        b.fmt(format_args!("<text x=\"0\" y=\"{}\" class=\"lbl\">", y + 18))
            .text(label)
            .fmt(format_args!(
                "</text><rect x=\"140\" y=\"{}\" width=\"{w:.0}\" height=\"18\" rx=\"3\"/><text x=\"{:.0}\" y=\"{}\" class=\"num\">{n}</text>",
                y + 4,
                146.0 + w,
                y + 18
            ));
    }
    b.raw("</svg>");
}

/// Columns per day.
fn column_chart(b: &mut Html, days: &[(String, i64)], title: &str) {
    let max = days.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    b.raw("<svg class=\"chart\" viewBox=\"0 0 420 160\" role=\"img\" aria-labelledby=\"c-days\"><title id=\"c-days\">")
        .text(title)
        .raw("</title>");
    for (i, (label, n)) in days.iter().enumerate() {
        let x = i * 30;
        let hgt = (*n as f64 / max as f64 * 110.0).max(1.0);
        b.fmt(format_args!(
            "<rect x=\"{}\" y=\"{:.0}\" width=\"22\" height=\"{hgt:.0}\" rx=\"2\"><title>",
            x + 4,
            125.0 - hgt
        ))
        .text(label)
        .fmt(format_args!(": {n}</title></rect>"));
        if i % 3 == 0 || i == days.len() - 1 {
            b.fmt(format_args!(
                "<text x=\"{}\" y=\"150\" class=\"lbl small\">",
                x + 2
            ))
            .text(label.split_whitespace().next().unwrap_or(label))
            .raw("</text>");
        }
    }
    b.raw("</svg>");
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    stage: Option<String>,
    carrier: Option<String>,
    method: Option<String>,
    late: Option<String>,
    from: Option<String>,
    to: Option<String>,
    after: Option<String>,
}

const STAGES: [&str; 9] = [
    "ordered",
    "preparing",
    "shipped",
    "out_for_delivery",
    "ready_for_pickup",
    "delivered",
    "picked_up",
    "cancelled",
    "problem",
];

fn day_start(s: Option<&str>, tz: &str) -> Option<i64> {
    let d: jiff::civil::Date = s?.trim().parse().ok()?;
    let z = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
    d.to_zoned(z).ok().map(|z| z.timestamp().as_millisecond())
}

/// `GET /admin/orders`: newest first, 50 a page (a keyset cursor: as fast on page 1,000 as on 1).
pub async fn list(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Query(q): Query<ListQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let nonempty = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let search = nonempty(&q.q);
    let after = q.after.as_deref().and_then(|c| {
        let (at, id) = c.split_once('_')?;
        Some((at.parse::<i64>().ok()?, id.to_string()))
    });
    let tz = a.shop.time_zone.clone();
    let mut filter = orders::ListFilter {
        stage: nonempty(&q.stage).filter(|s| STAGES.contains(&s.as_str())),
        carrier: nonempty(&q.carrier).map(|c| c.to_lowercase()),
        delivery_method: nonempty(&q.method)
            .filter(|m| matches!(m.as_str(), "courier" | "locker" | "pickup")),
        late: q.late.as_deref() == Some("1"),
        placed_from: day_start(q.from.as_deref(), &tz),
        placed_before: day_start(q.to.as_deref(), &tz).map(|t| t + DAY),
        after,
        limit: 51,
        ..Default::default()
    };
    let sid = a.shop.id.clone();
    let rows = s
        .app
        .db
        .read_async(move |c| -> Result<_, StoreError> {
            if let Some(q) = &search {
                filter.ids = Some(orders::search_ids(c, &sid, q, 200)?);
            }
            // Few candidates: start from them rather than test every order. Late parcels are
            // few (the 5,000 most recently due); a carrier may be (then its orders are the list,
            // else each order's parcels are tested as the list goes).
            let narrow = |ids: &mut Option<Vec<String>>, these: Vec<String>| {
                *ids = Some(match ids.take() {
                    Some(found) => {
                        let these: std::collections::HashSet<String> = these.into_iter().collect();
                        found.into_iter().filter(|id| these.contains(id)).collect()
                    }
                    None => these,
                });
            };
            if filter.late {
                narrow(&mut filter.ids, orders::late_ids(c, &sid, 5000)?);
                filter.late = false;
            }
            if let Some(carrier) = &filter.carrier
                && let Some(of_carrier) = orders::carrier_ids(c, &sid, carrier, 5000)?
            {
                narrow(&mut filter.ids, of_carrier);
                filter.carrier = None;
            }
            let list = orders::list(c, &sid, &filter)?;
            let mut out = Vec::with_capacity(list.len());
            for o in list {
                let cu = match &o.customer_id {
                    Some(id) => customers::get(c, &sid, id)?,
                    None => None,
                };
                out.push((o, cu));
            }
            Ok(out)
        })
        .await;
    let mut rows = match rows {
        Ok(r) => r,
        Err(e) => return crate::buyer::server_error(&headers, &e),
    };
    let more = rows.len() > 50;
    rows.truncate(50);
    let mut b = Html::with_capacity(16 * 1024);
    let val = |v: &Option<String>| v.clone().unwrap_or_default();
    b.raw("<form method=\"get\" action=\"/admin/orders\" class=\"filters\" role=\"search\"><div class=\"field grow\"><label for=\"q\">")
        .text(&tr.t("admin-search"))
        .raw("</label><input id=\"q\" name=\"q\" type=\"search\" autofocus placeholder=\"")
        .text(&tr.t("admin-search-hint"))
        .raw("\" value=\"")
        .text(&val(&q.q))
        .raw("\"></div><div class=\"field\"><label for=\"stage\">")
        .text(&tr.t("admin-col-stage"))
        .raw("</label><select id=\"stage\" name=\"stage\"><option value=\"\">")
        .text(&tr.t("admin-any"))
        .raw("</option>");
    for st in STAGES {
        b.raw("<option value=\"").raw(st).raw("\"");
        if q.stage.as_deref() == Some(st) {
            b.raw(" selected");
        }
        b.raw(">").text(&stage_label(tr, st)).raw("</option>");
    }
    b.raw("</select></div><div class=\"field\"><label for=\"carrier\">")
        .text(&tr.t("admin-col-carrier"))
        .raw("</label><input id=\"carrier\" name=\"carrier\" size=\"10\" value=\"")
        .text(&val(&q.carrier))
        .raw("\"></div><div class=\"field\"><label for=\"method\">")
        .text(&tr.t("admin-col-method"))
        .raw("</label><select id=\"method\" name=\"method\"><option value=\"\">")
        .text(&tr.t("admin-any"))
        .raw("</option>");
    for m in ["courier", "locker", "pickup"] {
        b.raw("<option value=\"").raw(m).raw("\"");
        if q.method.as_deref() == Some(m) {
            b.raw(" selected");
        }
        b.raw(">")
            .text(&tr.t(&format!("method-{m}")))
            .raw("</option>");
    }
    b.raw("</select></div><div class=\"field\"><label for=\"from\">")
        .text(&tr.t("admin-from"))
        .raw("</label><input id=\"from\" name=\"from\" type=\"date\" value=\"")
        .text(&val(&q.from))
        .raw("\"></div><div class=\"field\"><label for=\"to\">")
        .text(&tr.t("admin-to"))
        .raw("</label><input id=\"to\" name=\"to\" type=\"date\" value=\"")
        .text(&val(&q.to))
        .raw("\"></div><div class=\"field check\"><input id=\"late\" name=\"late\" type=\"checkbox\" value=\"1\"");
    if filter_late(&q) {
        b.raw(" checked");
    }
    b.raw("><label for=\"late\">")
        .text(&tr.t("admin-trending-late"))
        .raw("</label></div><button type=\"submit\">")
        .text(&tr.t("admin-search-button"))
        .raw("</button></form>");
    if rows.is_empty() {
        b.raw("<p class=\"muted\" role=\"status\">")
            .text(&tr.t("admin-orders-none"))
            .raw("</p>");
    } else {
        b.raw("<table class=\"orders\"><thead><tr>");
        for col in [
            "admin-col-order",
            "admin-col-placed",
            "admin-col-buyer",
            "admin-col-stage",
            "admin-col-method",
            "admin-col-total",
        ] {
            b.raw("<th scope=\"col\">").text(&tr.t(col)).raw("</th>");
        }
        b.raw("</tr></thead><tbody>");
        for (o, cu) in &rows {
            let name = cu
                .as_ref()
                .map(|c| {
                    [c.first_name.as_deref(), c.last_name.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|n| !n.is_empty());
            b.raw("<tr><td><a href=\"/admin/orders/")
                .text(&o.id)
                .raw("\">")
                .text(&o.order_number)
                .raw("</a></td><td>")
                .text(&when(tr, &a.shop.time_zone, o.placed_at))
                .raw("</td><td>")
                .text(name.as_deref().unwrap_or(""))
                .raw("<br><span class=\"muted\">")
                .text(o.email.as_deref().unwrap_or(""))
                .raw("</span></td><td><span class=\"stage s-")
                .text(&o.stage)
                .raw("\">")
                .text(&stage_label(tr, &o.stage))
                .raw("</span></td><td>")
                .text(
                    &o.delivery_method
                        .as_deref()
                        .map(|m| tr.t(&format!("method-{m}")).into_owned())
                        .unwrap_or_default(),
                )
                .raw("</td><td class=\"num\">")
                .text(&money(o.total_minor, &o.currency))
                .raw("</td></tr>");
        }
        b.raw("</tbody></table>");
        if more && let Some((o, _)) = rows.last() {
            let mut next = String::from("/admin/orders?");
            for (k, v) in [
                ("q", &q.q),
                ("stage", &q.stage),
                ("carrier", &q.carrier),
                ("method", &q.method),
                ("late", &q.late),
                ("from", &q.from),
                ("to", &q.to),
            ] {
                if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                    next.push_str(&format!("{k}={}&", url_encode(v)));
                }
            }
            next.push_str(&format!("after={}_{}", o.placed_at, url_encode(&o.id)));
            b.raw("<p><a class=\"button secondary\" href=\"")
                .text(&next)
                .raw("\" rel=\"next\">")
                .text(&tr.t("admin-next-page"))
                .raw("</a></p>");
        }
    }
    html(
        StatusCode::OK,
        layout(&a, tr, &tr.t("admin-nav-orders"), Nav::Orders, &b.0),
    )
}

fn filter_late(q: &ListQuery) -> bool {
    q.late.as_deref() == Some("1")
}

type OrderData = (
    orders::Order,
    Option<customers::Customer>,
    Vec<orders::Address>,
    Vec<orders::LineItem>,
    Vec<(shipments::Shipment, Vec<shipments::ShipmentEvent>)>,
    Vec<(messages::Message, Vec<(String, Option<String>, i64)>)>,
    Vec<inbound::InboundEvent>,
);

async fn load_order(s: &AppState, a: &Admin, id: String) -> Result<Option<OrderData>, StoreError> {
    let sid = a.shop.id.clone();
    s.app
        .db
        .read_async(move |c| {
            let Some(o) = orders::get(c, &sid, &id)? else {
                return Ok(None);
            };
            let cu = match &o.customer_id {
                Some(cid) => customers::get(c, &sid, cid)?,
                None => None,
            };
            let addresses = orders::addresses(c, &sid, &o.id)?;
            let items = orders::line_items(c, &sid, &o.id)?;
            let mut parcels = Vec::new();
            for sh in shipments::for_order(c, &sid, &o.id)? {
                let ev = shipments::events(c, &sid, &sh.id)?;
                parcels.push((sh, ev));
            }
            let mut msgs = Vec::new();
            for m in messages::for_order(c, &sid, &o.id)? {
                let h = messages::history(c, &m.id)?;
                msgs.push((m, h));
            }
            let raw = inbound::for_order(c, &sid, &o.id, 50)?;
            Ok(Some((o, cu, addresses, items, parcels, msgs, raw)))
        })
        .await
}

/// `GET /admin/orders/{id}`: everything about one order.
pub async fn order(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let (o, cu, addresses, items, parcels, msgs, raw) = match load_order(&s, &a, id).await {
        Ok(Some(d)) => d,
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
    let tz = a.shop.time_zone.as_str();
    let mut b = Html::with_capacity(32 * 1024);
    b.raw("<p class=\"lead\"><span class=\"stage s-")
        .text(&o.stage)
        .raw("\">")
        .text(&stage_label(tr, &o.stage))
        .raw("</span> · ")
        .text(&when(tr, tz, o.placed_at))
        .raw(" · ")
        .text(&money(o.total_minor, &o.currency))
        .raw(" · <a href=\"/t/")
        .text(&o.tracking_token)
        .raw("\" target=\"_blank\" rel=\"noopener\">")
        .text(&tr.t("admin-open-tracking"))
        .raw("</a></p><div class=\"grid2\"><section class=\"card\"><h2>")
        .text(&tr.t("admin-buyer"))
        .raw("</h2><dl class=\"facts\">");
    let fact = |b: &mut Html, k: &str, v: &str| {
        if !v.is_empty() {
            b.raw("<div><dt>")
                .text(k)
                .raw("</dt><dd>")
                .text(v)
                .raw("</dd></div>");
        }
    };
    if let Some(c) = &cu {
        let name = [c.first_name.as_deref(), c.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        fact(&mut b, &tr.t("admin-col-buyer"), &name);
        fact(
            &mut b,
            &tr.t("admin-phone"),
            c.phone.as_deref().unwrap_or(""),
        );
    }
    fact(
        &mut b,
        &tr.t("admin-email"),
        o.email.as_deref().unwrap_or(""),
    );
    fact(
        &mut b,
        &tr.t("admin-language"),
        o.locale.as_deref().unwrap_or(""),
    );
    fact(
        &mut b,
        &tr.t("admin-col-method"),
        &o.delivery_method
            .as_deref()
            .map(|m| tr.t(&format!("method-{m}")).into_owned())
            .unwrap_or_default(),
    );
    fact(&mut b, &tr.t("admin-source"), &o.source);
    fact(&mut b, &tr.t("admin-external-id"), &o.external_id);
    for ad in &addresses {
        let text = [
            ad.name.as_deref(),
            ad.company.as_deref(),
            ad.line1.as_deref(),
            ad.line2.as_deref(),
            ad.postcode.as_deref(),
            ad.city.as_deref(),
            ad.country.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        fact(
            &mut b,
            &tr.t(&format!(
                "admin-address-{}",
                if ad.kind == "billing" {
                    "billing"
                } else {
                    "shipping"
                }
            )),
            &text,
        );
    }
    b.raw("</dl></section><section class=\"card\"><h2>")
        .text(&tr.t("admin-items"))
        .raw("</h2><table><tbody>");
    for it in &items {
        b.raw("<tr><td>")
            .text(&it.name)
            .raw("<br><span class=\"muted\">")
            .text(it.sku.as_deref().unwrap_or(""))
            .fmt(format_args!(
                "</span></td><td class=\"num\">× {}</td><td class=\"num\">",
                it.quantity
            ))
            .text(&money(it.unit_price_minor * it.quantity, &o.currency))
            .raw("</td></tr>");
    }
    b.raw("</tbody></table></section></div><h2>")
        .text(&tr.t("admin-parcels"))
        .raw("</h2>");
    if parcels.is_empty() {
        b.raw("<p class=\"muted\">")
            .text(&tr.t("admin-no-parcels"))
            .raw("</p>");
    }
    for (sh, events) in &parcels {
        b.raw("<section class=\"card parcel\"><h3>")
            .text(&carrier_name(&sh.carrier))
            .raw(" <span class=\"mono\">")
            .text(sh.tracking_number.as_deref().unwrap_or(""))
            .raw("</span> — ")
            .text(&tag_label(tr, &sh.tag));
        if sh.trending_late {
            b.raw(" <span class=\"badge alert\">")
                .text(&tr.t("admin-trending-late"))
                .raw("</span>");
        }
        b.raw("</h3><dl class=\"facts\">");
        fact(
            &mut b,
            &tr.t("admin-col-method"),
            &tr.t(&format!("method-{}", sh.delivery_method)),
        );
        if let (Some(f), Some(t)) = (sh.estimate_from, sh.estimate_to) {
            let zone = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
            let z = |ms: i64| {
                jiff::Timestamp::from_millisecond(ms)
                    .unwrap_or_default()
                    .to_zoned(zone.clone())
            };
            let window = format!("{} – {}", tr.date_short(&z(f)), tr.date_short(&z(t - 1)));
            let conf = sh
                .estimate_confidence
                .map(|c| format!(" ({c}%, {})", sh.estimate_basis.as_deref().unwrap_or("")))
                .unwrap_or_default();
            fact(&mut b, &tr.t("admin-estimate"), &format!("{window}{conf}"));
        }
        fact(
            &mut b,
            &tr.t("admin-place"),
            &[sh.location_name.as_deref(), sh.location_address.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
        );
        fact(
            &mut b,
            &tr.t("pickup-code"),
            sh.pickup_code.as_deref().unwrap_or(""),
        );
        if let Some(cb) = sh.collect_by {
            fact(&mut b, &tr.t("admin-collect-by"), &when(tr, tz, cb));
        }
        b.raw("</dl><ol class=\"timeline\">");
        for e in events.iter().rev() {
            b.raw("<li><time>")
                .text(&when(tr, tz, e.occurred_at))
                .raw("</time> <strong>")
                .text(&tag_label(tr, &e.tag))
                .raw("</strong> ")
                .text(e.message.as_deref().unwrap_or(""))
                .raw(" <span class=\"muted\">")
                .text(e.location.as_deref().unwrap_or(""))
                .raw(" · ")
                .text(&e.source)
                .raw("</span></li>");
        }
        b.raw("</ol></section>");
    }
    b.raw("<h2>").text(&tr.t("admin-messages")).raw("</h2>");
    if msgs.is_empty() {
        b.raw("<p class=\"muted\">")
            .text(&tr.t("admin-no-messages"))
            .raw("</p>");
    } else {
        table_head(
            &mut b,
            tr,
            &[
                "admin-col-when",
                "admin-col-kind",
                "admin-col-channel",
                "admin-col-to",
                "admin-col-state",
            ],
        );
        for (m, history) in &msgs {
            b.raw("<tr><td>")
                .text(&when(tr, tz, m.created_at))
                .raw("</td><td><a href=\"/admin/mailbox/")
                .text(&m.id)
                .raw("\">")
                .text(&m.kind)
                .raw("</a></td><td>")
                .text(&tr.t(if m.channel == "sms" {
                    "admin-sms"
                } else {
                    "admin-email"
                }))
                .raw("</td><td>")
                .text(&m.recipient)
                .raw("</td><td><span class=\"state st-")
                .text(&m.state)
                .raw("\">")
                .text(&m.state)
                .raw("</span>");
            if let Some(e) = &m.error {
                b.raw("<br><span class=\"muted\">").text(e).raw("</span>");
            }
            if history.len() > 1 {
                b.raw("<details><summary>")
                    .text(&tr.t("admin-history"))
                    .raw("</summary><ol>");
                for (st, detail, at) in history {
                    b.raw("<li>").text(&when(tr, tz, *at)).raw(" ").text(st);
                    if let Some(d) = detail {
                        b.raw(" — ").text(d);
                    }
                    b.raw("</li>");
                }
                b.raw("</ol></details>");
            }
            b.raw("</td></tr>");
        }
        b.raw("</tbody></table>");
    }
    b.raw("<h2>").text(&tr.t("admin-raw-events")).raw("</h2>");
    if raw.is_empty() {
        b.raw("<p class=\"muted\">")
            .text(&tr.t("admin-no-raw-events"))
            .raw("</p>");
    }
    for ev in &raw {
        b.raw("<details class=\"raw\"><summary>")
            .text(&when(tr, tz, ev.received_at))
            .raw(" · ")
            .text(&ev.source)
            .raw(" · ")
            .text(&ev.topic)
            .raw(" · ")
            .text(&ev.state);
        if let Some(e) = &ev.error {
            b.raw(" — ").text(e);
        }
        let pretty = serde_json::from_str::<serde_json::Value>(&ev.payload)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| ev.payload.clone());
        b.raw("</summary><pre>")
            .text(&pretty)
            .raw("</pre></details>");
    }
    let title = format!("{} {}", tr.t("admin-col-order"), o.order_number);
    html(StatusCode::OK, layout(&a, tr, &title, Nav::Orders, &b.0))
}
