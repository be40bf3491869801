//! The report as Markdown: readable as plain text, tidy when rendered.

use super::{Report, SPARE_PLAN_ROWS, marking};
use crate::{tr, trn};
use std::fmt::Write as _;

/// A bold lead-in followed by the language's colon ("**Title**:", French "**Title** :").
pub fn bold_lead(text: &str) -> String {
    tr!("label.colon", text = format!("**{text}**"))
}

/// Neutralise Markdown and HTML in exercise or save text, so it shows as written.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A table row from cells that are already escaped.
fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn rule(out: &mut String, columns: usize) {
    let _ = writeln!(out, "|{}", "---|".repeat(columns));
}

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "**{}**", marking().to_uppercase());
    let _ = writeln!(o);
    let _ = writeln!(o, "# {}", tr!("aar.title"));
    let _ = writeln!(o);
    let _ = writeln!(o, "**{}**", md(&r.exercise.title));
    let _ = writeln!(o);
    for w in &r.warnings {
        let _ = writeln!(o, "> **{}** {}", tr!("aar.warning"), md(w));
        let _ = writeln!(o);
    }

    overview(&mut o, r);
    objectives(&mut o, r);
    scenario(&mut o, r);
    timeline(&mut o, r);
    outcomes(&mut o, r);
    ending(&mut o, r);
    reality(&mut o, r);
    questions(&mut o, r);
    findings(&mut o, r);
    plan(&mut o, r);
    frameworks(&mut o, r);

    let _ = writeln!(o, "---");
    let _ = writeln!(o);
    let _ = writeln!(o, "**{}**", marking().to_uppercase());
    o
}

fn overview(o: &mut String, r: &Report) {
    let v = &r.overview;
    let _ = writeln!(o, "## {}", tr!("aar.h.overview"));
    let _ = writeln!(o);
    row(o, &[tr!("aar.item").into(), tr!("aar.detail").into()]);
    rule(o, 2);
    let mut rows: Vec<(&str, String)> = vec![
        (
            tr!("aar.exercise"),
            format!(
                "{} (`{}`)",
                md(&r.exercise.title),
                r.exercise.id.replace('`', "")
            ),
        ),
        (tr!("aar.context"), md(&r.exercise.context)),
        (tr!("aar.date"), v.date.clone()),
        (tr!("aar.mode"), md(&v.mode)),
        (tr!("aar.session_plan"), md(&v.plan)),
        (tr!("aar.seed"), v.seed.to_string()),
        (tr!("aar.turns_played"), v.turns_played.to_string()),
    ];
    if let Some(d) = &v.duration {
        rows.push((tr!("aar.duration"), md(d)));
    }
    rows.push((tr!("aar.status"), md(&v.status)));
    for (k, val) in rows {
        row(o, &[k.to_string(), val]);
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "**{}**", tr!("aar.delegations"));
    let _ = writeln!(o);
    let roster = !v.roster.is_empty();
    let mut head: Vec<String> = vec![
        tr!("aar.state").into(),
        tr!("aar.role").into(),
        tr!("aar.played_by").into(),
    ];
    if roster {
        head.extend([
            tr!("setup.row.delegation").into(),
            tr!("roster.members").into(),
            tr!("roster.agency").into(),
        ]);
    }
    row(o, &head);
    rule(o, head.len());
    for role in &r.roles {
        let entry = v.roster.iter().find(|d| d.role_id == role.id);
        let state = match &role.country {
            Some(k) if *k != role.name => format!("{} ({})", md(&role.name), md(k)),
            _ => md(&role.name),
        };
        let mut cells = vec![state, role.kind.to_string(), md(&role.played_by)];
        if roster {
            cells.extend([
                entry.map(|d| md(&d.label)).unwrap_or_default(),
                entry.map(|d| md(&d.members.join(", "))).unwrap_or_default(),
                entry
                    .and_then(|d| d.agency.as_deref())
                    .map(md)
                    .unwrap_or_default(),
            ]);
        }
        row(o, &cells);
    }
    let _ = writeln!(o);
    if !v.observers.is_empty() {
        let names: Vec<String> = v.observers.iter().map(|n| md(n)).collect();
        let _ = writeln!(o, "{}", tr!("aar.observers", names = names.join(", ")));
        let _ = writeln!(o);
    }
}

