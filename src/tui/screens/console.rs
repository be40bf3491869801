//! The facilitator console: an overlay on f (or F2) over any turn screen. Every line is
//! an action logged with the session: injects, adjustments with their reason, notes,
//! pause, undo, rewind, skip, showing tags, concluding. The stage's cue for the
//! facilitator sits at the top; nothing private to a delegation is ever drawn here.
//!
//! ```text
//!      ┌Facilitator console — turn 2 · Day 2: survivors ashore────────┐
//!      │Cue: Ask each delegation who is responsible for the rescue.   │
//!      │                                                              │
//!      │› Send an inject from the exercise                            │
//!      │  Send an inject in your own words                            │
//!      │  Adjust an indicator, with a reason                          │
//!      │  ...                                                         │
//!      │  Conclude now and go to the debrief                          │
//!      └──────────────────────────────────────────────────────────────┘
//! ```

use super::keep_visible;
use crate::describe;
use crate::scenario::model::Trigger;
use crate::tr;
use crate::tui::app::Play;
use crate::tui::facilitation::{ConsoleItem, ConsoleStep};
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, render_lines};
use crate::tui::widgets::popup::centred;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

pub struct ConsoleOverlay<'a> {
    pub play: &'a Play,
    pub theme: &'a Theme,
}

/// A list row: "› label", selected or not, with a dim detail under it.
fn row(
    doc: &mut Doc,
    marks: &mut Vec<usize>,
    selected: bool,
    label: String,
    detail: &str,
    t: &Theme,
) {
    marks.push(doc.mark());
    let glyph = if selected { "›" } else { " " };
    let segments = vec![(format!("{glyph} {label}"), t.text)];
    if selected {
        doc.styled_segments(0, 2, segments, t.selected);
    } else {
        doc.segments(0, 2, segments);
    }
    if !detail.is_empty() {
        doc.text(4, detail.to_string(), t.dim);
    }
    marks.push(doc.mark());
}

/// A text field being typed: the text and a cursor.
fn field_line(text: &str, t: &Theme) -> Vec<(String, ratatui::style::Style)> {
    vec![
        ("> ".into(), t.heading),
        (text.to_string(), t.input),
        ("▏".into(), t.text),
    ]
}

