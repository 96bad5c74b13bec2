//! Errors that stop a whole input: one clear sentence saying why and what to
//! do. Problems with single rows are not errors: they are skipped rows on
//! the report (see [`crate::report::SkippedRow`]).

use std::fmt;

/// A file or paste that cannot be turned into a report.
///
/// The `Display` text is the sentence the page and the command line print.
///
/// ```
/// use cxmetrics::error::Error;
/// let e = Error::unreadable("the file is empty: export it again with at least one data row.");
/// assert_eq!(e.to_string(), "The file is empty: export it again with at least one data row.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input cannot be read as a table at all.
    Unreadable(String),
    /// The settings given with the input are wrong (an unknown column in a
    /// mapping, an impossible option).
    Settings(String),
}

impl Error {
    /// An unreadable-input error; the first letter is capitalised for display.
    pub fn unreadable(sentence: impl Into<String>) -> Self {
        Error::Unreadable(sentence.into())
    }

    /// A settings error.
    pub fn settings(sentence: impl Into<String>) -> Self {
        Error::Settings(sentence.into())
    }

    /// The sentence without the variant.
    pub fn sentence(&self) -> &str {
        match self {
            Error::Unreadable(s) | Error::Settings(s) => s,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.sentence();
        let mut chars = s.chars();
        match chars.next() {
            Some(c) => {
                for u in c.to_uppercase() {
                    write!(f, "{u}")?;
                }
                f.write_str(chars.as_str())
            }
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {}
