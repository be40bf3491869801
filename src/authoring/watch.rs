//! `crossings check --watch`: check once, then again every time a file is saved, printing
//! only what changed — new problems, fixed ones, and "all clear" once everything passes.
//!
//! Files are polled every 300 ms; no file-notification dependency is needed. A file
//! counts as changed when its size, modification time or (on Unix) inode changes, so
//! editors that save by writing a new file and renaming it over the old one are seen
//! too. A change is checked once the file has stayed the same for one more poll, so a
//! save that is still being written is not reported half-done. Folders are listed again
//! at every poll: exercise files added later are picked up. An exercise's translations
//! beside it (`<stem>.fr.ron`, `<stem>.es.ron`) are watched with it, so a translator sees
//! missing and stale entries change as they save.

use crate::commands::check_file;
use crate::i18n::Lang;
use crate::scenario::{Diagnostic, Severity};
use crate::{tr, trn};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often files are looked at.
pub const POLL: Duration = Duration::from_millis(300);

/// What decides whether a file changed. `None` fields: the file could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub exists: bool,
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub inode: u64,
}

impl Fingerprint {
    pub fn of(path: &Path) -> Fingerprint {
        match std::fs::metadata(path) {
            Ok(meta) => Fingerprint {
                exists: true,
                len: meta.len(),
                modified: meta.modified().ok(),
                inode: inode(&meta),
            },
            Err(_) => Fingerprint {
                exists: false,
                len: 0,
                modified: None,
                inode: 0,
            },
        }
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.ino()
}

#[cfg(not(unix))]
fn inode(_meta: &std::fs::Metadata) -> u64 {
    0
}

/// Problems that appeared and problems that went away between two checks of one file.
/// A problem is the same problem when its severity and message are, wherever it moved
/// (adding a line above it moves it, but does not make it new).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub new: Vec<Diagnostic>,
    pub fixed: Vec<Diagnostic>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.fixed.is_empty()
    }
}

pub fn changes(before: &[Diagnostic], after: &[Diagnostic]) -> Changes {
    let same = |a: &Diagnostic, b: &Diagnostic| a.severity == b.severity && a.message == b.message;
    let mut matched = vec![false; before.len()];
    let mut new = Vec::new();
    for d in after {
        match (0..before.len()).find(|&i| !matched[i] && same(&before[i], d)) {
            Some(i) => matched[i] = true,
            None => new.push(d.clone()),
        }
    }
    let fixed = before
        .iter()
        .zip(&matched)
        .filter(|(_, m)| !**m)
        .map(|(d, _)| d.clone())
        .collect();
    Changes { new, fixed }
}

/// Whether a set of problems fails the check.
fn fails(diagnostics: &[Diagnostic], deny_warnings: bool) -> bool {
    diagnostics
        .iter()
        .any(|d| d.is_error() || (deny_warnings && d.severity == Severity::Warning))
}

/// The exercise files under the given paths now: a folder's `.ron` files (translations
/// excepted), and each other path as given, whether or not it exists yet.
pub fn files_under(paths: &[String]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|f| {
                            let name = f
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            name.ends_with(".ron") && name.matches('.').count() == 1
                        })
                        .collect()
                })
                .unwrap_or_default();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.to_path_buf());
        }
    }
    files.dedup();
    files
}

/// The files whose saves re-check an exercise: the exercise itself first, then each
/// translation sidecar it may have (whether or not it exists yet).
fn files_of(exercise: &Path) -> Vec<PathBuf> {
    let mut files = vec![exercise.to_path_buf()];
    files.extend(
        Lang::ALL
            .iter()
            .filter(|l| l.code() != crate::translation::SOURCE_LANGUAGE)
            .map(|l| crate::translation::sidecar_path(exercise, l.code())),
    );
    files
}

/// The fingerprints of an exercise and its sidecars, in the order of `files_of`.
fn fingerprints(exercise: &Path) -> Vec<Fingerprint> {
    files_of(exercise)
        .iter()
        .map(|f| Fingerprint::of(f))
        .collect()
}

/// Which of an exercise's files a save changed: the exercise if it did, else the first
/// sidecar that did.
fn saved_file(exercise: &Path, before: Option<&[Fingerprint]>, now: &[Fingerprint]) -> PathBuf {
    let files = files_of(exercise);
    before
        .and_then(|before| {
            (0..now.len())
                .find(|&i| before.get(i) != now.get(i))
                .and_then(|i| files.get(i).cloned())
        })
        .unwrap_or_else(|| exercise.to_path_buf())
}

/// What is known of one exercise file.
struct Watched {
    /// The exercise's fingerprints and its sidecars' (see `fingerprints`).
    seen: Vec<Fingerprint>,
    /// Why the file could not be read or parsed, if it could not; then `known` is what
    /// the last readable version had, to compare with once it reads again.
    reading: Vec<Diagnostic>,
    known: Vec<Diagnostic>,
}

impl Watched {
    fn check(path: &Path, seen: Vec<Fingerprint>) -> Watched {
        let (reading, known) = match check_readable(path) {
            Ok(diagnostics) => (Vec::new(), diagnostics),
            Err(problem) => (vec![problem], Vec::new()),
        };
        Watched {
            seen,
            reading,
            known,
        }
    }

    fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.reading.iter().chain(&self.known)
    }

    fn fails(&self, deny_warnings: bool) -> bool {
        !self.reading.is_empty() || fails(&self.known, deny_warnings)
    }
}

