//! Deciding the kind of data from the header row, and the fields each kind
//! requires.

use super::fields::{Field, Kind};
use super::header::is_value_like;
use super::mapping::Mapping;
use super::matching::{assign, Keys};
use serde::Serialize;

/// How well the headers fit one kind (for display).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KindScore {
    /// The kind.
    pub kind: Kind,
    /// Σ field weight × match strength, plus header-noun bonus.
    pub score: u32,
    /// Whether every required field of the kind was found.
    pub complete: bool,
}

/// The outcome of [`detect`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// The kind, or `None` when no kind fits well enough.
    pub kind: Option<Kind>,
    /// The mapping for `kind` (empty when `kind` is `None`).
    pub mapping: Mapping,
    /// Every kind's score, in [`Kind::ALL`] order.
    pub scores: Vec<KindScore>,
    /// When `kind` is `None`: one sentence saying which columns were expected.
    pub message: Option<String>,
}

/// The smallest score a kind needs to be chosen (one distinctive field
/// matched exactly scores at least this).
pub const MIN_SCORE: u32 = 16;

/// Fields weighing at least this are distinctive: they say which kind a
/// file is. A kind needs at least one to be chosen.
const DISTINCTIVE_WEIGHT: u32 = 4;

/// Works out the kind of data and its mapping from the header row.
///
/// A kind is chosen when it has a distinctive field (not just `id`, `date`,
/// `status` …), all its required fields ([`required_fields`]) and a score of
/// at least [`MIN_SCORE`]; the highest score wins. Otherwise `kind` is
/// `None` and `message` says which columns were expected.
///
/// ```
/// use cxmetrics::ingest::columns::{detect, Field, Kind};
/// let d = detect(&["Id", "Requester id", "Status", "Created at", "Solved at", "Replies"]);
/// assert_eq!(d.kind, Some(Kind::Tickets));
/// assert_eq!(d.mapping.get(Field::SolvedAt), Some(4));
///
/// let d = detect(&["id", "date", "status"]);
/// assert_eq!(d.kind, None);
/// assert!(d.message.unwrap().contains("expected"));
/// ```
pub fn detect(headers: &[&str]) -> Detection {
    let keys: Vec<Keys> = headers.iter().map(|h| Keys::new(h)).collect();
    let mut scores = Vec::with_capacity(Kind::ALL.len());
    let mut best: Option<(Kind, Mapping, u32)> = None;
    let mut closest: Option<(Kind, Mapping, u32)> = None;
    for kind in Kind::ALL {
        let (mapping, score) = assign(kind, &keys, headers);
        let complete = missing_required(kind, &mapping).is_empty();
        let distinctive = mapping
            .entries
            .iter()
            .any(|e| e.field.spec().weight >= DISTINCTIVE_WEIGHT);
        scores.push(KindScore {
            kind,
            score,
            complete,
        });
        if distinctive && score >= MIN_SCORE {
            let slot = if complete { &mut best } else { &mut closest };
            let better = match slot {
                Some((_, _, s)) => score > *s,
                None => true,
            };
            if better {
                *slot = Some((kind, mapping, score));
            }
        }
    }
    match best {
        Some((kind, mapping, _)) => Detection {
            kind: Some(kind),
            mapping,
            scores,
            message: None,
        },
        None => {
            let message = match closest {
                Some((kind, mapping, _)) => format!(
                    "These columns look closest to {} data, but {} Pick the columns by hand, or choose another kind.",
                    kind.as_str(),
                    lower_first(&missing_sentence(kind, &mapping))
                ),
                None => expected_sentence(),
            };
            Detection {
                kind: None,
                mapping: Mapping::new(),
                scores,
                message: Some(message),
            }
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        // The sentences start with an ASCII kind name.
        Some(c) => std::iter::once(c.to_ascii_lowercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

fn expected_sentence() -> String {
    "The column names do not say what kind of data this is: expected for example a \"Score\" \
     or \"NPS\" column (survey), \"Created at\" with \"First reply at\" or \"Solved at\" (tickets), \
     \"Customer ID\", \"Amount\" and \"Start\" (subscriptions), \"Spend\" and \"New customers\" \
     (spend), \"Account\" with onboarding, usage or renewal columns (accounts), or one row per \
     customer with \"Churn\" and \"Monthly charges\" (customers). \
     Rename the columns or choose the kind and columns by hand."
        .to_string()
}

/// The required fields of `kind`: every group must have at least one of its
/// fields mapped.
///
/// - survey: one of `score`, `csat`, `ces`;
/// - tickets: `created_at` or `first_reply_minutes` (Zendesk's minutes
///   columns stand in for timestamps);
/// - subscriptions: `customer`, `amount` (or a ready `mrr`), and `start`;
/// - spend: `spend` and `new_customers`;
/// - accounts: `account`;
/// - customers: `churned`, `status` or `end_date` (who left).
///
/// ```
/// use cxmetrics::ingest::columns::{required_fields, Field, Kind};
/// assert_eq!(required_fields(Kind::Spend), &[&[Field::Spend][..], &[Field::NewCustomers][..]]);
/// ```
pub fn required_fields(kind: Kind) -> &'static [&'static [Field]] {
    match kind {
        Kind::Survey => &[&[Field::Score, Field::Csat, Field::Ces]],
        Kind::Tickets => &[&[Field::TicketCreatedAt, Field::FirstReplyMinutes]],
        Kind::Subscriptions => &[
            &[Field::Customer],
            &[Field::Amount, Field::Mrr],
            &[Field::Start],
        ],
        Kind::Spend => &[&[Field::Spend], &[Field::NewCustomers]],
        Kind::Accounts => &[&[Field::Account]],
        Kind::Customers => &[&[Field::Churned, Field::CustomerStatus, Field::CustomerEnd]],
    }
}

/// The required groups of `kind` with no field mapped in `mapping`.
///
/// ```
/// use cxmetrics::ingest::columns::{mapping_for, missing_required, Field, Kind};
/// let m = mapping_for(Kind::Subscriptions, &["Customer ID", "Amount"]);
/// assert_eq!(missing_required(Kind::Subscriptions, &m), vec![&[Field::Start][..]]);
/// ```
pub fn missing_required(kind: Kind, mapping: &Mapping) -> Vec<&'static [Field]> {
    required_fields(kind)
        .iter()
        .copied()
        .filter(|group| group.iter().all(|f| mapping.get(*f).is_none()))
        .collect()
}

/// `Ok` when every required field of `kind` is mapped; otherwise one
/// sentence naming the missing columns.
///
/// ```
/// use cxmetrics::ingest::columns::{check_required, mapping_for, Kind};
/// let m = mapping_for(Kind::Spend, &["Month", "Spend"]);
/// assert_eq!(
///     check_required(Kind::Spend, &m).unwrap_err(),
///     "Spend data needs a column for new_customers (e.g. \"New customers\")."
/// );
/// ```
pub fn check_required(kind: Kind, mapping: &Mapping) -> Result<(), String> {
    if missing_required(kind, mapping).is_empty() {
        Ok(())
    } else {
        Err(missing_sentence(kind, mapping))
    }
}

fn missing_sentence(kind: Kind, mapping: &Mapping) -> String {
    let groups: Vec<String> = missing_required(kind, mapping)
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|f| format!("{} (e.g. \"{}\")", f.as_str(), f.example_header()))
                .collect::<Vec<_>>()
                .join(" or ")
        })
        .collect();
    format!(
        "{} data needs a column for {}.",
        kind.title(),
        groups.join(", and one for ")
    )
}

