//! The two ledgers side by side, then Public and Resources: every indicator's value as
//! players see it ("unknown" while hidden), a trend since the last turn, a verdict only
//! where the exercise states a direction for that role, and a sparkline over the turns.
//!
//! ```text
//! ┌Control────────────────────────────┐┌Protection─────────────────────────┐
//! │Arrivals        130 people ▲  ▁▁█  ││Lives lost               0 =  ▁▁▁  │
//! │                                   ││Needs unmet        unknown         │
//! └───────────────────────────────────┘└───────────────────────────────────┘
//! ┌Public─────────────────────────────┐┌Resources──────────────────────────┐
//! │Public confidence        50 =  ▁▁  ││         Alda     Brinn    Corva   │
//! │                                   ││Cost     0 M =    15 M ▲✗  15 M ▲✗ │
//! └───────────────────────────────────┘└▲▼ since last turn · ✓ better ✗ worse┘
//! ```

use crate::describe::{self, ledger_name};
use crate::engine::Compiled;
use crate::scenario::model::{Ledger, Scope};
use crate::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{truncate, width_of};
use crate::tui::widgets::spark::{sparkline, trend_glyph, verdict_glyph};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

pub struct Dashboard<'a> {
    pub session: &'a Session,
    pub theme: &'a Theme,
    pub focused: bool,
}

/// The values a slot had at the start of each turn, then now.
pub fn series(session: &Session, slot: u32) -> Vec<i32> {
    let mut values: Vec<i32> = session
        .turns
        .iter()
        .map(|t| t.start_values[slot as usize])
        .collect();
    values.push(session.state.cells[slot as usize]);
    values
}

/// What a value is compared with for its trend: the start of the previous turn (the
/// start of this one on turn 1).
fn baseline(session: &Session, slot: u32) -> i32 {
    let turns = &session.turns;
    let record = if turns.len() >= 2 {
        turns.get(turns.len() - 2)
    } else {
        turns.first()
    };
    record.map_or(session.state.cells[slot as usize], |t| {
        t.start_values[slot as usize]
    })
}

fn pad_right(text: &str, width: usize) -> String {
    let t = truncate(text, width);
    let pad = width.saturating_sub(width_of(&t));
    format!("{t}{}", " ".repeat(pad))
}

fn pad_left(text: &str, width: usize) -> String {
    let t = truncate(text, width);
    let pad = width.saturating_sub(width_of(&t));
    format!("{}{t}", " ".repeat(pad))
}

/// The marks after a value: trend and verdict, or nothing while it is unknown.
fn marks(c: &Compiled, session: &Session, slot: u32) -> Option<(char, Option<bool>)> {
    session.state.observed(c, slot)?;
    let delta = session.state.cells[slot as usize] - baseline(session, slot);
    Some((trend_glyph(delta), describe::verdict(c, slot, delta)))
}

fn verdict_style(theme: &Theme, verdict: Option<bool>) -> Style {
    match verdict {
        Some(true) => theme.better,
        Some(false) => theme.worse,
        None => theme.text,
    }
}

