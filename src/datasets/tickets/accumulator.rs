//! The streaming state of the support-ticket figures ([contract §4](crate::contract)): one accumulator over
//! already-parsed numbers: timestamps as Unix seconds (`i64`, UTC), durations
//! as minutes (`f64`), labels (channel, priority, category/tag) as `&str`
//! (only distinct values are kept), customer ids as `&str`, compared
//! exactly ([`ExactIds`]).
//!
//! Push one [`Ticket`] at a time into [`TicketsAccumulator`]; a ticket that
//! cannot be used is refused with a reason constant and leaves the state
//! unchanged, so the caller can list the row as skipped.

use crate::metrics::stats::{
    DurationStats, DurationSummary, ExactIds, FxHashMap, FxHashSet, ShortText, NOT_A_NUMBER_REASON,
};
use crate::metrics::survey::{Csat, CsatScale, CsatTally, SatisfactionRating};
use crate::metrics::{Metric, Undefined, Why};
use serde::Serialize;

/// Why an SLA attainment is undefined with no replied or overdue ticket
/// (also written by the SQL, `crate::sql::reasons`).
pub const NO_REPLIED_OR_OVERDUE_REASON: Why = Why::new(
    "no_replied_or_overdue_tickets",
    "no replied or overdue tickets",
);
/// Why the one-touch rate is undefined without a replies column (also
/// written by the SQL).
pub const NO_REPLIES_COLUMN_REASON: Why =
    Why::new("no_replies_column", "no replies or first-contact column");
/// Why the one-touch rate is undefined with no solved ticket that has a
/// replies count (also written by the SQL).
pub const NO_SOLVED_WITH_REPLIES_COUNT_REASON: Why = Why::new(
    "no_solved_with_replies_count",
    "no solved tickets with a replies count or first-contact answer",
);
/// Why the backlog is undefined without a status or solved time (also
/// written by the SQL).
pub const NO_STATUS_COLUMN_REASON: Why =
    Why::new("no_status_column", "no status or solved-time column");

/// Reason a ticket whose first reply precedes its creation is refused.
pub const NEGATIVE_FIRST_RESPONSE_REASON: &str =
    "the first reply time is before the ticket was created";
/// Reason a solved ticket whose solved time precedes its creation is refused.
pub const NEGATIVE_RESOLUTION_REASON: &str = "the solved time is before the ticket was created";
/// Reason a ticket whose times are too far apart to subtract is refused.
pub const TIME_RANGE_REASON: &str = "the ticket's times are out of range";
/// The default first-reply target for every priority ([contract §4](crate::contract)): 1 hour.
pub const DEFAULT_SLA_MINUTES: f64 = 60.0;

const SECONDS_PER_DAY: i64 = 86_400;

/// First-reply targets, in minutes, per priority ([contract §4](crate::contract)).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
pub struct SlaTargets {
    /// Target for priorities not listed (default [`DEFAULT_SLA_MINUTES`]).
    pub default_minutes: f64,
    /// `(priority, minutes)`; priorities match ignoring ASCII case.
    pub by_priority: Vec<(String, f64)>,
}

impl Default for SlaTargets {
    fn default() -> Self {
        SlaTargets {
            default_minutes: DEFAULT_SLA_MINUTES,
            by_priority: Vec::new(),
        }
    }
}

impl SlaTargets {
    /// The target for a ticket of `priority` (the default when absent or
    /// not listed).
    ///
    /// ```
    /// use cxmetrics::datasets::tickets::accumulator::SlaTargets;
    /// let t = SlaTargets { default_minutes: 60.0, by_priority: vec![("Urgent".into(), 15.0)] };
    /// assert_eq!(t.target_for(Some("urgent")), 15.0);
    /// assert_eq!(t.target_for(Some("low")), 60.0);
    /// assert_eq!(t.target_for(None), 60.0);
    /// ```
    pub fn target_for(&self, priority: Option<&str>) -> f64 {
        priority
            .and_then(|p| {
                self.by_priority
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(p))
                    .map(|(_, m)| *m)
            })
            .unwrap_or(self.default_minutes)
    }

    fn is_valid(&self) -> bool {
        let ok = |m: f64| m.is_finite() && m >= 0.0;
        ok(self.default_minutes) && self.by_priority.iter().all(|(_, m)| ok(*m))
    }
}

/// Assumptions for the ticket metrics (reported in the report's settings).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
pub struct TicketSettings {
    /// First-reply targets.
    pub sla: SlaTargets,
    /// The "as of" time (Unix seconds); `None` = the latest timestamp seen.
    pub as_of: Option<i64>,
}

