//! What-if scenarios ([contract §6](crate::contract)): baseline inputs, explicit changes, and the
//! value figures of baseline and scenario side by side with their deltas.
//!
//! A change says how it applies: [`Change::Relative`] (−4 % *of the rate*),
//! [`Change::Absolute`] (−4 *points*, i.e. −0.04) or [`Change::Set`]. A
//! change that pushes an input out of its range (churn above 100 %, a
//! negative CAC, …) makes that scenario's figures undefined with the reason;
//! nothing is clamped.

use super::acquisition::{
    lost_before_payback, ltv, ltv_cac, payback_months, LtvInputs, DEFAULT_LIFETIME_CAP_MONTHS,
};
use super::churn::ser_metric;
use super::{finite, Metric, Undefined};
use crate::metrics::Why;
use serde::Serialize;

/// The inputs of a scenario. Rates are fractions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// Monthly ARPA (≥ 0).
    pub arpa: f64,
    /// Gross margin, 0–1.
    pub gross_margin: f64,
    /// Monthly customer churn, 0–1.
    pub monthly_churn: f64,
    /// CAC (≥ 0).
    pub cac: f64,
    /// Monthly discount rate for LTV (≥ 0; 0 = the plain formula).
    pub discount_rate: f64,
    /// LTV lifetime cap in months when churn is 0.
    pub lifetime_cap_months: u32,
    /// Customers at the start (≥ 0; a number so relative changes apply).
    pub starting_customers: f64,
    /// MRR at the start (≥ 0).
    pub starting_mrr: f64,
    /// Annual net revenue retention as a fraction (1.05 = 105 %; ≥ 0).
    pub annual_nrr: f64,
}

impl Default for Baseline {
    /// Neutral defaults: 100 % margin (the page says so), no discounting, the
    /// default lifetime cap, everything else 0 (NRR 100 %).
    fn default() -> Self {
        Baseline {
            arpa: 0.0,
            gross_margin: 1.0,
            monthly_churn: 0.0,
            cac: 0.0,
            discount_rate: 0.0,
            lifetime_cap_months: DEFAULT_LIFETIME_CAP_MONTHS,
            starting_customers: 0.0,
            starting_mrr: 0.0,
            annual_nrr: 1.0,
        }
    }
}

/// Which baseline input a change applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// [`Baseline::arpa`].
    Arpa,
    /// [`Baseline::gross_margin`].
    GrossMargin,
    /// [`Baseline::monthly_churn`].
    MonthlyChurn,
    /// [`Baseline::cac`].
    Cac,
    /// [`Baseline::discount_rate`].
    DiscountRate,
    /// [`Baseline::lifetime_cap_months`].
    LifetimeCapMonths,
    /// [`Baseline::starting_customers`].
    StartingCustomers,
    /// [`Baseline::starting_mrr`].
    StartingMrr,
    /// [`Baseline::annual_nrr`].
    AnnualNrr,
}

impl Input {
    /// The input's name as the page and the reasons say it.
    pub fn label(self) -> &'static str {
        match self {
            Input::Arpa => "ARPA",
            Input::GrossMargin => "gross margin",
            Input::MonthlyChurn => "monthly churn",
            Input::Cac => "CAC",
            Input::DiscountRate => "the discount rate",
            Input::LifetimeCapMonths => "the lifetime cap",
            Input::StartingCustomers => "starting customers",
            Input::StartingMrr => "starting MRR",
            Input::AnnualNrr => "annual NRR",
        }
    }
}

/// How a change applies to an input's value `x`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "amount")]
pub enum Change {
    /// x × (1 + fraction): `Relative(-0.04)` is "−4 %" of the current value.
    Relative(f64),
    /// x + delta: `Absolute(-0.04)` is "−4 points" on a rate.
    Absolute(f64),
    /// The value itself.
    Set(f64),
}

