//! `crossings new <FILE>`: a commented starter exercise to write over.
//!
//! The starter is `assets/starter.ron`, embedded in the binary, with French and Spanish
//! versions beside it (`starter.fr.ron`, `starter.es.ron`: comments and texts translated,
//! ids and the format's words as in English); `new` writes the one of the interface
//! language. Each passes `check` with one warning (it has fewer stages than a full
//! exercise should), which its header explains.

use crate::i18n::Lang;
use crate::tr;
use std::io::Write as _;
use std::path::Path;

/// The starter exercise as shipped, in English.
pub const STARTER: &str = include_str!("../../assets/starter.ron");

/// The starter in a language.
pub fn starter_in(lang: Lang) -> &'static str {
    match lang {
        Lang::En => STARTER,
        Lang::Fr => include_str!("../../assets/starter.fr.ron"),
        Lang::Es => include_str!("../../assets/starter.es.ron"),
    }
}

/// The starter for a file, in the interface language: its exercise id taken from the file
/// name when that makes a valid id (`border-drill.ron` gives `border-drill`), and `FILE` in
/// the comments replaced by the path, so the commands there can be copied as they are.
pub fn starter_for(path: &Path) -> String {
    let mut text = starter_in(crate::i18n::current()).to_string();
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
        // The aside that explains FILE, in whichever language: " (FILE is this file)".
        if let Some(start) = text.find(" (FILE ")
            && let Some(end) = text[start..].find(')')
        {
            text.replace_range(start..start + end + 1, "");
        }
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
            std::io::ErrorKind::AlreadyExists => NewError(tr!("new.exists", file = shown)),
            std::io::ErrorKind::NotFound => NewError(tr!("new.no_folder", file = shown)),
            _ => NewError(tr!(
                "new.cannot_write",
                file = shown,
                error = crate::exercises::io_message(&e)
            )),
        })?;
    if let Err(e) = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
    {
        // Do not leave half a starter behind.
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(NewError(tr!(
            "new.cannot_write",
            file = shown,
            error = crate::exercises::io_message(&e)
        )));
    }
    Ok(text)
}
