//! Support tickets → the [contract §4](crate::contract) report: volume, first response and
//! resolution times, SLA attainment, one-touch resolution, first-ticket
//! resolution, top issues, backlog and ticket CSAT (ids of [contract §8](crate::contract)).
//!
//! Each record becomes one [`Ticket`] of the metric core
//! ([`TicketsAccumulator`]); this module only reads cells, keeps the few
//! figures the core does not (business-hours twins, chart bins, the numeric
//! CSAT tally) and writes the report. Nothing keeps the file's text: labels
//! and requester ids are interned by the core, each distinct text once;
//! requesters are matched by their exact text.
//!
//! **What defines a row: the ticket's id or its created time.** A row is
//! skipped whole only when its created time does not read and it has no
//! id. Every other unreadable cell — a reply or solved time, a duration, a
//! count, a yes/no, a rating — is voided for that ticket alone (listed in
//! `unreadable_cells`), and so is a time the core refuses (a reply before
//! the creation voids the reply time): the ticket still counts in volume,
//! backlog, channels, priorities and every figure that does not need the
//! voided cell. A ticket whose reply cell is voided is neither replied nor
//! awaiting a reply.
//!
//! Choices where common definitions are silent, as the [contract](crate::contract) §4.1 states them (also in [`TicketsDataset`]'s doc):
//! - **Solved** = the status read through [`SOLVED_STATUSES`] (any other
//!   status means "not solved"); without a status cell, a solved time or a
//!   resolution-minutes value means solved.
//! - **Categories**: a cell is split on `,` and `;`; a Zendesk `Tags` column
//!   (header `Tags`/`Tag`) is also split on spaces, since Zendesk tags never
//!   contain one. Labels are kept as written (trimmed).
//! - **Satisfaction** is read per cell: a word is a Zendesk rating
//!   ([`satisfaction_word`]), a number is a CSAT score on the `csat_scale`
//!   setting (default 1–5, satisfied = 4 or 5). Both feed one `ticket_csat`.

pub mod accumulator;
pub mod figures;

use super::{skip_if_blank, Accumulator, Bad, Context, Memo, Row, COUNT_REASON};
use crate::error::Error;
use crate::ingest::columns::{normalise_header, Field};
use crate::ingest::reader::Record;
use crate::ingest::values::{self, DateStyle};
use crate::metrics::stats::{DurationStats, DurationSummary, NOT_A_NUMBER_REASON};
use crate::metrics::survey::{
    csat_from_counts, CsatScale, CsatTally, SatisfactionRating, CSAT_GOOD_BAD_REASON,
};
use crate::metrics::Undefined;
use crate::metrics::Why;
use crate::report::{Figure, Report};
use crate::settings::Settings;
use crate::text::{fold_word, WordRules};
use accumulator::{
    Count, SlaTargets, Ticket, TicketSettings, TicketsAccumulator, TicketsSummary,
    DEFAULT_SLA_MINUTES, NEGATIVE_FIRST_RESPONSE_REASON, NEGATIVE_RESOLUTION_REASON,
    TIME_RANGE_REASON,
};
use figures::{
    ByPriority, CsatDetails, CsatParts, Durations, FirstTicketDurations, LadderCounts,
    OneTouchParts, SlaDetails, SlaParts, TicketCounts, TicketFigures, TicketSettingsUsed,
    VolumeFigure,
};

/// Status words that mean solved, after folding case and accents (so
/// `Résolu`, `RESUELTO` and `Fechado` match): English, Spanish, Portuguese,
/// French and Indonesian, masculine and feminine. Every other status (`new`,
/// `open`, `pending`, `hold`, `snoozed`, `abierto`, `pendente`, `ouvert`,
/// `terbuka` …) means not solved.
pub const SOLVED_STATUSES: &[&str] = &[
    // English (Zendesk solved/closed, Intercom closed, Freshdesk resolved).
    "solved",
    "closed",
    "resolved",
    // Spanish.
    "resuelto",
    "resuelta",
    "cerrado",
    "cerrada",
    "solucionado",
    "solucionada",
    // Portuguese.
    "resolvido",
    "resolvida",
    "fechado",
    "fechada",
    "encerrado",
    "encerrada",
    "concluido",
    "concluida",
    // French.
    "resolu",
    "resolue",
    "ferme",
    "fermee",
    "clos",
    "close",
    "cloture",
    "cloturee",
    // Indonesian.
    "selesai",
    "ditutup",
    "tertutup",
    "terselesaikan",
];

/// Reason a satisfaction cell is neither a known rating word nor a number.
pub const SATISFACTION_REASON: &str =
    "a satisfaction rating must be Good, Bad, Offered, Not Offered or a score on the CSAT scale";

