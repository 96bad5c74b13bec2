//! Tickets.
use super::{Columns, Query};
use crate::error::Error;
use crate::settings::Settings;

/// Writes the tickets query.
pub(crate) fn build(_q: &mut Query, _c: &Columns, _settings: &Settings) -> Result<(), Error> {
    Err(Error::settings("not yet"))
}
