//! The frameworks glossary shipped in `assets/glossary.ron` and embedded in the binary,
//! with its translations (`assets/glossary.<lang>.ron`, embedded by `build.rs`).

use super::load::parse_ron;
use super::model::Framework;
use crate::translation::{self, Sidecar};
use std::sync::OnceLock;

const GLOSSARY_SOURCE: &str = include_str!("../../assets/glossary.ron");

include!(concat!(env!("OUT_DIR"), "/glossary_translations.rs"));

/// Every framework an option may reference, in file order. The shipped file is checked by
/// a test, so a broken glossary fails `cargo test`, never a user's session.
pub fn frameworks() -> &'static [Framework] {
    static GLOSSARY: OnceLock<Vec<Framework>> = OnceLock::new();
    GLOSSARY.get_or_init(|| {
        parse_ron::<Vec<Framework>>("assets/glossary.ron", GLOSSARY_SOURCE).unwrap_or_default()
    })
}

/// A framework as players read it: in the interface language where the glossary is
/// translated into it, else in English. Every screen, report and pack names frameworks
/// through this.
pub fn find(id: &str) -> Option<&'static Framework> {
    find_in(id, crate::i18n::current().code())
}

/// The glossary in a language (`fr`, `es`): each text whose translation is fresh, the
/// English for the rest, and for a language without a translation.
pub fn frameworks_in(language: &str) -> &'static [Framework] {
    static TRANSLATED: OnceLock<Vec<Vec<Framework>>> = OnceLock::new();
    let translated = TRANSLATED.get_or_init(|| {
        GLOSSARY_TRANSLATIONS
            .iter()
            .map(|(language, source)| {
                let mut frameworks = frameworks().to_vec();
                if let Ok(sidecar) = parse_sidecar(language, source) {
                    translation::apply_to_glossary(&mut frameworks, &sidecar);
                }
                frameworks
            })
            .collect()
    });
    GLOSSARY_TRANSLATIONS
        .iter()
        .position(|(code, _)| *code == language)
        .map_or_else(frameworks, |i| translated[i].as_slice())
}

pub fn find_in(id: &str, language: &str) -> Option<&'static Framework> {
    frameworks_in(language).iter().find(|f| f.id == id)
}

/// The languages the glossary is translated into.
pub fn languages() -> impl Iterator<Item = &'static str> {
    GLOSSARY_TRANSLATIONS.iter().map(|(language, _)| *language)
}

fn sidecar_file(language: &str) -> String {
    format!("assets/glossary.{language}.ron")
}

fn parse_sidecar(language: &str, source: &str) -> Result<Sidecar, super::Diagnostic> {
    translation::sidecar::parse(&sidecar_file(language), source.as_bytes()).map(|(s, _)| s)
}

/// Problems with the shipped glossary itself (for tests and `check`).
pub fn problems() -> Option<String> {
    parse_ron::<Vec<Framework>>("assets/glossary.ron", GLOSSARY_SOURCE)
        .err()
        .map(|d| d.to_string())
}

/// Problems with the shipped glossary's translations: unreadable files, and missing, extra
/// or stale entries (for tests).
pub fn translation_problems() -> Vec<super::Diagnostic> {
    let texts = translation::glossary_sources(frameworks());
    let source = translation::check::Source {
        id: translation::GLOSSARY_ID,
        file: "assets/glossary.ron",
        text: GLOSSARY_SOURCE,
        texts: &texts,
    };
    GLOSSARY_TRANSLATIONS
        .iter()
        .flat_map(|(language, text)| {
            translation::check::check_sidecar(
                &source,
                &sidecar_file(language),
                language,
                text.as_bytes(),
            )
        })
        .collect()
}

/// The English glossary's source text, for tools that locate its entries.
pub fn source() -> &'static str {
    GLOSSARY_SOURCE
}
