//! Telling a header row from data, and SurveyMonkey's second header row.

use crate::text::fold_phrase;

/// A cell that holds a value rather than a name: a number (with sign,
/// thousands separators, decimal comma or point, percent, a currency sign
/// or code in front) or a date/time made of digits and `- / : . T Z`,
/// optionally ending in AM/PM.
pub(super) fn is_value_like(cell: &str) -> bool {
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
        let key = fold_phrase(cell);
        if SECOND_ROW_LABELS.contains(&key.as_str()) {
            label = true;
        }
    }
    let first_empty = row.first().map_or(true, |c| c.trim().is_empty());
    let filled_below =
        !first_cells_below.is_empty() && first_cells_below.iter().all(|c| !c.trim().is_empty());
    non_empty > 0 && (label || (first_empty && filled_below))
}
