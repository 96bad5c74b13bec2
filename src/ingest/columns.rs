//! What kind of data a file holds, and which column feeds which field
//! ([contract §7](crate::contract)), from the header names alone.
//!
//! Headers are compared after [`normalise_header`]: case-insensitive, accents
//! folded, punctuation collapsed. Every field has an alias table covering
//! English, Spanish, Portuguese, French and Indonesian plus the exact column
//! names of the known exports (Zendesk, Intercom, Stripe, SurveyMonkey,
//! Typeform, Google Forms, Delighted), so those map with no help.
//!
//! How a header matches a field, strongest first:
//! 1. exactly, after normalisation (strength 4);
//! 2. exactly once bracketed parts such as `(UTC)` or `(R$)` and a trailing
//!    `utc`/`gmt` are dropped, or once a vendor prefix such as
//!    `conversation_` or `ticket` is dropped (strength 3);
//! 3. by containing a phrase (only for long free-text survey questions such
//!    as "How likely is it that you would recommend …", in five languages),
//!    unless the header also contains a veto word such as "comment" or
//!    "why" (strength 2).
//!
//! Each kind scores Σ field weight × strength over its assigned columns, plus
//! a small bonus for headers that name the kind ("ticket", "subscription",
//! "respondent" …). Generic fields (`id`, `date`, `status`, `channel`,
//! `created_at`) weigh little, so they cannot decide the kind on their own: a
//! kind is chosen only when it has at least one distinctive field, its
//! required fields are all present (see [`required_fields`]) and its score
//! reaches [`MIN_SCORE`]. The highest such score wins.

