//! Business hours and SLA policies (issue 17): a timestamp-only export with
//! a typed schedule, against figures worked out by hand and a brute-force
//! minute-by-minute count written here independently of the library.

use super::common::{close, fixture_bytes, report, value};
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;
use cxmetrics::schedule::ScheduleSpec;
use cxmetrics::settings::Settings;

const FILE: &str = "tickets/business_hours.csv";
const POLICY: &str = "tickets/business_hours.policy.json";

fn paris() -> ScheduleSpec {
    ScheduleSpec {
        time_zone: "Europe/Paris".into(),
        hours: "Mon-Fri 09:00-18:00".into(),
        // Easter Monday and Labour Day.
        holidays: vec!["2024-04-01".into(), "2024-05-01".into()],
    }
}

fn settings() -> Settings {
    Settings {
        schedule: Some(paris()),
        sla_policy: Some(serde_json::from_slice(&fixture_bytes(POLICY)).unwrap()),
        ..Settings::default()
    }
}

/// Minutes of [a, b) (Paris wall-clock texts) inside Mon–Fri 09:00–18:00
/// outside the two holidays, counted one minute at a time.
fn brute(a: &str, b: &str) -> f64 {
    let tz: Tz = "Europe/Paris".parse().unwrap();
    let read = |t: &str| {
        let n = NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").unwrap();
        tz.from_local_datetime(&n).earliest().unwrap().timestamp()
    };
    let holidays = [
        NaiveDate::from_ymd_opt(2024, 4, 1).unwrap(),
        NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
    ];
    let (mut t, end) = (read(a), read(b));
    let mut n = 0.0;
    while t < end {
        let local = tz.timestamp_opt(t, 0).unwrap().naive_local();
        let weekday = local.weekday().num_days_from_monday();
        if weekday < 5 && (9..18).contains(&local.hour()) && !holidays.contains(&local.date()) {
            n += 1.0;
        }
        t += 60;
    }
    n
}

/// PERCENTILE.INC of a small list.
fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let rank = p * (values.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    values[lo] + (values[hi] - values[lo]) * (rank - lo as f64)
}

#[test]
fn business_hours_from_timestamps_equal_the_brute_force_count() {
    let r = report(&fixture_bytes(FILE), settings()).unwrap();
    // The fixture's created → first reply and created → resolved times.
    let mut frt = vec![
        brute("2024-03-29 17:00", "2024-04-02 09:30"), // Friday → Tuesday: weekend, DST, holiday
        brute("2024-03-30 10:00", "2024-04-02 09:10"), // opened on a Saturday
        brute("2024-04-02 08:00", "2024-04-02 08:30"), // before opening: 0
        brute("2024-04-03 17:30", "2024-04-04 09:45"),
        brute("2024-04-30 17:00", "2024-05-02 09:20"), // across Labour Day
    ];
    let mut res = vec![
        brute("2024-03-29 17:00", "2024-04-02 12:00"),
        brute("2024-03-30 10:00", "2024-04-02 17:00"),
        brute("2024-04-02 08:00", "2024-04-03 10:00"),
        brute("2024-04-03 17:30", "2024-04-05 09:00"),
        brute("2024-04-30 17:00", "2024-05-02 10:00"),
    ];
    // Worked by hand (contract §4.12).
    assert_eq!(frt, [90.0, 10.0, 0.0, 75.0, 80.0]);
    assert_eq!(res, [240.0, 480.0, 600.0, 570.0, 120.0]);
    let f = &r.metrics["first_response_minutes_business"];
    assert_eq!(f["median"], percentile(&mut frt, 0.5));
    close(f["p90"].as_f64().unwrap(), percentile(&mut frt, 0.9), 1e-9);
    assert_eq!(f["n"], 5);
    let g = &r.metrics["resolution_minutes_business"];
    assert_eq!(g["median"], percentile(&mut res, 0.5));
    close(g["p90"].as_f64().unwrap(), percentile(&mut res, 0.9), 1e-9);
    assert_eq!(
        (g["median"].as_f64(), g["p90"].as_f64()),
        (Some(480.0), Some(588.0))
    );
    assert_eq!(r.settings["schedule"]["time_zone"], "Europe/Paris");
    // No schedule: no business-hours figure from a timestamp-only file.
    let plain = report(&fixture_bytes(FILE), Settings::default()).unwrap();
    assert!(plain
        .metrics
        .get("first_response_minutes_business")
        .is_none());
}

