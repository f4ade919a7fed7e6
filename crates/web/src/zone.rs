//! Times for administrators: shown in the configured time zone with the zone named, and entered
//! as a local date and time in it (or with an explicit offset).

use regain_core::time::Timestamp;

/// The cookie that remembers an administrator's time zone (a preference, not a secret).
pub const ZONE_COOKIE: &str = "__Host-regain-tz";

/// Every zone name the system's time zone database knows, for the console's select.
pub fn available() -> Vec<String> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.to_string())
        .filter(|n| n.contains('/') || n == "UTC")
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `name` if it is a known zone.
pub fn valid(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty() && name.len() <= 64 && jiff::tz::TimeZone::get(name).is_ok())
        .then(|| name.to_owned())
}

/// The administrator's zone: their remembered choice, else the server's.
pub fn for_request(headers: &axum::http::HeaderMap, server_default: &str) -> String {
    crate::console::context_cookie(headers, ZONE_COOKIE)
        .and_then(valid)
        .unwrap_or_else(|| server_default.to_owned())
}

fn zone(name: &str) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(name).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// `Tuesday 24 November 2026, 16:00 CET (Europe/Zurich)`.
pub fn display(t: Timestamp, tz: &str) -> String {
    match jiff::Timestamp::from_millisecond(t.as_millis()) {
        Ok(ts) => format!(
            "{} ({tz})",
            ts.to_zoned(zone(tz)).strftime("%A %-d %B %Y, %H:%M %Z")
        ),
        Err(_) => t.to_rfc3339(),
    }
}

/// A moment from `2026-12-01T17:00` (local to `tz`, as an HTML `datetime-local` field sends
/// it) or an RFC 3339 time with its offset.
pub fn parse_local(raw: &str, tz: &str) -> Result<Timestamp, String> {
    let raw = raw.trim();
    // An explicit offset (`Z`, `+01:00`, `-05:00` after the time) means what it says.
    let time_part = raw.split_once('T').map_or("", |(_, t)| t);
    if time_part.ends_with(['Z', 'z']) || time_part.contains(['+', '-']) {
        return Timestamp::parse_rfc3339(raw).map_err(|e| format!("{raw:?}: {e}"));
    }
    let civil: jiff::civil::DateTime = raw.parse().map_err(|_| {
        format!(
            "{raw:?} is not a date and time: use 2026-12-01T17:00 (in {tz}) or an RFC 3339 time"
        )
    })?;
    let zoned = civil
        .to_zoned(zone(tz))
        .map_err(|e| format!("{raw:?} does not exist in {tz}: {e}"))?;
    Ok(Timestamp::from_millis(zoned.timestamp().as_millisecond()))
}

/// The value for a `datetime-local` field.
pub fn input_value(t: Timestamp, tz: &str) -> String {
    jiff::Timestamp::from_millisecond(t.as_millis())
        .map(|ts| ts.to_zoned(zone(tz)).strftime("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_and_read_in_the_zone() {
        let t = Timestamp::parse_rfc3339("2026-12-01T16:00:00Z").unwrap();
        assert_eq!(
            display(t, "Europe/Zurich"),
            "Tuesday 1 December 2026, 17:00 CET (Europe/Zurich)"
        );
        assert_eq!(parse_local("2026-12-01T17:00", "Europe/Zurich").unwrap(), t);
        assert_eq!(
            parse_local("2026-12-01T16:00:00Z", "Europe/Zurich").unwrap(),
            t
        );
        assert_eq!(input_value(t, "Europe/Zurich"), "2026-12-01T17:00");
        assert!(
            parse_local("tomorrow", "UTC")
                .unwrap_err()
                .contains("not a date")
        );
    }
}
