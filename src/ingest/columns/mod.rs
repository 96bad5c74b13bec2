//! What kind of data a file holds, and which column feeds which field
//! ([contract §7](crate::contract)), from the header names alone.
//!
//! Headers are compared after [`fold_phrase`](crate::text::fold_phrase): case-insensitive, accents
//! folded, punctuation collapsed. Every field has an alias table covering
//! English, Spanish, Portuguese, French and Indonesian plus the exact column
//! names of the known exports (Zendesk, Intercom, Stripe, SurveyMonkey,
//! Typeform, Google Forms, Delighted), so those map with no help.
//!
//! How a header matches a field, strongest first:
//! 1. exactly, after normalisation (strength 4);
//! 2. exactly once bracketed parts such as `(UTC)` or `(R$)` and a trailing
//!    `utc`/`gmt` are dropped, or once a vendor prefix such as
//!    `conversation_` or `ticket` is dropped (strength 3);
//! 3. by containing a phrase (only for long free-text survey questions such
//!    as "How likely is it that you would recommend …", in five languages),
//!    unless the header also contains a veto word such as "comment" or
//!    "why" (strength 2).
//!
//! Each kind scores Σ field weight × strength over its assigned columns, plus
//! a small bonus for headers that name the kind ("ticket", "subscription",
//! "respondent" …). Generic fields (`id`, `date`, `status`, `channel`,
//! `created_at`) weigh little, so they cannot decide the kind on their own: a
//! kind is chosen only when it has at least one distinctive field, its
//! required fields are all present (see [`required_fields`]) and its score
//! reaches [`MIN_SCORE`]. The highest such score wins.
//!
//! ## Where things are
//!
//! | file | holds |
//! |---|---|
//! | `fields.rs` | [`Kind`] and [`Field`]: the kinds of data and the fields of each |
//! | `aliases.rs` | the alias data: every field's header names and phrases, each kind's nouns and vendor prefixes |
//! | `matching.rs` | comparison keys, the alias index, and assigning columns to a kind's fields ([`mapping_for`]) |
//! | `detect.rs` | choosing the kind ([`detect`], [`detect_headerless`]) and the required fields |
//! | `mapping.rs` | [`Mapping`] and the user's overrides ([`apply_overrides`]) |
//! | `header.rs` | header row or data ([`looks_like_header`]), SurveyMonkey's second header row |
//! | `units.rs` | the unit of time a header names ([`header_time_unit`]) |
//! | `detect_tests.rs`, `tests.rs` | tests of detection on real exports and languages; of the tables and overrides |
//!
//! The folding of header text itself is [`crate::text`]'s.

mod aliases;
mod detect;
mod fields;
mod header;
mod mapping;
mod matching;
mod units;

#[cfg(test)]
mod detect_tests;
#[cfg(test)]
mod tests;

/// Header folding: [`crate::text::fold_phrase`], under the name the
/// reader has always given it.
pub use crate::text::fold_phrase as normalise_header;
pub(crate) use aliases::FIELD_COUNT;
pub use detect::{
    check_required, detect, detect_headerless, missing_required, required_fields, Detection,
    KindScore, HEADERLESS_COLUMN, MIN_SCORE,
};
pub use fields::{Field, Kind};
pub use header::{is_second_header_row, looks_like_header};
pub use mapping::{apply_overrides, MappedColumn, Mapping};
pub use matching::mapping_for;
pub use units::{header_time_unit, TimeUnit};
