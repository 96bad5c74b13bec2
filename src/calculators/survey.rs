//! Survey calculators ([contract §3](crate::contract)): `nps`, `nps_change`, `csat` and
//! `ces` from typed-in counts, over [`crate::metrics::survey`].

use super::input::*;
use crate::error::Error;
use crate::metrics::survey::{self, CesScale, CesTally, CsatScale, CsatTally};
use crate::report::json;
use crate::report::Put;
use crate::report::{figure, number};
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

/// The `nps` figure of three counts ([contract §3, §8](crate::contract)).
pub(super) fn nps_figure((promoters, passives, detractors): (u64, u64, u64)) -> Value {
    let nps = survey::nps_from_counts(promoters, passives, detractors);
    let extra = match &nps {
        Ok(n) => json!({
            "promoters": promoters, "passives": passives, "detractors": detractors, "n": n.n,
            "ci95_low": number(n.ci95_low), "ci95_high": number(n.ci95_high),
            "margin_of_error": number(n.margin_of_error),
        }),
        Err(_) => json!({ "promoters": promoters, "passives": passives, "detractors": detractors }),
    };
    figure(&nps.map(|n| n.value), extra)
}

/// NPS from three counts ([`survey::nps_from_counts`]).
pub(super) fn nps(input: &Value) -> Result<Value, Error> {
    let i: NpsInput = parse("nps", "", input)?;
    Ok(json!({ "nps": nps_figure(i.counts("")?) }))
}

input! {
    struct NpsChangeInput {
        before: Obj<NpsInput>,
        after: Obj<NpsInput>,
    }
}

/// NPS change between two periods ([`survey::nps_change`]).
pub(super) fn nps_change(input: &Value) -> Result<Value, Error> {
    const CALC: &str = "nps_change";
    let i: NpsChangeInput = parse(CALC, "", input)?;
    let before = i.before.record(CALC, "before")?.counts("before")?;
    let after = i.after.record(CALC, "after")?.counts("after")?;
    let change = survey::nps_change(before, after);
    let extra = match &change {
        Ok(c) => json!({
            "before": number(c.before), "after": number(c.after),
            "ci95_low": number(c.ci95_low), "ci95_high": number(c.ci95_high),
            "verdict": c.verdict, "sentence": c.verdict.sentence(),
        }),
        Err(_) => json!({}),
    };
    Ok(json!({
        "nps_change": figure(&change.map(|c| c.value), extra),
        "nps_before": nps_figure(before),
        "nps_after": nps_figure(after),
    }))
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

/// CSAT from satisfied and responses, or from per-score counts
/// ([`survey::csat_from_counts`], [`CsatTally`]).
pub(super) fn csat(input: &Value) -> Result<Value, Error> {
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
        settings = Some(json!({ "scale": name }));
        tally.counts()
    };
    let c = survey::csat_from_counts(satisfied, responses);
    let extra = match &c {
        Ok(c) => json!({
            "satisfied": c.satisfied, "n": c.n,
            "ci95_low": number(c.ci95_low), "ci95_high": number(c.ci95_high),
        }),
        Err(_) => json!({ "satisfied": satisfied, "n": responses }),
    };
    let mut out = json!({ "csat": figure(&c.map(|c| c.value), extra) });
    if let (Some(s), Value::Object(o)) = (settings, &mut out) {
        o.put("settings", s);
    }
    Ok(out)
}

input! {
    struct CesInput {
        counts: List<Num>,
        scale: Text,
    }
}

/// CES from per-score counts ([`CesTally`]).
pub(super) fn ces(input: &Value) -> Result<Value, Error> {
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
    let c = tally.finish();
    let extra = match &c {
        Ok(c) => json!({ "n": c.n, "share_low_effort": number(c.share_low_effort) }),
        Err(_) => json!({ "n": 0 }),
    };
    Ok(json!({
        "ces": figure(&c.map(|c| c.value), extra),
        "settings": { "scale": name, "low_effort_from": scale.low_effort_from() },
    }))
}
