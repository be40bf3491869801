//! The shipped exercises, embedded at build time, and how an `<EXERCISE>` argument (an
//! id or a path to a `.ron` file) becomes a compiled exercise.

use crate::engine::{Compiled, compile};
use crate::scenario::{Diagnostic, LoadError, load_exercise};
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
        compile(&exercise).map_err(|m| LoadError::from(Diagnostic::error(origin, 0, 0, m)))?;
    Ok(Loaded {
        compiled: Arc::new(compiled),
        origin: origin.to_string(),
        source: source.to_string(),
        shipped,
    })
}

/// Find an exercise by shipped id, or read it from a path.
pub fn find(name: &str) -> Result<Loaded, LoadError> {
    let looks_like_path = name.ends_with(".ron") || name.contains('/') || name.contains('\\');
    if !looks_like_path {
        for (file, source) in SHIPPED {
            let origin = format!("exercises/{file}");
            if let Ok(loaded) = load_source(&origin, source, true)
                && loaded.compiled.exercise.id == name
            {
                return Ok(loaded);
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
    let source = String::from_utf8(bytes.clone()).unwrap_or_default();
    let (exercise, _) = load_exercise(name, &bytes)?;
    let compiled = compile(&exercise).map_err(|m| Diagnostic::error(name, 0, 0, m))?;
    Ok(Loaded {
        compiled: Arc::new(compiled),
        origin: name.to_string(),
        source,
        shipped: false,
    })
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
            size = format!("{:.1}", meta.len() as f64 / (1024.0 * 1024.0)),
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
