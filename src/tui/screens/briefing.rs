//! The briefing (and, before it, the content note when the exercise has one): setting,
//! countries, each delegation's public brief, the solo player's own private brief, the
//! objectives-and-obligations table and the learning objectives. One scrolling document;
//! Tab jumps from section to section.
//!
//! ```text
//! ┌Briefing — The Harbour Test──────────────────────────────────────────────┐
//! │The setting                                                              │
//! │Three states share a narrow sea. ...                                     │
//! │  Alda — The country people leave.                                       │
//! │The delegations                                                          │
//! │Alda (origin)                                                            │
//! │  • You want your citizens safe ...                                ↓ more│
//! └─────────────────────────────────────────────────────────────────────────┘
//! ```

use super::fitted_pane;
use super::setup::name_with_kind;
use crate::scenario::model::Exercise;
use crate::tr;
use crate::tui::app::{Play, View};
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, render_lines};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub struct BriefingView<'a> {
    pub play: &'a Play,
    pub theme: &'a Theme,
}

/// The objectives-and-obligations table, one block per state.
pub fn obligations(doc: &mut Doc, ex: &Exercise, theme: &Theme) {
    for row in &ex.obligations {
        let name = ex
            .roles
            .iter()
            .find(|r| r.id == row.role)
            .map_or(row.role.clone(), name_with_kind);
        doc.text(0, name, theme.heading);
        // The keys' column fits the longest key in the language, so values line up.
        let keys = [
            tr!("obligations.management"),
            tr!("obligations.protection"),
            tr!("obligations.tensions"),
        ];
        let width = keys
            .iter()
            .map(|k| crate::tui::widgets::doc::width_of(k))
            .max()
            .unwrap_or(10)
            .max(10)
            + 1;
        for (key, values) in keys
            .into_iter()
            .zip([&row.management, &row.protection, &row.tensions])
        {
            doc.field(
                2,
                key,
                width,
                values.join(tr!("list.separator")),
                theme.dim,
                theme.text,
            );
        }
    }
}

pub fn briefing_doc(play: &Play, theme: &Theme) -> Doc {
    let ex = &play.session.compiled.exercise;
    let t = theme;
    let mut doc = Doc::new();
    doc.heading(ex.title.clone());
    doc.text(0, ex.summary.clone(), t.text);
    doc.heading(tr!("briefing.setting"));
    doc.text(0, ex.setting.intro.join(" "), t.text);
    for country in &ex.setting.countries {
        doc.bullet(
            2,
            "•",
            format!("{} — {}", country.name, country.text),
            t.text,
        );
    }
    doc.heading(tr!("briefing.delegations"));
    for role in &ex.roles {
        let who = play.who(ex.roles.iter().position(|r| r.id == role.id).unwrap_or(0) as u32);
        let who = if who.is_empty() {
            String::new()
        } else {
            format!(" — {who}")
        };
        doc.text(0, format!("{}{who}", name_with_kind(role)), t.heading);
        for line in &role.public_brief {
            doc.bullet(2, "•", line.clone(), t.text);
        }
    }
    if let Some(player) = play.player {
        let role = &ex.roles[player as usize];
        doc.heading(tr!("briefing.private_brief", role = role.name));
        for line in &role.private_brief {
            doc.bullet(2, "•", line.clone(), t.text);
        }
        interests_and_leverage(&mut doc, role, 2, t);
    }
    if !ex.obligations.is_empty() {
        doc.heading(tr!("briefing.obligations"));
        obligations(&mut doc, ex, t);
    }
    if !ex.objectives.is_empty() {
        doc.heading(tr!("briefing.objectives"));
        for objective in &ex.objectives {
            doc.bullet(2, "•", objective.text.clone(), t.text);
        }
    }
    doc.blank();
    doc.text(0, tr!("briefing.enter_starts"), t.dim);
    doc
}

/// A role's interests and leverage, as "key value" fields whose keys line up.
pub fn interests_and_leverage(
    doc: &mut Doc,
    role: &crate::scenario::model::Role,
    indent: usize,
    t: &Theme,
) {
    let interests = tr!("briefing.interests");
    let leverage = tr!("briefing.leverage");
    let width = crate::tui::widgets::doc::width_of(interests)
        .max(crate::tui::widgets::doc::width_of(leverage))
        .max(9);
    if !role.interests.is_empty() {
        doc.field(
            indent,
            interests,
            width,
            role.interests.join(tr!("list.separator")),
            t.dim,
            t.text,
        );
    }
    if !role.leverage.is_empty() {
        doc.field(
            indent,
            leverage,
            width,
            role.leverage.join(tr!("list.separator")),
            t.dim,
            t.text,
        );
    }
}

fn content_note_doc(play: &Play, theme: &Theme) -> Doc {
    let ex = &play.session.compiled.exercise;
    let mut doc = Doc::new();
    doc.heading(tr!("title.content_note"));
    if let Some(note) = &ex.content_note {
        doc.text(0, note.clone(), theme.text);
    }
    doc.blank();
    doc.text(0, tr!("briefing.enter_continues"), theme.dim);
    doc
}

impl Widget for &BriefingView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let play = self.play;
        let ex = &play.session.compiled.exercise;
        let (title, doc) = if play.view == View::ContentNote {
            (
                tr!("briefing.before_title", title = ex.title),
                content_note_doc(play, self.theme),
            )
        } else {
            (
                tr!("briefing.title", title = ex.title),
                briefing_doc(play, self.theme),
            )
        };
        let block = fitted_pane(&title, area.width, self.theme, true);
        let inner = block.inner(area);
        block.render(area, buf);
        let wrapped = doc.wrap(inner.width, self.theme);
        *play.headings.borrow_mut() = wrapped.headings.iter().map(|&h| h as u16).collect();
        render_lines(
            &wrapped.lines,
            play.scroll,
            inner,
            buf,
            self.theme,
            Some(&play.max_scroll),
            Some(&play.page),
        );
    }
}
