//! The top line of every screen: where you are on the left, the context on the right.
//!
//! ```text
//! Turn 1 · Day 1: a boat in distress                    The Harbour Test · seed 7
//! ```

use crate::tui::widgets::doc::width_of;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

pub struct TitleBar<'a> {
    pub left: &'a str,
    pub right: &'a str,
    pub style: Style,
}

impl Widget for &TitleBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        buf.set_style(area, self.style);
        let width = usize::from(area.width);
        let right_w = width_of(self.right);
        buf.set_stringn(
            area.x + 1,
            area.y,
            self.left,
            width.saturating_sub(1),
            self.style,
        );
        let left_w = width_of(self.left) + 1;
        if right_w + left_w + 3 <= width {
            let x = area.x + (width - right_w - 1) as u16;
            buf.set_string(x, area.y, self.right, self.style);
        }
    }
}
