//! Solo "what if": pick one of your decisions, pick another option, and see both
//! sessions side by side — the ending, where the paths parted, and every final value on
//! both ledgers (true values, hidden ones included). The replay is
//! `session::what_if::what_if`: same seed, the computer roles choosing by their rules,
//! your later choices reused where the same decision came up again.
//!
//! ```text
//! ┌What if — turn 1: "Step up coastal patrols" instead of "Send consular staff"─┐
//! │                            As played             What if                    │
//! │Ending                      Responsibility shared Strained relations         │
//! │Paths part at turn 2        Day 2: survivors ...  Day 2: a standoff at sea   │
//! │Control                                                                      │
//! │  Arrivals                  160 people            40 people           -120   │
//! └─────────────────────────────────────────────────────────────────────────────┘
//! ```

use super::resolution::choices;
use super::{keep_visible, pane};
use crate::describe;
use crate::session::Session;
use crate::session::what_if::WhatIf;
use crate::tr;
use crate::tui::app::Play;
use crate::tui::facilitation::WhatIfStep;
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, ScrollDoc, render_lines, truncate, width_of};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub struct WhatIfView<'a> {
    pub play: &'a Play,
    pub theme: &'a Theme,
}

/// Cells padded or cut (with "…") to their widths, joined.
pub fn columns(cells: &[(&str, usize)]) -> String {
    let mut out = String::new();
    for &(text, width) in cells {
        // One cell kept free, so that a cut text never runs into the next column.
        let cell = truncate(text, width.saturating_sub(1));
        let pad = width.saturating_sub(width_of(&cell));
        out.push_str(&cell);
        out.push_str(&" ".repeat(pad));
    }
    out.trim_end().to_string()
}

fn ending(session: &Session) -> String {
    let c = &session.compiled;
    match session.state.ending {
        Some(e) => describe::ending_title(c, e).to_string(),
        None if session.state.is_ended() => tr!("debrief.concluded").into(),
        None => tr!("what_if.not_ended").into(),
    }
}

