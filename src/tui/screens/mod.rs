//! One module per screen. Each opens with a sketch of its layout and draws a view struct
//! (`impl Widget for &XView`) that borrows the app state it shows.

pub mod agenda;
pub mod briefing;
pub mod console;
pub mod continue_list;
pub mod debrief;
pub mod decision;
pub mod ending;
pub mod handoff;
pub mod hotwash;
pub mod launcher;
pub mod library;
pub mod ratings;
pub mod resolution;
pub mod setup;
pub mod situation;
pub mod whatif;

use crate::tui::theme::Theme;
use ratatui::text::Line;
use ratatui::widgets::Block;

/// A bordered pane with a title.
/// A pane whose title holds exercise text (an exercise, stage or ending title): cut with
/// "…" to the pane's outer `width` so that it never runs into the corner.
pub fn fitted_pane<'a>(title: &str, width: u16, theme: &Theme, focused: bool) -> Block<'a> {
    let fitted = crate::tui::widgets::doc::truncate(title, usize::from(width.saturating_sub(4)));
    pane(&fitted, theme, focused)
}

pub fn pane<'a>(title: &str, theme: &Theme, focused: bool) -> Block<'a> {
    Block::bordered()
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .title(Line::styled(format!(" {title} "), theme.heading))
}

/// The first line to show so that lines `start..end` of a list are visible in `height`.
pub fn keep_visible(start: usize, end: usize, height: usize) -> u16 {
    let top = end.saturating_sub(height);
    u16::try_from(top.min(start)).unwrap_or(u16::MAX)
}