use serde::ser::{SerializeMap, Serializer};
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
    fn title(self) -> &'static str {
        match self {
            Kind::Survey => "Survey",
            Kind::Tickets => "Tickets",
            Kind::Subscriptions => "Subscriptions",
            Kind::Spend => "Spend",
            Kind::Accounts => "Accounts",
            Kind::Customers => "Customers",
        }
    }

    /// Words that, inside a header, say the file is of this kind.
    fn nouns(self) -> &'static [&'static str] {
        match self {
            Kind::Survey => &[
                "survey",
                "respondent",
                "response",
                "encuesta",
                "pesquisa",
                "enquete",
                "sondage",
                "survei",
                "responden",
                "respuesta",
                "resposta",
                "reponse",
            ],
            Kind::Tickets => &[
                "ticket",
                "tickets",
                "conversation",
                "case",
                "chamado",
                "chamados",
                "incidencia",
                "tiket",
                "requester",
                "solicitante",
                "demandeur",
            ],
            Kind::Subscriptions => &[
                "subscription",
                "subscriptions",
                "assinatura",
                "suscripcion",
                "abonnement",
                "langganan",
                "plan",
                "plano",
                "forfait",
            ],
            Kind::Spend => &[
                "campaign",
                "ads",
                "ad",
                "marketing",
                "campana",
                "campanha",
                "campagne",
                "kampanye",
                "iklan",
                "publicidad",
            ],
            Kind::Accounts => &[
                "account",
                "accounts",
                "onboarding",
                "cuenta",
                "conta",
                "compte",
                "akun",
            ],
            Kind::Customers => &[
                "churn",
                "churned",
                "attrition",
                "exited",
                "abandono",
                "evasao",
                "resiliation",
                "berhenti",
            ],
        }
    }

    /// Leading words a vendor puts before the plain field name
    /// (`conversation_created_at`, `Ticket status`, `Subscription start`).
    fn prefixes(self) -> &'static [&'static str] {
        match self {
            Kind::Tickets => &[
                "conversation ",
                "ticket ",
                "case ",
                "chamado ",
                "tiket ",
                "ticket s ",
            ],
            Kind::Subscriptions => &[
                "subscription ",
                "assinatura ",
                "suscripcion ",
                "abonnement ",
            ],
            Kind::Survey => &[
                "survey ",
                "response ",
                "respuesta ",
                "resposta ",
                "reponse ",
            ],
            Kind::Spend => &["marketing ", "ad ", "ads "],
            Kind::Accounts => &["account ", "cuenta ", "conta ", "compte "],
            Kind::Customers => &["customer ", "cliente ", "client ", "pelanggan "],
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
        match normalise_header(s).as_str() {
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
struct FieldSpec {
    field: Field,
    id: &'static str,
    kind: Kind,
    weight: u32,
    example: &'static str,
    aliases: &'static [&'static str],
    vetoes: &'static [&'static str],
}

/// Words that stop a contains-match: a column that says "comment", "why",
/// "date" … is not the score itself.
const TEXT_VETOES: &[&str] = &[
    "comment*", "coment*", "komentar", "reason*", "why", "por que", "porque", "motivo*",
    "pourquoi", "raison*", "alasan", "mengapa", "kenapa", "feedback", "explain*", "remark*",
    "other", "text", "date", "fecha", "data", "tanggal", "time", "id",
];

const NO_VETOES: &[&str] = &[];

macro_rules! spec {
    ($field:ident, $id:literal, $kind:ident, $weight:literal, $example:literal, $aliases:expr) => {
        spec!($field, $id, $kind, $weight, $example, $aliases, NO_VETOES)
    };
    ($field:ident, $id:literal, $kind:ident, $weight:literal, $example:literal, $aliases:expr, $vetoes:expr) => {
        FieldSpec {
            field: Field::$field,
            id: $id,
            kind: Kind::$kind,
            weight: $weight,
            example: $example,
            aliases: $aliases,
            vetoes: $vetoes,
        }
    };
}

/// Number of [`Field`] variants; [`FIELDS`] holds one spec per variant in
/// declaration order (checked at compile time and by a test).
pub(crate) const FIELD_COUNT: usize = 61;

const FIELDS: [FieldSpec; FIELD_COUNT] = [
    // ---------------------------------------------------------------- survey
    spec!(
        Score,
        "score",
        Survey,
        10,
        "Score",
        &[
            "score",
            "nps",
            "nps score",
            "nps rating",
            "nps response",
            "nps answer",
            "likelihood to recommend",
            "ltr",
            "nota",
            "nota nps",
            "puntuacion",
            "puntuacion nps",
            "puntaje",
            "puntaje nps",
            "calificacion nps",
            "pontuacao",
            "pontuacao nps",
            "note",
            "note nps",
            "skor",
            "skor nps",
            "nilai",
            "nilai nps",
            "~recommend*",
            "~recomend*",
            "~recomiend*",
            "~recommand*",
            "~merekomendasi*",
            "~rekomendasi*",
            "~nps",
        ],
        TEXT_VETOES
    ),
    spec!(
        Csat,
        "csat",
        Survey,
        8,
        "CSAT",
        &[
            "csat",
            "csat score",
            "satisfaction",
            "satisfaction score",
            "satisfaction rating",
            "customer satisfaction",
            "rating",
            "satisfaccion",
            "calificacion",
            "calificacion de satisfaccion",
            "satisfacao",
            "avaliacao",
            "nota de satisfacao",
            "note de satisfaction",
            "kepuasan",
            "skor kepuasan",
            "nilai kepuasan",
            "review score",
            "review rating",
            "star rating",
            "stars",
            "puntuacion de la resena",
            "calificacion de la resena",
            "nota da avaliacao",
            "nota de avaliacao",
            "note de l avis",
            "note avis",
            "nilai ulasan",
            "skor ulasan",
            "~satisf*",
            "~puas",
        ],
        TEXT_VETOES
    ),
    spec!(
        Ces,
        "ces",
        Survey,
        8,
        "CES",
        &[
            "ces",
            "ces score",
            "effort",
            "effort score",
            "customer effort",
            "customer effort score",
            "esfuerzo",
            "puntuacion de esfuerzo",
            "esforco",
            "nota de esforco",
            "effort client",
            "score d effort",
            "usaha",
            "skor usaha",
            "~effort*",
            "~esfuerzo",
            "~esforco",
            "~easy",
            "~facil*",
            "~mudah",
        ],
        TEXT_VETOES
    ),
    spec!(
        SurveyDate,
        "date",
        Survey,
        1,
        "Date",
        &[
            "date",
            "submit date",
            "submitted at",
            "date submitted",
            "submitted",
            "end date",
            "completed at",
            "response date",
            "responded at",
            "timestamp",
            "created at",
            "created",
            "start date",
            "fecha",
            "fecha de respuesta",
            "marca temporal",
            "data",
            "data da resposta",
            "carimbo de data hora",
            "date de reponse",
            "horodateur",
            "horodatage",
            "tanggal",
            "tanggal respons",
            "stempel waktu",
            "waktu",
        ]
    ),
    spec!(
        Comment,
        "comment",
        Survey,
        3,
        "Comment",
        &[
            "comment",
            "comments",
            "feedback",
            "reason",
            "verbatim",
            "text",
            "comentario",
            "comentarios",
            "motivo",
            "commentaire",
            "commentaires",
            "raison",
            "komentar",
            "alasan",
            "masukan",
            "saran",
            "~comment*",
            "~coment*",
            "~komentar",
            "~reason*",
            "~why",
            "~por que",
            "~porque",
            "~motivo*",
            "~pourquoi",
            "~raison*",
            "~alasan",
            "~mengapa",
            "~kenapa",
            "~feedback",
            "~better",
            "~improve*",
            "~mejor*",
            "~melhor*",
            "~ameliorer",
            "~ameliorations",
        ]
    ),
    spec!(
        Segment,
        "segment",
        Survey,
        1,
        "Segment",
        &[
            "segment",
            "customer segment",
            "plan",
            "tier",
            "region",
            "country",
            "segmento",
            "plano",
            "pais",
            "regiao",
            "forfait",
            "pays",
            "segmen",
            "paket",
            "wilayah",
            "negara",
            "~plan",
            "~plano",
            "~segment*",
        ],
        TEXT_VETOES
    ),
    // --------------------------------------------------------------- tickets
    spec!(
        TicketId,
        "id",
        Tickets,
        1,
        "Id",
        &[
            "id",
            "ticket id",
            "ticket",
            "ticket number",
            "number",
            "case id",
            "case number",
            "conversation id",
            "id del ticket",
            "id ticket",
            "numero de ticket",
            "n ticket",
            "no ticket",
            "id do ticket",
            "id do chamado",
            "numero do chamado",
            "chamado",
            "protocolo",
            "id du ticket",
            "numero du ticket",
            "id tiket",
            "nomor tiket",
            "no tiket",
            "tiket",
        ]
    ),
    spec!(
        TicketCreatedAt,
        "created_at",
        Tickets,
        3,
        "Created at",
        &[
            "created at",
            "created",
            "created date",
            "creation date",
            "date created",
            "opened at",
            "opened",
            "submitted at",
            "submitted",
            "date submitted",
            "fecha de creacion",
            "creado",
            "creado el",
            "creado en",
            "fecha creacion",
            "fecha de apertura",
            "data de criacao",
            "criado em",
            "criado",
            "aberto em",
            "data de abertura",
            "date de creation",
            "cree le",
            "cree",
            "ouvert le",
            "date d ouverture",
            "tanggal dibuat",
            "dibuat",
            "dibuat pada",
            "waktu dibuat",
            "tanggal pembuatan",
        ]
    ),
    spec!(
        FirstReplyAt,
        "first_reply_at",
        Tickets,
        8,
        "First reply at",
        &[
            "first reply at",
            "first replied at",
            "first response at",
            "first responded at",
            "first reply date",
            "first response date",
            "fecha de primera respuesta",
            "primera respuesta el",
            "primera respuesta",
            "data da primeira resposta",
            "primeira resposta em",
            "primeira resposta",
            "date de premiere reponse",
            "premiere reponse le",
            "premiere reponse",
            "tanggal balasan pertama",
            "balasan pertama",
            "respons pertama",
            "tanggapan pertama",
        ]
    ),
    spec!(
        SolvedAt,
        "solved_at",
        Tickets,
        6,
        "Solved at",
        &[
            "solved at",
            "solved",
            "resolved at",
            "resolved",
            "closed at",
            "closed",
            "resolution date",
            "date solved",
            "date resolved",
            "date closed",
            "fecha de resolucion",
            "resuelto el",
            "resuelto",
            "fecha de cierre",
            "cerrado el",
            "data de resolucao",
            "resolvido em",
            "fechado em",
            "data de fechamento",
            "date de resolution",
            "resolu le",
            "ferme le",
            "date de cloture",
            "tanggal selesai",
            "diselesaikan pada",
            "diselesaikan",
            "ditutup pada",
            "tanggal ditutup",
            "tanggal penyelesaian",
        ]
    ),
    spec!(
        TicketStatus,
        "status",
        Tickets,
        1,
        "Status",
        &[
            "status",
            "state",
            "estado",
            "estatus",
            "situacao",
            "statut",
            "etat",
            "status tiket",
        ]
    ),
    spec!(
        TicketChannel,
        "channel",
        Tickets,
        2,
        "Via",
        &[
            "via",
            "channel",
            "source",
            "source type",
            "medium",
            "canal",
            "origen",
            "origem",
            "canal de entrada",
            "kanal",
            "saluran",
            "sumber",
        ]
    ),
    spec!(
        Priority,
        "priority",
        Tickets,
        4,
        "Priority",
        &[
            "priority",
            "urgency",
            "prioridad",
            "urgencia",
            "prioridade",
            "priorite",
            "urgence",
            "prioritas",
        ]
    ),
    spec!(
        Requester,
        "requester",
        Tickets,
        3,
        "Requester id",
        &[
            "requester id",
            "customer id",
            "user id",
            "contact id",
            "client id",
            "id del solicitante",
            "id del cliente",
            "id de cliente",
            "id do solicitante",
            "id do cliente",
            "id du demandeur",
            "id client",
            "id pelanggan",
            "requester",
            "customer",
            "requester email",
            "user email",
            "customer email",
            "customer e mail",
            "correo del cliente",
            "correo electronico del cliente",
            "email del cliente",
            "email do cliente",
            "e mail do cliente",
            "email du client",
            "courriel du client",
            "e mail du client",
            "email pelanggan",
            "surel pelanggan",
            "solicitante",
            "cliente",
            "demandeur",
            "client",
            "pelanggan",
            "pemohon",
            "peminta",
        ]
    ),
    spec!(
        Category,
        "category",
        Tickets,
        2,
        "Tags",
        &[
            "tags",
            "tag",
            "category",
            "categories",
            "topic",
            "issue type",
            "contact reason",
            "type",
            "ticket type",
            "categoria",
            "etiquetas",
            "etiqueta",
            "tema",
            "motivo",
            "motivo de contacto",
            "motivo do contato",
            "tipo",
            "categorie",
            "etiquettes",
            "motif",
            "kategori",
            "label",
            "jenis",
            "topik",
        ]
    ),
    spec!(
        Replies,
        "replies",
        Tickets,
        5,
        "Replies",
        &[
            "replies",
            "agent replies",
            "number of replies",
            "reply count",
            "count of replies",
            "respuestas",
            "numero de respuestas",
            "respuestas del agente",
            "respostas",
            "numero de respostas",
            "reponses",
            "nombre de reponses",
            "balasan",
            "jumlah balasan",
        ]
    ),
    spec!(
        Satisfaction,
        "satisfaction",
        Tickets,
        3,
        "Satisfaction Score",
        &[
            "satisfaction score",
            "satisfaction",
            "satisfaction rating",
            "customer satisfaction rating",
            "customer satisfaction score",
            "calificacion de satisfaccion del cliente",
            "satisfaccion del cliente",
            "avaliacao de satisfacao do cliente",
            "satisfacao do cliente",
            "note de satisfaction du client",
            "satisfaction client",
            "satisfaction du client",
            "rating kepuasan pelanggan",
            "nilai kepuasan pelanggan",
            "kepuasan pelanggan",
            "conversation rating",
            "rating",
            "csat",
            "customer rating",
            "calificacion de satisfaccion",
            "satisfaccion",
            "calificacion",
            "avaliacao de satisfacao",
            "avaliacao",
            "satisfacao",
            "nota de satisfacao",
            "note de satisfaction",
            "evaluation",
            "kepuasan",
            "nilai kepuasan",
            "rating kepuasan",
            "penilaian",
        ]
    ),
    spec!(
        FirstReplyMinutes,
        "first_reply_minutes",
        Tickets,
        8,
        "First reply time in minutes",
        &[
            "first reply time in minutes",
            "first reply time minutes",
            "first reply time min",
            "first reply minutes",
            "first response time in minutes",
            "first response time minutes",
            "first response time min",
            "first response minutes",
            "first response time hours",
            "first response time in hours",
            "first response time h",
            "first response hours",
            "first reply time hours",
            "first reply time in hours",
            "first reply hours",
            "frt minutes",
            "frt",
            "first reply time",
            "first response time",
            "tiempo de primera respuesta en minutos",
            "tiempo de primera respuesta min",
            "tiempo de primera respuesta",
            "tempo de primeira resposta em minutos",
            "tempo de primeira resposta min",
            "tempo de primeira resposta",
            "tempo da primeira resposta",
            "temps de premiere reponse en minutes",
            "delai de premiere reponse en minutes",
            "temps de premiere reponse",
            "delai de premiere reponse",
            "waktu balasan pertama dalam menit",
            "waktu respons pertama dalam menit",
            "waktu balasan pertama",
            "waktu respons pertama",
        ]
    ),
    spec!(
        ResolutionMinutes,
        "resolution_minutes",
        Tickets,
        8,
        "Full resolution time in minutes",
        &[
            "full resolution time in minutes",
            "full resolution time minutes",
            "resolution time in minutes",
            "resolution time minutes",
            "resolution time min",
            "resolution minutes",
            "resolution time hours",
            "resolution time in hours",
            "resolution time h",
            "resolution time hrs",
            "resolution hours",
            "resolution time days",
            "resolution time in days",
            "resolution days",
            "tiempo de resolucion en horas",
            "tempo de resolucao em horas",
            "temps de resolution en heures",
            "waktu penyelesaian dalam jam",
            "full resolution time",
            "resolution time",
            "time to resolution",
            "tiempo de resolucion en minutos",
            "tiempo de resolucion",
            "tempo de resolucao em minutos",
            "tempo de resolucao",
            "temps de resolution en minutes",
            "delai de resolution en minutes",
            "temps de resolution",
            "delai de resolution",
            "waktu penyelesaian dalam menit",
            "waktu penyelesaian",
            "waktu resolusi",
        ]
    ),
    spec!(
        FirstReplyMinutesBusiness,
        "first_reply_minutes_business",
        Tickets,
        6,
        "First reply time in minutes within business hours",
        &[
            "first reply time in minutes within business hours",
            "first reply time within business hours",
            "first reply time business hours",
            "first reply minutes business",
            "first response time business hours",
            "tiempo de primera respuesta en horario laboral",
            "tempo de primeira resposta em horario comercial",
            "temps de premiere reponse en heures ouvrees",
            "waktu balasan pertama jam kerja",
        ]
    ),
    spec!(
        ResolutionMinutesBusiness,
        "resolution_minutes_business",
        Tickets,
        6,
        "Full resolution time in minutes within business hours",
        &[
            "full resolution time in minutes within business hours",
            "full resolution time within business hours",
            "resolution time within business hours",
            "resolution time business hours",
            "resolution minutes business",
            "tiempo de resolucion en horario laboral",
            "tempo de resolucao em horario comercial",
            "temps de resolution en heures ouvrees",
            "waktu penyelesaian jam kerja",
        ]
    ),
    spec!(
        FirstContactResolved,
        "first_contact_resolved",
        Tickets,
        6,
        "First contact resolution",
        &[
            "first contact resolution",
            "first contact resolved",
            "resolved on first contact",
            "fcr",
            "one touch",
            "one touch resolution",
            "resuelto en primer contacto",
            "resolucion en primer contacto",
            "resolvido no primeiro contato",
            "resolucao no primeiro contato",
            "resolu au premier contact",
            "resolution au premier contact",
            "selesai pada kontak pertama",
            "resolusi kontak pertama",
        ]
    ),
    // --------------------------------------------------------- subscriptions
    spec!(
        SubscriptionId,
        "id",
        Subscriptions,
        1,
        "id",
        &[
            "id",
            "subscription id",
            "subscription",
            "id de suscripcion",
            "suscripcion",
            "id da assinatura",
            "assinatura",
            "id abonnement",
            "id de l abonnement",
            "abonnement",
            "id langganan",
            "langganan",
        ]
    ),
    spec!(
        Customer,
        "customer",
        Subscriptions,
        3,
        "Customer ID",
        &[
            "customer id",
            "client id",
            "account id",
            "id del cliente",
            "id de cliente",
            "id do cliente",
            "cliente id",
            "id client",
            "id pelanggan",
            "customer",
            "client",
            "account",
            "customer email",
            "cliente",
            "pelanggan",
        ]
    ),
    spec!(
        SubscriptionStatus,
        "status",
        Subscriptions,
        1,
        "Status",
        &["status", "state", "estado", "situacao", "statut", "etat"]
    ),
    spec!(
        Amount,
        "amount",
        Subscriptions,
        4,
        "Amount",
        &[
            "amount",
            "price",
            "plan amount",
            "unit amount",
            "plan price",
            "monto",
            "importe",
            "precio",
            "valor",
            "preco",
            "valor do plano",
            "montant",
            "prix",
            "jumlah",
            "harga",
            "nominal",
        ]
    ),
    spec!(
        Currency,
        "currency",
        Subscriptions,
        3,
        "Currency",
        &[
            "currency",
            "moneda",
            "divisa",
            "moeda",
            "devise",
            "monnaie",
            "mata uang",
        ]
    ),
    spec!(
        Interval,
        "interval",
        Subscriptions,
        6,
        "Interval",
        &[
            "interval",
            "billing interval",
            "plan interval",
            "billing period",
            "billing cycle",
            "billing frequency",
            "frequency",
            "intervalo",
            "periodicidad",
            "frecuencia",
            "ciclo de facturacion",
            "periodicidade",
            "ciclo de cobranca",
            "frequencia",
            "intervalle",
            "periodicite",
            "frequence",
            "periode penagihan",
            "siklus penagihan",
            "frekuensi",
        ]
    ),
    spec!(
        IntervalCount,
        "interval_count",
        Subscriptions,
        6,
        "Interval Count",
        &[
            "interval count",
            "plan interval count",
            "billing interval count",
            "cantidad de intervalos",
            "quantidade de intervalos",
            "nombre d intervalles",
            "jumlah interval",
        ]
    ),
    spec!(
        Quantity,
        "quantity",
        Subscriptions,
        3,
        "Quantity",
        &[
            "quantity",
            "qty",
            "seats",
            "cantidad",
            "quantidade",
            "qtd",
            "quantite",
            "kuantitas",
            "jumlah unit",
        ]
    ),
    spec!(
        SubscriptionCreatedAt,
        "created_at",
        Subscriptions,
        2,
        "Created (UTC)",
        &[
            "created",
            "created at",
            "created date",
            "creation date",
            "fecha de creacion",
            "creado",
            "creado el",
            "data de criacao",
            "criado em",
            "date de creation",
            "cree le",
            "tanggal dibuat",
            "dibuat",
        ]
    ),
    spec!(
        Start,
        "start",
        Subscriptions,
        3,
        "Start (UTC)",
        &[
            "start",
            "start date",
            "started at",
            "start at",
            "subscription start",
            "fecha de inicio",
            "inicio",
            "data de inicio",
            "iniciado em",
            "inicio em",
            "date de debut",
            "debut",
            "date de debut d abonnement",
            "tanggal mulai",
            "mulai",
        ]
    ),
    spec!(
        CanceledAt,
        "canceled_at",
        Subscriptions,
        6,
        "Canceled At (UTC)",
        &[
            "canceled at",
            "cancelled at",
            "canceled",
            "cancelled",
            "canceled date",
            "cancelled date",
            "cancellation date",
            "cancel date",
            "fecha de cancelacion",
            "cancelado el",
            "cancelado",
            "data de cancelamento",
            "cancelado em",
            "date d annulation",
            "annule le",
            "date de resiliation",
            "resilie le",
            "tanggal pembatalan",
            "dibatalkan pada",
            "dibatalkan",
        ]
    ),
    spec!(
        EndedAt,
        "ended_at",
        Subscriptions,
        5,
        "Ended At (UTC)",
        &[
            "ended at",
            "ended",
            "end date",
            "ended date",
            "end",
            "fecha de fin",
            "fecha de finalizacion",
            "finalizado el",
            "data de termino",
            "data de encerramento",
            "encerrado em",
            "finalizado em",
            "date de fin",
            "termine le",
            "fin",
            "tanggal berakhir",
            "berakhir pada",
            "berakhir",
        ]
    ),
    spec!(
        Mrr,
        "mrr",
        Subscriptions,
        8,
        "MRR",
        &[
            "mrr",
            "monthly recurring revenue",
            "mrr amount",
            "ingreso mensual recurrente",
            "receita recorrente mensal",
            "revenu mensuel recurrent",
            "pendapatan berulang bulanan",
        ]
    ),
    // ----------------------------------------------------------------- spend
    spec!(
        SpendDate,
        "date",
        Spend,
        1,
        "Month",
        &[
            "date",
            "period",
            "month",
            "week",
            "day",
            "fecha",
            "periodo",
            "mes",
            "semana",
            "data",
            "mes de referencia",
            "mois",
            "periode",
            "semaine",
            "tanggal",
            "bulan",
            "minggu",
        ]
    ),
    spec!(
        SpendChannel,
        "channel",
        Spend,
        2,
        "Channel",
        &[
            "channel", "source", "medium", "campaign", "canal", "fuente", "campana", "origem",
            "fonte", "campanha", "source", "campagne", "kanal", "saluran", "sumber", "kampanye",
        ]
    ),
    spec!(
        Spend,
        "spend",
        Spend,
        8,
        "Spend",
        &[
            "spend",
            "spent",
            "amount spent",
            "ad spend",
            "marketing spend",
            "acquisition spend",
            "cost",
            "investment",
            "gasto",
            "gastos",
            "inversion",
            "costo",
            "coste",
            "investimento",
            "custo",
            "valor investido",
            "depenses",
            "depense",
            "cout",
            "investissement",
            "biaya",
            "pengeluaran",
            "belanja iklan",
            "biaya iklan",
        ]
    ),
    spec!(
        NewCustomers,
        "new_customers",
        Spend,
        8,
        "New customers",
        &[
            "new customers",
            "new clients",
            "new accounts",
            "customers acquired",
            "new paying customers",
            "acquisitions",
            "nuevos clientes",
            "clientes nuevos",
            "clientes adquiridos",
            "novos clientes",
            "clientes novos",
            "nouveaux clients",
            "clients acquis",
            "pelanggan baru",
            "klien baru",
        ]
    ),
    // -------------------------------------------------------------- accounts
    spec!(
        Account,
        "account",
        Accounts,
        3,
        "Account",
        &[
            "account id",
            "customer id",
            "id de cuenta",
            "id da conta",
            "id du compte",
            "id akun",
            "account",
            "account name",
            "customer",
            "company",
            "client",
            "cuenta",
            "empresa",
            "cliente",
            "conta",
            "compte",
            "societe",
            "akun",
            "nama akun",
            "perusahaan",
            "pelanggan",
        ]
    ),
    spec!(
        OnboardingStart,
        "onboarding_start",
        Accounts,
        8,
        "Onboarding start",
        &[
            "onboarding start",
            "onboarding started",
            "onboarding started at",
            "onboarding start date",
            "kickoff date",
            "inicio del onboarding",
            "inicio de onboarding",
            "inicio onboarding",
            "inicio do onboarding",
            "inicio da implantacao",
            "debut onboarding",
            "debut de l onboarding",
            "mulai onboarding",
            "tanggal mulai onboarding",
        ]
    ),
    spec!(
        OnboardingDone,
        "onboarding_done",
        Accounts,
        8,
        "Onboarding done",
        &[
            "onboarding done",
            "onboarding completed",
            "onboarding completed at",
            "onboarding complete",
            "onboarding end",
            "onboarding finished",
            "go live",
            "go live date",
            "onboarding completado",
            "fin del onboarding",
            "fin onboarding",
            "onboarding concluido",
            "fim do onboarding",
            "onboarding termine",
            "fin de l onboarding",
            "onboarding selesai",
            "selesai onboarding",
        ]
    ),
    spec!(
        EmailsSent,
        "emails_sent",
        Accounts,
        6,
        "Emails sent",
        &[
            "emails sent",
            "email sent",
            "onboarding emails sent",
            "emails enviados",
            "correos enviados",
            "e mails enviados",
            "emails envoyes",
            "e mails envoyes",
            "email terkirim",
            "email dikirim",
        ]
    ),
    spec!(
        EmailsOpened,
        "emails_opened",
        Accounts,
        6,
        "Emails opened",
        &[
            "emails opened",
            "email opened",
            "opens",
            "emails abiertos",
            "correos abiertos",
            "emails abertos",
            "e mails abertos",
            "emails ouverts",
            "e mails ouverts",
            "email dibuka",
        ]
    ),
    spec!(
        Sessions,
        "sessions",
        Accounts,
        5,
        "Sessions",
        &[
            "sessions",
            "logins",
            "sesiones",
            "sessoes",
            "sesi",
            "jumlah sesi",
        ]
    ),
    spec!(
        FeaturesUsed,
        "features_used",
        Accounts,
        8,
        "Features used",
        &[
            "features used",
            "features adopted",
            "funcionalidades usadas",
            "funciones usadas",
            "funcionalidades utilizadas",
            "recursos usados",
            "recursos utilizados",
            "fonctionnalites utilisees",
            "fitur digunakan",
            "fitur yang digunakan",
            "fitur dipakai",
        ]
    ),
    spec!(
        FeaturesAvailable,
        "features_available",
        Accounts,
        8,
        "Features available",
        &[
            "features available",
            "total features",
            "features total",
            "funcionalidades disponibles",
            "funciones disponibles",
            "funcionalidades disponiveis",
            "recursos disponiveis",
            "fonctionnalites disponibles",
            "fitur tersedia",
            "total fitur",
        ]
    ),
    spec!(
        PaidUp,
        "paid_up",
        Accounts,
        6,
        "Payment status",
        &[
            "paid up",
            "payment status",
            "paid",
            "payments current",
            "in good standing",
            "al dia",
            "pagos al dia",
            "estado de pago",
            "estado del pago",
            "em dia",
            "pagamento em dia",
            "status de pagamento",
            "status do pagamento",
            "situacao do pagamento",
            "a jour",
            "paiements a jour",
            "statut de paiement",
            "statut du paiement",
            "status pembayaran",
            "lunas",
            "pembayaran lancar",
        ]
    ),
    spec!(
        CustomerSince,
        "customer_since",
        Accounts,
        4,
        "Customer since",
        &[
            "customer since",
            "client since",
            "signup date",
            "signed up",
            "start date",
            "cliente desde",
            "fecha de alta",
            "data de adesao",
            "client depuis",
            "date d inscription",
            "pelanggan sejak",
            "bergabung sejak",
            "tanggal bergabung",
        ]
    ),
    spec!(
        TenureMonths,
        "tenure_months",
        Accounts,
        5,
        "Tenure months",
        &[
            "tenure months",
            "tenure in months",
            "tenure",
            "months as customer",
            "antiguedad meses",
            "antiguedad en meses",
            "antiguedad",
            "meses como cliente",
            "tempo de casa meses",
            "tempo como cliente",
            "anciennete mois",
            "anciennete en mois",
            "anciennete",
            "lama berlangganan bulan",
            "lama berlangganan",
            "masa berlangganan",
        ]
    ),
    spec!(
        RenewalDue,
        "renewal_due",
        Accounts,
        6,
        "Renewal due",
        &[
            "renewal due",
            "renewal date",
            "renewal due date",
            "next renewal",
            "contract end",
            "fecha de renovacion",
            "vencimiento",
            "renovacion",
            "data de renovacao",
            "vencimento",
            "date de renouvellement",
            "echeance",
            "jatuh tempo perpanjangan",
            "tanggal perpanjangan",
            "jatuh tempo",
        ]
    ),
    spec!(
        Renewed,
        "renewed",
        Accounts,
        6,
        "Renewed",
        &[
            "renewed",
            "renewal",
            "renovado",
            "renovo",
            "renovou",
            "renovada",
            "renouvele",
            "diperpanjang",
        ]
    ),
    // Customers: one row per customer, a churn snapshot.
    spec!(
        CustomerKey,
        "customer",
        Customers,
        3,
        "Customer ID",
        &[
            "customerid",
            "customer id",
            "customer",
            "client id",
            "clientid",
            "clientnum",
            "id del cliente",
            "id de cliente",
            "cliente id",
            "id do cliente",
            "id cliente",
            "codigo do cliente",
            "cliente",
            "id client",
            "identifiant client",
            "client",
            "id pelanggan",
            "pelanggan",
            "nama pelanggan",
        ]
    ),
    spec!(
        Churned,
        "churned",
        Customers,
        8,
        "Churn",
        &[
            "churn",
            "churned",
            "churn flag",
            "churn label",
            "churn value",
            "is churned",
            "exited",
            "attrition",
            "attrition flag",
            "attrited",
            "cancelled",
            "canceled",
            "abandono",
            "abandonou",
            "churn si no",
            "baja",
            "dado de baja",
            "cancelado",
            "cancelo",
            "evasao",
            "cancelou",
            "saiu",
            "resilie",
            "resiliation",
            "desabonne",
            "parti",
            "berhenti",
            "berhenti berlangganan",
            "keluar",
        ]
    ),
    spec!(
        CustomerStatus,
        "status",
        Customers,
        1,
        "Customer status",
        &[
            "customer status",
            "status",
            "estado",
            "estado del cliente",
            "situacao",
            "status do cliente",
            "statut",
            "statut client",
            "status pelanggan",
        ]
    ),
    spec!(
        MonthlyCharge,
        "monthly_charge",
        Customers,
        6,
        "Monthly charges",
        &[
            "monthlycharges",
            "monthly charges",
            "monthly charge",
            "monthly fee",
            "monthly revenue",
            "monthly amount",
            "cuota mensual",
            "cargo mensual",
            "cargos mensuales",
            "pago mensual",
            "mensualidad",
            "mensalidade",
            "valor mensal",
            "gastos mensais",
            "cobranca mensal",
            "mensualite",
            "frais mensuels",
            "montant mensuel",
            "abonnement mensuel",
            "biaya bulanan",
            "tagihan bulanan",
            "iuran bulanan",
        ]
    ),
    spec!(
        TotalCharges,
        "total_charges",
        Customers,
        5,
        "Total charges",
        &[
            "totalcharges",
            "total charges",
            "total charged",
            "total revenue",
            "total paid",
            "lifetime revenue",
            "cargos totales",
            "total pagado",
            "total facturado",
            "total cobrado",
            "valor total",
            "total pago",
            "total faturado",
            "gastos totais",
            "frais totaux",
            "total facture",
            "total paye",
            "total tagihan",
            "total biaya",
            "total pembayaran",
        ]
    ),
    spec!(
        CustomerTenure,
        "tenure_months",
        Customers,
        3,
        "Tenure",
        &[
            "tenure",
            "tenure months",
            "tenure in months",
            "tenure years",
            "tenure in years",
            "years as customer",
            "antiguedad anos",
            "antiguedad en anos",
            "tempo de casa anos",
            "anciennete ans",
            "anciennete en annees",
            "lama berlangganan tahun",
            "months as customer",
            "months on book",
            "antiguedad",
            "antiguedad meses",
            "antiguedad en meses",
            "meses como cliente",
            "permanencia",
            "meses de permanencia",
            "tempo de casa",
            "tempo de casa meses",
            "tempo permanencia",
            "tempo de permanencia",
            "meses de casa",
            "tempo como cliente",
            "anciennete",
            "anciennete mois",
            "anciennete en mois",
            "lama berlangganan",
            "lama berlangganan bulan",
            "masa berlangganan",
        ]
    ),
    spec!(
        Plan,
        "plan",
        Customers,
        2,
        "Plan",
        &[
            "plan",
            "contract",
            "contract type",
            "plan type",
            "tier",
            "plano",
            "contrato",
            "tipo de contrato",
            "plan tarifario",
            "forfait",
            "contrat",
            "type de contrat",
            "paket",
            "kontrak",
        ]
    ),
    spec!(
        CustomerStart,
        "start_date",
        Customers,
        2,
        "Start date",
        &[
            "start date",
            "customer since",
            "signup date",
            "join date",
            "joined",
            "fecha de alta",
            "cliente desde",
            "fecha de inicio",
            "data de inicio",
            "data de adesao",
            "date de debut",
            "client depuis",
            "date d inscription",
            "tanggal mulai",
            "tanggal bergabung",
            "pelanggan sejak",
        ]
    ),
    spec!(
        CustomerEnd,
        "end_date",
        Customers,
        2,
        "End date",
        &[
            "end date",
            "churn date",
            "cancellation date",
            "cancel date",
            "left on",
            "fecha de baja",
            "fecha de cancelacion",
            "data de cancelamento",
            "data de saida",
            "date de resiliation",
            "date de fin",
            "tanggal berhenti",
            "tanggal keluar",
        ]
    ),
];

// The table must hold one spec per variant, in order (also tested).
const _: () = assert!(FIELDS.len() == Field::CustomerEnd as usize + 1);
// `AliasIndex::candidates` keeps one bit per field in a u128.
const _: () = assert!(FIELD_COUNT <= 128);

impl Field {
    /// Every field, in declaration order (grouped by kind).
    pub fn all() -> impl Iterator<Item = Field> {
        FIELDS.iter().map(|s| s.field)
    }

    fn spec(self) -> &'static FieldSpec {
        // In bounds: the const assertion above ties the table to the enum.
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
        let wanted = normalise_header(id);
        FIELDS
            .iter()
            .find(|s| s.kind == kind && normalise_header(s.id) == wanted)
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

/// One mapped column: which field it feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedColumn {
    /// The field fed.
    pub field: Field,
    /// 0-based column index in the header row.
    pub column: usize,
    /// The header text as read (for display and the report's settings).
    pub header: String,
}

/// Column → field assignments for one kind, ordered by field. Each field
/// has at most one column and each column feeds at most one field.
///
/// Serialises as a JSON object `{ field id: header name }`, as the report's
/// settings show it.
///
/// ```
/// use cxmetrics::ingest::columns::{mapping_for, Field, Kind};
/// let m = mapping_for(Kind::Survey, &["Email", "Score", "Comment"]);
/// assert_eq!(m.get(Field::Score), Some(1));
/// assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"score":"Score","comment":"Comment"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    entries: Vec<MappedColumn>,
}

