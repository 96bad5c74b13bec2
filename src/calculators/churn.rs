//! Calculators of churn and retention ([contract §2](crate::contract)): `churn`,
//! `churn_convert`, `pooled_churn`, `renewal_rate` and `revenue` (NRR, GRR), over
//! [`crate::metrics::churn`] and [`crate::metrics::revenue`].

use super::input::*;
use super::output::*;
use crate::error::Error;
use crate::metrics::churn::{self, MonthCounts};
use crate::metrics::revenue::{self, MovementSums};
use crate::metrics::Why;
use crate::metrics::{finite, Undefined};
use crate::report::json;
use crate::report::Put;
use crate::report::{figure, number};
use serde_json::Value;

input! {
    struct ChurnInput {
        start: Num,
        new: Num,
        lost: Num,
        end: Num,
        new_and_lost: Num,
        target: Num,
    }
}

/// Churn, retention, net change, annual churn and the target for one
/// period's counts ([contract §2](crate::contract), [`churn`]).
///
/// Two retention figures: `retention_rate` is the one the metric core
/// recommends ([`churn::retention_from_counts`]: (E − (N − new and lost)) ÷
/// S, which equals 1 − churn for consistent counts), `retention_rate_literal`
/// is the literal (E − N) ÷ S of [contract §2.4](crate::contract). They agree when `new_and_lost` is 0.
/// `annual_churn` treats the period as one month. `end` defaults to
/// S − L + N − new_and_lost (`settings.end_assumed`).
pub(super) fn churn(input: &Value) -> Result<Value, Error> {
    let i: ChurnInput = parse("churn", "", input)?;
    let start = i.start.count("start")?;
    let new = i.new.count("new")?;
    let lost = i.lost.count("lost")?;
    let new_and_lost = i.new_and_lost.count_or("new_and_lost", 0)?;
    at_most(
        ("lost", lost),
        ("start", start),
        "lost counts only customers active at the start",
    )?;
    at_most(
        ("new_and_lost", new_and_lost),
        ("new", new),
        "new_and_lost counts new customers who also cancelled in the period",
    )?;
    let end_given = i.end.count_opt("end")?;
    let end = match end_given {
        Some(e) => e,
        None => (start - lost).saturating_add(new - new_and_lost),
    };
    let target = i.target.fraction_opt("target")?;

    let rate = churn::customer_churn(start, lost);
    let month = MonthCounts {
        month: chrono::NaiveDate::default(),
        start,
        new,
        first_time: new,
        reactivated: 0,
        lost,
        new_and_lost,
        end,
        rate: rate.clone(),
    };
    let mut out = json!({
        "customer_churn": figure(&rate, json!({ "start": start, "lost": lost })),
        "retention_rate": figure(&churn::retention_from_counts(&month), json!({
            "formula": "(E − (N − new and lost)) ÷ S",
        })),
        "retention_rate_literal": figure(&churn::retention_rate(start, new, end), json!({
            "formula": "(E − N) ÷ S",
        })),
        "net_change": known(churn::net_change(start, end) as f64, json!({ "start": start, "end": end })),
        "annual_churn": figure(&rate.clone().and_then(churn::annual_from_monthly), json!({})),
        "settings": {
            "end": end,
            "end_assumed": end_given.is_none(),
            "new_and_lost": new_and_lost,
            "annual_churn_assumes": "the period is one month",
        },
    });
    if let (Some(t), Value::Object(o)) = (target, &mut out) {
        let fig = match rate.and_then(|r| churn::churn_target(r, t)) {
            Ok(c) => figure(
                &Ok(c.target),
                json!({
                    "met": c.met, "status": if c.met { "met" } else { "missed" },
                    "gap_points": number(c.gap_points), "rate": number(c.rate),
                }),
            ),
            Err(u) => figure(&Err(u), json!({ "target": number(t) })),
        };
        o.put("churn_target", fig);
    }
    Ok(out)
}

input! {
    struct ChurnConvertInput {
        monthly: Num,
        annual: Num,
    }
}

/// Monthly ↔ annual churn ([`churn::annual_from_monthly`],
/// [`churn::monthly_from_annual`]).
pub(super) fn churn_convert(input: &Value) -> Result<Value, Error> {
    let i: ChurnConvertInput = parse("churn_convert", "", input)?;
    let monthly = i.monthly.fraction_opt("monthly")?;
    let annual = i.annual.fraction_opt("annual")?;
    let (m, a) = match (monthly, annual) {
        (Some(m), None) => (Ok(m), churn::annual_from_monthly(m)),
        (None, Some(a)) => (churn::monthly_from_annual(a), Ok(a)),
        _ => {
            return Err(Error::settings(
                "give exactly one of “monthly” and “annual” (a churn rate between 0 and 1).",
            ))
        }
    };
    Ok(json!({
        "monthly_churn": figure(&m, json!({})),
        "annual_churn": figure(&a, json!({})),
    }))
}

input! {
    struct PooledInput {
        months: List<MonthInput>,
    }
}

input! {
    struct MonthInput {
        start: Num,
        lost: Num,
    }
}

