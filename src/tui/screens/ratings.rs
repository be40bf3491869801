//! Rating the learning objectives, as HSEEP observations: P, S, M or U with a comment.
//! Each rating is an `Action::Rate` in the log, so the After-Action Report carries it;
//! a later rating of the same objective replaces the earlier one.
//!
//! ```text
//! ┌Rate the learning objectives — P S M U──────────────────────────────────┐
//! │› Coordinate a rescue and agree where people land.                  [S] │
//! │    Observable: Names the state responsible ...; Proposes a place ...   │
//! │    Comment: agreed a place of safety late                              │
//! │P performed without challenges · S with some · M with major · U unable  │
//! └────────────────────────────────────────────────────────────────────────┘
//!  Comment for S: agreed a place▏
//! ```

use super::{keep_visible, pane};
use crate::engine::Rating;
use crate::tui::app::Play;
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, render_lines, width_of};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub struct RatingsView<'a> {
    pub play: &'a Play,
    pub theme: &'a Theme,
}

fn letter(rating: Rating) -> &'static str {
    match rating {
        Rating::P => "P",
        Rating::S => "S",
        Rating::M => "M",
        Rating::U => "U",
    }
}

impl Widget for &RatingsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let play = self.play;
        let t = self.theme;
        let ex = &play.session.compiled.exercise;
        let ratings = play.session.ratings();
        let state = &play.facilitation.ratings;
        let mut doc = Doc::new();
        let mut marks = Vec::new();
        for (i, objective) in ex.objectives.iter().enumerate() {
            let selected = i == state.selected;
            let given = ratings.iter().find(|(o, _, _)| *o == objective.id);
            let mark = given.map_or("[ ]".to_string(), |(_, r, _)| format!("[{}]", letter(*r)));
            marks.push(doc.mark());
            let glyph = if selected { "›" } else { " " };
            let segments = vec![
                (format!("{glyph} {mark} "), t.heading),
                (objective.text.clone(), t.text),
            ];
            if selected {
                doc.styled_segments(0, 8, segments, t.selected);
            } else {
                doc.segments(0, 8, segments);
            }
            let observable = crate::tr!("ratings.observable");
            let rated = crate::tr!("ratings.rated");
            let key_width = width_of(observable).max(width_of(rated)).max(11);
            if !objective.behaviours.is_empty() {
                doc.field(
                    8,
                    observable,
                    key_width,
                    objective.behaviours.join(crate::tr!("list.separator")),
                    t.dim,
                    t.dim,
                );
            }
            match given {
                Some((_, r, comment)) => {
                    let meaning = crate::describe::rating_meaning(*r);
                    let text = match comment {
                        Some(c) => format!("{meaning} — {c}"),
                        None => meaning.to_string(),
                    };
                    doc.field(8, rated, key_width, text, t.dim, t.text);
                }
                None => {
                    doc.field(
                        8,
                        rated,
                        key_width,
                        crate::tr!("ratings.not_yet"),
                        t.dim,
                        t.dim,
                    );
                }
            }
            marks.push(doc.mark());
        }
        doc.blank();
        doc.text(0, crate::tr!("ratings.legend"), t.dim);
        let [list_area, comment_area] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
        let block = pane(crate::tr!("ratings.title"), t, true);
        let inner = block.inner(list_area);
        block.render(list_area, buf);
        let wrapped = doc.wrap_marked(inner.width, t, &mut marks);
        let sel = state.selected * 2;
        let top = match (marks.get(sel), marks.get(sel + 1)) {
            (Some(&start), Some(&end)) => keep_visible(start, end, usize::from(inner.height)),
            _ => 0,
        };
        render_lines(&wrapped.lines, top, inner, buf, t, None, None);
        let line = match &state.pending {
            Some((rating, field)) => Line::from(vec![
                Span::styled(
                    crate::tr!("ratings.comment_for", rating = letter(*rating)),
                    t.heading,
                ),
                Span::styled(field.text.clone(), t.input),
                Span::styled("▏", t.text),
            ]),
            None => Line::styled(crate::tr!("ratings.hint"), t.dim),
        };
        buf.set_line(comment_area.x, comment_area.y, &line, comment_area.width);
    }
}