/// One ticket, already parsed. Every field is optional; what a metric
/// needs and does not get is reported on that metric.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ticket<'a> {
    /// Created time.
    pub created: Option<i64>,
    /// First agent reply time.
    pub first_reply: Option<i64>,
    /// Solved time.
    pub solved_at: Option<i64>,
    /// First reply time in minutes (Zendesk column), used when the two
    /// timestamps are not both present or are both dates without a time.
    pub first_reply_minutes: Option<f64>,
    /// Full resolution time in minutes (Zendesk column), used when the two
    /// timestamps are not both present or are both dates without a time.
    pub resolution_minutes: Option<f64>,
    /// The status column read as solved (`solved`/`closed` → true; `new`,
    /// `open`, `pending`, `hold` → false). `None` when there is no status.
    pub status_solved: Option<bool>,
    /// Channel (Zendesk `Via`).
    pub channel: Option<&'a str>,
    /// Priority.
    pub priority: Option<&'a str>,
    /// Requester / customer id, as written (trimmed). Two tickets are the
    /// same customer's exactly when these texts are equal.
    pub customer: Option<&'a str>,
    /// Number of agent replies.
    pub agent_replies: Option<u64>,
    /// A yes/no "solved on first contact" answer.
    pub first_contact: Option<bool>,
    /// Satisfaction rating.
    pub rating: Option<SatisfactionRating>,
    /// The ticket's first-reply cell could not be read: whether and when
    /// it was answered is unknown, so it is neither replied nor awaiting a
    /// reply, and is left out of SLA attainment.
    pub reply_unknown: bool,
}

/// Whether both times are midnights: dates without a time of day, whose
/// difference is only known in whole days.
fn whole_days(a: i64, b: i64) -> bool {
    a.rem_euclid(86_400) == 0 && b.rem_euclid(86_400) == 0
}

impl Ticket<'_> {
    /// The created and first reply times the first response is measured
    /// between: `None` when one is missing, or when both are dates without
    /// a time of day and a first-reply minutes value exists (the explicit
    /// duration wins over a whole-day difference).
    pub fn first_reply_span(&self) -> Option<(i64, i64)> {
        match (self.created, self.first_reply) {
            (Some(c), Some(r)) if !(whole_days(c, r) && self.first_reply_minutes.is_some()) => {
                Some((c, r))
            }
            _ => None,
        }
    }

    /// The created and solved times the resolution is measured between:
    /// `None` when one is missing, or when both are dates without a time of
    /// day and a resolution minutes value exists (the explicit duration
    /// wins over a whole-day difference).
    pub fn resolution_span(&self) -> Option<(i64, i64)> {
        match (self.created, self.solved_at) {
            (Some(c), Some(s)) if !(whole_days(c, s) && self.resolution_minutes.is_some()) => {
                Some((c, s))
            }
            _ => None,
        }
    }

    /// Whether the ticket counts as solved: the status when there is one;
    /// otherwise a solved time or a resolution-minutes value.
    pub fn is_solved(&self) -> bool {
        match self.status_solved {
            Some(s) => s,
            None => self.solved_at.is_some() || self.resolution_minutes.is_some(),
        }
    }
}

/// Minutes between two timestamps, refusing negative or overflowing spans.
fn span_minutes(from: i64, to: i64, negative: &'static str) -> Result<f64, &'static str> {
    let d = to.checked_sub(from).ok_or(TIME_RANGE_REASON)?;
    if d < 0 {
        return Err(negative);
    }
    Ok(d as f64 / 60.0)
}

/// A minutes column value, refusing non-finite or negative ones.
fn minutes_value(m: f64, negative: &'static str) -> Result<f64, &'static str> {
    if !m.is_finite() {
        return Err(NOT_A_NUMBER_REASON.reason);
    }
    if m < 0.0 {
        return Err(negative);
    }
    Ok(m)
}

/// SLA attainment with its parts ([contract §4](crate::contract)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sla {
    /// met ÷ (replied + overdue_unreplied), a fraction.
    pub value: f64,
    /// Replied tickets with first reply time ≤ their target.
    pub met: u64,
    /// Replied tickets.
    pub replied: u64,
    /// Unreplied tickets older than their target at the as-of time.
    pub overdue_unreplied: u64,
    /// Unreplied tickets without a created time: cannot be aged, left out.
    pub unreplied_unknown_age: u64,
}

/// One-touch resolution ([contract §4](crate::contract), Zendesk's definition).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneTouch {
    /// one_touch ÷ solved, a fraction.
    pub value: f64,
    /// Solved tickets with fewer than two agent replies (or first contact = yes).
    pub one_touch: u64,
    /// Solved tickets with a replies count or first-contact answer.
    pub solved: u64,
}

/// One row of "top issues by customers affected".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopIssue {
    /// The category or tag.
    pub category: String,
    /// Distinct customers with at least one ticket in it.
    pub customers: u64,
    /// Tickets in it.
    pub tickets: u64,
}

/// A label (date, week, month, channel …) and its ticket count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// `2024-03-05`, `2024-W10`, `2024-03`, or a channel/priority/category.
    pub key: String,
    /// Tickets.
    pub tickets: u64,
}

/// Ticket volume ([contract §4](crate::contract)). Time series are by created time in UTC,
/// chronological, and sparse: a day, week or month without tickets is
/// absent (zero). Label breakdowns are sorted by tickets, then label;
/// tickets without the label are not in that breakdown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Volume {
    /// Per calendar day, `YYYY-MM-DD`.
    pub by_day: Vec<Count>,
    /// Per ISO 8601 week, `YYYY-Www` (the ISO week-numbering year).
    pub by_week: Vec<Count>,
    /// Per calendar month, `YYYY-MM`.
    pub by_month: Vec<Count>,
    /// Tickets without a (representable) created time.
    pub undated: u64,
    /// Per channel.
    pub by_channel: Vec<Count>,
    /// Per priority.
    pub by_priority: Vec<Count>,
    /// Per category/tag (a ticket with several tags counts in each).
    pub by_category: Vec<Count>,
}