/// Exposure-weighted churn over several months ([`churn::pooled_churn`]).
pub(super) fn pooled_churn(input: &Value) -> Result<Value, Error> {
    const CALC: &str = "pooled_churn";
    let i: PooledInput = parse(CALC, "", input)?;
    let months = i
        .months
        .records(CALC, "months")?
        .ok_or_else(|| missing("months", "a list of {\"start\", \"lost\"} objects"))?;
    let mut pairs = Vec::with_capacity(months.len());
    for (p, m) in &months {
        let start = m.start.count(&at(p, "start"))?;
        let lost = m.lost.count(&at(p, "lost"))?;
        at_most(
            (&at(p, "lost"), lost),
            (&at(p, "start"), start),
            "lost counts only customers active at the start",
        )?;
        pairs.push((start, lost));
    }
    let pooled = churn::pooled_churn(pairs.iter().copied());
    let (s, l) = pairs.iter().fold((0u64, 0u64), |(s, l), (a, b)| {
        (s.saturating_add(*a), l.saturating_add(*b))
    });
    let list: Vec<Value> = pairs
        .iter()
        .map(|(a, b)| {
            figure(
                &churn::customer_churn(*a, *b),
                json!({ "start": a, "lost": b }),
            )
        })
        .collect();
    Ok(json!({
        "customer_churn": figure(&pooled, json!({ "start": s, "lost": l, "months": list })),
        "annual_churn": figure(&pooled.clone().and_then(churn::annual_from_monthly), json!({})),
    }))
}

input! {
    struct RenewalInput {
        renewed: Num,
        up_for_renewal: Num,
    }
}

/// Renewal rate ([`churn::renewal_rate`]).
pub(super) fn renewal_rate(input: &Value) -> Result<Value, Error> {
    let i: RenewalInput = parse("renewal_rate", "", input)?;
    part_of_whole(
        ("renewed", &i.renewed),
        ("up_for_renewal", &i.up_for_renewal),
        "renewed contracts are among those up for renewal",
        churn::renewal_rate,
        "renewal_rate",
    )
}

input! {
    struct RevenueInput {
        mrr_start: Num,
        expansion: Num,
        contraction: Num,
        churned: Num,
        customers_start: Num,
        customers_expanded: Num,
    }
}

/// An MRR amount: 0 … [`revenue::MAX_AMOUNT`].
pub(super) fn mrr_amount(n: &Num, path: &str) -> Result<f64, Error> {
    let expected = format!("a number from 0 to {}", show(revenue::MAX_AMOUNT));
    n.checked(path, &expected, |x| {
        (0.0..=revenue::MAX_AMOUNT).contains(&x)
    })?
    .ok_or_else(|| missing(path, &expected))
}

/// NRR, GRR, gross MRR churn and expansion rate from one period's MRR
/// movements of the customers active at its start
/// ([`revenue::retention_rates`]). `mrr_end` is those customers' MRR at the
/// end (new and reactivated MRR not included).
pub(super) fn revenue(input: &Value) -> Result<Value, Error> {
    let i: RevenueInput = parse("revenue", "", input)?;
    let mrr_start = mrr_amount(&i.mrr_start, "mrr_start")?;
    let expansion = mrr_amount(&i.expansion, "expansion")?;
    let contraction = mrr_amount(&i.contraction, "contraction")?;
    let churned = mrr_amount(&i.churned, "churned")?;
    if contraction + churned > mrr_start {
        return Err(Error::settings(format!(
            "“contraction” plus “churned” ({}) cannot be more than “mrr_start” ({}): they are MRR lost from the customers active at the start.",
            show(contraction + churned),
            show(mrr_start)
        )));
    }
    let customers = match (
        i.customers_start.count_opt("customers_start")?,
        i.customers_expanded.count_opt("customers_expanded")?,
    ) {
        (Some(s), Some(e)) => {
            at_most(
                ("customers_expanded", e),
                ("customers_start", s),
                "expanding customers are among those active at the start",
            )?;
            Some((s, e))
        }
        (None, None) => None,
        _ => {
            return Err(Error::settings(
                "give both “customers_start” and “customers_expanded” for the expansion rate, or neither.",
            ))
        }
    };
    let (customers_start, expanded) = customers.unwrap_or((0, 0));
    let sums = MovementSums {
        expansion,
        contraction,
        churned,
        expanded_customers: expanded,
        ..MovementSums::default()
    };
    let r = revenue::retention_rates(mrr_start, customers_start, &sums);
    let expansion_rate = match customers {
        Some(_) => r.expansion_rate,
        None => Err(Undefined::new(
            "expansion_counts_missing",
            "give “customers_start” and “customers_expanded” to see the expansion rate",
        )),
    };
    let mrr_end = finite(
        mrr_start + expansion - contraction - churned,
        Why::new("mrr_too_large", "the MRR is too large to compute with"),
    );
    Ok(json!({
        "nrr": figure(&r.nrr, json!({})),
        "grr": figure(&r.grr, json!({})),
        "gross_mrr_churn": figure(&r.gross_mrr_churn, json!({})),
        "expansion_rate": figure(&expansion_rate, json!({})),
        "mrr_start": known(mrr_start, json!({})),
        "mrr_end": figure(&mrr_end, json!({ "customers": "active at the start" })),
    }))
}
