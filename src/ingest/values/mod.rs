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
//!
//! Files, one per kind of value:
//!
//! | file | what |
//! |---|---|
//! | `trim.rs` | trimming a cell ([`trim_whitespace`], [`trim_cell`]) |
//! | `numbers.rs` | numbers, money, percent ([`parse_number`], [`parse_cents`], [`NumberStyleDetector`]) |
//! | `currency.rs` | currency signs and codes ([`CURRENCIES`], [`CurrencyTally`]) |
//! | `dates.rs` | dates and times ([`parse_timestamp`], [`DateStyleDetector`]) |
//! | `booleans.rs` | yes/no ([`parse_bool`]) |
//! | `durations.rs` | durations in minutes ([`parse_minutes`]) |
//!
//! The reasons a cell is refused, shared by every kind, are defined here.
//!
//! Three shortcuts on the per-cell path are kept for the speed of the ticket
//! and survey scans (measured in `benches/README.md`): cells with plain ASCII
//! edges skip the Unicode trim, plain decimals (`12`, `12.5`) skip the
//! general number grammar, and the fixed-width ISO shapes
//! (`2024-03-05 14:07:09`) are checked and read a word at a time. Each is
//! cross-checked by a property test against the general path it shortens.

mod booleans;
mod currency;
mod dates;
mod durations;
mod numbers;
mod trim;

pub use crate::time::year_month;
pub use booleans::parse_bool;
pub use currency::{
    currency_code, currency_of_cell, CurrencyDecision, CurrencyTally, CURRENCIES, SHARED_SIGNS,
};
pub use dates::{
    parse_timestamp, DateStyle, DateStyleDecision, DateStyleDetector, EXCEL_SERIAL_MAX,
    UNIX_MILLIS_MAX, UNIX_SECONDS_MAX,
};
pub use durations::parse_minutes;
pub use numbers::{
    parse_cents, parse_number, NumberStyle, NumberStyleDecision, NumberStyleDetector, ParsedNumber,
};
pub use trim::{trim_cell, trim_whitespace};

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

    /// An optional fraction: after a `.` or `,`, its digits as a numerator
    /// and a power-of-ten denominator (the first 15 digits; further ones
    /// are passed over). `(0, 1)` when no separator is next; `None` when no
    /// digit follows the separator.
    fn fraction(&mut self) -> Option<(u64, u64)> {
        let (mut num, mut den) = (0u64, 1u64);
        if matches!(self.peek(), Some(b'.') | Some(b',')) {
            self.i += 1;
            let start = self.i;
            while let Some(x) = self.peek() {
                if !x.is_ascii_digit() {
                    break;
                }
                if self.i - start < 15 {
                    num = num * 10 + u64::from(x - b'0');
                    den *= 10;
                }
                self.i += 1;
            }
            if self.i == start {
                return None;
            }
        }
        Some((num, den))
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

/// Cells for the shortcut cross-checks: pieces that hit every branch of
/// the general paths (signs, separators, spaces, markers, affixes).
#[cfg(test)]
fn cell_piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "0", "1", "7", "9", "00", "12", "345", ".", ",", "'", " ", "\t", "\u{a0}", "\u{202f}",
        "\u{feff}", "-", "+", "%", "$", "€", "e", "E", "(", ")", ":", "x", "é",
    ])
}
