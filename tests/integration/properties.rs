//! Arbitrary input through the whole pipeline, in arbitrary chunks, for
//! every kind: no panic, one sentence or a report, and every row either used
//! or reported skipped (`read == used + skipped`), with every figure finite
//! or undefined with a reason.

use cxmetrics::session::Session;
use cxmetrics::settings::Settings;
use proptest::prelude::*;
use serde_json::Value;

const KINDS: [Option<&str>; 6] = [
    None,
    Some("survey"),
    Some("tickets"),
    Some("subscriptions"),
    Some("spend"),
    Some("accounts"),
];

/// Cells that look like what exports hold, and some that do not.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (0u32..12).prop_map(|n| n.to_string()),
        "-?[0-9]{1,7}([.,][0-9]{1,3})?",
        "(R\\$|€|\\$|Rp) ?[0-9]{1,3}([.,][0-9]{3})*([.,][0-9]{2})?",
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]( [0-2][0-9]:[0-5][0-9](:[0-5][0-9])?)?",
        "[0-3][0-9]/[01][0-9]/20[0-9]{2}",
        "(solved|closed|open|Good|Bad|Offered|yes|no|sim|não|month|year|active|canceled|trialing)",
        "\"[^\"]{0,12}\"",
        ".{0,10}",
    ]
}

/// Per kind: the columns it requires, then optional ones.
const COLUMNS: [(&[&str], &[&str]); 5] = [
    (
        &["Score"],
        &["CSAT", "Effort", "Date", "Comment", "Segment"],
    ),
    (
        &["Created at"],
        &[
            "Solved at",
            "First reply time in minutes",
            "Full resolution time in minutes",
            "Status",
            "Replies",
            "Requester id",
            "Tags",
            "Priority",
            "Satisfaction Score",
            "Via",
        ],
    ),
    (
        &["Customer ID", "Amount", "Start (UTC)"],
        &[
            "Interval",
            "Quantity",
            "Status",
            "Canceled At (UTC)",
            "Ended At (UTC)",
            "Created (UTC)",
        ],
    ),
    (&["Spend", "New customers"], &["Channel", "Month"]),
    (
        &["Account"],
        &[
            "Onboarding start",
            "Onboarding done",
            "Emails sent",
            "Emails opened",
            "Sessions",
            "Features used",
            "Features available",
            "Payment status",
            "Customer since",
        ],
    ),
];

/// A header row for one kind: its required columns, some optional ones.
fn header(kind: usize) -> impl Strategy<Value = Vec<String>> {
    let (required, optional) = COLUMNS[kind];
    proptest::sample::subsequence(optional.to_vec(), 0..=optional.len()).prop_flat_map(
        move |extra| {
            let mut names: Vec<String> = required
                .iter()
                .chain(extra.iter())
                .map(|s| s.to_string())
                .collect();
            names.push("Notes".into());
            Just(names).prop_shuffle()
        },
    )
}

fn table(kind: usize) -> impl Strategy<Value = Vec<u8>> {
    (header(kind), prop_oneof![Just(','), Just(';'), Just('\t')]).prop_flat_map(|(h, d)| {
        let width = h.len();
        proptest::collection::vec(proptest::collection::vec(cell(), 0..width + 2), 0..25).prop_map(
            move |rows| {
                let sep = d.to_string();
                let mut text = h.join(&sep);
                text.push('\n');
                for r in rows {
                    text.push_str(&r.join(&sep));
                    text.push_str(if r.len() % 3 == 0 { "\r\n" } else { "\n" });
                }
                text.into_bytes()
            },
        )
    })
}

fn check(bytes: &[u8], cuts: &[usize], kind: Option<&str>) -> Result<(), TestCaseError> {
    let settings = Settings {
        kind: kind.and_then(|k| cxmetrics::settings::kind(k).unwrap()),
        ..Settings::default()
    };
    let mut session = Session::new(settings).unwrap().with_sample_limit(64);
    let mut at = 0;
    let mut outcome = Ok(());
    for &cut in cuts {
        let cut = cut.min(bytes.len()).max(at);
        outcome = outcome.and_then(|()| session.push(&bytes[at..cut]));
        at = cut;
    }
    let result = outcome
        .and_then(|()| session.push(&bytes[at..]))
        .and_then(|()| session.finish());
    match result {
        Err(e) => {
            let s = e.to_string();
            // One sentence, starting with a capital letter.
            prop_assert!(s.chars().next().is_some_and(char::is_uppercase), "{s}");
        }
        Ok(report) => {
            let r = report.rows;
            prop_assert_eq!(r.read, r.used + r.skipped);
            prop_assert!(report.skipped.len() as u64 <= r.skipped);
            let json: Value = serde_json::from_str(&report.to_json()).unwrap();
            check_figures(&json["metrics"])?;
        }
    }
    Ok(())
}

