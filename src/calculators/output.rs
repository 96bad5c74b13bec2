//! Shapes shared by the calculators' answers ([contract §8](crate::contract)): each
//! calculator answers with its own `#[derive(Serialize)]` struct of
//! [`Figure`]s and [`Whole`](crate::report::Whole)s, serialised once by
//! [`calculate`](super::calculate).

use crate::metrics::Why;
use crate::metrics::{finite, Metric};
use crate::report::Figure;
use serde::Serialize;

/// A number the calculator was given or derived without a formula (a
/// total, a count as a figure): defined unless it is too large to compute
/// with.
pub(super) fn known(x: f64) -> Metric<f64> {
    finite(
        x,
        Why::new(
            "number_too_large",
            "the number is too large to compute with",
        ),
    )
}

/// A figure with a [`known`] value and its details.
pub(super) fn known_figure<D: Serialize>(x: f64, details: D) -> Figure<f64, D> {
    Figure::new(known(x), details)
}

/// A metric's number beside a figure: `null` when undefined (the figure
/// carries the reason).
pub(super) fn value_or_null<T: Copy>(m: &Metric<T>) -> Option<T> {
    m.as_ref().ok().copied()
}

/// One of two shapes of a figure's details, serialised as the one it holds
/// (no tag): the full details of a defined figure, or the few counts left
/// beside an undefined one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(super) enum Either<A: Serialize, B: Serialize> {
    /// The first shape.
    Full(A),
    /// The second shape.
    Short(B),
}
