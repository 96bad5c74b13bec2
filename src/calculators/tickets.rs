//! Support-ticket calculators ([contract §4](crate::contract)): `durations`, `sla` and
//! `one_touch`, over [`crate::metrics::tickets`] and [`crate::metrics::stats`].

use super::input::*;
use crate::error::Error;
use crate::metrics::ratio;
use crate::metrics::stats::DurationStats;
use crate::metrics::Why;
use crate::report::figure;
use crate::report::json;
use serde_json::Value;

input! {
    struct DurationsInput {
        values: List<Num>,
    }
}

/// count, mean, median, p90, p95 of durations ([`DurationStats`]).
pub(super) fn durations(input: &Value) -> Result<Value, Error> {
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
    Ok(json!({ "durations": stats.finish().figure() }))
}

input! {
    struct SlaInput {
        met: Num,
        replied: Num,
        overdue_unreplied: Num,
    }
}

/// SLA attainment from counts ([contract §4](crate::contract)): met ÷ (replied + overdue
/// unreplied), the same ratio and reason as the ticket accumulator's.
pub(super) fn sla(input: &Value) -> Result<Value, Error> {
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
        Why::new(
            "no_replied_or_overdue_tickets",
            "no replied or overdue tickets",
        ),
    );
    Ok(json!({
        "sla_attainment": figure(&v, json!({
            "met": met, "replied": replied, "overdue_unreplied": overdue,
        })),
    }))
}

input! {
    struct OneTouchInput {
        one_touch: Num,
        solved: Num,
    }
}

/// One-touch resolution from counts ([contract §4](crate::contract)): one-touch ÷ solved.
pub(super) fn one_touch(input: &Value) -> Result<Value, Error> {
    let i: OneTouchInput = parse("one_touch", "", input)?;
    part_of_whole(
        ("one_touch", &i.one_touch),
        ("solved", &i.solved),
        "one-touch tickets are among the solved ones",
        |p, w| {
            ratio(
                p as f64,
                w as f64,
                Why::new("no_solved_tickets", "no solved tickets"),
            )
        },
        "one_touch_rate",
    )
}
