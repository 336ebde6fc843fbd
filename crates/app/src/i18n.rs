//! The languages buyers read: en, hu, fi, pl, tr, from the Fluent files under `locales/` (compiled
//! into the binary). Dates, times and durations are built from messages too, so each language
//! writes them its own way and a translator can change that without touching code.
//!
//! A message missing in one language falls back to English (and is a test failure, see
//! `tests::every_language_has_every_message`).

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A message argument: a number (selects plural forms) or text.
pub use fluent_bundle::FluentValue as Value;
use jiff::Zoned;
use std::borrow::Cow;
use std::sync::OnceLock;
use unic_langid::LanguageIdentifier;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Hu,
    Fi,
    Pl,
    Tr,
}

impl Lang {
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Hu, Lang::Fi, Lang::Pl, Lang::Tr];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Hu => "hu",
            Lang::Fi => "fi",
            Lang::Pl => "pl",
            Lang::Tr => "tr",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Hu => "Magyar",
            Lang::Fi => "Suomi",
            Lang::Pl => "Polski",
            Lang::Tr => "Türkçe",
        }
    }

    /// `hu`, `hu-HU`, `HU_hu`, `tr-TR`… → the language, if it is one of ours.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The best of ours in an `Accept-Language` header, by its q-values (ties: first listed).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for part in header.split(',').take(32) {
            let mut it = part.split(';');
            let Some(lang) = it.next().and_then(Lang::parse) else {
                continue;
            };
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The language's Fluent files: what buyers read on pages and in messages, and what
    /// merchants read in the admin pages.
    fn sources(self) -> [&'static str; 3] {
        macro_rules! files {
            ($l:literal) => {
                [
                    include_str!(concat!("../../../locales/", $l, "/buyer.ftl")),
                    include_str!(concat!("../../../locales/", $l, "/messages.ftl")),
                    include_str!(concat!("../../../locales/", $l, "/admin.ftl")),
                ]
            };
        }
        match self {
            Lang::En => files!("en"),
            Lang::Hu => files!("hu"),
            Lang::Fi => files!("fi"),
            Lang::Pl => files!("pl"),
            Lang::Tr => files!("tr"),
        }
    }
}

/// The plural categories JavaScript's `Intl.PluralRules` names.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

struct Catalog {
    bundles: Vec<FluentBundle<FluentResource>>,
    plurals: Vec<intl_pluralrules::PluralRules>,
    /// Per language: the messages without variables, formatted once (most of a page's text).
    plain: Vec<std::collections::HashMap<String, String>>,
    /// Per language: weekday names (Monday first) and month names, as dates use them.
    names: Vec<(Vec<String>, Vec<String>)>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut bundles = Vec::new();
        let mut plurals = Vec::new();
        for lang in Lang::ALL {
            let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id.clone()]);
            // Our pages are HTML with their own `lang`/`dir`: no bidi isolation marks in the text.
            bundle.set_use_isolating(false);
            for source in lang.sources() {
                let resource = match FluentResource::try_new(source.to_string()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        tracing::error!(lang = lang.code(), ?errors, "locale file has errors");
                        r
                    }
                };
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing::error!(lang = lang.code(), ?errors, "locale file has duplicates");
                }
            }
            bundles.push(bundle);
            plurals.push(
                intl_pluralrules::PluralRules::create(
                    id,
                    intl_pluralrules::PluralRuleType::CARDINAL,
                )
                .unwrap_or_else(|_| {
                    intl_pluralrules::PluralRules::create(
                        LanguageIdentifier::default(),
                        intl_pluralrules::PluralRuleType::CARDINAL,
                    )
                    .unwrap_or_else(|_| unreachable_rules())
                }),
            );
        }
        let mut catalog = Catalog {
            bundles,
            plurals,
            plain: Vec::new(),
            names: Vec::new(),
        };
        for lang in Lang::ALL {
            let mut plain = std::collections::HashMap::new();
            for source in lang.sources() {
                plain.extend(plain_messages(&catalog.bundles[lang.index()], source));
            }
            catalog.plain.push(plain);
        }
        for lang in Lang::ALL {
            let tr = Tr { lang };
            let name = |id: &str, n: i64| tr.format(&catalog, id, &[("n", n.into())]);
            let weekdays = (1..=7).map(|n| name("weekday", n)).collect();
            let months = (1..=12).map(|n| name("month", n)).collect();
            catalog.names.push((weekdays, months));
        }
        catalog
    })
}

