//! Durations in minutes: plain numbers or `h:mm[:ss]`.

use super::numbers::{parse_number, plain_decimal, NumberStyle};
use super::trim::trim_cell;
use super::Cursor;
use super::{EMPTY, NEGATIVE_DURATION, NOT_A_DURATION};

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
        let (num, den) = c.fraction().ok_or(NOT_A_DURATION)?;
        seconds = sv as f64 + num as f64 / den as f64;
    }
    if !c.at_end() {
        return Err(NOT_A_DURATION);
    }
    Ok(h as f64 * 60.0 + m as f64 + seconds / 60.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use NumberStyle::{CommaDecimal, DotDecimal};

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
}
