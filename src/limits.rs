//! Every hard limit on what Crossings reads, in one place.
//!
//! Files travel between training centres by email and USB stick, so a file from someone
//! else must not be able to exhaust memory, the stack or the clock. Each limit is far above
//! what a real author or a real session needs (the largest shipped exercise is about
//! 240 KB with 25 stages, its longest text under 600 characters, and a long facilitated
//! session logs a few hundred actions), and each is refused with a clear message.
//! `docs/exercise-format.md` ("Limits") lists them for authors; keep the two in step.

use crate::scenario::Diagnostic;
use crate::scenario::model::Exercise;

/// Largest exercise or script file (a synthetic 2,000-stage exercise is about 3 MB).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Largest save file: an embedded exercise (up to `MAX_FILE_BYTES`) plus the log.
pub const MAX_SAVE_BYTES: usize = 64 * 1024 * 1024;
/// Deepest nesting of brackets in any RON file, so hostile files cannot exhaust the stack.
pub const MAX_NESTING: usize = 64;
/// Longest single text (one string) in an exercise, a script or a save, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// Roles in one exercise: role sets are bitmasks of 32 bits in the compiled exercise.
pub const MAX_ROLES: usize = 32;
pub const MAX_INDICATORS: usize = 1_000;
/// Stages in one exercise (synthetic benchmark exercises have 2,000).
pub const MAX_STAGES: usize = 10_000;
/// Options per decision: the design's rule, 2 to 5.
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 5;
/// Transitions out of one stage (a synthetic 10,000-stage exercise opens on 999).
pub const MAX_TRANSITIONS: usize = 1_000;
pub const MAX_INJECTS: usize = 10_000;
pub const MAX_AGREEMENTS: usize = 1_000;
pub const MAX_ENDINGS: usize = 1_000;
/// Effects in one list (an option's, an inject's, an agreement's, one `After`'s).
pub const MAX_EFFECTS: usize = 200;
/// Largest magnitude of an indicator's `min` and `max`, so that the difference of any two
/// values (a change, a range) fits in 32 bits.
pub const MAX_INDICATOR_MAGNITUDE: i32 = 1_000_000_000;
/// Longest delay of an `After` effect and longest cooldown of a random inject, in turns.
pub const MAX_DELAY_TURNS: u32 = 1_000;

/// Turns a headless run plays before it gives up on an exercise that never ends.
pub const MAX_TURNS: u32 = 1_000;
/// Actions in one script file.
pub const MAX_SCRIPT_ACTIONS: usize = 10_000;
/// Actions one session logs (and one save holds). Undo and rewind replay the log, so the
/// bound also bounds how long they take.
pub const MAX_LOGGED_ACTIONS: usize = 20_000;
/// Runs of one `explore` (about a minute on one core for a shipped exercise).
pub const MAX_EXPLORE_RUNS: u64 = 100_000_000;

/// Too many of one kind of thing in an exercise: `(path, message)` for the validator,
/// which locates each path in the file.
pub fn exercise_count_problems(ex: &Exercise) -> Vec<(String, String)> {
    let counts = [
        ("roles", "limits.roles", ex.roles.len(), MAX_ROLES),
        (
            "indicators",
            "limits.indicators",
            ex.indicators.len(),
            MAX_INDICATORS,
        ),
        ("stages", "limits.stages", ex.stages.len(), MAX_STAGES),
        ("injects", "limits.injects", ex.injects.len(), MAX_INJECTS),
        (
            "agreements",
            "limits.agreements",
            ex.agreements.len(),
            MAX_AGREEMENTS,
        ),
        ("endings", "limits.endings", ex.endings.len(), MAX_ENDINGS),
    ];
    counts
        .into_iter()
        .filter(|&(_, _, count, limit)| count > limit)
        .map(|(path, kind, count, limit)| (path.to_string(), too_many(count, kind, limit)))
        .collect()
}

/// "12,000 stages; the limit is 10,000": `kind` is the table id of what is counted
/// (`limits.stages`), whose text takes `{count}` and `{limit}`.
pub fn too_many(count: usize, kind: &'static str, limit: usize) -> String {
    crate::i18n::t_with(
        kind,
        &[
            ("count", &thousands(count as u64)),
            ("limit", &thousands(limit as u64)),
        ],
    )
}

/// Every text (string literal) in a RON source longer than `MAX_TEXT_CHARS`, located.
/// `skip_fields` name fields whose texts are exempt (a save's embedded exercise source
/// and translation).
pub fn long_texts(file: &str, text: &str, skip_fields: &[&str]) -> Vec<Diagnostic> {
    if text.len() <= MAX_TEXT_CHARS {
        return Vec::new();
    }
    string_literals(text)
        .into_iter()
        .filter(|l| l.chars > MAX_TEXT_CHARS && !skip_fields.contains(&l.field))
        .map(|l| {
            let (line, col) = line_col(text, l.start);
            Diagnostic::error(
                file,
                line,
                col,
                crate::tr!(
                    "parse.text_too_long",
                    chars = thousands(l.chars as u64),
                    limit = thousands(MAX_TEXT_CHARS as u64)
                ),
            )
        })
        .collect()
}

/// A quoted text in a RON source: where it starts (a byte offset), its length as written
/// (an escape such as `\n` counts as one character), and the field it is the value of.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Literal<'a> {
    start: usize,
    chars: usize,
    field: &'a str,
}

