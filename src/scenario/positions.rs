//! Maps logical paths in a RON document (`stages[3].decisions[0].options[2].id`) to the
//! line and column where that value starts.
//!
//! serde forgets positions once a value is deserialized, so when validation finds a
//! problem we scan the source once more with this small tokenizer. It is only run when
//! there is something to report, so it favours simplicity over speed.

use std::collections::HashMap;

/// Line and column (both 1-based) of every value in the document, keyed by logical path.
/// Struct fields are `.name`, list items `[i]`, and positional arguments of a variant
/// such as `Flag("x")` are `.0`, `.1`, ... The root value has the empty path.
pub fn value_positions(source: &str) -> HashMap<String, (usize, usize)> {
    let tokens = tokenize(source);
    let mut scanner = Scanner {
        tokens: &tokens,
        at: 0,
        map: HashMap::new(),
    };
    scanner.value(String::new(), 0);
    scanner.map
}

/// The position of `path`, or of its nearest recorded ancestor.
pub fn locate(positions: &HashMap<String, (usize, usize)>, path: &str) -> (usize, usize) {
    let mut current = path;
    loop {
        if let Some(&found) = positions.get(current) {
            return found;
        }
        match current.rfind(['.', '[']) {
            Some(cut) => current = &current[..cut],
            None => return positions.get("").copied().unwrap_or((1, 1)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Ident(String),
    Open(char),
    Close,
    Comma,
    Colon,
    Atom,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    line: usize,
    col: usize,
}

/// Walks the characters of the source, keeping line and column.
struct Cursor {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
}

impl Cursor {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.i + ahead).copied()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek(0) {
            self.i += 1;
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
    }

    fn done(&self) -> bool {
        self.i >= self.chars.len()
    }
}

fn tokenize(source: &str) -> Vec<Token> {
    let mut cur = Cursor {
        chars: source.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
    };
    let mut tokens = Vec::new();
    while let Some(c) = cur.peek(0) {
        let (start_line, start_col) = (cur.line, cur.col);
        if c.is_whitespace() {
            cur.bump();
        } else if c == '/' && cur.peek(1) == Some('/') {
            while !cur.done() && cur.peek(0) != Some('\n') {
                cur.bump();
            }
        } else if c == '/' && cur.peek(1) == Some('*') {
            let mut depth = 0usize;
            while !cur.done() {
                if cur.peek(0) == Some('/') && cur.peek(1) == Some('*') {
                    depth += 1;
                    cur.bump();
                    cur.bump();
                } else if cur.peek(0) == Some('*') && cur.peek(1) == Some('/') {
                    depth = depth.saturating_sub(1);
                    cur.bump();
                    cur.bump();
                    if depth == 0 {
                        break;
                    }
                } else {
                    cur.bump();
                }
            }
        } else if c == '"' {
            cur.bump();
            while !cur.done() && cur.peek(0) != Some('"') {
                if cur.peek(0) == Some('\\') {
                    cur.bump();
                }
                cur.bump();
            }
            cur.bump();
            tokens.push(token(Kind::Atom, start_line, start_col));
        } else if c == 'r' && matches!(cur.peek(1), Some('"') | Some('#')) {
            // Raw string r#"..."#: ends at a quote followed by as many `#` as it opened with.
            cur.bump();
            let mut hashes = 0;
            while cur.peek(0) == Some('#') {
                hashes += 1;
                cur.bump();
            }
            cur.bump();
            while !cur.done() {
                if cur.peek(0) == Some('"') && (1..=hashes).all(|k| cur.peek(k) == Some('#')) {
                    for _ in 0..=hashes {
                        cur.bump();
                    }
                    break;
                }
                cur.bump();
            }
            tokens.push(token(Kind::Atom, start_line, start_col));
        } else if c.is_alphabetic() || c == '_' {
            let mut word = String::new();
            while let Some(w) = cur.peek(0).filter(|w| w.is_alphanumeric() || *w == '_') {
                word.push(w);
                cur.bump();
            }
            tokens.push(token(Kind::Ident(word), start_line, start_col));
        } else if matches!(c, '(' | '[' | '{') {
            cur.bump();
            tokens.push(token(Kind::Open(c), start_line, start_col));
        } else if matches!(c, ')' | ']' | '}') {
            cur.bump();
            tokens.push(token(Kind::Close, start_line, start_col));
        } else if c == ',' {
            cur.bump();
            tokens.push(token(Kind::Comma, start_line, start_col));
        } else if c == ':' {
            cur.bump();
            tokens.push(token(Kind::Colon, start_line, start_col));
        } else {
            // Numbers, chars, signs: one atom up to the next delimiter.
            while let Some(a) = cur.peek(0) {
                if a.is_whitespace()
                    || matches!(a, '(' | ')' | '[' | ']' | '{' | '}' | ',' | ':' | '"')
                {
                    break;
                }
                cur.bump();
            }
            if cur.i == 0 || (start_line, start_col) == (cur.line, cur.col) {
                cur.bump();
            }
            tokens.push(token(Kind::Atom, start_line, start_col));
        }
    }
    tokens
}

fn token(kind: Kind, line: usize, col: usize) -> Token {
    Token { kind, line, col }
}

struct Scanner<'a> {
    tokens: &'a [Token],
    at: usize,
    map: HashMap<String, (usize, usize)>,
}

const MAX_DEPTH: usize = 256;

impl Scanner<'_> {
    fn peek(&self, ahead: usize) -> Option<&Kind> {
        self.tokens.get(self.at + ahead).map(|t| &t.kind)
    }

    fn value(&mut self, path: String, depth: usize) {
        let Some(first) = self.tokens.get(self.at) else {
            return;
        };
        self.map
            .entry(path.clone())
            .or_insert((first.line, first.col));
        if depth > MAX_DEPTH {
            self.at = self.tokens.len();
            return;
        }
        match first.kind.clone() {
            Kind::Ident(_) => {
                self.at += 1;
                if self.peek(0) == Some(&Kind::Open('(')) {
                    self.at += 1;
                    self.group(&path, depth, ')');
                }
            }
            Kind::Open('[') => {
                self.at += 1;
                self.group(&path, depth, ']');
            }
            Kind::Open('(') => {
                self.at += 1;
                self.group(&path, depth, ')');
            }
            Kind::Open(_) => {
                self.at += 1;
                self.map_body(&path, depth);
            }
            Kind::Atom => self.at += 1,
            _ => self.at += 1,
        }
    }

    /// Inside `( ... )` or `[ ... ]`: named fields (`name: value`) or positional items.
    fn group(&mut self, path: &str, depth: usize, close: char) {
        let mut index = 0;
        while let Some(kind) = self.peek(0).cloned() {
            match kind {
                Kind::Close => {
                    self.at += 1;
                    return;
                }
                Kind::Comma => self.at += 1,
                Kind::Ident(name) if self.peek(1) == Some(&Kind::Colon) => {
                    let field = if path.is_empty() {
                        name
                    } else {
                        format!("{path}.{name}")
                    };
                    let token = &self.tokens[self.at];
                    // The field's own name is where an author looks for it.
                    self.map
                        .insert(format!("{field}#name"), (token.line, token.col));
                    self.at += 2;
                    self.value(field, depth + 1);
                }
                _ => {
                    let item = if close == ']' {
                        format!("{path}[{index}]")
                    } else {
                        format!("{path}.{index}")
                    };
                    index += 1;
                    let before = self.at;
                    self.value(item, depth + 1);
                    if self.at == before {
                        self.at += 1;
                    }
                }
            }
        }
    }

    /// Inside `{ key: value, ... }`: values are keyed by their string key without quotes
    /// is not needed by validation, so map entries are recorded by index.
    fn map_body(&mut self, path: &str, depth: usize) {
        let mut index = 0;
        while let Some(kind) = self.peek(0).cloned() {
            match kind {
                Kind::Close => {
                    self.at += 1;
                    return;
                }
                Kind::Comma | Kind::Colon => self.at += 1,
                _ => {
                    let before = self.at;
                    self.value(format!("{path}{{{index}}}"), depth + 1);
                    index += 1;
                    if self.at == before {
                        self.at += 1;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_fields_and_items() {
        let src = "Exercise(\n  id: \"x\",\n  stages: [\n    Stage(id: \"a\"),\n    Stage(\n      id: \"b\", when: Flag(\"f\"),\n    ),\n  ],\n)";
        let map = value_positions(src);
        assert_eq!(map["id"], (2, 7));
        assert_eq!(map["stages[0].id"], (4, 15));
        assert_eq!(map["stages[1].id"], (6, 11));
        assert_eq!(map["stages[1].when.0"], (6, 27));
        assert_eq!(locate(&map, "stages[1].missing.deeper"), (5, 5));
    }

    #[test]
    fn comments_and_raw_strings_do_not_confuse_it() {
        let src = "A(\n // x: [\n /* ( */ a: r#\"q\"(\"#, b: 1)";
        let map = value_positions(src);
        assert_eq!(map["a"], (3, 13));
        assert_eq!(map["b"], (3, 26));
    }
}