/// The messages of a file whose value has no placeables, formatted.
fn plain_messages(
    bundle: &FluentBundle<FluentResource>,
    source: &str,
) -> std::collections::HashMap<String, String> {
    use fluent_syntax::ast::{Entry, PatternElement};
    let mut out = std::collections::HashMap::new();
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) | Err((r, _)) => r,
    };
    for entry in resource.entries() {
        let Entry::Message(m) = entry else { continue };
        let Some(value) = &m.value else { continue };
        if !value
            .elements
            .iter()
            .all(|e| matches!(e, PatternElement::TextElement { .. }))
        {
            continue;
        }
        let Some(pattern) = bundle.get_message(m.id.name).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        if errors.is_empty() {
            out.insert(m.id.name.to_string(), text.into_owned());
        }
    }
    out
}

#[cold]
fn unreachable_rules() -> intl_pluralrules::PluralRules {
    // `en` rules always exist in intl_pluralrules' tables.
    let en: LanguageIdentifier = "en".parse().unwrap_or_default();
    match intl_pluralrules::PluralRules::create(en, intl_pluralrules::PluralRuleType::CARDINAL) {
        Ok(r) => r,
        Err(e) => panic!("plural rules for en: {e}"),
    }
}

/// Message arguments: `&[("n", 3.into()), ("shop", "Demo".into())]`.
pub type Args<'a> = [(&'a str, FluentValue<'a>)];

