//! The pack as Markdown, for trainers who edit before printing. Every document opens and
//! closes with the marking; exercise text goes through `md` so it shows as written.

use super::{
    Audience, Pack, PackFile, PrivateBrief, SCALE, choice_letter, clock, duration, marking, scale,
};
use crate::report::markdown::{bold_lead, md};
use crate::tr;
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
    let _ = writeln!(o, "**{}**", marking().to_uppercase());
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
    let _ = writeln!(o, "**{}**", marking().to_uppercase());
}

/// A line to write on.
const BLANK: &str = "..............................................................";

fn index(pack: &Pack) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "**{}**", marking().to_uppercase());
    let _ = writeln!(o);
    let _ = writeln!(o, "# {}", tr!("pack.index.title"));
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{}",
        tr!(
            "pack.index.subtitle_md",
            title = md(&pack.exercise.title),
            id = pack.exercise.id.replace('`', ""),
            minutes = pack.plan.minutes
        )
    );
    let _ = writeln!(o);
    row(
        &mut o,
        &[
            tr!("pack.index.document").into(),
            tr!("pack.index.for").into(),
            tr!("pack.index.print").into(),
            tr!("pack.index.file").into(),
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
    let _ = writeln!(o, "{}", tr!("pack.index.generated_md"));
    let _ = writeln!(o);
    foot(&mut o);
    o
}

fn situation_manual(pack: &Pack) -> String {
    let m = &pack.manual;
    let mut o = String::new();
    head(&mut o, pack, tr!("pack.doc.manual"), Audience::Everyone);
    if let Some(note) = &pack.exercise.content_note {
        let _ = writeln!(o, "> **{}** {}", tr!("pack.content_note"), md(note));
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "## {}", tr!("pack.manual.h.purpose"));
    let _ = writeln!(o);
    for p in &m.purpose {
        para(&mut o, p);
    }
    let _ = writeln!(o, "## {}", tr!("pack.manual.h.scope"));
    let _ = writeln!(o);
    bullets(&mut o, &m.scope);
    let _ = writeln!(o, "## {}", tr!("pack.manual.h.objectives"));
    let _ = writeln!(o);
    for (i, obj) in m.objectives.iter().enumerate() {
        let _ = writeln!(o, "{}. {}", i + 1, md(obj));
    }
    if m.objectives.is_empty() {
        let _ = writeln!(o, "{}", tr!("aar.no_objectives"));
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "## {}",
        tr!("pack.manual.h.agenda", minutes = pack.plan.minutes)
    );
    let _ = writeln!(o);
    row(
        &mut o,
        &[
            tr!("pack.time").into(),
            tr!("pack.length").into(),
            tr!("pack.item").into(),
        ],
    );
    rule(&mut o, 3);
    for r in pack.plan.compact_rows() {
        row(&mut o, &[clock(r.start), duration(r.seconds), md(&r.item)]);
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "## {}", tr!("pack.manual.h.setting"));
    let _ = writeln!(o);
    for p in &m.setting {
        para(&mut o, p);
    }
    if !m.countries.is_empty() {
        row(
            &mut o,
            &[
                tr!("pack.country").into(),
                tr!("aar.role").into(),
                tr!("pack.about_it").into(),
            ],
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
    let _ = writeln!(o, "## {}", tr!("pack.manual.h.delegations"));
    let _ = writeln!(o);
    for r in &m.roles {
        let _ = writeln!(o, "### {}", md(&r.label));
        let _ = writeln!(o);
        bullets(&mut o, &r.public_brief);
    }
    let _ = writeln!(o, "## {}", tr!("pack.manual.h.obligations"));
    let _ = writeln!(o);
    if m.obligations.is_empty() {
        para(&mut o, tr!("pack.no_obligations"));
    } else {
        row(
            &mut o,
            &[
                tr!("aar.state").into(),
                tr!("aar.management").into(),
                tr!("aar.protection").into(),
                tr!("aar.tensions").into(),
            ],
        );
        rule(&mut o, 4);
        for ob in &m.obligations {
            let join = |v: &[String]| {
                v.iter()
                    .map(|s| md(s))
                    .collect::<Vec<_>>()
                    .join(crate::tr!("list.separator"))
            };
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
    let _ = writeln!(o, "## {}", tr!("pack.manual.h.rules"));
    let _ = writeln!(o);
    for r in &m.rules {
        let _ = writeln!(o, "### {}", r.title);
        let _ = writeln!(o);
        for p in &r.text {
            para(&mut o, p);
        }
        match r.title {
            t if t == tr!("pack.rules.ledgers") => {
                for l in &m.ledgers {
                    let _ = writeln!(o, "**{}**", tr!("aar.ledger", ledger = l.name));
                    let _ = writeln!(o);
                    bullets(&mut o, &l.indicators);
                }
            }
            t if t == tr!("pack.rules.chance") => {
                row(
                    &mut o,
                    &[tr!("pack.kind.chance").into(), tr!("pack.shown_as").into()],
                );
                rule(&mut o, 2);
                for (range, words) in &m.likelihood {
                    row(&mut o, &[range.clone(), (*words).to_string()]);
                }
                let _ = writeln!(o);
            }
            t if t == tr!("pack.rules.agreements") => {
                for a in &m.agreements {
                    let _ = writeln!(
                        o,
                        "- {} {} ({})",
                        bold_lead(&md(&a.title)),
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
    let _ = writeln!(o, "## {}", tr!("pack.manual.h.questions"));
    let _ = writeln!(o);
    para(&mut o, tr!("pack.questions.keep_in_mind"));
    for q in &m.questions {
        let _ = writeln!(o, "**({}) {}.** {}", q.letter, q.theme, md(&q.text));
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "## {}", tr!("pack.manual.h.experience"));
    let _ = writeln!(o);
    for p in &m.invitation {
        para(&mut o, p);
    }
    for d in &m.delegations {
        let _ = writeln!(o, "**{}** — {}", md(d), tr!("pack.our_experience"));
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
        &tr!("pack.doc.brief", role = md(&b.name)),
        Audience::Delegation(index),
    );
    let _ = writeln!(o, "## {}", tr!("pack.brief.h.knows"));
    let _ = writeln!(o);
    bullets(&mut o, &b.private_brief);
    if !b.interests.is_empty() {
        let _ = writeln!(o, "## {}", tr!("pack.brief.h.interests"));
        let _ = writeln!(o);
        bullets(&mut o, &b.interests);
    }
    if !b.leverage.is_empty() {
        let _ = writeln!(o, "## {}", tr!("pack.brief.h.leverage"));
        let _ = writeln!(o);
        bullets(&mut o, &b.leverage);
    }
    if !b.agreements.is_empty() {
        let _ = writeln!(o, "## {}", tr!("pack.brief.h.agreements"));
        let _ = writeln!(o);
        bullets(&mut o, &b.agreements);
    }
    let _ = writeln!(o, "## {}", tr!("pack.brief.h.decisions"));
    let _ = writeln!(o);
    para(&mut o, tr!("pack.brief.decisions_intro"));
    if b.decisions.is_empty() {
        para(&mut o, tr!("pack.brief.no_decisions"));
    }
    for d in &b.decisions {
        let _ = writeln!(o, "### {}", md(&d.stage));
        let _ = writeln!(o);
        let _ = writeln!(o, "*{}*", md(&d.prompt));
        let _ = writeln!(o);
        bullets(&mut o, &d.options);
    }
    let _ = writeln!(o, "## {}", tr!("pack.brief.h.slips"));
    let _ = writeln!(o);
    para(&mut o, tr!("pack.brief.slips_intro"));
    for turn in 1..=b.slips {
        let _ = writeln!(
            o,
            "### {}",
            tr!("pack.slip.title", role = md(&b.name), turn = turn)
        );
        let _ = writeln!(o);
        let _ = writeln!(o, "{} {BLANK}", tr!("pack.slip.choice"));
        let _ = writeln!(o);
        let _ = writeln!(o, "{} {BLANK}", tr!("pack.slip.reason"));
        let _ = writeln!(o);
        let _ = writeln!(o, "{} {BLANK}", tr!("pack.slip.agreement"));
        let _ = writeln!(o);
    }
    foot(&mut o);
    o
}

fn facilitator_guide(pack: &Pack) -> String {
    let g = &pack.guide;
    let mut o = String::new();
    head(&mut o, pack, tr!("pack.doc.guide"), Audience::Facilitator);
    let _ = writeln!(o, "## {}", tr!("pack.guide.h.using"));
    let _ = writeln!(o);
    for p in &g.overview {
        para(&mut o, p);
    }
    if let Some(note) = &pack.exercise.content_note {
        let _ = writeln!(
            o,
            "> **{}** {}: {}",
            tr!("title.content_note"),
            tr!("pack.guide.read_out"),
            md(note)
        );
        let _ = writeln!(o);
    }
    let _ = writeln!(
        o,
        "### {}",
        tr!("pack.guide.run_sheet", minutes = pack.plan.minutes)
    );
    let _ = writeln!(o);
    row(
        &mut o,
        &[
            tr!("pack.time").into(),
            tr!("pack.length").into(),
            tr!("pack.item").into(),
            tr!("pack.notes").into(),
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
    let _ = writeln!(o, "### {}", tr!("pack.guide.private"));
    let _ = writeln!(o);
    for (name, lines) in &g.private {
        let _ = writeln!(o, "**{}**", md(name));
        let _ = writeln!(o);
        bullets(&mut o, lines);
    }

    let _ = writeln!(o, "## {}", tr!("pack.guide.h.msel"));
    let _ = writeln!(o);
    row(
        &mut o,
        &[
            "#".into(),
            tr!("pack.msel.inject").into(),
            tr!("pack.msel.to").into(),
            tr!("pack.msel.fires").into(),
            tr!("pack.msel.time_box").into(),
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
                m.time_box
                    .map(|t| tr!("pack.duration.minutes", minutes = t))
                    .unwrap_or_default(),
            ],
        );
    }
    let _ = writeln!(o);
    for m in &g.msel {
        let _ = writeln!(o, "### {} {}", m.number, md(&m.title));
        let _ = writeln!(o);
        let _ = writeln!(o, "- {} {}", tr!("pack.msel.to_label"), md(&m.to));
        let _ = writeln!(o, "- {} {}", tr!("pack.msel.when_label"), md(&m.when));
        for by in &m.raised_by {
            let _ = writeln!(o, "- {}", tr!("pack.msel.also_raised", by = md(by)));
        }
        if let Some(t) = m.time_box {
            let _ = writeln!(
                o,
                "- {} {}",
                tr!("pack.msel.time_box_label"),
                tr!("pack.duration.minutes", minutes = t)
            );
        }
        let _ = writeln!(o);
        let _ = writeln!(o, "> {}", md(&m.text));
        let _ = writeln!(o);
        if !m.expected.is_empty() {
            let _ = writeln!(
                o,
                "{}",
                tr!("label.colon", text = tr!("pack.msel.expected"))
            );
            let _ = writeln!(o);
            bullets(&mut o, &m.expected);
        }
        if !m.learning.is_empty() {
            let _ = writeln!(
                o,
                "{}",
                tr!("label.colon", text = tr!("pack.msel.learning"))
            );
            let _ = writeln!(o);
            bullets(&mut o, &m.learning);
        }
    }

    let _ = writeln!(o, "## {}", tr!("pack.guide.h.stages"));
    let _ = writeln!(o);
    for s in &g.stages {
        let start = if s.start {
            tr!("pack.stage.opens_here")
        } else {
            ""
        };
        let _ = writeln!(o, "### {} {}{start}", s.number, md(&s.title));
        let _ = writeln!(o);
        bullets(&mut o, &s.situation);
        if let Some(cue) = &s.cue {
            let _ = writeln!(o, "**{}** {}", tr!("pack.stage.what_to_say"), md(cue));
            let _ = writeln!(o);
        }
        if !s.injects.is_empty() {
            let _ = writeln!(
                o,
                "{}",
                tr!("pack.stage.injects", injects = md(&s.injects.join(", ")))
            );
            let _ = writeln!(o);
        }
        for d in &s.decisions {
            let _ = writeln!(o, "**{}** — *{}*", md(&d.role), md(&d.prompt));
            let _ = writeln!(o);
            for opt in &d.options {
                let _ = writeln!(o, "- **{}**", md(&opt.label));
                if !opt.detail.is_empty() {
                    let _ = writeln!(
                        o,
                        "  - {}",
                        tr!("pack.option.players_read", detail = md(&opt.detail))
                    );
                }
                if let Some(when) = &opt.when {
                    let _ = writeln!(
                        o,
                        "  - {}",
                        tr!("pack.option.only_while", condition = md(when))
                    );
                }
                let mut engaged = Vec::new();
                if !opt.tags.is_empty() {
                    engaged.push(tr!("aar.tags", tags = opt.tags.join(", ")));
                }
                if !opt.frameworks.is_empty() {
                    let names: Vec<String> = opt.frameworks.iter().map(|f| md(f)).collect();
                    engaged.push(tr!(
                        "aar.frameworks",
                        frameworks = names.join(crate::tr!("list.separator"))
                    ));
                }
                if !engaged.is_empty() {
                    let _ = writeln!(o, "  - {}", engaged.join(" · "));
                }
                if let Some(note) = &opt.note {
                    let _ = writeln!(o, "  - {}", tr!("pack.option.note", note = md(note)));
                }
            }
            let _ = writeln!(o);
        }
        if !s.next.is_empty() {
            let _ = writeln!(o, "{}", tr!("label.colon", text = tr!("pack.next")));
            let _ = writeln!(o);
            bullets(&mut o, &s.next);
        }
    }

    let _ = writeln!(o, "## {}", tr!("pack.guide.h.branches"));
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{}",
        tr!(
            "pack.guide.opens_on",
            start = md(&g.start),
            length = pack.plan.path_length_words()
        )
    );
    let _ = writeln!(o);
    if !g.branches.is_empty() {
        let _ = writeln!(o, "### {}", tr!("pack.guide.paths_divide"));
        let _ = writeln!(o);
        for (stage, ways) in &g.branches {
            let _ = writeln!(o, "**{}**", md(stage));
            let _ = writeln!(o);
            bullets(&mut o, ways);
        }
    }
    if !g.agreements.is_empty() {
        let _ = writeln!(o, "### {}", tr!("resolution.agreements"));
        let _ = writeln!(o);
        for a in &g.agreements {
            let _ = writeln!(o, "- {} {}", bold_lead(&md(&a.title)), md(&a.summary));
            let _ = writeln!(o, "  - {}", md(&a.who));
            if let Some(when) = &a.when {
                let _ = writeln!(
                    o,
                    "  - {}",
                    tr!("pack.agreement.offered_while", condition = md(when))
                );
            }
            if let Some(breach) = &a.breach {
                let _ = writeln!(
                    o,
                    "  - {}",
                    tr!("pack.agreement.broken_if", condition = md(breach))
                );
            }
            let mut engaged = Vec::new();
            if !a.tags.is_empty() {
                engaged.push(tr!("aar.tags", tags = a.tags.join(", ")));
            }
            if !a.frameworks.is_empty() {
                let names: Vec<String> = a.frameworks.iter().map(|f| md(f)).collect();
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
    let _ = writeln!(o, "### {}", tr!("pack.guide.endings"));
    let _ = writeln!(o);
    para(&mut o, tr!("pack.guide.endings.none_a_win"));
    for e in &g.endings {
        let _ = writeln!(o, "**{}**", md(&e.title));
        let _ = writeln!(o);
        for line in &e.narrative {
            para(&mut o, line);
        }
        for from in &e.reached_from {
            let _ = writeln!(o, "- {}", tr!("pack.ending.reached", from = md(from)));
        }
        if let Some(when) = &e.when {
            let _ = writeln!(o, "- {}", tr!("pack.ending.early", condition = md(when)));
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## {}", tr!("pack.guide.h.objectives"));
    let _ = writeln!(o);
    para(&mut o, tr!("aar.ratings_legend"));
    for obj in &g.objectives {
        let _ = writeln!(
            o,
            "### {}",
            tr!("aar.objective", number = obj.number, text = md(&obj.text))
        );
        let _ = writeln!(o);
        if !obj.behaviours.is_empty() {
            row(
                &mut o,
                &[
                    tr!("pack.behaviour").into(),
                    tr!("pack.seen").into(),
                    tr!("pack.notes").into(),
                ],
            );
            rule(&mut o, 3);
            for b in &obj.behaviours {
                row(&mut o, &[md(b), "☐".into(), String::new()]);
            }
            let _ = writeln!(o);
        }
        let _ = writeln!(o, "{} ☐ P  ☐ S  ☐ M  ☐ U", tr!("aar.rating"));
        let _ = writeln!(o);
        let _ = writeln!(o, "{} {BLANK}", tr!("pack.evidence"));
        let _ = writeln!(o);
    }

    let _ = writeln!(
        o,
        "## {}",
        tr!(
            "pack.guide.h.hot_wash",
            length = duration(pack.plan.hot_wash_seconds)
        )
    );
    let _ = writeln!(o);
    for step in &g.hot_wash {
        let _ = writeln!(
            o,
            "### {} — {}",
            md(&step.title),
            tr!("pack.duration.minutes", minutes = step.minutes)
        );
        let _ = writeln!(o);
        if let Some(q) = &step.question {
            let _ = writeln!(o, "**{}** {}", tr!("pack.ask"), md(q));
            let _ = writeln!(o);
        }
        bullets(&mut o, &step.prompts);
    }

    let _ = writeln!(o, "## {}", tr!("pack.guide.h.reality"));
    let _ = writeln!(o);
    if g.reality.is_empty() {
        para(&mut o, tr!("aar.reality.none"));
    }
    for case in &g.reality {
        let _ = writeln!(o, "### {}", md(&case.title));
        let _ = writeln!(o);
        for line in &case.text {
            para(&mut o, line);
        }
        if let Some(source) = &case.source {
            let _ = writeln!(o, "*{}*", tr!("debrief.source", source = md(source)));
            let _ = writeln!(o);
        }
    }
    if !g.good_practices.is_empty() {
        let _ = writeln!(o, "### {}", tr!("aar.good_practices"));
        let _ = writeln!(o);
        for p in &g.good_practices {
            let cites = if p.frameworks.is_empty() {
                String::new()
            } else {
                let names: Vec<String> = p.frameworks.iter().map(|f| md(f)).collect();
                format!(" ({})", names.join(crate::tr!("list.separator")))
            };
            let _ = writeln!(o, "- {} {}{cites}", bold_lead(&md(&p.title)), md(&p.text));
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## {}", tr!("pack.guide.h.answers"));
    let _ = writeln!(o);
    if g.answers.is_empty() {
        para(&mut o, tr!("pack.no_questions"));
    }
    for a in &g.answers {
        let _ = writeln!(o, "**{}. {}**", a.number, md(&a.text));
        let _ = writeln!(o);
        let _ = writeln!(o, "- {} {}", tr!("pack.answer"), md(&a.answer_text()));
        let _ = writeln!(o, "- {} {}", tr!("pack.why"), md(&a.why));
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## {}", tr!("pack.guide.h.frameworks"));
    let _ = writeln!(o);
    for f in &g.frameworks {
        let year = f.year.map(|y| format!(" ({y})")).unwrap_or_default();
        let _ = writeln!(o, "**{}**{year}", md(&f.name));
        let _ = writeln!(o);
        para(&mut o, &f.summary);
        let _ = writeln!(
            o,
            "*{}* {}",
            tr!("label.colon", text = tr!("library.asks")),
            md(&f.asks)
        );
        let _ = writeln!(o);
    }
    foot(&mut o);
    o
}

fn knowledge_check(pack: &Pack) -> String {
    let c = &pack.check;
    let mut o = String::new();
    head(
        &mut o,
        pack,
        tr!("aar.knowledge_check"),
        Audience::EachDelegation,
    );
    for sitting in [tr!("pack.check.before"), tr!("pack.check.after")] {
        let _ = writeln!(o, "## {sitting}");
        let _ = writeln!(o);
        let _ = writeln!(o, "{} {BLANK}", tr!("pack.check.delegation"));
        let _ = writeln!(o);
        para(&mut o, &c.intro);
        if c.questions.is_empty() {
            para(&mut o, tr!("pack.no_questions"));
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
            "{}",
            tr!("pack.check.score_md", total = c.questions.len())
        );
        let _ = writeln!(o);
    }
    foot(&mut o);
    o
}

fn feedback_form(pack: &Pack) -> String {
    let f = &pack.feedback;
    let mut o = String::new();
    head(&mut o, pack, tr!("pack.doc.feedback"), Audience::Everyone);
    para(&mut o, &f.intro);
    let names: Vec<String> = f
        .delegations
        .iter()
        .map(|d| format!("☐ {}", md(d)))
        .collect();
    let _ = writeln!(
        o,
        "{} {}  ☐ {}",
        tr!("pack.feedback.my_delegation"),
        names.join("  "),
        tr!("pack.feedback.observer")
    );
    let _ = writeln!(o);
    let mut head_cells = vec![tr!("pack.feedback.statement").to_string()];
    head_cells.extend(scale().iter().map(|s| s.to_string()));
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
