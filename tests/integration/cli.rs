//! The command line prints exactly the library's report, and its exit codes.

use super::common::*;
use std::io::Write;
use std::process::{Command, Stdio};

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cxmetrics"))
}

#[test]
fn json_is_the_library_report() {
    for name in all_fixtures() {
        let out = cli()
            .args(["report", "--json"])
            .arg(fixture(name))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}");
        let printed = String::from_utf8(out.stdout).unwrap();
        assert_eq!(printed.trim_end(), report_of(name).to_json(), "{name}");
    }
}

#[test]
fn standard_input_and_overrides() {
    let mut child = cli()
        .args([
            "report",
            "-",
            "--json",
            "--map",
            "score=Nota",
            "--delimiter",
            ";",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Nome;Nota\nAna;10\nBia;6\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["metrics"]["nps"]["value"], 0.0);
    assert_eq!(report["settings"]["mapping"]["score"], "Nota");
}

#[test]
fn exit_codes() {
    let out = cli()
        .args(["report", "/no/such/file.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "cxmetrics: Cannot open /no/such/file.csv: no such file.\n"
    );
    let out = cli()
        .args(["report", "x.csv", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = cli()
        .args(["report", "x.csv", "--map", "oops"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let mut child = cli()
        .args(["report", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"\x89PNG\r\n\x1a\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("cxmetrics: This is a PNG image"));
}

#[test]
fn the_summary_says_which_lines_are_header() {
    let said = |args: &[&str], name: &str| {
        let out = cli()
            .arg("report")
            .args(args)
            .arg(fixture(name))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}");
        String::from_utf8(out.stdout).unwrap()
    };
    let s = said(&[], "exports/surveymonkey_nps.csv");
    assert!(s.contains("\n  header: lines 1 and 2\n"), "{s}");
    assert!(!s.contains("header_lines"), "{s}");
    let s = said(&[], "exports/zendesk_tickets.csv");
    assert!(s.contains("\n  header: line 1\n"), "{s}");
    let mut child = cli()
        .args(["report", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"9\n10\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("\n  header: none, the first line is data\n"),
        "{s}"
    );
}

/// Runs the binary on `stdin` with `args`: (status, stdout, stderr).
fn run(args: &[&str], stdin: &[u8]) -> (Option<i32>, String, String) {
    let mut child = cli()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_summary_has_sections_labels_and_units() {
    let spend = "Mês;Canal;Investimento;Novos clientes\n\
2024-01;Google;R$ 4.000,00;2\n\
2024-02;Google;R$ 1.234,56;1\n\
2024-02;Eventos;R$ 765,44;1\n";
    let (code, out, err) = run(&["report", "-"], spend.as_bytes());
    assert_eq!(code, Some(0));
    assert_eq!(err, "");
    assert!(
        out.starts_with(
            "spend · 3 rows read, 3 used, 0 skipped · money in BRL (from the data)\n  header: line 1\n\
\nAcquisition\n  New customers  4\n  Spend          R$ 6,000.00\n  CAC            R$ 1,500.00\n"
        ),
        "{out}"
    );
    // Settings only when asked.
    assert!(!out.contains("number_style"), "{out}");
    let (_, verbose, _) = run(&["report", "-", "--verbose"], spend.as_bytes());
    assert!(verbose.contains("\nSettings\n  columns: "), "{verbose}");
    assert!(verbose.contains("  number_style: comma\n"), "{verbose}");
    // The user's currency wins.
    let (_, euros, _) = run(&["report", "-", "--currency", "eur"], spend.as_bytes());
    assert!(euros.contains("money in EUR (as set)"), "{euros}");
    assert!(euros.contains("  CAC            € 1,500.00\n"), "{euros}");

    // Percentages, durations and counts.
    let out = cli()
        .args(["report"])
        .arg(fixture("exports/zendesk_tickets.csv"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "\nVolume\n  Tickets ",
        "\nResponse and resolution\n",
        "  SLA attainment                                  64.3 %\n",
        "  First response (median)                         32 min\n",
        "  Resolution (median)                             1.6 h\n",
        "  Open backlog                                    4\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    let subs = cli()
        .args(["report"])
        .arg(fixture("exports/br_assinaturas.csv"))
        .output()
        .unwrap();
    let text = String::from_utf8(subs.stdout).unwrap();
    assert!(text.contains("\nRevenue\n"), "{text}");
    assert!(
        text.contains("  Monthly customer churn       6.2 %\n"),
        "{text}"
    );
    assert!(
        text.contains("  LTV                          R$ 11,014.29\n"),
        "{text}"
    );
    assert!(
        text.contains("  Expected lifetime            16.0 months\n"),
        "{text}"
    );
}

#[test]
fn warnings_guesses_and_unreadable_cells_go_to_stderr() {
    let mixed = "Month;Spend;New customers\n2024-01;R$ 4.000,00;2\n2024-02;US$ 1.000,00;1\n";
    let (code, out, err) = run(&["report", "-"], mixed.as_bytes());
    assert_eq!(code, Some(0));
    assert!(
        err.contains("warning currency_mixed (cac, spend): adds amounts in more than one currency (BRL in 1 cell, USD in 1 cell) without converting them.\n"),
        "{err}"
    );
    assert!(
        err.contains("notice: the amounts are in more than one currency"),
        "{err}"
    );
    assert!(!out.contains("warning"), "{out}");
    // The same lines beside --json, whose standard output stays the JSON.
    let (_, json, err_json) = run(&["report", "-", "--json"], mixed.as_bytes());
    assert_eq!(err_json, err);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());

    let out = cli()
        .args(["report"])
        .arg(fixture("exports/spend_channels.csv"))
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("guess currency_guessed (cac, spend): amounts are written with “$”"),
        "{err}"
    );
    // Unreadable cells: src/bin/cxmetrics.rs tests their line on a report
    // that has them.
}

#[test]
fn fields_lists_what_map_accepts() {
    let out = cli().args(["fields", "spend"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("spend  (--kind spend; --map FIELD=COLUMN)\n"),
        "{text}"
    );
    assert!(
        text.contains("  spend (money)           money spent on acquisition; headers: Spend, "),
        "{text}"
    );
    assert!(text.contains("  new_customers (number)  customers won; headers: New customers, "));
    // Every field of every kind, each once, as the JS API's field_ids lists them.
    let out = cli().args(["fields"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for kind in ["survey", "tickets", "subscriptions", "spend", "accounts"] {
        assert!(text.contains(&format!("{kind}  (--kind {kind};")), "{kind}");
        let kind: cxmetrics::ingest::columns::Kind = kind.parse().unwrap();
        for field in cxmetrics::ingest::columns::Field::for_kind(kind) {
            assert!(
                text.contains(&format!("\n  {} (", field.as_str())),
                "{field}"
            );
        }
    }
    assert!(text.contains("  currency (text)"), "{text}");
    assert!(text.contains("  first_reply_minutes (minutes or h:mm)"));
    let out = cli().args(["fields", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "cxmetrics: The kind “nope” is not one of survey, tickets, subscriptions, spend, accounts.\n"
    );
}

/// `--tenure-unit years` reads an unlabelled 0–10 tenure in years; without
/// it the tenure figures are undefined (the unit is unclear).
#[test]
fn tenure_unit_flag() {
    let csv = b"CustomerId,Tenure,Exited\na,2,1\nb,10,0\n";
    let (code, out, err) = run(&["report", "-", "--json", "--tenure-unit", "years"], csv);
    assert_eq!(code, Some(0), "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["metrics"]["average_tenure_months"]["value"], 72.0);
    assert_eq!(r["settings"]["tenure_unit"], "years");
    let (_, out, _) = run(&["report", "-", "--json"], csv);
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(r["metrics"]["average_tenure_months"]["value"].is_null());
    assert_eq!(r["settings"]["tenure_unit"], "unclear");
}

#[test]
fn threads_give_the_same_report_as_standard_input() {
    // Over two ranges of 4 MiB: read in parts on 2 and 3 threads, in one
    // pass on 1 and from standard input. Quoted line breaks, CRLF and
    // unreadable rows along the way.
    let row =
        "9,\"bom\r\nSão Paulo\",2024-03-04\r\n3,ruim,04/03/2024\r\nabc,x,2024-13-01\r\n10,ok,\r\n";
    let text = "Score,Comment,Date\r\n".to_string() + &row.repeat(9 << 20 >> 6);
    assert!(text.len() > 9 << 20);
    let path =
        std::env::temp_dir().join(format!("cxmetrics-cli-threads-{}.csv", std::process::id()));
    std::fs::write(&path, &text).unwrap();
    let (code, from_stdin, _) = run(&["report", "-", "--json"], text.as_bytes());
    assert_eq!(code, Some(0));
    for threads in ["1", "2", "3"] {
        let out = cli()
            .args(["report", "--json", "--threads", threads])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{threads} threads");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            from_stdin,
            "{threads} threads"
        );
    }
    let (code, _, err) = run(&["report", "--threads", "0", "-"], b"");
    assert_eq!(code, Some(2), "{err}");
    std::fs::remove_file(&path).unwrap();
}
