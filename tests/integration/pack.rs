//! The print pack and learning assessment.
//!
//! - A snapshot of each document (Markdown) for the harbour fixture: the spec of what a
//!   trainer hands out.
//! - Over every shipped exercise: the facilitator guide holds every inject; no private
//!   brief holds a sentence of another delegation's private brief, and no document for
//!   everyone holds any; the HTML parses, breaks pages, loads nothing from elsewhere and
//!   runs no script.
//! - `crossings pack` and `crossings scores` from the command line: exit codes, files
//!   written, a bad save left byte for byte as it was, scores in the report.
//! - The library screen (from the launcher) and a search, at 80×24.

use super::check::{crossings, repo_path};
use crossings::engine::Action;
use crossings::exercises::{self, Loaded};
use crossings::pack::{Pack, PackFile, PackFormat};
use crossings::report::markdown::md;
use crossings::session::save::SaveFile;
use crossings::text::html_escape;
use crossings::tui::Theme;
use crossings::tui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const HARBOUR: &str = "tests/fixtures/valid/harbour.ron";

fn harbour() -> Loaded {
    exercises::find(HARBOUR).expect("the harbour fixture loads")
}

/// The harbour fixture and every shipped exercise.
fn all_exercises() -> Vec<Loaded> {
    let mut all = vec![harbour()];
    all.extend(exercises::shipped());
    assert!(all.len() > 1, "the shipped exercises load");
    all
}

fn file<'a>(files: &'a [PackFile], name: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("the pack has {name}"))
        .text
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

// ------------------------------------------------------------------ documents (Markdown)

#[test]
fn harbour_documents_as_markdown() {
    let files = Pack::build(&harbour().compiled, 90).render(PackFormat::Markdown);
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "index.md",
            "situation-manual.md",
            "private-brief-origin.md",
            "private-brief-transit.md",
            "private-brief-destination.md",
            "facilitator-guide.md",
            "knowledge-check.md",
            "feedback-form.md",
        ]
    );
    for f in &files {
        assert!(
            f.text.starts_with("**EXERCISE ONLY**")
                && f.text.trim_end().ends_with("**EXERCISE ONLY**"),
            "{} is marked at the top and the bottom",
            f.name
        );
        let name = format!(
            "harbour_{}",
            f.name.trim_end_matches(".md").replace('-', "_")
        );
        insta::assert_snapshot!(name, f.text);
    }
}

#[test]
fn the_plan_changes_the_agenda_not_the_content() {
    let c = harbour().compiled;
    let short = Pack::build(&c, 60).render(PackFormat::Markdown);
    let long = Pack::build(&c, 120).render(PackFormat::Markdown);
    let manual_short = file(&short, "situation-manual.md");
    let manual_long = file(&long, "situation-manual.md");
    assert!(manual_short.contains("## 4. Agenda (60 minutes)"));
    assert!(manual_long.contains("## 4. Agenda (120 minutes)"));
    // The private briefs do not depend on the plan.
    assert_eq!(
        file(&short, "private-brief-origin.md"),
        file(&long, "private-brief-origin.md")
    );
}

// ------------------------------------------------------------ over every shipped exercise

#[test]
fn the_pack_and_the_report_ask_the_same_guiding_questions() {
    use crossings::i18n::{self, Lang};
    use crossings::report::{Report, guiding_questions};
    use crossings::session::save::{Meta, Resumed};
    use crossings::session::{Controller, Session};
    for lang in Lang::ALL {
        let _scope = i18n::scoped(lang);
        for loaded in all_exercises() {
            let ex = &loaded.compiled.exercise;
            let expected = guiding_questions(ex);
            assert_eq!(
                expected.iter().map(|q| q.letter).collect::<String>(),
                "abcd"
            );
            assert!(expected.iter().all(|q| !q.theme.is_empty()));
            let pack = Pack::build(&loaded.compiled, 90);
            assert_eq!(pack.manual.questions, expected, "{lang} {}", ex.id);
            let people = vec![Controller::Human; ex.roles.len()];
            let resumed = Resumed {
                session: Session::new(loaded.compiled.clone(), 7, people),
                loaded: loaded.clone(),
                meta: Meta::default(),
                structure_changed: false,
                stopped_at: None,
            };
            assert_eq!(
                Report::build(&resumed).questions,
                expected,
                "{lang} {}",
                ex.id
            );
        }
    }
}