fn objectives(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## {}", tr!("aar.h.objectives"));
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", tr!("aar.ratings_legend_md"));
    let _ = writeln!(o);
    if r.objectives.is_empty() {
        let _ = writeln!(o, "{}", tr!("aar.no_objectives"));
        let _ = writeln!(o);
    }
    for (i, obj) in r.objectives.iter().enumerate() {
        let _ = writeln!(
            o,
            "### {}",
            tr!("aar.objective", number = i + 1, text = md(&obj.text))
        );
        let _ = writeln!(o);
        let _ = writeln!(o, "- {} **{}**", tr!("aar.rating"), md(&obj.rating_text()));
        match &obj.comment {
            Some(c) => {
                let _ = writeln!(o, "- {} {}", tr!("aar.comment"), md(c));
            }
            None if obj.rating.is_none() => {
                let _ = writeln!(o, "- {} ______________________________", tr!("aar.comment"));
            }
            None => {}
        }
        if !obj.behaviours.is_empty() {
            let _ = writeln!(o, "- {}", tr!("label.colon", text = tr!("aar.behaviours")));
            for b in &obj.behaviours {
                let _ = writeln!(o, "  - {}", md(b));
            }
        }
        let _ = writeln!(o);
    }
    if !r.scores.is_empty() {
        let _ = writeln!(o, "### {}", tr!("aar.knowledge_check"));
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", tr!("aar.knowledge_check.intro"));
        let _ = writeln!(o);
        row(
            o,
            &[
                tr!("setup.row.delegation").into(),
                tr!("aar.before").into(),
                tr!("aar.after").into(),
                tr!("aar.change").into(),
            ],
        );
        rule(o, 4);
        for s in &r.scores {
            row(
                o,
                &[
                    md(&s.role),
                    s.score_text(s.pre),
                    s.score_text(s.post),
                    s.change_text(),
                ],
            );
        }
        let _ = writeln!(o);
    }
}

fn scenario(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## {}", tr!("aar.h.scenario"));
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", md(&r.exercise.summary));
    let _ = writeln!(o);
    if let Some(note) = &r.exercise.content_note {
        let _ = writeln!(o, "> {}", tr!("launcher.content_note", note = md(note)));
        let _ = writeln!(o);
    }
    for line in &r.exercise.intro {
        let _ = writeln!(o, "- {}", md(line));
    }
    if !r.exercise.intro.is_empty() {
        let _ = writeln!(o);
    }
    if !r.obligations.is_empty() {
        let _ = writeln!(o, "**{}**", tr!("briefing.obligations"));
        let _ = writeln!(o);
        row(
            o,
            &[
                tr!("aar.state").into(),
                tr!("aar.management").into(),
                tr!("aar.protection").into(),
                tr!("aar.tensions").into(),
            ],
        );
        rule(o, 4);
        for ob in &r.obligations {
            let join = |v: &[String]| {
                v.iter()
                    .map(|s| md(s))
                    .collect::<Vec<_>>()
                    .join(crate::tr!("list.separator"))
            };
            row(
                o,
                &[
                    md(&ob.role),
                    join(&ob.management),
                    join(&ob.protection),
                    join(&ob.tensions),
                ],
            );
        }
        let _ = writeln!(o);
    }
}