/// Most categories listed in `top_issues`.
pub const TOP_ISSUES_LIMIT: usize = 20;
/// Most labels listed in each of `volume`'s channel, priority and category
/// breakdowns (the rest are summed in `…_others`).
pub const VOLUME_LABELS_LIMIT: usize = 50;
/// `volume.by_day` is given only when the created dates span at most this
/// many days (else the page charts weeks and months).
pub const BY_DAY_MAX_DAYS: i64 = 400;

/// Whether a status cell means solved: case-, accent- and
/// whitespace-insensitive membership in [`SOLVED_STATUSES`].
///
/// ```
/// use cxmetrics::datasets::tickets::is_solved_status;
/// assert!(is_solved_status("Résolu"));
/// assert!(is_solved_status(" CERRADO "));
/// assert!(is_solved_status("Terselesaikan"));
/// assert!(!is_solved_status("Pendiente"));
/// assert!(!is_solved_status("open"));
/// ```
pub fn is_solved_status(cell: &str) -> bool {
    let mut buf = [0u8; 16];
    match fold_word(cell, WordRules::COMMAS, &mut buf) {
        Some(w) => SOLVED_STATUSES.contains(&w),
        None => false,
    }
}

/// Reads a Zendesk satisfaction word, ignoring case, accents and `_`/`,`:
/// `Good`, `Good with comment` → Good; `Bad`, `Bad with comment` → Bad;
/// `Offered` → Offered; `Not Offered`, `Unoffered` → NotOffered. Also the
/// plain words of the page's other languages (`bueno`/`malo`, `bom`/`ruim`,
/// `bon`/`mauvais`, `baik`/`buruk`). Anything else is `None`.
///
/// ```
/// use cxmetrics::datasets::tickets::satisfaction_word;
/// use cxmetrics::metrics::survey::SatisfactionRating;
/// assert_eq!(satisfaction_word("Not Offered"), Some(SatisfactionRating::NotOffered));
/// assert_eq!(satisfaction_word("good_with_comment"), Some(SatisfactionRating::Good));
/// assert_eq!(satisfaction_word("5"), None);
/// ```
pub fn satisfaction_word(cell: &str) -> Option<SatisfactionRating> {
    let mut buf = [0u8; 24];
    let w = fold_word(cell, WordRules::COMMAS, &mut buf)?.as_bytes();
    Some(match w {
        b"good" | b"good with comment" | b"satisfied" | b"bueno" | b"bom" | b"bon" | b"baik" => {
            SatisfactionRating::Good
        }
        b"bad" | b"bad with comment" | b"unsatisfied" | b"dissatisfied" | b"malo" | b"ruim"
        | b"mauvais" | b"buruk" => SatisfactionRating::Bad,
        b"offered" => SatisfactionRating::Offered,
        b"not offered" | b"unoffered" => SatisfactionRating::NotOffered,
        _ => return None,
    })
}

/// Where durations came from: timestamps, minutes columns, or both.
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct Sources {
    timestamps: u64,
    minutes: u64,
}

impl Sources {
    fn name(self) -> &'static str {
        match (self.timestamps > 0, self.minutes > 0) {
            (true, false) => "timestamps",
            (false, true) => "minutes columns",
            (true, true) => "timestamps and minutes columns",
            (false, false) => "none",
        }
    }
}

/// The pieces of a category cell: split on `,` and `;`, and on every
/// whitespace character ([`char::is_whitespace`]) when `split_spaces`.
/// Reads bytes: an ASCII separator never occurs inside a multi-byte
/// character, so only non-ASCII bytes need a look at their character.
///
/// Gives what `cell.split(|c| c == ',' || c == ';' || (split_spaces &&
/// c.is_whitespace()))` gives (a test compares them), without decoding
/// every character.
struct Categories<'a> {
    /// The text after the last separator; `None` once the last piece is out.
    rest: Option<&'a str>,
    split_spaces: bool,
}

impl<'a> Iterator for Categories<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        for (i, &b) in rest.as_bytes().iter().enumerate() {
            let separator = match b {
                b',' | b';' => 1,
                // `char::is_whitespace` in ASCII.
                b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' if self.split_spaces => 1,
                // A lead byte: its character decides (continuation bytes
                // are not character boundaries, so `get` skips them).
                0x80.. if self.split_spaces => rest
                    .get(i..)
                    .and_then(|s| s.chars().next())
                    .filter(|c| c.is_whitespace())
                    .map_or(0, char::len_utf8),
                _ => 0,
            };
            if separator > 0 {
                self.rest = rest.get(i + separator..);
                return rest.get(..i);
            }
        }
        self.rest = None;
        Some(rest)
    }
}