/// Text in one language.
#[derive(Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    /// The message without arguments.
    pub fn t(&self, id: &str) -> Cow<'static, str> {
        self.t_args(id, &[])
    }

    /// The message with arguments; English when the language lacks it, the id when English does.
    pub fn t_args(&self, id: &str, args: &Args<'_>) -> Cow<'static, str> {
        let cat = catalog();
        if args.is_empty()
            && let Some(text) = cat.plain[self.lang.index()].get(id)
        {
            return Cow::Borrowed(text.as_str());
        }
        Cow::Owned(self.format(cat, id, args))
    }

    fn format(&self, cat: &Catalog, id: &str, args: &Args<'_>) -> String {
        for lang in [self.lang, Lang::En] {
            let bundle = &cat.bundles[lang.index()];
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut fargs = FluentArgs::with_capacity(args.len());
            for (k, v) in args {
                fargs.set(*k, v.clone());
            }
            let mut errors = Vec::new();
            let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(lang = lang.code(), id, ?errors, "message formatting");
            }
            return out.into_owned();
        }
        id.to_string()
    }

    /// Whether the language (not the English fallback) has this message.
    pub fn has(&self, id: &str) -> bool {
        catalog().bundles[self.lang.index()].has_message(id)
    }

    fn date_args<'a>(
        &self,
        z: &Zoned,
        extra: Vec<(&'a str, FluentValue<'a>)>,
    ) -> Vec<(&'a str, FluentValue<'a>)> {
        let weekday = self.t_args(
            "weekday",
            &[("n", i64::from(z.weekday().to_monday_one_offset()).into())],
        );
        let month = self.t_args("month", &[("n", i64::from(z.month()).into())]);
        let mut args = vec![
            ("weekday", FluentValue::from(weekday.into_owned())),
            ("day", i64::from(z.day()).into()),
            ("month", FluentValue::from(month.into_owned())),
            ("monthnum", FluentValue::from(format!("{:02}", z.month()))),
            ("year", i64::from(z.year()).into()),
        ];
        args.extend(extra);
        args
    }

    /// A day without its year ("Tue 25 Nov").
    pub fn date_short(&self, z: &Zoned) -> String {
        self.t_args("date-short", &self.date_args(z, vec![]))
            .into_owned()
    }

    /// A day with its year ("25 Nov 2026").
    pub fn date_long(&self, z: &Zoned) -> String {
        self.t_args("date-long", &self.date_args(z, vec![]))
            .into_owned()
    }

    /// "14:30" (or "14.30" in Finnish).
    pub fn time(&self, z: &Zoned) -> String {
        self.t_args(
            "time",
            &[
                ("hour", format!("{:02}", z.hour()).into()),
                ("minute", format!("{:02}", z.minute()).into()),
            ],
        )
        .into_owned()
    }

    /// A short day and its time.
    pub fn date_time(&self, z: &Zoned) -> String {
        let date = self.date_short(z);
        let time = self.time(z);
        self.t_args("date-time", &[("date", date.into()), ("time", time.into())])
            .into_owned()
    }

    /// A remaining time, coarse as people say it: "2 days 4 h", "3 h 20 min", "12 min".
    pub fn duration(&self, ms: i64) -> String {
        let minutes = (ms.max(0) + 59_999) / 60_000;
        let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
        let unit = |id: &str, n: i64| self.t_args(id, &[("n", n.into())]).into_owned();
        if d > 0 {
            if h > 0 {
                format!("{} {}", unit("unit-day", d), unit("unit-hour", h))
            } else {
                unit("unit-day", d)
            }
        } else if h > 0 {
            if m > 0 {
                format!("{} {}", unit("unit-hour", h), unit("unit-minute", m))
            } else {
                unit("unit-hour", h)
            }
        } else {
            unit("unit-minute", m.max(1))
        }
    }

    /// The message for each plural category of this language, with `{n}` where the number goes:
    /// what the browser needs to write the same text as [`Tr::duration`] while it counts down.
    pub fn plural_templates(&self, id: &str) -> Vec<(&'static str, String)> {
        let cat = catalog();
        let rules = &cat.plurals[self.lang.index()];
        let mut out: Vec<(&'static str, String)> = Vec::new();
        for n in [
            1i64, 2, 3, 5, 0, 11, 12, 21, 22, 25, 100, 101, 102, 105, 111,
        ] {
            let Ok(category) = rules.select(n) else {
                continue;
            };
            let name = CATEGORIES[category as usize];
            if out.iter().any(|(c, _)| *c == name) {
                continue;
            }
            let text = self.t_args(id, &[("n", n.into())]);
            out.push((name, text.replacen(&n.to_string(), "{n}", 1)));
        }
        out
    }
}

/// Every message id of a language's files (English is the reference every language must match).
pub fn message_ids_of(lang: Lang) -> Vec<String> {
    lang.sources()
        .into_iter()
        .flat_map(|source| match FluentResource::try_new(source.to_string()) {
            Ok(r) | Err((r, _)) => r
                .entries()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        })
        .collect()
}

