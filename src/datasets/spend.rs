//! Acquisition spend rows → CAC in total, per channel and per month
//! ([contract §1, §8](crate::contract) ids `cac`, `spend`, `new_customers`).
//!
//! A row: `spend` (money, required, ≥ 0), `new_customers` (a whole number
//! ≥ 0, required), optional `channel` (text) and `date`.
//!
//! **What defines a row: its spend and its new customers.** An empty or
//! unreadable spend or new-customers cell skips the row (a missing number
//! is not a zero), and so does a negative spend ([`NEGATIVE_SPEND_REASON`]).
//! A date that does not read is voided for that row alone (listed in
//! `unreadable_cells`): the row still counts in the totals and its channel,
//! only not in `by_month`.
//!
//! The date may be a date or a month written `YYYY-MM` / `YYYY/MM` /
//! `MM/YYYY` (spend is usually reported per month); it only groups the
//! `by_month` list. Rows of the same channel are summed ([`cac_by_channel`]);
//! a row with the channel column mapped but its cell empty counts under
//! [`NO_CHANNEL`]. A channel with 0 new customers has an undefined CAC
//! ("no new customers in the period") and its spend still counts in the
//! total.
//!
//! Memory: one entry per distinct channel and per month; a channel name is
//! allocated once, the first time it is seen. Built for reading in parts
//! (feature `partials`), it also keeps each used row's spend (24 bytes), so
//! that parts merge to the sums of one pass.

use super::{skip_if_blank, Accumulator, Bad, Context, Row};
use crate::error::Error;
use crate::ingest::columns::Field;
use crate::ingest::reader::Record;
use crate::metrics::acquisition::{cac, cac_by_channel, ChannelCac, ChannelSpend};
use crate::metrics::stats::FxHashMap;
use crate::report::{Figure, Report};
use crate::settings::Settings;
use chrono::{DateTime, Datelike};
use serde::Serialize;

/// Reason for a row without a spend amount.
pub const NO_SPEND_REASON: &str = "the row has no spend amount";
/// Reason for a row without a number of new customers.
pub const NO_NEW_CUSTOMERS_REASON: &str = "the row has no number of new customers";
/// Reason for a negative spend.
pub const NEGATIVE_SPEND_REASON: &str = "spend cannot be negative";
/// The channel name used for rows whose channel cell is empty.
pub const NO_CHANNEL: &str = "(no channel)";

/// Reads a month cell `YYYY-MM`, `YYYY/MM` or `MM/YYYY` as `year × 100 +
/// month`; `None` for anything else (a full date is read by the date
/// parser instead).
///
/// ```
/// use cxmetrics::datasets::spend::month_key;
/// assert_eq!(month_key("2024-01"), Some(202401));
/// assert_eq!(month_key("03/2024"), Some(202403));
/// assert_eq!(month_key("2024-13"), None);
/// assert_eq!(month_key("2024-01-05"), None);
/// ```
pub fn month_key(cell: &str) -> Option<u32> {
    let b = cell.trim().as_bytes();
    let num = |s: &[u8]| -> Option<u32> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse().ok()
    };
    let (y, m) = match b.len() {
        7 if matches!(b.get(4), Some(b'-' | b'/')) => (num(b.get(..4)?)?, num(b.get(5..)?)?),
        7 if matches!(b.get(2), Some(b'-' | b'/')) => (num(b.get(3..)?)?, num(b.get(..2)?)?),
        _ => return None,
    };
    ((1..=12).contains(&m) && y >= 1).then_some(y * 100 + m)
}

#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct Sums {
    spend: f64,
    new_customers: u64,
}

/// One used row's spend, kept so that a merge can add a later part's
/// amounts to the sums one by one in file order: a float sum added as one
/// part total would round differently from the one-pass sum.
#[cfg(feature = "partials")]
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Spent {
    /// Index into `channels`.
    channel: usize,
    month: Option<u32>,
    spend: f64,
}

/// The spend accumulator.
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct SpendDataset {
    #[cfg_attr(
        feature = "partials",
        serde(skip, default = "super::parts::unset_context")
    )]
    ctx: Context,
    /// Channel name → index into `channels` (rebuilt from `channels` on
    /// load).
    #[cfg_attr(feature = "partials", serde(skip))]
    index: FxHashMap<String, usize>,
    channels: Vec<(String, Sums)>,
    months: FxHashMap<u32, Sums>,
    /// Every used row's spend, in file order (reading in parts).
    #[cfg(feature = "partials")]
    spent: Vec<Spent>,
}

