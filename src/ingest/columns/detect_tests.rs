//! Tests of kind detection: the known exports, five languages, header rows.

use super::*;
use proptest::prelude::*;

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
        include_str!(concat!("../../../tests/fixtures/exports/", $name))
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

pub(super) fn header_strategy() -> impl Strategy<Value = String> {
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
}
