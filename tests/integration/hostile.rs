//! Hostile input (tests/fixtures/hostile/ and generated in the test): each
//! gives its exact report or its exact sentence, and finishes well within a
//! generous bound (a hang would fail the suite, not slow it).

use super::common::*;
use cxmetrics::report::Report;
use cxmetrics::settings::Settings;
use std::time::{Duration, Instant};

/// Far above any of these inputs' real time (the slowest, 100,000 columns,
/// takes about 6 s in a debug build on an idle core, and was seen at 46 s
/// on a machine busy with other builds): only a hang or a quadratic blow-up
/// (hours at these sizes) trips it, never a busy machine.
const BOUND: Duration = Duration::from_secs(180);

fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    assert!(
        started.elapsed() < BOUND,
        "{name} took {:?}",
        started.elapsed()
    );
    out
}

fn hostile(name: &str) -> Result<Report, String> {
    let bytes = fixture_bytes(&format!("hostile/{name}"));
    timed(name, || {
        report(&bytes, Settings::default()).map_err(|e| e.to_string())
    })
}

fn rows(r: &Report) -> (u64, u64, u64) {
    (r.rows.read, r.rows.used, r.rows.skipped)
}

const NPS_REASON: &str = "an NPS score must be a whole number from 0 to 10";

#[test]
fn unreadable_files_get_one_sentence() {
    assert_eq!(
        hostile("empty.csv").unwrap_err(),
        "The file is empty: export it again with a header row and at least one data row."
    );
    assert_eq!(
        hostile("header_only.csv").unwrap_err(),
        "The file has a header row but no data rows: export it again with its data."
    );
    assert_eq!(
        hostile("image.png").unwrap_err(),
        "This is a PNG image, not a CSV: export the data from its source as CSV and drop that file."
    );
    assert_eq!(
        hostile("nul_bytes.csv").unwrap_err(),
        "This file contains binary data (NUL bytes), not text: export the data as CSV and try again."
    );
    // "Score;Comment,Extra": a comma and a semicolon both split every line
    // in two; the comma wins the tie and no column names a kind.
    assert!(hostile("mixed_delimiters.csv")
        .unwrap_err()
        .starts_with("The column names do not say what kind of data this is"));
}

#[test]
fn utf16_with_bom_is_decoded() {
    let r = hostile("utf16le_bom.csv").unwrap();
    assert_eq!(r.settings["encoding"], "utf-16le");
    assert_eq!(r.settings["delimiter"], "tab");
    assert_eq!(r.settings["mapping"]["score"], "Pontuação");
    assert_eq!(r.settings["mapping"]["comment"], "Comentário");
    assert_eq!(rows(&r), (3, 3, 0));
    // 10, 9 promoters; 3 detractor → (2 − 1) / 3.
    assert_eq!(value(&r, "nps"), 100.0 / 3.0);
}

#[test]
fn an_unclosed_quote_is_reported_not_swallowed() {
    // Line 3 opens a quote that never closes: the rest of the file is one
    // cell, so that row is skipped and says why.
    let r = hostile("unclosed_quote.csv").unwrap();
    assert_eq!(rows(&r), (2, 1, 1));
    assert_eq!(
        skipped_rows(&r),
        vec![(
            3,
            "",
            "9,\"never closed",
            "a quoted cell that starts on this line is never closed, so the rest of the file was read as one cell: check the quotes in the export"
        )]
    );
    assert_eq!(value(&r, "nps"), 100.0);
}

#[test]
fn cr_only_line_endings_keep_line_numbers() {
    let r = hostile("cr_only.csv").unwrap();
    assert_eq!(rows(&r), (3, 2, 1));
    assert_eq!(skipped_rows(&r), vec![(3, "Score", "11", NPS_REASON)]);
    // 10 promoter, 3 detractor → 0.
    assert_eq!(value(&r, "nps"), 0.0);
}

