//! Overlays drawn over a screen: the help (from the key map) and the quit question.
//!
//! ```text
//!        ┌Help────────────────────────────┐
//!        │↑↓/k/j      move                │
//!        │Enter       choose              │
//!        │...                             │
//!        └────────────────────────────────┘
//! ```

use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, ScrollDoc, width_of};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};
use std::cell::Cell;

/// A box centred in `area`, at most `width`×`height`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}

pub struct HelpOverlay<'a> {
    /// The context under the overlay: its keys are listed.
    pub context: Context,
    pub theme: &'a Theme,
    pub scroll: u16,
    pub max_scroll: &'a Cell<u16>,
    pub page: &'a Cell<u16>,
    /// Extra lines about the screen (legends).
    pub notes: &'a [&'a str],
}

impl Widget for &HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let entries = keymap::help(self.context);
        let key_width = entries
            .iter()
            .map(|(k, _)| width_of(k))
            .max()
            .unwrap_or(4)
            .min(24);
        let mut doc = Doc::new();
        for (keys, text) in &entries {
            doc.field(0, keys, key_width, *text, self.theme.key, self.theme.text);
        }
        for note in self.notes {
            doc.blank();
            doc.text(0, *note, self.theme.dim);
        }
        let width = 64.min(area.width);
        let height = doc.wrap(width.saturating_sub(2), self.theme).lines.len() as u16 + 2;
        let rect = centred(area, width, height.max(6));
        Clear.render(rect, buf);
        let block = Block::bordered()
            .border_style(self.theme.border_focus)
            .title(Line::styled(crate::tr!("help.title"), self.theme.heading))
            .title_bottom(Line::styled(
                crate::tr!(
                    "help.close",
                    key = crate::tui::keymap::Key::Code(ratatui::crossterm::event::KeyCode::Esc)
                        .label()
                ),
                self.theme.hint,
            ));
        ScrollDoc::new(&doc, self.scroll, self.theme)
            .block(block)
            .report(self.max_scroll, self.page)
            .render(rect, buf);
    }
}

pub struct QuitOverlay<'a> {
    pub theme: &'a Theme,
    pub in_session: bool,
    /// Whether every action of the session is in its save file.
    pub saved: bool,
}

impl Widget for &QuitOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut doc = Doc::new();
        if self.in_session && self.saved {
            doc.text(0, crate::tr!("quit.saved"), self.theme.text);
        } else if self.in_session {
            doc.text(0, crate::tr!("quit.not_saved"), self.theme.text);
        } else {
            doc.text(0, crate::tr!("quit.leave"), self.theme.text);
        }
        doc.blank();
        doc.segments(
            0,
            0,
            vec![
                ("y".into(), self.theme.key),
                (crate::tr!("quit.yes").into(), self.theme.hint),
                ("n".into(), self.theme.key),
                ("/".into(), self.theme.hint),
                (
                    crate::tui::keymap::Key::Code(ratatui::crossterm::event::KeyCode::Esc).label(),
                    self.theme.key,
                ),
                (crate::tr!("quit.no").into(), self.theme.hint),
            ],
        );
        // As tall as its text in the language (at least the English box's 6 rows).
        let width = 46.min(area.width);
        let height = doc.wrap(width.saturating_sub(2), self.theme).lines.len() as u16 + 2;
        let rect = centred(area, width, height.max(6));
        Clear.render(rect, buf);
        let block = Block::bordered()
            .border_style(self.theme.border_focus)
            .title(Line::styled(crate::tr!("quit.title"), self.theme.heading));
        ScrollDoc::new(&doc, 0, self.theme)
            .block(block)
            .render(rect, buf);
    }
}
