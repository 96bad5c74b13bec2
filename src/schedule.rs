//! Business hours: a weekly schedule in a time zone, with holidays
//! ([contract §4.12](crate::contract)).
//!
//! A [`ScheduleSpec`] is what the user types (JSON in `--schedule`, the
//! page's settings and the share link; or `--hours`, `--time-zone`,
//! `--holidays` on the command line):
//!
//! ```json
//! { "time_zone": "Europe/Paris",
//!   "hours": "Mon-Fri 09:00-12:30,13:30-18:00; Sat 10:00-14:00",
//!   "holidays": ["2024-05-01", "2024-12-24..2024-12-26"] }
//! ```
//!
//! - `time_zone`: an IANA name (`America/Sao_Paulo`, `Asia/Jakarta`,
//!   `UTC`), in any case, whose daylight-saving rules apply: the IANA
//!   database of chrono-tz on the command line, the browser's own copy of
//!   it in the page ([`crate::zone`]). Default `UTC`.
//! - `hours`: groups separated by `;` (or a new line), each
//!   `DAYS INTERVALS`. `DAYS` is a day (`Mon`, `monday`), a range
//!   (`Mon-Fri`, `Fri-Mon` wraps round the week) or a comma list of those.
//!   `INTERVALS` is `HH:MM-HH:MM` (also `9-17`, `9:30-17`), several
//!   separated by commas; `24:00` ends a day; an end at or before the start
//!   is an overnight shift ending the next day (`Fri 22:00-06:00` runs to
//!   Saturday 06:00). Or a preset: `mon-fri-9-17`, `mon-fri-8-20`, `24/7`
//!   ([`PRESETS`]). Default `mon-fri-9-17`.
//! - `holidays`: dates `YYYY-MM-DD` or inclusive ranges
//!   `YYYY-MM-DD..YYYY-MM-DD`. A holiday closes its whole local date, the
//!   end of an overnight shift that runs into it included.
//!
//! [`Schedule::business_minutes`] counts the minutes of an interval that
//! fall inside the schedule: an instant counts when its local reading (in
//! the zone, with the offset in force at that instant) is inside an opening
//! interval of its weekday (or the overnight end of the day before) and its
//! local date is not a holiday. It does not walk minute by minute: the
//! open seconds before a local time are a closed formula (whole weeks ×
//! the open seconds of a week, plus the week so far, minus the holidays
//! before it), and the interval is cut where the zone's offset changes.

use crate::zone::Zone;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
/// 1970-01-01 was a Thursday: Monday-based weekday 3.
const EPOCH_WEEKDAY: i64 = 3;

/// The named weekly schedules: `(id, hours)`. The id may be given as
/// `hours`.
pub const PRESETS: &[(&str, &str)] = &[
    ("mon-fri-9-17", "Mon-Fri 09:00-17:00"),
    ("mon-fri-8-20", "Mon-Fri 08:00-20:00"),
    ("24/7", "Mon-Sun 00:00-24:00"),
];

/// The default `hours`: the first preset.
pub const DEFAULT_HOURS: &str = "mon-fri-9-17";

/// Where to look up a time-zone name, said when a name is unknown.
pub const ZONE_HINT: &str =
    "write its IANA name, as in America/Sao_Paulo, Europe/Paris, Asia/Jakarta or UTC (the “TZ identifier” column of the list of tz database time zones)";

/// The schedule as the user writes it (see the module doc); read from
/// JSON with unknown fields refused.
///
/// ```
/// let s: cxmetrics::schedule::ScheduleSpec =
///     serde_json::from_str(r#"{"time_zone":"Europe/Paris","hours":"24/7"}"#).unwrap();
/// assert_eq!(s.holidays.len(), 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleSpec {
    /// IANA time-zone name (default `UTC`).
    pub time_zone: String,
    /// Weekly opening hours, or a preset id (default `mon-fri-9-17`).
    pub hours: String,
    /// Holiday dates and inclusive date ranges.
    pub holidays: Vec<String>,
}

impl Default for ScheduleSpec {
    fn default() -> Self {
        ScheduleSpec {
            time_zone: "UTC".into(),
            hours: DEFAULT_HOURS.into(),
            holidays: Vec::new(),
        }
    }
}

/// The weekday names `hours` accepts, Monday first: (short, long).
const WEEKDAYS: [(&str, &str); 7] = [
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
];

/// Opening intervals per weekday (Monday first), in minutes from the day's
/// midnight: `(start, end)` with `start < end`; an overnight shift ends
/// after 1 440 (`Fri 22:00-06:00` is `(1320, 1800)` on Friday).
pub type WeeklyHours = [Vec<(u32, u32)>; 7];

