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
