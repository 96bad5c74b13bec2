//! What was decided when a file was opened, as the report's `settings`
//! show it ([contract §8](crate::contract)): one typed struct, serialised once
//! ([`Report::set_settings`](crate::report::Report::set_settings)).

use crate::ingest::columns::{Field, Mapping};
use serde::{Serialize, Serializer};

/// The kind, mapping and styles decided for one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenSettings {
    /// The kind of data.
    pub kind: &'static str,
    /// Field → column header.
    pub mapping: Mapping,
    /// Every field of the kind, so the page can offer to map any of them.
    pub fields: Vec<&'static str>,
    /// `false` when the number style could not be decided from the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_style_decided: Option<bool>,
    /// `dot` or `comma`.
    pub number_style: &'static str,
    /// The date style of each mapped time field (absent without one).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "date_styles"
    )]
    pub date_styles: Option<Vec<(Field, &'static str)>>,
    /// `true` when money columns are in cents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amounts_in_cents: Option<bool>,
    /// The currency the user set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `settings`, beside a currency the user set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency_source: Option<&'static str>,
    /// Sentences about guesses made (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
}

/// `{field: style}`.
fn date_styles<S: Serializer>(
    styles: &Option<Vec<(Field, &'static str)>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(
        styles
            .iter()
            .flatten()
            .map(|(field, style)| (field.as_str(), style)),
    )
}

/// How the file was read, as the report's `settings` show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormatSettings<'a> {
    /// The text encoding.
    pub encoding: &'static str,
    /// The separator's name.
    pub delimiter: &'static str,
    /// How many header rows.
    pub header_rows: u8,
    /// The physical lines taken as header.
    pub header_lines: Vec<u64>,
    /// The column names.
    pub columns: &'a [String],
}
