//! A document of headings, paragraphs and bullets, wrapped to a width with hanging
//! indents, and a scrolling view of it. We wrap ourselves (not `Paragraph::wrap`) so the
//! number of lines is known: scrolling stops at the end, and "more below" is honest.

use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};
use std::cell::Cell;

/// Display width of a string in terminal cells.
pub fn width_of(text: &str) -> usize {
    Span::raw(text).width()
}

/// The text cut to a width in cells, with "…" where it was cut.
pub fn truncate(text: &str, width: usize) -> String {
    if width_of(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for ch in text.chars() {
        if width_of(&out) + width_of(&ch.to_string()) + 1 > width {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}

#[derive(Debug, Clone)]
enum Item {
    Heading(String),
    Text {
        indent: usize,
        hang: usize,
        segments: Vec<(String, Style)>,
        line_style: Style,
    },
    Blank,
}

#[derive(Debug, Clone, Default)]
pub struct Doc {
    items: Vec<Item>,
}

/// A document wrapped to a width.
#[derive(Debug, Clone, Default)]
pub struct Wrapped {
    pub lines: Vec<Line<'static>>,
    /// Line index of each heading.
    pub headings: Vec<usize>,
}

impl Doc {
    pub fn new() -> Doc {
        Doc::default()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// A section heading, with a blank line before it (except at the top).
    pub fn heading(&mut self, text: impl Into<String>) -> &mut Doc {
        if !self.items.is_empty() && !matches!(self.items.last(), Some(Item::Blank)) {
            self.items.push(Item::Blank);
        }
        self.items.push(Item::Heading(text.into()));
        self
    }

    pub fn blank(&mut self) -> &mut Doc {
        self.items.push(Item::Blank);
        self
    }

    pub fn text(&mut self, indent: usize, text: impl Into<String>, style: Style) -> &mut Doc {
        self.segments(indent, indent, vec![(text.into(), style)])
    }

    /// "• text", wrapped under the text rather than under the bullet.
    pub fn bullet(
        &mut self,
        indent: usize,
        bullet: &str,
        text: impl Into<String>,
        style: Style,
    ) -> &mut Doc {
        let hang = indent + width_of(bullet) + 1;
        self.segments(
            indent,
            hang,
            vec![(format!("{bullet} "), style), (text.into(), style)],
        )
    }

    /// "key    value", the value wrapped under itself.
    pub fn field(
        &mut self,
        indent: usize,
        key: &str,
        key_width: usize,
        value: impl Into<String>,
        key_style: Style,
        style: Style,
    ) -> &mut Doc {
        let pad = key_width.saturating_sub(width_of(key));
        self.segments(
            indent,
            indent + key_width + 1,
            vec![
                (format!("{key}{} ", " ".repeat(pad)), key_style),
                (value.into(), style),
            ],
        )
    }

    pub fn segments(
        &mut self,
        indent: usize,
        hang: usize,
        segments: Vec<(String, Style)>,
    ) -> &mut Doc {
        self.items.push(Item::Text {
            indent,
            hang,
            segments,
            line_style: Style::new(),
        });
        self
    }

    /// Like `segments`, with a style over the whole first line (a selected row).
    pub fn styled_segments(
        &mut self,
        indent: usize,
        hang: usize,
        segments: Vec<(String, Style)>,
        line_style: Style,
    ) -> &mut Doc {
        self.items.push(Item::Text {
            indent,
            hang,
            segments,
            line_style,
        });
        self
    }

    /// Number of items so far (to remember where something starts).
    pub fn mark(&self) -> usize {
        self.items.len()
    }

    pub fn wrap(&self, width: u16, theme: &Theme) -> Wrapped {
        self.wrap_marked(width, theme, &mut [])
    }

    /// Wrap, and turn each item mark in `marks` into the line it starts on.
    pub fn wrap_marked(&self, width: u16, theme: &Theme, marks: &mut [usize]) -> Wrapped {
        let width = usize::from(width.max(1));
        let mut out = Wrapped::default();
        let mut starts = Vec::with_capacity(self.items.len() + 1);
        for item in &self.items {
            starts.push(out.lines.len());
            match item {
                Item::Heading(text) => {
                    out.headings.push(out.lines.len());
                    for line in wrap_segments(&[(text.clone(), theme.heading)], 0, 0, width) {
                        out.lines.push(line);
                    }
                }
                Item::Blank => out.lines.push(Line::raw("")),
                Item::Text {
                    indent,
                    hang,
                    segments,
                    line_style,
                } => {
                    let lines = wrap_segments(segments, *indent, *hang, width);
                    for (i, line) in lines.into_iter().enumerate() {
                        if i == 0 && *line_style != Style::new() {
                            out.lines.push(pad_to(line, width).style(*line_style));
                        } else {
                            out.lines.push(line);
                        }
                    }
                }
            }
        }
        starts.push(out.lines.len());
        for mark in marks.iter_mut() {
            *mark = starts.get(*mark).copied().unwrap_or(out.lines.len());
        }
        out
    }
}

/// Fill a line with spaces to the width, so a line style covers the whole row.
fn pad_to(mut line: Line<'static>, width: usize) -> Line<'static> {
    let w = line.width();
    if w < width {
        line.spans.push(Span::raw(" ".repeat(width - w)));
    }
    line
}

/// Word-wrap styled segments: the first line indented by `indent`, the rest by `hang`.
/// Words longer than a line are cut.
pub fn wrap_segments(
    segments: &[(String, Style)],
    indent: usize,
    hang: usize,
    width: usize,
) -> Vec<Line<'static>> {
    // Words, each with its style and the spaces before it (kept inside a line, dropped
    // where the line wraps).
    let mut words: Vec<(String, Style, usize)> = Vec::new();
    let mut gap = 0usize;
    for (text, style) in segments {
        let mut current = String::new();
        for ch in text.chars() {
            if ch == ' ' {
                if !current.is_empty() {
                    words.push((std::mem::take(&mut current), *style, gap));
                    gap = 0;
                }
                gap += 1;
            } else {
                current.push(ch);
            }
        }
        if !current.is_empty() {
            words.push((current, *style, gap));
            gap = 0;
        }
    }
    let indent = indent.min(width.saturating_sub(1));
    let hang = hang.min(width.saturating_sub(1));
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut spans: Vec<Span<'static>> = vec![Span::raw(" ".repeat(indent))];
    let mut used = indent;
    let mut at_start = true;
    let mut first_line = true;
    let new_line =
        |lines: &mut Vec<Line<'static>>, spans: &mut Vec<Span<'static>>, used: &mut usize| {
            lines.push(Line::from(std::mem::take(spans)));
            spans.push(Span::raw(" ".repeat(hang)));
            *used = hang;
        };
    for (word, style, gap) in words {
        let w = width_of(&word);
        let keep_gap =
            |at_start: bool, first_line: bool| if at_start && !first_line { 0 } else { gap };
        if used + keep_gap(at_start, first_line) + w > width && !at_start {
            new_line(&mut lines, &mut spans, &mut used);
            at_start = true;
            first_line = false;
        }
        let g = keep_gap(at_start, first_line).min(width.saturating_sub(used));
        if g > 0 {
            spans.push(Span::styled(" ".repeat(g), style));
            used += g;
        }
        if used + w <= width {
            spans.push(Span::styled(word, style));
            used += w;
        } else {
            // A word longer than the line: cut it.
            let mut piece = String::new();
            for ch in word.chars() {
                let cw = width_of(&ch.to_string());
                if used + width_of(&piece) + cw > width && !piece.is_empty() {
                    spans.push(Span::styled(std::mem::take(&mut piece), style));
                    new_line(&mut lines, &mut spans, &mut used);
                    first_line = false;
                }
                piece.push(ch);
            }
            used += width_of(&piece);
            spans.push(Span::styled(piece, style));
        }
        at_start = false;
    }
    lines.push(Line::from(spans));
    lines
}

/// A scrolling view of a wrapped document in a block. `max_scroll` and `page` report back
/// how far the view can scroll, so key handling can stop at the end.
pub struct ScrollDoc<'a> {
    pub doc: &'a Doc,
    pub scroll: u16,
    pub block: Option<Block<'a>>,
    pub theme: &'a Theme,
    pub max_scroll: Option<&'a Cell<u16>>,
    pub page: Option<&'a Cell<u16>>,
}

impl<'a> ScrollDoc<'a> {
    pub fn new(doc: &'a Doc, scroll: u16, theme: &'a Theme) -> ScrollDoc<'a> {
        ScrollDoc {
            doc,
            scroll,
            block: None,
            theme,
            max_scroll: None,
            page: None,
        }
    }

    pub fn block(mut self, block: Block<'a>) -> Self {
        self.block = Some(block);
        self
    }

    pub fn report(mut self, max_scroll: &'a Cell<u16>, page: &'a Cell<u16>) -> Self {
        self.max_scroll = Some(max_scroll);
        self.page = Some(page);
        self
    }
}

impl Widget for ScrollDoc<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let inner = match &self.block {
            Some(block) => {
                let inner = block.inner(area);
                block.clone().render(area, buf);
                inner
            }
            None => area,
        };
        if inner.is_empty() {
            return;
        }
        let wrapped = self.doc.wrap(inner.width, self.theme);
        render_lines(
            &wrapped.lines,
            self.scroll,
            inner,
            buf,
            self.theme,
            self.max_scroll,
            self.page,
        );
    }
}

