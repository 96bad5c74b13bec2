//! Reading in parts gives the report of one pass, to the byte: every
//! fixture (hostile and real ones too) cut into 2 to 8 ranges at many
//! points — inside quoted cells, between a CR and its LF, inside a
//! multi-byte character — and random files cut at random points.

use super::common::*;
use cxmetrics::session::ranges::{read_file_with, read_in_parts, read_in_saved_parts, Plan};
use cxmetrics::session::Session;
use cxmetrics::settings::Settings;
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Small, so most records are read past the sample, as in a large file.
const SAMPLE: usize = 300;

/// The report of one pass (JSON), or its error.
fn whole(bytes: &[u8], settings: &Settings) -> Result<String, String> {
    let mut session = Session::new(settings.clone())
        .map_err(|e| e.to_string())?
        .with_sample_limit(SAMPLE);
    session.push(bytes).map_err(|e| e.to_string())?;
    session
        .finish()
        .map(|r| r.to_json())
        .map_err(|e| e.to_string())
}

/// The report read in ranges cut at `cuts`, or its error.
/// `saved`: each part saved as bytes and loaded back.
fn in_parts(
    bytes: &[u8],
    settings: &Settings,
    cuts: &[usize],
    saved: bool,
) -> Result<String, String> {
    let read = if saved {
        read_in_saved_parts
    } else {
        read_in_parts
    };
    match Plan::new(settings.clone(), SAMPLE, bytes).map_err(|e| e.to_string())? {
        Some(plan) => read(&plan, bytes, cuts)
            .map(|r| r.to_json())
            .map_err(|e| e.to_string()),
        None => whole(bytes, settings),
    }
}

/// Cut sets for a file of `len` bytes: one cut at each of `singles`
/// points (every byte of a small file), then 2 to 8 even ranges, each
/// also shifted by a byte and by two (a CR and its LF, a character's
/// bytes).
fn cut_sets(len: usize, singles: usize) -> Vec<Vec<usize>> {
    let mut sets: Vec<Vec<usize>> = if len <= singles {
        (1..len).map(|c| vec![c]).collect()
    } else {
        (1..singles).map(|i| vec![i * len / singles]).collect()
    };
    for n in 2..=8 {
        for shift in 0..3 {
            sets.push((1..n).map(|k| k * len / n + shift).collect());
        }
    }
    sets
}

/// The report of `bytes` written to a file and read on `threads` threads
/// with positional reads, ranges of any size.
fn on_threads(bytes: &[u8], settings: &Settings, threads: usize) -> Result<String, String> {
    static FILES: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "cxmetrics-ranges-{}-{}.csv",
        std::process::id(),
        FILES.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, bytes).unwrap();
    let file = std::fs::File::open(&path).unwrap();
    let report = read_file_with(settings.clone(), &file, threads, 1, SAMPLE);
    std::fs::remove_file(&path).unwrap();
    report.map(|r| r.to_json()).map_err(|e| e.to_string())
}

/// Asserts that every cut set, and reading on 2, 3 and 8 threads, gives
/// the one-pass report of `bytes`.
#[track_caller]
pub fn assert_parts_match(name: &str, bytes: &[u8], settings: &Settings, singles: usize) {
    let expected = whole(bytes, settings);
    for cuts in cut_sets(bytes.len(), singles) {
        let got = in_parts(bytes, settings, &cuts, false);
        assert!(got == expected, "{name}: cut at {cuts:?}");
    }
    // Saved and loaded, as the page's workers do: fewer cut sets.
    for cuts in cut_sets(bytes.len(), singles.min(20)) {
        let got = in_parts(bytes, settings, &cuts, true);
        assert!(got == expected, "{name}: saved, cut at {cuts:?}");
    }
    for threads in [2, 3, 8] {
        let got = on_threads(bytes, settings, threads);
        assert!(got == expected, "{name}: {threads} threads");
    }
}

/// Fixtures of every kind: small ones at every byte, larger ones at a
/// spread of points.
#[test]
fn every_fixture_in_parts_gives_the_one_pass_report() {
    for name in all_fixtures() {
        let bytes = fixture_bytes(name);
        let singles = if bytes.len() <= 4_000 { 4_000 } else { 40 };
        assert_parts_match(name, &bytes, &Settings::default(), singles);
    }
}

#[test]
fn hostile_files_in_parts_give_the_one_pass_report_or_error() {
    let dir = fixture("hostile");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        assert_parts_match(&name, &bytes, &Settings::default(), 200);
    }
}

#[test]
fn the_real_corpus_in_parts_gives_the_one_pass_report() {
    let dir = fixture("real");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    names.sort();
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        assert_parts_match(&name, &bytes, &Settings::default(), 6);
    }
}

