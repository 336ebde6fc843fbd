//! Time as the store keeps it: milliseconds since the Unix epoch, UTC, in a 64-bit integer —
//! one portable representation for both backends, compared and indexed as plain integers.

use jiff::Timestamp;

pub type Millis = i64;

pub fn now_millis() -> Millis {
    Timestamp::now().as_millisecond()
}

/// RFC 3339 in UTC with milliseconds, the form every API response uses.
pub fn to_rfc3339(ms: Millis) -> String {
    match Timestamp::from_millisecond(ms) {
        Ok(ts) => format!("{ts:.3}"),
        Err(_) => "1970-01-01T00:00:00.000Z".to_string(),
    }
}

/// Accepts RFC 3339 with any offset (`2026-11-25T10:00:00+01:00`) or a bare date (`2026-11-25`,
/// read as midnight UTC).
pub fn parse_rfc3339(s: &str) -> Result<Millis, String> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts.as_millisecond());
    }
    if s.len() == 10
        && let Ok(date) = s.parse::<jiff::civil::Date>()
    {
        return date
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp().as_millisecond())
            .map_err(|e| e.to_string());
    }
    Err("expected an RFC 3339 timestamp such as 2026-11-25T10:00:00Z".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let ms = parse_rfc3339("2026-11-25T10:00:00+01:00").unwrap();
        assert_eq!(to_rfc3339(ms), "2026-11-25T09:00:00.000Z");
        assert_eq!(
            to_rfc3339(parse_rfc3339("2026-11-25").unwrap()),
            "2026-11-25T00:00:00.000Z"
        );
        assert!(parse_rfc3339("yesterday").is_err());
    }
}
