//! Tools for authors: `graph` (structure of the DOT and Mermaid output), `new` (the
//! starter passes `check` and is never written over an existing file), `check --watch`
//! (the real binary sees a save, including one made by renaming a new file over the old)
//! and `check --deep` (a witness for a stage random play misses, replayed by `run`; a
//! stage that no play can reach, reported as such).

use super::check::{Outcome, crossings, repo_path};
use crossings::authoring::graph::{self, Graph};
use crossings::describe::condition_text;
use crossings::exercises;
use crossings::scenario::model::{Comparison, Condition, Effect, Trigger, Visibility};
use crossings::sim::explore::{self, Strategy};
use crossings::sim::search::{self, Bound, Finding, Target};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const HARBOUR: &str = "tests/fixtures/valid/harbour.ron";
const RARE: &str = "tests/fixtures/valid/rare.ron";
const DEADLINE: Duration = Duration::from_secs(30);

fn exercise(path: &str) -> crossings::scenario::Exercise {
    exercises::find(path)
        .expect("the fixture loads")
        .compiled
        .exercise
        .clone()
}

// ---------------------------------------------------------------------------------------
// Conditions in short form

#[test]
fn conditions_read_in_short_form() {
    let indicator = |id: &str, role: Option<&str>, is, value| Condition::Indicator {
        id: id.into(),
        role: role.map(Into::into),
        is,
        value,
    };
    let cases = [
        (
            indicator("lives_lost", None, Comparison::AtLeast, 8),
            "lives_lost ≥ 8",
        ),
        (
            indicator("cost", Some("transit"), Comparison::Below, 50),
            "cost of transit < 50",
        ),
        (
            Condition::Chose {
                role: "destination".into(),
                option: "offer-port".into(),
            },
            "chose destination:offer-port",
        ),
        (
            Condition::Not(Box::new(Condition::Flag("port-closed".into()))),
            "not (flag port-closed)",
        ),
        (
            Condition::All(vec![
                Condition::Agreement("shared-disembarkation".into()),
                Condition::Any(vec![
                    Condition::Turn {
                        is: Comparison::AtLeast,
                        value: 5,
                    },
                    Condition::Visits {
                        stage: "talks".into(),
                        is: Comparison::Equal,
                        value: 2,
                    },
                ]),
            ]),
            "all(agreement shared-disembarkation, any(turn ≥ 5, visits talks = 2))",
        ),
        (
            indicator("arrivals", None, Comparison::AtMost, 100),
            "arrivals ≤ 100",
        ),
        (
            indicator("arrivals", None, Comparison::Above, 100),
            "arrivals > 100",
        ),
    ];
    for (condition, expected) in cases {
        assert_eq!(condition_text(&condition), expected);
    }
}

// ---------------------------------------------------------------------------------------
// graph

/// Lines of DOT output that declare a node other than the start marker.
fn dot_nodes(dot: &str) -> Vec<&str> {
    dot.lines()
        .filter(|l| l.starts_with("    \"") && !l.contains(" -> ") && !l.contains("(start)"))
        .collect()
}

fn dot_edges(dot: &str) -> Vec<&str> {
    dot.lines()
        .filter(|l| l.contains(" -> ") && !l.contains("(start)"))
        .collect()
}

