//! Keeps a shipment's delivery estimate and its "trending late" flag current.

use crate::tracking::Ctx;
use aftercare_domain::ShipmentTag;
use aftercare_domain::estimate::{Calendar, EstimateInput, Sample, estimate};
use aftercare_domain::time::Millis;
use aftercare_store::repo::shipments::{self, Shipment};
use aftercare_store::{Conn, StoreError};
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Every few minutes: flags the parcels that went past their window without a word.
pub const LATE_SWEEP_JOB: &str = "shipments.late_sweep";

/// How many past deliveries an estimate looks at.
const HISTORY: i64 = 200;

fn tz(ctx: &Ctx) -> TimeZone {
    TimeZone::get(&ctx.shop.time_zone).unwrap_or(TimeZone::UTC)
}

fn date_of(tz: &TimeZone, ms: Millis) -> Date {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned(tz.clone()).date())
        .unwrap_or_default()
}

fn start_of(tz: &TimeZone, day: Date) -> Millis {
    day.to_zoned(tz.clone())
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or_default()
}

/// Recomputes the estimate when `recompute` (the parcel was created, shipped or got a carrier
/// date), and in any case the trending-late flag and the learned transit time of a delivered parcel.
pub fn refresh(
    c: &mut dyn Conn,
    ctx: &Ctx,
    s: &mut Shipment,
    recompute: bool,
) -> Result<(), StoreError> {
    refresh_with(ctx, s, recompute, &mut |carrier, country, limit| {
        shipments::transit_history(c, &ctx.shop.id, carrier, country, limit)
    })
}

/// Reads the shop's transit history: `(carrier, destination country, limit)`, newest first.
pub type History<'a> =
    dyn FnMut(&str, Option<&str>, i64) -> Result<Vec<shipments::TransitSample>, StoreError> + 'a;

/// [`refresh`], reading the shop's transit history through `history(carrier, country, limit)`.
pub fn refresh_with(
    ctx: &Ctx,
    s: &mut Shipment,
    recompute: bool,
    history: &mut History<'_>,
) -> Result<(), StoreError> {
    let tz = tz(ctx);
    let tag = ShipmentTag::parse(&s.tag).unwrap_or(ShipmentTag::Pending);
    let mut cal = Calendar::new(s.destination_country.as_deref());
    if tag == ShipmentTag::Delivered {
        if let (None, Some(shipped), Some(delivered)) =
            (s.transit_days, s.shipped_at, s.delivered_at)
        {
            s.transit_days =
                Some(cal.business_days_between(date_of(&tz, shipped), date_of(&tz, delivered)));
        }
        s.trending_late = false;
        return Ok(());
    }
    if recompute || s.estimate_to.is_none() {
        let history: Vec<Sample> = history(&s.carrier, s.destination_country.as_deref(), HISTORY)?
            .into_iter()
            .map(|(service, postcode, transit_days)| Sample {
                service,
                postcode,
                transit_days,
            })
            .collect();
        let e = estimate(
            &mut cal,
            &EstimateInput {
                carrier_service: s.service.as_deref(),
                postcode: s.destination_postcode.as_deref(),
                start: date_of(&tz, s.shipped_at.unwrap_or(ctx.now)),
                not_shipped_yet: s.shipped_at.is_none(),
                history: &history,
                carrier_date: s.carrier_estimate_at.map(|ms| date_of(&tz, ms)),
                rule: ctx.shop.estimate_days,
            },
        );
        let from = start_of(&tz, e.from);
        let to =
            e.to.tomorrow()
                .map(|d| start_of(&tz, d) - 1)
                .unwrap_or(from);
        s.estimate_from = Some(from);
        s.estimate_to = Some(to);
        s.estimate_confidence = Some(e.confidence as i64);
        s.estimate_basis = Some(e.basis.as_str().to_string());
    }
    s.trending_late = s.estimate_to.is_some_and(|to| ctx.now > to);
    Ok(())
}

/// Flags parcels past the end of their window that are not delivered and not flagged yet — the
/// ones that went silent (a parcel with news is re-checked when the news arrives). Installation
/// wide; returns how many were flagged.
pub fn late_sweep(db: &aftercare_store::Db, now: Millis) -> Result<usize, crate::AppError> {
    let mut flagged = 0;
    loop {
        let n = db.write(|c| {
            let due = shipments::due_late(c, now, 500)?;
            let mut shops: std::collections::HashMap<String, Option<aftercare_store::repo::shops::Shop>> = Default::default();
            for mut s in due.iter().cloned() {
                let shop = match shops.entry(s.shop_id.clone()) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(v) => v.insert(aftercare_store::repo::shops::get(c, &s.shop_id)?),
                };
                let Some(shop) = shop.as_ref() else { continue };
                s.trending_late = true;
                s.updated_at = now;
                shipments::save(c, &s)?;
                if let Some(order) = aftercare_store::repo::orders::get(c, &shop.id, &s.order_id)? {
                    crate::webhooks::emit(
                        c,
                        shop,
                        "shipment.trending_late",
                        serde_json::json!({"order_id": order.id, "external_id": order.external_id, "shipment_id": s.id, "estimate_to": s.estimate_to}),
                        None,
                        now,
                    )?;
                }
            }
            Ok::<_, crate::AppError>(due.len())
        })?;
        flagged += n;
        if n < 500 {
            return Ok(flagged);
        }
    }
}
