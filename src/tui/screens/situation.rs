//! The turn's situation and the dashboard. Tab shows the dashboard alone (for exercises
//! with many indicators).
//!
//! ```text
//! ┌Situation────────────────────────────────────────────────────────────────┐
//! │• A boat with 90 people has lost its engine.                             │
//! │Inject: The master's question — The master asks ... [scheduled]          │
//! │Pending: Court case on the delay — lands at turn 4                       │
//! │Next: Alda (you) decides — Enter                                         │
//! └─────────────────────────────────────────────────────────────────────────┘
//! ┌Control──────────────────────────────┐┌Protection────────────────────────┐
//! │...                                  ││...                               │
//! └─────────────────────────────────────┘└──────────────────────────────────┘
//! ┌Public───────────────────────────────┐┌Resources─────────────────────────┐
//! │...                                  ││...                               │
//! └─────────────────────────────────────┘└──────────────────────────────────┘
//! ```

use super::pane;
use crate::describe::{self, event_line, net_changes};
use crate::engine::Event;
use crate::tr;
use crate::tui::app::Play;
use crate::tui::theme::Theme;
use crate::tui::widgets::dashboard::Dashboard;
use crate::tui::widgets::doc::{Doc, ScrollDoc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

pub struct SituationView<'a> {
    pub play: &'a Play,
    pub theme: &'a Theme,
}

/// The events of a turn before anyone acted: what landed and fired at its start.
pub fn turn_start_events(events: &[Event]) -> &[Event] {
    let end = events
        .iter()
        .position(|e| {
            matches!(
                e,
                Event::Decided { .. }
                    | Event::OfferMade { .. }
                    | Event::OfferAnswered { .. }
                    | Event::Resolving { .. }
            )
        })
        .unwrap_or(events.len());
    &events[..end]
}

/// Net changes as lines, with a verdict where the exercise states a direction.
pub fn change_lines(doc: &mut Doc, play: &Play, events: &[Event], indent: usize, theme: &Theme) {
    let c = &play.session.compiled;
    let s = &play.session.state;
    // The ledgers' column fits the longest name in the language.
    let key_width = describe::LEDGERS
        .iter()
        .map(|l| crate::tui::widgets::doc::width_of(describe::ledger_name(*l)))
        .max()
        .unwrap_or(10)
        .max(10);
    for ledger in describe::LEDGERS {
        let changes: Vec<(u32, i32, i32)> = net_changes(events)
            .into_iter()
            .filter(|(slot, _, _)| {
                c.exercise.indicators[c.slots[*slot as usize].indicator as usize].ledger == ledger
            })
            .collect();
        for (k, (slot, before, after)) in changes.into_iter().enumerate() {
            let mut text = describe::change_text(c, s, slot, before, after);
            if s.observed(c, slot).is_some()
                && let Some(words) = describe::verdict_words(c, slot, after - before)
            {
                text.push_str(&format!(" — {words}"));
            }
            // The ledger's name once, over its first change.
            let key = if k == 0 {
                describe::ledger_name(ledger)
            } else {
                ""
            };
            doc.field(indent, key, key_width, text, theme.dim, theme.text);
        }
    }
}

/// What the facilitator put before the room this turn after it began: injects (from the
/// exercise or in their own words) and adjustments with their reasons. Notes are the
/// facilitator's own and stay off this screen.
pub fn facilitator_lines(play: &Play, record: &crate::session::TurnRecord) -> Vec<String> {
    let c = &play.session.compiled;
    let s = &play.session.state;
    let mut lines = Vec::new();
    let mut injects = record.events.iter().filter_map(|e| match e {
        Event::InjectFired {
            cause: crate::engine::InjectCause::Facilitator,
            ..
        } => event_line(c, s, e),
        _ => None,
    });
    for action in &record.actions {
        match action {
            crate::engine::Action::Inject { id: Some(_), .. } => lines.extend(injects.next()),
            crate::engine::Action::Inject {
                text: Some(text), ..
            } => lines.push(tr!("situation.facilitator_inject", text = text)),
            crate::engine::Action::Adjust { .. } => {
                lines.push(describe::action_line(c, record.stage, action))
            }
            _ => {}
        }
    }
    lines
}

