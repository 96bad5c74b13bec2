//! Spend rows → `cac` with its `by_channel` and `by_month` breakdowns,
//! `spend`, `new_customers` ([contract §1.1](crate::contract)), as `crate::datasets::spend`
//! reports them: a row without a spend or a new-customers number, or with a
//! negative spend, is left out (the core skips it); a row without a channel
//! counts under `(no channel)`; an undated row counts in the total only.

use super::reasons::NO_NEW_CUSTOMERS_REASON;
use super::{Columns, Query};
use crate::datasets::spend::NO_CHANNEL;
use crate::error::Error;
use crate::ingest::columns::Field;
use crate::settings::Settings;

/// The reason of a CAC without new customers.
const NO_NEW_CUSTOMERS: &str = NO_NEW_CUSTOMERS_REASON.reason;

/// Writes the spend query.
pub(crate) fn build(q: &mut Query, c: &Columns, _settings: &Settings) -> Result<(), Error> {
    let d = q.d;
    let (Some(spend), Some(new)) = (c.get(Field::Spend), c.get(Field::NewCustomers)) else {
        return Err(Error::settings(
            "the spend query needs the spend and new_customers columns",
        ));
    };
    q.source(&d.dbl(spend), "spend");
    q.source(
        &format!(
            "CASE WHEN {new} >= 0 AND {new} = FLOOR({new}) THEN {} END",
            d.dbl(new)
        ),
        "new_customers",
    );
    match c.get(Field::SpendChannel) {
        Some(col) => q.source(
            &format!(
                "COALESCE(NULLIF(TRIM({}), ''), {})",
                d.text(col),
                d.string(NO_CHANNEL)
            ),
            "channel",
        ),
        None => q.source(&d.string(NO_CHANNEL), "channel"),
    }
    match c.get(Field::SpendDate) {
        Some(col) => q.source(&d.month_label(col), "month"),
        None => q.source(&d.null_text(), "month"),
    }
    q.cte(
        "used",
        &format!(
            "  SELECT * FROM src WHERE spend IS NOT NULL AND spend >= {} AND new_customers IS NOT NULL",
            d.num(0.0)
        ),
    );
    let cac =
        |spend: &str, new: &str| format!("CASE WHEN {new} > 0 THEN {spend} / {} END", d.dbl(new));
    q.cte(
        "total",
        "  SELECT COALESCE(SUM(spend), 0) AS spend, COALESCE(SUM(new_customers), 0) AS new_customers FROM used",
    );
    let r = d.string(NO_NEW_CUSTOMERS);
    q.value("cac", &cac("spend", "new_customers"), &r, "total");
    q.leaf("cac", "cac.spend", "spend", "total");
    q.leaf("cac", "cac.new_customers", "new_customers", "total");
    q.value("spend", "spend", &r, "total");
    q.value("new_customers", "new_customers", &r, "total");
    for (list, key, present) in [
        ("by_channel", "channel", c.has(Field::SpendChannel)),
        ("by_month", "month", true),
    ] {
        if !present {
            continue;
        }
        let name = format!("cac_{key}");
        q.cte(
            &name,
            &format!(
                "  SELECT {key} AS k, SUM(spend) AS spend, SUM(new_customers) AS new_customers FROM used WHERE {key} IS NOT NULL GROUP BY {key}"
            ),
        );
        let prefix = format!("cac.{list}");
        let p = q.keyed(&prefix, "k", ".cac.value");
        q.row("cac", &p, &cac("spend", "new_customers"), Some(&r), &name);
        for leaf in ["spend", "new_customers"] {
            let p = q.keyed(&prefix, "k", &format!(".{leaf}"));
            q.row("cac", &p, leaf, None, &name);
        }
    }
    Ok(())
}
