//! The JavaScript door; the only file that names wasm-bindgen.
//!
//! Few exports: [`Ingest`] for data (chunks in, the report out) and
//! [`calculate`] for the typed-in calculators. Values cross with
//! `serde-wasm-bindgen`: JS values are read into serde types (settings,
//! calculator inputs), and results are written as plain JS objects
//! (`Serializer::json_compatible`), the same shape as the JSON text of
//! `cxmetrics report --json`. Errors cross as a JS `Error` whose message is
//! the sentence the command line prints and whose `code` is
//! [`Error::code`]. The TypeScript types of the results are declared below
//! (`www/pkg/cxmetrics.d.ts`).

use crate::calculators;
use crate::error::Error;
use crate::session::{Session, Settings};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
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

/// Reports a panic on the console before the module traps, so the page can
/// show "internal error" with something to copy.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("cxmetrics internal error: {info}").into());
    }));
}

/// A JS `Error` with `message` and a `code` property.
fn js_error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh Error cannot fail.
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

/// The core's error as a JS `Error`: its sentence and its code.
fn core_error(e: Error) -> JsValue {
    js_error(e.code(), &e.to_string())
}

/// The message of a `serde-wasm-bindgen` error (its JS `Error`'s message).
fn message(e: serde_wasm_bindgen::Error) -> String {
    let value = JsValue::from(e);
    match value.dyn_ref::<js_sys::Error>() {
        Some(error) => error.message().into(),
        None => format!("{value:?}"),
    }
}

/// Reading stops this deep: a JS value nested deeper is refused rather
/// than run the reader out of stack.
const MAX_DEPTH: u32 = 64;

/// Reads a JSON value at nesting `depth` (a [`DeserializeSeed`] so the
/// depth travels down): `null` and `undefined` are null, a safe integer an
/// integer, another number a float (NaN and infinities null); arrays,
/// objects and `Map`s nest. Anything JSON has no room for is refused with
/// the reader's "invalid type" sentence.
struct Nested(u32);

impl<'de> DeserializeSeed<'de> for Nested {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Nested {
    fn deeper<E: serde::de::Error>(&self) -> Result<Nested, E> {
        if self.0 >= MAX_DEPTH {
            return Err(E::custom(format_args!(
                "the value nests more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(Nested(self.0 + 1))
    }
}

impl<'de> Visitor<'de> for Nested {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.deeper()?)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self.deeper()?)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A JS value as a JSON value (see [`Nested`]).
fn json(value: JsValue) -> Result<Value, String> {
    Nested(0)
        .deserialize(serde_wasm_bindgen::Deserializer::from(value))
        .map_err(message)
}

/// A result as a plain JS object. An integer beyond 2^53 − 1, which a
/// JavaScript number cannot hold exactly, is refused rather than rounded.
fn js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            js_error(
                "result_too_large",
                &format!(
                    "The result is not valid: {}: use smaller counts.",
                    message(e)
                ),
            )
        })
}

/// The settings object (`undefined` or `null`: every default), read as
/// `cxmetrics report --settings FILE` reads the file: an unknown key or a
/// value outside its set is refused with a sentence naming it.
fn settings_from(value: JsValue) -> Result<Settings, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Settings::default());
    }
    let invalid =
        |e: &dyn fmt::Display| js_error("settings", &format!("The settings are not valid: {e}."));
    let value = json(value).map_err(|e| invalid(&e))?;
    Settings::deserialize(&value).map_err(|e| invalid(&e))
}

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

/// Whether `head` (the first bytes of a file) starts like a result table
/// of `cxmetrics sql` run in a warehouse: the header
/// `metric,path,value,reason`.
#[wasm_bindgen]
pub fn is_figures(head: &[u8]) -> bool {
    crate::figures::looks_like_result(head)
}

