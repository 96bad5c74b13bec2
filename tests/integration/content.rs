//! Cells fail alone and content decides (issue 13): files shaped like the
//! real exports where headers mislead — a 1–10 satisfaction column beside
//! an NPS column, timestamps in duration columns, a column of words where
//! numbers are expected. Every guess is an inference the settings
//! override; every figure says what it rests on.

use super::common::*;
use cxmetrics::report::Report;
use cxmetrics::settings::Settings;
use serde_json::Value;

const TOL: f64 = 1e-12;

fn codes(list: &[cxmetrics::report::Warning]) -> Vec<&str> {
    list.iter().map(|w| w.code.as_str()).collect()
}

fn inference<'r>(r: &'r Report, code: &str, field: &str) -> &'r cxmetrics::report::Warning {
    r.inferences
        .iter()
        .find(|i| i.code == code && i.params["field"] == field)
        .unwrap_or_else(|| panic!("no {code} for {field}: {:?}", r.inferences))
}

/// A French NPS survey (Windows-1252, `;`) whose `satisfaction` column is
/// on 1–10: the scale is read from the answers, and no satisfaction answer
/// can take an NPS answer with it.
#[test]
fn nps_beside_a_one_to_ten_satisfaction() {
    let r = report_of("survey/fr_nps_satisfaction_1_10.csv");
    assert_eq!(r.settings["encoding"], "windows-1252");
    // 20 rows; one has no answer at all.
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (20, 19, 1));
    // 18 NPS answers: 12 promoters, 3 detractors → +50.
    let nps = &r.metrics["nps"];
    assert_eq!(nps["n"], 18);
    assert_eq!(
        (nps["promoters"].clone(), nps["detractors"].clone()),
        (12.into(), 3.into())
    );
    close(value(&r, "nps"), 50.0, TOL);
    // 19 satisfaction answers on 1–10, 9 of them 8 to 10.
    assert_eq!(r.settings["csat_scale"], "1-10");
    assert_eq!(r.metrics["csat"]["n"], 19);
    close(value(&r, "csat"), 9.0 / 19.0, TOL);
    let i = inference(&r, "scale_inferred", "csat");
    assert_eq!(i.params["scale"], "1-10");
    assert_eq!(i.params["column"], "satisfaction");
    assert_eq!(i.figures, vec!["csat".to_string()]);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// The user's scale wins over the answers: on 1–5 the answers above 5 are
/// unreadable cells, the NPS is untouched, and the CSAT says it rests on
/// part of its answers.
#[test]
fn a_csat_scale_setting_overrides_the_answers() {
    let settings = Settings {
        csat_scale: Some(cxmetrics::metrics::survey::CsatScale::OneToFive),
        ..Settings::default()
    };
    let r = report(
        &fixture_bytes("survey/fr_nps_satisfaction_1_10.csv"),
        settings,
    )
    .unwrap();
    assert!(r.inferences.iter().all(|i| i.code != "scale_inferred"));
    // The row whose only answer is a 6 of satisfaction has no usable answer.
    assert_eq!((r.rows.used, r.rows.skipped), (18, 2));
    assert_eq!(r.skipped[0].value, "6");
    close(value(&r, "nps"), 50.0, TOL);
    assert_eq!(r.metrics["nps"]["n"], 18);
    // Answers 1–5: 2, 4, 5, 3, 1, 2 → 2 satisfied of 6; the 12 above 5 in
    // used rows are voided.
    assert_eq!(r.metrics["csat"]["n"], 6);
    close(value(&r, "csat"), 2.0 / 6.0, TOL);
    let cells = &r.unreadable_cells[0];
    assert_eq!((cells.field.as_str(), cells.count), ("csat", 12));
    let partial = r
        .warnings
        .iter()
        .find(|w| w.code == "figure_partial")
        .expect("the CSAT is flagged");
    assert_eq!(partial.figures, vec!["csat".to_string()]);
    assert_eq!(
        (
            partial.params["used"].clone(),
            partial.params["eligible"].clone()
        ),
        (6.into(), 19.into())
    );
    assert!(codes(&r.warnings).contains(&"cells_unreadable"));
}

