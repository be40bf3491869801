//! The interface in English, French and Spanish: one string table per language in
//! `assets/i18n/<code>.ron`, embedded in the binary and parsed once.
//!
//! A string is looked up by id when it is drawn (`tr!("setup.row.start")`); values take named
//! placeholders (`tr!("turn.title", turn = 3)` fills `{turn}`). A key missing from the
//! French or Spanish table falls back to English, and one missing from English shows the
//! key itself: a lookup never fails.
//!
//! The language is process-wide: set once at start from `--lang` or the environment, and
//! changed by the setup screen's switch. The engine never looks at it; wording lives in
//! `describe`, the TUI, transcripts, reports, the print pack and the commands. Tests set a
//! language for their own thread only (`scoped`), so tests in other languages can run side
//! by side.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Fr,
    Es,
}

impl Lang {
    /// Every language, in the order the setup switch cycles through them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Es];

    /// "en", "fr" or "es": the code `--lang` takes and the tables are named by.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// The language's own name, as the setup switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Es => "Español",
        }
    }

    /// The next language of the setup switch.
    pub fn next(self) -> Lang {
        let i = Lang::ALL.iter().position(|l| *l == self).unwrap_or(0);
        Lang::ALL[(i + 1) % Lang::ALL.len()]
    }

    /// A language from its code ("fr"), any case.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// A language from a POSIX locale: "fr_FR.UTF-8", "es", "en_GB@euro". `None` for a
    /// locale in a language without a table ("de_DE", "C", "POSIX").
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let language = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or_default();
        Lang::from_code(language)
    }

    /// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES` and
    /// `LANG` that is set and not empty decides (as the C library reads them); a locale
    /// without a table, or none, gives English.
    pub fn from_env_vars(
        lc_all: Option<&str>,
        lc_messages: Option<&str>,
        lang: Option<&str>,
    ) -> Lang {
        [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.trim().is_empty())
            .and_then(Lang::from_locale)
            .unwrap_or_default()
    }

    /// `from_env_vars` over this process's environment.
    pub fn from_env() -> Lang {
        let var = |name: &str| std::env::var(name).ok();
        Lang::from_env_vars(
            var("LC_ALL").as_deref(),
            var("LC_MESSAGES").as_deref(),
            var("LANG").as_deref(),
        )
    }

    /// Run `f` with strings looked up in this language, on this thread.
    pub fn with<T>(self, f: impl FnOnce() -> T) -> T {
        let _scope = scoped(self);
        f()
    }

    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Fr => 1,
            Lang::Es => 2,
        }
    }

    fn from_index(i: u8) -> Lang {
        Lang::ALL.get(usize::from(i)).copied().unwrap_or_default()
    }

    /// Whether `n` takes the singular: French counts 0 and 1 as singular, English and
    /// Spanish only 1.
    fn is_singular(self, n: u64) -> bool {
        match self {
            Lang::Fr => n <= 1,
            Lang::En | Lang::Es => n == 1,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The language of the process (index into `Lang::ALL`).
static PROCESS_LANG: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// A language set for this thread only (tests), over the process's.
    static THREAD_LANG: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// The language strings are looked up in now.
pub fn current() -> Lang {
    THREAD_LANG
        .with(Cell::get)
        .unwrap_or_else(|| Lang::from_index(PROCESS_LANG.load(Ordering::Relaxed)))
}

/// Set the interface language: for this thread when a `scoped` language is in force here,
/// else for the whole process.
pub fn set(lang: Lang) {
    let scoped = THREAD_LANG.with(|l| {
        if l.get().is_some() {
            l.set(Some(lang));
            true
        } else {
            false
        }
    });
    if !scoped {
        PROCESS_LANG.store(lang.index() as u8, Ordering::Relaxed);
    }
}

/// While the guard lives, this thread looks strings up in `lang` (and `set` changes only
/// this thread's language).
pub fn scoped(lang: Lang) -> ScopedLang {
    let previous = THREAD_LANG.with(|l| l.replace(Some(lang)));
    ScopedLang { previous }
}

/// Restores the thread's previous language when dropped.
#[must_use = "the language reverts when the guard is dropped"]
pub struct ScopedLang {
    previous: Option<Lang>,
}

impl Drop for ScopedLang {
    fn drop(&mut self) {
        THREAD_LANG.with(|l| l.set(self.previous));
    }
}

/// The tables as shipped, by language.
const SOURCES: [(Lang, &str); 3] = [
    (Lang::En, include_str!("../../assets/i18n/en.ron")),
    (Lang::Fr, include_str!("../../assets/i18n/fr.ron")),
    (Lang::Es, include_str!("../../assets/i18n/es.ron")),
];

pub type Table = HashMap<String, String>;

/// Parse one table; the error names the language and where the RON is wrong.
pub fn parse_table(lang: Lang, source: &str) -> Result<Table, String> {
    // The fast reader first (`ron` took a quarter of the start-up); `ron` for whatever it
    // leaves, and for the message should a table not parse.
    crate::scenario::quick_ron::from_str::<Table>(source).map_or_else(
        || {
            ron::from_str::<Table>(source)
                .map_err(|e| format!("assets/i18n/{}.ron: {e}", lang.code()))
        },
        Ok,
    )
}

/// The shipped table of a language (empty if it does not parse, which a test rules out:
/// lookups then fall back rather than fail).
pub fn table(lang: Lang) -> &'static Table {
    // Each parsed on first use: a session in English never reads the other two, which
    // is a few milliseconds off the start.
    static TABLES: [OnceLock<Table>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let (lang, source) = SOURCES[lang.index()];
    TABLES[lang.index()].get_or_init(|| parse_table(lang, source).unwrap_or_default())
}

/// The shipped RON source of a language's table (for tests and tools).
pub fn source(lang: Lang) -> &'static str {
    SOURCES[lang.index()].1
}

/// The string for `key` in `lang`: its own table, else English, else the key itself.
pub fn lookup(lang: Lang, key: &'static str) -> &'static str {
    resolve(table(lang), table(Lang::En), key)
}

/// `key` in `own`, else in `english`, else the key itself.
fn resolve<'a>(own: &'a Table, english: &'a Table, key: &'a str) -> &'a str {
    own.get(key)
        .or_else(|| english.get(key))
        .map_or(key, String::as_str)
}

