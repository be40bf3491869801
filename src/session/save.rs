//! Saves: a session written as `(exercise, seed, action log)` plus metadata, atomically,
//! after every action. Loading never modifies the file; a save whose exercise changed
//! shape is replayed up to the first action that no longer applies.
//!
//! This module does file I/O; the engine and the rest of `session` stay pure.

use super::{Controller, LogEntry, Session};
use crate::engine::Compiled;
use crate::exercises::{self, Loaded};
use crate::limits::{self, MAX_LOGGED_ACTIONS};
use crate::scenario::Exercise;
use crate::scenario::load::{decode_text_within, parse_ron};
use crate::text::fnv1a;
use serde::{Deserialize, Serialize};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, Weak};

/// Bumped when the save format changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;
pub use crate::limits::MAX_SAVE_BYTES;

/// How a session is run in the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Mode {
    /// One person against computer-played states.
    #[default]
    Solo,
    /// Every role human, one keyboard, one screen.
    Group,
    /// A projector: only what every delegation may see is drawn.
    Projector,
    /// Small groups at one laptop, with a hand-off screen between delegations.
    PassTheKeyboard,
}

impl Mode {
    /// The mode as people read it, in the interface language.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Solo => crate::tr!("mode.solo"),
            Mode::Group => crate::tr!("mode.group"),
            Mode::Projector => crate::tr!("mode.projector"),
            Mode::PassTheKeyboard => crate::tr!("mode.pass_the_keyboard"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    pub role: String,
    pub label: String,
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub agency: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Seconds since the Unix epoch, UTC.
    pub started: u64,
    /// Seconds since the Unix epoch of the last write.
    #[serde(default)]
    pub updated: u64,
    #[serde(default)]
    pub mode: Mode,
    /// Session plan length in minutes (60, 90 or 120), if one was chosen.
    #[serde(default)]
    pub plan_minutes: Option<u32>,
    #[serde(default)]
    pub roster: Vec<Delegation>,
    #[serde(default)]
    pub observers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveFile {
    pub format: u32,
    pub exercise: String,
    /// Hash of the exercise's ids and wiring (not its wording): see `structure_hash`.
    pub structure: String,
    pub seed: u64,
    pub controllers: Vec<(String, Controller)>,
    pub meta: Meta,
    /// The source of an exercise loaded from a path, so resuming reads no outside file.
    #[serde(default)]
    pub source: Option<String>,
    /// With `source`: the language (`fr`) and the sidecar text of the translation it was
    /// played in, so it resumes in that language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidecar_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidecar: Option<String>,
    pub log: Vec<LogEntry>,
}

/// Why a save could not be read or written; its text is in the interface language.
#[derive(Debug)]
pub enum SaveError {
    Unreadable { path: String, message: String },
    NewerFormat { path: String, found: u32 },
    MissingExercise { path: String, id: String },
    Write { path: String, message: String },
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::tr;
        match self {
            SaveError::Unreadable { path, message } => write!(f, "{path}: {message}"),
            SaveError::NewerFormat { path, found } => f.write_str(&tr!(
                "save.error.newer_format",
                path = path,
                found = found,
                supported = FORMAT_VERSION
            )),
            SaveError::MissingExercise { path, id } => {
                f.write_str(&tr!("save.error.missing_exercise", path = path, id = id))
            }
            SaveError::Write { path, message } => {
                f.write_str(&tr!("save.error.write", path = path, message = message))
            }
        }
    }
}

impl std::error::Error for SaveError {}

/// Where saves live: `$CROSSINGS_HOME/saves`, else the platform's data directory.
pub fn save_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CROSSINGS_HOME") {
        return PathBuf::from(home).join("saves");
    }
    directories::ProjectDirs::from("org", "Crossings", "crossings")
        .map(|d| d.data_dir().join("saves"))
        .unwrap_or_else(|| PathBuf::from(".crossings").join("saves"))
}

