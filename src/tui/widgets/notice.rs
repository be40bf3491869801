//! A notice over the screen that waits for a key: the replay of a save stopped early
//! (continue from there, or go back), or where a report was written. Its keys come from
//! the key map, like every hint.
//!
//! ```text
//!      ┌ The exercise has changed since this save ─────────────────┐
//!      │Replay stopped at action 3 of 5 (turn 2): Alda chose       │
//!      │"patrols-up".                                              │
//!      │It no longer applies: `patrols-up` is not an option open to│
//!      │Alda this turn.                                            │
//!      │                                                           │
//!      │Enter continue from there · Esc go back                    │
//!      └───────────────────────────────────────────────────────────┘
//! ```

use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, ScrollDoc};
use crate::tui::widgets::popup::centred;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Enter continues from where replay stopped; Esc goes back.
    ReplayStopped,
    /// Enter or Esc closes it.
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub title: String,
    pub lines: Vec<String>,
}

impl Notice {
    pub fn info(title: impl Into<String>, lines: Vec<String>) -> Notice {
        Notice {
            kind: NoticeKind::Info,
            title: title.into(),
            lines,
        }
    }

    pub fn replay_stopped(title: impl Into<String>, lines: Vec<String>) -> Notice {
        Notice {
            kind: NoticeKind::ReplayStopped,
            title: title.into(),
            lines,
        }
    }

    /// Where the keyboard is while the notice is up.
    pub fn context(&self) -> Context {
        match self.kind {
            NoticeKind::ReplayStopped => Context::ReplayStopped,
            NoticeKind::Info => Context::Notice,
        }
    }
}

pub struct NoticeOverlay<'a> {
    pub notice: &'a Notice,
    pub theme: &'a Theme,
}

impl Widget for &NoticeOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let mut doc = Doc::new();
        for line in &self.notice.lines {
            if line.is_empty() {
                doc.blank();
            } else {
                doc.text(0, line.clone(), t.text);
            }
        }
        doc.blank();
        let mut keys = Vec::new();
        for (i, (key, text)) in keymap::hints(self.notice.context()).into_iter().enumerate() {
            if i > 0 {
                keys.push((" · ".to_string(), t.hint));
            }
            keys.push((key, t.key));
            keys.push((format!(" {text}"), t.hint));
        }
        doc.segments(0, 0, keys);
        let width = 66.min(area.width);
        let height = doc.wrap(width.saturating_sub(2), t).lines.len() as u16 + 2;
        let rect = centred(area, width, height);
        Clear.render(rect, buf);
        let block = Block::bordered()
            .border_style(t.border_focus)
            .title(Line::styled(format!(" {} ", self.notice.title), t.heading));
        ScrollDoc::new(&doc, 0, t).block(block).render(rect, buf);
    }
}
