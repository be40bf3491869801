//! Shown instead of any screen when the terminal is under 80×24; a resize brings the
//! screen back.

use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, ScrollDoc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub struct TooSmall<'a> {
    pub theme: &'a Theme,
}

impl Widget for &TooSmall<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut doc = Doc::new();
        doc.text(0, crate::tr!("too_small.title"), self.theme.warning);
        doc.blank();
        doc.text(
            0,
            crate::tr!("too_small.size", width = area.width, height = area.height),
            self.theme.text,
        );
        doc.blank();
        doc.text(0, crate::tr!("too_small.quit"), self.theme.dim);
        let rect = Rect {
            x: area.x + 1,
            y: area.y + area.height / 3,
            width: area.width.saturating_sub(2),
            height: area.height - area.height / 3,
        };
        ScrollDoc::new(&doc, 0, self.theme).render(rect, buf);
    }
}
