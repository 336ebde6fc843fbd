//! `bench-estimate`: how accurate the delivery estimate of `aftercare_domain::estimate` is on a
//! shop's history. A seeded, deterministic year of parcels (carriers × destination countries with
//! their own transit times, postal areas, services, delays, a peak season, no delivery on weekends
//! and the destination's public holidays) is replayed in shipping order: each parcel is estimated
//! the way the app does when it ships — from the 200 most recently delivered parcels of the same
//! carrier and destination country, delivered before its ship day — and compared with the day it
//! was really delivered. The naive rule "2–4 business days" is measured on the same parcels.
//! Run it with `bench/estimate.sh`, which builds it in release mode first.

use aftercare_bench::cli::at_least_one;
use aftercare_domain::estimate::{Basis, Calendar, Estimate, EstimateInput, Sample, estimate};
use anyhow::bail;
use clap::Parser;
use jiff::civil::{Date, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::VecDeque;
use std::time::Instant;

/// How many past deliveries an estimate looks at (as `crates/app/src/estimate.rs`).
const HISTORY: usize = 200;
/// The shop's rule in business days.
const RULE: (i64, i64) = (2, 4);
/// The shop ships from here, on this country's business days.
const SHOP_COUNTRY: &str = "HU";
/// Share of parcels sent with the express service (one business day faster).
const EXPRESS_SHARE: f64 = 0.15;
/// In peak season (24 Nov – 23 Dec) volume grows and some parcels take a day longer.
const PEAK_VOLUME: f64 = 1.6;
const PEAK_SLOWER: f64 = 0.35;

/// A transit-time distribution in business days after the ship day: (days, weight).
type Dist = &'static [(i64, f64)];

struct Lane {
    carrier: &'static str,
    share: f64,
    transit: Dist,
}

struct Country {
    code: &'static str,
    share: f64,
    lanes: &'static [Lane],
}

const fn lane(carrier: &'static str, share: f64, transit: Dist) -> Lane {
    Lane {
        carrier,
        share,
        transit,
    }
}

/// Destinations, their carriers and the carriers' standard-service transit times from Budapest.
const COUNTRIES: &[Country] = &[
    Country {
        code: "HU",
        share: 0.55,
        lanes: &[
            lane("mpl", 0.45, &[(1, 0.40), (2, 0.40), (3, 0.15), (4, 0.05)]),
            lane("gls", 0.35, &[(1, 0.80), (2, 0.17), (3, 0.03)]),
            lane("dpd", 0.20, &[(1, 0.75), (2, 0.20), (3, 0.05)]),
        ],
    },
    Country {
        code: "DE",
        share: 0.15,
        lanes: &[
            lane("dhl", 0.45, &[(2, 0.55), (3, 0.35), (4, 0.10)]),
            lane("dpd", 0.35, &[(2, 0.35), (3, 0.45), (4, 0.20)]),
            lane("gls", 0.20, &[(2, 0.30), (3, 0.45), (4, 0.20), (5, 0.05)]),
        ],
    },
    Country {
        code: "PL",
        share: 0.12,
        lanes: &[
            lane("gls", 0.50, &[(2, 0.35), (3, 0.45), (4, 0.15), (5, 0.05)]),
            lane("dpd", 0.35, &[(2, 0.45), (3, 0.40), (4, 0.15)]),
            lane("dhl", 0.15, &[(2, 0.60), (3, 0.35), (4, 0.05)]),
        ],
    },
    Country {
        code: "TR",
        share: 0.10,
        lanes: &[
            lane("dhl", 0.60, &[(3, 0.30), (4, 0.40), (5, 0.20), (6, 0.10)]),
            lane(
                "mpl",
                0.40,
                &[(6, 0.15), (7, 0.25), (8, 0.25), (9, 0.20), (10, 0.15)],
            ),
        ],
    },
    Country {
        code: "FI",
        share: 0.08,
        lanes: &[
            lane("dhl", 0.50, &[(3, 0.40), (4, 0.40), (5, 0.15), (6, 0.05)]),
            lane("gls", 0.30, &[(4, 0.30), (5, 0.40), (6, 0.20), (7, 0.10)]),
            lane(
                "mpl",
                0.20,
                &[(5, 0.20), (6, 0.30), (7, 0.25), (8, 0.15), (9, 0.10)],
            ),
        ],
    },
];

/// Share of a carrier's parcels that are held up for 2–5 extra business days.
fn delay_rate(carrier: &str) -> f64 {
    match carrier {
        "mpl" => 0.09,
        "gls" | "dpd" => 0.06,
        _ => 0.04,
    }
}

/// How accurate the delivery estimate is on a shop's history: a seeded, simulated year of parcels
/// replayed in shipping order, each estimated from the parcels delivered before it, next to the
/// rule "2–4 business days" on the same parcels.
#[derive(Debug, Parser)]
#[command(
    name = "bench-estimate",
    after_help = "Usually run through bench/estimate.sh, which builds it in release mode first."
)]
struct Args {
    /// Seed of the simulated shop history
    #[arg(long, value_name = "N", default_value_t = 42)]
    seed: u64,
    /// Mean parcels shipped on an ordinary business day (1–5000)
    #[arg(long, value_name = "N", default_value_t = 170.0, value_parser = per_day)]
    per_day: f64,
    /// The year of shipments, 2024–2027 (the years whose Turkish holidays the calendar knows)
    #[arg(long, value_name = "Y", default_value_t = 2025, value_parser = clap::value_parser!(i16).range(2024..=2027))]
    year: i16,
    /// Past deliveries an estimate looks at (as the app does)
    #[arg(long, value_name = "N", default_value_t = HISTORY, value_parser = at_least_one)]
    history: usize,
}