#[test]
fn ragged_rows_duplicate_and_odd_headers() {
    let r = hostile("ragged_rows.csv").unwrap();
    // Row "3" has no score cell; extra cells are ignored.
    assert_eq!(rows(&r), (4, 3, 1));
    assert_eq!(
        skipped_rows(&r),
        vec![(4, "Score", "", "the row has no score")]
    );
    // 10, 9 promoters, 2 detractor → (2 − 1) / 3.
    assert_eq!(value(&r, "nps"), 100.0 / 3.0);

    // The first of two "Score" columns is used; empty names are kept as empty.
    let r = hostile("duplicate_headers.csv").unwrap();
    assert_eq!(
        r.settings["columns"],
        serde_json::json!(["Score", "Score", "", ""])
    );
    assert_eq!(rows(&r), (2, 2, 0));
    assert_eq!(value(&r, "nps"), 100.0);

    let r = hostile("proto_header.csv").unwrap();
    assert_eq!(r.settings["columns"][0], "__proto__");
    assert_eq!(r.settings["mapping"]["score"], "Score");
    // 10 promoter, 6 detractor → 0.
    assert_eq!(value(&r, "nps"), 0.0);
    assert!(r.to_json().contains("\"__proto__\""));
}

#[test]
fn formula_cells_are_text_not_numbers() {
    let r = hostile("formula_cells.csv").unwrap();
    // "+10" is the number 10; "=1+9" and "-3" are not scores.
    assert_eq!(rows(&r), (4, 2, 2));
    assert_eq!(
        skipped_rows(&r),
        vec![
            (2, "Score", "=1+9", NPS_REASON),
            (4, "Score", "-3", NPS_REASON)
        ]
    );
    assert_eq!(value(&r, "nps"), 100.0);
}

#[test]
fn right_to_left_text_and_emoji() {
    let r = hostile("rtl_emoji.csv").unwrap();
    assert_eq!(r.settings["columns"][1], "تعليق");
    assert_eq!(r.settings["columns"][2], "Tags 🏷️");
    assert_eq!(rows(&r), (2, 2, 0));
    // 10 promoter, 7 passive → 50.
    assert_eq!(value(&r, "nps"), 50.0);
}

#[test]
fn number_and_score_edges() {
    let r = hostile("number_edges.csv").unwrap();
    // "-0" is 0, a detractor; 10 a promoter.
    assert_eq!(rows(&r), (5, 2, 3));
    assert_eq!(
        skipped_rows(&r),
        vec![
            (2, "Score", "1e309", NPS_REASON),
            (4, "Score", "NaN", NPS_REASON),
            (5, "Score", "∞", NPS_REASON),
        ]
    );
    assert_eq!(value(&r, "nps"), 0.0);

    let r = hostile("score_edges.csv").unwrap();
    // "10 " and " 7" are trimmed; "9,0" is nine in a comma-decimal reading;
    // "9.5" is not a whole score.
    assert_eq!(rows(&r), (4, 3, 1));
    assert_eq!(skipped_rows(&r), vec![(2, "Score", "9.5", NPS_REASON)]);
    assert_eq!(value(&r, "nps"), 200.0 / 3.0);
}

#[test]
fn impossible_dates_are_rejected_with_their_reason() {
    // The dates fail alone: every answer still counts in the NPS, the two
    // impossible dates are listed as unreadable cells with their reason.
    let r = hostile("date_edges.csv").unwrap();
    assert_eq!(rows(&r), (3, 3, 0));
    assert_eq!(r.unreadable_cells.len(), 1);
    let cells = &r.unreadable_cells[0];
    assert_eq!((cells.field.as_str(), cells.count), ("date", 2));
    let e = &cells.examples;
    assert_eq!(
        (e[0].line, e[0].column.as_str(), e[0].value.as_str()),
        (2, "Created At", "0000-00-00")
    );
    assert_eq!(e[0].reason, "no such calendar date");
    assert_eq!((e[1].line, e[1].value.as_str()), (3, "31/02/2024"));
    // 10, 9, 8: two promoters of three.
    assert_eq!(value(&r, "nps"), 200.0 / 3.0);
    assert!(r.metrics["nps_by_month"].as_array().unwrap().len() == 1);
}

