//! The JavaScript door; the only file that names wasm-bindgen.
//!
//! Few exports: [`Ingest`] for data (chunks in, report JSON out) and plain
//! functions for the typed-in calculators. Errors cross as `JsError` with
//! the same sentence the command line prints.

use crate::calculators;
use crate::error::Error;
use crate::session::{Session, Settings};
use wasm_bindgen::prelude::*;

/// Reports a panic on the console before the module traps, so the page can
/// show "internal error" with something to copy.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("cxmetrics internal error: {info}").into());
    }));
}

/// The error's sentence, capitalised like its `Display` (the sentence the
/// command line prints).
fn js_error(e: Error) -> JsError {
    JsError::new(&capitalised(e.sentence()))
}

/// `sentence` with its first letter upper-cased, as `Error`'s `Display`
/// does. A non-ASCII first letter goes through JavaScript's `toUpperCase`,
/// the same locale-free Unicode mapping as `char::to_uppercase`, so the
/// wasm does not carry Rust's 12 KB upper-case table for it.
fn capitalised(sentence: &str) -> String {
    let mut chars = sentence.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = if first.is_ascii() {
        first.to_ascii_uppercase().to_string()
    } else {
        String::from(js_sys::JsString::from(first).to_upper_case())
    };
    out.push_str(chars.as_str());
    out
}

/// The settings object (`undefined` or `null`: every default). It is read
/// as a JSON value first ([`json_value`], as `calculate` reads its input),
/// then field by field ([`Settings::from_json`]).
fn settings_from(value: JsValue) -> Result<Settings, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Settings::default());
    }
    let invalid =
        |e: &dyn std::fmt::Display| JsError::new(&format!("The settings are not valid: {e}."));
    let value = json_value(&value).map_err(|e| invalid(&e))?;
    Settings::from_json(&value).map_err(|e| invalid(&e))
}

/// A JS value as a JSON value, the way serde reads one: `null` and
/// `undefined` are null, a safe integer an integer, another number a float
/// (NaN and infinities null); arrays, plain objects and `Map`s nest.
/// Anything else (a BigInt, a function, a symbol, a byte array, a `Set`)
/// is refused with a sentence.
///
/// Written here with `js-sys` rather than through `serde-wasm-bindgen`,
/// whose generic reader and writer cost about 4 KB of the gzipped wasm.
fn json_value(value: &JsValue) -> Result<serde_json::Value, String> {
    nested_json_value(value, 0)
}

/// [`json_value`] at nesting `depth`: deeper than 64 levels is refused
/// rather than run out of stack.
fn nested_json_value(value: &JsValue, depth: u32) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(x) = value.as_f64() {
        return Ok(if js_sys::Number::is_safe_integer(value) {
            Value::from(x as i64)
        } else {
            serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
        });
    }
    if let Some(text) = value.as_string() {
        return Ok(Value::String(text));
    }
    if depth > 64 {
        return Err("the value nests more than 64 levels deep".into());
    }
    if js_sys::Array::is_array(value) {
        let mut items = Vec::new();
        for item in js_sys::Array::from(value).iter() {
            items.push(nested_json_value(&item, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    // A Map is read as the object of its entries (keys as text).
    let value = match value.dyn_ref::<js_sys::Map>() {
        Some(map) => js_sys::Object::from_entries(map)
            .map_err(|_| "a Map whose entries cannot be read".to_string())?
            .into(),
        None => value.clone(),
    };
    let value = &value;
    if !value.is_object() || js_sys::ArrayBuffer::is_view(value) {
        return Err(format!("a {} is not a JSON value", refused_kind(value)));
    }
    if js_sys::Symbol::iterator().js_in(value) {
        return Err(
            "a list that is not an array (a Set or an iterator) is not a JSON value".into(),
        );
    }
    let mut object = serde_json::Map::new();
    for entry in js_sys::Object::entries(value.unchecked_ref()).iter() {
        let entry = js_sys::Array::from(&entry);
        let key = entry.get(0).as_string().unwrap_or_default();
        object.insert(key, nested_json_value(&entry.get(1), depth + 1)?);
    }
    Ok(Value::Object(object))
}

/// What kind of non-JSON value the user gave, for a sentence.
fn refused_kind(value: &JsValue) -> &'static str {
    if value.is_function() {
        "function"
    } else if value.is_bigint() {
        "BigInt"
    } else if value.is_symbol() {
        "symbol"
    } else if value.is_object() {
        "byte array"
    } else {
        "value of this type"
    }
}

/// A JSON value as a JS value: numbers as numbers, objects as plain
/// objects in the map's key order. An integer beyond 2^53 − 1, which a
/// JavaScript number cannot hold exactly, is refused rather than rounded.
fn js_value(value: &serde_json::Value) -> Result<JsValue, JsError> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            if !n.is_f64() && x.abs() > 9_007_199_254_740_991.0 {
                return Err(JsError::new(&format!(
                    "The result {n} is too large to be given exactly as a JavaScript number: use smaller counts."
                )));
            }
            JsValue::from_f64(x)
        }
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => {
            let array = js_sys::Array::new();
            for item in items {
                array.push(&js_value(item)?);
            }
            array.into()
        }
        Value::Object(map) => {
            let object = js_sys::Object::new();
            for (k, v) in map {
                // Own data properties, as an object literal would have.
                let _ = js_sys::Reflect::set(&object, &JsValue::from_str(k), &js_value(v)?);
            }
            object.into()
        }
    })
}

