//! Survey responses → NPS (and, with their columns, CSAT and CES).

use super::Accumulator;
use crate::error::Error;
use crate::ingest::reader::Record;
use crate::metrics::survey::NpsTally;
use crate::report::{figure, number, Report};
use crate::settings::Settings;
use serde_json::{json, Map, Value};

/// Streams survey answers into the tallies.
pub struct SurveyAccumulator {
    score_column: usize,
    score_header: String,
    nps: NpsTally,
}

impl SurveyAccumulator {
    /// Finds the score column: the user's mapping, a header naming a score,
    /// or the only column.
    pub fn open(headers: &[String], _header_rows: u8, settings: &Settings) -> Result<Self, Error> {
        let chosen = match settings.mapping.get("score") {
            Some(name) => Some(
                headers
                    .iter()
                    .position(|h| h == name)
                    .ok_or_else(|| Error::settings(format!("there is no column named “{name}”")))?,
            ),
            None => headers.iter().position(|h| {
                let h = h.to_lowercase();
                h.contains("score") || h.contains("nps") || h.contains("recommend") || h == "nota"
            }),
        };
        let score_column = match (chosen, headers.len()) {
            (Some(i), _) => i,
            (None, 1) => 0,
            _ => {
                return Err(Error::unreadable(
                    "no column with 0–10 scores was found: name the column “Score”, or choose it in the mapping.",
                ))
            }
        };
        Ok(SurveyAccumulator {
            score_column,
            score_header: headers[score_column].clone(),
            nps: NpsTally::default(),
        })
    }

    /// The assumptions this accumulator uses.
    pub fn settings(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("mapping".into(), json!({ "score": self.score_header }));
        m.insert("nps_scale".into(), json!("0-10"));
        m
    }
}

impl Accumulator for SurveyAccumulator {
    fn push(&mut self, record: &Record, report: &mut Report) {
        let raw = record.get(self.score_column);
        let cell = raw.trim();
        if cell.is_empty() && record.fields().all(|f| f.trim().is_empty()) {
            report.skip(record.line, &self.score_header, raw, "the row is empty");
            return;
        }
        let parsed = cell
            .parse::<f64>()
            .map_err(|_| crate::metrics::survey::NPS_SCORE_REASON);
        match parsed.and_then(|s| self.nps.add(s)) {
            Ok(()) => report.rows.used += 1,
            Err(reason) => report.skip(record.line, &self.score_header, raw, reason),
        }
    }

    fn finish(self: Box<Self>, report: &mut Report) -> Result<(), Error> {
        let (promoters, passives, detractors) = self.nps.groups();
        let nps = self.nps.finish();
        let extra = match &nps {
            Ok(n) => json!({
                "promoters": promoters, "passives": passives, "detractors": detractors,
                "n": n.n, "ci95_low": number(n.ci95_low), "ci95_high": number(n.ci95_high),
                "margin_of_error": number(n.margin_of_error),
                "distribution": self.nps.distribution,
            }),
            Err(_) => json!({ "promoters": 0, "passives": 0, "detractors": 0, "n": 0,
                               "distribution": self.nps.distribution }),
        };
        let value = nps.map(|n| n.value);
        report.metrics.insert("nps".into(), figure(&value, extra));
        Ok(())
    }
}