#[test]
fn a_hundred_thousand_columns() {
    let mut text = String::from("Score");
    for i in 1..100_000 {
        text.push_str(&format!(",c{i}"));
    }
    text.push('\n');
    for score in ["10", "9", "1"] {
        text.push_str(score);
        text.push_str(&",".repeat(99_999));
        text.push('\n');
    }
    let r = timed("100k columns", || {
        report(text.as_bytes(), Settings::default())
    })
    .unwrap();
    assert_eq!(r.settings["columns"].as_array().unwrap().len(), 100_000);
    assert_eq!(rows(&r), (3, 3, 0));
    assert_eq!(value(&r, "nps"), 100.0 / 3.0);
}

#[test]
fn a_ten_megabyte_field() {
    let mut text = String::from("Score,Comment\n10,\"");
    text.push_str(&"x".repeat(10 * 1024 * 1024));
    text.push_str("\"\n3,short\n");
    let r = timed("10 MB field", || {
        report(text.as_bytes(), Settings::default())
    })
    .unwrap();
    assert_eq!(rows(&r), (2, 2, 0));
    assert_eq!(value(&r, "nps"), 0.0);
}

#[test]
fn a_million_character_header() {
    let mut text = "H".repeat(1_000_000);
    text.push_str(",Score\n");
    text.push_str("a,10\nb,8\n");
    let r = timed("1M header", || report(text.as_bytes(), Settings::default())).unwrap();
    assert_eq!(r.settings["mapping"]["score"], "Score");
    assert_eq!(value(&r, "nps"), 50.0);
}

#[test]
fn a_record_larger_than_the_limit_is_refused_with_a_sentence() {
    let mut text = String::from("Score,Comment\n10,\"");
    text.push_str(&"x".repeat(65 * 1024 * 1024));
    let e = timed("65 MB field", || {
        report(text.as_bytes(), Settings::default())
    })
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "A single row near line 2 is larger than 64 MB: check that the file is a CSV export and that its quotes are balanced."
    );
}

/// Inputs the fuzzers found, replayed the way their target reads them.
mod fuzz_regressions {
    use cxmetrics::ingest::reader::RecordReader;
    use cxmetrics::ingest::sniff::{Encoding, Format};

    type Rows = Vec<(u64, Vec<String>)>;

    fn records(data: &[u8], cuts: &[usize], format: Format) -> Result<Rows, String> {
        let mut reader = RecordReader::new(format);
        let mut out = Vec::new();
        let mut at = 0;
        let mut take = |r: &cxmetrics::ingest::reader::Record| {
            out.push((r.line, r.fields().map(str::to_string).collect()))
        };
        for &c in cuts {
            let c = c.clamp(at, data.len());
            reader
                .push(&data[at..c], &mut take)
                .map_err(|e| e.to_string())?;
            at = c;
        }
        reader
            .push(&data[at..], &mut take)
            .map_err(|e| e.to_string())?;
        reader.finish(&mut take).map_err(|e| e.to_string())?;
        Ok(out)
    }

    /// fuzz/fuzz_targets/reader.rs: the same records whatever the chunking.
    #[test]
    fn reader_inputs_give_the_same_records_in_chunks() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.starts_with("fuzz-reader-") {
                continue;
            }
            let input = std::fs::read(&path).unwrap();
            let delimiter = [b',', b';', b'\t', b'|'][input[0] as usize % 4];
            let encoding = [
                Encoding::Utf8,
                Encoding::Windows1252,
                Encoding::Utf16le,
                Encoding::Utf16be,
            ][input[1] as usize % 4];
            let format = Format {
                encoding,
                bom: input[2] & 1 == 1,
                delimiter,
            };
            let data = &input[3..];
            let step = 1 + (input[2] as usize >> 1);
            let cuts: Vec<usize> = (step..data.len()).step_by(step).collect();
            assert_eq!(
                records(data, &[], format),
                records(data, &cuts, format),
                "{name}"
            );
            seen += 1;
        }
        assert!(seen > 0);
    }
}