#[test]
fn dot_graph_has_a_node_per_stage_and_ending_and_an_edge_per_transition() {
    for path in [HARBOUR, RARE, "tests/fixtures/valid/minimal.ron"] {
        let ex = exercise(path);
        let out = crossings(&["graph", path]);
        assert_eq!(out.code, 0, "{}", out.all());
        let dot = &out.stdout;
        assert!(dot.contains(&format!("digraph \"{}\" {{", ex.id)), "{dot}");
        assert!(dot.trim_end().ends_with('}'));

        let nodes = dot_nodes(dot);
        assert_eq!(nodes.len(), ex.stages.len() + ex.endings.len(), "{dot}");
        for stage in &ex.stages {
            let line = nodes
                .iter()
                .find(|l| l.starts_with(&format!("    \"{}\" [", stage.id)))
                .unwrap_or_else(|| panic!("no node for stage {}", stage.id));
            assert!(line.contains(&stage.title), "{line}");
            assert!(
                !line.contains("doubleoctagon"),
                "a stage drawn as an ending: {line}"
            );
        }
        for ending in &ex.endings {
            let line = nodes
                .iter()
                .find(|l| l.starts_with(&format!("    \"{}\" [", ending.id)))
                .unwrap_or_else(|| panic!("no node for ending {}", ending.id));
            assert!(line.contains("shape=doubleoctagon"), "{line}");
            assert!(line.contains(&format!("(ending: {})", ending.id)), "{line}");
        }

        let transitions: usize = ex.stages.iter().map(|s| s.transitions.len()).sum();
        let edges = dot_edges(dot);
        assert_eq!(edges.len(), transitions, "{dot}");
        // Every edge in file order: from its stage, to its target.
        let expected: Vec<(String, String)> = ex
            .stages
            .iter()
            .flat_map(|s| {
                s.transitions
                    .iter()
                    .map(|t| (s.id.to_string(), t.to.to_string()))
            })
            .collect();
        for (edge, (from, to)) in edges.iter().zip(&expected) {
            assert!(
                edge.starts_with(&format!("    \"{from}\" -> \"{to}\"")),
                "{edge} should go from {from} to {to}"
            );
        }

        // The start: a marker node with one arrow, into the start stage.
        let starts: Vec<&str> = dot
            .lines()
            .filter(|l| l.starts_with("    \"(start)\" -> "))
            .collect();
        assert_eq!(starts, [format!("    \"(start)\" -> \"{}\";", ex.start)]);

        // Same input, same bytes.
        assert_eq!(crossings(&["graph", path]).stdout, *dot);
    }
}

#[test]
fn dot_edges_carry_conditions_and_the_fallback_is_dashed() {
    let ex = exercise(HARBOUR);
    let dot = crossings(&["graph", HARBOUR]).stdout;
    let edges = dot_edges(&dot);
    let mut i = 0;
    for stage in &ex.stages {
        for (t, transition) in stage.transitions.iter().enumerate() {
            // Long labels are broken into lines.
            let edge = edges[i].replace("\\n", " ");
            let edge = edge.as_str();
            i += 1;
            match &transition.when {
                Some(when) => {
                    assert!(edge.contains(&condition_text(when)), "{edge}");
                    assert!(!edge.contains("dashed"), "{edge}");
                }
                None if stage.transitions.len() > 1 => {
                    assert!(
                        edge.contains(&format!("label=\"{}. otherwise\"", t + 1)),
                        "{edge}"
                    );
                    assert!(edge.contains("style=dashed"), "{edge}");
                }
                None => assert!(!edge.contains("label"), "{edge}"),
            }
        }
    }
    assert!(
        edges.iter().any(|e| e.contains("otherwise")),
        "the harbour fixture has a fallback transition"
    );
}

#[test]
fn mermaid_graph_is_a_flowchart_with_quoted_labels() {
    let ex = exercise(HARBOUR);
    let out = crossings(&["graph", HARBOUR, "--format", "mermaid"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let text = &out.stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "flowchart TD");
    for line in &lines[1..] {
        assert!(line.starts_with("    "), "body lines are indented: {line}");
        if !line.trim_start().starts_with("%%") {
            assert_eq!(
                line.matches('"').count() % 2,
                0,
                "unbalanced quotes: {line}"
            );
        }
    }
    for (i, stage) in ex.stages.iter().enumerate() {
        let expected = format!("    s{i}[\"{}<br/>({})\"]", stage.title, stage.id);
        assert!(lines.contains(&expected.as_str()), "missing {expected}");
    }
    for (i, ending) in ex.endings.iter().enumerate() {
        let expected = format!(
            "    e{i}([\"{}<br/>(ending: {})\"])",
            ending.title, ending.id
        );
        assert!(lines.contains(&expected.as_str()), "missing {expected}");
    }
    let start = ex.stages.iter().position(|s| s.id == ex.start).unwrap();
    assert!(lines.contains(&format!("    start_node ==> s{start}").as_str()));
    let edges = lines
        .iter()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with('s')
                && (t.contains(" -->") || t.contains(" -.->"))
                && !t.starts_with("start_node")
        })
        .count();
    let transitions: usize = ex.stages.iter().map(|s| s.transitions.len()).sum();
    assert_eq!(edges, transitions, "{text}");
    let endings: Vec<String> = (0..ex.endings.len()).map(|i| format!("e{i}")).collect();
    assert!(lines.contains(&format!("    class {} ending", endings.join(",")).as_str()));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("-.->|\"") && l.contains("otherwise"))
    );
}

