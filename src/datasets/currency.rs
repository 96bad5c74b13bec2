//! The currency of a file's money: the one the user set, else the one its
//! cells name ([`CurrencyTally`](crate::ingest::values::CurrencyTally), fed
//! by [`Row::money`](super::Row::money)), written into the report's
//! settings as `currency` and `currency_source` (`"settings"` or `"data"`).
//! A guess from a sign several currencies write (`$`) is recorded as an
//! inference; money in more than one currency is a notice, and a warning
//! on every figure that adds it.

use super::Context;
use crate::ingest::values::CurrencyDecision;
use crate::report::{to_object, Report};
use serde::Serialize;
use serde_json::Value;

/// Code of the warning on figures that add money written in more than one
/// currency.
pub const MIXED_WARNING: &str = "currency_mixed";
/// The notice (in `settings.notices`) of a file with money in more than
/// one currency; the warning lists them.
pub const MIXED_NOTICE: &str = "the amounts are in more than one currency, and the figures that add them mix them without conversion: export one currency per file, or filter the rows";
/// Code of the inference made from a sign several currencies write.
pub const GUESSED_INFERENCE: &str = "currency_guessed";

/// The currency's part of the report's settings: the currency the
/// data names, when the user set none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurrencySettings<'a> {
    /// The ISO code read from the cells.
    pub currency: &'a str,
    /// Always `data` (the user's currency is among the settings already).
    pub currency_source: &'static str,
    /// `true` when read from a sign several currencies write (`$`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub currency_guessed: bool,
}

/// The parameters of the [`GUESSED_INFERENCE`].
#[derive(Serialize)]
struct GuessedParams<'a> {
    sign: &'a str,
    currency: &'a str,
    candidates: Vec<&'a str>,
}

/// The parameters of the [`MIXED_WARNING`].
#[derive(Serialize)]
struct MixedParams<'a> {
    currency: &'a str,
    currencies: Vec<CurrencyCells<'a>>,
}

/// One currency of mixed money and how many cells wrote it.
#[derive(Serialize)]
struct CurrencyCells<'a> {
    currency: &'a str,
    cells: u64,
}

/// Writes the currency decided for `ctx`'s input into `report`;
/// `figures` are the ids of the figures that add money.
pub fn report_currency(ctx: &Context, report: &mut Report, figures: &[&str]) {
    let decision = ctx.currencies.borrow().decide();
    let from_data = ctx.currency.is_none();
    match &decision {
        CurrencyDecision::Unknown => {}
        CurrencyDecision::Named { code } | CurrencyDecision::Mixed { code, .. } => {
            if from_data {
                report.set_settings(&CurrencySettings {
                    currency: code,
                    currency_source: "data",
                    currency_guessed: false,
                });
            }
        }
        CurrencyDecision::Guessed {
            sign,
            code,
            candidates,
        } => {
            if from_data {
                report.set_settings(&CurrencySettings {
                    currency: code,
                    currency_source: "data",
                    currency_guessed: true,
                });
                let others: Vec<&str> = candidates.iter().copied().filter(|c| c != code).collect();
                let message = format!(
                    "amounts are written with “{sign}” and no currency code: read as {code}; “{sign}” is also written for {} — set the currency if it is another.",
                    others.join(", ")
                );
                let params = to_object(&GuessedParams {
                    sign,
                    currency: code,
                    candidates: others,
                });
                report.infer(GUESSED_INFERENCE, message, figures, params);
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
        let notice = Value::from(MIXED_NOTICE);
        match report.settings.get_mut("notices") {
            Some(Value::Array(notices)) => notices.push(notice),
            _ => {
                report
                    .settings
                    .insert("notices".into(), Value::Array(vec![notice]));
            }
        }
        let params = to_object(&MixedParams {
            currency: shown,
            currencies: seen
                .iter()
                .map(|(c, n)| CurrencyCells {
                    currency: c,
                    cells: *n,
                })
                .collect(),
        });
        report.warn(
            MIXED_WARNING,
            format!("adds amounts in more than one currency ({list}) without converting them."),
            figures,
            params,
        );
    }
}
