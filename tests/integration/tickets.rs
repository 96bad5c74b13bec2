//! Ticket exports → the [contract §4](cxmetrics::contract) report, against the hand-worked sidecars
//! (`*.expected.md`), bad rows, settings, and a generated 20,000-row file
//! checked against an independent computation.

use super::common::*;
use cxmetrics::metrics::survey::CsatScale;
use cxmetrics::report::Report;
use cxmetrics::settings::Settings;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Fixtures of this kind, also run through the chunking and CLI tests.
pub const FIXTURES: &[&str] = &[
    "exports/zendesk_tickets.csv",
    "exports/intercom_conversations.csv",
    "exports/es_tickets.csv",
    "tickets/bad_rows.csv",
    "tickets/reply_timestamps_no_created.csv",
];

/// Percentiles from the sidecars are hand arithmetic; the code's linear
/// interpolation may differ in the last bits.
const TOL: f64 = 1e-9;

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {v}"))
}

/// Asserts a duration figure: n, mean, median (= value), p90, p95.
#[track_caller]
fn duration(r: &Report, id: &str, n: u64, mean: f64, median: f64, p90: f64, p95: f64) {
    let f = &r.metrics[id];
    assert_eq!(f["n"], n, "{id}: {f}");
    close(num(f, "mean"), mean, TOL);
    close(num(f, "median"), median, TOL);
    close(num(f, "value"), median, TOL);
    close(num(f, "p90"), p90, TOL);
    close(num(f, "p95"), p95, TOL);
}

