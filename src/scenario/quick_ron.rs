//! A fast reader for the plain subset of RON that exercise files are written in.
//!
//! The `ron` crate reads about 25 MB/s here, which made parsing two thirds of `check`.
//! This reader handles only the common shapes — named or anonymous structs, enum
//! variants (unit, newtype, struct), lists, maps, strings (with the escapes `\"`, `\\`,
//! `\n`, `\t`, `\r`), whole numbers,
//! booleans, implicit `Some`, line comments — and gives up on anything else, including
//! every error. The caller then parses with `ron`, so the result and every diagnostic stay
//! exactly `ron`'s: this reader only ever answers for a document `ron` reads the same way.
//! Anything unusual (other escapes, raw strings, block comments, floats, tuples, non-ASCII
//! names or whitespace, deep nesting) is left to `ron`.

use serde::de::value::BorrowedBytesDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Nesting this reader follows before leaving the document to `ron` (whose own limit,
/// `load::MAX_NESTING`, is higher).
const MAX_DEPTH: usize = 32;

/// Read `text` as a `T`, or `None` if it is anything but plain, valid RON of that shape.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    read(text).map(|(value, _)| value)
}

/// As [`from_str`], and whether every string read was free of line breaks, control
/// characters and the other characters `text::sanitize` removes (so the value needs no
/// sanitising).
pub fn read<T: DeserializeOwned>(text: &str) -> Option<(T, bool)> {
    read_texts_within(text, usize::MAX)
}

/// As [`read`], giving up (so the caller's `ron` path locates the problem) on any string
/// longer than `max_chars` characters: a document it answers for has none.
pub fn read_texts_within<T: DeserializeOwned>(text: &str, max_chars: usize) -> Option<(T, bool)> {
    let mut reader = Reader {
        src: text.as_bytes(),
        text,
        at: 0,
        depth: 0,
        plain: true,
        max_chars,
    };
    let value = T::deserialize(&mut reader).ok()?;
    reader.skip_blank().ok()?;
    (reader.at == reader.src.len()).then_some((value, reader.plain))
}

/// Why the reader gave up: never shown, the caller falls back to `ron`.
#[derive(Debug)]
pub struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not plain RON")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<M: fmt::Display>(_message: M) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

struct Reader<'de> {
    src: &'de [u8],
    text: &'de str,
    at: usize,
    depth: usize,
    /// No string so far holds a character `text::sanitize` would change.
    plain: bool,
    /// Strings longer than this (in characters) are left to `ron`.
    max_chars: usize,
}

/// Bytes that continue an identifier: ASCII letters, digits and `_`.
const IDENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

fn is_ident_char(b: u8) -> bool {
    IDENT[b as usize]
}

/// How a byte inside a string is read: most are plain text; `"` ends the string, `\`
/// starts an escape (left to `ron`), and control or non-ASCII bytes may need sanitising.
const TEXT: u8 = 0;
const QUOTE: u8 = 1;
const ESCAPE: u8 = 2;
const ODD: u8 = 3;
const STRING_BYTE: [u8; 256] = {
    let mut table = [TEXT; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b'"' => QUOTE,
            b'\\' => ESCAPE,
            _ if c.is_ascii_control() || !c.is_ascii() => ODD,
            _ => TEXT,
        };
        b += 1;
    }
    table
};

