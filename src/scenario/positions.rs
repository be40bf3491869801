//! Finds where values start in a RON document, by logical path
//! (`stages[3].decisions[0].options[2].id`), so validation can report `path:line:col`.
//!
//! serde forgets positions once a value is deserialized, so when validation finds a
//! problem we scan the source once more. The scan streams tokens without allocating and
//! only descends into the parts of the document on the way to a wanted path, skipping
//! everything else bracket by bracket; a 5 MB exercise is scanned in milliseconds.
//!
//! Paths: struct fields are `.name` (no dot at the root), list items `[i]`, positional
//! arguments of a variant such as `Flag("x")` are `.0`, `.1`, ... The field's name itself
//! is `<path>#name`.

/// Line and column (1-based, columns in characters) of each wanted path, or of its
/// nearest ancestor that exists.
pub fn locate_paths(source: &str, wanted: &[String]) -> Vec<(usize, usize)> {
    let mut scanner = Scanner {
        lexer: Lexer::new(source),
        peeked: None,
        wanted,
        found: vec![None; wanted.len()],
        deepest: vec![None; wanted.len()],
        path: String::new(),
        source,
    };
    scanner.value(0);
    (0..wanted.len())
        .map(|i| {
            scanner.found[i]
                .or(scanner.deepest[i].map(|(_, at)| at))
                .unwrap_or((1, 1))
        })
        .collect()
}

/// Convenience for one path.
pub fn locate(source: &str, path: &str) -> (usize, usize) {
    locate_paths(source, &[path.to_string()])[0]
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Ident,
    Open(u8),
    Close,
    Comma,
    Colon,
    Atom,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    /// Byte range of the token in the source.
    start: usize,
    end: usize,
    line: usize,
    line_start: usize,
}

struct Lexer<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Lexer<'a> {
    fn new(source: &'a str) -> Self {
        Lexer {
            bytes: source.as_bytes(),
            at: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    fn bump(&mut self) {
        if let Some(b) = self.peek(0) {
            self.at += 1;
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.at;
            }
        }
    }

    fn next_token(&mut self) -> Option<Token> {
        loop {
            let b = self.peek(0)?;
            if b.is_ascii_whitespace() {
                self.bump();
            } else if b == b'/' && self.peek(1) == Some(b'/') {
                while self.peek(0).is_some_and(|c| c != b'\n') {
                    self.bump();
                }
            } else if b == b'/' && self.peek(1) == Some(b'*') {
                let mut depth = 0usize;
                while self.peek(0).is_some() {
                    if self.peek(0) == Some(b'/') && self.peek(1) == Some(b'*') {
                        depth += 1;
                        self.bump();
                        self.bump();
                    } else if self.peek(0) == Some(b'*') && self.peek(1) == Some(b'/') {
                        depth = depth.saturating_sub(1);
                        self.bump();
                        self.bump();
                        if depth == 0 {
                            break;
                        }
                    } else {
                        self.bump();
                    }
                }
            } else {
                break;
            }
        }
        let (start, line, line_start) = (self.at, self.line, self.line_start);
        let b = self.peek(0)?;
        let kind = if b == b'"' {
            self.bump();
            while let Some(c) = self.peek(0) {
                if c == b'"' {
                    break;
                }
                if c == b'\\' {
                    self.bump();
                }
                self.bump();
            }
            self.bump();
            Kind::Atom
        } else if b == b'r' && matches!(self.peek(1), Some(b'"') | Some(b'#')) {
            // Raw string r#"..."#: ends at a quote followed by as many `#` as it opened with.
            self.bump();
            let mut hashes = 0;
            while self.peek(0) == Some(b'#') {
                hashes += 1;
                self.bump();
            }
            self.bump();
            while self.peek(0).is_some() {
                if self.peek(0) == Some(b'"') && (1..=hashes).all(|k| self.peek(k) == Some(b'#')) {
                    for _ in 0..=hashes {
                        self.bump();
                    }
                    break;
                }
                self.bump();
            }
            Kind::Atom
        } else if b.is_ascii_alphabetic() || b == b'_' {
            while self
                .peek(0)
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
            {
                self.bump();
            }
            Kind::Ident
        } else if matches!(b, b'(' | b'[' | b'{') {
            self.bump();
            Kind::Open(b)
        } else if matches!(b, b')' | b']' | b'}') {
            self.bump();
            Kind::Close
        } else if b == b',' {
            self.bump();
            Kind::Comma
        } else if b == b':' {
            self.bump();
            Kind::Colon
        } else {
            // Numbers, chars, signs, stray bytes: one atom up to the next delimiter.
            self.bump();
            while self.peek(0).is_some_and(|c| {
                !c.is_ascii_whitespace()
                    && !matches!(
                        c,
                        b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':' | b'"'
                    )
            }) {
                self.bump();
            }
            Kind::Atom
        };
        Some(Token {
            kind,
            start,
            end: self.at,
            line,
            line_start,
        })
    }
}