/// The lines of one ledger's box at an inner width.
pub fn ledger_lines(
    session: &Session,
    ledger: Ledger,
    width: u16,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let c = &*session.compiled;
    let ex = &c.exercise;
    let width = usize::from(width);
    let mut lines = Vec::new();
    let indicators: Vec<usize> = (0..ex.indicators.len())
        .filter(|&i| ex.indicators[i].ledger == ledger)
        .collect();
    let globals: Vec<usize> = indicators
        .iter()
        .copied()
        .filter(|&i| ex.indicators[i].scope == Scope::Global)
        .collect();
    // Columns: the label in full where possible, then the value, marks and a sparkline
    // of the last turns (dropped before the label is cut).
    let value_w = globals
        .iter()
        .map(|&i| {
            width_of(&describe::observed_value(
                c,
                &session.state,
                c.indicator_slot[i],
            ))
        })
        .max()
        .unwrap_or(3)
        .max(3);
    let label_needed = globals
        .iter()
        .map(|&i| width_of(&ex.indicators[i].label))
        .max()
        .unwrap_or(0);
    let spark_len = session.turns.len().min(6) + 1;
    let spark_w = if label_needed + value_w + 4 + spark_len < width {
        spark_len + 1
    } else {
        0
    };
    // The label and the value share what the marks and the sparkline leave.
    let room = width.saturating_sub(4 + spark_w);
    let label_w = room.saturating_sub(value_w).max(6);
    for &i in &globals {
        let slot = c.indicator_slot[i];
        let label_text = &ex.indicators[i].label;
        let mut value = describe::observed_value(c, &session.state, slot);
        // Where label and value cannot both be whole, the unit goes first (the label
        // names the indicator), as in the per-role columns.
        if width_of(label_text) + width_of(&value) > room {
            value = session
                .state
                .observed(c, slot)
                .map_or(value, describe::grouped);
        }
        // A long label may take the room a narrower value leaves in its own row: the
        // values stay right-aligned, and a label is cut only where its own value needs
        // the room.
        let own_label_w =
            label_w.max(width_of(label_text).min(room.saturating_sub(width_of(&value).max(3))));
        let label = pad_right(label_text, own_label_w);
        let value = pad_left(&value, room.saturating_sub(own_label_w));
        let mut spans = vec![
            Span::styled(label, theme.text),
            Span::styled(format!(" {value} "), theme.text),
        ];
        if let Some((trend, verdict)) = marks(c, session, slot) {
            spans.push(Span::styled(
                format!("{trend}{:1}", verdict_glyph(verdict)),
                verdict_style(theme, verdict),
            ));
            if spark_w > 0 {
                let s = series(session, slot);
                let tail = &s[s.len().saturating_sub(spark_len)..];
                spans.push(Span::styled(format!(" {}", sparkline(tail)), theme.dim));
            }
        }
        lines.push(Line::from(spans));
    }
    let per_role: Vec<usize> = indicators
        .iter()
        .copied()
        .filter(|&i| ex.indicators[i].scope == Scope::PerRole)
        .collect();
    if !per_role.is_empty() {
        let roles = ex.roles.len().max(1);
        let lw = per_role
            .iter()
            .map(|&i| width_of(&ex.indicators[i].label))
            .max()
            .unwrap_or(4)
            .min(12)
            .min(width / 3);
        let col = (width.saturating_sub(lw + 1)) / roles;
        let mut header = vec![Span::raw(" ".repeat(lw + 1))];
        for r in 0..ex.roles.len() as u32 {
            let name = describe::role_short_name(c, r);
            // One cell kept free so that neighbouring names never run together.
            let name = truncate(name, col.saturating_sub(1));
            header.push(Span::styled(pad_right(&name, col), theme.dim));
        }
        lines.push(Line::from(header));
        for &i in &per_role {
            let mut spans = vec![Span::styled(
                pad_right(&ex.indicators[i].label, lw + 1),
                theme.text,
            )];
            for r in 0..ex.roles.len() as u32 {
                let slot = c.slot_of(i as u32, Some(r));
                let mut value = describe::observed_value(c, &session.state, slot);
                // In narrow columns the unit goes (the label names the indicator).
                if width_of(&value) + 3 > col {
                    value = session
                        .state
                        .observed(c, slot)
                        .map_or_else(|| "?".to_string(), describe::grouped);
                }
                let (cell, style) = match marks(c, session, slot) {
                    Some((trend, verdict)) => (
                        format!("{value} {trend}{}", verdict_glyph(verdict)),
                        verdict_style(theme, verdict),
                    ),
                    None => (value, theme.text),
                };
                spans.push(Span::styled(pad_right(&cell, col), style));
            }
            lines.push(Line::from(spans));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            crate::tr!("dashboard.no_indicators"),
            theme.dim,
        ));
    }
    lines
}

/// Each ledger's lines, in `describe::LEDGERS` order.
type LedgerLines = Rc<Vec<Vec<Line<'static>>>>;

thread_local! {
    static LAST: RefCell<Last> = RefCell::new(Last::default());
}