/// `--per-day`: a number between 1 and 5000.
fn per_day(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(n) if n.is_finite() && (1.0..=5_000.0).contains(&n) => Ok(n),
        Ok(_) => Err("must be between 1 and 5000".to_string()),
        Err(_) => Err(format!("wants a number, not {s:?}")),
    }
}

/// One simulated parcel, with what really happened to it.
#[derive(Debug, Clone)]
struct Parcel {
    /// Index into the flattened lanes (carrier × country).
    lane: usize,
    country: usize,
    service: &'static str,
    postcode: String,
    ship: Date,
    delivered: Date,
    /// Business days from ship to delivery, as the app stores them.
    transit_days: i64,
    /// The carrier's own (noisy, optimistic) estimated delivery date.
    carrier_date: Date,
    delayed: bool,
    remote: bool,
    peak: bool,
    /// The ship day is a public holiday at the destination.
    dest_holiday: bool,
}

/// The lanes of [`COUNTRIES`] flattened: (country index, lane).
fn lanes() -> Vec<(usize, &'static Lane)> {
    COUNTRIES
        .iter()
        .enumerate()
        .flat_map(|(c, country)| country.lanes.iter().map(move |l| (c, l)))
        .collect()
}

fn pick<T>(rng: &mut StdRng, items: &[T], weight: impl Fn(&T) -> f64) -> usize {
    let total: f64 = items.iter().map(&weight).sum();
    let mut x = rng.random::<f64>() * total;
    for (i, item) in items.iter().enumerate() {
        x -= weight(item);
        if x < 0.0 {
            return i;
        }
    }
    items.len() - 1
}

/// The most likely transit time of a distribution: what a carrier promises.
fn mode(dist: Dist) -> i64 {
    dist.iter()
        .fold(
            (0, f64::MIN),
            |best, &(d, w)| if w > best.1 { (d, w) } else { best },
        )
        .0
}

