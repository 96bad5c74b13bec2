//! The what-if calculators ([contract §6](crate::contract)): `scenario` (a baseline and
//! explicit changes, side by side) and `scenario_presets`, over [`crate::metrics::scenario`].

use super::acquisition::{capped, lifetime_cap, LtvDetails, RatioDetails};
use super::input::*;
use crate::error::Error;
use crate::metrics::acquisition::HEALTHY_LTV_CAC;
use crate::metrics::scenario::{
    self, Baseline, Change, Deltas, Figures, Input, InputChange, Scenario,
};
use crate::metrics::Undefined;
use crate::report::{Figure, NoDetails, Whole};
use serde::Serialize;
use serde_json::Value;

input! {
    struct ScenarioInput {
        baseline: Obj<BaselineInput>,
        changes: List<ChangeInput>,
        preset: Text,
    }
}

input! {
    struct BaselineInput {
        arpa: Num,
        gross_margin: Num,
        monthly_churn: Num,
        cac: Num,
        discount_rate: Num,
        lifetime_cap_months: Num,
        starting_customers: Num,
        starting_mrr: Num,
        annual_nrr: Num,
    }
}

input! {
    struct ChangeInput {
        input: Text,
        change: Text,
        amount: Num,
    }
}

/// Input names as the JSON gives them, in [`Input`]'s order.
pub(super) const INPUTS: [(&str, Input); 9] = [
    ("arpa", Input::Arpa),
    ("gross_margin", Input::GrossMargin),
    ("monthly_churn", Input::MonthlyChurn),
    ("cac", Input::Cac),
    ("discount_rate", Input::DiscountRate),
    ("lifetime_cap_months", Input::LifetimeCapMonths),
    ("starting_customers", Input::StartingCustomers),
    ("starting_mrr", Input::StartingMrr),
    ("annual_nrr", Input::AnnualNrr),
];

/// A preset's constructor in [`scenario`].
pub(super) type Preset = fn() -> Scenario;

/// The presets by id ([contract §6](crate::contract) examples).
pub(super) const PRESETS: [(&str, Preset); 3] = [
    ("premium_support", scenario::premium_support),
    ("success_team", scenario::success_team),
    ("lower_cac", scenario::lower_cac),
];

/// A number for a change description: at most four decimals, no trailing
/// zeros.
pub(super) fn plain(x: f64) -> String {
    if !x.is_finite() || x.abs() >= 1e15 {
        return show(x);
    }
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// `+x` or `−x` (a real minus sign).
pub(super) fn signed(x: f64) -> String {
    if x < 0.0 {
        format!("−{}", plain(-x))
    } else {
        format!("+{}", plain(x))
    }
}

/// A change in words: "monthly churn −4 % relative", "annual NRR +10
/// points", "CAC set to 1000".
pub(super) fn describe_change(ch: &InputChange) -> String {
    let label = ch.input.label();
    let rate = matches!(
        ch.input,
        Input::GrossMargin | Input::MonthlyChurn | Input::DiscountRate | Input::AnnualNrr
    );
    let unit = if ch.input == Input::LifetimeCapMonths {
        " months"
    } else {
        ""
    };
    match ch.change {
        Change::Relative(f) => format!("{label} {} % relative", signed(f * 100.0)),
        Change::Absolute(d) if rate => {
            let points = if (d * 100.0).abs() == 1.0 {
                "point"
            } else {
                "points"
            };
            format!("{label} {} {points}", signed(d * 100.0))
        }
        Change::Absolute(d) => format!("{label} {}{unit}", signed(d)),
        Change::Set(v) if rate => format!("{label} set to {} %", plain(v * 100.0)),
        Change::Set(v) => format!("{label} set to {}{unit}", plain(v)),
    }
}

/// A change as the answer gives it, with its description.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct ChangeShown {
    /// The input changed, as the JSON names it.
    input: &'static str,
    /// `relative`, `absolute` or `set`.
    change: &'static str,
    /// The amount of the change.
    amount: f64,
    /// The change in words.
    description: String,
}

impl ChangeShown {
    /// `ch` with its JSON names and its description.
    pub(super) fn of(ch: &InputChange) -> Self {
        let input = INPUTS
            .iter()
            .find(|(_, i)| *i == ch.input)
            .map_or("", |(n, _)| *n);
        let (change, amount) = match ch.change {
            Change::Relative(x) => ("relative", x),
            Change::Absolute(x) => ("absolute", x),
            Change::Set(x) => ("set", x),
        };
        ChangeShown {
            input,
            change,
            amount,
            description: describe_change(ch),
        }
    }
}

