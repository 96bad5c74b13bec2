//! The JavaScript door; the only file that names wasm-bindgen.
//!
//! Few exports: [`Ingest`] for data (chunks in, report JSON out) and plain
//! functions for the typed-in calculators. Errors cross as `JsError` with
//! the same sentence the command line prints.

use crate::calculators;
use crate::error::Error;
use crate::session::{Session, Settings};
use serde::Serialize;
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
/// as a JSON value first, the reader `calculate` uses too, then field by
/// field ([`Settings::from_json`]).
fn settings_from(value: JsValue) -> Result<Settings, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Settings::default());
    }
    let invalid =
        |e: &dyn std::fmt::Display| JsError::new(&format!("The settings are not valid: {e}."));
    let value: serde_json::Value =
        serde_wasm_bindgen::from_value(value).map_err(|e| invalid(&e))?;
    Settings::from_json(&value).map_err(|e| invalid(&e))
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
        serde_wasm_bindgen::from_value(input)
            .map_err(|e| JsError::new(&format!("The input is not valid: {e}.")))?
    };
    let output = calculators::calculate(name, &input).map_err(js_error)?;
    output
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
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
    output["nps"]
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Panics on purpose. The page's tests use it to check that a crash inside
/// the core shows "internal error" with a report to copy, restarts the
/// worker and leaves the page working; nothing else calls it.
#[wasm_bindgen]
pub fn debug_panic() {
    panic!("debug_panic was called to test the page's recovery");
}