impl SpendDataset {
    /// Opens the accumulator (no settings of its own).
    pub fn new(ctx: Context, _settings: &Settings) -> Result<Self, Error> {
        Ok(SpendDataset {
            ctx,
            index: FxHashMap::default(),
            channels: Vec::new(),
            months: FxHashMap::default(),
            #[cfg(feature = "partials")]
            spent: Vec::new(),
        })
    }
}

/// The index of channel `name` in `channels`, added after the others when
/// new.
fn channel_index(
    index: &mut FxHashMap<String, usize>,
    channels: &mut Vec<(String, Sums)>,
    name: &str,
) -> usize {
    match index.get(name) {
        Some(&i) => i,
        None => {
            let i = channels.len();
            index.insert(name.to_string(), i);
            channels.push((name.to_string(), Sums::default()));
            i
        }
    }
}

/// Reads a row: `Err` when a defining cell is unusable; an unreadable date
/// is `Err` in the third place, for the caller to void.
#[allow(clippy::type_complexity)]
fn read(row: &Row) -> Result<(f64, u64, Result<Option<u32>, Bad>), Bad> {
    let spend = row.money(Field::Spend)?.ok_or(Bad {
        field: Field::Spend,
        reason: NO_SPEND_REASON,
    })?;
    if spend < 0.0 || !spend.is_finite() {
        return Err(Bad {
            field: Field::Spend,
            reason: NEGATIVE_SPEND_REASON,
        });
    }
    let new = row.count(Field::NewCustomers)?.ok_or(Bad {
        field: Field::NewCustomers,
        reason: NO_NEW_CUSTOMERS_REASON,
    })?;
    let month = match row.text(Field::SpendDate) {
        None => Ok(None),
        Some(cell) => match month_key(cell) {
            Some(k) => Ok(Some(k)),
            None => row.time(Field::SpendDate).map(|t| {
                DateTime::from_timestamp(t.unwrap_or(0), 0)
                    .and_then(|d| u32::try_from(d.year()).ok().map(|y| y * 100 + d.month()))
            }),
        },
    };
    Ok((spend, new, month))
}