#[test]
fn sla_policy_per_priority_with_breaches_and_no_target() {
    let r = report(&fixture_bytes(FILE), settings()).unwrap();
    let f = &r.metrics["first_reply_sla"];
    // Urgent 90 and 80 business minutes > 60: breached; High 10 ≤ 120;
    // Normal 0 ≤ 240; Low has no target; T-6 (High) is open, 0 minutes old.
    assert_eq!(value(&r, "first_reply_sla"), 0.5);
    assert_eq!(
        (f["met"].as_u64(), f["breached"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        (f["no_target"].as_u64(), f["tickets"].as_u64()),
        (Some(1), Some(6))
    );
    assert_eq!(f["pending_open"], 1);
    assert_eq!(f["clock"], "business");
    let urgent = &f["by_priority"].as_array().unwrap()[2];
    assert_eq!(urgent["priority"], "Urgent");
    assert_eq!(urgent["value"], 0.0);
    let ids: Vec<_> = f["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].clone())
        .collect();
    assert_eq!(ids, ["T-1", "T-5"]);
    assert_eq!(f["breaches"][0]["actual_minutes"], 90.0);
    assert_eq!(f["breaches"][0]["target_minutes"], 60.0);
    // Resolution on the calendar clock, in real elapsed minutes: T-1 runs
    // Friday 17:00 (+01:00) → Tuesday 12:00 (+02:00): 90 h, not 91.
    let g = &r.metrics["resolution_sla"];
    assert_eq!(value(&r, "resolution_sla"), 0.4);
    assert_eq!(g["breaches"][0]["actual_minutes"], 90.0 * 60.0);
    assert_eq!(g["no_target"], 0);
}

#[test]
fn an_open_ticket_past_its_target_is_a_breach() {
    let mut s = settings();
    s.as_of = Some("2024-05-03T12:00".into());
    let r = report(&fixture_bytes(FILE), s).unwrap();
    // T-6 (High, created Thursday 10:00) is open 8 h + 3 h business at
    // Friday 12:00: over its 120-minute target.
    let f = &r.metrics["first_reply_sla"];
    assert_eq!(f["overdue_open"], 1);
    let open = f["breaches"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(open["id"], "T-6");
    assert_eq!(open["open"], true);
    assert_eq!(open["actual_minutes"], 11.0 * 60.0);
    assert_eq!(value(&r, "first_reply_sla"), 2.0 / 5.0);
}

#[test]
fn zendesk_columns_are_kept_and_compared() {
    let bytes = fixture_bytes("exports/zendesk_tickets.csv");
    let plain = report(&bytes, Settings::default()).unwrap();
    let s = Settings {
        schedule: Some(ScheduleSpec {
            time_zone: "UTC".into(),
            hours: "24/7".into(),
            holidays: vec![],
        }),
        ..Settings::default()
    };
    let r = report(&bytes, s).unwrap();
    // The export's own values move to the *_export ids, unchanged.
    assert_eq!(
        r.metrics["first_response_minutes_business_export"],
        plain.metrics["first_response_minutes_business"]
    );
    assert_eq!(
        r.metrics["resolution_minutes_business_export"],
        plain.metrics["resolution_minutes_business"]
    );
    let check = &r.metrics["business_hours_check"];
    assert!(check["compared"].as_u64().unwrap() > 0, "{check}");
    // 24/7 business minutes are the calendar minutes: they differ from
    // the export exactly where Zendesk's business hours cut time out.
    let differing = check["differing"].as_u64().unwrap();
    assert_eq!(check["value"].as_u64(), Some(differing));
    assert_eq!(
        check["examples"].as_array().unwrap().len() as u64,
        differing.min(10)
    );
    for e in check["examples"].as_array().unwrap() {
        let d = (e["computed"].as_f64().unwrap() - e["exported"].as_f64().unwrap()).abs();
        assert!(d > 1.0 && d <= check["largest_difference_minutes"].as_f64().unwrap());
    }
}

/// Minutes of [a, a + minutes) inside Mon–Fri 09:00–17:00 UTC, counted one
/// minute at a time (`a`: `YYYY-MM-DD HH:MM`, UTC).
fn brute_utc_9_17(a: &str, minutes: i64) -> f64 {
    let start = NaiveDateTime::parse_from_str(a, "%Y-%m-%d %H:%M").unwrap();
    (0..minutes)
        .map(|k| start + chrono::TimeDelta::minutes(k))
        .filter(|t| t.weekday().num_days_from_monday() < 5 && (9..17).contains(&t.hour()))
        .count() as f64
}

#[test]
fn a_zendesk_export_without_reply_times_is_placed_by_its_minutes_columns() {
    // Zendesk writes the created and solved times, and the first reply only
    // as minutes: the reply is placed at created + those minutes.
    let bytes = fixture_bytes("exports/zendesk_tickets.csv");
    let with = |hours: &str| {
        let s = Settings {
            schedule: Some(ScheduleSpec {
                time_zone: "UTC".into(),
                hours: hours.into(),
                holidays: vec![],
            }),
            ..Settings::default()
        };
        report(&bytes, s).unwrap()
    };
    // 24/7: business minutes are the calendar minutes.
    let r = with("24/7");
    assert_eq!(
        r.metrics["first_response_minutes_business"],
        r.metrics["first_response_minutes"]
    );
    assert_eq!(
        r.metrics["resolution_minutes_business"],
        r.metrics["resolution_minutes"]
    );
    // Mon–Fri 09:00–17:00 UTC against a minute-by-minute count of each row.
    let r = with("mon-fri-9-17");
    let mut rows = csv::Reader::from_reader(&bytes[..]);
    let headers = rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (mut frt, mut res, mut differing, mut compared) = (vec![], vec![], 0, 0);
    let minutes_of = |s: &str| s.parse::<i64>().ok();
    for row in rows.records() {
        let row = row.unwrap();
        let created = &row[col("Created at")];
        let solved = ["solved", "closed"].contains(&row[col("Status")].to_lowercase().as_str());
        if let Some(m) = minutes_of(&row[col("First reply time in minutes")]) {
            let b = brute_utc_9_17(created, m);
            frt.push(b);
            if let Some(x) =
                minutes_of(&row[col("First reply time in minutes within business hours")])
            {
                compared += 1;
                differing += usize::from((b - x as f64).abs() > 1.0);
            }
        }
        if solved {
            let c = NaiveDateTime::parse_from_str(created, "%Y-%m-%d %H:%M").unwrap();
            let x =
                NaiveDateTime::parse_from_str(&row[col("Solved at")], "%Y-%m-%d %H:%M").unwrap();
            let b = brute_utc_9_17(created, (x - c).num_minutes());
            res.push(b);
            if let Some(e) =
                minutes_of(&row[col("Full resolution time in minutes within business hours")])
            {
                compared += 1;
                differing += usize::from((b - e as f64).abs() > 1.0);
            }
        }
    }
    assert_eq!(frt.len(), 12);
    let f = &r.metrics["first_response_minutes_business"];
    assert_eq!(f["n"], frt.len());
    assert_eq!(f["median"], percentile(&mut frt, 0.5));
    close(f["p90"].as_f64().unwrap(), percentile(&mut frt, 0.9), 1e-9);
    let g = &r.metrics["resolution_minutes_business"];
    assert_eq!(g["n"], res.len());
    assert_eq!(g["median"], percentile(&mut res, 0.5));
    let check = &r.metrics["business_hours_check"];
    assert_eq!(check["compared"], compared);
    assert_eq!(check["differing"], differing);
    assert!(differing > 0);
    // A created date without a time of day does not place a reply; one
    // with a time does.
    let placed = |created: &str| {
        let csv =
            format!("Id,Created at,First reply time in minutes,Status\n1,{created},30,Open\n");
        let s = Settings {
            schedule: Some(paris()),
            ..Settings::default()
        };
        report(csv.as_bytes(), s).unwrap().metrics["first_response_minutes_business"]["n"].clone()
    };
    assert_eq!(placed("2024-03-04"), 0);
    assert_eq!(placed("2024-03-04 10:00"), 1);
}

#[test]
fn refusals_are_one_sentence() {
    let bytes = fixture_bytes(FILE);
    let mut s = settings();
    s.schedule.as_mut().unwrap().time_zone = "Paris".into();
    let e = report(&bytes, s).unwrap_err().to_string();
    assert!(
        e.contains("“Paris” is not known") && e.contains("IANA"),
        "{e}"
    );
    let mut s = settings();
    s.schedule = None;
    let e = report(&bytes, s).unwrap_err().to_string();
    assert!(e.contains("needs a schedule"), "{e}");
    let mut s = settings();
    s.schedule.as_mut().unwrap().hours = "Mon-Fri 9 to 5".into();
    assert!(report(&bytes, s).is_err());
    let e = serde_json::from_str::<Settings>(r#"{"schedule":{"zone":"UTC"}}"#).unwrap_err();
    assert!(e.to_string().contains("unknown field `zone`"));
}

/// The command line's flags give the library's report.
#[cfg(feature = "cli")]
#[test]
fn cli_flags_and_files_give_the_same_report() {
    use super::common::fixture;
    use std::process::Command;
    let bin = env!("CARGO_BIN_EXE_cxmetrics");
    let file = fixture(FILE);
    let policy = fixture(POLICY);
    let out = Command::new(bin)
        .arg("report")
        .arg(&file)
        .args([
            "--json",
            "--hours",
            "Mon-Fri 09:00-18:00",
            "--time-zone",
            "Europe/Paris",
        ])
        .args(["--holidays", "2024-04-01,2024-05-01", "--sla-policy"])
        .arg(&policy)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lib = serde_json::to_value(report(&fixture_bytes(FILE), settings()).unwrap()).unwrap();
    assert_eq!(cli, lib);
    // --schedule FILE.json gives the same.
    let dir = std::env::temp_dir().join(format!("cxm-hours-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let schedule = dir.join("schedule.json");
    std::fs::write(&schedule, serde_json::to_string(&paris()).unwrap()).unwrap();
    let out = Command::new(bin)
        .arg("report")
        .arg(&file)
        .args(["--json", "--schedule"])
        .arg(&schedule)
        .arg("--sla-policy")
        .arg(&policy)
        .output()
        .unwrap();
    let again: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again, lib);
    // The summary lists attainment per priority and the breaches.
    let out = Command::new(bin)
        .arg("report")
        .arg(&file)
        .arg("--schedule")
        .arg(&schedule)
        .arg("--sla-policy")
        .arg(&policy)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Urgent (target 60 min): 0.0 %"), "{text}");
    assert!(text.contains("breach: ticket T-1 (line 2), Urgent, target 60 min, took 1.5 h"));
    // The summary lists where the export's own columns differ: ticket 1204
    // was created Tuesday 08:00 UTC and answered 48 minutes later, before
    // the 09:00 opening.
    let out = Command::new(bin)
        .arg("report")
        .arg(fixture("exports/zendesk_tickets.csv"))
        .args(["--hours", "mon-fri-9-17"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "differs: ticket 1204 (line 5), first reply: 0 s with this schedule, 48 min exported"
        ),
        "{text}"
    );
    // An unknown zone is a usage error with one sentence.
    let out = Command::new(bin)
        .arg("report")
        .arg(&file)
        .args(["--hours", "24/7", "--time-zone", "Mars/Base"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("“Mars/Base” is not known"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
