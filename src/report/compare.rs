//! Several tables (saves) of one exercise side by side, for the hot wash: the decisions
//! of each turn (with the first turn where the tables parted ways), the final values on
//! every ledger, the endings and the ratings.

use super::html::{e, page};
use super::markdown::md;
use super::{Report, marking};
use crate::session::save::Resumed;
use crate::{tr, trn};
use std::fmt::Write as _;

#[derive(Debug, Clone)]
pub struct Comparison {
    pub exercise_id: String,
    pub exercise_title: String,
    pub tables: Vec<TableInfo>,
    /// Turn by turn: the stage, then one row per role that decided.
    pub decisions: Vec<CompareRow>,
    /// The first turn whose stage or choices differ between tables.
    pub diverged_at: Option<u32>,
    pub finals: Vec<CompareRow>,
    pub endings: CompareRow,
    pub ratings: Vec<CompareRow>,
}

#[derive(Debug, Clone)]
pub struct TableInfo {
    pub label: String,
    pub seed: u64,
    pub turns: u32,
    pub status: String,
}

#[derive(Debug, Clone)]
pub struct CompareRow {
    /// The turn, for decision rows.
    pub turn: Option<u32>,
    /// "Stage", a state's name, an indicator, an objective.
    pub label: String,
    /// The ledger, for final values.
    pub group: Option<&'static str>,
    pub cells: Vec<String>,
    /// Reasons given, per table (decision rows only).
    pub notes: Vec<Option<String>>,
    pub differs: bool,
    /// The row that opens a turn with its stage (the label is worded in the language).
    pub is_stage: bool,
}

impl CompareRow {
    fn new(turn: Option<u32>, label: String, cells: Vec<String>) -> CompareRow {
        let differs = cells.windows(2).any(|w| w[0] != w[1]);
        CompareRow {
            turn,
            label,
            group: None,
            notes: vec![None; cells.len()],
            cells,
            differs,
            is_stage: false,
        }
    }
}

const MISSING: &str = "—";

/// What makes two tables' turns the same: the stage and each role's choice (ids).
type TurnSignature = (String, Vec<(String, String)>);

