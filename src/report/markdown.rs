//! The report as Markdown: readable as plain text, tidy when rendered.

use super::{MARKING, Report, SPARE_PLAN_ROWS};
use std::fmt::Write as _;

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
    let _ = writeln!(o, "**{}**", MARKING.to_uppercase());
    let _ = writeln!(o);
    let _ = writeln!(o, "# After-Action Report and Improvement Plan");
    let _ = writeln!(o);
    let _ = writeln!(o, "**{}**", md(&r.exercise.title));
    let _ = writeln!(o);
    for w in &r.warnings {
        let _ = writeln!(o, "> **Warning:** {}", md(w));
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
    let _ = writeln!(o, "**{}**", MARKING.to_uppercase());
    o
}

fn overview(o: &mut String, r: &Report) {
    let v = &r.overview;
    let _ = writeln!(o, "## 1. Overview");
    let _ = writeln!(o);
    row(o, &["Item".into(), "Detail".into()]);
    rule(o, 2);
    let mut rows: Vec<(&str, String)> = vec![
        (
            "Exercise",
            format!(
                "{} (`{}`)",
                md(&r.exercise.title),
                r.exercise.id.replace('`', "")
            ),
        ),
        ("Context", md(&r.exercise.context)),
        ("Date", v.date.clone()),
        ("Mode", md(&v.mode)),
        ("Session plan", md(&v.plan)),
        ("Seed", v.seed.to_string()),
        ("Turns played", v.turns_played.to_string()),
    ];
    if let Some(d) = &v.duration {
        rows.push(("Duration", md(d)));
    }
    rows.push(("Status", md(&v.status)));
    for (k, val) in rows {
        row(o, &[k.to_string(), val]);
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "**Delegations**");
    let _ = writeln!(o);
    let roster = !v.roster.is_empty();
    let mut head: Vec<String> = vec!["State".into(), "Role".into(), "Played by".into()];
    if roster {
        head.extend(["Delegation".into(), "Members".into(), "Agency".into()]);
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
        let _ = writeln!(o, "Observers: {}", names.join(", "));
        let _ = writeln!(o);
    }
}

