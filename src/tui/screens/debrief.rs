//! The debrief, in tabs: the trajectory of every indicator (true values), hidden values
//! revealed, the timeline of choices and reasons, the guiding questions, good practices,
//! what happened in reality, and the objectives-and-obligations table.
//!
//! ```text
//!  Trajectory │ Hidden │ Timeline │ Questions │ Practice │ Reality │ Obligations
//! ┌Debrief — ended at turn 2: Responsibility shared─────────────────────────┐
//! │Control                                                                  │
//! │  Arrivals                 ▁▆█   0 → 160 people                          │
//! │Protection                                                               │
//! │  Protection needs unmet   █▁▁   10 → 5 (hidden during play)             │
//! └─────────────────────────────────────────────────────────────────────────┘
//! ```

use super::briefing::obligations;
use super::fitted_pane;
use super::resolution::{choices, reason_for};
use crate::describe::{self, event_line, framework_names};
use crate::engine::Event;
use crate::tr;
use crate::tui::app::{DEBRIEF_TABS, Play};
use crate::tui::theme::Theme;
use crate::tui::widgets::dashboard::series;
use crate::tui::widgets::doc::{Doc, ScrollDoc, width_of};
use crate::tui::widgets::spark::sparkline;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub struct DebriefView<'a> {
    pub play: &'a Play,
    pub theme: &'a Theme,
}

/// The turn a hidden slot was revealed, if it was.
fn revealed_at(play: &Play, slot: u32) -> Option<u32> {
    play.session
        .turns
        .iter()
        .find(|r| {
            r.events
                .iter()
                .any(|e| matches!(e, Event::Revealed { slot: s, .. } if *s == slot))
        })
        .map(|r| r.turn)
}

fn trajectory(doc: &mut Doc, play: &Play, t: &Theme) {
    let c = &play.session.compiled;
    let s = &play.session.state;
    let slots = c.slots.len() as u32;
    let key_width = (0..slots)
        .map(|k| width_of(&c.slot_label(k)))
        .max()
        .unwrap_or(10)
        .min(26);
    doc.text(0, tr!("debrief.trajectory.intro"), t.dim);
    for ledger in describe::LEDGERS {
        let mine: Vec<u32> = (0..slots)
            .filter(|&k| {
                c.exercise.indicators[c.slots[k as usize].indicator as usize].ledger == ledger
            })
            .collect();
        if mine.is_empty() {
            continue;
        }
        doc.heading(describe::ledger_name(ledger));
        for slot in mine {
            let values = series(&play.session, slot);
            let first = values.first().copied().unwrap_or_default();
            let last = s.cells[slot as usize];
            let hidden = if c.slots[slot as usize].hidden && revealed_at(play, slot).is_none() {
                tr!("debrief.hidden_during_play")
            } else {
                ""
            };
            doc.field(
                2,
                &c.slot_label(slot),
                key_width,
                format!(
                    "{}  {} → {}{hidden}",
                    sparkline(&values),
                    describe::grouped(first),
                    describe::with_unit(c, slot, last)
                ),
                t.text,
                t.text,
            );
        }
    }
}

fn hidden(doc: &mut Doc, play: &Play, t: &Theme) {
    let c = &play.session.compiled;
    let s = &play.session.state;
    let hidden: Vec<u32> = (0..c.slots.len() as u32)
        .filter(|&k| c.slots[k as usize].hidden)
        .collect();
    if hidden.is_empty() {
        doc.text(0, tr!("debrief.hidden.none"), t.dim);
        return;
    }
    doc.text(0, tr!("debrief.hidden.intro"), t.dim);
    let true_value = tr!("debrief.hidden.true_value");
    let players_saw = tr!("debrief.hidden.players_saw");
    let key_width = width_of(true_value).max(width_of(players_saw)).max(11) + 1;
    for slot in hidden {
        doc.heading(c.slot_label(slot));
        let truth = describe::with_unit(c, slot, s.cells[slot as usize]);
        doc.field(2, true_value, key_width, truth, t.dim, t.text);
        let seen = match revealed_at(play, slot) {
            Some(turn) => tr!("debrief.hidden.revealed_in", turn = turn),
            None => tr!("debrief.hidden.never_revealed").to_string(),
        };
        doc.field(2, players_saw, key_width, seen, t.dim, t.text);
    }
}

