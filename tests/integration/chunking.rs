//! The same report whatever the chunking. Each fixture is read with a small
//! sample (so most of it streams through the push reader after the format
//! is decided, as a large file does) and compared against one push of the
//! whole file: every split point of the smallest fixtures, an even spread of
//! split points for the rest, and 1-byte chunks for all.

use super::common::*;
use cxmetrics::report::Report;
use cxmetrics::session::{ReadError, Session};
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

/// A reader that hands out at most `step` bytes a call, and fails after
/// `fail_after` bytes when set.
struct Trickle<'a> {
    bytes: &'a [u8],
    step: usize,
    fail_after: Option<usize>,
    at: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.fail_after.is_some_and(|n| self.at >= n) {
            return Err(std::io::Error::other("the disk went away"));
        }
        let n = self.step.min(buf.len()).min(self.bytes.len() - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The report (or the error's sentence) of `bytes` read by
/// [`Session::read_from`] in `step`-byte reads, with a small sample so most
/// records go through the splitting thread.
fn read_threaded(bytes: &[u8], step: usize, sample: usize) -> Result<String, String> {
    let mut session = Session::new(Settings::default())
        .unwrap()
        .with_sample_limit(sample);
    let mut input = Trickle {
        bytes,
        step,
        fail_after: None,
        at: 0,
    };
    match session.read_from(&mut input) {
        Ok(()) => {}
        Err(ReadError::Data(e)) => return Err(e.to_string()),
        Err(ReadError::Io(e)) => panic!("no I/O error expected: {e}"),
    }
    session
        .finish()
        .map(|r| r.to_json())
        .map_err(|e| e.to_string())
}

/// The same, through `push` of the whole input at once.
fn read_pushed(bytes: &[u8], sample: usize) -> Result<String, String> {
    let mut session = Session::new(Settings::default())
        .unwrap()
        .with_sample_limit(sample);
    session.push(bytes).map_err(|e| e.to_string())?;
    session
        .finish()
        .map(|r| r.to_json())
        .map_err(|e| e.to_string())
}

#[test]
fn reading_on_a_second_thread_gives_the_same_report_or_error() {
    let mut names: Vec<String> = all_fixtures().into_iter().map(String::from).collect();
    let hostile = std::fs::read_dir(fixture("hostile")).unwrap();
    names.extend(hostile.map(|e| format!("hostile/{}", e.unwrap().file_name().to_string_lossy())));
    names.sort();
    for name in &names {
        let bytes = fixture_bytes(name);
        for sample in [SAMPLE, 1 << 16] {
            let want = read_pushed(&bytes, sample);
            for step in [1, 7, 4096, 1 << 20] {
                assert_eq!(
                    read_threaded(&bytes, step, sample),
                    want,
                    "{name}: {step}-byte reads, {sample}-byte sample"
                );
            }
        }
    }
}

#[test]
fn many_batches_with_quoted_line_breaks_and_accents() {
    // About 3 MB: dozens of the splitting thread's batches, quoted line
    // breaks and two-byte characters on their boundaries, skipped rows.
    let mut text = String::from("Ticket ID,Requester,Created at,Solved at,Status,Tags,Comment\n");
    for i in 0..30_000u32 {
        let comment = match i % 5 {
            0 => "\"linha um\nlinha dois, São Paulo\"".to_string(),
            1 => "\"dit \"\"oui\"\" à Montréal\"".to_string(),
            2 => "ok".to_string(),
            3 => "\"\"".to_string(),
            _ => format!("nota {i}"),
        };
        let created = if i % 97 == 0 {
            "no date".to_string()
        } else {
            format!("2024-03-{:02} 09:{:02}", 1 + i % 28, i % 60)
        };
        text += &format!(
            "{i},cliente{},{created},2024-03-{:02} 17:{:02},solved,billing açúcar,{comment}\n",
            i % 700,
            1 + i % 28,
            i % 60
        );
    }
    let bytes = text.as_bytes();
    let want = read_pushed(bytes, SAMPLE);
    assert!(want.is_ok(), "{want:?}");
    for step in [1 << 20, 65_537, 1_000] {
        assert_eq!(
            read_threaded(bytes, step, SAMPLE),
            want,
            "{step}-byte reads"
        );
    }
}

#[test]
fn a_read_error_on_the_splitting_thread_is_reported() {
    let bytes = fixture_bytes(all_fixtures()[0]);
    let mut session = Session::new(Settings::default())
        .unwrap()
        .with_sample_limit(SAMPLE);
    let mut input = Trickle {
        bytes: &bytes,
        step: 64,
        fail_after: Some(SAMPLE * 2),
        at: 0,
    };
    match session.read_from(&mut input) {
        Err(ReadError::Io(e)) => assert_eq!(e.to_string(), "the disk went away"),
        other => panic!("expected the read error, got {other:?}"),
    }
}
