//! The worked example of every calculator, and the helpers the input tests share.

mod answers;
mod inputs;

use super::*;
use serde_json::json;

fn run(name: &str, input: Value) -> Value {
    match calculate(name, &input) {
        Ok(v) => {
            assert_figures(&v, name).unwrap();
            v
        }
        Err(e) => panic!("{name} {input}: {e}"),
    }
}

fn sentence(name: &str, input: Value) -> String {
    match calculate(name, &input) {
        Err(Error::Settings(s)) => s,
        other => panic!("{name} {input}: expected a settings error, got {other:?}"),
    }
}

fn round(x: &Value, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x.as_f64().unwrap() * f).round() / f
}

/// Every object with a `value` is a figure: a number, or null with a
/// non-empty reason (and no reason beside a number).
fn assert_figures(v: &Value, path: &str) -> Result<(), String> {
    match v {
        Value::Object(m) => {
            if let Some(value) = m.get("value") {
                match (value, m.get("reason")) {
                    (Value::Null, Some(Value::String(r))) if !r.trim().is_empty() => {}
                    (Value::Number(_), None) => {}
                    _ => return Err(format!("{path}: bad figure {v}")),
                }
            }
            for (k, x) in m {
                assert_figures(x, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, x)| assert_figures(x, &format!("{path}[{i}]"))),
        _ => Ok(()),
    }
}

// ---- the table ----

#[test]
fn names_and_table_agree() {
    let table: Vec<&str> = TABLE.iter().map(|(n, _)| *n).collect();
    assert_eq!(table, NAMES);
    for name in NAMES {
        // Dispatches (any error is about the input, not the name).
        if let Err(e) = calculate(name, &json!({})) {
            assert!(!e.sentence().contains("no calculator"), "{name}: {e}");
        }
    }
}

#[test]
fn unknown_calculator_is_named() {
    let s = sentence("ltv_magic", json!({}));
    assert!(
        s.starts_with(
            "there is no calculator named “ltv_magic”; the calculators are: nps, nps_change, csat,"
        ),
        "{s}"
    );
}

// ---- worked examples of docs/metrics.md, JSON in and JSON out ----

#[test]
fn nps_worked_example() {
    let out = run(
        "nps",
        json!({"promoters": 60, "passives": 25, "detractors": 15}),
    );
    let nps = &out["nps"];
    assert_eq!(nps["value"], 45.0);
    assert_eq!(round(&nps["ci95_low"], 1), 29.3);
    assert_eq!(round(&nps["ci95_high"], 1), 58.0);
    assert_eq!(round(&nps["margin_of_error"], 1), 14.5);
    assert_eq!(
        (
            &nps["promoters"],
            &nps["passives"],
            &nps["detractors"],
            &nps["n"]
        ),
        (&json!(60), &json!(25), &json!(15), &json!(100))
    );
    // Independent: adjusted Wald by hand (Rocks 2016).
    let (n, p, d): (f64, f64, f64) = (103.0, 60.75 / 103.0, 15.75 / 103.0);
    let half = 1.96 * ((p + d - (p - d) * (p - d)) / n).sqrt();
    assert!((nps["ci95_low"].as_f64().unwrap() - 100.0 * (p - d - half)).abs() < 0.01);
    // Delighted's example: 10 / 5 / 5 → 25.
    let out = run(
        "nps",
        json!({"promoters": 10, "passives": 5, "detractors": 5}),
    );
    assert_eq!(out["nps"]["value"], 25.0);
    // No answers: undefined with the reason, counts kept.
    let out = run(
        "nps",
        json!({"promoters": 0, "passives": 0, "detractors": 0}),
    );
    assert_eq!(out["nps"]["reason"], "no survey responses");
    assert_eq!(out["nps"]["n"], Value::Null);
}

#[test]
fn nps_change_says_when_it_is_not_distinguishable() {
    let out = run(
        "nps_change",
        json!({"before": {"promoters": 60, "passives": 25, "detractors": 15},
               "after": {"promoters": 65, "passives": 20, "detractors": 15}}),
    );
    let c = &out["nps_change"];
    assert_eq!(c["value"], 5.0);
    assert_eq!(c["verdict"], "not_distinguishable");
    assert_eq!(c["sentence"], "not distinguishable from no change");
    assert!(c["ci95_low"].as_f64().unwrap() < 0.0 && c["ci95_high"].as_f64().unwrap() > 0.0);
    assert_eq!(out["nps_before"]["value"], 45.0);
    assert_eq!(out["nps_after"]["value"], 50.0);
    let big = run(
        "nps_change",
        json!({"before": {"promoters": 200, "passives": 400, "detractors": 400},
               "after": {"promoters": 600, "passives": 300, "detractors": 100}}),
    );
    assert_eq!(big["nps_change"]["verdict"], "increase");
    let none = run(
        "nps_change",
        json!({"before": {"promoters": 0, "passives": 0, "detractors": 0},
               "after": {"promoters": 1, "passives": 0, "detractors": 0}}),
    );
    assert_eq!(none["nps_change"]["reason"], "before: no survey responses");
}

#[test]
fn csat_worked_example_from_counts_and_from_totals() {
    // 42/32/10/9/14 answers for 5/4/3/2/1 → 74 of 107 → 69.2 %.
    let out = run("csat", json!({"counts": [14, 9, 10, 32, 42]}));
    let c = &out["csat"];
    assert_eq!(
        round(&(c["value"].as_f64().unwrap() * 100.0).into(), 1),
        69.2
    );
    assert_eq!((&c["satisfied"], &c["n"]), (&json!(74), &json!(107)));
    assert_eq!(out["settings"]["scale"], "1-5");
    // Independent Wilson interval.
    let (k, n, z) = (74.0, 107.0, 1.959_963_984_540_054f64);
    let p = k / n;
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z / (1.0 + z * z / n) * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    assert!((c["ci95_low"].as_f64().unwrap() - (centre - half)).abs() < 1e-12);
    assert!((c["ci95_high"].as_f64().unwrap() - (centre + half)).abs() < 1e-12);
    let totals = run("csat", json!({"satisfied": 74, "responses": 107}));
    assert_eq!(totals["csat"], out["csat"]);
    // 1–10: satisfied = 8, 9, 10.
    let ten = run(
        "csat",
        json!({"counts": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], "scale": "1-10"}),
    );
    assert_eq!(ten["csat"]["value"], 0.3);
    let none = run("csat", json!({"satisfied": 0, "responses": 0}));
    assert_eq!(none["csat"]["reason"], "no CSAT responses");
}

