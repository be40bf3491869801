//! The pack as Markdown, for trainers who edit before printing. Every document opens and
//! closes with the marking; exercise text goes through `md` so it shows as written.

use super::{
    Audience, MARKING, Pack, PackFile, PrivateBrief, SCALE, choice_letter, clock, duration,
};
use crate::report::markdown::md;
use std::fmt::Write as _;

pub fn render(pack: &Pack) -> Vec<PackFile> {
    let mut files = vec![PackFile {
        name: "index.md".into(),
        text: index(pack),
    }];
    files.push(PackFile {
        name: "situation-manual.md".into(),
        text: situation_manual(pack),
    });
    for brief in &pack.briefs {
        files.push(PackFile {
            name: format!("{}.md", brief.file_stem),
            text: private_brief(pack, brief),
        });
    }
    files.push(PackFile {
        name: "facilitator-guide.md".into(),
        text: facilitator_guide(pack),
    });
    files.push(PackFile {
        name: "knowledge-check.md".into(),
        text: knowledge_check(pack),
    });
    files.push(PackFile {
        name: "feedback-form.md".into(),
        text: feedback_form(pack),
    });
    files
}

/// A table row from cells that are already escaped.
fn row(o: &mut String, cells: &[String]) {
    let _ = writeln!(o, "| {} |", cells.join(" | "));
}

fn rule(o: &mut String, columns: usize) {
    let _ = writeln!(o, "|{}", "---|".repeat(columns));
}

fn bullets(o: &mut String, items: &[String]) {
    for item in items {
        let _ = writeln!(o, "- {}", md(item));
    }
    if !items.is_empty() {
        let _ = writeln!(o);
    }
}

fn para(o: &mut String, text: &str) {
    let _ = writeln!(o, "{}", md(text));
    let _ = writeln!(o);
}

/// The marking, the document's kind, the exercise and who it is for.
fn head(o: &mut String, pack: &Pack, kind: &str, audience: Audience) {
    let _ = writeln!(o, "**{}**", MARKING.to_uppercase());
    let _ = writeln!(o);
    let _ = writeln!(o, "# {kind}");
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "**{}** — {}",
        md(&pack.exercise.title),
        md(&pack.exercise.context)
    );
    let _ = writeln!(o);
    let _ = writeln!(o, "> {}", md(&pack.audience_words(audience).0));
    let _ = writeln!(o);
}

fn foot(o: &mut String) {
    let _ = writeln!(o, "---");
    let _ = writeln!(o);
    let _ = writeln!(o, "**{}**", MARKING.to_uppercase());
}

/// A line to write on.
const BLANK: &str = "..............................................................";

fn index(pack: &Pack) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "**{}**", MARKING.to_uppercase());
    let _ = writeln!(o);
    let _ = writeln!(o, "# Print pack");
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "**{}** (`{}`) — {}-minute session plan",
        md(&pack.exercise.title),
        pack.exercise.id.replace('`', ""),
        pack.plan.minutes
    );
    let _ = writeln!(o);
    row(
        &mut o,
        &[
            "Document".into(),
            "For".into(),
            "Print".into(),
            "File".into(),
        ],
    );
    rule(&mut o, 4);
    for (stem, title, audience) in pack.documents() {
        let (who, copies) = pack.audience_words(audience);
        row(
            &mut o,
            &[md(&title), md(&who), copies.into(), format!("{stem}.md")],
        );
    }
    let _ = writeln!(o);
    // Our own words, with code spans: not escaped.
    let _ = writeln!(
        o,
        "Generated from the exercise file by `crossings pack`: edit these copies freely, but regenerate after changing the exercise so paper and screen agree. For printing on A4, use `--format html`."
    );
    let _ = writeln!(o);
    foot(&mut o);
    o
}

