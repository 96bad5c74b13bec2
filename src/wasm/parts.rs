//! The parts module's exports (feature `parts`): a large file read in
//! ranges by several workers at once ([`crate::session::ranges`]), the
//! page's side of `cxmetrics report --threads`. `www/parallel.js` drives
//! them:
//!
//! - [`RangeIngest`] makes the plan from the file's head, then reads one
//!   range and saves its part as bytes (in each range worker);
//! - [`MergeIngest`] loads the parts in file order and gives the report,
//!   the same object `Ingest.finish()` gives for the whole file.
//!
//! A module of its own: the page's module (the first result) stays as it
//! was, and this one is fetched only when a file is large enough to be
//! read in parts.
use super::{core_error, js, settings_from};
use crate::ingest::sniff::SAMPLE_BYTES;
use crate::session::ranges::{Part, Plan};
use crate::session::Session;
use wasm_bindgen::prelude::*;

/// One range of a file: `new RangeIngest(settings, head)` decides the
/// plan from the first bytes of the file (at least a MiB, or all of it);
/// `begin(firstLine)`, `push(bytes)`…, `finish()` read a range and give
/// its part as bytes.
#[wasm_bindgen]
pub struct RangeIngest {
    plan: Plan,
    session: Option<Session>,
    ends_in_quotes: bool,
}

#[wasm_bindgen]
impl RangeIngest {
    /// The plan of the file whose first bytes are `head`. Throws (code
    /// `head_too_short`) when they do not hold the sample, and the
    /// reading's own error when the file cannot be read.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | null | undefined")]
        settings: JsValue,
        head: &[u8],
    ) -> Result<RangeIngest, JsValue> {
        let settings = settings_from(settings)?;
        let plan = Plan::new(settings, SAMPLE_BYTES, head)
            .map_err(core_error)?
            .ok_or_else(|| {
                super::js_error(
                    "head_too_short",
                    "The start of the file does not hold the sample: read it in one pass.",
                )
            })?;
        Ok(RangeIngest {
            plan,
            session: None,
            ends_in_quotes: false,
        })
    }

    /// The line feeds in `bytes` (a piece of the file before a range, to
    /// number its lines): a plain count, vectorised in the simd128 build,
    /// about 4× the page's own `indexOf` loop.
    #[wasm_bindgen(js_name = countLineFeeds)]
    pub fn count_line_feeds(bytes: &[u8]) -> f64 {
        bytes.iter().filter(|&&b| b == b'\n').count() as f64
    }

    /// A range reader with the plan `RangeIngest.plan()` gave (in another
    /// worker): the same decisions without the head.
    #[wasm_bindgen(js_name = fromPlan)]
    pub fn from_plan(
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | null | undefined")]
        settings: JsValue,
        plan: &[u8],
    ) -> Result<RangeIngest, JsValue> {
        let plan = Plan::load(settings_from(settings)?, plan).map_err(core_error)?;
        Ok(RangeIngest {
            plan,
            session: None,
            ends_in_quotes: false,
        })
    }

    /// Whether the file can be cut (not UTF-16, not lone-CR lines).
    pub fn splittable(&self) -> bool {
        self.plan.splittable()
    }

    /// Bytes at the start of the file the first range must hold.
    pub fn head_len(&self) -> f64 {
        self.plan.head_len() as f64
    }

    /// The plan as bytes, for `new MergeIngest`.
    pub fn plan(&self) -> Vec<u8> {
        self.plan.save()
    }

    /// Starts a range: `firstLine` 0 for the range that starts the file,
    /// else the line its first record starts on.
    pub fn begin(&mut self, first_line: f64) -> Result<(), JsValue> {
        self.session = Some(if first_line < 1.0 {
            self.plan.first_range()
        } else {
            self.plan.range(first_line as u64).map_err(core_error)?
        });
        Ok(())
    }

    /// Feeds the next chunk of the range.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        match self.session.as_mut() {
            Some(session) => session.push(chunk).map_err(core_error),
            None => Err(super::js_error("settings", "No range was begun.")),
        }
    }

    /// Data rows read in this range so far.
    pub fn rows(&self) -> f64 {
        self.session.as_ref().map_or(0.0, |s| s.rows() as f64)
    }

    /// Ends the range; its part as bytes for `MergeIngest.add`.
    pub fn finish(&mut self) -> Result<Vec<u8>, JsValue> {
        let session = self
            .session
            .take()
            .ok_or_else(|| super::js_error("settings", "No range was begun."))?;
        let part = session.into_part().map_err(core_error)?;
        self.ends_in_quotes = part.ends_in_quotes();
        Ok(part.save())
    }

    /// Whether the range just finished ended inside a quoted cell: it was
    /// cut in one, so the next range's start was a guess inside it, and the
    /// two must be read again as one.
    pub fn ends_in_quotes(&self) -> bool {
        self.ends_in_quotes
    }
}

/// The parts of a file merged in file order: `new MergeIngest(settings,
/// plan)`, `add(part)` for each range in order, `finish()` the report.
#[wasm_bindgen]
pub struct MergeIngest {
    plan: Plan,
    /// The parts merged so far, from an empty part that holds the opened
    /// report (the header's inferences and settings).
    merged: Option<Part>,
    finished: bool,
}

#[wasm_bindgen]
impl MergeIngest {
    /// An empty merge with the settings and plan the ranges were read with.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | null | undefined")]
        settings: JsValue,
        plan: &[u8],
    ) -> Result<MergeIngest, JsValue> {
        let plan = Plan::load(settings_from(settings)?, plan).map_err(core_error)?;
        let merged = Some(plan.empty_part().map_err(core_error)?);
        Ok(MergeIngest {
            plan,
            merged,
            finished: false,
        })
    }

    /// Adds the part of the next range.
    pub fn add(&mut self, part: &[u8]) -> Result<(), JsValue> {
        if self.finished {
            return Err(super::js_error(
                "settings",
                "This merge is already finished.",
            ));
        }
        let part = self.plan.load_part(part).map_err(core_error)?;
        match self.merged.as_mut() {
            Some(merged) => merged.merge(part),
            None => self.merged = Some(part),
        }
        Ok(())
    }

    /// Data rows merged so far.
    pub fn rows(&self) -> f64 {
        self.merged.as_ref().map_or(0.0, |p| p.rows() as f64)
    }

    /// The report of the parts added.
    #[wasm_bindgen(unchecked_return_type = "Record<string, unknown>")]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        if std::mem::replace(&mut self.finished, true) {
            return Err(super::js_error(
                "settings",
                "This merge is already finished.",
            ));
        }
        let merged = match self.merged.take() {
            Some(merged) => merged,
            None => self.plan.empty_part().map_err(core_error)?,
        };
        js(&merged.finish().map_err(core_error)?)
    }
}
