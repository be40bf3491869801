//! The launcher's "Continue" tab: saved sessions, newest first; Enter resumes one at the
//! turn it stopped. Saves that cannot be read are left out and counted. Tab switches
//! between "New exercise" and "Continue".
//!
//! ```text
//!  New exercise │›Continue (2)
//! ┌Saved sessions — newest first────────────────────────────────────────────┐
//! │› The Harbour Test — turn 2                                              │
//! │    2023-11-14 22:13 UTC · solo · Alda                                   │
//! │  The Harbour Test — ended                                               │
//! │    2023-11-14 21:40 UTC · group · Alda, Brinn, Corva                    │
//! └─────────────────────────────────────────────────────────────────────────┘
//! ┌This save────────────────────────────────────────────────────────────────┐
//! │harbour-1700000000.save.ron · seed 7 · 4 actions                         │
//! │Started 2023-11-14 22:05 UTC, last saved 2023-11-14 22:13 UTC            │
//! │Folder: /home/trainer/.local/share/crossings/saves                       │
//! │1 unreadable save skipped.                                               │
//! └─────────────────────────────────────────────────────────────────────────┘
//! ```

use super::{keep_visible, pane};
use crate::exercises::Loaded;
use crate::report::utc_date_time;
use crate::session::save::{self, SaveFile};
use crate::tui::autosave::SAVE_SUFFIX;
use crate::tui::theme::Theme;
use crate::tui::widgets::doc::{Doc, ScrollDoc, render_lines};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use std::path::{Path, PathBuf};

/// One readable save, as the list shows it.
#[derive(Debug, Clone)]
pub struct SaveEntry {
    pub path: PathBuf,
    pub title: String,
    /// The turn the session resumes at.
    pub turn: u32,
    pub ended: bool,
    pub started: u64,
    pub updated: u64,
    pub mode: String,
    /// The roster's delegation labels, joined.
    pub roster: String,
    pub seed: u64,
    pub actions: usize,
    /// The exercise changed shape since the save (resuming says more).
    pub changed: bool,
}

/// The saves in a folder, newest first, and how many could not be read.
#[derive(Debug, Clone, Default)]
pub struct ContinueList {
    pub dir: PathBuf,
    pub entries: Vec<SaveEntry>,
    pub skipped: usize,
    pub selected: usize,
    /// Whether the launcher shows this tab (else "New exercise").
    pub active: bool,
    /// Save files counted but not read yet ([`ContinueList::counted`]): the tab's count
    /// until it is opened.
    pub unread: Option<usize>,
}

impl ContinueList {
    /// The saves in `dir` counted, not read: all the launcher's first frame needs, so
    /// that starting does not take longer as saves pile up. Opening the tab reads them
    /// ([`ContinueList::load`]); a save that proves unreadable then drops out of the count.
    pub fn counted(dir: &Path) -> ContinueList {
        ContinueList {
            dir: dir.to_path_buf(),
            unread: Some(save_paths(dir).len()),
            ..ContinueList::default()
        }
    }

    /// How many saves the tab counts: those read, or before reading, the files.
    pub fn count(&self) -> usize {
        self.unread.unwrap_or(self.entries.len())
    }

    /// Read every save in `dir`. Shipped exercises are looked up in `shipped`; a save
    /// that does not parse, or whose exercise is missing, counts as skipped.
    pub fn load(dir: &Path, shipped: &[Loaded]) -> ContinueList {
        let mut list = ContinueList {
            dir: dir.to_path_buf(),
            ..ContinueList::default()
        };
        let paths = save_paths(dir);
        // Embedded exercises compiled once per distinct source.
        let mut embedded: Vec<(String, Loaded)> = Vec::new();
        for path in paths {
            let Ok(file) = SaveFile::read(&path) else {
                list.skipped += 1;
                continue;
            };
            let loaded = match &file.source {
                None => shipped
                    .iter()
                    .find(|l| l.compiled.exercise.id == file.exercise)
                    .cloned(),
                Some(source) => match embedded.iter().find(|(s, _)| s == source) {
                    Some((_, loaded)) => Some(loaded.clone()),
                    None => file
                        .exercise(&path.display().to_string())
                        .ok()
                        .inspect(|l| {
                            embedded.push((source.clone(), l.clone()));
                        }),
                },
            };
            let Some(loaded) = loaded else {
                list.skipped += 1;
                continue;
            };
            let resumed = save::replay(&file, loaded);
            let session = &resumed.session;
            list.entries.push(SaveEntry {
                title: session.compiled.exercise.title.clone(),
                turn: session.state.turn,
                ended: session.state.is_ended(),
                started: file.meta.started,
                updated: file.meta.updated.max(file.meta.started),
                mode: file.meta.mode.label().to_string(),
                roster: file
                    .meta
                    .roster
                    .iter()
                    .map(|d| d.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                seed: file.seed,
                actions: file.log.len(),
                changed: resumed.structure_changed,
                path,
            });
        }
        list.entries
            .sort_by(|a, b| b.updated.cmp(&a.updated).then(a.path.cmp(&b.path)));
        list
    }

    pub fn selected_entry(&self) -> Option<&SaveEntry> {
        self.entries.get(self.selected)
    }

    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn down(&mut self) {
        self.selected = (self.selected + 1).min(self.entries.len().saturating_sub(1));
    }
}

/// The save files in `dir`, by name; none if it cannot be read.
fn save_paths(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(SAVE_SUFFIX))
        .collect();
    paths.sort();
    paths
}

