//! `crossings report` and `crossings compare`: the After-Action Report in Markdown, HTML
//! and CSV from saves made here with the real binary, the comparison of tables, and bad
//! saves that must fail cleanly without being touched.

use std::path::{Path, PathBuf};
use std::process::Command;

const HARBOUR: &str = "tests/fixtures/valid/harbour.ron";

/// Every kind of facilitator action, an undo, a rewind that abandons a branch, an
/// agreement made and then broken, and reasons with commas and quotes.
const RICH_SCRIPT: &str = r#"Script(exercise: "harbour", actions: [
    Offer(from: "transit", to: "destination", agreement: "sharing"),
    Decide(role: "origin", option: "patrol", reason: "Stop the next departures"),
    Undo,
    Decide(role: "origin", option: "consular", reason: "Our citizens come first"),
    Note(text: "Brinn asked who pays for the patrol vessel."),
    Decide(role: "transit", option: "monitor", reason: "Wait, and \"see\" if it drifts out"),
    Decide(role: "destination", option: "close-port", reason: "An election is coming"),
    Answer(role: "destination", agreement: "sharing", accept: false, reason: "Too costly"),
    Rewind(turn: 1),
    Offer(from: "transit", to: "destination", agreement: "sharing"),
    Decide(role: "origin", option: "consular"),
    Adjust(indicator: "confidence", by: -5, reason: "A radio phone-in turned hostile"),
    Inject(text: "A journalist calls Corva's ministry."),
    Decide(role: "transit", option: "rescue", reason: "The boat is in our region"),
    Decide(role: "destination", option: "screen", reason: "Find out who needs protection"),
    Answer(role: "destination", agreement: "sharing", accept: true, reason: "Relocation is cheaper than a standoff"),
    Note(text: "Corva named Brinn's port as the place of safety."),
    Rate(objective: "obj-rescue", rating: S, comment: "Agreed a place of safety, late"),
    Decide(role: "destination", option: "refuse", reason: "Numbers are too high"),
    Decide(role: "transit", option: "go-alone"),
])"#;

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn crossings(args: &[&str]) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_crossings"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the crossings binary runs");
    let out = Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !out.stderr.contains("panicked") && !out.stderr.contains("RUST_BACKTRACE"),
        "the binary panicked:\n{}",
        out.stderr
    );
    out
}

