//! Text from files (exercises, scripts, saves) is sanitised once, at load, before it can
//! reach a terminal: control characters, escape sequences and bidirectional overrides are
//! removed so a hostile file cannot move the cursor, retitle the window or reorder text.

use serde::{Serialize, de::DeserializeOwned};
use std::borrow::Cow;

/// Whether a character must never reach the terminal.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// Remove unsafe characters; line breaks become spaces (exercise text is lists of lines).
/// An escape sequence goes as a whole, so `ESC ] 0 ; title BEL` leaves nothing behind.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// Like `sanitize`, but line breaks are kept: for messages and transcripts of many lines.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

fn clean(text: &str, keep_lines: bool) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_unsafe_char(c) || (c == '\n' && !keep_lines))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' if keep_lines => out.push('\n'),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            '\u{1b}' => skip_escape(&mut chars),
            // C1 introducers of control strings and sequences.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_unsafe_char(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After an ESC: drop the rest of the sequence it starts.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        // OSC, DCS, SOS, PM, APC: a string up to its terminator.
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        // Two-character sequences (`ESC c` resets the terminal, `ESC 7` saves the cursor),
        // with any intermediate bytes (`ESC ( B`).
        Some(c) if (' '..='~').contains(c) => {
            while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
            chars.next_if(|c| ('0'..='~').contains(c));
        }
        _ => {}
    }
}

/// A CSI sequence: parameter and intermediate bytes, then one final byte.
fn skip_csi(chars: &mut Chars<'_>) {
    while chars.next_if(|c| (' '..='?').contains(c)).is_some() {}
    chars.next_if(|c| ('@'..='~').contains(c));
}

/// A control string, ended by BEL, ST (`ESC \`) or C1 ST. Unterminated, it runs to
/// the end of the text, as it would on a terminal.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

/// An id from a file (an exercise's, a role's) as a file or folder name safe on every
/// platform: letters, digits, `-` and `_` only (no separator, dot, NUL or control
/// character can survive, so no `..`), at most 48 of them, never empty and never a name
/// Windows reserves for a device (`CON`, `NUL`, `COM1`, ...).
pub fn safe_stem(id: &str) -> String {
    let mut stem: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(48)
        .collect();
    if stem.is_empty() {
        stem = "exercise".into();
    }
    let upper = stem.to_ascii_uppercase();
    let device = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit());
    if device {
        stem.push('_');
    }
    stem
}

/// Sanitise every string inside a value (map keys too). Files whose text has no escapes
/// and no unsafe characters, and whose quoted text has no line breaks (nearly all), skip
/// the round trip entirely. A value that cannot make the round trip is refused rather
/// than passed on unclean.
pub fn sanitize_value<T: Serialize + DeserializeOwned>(
    value: T,
    source: &str,
) -> Result<T, String> {
    if !needs_cleaning(source) {
        return Ok(value);
    }
    let unclean = |e: serde_json::Error| crate::tr!("text.unclean", error = e);
    let mut json = serde_json::to_value(&value).map_err(unclean)?;
    scrub(&mut json);
    serde_json::from_value(json).map_err(unclean)
}

/// Whether a RON source may hold text to clean: any backslash (an escape can spell any
/// character, and outside a string a backslash is an error anyway), any unsafe character,
/// or a line break inside quoted text. Raw strings are always cleaned.
fn needs_cleaning(source: &str) -> bool {
    if source.contains('\\') || source.chars().any(is_unsafe_char) {
        return true;
    }
    let mut chars = source.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '"' => in_string = false,
                '\n' => return true,
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
                '/' if chars.peek() == Some(&'*') => {
                    let mut last = ' ';
                    for skipped in chars.by_ref() {
                        if last == '*' && skipped == '/' {
                            break;
                        }
                        last = skipped;
                    }
                }
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
        serde_json::Value::Object(map) => {
            if map.keys().any(|k| matches!(sanitize(k), Cow::Owned(_))) {
                *map = std::mem::take(map)
                    .into_iter()
                    .map(|(k, v)| (sanitize(&k).into_owned(), v))
                    .collect();
            }
            map.values_mut().for_each(scrub);
        }
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
        assert_eq!(clean, "ok txt.exe ");
        assert_eq!(sanitize("plain"), Cow::Borrowed("plain"));
    }

    #[test]
    fn whole_sequences_go_and_the_text_around_them_stays() {
        let cases = [
            ("a\u{1b}[1;31mred\u{1b}[0m b", "ared b"),
            (
                "a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b",
                "alinkb",
            ),
            ("a\u{1b}Pq#0\u{1b}\\b", "ab"),
            ("a\u{1b}cb", "ab"),
            ("a\u{1b}(Bb", "ab"),
            ("a\u{9b}2Jb", "ab"),
            ("a\u{9d}0;t\u{9c}b", "ab"),
            ("back\u{8}\u{8}\u{8}\u{8}fore", "backfore"),
            ("safe\revil", "safe evil"),
            ("one\r\ntwo", "one two"),
            ("a\u{1b}", "a"),
            ("a\u{1b}]0;never ends", "a"),
        ];
        for (hostile, expected) in cases {
            assert_eq!(sanitize(hostile), expected, "{hostile:?}");
        }
    }

    #[test]
    fn terminal_safe_text_keeps_its_lines() {
        assert_eq!(
            terminal_safe("one\r\ntwo\u{1b}[2J\nthree\u{7}"),
            "one\ntwo\nthree"
        );
        assert_eq!(terminal_safe("a\nb"), Cow::Borrowed("a\nb"));
    }

    #[test]
    fn values_are_cleaned_deep_and_in_map_keys() {
        let value: std::collections::BTreeMap<String, Vec<String>> =
            [("k\u{1b}[2J".to_string(), vec!["v\u{202E}x".to_string()])].into();
        let clean = sanitize_value(value, "\\").expect("cleans");
        assert_eq!(clean.get("k"), Some(&vec!["vx".to_string()]));
    }

    #[test]
    fn ids_become_names_that_stay_in_their_folder() {
        assert_eq!(safe_stem("../../etc/passwd"), "etcpasswd");
        assert_eq!(safe_stem("..\\..\\x\0y"), "xy");
        assert_eq!(safe_stem("../.."), "exercise");
        assert_eq!(safe_stem("con"), "con_");
        assert_eq!(safe_stem("LPT1"), "LPT1_");
        assert_eq!(safe_stem("console"), "console");
        assert_eq!(safe_stem(&"a".repeat(100)).len(), 48);
    }

    #[test]
    fn a_comment_cannot_hide_an_escape_from_the_check() {
        // The quote in the first comment once made the scan read the escape as outside
        // any string, and skip cleaning.
        let source = r#"/* " */ (title: "\u{1b}[2J"), /* " */"#;
        assert!(needs_cleaning(source));
        assert!(!needs_cleaning(
            "(title: \"plain\", // a \"quoted\" comment\n)"
        ));
        assert!(needs_cleaning("(title: \"two\nlines\")"));
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