/// What one row says, before the core accepts it.
struct Read<'a> {
    ticket: Ticket<'a>,
    categories: Option<&'a str>,
    score: Option<f64>,
    frt_business: Option<f64>,
    resolution_business: Option<f64>,
}

/// Streams ticket rows into the metric core and writes the tickets report.
///
/// Per row: created, first reply and solved times; the Zendesk minutes
/// columns (used by the core when the two timestamps are not both present);
/// the `… within business hours` twins as separate statistics; status →
/// solved ([`SOLVED_STATUSES`]); channel, priority; requester (the trimmed
/// text, matched exactly by the core); categories/tags (see the module doc); replies;
/// first-contact yes/no; satisfaction (word → rating, number → score).
///
/// Unreadable cells, voided for their ticket alone and listed with line,
/// column, value and reason: a date, number, count, duration, yes/no or
/// satisfaction that does not read, a negative duration
/// ([`NEGATIVE_FIRST_RESPONSE_REASON`], [`NEGATIVE_RESOLUTION_REASON`];
/// a negative business-hours value: "a duration cannot be negative"), and
/// a time the core refuses. Skipped rows: blank ones, and those whose
/// created time does not read and that have no id (see the module doc).
///
/// Settings: `as_of` (ISO text, default the latest timestamp in the file),
/// `sla_minutes` (default 60), `sla_minutes_by_priority`, `csat_scale`
/// (`1-5` default, `1-10`, or `good-bad` to refuse numbers).
///
/// ```
/// use cxmetrics::session::{Session, Settings};
/// let mut s = Session::new(Settings::default()).unwrap();
/// s.push(b"Id,Created at,First reply at,Solved at,Status\n\
///          1,2024-03-04 09:00,2024-03-04 09:30,2024-03-04 11:00,Solved\n\
///          2,2024-03-04 10:00,2024-03-04 10:10,,Open\n").unwrap();
/// let r = s.finish().unwrap();
/// assert_eq!(r.kind, "tickets");
/// assert_eq!(r.metrics["first_response_minutes"]["value"], 20.0);
/// assert_eq!(r.metrics["resolution_minutes"]["value"], 120.0);
/// assert_eq!(r.metrics["backlog"]["value"], 1);
/// ```
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct TicketsDataset {
    #[cfg_attr(
        feature = "partials",
        serde(skip, default = "super::parts::unset_context")
    )]
    ctx: Context,
    core: TicketsAccumulator,
    as_of_set: bool,
    csat_scale: CsatScale,
    /// Numeric satisfaction scores (Intercom's 1–5 rating).
    scores: CsatTally,
    /// Split category cells on spaces too (Zendesk `Tags`).
    split_spaces: bool,
    frt_business: DurationStats,
    resolution_business: DurationStats,
    frt_bins: LadderCounts,
    resolution_bins: LadderCounts,
    frt_source: Sources,
    resolution_source: Sources,
    /// Status and satisfaction cells already read (a cache: not saved).
    #[cfg_attr(feature = "partials", serde(skip))]
    memos: Memos,
    /// The rows that could feed each headline figure.
    counts: Coverage,
    /// Business hours and SLA policies, when set ([`super::hours`]).
    hours: Option<super::hours::BusinessHours>,
}

/// Per headline figure, the tickets that could feed it, for
/// [`Report::warn_coverage`].
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct Coverage {
    /// Tickets with a first-reply cell (time or minutes), read or not.
    replied: u64,
    /// Tickets SLA attainment can place: a measured response time, or no
    /// reply and a created time to age.
    sla_placed: u64,
    /// Tickets with a satisfaction cell, read or not.
    rated: u64,
}

impl Sources {
    #[cfg(feature = "partials")]
    fn merge(&mut self, later: Sources) {
        self.timestamps += later.timestamps;
        self.minutes += later.minutes;
    }
}

impl Coverage {
    #[cfg(feature = "partials")]
    fn merge(&mut self, later: Coverage) {
        self.replied += later.replied;
        self.sla_placed += later.sla_placed;
        self.rated += later.rated;
    }

    fn add(&mut self, row: &Row, t: &Ticket) {
        let has = |f| u64::from(row.text(f).is_some());
        self.replied += has(Field::FirstReplyAt).max(has(Field::FirstReplyMinutes));
        self.rated += has(Field::Satisfaction);
        let measured =
            (t.created.is_some() && t.first_reply.is_some()) || t.first_reply_minutes.is_some();
        let unreplied = t.first_reply.is_none()
            && t.first_reply_minutes.is_none()
            && !t.reply_unknown
            && t.created.is_some();
        self.sla_placed += u64::from(measured || unreplied);
    }
}

