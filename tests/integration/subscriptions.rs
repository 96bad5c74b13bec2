//! Subscriptions exports → churn, MRR, retention, cohorts, LTV ([contract §2](cxmetrics::contract)).
//! Expected figures come from the fixtures' `.expected.md` sidecars.

use super::common::*;
use chrono::NaiveDate;
use cxmetrics::error::Error;
use cxmetrics::report::Report;
use cxmetrics::settings::Settings;
use serde_json::Value;

/// Fixtures of this kind, also run through the chunking and CLI tests.
pub const FIXTURES: &[&str] = &[
    "exports/stripe_subscriptions.csv",
    "exports/br_assinaturas.csv",
    "subscriptions/bad_rows.csv",
];

fn settings(json: &str) -> Settings {
    serde_json::from_str(json).unwrap()
}

fn with(name: &str, json: &str) -> Report {
    report(&fixture_bytes(name), settings(json)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn reason<'a>(r: &'a Report, id: &str) -> &'a str {
    r.metrics[id]["reason"]
        .as_str()
        .unwrap_or_else(|| panic!("{id} has a value: {}", r.metrics[id]))
}

/// (month, S, N, L, new_and_lost, E) of the `customer_churn.months` list.
fn months(r: &Report) -> Vec<(String, u64, u64, u64, u64, u64)> {
    r.metrics["customer_churn"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let n = |k: &str| m[k].as_u64().unwrap();
            (
                m["month"].as_str().unwrap().to_string(),
                n("start"),
                n("new"),
                n("lost"),
                n("new_and_lost"),
                n("end"),
            )
        })
        .collect()
}

fn m(s: &str, a: u64, b: u64, c: u64, d: u64, e: u64) -> (String, u64, u64, u64, u64, u64) {
    (s.to_string(), a, b, c, d, e)
}

#[test]
fn stripe_default_period() {
    // As-of = latest date 2024-03-26 10:00, so the last complete month is
    // 2024-02; the earliest start is 2023-10-02, so the default period is
    // the last twelve complete months starting no earlier than the month
    // after it: 2023-11 … 2024-02.
    let r = report_of("exports/stripe_subscriptions.csv");
    assert_eq!(r.kind, "subscriptions");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (14, 14, 0));
    assert_eq!(r.settings["as_of"], "2024-03-26T10:00:00");
    assert_eq!(r.settings["period_start"], "2023-11");
    assert_eq!(r.settings["period_end"], "2024-02");
    assert_eq!(r.settings["gross_margin"], 1.0);
    assert_eq!(r.settings["gross_margin_assumed"], true);
    assert!(r.settings.get("interval_assumed").is_none());
    // The sidecar's monthly table (each month's counts do not depend on the
    // period around it).
    assert_eq!(
        months(&r),
        vec![
            m("2023-11", 1, 1, 0, 0, 2),
            m("2023-12", 2, 2, 0, 0, 4),
            m("2024-01", 4, 3, 1, 0, 6),
            m("2024-02", 6, 2, 1, 0, 7),
        ]
    );
    assert_eq!(value(&r, "customers_start"), 1.0);
    assert_eq!(value(&r, "customers_end"), 7.0);
    // Pooled: (0+0+1+1) / (1+2+4+6) = 2/13.
    close(value(&r, "customer_churn"), 2.0 / 13.0, 1e-12);
    close(
        value(&r, "annual_churn"),
        1.0 - (11.0f64 / 13.0).powi(12),
        1e-12,
    );
    // MRR snapshots 2023-11-01 = 148 (sidecar) and 2024-03-01 = 640.
    close(value(&r, "mrr_start"), 148.0, 1e-9);
    close(value(&r, "mrr_end"), 640.0, 1e-9);
    close(value(&r, "arpa"), 640.0 / 7.0, 1e-9);
    // LTV = ARPA × 1 ÷ (2/13); expected lifetime 6.5 months.
    close(value(&r, "ltv"), 640.0 / 7.0 * 6.5, 1e-9);
    close(value(&r, "expected_lifetime_months"), 6.5, 1e-12);
    assert!(r.metrics.get("churn_target").is_none());
    let mrr: Vec<f64> = r.metrics["mrr_months"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["mrr"].as_f64().unwrap())
        .collect();
    assert_eq!(mrr, vec![148.0, 197.0, 393.0, 591.0]);
    // The default is exactly the explicit period.
    let explicit = with(
        "exports/stripe_subscriptions.csv",
        r#"{"period_start":"2023-11","period_end":"2024-02"}"#,
    );
    assert_eq!(explicit.metrics, r.metrics);
}

