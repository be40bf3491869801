//! The agenda: an overlay on a for the facilitator. Where the room stands against the
//! session plan, the time left, and "what to say next" — the stage's cue, the
//! facilitator's notes on this turn's options, what to look for in this turn's injects,
//! and the observation notes taken so far. Kept in an overlay, never on the main screen,
//! so a projected turn shows only what every delegation may see.
//!
//! ```text
//! ┌Agenda — 60-minute plan──────────────────────────────────────────────────────┐
//! │Elapsed 0:21:30 of 1:00:00 · on plan · after this turn, time for about 3    │
//! │more turns before the hot wash.                                              │
//! │  ✓ Briefing          8:00   took 6:10                                       │
//! │  › Turn 2            5:30   2:10 so far                                     │
//! │    Turns 3–5         5:30 each                                              │
//! │    Hot wash         15:00                                                   │
//! │What to say next — Day 2: survivors ashore                                   │
//! │  Cue: Ask each delegation ...                                               │
//! └─────────────────────────────────────────────────────────────────────────────┘
//! ```

use crate::describe;
use crate::engine::{Action, Event};
use crate::session::plan::PlanPhase;
use crate::tr;
use crate::tui::app::Play;
use crate::tui::theme::Theme;
use crate::tui::timer::clock;
use crate::tui::widgets::doc::{Doc, ScrollDoc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

pub struct AgendaOverlay<'a> {
    pub play: &'a Play,
    pub theme: &'a Theme,
}

/// Where the room stands against the plan: "on plan", "4 min behind plan", ...
pub fn standing(play: &Play) -> Option<String> {
    let f = &play.facilitation;
    let plan = f.plan.as_ref()?;
    let phase = play.phase();
    let elapsed = f.clock.elapsed_secs(f.now) as i64;
    let in_phase = f
        .timer_for(phase)
        .map_or(0, |t| t.elapsed(f.now).as_secs() as i64);
    let box_secs = i64::from(plan.seconds(phase));
    // Where the plan would have the room after this long in the current part.
    let planned = i64::from(plan.planned_start(phase)) + in_phase.min(box_secs);
    let lag = elapsed - planned;
    Some(if lag >= 60 {
        tr!("agenda.behind", minutes = lag / 60)
    } else if lag <= -60 {
        tr!("agenda.ahead", minutes = -lag / 60)
    } else {
        tr!("agenda.on_plan").to_string()
    })
}

