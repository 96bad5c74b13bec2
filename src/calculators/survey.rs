//! Survey calculators ([contract §3](crate::contract)): `nps`, `nps_change`, `csat` and
//! `ces` from typed-in counts, over [`crate::metrics::survey`].

use super::input::*;
use crate::datasets::survey::Responses;
use crate::error::Error;
use crate::metrics::survey::{
    self, Ces, CesScale, CesTally, Csat, CsatScale, CsatTally, Nps, NpsChange,
};
use crate::report::{NoDetails, Whole};
use serde::Serialize;
use serde_json::Value;

input! {
    struct NpsInput {
        promoters: Num,
        passives: Num,
        detractors: Num,
    }
}

impl NpsInput {
    fn counts(&self, prefix: &str) -> Result<(u64, u64, u64), Error> {
        Ok((
            self.promoters.count(&at(prefix, "promoters"))?,
            self.passives.count(&at(prefix, "passives"))?,
            self.detractors.count(&at(prefix, "detractors"))?,
        ))
    }
}

/// The three groups behind an undefined NPS (the calculator was given
/// them, so they are shown as typed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct NpsGroups {
    /// Answers 9–10.
    promoters: u64,
    /// Answers 7–8.
    passives: u64,
    /// Answers 0–6.
    detractors: u64,
}

/// An `nps` figure: the [`Nps`] as the survey report gives it, or why there
/// is none with the three groups.
pub(super) type NpsFigure = Whole<Nps, NpsGroups>;

/// The `nps` figure of three counts ([contract §3, §8](crate::contract)).
pub(super) fn nps_figure((promoters, passives, detractors): (u64, u64, u64)) -> NpsFigure {
    Whole::new(
        survey::nps_from_counts(promoters, passives, detractors),
        NpsGroups {
            promoters,
            passives,
            detractors,
        },
    )
}

/// The answer of `nps`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct NpsAnswer {
    /// NPS with its groups and intervals.
    nps: NpsFigure,
}

/// NPS from three counts ([`survey::nps_from_counts`]).
pub(super) fn nps(input: &Value) -> Result<NpsAnswer, Error> {
    let i: NpsInput = parse("nps", "", input)?;
    Ok(NpsAnswer {
        nps: nps_figure(i.counts("")?),
    })
}

input! {
    struct NpsChangeInput {
        before: Obj<NpsInput>,
        after: Obj<NpsInput>,
    }
}

/// The `nps_change` figure: the [`NpsChange`] with its verdict in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct NpsChangeFigure {
    /// The change, its interval and verdict.
    #[serde(flatten)]
    change: NpsChange,
    /// The verdict as a sentence.
    sentence: &'static str,
}

/// The answer of `nps_change`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct NpsChangeAnswer {
    /// After − before, in points, with its interval.
    nps_change: Whole<NpsChangeFigure>,
    /// NPS of the earlier period.
    nps_before: NpsFigure,
    /// NPS of the later period.
    nps_after: NpsFigure,
}

/// NPS change between two periods ([`survey::nps_change`]).
pub(super) fn nps_change(input: &Value) -> Result<NpsChangeAnswer, Error> {
    const CALC: &str = "nps_change";
    let i: NpsChangeInput = parse(CALC, "", input)?;
    let before = i.before.record(CALC, "before")?.counts("before")?;
    let after = i.after.record(CALC, "after")?.counts("after")?;
    let change = survey::nps_change(before, after).map(|change| NpsChangeFigure {
        sentence: change.verdict.sentence(),
        change,
    });
    Ok(NpsChangeAnswer {
        nps_change: Whole::new(change, NoDetails {}),
        nps_before: nps_figure(before),
        nps_after: nps_figure(after),
    })
}

input! {
    struct CsatInput {
        satisfied: Num,
        responses: Num,
        counts: List<Num>,
        scale: Text,
    }
}

