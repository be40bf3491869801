//! Text from files (exercises, scripts, saves) is sanitised once, at load, before it can
//! reach a terminal: control characters, escape sequences and bidirectional overrides are
//! removed so a hostile file cannot move the cursor, retitle the window or reorder text.

use serde::{Serialize, de::DeserializeOwned};
use std::borrow::Cow;

/// Whether a character must never reach the terminal.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Remove unsafe characters; line breaks become spaces (exercise text is lists of lines).
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe_char(c) || c == '\n') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\t' => Some(' '),
                c if is_unsafe_char(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Sanitise every string inside a value. Files whose quoted text has no escapes, line
/// breaks or control characters (nearly all) skip the round trip entirely.
pub fn sanitize_value<T: Serialize + DeserializeOwned>(value: T, source: &str) -> T {
    if !strings_need_cleaning(source) {
        return value;
    }
    let Ok(mut json) = serde_json::to_value(&value) else {
        return value;
    };
    scrub(&mut json);
    serde_json::from_value(json).unwrap_or(value)
}

/// Whether any quoted text in a RON source holds an escape, a line break or an unsafe
/// character. Comments are skipped; a raw string counts as suspicious.
fn strings_need_cleaning(source: &str) -> bool {
    let mut chars = source.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '"' => in_string = false,
                '\\' | '\n' | '\r' => return true,
                c if is_unsafe_char(c) => return true,
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '/' if chars.peek() == Some(&'/') => {
                    for skipped in chars.by_ref() {
                        if skipped == '\n' {
                            break;
                        }
                    }
                }
                c if is_unsafe_char(c) => return true,
                _ => {}
            }
        }
    }
    // An unterminated string or raw strings (`r"..."`, `r#"..."#`) are rare: clean them.
    in_string || source.contains("r#\"") || source.contains("r\"")
}

fn scrub(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) => {
            if let Cow::Owned(clean) = sanitize(s) {
                *s = clean;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(scrub),
        serde_json::Value::Object(map) => map.values_mut().for_each(scrub),
        _ => {}
    }
}

/// FNV-1a, 64 bits: stable across platforms and Rust versions (unlike `DefaultHasher`), so
/// a hash written to a file today still matches tomorrow.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Quote a CSV field (RFC 4180) when it holds a comma, a quote or a line break.
pub fn csv_quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Escape text for HTML element content and attribute values.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_overrides_are_removed() {
        let hostile = "ok\u{1b}]0;pwned\u{7}\u{1b}[2J \u{202E}txt.exe\r\u{8}";
        let clean = sanitize(hostile);
        assert!(!clean.chars().any(is_unsafe_char), "{clean:?}");
        assert!(clean.contains("ok"));
        assert_eq!(sanitize("plain"), Cow::Borrowed("plain"));
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