impl Mapping {
    /// An empty mapping.
    pub fn new() -> Self {
        Mapping::default()
    }

    /// The column index feeding `field`, if any.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.entries
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.column)
    }

    /// The header text of the column feeding `field`, if any.
    pub fn header(&self, field: Field) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.header.as_str())
    }

    /// The field fed by column `column`, if any.
    pub fn field_of(&self, column: usize) -> Option<Field> {
        self.entries
            .iter()
            .find(|e| e.column == column)
            .map(|e| e.field)
    }

    /// The assignments, ordered by field.
    pub fn entries(&self) -> &[MappedColumn] {
        &self.entries
    }

    /// Number of mapped fields.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no column is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Maps `field` to `column` (named `header`), replacing the field's
    /// previous column and taking the column away from any other field.
    pub fn set(&mut self, field: Field, column: usize, header: &str) {
        self.entries
            .retain(|e| e.field != field && e.column != column);
        self.entries.push(MappedColumn {
            field,
            column,
            header: header.to_string(),
        });
        by_field(&mut self.entries);
    }

    /// Unmaps `field`.
    pub fn remove(&mut self, field: Field) {
        self.entries.retain(|e| e.field != field);
    }
}

/// Orders mapped columns by field (each field appears once).
fn by_field(entries: &mut [MappedColumn]) {
    entries.sort_by_key(|a| a.field);
}

impl Serialize for Mapping {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for e in &self.entries {
            map.serialize_entry(e.field.as_str(), &e.header)?;
        }
        map.end()
    }
}

/// How well the headers fit one kind (for display).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KindScore {
    /// The kind.
    pub kind: Kind,
    /// Σ field weight × match strength, plus header-noun bonus.
    pub score: u32,
    /// Whether every required field of the kind was found.
    pub complete: bool,
}

/// The outcome of [`detect`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// The kind, or `None` when no kind fits well enough.
    pub kind: Option<Kind>,
    /// The mapping for `kind` (empty when `kind` is `None`).
    pub mapping: Mapping,
    /// Every kind's score, in [`Kind::ALL`] order.
    pub scores: Vec<KindScore>,
    /// When `kind` is `None`: one sentence saying which columns were expected.
    pub message: Option<String>,
}

/// The smallest score a kind needs to be chosen (one distinctive field
/// matched exactly scores at least this).
pub const MIN_SCORE: u32 = 16;

/// Fields weighing at least this are distinctive: they say which kind a
/// file is. A kind needs at least one to be chosen.
const DISTINCTIVE_WEIGHT: u32 = 4;

const STRENGTH_EXACT: u32 = 4;
const STRENGTH_STRIPPED: u32 = 3;
const STRENGTH_CONTAINS: u32 = 2;
const NOUN_BONUS: u32 = 2;

/// The unit of time a header names, for duration and tenure columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Minutes (`minutes`, `min`, `minutos`, `menit` …).
    Minutes,
    /// Hours (`hours`, `hrs`, `h`, `horas`, `heures`, `jam` …).
    Hours,
    /// Days (`days`, `dias`, `jours`, `hari` …).
    Days,
    /// Months (`months`, `meses`, `mois`, `bulan` …).
    Months,
    /// Years (`years`, `anos`, `años`, `ans`, `tahun` …).
    Years,
}

