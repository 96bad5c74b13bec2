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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fold_never_panics(s in ".{0,40}") {
        let _ = interval_months(&s);
        let _ = is_not_revenue_status(&s);
        let _ = parse_month(&s);
    }
}
