//! Bad inputs are refused with one sentence naming the field; no input,
//! however shaped, panics or gives a figure that is not finite or undefined.

use super::*;
use proptest::prelude::*;
use serde_json::json;

#[test]
fn bad_inputs_name_the_field() {
    let nps = |v: Value| sentence("nps", v);
    assert_eq!(
        nps(json!({"promoters": 60, "passives": 25})),
        "“detractors” is missing: it must be a whole number of 0 or more."
    );
    assert_eq!(
        nps(json!({"promoters": "60", "passives": 25, "detractors": 15})),
        "“promoters” must be a whole number of 0 or more, not \"60\"."
    );
    assert_eq!(
        nps(json!({"promoters": -1, "passives": 25, "detractors": 15})),
        "“promoters” must be a whole number of 0 or more, not -1."
    );
    assert_eq!(
        nps(json!({"promoters": 2.5, "passives": 25, "detractors": 15})),
        "“promoters” must be a whole number of 0 or more, not 2.5."
    );
    assert_eq!(
        nps(json!({"promoters": 1e300, "passives": 25, "detractors": 15})),
        "“promoters” is too large: a count must be at most 9007199254740991 (2^53 − 1), not 1e300."
    );
    assert_eq!(
        nps(json!({"promoters": 60, "passives": 25, "detractors": 15, "promotors": 1})),
        "“promotors” is not an input of the nps calculator; it takes “promoters”, “passives” and “detractors”."
    );
    assert_eq!(
        nps(json!([60, 25, 15])),
        "the input of the nps calculator must be an object of named values, not a list."
    );
    assert_eq!(
        sentence("value", json!({"arpa": 100, "monthly_churn": -0.2})),
        "“monthly_churn” must be a number between 0 and 1, not -0.2."
    );
    assert_eq!(
        sentence(
            "nps_change",
            json!({"before": {"promoters": 1, "passives": 1, "detractors": 1, "x": 1},
                   "after": {}})
        ),
        "“before.x” is not an input of the nps_change calculator; “before” takes “promoters”, “passives” and “detractors”."
    );
    assert_eq!(
        sentence("nps_change", json!({"before": 5})),
        "“before” must be an object of named values, not 5."
    );
    assert_eq!(
        sentence(
            "cac",
            json!({"channels": [{"channel": "ads", "spend": 1, "new_customers": 1},
                                {"channel": "tv", "spend": -5, "new_customers": 1}]})
        ),
        "“channels[1].spend” must be a number of 0 or more, not -5."
    );
    assert_eq!(
        sentence("cac", json!({"channels": [{"channel": "ads", "spend": 1, "new": 1}]})),
        "“channels[0].new” is not an input of the cac calculator; “channels[0]” takes “channel”, “spend” and “new_customers”."
    );
    assert_eq!(
        sentence("cac", json!({"channels": "ads"})),
        "“channels” must be a list of objects, not \"ads\"."
    );
    assert_eq!(
        sentence("csat", json!({"counts": [1, 2, 3, 4, 5], "scale": "1-7"})),
        "“scale” must be \"1-5\" or \"1-10\", not \"1-7\"."
    );
    assert_eq!(
        sentence("csat", json!({"counts": [1, 2, 3, 4]})),
        "“counts” must list 5 numbers, the answers for each score from 1 to 5 on the 1-5 scale, not 4."
    );
    assert_eq!(
        sentence("csat", json!({"satisfied": 8, "responses": 5})),
        "“satisfied” (8) cannot be more than “responses” (5): satisfied answers are among the responses."
    );
    assert_eq!(
        sentence("churn", json!({"start": 10, "new": 0, "lost": 12})),
        "“lost” (12) cannot be more than “start” (10): lost counts only customers active at the start."
    );
    assert_eq!(
        sentence(
            "upsell",
            json!({"paid_up": "yes", "adoption": 0.5, "tenure_months": 3})
        ),
        "“paid_up” must be true or false, not \"yes\"."
    );
    assert_eq!(
        sentence("scenario_presets", json!({"x": 1})),
        "“x” is not an input of the scenario_presets calculator; it takes no inputs."
    );
    assert_eq!(
        sentence(
            "scenario",
            json!({"baseline": {"arpa": 1, "monthly_churn": 0.1, "cac": 1},
                   "changes": [{"input": "churn", "change": "relative", "amount": 0.1}]})
        ),
        "“changes[0].input” must be \"arpa\", \"gross_margin\", \"monthly_churn\", \"cac\", \"discount_rate\", \"lifetime_cap_months\", \"starting_customers\", \"starting_mrr\" or \"annual_nrr\", not \"churn\"."
    );
    assert_eq!(
        sentence("churn_convert", json!({"monthly": 0.1, "annual": 0.5})),
        "give exactly one of “monthly” and “annual” (a churn rate between 0 and 1)."
    );
    assert_eq!(
        sentence("durations", json!({"values": [1, null]})),
        "“values[1]” is missing: it must be a number of 0 or more."
    );
}