/// A postcode in `country`, and whether its postal area is remote (one business day more).
fn postcode(rng: &mut StdRng, country: &str) -> (String, bool) {
    let rest = rng.random_range(0..1000);
    match country {
        // Budapest is 1011–1239; remote: parts of the north-east and the far west.
        "HU" => {
            let area = if rng.random_bool(0.45) {
                rng.random_range(10..=12)
            } else {
                rng.random_range(20..=99)
            };
            (
                format!("{area:02}{:02}", rest % 100),
                matches!(area, 47..=49 | 97..=99),
            )
        }
        // Helsinki region 00–02; Lapland 90–99 is remote.
        "FI" => {
            let area = if rng.random_bool(0.35) {
                rng.random_range(0..=2)
            } else {
                rng.random_range(3..=99)
            };
            (format!("{area:02}{rest:03}"), area >= 90)
        }
        // Warsaw 00–05; Masuria and the north-east 11–19 are remote.
        "PL" => {
            let area = if rng.random_bool(0.25) {
                rng.random_range(0..=5)
            } else {
                rng.random_range(6..=99)
            };
            (format!("{area:02}-{rest:03}"), (11..=19).contains(&area))
        }
        // Province codes: Istanbul 34, Ankara 06, İzmir 35; the east (60+) is remote.
        "TR" => {
            let area = match rng.random::<f64>() {
                x if x < 0.40 => 34,
                x if x < 0.50 => 6,
                x if x < 0.58 => 35,
                _ => rng.random_range(1..=81),
            };
            (format!("{area:02}{rest:03}"), area >= 60)
        }
        // Berlin 10–14; the coast and the islands (18, 25, 26) are remote.
        _ => {
            let area = if rng.random_bool(0.15) {
                rng.random_range(10..=14)
            } else {
                rng.random_range(1..=99)
            };
            (format!("{area:02}{rest:03}"), matches!(area, 18 | 25 | 26))
        }
    }
}

/// The `n`-th business day (n ≥ 1) after `day` in `cal`: how carriers count transit days, so
/// that `business_days_between(day, result) == n`.
fn nth_business_day_after(cal: &mut Calendar, day: Date, n: i64) -> anyhow::Result<Date> {
    Ok(cal.add_business_days(day.tomorrow()?, n.max(1) - 1))
}

/// A year of shipments in shipping order, and the destination calendars.
fn simulate(args: &Args) -> anyhow::Result<(Vec<Parcel>, Vec<Calendar>, usize)> {
    let mut rng = StdRng::seed_from_u64(args.seed);
    let lanes = lanes();
    let mut cals: Vec<Calendar> = COUNTRIES
        .iter()
        .map(|c| Calendar::new(Some(c.code)))
        .collect();
    let mut shop = Calendar::new(Some(SHOP_COUNTRY));
    let peak = (Date::new(args.year, 11, 24)?, Date::new(args.year, 12, 23)?);
    let mut parcels = Vec::new();
    let mut ship_days = 0;
    let mut day = Date::new(args.year, 1, 1)?;
    while day.year() == args.year {
        if shop.is_business_day(day) {
            ship_days += 1;
            let weekday = match day.weekday() {
                Weekday::Monday => 1.3,
                Weekday::Friday => 0.9,
                _ => 1.0,
            };
            let in_peak = day >= peak.0 && day <= peak.1;
            let season = if in_peak { PEAK_VOLUME } else { 1.0 };
            let n = (args.per_day * weekday * season * rng.random_range(0.85..1.15)).round();
            for _ in 0..n as usize {
                let country = pick(&mut rng, COUNTRIES, |c| c.share);
                let code = COUNTRIES[country].code;
                let options: Vec<usize> = (0..lanes.len())
                    .filter(|&i| lanes[i].0 == country)
                    .collect();
                let lane = options[pick(&mut rng, &options, |&i| lanes[i].1.share)];
                let info = lanes[lane].1;
                let express = rng.random_bool(EXPRESS_SHARE);
                let (postcode, remote) = postcode(&mut rng, code);
                let mut t = info.transit[pick(&mut rng, info.transit, |x| x.1)].0;
                if express {
                    t = (t - 1).max(1);
                }
                if remote {
                    t += 1;
                }
                let delayed = rng.random_bool(delay_rate(info.carrier));
                if delayed {
                    t += rng.random_range(2..=5);
                }
                if in_peak && rng.random_bool(PEAK_SLOWER) {
                    t += 1;
                }
                let cal = &mut cals[country];
                let delivered = nth_business_day_after(cal, day, t)?;
                let transit_days = cal.business_days_between(day, delivered);
                // The carrier promises its usual time, ±1 day now and then, blind to delays.
                let promised = mode(info.transit) - i64::from(express);
                let noise = match rng.random::<f64>() {
                    x if x < 0.15 => -1,
                    x if x < 0.30 => 1,
                    _ => 0,
                };
                let carrier_date = nth_business_day_after(cal, day, promised + noise)?;
                parcels.push(Parcel {
                    lane,
                    country,
                    service: if express { "express" } else { "standard" },
                    postcode,
                    ship: day,
                    delivered,
                    transit_days,
                    carrier_date,
                    delayed,
                    remote,
                    peak: in_peak,
                    dest_holiday: !cal.is_business_day(day),
                });
            }
        }
        day = day.tomorrow()?;
    }
    Ok((parcels, cals, ship_days))
}