/// Everything [contract §4](crate::contract) computes from a ticket file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketsSummary {
    /// Tickets accepted.
    pub tickets: u64,
    /// The as-of time used (set, or the latest timestamp seen; `None` when
    /// there was no timestamp at all).
    pub as_of: Option<i64>,
    /// First response time in minutes, replied tickets.
    pub first_response_minutes: DurationSummary,
    /// Open (not solved) tickets without a first reply.
    pub awaiting_first_reply: u64,
    /// Resolution time in minutes, solved tickets with a time.
    pub resolution_minutes: DurationSummary,
    /// Solved tickets.
    pub solved: u64,
    /// Solved tickets without a resolution time (not in the statistics).
    pub solved_without_time: u64,
    /// SLA attainment.
    pub sla_attainment: Metric<Sla>,
    /// One-touch resolution rate.
    pub one_touch_rate: Metric<OneTouch>,
    /// Resolution minutes of each customer's earliest ticket.
    pub first_ticket_resolution_minutes: DurationSummary,
    /// Customers whose earliest ticket is not solved (or has no time).
    pub first_ticket_unresolved: u64,
    /// Tickets not solved at the as-of time.
    pub backlog: Metric<u64>,
    /// CSAT from Good/Bad ratings.
    pub ticket_csat: Metric<Csat>,
    /// Ratings "Offered"/"Not Offered": no answer, not counted in CSAT.
    pub ratings_not_answered: u64,
    /// Categories by distinct customers, then tickets, then name.
    pub top_issues: Vec<TopIssue>,
    /// Tickets without any category/tag.
    pub uncategorised: u64,
    /// Volume breakdowns.
    pub volume: Volume,
}

/// A value per distinct label, allocating only for a new label: the first
/// [`Labels::FEW`] short labels are found by [`ShortText`] without hashing
/// (channels, priorities and tags are mostly a handful of words), every
/// other in a map.
#[derive(Debug, Clone)]
struct Labels<V> {
    few: Vec<(ShortText, Box<str>, V)>,
    rest: FxHashMap<Box<str>, V>,
}

impl<V> Default for Labels<V> {
    fn default() -> Self {
        Labels {
            few: Vec::new(),
            rest: FxHashMap::default(),
        }
    }
}

impl<V> Labels<V> {
    /// Labels kept in `few`.
    const FEW: usize = 16;

    /// Applies `change` to the value of `key`, made first by `new` when
    /// the label is new.
    #[inline]
    fn update(&mut self, key: &str, new: impl FnOnce() -> V, change: impl FnOnce(&mut V)) {
        let short = ShortText::new(key);
        if let Some(short) = short {
            if let Some(e) = self.few.iter_mut().find(|e| e.0 == short) {
                change(&mut e.2);
                return;
            }
        }
        if let Some(v) = self.rest.get_mut(key) {
            change(v);
            return;
        }
        let mut v = new();
        change(&mut v);
        match short {
            // A short label goes to the map only once `few` is full, so
            // while it has room every short label is in it.
            Some(short) if self.few.len() < Self::FEW => self.few.push((short, key.into(), v)),
            _ => {
                self.rest.insert(key.into(), v);
            }
        }
    }

    /// Every label and its value, in no particular order.
    fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.few
            .iter()
            .map(|(_, k, v)| (&**k, v))
            .chain(self.rest.iter().map(|(k, v)| (&**k, v)))
    }
}

/// Saved as (label, value) pairs; loaded by adding them one by one.
#[cfg(feature = "partials")]
impl<V: serde::Serialize> serde::Serialize for Labels<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(feature = "partials")]
impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for Labels<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let pairs: Vec<(String, V)> = serde::Deserialize::deserialize(deserializer)?;
        let mut labels = Labels::default();
        for (key, value) in pairs {
            let mut value = Some(value);
            labels.update(
                &key,
                || value.take().unwrap_or_else(|| unreachable!()),
                |_| {},
            );
        }
        Ok(labels)
    }
}

/// Counts per distinct label.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct CountBy {
    counts: Labels<u64>,
}

/// Most tickets first, then by label.
fn by_tickets_then_key(a: &Count, b: &Count) -> std::cmp::Ordering {
    b.tickets.cmp(&a.tickets).then_with(|| a.key.cmp(&b.key))
}

impl CountBy {
    fn add(&mut self, key: &str) {
        self.counts.update(key, || 0, |c| *c = c.saturating_add(1));
    }

    /// Adds the counts of `later` (reading in parts).
    #[cfg(feature = "partials")]
    fn merge(&mut self, later: &CountBy) {
        for (key, n) in later.counts.iter() {
            self.counts.update(key, || 0, |c| *c = c.saturating_add(*n));
        }
    }

    fn sorted(&self) -> Vec<Count> {
        let mut v: Vec<Count> = self
            .counts
            .iter()
            .map(|(k, c)| Count {
                key: k.to_string(),
                tickets: *c,
            })
            .collect();
        crate::metrics::sort_stable_by(&mut v, by_tickets_then_key);
        v
    }
}

