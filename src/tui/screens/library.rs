//! The library, from the launcher: every framework of the glossary, every good practice
//! and every real case of the exercises, each with where it is used. Typing filters the
//! list at once: every word typed must begin a word of the entry or of its uses.
//!
//! ```text
//! ┌Search───────────────────────────────────────────────────────────────────────┐
//! │Search: sar▏                                                   4 of 37 match │
//! └─────────────────────────────────────────────────────────────────────────────┘
//! ┌Entries───────────────────────┐┌1951 Refugee Convention, article 33──────────┐
//! │Frameworks                    ││Framework · 1951                             │
//! │› 1951 Refugee Convention, a… ││The core refugee treaty; its article 33 ...  │
//! │  SAR Convention 1979         ││                                             │
//! │Good practices                ││What it asks of states                       │
//! │  Agree the place of safety … ││Do not return anyone ...                     │
//! │Real cases                    ││                                             │
//! │  Tampa, 2001                 ││Used in                                      │
//! │                              ││The Harbour Test                             │
//! │                              ││  • Day 1 · Alda: Step up coastal patrols    │
//! └──────────────────────────────┘└─────────────────────────────────────────────┘
//! ```

use super::{keep_visible, pane};
use crate::exercises::Loaded;
use crate::scenario::model::{Exercise, Framework};
use crate::tui::keymap::Command;
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, render_lines, width_of};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use std::cell::Cell;

/// The longest search the box takes.
const MAX_QUERY: usize = 60;
/// Width of the list pane on a wide screen.
const LIST_WIDTH: u16 = 34;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Framework,
    GoodPractice,
    RealCase,
}

impl EntryKind {
    const ALL: [EntryKind; 3] = [
        EntryKind::Framework,
        EntryKind::GoodPractice,
        EntryKind::RealCase,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            EntryKind::Framework => crate::tr!("library.frameworks"),
            EntryKind::GoodPractice => crate::tr!("library.good_practices"),
            EntryKind::RealCase => crate::tr!("library.real_cases"),
        }
    }
}

/// One thing in the library, with the text the detail pane shows.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntryKind,
    pub title: String,
    /// "Framework · 1951", "Good practice · The Hesper Sea".
    pub subtitle: String,
    /// (heading, paragraphs) sections of the detail pane.
    pub sections: Vec<(Option<&'static str>, Vec<String>)>,
    /// Exercise title and, under it, each use.
    pub used_in: Vec<(String, Vec<String>)>,
    /// Everything above, lowercased, for search.
    haystack: String,
}

