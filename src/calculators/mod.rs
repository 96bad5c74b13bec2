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

#[macro_use]
mod input;
mod output;

mod acquisition;
mod churn;
mod scenario;
mod success;
mod survey;
mod tickets;

#[cfg(test)]
mod tests;

use crate::error::Error;
use crate::report::to_json;
use acquisition::{arpa, cac, value};
use churn::{churn, churn_convert, pooled_churn, renewal_rate, revenue};
use input::quote;
use scenario::{scenario_calc, scenario_presets};
use serde::Serialize;
use serde_json::Value;
use success::{adoption, csm_capacity, email_open_rate, engagement, onboarding, upsell};
use survey::{ces, csat, nps, nps_change};
use tickets::{durations, one_touch, sla};

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

/// A calculator: its JSON input in, its figures out as JSON.
type Calculator = fn(&Value) -> Result<Value, Error>;

/// A calculator's typed answer as JSON, serialised once.
fn answer<T: Serialize>(typed: Result<T, Error>) -> Result<Value, Error> {
    typed.map(|a| to_json(&a))
}

/// Name → calculator; the same names, in the same order, as [`NAMES`].
/// Each calculator returns its own answer struct; [`answer`] turns it into
/// JSON.
const TABLE: &[(&str, Calculator)] = &[
    ("nps", |i| answer(nps(i))),
    ("nps_change", |i| answer(nps_change(i))),
    ("csat", |i| answer(csat(i))),
    ("ces", |i| answer(ces(i))),
    ("cac", |i| answer(cac(i))),
    ("value", |i| answer(value(i))),
    ("arpa", |i| answer(arpa(i))),
    ("churn", |i| answer(churn(i))),
    ("churn_convert", |i| answer(churn_convert(i))),
    ("pooled_churn", |i| answer(pooled_churn(i))),
    ("renewal_rate", |i| answer(renewal_rate(i))),
    ("revenue", |i| answer(revenue(i))),
    ("durations", |i| answer(durations(i))),
    ("sla", |i| answer(sla(i))),
    ("one_touch", |i| answer(one_touch(i))),
    ("onboarding", |i| answer(onboarding(i))),
    ("email_open_rate", |i| answer(email_open_rate(i))),
    ("engagement", |i| answer(engagement(i))),
    ("adoption", |i| answer(adoption(i))),
    ("upsell", |i| answer(upsell(i))),
    ("csm_capacity", |i| answer(csm_capacity(i))),
    ("scenario", |i| answer(scenario_calc(i))),
    ("scenario_presets", |i| answer(scenario_presets(i))),
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