fn timeline(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## {}", tr!("aar.h.timeline"));
    let _ = writeln!(o);
    for t in &r.timeline {
        let _ = writeln!(
            o,
            "### {}",
            tr!("title.turn", turn = t.turn, stage = md(&t.stage_title))
        );
        let _ = writeln!(o);
        if let Some(s) = &t.situation {
            let _ = writeln!(o, "*{}*", md(s));
            let _ = writeln!(o);
        }
        if !t.decisions.is_empty() {
            let _ = writeln!(o, "**{}**", tr!("aar.decisions"));
            let _ = writeln!(o);
            for d in &t.decisions {
                let by = d
                    .persona
                    .as_deref()
                    .map(|p| tr!("agenda.computer", persona = md(&super::persona_words(p))))
                    .unwrap_or_default();
                let _ = writeln!(
                    o,
                    "- {}",
                    tr!(
                        "aar.chose_md",
                        role = md(&d.role),
                        by = by,
                        option = md(&d.option)
                    )
                );
                if let Some(reason) = &d.reason {
                    let _ = writeln!(o, "  - {} {}", tr!("aar.reason"), md(reason));
                }
                let mut engaged = Vec::new();
                if !d.tags.is_empty() {
                    engaged.push(tr!("aar.tags", tags = d.tags.join(", ")));
                }
                if !d.frameworks.is_empty() {
                    let names: Vec<String> = d.frameworks.iter().map(|f| md(f)).collect();
                    engaged.push(tr!(
                        "aar.frameworks",
                        frameworks = names.join(crate::tr!("list.separator"))
                    ));
                }
                if !engaged.is_empty() {
                    let _ = writeln!(o, "  - {}", engaged.join(" · "));
                }
            }
            let _ = writeln!(o);
        }
        let lists: [(&str, &Vec<String>); 3] = [
            (tr!("resolution.agreements"), &t.agreements),
            (tr!("resolution.what_happened"), &t.happenings),
            (tr!("aar.facilitator"), &t.facilitator),
        ];
        for (title, items) in lists {
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(o, "**{title}**");
            let _ = writeln!(o);
            for item in items {
                let _ = writeln!(o, "- {}", md(item));
            }
            let _ = writeln!(o);
        }
        if !t.changes.is_empty() {
            let _ = writeln!(o, "**{}**", tr!("aar.changes"));
            let _ = writeln!(o);
            for l in &t.changes {
                let parts: Vec<String> = l
                    .changes
                    .iter()
                    .map(|c| {
                        let mut s = md(&c.text);
                        if let Some(v) = &c.verdict {
                            s.push_str(&format!(", {}", md(v)));
                        }
                        if c.hidden {
                            s.push_str(tr!("report.hidden_from_players"));
                        }
                        s
                    })
                    .collect();
                let _ = writeln!(
                    o,
                    "- {} {}",
                    tr!("label.colon", text = l.ledger),
                    parts.join(tr!("list.separator"))
                );
            }
            let _ = writeln!(o);
        }
        if let Some(outcome) = &t.outcome {
            let _ = writeln!(o, "**{}** {}", tr!("aar.outcome"), md(outcome));
            let _ = writeln!(o);
        }
    }
    let _ = writeln!(o, "### {}", tr!("aar.rewinds"));
    let _ = writeln!(o);
    if r.withdrawals.is_empty() {
        let _ = writeln!(o, "{}", tr!("aar.rewinds.none"));
        let _ = writeln!(o);
    }
    for w in &r.withdrawals {
        let _ = writeln!(o, "**{}**", md(&w.heading));
        let _ = writeln!(o);
        if w.items.is_empty() {
            let _ = writeln!(o, "- {}", tr!("aar.nothing_decided"));
        }
        for item in &w.items {
            let _ = writeln!(o, "- {}", md(item));
        }
        if let Some(stood) = &w.stood {
            let _ = writeln!(o);
            let _ = writeln!(o, "{}", tr!("aar.branch_stood", position = md(stood)));
        }
        let _ = writeln!(o);
    }
}

