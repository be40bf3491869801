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
use crate::tr;
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

/// The kind of state a role is, in the interface language ("origin" / "État d'origine").
pub fn kind_name(kind: RoleKind) -> &'static str {
    match kind {
        RoleKind::Origin => tr!("role.origin"),
        RoleKind::Transit => tr!("role.transit"),
        RoleKind::Destination => tr!("role.destination"),
    }
}

/// "Alda (origin)", or the name alone when it already says its kind ("Marn (origin)",
/// "Marn (origen)"), in the interface language.
pub fn name_with_kind(role: &crate::scenario::model::Role) -> String {
    if carries_kind(&role.name, role.kind) {
        role.name.clone()
    } else {
        tr!(
            "role.name_with_kind",
            name = role.name,
            kind = kind_name(role.kind)
        )
    }
}

/// Whether a role's name already says its kind, in any interface language: exercises and
/// their translations often name roles "Marn (origin)", "Marn (origine)", "Marn (origen)",
/// or qualify them in their own words ("Talvara (first asylum)").
pub fn carries_kind(name: &str, kind: RoleKind) -> bool {
    if name.trim_end().ends_with(')') {
        return true;
    }
    let name = name.to_lowercase();
    crate::i18n::Lang::ALL.iter().any(|lang| {
        // The kind's last word ("origin", "d'origine" → "origine", "tránsito").
        let kind = lang.with(|| kind_name(kind)).to_lowercase();
        kind.rsplit([' ', '\'', '’'])
            .next()
            .is_some_and(|word| !word.is_empty() && name.contains(word))
    })
}

const KEY_WIDTH: usize = 12;
const MAX_KEY_WIDTH: usize = 24;

