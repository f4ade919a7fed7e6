//! Time as a value. The domain never reads the clock: callers pass `now`, and tests move a fake
//! clock instead of sleeping.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// Milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_millis(ms: i64) -> Self {
        Timestamp(ms)
    }

    pub fn as_millis(self) -> i64 {
        self.0
    }

    pub fn plus(self, d: Duration) -> Self {
        Timestamp(self.0.saturating_add(duration_ms(d)))
    }

    pub fn minus(self, d: Duration) -> Self {
        Timestamp(self.0.saturating_sub(duration_ms(d)))
    }

    /// Time elapsed from `earlier` to `self`, zero if `earlier` is in the future.
    pub fn since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(u64::try_from(self.0.saturating_sub(earlier.0)).unwrap_or(0))
    }

    /// RFC 3339 in UTC with millisecond precision, e.g. `2026-11-23T09:30:00.000Z`.
    pub fn to_rfc3339(self) -> String {
        let secs = self.0.div_euclid(1000);
        let ms = self.0.rem_euclid(1000);
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
            sod / 3600,
            (sod % 3600) / 60,
            sod % 60
        )
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` with optional `Z` (UTC is assumed).
    pub fn parse_rfc3339(raw: &str) -> Result<Self, String> {
        let err = || {
            format!("{raw:?} is not a UTC date or time: use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z")
        };
        let s = raw.trim().trim_end_matches('Z');
        let (date, time) = match s.split_once(['T', ' ']) {
            Some((d, t)) => (d, Some(t)),
            None => (s, None),
        };
        let mut dp = date.split('-');
        let (Some(y), Some(m), Some(d), None) = (dp.next(), dp.next(), dp.next(), dp.next()) else {
            return Err(err());
        };
        let y: i64 = y.parse().map_err(|_| err())?;
        let m: u32 = m.parse().map_err(|_| err())?;
        let d: u32 = d.parse().map_err(|_| err())?;
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return Err(err());
        }
        let mut secs = days_from_civil(y, m, d) * 86_400;
        if let Some(t) = time {
            let t = t.split('.').next().unwrap_or(t);
            let parts: Vec<&str> = t.split(':').collect();
            if !(2..=3).contains(&parts.len()) {
                return Err(err());
            }
            let h: i64 = parts[0].parse().map_err(|_| err())?;
            let mi: i64 = parts[1].parse().map_err(|_| err())?;
            let se: i64 = match parts.get(2) {
                Some(p) => p.parse().map_err(|_| err())?,
                None => 0,
            };
            if !(0..24).contains(&h) || !(0..60).contains(&mi) || !(0..60).contains(&se) {
                return Err(err());
            }
            secs += h * 3600 + mi * 60 + se;
        }
        Ok(Timestamp(secs * 1000))
    }

    /// Day of week, 0 = Monday .. 6 = Sunday, and hour of day, both in UTC.
    pub fn weekday_and_hour(self) -> (u8, u8) {
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        // 1970-01-01 was a Thursday (index 3 when Monday is 0).
        let weekday = (days + 3).rem_euclid(7) as u8;
        let hour = (secs.rem_euclid(86_400) / 3600) as u8;
        (weekday, hour)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

fn duration_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

// Howard Hinnant's civil-date algorithms: exact for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses a human duration such as `90s`, `15m`, `8h`, `3d`, `2w`, or a combination `1d12h`.
pub fn parse_duration(raw: &str) -> Result<Duration, String> {
    let err = || {
        format!("{raw:?} is not a duration: use a number with s, m, h, d or w, e.g. 15m, 24h, 3d")
    };
    let s = raw.trim();
    if s.is_empty() {
        return Err(err());
    }
    let mut total: u64 = 0;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u64 = num.parse().map_err(|_| err())?;
        num.clear();
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(err()),
        };
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(err)?;
    }
    if !num.is_empty() {
        return Err(err());
    }
    Ok(Duration::from_secs(total))
}

/// Formats a duration the way [`parse_duration`] reads it, largest units first.
pub fn format_duration(d: Duration) -> String {
    let mut secs = d.as_secs();
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for (unit, n) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
        if secs >= n {
            out.push_str(&format!("{}{unit}", secs / n));
            secs %= n;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip_known_dates() {
        let cases = [
            (0, "1970-01-01T00:00:00.000Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (1_795_431_845_123, "2026-11-23T11:04:05.123Z"),
        ];
        for (ms, text) in cases {
            assert_eq!(Timestamp(ms).to_rfc3339(), text);
            assert_eq!(Timestamp::parse_rfc3339(text).unwrap().0, ms - ms % 1000);
        }
    }

    #[test]
    fn rfc3339_rejects_impossible_dates() {
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-01-01T24:00",
            "yesterday",
            "2026-01",
        ] {
            assert!(Timestamp::parse_rfc3339(bad).is_err(), "{bad} accepted");
        }
        assert!(Timestamp::parse_rfc3339("2024-02-29").is_ok());
    }

    #[test]
    fn weekday_of_known_dates() {
        // 2026-11-23 is a Monday.
        let t = Timestamp::parse_rfc3339("2026-11-23T13:05:00Z").unwrap();
        assert_eq!(t.weekday_and_hour(), (0, 13));
        let t = Timestamp::parse_rfc3339("1970-01-01T00:00:00Z").unwrap();
        assert_eq!(t.weekday_and_hour(), (3, 0));
    }

    #[test]
    fn durations_parse_and_format() {
        assert_eq!(parse_duration("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(
            parse_duration("1d12h").unwrap(),
            Duration::from_secs(129_600)
        );
        assert_eq!(
            parse_duration("2w").unwrap(),
            Duration::from_secs(1_209_600)
        );
        for bad in ["", "15", "m", "15x", "-1h", "1.5h"] {
            assert!(parse_duration(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(format_duration(Duration::from_secs(129_600)), "1d12h");
        assert_eq!(format_duration(Duration::from_secs(1800)), "30m");
    }
}
