//! Setup: solo, projector or pass the keyboard; who plays each role; the session plan;
//! the roster of delegations (a room); the seed; Start.
//!
//! ```text
//! ┌Who plays────────────────────────────────────────────────────────────────┐
//! │› Mode         ‹ solo ›                                                  │
//! │  You play     ‹ Alda (origin) ›                                         │
//! │  Brinn        ‹ balanced ›                                              │
//! │  Corva        ‹ balanced ›                                              │
//! │  Plan         ‹ none ›                                                  │
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

/// "Alda (origin)", or the name alone when it already says its kind ("Marn (origin)").
pub fn name_with_kind(role: &crate::scenario::model::Role) -> String {
    let kind = kind_name(role.kind);
    if role.name.to_lowercase().contains(kind) {
        role.name.clone()
    } else {
        format!("{} ({kind})", role.name)
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
        let list_height = rows.len() as u16 + if setup.mode == Mode::Solo { 2 } else { 5 };
        let [list_area, about_area] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Min(4)]).areas(area);
        let mut doc = Doc::new();
        for row in &rows {
            let (key, value, choice) = match row {
                SetupRow::Mode => ("Mode".to_string(), setup.mode.label().to_string(), true),
                SetupRow::Player => {
                    let role = &ex.roles[setup.player as usize];
                    ("You play".into(), name_with_kind(role), true)
                }
                SetupRow::Persona(r) => (
                    ex.roles[*r as usize].name.clone(),
                    setup.personas[*r as usize].name().to_string(),
                    true,
                ),
                SetupRow::Plan => ("Plan".into(), setup.plan_summary(), true),
                SetupRow::Delegation(r) => {
                    let role = &ex.roles[*r as usize];
                    let d = &setup.roster[*r as usize];
                    let mut value = name_with_kind(role);
                    if d.label.trim() != role.name {
                        value.push_str(&format!(": \"{}\"", d.label.trim()));
                    }
                    if !d.members.is_empty() {
                        value.push_str(&format!(" · {}", d.members.join(", ")));
                    }
                    if let Some(agency) = &d.agency {
                        value.push_str(&format!(" · {agency}"));
                    }
                    ("Delegation".into(), value, false)
                }
                SetupRow::Observers => (
                    "Observers".into(),
                    if setup.observers.is_empty() {
                        "none".into()
                    } else {
                        setup.observers.join(", ")
                    },
                    false,
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
        if setup.mode != Mode::Solo {
            let order = match ex.turn_order {
                crate::scenario::model::TurnOrder::Sequential => {
                    "in turn, later delegations seeing earlier choices"
                }
                crate::scenario::model::TurnOrder::Simultaneous => {
                    "at the same time, choices hidden until resolution"
                }
            };
            doc.blank();
            doc.text(
                0,
                format!("People play every role; they decide {order}."),
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
                Mode::Projector => about.text(0, "Projector: one screen for the room. It shows only what every delegation may see: private briefs come from the print pack, delegations decide on paper, and you key in each decision and its one-line reason. f opens your console, a your agenda and cues. ←→ changes.", t.text),
                Mode::PassTheKeyboard => about.text(0, "Pass the keyboard: small groups at one laptop. Before each delegation's private view, a hand-off screen clears everything of the one before; each delegation may read its own private brief (b). ←→ changes.", t.text),
            },
            SetupRow::Plan => {
                about.text(0, "The session plan fits the room's booking: a time box for the briefing, each turn and the hot wash, an agenda with where the room stands, and cues for what to say next. ←→ picks none, 60, 90 or 120 minutes.", t.text);
                if let Some(minutes) = setup.plan {
                    let plan = crate::session::plan::SessionPlan::new(minutes, setup.typical_turns);
                    let clock = crate::tui::timer::clock;
                    about.text(
                        0,
                        format!(
                            "{minutes} minutes: briefing {}, {} turns of {} (this exercise typically takes {} turns), hot wash {}.",
                            clock(i64::from(plan.briefing_seconds)),
                            plan.turns,
                            clock(i64::from(plan.turn_seconds)),
                            setup.typical_turns,
                            clock(i64::from(plan.hot_wash_seconds)),
                        ),
                        t.dim,
                    );
                }
                &mut about
            }
            SetupRow::Delegation(r) => about.text(0, format!("The delegation playing {}: e edits its label (default: the role's name), members (comma-separated) and agency. The label names it on screen; the roster goes in the save and the report.", ex.roles[r as usize].name), t.text),
            SetupRow::Observers => about.text(0, "Observers of the session, comma-separated (e edits): they go in the save and the After-Action Report.", t.text),
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
        if let Some(editor) = &setup.editor {
            render_editor(setup, editor, t, area, buf);
        }
    }
}

/// The roster editor: a delegation's label, members and agency, or the observers.
fn render_editor(
    setup: &SetupState,
    editor: &crate::tui::facilitation::RosterEditor,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let ex = &setup.loaded.compiled.exercise;
    let title = match editor.role {
        Some(r) => format!("Delegation — {}", ex.roles[r as usize].name),
        None => "Observers".to_string(),
    };
    let mut doc = Doc::new();
    for (i, (name, field)) in editor.field_names().iter().zip(&editor.fields).enumerate() {
        let focused = i == editor.focus;
        let glyph = if focused { "›" } else { " " };
        let mut segments = vec![
            (format!("{glyph} {name:<10}"), t.heading),
            (field.text.clone(), if focused { t.input } else { t.text }),
        ];
        if focused {
            segments.push(("▏".into(), t.text));
        }
        doc.segments(0, 13, segments);
    }
    doc.blank();
    let help = if editor.role.is_some() {
        "Members and observers: names separated by commas. Tab moves between fields; Enter keeps; Esc cancels."
    } else {
        "Names separated by commas. Enter keeps; Esc cancels."
    };
    doc.text(0, help, t.dim);
    let width = 66.min(area.width);
    let height = doc.wrap(width.saturating_sub(2), t).lines.len() as u16 + 2;
    let rect = crate::tui::widgets::popup::centred(area, width, height);
    ratatui::widgets::Clear.render(rect, buf);
    ScrollDoc::new(&doc, 0, t)
        .block(pane(&title, t, true))
        .render(rect, buf);
}
