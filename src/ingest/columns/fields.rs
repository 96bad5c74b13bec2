//! The kinds of data and the fields each kind has.

use super::aliases::FIELDS;
use super::mapping::truncate;
use crate::text::fold_phrase;
use serde::ser::Serializer;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// What a file holds ([contract §8](crate::contract) `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Survey responses: NPS, CSAT, CES.
    Survey,
    /// Support tickets or conversations.
    Tickets,
    /// Subscriptions (billing).
    Subscriptions,
    /// Acquisition spend and new customers.
    Spend,
    /// Customer-success accounts.
    Accounts,
    /// A customer table: one row per customer with a churned flag or
    /// status (a churn snapshot, such as the Telco churn data set).
    Customers,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 6] = [
        Kind::Survey,
        Kind::Tickets,
        Kind::Subscriptions,
        Kind::Spend,
        Kind::Accounts,
        Kind::Customers,
    ];

    /// The stable id used in the report ([contract §8](crate::contract)).
    ///
    /// ```
    /// use cxmetrics::ingest::columns::Kind;
    /// assert_eq!(Kind::Subscriptions.as_str(), "subscriptions");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Survey => "survey",
            Kind::Tickets => "tickets",
            Kind::Subscriptions => "subscriptions",
            Kind::Spend => "spend",
            Kind::Accounts => "accounts",
            Kind::Customers => "customers",
        }
    }

    /// Capitalised name for sentences ("Tickets data needs …").
    pub(super) fn title(self) -> &'static str {
        match self {
            Kind::Survey => "Survey",
            Kind::Tickets => "Tickets",
            Kind::Subscriptions => "Subscriptions",
            Kind::Spend => "Spend",
            Kind::Accounts => "Accounts",
            Kind::Customers => "Customers",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;

    /// Parses a kind id (`survey`, `tickets`, `subscriptions`, `spend`,
    /// `accounts`), case-insensitively; the singular forms are accepted too.
    ///
    /// ```
    /// use cxmetrics::ingest::columns::Kind;
    /// use std::str::FromStr;
    /// assert_eq!(Kind::from_str("Tickets"), Ok(Kind::Tickets));
    /// assert_eq!("subscription".parse::<Kind>(), Ok(Kind::Subscriptions));
    /// assert!(Kind::from_str("weather").is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match fold_phrase(s).as_str() {
            "survey" | "surveys" => Ok(Kind::Survey),
            "tickets" | "ticket" => Ok(Kind::Tickets),
            "subscriptions" | "subscription" => Ok(Kind::Subscriptions),
            "spend" => Ok(Kind::Spend),
            "accounts" | "account" => Ok(Kind::Accounts),
            "customers" | "customer" => Ok(Kind::Customers),
            _ => Err(format!(
                "There is no kind of data called \"{}\": use survey, tickets, subscriptions, spend, accounts or customers.",
                truncate(s, 60)
            )),
        }
    }
}

/// A field a column can feed. Each belongs to one [`Kind`]; its
/// [`as_str`](Field::as_str) id is unique within that kind (`id`,
/// `created_at`, `status`, `channel` and `date` exist in more than one kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Survey `score`: the 0–10 NPS answer.
    Score,
    /// Survey `csat`: a satisfaction rating.
    Csat,
    /// Survey `ces`: a customer-effort score.
    Ces,
    /// Survey `date`: when the response was given.
    SurveyDate,
    /// Survey `comment`: free text.
    Comment,
    /// Survey `segment`: an optional grouping (plan, region …).
    Segment,
    /// Tickets `id`.
    TicketId,
    /// Tickets `created_at`.
    TicketCreatedAt,
    /// Tickets `first_reply_at`: time of the first agent reply.
    FirstReplyAt,
    /// Tickets `solved_at`.
    SolvedAt,
    /// Tickets `status`.
    TicketStatus,
    /// Tickets `channel` (Zendesk `Via`).
    TicketChannel,
    /// Tickets `priority`.
    Priority,
    /// Tickets `requester`: the customer's id.
    Requester,
    /// Tickets `category`: tags, category or type.
    Category,
    /// Tickets `replies`: number of agent replies.
    Replies,
    /// Tickets `satisfaction`: Good/Bad/Offered/Not Offered or a 1–5 rating.
    Satisfaction,
    /// Tickets `first_reply_minutes`: first reply time as a duration.
    FirstReplyMinutes,
    /// Tickets `resolution_minutes`: full resolution time as a duration.
    ResolutionMinutes,
    /// Tickets `first_reply_minutes_business`: within business hours.
    FirstReplyMinutesBusiness,
    /// Tickets `resolution_minutes_business`: within business hours.
    ResolutionMinutesBusiness,
    /// Tickets `first_contact_resolved`: yes/no.
    FirstContactResolved,
    /// Subscriptions `id`.
    SubscriptionId,
    /// Subscriptions `customer`.
    Customer,
    /// Subscriptions `status`.
    SubscriptionStatus,
    /// Subscriptions `amount`: price per interval.
    Amount,
    /// Subscriptions `currency`.
    Currency,
    /// Subscriptions `interval`: month/year/week/day.
    Interval,
    /// Subscriptions `interval_count`: intervals per billing period.
    IntervalCount,
    /// Subscriptions `quantity`.
    Quantity,
    /// Subscriptions `created_at`.
    SubscriptionCreatedAt,
    /// Subscriptions `start`.
    Start,
    /// Subscriptions `canceled_at`.
    CanceledAt,
    /// Subscriptions `ended_at`.
    EndedAt,
    /// Subscriptions `mrr`: a ready monthly amount.
    Mrr,
    /// Spend `date`: date, period or month.
    SpendDate,
    /// Spend `channel`.
    SpendChannel,
    /// Spend `spend`: money spent on acquisition.
    Spend,
    /// Spend `new_customers`.
    NewCustomers,
    /// Accounts `account`.
    Account,
    /// Accounts `onboarding_start`.
    OnboardingStart,
    /// Accounts `onboarding_done`.
    OnboardingDone,
    /// Accounts `emails_sent`.
    EmailsSent,
    /// Accounts `emails_opened`.
    EmailsOpened,
    /// Accounts `sessions`.
    Sessions,
    /// Accounts `features_used`.
    FeaturesUsed,
    /// Accounts `features_available`.
    FeaturesAvailable,
    /// Accounts `paid_up`: yes/no, or a payment status (current/late).
    PaidUp,
    /// Accounts `customer_since`: a date.
    CustomerSince,
    /// Accounts `tenure_months`.
    TenureMonths,
    /// Accounts `renewal_due`.
    RenewalDue,
    /// Accounts `renewed`.
    Renewed,
    /// Customers `customer`: the customer's id.
    CustomerKey,
    /// Customers `churned`: yes/no (1/0, true/false, or a status word).
    Churned,
    /// Customers `status`: active/churned in five languages.
    CustomerStatus,
    /// Customers `monthly_charge`: what the customer pays a month.
    MonthlyCharge,
    /// Customers `total_charges`: what the customer has paid in all.
    TotalCharges,
    /// Customers `tenure_months`: months as a customer.
    CustomerTenure,
    /// Customers `plan`: plan or contract type.
    Plan,
    /// Customers `start_date`: when the customer started.
    CustomerStart,
    /// Customers `end_date`: when the customer left (empty: still active).
    CustomerEnd,
}

