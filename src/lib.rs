//! # cxmetrics
//!
//! Customer-support and customer-success metrics computed locally: the same
//! Rust core runs in the browser (WebAssembly, in a worker) and on the
//! command line. The numbers follow `SPEC.md`; every figure is either a
//! finite value or undefined with a reason.
//!
//! Data flows one way:
//!
//! | module | does |
//! |---|---|
//! | [`ingest`] | bytes in chunks → sniffed format → typed rows + skipped-row list |
//! | [`datasets`] | typed rows → per-kind streaming aggregates |
//! | [`metrics`] | pure functions on plain numbers → figures |
//! | [`report`] | the one serialisable output shape (SPEC §8) |
//! | `wasm` | the JavaScript door (wasm32 only) |
//!
//! ```
//! use cxmetrics::metrics::survey::nps_from_counts;
//! let nps = nps_from_counts(60, 25, 15).unwrap();
//! assert_eq!(nps.value, 45.0);
//! ```

pub mod calculators;
pub mod datasets;
pub mod error;
pub mod ingest;
pub mod metrics;
pub mod report;
pub mod session;
pub mod settings;

#[cfg(target_arch = "wasm32")]
mod wasm;