/// Estimates every parcel in shipping order from the history the app would have had the day it
/// shipped: the parcels of the same lane delivered before that day, most recent first, at most
/// `cap` ([`HISTORY`] in the app). `carrier_dates`: whether the carrier's date is known.
fn replay(
    parcels: &[Parcel],
    cals: &mut [Calendar],
    cap: usize,
    carrier_dates: bool,
) -> Vec<Estimate> {
    let mut by_delivery: Vec<usize> = (0..parcels.len()).collect();
    by_delivery.sort_by_key(|&i| (parcels[i].delivered, i));
    let mut history: Vec<VecDeque<Sample>> = (0..lanes().len()).map(|_| VecDeque::new()).collect();
    let mut next = 0;
    let mut out = Vec::with_capacity(parcels.len());
    for p in parcels {
        while let Some(&j) = by_delivery.get(next)
            && parcels[j].delivered < p.ship
        {
            let q = &parcels[j];
            let h = &mut history[q.lane];
            h.push_front(Sample {
                service: Some(q.service.to_string()),
                postcode: Some(q.postcode.clone()),
                transit_days: q.transit_days,
            });
            h.truncate(cap);
            next += 1;
        }
        let known = history[p.lane].make_contiguous();
        out.push(estimate(
            &mut cals[p.country],
            &EstimateInput {
                carrier_service: Some(p.service),
                postcode: Some(&p.postcode),
                start: p.ship,
                not_shipped_yet: false,
                history: known,
                carrier_date: carrier_dates.then_some(p.carrier_date),
                rule: RULE,
            },
        ));
    }
    out
}

/// A reference estimate of every parcel without any history.
fn reference(parcels: &[Parcel], cals: &mut [Calendar], carrier_dates: bool) -> Vec<Estimate> {
    parcels
        .iter()
        .map(|p| {
            estimate(
                &mut cals[p.country],
                &EstimateInput {
                    carrier_service: Some(p.service),
                    postcode: Some(&p.postcode),
                    start: p.ship,
                    not_shipped_yet: false,
                    history: &[],
                    carrier_date: carrier_dates.then_some(p.carrier_date),
                    rule: RULE,
                },
            )
        })
        .collect()
}

/// Calendar days since 2000-01-01.
fn day_no(d: Date) -> i64 {
    i64::from((d - jiff::civil::date(2000, 1, 1)).get_days())
}

/// Accuracy of a set of windows against the real delivery days.
#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    n: u64,
    /// Sum of the calendar days between the real day and the window (0 inside).
    err: i64,
    /// Sum of |real day − window midpoint| in calendar days.
    mid_err: f64,
    hits: u64,
    early: u64,
    late: u64,
    /// Sum of the calendar days a window spans, both ends included.
    width: i64,
    conf: u64,
}

impl Stats {
    fn add(&mut self, e: &Estimate, actual: Date) {
        let (from, to, day) = (day_no(e.from), day_no(e.to), day_no(actual));
        self.n += 1;
        if day < from {
            self.early += 1;
            self.err += from - day;
        } else if day > to {
            self.late += 1;
            self.err += day - to;
        } else {
            self.hits += 1;
        }
        self.mid_err += (day as f64 - (from + to) as f64 / 2.0).abs();
        self.width += to - from + 1;
        self.conf += u64::from(e.confidence);
    }

    fn per(&self, x: f64) -> f64 {
        if self.n == 0 { 0.0 } else { x / self.n as f64 }
    }
    fn mae(&self) -> f64 {
        self.per(self.err as f64)
    }
    fn mid_mae(&self) -> f64 {
        self.per(self.mid_err)
    }
    fn hit(&self) -> f64 {
        self.per(self.hits as f64 * 100.0)
    }
    fn early(&self) -> f64 {
        self.per(self.early as f64 * 100.0)
    }
    fn late(&self) -> f64 {
        self.per(self.late as f64 * 100.0)
    }
    fn width(&self) -> f64 {
        self.per(self.width as f64)
    }
    fn conf(&self) -> f64 {
        self.per(self.conf as f64)
    }
}

