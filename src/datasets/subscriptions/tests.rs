//! Tests of the subscriptions dataset.

use super::*;
use proptest::prelude::*;

#[test]
fn compact_row_is_24_bytes() {
    assert_eq!(std::mem::size_of::<SubscriptionRow>(), 24);
}

#[test]
fn intervals_in_five_languages() {
    for (w, m) in [
        ("month", 1.0),
        ("Monthly", 1.0),
        ("mensal", 1.0),
        ("Mensual", 1.0),
        ("mensuel", 1.0),
        ("bulanan", 1.0),
        ("year", 12.0),
        ("Anual", 12.0),
        ("annuel", 12.0),
        ("année", 12.0),
        ("tahunan", 12.0),
        ("trimestral", 3.0),
        ("semestral", 6.0),
        ("week", 12.0 / 52.0),
        ("semanal", 12.0 / 52.0),
        ("hebdomadaire", 12.0 / 52.0),
        ("mingguan", 12.0 / 52.0),
        ("day", 12.0 / 365.0),
        ("diário", 12.0 / 365.0),
        ("harian", 12.0 / 365.0),
    ] {
        assert_eq!(interval_months(w), Some(m), "{w}");
    }
    for w in ["", "monthy", "every so often", "年", "m o n t h l y x"] {
        assert_eq!(interval_months(w), None, "{w}");
    }
}

#[test]
fn monthly_amount_cross_check() {
    // Independent: a year of billing at the interval's price, ÷ 12.
    let per_year = |w: &str| -> f64 {
        match w {
            "week" => 52.0,
            "day" => 365.0,
            "month" => 12.0,
            "year" => 1.0,
            _ => unreachable!(),
        }
    };
    for w in ["week", "day", "month", "year"] {
        let price = 120.0;
        let monthly = price / interval_months(w).unwrap();
        assert!((monthly - price * per_year(w) / 12.0).abs() < 1e-9, "{w}");
    }
}

#[test]
fn statuses() {
    for s in [
        "trialing",
        "INCOMPLETE",
        "incomplete_expired",
        "Em teste",
        "en prueba",
        "essai",
        "uji coba",
    ] {
        assert!(is_not_revenue_status(s), "{s}");
    }
    for s in ["active", "canceled", "past_due", "cancelada", ""] {
        assert!(!is_not_revenue_status(s), "{s}");
    }
    assert!(is_running_status("past_due"));
    assert!(!is_running_status("cancelada"));
}

#[test]
fn month_settings() {
    assert_eq!(
        parse_month(" 2023-12 "),
        NaiveDate::from_ymd_opt(2023, 12, 1)
    );
    for bad in [
        "2023-1",
        "2023/12",
        "23-12",
        "2023-00",
        "abcd-ef",
        "2023-12-01",
        "+202-12",
    ] {
        assert_eq!(parse_month(bad), None, "{bad}");
    }
}

#[test]
fn day_conversion_round_trip() {
    assert_eq!(date_of(0), NaiveDate::from_ymd_opt(1970, 1, 1));
    let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let secs = d.and_hms_opt(23, 59, 59).unwrap().and_utc().timestamp();
    assert_eq!(day_of(secs).and_then(date_of), Some(d));
    assert_eq!(
        day_of(-1).and_then(date_of),
        NaiveDate::from_ymd_opt(1969, 12, 31)
    );
    assert_eq!(date_of(i32::MAX), None);
}

/// Subscriptions rows in a Stripe-like layout (customer, amount,
/// interval, status, start, canceled, ended), as opened from their header.
#[cfg(feature = "partials")]
const STRIPE_ROWS: &[[&str; 7]] = &[
    ["cus_a", "49.00", "month", "active", "2023-09-05", "", ""],
    [
        "cus_b",
        "588.00",
        "year",
        "canceled",
        "2023-10-10",
        "2024-02-10",
        "2024-02-10",
    ],
    [
        "cus_c",
        "10.00",
        "week",
        "active",
        "2023-12-01",
        "2024-04-02",
        "",
    ],
    [
        "cus_a",
        "99.00",
        "",
        "canceled",
        "2024-01-05",
        "",
        "2024-03-20",
    ],
    ["cus_d", "0", "month", "active", "2024-02-01", "", ""],
    ["cus_b", "49.00", "month", "past_due", "2024-03-01", "", ""],
    ["cus_e", "29.00", "month", "trialing", "2024-04-01", "", ""],
];

