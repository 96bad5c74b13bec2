//! The push reader with random chunking: any bytes, cut anywhere, give the
//! same records as one push, and never panic.
#![no_main]
use cxmetrics::ingest::reader::RecordReader;
use cxmetrics::ingest::sniff::{Encoding, Format};
use libfuzzer_sys::fuzz_target;

fn records(data: &[u8], cuts: &[usize], format: Format) -> Result<Vec<(u64, Vec<String>)>, String> {
    let mut reader = RecordReader::new(format);
    let mut out = Vec::new();
    let mut at = 0;
    for &c in cuts {
        let c = c.clamp(at, data.len());
        reader
            .push(&data[at..c], &mut |r| out.push((r.line, r.fields().map(str::to_string).collect())))
            .map_err(|e| e.to_string())?;
        at = c;
    }
    reader
        .push(&data[at..], &mut |r| out.push((r.line, r.fields().map(str::to_string).collect())))
        .map_err(|e| e.to_string())?;
    reader
        .finish(&mut |r| out.push((r.line, r.fields().map(str::to_string).collect())))
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fuzz_target!(|input: &[u8]| {
    if input.len() < 3 {
        return;
    }
    let delimiter = [b',', b';', b'\t', b'|'][input[0] as usize % 4];
    let encoding = [Encoding::Utf8, Encoding::Windows1252, Encoding::Utf16le, Encoding::Utf16be][input[1] as usize % 4];
    let format = Format { encoding, bom: input[2] & 1 == 1, delimiter };
    let data = &input[3..];
    let step = 1 + (input[2] as usize >> 1);
    let cuts: Vec<usize> = (step..data.len()).step_by(step).collect();
    let whole = records(data, &[], format);
    let chunked = records(data, &cuts, format);
    assert_eq!(whole, chunked);
});