/// A file name safe on every platform: the exercise id (see `text::safe_stem`) and the
/// start time.
pub fn save_name(exercise_id: &str, started: u64) -> String {
    format!("{}-{started}.save.ron", crate::text::safe_stem(exercise_id))
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Keys whose string values are wording, not structure: a typo fix or a translation
/// changes them without changing what a saved log means.
pub const WORDING_KEYS: &[&str] = &[
    "title",
    "context",
    "summary",
    "content_note",
    "text",
    "intro",
    "name",
    "public_brief",
    "private_brief",
    "interests",
    "leverage",
    "management",
    "protection",
    "tensions",
    "label",
    "unit",
    "situation",
    "cue",
    "prompt",
    "detail",
    "note",
    "expected",
    "learning",
    "narrative",
    "behaviours",
    "objectives",
    "tools",
    "cooperation",
    "communication",
    "choices",
    "why",
    "source",
];

/// A stable hash of the exercise's structure: ids and wiring, not text.
pub fn structure_hash(exercise: &Exercise) -> String {
    let mut value = serde_json::to_value(exercise).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        // Not referenced by any log.
        for key in [
            "duration_minutes",
            "debrief",
            "knowledge_check",
            "setting",
            "obligations",
        ] {
            map.remove(key);
        }
    }
    strip_wording(&mut value, None);
    // serde_json's maps are sorted, so the text is canonical.
    format!("{:016x}", fnv1a(value.to_string().as_bytes()))
}

/// `structure_hash` of a compiled exercise, worked out once per exercise: the launcher
/// checks every save against it and autosave writes it after every action, and hashing
/// a large exercise takes milliseconds. A compiled exercise never changes once shared.
pub fn structure_hash_of(compiled: &Arc<Compiled>) -> String {
    static KNOWN: Mutex<Vec<(Weak<Compiled>, String)>> = Mutex::new(Vec::new());
    let mut known = KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
    known.retain(|(weak, _)| weak.strong_count() > 0);
    if let Some((_, hash)) = known
        .iter()
        .find(|(weak, _)| weak.upgrade().is_some_and(|c| Arc::ptr_eq(&c, compiled)))
    {
        return hash.clone();
    }
    let hash = structure_hash(&compiled.exercise);
    known.push((Arc::downgrade(compiled), hash.clone()));
    hash
}

fn strip_wording(value: &mut serde_json::Value, key: Option<&str>) {
    let wording = key.is_some_and(|k| WORDING_KEYS.contains(&k));
    match value {
        serde_json::Value::String(s) if wording => s.clear(),
        serde_json::Value::Array(items) => {
            for item in items.iter_mut() {
                strip_wording(item, key);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                strip_wording(v, Some(k.as_str()));
            }
        }
        _ => {}
    }
}

impl SaveFile {
    pub fn from_session(session: &Session, loaded: &Loaded, meta: Meta) -> SaveFile {
        let embedded_sidecar = loaded.sidecar.as_deref().filter(|_| !loaded.shipped);
        let ex = &session.compiled.exercise;
        SaveFile {
            format: FORMAT_VERSION,
            exercise: ex.id.clone(),
            structure: structure_hash_of(&session.compiled),
            seed: session.seed,
            controllers: ex
                .roles
                .iter()
                .zip(&session.controllers)
                .map(|(r, c)| (r.id.clone(), *c))
                .collect(),
            meta,
            source: (!loaded.shipped).then(|| loaded.source.clone()),
            sidecar_language: embedded_sidecar.map(|(language, _)| language.clone()),
            sidecar: embedded_sidecar.map(|(_, text)| text.clone()),
            log: session.log.clone(),
        }
    }

    pub fn to_text(&self) -> String {
        let config = ron::ser::PrettyConfig::new()
            .depth_limit(4)
            .indentor("  ".to_string());
        ron::ser::to_string_pretty(self, config).unwrap_or_default()
    }

