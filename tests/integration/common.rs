//! Helpers shared by the integration tests.

use cxmetrics::error::Error;
use cxmetrics::report::Report;
use cxmetrics::session::Session;
use cxmetrics::settings::Settings;
use std::path::PathBuf;

/// The path of a fixture under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The bytes of a fixture.
pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A report from bytes pushed in chunks of `chunk` bytes.
pub fn report_chunked(bytes: &[u8], settings: Settings, chunk: usize) -> Result<Report, Error> {
    let mut session = Session::new(settings)?;
    for part in bytes.chunks(chunk.max(1)) {
        session.push(part)?;
    }
    session.finish()
}

/// A report from bytes pushed at once.
pub fn report(bytes: &[u8], settings: Settings) -> Result<Report, Error> {
    report_chunked(bytes, settings, usize::MAX)
}

/// A report of a fixture with default settings.
pub fn report_of(name: &str) -> Report {
    report(&fixture_bytes(name), Settings::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A figure's value as f64 (panics with the figure when undefined).
pub fn value(report: &Report, id: &str) -> f64 {
    let figure = &report.metrics[id];
    figure["value"]
        .as_f64()
        .unwrap_or_else(|| panic!("{id} is not a number: {figure}"))
}

/// Asserts two numbers agree to `tol`.
#[track_caller]
pub fn close(actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "expected {expected} ± {tol}, got {actual}"
    );
}

/// Every fixture the kind modules list, for the chunking and CLI tests.
pub fn all_fixtures() -> Vec<&'static str> {
    [
        super::survey::FIXTURES,
        super::tickets::FIXTURES,
        super::subscriptions::FIXTURES,
        super::spend::FIXTURES,
        super::accounts::FIXTURES,
    ]
    .concat()
}

/// The skipped rows as (line, column, value, reason), for exact comparison.
pub fn skipped_rows(r: &Report) -> Vec<(u64, &str, &str, &str)> {
    r.skipped
        .iter()
        .map(|s| {
            (
                s.line,
                s.column.as_str(),
                s.value.as_str(),
                s.reason.as_str(),
            )
        })
        .collect()
}