/// Reads `hours` (see the module doc): a preset id or `DAYS INTERVALS`
/// groups. Errors are one sentence naming the part that does not read.
///
/// ```
/// use cxmetrics::schedule::parse_hours;
/// let w = parse_hours("Mon-Fri 09:00-12:00, 13:00-17:00; Sat 22:00-02:00").unwrap();
/// assert_eq!(w[0], vec![(540, 720), (780, 1020)]);
/// assert_eq!(w[5], vec![(1320, 1560)]);
/// assert!(w[6].is_empty());
/// assert!(parse_hours("Mon 9-").is_err());
/// ```
pub fn parse_hours(text: &str) -> Result<WeeklyHours, String> {
    let trimmed = text.trim();
    let text = PRESETS
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(trimmed))
        .map_or(trimmed, |(_, hours)| hours);
    let mut week: WeeklyHours = Default::default();
    let text = text.replace(['–', '—'], "-");
    let mut any = false;
    for group in text.split([';', '\n']) {
        let group = group.trim();
        if group.is_empty() {
            continue;
        }
        let split = group.find(|c: char| c.is_ascii_digit()).ok_or_else(|| {
            format!("the opening hours “{group}” give no times: write them as Mon-Fri 09:00-17:00")
        })?;
        let (days_text, times_text) = group.split_at(split);
        let days = parse_days(days_text)?;
        for interval in times_text.split(',') {
            let (start, end) = parse_interval(interval.trim())?;
            for d in 0..7 {
                if days[d] {
                    week[d].push((start, end));
                    any = true;
                }
            }
        }
    }
    if !any {
        return Err(
            "the opening hours are empty: write them as Mon-Fri 09:00-17:00, or choose a preset (mon-fri-9-17, mon-fri-8-20, 24/7)"
                .into(),
        );
    }
    Ok(week)
}

/// `Mon-Fri`, `Sat`, `Mon,Wed,Fri`, `Fri-Mon` → the days set.
fn parse_days(text: &str) -> Result<[bool; 7], String> {
    let mut days = [false; 7];
    let text = text.trim();
    if text.is_empty() {
        return Err(
            "each group of opening hours starts with its days, as in Mon-Fri 09:00-17:00".into(),
        );
    }
    for part in text.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (weekday(a)?, weekday(b)?),
            None => {
                let d = weekday(part)?;
                (d, d)
            }
        };
        let mut d = a;
        loop {
            days[d] = true;
            if d == b {
                break;
            }
            d = (d + 1) % 7;
        }
    }
    Ok(days)
}

/// A weekday name (English, short or long, any case) → 0 (Monday) … 6.
fn weekday(text: &str) -> Result<usize, String> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.trim_end_matches('.');
    WEEKDAYS
        .iter()
        .position(|(short, long)| t == *short || t == *long)
        .ok_or_else(|| {
            format!(
                "“{}” is not a day: write Mon, Tue, Wed, Thu, Fri, Sat or Sun",
                text.trim()
            )
        })
}

/// `09:00-17:00`, `9-17`, `22:00-06:00` (overnight) → minutes.
fn parse_interval(text: &str) -> Result<(u32, u32), String> {
    let bad = || {
        format!(
            "“{text}” is not an opening interval: write it as 09:00-17:00 (22:00-06:00 runs overnight)"
        )
    };
    let (a, b) = text.split_once('-').ok_or_else(bad)?;
    let start = clock(a).ok_or_else(bad)?;
    let end = clock(b).ok_or_else(bad)?;
    if start >= 1440 {
        return Err(bad());
    }
    if start == end {
        return Err(format!(
            "the opening interval “{text}” is empty: for a full day write 00:00-24:00"
        ));
    }
    Ok(if end > start {
        (start, end)
    } else {
        (start, end + 1440)
    })
}

