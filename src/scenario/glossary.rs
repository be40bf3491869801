//! The frameworks glossary shipped in `assets/glossary.ron` and embedded in the binary.

use super::load::parse_ron;
use super::model::Framework;
use std::sync::OnceLock;

const GLOSSARY_SOURCE: &str = include_str!("../../assets/glossary.ron");

/// Every framework an option may reference, in file order. The shipped file is checked by
/// a test, so a broken glossary fails `cargo test`, never a user's session.
pub fn frameworks() -> &'static [Framework] {
    static GLOSSARY: OnceLock<Vec<Framework>> = OnceLock::new();
    GLOSSARY.get_or_init(|| {
        parse_ron::<Vec<Framework>>("assets/glossary.ron", GLOSSARY_SOURCE).unwrap_or_default()
    })
}

pub fn find(id: &str) -> Option<&'static Framework> {
    frameworks().iter().find(|f| f.id == id)
}

/// Problems with the shipped glossary itself (for tests and `check`).
pub fn problems() -> Option<String> {
    parse_ron::<Vec<Framework>>("assets/glossary.ron", GLOSSARY_SOURCE)
        .err()
        .map(|d| d.to_string())
}
