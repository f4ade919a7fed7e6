//! Allowed logon hours: a weekly grid of 168 hours in UTC, as Active Directory stores them.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogonHours {
    /// One bit per hour of the week; bit `day * 24 + hour`, Monday = day 0.
    bits: [u8; 21],
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl LogonHours {
    pub fn always() -> Self {
        LogonHours { bits: [0xff; 21] }
    }

    pub fn never() -> Self {
        LogonHours { bits: [0; 21] }
    }

    pub fn is_always(&self) -> bool {
        self.bits == [0xff; 21]
    }

    pub fn allows(&self, now: Timestamp) -> bool {
        let (day, hour) = now.weekday_and_hour();
        self.get(usize::from(day) * 24 + usize::from(hour))
    }

    fn get(&self, i: usize) -> bool {
        self.bits
            .get(i / 8)
            .is_some_and(|b| b & (1 << (i % 8)) != 0)
    }

    fn set(&mut self, i: usize) {
        if let Some(b) = self.bits.get_mut(i / 8) {
            *b |= 1 << (i % 8);
        }
    }

    pub fn to_bytes(self) -> [u8; 21] {
        self.bits
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Some(LogonHours {
            bits: bytes.try_into().ok()?,
        })
    }

    /// Parses `always`, or `;`-separated rules `DAYS HH-HH` in UTC, e.g. `mon-fri 07-19; sat 08-12`.
    /// The end hour is exclusive.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.eq_ignore_ascii_case("always") {
            return Ok(Self::always());
        }
        let err = |why: &str| {
            format!(
                "logon hours {raw:?}: {why}; use `always` or rules like `mon-fri 07-19; sat 08-12` (UTC, end hour exclusive)"
            )
        };
        let mut out = Self::never();
        for rule in raw.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            let (days, hours) = rule.split_once(' ').ok_or_else(|| err("missing hours"))?;
            let day_index = |d: &str| DAYS.iter().position(|x| x.eq_ignore_ascii_case(d.trim()));
            let (d0, d1) = match days.split_once('-') {
                Some((a, b)) => (day_index(a), day_index(b)),
                None => (day_index(days), day_index(days)),
            };
            let (Some(d0), Some(d1)) = (d0, d1) else {
                return Err(err("unknown day"));
            };
            let (h0, h1) = hours
                .trim()
                .split_once('-')
                .ok_or_else(|| err("hours need a range"))?;
            let h0: usize = h0.trim().parse().map_err(|_| err("bad start hour"))?;
            let h1: usize = h1.trim().parse().map_err(|_| err("bad end hour"))?;
            if d0 > d1 || h0 >= h1 || h1 > 24 {
                return Err(err("ranges must run forwards within a week and 00-24"));
            }
            for d in d0..=d1 {
                for h in h0..h1 {
                    out.set(d * 24 + h);
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn weekday_business_hours() {
        let h = LogonHours::parse("mon-fri 07-19").unwrap();
        assert!(h.allows(t("2026-11-23T07:00:00Z"))); // Monday
        assert!(h.allows(t("2026-11-27T18:59:00Z"))); // Friday
        assert!(!h.allows(t("2026-11-27T19:00:00Z")));
        assert!(!h.allows(t("2026-11-28T10:00:00Z"))); // Saturday
        assert!(!h.allows(t("2026-11-23T06:59:59Z")));
    }

    #[test]
    fn always_and_round_trip() {
        assert!(LogonHours::parse("always").unwrap().is_always());
        let h = LogonHours::parse("sat 08-12; sun 00-24").unwrap();
        assert_eq!(LogonHours::from_bytes(&h.to_bytes()), Some(h));
    }

    #[test]
    fn bad_rules_are_explained() {
        for bad in [
            "mon",
            "funday 01-02",
            "mon 10-09",
            "mon 00-25",
            "fri-mon 01-02",
        ] {
            let e = LogonHours::parse(bad).unwrap_err();
            assert!(e.contains("mon-fri 07-19"), "{bad}: {e}");
        }
    }
}