impl TimeUnit {
    /// Minutes in one unit (a month is 30 days, a year 365).
    pub fn minutes(self) -> f64 {
        match self {
            TimeUnit::Minutes => 1.0,
            TimeUnit::Hours => 60.0,
            TimeUnit::Days => 1_440.0,
            TimeUnit::Months => 43_200.0,
            TimeUnit::Years => 525_600.0,
        }
    }
}

/// The unit of time a header names, read word by word from its normalised
/// form ([`normalise_header`]): `resolution_time_hours`, `Resolution (h)`
/// and `Tiempo de resolución en horas` name hours; `tenure_years` and
/// `Antigüedad (años)` years. A minutes word wins over any other (Zendesk's
/// `… in minutes within business hours`), and business hours (`business
/// hours`, `heures ouvrées`, `horas hábiles`, `jam kerja`) name no unit.
/// `None` when the header names none.
///
/// ```
/// use cxmetrics::ingest::columns::{header_time_unit, TimeUnit};
/// assert_eq!(header_time_unit("resolution_time_hours"), Some(TimeUnit::Hours));
/// assert_eq!(header_time_unit("Resolution time (h)"), Some(TimeUnit::Hours));
/// assert_eq!(header_time_unit("Tenure"), None);
/// assert_eq!(header_time_unit("Antigüedad (años)"), Some(TimeUnit::Years));
/// assert_eq!(header_time_unit("Full resolution time in minutes within business hours"), Some(TimeUnit::Minutes));
/// ```
pub fn header_time_unit(header: &str) -> Option<TimeUnit> {
    let h = normalise_header(header);
    let words: Vec<&str> = h.split(' ').collect();
    let mut found = None;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        let prev = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .copied()
            .unwrap_or("");
        let unit = match *w {
            "minutes" | "minute" | "mins" | "min" | "minutos" | "minuto" | "menit" => {
                return Some(TimeUnit::Minutes)
            }
            "hours" | "hour" | "hrs" | "hr" | "h" | "horas" | "hora" | "heures" | "heure"
            | "jam" => {
                let business = prev == "business"
                    || prev == "working"
                    || prev == "office"
                    || matches!(
                        next,
                        "ouvrees"
                            | "ouvrables"
                            | "habiles"
                            | "laborales"
                            | "uteis"
                            | "kerja"
                            | "comerciales"
                    );
                if business {
                    continue;
                }
                TimeUnit::Hours
            }
            "days" | "day" | "dias" | "dia" | "jours" | "jour" | "hari" => TimeUnit::Days,
            "months" | "month" | "meses" | "mes" | "mois" | "bulan" => TimeUnit::Months,
            "years" | "year" | "yrs" | "anos" | "ano" | "ans" | "annees" | "annee" | "tahun" => {
                TimeUnit::Years
            }
            _ => continue,
        };
        found = found.or(Some(unit));
    }
    found
}

/// Normalises a header for comparison: lower case, accents folded
/// (é→e, ã→a, ç→c, ß→ss, œ→oe …), byte-order marks and quotes dropped,
/// every run of punctuation, underscores and spaces collapsed to one space,
/// trimmed. Letters of other scripts are kept as they are; see `lower`
/// for which of them are lower-cased.
///
/// ```
/// use cxmetrics::ingest::columns::normalise_header;
/// assert_eq!(normalise_header("\u{feff}\"Fecha de Creación\""), "fecha de creacion");
/// assert_eq!(normalise_header("conversation_first_response_at"), "conversation first response at");
/// assert_eq!(normalise_header("  Start Date (UTC) "), "start date utc");
/// assert_eq!(normalise_header("Date d'ouverture"), "date d ouverture");
/// ```
pub fn normalise_header(raw: &str) -> String {
    normalise_lowered(raw.chars().map(lower), raw.len())
}

/// [`normalise_header`] after lower-casing: folds and collapses `chars`.
fn normalise_lowered(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for c in chars {
        match fold(c) {
            Folded::Keep(k) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(k);
            }
            Folded::Str(s) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push_str(s);
            }
            Folded::Skip => {}
            Folded::Separator => pending_space = true,
        }
    }
    out
}

