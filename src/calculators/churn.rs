//! Calculators of churn and retention ([contract §2](crate::contract)): `churn`,
//! `churn_convert`, `pooled_churn`, `renewal_rate` and `revenue` (NRR, GRR), over
//! [`crate::metrics::churn`] and [`crate::metrics::revenue`].

use super::input::*;
use super::output::*;
use crate::datasets::accounts::Renewals;
use crate::error::Error;
use crate::metrics::churn::{self, MonthCounts};
use crate::metrics::revenue::{self, MovementSums};
use crate::metrics::Why;
use crate::metrics::{finite, Undefined};
use crate::report::{Figure, Whole};
use serde::Serialize;
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

/// The counts beside a customer churn figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct StartLost {
    /// Customers active at the start.
    start: u64,
    /// Of those, customers lost in the period.
    lost: u64,
}

/// The formula of a retention figure, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct Formula {
    /// E.g. `(E − N) ÷ S`.
    formula: &'static str,
}

/// The counts beside the net change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct StartEnd {
    /// Customers at the start.
    start: u64,
    /// Customers at the end.
    end: u64,
}

/// A churn target that could be checked: the target as the value, whether
/// the churn met it and by how much.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct TargetChecked {
    /// The target rate.
    value: f64,
    /// Whether the churn is at or below the target.
    met: bool,
    /// `met` or `missed`.
    status: &'static str,
    /// (rate − target) in percentage points.
    gap_points: f64,
    /// The churn rate compared.
    rate: f64,
}

/// The target beside a churn target that could not be checked.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(super) struct TargetGiven {
    /// The target rate given.
    target: f64,
}

/// The assumptions of `churn`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct ChurnSettings {
    /// Customers at the end (given or derived).
    end: u64,
    /// Whether `end` was derived from the other counts.
    end_assumed: bool,
    /// New customers who also cancelled in the period.
    new_and_lost: u64,
    /// What the annual figure assumes of the period.
    annual_churn_assumes: &'static str,
}

/// The answer of `churn`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct ChurnAnswer {
    /// Lost ÷ start.
    customer_churn: Figure<f64, StartLost>,
    /// (E − (N − new and lost)) ÷ S.
    retention_rate: Figure<f64, Formula>,
    /// (E − N) ÷ S.
    retention_rate_literal: Figure<f64, Formula>,
    /// End − start.
    net_change: Figure<f64, StartEnd>,
    /// The churn compounded over twelve months.
    annual_churn: Figure,
    /// The churn against the target, when one is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    churn_target: Option<Whole<TargetChecked, TargetGiven>>,
    /// The assumptions used.
    settings: ChurnSettings,
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
pub(super) fn churn(input: &Value) -> Result<ChurnAnswer, Error> {
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
    let churn_target = target.map(|t| {
        let checked = rate
            .clone()
            .and_then(|r| churn::churn_target(r, t))
            .map(|c| TargetChecked {
                value: c.target,
                met: c.met,
                status: if c.met { "met" } else { "missed" },
                gap_points: c.gap_points,
                rate: c.rate,
            });
        Whole::new(checked, TargetGiven { target: t })
    });
    Ok(ChurnAnswer {
        customer_churn: Figure::new(rate.clone(), StartLost { start, lost }),
        retention_rate: Figure::new(
            churn::retention_from_counts(&month),
            Formula {
                formula: "(E − (N − new and lost)) ÷ S",
            },
        ),
        retention_rate_literal: Figure::new(
            churn::retention_rate(start, new, end),
            Formula {
                formula: "(E − N) ÷ S",
            },
        ),
        net_change: known_figure(
            churn::net_change(start, end) as f64,
            StartEnd { start, end },
        ),
        annual_churn: Figure::plain(rate.and_then(churn::annual_from_monthly)),
        churn_target,
        settings: ChurnSettings {
            end,
            end_assumed: end_given.is_none(),
            new_and_lost,
            annual_churn_assumes: "the period is one month",
        },
    })
}

input! {
    struct ChurnConvertInput {
        monthly: Num,
        annual: Num,
    }
}