/// The comparison, as a document.
pub fn comparison_doc(result: &WhatIf, t: &Theme) -> Doc {
    let played = &result.played;
    let alt = &result.alternative;
    let c = &played.compiled;
    let mut doc = Doc::new();
    const L: usize = 28;
    const V: usize = 22;
    doc.text(
        0,
        tr!(
            "what_if.same_seed",
            seed = played.seed,
            turn = result.turn,
            option = describe::option_label(c, result.option),
            played = describe::option_label(c, result.played_option)
        ),
        t.text,
    );
    doc.blank();
    doc.text(
        0,
        columns(&[
            ("", L),
            (tr!("what_if.as_played"), V),
            (tr!("what_if.what_if"), V),
        ]),
        t.heading,
    );
    doc.text(
        0,
        columns(&[
            (tr!("what_if.ending"), L),
            (&ending(played), V),
            (&ending(alt), V),
        ]),
        t.text,
    );
    doc.text(
        0,
        columns(&[
            (tr!("what_if.turns"), L),
            (&played.state.turn.to_string(), V),
            (&alt.state.turn.to_string(), V),
        ]),
        t.text,
    );
    match result.paths_part_at() {
        Some(turn) => {
            let (a, b) = result.stages_at(turn);
            let name = |s: Option<u32>| {
                s.map_or_else(
                    || tr!("what_if.ended").to_string(),
                    |s| describe::stage_title(c, s).to_string(),
                )
            };
            doc.text(
                0,
                columns(&[
                    (&tr!("what_if.paths_part", turn = turn), L),
                    (&name(a), V),
                    (&name(b), V),
                ]),
                t.text,
            );
        }
        None => {
            doc.text(0, tr!("what_if.same_stages"), t.dim);
        }
    }
    // Each ledger on its own (never merged): what differs, then what stayed the same.
    for ledger in describe::LEDGERS {
        let slots: Vec<u32> = (0..c.slots.len() as u32)
            .filter(|&k| {
                c.exercise.indicators[c.slots[k as usize].indicator as usize].ledger == ledger
            })
            .collect();
        if slots.is_empty() {
            continue;
        }
        doc.heading(describe::ledger_name(ledger));
        let mut same = Vec::new();
        for slot in slots {
            let a = played.state.cells[slot as usize];
            let b = alt.state.cells[slot as usize];
            let hidden = if c.slots[slot as usize].hidden {
                " *"
            } else {
                ""
            };
            if a == b {
                same.push(format!("{}{hidden}", c.slot_label(slot)));
                continue;
            }
            doc.text(
                0,
                columns(&[
                    (&format!("  {}{hidden}", c.slot_label(slot)), L),
                    (&describe::with_unit(c, slot, a), V),
                    (&describe::with_unit(c, slot, b), V),
                    (&describe::signed(b - a), 6),
                ]),
                t.text,
            );
        }
        if !same.is_empty() {
            doc.bullet(
                2,
                "=",
                tr!(
                    "what_if.same_in_both",
                    indicators = same.join(tr!("list.separator"))
                ),
                t.dim,
            );
        }
    }
    if c.slots.iter().any(|s| s.hidden) {
        doc.text(0, tr!("what_if.hidden_note"), t.dim);
    }
    let later: Vec<String> = (result.turn..=played.state.turn.max(alt.state.turn))
        .flat_map(|turn| {
            let pick = |s: &Session| {
                s.turns
                    .iter()
                    .find(|r| r.turn == turn)
                    .map(choices)
                    .unwrap_or_default()
            };
            let (a, b) = (pick(played), pick(alt));
            let roles: Vec<u32> = (0..c.role_count as u32).collect();
            roles
                .into_iter()
                .filter_map(|role| {
                    let x = a.iter().find(|(r, _)| *r == role).map(|(_, o)| *o);
                    let y = b.iter().find(|(r, _)| *r == role).map(|(_, o)| *o);
                    if x == y {
                        return None;
                    }
                    let label = |o: Option<u32>| {
                        o.map_or_else(
                            || tr!("what_if.no_decision").to_string(),
                            |o| describe::option_label(c, o).to_string(),
                        )
                    };
                    Some(tr!(
                        "what_if.changed_line",
                        turn = turn,
                        role = describe::role_name(c, role),
                        played = label(x),
                        alternative = label(y)
                    ))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    doc.heading(tr!("what_if.choices_changed"));
    for line in later {
        doc.bullet(2, "•", line, t.text);
    }
    doc.blank();
    doc.text(0, tr!("what_if.how_replayed"), t.dim);
    doc
}

impl Widget for &WhatIfView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let play = self.play;
        let t = self.theme;
        let c = &play.session.compiled;
        let state = &play.facilitation.what_if;
        match &state.step {
            WhatIfStep::Compare(result) => {
                let doc = comparison_doc(result, t);
                let title = tr!(
                    "what_if.title.compare",
                    turn = result.turn,
                    option = describe::option_label(c, result.option)
                );
                ScrollDoc::new(&doc, state.scroll, t)
                    .block(super::fitted_pane(&title, area.width, t, true))
                    .report(&play.max_scroll, &play.page)
                    .render(area, buf);
            }
            step => {
                let mut doc = Doc::new();
                let mut marks = Vec::new();
                let title = match step {
                    WhatIfStep::PickOption { choice } => {
                        let ch = &state.choices[*choice];
                        doc.text(
                            0,
                            tr!(
                                "what_if.choose_instead",
                                turn = ch.turn,
                                stage = describe::stage_title(c, ch.stage)
                            ),
                            t.dim,
                        );
                        for (i, &option) in ch.open.iter().enumerate() {
                            let played = if option == ch.chosen {
                                tr!("what_if.as_played_mark")
                            } else {
                                ""
                            };
                            let o = c.option_model(option);
                            marks.push(doc.mark());
                            let glyph = if i == state.selected { "›" } else { " " };
                            let seg = vec![(format!("{glyph} {}{played}", o.label), t.text)];
                            if i == state.selected {
                                doc.styled_segments(0, 2, seg, t.selected);
                            } else {
                                doc.segments(0, 2, seg);
                            }
                            if !o.detail.is_empty() {
                                doc.text(4, o.detail.clone(), t.dim);
                            }
                            marks.push(doc.mark());
                        }
                        tr!("what_if.title.option").to_string()
                    }
                    _ => {
                        doc.text(0, tr!("what_if.which_decision"), t.dim);
                        for (i, ch) in state.choices.iter().enumerate() {
                            marks.push(doc.mark());
                            let glyph = if i == state.selected { "›" } else { " " };
                            let seg = vec![(
                                format!(
                                    "{glyph} {}",
                                    tr!(
                                        "title.turn",
                                        turn = ch.turn,
                                        stage = describe::stage_title(c, ch.stage)
                                    )
                                ),
                                t.text,
                            )];
                            if i == state.selected {
                                doc.styled_segments(0, 2, seg, t.selected);
                            } else {
                                doc.segments(0, 2, seg);
                            }
                            let others = ch.open.len().saturating_sub(1);
                            doc.text(
                                4,
                                crate::trn!(
                                    "what_if.you_chose",
                                    others,
                                    option = describe::option_label(c, ch.chosen)
                                ),
                                t.dim,
                            );
                            marks.push(doc.mark());
                        }
                        tr!("what_if.title.turn").to_string()
                    }
                };
                let block = pane(&title, t, true);
                let inner = block.inner(area);
                block.render(area, buf);
                let wrapped = doc.wrap_marked(inner.width, t, &mut marks);
                let sel = state.selected * 2;
                let top = match (marks.get(sel), marks.get(sel + 1)) {
                    (Some(&start), Some(&end)) => {
                        keep_visible(start.saturating_sub(1), end, usize::from(inner.height))
                    }
                    _ => 0,
                };
                render_lines(&wrapped.lines, top, inner, buf, t, None, None);
            }
        }
    }
}