/// One side's value figures, with the [contract §8](crate::contract) ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct SideFigures {
    /// Lifetime value.
    ltv: Figure<f64, LtvDetails>,
    /// LTV ÷ CAC, with the healthy reference.
    ltv_cac: Figure<f64, RatioDetails>,
    /// Months to earn back the CAC.
    payback_months: Figure,
    /// Share of customers lost before payback.
    lost_before_payback: Figure,
    /// Customers left after twelve months.
    customers_after_12_months: Figure,
    /// MRR after twelve months.
    mrr_after_12_months: Figure,
}

impl SideFigures {
    /// The figures of one side; `cap` is its lifetime cap in months.
    fn of(f: &Figures, cap: u32) -> Self {
        SideFigures {
            ltv: Figure::new(
                f.ltv.clone(),
                LtvDetails {
                    capped: f.ltv_capped.map(|v| capped(v, cap)),
                },
            ),
            ltv_cac: Figure::new(
                f.ltv_cac.clone(),
                RatioDetails {
                    reference: HEALTHY_LTV_CAC,
                    capped: None,
                },
            ),
            payback_months: Figure::plain(f.payback_months.clone()),
            lost_before_payback: Figure::plain(f.lost_before_payback.clone()),
            customers_after_12_months: Figure::plain(f.customers_kept_12m.clone()),
            mrr_after_12_months: Figure::plain(f.mrr_kept_12m.clone()),
        }
    }
}

/// Scenario − baseline, figure by figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct DeltaFigures {
    /// Change of LTV.
    ltv: Figure,
    /// Change of LTV : CAC.
    ltv_cac: Figure,
    /// Change of the payback months.
    payback_months: Figure,
    /// Change of the share lost before payback.
    lost_before_payback: Figure,
    /// Change of the customers after twelve months.
    customers_after_12_months: Figure,
    /// Change of the MRR after twelve months.
    mrr_after_12_months: Figure,
}

impl DeltaFigures {
    /// The deltas as figures.
    fn of(d: &Deltas) -> Self {
        DeltaFigures {
            ltv: Figure::plain(d.ltv.clone()),
            ltv_cac: Figure::plain(d.ltv_cac.clone()),
            payback_months: Figure::plain(d.payback_months.clone()),
            lost_before_payback: Figure::plain(d.lost_before_payback.clone()),
            customers_after_12_months: Figure::plain(d.customers_kept_12m.clone()),
            mrr_after_12_months: Figure::plain(d.mrr_kept_12m.clone()),
        }
    }
}

/// The assumptions of `scenario`, defaults included.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct ScenarioSettings {
    /// Gross margin of the baseline.
    gross_margin: f64,
    /// Whether it is the default (1).
    gross_margin_assumed: bool,
    /// Annual NRR of the baseline.
    annual_nrr: f64,
    /// Whether it is the default (1).
    annual_nrr_assumed: bool,
    /// Monthly discount rate.
    discount_rate: f64,
    /// Lifetime cap in months.
    lifetime_cap_months: u32,
}

/// The answer of `scenario`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct ScenarioAnswer {
    /// The scenario's name (its changes in words, or the preset's name).
    name: String,
    /// The changes applied.
    changes: Vec<ChangeShown>,
    /// The baseline's figures.
    baseline: SideFigures,
    /// The scenario's figures.
    scenario: SideFigures,
    /// Scenario − baseline.
    delta: DeltaFigures,
    /// The scenario's inputs after the changes, or why there are none.
    scenario_inputs: Whole<Baseline>,
    /// The assumptions used.
    settings: ScenarioSettings,
}