#[test]
fn cuts_inside_quoted_line_breaks_crlf_and_characters() {
    // Every record holds a quoted line break, CRLF line ends and "São"
    // (two bytes for ã): most cuts land in a quoted cell, so the guessed
    // starts are wrong and ranges are read again as one.
    let text = "Score,Comment\r\n".to_string()
        + &"9,\"Muito bom\r\nSão Paulo\"\r\n3,\"ruim \"\"mesmo\"\"\"\r\n10,ok\r\n".repeat(30);
    assert_parts_match("quoted", text.as_bytes(), &Settings::default(), 5_000);
    let r: serde_json::Value =
        serde_json::from_str(&whole(text.as_bytes(), &Settings::default()).unwrap()).unwrap();
    assert_eq!(r["rows"]["read"], 90);
}

/// A cell of a random file: plain, quoted with a line break or a doubled
/// quote, multi-byte, empty, or unreadable as a score.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u8..=10).prop_map(|n| n.to_string()),
        Just("\"a\nb\"".to_string()),
        Just("\"x,\"\"y\"\"\"".to_string()),
        Just("São ñ €".to_string()),
        Just(String::new()),
        Just("abc".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_files_at_random_cuts(
        rows in prop::collection::vec((cell(), cell()), 1..120),
        crlf in any::<bool>(),
        cuts in prop::collection::vec(0usize..10_000, 1..8),
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("Score,Comment{end}");
        for (a, b) in &rows {
            text.push_str(&format!("{a},{b}{end}"));
        }
        let bytes = text.as_bytes();
        let cuts: Vec<usize> = cuts.iter().map(|c| c % bytes.len().max(1)).collect();
        let settings = Settings::default();
        let expected = whole(bytes, &settings);
        prop_assert_eq!(&in_parts(bytes, &settings, &cuts, false), &expected);
        prop_assert_eq!(&in_parts(bytes, &settings, &cuts, true), &expected);
        prop_assert_eq!(&on_threads(bytes, &settings, 1 + cuts.len()), &expected);
    }
}

/// Ticket files with the settings that add state: business hours with an
/// SLA policy (open tickets aged at the end, breaches listed in file
/// order, the export's business minutes compared), and an explicit as-of.
#[test]
fn tickets_with_business_hours_a_policy_and_as_of_in_parts() {
    use cxmetrics::schedule::ScheduleSpec;
    let hours = Settings {
        schedule: Some(ScheduleSpec {
            time_zone: "Europe/Paris".into(),
            hours: "Mon-Fri 09:00-18:00".into(),
            holidays: vec!["2024-04-01".into()],
        }),
        sla_policy: Some(
            serde_json::from_slice(&fixture_bytes("tickets/business_hours.policy.json")).unwrap(),
        ),
        ..Settings::default()
    };
    let as_of = Settings {
        as_of: Some("2024-03-05T12:00".into()),
        sla_minutes: Some(30.0),
        ..Settings::default()
    };
    for name in [
        "tickets/business_hours.csv",
        "exports/zendesk_tickets.csv",
        "exports/intercom_conversations.csv",
        "exports/es_tickets.csv",
    ] {
        let bytes = fixture_bytes(name);
        assert_parts_match(name, &bytes, &hours, 300);
        assert_parts_match(name, &bytes, &as_of, 300);
    }
}

/// Subscriptions files (fixtures and the real corpus's) in parts: the
/// customer ids of each part re-indexed, the rows appended in file order.
#[test]
fn subscriptions_fixtures_in_parts_give_the_one_pass_report() {
    for name in super::subscriptions::FIXTURES {
        let bytes = fixture_bytes(name);
        let singles = if bytes.len() <= 4_000 { 4_000 } else { 40 };
        assert_parts_match(name, &bytes, &Settings::default(), singles);
    }
    let name = "real/ravenstack_subscriptions.csv";
    assert_parts_match(name, &fixture_bytes(name), &Settings::default(), 6);
}

/// With the settings a subscriptions accumulator keeps (as-of date,
/// period, churn target, gross margin, amounts in cents): a loaded part
/// takes them from the plan, not from its bytes.
#[test]
fn subscriptions_with_settings_in_parts_give_the_one_pass_report() {
    let settings: Settings = serde_json::from_str(
        r#"{"as_of":"2024-06-15","period_start":"2023-11","period_end":"2024-05",
            "churn_target":0.05,"gross_margin":0.8,"amounts_in_cents":true}"#,
    )
    .unwrap();
    for name in super::subscriptions::FIXTURES {
        let bytes = fixture_bytes(name);
        let singles = if bytes.len() <= 4_000 { 4_000 } else { 40 };
        assert_parts_match(name, &bytes, &settings, singles);
    }
}

