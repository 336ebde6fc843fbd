//! The tracking page's HTML. Works without JavaScript: every countdown has its text written here;
//! the script only keeps it ticking and swaps in news.

use super::{Chrome, chrome_end, chrome_start};
use crate::html::{Html, json_in_script};
use aftercare_app::buyer::{self, Eta, TrackingPage};
use aftercare_app::i18n::Value as V;
use aftercare_app::i18n::{Lang, Tr};
use aftercare_domain::sources::carrier_name;
use aftercare_domain::time::to_rfc3339;
use aftercare_domain::{DeliveryMethod, OrderStage, ShipmentTag};
use aftercare_store::repo::shipments::Shipment;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde_json::json;

/// How often the browser asks whether anything changed, seconds.
pub const POLL_SECONDS: u32 = 15;

fn zoned(ms: i64, tz: &TimeZone) -> Zoned {
    Timestamp::from_millisecond(ms)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(tz.clone())
}

struct Ctx<'a> {
    tr: Tr,
    tz: TimeZone,
    now: i64,
    today: Zoned,
    page: &'a TrackingPage,
}

impl Ctx<'_> {
    fn t(&self, id: &str) -> std::borrow::Cow<'static, str> {
        self.tr.t(id)
    }
    fn ta(&self, id: &str, args: &[(&str, V<'_>)]) -> String {
        self.tr.t_args(id, args).into_owned()
    }
    /// "today", "tomorrow", "yesterday" or the short date.
    fn day(&self, ms: i64) -> String {
        let z = zoned(ms, &self.tz);
        let d = z.date();
        let today = self.today.date();
        if d == today {
            self.t("today").into_owned()
        } else if today.tomorrow().is_ok_and(|t| t == d) {
            self.t("tomorrow").into_owned()
        } else if today.yesterday().is_ok_and(|y| y == d) {
            self.t("yesterday").into_owned()
        } else {
            self.tr.date_short(&z)
        }
    }
    fn date_time(&self, ms: i64) -> String {
        let z = zoned(ms, &self.tz);
        let day = self.day(ms);
        let time = self.tr.time(&z);
        self.ta("date-time", &[("date", day.into()), ("time", time.into())])
    }
}

/// The whole page. `example` marks the sample page (no live updates).
pub fn render(page: &TrackingPage, lang: Lang, now: i64, example: bool) -> String {
    let tr = Tr::new(lang);
    let (zone_name, tz) = buyer::time_zone(page);
    let today = zoned(now, &tz);
    let cx = Ctx {
        tr,
        tz,
        now,
        today,
        page,
    };
    let token = &page.order.tracking_token;
    let base = format!("/t/{token}");
    let title = cx.ta(
        "page-title",
        &[
            ("number", page.order.order_number.as_str().into()),
            ("shop", page.shop_name.as_str().into()),
        ],
    );
    let mut h = Html::with_capacity(16 * 1024);
    chrome_start(
        &mut h,
        &Chrome {
            tr,
            title: &title,
            shop_name: &page.shop_name,
            shop_slug: &page.shop_slug,
            branding: &page.branding,
            switch_base: &base,
            langs: &buyer::languages(page),
        },
    );
    let version = buyer::version(page);
    h.raw(if page.shipments.len() > 1 {
        "<main id=\"main\" class=\"order multi\""
    } else {
        "<main id=\"main\" class=\"order\""
    });
    if !example {
        h.fmt(format_args!(
            " data-live=\"{base}/live\" data-version=\"{version}\" data-poll=\"{POLL_SECONDS}\""
        ));
    }
    h.raw(">");
    hero(&mut h, &cx);
    let n = page.shipments.len();
    if n == 0 {
        h.raw("<section class=\"card\"><p>")
            .text(&cx.t(if page.order.stage == "cancelled" {
                "next-cancelled"
            } else {
                "not-shipped"
            }))
            .raw("</p></section>");
    }
    // Several parcels sit side by side where the screen is wide enough.
    h.raw(if n > 1 {
        "<div class=\"parcels\">"
    } else {
        "<div>"
    });
    for (i, s) in page.shipments.iter().enumerate() {
        parcel(&mut h, &cx, s, i + 1, n);
    }
    h.raw("</div>");
    items(&mut h, &cx);
    help(&mut h, &cx, &base, lang);
    h.raw("<p class=\"fine\">")
        .text(&cx.ta("times-in", &[("zone", zone_name.as_str().into())]));
    if !example {
        h.raw(" <span class=\"live-note\">")
            .text(&cx.t("live-note"))
            .raw("</span>");
    }
    h.raw("</p></main>");
    script_data(&mut h, &cx);
    json_ld(&mut h, page);
    chrome_end(&mut h, tr, true);
    h.0
}

fn hero(h: &mut Html, cx: &Ctx<'_>) {
    let page = cx.page;
    let stage = buyer::stage(page);
    let placed = cx.tr.date_long(&zoned(page.order.placed_at, &cx.tz));
    h.raw("<section class=\"hero\" aria-labelledby=\"headline\"><p class=\"order-no\">")
        .text(&cx.ta(
            "order-heading",
            &[("number", page.order.order_number.as_str().into())],
        ))
        .raw(" · ")
        .text(&cx.ta("placed-on", &[("date", placed.into())]))
        .raw("</p>");
    h.raw("<h1 id=\"headline\">")
        .text(&cx.t(&format!("headline-{}", stage.as_str())))
        .raw("</h1>");
    progress_bar(h, cx, stage);
    // What happens next: the problem's own explanation, or the stage's.
    let troubled: Vec<&Shipment> = page
        .shipments
        .iter()
        .filter(|s| buyer::problem_key(s).is_some())
        .collect();
    if stage == OrderStage::Problem && !troubled.is_empty() {
        for s in troubled {
            if let Some(key) = buyer::problem_key(s) {
                h.raw("<div class=\"notice problem\" role=\"status\"><p><strong>")
                    .text(&cx.t(key))
                    .raw("</strong></p><p>")
                    .text(&cx.t(&format!("{key}-next")))
                    .raw("</p></div>");
            }
        }
    } else {
        let id = format!("next-{}", stage.as_str());
        if cx.tr.has(&id) {
            h.raw("<p class=\"next\">").text(&cx.t(&id)).raw("</p>");
        }
    }
    // One parcel: its estimate belongs up here, next to the bar.
    if let [s] = page.shipments.as_slice() {
        eta_block(h, cx, s);
    }
    h.raw("</section>");
}

fn progress_bar(h: &mut Html, cx: &Ctx<'_>, stage: OrderStage) {
    let steps = buyer::steps(buyer::pickup_path(cx.page));
    let at = buyer::bar_position(cx.page);
    let off = matches!(stage, OrderStage::Problem | OrderStage::Cancelled);
    let step_name = cx.t(&format!("stage-{}", steps[at].as_str()));
    let label = cx.ta(
        "progress-current",
        &[
            ("step", step_name.as_ref().into()),
            ("n", (at as i64 + 1).into()),
            ("count", (steps.len() as i64).into()),
        ],
    );
    h.fmt(format_args!(
        "<div class=\"progress{}\" role=\"group\" aria-labelledby=\"progress-label\"><p id=\"progress-label\" class=\"sr\">",
        match stage {
            OrderStage::Problem => " is-problem",
            OrderStage::Cancelled => " is-cancelled",
            _ => "",
        }
    ))
    .text(&cx.t("progress-label"))
    .raw(": ")
    .text(&label)
    .raw("</p><ol class=\"bar\">");
    for (i, s) in steps.iter().enumerate() {
        let (class, state) = if i < at || (i == at && i == steps.len() - 1 && !off) {
            ("done", "step-done")
        } else if i == at {
            ("current", "step-current")
        } else {
            ("todo", "step-todo")
        };
        h.fmt(format_args!("<li class=\"{class}\""));
        if i == at {
            h.raw(" aria-current=\"step\"");
        }
        h.raw("><span class=\"dot\" aria-hidden=\"true\"></span><span class=\"name\">")
            .text(&cx.t(&format!("stage-{}", s.as_str())))
            .raw("</span><span class=\"sr\"> (")
            .text(&cx.t(state))
            .raw(")</span></li>");
    }
    h.raw("</ol>");
    if off {
        h.raw("<p class=\"off-bar\">")
            .text(&cx.t(&format!("stage-{}", stage.as_str())))
            .raw("</p>");
    }
    h.raw("</div>");
}

/// The end of a window, pulled back to the previous day when it falls in the small hours.
fn last_moment(to: i64, tz: &TimeZone) -> i64 {
    let z = zoned(to - 1, tz);
    if z.hour() < 6 {
        to - (i64::from(z.hour()) * 60 + i64::from(z.minute()) + 1) * 60_000
    } else {
        to
    }
}

fn countdown(h: &mut Html, kind: &str, until: i64, text: &str) {
    h.fmt(format_args!(
        "<p class=\"countdown\" data-kind=\"{kind}\" data-until=\"{until}\"><span class=\"cd\">"
    ))
    .text(text)
    .raw("</span></p>");
}

fn eta_block(h: &mut Html, cx: &Ctx<'_>, s: &Shipment) {
    match buyer::eta(s, cx.now) {
        Eta::None => {}
        Eta::Unknown => {
            if s.tag == ShipmentTag::Pending.as_str() || s.tag == ShipmentTag::InfoReceived.as_str()
            {
                h.raw("<p class=\"eta muted\">")
                    .text(&cx.t("eta-none"))
                    .raw("</p>");
            }
        }
        Eta::Late { was_due } => {
            let date = cx
                .tr
                .date_short(&zoned(last_moment(was_due, &cx.tz) - 1, &cx.tz));
            h.raw("<div class=\"notice late\" role=\"status\"><p><strong>")
                .text(&cx.t("late-title"))
                .raw("</strong></p><p>")
                .text(&cx.ta("late-body", &[("date", date.into())]))
                .raw("</p></div>");
        }
        Eta::Window {
            from,
            to,
            confidence,
        } => {
            let out_for_delivery = s.tag == ShipmentTag::OutForDelivery.as_str();
            // Windows are whole days where they were computed; seen from a time zone a little
            // east, the last day would spill past midnight. Nobody delivers before six.
            let to = last_moment(to, &cx.tz);
            let zf = zoned(from, &cx.tz);
            let zt = zoned(to - 1, &cx.tz);
            let today = cx.today.date();
            let line = if out_for_delivery || (zf.date() <= today && zt.date() == today) {
                let whole_day = zf.date() != zt.date()
                    || (zf.hour() == 0 && zf.minute() == 0 && zt.hour() == 23);
                if !whole_day && zf.date() == today {
                    cx.ta(
                        "eta-today-between",
                        &[
                            ("from", cx.tr.time(&zf).into()),
                            ("to", cx.tr.time(&zoned(to, &cx.tz)).into()),
                        ],
                    )
                } else {
                    cx.t("eta-today").into_owned()
                }
            } else if zf.date() == zt.date() {
                if today.tomorrow().is_ok_and(|t| t == zf.date()) {
                    cx.t("eta-tomorrow").into_owned()
                } else {
                    cx.ta("eta-day", &[("date", cx.tr.date_short(&zf).into())])
                }
            } else {
                cx.ta(
                    "eta-window",
                    &[
                        ("from", cx.day(from.max(cx.now)).into()),
                        ("to", cx.day(to - 1).into()),
                    ],
                )
            };
            h.raw("<div class=\"eta\"><p class=\"eta-line\"><strong>")
                .text(&line)
                .raw("</strong></p>");
            if from > cx.now && !out_for_delivery {
                let text = cx.ta(
                    "countdown-arrive",
                    &[("duration", cx.tr.duration(from - cx.now).into())],
                );
                countdown(h, "arrive", from, &text);
            }
            if let Some(c) = confidence.filter(|c| *c >= 50) {
                h.raw("<p class=\"muted small\">")
                    .text(&cx.ta("eta-confidence", &[("percent", c.into())]))
                    .raw("</p>");
            }
            h.raw("</div>");
        }
    }
}

fn parcel(h: &mut Html, cx: &Ctx<'_>, s: &Shipment, n: usize, count: usize) {
    let method = DeliveryMethod::parse(&s.delivery_method).unwrap_or(DeliveryMethod::Courier);
    h.fmt(format_args!(
        "<section class=\"card parcel\" aria-labelledby=\"parcel-{n}\"><h2 id=\"parcel-{n}\">"
    ));
    if count > 1 {
        h.text(&cx.ta(
            "parcel-n",
            &[("n", (n as i64).into()), ("count", (count as i64).into())],
        ));
    } else {
        h.text(&cx.t("parcel"));
    }
    h.raw(" <span class=\"method\">")
        .text(&cx.t(&format!("method-{}", method.as_str())))
        .raw("</span></h2><p class=\"facts\"><span>")
        .text(&cx.ta("carrier", &[("carrier", carrier_name(&s.carrier).into())]))
        .raw("</span>");
    if let Some(no) = &s.tracking_number {
        h.raw(" <span><span class=\"muted\">")
            .text(&cx.t("tracking-number"))
            .raw(":</span> <span class=\"mono\">")
            .text(no)
            .raw("</span></span>");
    }
    h.raw("</p>");
    if count > 1 {
        eta_block(h, cx, s);
    }
    parcel_items(h, cx, s);
    if method != DeliveryMethod::Courier {
        pickup(h, cx, s);
    }
    if let Some(url) = s
        .tracking_url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    {
        h.raw("<p><a class=\"ext\" rel=\"noopener noreferrer\" href=\"")
            .text(url)
            .raw("\">")
            .text(&cx.t("carrier-link"))
            .raw("</a></p>");
    }
    // The journey, newest first.
    h.raw("<h3>").text(&cx.t("timeline")).raw("</h3>");
    let events: Vec<_> = cx
        .page
        .events
        .iter()
        .filter(|e| e.shipment_id == s.id)
        .collect();
    if events.is_empty() {
        h.raw("<p class=\"muted\">")
            .text(&cx.t("timeline-empty"))
            .raw("</p>");
    } else {
        h.raw("<ol class=\"timeline\">");
        for (i, e) in events.iter().rev().enumerate() {
            let label = cx.t(&buyer::event_label_id(e, |id| cx.tr.has(id)));
            let problem = ShipmentTag::parse(&e.tag).is_some_and(|t| t.progress().is_none());
            h.fmt(format_args!(
                "<li class=\"{}{}\"><time datetime=\"{}\">",
                if i == 0 { "latest" } else { "past" },
                if problem { " is-problem" } else { "" },
                to_rfc3339(e.occurred_at)
            ))
            .text(&cx.date_time(e.occurred_at))
            .raw("</time> <span class=\"what\">")
            .text(&label)
            .raw("</span>");
            if let Some(loc) = e.location.as_deref().filter(|l| !l.is_empty()) {
                h.raw(" <span class=\"where\">").text(loc).raw("</span>");
            }
            if let Some(msg) = e
                .message
                .as_deref()
                .filter(|m| !m.is_empty() && *m != label)
            {
                h.raw("<span class=\"msg\">").text(msg).raw("</span>");
            }
            h.raw("</li>");
        }
        h.raw("</ol>");
    }
    h.raw("</section>");
}

fn pickup(h: &mut Html, cx: &Ctx<'_>, s: &Shipment) {
    h.raw("<div class=\"pickup\">");
    if s.location_name.is_some() || s.location_address.is_some() {
        h.raw("<h3>").text(&cx.t("pickup-where")).raw("</h3><p>");
        if let Some(name) = &s.location_name {
            h.raw("<strong>").text(name).raw("</strong>");
        }
        if let Some(addr) = &s.location_address {
            h.raw("<br>").text(addr);
        }
        if let Some(id) = &s.location_id {
            h.raw(" <span class=\"muted mono\">")
                .text(id)
                .raw("</span>");
        }
        h.raw("</p>");
    }
    if let Some(hours) = &s.location_hours {
        h.raw("<p><span class=\"muted\">")
            .text(&cx.t("pickup-hours"))
            .raw(":</span> ")
            .text(hours)
            .raw("</p>");
    }
    let waiting = s.tag == ShipmentTag::AvailableForPickup.as_str();
    let collected = s.tag == ShipmentTag::Delivered.as_str();
    match (&s.pickup_code, collected) {
        (Some(code), false) => {
            h.raw("<div class=\"code\"><p class=\"muted\" id=\"code-label-")
                .text(&s.id)
                .raw("\">")
                .text(&cx.t("pickup-code"))
                .raw("</p><p class=\"code-value mono\" aria-labelledby=\"code-label-")
                .text(&s.id)
                .raw("\">")
                .text(code)
                .raw("</p><button type=\"button\" class=\"copy\" hidden data-copy=\"")
                .text(code)
                .raw("\" data-done=\"")
                .text(&cx.t("pickup-copied"))
                .raw("\">")
                .text(&cx.t("pickup-copy"))
                .raw("</button></div>");
        }
        (None, false) => {
            h.raw("<p class=\"muted\">")
                .text(&cx.t("pickup-code-later"))
                .raw("</p>");
        }
        _ => {}
    }
    if let Some(by) = s.collect_by.filter(|_| !collected) {
        if by > cx.now {
            h.raw("<p class=\"collect-by\"><strong>")
                .text(&cx.ta("collect-by", &[("datetime", cx.date_time(by).into())]))
                .raw("</strong></p>");
            if waiting {
                let text = cx.ta(
                    "countdown-collect",
                    &[("duration", cx.tr.duration(by - cx.now).into())],
                );
                countdown(h, "collect", by, &text);
            }
        } else if waiting || buyer::problem_key(s) == Some("problem-returning") {
            h.raw("<p class=\"notice late\">")
                .text(&cx.ta("collect-expired", &[("datetime", cx.date_time(by).into())]))
                .raw("</p>");
        }
    }
    h.raw("</div>");
}

fn items(h: &mut Html, cx: &Ctx<'_>) {
    let items = &cx.page.items;
    if items.is_empty() {
        return;
    }
    let count: i64 = items.iter().map(|i| i.quantity).sum();
    h.raw("<section class=\"card items\" aria-labelledby=\"items-h\"><h2 id=\"items-h\">")
        .text(&cx.t("items"))
        .raw(" <span class=\"muted small\">")
        .text(&cx.ta("items-count", &[("count", count.into())]))
        .raw("</span></h2><ul>");
    for it in items {
        h.raw("<li>");
        thumb(
            h,
            it.image_url
                .as_deref()
                .and_then(|u| image_src(u, cx.page, it.position)),
            &it.name,
        );
        h.raw("<span class=\"item-name\">")
            .text(&it.name)
            .raw("</span> <span class=\"qty\">")
            .text(&cx.ta("quantity", &[("n", it.quantity.into())]))
            .raw("</span></li>");
    }
    h.raw("</ul></section>");
}

/// "In this parcel", when the source said what it holds: each line with the order's picture of it.
fn parcel_items(h: &mut Html, cx: &Ctx<'_>, s: &Shipment) {
    let mut lines = cx
        .page
        .parcel_items
        .iter()
        .filter(|i| i.shipment_id == s.id)
        .peekable();
    if lines.peek().is_none() {
        return;
    }
    h.raw("<h3>")
        .text(&cx.t("in-parcel"))
        .raw("</h3><ul class=\"in-parcel\">");
    for it in lines {
        let line = cx.page.items.iter().find(|li| {
            (it.sku.is_some() && li.sku == it.sku) || it.name.as_deref() == Some(li.name.as_str())
        });
        let name = it
            .name
            .as_deref()
            .or(line.map(|l| l.name.as_str()))
            .or(it.sku.as_deref())
            .unwrap_or_default();
        h.raw("<li>");
        thumb(
            h,
            line.and_then(|l| {
                l.image_url
                    .as_deref()
                    .and_then(|u| image_src(u, cx.page, l.position))
            }),
            name,
        );
        h.raw("<span class=\"item-name\">")
            .text(name)
            .raw("</span> <span class=\"qty\">")
            .text(&cx.ta("quantity", &[("n", it.quantity.into())]))
            .raw("</span></li>");
    }
    h.raw("</ul>");
}

/// An item's picture, or its initial where there is none.
fn thumb(h: &mut Html, src: Option<String>, name: &str) {
    match src {
        Some(src) => {
            h.raw("<img src=\"")
                .text(&src)
                .raw("\" alt=\"\" width=\"56\" height=\"56\" loading=\"lazy\">");
        }
        None => {
            let initial: String = name.chars().take(1).collect();
            h.raw("<span class=\"thumb\" aria-hidden=\"true\">")
                .text(&initial)
                .raw("</span>");
        }
    }
}

/// Product images load from this server only: a path of ours as it is, a remote image through
/// the page's own image route (fetched and cached server-side).
fn image_src(url: &str, page: &TrackingPage, position: i64) -> Option<String> {
    if url.starts_with('/') && !url.starts_with("//") {
        Some(url.to_string())
    } else if url.starts_with("https://") || url.starts_with("http://") {
        Some(format!("/t/{}/image/{position}", page.order.tracking_token))
    } else {
        None
    }
}

fn help(h: &mut Html, cx: &Ctx<'_>, base: &str, lang: Lang) {
    h.raw("<section class=\"card help\" aria-labelledby=\"help-h\"><h2 id=\"help-h\">")
        .text(&cx.t("help"))
        .raw("</h2><ul class=\"links\">");
    for (path, id) in [
        ("contact", "help-contact"),
        ("problem", "help-problem"),
        ("return", "help-return"),
    ] {
        h.fmt(format_args!(
            "<li><a href=\"{base}/{path}?lang={}\">",
            lang.code()
        ))
        .text(&cx.t(id))
        .raw("</a></li>");
    }
    h.raw("</ul></section>");
}

/// What the script needs to write the same words as the server: plural forms of the units, the
/// countdown phrases with `{d}` for the duration. The same for every page in a language, so it is
/// built once per language.
fn script_data(h: &mut Html, cx: &Ctx<'_>) {
    static DATA: std::sync::OnceLock<Vec<(Lang, String)>> = std::sync::OnceLock::new();
    let all = DATA.get_or_init(|| {
        Lang::ALL
            .into_iter()
            .map(|lang| (lang, script_data_for(Tr::new(lang))))
            .collect()
    });
    if let Some((_, json)) = all.iter().find(|(l, _)| *l == cx.tr.lang) {
        h.raw("<script type=\"application/json\" id=\"i18n\">")
            .raw(json)
            .raw("</script>");
    }
}

fn script_data_for(tr: Tr) -> String {
    let units = |id: &str| {
        let map: serde_json::Map<String, serde_json::Value> = tr
            .plural_templates(id)
            .into_iter()
            .map(|(c, t)| (c.to_string(), t.into()))
            .collect();
        serde_json::Value::Object(map)
    };
    let phrase = |id: &str| tr.t_args(id, &[("duration", "{d}".into())]).into_owned();
    json_in_script(&json!({
        "lang": tr.lang.code(),
        "day": units("unit-day"),
        "hour": units("unit-hour"),
        "minute": units("unit-minute"),
        "arrive": phrase("countdown-arrive"),
        "collect": phrase("countdown-collect"),
        "soon": tr.t("countdown-soon"),
    }))
}

/// schema.org: the order and each parcel, for mail clients and assistants that read it.
fn json_ld(h: &mut Html, page: &TrackingPage) {
    let status = match buyer::stage(page) {
        OrderStage::Ordered | OrderStage::Preparing => "https://schema.org/OrderProcessing",
        OrderStage::Shipped | OrderStage::OutForDelivery => "https://schema.org/OrderInTransit",
        OrderStage::ReadyForPickup => "https://schema.org/OrderPickupAvailable",
        OrderStage::Delivered | OrderStage::PickedUp => "https://schema.org/OrderDelivered",
        OrderStage::Problem => "https://schema.org/OrderProblem",
        OrderStage::Cancelled => "https://schema.org/OrderCancelled",
    };
    let parcels: Vec<serde_json::Value> = page
        .shipments
        .iter()
        .map(|s| {
            let mut v = json!({
                "@type": "ParcelDelivery",
                "carrier": {"@type": "Organization", "name": carrier_name(&s.carrier)},
                "trackingNumber": s.tracking_number,
                "deliveryStatus": {"@type": "DeliveryEvent", "name": s.tag},
            });
            if let Some(to) = s.estimate_to.filter(|_| s.delivered_at.is_none()) {
                v["expectedArrivalUntil"] = to_rfc3339(to).into();
            }
            if let Some(from) = s.estimate_from.filter(|_| s.delivered_at.is_none()) {
                v["expectedArrivalFrom"] = to_rfc3339(from).into();
            }
            v
        })
        .collect();
    let ld = json!({
        "@context": "https://schema.org",
        "@type": "Order",
        "orderNumber": page.order.order_number,
        "orderStatus": status,
        "orderDate": to_rfc3339(page.order.placed_at),
        "seller": {"@type": "Organization", "name": page.shop_name},
        "orderedItem": page.items.iter().map(|i| json!({
            "@type": "OrderItem",
            "orderQuantity": i.quantity,
            "orderedItem": {"@type": "Product", "name": i.name, "sku": i.sku},
        })).collect::<Vec<_>>(),
        "orderDelivery": parcels,
    });
    h.raw("<script type=\"application/ld+json\">")
        .raw(&json_in_script(&ld))
        .raw("</script>");
}