#[test]
fn the_guide_holds_every_inject_of_every_exercise() {
    for loaded in all_exercises() {
        let ex = &loaded.compiled.exercise;
        let pack = Pack::build(&loaded.compiled, 90);
        let guide_md = pack.render(PackFormat::Markdown);
        let guide_md = file(&guide_md, "facilitator-guide.md");
        let guide_html = pack.render(PackFormat::Html);
        let guide_html = file(&guide_html, "facilitator-guide.html");
        assert_eq!(pack.guide.msel.len(), ex.injects.len(), "{}", ex.id);
        for inject in &ex.injects {
            for text in [&inject.title, &inject.text]
                .into_iter()
                .chain(&inject.expected)
                .chain(&inject.learning)
            {
                assert!(
                    guide_md.contains(&md(text)),
                    "{}: the Markdown guide lacks inject `{}`: {text}",
                    ex.id,
                    inject.id
                );
                assert!(
                    guide_html.contains(&html_escape(text)),
                    "{}: the HTML guide lacks inject `{}`: {text}",
                    ex.id,
                    inject.id
                );
            }
            let entry = pack
                .guide
                .msel
                .iter()
                .find(|m| m.id == inject.id)
                .expect("every inject has an MSEL entry");
            assert!(!entry.when.is_empty(), "{}: {}", ex.id, inject.id);
            if let Some(minutes) = inject.time_box_minutes {
                assert!(
                    guide_md.contains(&format!("Time box: {minutes} min")),
                    "{}: time box of {}",
                    ex.id,
                    inject.id
                );
            }
        }
        // Every cue and every facilitator note, too.
        for stage in &ex.stages {
            if let Some(cue) = &stage.cue {
                assert!(
                    guide_md.contains(&md(cue)),
                    "{}: cue of {}",
                    ex.id,
                    stage.id
                );
            }
            for d in &stage.decisions {
                for o in &d.options {
                    if let Some(note) = &o.note {
                        assert!(
                            guide_html.contains(&html_escape(note)),
                            "{}: note of {}",
                            ex.id,
                            o.id
                        );
                    }
                }
            }
        }
    }
}

/// The sentences of a private brief worth checking for (short fragments could occur by
/// chance in any text).
fn sentences(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|line| line.split(". "))
        .map(|s| s.trim().trim_end_matches('.').to_string())
        .filter(|s| s.chars().count() >= 16)
        .collect()
}

#[test]
fn no_private_brief_holds_another_delegations_private_text() {
    for loaded in all_exercises() {
        let ex = &loaded.compiled.exercise;
        let pack = Pack::build(&loaded.compiled, 90);
        for format in [PackFormat::Markdown, PackFormat::Html] {
            let files = pack.render(format);
            let escape = |s: &str| match format {
                PackFormat::Markdown => md(s),
                PackFormat::Html => html_escape(s),
            };
            let ext = format.extension();
            for (i, brief) in pack.briefs.iter().enumerate() {
                let text = file(&files, &format!("{}.{ext}", brief.file_stem));
                let own = &ex.roles[i];
                for line in &own.private_brief {
                    assert!(
                        text.contains(&escape(line)),
                        "{}: {}'s brief lacks its own private text: {line}",
                        ex.id,
                        own.id
                    );
                }
                let own_sentences = sentences(&own.private_brief);
                for (j, other) in ex.roles.iter().enumerate() {
                    if i == j {
                        continue;
                    }
                    // A sentence both briefs carry (a shared instruction) is not a leak.
                    for sentence in sentences(&other.private_brief)
                        .into_iter()
                        .filter(|s| !own_sentences.contains(s))
                    {
                        assert!(
                            !text.contains(&escape(&sentence)),
                            "{}: {}'s private brief ({ext}) holds {}'s private text: {sentence}",
                            ex.id,
                            own.id,
                            other.id
                        );
                    }
                }
            }
            // Documents for everyone hold nobody's private text.
            for name in [
                "situation-manual",
                "knowledge-check",
                "feedback-form",
                "index",
            ] {
                let text = file(&files, &format!("{name}.{ext}"));
                for role in &ex.roles {
                    for sentence in sentences(&role.private_brief) {
                        assert!(
                            !text.contains(&escape(&sentence)),
                            "{}: {name}.{ext} holds {}'s private text: {sentence}",
                            ex.id,
                            role.id
                        );
                    }
                }
            }
        }
    }
}

