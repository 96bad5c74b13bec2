//! Business hours and SLA policies for the tickets report
//! ([contract §4.12](crate::contract)): the hook [`super::tickets`] calls for
//! each accepted ticket when a schedule or an SLA policy is set.
//!
//! - With a schedule, `first_response_minutes_business` and
//!   `resolution_minutes_business` are computed from the timestamps
//!   ([`Schedule::business_minutes`]), a reply or resolution the export
//!   gives only as calendar minutes being placed at created + minutes;
//!   when the export also has Zendesk's
//!   business-hours columns, theirs are reported as
//!   `first_response_minutes_business_export` /
//!   `resolution_minutes_business_export`, and `business_hours_check`
//!   compares the two ticket by ticket.
//! - With a policy, `first_reply_sla` and `resolution_sla` give the
//!   attainment overall and per priority, the breaches and the share of
//!   tickets without a target ([`PolicyTally`]).
//!
//! Timestamps: a cell that writes its offset (`Z`, `+01:00`, `UTC`) or a
//! Unix time is a true instant; any other is a wall-clock reading in the
//! schedule's zone ([`Schedule::instant`]). Without a schedule, times are
//! taken as the file writes them.

use super::{Context, Row};
use crate::error::Error;
use crate::ingest::columns::Field;
use crate::metrics::sla::{Clock, Outcome, PolicyTally, SlaPolicy, Targets};
use crate::metrics::stats::DurationStats;
use crate::metrics::tickets::Ticket;
use crate::report::{figure, json, number, Put, Report};
use crate::schedule::{names_instant, Schedule};
use crate::settings::Settings;
use serde_json::{Map, Value};

/// Two business-hours values (computed and exported) differing by more
/// than this many minutes are "differing": Zendesk writes whole minutes.
pub const CHECK_TOLERANCE_MINUTES: f64 = 1.0;
/// Most differing tickets listed in `business_hours_check`.
pub const CHECK_EXAMPLES: usize = 10;
/// Longest duration column (seconds, a thousand years) that places a reply
/// or resolution after the created time; a longer one is left unplaced.
const MAX_DERIVED_SECONDS: f64 = 1000.0 * 366.0 * 86_400.0;

/// Why a business-hours SLA target cannot be measured without a schedule.
pub const NO_SCHEDULE_REASON: &str =
    "a business-hours SLA target needs a schedule: set the opening hours (--hours or --schedule)";

/// A ticket not yet replied to (or resolved), aged at the as-of time.
#[derive(Debug, Clone)]
struct Open {
    /// Created: the instant, and the file's reading (to compare with as-of).
    created: i64,
    created_raw: i64,
    priority: Option<Box<str>>,
    id: Option<Box<str>>,
    line: u64,
}

/// The comparison of computed and exported business-hours minutes.
#[derive(Debug, Clone, Default)]
struct Check {
    compared: u64,
    differing: u64,
    largest: f64,
    examples: Vec<Value>,
}

impl Check {
    fn add(&mut self, what: &str, id: Option<&str>, line: u64, computed: f64, exported: f64) {
        self.compared += 1;
        let d = (computed - exported).abs();
        if d > CHECK_TOLERANCE_MINUTES {
            self.differing += 1;
            if self.examples.len() < CHECK_EXAMPLES {
                self.examples.push(json!({
                    "id": id, "line": line, "figure": what,
                    "computed": number(computed), "exported": number(exported),
                }));
            }
        }
        if d > self.largest {
            self.largest = d;
        }
    }
}

/// One measure's SLA tally with the open tickets to age at the end.
#[derive(Debug, Clone)]
struct Measure {
    tally: PolicyTally,
    open: Vec<Open>,
}

impl Measure {
    fn new(targets: Targets) -> Self {
        Measure {
            tally: PolicyTally::new(targets),
            open: Vec::new(),
        }
    }

    fn clock(&self) -> Clock {
        self.tally.targets().clock
    }
}

/// The per-ticket hook (see the module doc).
#[derive(Debug)]
pub struct BusinessHours {
    schedule: Option<Schedule>,
    as_of: Option<i64>,
    frt: DurationStats,
    resolution: DurationStats,
    check: Check,
    exported: bool,
    reply_column: bool,
    first_reply: Option<Measure>,
    resolution_sla: Option<Measure>,
    /// A created time was a wall-clock reading (so the as-of time is one).
    readings: bool,
    /// The policy as set, echoed in the report's settings.
    policy: Option<SlaPolicy>,
}