impl Accumulator for SpendDataset {
    #[cfg(feature = "partials")]
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }

    #[cfg(feature = "partials")]
    fn save_into(&self, bytes: &mut Vec<u8>) {
        super::parts::save_state_into(&self.ctx, self, bytes)
    }

    #[cfg(feature = "partials")]
    fn load(&self, bytes: &[u8]) -> Result<Box<dyn Accumulator>, Error> {
        let (ctx, mut loaded): (Context, SpendDataset) =
            super::parts::load_state(&self.ctx, bytes)?;
        loaded.ctx = ctx;
        loaded.index = loaded
            .channels
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.clone(), i))
            .collect();
        Ok(Box::new(loaded))
    }

    /// Channels new in `later` come after these (first appearance); the
    /// spend of `later`'s rows is added row by row, in file order, so the
    /// float sums are those of one pass; new customers are whole numbers
    /// and add as totals.
    #[cfg(feature = "partials")]
    fn merge(&mut self, later: Box<dyn Accumulator>) {
        let later = super::downcast::<SpendDataset>(later);
        self.ctx.merge(&later.ctx);
        let to_here: Vec<usize> = later
            .channels
            .iter()
            .map(|(name, _)| channel_index(&mut self.index, &mut self.channels, name))
            .collect();
        for ((_, s), &i) in later.channels.iter().zip(&to_here) {
            if let Some((_, mine)) = self.channels.get_mut(i) {
                mine.new_customers = mine.new_customers.saturating_add(s.new_customers);
            }
        }
        for (m, s) in &later.months {
            let mine = self.months.entry(*m).or_default();
            mine.new_customers = mine.new_customers.saturating_add(s.new_customers);
        }
        self.spent.reserve(later.spent.len());
        for row in &later.spent {
            let channel = to_here.get(row.channel).copied().unwrap_or(usize::MAX);
            if let Some((_, s)) = self.channels.get_mut(channel) {
                s.spend += row.spend;
            }
            if let Some(m) = row.month {
                self.months.entry(m).or_default().spend += row.spend;
            }
            self.spent.push(Spent { channel, ..*row });
        }
    }

    fn push(&mut self, record: &Record, report: &mut Report) {
        let row = Row::new(record, &self.ctx);
        if skip_if_blank(&row, report) {
            return;
        }
        let (spend, new, month) = match read(&row) {
            Ok(x) => x,
            Err(bad) => return row.reject(bad, report),
        };
        let month = month.unwrap_or_else(|bad| {
            row.void(bad, report);
            None
        });
        let name = row.text(Field::SpendChannel).unwrap_or(NO_CHANNEL);
        let i = channel_index(&mut self.index, &mut self.channels, name);
        if let Some((_, s)) = self.channels.get_mut(i) {
            s.spend += spend;
            s.new_customers = s.new_customers.saturating_add(new);
        }
        if let Some(m) = month {
            let s = self.months.entry(m).or_default();
            s.spend += spend;
            s.new_customers = s.new_customers.saturating_add(new);
        }
        #[cfg(feature = "partials")]
        self.spent.push(Spent {
            channel: i,
            month,
            spend,
        });
        report.rows.used += 1;
    }

    fn finish(self: Box<Self>, report: &mut Report) -> Result<(), Error> {
        let entries: Vec<ChannelSpend> = self
            .channels
            .iter()
            .map(|(name, s)| ChannelSpend {
                channel: name.clone(),
                spend: s.spend,
                new_customers: s.new_customers,
            })
            .collect();
        let c = cac_by_channel(&entries);
        let mut months: Vec<(u32, Sums)> = self.months.into_iter().collect();
        crate::metrics::sort_stable_by(&mut months, |a, b| a.0.cmp(&b.0));
        let by_month = months
            .iter()
            .map(|(m, s)| MonthCac {
                month: format!("{}-{:02}", m / 100, m % 100),
                spend: s.spend,
                new_customers: s.new_customers,
                cac: Figure::plain(cac(s.spend, s.new_customers)),
            })
            .collect();
        let t = c.total;
        let figures = SpendFigures {
            spend: Figure::plain(t.spend.clone()),
            new_customers: Figure::plain(Ok(t.new_customers as f64)),
            cac: Figure::new(
                t.cac,
                CacDetails {
                    spend: t.spend.ok(),
                    new_customers: t.new_customers,
                    by_channel: if self.ctx.column(Field::SpendChannel).is_some() {
                        c.by_channel
                    } else {
                        Vec::new()
                    },
                    by_month,
                },
            ),
        };
        report.set_metrics(&figures);
        super::currency::report_currency(&self.ctx, report, &["cac", "spend"]);
        Ok(())
    }
}

/// The spend figures ([contract §1, §8](crate::contract)). Spend data has no settings of its
/// own: its part of the report's settings is the currency
/// ([`super::currency::CurrencySettings`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpendFigures {
    /// Total spend ÷ total new customers, with the totals, the channels and
    /// the months.
    pub cac: Figure<f64, CacDetails>,
    /// Total spend (undefined when it overflows).
    pub spend: Figure,
    /// Total new customers.
    pub new_customers: Figure,
}

/// The details of the `cac` figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacDetails {
    /// Total spend, `null` when undefined.
    pub spend: Option<f64>,
    /// Total new customers.
    pub new_customers: u64,
    /// CAC of each channel in order of first appearance (empty without a
    /// channel column).
    pub by_channel: Vec<ChannelCac>,
    /// CAC of each month with dated rows, oldest first.
    pub by_month: Vec<MonthCac>,
}

/// One month of the `cac` figure's `by_month`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthCac {
    /// `YYYY-MM`.
    pub month: String,
    /// The month's spend.
    pub spend: f64,
    /// The month's new customers.
    pub new_customers: u64,
    /// spend ÷ new customers.
    pub cac: Figure,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn month_keys() {
        assert_eq!(month_key("2024/12"), Some(202412));
        assert_eq!(month_key(" 12-2024 "), Some(202412));
        for bad in ["2024-00", "0000-01", "24-01", "2024-1", "jan-2024", ""] {
            assert_eq!(month_key(bad), None, "{bad}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn month_key_never_panics_and_round_trips(s in ".{0,12}", y in 1u32..10_000, m in 1u32..=12) {
            let _ = month_key(&s);
            prop_assert_eq!(month_key(&format!("{y:04}-{m:02}")), Some(y * 100 + m));
            prop_assert_eq!(month_key(&format!("{m:02}/{y:04}")), Some(y * 100 + m));
        }
    }
}