impl Change {
    /// The changed value, before range checks (may be non-finite).
    ///
    /// ```
    /// use cxmetrics::metrics::scenario::Change;
    /// assert!((Change::Relative(-0.04).apply(0.05) - 0.048).abs() < 1e-15);
    /// assert!((Change::Absolute(-0.04).apply(0.05) - 0.01).abs() < 1e-15);
    /// assert_eq!(Change::Set(0.02).apply(0.05), 0.02);
    /// ```
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Change::Relative(f) => x * (1.0 + f),
            Change::Absolute(d) => x + d,
            Change::Set(v) => v,
        }
    }
}

/// One change to one input.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InputChange {
    /// The input changed.
    pub input: Input,
    /// How.
    pub change: Change,
}

/// A named scenario: changes applied in order to the baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// What the page calls it.
    pub name: String,
    /// The changes, applied in order.
    pub changes: Vec<InputChange>,
}

/// Preset ([contract §6](crate::contract)): "premium 1-hour support lowers monthly churn by 4 %
/// relative" — churn × 0.96.
pub fn premium_support() -> Scenario {
    Scenario {
        name: "premium 1-hour support: churn −4 % relative".into(),
        changes: vec![InputChange {
            input: Input::MonthlyChurn,
            change: Change::Relative(-0.04),
        }],
    }
}

/// Preset ([contract §6](crate::contract)): "a success team adds 10 points of NRR" — annual NRR
/// + 0.10.
pub fn success_team() -> Scenario {
    Scenario {
        name: "success team: NRR +10 points".into(),
        changes: vec![InputChange {
            input: Input::AnnualNrr,
            change: Change::Absolute(0.10),
        }],
    }
}

/// Preset ([contract §6](crate::contract)): "CAC −15 %" — CAC × 0.85.
pub fn lower_cac() -> Scenario {
    Scenario {
        name: "CAC −15 %".into(),
        changes: vec![InputChange {
            input: Input::Cac,
            change: Change::Relative(-0.15),
        }],
    }
}

/// All presets, in the order the page lists them.
pub fn presets() -> Vec<Scenario> {
    vec![premium_support(), success_team(), lower_cac()]
}

/// The most months the lifetime cap may be set to (100 years).
pub const MAX_LIFETIME_CAP_MONTHS: u32 = 1200;

fn check(input: Input, v: f64) -> Metric<f64> {
    check_as(input, v, "is")
}

/// Range check of one input; `verb` words the reason ("is" for a baseline
/// value, "this makes" for a changed one).
fn check_as(input: Input, v: f64, verb: &str) -> Metric<f64> {
    let ok = v.is_finite()
        && match input {
            Input::GrossMargin | Input::MonthlyChurn => (0.0..=1.0).contains(&v),
            _ => v >= 0.0,
        };
    if ok {
        return Ok(v);
    }
    let range = match input {
        Input::GrossMargin | Input::MonthlyChurn => "between 0 % and 100 %",
        _ => "zero or more",
    };
    let shown = match input {
        Input::GrossMargin | Input::MonthlyChurn | Input::AnnualNrr | Input::DiscountRate => {
            format!("{:.2} %", v * 100.0)
        }
        _ => format!("{v}"),
    };
    let reason = if verb == "is" {
        format!("{} is {shown}; it must be {range}", input.label())
    } else {
        format!("{verb} {} {shown}; it must be {range}", input.label())
    };
    Err(Undefined::new("input_out_of_range", reason)
        .with_param("input", input.label())
        .with_param("shown", shown)
        .with_param("range", range))
}

