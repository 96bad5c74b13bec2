//! Tests of opening a file: kinds, mappings, styles, checks.

use super::*;

fn rows(cells: &[&str]) -> Vec<(u64, Vec<String>)> {
    cells
        .iter()
        .enumerate()
        .map(|(i, c)| (i as u64 + 2, vec![c.to_string()]))
        .collect()
}

/// Durations written as minutes or h:mm stay durations; timestamps in
/// a duration column move to the timestamp field, or out when it is
/// taken or the user mapped the column.
#[test]
fn timestamps_in_a_duration_column() {
    let header = "First response time";
    let stamps = rows(&[
        "2023-06-01 12:15:36",
        "6/1/2023 12:15",
        "",
        "01/06/2023 07:29",
    ]);
    for durations in [
        rows(&["12:30", "1:02:30", "45", ""]),
        rows(&["90", "2,5", "0"]),
    ] {
        let mut m = Mapping::new();
        m.set(Field::FirstReplyMinutes, 0, header);
        let mut inferred = Vec::new();
        retarget_timestamps(&mut m, &durations, &[], &mut inferred);
        assert_eq!(m.get(Field::FirstReplyMinutes), Some(0));
        assert!(inferred.is_empty());
    }
    let mut m = Mapping::new();
    m.set(Field::FirstReplyMinutes, 0, header);
    let mut inferred = Vec::new();
    retarget_timestamps(&mut m, &stamps, &[], &mut inferred);
    assert_eq!(
        (m.get(Field::FirstReplyAt), m.get(Field::FirstReplyMinutes)),
        (Some(0), None)
    );
    assert_eq!(inferred[0].code, "column_is_timestamp");
    assert_eq!(inferred[0].params["to"], "first_reply_at");

    // No twin for business-hours durations: left out.
    let mut m = Mapping::new();
    m.set(Field::FirstReplyMinutesBusiness, 0, header);
    let mut inferred = Vec::new();
    retarget_timestamps(&mut m, &stamps, &[], &mut inferred);
    assert!(m.is_empty());
    assert_eq!(inferred[0].params["to"], Value::Null);

    // Mapped by the user: kept as they said.
    let mut m = Mapping::new();
    m.set(Field::FirstReplyMinutes, 0, header);
    let mut inferred = Vec::new();
    retarget_timestamps(&mut m, &stamps, &[Field::FirstReplyMinutes], &mut inferred);
    assert_eq!(m.get(Field::FirstReplyMinutes), Some(0));
    assert!(inferred.is_empty());
}

/// The per-field table gives what the mapping and date styles say.
#[test]
fn field_table_matches_mapping() {
    let headers: Vec<String> = [
        "Id",
        "Requester",
        "Status",
        "Created at",
        "Solved at",
        "Tags",
        "Updated at",
        "First reply time in minutes",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let sample = vec![(
        2,
        [
            "1",
            "a",
            "solved",
            "03/04/2024 10:00",
            "2024-03-05 11:00",
            "x",
            "",
            "5",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    )];
    let settings = Settings {
        date_order: Some(DateStyle::DayFirst),
        ..Settings::default()
    };
    let (_, _, _) = open(&headers, 1, &sample, &settings).unwrap();
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mapping = columns::detect(&refs).mapping;
    let ctx = decide_styles(Kind::Tickets, mapping, &headers, &sample, &settings).unwrap();
    assert!(ctx.mapping.len() >= 5);
    for field in Field::all() {
        assert_eq!(ctx.column(field), ctx.mapping.get(field), "{field}");
        let style = ctx
            .date_styles
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(DateStyle::Iso, |(_, s)| *s);
        assert_eq!(ctx.date_style(field), style, "{field}");
    }
    assert_eq!(ctx.date_style(Field::TicketCreatedAt), DateStyle::DayFirst);
}