#[test]
fn mermaid_and_dot_escape_quotes_and_markup_in_titles() {
    let mut ex = exercise(HARBOUR);
    ex.stages[0].title = "The \"Tampa\" <case> #1".into();
    let mermaid = graph::mermaid(&ex);
    assert!(
        mermaid.contains("s0[\"The #quot;Tampa#quot; #lt;case#gt; #35;1<br/>("),
        "{mermaid}"
    );
    let dot = graph::dot(&ex);
    assert!(
        dot.contains(r#"label="The \"Tampa\" <case> #1\n("#),
        "{dot}"
    );
    // The structure does not depend on the words.
    let graph = Graph::of(&ex);
    assert_eq!(graph.nodes.len(), ex.stages.len() + ex.endings.len());
    assert_eq!(graph.nodes.iter().filter(|n| n.start).count(), 1);
}

#[test]
fn graph_rejects_an_unknown_format_as_a_usage_error() {
    let out = crossings(&["graph", HARBOUR, "--format", "svg"]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(out.stderr.contains("use dot or mermaid"), "{}", out.stderr);
    let missing = crossings(&["graph", "tests/fixtures/valid/no-such.ron"]);
    assert_eq!(missing.code, 1, "{}", missing.all());
}

// ---------------------------------------------------------------------------------------
// new

#[test]
fn new_writes_a_starter_that_passes_check_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("border-drill.ron");
    let file_arg = file.to_string_lossy().into_owned();

    let out = crossings(&["new", &file_arg]);
    assert_eq!(out.code, 0, "{}", out.all());
    let written = std::fs::read_to_string(&file).expect("new wrote the file");
    assert!(
        written.contains("id: \"border-drill\""),
        "the id follows the file name"
    );
    assert!(written.contains("docs/exercise-format.md"));

    let checked = crossings(&["check", &file_arg]);
    assert_eq!(checked.code, 0, "{}", checked.all());
    assert!(checked.stdout.contains("0 errors"), "{}", checked.stdout);

    // A second `new` on the same path fails and leaves the file as it was.
    std::fs::write(&file, "my own work").unwrap();
    let again = crossings(&["new", &file_arg]);
    assert_eq!(again.code, 1, "{}", again.all());
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my own work");

    // A folder that does not exist is one clear sentence, not a panic.
    let nowhere = dir.path().join("no-such-folder").join("x.ron");
    let out = crossings(&["new", &nowhere.to_string_lossy()]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
}

/// `new` writes the starter of the interface language; each passes `check` with its one
/// warning, and the French and Spanish starters are the English one with the words
/// changed: the same texts to translate, the same play.
#[test]
fn new_writes_the_starter_in_the_interface_language() {
    use crossings::authoring::starter::starter_in;
    use crossings::i18n::Lang;
    let dir = tempfile::tempdir().unwrap();
    let mut plays = Vec::new();
    for (lang, words, wrote) in [
        ("en", "title: \"A Crowded Border\"", "wrote "),
        (
            "fr",
            "title: \"Une frontière encombrée\"",
            " écrit\u{a0}: un exercice de départ",
        ),
        (
            "es",
            "title: \"Una frontera congestionada\"",
            "se escribió ",
        ),
    ] {
        let file = dir.path().join(format!("drill-{lang}.ron"));
        let file_arg = file.to_string_lossy().into_owned();
        let out = crossings(&["--lang", lang, "new", &file_arg]);
        assert_eq!(out.code, 0, "{}", out.all());
        assert!(out.stdout.contains(wrote), "{lang}: {}", out.stdout);
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(written.contains(words), "{lang}: {written}");
        assert!(written.contains(&format!("crossings check {file_arg} --watch")));
        assert!(
            !written.contains("FILE"),
            "{lang}: FILE is replaced everywhere"
        );
        let checked = crossings(&["check", &file_arg]);
        assert_eq!(checked.code, 0, "{lang}: {}", checked.all());
        assert!(
            checked.stdout.contains("0 errors, 1 warning"),
            "{lang}: {}",
            checked.stdout
        );
        let json = crossings(&["explore", &file_arg, "--runs", "500", "--json"]);
        let mut value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        value["elapsed_ms"] = 0.into();
        value["exercise"] = "drill".into();
        plays.push(value);
    }
    assert_eq!(plays[0], plays[1], "French plays as English");
    assert_eq!(plays[0], plays[2], "Spanish plays as English");
    let keys = |lang: Lang| -> Vec<String> {
        let (exercise, _) =
            crossings::scenario::load_exercise("starter.ron", starter_in(lang).as_bytes())
                .expect("the starter loads");
        crossings::translation::exercise_sources(&exercise)
            .into_iter()
            .map(|t| t.key)
            .collect()
    };
    assert_eq!(keys(Lang::En), keys(Lang::Fr));
    assert_eq!(keys(Lang::En), keys(Lang::Es));
    let out = crossings(&[
        "--lang",
        "es",
        "new",
        &dir.path().join("drill-es.ron").to_string_lossy(),
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("ya existe; `new` nunca sobrescribe"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_starter_shows_every_part_an_author_needs() {
    use crossings::authoring::starter::STARTER;
    let (ex, warnings) =
        crossings::scenario::load_exercise("starter.ron", STARTER.as_bytes()).expect("loads");
    assert!(warnings.iter().all(|d| !d.is_error()), "{warnings:?}");
    // The one warning is the one its header announces.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("stages"), "{warnings:?}");
    assert!(STARTER.contains("passes `crossings check`\n// with one warning"));

    assert_eq!(ex.roles.len(), 3);
    assert!(!ex.agreements.is_empty());
    assert!(ex.endings.len() >= 3);
    assert!(!ex.objectives.is_empty());
    assert!(!ex.knowledge_check.is_empty());
    assert!(!ex.debrief.good_practices.is_empty());
    let hidden: Vec<&str> = ex
        .indicators
        .iter()
        .filter(|i| i.visibility == Visibility::Hidden)
        .map(|i| i.id.as_str())
        .collect();
    assert!(!hidden.is_empty());
    let options = || {
        ex.stages
            .iter()
            .flat_map(|s| &s.decisions)
            .flat_map(|d| &d.options)
    };
    assert!(
        options().any(|o| o
            .effects
            .iter()
            .any(|e| matches!(e, Effect::Reveal { id, .. } if hidden.contains(&id.as_str())))),
        "an option reveals the hidden value"
    );
    assert!(
        options().any(|o| o.effects.iter().any(|e| matches!(e, Effect::After { .. }))),
        "a delayed effect"
    );
    assert!(
        ex.injects
            .iter()
            .any(|i| matches!(i.trigger, Trigger::Random { .. }))
    );
    assert!(
        ex.injects
            .iter()
            .any(|i| matches!(i.trigger, Trigger::When(_)))
    );

    // Everything in it can happen: random play reaches every stage, option, event, ending.
    let loaded = exercises::load_source("starter.ron", STARTER, false).expect("compiles");
    let report = explore::explore(&loaded.compiled, 10_000, 1, Strategy::Uniform);
    assert!(
        report.never_reached.is_empty(),
        "{:?}",
        report.never_reached
    );
}

// ---------------------------------------------------------------------------------------
// check --watch

/// A running `check --watch`; dropping it kills and reaps the child.
struct Watcher {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watcher {
    fn start(path: &str) -> Watcher {
        Watcher::start_in("en", path)
    }

    /// `check --watch path` with the interface in `lang`.
    fn start_in(lang: &str, path: &str) -> Watcher {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crossings"))
            .args(["--lang", lang, "check", "--watch", path])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Watcher {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Read lines until one satisfies `wanted`; every line read is kept in `seen`.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if wanted(&line) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => panic!(
                    "no {what} within {DEADLINE:?}; output so far:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_reports_new_and_fixed_problems_as_files_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("harbour.ron");
    let good = std::fs::read_to_string(repo_path(HARBOUR)).unwrap();
    std::fs::write(&file, &good).unwrap();
    let file_arg = file.to_string_lossy().into_owned();
    let mut watcher = Watcher::start(&file_arg);
    watcher.wait_for("start-up line", |l| l.starts_with("watching 1 file"));
    assert!(
        watcher
            .seen
            .iter()
            .any(|l| l.starts_with("checked 1 file: 0 errors")),
        "{:?}",
        watcher.seen
    );

    // Saved in place with a broken reference: the new error is reported.
    let start = good
        .lines()
        .find(|l| l.trim_start().starts_with("start:"))
        .expect("the fixture has a start");
    let broken = good.replacen(start, "    start: \"nowhere\",", 1);
    std::fs::write(&file, &broken).unwrap();
    let new = watcher.wait_for("new error", |l| l.trim_start().starts_with("new "));
    assert!(
        new.contains(": error: ") && new.contains("nowhere"),
        "{new}"
    );
    let header = watcher.seen[watcher.seen.len() - 2].clone();
    assert!(header.contains("saved — 1 new, 0 fixed"), "{header}");
    // Warnings that did not change are not printed again.
    assert!(
        !watcher
            .seen
            .iter()
            .any(|l| l.contains("warning") && l.trim_start().starts_with("new ")),
        "{:?}",
        watcher.seen
    );

    // Saved the way many editors do: a new file renamed over the old one.
    let replacement = dir.path().join("harbour.ron.tmp");
    std::fs::write(&replacement, &good).unwrap();
    std::fs::rename(&replacement, &file).unwrap();
    let fixed = watcher.wait_for("fixed error", |l| l.trim_start().starts_with("fixed "));
    assert!(fixed.contains("nowhere"), "{fixed}");
    watcher.wait_for("all clear", |l| l.starts_with("all clear: "));
}

/// A translator saving a sidecar beside the exercise sees its problems change, worded
/// in the interface language.
#[test]
fn watch_rechecks_when_a_translation_beside_the_exercise_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = repo_path("tests/fixtures/translations");
    for name in ["minimal.ron", "minimal.fr.ron"] {
        std::fs::copy(fixtures.join(name), dir.path().join(name)).unwrap();
    }
    let exercise = dir.path().join("minimal.ron");
    let sidecar = dir.path().join("minimal.fr.ron");
    let mut watcher = Watcher::start_in("fr", &exercise.to_string_lossy());
    watcher.wait_for("start-up line", |l| {
        l.starts_with("surveillance de 1 fichier")
    });

    // The translator drops an entry: the sidecar now misses it.
    let text = std::fs::read_to_string(&sidecar).unwrap();
    let entry = "        Entry(key: \"exercise.summary\", source_hash: \"ccc3c4e98923372c\",\n            en: \"Two states and one boat.\",\n            text: \"Deux États et un bateau.\"),\n";
    assert!(text.contains(entry), "the fixture has the entry");
    std::fs::write(&sidecar, text.replacen(entry, "", 1)).unwrap();
    let header = watcher.wait_for("saved line", |l| l.contains("enregistré —"));
    assert!(
        header.starts_with(&format!(
            "{}\u{a0}: enregistré — nouveaux problèmes\u{a0}: 1, corrigés\u{a0}: 0",
            sidecar.display()
        )),
        "{header}"
    );
    let new = watcher.wait_for("new problem", |l| l.trim_start().starts_with("nouveau "));
    assert!(new.contains("exercise.summary"), "{new}");

    // Put back: the problem is fixed.
    std::fs::write(&sidecar, &text).unwrap();
    let fixed = watcher.wait_for("fixed problem", |l| l.trim_start().starts_with("corrigé "));
    assert!(fixed.contains("exercise.summary"), "{fixed}");
}

#[test]
fn watch_cannot_be_combined_with_json_or_deep() {
    for flag in ["--json", "--deep"] {
        let out = crossings(&["check", "--watch", flag, HARBOUR]);
        assert_eq!(out.code, 2, "{}", out.all());
    }
}

// ---------------------------------------------------------------------------------------
// check --deep

/// The script printed after `<item>: reachable`, and its seed.
fn printed_witness(out: &Outcome, item: &str) -> (u64, String) {
    let lines: Vec<&str> = out.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(&format!("{item}: reachable")))
        .unwrap_or_else(|| panic!("no witness for {item}:\n{}", out.stdout));
    let seed = lines[at]
        .split("with seed ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the seed is printed");
    let end = (at..lines.len())
        .find(|&i| lines[i] == ")")
        .expect("the script ends with `)`");
    (seed, lines[at + 1..=end].join("\n"))
}

#[test]
fn deep_check_finds_a_rare_stage_and_its_script_replays_with_run() {
    // The premise: random play misses the stage.
    let loaded = exercises::find(RARE).unwrap();
    let report = explore::explore(&loaded.compiled, 10_000, 1, Strategy::Uniform);
    assert!(
        report.never_reached.contains(&"stage:secret".to_string()),
        "{:?}",
        report.never_reached
    );

    let out = crossings(&["check", "--deep", RARE]);
    assert_eq!(out.code, 1, "something is unreachable:\n{}", out.all());
    let (seed, script) = printed_witness(&out, "stage:secret");
    assert!(script.contains("Decide(role: \"transit\", option: \"all-out\")"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("witness.ron");
    std::fs::write(&file, &script).unwrap();
    let run = crossings(&[
        "run",
        RARE,
        "--seed",
        &seed.to_string(),
        "--script",
        &file.to_string_lossy(),
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stdout.contains("· The secret harbour ──"),
        "the replay enters the stage:\n{}",
        run.stdout
    );
}

#[test]
fn deep_check_reports_a_stage_no_play_can_reach() {
    let out = crossings(&["check", "--deep", RARE]);
    assert_eq!(out.code, 1, "{}", out.all());
    for item in ["stage:impossible", "ending:other"] {
        let line = out
            .stdout
            .lines()
            .find(|l| l.contains(&format!("{item}: ")))
            .unwrap_or_else(|| panic!("{item} not reported:\n{}", out.stdout));
        assert!(
            line.contains("unreachable within the bound (turn cap "),
            "{line}"
        );
    }

    // In the library: the impossible stage's search runs out of choices, not of states.
    let loaded = exercises::find(RARE).unwrap();
    let c = &loaded.compiled;
    let impossible = Target::parse(c, "stage:impossible").unwrap();
    let bound = Bound {
        turn_cap: 30,
        states: 200_000,
        seeds: 4,
    };
    match &search::search(c, &[impossible], bound)[0] {
        Finding::Unreachable {
            exhaustive, states, ..
        } => {
            assert!(*exhaustive, "searched {states} states");
            assert!(*states < bound.states);
        }
        other => panic!("the impossible stage was reached: {other:?}"),
    }
}

#[test]
fn deep_check_passes_when_random_play_reaches_everything() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("drill.ron");
    let file_arg = file.to_string_lossy().into_owned();
    assert_eq!(crossings(&["new", &file_arg]).code, 0);
    let out = crossings(&["check", "--deep", &file_arg]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout
            .contains("random runs reached every stage, option, event and ending"),
        "{}",
        out.stdout
    );
}

#[test]
fn every_witness_the_search_prints_is_verified_by_a_replay() {
    let loaded = exercises::find(RARE).unwrap();
    let c = &loaded.compiled;
    let targets: Vec<Target> = ["stage:secret", "ending:found", "option:gate-transit/gamble"]
        .iter()
        .map(|item| Target::parse(c, item).expect("a target"))
        .collect();
    let bound = Bound {
        turn_cap: 30,
        states: 50_000,
        seeds: 32,
    };
    for (target, finding) in targets.iter().zip(search::search(c, &targets, bound)) {
        let Finding::Reached(witness) = finding else {
            panic!("{} not found: {finding:?}", target.name(c));
        };
        assert!(search::verify(c, witness.seed, &witness.actions, *target));
        // A different seed need not reproduce it; the printed one must.
        let text = search::script_text(c, &target.name(c), &witness, RARE);
        let parsed = crossings::session::script::Script::parse("w.ron", text.as_bytes())
            .expect("the printed script parses");
        assert_eq!(parsed.actions, witness.actions);
    }
}

#[test]
fn a_witness_through_an_agreement_offers_and_accepts_it() {
    use crossings::authoring::starter::STARTER;
    use crossings::engine::Action;
    let loaded = exercises::load_source("starter.ron", STARTER, false).expect("compiles");
    let c = &loaded.compiled;
    // `review` is entered only while the shared-reception agreement is in force.
    let review = Target::parse(c, "stage:review").unwrap();
    let bound = Bound {
        turn_cap: 30,
        states: 50_000,
        seeds: 4,
    };
    let Finding::Reached(witness) = &search::search(c, &[review], bound)[0] else {
        panic!("the review stage was not reached");
    };
    let offer = witness
        .actions
        .iter()
        .position(|a| {
            matches!(a, Action::Offer { from, to, agreement, .. }
                if from == "destination" && to == "transit" && agreement == "shared-reception")
        })
        .expect("the witness makes the offer");
    assert!(
        witness.actions[offer..].iter().any(|a| matches!(
            a,
            Action::Answer { role, agreement, accept: true, .. }
                if role == "transit" && agreement == "shared-reception"
        )),
        "{:?}",
        witness.actions
    );
    assert!(search::verify(c, witness.seed, &witness.actions, review));
}
