//! Cell values ([contract §7](crate::contract)): numbers in the world's formats, money, percent,
//! dates and times, yes/no answers and durations.
//!
//! Every parser takes one field already decoded to UTF-8 and returns either
//! a value or a one-sentence reason (one of the `pub const` reasons below,
//! shown on the skipped-rows list). Nothing here panics or allocates on the
//! per-cell path, and no parser ever returns NaN or infinity.
//!
//! Formats are decided per column (or per file) by the detectors
//! [`NumberStyleDetector`] and [`DateStyleDetector`], which observe many
//! cells and say what they decided and when they had to assume; the parsers
//! then read every cell with that decision.
//!
//! | value | parser | decided by |
//! |---|---|---|
//! | number, money, percent | [`parse_number`], [`parse_cents`] | [`NumberStyleDetector`] |
//! | date and time | [`parse_timestamp`] | [`DateStyleDetector`] |
//! | yes/no | [`parse_bool`] | — |
//! | duration in minutes | [`parse_minutes`] | [`NumberStyleDetector`] |

use crate::words::le_u64;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

// ---------------------------------------------------------------------------
// Reasons
// ---------------------------------------------------------------------------

/// Reason: the cell holds nothing but whitespace.
pub const EMPTY: &str = "the cell is empty";
/// Reason: the text is not a number (letters, `NaN`, `inf`, `∞`, two signs …).
pub const NOT_A_NUMBER: &str = "not a number";
/// Reason: digits and separators that do not fit the column's number format
/// (`1,2,3`, or `12,5` in a `1,234.56` column).
pub const WRONG_SEPARATORS: &str = "the digit separators do not match the column's number format";
/// Reason: the number is too large to be represented (`1e309`).
pub const OUT_OF_RANGE: &str = "the number is too large to use";
/// Reason: the text is not a date or time in any accepted shape.
pub const NOT_A_DATE: &str = "not a date or time";
/// Reason: the date does not exist in the calendar (`31/02/2024`, `2024-13-01`).
pub const NO_SUCH_DATE: &str = "no such calendar date";
/// Reason: the time of day does not exist (`25:00`, `13:00 PM`).
pub const NO_SUCH_TIME: &str = "no such time of day";
/// Reason: the time-zone offset is malformed or larger than ±23:59.
pub const BAD_OFFSET: &str = "the time-zone offset is not valid";
/// Reason: a day/month/year date in a column read as year-month-day.
pub const DATE_ORDER_MISMATCH: &str =
    "the date is day/month/year or month/day/year but the column was read as year-month-day";
/// Reason: a plain number in a column read as text dates.
pub const NUMBER_NOT_DATE: &str = "a plain number where a date was expected";
/// Reason: a Unix time or Excel serial outside the accepted range.
pub const TIMESTAMP_OUT_OF_RANGE: &str =
    "the Unix time or Excel serial day is outside the accepted range";
/// Reason: Excel serial 60, the 29 February 1900 that Excel invents.
pub const EXCEL_FAKE_LEAP_DAY: &str =
    "Excel serial day 60 is 29 February 1900, a day that never existed";
/// Reason: the text is neither a number of minutes nor `hh:mm[:ss]`.
pub const NOT_A_DURATION: &str = "not a duration in minutes or hh:mm[:ss]";
/// Reason: a duration below zero.
pub const NEGATIVE_DURATION: &str = "a duration cannot be negative";

/// Notice shown when a date column never says which part is the day.
pub const AMBIGUOUS_DATES_NOTICE: &str =
    "dates like 05/03/2024 could be 5 March or May 3: assumed day-first — change it if wrong";
/// Notice shown when a date column has both unmistakably day-first and
/// unmistakably month-first dates.
pub const MIXED_DATES_NOTICE: &str = "the column mixes day-first and month-first dates: the more common order was assumed and the other rows are skipped";
/// Notice shown when a number column never says which separator is decimal.
pub const AMBIGUOUS_NUMBERS_NOTICE: &str = "numbers like 1.234 or 1,234 could be thousands or decimals: assumed the separator groups thousands — change it if wrong";
/// Notice shown when a number column has both `1,234.56`-style and
/// `1.234,56`-style numbers.
pub const MIXED_NUMBERS_NOTICE: &str = "the column mixes 1,234.56 and 1.234,56 number formats: the more common one was assumed and the other rows are skipped";

// ---------------------------------------------------------------------------
// Trimming
// ---------------------------------------------------------------------------

#[inline]
fn is_ascii_space(x: u8) -> bool {
    x == b' ' || (0x09..=0x0d).contains(&x)
}

/// An ASCII byte that is not whitespace: a cell edge nothing trims.
#[inline]
fn plain_edge(x: u8) -> bool {
    x < 0x80 && !is_ascii_space(x)
}

#[inline]
fn is_unicode_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}'
}

/// Strips surrounding whitespace: ASCII whitespace, every Unicode
/// `White_Space` character (U+00A0 no-break space, U+202F narrow no-break
/// space, U+2007, U+2009 …), the zero-width space U+200B and a stray
/// byte-order mark U+FEFF. Works on bytes; only non-ASCII edges are decoded.
///
/// ```
/// use cxmetrics::ingest::values::trim_whitespace;
/// assert_eq!(trim_whitespace("\u{a0} 12,5\u{202f}\t"), "12,5");
/// ```
pub fn trim_whitespace(s: &str) -> &str {
    let b = s.as_bytes();
    // Most cells start and end with a visible ASCII character.
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if plain_edge(f) && plain_edge(l) => return s,
        (None, _) => return s,
        _ => {}
    }
    trim_whitespace_edges(s)
}

/// [`trim_whitespace`] without its shortcut for plain ASCII edges.
fn trim_whitespace_edges(s: &str) -> &str {
    let b = s.as_bytes();
    let mut start = 0;
    while let Some(&x) = b.get(start) {
        if x < 0x80 {
            if is_ascii_space(x) {
                start += 1;
                continue;
            }
            break;
        }
        match s.get(start..).and_then(|r| r.chars().next()) {
            Some(c) if is_unicode_space(c) => start += c.len_utf8(),
            _ => break,
        }
    }
    let mut end = b.len();
    while end > start {
        let x = b[end - 1];
        if x < 0x80 {
            if is_ascii_space(x) {
                end -= 1;
                continue;
            }
            break;
        }
        match s.get(start..end).and_then(|r| r.chars().next_back()) {
            Some(c) if is_unicode_space(c) => end -= c.len_utf8(),
            _ => break,
        }
    }
    s.get(start..end).unwrap_or("")
}

/// Trims a cell for parsing: surrounding whitespace as in
/// [`trim_whitespace`], then one leading `'` — the text marker that Excel
/// users type and that exports add to defuse formulas (`'0123`, `'-12.5`,
/// `'=SUM`) — then whitespace again.
///
/// The `'` is kept when it is the whole cell or when the cell also ends in
/// `'` (`'quoted'` is text in quotes, not a marker). Apostrophe digit
/// grouping (`1'234`) never starts with `'`, so it is unaffected.
///
/// ```
/// use cxmetrics::ingest::values::trim_cell;
/// assert_eq!(trim_cell("  '-12.5 "), "-12.5");
/// assert_eq!(trim_cell("'quoted'"), "'quoted'");
/// assert_eq!(trim_cell("\u{a0}1'234\u{a0}"), "1'234");
/// ```
#[inline]
pub fn trim_cell(s: &str) -> &str {
    // Most cells: visible ASCII (0x21–0x7f) at both ends and no text
    // marker. Anything else, control bytes that are not spaces included,
    // takes the general path.
    let b = s.as_bytes();
    if let (Some(&f), Some(&l)) = (b.first(), b.last()) {
        let visible = |x: u8| x.wrapping_sub(0x21) < 0x5f;
        if visible(f) & visible(l) & (f != b'\'') {
            return s;
        }
    }
    trim_cell_marker(s)
}

/// [`trim_cell`] without its shortcut for plain ASCII edges.
fn trim_cell_marker(s: &str) -> &str {
    let t = trim_whitespace(s);
    match t.strip_prefix('\'') {
        Some(rest) if !rest.is_empty() && !rest.ends_with('\'') => trim_whitespace(rest),
        _ => t,
    }
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/// Which character is the decimal separator.
///
/// Grouping (thousands) separators accepted with either style: a space
/// (U+0020, U+00A0, U+202F, U+2009, U+2007) and an apostrophe (`'`, U+2019);
/// plus `,` with [`NumberStyle::DotDecimal`] and `.` with
/// [`NumberStyle::CommaDecimal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberStyle {
    /// `1,234.56`, `1 234.56`, `1'234.56` (also Indian `1,23,456.78`).
    DotDecimal,
    /// `1.234,56`, `1 234,56`.
    CommaDecimal,
}

impl NumberStyle {
    /// The decimal separator of this style.
    ///
    /// ```
    /// use cxmetrics::ingest::values::NumberStyle;
    /// assert_eq!(NumberStyle::CommaDecimal.decimal_separator(), ',');
    /// ```
    pub fn decimal_separator(self) -> char {
        match self {
            NumberStyle::DotDecimal => '.',
            NumberStyle::CommaDecimal => ',',
        }
    }

    fn decimal_byte(self) -> u8 {
        match self {
            NumberStyle::DotDecimal => b'.',
            NumberStyle::CommaDecimal => b',',
        }
    }
}

/// A number read from a cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParsedNumber {
    /// The value as written (always finite; `-0` reads as `0.0`). A percent
    /// cell keeps its written value: `12.5%` gives `12.5`.
    pub value: f64,
    /// The cell ended in `%`: divide by 100 for a fraction.
    pub percent: bool,
    /// The currency sign or code written in the cell, if any: the ISO 4217
    /// code when the sign names one currency (`R$` → `BRL`, `€` → `EUR`,
    /// `Rp` → `IDR`, `US$` → `USD`), otherwise the sign itself (`$`, `¥`,
    /// `kr`). When a cell has both a leading and a trailing one
    /// (`$12 USD`), the trailing one is reported.
    pub currency: Option<&'static str>,
}