/// `H`, `HH`, `H:MM`, `HH:MM` up to `24:00` → minutes since midnight.
fn clock(text: &str) -> Option<u32> {
    let t = text.trim();
    let (h, m) = match t.split_once([':', 'h', '.']) {
        Some((h, "")) => (h, "0"),
        Some((h, m)) => (h, m),
        None => (t, "0"),
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(h) || !all_digits(m) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// Reads the holidays: `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD` →
/// inclusive day numbers (days since 1970-01-01), sorted and merged.
///
/// ```
/// use cxmetrics::schedule::parse_holidays;
/// let h = parse_holidays(&["1970-01-03".into(), "1970-01-01..1970-01-02".into()]).unwrap();
/// assert_eq!(h, vec![(0, 2)]);
/// assert!(parse_holidays(&["2024-02-30".into()]).is_err());
/// ```
pub fn parse_holidays(list: &[String]) -> Result<Vec<(i64, i64)>, String> {
    let mut days = Vec::new();
    for item in list {
        for piece in item.split(',') {
            let piece = piece.trim();
            if piece.is_empty() {
                continue;
            }
            let (a, b) = piece.split_once("..").unwrap_or((piece, piece));
            let (a, b) = (day_number(a, piece)?, day_number(b, piece)?);
            if b < a {
                return Err(format!("the holiday range “{piece}” ends before it starts"));
            }
            days.push((a, b));
        }
    }
    sort_pairs(&mut days);
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(days.len());
    for (a, b) in days {
        match merged.last_mut() {
            Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    Ok(merged)
}

/// Sorts pairs in place (insertion sort: the lists are a few dozen long at
/// most, and the standard sort of a new type adds several KB to the wasm).
fn sort_pairs(v: &mut [(i64, i64)]) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && v[j - 1] > v[j] {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// `YYYY-MM-DD` → days since 1970-01-01.
fn day_number(text: &str, whole: &str) -> Result<i64, String> {
    let bad = || {
        format!("the holiday “{whole}” is not a date: write 2024-05-01, or 2024-12-24..2024-12-26 for a range")
    };
    let t = text.trim();
    let mut parts = t.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
        return Err(bad());
    }
    let (y, m, d) = (
        y.parse::<i32>().map_err(|_| bad())?,
        m.parse::<u32>().map_err(|_| bad())?,
        d.parse::<u32>().map_err(|_| bad())?,
    );
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).ok_or_else(bad)?;
    Ok((date - epoch).num_days())
}

/// Reads a time-zone name; an unknown one is refused with one sentence
/// saying how to find the name.
///
/// ```
/// assert!(cxmetrics::schedule::parse_zone("America/Sao_Paulo").is_ok());
/// assert!(cxmetrics::schedule::parse_zone("Paris").unwrap_err().contains("IANA"));
/// ```
pub fn parse_zone(name: &str) -> Result<Zone, String> {
    Zone::parse(name)
        .ok_or_else(|| format!("the time zone “{}” is not known: {ZONE_HINT}", name.trim()))
}

/// The offset (local − UTC, seconds) at each instant, cached as the list of
/// transitions found so far over the instants asked about.
#[derive(Debug, Clone)]
struct Offsets {
    tz: Zone,
    /// Instants covered: `[lo, hi]`.
    lo: i64,
    hi: i64,
    /// Offset in force at `lo`.
    at_lo: i32,
    /// `(instant, offset from that instant on)`, ascending, inside `(lo, hi]`.
    changes: Vec<(i64, i32)>,
}

/// Probing step when looking for offset changes: six hours (no zone
/// changes its offset twice within six hours).
const PROBE: i64 = 6 * 3_600;

impl Offsets {
    fn new(tz: Zone) -> Self {
        let at_lo = tz.offset(0);
        Offsets {
            tz,
            lo: 0,
            hi: 0,
            at_lo,
            changes: Vec::new(),
        }
    }

    /// The zone's offset at the instant `t` (Unix seconds), asked of the
    /// rules ([`Zone::offset`]: chrono-tz natively, the browser in the wasm).
    fn probe(&self, t: i64) -> i32 {
        self.tz.offset(t)
    }

    /// The first instant in `(a, b]` whose offset is `to` (the offset at
    /// `a` differs from it).
    fn change(&self, mut a: i64, mut b: i64, to: i32) -> i64 {
        while b - a > 1 {
            let mid = a + (b - a) / 2;
            if self.probe(mid) == to {
                b = mid;
            } else {
                a = mid;
            }
        }
        b
    }

    /// Extends the cache to cover `[from, to]`.
    fn cover(&mut self, from: i64, to: i64) {
        if to > self.hi {
            let mut t = self.hi;
            let mut o = self.changes.last().map_or(self.at_lo, |c| c.1);
            while t < to {
                let next = t.saturating_add(PROBE).min(to);
                let p = self.probe(next);
                if p != o {
                    let at = self.change(t, next, p);
                    self.changes.push((at, p));
                    o = p;
                }
                t = next;
            }
            self.hi = to;
        }
        if from < self.lo {
            let mut found = Vec::new();
            let mut t = self.lo;
            let mut o = self.at_lo;
            while t > from {
                let prev = t.saturating_sub(PROBE).max(from);
                let p = self.probe(prev);
                if p != o {
                    let at = self.change(prev, t, o);
                    found.push((at, o));
                    o = p;
                }
                t = prev;
            }
            found.reverse();
            found.append(&mut self.changes);
            self.changes = found;
            self.lo = from;
            self.at_lo = o;
        }
    }

    /// The offset in force at `t` (covered).
    fn at(&self, t: i64) -> i32 {
        let i = self.changes.partition_point(|c| c.0 <= t);
        match i.checked_sub(1).and_then(|i| self.changes.get(i)) {
            Some(c) => c.1,
            None => self.at_lo,
        }
    }

    /// The pieces of `[start, end)` with one offset each.
    fn pieces(&mut self, start: i64, end: i64) -> Vec<(i64, i64, i32)> {
        self.cover(start, end);
        let mut out = Vec::new();
        let mut s = start;
        let mut o = self.at(start);
        let first = self.changes.partition_point(|c| c.0 <= start);
        for &(at, next) in self.changes.iter().skip(first) {
            if at >= end {
                break;
            }
            out.push((s, at, o));
            s = at;
            o = next;
        }
        out.push((s, end, o));
        out
    }
}

/// A schedule ready to count business minutes (see the module doc).
#[derive(Debug, Clone)]
pub struct Schedule {
    spec: ScheduleSpec,
    weekly: WeeklyHours,
    /// Opening intervals in seconds from Monday 00:00 local, sorted,
    /// merged, inside `[0, WEEK)`.
    week: Vec<(i64, i64)>,
    /// Open seconds in a week.
    week_open: i64,
    /// Holidays: inclusive local day numbers, sorted and merged.
    holidays: Vec<(i64, i64)>,
    /// `closed[k]`: open seconds the first `k` holiday ranges close.
    closed: Vec<i64>,
    offsets: RefCell<Offsets>,
}

impl Schedule {
    /// Reads a [`ScheduleSpec`]; errors are one sentence (an unknown time
    /// zone, hours or a holiday that do not read).
    ///
    /// ```
    /// use cxmetrics::schedule::{Schedule, ScheduleSpec};
    /// let spec = ScheduleSpec { time_zone: "UTC".into(), ..ScheduleSpec::default() };
    /// let s = Schedule::new(&spec).unwrap();
    /// // Monday 1970-01-05 08:00 → 10:00 UTC: one hour inside 09:00–17:00.
    /// let monday = 4 * 86_400;
    /// assert_eq!(s.business_minutes(monday + 8 * 3600, monday + 10 * 3600), 60.0);
    /// ```
    pub fn new(spec: &ScheduleSpec) -> Result<Schedule, String> {
        let tz = parse_zone(&spec.time_zone)?;
        let weekly = parse_hours(&spec.hours)?;
        let holidays = parse_holidays(&spec.holidays)?;
        let mut week = Vec::new();
        for (d, day) in weekly.iter().enumerate() {
            for &(a, b) in day {
                let start = d as i64 * DAY + i64::from(a) * 60;
                let end = d as i64 * DAY + i64::from(b) * 60;
                if end > WEEK {
                    week.push((start, WEEK));
                    week.push((0, end - WEEK));
                } else {
                    week.push((start, end));
                }
            }
        }
        sort_pairs(&mut week);
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(week.len());
        for (a, b) in week {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let week_open = merged.iter().map(|(a, b)| b - a).sum();
        let mut schedule = Schedule {
            spec: ScheduleSpec {
                time_zone: tz.name().to_string(),
                hours: spec.hours.trim().to_string(),
                holidays: spec.holidays.clone(),
            },
            weekly,
            week: merged,
            week_open,
            holidays,
            closed: Vec::new(),
            offsets: RefCell::new(Offsets::new(tz)),
        };
        let mut closed = vec![0i64];
        let mut total = 0i64;
        for &(a, b) in &schedule.holidays {
            total = total.saturating_add(
                schedule.open_before(b.saturating_add(1).saturating_mul(DAY))
                    - schedule.open_before(a.saturating_mul(DAY)),
            );
            closed.push(total);
        }
        schedule.closed = closed;
        Ok(schedule)
    }

    /// The schedule as read (the zone's canonical name).
    pub fn spec(&self) -> &ScheduleSpec {
        &self.spec
    }

    /// The opening intervals per weekday, as [`parse_hours`] read them.
    pub fn weekly(&self) -> &WeeklyHours {
        &self.weekly
    }

    /// The time zone.
    pub fn zone(&self) -> Zone {
        self.offsets.borrow().tz.clone()
    }

    /// Open seconds from a fixed origin to the local reading `l` (seconds
    /// since 1970-01-01T00:00 local), holidays ignored.
    fn open_before(&self, l: i64) -> i64 {
        let x = l.saturating_add(EPOCH_WEEKDAY * DAY);
        let weeks = x.div_euclid(WEEK);
        let r = x.rem_euclid(WEEK);
        let part: i64 = self
            .week
            .iter()
            .map(|&(a, b)| (r - a).clamp(0, b - a))
            .sum();
        weeks.saturating_mul(self.week_open).saturating_add(part)
    }

    /// Open seconds the holidays close before the local reading `l`.
    fn closed_before(&self, l: i64) -> i64 {
        let k = self
            .holidays
            .partition_point(|&(a, _)| a.saturating_mul(DAY) < l);
        let Some(last) = k.checked_sub(1) else {
            return 0;
        };
        let (a, b) = self.holidays[last];
        let end = b.saturating_add(1).saturating_mul(DAY).min(l);
        self.closed[last] + self.open_before(end) - self.open_before(a.saturating_mul(DAY))
    }

    /// Business seconds before the local reading `l` (from a fixed origin).
    fn business_before(&self, l: i64) -> i64 {
        self.open_before(l) - self.closed_before(l)
    }

    /// The minutes of `[start, end)` (Unix seconds, true instants) inside
    /// the schedule; 0 when `end ≤ start`. Formula: for each piece of the
    /// interval with one UTC offset `o`, B(end + o) − B(start + o), where
    /// B(l) is the business seconds before the local reading `l` (see the
    /// module doc); the sum ÷ 60.
    pub fn business_minutes(&self, start: i64, end: i64) -> f64 {
        if end <= start {
            return 0.0;
        }
        let pieces = self.offsets.borrow_mut().pieces(start, end);
        let seconds: i64 = pieces
            .into_iter()
            .map(|(s, e, o)| {
                let o = i64::from(o);
                self.business_before(e + o) - self.business_before(s + o)
            })
            .sum();
        seconds as f64 / 60.0
    }

    /// The true instant of a wall-clock reading in the zone (`local`:
    /// seconds since 1970-01-01T00:00 of the zone's clock). A reading that
    /// occurs twice (the hour repeated when clocks go back) is the earlier
    /// instant; one that never occurs (the hour skipped when clocks go
    /// forward) is read with the offset before the change, so it lands
    /// that much later, as a clock that was not set forward would show.
    ///
    /// ```
    /// use cxmetrics::schedule::{Schedule, ScheduleSpec};
    /// let spec = ScheduleSpec { time_zone: "Europe/Paris".into(), ..ScheduleSpec::default() };
    /// let s = Schedule::new(&spec).unwrap();
    /// // 2024-01-15 10:00 in Paris is 09:00 UTC.
    /// let local = 1_705_312_800;
    /// assert_eq!(s.instant(local), local - 3_600);
    /// ```
    pub fn instant(&self, local: i64) -> i64 {
        let mut offsets = self.offsets.borrow_mut();
        offsets.cover(local.saturating_sub(2 * DAY), local.saturating_add(2 * DAY));
        let around = [
            offsets.at(local.saturating_sub(DAY)),
            offsets.at(local),
            offsets.at(local.saturating_add(DAY)),
        ];
        let valid = around
            .iter()
            .map(|&o| i64::from(o))
            .filter(|&o| i64::from(offsets.at(local - o)) == o)
            .max();
        match valid {
            Some(o) => local - o,
            None => local - i64::from(around[0]),
        }
    }
}

/// Whether a timestamp cell writes its own offset or zone (`Z`, `UTC`,
/// `GMT`, `+01:00`, `-0300` after the time), or is a Unix time: then it is
/// a true instant; otherwise it is a wall-clock reading.
///
/// ```
/// use cxmetrics::schedule::names_instant;
/// assert!(names_instant("2024-03-04T09:00:00Z"));
/// assert!(names_instant("2024-03-04 09:00 -03:00"));
/// assert!(names_instant("1709542800"));
/// assert!(!names_instant("2024-03-04 09:00"));
/// assert!(!names_instant("04/03/2024 9:00 PM"));
/// ```
pub fn names_instant(cell: &str) -> bool {
    let t = cell.trim();
    if t.len() >= 10 && t.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let upper = t.to_ascii_uppercase();
    if upper.ends_with('Z') || upper.contains("UTC") || upper.contains("GMT") {
        return true;
    }
    // An offset sign after the time of day (the first `:`).
    match t.find(':') {
        Some(colon) => t[colon..].contains(['+', '-']),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, TimeZone, Timelike};
    use proptest::prelude::*;

    /// Seconds of `date time` read in UTC (a local reading as a number).
    fn at(date: &str, time: &str) -> i64 {
        let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let t = chrono::NaiveTime::parse_from_str(time, "%H:%M").unwrap();
        d.and_time(t).and_utc().timestamp()
    }

    fn schedule(zone: &str, hours: &str, holidays: &[&str]) -> Schedule {
        Schedule::new(&ScheduleSpec {
            time_zone: zone.into(),
            hours: hours.into(),
            holidays: holidays.iter().map(|h| h.to_string()).collect(),
        })
        .unwrap()
    }

    /// The reference: every minute of `[start, end)` (minute-aligned),
    /// read in the zone by chrono-tz, checked against the hours as written.
    fn brute_force(s: &Schedule, start: i64, end: i64) -> f64 {
        let tz: chrono_tz::Tz = s.zone().name().parse().unwrap();
        let holidays = &s.holidays;
        let mut n = 0u64;
        let mut t = start;
        while t < end {
            let local = tz
                .from_utc_datetime(&chrono::DateTime::from_timestamp(t, 0).unwrap().naive_utc())
                .naive_local();
            let day = (local.date() - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days();
            let holiday = holidays.iter().any(|&(a, b)| a <= day && day <= b);
            let wd = local.weekday().num_days_from_monday() as usize;
            let m = local.hour() * 60 + local.minute();
            let today = s.weekly[wd].iter().any(|&(a, b)| a <= m && m < b.min(1440));
            let yesterday = s.weekly[(wd + 6) % 7]
                .iter()
                .any(|&(a, b)| b > 1440 && m + 1440 < b && m + 1440 >= a.max(1440));
            if !holiday && (today || yesterday) {
                n += 1;
            }
            t += 60;
        }
        n as f64
    }

    #[test]
    fn a_ticket_opened_on_a_saturday_starts_on_monday_morning() {
        // Saturday 2024-03-02 14:00 → Monday 2024-03-04 10:30, UTC, Mon–Fri 9–17.
        let s = schedule("UTC", "mon-fri-9-17", &[]);
        let m = s.business_minutes(at("2024-03-02", "14:00"), at("2024-03-04", "10:30"));
        assert_eq!(m, 90.0);
        assert_eq!(
            m,
            brute_force(&s, at("2024-03-02", "14:00"), at("2024-03-04", "10:30"))
        );
    }

    #[test]
    fn across_the_spring_dst_change_in_paris() {
        // Paris moves from +01:00 to +02:00 on Sunday 2024-03-31 at 02:00.
        // 24/7: Saturday 23:00 local (22:00 UTC) → Sunday 04:00 local
        // (02:00 UTC) is 4 real hours, not the 5 the clock shows.
        let s = schedule("Europe/Paris", "24/7", &[]);
        let (a, b) = (at("2024-03-30", "22:00"), at("2024-03-31", "02:00"));
        assert_eq!(s.business_minutes(a, b), 240.0);
        // Mon–Fri 9–17: Friday 16:00 local (15:00 UTC) → Monday 10:00 local
        // (08:00 UTC, summer time): 1 h Friday + 1 h Monday.
        let s = schedule("Europe/Paris", "mon-fri-9-17", &[]);
        let (a, b) = (at("2024-03-29", "15:00"), at("2024-04-01", "08:00"));
        assert_eq!(s.business_minutes(a, b), 120.0);
        assert_eq!(brute_force(&s, a, b), 120.0);
    }

    #[test]
    fn the_repeated_hour_of_the_autumn_change_counts_twice() {
        // Paris goes back from 03:00 to 02:00 on Sunday 2024-10-27
        // (01:00 UTC). Sunday 01:00–04:00 open: the local hours 02:00–03:00
        // happen twice, so the real time inside is 4 hours.
        let s = schedule("Europe/Paris", "Sun 01:00-04:00", &[]);
        let (a, b) = (at("2024-10-26", "20:00"), at("2024-10-27", "06:00"));
        assert_eq!(s.business_minutes(a, b), 240.0);
        assert_eq!(brute_force(&s, a, b), 240.0);
        // Sunday 02:30–03:30 local: 02:30–03:00 summer time, then
        // 02:30–03:30 winter time: 90 minutes.
        let s = schedule("Europe/Paris", "Sun 02:30-03:30", &[]);
        assert_eq!(s.business_minutes(a, b), 90.0);
        assert_eq!(brute_force(&s, a, b), 90.0);
    }

    #[test]
    fn a_holiday_is_closed() {
        // São Paulo (−03:00), 2024-05-01 (Wednesday) a holiday. Tuesday
        // 16:00 local → Thursday 10:00 local: 2 h Tuesday + 2 h Thursday.
        let s = schedule("America/Sao_Paulo", "Mon-Fri 08:00-18:00", &["2024-05-01"]);
        let (a, b) = (at("2024-04-30", "19:00"), at("2024-05-02", "13:00"));
        assert_eq!(s.business_minutes(a, b), 240.0);
        assert_eq!(brute_force(&s, a, b), 240.0);
        // Without the holiday, Wednesday's 10 hours count too.
        let s = schedule("America/Sao_Paulo", "Mon-Fri 08:00-18:00", &[]);
        assert_eq!(s.business_minutes(a, b), 840.0);
        // A range of holidays.
        let s = schedule("UTC", "24/7", &["2024-12-24..2024-12-26"]);
        let (a, b) = (at("2024-12-23", "12:00"), at("2024-12-27", "12:00"));
        assert_eq!(s.business_minutes(a, b), 24.0 * 60.0);
    }

    #[test]
    fn an_overnight_shift_runs_into_the_next_day() {
        // Jakarta (+07:00), Fri 22:00–06:00: a ticket from Friday 21:00 to
        // Saturday 07:00 local waits the 8 hours of the shift.
        let s = schedule("Asia/Jakarta", "Fri 22:00-06:00", &[]);
        let (a, b) = (at("2024-03-08", "14:00"), at("2024-03-09", "00:00"));
        assert_eq!(s.business_minutes(a, b), 480.0);
        assert_eq!(brute_force(&s, a, b), 480.0);
        // The Saturday part is closed when Saturday is a holiday.
        let s = schedule("Asia/Jakarta", "Fri 22:00-06:00", &["2024-03-09"]);
        assert_eq!(s.business_minutes(a, b), 120.0);
        // Sunday night into Monday wraps round the week.
        let s = schedule("UTC", "Sun 23:00-01:00", &[]);
        let (a, b) = (at("2024-03-10", "00:00"), at("2024-03-12", "00:00"));
        assert_eq!(s.business_minutes(a, b), 120.0);
        assert_eq!(brute_force(&s, a, b), 120.0);
    }

    #[test]
    fn readings_become_instants_in_the_zone() {
        let s = schedule("Europe/Paris", "24/7", &[]);
        // Summer: +02:00.
        assert_eq!(
            s.instant(at("2024-07-01", "12:00")),
            at("2024-07-01", "10:00")
        );
        // The skipped hour: 02:30 read with +01:00 → 01:30 UTC.
        assert_eq!(
            s.instant(at("2024-03-31", "02:30")),
            at("2024-03-31", "01:30")
        );
        // The repeated hour: 02:30 is first at +02:00 → 00:30 UTC.
        assert_eq!(
            s.instant(at("2024-10-27", "02:30")),
            at("2024-10-27", "00:30")
        );
        // São Paulo without daylight saving since 2019: −03:00.
        let s = schedule("America/Sao_Paulo", "24/7", &[]);
        assert_eq!(
            s.instant(at("2024-01-10", "09:00")),
            at("2024-01-10", "12:00")
        );
    }

    #[test]
    fn hours_refused_with_a_sentence() {
        for bad in [
            "",
            "Mon-Fri",
            "Moonday 09:00-17:00",
            "Mon 09:00",
            "Mon 09:00-09:00",
            "Mon 25:00-26:00",
            "Mon 09:61-10:00",
            "Mon 9-17x",
            "09:00-17:00",
        ] {
            let e = parse_hours(bad).unwrap_err();
            assert!(
                e.ends_with(|c: char| c != '.') && !e.is_empty(),
                "{bad}: {e}"
            );
        }
        assert!(parse_zone("Mars/Olympus")
            .unwrap_err()
            .contains("America/Sao_Paulo"));
        assert!(parse_holidays(&["2024-05-08..2024-05-01".into()]).is_err());
        assert!(parse_holidays(&["May 1".into()]).is_err());
    }

    #[test]
    fn presets_and_the_zones_of_our_users() {
        let w = parse_hours("24/7").unwrap();
        assert!(w.iter().all(|d| d == &vec![(0, 1440)]));
        assert_eq!(
            parse_hours("Mon-Fri 8-20").unwrap(),
            parse_hours("mon-fri-8-20").unwrap()
        );
        assert_eq!(
            parse_hours("Fri-Mon 9:00-17:00").unwrap()[6],
            vec![(540, 1020)]
        );
        assert_eq!(
            parse_hours("Mon–Fri 9–17").unwrap(),
            parse_hours("MON-FRI-9-17").unwrap()
        );
        for zone in USER_ZONES {
            assert!(parse_zone(zone).is_ok(), "{zone}");
        }
    }

    /// The zones the page suggests (www/sections/hours.js keeps the same
    /// list; any other IANA name is accepted too).
    const USER_ZONES: &[&str] = &[
        "UTC",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "America/Toronto",
        "America/Vancouver",
        "America/Edmonton",
        "America/Winnipeg",
        "America/Halifax",
        "America/St_Johns",
        "America/Mexico_City",
        "America/Tijuana",
        "America/Cancun",
        "America/Bogota",
        "America/Lima",
        "America/Santiago",
        "America/Argentina/Buenos_Aires",
        "America/Sao_Paulo",
        "America/Manaus",
        "America/Cuiaba",
        "Europe/London",
        "Europe/Dublin",
        "Europe/Lisbon",
        "Europe/Madrid",
        "Europe/Paris",
        "Europe/Berlin",
        "Europe/Brussels",
        "Europe/Amsterdam",
        "Europe/Rome",
        "Atlantic/Azores",
        "Atlantic/Madeira",
        "Atlantic/Canary",
        "Asia/Jakarta",
        "Asia/Makassar",
        "Asia/Jayapura",
        "Asia/Kolkata",
        "Australia/Perth",
        "Australia/Darwin",
        "Australia/Adelaide",
        "Australia/Brisbane",
        "Australia/Sydney",
        "Australia/Melbourne",
        "Australia/Hobart",
        "Pacific/Honolulu",
        "Pacific/Auckland",
    ];

    const ZONES: &[&str] = &[
        "UTC",
        "Europe/Paris",
        "America/Sao_Paulo",
        "America/New_York",
        "America/St_Johns",
        "Australia/Sydney",
        "Australia/Adelaide",
        "Asia/Kolkata",
        "America/Santiago",
    ];

    const HOURS: &[&str] = &[
        "mon-fri-9-17",
        "24/7",
        "Mon-Fri 08:00-12:00,13:00-18:30; Sat 10:00-14:00",
        "Fri 22:00-06:00; Sun 23:30-00:30",
        "Mon,Wed 00:00-24:00; Tue 02:15-03:45",
        // Overlapping intervals, and the small hours of Sunday when the
        // clocks change in Europe and the United States.
        "Sun 01:00-04:00,02:30-05:00; Mon-Fri 9-17; Sat 20:00-03:00",
    ];

    /// Days (2024) on which one of [`ZONES`] changes its offset: the
    /// United States and Canada (10 March, 3 November), Europe (31 March,
    /// 27 October), Chile and south-east Australia (7 April, 8 September,
    /// 6 October).
    const CHANGES_2024: &[&str] = &[
        "2024-03-10",
        "2024-03-31",
        "2024-04-07",
        "2024-09-08",
        "2024-10-06",
        "2024-10-27",
        "2024-11-03",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The formula agrees with a minute-by-minute count across zones
        /// (DST changes north and south), overnight shifts and holidays.
        /// Half of the intervals start within a week before a day on which
        /// clocks change, and the holiday range falls inside or next to the
        /// interval, so both are met often.
        #[test]
        fn agrees_with_the_minute_by_minute_count(
            zone in 0..ZONES.len(),
            hours in 0..HOURS.len(),
            // 2023-01-01 … 2025-12-31, minute-aligned.
            anywhere in 27_856_800i64..28_907_000,
            near_change in proptest::option::of((0..CHANGES_2024.len(), 0i64..(7 * 1440))),
            len_min in 0i64..(12 * 1440),
            // First holiday: days after the interval's first day (−1 … 12), and its length.
            holiday in proptest::option::of((-1i64..13, 0i64..4)),
        ) {
            let start_min = match near_change {
                Some((i, before)) => at(CHANGES_2024[i], "00:00") / 60 - before,
                None => anywhere,
            };
            let first_day = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
                + chrono::Days::new((start_min / 1440) as u64);
            let holidays: Vec<String> = holiday
                .map(|(d, n)| {
                    let first = first_day.checked_add_signed(chrono::TimeDelta::days(d)).unwrap();
                    let last = first + chrono::Days::new(n as u64);
                    vec![format!("{first}..{last}")]
                })
                .unwrap_or_default();
            let s = Schedule::new(&ScheduleSpec {
                time_zone: ZONES[zone].into(),
                hours: HOURS[hours].into(),
                holidays,
            }).unwrap();
            let (a, b) = (start_min * 60, (start_min + len_min) * 60);
            prop_assert_eq!(s.business_minutes(a, b), brute_force(&s, a, b));
        }
    }

    #[test]
    fn long_spans_are_quick_and_exact() {
        // Eighty years of 24/7 is every minute; Mon–Fri 9–17 is 40 h a week.
        let s = schedule("Europe/Paris", "24/7", &[]);
        let (a, b) = (at("2000-01-01", "00:00"), at("2080-01-01", "00:00"));
        assert_eq!(s.business_minutes(a, b), ((b - a) / 60) as f64);
        let s = schedule("UTC", "mon-fri-9-17", &[]);
        let monday = at("2024-03-04", "00:00");
        assert_eq!(
            s.business_minutes(monday, monday + 1000 * WEEK),
            1000.0 * 40.0 * 60.0
        );
    }
}