/// All diagnostics of a file that reads and parses; the reading or syntax error if not
/// (then nothing else can be checked, and earlier problems are neither new nor fixed).
fn check_readable(path: &Path) -> Result<Vec<Diagnostic>, Diagnostic> {
    let name = path.to_string_lossy().into_owned();
    let bytes =
        crate::exercises::read_limited(path).map_err(|m| Diagnostic::error(&name, 0, 0, m))?;
    let text = crate::scenario::load::decode_text(&name, &bytes)?;
    crate::scenario::load::parse_exercise(&name, text)?;
    Ok(check_file(&name, path))
}

/// Check the paths, then keep checking on every save until interrupted (Ctrl-C) or the
/// output is closed.
pub fn watch(paths: &[String], deny_warnings: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let mut watched: BTreeMap<PathBuf, Watched> = BTreeMap::new();
    for file in files_under(paths) {
        let seen = fingerprints(&file);
        watched.insert(file.clone(), Watched::check(&file, seen));
    }
    for d in watched.values().flat_map(Watched::diagnostics) {
        writeln!(out, "{d}")?;
    }
    let mut passing = !watched.values().any(|w| w.fails(deny_warnings));
    writeln!(out, "{}", summary(&watched))?;
    writeln!(
        out,
        "{}",
        tr!("watch.watching", files = files_count(watched.len()))
    )?;
    out.flush()?;
    // Fingerprints seen at the previous poll that differed from the checked ones: a change
    // is checked once it is stable.
    let mut settling: BTreeMap<PathBuf, Vec<Fingerprint>> = BTreeMap::new();
    loop {
        std::thread::sleep(POLL);
        let files = files_under(paths);
        let mut changed = false;
        for gone in watched
            .keys()
            .filter(|f| !files.contains(f))
            .cloned()
            .collect::<Vec<_>>()
        {
            watched.remove(&gone);
            settling.remove(&gone);
            writeln!(out, "{}", tr!("watch.removed", file = gone.display()))?;
            changed = true;
        }
        for file in files {
            let now = fingerprints(&file);
            if watched.get(&file).is_some_and(|w| w.seen == now) {
                settling.remove(&file);
                continue;
            }
            if settling.get(&file) != Some(&now) {
                settling.insert(file.clone(), now);
                continue;
            }
            settling.remove(&file);
            let saved = saved_file(&file, watched.get(&file).map(|w| &w.seen[..]), &now);
            let mut fresh = Watched::check(&file, now);
            let name = file.to_string_lossy().into_owned();
            let delta = match watched.get(&file) {
                None => {
                    writeln!(out, "{}", tr!("watch.new_file", file = name))?;
                    changed = true;
                    changes(
                        &[],
                        &fresh
                            .reading
                            .iter()
                            .chain(&fresh.known)
                            .cloned()
                            .collect::<Vec<_>>(),
                    )
                }
                Some(old) if !fresh.reading.is_empty() => {
                    // Unreadable now: only the reading problem is news. What the file
                    // had before is kept, to compare with once it reads again.
                    fresh.known = old.known.clone();
                    changes(&old.reading, &fresh.reading)
                }
                Some(old) => changes(
                    &old.diagnostics().cloned().collect::<Vec<_>>(),
                    &fresh.known,
                ),
            };
            if !delta.is_empty() {
                writeln!(
                    out,
                    "{}",
                    tr!(
                        "watch.saved",
                        file = saved.display(),
                        new = delta.new.len(),
                        fixed = delta.fixed.len()
                    )
                )?;
                let (new, fixed) = (tr!("watch.new"), tr!("watch.fixed"));
                let width = new.chars().count().max(fixed.chars().count());
                for d in &delta.new {
                    writeln!(out, "  {new:<width$}  {d}")?;
                }
                for d in &delta.fixed {
                    writeln!(out, "  {fixed:<width$}  {d}")?;
                }
                if !fresh.reading.is_empty() && !fresh.known.is_empty() {
                    writeln!(out, "  {}", tr!("watch.rest_once_readable"))?;
                }
                changed = true;
            }
            watched.insert(file, fresh);
        }
        if changed {
            let now_passing = !watched.values().any(|w| w.fails(deny_warnings));
            if now_passing && !passing {
                let warnings = watched.values().flat_map(Watched::diagnostics).count();
                let message = if warnings > 0 {
                    tr!(
                        "watch.all_clear_with_warnings",
                        files = files_count(watched.len()),
                        warnings = trn!("cli.check.warnings", warnings)
                    )
                } else {
                    tr!("watch.all_clear", files = files_count(watched.len()))
                };
                writeln!(out, "{message}")?;
            }
            passing = now_passing;
        }
        out.flush()?;
    }
}

/// "2 files", in the interface language.
fn files_count(n: usize) -> String {
    trn!("cli.check.files", n)
}

/// "checked 2 files: 0 errors, 1 warning".
fn summary(watched: &BTreeMap<PathBuf, Watched>) -> String {
    let all: Vec<&Diagnostic> = watched.values().flat_map(Watched::diagnostics).collect();
    let errors = all.iter().filter(|d| d.is_error()).count();
    tr!(
        "cli.check.summary",
        files = files_count(watched.len()),
        errors = trn!("cli.check.errors", errors),
        warnings = trn!("cli.check.warnings", all.len() - errors)
    )
}
