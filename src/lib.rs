//! # cxmetrics
//!
//! Customer-support and customer-success metrics computed locally: the same
//! Rust core runs in the browser (WebAssembly, in a worker) and on the
//! command line. The numbers follow the [metric contract](crate::contract) (`docs/metrics.md`); every figure is
//! either a finite value or [`metrics::Undefined`] with a reason — never NaN,
//! never infinity, never a panic.
//!
//! ## Module map
//!
//! Data flows one way:
//!
//! | module | does |
//! |---|---|
//! | [`ingest`] | bytes in chunks → sniffed format ([`ingest::sniff`]) → records ([`ingest::reader`]) → mapped columns ([`ingest::columns`]) → parsed values ([`ingest::values`]) |
//! | [`datasets`] | records → one streaming accumulator per kind of data (survey, tickets, subscriptions, spend, accounts) |
//! | [`metrics`] | pure functions on plain numbers → figures ([contract §1–§6](crate::contract)) |
//! | [`report`] | the one serialisable output shape ([contract §8](crate::contract)) |
//! | [`session`] | the pipeline: chunks in, [`report::Report`] out |
//! | [`calculators`] | typed-in calculators: JSON inputs → figures, for the page and the JS API |
//! | [`settings`] | every assumption a user can set |
//! | [`text`] | folding text for comparison (case, accents, punctuation): header names, status and rating words |
//! | [`time`] | calendar arithmetic (days ↔ dates, month indices) and the date ids of reports |
//! | [`schedule`] | business hours: a weekly schedule in a time zone, with holidays |
//! | [`zone`] | a time zone's offset at an instant: chrono-tz natively, the browser's `Intl.DateTimeFormat` in the wasm |
//! | `wasm` | the JavaScript door (wasm32 only) |
//!
//! ## One example per area
//!
//! A whole export, streamed in chunks:
//!
//! ```
//! use cxmetrics::session::{Session, Settings};
//! let mut session = Session::new(Settings::default()).unwrap();
//! session.push(b"Score\n10\n9\n").unwrap();
//! session.push(b"7\n3\n").unwrap();
//! let report = session.finish().unwrap();
//! assert_eq!(report.kind, "survey");
//! assert_eq!(report.metrics["nps"]["value"], 25.0); // (2 − 1) ÷ 4
//! ```
//!
//! Acquisition and value ([contract §1](crate::contract)):
//!
//! ```
//! use cxmetrics::metrics::acquisition::{cac, lost_before_payback, payback_months};
//! assert_eq!(cac(10_000.0, 5), Ok(2_000.0));
//! assert_eq!(payback_months(1_200.0, 100.0, 1.0), Ok(12.0));
//! let lost = lost_before_payback(0.03, 12.0).unwrap();
//! assert_eq!((lost * 1000.0).round() / 10.0, 30.6);
//! ```
//!
//! Churn and retention ([contract §2](crate::contract)):
//!
//! ```
//! use cxmetrics::metrics::churn::{annual_from_monthly, customer_churn, retention_rate};
//! assert_eq!(customer_churn(200, 10), Ok(0.05));
//! assert_eq!(retention_rate(200, 30, 220), Ok(0.95));
//! let annual = annual_from_monthly(0.05).unwrap();
//! assert_eq!((annual * 1000.0).round() / 10.0, 46.0);
//! ```
//!
//! Revenue retention ([contract §2](crate::contract)): NRR straight from two snapshots of the same
//! customers (start, end):
//!
//! ```
//! use cxmetrics::metrics::revenue::nrr_from_snapshots;
//! let nrr = nrr_from_snapshots([(100.0, 120.0), (100.0, 0.0), (50.0, 40.0)]).unwrap();
//! assert_eq!(nrr, 160.0 / 250.0);
//! ```
//!
//! Surveys ([contract §3](crate::contract)):
//!
//! ```
//! use cxmetrics::metrics::survey::{csat_from_counts, nps_from_counts};
//! let nps = nps_from_counts(60, 25, 15).unwrap();
//! assert_eq!(nps.value, 45.0);
//! assert_eq!((nps.ci95_low * 10.0).round() / 10.0, 29.3);
//! let csat = csat_from_counts(74, 107).unwrap();
//! assert_eq!((csat.value * 1000.0).round() / 10.0, 69.2);
//! ```
//!
//! Support tickets ([contract §4](crate::contract)): percentiles interpolate like a spreadsheet's
//! PERCENTILE.INC.
//!
//! ```
//! use cxmetrics::metrics::stats::percentile;
//! assert_eq!(percentile(&[15.0, 20.0, 35.0, 40.0, 50.0], 0.4), Ok(29.0));
//! ```
//!
//! Success operations ([contract §5](crate::contract)): CSM capacity, bottom-up.
//!
//! ```
//! use cxmetrics::metrics::success::{csm_capacity, Activity};
//! let qbr = Activity { name: "QBR".into(), hours_per_occurrence: 3.0, occurrences_per_year: 4.0 };
//! let c = csm_capacity(&[qbr], 100, 1_500.0).unwrap();
//! assert_eq!(c.hours_per_year, 1_200.0);
//! ```
//!
//! What-if ([contract §6](crate::contract)): baseline against a scenario.
//!
//! ```
//! use cxmetrics::metrics::scenario::{compare, premium_support, Baseline};
//! let baseline = Baseline { arpa: 100.0, monthly_churn: 0.05, cac: 1_200.0, ..Baseline::default() };
//! let c = compare(&baseline, &premium_support()); // churn −4 % relative: 5 % → 4.8 %
//! assert_eq!(c.baseline.ltv, Ok(2_000.0)); // 100 ÷ 0.05
//! let after = c.scenario.ltv.unwrap();
//! assert!((after - 100.0 / 0.048).abs() < 1e-9);
//! ```
//!
//! Typed-in calculators, as the page and the JS API call them:
//!
//! ```
//! let out = cxmetrics::calculators::calculate(
//!     "nps",
//!     &serde_json::json!({ "promoters": 60, "passives": 25, "detractors": 15 }),
//! )
//! .unwrap();
//! assert_eq!(out["nps"]["value"], 45.0);
//! ```

pub mod calculators;
/// The metric contract: every figure's meaning, formula, edge cases, source,
/// worked example and report id (`docs/metrics.md`, cited as "contract §N").
///
#[doc = include_str!("../docs/metrics.md")]
pub mod contract {}
pub mod datasets;
pub mod error;
pub mod figures;
pub mod ingest;
pub mod metrics;
pub mod report;
pub mod schedule;
pub mod session;
pub mod settings;
pub mod sql;
pub mod text;
pub mod time;
pub mod zone;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
mod words;