/// Draw lines from `scroll`, with "↑ more" / "↓ more" marks at the right end of the
/// rows just above and below `area` (the borders of the pane it sits in), so they never
/// cover text.
pub fn render_lines(
    lines: &[Line<'static>],
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    max_scroll: Option<&Cell<u16>>,
    page: Option<&Cell<u16>>,
) {
    let total = lines.len();
    let height = usize::from(area.height);
    let max = total.saturating_sub(height);
    let top = usize::from(scroll).min(max);
    if let Some(cell) = max_scroll {
        cell.set(u16::try_from(max).unwrap_or(u16::MAX));
    }
    if let Some(cell) = page {
        cell.set(area.height.saturating_sub(1).max(1));
    }
    for (row, line) in lines.iter().skip(top).take(height).enumerate() {
        buf.set_line(area.x, area.y + row as u16, line, area.width);
    }
    let frame = buf.area;
    if area.width >= 10 {
        let above = crate::tr!("doc.more_above");
        let below = crate::tr!("doc.more_below");
        let mark_x = |mark: &str| area.right().saturating_sub(width_of(mark) as u16);
        if top > 0 && area.y > frame.y {
            buf.set_string(mark_x(above), area.y - 1, above, theme.dim);
        }
        if top < max && area.bottom() < frame.bottom() {
            buf.set_string(mark_x(below), area.bottom(), below, theme.dim);
        }
    }
}