fn top_issues(r: &Report) -> Vec<(String, u64, u64)> {
    r.metrics["top_issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["category"].as_str().unwrap().to_string(),
                t["customers"].as_u64().unwrap(),
                t["tickets"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn issues(list: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    list.iter()
        .map(|(c, a, b)| (c.to_string(), *a, *b))
        .collect()
}

fn int(r: &Report, id: &str) -> u64 {
    r.metrics[id]["value"]
        .as_u64()
        .unwrap_or_else(|| panic!("{id}: {}", r.metrics[id]))
}

#[test]
fn zendesk_export() {
    let r = report_of("exports/zendesk_tickets.csv");
    assert_eq!(r.kind, "tickets");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (14, 14, 0));
    assert_eq!(int(&r, "tickets"), 14);
    // FRT from the minutes column (no first-reply timestamp).
    duration(
        &r,
        "first_response_minutes",
        12,
        556.0 / 12.0,
        32.5,
        93.0,
        133.25,
    );
    assert_eq!(int(&r, "awaiting_first_reply"), 2);
    // SLA: 9 replied within 60 of 12, plus 1210 and 1213 overdue → 9/14.
    let sla = &r.metrics["sla_attainment"];
    close(num(sla, "value"), 9.0 / 14.0, TOL);
    assert_eq!(
        (&sla["met"], &sla["replied"], &sla["overdue_unreplied"]),
        (&Value::from(9), &Value::from(12), &Value::from(2))
    );
    assert_eq!(sla["target_minutes"], 60.0);
    duration(&r, "resolution_minutes", 10, 669.8, 96.5, 2022.0, 2481.0);
    let touch = &r.metrics["one_touch_rate"];
    assert_eq!(num(touch, "value"), 0.6);
    assert_eq!(
        (&touch["one_touch"], &touch["solved"]),
        (&6.into(), &10.into())
    );
    assert_eq!(int(&r, "backlog"), 4);
    let csat = &r.metrics["ticket_csat"];
    assert_eq!(num(csat, "value"), 0.75);
    assert_eq!(csat["n"], 8);
    // Offered ×2, Not Offered ×2, Unoffered ×2.
    assert_eq!(csat["not_answered"], 6);
    duration(
        &r,
        "first_ticket_resolution_minutes",
        6,
        6458.0 / 6.0,
        771.5,
        2430.0,
        2685.0,
    );
    assert_eq!(
        r.metrics["first_ticket_resolution_minutes"]["unresolved"],
        3
    );
    assert_eq!(
        top_issues(&r),
        issues(&[
            ("billing", 4, 5),
            ("login", 4, 4),
            ("api", 2, 3),
            ("feature_request", 2, 2)
        ])
    );
    // The business-hours twins, reported apart. FRT twin equals the FRT
    // column; resolution twin (solved only): 148 560 40 960 45 1020 15 150
    // 25 20 → sorted 15 20 25 40 45 148 150 560 960 1020, sum 2983,
    // median (45 + 148)/2, p90 rank 8.1 → 960 + 0.1 × 60, p95 rank 8.55 →
    // 960 + 0.55 × 60.
    duration(
        &r,
        "first_response_minutes_business",
        12,
        556.0 / 12.0,
        32.5,
        93.0,
        133.25,
    );
    duration(
        &r,
        "resolution_minutes_business",
        10,
        298.3,
        96.5,
        966.0,
        993.0,
    );
    // Settings decided.
    let s = &r.settings;
    assert_eq!(s["as_of"], "2024-03-11T10:20:00");
    assert_eq!(s["as_of_source"], "latest timestamp");
    assert_eq!(s["sla_minutes"], 60.0);
    assert_eq!(s["sla_minutes_by_priority"], serde_json::json!({}));
    assert_eq!(s["first_response_source"], "minutes columns");
    assert_eq!(s["resolution_source"], "timestamps");
    assert_eq!(s["csat_scale"], "good-bad");
    // Volume: 3 tickets on 4 March …; weeks 2024-W10 (4–10 March, 13) and W11.
    let v = &r.metrics["volume"];
    assert_eq!(
        v["by_month"],
        serde_json::json!([{"key": "2024-03", "tickets": 14}])
    );
    assert_eq!(
        v["by_week"],
        serde_json::json!([{"key": "2024-W10", "tickets": 13}, {"key": "2024-W11", "tickets": 1}])
    );
    assert_eq!(
        v["by_day"][0],
        serde_json::json!({"key": "2024-03-04", "tickets": 3})
    );
    assert_eq!(
        v["by_channel"][0],
        serde_json::json!({"key": "Mail", "tickets": 7})
    );
    assert_eq!(
        v["by_priority"],
        serde_json::json!([{"key": "Normal", "tickets": 7}, {"key": "High", "tickets": 3},
            {"key": "Low", "tickets": 3}, {"key": "Urgent", "tickets": 1}])
    );
    // FRT histogram: 1 2 3 | 12 | 20 | 30 35 48 55 | 75 95 | 180 on
    // 0 5 15 30 60 120 240 (last rung ≥ max 180).
    let h = &r.metrics["first_response_histogram"];
    assert_eq!(
        h["edges"],
        serde_json::json!([0.0, 5.0, 15.0, 30.0, 60.0, 120.0, 240.0])
    );
    assert_eq!(h["counts"], serde_json::json!([3, 1, 1, 4, 2, 1]));
}

#[test]
fn intercom_export() {
    let r = report_of("exports/intercom_conversations.csv");
    assert_eq!(r.kind, "tickets");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (12, 12, 0));
    assert_eq!(int(&r, "tickets"), 12);
    duration(&r, "first_response_minutes", 10, 116.7, 15.0, 162.0, 576.0);
    assert_eq!(int(&r, "awaiting_first_reply"), 2);
    let sla = &r.metrics["sla_attainment"];
    close(num(sla, "value"), 8.0 / 11.0, TOL);
    assert_eq!(sla["overdue_unreplied"], 1);
    duration(&r, "resolution_minutes", 8, 355.25, 82.5, 1160.0, 1300.0);
    assert_eq!(r.metrics["one_touch_rate"]["value"], Value::Null);
    assert_eq!(
        r.metrics["one_touch_rate"]["reason"],
        "no replies or first-contact column"
    );
    assert_eq!(int(&r, "backlog"), 4);
    let csat = &r.metrics["ticket_csat"];
    assert_eq!(num(csat, "value"), 0.625);
    assert_eq!((&csat["n"], &csat["satisfied"]), (&8.into(), &5.into()));
    // p95: rank 0.95 × 4 = 3.8 → 1040 + 0.8 × 400 = 1360.
    duration(
        &r,
        "first_ticket_resolution_minutes",
        5,
        532.4,
        120.0,
        1280.0,
        1360.0,
    );
    assert_eq!(
        top_issues(&r),
        issues(&[
            ("billing", 3, 4),
            ("bug", 3, 4),
            ("how-to", 2, 2),
            ("onboarding", 2, 2)
        ])
    );
    assert_eq!(r.settings["as_of"], "2024-04-04T16:00:00");
    assert_eq!(r.settings["first_response_source"], "timestamps");
    assert_eq!(r.settings["csat_scale"], "1-5");
    assert!(r.metrics.get("first_response_minutes_business").is_none());
}

#[test]
fn spanish_export() {
    let r = report_of("exports/es_tickets.csv");
    assert_eq!(r.kind, "tickets");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (12, 12, 0));
    duration(&r, "first_response_minutes", 10, 37.8, 25.0, 93.0, 106.5);
    assert_eq!(int(&r, "awaiting_first_reply"), 2);
    close(num(&r.metrics["sla_attainment"], "value"), 8.0 / 11.0, TOL);
    duration(&r, "resolution_minutes", 8, 1070.0, 90.0, 2736.0, 4248.0);
    let touch = &r.metrics["one_touch_rate"];
    assert_eq!(num(touch, "value"), 0.625);
    assert_eq!(
        (&touch["one_touch"], &touch["solved"]),
        (&5.into(), &8.into())
    );
    assert_eq!(int(&r, "backlog"), 4);
    assert_eq!(num(&r.metrics["ticket_csat"], "value"), 0.625);
    // p95: rank 0.95 × 6 = 5.7 → 1440 + 0.7 × 4320 = 4464.
    duration(
        &r,
        "first_ticket_resolution_minutes",
        7,
        7480.0 / 7.0,
        60.0,
        3168.0,
        4464.0,
    );
    assert_eq!(
        top_issues(&r),
        issues(&[
            ("Facturación", 4, 5),
            ("Acceso", 3, 4),
            ("Integraciones", 3, 3)
        ])
    );
    assert_eq!(r.settings["as_of"], "2024-03-13T08:00:00");
    assert_eq!(r.settings["date_styles"]["created_at"], "day-first");
}