/// What a satisfaction cell reads as.
type Satisfaction = Result<(Option<SatisfactionRating>, Option<f64>), Bad>;

/// The memos of [`TicketsDataset`].
#[derive(Debug, Clone, Default)]
struct Memos {
    status: Memo<bool>,
    satisfaction: Memo<Satisfaction>,
}

/// The ISO text of a Unix time (the file's own clock, no offset).
fn iso(t: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(t, 0).map(|d| crate::report::datetime_id(d.naive_utc()))
}

fn check_minutes(what: &str, m: f64) -> Result<f64, Error> {
    if m.is_finite() && m >= 0.0 {
        Ok(m)
    } else {
        Err(Error::settings(format!(
            "the SLA target {what} must be a number of minutes of 0 or more"
        )))
    }
}

impl TicketsDataset {
    /// Opens the accumulator with the user's `as_of`, SLA targets and CSAT
    /// scale. Errors (one sentence each): an `as_of` that is not an ISO date
    /// or date-time, a target that is not a number of minutes ≥ 0, an
    /// unknown CSAT scale.
    pub fn new(ctx: Context, settings: &Settings) -> Result<Self, Error> {
        let as_of = match settings.as_of.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(values::parse_timestamp(text, DateStyle::Iso).map_err(|_| {
                Error::settings(format!(
                    "the as-of time “{text}” is not a date: write it as 2024-03-31 or 2024-03-31T17:00"
                ))
            })?),
        };
        let default_minutes = match settings.sla_minutes {
            None => DEFAULT_SLA_MINUTES,
            Some(m) => check_minutes("for every priority", m)?,
        };
        let mut by_priority = Vec::with_capacity(settings.sla_minutes_by_priority.len());
        for (p, m) in &settings.sla_minutes_by_priority {
            by_priority.push((p.clone(), check_minutes(&format!("for “{p}”"), *m)?));
        }
        let csat_scale = super::survey::csat_scale_setting(settings, ctx.csat_scale)?;
        let split_spaces = ctx
            .mapping
            .header(Field::Category)
            .map(normalise_header)
            .is_some_and(|h| h == "tags" || h == "tag");
        let hours = super::hours::BusinessHours::new(settings, &ctx, as_of)?;
        let core = TicketsAccumulator::new(TicketSettings {
            sla: SlaTargets {
                default_minutes,
                by_priority,
            },
            as_of,
        });
        Ok(TicketsDataset {
            ctx,
            core,
            as_of_set: as_of.is_some(),
            csat_scale,
            scores: CsatTally::new(if csat_scale == CsatScale::GoodBad {
                CsatScale::OneToFive
            } else {
                csat_scale
            }),
            split_spaces,
            frt_business: DurationStats::default(),
            resolution_business: DurationStats::default(),
            frt_bins: LadderCounts::default(),
            resolution_bins: LadderCounts::default(),
            frt_source: Sources::default(),
            resolution_source: Sources::default(),
            memos: Memos::default(),
            counts: Coverage::default(),
            hours,
        })
    }

    /// Reads every mapped cell of a row, each on its own: an unreadable
    /// cell is absent and its [`Bad`] is kept in `bads`.
    ///
    /// Takes the fields it needs rather than `self`, so the memos can be
    /// borrowed next to the row's context.
    fn read<'a>(
        csat_scale: CsatScale,
        row: &Row<'a>,
        memos: &mut Memos,
        bads: &mut Vec<Bad>,
    ) -> Read<'a> {
        let negative = |field, reason| {
            move |bad: Bad| {
                if bad.reason == values::NEGATIVE_DURATION {
                    Bad { field, reason }
                } else {
                    bad
                }
            }
        };
        // A duration must also be finite.
        let finite = |field, m: Result<Option<f64>, Bad>| match m {
            Ok(Some(m)) if !m.is_finite() => Err(Bad {
                field,
                reason: NOT_A_NUMBER_REASON.reason,
            }),
            other => other,
        };
        let created = keep(bads, row.time(Field::TicketCreatedAt));
        let first_reply = keep(bads, row.time(Field::FirstReplyAt));
        let solved_at = keep(bads, row.time(Field::SolvedAt));
        let first_reply_minutes = keep(
            bads,
            finite(
                Field::FirstReplyMinutes,
                row.minutes(Field::FirstReplyMinutes).map_err(negative(
                    Field::FirstReplyMinutes,
                    NEGATIVE_FIRST_RESPONSE_REASON,
                )),
            ),
        );
        let resolution_minutes = keep(
            bads,
            finite(
                Field::ResolutionMinutes,
                row.minutes(Field::ResolutionMinutes).map_err(negative(
                    Field::ResolutionMinutes,
                    NEGATIVE_RESOLUTION_REASON,
                )),
            ),
        );
        let frt_business = keep(
            bads,
            finite(
                Field::FirstReplyMinutesBusiness,
                row.minutes(Field::FirstReplyMinutesBusiness),
            ),
        );
        let resolution_business = keep(
            bads,
            finite(
                Field::ResolutionMinutesBusiness,
                row.minutes(Field::ResolutionMinutesBusiness),
            ),
        );
        // "three" gets the count sentence too, not the bare "not a number".
        let agent_replies = keep(
            bads,
            row.count(Field::Replies).map_err(|bad| Bad {
                field: bad.field,
                reason: COUNT_REASON,
            }),
        );
        let first_contact = keep(bads, row.boolean(Field::FirstContactResolved));
        let (rating, score) = match row.text(Field::Satisfaction) {
            None => (None, None),
            Some(cell) => memos
                .satisfaction
                .get(cell, |cell| Self::satisfaction(csat_scale, cell, row))
                .unwrap_or_else(|bad| {
                    bads.push(bad);
                    (None, None)
                }),
        };
        let reply_unknown = bads
            .iter()
            .any(|b| matches!(b.field, Field::FirstReplyAt | Field::FirstReplyMinutes));
        Read {
            ticket: Ticket {
                created,
                first_reply,
                solved_at,
                first_reply_minutes,
                resolution_minutes,
                status_solved: row
                    .text(Field::TicketStatus)
                    .map(|cell| memos.status.get(cell, is_solved_status)),
                channel: row.text(Field::TicketChannel),
                priority: row.text(Field::Priority),
                customer: row.text(Field::Requester),
                agent_replies,
                first_contact,
                rating,
                reply_unknown,
            },
            categories: row.text(Field::Category),
            score,
            frt_business,
            resolution_business,
        }
    }

    /// A satisfaction cell: a word is a rating, a number a score.
    fn satisfaction(
        csat_scale: CsatScale,
        cell: &str,
        row: &Row,
    ) -> Result<(Option<SatisfactionRating>, Option<f64>), Bad> {
        let bad = |reason| Bad {
            field: Field::Satisfaction,
            reason,
        };
        if let Some(r) = satisfaction_word(cell) {
            return Ok((Some(r), None));
        }
        let Ok(p) = values::parse_number(cell, row.ctx.number_style) else {
            return Err(bad(SATISFACTION_REASON));
        };
        if p.percent || p.currency.is_some() {
            return Err(bad(SATISFACTION_REASON));
        }
        if csat_scale == CsatScale::GoodBad {
            return Err(bad(CSAT_GOOD_BAD_REASON));
        }
        let mut probe = CsatTally::new(csat_scale);
        probe.add(p.value).map_err(bad)?;
        Ok((None, Some(p.value)))
    }

    /// The column to blame for a refusal of the core.
    fn refused_field(reason: &str, t: &Ticket) -> Field {
        if reason == NEGATIVE_FIRST_RESPONSE_REASON {
            if t.first_reply_span().is_some() {
                Field::FirstReplyAt
            } else {
                Field::FirstReplyMinutes
            }
        } else if reason == NEGATIVE_RESOLUTION_REASON {
            if t.resolution_span().is_some() {
                Field::SolvedAt
            } else {
                Field::ResolutionMinutes
            }
        } else if reason == TIME_RANGE_REASON {
            Field::TicketCreatedAt
        } else if t.first_reply_minutes.is_some_and(|m| !m.is_finite()) {
            Field::FirstReplyMinutes
        } else {
            Field::ResolutionMinutes
        }
    }
}