/// Per-score counts (index = score − 1) of a scale with `len` scores.
pub(super) fn score_counts<const N: usize>(
    counts: &List<Num>,
    len: usize,
    scale: &str,
) -> Result<[u64; N], Error> {
    let items = counts
        .numbers("counts")?
        .ok_or_else(|| missing("counts", "a list of answers per score"))?;
    if items.len() != len {
        return Err(Error::settings(format!(
            "“counts” must list {len} numbers, the answers for each score from 1 to {len} on the {scale} scale, not {}.",
            items.len()
        )));
    }
    let mut out = [0u64; N];
    for ((path, n), slot) in items.iter().zip(out.iter_mut()) {
        *slot = n.count(path)?;
    }
    Ok(out)
}

/// The counts behind an undefined CSAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct CsatCounts {
    /// Satisfied responses.
    satisfied: u64,
    /// All responses.
    n: u64,
}

/// The scale a calculator read its per-score counts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct ScaleUsed {
    /// `1-5`, `1-10` (CSAT) or `1-7`, `1-5` (CES).
    scale: &'static str,
}

/// The answer of `csat`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct CsatAnswer {
    /// CSAT with its Wilson interval.
    csat: Whole<Csat, CsatCounts>,
    /// The scale, when the input gave counts per score.
    #[serde(skip_serializing_if = "Option::is_none")]
    settings: Option<ScaleUsed>,
}

/// CSAT from satisfied and responses, or from per-score counts
/// ([`survey::csat_from_counts`], [`CsatTally`]).
pub(super) fn csat(input: &Value) -> Result<CsatAnswer, Error> {
    let i: CsatInput = parse("csat", "", input)?;
    let mut settings = None;
    let (satisfied, responses) = if i.counts.is_missing() {
        if !i.scale.is_missing() {
            return Err(Error::settings(
                "“scale” applies only with “counts”: give “counts” (answers per score), or leave “scale” out.",
            ));
        }
        let satisfied = i.satisfied.count("satisfied")?;
        let responses = i.responses.count("responses")?;
        at_most(
            ("satisfied", satisfied),
            ("responses", responses),
            "satisfied answers are among the responses",
        )?;
        (satisfied, responses)
    } else {
        if !i.satisfied.is_missing() || !i.responses.is_missing() {
            return Err(Error::settings(
                "give either “counts” or “satisfied” and “responses”, not both.",
            ));
        }
        const SCALES: [&str; 2] = ["1-5", "1-10"];
        let k = i.scale.choice("scale", &SCALES, Some(0))?;
        let (scale, len) = if k == 0 {
            (CsatScale::OneToFive, 5)
        } else {
            (CsatScale::OneToTen, 10)
        };
        let name = SCALES.get(k).copied().unwrap_or("1-5");
        let tally = CsatTally {
            scale,
            distribution: score_counts::<11>(&i.counts, len, name)?,
        };
        settings = Some(ScaleUsed { scale: name });
        tally.counts()
    };
    Ok(CsatAnswer {
        csat: Whole::new(
            survey::csat_from_counts(satisfied, responses),
            CsatCounts {
                satisfied,
                n: responses,
            },
        ),
        settings,
    })
}

input! {
    struct CesInput {
        counts: List<Num>,
        scale: Text,
    }
}

/// The scale of a CES answer and where its low-effort top starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct CesScaleUsed {
    /// `1-7` or `1-5`.
    scale: &'static str,
    /// The lowest score counted as low effort.
    low_effort_from: u8,
}

/// The answer of `ces`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct CesAnswer {
    /// CES with its share of low-effort answers.
    ces: Whole<Ces, Responses>,
    /// The scale used.
    settings: CesScaleUsed,
}

/// CES from per-score counts ([`CesTally`]).
pub(super) fn ces(input: &Value) -> Result<CesAnswer, Error> {
    let i: CesInput = parse("ces", "", input)?;
    const SCALES: [&str; 2] = ["1-7", "1-5"];
    let k = i.scale.choice("scale", &SCALES, Some(0))?;
    let scale = if k == 0 {
        CesScale::OneToSeven
    } else {
        CesScale::OneToFive
    };
    let name = SCALES.get(k).copied().unwrap_or("1-7");
    let tally = CesTally {
        scale,
        distribution: score_counts::<7>(&i.counts, usize::from(scale.max()), name)?,
    };
    Ok(CesAnswer {
        ces: Whole::new(tally.finish(), Responses { n: 0 }),
        settings: CesScaleUsed {
            scale: name,
            low_effort_from: scale.low_effort_from(),
        },
    })
}
