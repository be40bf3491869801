//! The hot wash: the guiding questions (a)–(d), one at a time, with the group's decisions
//! and reasons beside each — the choices that bear on the question (by their tags and
//! frameworks), or every choice when none does.
//!
//! ```text
//!  ›(a) objectives │ (b) tools │ (c) cooperation │ (d) communication
//! ┌Hot wash — question (a)──────────────────────────────────────────────────────┐
//! │Which objectives did each state pursue?                                      │
//! │Look for: the choices tagged control or protection, and the reasons given.   │
//! └─────────────────────────────────────────────────────────────────────────────┘
//! ┌The group's decisions and reasons────────────────────────────────────────────┐
//! │Turn 1 · Day 1: a boat in distress                                           │
//! │  Alda: Send consular staff                                                  │
//! │    reason: our citizens first                                               │
//! │    Tags: protection, cooperation                                            │
//! └─────────────────────────────────────────────────────────────────────────────┘
//! ```

use super::pane;
use super::resolution::{choices, reason_for};
use crate::describe::{self, event_line};
use crate::engine::Event;
use crate::scenario::model::Tag;
use crate::tui::app::Play;
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, ScrollDoc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The questions' short names (ids in the string tables).
pub const QUESTION_NAMES: [&str; 4] = [
    "hotwash.q.objectives",
    "hotwash.q.tools",
    "hotwash.q.cooperation",
    "hotwash.q.communication",
];

pub struct HotWashView<'a> {
    pub play: &'a Play,
    pub theme: &'a Theme,
}

/// The question's text and what to look for in the choices.
fn question(play: &Play, index: usize) -> (String, &'static str) {
    let q = &play.session.compiled.exercise.debrief.questions;
    match index {
        0 => (q.objectives.clone(), crate::tr!("hotwash.look.objectives")),
        1 => (q.tools.clone(), crate::tr!("hotwash.look.tools")),
        2 => (
            q.cooperation.clone(),
            crate::tr!("hotwash.look.cooperation"),
        ),
        _ => (
            q.communication.clone(),
            crate::tr!("hotwash.look.communication"),
        ),
    }
}

/// Whether an option's tags and frameworks bear on a question.
fn bears_on(index: usize, tags: &[Tag], frameworks: &[String]) -> bool {
    match index {
        0 => tags.contains(&Tag::Control) || tags.contains(&Tag::Protection),
        1 => !frameworks.is_empty(),
        2 => tags.contains(&Tag::Cooperation),
        _ => tags.contains(&Tag::Communication),
    }
}

/// The decisions and reasons beside question `index`.
pub fn decisions_doc(play: &Play, index: usize, t: &Theme) -> Doc {
    let session = &play.session;
    let c = &session.compiled;
    let s = &session.state;
    let mut doc = Doc::new();
    let any = session.turns.iter().any(|record| {
        choices(record).iter().any(|&(_, option)| {
            let o = c.option_model(option);
            bears_on(index, &o.tags, &o.frameworks)
        })
    });
    if !any {
        doc.text(0, crate::tr!("hotwash.no_bearing"), t.dim);
    }
    for record in &session.turns {
        let chosen: Vec<(u32, u32)> = choices(record)
            .into_iter()
            .filter(|&(_, option)| {
                let o = c.option_model(option);
                !any || bears_on(index, &o.tags, &o.frameworks)
            })
            .collect();
        let agreements: Vec<String> = if index == 2 {
            record
                .events
                .iter()
                .filter(|e| {
                    matches!(
                        e,
                        Event::OfferAnswered { .. } | Event::AgreementBroken { .. }
                    )
                })
                .filter_map(|e| event_line(c, s, e))
                .collect()
        } else {
            Vec::new()
        };
        if chosen.is_empty() && agreements.is_empty() {
            continue;
        }
        doc.heading(crate::tr!(
            "title.turn",
            turn = record.turn,
            stage = describe::stage_title(c, record.stage)
        ));
        for (role, option) in chosen {
            let o = c.option_model(option);
            doc.text(
                2,
                crate::tr!("choice.line", role = play.label(role), option = o.label),
                t.text,
            );
            match reason_for(play, record, role) {
                Some(reason) => {
                    doc.text(4, crate::tr!("resolution.reason", reason = reason), t.text)
                }
                None => doc.text(4, crate::tr!("hotwash.no_reason"), t.dim),
            };
            // Frameworks matter to question (b); elsewhere the tags say enough.
            let frameworks: &[String] = if index == 1 { &o.frameworks } else { &[] };
            let tags = super::decision::tags_line(&o.tags, frameworks);
            if !tags.is_empty() {
                doc.text(4, tags, t.dim);
            }
        }
        for line in agreements {
            doc.text(2, line, t.text);
        }
    }
    if session.turns.is_empty() {
        doc.text(0, crate::tr!("hotwash.no_turn"), t.dim);
    }
    doc
}

impl Widget for &HotWashView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let play = self.play;
        let t = self.theme;
        let index = play.facilitation.question.min(3);
        let [tabs, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let mut spans = vec![Span::raw(" ")];
        for (i, name) in QUESTION_NAMES
            .iter()
            .map(|id| crate::i18n::t(id))
            .enumerate()
        {
            if i > 0 {
                spans.push(Span::styled("│", t.dim));
            }
            let letter = (b'a' + i as u8) as char;
            let label = if i == index {
                format!("›({letter}) {name} ")
            } else {
                format!(" ({letter}) {name} ")
            };
            spans.push(Span::styled(
                label,
                if i == index { t.tab_active } else { t.tab },
            ));
        }
        buf.set_line(tabs.x, tabs.y, &Line::from(spans), tabs.width);
        let (text, look_for) = question(play, index);
        let mut q = Doc::new();
        q.text(0, text, t.heading);
        q.text(0, look_for, t.dim);
        // The question takes the rows it needs, up to three fifths of the screen.
        let needed = q.wrap(body.width.saturating_sub(2), t).lines.len() as u16 + 2;
        let top_height = needed.min(body.height * 3 / 5).max(3);
        let [left, right] =
            Layout::vertical([Constraint::Length(top_height), Constraint::Min(0)]).areas(body);
        let letter = (b'a' + index as u8) as char;
        ScrollDoc::new(&q, 0, t)
            .block(pane(
                &crate::tr!("hotwash.question", letter = letter),
                t,
                false,
            ))
            .render(left, buf);
        let doc = decisions_doc(play, index, t);
        ScrollDoc::new(&doc, play.scroll, t)
            .block(pane(crate::tr!("hotwash.decisions"), t, true))
            .report(&play.max_scroll, &play.page)
            .render(right, buf);
    }
}