/// The dashboard last laid out and drawn, and what from. Scrolling, moving a selection
/// or typing redraws the screen but not what the dashboard shows; then its cells are
/// copied rather than laid out and drawn again (the dashboard was most of a frame's work
/// at 200×60). Whatever it shows depends only on `Inputs`, compared in full each time.
#[derive(Default)]
struct Last {
    inputs: Option<Inputs>,
    /// The lines at an inner width.
    lines: Option<(u16, LedgerLines)>,
    /// The cells drawn for an area, focused or not: the rows the boxes cover.
    drawn: Option<(Rect, bool, Buffer)>,
}

/// Everything the dashboard's content depends on.
struct Inputs {
    compiled: Arc<Compiled>,
    values: Vec<i32>,
    revealed: Vec<bool>,
    turn_starts: Vec<Vec<i32>>,
    theme: Theme,
    /// Ledger names and units are in the interface language.
    lang: crate::i18n::Lang,
}

impl Inputs {
    fn of(session: &Session, theme: &Theme) -> Inputs {
        Inputs {
            compiled: Arc::clone(&session.compiled),
            values: session.state.values().to_vec(),
            revealed: session.state.revealed.clone(),
            turn_starts: session
                .turns
                .iter()
                .map(|t| t.start_values.clone())
                .collect(),
            theme: theme.clone(),
            lang: crate::i18n::current(),
        }
    }

    fn match_(&self, session: &Session, theme: &Theme) -> bool {
        Arc::ptr_eq(&self.compiled, &session.compiled)
            && self.values == session.state.values()
            && self.revealed == session.state.revealed
            && self.turn_starts.len() == session.turns.len()
            && self
                .turn_starts
                .iter()
                .zip(&session.turns)
                .all(|(a, t)| *a == t.start_values)
            && self.theme == *theme
            && self.lang == crate::i18n::current()
    }
}

impl Last {
    /// Forget what was drawn unless it was drawn from these inputs.
    fn check(&mut self, session: &Session, theme: &Theme) {
        if !self
            .inputs
            .as_ref()
            .is_some_and(|i| i.match_(session, theme))
        {
            *self = Last {
                inputs: Some(Inputs::of(session, theme)),
                ..Last::default()
            };
        }
    }
}

impl Dashboard<'_> {
    /// Each ledger's lines at an inner width, laid out once per change of what they show.
    fn lines(&self, inner: u16) -> LedgerLines {
        LAST.with_borrow_mut(|last| {
            last.check(self.session, self.theme);
            match &last.lines {
                Some((width, lines)) if *width == inner => Rc::clone(lines),
                _ => {
                    let lines: LedgerLines = Rc::new(
                        describe::LEDGERS
                            .iter()
                            .map(|&l| ledger_lines(self.session, l, inner, self.theme))
                            .collect(),
                    );
                    last.lines = Some((inner, Rc::clone(&lines)));
                    lines
                }
            }
        })
    }

    /// Rows the dashboard wants at a width (borders included).
    pub fn height(&self, width: u16) -> u16 {
        let lines = self.lines((width / 2).saturating_sub(2));
        let rows = |a: usize, b: usize| lines[a].len().max(lines[b].len()) as u16 + 2;
        rows(0, 1) + rows(2, 3)
    }
}

impl Widget for &Dashboard<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let cached = LAST.with_borrow(|last| match &last.drawn {
            Some((drawn_area, focused, cells))
                if *drawn_area == area
                    && *focused == self.focused
                    && last
                        .inputs
                        .as_ref()
                        .is_some_and(|i| i.match_(self.session, self.theme)) =>
            {
                copy_cells(cells, buf);
                true
            }
            _ => false,
        });
        if cached {
            return;
        }
        // Drawn on a blank buffer, as every frame starts blank; kept for the next frame.
        let height = self.height(area.width).min(area.height);
        let mut cells = Buffer::empty(Rect { height, ..area });
        self.draw(area, &mut cells);
        copy_cells(&cells, buf);
        LAST.with_borrow_mut(|last| {
            last.check(self.session, self.theme);
            last.drawn = Some((area, self.focused, cells));
        });
    }
}

