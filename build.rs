//! Embeds every shipped exercise (`exercises/*.ron`) in the binary, so `crossings` runs
//! from any directory, with the translation sidecars of exercises
//! (`exercises/<stem>.<lang>.ron`) and of the glossary (`assets/glossary.<lang>.ron`).
//! A language code is 2 or 3 lower-case letters, as `translation::is_language_code` says.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=exercises");
    println!("cargo:rerun-if-changed=assets");
    let exercises = ron_files("exercises");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");

    let mut code = String::from(
        "/// (file name, source) of every shipped exercise, sorted by file name.\npub static SHIPPED: &[(&str, &str)] = &[\n",
    );
    for name in exercises.iter().filter(|n| n.matches('.').count() == 1) {
        let _ = writeln!(code, "    ({name:?}, {}),", embed("exercises", name));
    }
    code.push_str("];\n\n");
    code.push_str(
        "/// (exercise file name, language, source) of every shipped translation sidecar.\npub static SHIPPED_TRANSLATIONS: &[(&str, &str, &str)] = &[\n",
    );
    for name in &exercises {
        if let Some((stem, language)) = sidecar_name(name)
            && exercises.contains(&format!("{stem}.ron"))
        {
            let _ = writeln!(
                code,
                "    (\"{stem}.ron\", {language:?}, {}),",
                embed("exercises", name)
            );
        }
    }
    code.push_str("];\n");
    std::fs::write(Path::new(&out).join("shipped.rs"), code).expect("OUT_DIR is writable");

    let mut code = String::from(
        "/// (language, source) of every translation of the glossary.\npub static GLOSSARY_TRANSLATIONS: &[(&str, &str)] = &[\n",
    );
    for name in &ron_files("assets") {
        if let Some(("glossary", language)) = sidecar_name(name) {
            let _ = writeln!(code, "    ({language:?}, {}),", embed("assets", name));
        }
    }
    code.push_str("];\n");
    std::fs::write(Path::new(&out).join("glossary_translations.rs"), code)
        .expect("OUT_DIR is writable");
}

/// The `.ron` files of a folder, sorted by name, each watched for changes.
fn ron_files(folder: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for name in &files {
        println!("cargo:rerun-if-changed={folder}/{name}");
    }
    files
}

/// `01-sea-rescue.fr.ron` → (`01-sea-rescue`, `fr`).
fn sidecar_name(name: &str) -> Option<(&str, &str)> {
    let (stem, language) = name.strip_suffix(".ron")?.rsplit_once('.')?;
    let is_code =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    (!stem.is_empty() && !stem.contains('.') && is_code).then_some((stem, language))
}

fn embed(folder: &str, name: &str) -> String {
    format!("include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{folder}/{name}\"))")
}