fn s(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// Play `exercise` headless with a script and write its save; returns the save's path.
fn make_save(dir: &Path, name: &str, exercise: &str, seed: u64, script: &str) -> PathBuf {
    let script_path = dir.join(format!("{name}.script.ron"));
    std::fs::write(&script_path, script).expect("write the script");
    let save = dir.join(format!("{name}.save.ron"));
    let out = crossings(&[
        "run",
        exercise,
        "--seed",
        &seed.to_string(),
        "--script",
        s(&script_path),
        "--save",
        s(&save),
    ]);
    assert_eq!(out.code, 0, "run failed:\n{}{}", out.stdout, out.stderr);
    save
}

fn rich_save(dir: &Path) -> PathBuf {
    make_save(dir, "rich", HARBOUR, 5, RICH_SCRIPT)
}

/// The start date is the clock's: replace it for snapshots.
fn without_date(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("| Date |") {
                "| Date | [date] |".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn markdown_report_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let save = rich_save(dir.path());
    let out = crossings(&["report", s(&save)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = without_date(&out.stdout);
    // The parts a trainer relies on, before the snapshot pins the wording.
    for part in [
        "**EXERCISE ONLY**",
        "Rating: **S — performed with some challenges**",
        "Reason: Find out who needs protection",
        "Facilitator adjusted Public confidence by -5 — reason: A radio phone-in turned hostile",
        "Facilitator inject: A journalist calls Corva's ministry.",
        "Agreement broken",
        "Rewinds and abandoned branches",
        "Turn 1 · Alda chose \"Step up coastal patrols\" — reason: Stop the next departures",
        "Where the abandoned branch stood",
        "Suggestions for the facilitator to confirm",
        "## 10. Improvement Plan",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
    insta::assert_snapshot!("harbour_report_md", text);
}

/// A minimal CSV reader: quoted fields with doubled quotes, commas and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn the_roles_table_names_each_state_once() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let save = dir.path().join("evacuation.save.ron");
    let out = crossings(&["run", "evacuation", "--seed", "1", "--save", s(&save)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = crossings(&["report", s(&save)]).stdout;
    // The role Tamesh plays the country Tamesh: no "Tamesh (Tamesh)", no "(origin)" twice.
    assert!(report.contains("| Tamesh | origin |"), "{report}");
    assert!(!report.contains("(origin)"), "{report}");
    let html = crossings(&["report", s(&save), "--format", "html"]).stdout;
    assert!(html.contains("<td>Tamesh</td>"), "{html}");
}

#[test]
fn csv_has_a_header_and_one_row_per_turn_per_indicator() {
    let dir = tempfile::tempdir().expect("temp dir");
    let save = rich_save(dir.path());
    let out = crossings(&["report", s(&save), "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = parse_csv(&out.stdout);
    let header = &rows[0];
    assert_eq!(
        header.join(","),
        "turn,stage,stage_title,indicator,label,role,ledger,unit,start,value,observed"
    );
    // Harbour: 4 global indicators + 2 per-role ones for 3 roles = 10 slots; 2 turns.
    let resumed = crossings::session::save::resume(&save).expect("the save resumes");
    let slots = resumed.session.compiled.slots.len();
    let turns = resumed.session.turns.len();
    assert_eq!((slots, turns), (10, 2));
    assert_eq!(rows.len(), 1 + slots * turns, "{}", out.stdout);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    // The hidden value: revealed by screening in turn 1, so observed equals the value.
    let needs: Vec<&Vec<String>> = rows.iter().filter(|r| r[3] == "needs_unmet").collect();
    assert_eq!(needs.len(), 2);
    assert!(needs.iter().all(|r| r[10] == r[9]), "{needs:?}");
    insta::assert_snapshot!("harbour_report_csv", out.stdout);
}

#[test]
fn csv_quotes_fields_and_says_unknown_for_values_never_revealed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = std::fs::read_to_string(HARBOUR)
        .expect("fixture")
        .replace(
            "Day 1: a boat in distress",
            r#"Day 1, \"a boat\" in distress"#,
        )
        .replace("label: \"Lives lost\"", "label: \"=HYPERLINK(1)\"");
    let exercise = dir.path().join("quoted.ron");
    std::fs::write(&exercise, source).expect("write exercise");
    let script = r#"Script(actions: [
        Decide(role: "origin", option: "patrol"),
        Decide(role: "transit", option: "monitor"),
        Decide(role: "destination", option: "close-port"),
        Decide(role: "transit", option: "hold"),
    ])"#;
    let save = make_save(dir.path(), "quoted", s(&exercise), 3, script);
    let out = crossings(&["report", s(&save), "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("\"Day 1, \"\"a boat\"\" in distress\""),
        "{}",
        out.stdout
    );
    // A label a spreadsheet would run as a formula is defused.
    assert!(out.stdout.contains(",'=HYPERLINK(1),"), "{}", out.stdout);
    let rows = parse_csv(&out.stdout);
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    let needs: Vec<&Vec<String>> = rows.iter().filter(|r| r[3] == "needs_unmet").collect();
    assert!(!needs.is_empty());
    assert!(needs.iter().all(|r| r[10] == "unknown"), "{needs:?}");
}

#[test]
fn html_report_is_one_self_contained_escaped_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = "<script>alert(1)</script>";
    let source = std::fs::read_to_string(HARBOUR)
        .expect("fixture")
        .replace("Coordinate the rescue", hostile);
    assert!(source.contains(hostile));
    let exercise = dir.path().join("hostile.ron");
    std::fs::write(&exercise, source).expect("write exercise");
    let script = r#"Script(actions: [
        Decide(role: "origin", option: "consular"),
        Decide(role: "transit", option: "rescue", reason: "<b>bold</b> & \"quoted\""),
        Decide(role: "destination", option: "screen"),
        Decide(role: "destination", option: "relocate"),
        Decide(role: "transit", option: "ask-funds"),
    ])"#;
    let save = make_save(dir.path(), "hostile", s(&exercise), 5, script);
    let output = dir.path().join("report.html");
    let out = crossings(&["report", s(&save), "--format", "html", "-o", s(&output)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "-o writes to the file only");
    let html = std::fs::read_to_string(&output).expect("the report was written");

    let dom = tl::parse(&html, tl::ParserOptions::default()).expect("the HTML parses");
    let parser = dom.parser();
    let count = |selector: &str| {
        dom.query_selector(selector)
            .map_or(0, |nodes| nodes.count())
    };
    // No live script, no external resource of any kind.
    assert_eq!(count("script"), 0, "a <script> element is live");
    assert_eq!(count("link"), 0);
    assert_eq!(count("img"), 0);
    assert_eq!(count("iframe"), 0);
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        for (name, value) in tag.attributes().iter() {
            let value = value.unwrap_or_default().to_lowercase();
            if matches!(name.as_ref(), "src" | "href" | "xlink:href" | "action") {
                assert!(!value.contains("http"), "external {name}: {value}");
            }
            assert!(
                !name.to_lowercase().starts_with("on"),
                "an event handler attribute: {name}"
            );
        }
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("@import") && !html.contains("url("));
    // The hostile label shows as text, escaped.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains(hostile));
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"));
    let shown = dom
        .nodes()
        .iter()
        .filter_map(|n| n.as_tag())
        .any(|t| t.name() == "td" && t.inner_text(parser).contains("&lt;script&gt;alert(1)"));
    assert!(shown, "the label appears as text in the timeline");
    // Inline SVG charts: one per indicator (6 in harbour), plus legend swatches.
    let charts = dom
        .nodes()
        .iter()
        .filter_map(|n| n.as_tag())
        .filter(|t| t.name() == "svg" && t.attributes().get("role").flatten().is_some())
        .count();
    assert_eq!(charts, 6);
    assert!(count("polyline") >= 10, "one line per indicator slot");
    // Inline styles with an A4 print sheet; the HSEEP marking.
    assert_eq!(count("style"), 1);
    assert!(html.contains("@page { size: A4; margin: 18mm"));
    assert!(html.contains("Exercise only"));
    assert!(html.contains("Suggestions for the facilitator to confirm"));
    assert!(html.contains("Improvement Plan"));

    // The Markdown report neutralises the markup too.
    let md = crossings(&["report", s(&save)]);
    assert!(!md.stdout.contains(hostile), "{}", md.stdout);
    assert!(md.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

const SHARE: &str = r#"Script(actions: [
    Decide(role: "origin", option: "consular"),
    Decide(role: "transit", option: "rescue"),
    Decide(role: "destination", option: "screen"),
    Decide(role: "destination", option: "relocate", reason: "Share the load"),
    Decide(role: "transit", option: "ask-funds"),
])"#;

const REFUSE: &str = r#"Script(actions: [
    Decide(role: "origin", option: "consular"),
    Decide(role: "transit", option: "rescue"),
    Decide(role: "destination", option: "screen"),
    Decide(role: "destination", option: "refuse", reason: "Numbers are too high"),
    Decide(role: "transit", option: "go-alone"),
])"#;

