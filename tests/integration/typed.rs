//! The typed table of the rows the core used (`Session::collecting_typed`,
//! `cxmetrics typed`), and the long table of figures on the command line
//! (`report --flat`, `report --figures`).

use super::common::*;
use cxmetrics::session::{Session, Settings};

/// The report and the typed table of `bytes`.
fn typed(bytes: &[u8], settings: Settings, chunk: usize) -> (cxmetrics::report::Report, String) {
    let mut s = Session::new(settings).unwrap().collecting_typed();
    let mut out = String::new();
    for part in bytes.chunks(chunk) {
        s.push(part).unwrap();
        out += &s.take_typed().unwrap_or_default();
    }
    let report = s.finish().unwrap();
    out += &s.take_typed().unwrap();
    (report, out)
}

#[test]
fn one_typed_row_per_row_used_in_every_fixture_whatever_the_chunks() {
    for name in all_fixtures() {
        let bytes = fixture_bytes(name);
        let (report, text) = typed(&bytes, Settings::default(), usize::MAX);
        let (_, small) = typed(&bytes, Settings::default(), 7);
        assert_eq!(text, small, "{name}");
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let mapped = report.settings["mapping"].as_object().unwrap();
        let mut want: Vec<&str> = mapped.keys().map(String::as_str).collect();
        let mut got = header.clone();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{name}: one column per mapped field");
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(rdr.records().count() as u64, report.rows.used, "{name}");
    }
}

#[test]
fn cells_are_typed_and_unreadable_ones_empty() {
    let input = "Ticket ID,Created at,Solved at,Resolution time (hours),Requester,Satisfaction\n\
                 1,2024-03-04 09:00,2024-03-04 10:30,1.5,\"Ana, Lda\",good\n\
                 2,04/03/2024 09:00,nope,x,Bia,\n\
                 ,,,,,\n";
    let (report, text) = typed(input.as_bytes(), Settings::default(), usize::MAX);
    assert_eq!(report.rows.used, 2);
    assert_eq!(
        text,
        "id,created_at,solved_at,requester,satisfaction,resolution_minutes\n\
         1,2024-03-04T09:00:00Z,2024-03-04T10:30:00Z,\"Ana, Lda\",good,90\n\
         2,2024-03-04T09:00:00Z,,Bia,,\n"
    );
    // A survey answer out of its scale is voided for its row: empty.
    let (_, text) = typed(b"Score,CSAT\n10,5\n9,12\n", Settings::default(), usize::MAX);
    assert_eq!(text, "score,csat\n10,5\n9,\n");
    // Money in cents is read as the report reads it.
    let settings = Settings {
        amounts_in_cents: Some(true),
        ..Settings::default()
    };
    let (_, text) = typed(
        b"Channel,Spend,New customers,Month\nAds,125050,3,2024-01\n",
        settings,
        usize::MAX,
    );
    assert!(
        text.contains(",1250.5,") || text.contains("1250.5"),
        "{text}"
    );
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use std::process::Command;

    fn cli() -> Command {
        Command::new(env!("CARGO_BIN_EXE_cxmetrics"))
    }

    #[test]
    fn typed_prints_the_rows_and_the_schema() {
        let path = fixture("exports/zendesk_tickets.csv");
        let out = cli().arg("typed").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let (_, want) = typed(
            &fixture_bytes("exports/zendesk_tickets.csv"),
            Settings::default(),
            usize::MAX,
        );
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
        let out = cli()
            .args(["typed", "--schema"])
            .arg(&path)
            .output()
            .unwrap();
        let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(schema["created_at"], "TIMESTAMP");
        assert_eq!(schema["first_reply_minutes"], "DOUBLE");
        assert_eq!(schema["satisfaction"], "VARCHAR");
    }

    #[test]
    fn flat_figures_read_back_into_the_same_report() {
        for name in all_fixtures() {
            let flat = cli()
                .args(["report", "--flat"])
                .arg(fixture(name))
                .output()
                .unwrap();
            assert_eq!(flat.status.code(), Some(0), "{name}");
            let dir = std::env::temp_dir().join(format!("cxm-figures-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join(name.replace('/', "_"));
            std::fs::write(&file, &flat.stdout).unwrap();
            let back = cli()
                .args(["report", "--figures", "--json"])
                .arg(&file)
                .output()
                .unwrap();
            assert_eq!(back.status.code(), Some(0), "{name}");
            let back: serde_json::Value = serde_json::from_slice(&back.stdout).unwrap();
            let report: serde_json::Value =
                serde_json::from_str(&report_of(name).to_json()).unwrap();
            assert_eq!(back["kind"], report["kind"], "{name}");
            assert_eq!(
                cxmetrics::figures::flatten(&back),
                cxmetrics::figures::flatten(&report),
                "{name}"
            );
            let again = cli()
                .args(["report", "--figures", "--flat"])
                .arg(&file)
                .output()
                .unwrap();
            assert_eq!(again.stdout, flat.stdout, "{name}");
            let summary = cli()
                .args(["report", "--figures"])
                .arg(&file)
                .output()
                .unwrap();
            let text = String::from_utf8(summary.stdout).unwrap();
            assert!(
                text.contains("figures from the result table"),
                "{name}: {text}"
            );
            assert!(!text.contains("rows read"), "{name}: {text}");
        }
    }

    #[test]
    fn a_broken_result_table_is_refused_with_a_sentence() {
        let dir = std::env::temp_dir().join(format!("cxm-figures-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("bad.csv");
        std::fs::write(&file, "metric,path,value,reason\nnps,nps.value,lots,\n").unwrap();
        let out = cli()
            .args(["report", "--figures"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("Line 2") && err.contains("not a number"),
            "{err}"
        );
        std::fs::write(&file, "metric,path,value,reason\nfoo,foo.value,1,\n").unwrap();
        let out = cli()
            .args(["report", "--figures"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let out = cli()
            .args(["report", "--figures", "--kind", "survey"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
    }
}