/// The string for `key` in the current language.
pub fn t(key: &'static str) -> &'static str {
    lookup(current(), key)
}

/// The string for `key` with its `{name}` placeholders filled. A placeholder without a
/// value stays as written; `{{` and `}}` stand for braces.
pub fn t_with(key: &'static str, args: &[(&str, &dyn Display)]) -> String {
    fill(t(key), args)
}

/// `key.one` or `key.other` by the current language's plural rule for `n`, filled.
pub fn t_count(
    n: u64,
    one: &'static str,
    other: &'static str,
    args: &[(&str, &dyn Display)],
) -> String {
    let key = if current().is_singular(n) { one } else { other };
    fill(t(key), args)
}

/// `x` with `places` decimals and the language's decimal mark: "2.5" in English, "2,5" in
/// French and Spanish.
pub fn decimal(x: f64, places: usize) -> String {
    let text = format!("{x:.places$}");
    match t("number.decimal_mark") {
        "." => text,
        mark => text.replace('.', mark),
    }
}

/// Fill `{name}` placeholders in `template`.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    if !template.contains(['{', '}']) {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('{')
            && let Some(end) = tail.find('}')
        {
            let name = &tail[1..end];
            if let Some((_, value)) = args.iter().find(|(n, _)| *n == name) {
                out.push_str(&value.to_string());
                rest = &tail[end + 1..];
                continue;
            }
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders a string uses, in order of first use (for tests: every
/// translation must use the same ones as English).
pub fn placeholders(text: &str) -> Vec<Cow<'_, str>> {
    let mut names: Vec<Cow<'_, str>> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(end) => {
                let name = &tail[1..end];
                if !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !names.iter().any(|n| n == name)
                {
                    names.push(Cow::Borrowed(name));
                }
                rest = &tail[end + 1..];
            }
            None => break,
        }
    }
    names
}

/// Look a string up in the current language: `tr!("key")` gives a `&'static str`;
/// `tr!("key", name = value, ...)` a `String` with `{name}` filled by each value's
/// `Display`.
#[macro_export]
macro_rules! tr {
    ($key:literal) => {
        $crate::i18n::t($key)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::t_with(
            $key,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+],
        )
    };
}