#[test]
fn stripe_march_2024() {
    let r = with(
        "exports/stripe_subscriptions.csv",
        r#"{"period_start":"2024-03","period_end":"2024-03"}"#,
    );
    assert_eq!(r.settings["period_from"], "settings");
    assert_eq!(value(&r, "customers_start"), 7.0);
    assert_eq!(value(&r, "customers_end"), 8.0);
    // N = H (new) + K (reactivation) + I (new and lost, counted in N by docs/metrics.md §2).
    assert_eq!(value(&r, "new_customers"), 3.0);
    let n = &r.metrics["new_customers"];
    assert_eq!(
        (&n["first_time"], &n["reactivated"], &n["new_and_lost"]),
        (&Value::from(2), &Value::from(1), &Value::from(1))
    );
    assert_eq!(value(&r, "lost_customers"), 1.0);
    close(value(&r, "customer_churn"), 1.0 / 7.0, 1e-12);
    close(value(&r, "retention_rate"), 6.0 / 7.0, 1e-12);
    close(value(&r, "mrr_start"), 640.0, 1e-9);
    close(value(&r, "mrr_end"), 689.0, 1e-9);
    close(value(&r, "nrr"), 591.0 / 640.0, 1e-12);
    close(value(&r, "grr"), 492.0 / 640.0, 1e-12);
    close(value(&r, "gross_mrr_churn"), 148.0 / 640.0, 1e-12);
    close(value(&r, "expansion_rate"), 1.0 / 7.0, 1e-12);
    close(value(&r, "arpa"), 689.0 / 8.0, 1e-12);
    let march = &r.metrics["mrr_months"]["months"][0];
    assert_eq!(march["month"], "2024-03");
    for (k, v) in [
        ("mrr", 640.0),
        ("mrr_end", 689.0),
        ("new", 49.0),
        ("expansion", 99.0),
        ("contraction", 49.0),
        ("churned", 99.0),
        ("reactivation", 49.0),
    ] {
        close(march[k].as_f64().unwrap(), v, 1e-9);
    }
    // Cohorts: F and J are first seen on 2024-03-01, H on 2024-04-01; G C D
    // K A B E had MRR at an earlier snapshot (before the range).
    let rows = r.metrics["cohorts"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (&rows[0]["month"], &rows[0]["customers"]),
        (&Value::from("2024-03"), &Value::from(2))
    );
    close(rows[0]["starting_mrr"].as_f64().unwrap(), 49.0 + 99.0, 1e-9);
    assert_eq!(rows[0]["customers_retained"], serde_json::json!([1.0, 1.0]));
    assert_eq!(
        (&rows[1]["month"], &rows[1]["customers"]),
        (&Value::from("2024-04"), &Value::from(1))
    );
    assert_eq!(r.metrics["cohorts"]["customers_before_range"], 7);
}