/// A ticket export whose `First Response Time` and `Time to Resolution`
/// hold timestamps and that has no created time: the columns are read as
/// the reply and resolution times, every ticket counts, and what cannot be
/// measured is undefined with its reason, never 0.
#[test]
fn reply_and_resolution_timestamps_without_a_created_time() {
    let r = report_of("tickets/reply_timestamps_no_created.csv");
    assert_eq!(r.kind, "tickets");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (12, 12, 0));
    let m = &r.settings["mapping"];
    assert_eq!(m["first_reply_at"], "First Response Time");
    assert_eq!(m["solved_at"], "Time to Resolution");
    assert_eq!(m["requester"], "Customer Email");
    assert_eq!(m["satisfaction"], "Customer Satisfaction Rating");
    assert!(m.get("first_reply_minutes").is_none());
    let i = inference(&r, "column_is_timestamp", "first_reply_minutes");
    assert_eq!(i.params["to"], "first_reply_at");
    let i = inference(&r, "column_is_timestamp", "resolution_minutes");
    assert_eq!(i.params["to"], "solved_at");
    assert_eq!(
        inference(&r, "scale_inferred", "satisfaction").params["scale"],
        "1-5"
    );

    assert_eq!(r.metrics["tickets"]["value"], 12);
    // Closed: 5; open: 4 Open + 3 Pending Customer Response.
    assert_eq!(r.metrics["tickets"]["solved"], 5);
    assert_eq!(r.metrics["backlog"]["value"], 7);
    // Awaiting a first reply: the 4 open tickets without one (the pending
    // ones were answered).
    assert_eq!(r.metrics["awaiting_first_reply"]["value"], 4);
    // No created time: nothing to measure a response or resolution from.
    for id in [
        "sla_attainment",
        "first_response_minutes",
        "resolution_minutes",
    ] {
        assert_eq!(r.metrics[id]["value"], Value::Null, "{id}");
        assert!(
            r.metrics[id]["reason"]
                .as_str()
                .unwrap()
                .contains("no created time"),
            "{id}: {}",
            r.metrics[id]
        );
    }
    // Ratings 3, 3, 1, 5, 4 → 2 of 5 satisfied.
    close(value(&r, "ticket_csat"), 0.4, TOL);
    let by_channel = r.metrics["volume"]["by_channel"].as_array().unwrap();
    let total: u64 = by_channel
        .iter()
        .map(|c| c["tickets"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 12);
    // The two e-mail addresses of ana@ are one customer.
    let product = r.metrics["top_issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["category"] == "Technical issue")
        .unwrap()
        .clone();
    assert_eq!(
        (product["tickets"].clone(), product["customers"].clone()),
        (5.into(), 4.into())
    );
    // Undefined figures say why themselves: no "rests on 0 of …" warning.
    assert!(
        r.warnings.iter().all(|w| w.code != "figure_partial"),
        "{:?}",
        r.warnings
    );
}

/// Without any first-reply column, SLA attainment and "awaiting first
/// reply" are unknown, not 0 % and every ticket.
#[test]
fn no_reply_column_means_unknown_not_zero() {
    let csv = "Id,Created at,Status\n1,2024-03-04 09:00,Open\n2,2024-03-04 10:00,Solved\n";
    let settings = Settings {
        kind: Some(cxmetrics::ingest::columns::Kind::Tickets),
        ..Settings::default()
    };
    let r = report(csv.as_bytes(), settings).unwrap();
    for id in ["sla_attainment", "awaiting_first_reply"] {
        assert_eq!(r.metrics[id]["value"], Value::Null, "{id}");
        assert!(r.metrics[id]["reason"]
            .as_str()
            .unwrap()
            .contains("no first reply time"));
    }
    assert_eq!(r.metrics["backlog"]["value"], 1);
}

/// A timestamp column under a duration header whose timestamp field is
/// already mapped is left unmapped.
#[test]
fn a_timestamp_duration_column_beside_its_twin_is_left_out() {
    let csv = "Id,Created at,First reply at,First response time\n\
               1,2024-03-04 09:00,2024-03-04 09:30,2024-03-04 09:30\n\
               2,2024-03-04 10:00,2024-03-04 10:10,2024-03-04 10:10\n";
    let r = report(csv.as_bytes(), Settings::default()).unwrap();
    assert_eq!(r.settings["mapping"]["first_reply_at"], "First reply at");
    assert!(r.settings["mapping"].get("first_reply_minutes").is_none());
    assert_eq!(
        inference(&r, "column_is_timestamp", "first_reply_minutes").params["to"],
        Value::Null
    );
    assert_eq!((r.rows.used, r.rows.skipped), (2, 0));
    close(value(&r, "first_response_minutes"), 20.0, TOL);
    // The user's mapping is the user's: mapped by hand, the column is read
    // as durations and its cells are unreadable.
    let settings: Settings =
        serde_json::from_str(r#"{"mapping":{"first_reply_minutes":"First response time"}}"#)
            .unwrap();
    let r = report(csv.as_bytes(), settings).unwrap();
    assert!(r.inferences.is_empty(), "{:?}", r.inferences);
    assert_eq!(r.unreadable_cells[0].field, "first_reply_minutes");
    assert_eq!(r.unreadable_cells[0].count, 2);
}

/// A CES column of words is not mapped (it would lose every cell); a 0–10
/// satisfaction column is read on 0–10. Mapped by hand, the CES column is
/// used and its cells fail alone.
#[test]
fn a_column_of_words_is_refused_and_a_zero_to_ten_scale_read() {
    let r = report_of("survey/satisfaction_0_10_ces_words.csv");
    assert!(r.settings["mapping"].get("ces").is_none());
    let refused = inference(&r, "mapping_refused", "ces");
    assert_eq!(refused.params["column"], "CES");
    assert_eq!(
        (
            refused.params["unreadable"].clone(),
            refused.params["sampled"].clone()
        ),
        (5.into(), 6.into())
    );
    assert!(r.metrics.get("ces").is_none());
    assert_eq!(
        inference(&r, "scale_inferred", "csat").params["scale"],
        "0-10"
    );
    // 10, 8, 0, 2, 9, 5 → 3 of 6 from 8 to 10.
    close(value(&r, "csat"), 0.5, TOL);
    assert_eq!(r.rows.used, 6);

    let settings: Settings = serde_json::from_str(r#"{"mapping":{"ces":"CES"}}"#).unwrap();
    let r = report(
        &fixture_bytes("survey/satisfaction_0_10_ces_words.csv"),
        settings,
    )
    .unwrap();
    assert_eq!(r.settings["mapping"]["ces"], "CES");
    assert!(r.inferences.iter().all(|i| i.code != "mapping_refused"));
    assert_eq!((r.rows.used, r.rows.skipped), (6, 0));
    assert_eq!(r.metrics["ces"]["n"], 1);
    assert_eq!(r.unreadable_cells[0].count, 5);
    close(value(&r, "nps"), 100.0 * (3.0 - 2.0) / 6.0, TOL);
}

/// The CES scale is read from the answers: 1 to 5 → 1–5.
#[test]
fn a_ces_scale_is_read_from_the_answers() {
    let csv = "Score,CES\n10,5\n9,4\n3,1\n8,2\n";
    let r = report(csv.as_bytes(), Settings::default()).unwrap();
    assert_eq!(r.settings["ces_scale"], "1-5");
    assert_eq!(
        inference(&r, "scale_inferred", "ces").params["scale"],
        "1-5"
    );
    // 5, 4, 1, 2 → mean 3, low effort (4–5) 2 of 4.
    close(value(&r, "ces"), 3.0, TOL);
    close(
        r.metrics["ces"]["share_low_effort"].as_f64().unwrap(),
        0.5,
        TOL,
    );
}

/// What defines a ticket: its id or its created time. Without an id, a
/// created time that does not read skips the row; with one, it fails alone.
#[test]
fn a_ticket_without_id_or_readable_creation_is_skipped() {
    let csv = "Id,Created at,Status,Priority\n\
               1,2024-03-04 09:00,Open,High\n\
               ,yesterday,Open,Low\n\
               3,yesterday,Solved,Low\n\
               4,2024-03-05 09:00,Open,High\n";
    let r = report(csv.as_bytes(), Settings::default()).unwrap();
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (4, 3, 1));
    assert_eq!(
        skipped_rows(&r),
        vec![(3, "Created at", "yesterday", "not a date or time")]
    );
    assert_eq!(r.unreadable_cells[0].field, "created_at");
    assert_eq!(r.unreadable_cells[0].examples[0].line, 4);
    assert_eq!(r.metrics["volume"]["undated"], 1);
    assert_eq!(r.metrics["backlog"]["value"], 2);
}