impl<'de> Reader<'de> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.at).copied()
    }

    /// Skip ASCII whitespace and `//` comments. Block comments are left to `ron`.
    #[inline]
    fn skip_blank(&mut self) -> Result<()> {
        // Most tokens follow one another directly.
        if self
            .peek()
            .is_none_or(|b| !matches!(b, b' ' | b'\n' | b'\t' | b'\r' | b'/'))
        {
            return Ok(());
        }
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\n' | b'\t' | b'\r' => self.at += 1,
                b'/' => match self.src.get(self.at + 1) {
                    Some(b'/') => {
                        while let Some(b) = self.peek() {
                            self.at += 1;
                            if b == b'\n' {
                                break;
                            }
                        }
                    }
                    _ => return Err(GiveUp),
                },
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    /// The next non-blank byte, not consumed.
    fn next(&mut self) -> Result<u8> {
        self.skip_blank()?;
        self.peek().ok_or(GiveUp)
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.next()? == byte {
            self.at += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// An identifier, which must not run on into characters this reader does not know.
    /// As bytes (all ASCII): serde's field and variant visitors match bytes as they do
    /// text, and skipping the conversion to `str` saves its checks on every name.
    fn ident(&mut self) -> Result<&'de [u8]> {
        self.skip_blank()?;
        let rest = self.src.get(self.at..).ok_or(GiveUp)?;
        // One pass over the name, without a bounds check per byte.
        let len = rest
            .iter()
            .position(|&b| !is_ident_char(b))
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(len);
        // No name, one starting with a digit, `r#name`, or a name with non-ASCII
        // letters: `ron`'s business.
        match (name.first(), after.first()) {
            (None, _) | (Some(b'0'..=b'9'), _) | (_, Some(b'#' | 0x80..)) => Err(GiveUp),
            _ => {
                self.at += len;
                Ok(name)
            }
        }
    }

    /// Whether the identifier `word` comes next (as a whole word); consumed if so.
    fn word(&mut self, word: &str) -> Result<bool> {
        self.skip_blank()?;
        let end = self.at + word.len();
        if self.src.get(self.at..end) == Some(word.as_bytes())
            && !self
                .src
                .get(end)
                .is_some_and(|&b| is_ident_char(b) || b == b'#' || b >= 0x80)
        {
            self.at = end;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// A string, borrowed from the source unless it holds escapes.
    fn string(&mut self) -> Result<Cow<'de, str>> {
        self.expect(b'"')?;
        let start = self.at;
        let src = self.src;
        let mut end = start;
        // One pass finds the end and notes any byte that is not plain ASCII text.
        let mut odd = false;
        loop {
            match STRING_BYTE[usize::from(*src.get(end).ok_or(GiveUp)?)] {
                TEXT => {}
                QUOTE => break,
                ESCAPE => return self.escaped_string(start).map(Cow::Owned),
                _ => odd = true,
            }
            end += 1;
        }
        let s = self.text.get(start..end).ok_or(GiveUp)?;
        self.check_text(s, end - start, odd)?;
        self.at = end + 1;
        Ok(Cow::Borrowed(s))
    }

    /// The rest of a string that holds an escape, from its first byte at `start`. Only
    /// `\"`, `\\`, `\n`, `\t` and `\r` are read here (the interface's string tables use
    /// the first three); any other escape is left to `ron`.
    #[cold]
    fn escaped_string(&mut self, start: usize) -> Result<String> {
        let (src, text) = (self.src, self.text);
        let mut out = String::new();
        let (mut at, mut run) = (start, start);
        loop {
            match *src.get(at).ok_or(GiveUp)? {
                b'"' => break,
                b'\\' => {
                    out.push_str(text.get(run..at).ok_or(GiveUp)?);
                    out.push(match src.get(at + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'n') => '\n',
                        Some(b't') => '\t',
                        Some(b'r') => '\r',
                        _ => return Err(GiveUp),
                    });
                    at += 2;
                    run = at;
                }
                _ => at += 1,
            }
        }
        out.push_str(text.get(run..at).ok_or(GiveUp)?);
        // Measured as written (at least as long as the text it stands for), and read as
        // the text it stands for.
        let written = text.get(start..at).ok_or(GiveUp)?;
        if written.len() > self.max_chars && written.chars().count() > self.max_chars {
            return Err(GiveUp);
        }
        self.check_text(&out, 0, true)?;
        self.at = at + 1;
        Ok(out)
    }

    /// Give up on a text longer than the limit (`bytes` long, `odd` if not all plain
    /// ASCII), and note one that needs sanitising.
    fn check_text(&mut self, s: &str, bytes: usize, odd: bool) -> Result<()> {
        // A character takes at least one byte (exactly one in ASCII text), so only long
        // byte runs with other bytes need counting.
        if bytes > self.max_chars && (!odd || s.chars().count() > self.max_chars) {
            return Err(GiveUp);
        }
        // Control characters are ASCII; the other unsafe ones are not.
        if odd
            && self.plain
            && s.chars()
                .any(|c| c == '\n' || crate::text::is_unsafe_char(c))
        {
            self.plain = false;
        }
        Ok(())
    }

    /// A whole number: an optional `-` and decimal digits, nothing else.
    fn integer(&mut self) -> Result<i128> {
        self.skip_blank()?;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let mut value: i128 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            value = value * 10 + i128::from(b - b'0');
            self.at += 1;
            if self.at - start > 20 {
                return Err(GiveUp);
            }
        }
        let digits = self.at - start;
        // No digits, leading zeros, or a number running on (`1.5`, `0x1`, `1_000`, `2e3`).
        if digits == 0
            || (digits > 1 && self.src[start] == b'0')
            || self
                .peek()
                .is_some_and(|b| is_ident_char(b) || b == b'.' || b >= 0x80)
        {
            return Err(GiveUp);
        }
        Ok(if negative { -value } else { value })
    }

    fn enter(&mut self, open: u8) -> Result<()> {
        self.expect(open)?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        Ok(())
    }

    fn leave(&mut self, close: u8) -> Result<()> {
        self.expect(close)?;
        self.depth -= 1;
        Ok(())
    }

    /// After an item of a list, map or struct: a comma, or the closing bracket (left for
    /// the caller).
    fn item_end(&mut self, close: u8) -> Result<()> {
        match self.next()? {
            b',' => {
                self.at += 1;
                Ok(())
            }
            b if b == close => Ok(()),
            _ => Err(GiveUp),
        }
    }
}