#[test]
fn ces_mean_and_low_effort_share() {
    let out = run("ces", json!({"counts": [0, 1, 0, 0, 1, 1, 1]}));
    assert_eq!(out["ces"]["value"], 5.0);
    assert_eq!(out["ces"]["n"], 4);
    assert_eq!(out["ces"]["share_low_effort"], 0.75);
    let five = run("ces", json!({"counts": [0, 0, 1, 1, 2], "scale": "1-5"}));
    assert_eq!(five["ces"]["value"], (3.0 + 4.0 + 10.0) / 4.0);
    assert_eq!(five["ces"]["share_low_effort"], 0.75);
}

#[test]
fn cac_worked_example_and_channels() {
    let out = run("cac", json!({"spend": 10_000, "new_customers": 5}));
    assert_eq!(out["cac"]["value"], 2_000.0);
    assert_eq!(out["spend"]["value"], 10_000.0);
    assert_eq!(out["new_customers"]["value"], 5.0);
    let out = run(
        "cac",
        json!({"channels": [
            {"channel": "ads", "spend": 6_000, "new_customers": 2},
            {"channel": "events", "spend": 4_000, "new_customers": 3},
            {"channel": "ads", "spend": 0, "new_customers": 1},
            {"channel": "partners", "spend": 500, "new_customers": 0}]}),
    );
    assert_eq!(out["cac"]["value"], 10_500.0 / 6.0);
    let by = out["cac"]["by_channel"].as_array().unwrap();
    assert_eq!(by.len(), 3);
    assert_eq!(
        (&by[0]["channel"], &by[0]["value"]),
        (&json!("ads"), &json!(2_000.0))
    );
    assert_eq!(by[2]["reason"], "no new customers in the period");
    assert_eq!(out["spend"]["value"], 10_500.0);
}

