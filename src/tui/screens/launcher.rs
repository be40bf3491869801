//! The launcher: the shipped exercises; Enter opens setup for the selected one.
//!
//! ```text
//!  Crossings — tabletop exercises on migration control and protection
//! ┌Exercises─────────────────────────────────────────────────────────────────┐
//! │› The Harbour Test (harbour)                                              │
//! │    Mixed movements, including by sea · Alda, Brinn, Corva · about 30 min │
//! └──────────────────────────────────────────────────────────────────────────┘
//! ┌About─────────────────────────────────────────────────────────────────────┐
//! │A small exercise that uses every mechanic once.                           │
//! └──────────────────────────────────────────────────────────────────────────┘
//!  ↑↓ move · Enter open · ? help · q quit
//! ```

use super::{keep_visible, pane};
use crate::exercises::Loaded;
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, ScrollDoc, render_lines};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

pub struct LauncherView<'a> {
    pub exercises: &'a [Loaded],
    pub selected: usize,
    pub theme: &'a Theme,
}

impl Widget for &LauncherView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let [list_area, about_area] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(7)]).areas(area);
        let block = pane(crate::tr!("launcher.exercises"), t, true);
        let inner = block.inner(list_area);
        block.render(list_area, buf);
        let mut doc = Doc::new();
        let mut marks = Vec::new();
        if self.exercises.is_empty() {
            doc.text(0, crate::tr!("launcher.none"), t.text);
            doc.blank();
            doc.text(0, crate::tr!("launcher.own_file"), t.dim);
        }
        for (i, loaded) in self.exercises.iter().enumerate() {
            let ex = &loaded.compiled.exercise;
            let selected = i == self.selected;
            marks.push(doc.mark());
            let glyph = if selected { "›" } else { " " };
            let segments = vec![
                (format!("{glyph} {}", ex.title), t.heading),
                (format!(" ({})", ex.id), t.dim),
            ];
            if selected {
                doc.styled_segments(0, 4, segments, t.selected);
            } else {
                doc.segments(0, 4, segments);
            }
            let roles: Vec<&str> = ex.roles.iter().map(|r| r.name.as_str()).collect();
            doc.text(
                4,
                crate::tr!(
                    "launcher.line",
                    context = ex.context,
                    roles = roles.join(", "),
                    minutes = ex.duration_minutes
                ),
                t.text,
            );
            marks.push(doc.mark());
        }
        let wrapped = doc.wrap_marked(inner.width, t, &mut marks);
        let sel = self.selected * 2;
        let top = match (marks.get(sel), marks.get(sel + 1)) {
            (Some(&s), Some(&e)) => keep_visible(s, e, usize::from(inner.height)),
            _ => 0,
        };
        render_lines(&wrapped.lines, top, inner, buf, t, None, None);

        let mut about = Doc::new();
        if let Some(loaded) = self.exercises.get(self.selected) {
            let ex = &loaded.compiled.exercise;
            about.text(0, ex.summary.clone(), t.text);
            if let Some(note) = &ex.content_note {
                about.blank();
                about.text(0, crate::tr!("launcher.content_note", note = note), t.dim);
            }
        }
        ScrollDoc::new(&about, 0, t)
            .block(pane(crate::tr!("launcher.about"), t, false))
            .render(about_area, buf);
    }
}
