//! Autosave and resume for the terminal interface.
//!
//! A session started in the TUI gets a save file in the saves folder at once, and the
//! file is rewritten atomically (`save::write_atomic`) after every key that added to the
//! session's log — decisions, offers, answers, persona moves, facilitator actions alike,
//! since they all land in the one log. A killed process therefore loses nothing already
//! committed. A failed write is reported on the hint line once per action and play goes
//! on; the next action tries again.
//!
//! Resuming replays a save (`save::replay`). When the exercise changed shape since the
//! save and replay stopped early, the trainer is told which action no longer applies and
//! may continue from there: that continuation goes to a new save file, so the original is
//! never overwritten. A save that cannot be read is never written to.

use crate::exercises::{self, Loaded};
use crate::session::save::{self, Delegation, Meta, Resumed, SaveError, SaveFile, now_secs};
use crate::session::{Controller, Session};
use crate::tui::app::{Mode, Play, View};
use crate::tui::widgets::notice::Notice;
use std::path::{Path, PathBuf};

/// Where the session on screen is saved, and how much of its log is on disk.
#[derive(Debug, Clone, Default)]
pub struct SaveSlot {
    /// Chosen on the first write of a new session; the save's own path when resumed.
    pub path: Option<PathBuf>,
    /// Start time, mode and roster; written with every save.
    pub meta: Option<Meta>,
    /// Length of the log on disk, once written.
    written: Option<usize>,
    /// Log length of the last failed write, so a failure is reported once per action.
    failed: Option<usize>,
}

impl SaveSlot {
    /// A session resumed from `path` whose first `written` log entries are on disk.
    pub fn resumed(path: PathBuf, meta: Meta, written: usize) -> SaveSlot {
        SaveSlot {
            path: Some(path),
            meta: Some(meta),
            written: Some(written),
            failed: None,
        }
    }

    /// A continuation of a save, written to a new file on the first write.
    pub fn continued(meta: Meta) -> SaveSlot {
        SaveSlot {
            meta: Some(meta),
            ..SaveSlot::default()
        }
    }

    /// Whether every action of `session` is on disk.
    pub fn is_current(&self, session: &Session) -> bool {
        self.written == Some(session.log.len())
    }
}

/// The saves folder and what this run of the app created in it.
#[derive(Debug, Clone)]
pub struct Autosave {
    pub dir: PathBuf,
    /// A save created by this app that holds no action yet. If its session is left
    /// before anything is committed (Esc back to setup), the empty file is removed, so
    /// trying setups does not fill the "Continue" list.
    empty: Option<PathBuf>,
}

impl Autosave {
    pub fn new(dir: PathBuf) -> Autosave {
        Autosave { dir, empty: None }
    }

    /// Bring the save of the session on screen (if any) up to date. Returns a warning
    /// for the hint line when a write fails.
    pub fn sync(&mut self, play: Option<&mut Play>) -> Option<String> {
        if let Some(empty) = &self.empty {
            let current = play.as_ref().and_then(|p| p.save.path.as_ref());
            if current != Some(empty) {
                // Only ever a file this app wrote with an empty log.
                let _ = std::fs::remove_file(empty);
                self.empty = None;
            }
        }
        let play = play?;
        let len = play.session.log.len();
        if play.save.written == Some(len) {
            return None;
        }
        let fresh = play.save.path.is_none();
        let path = match &play.save.path {
            Some(path) => path.clone(),
            None => {
                let started = now_secs();
                let id = &play.session.compiled.exercise.id;
                let path = fresh_path(&self.dir, id, started);
                play.save.path = Some(path.clone());
                if play.save.meta.is_none() {
                    play.save.meta = Some(meta_for(&play.session, play.mode, started));
                }
                path
            }
        };
        match write(play, &path) {
            Ok(()) => {
                play.save.written = Some(len);
                play.save.failed = None;
                if fresh && len == 0 {
                    self.empty = Some(path);
                } else if self.empty.as_ref() == Some(&path) {
                    self.empty = None;
                }
                None
            }
            Err(e) => {
                let first = play.save.failed != Some(len);
                play.save.failed = Some(len);
                first.then(|| warning(&e))
            }
        }
    }

