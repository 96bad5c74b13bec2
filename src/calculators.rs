//! Typed-in calculators ([contract §1–§6](crate::contract)): every metric row reachable with
//! numbers typed in, through one generic entry point, (default `calculate`).
//!
//! The JavaScript door forwards `calculate(name, input)` here: `input` is a
//! JSON object of named inputs, the answer a JSON object of figures in the
//! [contract §8](crate::contract) figure format (`{"value": number}` or `{"value": null, "reason":
//! "…"}` plus metric-specific fields), keyed by the [contract §8](crate::contract) ids. Rates are
//! fractions (0.05 = 5 %). A key `settings`, when present, is not a figure:
//! it lists the assumptions used, defaults included (e.g.
//! `"gross_margin_assumed": true`), as the report's `settings` do.
//!
//! No formula lives here: each calculator checks its inputs and calls the
//! metric functions of (default `crate::metrics`).
//!
//! Inputs are checked, never clamped. A bad input — a missing field, a
//! wrong type, a number out of range, a part larger than its whole (more
//! satisfied answers than responses), an unknown field — is an
//! (default `Error::Settings`) whose sentence names the field and says what is
//! expected, e.g. "“monthly_churn” must be a number between 0 and 1, not
//! -0.2." A figure that has no value for valid inputs (no new customers, no
//! churn observed) is undefined with its reason instead. Nested fields are
//! named by their path, `before.promoters`, `channels[0].spend` (0-based).
//!
//! Counts are whole numbers from 0 to 2^53 − 1 (JavaScript's largest exact
//! integer); amounts are finite numbers of 0 or more.
//!
//! | name | input (defaults in parentheses) | figures |
//! |---|---|---|
//! | `nps` | `promoters`, `passives`, `detractors` | `nps` (+ `promoters`, `passives`, `detractors`, `n`, `ci95_low`, `ci95_high`, `margin_of_error`) |
//! | `nps_change` | `before`, `after`: each `{promoters, passives, detractors}` | `nps_change` (+ `before`, `after`, `ci95_low`, `ci95_high`, `verdict`, `sentence`), `nps_before`, `nps_after` |
//! | `csat` | `satisfied`, `responses`; or `counts` (answers per score from 1 up) with `scale` `"1-5"` \| `"1-10"` (default `"1-5"`) | `csat` (+ `satisfied`, `n`, `ci95_low`, `ci95_high`) |
//! | `ces` | `counts` (answers per score from 1 up), `scale` `"1-7"` \| `"1-5"` (default `"1-7"`) | `ces` (+ `n`, `share_low_effort`) |
//! | `cac` | `spend`, `new_customers`; or `channels`: `[{channel, spend, new_customers}]` | `cac` (+ `by_channel`), `spend`, `new_customers` |
//! | `value` | `arpa`, `monthly_churn`, `gross_margin` (default 1), `cac` (optional), `discount_rate` (default 0), `lifetime_cap_months` (default 60) | `ltv`, `expected_lifetime_months`, `ltv_cac` (+ `reference`: 3), `payback_months`, `lost_before_payback`, `payback_curve` |
//! | `arpa` | `mrr`, `customers` | `arpa` |
//! | `churn` | `start`, `new`, `lost`, `end` (default start − lost + new − new_and_lost), `new_and_lost` (default 0), `target` (optional) | `customer_churn`, `retention_rate`, `retention_rate_literal`, `net_change`, `annual_churn`, `churn_target` |
//! | `churn_convert` | `monthly` or `annual` | `monthly_churn`, `annual_churn` |
//! | `pooled_churn` | `months`: `[{start, lost}]` | `customer_churn` (+ `months`), `annual_churn` |
//! | `renewal_rate` | `renewed`, `up_for_renewal` | `renewal_rate` |
//! | `revenue` | `mrr_start`, `expansion`, `contraction`, `churned`, `customers_start`, `customers_expanded` (both or neither) | `nrr`, `grr`, `gross_mrr_churn`, `expansion_rate`, `mrr_start`, `mrr_end` |
//! | `durations` | `values`: `[number ≥ 0]` | `durations` (+ `n`, `mean`, `median`, `p90`, `p95`; value = median) |
//! | `sla` | `met`, `replied`, `overdue_unreplied` | `sla_attainment` |
//! | `one_touch` | `one_touch`, `solved` | `one_touch_rate` |
//! | `onboarding` | `days`: `[days]`, `in_onboarding` (default 0), `target_days` (default 30) | `time_to_onboard_days`, `onboarded_within_target` |
//! | `email_open_rate` | `opened`, `sent` | `email_open_rate` |
//! | `engagement` | `active`, `accounts` | `engaged_accounts` (value = share of accounts active) |
//! | `adoption` | `accounts`: `[{features_used, features_available}]`, `good` (default 0.30), `excellent` (default 0.70) | `adoption` (+ `median`, `accounts`, `bands`) |
//! | `upsell` | `paid_up`, `adoption`, `tenure_months`, `min_tenure_months` (default 6), `good` (default 0.30) | `upsell_ready` (value 1 or 0, + `ready`, `why_not`) |
//! | `csm_capacity` | `activities`: `[{name, hours_per_occurrence, occurrences_per_year}]`, `accounts`, `productive_hours_per_csm` (default 1400) | `hours_needed` (+ `by_activity`), `csm_needed` (+ `whole`) |
//! | `scenario` | `baseline`: `{arpa, monthly_churn, cac, gross_margin (default 1), discount_rate (default 0), lifetime_cap_months (default 60), starting_customers, starting_mrr, annual_nrr (default 1)}`; and `changes`: `[{input, change: "relative" \| "absolute" \| "set", amount}]` or `preset` | `baseline`, `scenario`, `delta` (each: `ltv`, `ltv_cac`, `payback_months`, `lost_before_payback`, `customers_after_12_months`, `mrr_after_12_months`), `changes` (with `description`) |
//! | `scenario_presets` | nothing | `presets`: `[{id, name, changes}]` |
//!
//! ```
//! use cxmetrics::calculators::calculate;
//! use serde_json::json;
//! let out = calculate("nps", &json!({"promoters": 60, "passives": 25, "detractors": 15})).unwrap();
//! assert_eq!(out["nps"]["value"], 45.0);
//! let err = calculate("value", &json!({"arpa": 100, "monthly_churn": -0.2})).unwrap_err();
//! assert_eq!(err.sentence(), "“monthly_churn” must be a number between 0 and 1, not -0.2.");
//! ```

