//! The currency of a file's money: the one the user set, else the one its
//! cells name ([`CurrencyTally`](crate::ingest::values::CurrencyTally), fed
//! by [`Row::money`](super::Row::money)), written into the report's
//! settings as `currency` and `currency_source` (`"settings"` or `"data"`).
//! A guess from a sign several currencies write (`$`) is recorded as an
//! inference; money in more than one currency is a notice, and a warning
//! on every figure that adds it.

use super::Context;
use crate::ingest::values::CurrencyDecision;
use crate::report::{json, Put, Report};
use serde_json::{Map, Value};

/// Code of the warning on figures that add money written in more than one
/// currency.
pub const MIXED_WARNING: &str = "currency_mixed";
/// The notice (in `settings.notices`) of a file with money in more than
/// one currency; the warning lists them.
pub const MIXED_NOTICE: &str = "the amounts are in more than one currency, and the figures that add them mix them without conversion: export one currency per file, or filter the rows";
/// Code of the inference made from a sign several currencies write.
pub const GUESSED_INFERENCE: &str = "currency_guessed";

/// Writes the currency decided for `ctx`'s input into `report`;
/// `figures` are the ids of the figures that add money.
pub fn report_currency(ctx: &Context, report: &mut Report, figures: &[&str]) {
    let decision = ctx.currencies.borrow().decide();
    let from_data = ctx.currency.is_none();
    let settings = &mut report.settings;
    match &decision {
        CurrencyDecision::Unknown => {}
        CurrencyDecision::Named { code } | CurrencyDecision::Mixed { code, .. } => {
            if from_data {
                settings.put("currency", json!(code));
                settings.put("currency_source", json!("data"));
            }
        }
        CurrencyDecision::Guessed {
            sign,
            code,
            candidates,
        } => {
            if from_data {
                settings.put("currency", json!(code));
                settings.put("currency_source", json!("data"));
                settings.put("currency_guessed", json!(true));
                let others: Vec<&str> = candidates.iter().copied().filter(|c| c != code).collect();
                let mut params = Map::new();
                params.put("sign", json!(sign));
                params.put("currency", json!(code));
                params.put("candidates", json!(others));
                report.infer(
                    GUESSED_INFERENCE,
                    format!(
                        "amounts are written with “{sign}” and no currency code: read as {code}; “{sign}” is also written for {} — set the currency if it is another.",
                        others.join(", ")
                    ),
                    figures,
                    params,
                );
            }
        }
    }
    if let CurrencyDecision::Mixed { code, seen } = &decision {
        let list = seen
            .iter()
            .map(|(c, n)| format!("{c} in {n} {}", if *n == 1 { "cell" } else { "cells" }))
            .collect::<Vec<_>>()
            .join(", ");
        let shown = ctx.currency.as_deref().unwrap_or(code);
        let notice = MIXED_NOTICE;
        match report.settings.get_mut("notices") {
            Some(Value::Array(notices)) => notices.push(json!(notice)),
            _ => report.settings.put("notices", json!([notice])),
        }
        let mut params = Map::new();
        params.put("currency", json!(shown));
        params.put(
            "currencies",
            Value::Array(
                seen.iter()
                    .map(|(c, n)| json!({ "currency": c, "cells": n }))
                    .collect(),
            ),
        );
        report.warn(
            MIXED_WARNING,
            format!("adds amounts in more than one currency ({list}) without converting them."),
            figures,
            params,
        );
    }
}
