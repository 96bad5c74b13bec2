//! The long table of figures (`cxmetrics::figures`) over the reports of
//! every fixture (the recordings in tests/fixtures/baseline/): every
//! number of a report has its row, and the rows rebuild the report's
//! figures, in any order and whatever the numbers.

use super::common::*;
use cxmetrics::figures::{flatten, read_csv, to_csv, unflatten, FigureRow, LIST_ID_MEMBERS};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// The recorded reports (not the refusals, not the calculators).
fn reports() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(fixture("baseline")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        if v.get("metrics").is_some() {
            out.push((name, v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 30, "{} recorded reports", out.len());
    out
}

/// `metrics` as flatten sees it: numbers as f64, only numeric leaves and
/// undefined values with their reason; text, booleans and other nulls gone,
/// and so are objects and lists left empty.
fn numeric_part(v: &Value) -> Option<Value> {
    match v {
        Value::Number(n) => n.as_f64().map(Value::from),
        Value::Object(m) => {
            let mut out = Map::new();
            let undefined = m.get("value").is_some_and(Value::is_null)
                && m.get("reason").is_some_and(Value::is_string);
            for (k, x) in m {
                if undefined && (k == "value" || k == "reason") {
                    out.insert(k.clone(), x.clone());
                } else if let Some(y) = numeric_part(x) {
                    out.insert(k.clone(), y);
                }
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        Value::Array(items) => {
            let kept: Vec<Value> = items.iter().filter_map(numeric_part).collect();
            (!kept.is_empty()).then_some(Value::Array(kept))
        }
        _ => None,
    }
}

/// Every number of the report's metrics, counted by walking the JSON.
fn count_numbers(v: &Value) -> usize {
    match v {
        Value::Number(_) => 1,
        Value::Object(m) => {
            let undefined = m.get("value").is_some_and(Value::is_null)
                && m.get("reason").is_some_and(Value::is_string);
            usize::from(undefined) + m.values().map(count_numbers).sum::<usize>()
        }
        Value::Array(a) => a.iter().map(count_numbers).sum(),
        _ => 0,
    }
}

#[test]
fn every_number_of_every_fixture_report_has_one_row() {
    for (name, report) in reports() {
        let rows = flatten(&report);
        assert_eq!(rows.len(), count_numbers(&report["metrics"]), "{name}");
        let mut paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), rows.len(), "{name}: a path repeats");
        for r in &rows {
            assert!(r.path.starts_with(&r.metric), "{name}: {}", r.path);
            assert!(
                report["metrics"].get(&r.metric).is_some(),
                "{name}: {}",
                r.metric
            );
            assert_eq!(r.value.is_none(), r.reason.is_some(), "{name}: {}", r.path);
        }
    }
}

#[test]
fn the_list_table_names_every_list_of_the_fixture_reports() {
    fn walk(v: &Value, shape: &str, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let s = if shape.is_empty() {
                        k.clone()
                    } else {
                        format!("{shape}.{k}")
                    };
                    walk(x, &s, out);
                }
            }
            Value::Array(items) => {
                for item in items {
                    if let Value::Object(m) = item {
                        let id = cxmetrics::figures::ID_MEMBERS
                            .iter()
                            .find(|k| m.contains_key(**k))
                            .map_or("", |k| k);
                        out.push((shape.to_string(), id.to_string()));
                    }
                    walk(item, &format!("{shape}[]"), out);
                }
            }
            _ => {}
        }
    }
    for (name, report) in reports() {
        let mut lists = Vec::new();
        walk(&report["metrics"], "", &mut lists);
        for (shape, id) in lists {
            assert!(
                LIST_ID_MEMBERS.contains(&(shape.as_str(), id.as_str())),
                "{name}: the list {shape} identifies its elements by “{id}”: add it to LIST_ID_MEMBERS"
            );
        }
    }
}

#[test]
fn unflatten_rebuilds_every_fixture_reports_figures() {
    for (name, report) in reports() {
        let rows = flatten(&report);
        let kind = report["kind"].as_str().unwrap();
        let back = unflatten(&rows, kind);
        assert_eq!(back["kind"], kind);
        assert_eq!(
            numeric_part(&back["metrics"]),
            numeric_part(&report["metrics"]),
            "{name}"
        );
        assert_eq!(flatten(&back), rows, "{name}");
        assert_eq!(read_csv(to_csv(&rows).as_bytes()).unwrap(), rows, "{name}");
    }
}

/// Rows of one fixture report, shuffled, with new numbers.
fn shuffled() -> impl Strategy<Value = (String, Vec<FigureRow>)> {
    let all = reports();
    (0..all.len()).prop_flat_map(move |i| {
        let (name, report) = all[i].clone();
        let rows = flatten(&report);
        let n = rows.len();
        (
            Just(name),
            Just(rows).prop_shuffle(),
            prop::collection::vec(prop::num::f64::NORMAL | prop::num::f64::ZERO, n),
        )
            .prop_map(|(name, mut rows, xs)| {
                for (r, x) in rows.iter_mut().zip(xs) {
                    if r.value.is_some() {
                        r.value = Some(x);
                    }
                }
                (name, rows)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn rows_round_trip_in_any_order((name, rows) in shuffled()) {
        let back = unflatten(&rows, "survey");
        let mut again = flatten(&back);
        let mut want = rows.clone();
        // -0.0 is written 0.
        for r in want.iter_mut() {
            r.value = r.value.map(|x| if x == 0.0 { 0.0 } else { x });
        }
        let key = |r: &FigureRow| r.path.clone();
        again.sort_by_key(key);
        want.sort_by_key(key);
        prop_assert_eq!(again, want, "{}", name);
        prop_assert_eq!(read_csv(to_csv(&rows).as_bytes()).unwrap(), rows);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// No result table, however broken, panics: it reads or is refused,
    /// and what reads rebuilds a report.
    #[test]
    fn any_result_table_reads_or_is_refused(body in "([a-z_]{0,6}[.\\[\\]]{0,2}[a-zé0-9,\"\n]{0,6}){0,12}") {
        let text = format!("metric,path,value,reason\n{body}");
        if let Ok(rows) = read_csv(text.as_bytes()) {
            let back = unflatten(&rows, "tickets");
            prop_assert!(back["metrics"].is_object());
            for r in flatten(&back) {
                prop_assert!(r.value.map_or(true, f64::is_finite));
            }
        }
    }
}
