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