/// The answer of `churn_convert`: both rates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct ChurnConvertAnswer {
    /// Monthly churn.
    monthly_churn: Figure,
    /// Annual churn.
    annual_churn: Figure,
}

/// Monthly ↔ annual churn ([`churn::annual_from_monthly`],
/// [`churn::monthly_from_annual`]).
pub(super) fn churn_convert(input: &Value) -> Result<ChurnConvertAnswer, Error> {
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
    Ok(ChurnConvertAnswer {
        monthly_churn: Figure::plain(m),
        annual_churn: Figure::plain(a),
    })
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

/// The totals and months beside a pooled churn figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct PooledDetails {
    /// Customers active at the start, summed over the months.
    start: u64,
    /// Customers lost, summed over the months.
    lost: u64,
    /// Each month's churn, in the input's order.
    months: Vec<Figure<f64, StartLost>>,
}

/// The answer of `pooled_churn`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct PooledAnswer {
    /// Σ lost ÷ Σ start.
    customer_churn: Figure<f64, PooledDetails>,
    /// The pooled churn compounded over twelve months.
    annual_churn: Figure,
}

/// Exposure-weighted churn over several months ([`churn::pooled_churn`]).
pub(super) fn pooled_churn(input: &Value) -> Result<PooledAnswer, Error> {
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
    let months = pairs
        .iter()
        .map(|&(start, lost)| {
            Figure::new(
                churn::customer_churn(start, lost),
                StartLost { start, lost },
            )
        })
        .collect();
    Ok(PooledAnswer {
        annual_churn: Figure::plain(pooled.clone().and_then(churn::annual_from_monthly)),
        customer_churn: Figure::new(
            pooled,
            PooledDetails {
                start: s,
                lost: l,
                months,
            },
        ),
    })
}

input! {
    struct RenewalInput {
        renewed: Num,
        up_for_renewal: Num,
    }
}

/// The answer of `renewal_rate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct RenewalAnswer {
    /// Renewed ÷ up for renewal, with both counts (as the accounts report
    /// gives them).
    renewal_rate: Figure<f64, Renewals>,
}

/// Renewal rate ([`churn::renewal_rate`]).
pub(super) fn renewal_rate(input: &Value) -> Result<RenewalAnswer, Error> {
    let i: RenewalInput = parse("renewal_rate", "", input)?;
    let (renewed, up_for_renewal) = part_of_whole(
        ("renewed", &i.renewed),
        ("up_for_renewal", &i.up_for_renewal),
        "renewed contracts are among those up for renewal",
    )?;
    Ok(RenewalAnswer {
        renewal_rate: Figure::new(
            churn::renewal_rate(renewed, up_for_renewal),
            Renewals {
                renewed,
                up_for_renewal,
            },
        ),
    })
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

/// Which customers an MRR figure covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct Covered {
    /// E.g. `active at the start`.
    customers: &'static str,
}

/// The answer of `revenue`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct RevenueAnswer {
    /// Net revenue retention.
    nrr: Figure,
    /// Gross revenue retention.
    grr: Figure,
    /// (Contraction + churned) ÷ MRR at the start.
    gross_mrr_churn: Figure,
    /// Expanding customers ÷ customers at the start.
    expansion_rate: Figure,
    /// MRR at the start, as given.
    mrr_start: Figure,
    /// MRR at the end of the customers active at the start.
    mrr_end: Figure<f64, Covered>,
}

/// NRR, GRR, gross MRR churn and expansion rate from one period's MRR
/// movements of the customers active at its start
/// ([`revenue::retention_rates`]). `mrr_end` is those customers' MRR at the
/// end (new and reactivated MRR not included).
pub(super) fn revenue(input: &Value) -> Result<RevenueAnswer, Error> {
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
    Ok(RevenueAnswer {
        nrr: Figure::plain(r.nrr),
        grr: Figure::plain(r.grr),
        gross_mrr_churn: Figure::plain(r.gross_mrr_churn),
        expansion_rate: Figure::plain(expansion_rate),
        mrr_start: Figure::plain(known(mrr_start)),
        mrr_end: Figure::new(
            mrr_end,
            Covered {
                customers: "active at the start",
            },
        ),
    })
}
