//! Tests of the tickets dataset.

use super::*;
use crate::metrics::stats::{histogram, minute_edges, MINUTE_LADDER};
use proptest::prelude::*;
use serde_json::{json, Value};

#[test]
fn memo_reads_each_cell_once_and_stays_bounded() {
    let mut memo = Memo::<bool>::default();
    let mut reads = 0;
    for cell in ["solved", "open", "solved", "Solved", "open"] {
        let got = memo.get(cell, |c| {
            reads += 1;
            is_solved_status(c)
        });
        assert_eq!(got, is_solved_status(cell), "{cell}");
    }
    assert_eq!(reads, 3);
    for i in 0..40 {
        let cell = format!("status {i}");
        assert!(!memo.get(&cell, is_solved_status));
    }
    assert_eq!(memo.entries.len(), Memo::<bool>::MAX);
    assert!(memo.get("closed", is_solved_status));
}

/// The byte splitter of category cells gives what a split on
/// characters gives, separators of every width included.
#[test]
fn category_pieces_match_a_split_on_characters() {
    let cells = [
        "",
        ",",
        "billing",
        " login mobile  billing ",
        "a,b;c d\te\u{b}f\u{c}g\rh\ni",
        "ré\u{a0}sumé\u{3000}日本\u{2028}x\u{85}y\u{1680}z",
        "\u{1c}\u{1f}é,;",
        "naïve;café, crème brûlée",
    ];
    for cell in cells {
        for split_spaces in [false, true] {
            let got: Vec<&str> = Categories {
                rest: Some(cell),
                split_spaces,
            }
            .collect();
            let want: Vec<&str> = cell
                .split(|c: char| c == ',' || c == ';' || (split_spaces && c.is_whitespace()))
                .collect();
            assert_eq!(got, want, "{cell:?} {split_spaces}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn category_pieces_match_a_split_on_characters_anywhere(cell in "([a-c ,;\\t\\n\\r\\x0b\\x0c\\x1c\\u{85}\\u{a0}\\u{1680}\\u{2028}\\u{3000}é日]|\\PC){0,40}", split_spaces in any::<bool>()) {
        let got: Vec<&str> = Categories { rest: Some(&cell), split_spaces }.collect();
        let want: Vec<&str> = cell
            .split(|c: char| c == ',' || c == ';' || (split_spaces && c.is_whitespace()))
            .collect();
        prop_assert_eq!(got, want);
    }
}

#[test]
fn solved_status_words_in_five_languages() {
    for w in [
        "Solved",
        "closed",
        "RESOLVED",
        "Resuelto",
        "cerrada",
        "Resolvido",
        "Fechado",
        "resolvida",
        "Résolu",
        "Fermé",
        "clos",
        "Clôturé",
        "Selesai",
        "ditutup",
        "Terselesaikan",
        "Resolu\u{301}",
        "  Closed  ",
    ] {
        assert!(is_solved_status(w), "{w}");
    }
    for w in [
        "open",
        "New",
        "pending",
        "hold",
        "snoozed",
        "Abierto",
        "Pendiente",
        "Em aberto",
        "Ouvert",
        "Terbuka",
        "",
        "solvedx",
        "not solved",
        "résolu ✓",
        "a very long status text that does not fit",
    ] {
        assert!(!is_solved_status(w), "{w}");
    }
    // Every listed word is already folded, and matches itself.
    for w in SOLVED_STATUSES {
        assert!(is_solved_status(w), "{w}");
        assert!(w.bytes().all(|b| b.is_ascii_lowercase()), "{w}");
    }
}

#[test]
fn satisfaction_words() {
    use SatisfactionRating::*;
    for (w, r) in [
        ("Good", Good),
        ("bad", Bad),
        ("Offered", Offered),
        ("Not Offered", NotOffered),
        ("Unoffered", NotOffered),
        ("Bad, with comment", Bad),
        ("bom", Good),
        ("mauvais", Bad),
    ] {
        assert_eq!(satisfaction_word(w), Some(r), "{w}");
    }
    for w in ["", "4", "great", "goodish", "not"] {
        assert_eq!(satisfaction_word(w), None, "{w}");
    }
}

/// The streaming ladder counts against the stats histogram on the
/// same values (the independent computation).
fn ladder_matches(values: &[f64]) {
    let mut l = LadderCounts::default();
    for &x in values {
        l.add(x);
    }
    let fig = crate::report::to_json(&l.figure());
    let finite: Vec<f64> = values
        .iter()
        .copied()
        .filter(|x| x.is_finite() && *x >= 0.0)
        .collect();
    if finite.is_empty() {
        assert!(fig["value"].is_null());
        return;
    }
    let max = finite.iter().copied().fold(0.0, f64::max);
    let h = histogram(&finite, &minute_edges(max)).unwrap();
    let edges: Vec<f64> = fig["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_f64().unwrap())
        .collect();
    let counts: Vec<u64> = fig["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_u64().unwrap())
        .collect();
    assert_eq!(edges, h.edges, "{values:?}");
    assert_eq!(counts, h.counts, "{values:?}");
    assert_eq!(fig["above"].as_u64().unwrap(), h.above, "{values:?}");
    assert_eq!(h.below, 0);
}

#[test]
fn ladder_counts_equal_the_stats_histogram() {
    ladder_matches(&[]);
    ladder_matches(&[0.0]);
    ladder_matches(&[60.0, 0.0, 30.0, 59.9]);
    ladder_matches(&[5.0]);
    ladder_matches(&[43_200.0]);
    ladder_matches(&[43_200.0, 50_000.0, 1.0]);
    ladder_matches(&[20_160.0, 20_161.0]);
    ladder_matches(&[1e300, 0.5]);
    ladder_matches(&MINUTE_LADDER);
}

/// Cells of every sort, valid and not, for the random-rows property.
const CELLS: &[&str] = &[
    "",
    "Solved",
    "open",
    "Résolu",
    "High",
    "billing login",
    "a,b",
    "2024-03-04 09:00",
    "2024-03-05 10:30",
    "1970-01-01",
    "2099-12-31 23:59",
    "13/13/2024",
    "0",
    "1",
    "3",
    "-1",
    "1e308",
    "99999999999999999999",
    "NaN",
    "inf",
    "Good",
    "Offered",
    "5",
    "6",
    "9:99",
    "12:30",
    "\"x\"\"y\"",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn ladder_counts_match_for_any_values(
        v in proptest::collection::vec(
            prop_oneof![0.0..100_000.0f64, Just(60.0), Just(43_200.0), Just(0.0),
                        Just(f64::NAN), Just(f64::INFINITY), Just(-1.0)], 0..60)
    ) {
        ladder_matches(&v);
    }

    #[test]
    fn any_rows_give_a_sound_report(
        rows in proptest::collection::vec(
            proptest::collection::vec(proptest::sample::select(CELLS), 9), 1..25),
        as_of in proptest::option::of(proptest::sample::select(&["2024-03-05", "1970-01-01", "2099-12-31T23:59"][..])),
    ) {
        let mut csv = String::from("Id,Requester id,Status,Priority,Tags,Created at,Solved at,Replies,Satisfaction Score,First reply time in minutes\n");
        for (i, row) in rows.iter().enumerate() {
            csv.push_str(&i.to_string());
            for cell in row {
                csv.push(',');
                csv.push_str(cell);
            }
            csv.push('\n');
        }
        let settings = Settings {
            kind: Some(crate::ingest::columns::Kind::Tickets),
            as_of: as_of.map(str::to_string),
            ..Settings::default()
        };
        let mut s = crate::session::Session::new(settings).unwrap();
        s.push(csv.as_bytes()).unwrap();
        let r = s.finish().unwrap();
        prop_assert_eq!(r.rows.read, rows.len() as u64);
        prop_assert_eq!(r.rows.read, r.rows.used + r.rows.skipped);
        prop_assert_eq!(&r.metrics["tickets"]["value"], &json!(r.rows.used));
        for (id, f) in &r.metrics {
            if let Some(o) = f.as_object() {
                match o.get("value") {
                    Some(Value::Null) => prop_assert!(o.get("reason").is_some_and(Value::is_string), "{}", id),
                    Some(v) => prop_assert!(v.as_f64().is_some_and(f64::is_finite), "{}", id),
                    None => prop_assert!(id.ends_with("histogram") || id == "volume", "{}", id),
                }
            }
        }
        // The chart holds exactly the values of the statistic.
        for (hist, stat) in [("first_response_histogram", "first_response_minutes"),
                             ("resolution_histogram", "resolution_minutes")] {
            let h = &r.metrics[hist];
            let binned = h["counts"].as_array().map_or(0, |c| c.iter().filter_map(Value::as_u64).sum::<u64>())
                + h["above"].as_u64().unwrap_or(0);
            prop_assert_eq!(binned, r.metrics[stat]["n"].as_u64().unwrap(), "{}", hist);
        }
    }

    #[test]
    fn folding_never_panics(s in ".{0,40}") {
        let _ = is_solved_status(&s);
        let _ = satisfaction_word(&s);
    }
}
