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
/// character. Comments are skipped; a raw string counts as suspicious. Byte by byte, as
/// every character that matters here but the unsafe non-ASCII ones is ASCII.
fn strings_need_cleaning(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !b.is_ascii() {
            let c = source[i..].chars().next().unwrap_or_default();
            if is_unsafe_char(c) {
                return true;
            }
            i += c.len_utf8().max(1);
            continue;
        }
        if in_string {
            match b {
                b'"' => in_string = false,
                b'\\' | b'\n' | b'\r' => return true,
                b if b.is_ascii_control() => return true,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    // Skip the comment and its line break.
                    i = bytes[i..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(bytes.len(), |p| i + p + 1);
                    continue;
                }
                // A raw string (`r"..."`, `r#"..."#`) is rare: clean it. (Only where a
                // token starts: `harbour"` ends a plain string.)
                b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                    && !bytes[..i]
                        .last()
                        .is_some_and(|&p| p.is_ascii_alphanumeric() || p == b'_') =>
                {
                    return true;
                }
                b if b.is_ascii_control() && b != b'\n' => return true,
                _ => {}
            }
        }
        i += 1;
    }
    // An unterminated string is rare too.
    in_string
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
    fn only_files_with_unusual_strings_are_cleaned() {
        for (text, unusual) in [
            ("(a: \"plain\", b: [\"é ü\"])", false),
            ("// a \"comment\u{7}\n(a: \"x\")", false),
            ("(a: \"line\nbreak\")", true),
            ("(a: \"escape \\\" here\")", true),
            ("(a: \"bell \u{7}\")", true),
            ("(a: \"bidi \u{202E}\")", true),
            ("(a: \"c1 \u{85}\")", true),
            ("(a:\t\"tab outside\")", true),
            ("(a: \"unterminated)", true),
            ("(a: r\"raw\")", true),
            ("(a: r#\"raw\"#)", true),
            ("(a: \"harbour\", b: \"r\")", false),
            ("(a: \"ok\") // trailing \u{202E}", false),
        ] {
            assert_eq!(strings_need_cleaning(text), unusual, "{text:?}");
        }
        for (name, source) in crate::exercises::SHIPPED {
            assert!(!strings_need_cleaning(source), "{name}");
        }
    }
}