    /// After a panic: write the session on screen, as it stands in memory, to a crash
    /// save (see `crash_path`), which `crossings resume` opens like any other. The
    /// autosave is left as it was. Returns where it went.
    pub fn crash_save(&self, play: &mut Play) -> Result<PathBuf, SaveError> {
        let id = play.session.compiled.exercise.id.clone();
        let path = crash_path(play.save.path.as_deref(), &self.dir, &id);
        write(play, &path)?;
        Ok(path)
    }

    /// The app is quitting: a save it created for a session in which nothing was done
    /// is removed, so opening an exercise to read its briefing leaves no save behind.
    pub fn leave(&mut self) {
        if let Some(empty) = self.empty.take() {
            let _ = std::fs::remove_file(empty);
        }
    }
}

/// One line for the hint bar.
fn warning(e: &SaveError) -> String {
    let reason = match e {
        SaveError::Write { message, .. } => message.clone(),
        other => other.to_string(),
    };
    crate::tr!("autosave.failed", reason = reason)
}

fn write(play: &mut Play, path: &Path) -> Result<(), SaveError> {
    let now = now_secs();
    let meta = match &mut play.save.meta {
        Some(meta) => meta,
        None => play
            .save
            .meta
            .insert(meta_for(&play.session, play.mode, now)),
    };
    meta.updated = now.max(meta.started);
    let file = SaveFile::from_session(&play.session, &play.loaded, meta.clone());
    save::write_atomic(path, &file.to_text())
}

/// The metadata of a session started now, when setup gave none: its mode and a roster
/// with one delegation per role played by people, labelled with the role's name.
fn meta_for(session: &Session, mode: Mode, started: u64) -> Meta {
    let roster = session
        .compiled
        .exercise
        .roles
        .iter()
        .zip(&session.controllers)
        .filter(|(_, c)| **c == Controller::Human)
        .map(|(r, _)| Delegation {
            role: r.id.clone(),
            label: r.name.clone(),
            ..Delegation::default()
        })
        .collect();
    Meta {
        started,
        updated: started,
        mode,
        roster,
        ..Meta::default()
    }
}

/// `save_name` in `dir`, with "-2", "-3", ... when a session of the same exercise began
/// in the same second.
pub fn fresh_path(dir: &Path, exercise_id: &str, started: u64) -> PathBuf {
    let name = save::save_name(exercise_id, started);
    unused_path(dir, name.trim_end_matches(SAVE_SUFFIX))
}

