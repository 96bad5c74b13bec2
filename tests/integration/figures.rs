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

/// An undefined figure read back from a result table has the code (and
/// parameters) the core's report gives it when its sentence is one the SQL
/// writes (`cxmetrics::sql::reasons`), and no code otherwise: the page
/// translates it by that code (docs/metrics.md §8.5).
#[test]
fn undefined_figures_read_back_carry_the_cores_code() {
    use cxmetrics::sql::reasons::reason_of;
    /// `core`'s element of a list matching `element` of the rebuilt one:
    /// the one with the same identifying member, else the same position.
    fn twin<'a>(list: &'a [Value], element: &Value, at: usize) -> Option<&'a Value> {
        let id = cxmetrics::figures::ID_MEMBERS
            .iter()
            .find_map(|m| element.get(*m).map(|v| (*m, v)));
        match id {
            Some((m, v)) => list.iter().find(|e| {
                e.get(m)
                    .map(|x| x.to_string().trim_matches('"') == v.as_str().unwrap_or(""))
                    == Some(true)
            }),
            None => list.get(at),
        }
    }
    fn walk(back: &Value, core: &Value, at: &str, seen: &mut Vec<String>, unknown: &mut usize) {
        match back {
            Value::Object(map) => {
                if map.get("value") == Some(&Value::Null) {
                    if let Some(reason) = map.get("reason").and_then(Value::as_str) {
                        match reason_of(reason) {
                            Some(known) => {
                                assert_eq!(core["reason"], reason, "{at}");
                                assert_eq!(map["code"], core["code"], "{at}: {reason}");
                                assert_eq!(map["code"], known.why.code, "{at}");
                                assert_eq!(map.get("params"), core.get("params"), "{at}: {reason}");
                                seen.push(known.why.code.to_string());
                            }
                            None => {
                                assert!(map.get("code").is_none(), "{at}: {reason}");
                                *unknown += 1;
                            }
                        }
                    }
                }
                for (k, v) in map {
                    if let Some(c) = core.get(k) {
                        walk(v, c, &format!("{at}.{k}"), seen, unknown);
                    }
                }
            }
            Value::Array(items) => {
                let list = core.as_array().map(Vec::as_slice).unwrap_or(&[]);
                for (i, e) in items.iter().enumerate() {
                    if let Some(c) = twin(list, e, i) {
                        walk(e, c, &format!("{at}[{i}]"), seen, unknown);
                    }
                }
            }
            _ => {}
        }
    }
    let (mut seen, mut unknown) = (Vec::new(), 0);
    for (name, _) in reports() {
        // The live report: the recordings predate the codes.
        let rel = name.trim_end_matches(".json").replace("__", "/");
        let report: Value = serde_json::from_str(
            &report(&fixture_bytes(&rel), Default::default())
                .unwrap()
                .to_json(),
        )
        .unwrap();
        let back = unflatten(&flatten(&report), report["kind"].as_str().unwrap());
        walk(
            &back["metrics"],
            &report["metrics"],
            &name,
            &mut seen,
            &mut unknown,
        );
    }
    seen.sort();
    seen.dedup();
    // Not vacuous: the fixtures' reports hold undefined figures of many of
    // the SQL's reasons.
    assert!(seen.len() >= 8, "{seen:?}");
    assert_eq!(
        unknown, 0,
        "every undefined figure of the fixtures has a sentence the SQL writes"
    );
    // A sentence the SQL does not write gets no code.
    let rows = read_csv(b"metric,path,value,reason\nnps,nps.value,,no answers yet\n").unwrap();
    let other = unflatten(&rows, "survey");
    assert_eq!(other["metrics"]["nps"]["reason"], "no answers yet");
    assert!(other["metrics"]["nps"].get("code").is_none());
    // The one with parameters gets them.
    let rows = read_csv(
        b"metric,path,value,reason\nltv,ltv.value,,monthly churn must be between 0 % and 100 %\n",
    )
    .unwrap();
    let ltv = &unflatten(&rows, "customers")["metrics"]["ltv"];
    assert_eq!(ltv["code"], "input_not_a_fraction");
    assert_eq!(ltv["params"], serde_json::json!({"input": "monthly churn"}));
}