/// Applies the changes, in order, to the baseline, checking every changed
/// input's range ([contract §6](crate::contract): never clamped), then the whole result
/// ([`Baseline::check`]: an out-of-range baseline gives no scenario either).
///
/// Ranges: gross margin and monthly churn 0–1; ARPA, CAC, discount rate,
/// starting customers, starting MRR, annual NRR ≥ 0; the lifetime cap a
/// whole number of months from 0 to [`MAX_LIFETIME_CAP_MONTHS`]. Any input
/// NaN or infinite is out of range.
///
/// ```
/// use cxmetrics::metrics::scenario::{apply, premium_support, Baseline, Change, Input, InputChange};
/// let base = Baseline { monthly_churn: 0.05, ..Baseline::default() };
/// let s = apply(&base, &premium_support().changes).unwrap();
/// assert!((s.monthly_churn - 0.048).abs() < 1e-15);
/// let too_far = [InputChange { input: Input::MonthlyChurn, change: Change::Absolute(1.0) }];
/// assert!(apply(&base, &too_far).is_err());
/// ```
pub fn apply(baseline: &Baseline, changes: &[InputChange]) -> Metric<Baseline> {
    let mut b = baseline.clone();
    for ch in changes {
        let slot: &mut f64 = match ch.input {
            Input::Arpa => &mut b.arpa,
            Input::GrossMargin => &mut b.gross_margin,
            Input::MonthlyChurn => &mut b.monthly_churn,
            Input::Cac => &mut b.cac,
            Input::DiscountRate => &mut b.discount_rate,
            Input::StartingCustomers => &mut b.starting_customers,
            Input::StartingMrr => &mut b.starting_mrr,
            Input::AnnualNrr => &mut b.annual_nrr,
            Input::LifetimeCapMonths => {
                let v = ch.change.apply(f64::from(b.lifetime_cap_months));
                if !(v.is_finite()
                    && v.fract() == 0.0
                    && (0.0..=f64::from(MAX_LIFETIME_CAP_MONTHS)).contains(&v))
                {
                    return Err(Undefined::new(
                        "lifetime_cap_out_of_range",
                        format!(
                            "this makes the lifetime cap {v} months; it must be a whole number from 0 to {MAX_LIFETIME_CAP_MONTHS}"
                        ),
                    )
                    .with_param("months", v)
                    .with_param("max", MAX_LIFETIME_CAP_MONTHS));
                }
                b.lifetime_cap_months = v as u32;
                continue;
            }
        };
        *slot = check_as(ch.input, ch.change.apply(*slot), "this makes")?;
    }
    b.check()?;
    Ok(b)
}

impl Baseline {
    /// Checks every input's range (see [`apply`]); the first one out of
    /// range gives the reason.
    ///
    /// ```
    /// use cxmetrics::metrics::scenario::Baseline;
    /// assert!(Baseline::default().check().is_ok());
    /// let bad = Baseline { gross_margin: 80.0, ..Baseline::default() };
    /// assert!(bad.check().unwrap_err().reason.contains("gross margin"));
    /// ```
    pub fn check(&self) -> Metric<()> {
        check(Input::Arpa, self.arpa)?;
        check(Input::GrossMargin, self.gross_margin)?;
        check(Input::MonthlyChurn, self.monthly_churn)?;
        check(Input::Cac, self.cac)?;
        check(Input::DiscountRate, self.discount_rate)?;
        check(Input::StartingCustomers, self.starting_customers)?;
        check(Input::StartingMrr, self.starting_mrr)?;
        check(Input::AnnualNrr, self.annual_nrr)?;
        if self.lifetime_cap_months > MAX_LIFETIME_CAP_MONTHS {
            return Err(Undefined::new(
                "lifetime_cap_out_of_range",
                format!(
                    "the lifetime cap is {} months; it must be at most {MAX_LIFETIME_CAP_MONTHS}",
                    self.lifetime_cap_months
                ),
            )
            .with_param("months", self.lifetime_cap_months)
            .with_param("max", MAX_LIFETIME_CAP_MONTHS));
        }
        Ok(())
    }
}