/// Currency signs and codes accepted before or after an amount, with what
/// [`ParsedNumber::currency`] reports. Letters match case-insensitively and
/// must not run into other letters (`EUR12` yes, `EURO 12` no). The longest
/// match wins (`R$` over `$`).
pub const CURRENCIES: &[(&str, &str)] = &[
    ("$", "$"),
    ("R$", "BRL"),
    ("US$", "USD"),
    ("U$", "USD"),
    ("MX$", "MXN"),
    ("CA$", "CAD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("AU$", "AUD"),
    ("NZ$", "NZD"),
    ("HK$", "HKD"),
    ("S$", "SGD"),
    ("COL$", "COP"),
    ("AR$", "ARS"),
    ("CLP$", "CLP"),
    ("S/", "PEN"),
    ("S/.", "PEN"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "¥"),
    ("￥", "¥"),
    ("₹", "INR"),
    ("Rs", "INR"),
    ("Rs.", "INR"),
    ("₩", "KRW"),
    ("₱", "PHP"),
    ("₽", "RUB"),
    ("₺", "TRY"),
    ("₦", "NGN"),
    ("₫", "VND"),
    ("฿", "THB"),
    ("₪", "ILS"),
    ("zł", "PLN"),
    ("Kč", "CZK"),
    ("Fr.", "CHF"),
    ("kr", "kr"),
    ("kr.", "kr"),
    ("Rp", "IDR"),
    ("Rp.", "IDR"),
    ("RM", "MYR"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("BRL", "BRL"),
    ("MXN", "MXN"),
    ("COP", "COP"),
    ("IDR", "IDR"),
    ("ARS", "ARS"),
    ("CLP", "CLP"),
    ("PEN", "PEN"),
    ("UYU", "UYU"),
    ("PYG", "PYG"),
    ("BOB", "BOB"),
    ("CRC", "CRC"),
    ("DOP", "DOP"),
    ("GTQ", "GTQ"),
    ("CAD", "CAD"),
    ("AUD", "AUD"),
    ("NZD", "NZD"),
    ("JPY", "JPY"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("INR", "INR"),
    ("CHF", "CHF"),
    ("SEK", "SEK"),
    ("NOK", "NOK"),
    ("DKK", "DKK"),
    ("PLN", "PLN"),
    ("CZK", "CZK"),
    ("HUF", "HUF"),
    ("RON", "RON"),
    ("ZAR", "ZAR"),
    ("SGD", "SGD"),
    ("HKD", "HKD"),
    ("TWD", "TWD"),
    ("MYR", "MYR"),
    ("PHP", "PHP"),
    ("THB", "THB"),
    ("VND", "VND"),
    ("KRW", "KRW"),
    ("TRY", "TRY"),
    ("RUB", "RUB"),
    ("ILS", "ILS"),
    ("AED", "AED"),
    ("SAR", "SAR"),
    ("NGN", "NGN"),
    ("KES", "KES"),
    ("EGP", "EGP"),
    ("MAD", "MAD"),
    ("XOF", "XOF"),
    ("XAF", "XAF"),
];

/// The longest currency sign at the start of `t`: (bytes, reported code).
fn currency_prefix(t: &str) -> Option<(usize, &'static str)> {
    let b = t.as_bytes();
    let mut best: Option<(usize, &'static str)> = None;
    for &(sign, code) in CURRENCIES {
        let sb = sign.as_bytes();
        let n = sb.len();
        let Some(head) = b.get(..n) else { continue };
        if !head.eq_ignore_ascii_case(sb) {
            continue;
        }
        let ends_in_letter = sb.last().is_some_and(u8::is_ascii_alphabetic);
        if ends_in_letter && b.get(n).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        if best.map_or(true, |(l, _)| n > l) {
            best = Some((n, code));
        }
    }
    best
}

/// The longest currency sign at the end of `t`: (bytes, reported code).
fn currency_suffix(t: &str) -> Option<(usize, &'static str)> {
    let b = t.as_bytes();
    let mut best: Option<(usize, &'static str)> = None;
    for &(sign, code) in CURRENCIES {
        let sb = sign.as_bytes();
        let n = sb.len();
        if n > b.len() {
            continue;
        }
        let at = b.len() - n;
        if !b[at..].eq_ignore_ascii_case(sb) {
            continue;
        }
        let starts_with_letter = sb.first().is_some_and(u8::is_ascii_alphabetic);
        let before = at.checked_sub(1).and_then(|i| b.get(i));
        if starts_with_letter && before.is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        if best.map_or(true, |(l, _)| n > l) {
            best = Some((n, code));
        }
    }
    best
}

/// A cell with sign, parentheses, percent and currency taken off.
struct Affixes<'a> {
    core: &'a str,
    negative: bool,
    percent: bool,
    currency: Option<&'static str>,
}

fn strip_affixes(s: &str) -> Result<Affixes<'_>, &'static str> {
    let mut t = trim_cell(s);
    if t.is_empty() {
        return Err(EMPTY);
    }
    let mut signs = 0u8;
    let mut negative = false;
    let mut percent = false;
    let mut prefix: Option<&'static str> = None;
    let mut suffix: Option<&'static str> = None;
    // Each round strips at least one byte or stops; affixes nest in any order
    // (`-$12`, `$-12`, `($12.50)`, `(12,50 €)`, `-12,5 %`).
    for _ in 0..8 {
        let before = t.len();
        if !percent {
            if let Some(r) = t.strip_suffix('%') {
                percent = true;
                t = trim_whitespace(r);
            }
        }
        if t.len() >= 2 && t.starts_with('(') && t.ends_with(')') {
            signs += 1;
            negative = true;
            t = trim_whitespace(t.get(1..t.len() - 1).unwrap_or(""));
        }
        if let Some(r) = t.strip_prefix('-').or_else(|| t.strip_prefix('\u{2212}')) {
            signs += 1;
            negative = true;
            t = trim_whitespace(r);
        } else if let Some(r) = t.strip_prefix('+') {
            signs += 1;
            t = trim_whitespace(r);
        }
        if signs > 1 {
            return Err(NOT_A_NUMBER);
        }
        let first = t.as_bytes().first().copied();
        if prefix.is_none()
            && first.is_some_and(|c| !c.is_ascii_digit() && !matches!(c, b'.' | b','))
        {
            if let Some((n, code)) = currency_prefix(t) {
                prefix = Some(code);
                t = trim_whitespace(t.get(n..).unwrap_or(""));
            }
        }
        let last = t.as_bytes().last().copied();
        if suffix.is_none() && last.is_some_and(|c| !c.is_ascii_digit()) {
            if let Some((n, code)) = currency_suffix(t) {
                suffix = Some(code);
                t = trim_whitespace(t.get(..t.len() - n).unwrap_or(""));
            }
        }
        if t.len() == before {
            break;
        }
    }
    if t.is_empty() {
        return Err(NOT_A_NUMBER);
    }
    Ok(Affixes {
        core: t,
        negative,
        percent,
        currency: suffix.or(prefix),
    })
}

/// Significant digits kept; further integer digits only scale the value,
/// further fraction digits are dropped (far below f64 precision).
const MAX_SIG: usize = 64;

/// 10^0 … 10^22, all exact in f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Decimal mantissa digits × 10^exp, gathered without allocation.
struct Digits {
    buf: [u8; MAX_SIG],
    len: usize,
    exp: i64,
    any: bool,
}

impl Digits {
    fn new() -> Self {
        Digits {
            buf: [0; MAX_SIG],
            len: 0,
            exp: 0,
            any: false,
        }
    }

    #[inline]
    fn push_int(&mut self, d: u8) {
        self.any = true;
        if self.len == 0 && d == b'0' {
            return;
        }
        if self.len < MAX_SIG {
            self.buf[self.len] = d;
            self.len += 1;
        } else {
            self.exp = self.exp.saturating_add(1);
        }
    }

    #[inline]
    fn push_frac(&mut self, d: u8) {
        self.any = true;
        if self.len == 0 && d == b'0' {
            self.exp = self.exp.saturating_sub(1);
            return;
        }
        if self.len < MAX_SIG {
            self.buf[self.len] = d;
            self.len += 1;
            self.exp = self.exp.saturating_sub(1);
        }
    }

    /// The nearest f64 (correctly rounded for up to 64 significant digits).
    fn value(&self, exp10: i64) -> f64 {
        if self.len == 0 {
            return 0.0;
        }
        let e = self.exp.saturating_add(exp10).clamp(-99_999, 99_999);
        let digits = &self.buf[..self.len];
        if self.len <= 15 {
            // Clinger's fast path: an exact mantissa below 2^53 and an exact
            // power of ten; one IEEE operation rounds correctly.
            let m = digits
                .iter()
                .fold(0u64, |a, &d| a * 10 + u64::from(d - b'0')) as f64;
            if (0..=22).contains(&e) {
                return m * POW10[e as usize];
            }
            if (-22..0).contains(&e) {
                return m / POW10[(-e) as usize];
            }
        }
        // Slow path: exact big-integer arithmetic, correctly rounded.
        super::exact::decimal_to_f64(digits, e)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sep {
    Comma,
    Dot,
    Space,
    Apostrophe,
}

/// A grouping separator at `b[i]` under `style`: (kind, byte length).
#[inline]
fn group_sep_at(b: &[u8], i: usize, style: NumberStyle) -> Option<(Sep, usize)> {
    match *b.get(i)? {
        b',' if style == NumberStyle::DotDecimal => Some((Sep::Comma, 1)),
        b'.' if style == NumberStyle::CommaDecimal => Some((Sep::Dot, 1)),
        b' ' => Some((Sep::Space, 1)),
        b'\'' => Some((Sep::Apostrophe, 1)),
        0xC2 if b.get(i + 1) == Some(&0xA0) => Some((Sep::Space, 2)),
        0xE2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
            Some(0xAF) | Some(0x89) | Some(0x87) => Some((Sep::Space, 3)),
            Some(0x99) => Some((Sep::Apostrophe, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// Reads the unsigned core of a number (digits, grouping, decimal, exponent).
fn parse_core(b: &[u8], style: NumberStyle) -> Result<f64, &'static str> {
    let n = b.len();
    let mut i = 0;
    let mut d = Digits::new();

    // Integer part, with optional grouping.
    let mut kind: Option<Sep> = None;
    let mut run = 0usize; // digits in the current group
    let mut groups = 0usize; // completed groups before the current one
    let mut first_len = 0usize;
    let mut first_digit = 0u8;
    let mut middle_three = true;
    let mut middle_two = true;
    while i < n {
        let c = b[i];
        if c.is_ascii_digit() {
            if run == 0 && groups == 0 {
                first_digit = c;
            }
            d.push_int(c);
            run += 1;
            i += 1;
            continue;
        }
        let Some((k, len)) = group_sep_at(b, i, style) else {
            break;
        };
        if run == 0 {
            return Err(WRONG_SEPARATORS);
        }
        match kind {
            None => kind = Some(k),
            Some(p) if p != k => return Err(WRONG_SEPARATORS),
            _ => {}
        }
        if groups == 0 {
            first_len = run;
        } else {
            middle_three &= run == 3;
            middle_two &= run == 2;
        }
        groups += 1;
        run = 0;
        i += len;
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return Err(WRONG_SEPARATORS);
        }
    }
    if groups > 0 {
        let standard = (1..=3).contains(&first_len) && middle_three && run == 3;
        let indian = kind == Some(Sep::Comma)
            && groups >= 2
            && (1..=2).contains(&first_len)
            && middle_two
            && run == 3;
        if first_digit == b'0' || !(standard || indian) {
            return Err(WRONG_SEPARATORS);
        }
    }

    // Fraction.
    if b.get(i) == Some(&style.decimal_byte()) {
        i += 1;
        while let Some(&c) = b.get(i) {
            if !c.is_ascii_digit() {
                break;
            }
            d.push_frac(c);
            i += 1;
        }
    }
    if !d.any {
        return Err(NOT_A_NUMBER);
    }

    // Exponent (`1.5E+03`, as spreadsheets write large numbers).
    let mut exp10: i64 = 0;
    if matches!(b.get(i), Some(b'e') | Some(b'E')) {
        i += 1;
        let mut neg = false;
        match b.get(i) {
            Some(b'+') => i += 1,
            Some(b'-') => {
                neg = true;
                i += 1;
            }
            _ => {}
        }
        let start = i;
        while let Some(&c) = b.get(i) {
            if !c.is_ascii_digit() {
                break;
            }
            exp10 = exp10
                .saturating_mul(10)
                .saturating_add(i64::from(c - b'0'))
                .min(1_000_000);
            i += 1;
        }
        if i == start {
            return Err(NOT_A_NUMBER);
        }
        if neg {
            exp10 = -exp10;
        }
    }

    if i != n {
        let c = b[i];
        let separator_like = c == b'.'
            || c == b','
            || c.is_ascii_digit()
            || group_sep_at(b, i, NumberStyle::DotDecimal).is_some()
            || group_sep_at(b, i, NumberStyle::CommaDecimal).is_some();
        return Err(if separator_like {
            WRONG_SEPARATORS
        } else {
            NOT_A_NUMBER
        });
    }
    Ok(d.value(exp10))
}

/// The most common cell shape, read directly: `digits` or
/// `digits<decimal>digits` (the style's decimal separator), at most 15
/// digits in all, nothing around them. The mantissa and the power of ten are
/// then exact, so one division rounds correctly and the value equals what
/// [`parse_number`]'s general path gives. `None` for any other shape.
#[inline]
fn plain_decimal(b: &[u8], style: NumberStyle) -> Option<f64> {
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let decimal = style.decimal_byte();
    let mut m = 0u64;
    let mut digits = 0usize;
    let mut frac: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d < 10 {
            m = m * 10 + u64::from(d);
            digits += 1;
        } else if c == decimal && frac.is_none() && i > 0 && i + 1 < b.len() {
            frac = Some(b.len() - i - 1);
        } else {
            return None;
        }
    }
    if digits > 15 {
        return None;
    }
    let value = m as f64;
    Some(match frac {
        None => value,
        Some(k) => value / *POW10.get(k)?,
    })
}

/// Reads a number, amount or percentage written in `style`.
///
/// Accepted, around the digits and in any nesting order: surrounding
/// whitespace and a leading `'` ([`trim_cell`]); one sign (`-`, `+`, U+2212)
/// *or* accounting parentheses `(12.50)` (negative); one trailing `%`
/// ([`ParsedNumber::percent`]; the value stays as written); a leading and/or
/// trailing currency sign or code from [`CURRENCIES`], with or without a
/// space. The digits: optional grouping (groups of three after a first group
/// of one to three digits, one separator kind per number; Indian lakh
/// grouping `1,23,456` with a comma), an optional decimal part (`.5` is
/// accepted), an optional exponent `e±n`.
///
/// Rejected with a reason: empty cells ([`EMPTY`]); words, `NaN`, `inf`,
/// `∞`, two signs ([`NOT_A_NUMBER`]); grouping that does not fit, `1,2,3`,
/// or the other style's decimal (`12,5` in dot-decimal) ([`WRONG_SEPARATORS`]);
/// results that are not finite, `1e309` ([`OUT_OF_RANGE`]). `-0` reads as
/// `0.0`. Decimal text is converted with correct rounding.
///
/// ```
/// use cxmetrics::ingest::values::{parse_number, NumberStyle::*, WRONG_SEPARATORS};
/// let r = parse_number("R$ 10.000,00", CommaDecimal).unwrap();
/// assert_eq!((r.value, r.currency), (10_000.0, Some("BRL")));
/// assert_eq!(parse_number("(1,234.50)", DotDecimal).unwrap().value, -1234.5);
/// let p = parse_number("12,5 %", CommaDecimal).unwrap();
/// assert_eq!((p.value, p.percent), (12.5, true));
/// assert_eq!(parse_number("1,2,3", DotDecimal), Err(WRONG_SEPARATORS));
/// ```
pub fn parse_number(s: &str, style: NumberStyle) -> Result<ParsedNumber, &'static str> {
    if let Some(value) = plain_decimal(s.as_bytes(), style) {
        return Ok(ParsedNumber {
            value,
            percent: false,
            currency: None,
        });
    }
    parse_number_general(s, style)
}

/// [`parse_number`] without its shortcut for plain decimals.
fn parse_number_general(s: &str, style: NumberStyle) -> Result<ParsedNumber, &'static str> {
    let a = strip_affixes(s)?;
    let magnitude = parse_core(a.core.as_bytes(), style)?;
    if !magnitude.is_finite() {
        return Err(OUT_OF_RANGE);
    }
    let mut value = if a.negative { -magnitude } else { magnitude };
    if value == 0.0 {
        value = 0.0; // no negative zero
    }
    Ok(ParsedNumber {
        value,
        percent: a.percent,
        currency: a.currency,
    })
}

/// Reads an amount from a column the caller declared to be in cents (or any
/// hundredth unit): [`parse_number`], then the value divided by 100
/// (`1234` → `12.34`, correctly rounded). Percent and currency flags are
/// passed through unchanged.
///
/// ```
/// use cxmetrics::ingest::values::{parse_cents, NumberStyle};
/// assert_eq!(parse_cents("1234", NumberStyle::DotDecimal).unwrap().value, 12.34);
/// ```
pub fn parse_cents(s: &str, style: NumberStyle) -> Result<ParsedNumber, &'static str> {
    let mut p = parse_number(s, style)?;
    p.value /= 100.0;
    if p.value == 0.0 {
        p.value = 0.0;
    }
    Ok(p)
}

// ---------------------------------------------------------------------------
// Currencies
// ---------------------------------------------------------------------------

/// Signs that several currencies write, with the code assumed when nothing
/// else in the data names one, and the codes the sign may stand for: a bare
/// `$` is read as US dollars unless the file also names one of the other
/// dollars or pesos (`MXN`, `ARS`, `CLP`, `COP` …), and then it is that one.
pub const SHARED_SIGNS: &[(&str, &str, &[&str])] = &[
    (
        "$",
        "USD",
        &[
            "USD", "MXN", "ARS", "CLP", "COP", "UYU", "DOP", "CAD", "AUD", "NZD", "HKD", "SGD",
            "TWD",
        ],
    ),
    ("¥", "JPY", &["JPY", "CNY"]),
    ("kr", "SEK", &["SEK", "NOK", "DKK"]),
];

/// The ISO 4217 code a user wrote, upper-cased: three ASCII letters, or a
/// sign from [`CURRENCIES`] that names one currency (`R$` → `BRL`, `€` →
/// `EUR`). `None` for anything else, `$` included (it names several).
///
/// ```
/// use cxmetrics::ingest::values::currency_code;
/// assert_eq!(currency_code(" brl ").as_deref(), Some("BRL"));
/// assert_eq!(currency_code("€").as_deref(), Some("EUR"));
/// assert_eq!(currency_code("$"), None);
/// assert_eq!(currency_code("euros"), None);
/// ```
pub fn currency_code(text: &str) -> Option<String> {
    let t = text.trim();
    if t.len() == 3 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(t.to_ascii_uppercase());
    }
    currency_of_cell(t)
        .filter(|c| is_iso_code(c))
        .map(str::to_string)
}

/// The currency a cell of a currency column names, as
/// [`ParsedNumber::currency`] reports it: a code or a sign of
/// [`CURRENCIES`] alone (`usd`, `BRL`, `R$`, `$`). `None` for anything else.
///
/// ```
/// use cxmetrics::ingest::values::currency_of_cell;
/// assert_eq!(currency_of_cell(" usd "), Some("USD"));
/// assert_eq!(currency_of_cell("R$"), Some("BRL"));
/// assert_eq!(currency_of_cell("dollars"), None);
/// ```
pub fn currency_of_cell(cell: &str) -> Option<&'static str> {
    let t = trim_cell(cell);
    CURRENCIES
        .iter()
        .find(|(sign, _)| sign.eq_ignore_ascii_case(t))
        .map(|(_, code)| *code)
}

/// Three upper-case ASCII letters.
fn is_iso_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Counts the currencies written in a file's money cells (what
/// [`ParsedNumber::currency`] reports), to decide the file's currency at
/// the end. Cells without a sign are not counted: they are taken to be in
/// the currency the others name. At most one entry per entry of
/// [`CURRENCIES`], so its size is bounded whatever the input.
///
/// ```
/// use cxmetrics::ingest::values::{CurrencyDecision, CurrencyTally};
/// let mut tally = CurrencyTally::default();
/// tally.observe("$");
/// tally.observe("MXN");
/// assert_eq!(tally.decide(), CurrencyDecision::Named { code: "MXN" });
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurrencyTally {
    seen: Vec<(&'static str, u64)>,
}

/// What a [`CurrencyTally`] concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CurrencyDecision {
    /// No money cell named a currency.
    Unknown,
    /// Every cell that names a currency names this one (a shared sign such
    /// as `$` counts for the code written beside it elsewhere in the file).
    Named {
        /// The ISO 4217 code.
        code: &'static str,
    },
    /// Only a sign several currencies write (`$`, `¥`, `kr`) was seen: its
    /// most likely currency is assumed (see [`SHARED_SIGNS`]).
    Guessed {
        /// The sign as written.
        sign: &'static str,
        /// The code assumed.
        code: &'static str,
        /// The codes the sign may stand for.
        candidates: &'static [&'static str],
    },
    /// Cells in more than one currency: the most frequent (ties: the first
    /// seen) is used, and every figure that adds money must say so.
    Mixed {
        /// The code used.
        code: &'static str,
        /// Each currency seen, as written (a code, or a shared sign not
        /// matched by any code), and its number of cells, most frequent first.
        seen: Vec<(&'static str, u64)>,
    },
}

impl CurrencyTally {
    /// Counts one cell's currency (a value of [`ParsedNumber::currency`]).
    #[inline]
    pub fn observe(&mut self, currency: &'static str) {
        match self.seen.iter_mut().find(|(c, _)| *c == currency) {
            Some((_, n)) => *n = n.saturating_add(1),
            None => self.seen.push((currency, 1)),
        }
    }

    /// Adds another tally's counts.
    pub fn merge(&mut self, other: &CurrencyTally) {
        for &(c, n) in &other.seen {
            match self.seen.iter_mut().find(|(s, _)| *s == c) {
                Some((_, m)) => *m = m.saturating_add(n),
                None => self.seen.push((c, n)),
            }
        }
    }

    /// The file's currency (see [`CurrencyDecision`]).
    pub fn decide(&self) -> CurrencyDecision {
        // Each shared sign counts for the most frequent code it may stand
        // for (ties: the first seen), else for itself; first seen first.
        let mut merged: Vec<(&'static str, u64)> = Vec::new();
        for &(c, n) in &self.seen {
            let key = match shared_sign(c) {
                None => c,
                Some((_, _, candidates)) => {
                    let mut best: Option<(&'static str, u64)> = None;
                    for &(code, count) in &self.seen {
                        if candidates.contains(&code) && best.map_or(true, |(_, b)| count > b) {
                            best = Some((code, count));
                        }
                    }
                    best.map_or(c, |(code, _)| code)
                }
            };
            match merged.iter_mut().find(|(k, _)| *k == key) {
                Some((_, m)) => *m = m.saturating_add(n),
                None => merged.push((key, n)),
            }
        }
        // Most frequent first; ties: the first seen. A few entries, picked
        // one by one: a sort would cost the wasm more than it saves.
        let mut seen = Vec::with_capacity(merged.len());
        while !merged.is_empty() {
            let mut top = 0;
            for (i, e) in merged.iter().enumerate() {
                if e.1 > merged[top].1 {
                    top = i;
                }
            }
            seen.push(merged.remove(top));
        }
        let resolve = |c: &'static str| shared_sign(c).map_or(c, |(_, code, _)| code);
        match seen.as_slice() {
            [] => CurrencyDecision::Unknown,
            [(c, _)] => match shared_sign(c) {
                Some((sign, code, candidates)) => CurrencyDecision::Guessed {
                    sign,
                    code,
                    candidates,
                },
                None => CurrencyDecision::Named { code: c },
            },
            [(c, _), ..] => CurrencyDecision::Mixed {
                code: resolve(c),
                seen,
            },
        }
    }
}

/// The [`SHARED_SIGNS`] entry of `sign`, if it is one.
fn shared_sign(sign: &str) -> Option<(&'static str, &'static str, &'static [&'static str])> {
    SHARED_SIGNS.iter().find(|(s, _, _)| *s == sign).copied()
}

/// What a [`NumberStyleDetector`] concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberStyleDecision {
    /// Some cells read in only one style and none in only the other.
    Decided(NumberStyle),
    /// Every separated cell reads in both styles (`1.234`, `1,234`). The
    /// documented default treats the separator seen as a thousands
    /// separator — money has two decimals, so three digits after one
    /// separator are far more often a thousands group: `,` seen →
    /// [`NumberStyle::DotDecimal`], `.` seen → [`NumberStyle::CommaDecimal`]
    /// (the more frequent wins; a tie gives dot-decimal).
    Ambiguous {
        /// The style used.
        assumed: NumberStyle,
    },
    /// Cells of both styles: the majority (ties: dot-decimal) is used and
    /// the others are rejected row by row.
    Mixed {
        /// The style used.
        assumed: NumberStyle,
    },
    /// No separators at all (plain integers, or nothing numeric): both
    /// styles read the same; dot-decimal is reported.
    NoSeparators,
}

impl NumberStyleDecision {
    /// The style to read the column with.
    ///
    /// ```
    /// use cxmetrics::ingest::values::{NumberStyle, NumberStyleDecision};
    /// assert_eq!(NumberStyleDecision::NoSeparators.style(), NumberStyle::DotDecimal);
    /// ```
    pub fn style(self) -> NumberStyle {
        match self {
            NumberStyleDecision::Decided(s)
            | NumberStyleDecision::Ambiguous { assumed: s }
            | NumberStyleDecision::Mixed { assumed: s } => s,
            NumberStyleDecision::NoSeparators => NumberStyle::DotDecimal,
        }
    }

    /// The sentence the page shows next to the column when the style was
    /// assumed rather than decided.
    ///
    /// ```
    /// use cxmetrics::ingest::values::{NumberStyle, NumberStyleDecision};
    /// assert!(NumberStyleDecision::Decided(NumberStyle::DotDecimal).notice().is_none());
    /// ```
    pub fn notice(self) -> Option<&'static str> {
        match self {
            NumberStyleDecision::Ambiguous { .. } => Some(AMBIGUOUS_NUMBERS_NOTICE),
            NumberStyleDecision::Mixed { .. } => Some(MIXED_NUMBERS_NOTICE),
            _ => None,
        }
    }
}

/// Decides a column's (or file's) number style from the cells it observes.
///
/// Each non-empty cell is read in both styles: it is evidence for a style
/// when it reads only in that one (`12,5`, `1.234.567`, `1,234.56`,
/// `0,123`, `1234,567`), ambiguous when it reads in both with different
/// values (`1.234`, `1,234`), and neutral when both agree (`1234`,
/// `1 234`) or neither reads (text, dates). Memory is a few counters.
///
/// ```
/// use cxmetrics::ingest::values::{NumberStyle, NumberStyleDecision, NumberStyleDetector};
/// let mut d = NumberStyleDetector::new();
/// for cell in ["1.234", "10.000", "12,50"] {
///     d.observe(cell);
/// }
/// assert_eq!(d.decide(), NumberStyleDecision::Decided(NumberStyle::CommaDecimal));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberStyleDetector {
    dot_only: u64,
    comma_only: u64,
    ambiguous_dot: u64,
    ambiguous_comma: u64,
    neutral: u64,
    unreadable: u64,
}

