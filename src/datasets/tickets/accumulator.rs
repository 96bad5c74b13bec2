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
use crate::metrics::{Metric, Undefined};
use serde::Serialize;

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

/// Counts per distinct label.
#[derive(Debug, Clone, Default)]
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

    fn sorted(&self) -> Vec<Count> {
        let mut v: Vec<Count> = self
            .counts
            .iter()
            .map(|(k, c)| Count {
                key: k.to_string(),
                tickets: *c,
            })
            .collect();
        crate::metrics::sort_by(&mut v, by_tickets_then_key);
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
                for &i in &self.scratch {
                    let new = if i < 64 {
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
            Some(c) => {
                let day = c.div_euclid(SECONDS_PER_DAY);
                let start = *self.day_window.get_or_insert_with(|| {
                    self.day_counts = vec![0; 2 * DAY_WINDOW_HALF as usize];
                    day.saturating_sub(DAY_WINDOW_HALF)
                });
                let slot = usize::try_from(day.saturating_sub(start))
                    .ok()
                    .and_then(|i| self.day_counts.get_mut(i));
                let n = match slot {
                    Some(n) => n,
                    None => self.by_day.entry(day).or_insert(0),
                };
                *n = n.saturating_add(1);
            }
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
                Err(Undefined::new(
                    "no_replied_or_overdue_tickets",
                    "no replied or overdue tickets",
                ))
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
            Err(Undefined::new(
                "no_replies_column",
                "no replies or first-contact column",
            ))
        } else if self.touch_solved == 0 {
            Err(Undefined::new(
                "no_solved_with_replies_count",
                "no solved tickets with a replies count or first-contact answer",
            ))
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
        crate::metrics::sort_by(&mut top_issues, |a, b| {
            b.customers
                .cmp(&a.customers)
                .then_with(|| b.tickets.cmp(&a.tickets))
                .then_with(|| a.category.cmp(&b.category))
        });

        let backlog = if self.solved_info_seen {
            Ok(self.backlog)
        } else {
            Err(Undefined::new(
                "no_status_column",
                "no status or solved-time column",
            ))
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
        crate::metrics::sort_by(&mut days, Ord::cmp);
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
        crate::metrics::sort_by(&mut by_category, by_tickets_then_key);
        v.by_category = by_category;

        fn bump(series: &mut Vec<Count>, key: String, n: u64) {
            match series.last_mut() {
                Some(last) if last.key == key => last.tickets = last.tickets.saturating_add(n),
                _ => series.push(Count { key, tickets: n }),
            }
        }
        for (day, n) in days {
            let Some(date) = date_of_day(day) else {
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

/// The calendar date of a day number since 1970-01-01 (UTC).
fn date_of_day(day: i64) -> Option<chrono::NaiveDate> {
    let ce = day.checked_add(719_163)?;
    chrono::NaiveDate::from_num_days_from_ce_opt(i32::try_from(ce).ok()?)
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
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    const H: i64 = 3600;
    /// Customer ids for tests that number their customers.
    const CUSTOMERS: [&str; 8] = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"];
    const T0: i64 = 1_709_629_200; // 2024-03-05 09:00 UTC

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Categories past the 64 kept as bits count customers the same way.
        #[test]
        fn many_categories_count_customers(
            rows in proptest::collection::vec((0u64..6, 0usize..90, 0usize..90), 1..200),
        ) {
            let mut acc = TicketsAccumulator::new(TicketSettings::default());
            let mut want: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
            for (customer, a, b) in &rows {
                let names = [format!("c{a}"), format!("c{b}")];
                let t = Ticket { customer: Some(CUSTOMERS[*customer as usize]), ..tk() };
                acc.push(&t, names.iter().map(String::as_str)).unwrap();
                for n in names {
                    want.entry(n).or_default().insert(*customer);
                }
            }
            let s = acc.finish();
            for issue in &s.top_issues {
                prop_assert_eq!(issue.customers as usize, want[&issue.category].len());
            }
            prop_assert_eq!(s.top_issues.len(), want.len());
        }
    }

    fn tk() -> Ticket<'static> {
        Ticket::default()
    }

    #[test]
    fn frt_resolution_awaiting_and_rejections() {
        let mut acc = TicketsAccumulator::new(TicketSettings::default());
        let base = Ticket {
            created: Some(T0),
            ..tk()
        };
        acc.push(
            &Ticket {
                first_reply: Some(T0 + 600),
                solved_at: Some(T0 + 2 * H),
                ..base
            },
            [],
        )
        .unwrap();
        acc.push(
            &Ticket {
                first_reply: Some(T0 + 1800),
                ..base
            },
            [],
        )
        .unwrap();
        acc.push(&base, []).unwrap();
        // Refusals leave everything unchanged.
        let before = acc.clone().finish();
        assert_eq!(
            acc.push(
                &Ticket {
                    first_reply: Some(T0 - 1),
                    ..base
                },
                ["x"]
            ),
            Err(NEGATIVE_FIRST_RESPONSE_REASON)
        );
        assert_eq!(
            acc.push(
                &Ticket {
                    solved_at: Some(T0 - 60),
                    ..base
                },
                ["x"]
            ),
            Err(NEGATIVE_RESOLUTION_REASON)
        );
        assert_eq!(
            acc.push(
                &Ticket {
                    created: None,
                    first_reply_minutes: Some(-3.0),
                    ..tk()
                },
                []
            ),
            Err(NEGATIVE_FIRST_RESPONSE_REASON)
        );
        assert_eq!(
            acc.push(
                &Ticket {
                    created: None,
                    first_reply_minutes: Some(f64::NAN),
                    ..tk()
                },
                []
            ),
            Err(NOT_A_NUMBER_REASON.reason)
        );
        assert_eq!(
            acc.push(
                &Ticket {
                    created: Some(i64::MIN),
                    first_reply: Some(i64::MAX),
                    ..tk()
                },
                []
            ),
            Err(TIME_RANGE_REASON)
        );
        let s = acc.finish();
        assert_eq!(s, before);
        assert_eq!(s.tickets, 3);
        assert_eq!(s.awaiting_first_reply, 1);
        // Only open tickets without a reply await one: a solved ticket
        // without a reply, a reply time without a created time and an
        // unknown reply do not.
        for t in [
            Ticket {
                status_solved: Some(true),
                ..base
            },
            Ticket {
                created: None,
                first_reply: Some(T0),
                ..tk()
            },
            Ticket {
                reply_unknown: true,
                ..base
            },
        ] {
            let mut one = TicketsAccumulator::new(TicketSettings::default());
            one.push(&t, []).unwrap();
            let s = one.finish();
            assert_eq!(s.awaiting_first_reply, 0, "{t:?}");
            assert!(s.sla_attainment.is_err(), "{t:?}");
        }
        assert_eq!(s.first_response_minutes.n, 2);
        assert_eq!(s.first_response_minutes.median, Ok(20.0));
        assert_eq!(s.first_response_minutes.mean, Ok(20.0));
        assert_eq!(s.resolution_minutes.n, 1);
        assert_eq!(s.resolution_minutes.median, Ok(120.0));
        assert_eq!(s.solved, 1);
        assert_eq!(s.backlog, Ok(2));
        assert_eq!(s.as_of, Some(T0 + 2 * H));
    }

    #[test]
    fn sla_with_priorities_and_as_of() {
        let settings = TicketSettings {
            sla: SlaTargets {
                default_minutes: 60.0,
                by_priority: vec![("urgent".into(), 15.0)],
            },
            as_of: None,
        };
        let mut acc = TicketsAccumulator::new(settings.clone());
        let mk = |p: &'static str, reply_min: Option<i64>, created: i64| Ticket {
            created: Some(created),
            first_reply: reply_min.map(|m| created + 60 * m),
            priority: Some(p),
            ..tk()
        };
        acc.push(&mk("Urgent", Some(10), T0), []).unwrap(); // met
        acc.push(&mk("Urgent", Some(20), T0), []).unwrap(); // missed
        acc.push(&mk("normal", Some(60), T0), []).unwrap(); // met (≤)
        acc.push(&mk("normal", Some(61), T0), []).unwrap(); // missed
        acc.push(&mk("normal", None, T0 + 5 * H), []).unwrap(); // unreplied, young
        acc.push(&mk("normal", None, T0), []).unwrap(); // unreplied, old at as-of
        acc.push(&mk("urgent", None, T0 + 5 * H - 20 * 60), [])
            .unwrap(); // 20 min > 15
        acc.push(
            &Ticket {
                first_reply_minutes: None,
                ..tk()
            },
            [],
        )
        .unwrap(); // unknown age
        acc.push(&mk("normal", Some(0), T0 + 5 * H), []).unwrap(); // met; latest = T0+5h
        let sla = acc.finish().sla_attainment.unwrap();
        assert_eq!(
            (
                sla.met,
                sla.replied,
                sla.overdue_unreplied,
                sla.unreplied_unknown_age
            ),
            (3, 5, 2, 1)
        );
        assert_eq!(sla.value, 3.0 / 7.0);

        // The same tickets with an explicit, earlier as-of: T0 + 30 min.
        let mut early = TicketsAccumulator::new(TicketSettings {
            as_of: Some(T0 + 30 * 60),
            ..settings
        });
        early.push(&mk("Urgent", Some(10), T0), []).unwrap(); // met
        early.push(&mk("normal", Some(61), T0), []).unwrap(); // reply after as-of: unreplied, 30 min < 60
        early.push(&mk("urgent", Some(40), T0), []).unwrap(); // unreplied at as-of, 30 > 15: overdue
        early.push(&mk("normal", None, T0 + H), []).unwrap(); // created after as-of: out
        let s = early.finish();
        let sla = s.sla_attainment.unwrap();
        assert_eq!((sla.met, sla.replied, sla.overdue_unreplied), (1, 1, 1));
        assert_eq!(s.as_of, Some(T0 + 30 * 60));
        assert_eq!(
            s.backlog,
            Err(Undefined::new(
                "no_status_column",
                "no status or solved-time column"
            ))
        );

        let mut bad = TicketsAccumulator::new(TicketSettings {
            sla: SlaTargets {
                default_minutes: f64::NAN,
                by_priority: vec![],
            },
            as_of: None,
        });
        bad.push(&mk("x", Some(1), T0), []).unwrap();
        assert!(bad.finish().sla_attainment.is_err());
        assert_eq!(
            TicketsAccumulator::new(TicketSettings::default())
                .finish()
                .sla_attainment
                .unwrap_err()
                .reason,
            "no replied or overdue tickets"
        );
    }

    #[test]
    fn zendesk_minutes_only() {
        let mut acc = TicketsAccumulator::new(TicketSettings::default());
        let z = |frt: Option<f64>, res: Option<f64>, status: bool, replies: u64| Ticket {
            first_reply_minutes: frt,
            resolution_minutes: res,
            status_solved: Some(status),
            agent_replies: Some(replies),
            ..tk()
        };
        acc.push(&z(Some(30.0), Some(90.0), true, 1), []).unwrap();
        acc.push(&z(Some(90.0), Some(300.0), true, 3), []).unwrap();
        acc.push(&z(None, None, false, 0), []).unwrap();
        acc.push(&z(Some(5.0), None, true, 0), []).unwrap();
        let s = acc.finish();
        assert_eq!(s.as_of, None);
        assert_eq!(s.first_response_minutes.median, Ok(30.0));
        assert_eq!(s.resolution_minutes.median, Ok(195.0));
        assert_eq!(s.solved_without_time, 1);
        let sla = s.sla_attainment.unwrap();
        assert_eq!((sla.value, sla.unreplied_unknown_age), (2.0 / 3.0, 1));
        let ot = s.one_touch_rate.unwrap();
        assert_eq!((ot.one_touch, ot.solved), (2, 3));
        assert_eq!(s.backlog, Ok(1));
        assert_eq!(s.volume.undated, 4);
    }

    #[test]
    fn one_touch_sources_and_undefined() {
        let mut none = TicketsAccumulator::new(TicketSettings::default());
        none.push(
            &Ticket {
                status_solved: Some(true),
                ..tk()
            },
            [],
        )
        .unwrap();
        assert_eq!(
            none.finish().one_touch_rate.unwrap_err().reason,
            "no replies or first-contact column"
        );
        let mut open = TicketsAccumulator::new(TicketSettings::default());
        open.push(
            &Ticket {
                status_solved: Some(false),
                agent_replies: Some(1),
                ..tk()
            },
            [],
        )
        .unwrap();
        assert!(open.finish().one_touch_rate.is_err());
        let mut flag = TicketsAccumulator::new(TicketSettings::default());
        for f in [true, true, false] {
            flag.push(
                &Ticket {
                    status_solved: Some(true),
                    first_contact: Some(f),
                    ..tk()
                },
                [],
            )
            .unwrap();
        }
        // The replies count wins over the flag on the same ticket.
        flag.push(
            &Ticket {
                status_solved: Some(true),
                first_contact: Some(true),
                agent_replies: Some(2),
                ..tk()
            },
            [],
        )
        .unwrap();
        let ot = flag.finish().one_touch_rate.unwrap();
        assert_eq!((ot.one_touch, ot.solved, ot.value), (2, 4, 0.5));
    }

    #[test]
    fn first_ticket_top_issues_csat_and_volume() {
        let mut acc = TicketsAccumulator::new(TicketSettings::default());
        let t = |c: usize, created: i64, res_h: Option<i64>| Ticket {
            customer: Some(CUSTOMERS[c]),
            created: Some(created),
            solved_at: res_h.map(|h| created + h * H),
            ..tk()
        };
        // Customer 1: earliest ticket resolved in 2 h (pushed second).
        acc.push(&t(1, T0 + 24 * H, Some(10)), ["bug", "billing"])
            .unwrap();
        acc.push(&t(1, T0, Some(2)), ["bug", "bug"]).unwrap();
        // Customer 2: earliest resolved in 4 h.
        acc.push(&t(2, T0 + H, Some(4)), ["bug"]).unwrap();
        // Customer 3: earliest unresolved.
        acc.push(&t(3, T0 + 2 * H, None), ["billing"]).unwrap();
        acc.push(&t(3, T0 + 3 * H, Some(1)), ["billing"]).unwrap();
        acc.push(&t(3, T0 + 4 * H, Some(1)), ["billing", ""])
            .unwrap();
        // No customer.
        acc.push(
            &Ticket {
                created: Some(T0 + 5 * 24 * H),
                rating: Some(SatisfactionRating::Good),
                ..tk()
            },
            ["login"],
        )
        .unwrap();
        acc.push(
            &Ticket {
                created: Some(T0 + 7 * 24 * H),
                rating: Some(SatisfactionRating::Offered),
                ..tk()
            },
            [],
        )
        .unwrap();
        acc.push(
            &Ticket {
                created: Some(T0 + 30 * 24 * H),
                rating: Some(SatisfactionRating::Bad),
                channel: Some("email"),
                ..tk()
            },
            [],
        )
        .unwrap();
        let s = acc.finish();
        let f = &s.first_ticket_resolution_minutes;
        assert_eq!((f.n, f.median.clone()), (2, Ok(180.0)));
        assert_eq!(s.first_ticket_unresolved, 1);
        let names: Vec<(&str, u64, u64)> = s
            .top_issues
            .iter()
            .map(|i| (i.category.as_str(), i.customers, i.tickets))
            .collect();
        // bug and billing both reach 2 customers; bug has fewer tickets (3 vs 4).
        assert_eq!(
            names,
            vec![("billing", 2, 4), ("bug", 2, 3), ("login", 0, 1)]
        );
        assert_eq!(s.uncategorised, 2);
        let csat = s.ticket_csat.unwrap();
        assert_eq!((csat.satisfied, csat.n), (1, 2));
        assert_eq!(s.ratings_not_answered, 1);
        let v = &s.volume;
        assert_eq!(
            v.by_day[0],
            Count {
                key: "2024-03-05".into(),
                tickets: 5
            }
        );
        assert_eq!(
            v.by_week[0],
            Count {
                key: "2024-W10".into(),
                tickets: 7
            }
        );
        assert_eq!(v.by_month.len(), 2);
        assert_eq!(
            v.by_month[1],
            Count {
                key: "2024-04".into(),
                tickets: 1
            }
        );
        assert_eq!(
            v.by_channel,
            vec![Count {
                key: "email".into(),
                tickets: 1
            }]
        );
        assert_eq!(
            v.by_category[0],
            Count {
                key: "billing".into(),
                tickets: 4
            }
        );
    }

    #[test]
    fn iso_weeks_at_year_boundaries() {
        let mut acc = TicketsAccumulator::new(TicketSettings::default());
        // 2024-12-30 (Mon) is 2025-W01; 2021-01-03 (Sun) is 2020-W53.
        for day in [20_087i64, 18_630] {
            acc.push(
                &Ticket {
                    created: Some(day * SECONDS_PER_DAY + 10),
                    ..tk()
                },
                [],
            )
            .unwrap();
        }
        acc.push(
            &Ticket {
                created: Some(-1),
                ..tk()
            },
            [],
        )
        .unwrap(); // 1969-12-31
        acc.push(
            &Ticket {
                created: Some(i64::MAX),
                ..tk()
            },
            [],
        )
        .unwrap(); // beyond the calendar
        let v = acc.finish().volume;
        let days: Vec<&str> = v.by_day.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(days, vec!["1969-12-31", "2021-01-03", "2024-12-30"]);
        let weeks: Vec<&str> = v.by_week.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(weeks, vec!["1970-W01", "2020-W53", "2025-W01"]);
        assert_eq!(v.undated, 1);
    }

    // ---- brute-force reference over stored tickets -----------------------

    #[derive(Debug, Clone)]
    struct Raw {
        created: Option<i64>,
        reply_after: Option<i64>,
        solved_after: Option<i64>,
        status: Option<bool>,
        customer: Option<u64>,
        replies: Option<u64>,
        priority: usize,
        tags: Vec<usize>,
    }

    const PRIORITIES: [&str; 3] = ["low", "normal", "urgent"];
    const TAGS: [&str; 4] = ["billing", "bug", "login", "export"];

    fn raw() -> impl Strategy<Value = Raw> {
        (
            proptest::option::weighted(0.9, 0i64..10 * 86_400),
            proptest::option::of(0i64..20_000),
            proptest::option::of(0i64..200_000),
            proptest::option::of(any::<bool>()),
            proptest::option::of(0u64..8),
            proptest::option::of(0u64..4),
            0usize..3,
            proptest::collection::vec(0usize..4, 0..3),
        )
            .prop_map(
                |(
                    created,
                    reply_after,
                    solved_after,
                    status,
                    customer,
                    replies,
                    priority,
                    tags,
                )| Raw {
                    created: created.map(|c| T0 + c),
                    reply_after,
                    solved_after,
                    status,
                    customer,
                    replies,
                    priority,
                    tags,
                },
            )
    }

    fn ticket(r: &Raw) -> Ticket<'static> {
        Ticket {
            created: r.created,
            first_reply: r
                .created
                .and(r.reply_after)
                .map(|a| r.created.unwrap_or(0) + a),
            solved_at: r
                .created
                .and(r.solved_after)
                .map(|a| r.created.unwrap_or(0) + a),
            first_reply_minutes: if r.created.is_none() {
                r.reply_after.map(|a| a as f64 / 60.0)
            } else {
                None
            },
            status_solved: r.status,
            customer: r.customer.map(|c| CUSTOMERS[c as usize]),
            agent_replies: r.replies,
            priority: Some(PRIORITIES[r.priority]),
            ..Ticket::default()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn accumulator_matches_brute_force(raws in proptest::collection::vec(raw(), 0..60)) {
            let targets = SlaTargets { default_minutes: 60.0, by_priority: vec![("URGENT".into(), 15.0)] };
            let mut acc = TicketsAccumulator::new(TicketSettings { sla: targets.clone(), as_of: None });
            for r in &raws {
                let tags: Vec<&str> = r.tags.iter().map(|i| TAGS[*i]).collect();
                acc.push(&ticket(r), tags.iter().copied()).unwrap();
            }
            let s = acc.finish();

            // FRT: sorted reference.
            let mut frts: Vec<f64> = raws.iter().filter_map(|r| r.reply_after.map(|a| a as f64 / 60.0)).collect();
            frts.sort_by(f64::total_cmp);
            prop_assert_eq!(s.first_response_minutes.n as usize, frts.len());
            prop_assert_eq!(s.first_response_minutes.p90.ok(), crate::metrics::stats::percentile_sorted(&frts, 0.9).ok());

            // Solved / backlog.
            let solved = |r: &Raw| r.status.unwrap_or(r.created.is_some() && r.solved_after.is_some());
            let info = raws.iter().any(|r| r.status.is_some() || (r.created.is_some() && r.solved_after.is_some()));
            prop_assert_eq!(s.solved as usize, raws.iter().filter(|r| solved(r)).count());
            prop_assert_eq!(
                s.awaiting_first_reply as usize,
                raws.iter().filter(|r| r.reply_after.is_none() && !solved(r)).count()
            );
            if info {
                prop_assert_eq!(s.backlog.clone().unwrap() as usize, raws.iter().filter(|r| !solved(r)).count());
            } else {
                prop_assert!(s.backlog.is_err());
            }

            // SLA at the latest timestamp.
            let latest = raws.iter().flat_map(|r| {
                let c = r.created;
                [c, c.and(r.reply_after).map(|a| c.unwrap_or(0) + a), c.and(r.solved_after).map(|a| c.unwrap_or(0) + a)]
            }).flatten().max();
            let mut met = 0; let mut den = 0;
            for r in &raws {
                let target = if r.priority == 2 { 15.0 } else { 60.0 };
                match (r.reply_after, r.created, latest) {
                    (Some(a), _, _) => { den += 1; if a as f64 / 60.0 <= target { met += 1; } }
                    (None, Some(c), Some(l)) if (l - c) as f64 / 60.0 > target => den += 1,
                    _ => {}
                }
            }
            match &s.sla_attainment {
                Ok(sla) => prop_assert_eq!(sla.value, met as f64 / den as f64),
                Err(_) => prop_assert_eq!(den, 0),
            }

            // One-touch.
            let known: Vec<&Raw> = raws.iter().filter(|r| solved(r) && r.replies.is_some()).collect();
            match &s.one_touch_rate {
                Ok(ot) => {
                    prop_assert_eq!(ot.solved as usize, known.len());
                    prop_assert_eq!(ot.one_touch as usize, known.iter().filter(|r| r.replies < Some(2)).count());
                }
                Err(_) => prop_assert!(known.is_empty()),
            }

            // Top issues: distinct customers by sets.
            let mut cats: BTreeMap<&str, (BTreeSet<u64>, u64)> = BTreeMap::new();
            for r in &raws {
                let distinct: BTreeSet<usize> = r.tags.iter().copied().collect();
                for i in distinct {
                    let e = cats.entry(TAGS[i]).or_default();
                    e.1 += 1;
                    if let Some(c) = r.customer { e.0.insert(c); }
                }
            }
            let mut expected: Vec<TopIssue> = cats.into_iter().map(|(k, (set, t))| TopIssue {
                category: k.to_string(), customers: set.len() as u64, tickets: t }).collect();
            expected.sort_by(|a, b| b.customers.cmp(&a.customers).then(b.tickets.cmp(&a.tickets)).then(a.category.cmp(&b.category)));
            prop_assert_eq!(&s.top_issues, &expected);

            // First ticket per customer: earliest created, first pushed on ties.
            let mut firsts: BTreeMap<u64, &Raw> = BTreeMap::new();
            for r in &raws {
                if let (Some(c), Some(created)) = (r.customer, r.created) {
                    let keep = firsts.get(&c).is_some_and(|f| f.created <= Some(created));
                    if !keep { firsts.insert(c, r); }
                }
            }
            let resolved: Vec<f64> = firsts.values().filter(|r| solved(r) && r.solved_after.is_some())
                .map(|r| r.solved_after.unwrap_or(0) as f64 / 60.0).collect();
            prop_assert_eq!(s.first_ticket_resolution_minutes.n as usize, resolved.len());
            prop_assert_eq!(s.first_ticket_resolution_minutes.median.ok(), crate::metrics::stats::percentile(&resolved, 0.5).ok());

            // Volume: every dated ticket in exactly one day, week and month.
            let dated = raws.iter().filter(|r| r.created.is_some()).count() as u64;
            for series in [&s.volume.by_day, &s.volume.by_week, &s.volume.by_month] {
                prop_assert_eq!(series.iter().map(|c| c.tickets).sum::<u64>(), dated);
            }
            prop_assert_eq!(s.volume.undated, raws.len() as u64 - dated);
        }

        #[test]
        fn extreme_inputs_never_panic(
            created in proptest::option::of(any::<i64>()),
            reply in proptest::option::of(any::<i64>()),
            solved in proptest::option::of(any::<i64>()),
            frt_m in proptest::option::of(prop_oneof![any::<f64>(), Just(f64::NAN), Just(f64::INFINITY), Just(-0.0)]),
            res_m in proptest::option::of(prop_oneof![any::<f64>(), Just(f64::MAX)]),
            as_of in proptest::option::of(any::<i64>()),
            target in prop_oneof![any::<f64>(), Just(0.0), Just(f64::NAN)],
        ) {
            let mut acc = TicketsAccumulator::new(TicketSettings {
                sla: SlaTargets { default_minutes: target, by_priority: vec![] },
                as_of,
            });
            let t = Ticket { created, first_reply: reply, solved_at: solved, first_reply_minutes: frt_m,
                             resolution_minutes: res_m, customer: Some("c1"), ..Ticket::default() };
            let _ = acc.push(&t, ["a"]);
            let _ = acc.push(&t, ["a", "b"]);
            let s = acc.finish();
            let d = &s.first_response_minutes;
            for x in [&d.mean, &d.median, &d.p90, &d.p95].into_iter().flatten() {
                prop_assert!(x.is_finite());
            }
            if let Ok(sla) = &s.sla_attainment { prop_assert!((0.0..=1.0).contains(&sla.value)); }
            prop_assert!(s.volume.by_day.iter().map(|c| c.tickets).sum::<u64>() + s.volume.undated == s.tickets);
        }
    }
}