    /// Read and parse a save. The file is only read, never written.
    pub fn read(path: &Path) -> Result<SaveFile, SaveError> {
        let name = path.display().to_string();
        let unreadable = |message: String| SaveError::Unreadable {
            path: name.clone(),
            message,
        };
        let meta = std::fs::metadata(path).map_err(|e| unreadable(exercises::io_message(&e)))?;
        if meta.is_dir() {
            return Err(unreadable(crate::tr!("save.error.directory").into()));
        }
        if meta.len() > MAX_SAVE_BYTES as u64 {
            return Err(unreadable(crate::tr!(
                "save.error.too_large",
                megabytes = meta.len() / (1024 * 1024)
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| unreadable(exercises::io_message(&e)))?;
        Self::parse(&name, &bytes)
    }

    pub fn parse(name: &str, bytes: &[u8]) -> Result<SaveFile, SaveError> {
        let unreadable = |message: String| SaveError::Unreadable {
            path: name.to_string(),
            message,
        };
        let text = decode_text_within(name, bytes, MAX_SAVE_BYTES)
            .map_err(|d| unreadable(crate::tr!("save.error.not_a_save", detail = d.message)))?;
        // Read the version first (other fields ignored), so a newer save gets the right
        // message even when the rest of its shape is unknown to this version.
        #[derive(Deserialize)]
        struct Version {
            format: u32,
        }
        if let Ok(v) = parse_ron::<Version>(name, text)
            && v.format > FORMAT_VERSION
        {
            return Err(SaveError::NewerFormat {
                path: name.to_string(),
                found: v.format,
            });
        }
        let save: SaveFile = parse_ron(name, text).map_err(|d| {
            let at = crate::tr!(
                "save.error.at",
                line = d.line,
                col = d.col,
                message = d.message
            );
            match SaveShape::of(text) {
                SaveShape::Exercise => {
                    unreadable(crate::tr!("save.error.is_exercise", name = name))
                }
                SaveShape::Other => unreadable(crate::tr!("save.error.not_a_save", detail = at)),
                SaveShape::Save => unreadable(crate::tr!("save.error.damaged", detail = at)),
            }
        })?;
        if save.format > FORMAT_VERSION {
            return Err(SaveError::NewerFormat {
                path: name.to_string(),
                found: save.format,
            });
        }
        if save.log.len() > MAX_LOGGED_ACTIONS {
            return Err(unreadable(crate::tr!(
                "limits.save_actions",
                actions = limits::thousands(save.log.len() as u64),
                limit = limits::thousands(MAX_LOGGED_ACTIONS as u64)
            )));
        }
        // The embedded exercise is checked as an exercise when it is loaded.
        if let Some(d) = limits::long_texts(name, text, &["source", "sidecar"])
            .into_iter()
            .next()
        {
            return Err(unreadable(format!(
                "line {}, column {}: {}",
                d.line, d.col, d.message
            )));
        }
        // The embedded exercise and its translation are sanitised when they are loaded;
        // their line breaks matter.
        let mut save = save;
        let source = save.source.take();
        let sidecar = save.sidecar.take();
        let mut save = crate::text::sanitize_value(save, text).map_err(unreadable)?;
        save.source = source;
        save.sidecar = sidecar;
        Ok(save)
    }

    /// The exercise this save was played on: embedded source first, else the shipped one
    /// with its text in the interface language, as a new session would have it. A save
    /// records no wording (the log holds ids, the structure hash ignores text), so the
    /// replay is the same in any language. An embedded source stays as it was saved: the
    /// save does not know where its translations would be.
    pub fn exercise(&self, path: &str) -> Result<Loaded, SaveError> {
        let lang = crate::i18n::current();
        if self.source.is_none()
            && lang != crate::i18n::Lang::En
            && let Ok((translated, _)) = exercises::find_translated(&self.exercise, lang.code())
            && translated.shipped
            && translated.compiled.exercise.id == self.exercise
        {
            return Ok(translated);
        }
        match &self.source {
            Some(source) => {
                let origin = format!("{path} (embedded exercise)");
                match (&self.sidecar_language, &self.sidecar) {
                    // Played in this language: resumed in it.
                    (Some(language), Some(text)) if language == lang.code() => {
                        exercises::load_source_with_sidecar(&origin, source, language, text)
                    }
                    _ => exercises::load_source(&origin, source, false),
                }
                .map_err(|e| SaveError::Unreadable {
                    path: path.to_string(),
                    message: crate::tr!("save.error.embedded", error = e),
                })
            }
            None => exercises::shipped()
                .into_iter()
                .find(|l| l.compiled.exercise.id == self.exercise)
                .ok_or_else(|| SaveError::MissingExercise {
                    path: path.to_string(),
                    id: self.exercise.clone(),
                }),
        }
    }
}

/// What a text that failed to parse as a save looks like, for the message.
enum SaveShape {
    /// Begins like a save (`(` then `format:`): truncated or damaged.
    Save,
    /// An exercise file given by mistake.
    Exercise,
    /// Some other RON or text.
    Other,
}

impl SaveShape {
    fn of(text: &str) -> SaveShape {
        // Skip blank lines and `//` comments, as exercise files begin with them.
        let body = text
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty() || l.starts_with("//"))
            .collect::<Vec<_>>()
            .join(" ");
        let head: String = body.chars().take(200).collect();
        let tight: String = head.chars().filter(|c| !c.is_whitespace()).collect();
        if tight.starts_with("Exercise(") {
            SaveShape::Exercise
        } else if (tight.starts_with("(format:") || tight.starts_with("SaveFile(format:"))
            || (tight.starts_with('(') && tight.contains("exercise:") && tight.contains("format:"))
        {
            SaveShape::Save
        } else {
            SaveShape::Other
        }
    }
}

/// The outcome of replaying a save.
pub struct Resumed {
    pub session: Session,
    pub loaded: Loaded,
    pub meta: Meta,
    /// Whether the exercise's structure differs from when the save was written.
    pub structure_changed: bool,
    /// Set when the exercise changed shape and replay stopped early: which action (by
    /// position in the log) and why.
    pub stopped_at: Option<(usize, String)>,
}

/// Rebuild a session from a save by replaying its log.
pub fn resume(path: &Path) -> Result<Resumed, SaveError> {
    let save = SaveFile::read(path)?;
    let loaded = save.exercise(&path.display().to_string())?;
    Ok(replay(&save, loaded))
}

/// Replay a save already read on the exercise it was played on (see `SaveFile::exercise`),
/// stopping at the first action that no longer applies.
pub fn replay(save: &SaveFile, loaded: Loaded) -> Resumed {
    let ex = &loaded.compiled.exercise;
    let controllers: Vec<Controller> = ex
        .roles
        .iter()
        .map(|r| {
            save.controllers
                .iter()
                .find(|(id, _)| *id == r.id)
                .map_or(Controller::Human, |(_, c)| *c)
        })
        .collect();
    let mut session = Session::new(loaded.compiled.clone(), save.seed, controllers);
    let mut stopped_at = None;
    for (i, entry) in save.log.iter().enumerate() {
        if let Err(e) = session.apply(entry.action.clone()) {
            stopped_at = Some((
                i,
                crate::tr!(
                    "save.replay_stopped",
                    index = i + 1,
                    count = save.log.len(),
                    kind = entry.action.kind(),
                    turn = entry.turn,
                    error = crate::describe::action_error(&e)
                ),
            ));
            break;
        }
    }
    Resumed {
        structure_changed: structure_hash_of(&loaded.compiled) != save.structure,
        session,
        loaded,
        meta: save.meta.clone(),
        stopped_at,
    }
}

/// Who may read a file once written. Saves hold a delegation's notes and stay private to
/// the user; reports and print packs are meant to be shared, so they get the usual
/// permissions (0666 less the umask, as any editor would write them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    OwnerOnly,
    Everyone,
}

/// Write a save atomically: a temporary file in the same directory, flushed to disk,
/// then renamed over the target. A crash leaves either the old save or the new one.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), SaveError> {
    write_atomic_for(path, text, Readers::OwnerOnly)
}

