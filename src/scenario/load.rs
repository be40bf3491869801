//! RON text → `Exercise`, with errors worded for authors and located as `path:line:col`.

use super::diagnostic::Diagnostic;
use super::model::Exercise;
use crate::tr;
use ron::error::Error as RonError;
use serde::de::DeserializeOwned;

pub use crate::limits::{MAX_FILE_BYTES, MAX_NESTING};

/// Why a file could not become an exercise: one or more located diagnostics.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

impl From<Diagnostic> for LoadError {
    fn from(d: Diagnostic) -> Self {
        LoadError {
            diagnostics: vec![d],
        }
    }
}

/// Check the raw bytes of a file before parsing: size, emptiness, binary content, UTF-8.
pub fn decode_text<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    decode_text_within(file, bytes, MAX_FILE_BYTES)
}

/// `decode_text` with another size limit (saves embed an exercise, so may be larger).
pub fn decode_text_within<'a>(
    file: &str,
    bytes: &'a [u8],
    max_bytes: usize,
) -> Result<&'a str, Diagnostic> {
    if bytes.len() > max_bytes {
        return Err(Diagnostic::error(
            file,
            0,
            0,
            tr!(
                "io.too_large",
                size = crate::i18n::decimal(bytes.len() as f64 / (1024.0 * 1024.0), 1),
                limit = max_bytes / (1024 * 1024)
            ),
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Diagnostic::error(file, 0, 0, tr!("parse.empty")));
    }
    // `contains` on bytes is a fast search; the position is wanted only when it finds.
    if bytes.contains(&0)
        && let Some(at) = bytes.iter().position(|&b| b == 0)
    {
        let (line, col) = line_col_of_byte(bytes, at);
        return Err(Diagnostic::error(file, line, col, tr!("parse.binary")));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => {
            let (line, col) = line_col_of_byte(bytes, e.valid_up_to());
            Err(Diagnostic::error(file, line, col, tr!("parse.not_utf8")))
        }
    }
}

fn line_col_of_byte(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Parse any RON document with the options every Crossings file uses.
pub fn parse_ron<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostic> {
    // Plain documents take the fast reader; anything else, and every error, is `ron`'s.
    match super::quick_ron::from_str(text) {
        Some(value) => Ok(value),
        None => parse_with_ron(file, text),
    }
}

/// Parse with the `ron` crate alone: what every error message comes from.
fn parse_with_ron<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostic> {
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING);
    options.from_str::<T>(text).map_err(|e| {
        let (line, col) = (e.span.start.line.max(1), e.span.start.col.max(1));
        let message = match (&e.code, char_at(text, line, col)) {
            // ron expects a comma when a list or item is closed with the wrong bracket.
            (RonError::ExpectedComma, Some(found @ (')' | ']' | '}'))) => {
                tr!("parse.mismatched_bracket", found = found)
            }
            (code, _) => describe_ron_error(code),
        };
        Diagnostic::error(file, line, col, message)
    })
}

/// The character at a 1-based line and column (columns count characters).
fn char_at(text: &str, line: usize, col: usize) -> Option<char> {
    text.lines().nth(line - 1)?.chars().nth(col - 1)
}

/// Parse an exercise from text; syntax and shape errors only (see `validate` for meaning).
pub fn parse_exercise(file: &str, text: &str) -> Result<Exercise, Diagnostic> {
    parse_checking_lengths(file, text).map(|(exercise, _)| exercise)
}

/// As [`parse_exercise`], and whether every text is known to be within
/// `limits::MAX_TEXT_CHARS` (the fast reader answered; it leaves longer ones to `ron`).
fn parse_checking_lengths(file: &str, text: &str) -> Result<(Exercise, bool), Diagnostic> {
    let clean = |exercise| {
        crate::text::sanitize_value(exercise, text).map_err(|m| Diagnostic::error(file, 0, 0, m))
    };
    // The fast reader also tells whether any text needs sanitising (nearly none does).
    let max = crate::limits::MAX_TEXT_CHARS;
    if let Some((exercise, plain)) = super::quick_ron::read_texts_within::<Exercise>(text, max) {
        let exercise = if plain { exercise } else { clean(exercise)? };
        return Ok((exercise, true));
    }
    Ok((clean(parse_with_ron(file, text)?)?, false))
}