/// Streaming accumulator of every [contract §4](crate::contract) metric.
///
/// Formulas and choices ([contract §4](crate::contract)):
/// - **First response time** = first reply − created (minutes), or the
///   first-reply-minutes column when the two timestamps are not both
///   present. Open (not solved) tickets with neither, and no first reply
///   time, are "awaiting first reply"; a solved ticket without a reply is
///   not awaiting one. Negative → refused ([`NEGATIVE_FIRST_RESPONSE_REASON`]).
/// - **Resolution time** = solved − created, or the resolution-minutes
///   column, for solved tickets only ([`Ticket::is_solved`]); negative →
///   refused ([`NEGATIVE_RESOLUTION_REASON`]).
/// - **SLA attainment** = replied tickets with FRT ≤ target ÷ (replied
///   tickets + unreplied tickets older than the target at the as-of time);
///   "older" is strictly (age > target), since a reply at exactly the target
///   still meets it. With an explicit as-of, tickets created after it are
///   left out and a reply after it counts as no reply yet. Unreplied tickets
///   without a created time (a minutes-only export) cannot be aged: they
///   are left out of the denominator and counted in
///   `unreplied_unknown_age`, so the value is then the share of replied
///   tickets within target. A replied ticket whose response time cannot be
///   measured (a reply time without a created time) and one whose reply is
///   unknown ([`Ticket::reply_unknown`]) are left out. Undefined when the denominator is 0 or a target
///   is not a number of minutes ≥ 0.
/// - **As of** = the setting, else the latest created / first reply /
///   solved timestamp seen.
/// - **One-touch** = solved tickets with agent replies < 2 ÷ solved tickets
///   with a replies count; a ticket without a count uses its yes/no
///   first-contact answer instead. Undefined "no replies or first-contact
///   column" when no ticket had either.
/// - **First-ticket resolution**: per customer, the ticket with the
///   earliest created time (ties: the first pushed); its resolution minutes
///   feed median/p90; customers whose first ticket is unresolved are
///   counted apart. Tickets without customer or created time are left out.
/// - **Top issues**: per category, distinct customers and tickets (a tag
///   repeated on one ticket counts once); sorted by customers desc, tickets
///   desc, name asc. Tickets without a customer add tickets only.
/// - **Backlog** = tickets not solved at the as-of time. Without an explicit
///   as-of: tickets not solved. With one: tickets created at or before it
///   (or without a created time) and not solved by then (solved time after
///   it, or not solved; a ticket solved by status without a solved time is
///   taken as solved). Undefined "no status or solved-time column" when no
///   ticket said anything about being solved.
/// - **Ticket CSAT**: survey CSAT on the good/bad scale; Offered / Not
///   Offered are counted as not answered.
///
/// Customers are matched by their exact id text ([`ExactIds`]): ids that
/// differ in any byte are different customers.
///
/// Memory: the FRT and resolution minutes (8 bytes per ticket each), one
/// entry per customer (its id text once and about 60 bytes on wasm32), per
/// distinct (category, customer) pair and per day, and — only without an
/// explicit as-of — the created time of unreplied tickets. No other text
/// than distinct labels and customer ids.
///
/// ```
/// use cxmetrics::datasets::tickets::accumulator::{Ticket, TicketSettings, TicketsAccumulator};
/// let mut acc = TicketsAccumulator::new(TicketSettings::default());
/// // Created 09:00, replied 09:30, solved 11:00 (Unix seconds).
/// let t = Ticket { created: Some(32_400), first_reply: Some(34_200), solved_at: Some(39_600),
///                  customer: Some("C-1"), ..Default::default() };
/// acc.push(&t, ["billing"]).unwrap();
/// let late = Ticket { created: Some(32_400), first_reply: Some(32_400 + 2 * 3600), ..t };
/// acc.push(&late, []).unwrap();
/// let bad = Ticket { first_reply: Some(0), ..t };
/// assert!(acc.push(&bad, []).is_err());
/// let s = acc.finish();
/// assert_eq!(s.tickets, 2);
/// assert_eq!(s.first_response_minutes.median, Ok(75.0));
/// assert_eq!(s.sla_attainment.unwrap().value, 0.5);
/// assert_eq!(s.top_issues[0].category, "billing");
/// ```
#[derive(Debug, Clone)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct TicketsAccumulator {
    settings: TicketSettings,
    sla_valid: bool,
    tickets: u64,
    latest: Option<i64>,
    frt: DurationStats,
    awaiting_first_reply: u64,
    resolution: DurationStats,
    solved: u64,
    solved_without_time: u64,
    sla_met: u64,
    sla_replied: u64,
    sla_overdue: u64,
    sla_unknown_age: u64,
    /// Unreplied (created, target minutes), kept only without explicit as-of.
    sla_unreplied: Vec<(i64, f64)>,
    one_touch: u64,
    touch_solved: u64,
    touch_info_seen: bool,
    /// Customer ids, each distinct text once, as dense indices into
    /// `customers`.
    customer_ids: ExactIds,
    /// Per customer (by [`ExactIds`] index): the first ticket (created,
    /// resolution minutes) and the categories they have had.
    customers: Vec<Customer>,
    /// Customers in the order their first dated ticket arrived, the order
    /// `finish` visits first tickets in.
    first_order: Vec<usize>,
    /// Each category's index in the vectors below.
    category_index: Labels<usize>,
    category_names: Vec<Box<str>>,
    category_tickets: Vec<u64>,
    category_customers: Vec<u64>,
    /// (category, customer) pairs for category indices of 64 and more
    /// (below that, [`Customer::categories`] has a bit per category).
    pairs: FxHashSet<(usize, usize)>,
    #[cfg_attr(feature = "partials", serde(skip))]
    scratch: Vec<usize>,
    uncategorised: u64,
    backlog: u64,
    solved_info_seen: bool,
    /// Tickets per day for days in `day_window` (the first day seen ±
    /// [`DAY_WINDOW_HALF`] days), by day − start…
    day_counts: Vec<u64>,
    day_window: Option<i64>,
    /// … and for the other days.
    by_day: FxHashMap<i64, u64>,
    undated: u64,
    by_channel: CountBy,
    by_priority: CountBy,
    csat: CsatTally,
    ratings_not_answered: u64,
}

