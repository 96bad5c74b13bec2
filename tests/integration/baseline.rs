//! The report of every fixture, as recorded before the restructuring of the
//! code (tests/fixtures/baseline/): a change of layout, types or libraries
//! must leave every figure, reason, skipped row and setting as it was. The
//! only tolerated differences are `code` and `params` keys the recording lacks (stable
//! codes were added to undefined figures and errors after the recording).
//!
//! To record again after a deliberate change of the report:
//! `CXMETRICS_RECORD=1 cargo test --all-features baseline`, and say why in
//! the commit.

use super::common::*;
use cxmetrics::calculators::{calculate, NAMES};
use cxmetrics::settings::Settings;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// Where the recordings live.
fn baseline_dir() -> PathBuf {
    fixture("baseline")
}

/// Every data file under tests/fixtures (not the recordings, notes or
/// scripts), sorted, as paths relative to tests/fixtures.
fn data_files() -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() {
                if rel != "baseline" {
                    walk(&path, base, out);
                }
            } else if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "py" | "json")
            ) {
                out.push(rel);
            }
        }
    }
    let base = fixture("");
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out.sort();
    out
}

/// The report of `bytes` with default settings, or the refusal's sentence.
fn outcome(bytes: &[u8]) -> Value {
    match report(bytes, Settings::default()) {
        Ok(r) => serde_json::from_str(&r.to_json()).expect("the report is JSON"),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

/// The answers of every calculator to an empty input and to the inputs the
/// page and the docs send.
fn calculator_outcomes() -> Value {
    let inputs: Vec<(&str, Value)> = vec![
        (
            "nps",
            json!({"promoters": 50, "passives": 30, "detractors": 20}),
        ),
        ("csat", json!({"satisfied": 80, "responses": 100})),
        ("ces", json!({"scores": [1, 2, 3, 4, 5, 6, 7]})),
        ("cac", json!({"spend": 10_000, "new_customers": 5})),
        ("cac", json!({"spend": 10_000, "new_customers": 0})),
        (
            "churn",
            json!({"start": 200, "new": 20, "lost": 10, "target": 0.03}),
        ),
        ("durations", json!({"values": [5, 1, 3, 9, 12.5, 60, 7]})),
        ("csm_capacity", json!({})),
        ("adoption", json!({})),
        ("scenario_presets", json!({})),
    ];
    let mut out = Map::new();
    for name in NAMES {
        out.insert(format!("{name} {{}}"), answer(name, &json!({})));
    }
    for (name, input) in inputs {
        out.insert(format!("{name} {input}"), answer(name, &input));
    }
    Value::Object(out)
}

/// A calculator's answer, or its refusal's sentence.
fn answer(name: &str, input: &Value) -> Value {
    match calculate(name, input) {
        Ok(v) => v,
        Err(e) => json!({ "error": e.to_string() }),
    }
}

/// Lists where `actual` differs from `recorded` under `path`, ignoring a
/// `code` key the recording lacks.
fn differences(path: &str, actual: &Value, recorded: &Value, out: &mut Vec<String>) {
    match (actual, recorded) {
        (Value::Object(a), Value::Object(r)) => {
            for (key, value) in a {
                match r.get(key) {
                    Some(rv) => differences(&format!("{path}.{key}"), value, rv, out),
                    None if key == "code" || key == "params" => {}
                    None => out.push(format!("{path}.{key}: added {value}")),
                }
            }
            for key in r.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{path}.{key}: missing (was {})", r[key]));
            }
        }
        (Value::Array(a), Value::Array(r)) if a.len() == r.len() => {
            for (i, (av, rv)) in a.iter().zip(r).enumerate() {
                differences(&format!("{path}[{i}]"), av, rv, out);
            }
        }
        _ if actual == recorded => {}
        _ => out.push(format!("{path}: {actual} (was {recorded})")),
    }
}

/// Compares `actual` with the recording `name`, or writes it when recording.
fn check(name: &str, actual: &Value, failures: &mut Vec<String>) {
    let file = baseline_dir().join(format!("{}.json", name.replace('/', "__")));
    if std::env::var_os("CXMETRICS_RECORD").is_some() {
        std::fs::create_dir_all(baseline_dir()).unwrap();
        let text = serde_json::to_string_pretty(actual).unwrap() + "\n";
        std::fs::write(&file, text).unwrap();
        return;
    }
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{file:?}: {e} (record with CXMETRICS_RECORD=1)"));
    let recorded: Value = serde_json::from_str(&text).unwrap();
    // Both sides through the same text and parser, so that a number is
    // compared as printed (the parser may round the last digit).
    let actual: Value = serde_json::from_str(&serde_json::to_string(actual).unwrap()).unwrap();
    let actual = &actual;
    let mut diffs = Vec::new();
    differences("", actual, &recorded, &mut diffs);
    if !diffs.is_empty() {
        let shown: Vec<_> = diffs.iter().take(20).cloned().collect();
        failures.push(format!(
            "{name}: {} difference(s):\n  {}",
            diffs.len(),
            shown.join("\n  ")
        ));
    }
}

#[test]
fn every_fixture_reports_as_recorded() {
    let files = data_files();
    assert!(files.len() >= 40, "fixtures not found: {files:?}");
    let mut failures = Vec::new();
    for file in &files {
        check(file, &outcome(&fixture_bytes(file)), &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Lists the undefined figures (a `reason` beside `"value": null`) under
/// `path` that lack a `code`.
fn uncoded(path: &str, node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            let undefined = map.get("value") == Some(&Value::Null) && map.contains_key("reason");
            if undefined && !map.get("code").is_some_and(Value::is_string) {
                out.push(format!("{path}: {node}"));
            }
            for (key, value) in map {
                uncoded(&format!("{path}.{key}"), value, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                uncoded(&format!("{path}[{i}]"), item, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_undefined_figure_has_a_code() {
    let mut missing = Vec::new();
    for file in data_files() {
        uncoded(&file, &outcome(&fixture_bytes(&file)), &mut missing);
    }
    uncoded("calculators", &calculator_outcomes(), &mut missing);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_calculator_answers_as_recorded() {
    let mut failures = Vec::new();
    check("calculators", &calculator_outcomes(), &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