/// The times of a ticket as instants.
struct Times {
    created: Option<i64>,
    reply: Option<i64>,
    solved: Option<i64>,
}

impl BusinessHours {
    /// The hook for these settings; `None` when neither a schedule nor a
    /// policy is set. Errors (one sentence): a schedule that does not read,
    /// a target that is not minutes ≥ 0, a business-hours target without a
    /// schedule.
    pub fn new(
        settings: &Settings,
        ctx: &Context,
        as_of: Option<i64>,
    ) -> Result<Option<Self>, Error> {
        if settings.schedule.is_none() && settings.sla_policy.is_none() {
            return Ok(None);
        }
        let schedule = match &settings.schedule {
            Some(spec) => Some(Schedule::new(spec).map_err(Error::settings)?),
            None => None,
        };
        let policy = settings.sla_policy.clone().unwrap_or_default();
        for (targets, what) in [
            (&policy.first_reply, "first reply"),
            (&policy.resolution, "resolution"),
        ] {
            if let Some(t) = targets {
                t.check(what).map_err(Error::settings)?;
                if t.clock == Clock::Business && schedule.is_none() {
                    return Err(Error::settings(NO_SCHEDULE_REASON));
                }
            }
        }
        let echo = settings.sla_policy.clone();
        let SlaPolicy {
            first_reply,
            resolution,
        } = policy;
        Ok(Some(BusinessHours {
            schedule,
            as_of,
            frt: DurationStats::default(),
            resolution: DurationStats::default(),
            check: Check::default(),
            exported: ctx.column(Field::FirstReplyMinutesBusiness).is_some()
                || ctx.column(Field::ResolutionMinutesBusiness).is_some(),
            reply_column: ctx.column(Field::FirstReplyAt).is_some()
                || ctx.column(Field::FirstReplyMinutes).is_some(),
            first_reply: first_reply.map(Measure::new),
            resolution_sla: resolution.map(Measure::new),
            readings: false,
            policy: echo,
        }))
    }

    /// Whether a schedule is set (then the business-hours ids are computed).
    pub fn has_schedule(&self) -> bool {
        self.schedule.is_some()
    }

    /// The instant of a time read from `field`'s cell.
    fn instant(&mut self, raw: i64, row: &Row, field: Field) -> i64 {
        match &self.schedule {
            Some(s) if !row.text(field).is_some_and(names_instant) => {
                if field == Field::TicketCreatedAt {
                    self.readings = true;
                }
                s.instant(raw)
            }
            _ => raw,
        }
    }

    fn minutes(&self, clock: Clock, from: i64, to: i64) -> Option<f64> {
        match (clock, &self.schedule) {
            (Clock::Business, Some(s)) => Some(s.business_minutes(from, to)),
            (Clock::Business, None) => None,
            (Clock::Calendar, _) => Some(to.saturating_sub(from).max(0) as f64 / 60.0),
        }
    }

