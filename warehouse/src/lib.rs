//! The page's warehouse module (issue #16): the SQL generator
//! (`cxmetrics::sql`) and the result-table reader (`cxmetrics::figures`)
//! as a second wasm module, which the page's worker loads only when the
//! warehouse panel asks for a query or a dropped file is a result table.
//! The page's main module (the core with its feature `page`) holds neither,
//! so they cost nothing before the first result (README "Size").
//!
//! The exports cross the boundary as the main module's do
//! (`cxmetrics::wasm`): errors are a JS `Error` with the core's sentence
//! and `code`.
#![cfg(target_arch = "wasm32")]

use cxmetrics::error::Error;
use cxmetrics::figures;
use cxmetrics::wasm::{core_error, js_error, json};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** What `sql` reads (see `cxmetrics::sql::SqlRequest`). */
export interface SqlRequest {
  kind: "survey" | "tickets" | "subscriptions" | "spend" | "customers";
  dialect: "duckdb" | "spark" | "bigquery" | "snowflake" | "postgres";
  table: string;
  mapping?: Record<string, string>;
  settings?: Record<string, unknown>;
}
"#;

/// Reports a panic on the console before the module traps, with the words
/// the worker looks for, as the main module does.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("cxmetrics internal error: {info}").into());
    }));
}

/// Whether `head` (the first bytes of a file) starts like a result table:
/// the header `metric,path,value,reason`
/// (`cxmetrics::figures::looks_like_result`). The page decides it in JS
/// (`www/result-head.js`) before loading this module; the tests compare
/// the two.
#[wasm_bindgen]
pub fn is_figures(head: &[u8]) -> bool {
    figures::looks_like_result(head)
}

/// The report a result table describes (see `cxmetrics::figures`), as JSON
/// text: its kind read from the figures, `source: "figures"`, undefined
/// figures with the code of their reason when the SQL writes it.
#[wasm_bindgen]
pub fn figures_report(bytes: &[u8]) -> Result<String, JsValue> {
    let rows = figures::read_csv(bytes).map_err(core_error)?;
    let kind = figures::kind_of(&rows).ok_or_else(|| {
        core_error(Error::unreadable(
            "the result table names no figure of a kind cxmetrics knows.",
        ))
    })?;
    Ok(figures::unflatten(&rows, kind).to_string())
}

/// The SQL query for `request` — `{kind, dialect, table, mapping?,
/// settings?}` as `cxmetrics::sql::SqlRequest` — whose rows are `metric,
/// path, value, reason` (the same generator as `cxmetrics sql`).
#[wasm_bindgen]
pub fn sql(
    #[wasm_bindgen(unchecked_param_type = "SqlRequest")] request: JsValue,
) -> Result<String, JsValue> {
    let invalid = |e: &dyn std::fmt::Display| {
        js_error("settings", &format!("The SQL request is not valid: {e}."))
    };
    let value = json(request).map_err(|e| invalid(&e))?;
    let request = cxmetrics::sql::SqlRequest::deserialize(&value).map_err(|e| invalid(&e))?;
    cxmetrics::sql::generate(&request).map_err(core_error)
}
