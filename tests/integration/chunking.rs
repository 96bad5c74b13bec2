//! The same report whatever the chunking. Each fixture is read with a small
//! sample (so most of it streams through the push reader after the format
//! is decided, as a large file does) and compared against one push of the
//! whole file: every split point of the smallest fixtures, an even spread of
//! split points for the rest, and 1-byte chunks for all.

use super::common::*;
use cxmetrics::report::Report;
use cxmetrics::session::Session;
use cxmetrics::settings::Settings;

/// Small enough that every fixture streams most of its rows.
const SAMPLE: usize = 300;
/// Fixtures up to this size are split at every byte.
const EVERY_SPLIT_UP_TO: usize = 2_500;
/// Split points tried on larger fixtures.
const SPREAD: usize = 120;

fn read(parts: &[&[u8]]) -> Report {
    let mut session = Session::new(Settings::default())
        .unwrap()
        .with_sample_limit(SAMPLE);
    for p in parts {
        session.push(p).unwrap();
    }
    session.finish().unwrap()
}

#[test]
fn any_chunking_gives_the_same_report() {
    for name in all_fixtures() {
        let bytes = fixture_bytes(name);
        let whole = read(&[&bytes]).to_json();
        let ones: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(read(&ones).to_json(), whole, "{name}: 1-byte chunks");
        let splits: Vec<usize> = if bytes.len() <= EVERY_SPLIT_UP_TO {
            (0..=bytes.len()).collect()
        } else {
            (0..=SPREAD).map(|i| i * bytes.len() / SPREAD).collect()
        };
        for split in splits {
            let (a, b) = bytes.split_at(split);
            assert_eq!(read(&[a, b]).to_json(), whole, "{name}: split at {split}");
        }
    }
}

#[test]
fn a_record_cut_inside_quotes_and_a_multibyte_character() {
    // "São" is cut between its two UTF-8 bytes and a quoted newline sits on
    // a chunk boundary.
    let text = "Score,Comment\n".to_string()
        + &"9,\"Muito bom\nSão Paulo\"\n3,\"ruim\"\n10,ok\n".repeat(40);
    let bytes = text.as_bytes();
    let whole = read(&[bytes]).to_json();
    for split in 0..bytes.len().min(400) {
        let (a, b) = bytes.split_at(split);
        assert_eq!(read(&[a, b]).to_json(), whole, "split at {split}");
    }
    let r: serde_json::Value = serde_json::from_str(&whole).unwrap();
    assert_eq!(r["rows"]["read"], 120);
    // 9 and 10 are promoters, 3 a detractor: (80 − 40) / 120.
    assert_eq!(r["metrics"]["nps"]["value"], 100.0 * (80.0 - 40.0) / 120.0);
}