const BASES: [Basis; 5] = [
    Basis::HistoryArea,
    Basis::HistoryService,
    Basis::HistoryCarrier,
    Basis::Carrier,
    Basis::Rule,
];

fn basis_index(b: Basis) -> usize {
    BASES
        .iter()
        .position(|x| *x == b)
        .unwrap_or(BASES.len() - 1)
}

/// Stats of the estimates of the parcels `keep` selects.
fn stats_where(parcels: &[Parcel], est: &[Estimate], keep: impl Fn(&Parcel) -> bool) -> Stats {
    let mut s = Stats::default();
    for (p, e) in parcels.iter().zip(est) {
        if keep(p) {
            s.add(e, p.delivered);
        }
    }
    s
}

fn by_basis(parcels: &[Parcel], est: &[Estimate]) -> [Stats; 5] {
    let mut out = [Stats::default(); 5];
    for (p, e) in parcels.iter().zip(est) {
        out[basis_index(e.basis)].add(e, p.delivered);
    }
    out
}

fn header(first: &str) {
    println!(
        "  {first:<30} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "parcels",
        "share",
        "MAE d",
        "mid d",
        "hit %",
        "early%",
        "late %",
        "width",
        "conf %",
        "c−hit"
    );
}

fn row(label: &str, s: &Stats, total: u64) {
    if s.n == 0 {
        println!("  {label:<30} {:>7}", 0);
        return;
    }
    println!(
        "  {label:<30} {:>7} {:>5.1}% {:>6.2} {:>6.2} {:>6.1} {:>6.1} {:>6.1} {:>6.2} {:>6.1} {:>+6.1}",
        s.n,
        s.n as f64 * 100.0 / total.max(1) as f64,
        s.mae(),
        s.mid_mae(),
        s.hit(),
        s.early(),
        s.late(),
        s.width(),
        s.conf(),
        s.conf() - s.hit(),
    );
}

fn ratio(a: f64, b: f64) -> String {
    if b == 0.0 {
        "n/a".to_string()
    } else {
        format!("{:.2}", a / b)
    }
}

fn compare(label: &str, est: &Stats, reference: &Stats) {
    println!(
        "  {label}: hit rate {:.1}% vs {:.1}% (×{}), MAE {:.2} vs {:.2} d (×{}), \
         midpoint MAE {:.2} vs {:.2} d (×{}), width {:.2} vs {:.2} d",
        est.hit(),
        reference.hit(),
        ratio(est.hit(), reference.hit()),
        est.mae(),
        reference.mae(),
        ratio(est.mae(), reference.mae()),
        est.mid_mae(),
        reference.mid_mae(),
        ratio(est.mid_mae(), reference.mid_mae()),
        est.width(),
        reference.width(),
    );
}

fn table(parcels: &[Parcel], est: &[Estimate]) -> Stats {
    let total = parcels.len() as u64;
    header("basis");
    for (b, s) in BASES.iter().zip(by_basis(parcels, est)) {
        if s.n > 0 {
            row(b.as_str(), &s, total);
        }
    }
    let all = stats_where(parcels, est, |_| true);
    row("all", &all, total);
    all
}

fn calibration(parcels: &[Parcel], est: &[Estimate]) {
    const BUCKETS: [(u8, u8); 6] = [(0, 50), (51, 69), (70, 79), (80, 89), (90, 94), (95, 99)];
    println!(
        "  {:<30} {:>7} {:>6} {:>6} {:>6}",
        "stated confidence", "parcels", "conf %", "hit %", "c−hit"
    );
    for (lo, hi) in BUCKETS {
        let mut s = Stats::default();
        for (p, e) in parcels.iter().zip(est) {
            if (lo..=hi).contains(&e.confidence) {
                s.add(e, p.delivered);
            }
        }
        if s.n > 0 {
            println!(
                "  {:<30} {:>7} {:>6.1} {:>6.1} {:>+6.1}",
                format!("{lo}–{hi}"),
                s.n,
                s.conf(),
                s.hit(),
                s.conf() - s.hit()
            );
        }
    }
}

