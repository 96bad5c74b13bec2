//! Numbers, money and percentages in the world's formats, and the
//! detector that decides a column's decimal separator.

use super::currency::{currency_prefix, currency_suffix};
use super::trim::{trim_cell, trim_whitespace};
use super::{
    AMBIGUOUS_NUMBERS_NOTICE, EMPTY, MIXED_NUMBERS_NOTICE, NOT_A_NUMBER, OUT_OF_RANGE,
    WRONG_SEPARATORS,
};
use serde::Serialize;
use std::io::Write as _;

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

/// Decimal mantissa digits × 10^exp, gathered without allocation: the
/// cell's number normalised to ASCII digits and a power of ten.
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

    /// The nearest f64 to the kept digits × 10^(`exp` + `exp10`), ties to
    /// even: the standard library's correctly rounded parser reads them
    /// written out as plain ASCII, `d…de±n`. Infinite beyond `f64::MAX`;
    /// `None` only if that text could not be written or read, which its
    /// bounded length and shape rule out.
    fn value(&self, exp10: i64) -> Option<f64> {
        if self.len == 0 {
            return Some(0.0);
        }
        // Beyond ±99 999 every mantissa of at most 64 digits is infinite or
        // zero; the bound keeps the exponent to five digits.
        let e = self.exp.saturating_add(exp10).clamp(-99_999, 99_999);
        let mut text = [0u8; MAX_SIG + 7];
        let free = {
            let mut out = &mut text[..];
            let written = out
                .write_all(&self.buf[..self.len])
                .and_then(|()| write!(out, "e{e}"));
            written.map(|()| out.len())
        };
        free.ok()
            .and_then(|free| std::str::from_utf8(&text[..text.len() - free]).ok())
            .and_then(|t| t.parse().ok())
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
    d.value(exp10).ok_or(NOT_A_NUMBER)
}

/// The most common cell shape, read directly: `digits` or
/// `digits<decimal>digits` (the style's decimal separator), at most 15
/// digits in all, nothing around them. The mantissa and the power of ten are
/// then exact, so one division rounds correctly and the value equals what
/// [`parse_number`]'s general path gives. `None` for any other shape.
#[inline]
pub(super) fn plain_decimal(b: &[u8], style: NumberStyle) -> Option<f64> {
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
/// trailing currency sign or code from [`CURRENCIES`](super::CURRENCIES), with or without a
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

#[cfg(test)]
#[path = "numbers_tests.rs"]
mod tests;
