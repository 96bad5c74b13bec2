//! Support-ticket calculators ([contract §4](crate::contract)): `durations`, `sla` and
//! `one_touch`, over [`crate::metrics::tickets`] and [`crate::metrics::stats`].

use super::input::*;
use crate::datasets::tickets::figures::{Durations, OneTouchParts};
use crate::error::Error;
use crate::metrics::ratio;
use crate::metrics::stats::DurationStats;
use crate::metrics::Why;
use crate::report::Figure;
use serde::Serialize;
use serde_json::Value;

input! {
    struct DurationsInput {
        values: List<Num>,
    }
}

/// The answer of `durations`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct DurationsAnswer {
    /// The median as the value, with n, mean and percentiles (as the
    /// tickets report gives its durations).
    durations: Figure<f64, Durations>,
}

/// count, mean, median, p90, p95 of durations ([`DurationStats`]).
pub(super) fn durations(input: &Value) -> Result<DurationsAnswer, Error> {
    let i: DurationsInput = parse("durations", "", input)?;
    let values = i
        .values
        .numbers("values")?
        .ok_or_else(|| missing("values", "a list of durations of 0 or more"))?;
    let mut stats = DurationStats::with_capacity(values.len());
    for (p, v) in &values {
        let x = v.amount(p)?;
        stats
            .push(x)
            .map_err(|reason| Error::settings(format!("{}: {reason}.", quote(p))))?;
    }
    Ok(DurationsAnswer {
        durations: Durations::figure(&stats.finish()),
    })
}

input! {
    struct SlaInput {
        met: Num,
        replied: Num,
        overdue_unreplied: Num,
    }
}

/// The counts beside the SLA attainment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct SlaCounts {
    /// Replies within the target.
    met: u64,
    /// Tickets replied to.
    replied: u64,
    /// Tickets past the target with no reply yet.
    overdue_unreplied: u64,
}

/// The answer of `sla`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct SlaAnswer {
    /// Met ÷ (replied + overdue unreplied).
    sla_attainment: Figure<f64, SlaCounts>,
}

/// SLA attainment from counts ([contract §4](crate::contract)): met ÷ (replied + overdue
/// unreplied), the same ratio and reason as the ticket accumulator's.
pub(super) fn sla(input: &Value) -> Result<SlaAnswer, Error> {
    let i: SlaInput = parse("sla", "", input)?;
    let met = i.met.count("met")?;
    let replied = i.replied.count("replied")?;
    let overdue = i.overdue_unreplied.count("overdue_unreplied")?;
    at_most(
        ("met", met),
        ("replied", replied),
        "tickets that met the target are among the replied ones",
    )?;
    let denominator = replied.saturating_add(overdue);
    let v = ratio(
        met as f64,
        denominator as f64,
        crate::datasets::tickets::accumulator::NO_REPLIED_OR_OVERDUE_REASON,
    );
    Ok(SlaAnswer {
        sla_attainment: Figure::new(
            v,
            SlaCounts {
                met,
                replied,
                overdue_unreplied: overdue,
            },
        ),
    })
}

input! {
    struct OneTouchInput {
        one_touch: Num,
        solved: Num,
    }
}

/// The answer of `one_touch`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct OneTouchAnswer {
    /// One-touch ÷ solved, with both counts (as the tickets report gives
    /// them).
    one_touch_rate: Figure<f64, OneTouchParts>,
}

/// One-touch resolution from counts ([contract §4](crate::contract)): one-touch ÷ solved.
pub(super) fn one_touch(input: &Value) -> Result<OneTouchAnswer, Error> {
    let i: OneTouchInput = parse("one_touch", "", input)?;
    let (one_touch, solved) = part_of_whole(
        ("one_touch", &i.one_touch),
        ("solved", &i.solved),
        "one-touch tickets are among the solved ones",
    )?;
    Ok(OneTouchAnswer {
        one_touch_rate: Figure::new(
            ratio(
                one_touch as f64,
                solved as f64,
                Why::new("no_solved_tickets", "no solved tickets"),
            ),
            OneTouchParts { one_touch, solved },
        ),
    })
}
