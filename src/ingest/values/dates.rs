//! Dates and times: ISO 8601 and its spreadsheet cousins, day-first and
//! month-first dates, Unix times and Excel serials, and the detector that
//! decides a column's style.

use super::trim::trim_cell;
use super::Cursor;
use super::*;
use crate::words::le_u64;
use chrono::NaiveDate;
use serde::Serialize;

/// How a date column is written. Every textual style also reads the
/// year-first shapes (`2024-03-05`, `2024/03/05`), which are unambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateStyle {
    /// Year first: ISO 8601 and its spreadsheet cousins.
    Iso,
    /// `05/03/2024` is 5 March (also `.` and `-` separators).
    DayFirst,
    /// `03/05/2024` is 5 March.
    MonthFirst,
    /// Seconds since 1970-01-01T00:00:00Z, 0 … [`UNIX_SECONDS_MAX`].
    UnixSeconds,
    /// Milliseconds since the epoch, 0 … [`UNIX_MILLIS_MAX`].
    UnixMillis,
    /// Excel's 1900 date system, serial days 1 … [`EXCEL_SERIAL_MAX`].
    ExcelSerial,
}

/// Latest accepted Unix time in seconds: 2099-12-31T23:59:59Z.
pub const UNIX_SECONDS_MAX: u64 = 4_102_444_799;
/// Latest accepted Unix time in milliseconds: 2099-12-31T23:59:59.999Z.
pub const UNIX_MILLIS_MAX: u64 = 4_102_444_799_999;
/// Latest accepted Excel serial day: 9999-12-31.
pub const EXCEL_SERIAL_MAX: u64 = 2_958_465;

/// Seconds since the epoch from calendar fields, validated by chrono.
fn civil_to_unix(
    y: i32,
    mo: u32,
    d: u32,
    h: u32,
    mi: u32,
    s: u32,
    offset: i64,
) -> Result<i64, &'static str> {
    let date = NaiveDate::from_ymd_opt(y, mo, d).ok_or(NO_SUCH_DATE)?;
    if h > 23 || mi > 59 || s > 59 {
        return Err(NO_SUCH_TIME);
    }
    let days = crate::time::day_of_date(date);
    Ok(days * 86_400 + i64::from(h) * 3_600 + i64::from(mi) * 60 + i64::from(s) - offset)
}

/// The high bit of every byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Three little-endian words of 24 bytes.
const fn words(b: [u8; 24]) -> [u64; 3] {
    let mut w = [0u64; 3];
    let mut i = 0;
    while i < 24 {
        w[i / 8] |= (b[i] as u64) << (8 * (i % 8));
        i += 1;
    }
    w
}

