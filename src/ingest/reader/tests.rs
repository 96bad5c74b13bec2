//! Tests of the record reader: block scans, quoting, chunk boundaries, line numbers.

use super::*;

fn read_all(input: &[u8], format: Format, chunk: usize) -> Vec<(u64, Vec<String>)> {
    let mut reader = RecordReader::new(format);
    let mut rows = Vec::new();
    let mut collect =
        |r: &Record| rows.push((r.line, r.fields().map(str::to_string).collect::<Vec<_>>()));
    for part in input.chunks(chunk.max(1)) {
        reader.push(part, &mut collect).unwrap();
    }
    reader.finish(&mut collect).unwrap();
    rows
}

fn utf8(delimiter: u8) -> Format {
    Format {
        encoding: Encoding::Utf8,
        bom: false,
        delimiter,
    }
}

const TRICKY: &[u8] =
    b"id,comment,score\n\n1,\"multi\r\nline, \"\"quoted\"\"\",9\r\n2,plain,10\n\n\n3,\"\",7";

fn expected_tricky() -> Vec<(u64, Vec<String>)> {
    let row = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        (1, row(&["id", "comment", "score"])),
        (3, row(&["1", "multi\r\nline, \"quoted\"", "9"])),
        (5, row(&["2", "plain", "10"])),
        (8, row(&["3", "", "7"])),
    ]
}

#[test]
fn lines_are_where_records_start() {
    assert_eq!(read_all(TRICKY, utf8(b','), usize::MAX), expected_tricky());
}

#[test]
fn every_split_point_and_one_byte_chunks() {
    for split in 0..=TRICKY.len() {
        let mut reader = RecordReader::new(utf8(b','));
        let mut rows = Vec::new();
        let mut collect =
            |r: &Record| rows.push((r.line, r.fields().map(str::to_string).collect::<Vec<_>>()));
        reader.push(&TRICKY[..split], &mut collect).unwrap();
        reader.push(&TRICKY[split..], &mut collect).unwrap();
        reader.finish(&mut collect).unwrap();
        assert_eq!(rows, expected_tricky(), "split at {split}");
    }
    assert_eq!(read_all(TRICKY, utf8(b','), 1), expected_tricky());
}

#[test]
fn bom_and_latin1_and_utf16() {
    let rows = read_all(
        b"\xEF\xBB\xBFa;b\n1;2\n",
        Format {
            encoding: Encoding::Utf8,
            bom: true,
            delimiter: b';',
        },
        1,
    );
    assert_eq!(rows[0].1, vec!["a", "b"]);
    let rows = read_all(
        b"Pa\xEDs;Nota\nEspa\xF1a;9\n",
        Format {
            encoding: Encoding::Windows1252,
            bom: false,
            delimiter: b';',
        },
        3,
    );
    assert_eq!(rows[1].1, vec!["España", "9"]);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Pontuação\tNome\n9\tJoão\n"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    let rows = read_all(
        &utf16,
        Format {
            encoding: Encoding::Utf16le,
            bom: true,
            delimiter: b'\t',
        },
        5,
    );
    assert_eq!(
        rows,
        vec![
            (1, vec!["Pontuação".to_string(), "Nome".into()]),
            (2, vec!["9".into(), "João".into()])
        ]
    );
    // A stray Latin-1 byte in a UTF-8 file is decoded, not dropped.
    let rows = read_all(b"a\nS\xE3o Paulo\n", utf8(b','), 100);
    assert_eq!(rows[1].1, vec!["São Paulo"]);
}

/// Every block scan this platform can run: the SIMD one and the plain
/// one the plain wasm build uses (the `simd128` build's scan is checked
/// against it in tests/simd.test.mjs).
const SCANS: [InPlace; 2] = [InPlace::Platform, InPlace::Swar];

/// Every record as (line, fields), read with or without the in-place
/// path, the input cut into chunks at `cuts`.
fn read_cut(
    input: &[u8],
    format: Format,
    cuts: &[usize],
    in_place: InPlace,
) -> Vec<(u64, Vec<String>)> {
    let mut reader = RecordReader::new(format);
    reader.in_place = in_place;
    let mut rows = Vec::new();
    let mut collect =
        |r: &Record| rows.push((r.line, r.fields().map(str::to_string).collect::<Vec<_>>()));
    let mut at = 0;
    for &cut in cuts {
        let cut = cut.clamp(at, input.len());
        reader.push(&input[at..cut], &mut collect).unwrap();
        at = cut;
    }
    reader.push(&input[at..], &mut collect).unwrap();
    reader.finish(&mut collect).unwrap();
    rows
}

