//! Tests of [`super`]: every shape, refusals, the detector, and the
//! calendar against chrono and an independent one.

use super::*;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use proptest::prelude::*;

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
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

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