pub fn agenda_doc(play: &Play, t: &Theme) -> Doc {
    let f = &play.facilitation;
    let session = &play.session;
    let c = &session.compiled;
    let s = &session.state;
    let phase = play.phase();
    let mut doc = Doc::new();
    let elapsed = f.clock.elapsed_secs(f.now) as i64;
    match &f.plan {
        Some(plan) => {
            doc.text(
                0,
                tr!(
                    "agenda.plan",
                    minutes = plan.minutes,
                    briefing = crate::pack::duration(plan.briefing_seconds),
                    turns = plan.turns,
                    turn = crate::pack::duration(plan.turn_seconds),
                    hot_wash = crate::pack::duration(plan.hot_wash_seconds),
                ),
                t.text,
            );
            let total = i64::from(plan.total_seconds());
            let mut line = tr!(
                "agenda.elapsed",
                elapsed = clock(elapsed),
                total = clock(total),
                left = clock(total - elapsed),
                standing = standing(play).unwrap_or_default()
            );
            if let PlanPhase::Turn(_) = phase {
                let in_phase = f
                    .timer_for(phase)
                    .map_or(0, |t| t.elapsed(f.now).as_secs() as i64);
                let end_of_turn =
                    (elapsed + i64::from(plan.turn_seconds) - in_phase).max(elapsed) as u32;
                let more = plan.turns_that_fit(end_of_turn);
                if more == 0 {
                    line.push_str(&tr!(
                        "agenda.conclude_after",
                        hot_wash = clock(i64::from(plan.hot_wash_seconds))
                    ));
                } else {
                    line.push_str(&tr!("agenda.more_turns", more = more));
                }
            }
            doc.text(0, format!("{line}."), t.heading);
            doc.blank();
            phases(&mut doc, play, t);
        }
        None => {
            doc.text(0, tr!("agenda.no_plan", elapsed = clock(elapsed)), t.text);
        }
    }

    doc.heading(match phase {
        PlanPhase::HotWash => tr!("agenda.next.hot_wash").to_string(),
        _ => tr!("agenda.next", stage = describe::stage_title(c, s.stage)),
    });
    match phase {
        PlanPhase::Briefing => {
            doc.text(2, tr!("agenda.cue.briefing"), t.text);
        }
        PlanPhase::HotWash => {
            doc.text(2, tr!("agenda.cue.hot_wash"), t.text);
        }
        PlanPhase::Turn(_) => cues(&mut doc, play, t),
    }

    let notes: Vec<&str> = session
        .turns
        .last()
        .map(|r| {
            r.actions
                .iter()
                .filter_map(|a| match a {
                    Action::Note { text } => Some(text.as_str()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if !notes.is_empty() {
        doc.heading(tr!("agenda.notes", turn = s.turn));
        for note in notes {
            doc.bullet(2, "•", note.to_string(), t.text);
        }
    }

    doc.heading(tr!("agenda.roster"));
    for (r, d) in f.roster.iter().enumerate() {
        let mut parts = Vec::new();
        if !d.members.is_empty() {
            parts.push(d.members.join(", "));
        }
        if let Some(agency) = &d.agency {
            parts.push(agency.clone());
        }
        let who = match session.controllers.get(r) {
            Some(crate::session::Controller::Persona(p)) => {
                tr!("agenda.computer", persona = describe::persona_name(*p))
            }
            _ => String::new(),
        };
        doc.field(
            2,
            play.label(r as u32),
            16,
            if parts.is_empty() {
                tr!("agenda.no_names", who = who)
            } else {
                format!("{}{who}", parts.join(" · "))
            },
            t.heading,
            t.text,
        );
    }
    if !f.observers.is_empty() {
        doc.field(
            2,
            tr!("setup.row.observers"),
            16,
            f.observers.join(", "),
            t.heading,
            t.text,
        );
    }
    doc
}

/// A part's name padded to the plan's first column (16 cells, more if the name is longer).
fn pad16(label: &str) -> String {
    let pad = 16usize.saturating_sub(crate::tui::widgets::doc::width_of(label));
    format!("{label}{}", " ".repeat(pad))
}

/// The parts of the plan with their time boxes: done, under way, to come.
fn phases(doc: &mut Doc, play: &Play, t: &Theme) {
    let f = &play.facilitation;
    let Some(plan) = &f.plan else {
        return;
    };
    let current = play.phase();
    let current_turn = match current {
        PlanPhase::Turn(n) => n,
        PlanPhase::Briefing => 0,
        PlanPhase::HotWash => play.session.state.turn,
    };
    let last_turn = plan.turns.max(current_turn);
    let mut list: Vec<PlanPhase> = vec![PlanPhase::Briefing];
    list.extend((1..=last_turn).map(PlanPhase::Turn));
    list.push(PlanPhase::HotWash);
    let mut k = 0;
    while k < list.len() {
        let p = list[k];
        let boxed = clock(i64::from(plan.seconds(p)));
        if p == current {
            let so_far = f
                .timer_for(p)
                .map_or(0, |t| t.elapsed(f.now).as_secs() as i64);
            doc.segments(
                2,
                20,
                vec![(
                    format!(
                        "› {}{boxed:>6}   {}",
                        pad16(&p.label()),
                        tr!("agenda.so_far", time = clock(so_far))
                    ),
                    t.heading,
                )],
            );
        } else if p < current {
            let took = f.clock.took(p).map_or_else(
                || tr!("agenda.skipped").to_string(),
                |s| tr!("agenda.took", time = clock(s as i64)),
            );
            doc.text(
                2,
                format!("✓ {}{boxed:>6}   {took}", pad16(&p.label())),
                t.dim,
            );
        } else if let PlanPhase::Turn(a) = p {
            // Turns to come, in one line.
            let mut b = a;
            while let Some(PlanPhase::Turn(n)) = list.get(k + 1) {
                b = *n;
                k += 1;
            }
            let label = if a == b {
                tr!("plan.turn", turn = a)
            } else {
                tr!("agenda.turns", from = a, to = b)
            };
            let each = if a == b { "" } else { tr!("agenda.each") };
            doc.text(2, format!("  {}{boxed:>6}{each}", pad16(&label)), t.text);
        } else {
            doc.text(2, format!("  {}{boxed:>6}", pad16(&p.label())), t.text);
        }
        k += 1;
    }
}

/// The facilitator guide for this turn: cue, notes on the options, injects to watch.
fn cues(doc: &mut Doc, play: &Play, t: &Theme) {
    let session = &play.session;
    let c = &session.compiled;
    let s = &session.state;
    let ex = &c.exercise;
    let stage = &ex.stages[s.stage as usize];
    match &stage.cue {
        Some(cue) => {
            let key = tr!("agenda.cue");
            let width = crate::tui::widgets::doc::width_of(key).max(3) + 1;
            doc.field(2, key, width, cue.clone(), t.heading, t.text)
        }
        None => doc.text(2, tr!("agenda.no_cue"), t.dim),
    };
    let notes: Vec<String> = stage
        .decisions
        .iter()
        .flat_map(|d| {
            let role = c.role_index(&d.role).unwrap_or(0);
            d.options.iter().filter_map(move |o| {
                o.note.as_ref().map(|n| {
                    let option = format!("{} — {}", play.label(role), o.label);
                    format!("{} {n}", tr!("label.colon", text = option))
                })
            })
        })
        .collect();
    if !notes.is_empty() {
        doc.text(2, tr!("agenda.on_options"), t.dim);
        for note in notes {
            doc.bullet(4, "•", note, t.text);
        }
    }
    let fired: Vec<u32> = session
        .turns
        .last()
        .map(|r| {
            r.events
                .iter()
                .filter_map(|e| match e {
                    Event::InjectFired { inject, .. } => Some(*inject),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if !fired.is_empty() {
        doc.text(2, tr!("agenda.injects"), t.dim);
        for inject in fired {
            let i = &ex.injects[inject as usize];
            let mut text = i.title.clone();
            if !i.expected.is_empty() {
                text.push_str(&tr!(
                    "agenda.look_for",
                    items = i.expected.join(tr!("list.separator"))
                ));
            }
            if !i.learning.is_empty() {
                text.push_str(&tr!(
                    "agenda.learning",
                    items = i.learning.join(tr!("list.separator"))
                ));
            }
            if let Some(minutes) = i.time_box_minutes {
                text.push_str(&tr!("agenda.about_minutes", minutes = minutes));
            }
            doc.bullet(4, "•", text, t.text);
        }
    }
}

impl Widget for &AgendaOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let play = self.play;
        let t = self.theme;
        let Some(scroll) = play.facilitation.agenda else {
            return;
        };
        let rect = area;
        Clear.render(rect, buf);
        let title = match &play.facilitation.plan {
            Some(plan) => tr!("agenda.title", minutes = plan.minutes),
            None => tr!("agenda.title.no_plan").to_string(),
        };
        let block = Block::bordered()
            .border_style(t.border_focus)
            .title(Line::styled(title, t.heading));
        let doc = agenda_doc(play, t);
        ScrollDoc::new(&doc, scroll, t)
            .block(block)
            .report(&play.max_scroll, &play.page)
            .render(rect, buf);
    }
}
