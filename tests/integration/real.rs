//! Real files nobody on the project wrote (tests/fixtures/real/, sources
//! and licences in its SOURCES.md), run with default settings as a new user
//! would, against figures computed independently by
//! tests/fixtures/real/expected.py (its output: expected.json).
//!
//! Counts are compared exactly, other numbers with a relative tolerance of
//! 1e-9; an expected `null` means the file cannot give the figure: the report
//! either says why (a `reason` beside the null value) or leaves the figure
//! out altogether (a survey without an NPS column has no `nps`). Every
//! mismatch of a file is listed in one failure.

use super::common::*;
use cxmetrics::settings::Settings;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// The directory of the real files.
fn real_dir() -> PathBuf {
    fixture("real")
}

/// expected.json, parsed.
fn expected() -> Value {
    let path = real_dir().join("expected.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// The expectations of one file.
fn expectations(file: &str) -> Value {
    expected()["files"]
        .as_array()
        .expect("expected.json has a list of files")
        .iter()
        .find(|f| f["file"] == file)
        .unwrap_or_else(|| panic!("{file} is not in expected.json"))
        .clone()
}

/// The value at `path` in the report JSON: dot-separated keys, and a
/// segment `name=value` picks the object of a list whose `name` is the text
/// `value`.
/// `None` when any step is missing.
fn at<'a>(mut node: &'a Value, path: &str) -> Option<&'a Value> {
    for segment in path.split('.') {
        node = match node {
            Value::Array(items) => {
                let (key, wanted) = segment.split_once('=')?;
                items
                    .iter()
                    .find(|item| item[key].as_str() == Some(wanted))?
            }
            Value::Object(map) => map.get(segment)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Whether `actual` is `expected`: integers exactly, other numbers within a
/// relative 1e-9, anything else equal.
fn same(actual: &Value, expected: &Value) -> bool {
    match (actual.as_f64(), expected.as_f64()) {
        (Some(a), Some(e)) if expected.is_i64() || expected.is_u64() => a == e,
        (Some(a), Some(e)) => (a - e).abs() <= 1e-9 * e.abs().max(1.0),
        _ => actual == expected,
    }
}

/// Runs `file` with default settings and lists every way it differs from
/// its expectations; panics with the list when there is any.
fn check(file: &str) {
    let exp = expectations(file);
    let bytes = fixture_bytes(&format!("real/{file}"));
    let report = match report(&bytes, Settings::default()) {
        Ok(r) => r,
        Err(e) => panic!(
            "{file}: expected a {} report, the default run was refused: {e}",
            exp["kind"]
        ),
    };
    let json: Value = serde_json::from_str(&report.to_json()).expect("the report is JSON");
    let mut wrong = Vec::new();
    if json["kind"] != exp["kind"] {
        wrong.push(format!(
            "kind: expected {}, got {}",
            exp["kind"], json["kind"]
        ));
    }
    for count in ["read", "used"] {
        if json["rows"][count] != exp["rows"][count] {
            wrong.push(format!(
                "rows.{count}: expected {}, got {}",
                exp["rows"][count], json["rows"][count]
            ));
        }
    }
    for figure in exp["figures"].as_array().expect("a list of figures") {
        let path = figure["path"].as_str().expect("a path");
        let want = &figure["value"];
        let got = at(&json, path);
        let ok = match (got, want) {
            (Some(Value::Null), Value::Null) => {
                // Undefined carries a reason, beside the null value.
                let parent = path.strip_suffix(".value").and_then(|p| at(&json, p));
                parent.map_or(true, |p| {
                    p["reason"].as_str().is_some_and(|r| !r.is_empty())
                })
            }
            (Some(g), w) => same(g, w),
            // A figure the file cannot give may also be left out.
            (None, Value::Null) => path
                .strip_suffix(".value")
                .is_some_and(|p| at(&json, p).is_none()),
            (None, _) => false,
        };
        if !ok {
            let got = got.map_or_else(|| "absent".to_string(), Value::to_string);
            wrong.push(format!(
                "{path}: expected {want}, got {got} ({})",
                figure["note"].as_str().unwrap_or("")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{file}: {} difference(s):\n  {}",
        wrong.len(),
        wrong.join("\n  ")
    );
}

#[test]
fn telco_customer_churn() {
    check("telco_customer_churn.csv");
}

#[test]
fn alura_voz_clientes_pt() {
    check("alura_voz_clientes_pt.csv");
}

#[test]
fn bank_churn_modelling() {
    check("bank_churn_modelling.csv");
}

#[test]
fn support_tickets_first2000() {
    check("support_tickets_first2000.csv");
}

#[test]
fn olist_order_reviews_pt() {
    check("olist_order_reviews_pt.csv");
}

#[test]
fn ravenstack_subscriptions() {
    check("ravenstack_subscriptions.csv");
}

#[test]
fn ravenstack_support_tickets() {
    check("ravenstack_support_tickets.csv");
}

/// The files each test above checks.
const CHECKED: &[&str] = &[
    "telco_customer_churn.csv",
    "alura_voz_clientes_pt.csv",
    "bank_churn_modelling.csv",
    "support_tickets_first2000.csv",
    "olist_order_reviews_pt.csv",
    "ravenstack_subscriptions.csv",
    "ravenstack_support_tickets.csv",
];

#[test]
fn every_real_file_is_sourced_expected_and_checked() {
    let sources = std::fs::read_to_string(real_dir().join("SOURCES.md")).expect("SOURCES.md");
    let mut on_disk: Vec<String> = std::fs::read_dir(real_dir())
        .expect("tests/fixtures/real")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".csv"))
        .collect();
    on_disk.sort();
    let mut in_expected: Vec<String> = expected()["files"]
        .as_array()
        .expect("a list of files")
        .iter()
        .map(|f| f["file"].as_str().expect("a file name").to_string())
        .collect();
    in_expected.sort();
    let mut checked: Vec<String> = CHECKED.iter().map(|s| s.to_string()).collect();
    checked.sort();
    assert_eq!(on_disk, in_expected, "every real file has expectations");
    assert_eq!(on_disk, checked, "every real file has its test");
    assert!(on_disk.len() >= 6);
    for file in &on_disk {
        assert!(
            sources.contains(&format!("## {file}")),
            "{file} has no section in SOURCES.md"
        );
    }
}

#[test]
fn expected_json_is_what_expected_py_writes() {
    // python3 is on every machine of this project (scripts/setup.sh); the
    // check fails when expected.json was edited by hand or not regenerated.
    let out = Command::new("python3")
        .arg(real_dir().join("expected.py"))
        .arg("--check")
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "expected.py --check failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