/// Every `value: null` has a reason; no number is out of range (serde_json
/// cannot even hold NaN, so a NaN would have become a silent null).
fn check_figures(v: &Value) -> Result<(), TestCaseError> {
    match v {
        Value::Object(map) => {
            if let Some(Value::Null) = map.get("value") {
                let reason = map.get("reason").and_then(Value::as_str).unwrap_or("");
                prop_assert!(!reason.is_empty(), "undefined without a reason: {v}");
            }
            for child in map.values() {
                check_figures(child)?;
            }
        }
        Value::Array(items) => {
            for child in items {
                check_figures(child)?;
            }
        }
        _ => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn export_shaped_tables(
        (k, bytes) in (0usize..5).prop_flat_map(|k| (Just(k), table(k))),
        cuts in proptest::collection::vec(0usize..2000, 0..6),
        forced in any::<bool>(),
    ) {
        // Detected from the header, or forced by the user.
        check(&bytes, &cuts, if forced { KINDS[k + 1] } else { None })?;
    }

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600), cuts in proptest::collection::vec(0usize..600, 0..6), k in 0usize..6) {
        check(&bytes, &cuts, KINDS[k])?;
    }
}

/// Per kind: a header, one valid row, and the columns whose cell alone
/// must never drop the row (every column but the ones that define it; see
/// each kind's module doc).
const SHAPES: [(&str, &str, &str, &[usize]); 5] = [
    (
        "survey",
        "Score,CSAT,CES,Date,Comment",
        "9,4,6,2024-03-04,ok",
        // Any one cell: the row keeps another usable answer.
        &[0, 1, 2, 3, 4],
    ),
    (
        "tickets",
        "Id,Created at,First reply at,Solved at,Status,Priority,Requester,Replies,First contact resolved,Satisfaction,First reply time in minutes,Full resolution time in minutes",
        "7,2024-03-04 09:00,2024-03-04 09:30,2024-03-04 11:00,Solved,High,c1,1,yes,Good,30,120",
        // The id is there: even the created time fails alone.
        &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    ),
    (
        "subscriptions",
        "Customer,Amount,Start,Created,Currency",
        "cus_1,100,2024-01-01,2024-01-01,usd",
        &[3, 4],
    ),
    (
        "spend",
        "Month,Channel,Spend,New customers",
        "2024-01,Ads,1000,4",
        &[0, 1],
    ),
    (
        "accounts",
        "Account,Onboarding start,Onboarding done,Emails sent,Emails opened,Sessions,Features used,Features available,Payment status,Customer since,Tenure months,Renewal due,Renewed",
        "A1,2024-01-01,2024-01-11,5,3,4,6,10,paid,2023-01-01,13,2025-01-01,yes",
        &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    ),
];

/// Cells that read as nothing sensible in most columns.
fn garbage() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("garbage".to_string()),
        Just("-1".to_string()),
        Just("1.5".to_string()),
        Just("2024-13-45".to_string()),
        Just("99999999999999999999".to_string()),
        Just("n/a".to_string()),
        Just("0".to_string()),
        Just("31/02/2024".to_string()),
        Just("1970-01-01".to_string()),
        "[a-z0-9:./-]{1,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// A row is never dropped for a field that does not define its kind:
    /// whatever one non-defining cell holds, the row is used (and the cell,
    /// when it does not read, is listed as unreadable).
    #[test]
    fn a_row_is_never_dropped_for_a_non_defining_field(
        k in 0usize..5,
        pick in any::<prop::sample::Index>(),
        bad in garbage(),
        at in 0usize..8,
    ) {
        let (kind, header, row, free) = SHAPES[k];
        let column = free[pick.index(free.len())];
        let mut cells: Vec<String> = row.split(',').map(str::to_string).collect();
        cells[column] = bad;
        let mut text = format!("{header}\n");
        for i in 0..8 {
            if i == at {
                text.push_str(&cells.join(","));
            } else {
                text.push_str(row);
            }
            text.push('\n');
        }
        let settings = Settings { kind: cxmetrics::settings::kind(kind).unwrap(), ..Settings::default() };
        let mut s = Session::new(settings).unwrap();
        s.push(text.as_bytes()).unwrap();
        let r = s.finish().unwrap();
        prop_assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (8, 8, 0), "{} {:?}", kind, r.skipped);
        let unreadable: u64 = r.unreadable_cells.iter().map(|c| c.count).sum();
        prop_assert!(unreadable <= 2, "{:?}", r.unreadable_cells);
        let json: Value = serde_json::from_str(&r.to_json()).unwrap();
        check_figures(&json["metrics"])?;
    }
}