/// Customer tables made up for what the real ones lack: more plans than
/// `churn_by_plan` lists, met in a random order (a plan past one part's
/// fiftieth may be one an earlier part lists); charges whose float sums
/// depend on the order of addition; tenures from start and end dates with
/// statuses; unreadable, empty and out-of-range cells; a tenure column
/// whose unit is unclear.
fn made_up_customer_tables() -> Vec<(&'static str, String)> {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rnd = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut tables = Vec::new();
    for (name, rows) in [("customers tenure, small", 90), ("customers tenure", 600)] {
        let mut t = String::from("customerID,Plan,tenure,MonthlyCharges,TotalCharges,Churn\n");
        for i in 0..rows {
            let plan = rnd(70);
            let tenure = match rnd(30) {
                0 => "-3".to_string(),
                1 => "5000".to_string(),
                2 => String::new(),
                _ => rnd(73).to_string(),
            };
            let charge = match rnd(25) {
                0 => "ten".to_string(),
                1 => String::new(),
                _ => format!("{}.{:02}", 18 + rnd(100), rnd(100)),
            };
            let total = match rnd(20) {
                0 => " ".to_string(),
                1 => "n/a".to_string(),
                _ => format!("{}.{:02}", rnd(9000), rnd(100)),
            };
            let churn = ["Yes", "No", "No", "No", "maybe", ""][rnd(6) as usize];
            t.push_str(&format!("c{i},p{plan},{tenure},{charge},{total},{churn}\n"));
        }
        tables.push((name, t));
    }
    let mut t = String::from("Customer,Plan,Start date,End date,Status,Monthly charges\n");
    for i in 0..400 {
        let (m, d) = (1 + rnd(12), 1 + rnd(28));
        let start = match rnd(40) {
            0 => "someday".to_string(),
            1 => String::new(),
            _ => format!("2023-{m:02}-{d:02}"),
        };
        let end = match rnd(8) {
            0 => format!("2024-{:02}-{:02}", 1 + rnd(12), 1 + rnd(28)),
            1 => format!("2022-{:02}-{:02}", 1 + rnd(12), 1 + rnd(28)),
            2 => "soon".to_string(),
            _ => String::new(),
        };
        let status = ["active", "churned", "Cancelado", "Ativo", "paused", ""][rnd(6) as usize];
        let charge = match rnd(10) {
            0 => format!("${}.{:02}", rnd(200), rnd(100)),
            1 => String::new(),
            _ => format!("{}.{:02}", rnd(200), rnd(100)),
        };
        let plan = rnd(60);
        t.push_str(&format!(
            "k{i},Plan {plan},{start},{end},{status},{charge}\n"
        ));
    }
    tables.push(("customers dates", t));
    let mut t = String::from("CustomerId,Tenure,MonthlyCharges,Exited\n");
    for i in 0..300 {
        let charge = format!("{}.{}", rnd(90), rnd(1000));
        t.push_str(&format!("u{i},{},{charge},{}\n", rnd(13), rnd(2)));
    }
    tables.push(("customers tenure unit unclear", t));
    tables
}

