//! Setup: solo or group play, who plays each role, the seed, Start.
//!
//! ```text
//! ┌Who plays────────────────────────────────────────────────────────────────┐
//! │› Mode         ‹ solo ›                                                  │
//! │  You play     ‹ Alda (origin) ›                                         │
//! │  Brinn        ‹ balanced ›                                              │
//! │  Corva        ‹ balanced ›                                              │
//! │  Seed         7                                                         │
//! │  Start                                                                  │
//! └─────────────────────────────────────────────────────────────────────────┘
//! ┌About this choice────────────────────────────────────────────────────────┐
//! │Computer persona for Brinn: looks for options that serve both ...        │
//! └─────────────────────────────────────────────────────────────────────────┘
//! ```

use super::pane;
use crate::scenario::model::RoleKind;
use crate::tui::app::{Mode, SetupRow, SetupState};
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, ScrollDoc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

pub struct SetupView<'a> {
    pub setup: &'a SetupState,
    pub theme: &'a Theme,
}

pub fn kind_name(kind: RoleKind) -> &'static str {
    match kind {
        RoleKind::Origin => "origin",
        RoleKind::Transit => "transit",
        RoleKind::Destination => "destination",
    }
}

const KEY_WIDTH: usize = 12;

impl Widget for &SetupView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let setup = self.setup;
        let ex = &setup.loaded.compiled.exercise;
        let rows = setup.rows();
        let focused = setup.focused_row();
        let list_height = rows.len() as u16 + if setup.mode == Mode::Group { 4 } else { 2 };
        let [list_area, about_area] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Min(4)]).areas(area);
        let mut doc = Doc::new();
        for row in &rows {
            let (key, value, choice) = match row {
                SetupRow::Mode => ("Mode".to_string(), setup.mode.label().to_string(), true),
                SetupRow::Player => {
                    let role = &ex.roles[setup.player as usize];
                    (
                        "You play".into(),
                        format!("{} ({})", role.name, kind_name(role.kind)),
                        true,
                    )
                }
                SetupRow::Persona(r) => (
                    ex.roles[*r as usize].name.clone(),
                    setup.personas[*r as usize].name().to_string(),
                    true,
                ),
                SetupRow::Seed => {
                    let shown = if setup.seed.is_empty() {
                        "(default)".to_string()
                    } else {
                        setup.seed.clone()
                    };
                    ("Seed".into(), shown, false)
                }
                SetupRow::Start => ("Start".into(), String::new(), false),
            };
            let selected = *row == focused;
            let glyph = if selected { "›" } else { " " };
            let key = format!("{glyph} {key}");
            let value = if choice {
                format!("‹ {value} ›")
            } else {
                value
            };
            let pad = (KEY_WIDTH + 2).saturating_sub(crate::tui::widgets::doc::width_of(&key));
            let mut segments = vec![(format!("{key}{} ", " ".repeat(pad)), t.text)];
            if *row == SetupRow::Seed {
                segments.push((value, t.input));
                if selected {
                    segments.push(("▏".into(), t.text));
                }
            } else {
                segments.push((value, t.text));
            }
            if selected {
                doc.styled_segments(0, KEY_WIDTH + 3, segments, t.selected);
            } else {
                doc.segments(0, KEY_WIDTH + 3, segments);
            }
        }
        if setup.mode == Mode::Group {
            let names: Vec<&str> = ex.roles.iter().map(|r| r.name.as_str()).collect();
            doc.blank();
            doc.text(
                0,
                format!("People play every role: {}.", names.join(", ")),
                t.dim,
            );
        }
        let title = format!("Who plays — {}", ex.title);
        ScrollDoc::new(&doc, 0, t)
            .block(pane(&title, t, true))
            .render(list_area, buf);

        let mut about = Doc::new();
        match focused {
            SetupRow::Mode => match setup.mode {
                Mode::Solo => about.text(0, "Solo: you play one state; computer personas play the others. ←→ switches to group play.", t.text),
                Mode::Group => about.text(0, "Group: every state is played by people at this keyboard, one delegation after another; the facilitator keys in each decision with the delegation's reason. ←→ switches to solo.", t.text),
            },
            SetupRow::Player => {
                let role = &ex.roles[setup.player as usize];
                about.text(0, format!("You play {}. ←→ picks another state. Only your own private brief is shown.", role.name), t.text);
                for line in &role.public_brief {
                    about.bullet(0, "•", line.clone(), t.dim);
                }
                &mut about
            }
            SetupRow::Persona(r) => {
                let p = setup.personas[r as usize];
                about.text(
                    0,
                    format!("A computer plays {} as \"{}\": it {}. ←→ picks another persona.", ex.roles[r as usize].name, p.name(), p.describe()),
                    t.text,
                )
            }
            SetupRow::Seed => about.text(0, "Chance events are drawn from this seed: the same seed and the same choices give the same session. Type digits; Backspace deletes.", t.text),
            SetupRow::Start => about.text(0, format!("Start the briefing. {}", ex.summary), t.text),
        };
        ScrollDoc::new(&about, 0, t)
            .block(pane("About this choice", t, false))
            .render(about_area, buf);
    }
}
