//! Spend data → its report (being built).

use super::{Accumulator, Context};
use crate::error::Error;
use crate::ingest::reader::Record;
use crate::report::Report;
use crate::settings::Settings;

/// The spend accumulator.
pub struct SpendDataset;

impl SpendDataset {
    /// Opens it.
    pub fn new(_ctx: Context, _settings: &Settings) -> Result<Self, Error> {
        Err(Error::unreadable(
            "spend data is recognised but its report is not available yet.",
        ))
    }
}

impl Accumulator for SpendDataset {
    fn push(&mut self, _record: &Record, _report: &mut Report) {}
    fn finish(self: Box<Self>, _report: &mut Report) -> Result<(), Error> {
        Ok(())
    }
}