    /// One accepted ticket (`t` as the core took it; `exported`: Zendesk's
    /// business-hours first reply and resolution minutes).
    pub fn push(&mut self, row: &Row, t: &Ticket, exported: (Option<f64>, Option<f64>)) {
        let line = row.record.line;
        let id = row.text(Field::TicketId);
        let reply_span = t.first_reply_span();
        let solved_span = t.resolution_span().filter(|_| t.is_solved());
        let created = t
            .created
            .map(|c| self.instant(c, row, Field::TicketCreatedAt));
        // Without the reply (or solved) time stamp, the export's calendar
        // minutes place it: created + minutes, as instants and as the
        // file's readings. Not from a created date without a time of day.
        let derived = |minutes: Option<f64>| match (t.created, created, minutes) {
            (Some(raw), Some(c), Some(m)) if raw.rem_euclid(86_400) != 0 => {
                let s = (m * 60.0).round();
                if s.is_finite() && (0.0..=MAX_DERIVED_SECONDS).contains(&s) {
                    Some((raw.saturating_add(s as i64), c.saturating_add(s as i64)))
                } else {
                    None
                }
            }
            _ => None,
        };
        let reply_at: Option<(i64, i64)> = match reply_span {
            Some((_, r)) => Some((r, self.instant(r, row, Field::FirstReplyAt))),
            None => derived(t.first_reply_minutes),
        };
        let solved_at: Option<(i64, i64)> = match solved_span {
            Some((_, x)) => Some((x, self.instant(x, row, Field::SolvedAt))),
            None if t.is_solved() && t.solved_at.is_none() => derived(t.resolution_minutes),
            None => None,
        };
        let times = Times {
            created,
            reply: reply_at.map(|r| r.1),
            solved: solved_at.map(|x| x.1),
        };
        // Business minutes from the timestamps.
        let frt_business = match (&self.schedule, times.created, times.reply) {
            (Some(s), Some(c), Some(r)) => Some(s.business_minutes(c, r)),
            _ => None,
        };
        let res_business = match (&self.schedule, times.created, times.solved) {
            (Some(s), Some(c), Some(x)) => Some(s.business_minutes(c, x)),
            _ => None,
        };
        if let Some(m) = frt_business {
            let _ = self.frt.push(m);
        }
        if let Some(m) = res_business {
            let _ = self.resolution.push(m);
        }
        if let (Some(a), Some(b)) = (frt_business, exported.0) {
            self.check
                .add("first_response_minutes_business", id, line, a, b);
        }
        if let (Some(a), Some(b), true) = (res_business, exported.1, t.is_solved()) {
            self.check
                .add("resolution_minutes_business", id, line, a, b);
        }

        // SLA policies. A ticket created after an explicit as-of did not
        // exist yet; a reply or resolution after it has not happened yet.
        let after_as_of = |x: Option<i64>| matches!((self.as_of, x), (Some(a), Some(x)) if x > a);
        if after_as_of(t.created) {
            return;
        }
        let replied_late = after_as_of(reply_at.map(|r| r.0));
        let solved_late = after_as_of(solved_at.map(|x| x.0));
        if let Some(clock) = self.first_reply.as_ref().map(Measure::clock) {
            let measured = match (clock, times.created, times.reply) {
                _ if replied_late => None,
                (Clock::Calendar, _, _) if reply_span.is_none() => t.first_reply_minutes,
                (_, Some(c), Some(r)) => self.minutes(clock, c, r),
                (Clock::Business, _, _) if reply_at.is_none() => exported.0,
                _ => None,
            };
            let unreplied = (replied_late
                || (t.first_reply.is_none() && t.first_reply_minutes.is_none()))
                && !t.reply_unknown;
            self.place(true, t, measured, unreplied, created, id, line);
        }
        if let Some(clock) = self.resolution_sla.as_ref().map(Measure::clock) {
            let measured = match (clock, times.created, times.solved) {
                _ if solved_late || !t.is_solved() => None,
                (Clock::Calendar, _, _) if solved_span.is_none() => t.resolution_minutes,
                (_, Some(c), Some(x)) => self.minutes(clock, c, x),
                (Clock::Business, _, _) if solved_at.is_none() => exported.1,
                _ => None,
            };
            let unsolved = solved_late || !t.is_solved();
            self.place(false, t, measured, unsolved, created, id, line);
        }
    }

    /// Adds a ticket to one measure: measured, open (aged at the end), or
    /// only seen.
    #[allow(clippy::too_many_arguments)]
    fn place(
        &mut self,
        reply: bool,
        t: &Ticket,
        measured: Option<f64>,
        open: bool,
        created: Option<i64>,
        id: Option<&str>,
        line: u64,
    ) {
        let measure = if reply {
            self.first_reply.as_mut()
        } else {
            self.resolution_sla.as_mut()
        };
        let Some(m) = measure else { return };
        match (measured, open, created, t.created) {
            (Some(x), _, _, _) => m.tally.add(t.priority, Outcome::Measured(x), id, line),
            (None, true, Some(c), Some(raw)) => m.open.push(Open {
                created: c,
                created_raw: raw,
                priority: t.priority.map(Into::into),
                id: id.map(Into::into),
                line,
            }),
            _ => m.tally.seen(t.priority),
        }
    }

