//! The what-if calculators ([contract §6](crate::contract)): `scenario` (a baseline and
//! explicit changes, side by side) and `scenario_presets`, over [`crate::metrics::scenario`].

use super::acquisition::{capped, lifetime_cap};
use super::input::*;
use crate::error::Error;
use crate::metrics::acquisition::HEALTHY_LTV_CAC;
use crate::metrics::scenario::{self, Baseline, Change, Figures, Input, InputChange, Scenario};
use crate::metrics::Undefined;
use crate::report::json;
use crate::report::{figure, number};
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

/// A change as JSON, with its description.
pub(super) fn change_json(ch: &InputChange) -> Value {
    let input = INPUTS
        .iter()
        .find(|(_, i)| *i == ch.input)
        .map_or("", |(n, _)| n);
    let (kind, amount) = match ch.change {
        Change::Relative(x) => ("relative", x),
        Change::Absolute(x) => ("absolute", x),
        Change::Set(x) => ("set", x),
    };
    json!({
        "input": input, "change": kind, "amount": number(amount),
        "description": describe_change(ch),
    })
}

/// One side's value figures, with the [contract §8](crate::contract) ids.
pub(super) fn figures_json(f: &Figures, cap: u32) -> Value {
    let ltv_extra = match f.ltv_capped {
        Some(v) => json!({ "capped": capped(v, cap) }),
        None => json!({}),
    };
    json!({
        "ltv": figure(&f.ltv, ltv_extra),
        "ltv_cac": figure(&f.ltv_cac, json!({ "reference": HEALTHY_LTV_CAC })),
        "payback_months": figure(&f.payback_months, json!({})),
        "lost_before_payback": figure(&f.lost_before_payback, json!({})),
        "customers_after_12_months": figure(&f.customers_kept_12m, json!({})),
        "mrr_after_12_months": figure(&f.mrr_kept_12m, json!({})),
    })
}

/// Baseline and scenario side by side with their deltas
/// ([`scenario::compare`]). Without `starting_customers` (or
/// `starting_mrr`) the 12-month customer (MRR) figures are undefined with
/// that reason rather than computed from 0. Gross margin defaults to 100 %
/// and annual NRR to 100 %, both reported as assumed.
pub(super) fn scenario_calc(input: &Value) -> Result<Value, Error> {
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
    let d = &c.delta;
    let inputs = match &c.scenario_inputs {
        Ok(s) => serde_json::to_value(s).unwrap_or(Value::Null),
        Err(u) => figure(&Err(u.clone()), json!({})),
    };
    Ok(json!({
        "name": c.name,
        "changes": c.changes.iter().map(change_json).collect::<Vec<_>>(),
        "baseline": figures_json(&c.baseline, base.lifetime_cap_months),
        "scenario": figures_json(&c.scenario, scenario_cap),
        "delta": {
            "ltv": figure(&d.ltv, json!({})),
            "ltv_cac": figure(&d.ltv_cac, json!({})),
            "payback_months": figure(&d.payback_months, json!({})),
            "lost_before_payback": figure(&d.lost_before_payback, json!({})),
            "customers_after_12_months": figure(&d.customers_kept_12m, json!({})),
            "mrr_after_12_months": figure(&d.mrr_kept_12m, json!({})),
        },
        "scenario_inputs": inputs,
        "settings": {
            "gross_margin": number(base.gross_margin),
            "gross_margin_assumed": gm.is_none(),
            "annual_nrr": number(base.annual_nrr),
            "annual_nrr_assumed": nrr.is_none(),
            "discount_rate": number(base.discount_rate),
            "lifetime_cap_months": base.lifetime_cap_months,
        },
    }))
}

input! {
    struct NoInput {}
}

/// The scenario presets with their changes in words.
pub(super) fn scenario_presets(input: &Value) -> Result<Value, Error> {
    let NoInput {} = parse("scenario_presets", "", input)?;
    let presets: Vec<Value> = PRESETS
        .iter()
        .map(|(id, f)| {
            let s = f();
            json!({
                "id": id, "name": s.name,
                "changes": s.changes.iter().map(change_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({ "presets": presets }))
}