use crate::error::Error;
use crate::metrics::acquisition::{self, ChannelSpend, LtvInputs, HEALTHY_LTV_CAC};
use crate::metrics::churn::{self, MonthCounts};
use crate::metrics::revenue::{self, MovementSums};
use crate::metrics::scenario::{self, Baseline, Change, Figures, Input, InputChange, Scenario};
use crate::metrics::stats::DurationStats;
use crate::metrics::success::{
    self, Activity, AdoptionBand, AdoptionTally, AdoptionThresholds, EmailOpenTally,
    OnboardingTally, UpsellCriteria,
};
use crate::metrics::survey::{self, CesScale, CesTally, CsatScale, CsatTally};
use crate::metrics::Why;
use crate::metrics::{finite, ratio, Metric, Undefined};
use crate::report::json;
use crate::report::Put;
use crate::report::{figure, number};
use serde_json::Value;
use std::marker::PhantomData;

/// The calculator names, in the order of the module's table (for docs and
/// tests).
pub const NAMES: &[&str] = &[
    "nps",
    "nps_change",
    "csat",
    "ces",
    "cac",
    "value",
    "arpa",
    "churn",
    "churn_convert",
    "pooled_churn",
    "renewal_rate",
    "revenue",
    "durations",
    "sla",
    "one_touch",
    "onboarding",
    "email_open_rate",
    "engagement",
    "adoption",
    "upsell",
    "csm_capacity",
    "scenario",
    "scenario_presets",
];

type Calculator = fn(&Value) -> Result<Value, Error>;

/// Name → calculator; the same names, in the same order, as [`NAMES`].
const TABLE: &[(&str, Calculator)] = &[
    ("nps", nps),
    ("nps_change", nps_change),
    ("csat", csat),
    ("ces", ces),
    ("cac", cac),
    ("value", value),
    ("arpa", arpa),
    ("churn", churn),
    ("churn_convert", churn_convert),
    ("pooled_churn", pooled_churn),
    ("renewal_rate", renewal_rate),
    ("revenue", revenue),
    ("durations", durations),
    ("sla", sla),
    ("one_touch", one_touch),
    ("onboarding", onboarding),
    ("email_open_rate", email_open_rate),
    ("engagement", engagement),
    ("adoption", adoption),
    ("upsell", upsell),
    ("csm_capacity", csm_capacity),
    ("scenario", scenario_calc),
    ("scenario_presets", scenario_presets),
];

/// Runs the typed-in calculator `name` on its JSON input; returns its
/// figures as JSON (see the module docs for each calculator's inputs,
/// defaults and figure ids).
///
/// Errors: an unknown name, or an input that is missing, of the wrong
/// type, out of range or not a known field → [`Error::Settings`] with one
/// sentence naming the field. A `null` input is taken as `{}`. Never
/// panics; every `"value": null` in the answer carries a `"reason"`.
///
/// ```
/// use cxmetrics::calculators::calculate;
/// use serde_json::json;
/// let out = calculate("cac", &json!({"spend": 10_000, "new_customers": 5})).unwrap();
/// assert_eq!(out["cac"]["value"], 2_000.0);
/// let none = calculate("cac", &json!({"spend": 10_000, "new_customers": 0})).unwrap();
/// assert_eq!(none["cac"]["reason"], "no new customers in the period");
/// assert!(calculate("ltv_magic", &json!({})).is_err());
/// ```
pub fn calculate(name: &str, input: &Value) -> Result<Value, Error> {
    match TABLE.iter().find(|(n, _)| *n == name) {
        Some((_, run)) => run(input),
        None => Err(Error::settings(format!(
            "there is no calculator named {}; the calculators are: {}.",
            quote(name),
            NAMES.join(", ")
        ))),
    }
}

// ---------------------------------------------------------------------------
// Lenient input fields: kept as typed, checked by the calculator, so that a
// wrong type is reported with its field's name (serde alone cannot say which
// field had the wrong type). `null` counts as missing.

/// A number field.
#[derive(Debug, Default)]
struct Num(Value);

/// A text field.
#[derive(Debug, Default)]
struct Text(Value);

/// A true/false field.
#[derive(Debug, Default)]
struct Flag(Value);

/// A list field whose items are `T` (numbers, or objects parsed as `T`).
#[derive(Debug)]
struct List<T> {
    raw: Value,
    item: PhantomData<T>,
}

/// A nested object field parsed as `T`.
#[derive(Debug)]
struct Obj<T> {
    raw: Value,
    item: PhantomData<T>,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            raw: Value::Null,
            item: PhantomData,
        }
    }
}

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Obj {
            raw: Value::Null,
            item: PhantomData,
        }
    }
}

/// The largest count accepted: 2^53 − 1, JavaScript's largest exact integer.
const MAX_COUNT: f64 = 9_007_199_254_740_991.0;
/// The largest number of days accepted for one onboarding.
const MAX_DAYS: f64 = 1.0e9;

