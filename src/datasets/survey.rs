//! Survey responses → NPS, CSAT and CES ([contract §3](crate::contract)), and the NPS of each
//! month with the change between the last two when responses are dated.
//!
//! **What defines a row: an answer.** A row is skipped whole only when it
//! has no usable answer at all — none of the NPS score, CSAT and CES cells
//! reads (when the only answer cell present is unreadable, the row is
//! skipped with that cell's reason). Otherwise every unreadable cell (a
//! score out of its scale, a date that does not read) is voided for that
//! row alone and listed in `unreadable_cells`: a bad satisfaction answer
//! never takes the row's NPS answer with it, and an unreadable date only
//! keeps the answer out of the monthly NPS.
//!
//! The CSAT and CES scales are the user's, else read from the sampled
//! answers (see `datasets::open`), else 1–5 and 1–7.

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
    /// Rows with a non-empty score, CSAT and CES cell (read or not): the
    /// rows that could feed each figure.
    present: [u64; 3],
}

impl SurveyAccumulator {
    /// Opens the accumulator; the CSAT scale is the user's, or the one read
    /// from the sampled answers (`ctx.csat_scale`: words → good/bad, else
    /// the scale the numbers fit), else 1–5; the CES scale likewise, else
    /// 1–7.
    pub fn new(ctx: Context, settings: &Settings) -> Result<Self, Error> {
        let csat_scale = csat_scale_setting(settings, ctx.csat_scale)?;
        let ces_scale = settings
            .ces_scale
            .unwrap_or_else(|| ctx.ces_scale.unwrap_or_default());
        Ok(SurveyAccumulator {
            ctx,
            nps: NpsTally::default(),
            csat: CsatTally::new(csat_scale),
            csat_scale,
            ces: CesTally::new(ces_scale),
            ces_scale,
            by_month: FxHashMap::default(),
            present: [0; 3],
        })
    }

    /// Reads one row: each cell on its own, an unreadable one is `None`
    /// and its [`Bad`] is kept in `bads` (in column order of the fields).
    fn read(&self, row: &Row, bads: &mut Vec<Bad>) -> Answers {
        let score = keep(
            bads,
            row.text(Field::Score).map_or(Ok(None), |cell| {
                whole_score(cell, row, Field::Score).and_then(|s| {
                    if (0.0..=10.0).contains(&s) && is_whole_score(s) {
                        Ok(Some(s))
                    } else {
                        Err(Bad {
                            field: Field::Score,
                            reason: NPS_SCORE_REASON,
                        })
                    }
                })
            }),
        );
        let csat = keep(
            bads,
            row.text(Field::Csat)
                .map_or(Ok(None), |cell| self.csat_answer(cell, row).map(Some)),
        );
        let ces = keep(
            bads,
            row.number(Field::Ces).and_then(|x| match x {
                None => Ok(None),
                Some(x) => CesTally::new(self.ces_scale)
                    .add(x)
                    .map(|()| Some(x))
                    .map_err(|reason| Bad {
                        field: Field::Ces,
                        reason,
                    }),
            }),
        );
        let month = keep(bads, row.time(Field::SurveyDate)).and_then(|t| {
            // Years 1–9999 the fast way; others as chrono reads them.
            values::year_month(t).or_else(|| {
                DateTime::from_timestamp(t, 0).map(|d| d.year() as u32 * 100 + d.month())
            })
        });
        Answers {
            score,
            csat,
            ces,
            month,
        }
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

/// The value of a cell read on its own: `None` when absent or unreadable,
/// the latter's [`Bad`] kept in `bads`.
fn keep<T>(bads: &mut Vec<Bad>, read: Result<Option<T>, Bad>) -> Option<T> {
    read.unwrap_or_else(|bad| {
        bads.push(bad);
        None
    })
}

/// The CSAT scale of the settings, else `inferred`, else 1–5.
pub(crate) fn csat_scale_setting(
    settings: &Settings,
    inferred: Option<CsatScale>,
) -> Result<CsatScale, Error> {
    Ok(settings.csat_scale.or(inferred).unwrap_or_default())
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
        for (n, field) in self
            .present
            .iter_mut()
            .zip([Field::Score, Field::Csat, Field::Ces])
        {
            *n += u64::from(row.text(field).is_some());
        }
        let mut bads = Vec::new();
        let answers = self.read(&row, &mut bads);
        if answers.score.is_none() && answers.csat.is_none() && answers.ces.is_none() {
            // No usable answer: the row is skipped, for its first bad
            // answer cell if it has one.
            match bads.iter().find(|b| b.field != Field::SurveyDate) {
                Some(bad) => row.reject(*bad, report),
                None => {
                    let field = [Field::Score, Field::Csat, Field::Ces]
                        .into_iter()
                        .find(|f| ctx.column(*f).is_some())
                        .unwrap_or(Field::Score);
                    row.reject_with(field, NO_ANSWER_REASON, report);
                }
            }
            return;
        }
        for bad in bads {
            row.void(bad, report);
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
            settings.put("csat_scale", json!(self.csat_scale.name()));
        }
        if ctx.column(Field::Ces).is_some() {
            settings.put("ces_scale", json!(self.ces_scale.name()));
        }
        if ctx.column(Field::Score).is_some() {
            report.metrics.put("nps", nps_figure(&self.nps));
            let (p, a, d) = self.nps.groups();
            super::warn_coverage(
                report,
                &["nps"],
                p + a + d,
                self.present[0],
                "rows with a score",
            );
        }
        if ctx.column(Field::Csat).is_some() {
            let n = self.csat.counts().1;
            super::warn_coverage(
                report,
                &["csat"],
                n,
                self.present[1],
                "rows with a CSAT answer",
            );
        }
        if ctx.column(Field::Ces).is_some() {
            let n = self.ces.distribution.iter().sum();
            super::warn_coverage(
                report,
                &["ces"],
                n,
                self.present[2],
                "rows with a CES answer",
            );
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
            months.sort_by(|a, b| a.0.cmp(b.0));
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

/// The `nps` figure of [contract §8](crate::contract) from a tally, with the 0–10 distribution.
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