/// Baseline and scenario side by side with their deltas
/// ([`scenario::compare`]). Without `starting_customers` (or
/// `starting_mrr`) the 12-month customer (MRR) figures are undefined with
/// that reason rather than computed from 0. Gross margin defaults to 100 %
/// and annual NRR to 100 %, both reported as assumed.
pub(super) fn scenario_calc(input: &Value) -> Result<ScenarioAnswer, Error> {
    const CALC: &str = "scenario";
    let i: ScenarioInput = parse(CALC, "", input)?;
    let b = i.baseline.record(CALC, "baseline")?;
    let p = |f: &str| at("baseline", f);
    let gm = b.gross_margin.fraction_opt(&p("gross_margin"))?;
    let nrr = b.annual_nrr.amount_opt(&p("annual_nrr"))?;
    let customers = b.starting_customers.amount_opt(&p("starting_customers"))?;
    let mrr = b.starting_mrr.amount_opt(&p("starting_mrr"))?;
    let base = Baseline {
        arpa: b.arpa.amount(&p("arpa"))?,
        gross_margin: gm.unwrap_or(1.0),
        monthly_churn: b.monthly_churn.fraction(&p("monthly_churn"))?,
        cac: b.cac.amount(&p("cac"))?,
        discount_rate: b
            .discount_rate
            .amount_opt(&p("discount_rate"))?
            .unwrap_or(0.0),
        lifetime_cap_months: lifetime_cap(&b.lifetime_cap_months, &p("lifetime_cap_months"))?,
        starting_customers: customers.unwrap_or(0.0),
        starting_mrr: mrr.unwrap_or(0.0),
        annual_nrr: nrr.unwrap_or(1.0),
    };

    let chosen = match (i.changes.is_missing(), i.preset.is_missing()) {
        (false, true) => {
            let list = i.changes.records(CALC, "changes")?.unwrap_or_default();
            let changes = list
                .iter()
                .map(|(p, c)| {
                    let names: Vec<&str> = INPUTS.iter().map(|(n, _)| *n).collect();
                    let k = c.input.choice(&at(p, "input"), &names, None)?;
                    let kind = c
                        .change
                        .choice(&at(p, "change"), &["relative", "absolute", "set"], None)?;
                    let amount = c.amount.real(&at(p, "amount"))?;
                    let change = match kind {
                        0 => Change::Relative(amount),
                        1 => Change::Absolute(amount),
                        _ => Change::Set(amount),
                    };
                    let input = INPUTS.get(k).map_or(Input::Arpa, |(_, i)| *i);
                    Ok(InputChange { input, change })
                })
                .collect::<Result<Vec<_>, Error>>()?;
            let words: Vec<String> = changes.iter().map(describe_change).collect();
            Scenario {
                name: if words.is_empty() {
                    "no change".into()
                } else {
                    words.join(", ")
                },
                changes,
            }
        }
        (true, false) => {
            let ids: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
            let k = i.preset.choice("preset", &ids, None)?;
            PRESETS.get(k).map_or_else(scenario::premium_support, |(_, f)| f())
        }
        _ => {
            return Err(Error::settings(
                "give exactly one of “changes” (a list of {\"input\", \"change\", \"amount\"}) and “preset”.",
            ))
        }
    };

    let mut c = scenario::compare(&base, &chosen);
    let blank = |what: &str, field: &str| {
        Undefined::new(
            "baseline_input_missing",
            format!("no {what} given: add “baseline.{field}” to see it"),
        )
        .with_param("field", format!("baseline.{field}"))
    };
    if customers.is_none() {
        let u = blank("starting customers", "starting_customers");
        c.baseline.customers_kept_12m = Err(u.clone());
        c.scenario.customers_kept_12m = Err(u.clone());
        c.delta.customers_kept_12m = Err(u);
    }
    if mrr.is_none() {
        let u = blank("starting MRR", "starting_mrr");
        c.baseline.mrr_kept_12m = Err(u.clone());
        c.scenario.mrr_kept_12m = Err(u.clone());
        c.delta.mrr_kept_12m = Err(u);
    }
    let scenario_cap = c
        .scenario_inputs
        .as_ref()
        .map_or(base.lifetime_cap_months, |s| s.lifetime_cap_months);
    Ok(ScenarioAnswer {
        changes: c.changes.iter().map(ChangeShown::of).collect(),
        baseline: SideFigures::of(&c.baseline, base.lifetime_cap_months),
        scenario: SideFigures::of(&c.scenario, scenario_cap),
        delta: DeltaFigures::of(&c.delta),
        scenario_inputs: Whole::new(c.scenario_inputs, NoDetails {}),
        name: c.name,
        settings: ScenarioSettings {
            gross_margin: base.gross_margin,
            gross_margin_assumed: gm.is_none(),
            annual_nrr: base.annual_nrr,
            annual_nrr_assumed: nrr.is_none(),
            discount_rate: base.discount_rate,
            lifetime_cap_months: base.lifetime_cap_months,
        },
    })
}

input! {
    struct NoInput {}
}

/// One preset as `scenario_presets` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct PresetShown {
    /// Its id, for `scenario`'s `preset`.
    id: &'static str,
    /// Its name.
    name: String,
    /// Its changes.
    changes: Vec<ChangeShown>,
}

/// The answer of `scenario_presets`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct PresetsAnswer {
    /// The presets, in a fixed order.
    presets: Vec<PresetShown>,
}

/// The scenario presets with their changes in words.
pub(super) fn scenario_presets(input: &Value) -> Result<PresetsAnswer, Error> {
    let NoInput {} = parse("scenario_presets", "", input)?;
    let presets = PRESETS
        .iter()
        .map(|(id, f)| {
            let s = f();
            PresetShown {
                id,
                name: s.name,
                changes: s.changes.iter().map(ChangeShown::of).collect(),
            }
        })
        .collect();
    Ok(PresetsAnswer { presets })
}