/// Scan RON text for string literals: plain (`"..."`), raw (`r#"..."#`) and byte
/// strings; comments (`//`, nested `/* */`) and character literals are skipped. Works on
/// bytes: everything RON gives meaning to is ASCII.
fn string_literals(text: &str) -> Vec<Literal<'_>> {
    let bytes = text.as_bytes();
    let is_char_start = |b: u8| b & 0xC0 != 0x80;
    let mut out = Vec::new();
    let mut i = 0;
    // The word being read, and the last word followed by `:` (the field given a value).
    let (mut word, mut field) = (0..0, 0..0);
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c == b'/' && next == Some(b'/') {
            i = bytes[i..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| i + p);
            continue;
        }
        if c == b'/' && next == Some(b'*') {
            let mut depth = 0usize;
            while i < bytes.len() {
                match (bytes[i], bytes.get(i + 1)) {
                    (b'/', Some(b'*')) => {
                        depth += 1;
                        i += 2;
                    }
                    (b'*', Some(b'/')) => {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => i += 1,
                }
            }
            continue;
        }
        if c == b'\'' {
            // A character literal, `'x'` or `'\x'`: skipped so that `'"'` opens no string.
            i += if next == Some(b'\\') { 3 } else { 2 };
            while i < bytes.len() && bytes[i] != b'\'' {
                i += 1;
            }
            i += 1;
            continue;
        }
        let word_so_far = &text[word.clone()];
        let raw_prefix = c == b'r' && (word_so_far.is_empty() || word_so_far == "b");
        let hashes = if raw_prefix {
            bytes[i + 1..].iter().take_while(|&&h| h == b'#').count()
        } else {
            0
        };
        if raw_prefix && bytes.get(i + 1 + hashes) == Some(&b'"') {
            let start = i;
            i += hashes + 2;
            let mut chars = 0;
            while i < bytes.len() {
                if bytes[i] == b'"'
                    && bytes[i + 1..].iter().take_while(|&&h| h == b'#').count() >= hashes
                {
                    i += hashes + 1;
                    break;
                }
                chars += usize::from(is_char_start(bytes[i]));
                i += 1;
            }
            out.push(Literal {
                start,
                chars,
                field: &text[std::mem::take(&mut field)],
            });
            word = i..i;
            continue;
        }
        if c == b'"' {
            let start = i;
            i += 1;
            let mut chars = 0;
            while i < bytes.len() && bytes[i] != b'"' {
                if bytes[i] == b'\\' {
                    i += 1;
                }
                chars += 1;
                i += 1;
                while i < bytes.len() && !is_char_start(bytes[i]) {
                    i += 1;
                }
            }
            i += 1;
            out.push(Literal {
                start,
                chars,
                field: &text[std::mem::take(&mut field)],
            });
            word = i.min(bytes.len())..i.min(bytes.len());
            continue;
        }
        if c.is_ascii_alphanumeric() || c == b'_' {
            if word.is_empty() {
                word = i..i;
            }
            word.end = i + 1;
        } else {
            if c == b':' {
                field = word.clone();
            } else if !c.is_ascii_whitespace() && c != b'(' {
                field = 0..0;
            }
            if !c.is_ascii_whitespace() || !word.is_empty() {
                word = 0..0;
            }
        }
        i += 1;
    }
    out
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..at.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = before[line_start..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    (line, col)
}

/// 12345 → "12,345" in English, "12 345" (no-break spaces) in French and Spanish, for
/// counts and limits in messages. Spanish leaves four-digit numbers ungrouped ("1700").
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let separator = crate::tr!("number.thousands_separator");
    if crate::i18n::current() == crate::i18n::Lang::Es && digits.len() <= 4 {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lengths(text: &str) -> Vec<((usize, usize), usize, &str)> {
        string_literals(text)
            .into_iter()
            .map(|l| (line_col(text, l.start), l.chars, l.field))
            .collect()
    }

    #[test]
    fn literals_are_found_with_their_position_length_and_field() {
        let text = "X(\n  a: \"abc\", // \"not a string\"\n  b: r#\"q\"x\"#, /* \"no\" /* \"nested\" */ */ c: '\"', d: [\"\\\"é\"],\n source: Some(\"s\"))";
        assert_eq!(
            lengths(text),
            vec![
                ((2, 6), 3, "a"),
                ((3, 6), 3, "b"),
                ((3, 54), 2, ""),
                ((4, 15), 1, "source"),
            ]
        );
    }

    #[test]
    fn only_texts_over_the_limit_are_reported_and_a_field_can_be_exempt() {
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        let ok = "y".repeat(MAX_TEXT_CHARS);
        let text = format!("(a: \"{ok}\",\n source: \"{long}\",\n text: \"{long}\")");
        let found = long_texts("f.ron", &text, &["source"]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].col), (3, 8));
        assert!(
            found[0]
                .message
                .contains("10,001 characters long; the limit is 10,000")
        );
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(100_000_000), "100,000,000");
        let _fr = crate::i18n::scoped(crate::i18n::Lang::Fr);
        assert_eq!(thousands(1_000), "1\u{a0}000");
        assert_eq!(thousands(450_000), "450\u{a0}000");
        let _es = crate::i18n::scoped(crate::i18n::Lang::Es);
        assert_eq!(thousands(1_700), "1700");
        assert_eq!(thousands(12_345), "12\u{a0}345");
    }
}
