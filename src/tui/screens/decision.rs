//! A person's move for one role: answer offers made to it, offer agreements, then choose
//! an option (the final move of the turn for that role). Tags and frameworks stay hidden
//! unless toggled with t. A one-line reason (r) goes with the decision; in a room
//! (projector, pass the keyboard) the reason is asked for right after the choice. On a
//! projector nothing private is drawn; passing the keyboard, b shows the private brief
//! of the delegation at the keyboard (behind the hand-off screen).
//!
//! ```text
//! ┌Alda decides — What does Alda do?────────────────────────────────────────┐
//! │Offers to you                                                            │
//! │› Accept "Shared disembarkation" from Brinn                              │
//! │    Survivors land in Brinn; Corva relocates half.                       │
//! │Your options (choosing one ends your turn)                               │
//! │  Step up coastal patrols                                                │
//! │    Stop the next boats leaving.                                         │
//! │Offer an agreement first (optional)                                      │
//! │  Offer "Shared disembarkation" to Corva                                 │
//! └─────────────────────────────────────────────────────────────────────────┘
//!  Reason: the rescue region is ours
//! ┌Control─────────── (the dashboard, when there is room) ──────────────────┐
//! ```

use super::{fitted_pane, keep_visible};
use crate::describe::{self, framework_names, tag_list};
use crate::engine::step::{can_offer, option_enabled, roles_awaiting};
use crate::engine::{Event, Phase};
use crate::session::Session;
use crate::tr;
use crate::tui::app::{Mode, Play, is_room_style};
use crate::tui::theme::Theme;
use crate::tui::widgets::dashboard::Dashboard;
use crate::tui::widgets::doc::{Doc, ScrollDoc, render_lines};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// One row a person can take on the decision screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionItem {
    Answer {
        agreement: u32,
        from: u32,
        accept: bool,
    },
    Choose {
        option: u32,
    },
    Offer {
        agreement: u32,
        to: u32,
    },
}

/// Everything `role` can do now, in screen order: answers, options, offers.
pub fn items(session: &Session, role: u32) -> Vec<DecisionItem> {
    let c = &session.compiled;
    let s = &session.state;
    let mut out = Vec::new();
    for offer in &s.offers {
        if offer.to == role && offer.answer.is_none() {
            for accept in [true, false] {
                out.push(DecisionItem::Answer {
                    agreement: offer.agreement,
                    from: offer.from,
                    accept,
                });
            }
        }
    }
    let deciding = s.phase == Phase::Deciding && roles_awaiting(c, s).contains(&role);
    if deciding && let Some(decision) = c.decision_for(s.stage, role) {
        for option in c.decisions[decision as usize].options.clone() {
            if option_enabled(c, s, option) {
                out.push(DecisionItem::Choose { option });
            }
        }
        for agreement in 0..c.agreements.len() as u32 {
            for to in 0..c.role_count as u32 {
                if can_offer(c, s, agreement, role, to) {
                    out.push(DecisionItem::Offer { agreement, to });
                }
            }
        }
    }
    out
}

pub struct DecisionView<'a> {
    pub play: &'a Play,
    pub theme: &'a Theme,
}