struct Scanner<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Option<Token>>,
    wanted: &'a [String],
    found: Vec<Option<(usize, usize)>>,
    /// For each wanted path, the deepest ancestor seen so far (path length, position):
    /// where to point when the wanted value itself is missing.
    deepest: Vec<Option<(usize, (usize, usize))>>,
    /// The current logical path, grown and truncated as the scan descends.
    path: String,
    source: &'a str,
}

const MAX_DEPTH: usize = 256;

/// Whether `ancestor` is a proper prefix of `path` at a segment boundary.
fn is_ancestor(ancestor: &str, path: &str) -> bool {
    path.len() > ancestor.len()
        && path.starts_with(ancestor)
        && (ancestor.is_empty()
            || matches!(path.as_bytes()[ancestor.len()], b'.' | b'[' | b'#' | b'{'))
}

impl Scanner<'_> {
    fn peek(&mut self) -> Option<Token> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next_token());
        }
        self.peeked.flatten()
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.peek();
        self.peeked = None;
        t
    }

    /// The token after the next one, without consuming (for `name:` detection).
    fn second_is_colon(&mut self) -> bool {
        let _ = self.peek();
        let saved = (self.lexer.at, self.lexer.line, self.lexer.line_start);
        let second = self.lexer.next_token();
        (self.lexer.at, self.lexer.line, self.lexer.line_start) = saved;
        second.is_some_and(|t| t.kind == Kind::Colon)
    }

    fn position(&self, token: &Token) -> (usize, usize) {
        let col = self.source[token.line_start..token.start].chars().count() + 1;
        (token.line, col)
    }

    fn record(&mut self, path: &str, token: &Token) {
        for i in 0..self.wanted.len() {
            let w = self.wanted[i].as_str();
            if self.found[i].is_none() && w == path {
                self.found[i] = Some(self.position(token));
            } else if is_ancestor(path, w)
                && self.deepest[i].is_none_or(|(len, _)| path.len() > len)
            {
                self.deepest[i] = Some((path.len(), self.position(token)));
            }
        }
    }

    /// Whether some wanted path lies at or below the current path.
    fn on_the_way(&self) -> bool {
        let here = self.path.as_str();
        self.wanted
            .iter()
            .any(|w| w == here || is_ancestor(here, w))
    }

    fn all_found(&self) -> bool {
        self.found.iter().all(Option::is_some)
    }

    fn value(&mut self, depth: usize) {
        if self.all_found() {
            return;
        }
        let Some(first) = self.peek() else { return };
        let path = self.path.clone();
        self.record(&path, &first);
        if depth > MAX_DEPTH || !self.on_the_way() {
            self.skip_value();
            return;
        }
        match first.kind {
            Kind::Ident => {
                self.next();
                if matches!(
                    self.peek(),
                    Some(Token {
                        kind: Kind::Open(b'('),
                        ..
                    })
                ) {
                    self.next();
                    self.group(depth, b')');
                }
            }
            Kind::Open(b'[') => {
                self.next();
                self.group(depth, b']');
            }
            Kind::Open(b'(') => {
                self.next();
                self.group(depth, b')');
            }
            Kind::Open(_) => {
                self.next();
                self.group(depth, b'}');
            }
            _ => {
                self.next();
            }
        }
    }

    /// Skip one value (an atom, or a name with its brackets, or a bracketed group).
    fn skip_value(&mut self) {
        let Some(first) = self.next() else { return };
        let mut depth = match first.kind {
            Kind::Open(_) => 1usize,
            Kind::Ident => {
                if matches!(
                    self.peek(),
                    Some(Token {
                        kind: Kind::Open(_),
                        ..
                    })
                ) {
                    self.next();
                    1
                } else {
                    0
                }
            }
            _ => 0,
        };
        while depth > 0 {
            match self.next().map(|t| t.kind) {
                Some(Kind::Open(_)) => depth += 1,
                Some(Kind::Close) => depth -= 1,
                Some(_) => {}
                None => return,
            }
        }
    }

    /// Inside `( ... )`, `[ ... ]` or `{ ... }`: named fields or positional items.
    fn group(&mut self, depth: usize, close: u8) {
        let base_len = self.path.len();
        let mut index = 0;
        while let Some(token) = self.peek() {
            if self.all_found() {
                return;
            }
            match token.kind {
                Kind::Close => {
                    self.next();
                    return;
                }
                Kind::Comma | Kind::Colon => {
                    self.next();
                }
                Kind::Ident if close != b']' && self.second_is_colon() => {
                    let name = &self.source[token.start..token.end];
                    if !self.path.is_empty() {
                        self.path.push('.');
                    }
                    self.path.push_str(name);
                    let with_name = format!("{}#name", self.path);
                    self.record(&with_name, &token);
                    self.next();
                    self.next();
                    self.value(depth + 1);
                    self.path.truncate(base_len);
                }
                _ => {
                    use std::fmt::Write as _;
                    let _ = match close {
                        b']' => write!(self.path, "[{index}]"),
                        b'}' => write!(self.path, "{{{index}}}"),
                        _ => write!(self.path, ".{index}"),
                    };
                    index += 1;
                    let before = self.lexer.at;
                    self.value(depth + 1);
                    if self.lexer.at == before && self.peeked.is_some() {
                        self.next();
                    }
                    self.path.truncate(base_len);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(src: &str, path: &str) -> (usize, usize) {
        locate(src, path)
    }

    #[test]
    fn finds_nested_fields_and_items() {
        let src = "Exercise(\n  id: \"x\",\n  stages: [\n    Stage(id: \"a\"),\n    Stage(\n      id: \"b\", when: Flag(\"f\"),\n    ),\n  ],\n)";
        assert_eq!(at(src, "id"), (2, 7));
        assert_eq!(at(src, "stages[0].id"), (4, 15));
        assert_eq!(at(src, "stages[1].id"), (6, 11));
        assert_eq!(at(src, "stages[1].when.0"), (6, 27));
        assert_eq!(at(src, "stages[1].when#name"), (6, 16));
        // A missing path falls back to its nearest existing ancestor.
        assert_eq!(at(src, "stages[1].missing.deeper"), (5, 5));
    }

    #[test]
    fn comments_raw_strings_and_wide_characters_do_not_confuse_it() {
        let src = "A(\n // x: [\n /* ( */ a: r#\"q\"(\"#, b: 1)";
        assert_eq!(at(src, "a"), (3, 13));
        assert_eq!(at(src, "b"), (3, 26));
        let src = "A(t: \"é—ü\", b: 2)";
        assert_eq!(at(src, "b"), (1, 16));
    }

    #[test]
    fn several_paths_at_once() {
        let src = "A(x: [B(y: 1), B(y: 2)], z: 3)";
        let found = locate_paths(src, &["x[1].y".into(), "z".into(), "x[0]".into()]);
        assert_eq!(found, vec![(1, 21), (1, 29), (1, 7)]);
    }
}