fn timeline(doc: &mut Doc, play: &Play, t: &Theme) {
    let c = &play.session.compiled;
    let s = &play.session.state;
    for record in &play.session.turns {
        doc.heading(tr!(
            "title.turn",
            turn = record.turn,
            stage = describe::stage_title(c, record.stage)
        ));
        for (role, option) in choices(record) {
            doc.text(
                2,
                crate::tr!(
                    "choice.line",
                    role = play.role_with_who(role),
                    option = describe::option_label(c, option)
                ),
                t.text,
            );
            if let Some(reason) = reason_for(play, record, role) {
                doc.text(4, tr!("resolution.reason", reason = reason), t.dim);
            }
        }
        for e in &record.events {
            if matches!(
                e,
                Event::InjectFired { .. }
                    | Event::OfferAnswered { .. }
                    | Event::AgreementBroken { .. }
                    | Event::DelayedLanded { .. }
            ) && let Some(line) = event_line(c, s, e)
            {
                doc.text(2, line, t.dim);
            }
        }
    }
}

fn questions(doc: &mut Doc, play: &Play, t: &Theme) {
    let q = &play.session.compiled.exercise.debrief.questions;
    doc.text(0, tr!("debrief.questions.intro"), t.dim);
    for (letter, text) in [
        ("(a)", &q.objectives),
        ("(b)", &q.tools),
        ("(c)", &q.cooperation),
        ("(d)", &q.communication),
    ] {
        doc.blank();
        doc.bullet(0, letter, text.clone(), t.text);
    }
}

fn practices(doc: &mut Doc, play: &Play, t: &Theme) {
    let ex = &play.session.compiled.exercise;
    if ex.debrief.good_practices.is_empty() {
        doc.text(0, tr!("debrief.practices.none"), t.dim);
    }
    for gp in &ex.debrief.good_practices {
        doc.heading(gp.title.clone());
        doc.text(2, gp.text.clone(), t.text);
        if !gp.frameworks.is_empty() {
            doc.text(
                2,
                tr!(
                    "decision.frameworks",
                    frameworks = framework_names(&gp.frameworks).join(tr!("list.separator"))
                ),
                t.dim,
            );
        }
    }
}

fn reality(doc: &mut Doc, play: &Play, t: &Theme) {
    let ex = &play.session.compiled.exercise;
    if ex.debrief.reality.is_empty() {
        doc.text(0, tr!("debrief.reality.none"), t.dim);
    }
    for case in &ex.debrief.reality {
        doc.heading(case.title.clone());
        for line in &case.text {
            doc.text(2, line.clone(), t.text);
        }
        if let Some(source) = &case.source {
            doc.text(2, tr!("debrief.source", source = source), t.dim);
        }
    }
}

pub fn debrief_doc(play: &Play, tab: usize, t: &Theme) -> Doc {
    let mut doc = Doc::new();
    match tab {
        0 => trajectory(&mut doc, play, t),
        1 => hidden(&mut doc, play, t),
        2 => timeline(&mut doc, play, t),
        3 => questions(&mut doc, play, t),
        4 => practices(&mut doc, play, t),
        5 => reality(&mut doc, play, t),
        _ => {
            let ex = &play.session.compiled.exercise;
            if ex.obligations.is_empty() {
                doc.text(0, tr!("debrief.obligations.none"), t.dim);
            }
            obligations(&mut doc, ex, t);
        }
    };
    doc
}

impl Widget for &DebriefView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let play = self.play;
        let t = self.theme;
        let c = &play.session.compiled;
        let s = &play.session.state;
        let [tabs_area, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let mut spans = vec![Span::raw(" ")];
        for (i, name) in DEBRIEF_TABS.iter().map(|id| crate::i18n::t(id)).enumerate() {
            if i > 0 {
                spans.push(Span::styled("│", t.dim));
            }
            let label = if i == play.pane {
                format!("›{name} ")
            } else {
                format!(" {name} ")
            };
            spans.push(Span::styled(
                label,
                if i == play.pane { t.tab_active } else { t.tab },
            ));
        }
        buf.set_line(
            tabs_area.x,
            tabs_area.y,
            &Line::from(spans),
            tabs_area.width,
        );
        let ending = match s.ending {
            Some(e) => describe::ending_title(c, e).to_string(),
            None => tr!("debrief.concluded").to_string(),
        };
        let title = tr!(
            "debrief.title",
            tab = crate::i18n::t(DEBRIEF_TABS[play.pane.min(DEBRIEF_TABS.len() - 1)]),
            turn = s.turn,
            ending = ending
        );
        let doc = debrief_doc(play, play.pane, t);
        ScrollDoc::new(&doc, play.scroll, t)
            .block(fitted_pane(&title, body.width, t, true))
            .report(&play.max_scroll, &play.page)
            .render(body, buf);
    }
}
