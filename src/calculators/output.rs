//! Helpers that shape a calculator's figures ([contract §8](crate::contract)).

use crate::metrics::Why;
use crate::metrics::{finite, Metric};
use crate::report::{figure, number};
use serde_json::Value;

/// A metric's number as JSON, `null` when undefined (inside a figure that
/// carries the reason).
pub(super) fn num_or_null(m: &Metric<f64>) -> Value {
    m.as_ref().map_or(Value::Null, |x| number(*x))
}

/// A figure with a known value.
pub(super) fn known(x: f64, extra: Value) -> Value {
    figure(
        &finite(
            x,
            Why::new(
                "number_too_large",
                "the number is too large to compute with",
            ),
        ),
        extra,
    )
}

/// Merges `extra`'s fields into the object `fig`.
pub(super) fn with(mut fig: Value, extra: Value) -> Value {
    if let (Value::Object(f), Value::Object(e)) = (&mut fig, extra) {
        f.extend(e);
    }
    fig
}
