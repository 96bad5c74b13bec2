//! Currency signs and codes written beside amounts, and the tally that
//! decides a file's currency.

use super::trim::trim_cell;

/// Currency signs and codes accepted before or after an amount, with what
/// [`ParsedNumber::currency`](super::ParsedNumber::currency) reports. Letters match case-insensitively and
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
pub(super) fn currency_prefix(t: &str) -> Option<(usize, &'static str)> {
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
pub(super) fn currency_suffix(t: &str) -> Option<(usize, &'static str)> {
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
/// [`ParsedNumber::currency`](super::ParsedNumber::currency) reports it: a code or a sign of
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
/// [`ParsedNumber::currency`](super::ParsedNumber::currency) reports), to decide the file's currency at
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
    /// Counts one cell's currency (a value of [`ParsedNumber::currency`](super::ParsedNumber::currency)).
    #[inline]
    pub fn observe(&mut self, currency: &'static str) {
        match self.seen.iter_mut().find(|(c, _)| *c == currency) {
            Some((_, n)) => *n = n.saturating_add(1),
            None => self.seen.push((currency, 1)),
        }
    }

    /// The currencies seen and their cells, to be saved (reading in parts).
    #[cfg(feature = "partials")]
    pub fn saved(&self) -> Vec<(&'static str, u64)> {
        self.seen.clone()
    }

    /// The tally [`saved`](Self::saved) gave; `None` when a name is not one
    /// a cell can name.
    #[cfg(feature = "partials")]
    pub fn from_saved(saved: &[(String, u64)]) -> Option<CurrencyTally> {
        let known = |name: &str| -> Option<&'static str> {
            CURRENCIES
                .iter()
                .flat_map(|(a, b)| [*a, *b])
                .chain(SHARED_SIGNS.iter().map(|(sign, _, _)| *sign))
                .find(|c| *c == name)
        };
        let seen = saved
            .iter()
            .map(|(name, n)| known(name).map(|c| (c, *n)))
            .collect::<Option<Vec<_>>>()?;
        Some(CurrencyTally { seen })
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
        // Most frequent first; ties: the first seen (a stable sort).
        let mut seen = merged;
        crate::metrics::sort_stable_by(&mut seen, |a, b| b.1.cmp(&a.1));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::values::{parse_number, NumberStyle};
    use NumberStyle::{CommaDecimal, DotDecimal};

    fn tally(cells: &[&str], style: NumberStyle) -> CurrencyDecision {
        let mut t = CurrencyTally::default();
        for cell in cells {
            let p = parse_number(cell, style).unwrap_or_else(|e| panic!("{cell:?}: {e}"));
            if let Some(c) = p.currency {
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
}