/// The header text given to the single column of a headerless paste.
pub const HEADERLESS_COLUMN: &str = "Column 1";

/// Detection for a file whose first row is data (see
/// [`looks_like_header`](super::looks_like_header)): a single column of numbers is read as survey
/// scores (`score` → column 0, named [`HEADERLESS_COLUMN`]; the user can
/// move it to `csat` or `ces` with [`apply_overrides`](super::apply_overrides)). Anything wider has
/// no names to go by, and gets `kind: None` with a sentence.
///
/// ```
/// use cxmetrics::ingest::columns::{detect_headerless, Field, Kind};
/// let d = detect_headerless(&["9"]);
/// assert_eq!(d.kind, Some(Kind::Survey));
/// assert_eq!(d.mapping.get(Field::Score), Some(0));
/// assert_eq!(detect_headerless(&["9", "2024-01-01"]).kind, None);
/// ```
pub fn detect_headerless(first_row: &[&str]) -> Detection {
    let single = first_row.len() == 1
        && first_row
            .first()
            .is_some_and(|c| !c.trim().is_empty() && is_value_like(c));
    let scores = Kind::ALL
        .iter()
        .map(|&kind| KindScore {
            kind,
            score: 0,
            complete: false,
        })
        .collect();
    if single {
        let mut mapping = Mapping::new();
        mapping.set(Field::Score, 0, HEADERLESS_COLUMN);
        Detection {
            kind: Some(Kind::Survey),
            mapping,
            scores,
            message: None,
        }
    } else {
        Detection {
            kind: None,
            mapping: Mapping::new(),
            scores,
            message: Some(
                "The first row holds values, not column names: add a header row naming the \
                 columns (for example \"Created at\" or \"Score\"), or choose the kind and \
                 columns by hand."
                    .to_string(),
            ),
        }
    }
}