// ---- properties ----

/// The shape of each calculator's input, to generate well-formed inputs:
/// numbers mostly in range (extremes included), sometimes any number.
#[derive(Debug, Clone, Copy)]
enum K {
    /// A whole number of 0 or more.
    Count,
    /// A fraction 0–1.
    Rate,
    /// A number of 0 or more.
    Amount,
    /// Any number.
    Real,
    Text(&'static [&'static str]),
    Flag,
    /// A list of `n` counts (sometimes another length).
    Counts(usize),
    /// A list of amounts.
    Amounts,
    Objs(&'static [(&'static str, K)]),
    Obj(&'static [(&'static str, K)]),
}

type Fields = &'static [(&'static str, K)];

const NPS_F: Fields = &[
    ("promoters", K::Count),
    ("passives", K::Count),
    ("detractors", K::Count),
];
const CHANNEL_F: Fields = &[
    ("channel", K::Text(&["ads", "events", ""])),
    ("spend", K::Amount),
    ("new_customers", K::Count),
];
const MONTH_F: Fields = &[("start", K::Count), ("lost", K::Count)];
const FEATURES_F: Fields = &[
    ("features_used", K::Count),
    ("features_available", K::Count),
];
const ACTIVITY_F: Fields = &[
    ("name", K::Text(&["QBR", "onboarding call"])),
    ("hours_per_occurrence", K::Amount),
    ("occurrences_per_year", K::Amount),
];
const BASELINE_F: Fields = &[
    ("arpa", K::Amount),
    ("gross_margin", K::Rate),
    ("monthly_churn", K::Rate),
    ("cac", K::Amount),
    ("discount_rate", K::Rate),
    ("lifetime_cap_months", K::Count),
    ("starting_customers", K::Amount),
    ("starting_mrr", K::Amount),
    ("annual_nrr", K::Amount),
];
const CHANGE_F: Fields = &[
    (
        "input",
        K::Text(&[
            "arpa",
            "gross_margin",
            "monthly_churn",
            "cac",
            "discount_rate",
            "lifetime_cap_months",
            "starting_customers",
            "starting_mrr",
            "annual_nrr",
        ]),
    ),
    ("change", K::Text(&["relative", "absolute", "set"])),
    ("amount", K::Real),
];