const COUNT: &str = "a whole number of 0 or more";
const AMOUNT: &str = "a number of 0 or more";
const FRACTION: &str = "a number between 0 and 1";
const NUMBER: &str = "a number";

/// `“name”` with curly quotes, truncated for display.
fn quote(name: &str) -> String {
    let mut s: String = name.chars().take(60).collect();
    if name.chars().nth(60).is_some() {
        s.push('…');
    }
    format!("“{s}”")
}

/// A number for an error sentence: plain when reasonable, else exponent.
fn show(x: f64) -> String {
    let a = x.abs();
    if a >= 1e15 || (a < 1e-4 && x != 0.0) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// What the user gave, for "…, not X".
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) if u <= MAX_COUNT as u64 => u.to_string(),
            (_, Some(i), _) if i > -(MAX_COUNT as i64) => i.to_string(),
            (_, _, Some(x)) => show(x),
            _ => n.to_string(),
        },
        Value::String(s) => {
            let mut t: String = s.chars().take(40).collect();
            if s.chars().nth(40).is_some() {
                t.push('…');
            }
            serde_json::to_string(&t).unwrap_or_else(|_| "a text".into())
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn wrong(path: &str, expected: &str, got: &Value) -> Error {
    Error::settings(format!(
        "{} must be {expected}, not {}.",
        quote(path),
        describe(got)
    ))
}

fn missing(path: &str, expected: &str) -> Error {
    Error::settings(format!(
        "{} is missing: it must be {expected}.",
        quote(path)
    ))
}

/// `prefix.field`, or `field` at the top.
fn at(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_string()
    } else {
        format!("{prefix}.{field}")
    }
}

/// `part` must not exceed `whole` (a subset count, e.g. satisfied ⊆ responses).
fn at_most(part: (&str, u64), whole: (&str, u64), why: &str) -> Result<(), Error> {
    if part.1 > whole.1 {
        return Err(Error::settings(format!(
            "{} ({}) cannot be more than {} ({}): {why}.",
            quote(part.0),
            part.1,
            quote(whole.0),
            whole.1
        )));
    }
    Ok(())
}

/// A share of a whole from two typed counts: both whole numbers of 0 or
/// more, the part no larger than the whole (`why` says why); the figure
/// `id` is `share(part, whole)` and carries both counts under their names.
fn part_of_whole(
    (part_name, part): (&str, &Num),
    (whole_name, whole): (&str, &Num),
    why: &str,
    share: impl FnOnce(u64, u64) -> Metric<f64>,
    id: &str,
) -> Result<Value, Error> {
    let p = part.count(part_name)?;
    let w = whole.count(whole_name)?;
    at_most((part_name, p), (whole_name, w), why)?;
    let mut counts = serde_json::Map::new();
    counts.insert(part_name.into(), json!(p));
    counts.insert(whole_name.into(), json!(w));
    let mut out = serde_json::Map::new();
    out.insert(id.into(), figure(&share(p, w), Value::Object(counts)));
    Ok(Value::Object(out))
}

/// A calculator's input object: its fields, each a raw JSON value.
///
/// Written by [`input!`] rather than derived with serde: one shared,
/// non-generic reader ([`fields`]) serves every input struct, where serde
/// would add a deserializer per struct to the wasm.
trait Fields {
    /// The field names, in declaration order.
    const FIELDS: &'static [&'static str];
    /// The input from its fields' values, in [`Self::FIELDS`] order (a
    /// missing value is `null`).
    fn from_values(values: Vec<Value>) -> Self;
}

/// An input field: a raw JSON value, checked when the calculator reads it.
trait Field {
    /// The field holding `value`.
    fn from_value(value: Value) -> Self;
}

impl Field for Num {
    fn from_value(value: Value) -> Self {
        Num(value)
    }
}

impl Field for Text {
    fn from_value(value: Value) -> Self {
        Text(value)
    }
}

impl Field for Flag {
    fn from_value(value: Value) -> Self {
        Flag(value)
    }
}

impl<T> Field for List<T> {
    fn from_value(raw: Value) -> Self {
        List {
            raw,
            item: PhantomData,
        }
    }
}

impl<T> Field for Obj<T> {
    fn from_value(raw: Value) -> Self {
        Obj {
            raw,
            item: PhantomData,
        }
    }
}

/// The next field value, `null` past the end; out of line, so that each
/// field of each input struct costs a call rather than an inlined `next`.
#[inline(never)]
fn next_value(values: &mut std::vec::IntoIter<Value>) -> Value {
    values.next().unwrap_or_default()
}

/// Declares an input struct and its [`Fields`]: every field is optional
/// (missing or `null` is `null`), and a field not listed is an error.
macro_rules! input {
    (struct $name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        #[derive(Debug, Default)]
        struct $name {
            $($field: $ty,)*
        }

        impl Fields for $name {
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            #[allow(unused_mut, unused_variables)]
            fn from_values(values: Vec<Value>) -> Self {
                let mut values = values.into_iter();
                $name {
                    $($field: Field::from_value(next_value(&mut values)),)*
                }
            }
        }
    };
}

/// Parses `v` (an object; `null` at the top is `{}`) as the input struct
/// `T`; a field `T` does not have is an error naming it.
fn parse<T: Fields>(calc: &str, path: &str, v: &Value) -> Result<T, Error> {
    fields(calc, path, v, T::FIELDS).map(T::from_values)
}