/// One input pushed in chunks: `new Ingest(settings)`, `push(bytes)` as many
/// times as needed, then `finish()` returns the report as JSON text (the
/// exact text `cxmetrics report --json` prints).
#[wasm_bindgen]
pub struct Ingest {
    session: Session,
}

#[wasm_bindgen]
impl Ingest {
    /// Starts an input with the user's settings (an object, or undefined).
    #[wasm_bindgen(constructor)]
    pub fn new(settings: JsValue) -> Result<Ingest, JsError> {
        let session = Session::new(settings_from(settings)?).map_err(js_error)?;
        Ok(Ingest { session })
    }

    /// Feeds the next chunk of bytes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.session.push(chunk).map_err(js_error)
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

    /// Ends the input; the report as JSON text.
    pub fn finish(&mut self) -> Result<String, JsError> {
        self.session.finish().map(|r| r.to_json()).map_err(js_error)
    }
}

/// Runs a typed-in calculator (see `cxmetrics::calculators`): `name` is one
/// of `NAMES`, `input` a plain object; returns its figures as an object.
///
/// ```js
/// calculate('nps', { promoters: 60, passives: 25, detractors: 15 }).nps.value // 45
/// ```
#[wasm_bindgen]
pub fn calculate(name: &str, input: JsValue) -> Result<JsValue, JsError> {
    let input: serde_json::Value = if input.is_undefined() || input.is_null() {
        serde_json::Value::Object(Default::default())
    } else {
        json_value(&input).map_err(|e| JsError::new(&format!("The input is not valid: {e}.")))?
    };
    let output = calculators::calculate(name, &input).map_err(js_error)?;
    js_value(&output)
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

/// NPS from three counts (a shortcut for `calculate('nps', …).nps`).
#[wasm_bindgen]
pub fn nps_from_counts(promoters: f64, passives: f64, detractors: f64) -> Result<JsValue, JsError> {
    let counts = serde_json::json!({ "promoters": promoters, "passives": passives, "detractors": detractors });
    let output = calculators::calculate("nps", &counts).map_err(js_error)?;
    js_value(&output["nps"])
}

/// Panics on purpose. The page's tests use it to check that a crash inside
/// the core shows "internal error" with a report to copy, restarts the
/// worker and leaves the page working; nothing else calls it.
#[wasm_bindgen]
pub fn debug_panic() {
    panic!("debug_panic was called to test the page's recovery");
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
pub fn figures_report(bytes: &[u8]) -> Result<String, JsError> {
    use crate::figures;
    let rows = figures::read_csv(bytes).map_err(js_error)?;
    let kind = figures::kind_of(&rows).ok_or_else(|| {
        js_error(Error::unreadable(
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
pub fn sql(request: JsValue) -> Result<String, JsError> {
    let invalid =
        |e: &dyn std::fmt::Display| JsError::new(&format!("The SQL request is not valid: {e}."));
    let value = json_value(&request).map_err(|e| invalid(&e))?;
    let request: crate::sql::SqlRequest = serde_json::from_value(value).map_err(|e| invalid(&e))?;
    crate::sql::generate(&request).map_err(js_error)
}
