//! Translations of exercise text and of the frameworks glossary, kept in sidecar files.
//!
//! `exercises/01-sea-rescue.fr.ron` translates `exercises/01-sea-rescue.ron` into French;
//! `assets/glossary.es.ron` translates `assets/glossary.ron` into Spanish. Each entry is keyed
//! by a stable key made of the source's ids and the field (`walk`), and carries the hash of
//! the English it translates, so a changed English text is detected as stale (`check`) and
//! falls back to English at play (`apply`). `extract` writes skeletons and CSV for
//! translators; `csv` is a small RFC 4180 reader and writer. The layout and the workflow
//! for translators are in `docs/translation.md`.

pub mod apply;
pub mod check;
pub mod csv;
pub mod extract;
pub mod sidecar;
pub mod walk;

pub use apply::{Coverage, apply_to_exercise, apply_to_glossary};
pub use sidecar::{Entry, Sidecar, source_hash};

use crate::scenario::model::{Exercise, Framework};
use std::path::{Path, PathBuf};

/// The language every exercise and the glossary are written in.
pub const SOURCE_LANGUAGE: &str = "en";

/// What a sidecar of the glossary names in its `of` field.
pub const GLOSSARY_ID: &str = "glossary";

/// Whether a code can name a translation: 2 or 3 lower-case ASCII letters (ISO 639), as in
/// `fr` or `es`. `build.rs` applies the same rule to embed shipped sidecars.
pub fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// `01-sea-rescue.fr.ron` → (`01-sea-rescue`, `fr`); `None` for anything else, exercises
/// included.
pub fn split_sidecar_name(file_name: &str) -> Option<(&str, &str)> {
    let stem = file_name.strip_suffix(".ron")?;
    let (base, language) = stem.rsplit_once('.')?;
    (!base.is_empty() && !base.contains('.') && is_language_code(language))
        .then_some((base, language))
}

/// The sidecar that translates the file at `path` into `language`: the same folder and
/// stem, e.g. `exercises/01-sea-rescue.ron` → `exercises/01-sea-rescue.fr.ron`.
pub fn sidecar_path(path: &Path, language: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.{language}.ron"))
}

/// Every sidecar next to the file at `path`, as (language, path), sorted by language.
pub fn sidecars_beside(path: &Path) -> Vec<(String, PathBuf)> {
    let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut found: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (base, language) = split_sidecar_name(&name)?;
            (base == stem).then(|| (language.to_string(), path.with_file_name(&name)))
        })
        .collect();
    found.sort();
    found
}

/// One source text to translate, as the walk found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    pub key: String,
    /// Where it sits in the source file (for `scenario::positions`).
    pub path: String,
    pub text: String,
    pub hash: String,
    pub max_chars: Option<usize>,
}

fn collect(walk: impl FnOnce(&mut dyn FnMut(walk::Field<'_>, &mut String))) -> Vec<SourceText> {
    let mut out = Vec::new();
    walk(&mut |field, text| {
        if walk::is_translatable(text) {
            out.push(SourceText {
                key: field.key.to_string(),
                path: field.path.to_string(),
                text: text.clone(),
                hash: source_hash(text),
                max_chars: field.max_chars,
            });
        }
    });
    out
}

/// Every text of an exercise that needs a translation, in file order.
pub fn exercise_sources(exercise: &Exercise) -> Vec<SourceText> {
    let mut copy = exercise.clone();
    collect(|visit| walk::walk_exercise(&mut copy, visit))
}

/// Every text of the glossary that needs a translation, in file order.
pub fn glossary_sources(frameworks: &[Framework]) -> Vec<SourceText> {
    let mut copy = frameworks.to_vec();
    collect(|visit| walk::walk_glossary(&mut copy, visit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_names_are_told_from_exercises() {
        assert_eq!(
            split_sidecar_name("01-sea-rescue.fr.ron"),
            Some(("01-sea-rescue", "fr"))
        );
        assert_eq!(
            split_sidecar_name("glossary.es.ron"),
            Some(("glossary", "es"))
        );
        assert_eq!(split_sidecar_name("01-sea-rescue.ron"), None);
        assert_eq!(split_sidecar_name("a.b.fr.ron"), None);
        assert_eq!(split_sidecar_name("x.FR.ron"), None);
        assert_eq!(split_sidecar_name("x.french.ron"), None);
        assert_eq!(
            sidecar_path(Path::new("exercises/01-sea-rescue.ron"), "es"),
            Path::new("exercises/01-sea-rescue.es.ron")
        );
    }
}
