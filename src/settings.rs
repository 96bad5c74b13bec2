//! Every assumption a user can set. All optional: what is not given is
//! decided from the data or takes the documented default, and the value
//! used is written into the report's `settings`.
//!
//! The same struct arrives as JSON from the page and the JS API, and is
//! filled from flags by the command line.

use serde::de::{Error as _, Unexpected};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The user's settings for one input.
///
/// ```
/// let s: cxmetrics::settings::Settings =
///     serde_json::from_str(r#"{"kind":"tickets","sla_minutes":30}"#).unwrap();
/// assert_eq!(s.sla_minutes, Some(30.0));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    // ---- reading ----
    /// Force the kind: `survey`, `tickets`, `subscriptions`, `spend`, `accounts`.
    pub kind: Option<String>,
    /// Force the delimiter: `,` `;` `tab` `|`.
    pub delimiter: Option<String>,
    /// Force the number of header rows (0, 1 or 2).
    pub header_rows: Option<u8>,
    /// Column overrides: field id → header name.
    pub mapping: BTreeMap<String, String>,
    /// Force the number style: `dot` (1,234.56) or `comma` (1.234,56).
    pub number_style: Option<String>,
    /// Force the date order of slash dates: `day-first` or `month-first`.
    pub date_order: Option<String>,
    /// Amount columns hold cents (divide by 100).
    pub amounts_in_cents: Option<bool>,
    /// The currency of the money columns, an ISO 4217 code (`BRL`) or a
    /// sign that names one (`R$`). Default: the one the data names
    /// (`report.settings.currency`, with `currency_source`).
    pub currency: Option<String>,

    // ---- surveys ----
    /// CSAT scale: `1-5`, `1-7`, `1-10`, `0-10` or `good-bad`; unset, it
    /// is read from the answers (else 1–5).
    pub csat_scale: Option<String>,
    /// CES scale: `1-7` or `1-5`; unset, it is read from the answers (else
    /// 1–7).
    pub ces_scale: Option<String>,

    // ---- tickets ----
    /// The "as of" time (ISO 8601); default: the latest timestamp in the file.
    pub as_of: Option<String>,
    /// First-response target in minutes for every priority (default 60).
    pub sla_minutes: Option<f64>,
    /// First-response targets per priority name, in minutes.
    pub sla_minutes_by_priority: BTreeMap<String, f64>,
    /// Business hours: time zone, weekly opening hours, holidays
    /// ([`crate::schedule`]). Set, `first_response_minutes_business` and
    /// `resolution_minutes_business` are computed from the timestamps.
    pub schedule: Option<crate::schedule::ScheduleSpec>,
    /// SLA targets per priority for first reply and resolution, on the
    /// calendar or in business hours ([`crate::metrics::sla`]).
    pub sla_policy: Option<crate::metrics::sla::SlaPolicy>,

    // ---- subscriptions and value ----
    /// Monthly customer churn target, a fraction (e.g. 0.05).
    pub churn_target: Option<f64>,
    /// Gross margin, a fraction 0–1 (default 1, and the page says so).
    pub gross_margin: Option<f64>,
    /// First month of the analysed period, `YYYY-MM`.
    pub period_start: Option<String>,
    /// Last month of the analysed period, `YYYY-MM`.
    pub period_end: Option<String>,

    // ---- accounts ----
    /// Onboarding target in days (default 30).
    pub onboarding_target_days: Option<f64>,
    /// Adoption at or above this is "good" (default 0.30).
    pub adoption_good: Option<f64>,
    /// Adoption above this is "excellent" (default 0.70).
    pub adoption_excellent: Option<f64>,
    /// Minimum tenure in months for upsell readiness (default 6).
    pub upsell_min_tenure_months: Option<f64>,
    /// Productive hours per CSM per year (default 1,400).
    pub csm_productive_hours: Option<f64>,

    // ---- customers ----
    /// The unit of the customers' tenure column: `months` or `years`.
    /// Unset, the header decides (`tenure_years`, `antigüedad (meses)` …),
    /// else months unless every tenure is 12 or less (then the unit is
    /// unclear and the tenure figures are undefined until this is set).
    pub tenure_unit: Option<String>,
}

/// The field names, in declaration order, as the derived `Deserialize`
/// lists them in its unknown-field error.
const FIELDS: &[&str] = &[
    "kind",
    "delimiter",
    "header_rows",
    "mapping",
    "number_style",
    "date_order",
    "amounts_in_cents",
    "currency",
    "csat_scale",
    "ces_scale",
    "as_of",
    "sla_minutes",
    "sla_minutes_by_priority",
    "schedule",
    "sla_policy",
    "churn_target",
    "gross_margin",
    "period_start",
    "period_end",
    "onboarding_target_days",
    "adoption_good",
    "adoption_excellent",
    "upsell_min_tenure_months",
    "csm_productive_hours",
    "tenure_unit",
];

