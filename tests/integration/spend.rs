//! Spend exports → CAC in total, per channel and per month ([contract §1](cxmetrics::contract)).
//! Expected figures come from `spend_channels.expected.md`.

use super::common::*;
use cxmetrics::report::Report;
use cxmetrics::settings::Settings;
use serde_json::Value;

/// Fixtures of this kind, also run through the chunking and CLI tests.
pub const FIXTURES: &[&str] = &["exports/spend_channels.csv", "spend/bad_rows.csv"];

fn channels(r: &Report) -> Vec<(String, f64, u64, Value)> {
    r.metrics["cac"]["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["channel"].as_str().unwrap().to_string(),
                c["spend"].as_f64().unwrap(),
                c["new_customers"].as_u64().unwrap(),
                c["cac"].clone(),
            )
        })
        .collect()
}

#[test]
fn spend_channels_export() {
    let r = report_of("exports/spend_channels.csv");
    assert_eq!(r.kind, "spend");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (13, 13, 0));
    assert_eq!(r.settings["mapping"]["date"], "Month");
    assert_eq!(r.settings["mapping"]["channel"], "Channel");
    assert_eq!(value(&r, "spend"), 29_200.0);
    assert_eq!(value(&r, "new_customers"), 34.0);
    close(value(&r, "cac"), 29_200.0 / 34.0, 1e-9);
    let got = channels(&r);
    let names: Vec<&str> = got.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "Google Ads",
            "LinkedIn Ads",
            "Content & SEO",
            "Events",
            "Referral"
        ]
    );
    let expected = [
        (12_600.0, 18, Some(700.0)),
        (8_000.0, 4, Some(2_000.0)),
        (3_600.0, 9, Some(400.0)),
        (5_000.0, 0, None),
        (0.0, 3, Some(0.0)),
    ];
    for (c, (spend, new, cac)) in got.iter().zip(expected) {
        assert_eq!((c.1, c.2), (spend, new), "{}", c.0);
        match cac {
            Some(v) => close(c.3["value"].as_f64().unwrap(), v, 1e-9),
            None => {
                assert_eq!(c.3["value"], Value::Null);
                assert_eq!(c.3["reason"], "no new customers in the period");
            }
        }
    }
    // Independent: the sum of the channels is the total.
    let total: f64 = got.iter().map(|c| c.1).sum();
    assert_eq!(total, value(&r, "spend"));
    let months: Vec<(String, f64, u64, f64)> = r.metrics["cac"]["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_string(),
                m["spend"].as_f64().unwrap(),
                m["new_customers"].as_u64().unwrap(),
                m["cac"]["value"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(months.len(), 3);
    for (m, (name, spend, new)) in months.iter().zip([
        ("2024-01", 12_900.0, 10),
        ("2024-02", 7_900.0, 9),
        ("2024-03", 8_400.0, 15),
    ]) {
        assert_eq!((m.0.as_str(), m.1, m.2), (name, spend, new));
        close(m.3, spend / new as f64, 1e-9);
    }
}

#[test]
fn bad_rows_are_listed_exactly() {
    let r = report_of("spend/bad_rows.csv");
    // The month 2024-13 does not read: the row counts without a month.
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (8, 3, 5));
    let got = skipped_rows(&r);
    assert_eq!(
        got,
        vec![
            (3, "Spend", "", "the row has no spend amount"),
            (4, "Spend", "-50.00", "spend cannot be negative"),
            (
                5,
                "New customers",
                "",
                "the row has no number of new customers"
            ),
            (
                6,
                "New customers",
                "2.5",
                "“New customers” must be a whole number of zero or more"
            ),
            (9, "Spend", "abc", "not a number"),
        ]
    );
    assert_eq!(r.unreadable_cells.len(), 1);
    let cell = &r.unreadable_cells[0];
    assert_eq!((cell.field.as_str(), cell.count), ("date", 1));
    assert_eq!(
        (cell.examples[0].line, cell.examples[0].value.as_str()),
        (7, "2024-13")
    );
    assert_eq!(cell.examples[0].reason, "not a date or time");
    // Used: Ads 1,000 / 4, Events 500 / 1 (no month) and an empty channel
    // 300 / 3 → 1,800 / 8.
    assert_eq!(value(&r, "spend"), 1_800.0);
    assert_eq!(value(&r, "new_customers"), 8.0);
    close(value(&r, "cac"), 1_800.0 / 8.0, 1e-12);
    let got = channels(&r);
    assert_eq!(got[0].0, "Ads");
    assert_eq!(got[1].0, "Events");
    assert_eq!(got[2].0, "(no channel)");
    assert_eq!(got[2].3["value"], 100.0);
    // By month: only the dated rows.
    let months: Vec<(&str, f64)> = r.metrics["cac"]["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["month"].as_str().unwrap(), m["spend"].as_f64().unwrap()))
        .collect();
    assert_eq!(months, [("2024-01", 1_000.0), ("2024-02", 300.0)]);
}

#[test]
fn cents_and_no_channel_column() {
    let csv = b"Spend,New customers\n100000,4\n50000,1\n";
    let r = report(csv, Settings::default()).unwrap();
    assert_eq!(value(&r, "cac"), 30_000.0);
    assert_eq!(r.metrics["cac"]["by_channel"], serde_json::json!([]));
    let s: Settings = serde_json::from_str(r#"{"amounts_in_cents":true}"#).unwrap();
    let r = report(csv, s).unwrap();
    assert_eq!(value(&r, "spend"), 1_500.0);
    assert_eq!(value(&r, "cac"), 300.0);
    // No new customers at all: undefined with the reason, spend still shown.
    let r = report(b"Spend,New customers\n100,0\n", Settings::default()).unwrap();
    assert_eq!(r.metrics["cac"]["reason"], "no new customers in the period");
    assert_eq!(value(&r, "spend"), 100.0);
}
