//! Delivery estimates: business-day calendars per destination country, and the estimate itself —
//! learned from the shop's own delivered history, else the carrier's date, else the shop's rule.

use jiff::civil::{Date, Weekday};

/// Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm.
pub fn easter(year: i16) -> Date {
    let y = year as i32;
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as i8, day as i8).unwrap_or_default()
}

fn d(year: i16, month: i8, day: i8) -> Option<Date> {
    Date::new(year, month, day).ok()
}

/// The first `weekday` on or after `from`.
fn next_weekday(from: Option<Date>, weekday: Weekday) -> Option<Date> {
    let mut day = from?;
    while day.weekday() != weekday {
        day = day.tomorrow().ok()?;
    }
    Some(day)
}

/// Turkey's religious holidays follow the lunar calendar: the official dates, 2024–2028.
const TR_RELIGIOUS: &[(i16, i8, i8, u8)] = &[
    (2024, 4, 10, 3),
    (2024, 6, 16, 4),
    (2025, 3, 30, 3),
    (2025, 6, 6, 4),
    (2026, 3, 20, 3),
    (2026, 5, 27, 4),
    (2027, 3, 9, 3),
    (2027, 5, 16, 4),
    (2028, 2, 26, 3),
    (2028, 5, 4, 4),
];

/// Public holidays on which carriers do not deliver, for the countries we know; other countries
/// get weekends only.
pub fn holidays(country: &str, year: i16) -> Vec<Date> {
    let e = easter(year);
    let rel = |days: i64| e.checked_add(jiff::Span::new().days(days)).ok();
    let mut out: Vec<Option<Date>> = match country {
        "HU" => vec![
            d(year, 1, 1),
            d(year, 3, 15),
            rel(-2),
            rel(1),
            d(year, 5, 1),
            rel(50),
            d(year, 8, 20),
            d(year, 10, 23),
            d(year, 11, 1),
            d(year, 12, 25),
            d(year, 12, 26),
        ],
        "FI" => vec![
            d(year, 1, 1),
            d(year, 1, 6),
            rel(-2),
            rel(1),
            d(year, 5, 1),
            rel(39),
            next_weekday(d(year, 6, 19), Weekday::Friday),
            next_weekday(d(year, 6, 20), Weekday::Saturday),
            next_weekday(d(year, 10, 31), Weekday::Saturday),
            d(year, 12, 6),
            d(year, 12, 24),
            d(year, 12, 25),
            d(year, 12, 26),
        ],
        "PL" => {
            let mut v = vec![
                d(year, 1, 1),
                d(year, 1, 6),
                rel(1),
                d(year, 5, 1),
                d(year, 5, 3),
                rel(60),
                d(year, 8, 15),
                d(year, 11, 1),
                d(year, 11, 11),
                d(year, 12, 25),
                d(year, 12, 26),
            ];
            if year >= 2025 {
                v.push(d(year, 12, 24));
            }
            v
        }
        "TR" => {
            let mut v = vec![
                d(year, 1, 1),
                d(year, 4, 23),
                d(year, 5, 1),
                d(year, 5, 19),
                d(year, 7, 15),
                d(year, 8, 30),
                d(year, 10, 29),
            ];
            for (y, m, day, len) in TR_RELIGIOUS {
                if *y == year {
                    let start = d(*y, *m, *day);
                    for k in 0..*len as i64 {
                        v.push(start.and_then(|s| s.checked_add(jiff::Span::new().days(k)).ok()));
                    }
                }
            }
            v
        }
        "DE" => vec![
            d(year, 1, 1),
            rel(-2),
            rel(1),
            d(year, 5, 1),
            rel(39),
            rel(50),
            d(year, 10, 3),
            d(year, 12, 25),
            d(year, 12, 26),
        ],
        "AT" => vec![
            d(year, 1, 1),
            d(year, 1, 6),
            rel(1),
            d(year, 5, 1),
            rel(39),
            rel(50),
            rel(60),
            d(year, 8, 15),
            d(year, 10, 26),
            d(year, 11, 1),
            d(year, 12, 8),
            d(year, 12, 25),
            d(year, 12, 26),
        ],
        _ => vec![],
    };
    out.sort();
    out.into_iter().flatten().collect()
}

/// Which days a carrier delivers in a country.
#[derive(Debug, Clone)]
pub struct Calendar {
    country: String,
    cache: std::collections::BTreeMap<i16, Vec<Date>>,
}