impl TicketsAccumulator {
    /// An empty accumulator with these settings.
    pub fn new(settings: TicketSettings) -> Self {
        TicketsAccumulator {
            sla_valid: settings.sla.is_valid(),
            settings,
            tickets: 0,
            latest: None,
            frt: DurationStats::default(),
            awaiting_first_reply: 0,
            resolution: DurationStats::default(),
            solved: 0,
            solved_without_time: 0,
            sla_met: 0,
            sla_replied: 0,
            sla_overdue: 0,
            sla_unknown_age: 0,
            sla_unreplied: Vec::new(),
            one_touch: 0,
            touch_solved: 0,
            touch_info_seen: false,
            customer_ids: ExactIds::default(),
            customers: Vec::new(),
            first_order: Vec::new(),
            category_index: Labels::default(),
            category_names: Vec::new(),
            category_tickets: Vec::new(),
            category_customers: Vec::new(),
            pairs: FxHashSet::default(),
            scratch: Vec::new(),
            uncategorised: 0,
            backlog: 0,
            solved_info_seen: false,
            day_counts: Vec::new(),
            day_window: None,
            by_day: FxHashMap::default(),
            undated: 0,
            by_channel: CountBy::default(),
            by_priority: CountBy::default(),
            csat: CsatTally::new(CsatScale::GoodBad),
            ratings_not_answered: 0,
        }
    }

    /// The settings in use.
    pub fn settings(&self) -> &TicketSettings {
        &self.settings
    }

