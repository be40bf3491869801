//! Putting a sidecar's translations into a loaded exercise or glossary. Only text changes:
//! ids, numbers and structure never come from a sidecar.

use super::SourceText;
use super::sidecar::{Entry, Sidecar, source_hash};
use super::walk::{Field, is_translatable, walk_exercise, walk_glossary};
use crate::scenario::model::{Exercise, Framework};
use std::collections::HashMap;

/// How much of a source a translation covered. Stale and missing texts stay in English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub translated: usize,
    /// Translated once, but the English has changed since.
    pub stale: usize,
    /// Never translated (no entry, or an empty one).
    pub missing: usize,
}

impl Coverage {
    /// Texts left in English.
    pub fn in_english(&self) -> usize {
        self.stale + self.missing
    }

    pub fn is_complete(&self) -> bool {
        self.in_english() == 0
    }
}

/// What one entry can do for the current English text.
pub(crate) enum Verdict<'a> {
    Fresh(&'a Entry),
    Stale(&'a Entry),
    Missing,
}

/// The sidecar's entries by key; the first of two entries with one key wins (and `check`
/// reports the second).
pub(crate) fn index(sidecar: &Sidecar) -> HashMap<&str, &Entry> {
    let mut by_key = HashMap::with_capacity(sidecar.entries.len());
    for entry in &sidecar.entries {
        by_key.entry(entry.key.as_str()).or_insert(entry);
    }
    by_key
}

/// Whether an entry translates this exact English text.
pub(crate) fn verdict<'a>(entry: Option<&&'a Entry>, english_hash: &str) -> Verdict<'a> {
    match entry {
        None => Verdict::Missing,
        Some(entry) if entry.text.trim().is_empty() => Verdict::Missing,
        Some(entry) if entry.old_en.is_some() || entry.source_hash != english_hash => {
            Verdict::Stale(entry)
        }
        Some(entry) => Verdict::Fresh(entry),
    }
}

fn translate_with(
    sidecar: &Sidecar,
    walk: impl FnOnce(&mut dyn FnMut(Field<'_>, &mut String)),
) -> Coverage {
    let by_key = index(sidecar);
    let mut coverage = Coverage::default();
    walk(&mut |field, text| {
        if !is_translatable(text) {
            return;
        }
        match verdict(by_key.get(field.key), &source_hash(text)) {
            Verdict::Fresh(entry) => {
                // Sanitised exactly as exercise text is at load.
                *text = crate::text::sanitize(&entry.text).into_owned();
                coverage.translated += 1;
            }
            Verdict::Stale(_) => coverage.stale += 1,
            Verdict::Missing => coverage.missing += 1,
        }
    });
    coverage
}

/// How much of these source texts a sidecar translates, without applying it.
pub fn coverage(texts: &[SourceText], sidecar: &Sidecar) -> Coverage {
    let by_key = index(sidecar);
    let mut coverage = Coverage::default();
    for text in texts {
        match verdict(by_key.get(text.key.as_str()), &text.hash) {
            Verdict::Fresh(_) => coverage.translated += 1,
            Verdict::Stale(_) => coverage.stale += 1,
            Verdict::Missing => coverage.missing += 1,
        }
    }
    coverage
}

/// Replace each text of a loaded (English) exercise whose entry translates its current
/// English; stale and missing texts stay in English and are counted.
pub fn apply_to_exercise(exercise: &mut Exercise, sidecar: &Sidecar) -> Coverage {
    translate_with(sidecar, |visit| walk_exercise(exercise, visit))
}

/// The same for the frameworks glossary.
pub fn apply_to_glossary(frameworks: &mut [Framework], sidecar: &Sidecar) -> Coverage {
    translate_with(sidecar, |visit| walk_glossary(frameworks, visit))
}