impl Comparison {
    pub fn build(tables: &[(String, Resumed)]) -> Result<Comparison, String> {
        let Some((first_label, first)) = tables.first() else {
            return Err(tr!("compare.none").to_string());
        };
        let ex = &first.session.compiled.exercise;
        for (label, t) in &tables[1..] {
            let other = &t.session.compiled.exercise;
            if other.id != ex.id {
                return Err(tr!(
                    "compare.other_exercise",
                    first = crate::text::sanitize(first_label),
                    first_id = ex.id,
                    other = crate::text::sanitize(label),
                    other_id = other.id
                ));
            }
        }
        let reports: Vec<Report> = tables.iter().map(|(_, r)| Report::build(r)).collect();
        let infos: Vec<TableInfo> = tables
            .iter()
            .zip(&reports)
            .map(|((label, _), r)| TableInfo {
                // A file name can hold anything, escape sequences included.
                label: crate::text::sanitize(label).into_owned(),
                seed: r.overview.seed,
                turns: r.overview.turns_played,
                status: r.overview.status.clone(),
            })
            .collect();

        // Decisions, turn by turn, keyed by role id so the tables line up.
        let max_turns = reports.iter().map(|r| r.timeline.len()).max().unwrap_or(0);
        let mut decisions = Vec::new();
        let mut diverged_at = None;
        for i in 0..max_turns {
            let turn = i as u32 + 1;
            let entries: Vec<Option<&super::TurnEntry>> =
                reports.iter().map(|r| r.timeline.get(i)).collect();
            let mut stage = CompareRow::new(
                Some(turn),
                tr!("compare.stage").to_string(),
                entries
                    .iter()
                    .map(|t| t.map_or_else(|| MISSING.to_string(), |t| t.stage_title.clone()))
                    .collect(),
            );
            stage.is_stage = true;
            let signatures: Vec<Option<TurnSignature>> = entries
                .iter()
                .map(|t| {
                    t.map(|t| {
                        (
                            t.stage_id.clone(),
                            t.decisions
                                .iter()
                                .map(|d| (d.role_id.clone(), d.option_id.clone()))
                                .collect(),
                        )
                    })
                })
                .collect();
            if diverged_at.is_none() && signatures.windows(2).any(|w| w[0] != w[1]) {
                diverged_at = Some(turn);
            }
            decisions.push(stage);
            for role in &ex.roles {
                let chosen: Vec<Option<&super::DecisionEntry>> = entries
                    .iter()
                    .map(|t| t.and_then(|t| t.decisions.iter().find(|d| d.role_id == role.id)))
                    .collect();
                if chosen.iter().all(Option::is_none) {
                    continue;
                }
                let mut row = CompareRow::new(
                    Some(turn),
                    role.name.clone(),
                    chosen
                        .iter()
                        .map(|d| d.map_or_else(|| MISSING.to_string(), |d| d.option.clone()))
                        .collect(),
                );
                row.notes = chosen
                    .iter()
                    .map(|d| d.and_then(|d| d.reason.clone()))
                    .collect();
                decisions.push(row);
            }
        }

        // Final true values, keyed by (indicator, role).
        let mut finals = Vec::new();
        for ledger in &reports[0].ledgers {
            for ind in &ledger.indicators {
                for line in &ind.lines {
                    let cells = reports
                        .iter()
                        .map(|r| {
                            r.ledgers
                                .iter()
                                .flat_map(|l| &l.indicators)
                                .filter(|i| i.id == ind.id)
                                .flat_map(|i| &i.lines)
                                .find(|l| l.role_id == line.role_id)
                                .map_or_else(
                                    || MISSING.to_string(),
                                    |l| {
                                        let value = l.values.last().copied().unwrap_or_default();
                                        let turns = l.values.len().saturating_sub(1) as u32;
                                        if l.observed_at(turns) {
                                            value.to_string()
                                        } else {
                                            tr!("compare.unknown_to_players", value = value)
                                        }
                                    },
                                )
                        })
                        .collect();
                    let label = if ind.unit.is_empty() {
                        line.label.clone()
                    } else {
                        format!("{} ({})", line.label, ind.unit)
                    };
                    let mut row = CompareRow::new(None, label, cells);
                    row.group = Some(ledger.name);
                    finals.push(row);
                }
            }
        }

        let endings = CompareRow::new(
            None,
            tr!("what_if.ending").to_string(),
            reports
                .iter()
                .map(|r| {
                    r.ending
                        .title
                        .clone()
                        .unwrap_or_else(|| r.ending.how.clone())
                })
                .collect(),
        );
        let ratings = reports[0]
            .objectives
            .iter()
            .map(|o| {
                CompareRow::new(
                    None,
                    o.text.clone(),
                    reports
                        .iter()
                        .map(|r| {
                            r.objectives
                                .iter()
                                .find(|x| x.id == o.id)
                                .and_then(|x| x.rating)
                                .map_or_else(
                                    || tr!("compare.not_rated").to_string(),
                                    |r| format!("{r:?}"),
                                )
                        })
                        .collect(),
                )
            })
            .collect();

        Ok(Comparison {
            exercise_id: ex.id.clone(),
            exercise_title: ex.title.clone(),
            tables: infos,
            decisions,
            diverged_at,
            finals,
            endings,
            ratings,
        })
    }

    fn divergence_sentence(&self) -> String {
        match self.diverged_at {
            Some(t) => tr!("compare.diverged", turn = t),
            None => tr!("compare.same").to_string(),
        }
    }

    fn table_line(t: &TableInfo) -> String {
        trn!(
            "compare.table_line",
            t.turns,
            seed = t.seed,
            status = t.status
        )
    }
}

/// The widest a column gets in the terminal before its text is shortened.
const TEXT_COLUMN: usize = 30;

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

/// A plain-text table: a heading row, then rows; each cell clipped to `TEXT_COLUMN`.
fn text_table(out: &mut String, head: &[String], rows: &[(Vec<String>, &str)]) {
    let columns = head.len();
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for (cells, _) in rows {
        for (i, c) in cells.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    for w in widths.iter_mut() {
        *w = (*w).min(TEXT_COLUMN);
    }
    let line = |cells: &[String], mark: &str| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| pad(&clip(c, widths[i]), widths[i]))
            .collect();
        let text = format!("  {}  {mark}", parts.join("  "));
        format!("{}\n", text.trim_end())
    };
    out.push_str(&line(head, ""));
    let total: usize = widths.iter().sum::<usize>() + 2 * (columns - 1);
    let _ = writeln!(out, "  {}", "─".repeat(total));
    for (cells, mark) in rows {
        out.push_str(&line(cells, mark));
    }
}