/// The values of the fields `names` of the object `v`, in that order
/// (`null` when missing; no values for a `null` input at the top).
/// The first key, in key order, that is not in `names` is an error.
fn fields(calc: &str, path: &str, v: &Value, names: &[&str]) -> Result<Vec<Value>, Error> {
    let object = match v {
        Value::Object(object) => object,
        Value::Null if path.is_empty() => return Ok(Vec::new()),
        other if path.is_empty() => {
            return Err(Error::settings(format!(
                "the input of the {calc} calculator must be an object of named values, not {}.",
                describe(other)
            )))
        }
        other => return Err(wrong(path, "an object of named values", other)),
    };
    if let Some(field) = object.keys().find(|k| !names.contains(&k.as_str())) {
        return Err(unknown_field(calc, path, field, names));
    }
    Ok(names
        .iter()
        .map(|n| object.get(*n).cloned().unwrap_or_default())
        .collect())
}

/// "`x` is not an input of the … calculator; it takes `a` and `b`."
fn unknown_field(calc: &str, path: &str, field: &str, names: &[&str]) -> Error {
    let expected: Vec<String> = names.iter().map(|n| quote(n)).collect();
    let takes = match expected.split_last() {
        None => "no inputs".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    };
    let whose = if path.is_empty() {
        "it".to_string()
    } else {
        quote(path)
    };
    Error::settings(format!(
        "{} is not an input of the {calc} calculator; {whose} takes {takes}.",
        quote(&at(path, field))
    ))
}

impl Num {
    /// The number, `None` when missing; an error when it is not a number.
    fn read(&self, path: &str, expected: &str) -> Result<Option<f64>, Error> {
        match &self.0 {
            Value::Null => Ok(None),
            Value::Number(n) => n
                .as_f64()
                .filter(|x| x.is_finite())
                .map(Some)
                .ok_or_else(|| wrong(path, expected, &self.0)),
            other => Err(wrong(path, expected, other)),
        }
    }

    fn checked(
        &self,
        path: &str,
        expected: &str,
        ok: impl Fn(f64) -> bool,
    ) -> Result<Option<f64>, Error> {
        match self.read(path, expected)? {
            Some(x) if ok(x) => Ok(Some(x)),
            Some(_) => Err(wrong(path, expected, &self.0)),
            None => Ok(None),
        }
    }

    /// An optional count.
    fn count_opt(&self, path: &str) -> Result<Option<u64>, Error> {
        let Some(x) = self.checked(path, COUNT, |x| x >= 0.0 && x.fract() == 0.0)? else {
            return Ok(None);
        };
        if x > MAX_COUNT {
            return Err(Error::settings(format!(
                "{} is too large: a count must be at most 9007199254740991 (2^53 − 1), not {}.",
                quote(path),
                describe(&self.0)
            )));
        }
        Ok(Some(x as u64))
    }

    /// A required count.
    fn count(&self, path: &str) -> Result<u64, Error> {
        self.count_opt(path)?.ok_or_else(|| missing(path, COUNT))
    }

    /// A count, `default` when missing.
    fn count_or(&self, path: &str, default: u64) -> Result<u64, Error> {
        Ok(self.count_opt(path)?.unwrap_or(default))
    }

    /// An optional number ≥ 0.
    fn amount_opt(&self, path: &str) -> Result<Option<f64>, Error> {
        self.checked(path, AMOUNT, |x| x >= 0.0)
    }

    /// A required number ≥ 0.
    fn amount(&self, path: &str) -> Result<f64, Error> {
        self.amount_opt(path)?.ok_or_else(|| missing(path, AMOUNT))
    }

    /// An optional number from 0 to 1.
    fn fraction_opt(&self, path: &str) -> Result<Option<f64>, Error> {
        self.checked(path, FRACTION, |x| (0.0..=1.0).contains(&x))
    }

    /// A required number from 0 to 1.
    fn fraction(&self, path: &str) -> Result<f64, Error> {
        self.fraction_opt(path)?
            .ok_or_else(|| missing(path, FRACTION))
    }

    /// A required finite number of any sign.
    fn real(&self, path: &str) -> Result<f64, Error> {
        self.read(path, NUMBER)?
            .ok_or_else(|| missing(path, NUMBER))
    }

    /// A number accepted by `ok`, `default` when missing.
    fn within_or(
        &self,
        path: &str,
        expected: &str,
        ok: impl Fn(f64) -> bool,
        default: f64,
    ) -> Result<f64, Error> {
        Ok(self.checked(path, expected, ok)?.unwrap_or(default))
    }

    fn is_missing(&self) -> bool {
        self.0.is_null()
    }
}

impl Text {
    /// Which of `options` was given (`default` when missing).
    fn choice(&self, path: &str, options: &[&str], default: Option<usize>) -> Result<usize, Error> {
        let expected = match options.split_last() {
            Some((last, rest)) if !rest.is_empty() => {
                let quoted: Vec<String> = rest.iter().map(|o| format!("\"{o}\"")).collect();
                format!("{} or \"{last}\"", quoted.join(", "))
            }
            Some((last, _)) => format!("\"{last}\""),
            None => "nothing".into(),
        };
        match &self.0 {
            Value::Null => default.ok_or_else(|| missing(path, &expected)),
            Value::String(s) => options
                .iter()
                .position(|o| o == s)
                .ok_or_else(|| wrong(path, &expected, &self.0)),
            other => Err(wrong(path, &expected, other)),
        }
    }

    /// A required non-empty text.
    fn text(&self, path: &str) -> Result<String, Error> {
        match &self.0 {
            Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
            Value::Null => Err(missing(path, "a name")),
            other => Err(wrong(path, "a name", other)),
        }
    }

    fn is_missing(&self) -> bool {
        self.0.is_null()
    }
}

impl Flag {
    /// A required true/false.
    fn flag(&self, path: &str) -> Result<bool, Error> {
        match &self.0 {
            Value::Bool(b) => Ok(*b),
            Value::Null => Err(missing(path, "true or false")),
            other => Err(wrong(path, "true or false", other)),
        }
    }
}

