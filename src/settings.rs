//! Every assumption a user can set. All optional: what is not given is
//! decided from the data or takes the documented default, and the value
//! used is written into the report's `settings`.
//!
//! The page and the JS API give the same struct as an object (read by its
//! derived `Deserialize` through `serde-wasm-bindgen`), a settings file as
//! JSON; the command line fills it from flags with the same readers
//! ([`kind`], [`number_style`] …). A closed set of choices is an enum: a
//! value outside it is refused when the settings are read, with a sentence
//! that names the setting.

use crate::ingest::columns::Kind;
use crate::ingest::values::{DateStyle, NumberStyle};
use crate::metrics::survey::{CesScale, CsatScale};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// The user's settings for one input.
///
/// ```
/// use cxmetrics::settings::Settings;
/// use cxmetrics::ingest::columns::Kind;
/// let s: Settings = serde_json::from_str(r#"{"kind":"tickets","sla_minutes":30}"#).unwrap();
/// assert_eq!((s.kind, s.sla_minutes), (Some(Kind::Tickets), Some(30.0)));
/// let e = serde_json::from_str::<Settings>(r#"{"number_style":"space"}"#).unwrap_err();
/// assert!(e.to_string().starts_with("the number style “space” is not dot or comma"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    // ---- reading ----
    /// Force the kind: `survey`, `tickets`, `subscriptions`, `spend`,
    /// `accounts`, `customers` (`""` and `auto`: decided from the data).
    #[serde(deserialize_with = "de_kind")]
    pub kind: Option<Kind>,
    /// Force the delimiter, as its byte; written `,` `;` `tab` `|`.
    #[serde(deserialize_with = "de_delimiter")]
    pub delimiter: Option<u8>,
    /// Force the number of header rows (0, 1 or 2).
    pub header_rows: Option<u8>,
    /// Column overrides: field id → header name.
    pub mapping: BTreeMap<String, String>,
    /// Force the number style: `dot` (1,234.56) or `comma` (1.234,56).
    #[serde(deserialize_with = "de_number_style")]
    pub number_style: Option<NumberStyle>,
    /// Force the date order of slash dates: `day-first` or `month-first`
    /// ([`DateStyle::DayFirst`] or [`DateStyle::MonthFirst`]).
    #[serde(deserialize_with = "de_date_order")]
    pub date_order: Option<DateStyle>,
    /// Amount columns hold cents (divide by 100).
    pub amounts_in_cents: Option<bool>,
    /// The currency of the money columns, an ISO 4217 code (`BRL`) or a
    /// sign that names one (`R$`). Default: the one the data names
    /// (`report.settings.currency`, with `currency_source`).
    pub currency: Option<String>,

    // ---- surveys ----
    /// CSAT scale: `1-5`, `1-7`, `1-10`, `0-10` or `good-bad`; unset, it
    /// is read from the answers (else 1–5).
    #[serde(deserialize_with = "de_csat_scale")]
    pub csat_scale: Option<CsatScale>,
    /// CES scale: `1-7` or `1-5`; unset, it is read from the answers (else
    /// 1–7).
    #[serde(deserialize_with = "de_ces_scale")]
    pub ces_scale: Option<CesScale>,

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
    #[serde(deserialize_with = "de_tenure_unit")]
    pub tenure_unit: Option<TenureUnit>,
}

/// The unit of a customers file's tenure column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenureUnit {
    /// Tenure counts months.
    Months,
    /// Tenure counts years (× 12 for months).
    Years,
}

impl TenureUnit {
    /// Months in one unit: 1 or 12.
    pub fn months(self) -> f64 {
        match self {
            TenureUnit::Months => 1.0,
            TenureUnit::Years => 12.0,
        }
    }
}

/// The kind named `text`; `""` and `auto` are no kind (decided from the data).
///
/// ```
/// use cxmetrics::ingest::columns::Kind;
/// assert_eq!(cxmetrics::settings::kind("Tickets"), Ok(Some(Kind::Tickets)));
/// assert_eq!(cxmetrics::settings::kind("auto"), Ok(None));
/// ```
pub fn kind(text: &str) -> Result<Option<Kind>, String> {
    match text {
        "" | "auto" => Ok(None),
        k => k.parse().map(Some).map_err(|_| {
            format!(
                "the kind “{k}” is not one of survey, tickets, subscriptions, spend, accounts, customers"
            )
        }),
    }
}

/// The delimiter named `text` (`,` `;` `tab` `|`, or `comma`, `semicolon`, `pipe`).
pub fn delimiter(text: &str) -> Result<u8, String> {
    crate::ingest::sniff::parse_delimiter(text)
        .ok_or_else(|| format!("the delimiter “{text}” is not one of , ; tab |"))
}

/// The number style named `text`: `dot` or `comma`.
pub fn number_style(text: &str) -> Result<NumberStyle, String> {
    match text {
        "dot" => Ok(NumberStyle::DotDecimal),
        "comma" => Ok(NumberStyle::CommaDecimal),
        other => Err(format!("the number style “{other}” is not dot or comma")),
    }
}

