//! The typed ticket report ([contract §4, §8](crate::contract)): every figure of a ticket file
//! and the ticket part of the settings, each one struct serialised once
//! into `Report.metrics` and `Report.settings` ([`Report::set_metrics`](crate::report::Report::set_metrics)).

use super::accumulator::{Count, OneTouch, Sla, TopIssue};
use crate::metrics::stats::{minute_edges, DurationSummary, MINUTE_LADDER};
use crate::metrics::survey::Csat;
use crate::report::{Figure, NoDetails};
use serde::{Serialize, Serializer};

/// Every figure of a ticket file, by its report id ([contract §8](crate::contract)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketFigures<'a> {
    /// Tickets accepted, with the solved ones.
    pub tickets: Figure<u64, TicketCounts>,
    /// First response time in minutes (value = median).
    pub first_response_minutes: Figure<f64, Durations>,
    /// Resolution time in minutes (value = median).
    pub resolution_minutes: Figure<f64, Durations>,
    /// Resolution minutes of each customer's earliest ticket.
    pub first_ticket_resolution_minutes: Figure<f64, FirstTicketDurations>,
    /// First response in business minutes, when the file has that column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response_minutes_business: Option<Figure<f64, Durations>>,
    /// Resolution in business minutes, when the file has that column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_minutes_business: Option<Figure<f64, Durations>>,
    /// SLA attainment, a fraction, with its targets and parts.
    pub sla_attainment: Figure<f64, SlaDetails<'a>>,
    /// One-touch resolution rate, a fraction, with its parts.
    pub one_touch_rate: Figure<f64, Option<OneTouchParts>>,
    /// Open tickets without a first reply.
    pub awaiting_first_reply: Figure<u64>,
    /// Tickets not solved at the as-of time.
    pub backlog: Figure<u64>,
    /// CSAT of the ratings and scores, a fraction.
    pub ticket_csat: Figure<f64, CsatDetails>,
    /// Categories by customers affected (at most
    /// [`TOP_ISSUES_LIMIT`](super::TOP_ISSUES_LIMIT)).
    pub top_issues: &'a [TopIssue],
    /// Volume breakdowns.
    pub volume: VolumeFigure<'a>,
    /// Chart bins of the first response times.
    pub first_response_histogram: Histogram,
    /// Chart bins of the resolution times.
    pub resolution_histogram: Histogram,
}

/// The counts beside `tickets`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TicketCounts {
    /// Solved tickets.
    pub solved: u64,
    /// Solved tickets without a resolution time.
    pub solved_without_time: u64,
}

/// The statistics beside a duration figure: `null` when undefined.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Durations {
    /// Number of durations.
    pub n: u64,
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// 50th percentile (also the value).
    pub median: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
}

impl Durations {
    /// The figure of `s`: the median as its value, the statistics beside it.
    pub fn figure(s: &DurationSummary) -> Figure<f64, Durations> {
        Figure::new(
            s.median.clone(),
            Durations {
                n: s.n,
                mean: s.mean.as_ref().ok().copied(),
                median: s.median.as_ref().ok().copied(),
                p90: s.p90.as_ref().ok().copied(),
                p95: s.p95.as_ref().ok().copied(),
            },
        )
    }
}

/// [`Durations`] plus the customers whose earliest ticket is unresolved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FirstTicketDurations {
    /// The statistics.
    #[serde(flatten)]
    pub durations: Durations,
    /// Customers whose earliest ticket is not solved (or has no time).
    pub unresolved: u64,
}

/// First-reply targets, in minutes, by priority: `{priority: minutes}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ByPriority<'a>(pub &'a [(String, f64)]);

impl Serialize for ByPriority<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(p, m)| (p, m)))
    }
}

/// The targets beside SLA attainment, and its parts when it has a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlaDetails<'a> {
    /// The default first-reply target.
    pub target_minutes: f64,
    /// Targets of named priorities.
    pub target_minutes_by_priority: ByPriority<'a>,
    /// Met, replied and unreplied tickets.
    #[serde(flatten)]
    pub parts: Option<SlaParts>,
}

/// The parts of SLA attainment ([`Sla`] without its value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SlaParts {
    /// Replied tickets within their target.
    pub met: u64,
    /// Replied tickets.
    pub replied: u64,
    /// Unreplied tickets older than their target.
    pub overdue_unreplied: u64,
    /// Unreplied tickets without a created time.
    pub unreplied_unknown_age: u64,
}

impl From<&Sla> for SlaParts {
    fn from(x: &Sla) -> Self {
        SlaParts {
            met: x.met,
            replied: x.replied,
            overdue_unreplied: x.overdue_unreplied,
            unreplied_unknown_age: x.unreplied_unknown_age,
        }
    }
}

/// The parts of the one-touch rate ([`OneTouch`] without its value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OneTouchParts {
    /// Solved tickets with fewer than two agent replies.
    pub one_touch: u64,
    /// Solved tickets with a replies count or first-contact answer.
    pub solved: u64,
}

impl From<&OneTouch> for OneTouchParts {
    fn from(x: &OneTouch) -> Self {
        OneTouchParts {
            one_touch: x.one_touch,
            solved: x.solved,
        }
    }
}

/// The counts beside ticket CSAT.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CsatDetails {
    /// Answers counted (0 when undefined).
    pub n: u64,
    /// Satisfied answers and the Wilson interval, when defined.
    #[serde(flatten)]
    pub parts: Option<CsatParts>,
    /// Ratings offered but not answered.
    pub not_answered: u64,
}