impl Entry {
    fn new(
        kind: EntryKind,
        title: String,
        subtitle: String,
        sections: Vec<(Option<&'static str>, Vec<String>)>,
        used_in: Vec<(String, Vec<String>)>,
    ) -> Entry {
        let mut haystack = format!("{title}\n{subtitle}\n");
        for (_, paras) in &sections {
            for p in paras {
                haystack.push_str(p);
                haystack.push('\n');
            }
        }
        for (exercise, uses) in &used_in {
            haystack.push_str(exercise);
            haystack.push('\n');
            for u in uses {
                haystack.push_str(u);
                haystack.push('\n');
            }
        }
        Entry {
            kind,
            title,
            subtitle,
            sections,
            used_in,
            haystack: haystack.to_lowercase(),
        }
    }

    /// Whether every word of the (lowercased) query begins a word of the entry: "sar"
    /// finds the SAR Convention, not "necessary".
    fn matches(&self, words: &[String]) -> bool {
        words.iter().all(|w| {
            self.haystack.match_indices(w.as_str()).any(|(i, _)| {
                self.haystack[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
        })
    }
}

/// Where each framework is used in one exercise: options, agreements, good practices.
fn framework_uses(ex: &Exercise, id: &str) -> Vec<String> {
    let role = |r: &str| {
        ex.roles
            .iter()
            .find(|x| x.id == r)
            .map_or(r.to_string(), |x| x.name.clone())
    };
    let mut uses = Vec::new();
    for stage in &ex.stages {
        for d in &stage.decisions {
            for o in &d.options {
                if o.frameworks.iter().any(|f| f == id) {
                    let choice = crate::tr!("choice.line", role = role(&d.role), option = o.label);
                    uses.push(format!("{} · {choice}", stage.title));
                }
            }
        }
    }
    for a in &ex.agreements {
        if a.frameworks.iter().any(|f| f == id) {
            uses.push(crate::tr!("library.use.agreement", title = a.title));
        }
    }
    for g in &ex.debrief.good_practices {
        if g.frameworks.iter().any(|f| f == id) {
            uses.push(crate::tr!("library.use.good_practice", title = g.title));
        }
    }
    uses
}

/// Every entry: the glossary's frameworks in file order, then each exercise's good
/// practices and real cases in exercise order.
pub fn entries(frameworks: &[Framework], exercises: &[Loaded]) -> Vec<Entry> {
    let mut out = Vec::new();
    for f in frameworks {
        let used_in: Vec<(String, Vec<String>)> = exercises
            .iter()
            .map(|l| &l.compiled.exercise)
            .map(|ex| (ex.title.clone(), framework_uses(ex, &f.id)))
            .filter(|(_, uses)| !uses.is_empty())
            .collect();
        let subtitle = match f.year {
            Some(y) => crate::tr!("library.framework_year", year = y),
            None => crate::tr!("library.framework").to_string(),
        };
        out.push(Entry::new(
            EntryKind::Framework,
            f.name.clone(),
            subtitle,
            vec![
                (None, vec![f.summary.clone()]),
                (Some(crate::tr!("library.asks")), vec![f.asks.clone()]),
            ],
            used_in,
        ));
    }
    for l in exercises {
        let ex = &l.compiled.exercise;
        for g in &ex.debrief.good_practices {
            let names = crate::describe::framework_names(&g.frameworks);
            let mut sections = vec![(None, vec![g.text.clone()])];
            if !names.is_empty() {
                sections.push((Some(crate::tr!("library.tools_behind")), names));
            }
            out.push(Entry::new(
                EntryKind::GoodPractice,
                g.title.clone(),
                crate::tr!("library.good_practice_in", title = ex.title),
                sections,
                vec![(
                    ex.title.clone(),
                    vec![crate::tr!("library.use.debrief_practices").into()],
                )],
            ));
        }
    }
    for l in exercises {
        let ex = &l.compiled.exercise;
        for r in &ex.debrief.reality {
            let mut sections = vec![(None, r.text.clone())];
            if let Some(source) = &r.source {
                sections.push((Some(crate::tr!("library.source")), vec![source.clone()]));
            }
            out.push(Entry::new(
                EntryKind::RealCase,
                r.title.clone(),
                crate::tr!("library.real_case_in", title = ex.title),
                sections,
                vec![(
                    ex.title.clone(),
                    vec![crate::tr!("library.use.debrief_reality").into()],
                )],
            ));
        }
    }
    out
}

/// What the library asks of the app after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LibraryOutcome {
    Stay,
    /// Back to the launcher.
    Close,
}

#[derive(Debug)]
pub struct LibraryState {
    pub entries: Vec<Entry>,
    pub query: String,
    /// Index into `visible()`.
    pub selected: usize,
    /// Scroll of the detail pane.
    pub scroll: u16,
    pub max_scroll: Cell<u16>,
    pub page: Cell<u16>,
}

impl LibraryState {
    /// The library over the glossary and these exercises.
    pub fn new(exercises: &[Loaded]) -> LibraryState {
        LibraryState::with_entries(entries(
            crate::scenario::glossary::frameworks_in(crate::i18n::current().code()),
            exercises,
        ))
    }

    pub fn with_entries(entries: Vec<Entry>) -> LibraryState {
        LibraryState {
            entries,
            query: String::new(),
            selected: 0,
            scroll: 0,
            max_scroll: Cell::new(0),
            page: Cell::new(10),
        }
    }

    fn words(&self) -> Vec<String> {
        self.query
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }

    /// Indices of the entries that match the search, in library order.
    pub fn visible(&self) -> Vec<usize> {
        let words = self.words();
        (0..self.entries.len())
            .filter(|&i| self.entries[i].matches(&words))
            .collect()
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.visible()
            .get(self.selected)
            .and_then(|&i| self.entries.get(i))
    }

    fn select(&mut self, index: usize) {
        if index != self.selected {
            self.selected = index;
            self.scroll = 0;
        }
    }

    /// Apply a command from the key map (`key` carries the letter typed).
    pub fn command(&mut self, command: Command, key: KeyEvent) -> LibraryOutcome {
        let count = self.visible().len();
        let last = count.saturating_sub(1);
        match command {
            Command::Up => self.select(self.selected.saturating_sub(1)),
            Command::Down => self.select((self.selected + 1).min(last)),
            Command::Top => self.select(0),
            Command::Bottom => self.select(last),
            Command::PageUp => self.scroll = self.scroll.saturating_sub(self.page.get()),
            Command::PageDown => {
                self.scroll = (self.scroll + self.page.get()).min(self.max_scroll.get())
            }
            Command::TypeChar => {
                if let KeyCode::Char(c) = key.code
                    && self.query.chars().count() < MAX_QUERY
                    && !crate::text::is_unsafe_char(c)
                {
                    self.query.push(c);
                    self.selected = 0;
                    self.scroll = 0;
                }
            }
            Command::DeleteChar if self.query.pop().is_some() => {
                self.selected = 0;
                self.scroll = 0;
            }
            Command::Back => {
                if self.query.is_empty() {
                    return LibraryOutcome::Close;
                }
                self.query.clear();
                self.selected = 0;
                self.scroll = 0;
            }
            _ => {}
        }
        LibraryOutcome::Stay
    }
}

pub struct LibraryView<'a> {
    pub state: &'a LibraryState,
    pub theme: &'a Theme,
}

/// Cut a title to a width, with "…" where it was cut.
fn cut(text: &str, width: usize) -> String {
    if width_of(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if width_of(&out) + width_of(&c.to_string()) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

impl LibraryView<'_> {
    fn search(&self, area: Rect, buf: &mut Buffer, shown: usize) {
        let t = self.theme;
        let block = pane(crate::tr!("library.search"), t, true);
        let inner = block.inner(area);
        block.render(area, buf);
        let count = if self.state.query.is_empty() {
            crate::trn!("library.entries", self.state.entries.len())
        } else {
            crate::trn!("library.matches", shown, total = self.state.entries.len())
        };
        let mut spans = vec![
            Span::styled(crate::tr!("library.search_prompt"), t.dim),
            Span::styled(self.state.query.clone(), t.input),
            Span::styled("▏", t.key),
        ];
        if self.state.query.is_empty() {
            spans.push(Span::styled(crate::tr!("library.search_hint"), t.dim));
        }
        let line = Line::from(spans);
        buf.set_line(inner.x, inner.y, &line, inner.width);
        let w = width_of(&count) as u16;
        if inner.width > w + 2 && line.width() as u16 + w + 2 <= inner.width {
            buf.set_string(inner.right() - w - 1, inner.y, &count, t.dim);
        }
    }

    fn list(&self, area: Rect, buf: &mut Buffer, visible: &[usize]) {
        let t = self.theme;
        let block = pane(crate::tr!("library.entries_title"), t, true);
        let inner = block.inner(area);
        block.render(area, buf);
        let width = usize::from(inner.width);
        let mut doc = Doc::new();
        let mut marks = Vec::new();
        if visible.is_empty() {
            doc.text(
                0,
                crate::tr!("library.nothing_matches", query = self.state.query),
                t.text,
            );
            doc.blank();
            doc.text(0, crate::tr!("library.nothing_matches.how"), t.dim);
        }
        let mut row = 0;
        for kind in EntryKind::ALL {
            let in_kind: Vec<usize> = visible
                .iter()
                .copied()
                .filter(|&i| self.state.entries[i].kind == kind)
                .collect();
            if in_kind.is_empty() {
                continue;
            }
            doc.text(
                0,
                format!("{} ({})", kind.heading(), in_kind.len()),
                t.heading,
            );
            for i in in_kind {
                let selected = row == self.state.selected;
                let glyph = if selected { "›" } else { " " };
                let text = cut(
                    &format!("{glyph} {}", self.state.entries[i].title),
                    width.max(4),
                );
                marks.push(doc.mark());
                if selected {
                    doc.styled_segments(0, 2, vec![(text, t.text)], t.selected);
                } else {
                    doc.text(0, text, t.text);
                }
                marks.push(doc.mark());
                row += 1;
            }
        }
        let wrapped = doc.wrap_marked(inner.width, t, &mut marks);
        let sel = self.state.selected * 2;
        let top = match (marks.get(sel), marks.get(sel + 1)) {
            // Keep the group heading in view above the first entry of a group.
            (Some(&s), Some(&e)) => keep_visible(s.saturating_sub(1), e, usize::from(inner.height)),
            _ => 0,
        };
        render_lines(&wrapped.lines, top, inner, buf, t, None, None);
    }

    fn detail(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let entry = self.state.selected_entry();
        let title = entry.map_or(crate::tr!("library.details"), |e| e.kind.heading());
        let block = pane(title, t, false);
        let inner = block.inner(area);
        block.render(area, buf);
        let mut doc = Doc::new();
        match entry {
            None => {
                doc.text(0, crate::tr!("library.try_fewer"), t.dim);
            }
            Some(e) => {
                doc.text(0, e.title.clone(), t.heading);
                doc.text(0, e.subtitle.clone(), t.dim);
                for (heading, paras) in &e.sections {
                    doc.blank();
                    if let Some(h) = heading {
                        doc.text(0, *h, t.heading);
                    }
                    for p in paras {
                        if heading.is_some() && paras.len() > 1 {
                            doc.bullet(0, "•", p.clone(), t.text);
                        } else {
                            doc.text(0, p.clone(), t.text);
                        }
                    }
                }
                doc.blank();
                doc.text(0, crate::tr!("library.used_in"), t.heading);
                if e.used_in.is_empty() {
                    doc.text(0, crate::tr!("library.not_cited"), t.dim);
                }
                for (exercise, uses) in &e.used_in {
                    doc.text(0, exercise.clone(), t.text);
                    for u in uses {
                        doc.bullet(2, "•", u.clone(), t.dim);
                    }
                }
            }
        }
        let wrapped = doc.wrap(inner.width, t);
        render_lines(
            &wrapped.lines,
            self.state.scroll,
            inner,
            buf,
            t,
            Some(&self.state.max_scroll),
            Some(&self.state.page),
        );
    }
}

impl Widget for &LibraryView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let visible = self.state.visible();
        let [search_area, rest] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
        self.search(search_area, buf, visible.len());
        let list_width = if rest.width >= 100 {
            LIST_WIDTH + 6
        } else {
            (rest.width * 2 / 5).max(20)
        };
        let [list_area, detail_area] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(rest);
        self.list(list_area, buf, &visible);
        self.detail(detail_area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn every_word_must_match_and_esc_clears_before_closing() {
        let glossary = crate::scenario::glossary::frameworks();
        let mut lib = LibraryState::with_entries(entries(glossary, &[]));
        assert_eq!(lib.visible().len(), glossary.len());
        for c in "refoulement 1951".chars() {
            lib.command(Command::TypeChar, key(c));
        }
        let shown = lib.visible();
        assert!(!shown.is_empty());
        assert!(shown.len() < glossary.len());
        assert!(
            lib.selected_entry()
                .is_some_and(|e| e.haystack.contains("refoulement") && e.haystack.contains("1951"))
        );
        assert_eq!(lib.command(Command::Back, key(' ')), LibraryOutcome::Stay);
        assert!(lib.query.is_empty());
        assert_eq!(lib.command(Command::Back, key(' ')), LibraryOutcome::Close);
    }
}
