//! The pack as HTML for printing on A4: one self-contained file per document plus an
//! index. The house style is the report's (`crate::report::html::CSS`, reused as is);
//! `PACK_CSS` adds what paper forms need (slips, tick boxes, write-in lines) and page
//! breaks between the parts of a document. No scripts, fonts or images from elsewhere;
//! every piece of exercise text goes through `html_escape`.

use super::{
    Audience, Pack, PackFile, PrivateBrief, SCALE, choice_letter, clock, duration, marking, scale,
};
use crate::report::html::{CSS, css_string, e};
use crate::tr;
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
/// CSS strings (escaping there follows other rules than in HTML; `css_string` still
/// guards the translated words).
fn running_header(audience: Audience) -> String {
    let text = match audience {
        Audience::Everyone | Audience::EachDelegation => marking().to_uppercase(),
        Audience::Delegation(_) => tr!("pack.header.private").to_uppercase(),
        Audience::Facilitator => tr!("pack.header.facilitator").to_uppercase(),
    };
    css_string(&text)
}

/// A whole document: the marking above and below, the styles inline, in the interface
/// language.
fn page(title: &str, audience: Audience, body: &str) -> String {
    let marking = e(marking());
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}{PACK_CSS}@page {{ @top-center {{ content: \"{}\"; }} }}\n</style>\n</head>\n<body>\n<div class=\"marking\">{marking}</div>\n<main>\n{body}</main>\n<div class=\"marking bottom\">{marking}</div>\n</body>\n</html>\n",
        crate::i18n::current().code(),
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
    let _ = writeln!(b, "<p class=\"kicker\">{}</p>", e(tr!("pack.index.title")));
    let _ = writeln!(b, "<h1>{}</h1>", e(&pack.exercise.title));
    let _ = writeln!(
        b,
        "<p class=\"sub\">{} · {} · <span class=\"small\">{}</span></p>",
        e(&pack.exercise.context),
        e(&tr!("pack.index.subtitle", minutes = pack.plan.minutes)),
        e(&pack.exercise.id)
    );
    let _ = writeln!(b, "</header>");
    let _ = writeln!(b, "<p>{}</p>", e(&pack.exercise.summary));
    let _ = writeln!(
        b,
        "<table class=\"docs\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        e(tr!("pack.index.document")),
        e(tr!("pack.index.for")),
        e(tr!("pack.index.print"))
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
        "<p class=\"small\">{}</p>",
        tr!("pack.index.generated_html", id = e(&pack.exercise.id))
    );
    page(
        &tr!("pack.index.page_title", title = pack.exercise.title),
        Audience::Everyone,
        &b,
    )
}

fn situation_manual(pack: &Pack) -> String {
    let m = &pack.manual;
    let mut b = String::new();
    cover(&mut b, pack, tr!("pack.doc.manual"), Audience::Everyone);
    if let Some(note) = &pack.exercise.content_note {
        let _ = writeln!(
            b,
            "<p class=\"warning\"><strong>{}</strong> {}</p>",
            e(tr!("pack.content_note")),
            e(note)
        );
    }
    h2(&mut b, tr!("pack.manual.h.purpose"), false);
    paras(&mut b, &m.purpose);
    h2(&mut b, tr!("pack.manual.h.scope"), false);
    list(&mut b, &m.scope);
    h2(&mut b, tr!("pack.manual.h.objectives"), false);
    if m.objectives.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", e(tr!("aar.no_objectives")));
    } else {
        let _ = writeln!(b, "<ol>");
        for obj in &m.objectives {
            let _ = writeln!(b, "<li>{}</li>", e(obj));
        }
        let _ = writeln!(b, "</ol>");
    }
    h2(
        &mut b,
        &tr!("pack.manual.h.agenda", minutes = pack.plan.minutes),
        false,
    );
    let _ = writeln!(
        b,
        "<table><thead><tr><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        e(tr!("pack.time")),
        e(tr!("pack.length")),
        e(tr!("pack.item")),
        e(tr!("pack.what_happens"))
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

    h2(&mut b, tr!("pack.manual.h.setting"), false);
    paras(&mut b, &m.setting);
    if !m.countries.is_empty() {
        let _ = writeln!(
            b,
            "<table><thead><tr><th style=\"width:18%\">{}</th><th style=\"width:14%\">{}</th><th>{}</th></tr></thead><tbody>",
            e(tr!("pack.country")),
            e(tr!("aar.role")),
            e(tr!("pack.about_it"))
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
    h2(&mut b, tr!("pack.manual.h.delegations"), false);
    for r in &m.roles {
        let _ = writeln!(b, "<div class=\"objective\"><h3>{}</h3>", e(&r.label));
        list(&mut b, &r.public_brief);
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, tr!("pack.manual.h.obligations"), true);
    if m.obligations.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", e(tr!("pack.no_obligations")));
    } else {
        let _ = writeln!(
            b,
            "<p class=\"small\">{}</p>",
            e(tr!("pack.obligations.intro"))
        );
        let _ = writeln!(
            b,
            "<table><thead><tr><th style=\"width:16%\">{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            e(tr!("aar.state")),
            e(tr!("aar.management")),
            e(tr!("aar.protection")),
            e(tr!("aar.tensions"))
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

    h2(&mut b, tr!("pack.manual.h.rules"), true);
    for r in &m.rules {
        let _ = writeln!(b, "<h3>{}</h3>", e(r.title));
        paras(&mut b, &r.text);
        match r.title {
            t if t == tr!("pack.rules.ledgers") => {
                for l in &m.ledgers {
                    let _ = writeln!(b, "<h4>{}</h4>", e(&tr!("aar.ledger", ledger = l.name)));
                    list(&mut b, &l.indicators);
                }
            }
            t if t == tr!("pack.rules.chance") => {
                let _ = writeln!(
                    b,
                    "<table class=\"keep\" style=\"width:60%\"><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
                    e(tr!("pack.kind.chance")),
                    e(tr!("pack.shown_as"))
                );
                for (range, words) in &m.likelihood {
                    let _ = writeln!(b, "<tr><td>{}</td><td>{}</td></tr>", e(range), e(words));
                }
                let _ = writeln!(b, "</tbody></table>");
            }
            t if t == tr!("pack.rules.agreements") && !m.agreements.is_empty() => {
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

    h2(&mut b, tr!("pack.manual.h.questions"), true);
    let _ = writeln!(b, "<p>{}</p>", e(tr!("pack.questions.keep_in_mind")));
    for q in &m.questions {
        let _ = writeln!(b, "<div class=\"question\">");
        let _ = writeln!(b, "<h3>({}) {}</h3>", q.letter, e(q.theme));
        let _ = writeln!(b, "<p>{}</p>", e(&q.text));
        let _ = writeln!(
            b,
            "<p class=\"small\">{}</p>",
            e(&tr!("label.colon", text = tr!("pack.notes")))
        );
        lines(&mut b, 2);
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, tr!("pack.manual.h.experience"), true);
    paras(&mut b, &m.invitation);
    for d in &m.delegations {
        let _ = writeln!(b, "<div class=\"experience\">");
        let _ = writeln!(b, "<h3>{}</h3>", e(d));
        let _ = writeln!(
            b,
            "<p class=\"small\">{}</p>",
            e(tr!("pack.our_experience_lines"))
        );
        lines(&mut b, 4);
        let _ = writeln!(b, "</div>");
    }
    page(
        &tr!(
            "pack.page_title",
            doc = tr!("pack.doc.manual"),
            title = pack.exercise.title
        ),
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
        &tr!("pack.doc.brief", role = brief.name),
        audience,
    );
    h2(&mut b, tr!("pack.brief.h.knows"), false);
    list(&mut b, &brief.private_brief);
    if !brief.interests.is_empty() || !brief.leverage.is_empty() {
        let _ = writeln!(
            b,
            "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody><tr><td><ul>{}</ul></td><td><ul>{}</ul></td></tr></tbody></table>",
            e(tr!("pack.brief.h.interests")),
            e(tr!("pack.brief.h.leverage")),
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
        let _ = writeln!(b, "<h3>{}</h3>", e(tr!("pack.brief.h.agreements")));
        list(&mut b, &brief.agreements);
    }
    h2(&mut b, tr!("pack.brief.h.decisions"), true);
    let _ = writeln!(
        b,
        "<p class=\"small\">{}</p>",
        e(tr!("pack.brief.decisions_intro"))
    );
    if brief.decisions.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", e(tr!("pack.brief.no_decisions")));
    }
    for d in &brief.decisions {
        let _ = writeln!(b, "<div class=\"question\">");
        let _ = writeln!(b, "<h3>{}</h3>", e(&d.stage));
        let _ = writeln!(b, "<p><em>{}</em></p>", e(&d.prompt));
        list(&mut b, &d.options);
        let _ = writeln!(b, "</div>");
    }
    h2(&mut b, tr!("pack.brief.h.slips"), true);
    let _ = writeln!(
        b,
        "<p class=\"small\">{}</p>",
        e(tr!("pack.brief.slips_intro_html"))
    );
    for turn in 1..=brief.slips {
        let _ = writeln!(b, "<div class=\"slip\">");
        let _ = writeln!(
            b,
            "<h3>{} <span class=\"small\">— {}</span></h3>",
            e(&tr!("pack.slip.title_html", role = brief.name, turn = turn)),
            e(tr!("pack.slip.kind"))
        );
        for label in [
            tr!("pack.slip.choice"),
            tr!("pack.slip.reason"),
            tr!("pack.slip.agreement"),
        ] {
            let _ = writeln!(
                b,
                "<div class=\"field\"><span>{}</span><div></div></div>",
                e(label)
            );
        }
        let _ = writeln!(b, "<p class=\"cut\">✂ {}</p>", e(tr!("pack.slip.cut")));
        let _ = writeln!(b, "</div>");
    }
    page(
        &tr!(
            "pack.page_title",
            doc = tr!("pack.doc.brief", role = brief.name),
            title = pack.exercise.title
        ),
        audience,
        &b,
    )
}

fn facilitator_guide(pack: &Pack) -> String {
    let g = &pack.guide;
    let audience = Audience::Facilitator;
    let mut b = String::new();
    cover(&mut b, pack, tr!("pack.doc.guide"), audience);
    if let Some(note) = &pack.exercise.content_note {
        let _ = writeln!(
            b,
            "<p class=\"warning\"><strong>{}</strong> {}: {}</p>",
            e(tr!("title.content_note")),
            e(tr!("pack.guide.read_out")),
            e(note)
        );
    }
    h2(&mut b, tr!("pack.guide.h.using"), false);
    paras(&mut b, &g.overview);
    let _ = writeln!(
        b,
        "<h3>{}</h3>",
        e(&tr!("pack.guide.run_sheet", minutes = pack.plan.minutes))
    );
    let _ = writeln!(
        b,
        "<table><thead><tr><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th><th class=\"tick\">{}</th></tr></thead><tbody>",
        e(tr!("pack.time")),
        e(tr!("pack.length")),
        e(tr!("pack.item")),
        e(tr!("pack.notes")),
        e(tr!("pack.done"))
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
    let _ = writeln!(b, "<h3>{}</h3>", e(tr!("pack.guide.private")));
    for (name, lines) in &g.private {
        let _ = writeln!(b, "<h4>{}</h4>", e(name));
        list(&mut b, lines);
    }

    h2(&mut b, tr!("pack.guide.h.msel"), true);
    let _ = writeln!(
        b,
        "<table><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        e(tr!("pack.msel.inject")),
        e(tr!("pack.msel.to")),
        e(tr!("pack.msel.when_it_fires")),
        e(tr!("pack.msel.time_box"))
    );
    for m in &g.msel {
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            e(&m.number),
            e(&m.title),
            e(&m.to),
            e(&m.when),
            m.time_box
                .map(|t| tr!("pack.duration.minutes", minutes = t))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(b, "</tbody></table>");
    for m in &g.msel {
        let _ = writeln!(b, "<div class=\"inject\">");
        let _ = writeln!(b, "<h3>{} {}</h3>", e(&m.number), e(&m.title));
        let time = m
            .time_box
            .map(|t| e(&tr!("pack.msel.time_box_inline", minutes = t)))
            .unwrap_or_default();
        let _ = writeln!(
            b,
            "<p class=\"meta\">{} {}{time}<br>{}</p>",
            e(tr!("pack.msel.to_label")),
            e(&m.to),
            e(&m.when)
        );
        for by in &m.raised_by {
            let _ = writeln!(
                b,
                "<p class=\"meta\">{}</p>",
                e(&tr!("pack.msel.also_raised", by = by))
            );
        }
        let _ = writeln!(b, "<blockquote>{}</blockquote>", e(&m.text));
        if !m.expected.is_empty() {
            let _ = writeln!(b, "<h4>{}</h4>", e(tr!("pack.msel.expected")));
            list(&mut b, &m.expected);
        }
        if !m.learning.is_empty() {
            let _ = writeln!(b, "<h4>{}</h4>", e(tr!("pack.msel.learning")));
            list(&mut b, &m.learning);
        }
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, tr!("pack.guide.h.stages"), true);
    for s in &g.stages {
        let _ = writeln!(b, "<div class=\"stage\">");
        let start = if s.start {
            format!(
                " <span class=\"chip\">{}</span>",
                e(tr!("pack.stage.opens_here_chip"))
            )
        } else {
            String::new()
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
                "<p class=\"cue\"><strong>{}</strong> {}</p>",
                e(tr!("pack.stage.what_to_say")),
                e(cue)
            );
        }
        if !s.injects.is_empty() {
            let _ = writeln!(
                b,
                "<p class=\"meta\">{}</p>",
                e(&tr!("pack.stage.injects", injects = s.injects.join(", ")))
            );
        }
        for d in &s.decisions {
            let _ = writeln!(b, "<h4>{} — <em>{}</em></h4>", e(&d.role), e(&d.prompt));
            let _ = writeln!(
                b,
                "<table class=\"options\"><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
                e(tr!("pack.options.option")),
                e(tr!("pack.options.note"))
            );
            for opt in &d.options {
                let mut first = format!("<strong>{}</strong>", e(&opt.label));
                if !opt.detail.is_empty() {
                    let _ = write!(first, "<br><span class=\"small\">{}</span>", e(&opt.detail));
                }
                if let Some(when) = &opt.when {
                    let _ = write!(
                        first,
                        "<br><span class=\"small\"><em>{}</em></span>",
                        e(&tr!("pack.option.only_while", condition = when))
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
                        e(&opt.frameworks.join(crate::tr!("list.separator")))
                    );
                }
                let _ = writeln!(b, "<tr><td>{first}</td><td>{second}</td></tr>");
            }
            let _ = writeln!(b, "</tbody></table>");
        }
        if !s.next.is_empty() {
            let _ = writeln!(b, "<h4>{}</h4>\n<div class=\"meta\">", e(tr!("pack.next")));
            list(&mut b, &s.next);
            let _ = writeln!(b, "</div>");
        }
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, tr!("pack.guide.h.branches"), true);
    let _ = writeln!(
        b,
        "<p>{}</p>",
        e(&tr!(
            "pack.guide.opens_on",
            start = g.start,
            length = pack.plan.path_length_words()
        ))
    );
    if !g.branches.is_empty() {
        let _ = writeln!(b, "<h3>{}</h3>", e(tr!("pack.guide.paths_divide")));
        for (stage, ways) in &g.branches {
            let _ = writeln!(b, "<h4>{}</h4>", e(stage));
            list(&mut b, ways);
        }
    }
    if !g.agreements.is_empty() {
        let _ = writeln!(b, "<h3>{}</h3>", e(tr!("resolution.agreements")));
        for a in &g.agreements {
            let _ = writeln!(b, "<div class=\"objective\">");
            let _ = writeln!(b, "<h4>{}</h4>", e(&a.title));
            let _ = writeln!(b, "<p>{}</p>", e(&a.summary));
            let mut facts = vec![a.who.clone()];
            if let Some(when) = &a.when {
                facts.push(tr!("pack.agreement.offered_while", condition = when));
            }
            if let Some(breach) = &a.breach {
                facts.push(tr!("pack.agreement.broken_if", condition = breach));
            }
            if !a.tags.is_empty() {
                facts.push(tr!("decision.tags", tags = a.tags.join(", ")));
            }
            if !a.frameworks.is_empty() {
                facts.push(tr!(
                    "decision.frameworks",
                    frameworks = a.frameworks.join(crate::tr!("list.separator"))
                ));
            }
            list(&mut b, &facts);
            let _ = writeln!(b, "</div>");
        }
    }
    let _ = writeln!(b, "<h3>{}</h3>", e(tr!("pack.guide.endings")));
    let _ = writeln!(
        b,
        "<p class=\"small\">{}</p>",
        e(tr!("pack.guide.endings.none_a_win"))
    );
    for ending in &g.endings {
        let _ = writeln!(b, "<div class=\"objective\">");
        let _ = writeln!(b, "<h4>{}</h4>", e(&ending.title));
        paras(&mut b, &ending.narrative);
        let mut facts: Vec<String> = ending
            .reached_from
            .iter()
            .map(|f| tr!("pack.ending.reached", from = f))
            .collect();
        if let Some(when) = &ending.when {
            facts.push(tr!("pack.ending.early", condition = when));
        }
        let _ = writeln!(b, "<div class=\"small\">");
        list(&mut b, &facts);
        let _ = writeln!(b, "</div></div>");
    }

    h2(&mut b, tr!("pack.guide.h.objectives"), true);
    let _ = writeln!(
        b,
        "<p class=\"small\">{} {}</p>",
        e(tr!("aar.ratings_legend")),
        e(tr!("pack.rating.tick_behaviours"))
    );
    for obj in &g.objectives {
        let _ = writeln!(b, "<div class=\"objective\">");
        let _ = writeln!(
            b,
            "<h3>{}</h3>",
            e(&tr!("aar.objective", number = obj.number, text = obj.text))
        );
        if !obj.behaviours.is_empty() {
            let _ = writeln!(
                b,
                "<table><thead><tr><th class=\"tick\">{}</th><th>{}</th><th style=\"width:32%\">{}</th></tr></thead><tbody>",
                e(tr!("pack.seen_column")),
                e(tr!("pack.behaviour")),
                e(tr!("pack.notes"))
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
    let _ = writeln!(b, "<h3>{}</h3>", e(tr!("pack.rating_sheet")));
    let _ = writeln!(
        b,
        "<table class=\"keep\"><thead><tr><th>{}</th><th class=\"tick\">P</th><th class=\"tick\">S</th><th class=\"tick\">M</th><th class=\"tick\">U</th><th style=\"width:34%\">{}</th></tr></thead><tbody>",
        e(tr!("pack.objective")),
        e(tr!("pack.evidence_comment"))
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
    let _ = writeln!(b, "<h3>{}</h3>", e(tr!("pack.check_scores")));
    let _ = writeln!(
        b,
        "<table class=\"keep\"><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        e(tr!("setup.row.delegation")),
        e(tr!("aar.before")),
        e(tr!("aar.after"))
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
        "<p class=\"small\">{} <code>crossings scores SAVE --role ROLE --pre N --post N</code>.</p>",
        e(tr!("pack.record_scores"))
    );

    h2(
        &mut b,
        &tr!(
            "pack.guide.h.hot_wash",
            length = duration(pack.plan.hot_wash_seconds)
        ),
        true,
    );
    for step in &g.hot_wash {
        let _ = writeln!(b, "<div class=\"step\">");
        let _ = writeln!(
            b,
            "<h3><span>{}</span><span class=\"minutes\">{}</span></h3>",
            e(&step.title),
            e(&tr!("pack.duration.minutes", minutes = step.minutes))
        );
        if let Some(q) = &step.question {
            let _ = writeln!(b, "<p><strong>{}</strong> {}</p>", e(tr!("pack.ask")), e(q));
        }
        list(&mut b, &step.prompts);
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, tr!("pack.guide.h.reality"), true);
    if g.reality.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", e(tr!("aar.reality.none")));
    }
    for case in &g.reality {
        let _ = writeln!(b, "<h3>{}</h3>", e(&case.title));
        paras(&mut b, &case.text);
        if let Some(source) = &case.source {
            let _ = writeln!(
                b,
                "<p class=\"small\">{}</p>",
                e(&tr!("debrief.source", source = source))
            );
        }
    }
    if !g.good_practices.is_empty() {
        let _ = writeln!(b, "<h3>{}</h3>\n<ul>", e(tr!("aar.good_practices")));
        for p in &g.good_practices {
            let cites = if p.frameworks.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"small\">({})</span>",
                    e(&p.frameworks.join(crate::tr!("list.separator")))
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

    h2(&mut b, tr!("pack.guide.h.answers"), true);
    if g.answers.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", e(tr!("pack.no_questions")));
    }
    for a in &g.answers {
        let _ = writeln!(b, "<div class=\"question\">");
        let _ = writeln!(b, "<h3>{}. {}</h3>", a.number, e(&a.text));
        let _ = writeln!(
            b,
            "<p><strong>{}</strong> {}</p>",
            e(tr!("pack.answer")),
            e(&a.answer_text())
        );
        let _ = writeln!(
            b,
            "<p><strong>{}</strong> {}</p>",
            e(tr!("pack.why")),
            e(&a.why)
        );
        let _ = writeln!(b, "</div>");
    }

    h2(&mut b, tr!("pack.guide.h.frameworks"), true);
    for f in &g.frameworks {
        let year = f.year.map(|y| format!(" ({y})")).unwrap_or_default();
        let _ = writeln!(b, "<h3>{}{year}</h3>", e(&f.name));
        let _ = writeln!(b, "<p>{}</p>", e(&f.summary));
        let _ = writeln!(
            b,
            "<p class=\"small\"><strong>{}</strong> {}</p>",
            e(&tr!("label.colon", text = tr!("library.asks"))),
            e(&f.asks)
        );
    }
    page(
        &tr!(
            "pack.page_title",
            doc = tr!("pack.doc.guide"),
            title = pack.exercise.title
        ),
        audience,
        &b,
    )
}

fn knowledge_check(pack: &Pack) -> String {
    let c = &pack.check;
    let mut b = String::new();
    cover(
        &mut b,
        pack,
        tr!("aar.knowledge_check"),
        Audience::EachDelegation,
    );
    for (i, sitting) in [tr!("pack.check.before"), tr!("pack.check.after")]
        .iter()
        .enumerate()
    {
        if i > 0 {
            // The second sitting starts on a page of its own, with the cover repeated.
            let _ = writeln!(b, "<div class=\"page-break\"></div>");
            cover(
                &mut b,
                pack,
                tr!("aar.knowledge_check"),
                Audience::EachDelegation,
            );
        }
        h2(&mut b, sitting, false);
        let _ = writeln!(
            b,
            "<table class=\"facts\"><tbody><tr><th scope=\"row\">{}</th><td></td></tr><tr><th scope=\"row\">{}</th><td>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/ {}</td></tr></tbody></table>",
            e(tr!("setup.row.delegation")),
            e(tr!("pack.check.score")),
            c.questions.len()
        );
        let _ = writeln!(b, "<p class=\"small\">{}</p>", e(&c.intro));
        if c.questions.is_empty() {
            let _ = writeln!(b, "<p>{}</p>", e(tr!("pack.no_questions")));
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
        &tr!(
            "pack.page_title",
            doc = tr!("aar.knowledge_check"),
            title = pack.exercise.title
        ),
        Audience::Everyone,
        &b,
    )
}

fn feedback_form(pack: &Pack) -> String {
    let f = &pack.feedback;
    let mut b = String::new();
    cover(&mut b, pack, tr!("pack.doc.feedback"), Audience::Everyone);
    let _ = writeln!(b, "<p class=\"small\">{}</p>", e(&f.intro));
    let mut who: String = f
        .delegations
        .iter()
        .map(|d| format!("<span style=\"margin-right:5mm\">{BOX}{}</span>", e(d)))
        .collect();
    let _ = write!(
        who,
        "<span>{BOX}{}</span>",
        e(tr!("pack.feedback.observer"))
    );
    let _ = writeln!(
        b,
        "<p><strong>{}</strong> {who}</p>",
        e(tr!("pack.feedback.my_delegation"))
    );
    let _ = writeln!(
        b,
        "<table class=\"scale\"><thead><tr><th>{}</th>",
        e(tr!("pack.feedback.statement"))
    );
    for s in scale() {
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
        &tr!(
            "pack.page_title",
            doc = tr!("pack.feedback.short"),
            title = pack.exercise.title
        ),
        Audience::Everyone,
        &b,
    )
}
