//! Pass the keyboard: the screen between two delegations. It draws nothing private — no
//! brief, no choice made this turn — only whose turn it is, so the previous delegation's
//! private view is gone before the next one sits down.
//!
//! ```text
//! ┌Pass the keyboard──────────────────────────────────────────────────────────┐
//! │                                                                           │
//! │               Brinn delegation — press Enter when ready                   │
//! │                 Turn 1 · Day 1: a boat in distress                        │
//! │                                                                           │
//! │      Hand the keyboard to Brinn. Nothing private is on screen until       │
//! │      Brinn presses Enter; the previous delegation's view is cleared.      │
//! │                                                                           │
//! │               Decided this turn: Alda · still to decide: Corva            │
//! └───────────────────────────────────────────────────────────────────────────┘
//! ```

use super::pane;
use crate::describe;
use crate::engine::step::roles_awaiting;
use crate::tui::app::Play;
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::wrap_segments;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct HandOffView<'a> {
    pub play: &'a Play,
    pub theme: &'a Theme,
}

/// "Decided this turn: Alda · still to decide: Brinn, Corva" — names only, never choices.
pub fn progress_line(play: &Play) -> Option<String> {
    let c = &play.session.compiled;
    let s = &play.session.state;
    let stage = &c.stages[s.stage as usize];
    let deciding: Vec<u32> = stage
        .decisions
        .clone()
        .map(|d| c.decisions[d as usize].role)
        .collect();
    if deciding.is_empty() {
        return None;
    }
    let awaiting = roles_awaiting(c, s);
    let done: Vec<&str> = deciding
        .iter()
        .filter(|r| s.choices[**r as usize].is_some())
        .map(|&r| play.label(r))
        .collect();
    let left: Vec<&str> = awaiting.iter().map(|&r| play.label(r)).collect();
    let mut parts = Vec::new();
    if !done.is_empty() {
        parts.push(crate::tr!("handoff.decided", roles = done.join(", ")));
    }
    if !left.is_empty() {
        parts.push(if parts.is_empty() {
            crate::tr!("handoff.still_to_decide_first", roles = left.join(", "))
        } else {
            crate::tr!("handoff.still_to_decide", roles = left.join(", "))
        });
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

impl Widget for &HandOffView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let play = self.play;
        let t = self.theme;
        let c = &play.session.compiled;
        let s = &play.session.state;
        let block = pane(crate::tr!("handoff.title"), t, true);
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(role) = play.acting else {
            return;
        };
        let label = play.label(role);
        let mut lines = vec![
            Line::raw(""),
            Line::styled(crate::tr!("handoff.ready", role = label), t.heading),
            Line::styled(
                crate::tr!(
                    "title.turn",
                    turn = s.turn,
                    stage = describe::stage_title(c, s.stage)
                ),
                t.text,
            ),
            Line::raw(""),
            Line::styled(crate::tr!("handoff.hand_over", role = label), t.text),
        ];
        if let Some(d) = play.facilitation.roster.get(role as usize)
            && !d.members.is_empty()
        {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                crate::tr!("handoff.at_keyboard", members = d.members.join(", ")),
                t.dim,
            ));
        }
        if let Some(progress) = progress_line(play) {
            lines.push(Line::raw(""));
            lines.push(Line::styled(progress, t.dim));
        }
        // Centred on the screen, so it reads from across the table.
        let height = lines
            .iter()
            .map(|l| {
                let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                wrap_segments(&[(text, t.text)], 0, 0, usize::from(inner.width)).len()
            })
            .sum::<usize>()
            .min(usize::from(inner.height)) as u16;
        let paragraph = Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        let top = (inner.height - height) / 2;
        let area = Rect {
            y: inner.y + top.saturating_sub(1),
            height: inner.height - top.saturating_sub(1),
            ..inner
        };
        paragraph.render(area, buf);
    }
}
