//! Streaming accumulators, one per kind of data: records in, report out.
//!
//! Each kind takes a record at a time, parses the mapped cells, rejects bad
//! cells as skipped rows (line, column, value, reason) and keeps only what
//! its metrics need.

pub mod accounts;
pub mod spend;
pub mod subscriptions;
pub mod survey;
pub mod tickets;

use crate::error::Error;
use crate::ingest::reader::Record;
use crate::report::Report;
use crate::settings::Settings;
use serde_json::{Map, Value};

/// A kind's streaming accumulator.
pub trait Accumulator {
    /// Takes one data record: counts it used, or reports it skipped.
    fn push(&mut self, record: &Record, report: &mut Report);
    /// Writes the figures and the settings it used into the report.
    fn finish(self: Box<Self>, report: &mut Report) -> Result<(), Error>;
}

/// How many of the first records are header rows: 0 when the first row is
/// all numbers (pasted scores), 2 for SurveyMonkey's second row of answer
/// labels, else 1.
pub fn header_rows(records: &[(u64, Vec<String>)]) -> u8 {
    let Some((_, first)) = records.first() else {
        return 1;
    };
    let is_number = |s: &str| {
        let t = s.trim();
        !t.is_empty() && t.parse::<f64>().is_ok()
    };
    if first.iter().all(|f| is_number(f) || f.trim().is_empty())
        && first.iter().any(|f| is_number(f))
    {
        return 0;
    }
    match records.get(1) {
        Some((_, second)) if is_second_header_row(second) => 2,
        _ => 1,
    }
}

/// SurveyMonkey's second header row: answer labels, no data.
fn is_second_header_row(row: &[String]) -> bool {
    let labelled = row
        .iter()
        .filter(|c| {
            let c = c.trim().to_ascii_lowercase();
            c == "response" || c == "open-ended response" || c == "other (please specify)"
        })
        .count();
    labelled > 0 && row.iter().all(|c| c.trim().parse::<f64>().is_err())
}

/// An opened kind: its id, its accumulator, and the settings it decided.
pub type Opened = (&'static str, Box<dyn Accumulator>, Map<String, Value>);

/// Picks the kind and opens its accumulator for these headers.
pub fn open(headers: &[String], header_rows: u8, settings: &Settings) -> Result<Opened, Error> {
    let kind = settings.kind.as_deref();
    match kind {
        None | Some("survey") => {
            let acc = survey::SurveyAccumulator::open(headers, header_rows, settings)?;
            let used = acc.settings();
            Ok(("survey", Box::new(acc), used))
        }
        Some(other) => Err(Error::settings(format!(
            "the kind “{other}” is not one of survey, tickets, subscriptions, spend, accounts"
        ))),
    }
}