impl Widget for &ConsoleOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let play = self.play;
        let t = self.theme;
        let Some(console) = &play.facilitation.console else {
            return;
        };
        let session = &play.session;
        let c = &session.compiled;
        let s = &session.state;
        let ex = &c.exercise;
        let mut doc = Doc::new();
        let mut marks: Vec<usize> = Vec::new();
        let sel = console.selected;
        let stage = &ex.stages[s.stage as usize];
        match console.step {
            ConsoleStep::Menu => {
                if let Some(cue) = &stage.cue {
                    let key = tr!("agenda.cue");
                    let width = crate::tui::widgets::doc::width_of(key).max(3) + 1;
                    doc.field(0, key, width, cue.clone(), t.heading, t.dim);
                    doc.blank();
                }
                let ended = s.is_ended();
                for (i, item) in ConsoleItem::ALL.iter().enumerate() {
                    let mut label = item.label(s.paused).to_string();
                    if ended && item.needs_running() {
                        label.push_str(tr!("console.not_after_ending"));
                    }
                    row(&mut doc, &mut marks, i == sel, label, "", t);
                }
            }
            ConsoleStep::PickInject => {
                doc.text(0, tr!("console.pick_inject"), t.dim);
                for (i, inject) in ex.injects.iter().enumerate() {
                    let to = inject
                        .role
                        .as_deref()
                        .and_then(|r| c.role_index(r))
                        .map(|r| tr!("event.inject.to", role = play.label(r)))
                        .unwrap_or_default();
                    let last = s.inject_last.get(i).copied().unwrap_or(0);
                    let kind = match &inject.trigger {
                        Trigger::Stage(stage) => tr!(
                            "console.trigger.stage",
                            stage = ex
                                .stages
                                .iter()
                                .find(|st| st.id == *stage)
                                .map_or(stage.as_str(), |st| st.title.as_str())
                        ),
                        Trigger::Turn(t) => tr!("console.trigger.turn", turn = t),
                        Trigger::When(_) => tr!("cause.contingency").to_string(),
                        Trigger::Random { percent, .. } => tr!(
                            "console.trigger.chance",
                            likelihood = describe::likelihood(*percent)
                        ),
                        Trigger::Manual => tr!("console.trigger.manual").to_string(),
                    };
                    let when = if last > 0 {
                        tr!("console.last_fired", kind = kind, turn = last)
                    } else {
                        tr!("console.not_fired", kind = kind)
                    };
                    row(
                        &mut doc,
                        &mut marks,
                        i == sel,
                        format!("{}{to}", inject.title),
                        &when,
                        t,
                    );
                }
            }
            ConsoleStep::InjectText => {
                doc.text(0, tr!("console.type_inject"), t.text);
                doc.blank();
                doc.segments(0, 2, field_line(&console.field.text, t));
            }
            ConsoleStep::PickIndicator => {
                doc.text(0, tr!("console.pick_indicator"), t.dim);
                for slot in 0..c.slots.len() as u32 {
                    let value = describe::observed_value(c, s, slot);
                    row(
                        &mut doc,
                        &mut marks,
                        slot as usize == sel,
                        format!("{} — {value}", c.slot_label(slot)),
                        "",
                        t,
                    );
                }
            }
            ConsoleStep::Amount { slot } => {
                let info = c.slots[slot as usize];
                doc.text(
                    0,
                    tr!(
                        "console.amount",
                        indicator = c.slot_label(slot),
                        min = info.min,
                        max = info.max
                    ),
                    t.text,
                );
                doc.blank();
                doc.segments(0, 2, field_line(&console.field.text, t));
            }
            ConsoleStep::AdjustReason { slot, by } => {
                doc.text(
                    0,
                    tr!(
                        "console.adjust_reason",
                        indicator = c.slot_label(slot),
                        by = describe::signed(by)
                    ),
                    t.text,
                );
                doc.blank();
                doc.segments(0, 2, field_line(&console.field.text, t));
            }
            ConsoleStep::Note => {
                doc.text(0, tr!("console.note", turn = s.turn), t.text);
                doc.blank();
                doc.segments(0, 2, field_line(&console.field.text, t));
            }
            ConsoleStep::PickTurn => {
                doc.text(0, tr!("console.pick_turn"), t.dim);
                for record in &session.turns {
                    let current = if record.turn == s.turn {
                        tr!("console.this_turn")
                    } else {
                        ""
                    };
                    row(
                        &mut doc,
                        &mut marks,
                        (record.turn as usize) == sel + 1,
                        format!(
                            "{}{current}",
                            tr!(
                                "title.turn",
                                turn = record.turn,
                                stage = describe::stage_title(c, record.stage)
                            )
                        ),
                        "",
                        t,
                    );
                }
            }
            ConsoleStep::PickStage => {
                doc.text(0, tr!("console.pick_stage"), t.dim);
                for (i, st) in ex.stages.iter().enumerate() {
                    let here = if i as u32 == s.stage {
                        tr!("console.now")
                    } else {
                        ""
                    };
                    row(
                        &mut doc,
                        &mut marks,
                        i == sel,
                        format!("{}{here}", st.title),
                        "",
                        t,
                    );
                }
            }
            ConsoleStep::ConfirmConclude => {
                doc.text(0, tr!("console.conclude"), t.heading);
                doc.blank();
                doc.text(0, tr!("console.conclude_how"), t.text);
            }
        }
        let width = 70.min(area.width);
        let needed = doc.wrap(width.saturating_sub(2), t).lines.len() as u16 + 2;
        let rect = centred(area, width, needed.clamp(8, area.height));
        Clear.render(rect, buf);
        let title = tr!(
            "console.title",
            turn = s.turn,
            stage = describe::stage_title(c, s.stage)
        );
        let block = Block::bordered()
            .border_style(t.border_focus)
            .title(Line::from(Span::styled(title, t.heading)));
        let inner = block.inner(rect);
        block.render(rect, buf);
        let wrapped = doc.wrap_marked(inner.width, t, &mut marks);
        let top = match (marks.get(sel * 2), marks.get(sel * 2 + 1)) {
            (Some(&start), Some(&end)) => keep_visible(start, end, usize::from(inner.height)),
            _ => 0,
        };
        render_lines(&wrapped.lines, top, inner, buf, t, None, None);
    }
}
