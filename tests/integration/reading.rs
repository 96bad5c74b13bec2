//! How records and header lines are read, through the whole session: a bare
//! quote in the last cell of the file, and which lines are taken as header.

use super::common::*;
use cxmetrics::report::Report;
use cxmetrics::session::Session;
use cxmetrics::settings::Settings;

/// The report of `bytes` pushed in two parts cut at `split`, with a small
/// sample so the records after it stream through the push reader.
fn read_split(bytes: &[u8], split: usize, sample: usize) -> Report {
    let mut session = Session::new(Settings::default())
        .unwrap()
        .with_sample_limit(sample);
    let (a, b) = bytes.split_at(split.min(bytes.len()));
    session.push(a).unwrap();
    session.push(b).unwrap();
    session.finish().unwrap()
}

#[test]
fn a_bare_quote_in_the_last_cell_reads_with_or_without_a_final_newline() {
    let body = "Name,Score,Comment\nAna,9,ok\nBia,10,\"fine\"\nCai,7,E\",F";
    let with_newline = format!("{body}\n");
    let without = read_split(body.as_bytes(), body.len(), usize::MAX);
    assert!(without.skipped.is_empty(), "{:?}", skipped_rows(&without));
    assert_eq!((without.rows.read, without.rows.used), (3, 3));
    let whole = without.to_json();
    for text in [body, with_newline.as_str()] {
        let bytes = text.as_bytes();
        for sample in [usize::MAX, 24] {
            for split in 0..=bytes.len() {
                assert_eq!(
                    read_split(bytes, split, sample).to_json(),
                    whole,
                    "{text:?} split at {split}, sample {sample}"
                );
            }
        }
    }
}

#[test]
fn a_quote_never_closed_is_still_reported() {
    let r = report(b"Name,Score\nAna,9\nBia,\"10\n", Settings::default()).unwrap();
    assert_eq!(r.rows.used, 1);
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].line, 3);
}

fn header_lines(r: &Report) -> &serde_json::Value {
    &r.settings["header_lines"]
}

#[test]
fn a_data_row_with_an_empty_first_cell_is_not_a_second_header() {
    // Row 2 looks like row 3: both are data.
    let kind: Settings =
        serde_json::from_str(r#"{"kind":"survey","mapping":{"score":"c"}}"#).unwrap();
    let r = report(b"a,b,c\n,e,9\n,h,10\n", kind).unwrap();
    assert_eq!(r.settings["header_rows"], 1);
    assert_eq!(header_lines(&r), &serde_json::json!([1]));
    assert_eq!((r.rows.read, r.rows.used), (2, 2));
    // The shape of the issue, text only: still one header line.
    let r = report(
        b"Name,Comment,Score\n,e,f\n,h,i\n",
        serde_json::from_str(r#"{"kind":"survey","mapping":{"score":"Score"}}"#).unwrap(),
    )
    .unwrap();
    assert_eq!(header_lines(&r), &serde_json::json!([1]));
    assert_eq!(r.rows.read, 2);
}

#[test]
fn surveymonkey_second_rows_are_header_lines() {
    // The Response row, and answer labels above respondent ids.
    let r = report_of("exports/surveymonkey_nps.csv");
    assert_eq!(r.settings["header_rows"], 2);
    assert_eq!(header_lines(&r), &serde_json::json!([1, 2]));
    let labels = b"Respondent ID,Start Date,How likely are you to recommend us?,Which plan?\n\
                   ,,Very likely,Basic\n\
                   114523987601,03/04/2024 09:12:05 AM,9,Basic\n\
                   114523987602,03/04/2024 09:30:11 AM,10,\n";
    let kind: Settings = serde_json::from_str(
        r#"{"kind":"survey","mapping":{"score":"How likely are you to recommend us?"}}"#,
    )
    .unwrap();
    let r = report(labels, kind).unwrap();
    assert_eq!(header_lines(&r), &serde_json::json!([1, 2]));
    assert_eq!((r.rows.read, r.rows.used), (2, 2));
}

#[test]
fn header_lines_follow_blank_lines_and_the_setting() {
    let r = report(b"\n\nName,Score\nAna,9\n", Settings::default()).unwrap();
    assert_eq!(header_lines(&r), &serde_json::json!([3]));
    let r = report(b"9\n10\n", Settings::default()).unwrap();
    assert_eq!(r.settings["header_rows"], 0);
    assert_eq!(header_lines(&r), &serde_json::json!([]));
    let two: Settings = serde_json::from_str(r#"{"header_rows":2}"#).unwrap();
    let r = report(b"Name,Score\nx,y\nAna,9\n", two).unwrap();
    assert_eq!(header_lines(&r), &serde_json::json!([1, 2]));
}