impl NumberStyleDetector {
    /// An empty detector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Looks at one cell.
    pub fn observe(&mut self, cell: &str) {
        let dot = parse_number(cell, NumberStyle::DotDecimal);
        let comma = parse_number(cell, NumberStyle::CommaDecimal);
        match (dot, comma) {
            (Ok(a), Ok(b)) if a.value == b.value => self.neutral += 1,
            (Ok(_), Ok(_)) => {
                if cell.contains(',') {
                    self.ambiguous_comma += 1;
                } else {
                    self.ambiguous_dot += 1;
                }
            }
            (Ok(_), Err(_)) => self.dot_only += 1,
            (Err(_), Ok(_)) => self.comma_only += 1,
            (Err(EMPTY), Err(_)) => {}
            (Err(_), Err(_)) => self.unreadable += 1,
        }
    }

    /// Adds another detector's observations (e.g. columns → file).
    pub fn merge(&mut self, other: &NumberStyleDetector) {
        self.dot_only = self.dot_only.saturating_add(other.dot_only);
        self.comma_only = self.comma_only.saturating_add(other.comma_only);
        self.ambiguous_dot = self.ambiguous_dot.saturating_add(other.ambiguous_dot);
        self.ambiguous_comma = self.ambiguous_comma.saturating_add(other.ambiguous_comma);
        self.neutral = self.neutral.saturating_add(other.neutral);
        self.unreadable = self.unreadable.saturating_add(other.unreadable);
    }

