//! Survey exports → NPS.

use super::common::*;
use cxmetrics::settings::Settings;

/// Fixtures of this kind, also run through the chunking and CLI tests.
pub const FIXTURES: &[&str] = &[
    "survey/delighted_nps.csv",
    "survey/fr_nps_satisfaction_1_10.csv",
    "survey/satisfaction_0_10_ces_words.csv",
];

#[test]
fn delighted_export() {
    // Scores 10 9 7 3 10 8 6 9 10 0 9 8: promoters 6, passives 3,
    // detractors 3 → NPS = 100 × (6 − 3) / 12 = 25.
    let r = report_of("survey/delighted_nps.csv");
    assert_eq!(r.kind, "survey");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (12, 12, 0));
    assert_eq!(value(&r, "nps"), 25.0);
    let nps = &r.metrics["nps"];
    assert_eq!(nps["promoters"], 6);
    assert_eq!(nps["passives"], 3);
    assert_eq!(nps["detractors"], 3);
    // Adjusted Wald by hand: n' = 15, p' = 6.75/15 = 0.45, d' = 3.75/15 = 0.25,
    // centre 0.20, half-width 1.96 × √((0.45 + 0.25 − 0.04)/15) = 0.41106.
    close(nps["ci95_low"].as_f64().unwrap(), -21.106, 0.01);
    close(nps["ci95_high"].as_f64().unwrap(), 61.106, 0.01);
    assert_eq!(r.settings["mapping"]["score"], "Score");
}

#[test]
fn pasted_scores_without_header() {
    let r = report(b"10\n9\n\n8\n2\n", Settings::default()).unwrap();
    assert_eq!(r.settings["header_rows"], 0);
    assert_eq!(r.rows.read, 4);
    assert_eq!(value(&r, "nps"), 25.0);
}

#[test]
fn bad_scores_are_listed_with_line_column_value_reason() {
    let r = report(b"Score\n10\n9.5\n 10 \n-1\nNaN\n", Settings::default()).unwrap();
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (5, 2, 3));
    let listed: Vec<(u64, &str, &str)> = r
        .skipped
        .iter()
        .map(|s| (s.line, s.column.as_str(), s.value.as_str()))
        .collect();
    assert_eq!(
        listed,
        vec![(3, "Score", "9.5"), (5, "Score", "-1"), (6, "Score", "NaN")]
    );
    assert!(r
        .skipped
        .iter()
        .all(|s| s.reason == "an NPS score must be a whole number from 0 to 10"));
}

#[test]
fn unreadable_inputs() {
    let e = report(b"", Settings::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The file is empty: export it again with a header row and at least one data row."
    );
    let e = report(b"Score\n", Settings::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The file has a header row but no data rows: export it again with its data."
    );
}