impl Calendar {
    pub fn new(country: Option<&str>) -> Calendar {
        Calendar {
            country: country.unwrap_or("").to_ascii_uppercase(),
            cache: Default::default(),
        }
    }

    pub fn is_business_day(&mut self, day: Date) -> bool {
        if matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            return false;
        }
        let country = self.country.clone();
        let list = self
            .cache
            .entry(day.year())
            .or_insert_with(|| holidays(&country, day.year()));
        list.binary_search(&day).is_err()
    }

    /// The day `n` business days after `day`, counted the way [`Self::business_days_between`]
    /// counts a transit (n = 0: `day` itself if it is a business day, else the next one). A parcel
    /// that ships on a holiday or a weekend is not a day late for it.
    pub fn add_business_days(&mut self, day: Date, n: i64) -> Date {
        let mut d = day;
        let mut left = n;
        while left > 0 {
            d = d.tomorrow().unwrap_or(d);
            if self.is_business_day(d) {
                left -= 1;
            }
        }
        while !self.is_business_day(d) {
            d = d.tomorrow().unwrap_or(d);
        }
        d
    }

    /// Business days from `from` to `to` (0 when delivered the same or the next business day
    /// counts as 1 … as carriers count: days after `from`).
    pub fn business_days_between(&mut self, from: Date, to: Date) -> i64 {
        let mut n = 0;
        let mut day = from;
        while day < to {
            day = day.tomorrow().unwrap_or(to);
            if self.is_business_day(day) {
                n += 1;
            }
        }
        n
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The shop's own deliveries with this carrier, service, country and postal area.
    HistoryArea,
    /// … with this carrier and service to this country.
    HistoryService,
    /// … with this carrier to this country.
    HistoryCarrier,
    /// The carrier's own estimated delivery date.
    Carrier,
    /// The shop's rule ("2–4 business days").
    Rule,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::HistoryArea => "history_area",
            Basis::HistoryService => "history_service",
            Basis::HistoryCarrier => "history_carrier",
            Basis::Carrier => "carrier",
            Basis::Rule => "rule",
        }
    }
}

/// An estimated delivery window in days (in the destination's calendar), with a confidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    pub from: Date,
    pub to: Date,
    /// How often a window made this way contained the real delivery day, in percent.
    pub confidence: u8,
    pub basis: Basis,
}

/// A past delivery the estimate learns from.
#[derive(Debug, Clone)]
pub struct Sample {
    pub service: Option<String>,
    pub postcode: Option<String>,
    pub transit_days: i64,
}

pub struct EstimateInput<'a> {
    pub carrier_service: Option<&'a str>,
    pub postcode: Option<&'a str>,
    /// The day the parcel moved, or — before it moves — the day it is expected to (today).
    pub start: Date,
    /// True when `start` is a guess: one business day of handling is added.
    pub not_shipped_yet: bool,
    pub history: &'a [Sample],
    pub carrier_date: Option<Date>,
    /// The shop's rule in business days, e.g. (2, 4).
    pub rule: (i64, i64),
}

/// Samples needed before a history level is trusted.
pub const MIN_SAMPLES: usize = 8;

