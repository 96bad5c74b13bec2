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
    is_whole_score, nps_change, Ces, CesScale, CesTally, Csat, CsatScale, CsatTally, Nps,
    NpsChange, NpsTally, SatisfactionRating, NPS_SCORE_REASON,
};
use crate::report::{NoDetails, Report, Whole};
use crate::settings::Settings;
use chrono::{DateTime, Datelike};
use serde::Serialize;

/// Reason for a row with none of the survey's answer columns filled.
pub const NO_ANSWER_REASON: &str = "the row has no score";

/// Streams survey answers into the tallies.
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct SurveyAccumulator {
    #[cfg_attr(
        feature = "partials",
        serde(skip, default = "super::parts::unset_context")
    )]
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
    #[cfg(feature = "partials")]
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }

    #[cfg(feature = "partials")]
    fn save_into(&self, bytes: &mut Vec<u8>) {
        super::parts::save_state_into(&self.ctx, self, bytes)
    }

    #[cfg(feature = "partials")]
    fn load(&self, bytes: &[u8]) -> Result<Box<dyn Accumulator>, Error> {
        let (ctx, mut loaded): (Context, SurveyAccumulator) =
            super::parts::load_state(&self.ctx, bytes)?;
        loaded.ctx = ctx;
        Ok(Box::new(loaded))
    }

    #[cfg(feature = "partials")]
    fn merge(&mut self, later: Box<dyn Accumulator>) {
        let later = super::downcast::<SurveyAccumulator>(later);
        self.ctx.merge(&later.ctx);
        self.nps.merge(&later.nps);
        self.csat.merge(&later.csat);
        self.ces.merge(&later.ces);
        for (month, tally) in &later.by_month {
            self.by_month.entry(*month).or_default().merge(tally);
        }
        for (n, m) in self.present.iter_mut().zip(later.present) {
            *n += m;
        }
    }

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
        let has = |f: Field| ctx.column(f).is_some();
        report.set_settings(&SurveySettings {
            nps_scale: has(Field::Score).then_some("0-10"),
            csat_scale: has(Field::Csat).then(|| self.csat_scale.name()),
            ces_scale: has(Field::Ces).then(|| self.ces_scale.name()),
        });
        if has(Field::Score) {
            let (p, a, d) = self.nps.groups();
            super::warn_coverage(
                report,
                &["nps"],
                p + a + d,
                self.present[0],
                "rows with a score",
            );
        }
        if has(Field::Csat) {
            let n = self.csat.counts().1;
            super::warn_coverage(
                report,
                &["csat"],
                n,
                self.present[1],
                "rows with a CSAT answer",
            );
        }
        if has(Field::Ces) {
            let n = self.ces.distribution.iter().sum();
            super::warn_coverage(
                report,
                &["ces"],
                n,
                self.present[2],
                "rows with a CES answer",
            );
        }
        let mut figures = SurveyFigures {
            nps: has(Field::Score).then(|| nps_figure(&self.nps)),
            csat: has(Field::Csat).then(|| {
                let n = self.csat.counts().1;
                Whole::new(self.csat.finish(), Responses { n })
            }),
            ces: has(Field::Ces).then(|| {
                let n = self.ces.distribution.iter().sum();
                Whole::new(self.ces.finish(), Responses { n })
            }),
            nps_by_month: None,
            nps_change: None,
        };
        if !self.by_month.is_empty() {
            let mut months: Vec<(u32, &NpsTally)> =
                self.by_month.iter().map(|(m, t)| (*m, t)).collect();
            crate::metrics::sort_stable_by(&mut months, |a, b| a.0.cmp(&b.0));
            figures.nps_by_month = Some(
                months
                    .iter()
                    .map(|&(m, t)| NpsFigure {
                        distribution: None,
                        month: Some(month_id(m)),
                        ..nps_figure(t)
                    })
                    .collect(),
            );
            if let [.., (before_month, before), (after_month, after)] = months[..] {
                let change =
                    nps_change(before.groups(), after.groups()).map(|change| NpsChangeFigure {
                        sentence: change.verdict.sentence(),
                        change,
                        from: month_id(before_month),
                        to: month_id(after_month),
                    });
                figures.nps_change = Some(Whole::new(change, NoDetails {}));
            }
        }
        report.set_metrics(&figures);
        Ok(())
    }
}

