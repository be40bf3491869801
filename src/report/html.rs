//! The report as ONE self-contained HTML file: inline CSS (with an A4 print stylesheet),
//! inline SVG charts, no scripts, no fonts or images from elsewhere. Every piece of
//! exercise or save text goes through `html_escape`.

use super::{IndicatorSeries, Report, SPARE_PLAN_ROWS, marking};
use crate::text::html_escape;
use crate::{tr, trn};
use std::fmt::Write as _;

/// Escape text from the exercise or the save.
pub(crate) fn e(text: &str) -> String {
    html_escape(text)
}

pub(crate) const CSS: &str = r#"
:root { --ink: #1b1f24; --muted: #5b6470; --rule: #c9d0d8; --soft: #f3f5f8; --accent: #1f4e79; }
* { box-sizing: border-box; }
html { background: #e9ecef; }
body { margin: 0; color: var(--ink); font: 10.5pt/1.45 "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
main { max-width: 190mm; margin: 0 auto; background: #fff; padding: 14mm 16mm 10mm; }
.marking { max-width: 190mm; margin: 0 auto; background: #fff; text-align: center; font-weight: 700;
  letter-spacing: .18em; text-transform: uppercase; font-size: 9pt; color: #8a1c1c; padding: 3mm 0;
  border-bottom: 1px solid var(--rule); }
.marking.bottom { border-bottom: 0; border-top: 1px solid var(--rule); }
h1 { font-size: 21pt; margin: 0 0 2mm; color: var(--accent); line-height: 1.2; }
h2 { font-size: 14pt; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 1mm; margin: 9mm 0 3mm; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
p { margin: 0 0 2.5mm; }
ul { margin: 0 0 3mm; padding-left: 6mm; }
li { margin: .6mm 0; }
.kicker { text-transform: uppercase; letter-spacing: .12em; font-size: 9pt; color: var(--muted); margin: 0 0 1mm; }
.sub { color: var(--muted); margin-bottom: 5mm; }
.warning { border: 2px solid #8a1c1c; background: #fbeeee; padding: 3mm 4mm; margin: 4mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 4mm; font-size: 9.5pt; break-inside: auto; }
tr { break-inside: avoid; }
th, td { border: 1px solid var(--rule); padding: 1.4mm 2mm; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.facts th { width: 32%; }
.rating { display: inline-block; border: 1.5px solid currentColor; border-radius: 3px; padding: 0 2mm; font-weight: 700; }
.rating.none { color: var(--muted); font-weight: 400; border-style: dashed; }
.objective { border-left: 3px solid var(--accent); padding: 1mm 0 1mm 4mm; margin: 3mm 0 4mm; break-inside: avoid; }
.turn { border: 1px solid var(--rule); border-radius: 2mm; padding: 3mm 4mm 1mm; margin: 3mm 0 4mm; }
.turn h3 { margin-top: 0; }
.situation { font-style: italic; color: var(--muted); }
.chip { display: inline-block; border: 1px solid var(--rule); border-radius: 8px; padding: 0 1.8mm; margin: 0 1mm .6mm 0; font-size: 8.5pt; background: var(--soft); white-space: nowrap; }
.small { font-size: 8.8pt; color: var(--muted); }
.hiddenmark { font-size: 8.5pt; color: #6a3d9a; }
.outcome { font-weight: 600; }
.abandoned { border: 1px dashed var(--muted); padding: 2mm 4mm; margin: 3mm 0; break-inside: avoid; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; margin-bottom: 4mm; }
figure { margin: 0; border: 1px solid var(--rule); padding: 2mm; break-inside: avoid; }
figcaption { font-weight: 600; font-size: 9.5pt; margin-bottom: 1mm; }
svg { width: 100%; height: auto; display: block; }
svg text { font-family: inherit; }
.legend { font-size: 8.5pt; color: var(--ink); margin-top: 1mm; }
.legend span { margin-right: 3mm; white-space: nowrap; }
.legend svg { display: inline-block; width: 9mm; height: 3mm; vertical-align: middle; }
.question { border: 1px solid var(--rule); padding: 2.5mm 4mm 3mm; margin: 2.5mm 0; break-inside: avoid; }
.question p { margin-bottom: 1.5mm; }
.answer { margin-top: 1mm; }
.answer div { height: 7mm; border-bottom: 1px solid #9aa4b0; }
.question h3 { margin-top: 0; }
.suggestion { border-left: 4px solid #b5541c; background: #fdf5ef; padding: 2mm 4mm; margin: 2mm 0 4mm; }
.plan td { height: 13mm; }
.plan td:first-child { width: 7mm; }
.page-break { break-before: page; }
@page { size: A4; margin: 18mm;
  @top-center { content: "EXERCISE ONLY"; font: 700 8pt sans-serif; letter-spacing: .18em; color: #8a1c1c; }
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt sans-serif; color: #5b6470; } }
@media print {
  html, body { background: #fff; }
  main { max-width: none; padding: 0; margin: 0; }
  .marking { display: none; }
  h2 { break-after: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// A whole page: the marking above and below, the styles inline, in the interface
/// language (the printed page header too).
pub(crate) fn page(title: &str, body: &str) -> String {
    let marking = e(marking());
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}@page {{ @top-center {{ content: \"{}\"; }} }}\n</style>\n</head>\n<body>\n<div class=\"marking\">{marking}</div>\n<main>\n{body}</main>\n<div class=\"marking bottom\">{marking}</div>\n</body>\n</html>\n",
        crate::i18n::current().code(),
        e(title),
        css_string(&super::marking().to_uppercase()),
    )
}

/// Text for a CSS string: quotes and backslashes escaped, no line breaks.
pub(crate) fn css_string(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            '<' => vec![' '],
            c => vec![c],
        })
        .collect()
}

pub fn render(r: &Report) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "<header>");
    let _ = writeln!(b, "<p class=\"kicker\">{}</p>", e(tr!("aar.title")));
    let _ = writeln!(b, "<h1>{}</h1>", e(&r.exercise.title));
    let _ = writeln!(b, "<p class=\"sub\">{}</p>", e(&r.exercise.context));
    let _ = writeln!(b, "</header>");
    for w in &r.warnings {
        let _ = writeln!(
            b,
            "<p class=\"warning\"><strong>{}</strong> {}</p>",
            e(tr!("aar.warning")),
            e(w)
        );
    }
    overview(&mut b, r);
    objectives(&mut b, r);
    scenario(&mut b, r);
    timeline(&mut b, r);
    outcomes(&mut b, r);
    ending(&mut b, r);
    reality(&mut b, r);
    questions(&mut b, r);
    findings(&mut b, r);
    plan(&mut b, r);
    frameworks(&mut b, r);
    page(&tr!("aar.page_title", title = r.exercise.title), &b)
}

fn list(b: &mut String, items: &[String]) {
    let _ = writeln!(b, "<ul>");
    for item in items {
        let _ = writeln!(b, "<li>{}</li>", e(item));
    }
    let _ = writeln!(b, "</ul>");
}

fn overview(b: &mut String, r: &Report) {
    let v = &r.overview;
    let _ = writeln!(b, "<section>\n<h2>{}</h2>", e(tr!("aar.h.overview")));
    let _ = writeln!(b, "<table class=\"facts\">");
    let mut rows: Vec<(&str, String)> = vec![
        (
            tr!("aar.exercise"),
            format!(
                "{} <span class=\"small\">({})</span>",
                e(&r.exercise.title),
                e(&r.exercise.id)
            ),
        ),
        (tr!("aar.context"), e(&r.exercise.context)),
        (tr!("aar.date"), e(&v.date)),
        (tr!("aar.mode"), e(&v.mode)),
        (tr!("aar.session_plan"), e(&v.plan)),
        (tr!("aar.seed"), v.seed.to_string()),
        (tr!("aar.turns_played"), v.turns_played.to_string()),
    ];
    if let Some(d) = &v.duration {
        rows.push((tr!("aar.duration"), e(d)));
    }
    rows.push((tr!("aar.status"), e(&v.status)));
    for (k, val) in rows {
        let _ = writeln!(b, "<tr><th scope=\"row\">{}</th><td>{val}</td></tr>", e(k));
    }
    let _ = writeln!(b, "</table>");
    let _ = writeln!(b, "<h3>{}</h3>", e(tr!("aar.delegations")));
    let roster = !v.roster.is_empty();
    let _ = writeln!(
        b,
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th>{}</tr></thead><tbody>",
        e(tr!("aar.state")),
        e(tr!("aar.role")),
        e(tr!("aar.played_by")),
        if roster {
            format!(
                "<th>{}</th><th>{}</th><th>{}</th>",
                e(tr!("setup.row.delegation")),
                e(tr!("roster.members")),
                e(tr!("roster.agency"))
            )
        } else {
            String::new()
        }
    );
    for role in &r.roles {
        let entry = v.roster.iter().find(|d| d.role_id == role.id);
        let state = match &role.country {
            Some(k) if *k != role.name => format!("{} ({})", e(&role.name), e(k)),
            _ => e(&role.name),
        };
        let delegation = if roster {
            format!(
                "<td>{}</td><td>{}</td><td>{}</td>",
                entry.map(|d| e(&d.label)).unwrap_or_default(),
                entry.map(|d| e(&d.members.join(", "))).unwrap_or_default(),
                entry
                    .and_then(|d| d.agency.as_deref())
                    .map(e)
                    .unwrap_or_default()
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            b,
            "<tr><td>{state}</td><td>{}</td><td>{}</td>{delegation}</tr>",
            role.kind,
            e(&role.played_by),
        );
    }
    let _ = writeln!(b, "</tbody></table>");
    if !v.observers.is_empty() {
        let _ = writeln!(
            b,
            "<p>{}</p>",
            e(&tr!("aar.observers", names = v.observers.join(", ")))
        );
    }
    let _ = writeln!(b, "</section>");
}

fn objectives(b: &mut String, r: &Report) {
    let _ = writeln!(b, "<section>\n<h2>{}</h2>", e(tr!("aar.h.objectives")));
    let _ = writeln!(b, "<p class=\"small\">{}</p>", e(tr!("aar.ratings_legend")));
    if r.objectives.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", e(tr!("aar.no_objectives")));
    }
    for (i, obj) in r.objectives.iter().enumerate() {
        let _ = writeln!(b, "<div class=\"objective\">");
        let _ = writeln!(
            b,
            "<h3>{}</h3>",
            e(&tr!("aar.objective", number = i + 1, text = obj.text))
        );
        let class = if obj.rating.is_some() {
            "rating"
        } else {
            "rating none"
        };
        let _ = writeln!(
            b,
            "<p>{} <span class=\"{class}\">{}</span></p>",
            e(tr!("aar.rating")),
            e(&obj.rating_text())
        );
        match &obj.comment {
            Some(c) => {
                let _ = writeln!(b, "<p>{} {}</p>", e(tr!("aar.comment")), e(c));
            }
            None if obj.rating.is_none() => {
                let _ = writeln!(
                    b,
                    "<p>{}</p><div class=\"answer\"><div></div><div></div></div>",
                    e(tr!("aar.comment"))
                );
            }
            None => {}
        }
        if !obj.behaviours.is_empty() {
            let _ = writeln!(b, "<h4>{}</h4>", e(tr!("aar.behaviours")));
            list(b, &obj.behaviours);
        }
        let _ = writeln!(b, "</div>");
    }
    if !r.scores.is_empty() {
        let _ = writeln!(b, "<h3>{}</h3>", e(tr!("aar.knowledge_check")));
        let _ = writeln!(
            b,
            "<p class=\"small\">{}</p>",
            e(tr!("aar.knowledge_check.intro"))
        );
        let _ = writeln!(
            b,
            "<table><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
            e(tr!("setup.row.delegation")),
            e(tr!("aar.before")),
            e(tr!("aar.after")),
            e(tr!("aar.change"))
        );
        for s in &r.scores {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                e(&s.role),
                e(&s.score_text(s.pre)),
                e(&s.score_text(s.post)),
                e(&s.change_text())
            );
        }
        let _ = writeln!(b, "</tbody></table>");
    }
    let _ = writeln!(b, "</section>");
}

fn scenario(b: &mut String, r: &Report) {
    let _ = writeln!(b, "<section>\n<h2>{}</h2>", e(tr!("aar.h.scenario")));
    let _ = writeln!(b, "<p>{}</p>", e(&r.exercise.summary));
    if let Some(note) = &r.exercise.content_note {
        let _ = writeln!(
            b,
            "<p class=\"warning\">{}</p>",
            e(&tr!("launcher.content_note", note = note))
        );
    }
    if !r.exercise.intro.is_empty() {
        list(b, &r.exercise.intro);
    }
    if !r.obligations.is_empty() {
        let _ = writeln!(b, "<h3>{}</h3>", e(tr!("briefing.obligations")));
        let _ = writeln!(
            b,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            e(tr!("aar.state")),
            e(tr!("aar.management")),
            e(tr!("aar.protection")),
            e(tr!("aar.tensions"))
        );
        for ob in &r.obligations {
            let join = |v: &[String]| v.iter().map(|s| e(s)).collect::<Vec<_>>().join("<br>");
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(&ob.role),
                join(&ob.management),
                join(&ob.protection),
                join(&ob.tensions)
            );
        }
        let _ = writeln!(b, "</tbody></table>");
    }
    let _ = writeln!(b, "</section>");
}

fn timeline(b: &mut String, r: &Report) {
    let _ = writeln!(b, "<section>\n<h2>{}</h2>", e(tr!("aar.h.timeline")));
    for t in &r.timeline {
        let _ = writeln!(b, "<div class=\"turn\">");
        let _ = writeln!(
            b,
            "<h3>{}</h3>",
            e(&tr!("title.turn", turn = t.turn, stage = t.stage_title))
        );
        if let Some(s) = &t.situation {
            let _ = writeln!(b, "<p class=\"situation\">{}</p>", e(s));
        }
        if !t.decisions.is_empty() {
            let _ = writeln!(
                b,
                "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                e(tr!("aar.state")),
                e(tr!("aar.decision")),
                e(tr!("aar.reason_given")),
                e(tr!("aar.tags_and_frameworks"))
            );
            for d in &t.decisions {
                let by = d
                    .persona
                    .as_deref()
                    .map(|p| {
                        format!(
                            "<br><span class=\"small\">{}</span>",
                            e(&tr!("aar.computer", persona = super::persona_words(p)))
                        )
                    })
                    .unwrap_or_default();
                let mut engaged: String = d
                    .tags
                    .iter()
                    .map(|t| format!("<span class=\"chip\">{}</span>", e(t)))
                    .collect();
                for f in &d.frameworks {
                    let _ = write!(engaged, "<br><span class=\"small\">{}</span>", e(f));
                }
                let _ = writeln!(
                    b,
                    "<tr><td>{}{by}</td><td>{}</td><td>{}</td><td>{engaged}</td></tr>",
                    e(&d.role),
                    e(&d.option),
                    d.reason.as_deref().map(e).unwrap_or_else(|| {
                        format!("<span class=\"small\">{}</span>", e(tr!("aar.none_given")))
                    })
                );
            }
            let _ = writeln!(b, "</tbody></table>");
        }
        let lists: [(&str, &Vec<String>); 3] = [
            (tr!("resolution.agreements"), &t.agreements),
            (tr!("resolution.what_happened"), &t.happenings),
            (tr!("aar.facilitator"), &t.facilitator),
        ];
        for (title, items) in lists {
            if !items.is_empty() {
                let _ = writeln!(b, "<h4>{}</h4>", e(title));
                list(b, items);
            }
        }
        if !t.changes.is_empty() {
            let _ = writeln!(b, "<h4>{}</h4>", e(tr!("aar.changes")));
            let _ = writeln!(b, "<table><tbody>");
            for l in &t.changes {
                let parts: Vec<String> = l
                    .changes
                    .iter()
                    .map(|c| {
                        let mut s = e(&c.text);
                        if let Some(v) = &c.verdict {
                            let _ = write!(s, ", <em>{}</em>", e(v));
                        }
                        if c.hidden {
                            let _ = write!(
                                s,
                                " <span class=\"hiddenmark\">{}</span>",
                                e(tr!("report.hidden_from_players").trim())
                            );
                        }
                        s
                    })
                    .collect();
                let _ = writeln!(
                    b,
                    "<tr><th scope=\"row\" style=\"width:22%\">{}</th><td>{}</td></tr>",
                    l.ledger,
                    parts.join("<br>")
                );
            }
            let _ = writeln!(b, "</tbody></table>");
        }
        if let Some(outcome) = &t.outcome {
            let _ = writeln!(b, "<p class=\"outcome\">{}</p>", e(outcome));
        }
        let _ = writeln!(b, "</div>");
    }
    let _ = writeln!(b, "<h3>{}</h3>", e(tr!("aar.rewinds")));
    if r.withdrawals.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", e(tr!("aar.rewinds.none")));
    }
    for w in &r.withdrawals {
        let _ = writeln!(b, "<div class=\"abandoned\">");
        let _ = writeln!(b, "<h4>{}</h4>", e(&w.heading));
        if w.items.is_empty() {
            let _ = writeln!(b, "<p>{}</p>", e(tr!("aar.nothing_decided")));
        } else {
            list(b, &w.items);
        }
        if let Some(stood) = &w.stood {
            let _ = writeln!(
                b,
                "<p class=\"small\">{}</p>",
                e(&tr!("aar.branch_stood", position = stood))
            );
        }
        let _ = writeln!(b, "</div>");
    }
    let _ = writeln!(b, "</section>");
}

fn outcomes(b: &mut String, r: &Report) {
    let _ = writeln!(b, "<section>\n<h2>{}</h2>", e(tr!("aar.h.outcomes")));
    let _ = writeln!(b, "<p>{}</p>", e(tr!("aar.outcomes.intro_html")));
    for ledger in &r.ledgers {
        let _ = writeln!(
            b,
            "<h3>{}</h3>",
            e(&tr!("aar.ledger", ledger = ledger.name))
        );
        let _ = writeln!(b, "<div class=\"charts\">");
        for ind in &ledger.indicators {
            chart(b, ind, &r.points);
        }
        let _ = writeln!(b, "</div>");
        let _ = write!(b, "<table><thead><tr><th>{}</th>", e(tr!("aar.indicator")));
        for p in &r.points {
            let _ = write!(b, "<th class=\"num\">{}</th>", e(p));
        }
        let _ = writeln!(
            b,
            "<th>{}</th></tr></thead><tbody>",
            e(tr!("aar.over_session"))
        );
        for ind in &ledger.indicators {
            for line in &ind.lines {
                let unit = if ind.unit.is_empty() {
                    String::new()
                } else {
                    format!(" <span class=\"small\">({})</span>", e(&ind.unit))
                };
                let _ = write!(b, "<tr><td>{}{unit}</td>", e(&line.label));
                for (i, v) in line.values.iter().enumerate() {
                    let mark = if line.observed_at(i as u32) {
                        String::new()
                    } else {
                        format!(
                            " <span class=\"hiddenmark\" title=\"{}\">†</span>",
                            e(tr!("aar.hidden_title"))
                        )
                    };
                    let _ = write!(
                        b,
                        "<td class=\"num\">{}{mark}</td>",
                        crate::describe::grouped(*v)
                    );
                }
                let _ = writeln!(
                    b,
                    "<td>{}</td></tr>",
                    line.verdict.as_deref().map(e).unwrap_or_default()
                );
            }
        }
        let _ = writeln!(b, "</tbody></table>");
    }
    let _ = writeln!(b, "<h3>{}</h3>", e(tr!("aar.hidden")));
    if r.hidden.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", e(tr!("aar.hidden.none")));
    } else {
        let _ = writeln!(
            b,
            "<table><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
            e(tr!("aar.indicator")),
            e(tr!("debrief.hidden.true_value")),
            e(tr!("debrief.hidden.players_saw")),
            e(tr!("aar.revealed"))
        );
        for h in &r.hidden {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                e(&h.label),
                e(&h.true_value),
                e(&h.observed),
                h.revealed_turn.map_or_else(
                    || tr!("aar.never").to_string(),
                    |t| tr!("continue.turn", turn = t)
                )
            );
        }
        let _ = writeln!(b, "</tbody></table>");
    }
    let _ = writeln!(b, "</section>");
}

/// Line styles told apart by dash pattern and point shape as well as by colour.
const COLOURS: [&str; 6] = [
    "#1f4e79", "#b5541c", "#2e7d32", "#6a3d9a", "#8c6d1f", "#00838f",
];
const DASHES: [&str; 6] = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2"];

/// A small line chart of one indicator over the turns (one line per role for per-role
/// indicators), as inline SVG.
pub(crate) fn chart(b: &mut String, ind: &IndicatorSeries, points: &[String]) {
    const W: f64 = 320.0;
    const H: f64 = 170.0;
    const LEFT: f64 = 44.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 26.0;
    let all: Vec<i32> = ind
        .lines
        .iter()
        .flat_map(|l| l.values.iter().copied())
        .collect();
    let (Some(&min), Some(&max)) = (all.iter().min(), all.iter().max()) else {
        return;
    };
    // From the bottom of the indicator's range, so a small change looks small.
    let (lo, hi, step) = nice_scale(min.min(ind.min), max.min(ind.max).max(min));
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let n = points.len().max(2) - 1;
    // Points sit a little inside the axes so the first one does not touch the labels.
    const INSET: f64 = 8.0;
    let x = |i: usize| LEFT + INSET + (plot_w - 2.0 * INSET) * i as f64 / n as f64;
    let y = |v: i32| TOP + plot_h * (1.0 - (f64::from(v) - lo) / (hi - lo));
    let unit = if ind.unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", e(&ind.unit))
    };
    let _ = writeln!(b, "<figure>");
    let _ = writeln!(b, "<figcaption>{}{unit}</figcaption>", e(&ind.label));
    let summary: Vec<String> = ind
        .lines
        .iter()
        .map(|l| {
            format!(
                "{}: {}",
                l.label,
                l.values
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    let _ = writeln!(
        b,
        "<svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        e(&tr!(
            "aar.chart_label",
            indicator = ind.label,
            values = summary.join(". ")
        ))
    );
    // Grid and y labels.
    let mut v = lo;
    while v <= hi + step / 2.0 {
        let yy = TOP + plot_h * (1.0 - (v - lo) / (hi - lo));
        let _ = writeln!(
            b,
            "<line x1=\"{LEFT}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#dde2e8\" stroke-width=\"1\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"end\" fill=\"#5b6470\">{}</text>",
            W - RIGHT,
            LEFT - 4.0,
            yy + 3.0,
            format_tick(v)
        );
        v += step;
    }
    // X labels (thinned when there are many turns).
    let every = points.len().div_ceil(8).max(1);
    for (i, p) in points.iter().enumerate() {
        if i % every != 0 && i != points.len() - 1 {
            continue;
        }
        let _ = writeln!(
            b,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#5b6470\">{}</text>",
            x(i),
            H - 8.0,
            e(p)
        );
    }
    let _ = writeln!(
        b,
        "<line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#8a939e\" stroke-width=\"1\"/>",
        TOP + plot_h,
        W - RIGHT,
        TOP + plot_h
    );
    for (k, line) in ind.lines.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let dash = DASHES[k % DASHES.len()];
        let path: Vec<String> = line
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = writeln!(
            b,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash_attr}/>",
            path.join(" ")
        );
        for (i, v) in line.values.iter().enumerate() {
            let fill = if line.observed_at(i as u32) {
                colour
            } else {
                "#fff"
            };
            let _ = writeln!(
                b,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.8\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"1.4\"><title>{}: {}</title></circle>",
                x(i),
                y(*v),
                e(&line.label),
                v
            );
        }
    }
    let _ = writeln!(b, "</svg>");
    if ind.lines.len() > 1 || ind.lines.iter().any(|l| l.hidden) {
        let _ = write!(b, "<div class=\"legend\">");
        for (k, line) in ind.lines.iter().enumerate() {
            let colour = COLOURS[k % COLOURS.len()];
            let dash = DASHES[k % DASHES.len()];
            let name = line.role.as_deref().unwrap_or(&line.label);
            let hidden = if line.hidden {
                tr!("debrief.hidden_during_play")
            } else {
                ""
            };
            let _ = write!(
                b,
                "<span><svg viewBox=\"0 0 30 10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"30\" y2=\"5\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\"/></svg> {}{hidden}</span>",
                e(name)
            );
        }
        let _ = writeln!(b, "</div>");
    }
    let _ = writeln!(b, "</figure>");
}

/// Axis bounds and tick step: round numbers from `min` to just above `max`.
fn nice_scale(min: i32, max: i32) -> (f64, f64, f64) {
    let (mut lo, mut hi) = (f64::from(min), f64::from(max));
    if (hi - lo).abs() < f64::EPSILON {
        let pad = (hi.abs() * 0.1).max(1.0);
        lo -= pad;
        hi += pad;
        if min >= 0 && lo < 0.0 {
            lo = 0.0;
        }
    }
    let raw = (hi - lo) / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    let step = (nice * magnitude).max(1.0);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

fn format_tick(v: f64) -> String {
    format!("{}", v.round() as i64)
}

fn ending(b: &mut String, r: &Report) {
    let _ = writeln!(b, "<section>\n<h2>{}</h2>", e(tr!("aar.h.ending")));
    if let Some(title) = &r.ending.title {
        let _ = writeln!(b, "<h3>{}</h3>", e(title));
        for line in &r.ending.narrative {
            let _ = writeln!(b, "<p>{}</p>", e(line));
        }
    }
    let _ = writeln!(b, "<p class=\"small\">{}.</p>", e(&r.ending.how));
    if !r.ending.pending.is_empty() {
        let _ = writeln!(b, "<h4>{}</h4>", e(tr!("aar.pending")));
        list(b, &r.ending.pending);
    }
    let _ = writeln!(b, "</section>");
}

fn reality(b: &mut String, r: &Report) {
    let _ = writeln!(b, "<section>\n<h2>{}</h2>", e(tr!("aar.h.reality")));
    if r.reality.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", e(tr!("aar.reality.none")));
    }
    for case in &r.reality {
        let _ = writeln!(b, "<h3>{}</h3>", e(&case.title));
        for line in &case.text {
            let _ = writeln!(b, "<p>{}</p>", e(line));
        }
        if let Some(source) = &case.source {
            let _ = writeln!(
                b,
                "<p class=\"small\">{}</p>",
                e(&tr!("debrief.source", source = source))
            );
        }
    }
    if !r.good_practices.is_empty() {
        let _ = writeln!(b, "<h3>{}</h3>\n<ul>", e(tr!("aar.good_practices")));
        for g in &r.good_practices {
            let cites = if g.frameworks.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"small\">({})</span>",
                    e(&g.frameworks.join(crate::tr!("list.separator")))
                )
            };
            let _ = writeln!(
                b,
                "<li><strong>{}</strong>: {}{cites}</li>",
                e(&g.title),
                e(&g.text)
            );
        }
        let _ = writeln!(b, "</ul>");
    }
    let _ = writeln!(b, "</section>");
}

fn questions(b: &mut String, r: &Report) {
    let _ = writeln!(
        b,
        "<section>\n<h2 class=\"page-break\">{}</h2>",
        e(tr!("aar.h.questions"))
    );
    for q in &r.questions {
        let _ = writeln!(b, "<div class=\"question\">");
        let _ = writeln!(b, "<h3>({}) {}</h3>", q.letter, e(q.theme));
        let _ = writeln!(b, "<p>{}</p>", e(&q.text));
        let _ = writeln!(
            b,
            "<p class=\"small\">{}</p><div class=\"answer\">{}</div>",
            e(&tr!("label.colon", text = tr!("aar.group_answer"))),
            "<div></div>".repeat(4)
        );
        let _ = writeln!(b, "</div>");
    }
    let _ = writeln!(b, "</section>");
}

fn findings(b: &mut String, r: &Report) {
    let f = &r.findings;
    let _ = writeln!(b, "<section>\n<h2>{}</h2>", e(tr!("aar.h.findings")));
    let _ = writeln!(
        b,
        "<p class=\"suggestion\"><strong>{}</strong> {}</p>",
        e(tr!("aar.findings.suggestions_strong")),
        e(tr!("aar.findings.suggestions_rest"))
    );
    if f.unrated > 0 {
        let _ = writeln!(b, "<p>{}</p>", e(&trn!("aar.unrated", f.unrated)));
    }
    let lists: [(&str, &Vec<String>, &str); 4] = [
        (
            tr!("aar.strengths"),
            &f.strengths,
            tr!("aar.none_suggested"),
        ),
        (tr!("aar.areas"), &f.areas, tr!("aar.none_suggested")),
        (tr!("aar.to_discuss"), &f.to_discuss, ""),
        (tr!("aar.observations"), &f.observations, ""),
    ];
    for (title, items, empty) in lists {
        if items.is_empty() && empty.is_empty() {
            continue;
        }
        let _ = writeln!(b, "<h3>{}</h3>", e(title));
        if items.is_empty() {
            let _ = writeln!(b, "<p>{}</p>", e(empty));
        } else {
            list(b, items);
        }
    }
    let _ = writeln!(b, "</section>");
}

fn plan(b: &mut String, r: &Report) {
    let _ = writeln!(
        b,
        "<section>\n<h2 class=\"page-break\">{}</h2>",
        e(tr!("aar.h.plan"))
    );
    let _ = writeln!(b, "<p>{}</p>", e(tr!("aar.plan.intro")));
    let _ = writeln!(
        b,
        "<table class=\"plan\"><thead><tr><th>#</th><th style=\"width:34%\">{}</th><th style=\"width:30%\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        e(tr!("aar.plan.area")),
        e(tr!("aar.plan.action")),
        e(tr!("aar.plan.owner")),
        e(tr!("aar.plan.due"))
    );
    let rows = r.plan_rows();
    for (i, area) in rows.iter().enumerate() {
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td>{}</td><td></td><td></td><td></td></tr>",
            i + 1,
            e(area)
        );
    }
    for i in 0..SPARE_PLAN_ROWS {
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td></td><td></td><td></td><td></td></tr>",
            rows.len() + i + 1
        );
    }
    let _ = writeln!(b, "</tbody></table>");
    let _ = writeln!(b, "</section>");
}

fn frameworks(b: &mut String, r: &Report) {
    let _ = writeln!(b, "<section>\n<h2>{}</h2>", e(tr!("aar.h.frameworks")));
    if r.frameworks.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", e(tr!("aar.frameworks.none")));
    }
    for fw in &r.frameworks {
        let _ = writeln!(b, "<h3>{}</h3>", e(&fw.name));
        if let Some(s) = &fw.summary {
            let _ = writeln!(b, "<p>{}</p>", e(s));
        }
        list(b, &fw.uses);
    }
    let _ = writeln!(b, "</section>");
}