/// Selects parcels for a row of the report.
type Filter<'a> = &'a dyn Fn(&Parcel) -> bool;

fn report(args: &Args, parcels: &[Parcel], ship_days: usize, cals: &mut [Calendar]) {
    let total = parcels.len() as u64;
    let share = |f: &dyn Fn(&Parcel) -> bool| {
        parcels.iter().filter(|p| f(p)).count() as f64 * 100.0 / total.max(1) as f64
    };
    let mean_transit =
        parcels.iter().map(|p| p.transit_days).sum::<i64>() as f64 / total.max(1) as f64;
    println!(
        "bench-estimate: seed {}, {} parcels shipped on {ship_days} {SHOP_COUNTRY} business days of {} \
         (~{} per ordinary day), {} lanes (carrier × country) to {}",
        args.seed,
        total,
        args.year,
        args.per_day,
        lanes().len(),
        COUNTRIES
            .iter()
            .map(|c| c.code)
            .collect::<Vec<_>>()
            .join("/"),
    );
    println!(
        "  simulated truth: mean transit {mean_transit:.2} business days; delayed +2–5 d {:.1}%, \
         remote area +1 d {:.1}%, express {:.1}%, peak season {:.1}%, shipped on a destination \
         holiday {:.2}%",
        share(&|p| p.delayed),
        share(&|p| p.remote),
        share(&|p| p.service == "express"),
        share(&|p| p.peak),
        share(&|p| p.dest_holiday),
    );
    println!(
        "  replay: history = the ≤{} most recently delivered parcels of the same carrier + \
         country delivered before the ship day; start = ship day; rule {}–{} business days",
        args.history, RULE.0, RULE.1
    );
    println!(
        "  MAE d: calendar days from the real delivery day to the window (0 inside); mid d: to its \
         midpoint; width: calendar days spanned; c−hit: stated confidence − hit rate"
    );

    let t = Instant::now();
    let est = replay(parcels, cals, args.history, false);
    let rule = reference(parcels, cals, false);
    let replay_a = t.elapsed();

    println!();
    println!("A. history → rule {}–{} (no carrier date)", RULE.0, RULE.1);
    let all = table(parcels, &est);
    let rule_all = stats_where(parcels, &rule, |_| true);
    row("reference: rule 2–4 only", &rule_all, total);
    compare("estimator vs rule only", &all, &rule_all);

    println!();
    println!("   calibration (A): does the stated confidence match the hit rate?");
    calibration(parcels, &est);

    println!();
    println!("   per destination (A, estimator; rule-only reference below each)");
    header("country");
    for (c, country) in COUNTRIES.iter().enumerate() {
        let s = stats_where(parcels, &est, |p| p.country == c);
        let r = stats_where(parcels, &rule, |p| p.country == c);
        row(country.code, &s, total);
        row(&format!("{}  rule 2–4 only", country.code), &r, total);
    }

    println!();
    println!("   subsets (A, estimator)");
    header("parcels that were");
    let subsets: [(&str, Filter); 7] = [
        ("on time (not delayed)", &|p| !p.delayed),
        ("delayed +2–5 d", &|p| p.delayed),
        ("to a remote area", &|p| p.remote),
        ("express", &|p| p.service == "express"),
        ("shipped in peak season", &|p| p.peak),
        ("shipped on a dest. holiday", &|p| p.dest_holiday),
        ("shipped in January", &|p| p.ship.month() == 1),
    ];
    for (label, keep) in subsets {
        row(label, &stats_where(parcels, &est, keep), total);
    }

    let t = Instant::now();
    let est_b = replay(parcels, cals, args.history, true);
    let carrier_only = reference(parcels, cals, true);
    let replay_b = t.elapsed();
    println!();
    println!(
        "B. history → noisy carrier date (what changes: parcels with < 8 samples in their lane)"
    );
    let all_b = table(parcels, &est_b);
    let carrier_all = stats_where(parcels, &carrier_only, |_| true);
    row("reference: carrier date only", &carrier_all, total);
    compare("estimator vs carrier date only", &all_b, &carrier_all);
    println!();
    println!(
        "  (replay A {:.2} s incl. rule reference, replay B {:.2} s incl. carrier reference)",
        replay_a.as_secs_f64(),
        replay_b.as_secs_f64()
    );
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let t = Instant::now();
    let (parcels, mut cals, ship_days) = simulate(&args)?;
    let simulated = t.elapsed();
    if parcels.is_empty() {
        bail!("the simulation shipped no parcels");
    }
    report(&args, &parcels, ship_days, &mut cals);
    println!(
        "  (simulation {:.2} s, total {:.2} s)",
        simulated.as_secs_f64(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use clap::CommandFactory;
    use clap::error::ErrorKind;

    fn parse(v: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("bench-estimate").chain(v.iter().copied()))
    }

    fn day(s: &str) -> anyhow::Result<Date> {
        Ok(s.parse()?)
    }

    #[test]
    fn command_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn defaults() -> anyhow::Result<()> {
        let a = parse(&[])?;
        assert_eq!(
            (a.seed, a.per_day, a.year, a.history),
            (42, 170.0, 2025, HISTORY)
        );
        Ok(())
    }

    #[test]
    fn flags() -> anyhow::Result<()> {
        let a = parse(&[
            "--seed",
            "7",
            "--per-day=20",
            "--year",
            "2027",
            "--history=50",
        ])?;
        assert_eq!((a.seed, a.per_day, a.year, a.history), (7, 20.0, 2027, 50));
        assert_eq!(parse(&["--per-day", "2.5"])?.per_day, 2.5);
        Ok(())
    }

    #[test]
    fn errors() {
        let kind = |v: &[&str]| parse(v).err().map(|e| e.kind());
        for bad in [
            ["--year", "2030"],
            ["--year", "2023"],
            ["--per-day", "0"],
            ["--per-day", "5001"],
            ["--per-day", "NaN"],
            ["--per-day", "lots"],
            ["--history", "0"],
            ["--seed", "x"],
        ] {
            assert_eq!(kind(&bad), Some(ErrorKind::ValueValidation), "{bad:?}");
        }
        assert!(parse(&["--seed", "-1"]).is_err());
        assert_eq!(kind(&["--nope"]), Some(ErrorKind::UnknownArgument));
        assert_eq!(kind(&["--seed"]), Some(ErrorKind::InvalidValue));
        assert_eq!(kind(&["--help"]), Some(ErrorKind::DisplayHelp));
    }

    #[test]
    fn window_error() -> anyhow::Result<()> {
        let e = Estimate {
            from: day("2025-03-10")?,
            to: day("2025-03-12")?,
            confidence: 80,
            basis: Basis::Rule,
        };
        let mut s = Stats::default();
        s.add(&e, day("2025-03-11")?);
        s.add(&e, day("2025-03-14")?);
        s.add(&e, day("2025-03-09")?);
        assert_eq!(
            (s.n, s.hits, s.late, s.early, s.err, s.width),
            (3, 1, 1, 1, 3, 9)
        );
        assert!((s.mid_mae() - 5.0 / 3.0).abs() < 1e-9);
        Ok(())
    }

    #[test]
    fn simulation_is_deterministic_and_consistent() -> anyhow::Result<()> {
        let args = Args {
            seed: 1,
            per_day: 10.0,
            year: 2025,
            history: HISTORY,
        };
        let (a, mut cals, days) = simulate(&args)?;
        let (b, _, _) = simulate(&args)?;
        assert!(days > 240 && days < 260, "{days}");
        assert_eq!(a.len(), b.len());
        for (p, q) in a.iter().zip(&b) {
            assert_eq!(
                (p.ship, p.delivered, &p.postcode),
                (q.ship, q.delivered, &q.postcode)
            );
            assert!(p.delivered > p.ship && p.transit_days >= 1);
            assert!(cals[p.country].is_business_day(p.delivered));
        }
        assert!(
            a.windows(2).all(|w| w[0].ship <= w[1].ship),
            "in shipping order"
        );
        let est = replay(&a, &mut cals, HISTORY, false);
        assert_eq!(
            est[0].basis,
            Basis::Rule,
            "nothing delivered yet on day one"
        );
        assert!(est.iter().any(|e| e.basis == Basis::HistoryArea));
        Ok(())
    }
}
