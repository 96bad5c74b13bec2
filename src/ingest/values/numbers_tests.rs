//! Tests of [`super`]: every format, refusals, the detector, and
//! correctly rounded conversion.

use super::*;
use crate::ingest::values::{cell_piece, parse_minutes};
use proptest::prelude::*;
use NumberStyle::{CommaDecimal, DotDecimal};

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

/// The value of `digits`e`exp` as a cell, bit for bit; `None` when the
/// cell is refused as out of range.
fn cell_bits(digits: &str, exp: i64) -> Option<u64> {
    match parse_number(&format!("{digits}e{exp}"), DotDecimal) {
        Ok(p) => Some(p.value.to_bits()),
        Err(OUT_OF_RANGE) => None,
        Err(e) => panic!("{digits}e{exp}: {e}"),
    }
}

/// What the standard library makes of `digits`e`exp`: its bits when finite.
fn std_bits(digits: &str, exp: i64) -> Option<u64> {
    let x: f64 = format!("{digits}e{exp}").parse().unwrap();
    x.is_finite().then(|| x.to_bits())
}

/// Rounding edges: ties to even beyond 2^53, the largest double and just
/// beyond it, the smallest normal and subnormal doubles and the halfway
/// points below them, powers of ten far out of range.
#[test]
fn rounding_edges_match_std() {
    let cases: &[(&str, i64)] = &[
        ("0", 0),
        ("000", 5),
        ("1", 0),
        ("9007199254740993", 0),
        ("9007199254740995", 0),
        ("18014398509481985", 0),
        ("17976931348623157", 292),
        ("17976931348623158", 292),
        ("17976931348623159", 292),
        ("1797693134862315807937289714053034150799", 269),
        ("22250738585072011", -324),
        ("22250738585072014", -324),
        ("22250738585072012", -324),
        ("49406564584124654", -340),
        ("24703282292062327", -340),
        ("24703282292062328", -340),
        ("2470328229206232720882538", -348),
        ("1", 400),
        ("1", -400),
        ("123456789012345678901234567890", 0),
        ("1", 22),
        ("1", 23),
        ("1", -23),
        ("3", -325),
        ("25", -325),
    ];
    for &(digits, exp) in cases {
        assert_eq!(
            cell_bits(digits, exp),
            std_bits(digits, exp),
            "{digits}e{exp}"
        );
    }
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every double's shortest decimal form reads back as that double.
    #[test]
    fn doubles_round_trip(bits in any::<u64>().prop_map(|b| b & 0x7FEF_FFFF_FFFF_FFFF)) {
        let x = f64::from_bits(bits);
        let text = format!("{x:e}");
        prop_assert_eq!(num(&text, DotDecimal).value.to_bits(), bits, "{}", text);
    }

    /// Exactly halfway between two doubles (ties to even), and one unit
    /// of the last digit either side of halfway, written out exactly
    /// with u128 arithmetic: (2q + 1) × 2^(s − 1).
    #[test]
    fn halfway_points(q in (1u64 << 52)..(1u64 << 53), s in -28i32..=70) {
        let odd = u128::from(2 * q + 1);
        let (mid, exp) = if s >= 1 {
            (odd << (s - 1), 0i64)
        } else {
            let n = (1 - s) as u32;
            (odd * 5u128.pow(n), -i64::from(n))
        };
        let texts = [
            (mid.to_string(), exp),
            ((mid * 10 + 1).to_string(), exp - 1),
            ((mid * 10 - 1).to_string(), exp - 1),
        ];
        for (digits, exp) in texts {
            prop_assert_eq!(cell_bits(&digits, exp), std_bits(&digits, exp), "{}e{}", digits, exp);
        }
    }
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
}