fn objectives(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## 2. Objectives and ratings");
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "Ratings: P — performed without challenges · S — performed with some challenges · M — performed with major challenges · U — unable to be performed."
    );
    let _ = writeln!(o);
    if r.objectives.is_empty() {
        let _ = writeln!(o, "The exercise states no learning objectives.");
        let _ = writeln!(o);
    }
    for (i, obj) in r.objectives.iter().enumerate() {
        let _ = writeln!(o, "### Objective {}: {}", i + 1, md(&obj.text));
        let _ = writeln!(o);
        let _ = writeln!(o, "- Rating: **{}**", md(&obj.rating_text()));
        match &obj.comment {
            Some(c) => {
                let _ = writeln!(o, "- Facilitator's comment: {}", md(c));
            }
            None if obj.rating.is_none() => {
                let _ = writeln!(o, "- Facilitator's comment: ______________________________");
            }
            None => {}
        }
        if !obj.behaviours.is_empty() {
            let _ = writeln!(o, "- Observable behaviours:");
            for b in &obj.behaviours {
                let _ = writeln!(o, "  - {}", md(b));
            }
        }
        let _ = writeln!(o);
    }
    if !r.scores.is_empty() {
        let _ = writeln!(o, "### Knowledge check");
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "Questions answered correctly by each delegation, before and after the session."
        );
        let _ = writeln!(o);
        row(
            o,
            &[
                "Delegation".into(),
                "Before".into(),
                "After".into(),
                "Change".into(),
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
    let _ = writeln!(o, "## 3. Scenario summary");
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", md(&r.exercise.summary));
    let _ = writeln!(o);
    if let Some(note) = &r.exercise.content_note {
        let _ = writeln!(o, "> Content note: {}", md(note));
        let _ = writeln!(o);
    }
    for line in &r.exercise.intro {
        let _ = writeln!(o, "- {}", md(line));
    }
    if !r.exercise.intro.is_empty() {
        let _ = writeln!(o);
    }
    if !r.obligations.is_empty() {
        let _ = writeln!(o, "**Objectives and obligations**");
        let _ = writeln!(o);
        row(
            o,
            &[
                "State".into(),
                "Management objectives".into(),
                "Protection obligations".into(),
                "Where they meet or clash".into(),
            ],
        );
        rule(o, 4);
        for ob in &r.obligations {
            let join = |v: &[String]| v.iter().map(|s| md(s)).collect::<Vec<_>>().join("; ");
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
    let _ = writeln!(o, "## 4. Timeline");
    let _ = writeln!(o);
    for t in &r.timeline {
        let _ = writeln!(o, "### Turn {} · {}", t.turn, md(&t.stage_title));
        let _ = writeln!(o);
        if let Some(s) = &t.situation {
            let _ = writeln!(o, "*{}*", md(s));
            let _ = writeln!(o);
        }
        if !t.decisions.is_empty() {
            let _ = writeln!(o, "**Decisions**");
            let _ = writeln!(o);
            for d in &t.decisions {
                let by = d
                    .persona
                    .as_deref()
                    .map(|p| format!(" (computer: {})", md(p)))
                    .unwrap_or_default();
                let _ = writeln!(o, "- **{}**{by} chose \"{}\"", md(&d.role), md(&d.option));
                if let Some(reason) = &d.reason {
                    let _ = writeln!(o, "  - Reason: {}", md(reason));
                }
                let mut engaged = Vec::new();
                if !d.tags.is_empty() {
                    engaged.push(format!("tags: {}", d.tags.join(", ")));
                }
                if !d.frameworks.is_empty() {
                    let names: Vec<String> = d.frameworks.iter().map(|f| md(f)).collect();
                    engaged.push(format!("frameworks: {}", names.join("; ")));
                }
                if !engaged.is_empty() {
                    let _ = writeln!(o, "  - {}", engaged.join(" · "));
                }
            }
            let _ = writeln!(o);
        }
        let lists: [(&str, &Vec<String>); 3] = [
            ("Agreements", &t.agreements),
            ("What happened", &t.happenings),
            ("Facilitator", &t.facilitator),
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
            let _ = writeln!(o, "**Changes on the ledgers**");
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
                            s.push_str(" (hidden from players)");
                        }
                        s
                    })
                    .collect();
                let _ = writeln!(o, "- {}: {}", l.ledger, parts.join("; "));
            }
            let _ = writeln!(o);
        }
        if let Some(outcome) = &t.outcome {
            let _ = writeln!(o, "**Outcome:** {}", md(outcome));
            let _ = writeln!(o);
        }
    }
    let _ = writeln!(o, "### Rewinds and abandoned branches");
    let _ = writeln!(o);
    if r.withdrawals.is_empty() {
        let _ = writeln!(o, "None: every decision taken still counts.");
        let _ = writeln!(o);
    }
    for w in &r.withdrawals {
        let _ = writeln!(o, "**{}**", md(&w.heading));
        let _ = writeln!(o);
        if w.items.is_empty() {
            let _ = writeln!(o, "- Nothing had been decided yet.");
        }
        for item in &w.items {
            let _ = writeln!(o, "- {}", md(item));
        }
        if let Some(stood) = &w.stood {
            let _ = writeln!(o);
            let _ = writeln!(o, "Where the abandoned branch stood: {}", md(stood));
        }
        let _ = writeln!(o);
    }
}