fn situation_manual(pack: &Pack) -> String {
    let m = &pack.manual;
    let mut o = String::new();
    head(&mut o, pack, "Situation Manual", Audience::Everyone);
    if let Some(note) = &pack.exercise.content_note {
        let _ = writeln!(o, "> **Content note:** {}", md(note));
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "## 1. Purpose");
    let _ = writeln!(o);
    for p in &m.purpose {
        para(&mut o, p);
    }
    let _ = writeln!(o, "## 2. Scope");
    let _ = writeln!(o);
    bullets(&mut o, &m.scope);
    let _ = writeln!(o, "## 3. Learning objectives");
    let _ = writeln!(o);
    for (i, obj) in m.objectives.iter().enumerate() {
        let _ = writeln!(o, "{}. {}", i + 1, md(obj));
    }
    if m.objectives.is_empty() {
        let _ = writeln!(o, "The exercise states no learning objectives.");
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "## 4. Agenda ({} minutes)", pack.plan.minutes);
    let _ = writeln!(o);
    row(&mut o, &["Time".into(), "Length".into(), "Item".into()]);
    rule(&mut o, 3);
    for r in pack.plan.compact_rows() {
        row(&mut o, &[clock(r.start), duration(r.seconds), md(&r.item)]);
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "## 5. The setting");
    let _ = writeln!(o);
    for p in &m.setting {
        para(&mut o, p);
    }
    if !m.countries.is_empty() {
        row(
            &mut o,
            &["Country".into(), "Role".into(), "About it".into()],
        );
        rule(&mut o, 3);
        for k in &m.countries {
            row(
                &mut o,
                &[md(&k.name), k.role.clone().unwrap_or_default(), md(&k.text)],
            );
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "## 6. The delegations");
    let _ = writeln!(o);
    for r in &m.roles {
        let _ = writeln!(o, "### {}", md(&r.label));
        let _ = writeln!(o);
        bullets(&mut o, &r.public_brief);
    }
    let _ = writeln!(o, "## 7. Objectives and obligations");
    let _ = writeln!(o);
    if m.obligations.is_empty() {
        para(
            &mut o,
            "The exercise states no objectives-and-obligations table.",
        );
    } else {
        row(
            &mut o,
            &[
                "State".into(),
                "Management objectives".into(),
                "Protection obligations".into(),
                "Where they meet or clash".into(),
            ],
        );
        rule(&mut o, 4);
        for ob in &m.obligations {
            let join = |v: &[String]| v.iter().map(|s| md(s)).collect::<Vec<_>>().join("; ");
            row(
                &mut o,
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
    let _ = writeln!(o, "## 8. Rules of play");
    let _ = writeln!(o);
    for r in &m.rules {
        let _ = writeln!(o, "### {}", r.title);
        let _ = writeln!(o);
        for p in &r.text {
            para(&mut o, p);
        }
        match r.title {
            "Two ledgers, never merged" => {
                for l in &m.ledgers {
                    let _ = writeln!(o, "**{} ledger**", l.name);
                    let _ = writeln!(o);
                    bullets(&mut o, &l.indicators);
                }
            }
            "Chance, shown as likelihood" => {
                row(&mut o, &["Chance".into(), "Shown as".into()]);
                rule(&mut o, 2);
                for (range, words) in &m.likelihood {
                    row(&mut o, &[range.clone(), (*words).to_string()]);
                }
                let _ = writeln!(o);
            }
            "Agreements between states" => {
                for a in &m.agreements {
                    let _ = writeln!(
                        o,
                        "- **{}**: {} ({})",
                        md(&a.title),
                        md(&a.summary),
                        md(&a.who)
                    );
                }
                if !m.agreements.is_empty() {
                    let _ = writeln!(o);
                }
            }
            _ => {}
        }
    }
    let _ = writeln!(o, "## 9. Discussion questions");
    let _ = writeln!(o);
    para(
        &mut o,
        "Keep these in mind during play; the hot wash comes back to each.",
    );
    for q in &m.questions {
        let _ = writeln!(o, "**({}) {}.** {}", q.letter, q.theme, md(&q.text));
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "## 10. Bring one experience of your own");
    let _ = writeln!(o);
    for p in &m.invitation {
        para(&mut o, p);
    }
    for d in &m.delegations {
        let _ = writeln!(o, "**{}** — our experience:", md(d));
        let _ = writeln!(o);
        for _ in 0..3 {
            let _ = writeln!(o, "{BLANK}");
            let _ = writeln!(o);
        }
    }
    foot(&mut o);
    o
}

fn private_brief(pack: &Pack, b: &PrivateBrief) -> String {
    let index = pack
        .briefs
        .iter()
        .position(|x| x.role_id == b.role_id)
        .unwrap_or(0);
    let mut o = String::new();
    head(
        &mut o,
        pack,
        &format!("Private brief — {}", md(&b.name)),
        Audience::Delegation(index),
    );
    let _ = writeln!(o, "## What only your delegation knows");
    let _ = writeln!(o);
    bullets(&mut o, &b.private_brief);
    if !b.interests.is_empty() {
        let _ = writeln!(o, "## Your interests");
        let _ = writeln!(o);
        bullets(&mut o, &b.interests);
    }
    if !b.leverage.is_empty() {
        let _ = writeln!(o, "## Your leverage");
        let _ = writeln!(o);
        bullets(&mut o, &b.leverage);
    }
    if !b.agreements.is_empty() {
        let _ = writeln!(o, "## Agreements you may offer or be offered");
        let _ = writeln!(o);
        bullets(&mut o, &b.agreements);
    }
    let _ = writeln!(o, "## Decisions you may face");
    let _ = writeln!(o);
    para(
        &mut o,
        "Not every one comes up: which do depends on what all delegations choose. Each is one choice among the options listed.",
    );
    if b.decisions.is_empty() {
        para(&mut o, "Your delegation has no decisions in this exercise.");
    }
    for d in &b.decisions {
        let _ = writeln!(o, "### {}", md(&d.stage));
        let _ = writeln!(o);
        let _ = writeln!(o, "*{}*", md(&d.prompt));
        let _ = writeln!(o);
        bullets(&mut o, &d.options);
    }
    let _ = writeln!(o, "## Decision slips");
    let _ = writeln!(o);
    para(
        &mut o,
        "One slip per turn: write your choice and a one-line reason, and hand the slip to the facilitator.",
    );
    for turn in 1..=b.slips {
        let _ = writeln!(o, "### {} — turn {turn}", md(&b.name));
        let _ = writeln!(o);
        let _ = writeln!(o, "Our choice: {BLANK}");
        let _ = writeln!(o);
        let _ = writeln!(o, "Our reason (one line): {BLANK}");
        let _ = writeln!(o);
        let _ = writeln!(o, "Agreement offered or answered, if any: {BLANK}");
        let _ = writeln!(o);
    }
    foot(&mut o);
    o
}

fn facilitator_guide(pack: &Pack) -> String {
    let g = &pack.guide;
    let mut o = String::new();
    head(&mut o, pack, "Facilitator guide", Audience::Facilitator);
    let _ = writeln!(o, "## 1. Using this guide");
    let _ = writeln!(o);
    for p in &g.overview {
        para(&mut o, p);
    }
    if let Some(note) = &pack.exercise.content_note {
        let _ = writeln!(
            o,
            "> **Content note** (read it out before the briefing): {}",
            md(note)
        );
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "### Run-sheet ({} minutes)", pack.plan.minutes);
    let _ = writeln!(o);
    row(
        &mut o,
        &[
            "Time".into(),
            "Length".into(),
            "Item".into(),
            "Notes".into(),
        ],
    );
    rule(&mut o, 4);
    for r in &pack.plan.rows {
        row(
            &mut o,
            &[
                clock(r.start),
                duration(r.seconds),
                md(&r.item),
                md(&r.note),
            ],
        );
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "### What each delegation knows privately");
    let _ = writeln!(o);
    for (name, lines) in &g.private {
        let _ = writeln!(o, "**{}**", md(name));
        let _ = writeln!(o);
        bullets(&mut o, lines);
    }

    let _ = writeln!(o, "## 2. Master scenario events list (MSEL)");
    let _ = writeln!(o);
    row(
        &mut o,
        &[
            "#".into(),
            "Inject".into(),
            "To".into(),
            "Fires".into(),
            "Time box".into(),
        ],
    );
    rule(&mut o, 5);
    for m in &g.msel {
        row(
            &mut o,
            &[
                m.number.clone(),
                md(&m.title),
                md(&m.to),
                m.kind.to_string(),
                m.time_box.map(|t| format!("{t} min")).unwrap_or_default(),
            ],
        );
    }
    let _ = writeln!(o);
    for m in &g.msel {
        let _ = writeln!(o, "### {} {}", m.number, md(&m.title));
        let _ = writeln!(o);
        let _ = writeln!(o, "- To: {}", md(&m.to));
        let _ = writeln!(o, "- When: {}", md(&m.when));
        for by in &m.raised_by {
            let _ = writeln!(o, "- Also raised {}", md(by));
        }
        if let Some(t) = m.time_box {
            let _ = writeln!(o, "- Time box: {t} min");
        }
        let _ = writeln!(o);
        let _ = writeln!(o, "> {}", md(&m.text));
        let _ = writeln!(o);
        if !m.expected.is_empty() {
            let _ = writeln!(o, "Expected responses:");
            let _ = writeln!(o);
            bullets(&mut o, &m.expected);
        }
        if !m.learning.is_empty() {
            let _ = writeln!(o, "Learning points:");
            let _ = writeln!(o);
            bullets(&mut o, &m.learning);
        }
    }

    let _ = writeln!(o, "## 3. Stage by stage");
    let _ = writeln!(o);
    for s in &g.stages {
        let start = if s.start {
            " (the exercise opens here)"
        } else {
            ""
        };
        let _ = writeln!(o, "### {} {}{start}", s.number, md(&s.title));
        let _ = writeln!(o);
        bullets(&mut o, &s.situation);
        if let Some(cue) = &s.cue {
            let _ = writeln!(o, "**What to say next:** {}", md(cue));
            let _ = writeln!(o);
        }
        if !s.injects.is_empty() {
            let _ = writeln!(o, "Injects on entry: {}", md(&s.injects.join(", ")));
            let _ = writeln!(o);
        }
        for d in &s.decisions {
            let _ = writeln!(o, "**{}** — *{}*", md(&d.role), md(&d.prompt));
            let _ = writeln!(o);
            for opt in &d.options {
                let _ = writeln!(o, "- **{}**", md(&opt.label));
                if !opt.detail.is_empty() {
                    let _ = writeln!(o, "  - Players read: {}", md(&opt.detail));
                }
                if let Some(when) = &opt.when {
                    let _ = writeln!(o, "  - Offered only while {}", md(when));
                }
                let mut engaged = Vec::new();
                if !opt.tags.is_empty() {
                    engaged.push(format!("tags: {}", opt.tags.join(", ")));
                }
                if !opt.frameworks.is_empty() {
                    let names: Vec<String> = opt.frameworks.iter().map(|f| md(f)).collect();
                    engaged.push(format!("frameworks: {}", names.join("; ")));
                }
                if !engaged.is_empty() {
                    let _ = writeln!(o, "  - {}", engaged.join(" · "));
                }
                if let Some(note) = &opt.note {
                    let _ = writeln!(o, "  - Facilitator note: {}", md(note));
                }
            }
            let _ = writeln!(o);
        }
        if !s.next.is_empty() {
            let _ = writeln!(o, "Next:");
            let _ = writeln!(o);
            bullets(&mut o, &s.next);
        }
    }

    let _ = writeln!(o, "## 4. Branches, agreements and endings");
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "The exercise opens on “{}”. A path through it takes {}.",
        md(&g.start),
        pack.plan.path_length_words()
    );
    let _ = writeln!(o);
    if !g.branches.is_empty() {
        let _ = writeln!(o, "### Where the paths divide");
        let _ = writeln!(o);
        for (stage, ways) in &g.branches {
            let _ = writeln!(o, "**{}**", md(stage));
            let _ = writeln!(o);
            bullets(&mut o, ways);
        }
    }
    if !g.agreements.is_empty() {
        let _ = writeln!(o, "### Agreements");
        let _ = writeln!(o);
        for a in &g.agreements {
            let _ = writeln!(o, "- **{}**: {}", md(&a.title), md(&a.summary));
            let _ = writeln!(o, "  - {}", md(&a.who));
            if let Some(when) = &a.when {
                let _ = writeln!(o, "  - Can be offered while {}", md(when));
            }
            if let Some(breach) = &a.breach {
                let _ = writeln!(o, "  - Broken if {}", md(breach));
            }
            let mut engaged = Vec::new();
            if !a.tags.is_empty() {
                engaged.push(format!("tags: {}", a.tags.join(", ")));
            }
            if !a.frameworks.is_empty() {
                let names: Vec<String> = a.frameworks.iter().map(|f| md(f)).collect();
                engaged.push(format!("frameworks: {}", names.join("; ")));
            }
            if !engaged.is_empty() {
                let _ = writeln!(o, "  - {}", engaged.join(" · "));
            }
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "### Endings");
    let _ = writeln!(o);
    para(
        &mut o,
        "None is a win: the debrief looks at the trajectory on both ledgers, not the ending's title.",
    );
    for e in &g.endings {
        let _ = writeln!(o, "**{}**", md(&e.title));
        let _ = writeln!(o);
        for line in &e.narrative {
            para(&mut o, line);
        }
        for from in &e.reached_from {
            let _ = writeln!(o, "- Reached {}", md(from));
        }
        if let Some(when) = &e.when {
            let _ = writeln!(o, "- On early conclusion, chosen when {}", md(when));
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## 5. Objectives and rating sheet");
    let _ = writeln!(o);
    para(
        &mut o,
        "P — performed without challenges · S — performed with some challenges · M — performed with major challenges · U — unable to be performed.",
    );
    for obj in &g.objectives {
        let _ = writeln!(o, "### Objective {}: {}", obj.number, md(&obj.text));
        let _ = writeln!(o);
        if !obj.behaviours.is_empty() {
            row(
                &mut o,
                &[
                    "Observable behaviour".into(),
                    "Seen?".into(),
                    "Notes".into(),
                ],
            );
            rule(&mut o, 3);
            for b in &obj.behaviours {
                row(&mut o, &[md(b), "☐".into(), String::new()]);
            }
            let _ = writeln!(o);
        }
        let _ = writeln!(o, "Rating: ☐ P  ☐ S  ☐ M  ☐ U");
        let _ = writeln!(o);
        let _ = writeln!(o, "Evidence: {BLANK}");
        let _ = writeln!(o);
    }

    let _ = writeln!(
        o,
        "## 6. Hot wash run-sheet ({})",
        duration(pack.plan.hot_wash_seconds)
    );
    let _ = writeln!(o);
    for step in &g.hot_wash {
        let _ = writeln!(o, "### {} — {} min", md(&step.title), step.minutes);
        let _ = writeln!(o);
        if let Some(q) = &step.question {
            let _ = writeln!(o, "**Ask:** {}", md(q));
            let _ = writeln!(o);
        }
        bullets(&mut o, &step.prompts);
    }

    let _ = writeln!(o, "## 7. What happened in reality");
    let _ = writeln!(o);
    if g.reality.is_empty() {
        para(&mut o, "The exercise cites no real cases.");
    }
    for case in &g.reality {
        let _ = writeln!(o, "### {}", md(&case.title));
        let _ = writeln!(o);
        for line in &case.text {
            para(&mut o, line);
        }
        if let Some(source) = &case.source {
            let _ = writeln!(o, "*Source: {}*", md(source));
            let _ = writeln!(o);
        }
    }
    if !g.good_practices.is_empty() {
        let _ = writeln!(o, "### Good practices to compare with");
        let _ = writeln!(o);
        for p in &g.good_practices {
            let cites = if p.frameworks.is_empty() {
                String::new()
            } else {
                let names: Vec<String> = p.frameworks.iter().map(|f| md(f)).collect();
                format!(" ({})", names.join("; "))
            };
            let _ = writeln!(o, "- **{}**: {}{cites}", md(&p.title), md(&p.text));
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## 8. Knowledge check: answer key");
    let _ = writeln!(o);
    if g.answers.is_empty() {
        para(&mut o, "The exercise has no knowledge-check questions.");
    }
    for a in &g.answers {
        let _ = writeln!(o, "**{}. {}**", a.number, md(&a.text));
        let _ = writeln!(o);
        let _ = writeln!(o, "- Answer: {}", md(&a.answer_text()));
        let _ = writeln!(o, "- Why: {}", md(&a.why));
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## 9. Frameworks cited in this exercise");
    let _ = writeln!(o);
    for f in &g.frameworks {
        let year = f.year.map(|y| format!(" ({y})")).unwrap_or_default();
        let _ = writeln!(o, "**{}**{year}", md(&f.name));
        let _ = writeln!(o);
        para(&mut o, &f.summary);
        let _ = writeln!(o, "*What it asks of states:* {}", md(&f.asks));
        let _ = writeln!(o);
    }
    foot(&mut o);
    o
}

fn knowledge_check(pack: &Pack) -> String {
    let c = &pack.check;
    let mut o = String::new();
    head(&mut o, pack, "Knowledge check", Audience::EachDelegation);
    for sitting in ["Before the session", "After the session"] {
        let _ = writeln!(o, "## {sitting}");
        let _ = writeln!(o);
        let _ = writeln!(o, "Delegation: {BLANK}");
        let _ = writeln!(o);
        para(&mut o, &c.intro);
        if c.questions.is_empty() {
            para(&mut o, "The exercise has no knowledge-check questions.");
        }
        for q in &c.questions {
            let _ = writeln!(o, "**{}. {}**", q.number, md(&q.text));
            let _ = writeln!(o);
            for (i, choice) in q.choices.iter().enumerate() {
                let _ = writeln!(o, "- ☐ {}. {}", choice_letter(i), md(choice));
            }
            let _ = writeln!(o);
        }
        let _ = writeln!(
            o,
            "Score (for the facilitator): ____ / {}",
            c.questions.len()
        );
        let _ = writeln!(o);
    }
    foot(&mut o);
    o
}

fn feedback_form(pack: &Pack) -> String {
    let f = &pack.feedback;
    let mut o = String::new();
    head(
        &mut o,
        pack,
        "Participant feedback form",
        Audience::Everyone,
    );
    para(&mut o, &f.intro);
    let names: Vec<String> = f
        .delegations
        .iter()
        .map(|d| format!("☐ {}", md(d)))
        .collect();
    let _ = writeln!(o, "My delegation: {}  ☐ observer", names.join("  "));
    let _ = writeln!(o);
    let mut head_cells = vec!["Statement".to_string()];
    head_cells.extend(SCALE.iter().map(|s| s.to_string()));
    row(&mut o, &head_cells);
    rule(&mut o, head_cells.len());
    for s in &f.statements {
        let mut cells = vec![md(s)];
        cells.extend(SCALE.iter().map(|_| "☐".to_string()));
        row(&mut o, &cells);
    }
    let _ = writeln!(o);
    for q in &f.open {
        let _ = writeln!(o, "**{}**", md(q));
        let _ = writeln!(o);
        for _ in 0..3 {
            let _ = writeln!(o, "{BLANK}");
            let _ = writeln!(o);
        }
    }
    foot(&mut o);
    o
}
