//! Matching headers to fields: the comparison keys, the alias index and the
//! assignment of columns.

use super::aliases::{FIELDS, FIELD_COUNT};
use super::fields::{Field, FieldSpec, Kind};
use super::mapping::{by_field, MappedColumn, Mapping};
use crate::text::fold_phrase;

const STRENGTH_EXACT: u32 = 4;
const STRENGTH_STRIPPED: u32 = 3;
const STRENGTH_CONTAINS: u32 = 2;
const NOUN_BONUS: u32 = 2;

/// The header with bracketed parts removed and a trailing time-zone word
/// dropped: "Start Date (UTC)" → "start date", "Valor (R$)" → "valor".
fn stripped_key(raw: &str) -> String {
    let mut kept = String::with_capacity(raw.len());
    let mut depth = 0u32;
    for c in raw.chars() {
        match c {
            '(' | '[' | '{' => depth = depth.saturating_add(1),
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                kept.push(' ');
            }
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    let mut key = fold_phrase(&kept);
    for zone in [" utc", " gmt"] {
        if let Some(rest) = key.strip_suffix(zone) {
            key = rest.to_string();
        }
    }
    key
}

/// True when `key` (normalised) contains the words of `pattern`; a
/// trailing `*` lets the last word be a prefix.
fn contains_words(key: &str, pattern: &str) -> bool {
    let (body, prefix) = match pattern.strip_suffix('*') {
        Some(b) => (b, true),
        None => (pattern, false),
    };
    if body.is_empty() {
        return false;
    }
    let bytes = key.as_bytes();
    let mut start = 0usize;
    while start <= key.len() {
        let at_boundary = start == 0 || bytes.get(start.wrapping_sub(1)) == Some(&b' ');
        if at_boundary {
            if let Some(rest) = key.get(start..) {
                if let Some(after) = rest.strip_prefix(body) {
                    if prefix || after.is_empty() || after.starts_with(' ') {
                        return true;
                    }
                }
            }
        }
        match key.get(start..).and_then(|r| r.find(' ')) {
            Some(pos) => start = start.saturating_add(pos).saturating_add(1),
            None => break,
        }
    }
    false
}

/// A header's comparison keys, computed once.
pub(super) struct Keys {
    pub(super) full: String,
    pub(super) stripped: String,
}

impl Keys {
    pub(super) fn new(raw: &str) -> Self {
        Keys {
            full: fold_phrase(raw),
            stripped: stripped_key(raw),
        }
    }
}

/// The best (strength, alias index) with which `keys` match `spec`.
fn match_field(spec: &FieldSpec, keys: &Keys) -> Option<(u32, usize)> {
    if keys.full.is_empty() && keys.stripped.is_empty() {
        return None;
    }
    let prefixes = spec.kind.prefixes();
    let unprefixed = |k: &str, alias: &str| {
        prefixes
            .iter()
            .any(|p| k.strip_prefix(p).is_some_and(|rest| rest == alias))
    };
    let mut best: Option<(u32, usize)> = None;
    for (i, alias) in spec.aliases.iter().enumerate() {
        let strength = if let Some(pattern) = alias.strip_prefix('~') {
            let vetoed = spec.vetoes.iter().any(|v| contains_words(&keys.full, v));
            if !vetoed && contains_words(&keys.full, pattern) {
                STRENGTH_CONTAINS
            } else {
                continue;
            }
        } else if keys.full == *alias {
            STRENGTH_EXACT
        } else if !keys.stripped.is_empty()
            && (keys.stripped == *alias
                || unprefixed(&keys.full, alias)
                || unprefixed(&keys.stripped, alias))
        {
            STRENGTH_STRIPPED
        } else {
            continue;
        };
        let better = match best {
            None => true,
            Some((s, _)) => strength > s,
        };
        if better {
            best = Some((strength, i));
        }
    }
    best
}

/// Which fields a header could match, found without trying every alias:
/// exact and stripped aliases by binary search (also with each kind's
/// prefix removed), plus every field that has contains-patterns. [`match_field`]
/// stays the authority; the index only skips fields that cannot match, so a
/// file with 100,000 columns is read in linear time.
struct AliasIndex {
    /// Exact and stripped aliases, sorted, each with the field specs that
    /// have it (one bit per spec): a binary search finds them (a sorted
    /// table is smaller in the wasm than a hash map).
    exact: Vec<(&'static str, u128)>,
    /// (first word of a contains-pattern without its `*`, field spec):
    /// a header can only contains-match a field if it contains the word.
    pattern_stems: Vec<(&'static str, usize)>,
    prefixes: Vec<&'static str>,
}

impl AliasIndex {
    fn build() -> Self {
        let mut exact: Vec<(&'static str, u128)> = Vec::new();
        let mut pattern_stems = Vec::new();
        for (i, spec) in FIELDS.iter().enumerate() {
            for alias in spec.aliases {
                if let Some(pattern) = alias.strip_prefix('~') {
                    let first = pattern.split(' ').next().unwrap_or(pattern);
                    pattern_stems.push((first.trim_end_matches('*'), i));
                } else {
                    exact.push((alias, 1 << i));
                }
            }
        }
        crate::metrics::sort_stable_by(&mut exact, |a, b| a.0.cmp(b.0));
        // One entry per alias, its specs merged.
        let mut merged: Vec<(&'static str, u128)> = Vec::with_capacity(exact.len());
        for (alias, specs) in exact {
            match merged.last_mut() {
                Some(last) if last.0 == alias => last.1 |= specs,
                _ => merged.push((alias, specs)),
            }
        }
        // Without repeats; their order does not matter (see `candidates`).
        let mut prefixes: Vec<&'static str> = Vec::new();
        for p in Kind::ALL.iter().flat_map(|k| k.prefixes().iter().copied()) {
            if !prefixes.contains(&p) {
                prefixes.push(p);
            }
        }
        AliasIndex {
            exact: merged,
            pattern_stems,
            prefixes,
        }
    }

    /// The field specs that have `alias` as an exact alias, one bit each.
    fn exact(&self, alias: &str) -> u128 {
        self.exact
            .binary_search_by(|(a, _)| (*a).cmp(alias))
            .map_or(0, |at| self.exact.get(at).map_or(0, |e| e.1))
    }

    /// The field specs (indices into `FIELDS`) that may match `keys`,
    /// sorted and without repeats.
    fn candidates(&self, keys: &Keys, out: &mut Vec<usize>) {
        out.clear();
        if keys.full.is_empty() && keys.stripped.is_empty() {
            return;
        }
        // One bit per field spec: sorted and free of repeats without a sort.
        let mut found = 0u128;
        for &(stem, i) in &self.pattern_stems {
            if keys.full.contains(stem) {
                found |= 1 << i;
            }
        }
        for key in [keys.full.as_str(), keys.stripped.as_str()] {
            if key.is_empty() {
                continue;
            }
            found |= self.exact(key);
            for p in &self.prefixes {
                if let Some(rest) = key.strip_prefix(p) {
                    found |= self.exact(rest);
                }
            }
        }
        out.extend((0..FIELD_COUNT).filter(|i| found & (1 << i) != 0));
    }
}

fn alias_index() -> &'static AliasIndex {
    static INDEX: std::sync::OnceLock<AliasIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(AliasIndex::build)
}

/// Assigns columns to the fields of `kind`; returns the mapping and score.
pub(super) fn assign(kind: Kind, keys: &[Keys], headers: &[&str]) -> (Mapping, u32) {
    // (strength, weight, alias index, column, field)
    let mut candidates: Vec<(u32, u32, usize, usize, Field)> = Vec::new();
    let index = alias_index();
    let mut specs: Vec<usize> = Vec::new();
    for (column, k) in keys.iter().enumerate() {
        index.candidates(k, &mut specs);
        for &i in &specs {
            let spec = &FIELDS[i];
            if spec.kind != kind {
                continue;
            }
            if let Some((strength, alias)) = match_field(spec, k) {
                candidates.push((strength, spec.weight, alias, column, spec.field));
            }
        }
    }
    // Stable, so equal candidates keep their field order.
    crate::metrics::sort_stable_by(&mut candidates, |a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut mapping = Mapping::new();
    let mut used_columns: Vec<bool> = vec![false; keys.len()];
    let mut score = 0u32;
    for (strength, weight, _, column, field) in candidates {
        let taken = used_columns.get(column).copied().unwrap_or(true);
        if taken || mapping.get(field).is_some() {
            continue;
        }
        if let Some(slot) = used_columns.get_mut(column) {
            *slot = true;
        }
        let header = headers.get(column).copied().unwrap_or("");
        mapping.entries.push(MappedColumn {
            field,
            column,
            header: header.to_string(),
        });
        score = score.saturating_add(weight.saturating_mul(strength));
    }
    by_field(&mut mapping.entries);
    let nouns = kind.nouns();
    for k in keys {
        if nouns.iter().any(|n| contains_words(&k.full, n)) {
            score = score.saturating_add(NOUN_BONUS);
        }
    }
    (mapping, score)
}

/// The column → field mapping for `kind`, used when the user forces a kind.
///
/// ```
/// use cxmetrics::ingest::columns::{mapping_for, Field, Kind};
/// let m = mapping_for(Kind::Spend, &["Mes", "Canal", "Inversión", "Nuevos clientes"]);
/// assert_eq!(m.get(Field::SpendDate), Some(0));
/// assert_eq!(m.get(Field::Spend), Some(2));
/// assert_eq!(m.get(Field::NewCustomers), Some(3));
/// ```
pub fn mapping_for(kind: Kind, headers: &[&str]) -> Mapping {
    let keys: Vec<Keys> = headers.iter().map(|h| Keys::new(h)).collect();
    assign(kind, &keys, headers).0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Naive cross-check of `contains_words`: pad with spaces and search.
    fn contains_words_naive(key: &str, pattern: &str) -> bool {
        let padded = format!(" {key} ");
        match pattern.strip_suffix('*') {
            Some(body) => !body.is_empty() && padded.contains(&format!(" {body}")),
            None => !pattern.is_empty() && padded.contains(&format!(" {pattern} ")),
        }
    }

    #[test]
    fn stripped_key_examples() {
        assert_eq!(stripped_key("Start Date (UTC)"), "start date");
        assert_eq!(stripped_key("Valor (R$)"), "valor");
        assert_eq!(stripped_key("created_at_utc"), "created at");
    }

    #[test]
    fn contains_words_examples() {
        assert!(contains_words(
            "how likely are you to recommend us",
            "recommend*"
        ));
        assert!(contains_words("recommanderiez vous", "recommand*"));
        assert!(!contains_words("reason for your score", "score*x"));
        assert!(contains_words("reason for your score", "score"));
        assert!(!contains_words("scores", "score"));
        assert!(!contains_words("nps", ""));
        assert!(contains_words("por que nos da esa nota", "por que"));
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn contains_words_matches_naive(key in "[a-c ]{0,12}", pattern in "[a-c]{0,3}( [a-c]{1,2})?\\*?") {
            let key = fold_phrase(&key);
            prop_assert_eq!(contains_words(&key, &pattern), contains_words_naive(&key, &pattern));
        }
    }
}
