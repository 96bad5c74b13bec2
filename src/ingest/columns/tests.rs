//! Tests of the field and alias tables, kind ids and overrides.

use super::aliases::{FIELDS, FIELD_COUNT};
use super::detect_tests::header_strategy;
use super::*;
use crate::text::fold_phrase;
use proptest::prelude::*;
use std::str::FromStr;

// --------------------------------------------------------------- overrides

#[test]
fn overrides_set_move_and_unmap() {
    let headers = ["Respondent", "Q1 (0-10)", "Q2", "Notes", "When"];
    let mut m = mapping_for(Kind::Survey, &headers);
    assert_eq!(m.get(Field::Score), None);
    apply_overrides(
        &mut m,
        Kind::Survey,
        &headers,
        &[
            ("score".into(), "Q1 (0-10)".into()),
            ("comment".into(), "notes".into()), // normalised match
            ("Date".into(), " When ".into()),   // field id case-insensitive, header trimmed
        ],
    )
    .unwrap();
    assert_eq!(m.get(Field::Score), Some(1));
    assert_eq!(m.get(Field::Comment), Some(3));
    assert_eq!(m.get(Field::SurveyDate), Some(4));
    assert_eq!(m.header(Field::Comment), Some("Notes"));
    check_required(Kind::Survey, &m).unwrap();

    // Giving Q1 to csat takes it away from score.
    apply_overrides(
        &mut m,
        Kind::Survey,
        &headers,
        &[("csat".into(), "Q1 (0-10)".into())],
    )
    .unwrap();
    assert_eq!(m.get(Field::Csat), Some(1));
    assert_eq!(m.get(Field::Score), None);
    // Empty column unmaps.
    apply_overrides(
        &mut m,
        Kind::Survey,
        &headers,
        &[("comment".into(), "".into())],
    )
    .unwrap();
    assert_eq!(m.get(Field::Comment), None);
    // Entries stay ordered by field.
    let fields: Vec<Field> = m.entries().iter().map(|e| e.field).collect();
    let mut sorted = fields.clone();
    sorted.sort();
    assert_eq!(fields, sorted);
}

#[test]
fn overrides_report_unknown_field_or_column_and_change_nothing() {
    let headers = ["Created", "Solved", "Who"];
    let mut m = mapping_for(Kind::Tickets, &headers);
    let before = m.clone();
    let err = apply_overrides(
        &mut m,
        Kind::Tickets,
        &headers,
        &[
            ("requester".into(), "Who".into()),
            ("score".into(), "Who".into()),
        ],
    )
    .unwrap_err();
    assert!(
        err.starts_with("There is no field \"score\" in tickets data: use one of id, created_at,"),
        "{err}"
    );
    assert_eq!(m, before);
    let err = apply_overrides(
        &mut m,
        Kind::Tickets,
        &headers,
        &[("requester".into(), "Customer".into())],
    )
    .unwrap_err();
    assert_eq!(
        err,
        "There is no column \"Customer\" for requester: the columns are \"Created\", \"Solved\", \"Who\"."
    );
    assert_eq!(m, before);
}

#[test]
fn overrides_for_another_kind_start_from_that_kind() {
    let headers = ["Date", "Score", "Channel"];
    let mut m = detect(&headers).mapping;
    assert_eq!(m.get(Field::Score), Some(1));
    apply_overrides(
        &mut m,
        Kind::Spend,
        &headers,
        &[("spend".into(), "Score".into())],
    )
    .unwrap();
    assert!(m.entries().iter().all(|e| e.field.kind() == Kind::Spend));
    assert_eq!(m.get(Field::Spend), Some(1));
    assert_eq!(m.get(Field::SpendDate), Some(0));
    assert_eq!(m.get(Field::SpendChannel), Some(2));
}

// ------------------------------------------------------- types and tables

#[test]
fn field_table_matches_the_enum() {
    for (i, spec) in FIELDS.iter().enumerate() {
        assert_eq!(spec.field as usize, i, "{}", spec.id);
        assert_eq!(spec.field.as_str(), spec.id);
        assert_eq!(Field::from_id(spec.kind, spec.id), Some(spec.field));
        assert!(spec.weight > 0);
        assert!(!spec.aliases.is_empty());
    }
    assert_eq!(Field::all().count(), FIELD_COUNT);
    let total: usize = Kind::ALL.iter().map(|k| Field::for_kind(*k).count()).sum();
    assert_eq!(total, FIELD_COUNT);
}

#[test]
fn aliases_are_normalised_and_unambiguous_within_a_kind() {
    for spec in FIELDS.iter() {
        for alias in spec.aliases.iter().chain(spec.vetoes.iter()) {
            let body = alias.trim_start_matches('~').trim_end_matches('*');
            assert_eq!(fold_phrase(body), body, "{} alias {alias}", spec.id);
        }
        // Ids are unique within a kind.
        assert_eq!(
            FIELDS
                .iter()
                .filter(|s| s.kind == spec.kind && s.id == spec.id)
                .count(),
            1
        );
    }
    for kind in Kind::ALL {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for spec in FIELDS.iter().filter(|s| s.kind == kind) {
            for alias in spec.aliases.iter().filter(|a| !a.starts_with('~')) {
                if let Some((_, other)) = seen.iter().find(|(a, _)| a == alias) {
                    assert_eq!(*other, spec.id, "alias {alias} in {kind} for two fields");
                }
                seen.push((alias, spec.id));
            }
        }
    }
    // Every exact alias maps its own field when it is the only column.
    for spec in FIELDS.iter() {
        for alias in spec.aliases.iter().filter(|a| !a.starts_with('~')) {
            let m = mapping_for(spec.kind, &[alias]);
            assert_eq!(m.get(spec.field), Some(0), "{} alias {alias}", spec.id);
        }
    }
}

#[test]
fn kind_ids_round_trip() {
    for kind in Kind::ALL {
        assert_eq!(Kind::from_str(kind.as_str()), Ok(kind));
        assert_eq!(kind.as_str().to_uppercase().parse::<Kind>(), Ok(kind));
        assert_eq!(
            serde_json::to_string(&kind).unwrap(),
            format!("\"{}\"", kind.as_str())
        );
    }
    let err = Kind::from_str("invoices").unwrap_err();
    assert!(err.contains("\"invoices\""), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn overrides_never_panic(
        headers in proptest::collection::vec(header_strategy(), 0..8),
        overrides in proptest::collection::vec((header_strategy(), header_strategy()), 0..4),
        kind_index in 0usize..5,
    ) {
        let kind = Kind::ALL[kind_index];
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mut m = detect(&refs).mapping;
        let before = m.clone();
        match apply_overrides(&mut m, kind, &refs, &overrides) {
            Ok(()) => {
                for e in m.entries() {
                    prop_assert_eq!(e.field.kind(), kind);
                    prop_assert!(e.column < refs.len());
                }
            }
            Err(sentence) => {
                prop_assert_eq!(m, before);
                prop_assert!(sentence.starts_with("There is no"));
            }
        }
    }
}
