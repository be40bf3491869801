//! The shipped exercises, embedded at build time, and how an `<EXERCISE>` argument (an
//! id or a path to a `.ron` file) becomes a compiled exercise.

use crate::engine::{Compiled, compile, compile_owned};
use crate::scenario::{Diagnostic, Exercise, LoadError, load_exercise};
use crate::translation::{self, Coverage};
use std::path::Path;
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// A loaded exercise with where it came from (for messages and saves).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub compiled: Arc<Compiled>,
    /// `exercises/01-sea-rescue.ron` for shipped ones, else the path given.
    pub origin: String,
    /// The source text, so a save of a path-based exercise can embed it.
    pub source: String,
    pub shipped: bool,
    /// For an exercise read from a file and shown in another language: the language
    /// code and the text of the sidecar applied, so a save can carry it (a save never
    /// makes Crossings read a file beside the one it names).
    /// (Shared: a `Loaded` is copied into every screen state.)
    pub sidecar: Option<Arc<(String, String)>>,
}

/// Every shipped exercise that loads, in file order. A shipped exercise that fails is a
/// bug caught by `cargo test`; here it is skipped rather than stopping the launcher.
pub fn shipped() -> Vec<Loaded> {
    SHIPPED
        .iter()
        .filter_map(|(name, source)| load_source(&format!("exercises/{name}"), source, true).ok())
        .collect()
}

pub fn load_source(origin: &str, source: &str, shipped: bool) -> Result<Loaded, LoadError> {
    let (exercise, _warnings) = load_exercise(origin, source.as_bytes())?;
    let compiled =
        compile_owned(exercise).map_err(|m| LoadError::from(Diagnostic::error(origin, 0, 0, m)))?;
    Ok(Loaded {
        compiled: Arc::new(compiled),
        origin: origin.to_string(),
        source: source.to_string(),
        shipped,
        sidecar: None,
    })
}

/// Find an exercise by shipped id, or read it from a path.
pub fn find(name: &str) -> Result<Loaded, LoadError> {
    match locate(name)? {
        Found::Shipped { loaded, .. } => Ok(loaded),
        Found::File { bytes } => {
            let (exercise, _) = load_exercise(name, &bytes)?;
            compiled_from(exercise, name, &bytes)
        }
    }
}

fn compiled_from(exercise: Exercise, name: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    let compiled = compile(&exercise).map_err(|m| Diagnostic::error(name, 0, 0, m))?;
    Ok(Loaded {
        compiled: Arc::new(compiled),
        origin: name.to_string(),
        source: String::from_utf8(bytes.to_vec()).unwrap_or_default(),
        shipped: false,
        sidecar: None,
    })
}

/// Find an exercise as `find` does, with its text in a language (`fr`, `es`): each text
/// whose translation is fresh, the English for the rest (counted in the coverage). A
/// shipped exercise uses its embedded sidecar; a file, the sidecar beside it
/// (`my-exercise.fr.ron`), if there is one. A sidecar that cannot be read is an error with
/// its position. `en`, or a language without a sidecar, gives the English exercise.
pub fn find_translated(name: &str, language: &str) -> Result<(Loaded, Coverage), LoadError> {
    load_translated(locate(name)?, name, language)
}

fn load_translated(
    found: Found,
    name: &str,
    language: &str,
) -> Result<(Loaded, Coverage), LoadError> {
    let english = language == translation::SOURCE_LANGUAGE;
    let (mut exercise, sidecar) = match &found {
        Found::Shipped { file, loaded } => {
            let sidecar = SHIPPED_TRANSLATIONS
                .iter()
                .find(|(of, code, _)| of == file && *code == language && !english)
                .map(|(_, _, text)| {
                    let origin = format!("exercises/{}", sidecar_file_name(file, language));
                    translation::sidecar::parse(&origin, text.as_bytes())
                });
            (loaded.compiled.exercise.clone(), sidecar)
        }
        Found::File { bytes } => {
            let (exercise, _) = load_exercise(name, bytes)?;
            let path = translation::sidecar_path(Path::new(name), language);
            let sidecar = (!english && path.is_file()).then(|| {
                let origin = path.to_string_lossy().into_owned();
                let bytes = read_limited(&path).map_err(|m| Diagnostic::error(&origin, 0, 0, m))?;
                translation::sidecar::parse(&origin, &bytes)
            });
            (exercise, sidecar)
        }
    };
    let translated = sidecar.is_some();
    let mut sidecar_text = None;
    let coverage = match sidecar {
        Some(parsed) => {
            let (sidecar, text) = parsed?;
            sidecar_text = Some(text);
            translation::apply_to_exercise(&mut exercise, &sidecar)
        }
        None => {
            let texts = translation::exercise_sources(&exercise).len();
            Coverage {
                translated: if english { texts } else { 0 },
                missing: if english { 0 } else { texts },
                ..Coverage::default()
            }
        }
    };
    let loaded = match found {
        // Nothing translated: the shipped exercise as it loaded, compiled once.
        Found::Shipped { loaded, .. } if !translated => loaded,
        Found::Shipped { loaded, .. } => {
            let compiled =
                compile(&exercise).map_err(|m| Diagnostic::error(&loaded.origin, 0, 0, m))?;
            Loaded {
                compiled: Arc::new(compiled),
                ..loaded
            }
        }
        Found::File { bytes } => Loaded {
            sidecar: sidecar_text.map(|text| Arc::new((language.to_string(), text))),
            ..compiled_from(exercise, name, &bytes)?
        },
    };
    Ok((loaded, coverage))
}