/// The fixed-width ISO shapes that make up most exports, read a word at a
/// time: `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM`, `YYYY-MM-DD[T ]HH:MM:SS`,
/// `YYYY-MM-DDTHH:MM:SSZ`. `None` means "not this shape".
#[inline]
fn fast_iso(b: &[u8]) -> Option<Result<i64, &'static str>> {
    let n = b.len();
    if !matches!(n, 10 | 16 | 19 | 20) {
        return None;
    }
    // The shape as three little-endian words of its longest form
    // `YYYY-MM-DDTHH:MM:SSz` + padding, absent time parts reading as
    // zeros, so every shape is checked and summed the same way. Words are
    // loaded whole (no copy of a variable length).
    let load = |at: usize| le_u64(b, at).unwrap_or(0);
    const EXPECTED: [u64; 3] = words(*b"0000-00-00T00:00:00z0000");
    const TAIL: u64 = EXPECTED[2];
    let w0 = load(0);
    let (w1, w2) = match n {
        // Bytes 8–9 (the day) from the word at 2, then `T00:00`.
        10 => ((load(2) >> 48) | (EXPECTED[1] & !0xffff), TAIL),
        16 => (load(8), TAIL),
        // Bytes 16–18 (`:SS`) from the word at 11, then `z0000`.
        19 => (load(8), (load(11) >> 40) | (TAIL & !0xff_ffff)),
        _ => (load(8), (load(12) >> 32) | (TAIL & !0xffff_ffff)),
    };
    // `T` or space between date and time; `Z` or `z` at the end.
    let w1 = if (w1 >> 16) & 0xff == u64::from(b' ') {
        (w1 & !(0xff << 16)) | (u64::from(b'T') << 16)
    } else {
        w1
    };
    let w2 = w2 | (0x20 << 24);
    // The digit places hold '0'–'9' and the other places exactly `-`, `-`,
    // `T`, `:`, `:`, `z`.
    const DIGITS: [u64; 3] = words(
        *b"\xff\xff\xff\xff\0\xff\xff\0\xff\xff\0\xff\xff\0\xff\xff\0\xff\xff\0\xff\xff\xff\xff",
    );
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    // Word `i` in shape (called three times, not looped: a loop is not
    // unrolled at the wasm's opt-level "s").
    let in_shape = |w: u64, i: usize| {
        let (digits, expected) = (DIGITS[i], EXPECTED[i]);
        // Digits in place, '0' elsewhere: any byte above '9' sets its high
        // bit in the add, any below '0' in the subtract (a carry or borrow
        // only starts at such a byte).
        let d = (w & digits) | (ZEROS & !digits);
        ((d.wrapping_add(0x4646_4646_4646_4646) | d.wrapping_sub(ZEROS)) & HIGH_BITS == 0)
            & (w & !digits == expected & !digits)
    };
    if !(in_shape(w0, 0) & in_shape(w1, 1) & in_shape(w2, 2)) {
        return None;
    }
    // Two-digit numbers a word at a time: with every byte's low nibble
    // (digits 0–9, separators at most 15), byte k of `pairs(w)` is
    // 10 × byte k + byte k + 1, at most 165, so nothing carries between
    // bytes. Only pairs within one word are read.
    let pairs = |w: u64| {
        let n = w & 0x0f0f_0f0f_0f0f_0f0f;
        n.wrapping_mul(10).wrapping_add(n >> 8)
    };
    let byte = |w: u64, k: u32| ((w >> (8 * k)) & 0xff) as u32;
    let (p0, p1, p2) = (pairs(w0), pairs(w1), pairs(w2));
    // `YYYY-MM-` | `DDTHH:MM` | `:SSz0000`.
    let y = byte(p0, 0) * 100 + byte(p0, 2);
    let (mo, d) = (byte(p0, 5), byte(p1, 0));
    let (h, mi, s) = (byte(p1, 3), byte(p1, 6), byte(p2, 1));
    let Some(days) = crate::time::days_from_civil(y, mo, d) else {
        return Some(Err(NO_SUCH_DATE));
    };
    if h > 23 || mi > 59 || s > 59 {
        return Some(Err(NO_SUCH_TIME));
    }
    Some(Ok(days * 86_400
        + i64::from(h) * 3_600
        + i64::from(mi) * 60
        + i64::from(s)))
}

/// Two-digit years: 00–69 → 2000–2069, 70–99 → 1970–1999 (the POSIX
/// `strptime` pivot).
fn pivot_year(y: u64) -> u64 {
    if y < 70 {
        2000 + y
    } else {
        1900 + y
    }
}

