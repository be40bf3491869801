//! The bottom line: the keys that work here, generated from the key map. When the line
//! is too narrow, hints drop from the end but "? help" always stays.
//!
//! ```text
//! ↑↓ move · Enter choose · r type a reason · t show tags · Esc back · ? help · q quit
//! ```

use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::width_of;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub struct HintBar<'a> {
    pub context: Context,
    pub theme: &'a Theme,
    /// A message that replaces the hints (an error from the last key, say).
    pub message: Option<&'a str>,
}

impl Widget for &HintBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        if let Some(message) = self.message {
            buf.set_stringn(
                area.x,
                area.y,
                message,
                usize::from(area.width),
                self.theme.warning,
            );
            return;
        }
        let hints = keymap::hints(self.context);
        let width = usize::from(area.width);
        let cost = |(k, t): &(String, &str)| width_of(k) + 1 + width_of(t) + 3;
        let help_cost = hints
            .iter()
            .filter(|(k, _)| k == "?")
            .map(cost)
            .sum::<usize>();
        let mut used = help_cost;
        let mut shown: Vec<&(String, &str)> = Vec::new();
        for hint in &hints {
            if hint.0 == "?" {
                shown.push(hint);
                continue;
            }
            if used + cost(hint) <= width {
                used += cost(hint);
                shown.push(hint);
            }
        }
        let mut spans = Vec::new();
        for (i, (keys, text)) in shown.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", self.theme.hint));
            }
            spans.push(Span::styled(keys.clone(), self.theme.key));
            spans.push(Span::styled(format!(" {text}"), self.theme.hint));
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }
}