/// The input shapes of a calculator (alternatives where it takes either).
fn schemas(name: &str) -> Vec<Fields> {
    match name {
        "nps" => vec![NPS_F],
        "nps_change" => vec![&[("before", K::Obj(NPS_F)), ("after", K::Obj(NPS_F))]],
        "csat" => vec![
            &[("satisfied", K::Count), ("responses", K::Count)],
            &[("counts", K::Counts(5)), ("scale", K::Text(&["1-5"]))],
            &[("counts", K::Counts(10)), ("scale", K::Text(&["1-10"]))],
        ],
        "ces" => vec![
            &[("counts", K::Counts(7)), ("scale", K::Text(&["1-7"]))],
            &[("counts", K::Counts(5)), ("scale", K::Text(&["1-5"]))],
        ],
        "cac" => vec![
            &[("spend", K::Amount), ("new_customers", K::Count)],
            &[("channels", K::Objs(CHANNEL_F))],
        ],
        "value" => vec![&[
            ("arpa", K::Amount),
            ("gross_margin", K::Rate),
            ("monthly_churn", K::Rate),
            ("cac", K::Amount),
            ("discount_rate", K::Rate),
            ("lifetime_cap_months", K::Count),
        ]],
        "arpa" => vec![&[("mrr", K::Amount), ("customers", K::Count)]],
        "churn" => vec![&[
            ("start", K::Count),
            ("new", K::Count),
            ("lost", K::Count),
            ("end", K::Count),
            ("new_and_lost", K::Count),
            ("target", K::Rate),
        ]],
        "churn_convert" => vec![&[("monthly", K::Rate)], &[("annual", K::Rate)]],
        "pooled_churn" => vec![&[("months", K::Objs(MONTH_F))]],
        "renewal_rate" => vec![&[("renewed", K::Count), ("up_for_renewal", K::Count)]],
        "revenue" => vec![&[
            ("mrr_start", K::Amount),
            ("expansion", K::Amount),
            ("contraction", K::Amount),
            ("churned", K::Amount),
            ("customers_start", K::Count),
            ("customers_expanded", K::Count),
        ]],
        "durations" => vec![&[("values", K::Amounts)]],
        "sla" => vec![&[
            ("met", K::Count),
            ("replied", K::Count),
            ("overdue_unreplied", K::Count),
        ]],
        "one_touch" => vec![&[("one_touch", K::Count), ("solved", K::Count)]],
        "onboarding" => vec![&[
            ("days", K::Amounts),
            ("in_onboarding", K::Count),
            ("target_days", K::Amount),
        ]],
        "email_open_rate" => vec![&[("opened", K::Count), ("sent", K::Count)]],
        "engagement" => vec![&[("active", K::Count), ("accounts", K::Count)]],
        "adoption" => vec![&[
            ("accounts", K::Objs(FEATURES_F)),
            ("good", K::Rate),
            ("excellent", K::Rate),
        ]],
        "upsell" => vec![&[
            ("paid_up", K::Flag),
            ("adoption", K::Rate),
            ("tenure_months", K::Amount),
            ("min_tenure_months", K::Amount),
            ("good", K::Rate),
        ]],
        "csm_capacity" => vec![&[
            ("activities", K::Objs(ACTIVITY_F)),
            ("accounts", K::Count),
            ("productive_hours_per_csm", K::Amount),
        ]],
        "scenario" => vec![
            &[
                ("baseline", K::Obj(BASELINE_F)),
                ("changes", K::Objs(CHANGE_F)),
            ],
            &[
                ("baseline", K::Obj(BASELINE_F)),
                (
                    "preset",
                    K::Text(&["premium_support", "success_team", "lower_cac"]),
                ),
            ],
        ],
        _ => vec![&[]],
    }
}

/// Any JSON number: negatives, fractions, huge ones.
fn any_number() -> BoxedStrategy<Value> {
    prop_oneof![
        (-2.0..2.0f64).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO)
            .prop_map(Value::from),
        prop::sample::select(vec![
            -0.0,
            1e15,
            1e300,
            -1e300,
            9_007_199_254_740_992.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            1201.0,
            0.5,
        ])
        .prop_map(Value::from),
    ]
    .boxed()
}

/// Mostly an in-range number of kind `k` (extremes included), sometimes
/// any number.
fn number_of(k: K) -> BoxedStrategy<Value> {
    let in_range = match k {
        K::Count => prop_oneof![
            6 => (0u64..40).prop_map(Value::from),
            1 => Just(Value::from(0u64)),
            1 => prop::sample::select(vec![1_000_000u64, 9_007_199_254_740_991])
                .prop_map(Value::from),
        ]
        .boxed(),
        K::Rate => prop_oneof![
            6 => (0.0..=1.0f64).prop_map(Value::from),
            1 => prop::sample::select(vec![0.0, 1.0, 1e-300]).prop_map(Value::from),
        ]
        .boxed(),
        K::Amount => prop_oneof![
            6 => (0.0..10_000.0f64).prop_map(Value::from),
            1 => prop::sample::select(vec![0.0, 1e-300, 1e15, 1e300, f64::MAX])
                .prop_map(Value::from),
        ]
        .boxed(),
        _ => any_number(),
    };
    prop_oneof![9 => in_range, 1 => any_number()].boxed()
}