/// `c` in lower case, as `char::to_lowercase` gives it, for the letters
/// headers are written in: ASCII, Latin-1, Latin Extended-A and Additional,
/// Greek and Cyrillic (plus ẞ and the Kelvin and Ångström signs). Capitals
/// of other scripts (Armenian, Georgian, Cherokee …) stay as they are: no
/// alias is written in them, so their case cannot decide a match, and
/// leaving them out keeps Unicode's 12 KB lower-case table out of the wasm.
/// `İ` becomes `i` (Unicode's `i` + combining dot, whose dot [`fold`] drops).
fn lower(c: char) -> char {
    let u = c as u32;
    let even = u % 2 == 0;
    let l = match u {
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde | 0x391..=0x3a1 | 0x3a3..=0x3ab | 0x410..=0x42f => {
            u + 0x20
        }
        0x130 => 0x69,
        0x178 => 0xff,
        0x100..=0x137 | 0x14a..=0x177 | 0x460..=0x481 | 0x48a..=0x4bf | 0x4d0..=0x52f if even => {
            u + 1
        }
        0x1e00..=0x1e95 | 0x1ea0..=0x1eff if even => u + 1,
        0x139..=0x148 | 0x179..=0x17e | 0x4c1..=0x4ce if !even => u + 1,
        0x1e9e => 0xdf,
        0x386 => 0x3ac,
        0x388..=0x38a => u + 0x25,
        0x38c => 0x3cc,
        0x38e | 0x38f => u + 0x3f,
        0x400..=0x40f => u + 0x50,
        0x4c0 => 0x4cf,
        0x212a => 0x6b,
        0x212b => 0xe5,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

enum Folded {
    Keep(char),
    Str(&'static str),
    Skip,
    Separator,
}

fn fold(c: char) -> Folded {
    if c.is_ascii_alphanumeric() {
        return Folded::Keep(c);
    }
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ª' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'º' | '°' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' | 'ŝ' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ł' => "l",
        'þ' => "th",
        // Combining diacritics (decomposed input) and the byte-order mark.
        '\u{0300}'..='\u{036f}' | '\u{feff}' | '\u{200b}' | '\u{200d}' => return Folded::Skip,
        _ if c.is_alphanumeric() => return Folded::Keep(c),
        _ => return Folded::Separator,
    };
    Folded::Str(s)
}

/// The header with bracketed parts removed and a trailing time-zone word
/// dropped: "Start Date (UTC)" → "start date", "Valor (R$)" → "valor".
fn stripped_key(raw: &str) -> String {
    let mut kept = String::with_capacity(raw.len());
    let mut depth = 0u32;
    for c in raw.chars() {
        match c {
            '(' | '[' | '{' => depth = depth.saturating_add(1),
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                kept.push(' ');
            }
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    let mut key = normalise_header(&kept);
    for zone in [" utc", " gmt"] {
        if let Some(rest) = key.strip_suffix(zone) {
            key = rest.to_string();
        }
    }
    key
}

/// True when `key` (normalised) contains the words of `pattern`; a
/// trailing `*` lets the last word be a prefix.
fn contains_words(key: &str, pattern: &str) -> bool {
    let (body, prefix) = match pattern.strip_suffix('*') {
        Some(b) => (b, true),
        None => (pattern, false),
    };
    if body.is_empty() {
        return false;
    }
    let bytes = key.as_bytes();
    let mut start = 0usize;
    while start <= key.len() {
        let at_boundary = start == 0 || bytes.get(start.wrapping_sub(1)) == Some(&b' ');
        if at_boundary {
            if let Some(rest) = key.get(start..) {
                if let Some(after) = rest.strip_prefix(body) {
                    if prefix || after.is_empty() || after.starts_with(' ') {
                        return true;
                    }
                }
            }
        }
        match key.get(start..).and_then(|r| r.find(' ')) {
            Some(pos) => start = start.saturating_add(pos).saturating_add(1),
            None => break,
        }
    }
    false
}

/// A header's comparison keys, computed once.
struct Keys {
    full: String,
    stripped: String,
}

impl Keys {
    fn new(raw: &str) -> Self {
        Keys {
            full: normalise_header(raw),
            stripped: stripped_key(raw),
        }
    }
}

/// The best (strength, alias index) with which `keys` match `spec`.
fn match_field(spec: &FieldSpec, keys: &Keys) -> Option<(u32, usize)> {
    if keys.full.is_empty() && keys.stripped.is_empty() {
        return None;
    }
    let prefixes = spec.kind.prefixes();
    let unprefixed = |k: &str, alias: &str| {
        prefixes
            .iter()
            .any(|p| k.strip_prefix(p).is_some_and(|rest| rest == alias))
    };
    let mut best: Option<(u32, usize)> = None;
    for (i, alias) in spec.aliases.iter().enumerate() {
        let strength = if let Some(pattern) = alias.strip_prefix('~') {
            let vetoed = spec.vetoes.iter().any(|v| contains_words(&keys.full, v));
            if !vetoed && contains_words(&keys.full, pattern) {
                STRENGTH_CONTAINS
            } else {
                continue;
            }
        } else if keys.full == *alias {
            STRENGTH_EXACT
        } else if !keys.stripped.is_empty()
            && (keys.stripped == *alias
                || unprefixed(&keys.full, alias)
                || unprefixed(&keys.stripped, alias))
        {
            STRENGTH_STRIPPED
        } else {
            continue;
        };
        let better = match best {
            None => true,
            Some((s, _)) => strength > s,
        };
        if better {
            best = Some((strength, i));
        }
    }
    best
}

/// Which fields a header could match, found without trying every alias:
/// exact and stripped aliases by hash lookup (also with each kind's prefix
/// removed), plus every field that has contains-patterns. [`match_field`]
/// stays the authority; the index only skips fields that cannot match, so a
/// file with 100,000 columns is read in linear time.
struct AliasIndex {
    /// Exact and stripped aliases, sorted, each with the field specs that
    /// have it (one bit per spec): a binary search finds them, with no
    /// hash map in the wasm.
    exact: Vec<(&'static str, u128)>,
    /// (first word of a contains-pattern without its `*`, field spec):
    /// a header can only contains-match a field if it contains the word.
    pattern_stems: Vec<(&'static str, usize)>,
    prefixes: Vec<&'static str>,
}

impl AliasIndex {
    fn build() -> Self {
        let mut exact: Vec<(&'static str, u128)> = Vec::new();
        let mut pattern_stems = Vec::new();
        for (i, spec) in FIELDS.iter().enumerate() {
            for alias in spec.aliases {
                if let Some(pattern) = alias.strip_prefix('~') {
                    let first = pattern.split(' ').next().unwrap_or(pattern);
                    pattern_stems.push((first.trim_end_matches('*'), i));
                } else {
                    exact.push((alias, 1 << i));
                }
            }
        }
        exact.sort_by(|a, b| a.0.cmp(b.0));
        // One entry per alias, its specs merged.
        let mut merged: Vec<(&'static str, u128)> = Vec::with_capacity(exact.len());
        for (alias, specs) in exact {
            match merged.last_mut() {
                Some(last) if last.0 == alias => last.1 |= specs,
                _ => merged.push((alias, specs)),
            }
        }
        // Without repeats; their order does not matter (see `candidates`).
        let mut prefixes: Vec<&'static str> = Vec::new();
        for p in Kind::ALL.iter().flat_map(|k| k.prefixes().iter().copied()) {
            if !prefixes.contains(&p) {
                prefixes.push(p);
            }
        }
        AliasIndex {
            exact: merged,
            pattern_stems,
            prefixes,
        }
    }

    /// The field specs that have `alias` as an exact alias, one bit each.
    fn exact(&self, alias: &str) -> u128 {
        self.exact
            .binary_search_by(|(a, _)| (*a).cmp(alias))
            .map_or(0, |at| self.exact.get(at).map_or(0, |e| e.1))
    }

    /// The field specs (indices into `FIELDS`) that may match `keys`,
    /// sorted and without repeats.
    fn candidates(&self, keys: &Keys, out: &mut Vec<usize>) {
        out.clear();
        if keys.full.is_empty() && keys.stripped.is_empty() {
            return;
        }
        // One bit per field spec: sorted and free of repeats without a sort.
        let mut found = 0u128;
        for &(stem, i) in &self.pattern_stems {
            if keys.full.contains(stem) {
                found |= 1 << i;
            }
        }
        for key in [keys.full.as_str(), keys.stripped.as_str()] {
            if key.is_empty() {
                continue;
            }
            found |= self.exact(key);
            for p in &self.prefixes {
                if let Some(rest) = key.strip_prefix(p) {
                    found |= self.exact(rest);
                }
            }
        }
        out.extend((0..FIELD_COUNT).filter(|i| found & (1 << i) != 0));
    }
}

fn alias_index() -> &'static AliasIndex {
    static INDEX: std::sync::OnceLock<AliasIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(AliasIndex::build)
}

/// Assigns columns to the fields of `kind`; returns the mapping and score.
fn assign(kind: Kind, keys: &[Keys], headers: &[&str]) -> (Mapping, u32) {
    // (strength, weight, alias index, column, field)
    let mut candidates: Vec<(u32, u32, usize, usize, Field)> = Vec::new();
    let index = alias_index();
    let mut specs: Vec<usize> = Vec::new();
    for (column, k) in keys.iter().enumerate() {
        index.candidates(k, &mut specs);
        for &i in &specs {
            let spec = &FIELDS[i];
            if spec.kind != kind {
                continue;
            }
            if let Some((strength, alias)) = match_field(spec, k) {
                candidates.push((strength, spec.weight, alias, column, spec.field));
            }
        }
    }
    // Strongest first; a stable sort keeps full ties in their order.
    candidates.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut mapping = Mapping::new();
    let mut used_columns: Vec<bool> = vec![false; keys.len()];
    let mut score = 0u32;
    for (strength, weight, _, column, field) in candidates {
        let taken = used_columns.get(column).copied().unwrap_or(true);
        if taken || mapping.get(field).is_some() {
            continue;
        }
        if let Some(slot) = used_columns.get_mut(column) {
            *slot = true;
        }
        let header = headers.get(column).copied().unwrap_or("");
        mapping.entries.push(MappedColumn {
            field,
            column,
            header: header.to_string(),
        });
        score = score.saturating_add(weight.saturating_mul(strength));
    }
    by_field(&mut mapping.entries);
    let nouns = kind.nouns();
    for k in keys {
        if nouns.iter().any(|n| contains_words(&k.full, n)) {
            score = score.saturating_add(NOUN_BONUS);
        }
    }
    (mapping, score)
}

/// The column → field mapping for `kind`, used when the user forces a kind.
///
/// ```
/// use cxmetrics::ingest::columns::{mapping_for, Field, Kind};
/// let m = mapping_for(Kind::Spend, &["Mes", "Canal", "Inversión", "Nuevos clientes"]);
/// assert_eq!(m.get(Field::SpendDate), Some(0));
/// assert_eq!(m.get(Field::Spend), Some(2));
/// assert_eq!(m.get(Field::NewCustomers), Some(3));
/// ```
pub fn mapping_for(kind: Kind, headers: &[&str]) -> Mapping {
    let keys: Vec<Keys> = headers.iter().map(|h| Keys::new(h)).collect();
    assign(kind, &keys, headers).0
}

/// Works out the kind of data and its mapping from the header row.
///
/// A kind is chosen when it has a distinctive field (not just `id`, `date`,
/// `status` …), all its required fields ([`required_fields`]) and a score of
/// at least [`MIN_SCORE`]; the highest score wins. Otherwise `kind` is
/// `None` and `message` says which columns were expected.
///
/// ```
/// use cxmetrics::ingest::columns::{detect, Field, Kind};
/// let d = detect(&["Id", "Requester id", "Status", "Created at", "Solved at", "Replies"]);
/// assert_eq!(d.kind, Some(Kind::Tickets));
/// assert_eq!(d.mapping.get(Field::SolvedAt), Some(4));
///
/// let d = detect(&["id", "date", "status"]);
/// assert_eq!(d.kind, None);
/// assert!(d.message.unwrap().contains("expected"));
/// ```
pub fn detect(headers: &[&str]) -> Detection {
    let keys: Vec<Keys> = headers.iter().map(|h| Keys::new(h)).collect();
    let mut scores = Vec::with_capacity(Kind::ALL.len());
    let mut best: Option<(Kind, Mapping, u32)> = None;
    let mut closest: Option<(Kind, Mapping, u32)> = None;
    for kind in Kind::ALL {
        let (mapping, score) = assign(kind, &keys, headers);
        let complete = missing_required(kind, &mapping).is_empty();
        let distinctive = mapping
            .entries
            .iter()
            .any(|e| e.field.spec().weight >= DISTINCTIVE_WEIGHT);
        scores.push(KindScore {
            kind,
            score,
            complete,
        });
        if distinctive && score >= MIN_SCORE {
            let slot = if complete { &mut best } else { &mut closest };
            let better = match slot {
                Some((_, _, s)) => score > *s,
                None => true,
            };
            if better {
                *slot = Some((kind, mapping, score));
            }
        }
    }
    match best {
        Some((kind, mapping, _)) => Detection {
            kind: Some(kind),
            mapping,
            scores,
            message: None,
        },
        None => {
            let message = match closest {
                Some((kind, mapping, _)) => format!(
                    "These columns look closest to {} data, but {} Pick the columns by hand, or choose another kind.",
                    kind.as_str(),
                    lower_first(&missing_sentence(kind, &mapping))
                ),
                None => expected_sentence(),
            };
            Detection {
                kind: None,
                mapping: Mapping::new(),
                scores,
                message: Some(message),
            }
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        // The sentences start with an ASCII kind name.
        Some(c) => std::iter::once(c.to_ascii_lowercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

fn expected_sentence() -> String {
    "The column names do not say what kind of data this is: expected for example a \"Score\" \
     or \"NPS\" column (survey), \"Created at\" with \"First reply at\" or \"Solved at\" (tickets), \
     \"Customer ID\", \"Amount\" and \"Start\" (subscriptions), \"Spend\" and \"New customers\" \
     (spend), \"Account\" with onboarding, usage or renewal columns (accounts), or one row per \
     customer with \"Churn\" and \"Monthly charges\" (customers). \
     Rename the columns or choose the kind and columns by hand."
        .to_string()
}

/// The required fields of `kind`: every group must have at least one of its
/// fields mapped.
///
/// - survey: one of `score`, `csat`, `ces`;
/// - tickets: `created_at` or `first_reply_minutes` (Zendesk's minutes
///   columns stand in for timestamps);
/// - subscriptions: `customer`, `amount` (or a ready `mrr`), and `start`;
/// - spend: `spend` and `new_customers`;
/// - accounts: `account`;
/// - customers: `churned`, `status` or `end_date` (who left).
///
/// ```
/// use cxmetrics::ingest::columns::{required_fields, Field, Kind};
/// assert_eq!(required_fields(Kind::Spend), &[&[Field::Spend][..], &[Field::NewCustomers][..]]);
/// ```
pub fn required_fields(kind: Kind) -> &'static [&'static [Field]] {
    match kind {
        Kind::Survey => &[&[Field::Score, Field::Csat, Field::Ces]],
        Kind::Tickets => &[&[Field::TicketCreatedAt, Field::FirstReplyMinutes]],
        Kind::Subscriptions => &[
            &[Field::Customer],
            &[Field::Amount, Field::Mrr],
            &[Field::Start],
        ],
        Kind::Spend => &[&[Field::Spend], &[Field::NewCustomers]],
        Kind::Accounts => &[&[Field::Account]],
        Kind::Customers => &[&[Field::Churned, Field::CustomerStatus, Field::CustomerEnd]],
    }
}

/// The required groups of `kind` with no field mapped in `mapping`.
///
/// ```
/// use cxmetrics::ingest::columns::{mapping_for, missing_required, Field, Kind};
/// let m = mapping_for(Kind::Subscriptions, &["Customer ID", "Amount"]);
/// assert_eq!(missing_required(Kind::Subscriptions, &m), vec![&[Field::Start][..]]);
/// ```
pub fn missing_required(kind: Kind, mapping: &Mapping) -> Vec<&'static [Field]> {
    required_fields(kind)
        .iter()
        .copied()
        .filter(|group| group.iter().all(|f| mapping.get(*f).is_none()))
        .collect()
}

/// `Ok` when every required field of `kind` is mapped; otherwise one
/// sentence naming the missing columns.
///
/// ```
/// use cxmetrics::ingest::columns::{check_required, mapping_for, Kind};
/// let m = mapping_for(Kind::Spend, &["Month", "Spend"]);
/// assert_eq!(
///     check_required(Kind::Spend, &m).unwrap_err(),
///     "Spend data needs a column for new_customers (e.g. \"New customers\")."
/// );
/// ```
pub fn check_required(kind: Kind, mapping: &Mapping) -> Result<(), String> {
    if missing_required(kind, mapping).is_empty() {
        Ok(())
    } else {
        Err(missing_sentence(kind, mapping))
    }
}

fn missing_sentence(kind: Kind, mapping: &Mapping) -> String {
    let groups: Vec<String> = missing_required(kind, mapping)
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|f| format!("{} (e.g. \"{}\")", f.as_str(), f.example_header()))
                .collect::<Vec<_>>()
                .join(" or ")
        })
        .collect();
    format!(
        "{} data needs a column for {}.",
        kind.title(),
        groups.join(", and one for ")
    )
}

/// Applies user overrides `(field id, column header)` to `mapping` for
/// `kind`. The column is found by its exact header text, else by its
/// normalised form; an empty column (or `-`) unmaps the field. A column
/// given to one field is taken away from any other. If `mapping` holds
/// fields of another kind, it is first replaced by [`mapping_for`]`(kind)`.
///
/// All overrides are checked before any is applied: on error the mapping is
/// unchanged and the sentence names the unknown field or column.
///
/// ```
/// use cxmetrics::ingest::columns::{apply_overrides, mapping_for, Field, Kind};
/// let headers = ["Respondent", "Q1", "Q2"];
/// let mut m = mapping_for(Kind::Survey, &headers);
/// apply_overrides(&mut m, Kind::Survey, &headers, &[("score".into(), "Q1".into())]).unwrap();
/// assert_eq!(m.get(Field::Score), Some(1));
/// let err = apply_overrides(&mut m, Kind::Survey, &headers, &[("scor".into(), "Q2".into())]);
/// assert!(err.unwrap_err().starts_with("There is no field \"scor\" in survey data"));
/// ```
pub fn apply_overrides(
    mapping: &mut Mapping,
    kind: Kind,
    headers: &[&str],
    overrides: &[(String, String)],
) -> Result<(), String> {
    let mut resolved: Vec<(Field, Option<usize>)> = Vec::with_capacity(overrides.len());
    for (field_id, column) in overrides {
        let field = Field::from_id(kind, field_id).ok_or_else(|| {
            let ids: Vec<&str> = Field::for_kind(kind).map(Field::as_str).collect();
            format!(
                "There is no field \"{}\" in {} data: use one of {}.",
                truncate(field_id, 60),
                kind.as_str(),
                ids.join(", ")
            )
        })?;
        let trimmed = column.trim();
        if trimmed.is_empty() || trimmed == "-" {
            resolved.push((field, None));
            continue;
        }
        let index = headers
            .iter()
            .position(|h| *h == column.as_str())
            .or_else(|| headers.iter().position(|h| h.trim() == trimmed))
            .or_else(|| {
                let wanted = normalise_header(trimmed);
                if wanted.is_empty() {
                    None
                } else {
                    headers.iter().position(|h| normalise_header(h) == wanted)
                }
            })
            .ok_or_else(|| {
                let shown: Vec<String> = headers
                    .iter()
                    .take(20)
                    .map(|h| format!("\"{}\"", truncate(h, 40)))
                    .collect();
                let more = if headers.len() > 20 { ", …" } else { "" };
                format!(
                    "There is no column \"{}\" for {}: the columns are {}{}.",
                    truncate(column, 60),
                    field.as_str(),
                    shown.join(", "),
                    more
                )
            })?;
        resolved.push((field, Some(index)));
    }
    if mapping.entries.iter().any(|e| e.field.kind() != kind) {
        *mapping = mapping_for(kind, headers);
    }
    for (field, index) in resolved {
        match index {
            Some(i) => mapping.set(field, i, headers.get(i).copied().unwrap_or("")),
            None => mapping.remove(field),
        }
    }
    Ok(())
}

fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max_chars).collect();
        t.push('…');
        t
    }
}

/// A cell that holds a value rather than a name: a number (with sign,
/// thousands separators, decimal comma or point, percent, a currency sign
/// or code in front) or a date/time made of digits and `- / : . T Z`,
/// optionally ending in AM/PM.
fn is_value_like(cell: &str) -> bool {
    let mut s = cell.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\u{feff}');
    for sign in [
        "R$", "US$", "Rp", "$", "€", "£", "¥", "USD", "EUR", "BRL", "IDR",
    ] {
        if let Some(rest) = s.strip_prefix(sign) {
            s = rest.trim_start();
            break;
        }
    }
    for meridiem in [" AM", " PM", " am", " pm", "AM", "PM", "am", "pm"] {
        if let Some(rest) = s.strip_suffix(meridiem) {
            s = rest;
            break;
        }
    }
    let mut digits = 0usize;
    for c in s.chars() {
        match c {
            '0'..='9' => digits = digits.saturating_add(1),
            '+' | '-' | '.' | ',' | '\'' | '%' | ' ' | '\u{a0}' | '\u{202f}' | '/' | ':' | 'T'
            | 'Z' => {}
            _ => return false,
        }
    }
    digits > 0
}

/// False when the row holds values rather than column names: every
/// non-empty cell is a number or a date (e.g. pasted scores, one per line,
/// with no header), or the row is empty. The reader then treats row 1 as
/// data.
///
/// ```
/// use cxmetrics::ingest::columns::looks_like_header;
/// assert!(!looks_like_header(&["9"]));
/// assert!(!looks_like_header(&["2024-03-05", "10"]));
/// assert!(looks_like_header(&["Score"]));
/// assert!(looks_like_header(&["Name", "2024"]));
/// ```
pub fn looks_like_header(row: &[&str]) -> bool {
    row.iter()
        .any(|cell| !cell.trim().is_empty() && !is_value_like(cell))
}

/// Second-row labels SurveyMonkey writes under each question.
const SECOND_ROW_LABELS: &[&str] = &[
    "response",
    "open ended response",
    "other please specify",
    "other",
    "respuesta",
    "respuesta abierta",
    "otro especifique",
    "resposta",
    "resposta aberta",
    "outro especifique",
    "reponse",
    "reponse ouverte",
    "autre veuillez preciser",
    "jawaban",
    "jawaban terbuka",
    "respons",
    "lainnya",
];

/// True for SurveyMonkey's second header row, which sits between the
/// header and the data: no cell is a number or a date (data rows carry a
/// respondent id and dates), at least one cell is non-empty, and either
/// some cell is a SurveyMonkey label (`Response`, `Open-Ended Response`,
/// `Other (please specify)`, or their Spanish, Portuguese, French,
/// Indonesian forms), or the first cell is empty while the first column is
/// filled in every row below it (`first_cells_below`, at least one: the
/// respondent ids under the answer labels of a file without a `Response`
/// cell). A row whose first cell is as empty as the rows below it is data:
/// `a,b,c` / `,e,f` / `,h,i` has one header line and two data rows. Meant
/// for row 2 of a file whose row 1 is a header.
///
/// ```
/// use cxmetrics::ingest::columns::is_second_header_row;
/// assert!(is_second_header_row(&["", "", "", "Response", "Open-Ended Response"], &[]));
/// assert!(is_second_header_row(&["", "", "Very satisfied", "Satisfied"], &["114427394"]));
/// assert!(!is_second_header_row(&["", "", "Very satisfied", "Satisfied"], &[]));
/// assert!(!is_second_header_row(&["", "e", "f"], &["", "h"]));
/// assert!(!is_second_header_row(&["114427394", "2024-03-01", "9", "Great"], &[]));
/// ```
pub fn is_second_header_row(row: &[&str], first_cells_below: &[&str]) -> bool {
    let mut non_empty = 0usize;
    let mut label = false;
    for cell in row {
        if cell.trim().is_empty() {
            continue;
        }
        if is_value_like(cell) {
            return false;
        }
        non_empty = non_empty.saturating_add(1);
        let key = normalise_header(cell);
        if SECOND_ROW_LABELS.contains(&key.as_str()) {
            label = true;
        }
    }
    let first_empty = row.first().map_or(true, |c| c.trim().is_empty());
    let filled_below =
        !first_cells_below.is_empty() && first_cells_below.iter().all(|c| !c.trim().is_empty());
    non_empty > 0 && (label || (first_empty && filled_below))
}

/// The header text given to the single column of a headerless paste.
pub const HEADERLESS_COLUMN: &str = "Column 1";

/// Detection for a file whose first row is data (see
/// [`looks_like_header`]): a single column of numbers is read as survey
/// scores (`score` → column 0, named [`HEADERLESS_COLUMN`]; the user can
/// move it to `csat` or `ces` with [`apply_overrides`]). Anything wider has
/// no names to go by, and gets `kind: None` with a sentence.
///
/// ```
/// use cxmetrics::ingest::columns::{detect_headerless, Field, Kind};
/// let d = detect_headerless(&["9"]);
/// assert_eq!(d.kind, Some(Kind::Survey));
/// assert_eq!(d.mapping.get(Field::Score), Some(0));
/// assert_eq!(detect_headerless(&["9", "2024-01-01"]).kind, None);
/// ```
pub fn detect_headerless(first_row: &[&str]) -> Detection {
    let single = first_row.len() == 1
        && first_row
            .first()
            .is_some_and(|c| !c.trim().is_empty() && is_value_like(c));
    let scores = Kind::ALL
        .iter()
        .map(|&kind| KindScore {
            kind,
            score: 0,
            complete: false,
        })
        .collect();
    if single {
        let mut mapping = Mapping::new();
        mapping.set(Field::Score, 0, HEADERLESS_COLUMN);
        Detection {
            kind: Some(Kind::Survey),
            mapping,
            scores,
            message: None,
        }
    } else {
        Detection {
            kind: None,
            mapping: Mapping::new(),
            scores,
            message: Some(
                "The first row holds values, not column names: add a header row naming the \
                 columns (for example \"Created at\" or \"Score\"), or choose the kind and \
                 columns by hand."
                    .to_string(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_time_units() {
        use TimeUnit::*;
        for (h, u) in [
            ("resolution_time_hours", Some(Hours)),
            ("Resolution time (h)", Some(Hours)),
            ("resolution_h", Some(Hours)),
            ("Tiempo de resolución (horas)", Some(Hours)),
            ("temps de résolution en heures", Some(Hours)),
            ("waktu penyelesaian (jam)", Some(Hours)),
            ("resolution time hrs", Some(Hours)),
            ("resolution days", Some(Days)),
            ("first_response_time_minutes", Some(Minutes)),
            (
                "First reply time in minutes within business hours",
                Some(Minutes),
            ),
            ("resolution time within business hours", None),
            ("waktu balasan pertama jam kerja", None),
            ("tenure", None),
            ("Tenure", None),
            ("tenure_months", Some(Months)),
            ("Antigüedad (meses)", Some(Months)),
            ("ancienneté (mois)", Some(Months)),
            ("lama berlangganan bulan", Some(Months)),
            ("tenure_years", Some(Years)),
            ("Antigüedad (años)", Some(Years)),
            ("tempo de casa (anos)", Some(Years)),
            ("ancienneté en ans", Some(Years)),
            ("masa berlangganan tahun", Some(Years)),
        ] {
            assert_eq!(header_time_unit(h), u, "{h}");
        }
    }

    /// Header row (1-based `row`) of a fixture under tests/fixtures/exports.
    fn fixture_row(text: &str, delimiter: u8, row: usize) -> Vec<String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let record = reader
            .records()
            .nth(row - 1)
            .expect("fixture has the row")
            .expect("fixture row parses");
        record.iter().map(str::to_string).collect()
    }

    macro_rules! fixture {
        ($name:literal) => {
            include_str!(concat!("../../tests/fixtures/exports/", $name))
        };
    }

    const FIXTURES: &[(&str, &str, u8, Kind)] = &[
        (
            "zendesk_tickets.csv",
            fixture!("zendesk_tickets.csv"),
            b',',
            Kind::Tickets,
        ),
        (
            "intercom_conversations.csv",
            fixture!("intercom_conversations.csv"),
            b',',
            Kind::Tickets,
        ),
        (
            "stripe_subscriptions.csv",
            fixture!("stripe_subscriptions.csv"),
            b',',
            Kind::Subscriptions,
        ),
        (
            "surveymonkey_nps.csv",
            fixture!("surveymonkey_nps.csv"),
            b',',
            Kind::Survey,
        ),
        (
            "typeform_nps.csv",
            fixture!("typeform_nps.csv"),
            b',',
            Kind::Survey,
        ),
        (
            "google_forms_nps.csv",
            fixture!("google_forms_nps.csv"),
            b',',
            Kind::Survey,
        ),
        (
            "delighted_nps.csv",
            fixture!("delighted_nps.csv"),
            b',',
            Kind::Survey,
        ),
        (
            "br_assinaturas.csv",
            fixture!("br_assinaturas.csv"),
            b';',
            Kind::Subscriptions,
        ),
        (
            "es_tickets.csv",
            fixture!("es_tickets.csv"),
            b',',
            Kind::Tickets,
        ),
        (
            "fr_enquete.csv",
            fixture!("fr_enquete.csv"),
            b';',
            Kind::Survey,
        ),
        ("id_akun.csv", fixture!("id_akun.csv"), b';', Kind::Accounts),
        (
            "spend_channels.csv",
            fixture!("spend_channels.csv"),
            b',',
            Kind::Spend,
        ),
    ];

    fn detect_fixture(text: &str, delimiter: u8) -> (Vec<String>, Detection) {
        let headers = fixture_row(text, delimiter, 1);
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        let d = detect(&refs);
        (headers, d)
    }

    /// Detects a fixture and checks kind plus `field → header` pairs.
    fn assert_fixture(name: &str, expected: &[(Field, &str)]) {
        let (_, text, delim, kind) = FIXTURES
            .iter()
            .find(|f| f.0 == name)
            .copied()
            .expect("fixture listed");
        let (headers, d) = detect_fixture(text, delim);
        assert_eq!(d.kind, Some(kind), "{name}: {:?}", d.scores);
        assert!(d.message.is_none());
        assert_eq!(check_required(kind, &d.mapping), Ok(()), "{name}");
        for (field, header) in expected {
            let column = headers
                .iter()
                .position(|h| h == header)
                .unwrap_or_else(|| panic!("{name}: no header {header}"));
            assert_eq!(
                d.mapping.get(*field),
                Some(column),
                "{name}: {} should be {header}, mapping {}",
                field.as_str(),
                serde_json::to_string(&d.mapping).unwrap()
            );
            assert_eq!(d.mapping.header(*field), Some(*header));
        }
        // The user-forced mapping for the same kind is identical.
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        assert_eq!(mapping_for(kind, &refs), d.mapping);
    }

    fn unmapped(name: &str, headers_not_mapped: &[&str]) {
        let (_, text, delim, _) = FIXTURES.iter().find(|f| f.0 == name).copied().unwrap();
        let (headers, d) = detect_fixture(text, delim);
        for h in headers_not_mapped {
            let column = headers.iter().position(|x| x == h).unwrap();
            assert_eq!(
                d.mapping.field_of(column),
                None,
                "{name}: {h} should stay unmapped"
            );
        }
    }

    #[test]
    fn zendesk_export() {
        assert_fixture(
            "zendesk_tickets.csv",
            &[
                (Field::TicketId, "Id"),
                (Field::Requester, "Requester id"),
                (Field::TicketStatus, "Status"),
                (Field::Priority, "Priority"),
                (Field::TicketChannel, "Via"),
                (Field::Category, "Tags"),
                (Field::TicketCreatedAt, "Created at"),
                (Field::SolvedAt, "Solved at"),
                (Field::Replies, "Replies"),
                (Field::Satisfaction, "Satisfaction Score"),
                (Field::FirstReplyMinutes, "First reply time in minutes"),
                (
                    Field::FirstReplyMinutesBusiness,
                    "First reply time in minutes within business hours",
                ),
                (Field::ResolutionMinutes, "Full resolution time in minutes"),
                (
                    Field::ResolutionMinutesBusiness,
                    "Full resolution time in minutes within business hours",
                ),
            ],
        );
        unmapped(
            "zendesk_tickets.csv",
            &[
                "Requester",
                "Subject",
                "Updated at",
                "Assigned at",
                "Initially assigned at",
                "Ticket type",
                "Resolution time",
                "Requester wait time in minutes",
                "Agent wait time in minutes",
                "First resolution time in minutes",
                "Reopens",
            ],
        );
    }

    #[test]
    fn intercom_export() {
        assert_fixture(
            "intercom_conversations.csv",
            &[
                (Field::TicketId, "conversation_id"),
                (Field::TicketCreatedAt, "conversation_created_at"),
                (Field::FirstReplyAt, "conversation_first_response_at"),
                (Field::SolvedAt, "conversation_closed_at"),
                (Field::TicketStatus, "conversation_state"),
                (Field::Category, "conversation_tags"),
                (Field::Requester, "user_id"),
                (Field::Satisfaction, "Conversation rating"),
            ],
        );
        unmapped(
            "intercom_conversations.csv",
            &["Conversation rating remark", "assignee_name"],
        );
    }

    #[test]
    fn stripe_export() {
        assert_fixture(
            "stripe_subscriptions.csv",
            &[
                (Field::SubscriptionId, "id"),
                (Field::Customer, "Customer ID"),
                (Field::Quantity, "Quantity"),
                (Field::Currency, "Currency"),
                (Field::Interval, "Interval"),
                (Field::Amount, "Amount"),
                (Field::SubscriptionStatus, "Status"),
                (Field::SubscriptionCreatedAt, "Created (UTC)"),
                (Field::Start, "Start (UTC)"),
                (Field::CanceledAt, "Canceled At (UTC)"),
                (Field::EndedAt, "Ended At (UTC)"),
            ],
        );
        unmapped(
            "stripe_subscriptions.csv",
            &[
                "Customer Description",
                "Customer Email",
                "Current Period Start (UTC)",
                "Current Period End (UTC)",
                "Trial Start (UTC)",
                "Trial End (UTC)",
                "Cancel At Period End",
            ],
        );
        // Stripe's other spelling of the start column.
        let d = detect(&[
            "id",
            "Customer ID",
            "Amount",
            "Interval",
            "Start Date (UTC)",
            "Status",
        ]);
        assert_eq!(d.kind, Some(Kind::Subscriptions));
        assert_eq!(d.mapping.get(Field::Start), Some(4));
    }

    #[test]
    fn surveymonkey_export() {
        let q = "How likely is it that you would recommend Acme Helpdesk to a friend or colleague?";
        assert_fixture(
            "surveymonkey_nps.csv",
            &[
                (Field::Score, q),
                (Field::Comment, "What is the main reason for your score?"),
                (Field::SurveyDate, "End Date"),
            ],
        );
        let text = fixture!("surveymonkey_nps.csv");
        let row1 = fixture_row(text, b',', 1);
        let row2 = fixture_row(text, b',', 2);
        let row3 = fixture_row(text, b',', 3);
        fn r(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        assert!(looks_like_header(&r(&row1)));
        let below = [row3[0].as_str()];
        assert!(is_second_header_row(&r(&row2), &[]));
        assert!(is_second_header_row(&r(&row2), &below));
        assert!(!is_second_header_row(&r(&row1), &below) || row1[0].is_empty());
        assert!(!is_second_header_row(&r(&row3), &below));
    }

    #[test]
    fn typeform_export() {
        assert_fixture(
            "typeform_nps.csv",
            &[
                (
                    Field::Score,
                    "How likely are you to recommend Acme to a friend or colleague?",
                ),
                (Field::Comment, "What's the main reason for your score?"),
                (Field::SurveyDate, "Submit Date (UTC)"),
            ],
        );
        unmapped("typeform_nps.csv", &["#", "Start Date (UTC)", "Network ID"]);
    }

    #[test]
    fn google_forms_export() {
        assert_fixture(
            "google_forms_nps.csv",
            &[
                (
                    Field::Score,
                    "How likely are you to recommend Acme to a friend or colleague?",
                ),
                (Field::SurveyDate, "Timestamp"),
                (Field::Comment, "What could we do better?"),
                (Field::Segment, "Which plan are you on?"),
            ],
        );
    }

    #[test]
    fn delighted_export() {
        assert_fixture(
            "delighted_nps.csv",
            &[
                (Field::Score, "Score"),
                (Field::Comment, "Comment"),
                (Field::SurveyDate, "Created At"),
                (Field::Segment, "Plan"),
            ],
        );
    }

    #[test]
    fn brazilian_subscriptions() {
        assert_fixture(
            "br_assinaturas.csv",
            &[
                (Field::SubscriptionId, "ID da assinatura"),
                (Field::Customer, "ID do cliente"),
                (Field::SubscriptionStatus, "Status"),
                (Field::Amount, "Valor"),
                (Field::Currency, "Moeda"),
                (Field::Interval, "Intervalo"),
                (Field::Quantity, "Quantidade"),
                (Field::SubscriptionCreatedAt, "Data de criação"),
                (Field::Start, "Data de início"),
                (Field::CanceledAt, "Cancelado em"),
                (Field::EndedAt, "Encerrado em"),
            ],
        );
        unmapped("br_assinaturas.csv", &["Cliente", "Plano"]);
    }

    #[test]
    fn spanish_tickets() {
        assert_fixture(
            "es_tickets.csv",
            &[
                (Field::TicketId, "ID del ticket"),
                (Field::Requester, "Solicitante"),
                (Field::TicketStatus, "Estado"),
                (Field::Priority, "Prioridad"),
                (Field::TicketChannel, "Canal"),
                (Field::Category, "Categoría"),
                (Field::TicketCreatedAt, "Fecha de creación"),
                (Field::FirstReplyAt, "Fecha de primera respuesta"),
                (Field::SolvedAt, "Fecha de resolución"),
                (Field::Replies, "Respuestas del agente"),
                (Field::Satisfaction, "Calificación de satisfacción"),
            ],
        );
        unmapped("es_tickets.csv", &["Asunto"]);
    }

    #[test]
    fn french_survey() {
        assert_fixture(
            "fr_enquete.csv",
            &[
                (
                    Field::Score,
                    "Quelle est la probabilité que vous recommandiez Acme à un ami ou un collègue ?",
                ),
                (Field::Csat, "Satisfaction globale (1 à 5)"),
                (Field::Ces, "Effort (1 à 7)"),
                (Field::SurveyDate, "Date de réponse"),
                (Field::Comment, "Commentaire"),
                (Field::Segment, "Segment"),
            ],
        );
        unmapped("fr_enquete.csv", &["Identifiant client", "Durée (min)"]);
    }

    #[test]
    fn indonesian_accounts() {
        assert_fixture(
            "id_akun.csv",
            &[
                (Field::Account, "ID Akun"),
                (Field::OnboardingStart, "Mulai Onboarding"),
                (Field::OnboardingDone, "Onboarding Selesai"),
                (Field::EmailsSent, "Email Terkirim"),
                (Field::EmailsOpened, "Email Dibuka"),
                (Field::Sessions, "Sesi"),
                (Field::FeaturesUsed, "Fitur Digunakan"),
                (Field::FeaturesAvailable, "Fitur Tersedia"),
                (Field::PaidUp, "Status Pembayaran"),
                (Field::CustomerSince, "Pelanggan Sejak"),
                (Field::RenewalDue, "Jatuh Tempo Perpanjangan"),
                (Field::Renewed, "Diperpanjang"),
            ],
        );
        unmapped("id_akun.csv", &["Nama Akun"]);
    }

    #[test]
    fn english_spend() {
        assert_fixture(
            "spend_channels.csv",
            &[
                (Field::SpendDate, "Month"),
                (Field::SpendChannel, "Channel"),
                (Field::Spend, "Spend"),
                (Field::NewCustomers, "New customers"),
            ],
        );
        unmapped("spend_channels.csv", &["Campaign", "Clicks"]);
    }

    #[test]
    fn every_fixture_is_listed_and_sidecar_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/exports");
        let mut csvs: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv"))
            .collect();
        csvs.sort();
        let mut listed: Vec<String> = FIXTURES.iter().map(|f| f.0.to_string()).collect();
        listed.sort();
        assert_eq!(csvs, listed);
        for name in listed {
            let sidecar = format!("{dir}/{}", name.replace(".csv", ".expected.md"));
            assert!(std::path::Path::new(&sidecar).exists(), "missing {sidecar}");
        }
    }

    // ------------------------------------------------------------ tricky cases

    #[test]
    fn generic_columns_alone_decide_nothing() {
        for headers in [
            &["id", "date", "status"][..],
            &["Id", "Created at", "Status"][..],
            &["ID", "Date", "Channel", "Status", "Name"][..],
            &["Account"][..],
            &["Comment", "Date"][..],
            &[][..],
            &["", "  ", "#"][..],
        ] {
            let d = detect(headers);
            assert_eq!(d.kind, None, "{headers:?} → {:?}", d.scores);
            assert!(d.mapping.is_empty());
            let m = d.message.expect("a sentence");
            assert!(
                m.contains("expected") || m.contains("needs a column"),
                "{m}"
            );
        }
    }

    #[test]
    fn closest_kind_is_named_when_a_required_column_is_missing() {
        let d = detect(&["id", "Customer ID", "Amount", "Interval", "Created (UTC)"]);
        assert_eq!(d.kind, None);
        let m = d.message.unwrap();
        assert!(m.contains("closest to subscriptions"), "{m}");
        assert!(m.contains("start (e.g. \"Start (UTC)\")"), "{m}");
    }

    #[test]
    fn generic_columns_follow_the_distinctive_ones() {
        // The same generic headers land in whichever kind the rest says.
        let generic = ["id", "date", "status", "channel"];
        let with = |extra: &[&'static str]| {
            let mut h: Vec<&str> = generic.to_vec();
            h.extend_from_slice(extra);
            detect(&h)
        };
        let d = with(&["Score"]);
        assert_eq!(d.kind, Some(Kind::Survey));
        assert_eq!(d.mapping.get(Field::SurveyDate), Some(1));
        let d = with(&["Spend", "New customers"]);
        assert_eq!(d.kind, Some(Kind::Spend));
        assert_eq!(d.mapping.get(Field::SpendChannel), Some(3));
        let d = with(&["Created at", "First reply at", "Priority"]);
        assert_eq!(d.kind, Some(Kind::Tickets));
        assert_eq!(d.mapping.get(Field::TicketStatus), Some(2));
        assert_eq!(d.mapping.get(Field::TicketChannel), Some(3));
        let d = with(&["Customer", "Amount", "Start"]);
        assert_eq!(d.kind, Some(Kind::Subscriptions));
        assert_eq!(d.mapping.get(Field::SubscriptionId), Some(0));
    }

    #[test]
    fn zendesk_minutes_without_timestamps_are_tickets() {
        let d = detect(&[
            "Id",
            "First reply time in minutes",
            "Full resolution time in minutes",
        ]);
        assert_eq!(d.kind, Some(Kind::Tickets));
        assert_eq!(d.mapping.get(Field::FirstReplyMinutes), Some(1));
        assert_eq!(d.mapping.get(Field::ResolutionMinutes), Some(2));
    }

    #[test]
    fn ticket_satisfaction_is_not_a_survey() {
        let d = detect(&["Id", "Created at", "Solved at", "Satisfaction Score"]);
        assert_eq!(d.kind, Some(Kind::Tickets));
        assert_eq!(d.mapping.get(Field::Satisfaction), Some(3));
        // On its own, a satisfaction column is a CSAT survey.
        let d = detect(&["Date", "Satisfaction Score"]);
        assert_eq!(d.kind, Some(Kind::Survey));
        assert_eq!(d.mapping.get(Field::Csat), Some(1));
    }

    #[test]
    fn accents_case_and_punctuation_do_not_matter() {
        for h in [
            "Fecha de creación",
            "FECHA DE CREACION",
            "fecha_de_creacion",
            "\u{feff}\"Fecha  de-Creación\"",
            "Fecha de creacio\u{301}n", // decomposed accent
        ] {
            let m = mapping_for(Kind::Tickets, &[h]);
            assert_eq!(m.get(Field::TicketCreatedAt), Some(0), "{h}");
        }
        for h in ["Data de início", "DATA DE INICIO", "data_de_inicio"] {
            assert_eq!(
                mapping_for(Kind::Subscriptions, &[h]).get(Field::Start),
                Some(0),
                "{h}"
            );
        }
    }

    #[test]
    fn brief_alias_examples_map() {
        for h in [
            "created at",
            "created",
            "fecha de creación",
            "creado",
            "data de criação",
            "criado em",
            "date de création",
            "créé le",
            "tanggal dibuat",
            "dibuat",
        ] {
            assert_eq!(
                mapping_for(Kind::Tickets, &[h]).get(Field::TicketCreatedAt),
                Some(0),
                "{h}"
            );
        }
        for h in [
            "score",
            "NPS",
            "NPS score",
            "nota",
            "puntuación",
            "pontuação",
            "note",
            "skor",
            "nilai",
            "How likely are you to recommend Acme to a friend?",
            "¿Qué tan probable es que recomiende Acme a un amigo?",
            "¿Recomendarías Acme a un amigo?",
            "Qual a probabilidade de você recomendar a Acme a um amigo?",
            "Recomendaria a Acme?",
            "Quelle est la probabilité que vous recommandiez Acme ?",
            "Recommanderiez-vous Acme à un collègue ?",
            "Seberapa besar kemungkinan Anda merekomendasikan Acme kepada teman?",
        ] {
            let d = detect(&["Email", h]);
            assert_eq!(d.kind, Some(Kind::Survey), "{h}");
            assert_eq!(d.mapping.get(Field::Score), Some(1), "{h}");
        }
    }

    #[test]
    fn mixed_languages() {
        let d = detect(&["Fecha", "Score", "Comentário", "Segmento"]);
        assert_eq!(d.kind, Some(Kind::Survey));
        assert_eq!(d.mapping.get(Field::SurveyDate), Some(0));
        assert_eq!(d.mapping.get(Field::Score), Some(1));
        assert_eq!(d.mapping.get(Field::Comment), Some(2));
        assert_eq!(d.mapping.get(Field::Segment), Some(3));

        let d = detect(&[
            "Ticket ID",
            "Créé le",
            "Primeira resposta",
            "Diselesaikan pada",
            "Prioridad",
        ]);
        assert_eq!(d.kind, Some(Kind::Tickets));
        assert_eq!(d.mapping.get(Field::TicketId), Some(0));
        assert_eq!(d.mapping.get(Field::TicketCreatedAt), Some(1));
        assert_eq!(d.mapping.get(Field::FirstReplyAt), Some(2));
        assert_eq!(d.mapping.get(Field::SolvedAt), Some(3));
        assert_eq!(d.mapping.get(Field::Priority), Some(4));
    }

    #[test]
    fn comment_about_the_score_is_not_the_score() {
        let d = detect(&[
            "NPS comment",
            "How likely are you to recommend us? - Comment",
            "NPS",
            "Why did you give this score?",
        ]);
        assert_eq!(d.kind, Some(Kind::Survey));
        assert_eq!(d.mapping.get(Field::Score), Some(2));
        assert_eq!(d.mapping.get(Field::Comment), Some(0));
        // The score question itself wins over any comment column.
        let d = detect(&["Pourquoi ?", "Recommanderiez-vous Acme ?"]);
        assert_eq!(d.mapping.get(Field::Score), Some(1));
        assert_eq!(d.mapping.get(Field::Comment), Some(0));
    }

    #[test]
    fn csat_and_ces_questions() {
        let d = detect(&[
            "How satisfied were you with our support?",
            "How easy was it to get your issue resolved?",
            "Submitted at",
        ]);
        assert_eq!(d.kind, Some(Kind::Survey));
        assert_eq!(d.mapping.get(Field::Csat), Some(0));
        assert_eq!(d.mapping.get(Field::Ces), Some(1));
        assert_eq!(d.mapping.get(Field::SurveyDate), Some(2));
    }

    #[test]
    fn duplicate_headers_map_the_first() {
        let d = detect(&["Score", "Score", "Comment"]);
        assert_eq!(d.mapping.get(Field::Score), Some(0));
        assert_eq!(d.mapping.field_of(1), None);
    }

    #[test]
    fn headerless_scores() {
        assert!(!looks_like_header(&["9"]));
        assert!(!looks_like_header(&[" 10 "]));
        assert!(!looks_like_header(&[
            "-3", "4,5", "1.234,56", "R$ 10,00", "12%"
        ]));
        assert!(!looks_like_header(&[
            "2024-03-05 14:07",
            "05/03/2024",
            "1709647620"
        ]));
        assert!(!looks_like_header(&[]));
        assert!(!looks_like_header(&["", " "]));
        assert!(looks_like_header(&["Score"]));
        assert!(looks_like_header(&["9", "great"]));
        assert!(looks_like_header(&["#", "Q1"]));
        let d = detect_headerless(&["7"]);
        assert_eq!(d.kind, Some(Kind::Survey));
        assert_eq!(
            serde_json::to_string(&d.mapping).unwrap(),
            r#"{"score":"Column 1"}"#
        );
        let mut m = d.mapping.clone();
        apply_overrides(
            &mut m,
            Kind::Survey,
            &[HEADERLESS_COLUMN],
            &[("csat".into(), "Column 1".into())],
        )
        .unwrap();
        assert_eq!(m.get(Field::Csat), Some(0));
        assert_eq!(m.get(Field::Score), None);
        assert!(detect_headerless(&["7", "8"]).message.is_some());
        assert!(detect_headerless(&["abc"]).message.is_some());
    }

    #[test]
    fn second_header_rows() {
        let ids: &[&str] = &["114523987601", "114523987602"];
        for below in [&[][..], ids] {
            assert!(is_second_header_row(
                &["", "", "Response", "Open-Ended Response"],
                below
            ));
            assert!(is_second_header_row(
                &["", "Respuesta", "Respuesta abierta"],
                below
            ));
            assert!(is_second_header_row(
                &["", "Response", "Response", "Other (please specify)"],
                below
            ));
            assert!(!is_second_header_row(
                &["114523987601", "", "10", "Great"],
                below
            ));
            assert!(!is_second_header_row(&["", "", "", ""], below));
            assert!(!is_second_header_row(&[], below));
            assert!(!is_second_header_row(&["Ana", "Great support"], below));
            assert!(!is_second_header_row(
                &["", "03/04/2024 09:12:05 AM", "Response"],
                below
            ));
        }
        // Answer labels without a label cell: a header only above rows
        // whose first column is filled (respondent ids).
        let labels = ["", "", "Very satisfied", "Satisfied", "Neutral"];
        assert!(is_second_header_row(&labels, ids));
        assert!(!is_second_header_row(&labels, &[]));
        assert!(!is_second_header_row(&labels, &["114523987601", ""]));
        // A data row with an empty first cell, like the rows below it.
        assert!(!is_second_header_row(&["", "e", "f"], &["", ""]));
        assert!(!is_second_header_row(&["", "Great support"], &["Ana", ""]));
    }

    // --------------------------------------------------------------- overrides

    #[test]
    fn overrides_set_move_and_unmap() {
        let headers = ["Respondent", "Q1 (0-10)", "Q2", "Notes", "When"];
        let mut m = mapping_for(Kind::Survey, &headers);
        assert_eq!(m.get(Field::Score), None);
        apply_overrides(
            &mut m,
            Kind::Survey,
            &headers,
            &[
                ("score".into(), "Q1 (0-10)".into()),
                ("comment".into(), "notes".into()), // normalised match
                ("Date".into(), " When ".into()),   // field id case-insensitive, header trimmed
            ],
        )
        .unwrap();
        assert_eq!(m.get(Field::Score), Some(1));
        assert_eq!(m.get(Field::Comment), Some(3));
        assert_eq!(m.get(Field::SurveyDate), Some(4));
        assert_eq!(m.header(Field::Comment), Some("Notes"));
        check_required(Kind::Survey, &m).unwrap();

        // Giving Q1 to csat takes it away from score.
        apply_overrides(
            &mut m,
            Kind::Survey,
            &headers,
            &[("csat".into(), "Q1 (0-10)".into())],
        )
        .unwrap();
        assert_eq!(m.get(Field::Csat), Some(1));
        assert_eq!(m.get(Field::Score), None);
        // Empty column unmaps.
        apply_overrides(
            &mut m,
            Kind::Survey,
            &headers,
            &[("comment".into(), "".into())],
        )
        .unwrap();
        assert_eq!(m.get(Field::Comment), None);
        // Entries stay ordered by field.
        let fields: Vec<Field> = m.entries().iter().map(|e| e.field).collect();
        let mut sorted = fields.clone();
        sorted.sort();
        assert_eq!(fields, sorted);
    }

    #[test]
    fn overrides_report_unknown_field_or_column_and_change_nothing() {
        let headers = ["Created", "Solved", "Who"];
        let mut m = mapping_for(Kind::Tickets, &headers);
        let before = m.clone();
        let err = apply_overrides(
            &mut m,
            Kind::Tickets,
            &headers,
            &[
                ("requester".into(), "Who".into()),
                ("score".into(), "Who".into()),
            ],
        )
        .unwrap_err();
        assert!(
            err.starts_with(
                "There is no field \"score\" in tickets data: use one of id, created_at,"
            ),
            "{err}"
        );
        assert_eq!(m, before);
        let err = apply_overrides(
            &mut m,
            Kind::Tickets,
            &headers,
            &[("requester".into(), "Customer".into())],
        )
        .unwrap_err();
        assert_eq!(
            err,
            "There is no column \"Customer\" for requester: the columns are \"Created\", \"Solved\", \"Who\"."
        );
        assert_eq!(m, before);
    }

    #[test]
    fn overrides_for_another_kind_start_from_that_kind() {
        let headers = ["Date", "Score", "Channel"];
        let mut m = detect(&headers).mapping;
        assert_eq!(m.get(Field::Score), Some(1));
        apply_overrides(
            &mut m,
            Kind::Spend,
            &headers,
            &[("spend".into(), "Score".into())],
        )
        .unwrap();
        assert!(m.entries().iter().all(|e| e.field.kind() == Kind::Spend));
        assert_eq!(m.get(Field::Spend), Some(1));
        assert_eq!(m.get(Field::SpendDate), Some(0));
        assert_eq!(m.get(Field::SpendChannel), Some(2));
    }

    // ---------------------------------------------------------- required fields

    #[test]
    fn required_fields_and_sentences() {
        let m = mapping_for(Kind::Tickets, &["Subject"]);
        assert_eq!(
            check_required(Kind::Tickets, &m).unwrap_err(),
            "Tickets data needs a column for created_at (e.g. \"Created at\") or first_reply_minutes (e.g. \"First reply time in minutes\")."
        );
        let m = mapping_for(Kind::Subscriptions, &["Plan"]);
        assert_eq!(missing_required(Kind::Subscriptions, &m).len(), 3);
        assert_eq!(
            check_required(Kind::Subscriptions, &m).unwrap_err(),
            "Subscriptions data needs a column for customer (e.g. \"Customer ID\"), and one for amount (e.g. \"Amount\") or mrr (e.g. \"MRR\"), and one for start (e.g. \"Start (UTC)\")."
        );
        let m = mapping_for(Kind::Subscriptions, &["Customer", "MRR", "Start"]);
        assert_eq!(check_required(Kind::Subscriptions, &m), Ok(()));
        for kind in Kind::ALL {
            assert!(!required_fields(kind).is_empty());
            for group in required_fields(kind) {
                assert!(group.iter().all(|f| f.kind() == kind));
            }
            assert!(check_required(kind, &Mapping::new()).is_err());
        }
        let m = mapping_for(Kind::Survey, &["CES"]);
        assert_eq!(check_required(Kind::Survey, &m), Ok(()));
        let m = mapping_for(Kind::Accounts, &["Company"]);
        assert_eq!(check_required(Kind::Accounts, &m), Ok(()));
    }

    // ------------------------------------------------------- types and tables

    #[test]
    fn field_table_matches_the_enum() {
        for (i, spec) in FIELDS.iter().enumerate() {
            assert_eq!(spec.field as usize, i, "{}", spec.id);
            assert_eq!(spec.field.as_str(), spec.id);
            assert_eq!(Field::from_id(spec.kind, spec.id), Some(spec.field));
            assert!(spec.weight > 0);
            assert!(!spec.aliases.is_empty());
        }
        assert_eq!(Field::all().count(), FIELD_COUNT);
        let total: usize = Kind::ALL.iter().map(|k| Field::for_kind(*k).count()).sum();
        assert_eq!(total, FIELD_COUNT);
    }

    #[test]
    fn aliases_are_normalised_and_unambiguous_within_a_kind() {
        for spec in FIELDS.iter() {
            for alias in spec.aliases.iter().chain(spec.vetoes.iter()) {
                let body = alias.trim_start_matches('~').trim_end_matches('*');
                assert_eq!(normalise_header(body), body, "{} alias {alias}", spec.id);
            }
            // Ids are unique within a kind.
            assert_eq!(
                FIELDS
                    .iter()
                    .filter(|s| s.kind == spec.kind && s.id == spec.id)
                    .count(),
                1
            );
        }
        for kind in Kind::ALL {
            let mut seen: Vec<(&str, &str)> = Vec::new();
            for spec in FIELDS.iter().filter(|s| s.kind == kind) {
                for alias in spec.aliases.iter().filter(|a| !a.starts_with('~')) {
                    if let Some((_, other)) = seen.iter().find(|(a, _)| a == alias) {
                        assert_eq!(*other, spec.id, "alias {alias} in {kind} for two fields");
                    }
                    seen.push((alias, spec.id));
                }
            }
        }
        // Every exact alias maps its own field when it is the only column.
        for spec in FIELDS.iter() {
            for alias in spec.aliases.iter().filter(|a| !a.starts_with('~')) {
                let m = mapping_for(spec.kind, &[alias]);
                assert_eq!(m.get(spec.field), Some(0), "{} alias {alias}", spec.id);
            }
        }
    }

    #[test]
    fn kind_ids_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_str(kind.as_str()), Ok(kind));
            assert_eq!(kind.as_str().to_uppercase().parse::<Kind>(), Ok(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        let err = Kind::from_str("invoices").unwrap_err();
        assert!(err.contains("\"invoices\""), "{err}");
    }

    #[test]
    fn detection_serialises() {
        let d = detect(&["Month", "Spend", "New customers"]);
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["kind"], "spend");
        assert_eq!(
            v["mapping"],
            serde_json::json!({"date": "Month", "spend": "Spend", "new_customers": "New customers"})
        );
        assert_eq!(v["scores"].as_array().unwrap().len(), Kind::ALL.len());
        assert_eq!(v["message"], serde_json::Value::Null);
    }

    #[test]
    fn normalisation_examples() {
        assert_eq!(normalise_header("Data de Criação"), "data de criacao");
        assert_eq!(normalise_header("Straße"), "strasse");
        assert_eq!(normalise_header("Nº do chamado"), "no do chamado");
        assert_eq!(normalise_header("  __Créé--le__ "), "cree le");
        assert_eq!(normalise_header("ÉTAT"), "etat");
        assert_eq!(normalise_header("Œuvre"), "oeuvre");
        assert_eq!(normalise_header("#"), "");
        assert_eq!(normalise_header("Заказ 1"), "заказ 1");
        assert_eq!(stripped_key("Start Date (UTC)"), "start date");
        assert_eq!(stripped_key("Valor (R$)"), "valor");
        assert_eq!(stripped_key("created_at_utc"), "created at");
    }

    /// [`normalise_header`] as it was with `char::to_lowercase`: the
    /// reference the table-free [`lower`] must agree with.
    fn normalise_with_std(raw: &str) -> String {
        normalise_lowered(raw.chars().flat_map(char::to_lowercase), raw.len())
    }

    /// The blocks whose capitals [`lower`] promises to lower-case exactly.
    fn lower_covers(c: char) -> bool {
        matches!(c as u32, 0..=0x17f | 0x386..=0x3ab | 0x400..=0x52f | 0x1e00..=0x1eff | 0x212a | 0x212b)
    }

    #[test]
    fn lower_agrees_with_std_in_its_blocks_and_keeps_the_rest() {
        let mut kept_capitals = 0;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let std: String = c.to_lowercase().collect();
            let one = c.to_string();
            if lower_covers(c) || lower(c) != c {
                let want = if c == '\u{130}' {
                    "i".to_string()
                } else {
                    std.clone()
                };
                assert_eq!(lower(c).to_string(), want, "U+{:04X}", c as u32);
            } else if std != one {
                kept_capitals += 1;
            }
            if std == one || lower_covers(c) {
                assert_eq!(
                    normalise_header(&one),
                    normalise_with_std(&one),
                    "U+{:04X}",
                    c as u32
                );
            } else {
                // A capital of another script stays as it is.
                assert_eq!(normalise_header(&one), one, "U+{:04X}", c as u32);
            }
        }
        assert!(kept_capitals < 1_500, "{kept_capitals}");
    }

    /// Naive cross-check of `contains_words`: pad with spaces and search.
    fn contains_words_naive(key: &str, pattern: &str) -> bool {
        let padded = format!(" {key} ");
        match pattern.strip_suffix('*') {
            Some(body) => !body.is_empty() && padded.contains(&format!(" {body}")),
            None => !pattern.is_empty() && padded.contains(&format!(" {pattern} ")),
        }
    }

    #[test]
    fn contains_words_examples() {
        assert!(contains_words(
            "how likely are you to recommend us",
            "recommend*"
        ));
        assert!(contains_words("recommanderiez vous", "recommand*"));
        assert!(!contains_words("reason for your score", "score*x"));
        assert!(contains_words("reason for your score", "score"));
        assert!(!contains_words("scores", "score"));
        assert!(!contains_words("nps", ""));
        assert!(contains_words("por que nos da esa nota", "por que"));
    }

    use proptest::prelude::*;

    fn header_strategy() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-zA-Z _()#?'-]{0,40}",
            proptest::sample::select(vec![
                "Id",
                "Score",
                "Created at",
                "Solved at",
                "Amount",
                "Customer ID",
                "Start (UTC)",
                "Spend",
                "New customers",
                "Account",
                "Sesi",
                "NPS",
                "Fecha",
                "Tags",
                "Status",
                "",
                "How likely are you to recommend us?",
                "Commentaire",
                "\u{feff}",
                "é",
                "ß",
            ])
            .prop_map(str::to_string),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn detect_never_panics_and_is_consistent(headers in proptest::collection::vec(header_strategy(), 0..24)) {
            let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
            let d = detect(&refs);
            prop_assert_eq!(d.scores.len(), Kind::ALL.len());
            match d.kind {
                Some(kind) => {
                    prop_assert!(d.message.is_none());
                    prop_assert!(check_required(kind, &d.mapping).is_ok());
                    prop_assert!(d.scores.iter().any(|s| s.kind == kind && s.complete && s.score >= MIN_SCORE));
                    prop_assert_eq!(mapping_for(kind, &refs), d.mapping.clone());
                }
                None => {
                    prop_assert!(d.message.is_some());
                    prop_assert!(d.mapping.is_empty());
                }
            }
            let mut columns: Vec<usize> = d.mapping.entries().iter().map(|e| e.column).collect();
            let mut fields: Vec<Field> = d.mapping.entries().iter().map(|e| e.field).collect();
            for e in d.mapping.entries() {
                prop_assert!(e.column < refs.len());
                prop_assert_eq!(e.header.as_str(), refs[e.column]);
                prop_assert_eq!(Some(e.field.kind()), d.kind);
            }
            let n = columns.len();
            columns.sort_unstable();
            columns.dedup();
            fields.dedup();
            prop_assert_eq!(columns.len(), n);
            prop_assert_eq!(fields.len(), n);
            let _ = serde_json::to_string(&d).unwrap();
            let _ = looks_like_header(&refs);
            let _ = is_second_header_row(&refs, &refs);
            let _ = detect_headerless(&refs);
        }

        #[test]
        fn normalise_is_idempotent_and_tidy(s in any::<String>()) {
            let n = normalise_header(&s);
            prop_assert_eq!(normalise_header(&n), n.clone());
            prop_assert!(!n.starts_with(' ') && !n.ends_with(' ') && !n.contains("  "));
            prop_assert!(n.chars().all(|c| c == ' ' || c.is_alphanumeric()));
        }

        #[test]
        fn normalise_ignores_ascii_case(s in "[ -~]{0,30}") {
            prop_assert_eq!(normalise_header(&s.to_ascii_uppercase()), normalise_header(&s.to_ascii_lowercase()));
        }

        #[test]
        fn contains_words_matches_naive(key in "[a-c ]{0,12}", pattern in "[a-c]{0,3}( [a-c]{1,2})?\\*?") {
            let key = normalise_header(&key);
            prop_assert_eq!(contains_words(&key, &pattern), contains_words_naive(&key, &pattern));
        }

        #[test]
        fn overrides_never_panic(
            headers in proptest::collection::vec(header_strategy(), 0..8),
            overrides in proptest::collection::vec((header_strategy(), header_strategy()), 0..4),
            kind_index in 0usize..5,
        ) {
            let kind = Kind::ALL[kind_index];
            let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
            let mut m = detect(&refs).mapping;
            let before = m.clone();
            match apply_overrides(&mut m, kind, &refs, &overrides) {
                Ok(()) => {
                    for e in m.entries() {
                        prop_assert_eq!(e.field.kind(), kind);
                        prop_assert!(e.column < refs.len());
                    }
                }
                Err(sentence) => {
                    prop_assert_eq!(m, before);
                    prop_assert!(sentence.starts_with("There is no"));
                }
            }
        }
    }
}
