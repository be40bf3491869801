//! What `crossings check` says about a sidecar: errors when it cannot be read or names the
//! wrong source or language, warnings for missing, extra and stale entries. Every message
//! points at the sidecar's `path:line:col`.

use super::SourceText;
use super::apply::{Verdict, index, verdict};
use super::sidecar::{self, Sidecar, entry_path, is_hash};
use crate::scenario::model::Exercise;
use crate::scenario::positions::locate_paths;
use crate::scenario::{Diagnostic, Severity};
use crate::tr;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Missing entries listed one by one before the rest are counted in one line: a sidecar
/// just started would otherwise print hundreds.
pub const MISSING_LISTED: usize = 20;

/// What the sidecar should translate, and where that source lives.
pub struct Source<'a> {
    /// The exercise id, or `glossary`.
    pub id: &'a str,
    /// The source file's name and text, to say where a missing text's English is.
    pub file: &'a str,
    pub text: &'a str,
    pub texts: &'a [SourceText],
}

/// Check every sidecar beside an exercise file that loaded (`name` as the user gave it,
/// `text` its source). An exercise without sidecars gets nothing.
pub fn check_sidecars_beside(
    name: &str,
    path: &Path,
    exercise: &Exercise,
    text: &str,
) -> Vec<Diagnostic> {
    let sidecars = super::sidecars_beside(path);
    if sidecars.is_empty() {
        return Vec::new();
    }
    let texts = super::exercise_sources(exercise);
    let source = Source {
        id: &exercise.id,
        file: name,
        text,
        texts: &texts,
    };
    let mut out = Vec::new();
    for (language, sidecar_path) in sidecars {
        let sidecar_name = sidecar_path.to_string_lossy().into_owned();
        match crate::exercises::read_limited(&sidecar_path) {
            Ok(bytes) => out.extend(check_sidecar(&source, &sidecar_name, &language, &bytes)),
            Err(m) => out.push(Diagnostic::error(&sidecar_name, 0, 0, m)),
        }
    }
    out
}

/// A warning for each sidecar in a folder with no exercise file of its name beside it.
pub fn orphan_sidecars(folder: &Path) -> Vec<Diagnostic> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .iter()
        .filter_map(|name| {
            let (stem, _) = super::split_sidecar_name(name)?;
            let exercise = format!("{stem}.ron");
            (!names.contains(&exercise)).then(|| Diagnostic {
                file: folder.join(name).to_string_lossy().into_owned(),
                line: 0,
                col: 0,
                severity: Severity::Warning,
                message: tr!("translation.check.orphan", exercise = exercise),
            })
        })
        .collect()
}

struct Problem {
    path: String,
    severity: Severity,
    message: String,
}

/// Every problem of one sidecar file, sorted by position.
pub fn check_sidecar(
    source: &Source<'_>,
    sidecar_file: &str,
    language: &str,
    bytes: &[u8],
) -> Vec<Diagnostic> {
    let (sidecar, text) = match sidecar::parse(sidecar_file, bytes) {
        Ok(parsed) => parsed,
        Err(d) => return vec![d],
    };
    let problems = problems(source, &sidecar, language);
    let paths: Vec<String> = problems.iter().map(|p| p.path.clone()).collect();
    let positions = locate_paths(&text, &paths);
    let mut out: Vec<Diagnostic> = problems
        .into_iter()
        .zip(positions)
        .map(|(p, (line, col))| Diagnostic {
            file: sidecar_file.to_string(),
            line,
            col,
            severity: p.severity,
            message: p.message,
        })
        .collect();
    out.sort_by_key(|d| (d.line, d.col, d.severity));
    out
}