/// The general textual grammar (see [`parse_timestamp`]).
fn parse_text(t: &str, style: DateStyle) -> Result<i64, &'static str> {
    let b = t.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return Err(NUMBER_NOT_DATE);
    }
    let mut c = Cursor { b, i: 0 };
    let (f1, l1) = c.number();
    if l1 == 0 {
        return Err(NOT_A_DATE);
    }
    let sep = match c.peek() {
        Some(x @ (b'-' | b'/' | b'.')) => x,
        Some(b',') if l1 >= 5 => return Err(NUMBER_NOT_DATE),
        _ => return Err(NOT_A_DATE),
    };
    c.i += 1;
    let (f2, l2) = c.number();
    if l2 == 0 || l2 > 2 || !c.eat(sep) {
        // `45356.5`: a decimal number, not a date.
        if l1 >= 5 && c.at_end() && l2 > 0 && sep == b'.' {
            return Err(NUMBER_NOT_DATE);
        }
        return Err(NOT_A_DATE);
    }
    let (f3, l3) = c.number();
    let (y, mo, d) = if l1 == 4 {
        if !(1..=2).contains(&l3) {
            return Err(NOT_A_DATE);
        }
        (f1, f2, f3)
    } else if (1..=2).contains(&l1) && (l3 == 4 || l3 == 2) {
        let y = if l3 == 2 { pivot_year(f3) } else { f3 };
        match style {
            DateStyle::MonthFirst => (y, f1, f2),
            DateStyle::DayFirst => (y, f2, f1),
            _ => return Err(DATE_ORDER_MISMATCH),
        }
    } else {
        return Err(NOT_A_DATE);
    };

    let (mut h, mut mi, mut s, mut offset) = (0u64, 0u64, 0u64, 0i64);
    if !c.at_end() {
        // Date–time separator: `T`, spaces, or `, `.
        if !(c.eat(b'T') || c.eat(b't')) {
            let comma = c.eat(b',');
            if c.spaces() == 0 && !comma {
                return Err(NOT_A_DATE);
            }
        }
        let (hv, lh) = c.number();
        if !(1..=2).contains(&lh) || !c.eat(b':') {
            return Err(NOT_A_DATE);
        }
        let (mv, lm) = c.number();
        if lm != 2 {
            return Err(NOT_A_DATE);
        }
        h = hv;
        mi = mv;
        if c.eat(b':') {
            let (sv, ls) = c.number();
            if ls != 2 {
                return Err(NOT_A_DATE);
            }
            s = sv;
            // A fraction of a second is dropped (times are whole seconds,
            // rounded down).
            if matches!(c.peek(), Some(b'.') | Some(b',')) {
                c.i += 1;
                if c.number().1 == 0 {
                    return Err(NOT_A_DATE);
                }
            }
        }
        c.spaces();
        let pm = if c.word(b"am") || c.word(b"a.m.") {
            Some(false)
        } else if c.word(b"pm") || c.word(b"p.m.") {
            Some(true)
        } else {
            None
        };
        if let Some(pm) = pm {
            if !(1..=12).contains(&h) {
                return Err(NO_SUCH_TIME);
            }
            h = h % 12 + if pm { 12 } else { 0 };
        }
        c.spaces();
        let zulu = c.eat(b'Z') || c.eat(b'z');
        if !zulu && (c.word(b"utc") || c.word(b"gmt")) {
            c.spaces();
        }
        if let (false, Some(sign @ (b'+' | b'-'))) = (zulu, c.peek()) {
            c.i += 1;
            let (ov, lo) = c.number();
            let (oh, om) = match lo {
                4 => (ov / 100, ov % 100),
                2 => {
                    if c.eat(b':') {
                        let (mv, lmv) = c.number();
                        if lmv != 2 {
                            return Err(BAD_OFFSET);
                        }
                        (ov, mv)
                    } else {
                        (ov, 0)
                    }
                }
                _ => return Err(BAD_OFFSET),
            };
            if oh > 23 || om > 59 {
                return Err(BAD_OFFSET);
            }
            let secs = (oh * 3_600 + om * 60) as i64;
            offset = if sign == b'-' { -secs } else { secs };
        }
        if !c.at_end() {
            return Err(NOT_A_DATE);
        }
    }
    // y ≤ 9999, mo/d/h/mi/s ≤ 99: all fit the narrower types.
    civil_to_unix(
        y as i32, mo as u32, d as u32, h as u32, mi as u32, s as u32, offset,
    )
}

/// A plain non-negative number `digits[(.|,)digits]`: (integer part, its
/// digit count, fraction as numerator and power-of-ten denominator).
fn plain_number(t: &str) -> Option<(u64, usize, u64, u64)> {
    let mut c = Cursor {
        b: t.as_bytes(),
        i: 0,
    };
    let (int, il) = c.number();
    if il == 0 {
        return None;
    }
    let (num, den) = c.fraction()?;
    c.at_end().then_some((int, il, num, den))
}

