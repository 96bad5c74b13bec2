//! Column → field assignments, and the user's overrides of them.

use super::fields::{Field, Kind};
use super::matching::mapping_for;
use crate::text::fold_phrase;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// One mapped column: which field it feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedColumn {
    /// The field fed.
    pub field: Field,
    /// 0-based column index in the header row.
    pub column: usize,
    /// The header text as read (for display and the report's settings).
    pub header: String,
}

/// Column → field assignments for one kind, ordered by field. Each field
/// has at most one column and each column feeds at most one field.
///
/// Serialises as a JSON object `{ field id: header name }`, as the report's
/// settings show it.
///
/// ```
/// use cxmetrics::ingest::columns::{mapping_for, Field, Kind};
/// let m = mapping_for(Kind::Survey, &["Email", "Score", "Comment"]);
/// assert_eq!(m.get(Field::Score), Some(1));
/// assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"score":"Score","comment":"Comment"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    pub(super) entries: Vec<MappedColumn>,
}

impl Mapping {
    /// An empty mapping.
    pub fn new() -> Self {
        Mapping::default()
    }

    /// The column index feeding `field`, if any.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.entries
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.column)
    }

    /// The header text of the column feeding `field`, if any.
    pub fn header(&self, field: Field) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.header.as_str())
    }

    /// The field fed by column `column`, if any.
    pub fn field_of(&self, column: usize) -> Option<Field> {
        self.entries
            .iter()
            .find(|e| e.column == column)
            .map(|e| e.field)
    }

    /// The assignments, ordered by field.
    pub fn entries(&self) -> &[MappedColumn] {
        &self.entries
    }

    /// Number of mapped fields.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no column is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Maps `field` to `column` (named `header`), replacing the field's
    /// previous column and taking the column away from any other field.
    pub fn set(&mut self, field: Field, column: usize, header: &str) {
        self.entries
            .retain(|e| e.field != field && e.column != column);
        self.entries.push(MappedColumn {
            field,
            column,
            header: header.to_string(),
        });
        by_field(&mut self.entries);
    }

    /// Unmaps `field`.
    pub fn remove(&mut self, field: Field) {
        self.entries.retain(|e| e.field != field);
    }
}

/// Orders mapped columns by field (each field appears once).
pub(super) fn by_field(entries: &mut Vec<MappedColumn>) {
    crate::metrics::sort_stable_by(entries, |a, b| a.field.cmp(&b.field));
}

impl Serialize for Mapping {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for e in &self.entries {
            map.serialize_entry(e.field.as_str(), &e.header)?;
        }
        map.end()
    }
}

/// Applies user overrides `(field id, column header)` to `mapping` for
/// `kind`. The column is found by its exact header text, else by its
/// normalised form; an empty column (or `-`) unmaps the field. A column
/// given to one field is taken away from any other. If `mapping` holds
/// fields of another kind, it is first replaced by [`mapping_for`]`(kind)`.
///
/// All overrides are checked before any is applied: on error the mapping is
/// unchanged and the sentence names the unknown field or column.
///
/// ```
/// use cxmetrics::ingest::columns::{apply_overrides, mapping_for, Field, Kind};
/// let headers = ["Respondent", "Q1", "Q2"];
/// let mut m = mapping_for(Kind::Survey, &headers);
/// apply_overrides(&mut m, Kind::Survey, &headers, &[("score".into(), "Q1".into())]).unwrap();
/// assert_eq!(m.get(Field::Score), Some(1));
/// let err = apply_overrides(&mut m, Kind::Survey, &headers, &[("scor".into(), "Q2".into())]);
/// assert!(err.unwrap_err().starts_with("There is no field \"scor\" in survey data"));
/// ```
pub fn apply_overrides(
    mapping: &mut Mapping,
    kind: Kind,
    headers: &[&str],
    overrides: &[(String, String)],
) -> Result<(), String> {
    let mut resolved: Vec<(Field, Option<usize>)> = Vec::with_capacity(overrides.len());
    for (field_id, column) in overrides {
        let field = Field::from_id(kind, field_id).ok_or_else(|| {
            let ids: Vec<&str> = Field::for_kind(kind).map(Field::as_str).collect();
            format!(
                "There is no field \"{}\" in {} data: use one of {}.",
                truncate(field_id, 60),
                kind.as_str(),
                ids.join(", ")
            )
        })?;
        let trimmed = column.trim();
        if trimmed.is_empty() || trimmed == "-" {
            resolved.push((field, None));
            continue;
        }
        let index = headers
            .iter()
            .position(|h| *h == column.as_str())
            .or_else(|| headers.iter().position(|h| h.trim() == trimmed))
            .or_else(|| {
                let wanted = fold_phrase(trimmed);
                if wanted.is_empty() {
                    None
                } else {
                    headers.iter().position(|h| fold_phrase(h) == wanted)
                }
            })
            .ok_or_else(|| {
                let shown: Vec<String> = headers
                    .iter()
                    .take(20)
                    .map(|h| format!("\"{}\"", truncate(h, 40)))
                    .collect();
                let more = if headers.len() > 20 { ", …" } else { "" };
                format!(
                    "There is no column \"{}\" for {}: the columns are {}{}.",
                    truncate(column, 60),
                    field.as_str(),
                    shown.join(", "),
                    more
                )
            })?;
        resolved.push((field, Some(index)));
    }
    if mapping.entries.iter().any(|e| e.field.kind() != kind) {
        *mapping = mapping_for(kind, headers);
    }
    for (field, index) in resolved {
        match index {
            Some(i) => mapping.set(field, i, headers.get(i).copied().unwrap_or("")),
            None => mapping.remove(field),
        }
    }
    Ok(())
}

pub(super) fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max_chars).collect();
        t.push('…');
        t
    }
}