#[test]
fn stripe_first_quarter_pooled() {
    let r = with(
        "exports/stripe_subscriptions.csv",
        r#"{"period_start":"2024-01","period_end":"2024-03"}"#,
    );
    // Sidecar: pooled 2024-01 … 2024-03 = 3 / 17.
    close(value(&r, "customer_churn"), 3.0 / 17.0, 1e-12);
    close(value(&r, "mrr_start"), 393.0, 1e-9);
    close(value(&r, "mrr_end"), 689.0, 1e-9);
    // Cohort MRR table, 2024-02 row (A, B, E first seen 2024-02-01:
    // 49 + 99 + 99 = 247): then A 49 + … B on 03-01 = 148; 04-01 A = 49.
    let rows = r.metrics["cohorts"]["rows"].as_array().unwrap();
    let feb = rows.iter().find(|x| x["month"] == "2024-02").unwrap();
    assert_eq!(feb["customers"], 3);
    close(feb["starting_mrr"].as_f64().unwrap(), 247.0, 1e-9);
    let mrr: Vec<f64> = feb["mrr_retained"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    close(mrr[1], 148.0 / 247.0, 1e-12);
    close(mrr[2], 49.0 / 247.0, 1e-12);
    let customers: Vec<f64> = feb["customers_retained"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    close(customers[1], 2.0 / 3.0, 1e-12);
    close(customers[2], 1.0 / 3.0, 1e-12);
}

#[test]
fn brazilian_export_default_and_march() {
    let r = report_of("exports/br_assinaturas.csv");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (10, 10, 0));
    assert_eq!(r.settings["delimiter"], "semicolon");
    assert_eq!(r.settings["number_style"], "comma");
    assert_eq!(r.settings["date_styles"]["start"], "day-first");
    // As-of 18/03/2024 15:15 (latest created date) → last complete month
    // 2024-02; earliest start 2023-10 → default period 2023-11 … 2024-02.
    assert_eq!(r.settings["as_of"], "2024-03-18T15:15:00");
    assert_eq!(r.settings["period_start"], "2023-11");
    assert_eq!(r.settings["period_end"], "2024-02");
    assert_eq!(
        months(&r),
        vec![
            m("2023-11", 2, 1, 0, 0, 3),
            m("2023-12", 3, 2, 0, 0, 5),
            m("2024-01", 5, 2, 0, 1, 6),
            m("2024-02", 6, 1, 1, 0, 6),
        ]
    );
    // Pooled (0+0+0+1) / (2+3+5+6) = 1/16.
    close(value(&r, "customer_churn"), 1.0 / 16.0, 1e-12);
    close(value(&r, "mrr_start"), 998.0, 1e-6);
    close(value(&r, "mrr_end"), 4_130.36, 1e-6);
    let mrr: Vec<f64> = r.metrics["mrr_months"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["mrr"].as_f64().unwrap())
        .collect();
    assert_eq!(mrr.len(), 4);
    for (a, b) in mrr.iter().zip([998.0, 2_232.56, 4_229.56, 4_429.46]) {
        close(*a, b, 1e-6);
    }

    let r = with(
        "exports/br_assinaturas.csv",
        r#"{"period_start":"2024-03","period_end":"2024-03"}"#,
    );
    close(value(&r, "mrr_start"), 4_130.36, 1e-6);
    close(value(&r, "mrr_end"), 4_566.82, 1e-6);
    close(value(&r, "nrr"), 3_332.26 / 4_130.36, 1e-12);
    close(value(&r, "grr"), 3_132.36 / 4_130.36, 1e-12);
    close(value(&r, "gross_mrr_churn"), 998.0 / 4_130.36, 1e-12);
    close(value(&r, "expansion_rate"), 1.0 / 6.0, 1e-12);
    close(value(&r, "retention_rate"), 5.0 / 6.0, 1e-12);
    close(value(&r, "arpa"), 4_566.82 / 6.0, 1e-9);
    // Pooled 2024-01 … 2024-03 = 2 / 17.
    let r = with(
        "exports/br_assinaturas.csv",
        r#"{"period_start":"2024-01","period_end":"2024-03"}"#,
    );
    close(value(&r, "customer_churn"), 2.0 / 17.0, 1e-12);
}

#[test]
fn bad_rows_are_listed_exactly() {
    let r = report_of("subscriptions/bad_rows.csv");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (14, 3, 11));
    let not_revenue =
        "a trial, or a subscription whose first payment never completed, is not revenue";
    let expected: Vec<(u64, &str, &str, &str)> = vec![
        (3, "Status", "trialing", not_revenue),
        (4, "Status", "incomplete_expired", not_revenue),
        (5, "Customer ID", "", "the row has no customer"),
        (
            6,
            "Interval",
            "fortnightly-ish",
            "the interval must be day, week, month, quarter or year (or mensal, anual, mensual, mensuel, annuel, bulanan, tahunan …)",
        ),
        (7, "Amount", "forty", "not a number"),
        (
            8,
            "Amount",
            "-49.00",
            "a subscription amount must be a number of zero or more",
        ),
        (
            9,
            "Ended At (UTC)",
            "2024-01-15",
            "the subscription ends before it starts",
        ),
        (10, "Start (UTC)", "", "the row has no start date"),
        (11, "Start (UTC)", "2024-02-30", "no such calendar date"),
        (
            12,
            "Quantity",
            "1.5",
            "the quantity must be a whole number of 0 or more",
        ),
        (13, "", "", "the row is empty"),
    ];
    let got = skipped_rows(&r);
    assert_eq!(got, expected);
    // (c13 starts on 2023-12-01: a start on the 1st is that month's N and
    // not in its S, see metrics::churn.)
    // Used: c1 49 from 2024-01-05; c12 99/year × 2 = 16.5 a month,
    // 2023-11-20 → canceled 2024-02-10 (no Ended At, status canceled);
    // c13 30 from 2023-12-01 with a *scheduled* cancellation (status
    // active): still active. As-of = 2024-03-01 (c13's Canceled At) →
    // last complete month 2024-02; earliest start 2023-11 → default period
    // 2023-12 … 2024-02.
    assert_eq!(r.settings["period_start"], "2023-12");
    assert_eq!(r.settings["period_end"], "2024-02");
    assert_eq!(
        months(&r),
        vec![
            m("2023-12", 1, 1, 0, 0, 2),
            m("2024-01", 2, 1, 0, 0, 3),
            m("2024-02", 3, 0, 1, 0, 2),
        ]
    );
    close(value(&r, "mrr_end"), 49.0 + 30.0, 1e-9);
    let mrr: Vec<f64> = r.metrics["mrr_months"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["mrr"].as_f64().unwrap())
        .collect();
    // Snapshots at 00:00 of 2023-12-01 … 2024-02-01 (the 2023-11-01 one,
    // 0, is before the period): c13, starting on 2023-12-01, is not yet in
    // the first.
    assert_eq!(mrr, vec![16.5, 46.5, 95.5]);
}