/// An exercise loaded from its English source with a sidecar's text applied (a save's
/// embedded exercise, resumed in the language it was played in).
pub fn load_source_with_sidecar(
    origin: &str,
    source: &str,
    language: &str,
    text: &str,
) -> Result<Loaded, LoadError> {
    let (mut exercise, _warnings) = load_exercise(origin, source.as_bytes())?;
    let (sidecar, _) = translation::sidecar::parse(origin, text.as_bytes())?;
    translation::apply_to_exercise(&mut exercise, &sidecar);
    let compiled = compile_owned(exercise).map_err(|m| Diagnostic::error(origin, 0, 0, m))?;
    Ok(Loaded {
        compiled: Arc::new(compiled),
        origin: origin.to_string(),
        source: source.to_string(),
        shipped: false,
        sidecar: Some(Arc::new((language.to_string(), text.to_string()))),
    })
}

/// Every shipped exercise that loads, in a language, in file order.
pub fn shipped_in(language: &str) -> Vec<Loaded> {
    SHIPPED
        .iter()
        .filter_map(|(file, source)| {
            let loaded = load_source(&format!("exercises/{file}"), source, true).ok()?;
            load_translated(Found::Shipped { file, loaded }, file, language).ok()
        })
        .map(|(loaded, _)| loaded)
        .collect()
}

/// The languages a shipped exercise file is translated into.
pub fn shipped_languages(file: &str) -> Vec<&'static str> {
    SHIPPED_TRANSLATIONS
        .iter()
        .filter(|(of, _, _)| *of == file)
        .map(|(_, language, _)| *language)
        .collect()
}

/// `00-tutorial.ron` + `fr` → `00-tutorial.fr.ron`.
fn sidecar_file_name(file: &str, language: &str) -> String {
    let stem = file.strip_suffix(".ron").unwrap_or(file);
    format!("{stem}.{language}.ron")
}

/// Where an `<EXERCISE>` argument points: a shipped exercise (loaded) or a file's bytes.
enum Found {
    Shipped {
        /// The file name in `exercises/`, e.g. `00-tutorial.ron`.
        file: &'static str,
        loaded: Loaded,
    },
    File {
        bytes: Vec<u8>,
    },
}

fn locate(name: &str) -> Result<Found, LoadError> {
    let looks_like_path = name.ends_with(".ron") || name.contains('/') || name.contains('\\');
    if !looks_like_path {
        for (file, source) in SHIPPED {
            if let Ok(loaded) = load_source(&format!("exercises/{file}"), source, true)
                && loaded.compiled.exercise.id == name
            {
                return Ok(Found::Shipped { file, loaded });
            }
        }
        if !Path::new(name).exists() {
            let ids: Vec<String> = shipped()
                .iter()
                .map(|l| l.compiled.exercise.id.clone())
                .collect();
            return Err(Diagnostic::error(
                name,
                0,
                0,
                crate::tr!("exercise.not_shipped", name = name, ids = ids.join(", ")),
            )
            .into());
        }
    }
    let bytes = read_limited(Path::new(name)).map_err(|m| Diagnostic::error(name, 0, 0, m))?;
    Ok(Found::File { bytes })
}

/// Read a file, refusing directories and anything over the size limit before reading it.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_message(&e))?;
    if meta.is_dir() {
        return Err(crate::tr!("io.directory").into());
    }
    let limit = crate::scenario::load::MAX_FILE_BYTES as u64;
    if meta.len() > limit {
        return Err(crate::tr!(
            "io.too_large",
            size = crate::i18n::decimal(meta.len() as f64 / (1024.0 * 1024.0), 1),
            limit = limit / (1024 * 1024)
        ));
    }
    std::fs::read(path).map_err(|e| io_message(&e))
}

/// An I/O error as one plain sentence.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => crate::tr!("io.not_found").into(),
        std::io::ErrorKind::PermissionDenied => crate::tr!("io.permission_denied").into(),
        _ => e.to_string(),
    }
}