/// `YYYY-MM` of a `year × 100 + month` key.
fn month_id(key: u32) -> String {
    format!("{}-{:02}", key / 100, key % 100)
}

/// The survey's part of the report's settings: the scale of each answer
/// column that is mapped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveySettings {
    /// `0-10` when a score column is mapped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nps_scale: Option<&'static str>,
    /// The CSAT scale's name ([`CsatScale::name`]) when a CSAT column is mapped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csat_scale: Option<&'static str>,
    /// The CES scale's name ([`CesScale::name`]) when a CES column is mapped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ces_scale: Option<&'static str>,
}

/// The survey figures ([contract §8](crate::contract)), each present when the column it
/// needs is mapped (`nps_by_month` when answers are dated, `nps_change`
/// when they span two months or more).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyFigures {
    /// NPS with its groups, interval and 0–10 distribution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nps: Option<NpsFigure>,
    /// CSAT with its Wilson interval; the number of responses when undefined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csat: Option<Whole<Csat, Responses>>,
    /// CES with its share of low-effort answers; the number of answers when
    /// undefined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ces: Option<Whole<Ces, Responses>>,
    /// The NPS of each month, oldest first (no distribution).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nps_by_month: Option<Vec<NpsFigure>>,
    /// The change of NPS between the last two months.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nps_change: Option<Whole<NpsChangeFigure>>,
}

/// The number of answers behind an undefined figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Responses {
    /// Valid answers.
    pub n: u64,
}

/// The answer counts behind an undefined NPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NpsCounts {
    /// Answers 9–10.
    pub promoters: u64,
    /// Answers 7–8.
    pub passives: u64,
    /// Answers 0–6.
    pub detractors: u64,
    /// All valid answers.
    pub n: u64,
}

/// An `nps` figure ([contract §8](crate::contract)): the [`Nps`] (or why there is none, with the
/// counts), and the distribution or the month it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsFigure {
    /// The score, its groups and intervals.
    #[serde(flatten)]
    pub nps: Whole<Nps, NpsCounts>,
    /// Answers per score 0…10 (the whole file's figure only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution: Option<[u64; 11]>,
    /// `YYYY-MM` (the figures of `nps_by_month` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
}

/// The `nps_change` figure: the [`NpsChange`] between two months, its
/// verdict's sentence and the months compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsChangeFigure {
    /// The change, its interval and verdict.
    #[serde(flatten)]
    pub change: NpsChange,
    /// The verdict as a sentence ([`ChangeVerdict::sentence`](crate::metrics::survey::ChangeVerdict::sentence)).
    pub sentence: &'static str,
    /// The earlier month, `YYYY-MM`.
    pub from: String,
    /// The later month, `YYYY-MM`.
    pub to: String,
}

/// The `nps` figure of [contract §8](crate::contract) from a tally, with the 0–10 distribution.
///
/// ```
/// use cxmetrics::datasets::survey::nps_figure;
/// use cxmetrics::metrics::survey::NpsTally;
/// let mut tally = NpsTally::default();
/// for s in [10.0, 9.0, 7.0, 3.0] { tally.add(s).unwrap(); }
/// let figure = serde_json::to_value(nps_figure(&tally)).unwrap();
/// assert_eq!((figure["value"].as_f64(), figure["promoters"].as_u64()), (Some(25.0), Some(2)));
/// assert_eq!(figure["distribution"][10], 1);
/// let none = serde_json::to_value(nps_figure(&NpsTally::default())).unwrap();
/// assert_eq!((none["code"].as_str(), none["n"].as_u64()), (Some("no_survey_responses"), Some(0)));
/// ```
pub fn nps_figure(tally: &NpsTally) -> NpsFigure {
    let (promoters, passives, detractors) = tally.groups();
    let counts = NpsCounts {
        promoters,
        passives,
        detractors,
        n: promoters
            .saturating_add(passives)
            .saturating_add(detractors),
    };
    NpsFigure {
        nps: Whole::new(tally.finish(), counts),
        distribution: Some(tally.distribution),
        month: None,
    }
}