/// The date order named `text`: `day-first` or `month-first`.
pub fn date_order(text: &str) -> Result<DateStyle, String> {
    match text {
        "day-first" => Ok(DateStyle::DayFirst),
        "month-first" => Ok(DateStyle::MonthFirst),
        other => Err(format!(
            "the date order “{other}” is not day-first or month-first"
        )),
    }
}

/// The CSAT scale named `text` (see [`CsatScale::name`]).
pub fn csat_scale(text: &str) -> Result<CsatScale, String> {
    CsatScale::from_name(text)
        .ok_or_else(|| format!("the CSAT scale “{text}” is not 1-5, 1-7, 1-10, 0-10 or good-bad"))
}

/// The CES scale named `text`: `1-7` or `1-5`.
pub fn ces_scale(text: &str) -> Result<CesScale, String> {
    [CesScale::OneToSeven, CesScale::OneToFive]
        .into_iter()
        .find(|s| s.name() == text)
        .ok_or_else(|| format!("the CES scale “{text}” is not 1-7 or 1-5"))
}

/// The tenure unit named `text` (trimmed): `months` or `years`; `""` is
/// none (the header decides).
pub fn tenure_unit(text: &str) -> Result<Option<TenureUnit>, String> {
    match text.trim() {
        "" => Ok(None),
        "months" => Ok(Some(TenureUnit::Months)),
        "years" => Ok(Some(TenureUnit::Years)),
        other => Err(format!(
            "the tenure unit “{other}” is not known: write months or years"
        )),
    }
}

/// An optional setting written as text and read by `read`; `null` is unset.
fn named<'de, D: Deserializer<'de>, T>(
    d: D,
    read: fn(&str) -> Result<Option<T>, String>,
) -> Result<Option<T>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => read(&text).map_err(D::Error::custom),
    }
}

fn de_kind<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Kind>, D::Error> {
    named(d, kind)
}

fn de_delimiter<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    named(d, |t| delimiter(t).map(Some))
}

fn de_number_style<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NumberStyle>, D::Error> {
    named(d, |t| number_style(t).map(Some))
}

fn de_date_order<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateStyle>, D::Error> {
    named(d, |t| date_order(t).map(Some))
}

fn de_csat_scale<'de, D: Deserializer<'de>>(d: D) -> Result<Option<CsatScale>, D::Error> {
    named(d, |t| csat_scale(t).map(Some))
}

fn de_ces_scale<'de, D: Deserializer<'de>>(d: D) -> Result<Option<CesScale>, D::Error> {
    named(d, |t| ces_scale(t).map(Some))
}

fn de_tenure_unit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<TenureUnit>, D::Error> {
    named(d, tenure_unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: serde_json::Value) -> Result<Settings, String> {
        Settings::deserialize(&v).map_err(|e| e.to_string())
    }

    #[test]
    fn closed_sets_are_enums_and_other_values_are_refused_by_name() {
        let s = read(json!({
            "kind": "tickets", "delimiter": "tab", "header_rows": 2,
            "number_style": "comma", "date_order": "day-first",
            "csat_scale": "good-bad", "ces_scale": "1-5", "tenure_unit": " years "
        }))
        .unwrap();
        assert_eq!(s.kind, Some(Kind::Tickets));
        assert_eq!(s.delimiter, Some(b'\t'));
        assert_eq!(s.number_style, Some(NumberStyle::CommaDecimal));
        assert_eq!(s.date_order, Some(DateStyle::DayFirst));
        assert_eq!(s.csat_scale, Some(CsatScale::GoodBad));
        assert_eq!(s.ces_scale, Some(CesScale::OneToFive));
        assert_eq!(s.tenure_unit, Some(TenureUnit::Years));
        let none = read(json!({ "kind": "auto", "tenure_unit": "", "csat_scale": null })).unwrap();
        assert_eq!(none, Settings::default());
        for (bad, sentence) in [
            (
                json!({ "kind": "weather" }),
                "the kind “weather” is not one of",
            ),
            (
                json!({ "delimiter": "#" }),
                "the delimiter “#” is not one of , ; tab |",
            ),
            (
                json!({ "number_style": "space" }),
                "the number style “space” is not dot or comma",
            ),
            (
                json!({ "date_order": "iso" }),
                "the date order “iso” is not day-first",
            ),
            (
                json!({ "csat_scale": "1-3" }),
                "the CSAT scale “1-3” is not 1-5",
            ),
            (
                json!({ "ces_scale": "1-10" }),
                "the CES scale “1-10” is not 1-7 or 1-5",
            ),
            (
                json!({ "tenure_unit": "weeks" }),
                "the tenure unit “weeks” is not known",
            ),
            (
                json!({ "kind": 3 }),
                "invalid type: integer `3`, expected a string",
            ),
            (json!({ "sla": 30 }), "unknown field `sla`"),
            (
                json!({ "header_rows": 1.5 }),
                "invalid type: floating point `1.5`, expected u8",
            ),
        ] {
            let e = read(bad.clone()).unwrap_err();
            assert!(e.starts_with(sentence), "{bad}: {e}");
        }
    }
}