fn parse_epoch(t: &str, style: DateStyle) -> Option<Result<i64, &'static str>> {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (int, il, num, den) = plain_number(body)?;
    if body.len() != t.len() && t.starts_with('-') {
        return Some(Err(TIMESTAMP_OUT_OF_RANGE));
    }
    Some(match style {
        DateStyle::UnixSeconds if il <= 12 && int <= UNIX_SECONDS_MAX => Ok(int as i64),
        DateStyle::UnixMillis if il <= 15 && int <= UNIX_MILLIS_MAX => Ok((int / 1000) as i64),
        DateStyle::ExcelSerial if (1..=EXCEL_SERIAL_MAX).contains(&int) && il <= 7 => {
            if int == 60 {
                return Some(Err(EXCEL_FAKE_LEAP_DAY));
            }
            // Serial 1 = 1900-01-01; Excel counts a 1900-02-29 (serial 60),
            // so from serial 61 on the epoch is 1899-12-30 (25 569 days
            // before 1970-01-01), before it 1899-12-31.
            let days = int as i64 - if int < 60 { 25_568 } else { 25_569 };
            let seconds = (num as f64 / den as f64 * 86_400.0).round() as i64;
            Ok(days * 86_400 + seconds)
        }
        _ => Err(TIMESTAMP_OUT_OF_RANGE),
    })
}

/// Reads a date or date-time as seconds since 1970-01-01T00:00:00 UTC.
///
/// Time zones: a time with an offset (`Z`, `UTC`, `GMT`, `+01:00`, `+0100`,
/// `+01`, `-03:00`, with or without a space before it, also `UTC+01:00`) is
/// converted to UTC. A naive time (no offset) is taken as UTC wall-clock
/// time: the result is the wall-clock reading, not the true instant, but
/// differences between times in one file stay right, which is all the
/// metrics use. Fractions of a second are dropped (rounded down).
///
/// Textual shapes (styles [`DateStyle::Iso`], [`DateStyle::DayFirst`],
/// [`DateStyle::MonthFirst`]):
/// - date: `YYYY-MM-DD` (also `/` `.`, one-digit month/day allowed) in every
///   textual style; `DD/MM/YYYY` or `MM/DD/YYYY` (also `.` and `-`, one-digit
///   parts, two-digit years pivoting 00–69 → 20xx, 70–99 → 19xx) in the
///   day-first or month-first style — in the ISO style they are
///   [`DATE_ORDER_MISMATCH`];
/// - optional time after `T`, spaces, or `, `: `H:MM`, `HH:MM:SS`, optional
///   fraction (`.123`, `,5`), optional `AM`/`PM`/`a.m.`/`p.m.` (hour 1–12,
///   12 AM = 00:00), optional zone as above.
///
/// Numeric styles: [`DateStyle::UnixSeconds`] (integer 0 …
/// [`UNIX_SECONDS_MAX`], a fraction is dropped), [`DateStyle::UnixMillis`]
/// (0 … [`UNIX_MILLIS_MAX`], rounded down to the second),
/// [`DateStyle::ExcelSerial`] (1900 date system, serial 1 = 1900-01-01 …
/// [`EXCEL_SERIAL_MAX`] = 9999-12-31, time of day as the fraction, rounded
/// to the nearest second, `.` or `,` decimal; serial 60, Excel's invented
/// 1900-02-29, is [`EXCEL_FAKE_LEAP_DAY`]; 0 and time-only fractions are out
/// of range). A numeric-style column still reads ISO text cells.
///
/// Invalid calendar dates (`31/02/2024`, `0000-00-00`, `2024-13-01`) are
/// [`NO_SUCH_DATE`]; `24:00`, `13:00 PM` are [`NO_SUCH_TIME`].
///
/// ```
/// use cxmetrics::ingest::values::{parse_timestamp, DateStyle::*, NO_SUCH_DATE};
/// // 2024-03-05 is 19 787 days after 1970-01-01; 14:07:09 is 50 829 s.
/// assert_eq!(parse_timestamp("2024-03-05T14:07:09Z", Iso), Ok(1_709_647_629));
/// assert_eq!(parse_timestamp("2024-03-05 14:07:09 +0100", Iso), Ok(1_709_647_629 - 3_600));
/// assert_eq!(parse_timestamp("05/03/2024 2:07:09 PM", DayFirst), Ok(1_709_647_629));
/// assert_eq!(parse_timestamp("45356.5", ExcelSerial), Ok(1_709_596_800 + 43_200));
/// assert_eq!(parse_timestamp("31/02/2024", DayFirst), Err(NO_SUCH_DATE));
/// ```
pub fn parse_timestamp(s: &str, style: DateStyle) -> Result<i64, &'static str> {
    let t = trim_cell(s);
    if t.is_empty() {
        return Err(EMPTY);
    }
    match style {
        DateStyle::UnixSeconds | DateStyle::UnixMillis | DateStyle::ExcelSerial => {
            if let Some(r) = parse_epoch(t, style) {
                return r;
            }
            match fast_iso(t.as_bytes()) {
                Some(r) => r,
                None => parse_text(t, DateStyle::Iso),
            }
        }
        DateStyle::Iso | DateStyle::DayFirst | DateStyle::MonthFirst => {
            match fast_iso(t.as_bytes()) {
                Some(r) => r,
                None => parse_text(t, style),
            }
        }
    }
}