    /// Cells that read in neither style (text, dates, garbage).
    pub fn unreadable(&self) -> u64 {
        self.unreadable
    }

    /// The decision from the cells seen so far (see [`NumberStyleDecision`]).
    pub fn decide(&self) -> NumberStyleDecision {
        use NumberStyle::*;
        match (self.dot_only > 0, self.comma_only > 0) {
            (true, false) => NumberStyleDecision::Decided(DotDecimal),
            (false, true) => NumberStyleDecision::Decided(CommaDecimal),
            (true, true) => NumberStyleDecision::Mixed {
                assumed: if self.comma_only > self.dot_only {
                    CommaDecimal
                } else {
                    DotDecimal
                },
            },
            (false, false) if self.ambiguous_dot + self.ambiguous_comma > 0 => {
                NumberStyleDecision::Ambiguous {
                    assumed: if self.ambiguous_dot > self.ambiguous_comma {
                        CommaDecimal
                    } else {
                        DotDecimal
                    },
                }
            }
            (false, false) => NumberStyleDecision::NoSeparators,
        }
    }
}

// ---------------------------------------------------------------------------
// Dates and times
// ---------------------------------------------------------------------------

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

/// Days from 0001-01-01 (day 1 in chrono's count) to 1970-01-01.
const CE_TO_UNIX_DAYS: i64 = 719_163;

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
    let days = i64::from(date.num_days_from_ce()) - CE_TO_UNIX_DAYS;
    Ok(days * 86_400 + i64::from(h) * 3_600 + i64::from(mi) * 60 + i64::from(s) - offset)
}

/// The fixed-width ISO shapes that make up most exports, read byte by byte:
/// `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM`, `YYYY-MM-DD[T ]HH:MM:SS`,
/// `YYYY-MM-DDTHH:MM:SSZ`. `None` means "not this shape".
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
    // Word `i` in shape: written out three times rather than looped, which
    // the size-optimised build would not unroll.
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
    let Some(days) = days_from_civil(y, mo, d) else {
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

/// Days from 1970-01-01 to a proleptic Gregorian date of year 0–9999
/// (H. Hinnant's `days_from_civil`); `None` when there is no such date. The
/// same as chrono's count for those years, without its general machinery.
#[inline]
fn days_from_civil(y: u32, m: u32, d: u32) -> Option<i64> {
    if y > 9999 || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    // Only the last days of a month need the month's length.
    if d > 28 {
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let month_days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if d > month_days {
            return None;
        }
    }
    // Years start in March so the leap day is the last day of the year;
    // counted from year −400 so every quotient is of a non-negative number.
    let y = i64::from(y) + 400 - i64::from(m <= 2);
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era - 1) * 146_097 + doe - 719_468)
}

/// The year and month (`YYYYMM`, as `202403`) of a Unix time, for years
/// 1–9999 (H. Hinnant's `civil_from_days`, exact); `None` outside them.
/// What chrono's `DateTime::from_timestamp` gives, without its general
/// machinery (a test compares every day of the range).
///
/// ```
/// use cxmetrics::ingest::values::year_month;
/// assert_eq!(year_month(0), Some(197001));
/// assert_eq!(year_month(1_709_251_199), Some(202402)); // 2024-02-29 23:59:59
/// assert_eq!(year_month(1_709_251_200), Some(202403));
/// assert_eq!(year_month(-1), Some(196912));
/// ```
#[inline]
pub fn year_month(t: i64) -> Option<u32> {
    // Days from 0000-03-01, so every quotient below is of a non-negative
    // number; years run March to February (the leap day last).
    let days = t.div_euclid(86_400) + 719_468;
    if !(306..=3_652_364).contains(&days) {
        return None; // before 0001-01-01 or after 9999-12-31
    }
    let era = days / 146_097;
    let doe = days - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    u32::try_from(year * 100 + month).ok()
}

/// A byte cursor for the general date grammar.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// All consecutive digits: (saturated value, count).
    fn number(&mut self) -> (u64, usize) {
        let start = self.i;
        let mut v: u64 = 0;
        while let Some(c) = self.peek() {
            if !c.is_ascii_digit() {
                break;
            }
            v = v.saturating_mul(10).saturating_add(u64::from(c - b'0'));
            self.i += 1;
        }
        (v, self.i - start)
    }

    fn spaces(&mut self) -> usize {
        let start = self.i;
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
        self.i - start
    }

    /// Consumes `word` (ASCII, case-insensitive) when it is next and not
    /// followed by a letter.
    fn word(&mut self, word: &[u8]) -> bool {
        let end = self.i + word.len();
        match self.b.get(self.i..end) {
            Some(w)
                if w.eq_ignore_ascii_case(word)
                    && !self.b.get(end).is_some_and(u8::is_ascii_alphabetic) =>
            {
                self.i = end;
                true
            }
            _ => false,
        }
    }
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
    let (mut num, mut den) = (0u64, 1u64);
    if matches!(c.peek(), Some(b'.') | Some(b',')) {
        c.i += 1;
        let start = c.i;
        while let Some(x) = c.peek() {
            if !x.is_ascii_digit() {
                break;
            }
            if c.i - start < 15 {
                num = num * 10 + u64::from(x - b'0');
                den *= 10;
            }
            c.i += 1;
        }
        if c.i == start {
            return None;
        }
    }
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

// ---------------------------------------------------------------------------
// Booleans
// ---------------------------------------------------------------------------

/// Lower-case ASCII for a letter, folding Latin accents; `None` for
/// anything else. Combining marks are reported as `Some(0)` (skipped).
fn fold_letter(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some((c as u8).to_ascii_lowercase());
    }
    Some(match c {
        '\u{300}'..='\u{36f}' => 0,
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => b'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => b'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => b'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => b'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => b'u',
        _ => return None,
    })
}