    /// Writes the figures; `as_of` is the core's (the setting, else the
    /// latest time in the file, as the file writes it).
    pub fn finish(mut self, as_of: Option<i64>, report: &mut Report) {
        let as_of_instant = match (&self.schedule, as_of) {
            (Some(s), Some(a)) if self.readings => Some(s.instant(a)),
            (_, a) => a,
        };
        let m = &mut report.metrics;
        if self.schedule.is_some() {
            if self.exported {
                for (id, export) in [
                    (
                        "first_response_minutes_business",
                        "first_response_minutes_business_export",
                    ),
                    (
                        "resolution_minutes_business",
                        "resolution_minutes_business_export",
                    ),
                ] {
                    if let Some(v) = m.remove(id) {
                        m.put(export, v);
                    }
                }
                let c = &self.check;
                m.put(
                    "business_hours_check",
                    json!({
                        "value": c.differing,
                        "compared": c.compared,
                        "differing": c.differing,
                        "largest_difference_minutes": number(c.largest),
                        "tolerance_minutes": number(CHECK_TOLERANCE_MINUTES),
                        "examples": c.examples,
                    }),
                );
            }
            m.put(
                "first_response_minutes_business",
                self.frt.finish().figure(),
            );
            m.put(
                "resolution_minutes_business",
                self.resolution.finish().figure(),
            );
        }
        for (key, reply) in [("first_reply_sla", true), ("resolution_sla", false)] {
            let measure = if reply {
                self.first_reply.take()
            } else {
                self.resolution_sla.take()
            };
            let Some(mut measure) = measure else { continue };
            for o in std::mem::take(&mut measure.open) {
                let elapsed = match (as_of, as_of_instant) {
                    (Some(raw), Some(a)) if o.created_raw <= raw => {
                        self.minutes(measure.clock(), o.created, a.max(o.created))
                    }
                    _ => None,
                };
                match elapsed {
                    Some(e) => measure.tally.add(
                        o.priority.as_deref(),
                        Outcome::Open(e),
                        o.id.as_deref(),
                        o.line,
                    ),
                    None => measure.tally.seen(o.priority.as_deref()),
                }
            }
            let fig = if reply && !self.reply_column {
                json!({ "value": null, "reason": super::tickets::NO_REPLY_COLUMN_REASON,
                        "clock": measure.clock().name() })
            } else {
                tally_figure(&measure.tally)
            };
            report.metrics.put(key, fig);
        }
        if let Some(s) = &self.schedule {
            report
                .settings
                .put("schedule", crate::report::to_json(s.spec()));
        }
        if let Some(p) = &self.policy {
            report.settings.put("sla_policy", crate::report::to_json(p));
        }
    }
}

/// A policy tally as a report figure.
fn tally_figure(tally: &PolicyTally) -> Value {
    let all = tally.overall();
    let (no_target, tickets) = tally.no_target();
    let groups: Vec<Value> = tally
        .by_priority()
        .map(|g| {
            figure(
                &g.value(),
                json!({
                    "priority": g.priority, "target_minutes": g.target_minutes.map(number),
                    "met": g.met, "breached": g.breached,
                    "overdue_open": g.overdue_open, "pending_open": g.pending_open,
                }),
            )
        })
        .collect();
    let breaches: Vec<Value> = tally
        .breaches()
        .iter()
        .map(|b| {
            json!({
                "id": b.id, "line": b.line, "priority": b.priority,
                "target_minutes": number(b.target_minutes),
                "actual_minutes": number(b.actual_minutes), "open": b.open,
            })
        })
        .collect();
    let mut extra = Map::new();
    extra.put("clock", json!(tally.targets().clock.name()));
    extra.put("met", json!(all.met));
    extra.put("breached", json!(all.breached));
    extra.put("overdue_open", json!(all.overdue_open));
    extra.put("pending_open", json!(all.pending_open));
    extra.put("tickets", json!(tickets));
    extra.put("no_target", json!(no_target));
    extra.put(
        "no_target_share",
        if tickets > 0 {
            number(no_target as f64 / tickets as f64)
        } else {
            Value::Null
        },
    );
    extra.put("by_priority", Value::Array(groups));
    extra.put("breaches", Value::Array(breaches));
    extra.put("breach_count", json!(tally.breach_count()));
    figure(&all.value(), Value::Object(extra))
}