/// The value of a cell read on its own: `None` when absent or unreadable,
/// the latter's [`Bad`] kept in `bads`.
fn keep<T>(bads: &mut Vec<Bad>, read: Result<Option<T>, Bad>) -> Option<T> {
    read.unwrap_or_else(|bad| {
        bads.push(bad);
        None
    })
}

/// Takes `field`'s value out of a ticket the core refused for it, so the
/// rest of the ticket can be used.
fn clear(t: &mut Ticket, field: Field) {
    match field {
        Field::TicketCreatedAt => t.created = None,
        Field::FirstReplyAt => {
            t.first_reply = None;
            t.reply_unknown = true;
        }
        Field::FirstReplyMinutes => {
            t.first_reply_minutes = None;
            t.reply_unknown = true;
        }
        Field::SolvedAt => t.solved_at = None,
        _ => t.resolution_minutes = None,
    }
}

/// Minutes, and whether they came from two timestamps.
type Timed = (f64, bool);

/// First response and resolution minutes as the core computes them (the
/// two timestamps when both are there, else the minutes column), with
/// whether timestamps were the source. Only called on accepted tickets.
fn durations(t: &Ticket) -> (Option<Timed>, Option<Timed>) {
    let frt = match t.first_reply_span() {
        Some((c, r)) => Some((r.saturating_sub(c) as f64 / 60.0, true)),
        _ => t.first_reply_minutes.map(|m| (m, false)),
    };
    let resolution = if t.is_solved() {
        match t.resolution_span() {
            Some((c, s)) => Some((s.saturating_sub(c) as f64 / 60.0, true)),
            _ => t.resolution_minutes.map(|m| (m, false)),
        }
    } else {
        None
    };
    (frt, resolution)
}