/// The checks every printed document passes.
fn assert_prints_well(name: &str, text: &str) {
    let dom = tl::parse(text, tl::ParserOptions::default())
        .unwrap_or_else(|e| panic!("{name} parses as HTML: {e}"));
    let parser = dom.parser();
    let count = |selector: &str| {
        dom.query_selector(selector)
            .map_or(0, |nodes| nodes.count())
    };
    assert_eq!(count("script"), 0, "{name}: no script");
    for tag in ["link", "img", "iframe", "object", "embed"] {
        assert_eq!(count(tag), 0, "{name}: no <{tag}>");
    }
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        for attribute in ["href", "src", "action"] {
            if let Some(Some(value)) = tag.attributes().get(attribute) {
                let value = value.as_utf8_str();
                assert!(
                    !value.contains("://")
                        && !value.starts_with("//")
                        && !value.starts_with("javascript:"),
                    "{name}: an external {attribute}: {value}"
                );
            }
        }
    }
    let styles: Vec<String> = dom
        .query_selector("style")
        .map(|nodes| {
            nodes
                .filter_map(|h| h.get(parser))
                .map(|n| n.inner_text(parser).into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(styles.len(), 1, "{name}: one inline stylesheet");
    let css = &styles[0];
    assert!(
        !css.contains("url(") && !css.contains("@import"),
        "{name}: CSS loads nothing"
    );
    assert!(css.contains("size: A4"), "{name}: printed on A4");
    assert!(
        css.contains("break-before: page") && css.contains("page-break-before: always"),
        "{name}: the page-break rule"
    );
    assert!(text.contains("Exercise only"), "{name}: the marking");
}

#[test]
fn the_html_parses_breaks_pages_and_loads_nothing_from_elsewhere() {
    for loaded in all_exercises() {
        let ex = &loaded.compiled.exercise;
        let files = Pack::build(&loaded.compiled, 90).render(PackFormat::Html);
        assert_eq!(files.len(), 5 + ex.roles.len(), "{}", ex.id);
        for f in &files {
            let name = format!("{}/{}", ex.id, f.name);
            assert_prints_well(&name, &f.text);
            let dom = tl::parse(&f.text, tl::ParserOptions::default()).expect("parsed above");
            let breaks = dom
                .query_selector(".page-break")
                .map_or(0, |nodes| nodes.count());
            let needs_breaks = !matches!(f.name.as_str(), "index.html" | "feedback-form.html");
            assert!(
                !needs_breaks || breaks >= 1,
                "{name}: its parts start on new pages"
            );
        }
        // The index links to every other document, and only to them.
        let index = file(&files, "index.html");
        let dom = tl::parse(index, tl::ParserOptions::default()).expect("the index parses");
        let links: Vec<String> = dom
            .query_selector("a[href]")
            .map(|nodes| {
                nodes
                    .filter_map(|h| h.get(dom.parser()))
                    .filter_map(|n| n.as_tag())
                    .filter_map(|t| t.attributes().get("href").flatten())
                    .map(|v| v.as_utf8_str().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let mut expected: Vec<String> = files
            .iter()
            .map(|f| f.name.clone())
            .filter(|n| n != "index.html")
            .collect();
        let mut found = links.clone();
        expected.sort();
        found.sort();
        assert_eq!(found, expected, "{}: the index links", ex.id);
    }
}

#[test]
fn exercise_text_is_escaped_in_the_html() {
    let source = std::fs::read_to_string(repo_path(HARBOUR)).expect("the fixture reads");
    let hostile = source
        .replace(
            "title: \"The Harbour Test\"",
            "title: \"<script>alert(1)</script> & <img src=http://x/y.png>\"",
        )
        .replace(
            "BRINN-SECRET: your coastguard budget was cut.",
            "BRINN-SECRET: <a href=\\\"https://evil.example\\\">cut</a>",
        );
    let loaded =
        exercises::load_source("hostile.ron", &hostile, false).expect("the edited fixture loads");
    for f in Pack::build(&loaded.compiled, 90).render(PackFormat::Html) {
        assert_prints_well(&f.name, &f.text);
        assert!(
            f.text
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img"),
            "{}: the title is shown, escaped",
            f.name
        );
    }
}

// ------------------------------------------------------------------------ command line

#[test]
fn pack_writes_every_document_into_the_folder() {
    let dir = temp_dir();
    let out_dir = dir.path().join("pack");
    let out_arg = out_dir.to_string_lossy().into_owned();
    let out = crossings(&["pack", HARBOUR, "-o", &out_arg]);
    assert_eq!(out.code, 0, "{}", out.all());
    for name in [
        "index.html",
        "situation-manual.html",
        "private-brief-origin.html",
        "private-brief-transit.html",
        "private-brief-destination.html",
        "facilitator-guide.html",
        "knowledge-check.html",
        "feedback-form.html",
    ] {
        assert!(out_dir.join(name).is_file(), "{name} written");
        assert!(out.stdout.contains(name), "{name} listed: {}", out.stdout);
    }
    let out = crossings(&[
        "pack", HARBOUR, "--format", "md", "--plan", "60", "-o", &out_arg,
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    let manual = std::fs::read_to_string(out_dir.join("situation-manual.md")).expect("written");
    assert!(manual.contains("Agenda (60 minutes)"));
}

#[test]
fn pack_refuses_bad_arguments_with_a_sentence() {
    let dir = temp_dir();
    let target = dir.path().join("a-file");
    std::fs::write(&target, "not a folder").expect("written");
    let target_arg = target.to_string_lossy().into_owned();
    for (args, code) in [
        (vec!["pack", HARBOUR, "--format", "pdf"], 2),
        (vec!["pack", HARBOUR, "--plan", "45"], 2),
        (vec!["pack", "no-such-exercise"], 1),
        (vec!["pack", HARBOUR, "-o", &target_arg], 1),
    ] {
        let out = crossings(&args);
        assert_eq!(out.code, code, "{args:?}: {}", out.all());
        assert!(out.stderr.lines().count() >= 1, "{args:?}: says why");
    }
    assert_eq!(
        std::fs::read_to_string(&target).expect("still there"),
        "not a folder"
    );
}

/// A finished harbour session saved to `dir/s.save.ron`.
fn saved_session(dir: &std::path::Path) -> String {
    let save = dir.join("s.save.ron").to_string_lossy().into_owned();
    let out = crossings(&[
        "run",
        HARBOUR,
        "--seed",
        "3",
        "--role",
        "origin=balanced",
        "--role",
        "transit=cooperative",
        "--role",
        "destination=control-first",
        "--save",
        &save,
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    save
}

#[test]
fn scores_are_appended_to_the_save_and_shown_in_the_report() {
    let dir = temp_dir();
    let save = saved_session(dir.path());
    let before = SaveFile::read(std::path::Path::new(&save)).expect("the save reads");
    let out = crossings(&["scores", &save, "--role", "origin", "--pre", "0"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let out = crossings(&["scores", &save, "--role", "origin", "--post", "1"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let out = crossings(&[
        "scores",
        &save,
        "--role",
        "destination",
        "--pre",
        "1",
        "--post",
        "1",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());

    let after = SaveFile::read(std::path::Path::new(&save)).expect("the save still reads");
    assert_eq!(after.log.len(), before.log.len() + 3);
    assert_eq!(after.log[..before.log.len()], before.log[..]);
    assert_eq!(
        after.log.last().map(|e| &e.action),
        Some(&Action::Scores {
            role: "destination".into(),
            pre: Some(1),
            post: Some(1),
        })
    );

    let report = crossings(&["report", &save]);
    assert_eq!(report.code, 0, "{}", report.all());
    let text = report.stdout;
    let section = text
        .split("### Knowledge check")
        .nth(1)
        .and_then(|rest| rest.split("## 3.").next())
        .expect("the report has a knowledge-check section");
    assert!(
        text.find("## 2. Objectives and ratings") < text.find("### Knowledge check")
            && text.find("### Knowledge check") < text.find("## 3."),
        "the scores sit with the objective ratings"
    );
    assert!(section.contains("| Alda | 0/1 | 1/1 | +1 |"), "{section}");
    assert!(section.contains("| Corva | 1/1 | 1/1 | 0 |"), "{section}");
    assert!(
        !section.contains("| Brinn |"),
        "no row for a delegation not scored"
    );

    let html = crossings(&["report", &save, "--format", "html"]);
    assert_eq!(html.code, 0);
    assert!(html.stdout.contains("<h3>Knowledge check</h3>"));
}

#[test]
fn scores_refuse_bad_saves_and_bad_scores_without_touching_the_file() {
    let dir = temp_dir();
    let save = saved_session(dir.path());
    let good = std::fs::read(&save).expect("the save reads");

    // A save cut in half, and random bytes: exit 1, the file exactly as it was.
    let truncated = dir.path().join("truncated.save.ron");
    std::fs::write(&truncated, &good[..good.len() / 2]).expect("written");
    let random = dir.path().join("random.save.ron");
    let noise: Vec<u8> = (0..400u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&random, &noise).expect("written");
    for path in [&truncated, &random] {
        let original = std::fs::read(path).expect("reads");
        let arg = path.to_string_lossy().into_owned();
        let out = crossings(&["scores", &arg, "--role", "origin", "--pre", "1"]);
        assert_eq!(out.code, 1, "{}", out.all());
        assert!(!out.stderr.trim().is_empty(), "says why");
        assert_eq!(
            std::fs::read(path).expect("reads"),
            original,
            "{arg} untouched"
        );
    }
    let missing = dir
        .path()
        .join("missing.save.ron")
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        crossings(&["scores", &missing, "--role", "origin", "--pre", "1"]).code,
        1
    );

    // Bad scores or roles on a good save: a usage error, the save untouched.
    for args in [
        vec!["--role", "nobody", "--pre", "1"],
        vec!["--role", "origin", "--pre", "9"],
        vec!["--role", "origin"],
    ] {
        let mut all = vec!["scores", save.as_str()];
        all.extend(args.iter().copied());
        let out = crossings(&all);
        assert_eq!(out.code, 2, "{args:?}: {}", out.all());
        assert_eq!(
            std::fs::read(&save).expect("reads"),
            good,
            "{args:?}: untouched"
        );
    }
}

// ---------------------------------------------------------------------- the library

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal
        .draw(|frame| app.render(frame))
        .expect("drawing never fails on a TestBackend");
    terminal.backend().to_string()
}

#[test]
fn library_from_the_launcher() {
    let mut app = App::launcher(vec![harbour()], Theme::colours(), 7);
    press(&mut app, KeyCode::Char('l'));
    let text = screen(&app);
    assert!(text.contains("Library"), "{text}");
    insta::assert_snapshot!(text);
    // Esc goes back to the launcher.
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app).contains("The Harbour Test (harbour)"));
}

#[test]
fn library_search_filters_as_you_type() {
    let mut app = App::launcher(vec![harbour()], Theme::colours(), 7);
    press(&mut app, KeyCode::Char('l'));
    // 'q' and 'l' are letters here, not commands.
    type_text(&mut app, "place of safety");
    press(&mut app, KeyCode::End);
    let text = screen(&app);
    assert!(text.contains("Agree the place of safety"), "{text}");
    assert!(text.contains("Good practice · The Harbour Test"), "{text}");
    insta::assert_snapshot!(text);
    // A framework shows where the exercise cites it: options, agreements, good practices.
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "refoulement 1951");
    let text = screen(&app);
    assert!(text.contains("1951 Refugee Convention"), "{text}");
    for _ in 0..3 {
        press(&mut app, KeyCode::PageDown);
        let _ = screen(&app);
    }
    let text = screen(&app);
    assert!(
        text.contains("The Harbour Test")
            || text.contains("Step up coastal patrols")
            || text.contains("Shared disembarkation"),
        "{text}"
    );
    type_text(&mut app, " zzzz");
    assert!(screen(&app).contains("Nothing matches"));
}

#[test]
fn the_launcher_writes_the_print_pack_beside_the_saves() {
    let dir = temp_dir();
    let saves = dir.path().join("saves");
    let mut app = App::launcher(vec![harbour()], Theme::colours(), 7).with_saves(saves);
    press(&mut app, KeyCode::Char('p'));
    let folder = dir.path().join("packs").join("harbour");
    for name in [
        "index.html",
        "situation-manual.html",
        "facilitator-guide.html",
    ] {
        assert!(folder.join(name).is_file(), "{name} written");
    }
    let text = screen(&app);
    assert!(text.contains("Print pack written"), "{text}");
    assert!(text.contains("packs"), "the folder is shown: {text}");
}