impl Widget for &SetupView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let setup = self.setup;
        let ex = &setup.loaded.compiled.exercise;
        let rows = setup.rows();
        let focused = setup.focused_row();
        // Rows, then the language line (and for a room, how people decide).
        let list_height = rows.len() as u16 + if setup.mode == Mode::Solo { 4 } else { 7 };
        let [list_area, about_area] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Min(4)]).areas(area);
        let mut doc = Doc::new();
        let entries: Vec<(SetupRow, String, String, bool)> = rows
            .iter()
            .map(|row| {
                let (key, value, choice) = match row {
                    SetupRow::Mode => (
                        tr!("setup.row.mode").to_string(),
                        setup.mode.label().to_string(),
                        true,
                    ),
                    SetupRow::Player => {
                        let role = &ex.roles[setup.player as usize];
                        (tr!("setup.row.you_play").into(), name_with_kind(role), true)
                    }
                    SetupRow::Persona(r) => (
                        ex.roles[*r as usize].name.clone(),
                        crate::describe::persona_name(setup.personas[*r as usize]).to_string(),
                        true,
                    ),
                    SetupRow::Plan => (tr!("setup.row.plan").into(), setup.plan_summary(), true),
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
                        (tr!("setup.row.delegation").into(), value, false)
                    }
                    SetupRow::Observers => (
                        tr!("setup.row.observers").into(),
                        if setup.observers.is_empty() {
                            tr!("setup.none").into()
                        } else {
                            setup.observers.join(", ")
                        },
                        false,
                    ),
                    SetupRow::Seed => {
                        let shown = if setup.seed.is_empty() {
                            tr!("setup.seed_default").to_string()
                        } else {
                            setup.seed.clone()
                        };
                        (tr!("setup.row.seed").into(), shown, false)
                    }
                    SetupRow::Start => (tr!("setup.row.start").into(), String::new(), false),
                };
                (*row, key, value, choice)
            })
            .collect();
        // The keys' column fits the longest key (a role's name may be long), within reason.
        let key_width = entries
            .iter()
            .map(|(_, key, _, _)| crate::tui::widgets::doc::width_of(key))
            .max()
            .unwrap_or(0)
            .clamp(KEY_WIDTH, MAX_KEY_WIDTH);
        for (row, key, value, choice) in entries {
            let row = &row;
            let selected = *row == focused;
            let glyph = if selected { "›" } else { " " };
            let key = format!("{glyph} {key}");
            let value = if choice {
                format!("‹ {value} ›")
            } else {
                value
            };
            let pad = (key_width + 2).saturating_sub(crate::tui::widgets::doc::width_of(&key));
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
                doc.styled_segments(0, key_width + 3, segments, t.selected);
            } else {
                doc.segments(0, key_width + 3, segments);
            }
        }
        // The language switch, worded in the language it switches from and to.
        doc.blank();
        let key = format!("  {}", tr!("setup.language"));
        let pad = (key_width + 2).saturating_sub(crate::tui::widgets::doc::width_of(&key));
        doc.segments(
            0,
            key_width + 3,
            vec![
                (format!("{key}{} ", " ".repeat(pad)), t.dim),
                (setup.lang.native_name().to_string(), t.text),
                (tr!("setup.language_switch").to_string(), t.dim),
            ],
        );
        if setup.mode != Mode::Solo {
            let order = match ex.turn_order {
                crate::scenario::model::TurnOrder::Sequential => tr!("setup.order.sequential"),
                crate::scenario::model::TurnOrder::Simultaneous => {
                    tr!("setup.order.simultaneous")
                }
            };
            doc.blank();
            doc.text(0, tr!("setup.people_play_every_role", order = order), t.dim);
        }
        let title = tr!("setup.who_plays", title = ex.title);
        ScrollDoc::new(&doc, 0, t)
            .block(super::fitted_pane(&title, list_area.width, t, true))
            .render(list_area, buf);

        let mut about = Doc::new();
        match focused {
            SetupRow::Mode => match setup.mode {
                Mode::Solo => about.text(0, tr!("setup.about.solo"), t.text),
                Mode::Group => about.text(0, tr!("setup.about.group"), t.text),
                Mode::Projector => about.text(0, tr!("setup.about.projector"), t.text),
                Mode::PassTheKeyboard => {
                    about.text(0, tr!("setup.about.pass_the_keyboard"), t.text)
                }
            },
            SetupRow::Plan => {
                about.text(0, tr!("setup.about.plan"), t.text);
                if let Some(minutes) = setup.plan {
                    let plan = crate::session::plan::SessionPlan::new(minutes, setup.typical_turns);
                    // Time boxes in minutes ("12 min"): a clock's "12:00" reads as noon.
                    let duration = crate::pack::duration;
                    about.text(
                        0,
                        tr!(
                            "setup.about.plan_detail",
                            minutes = minutes,
                            briefing = duration(plan.briefing_seconds),
                            turns = plan.turns,
                            turn = duration(plan.turn_seconds),
                            typical = setup.typical_turns,
                            hot_wash = duration(plan.hot_wash_seconds),
                        ),
                        t.dim,
                    );
                }
                &mut about
            }
            SetupRow::Delegation(r) => about.text(
                0,
                tr!("setup.about.delegation", role = ex.roles[r as usize].name),
                t.text,
            ),
            SetupRow::Observers => about.text(0, tr!("setup.about.observers"), t.text),
            SetupRow::Player => {
                let role = &ex.roles[setup.player as usize];
                about.text(0, tr!("setup.about.player", role = role.name), t.text);
                for line in &role.public_brief {
                    about.bullet(0, "•", line.clone(), t.dim);
                }
                &mut about
            }
            SetupRow::Persona(r) => {
                let p = setup.personas[r as usize];
                about.text(
                    0,
                    tr!(
                        "setup.about.persona",
                        role = ex.roles[r as usize].name,
                        persona = crate::describe::persona_name(p),
                        does = crate::describe::persona_description(p)
                    ),
                    t.text,
                )
            }
            SetupRow::Seed => about.text(0, tr!("setup.about.seed"), t.text),
            SetupRow::Start => {
                about.text(0, tr!("setup.about.start", summary = ex.summary), t.text)
            }
        };
        ScrollDoc::new(&about, 0, t)
            .block(pane(tr!("setup.about_this_choice"), t, false))
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
        Some(r) => tr!("setup.editor.delegation", role = ex.roles[r as usize].name),
        None => tr!("setup.row.observers").to_string(),
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
        tr!("setup.editor.help.delegation")
    } else {
        tr!("setup.editor.help.observers")
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