#[test]
fn in_place_records_match_csv_core() {
    let input: &[u8] = b"id,name,score\n1,\"Smith, J\",9\r\n2,,10\n\n3,\"a \"\"b\"\"\",7\n4,\"x\ny\",1\n5,a\"b,2\n6,\"q\"r,3\r7,\xE9t\xE9,4\n8,\xC3\xA9,5";
    let csv_core = read_cut(input, utf8(b','), &[], InPlace::Off);
    for scan in SCANS {
        assert_eq!(read_cut(input, utf8(b','), &[], scan), csv_core);
        for split in 0..=input.len() {
            assert_eq!(
                read_cut(input, utf8(b','), &[split], scan),
                csv_core,
                "split at {split}"
            );
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    /// The in-place path reads exactly what csv-core reads, whatever the
    /// bytes and chunking.
    #[test]
    fn in_place_path_is_csv_core(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            &b"a"[..], b"12", b",", b";", b"\"", b"\"\"", b"\n", b"\r", b"\r\n", b" ",
            "é".as_bytes(), b"\xE9", b"\xEF\xBB\xBF", b"\t", b"x y",
            // Runs longer than the eight-byte scan, and bytes next to
            // the scan's candidates (below CR, just above it, high).
            b"2024-03-05 14:07:09", b"a longer text field", b"\x0b", b"\x0e", b"\x01",
            "ãéîõü".as_bytes(), b"\xFF\x80",
        ]), 0..120),
        cuts in proptest::collection::vec(0usize..400, 0..4),
        delimiter in proptest::sample::select(vec![b',', b';', b'\t']),
    ) {
        let input: Vec<u8> = parts.concat();
        let mut cuts = cuts;
        cuts.sort_unstable();
        let csv_core = read_cut(&input, utf8(delimiter), &cuts, InPlace::Off);
        for scan in SCANS {
            proptest::prop_assert_eq!(&read_cut(&input, utf8(delimiter), &cuts, scan), &csv_core);
        }
    }
}

/// Every record as (line, fields, unclosed quote), read with or
/// without the in-place path, the input cut into chunks at `cuts`.
fn read_flagged(input: &[u8], cuts: &[usize], in_place: InPlace) -> Vec<(u64, Vec<String>, bool)> {
    let mut reader = RecordReader::new(utf8(b','));
    reader.in_place = in_place;
    let mut rows = Vec::new();
    let mut collect = |r: &Record| {
        rows.push((
            r.line,
            r.fields().map(str::to_string).collect::<Vec<_>>(),
            r.unclosed_quote,
        ))
    };
    let mut at = 0;
    for &cut in cuts {
        let cut = cut.clamp(at, input.len());
        reader.push(&input[at..cut], &mut collect).unwrap();
        at = cut;
    }
    reader.push(&input[at..], &mut collect).unwrap();
    reader.finish(&mut collect).unwrap();
    rows
}

/// `input` read whole, cut once anywhere, and byte by byte, through
/// csv-core alone and the in-place paths, gives `want` every time.
#[track_caller]
fn assert_every_cut(input: &[u8], want: &[(u64, Vec<String>, bool)]) {
    for in_place in [InPlace::Off, InPlace::Platform, InPlace::Swar] {
        assert_eq!(read_flagged(input, &[], in_place), want, "{input:?}");
        for split in 0..=input.len() {
            assert_eq!(
                read_flagged(input, &[split], in_place),
                want,
                "{input:?} split at {split}"
            );
        }
        let bytes: Vec<usize> = (1..input.len()).collect();
        assert_eq!(
            read_flagged(input, &bytes, in_place),
            want,
            "{input:?} byte by byte"
        );
    }
}

fn row(fields: &[&str]) -> Vec<String> {
    fields.iter().map(|s| s.to_string()).collect()
}

#[test]
fn bare_quote_in_the_last_field_reads_the_same_with_or_without_a_final_newline() {
    let header = (1, row(&["a", "b", "c"]), false);
    for input in [
        &b"a,b,c\nD,E\",F"[..],
        b"a,b,c\nD,E\",F\n",
        b"a,b,c\nD,E\",F\r\n",
        b"a,b,c\nD,E\"\"x,F",
    ] {
        let e = if input.contains(&b'x') {
            "E\"\"x"
        } else {
            "E\""
        };
        let want = vec![header.clone(), (2, row(&["D", e, "F"]), false)];
        assert_every_cut(input, &want);
    }
    // A bare quote ending the last field, and a closed quoted field
    // followed by more characters.
    for (input, last) in [
        (&b"a,b,c\nD,E,F\""[..], "F\""),
        (b"a,b,c\nD,E,F\"\n", "F\""),
        (b"a,b,c\nD,E,\"F\"G", "FG"),
        (b"a,b,c\nD,E,\"F\"\"\"", "F\""),
    ] {
        let want = vec![header.clone(), (2, row(&["D", "E", last]), false)];
        assert_every_cut(input, &want);
    }
}

#[test]
fn a_quote_opened_and_never_closed_is_still_flagged() {
    let header = (1, row(&["a", "b", "c"]), false);
    for (input, last) in [
        (&b"a,b,c\nD,E,\"F"[..], "F"),
        (b"a,b,c\nD,E,\"F\n", "F\n"),
        (b"a,b,c\nD,E,\"F\"\"", "F\""),
        (b"a,b,c\nD,E,\"F\nG,H,I\n", "F\nG,H,I\n"),
    ] {
        let want = vec![header.clone(), (2, row(&["D", "E", last]), true)];
        assert_every_cut(input, &want);
    }
}

#[test]
fn huge_field_is_read_and_ragged_rows_pad() {
    let mut input = b"a,b\n\"".to_vec();
    input.extend(std::iter::repeat_n(b'x', 300_000));
    input.extend(b"\",1\n2\n");
    let rows = read_all(&input, utf8(b','), 4096);
    assert_eq!(rows[1].1[0].len(), 300_000);
    assert_eq!(rows[2].1, vec!["2"]);
}