    /// Adds one ticket with its categories/tags (empty strings ignored).
    ///
    /// Refused, with the state unchanged: a negative or overflowing first
    /// response or resolution time, or a non-finite minutes value
    /// ([`NEGATIVE_FIRST_RESPONSE_REASON`], [`NEGATIVE_RESOLUTION_REASON`],
    /// [`TIME_RANGE_REASON`], [`NOT_A_NUMBER_REASON`]).
    pub fn push<'t>(
        &mut self,
        t: &Ticket<'_>,
        categories: impl IntoIterator<Item = &'t str>,
    ) -> Result<(), &'static str> {
        // Validate everything first.
        let frt = match t.first_reply_span() {
            Some((c, r)) => Some(span_minutes(c, r, NEGATIVE_FIRST_RESPONSE_REASON)?),
            _ => match t.first_reply_minutes {
                Some(m) => Some(minutes_value(m, NEGATIVE_FIRST_RESPONSE_REASON)?),
                None => None,
            },
        };
        let solved = t.is_solved();
        let resolution = if solved {
            match t.resolution_span() {
                Some((c, s)) => Some(span_minutes(c, s, NEGATIVE_RESOLUTION_REASON)?),
                _ => match t.resolution_minutes {
                    Some(m) => Some(minutes_value(m, NEGATIVE_RESOLUTION_REASON)?),
                    None => None,
                },
            }
        } else {
            None
        };

        // Accepted from here on.
        self.tickets = self.tickets.saturating_add(1);
        // `Option`'s order puts `None` first, so the max of the four is the
        // latest time seen.
        self.latest = self
            .latest
            .max(t.created)
            .max(t.first_reply)
            .max(t.solved_at);

        // FRT.
        match frt {
            Some(m) => {
                // Validated finite and ≥ 0 above; push cannot refuse it.
                let _ = self.frt.push(m);
            }
            None if !solved && t.first_reply.is_none() && !t.reply_unknown => {
                self.awaiting_first_reply = self.awaiting_first_reply.saturating_add(1)
            }
            None => {}
        }

        // Resolution.
        if solved {
            self.solved = self.solved.saturating_add(1);
            match resolution {
                Some(m) => {
                    let _ = self.resolution.push(m);
                }
                None => self.solved_without_time = self.solved_without_time.saturating_add(1),
            }
        }

        // SLA.
        self.push_sla(t, frt);

        // One-touch.
        if t.agent_replies.is_some() || t.first_contact.is_some() {
            self.touch_info_seen = true;
        }
        if solved {
            let one = match (t.agent_replies, t.first_contact) {
                (Some(r), _) => Some(r < 2),
                (None, Some(f)) => Some(f),
                (None, None) => None,
            };
            if let Some(one) = one {
                self.touch_solved = self.touch_solved.saturating_add(1);
                if one {
                    self.one_touch = self.one_touch.saturating_add(1);
                }
            }
        }

        // Categories.
        self.scratch.clear();
        for name in categories {
            if name.is_empty() {
                continue;
            }
            let i = self.intern(name);
            if !self.scratch.contains(&i) {
                self.scratch.push(i);
            }
        }
        if self.scratch.is_empty() {
            self.uncategorised = self.uncategorised.saturating_add(1);
        }
        for &i in &self.scratch {
            if let Some(c) = self.category_tickets.get_mut(i) {
                *c = c.saturating_add(1);
            }
        }

        // Per customer: first ticket, and who had each category.
        if let Some(id) = t.customer {
            let key = self.customer_ids.intern(id);
            if key == self.customers.len() {
                self.customers.push(Customer::default());
            }
            if let Some(c) = self.customers.get_mut(key) {
                if let Some(created) = t.created {
                    match &mut c.first {
                        None => {
                            c.first = Some((created, resolution));
                            self.first_order.push(key);
                        }
                        Some(first) if created < first.0 => *first = (created, resolution),
                        Some(_) => {}
                    }
                }
            }
            for j in 0..self.scratch.len() {
                if let Some(&i) = self.scratch.get(j) {
                    self.add_category_customer(i, key);
                }
            }
        }
        // Backlog.
        if t.status_solved.is_some() || t.solved_at.is_some() || t.resolution_minutes.is_some() {
            self.solved_info_seen = true;
        }
        let open = match self.settings.as_of {
            None => !solved,
            Some(as_of) => {
                let existed = existed_at(t.created, as_of);
                let solved_by = match (solved, t.solved_at) {
                    (false, _) => false,
                    (true, Some(s)) => s <= as_of,
                    (true, None) => true,
                };
                existed && !solved_by
            }
        };
        if open {
            self.backlog = self.backlog.saturating_add(1);
        }

        // Volume.
        match t.created {
            Some(c) => self.add_day(c.div_euclid(SECONDS_PER_DAY), 1),
            None => self.undated = self.undated.saturating_add(1),
        }
        if let Some(ch) = t.channel.filter(|s| !s.is_empty()) {
            self.by_channel.add(ch);
        }
        if let Some(p) = t.priority.filter(|s| !s.is_empty()) {
            self.by_priority.add(p);
        }

        // CSAT.
        match t.rating {
            Some(r @ (SatisfactionRating::Good | SatisfactionRating::Bad)) => {
                // A good/bad tally accepts Good and Bad; nothing to refuse.
                let _ = self.csat.add_rating(r);
            }
            Some(_) => self.ratings_not_answered = self.ratings_not_answered.saturating_add(1),
            None => {}
        }
        Ok(())
    }

    fn push_sla(&mut self, t: &Ticket<'_>, frt: Option<f64>) {
        if frt.is_none() && (t.first_reply.is_some() || t.reply_unknown) {
            return; // replied (or unknown) but not measurable: left out
        }
        let target = self.settings.sla.target_for(t.priority);
        let as_of = self.settings.as_of;
        if let (Some(a), Some(c)) = (as_of, t.created) {
            if c > a {
                return; // did not exist yet at the as-of time
            }
        }
        // A reply after an explicit as-of time is no reply yet at that time.
        let replied_by_as_of = match (frt, as_of, t.first_reply) {
            (None, _, _) => false,
            (Some(_), Some(a), Some(r)) => r <= a,
            (Some(_), _, _) => true,
        };
        if replied_by_as_of {
            self.sla_replied = self.sla_replied.saturating_add(1);
            if frt.is_some_and(|m| m <= target) {
                self.sla_met = self.sla_met.saturating_add(1);
            }
            return;
        }
        match (t.created, as_of) {
            (None, _) => self.sla_unknown_age = self.sla_unknown_age.saturating_add(1),
            (Some(c), Some(a)) => {
                if is_overdue(c, a, target) {
                    self.sla_overdue = self.sla_overdue.saturating_add(1);
                }
            }
            (Some(c), None) => self.sla_unreplied.push((c, target)),
        }
    }

    /// Counts customer `key` for category `i` when new to it.
    #[inline]
    fn add_category_customer(&mut self, i: usize, key: usize) {
        let new = if i < 64 {
            let Some(c) = self.customers.get_mut(key) else {
                return;
            };
            let bit = 1u64 << i;
            let new = c.categories & bit == 0;
            c.categories |= bit;
            new
        } else {
            self.pairs.insert((i, key))
        };
        if new {
            if let Some(n) = self.category_customers.get_mut(i) {
                *n = n.saturating_add(1);
            }
        }
    }

    /// Adds `n` tickets to `day` (days since 1970): in the window around
    /// the first day seen, else in the map.
    #[inline]
    fn add_day(&mut self, day: i64, n: u64) {
        let start = *self.day_window.get_or_insert_with(|| {
            self.day_counts = vec![0; 2 * DAY_WINDOW_HALF as usize];
            day.saturating_sub(DAY_WINDOW_HALF)
        });
        let slot = usize::try_from(day.saturating_sub(start))
            .ok()
            .and_then(|i| self.day_counts.get_mut(i));
        let count = match slot {
            Some(count) => count,
            None => self.by_day.entry(day).or_insert(0),
        };
        *count = count.saturating_add(n);
    }

    fn intern(&mut self, name: &str) -> usize {
        let (names, tickets, customers) = (
            &mut self.category_names,
            &mut self.category_tickets,
            &mut self.category_customers,
        );
        let mut index = 0;
        self.category_index.update(
            name,
            || {
                names.push(name.into());
                tickets.push(0);
                customers.push(0);
                names.len() - 1
            },
            |i| index = *i,
        );
        index
    }

    /// Takes in `later`, an accumulator with the same settings that read
    /// the tickets right after these (reading in parts): the state is the
    /// one reading them here would have reached. Customers and categories
    /// keep the indexes of one pass (first seen first); a customer's first
    /// ticket stays the earliest, ties to the earlier part; durations are
    /// replayed in order.
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: TicketsAccumulator) {
        self.tickets = self.tickets.saturating_add(later.tickets);
        self.latest = self.latest.max(later.latest);
        self.frt.merge(later.frt);
        self.awaiting_first_reply = self
            .awaiting_first_reply
            .saturating_add(later.awaiting_first_reply);
        self.resolution.merge(later.resolution);
        self.solved = self.solved.saturating_add(later.solved);
        self.solved_without_time = self
            .solved_without_time
            .saturating_add(later.solved_without_time);
        self.sla_met = self.sla_met.saturating_add(later.sla_met);
        self.sla_replied = self.sla_replied.saturating_add(later.sla_replied);
        self.sla_overdue = self.sla_overdue.saturating_add(later.sla_overdue);
        self.sla_unknown_age = self.sla_unknown_age.saturating_add(later.sla_unknown_age);
        self.sla_unreplied.extend(later.sla_unreplied);
        self.one_touch = self.one_touch.saturating_add(later.one_touch);
        self.touch_solved = self.touch_solved.saturating_add(later.touch_solved);
        self.touch_info_seen |= later.touch_info_seen;

        // Categories: later's index → this one's, tickets added.
        let categories: Vec<usize> = later
            .category_names
            .iter()
            .map(|name| self.intern(name))
            .collect();
        for (&i, n) in categories.iter().zip(&later.category_tickets) {
            if let Some(c) = self.category_tickets.get_mut(i) {
                *c = c.saturating_add(*n);
            }
        }
        // Customers: later's index → this one's; each (category, customer)
        // pair of later counts for its category when it is new here.
        let customers = self.customer_ids.merge(&later.customer_ids);
        self.customers
            .resize(self.customer_ids.len(), Customer::default());
        let mut later_pairs: Vec<(usize, usize)> = later.pairs.iter().copied().collect();
        later_pairs.sort_unstable_by_key(|&(_, k)| k);
        let mut pairs = later_pairs.into_iter().peekable();
        for (k, theirs) in later.customers.iter().enumerate() {
            let Some(&key) = customers.get(k) else {
                continue;
            };
            let mut had: Vec<usize> = (0..64)
                .filter(|i| theirs.categories & (1u64 << i) != 0)
                .collect();
            while let Some(&(i, _)) = pairs.peek().filter(|(_, c)| *c == k) {
                had.push(i);
                pairs.next();
            }
            for theirs_index in had {
                let Some(&i) = categories.get(theirs_index) else {
                    continue;
                };
                self.add_category_customer(i, key);
            }
        }
        // First tickets: an earlier one stays; customers first dated in
        // later follow in later's order.
        for &k in &later.first_order {
            let (Some(&key), Some(theirs)) = (customers.get(k), later.customers.get(k)) else {
                continue;
            };
            let Some(first) = theirs.first else { continue };
            if let Some(c) = self.customers.get_mut(key) {
                match &mut c.first {
                    None => {
                        c.first = Some(first);
                        self.first_order.push(key);
                    }
                    Some(mine) if first.0 < mine.0 => *mine = first,
                    Some(_) => {}
                }
            }
        }

        self.uncategorised = self.uncategorised.saturating_add(later.uncategorised);
        self.backlog = self.backlog.saturating_add(later.backlog);
        self.solved_info_seen |= later.solved_info_seen;
        // Days: each of later's counts goes where one pass would have put it.
        if let Some(start) = later.day_window {
            for (day, n) in (start..).zip(&later.day_counts).filter(|(_, n)| **n > 0) {
                self.add_day(day, *n);
            }
        }
        for (day, n) in &later.by_day {
            self.add_day(*day, *n);
        }
        self.undated = self.undated.saturating_add(later.undated);
        self.by_channel.merge(&later.by_channel);
        self.by_priority.merge(&later.by_priority);
        self.csat.merge(&later.csat);
        self.ratings_not_answered = self
            .ratings_not_answered
            .saturating_add(later.ratings_not_answered);
    }

    /// All [contract §4](crate::contract) results for the tickets so far (see the type's doc).
    /// Takes `&mut self` only to reorder kept values for percentiles; more
    /// tickets may be pushed afterwards.
    pub fn finish(&mut self) -> TicketsSummary {
        let as_of = self.settings.as_of.or(self.latest);

        // SLA.
        let sla_attainment = if !self.sla_valid {
            Err(Undefined::new(
                "sla_target_negative",
                "an SLA target must be a number of minutes of 0 or more",
            ))
        } else {
            let overdue_later = match as_of {
                Some(a) => self
                    .sla_unreplied
                    .iter()
                    .filter(|(c, target)| is_overdue(*c, a, *target))
                    .count() as u64,
                None => 0,
            };
            let overdue = self.sla_overdue.saturating_add(overdue_later);
            let denominator = self.sla_replied.saturating_add(overdue);
            if denominator == 0 {
                Err(Undefined::from(NO_REPLIED_OR_OVERDUE_REASON))
            } else {
                Ok(Sla {
                    value: self.sla_met as f64 / denominator as f64,
                    met: self.sla_met,
                    replied: self.sla_replied,
                    overdue_unreplied: overdue,
                    unreplied_unknown_age: self.sla_unknown_age,
                })
            }
        };

        let one_touch_rate = if !self.touch_info_seen {
            Err(Undefined::from(NO_REPLIES_COLUMN_REASON))
        } else if self.touch_solved == 0 {
            Err(Undefined::from(NO_SOLVED_WITH_REPLIES_COUNT_REASON))
        } else {
            Ok(OneTouch {
                value: self.one_touch as f64 / self.touch_solved as f64,
                one_touch: self.one_touch,
                solved: self.touch_solved,
            })
        };

        // The first tickets in the order their customers' first dated
        // ticket arrived (the mean's compensated sum depends on the order
        // in its last bits, so it is a fixed one).
        let mut first = DurationStats::with_capacity(self.first_order.len());
        let mut first_ticket_unresolved = 0u64;
        let firsts = self
            .first_order
            .iter()
            .filter_map(|&k| self.customers.get(k).and_then(|c| c.first.as_ref()));
        for (_, res) in firsts {
            match res {
                Some(m) => {
                    let _ = first.push(*m);
                }
                None => first_ticket_unresolved += 1,
            }
        }

        let mut top_issues: Vec<TopIssue> = self
            .category_names
            .iter()
            .zip(
                self.category_tickets
                    .iter()
                    .zip(self.category_customers.iter()),
            )
            .map(|(name, (t, c))| TopIssue {
                category: name.to_string(),
                customers: *c,
                tickets: *t,
            })
            .collect();
        crate::metrics::sort_stable_by(&mut top_issues, |a, b| {
            b.customers
                .cmp(&a.customers)
                .then_with(|| b.tickets.cmp(&a.tickets))
                .then_with(|| a.category.cmp(&b.category))
        });

        let backlog = if self.solved_info_seen {
            Ok(self.backlog)
        } else {
            Err(Undefined::from(NO_STATUS_COLUMN_REASON))
        };

        TicketsSummary {
            tickets: self.tickets,
            as_of,
            first_response_minutes: self.frt.finish(),
            awaiting_first_reply: self.awaiting_first_reply,
            resolution_minutes: self.resolution.finish(),
            solved: self.solved,
            solved_without_time: self.solved_without_time,
            sla_attainment,
            one_touch_rate,
            first_ticket_resolution_minutes: first.finish(),
            first_ticket_unresolved,
            backlog,
            ticket_csat: self.csat.finish(),
            ratings_not_answered: self.ratings_not_answered,
            top_issues,
            uncategorised: self.uncategorised,
            volume: self.volume(),
        }
    }

    fn volume(&self) -> Volume {
        let mut days: Vec<(i64, u64)> = self.by_day.iter().map(|(d, n)| (*d, *n)).collect();
        if let Some(start) = self.day_window {
            days.extend(
                (start..)
                    .zip(self.day_counts.iter())
                    .filter(|(_, n)| **n > 0)
                    .map(|(d, n)| (d, *n)),
            );
        }
        crate::metrics::sort_stable_by(&mut days, Ord::cmp);
        let mut v = Volume {
            undated: self.undated,
            by_channel: self.by_channel.sorted(),
            by_priority: self.by_priority.sorted(),
            ..Volume::default()
        };
        let mut by_category: Vec<Count> = self
            .category_names
            .iter()
            .zip(self.category_tickets.iter())
            .map(|(k, n)| Count {
                key: k.to_string(),
                tickets: *n,
            })
            .collect();
        crate::metrics::sort_stable_by(&mut by_category, by_tickets_then_key);
        v.by_category = by_category;

        fn bump(series: &mut Vec<Count>, key: String, n: u64) {
            match series.last_mut() {
                Some(last) if last.key == key => last.tickets = last.tickets.saturating_add(n),
                _ => series.push(Count { key, tickets: n }),
            }
        }
        for (day, n) in days {
            let Some(date) = crate::time::date_of_day(day) else {
                v.undated = v.undated.saturating_add(n);
                continue;
            };
            use chrono::Datelike;
            let week = date.iso_week();
            v.by_day.push(Count {
                key: crate::report::day_id(date),
                tickets: n,
            });
            bump(
                &mut v.by_week,
                format!("{:04}-W{:02}", week.year(), week.week()),
                n,
            );
            bump(&mut v.by_month, crate::report::month_id(date), n);
        }
        v
    }
}

/// What is kept per customer.
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct Customer {
    /// Created time and resolution minutes of their earliest dated ticket.
    first: Option<(i64, Option<f64>)>,
    /// Bit `i` set when they had a ticket in category `i` (`i` < 64).
    categories: u64,
}

/// Days either side of the first created day counted in a plain array
/// (other days go to a map).
const DAY_WINDOW_HALF: i64 = 2048;

/// Whether a ticket created at `created`, unreplied at `as_of`, is older
/// than `target` minutes (strictly).
fn is_overdue(created: i64, as_of: i64, target_minutes: f64) -> bool {
    let age_minutes = as_of.saturating_sub(created) as f64 / 60.0;
    age_minutes > target_minutes
}

/// Whether a ticket created at `created` existed at `as_of` (a ticket
/// without a created time is assumed to).
fn existed_at(created: Option<i64>, as_of: i64) -> bool {
    match created {
        None => true,
        Some(c) => c <= as_of,
    }
}

#[cfg(test)]
mod tests;
