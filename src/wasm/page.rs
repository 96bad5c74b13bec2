//! The page's exports (feature `page`): [`Ingest`] for data (chunks in,
//! the report out), [`calculate`] for the typed-in calculators and
//! [`field_ids`] for mapping columns by hand. (Whether a file is a result
//! table for the warehouse module is decided in JS, `www/result-head.js`:
//! in this module it would cost 0.8 KB gzipped.) Results are
//! written as plain JS objects (`Serializer::json_compatible`), the same
//! shape as the JSON text of `cxmetrics report --json`. The TypeScript types
//! of the results are declared below (`www/pkg/cxmetrics.d.ts`).

use super::{core_error, js, js_error, json, settings_from};
use crate::calculators;
use crate::session::Session;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A figure: a value, or null with the reason (and its code) it is undefined. */
export interface Figure {
  value: number | string | boolean | null;
  reason?: string;
  code?: string;
  params?: Record<string, unknown>;
  [detail: string]: unknown;
}
/** A warning or an inference about the data behind some figures (`code` is stable). */
export interface Warning {
  code: string;
  message: string;
  figures: string[];
  params: Record<string, unknown>;
}
/** Row counts: read = used + skipped. */
export interface Rows { read: number; used: number; skipped: number; }
/** A row set aside, or an example of an unreadable cell. */
export interface SkippedRow { line: number; column: string; value: string; reason: string; }
/** The cells of one field that could not be read. */
export interface UnreadableCells { field: string; column: string; count: number; examples: SkippedRow[]; }
/** The report of one input: the JSON of `cxmetrics report --json`. */
export interface Report {
  kind: "survey" | "tickets" | "subscriptions" | "spend" | "accounts" | "customers";
  rows: Rows;
  skipped: SkippedRow[];
  unreadable_cells: UnreadableCells[];
  warnings: Warning[];
  inferences: Warning[];
  settings: Record<string, unknown>;
  metrics: Record<string, Figure>;
}
/** A calculator's figures by name (see `cxmetrics::calculators`). */
export type Figures = Record<string, Figure & Record<string, unknown>>;
/** The user's settings: every key optional (see `cxmetrics::settings::Settings`). */
export interface Settings {
  kind?: "" | "auto" | "survey" | "tickets" | "subscriptions" | "spend" | "accounts" | "customers" | null;
  delimiter?: "," | ";" | "tab" | "|" | null;
  header_rows?: 0 | 1 | 2 | null;
  mapping?: Record<string, string>;
  number_style?: "dot" | "comma" | null;
  date_order?: "day-first" | "month-first" | null;
  amounts_in_cents?: boolean | null;
  currency?: string | null;
  csat_scale?: "1-5" | "1-7" | "1-10" | "0-10" | "good-bad" | null;
  ces_scale?: "1-7" | "1-5" | null;
  as_of?: string | null;
  sla_minutes?: number | null;
  sla_minutes_by_priority?: Record<string, number>;
  /** Business hours: an IANA zone the browser knows, weekly hours, holidays (docs/metrics.md §4.12). */
  schedule?: { time_zone?: string; hours?: string; holidays?: string[] } | null;
  /** SLA targets in minutes per priority, on the calendar or business clock. */
  sla_policy?: {
    first_reply?: { clock?: "calendar" | "business"; default_minutes?: number | null; by_priority?: Record<string, number> } | null;
    resolution?: { clock?: "calendar" | "business"; default_minutes?: number | null; by_priority?: Record<string, number> } | null;
  } | null;
  churn_target?: number | null;
  gross_margin?: number | null;
  period_start?: string | null;
  period_end?: string | null;
  onboarding_target_days?: number | null;
  adoption_good?: number | null;
  adoption_excellent?: number | null;
  upsell_min_tenure_months?: number | null;
  csm_productive_hours?: number | null;
  tenure_unit?: "" | "months" | "years" | null;
}
/** What the exports throw: an Error whose `code` names the cause. */
export interface CxError extends Error { code: string; }
"#;

/// One input pushed in chunks: `new Ingest(settings)`, `push(bytes)` as many
/// times as needed, then `finish()` returns the report as an object (the
/// JSON `cxmetrics report --json` prints, as a JS object).
#[wasm_bindgen]
pub struct Ingest {
    session: Session,
}

#[wasm_bindgen]
impl Ingest {
    /// Starts an input with the user's settings (an object, or undefined).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Settings | null | undefined")] settings: JsValue,
    ) -> Result<Ingest, JsValue> {
        let session = Session::new(settings_from(settings)?).map_err(core_error)?;
        Ok(Ingest { session })
    }

    /// Feeds the next chunk of bytes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.session.push(chunk).map_err(core_error)
    }

    /// Data rows read so far.
    pub fn rows(&self) -> f64 {
        self.session.rows() as f64
    }

    /// The column names read so far (also after an error about the kind or
    /// the mapping, to let the user map them by hand).
    pub fn columns(&self) -> Vec<String> {
        self.session.columns().to_vec()
    }

    /// Ends the input; the report.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let report = self.session.finish().map_err(core_error)?;
        js(&report)
    }
}

/// Runs a typed-in calculator (see `cxmetrics::calculators`): `name` is one
/// of `NAMES`, `input` a plain object (or a `Map`); returns its figures.
///
/// ```js
/// calculate('nps', { promoters: 60, passives: 25, detractors: 15 }).nps.value // 45
/// ```
#[wasm_bindgen(unchecked_return_type = "Figures")]
pub fn calculate(
    name: &str,
    #[wasm_bindgen(
        unchecked_param_type = "Record<string, unknown> | Map<string, unknown> | null | undefined"
    )]
    input: JsValue,
) -> Result<JsValue, JsValue> {
    let input = if input.is_undefined() || input.is_null() {
        Value::Object(Default::default())
    } else {
        json(input).map_err(|e| js_error("input", &format!("The input is not valid: {e}.")))?
    };
    let output = calculators::calculate(name, &input).map_err(core_error)?;
    js(&output)
}

/// The field ids of a kind of data (`survey`, `tickets`, …), for mapping
/// columns by hand; empty for an unknown kind.
#[wasm_bindgen]
pub fn field_ids(kind: &str) -> Vec<String> {
    kind.parse::<crate::ingest::columns::Kind>()
        .map(|k| {
            crate::ingest::columns::Field::for_kind(k)
                .map(|f| f.as_str().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Exports for the tests only (cargo feature `test-exports`, built by
/// `scripts/build-wasm.sh --test` into `target/pkg-test/`): never in the
/// page's `www/pkg/`.
#[cfg(feature = "test-exports")]
mod test_exports {
    use super::*;

    /// NPS from three counts (a shortcut for `calculate('nps', …).nps`).
    #[wasm_bindgen(unchecked_return_type = "Figure")]
    pub fn nps_from_counts(
        promoters: f64,
        passives: f64,
        detractors: f64,
    ) -> Result<JsValue, JsValue> {
        let counts = serde_json::json!({ "promoters": promoters, "passives": passives, "detractors": detractors });
        let output = calculators::calculate("nps", &counts).map_err(core_error)?;
        js(&output["nps"])
    }

    /// Panics on purpose: the page's tests check that a crash inside the
    /// core shows "internal error" with a report to copy, restarts the
    /// worker and leaves the page working.
    #[wasm_bindgen]
    pub fn debug_panic() {
        panic!("debug_panic was called to test the page's recovery");
    }
}