#[test]
fn settings_change_the_figures() {
    let name = "exports/stripe_subscriptions.csv";
    let march = r#""period_start":"2024-01","period_end":"2024-03""#;
    // Churn target: pooled 3/17 = 17.6 % against 5 % → missed by 12.6 points.
    let r = with(name, &format!(r#"{{{march},"churn_target":0.05}}"#));
    let t = &r.metrics["churn_target"];
    assert_eq!(t["value"], 0.05);
    assert_eq!(t["met"], false);
    close(
        t["gap_points"].as_f64().unwrap(),
        (3.0 / 17.0 - 0.05) * 100.0,
        1e-9,
    );
    assert_eq!(r.settings["churn_target"], 0.05);
    let r = with(name, &format!(r#"{{{march},"churn_target":0.2}}"#));
    assert_eq!(r.metrics["churn_target"]["met"], true);
    // Gross margin 80 %: LTV = ARPA × 0.8 ÷ (3/17), ARPA = 689 / 8.
    let r = with(name, &format!(r#"{{{march},"gross_margin":0.8}}"#));
    assert!(r.settings.get("gross_margin_assumed").is_none());
    close(value(&r, "ltv"), 689.0 / 8.0 * 0.8 / (3.0 / 17.0), 1e-9);
    // As-of set by hand moves the default period end.
    let r = with(name, r#"{"as_of":"2024-01-10"}"#);
    assert_eq!(r.settings["as_of_from"], "settings");
    assert_eq!(r.settings["period_end"], "2023-12");
    close(value(&r, "mrr_end"), 393.0, 1e-9);
    // Only a start: the end is the default.
    let r = with(name, r#"{"period_start":"2024-02"}"#);
    assert_eq!(r.settings["period_from"], "settings and default");
    close(value(&r, "mrr_start"), 591.0, 1e-9);
    close(value(&r, "mrr_end"), 640.0, 1e-9);
}

#[test]
fn bad_settings_are_errors() {
    let bytes = fixture_bytes("exports/stripe_subscriptions.csv");
    for json in [
        r#"{"period_start":"March 2024"}"#,
        r#"{"period_end":"2024-13"}"#,
        r#"{"period_start":"2024-03","period_end":"2024-01"}"#,
        r#"{"period_start":"2024-06"}"#,
        r#"{"churn_target":5}"#,
        r#"{"gross_margin":-0.1}"#,
        r#"{"as_of":"soon"}"#,
    ] {
        match report(&bytes, settings(json)) {
            Err(Error::Settings(s)) => assert!(!s.is_empty(), "{json}"),
            other => panic!("{json}: {other:?}"),
        }
    }
}

#[test]
fn cents_mrr_column_and_missing_interval() {
    // Amounts in cents, no interval column: monthly assumed and said so.
    let csv = b"Customer,Amount,Start,End\nc1,4900,2024-01-05,\nc2,9900,2024-01-10,2024-02-15\n";
    let r = report(
        csv,
        settings(r#"{"amounts_in_cents":true,"period_start":"2024-02","period_end":"2024-02"}"#),
    )
    .unwrap();
    assert_eq!(r.rows.used, 2);
    assert_eq!(r.settings["interval_assumed"], "month");
    assert_eq!(r.settings["amounts_in_cents"], true);
    close(value(&r, "mrr_start"), 148.0, 1e-9);
    close(value(&r, "mrr_end"), 49.0, 1e-9);
    close(value(&r, "gross_mrr_churn"), 99.0 / 148.0, 1e-12);
    // Without the cents setting the same file is 100 × larger.
    let r = report(
        csv,
        settings(r#"{"period_start":"2024-02","period_end":"2024-02"}"#),
    )
    .unwrap();
    close(value(&r, "mrr_start"), 14_800.0, 1e-9);
    // A ready MRR column wins over amount and interval.
    let csv = b"Customer,MRR,Start\nc1,100,2024-01-05\nc2,50,2024-01-10\n";
    let r = report(
        csv,
        settings(r#"{"period_start":"2024-02","period_end":"2024-02"}"#),
    )
    .unwrap();
    close(value(&r, "mrr_start"), 150.0, 1e-9);
    assert!(r.settings.get("interval_assumed").is_none());
}

#[test]
fn too_short_a_file_is_undefined_not_an_error() {
    let csv = b"Customer,Amount,Start\nc1,10,2024-03-05\nc2,10,2024-03-20\n";
    let r = report(csv, Settings::default()).unwrap();
    assert_eq!(r.rows.used, 2);
    assert!(reason(&r, "mrr_end").starts_with("no complete month before the as-of date"));
    assert!(reason(&r, "customer_churn").starts_with("no complete month"));
    let csv = b"Customer,Amount,Start\nc1,ten,2024-03-05\n";
    let r = report(csv, Settings::default()).unwrap();
    assert_eq!(r.rows.skipped, 1);
    assert_eq!(reason(&r, "nrr"), "no subscription rows could be used");
}

/// xorshift64*: a small seeded generator, so the file is the same every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn generated_5000_rows_against_brute_force() {
    struct Gen {
        customer: u64,
        trial: bool,
        monthly: f64,
        start: NaiveDate,
        end: Option<NaiveDate>,
    }
    let mut rng = Rng(0x5EED_CAFE_F00D_1234);
    let base = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let mut csv = String::from(
        "id,Customer ID,Status,Amount,Quantity,Interval,Start (UTC),Canceled At (UTC),Ended At (UTC)\n",
    );
    let mut rows = Vec::new();
    for i in 0..5_000u64 {
        let customer = rng.below(900);
        let start = base + chrono::Duration::days(rng.below(900) as i64);
        let ends = rng.below(3) == 0;
        let end = ends.then(|| start + chrono::Duration::days(1 + rng.below(400) as i64));
        let trial = rng.below(50) == 0;
        let (interval, per_year) = match rng.below(4) {
            0 | 1 => ("month", 12.0),
            2 => ("year", 1.0),
            _ => ("week", 52.0),
        };
        let cents = rng.below(50_000);
        let amount = cents as f64 / 100.0;
        let quantity = 1 + rng.below(3);
        // Independent: a year of billing ÷ 12.
        let monthly = amount * quantity as f64 * per_year / 12.0;
        // How the end is written: Ended At, or only Canceled At with a
        // canceled status; open rows sometimes carry a scheduled Canceled
        // At with an active status (not an end).
        let status;
        let (canceled, ended) = match end {
            Some(e) if rng.below(2) == 0 => {
                status = "canceled";
                (String::new(), e.to_string())
            }
            Some(e) => {
                status = "canceled";
                (e.to_string(), String::new())
            }
            None if rng.below(5) == 0 => {
                status = "active";
                let c = start + chrono::Duration::days(rng.below(30) as i64);
                (c.to_string(), String::new())
            }
            None => {
                status = "active";
                (String::new(), String::new())
            }
        };
        let status = if trial { "trialing" } else { status };
        csv.push_str(&format!(
            "sub_{i},cus_{customer},{status},{}.{:02},{quantity},{interval},{start},{canceled},{ended}\n",
            cents / 100,
            cents % 100
        ));
        rows.push(Gen {
            customer,
            trial,
            monthly,
            start,
            end,
        });
    }
    let snapshot = |day: NaiveDate| -> (u64, f64) {
        let mut per: std::collections::BTreeMap<u64, f64> = Default::default();
        for r in rows.iter().filter(|r| !r.trial && r.monthly > 0.0) {
            // Active at 00:00 of `day`: started on an earlier day, not
            // ended on an earlier day.
            if r.start < day && r.end.is_none_or(|e| day <= e) {
                *per.entry(r.customer).or_default() += r.monthly;
            }
        }
        let customers = per.values().filter(|&&v| v > 0.0).count() as u64;
        (customers, per.values().sum())
    };
    let trials = rows.iter().filter(|r| r.trial).count() as u64;
    for (period, first, after) in [
        (
            r#"{"period_start":"2023-01","period_end":"2024-03"}"#,
            NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2024, 4, 1).unwrap(),
        ),
        (
            r#"{"period_start":"2022-06","period_end":"2022-06"}"#,
            NaiveDate::from_ymd_opt(2022, 6, 1).unwrap(),
            NaiveDate::from_ymd_opt(2022, 7, 1).unwrap(),
        ),
    ] {
        let r = report(csv.as_bytes(), settings(period)).unwrap();
        assert_eq!(r.rows.read, 5_000);
        assert_eq!(r.rows.skipped, trials, "{:?}", r.skipped.first());
        assert_eq!(r.rows.used, 5_000 - trials);
        let (c0, m0) = snapshot(first);
        let (c1, m1) = snapshot(after);
        assert_eq!(value(&r, "customers_start") as u64, c0, "{period}");
        assert_eq!(value(&r, "customers_end") as u64, c1, "{period}");
        close(value(&r, "mrr_start"), m0, 1e-6 * m0.max(1.0));
        close(value(&r, "mrr_end"), m1, 1e-6 * m1.max(1.0));
        // Every month's start snapshot too.
        let list = r.metrics["customer_churn"]["months"].as_array().unwrap();
        let mrr = r.metrics["mrr_months"]["months"].as_array().unwrap();
        for (k, (mc, mm)) in list.iter().zip(mrr).enumerate() {
            let day = first + chrono::Months::new(k as u32);
            let (c, v) = snapshot(day);
            assert_eq!(mc["start"].as_u64().unwrap(), c, "{day}");
            close(mm["mrr"].as_f64().unwrap(), v, 1e-6 * v.max(1.0));
        }
    }
}

/// A start or an end at 04:00 on the 1st belongs to that month: new in
/// January (not in its start), lost in March (in its start).
#[test]
fn month_boundaries_at_four_on_the_first() {
    let text = "Customer ID,Amount,Start,Ended At\n\
                old,10,2023-06-10T09:00:00,\n\
                jan,20,2024-01-01T04:00:00,2024-03-01T04:00:00\n\
                lapse,30,2023-06-10,2024-02-10T10:00:00\n\
                lapse,30,2024-02-14,\n\
                across,40,2023-06-10,2024-02-27\n\
                across,40,2024-03-03,2024-03-31T23:00:00\n";
    let settings: cxmetrics::settings::Settings = serde_json::from_str(
        r#"{"period_start":"2024-01","period_end":"2024-03","as_of":"2024-04-15"}"#,
    )
    .unwrap();
    let r = report(text.as_bytes(), settings).unwrap();
    let months: Vec<(String, u64, u64, u64, u64)> = r.metrics["customer_churn"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["month"].as_str().unwrap().to_string(),
                x["start"].as_u64().unwrap(),
                x["new"].as_u64().unwrap(),
                x["lost"].as_u64().unwrap(),
                x["end"].as_u64().unwrap(),
            )
        })
        .collect();
    let m = |id: &str, s, n, l, e| (id.to_string(), s, n, l, e);
    assert_eq!(
        months,
        vec![
            // January: old, lapse, across at its start; jan is new.
            m("2024-01", 3, 1, 0, 4),
            // February: lapse's few days (10th → 14th) are no loss;
            // across leaves on the 27th.
            m("2024-02", 4, 0, 1, 3),
            // March: jan ends at 04:00 on the 1st, so it is in March's
            // start and lost in March; across comes back on the 3rd
            // (reactivated) and leaves on the 31st (new and lost).
            m("2024-03", 3, 1, 1, 2),
        ]
    );
    // The period's lost: customers of January's start lost at least once.
    assert_eq!(value(&r, "lost_customers"), 1.0);
    assert_eq!(value(&r, "customers_start"), 3.0);
    assert!(r.settings["conventions"]["lapse"]
        .as_str()
        .unwrap()
        .contains("not lost"));
    // MRR agrees: January starts with old + lapse + across = 80.
    close(
        r.metrics["mrr_months"]["months"][0]["mrr"]
            .as_f64()
            .unwrap(),
        80.0,
        1e-9,
    );
}