/// Every message id of the English files.
pub fn message_ids() -> Vec<String> {
    message_ids_of(Lang::En)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_language_has_every_message_and_parses_cleanly() {
        let ids = message_ids();
        assert!(
            ids.len() > 100,
            "the English file has {} messages",
            ids.len()
        );
        for lang in Lang::ALL {
            for source in lang.sources() {
                if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
                    panic!("{}: syntax errors {errors:?}", lang.code());
                }
            }
            let tr = Tr::new(lang);
            let mut seen = std::collections::HashSet::new();
            let twice: Vec<String> = message_ids_of(lang)
                .into_iter()
                .filter(|id| !seen.insert(id.clone()))
                .collect();
            assert!(twice.is_empty(), "{} defines {twice:?} twice", lang.code());
            let missing: Vec<_> = ids.iter().filter(|id| !tr.has(id)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            let extra: Vec<String> = message_ids_of(lang)
                .into_iter()
                .filter(|id| !ids.contains(id))
                .collect();
            assert!(
                extra.is_empty(),
                "{} has unknown messages {extra:?}",
                lang.code()
            );
        }
    }

    #[test]
    fn every_message_formats_without_errors_in_every_language() {
        let cat = catalog();
        let sample: Vec<(&str, FluentValue)> = vec![
            ("n", 3.into()),
            ("count", 2.into()),
            ("number", "#1001".into()),
            ("shop", "Demo".into()),
            ("date", "d".into()),
            ("from", "a".into()),
            ("to", "b".into()),
            ("time", "t".into()),
            ("datetime", "dt".into()),
            ("duration", "1 d".into()),
            ("percent", 80.into()),
            ("carrier", "GLS".into()),
            ("zone", "Europe/Budapest".into()),
            ("step", "s".into()),
            ("minutes", 5.into()),
            ("weekday", "w".into()),
            ("day", 25.into()),
            ("month", "m".into()),
            ("monthnum", "11".into()),
            ("year", 2026.into()),
            ("hour", "09".into()),
            ("minute", "05".into()),
            ("name", "Anna".into()),
            ("place", "Foxpost Allee".into()),
            ("code", "482913".into()),
            ("deadline", "Fri 27 Nov, 18:00".into()),
            ("window", "Thu 26 Nov – Fri 27 Nov".into()),
            ("address", "a•••@example.com".into()),
            ("link", "https://shop.example/admin/reset/abc".into()),
            ("inviter", "owner@example.com".into()),
            ("email", "agent@example.com".into()),
            ("what", "API key".into()),
        ];
        let mut fargs = FluentArgs::new();
        for (k, v) in &sample {
            fargs.set(*k, v.clone());
        }
        for lang in Lang::ALL {
            let bundle = &cat.bundles[lang.index()];
            for id in message_ids() {
                let pattern = bundle.get_message(&id).and_then(|m| m.value()).unwrap();
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
                assert!(errors.is_empty(), "{} {id}: {errors:?}", lang.code());
                assert!(!text.trim().is_empty(), "{} {id} is empty", lang.code());
            }
        }
    }

    #[test]
    fn dates_durations_and_plurals_per_language() {
        let z: Zoned = "2026-11-24T09:05:00[Europe/Budapest]".parse().unwrap();
        let en = Tr::new(Lang::En);
        assert_eq!(en.date_short(&z), "Tue 24 Nov");
        assert_eq!(en.time(&z), "09:05");
        assert_eq!(en.duration(86_400_000 + 4 * 3_600_000), "1 day 4 h");
        assert_eq!(en.duration(2 * 86_400_000), "2 days");
        assert_eq!(en.duration(90_000), "2 min");
        let fi = Tr::new(Lang::Fi);
        assert!(fi.time(&z).contains("09.05"), "{}", fi.time(&z));
        let pl = Tr::new(Lang::Pl);
        let days = pl.plural_templates("unit-day");
        let cats: Vec<_> = days.iter().map(|(c, _)| *c).collect();
        for c in ["one", "few", "many"] {
            assert!(cats.contains(&c), "pl plural {c} missing: {days:?}");
        }
        assert!(days.iter().all(|(_, t)| t.contains("{n}")), "{days:?}");
        for lang in Lang::ALL {
            let t = Tr::new(lang);
            for d in [
                t.date_short(&z),
                t.date_long(&z),
                t.date_time(&z),
                t.duration(3 * 86_400_000 + 7_200_000),
            ] {
                assert!(!d.contains('{') && !d.is_empty(), "{}: {d}", lang.code());
            }
        }
    }

    #[test]
    fn picks_languages_from_headers() {
        assert_eq!(Lang::parse("hu-HU"), Some(Lang::Hu));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(
            Lang::from_accept_language("de-DE,de;q=0.9,pl;q=0.8,en;q=0.7"),
            Some(Lang::Pl)
        );
        assert_eq!(Lang::from_accept_language("fi;q=0.5, tr"), Some(Lang::Tr));
        assert_eq!(Lang::from_accept_language("de, fr"), None);
        assert_eq!(Lang::from_accept_language("en;q=0"), None);
    }
}