pub fn render_text(c: &Comparison) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        tr!(
            "compare.text_title",
            marking = marking().to_uppercase(),
            count = c.tables.len(),
            title = c.exercise_title,
            id = c.exercise_id
        )
    );
    let _ = writeln!(o);
    for t in &c.tables {
        let _ = writeln!(
            o,
            "  {} {}",
            tr!("label.colon", text = t.label),
            Comparison::table_line(t)
        );
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", c.divergence_sentence());
    let _ = writeln!(o);
    let labels: Vec<String> = c.tables.iter().map(|t| t.label.clone()).collect();

    let _ = writeln!(o, "{}", tr!("compare.decisions_text"));
    let mut head = vec![tr!("compare.turn").to_string(), String::new()];
    head.extend(labels.iter().cloned());
    let rows: Vec<(Vec<String>, &str)> = c
        .decisions
        .iter()
        .map(|r| {
            let is_stage = r.is_stage;
            let turn = match (is_stage, r.turn) {
                (true, Some(t)) if c.diverged_at == Some(t) => format!("{t} ◀"),
                (true, Some(t)) => t.to_string(),
                _ => String::new(),
            };
            let mut cells = vec![turn, r.label.clone()];
            cells.extend(r.cells.iter().cloned());
            (cells, if r.differs { "≠" } else { "" })
        })
        .collect();
    text_table(&mut o, &head, &rows);
    if let Some(t) = c.diverged_at {
        let _ = writeln!(o, "  ◀ {}", tr!("compare.first_divergence_at", turn = t));
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "{}", tr!("compare.finals_text"));
    let mut head = vec![
        tr!("compare.ledger").to_string(),
        tr!("aar.indicator").to_string(),
    ];
    head.extend(labels.iter().cloned());
    let mut last_group = None;
    let rows: Vec<(Vec<String>, &str)> = c
        .finals
        .iter()
        .map(|r| {
            let group = if last_group == r.group {
                String::new()
            } else {
                last_group = r.group;
                r.group.unwrap_or_default().to_string()
            };
            let mut cells = vec![group, r.label.clone()];
            cells.extend(r.cells.iter().cloned());
            (cells, if r.differs { "≠" } else { "" })
        })
        .collect();
    text_table(&mut o, &head, &rows);
    let _ = writeln!(o);

    let _ = writeln!(o, "{}", tr!("compare.endings"));
    let mut head = vec![String::new()];
    head.extend(labels.iter().cloned());
    let mut rows: Vec<(Vec<String>, &str)> = Vec::new();
    for r in std::iter::once(&c.endings).chain(&c.ratings) {
        let mut cells = vec![r.label.clone()];
        cells.extend(r.cells.iter().cloned());
        rows.push((cells, if r.differs { "≠" } else { "" }));
    }
    text_table(&mut o, &head, &rows);
    o
}

pub fn render_markdown(c: &Comparison) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "**{}**", marking().to_uppercase());
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "# {}",
        tr!("compare.md_title", title = md(&c.exercise_title))
    );
    let _ = writeln!(o);
    for t in &c.tables {
        let _ = writeln!(
            o,
            "- **{}**: {}",
            md(&t.label),
            md(&Comparison::table_line(t))
        );
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", c.divergence_sentence());
    let _ = writeln!(o);
    let labels: Vec<String> = c.tables.iter().map(|t| md(&t.label)).collect();
    let rule = |o: &mut String, n: usize| {
        let _ = writeln!(o, "|{}", "---|".repeat(n));
    };

    let _ = writeln!(o, "## {}", tr!("compare.decisions"));
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "| {} | | {} | |",
        tr!("compare.turn"),
        labels.join(" | ")
    );
    rule(&mut o, labels.len() + 3);
    for r in &c.decisions {
        let is_stage = r.is_stage;
        let turn = match (is_stage, r.turn) {
            (true, Some(t)) if c.diverged_at == Some(t) => {
                format!("**{t} — {}**", tr!("compare.first_divergence"))
            }
            (true, Some(t)) => t.to_string(),
            _ => String::new(),
        };
        let cells: Vec<String> = r
            .cells
            .iter()
            .zip(&r.notes)
            .map(|(cell, note)| {
                let cell = if is_stage {
                    format!("*{}*", md(cell))
                } else {
                    md(cell)
                };
                match note {
                    Some(n) => format!("{cell} — \"{}\"", md(n)),
                    None => cell,
                }
            })
            .collect();
        let _ = writeln!(
            o,
            "| {turn} | {} | {} | {} |",
            md(&r.label),
            cells.join(" | "),
            if r.differs { "≠" } else { "" }
        );
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "## {}", tr!("compare.finals"));
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "| {} | {} | {} | |",
        tr!("compare.ledger"),
        tr!("aar.indicator"),
        labels.join(" | ")
    );
    rule(&mut o, labels.len() + 3);
    for r in &c.finals {
        let cells: Vec<String> = r.cells.iter().map(|c| md(c)).collect();
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |",
            r.group.unwrap_or_default(),
            md(&r.label),
            cells.join(" | "),
            if r.differs { "≠" } else { "" }
        );
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "## {}", tr!("compare.endings"));
    let _ = writeln!(o);
    let _ = writeln!(o, "| | {} | |", labels.join(" | "));
    rule(&mut o, labels.len() + 2);
    for r in std::iter::once(&c.endings).chain(&c.ratings) {
        let cells: Vec<String> = r.cells.iter().map(|c| md(c)).collect();
        let _ = writeln!(
            o,
            "| {} | {} | {} |",
            md(&r.label),
            cells.join(" | "),
            if r.differs { "≠" } else { "" }
        );
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "**{}**", marking().to_uppercase());
    o
}