/// What a [`DateStyleDetector`] concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateStyleDecision {
    /// Year-first dates only.
    Iso,
    /// Some dates can only be day-first (`13/03/2024`), none only month-first.
    DayFirst,
    /// Some dates can only be month-first (`03/13/2024`), none only day-first.
    MonthFirst,
    /// Every day/month date has both parts ≤ 12: nothing decides. The
    /// documented default is day-first (the order of every language the page
    /// speaks except US English), shown with [`AMBIGUOUS_DATES_NOTICE`].
    Ambiguous,
    /// Both unmistakable orders occur; the more common is used (ties:
    /// day-first), shown with [`MIXED_DATES_NOTICE`].
    Mixed {
        /// The order used.
        assumed: DateStyle,
    },
    /// 10-digit integers from 2001-09-09 to 2099.
    UnixSeconds,
    /// 13-digit integers from 2001-09-09 to 2099.
    UnixMillis,
    /// Numbers from 25 569 (1970-01-01) to 73 050 (2099-12-31): Excel days.
    ExcelSerial,
    /// No cell looked like a date.
    Unknown,
}

impl DateStyleDecision {
    /// The style to read the column with; `None` when nothing looked like a
    /// date.
    ///
    /// ```
    /// use cxmetrics::ingest::values::{DateStyle, DateStyleDecision};
    /// assert_eq!(DateStyleDecision::Ambiguous.style(), Some(DateStyle::DayFirst));
    /// ```
    pub fn style(self) -> Option<DateStyle> {
        Some(match self {
            DateStyleDecision::Iso => DateStyle::Iso,
            DateStyleDecision::DayFirst | DateStyleDecision::Ambiguous => DateStyle::DayFirst,
            DateStyleDecision::MonthFirst => DateStyle::MonthFirst,
            DateStyleDecision::Mixed { assumed } => assumed,
            DateStyleDecision::UnixSeconds => DateStyle::UnixSeconds,
            DateStyleDecision::UnixMillis => DateStyle::UnixMillis,
            DateStyleDecision::ExcelSerial => DateStyle::ExcelSerial,
            DateStyleDecision::Unknown => return None,
        })
    }

    /// The sentence the page shows when the order was assumed.
    ///
    /// ```
    /// use cxmetrics::ingest::values::{DateStyleDecision, AMBIGUOUS_DATES_NOTICE};
    /// assert_eq!(DateStyleDecision::Ambiguous.notice(), Some(AMBIGUOUS_DATES_NOTICE));
    /// ```
    pub fn notice(self) -> Option<&'static str> {
        match self {
            DateStyleDecision::Ambiguous => Some(AMBIGUOUS_DATES_NOTICE),
            DateStyleDecision::Mixed { .. } => Some(MIXED_DATES_NOTICE),
            _ => None,
        }
    }
}

/// Lowest Unix seconds the detector takes for a timestamp (10 digits).
const DETECT_UNIX_MIN: u64 = 1_000_000_000;
/// Excel serial of 1970-01-01, the lowest the detector takes for a date.
const DETECT_EXCEL_MIN: u64 = 25_569;
/// Excel serial of 2100-01-01 (exclusive upper bound for detection).
const DETECT_EXCEL_END: u64 = 73_051;