impl Settings {
    /// Reads settings from an already parsed JSON value, with the derived
    /// `Deserialize`'s errors (an unknown field, a value of the wrong type),
    /// field by field and by hand. The wasm reads the page's settings this
    /// way: the derived visitors, instantiated for a JS-value reader, cost
    /// several KB of the module, while the value reader is already there
    /// for the calculators.
    ///
    /// ```
    /// use cxmetrics::settings::Settings;
    /// let v = serde_json::json!({ "kind": "tickets", "sla_minutes": 30 });
    /// assert_eq!(Settings::from_json(&v).unwrap().sla_minutes, Some(30.0));
    /// let v = serde_json::json!({ "sla": 30 });
    /// assert!(Settings::from_json(&v).unwrap_err().to_string().starts_with("unknown field `sla`"));
    /// ```
    pub fn from_json(value: &Value) -> Result<Settings, serde_json::Error> {
        let map = match value {
            Value::Object(map) => map,
            other => {
                return Err(serde_json::Error::invalid_type(
                    unexpected(other),
                    &"struct Settings",
                ))
            }
        };
        let mut s = Settings::default();
        for (key, v) in map {
            match key.as_str() {
                "kind" => s.kind = optional(v, text)?,
                "delimiter" => s.delimiter = optional(v, text)?,
                "header_rows" => s.header_rows = optional(v, small)?,
                "mapping" => s.mapping = read_map(v, text)?,
                "number_style" => s.number_style = optional(v, text)?,
                "date_order" => s.date_order = optional(v, text)?,
                "amounts_in_cents" => s.amounts_in_cents = optional(v, flag)?,
                "currency" => s.currency = optional(v, text)?,
                "csat_scale" => s.csat_scale = optional(v, text)?,
                "ces_scale" => s.ces_scale = optional(v, text)?,
                "as_of" => s.as_of = optional(v, text)?,
                "sla_minutes" => s.sla_minutes = optional(v, number)?,
                "sla_minutes_by_priority" => s.sla_minutes_by_priority = read_map(v, number)?,
                "schedule" => s.schedule = optional(v, |v| Deserialize::deserialize(v))?,
                "sla_policy" => s.sla_policy = optional(v, |v| Deserialize::deserialize(v))?,
                "churn_target" => s.churn_target = optional(v, number)?,
                "gross_margin" => s.gross_margin = optional(v, number)?,
                "period_start" => s.period_start = optional(v, text)?,
                "period_end" => s.period_end = optional(v, text)?,
                "onboarding_target_days" => s.onboarding_target_days = optional(v, number)?,
                "adoption_good" => s.adoption_good = optional(v, number)?,
                "adoption_excellent" => s.adoption_excellent = optional(v, number)?,
                "upsell_min_tenure_months" => s.upsell_min_tenure_months = optional(v, number)?,
                "csm_productive_hours" => s.csm_productive_hours = optional(v, number)?,
                "tenure_unit" => s.tenure_unit = optional(v, text)?,
                other => return Err(serde_json::Error::unknown_field(other, FIELDS)),
            }
        }
        Ok(s)
    }
}

/// An optional field: `null` is `None`, else `read` gives the value.
fn optional<T>(
    v: &Value,
    read: fn(&Value) -> Result<T, serde_json::Error>,
) -> Result<Option<T>, serde_json::Error> {
    match v {
        Value::Null => Ok(None),
        _ => read(v).map(Some),
    }
}

/// A true/false value, with `bool`'s error.
fn flag(v: &Value) -> Result<bool, serde_json::Error> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => Err(serde_json::Error::invalid_type(
            unexpected(other),
            &"a boolean",
        )),
    }
}

/// A whole number from 0 to 255, with `u8`'s errors.
fn small(v: &Value) -> Result<u8, serde_json::Error> {
    match (v, unexpected(v)) {
        (Value::Number(_), Unexpected::Unsigned(u)) => u8::try_from(u)
            .map_err(|_| serde_json::Error::invalid_value(Unexpected::Unsigned(u), &"u8")),
        (Value::Number(_), Unexpected::Signed(i)) => Err(serde_json::Error::invalid_value(
            Unexpected::Signed(i),
            &"u8",
        )),
        (_, other) => Err(serde_json::Error::invalid_type(other, &"u8")),
    }
}

/// A `{ name: value }` object, read entry by entry with `entry`: the
/// generic map reader would be instantiated once per value type.
fn read_map<T>(
    v: &Value,
    entry: fn(&Value) -> Result<T, serde_json::Error>,
) -> Result<BTreeMap<String, T>, serde_json::Error> {
    let Value::Object(object) = v else {
        return Err(serde_json::Error::invalid_type(unexpected(v), &"a map"));
    };
    let mut map = BTreeMap::new();
    for (key, value) in object {
        map.insert(key.clone(), entry(value)?);
    }
    Ok(map)
}

