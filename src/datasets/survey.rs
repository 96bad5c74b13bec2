//! Survey responses → NPS, CSAT and CES (SPEC §3), and the NPS of each
//! month with the change between the last two when responses are dated.

use super::{skip_if_blank, Accumulator, Bad, Context, Row};
use crate::error::Error;
use crate::ingest::columns::Field;
use crate::ingest::reader::Record;
use crate::ingest::values;
use crate::metrics::stats::FxHashMap;
use crate::metrics::survey::{
    is_whole_score, nps_change, CesScale, CesTally, CsatScale, CsatTally, NpsTally,
    SatisfactionRating, NPS_SCORE_REASON,
};
use crate::report::json;
use crate::report::Put;
use crate::report::{figure, number, Report};
use crate::settings::Settings;
use chrono::{DateTime, Datelike};
use serde_json::Value;

/// Reason for a row with none of the survey's answer columns filled.
pub const NO_ANSWER_REASON: &str = "the row has no score";

/// Streams survey answers into the tallies.
pub struct SurveyAccumulator {
    ctx: Context,
    nps: NpsTally,
    csat: CsatTally,
    csat_scale: CsatScale,
    ces: CesTally,
    ces_scale: CesScale,
    /// NPS answers per month (yyyymm), when responses are dated.
    by_month: FxHashMap<u32, NpsTally>,
}

fn csat_scale_name(scale: CsatScale) -> &'static str {
    match scale {
        CsatScale::OneToFive => "1-5",
        CsatScale::OneToTen => "1-10",
        CsatScale::GoodBad => "good-bad",
    }
}

impl SurveyAccumulator {
    /// Opens the accumulator; the CSAT scale is the user's, or decided from
    /// the sampled answers (words → good/bad, any answer above 5 → 1–10,
    /// else 1–5).
    pub fn new(ctx: Context, settings: &Settings) -> Result<Self, Error> {
        let csat_scale = match settings.csat_scale.as_deref() {
            Some("1-5") => CsatScale::OneToFive,
            Some("1-10") => CsatScale::OneToTen,
            Some("good-bad") => CsatScale::GoodBad,
            Some(other) => {
                return Err(Error::settings(format!(
                    "the CSAT scale “{other}” is not 1-5, 1-10 or good-bad"
                )))
            }
            None => CsatScale::OneToFive,
        };
        let ces_scale = match settings.ces_scale.as_deref() {
            None | Some("1-7") => CesScale::OneToSeven,
            Some("1-5") => CesScale::OneToFive,
            Some(other) => {
                return Err(Error::settings(format!(
                    "the CES scale “{other}” is not 1-7 or 1-5"
                )))
            }
        };
        Ok(SurveyAccumulator {
            ctx,
            nps: NpsTally::default(),
            csat: CsatTally::new(csat_scale),
            csat_scale,
            ces: CesTally::new(ces_scale),
            ces_scale,
            by_month: FxHashMap::default(),
        })
    }

    /// Reads one row; on a bad cell nothing is added.
    fn read(&self, row: &Row) -> Result<Answers, Bad> {
        let score = match row.text(Field::Score) {
            None => None,
            Some(cell) => Some(whole_score(cell, row, Field::Score)?),
        };
        if let Some(s) = score {
            if !(0.0..=10.0).contains(&s) || !is_whole_score(s) {
                return Err(Bad {
                    field: Field::Score,
                    reason: NPS_SCORE_REASON,
                });
            }
        }
        let csat = match row.text(Field::Csat) {
            None => None,
            Some(cell) => Some(self.csat_answer(cell, row)?),
        };
        let ces = match row.number(Field::Ces)? {
            None => None,
            Some(x) => {
                let mut probe = CesTally::new(self.ces_scale);
                probe.add(x).map_err(|reason| Bad {
                    field: Field::Ces,
                    reason,
                })?;
                Some(x)
            }
        };
        let month = match row.time(Field::SurveyDate) {
            // Years 1–9999 the fast way; others as chrono reads them.
            Ok(Some(t)) => values::year_month(t).or_else(|| {
                DateTime::from_timestamp(t, 0).map(|d| d.year() as u32 * 100 + d.month())
            }),
            Ok(None) => None,
            Err(bad) => return Err(bad),
        };
        Ok(Answers {
            score,
            csat,
            ces,
            month,
        })
    }

    fn csat_answer(&self, cell: &str, row: &Row) -> Result<CsatAnswer, Bad> {
        let bad = |reason| Bad {
            field: Field::Csat,
            reason,
        };
        if self.csat_scale == CsatScale::GoodBad {
            return match rating_word(cell) {
                Some(r) => {
                    let mut probe = CsatTally::new(CsatScale::GoodBad);
                    probe.add_rating(r).map_err(bad)?;
                    Ok(CsatAnswer::Rating(r))
                }
                None => Err(bad(crate::metrics::survey::CSAT_GOOD_BAD_REASON)),
            };
        }
        let x = row.number(Field::Csat)?.unwrap_or(f64::NAN);
        let mut probe = CsatTally::new(self.csat_scale);
        probe.add(x).map_err(bad)?;
        Ok(CsatAnswer::Score(x))
    }
}

/// A 0–10 answer: a number in the file's style (so `9,0` reads in a
/// comma-decimal file).
fn whole_score(cell: &str, row: &Row, field: Field) -> Result<f64, Bad> {
    values::parse_number(cell, row.ctx.number_style)
        .map(|p| p.value)
        .map_err(|_| Bad {
            field,
            reason: NPS_SCORE_REASON,
        })
}

