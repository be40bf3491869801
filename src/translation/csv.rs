//! A small RFC 4180 CSV reader and writer for translators' spreadsheets.
//!
//! Written here rather than taken from the `csv` crate: the whole need is one table of
//! text, and the spreadsheet quirks that matter (a UTF-8 byte-order mark, `;` as the
//! separator in French and Spanish Excel, a workbook saved by mistake) are easier to
//! handle in 150 lines than around a general library.

use crate::scenario::Diagnostic;

/// The UTF-8 byte-order mark: Excel needs it to read a CSV file's accents as UTF-8.
const BOM: char = '\u{feff}';

/// A table as CSV text: a byte-order mark, then one record per line, ended by CRLF (as
/// RFC 4180 writes it), fields quoted where needed.
pub fn write(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    out.push(BOM);
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| crate::text::csv_quote(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One record of a CSV file, with the line it starts on (1-based) for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Read CSV bytes into records. The separator is `,`, or `;` or a tab when the first line
/// has more of those (as spreadsheets in many locales write). Quoted fields may hold
/// separators, doubled quotes and line breaks. A quote inside an unquoted field is kept
/// as it is. Blank lines are skipped.
pub fn read(file: &str, bytes: &[u8]) -> Result<Vec<Record>, Diagnostic> {
    let text = decode(file, bytes)?;
    let separator = guess_separator(text);
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut record_line = 1;
    let mut quoted_from: Option<usize> = None;
    let mut in_quotes = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                quoted_from = Some(line);
                at_field_start = false;
            }
            c if c == separator => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
                push_record(&mut records, record_line, std::mem::take(&mut fields));
                line += 1;
                record_line = line;
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if in_quotes {
        return Err(Diagnostic::error(
            file,
            quoted_from.unwrap_or(line),
            1,
            "a quoted field is never closed: a `\"` is missing",
        ));
    }
    if !at_field_start || !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        push_record(&mut records, record_line, fields);
    }
    Ok(records)
}

fn push_record(records: &mut Vec<Record>, line: usize, fields: Vec<String>) {
    if fields.iter().any(|f| !f.is_empty()) {
        records.push(Record { line, fields });
    }
}

/// Text from the bytes, with the common wrong files named.
fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    let limit = crate::scenario::load::MAX_FILE_BYTES;
    if bytes.len() > limit {
        return Err(Diagnostic::error(
            file,
            0,
            0,
            format!("the file is larger than {} MB", limit / (1024 * 1024)),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Diagnostic::error(
            file,
            0,
            0,
            "this is a spreadsheet workbook, not CSV: save it as “CSV UTF-8 (comma delimited)”",
        ));
    }
    if bytes.contains(&0) {
        return Err(Diagnostic::error(
            file,
            0,
            0,
            "this is a binary file, not CSV text",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Diagnostic::error(
            file,
            line,
            1,
            "the file is not UTF-8 text: save it as “CSV UTF-8”, so accents survive",
        )
    })?;
    Ok(text.strip_prefix(BOM).unwrap_or(text))
}

/// `,`, `;` or a tab: whichever appears most in the first line outside quotes.
fn guess_separator(text: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut in_quotes = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' | '\r' if !in_quotes => break,
            c if !in_quotes => {
                if let Some(slot) = counts.iter_mut().find(|(s, _)| *s == c) {
                    slot.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .fold(
            (',', 0),
            |best, &(s, n)| if n > best.1 { (s, n) } else { best },
        )
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(records: &[Record]) -> Vec<Vec<&str>> {
        records
            .iter()
            .map(|r| r.fields.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn awkward_fields_round_trip() {
        let rows = vec![
            vec!["key".to_string(), "text".to_string()],
            vec!["a".into(), "Plain".into()],
            vec![
                "b".into(),
                "Commas, \"quotes\" and\nline breaks\r\ntoo".into(),
            ],
            vec!["c".into(), "Réfugié, niño, « guillemets »".into()],
            vec!["d".into(), String::new()],
        ];
        let text = write(&rows);
        assert!(text.starts_with('\u{feff}'));
        let back = read("t.csv", text.as_bytes()).expect("reads");
        let back: Vec<Vec<String>> = back.into_iter().map(|r| r.fields).collect();
        assert_eq!(back, rows);
    }

    #[test]
    fn semicolons_tabs_and_lone_line_ends_are_read() {
        let records = read("t.csv", b"key;text\r\na;\"x;y\"\rb;z").expect("reads");
        assert_eq!(
            fields(&records),
            [["key", "text"], ["a", "x;y"], ["b", "z"]]
        );
        let records = read("t.csv", b"key\ttext\na\tx, y\n\n").expect("reads");
        assert_eq!(fields(&records), [["key", "text"], ["a", "x, y"]]);
    }

    #[test]
    fn records_know_their_line() {
        let records = read("t.csv", b"k,t\na,\"two\nlines\"\nb,c\n").expect("reads");
        assert_eq!(
            records.iter().map(|r| r.line).collect::<Vec<_>>(),
            [1, 2, 4]
        );
    }

    #[test]
    fn bad_files_get_a_clear_message() {
        let e = read("t.csv", b"k,t\na,\"open\nb,c\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        assert!(e.message.contains("never closed"), "{e}");
        assert!(
            read("t.csv", b"PK\x03\x04rest")
                .unwrap_err()
                .message
                .contains("workbook")
        );
        let e = read("t.csv", b"k,t\na,caf\xe9\n").unwrap_err();
        assert!(e.message.contains("UTF-8"), "{e}");
        assert_eq!(e.line, 2);
    }
}