impl Widget for &DecisionView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let play = self.play;
        let t = self.theme;
        let Some(role) = play.acting else {
            return;
        };
        let session = &play.session;
        let c = &session.compiled;
        let s = &session.state;
        let all = items(session, role);
        // Toggled here, or shown early by the facilitator for everyone.
        let show_tags = play.show_tags || session.tags_shown();
        let prompt = c
            .decision_for(s.stage, role)
            .map(|d| c.decision_model(d).prompt.clone())
            .unwrap_or_else(|| tr!("decision.offers_to_answer").into());
        // The prompt goes in the body, where it wraps: in the title a long one was cut.
        let title = match play.mode {
            Mode::Group => tr!("decision.title.group", role = describe::role_name(c, role)),
            Mode::Projector => tr!("decision.title.projector", role = play.label(role)),
            Mode::PassTheKeyboard => {
                tr!("decision.title.pass_the_keyboard", role = play.label(role))
            }
            Mode::Solo => tr!("decision.title.solo", role = play.role_with_who(role)),
        };
        let mut doc = Doc::new();
        doc.text(0, prompt, t.heading);
        if is_room_style(play.mode)
            && let Some(progress) = super::handoff::progress_line(play)
        {
            // Who has decided, never what: simultaneous choices stay hidden until resolution.
            doc.text(0, progress, t.dim);
        }
        if c.sequential
            && let Some(record) = session.turns.last()
        {
            for e in &record.events {
                if let Event::Decided { role: r, option } = e
                    && *r != role
                {
                    doc.text(
                        0,
                        tr!(
                            "decision.before_you",
                            role = play.role_with_who(*r),
                            option = describe::option_label(c, *option)
                        ),
                        t.dim,
                    );
                }
            }
        }
        let mut marks: Vec<usize> = Vec::new();
        let mut section = None;
        for (i, item) in all.iter().enumerate() {
            let this_section = match item {
                DecisionItem::Answer { .. } => 0,
                DecisionItem::Choose { .. } => 1,
                DecisionItem::Offer { .. } => 2,
            };
            if section != Some(this_section) {
                section = Some(this_section);
                let heading = match (this_section, play.mode) {
                    (0, _) => tr!("decision.heading.offers"),
                    (1, Mode::Projector) => tr!("decision.heading.options_projector"),
                    (1, _) => tr!("decision.heading.options"),
                    _ => tr!("decision.heading.offer_first"),
                };
                doc.heading(heading);
            }
            let selected = i == play.selected;
            let glyph = if selected { "›" } else { " " };
            let (label, detail, extra) = match *item {
                DecisionItem::Answer {
                    agreement,
                    from,
                    accept,
                } => {
                    let a = &c.exercise.agreements[agreement as usize];
                    let label = if accept {
                        tr!(
                            "decision.accept",
                            agreement = a.title,
                            from = describe::role_name(c, from)
                        )
                    } else {
                        tr!(
                            "decision.decline",
                            agreement = a.title,
                            from = describe::role_name(c, from)
                        )
                    };
                    (
                        label,
                        if accept {
                            a.summary.clone()
                        } else {
                            String::new()
                        },
                        show_tags.then(|| tags_line(&a.tags, &a.frameworks)),
                    )
                }
                DecisionItem::Choose { option } => {
                    let o = c.option_model(option);
                    (
                        o.label.clone(),
                        o.detail.clone(),
                        show_tags.then(|| tags_line(&o.tags, &o.frameworks)),
                    )
                }
                DecisionItem::Offer { agreement, to } => {
                    let a = &c.exercise.agreements[agreement as usize];
                    (
                        tr!(
                            "decision.offer",
                            agreement = a.title,
                            to = describe::role_name(c, to)
                        ),
                        a.summary.clone(),
                        show_tags.then(|| tags_line(&a.tags, &a.frameworks)),
                    )
                }
            };
            marks.push(doc.mark());
            let segments = vec![(format!("{glyph} {label}"), t.text)];
            if selected {
                doc.styled_segments(0, 2, segments, t.selected);
            } else {
                doc.segments(0, 2, segments);
            }
            if !detail.is_empty() {
                doc.text(4, detail, t.dim);
            }
            if let Some(Some(extra)) = extra.map(|e| (!e.is_empty()).then_some(e)) {
                doc.text(4, extra, t.dim);
            }
            marks.push(doc.mark());
        }
        let made: Vec<String> = s
            .offers
            .iter()
            .filter(|o| o.from == role)
            .map(|o| {
                let answer = match o.answer {
                    Some(true) => tr!("decision.offer.accepted"),
                    Some(false) => tr!("decision.offer.declined"),
                    None => tr!("decision.offer.waiting"),
                };
                tr!(
                    "decision.offer.made",
                    agreement = describe::agreement_title(c, o.agreement),
                    to = describe::role_name(c, o.to),
                    answer = answer
                )
            })
            .collect();
        if !made.is_empty() {
            doc.heading(tr!("decision.your_offers"));
            for line in made {
                doc.bullet(0, "•", line, t.text);
            }
        }
        if all.is_empty() {
            doc.text(0, tr!("decision.nothing_to_do"), t.dim);
        }
        // The list takes the rows it needs; the reason line and the dashboard follow
        // (the dashboard only when there is room for it).
        let dashboard = Dashboard {
            session,
            theme: t,
            focused: false,
        };
        let dash_height = dashboard.height(area.width);
        let needed = doc.wrap(area.width.saturating_sub(2), t).lines.len() as u16 + 2;
        // In a room every option must be readable at once; the situation screen has the
        // dashboard, so here it shows only when the whole list fits beside it.
        let wanted = if is_room_style(play.mode) {
            needed + 1
        } else {
            9
        };
        let dash_height = if area.height >= dash_height + wanted {
            dash_height
        } else {
            0
        };
        let list_height = needed
            .max(4)
            .min(area.height.saturating_sub(dash_height + 1));
        let [list_area, reason_area, dash_area, _] = Layout::vertical([
            Constraint::Length(list_height),
            Constraint::Length(1),
            Constraint::Length(dash_height),
            Constraint::Min(0),
        ])
        .areas(area);
        if dash_height > 0 {
            (&dashboard).render(dash_area, buf);
        }
        if play.facilitation.brief_shown && play.may_show_private(role) {
            render_private_brief(play, role, t, list_area, buf);
        } else {
            let block = fitted_pane(&title, list_area.width, t, true);
            let inner = block.inner(list_area);
            block.render(list_area, buf);
            let wrapped = doc.wrap_marked(inner.width, t, &mut marks);
            let sel = play.selected * 2;
            let top = match (marks.get(sel), marks.get(sel + 1)) {
                (Some(&start), Some(&end)) => {
                    // Keep the section heading above the first row of a section in view.
                    keep_visible(start.saturating_sub(2), end, usize::from(inner.height))
                }
                _ => 0,
            };
            render_lines(&wrapped.lines, top, inner, buf, t, None, None);
        }

        // After a choice keyed in a room, the reason is asked for at once (the choice is
        // the row marked ›).
        let prompt = if play.facilitation.pending.is_some() {
            tr!("decision.reason_of", role = play.label(role))
        } else {
            tr!("decision.reason").to_string()
        };
        let reason_line = if play.editing_reason {
            Line::from(vec![
                Span::styled(prompt.clone(), t.heading),
                Span::styled(play.reason.clone(), t.input),
                Span::styled("▏", t.text),
            ])
        } else if play.reason.is_empty() && play.mode == Mode::PassTheKeyboard {
            Line::from(vec![Span::styled(
                tr!("decision.hint.pass_the_keyboard"),
                t.dim,
            )])
        } else if play.reason.is_empty() && is_room_style(play.mode) {
            Line::from(vec![Span::styled(tr!("decision.hint.room"), t.dim)])
        } else if play.reason.is_empty() {
            Line::from(vec![Span::styled(tr!("decision.hint.no_reason"), t.dim)])
        } else {
            Line::from(vec![
                Span::styled(tr!("decision.reason"), t.heading),
                Span::styled(play.reason.clone(), t.text),
            ])
        };
        // Show the end of a long reason while typing.
        let width = usize::from(reason_area.width);
        let line_width = reason_line.width();
        if line_width > width && play.editing_reason {
            let tail: String = play
                .reason
                .chars()
                .rev()
                .take(width.saturating_sub(prompt.chars().count() + 3))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let line = Line::from(vec![
                Span::styled(format!("{prompt}…"), t.heading),
                Span::styled(tail, t.input),
                Span::styled("▏", t.text),
            ]);
            buf.set_line(reason_area.x, reason_area.y, &line, reason_area.width);
        } else {
            buf.set_line(
                reason_area.x,
                reason_area.y,
                &reason_line,
                reason_area.width,
            );
        }
    }
}