fn shaped(k: K) -> BoxedStrategy<Value> {
    match k {
        K::Count | K::Rate | K::Amount | K::Real => number_of(k),
        K::Text(options) => prop::sample::select(options)
            .prop_map(|s| Value::String(s.to_string()))
            .boxed(),
        K::Flag => any::<bool>().prop_map(Value::Bool).boxed(),
        K::Counts(n) => prop_oneof![
            9 => prop::collection::vec(number_of(K::Count), n..=n),
            1 => prop::collection::vec(number_of(K::Count), 0..12),
        ]
        .prop_map(Value::Array)
        .boxed(),
        K::Amounts => prop::collection::vec(number_of(K::Amount), 0..12)
            .prop_map(Value::Array)
            .boxed(),
        K::Objs(fields) => prop::collection::vec(object(fields), 0..5)
            .prop_map(Value::Array)
            .boxed(),
        K::Obj(fields) => object(fields),
    }
}

fn object(fields: Fields) -> BoxedStrategy<Value> {
    let parts: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
        .iter()
        .map(|(name, k)| {
            prop::option::weighted(0.95, shaped(*k))
                .prop_map(move |v| v.map(|v| (name.to_string(), v)))
                .boxed()
        })
        .collect();
    parts
        .prop_map(|pairs| Value::Object(pairs.into_iter().flatten().collect()))
        .boxed()
}

/// A calculator and a well-formed input for it.
fn shaped_input() -> impl Strategy<Value = (&'static str, Value)> {
    prop::sample::select(NAMES.to_vec()).prop_flat_map(|name| {
        let shapes: Vec<BoxedStrategy<Value>> = schemas(name).into_iter().map(object).collect();
        (Just(name), prop::strategy::Union::new(shapes))
    })
}

/// Any JSON at all, with keys that are often real field names.
fn chaos() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "promoters",
        "passives",
        "detractors",
        "before",
        "after",
        "counts",
        "scale",
        "satisfied",
        "responses",
        "spend",
        "new_customers",
        "channels",
        "channel",
        "arpa",
        "monthly_churn",
        "cac",
        "gross_margin",
        "values",
        "days",
        "months",
        "start",
        "lost",
        "accounts",
        "baseline",
        "changes",
        "preset",
        "input",
        "change",
        "amount",
        "paid_up",
        "activities",
        "name",
        "x",
        "",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any_number(),
        (0u64..10).prop_map(Value::from),
        "[a-z1-9 -]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

fn check(name: &str, input: &Value) -> Result<(), TestCaseError> {
    match calculate(name, input) {
        Ok(v) => {
            prop_assert!(v.is_object(), "{name}: {v}");
            assert_figures(&v, name).map_err(TestCaseError::fail)?;
            if name == "upsell" {
                let u = &v["upsell_ready"];
                let empty = u["why_not"].as_array().is_some_and(|w| w.is_empty());
                prop_assert_eq!(u["ready"].as_bool(), Some(empty));
            }
        }
        Err(Error::Settings(s)) => {
            prop_assert!(!s.is_empty() && s.ends_with('.'), "{name}: {s}");
            prop_assert!(!s.contains('`'), "{name}: raw serde message: {s}");
        }
        Err(e) => prop_assert!(false, "{name}: not a settings error: {e:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn well_formed_inputs_give_figures_or_a_sentence((name, input) in shaped_input()) {
        check(name, &input)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_json_gives_figures_or_a_sentence(
        name in prop::sample::select(NAMES.to_vec()),
        input in chaos(),
    ) {
        check(name, &input)?;
    }

    #[test]
    fn counts_round_trip_through_nps(p in 0u64..1_000_000, pa in 0u64..1_000_000, d in 0u64..1_000_000) {
        let out = calculate("nps", &json!({"promoters": p, "passives": pa, "detractors": d})).unwrap();
        let n = p + pa + d;
        if n == 0 {
            prop_assert!(out["nps"]["value"].is_null());
        } else {
            let expected = 100.0 * (p as f64 - d as f64) / n as f64;
            prop_assert!((out["nps"]["value"].as_f64().unwrap() - expected).abs() < 1e-9);
            let lo = out["nps"]["ci95_low"].as_f64().unwrap();
            let hi = out["nps"]["ci95_high"].as_f64().unwrap();
            prop_assert!((-100.0..=100.0).contains(&lo) && lo <= hi && hi <= 100.0);
        }
    }
}