fn outcomes(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## 5. Outcomes");
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "True values at the start and at the end of each turn. The ledgers are kept apart on purpose: there is no overall score. Values marked † were hidden from players at that point."
    );
    let _ = writeln!(o);
    for ledger in &r.ledgers {
        let _ = writeln!(o, "### {} ledger", ledger.name);
        let _ = writeln!(o);
        let mut head = vec!["Indicator".to_string()];
        head.extend(r.points.iter().cloned());
        head.push("Over the session".into());
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
                    cells.push(format!("{v}{mark}"));
                }
                cells.push(line.verdict.as_deref().map(md).unwrap_or_default());
                row(o, &cells);
            }
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "### Hidden values: true and observed");
    let _ = writeln!(o);
    if r.hidden.is_empty() {
        let _ = writeln!(o, "The exercise hides no values.");
        let _ = writeln!(o);
        return;
    }
    row(
        o,
        &[
            "Indicator".into(),
            "True value".into(),
            "Players saw".into(),
            "Revealed".into(),
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
                h.revealed_turn
                    .map_or_else(|| "never".to_string(), |t| format!("turn {t}")),
            ],
        );
    }
    let _ = writeln!(o);
}

fn ending(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## 6. The ending");
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
        let _ = writeln!(o, "Consequences still pending when the session stopped:");
        let _ = writeln!(o);
        for p in &r.ending.pending {
            let _ = writeln!(o, "- {}", md(p));
        }
        let _ = writeln!(o);
    }
}

fn reality(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## 7. What happened in reality");
    let _ = writeln!(o);
    if r.reality.is_empty() {
        let _ = writeln!(o, "The exercise cites no real cases.");
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
            let _ = writeln!(o, "Source: {}", md(source));
            let _ = writeln!(o);
        }
    }
    if !r.good_practices.is_empty() {
        let _ = writeln!(o, "**Good practices to compare with**");
        let _ = writeln!(o);
        for g in &r.good_practices {
            let cites = if g.frameworks.is_empty() {
                String::new()
            } else {
                let names: Vec<String> = g.frameworks.iter().map(|f| md(f)).collect();
                format!(" ({})", names.join("; "))
            };
            let _ = writeln!(o, "- **{}**: {}{cites}", md(&g.title), md(&g.text));
        }
        let _ = writeln!(o);
    }
}

fn questions(o: &mut String, r: &Report) {
    let _ = writeln!(o, "## 8. Guiding questions for the hot wash");
    let _ = writeln!(o);
    for q in &r.questions {
        let _ = writeln!(o, "### ({}) {}", q.letter, q.theme);
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", md(&q.text));
        let _ = writeln!(o);
        let _ = writeln!(o, "The group's answer:");
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
    let _ = writeln!(o, "## 9. Strengths and areas for improvement");
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "> Suggestions for the facilitator to confirm: drawn from the ratings, the notes, the tags of the choices made and the outcomes. Strike out, reword or add before the report is shared."
    );
    let _ = writeln!(o);
    if f.unrated > 0 {
        let _ = writeln!(
            o,
            "{} objective{} not rated yet; rate {} to complete this section.",
            f.unrated,
            if f.unrated == 1 { " is" } else { "s are" },
            if f.unrated == 1 { "it" } else { "them" }
        );
        let _ = writeln!(o);
    }
    let lists: [(&str, &Vec<String>, &str); 4] = [
        ("Strengths", &f.strengths, "None suggested."),
        ("Areas for improvement", &f.areas, "None suggested."),
        ("For the group to judge", &f.to_discuss, ""),
        ("Observations noted during play", &f.observations, ""),
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
    let _ = writeln!(o, "## 10. Improvement Plan");
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "One row per area for improvement confirmed above; blank rows for actions agreed in the room."
    );
    let _ = writeln!(o);
    row(
        o,
        &[
            "#".into(),
            "Area for improvement".into(),
            "Corrective action".into(),
            "Owner".into(),
            "Due date".into(),
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
    let _ = writeln!(o, "## 11. Frameworks engaged");
    let _ = writeln!(o);
    if r.frameworks.is_empty() {
        let _ = writeln!(o, "No choice made engaged a framework of the glossary.");
        let _ = writeln!(o);
    }
    for fw in &r.frameworks {
        match &fw.summary {
            Some(s) => {
                let _ = writeln!(o, "- **{}**: {}", md(&fw.name), md(s));
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