/// Decides a date column's style from the cells it observes.
///
/// A plain number votes Unix seconds (10 digits, 2001-09-09 … 2099), Unix
/// milliseconds (13 digits, same span) or Excel serial (25 569 … 73 050,
/// i.e. 1970 … 2099, fraction allowed); other numbers are unreadable. A
/// year-first date votes ISO. A day/month date votes day-first or
/// month-first when only one reading is a real date, and is ambiguous when
/// both are. Numbers win when they outnumber text dates. Memory is a few
/// counters.
///
/// ```
/// use cxmetrics::ingest::values::{DateStyleDecision, DateStyleDetector};
/// let mut d = DateStyleDetector::new();
/// for cell in ["05/03/2024", "03/04/2024"] {
///     d.observe(cell);
/// }
/// assert_eq!(d.decide(), DateStyleDecision::Ambiguous);
/// d.observe("25/03/2024");
/// assert_eq!(d.decide(), DateStyleDecision::DayFirst);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateStyleDetector {
    iso: u64,
    day_first: u64,
    month_first: u64,
    ambiguous: u64,
    unix_seconds: u64,
    unix_millis: u64,
    excel: u64,
    unreadable: u64,
}

impl DateStyleDetector {
    /// An empty detector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Looks at one cell.
    pub fn observe(&mut self, cell: &str) {
        let t = trim_cell(cell);
        if t.is_empty() {
            return;
        }
        if let Some((int, il, _, den)) = plain_number(t) {
            let whole = den == 1;
            if whole && il == 10 && (DETECT_UNIX_MIN..=UNIX_SECONDS_MAX).contains(&int) {
                self.unix_seconds += 1;
            } else if whole && il == 13 && (DETECT_UNIX_MIN * 1000..=UNIX_MILLIS_MAX).contains(&int)
            {
                self.unix_millis += 1;
            } else if (DETECT_EXCEL_MIN..DETECT_EXCEL_END).contains(&int) {
                self.excel += 1;
            } else {
                self.unreadable += 1;
            }
            return;
        }
        if parse_timestamp(t, DateStyle::Iso).is_ok() {
            self.iso += 1;
            return;
        }
        match (
            parse_timestamp(t, DateStyle::DayFirst),
            parse_timestamp(t, DateStyle::MonthFirst),
        ) {
            (Ok(_), Ok(_)) => self.ambiguous += 1,
            (Ok(_), Err(_)) => self.day_first += 1,
            (Err(_), Ok(_)) => self.month_first += 1,
            (Err(_), Err(_)) => self.unreadable += 1,
        }
    }

    /// Adds another detector's observations.
    pub fn merge(&mut self, other: &DateStyleDetector) {
        self.iso = self.iso.saturating_add(other.iso);
        self.day_first = self.day_first.saturating_add(other.day_first);
        self.month_first = self.month_first.saturating_add(other.month_first);
        self.ambiguous = self.ambiguous.saturating_add(other.ambiguous);
        self.unix_seconds = self.unix_seconds.saturating_add(other.unix_seconds);
        self.unix_millis = self.unix_millis.saturating_add(other.unix_millis);
        self.excel = self.excel.saturating_add(other.excel);
        self.unreadable = self.unreadable.saturating_add(other.unreadable);
    }

    /// Cells that matched no date shape.
    pub fn unreadable(&self) -> u64 {
        self.unreadable
    }

    /// The decision from the cells seen so far (see [`DateStyleDecision`]).
    pub fn decide(&self) -> DateStyleDecision {
        let numeric = self
            .unix_seconds
            .saturating_add(self.unix_millis)
            .saturating_add(self.excel);
        let textual = self
            .iso
            .saturating_add(self.day_first)
            .saturating_add(self.month_first)
            .saturating_add(self.ambiguous);
        if numeric == 0 && textual == 0 {
            return DateStyleDecision::Unknown;
        }
        if numeric > textual {
            return if self.unix_seconds >= self.unix_millis && self.unix_seconds >= self.excel {
                DateStyleDecision::UnixSeconds
            } else if self.unix_millis >= self.excel {
                DateStyleDecision::UnixMillis
            } else {
                DateStyleDecision::ExcelSerial
            };
        }
        match (self.day_first > 0, self.month_first > 0) {
            (true, true) => DateStyleDecision::Mixed {
                assumed: if self.month_first > self.day_first {
                    DateStyle::MonthFirst
                } else {
                    DateStyle::DayFirst
                },
            },
            (true, false) => DateStyleDecision::DayFirst,
            (false, true) => DateStyleDecision::MonthFirst,
            (false, false) if self.ambiguous > 0 => DateStyleDecision::Ambiguous,
            (false, false) => DateStyleDecision::Iso,
        }
    }
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