#[test]
fn compare_shows_where_the_tables_diverged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = make_save(dir.path(), "table-a", HARBOUR, 5, SHARE);
    let b = make_save(dir.path(), "table-b", HARBOUR, 5, REFUSE);
    let out = crossings(&["compare", s(&a), s(&b)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = &out.stdout;
    assert!(
        text.contains("The tables first diverged in turn 2."),
        "{text}"
    );
    assert!(text.contains("table-a.save.ron") && text.contains("table-b.save.ron"));
    let marked: Vec<&str> = text.lines().filter(|l| l.contains('◀')).collect();
    assert!(
        marked
            .first()
            .is_some_and(|l| l.trim_start().starts_with("2 ◀")),
        "{text}"
    );
    let corva_turn_2 = text
        .lines()
        .filter(|l| l.contains("Relocate some survivors"))
        .collect::<Vec<_>>();
    assert_eq!(corva_turn_2.len(), 1);
    assert!(corva_turn_2[0].contains("Refuse to share") && corva_turn_2[0].ends_with('≠'));
    assert!(text.contains("Responsibility shared") && text.contains("Strained relations"));

    let md = crossings(&["compare", s(&a), s(&b), "--format", "md"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(
        md.stdout.contains("**2 — first divergence**"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("Refuse to share — \"Numbers are too high\"")
    );

    let output = dir.path().join("compare.html");
    let html = crossings(&[
        "compare",
        s(&a),
        s(&b),
        "--format",
        "html",
        "-o",
        s(&output),
    ]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    let page = std::fs::read_to_string(&output).expect("written");
    assert!(page.contains("first divergence") && !page.contains("<script"));
}

#[test]
fn compare_refuses_saves_of_different_exercises() {
    let dir = tempfile::tempdir().expect("temp dir");
    let other_source = std::fs::read_to_string(HARBOUR)
        .expect("fixture")
        .replace("id: \"harbour\"", "id: \"harbour-two\"");
    let other = dir.path().join("harbour-two.ron");
    std::fs::write(&other, other_source).expect("write");
    let a = make_save(dir.path(), "one", HARBOUR, 5, SHARE);
    let b = make_save(dir.path(), "two", s(&other), 5, SHARE);
    let out = crossings(&["compare", s(&a), s(&b)]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("same exercise"), "{}", out.stderr);
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
}

#[test]
fn damaged_saves_fail_with_one_sentence_and_are_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = make_save(dir.path(), "good", HARBOUR, 5, SHARE);
    let text = std::fs::read(&good).expect("read the save");
    let truncated = dir.path().join("truncated.save.ron");
    std::fs::write(&truncated, &text[..text.len() / 2]).expect("write");
    let random = dir.path().join("random.save.ron");
    // Bytes from a fixed linear congruential sequence: the same "random" file every run.
    let mut x: u32 = 0x2545_f491;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(&random, &noise).expect("write");
    for (path, expected) in [(&truncated, "truncated or damaged"), (&random, "not a")] {
        let before = std::fs::read(path).expect("read");
        let output = dir.path().join("never-written.md");
        for format in ["md", "html", "csv"] {
            let out = crossings(&["report", s(path), "--format", format, "-o", s(&output)]);
            assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
            assert!(out.stdout.is_empty());
            assert!(out.stderr.contains(s(path)), "{}", out.stderr);
            assert!(out.stderr.contains(expected), "{}", out.stderr);
            assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
        }
        assert!(!output.exists(), "nothing is written for a bad save");
        assert_eq!(
            std::fs::read(path).expect("read"),
            before,
            "the save changed"
        );
        let out = crossings(&["compare", s(&good), s(path)]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stderr.contains(expected), "{}", out.stderr);
    }
    let out = crossings(&["report", s(&dir.path().join("missing.save.ron"))]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
}

#[test]
fn unknown_formats_are_usage_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let save = make_save(dir.path(), "fmt", HARBOUR, 5, SHARE);
    let out = crossings(&["report", s(&save), "--format", "pdf"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("md, html or csv"), "{}", out.stderr);
    let out = crossings(&["compare", s(&save), s(&save), "--format", "csv"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let out = crossings(&["compare", s(&save)]);
    assert_eq!(out.code, 2, "compare needs two saves:\n{}", out.stderr);
}

#[test]
fn a_save_that_no_longer_replays_is_reported_as_incomplete() {
    let dir = tempfile::tempdir().expect("temp dir");
    let save = make_save(dir.path(), "stale", HARBOUR, 5, SHARE);
    let text = std::fs::read_to_string(&save).expect("read");
    // The last decision names an option the exercise does not have: replay stops there.
    let stale = text.replace("option: \"ask-funds\"", "option: \"no-such-option\"");
    assert_ne!(stale, text);
    std::fs::write(&save, stale).expect("write");
    let out = crossings(&["report", s(&save)]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let warning = out
        .stdout
        .lines()
        .find(|l| l.starts_with("> **Warning:**"))
        .unwrap_or_default();
    assert!(warning.contains("incomplete"), "{}", out.stdout);
    assert!(warning.contains("action 5 of 5"), "{warning}");
    assert!(out.stdout.contains("In progress"), "{}", out.stdout);
}

#[test]
fn report_and_compare_write_the_same_text_to_a_file_as_to_stdout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let save = make_save(dir.path(), "same", HARBOUR, 5, SHARE);
    for format in ["md", "html", "csv"] {
        let printed = crossings(&["report", s(&save), "--format", format]);
        let path = dir.path().join(format!("out.{format}"));
        let written = crossings(&["report", s(&save), "--format", format, "-o", s(&path)]);
        assert_eq!((printed.code, written.code), (0, 0));
        assert_eq!(
            std::fs::read_to_string(&path).expect("written"),
            printed.stdout
        );
    }
}

/// Reports and print packs go to shared folders, so they are written with the same
/// permissions as any new file (0666 less the umask); saves hold a delegation's notes and
/// stay readable by their owner only.
#[cfg(unix)]
#[test]
fn documents_are_shareable_and_saves_are_private() {
    use crossings::session::save::{write_atomic, write_document};
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "x").unwrap();
    let report = dir.path().join("report.md");
    write_document(&report, "# Report").unwrap();
    assert_eq!(
        mode(&report),
        mode(&plain),
        "a report gets ordinary permissions"
    );
    let save = dir.path().join("session.ron");
    write_atomic(&save, "()").unwrap();
    assert_eq!(mode(&save), 0o600, "a save stays private");
}