macro_rules! give_up {
    ($($name:ident)*) => {
        $(fn $name<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
            Err(GiveUp)
        })*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    give_up! {
        deserialize_any deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_ignored_any
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.word("true")? {
            visitor.visit_bool(true)
        } else if self.word("false")? {
            visitor.visit_bool(false)
        } else {
            Err(GiveUp)
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    /// Every integer type: the visitor checks the range (and refuses a negative number
    /// for an unsigned type), which sends the document to `ron` for its message.
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.integer()?;
        match i64::try_from(value) {
            Ok(v) => visitor.visit_i64(v),
            Err(_) => Err(GiveUp),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// With `ron`'s implicit-`Some` extension: `None`, `Some(x)`, or just `x`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.word("None")? {
            visitor.visit_none()
        } else if self.word("Some")? {
            self.enter(b'(')?;
            let value = visitor.visit_some(&mut *self)?;
            self.leave(b')')?;
            Ok(value)
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.enter(b'[')?;
        let value = visitor.visit_seq(Items {
            reader: &mut *self,
            close: b']',
        })?;
        self.leave(b']')?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.enter(b'{')?;
        let value = visitor.visit_map(Entries { reader: &mut *self })?;
        self.leave(b'}')?;
        Ok(value)
    }

    /// `Name(field: value, ...)` or `(field: value, ...)`; a different name gives up.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if self.next()? != b'(' && self.ident()? != name.as_bytes() {
            return Err(GiveUp);
        }
        self.fields(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(Variant { reader: self })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_bytes(self.ident()?)
    }
}

impl<'de> Reader<'de> {
    /// `(field: value, ...)`.
    fn fields<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.enter(b'(')?;
        let value = visitor.visit_map(Fields { reader: &mut *self })?;
        self.leave(b')')?;
        Ok(value)
    }
}

/// The items of a list.
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    close: u8,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.reader.next()? == self.close {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.item_end(self.close)?;
        Ok(Some(value))
    }
}

/// The fields of a struct: `name: value`, separated by commas, up to `)`.
struct Fields<'a, 'de> {
    reader: &'a mut Reader<'de>,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.reader.next()? == b')' {
            return Ok(None);
        }
        let name = self.reader.ident()?;
        self.reader.expect(b':')?;
        seed.deserialize(BorrowedBytesDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.item_end(b')')?;
        Ok(value)
    }
}

/// The entries of a map: `key: value`, separated by commas, up to `}`.
struct Entries<'a, 'de> {
    reader: &'a mut Reader<'de>,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.reader.next()? == b'}' {
            return Ok(None);
        }
        let key = seed.deserialize(&mut *self.reader)?;
        self.reader.expect(b':')?;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.item_end(b'}')?;
        Ok(value)
    }
}

/// An enum value: the variant's name, then what follows it.
struct Variant<'a, 'de> {
    reader: &'a mut Reader<'de>,
}