#[test]
fn value_worked_examples() {
    // Payback: CAC 1,200, ARPA 100, gm 100 % → 12 months; with c = 3 %
    // 30.6 % of new customers are lost before payback.
    let out = run(
        "value",
        json!({"arpa": 100, "monthly_churn": 0.03, "cac": 1_200}),
    );
    assert_eq!(out["payback_months"]["value"], 12.0);
    let lost = out["lost_before_payback"]["value"].as_f64().unwrap();
    assert_eq!((lost * 1000.0).round() / 10.0, 30.6);
    assert!((lost - (1.0 - 0.97f64.powi(12))).abs() < 1e-12);
    assert_eq!(out["settings"]["gross_margin_assumed"], true);
    assert_eq!(out["settings"]["gross_margin"], 1.0);
    assert_eq!(out["ltv_cac"]["reference"], 3.0);
    let ltv = out["ltv"]["value"].as_f64().unwrap();
    assert!((ltv - 100.0 / 0.03).abs() < 1e-9);
    assert!((out["ltv_cac"]["value"].as_f64().unwrap() - ltv / 1_200.0).abs() < 1e-12);
    assert!((out["expected_lifetime_months"]["value"].as_f64().unwrap() - 1.0 / 0.03).abs() < 1e-9);
    // Payback curve: break-even by brute force.
    let curve = &out["payback_curve"];
    let points = curve["points"].as_array().unwrap();
    assert_eq!(points.len(), 25);
    let mut cumulative = 0.0;
    let mut survival = 1.0;
    let mut brute = None;
    for k in 0..10_000u32 {
        if cumulative - 1_200.0 >= 0.0 {
            brute = Some(k);
            break;
        }
        cumulative += 100.0 * survival;
        survival *= 0.97;
    }
    assert_eq!(curve["value"], f64::from(brute.unwrap()));
    assert_eq!(curve["break_even_month"], curve["value"]);
    assert_eq!(points[12]["month"], 12);

    // LTV 100 × 80 % ÷ 2 % = 4,000; gross margin given, not assumed.
    let out = run(
        "value",
        json!({"arpa": 100, "gross_margin": 0.8, "monthly_churn": 0.02}),
    );
    assert!((out["ltv"]["value"].as_f64().unwrap() - 4_000.0).abs() < 1e-9);
    assert_eq!(out["settings"]["gross_margin_assumed"], false);
    assert!(out["payback_months"]["reason"]
        .as_str()
        .unwrap()
        .starts_with("no CAC given"));
    assert_eq!(out["payback_curve"]["points"], json!([]));

    // No churn: undefined, with the value capped at the lifetime and labelled.
    let out = run(
        "value",
        json!({"arpa": 100, "gross_margin": 0.8, "monthly_churn": 0, "cac": 1_000,
               "lifetime_cap_months": 36}),
    );
    assert_eq!(out["ltv"]["reason"], "no churn observed");
    assert_eq!(
        out["ltv"]["capped"],
        json!({"value": 2_880.0, "months": 36, "label": "capped"})
    );
    assert_eq!(out["ltv_cac"]["capped"]["value"], 2.88);
    assert_eq!(out["settings"]["lifetime_cap_months"], 36);
}