/// Decode, parse and validate an exercise file. Warnings are returned alongside.
pub fn load_exercise(file: &str, bytes: &[u8]) -> Result<(Exercise, Vec<Diagnostic>), LoadError> {
    load_exercise_text(file, decode_text(file, bytes)?)
}

/// As [`load_exercise`], for text already decoded by [`decode_text`].
pub fn load_exercise_text(
    file: &str,
    text: &str,
) -> Result<(Exercise, Vec<Diagnostic>), LoadError> {
    let (exercise, texts_within_limit) = parse_checking_lengths(file, text)?;
    let mut diagnostics = super::validate::validate(&exercise, file, text);
    // Scanning the source for long texts costs as much as parsing it: only when needed.
    if !texts_within_limit {
        diagnostics.extend(crate::limits::long_texts(file, text, &[]));
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(LoadError { diagnostics });
    }
    Ok((exercise, diagnostics))
}

/// ron's messages, reworded for people who write exercises rather than Rust, in the
/// interface language. Anything rare keeps ron's own (English) text behind a translated
/// lead-in.
fn describe_ron_error(code: &RonError) -> String {
    let names = |names: &[&str]| names.join(", ");
    match code {
        RonError::Eof => tr!("parse.eof").into(),
        RonError::ExpectedComma => tr!("parse.expected_comma").into(),
        RonError::ExpectedArray => tr!("parse.expected_array").into(),
        RonError::ExpectedArrayEnd => tr!("parse.expected_array_end").into(),
        RonError::ExpectedStructLikeEnd => tr!("parse.expected_struct_end").into(),
        RonError::ExpectedString => tr!("parse.expected_string").into(),
        RonError::ExpectedStringEnd => tr!("parse.expected_string_end").into(),
        RonError::ExpectedInteger | RonError::InvalidIntegerDigit { .. } => {
            tr!("parse.expected_integer").into()
        }
        RonError::ExpectedFloat => tr!("parse.expected_float").into(),
        RonError::ExpectedBoolean => tr!("parse.expected_boolean").into(),
        RonError::ExpectedOption | RonError::ExpectedOptionEnd => {
            tr!("parse.expected_option").into()
        }
        RonError::ExpectedUnit => tr!("parse.expected_unit").into(),
        RonError::ExpectedMap => tr!("parse.expected_map").into(),
        RonError::ExpectedMapEnd => tr!("parse.expected_map_end").into(),
        RonError::ExpectedMapColon => tr!("parse.expected_map_colon").into(),
        RonError::IntegerOutOfBounds => tr!("parse.integer_out_of_bounds").into(),
        RonError::TrailingCharacters => tr!("parse.trailing_characters").into(),
        RonError::ExceededRecursionLimit => tr!("parse.too_deep", max = MAX_NESTING),
        RonError::UnclosedBlockComment => tr!("parse.unclosed_comment").into(),
        RonError::UnexpectedChar(c) => tr!("parse.unexpected_char", found = c.escape_default()),
        RonError::NoSuchStructField {
            expected,
            found,
            outer: Some(outer),
        } => tr!(
            "parse.unknown_field_in",
            found = found,
            outer = outer,
            expected = names(expected)
        ),
        RonError::NoSuchStructField {
            expected, found, ..
        } => tr!(
            "parse.unknown_field",
            found = found,
            expected = names(expected)
        ),
        RonError::MissingStructField {
            field,
            outer: Some(outer),
        } => tr!("parse.missing_field_in", field = field, outer = outer),
        RonError::MissingStructField { field, .. } => tr!("parse.missing_field", field = field),
        RonError::DuplicateStructField { field, .. } => tr!("parse.duplicate_field", field = field),
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer: Some(outer),
        } => tr!(
            "parse.unknown_choice_for",
            found = found,
            outer = outer,
            expected = names(expected)
        ),
        RonError::NoSuchEnumVariant {
            expected, found, ..
        } => tr!(
            "parse.unknown_choice",
            found = found,
            expected = names(expected)
        ),
        RonError::ExpectedDifferentStructName { expected, found } => tr!(
            "parse.different_struct_name",
            expected = expected,
            found = found
        ),
        RonError::InvalidValueForType { expected, found } => tr!(
            "parse.invalid_value",
            expected = serde_words(expected),
            found = serde_words(found)
        ),
        RonError::ExpectedDifferentLength { expected, found } => tr!(
            "parse.different_length",
            expected = serde_words(expected),
            found = found
        ),
        RonError::ExpectedNamedStructLike(name) if !name.is_empty() => {
            tr!("parse.expected_named_struct", name = name)
        }
        RonError::ExpectedNamedStructLike(_) | RonError::ExpectedStructLike => {
            tr!("parse.expected_struct").into()
        }
        RonError::ExpectedStructName(name) => tr!("parse.expected_struct_name", name = name),
        RonError::ExpectedIdentifier => tr!("parse.expected_identifier").into(),
        RonError::InvalidIdentifier(found) | RonError::SuggestRawIdentifier(found) => {
            tr!("parse.invalid_identifier", found = found)
        }
        RonError::InvalidEscape(_) => tr!("parse.invalid_escape").into(),
        RonError::NoSuchExtension(name) => tr!("parse.unknown_extension", name = name),
        RonError::Message(m) => tr!(
            "parse.other",
            message = m.replace("serde_stacker", "the parser")
        ),
        other => tr!("parse.other", message = other),
    }
}