/// Good / Bad / Offered / Not Offered, in English (Zendesk writes English).
fn rating_word(cell: &str) -> Option<SatisfactionRating> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "good" | "satisfied" => Some(SatisfactionRating::Good),
        "bad" | "unsatisfied" | "dissatisfied" => Some(SatisfactionRating::Bad),
        "offered" => Some(SatisfactionRating::Offered),
        "not offered" | "unoffered" => Some(SatisfactionRating::NotOffered),
        _ => None,
    }
}

enum CsatAnswer {
    Score(f64),
    Rating(SatisfactionRating),
}

struct Answers {
    score: Option<f64>,
    csat: Option<CsatAnswer>,
    ces: Option<f64>,
    month: Option<u32>,
}

impl Accumulator for SurveyAccumulator {
    fn push(&mut self, record: &Record, report: &mut Report) {
        let ctx = &self.ctx;
        let row = Row::new(record, ctx);
        if skip_if_blank(&row, report) {
            return;
        }
        let answers = match self.read(&row) {
            Ok(a) => a,
            Err(bad) => {
                row.reject(bad, report);
                return;
            }
        };
        if answers.score.is_none() && answers.csat.is_none() && answers.ces.is_none() {
            let field = [Field::Score, Field::Csat, Field::Ces]
                .into_iter()
                .find(|f| ctx.column(*f).is_some())
                .unwrap_or(Field::Score);
            row.reject_with(field, NO_ANSWER_REASON, report);
            return;
        }
        // Every check passed in `read`: these adds cannot fail.
        if let Some(s) = answers.score {
            let _ = self.nps.add(s);
            if let Some(m) = answers.month {
                let _ = self.by_month.entry(m).or_default().add(s);
            }
        }
        match answers.csat {
            Some(CsatAnswer::Score(x)) => {
                let _ = self.csat.add(x);
            }
            Some(CsatAnswer::Rating(r)) => {
                let _ = self.csat.add_rating(r);
            }
            None => {}
        }
        if let Some(x) = answers.ces {
            let _ = self.ces.add(x);
        }
        report.rows.used += 1;
    }

    fn finish(self: Box<Self>, report: &mut Report) -> Result<(), Error> {
        let ctx = &self.ctx;
        let settings = &mut report.settings;
        if ctx.column(Field::Score).is_some() {
            settings.put("nps_scale", json!("0-10"));
        }
        if ctx.column(Field::Csat).is_some() {
            settings.put("csat_scale", json!(csat_scale_name(self.csat_scale)));
        }
        if ctx.column(Field::Ces).is_some() {
            let scale = match self.ces_scale {
                CesScale::OneToSeven => "1-7",
                CesScale::OneToFive => "1-5",
            };
            settings.put("ces_scale", json!(scale));
        }
        if ctx.column(Field::Score).is_some() {
            report.metrics.put("nps", nps_figure(&self.nps));
        }
        if ctx.column(Field::Csat).is_some() {
            let csat = self.csat.finish();
            let extra = match &csat {
                Ok(c) => json!({ "n": c.n, "satisfied": c.satisfied,
                    "ci95_low": number(c.ci95_low), "ci95_high": number(c.ci95_high) }),
                Err(_) => json!({ "n": 0 }),
            };
            report
                .metrics
                .put("csat", figure(&csat.map(|c| c.value), extra));
        }
        if ctx.column(Field::Ces).is_some() {
            let ces = self.ces.finish();
            let extra = match &ces {
                Ok(c) => json!({ "n": c.n, "share_low_effort": number(c.share_low_effort) }),
                Err(_) => json!({ "n": 0 }),
            };
            report
                .metrics
                .put("ces", figure(&ces.map(|c| c.value), extra));
        }
        if !self.by_month.is_empty() {
            let mut months: Vec<(&u32, &NpsTally)> = self.by_month.iter().collect();
            crate::metrics::sort_by(&mut months, |a, b| a.0.cmp(b.0));
            let list: Vec<Value> = months
                .iter()
                .map(|(m, t)| {
                    let mut f = nps_figure(t);
                    if let Value::Object(o) = &mut f {
                        o.put("month", json!(format!("{}-{:02}", *m / 100, *m % 100)));
                        o.remove("distribution");
                    }
                    f
                })
                .collect();
            report.metrics.put("nps_by_month", Value::Array(list));
            if months.len() >= 2 {
                let (mb, before) = months[months.len() - 2];
                let (ma, after) = months[months.len() - 1];
                let change = nps_change(before.groups(), after.groups());
                let extra = match &change {
                    Ok(c) => json!({
                        "before": number(c.before), "after": number(c.after),
                        "ci95_low": number(c.ci95_low), "ci95_high": number(c.ci95_high),
                        "verdict": c.verdict, "sentence": c.verdict.sentence(),
                        "from": format!("{}-{:02}", mb / 100, mb % 100),
                        "to": format!("{}-{:02}", ma / 100, ma % 100),
                    }),
                    Err(_) => json!({}),
                };
                report
                    .metrics
                    .put("nps_change", figure(&change.map(|c| c.value), extra));
            }
        }
        Ok(())
    }
}

/// The `nps` figure of SPEC §8 from a tally, with the 0–10 distribution.
pub fn nps_figure(tally: &NpsTally) -> Value {
    let (promoters, passives, detractors) = tally.groups();
    let nps = tally.finish();
    let mut extra = json!({
        "promoters": promoters, "passives": passives, "detractors": detractors,
        "n": promoters + passives + detractors,
        "distribution": tally.distribution,
    });
    if let (Ok(n), Value::Object(o)) = (&nps, &mut extra) {
        o.put("ci95_low", number(n.ci95_low));
        o.put("ci95_high", number(n.ci95_high));
        o.put("margin_of_error", number(n.margin_of_error));
    }
    figure(&nps.map(|n| n.value), extra)
}