/// An accumulator opened on [`STRIPE_ROWS`] with `settings`.
#[cfg(feature = "partials")]
fn opened(settings: &Settings) -> Box<dyn Accumulator> {
    let headers: Vec<String> = [
        "Customer ID",
        "Amount",
        "Interval",
        "Status",
        "Start (UTC)",
        "Canceled At (UTC)",
        "Ended At (UTC)",
    ]
    .map(String::from)
    .to_vec();
    let sample: Vec<(u64, Vec<String>)> = (2..)
        .zip(STRIPE_ROWS)
        .map(|(line, cells)| (line, cells.map(String::from).to_vec()))
        .collect();
    let (kind, acc, _) = super::super::open(&headers, 1, &sample, settings).unwrap();
    assert_eq!(kind.as_str(), "subscriptions");
    acc
}

/// Pushes the rows `lines` (indexes into [`STRIPE_ROWS`]).
#[cfg(feature = "partials")]
fn push_rows(acc: &mut dyn Accumulator, lines: std::ops::Range<usize>, report: &mut Report) {
    for i in lines {
        let cells = &STRIPE_ROWS[i];
        let text = cells.concat();
        let ends: Vec<usize> = cells
            .iter()
            .scan(0, |end, c| {
                *end += c.len();
                Some(*end)
            })
            .collect();
        acc.push(&Record::from_parts(i as u64 + 2, &text, &ends), report);
    }
}

/// The report `acc` finishes with (its figures and settings).
#[cfg(feature = "partials")]
fn finished(acc: Box<dyn Accumulator>) -> String {
    let mut report = Report::new("subscriptions");
    acc.finish(&mut report).unwrap();
    report.to_json()
}

/// A state saved and loaded finishes as the accumulator that read the
/// rows, with the settings of the side that loads it (they are not in the
/// bytes); a loaded part merged with a later one likewise.
#[cfg(feature = "partials")]
#[test]
fn saved_and_loaded_state_finishes_as_one_pass() {
    let settings: Settings = serde_json::from_str(
        r#"{"as_of":"2024-06-15","period_start":"2023-11","period_end":"2024-05",
            "churn_target":0.05,"gross_margin":0.8}"#,
    )
    .unwrap();
    for settings in [Settings::default(), settings] {
        let all = 0..STRIPE_ROWS.len();
        let mut report = Report::new("subscriptions");
        let mut one = opened(&settings);
        push_rows(one.as_mut(), all.clone(), &mut report);
        let mut read = opened(&settings);
        push_rows(read.as_mut(), all, &mut report);
        let loaded = opened(&settings).load(&read.save()).unwrap();
        let expected = finished(one);
        assert_eq!(finished(loaded), expected);

        for cut in 0..=STRIPE_ROWS.len() {
            let (mut first, mut later) = (opened(&settings), opened(&settings));
            push_rows(first.as_mut(), 0..cut, &mut report);
            push_rows(later.as_mut(), cut..STRIPE_ROWS.len(), &mut report);
            let fresh = opened(&settings);
            let mut first = fresh.load(&first.save()).unwrap();
            first.merge(fresh.load(&later.save()).unwrap());
            assert_eq!(finished(first), expected, "cut before row {cut}");
        }
    }
}

/// Bytes that are not a saved state, or whose rows name a customer the
/// saved ids do not hold, are refused.
#[cfg(feature = "partials")]
#[test]
fn unreadable_saved_state_is_refused() {
    let acc = opened(&Settings::default());
    assert!(acc.load(b"not a state").is_err());
    let mut bad = SubscriptionsDataset::new(Context::unset(), &Settings::default()).unwrap();
    bad.rows.push(SubscriptionRow {
        customer: 3,
        start: 0,
        end: OPEN,
        monthly: 1.0,
    });
    assert!(acc
        .load(&super::super::parts::save_state(&Context::unset(), &bad))
        .is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fold_never_panics(s in ".{0,40}") {
        let _ = interval_months(&s);
        let _ = is_not_revenue_status(&s);
        let _ = parse_month(&s);
    }
}