/// The private brief of the delegation at the keyboard (pass the keyboard; solo).
fn render_private_brief(play: &Play, role: u32, t: &Theme, area: Rect, buf: &mut Buffer) {
    let ex = &play.session.compiled.exercise;
    let r = &ex.roles[role as usize];
    let mut doc = Doc::new();
    for line in &r.private_brief {
        doc.bullet(0, "•", line.clone(), t.text);
    }
    super::briefing::interests_and_leverage(&mut doc, r, 0, t);
    doc.blank();
    doc.text(0, tr!("decision.brief.hide"), t.dim);
    ScrollDoc::new(&doc, 0, t)
        .block(fitted_pane(
            &tr!("decision.brief.title", role = play.label(role)),
            area.width,
            t,
            true,
        ))
        .render(area, buf);
}

/// "Tags: control, protection · Frameworks: 1951 Refugee Convention".
pub fn tags_line(tags: &[crate::scenario::model::Tag], frameworks: &[String]) -> String {
    let mut parts = Vec::new();
    if !tags.is_empty() {
        parts.push(tr!("decision.tags", tags = tag_list(tags)));
    }
    if !frameworks.is_empty() {
        parts.push(tr!(
            "decision.frameworks",
            frameworks = framework_names(frameworks).join(tr!("list.separator"))
        ));
    }
    parts.join(" · ")
}