/// The unreadable cells of a report: (line, field, value, reason), in
/// field order of first appearance, then line.
fn cells(r: &Report) -> Vec<(u64, &str, &str, &str)> {
    r.unreadable_cells
        .iter()
        .flat_map(|c| {
            c.examples.iter().map(move |e| {
                (
                    e.line,
                    c.field.as_str(),
                    e.value.as_str(),
                    e.reason.as_str(),
                )
            })
        })
        .collect()
}

#[test]
fn bad_rows_are_listed_exactly() {
    // tickets/bad_rows.csv: 12 data rows; only the empty one is skipped.
    // Every bad cell fails alone: its ticket still counts for everything
    // that does not need it.
    let r = report_of("tickets/bad_rows.csv");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (12, 11, 1));
    assert_eq!(skipped_rows(&r), vec![(8, "", "", "the row is empty")]);
    let mut listed = cells(&r);
    listed.sort();
    assert_eq!(
        listed,
        vec![
            (
                3,
                "first_reply_at",
                "2024-05-01 09:50",
                "the first reply time is before the ticket was created"
            ),
            (
                4,
                "solved_at",
                "2024-05-01 23:00",
                "the solved time is before the ticket was created"
            ),
            (5, "created_at", "yesterday", "not a date or time"),
            (
                6,
                "replies",
                "three",
                "“Replies” must be a whole number of zero or more"
            ),
            (
                7,
                "replies",
                "1.5",
                "“Replies” must be a whole number of zero or more"
            ),
            (
                9,
                "satisfaction",
                "Great",
                "a satisfaction rating must be Good, Bad, Offered, Not Offered or a score on the CSAT scale"
            ),
            (
                11,
                "first_contact_resolved",
                "maybe",
                "“First contact resolved” must be yes or no (or sí/não, oui/non, ya/tidak, true/false, 1/0)"
            ),
        ]
    );
    // Used: T1–T11. FRT (reply − created): T1 30, T3 20, T5–T9 5 each,
    // T11 45; T2's reply is before its creation (voided), T4 has no
    // readable created time.
    assert_eq!(int(&r, "tickets"), 11);
    duration(&r, "first_response_minutes", 8, 15.0, 5.0, 34.5, 39.75);
    // Resolution of the solved tickets with both times: T1 180, T5–T7 30,
    // T8 25, T9 20, T11 60; T3 (solved before created) and T4 have none.
    duration(&r, "resolution_minutes", 7, 375.0 / 7.0, 30.0, 108.0, 144.0);
    assert_eq!(r.metrics["tickets"]["solved_without_time"], 2);
    // As of = T11 solved 2024-05-03 10:00. SLA: the 8 measured replies are
    // within 60 min; T10 is 22 h unreplied → overdue; T2 (reply unknown)
    // and T4 (reply not measurable) are left out → 8 / 9.
    close(num(&r.metrics["sla_attainment"], "value"), 8.0 / 9.0, TOL);
    // One-touch: solved with a replies count or first-contact answer: T1,
    // T3, T4, T7, T8, T9, T11; fewer than two replies: T1, T4, T7, T8, T9.
    close(num(&r.metrics["one_touch_rate"], "value"), 5.0 / 7.0, TOL);
    // Open: T2 and T10; awaiting a reply: T10 only (T2's is unknown).
    assert_eq!(int(&r, "backlog"), 2);
    assert_eq!(int(&r, "awaiting_first_reply"), 1);
    // The numbers 7 and 4 read as a 1–7 scale (inferred): 7 satisfied,
    // 4 not; words: Good ×4, Bad ×1 → 5 of 7.
    let csat = &r.metrics["ticket_csat"];
    close(num(csat, "value"), 5.0 / 7.0, TOL);
    assert_eq!(csat["n"], 7);
    assert_eq!(r.settings["csat_scale"], "good-bad and 1-7");
    assert!(r
        .inferences
        .iter()
        .any(|i| i.code == "scale_inferred" && i.params["scale"] == "1-7"));
    assert_eq!(
        top_issues(&r),
        issues(&[
            ("billing", 4, 5),
            ("api", 3, 4),
            ("login", 3, 3),
            ("refunds", 1, 1)
        ])
    );
    assert_eq!(r.settings["as_of"], "2024-05-03T10:00:00");
    // Figures resting on part of the tickets that could feed them say so:
    // FRT on 8 of the 10 tickets with a reply cell, SLA on 9 of 11.
    let partial: Vec<(&str, u64, u64)> = r
        .warnings
        .iter()
        .filter(|w| w.code == "figure_partial")
        .map(|w| {
            (
                w.figures[0].as_str(),
                w.params["used"].as_u64().unwrap(),
                w.params["eligible"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        partial.contains(&("first_response_minutes", 8, 10)),
        "{partial:?}"
    );
    assert!(partial.contains(&("sla_attainment", 9, 11)), "{partial:?}");
    assert!(
        partial.contains(&("resolution_minutes", 7, 9)),
        "{partial:?}"
    );
}

#[test]
fn negative_minutes_and_business_twins_are_rejected() {
    let csv = "Id,Created at,Status,First reply time in minutes,Full resolution time in minutes,First reply time in minutes within business hours\n\
               1,2024-03-04 09:00,Solved,30,90,20\n\
               2,2024-03-04 10:00,Solved,-5,90,20\n\
               3,2024-03-04 11:00,Solved,10,-1,5\n\
               4,2024-03-04 12:00,Solved,10,20,-2\n\
               5,2024-03-04 13:00,Solved,soon,20,5\n\
               6,2024-03-04 14:00,Open,1:30,,\n";
    let r = report(csv.as_bytes(), Settings::default()).unwrap();
    // Each refused duration fails alone: every ticket is used.
    assert_eq!((r.rows.used, r.rows.skipped), (6, 0));
    let mut listed = cells(&r);
    listed.sort();
    assert_eq!(
        listed,
        vec![
            (
                3,
                "first_reply_minutes",
                "-5",
                "the first reply time is before the ticket was created"
            ),
            (
                4,
                "resolution_minutes",
                "-1",
                "the solved time is before the ticket was created"
            ),
            (
                5,
                "first_reply_minutes_business",
                "-2",
                "a duration cannot be negative"
            ),
            (
                6,
                "first_reply_minutes",
                "soon",
                "not a duration in minutes or hh:mm[:ss]"
            ),
        ]
    );
    // FRT: 30, 10, 10 and 1:30 = 90 (tickets 1, 3, 4, 6).
    duration(&r, "first_response_minutes", 4, 35.0, 20.0, 72.0, 81.0);
    // Resolution: 90, 90, 20, 20 (tickets 1, 2, 4, 5; 3's is voided).
    duration(&r, "resolution_minutes", 4, 55.0, 55.0, 90.0, 90.0);
    assert_eq!(r.metrics["tickets"]["solved_without_time"], 1);
    // Business FRT: 20, 20, 5, 5 (tickets 1, 2, 3, 5).
    duration(
        &r,
        "first_response_minutes_business",
        4,
        12.5,
        12.5,
        20.0,
        20.0,
    );
    assert_eq!(r.settings["first_response_source"], "minutes columns");
    assert_eq!(r.settings["resolution_source"], "minutes columns");
}

fn with(f: impl FnOnce(&mut Settings)) -> Settings {
    let mut s = Settings::default();
    f(&mut s);
    s
}

fn zendesk(settings: Settings) -> Report {
    report(&fixture_bytes("exports/zendesk_tickets.csv"), settings).unwrap()
}

#[test]
fn as_of_setting_changes_sla_and_backlog() {
    // As of 2024-03-07 12:00: tickets 1201–1208 exist. All 8 replied
    // (minutes column, no reply time to compare): FRT ≤ 60 for 35 12 48 20 2
    // → 5 / 8. Open then: 1206 (solved 03-08) and 1208 → backlog 2.
    let r = zendesk(with(|s| s.as_of = Some("2024-03-07T12:00".into())));
    let sla = &r.metrics["sla_attainment"];
    assert_eq!(num(sla, "value"), 5.0 / 8.0);
    assert_eq!(
        (&sla["met"], &sla["replied"], &sla["overdue_unreplied"]),
        (&5.into(), &8.into(), &0.into())
    );
    assert_eq!(int(&r, "backlog"), 2);
    assert_eq!(r.settings["as_of"], "2024-03-07T12:00:00");
    assert_eq!(r.settings["as_of_source"], "setting");
    // Durations do not depend on the as-of time.
    duration(
        &r,
        "first_response_minutes",
        12,
        556.0 / 12.0,
        32.5,
        93.0,
        133.25,
    );
    // A date alone is midnight: 2024-03-05 00:00 → 1201–1203 exist, all
    // replied, 35 and 12 within 60 → 2 / 3; 1202 (solved 03-05 09:20) open.
    let r = zendesk(with(|s| s.as_of = Some("2024-03-05".into())));
    close(num(&r.metrics["sla_attainment"], "value"), 2.0 / 3.0, TOL);
    assert_eq!(int(&r, "backlog"), 1);
}

#[test]
fn sla_settings_change_the_attainment() {
    // 30 min for all: FRT ≤ 30: 1 2 3 12 20 30 → 6; 1210 and 1213 overdue → 6/14.
    let r = zendesk(with(|s| s.sla_minutes = Some(30.0)));
    let sla = &r.metrics["sla_attainment"];
    close(num(sla, "value"), 6.0 / 14.0, TOL);
    assert_eq!(sla["target_minutes"], 30.0);
    assert_eq!(r.settings["sla_minutes"], 30.0);
    // Urgent 30, Low 120 (case-insensitive), others 60: 1204 Urgent 48 and
    // 1206 Low 180 now miss, 1205 Low 20 still meets → 9 − 1 = 8 met
    // (1201 1203 1205 1207 1209 1211 1212 1214); 2 overdue → 8/14.
    let r = zendesk(with(|s| {
        s.sla_minutes_by_priority = [("urgent".to_string(), 30.0), ("LOW".to_string(), 120.0)]
            .into_iter()
            .collect::<BTreeMap<_, _>>()
    }));
    let sla = &r.metrics["sla_attainment"];
    close(num(sla, "value"), 8.0 / 14.0, TOL);
    assert_eq!(sla["met"], 8);
    assert_eq!(
        r.settings["sla_minutes_by_priority"],
        serde_json::json!({"LOW": 120.0, "urgent": 30.0})
    );
}

#[test]
fn bad_settings_are_one_sentence() {
    let bytes = fixture_bytes("exports/zendesk_tickets.csv");
    let e = report(&bytes, with(|s| s.as_of = Some("next tuesday".into()))).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The as-of time “next tuesday” is not a date: write it as 2024-03-31 or 2024-03-31T17:00"
    );
    let e = report(&bytes, with(|s| s.sla_minutes = Some(-5.0))).unwrap_err();
    assert_eq!(
        e.to_string(),
        "The SLA target for every priority must be a number of minutes of 0 or more"
    );
    let e = report(
        &bytes,
        with(|s| {
            s.sla_minutes_by_priority.insert("High".into(), f64::NAN);
        }),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "The SLA target for “High” must be a number of minutes of 0 or more"
    );
    let e = serde_json::from_str::<Settings>(r#"{"csat_scale":"1-3"}"#).unwrap_err();
    assert!(e
        .to_string()
        .starts_with("the CSAT scale “1-3” is not 1-5, 1-7, 1-10, 0-10 or good-bad"));
}

#[test]
fn csat_scale_setting_reads_numbers() {
    let csv = "Id,Created at,Solved at,Satisfaction\n\
               1,2024-03-04 09:00,2024-03-04 10:00,8\n\
               2,2024-03-04 10:00,2024-03-04 11:00,7\n\
               3,2024-03-04 11:00,2024-03-04 12:00,10\n";
    let r = report(
        csv.as_bytes(),
        with(|s| s.csat_scale = Some(CsatScale::OneToTen)),
    )
    .unwrap();
    close(num(&r.metrics["ticket_csat"], "value"), 2.0 / 3.0, TOL);
    assert_eq!(r.settings["csat_scale"], "1-10");
    let r = report(
        csv.as_bytes(),
        with(|s| s.csat_scale = Some(CsatScale::GoodBad)),
    )
    .unwrap();
    // The ratings fail alone: the tickets still count.
    assert_eq!((r.rows.used, r.rows.skipped), (3, 0));
    assert_eq!(r.unreadable_cells[0].count, 3);
    assert_eq!(
        r.unreadable_cells[0].examples[0].reason,
        "a satisfaction rating must be Good or Bad"
    );
    assert_eq!(r.metrics["ticket_csat"]["value"], Value::Null);
    // Unset, the scale is read from the answers: 7 to 10 → 1–10.
    let r = report(csv.as_bytes(), Settings::default()).unwrap();
    close(num(&r.metrics["ticket_csat"], "value"), 2.0 / 3.0, TOL);
    assert_eq!(r.settings["csat_scale"], "1-10");
    assert_eq!(r.inferences[0].code, "scale_inferred");
}

// ---------------------------------------------------------------------------
// A generated 20,000-row Zendesk-shaped export, computed twice.

/// xorshift64*: a small seeded generator, so the file is the same each run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Gen {
    requester: String,
    solved: bool,
    priority: &'static str,
    tags: Vec<String>,
    created: i64,
    solved_at: Option<i64>,
    replies: u64,
    rating: &'static str,
    frt: Option<u64>,
}

const TAGS: [&str; 30] = [
    "billing",
    "login",
    "api",
    "refund",
    "bug",
    "feature_request",
    "sso",
    "export",
    "import",
    "invoice",
    "vat",
    "mobile",
    "android",
    "ios",
    "webhook",
    "slow",
    "outage",
    "password",
    "2fa",
    "plan",
    "upgrade",
    "downgrade",
    "cancel",
    "gdpr",
    "report",
    "csv",
    "email",
    "notifications",
    "search",
    "other",
];

/// Minutes → "YYYY-MM-DD HH:MM" (UTC wall clock) from Unix seconds.
fn stamp(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap()
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn generate(rows: usize, seed: u64) -> (String, Vec<Gen>) {
    let mut rng = Rng(seed);
    let base = 1_672_617_600i64; // 2023-01-02 00:00 UTC
    let statuses = [
        "Solved", "solved", "Closed", "Open", "Pending", "New", "Hold",
    ];
    let priorities = ["Low", "Normal", "Normal", "High", "Urgent"];
    let vias = ["Mail", "Web form", "Chat", "Phone call (incoming)"];
    let ratings = [
        "Good",
        "Good",
        "Bad",
        "Offered",
        "Not Offered",
        "Unoffered",
        "",
    ];
    let mut csv = String::from(
        "Id,Requester id,Status,Priority,Via,Tags,Created at,Solved at,Replies,Satisfaction Score,First reply time in minutes,Full resolution time in minutes\n",
    );
    let mut out = Vec::with_capacity(rows);
    for i in 0..rows {
        let requester = format!("{}", 10_000 + rng.below(3000));
        let status = statuses[rng.below(statuses.len() as u64) as usize];
        let solved = matches!(status, "Solved" | "solved" | "Closed");
        let priority = priorities[rng.below(priorities.len() as u64) as usize];
        let via = vias[rng.below(vias.len() as u64) as usize];
        let ntags = rng.below(4); // 0–3 tags, a repeat possible
        let tags: Vec<String> = (0..ntags)
            .map(|_| {
                // Skewed: low indexes more often.
                let a = rng.below(30);
                let b = rng.below(30);
                TAGS[a.min(b) as usize].to_string()
            })
            .collect();
        let created = base + 60 * rng.below(300 * 24 * 60) as i64;
        let frt = if status == "New" || rng.below(10) == 0 {
            None
        } else {
            // Mostly minutes, sometimes hours or days.
            Some(match rng.below(10) {
                0..=5 => rng.below(90),
                6..=8 => rng.below(1440),
                _ => rng.below(20_000),
            })
        };
        let solved_at = if solved {
            let res = frt.unwrap_or(0) + rng.below(5000);
            Some(created + 60 * res as i64)
        } else {
            None
        };
        let replies = if solved { rng.below(5) } else { rng.below(3) };
        let rating = ratings[rng.below(ratings.len() as u64) as usize];
        let res_col = solved_at.map_or(String::new(), |s| ((s - created) / 60).to_string());
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{}\n",
            100_000 + i,
            requester,
            status,
            priority,
            via,
            tags.join(" "),
            stamp(created),
            solved_at.map_or(String::new(), stamp),
            replies,
            rating,
            frt.map_or(String::new(), |f| f.to_string()),
            res_col,
        ));
        out.push(Gen {
            requester,
            solved,
            priority,
            tags,
            created,
            solved_at,
            replies,
            rating,
            frt,
        });
    }
    (csv, out)
}