fn problems(source: &Source<'_>, sidecar: &Sidecar, language: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    if sidecar.of != source.id {
        out.push(error(
            "of".into(),
            tr!(
                "translation.check.wrong_of",
                of = sidecar.of,
                id = source.id,
                file = source.file
            ),
        ));
    }
    if sidecar.language != language {
        out.push(error(
            "language".into(),
            tr!(
                "translation.check.wrong_language",
                language = language,
                found = sidecar.language
            ),
        ));
    }
    let sources: HashMap<&str, &SourceText> =
        source.texts.iter().map(|s| (s.key.as_str(), s)).collect();
    let mut seen = HashSet::new();
    for (i, entry) in sidecar.entries.iter().enumerate() {
        let path = entry_path(i);
        if !seen.insert(entry.key.as_str()) {
            out.push(error(
                format!("{path}.key"),
                tr!("translation.check.duplicate", key = entry.key),
            ));
            continue;
        }
        if !is_hash(&entry.source_hash) {
            out.push(error(
                format!("{path}.source_hash"),
                tr!("translation.check.bad_hash", hash = entry.source_hash),
            ));
            continue;
        }
        let Some(current) = sources.get(entry.key.as_str()) else {
            out.push(warning(
                &path,
                tr!(
                    "translation.check.extra",
                    key = entry.key,
                    file = source.file
                ),
            ));
            continue;
        };
        if let Some(max) = current.max_chars
            && entry.text.chars().count() > max
        {
            out.push(warning(
                &format!("{path}.text"),
                tr!("translation.check.too_long", key = entry.key, max = max),
            ));
        }
    }
    let by_key = index(sidecar);
    let positions = entry_positions(sidecar);
    let mut unlisted: Vec<&SourceText> = Vec::new();
    for current in source.texts {
        match verdict(by_key.get(current.key.as_str()), &current.hash) {
            Verdict::Fresh(_) => {}
            // A malformed hash is already an error above.
            Verdict::Stale(entry) if !is_hash(&entry.source_hash) => {}
            Verdict::Stale(entry) => {
                let was = entry.old_en.as_deref().unwrap_or(&entry.en);
                out.push(warning(
                    &entry_path(positions[entry.key.as_str()]),
                    tr!(
                        "translation.check.stale",
                        key = entry.key,
                        was = excerpt(was),
                        now = excerpt(&current.text),
                        then = if entry.old_en.is_some() {
                            tr!("translation.check.stale.remove_old_en")
                        } else {
                            tr!("translation.check.stale.after_extract")
                        }
                    ),
                ));
            }
            Verdict::Missing => unlisted.push(current),
        }
    }
    missing_problems(source, sidecar, &positions, &unlisted, &mut out);
    out
}

/// One warning per missing text up to `MISSING_LISTED`, then one for the rest. An empty
/// entry is pointed at; an absent one at the `entries` list, with where its English is.
fn missing_problems(
    source: &Source<'_>,
    sidecar: &Sidecar,
    positions: &HashMap<&str, usize>,
    missing: &[&SourceText],
    out: &mut Vec<Problem>,
) {
    let listed = &missing[..missing.len().min(MISSING_LISTED)];
    let english_paths: Vec<String> = listed.iter().map(|s| s.path.clone()).collect();
    let english_at = locate_paths(source.text, &english_paths);
    for (text, (line, col)) in listed.iter().zip(english_at) {
        let (path, what) = match positions.get(text.key.as_str()) {
            Some(&i) => (
                format!("{}.text", entry_path(i)),
                "translation.check.missing.empty",
            ),
            None => ("entries".to_string(), "translation.check.missing.absent"),
        };
        out.push(warning(
            &path,
            crate::i18n::t_with(
                what,
                &[
                    ("key", &text.key),
                    ("file", &source.file),
                    ("line", &line),
                    ("col", &col),
                    ("english", &excerpt(&text.text)),
                ],
            ),
        ));
    }
    if missing.len() > listed.len() {
        out.push(warning(
            "entries",
            tr!(
                "translation.check.missing.more",
                count = missing.len() - listed.len(),
                file = source.file,
                language = sidecar.language
            ),
        ));
    }
}

/// The index of the first entry of each key.
fn entry_positions(sidecar: &Sidecar) -> HashMap<&str, usize> {
    let mut positions = HashMap::with_capacity(sidecar.entries.len());
    for (i, entry) in sidecar.entries.iter().enumerate() {
        positions.entry(entry.key.as_str()).or_insert(i);
    }
    positions
}

fn error(path: String, message: String) -> Problem {
    Problem {
        path,
        severity: Severity::Error,
        message,
    }
}

fn warning(path: &str, message: String) -> Problem {
    Problem {
        path: path.to_string(),
        severity: Severity::Warning,
        message,
    }
}

/// A text quoted for a message, cut to one readable line.
fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        format!("“{text}”")
    } else {
        let cut: String = text.chars().take(MAX - 1).collect();
        format!("“{}…”", cut.trim_end())
    }
}