impl<'a, 'de> de::EnumAccess<'de> for Variant<'a, 'de> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.reader.ident()?;
        let value = seed.deserialize(BorrowedBytesDeserializer::new(name))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = GiveUp;

    /// `Control`: nothing follows (a `(` after it makes the caller give up).
    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    /// `Flag("x")`.
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.reader.enter(b'(')?;
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.leave(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    /// `Indicator(id: "x", is: AtLeast, value: 3)`.
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.reader.fields(visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load::MAX_NESTING;
    use crate::scenario::model::Exercise;
    use crate::session::script::Script;

    fn by_ron<T: DeserializeOwned>(text: &str) -> std::result::Result<T, ron::error::SpannedError> {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .with_recursion_limit(MAX_NESTING)
            .from_str(text)
    }

    /// Whenever the quick reader answers, `ron` reads the same value. Returns whether it
    /// answered.
    fn agrees<T: DeserializeOwned + fmt::Debug>(text: &str) -> bool {
        let Some(quick) = from_str::<T>(text) else {
            return false;
        };
        let slow = by_ron::<T>(text).unwrap_or_else(|e| {
            panic!("the quick reader accepted what ron refuses ({e}):\n{text}")
        });
        assert_eq!(
            format!("{quick:?}"),
            format!("{slow:?}"),
            "the readers disagree on:\n{text}"
        );
        true
    }

    fn fixtures(dir: &str) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| {
                let path = e.ok()?.path();
                let text = std::fs::read_to_string(&path).ok()?;
                Some((path.display().to_string(), text))
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn shipped_and_fixture_exercises_read_the_same_as_with_ron() {
        for (name, text) in crate::exercises::SHIPPED {
            assert!(
                agrees::<Exercise>(text),
                "{name} should take the quick reader"
            );
        }
        for (name, text) in fixtures("tests/fixtures/valid") {
            assert!(
                agrees::<Exercise>(&text),
                "{name} should take the quick reader"
            );
        }
        assert!(agrees::<Exercise>(crate::authoring::starter::STARTER));
        assert!(agrees::<Exercise>(&crate::sim::synth::synth(30)));
        for (_, text) in fixtures("tests/fixtures/invalid") {
            agrees::<Exercise>(&text);
        }
        for (_, text) in fixtures("tests/fixtures/scripts") {
            agrees::<Script>(&text);
        }
    }

    #[test]
    fn unusual_spellings_are_left_to_ron() {
        let base = crate::authoring::starter::STARTER;
        assert!(from_str::<Exercise>(base).is_some());
        for (from, to) in [
            ("title: \"", "title: \"\\u{41}"),
            ("title: \"", "title: r\"raw\" + \""),
            ("Exercise(", "/* block */ Exercise("),
            ("Exercise(", "#![enable(implicit_some)]\nExercise("),
            ("min: 0", "min: 0x0"),
            ("min: 0", "min: 1_0"),
            ("min: 0", "min: +0"),
            ("min: 0", "min: 00"),
            ("Exercise(", "Exercice("),
            ("id: ", "r#id: "),
        ] {
            assert!(base.contains(from), "{from}");
            let text = base.replacen(from, to, 1);
            assert!(from_str::<Exercise>(&text).is_none(), "{to}");
        }
    }

    #[test]
    fn text_that_sanitising_would_change_is_reported() {
        let base = crate::authoring::starter::STARTER;
        assert!(read::<Exercise>(base).is_some_and(|(_, plain)| plain));
        for odd in ["\t", "\r", "\n", "\u{7}", "\u{202E}", "\u{85}"] {
            let text = base.replacen("title: \"", &format!("title: \"{odd}"), 1);
            let (exercise, plain) = read::<Exercise>(&text).expect("still plain RON");
            assert!(!plain, "{odd:?}");
            assert!(exercise.title.contains(odd));
        }
        let accented = base.replacen("title: \"", "title: \"Zoë — ", 1);
        assert!(read::<Exercise>(&accented).is_some_and(|(_, plain)| plain));
    }

    #[test]
    fn common_escapes_read_as_ron_reads_them() {
        let base = crate::authoring::starter::STARTER;
        for (escaped, plain) in [
            (r#"say \"no\" "#, true),
            (r"a \\ b", true),
            (r"two\nlines", false),
            (r"a\ttab", false),
            (r#"é \"à\" ü"#, true),
        ] {
            let text = base.replacen("title: \"", &format!("title: \"{escaped}"), 1);
            let (fast, fast_plain) = read::<Exercise>(&text).expect("read with the escape");
            let slow: Exercise = by_ron(&text).expect("ron reads it");
            assert_eq!(fast.title, slow.title, "{escaped}");
            assert_eq!(fast_plain, plain, "{escaped}");
        }
        // Other escapes are `ron`'s.
        for other in [r"\'", r"\0", r"\x41", r"\b"] {
            let text = base.replacen("title: \"", &format!("title: \"{other}"), 1);
            assert!(from_str::<Exercise>(&text).is_none(), "{other}");
        }
    }

    /// Small random edits of real documents: wherever the quick reader still answers,
    /// `ron` must read exactly the same thing.
    #[test]
    fn edited_documents_never_read_differently() {
        let mut sources: Vec<String> = fixtures("tests/fixtures/valid")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        sources.push(crate::authoring::starter::STARTER.to_string());
        let pieces = [
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            "\"",
            " ",
            "\n",
            "//",
            "x",
            "1",
            "-",
            "None",
            "Some(",
            "true",
            "\"a\"",
            "#",
            ".",
            "é",
            "\t",
            "Flag(\"f\")",
            ",,",
            "()",
        ];
        let mut pick = crate::sim::explore::Chooser::new(11);
        let mut answered = 0;
        for round in 0..1500 {
            let source = &sources[round % sources.len()];
            let mut text = source.clone();
            for _ in 0..1 + pick.below(2) {
                let len = text.len() as u32;
                let mut at = pick.below(len) as usize;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match pick.below(3) {
                    0 => {
                        let mut end = (at + 1 + pick.below(12) as usize).min(text.len());
                        while !text.is_char_boundary(end) {
                            end += 1;
                        }
                        text.replace_range(at..end, "");
                    }
                    _ => text.insert_str(at, pieces[pick.below(pieces.len() as u32) as usize]),
                }
            }
            if agrees::<Exercise>(&text) {
                answered += 1;
            }
        }
        // Many edits land in text or whitespace and keep the document plain.
        assert!(
            answered > 100,
            "only {answered} edited documents were read quickly"
        );
    }
}