/// A map's text value, with `String`'s error.
fn text(v: &Value) -> Result<String, serde_json::Error> {
    match v {
        Value::String(s) => Ok(s.clone()),
        other => Err(serde_json::Error::invalid_type(
            unexpected(other),
            &"a string",
        )),
    }
}

/// A map's number value, with `f64`'s error.
fn number(v: &Value) -> Result<f64, serde_json::Error> {
    match v.as_f64() {
        Some(x) => Ok(x),
        None => Err(serde_json::Error::invalid_type(unexpected(v), &"f64")),
    }
}

/// How serde names a JSON value in an invalid-type error.
fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `from_json` and the derived `Deserialize` agree: same settings, or
    /// the same error sentence.
    #[test]
    fn from_json_agrees_with_the_derived_reader() {
        let cases = [
            json!({}),
            json!({
                "kind": "tickets", "delimiter": ";", "header_rows": 2,
                "mapping": { "score": "Nota", "comment": "Por qué" },
                "number_style": "comma", "date_order": "day-first",
                "amounts_in_cents": true, "currency": "BRL", "csat_scale": "1-10", "ces_scale": "1-5",
                "as_of": "2024-03-01T00:00:00Z", "sla_minutes": 30,
                "sla_minutes_by_priority": { "high": 15, "low": 240.5 },
                "schedule": { "time_zone": "Europe/Paris", "hours": "Mon-Fri 09:00-17:00",
                              "holidays": ["2024-05-01"] },
                "sla_policy": { "first_reply": { "clock": "business", "default_minutes": 60,
                                                 "by_priority": { "urgent": 15 } },
                                "resolution": { "by_priority": { "high": 480 } } },
                "churn_target": 0.05, "gross_margin": 0.8,
                "period_start": "2024-01", "period_end": "2024-06",
                "onboarding_target_days": 45, "adoption_good": 0.3,
                "adoption_excellent": 0.7, "upsell_min_tenure_months": 6,
                "csm_productive_hours": 1400
            }),
            json!({ "kind": null, "sla_minutes": null, "header_rows": null }),
            json!({ "sla": 30 }),
            json!({ "kind": "survey", "Kind": "survey" }),
            json!({ "kind": 3 }),
            json!({ "kind": ["survey"] }),
            json!({ "header_rows": 300 }),
            json!({ "header_rows": -1 }),
            json!({ "header_rows": 1.5 }),
            json!({ "header_rows": "1" }),
            json!({ "header_rows": 255, "amounts_in_cents": false }),
            json!({ "header_rows": true }),
            json!({ "header_rows": 18446744073709551615u64 }),
            json!({ "amounts_in_cents": 1 }),
            json!({ "currency": 986 }),
            json!({ "currency": null }),
            json!({ "sla_minutes": -3, "gross_margin": 0 }),
            json!({ "churn_target": false }),
            json!({ "amounts_in_cents": "yes" }),
            json!({ "sla_minutes": "30" }),
            json!({ "sla_minutes": {} }),
            json!({ "mapping": null }),
            json!({ "mapping": ["score"] }),
            json!({ "mapping": { "score": 1 } }),
            json!({ "sla_minutes_by_priority": { "high": "fast" } }),
            json!({ "sla_minutes_by_priority": { "high": null } }),
            json!({ "sla_minutes_by_priority": { "high": true, "low": 5 } }),
            json!({ "sla_minutes_by_priority": [] }),
            json!({ "sla_minutes_by_priority": 5 }),
            json!({ "schedule": { "zone": "UTC" } }),
            json!({ "schedule": "24/7" }),
            json!({ "sla_policy": { "first_reply": { "clock": "wall" } } }),
            json!({ "mapping": { "score": null } }),
            json!({ "mapping": { "score": {} } }),
            json!({ "mapping": "score" }),
            json!(null),
            json!(true),
            json!(-4),
            json!(7),
            json!(2.5),
            json!("tickets"),
        ];
        for case in cases {
            let mine = Settings::from_json(&case).map_err(|e| e.to_string());
            let derived = Settings::deserialize(&case).map_err(|e| e.to_string());
            assert_eq!(mine, derived, "{case}");
        }
        // The derived reader takes an array as the fields in order; settings
        // are named, so `from_json` calls an array what it is.
        assert_eq!(
            Settings::from_json(&json!([])).unwrap_err().to_string(),
            "invalid type: sequence, expected struct Settings"
        );
        // Every field is read (the full case above sets them all).
        let all = serde_json::to_value(Settings::from_json(&json!({})).unwrap()).unwrap();
        let names: Vec<&str> = all
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut fields = FIELDS.to_vec();
        fields.sort_unstable();
        assert_eq!(names, fields);
    }
}