/// Satisfied answers and the 95 % interval of a defined CSAT.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CsatParts {
    /// Satisfied answers.
    pub satisfied: u64,
    /// Lower bound of the 95 % Wilson interval.
    pub ci95_low: f64,
    /// Upper bound of the 95 % Wilson interval.
    pub ci95_high: f64,
}

impl From<&Csat> for CsatParts {
    fn from(c: &Csat) -> Self {
        CsatParts {
            satisfied: c.satisfied,
            ci95_low: c.ci95_low,
            ci95_high: c.ci95_high,
        }
    }
}

/// Volume breakdowns ([`Volume`](super::accumulator::Volume) as reported):
/// label lists cut at [`VOLUME_LABELS_LIMIT`](super::VOLUME_LABELS_LIMIT)
/// with the tickets of the rest in `…_others`, days only over a short span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VolumeFigure<'a> {
    /// Per month.
    pub by_month: &'a [Count],
    /// Per ISO week.
    pub by_week: &'a [Count],
    /// Per day, when the days span at most
    /// [`BY_DAY_MAX_DAYS`](super::BY_DAY_MAX_DAYS).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_day: Option<&'a [Count]>,
    /// Per channel.
    pub by_channel: &'a [Count],
    /// Tickets of the channels past the limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_channel_others: Option<u64>,
    /// Per priority.
    pub by_priority: &'a [Count],
    /// Tickets of the priorities past the limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_priority_others: Option<u64>,
    /// Per category or tag.
    pub by_category: &'a [Count],
    /// Tickets of the categories past the limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_category_others: Option<u64>,
    /// Tickets without a created time.
    pub undated: u64,
    /// Tickets without a category.
    pub uncategorised: u64,
}

/// A chart histogram of durations: its bins, or why there are none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Histogram {
    /// Bins over `edges` (one more edge than counts), and the values above
    /// the last edge.
    Bins {
        /// Bin edges in minutes.
        edges: Vec<f64>,
        /// Values per bin.
        counts: Vec<u64>,
        /// Values beyond the last edge.
        above: u64,
    },
    /// No value to bin.
    Undefined(Figure<f64, NoDetails>),
}

/// The ticket part of `Report.settings` ([contract §4](crate::contract)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketSettingsUsed<'a> {
    /// The as-of time, ISO 8601, or `null` without any timestamp.
    pub as_of: Option<String>,
    /// `setting`, `latest timestamp` or `none`.
    pub as_of_source: &'static str,
    /// The default first-reply target in minutes.
    pub sla_minutes: f64,
    /// Targets of named priorities.
    pub sla_minutes_by_priority: ByPriority<'a>,
    /// Where first response times came from.
    pub first_response_source: &'static str,
    /// Where resolution times came from.
    pub resolution_source: &'static str,
    /// The satisfaction scale, when the file has a satisfaction column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csat_scale: Option<String>,
}

/// Counts of durations over the whole [`MINUTE_LADDER`], streaming, so a
/// chart histogram needs no kept values. `counts[i]` holds
/// `ladder[i] ≤ x < ladder[i+1]`; `counts[13]` holds `x ≥ ladder[13]`, of
/// which `at_top` are exactly `ladder[13]`.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub(super) struct LadderCounts {
    counts: [u64; 14],
    at_top: u64,
    max: Option<f64>,
}

impl LadderCounts {
    /// Adds the counts of `later` (reading in parts).
    #[cfg(feature = "partials")]
    pub(super) fn merge(&mut self, later: &LadderCounts) {
        for (n, m) in self.counts.iter_mut().zip(later.counts) {
            *n = n.saturating_add(m);
        }
        self.at_top = self.at_top.saturating_add(later.at_top);
        if let Some(x) = later.max {
            self.max = Some(self.max.map_or(x, |m| if x > m { x } else { m }));
        }
    }

    pub(super) fn add(&mut self, x: f64) {
        if !x.is_finite() || x < 0.0 {
            return;
        }
        let i = MINUTE_LADDER
            .partition_point(|e| *e <= x)
            .saturating_sub(1)
            .min(13);
        if let Some(c) = self.counts.get_mut(i) {
            *c = c.saturating_add(1);
        }
        if x == MINUTE_LADDER[13] {
            self.at_top = self.at_top.saturating_add(1);
        }
        // Not `f64::max`, a call in wasm (its NaN rule differs from the
        // instruction's); `x` is finite here.
        self.max = Some(self.max.map_or(x, |m| if x > m { x } else { m }));
    }

    /// The histogram [`crate::metrics::stats::histogram`] would give on the
    /// values with edges [`minute_edges`]`(max)`: `{edges, counts, above}`.
    pub(super) fn figure(&self) -> Histogram {
        let Some(max) = self.max else {
            return Histogram::Undefined(Figure::plain(Err(
                crate::metrics::stats::NO_VALUES_REASON.into(),
            )));
        };
        let edges = minute_edges(max);
        let bins = edges.len().saturating_sub(1).max(1);
        let mut counts: Vec<u64> = self.counts.iter().take(bins).copied().collect();
        let mut above = 0u64;
        if bins < 13 {
            // The last edge is ≥ max: values equal to it belong to the last
            // (closed) bin; nothing lies beyond it.
            let at_edge = self.counts.get(bins).copied().unwrap_or(0);
            if let Some(last) = counts.last_mut() {
                *last = last.saturating_add(at_edge);
            }
        } else {
            let top = self.counts[13];
            if let Some(last) = counts.last_mut() {
                *last = last.saturating_add(self.at_top);
            }
            above = top.saturating_sub(self.at_top);
        }
        Histogram::Bins {
            edges,
            counts,
            above,
        }
    }
}