/// A string that depends on a count: `trn!("key", n)` looks up `key.one` or `key.other`
/// by the language's plural rule and fills `{n}` (and any other named values).
#[macro_export]
macro_rules! trn {
    ($key:literal, $n:expr $(, $name:ident = $value:expr)* $(,)?) => {{
        let n = $n;
        $crate::i18n::t_count(
            n as u64,
            concat!($key, ".one"),
            concat!($key, ".other"),
            &[("n", &n as &dyn ::std::fmt::Display) $(, (stringify!($name), &$value as &dyn ::std::fmt::Display))*],
        )
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_parses() {
        for (lang, source) in SOURCES {
            if let Err(e) = parse_table(lang, source) {
                panic!("{e}");
            }
        }
    }

    #[test]
    fn the_fast_reader_reads_every_table_as_ron_does() {
        for (lang, source) in SOURCES {
            let fast = crate::scenario::quick_ron::from_str::<Table>(source);
            let slow = ron::from_str::<Table>(source).ok();
            assert!(fast.is_some(), "{lang:?}: the fast reader gave up");
            assert_eq!(fast, slow, "{lang:?}");
        }
    }

    #[test]
    fn locales_pick_a_language_and_the_first_set_variable_decides() {
        assert_eq!(Lang::from_locale("fr_FR.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::from_locale("es_MX"), Some(Lang::Es));
        assert_eq!(Lang::from_locale("en_GB@euro"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C.UTF-8"), None);
        assert_eq!(Lang::from_locale("de_DE.UTF-8"), None);
        let env = Lang::from_env_vars;
        assert_eq!(env(None, None, Some("es_ES.UTF-8")), Lang::Es);
        assert_eq!(
            env(Some("fr_CA.UTF-8"), None, Some("es_ES.UTF-8")),
            Lang::Fr
        );
        assert_eq!(env(Some(""), Some("fr_FR"), Some("es_ES")), Lang::Fr);
        // LC_ALL in a language without a table wins, and means English.
        assert_eq!(env(Some("de_DE.UTF-8"), None, Some("fr_FR")), Lang::En);
        assert_eq!(env(None, None, None), Lang::En);
        assert_eq!(env(None, None, Some("POSIX")), Lang::En);
    }

    #[test]
    fn placeholders_fill_by_name_and_braces_escape() {
        let n = 3;
        let filled = fill(
            "{role} waits {n} turns {{not}} {missing}",
            &[("role", &"Alda"), ("n", &n)],
        );
        assert_eq!(filled, "Alda waits 3 turns {not} {missing}");
        assert_eq!(placeholders("{a} and {b} and {a} {{c}}"), ["a", "b"]);
    }

    #[test]
    fn a_missing_key_falls_back_to_english_then_to_itself() {
        let table = |pairs: &[(&str, &str)]| -> Table {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let english = table(&[("a", "in English"), ("b", "both")]);
        let french = table(&[("b", "les deux")]);
        assert_eq!(resolve(&french, &english, "a"), "in English");
        assert_eq!(resolve(&french, &english, "b"), "les deux");
        assert_eq!(resolve(&french, &english, "no.such.key"), "no.such.key");
        let _fr = scoped(Lang::Fr);
        assert_eq!(t("no.such.key"), "no.such.key");
    }

    #[test]
    fn scoped_languages_stay_on_their_thread() {
        let _es = scoped(Lang::Es);
        assert_eq!(current(), Lang::Es);
        set(Lang::Fr);
        assert_eq!(current(), Lang::Fr);
        let other = std::thread::spawn(current).join().ok();
        assert_eq!(
            other,
            Some(Lang::from_index(PROCESS_LANG.load(Ordering::Relaxed)))
        );
    }

    #[test]
    fn decimals_take_the_language_s_mark() {
        assert_eq!(Lang::En.with(|| decimal(2.5, 1)), "2.5");
        assert_eq!(Lang::Fr.with(|| decimal(2.5, 1)), "2,5");
        assert_eq!(Lang::Es.with(|| decimal(-12.0, 1)), "-12,0");
    }

    #[test]
    fn french_counts_zero_as_singular() {
        assert!(Lang::Fr.is_singular(0));
        assert!(!Lang::En.is_singular(0));
        assert!(!Lang::Es.is_singular(0));
        assert!(Lang::Es.is_singular(1));
    }

    #[test]
    fn the_switch_cycles_through_every_language() {
        assert_eq!(Lang::En.next(), Lang::Fr);
        assert_eq!(Lang::Fr.next(), Lang::Es);
        assert_eq!(Lang::Es.next(), Lang::En);
        assert_eq!(Lang::from_code("FR"), Some(Lang::Fr));
        assert_eq!(Lang::from_code("xx"), None);
    }
}