impl Accumulator for TicketsDataset {
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
        let (ctx, mut loaded): (Context, TicketsDataset) =
            super::parts::load_state(&self.ctx, bytes)?;
        loaded.ctx = ctx;
        if let (Some(hours), Some(opened)) = (&mut loaded.hours, &self.hours) {
            hours.restore(opened);
        }
        Ok(Box::new(loaded))
    }

    #[cfg(feature = "partials")]
    fn merge(&mut self, later: Box<dyn Accumulator>) {
        let later = *super::downcast::<TicketsDataset>(later);
        self.ctx.merge(&later.ctx);
        self.core.merge(later.core);
        self.scores.merge(&later.scores);
        self.frt_business.merge(later.frt_business);
        self.resolution_business.merge(later.resolution_business);
        self.frt_bins.merge(&later.frt_bins);
        self.resolution_bins.merge(&later.resolution_bins);
        self.frt_source.merge(later.frt_source);
        self.resolution_source.merge(later.resolution_source);
        self.counts.merge(later.counts);
        if let (Some(hours), Some(theirs)) = (&mut self.hours, later.hours) {
            hours.merge(theirs);
        }
    }

    fn push(&mut self, record: &Record, report: &mut Report) {
        let row = Row::new(record, &self.ctx);
        if skip_if_blank(&row, report) {
            return;
        }
        let mut bads = Vec::new();
        let read = Self::read(self.csat_scale, &row, &mut self.memos, &mut bads);
        // What defines a ticket: its id or its created time. A row with
        // neither (no id, and a created time that does not read) is skipped.
        let id = row.text(Field::TicketId).is_some();
        if let Some(bad) = bads
            .iter()
            .find(|b| b.field == Field::TicketCreatedAt && !id)
        {
            row.reject(*bad, report);
            return;
        }
        let mut t = read.ticket;
        let categories = || {
            Categories {
                rest: Some(read.categories.unwrap_or("")),
                split_spaces: self.split_spaces,
            }
            .map(values::trim_cell)
        };
        // A span the core refuses (a reply before the creation, an
        // overflow) voids the cell to blame and the ticket is tried again
        // without it: at most once per time field.
        let mut tries = 0;
        loop {
            match self.core.push(&t, categories()) {
                Ok(()) => break,
                Err(reason) if tries < 5 => {
                    let field = Self::refused_field(reason, &t);
                    bads.push(Bad { field, reason });
                    clear(&mut t, field);
                    tries += 1;
                }
                Err(reason) => {
                    row.reject_with(Field::TicketCreatedAt, reason, report);
                    return;
                }
            }
        }
        for bad in &bads {
            row.void(*bad, report);
        }
        self.counts.add(&row, &t);
        let (frt, resolution) = durations(&t);
        if let Some((m, ts)) = frt {
            self.frt_bins.add(m);
            if ts {
                self.frt_source.timestamps += 1;
            } else {
                self.frt_source.minutes += 1;
            }
        }
        if let Some((m, ts)) = resolution {
            self.resolution_bins.add(m);
            if ts {
                self.resolution_source.timestamps += 1;
            } else {
                self.resolution_source.minutes += 1;
            }
        }
        // Checked finite and ≥ 0 in `read`: these pushes cannot refuse.
        if let Some(m) = read.frt_business {
            let _ = self.frt_business.push(m);
        }
        if let (Some(m), true) = (read.resolution_business, t.is_solved()) {
            let _ = self.resolution_business.push(m);
        }
        if let Some(s) = read.score {
            let _ = self.scores.add(s);
        }
        if let Some(hours) = &mut self.hours {
            hours.push(&row, &t, (read.frt_business, read.resolution_business));
        }
        report.rows.used += 1;
    }

    fn finish(mut self: Box<Self>, report: &mut Report) -> Result<(), Error> {
        let mut s = self.core.finish();
        // Without any first-reply column, nothing says whether a ticket was
        // answered: SLA attainment and "awaiting first reply" are unknown,
        // not 0 % and every ticket.
        let reply_column = self.ctx.column(Field::FirstReplyAt).is_some()
            || self.ctx.column(Field::FirstReplyMinutes).is_some();
        if !reply_column {
            s.sla_attainment = Err(Undefined::from(NO_REPLY_COLUMN_REASON));
        } else if s.sla_attainment.is_err()
            && s.first_response_minutes.n == 0
            && self.counts.replied > 0
            && self.ctx.column(Field::TicketCreatedAt).is_none()
        {
            s.sla_attainment = Err(Undefined::from(NO_CREATED_REASON));
        }
        self.coverage(&s, report);

        // Times of day with nothing to measure them from: say so.
        let undated = self.ctx.column(Field::TicketCreatedAt).is_none();
        let timed = |summary: &DurationSummary, n_timed: u64| {
            let mut f = Durations::figure(summary);
            if undated && summary.n == 0 && n_timed > 0 {
                if let Err(u) = &mut f.value.0 {
                    u.reason = NO_CREATED_REASON.reason.to_string();
                    u.code = NO_CREATED_REASON.code;
                }
            }
            f
        };
        let first = &s.first_ticket_resolution_minutes;
        let first_ticket = Durations::figure(first);

        let sla_settings = &self.core.settings().sla;
        let by_priority = ByPriority(&sla_settings.by_priority);

        // CSAT: the core's Good/Bad tally plus the numeric scores.
        let (rated_good, rated_n) = s
            .ticket_csat
            .as_ref()
            .map_or((0, 0), |c| (c.satisfied, c.n));
        let (scored_good, scored_n) = self.scores.counts();
        let csat = csat_from_counts(
            rated_good.saturating_add(scored_good),
            rated_n.saturating_add(scored_n),
        );

        let v = &s.volume;
        let labels = |list: &'_ [Count]| -> (usize, Option<u64>) {
            let others: u64 = list
                .iter()
                .skip(VOLUME_LABELS_LIMIT)
                .fold(0u64, |a, c| a.saturating_add(c.tickets));
            (
                list.len().min(VOLUME_LABELS_LIMIT),
                (others > 0).then_some(others),
            )
        };
        let (channels, by_channel_others) = labels(&v.by_channel);
        let (priorities, by_priority_others) = labels(&v.by_priority);
        let (categories, by_category_others) = labels(&v.by_category);

        // The export's own business-hours columns; with a schedule they
        // become `…_export` beside the figures computed from the time
        // stamps ([`super::hours`]).
        let mut frt_business = self
            .ctx
            .column(Field::FirstReplyMinutesBusiness)
            .map(|_| Durations::figure(&self.frt_business.finish()));
        let mut resolution_business = self
            .ctx
            .column(Field::ResolutionMinutesBusiness)
            .map(|_| Durations::figure(&self.resolution_business.finish()));
        let hours = self.hours.take().map(|h| {
            let scheduled = h.has_schedule();
            let exported = if scheduled {
                (frt_business.take(), resolution_business.take())
            } else {
                (None, None)
            };
            h.finish(s.as_of, exported)
        });

        let figures = TicketFigures {
            tickets: Figure::new(
                Ok(s.tickets),
                TicketCounts {
                    solved: s.solved,
                    solved_without_time: s.solved_without_time,
                },
            ),
            first_response_minutes: timed(&s.first_response_minutes, self.counts.replied),
            resolution_minutes: timed(&s.resolution_minutes, s.solved),
            first_ticket_resolution_minutes: Figure::new(
                first_ticket.value.0,
                FirstTicketDurations {
                    durations: first_ticket.details,
                    unresolved: s.first_ticket_unresolved,
                },
            ),
            first_response_minutes_business: frt_business,
            resolution_minutes_business: resolution_business,
            sla_attainment: Figure::new(
                s.sla_attainment
                    .as_ref()
                    .map(|x| x.value)
                    .map_err(Clone::clone),
                SlaDetails {
                    target_minutes: sla_settings.default_minutes,
                    target_minutes_by_priority: by_priority,
                    parts: s.sla_attainment.as_ref().ok().map(SlaParts::from),
                },
            ),
            one_touch_rate: Figure::new(
                s.one_touch_rate
                    .as_ref()
                    .map(|x| x.value)
                    .map_err(Clone::clone),
                s.one_touch_rate.as_ref().ok().map(OneTouchParts::from),
            ),
            awaiting_first_reply: Figure::plain(if reply_column {
                Ok(s.awaiting_first_reply)
            } else {
                Err(NO_REPLY_COLUMN_REASON.into())
            }),
            backlog: Figure::plain(s.backlog.clone()),
            ticket_csat: Figure::new(
                csat.as_ref().map(|c| c.value).map_err(Clone::clone),
                CsatDetails {
                    n: csat.as_ref().map_or(0, |c| c.n),
                    parts: csat.as_ref().ok().map(CsatParts::from),
                    not_answered: s.ratings_not_answered,
                },
            ),
            top_issues: s
                .top_issues
                .get(..TOP_ISSUES_LIMIT)
                .unwrap_or(&s.top_issues),
            volume: VolumeFigure {
                by_month: &v.by_month,
                by_week: &v.by_week,
                by_day: day_span(&v.by_day)
                    .is_some_and(|d| d <= BY_DAY_MAX_DAYS)
                    .then_some(&v.by_day[..]),
                by_channel: &v.by_channel[..channels],
                by_channel_others,
                by_priority: &v.by_priority[..priorities],
                by_priority_others,
                by_category: &v.by_category[..categories],
                by_category_others,
                undated: v.undated,
                uncategorised: s.uncategorised,
            },
            first_response_histogram: self.frt_bins.figure(),
            resolution_histogram: self.resolution_bins.figure(),
        };
        report.set_metrics(&figures);
        if let Some(h) = &hours {
            report.set_metrics(&h.figures);
        }

        let csat_scale = self.ctx.column(Field::Satisfaction).map(|_| {
            let numeric = if self.csat_scale == CsatScale::GoodBad {
                CsatScale::OneToFive
            } else {
                self.csat_scale
            };
            match (rated_n + s.ratings_not_answered > 0, scored_n > 0) {
                (true, false) => "good-bad".to_string(),
                (false, true) | (false, false) => self.csat_scale.name().to_string(),
                (true, true) => format!("good-bad and {}", numeric.name()),
            }
        });
        report.set_settings(&TicketSettingsUsed {
            as_of: s.as_of.and_then(iso),
            as_of_source: if self.as_of_set {
                "setting"
            } else if s.as_of.is_some() {
                "latest timestamp"
            } else {
                "none"
            },
            sla_minutes: sla_settings.default_minutes,
            sla_minutes_by_priority: by_priority,
            first_response_source: self.frt_source.name(),
            resolution_source: self.resolution_source.name(),
            csat_scale,
        });
        if let Some(h) = &hours {
            report.set_settings(&h.settings);
        }
        Ok(())
    }
}