/// PERCENTILE.INC by sorting: rank (n − 1)·q, linear between neighbours.
fn pct(sorted: &[f64], q: f64) -> f64 {
    let rank = (sorted.len() - 1) as f64 * q;
    let lo = rank.floor() as usize;
    let hi = rank.ceil() as usize;
    sorted[lo] + (rank - lo as f64) * (sorted[hi] - sorted[lo])
}

#[track_caller]
fn same_stats(r: &Report, id: &str, mut values: Vec<f64>) {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let f = &r.metrics[id];
    assert_eq!(f["n"].as_u64().unwrap(), values.len() as u64, "{id}");
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let rel = |a: f64, b: f64| close(a, b, 1e-9 * b.abs().max(1.0));
    rel(num(f, "mean"), mean);
    rel(num(f, "median"), pct(&values, 0.5));
    rel(num(f, "p90"), pct(&values, 0.9));
    rel(num(f, "p95"), pct(&values, 0.95));
}

#[test]
fn generated_twenty_thousand_rows_match_an_independent_count() {
    let (csv, gen) = generate(20_000, 0x5eed_1234_abcd_0001);
    let r = report(csv.as_bytes(), Settings::default()).unwrap();
    assert_eq!(r.kind, "tickets");
    assert_eq!(
        (r.rows.read, r.rows.used, r.rows.skipped),
        (20_000, 20_000, 0)
    );
    assert_eq!(int(&r, "tickets"), 20_000);

    // FRT (minutes column) and resolution (timestamps).
    let frt: Vec<f64> = gen.iter().filter_map(|g| g.frt.map(|f| f as f64)).collect();
    let res: Vec<f64> = gen
        .iter()
        .filter_map(|g| g.solved_at.map(|s| (s - g.created) as f64 / 60.0))
        .collect();
    same_stats(&r, "first_response_minutes", frt.clone());
    same_stats(&r, "resolution_minutes", res.clone());
    let awaiting = gen.iter().filter(|g| g.frt.is_none() && !g.solved).count() as u64;
    assert_eq!(int(&r, "awaiting_first_reply"), awaiting);

    // As of = the latest created or solved time.
    let as_of = gen
        .iter()
        .flat_map(|g| [Some(g.created), g.solved_at])
        .flatten()
        .max()
        .unwrap();
    assert_eq!(
        r.settings["as_of"],
        chrono::DateTime::from_timestamp(as_of, 0)
            .unwrap()
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string()
    );

    // SLA, 60 minutes: met ÷ (replied + unreplied older than 60 min).
    let met = gen
        .iter()
        .filter(|g| g.frt.is_some_and(|f| f <= 60))
        .count() as u64;
    let replied = frt.len() as u64;
    let overdue = gen
        .iter()
        .filter(|g| g.frt.is_none() && (as_of - g.created) > 3600)
        .count() as u64;
    let sla = &r.metrics["sla_attainment"];
    assert_eq!(
        (
            sla["met"].as_u64().unwrap(),
            sla["replied"].as_u64().unwrap(),
            sla["overdue_unreplied"].as_u64().unwrap()
        ),
        (met, replied, overdue)
    );
    close(
        num(sla, "value"),
        met as f64 / (replied + overdue) as f64,
        1e-12,
    );

    // One-touch and backlog.
    let solved = gen.iter().filter(|g| g.solved).count() as u64;
    let one = gen.iter().filter(|g| g.solved && g.replies < 2).count() as u64;
    let touch = &r.metrics["one_touch_rate"];
    assert_eq!(touch["one_touch"].as_u64().unwrap(), one);
    assert_eq!(touch["solved"].as_u64().unwrap(), solved);
    assert_eq!(int(&r, "backlog"), 20_000 - solved);

    // CSAT: Good ÷ (Good + Bad).
    let good = gen.iter().filter(|g| g.rating == "Good").count() as u64;
    let bad = gen.iter().filter(|g| g.rating == "Bad").count() as u64;
    let csat = &r.metrics["ticket_csat"];
    assert_eq!(csat["n"].as_u64().unwrap(), good + bad);
    assert_eq!(csat["satisfied"].as_u64().unwrap(), good);
    close(num(csat, "value"), good as f64 / (good + bad) as f64, 1e-12);

    // Top issues: distinct requesters and tickets per tag (a repeated tag
    // counts once per ticket), by customers, tickets, name; first 20.
    let mut per_tag: HashMap<&str, (HashSet<&str>, u64)> = HashMap::new();
    for g in &gen {
        let distinct: HashSet<&str> = g.tags.iter().map(String::as_str).collect();
        for t in distinct {
            let e = per_tag.entry(t).or_default();
            e.0.insert(g.requester.as_str());
            e.1 += 1;
        }
    }
    let mut expected: Vec<(String, u64, u64)> = per_tag
        .iter()
        .map(|(t, (c, n))| (t.to_string(), c.len() as u64, *n))
        .collect();
    expected.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    let by_category_total: u64 = expected.iter().map(|e| e.2).sum();
    expected.truncate(20);
    assert_eq!(top_issues(&r), expected);
    let listed_total: u64 = r.metrics["volume"]["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["tickets"].as_u64().unwrap())
        .sum();
    assert_eq!(listed_total, by_category_total);
    let untagged = gen.iter().filter(|g| g.tags.is_empty()).count() as u64;
    assert_eq!(r.metrics["volume"]["uncategorised"], untagged);

    // First-ticket resolution: each requester's earliest ticket (ties: the
    // first row), its resolution if solved.
    let mut first: HashMap<&str, &Gen> = HashMap::new();
    for g in &gen {
        let e = first.entry(g.requester.as_str()).or_insert(g);
        if g.created < e.created {
            *e = g;
        }
    }
    let first_res: Vec<f64> = first
        .values()
        .filter_map(|g| g.solved_at.map(|s| (s - g.created) as f64 / 60.0))
        .collect();
    let unresolved = first.values().filter(|g| g.solved_at.is_none()).count() as u64;
    same_stats(&r, "first_ticket_resolution_minutes", first_res);
    assert_eq!(
        r.metrics["first_ticket_resolution_minutes"]["unresolved"],
        unresolved
    );

    // Volume per month and priority.
    let mut months: BTreeMap<String, u64> = BTreeMap::new();
    let mut priorities: HashMap<&str, u64> = HashMap::new();
    for g in &gen {
        *months.entry(stamp(g.created)[..7].to_string()).or_default() += 1;
        *priorities.entry(g.priority).or_default() += 1;
    }
    let got: BTreeMap<String, u64> = r.metrics["volume"]["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().to_string(),
                c["tickets"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, months);
    for c in r.metrics["volume"]["by_priority"].as_array().unwrap() {
        assert_eq!(
            c["tickets"].as_u64().unwrap(),
            priorities[c["key"].as_str().unwrap()]
        );
    }
    // 300 days of data: by_day is given, one entry per day with tickets.
    let days: HashSet<String> = gen
        .iter()
        .map(|g| stamp(g.created)[..10].to_string())
        .collect();
    assert_eq!(
        r.metrics["volume"]["by_day"].as_array().unwrap().len(),
        days.len()
    );

    // Histograms: count each value into the ladder bins by hand.
    for (id, values) in [
        ("first_response_histogram", &frt),
        ("resolution_histogram", &res),
    ] {
        let h = &r.metrics[id];
        let edges: Vec<f64> = h["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_f64().unwrap())
            .collect();
        let max = values.iter().copied().fold(0.0, f64::max);
        // The first ladder rung at or above the largest value ends the edges.
        assert!(*edges.last().unwrap() >= max, "{id}");
        assert!(edges[edges.len() - 2] < max, "{id}");
        let mut counts = vec![0u64; edges.len() - 1];
        for &x in values {
            let last = edges.len() - 2;
            let bin = (0..=last)
                .find(|&i| x >= edges[i] && (x < edges[i + 1] || (i == last && x <= edges[i + 1])))
                .unwrap();
            counts[bin] += 1;
        }
        let got: Vec<u64> = h["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_u64().unwrap())
            .collect();
        assert_eq!(got, counts, "{id}");
        assert_eq!(h["above"], 0, "{id}");
    }
}

/// A duration column whose header names hours is read in hours, and it wins
/// over the whole-day difference of date-only created and closed dates;
/// `submitted_at` is the created time (volume by month).
#[test]
fn hours_column_wins_over_date_only_timestamps() {
    let csv =
        b"ticket_id,submitted_at,closed_at,resolution_time_hours,first_response_time_minutes\n\
                T1,2024-03-04,2024-03-04,2,30\n\
                T2,2024-03-05,2024-03-07,27,90\n\
                T3,2024-04-01,,,10\n";
    let r = report(csv, Settings::default()).unwrap();
    assert_eq!(r.kind, "tickets");
    let res = &r.metrics["resolution_minutes"];
    assert_eq!(res["n"], 2, "{res}");
    close(num(res, "mean"), (120.0 + 1620.0) / 2.0, TOL);
    close(num(res, "value"), (120.0 + 1620.0) / 2.0, TOL);
    assert_eq!(r.metrics["first_response_minutes"]["value"], 30.0);
    assert_eq!(r.metrics["backlog"]["value"], 1);
    assert_eq!(r.metrics["volume"]["undated"], 0);
    let months = r.metrics["volume"]["by_month"].to_string();
    assert!(
        months.contains("2024-03") && months.contains("2024-04"),
        "{months}"
    );
}

/// `Resolution (h)` and a days column are read in their units; a minutes
/// column stays in minutes; timestamps with times of day still win.
#[test]
fn duration_units_from_headers() {
    let r = report(
        b"Id,Created at,Resolution time (h)\n1,2024-03-04 09:00,1.5\n",
        Settings::default(),
    )
    .unwrap();
    assert_eq!(r.metrics["resolution_minutes"]["value"], 90.0);
    let r = report(
        b"Id,Created at,Resolution time in days\n1,2024-03-04 09:00,2\n",
        Settings::default(),
    )
    .unwrap();
    assert_eq!(r.metrics["resolution_minutes"]["value"], 2880.0);
    let r = report(
        b"Id,Created at,Solved at,Resolution time hours\n1,2024-03-04 09:00,2024-03-04 10:00,5\n",
        Settings::default(),
    )
    .unwrap();
    assert_eq!(r.metrics["resolution_minutes"]["value"], 60.0);
    let r = report(
        b"Id,Created at,Full resolution time in minutes\n1,2024-03-04 09:00,5\n",
        Settings::default(),
    )
    .unwrap();
    assert_eq!(r.metrics["resolution_minutes"]["value"], 5.0);
}