impl<T> List<T> {
    /// The raw items; `None` when the list is missing.
    fn raw_items(&self, path: &str, expected: &str) -> Result<Option<&[Value]>, Error> {
        match &self.raw {
            Value::Null => Ok(None),
            Value::Array(items) => Ok(Some(items)),
            other => Err(wrong(path, expected, other)),
        }
    }

    fn is_missing(&self) -> bool {
        self.raw.is_null()
    }
}

impl List<Num> {
    /// The numbers with their paths (`values[3]`); `None` when missing.
    fn numbers(&self, path: &str) -> Result<Option<Vec<(String, Num)>>, Error> {
        let Some(items) = self.raw_items(path, "a list of numbers")? else {
            return Ok(None);
        };
        Ok(Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{path}[{i}]"), Num(v.clone())))
                .collect(),
        ))
    }
}

impl<T: Fields> List<T> {
    /// The objects, each parsed as `T`, with their paths; `None` when missing.
    fn records(&self, calc: &str, path: &str) -> Result<Option<Vec<(String, T)>>, Error> {
        let Some(items) = self.raw_items(path, "a list of objects")? else {
            return Ok(None);
        };
        items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let p = format!("{path}[{i}]");
                parse::<T>(calc, &p, v).map(|t| (p, t))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

impl<T: Fields> Obj<T> {
    /// The required nested object.
    fn record(&self, calc: &str, path: &str) -> Result<T, Error> {
        if self.raw.is_null() {
            return Err(missing(path, "an object of named values"));
        }
        parse(calc, path, &self.raw)
    }
}

// ---------------------------------------------------------------------------
// Output helpers.

/// A metric's number as JSON, `null` when undefined (inside a figure that
/// carries the reason).
fn num_or_null(m: &Metric<f64>) -> Value {
    m.as_ref().map_or(Value::Null, |x| number(*x))
}

/// A figure with a known value.
fn known(x: f64, extra: Value) -> Value {
    figure(
        &finite(
            x,
            Why::new(
                "number_too_large",
                "the number is too large to compute with",
            ),
        ),
        extra,
    )
}

/// Merges `extra`'s fields into the object `fig`.
fn with(mut fig: Value, extra: Value) -> Value {
    if let (Value::Object(f), Value::Object(e)) = (&mut fig, extra) {
        f.extend(e);
    }
    fig
}

// ---------------------------------------------------------------------------
// §3 Surveys.

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
fn nps_figure((promoters, passives, detractors): (u64, u64, u64)) -> Value {
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
fn nps(input: &Value) -> Result<Value, Error> {
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
fn nps_change(input: &Value) -> Result<Value, Error> {
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
fn score_counts<const N: usize>(
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
fn csat(input: &Value) -> Result<Value, Error> {
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
fn ces(input: &Value) -> Result<Value, Error> {
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

// ---------------------------------------------------------------------------
// §1 Acquisition and value.

input! {
    struct CacInput {
        spend: Num,
        new_customers: Num,
        channels: List<ChannelInput>,
    }
}

input! {
    struct ChannelInput {
        channel: Text,
        spend: Num,
        new_customers: Num,
    }
}

/// CAC in total or per channel ([`acquisition::cac`],
/// [`acquisition::cac_by_channel`]).
fn cac(input: &Value) -> Result<Value, Error> {
    const CALC: &str = "cac";
    let i: CacInput = parse(CALC, "", input)?;
    let Some(channels) = i.channels.records(CALC, "channels")? else {
        let spend = i.spend.amount("spend")?;
        let new_customers = i.new_customers.count("new_customers")?;
        let c = acquisition::cac(spend, new_customers);
        return Ok(json!({
            "cac": figure(&c, json!({ "spend": number(spend), "new_customers": new_customers })),
            "spend": known(spend, json!({})),
            "new_customers": known(new_customers as f64, json!({})),
        }));
    };
    if !i.spend.is_missing() || !i.new_customers.is_missing() {
        return Err(Error::settings(
            "give either “channels” or “spend” and “new_customers”, not both.",
        ));
    }
    let entries = channels
        .iter()
        .map(|(p, c)| {
            Ok(ChannelSpend {
                channel: c.channel.text(&at(p, "channel"))?,
                spend: c.spend.amount(&at(p, "spend"))?,
                new_customers: c.new_customers.count(&at(p, "new_customers"))?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let c = acquisition::cac_by_channel(&entries);
    let by_channel: Vec<Value> = c
        .by_channel
        .iter()
        .map(|ch| {
            figure(
                &ch.cac,
                json!({ "channel": ch.channel, "spend": num_or_null(&ch.spend),
                        "new_customers": ch.new_customers }),
            )
        })
        .collect();
    Ok(json!({
        "cac": figure(&c.total.cac, json!({
            "spend": num_or_null(&c.total.spend),
            "new_customers": c.total.new_customers,
            "by_channel": by_channel,
        })),
        "spend": figure(&c.total.spend, json!({})),
        "new_customers": known(c.total.new_customers as f64, json!({})),
    }))
}

input! {
    struct ValueInput {
        arpa: Num,
        gross_margin: Num,
        monthly_churn: Num,
        cac: Num,
        discount_rate: Num,
        lifetime_cap_months: Num,
    }
}

/// The lifetime cap: a whole number of months from 0 to the scenario
/// module's maximum; the default of the [contract](crate::contract) when missing.
fn lifetime_cap(n: &Num, path: &str) -> Result<u32, Error> {
    let max = scenario::MAX_LIFETIME_CAP_MONTHS;
    let expected = format!("a whole number of months from 0 to {max}");
    let m = n.within_or(
        path,
        &expected,
        |x| x.fract() == 0.0 && (0.0..=f64::from(max)).contains(&x),
        f64::from(acquisition::DEFAULT_LIFETIME_CAP_MONTHS),
    )?;
    Ok(m as u32)
}

/// The `capped` field of an LTV figure when no churn was observed.
fn capped(value: f64, months: u32) -> Value {
    json!({ "value": number(value), "months": months, "label": "capped" })
}

/// LTV, LTV : CAC, payback, share lost before payback and the payback
/// curve ([contract §1](crate::contract), [`acquisition`]). Without `cac`, the CAC figures are
/// undefined with the reason "no CAC given"; gross margin defaults to 100 %
/// and `settings.gross_margin_assumed` says so.
fn value(input: &Value) -> Result<Value, Error> {
    let i: ValueInput = parse("value", "", input)?;
    let arpa = i.arpa.amount("arpa")?;
    let gm = i.gross_margin.fraction_opt("gross_margin")?;
    let churn = i.monthly_churn.fraction("monthly_churn")?;
    let cac = i.cac.amount_opt("cac")?;
    let discount = i.discount_rate.amount_opt("discount_rate")?;
    let cap = lifetime_cap(&i.lifetime_cap_months, "lifetime_cap_months")?;
    let margin = gm.unwrap_or(1.0);

    let ltv = acquisition::ltv(&LtvInputs {
        arpa,
        gross_margin: margin,
        monthly_churn: churn,
        discount_rate: discount,
        lifetime_cap_months: cap,
    });
    let no_cac = || Undefined::new("no_cac_given", "no CAC given: add “cac” to see it");
    let with_cac = |f: &dyn Fn(f64) -> Metric<f64>| cac.map_or_else(|| Err(no_cac()), f);
    let ltv_cac = with_cac(&|k| ltv.value.clone().and_then(|v| acquisition::ltv_cac(v, k)));
    let payback = with_cac(&|k| acquisition::payback_months(k, arpa, margin));
    let lost = payback
        .clone()
        .and_then(|p| acquisition::lost_before_payback(churn, p));

    let mut ltv_extra = json!({});
    let mut ratio_extra = json!({ "reference": HEALTHY_LTV_CAC });
    if let Some(c) = &ltv.capped {
        ltv_extra = json!({ "capped": capped(c.value, c.months) });
        if let Some(Ok(r)) = cac.map(|k| acquisition::ltv_cac(c.value, k)) {
            ratio_extra = with(ratio_extra, json!({ "capped": capped(r, c.months) }));
        }
    }

    let curve = match cac {
        Some(k) => acquisition::payback_curve(k, arpa, margin, churn),
        None => Err(no_cac()),
    };
    let curve = match curve {
        Ok(c) => {
            let month = c.break_even_month.map(|m| m as f64);
            let points: Vec<Value> = c
                .points
                .iter()
                .map(|p| json!({ "month": p.month, "value": number(p.value) }))
                .collect();
            figure(
                &month,
                json!({
                    "break_even_month": num_or_null(&month),
                    "points": points,
                    "margin_limit": figure(&c.margin_limit, json!({})),
                }),
            )
        }
        Err(u) => figure(&Err(u), json!({ "break_even_month": null, "points": [] })),
    };

    Ok(json!({
        "ltv": figure(&ltv.value, ltv_extra),
        "expected_lifetime_months": figure(&ltv.expected_lifetime_months, json!({})),
        "ltv_cac": figure(&ltv_cac, ratio_extra),
        "payback_months": figure(&payback, json!({})),
        "lost_before_payback": figure(&lost, json!({})),
        "payback_curve": curve,
        "settings": {
            "gross_margin": number(margin),
            "gross_margin_assumed": gm.is_none(),
            "discount_rate": number(discount.unwrap_or(0.0)),
            "lifetime_cap_months": cap,
        },
    }))
}

input! {
    struct ArpaInput {
        mrr: Num,
        customers: Num,
    }
}

/// ARPA = MRR ÷ customers ([`acquisition::arpa`]).
fn arpa(input: &Value) -> Result<Value, Error> {
    let i: ArpaInput = parse("arpa", "", input)?;
    let mrr = i.mrr.amount("mrr")?;
    let customers = i.customers.count("customers")?;
    let a = acquisition::arpa(mrr, customers);
    Ok(json!({ "arpa": figure(&a, json!({ "mrr": number(mrr), "customers": customers })) }))
}

// ---------------------------------------------------------------------------
// §2 Churn and retention.

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
fn churn(input: &Value) -> Result<Value, Error> {
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
fn churn_convert(input: &Value) -> Result<Value, Error> {
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
fn pooled_churn(input: &Value) -> Result<Value, Error> {
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
fn renewal_rate(input: &Value) -> Result<Value, Error> {
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
fn mrr_amount(n: &Num, path: &str) -> Result<f64, Error> {
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
fn revenue(input: &Value) -> Result<Value, Error> {
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

// ---------------------------------------------------------------------------
// §4 Support tickets.

input! {
    struct DurationsInput {
        values: List<Num>,
    }
}

/// count, mean, median, p90, p95 of durations ([`DurationStats`]).
fn durations(input: &Value) -> Result<Value, Error> {
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
fn sla(input: &Value) -> Result<Value, Error> {
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
fn one_touch(input: &Value) -> Result<Value, Error> {
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

// ---------------------------------------------------------------------------
// §5 Customer success operations.

input! {
    struct OnboardingInput {
        days: List<Num>,
        in_onboarding: Num,
        target_days: Num,
    }
}

/// Time to onboard and the share done within the target
/// ([`OnboardingTally`]). Days are counted to the second (the tally works
/// in seconds).
fn onboarding(input: &Value) -> Result<Value, Error> {
    let i: OnboardingInput = parse("onboarding", "", input)?;
    let days = i
        .days
        .numbers("days")?
        .ok_or_else(|| missing("days", "a list of days to onboard, one per account done"))?;
    let in_onboarding = i.in_onboarding.count_or("in_onboarding", 0)?;
    let target = i.target_days.amount_opt("target_days")?;
    let target_days = target.unwrap_or(success::DEFAULT_ONBOARDING_TARGET_DAYS);
    let mut tally = OnboardingTally::new(target_days);
    let expected = format!("a number of days from 0 to {}", show(MAX_DAYS));
    for (p, d) in &days {
        let x = d
            .checked(p, &expected, |x| (0.0..=MAX_DAYS).contains(&x))?
            .ok_or_else(|| missing(p, &expected))?;
        let seconds = (x * 86_400.0).round() as i64;
        tally
            .push(0, Some(seconds))
            .map_err(|reason| Error::settings(format!("{}: {reason}.", quote(p))))?;
    }
    let mut o = tally.finish();
    o.in_onboarding = in_onboarding;
    Ok(json!({
        "time_to_onboard_days": with(o.days.figure(), json!({
            "done": o.done, "in_onboarding": o.in_onboarding,
        })),
        "onboarded_within_target": figure(&o.within_target, json!({
            "accounts_within_target": o.within_target_count, "done": o.done,
            "target_days": number(o.target_days),
        })),
        "settings": { "target_days": number(target_days), "target_days_assumed": target.is_none() },
    }))
}

input! {
    struct EmailInput {
        opened: Num,
        sent: Num,
    }
}

/// Onboarding email open rate ([`EmailOpenTally`]).
fn email_open_rate(input: &Value) -> Result<Value, Error> {
    let i: EmailInput = parse("email_open_rate", "", input)?;
    let opened = i.opened.count("opened")?;
    let sent = i.sent.count("sent")?;
    at_most(
        ("opened", opened),
        ("sent", sent),
        "opened emails are among the sent ones",
    )?;
    let mut tally = EmailOpenTally::default();
    tally
        .push(sent as f64, opened as f64)
        .map_err(|reason| Error::settings(format!("{reason}.")))?;
    let r = tally.finish();
    Ok(json!({
        "email_open_rate": figure(&r.map(|r| r.value), json!({ "opened": opened, "sent": sent })),
    }))
}

input! {
    struct EngagementInput {
        active: Num,
        accounts: Num,
    }
}

/// Engagement ([contract §5](crate::contract)): accounts active ÷ accounts, as the engagement
/// tally's ratio with its reason.
fn engagement(input: &Value) -> Result<Value, Error> {
    let i: EngagementInput = parse("engagement", "", input)?;
    part_of_whole(
        ("active", &i.active),
        ("accounts", &i.accounts),
        "active accounts are among all accounts",
        |p, w| ratio(p as f64, w as f64, Why::new("no_accounts", "no accounts")),
        "engaged_accounts",
    )
}

input! {
    struct AdoptionInput {
        accounts: List<AccountFeatures>,
        good: Num,
        excellent: Num,
    }
}

input! {
    struct AccountFeatures {
        features_used: Num,
        features_available: Num,
    }
}

/// Band thresholds `good` ≤ `excellent`, fractions, defaults 0.30 / 0.70.
fn thresholds(good: &Num, excellent: &Num) -> Result<(AdoptionThresholds, bool), Error> {
    let d = AdoptionThresholds::default();
    let g = good.fraction_opt("good")?;
    let e = excellent.fraction_opt("excellent")?;
    let t = AdoptionThresholds {
        good_from: g.unwrap_or(d.good_from),
        excellent_above: e.unwrap_or(d.excellent_above),
    };
    if !t.is_valid() {
        return Err(Error::settings(format!(
            "“good” ({}) cannot be above “excellent” ({}).",
            show(t.good_from),
            show(t.excellent_above)
        )));
    }
    Ok((t, g.is_none() && e.is_none()))
}

/// Feature adoption over accounts, banded ([`AdoptionTally`]).
fn adoption(input: &Value) -> Result<Value, Error> {
    const CALC: &str = "adoption";
    let i: AdoptionInput = parse(CALC, "", input)?;
    let (t, assumed) = thresholds(&i.good, &i.excellent)?;
    let accounts = i.accounts.records(CALC, "accounts")?.ok_or_else(|| {
        missing(
            "accounts",
            "a list of {\"features_used\", \"features_available\"} objects",
        )
    })?;
    let mut tally = AdoptionTally::new(t);
    for (p, a) in &accounts {
        let used = a.features_used.count(&at(p, "features_used"))?;
        let available = a.features_available.count(&at(p, "features_available"))?;
        if available == 0 {
            return Err(Error::settings(format!(
                "{} must be at least 1: {}.",
                quote(&at(p, "features_available")),
                success::NO_FEATURES_REASON
            )));
        }
        at_most(
            (&at(p, "features_used"), used),
            (&at(p, "features_available"), available),
            "used features are among the available ones",
        )?;
        tally
            .push(used as f64, available as f64)
            .map_err(|reason| Error::settings(format!("{}: {reason}.", quote(p))))?;
    }
    let a = tally.finish();
    let extra = match &a {
        Ok(a) => json!({
            "median": num_or_null(&a.median), "accounts": a.accounts,
            "bands": { "bad": a.bad, "good": a.good, "excellent": a.excellent },
        }),
        Err(_) => json!({ "accounts": 0 }),
    };
    Ok(json!({
        "adoption": figure(&a.map(|a| a.value), extra),
        "settings": {
            "good": number(t.good_from), "excellent": number(t.excellent_above),
            "thresholds_assumed": assumed,
        },
    }))
}

input! {
    struct UpsellInput {
        paid_up: Flag,
        adoption: Num,
        tenure_months: Num,
        min_tenure_months: Num,
        good: Num,
    }
}

/// Whether one account is upsell-ready ([`success::is_upsell_ready`]),
/// with a sentence per criterion it misses.
fn upsell(input: &Value) -> Result<Value, Error> {
    let i: UpsellInput = parse("upsell", "", input)?;
    let paid_up = i.paid_up.flag("paid_up")?;
    let adoption = i.adoption.fraction("adoption")?;
    let tenure = i.tenure_months.amount("tenure_months")?;
    let criteria = UpsellCriteria {
        min_tenure_months: i
            .min_tenure_months
            .amount_opt("min_tenure_months")?
            .unwrap_or(UpsellCriteria::default().min_tenure_months),
    };
    let good = i
        .good
        .fraction_opt("good")?
        .unwrap_or(AdoptionThresholds::default().good_from);
    let band = AdoptionThresholds {
        good_from: good,
        excellent_above: 1.0,
    }
    .band(adoption);
    let ready = success::is_upsell_ready(paid_up, band, tenure, &criteria);
    let mut why_not = Vec::new();
    if !paid_up {
        why_not
            .push("the account is not paid up: late payers are never upsell targets".to_string());
    }
    if band < AdoptionBand::Good {
        why_not.push(format!(
            "adoption {} is below the good band (from {})",
            show(adoption),
            show(good)
        ));
    }
    if tenure < criteria.min_tenure_months {
        why_not.push(format!(
            "tenure {} months is below the minimum {} months",
            show(tenure),
            show(criteria.min_tenure_months)
        ));
    }
    Ok(json!({
        "upsell_ready": known(if ready { 1.0 } else { 0.0 }, json!({
            "ready": ready, "why_not": why_not,
        })),
        "settings": { "good": number(good), "min_tenure_months": number(criteria.min_tenure_months) },
    }))
}

input! {
    struct CsmInput {
        activities: List<ActivityInput>,
        accounts: Num,
        productive_hours_per_csm: Num,
    }
}

input! {
    struct ActivityInput {
        name: Text,
        hours_per_occurrence: Num,
        occurrences_per_year: Num,
    }
}

/// The default productive hours per CSM per year (settings.rs: 1,400).
const DEFAULT_PRODUCTIVE_HOURS: f64 = 1_400.0;

/// Bottom-up CSM capacity ([`success::csm_capacity`]).
fn csm_capacity(input: &Value) -> Result<Value, Error> {
    const CALC: &str = "csm_capacity";
    let i: CsmInput = parse(CALC, "", input)?;
    let list = i.activities.records(CALC, "activities")?.ok_or_else(|| {
        missing(
            "activities",
            "a list of {\"name\", \"hours_per_occurrence\", \"occurrences_per_year\"} objects",
        )
    })?;
    let activities = list
        .iter()
        .map(|(p, a)| {
            Ok(Activity {
                name: a.name.text(&at(p, "name"))?,
                hours_per_occurrence: a
                    .hours_per_occurrence
                    .amount(&at(p, "hours_per_occurrence"))?,
                occurrences_per_year: a
                    .occurrences_per_year
                    .amount(&at(p, "occurrences_per_year"))?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let accounts = i.accounts.count("accounts")?;
    let given = i.productive_hours_per_csm.checked(
        "productive_hours_per_csm",
        "a number greater than 0",
        |x| x > 0.0,
    )?;
    let hours = given.unwrap_or(DEFAULT_PRODUCTIVE_HOURS);
    let settings = json!({
        "productive_hours_per_csm": number(hours),
        "productive_hours_assumed": given.is_none(),
    });
    let (hours_needed, csm_needed) = match success::csm_capacity(&activities, accounts, hours) {
        Ok(c) => {
            let by_activity: Vec<Value> = c
                .by_activity
                .iter()
                .map(|a| json!({ "name": a.name, "hours_per_year": number(a.hours_per_year) }))
                .collect();
            let whole = c.csm_needed_whole.map(|w| w as f64);
            (
                known(
                    c.hours_per_year,
                    json!({ "accounts": accounts, "by_activity": by_activity }),
                ),
                figure(&c.csm_needed, json!({ "whole": num_or_null(&whole) })),
            )
        }
        Err(u) => (
            figure(&Err(u.clone()), json!({})),
            figure(&Err(u), json!({})),
        ),
    };
    Ok(json!({ "hours_needed": hours_needed, "csm_needed": csm_needed, "settings": settings }))
}

// ---------------------------------------------------------------------------
// §6 What-if.

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
const INPUTS: [(&str, Input); 9] = [
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
type Preset = fn() -> Scenario;

/// The presets by id ([contract §6](crate::contract) examples).
const PRESETS: [(&str, Preset); 3] = [
    ("premium_support", scenario::premium_support),
    ("success_team", scenario::success_team),
    ("lower_cac", scenario::lower_cac),
];

/// A number for a change description: at most four decimals, no trailing
/// zeros.
fn plain(x: f64) -> String {
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
fn signed(x: f64) -> String {
    if x < 0.0 {
        format!("−{}", plain(-x))
    } else {
        format!("+{}", plain(x))
    }
}

/// A change in words: "monthly churn −4 % relative", "annual NRR +10
/// points", "CAC set to 1000".
fn describe_change(ch: &InputChange) -> String {
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
fn change_json(ch: &InputChange) -> Value {
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
fn figures_json(f: &Figures, cap: u32) -> Value {
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
fn scenario_calc(input: &Value) -> Result<Value, Error> {
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
fn scenario_presets(input: &Value) -> Result<Value, Error> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
            s.starts_with("there is no calculator named “ltv_magic”; the calculators are: nps, nps_change, csat,"),
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
        assert!(
            (out["expected_lifetime_months"]["value"].as_f64().unwrap() - 1.0 / 0.03).abs() < 1e-9
        );
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

    // ---- bad inputs: one sentence naming the field ----

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
}