/// Everything known about one field. Alias syntax: a plain alias matches the
/// whole normalised header; `~words` matches when the header contains those
/// whole words; a trailing `*` lets the last word be a prefix (`~recommand*`
/// matches "recommanderiez").
pub(super) struct FieldSpec {
    pub(super) field: Field,
    pub(super) id: &'static str,
    pub(super) kind: Kind,
    pub(super) weight: u32,
    pub(super) example: &'static str,
    pub(super) aliases: &'static [&'static str],
    pub(super) vetoes: &'static [&'static str],
}

impl Field {
    /// Every field, in declaration order (grouped by kind).
    pub fn all() -> impl Iterator<Item = Field> {
        FIELDS.iter().map(|s| s.field)
    }

    pub(super) fn spec(self) -> &'static FieldSpec {
        // In bounds: a const assertion in aliases.rs ties the table to the enum.
        &FIELDS[self as usize]
    }

    /// The stable snake_case id, unique within the field's kind
    /// (used in mappings, settings and overrides).
    ///
    /// ```
    /// use cxmetrics::ingest::columns::{Field, Kind};
    /// assert_eq!(Field::FirstReplyMinutes.as_str(), "first_reply_minutes");
    /// assert_eq!(Field::TicketCreatedAt.as_str(), "created_at");
    /// assert_eq!(Field::TicketCreatedAt.kind(), Kind::Tickets);
    /// ```
    pub fn as_str(self) -> &'static str {
        self.spec().id
    }

    /// The kind of data this field belongs to.
    pub fn kind(self) -> Kind {
        self.spec().kind
    }

    /// A typical header for this field, used in sentences ("e.g. \"Created at\"").
    pub fn example_header(self) -> &'static str {
        self.spec().example
    }

    /// The header names recognised for this field, normalised (lower case,
    /// no accents): a plain name matches the whole header, `~words` a header
    /// containing those words, a trailing `*` a word's beginning.
    pub fn aliases(self) -> &'static [&'static str] {
        self.spec().aliases
    }

    /// The fields of `kind`, in display order.
    pub fn for_kind(kind: Kind) -> impl Iterator<Item = Field> {
        FIELDS
            .iter()
            .filter(move |s| s.kind == kind)
            .map(|s| s.field)
    }

    /// The field of `kind` whose id is `id` (case and punctuation ignored,
    /// so `"Created at"` finds `created_at`).
    ///
    /// ```
    /// use cxmetrics::ingest::columns::{Field, Kind};
    /// assert_eq!(Field::from_id(Kind::Subscriptions, "created_at"), Some(Field::SubscriptionCreatedAt));
    /// assert_eq!(Field::from_id(Kind::Survey, "first_reply_at"), None);
    /// ```
    pub fn from_id(kind: Kind, id: &str) -> Option<Field> {
        let wanted = fold_phrase(id);
        FIELDS
            .iter()
            .find(|s| s.kind == kind && fold_phrase(s.id) == wanted)
            .map(|s| s.field)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
