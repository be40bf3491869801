//! The ending: its title and narrative. Never framed as a win.
//!
//! ```text
//! ┌How the story closed─────────────────────────────────────────────────────┐
//! │Responsibility shared                                                    │
//! │The survivors are screened and some relocate.                            │
//! │                                                                         │
//! │An ending is one way the story can close, not a score. The debrief ...   │
//! └─────────────────────────────────────────────────────────────────────────┘
//! ```

use super::pane;
use crate::tui::app::Play;
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, ScrollDoc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub struct EndingView<'a> {
    pub play: &'a Play,
    pub theme: &'a Theme,
}

impl Widget for &EndingView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let c = &self.play.session.compiled;
        let s = &self.play.session.state;
        let mut doc = Doc::new();
        match s.ending {
            Some(e) => {
                let ending = &c.exercise.endings[e as usize];
                doc.heading(ending.title.clone());
                for line in &ending.narrative {
                    doc.text(0, line.clone(), t.text);
                }
            }
            None => {
                doc.heading(crate::tr!("ending.concluded"));
            }
        }
        doc.blank();
        doc.text(0, crate::trn!("ending.after_turns", s.turn), t.dim);
        doc.blank();
        doc.text(0, crate::tr!("ending.enter_debrief"), t.dim);
        ScrollDoc::new(&doc, self.play.scroll, t)
            .block(pane(crate::tr!("ending.title"), t, true))
            .report(&self.play.max_scroll, &self.play.page)
            .render(area, buf);
    }
}