/// The customer tables of the real corpus and made-up ones, with the
/// settings the customers accumulator reads (gross margin, as-of date,
/// tenure unit, amounts in cents): in parts, the one-pass report.
#[test]
fn customers_files_in_parts_give_the_one_pass_report() {
    let settings = |json: &str| serde_json::from_str::<Settings>(json).unwrap();
    for name in [
        "real/telco_customer_churn.csv",
        "real/bank_churn_modelling.csv",
        "real/alura_voz_clientes_pt.csv",
    ] {
        let bytes = fixture_bytes(name);
        let r: serde_json::Value =
            serde_json::from_str(&whole(&bytes, &Settings::default()).unwrap()).unwrap();
        assert_eq!(r["kind"], "customers", "{name}");
        assert_parts_match(name, &bytes, &Settings::default(), 6);
    }
    let variants = [
        Settings::default(),
        settings(r#"{"gross_margin": 0.7, "as_of": "2025-01-01"}"#),
        settings(r#"{"tenure_unit": "years", "amounts_in_cents": true}"#),
    ];
    for (name, text) in made_up_customer_tables() {
        let bytes = text.as_bytes();
        let r: serde_json::Value =
            serde_json::from_str(&whole(bytes, &Settings::default()).unwrap()).unwrap();
        assert_eq!(r["kind"], "customers", "{name}");
        let singles = if bytes.len() <= 4_000 { 4_000 } else { 40 };
        for s in &variants {
            assert_parts_match(name, bytes, s, singles);
        }
    }
}

/// Settings that change how spend and account rows are read or judged.
fn settings_from_json(json: &str) -> Settings {
    serde_json::from_str(json).unwrap()
}

/// The spend fixtures, also read with amounts in cents and a currency set.
#[test]
fn spend_fixtures_in_parts_give_the_one_pass_report() {
    let variants = [
        "{}",
        r#"{"amounts_in_cents": true}"#,
        r#"{"currency": "EUR"}"#,
    ];
    for name in super::spend::FIXTURES {
        let bytes = fixture_bytes(name);
        let singles = if bytes.len() <= 4_000 { 4_000 } else { 40 };
        for json in variants {
            assert_parts_match(name, &bytes, &settings_from_json(json), singles);
        }
    }
}

/// Spend amounts whose float sums depend on the order they are added in,
/// channels and months first seen late in the file, rows without a channel
/// and unreadable dates: the sums of a channel or month spread over parts
/// come out to the bit.
#[test]
fn spend_sums_in_parts_are_added_in_file_order() {
    let channels = ["Ads", "", "Events", "SEO", "Partners"];
    let mut text = "Month,Channel,Spend,New customers\n".to_string();
    for i in 0..240usize {
        let month = match i % 7 {
            6 => "2024-13".to_string(),
            m => format!("2024-{:02}", 1 + (m + i / 60) % 12),
        };
        // A channel joins every 50 rows.
        let channel = channels[i % (1 + (i / 50).min(4))];
        let spend = format!("{}.{:02}", (i * 37) % 1000, (i * 13) % 100);
        text.push_str(&format!("{month},{channel},{spend},{}\n", i % 4));
    }
    for json in ["{}", r#"{"amounts_in_cents": true}"#] {
        assert_parts_match(
            "spend sums",
            text.as_bytes(),
            &settings_from_json(json),
            300,
        );
    }
}

/// The account fixtures, also read with each setting the accounts read
/// rows or judge them with.
#[test]
fn accounts_fixtures_in_parts_give_the_one_pass_report() {
    let variants = [
        r#"{"as_of": "2024-07-05"}"#,
        r#"{"onboarding_target_days": 35}"#,
        r#"{"adoption_good": 0.5, "adoption_excellent": 0.8}"#,
        r#"{"upsell_min_tenure_months": 12}"#,
        r#"{"csm_productive_hours": 1000}"#,
    ];
    for name in super::accounts::FIXTURES {
        let bytes = fixture_bytes(name);
        let singles = if bytes.len() <= 4_000 { 4_000 } else { 40 };
        assert_parts_match(name, &bytes, &Settings::default(), singles);
        // Fewer cuts with each setting: the state is the same, only judged
        // differently.
        for json in variants {
            assert_parts_match(name, &bytes, &settings_from_json(json), 100);
        }
    }
}

/// Accounts whose onboarding days and adoption rates have float sums that
/// depend on the order they are added in, more upsell-ready accounts than
/// the figure names, the latest date (the as-of date) late in the file, and
/// rows with cells voided: the report of parts is the one of one pass.
#[test]
fn accounts_in_parts_keep_file_order_and_sums() {
    let mut text = "Account,Onboarding start,Onboarding done,Emails sent,Emails opened,\
                    Sessions,Features used,Features available,Payment status,\
                    Customer since,Renewed\n"
        .to_string();
    for i in 0..260usize {
        let start = format!("2024-{:02}-{:02} 09:{:02}", 1 + i % 6, 1 + i % 28, i % 60);
        let done = match i % 5 {
            0 => String::new(),
            1 => "soon".to_string(),
            // Some within the target, some after it, a few before the start.
            _ => format!(
                "2024-{:02}-{:02} 17:{:02}",
                1 + i % 6 + i % 2,
                1 + (i * 3) % 28,
                (i * 7) % 60
            ),
        };
        let paid = ["paid", "late", "current", "sometimes"][i % 4];
        let since = format!("{}-{:02}-{:02}", 2021 + i % 4, 1 + i % 12, 1 + i % 28);
        let renewed = ["yes", "no", "", "maybe"][i % 4];
        text.push_str(&format!(
            "A{i},{start},{done},{},{},{},{},{},{paid},{since},{renewed}\n",
            10 + i % 3,
            i % 11,
            i % 9,
            i % 8,
            7 + i % 5,
        ));
    }
    for json in ["{}", r#"{"as_of": "2024-07-05"}"#] {
        assert_parts_match("accounts", text.as_bytes(), &settings_from_json(json), 300);
    }
}