/// Copy every cell of `from` to the same place in `to` (where `to` has it).
fn copy_cells(from: &Buffer, to: &mut Buffer) {
    let area = from.area.intersection(to.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let (Some(cell), Some(target)) = (from.cell((x, y)), to.cell_mut((x, y))) {
                target.clone_from(cell);
            }
        }
    }
}

impl Dashboard<'_> {
    fn draw(&self, area: Rect, buf: &mut Buffer) {
        let half = area.width / 2;
        let inner = half.saturating_sub(2);
        let lines = self.lines(inner);
        let top = lines[0].len().max(lines[1].len()) as u16 + 2;
        let bottom = lines[2].len().max(lines[3].len()) as u16 + 2;
        let [row1, row2] =
            Layout::vertical([Constraint::Length(top), Constraint::Length(bottom)]).areas(area);
        let directions = self
            .session
            .compiled
            .exercise
            .indicators
            .iter()
            .any(|i| !i.good.is_empty());
        let legend = if directions {
            crate::tr!("dashboard.legend.verdicts")
        } else {
            crate::tr!("dashboard.legend")
        };
        for (k, ledger) in describe::LEDGERS.iter().enumerate() {
            let row = if k < 2 { row1 } else { row2 };
            let [left, right] =
                Layout::horizontal([Constraint::Length(half), Constraint::Min(0)]).areas(row);
            let rect = if k % 2 == 0 { left } else { right };
            let border = if self.focused {
                self.theme.border_focus
            } else {
                self.theme.border
            };
            let mut block = Block::bordered().border_style(border).title(Line::styled(
                format!(" {} ", ledger_name(*ledger)),
                self.theme.heading,
            ));
            if k == 3 {
                block = block.title_bottom(Line::styled(legend, self.theme.dim).right_aligned());
            }
            let inner_rect = block.inner(rect);
            block.render(rect, buf);
            for (y, line) in lines[k]
                .iter()
                .take(usize::from(inner_rect.height))
                .enumerate()
            {
                buf.set_line(
                    inner_rect.x,
                    inner_rect.y + y as u16,
                    line,
                    inner_rect.width,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Action;
    use crate::session::Controller;

    fn session() -> Session {
        let loaded = crate::exercises::shipped()
            .into_iter()
            .max_by_key(|l| l.compiled.exercise.indicators.len())
            .unwrap();
        let roles = loaded.compiled.exercise.roles.len();
        Session::new(loaded.compiled, 7, vec![Controller::Human; roles])
    }

    fn draw(session: &Session, theme: &Theme, area: Rect) -> Buffer {
        let mut buf = Buffer::empty(area);
        let dashboard = Dashboard {
            session,
            theme,
            focused: false,
        };
        (&dashboard).render(area, &mut buf);
        buf
    }

    fn afresh(session: &Session, theme: &Theme, area: Rect) -> Buffer {
        LAST.with_borrow_mut(|last| *last = Last::default());
        draw(session, theme, area)
    }

    #[test]
    fn the_dashboard_from_the_last_frame_is_the_one_drawn_afresh() {
        let mut session = session();
        let colours = Theme::colours();
        let wide = Rect::new(0, 0, 160, 40);
        let first = afresh(&session, &colours, wide);
        assert_eq!(draw(&session, &colours, wide), first);
        // A change of value shows at once.
        let indicator = session.compiled.exercise.indicators[0].id.clone();
        let role = (session.compiled.exercise.indicators[0].scope == Scope::PerRole)
            .then(|| session.compiled.exercise.roles[0].id.clone());
        session
            .apply(Action::Adjust {
                indicator,
                role,
                by: 1,
                reason: "test".into(),
            })
            .unwrap();
        let changed = draw(&session, &colours, wide);
        assert_ne!(changed, first);
        assert_eq!(changed, afresh(&session, &colours, wide));
        // So do another theme and another size.
        let mono = Theme::monochrome();
        draw(&session, &colours, wide);
        assert_eq!(draw(&session, &mono, wide), afresh(&session, &mono, wide));
        let small = Rect::new(3, 2, 80, 24);
        draw(&session, &mono, wide);
        assert_eq!(draw(&session, &mono, small), afresh(&session, &mono, small));
    }
}