/// The value figures of one set of inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// LTV ([contract §1](crate::contract); undefined when churn is 0).
    #[serde(serialize_with = "ser_metric")]
    pub ltv: Metric<f64>,
    /// LTV over the lifetime cap, present only when churn is 0.
    pub ltv_capped: Option<f64>,
    /// LTV ÷ CAC.
    #[serde(serialize_with = "ser_metric")]
    pub ltv_cac: Metric<f64>,
    /// CAC ÷ (ARPA × gm).
    #[serde(serialize_with = "ser_metric")]
    pub payback_months: Metric<f64>,
    /// 1 − (1 − c)^payback.
    #[serde(serialize_with = "ser_metric")]
    pub lost_before_payback: Metric<f64>,
    /// starting customers × (1 − c)^12: customers of today's base still
    /// active after 12 months (no new customers counted).
    #[serde(serialize_with = "ser_metric")]
    pub customers_kept_12m: Metric<f64>,
    /// starting MRR × annual NRR: today's customers' MRR after 12 months,
    /// expansion included, new customers not.
    #[serde(serialize_with = "ser_metric")]
    pub mrr_kept_12m: Metric<f64>,
}

impl Figures {
    fn undefined(u: &Undefined) -> Self {
        Figures {
            ltv: Err(u.clone()),
            ltv_capped: None,
            ltv_cac: Err(u.clone()),
            payback_months: Err(u.clone()),
            lost_before_payback: Err(u.clone()),
            customers_kept_12m: Err(u.clone()),
            mrr_kept_12m: Err(u.clone()),
        }
    }
}

/// The figures of one set of inputs ([contract §6](crate::contract)): LTV, LTV : CAC, payback
/// months, share lost before payback (all as in [contract §1](crate::contract), see
/// [`super::acquisition`]), customers kept after 12 months = starting
/// customers × (1 − c)^12, and MRR kept after 12 months = starting MRR ×
/// annual NRR (NRR already is the 12-month ratio of the same customers' MRR,
/// churn, contraction and expansion included; compounding monthly churn on
/// top would count churn twice).
///
/// Edges: each figure is undefined with its own reason (e.g. LTV "no churn
/// observed", payback "no monthly margin"); out-of-range inputs make the
/// figures that use them undefined.
///
/// ```
/// use cxmetrics::metrics::scenario::{figures, Baseline};
/// let f = figures(&Baseline { arpa: 100.0, monthly_churn: 0.03, cac: 1_200.0,
///     starting_customers: 1_000.0, starting_mrr: 100_000.0, annual_nrr: 1.05,
///     ..Baseline::default() });
/// assert_eq!(f.payback_months, Ok(12.0));
/// assert_eq!((f.lost_before_payback.unwrap() * 1000.0).round() / 10.0, 30.6);
/// assert_eq!(f.mrr_kept_12m, Ok(105_000.0));
/// ```
pub fn figures(b: &Baseline) -> Figures {
    let l = ltv(&LtvInputs {
        arpa: b.arpa,
        gross_margin: b.gross_margin,
        monthly_churn: b.monthly_churn,
        discount_rate: Some(b.discount_rate),
        lifetime_cap_months: b.lifetime_cap_months,
    });
    let payback = payback_months(b.cac, b.arpa, b.gross_margin);
    let customers_kept_12m = check(Input::MonthlyChurn, b.monthly_churn).and_then(|c| {
        let s = check(Input::StartingCustomers, b.starting_customers)?;
        finite(
            s * (1.0 - c).powi(12),
            Why::new("too_many_customers", "too many customers to compute with"),
        )
    });
    let mrr_kept_12m = check(Input::StartingMrr, b.starting_mrr).and_then(|m| {
        let nrr = check(Input::AnnualNrr, b.annual_nrr)?;
        finite(
            m * nrr,
            Why::new("mrr_too_large", "the MRR is too large to compute with"),
        )
    });
    Figures {
        ltv_cac: l.value.clone().and_then(|v| ltv_cac(v, b.cac)),
        ltv_capped: l.capped.map(|c| c.value),
        ltv: l.value,
        lost_before_payback: payback
            .clone()
            .and_then(|p| lost_before_payback(b.monthly_churn, p)),
        payback_months: payback,
        customers_kept_12m,
        mrr_kept_12m,
    }
}