/// "New exercise │ Continue (2)", the active tab marked with "›".
pub struct LauncherTabs<'a> {
    pub list: &'a ContinueList,
    pub theme: &'a Theme,
}

impl Widget for &LauncherTabs<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let tabs = [
            (
                crate::tr!("continue.tab.new").to_string(),
                !self.list.active,
            ),
            (
                crate::tr!("continue.tab.continue", count = self.list.count()),
                self.list.active,
            ),
        ];
        let mut spans = vec![Span::raw(" ")];
        for (i, (name, active)) in tabs.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled("│", t.dim));
            }
            let (label, style) = if *active {
                (format!("›{name} "), t.tab_active)
            } else {
                (format!(" {name} "), t.tab)
            };
            spans.push(Span::styled(label, style));
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }
}

/// The "Continue" tab's body.
pub struct ContinueView<'a> {
    pub list: &'a ContinueList,
    pub theme: &'a Theme,
}

impl Widget for &ContinueView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let list = self.list;
        let [list_area, about_area] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(7)]).areas(area);
        let block = pane(crate::tr!("continue.title"), t, true);
        let inner = block.inner(list_area);
        block.render(list_area, buf);
        let mut doc = Doc::new();
        let mut marks = Vec::new();
        if list.entries.is_empty() {
            doc.text(0, crate::tr!("continue.none"), t.text);
            doc.blank();
            doc.text(0, crate::tr!("continue.none.how"), t.dim);
        }
        for (i, entry) in list.entries.iter().enumerate() {
            let selected = i == list.selected;
            marks.push(doc.mark());
            let glyph = if selected { "›" } else { " " };
            let at = if entry.ended {
                crate::tr!("continue.ended").to_string()
            } else {
                crate::tr!("continue.turn", turn = entry.turn)
            };
            let segments = vec![
                (format!("{glyph} {}", entry.title), t.heading),
                (format!(" — {at}"), t.text),
            ];
            if selected {
                doc.styled_segments(0, 4, segments, t.selected);
            } else {
                doc.segments(0, 4, segments);
            }
            let mut details = vec![utc_date_time(entry.updated), entry.mode.clone()];
            if !entry.roster.is_empty() {
                details.push(entry.roster.clone());
            }
            if entry.changed {
                details.push(crate::tr!("continue.changed").into());
            }
            doc.text(4, details.join(" · "), t.dim);
            marks.push(doc.mark());
        }
        let wrapped = doc.wrap_marked(inner.width, t, &mut marks);
        let sel = list.selected * 2;
        let top = match (marks.get(sel), marks.get(sel + 1)) {
            (Some(&s), Some(&e)) => keep_visible(s, e, usize::from(inner.height)),
            _ => 0,
        };
        render_lines(&wrapped.lines, top, inner, buf, t, None, None);

        let mut about = Doc::new();
        if let Some(entry) = list.selected_entry() {
            // Saves arrive from elsewhere: their file names are not ours to trust either.
            let name = entry
                .path
                .file_name()
                .map(|n| crate::text::sanitize(&n.to_string_lossy()).into_owned())
                .unwrap_or_default();
            about.text(
                0,
                crate::trn!(
                    "continue.file",
                    entry.actions,
                    name = name,
                    seed = entry.seed
                ),
                t.text,
            );
            about.text(
                0,
                crate::tr!(
                    "continue.started",
                    started = utc_date_time(entry.started),
                    saved = utc_date_time(entry.updated)
                ),
                t.text,
            );
        }
        about.text(
            0,
            crate::tr!("continue.folder", folder = list.dir.display()),
            t.dim,
        );
        if list.skipped > 0 {
            about.text(0, crate::trn!("continue.skipped", list.skipped), t.warning);
        }
        ScrollDoc::new(&about, 0, t)
            .block(pane(crate::tr!("continue.this_save"), t, false))
            .render(about_area, buf);
    }
}
