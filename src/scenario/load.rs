//! RON text → `Exercise`, with errors worded for authors and located as `path:line:col`.

use super::diagnostic::Diagnostic;
use super::model::Exercise;
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
            format!(
                "the file is too large ({:.1} MB; the limit is {} MB)",
                bytes.len() as f64 / (1024.0 * 1024.0),
                max_bytes / (1024 * 1024)
            ),
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Diagnostic::error(file, 0, 0, "the file is empty"));
    }
    // `contains` on bytes is a fast search; the position is wanted only when it finds.
    if bytes.contains(&0)
        && let Some(at) = bytes.iter().position(|&b| b == 0)
    {
        let (line, col) = line_col_of_byte(bytes, at);
        return Err(Diagnostic::error(
            file,
            line,
            col,
            "this is a binary file, not a RON text file",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => {
            let (line, col) = line_col_of_byte(bytes, e.valid_up_to());
            Err(Diagnostic::error(
                file,
                line,
                col,
                "the file is not valid UTF-8 text (save it as UTF-8)",
            ))
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
            (RonError::ExpectedComma, Some(found @ (')' | ']' | '}'))) => format!(
                "this `{found}` does not match the bracket it should close: a bracket opened before it is still open, or closed with the wrong kind"
            ),
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
    let clean = |exercise| {
        crate::text::sanitize_value(exercise, text).map_err(|m| Diagnostic::error(file, 0, 0, m))
    };
    // The fast reader also tells whether any text needs sanitising (nearly none does).
    if let Some((exercise, plain)) = super::quick_ron::read::<Exercise>(text) {
        return if plain { Ok(exercise) } else { clean(exercise) };
    }
    clean(parse_with_ron(file, text)?)
}

/// Decode, parse and validate an exercise file. Warnings are returned alongside.
pub fn load_exercise(file: &str, bytes: &[u8]) -> Result<(Exercise, Vec<Diagnostic>), LoadError> {
    let text = decode_text(file, bytes)?;
    let exercise = parse_exercise(file, text)?;
    let mut diagnostics = super::validate::validate(&exercise, file, text);
    diagnostics.extend(crate::limits::long_texts(file, text, None));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(LoadError { diagnostics });
    }
    Ok((exercise, diagnostics))
}

/// ron's messages, reworded for people who write exercises rather than Rust.
fn describe_ron_error(code: &RonError) -> String {
    match code {
        RonError::Eof => "the file ends too early: a bracket or parenthesis is not closed".into(),
        RonError::ExpectedComma => "expected a comma between two items".into(),
        RonError::ExpectedArray => "expected a list in square brackets `[ ... ]`".into(),
        RonError::ExpectedArrayEnd => "expected `]` to close the list (is a comma missing?)".into(),
        RonError::ExpectedStructLikeEnd => {
            "expected `)` to close this item (is a comma missing?)".into()
        }
        RonError::ExpectedString => "expected text in double quotes".into(),
        RonError::ExpectedStringEnd => "this text is missing its closing double quote".into(),
        RonError::ExpectedInteger => "expected a whole number".into(),
        RonError::ExpectedBoolean => "expected `true` or `false`".into(),
        RonError::ExpectedMap => "expected a map in braces `{ \"key\": value }`".into(),
        RonError::ExpectedMapEnd => "expected `}` to close the map".into(),
        RonError::ExpectedMapColon => "expected `:` between a key and its value".into(),
        RonError::IntegerOutOfBounds => "this number is too large".into(),
        RonError::TrailingCharacters => {
            "unexpected text after the end of the exercise (is a bracket closed too early?)".into()
        }
        RonError::ExceededRecursionLimit => {
            format!("the file nests too deeply (more than {MAX_NESTING} levels of brackets)")
        }
        RonError::UnclosedBlockComment => "a `/*` comment is never closed".into(),
        RonError::UnexpectedChar(c) => format!("unexpected character `{}`", c.escape_default()),
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let place = outer
                .as_deref()
                .map(|o| format!(" in `{o}`"))
                .unwrap_or_default();
            format!(
                "unknown field `{found}`{place}; expected one of: {}",
                expected.join(", ")
            )
        }
        RonError::MissingStructField { field, outer } => {
            let place = outer
                .as_deref()
                .map(|o| format!("`{o}`"))
                .unwrap_or_else(|| "this item".into());
            format!("{place} is missing its field `{field}`")
        }
        RonError::DuplicateStructField { field, .. } => {
            format!("the field `{field}` is given twice")
        }
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let place = outer
                .as_deref()
                .map(|o| format!(" for `{o}`"))
                .unwrap_or_default();
            format!(
                "`{found}` is not a valid choice{place}; expected one of: {}",
                expected.join(", ")
            )
        }
        RonError::ExpectedDifferentStructName { expected, found } => {
            format!("expected `{expected}(...)` here, found `{found}(...)`")
        }
        RonError::InvalidValueForType { expected, found } => {
            format!("expected {expected}, found {found}")
        }
        RonError::ExpectedNamedStructLike(name) if !name.is_empty() => {
            format!("expected `{name}(` here: is the `(` missing?")
        }
        RonError::ExpectedNamedStructLike(_) | RonError::ExpectedStructLike => {
            "expected `(` here".into()
        }
        RonError::ExpectedStructName(name) => format!("expected `{name}(` here"),
        RonError::ExpectedIdentifier => {
            "expected a name without quotes here, such as a field (`id:`) or a choice (`Control`)"
                .into()
        }
        RonError::InvalidIdentifier(found) | RonError::SuggestRawIdentifier(found) => format!(
            "`{found}` is not a name; fields and choices are words such as `id` or `Control`"
        ),
        RonError::InvalidEscape(_) => {
            "unknown escape after `\\` in this text (write `\\\\` for a backslash)".into()
        }
        RonError::NoSuchExtension(name) => format!("unknown RON extension `{name}`"),
        RonError::Message(m) => m.replace("serde_stacker", "the parser"),
        other => other.to_string(),
    }
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
}