pub fn render_html(c: &Comparison) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "<header>");
    let _ = writeln!(b, "<p class=\"kicker\">{}</p>", e(tr!("compare.kicker")));
    let _ = writeln!(b, "<h1>{}</h1>", e(&c.exercise_title));
    let _ = writeln!(b, "</header>");
    let _ = writeln!(b, "<ul>");
    for t in &c.tables {
        let _ = writeln!(
            b,
            "<li><strong>{}</strong>: {}</li>",
            e(&t.label),
            e(&Comparison::table_line(t))
        );
    }
    let _ = writeln!(b, "</ul>");
    let _ = writeln!(
        b,
        "<p class=\"outcome\">{}</p>",
        e(&c.divergence_sentence())
    );
    let head: String = c
        .tables
        .iter()
        .map(|t| format!("<th>{}</th>", e(&t.label)))
        .collect();
    let differs = |r: &CompareRow| {
        if r.differs {
            tr!("compare.differs")
        } else {
            ""
        }
    };

    let _ = writeln!(b, "<h2>{}</h2>", e(tr!("compare.decisions")));
    let _ = writeln!(
        b,
        "<table><thead><tr><th>{}</th><th></th>{head}<th></th></tr></thead><tbody>",
        e(tr!("compare.turn"))
    );
    for r in &c.decisions {
        let is_stage = r.is_stage;
        let first = is_stage && r.turn.is_some() && r.turn == c.diverged_at;
        let turn = match (is_stage, r.turn) {
            (true, Some(t)) if first => format!(
                "<strong>{t}</strong><br><span class=\"chip\">{}</span>",
                e(tr!("compare.first_divergence"))
            ),
            (true, Some(t)) => t.to_string(),
            _ => String::new(),
        };
        let style = if is_stage {
            " style=\"background:#f3f5f8\""
        } else {
            ""
        };
        let cells: String = r
            .cells
            .iter()
            .zip(&r.notes)
            .map(|(cell, note)| {
                let note = note
                    .as_deref()
                    .map(|n| format!("<br><span class=\"small\">\"{}\"</span>", e(n)))
                    .unwrap_or_default();
                if is_stage {
                    format!("<td><em>{}</em>{note}</td>", e(cell))
                } else {
                    format!("<td>{}{note}</td>", e(cell))
                }
            })
            .collect();
        let _ = writeln!(
            b,
            "<tr{style}><td>{turn}</td><th scope=\"row\">{}</th>{cells}<td class=\"small\">{}</td></tr>",
            e(&r.label),
            differs(r)
        );
    }
    let _ = writeln!(b, "</tbody></table>");

    let _ = writeln!(b, "<h2>{}</h2>", e(tr!("compare.finals")));
    let _ = writeln!(
        b,
        "<table><thead><tr><th>{}</th><th>{}</th>{head}<th></th></tr></thead><tbody>",
        e(tr!("compare.ledger")),
        e(tr!("aar.indicator"))
    );
    for r in &c.finals {
        let cells: String = r
            .cells
            .iter()
            .map(|v| format!("<td class=\"num\">{}</td>", e(v)))
            .collect();
        let _ = writeln!(
            b,
            "<tr><td>{}</td><th scope=\"row\">{}</th>{cells}<td class=\"small\">{}</td></tr>",
            r.group.unwrap_or_default(),
            e(&r.label),
            differs(r)
        );
    }
    let _ = writeln!(b, "</tbody></table>");

    let _ = writeln!(b, "<h2>{}</h2>", e(tr!("compare.endings")));
    let _ = writeln!(
        b,
        "<table><thead><tr><th></th>{head}<th></th></tr></thead><tbody>"
    );
    for r in std::iter::once(&c.endings).chain(&c.ratings) {
        let cells: String = r
            .cells
            .iter()
            .map(|v| format!("<td>{}</td>", e(v)))
            .collect();
        let _ = writeln!(
            b,
            "<tr><th scope=\"row\">{}</th>{cells}<td class=\"small\">{}</td></tr>",
            e(&r.label),
            differs(r)
        );
    }
    let _ = writeln!(b, "</tbody></table>");
    page(&tr!("compare.page_title", title = c.exercise_title), &b)
}