/// Write a report or print-pack document atomically, readable by others (see [`Readers`]).
pub fn write_document(path: &Path, text: &str) -> Result<(), SaveError> {
    write_atomic_for(path, text, Readers::Everyone)
}

fn write_atomic_for(path: &Path, text: &str, readers: Readers) -> Result<(), SaveError> {
    let fail = |message: String| SaveError::Write {
        path: path.display().to_string(),
        message,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| fail(exercises::io_message(&e)))?;
    #[cfg(unix)]
    let builder = {
        use std::os::unix::fs::PermissionsExt;
        let mut builder = tempfile::Builder::new();
        if readers == Readers::Everyone {
            // The mode goes through open(2), so the user's umask still applies.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        builder
    };
    // Windows has no modes: a new file inherits its folder's permissions.
    #[cfg(not(unix))]
    let builder = {
        let _ = readers;
        tempfile::Builder::new()
    };
    let mut file = builder
        .tempfile_in(dir)
        .map_err(|e| fail(exercises::io_message(&e)))?;
    file.write_all(text.as_bytes())
        .map_err(|e| fail(exercises::io_message(&e)))?;
    file.as_file()
        .sync_all()
        .map_err(|e| fail(exercises::io_message(&e)))?;
    file.persist(path)
        .map_err(|e| fail(exercises::io_message(&e.error)))?;
    Ok(())
}

/// A save listed in the launcher's "continue" list.
#[derive(Debug, Clone)]
pub struct SaveSummary {
    pub path: PathBuf,
    pub exercise: String,
    pub turn: u32,
    pub updated: u64,
    pub label: String,
}

/// Every readable save in the save directory, newest first. Unreadable ones are skipped.
pub fn list_saves() -> Vec<SaveSummary> {
    let Ok(entries) = std::fs::read_dir(save_dir()) else {
        return Vec::new();
    };
    let mut out: Vec<SaveSummary> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".save.ron"))
        .filter_map(|path| {
            let save = SaveFile::read(&path).ok()?;
            let turn = save.log.last().map_or(1, |e| e.turn);
            let label = save
                .meta
                .roster
                .iter()
                .map(|d| d.label.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            Some(SaveSummary {
                path,
                exercise: save.exercise,
                turn,
                updated: save.meta.updated.max(save.meta.started),
                label,
            })
        })
        .collect();
    out.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.path.cmp(&b.path)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load::parse_exercise;

    const HARBOUR: &str = include_str!("../../tests/fixtures/valid/harbour.ron");

    #[test]
    fn wording_changes_keep_the_structure_hash_but_wiring_changes_do_not() {
        let base = parse_exercise("h", HARBOUR).expect("fixture parses");
        let reworded = parse_exercise(
            "h",
            &HARBOUR.replace("Step up coastal patrols", "Patrol the coast more"),
        )
        .expect("parses");
        let rewired = parse_exercise(
            "h",
            &HARBOUR.replace("Transition(to: \"standoff\"", "Transition(to: \"landing\""),
        )
        .expect("parses");
        assert_eq!(structure_hash(&base), structure_hash(&reworded));
        assert_ne!(structure_hash(&base), structure_hash(&rewired));
    }

    #[test]
    fn the_remembered_structure_hash_is_each_exercises_own() {
        let compile = |e: &Exercise| Arc::new(crate::engine::compile(e).expect("compiles"));
        let base = parse_exercise("h", HARBOUR).expect("fixture parses");
        let mut rewired = base.clone();
        rewired.stages.swap(0, 1);
        for _ in 0..2 {
            let (a, b) = (compile(&base), compile(&rewired));
            assert_eq!(structure_hash_of(&a), structure_hash(&base));
            assert_eq!(structure_hash_of(&b), structure_hash(&rewired));
            assert_eq!(structure_hash_of(&a), structure_hash(&base), "asked again");
        }
    }

    #[test]
    fn newer_and_damaged_saves_are_refused_with_a_reason() {
        let newer = "(format: 99, exercise: \"x\", something_new: [1, 2])";
        assert!(matches!(
            SaveFile::parse("s", newer.as_bytes()),
            Err(SaveError::NewerFormat { found: 99, .. })
        ));
        let truncated = "(format: 1, exercise: \"harbour\", structure: \"ab";
        let message = SaveFile::parse("s", truncated.as_bytes())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("truncated or damaged"), "{message}");
        assert!(matches!(
            SaveFile::parse("s", &[0xde, 0xad, 0x00, 0xbe]),
            Err(SaveError::Unreadable { .. })
        ));
    }
}