/// Reads a yes/no answer in English, Spanish, Portuguese, French or
/// Indonesian, ignoring case, accents and surrounding whitespace.
///
/// True: `yes`, `y`, `true`, `t`, `1`, `sí`/`si`, `s`, `sim`, `oui`, `vrai`,
/// `verdadero`, `verdadeiro`, `ya`, `iya`, `benar`.
/// False: `no`, `n`, `false`, `f`, `0`, `não`/`nao`, `non`, `faux`, `falso`,
/// `tidak`, `salah`. Anything else is `None`.
///
/// ```
/// use cxmetrics::ingest::values::parse_bool;
/// assert_eq!(parse_bool(" SÍ "), Some(true));
/// assert_eq!(parse_bool("Não"), Some(false));
/// assert_eq!(parse_bool("Tidak"), Some(false));
/// assert_eq!(parse_bool("maybe"), None);
/// ```
pub fn parse_bool(s: &str) -> Option<bool> {
    let t = trim_cell(s);
    let mut buf = [0u8; 12];
    let mut n = 0;
    for c in t.chars() {
        let f = fold_letter(c)?;
        if f == 0 {
            continue;
        }
        *buf.get_mut(n)? = f;
        n += 1;
    }
    match &buf[..n] {
        b"yes" | b"y" | b"true" | b"t" | b"1" | b"si" | b"s" | b"sim" | b"oui" | b"vrai"
        | b"verdadero" | b"verdadeiro" | b"ya" | b"iya" | b"benar" => Some(true),
        b"no" | b"n" | b"false" | b"f" | b"0" | b"nao" | b"non" | b"faux" | b"falso" | b"tidak"
        | b"salah" => Some(false),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------

/// Reads a duration in minutes: a plain number of minutes in `style`
/// (Zendesk's `First reply time in minutes`: `12`, `12.5`, `12,5`), or
/// `h:mm` / `h:mm:ss` (hours may exceed 24, minutes and seconds are two
/// digits below 60, seconds may carry a fraction) → h × 60 + m + s ÷ 60.
///
/// Rejected: negative durations ([`NEGATIVE_DURATION`], [contract §4](crate::contract): a negative
/// duration is a rejected row), a percent or currency sign, anything else
/// ([`NOT_A_DURATION`]), empty cells ([`EMPTY`]).
///
/// ```
/// use cxmetrics::ingest::values::{parse_minutes, NumberStyle::*};
/// assert_eq!(parse_minutes("90", DotDecimal), Ok(90.0));
/// assert_eq!(parse_minutes("1:02:30", DotDecimal), Ok(62.5));
/// assert_eq!(parse_minutes("12,5", CommaDecimal), Ok(12.5));
/// ```
pub fn parse_minutes(s: &str, style: NumberStyle) -> Result<f64, &'static str> {
    if let Some(value) = plain_decimal(s.as_bytes(), style) {
        return Ok(value);
    }
    let t = trim_cell(s);
    if t.is_empty() {
        return Err(EMPTY);
    }
    if t.contains(':') {
        let body = match t.strip_prefix('-') {
            Some(rest) => {
                return if parse_clock(rest).is_ok() {
                    Err(NEGATIVE_DURATION)
                } else {
                    Err(NOT_A_DURATION)
                }
            }
            None => t.strip_prefix('+').unwrap_or(t),
        };
        return parse_clock(body);
    }
    let p = parse_number(t, style).map_err(|e| if e == EMPTY { EMPTY } else { NOT_A_DURATION })?;
    if p.percent || p.currency.is_some() {
        return Err(NOT_A_DURATION);
    }
    if p.value < 0.0 {
        return Err(NEGATIVE_DURATION);
    }
    Ok(p.value)
}

/// `h:mm[:ss[.fff]]` in minutes.
fn parse_clock(t: &str) -> Result<f64, &'static str> {
    let mut c = Cursor {
        b: t.as_bytes(),
        i: 0,
    };
    let (h, lh) = c.number();
    if lh == 0 || lh > 9 || !c.eat(b':') {
        return Err(NOT_A_DURATION);
    }
    let (m, lm) = c.number();
    if lm != 2 || m > 59 {
        return Err(NOT_A_DURATION);
    }
    let mut seconds = 0.0;
    if c.eat(b':') {
        let (sv, ls) = c.number();
        if ls != 2 || sv > 59 {
            return Err(NOT_A_DURATION);
        }
        seconds = sv as f64;
        if matches!(c.peek(), Some(b'.') | Some(b',')) {
            c.i += 1;
            let (mut num, mut den) = (0u64, 1u64);
            let start = c.i;
            while let Some(x) = c.peek() {
                if !x.is_ascii_digit() {
                    break;
                }
                if c.i - start < 15 {
                    num = num * 10 + u64::from(x - b'0');
                    den *= 10;
                }
                c.i += 1;
            }
            if c.i == start {
                return Err(NOT_A_DURATION);
            }
            seconds += num as f64 / den as f64;
        }
    }
    if !c.at_end() {
        return Err(NOT_A_DURATION);
    }
    Ok(h as f64 * 60.0 + m as f64 + seconds / 60.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
    use proptest::prelude::*;
    use NumberStyle::{CommaDecimal, DotDecimal};

    // ----- trimming -------------------------------------------------------

    #[test]
    fn trims_whitespace_and_text_marker() {
        assert_eq!(trim_whitespace("  12 \t\r\n"), "12");
        assert_eq!(trim_whitespace("\u{a0}\u{202f}12\u{2009}\u{feff}"), "12");
        assert_eq!(trim_whitespace("\u{a0}"), "");
        assert_eq!(trim_whitespace("é"), "é");
        assert_eq!(trim_cell(" '0123 "), "0123");
        assert_eq!(trim_cell("'-12.5"), "-12.5");
        assert_eq!(trim_cell("'"), "'");
        assert_eq!(trim_cell("'a'"), "'a'");
        assert_eq!(trim_cell("1'234"), "1'234");
        assert_eq!(trim_cell(""), "");
    }

    // ----- numbers --------------------------------------------------------

    fn num(s: &str, style: NumberStyle) -> ParsedNumber {
        match parse_number(s, style) {
            Ok(p) => p,
            Err(e) => panic!("{s:?} in {style:?}: {e}"),
        }
    }

    #[test]
    fn every_number_format() {
        // (cell, style, value, percent, currency)
        let cases: &[(&str, NumberStyle, f64, bool, Option<&str>)] = &[
            ("1,234.56", DotDecimal, 1234.56, false, None),
            ("1.234,56", CommaDecimal, 1234.56, false, None),
            ("1 234,56", CommaDecimal, 1234.56, false, None),
            ("1\u{a0}234,56", CommaDecimal, 1234.56, false, None),
            ("1\u{202f}234,56", CommaDecimal, 1234.56, false, None),
            ("1 234.56", DotDecimal, 1234.56, false, None),
            ("1'234.56", DotDecimal, 1234.56, false, None),
            ("1\u{2019}234.56", DotDecimal, 1234.56, false, None),
            ("1,234,567.5", DotDecimal, 1_234_567.5, false, None),
            ("1.234.567,5", CommaDecimal, 1_234_567.5, false, None),
            ("12,34,567.89", DotDecimal, 1_234_567.89, false, None),
            ("1234", DotDecimal, 1234.0, false, None),
            ("1234", CommaDecimal, 1234.0, false, None),
            ("-12.5", DotDecimal, -12.5, false, None),
            ("-12,5", CommaDecimal, -12.5, false, None),
            ("+7", DotDecimal, 7.0, false, None),
            ("\u{2212}3", DotDecimal, -3.0, false, None),
            ("(12.50)", DotDecimal, -12.5, false, None),
            ("(1.234,50)", CommaDecimal, -1234.5, false, None),
            (".5", DotDecimal, 0.5, false, None),
            (",5", CommaDecimal, 0.5, false, None),
            ("0.1", DotDecimal, 0.1, false, None),
            ("1.5E+03", DotDecimal, 1500.0, false, None),
            ("1,5e3", CommaDecimal, 1500.0, false, None),
            ("2.5e-3", DotDecimal, 0.0025, false, None),
            ("R$ 10.000,00", CommaDecimal, 10_000.0, false, Some("BRL")),
            ("R$10.000,00", CommaDecimal, 10_000.0, false, Some("BRL")),
            ("-R$ 5,00", CommaDecimal, -5.0, false, Some("BRL")),
            ("R$ -5,00", CommaDecimal, -5.0, false, Some("BRL")),
            ("€ 12,5", CommaDecimal, 12.5, false, Some("EUR")),
            ("12,50 €", CommaDecimal, 12.5, false, Some("EUR")),
            ("12,50\u{a0}€", CommaDecimal, 12.5, false, Some("EUR")),
            ("(12,50 €)", CommaDecimal, -12.5, false, Some("EUR")),
            ("$1,234.56", DotDecimal, 1234.56, false, Some("$")),
            ("-$1,234.56", DotDecimal, -1234.56, false, Some("$")),
            ("$-1,234.56", DotDecimal, -1234.56, false, Some("$")),
            ("($12.50)", DotDecimal, -12.5, false, Some("$")),
            ("$(12.50)", DotDecimal, -12.5, false, Some("$")),
            ("US$ 99", DotDecimal, 99.0, false, Some("USD")),
            ("Rp 150.000", CommaDecimal, 150_000.0, false, Some("IDR")),
            ("Rp150.000,50", CommaDecimal, 150_000.5, false, Some("IDR")),
            ("USD 12", DotDecimal, 12.0, false, Some("USD")),
            ("usd12", DotDecimal, 12.0, false, Some("USD")),
            ("12 BRL", CommaDecimal, 12.0, false, Some("BRL")),
            ("£3.50", DotDecimal, 3.5, false, Some("GBP")),
            ("¥1,000", DotDecimal, 1000.0, false, Some("¥")),
            ("MX$ 1,000.00", DotDecimal, 1000.0, false, Some("MXN")),
            (
                "COP 1.500.000",
                CommaDecimal,
                1_500_000.0,
                false,
                Some("COP"),
            ),
            ("IDR 5", DotDecimal, 5.0, false, Some("IDR")),
            ("EUR 3,5", CommaDecimal, 3.5, false, Some("EUR")),
            ("$12.00 USD", DotDecimal, 12.0, false, Some("USD")),
            ("12.5%", DotDecimal, 12.5, true, None),
            ("12,5 %", CommaDecimal, 12.5, true, None),
            ("-3%", DotDecimal, -3.0, true, None),
            (" '1,234 ", DotDecimal, 1234.0, false, None),
            ("-0", DotDecimal, 0.0, false, None),
            ("0", DotDecimal, 0.0, false, None),
            ("000123", DotDecimal, 123.0, false, None),
        ];
        for &(s, style, value, percent, currency) in cases {
            let p = num(s, style);
            assert_eq!(p.value, value, "{s:?}");
            assert_eq!(p.percent, percent, "{s:?}");
            assert_eq!(p.currency, currency, "{s:?}");
        }
    }

    #[test]
    fn negative_zero_reads_as_positive_zero() {
        for s in ["-0", "-0.00", "(0)", "-0e5", "-$0"] {
            let v = num(s, DotDecimal).value;
            assert!(v == 0.0 && v.is_sign_positive(), "{s}");
        }
        let c = parse_cents("-0", DotDecimal).unwrap().value;
        assert!(c == 0.0 && c.is_sign_positive());
    }

    #[test]
    fn cents_mode_divides_by_100() {
        assert_eq!(parse_cents("1234", DotDecimal).unwrap().value, 12.34);
        assert_eq!(parse_cents("1.234", CommaDecimal).unwrap().value, 12.34);
        assert_eq!(parse_cents("-50", DotDecimal).unwrap().value, -0.5);
        let p = parse_cents("$999", DotDecimal).unwrap();
        assert_eq!((p.value, p.currency), (9.99, Some("$")));
        assert_eq!(parse_cents("x", DotDecimal), Err(NOT_A_NUMBER));
    }

    fn tally(cells: &[&str], style: NumberStyle) -> CurrencyDecision {
        let mut t = CurrencyTally::default();
        for cell in cells {
            if let Some(c) = num(cell, style).currency {
                t.observe(c);
            }
        }
        t.decide()
    }

    #[test]
    fn currency_of_a_column() {
        use CurrencyDecision::*;
        assert_eq!(tally(&["1.234,56", "12"], CommaDecimal), Unknown);
        assert_eq!(
            tally(&["R$ 1.234,56", "R$ 4.000,00", "12"], CommaDecimal),
            Named { code: "BRL" }
        );
        assert_eq!(
            tally(&["12,50 €", "EUR 3"], CommaDecimal),
            Named { code: "EUR" }
        );
        assert_eq!(tally(&["£3.50"], DotDecimal), Named { code: "GBP" });
        assert_eq!(tally(&["Rp 150.000"], CommaDecimal), Named { code: "IDR" });
        assert_eq!(tally(&["US$ 99", "$5"], DotDecimal), Named { code: "USD" });
        // A bare `$` is a guess, said as one …
        match tally(&["$1,234.56", "$5"], DotDecimal) {
            Guessed {
                sign,
                code,
                candidates,
            } => {
                assert_eq!((sign, code), ("$", "USD"));
                assert!(candidates.contains(&"MXN") && candidates.contains(&"CLP"));
            }
            other => panic!("{other:?}"),
        }
        // … unless the file names the currency elsewhere, before or after.
        assert_eq!(
            tally(&["$ 1.500", "ARS 2.000", "$ 3"], CommaDecimal),
            Named { code: "ARS" }
        );
        assert_eq!(
            tally(&["$ 1,500", "1,500 MXN"], DotDecimal),
            Named { code: "MXN" }
        );
        assert!(matches!(
            tally(&["¥1,000"], DotDecimal),
            Guessed { code: "JPY", .. }
        ));
        // Two currencies: the more frequent is used, and both are listed.
        assert_eq!(
            tally(&["R$ 10,00", "US$ 3,00", "R$ 5,00"], CommaDecimal),
            Mixed {
                code: "BRL",
                seen: vec![("BRL", 2), ("USD", 1)]
            }
        );
        // A `$` beside a currency it cannot be is a second currency.
        assert_eq!(
            tally(&["€ 12", "$ 3", "$ 4"], DotDecimal),
            Mixed {
                code: "USD",
                seen: vec![("$", 2), ("EUR", 1)]
            }
        );
        // Ties: the first seen.
        assert_eq!(
            tally(&["GBP 1", "EUR 1"], DotDecimal),
            Mixed {
                code: "GBP",
                seen: vec![("GBP", 1), ("EUR", 1)]
            }
        );
        let mut a = CurrencyTally::default();
        a.observe("BRL");
        let mut b = CurrencyTally::default();
        b.observe("EUR");
        b.observe("EUR");
        a.merge(&b);
        assert!(matches!(a.decide(), Mixed { code: "EUR", .. }));
    }

    #[test]
    fn currency_codes_from_users() {
        for (text, code) in [
            ("BRL", Some("BRL")),
            ("mxn", Some("MXN")),
            (" eur ", Some("EUR")),
            ("R$", Some("BRL")),
            ("rp", Some("IDR")),
            ("£", Some("GBP")),
            ("$", None),
            ("¥", None),
            ("", None),
            ("EURO", None),
            ("E1R", None),
            ("R$ 12", None),
        ] {
            assert_eq!(currency_code(text).as_deref(), code, "{text:?}");
        }
    }

    #[test]
    fn rejects_garbage_with_reasons() {
        let cases: &[(&str, NumberStyle, &str)] = &[
            ("", DotDecimal, EMPTY),
            (" \u{a0} ", DotDecimal, EMPTY),
            ("NaN", DotDecimal, NOT_A_NUMBER),
            ("nan", CommaDecimal, NOT_A_NUMBER),
            ("inf", DotDecimal, NOT_A_NUMBER),
            ("-inf", DotDecimal, NOT_A_NUMBER),
            ("Infinity", DotDecimal, NOT_A_NUMBER),
            ("∞", DotDecimal, NOT_A_NUMBER),
            ("-∞", DotDecimal, NOT_A_NUMBER),
            ("1e309", DotDecimal, OUT_OF_RANGE),
            ("-1e309", DotDecimal, OUT_OF_RANGE),
            ("1e99999999999999999999999", DotDecimal, OUT_OF_RANGE),
            ("abc", DotDecimal, NOT_A_NUMBER),
            ("12abc", DotDecimal, NOT_A_NUMBER),
            ("N/A", DotDecimal, NOT_A_NUMBER),
            ("-", DotDecimal, NOT_A_NUMBER),
            ("$", DotDecimal, NOT_A_NUMBER),
            ("%", DotDecimal, NOT_A_NUMBER),
            ("()", DotDecimal, NOT_A_NUMBER),
            (".", DotDecimal, NOT_A_NUMBER),
            ("--5", DotDecimal, NOT_A_NUMBER),
            ("-(5)", DotDecimal, NOT_A_NUMBER),
            ("+-5", DotDecimal, NOT_A_NUMBER),
            ("1e", DotDecimal, NOT_A_NUMBER),
            ("EURO 12", DotDecimal, NOT_A_NUMBER),
            ("1,2,3", DotDecimal, WRONG_SEPARATORS),
            ("1,2,3", CommaDecimal, WRONG_SEPARATORS),
            ("1.2.3", DotDecimal, WRONG_SEPARATORS),
            ("12,5", DotDecimal, WRONG_SEPARATORS),
            ("1,234.56", CommaDecimal, WRONG_SEPARATORS),
            ("1.234,56", DotDecimal, WRONG_SEPARATORS),
            ("12 34", DotDecimal, WRONG_SEPARATORS),
            ("1,,234", DotDecimal, WRONG_SEPARATORS),
            ("1,", DotDecimal, WRONG_SEPARATORS),
            ("0,123", DotDecimal, WRONG_SEPARATORS),
            ("1234,567", DotDecimal, WRONG_SEPARATORS),
            ("1,234 567", DotDecimal, WRONG_SEPARATORS),
            ("1.234 ,5", CommaDecimal, WRONG_SEPARATORS),
        ];
        for &(s, style, reason) in cases {
            assert_eq!(parse_number(s, style), Err(reason), "{s:?} in {style:?}");
        }
    }

    #[test]
    fn long_and_tiny_numbers_convert_correctly() {
        let long = "1".repeat(80);
        let want: f64 = long.parse().unwrap();
        assert_eq!(num(&long, DotDecimal).value, want);
        let tiny = format!("0.{}1", "0".repeat(320));
        assert_eq!(num(&tiny, DotDecimal).value, tiny.parse::<f64>().unwrap());
        assert_eq!(num("1e-99999", DotDecimal).value, 0.0);
        assert_eq!(num(&format!("{}", f64::MAX), DotDecimal).value, f64::MAX);
        assert_eq!(num(&format!("{}", 5e-324), DotDecimal).value, 5e-324);
        // Halfway case that needs the slow path's correct rounding.
        assert_eq!(
            num("9007199254740993", DotDecimal).value,
            9_007_199_254_740_992.0
        );
    }

    #[test]
    fn number_detector_cases() {
        fn decide(cells: &[&str]) -> NumberStyleDecision {
            let mut d = NumberStyleDetector::new();
            for c in cells {
                d.observe(c);
            }
            d.decide()
        }
        assert_eq!(
            decide(&["1,234.56", "12.50", "1,000"]),
            NumberStyleDecision::Decided(DotDecimal)
        );
        assert_eq!(
            decide(&["1.234,56", "12", "1.000"]),
            NumberStyleDecision::Decided(CommaDecimal)
        );
        assert_eq!(
            decide(&["0,123"]),
            NumberStyleDecision::Decided(CommaDecimal)
        );
        assert_eq!(
            decide(&["1234,567"]),
            NumberStyleDecision::Decided(CommaDecimal)
        );
        assert_eq!(
            decide(&["1.234.567"]),
            NumberStyleDecision::Decided(CommaDecimal)
        );
        assert_eq!(
            decide(&["1,234,567"]),
            NumberStyleDecision::Decided(DotDecimal)
        );
        assert_eq!(
            decide(&["3.14159"]),
            NumberStyleDecision::Decided(DotDecimal)
        );
        assert_eq!(
            decide(&["R$ 1.000,00"]),
            NumberStyleDecision::Decided(CommaDecimal)
        );
        assert_eq!(
            decide(&["12,5%"]),
            NumberStyleDecision::Decided(CommaDecimal)
        );
        let amb = decide(&["1.234", "10.000", "250"]);
        assert_eq!(
            amb,
            NumberStyleDecision::Ambiguous {
                assumed: CommaDecimal
            }
        );
        assert_eq!(amb.notice(), Some(AMBIGUOUS_NUMBERS_NOTICE));
        assert_eq!(amb.style(), CommaDecimal);
        assert_eq!(
            decide(&["1,234", "5,000"]),
            NumberStyleDecision::Ambiguous {
                assumed: DotDecimal
            }
        );
        let none = decide(&["12", "1234", "1 234", "", "text"]);
        assert_eq!(none, NumberStyleDecision::NoSeparators);
        assert_eq!((none.style(), none.notice()), (DotDecimal, None));
        let mixed = decide(&["12.5", "12,5", "3,7"]);
        assert_eq!(
            mixed,
            NumberStyleDecision::Mixed {
                assumed: CommaDecimal
            }
        );
        assert_eq!(mixed.notice(), Some(MIXED_NUMBERS_NOTICE));
        // Dates and text are not evidence.
        let mut d = NumberStyleDetector::new();
        d.observe("05.03.2024");
        d.observe("abc");
        d.observe("");
        assert_eq!(
            (d.decide(), d.unreadable()),
            (NumberStyleDecision::NoSeparators, 2)
        );
        // Merging columns into a file-level decision.
        let mut a = NumberStyleDetector::new();
        a.observe("1.234");
        let mut b = NumberStyleDetector::new();
        b.observe("7,25");
        a.merge(&b);
        assert_eq!(a.decide(), NumberStyleDecision::Decided(CommaDecimal));
    }

    /// Formats `v` the way a spreadsheet in `style` would, with `sep` as the
    /// thousands separator (independent of the parser).
    fn format_styled(v: f64, style: NumberStyle, sep: &str) -> String {
        let plain = format!("{}", v.abs()); // Display never uses an exponent
        let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
        let mut grouped = String::new();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push_str(sep);
            }
            grouped.push(ch);
        }
        if !frac.is_empty() {
            grouped.push(style.decimal_separator());
            grouped.push_str(frac);
        }
        if v < 0.0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    }

    const DOT_SEPS: &[&str] = &["", ",", " ", "\u{a0}", "\u{202f}", "'", "\u{2019}"];
    const COMMA_SEPS: &[&str] = &["", ".", " ", "\u{a0}", "\u{202f}", "'"];
    const AFFIXES: &[(&str, &str, Option<&str>, bool)] = &[
        ("", "", None, false),
        ("$", "", Some("$"), false),
        ("R$ ", "", Some("BRL"), false),
        ("", " €", Some("EUR"), false),
        ("USD ", "", Some("USD"), false),
        ("", "%", None, true),
        ("Rp ", "", Some("IDR"), false),
    ];

    fn finite_f64() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<f64>().prop_filter("finite", |v| v.is_finite()),
            (-1e9f64..1e9).prop_map(|v| (v * 100.0).round() / 100.0),
            Just(0.0),
            Just(f64::MAX),
            Just(f64::MIN_POSITIVE),
            Just(5e-324),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parse_number_never_panics(s in any::<String>()) {
            for style in [DotDecimal, CommaDecimal] {
                if let Ok(p) = parse_number(&s, style) {
                    prop_assert!(p.value.is_finite());
                }
                if let Ok(p) = parse_cents(&s, style) {
                    prop_assert!(p.value.is_finite());
                }
                if let Ok(m) = parse_minutes(&s, style) {
                    prop_assert!(m.is_finite() && m >= 0.0);
                }
            }
        }

        #[test]
        fn parse_number_never_panics_on_numberish_text(
            s in "[-+0-9.,'() $€%eE\u{a0}\u{202f}\u{2019}\u{2212}RrpUSD]{0,30}"
        ) {
            let mut d = NumberStyleDetector::new();
            d.observe(&s);
            let _ = d.decide();
            for style in [DotDecimal, CommaDecimal] {
                if let Ok(p) = parse_number(&s, style) {
                    prop_assert!(p.value.is_finite());
                    prop_assert!(p.value != 0.0 || p.value.is_sign_positive());
                }
            }
        }

        #[test]
        fn formatted_numbers_round_trip(
            v in finite_f64(),
            comma in any::<bool>(),
            sep_i in 0usize..7,
            affix_i in 0usize..AFFIXES.len(),
            parens in any::<bool>(),
        ) {
            let style = if comma { CommaDecimal } else { DotDecimal };
            let seps = if comma { COMMA_SEPS } else { DOT_SEPS };
            let sep = seps[sep_i % seps.len()];
            let (pre, post, cur, pct) = AFFIXES[affix_i];
            let body = if parens && v < 0.0 {
                format!("({})", format_styled(-v, style, sep))
            } else {
                format_styled(v, style, sep)
            };
            let cell = format!("{pre}{body}{post}");
            let p = parse_number(&cell, style);
            prop_assert!(p.is_ok(), "{:?} → {:?}", cell, p);
            let p = p.unwrap();
            let tol = 1e-9 * v.abs();
            prop_assert!((p.value - v).abs() <= tol, "{:?} → {} ≠ {}", cell, p.value, v);
            prop_assert_eq!(p.value, v); // correctly rounded: exact
            prop_assert_eq!(p.currency, cur);
            prop_assert_eq!(p.percent, pct);
        }
    }

    // ----- dates ----------------------------------------------------------

    /// 2024-03-05T00:00:00Z: 54 years × 365 + 13 leap days = 19 723 days to
    /// 2024-01-01, + 31 (Jan) + 29 (Feb) + 4 = 19 787 days × 86 400 s.
    const D: i64 = 19_787 * 86_400;
    /// 14:07:00 and 14:07:09 in seconds.
    const T1407: i64 = 14 * 3600 + 7 * 60;
    const T140709: i64 = T1407 + 9;

    /// Howard Hinnant's days_from_civil: an independent calendar.
    fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn chrono_secs(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, mi, s)
            .unwrap()
            .and_utc()
            .timestamp()
    }

    #[test]
    fn hand_computed_constants_agree_with_chrono_and_hinnant() {
        assert_eq!(D, chrono_secs(2024, 3, 5, 0, 0, 0));
        assert_eq!(D, days_from_civil(2024, 3, 5) * 86_400);
        assert_eq!(D + T140709, chrono_secs(2024, 3, 5, 14, 7, 9));
        assert_eq!(-2_208_988_800, chrono_secs(1900, 1, 1, 0, 0, 0));
        assert_eq!(253_402_214_400, chrono_secs(9999, 12, 31, 0, 0, 0));
    }

    #[test]
    fn every_date_format() {
        use DateStyle::*;
        let cases: &[(&str, DateStyle, i64)] = &[
            ("2024-03-05", Iso, D),
            ("2024-03-05T14:07:00Z", Iso, D + T1407),
            ("2024-03-05T14:07:09z", Iso, D + T140709),
            ("2024-03-05t14:07:09Z", Iso, D + T140709),
            ("2024-03-05T14:07:09.123Z", Iso, D + T140709),
            ("2024-03-05T14:07:09.999999+01:00", Iso, D + T140709 - 3600),
            ("2024-03-05T14:07:09,5Z", Iso, D + T140709),
            ("2024-03-05T14:07:09+0100", Iso, D + T140709 - 3600),
            ("2024-03-05T14:07:09+01", Iso, D + T140709 - 3600),
            ("2024-03-05T14:07:09-03:00", Iso, D + T140709 + 3 * 3600),
            ("2024-03-05T14:07+05:30", Iso, D + T1407 - 5 * 3600 - 1800),
            ("2024-03-05 14:07", Iso, D + T1407),
            ("2024-03-05 14:07:09", Iso, D + T140709),
            ("2024-03-05 14:07:09 UTC", Iso, D + T140709),
            ("2024-03-05 14:07:09 GMT", Iso, D + T140709),
            ("2024-03-05 14:07:09 +0000", Iso, D + T140709),
            ("2024-03-05 14:07:09 +0100", Iso, D + T140709 - 3600),
            ("2024-03-05 14:07:09 UTC+01:00", Iso, D + T140709 - 3600),
            ("2024-03-05 14:07:09.000000 UTC", Iso, D + T140709),
            ("2024/03/05", Iso, D),
            ("2024.03.05", Iso, D),
            ("2024-3-5 9:05", Iso, D + 9 * 3600 + 300),
            (" 2024-03-05 ", Iso, D),
            ("05/03/2024", DayFirst, D),
            ("5/3/2024 14:07", DayFirst, D + T1407),
            ("05.03.2024", DayFirst, D),
            ("05-03-2024", DayFirst, D),
            ("05/03/24", DayFirst, D),
            ("05/03/2024 2:07 PM", DayFirst, D + T1407),
            ("05/03/2024 02:07:09 pm", DayFirst, D + T140709),
            ("05/03/2024 2:07:09 p.m.", DayFirst, D + T140709),
            ("05/03/2024 12:00 AM", DayFirst, D),
            ("05/03/2024 12:30 PM", DayFirst, D + 12 * 3600 + 1800),
            ("05/03/2024 11:59 am", DayFirst, D + 11 * 3600 + 59 * 60),
            ("05/03/2024, 14:07:09", DayFirst, D + T140709),
            ("05/03/2024 14:07:09 +01:00", DayFirst, D + T140709 - 3600),
            ("2024-03-05", DayFirst, D),
            ("03/05/2024", MonthFirst, D),
            ("3/5/2024 2:07 PM", MonthFirst, D + T1407),
            ("03/05/24 14:07", MonthFirst, D + T1407),
            ("2024-03-05T14:07:09Z", MonthFirst, D + T140709),
            ("01/01/70", DayFirst, 0),
            ("31/12/69", DayFirst, chrono_secs(2069, 12, 31, 0, 0, 0)),
            ("1969-12-31T23:59:59Z", Iso, -1),
            ("1709647629", UnixSeconds, D + T140709),
            ("1709647629.9", UnixSeconds, D + T140709),
            ("0", UnixSeconds, 0),
            ("1709647629123", UnixMillis, D + T140709),
            ("1709647629999", UnixMillis, D + T140709),
            ("45356", ExcelSerial, D),
            ("45356.5", ExcelSerial, D + 43_200),
            ("45356,5", ExcelSerial, D + 43_200),
            // 14:07 = 0.588194444… days.
            ("45356.588194444", ExcelSerial, D + T1407),
            ("1", ExcelSerial, -2_208_988_800),
            ("59", ExcelSerial, -2_208_988_800 + 58 * 86_400),
            ("61", ExcelSerial, -2_208_988_800 + 59 * 86_400),
            ("2958465", ExcelSerial, 253_402_214_400),
            ("2024-03-05T14:07:09Z", ExcelSerial, D + T140709),
            ("2024-03-05 14:07:09", UnixSeconds, D + T140709),
        ];
        for &(s, style, want) in cases {
            assert_eq!(parse_timestamp(s, style), Ok(want), "{s:?} as {style:?}");
        }
    }

    #[test]
    fn rejects_bad_dates_with_reasons() {
        use DateStyle::*;
        let cases: &[(&str, DateStyle, &str)] = &[
            ("", Iso, EMPTY),
            ("31/02/2024", DayFirst, NO_SUCH_DATE),
            ("02/31/2024", MonthFirst, NO_SUCH_DATE),
            ("0000-00-00", Iso, NO_SUCH_DATE),
            ("0000-00-00 00:00:00", Iso, NO_SUCH_DATE),
            ("2024-13-01", Iso, NO_SUCH_DATE),
            ("2024-02-30", Iso, NO_SUCH_DATE),
            ("2023-02-29", Iso, NO_SUCH_DATE),
            ("13/13/2024", DayFirst, NO_SUCH_DATE),
            ("2024-03-05 24:00", Iso, NO_SUCH_TIME),
            ("2024-03-05T14:60:00Z", Iso, NO_SUCH_TIME),
            ("2024-03-05T14:07:60Z", Iso, NO_SUCH_TIME),
            ("05/03/2024 13:00 PM", DayFirst, NO_SUCH_TIME),
            ("05/03/2024 0:30 AM", DayFirst, NO_SUCH_TIME),
            ("05/03/2024", Iso, DATE_ORDER_MISMATCH),
            ("45356", Iso, NUMBER_NOT_DATE),
            ("45356.5", DayFirst, NUMBER_NOT_DATE),
            ("1709647629", Iso, NUMBER_NOT_DATE),
            ("60", ExcelSerial, EXCEL_FAKE_LEAP_DAY),
            ("60.5", ExcelSerial, EXCEL_FAKE_LEAP_DAY),
            ("0", ExcelSerial, TIMESTAMP_OUT_OF_RANGE),
            ("0.5", ExcelSerial, TIMESTAMP_OUT_OF_RANGE),
            ("2958466", ExcelSerial, TIMESTAMP_OUT_OF_RANGE),
            ("-5", UnixSeconds, TIMESTAMP_OUT_OF_RANGE),
            ("4102444800", UnixSeconds, TIMESTAMP_OUT_OF_RANGE),
            (
                "99999999999999999999999",
                UnixSeconds,
                TIMESTAMP_OUT_OF_RANGE,
            ),
            ("4102444800000", UnixMillis, TIMESTAMP_OUT_OF_RANGE),
            ("2024-03-05T14:07:09+25:00", Iso, BAD_OFFSET),
            ("2024-03-05T14:07:09+01:60", Iso, BAD_OFFSET),
            ("2024-03-05 14:07:09 +01:0", Iso, BAD_OFFSET),
            ("2024-03-05 14:07:09 +1", Iso, BAD_OFFSET),
            ("hello", Iso, NOT_A_DATE),
            ("2024-03", Iso, NOT_A_DATE),
            ("2024-03-05T", Iso, NOT_A_DATE),
            ("2024-03-05 14", Iso, NOT_A_DATE),
            ("2024-03-05 14:7", Iso, NOT_A_DATE),
            ("2024-03-05 14:07:09 tomorrow", Iso, NOT_A_DATE),
            ("2024-03-05Z", Iso, NOT_A_DATE),
            ("2024-03/05", Iso, NOT_A_DATE),
            ("05/03/202", DayFirst, NOT_A_DATE),
            ("12345/03/2024", DayFirst, NOT_A_DATE),
            ("abc", UnixSeconds, NOT_A_DATE),
        ];
        for &(s, style, reason) in cases {
            assert_eq!(parse_timestamp(s, style), Err(reason), "{s:?} as {style:?}");
        }
        // Leap day of a leap year is fine.
        assert_eq!(
            parse_timestamp("29/02/2024", DateStyle::DayFirst),
            Ok(chrono_secs(2024, 2, 29, 0, 0, 0))
        );
    }

    #[test]
    fn date_detector_cases() {
        fn decide(cells: &[&str]) -> DateStyleDecision {
            let mut d = DateStyleDetector::new();
            for c in cells {
                d.observe(c);
            }
            d.decide()
        }
        assert_eq!(
            decide(&["05/03/2024", "13/03/2024"]),
            DateStyleDecision::DayFirst
        );
        assert_eq!(
            decide(&["03/13/2024", "03/05/2024"]),
            DateStyleDecision::MonthFirst
        );
        assert_eq!(
            decide(&["3/13/2024 2:07 PM", "3/5/2024 9:00 AM"]),
            DateStyleDecision::MonthFirst
        );
        let amb = decide(&["05/03/2024", "01/02/2024", "12/12/2024", ""]);
        assert_eq!(amb, DateStyleDecision::Ambiguous);
        assert_eq!(amb.style(), Some(DateStyle::DayFirst));
        assert_eq!(
            amb.notice(),
            Some("dates like 05/03/2024 could be 5 March or May 3: assumed day-first — change it if wrong")
        );
        assert_eq!(
            decide(&["2024-03-05", "05/03/2024"]),
            DateStyleDecision::Ambiguous
        );
        assert_eq!(
            decide(&[
                "2024-03-05",
                "2024-03-05T14:07:09Z",
                "2024-03-05 14:07:09 +0100"
            ]),
            DateStyleDecision::Iso
        );
        assert_eq!(DateStyleDecision::Iso.notice(), None);
        assert_eq!(
            decide(&["1709647629", "1709600000"]),
            DateStyleDecision::UnixSeconds
        );
        assert_eq!(
            decide(&["1709647629123", "1709600000000"]),
            DateStyleDecision::UnixMillis
        );
        assert_eq!(
            decide(&["45356", "45356.5", "45357,25"]),
            DateStyleDecision::ExcelSerial
        );
        let mixed = decide(&["13/03/2024", "03/13/2024", "25/12/2024"]);
        assert_eq!(
            mixed,
            DateStyleDecision::Mixed {
                assumed: DateStyle::DayFirst
            }
        );
        assert_eq!(mixed.notice(), Some(MIXED_DATES_NOTICE));
        assert_eq!(decide(&[]), DateStyleDecision::Unknown);
        assert_eq!(DateStyleDecision::Unknown.style(), None);
        let mut d = DateStyleDetector::new();
        for c in ["abc", "3", "12", "31/02/2024"] {
            d.observe(c);
        }
        assert_eq!(
            (d.decide(), d.unreadable()),
            (DateStyleDecision::Unknown, 4)
        );
        let mut a = DateStyleDetector::new();
        a.observe("01/02/2024");
        let mut b = DateStyleDetector::new();
        b.observe("01/20/2024");
        a.merge(&b);
        assert_eq!(a.decide(), DateStyleDecision::MonthFirst);
    }

    /// First second of 1900-03-01 (Excel serial 61) … last of 2099.
    const SPAN: std::ops::RangeInclusive<i64> = -2_203_891_200..=4_102_444_799;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parse_timestamp_never_panics(s in any::<String>()) {
            for style in [DateStyle::Iso, DateStyle::DayFirst, DateStyle::MonthFirst,
                          DateStyle::UnixSeconds, DateStyle::UnixMillis, DateStyle::ExcelSerial] {
                let _ = parse_timestamp(&s, style);
            }
            let mut d = DateStyleDetector::new();
            d.observe(&s);
            let _ = d.decide();
            let _ = parse_bool(&s);
            let _ = trim_cell(&s);
        }

        #[test]
        fn parse_timestamp_never_panics_on_dateish_text(
            s in "[0-9/.:+\\- TZapmAPMUTC,]{0,32}"
        ) {
            for style in [DateStyle::Iso, DateStyle::DayFirst, DateStyle::MonthFirst,
                          DateStyle::UnixSeconds, DateStyle::UnixMillis, DateStyle::ExcelSerial] {
                let _ = parse_timestamp(&s, style);
            }
        }

        #[test]
        fn chrono_formatted_timestamps_round_trip(secs in SPAN, off_min in -720i32..=840) {
            let dt: NaiveDateTime = DateTime::from_timestamp(secs, 0).unwrap().naive_utc();
            let formats: &[(&str, DateStyle, i64)] = &[
                ("%Y-%m-%dT%H:%M:%SZ", DateStyle::Iso, 1),
                ("%Y-%m-%d %H:%M:%S", DateStyle::Iso, 1),
                ("%Y-%m-%d %H:%M", DateStyle::Iso, 60),
                ("%Y-%m-%d", DateStyle::Iso, 86_400),
                ("%Y-%m-%dT%H:%M:%S%.6fZ", DateStyle::Iso, 1),
                ("%d/%m/%Y %H:%M:%S", DateStyle::DayFirst, 1),
                ("%-d/%-m/%Y %H:%M", DateStyle::DayFirst, 60),
                ("%d.%m.%Y %H:%M:%S", DateStyle::DayFirst, 1),
                ("%d-%m-%Y", DateStyle::DayFirst, 86_400),
                ("%m/%d/%Y %I:%M:%S %p", DateStyle::MonthFirst, 1),
                ("%-m/%-d/%Y %-I:%M %p", DateStyle::MonthFirst, 60),
            ];
            for &(fmt, style, unit) in formats {
                let s = dt.format(fmt).to_string();
                prop_assert_eq!(parse_timestamp(&s, style), Ok(secs.div_euclid(unit) * unit), "{}", s);
            }
            let off = FixedOffset::east_opt(off_min * 60).unwrap();
            let local = off.from_utc_datetime(&dt);
            for fmt in ["%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%d %H:%M:%S %z"] {
                let s = local.format(fmt).to_string();
                prop_assert_eq!(parse_timestamp(&s, DateStyle::Iso), Ok(secs), "{}", s);
            }
            if secs >= 0 {
                prop_assert_eq!(parse_timestamp(&secs.to_string(), DateStyle::UnixSeconds), Ok(secs));
                let ms = secs * 1000 + secs.rem_euclid(1000);
                prop_assert_eq!(parse_timestamp(&ms.to_string(), DateStyle::UnixMillis), Ok(secs));
            }
            // Excel: days since 1899-12-30, fraction = time of day.
            let serial = (secs + 25_569 * 86_400) as f64 / 86_400.0;
            let s = format!("{serial:.9}");
            prop_assert_eq!(parse_timestamp(&s, DateStyle::ExcelSerial), Ok(secs), "{}", s);
        }

        #[test]
        fn textual_dates_match_an_independent_calendar(
            y in 1i64..=9999, m in 1i64..=12, d in 1i64..=28,
            h in 0i64..24, mi in 0i64..60, s in 0i64..60,
        ) {
            let want = days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + s;
            let iso = format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z");
            prop_assert_eq!(parse_timestamp(&iso, DateStyle::Iso), Ok(want));
            let dmy = format!("{d}/{m}/{y:04} {h}:{mi:02}:{s:02}");
            prop_assert_eq!(parse_timestamp(&dmy, DateStyle::DayFirst), Ok(want));
            let mdy = format!("{m:02}.{d:02}.{y:04}T{h:02}:{mi:02}:{s:02}");
            prop_assert_eq!(parse_timestamp(&mdy, DateStyle::MonthFirst), Ok(want));
        }
    }

    /// Every day (and the impossible days 0, 29–31 of every month) of two
    /// centuries around now, and the leap days of every year 0–9999: the
    /// ISO shortcut's calendar agrees with chrono's, refusals included.
    /// Every day of years 1–9999 (and the seconds either side of each
    /// midnight in 1900–2100): the fast year-month is chrono's.
    #[test]
    fn year_month_matches_chrono_on_every_day() {
        use chrono::{DateTime, Datelike};
        let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        let mut day = first;
        while day <= last {
            let t = day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
            let d = DateTime::from_timestamp(t, 0).unwrap();
            let want = d.year() as u32 * 100 + d.month();
            assert_eq!(year_month(t), Some(want), "{day}");
            if (1900..=2100).contains(&day.year()) {
                assert_eq!(year_month(t + 86_399), Some(want), "{day}");
                let before = DateTime::from_timestamp(t - 1, 0).unwrap();
                let want = before.year() as u32 * 100 + before.month();
                assert_eq!(year_month(t - 1), Some(want), "{day}");
            }
            day = day.succ_opt().unwrap();
        }
        let before_first = first.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() - 1;
        let after_last = last.and_hms_opt(23, 59, 59).unwrap().and_utc().timestamp() + 1;
        assert_eq!(year_month(before_first), None);
        assert_eq!(year_month(after_last), None);
        assert_eq!(year_month(i64::MIN), None);
        assert_eq!(year_month(i64::MAX), None);
    }

    #[test]
    fn iso_calendar_matches_chrono_exhaustively() {
        let years =
            (1900..2101).flat_map(|y| (0..14).flat_map(move |m| (0..33).map(move |d| (y, m, d))));
        let leap_days = (0..10_000).flat_map(|y| [(y, 2, 28), (y, 2, 29), (y, 3, 1)]);
        for (y, m, d) in years.chain(leap_days) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            let want = civil_to_unix(y, m, d, 0, 0, 0, 0);
            assert_eq!(fast_iso(text.as_bytes()), Some(want), "{text}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The byte-level fast path agrees with the general grammar on every
        /// fixed-width ISO shape, valid or not.
        #[test]
        fn fast_iso_path_agrees_with_general_path(
            y in 0u32..10_000, m in 0u32..100, d in 0u32..100,
            h in 0u32..100, mi in 0u32..100, s in 0u32..100, shape in 0usize..5,
        ) {
            let cell = match shape {
                0 => format!("{y:04}-{m:02}-{d:02}"),
                1 => format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}"),
                2 => format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
                3 => format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"),
                _ => format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}"),
            };
            let fast = fast_iso(cell.as_bytes());
            prop_assert!(fast.is_some(), "{}", cell);
            prop_assert_eq!(fast.unwrap(), parse_text(&cell, DateStyle::Iso), "{}", cell);
        }

        /// Plain decimal text converts exactly as the standard library's
        /// correctly rounded parser does (fast and slow paths alike).
        #[test]
        fn plain_decimals_match_std_parse(
            int in "[0-9]{1,25}", frac in "[0-9]{0,25}", exp in proptest::option::of(-330i32..330),
        ) {
            let mut cell = if frac.is_empty() { int.clone() } else { format!("{int}.{frac}") };
            if let Some(e) = exp {
                cell.push_str(&format!("e{e}"));
            }
            let want: f64 = cell.parse().unwrap();
            let got = parse_number(&cell, DotDecimal);
            if want.is_finite() {
                prop_assert_eq!(got.map(|p| p.value), Ok(want), "{}", cell);
                let comma = cell.replace('.', ",");
                prop_assert_eq!(parse_number(&comma, CommaDecimal).map(|p| p.value), Ok(want));
            } else {
                prop_assert_eq!(got, Err(OUT_OF_RANGE));
            }
        }
    }

    // ----- booleans -------------------------------------------------------

    #[test]
    fn booleans_in_five_languages() {
        for s in [
            "yes",
            "Yes",
            "YES",
            "y",
            "true",
            "TRUE",
            "t",
            "1",
            "sí",
            "Sí",
            "SÍ",
            "si",
            "s",
            "sim",
            "Sim",
            "oui",
            "OUI",
            "vrai",
            "verdadero",
            "verdadeiro",
            "ya",
            "Ya",
            "iya",
            "benar",
            " yes ",
            "\u{a0}Oui",
            "si\u{301}",
        ] {
            assert_eq!(parse_bool(s), Some(true), "{s:?}");
        }
        for s in [
            "no",
            "No",
            "NO",
            "n",
            "false",
            "False",
            "f",
            "0",
            "não",
            "NÃO",
            "nao",
            "non",
            "Non",
            "faux",
            "falso",
            "tidak",
            "Tidak",
            "salah",
            "na\u{303}o",
        ] {
            assert_eq!(parse_bool(s), Some(false), "{s:?}");
        }
        for s in [
            "",
            "maybe",
            "2",
            "yes!",
            "nope",
            "verdadeiramente",
            "ñ",
            "是",
        ] {
            assert_eq!(parse_bool(s), None, "{s:?}");
        }
    }

    // ----- durations ------------------------------------------------------

    #[test]
    fn durations_in_minutes() {
        assert_eq!(parse_minutes("12", DotDecimal), Ok(12.0));
        assert_eq!(parse_minutes("12.5", DotDecimal), Ok(12.5));
        assert_eq!(parse_minutes("12,5", CommaDecimal), Ok(12.5));
        assert_eq!(parse_minutes("1,440", DotDecimal), Ok(1440.0));
        assert_eq!(parse_minutes("0", DotDecimal), Ok(0.0));
        assert_eq!(parse_minutes("01:30", DotDecimal), Ok(90.0));
        assert_eq!(parse_minutes("1:02:30", DotDecimal), Ok(62.5));
        assert_eq!(parse_minutes("36:15", DotDecimal), Ok(36.0 * 60.0 + 15.0));
        assert_eq!(parse_minutes("0:00:30.5", DotDecimal), Ok(30.5 / 60.0));
        assert_eq!(parse_minutes("", DotDecimal), Err(EMPTY));
        assert_eq!(parse_minutes("-5", DotDecimal), Err(NEGATIVE_DURATION));
        assert_eq!(parse_minutes("-0:05", DotDecimal), Err(NEGATIVE_DURATION));
        assert_eq!(parse_minutes("1:60", DotDecimal), Err(NOT_A_DURATION));
        assert_eq!(parse_minutes("1:5", DotDecimal), Err(NOT_A_DURATION));
        assert_eq!(parse_minutes("1:05:60", DotDecimal), Err(NOT_A_DURATION));
        assert_eq!(parse_minutes("1:05:", DotDecimal), Err(NOT_A_DURATION));
        assert_eq!(parse_minutes("12%", DotDecimal), Err(NOT_A_DURATION));
        assert_eq!(parse_minutes("$12", DotDecimal), Err(NOT_A_DURATION));
        assert_eq!(parse_minutes("abc", DotDecimal), Err(NOT_A_DURATION));
        assert_eq!(parse_minutes("NaN", DotDecimal), Err(NOT_A_DURATION));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn clock_durations_match_arithmetic(h in 0u64..10_000, m in 0u64..60, s in 0u64..60) {
            let want = h as f64 * 60.0 + m as f64 + s as f64 / 60.0;
            let got = parse_minutes(&format!("{h}:{m:02}:{s:02}"), DotDecimal).unwrap();
            prop_assert!((got - want).abs() <= 1e-9 * want.max(1.0));
            prop_assert_eq!(parse_minutes(&format!("{h:02}:{m:02}"), CommaDecimal), Ok((h * 60 + m) as f64));
        }
    }

    /// Cells for the shortcut cross-checks: pieces that hit every branch of
    /// the general paths (signs, separators, spaces, markers, affixes).
    fn cell_piece() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "0", "1", "7", "9", "00", "12", "345", ".", ",", "'", " ", "\t", "\u{a0}", "\u{202f}",
            "\u{feff}", "-", "+", "%", "$", "€", "e", "E", "(", ")", ":", "x", "é",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The plain-decimal shortcut gives what the general path gives.
        #[test]
        fn plain_decimal_matches_general_path(
            pieces in proptest::collection::vec(cell_piece(), 0..8),
            digits in "[0-9]{1,17}",
            point in 0usize..18,
        ) {
            let mixed: String = pieces.concat();
            let mut number = digits.clone();
            if point < number.len() {
                number.insert(point, '.');
            }
            for cell in [mixed, digits, number.clone(), number.replace('.', ",")] {
                for style in [DotDecimal, CommaDecimal] {
                    let general = parse_number_general(&cell, style);
                    prop_assert_eq!(parse_number(&cell, style), general);
                    if let Some(v) = plain_decimal(cell.as_bytes(), style) {
                        prop_assert_eq!(Ok(v), general.map(|p| p.value));
                        prop_assert_eq!(parse_minutes(&cell, style), Ok(v));
                    }
                }
            }
        }

        /// The trimming shortcuts give what the general trims give.
        #[test]
        fn trim_shortcuts_match_general_trims(pieces in proptest::collection::vec(cell_piece(), 0..8)) {
            let cell: String = pieces.concat();
            prop_assert_eq!(trim_whitespace(&cell), trim_whitespace_edges(&cell));
            prop_assert_eq!(trim_cell(&cell), trim_cell_marker(&cell));
        }

        /// The ISO shortcut's calendar gives chrono's count, and the same
        /// refusals, for every year 0–9999 and out-of-range fields.
        #[test]
        fn iso_calendar_matches_chrono(
            y in 0u32..10_000, mo in 0u32..14, d in 0u32..33,
            h in 0u32..26, mi in 0u32..62, sec in 0u32..62,
        ) {
            let text = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{sec:02}");
            let want = civil_to_unix(y as i32, mo, d, h, mi, sec, 0);
            prop_assert_eq!(fast_iso(text.as_bytes()), Some(want));
            prop_assert_eq!(parse_timestamp(&text, DateStyle::Iso), want);
            let want_day = civil_to_unix(y as i32, mo, d, 0, 0, 0, 0);
            prop_assert_eq!(parse_timestamp(&text[..10], DateStyle::Iso), want_day);
        }
    }
}
