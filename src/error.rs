//! Errors that stop a whole input: one clear sentence saying why and what to
//! do, and a stable code for it. Problems with single rows are not errors:
//! they are skipped rows on the report (see [`crate::report::SkippedRow`]).

use std::fmt;

/// A file or paste that cannot be turned into a report.
///
/// The `Display` text is the sentence the page and the command line print;
/// [`Error::code`] names the cause for programs (the page translates by it).
///
/// ```
/// use cxmetrics::error::Error;
/// let e = Error::unreadable("the file is empty: export it again with at least one data row.");
/// assert_eq!(e.to_string(), "The file is empty: export it again with at least one data row.");
/// assert_eq!(e.code(), "unreadable");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input cannot be read as a table at all.
    Unreadable(String),
    /// The settings given with the input are wrong (an unknown column in a
    /// mapping, an impossible option).
    Settings(String),
}

/// The causes whose sentence is always the same, each with its stable
/// code: a program (the page) can say them in another language. Every
/// other error's code is its variant's ([`Error::code`]).
pub const CAUSES: &[(&str, &str)] = &[
    (
        "empty_file",
        "the file is empty: export it again with a header row and at least one data row.",
    ),
    (
        "binary_file",
        "this file contains binary data (NUL bytes), not text: export the data as CSV and try again.",
    ),
    ("no_rows", "the file has no rows."),
    (
        "no_data_rows",
        "the file has a header row but no data rows: export it again with its data.",
    ),
    ("input_finished", "this input is already finished"),
];

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

    /// A stable snake_case code: the cause's when its sentence is one of
    /// [`CAUSES`], else `unreadable` or `settings` after the variant. The
    /// wasm boundary sets it as the JS error's `code`; `cxmetrics report
    /// --json` prints it with the sentence.
    ///
    /// ```
    /// use cxmetrics::error::Error;
    /// assert_eq!(Error::unreadable("the file has no rows.").code(), "no_rows");
    /// assert_eq!(Error::settings("the kind is wrong").code(), "settings");
    /// ```
    pub fn code(&self) -> &'static str {
        let sentence = self.sentence();
        if let Some((code, _)) = CAUSES.iter().find(|(_, s)| *s == sentence) {
            return code;
        }
        match self {
            Error::Unreadable(_) => "unreadable",
            Error::Settings(_) => "settings",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Session, Settings};

    /// The inputs that stop with a fixed sentence get its code: the
    /// sentences in [`CAUSES`] are the ones the reader writes.
    #[test]
    fn fixed_causes_have_their_codes() {
        let code = |bytes: &[u8]| {
            let mut s = Session::new(Settings::default()).unwrap();
            s.push(bytes).and_then(|()| s.finish()).unwrap_err().code()
        };
        assert_eq!(code(b""), "empty_file");
        assert_eq!(code(b"  \n"), "empty_file");
        assert_eq!(code(b"a,b\n1,\0\n"), "binary_file");
        assert_eq!(code(b"score,comment\n"), "no_data_rows");
        let mut s = Session::new(Settings::default()).unwrap();
        s.push(b"score\n9\n").unwrap();
        s.finish().unwrap();
        assert_eq!(s.finish().unwrap_err().code(), "input_finished");
        assert_eq!(Error::settings("x").code(), "settings");
        assert_eq!(Error::unreadable("x").code(), "unreadable");
        let mut codes: Vec<&str> = CAUSES.iter().map(|(c, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CAUSES.len());
    }
}
