//! The top line of every screen: where you are on the left, the context on the right.
//!
//! ```text
//! Turn 1 · Day 1: a boat in distress                    The Harbour Test · seed 7
//! ```
//!
//! When both do not fit, the right gives way first, least useful piece first: the seed,
//! then the exercise's title shortens (never below `MIN_TITLE`), then the mode goes. The
//! timer always shows. Only then is the left shortened, so where you are always shows.

use crate::tui::widgets::doc::{truncate, width_of};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

pub struct TitleBar<'a> {
    pub left: &'a str,
    pub right: &'a str,
    pub style: Style,
}

impl Widget for &TitleBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        buf.set_style(area, self.style);
        let width = usize::from(area.width);
        let right_w = width_of(self.right);
        buf.set_stringn(
            area.x + 1,
            area.y,
            self.left,
            width.saturating_sub(1),
            self.style,
        );
        let left_w = width_of(self.left) + 1;
        if right_w + left_w + 3 <= width {
            let x = area.x + (width - right_w - 1) as u16;
            buf.set_string(x, area.y, self.right, self.style);
        }
    }
}

/// Between the pieces of the right-hand text.
const SEPARATOR: &str = " · ";

/// The fewest columns worth giving the exercise's title ("The Tessel Road: ev…").
const MIN_TITLE: usize = 16;

/// What the title bar would say with room enough: the screen on the left; on the right the
/// exercise's title, the seed, who plays and the timer, each where it applies.
#[derive(Debug, Clone, Default)]
pub struct TitleText {
    pub left: String,
    pub title: Option<String>,
    pub seed: Option<String>,
    pub mode: Option<String>,
    pub timer: Option<String>,
}

impl TitleText {
    /// The left and right texts shortened to share `width` columns (see the module).
    pub fn fit(&self, width: u16) -> (String, String) {
        let width = usize::from(width);
        // One column of margin each side and two between the texts (see `render`).
        let room = width.saturating_sub(4);
        let left_w = width_of(&self.left);
        let [seed, mode, timer] = [&self.seed, &self.mode, &self.timer].map(Option::as_deref);
        for (shortens, rest) in [
            (false, [seed, mode, timer]),
            (true, [None, mode, timer]),
            (true, [None, None, timer]),
        ] {
            let rest: Vec<&str> = rest.into_iter().flatten().collect();
            let rest_w = joined_width(&rest);
            let Some(title) = &self.title else {
                if left_w + rest_w <= room {
                    return (self.left.clone(), rest.join(SEPARATOR));
                }
                continue;
            };
            let separator = if rest.is_empty() {
                0
            } else {
                width_of(SEPARATOR)
            };
            let title_room = room.saturating_sub(left_w + rest_w + separator);
            if width_of(title) <= title_room || (shortens && title_room >= MIN_TITLE) {
                let right = std::iter::once(truncate(title, title_room))
                    .chain(rest.iter().map(|s| s.to_string()))
                    .collect::<Vec<_>>();
                return (self.left.clone(), right.join(SEPARATOR));
            }
        }
        // The left is long: the title keeps its few columns (with the timer), the left the rest.
        let right = self
            .title
            .as_deref()
            .map(|t| truncate(t, MIN_TITLE))
            .into_iter()
            .chain(self.timer.clone())
            .collect::<Vec<_>>()
            .join(SEPARATOR);
        let left_room = if right.is_empty() {
            width.saturating_sub(2)
        } else {
            room.saturating_sub(width_of(&right))
        };
        (truncate(&self.left, left_room), right)
    }
}

fn joined_width(parts: &[&str]) -> usize {
    let separators = parts.len().saturating_sub(1) * width_of(SEPARATOR);
    parts.iter().map(|p| width_of(p)).sum::<usize>() + separators
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(left: &str, title: &str, timer: Option<&str>) -> TitleText {
        TitleText {
            left: left.into(),
            title: Some(title.into()),
            seed: Some("seed 59425".into()),
            mode: Some("solo: Tamesh (origin)".into()),
            timer: timer.map(Into::into),
        }
    }

    fn fits(left: &str, right: &str, width: u16) -> bool {
        width_of(left) + width_of(right) + 4 <= usize::from(width)
    }

    #[test]
    fn everything_shows_when_there_is_room() {
        let (left, right) = text("Briefing", "The Tessel Road", None).fit(100);
        assert_eq!(left, "Briefing");
        assert_eq!(
            right,
            "The Tessel Road · seed 59425 · solo: Tamesh (origin)"
        );
    }

    #[test]
    fn the_seed_goes_first_then_the_title_shortens() {
        let long = "The Tessel Road: evacuating stranded migrant workers";
        let (left, right) = text("Briefing", long, None).fit(80);
        assert_eq!(left, "Briefing");
        assert!(right.starts_with("The Tessel Road: evac"), "{right}");
        assert!(right.ends_with("… · solo: Tamesh (origin)"), "{right}");
        assert!(fits(&left, &right, 80));
    }

    #[test]
    fn a_long_stage_keeps_its_name_and_the_title_keeps_a_few_columns() {
        let stage = "Turn 12 · Week 12: the last convoy leaves the border town at night";
        let (left, right) = text(stage, "The Tessel Road: evacuating", None).fit(80);
        assert!(left.starts_with("Turn 12 · Week 12: the last"), "{left}");
        assert_eq!(width_of(&right), MIN_TITLE);
        assert!(fits(&left, &right, 80));
    }

    #[test]
    fn the_timer_always_shows() {
        let stage = "Turn 12 · Week 12: the last convoy leaves the border town at night";
        let mut long = text(stage, "", Some("⏱ 12:30"));
        long.title = None;
        let (left, right) = long.fit(80);
        assert_eq!(right, "⏱ 12:30");
        assert!(left.starts_with("Turn 12 · Week 12"), "{left}");
        assert!(fits(&left, &right, 80));
    }

    #[test]
    fn a_left_alone_is_cut_to_the_width() {
        let only = TitleText {
            left: "x".repeat(100),
            ..TitleText::default()
        };
        let (left, right) = only.fit(80);
        assert_eq!(width_of(&left), 78);
        assert!(right.is_empty());
    }
}
