//! The pack as HTML for printing on A4: one self-contained file per document plus an
//! index. The house style is the report's (`crate::report::html::CSS`, reused as is);
//! `PACK_CSS` adds what paper forms need (slips, tick boxes, write-in lines) and page
//! breaks between the parts of a document. No scripts, fonts or images from elsewhere;
//! every piece of exercise text goes through `html_escape`.

use super::{
    Audience, MARKING, Pack, PackFile, PrivateBrief, SCALE, choice_letter, clock, duration,
};
use crate::report::html::{CSS, e};
use std::fmt::Write as _;

/// Additions to the report's stylesheet for printed forms.
const PACK_CSS: &str = r#"
.page-break { break-before: page; page-break-before: always; }
.cover { border-bottom: 2px solid var(--accent); padding-bottom: 3mm; margin-bottom: 4mm; }
.audience { display: inline-block; border: 2px solid var(--accent); color: var(--accent); font-weight: 700; padding: 1.5mm 4mm; margin: 1mm 0 2mm; }
.audience.restricted { border-color: #8a1c1c; color: #8a1c1c; background: #fbeeee; }
.box { display: inline-block; width: 3.6mm; height: 3.6mm; border: 1.2px solid #3b434c; vertical-align: -0.5mm; margin-right: 1.5mm; background: #fff; }
td.tick, th.tick { text-align: center; width: 11mm; white-space: nowrap; }
td.tick .box { margin: 0; }
ul.choices { list-style: none; padding-left: 2mm; }
ul.choices li { margin: 1.2mm 0; }
.slip { border: 1.5px dashed #6b7580; padding: 4mm 5mm 3mm; margin: 0 0 7mm; break-inside: avoid; page-break-inside: avoid; }
.slip h3 { margin: 0 0 2mm; font-size: 11pt; }
.slip .field { display: flex; gap: 3mm; align-items: flex-end; margin: 3.5mm 0; }
.slip .field span { white-space: nowrap; font-weight: 600; font-size: 9.5pt; }
.slip .field div { flex: 1; border-bottom: 1px solid #9aa4b0; height: 7mm; }
.slip .cut { font-size: 8pt; color: var(--muted); text-align: right; margin: 0; }
.inject { border-left: 3px solid var(--accent); padding: 1mm 0 1mm 4mm; margin: 3mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
.inject h3 { margin-top: 0; }
.inject blockquote { margin: 1.5mm 0 2mm; padding: 1.5mm 3mm; background: var(--soft); font-style: italic; }
.meta { font-size: 9pt; color: var(--muted); margin: 0 0 1.5mm; }
.cue { border-left: 4px solid #b5541c; background: #fdf5ef; padding: 2mm 4mm; margin: 2mm 0 3mm; }
.stage { border: 1px solid var(--rule); border-radius: 2mm; padding: 3mm 4mm 1mm; margin: 3mm 0 5mm; }
.stage h3 { margin-top: 0; }
.options td:first-child { width: 40%; }
.step { border: 1px solid var(--rule); padding: 2.5mm 4mm 1mm; margin: 2.5mm 0; break-inside: avoid; page-break-inside: avoid; }
.step h3 { margin-top: 0; display: flex; justify-content: space-between; }
.step h3 .minutes { font-weight: 400; color: var(--muted); font-size: 9.5pt; }
.experience { border: 1px solid var(--rule); padding: 3mm 4mm 2mm; margin: 3mm 0; break-inside: avoid; page-break-inside: avoid; }
.experience h3 { margin-top: 0; }
.docs td:first-child { width: 36%; }
table.keep { break-inside: avoid; page-break-inside: avoid; }
.engages { margin-top: 1.5mm; font-size: 8.5pt; color: var(--muted); }
table.scale th.tick { font-size: 8pt; font-weight: 600; width: 14mm; white-space: normal; }
@media print {
  .marking { display: block; padding: 0 0 2mm; }
  .marking.bottom { padding: 2mm 0 0; }
  .stage, .turn { break-inside: auto; }
}
"#;

/// Running header on every printed page. Only fixed words, never exercise text, go into
/// CSS strings (escaping there follows other rules than in HTML).
fn running_header(audience: Audience) -> &'static str {
    match audience {
        Audience::Everyone | Audience::EachDelegation => "EXERCISE ONLY",
        Audience::Delegation(_) => "EXERCISE ONLY · PRIVATE BRIEF · ONE DELEGATION ONLY",
        Audience::Facilitator => "EXERCISE ONLY · FACILITATOR GUIDE · NOT FOR PLAYERS",
    }
}

/// A whole document: the marking above and below, the styles inline.
fn page(title: &str, audience: Audience, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}{PACK_CSS}@page {{ @top-center {{ content: \"{}\"; }} }}\n</style>\n</head>\n<body>\n<div class=\"marking\">{MARKING}</div>\n<main>\n{body}</main>\n<div class=\"marking bottom\">{MARKING}</div>\n</body>\n</html>\n",
        e(title),
        running_header(audience)
    )
}

/// The cover block: kind, title, context and who it is for.
fn cover(b: &mut String, pack: &Pack, kind: &str, audience: Audience) {
    let (who, _) = pack.audience_words(audience);
    let class = if matches!(audience, Audience::Everyone | Audience::EachDelegation) {
        "audience"
    } else {
        "audience restricted"
    };
    let _ = writeln!(b, "<header class=\"cover\">");
    let _ = writeln!(b, "<p class=\"kicker\">{}</p>", e(kind));
    let _ = writeln!(b, "<h1>{}</h1>", e(&pack.exercise.title));
    let _ = writeln!(b, "<p class=\"sub\">{}</p>", e(&pack.exercise.context));
    let _ = writeln!(b, "<p class=\"{class}\">{}</p>", e(&who));
    let _ = writeln!(b, "</header>");
}

fn list(b: &mut String, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(b, "<ul>");
    for item in items {
        let _ = writeln!(b, "<li>{}</li>", e(item));
    }
    let _ = writeln!(b, "</ul>");
}

fn paras(b: &mut String, items: &[String]) {
    for item in items {
        let _ = writeln!(b, "<p>{}</p>", e(item));
    }
}

/// Lines to write on.
fn lines(b: &mut String, count: usize) {
    let _ = writeln!(
        b,
        "<div class=\"answer\">{}</div>",
        "<div></div>".repeat(count)
    );
}

const BOX: &str = "<span class=\"box\"></span>";

fn h2(b: &mut String, text: &str, new_page: bool) {
    let class = if new_page {
        " class=\"page-break\""
    } else {
        ""
    };
    let _ = writeln!(b, "<h2{class}>{}</h2>", e(text));
}

pub fn render(pack: &Pack) -> Vec<PackFile> {
    let mut files = vec![PackFile {
        name: "index.html".into(),
        text: index(pack),
    }];
    files.push(PackFile {
        name: "situation-manual.html".into(),
        text: situation_manual(pack),
    });
    for (i, brief) in pack.briefs.iter().enumerate() {
        files.push(PackFile {
            name: format!("{}.html", brief.file_stem),
            text: private_brief(pack, i, brief),
        });
    }
    files.push(PackFile {
        name: "facilitator-guide.html".into(),
        text: facilitator_guide(pack),
    });
    files.push(PackFile {
        name: "knowledge-check.html".into(),
        text: knowledge_check(pack),
    });
    files.push(PackFile {
        name: "feedback-form.html".into(),
        text: feedback_form(pack),
    });
    files
}

fn index(pack: &Pack) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "<header class=\"cover\">");
    let _ = writeln!(b, "<p class=\"kicker\">Print pack</p>");
    let _ = writeln!(b, "<h1>{}</h1>", e(&pack.exercise.title));
    let _ = writeln!(
        b,
        "<p class=\"sub\">{} · {}-minute session plan · <span class=\"small\">{}</span></p>",
        e(&pack.exercise.context),
        pack.plan.minutes,
        e(&pack.exercise.id)
    );
    let _ = writeln!(b, "</header>");
    let _ = writeln!(b, "<p>{}</p>", e(&pack.exercise.summary));
    let _ = writeln!(
        b,
        "<table class=\"docs\"><thead><tr><th>Document</th><th>For</th><th>Print</th></tr></thead><tbody>"
    );
    for (stem, title, audience) in pack.documents() {
        let (who, copies) = pack.audience_words(audience);
        let _ = writeln!(
            b,
            "<tr><td><a href=\"{}.html\">{}</a></td><td>{}</td><td>{}</td></tr>",
            e(&stem),
            e(&title),
            e(&who),
            e(copies)
        );
    }
    let _ = writeln!(b, "</tbody></table>");
    let _ = writeln!(
        b,
        "<p class=\"small\">Open each document and print it from the browser on A4 (no network needed). Generated from the exercise file by <code>crossings pack</code>; regenerate after any change to the exercise so paper and screen agree. A Markdown version for editing: <code>crossings pack {} --format md</code>.</p>",
        e(&pack.exercise.id)
    );
    page(
        &format!("Print pack — {}", pack.exercise.title),
        Audience::Everyone,
        &b,
    )
}

fn situation_manual(pack: &Pack) -> String {
    let m = &pack.manual;
    let mut b = String::new();
    cover(&mut b, pack, "Situation Manual", Audience::Everyone);
    if let Some(note) = &pack.exercise.content_note {
        let _ = writeln!(
            b,
            "<p class=\"warning\"><strong>Content note:</strong> {}</p>",
            e(note)
        );
    }
    h2(&mut b, "1. Purpose", false);
    paras(&mut b, &m.purpose);
    h2(&mut b, "2. Scope", false);
    list(&mut b, &m.scope);
    h2(&mut b, "3. Learning objectives", false);
    if m.objectives.is_empty() {
        let _ = writeln!(b, "<p>The exercise states no learning objectives.</p>");
    } else {
        let _ = writeln!(b, "<ol>");
        for obj in &m.objectives {
            let _ = writeln!(b, "<li>{}</li>", e(obj));
        }
        let _ = writeln!(b, "</ol>");
    }
    h2(
        &mut b,
        &format!("4. Agenda ({} minutes)", pack.plan.minutes),
        false,
    );
    let _ = writeln!(
        b,
        "<table><thead><tr><th class=\"num\">Time</th><th class=\"num\">Length</th><th>Item</th><th>What happens</th></tr></thead><tbody>"
    );
    for r in pack.plan.compact_rows() {
        let _ = writeln!(
            b,
            "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            clock(r.start),
            duration(r.seconds),
            e(&r.item),
            e(&r.note)
        );
    }
    let _ = writeln!(b, "</tbody></table>");

    h2(&mut b, "5. The setting", false);
    paras(&mut b, &m.setting);
    if !m.countries.is_empty() {
        let _ = writeln!(
            b,
            "<table><thead><tr><th style=\"width:18%\">Country</th><th style=\"width:14%\">Role</th><th>About it</th></tr></thead><tbody>"
        );
        for k in &m.countries {
            let _ = writeln!(
                b,
                "<tr><td><strong>{}</strong></td><td>{}</td><td>{}</td></tr>",
                e(&k.name),
                e(k.role.as_deref().unwrap_or("")),
                e(&k.text)
            );
        }
        let _ = writeln!(b, "</tbody></table>");
    }
    h2(&mut b, "6. The delegations", false);
    for r in &m.roles {
        let _ = writeln!(b, "<div class=\"objective\"><h3>{}</h3>", e(&r.label));
        list(&mut b, &r.public_brief);
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, "7. Objectives and obligations", true);
    if m.obligations.is_empty() {
        let _ = writeln!(
            b,
            "<p>The exercise states no objectives-and-obligations table.</p>"
        );
    } else {
        let _ = writeln!(
            b,
            "<p class=\"small\">For each state: what it manages for, what it owes in protection, and where the two meet or clash.</p>"
        );
        let _ = writeln!(
            b,
            "<table><thead><tr><th style=\"width:16%\">State</th><th>Management objectives</th><th>Protection obligations</th><th>Where they meet or clash</th></tr></thead><tbody>"
        );
        for ob in &m.obligations {
            let cell = |v: &[String]| {
                v.iter()
                    .map(|s| format!("<li>{}</li>", e(s)))
                    .collect::<String>()
            };
            let _ = writeln!(
                b,
                "<tr><td><strong>{}</strong></td><td><ul>{}</ul></td><td><ul>{}</ul></td><td><ul>{}</ul></td></tr>",
                e(&ob.role),
                cell(&ob.management),
                cell(&ob.protection),
                cell(&ob.tensions)
            );
        }
        let _ = writeln!(b, "</tbody></table>");
    }

    h2(&mut b, "8. Rules of play", true);
    for r in &m.rules {
        let _ = writeln!(b, "<h3>{}</h3>", e(r.title));
        paras(&mut b, &r.text);
        match r.title {
            "Two ledgers, never merged" => {
                for l in &m.ledgers {
                    let _ = writeln!(b, "<h4>{} ledger</h4>", e(l.name));
                    list(&mut b, &l.indicators);
                }
            }
            "Chance, shown as likelihood" => {
                let _ = writeln!(
                    b,
                    "<table class=\"keep\" style=\"width:60%\"><thead><tr><th>Chance</th><th>Shown as</th></tr></thead><tbody>"
                );
                for (range, words) in &m.likelihood {
                    let _ = writeln!(b, "<tr><td>{}</td><td>{}</td></tr>", e(range), e(words));
                }
                let _ = writeln!(b, "</tbody></table>");
            }
            "Agreements between states" if !m.agreements.is_empty() => {
                let _ = writeln!(b, "<ul>");
                for a in &m.agreements {
                    let _ = writeln!(
                        b,
                        "<li><strong>{}</strong>: {} <span class=\"small\">({})</span></li>",
                        e(&a.title),
                        e(&a.summary),
                        e(&a.who)
                    );
                }
                let _ = writeln!(b, "</ul>");
            }
            _ => {}
        }
    }

    h2(&mut b, "9. Discussion questions", true);
    let _ = writeln!(
        b,
        "<p>Keep these in mind during play; the hot wash comes back to each.</p>"
    );
    for q in &m.questions {
        let _ = writeln!(b, "<div class=\"question\">");
        let _ = writeln!(b, "<h3>({}) {}</h3>", q.letter, e(q.theme));
        let _ = writeln!(b, "<p>{}</p>", e(&q.text));
        let _ = writeln!(b, "<p class=\"small\">Notes:</p>");
        lines(&mut b, 2);
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, "10. Bring one experience of your own", true);
    paras(&mut b, &m.invitation);
    for d in &m.delegations {
        let _ = writeln!(b, "<div class=\"experience\">");
        let _ = writeln!(b, "<h3>{}</h3>", e(d));
        let _ = writeln!(b, "<p class=\"small\">Our experience, in a few lines:</p>");
        lines(&mut b, 4);
        let _ = writeln!(b, "</div>");
    }
    page(
        &format!("Situation Manual — {}", pack.exercise.title),
        Audience::Everyone,
        &b,
    )
}

fn private_brief(pack: &Pack, index: usize, brief: &PrivateBrief) -> String {
    let audience = Audience::Delegation(index);
    let mut b = String::new();
    cover(
        &mut b,
        pack,
        &format!("Private brief — {}", brief.name),
        audience,
    );
    h2(&mut b, "What only your delegation knows", false);
    list(&mut b, &brief.private_brief);
    if !brief.interests.is_empty() || !brief.leverage.is_empty() {
        let _ = writeln!(
            b,
            "<table><thead><tr><th>Your interests</th><th>Your leverage</th></tr></thead><tbody><tr><td><ul>{}</ul></td><td><ul>{}</ul></td></tr></tbody></table>",
            brief
                .interests
                .iter()
                .map(|s| format!("<li>{}</li>", e(s)))
                .collect::<String>(),
            brief
                .leverage
                .iter()
                .map(|s| format!("<li>{}</li>", e(s)))
                .collect::<String>()
        );
    }
    if !brief.agreements.is_empty() {
        let _ = writeln!(b, "<h3>Agreements you may offer or be offered</h3>");
        list(&mut b, &brief.agreements);
    }
    h2(&mut b, "Decisions you may face", true);
    let _ = writeln!(
        b,
        "<p class=\"small\">Not every one comes up: which do depends on what all delegations choose. Each is one choice among the options listed.</p>"
    );
    if brief.decisions.is_empty() {
        let _ = writeln!(
            b,
            "<p>Your delegation has no decisions in this exercise.</p>"
        );
    }
    for d in &brief.decisions {
        let _ = writeln!(b, "<div class=\"question\">");
        let _ = writeln!(b, "<h3>{}</h3>", e(&d.stage));
        let _ = writeln!(b, "<p><em>{}</em></p>", e(&d.prompt));
        list(&mut b, &d.options);
        let _ = writeln!(b, "</div>");
    }
    h2(&mut b, "Decision slips", true);
    let _ = writeln!(
        b,
        "<p class=\"small\">One slip per turn: write your choice and a one-line reason, cut along the dashed line and hand the slip to the facilitator.</p>"
    );
    for turn in 1..=brief.slips {
        let _ = writeln!(b, "<div class=\"slip\">");
        let _ = writeln!(
            b,
            "<h3>{} · Turn {turn} <span class=\"small\">— decision slip</span></h3>",
            e(&brief.name)
        );
        for label in [
            "Our choice",
            "Our reason (one line)",
            "Agreement offered or answered, if any",
        ] {
            let _ = writeln!(
                b,
                "<div class=\"field\"><span>{label}:</span><div></div></div>"
            );
        }
        let _ = writeln!(b, "<p class=\"cut\">✂ cut here</p>");
        let _ = writeln!(b, "</div>");
    }
    page(
        &format!("Private brief — {} — {}", brief.name, pack.exercise.title),
        audience,
        &b,
    )
}

fn facilitator_guide(pack: &Pack) -> String {
    let g = &pack.guide;
    let audience = Audience::Facilitator;
    let mut b = String::new();
    cover(&mut b, pack, "Facilitator guide", audience);
    if let Some(note) = &pack.exercise.content_note {
        let _ = writeln!(
            b,
            "<p class=\"warning\"><strong>Content note</strong> (read it out before the briefing): {}</p>",
            e(note)
        );
    }
    h2(&mut b, "1. Using this guide", false);
    paras(&mut b, &g.overview);
    let _ = writeln!(b, "<h3>Run-sheet ({} minutes)</h3>", pack.plan.minutes);
    let _ = writeln!(
        b,
        "<table><thead><tr><th class=\"num\">Time</th><th class=\"num\">Length</th><th>Item</th><th>Notes</th><th class=\"tick\">Done</th></tr></thead><tbody>"
    );
    for r in &pack.plan.rows {
        let _ = writeln!(
            b,
            "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"tick\">{BOX}</td></tr>",
            clock(r.start),
            duration(r.seconds),
            e(&r.item),
            e(&r.note)
        );
    }
    let _ = writeln!(b, "</tbody></table>");
    let _ = writeln!(b, "<h3>What each delegation knows privately</h3>");
    for (name, lines) in &g.private {
        let _ = writeln!(b, "<h4>{}</h4>", e(name));
        list(&mut b, lines);
    }

    h2(&mut b, "2. Master scenario events list (MSEL)", true);
    let _ = writeln!(
        b,
        "<table><thead><tr><th>#</th><th>Inject</th><th>To</th><th>When it fires</th><th class=\"num\">Time box</th></tr></thead><tbody>"
    );
    for m in &g.msel {
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            e(&m.number),
            e(&m.title),
            e(&m.to),
            e(&m.when),
            m.time_box.map(|t| format!("{t} min")).unwrap_or_default()
        );
    }
    let _ = writeln!(b, "</tbody></table>");
    for m in &g.msel {
        let _ = writeln!(b, "<div class=\"inject\">");
        let _ = writeln!(b, "<h3>{} {}</h3>", e(&m.number), e(&m.title));
        let time = m
            .time_box
            .map(|t| format!(" · time box {t} min"))
            .unwrap_or_default();
        let _ = writeln!(
            b,
            "<p class=\"meta\">To: {}{time}<br>{}</p>",
            e(&m.to),
            e(&m.when)
        );
        for by in &m.raised_by {
            let _ = writeln!(b, "<p class=\"meta\">Also raised {}</p>", e(by));
        }
        let _ = writeln!(b, "<blockquote>{}</blockquote>", e(&m.text));
        if !m.expected.is_empty() {
            let _ = writeln!(b, "<h4>Expected responses</h4>");
            list(&mut b, &m.expected);
        }
        if !m.learning.is_empty() {
            let _ = writeln!(b, "<h4>Learning points</h4>");
            list(&mut b, &m.learning);
        }
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, "3. Stage by stage", true);
    for s in &g.stages {
        let _ = writeln!(b, "<div class=\"stage\">");
        let start = if s.start {
            " <span class=\"chip\">the exercise opens here</span>"
        } else {
            ""
        };
        let _ = writeln!(b, "<h3>{} · {}{start}</h3>", e(&s.number), e(&s.title));
        if !s.situation.is_empty() {
            let _ = writeln!(b, "<div class=\"situation\">");
            list(&mut b, &s.situation);
            let _ = writeln!(b, "</div>");
        }
        if let Some(cue) = &s.cue {
            let _ = writeln!(
                b,
                "<p class=\"cue\"><strong>What to say next:</strong> {}</p>",
                e(cue)
            );
        }
        if !s.injects.is_empty() {
            let _ = writeln!(
                b,
                "<p class=\"meta\">Injects on entry: {}</p>",
                e(&s.injects.join(", "))
            );
        }
        for d in &s.decisions {
            let _ = writeln!(b, "<h4>{} — <em>{}</em></h4>", e(&d.role), e(&d.prompt));
            let _ = writeln!(
                b,
                "<table class=\"options\"><thead><tr><th>Option (players read)</th><th>Facilitator note; tags and frameworks</th></tr></thead><tbody>"
            );
            for opt in &d.options {
                let mut first = format!("<strong>{}</strong>", e(&opt.label));
                if !opt.detail.is_empty() {
                    let _ = write!(first, "<br><span class=\"small\">{}</span>", e(&opt.detail));
                }
                if let Some(when) = &opt.when {
                    let _ = write!(
                        first,
                        "<br><span class=\"small\"><em>Offered only while {}</em></span>",
                        e(when)
                    );
                }
                let mut second = opt.note.as_deref().map(e).unwrap_or_default();
                if !opt.tags.is_empty() || !opt.frameworks.is_empty() {
                    let chips: String = opt
                        .tags
                        .iter()
                        .map(|t| format!("<span class=\"chip\">{}</span>", e(t)))
                        .collect();
                    let _ = write!(
                        second,
                        "<div class=\"engages\">{chips}{}</div>",
                        e(&opt.frameworks.join("; "))
                    );
                }
                let _ = writeln!(b, "<tr><td>{first}</td><td>{second}</td></tr>");
            }
            let _ = writeln!(b, "</tbody></table>");
        }
        if !s.next.is_empty() {
            let _ = writeln!(b, "<h4>Next</h4>\n<div class=\"meta\">");
            list(&mut b, &s.next);
            let _ = writeln!(b, "</div>");
        }
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, "4. Branches, agreements and endings", true);
    let _ = writeln!(
        b,
        "<p>The exercise opens on “{}”. A path through it takes {}.</p>",
        e(&g.start),
        pack.plan.path_length_words()
    );
    if !g.branches.is_empty() {
        let _ = writeln!(b, "<h3>Where the paths divide</h3>");
        for (stage, ways) in &g.branches {
            let _ = writeln!(b, "<h4>{}</h4>", e(stage));
            list(&mut b, ways);
        }
    }
    if !g.agreements.is_empty() {
        let _ = writeln!(b, "<h3>Agreements</h3>");
        for a in &g.agreements {
            let _ = writeln!(b, "<div class=\"objective\">");
            let _ = writeln!(b, "<h4>{}</h4>", e(&a.title));
            let _ = writeln!(b, "<p>{}</p>", e(&a.summary));
            let mut facts = vec![a.who.clone()];
            if let Some(when) = &a.when {
                facts.push(format!("Can be offered while {when}"));
            }
            if let Some(breach) = &a.breach {
                facts.push(format!("Broken if {breach}"));
            }
            if !a.tags.is_empty() {
                facts.push(format!("Tags: {}", a.tags.join(", ")));
            }
            if !a.frameworks.is_empty() {
                facts.push(format!("Frameworks: {}", a.frameworks.join("; ")));
            }
            list(&mut b, &facts);
            let _ = writeln!(b, "</div>");
        }
    }
    let _ = writeln!(b, "<h3>Endings</h3>");
    let _ = writeln!(
        b,
        "<p class=\"small\">None is a win: the debrief looks at the trajectory on both ledgers, not the ending's title.</p>"
    );
    for ending in &g.endings {
        let _ = writeln!(b, "<div class=\"objective\">");
        let _ = writeln!(b, "<h4>{}</h4>", e(&ending.title));
        paras(&mut b, &ending.narrative);
        let mut facts: Vec<String> = ending
            .reached_from
            .iter()
            .map(|f| format!("Reached {f}"))
            .collect();
        if let Some(when) = &ending.when {
            facts.push(format!("On early conclusion, chosen when {when}"));
        }
        let _ = writeln!(b, "<div class=\"small\">");
        list(&mut b, &facts);
        let _ = writeln!(b, "</div></div>");
    }

    h2(&mut b, "5. Objectives and rating sheet", true);
    let _ = writeln!(
        b,
        "<p class=\"small\">P — performed without challenges · S — performed with some challenges · M — performed with major challenges · U — unable to be performed. Tick the behaviours you see during play; rate each objective at the hot wash.</p>"
    );
    for obj in &g.objectives {
        let _ = writeln!(b, "<div class=\"objective\">");
        let _ = writeln!(b, "<h3>Objective {}: {}</h3>", obj.number, e(&obj.text));
        if !obj.behaviours.is_empty() {
            let _ = writeln!(
                b,
                "<table><thead><tr><th class=\"tick\">Seen</th><th>Observable behaviour</th><th style=\"width:32%\">Notes</th></tr></thead><tbody>"
            );
            for beh in &obj.behaviours {
                let _ = writeln!(
                    b,
                    "<tr><td class=\"tick\">{BOX}</td><td>{}</td><td></td></tr>",
                    e(beh)
                );
            }
            let _ = writeln!(b, "</tbody></table>");
        }
        let _ = writeln!(b, "</div>");
    }
    let _ = writeln!(b, "<h3>Rating sheet</h3>");
    let _ = writeln!(
        b,
        "<table class=\"keep\"><thead><tr><th>Objective</th><th class=\"tick\">P</th><th class=\"tick\">S</th><th class=\"tick\">M</th><th class=\"tick\">U</th><th style=\"width:34%\">Evidence and comment</th></tr></thead><tbody>"
    );
    for obj in &g.objectives {
        let _ = writeln!(
            b,
            "<tr style=\"height:16mm\"><td>{}. {}</td>{}<td></td></tr>",
            obj.number,
            e(&obj.text),
            format!("<td class=\"tick\">{BOX}</td>").repeat(4)
        );
    }
    let _ = writeln!(b, "</tbody></table>");
    let _ = writeln!(b, "<h3>Knowledge-check scores</h3>");
    let _ = writeln!(
        b,
        "<table class=\"keep\"><thead><tr><th>Delegation</th><th class=\"num\">Before</th><th class=\"num\">After</th></tr></thead><tbody>"
    );
    for brief in &pack.briefs {
        let _ = writeln!(
            b,
            "<tr style=\"height:10mm\"><td>{}</td><td class=\"num\">/ {n}</td><td class=\"num\">/ {n}</td></tr>",
            e(&brief.name),
            n = g.answers.len()
        );
    }
    let _ = writeln!(b, "</tbody></table>");
    let _ = writeln!(
        b,
        "<p class=\"small\">Record them for the After-Action Report: <code>crossings scores SAVE --role ROLE --pre N --post N</code>.</p>"
    );

    h2(
        &mut b,
        &format!(
            "6. Hot wash run-sheet ({})",
            duration(pack.plan.hot_wash_seconds)
        ),
        true,
    );
    for step in &g.hot_wash {
        let _ = writeln!(b, "<div class=\"step\">");
        let _ = writeln!(
            b,
            "<h3><span>{}</span><span class=\"minutes\">{} min</span></h3>",
            e(&step.title),
            step.minutes
        );
        if let Some(q) = &step.question {
            let _ = writeln!(b, "<p><strong>Ask:</strong> {}</p>", e(q));
        }
        list(&mut b, &step.prompts);
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, "7. What happened in reality", true);
    if g.reality.is_empty() {
        let _ = writeln!(b, "<p>The exercise cites no real cases.</p>");
    }
    for case in &g.reality {
        let _ = writeln!(b, "<h3>{}</h3>", e(&case.title));
        paras(&mut b, &case.text);
        if let Some(source) = &case.source {
            let _ = writeln!(b, "<p class=\"small\">Source: {}</p>", e(source));
        }
    }
    if !g.good_practices.is_empty() {
        let _ = writeln!(b, "<h3>Good practices to compare with</h3>\n<ul>");
        for p in &g.good_practices {
            let cites = if p.frameworks.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"small\">({})</span>",
                    e(&p.frameworks.join("; "))
                )
            };
            let _ = writeln!(
                b,
                "<li><strong>{}</strong>: {}{cites}</li>",
                e(&p.title),
                e(&p.text)
            );
        }
        let _ = writeln!(b, "</ul>");
    }

    h2(&mut b, "8. Knowledge check: answer key", true);
    if g.answers.is_empty() {
        let _ = writeln!(b, "<p>The exercise has no knowledge-check questions.</p>");
    }
    for a in &g.answers {
        let _ = writeln!(b, "<div class=\"question\">");
        let _ = writeln!(b, "<h3>{}. {}</h3>", a.number, e(&a.text));
        let _ = writeln!(b, "<p><strong>Answer:</strong> {}</p>", e(&a.answer_text()));
        let _ = writeln!(b, "<p><strong>Why:</strong> {}</p>", e(&a.why));
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, "9. Frameworks cited in this exercise", true);
    for f in &g.frameworks {
        let year = f.year.map(|y| format!(" ({y})")).unwrap_or_default();
        let _ = writeln!(b, "<h3>{}{year}</h3>", e(&f.name));
        let _ = writeln!(b, "<p>{}</p>", e(&f.summary));
        let _ = writeln!(
            b,
            "<p class=\"small\"><strong>What it asks of states:</strong> {}</p>",
            e(&f.asks)
        );
    }
    page(
        &format!("Facilitator guide — {}", pack.exercise.title),
        audience,
        &b,
    )
}

fn knowledge_check(pack: &Pack) -> String {
    let c = &pack.check;
    let mut b = String::new();
    cover(&mut b, pack, "Knowledge check", Audience::EachDelegation);
    for (i, sitting) in ["Before the session", "After the session"]
        .iter()
        .enumerate()
    {
        if i > 0 {
            // The second sitting starts on a page of its own, with the cover repeated.
            let _ = writeln!(b, "<div class=\"page-break\"></div>");
            cover(&mut b, pack, "Knowledge check", Audience::EachDelegation);
        }
        h2(&mut b, sitting, false);
        let _ = writeln!(
            b,
            "<table class=\"facts\"><tbody><tr><th scope=\"row\">Delegation</th><td></td></tr><tr><th scope=\"row\">Score (facilitator)</th><td>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/ {}</td></tr></tbody></table>",
            c.questions.len()
        );
        let _ = writeln!(b, "<p class=\"small\">{}</p>", e(&c.intro));
        if c.questions.is_empty() {
            let _ = writeln!(b, "<p>The exercise has no knowledge-check questions.</p>");
        }
        for q in &c.questions {
            let _ = writeln!(b, "<div class=\"question\">");
            let _ = writeln!(b, "<h3>{}. {}</h3>", q.number, e(&q.text));
            let _ = writeln!(b, "<ul class=\"choices\">");
            for (k, choice) in q.choices.iter().enumerate() {
                let _ = writeln!(
                    b,
                    "<li>{BOX}<strong>{}.</strong> {}</li>",
                    choice_letter(k),
                    e(choice)
                );
            }
            let _ = writeln!(b, "</ul>");
            let _ = writeln!(b, "</div>");
        }
    }
    page(
        &format!("Knowledge check — {}", pack.exercise.title),
        Audience::Everyone,
        &b,
    )
}

fn feedback_form(pack: &Pack) -> String {
    let f = &pack.feedback;
    let mut b = String::new();
    cover(
        &mut b,
        pack,
        "Participant feedback form",
        Audience::Everyone,
    );
    let _ = writeln!(b, "<p class=\"small\">{}</p>", e(&f.intro));
    let mut who: String = f
        .delegations
        .iter()
        .map(|d| format!("<span style=\"margin-right:5mm\">{BOX}{}</span>", e(d)))
        .collect();
    let _ = write!(who, "<span>{BOX}observer</span>");
    let _ = writeln!(b, "<p><strong>My delegation:</strong> {who}</p>");
    let _ = writeln!(b, "<table class=\"scale\"><thead><tr><th>Statement</th>");
    for s in SCALE {
        let _ = write!(b, "<th class=\"tick\">{}</th>", e(s));
    }
    let _ = writeln!(b, "</tr></thead><tbody>");
    for s in &f.statements {
        let _ = writeln!(
            b,
            "<tr><td>{}</td>{}</tr>",
            e(s),
            format!("<td class=\"tick\">{BOX}</td>").repeat(SCALE.len())
        );
    }
    let _ = writeln!(b, "</tbody></table>");
    for q in &f.open {
        let _ = writeln!(b, "<div class=\"question\">");
        let _ = writeln!(b, "<h3>{}</h3>", e(q));
        lines(&mut b, 3);
        let _ = writeln!(b, "</div>");
    }
    page(
        &format!("Feedback form — {}", pack.exercise.title),
        Audience::Everyone,
        &b,
    )
}
