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

/// A figure whose column is mapped but has no answers is undefined with
/// its code and keeps its counts beside it (`n: 0`, the NPS groups and the
/// empty distribution); the settings name each mapped column's scale.
#[test]
fn undefined_survey_figures_keep_their_shape() {
    let csv = b"Score,CSAT,CES\n,4,\n,5,\n";
    let r = report(csv, Settings::default()).unwrap();
    assert_eq!(r.settings["mapping"]["score"], "Score");
    assert_eq!(r.settings["mapping"]["csat"], "CSAT");
    assert_eq!(r.settings["mapping"]["ces"], "CES");
    assert_eq!(
        serde_json::to_value(&r.metrics["nps"]).unwrap(),
        serde_json::json!({
            "value": null, "reason": "no survey responses", "code": "no_survey_responses",
            "promoters": 0, "passives": 0, "detractors": 0, "n": 0,
            "distribution": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        })
    );
    assert_eq!(
        r.metrics["ces"],
        serde_json::json!({
            "value": null, "reason": "no CES responses", "code": "no_ces_responses", "n": 0,
        })
    );
    assert_eq!(r.metrics["csat"]["value"], 1.0);
    assert_eq!(r.metrics["csat"]["satisfied"], 2);
    assert!(r.metrics.get("nps_by_month").is_none() && r.metrics.get("nps_change").is_none());
    for (key, scale) in [
        ("nps_scale", "0-10"),
        ("csat_scale", "1-5"),
        ("ces_scale", "1-7"),
    ] {
        assert_eq!(r.settings[key], scale, "{key}");
    }

    let r = report(b"Score,CSAT\n9,\n10,\n", Settings::default()).unwrap();
    assert_eq!(
        r.metrics["csat"],
        serde_json::json!({
            "value": null, "reason": "no CSAT responses", "code": "no_csat_responses", "n": 0,
        })
    );
    assert!(r.settings.get("ces_scale").is_none() && r.metrics.get("ces").is_none());
}

/// Dated answers: one NPS per month, oldest first, each with its month and
/// no distribution, and the change between the last two months with its
/// verdict's sentence.
#[test]
fn nps_by_month_and_change() {
    let csv =
        b"Date,Score\n2024-02-03,10\n2024-01-05,0\n2024-02-09,9\n2024-01-20,10\n2024-03-01,7\n";
    let r = report(csv, Settings::default()).unwrap();
    let months = r.metrics["nps_by_month"].as_array().unwrap();
    let ids: Vec<&str> = months
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["2024-01", "2024-02", "2024-03"]);
    assert!(months.iter().all(|m| m.get("distribution").is_none()));
    assert_eq!(
        (months[0]["value"].as_f64(), months[0]["n"].as_u64()),
        (Some(0.0), Some(2))
    );
    assert_eq!(months[1]["value"], 100.0);
    assert_eq!(months[2]["passives"], 1);
    let change = &r.metrics["nps_change"];
    assert_eq!(
        (change["from"].as_str(), change["to"].as_str()),
        (Some("2024-02"), Some("2024-03"))
    );
    assert_eq!(
        (change["before"].as_f64(), change["after"].as_f64()),
        (Some(100.0), Some(0.0))
    );
    assert_eq!(change["value"], -100.0);
    assert_eq!(change["verdict"], "not_distinguishable");
    assert_eq!(change["sentence"], "not distinguishable from no change");
    assert!(r.metrics["nps"]["distribution"].is_array());
}
