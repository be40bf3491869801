//! Named styles. `Theme::colours()` is the default; `Theme::monochrome()` uses only
//! `Color::Reset` and text modifiers, for `NO_COLOR` (crossterm 0.29 wipes bold and
//! reverse when it is asked for colours under `NO_COLOR`, so we never ask).
//!
//! Colour never carries meaning alone: every state drawn in a colour also has a glyph or
//! a word (the selection has "›", trends have ▲▼, verdicts have ✓✗ and words).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: &'static str,
    /// The top line: where you are.
    pub title_bar: Style,
    pub heading: Style,
    pub text: Style,
    /// Secondary text: details, hints, notes.
    pub dim: Style,
    /// The selected row of a list (shown with "›" too).
    pub selected: Style,
    pub border: Style,
    /// The border of the pane that has the keyboard.
    pub border_focus: Style,
    /// Key names in the hint bar and help.
    pub key: Style,
    pub hint: Style,
    /// Errors and the "terminal too small" notice.
    pub warning: Style,
    pub better: Style,
    pub worse: Style,
    pub tab: Style,
    pub tab_active: Style,
    /// A text field being edited.
    pub input: Style,
    pub chart: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::colours()
    }
}

impl Theme {
    pub fn colours() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            name: "colours",
            title_bar: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            heading: Style::new().fg(Color::Cyan).add_modifier(bold),
            text: Style::new(),
            dim: Style::new().fg(Color::Gray),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(bold),
            border: Style::new().fg(Color::DarkGray),
            border_focus: Style::new().fg(Color::Cyan),
            key: Style::new().fg(Color::Yellow).add_modifier(bold),
            hint: Style::new().fg(Color::Gray),
            warning: Style::new().fg(Color::LightRed).add_modifier(bold),
            better: Style::new().fg(Color::LightGreen),
            worse: Style::new().fg(Color::LightRed),
            tab: Style::new().fg(Color::Gray),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            input: Style::new()
                .fg(Color::White)
                .add_modifier(Modifier::UNDERLINED),
            chart: Style::new().fg(Color::Cyan),
        }
    }

    /// Every colour `Color::Reset`; meaning carried by bold, reverse, underline and glyphs.
    pub fn monochrome() -> Theme {
        let plain = Style::new().fg(Color::Reset).bg(Color::Reset);
        let bold = plain.add_modifier(Modifier::BOLD);
        let reversed = plain.add_modifier(Modifier::REVERSED | Modifier::BOLD);
        Theme {
            name: "monochrome",
            title_bar: reversed,
            heading: bold,
            text: plain,
            dim: plain,
            selected: reversed,
            border: plain,
            border_focus: bold,
            key: bold,
            hint: plain,
            warning: bold,
            better: plain,
            worse: bold,
            tab: plain,
            tab_active: reversed,
            input: plain.add_modifier(Modifier::UNDERLINED),
            chart: plain,
        }
    }

    /// Monochrome when `NO_COLOR` is set to anything but the empty string (no-color.org).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::colours(),
        }
    }
}