pub fn situation_doc(play: &Play, theme: &Theme) -> Doc {
    let t = theme;
    let session = &play.session;
    let c = &session.compiled;
    let s = &session.state;
    let stage = &c.exercise.stages[s.stage as usize];
    let mut doc = Doc::new();
    for bullet in &stage.situation {
        doc.bullet(0, "•", bullet.clone(), t.text);
    }
    if let Some(record) = session.turns.last() {
        let start = turn_start_events(&record.events);
        // Facilitator injects and adjustments are listed on their own, below.
        let lines: Vec<String> = start
            .iter()
            .filter(|e| {
                !matches!(
                    e,
                    Event::Adjusted { .. }
                        | Event::Paused
                        | Event::Resumed
                        | Event::InjectFired {
                            cause: crate::engine::InjectCause::Facilitator,
                            ..
                        }
                )
            })
            .filter_map(|e| event_line(c, s, e))
            .collect();
        if !lines.is_empty() {
            doc.blank();
            for line in lines {
                doc.text(0, line, t.text);
            }
        }
        let mut changes = Doc::new();
        change_lines(&mut changes, play, start, 2, t);
        if !changes.is_empty() {
            doc.text(0, tr!("situation.since_turn_began"), t.dim);
            change_lines(&mut doc, play, start, 2, t);
        }
        let sent = facilitator_lines(play, record);
        if !sent.is_empty() {
            doc.blank();
            doc.text(0, tr!("situation.from_facilitator"), t.dim);
            for line in sent {
                doc.bullet(2, "•", line, t.text);
            }
        }
    }
    if !s.pending.is_empty() || !s.in_force.is_empty() {
        doc.blank();
    }
    for p in &s.pending {
        doc.text(
            0,
            tr!(
                "situation.pending",
                line = describe::pending_line(c, p.effect, p.due)
            ),
            t.text,
        );
    }
    for a in &s.in_force {
        doc.text(
            0,
            tr!(
                "situation.in_force",
                agreement = describe::agreement_title(c, a.agreement),
                from = describe::role_name(c, a.from),
                to = describe::role_name(c, a.to),
                turn = a.since
            ),
            t.text,
        );
    }
    doc.blank();
    let humans = session.humans_to_act();
    let next = if s.is_ended() {
        tr!("situation.ended").to_string()
    } else if humans.is_empty() {
        tr!("situation.nobody_decides").to_string()
    } else {
        let names: Vec<String> = humans.iter().map(|&r| play.role_with_who(r)).collect();
        tr!("situation.to_decide", roles = names.join(", "))
    };
    doc.text(0, next, t.heading);
    doc
}

impl Widget for &SituationView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let play = self.play;
        let t = self.theme;
        let dashboard = Dashboard {
            session: &play.session,
            theme: t,
            focused: play.pane == 1,
        };
        if play.pane == 1 {
            play.max_scroll.set(0);
            (&dashboard).render(area, buf);
            return;
        }
        let wanted = dashboard.height(area.width);
        let dash_height = wanted.min(area.height.saturating_sub(5));
        let doc = situation_doc(play, t);
        // The situation takes the rows it needs; the dashboard sits right under it.
        let needed = doc.wrap(area.width.saturating_sub(2), t).lines.len() as u16 + 2;
        let top_height = needed.max(5).min(area.height.saturating_sub(dash_height));
        let [top, bottom, _] = Layout::vertical([
            Constraint::Length(top_height),
            Constraint::Length(dash_height),
            Constraint::Min(0),
        ])
        .areas(area);
        let mut block = pane(tr!("situation.title"), t, true);
        if dash_height < wanted {
            block = block.title_bottom(ratatui::text::Line::styled(
                tr!("situation.whole_dashboard"),
                t.dim,
            ));
        }
        ScrollDoc::new(&doc, play.scroll, t)
            .block(block)
            .report(&play.max_scroll, &play.page)
            .render(top, buf);
        (&dashboard).render(bottom, buf);
    }
}
