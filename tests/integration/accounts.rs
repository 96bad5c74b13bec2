//! Accounts exports → report (see the datasets work).

/// Fixtures of this kind, also run through the chunking and CLI tests.
pub const FIXTURES: &[&str] = &[];