/// The report a result table describes (see `cxmetrics::figures`), as JSON
/// text: its kind read from the figures, `source: "figures"`.
#[wasm_bindgen]
pub fn figures_report(bytes: &[u8]) -> Result<String, JsValue> {
    use crate::figures;
    let rows = figures::read_csv(bytes).map_err(core_error)?;
    let kind = figures::kind_of(&rows).ok_or_else(|| {
        core_error(Error::unreadable(
            "the result table names no figure of a kind cxmetrics knows.",
        ))
    })?;
    Ok(figures::unflatten(&rows, kind).to_string())
}

// ---------------------------------------------------------------------------
// SQL (issue #16): the query that computes the same figures in a warehouse.

/// The SQL query for `request` — `{kind, dialect, table, mapping?,
/// settings?}` as [`crate::sql::SqlRequest`] — whose rows are `metric,
/// path, value, reason` (the same generator as `cxmetrics sql`).
#[wasm_bindgen]
pub fn sql(request: JsValue) -> Result<String, JsValue> {
    let invalid =
        |e: &dyn fmt::Display| js_error("settings", &format!("The SQL request is not valid: {e}."));
    let value = json(request).map_err(|e| invalid(&e))?;
    let request = crate::sql::SqlRequest::deserialize(&value).map_err(|e| invalid(&e))?;
    crate::sql::generate(&request).map_err(core_error)
}

/// A time zone's rules in the page: an `Intl.DateTimeFormat` that reads an
/// instant in the zone ([`crate::zone`]).
pub(crate) type ZoneRules = js_sys::Intl::DateTimeFormat;

/// The browser's rules for the zone `name` (any IANA name its tz database
/// knows, in any case) with the name as the browser spells it, or `None`
/// for a zone it does not know. The formatter is built through
/// `Reflect.construct`, which returns the `RangeError` of an unknown zone
/// instead of throwing it through the wasm.
pub(crate) fn zone_rules(name: &str) -> Option<(String, ZoneRules)> {
    use js_sys::{Array, Function, Object, Reflect};
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: Function = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    // The date to the second as numbers, on a 24-hour clock, in the
    // Gregorian calendar with Latin digits, and the era (to read BC years).
    let options = Object::new();
    for (key, value) in [
        ("timeZone", name),
        ("hourCycle", "h23"),
        ("era", "short"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
        ("second", "numeric"),
    ] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let args = Array::of2(&JsValue::from_str("en-US-u-ca-gregory-nu-latn"), &options);
    let format: ZoneRules = Reflect::construct(&constructor, &args)
        .ok()?
        .dyn_into()
        .ok()?;
    let canonical = Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| name.to_string());
    Some((canonical, format))
}

/// The local reading of the instant `t` (Unix seconds, inside
/// [`crate::zone::EARLIEST`]..=[`crate::zone::LATEST`], so a valid JS
/// `Date`) in the zone of `rules`: `[year, month, day, hour, minute,
/// second]`, or `None` when a part is missing.
pub(crate) fn zone_reading(rules: &ZoneRules, t: i64) -> Option<[i64; 6]> {
    use js_sys::{Date, Reflect};
    let date = Date::new(&JsValue::from_f64(t as f64 * 1000.0));
    let mut fields = [None; 6];
    let mut before_christ = false;
    for part in rules.format_to_parts(&date).iter() {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string();
        let value = Reflect::get(&part, &"value".into()).ok()?.as_string();
        let (Some(kind), Some(value)) = (kind, value) else {
            continue;
        };
        let slot = match kind.as_str() {
            "era" => {
                before_christ = value.starts_with('B');
                continue;
            }
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            "second" => 5,
            _ => continue,
        };
        fields[slot] = value.parse::<i64>().ok();
    }
    let mut reading = [0i64; 6];
    for (r, f) in reading.iter_mut().zip(fields) {
        *r = f?;
    }
    if before_christ {
        reading[0] = 1 - reading[0];
    }
    Some(reading)
}