fn outcomes(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## {}", tr!("aar.h.outcomes"));
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", tr!("aar.outcomes.intro_md"));
    let _ = writeln!(o);
    for ledger in &r.ledgers {
        let _ = writeln!(o, "### {}", tr!("aar.ledger", ledger = ledger.name));
        let _ = writeln!(o);
        let mut head = vec![tr!("aar.indicator").to_string()];
        head.extend(r.points.iter().cloned());
        head.push(tr!("aar.over_session").into());
        row(o, &head);
        rule(o, head.len());
        for ind in &ledger.indicators {
            for line in &ind.lines {
                let mut cells = vec![if ind.unit.is_empty() {
                    md(&line.label)
                } else {
                    format!("{} ({})", md(&line.label), md(&ind.unit))
                }];
                for (i, v) in line.values.iter().enumerate() {
                    let mark = if line.observed_at(i as u32) {
                        ""
                    } else {
                        " †"
                    };
                    cells.push(format!("{}{mark}", crate::describe::grouped(*v)));
                }
                cells.push(line.verdict.as_deref().map(md).unwrap_or_default());
                row(o, &cells);
            }
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "### {}", tr!("aar.hidden"));
    let _ = writeln!(o);
    if r.hidden.is_empty() {
        let _ = writeln!(o, "{}", tr!("aar.hidden.none"));
        let _ = writeln!(o);
        return;
    }
    row(
        o,
        &[
            tr!("aar.indicator").into(),
            tr!("debrief.hidden.true_value").into(),
            tr!("debrief.hidden.players_saw").into(),
            tr!("aar.revealed").into(),
        ],
    );
    rule(o, 4);
    for h in &r.hidden {
        row(
            o,
            &[
                md(&h.label),
                md(&h.true_value),
                md(&h.observed),
                h.revealed_turn.map_or_else(
                    || tr!("aar.never").to_string(),
                    |t| tr!("continue.turn", turn = t),
                ),
            ],
        );
    }
    let _ = writeln!(o);
}

fn ending(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## {}", tr!("aar.h.ending"));
    let _ = writeln!(o);
    if let Some(title) = &r.ending.title {
        let _ = writeln!(o, "**{}**", md(title));
        let _ = writeln!(o);
        for line in &r.ending.narrative {
            let _ = writeln!(o, "{}", md(line));
            let _ = writeln!(o);
        }
    }
    let _ = writeln!(o, "*{}.*", md(&r.ending.how));
    let _ = writeln!(o);
    if !r.ending.pending.is_empty() {
        let _ = writeln!(o, "{}", tr!("label.colon", text = tr!("aar.pending")));
        let _ = writeln!(o);
        for p in &r.ending.pending {
            let _ = writeln!(o, "- {}", md(p));
        }
        let _ = writeln!(o);
    }
}

fn reality(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## {}", tr!("aar.h.reality"));
    let _ = writeln!(o);
    if r.reality.is_empty() {
        let _ = writeln!(o, "{}", tr!("aar.reality.none"));
        let _ = writeln!(o);
    }
    for case in &r.reality {
        let _ = writeln!(o, "**{}**", md(&case.title));
        let _ = writeln!(o);
        for line in &case.text {
            let _ = writeln!(o, "{}", md(line));
            let _ = writeln!(o);
        }
        if let Some(source) = &case.source {
            let _ = writeln!(o, "{}", tr!("debrief.source", source = md(source)));
            let _ = writeln!(o);
        }
    }
    if !r.good_practices.is_empty() {
        let _ = writeln!(o, "**{}**", tr!("aar.good_practices"));
        let _ = writeln!(o);
        for g in &r.good_practices {
            let cites = if g.frameworks.is_empty() {
                String::new()
            } else {
                let names: Vec<String> = g.frameworks.iter().map(|f| md(f)).collect();
                format!(" ({})", names.join(crate::tr!("list.separator")))
            };
            let _ = writeln!(o, "- {} {}{cites}", bold_lead(&md(&g.title)), md(&g.text));
        }
        let _ = writeln!(o);
    }
}

fn questions(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## {}", tr!("aar.h.questions"));
    let _ = writeln!(o);
    for q in &r.questions {
        let _ = writeln!(o, "### ({}) {}", q.letter, q.theme);
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", md(&q.text));
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", tr!("label.colon", text = tr!("aar.group_answer")));
        for _ in 0..3 {
            let _ = writeln!(o);
            let _ = writeln!(
                o,
                "______________________________________________________________"
            );
        }
        let _ = writeln!(o);
    }
}

fn findings(o: &mut String, r: &Report) {
    let f = &r.findings;
    let _ = writeln!(o, "## {}", tr!("aar.h.findings"));
    let _ = writeln!(o);
    let _ = writeln!(o, "> {}", tr!("aar.findings.suggestions"));
    let _ = writeln!(o);
    if f.unrated > 0 {
        let _ = writeln!(o, "{}", trn!("aar.unrated", f.unrated));
        let _ = writeln!(o);
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
        let _ = writeln!(o, "### {title}");
        let _ = writeln!(o);
        if items.is_empty() {
            let _ = writeln!(o, "{empty}");
        }
        for item in items {
            let _ = writeln!(o, "- {}", md(item));
        }
        let _ = writeln!(o);
    }
}

fn plan(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## {}", tr!("aar.h.plan"));
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", tr!("aar.plan.intro"));
    let _ = writeln!(o);
    row(
        o,
        &[
            "#".into(),
            tr!("aar.plan.area").into(),
            tr!("aar.plan.action").into(),
            tr!("aar.plan.owner").into(),
            tr!("aar.plan.due").into(),
        ],
    );
    rule(o, 5);
    let rows = r.plan_rows();
    for (i, area) in rows.iter().enumerate() {
        row(
            o,
            &[
                (i + 1).to_string(),
                md(area),
                String::new(),
                String::new(),
                String::new(),
            ],
        );
    }
    for i in 0..SPARE_PLAN_ROWS {
        row(
            o,
            &[
                (rows.len() + i + 1).to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        );
    }
    let _ = writeln!(o);
}

fn frameworks(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## {}", tr!("aar.h.frameworks"));
    let _ = writeln!(o);
    if r.frameworks.is_empty() {
        let _ = writeln!(o, "{}", tr!("aar.frameworks.none"));
        let _ = writeln!(o);
    }
    for fw in &r.frameworks {
        match &fw.summary {
            Some(s) => {
                let _ = writeln!(o, "- {} {}", bold_lead(&md(&fw.name)), md(s));
            }
            None => {
                let _ = writeln!(o, "- **{}**", md(&fw.name));
            }
        }
        for u in &fw.uses {
            let _ = writeln!(o, "  - {}", md(u));
        }
    }
    let _ = writeln!(o);
}
