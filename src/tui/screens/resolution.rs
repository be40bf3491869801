//! What happened in a turn: every role's choice (and reason), agreements, the changes on
//! both ledgers, chance draws as likelihood bands, injects, delayed effects, reveals,
//! the tags and frameworks of each chosen option, and where the story goes next.
//!
//! ```text
//! ┌Turn 1 resolved — Day 1: a boat in distress─────────────────────────────┐
//! │What everyone chose                                                      │
//! │  Alda (you): Send consular staff                                        │
//! │    reason: our citizens first                                           │
//! │Agreements                                                               │
//! │  Agreement: Corva accepts "Shared disembarkation" from Brinn            │
//! │Changes                                                                  │
//! │  Control    Arrivals 0 → 130 (+130)                                     │
//! │What happened                                                            │
//! │  Chance: A second boat — about as likely as not (40%): it happened      │
//! │Tags and frameworks                                                      │
//! │  Alda — Send consular staff: Tags: protection, cooperation · ...        │
//! │Next: Day 2: survivors ashore                                            │
//! └─────────────────────────────────────────────────────────────────────────┘
//! ```

use super::decision::tags_line;
use super::fitted_pane;
use super::situation::change_lines;
use crate::describe::{self, event_line};
use crate::engine::{Action, Event};
use crate::session::TurnRecord;
use crate::tr;
use crate::tui::app::Play;
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, ScrollDoc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub struct ResolutionView<'a> {
    pub play: &'a Play,
    pub turn: u32,
    pub theme: &'a Theme,
}

/// The reason given with a role's decision in a turn, if any.
pub fn reason_for(play: &Play, record: &TurnRecord, role: u32) -> Option<String> {
    let id = &play.session.compiled.exercise.roles[role as usize].id;
    record.actions.iter().rev().find_map(|a| match a {
        Action::Decide {
            role: r, reason, ..
        } if r == id => reason.clone(),
        _ => None,
    })
}

/// The last choice of each role in a turn, in role order.
pub fn choices(record: &TurnRecord) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for e in &record.events {
        match e {
            Event::Decided { role, option } => {
                out.retain(|(r, _)| r != role);
                out.push((*role, *option));
            }
            Event::DecisionWithdrawn { role } => out.retain(|(r, _)| r != role),
            _ => {}
        }
    }
    out.sort_unstable();
    out
}

pub fn resolution_doc(play: &Play, turn: u32, theme: &Theme) -> Doc {
    let t = theme;
    let c = &play.session.compiled;
    let s = &play.session.state;
    let mut doc = Doc::new();
    let Some(record) = play.session.turns.iter().find(|r| r.turn == turn) else {
        doc.text(0, tr!("resolution.not_in_record"), t.dim);
        return doc;
    };
    let resolving = record
        .events
        .iter()
        .position(|e| matches!(e, Event::Resolving { .. }))
        .unwrap_or(record.events.len());
    let (before, after) = record.events.split_at(resolving);

    doc.heading(tr!("resolution.chose"));
    let chosen = choices(record);
    if chosen.is_empty() {
        doc.text(2, tr!("resolution.nobody_decided"), t.dim);
    }
    for &(role, option) in &chosen {
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

    let agreements: Vec<String> = record
        .events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::OfferMade { .. }
                    | Event::OfferAnswered { .. }
                    | Event::AgreementBroken { .. }
            )
        })
        .filter_map(|e| event_line(c, s, e))
        .collect();
    if !agreements.is_empty() {
        doc.heading(tr!("resolution.agreements"));
        for line in agreements {
            doc.text(2, line, t.text);
        }
    }

    doc.heading(tr!("resolution.changes"));
    if describe::net_changes(after).is_empty() {
        doc.text(2, tr!("resolution.no_change"), t.dim);
    } else {
        change_lines(&mut doc, play, after, 2, t);
    }

    let happened: Vec<String> = after
        .iter()
        .filter(|e| {
            !matches!(
                e,
                Event::Transitioned { .. }
                    | Event::Ended { .. }
                    | Event::OfferMade { .. }
                    | Event::OfferAnswered { .. }
                    | Event::AgreementBroken { .. }
            )
        })
        .filter_map(|e| event_line(c, s, e))
        .collect();
    let mid_turn: Vec<String> = before
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::Adjusted { .. }
                    | Event::InjectFired {
                        cause: crate::engine::InjectCause::Facilitator,
                        ..
                    }
            )
        })
        .filter_map(|e| event_line(c, s, e))
        .collect();
    if !happened.is_empty() || !mid_turn.is_empty() {
        doc.heading(tr!("resolution.what_happened"));
        for line in mid_turn.into_iter().chain(happened) {
            doc.text(2, line, t.text);
        }
    }

    if !chosen.is_empty() {
        doc.heading(tr!("resolution.tags"));
        for &(role, option) in &chosen {
            let o = c.option_model(option);
            let tags = tags_line(&o.tags, &o.frameworks);
            let tags = if tags.is_empty() {
                tr!("resolution.no_tags").to_string()
            } else {
                tags
            };
            doc.text(
                2,
                format!("{} — {}", describe::role_name(c, role), o.label),
                t.text,
            );
            doc.text(4, tags, t.dim);
        }
    }

    doc.blank();
    for e in after {
        if let Event::Transitioned { .. } = e
            && let Some(line) = event_line(c, s, e)
        {
            doc.text(0, line, t.heading);
        }
    }
    let next = if s.is_ended() {
        tr!("resolution.enter_ending")
    } else {
        tr!("resolution.enter_next")
    };
    doc.text(0, next, t.dim);
    doc
}

impl Widget for &ResolutionView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let c = &self.play.session.compiled;
        let stage = self
            .play
            .session
            .turns
            .iter()
            .find(|r| r.turn == self.turn)
            .map(|r| describe::stage_title(c, r.stage).to_string())
            .unwrap_or_default();
        let doc = resolution_doc(self.play, self.turn, self.theme);
        ScrollDoc::new(&doc, self.play.scroll, self.theme)
            .block(fitted_pane(
                &tr!("resolution.title", turn = self.turn, stage = stage),
                area.width,
                self.theme,
                true,
            ))
            .report(&self.play.max_scroll, &self.play.page)
            .render(area, buf);
    }
}
