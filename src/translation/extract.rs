//! For translators: a sidecar skeleton brought up to date with the source, the same as a
//! CSV table for spreadsheets, and a CSV table turned back into a sidecar.

use super::SourceText;
use super::csv;
use super::sidecar::{Entry, Sidecar, is_hash, source_hash};
use crate::scenario::Diagnostic;
use std::collections::{HashMap, HashSet};

/// The CSV columns, in the order `to_csv` writes them. `previous_english` holds the
/// English a stale translation was made from.
pub const CSV_COLUMNS: [&str; 6] = [
    "key",
    "source_hash",
    "english",
    "translation",
    "status",
    "previous_english",
];

/// What `update` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Entries carried over as they were.
    pub kept: usize,
    /// Entries added with an empty translation.
    pub added: usize,
    /// Translations whose English changed, marked with `old_en` (now or before).
    pub marked_stale: usize,
    /// Keys that are no longer in the source; their entries are left out.
    pub dropped: Vec<String>,
}

/// A sidecar with one entry per source text, in source order: good entries kept, stale ones
/// marked (the new English in `en`, the English they translate in `old_en`), missing ones
/// added with an empty `text`. Entries whose key is gone are dropped and listed.
pub fn update(
    sources: &[SourceText],
    existing: Option<&Sidecar>,
    of: &str,
    language: &str,
) -> (Sidecar, Changes) {
    let mut changes = Changes::default();
    let mut old: HashMap<&str, &Entry> = HashMap::new();
    if let Some(existing) = existing {
        for entry in &existing.entries {
            old.entry(entry.key.as_str()).or_insert(entry);
        }
    }
    let entries = sources
        .iter()
        .map(|source| {
            let fresh = Entry {
                key: source.key.clone(),
                source_hash: source.hash.clone(),
                en: source.text.clone(),
                text: String::new(),
                old_en: None,
            };
            match old.get(source.key.as_str()) {
                None => {
                    changes.added += 1;
                    fresh
                }
                Some(entry) if entry.text.trim().is_empty() => {
                    changes.added += 1;
                    fresh
                }
                Some(entry) if entry.source_hash == source.hash => {
                    if entry.old_en.is_some() {
                        changes.marked_stale += 1;
                    } else {
                        changes.kept += 1;
                    }
                    Entry {
                        en: source.text.clone(),
                        ..(*entry).clone()
                    }
                }
                Some(entry) => {
                    changes.marked_stale += 1;
                    Entry {
                        text: entry.text.clone(),
                        // A text stale twice still translates the first English.
                        old_en: Some(entry.old_en.clone().unwrap_or_else(|| entry.en.clone())),
                        ..fresh
                    }
                }
            }
        })
        .collect();
    let keys: HashSet<&str> = sources.iter().map(|s| s.key.as_str()).collect();
    if let Some(existing) = existing {
        changes.dropped = existing
            .entries
            .iter()
            .filter(|e| !keys.contains(e.key.as_str()))
            .map(|e| e.key.clone())
            .collect();
    }
    let sidecar = Sidecar {
        of: of.to_string(),
        language: language.to_string(),
        entries,
    };
    (sidecar, changes)
}

/// The status a translator reads in the CSV: `missing`, `stale` or `ok`.
pub fn status(entry: &Entry) -> &'static str {
    if entry.text.trim().is_empty() {
        "missing"
    } else if entry.old_en.is_some() {
        "stale"
    } else {
        "ok"
    }
}

/// A sidecar as a CSV table, one row per entry under a header row (`CSV_COLUMNS`).
pub fn to_csv(sidecar: &Sidecar) -> String {
    let mut rows = vec![CSV_COLUMNS.iter().map(|c| c.to_string()).collect()];
    rows.extend(sidecar.entries.iter().map(|e| {
        vec![
            e.key.clone(),
            e.source_hash.clone(),
            e.en.clone(),
            e.text.clone(),
            status(e).to_string(),
            e.old_en.clone().unwrap_or_default(),
        ]
    }));
    csv::write(&rows)
}

/// A CSV table back into sidecar entries, in source order (rows whose key is not in the
/// source follow, in table order, for `check` to report). Columns are found by their
/// header, so a translator may reorder them or add columns of notes.
///
/// A row marked `stale` stays stale (its `previous_english` becomes `old_en`); any other
/// status means the translator has reviewed it. A `source_hash` a spreadsheet has mangled
/// (turned into a number) is taken from the row's English instead. The English of a row
/// that matches the source is taken from the source, so a spreadsheet cannot alter it.
pub fn from_csv(
    file: &str,
    bytes: &[u8],
    sources: &[SourceText],
) -> Result<Vec<Entry>, Diagnostic> {
    let records = csv::read(file, bytes)?;
    let Some((header, rows)) = records.split_first() else {
        return Err(Diagnostic::error(file, 0, 0, "the file is empty"));
    };
    let column = |name: &str| {
        header
            .fields
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let required = |name: &str| {
        column(name).ok_or_else(|| {
            Diagnostic::error(
                file,
                header.line,
                1,
                format!(
                    "the first row has no `{name}` column; it must name the columns {}",
                    CSV_COLUMNS.join(", ")
                ),
            )
        })
    };
    let (key_at, hash_at, english_at, translation_at) = (
        required("key")?,
        required("source_hash")?,
        required("english")?,
        required("translation")?,
    );
    let (status_at, previous_at) = (column("status"), column("previous_english"));
    let by_key: HashMap<&str, &SourceText> = sources.iter().map(|s| (s.key.as_str(), s)).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let cell = |at: Option<usize>| {
            at.and_then(|i| row.fields.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let key = cell(Some(key_at)).trim().to_string();
        if key.is_empty() {
            return Err(Diagnostic::error(file, row.line, 1, "this row has no key"));
        }
        if let Some(first) = seen.insert(key.clone(), row.line) {
            return Err(Diagnostic::error(
                file,
                row.line,
                1,
                format!("`{key}` is also on line {first}; keep one row per key"),
            ));
        }
        let english = cell(Some(english_at));
        let hash = cell(Some(hash_at)).trim().to_string();
        let source_hash = if is_hash(&hash) {
            hash
        } else {
            source_hash(&english)
        };
        let en = match by_key.get(key.as_str()) {
            Some(s) if s.hash == source_hash => s.text.clone(),
            _ => english,
        };
        let stale = cell(status_at).trim().eq_ignore_ascii_case("stale");
        let previous = cell(previous_at);
        entries.push(Entry {
            key,
            source_hash,
            text: cell(Some(translation_at)),
            old_en: stale.then(|| {
                if previous.is_empty() {
                    en.clone()
                } else {
                    previous
                }
            }),
            en,
        });
    }
    let order: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    entries.sort_by_key(|e| order.get(e.key.as_str()).copied().unwrap_or(usize::MAX));
    Ok(entries)
}
