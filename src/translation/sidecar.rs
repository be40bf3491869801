//! The translation sidecar: a RON file of entries, one per text, each with the hash and the
//! English it translates. Read with located errors like an exercise; written by hand-made
//! formatting so a reviewer reads the English and the translation one above the other.

use crate::scenario::Diagnostic;
use crate::scenario::load::{decode_text, parse_ron};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// A whole sidecar: which source it translates, into which language, and the entries.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "Translation", deny_unknown_fields)]
pub struct Sidecar {
    /// The id of the exercise it translates, or `glossary`.
    pub of: String,
    /// The language code, as in the file name (`fr`, `es`).
    pub language: String,
    pub entries: Vec<Entry>,
}

/// One translated text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The text's key, e.g. `stage.call.situation.2` (see `translation::walk`).
    pub key: String,
    /// `source_hash` of the English that `en` holds.
    pub source_hash: String,
    /// The English source, for the reviewer and for telling what changed.
    pub en: String,
    /// The translation; empty while nobody has translated it yet.
    #[serde(default)]
    pub text: String,
    /// Set by `translate extract` when the English changed: the English `text` was
    /// translated from. The entry counts as stale until a translator removes it.
    #[serde(default)]
    pub old_en: Option<String>,
}

/// The hash a sidecar stores for a source text: FNV-1a 64 of its UTF-8 bytes (as loaded,
/// after sanitising), as 16 lower-case hexadecimal digits.
pub fn source_hash(text: &str) -> String {
    format!("{:016x}", crate::text::fnv1a(text.as_bytes()))
}

/// Whether a stored hash has the shape `source_hash` gives.
pub fn is_hash(text: &str) -> bool {
    text.len() == 16
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Read a sidecar's bytes: the same size, UTF-8 and syntax checks as an exercise file, with
/// `path:line:col` errors. The text is returned too, for locating entries later.
pub fn parse(file: &str, bytes: &[u8]) -> Result<(Sidecar, String), Diagnostic> {
    let text = decode_text(file, bytes)?;
    let sidecar: Sidecar = parse_ron(file, text)?;
    Ok((sidecar, text.to_string()))
}

/// The position path of entry `i`, for `scenario::positions`.
pub fn entry_path(i: usize) -> String {
    format!("entries[{i}]")
}

/// Write a sidecar as RON: a comment header, then one entry per block, `en` above `text`.
pub fn render(sidecar: &Sidecar, header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "// {line}");
    }
    let _ = writeln!(out, "Translation(");
    let _ = writeln!(out, "    of: {},", render_string(&sidecar.of));
    let _ = writeln!(out, "    language: {},", render_string(&sidecar.language));
    let _ = writeln!(out, "    entries: [");
    for entry in &sidecar.entries {
        let _ = writeln!(
            out,
            "        Entry(key: {}, source_hash: {},",
            render_string(&entry.key),
            render_string(&entry.source_hash)
        );
        if let Some(old) = &entry.old_en {
            let _ = writeln!(out, "            old_en: {},", render_string(old));
        }
        let _ = writeln!(out, "            en: {},", render_string(&entry.en));
        let _ = writeln!(out, "            text: {}),", render_string(&entry.text));
    }
    let _ = writeln!(out, "    ],");
    let _ = writeln!(out, ")");
    out
}

/// A RON string literal: quotes, backslashes and control characters escaped; every other
/// character (apostrophes and accents included) as it is, for translators to read.
pub(crate) fn render_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_sidecar_reads_back_the_same() {
        let sidecar = Sidecar {
            of: "tutorial".into(),
            language: "fr".into(),
            entries: vec![
                Entry {
                    key: "exercise.title".into(),
                    source_hash: source_hash("A \"boat\""),
                    en: "A \"boat\"".into(),
                    text: "Un « bateau » — l'île\\là\n\t".into(),
                    old_en: None,
                },
                Entry {
                    key: "exercise.summary".into(),
                    source_hash: source_hash("New"),
                    en: "New".into(),
                    text: String::new(),
                    old_en: Some("Old\u{1b}".into()),
                },
            ],
        };
        let text = render(&sidecar, "French translation.\nSecond line.");
        assert!(text.starts_with("// French translation.\n// Second line.\nTranslation(\n"));
        assert!(
            text.contains(r#"text: "Un « bateau » — l'île\\là\n\t"),"#),
            "{text}"
        );
        let (back, _) = parse("t.fr.ron", text.as_bytes()).expect("reads back");
        assert_eq!(back, sidecar);
    }

    #[test]
    fn hashes_are_sixteen_hex_digits_and_stable() {
        assert_eq!(source_hash(""), "cbf29ce484222325");
        assert!(is_hash(&source_hash("Un bateau")));
        assert!(!is_hash("CBF29CE484222325"));
        assert!(!is_hash("cbf29ce48422232"));
    }
}