fn postal_area(p: &str) -> String {
    p.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(2)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// The window covering the middle of the observed transit times (the 10th to the 90th
/// percentile), and how many of the samples it covers.
fn window_of(days: &mut [i64]) -> (i64, i64, u8) {
    days.sort_unstable();
    let pick = |q: f64| days[((days.len() - 1) as f64 * q).round() as usize];
    let (lo, hi) = (pick(0.1), pick(0.9));
    let covered = days.iter().filter(|d| **d >= lo && **d <= hi).count();
    // The share of past parcels the window held, with Laplace's rule of succession so that a few
    // samples do not claim certainty (bench/estimate.rs checks the calibration on a year of history).
    let n = days.len() as f64;
    let conf = (covered as f64 + 1.0) / (n + 2.0) * 100.0;
    (lo, hi, conf.round().clamp(1.0, 99.0) as u8)
}

pub fn estimate(cal: &mut Calendar, input: &EstimateInput) -> Estimate {
    let handling = i64::from(input.not_shipped_yet);
    let area = input.postcode.map(postal_area).filter(|a| !a.is_empty());
    type Keep<'k> = Box<dyn Fn(&Sample) -> bool + 'k>;
    let levels: [(Basis, Keep); 3] = [
        (
            Basis::HistoryArea,
            Box::new(|s: &Sample| {
                s.service.as_deref() == input.carrier_service
                    && area.is_some()
                    && s.postcode.as_deref().map(postal_area) == area
            }),
        ),
        (
            Basis::HistoryService,
            Box::new(|s: &Sample| s.service.as_deref() == input.carrier_service),
        ),
        (Basis::HistoryCarrier, Box::new(|_: &Sample| true)),
    ];
    for (basis, keep) in levels {
        let mut days: Vec<i64> = input
            .history
            .iter()
            .filter(|s| keep(s))
            .map(|s| s.transit_days)
            .collect();
        if days.len() >= MIN_SAMPLES {
            let (lo, hi, confidence) = window_of(&mut days);
            return Estimate {
                from: cal.add_business_days(input.start, lo + handling),
                to: cal.add_business_days(input.start, hi + handling),
                confidence,
                basis,
            };
        }
    }
    if let Some(day) = input.carrier_date.filter(|d| *d >= input.start) {
        // Carriers' own dates are often a day off: a two-day window around it.
        let day = cal.add_business_days(day, 0);
        return Estimate {
            from: day,
            to: cal.add_business_days(day, 1),
            confidence: 60,
            basis: Basis::Carrier,
        };
    }
    let (lo, hi) = input.rule;
    Estimate {
        from: cal.add_business_days(input.start, lo + handling),
        to: cal.add_business_days(input.start, hi + handling),
        confidence: 50,
        basis: Basis::Rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2024), day("2024-03-31"));
        assert_eq!(easter(2025), day("2025-04-20"));
        assert_eq!(easter(2026), day("2026-04-05"));
    }

    #[test]
    fn calendars() {
        let mut hu = Calendar::new(Some("HU"));
        assert!(!hu.is_business_day(day("2026-10-23")), "national day");
        assert!(!hu.is_business_day(day("2026-04-06")), "Easter Monday");
        assert!(hu.is_business_day(day("2026-10-22")));
        let mut fi = Calendar::new(Some("fi"));
        assert!(
            !fi.is_business_day(day("2026-06-19")),
            "Midsummer Eve 2026 is Friday 19 June"
        );
        assert!(!fi.is_business_day(day("2026-12-24")));
        let mut tr = Calendar::new(Some("TR"));
        assert!(!tr.is_business_day(day("2026-05-28")), "Kurban Bayramı");
        let mut pl = Calendar::new(Some("PL"));
        assert!(!pl.is_business_day(day("2026-06-04")), "Corpus Christi");
        // Thursday 22 Oct 2026 + 2 business days in HU skips the 23rd and the weekend.
        assert_eq!(
            hu.add_business_days(day("2026-10-22"), 2),
            day("2026-10-27")
        );
        assert_eq!(
            hu.business_days_between(day("2026-10-22"), day("2026-10-27")),
            2
        );
        let mut nowhere = Calendar::new(None);
        assert_eq!(
            nowhere.add_business_days(day("2026-11-28"), 0),
            day("2026-11-30"),
            "Saturday → Monday"
        );
    }

    #[test]
    fn learns_from_history_then_falls_back() {
        let mut cal = Calendar::new(Some("HU"));
        let samples: Vec<Sample> = (0..20)
            .map(|i| Sample {
                service: Some("std".into()),
                postcode: Some(if i % 2 == 0 {
                    "1011".into()
                } else {
                    "6720".into()
                }),
                transit_days: 1 + (i % 3),
            })
            .collect();
        let input = EstimateInput {
            carrier_service: Some("std"),
            postcode: Some("1052"),
            start: day("2026-11-23"),
            not_shipped_yet: false,
            history: &samples,
            carrier_date: None,
            rule: (2, 4),
        };
        let e = estimate(&mut cal, &input);
        assert_eq!(e.basis, Basis::HistoryArea);
        assert_eq!((e.from, e.to), (day("2026-11-24"), day("2026-11-26")));
        assert!(e.confidence > 60, "{}", e.confidence);
        let few = &samples[..3];
        let e = estimate(
            &mut cal,
            &EstimateInput {
                history: few,
                carrier_date: Some(day("2026-11-25")),
                ..input
            },
        );
        assert_eq!(
            (e.basis, e.from, e.to),
            (Basis::Carrier, day("2026-11-25"), day("2026-11-26"))
        );
        let e = estimate(
            &mut cal,
            &EstimateInput {
                history: few,
                carrier_date: None,
                not_shipped_yet: true,
                ..input
            },
        );
        assert_eq!(e.basis, Basis::Rule);
        assert_eq!(
            (e.from, e.to),
            (day("2026-11-26"), day("2026-11-30")),
            "handling day + 2–4 business days, weekend skipped"
        );
    }
}