/// Scenario − baseline for each figure; undefined when either side is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deltas {
    /// LTV difference.
    #[serde(serialize_with = "ser_metric")]
    pub ltv: Metric<f64>,
    /// LTV : CAC difference.
    #[serde(serialize_with = "ser_metric")]
    pub ltv_cac: Metric<f64>,
    /// Payback months difference.
    #[serde(serialize_with = "ser_metric")]
    pub payback_months: Metric<f64>,
    /// Share lost before payback difference (fraction; × 100 = points).
    #[serde(serialize_with = "ser_metric")]
    pub lost_before_payback: Metric<f64>,
    /// Customers kept after 12 months difference.
    #[serde(serialize_with = "ser_metric")]
    pub customers_kept_12m: Metric<f64>,
    /// MRR kept after 12 months difference.
    #[serde(serialize_with = "ser_metric")]
    pub mrr_kept_12m: Metric<f64>,
}

fn delta(scenario: &Metric<f64>, baseline: &Metric<f64>) -> Metric<f64> {
    match (scenario, baseline) {
        (Ok(s), Ok(b)) => finite(
            s - b,
            Why::new(
                "difference_too_large",
                "the difference is too large to compute",
            ),
        ),
        (Err(u), _) => Err(u.clone()),
        (_, Err(u)) => Err(u.clone().within("baseline")),
    }
}

/// Baseline and scenario side by side ([contract §6](crate::contract)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The scenario's name.
    pub name: String,
    /// The changes applied.
    pub changes: Vec<InputChange>,
    /// The scenario's inputs, or why they are out of range.
    #[serde(serialize_with = "ser_metric")]
    pub scenario_inputs: Metric<Baseline>,
    /// The baseline's figures.
    pub baseline: Figures,
    /// The scenario's figures (all undefined with the reason when a change
    /// pushes an input out of range).
    pub scenario: Figures,
    /// scenario − baseline.
    pub delta: Deltas,
}