/// `<stem>.save.ron` in `dir`, or `<stem>-2.save.ron`, ... if that is taken.
fn unused_path(dir: &Path, stem: &str) -> PathBuf {
    let first = dir.join(format!("{stem}{SAVE_SUFFIX}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}{SAVE_SUFFIX}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Where the crash save of a session goes: beside its autosave, named after it
/// (`harbour-17.save.ron` → `harbour-17-crash.save.ron`), never over another file.
pub fn crash_path(autosave: Option<&Path>, dir: &Path, exercise_id: &str) -> PathBuf {
    let fresh;
    let (dir, name) = match autosave {
        Some(path) => (
            path.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
        ),
        None => {
            fresh = save::save_name(exercise_id, now_secs());
            (dir, fresh.as_str().into())
        }
    };
    let stem = name
        .strip_suffix(SAVE_SUFFIX)
        .or_else(|| name.strip_suffix(".ron"))
        .unwrap_or(&name);
    unused_path(dir, &format!("{}-crash", crate::text::safe_stem(stem)))
}

/// How every save's file name ends.
pub const SAVE_SUFFIX: &str = ".save.ron";

/// The report files beside a save: `x.save.ron` → `x.html`, `x.md`.
pub fn report_paths(save: &Path) -> (PathBuf, PathBuf) {
    let name = save
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(SAVE_SUFFIX)
        .or_else(|| name.strip_suffix(".ron"))
        .unwrap_or(&name)
        .to_string();
    let stem = if stem.is_empty() {
        "report".into()
    } else {
        stem
    };
    (
        save.with_file_name(format!("{stem}.html")),
        save.with_file_name(format!("{stem}.md")),
    )
}

/// Write the After-Action Report of the session on screen beside its save, as HTML and
/// Markdown. Returns the two paths.
pub fn write_report(play: &Play) -> Result<(PathBuf, PathBuf), String> {
    use crate::report::{ReportFormat, render_report};
    let Some(path) = &play.save.path else {
        return Err(crate::tr!("report.no_save").into());
    };
    let meta = play
        .save
        .meta
        .clone()
        .unwrap_or_else(|| meta_for(&play.session, play.mode, now_secs()));
    let resumed = Resumed {
        session: play.session.clone(),
        loaded: play.loaded.clone(),
        meta,
        structure_changed: false,
        stopped_at: None,
    };
    let (html, md) = report_paths(path);
    for (file, format) in [(&html, ReportFormat::Html), (&md, ReportFormat::Markdown)] {
        save::write_document(file, &render_report(&resumed, format)).map_err(|e| match e {
            SaveError::Write { message, .. } => {
                crate::tr!("report.not_written", reason = message)
            }
            other => crate::tr!("report.not_written", reason = other),
        })?;
    }
    Ok((html, md))
}

/// The notice that shows where the report went.
pub fn report_notice(html: &Path, md: &Path) -> Notice {
    Notice::info(
        crate::tr!("report.written.title"),
        vec![
            crate::tr!("report.written.html").into(),
            html.display().to_string(),
            String::new(),
            crate::tr!("report.written.md").into(),
            md.display().to_string(),
            String::new(),
            crate::tr!("report.written.again").into(),
        ],
    )
}

/// Why replay of a save stopped early.
#[derive(Debug, Clone)]
pub struct Stopped {
    /// Position of the action in the save's log (0-based) and the log's length.
    pub index: usize,
    pub logged: usize,
    pub turn: u32,
    /// The action in words: "Alda chose "Step up coastal patrols"".
    pub action: String,
    /// Why it no longer applies.
    pub why: String,
}

/// A save opened for play.
pub struct Opened {
    pub path: PathBuf,
    pub resumed: Resumed,
    pub stopped: Option<Stopped>,
}

/// Read and replay a save. The file is only read.
pub fn open(path: &Path) -> Result<Opened, SaveError> {
    let save = SaveFile::read(path)?;
    let loaded = save.exercise(&path.display().to_string())?;
    Ok(open_read(path, &save, loaded))
}

/// Replay a save already read, on its exercise.
pub fn open_read(path: &Path, save: &SaveFile, loaded: Loaded) -> Opened {
    let resumed = save::replay(save, loaded);
    let stopped = resumed.stopped_at.as_ref().and_then(|(index, message)| {
        let entry = save.log.get(*index)?;
        let session = &resumed.session;
        let c = &session.compiled;
        let why = session
            .clone()
            .apply(entry.action.clone())
            .err()
            .map_or_else(|| message.clone(), |e| crate::describe::action_error(&e));
        Some(Stopped {
            index: *index,
            logged: save.log.len(),
            turn: entry.turn,
            action: crate::describe::action_line(c, session.state.stage, &entry.action),
            why,
        })
    });
    Opened {
        path: path.to_path_buf(),
        resumed,
        stopped,
    }
}

/// What the trainer is told on resuming.
pub enum Greeting {
    /// A one-line message on the hint bar.
    Line(String),
    /// Replay stopped early: continue from there (to a new save) or go back.
    Stopped(Notice),
}

/// The play screen of an opened save, at the turn it stopped at, and what to say.
pub fn play_from(opened: Opened) -> (Play, Greeting) {
    let Opened {
        path,
        resumed,
        stopped,
    } = opened;
    let Resumed {
        session,
        loaded,
        meta,
        structure_changed,
        ..
    } = resumed;
    let applied = session.log.len();
    let turn = session.state.turn;
    let ended = session.state.is_ended();
    let mut play = Play::new(loaded, session, None);
    play.view = if ended { View::Ending } else { View::Situation };
    let at = if ended {
        crate::tr!("resume.at_end").to_string()
    } else {
        crate::tr!("continue.turn", turn = turn)
    };
    let greeting = match stopped {
        Some(stop) => {
            play.save = SaveSlot::continued(meta);
            let file = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| crate::text::sanitize(&n.to_string_lossy()).into_owned(),
            );
            Greeting::Stopped(Notice::replay_stopped(
                crate::tr!("resume.changed.title"),
                vec![
                    crate::tr!(
                        "resume.stopped_at",
                        index = stop.index + 1,
                        logged = stop.logged,
                        turn = stop.turn,
                        action = stop.action
                    ),
                    crate::tr!("resume.no_longer_applies", why = stop.why),
                    String::new(),
                    crate::trn!("resume.continue_from_there", applied, at = at, file = file),
                ],
            ))
        }
        None => {
            play.save = SaveSlot::resumed(path, meta, applied);
            Greeting::Line(if structure_changed {
                crate::tr!("resume.changed_but_applies", at = at, applied = applied)
            } else {
                crate::tr!("resume.resumed", at = at, applied = applied)
            })
        }
    };
    (play, greeting)
}

/// The save `crossings resume` opens: the one named, else the newest in `dir`.
pub fn save_to_resume(named: Option<&str>, dir: &Path) -> Result<PathBuf, String> {
    if let Some(name) = named {
        return Ok(PathBuf::from(name));
    }
    let list = crate::tui::screens::continue_list::ContinueList::load(dir, &exercises::shipped());
    match list.entries.first() {
        Some(entry) => Ok(entry.path.clone()),
        None if list.skipped > 0 => Err(crate::trn!(
            "resume.none_readable",
            list.skipped,
            dir = dir.display()
        )),
        None => Err(crate::tr!("resume.none", dir = dir.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_files_sit_beside_the_save() {
        let (html, md) = report_paths(Path::new("/s/harbour-17.save.ron"));
        assert_eq!(html, PathBuf::from("/s/harbour-17.html"));
        assert_eq!(md, PathBuf::from("/s/harbour-17.md"));
    }

    #[test]
    fn a_crash_save_sits_beside_the_autosave_and_never_replaces_a_file() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let autosave = dir.path().join("harbour-17.save.ron");
        let first = crash_path(Some(&autosave), Path::new("/elsewhere"), "harbour");
        assert_eq!(first, dir.path().join("harbour-17-crash.save.ron"));
        std::fs::write(&first, "x").expect("written");
        let second = crash_path(Some(&autosave), Path::new("/elsewhere"), "harbour");
        assert_eq!(second, dir.path().join("harbour-17-crash-2.save.ron"));
        let unsaved = crash_path(None, dir.path(), "../../etc/harbour");
        assert_eq!(unsaved.parent(), Some(dir.path()));
        assert!(
            unsaved.to_string_lossy().ends_with("-crash.save.ron"),
            "{unsaved:?}"
        );
    }

    #[test]
    fn a_second_session_in_the_same_second_gets_its_own_file() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let first = fresh_path(dir.path(), "harbour", 5);
        assert!(first.ends_with("harbour-5.save.ron"));
        std::fs::write(&first, "x").expect("written");
        let second = fresh_path(dir.path(), "harbour", 5);
        assert!(second.ends_with("harbour-5-2.save.ron"), "{second:?}");
    }
}