impl TicketsDataset {
    /// Flags the headline figures that rest on part of the tickets that
    /// could feed them ([`Report::warn_coverage`]).
    fn coverage(&self, s: &TicketsSummary, report: &mut Report) {
        let c = self.counts;
        super::warn_coverage(
            report,
            &["first_response_minutes"],
            s.first_response_minutes.n,
            c.replied,
            "tickets with a first reply",
        );
        super::warn_coverage(
            report,
            &["resolution_minutes"],
            s.resolution_minutes.n,
            s.solved,
            "solved tickets",
        );
        if self.ctx.column(Field::FirstReplyAt).is_some()
            || self.ctx.column(Field::FirstReplyMinutes).is_some()
        {
            super::warn_coverage(
                report,
                &["sla_attainment"],
                c.sla_placed,
                s.tickets,
                "tickets",
            );
        }
        if let Ok(touch) = &s.one_touch_rate {
            super::warn_coverage(
                report,
                &["one_touch_rate"],
                touch.solved,
                s.solved,
                "solved tickets",
            );
        }
        let answered = s.ticket_csat.as_ref().map_or(0, |x| x.n) + s.ratings_not_answered;
        let (_, scored) = self.scores.counts();
        super::warn_coverage(
            report,
            &["ticket_csat"],
            answered + scored,
            c.rated,
            "tickets with a satisfaction rating",
        );
    }
}

/// Why SLA attainment and "awaiting first reply" are undefined without a
/// first-reply column.
pub const NO_REPLY_COLUMN_REASON: Why = Why::new("no_reply_column", "the file has no first reply time (neither a first reply time stamp nor a first reply duration), so whether a ticket was answered is unknown");

/// Why response and resolution times (and so SLA attainment) are undefined
/// when replies or resolutions are timed but tickets are not dated.
pub const NO_CREATED_REASON: Why = Why::new(
    "no_created_time",
    "the file has reply or resolution times but no created time to measure them from",
);

/// Days from the first to the last listed day, inclusive.
fn day_span(by_day: &[Count]) -> Option<i64> {
    let parse = |c: &Count| {
        let k = c.key.as_bytes();
        let num = |r: std::ops::Range<usize>| c.key.get(r).and_then(|s| s.parse::<u32>().ok());
        if k.len() != 10 {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    };
    let first = parse(by_day.first()?)?;
    let last = parse(by_day.last()?)?;
    Some((last - first).num_days() + 1)
}

#[cfg(test)]
mod tests;
