//! `crossings new <FILE>`: a commented starter exercise to write over.
//!
//! The starter is `assets/starter.ron`, embedded in the binary. It passes `check` with one
//! warning (it has fewer stages than a full exercise should), which its header explains.

use std::io::Write as _;
use std::path::Path;

/// The starter exercise as shipped.
pub const STARTER: &str = include_str!("../../assets/starter.ron");

/// The starter for a file: its exercise id taken from the file name when that makes a
/// valid id (`border-drill.ron` gives `border-drill`), and `FILE` in the comments replaced
/// by the path, so the commands there can be copied as they are.
pub fn starter_for(path: &Path) -> String {
    let mut text = STARTER.to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let valid_id = !stem.is_empty()
        && stem.len() <= 64
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid_id {
        text = text.replacen("id: \"starter\"", &format!("id: \"{stem}\""), 1);
    }
    let shown = path.to_string_lossy();
    let plain = !shown.is_empty()
        && !shown
            .chars()
            .any(|c| c.is_control() || crate::text::is_unsafe_char(c) || c == ' ');
    if plain {
        text = text.replace("FILE --", &format!("{shown} --"));
        text = text.replace(" FILE ", &format!(" {shown} "));
        text = text.replace(" (FILE is this file):", ":");
    }
    text
}

/// Why the starter could not be written: one sentence for the user.
#[derive(Debug)]
pub struct NewError(pub String);

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Write the starter to `path`, never over an existing file.
pub fn write_starter(path: &Path) -> Result<String, NewError> {
    let shown = path.display();
    let text = starter_for(path);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => NewError(format!(
                "{shown} already exists; `new` never overwrites a file, so choose another name"
            )),
            std::io::ErrorKind::NotFound => {
                NewError(format!("cannot write {shown}: its folder does not exist"))
            }
            _ => NewError(format!(
                "cannot write {shown}: {}",
                crate::exercises::io_message(&e)
            )),
        })?;
    if let Err(e) = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
    {
        // Do not leave half a starter behind.
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(NewError(format!(
            "cannot write {shown}: {}",
            crate::exercises::io_message(&e)
        )));
    }
    Ok(text)
}
