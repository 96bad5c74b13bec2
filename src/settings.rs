//! Every assumption a user can set. All optional: what is not given is
//! decided from the data or takes the documented default, and the value
//! used is written into the report's `settings`.
//!
//! The same struct arrives as JSON from the page and the JS API, and is
//! filled from flags by the command line.

use serde::{Deserialize, Serialize};
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

    // ---- surveys ----
    /// CSAT scale: `1-5` (default), `1-10` or `good-bad`.
    pub csat_scale: Option<String>,
    /// CES scale: `1-7` (default) or `1-5`.
    pub ces_scale: Option<String>,

    // ---- tickets ----
    /// The "as of" time (ISO 8601); default: the latest timestamp in the file.
    pub as_of: Option<String>,
    /// First-response target in minutes for every priority (default 60).
    pub sla_minutes: Option<f64>,
    /// First-response targets per priority name, in minutes.
    pub sla_minutes_by_priority: BTreeMap<String, f64>,

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
}
