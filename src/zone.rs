//! A time zone by its IANA name, and its offset from UTC at an instant
//! ([contract §4.12](crate::contract)).
//!
//! Natively the zone rules come from chrono-tz (the whole IANA database,
//! compiled into the command line). In the page's wasm they come from the
//! browser's own copy of the same database through `Intl.DateTimeFormat`
//! (the calls are in `src/wasm.rs`): compiled in, the zones would cost the
//! wasm 146 KB gzipped for all of them, 43 KB for a short list
//! (benches/README.md, "Wasm size"), and the browser keeps its database up
//! to date. Both answer the one question the schedule asks, "local − UTC
//! at this instant", so the rest of the code is the same on both sides; a
//! browser test checks that the page's figures equal the command line's.

use std::fmt;

/// A time zone, read from its IANA name.
#[derive(Clone)]
pub struct Zone {
    name: String,
    rules: Rules,
}

#[cfg(not(target_arch = "wasm32"))]
type Rules = chrono_tz::Tz;

#[cfg(target_arch = "wasm32")]
type Rules = crate::wasm::ZoneRules;

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Zone").field(&self.name).finish()
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

/// The earliest instant asked of the rules: 1600-01-01T00:00Z. Before it
/// every zone keeps its local mean time (the first transition of the
/// database is in the 19th century), and the browser's calendar is Julian
/// before 1582, which would misread its dates; an earlier instant takes
/// the offset in force at this one.
pub const EARLIEST: i64 = -11_676_096_000;

/// The latest instant asked of the rules: 250000-01-01T00:00Z, inside the
/// range of both chrono (year 262,143) and a JS `Date` (±8.64 × 10¹⁵ ms);
/// a later instant takes the offset in force at this one.
pub const LATEST: i64 = 7_827_070_780_800;

impl Zone {
    /// The zone named `name` (an IANA name such as `Europe/Paris`, in any
    /// case), or `None` when the rules do not know it.
    pub fn parse(name: &str) -> Option<Zone> {
        let name = name.trim();
        // An offset (`+01:00`) is no IANA name, though newer browsers
        // take one as a zone: refused on both sides alike.
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let (name, rules) = rules(name)?;
        Some(Zone { name, rules })
    }

    /// The zone's name as the rules spell it (`europe/paris` →
    /// `Europe/Paris`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Local time − UTC, in seconds, at the instant `t` (Unix seconds).
    pub fn offset(&self, t: i64) -> i32 {
        offset(&self.rules, t.clamp(EARLIEST, LATEST))
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn rules(name: &str) -> Option<(String, Rules)> {
    let tz = chrono_tz::Tz::from_str_insensitive(name).ok()?;
    Some((tz.name().to_string(), tz))
}

#[cfg(not(target_arch = "wasm32"))]
fn offset(tz: &Rules, t: i64) -> i32 {
    use chrono::{Offset, TimeZone};
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(d) => tz
            .offset_from_utc_datetime(&d.naive_utc())
            .fix()
            .local_minus_utc(),
        None => 0,
    }
}

#[cfg(target_arch = "wasm32")]
fn rules(name: &str) -> Option<(String, Rules)> {
    crate::wasm::zone_rules(name)
}

#[cfg(target_arch = "wasm32")]
fn offset(rules: &Rules, t: i64) -> i32 {
    crate::wasm::zone_reading(rules, t)
        .and_then(|r| reading_offset(r, t))
        .unwrap_or(0)
}

/// Local − UTC from the zone's local reading of the instant `t`:
/// `[year, month, day, hour, minute, second]` (hour 24 read as 0 of the
/// same day, as some engines wrote midnight), or `None` when the reading
/// is not a date or is a day or more away from `t`.
pub fn reading_offset(reading: [i64; 6], t: i64) -> Option<i32> {
    let [year, month, day, hour, minute, second] = reading;
    let hour = if hour == 24 { 0 } else { hour };
    let date = chrono::NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )?;
    let local = date
        .and_hms_opt(
            u32::try_from(hour).ok()?,
            u32::try_from(minute).ok()?,
            u32::try_from(second).ok()?,
        )?
        .and_utc()
        .timestamp();
    let d = local.checked_sub(t)?;
    if d.abs() < 86_400 {
        i32::try_from(d).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_case_and_unknown_ones() {
        assert_eq!(
            Zone::parse(" europe/paris ").unwrap().name(),
            "Europe/Paris"
        );
        assert_eq!(Zone::parse("utc").unwrap().name(), "UTC");
        assert_eq!(Zone::parse("US/Eastern").unwrap().name(), "US/Eastern");
        assert_eq!(Zone::parse("Etc/GMT+5").unwrap().offset(0), -18_000);
        for bad in [
            "",
            " ",
            "Paris",
            "Mars/Olympus",
            "Europe/Paris/x",
            "+01:00",
            "-0300",
            "1/2",
        ] {
            assert!(Zone::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn offsets_across_a_clock_change_and_at_the_ends() {
        let paris = Zone::parse("Europe/Paris").unwrap();
        // 2024-03-31 01:00Z: clocks go from +1 to +2 h.
        let change = 1_711_846_800;
        assert_eq!(paris.offset(change - 1), 3_600);
        assert_eq!(paris.offset(change), 7_200);
        // Local mean time of Paris (+0:09:21) before 1891, also far back.
        assert_eq!(paris.offset(EARLIEST), 561);
        assert_eq!(paris.offset(i64::MIN), 561);
        let kolkata = Zone::parse("Asia/Kolkata").unwrap();
        assert_eq!(kolkata.offset(i64::MAX), 19_800);
        assert_eq!(kolkata.offset(LATEST), 19_800);
    }

    #[test]
    fn a_reading_gives_the_offset() {
        // 2024-03-31 03:00 in Paris is 01:00Z.
        let t = 1_711_846_800;
        assert_eq!(reading_offset([2024, 3, 31, 3, 0, 0], t), Some(7_200));
        // Midnight written as hour 24 of the same date.
        assert_eq!(reading_offset([1970, 1, 1, 24, 0, 0], -3_600), Some(3_600));
        // Seconds of a local mean time.
        assert_eq!(reading_offset([1970, 1, 1, 0, 9, 21], 0), Some(561));
        // Not a date, or a day away: no offset.
        assert_eq!(reading_offset([2024, 2, 30, 0, 0, 0], 0), None);
        assert_eq!(reading_offset([1970, 1, 2, 0, 0, 0], 0), None);
        assert_eq!(reading_offset([i64::MAX, 1, 1, 0, 0, 0], 0), None);
        assert_eq!(reading_offset([1970, -1, 1, 0, 0, 0], 0), None);
    }
}
