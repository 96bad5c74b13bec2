//! Value parsers: numbers, money, dates, booleans, durations never panic and
//! never give a non-finite number.
#![no_main]
use cxmetrics::ingest::values::{self, DateStyle, NumberStyle};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else { return };
    for style in [NumberStyle::DotDecimal, NumberStyle::CommaDecimal] {
        if let Ok(n) = values::parse_number(text, style) {
            assert!(n.value.is_finite());
        }
        if let Ok(n) = values::parse_cents(text, style) {
            assert!(n.value.is_finite());
        }
        if let Ok(m) = values::parse_minutes(text, style) {
            assert!(m.is_finite() && m >= 0.0);
        }
    }
    for style in [DateStyle::Iso, DateStyle::DayFirst, DateStyle::MonthFirst, DateStyle::UnixSeconds, DateStyle::UnixMillis, DateStyle::ExcelSerial] {
        let _ = values::parse_timestamp(text, style);
    }
    let _ = values::parse_bool(text);
    let mut numbers = values::NumberStyleDetector::new();
    let mut dates = values::DateStyleDetector::new();
    for cell in text.split('\n') {
        numbers.observe(cell);
        dates.observe(cell);
    }
    let _ = (numbers.decide(), dates.decide());
});