#[test]
fn arpa_and_renewal() {
    let out = run("arpa", json!({"mrr": 25_000, "customers": 250}));
    assert_eq!(out["arpa"]["value"], 100.0);
    let out = run("arpa", json!({"mrr": 25_000, "customers": 0}));
    assert_eq!(out["arpa"]["reason"], "no active customers");
    let out = run("renewal_rate", json!({"renewed": 45, "up_for_renewal": 50}));
    assert_eq!(out["renewal_rate"]["value"], 0.9);
}

#[test]
fn churn_worked_examples() {
    // S 200, L 10 → 5 %; S 200, N 30, E 220 → 95 %.
    let out = run(
        "churn",
        json!({"start": 200, "new": 30, "lost": 10, "end": 220}),
    );
    assert_eq!(out["customer_churn"]["value"], 0.05);
    assert_eq!(out["retention_rate"]["value"], 0.95);
    assert_eq!(out["retention_rate_literal"]["value"], 0.95);
    assert_eq!(out["net_change"]["value"], 20.0);
    assert_eq!(round(&out["annual_churn"]["value"], 3), 0.46);
    assert_eq!(out["settings"]["end_assumed"], false);
    assert!(out.get("churn_target").is_none());
    // end defaults to S − L + N − new and lost; the two retentions part
    // when customers started and cancelled inside the period.
    let out = run(
        "churn",
        json!({"start": 200, "new": 30, "lost": 10, "new_and_lost": 5, "target": 0.04}),
    );
    assert_eq!(out["settings"]["end"], 215);
    assert_eq!(out["settings"]["end_assumed"], true);
    assert_eq!(out["retention_rate"]["value"], 0.95);
    assert_eq!(out["retention_rate_literal"]["value"], 185.0 / 200.0);
    let t = &out["churn_target"];
    assert_eq!((&t["value"], &t["met"]), (&json!(0.04), &json!(false)));
    assert_eq!(t["status"], "missed");
    assert!((t["gap_points"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    let none = run("churn", json!({"start": 0, "new": 3, "lost": 0}));
    assert_eq!(
        none["customer_churn"]["reason"],
        "no customers at the start"
    );
}

#[test]
fn churn_conversion_round_trips() {
    let out = run("churn_convert", json!({"monthly": 0.05}));
    assert_eq!(round(&out["annual_churn"]["value"], 3), 0.46);
    assert_eq!(out["monthly_churn"]["value"], 0.05);
    let annual = out["annual_churn"]["value"].clone();
    let back = run("churn_convert", json!({ "annual": annual }));
    assert!((back["monthly_churn"]["value"].as_f64().unwrap() - 0.05).abs() < 1e-12);
    // Never × 12.
    assert_ne!(round(&out["annual_churn"]["value"], 3), 0.6);
}

#[test]
fn pooled_churn_weighs_by_exposure() {
    let out = run(
        "pooled_churn",
        json!({"months": [{"start": 200, "lost": 10}, {"start": 100, "lost": 30}]}),
    );
    let c = &out["customer_churn"];
    assert!((c["value"].as_f64().unwrap() - 40.0 / 300.0).abs() < 1e-15);
    assert_eq!((&c["start"], &c["lost"]), (&json!(300), &json!(40)));
    assert_eq!(c["months"][1]["value"], 0.3);
    let none = run("pooled_churn", json!({"months": []}));
    assert_eq!(
        none["customer_churn"]["reason"],
        "no customers at the start of any month"
    );
}

#[test]
fn revenue_retention() {
    let out = run(
        "revenue",
        json!({"mrr_start": 10_000, "expansion": 1_500, "contraction": 500, "churned": 1_000,
               "customers_start": 100, "customers_expanded": 10}),
    );
    assert_eq!(out["nrr"]["value"], 1.0);
    assert_eq!(out["grr"]["value"], 0.85);
    assert_eq!(out["gross_mrr_churn"]["value"], 0.15);
    assert_eq!(out["expansion_rate"]["value"], 0.1);
    assert_eq!(out["mrr_end"]["value"], 10_000.0);
    let out = run(
        "revenue",
        json!({"mrr_start": 0, "expansion": 0, "contraction": 0, "churned": 0}),
    );
    assert_eq!(out["nrr"]["reason"], "no MRR at the start");
    assert!(out["expansion_rate"]["reason"]
        .as_str()
        .unwrap()
        .contains("customers_start"));
}

#[test]
fn durations_sla_one_touch() {
    let out = run("durations", json!({"values": [40, 10, 30, 20]}));
    let d = &out["durations"];
    assert_eq!(
        (&d["n"], &d["mean"], &d["value"]),
        (&json!(4), &json!(25.0), &json!(25.0))
    );
    // Independent PERCENTILE.INC: rank 0.9 × 3 = 2.7 → 30 + 0.7 × 10.
    assert!((d["p90"].as_f64().unwrap() - 37.0).abs() < 1e-9);
    let none = run("durations", json!({"values": []}));
    assert_eq!(none["durations"]["reason"], "no values");
    let out = run(
        "sla",
        json!({"met": 8, "replied": 10, "overdue_unreplied": 2}),
    );
    assert_eq!(out["sla_attainment"]["value"], 8.0 / 12.0);
    let out = run("one_touch", json!({"one_touch": 3, "solved": 4}));
    assert_eq!(out["one_touch_rate"]["value"], 0.75);
}

#[test]
fn success_operations() {
    let out = run(
        "onboarding",
        json!({"days": [10, 20], "in_onboarding": 1, "target_days": 14}),
    );
    let t = &out["time_to_onboard_days"];
    assert_eq!(
        (&t["value"], &t["done"], &t["in_onboarding"]),
        (&json!(15.0), &json!(2), &json!(1))
    );
    assert_eq!(out["onboarded_within_target"]["value"], 0.5);
    let out = run("onboarding", json!({"days": [12.5, 40]}));
    assert_eq!(out["time_to_onboard_days"]["p90"], 12.5 + 0.9 * 27.5);
    assert_eq!(out["settings"]["target_days_assumed"], true);
    assert_eq!(out["onboarded_within_target"]["value"], 0.5);

    let out = run("email_open_rate", json!({"opened": 10, "sent": 20}));
    assert_eq!(out["email_open_rate"]["value"], 0.5);
    let out = run("engagement", json!({"active": 3, "accounts": 4}));
    assert_eq!(out["engaged_accounts"]["value"], 0.75);

    let out = run(
        "adoption",
        json!({"accounts": [
            {"features_used": 1, "features_available": 10},
            {"features_used": 5, "features_available": 10},
            {"features_used": 9, "features_available": 10}]}),
    );
    let a = &out["adoption"];
    assert!((a["value"].as_f64().unwrap() - 0.5).abs() < 1e-12);
    assert_eq!(a["bands"], json!({"bad": 1, "good": 1, "excellent": 1}));
    assert_eq!(out["settings"]["thresholds_assumed"], true);

    let ready = run(
        "upsell",
        json!({"paid_up": true, "adoption": 0.5, "tenure_months": 12}),
    );
    assert_eq!(ready["upsell_ready"]["value"], 1.0);
    assert_eq!(ready["upsell_ready"]["why_not"], json!([]));
    let late = run(
        "upsell",
        json!({"paid_up": false, "adoption": 0.2, "tenure_months": 3, "min_tenure_months": 6}),
    );
    let u = &late["upsell_ready"];
    assert_eq!((&u["value"], &u["ready"]), (&json!(0.0), &json!(false)));
    assert_eq!(
        u["why_not"],
        json!([
            "the account is not paid up: late payers are never upsell targets",
            "adoption 0.2 is below the good band (from 0.3)",
            "tenure 3 months is below the minimum 6 months"
        ])
    );
}

#[test]
fn csm_capacity_worked_example() {
    // QBR = 3 h, 4 a year, 100 accounts → 1,200 h a year.
    let out = run(
        "csm_capacity",
        json!({"activities": [{"name": "QBR", "hours_per_occurrence": 3, "occurrences_per_year": 4}],
               "accounts": 100}),
    );
    assert_eq!(out["hours_needed"]["value"], 1_200.0);
    assert_eq!(
        out["hours_needed"]["by_activity"],
        json!([{"name": "QBR", "hours_per_year": 1_200.0}])
    );
    assert_eq!(out["csm_needed"]["value"], 1_200.0 / 1_400.0);
    assert_eq!(out["csm_needed"]["whole"], 1.0);
    assert_eq!(out["settings"]["productive_hours_assumed"], true);
}

#[test]
fn scenario_side_by_side() {
    let base = json!({"arpa": 100, "monthly_churn": 0.03, "cac": 1_200,
                      "starting_customers": 1_000, "starting_mrr": 100_000, "annual_nrr": 1.05});
    let out = run("scenario", json!({"baseline": base, "preset": "lower_cac"}));
    assert_eq!(out["baseline"]["payback_months"]["value"], 12.0);
    assert!((out["scenario"]["payback_months"]["value"].as_f64().unwrap() - 10.2).abs() < 1e-9);
    assert!((out["delta"]["payback_months"]["value"].as_f64().unwrap() + 1.8).abs() < 1e-9);
    assert_eq!(out["changes"][0]["description"], "CAC −15 % relative");
    assert_eq!(out["baseline"]["mrr_after_12_months"]["value"], 105_000.0);
    let kept = out["baseline"]["customers_after_12_months"]["value"]
        .as_f64()
        .unwrap();
    assert!((kept - 1_000.0 * 0.97f64.powi(12)).abs() < 1e-9);

    let out = run(
        "scenario",
        json!({"baseline": base, "preset": "premium_support"}),
    );
    assert_eq!(
        out["changes"][0]["description"],
        "monthly churn −4 % relative"
    );
    assert!((out["scenario_inputs"]["monthly_churn"].as_f64().unwrap() - 0.0288).abs() < 1e-15);
    let out = run(
        "scenario",
        json!({"baseline": base, "preset": "success_team"}),
    );
    assert_eq!(out["changes"][0]["description"], "annual NRR +10 points");
    assert!(
        (out["scenario"]["mrr_after_12_months"]["value"]
            .as_f64()
            .unwrap()
            - 115_000.0)
            .abs()
            < 1e-6
    );

    let out = run(
        "scenario",
        json!({"baseline": {"arpa": 100, "monthly_churn": 0.03, "cac": 1_200},
               "changes": [{"input": "monthly_churn", "change": "absolute", "amount": -0.01},
                           {"input": "cac", "change": "set", "amount": 900}]}),
    );
    assert_eq!(out["name"], "monthly churn −1 point, CAC set to 900");
    assert!((out["scenario"]["payback_months"]["value"].as_f64().unwrap() - 9.0).abs() < 1e-12);
    assert!(out["baseline"]["customers_after_12_months"]["reason"]
        .as_str()
        .unwrap()
        .contains("baseline.starting_customers"));
    assert_eq!(out["settings"]["annual_nrr_assumed"], true);

    // A change that pushes churn out of range: every scenario figure says why.
    let out = run(
        "scenario",
        json!({"baseline": base,
               "changes": [{"input": "monthly_churn", "change": "absolute", "amount": 1}]}),
    );
    assert_eq!(
        out["scenario"]["ltv"]["reason"],
        "this makes monthly churn 103.00 %; it must be between 0 % and 100 %"
    );
    assert_eq!(out["scenario_inputs"]["value"], Value::Null);

    let presets = run("scenario_presets", json!({}));
    let list = presets["presets"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["id"], "premium_support");
    assert_eq!(
        list[0]["changes"][0]["description"],
        "monthly churn −4 % relative"
    );
    assert_eq!(list[2]["changes"][0]["amount"], -0.15);
    assert_eq!(run("scenario_presets", Value::Null), presets);
}