/// Compares a scenario with the baseline ([contract §6](crate::contract)): both sets of
/// [`figures`] and their differences.
///
/// Edge: a change that pushes an input out of range → every scenario figure
/// and delta undefined with that reason (e.g. "this makes monthly churn
/// 104.00 %; it must be between 0 % and 100 %").
///
/// ```
/// use cxmetrics::metrics::scenario::{compare, lower_cac, Baseline};
/// let base = Baseline { arpa: 100.0, monthly_churn: 0.03, cac: 1_200.0, ..Baseline::default() };
/// let c = compare(&base, &lower_cac());
/// assert!((c.scenario.payback_months.unwrap() - 10.2).abs() < 1e-9);
/// assert!((c.delta.payback_months.unwrap() + 1.8).abs() < 1e-9);
/// ```
pub fn compare(baseline: &Baseline, scenario: &Scenario) -> Comparison {
    let inputs = apply(baseline, &scenario.changes);
    let base = figures(baseline);
    let scen = match &inputs {
        Ok(b) => figures(b),
        Err(u) => Figures::undefined(u),
    };
    let delta = Deltas {
        ltv: delta(&scen.ltv, &base.ltv),
        ltv_cac: delta(&scen.ltv_cac, &base.ltv_cac),
        payback_months: delta(&scen.payback_months, &base.payback_months),
        lost_before_payback: delta(&scen.lost_before_payback, &base.lost_before_payback),
        customers_kept_12m: delta(&scen.customers_kept_12m, &base.customers_kept_12m),
        mrr_kept_12m: delta(&scen.mrr_kept_12m, &base.mrr_kept_12m),
    };
    Comparison {
        name: scenario.name.clone(),
        changes: scenario.changes.clone(),
        scenario_inputs: inputs,
        baseline: base,
        scenario: scen,
        delta,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn base() -> Baseline {
        Baseline {
            arpa: 100.0,
            gross_margin: 0.8,
            monthly_churn: 0.03,
            cac: 1_200.0,
            discount_rate: 0.0,
            lifetime_cap_months: 60,
            starting_customers: 1_000.0,
            starting_mrr: 100_000.0,
            annual_nrr: 1.02,
        }
    }

    fn close(a: &Metric<f64>, b: f64) -> bool {
        a.as_ref()
            .is_ok_and(|a| (a - b).abs() <= 1e-9 * b.abs().max(1.0))
    }

    #[test]
    fn baseline_figures_independently() {
        let f = figures(&base());
        // Independent arithmetic on the raw inputs.
        let ltv = 100.0 * 0.8 / 0.03;
        assert!(close(&f.ltv, ltv));
        assert!(close(&f.ltv_cac, ltv / 1_200.0));
        assert!(close(&f.payback_months, 15.0));
        let mut survivors = 1.0;
        for _ in 0..15 {
            survivors *= 0.97;
        }
        assert!(close(&f.lost_before_payback, 1.0 - survivors));
        let mut kept = 1_000.0;
        for _ in 0..12 {
            kept -= kept * 0.03;
        }
        assert!(close(&f.customers_kept_12m, kept));
        assert!(close(&f.mrr_kept_12m, 102_000.0));
        assert_eq!(f.ltv_capped, None);
    }

    #[test]
    fn presets() {
        let b = base();
        let p = compare(&b, &premium_support());
        let inputs = p.scenario_inputs.clone().unwrap();
        assert!((inputs.monthly_churn - 0.0288).abs() < 1e-15);
        assert!(close(&p.scenario.ltv, 80.0 / 0.0288));
        assert!(close(&p.delta.ltv, 80.0 / 0.0288 - 80.0 / 0.03));
        assert!(p.delta.customers_kept_12m.clone().unwrap() > 0.0);
        assert_eq!(p.delta.payback_months, Ok(0.0));
        assert_eq!(p.delta.mrr_kept_12m, Ok(0.0));

        let s = compare(&b, &success_team());
        assert!(close(&s.scenario.mrr_kept_12m, 112_000.0));
        assert!(close(&s.delta.mrr_kept_12m, 10_000.0));
        assert_eq!(s.delta.ltv, Ok(0.0));

        let c = compare(&b, &lower_cac());
        assert!(close(&c.scenario.payback_months, 1_020.0 / 80.0));
        assert!(close(&c.delta.payback_months, 1_020.0 / 80.0 - 15.0));
        assert!(c.delta.lost_before_payback.clone().unwrap() < 0.0);
    }

    #[test]
    fn relative_vs_absolute_are_different() {
        let b = base();
        let rel = apply(
            &b,
            &[InputChange {
                input: Input::MonthlyChurn,
                change: Change::Relative(-0.04),
            }],
        )
        .unwrap();
        let abs = apply(
            &b,
            &[InputChange {
                input: Input::MonthlyChurn,
                change: Change::Absolute(-0.04),
            }],
        );
        assert!((rel.monthly_churn - 0.0288).abs() < 1e-15);
        // −4 points from 3 % is −1 %: out of range, not clamped to 0.
        let u = abs.unwrap_err();
        assert!(u.reason.contains("monthly churn -1.00 %"), "{}", u.reason);
        let set = apply(
            &b,
            &[InputChange {
                input: Input::MonthlyChurn,
                change: Change::Set(0.01),
            }],
        )
        .unwrap();
        assert_eq!(set.monthly_churn, 0.01);
    }

    #[test]
    fn out_of_range_scenario_is_undefined_not_clamped() {
        let b = base();
        for (input, change) in [
            (Input::MonthlyChurn, Change::Absolute(0.99)),
            (Input::GrossMargin, Change::Relative(0.5)),
            (Input::Cac, Change::Set(-1.0)),
            (Input::Arpa, Change::Relative(f64::NAN)),
            (Input::AnnualNrr, Change::Absolute(-2.0)),
            (Input::LifetimeCapMonths, Change::Relative(0.01)), // 60.6 months
            (Input::LifetimeCapMonths, Change::Set(1e12)),
        ] {
            let c = compare(
                &b,
                &Scenario {
                    name: "x".into(),
                    changes: vec![InputChange { input, change }],
                },
            );
            assert!(c.scenario_inputs.is_err(), "{input:?}");
            let reason = c.scenario_inputs.clone().unwrap_err().reason;
            assert_eq!(c.scenario.ltv.clone().unwrap_err().reason, reason);
            assert_eq!(c.delta.mrr_kept_12m.clone().unwrap_err().reason, reason);
            assert!(c.baseline.ltv.is_ok());
        }
        let ok = apply(
            &b,
            &[InputChange {
                input: Input::LifetimeCapMonths,
                change: Change::Relative(-0.5),
            }],
        );
        assert_eq!(ok.unwrap().lifetime_cap_months, 30);
    }

    #[test]
    fn zero_churn_baseline() {
        let b = Baseline {
            monthly_churn: 0.0,
            ..base()
        };
        let f = figures(&b);
        assert_eq!(f.ltv.clone().unwrap_err().reason, "no churn observed");
        assert!(f.ltv_cac.is_err());
        assert_eq!(f.ltv_capped, Some(100.0 * 0.8 * 60.0));
        assert_eq!(f.customers_kept_12m, Ok(1_000.0));
        let c = compare(&b, &premium_support());
        assert!(c.delta.ltv.is_err());
        assert_eq!(c.delta.customers_kept_12m, Ok(0.0));
        let json = serde_json::to_string(&c).unwrap();
        assert!(
            json.contains(
                r#""ltv":{"value":null,"reason":"no churn observed","code":"no_churn_observed"}"#
            ),
            "{json}"
        );
        assert!(
            json.contains(r#""change":{"kind":"relative","amount":-0.04}"#),
            "{json}"
        );
    }

    fn any_change() -> impl Strategy<Value = Change> {
        let v = prop::num::f64::ANY;
        prop_oneof![
            v.prop_map(Change::Relative),
            v.prop_map(Change::Absolute),
            v.prop_map(Change::Set)
        ]
    }

    fn any_input() -> impl Strategy<Value = Input> {
        prop_oneof![
            Just(Input::Arpa),
            Just(Input::GrossMargin),
            Just(Input::MonthlyChurn),
            Just(Input::Cac),
            Just(Input::DiscountRate),
            Just(Input::LifetimeCapMonths),
            Just(Input::StartingCustomers),
            Just(Input::StartingMrr),
            Just(Input::AnnualNrr),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn never_nan_or_panic(
            changes in prop::collection::vec((any_input(), any_change()), 0..4),
            arpa in prop::num::f64::ANY, churn in prop::num::f64::ANY, cac in prop::num::f64::ANY,
        ) {
            let b = Baseline { arpa, monthly_churn: churn, cac, ..base() };
            let s = Scenario {
                name: "p".into(),
                changes: changes.into_iter().map(|(input, change)| InputChange { input, change }).collect(),
            };
            let c = compare(&b, &s);
            if let Ok(i) = &c.scenario_inputs {
                prop_assert!(i.check().is_ok());
                prop_assert!((0.0..=1.0).contains(&i.monthly_churn));
            }
            let fin = |m: &Metric<f64>| m.as_ref().map_or_else(|u| !u.reason.is_empty(), |v| v.is_finite());
            for f in [&c.baseline, &c.scenario] {
                prop_assert!(fin(&f.ltv) && fin(&f.ltv_cac) && fin(&f.payback_months));
                prop_assert!(fin(&f.lost_before_payback) && fin(&f.customers_kept_12m) && fin(&f.mrr_kept_12m));
                prop_assert!(f.ltv_capped.map_or(true, f64::is_finite));
            }
            let d = &c.delta;
            prop_assert!(fin(&d.ltv) && fin(&d.ltv_cac) && fin(&d.payback_months));
            prop_assert!(fin(&d.lost_before_payback) && fin(&d.customers_kept_12m) && fin(&d.mrr_kept_12m));
        }
    }
}