/// serde's English descriptions of what a value is or should be ("a string", "integer
/// `5`", "a boolean"), in the interface language where the wording is one serde uses for
/// our formats; anything else (a type's own expectation, say) stays as serde wrote it.
fn serde_words(text: &str) -> String {
    // The kind of value, then anything after it (the value itself: "integer `5`").
    const KINDS: &[(&str, &str)] = &[
        ("a string", "parse.kind.a_string"),
        ("a boolean", "parse.kind.a_boolean"),
        ("a sequence", "parse.kind.a_sequence"),
        ("a map", "parse.kind.a_map"),
        ("a character", "parse.kind.a_character"),
        ("string", "parse.kind.string"),
        ("boolean", "parse.kind.boolean"),
        ("integer", "parse.kind.integer"),
        ("floating point", "parse.kind.float"),
        ("sequence", "parse.kind.sequence"),
        ("map", "parse.kind.map"),
        ("unit value", "parse.kind.unit"),
        ("Option value", "parse.kind.option"),
    ];
    for &(english, key) in KINDS {
        if let Some(rest) = text.strip_prefix(english)
            && (rest.is_empty() || rest.starts_with(' '))
        {
            return format!("{}{rest}", crate::i18n::t(key));
        }
    }
    // u8, u32, i64...: "a whole number" reads better than a Rust type.
    let integer = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ];
    if integer.contains(&text) {
        return tr!("parse.kind.whole_number").into();
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_empty_files_are_refused_with_a_location() {
        assert!(
            decode_text("f", b"  \n")
                .unwrap_err()
                .message
                .contains("empty")
        );
        let e = decode_text("f", b"ab\ncd\0").unwrap_err();
        assert_eq!((e.line, e.col), (2, 3));
        let e = decode_text("f", b"x\n\xff").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
    }

    #[test]
    fn serde_words_for_kinds_of_value_are_translated_and_the_value_kept() {
        use crate::i18n::Lang;
        assert_eq!(serde_words("integer `5`"), "integer `5`");
        assert_eq!(serde_words("u32"), "a whole number");
        assert_eq!(Lang::Fr.with(|| serde_words("integer `5`")), "l'entier `5`");
        assert_eq!(Lang::Es.with(|| serde_words("a string")), "un texto");
        assert_eq!(
            Lang::Es.with(|| serde_words("struct Stage")),
            "struct Stage"
        );
        assert_eq!(Lang::Fr.with(|| serde_words("mapping")), "mapping");
    }
}
