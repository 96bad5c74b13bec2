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
