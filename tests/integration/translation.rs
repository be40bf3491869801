//! Translations of exercises: `check` on sidecars (stale, missing, extra, malformed, with
//! positions), the CSV round trip of `translate extract` and `import`, an exercise played
//! in French through the library, and every shipped translation complete and fresh.

use super::check::{crossings, repo_path};
use crossings::exercises::{self, SHIPPED, SHIPPED_TRANSLATIONS};
use crossings::scenario::load_exercise;
use crossings::session::Controller;
use crossings::session::Persona;
use crossings::sim::run::{self, Output};
use crossings::translation::{self, check, extract, sidecar, walk};

const FIXTURE: &str = "tests/fixtures/translations/minimal.ron";

#[test]
fn check_reports_each_problem_of_a_sidecar_at_its_position() {
    let out = crossings(&["check", FIXTURE]);
    assert_eq!(out.code, 1, "the malformed Spanish sidecar is an error");
    let dir = "tests/fixtures/translations";
    for expected in [
        format!("{dir}/minimal.es.ron:5:5: error: expected a comma between two items"),
        format!(
            "{dir}/minimal.fr.ron:8:14: warning: missing: `ending.alone.title` has no entry (the English, at {FIXTURE}:62:36: “Alone”)"
        ),
        format!(
            "{dir}/minimal.fr.ron:45:9: warning: stale: the English of `stage.boat.title` changed since it was translated (was “A small boat”, now “A boat”)"
        ),
        format!(
            "{dir}/minimal.fr.ron:56:19: warning: the translation of `option.boat-transit.rescue.label` is longer than 64 characters"
        ),
        format!(
            "{dir}/minimal.fr.ron:60:9: warning: stale: the English of `stage.talks.title` changed since it was translated (was “Negotiations”, now “Talks”); update the translation, then remove `old_en`"
        ),
        format!(
            "{dir}/minimal.fr.ron:81:19: warning: missing: `inject.storm.text` has no translation yet"
        ),
        format!(
            "{dir}/minimal.fr.ron:127:9: warning: extra entry: `stage.harbour.title` is no longer in {FIXTURE}"
        ),
    ] {
        assert!(
            out.stdout.lines().any(|l| l.starts_with(&expected)),
            "expected a line starting with\n{expected}\nin\n{}",
            out.stdout
        );
    }
    assert_eq!(
        out.stdout.matches("minimal.fr.ron:").count(),
        6,
        "{}",
        out.stdout
    );
}

#[test]
fn an_exercise_without_sidecars_gets_no_translation_warnings() {
    // harbour.ron has three warnings of its own (stages, endings, a delay that never
    // lands, kept so reports show a pending effect) and no sidecar.
    let out = crossings(&["check", "tests/fixtures/valid/harbour.ron"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout
            .ends_with("checked 1 file: 0 errors, 3 warnings\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn every_shipped_translation_is_complete_and_fresh() {
    assert!(
        !SHIPPED_TRANSLATIONS.is_empty(),
        "the tutorial's translations are embedded"
    );
    for (file, language, text) in SHIPPED_TRANSLATIONS {
        let source = SHIPPED
            .iter()
            .find(|(f, _)| f == file)
            .map(|(_, s)| *s)
            .expect("a sidecar's exercise is shipped");
        let origin = format!("exercises/{file}");
        let (exercise, _) = load_exercise(&origin, source.as_bytes()).expect("loads");
        let texts = translation::exercise_sources(&exercise);
        let checked = check::Source {
            id: &exercise.id,
            file: &origin,
            text: source,
            texts: &texts,
        };
        let problems = check::check_sidecar(&checked, file, language, text.as_bytes());
        assert!(
            problems.is_empty(),
            "{file} in {language}:\n{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    let glossary = crossings::scenario::glossary::translation_problems();
    assert!(glossary.is_empty(), "{glossary:?}");
    assert!(crossings::scenario::glossary::languages().count() >= 2);
    // And the command line agrees, with warnings denied, over the sidecars on disk.
    let out = crossings(&["check", "--deny-warnings", "exercises"]);
    assert_eq!(out.code, 0, "{}", out.all());
}

#[test]
fn the_tutorial_in_french_has_french_text_and_the_same_structure() {
    let english = exercises::find("tutorial").expect("loads");
    let (french, coverage) = exercises::find_translated("tutorial", "fr").expect("loads");
    assert!(coverage.is_complete(), "{coverage:?}");
    assert!(coverage.translated > 500, "{coverage:?}");
    let (en, fr) = (&english.compiled.exercise, &french.compiled.exercise);
    assert_eq!(fr.title, "Tutoriel\u{a0}: un bateau, trois États");
    assert_eq!(fr.stages[0].title, "Un appel de l'Alba Star");
    assert_eq!(fr.indicators[2].label, "Vies perdues");
    // Everything but the text is the English exercise's: blank every walked text and the
    // two are identical, ids, numbers, conditions and effects included.
    let blank = |exercise: &crossings::scenario::Exercise| {
        let mut copy = exercise.clone();
        walk::walk_exercise(&mut copy, &mut |_, text| text.clear());
        serde_json::to_value(&copy).expect("serialises")
    };
    assert_eq!(blank(en), blank(fr));
    assert_eq!(
        crossings::session::save::structure_hash(en),
        crossings::session::save::structure_hash(fr),
        "a save made in French resumes in English and back"
    );
    // English asked for, or a language without a sidecar: the English exercise.
    for language in ["en", "de"] {
        let (same, same_coverage) =
            exercises::find_translated("tutorial", language).expect("loads");
        assert_eq!(same.compiled.exercise.title, en.title);
        assert_eq!(same_coverage.is_complete(), language == "en");
        assert_eq!(
            same_coverage.in_english() + same_coverage.translated,
            coverage.translated
        );
    }
}

#[test]
fn a_run_in_french_prints_the_french_text() {
    let (french, _) = exercises::find_translated("tutorial", "fr").expect("loads");
    let controllers = vec![Controller::Persona(Persona::Cooperative); french.compiled.role_count];
    let (_, transcript) = run::run(
        french.compiled.clone(),
        1,
        controllers.clone(),
        None,
        Output::Transcript,
    )
    .expect("plays to an ending");
    assert!(
        transcript.contains("Un appel de l'Alba Star"),
        "{transcript}"
    );
    assert!(
        !transcript.contains("A call from the Alba Star"),
        "{transcript}"
    );
    // Events carry ids and numbers, never text: the JSON log is the same in any language.
    let english = exercises::find("tutorial").expect("loads");
    let (_, english_json) =
        run::run(english.compiled, 1, controllers.clone(), None, Output::Json).expect("plays");
    let (_, french_json) =
        run::run(french.compiled, 1, controllers, None, Output::Json).expect("plays");
    assert_eq!(english_json, french_json);
}

#[test]
fn a_sidecar_beside_an_exercise_file_is_used_and_a_broken_one_is_an_error() {
    let (loaded, coverage) = exercises::find_translated(FIXTURE, "fr").expect("loads");
    assert_eq!(loaded.compiled.exercise.summary, "Deux États et un bateau.");
    // Stale and missing texts stay in English, and are counted.
    assert_eq!(loaded.compiled.exercise.stages[0].title, "A boat");
    assert_eq!((coverage.stale, coverage.missing), (2, 2), "{coverage:?}");
    let error = exercises::find_translated(FIXTURE, "es").expect_err("does not parse");
    let message = error.to_string();
    assert!(
        message.starts_with("tests/fixtures/translations/minimal.es.ron:5:5: error:"),
        "{message}"
    );
}

#[test]
fn translated_text_is_sanitised_like_exercise_text() {
    let (mut exercise, _) =
        load_exercise(FIXTURE, &std::fs::read(repo_path(FIXTURE)).expect("reads")).expect("loads");
    let hostile = sidecar::Sidecar {
        of: "minimal".into(),
        language: "fr".into(),
        entries: vec![sidecar::Entry {
            key: "exercise.title".into(),
            source_hash: translation::source_hash("Minimal"),
            en: "Minimal".into(),
            text: "Mini\u{1b}]0;pwned\u{7}mal\u{202e}\nsuite".into(),
            old_en: None,
        }],
    };
    translation::apply_to_exercise(&mut exercise, &hostile);
    // The whole escape sequence goes, not only its ESC byte.
    assert_eq!(exercise.title, "Minimal suite");
}

#[test]
fn the_csv_of_the_tutorial_round_trips_to_the_same_sidecar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("tutorial-fr.csv");
    let back = dir.path().join("00-tutorial.fr.ron");
    let (csv, back) = (csv.to_string_lossy(), back.to_string_lossy());
    let out = crossings(&[
        "translate",
        "extract",
        "exercises/00-tutorial.ron",
        "--to",
        "fr",
        "--csv",
        "-o",
        &csv,
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    let table = std::fs::read_to_string(&*csv).expect("written");
    assert!(
        table
            .starts_with("\u{feff}key,source_hash,english,translation,status,previous_english\r\n")
    );
    let out = crossings(&[
        "translate",
        "import",
        "exercises/00-tutorial.ron",
        &csv,
        "--to",
        "fr",
        "-o",
        &back,
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout.contains("528 translated, 0 stale, 0 missing"),
        "{}",
        out.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&*back).expect("written"),
        std::fs::read_to_string(repo_path("exercises/00-tutorial.fr.ron")).expect("shipped")
    );
}

#[test]
fn awkward_text_survives_the_csv_round_trip() {
    let (exercise, _) =
        load_exercise(FIXTURE, &std::fs::read(repo_path(FIXTURE)).expect("reads")).expect("loads");
    let texts = translation::exercise_sources(&exercise);
    let awkward = [
        "Commas, \"quotes\"; semicolons",
        "Deux lignes\nen une cellule",
        "Accents : réfugié, niño, «\u{a0}guillemets\u{a0}», ½ — ✓",
        "",
    ];
    let (mut sidecar, _) = extract::update(&texts, None, "minimal", "fr");
    for (entry, text) in sidecar.entries.iter_mut().zip(awkward.iter().cycle()) {
        entry.text = (*text).to_string();
    }
    sidecar.entries[1].old_en = Some("Older English, \"quoted\"".into());
    let table = extract::to_csv(&sidecar);
    let entries = extract::from_csv("t.csv", table.as_bytes(), &texts).expect("reads back");
    assert_eq!(entries, sidecar.entries);
}

#[test]
fn extract_keeps_good_entries_marks_stale_ones_and_adds_missing_ones() {
    let (exercise, _) =
        load_exercise(FIXTURE, &std::fs::read(repo_path(FIXTURE)).expect("reads")).expect("loads");
    let texts = translation::exercise_sources(&exercise);
    let (existing, _) = sidecar::parse(
        "minimal.fr.ron",
        &std::fs::read(repo_path("tests/fixtures/translations/minimal.fr.ron")).expect("reads"),
    )
    .expect("parses");
    let (updated, changes) = extract::update(&texts, Some(&existing), "minimal", "fr");
    assert_eq!(updated.entries.len(), texts.len());
    assert_eq!(changes.dropped, ["stage.harbour.title"]);
    assert_eq!(changes.added, 2, "the empty and the absent entry");
    assert_eq!(changes.marked_stale, 2);
    let entry = |key: &str| {
        updated
            .entries
            .iter()
            .find(|e| e.key == key)
            .expect("an entry")
    };
    let boat = entry("stage.boat.title");
    assert_eq!(
        (boat.en.as_str(), boat.old_en.as_deref(), boat.text.as_str()),
        ("A boat", Some("A small boat"), "Un bateau")
    );
    assert_eq!(boat.source_hash, translation::source_hash("A boat"));
    assert_eq!(entry("ending.alone.title").text, "");
    assert_eq!(
        entry("stage.talks.title").old_en.as_deref(),
        Some("Negotiations")
    );
    assert_eq!(extract::status(entry("stage.talks.title")), "stale");
    assert_eq!(entry("exercise.summary").text, "Deux États et un bateau.");
}

#[test]
fn import_reads_a_spreadsheet_saved_with_semicolons_and_reordered_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let table = dir.path().join("minimal-fr.csv");
    let sidecar_path = dir.path().join("minimal.fr.ron");
    let hash = translation::source_hash("Minimal");
    std::fs::write(
        &table,
        format!(
            "notes;translation;key;english;source_hash\r\nok;\"Minimal; court\";exercise.title;Minimal;{hash}\r\n;;exercise.summary;Two states and one boat.;1.23457E+15\r\n"
        ),
    )
    .expect("written");
    let out = crossings(&[
        "translate",
        "import",
        FIXTURE,
        &table.to_string_lossy(),
        "--to",
        "fr",
        "-o",
        &sidecar_path.to_string_lossy(),
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains("1 translated"), "{}", out.stdout);
    let (written, _) = sidecar::parse(
        "minimal.fr.ron",
        &std::fs::read(&sidecar_path).expect("written"),
    )
    .expect("parses");
    assert_eq!(written.entries[0].text, "Minimal; court");
    // A hash the spreadsheet turned into a number is taken from the row's English.
    assert_eq!(
        written.entries[1].source_hash,
        translation::source_hash("Two states and one boat.")
    );
}

#[test]
fn translate_refuses_bad_languages_and_bad_tables_clearly() {
    let out = crossings(&["translate", "extract", "tutorial", "--to", "EN"]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(out.stderr.contains("not a language"), "{}", out.stderr);
    let dir = tempfile::tempdir().expect("temp dir");
    let table = dir.path().join("t.csv");
    std::fs::write(&table, "key,english\r\nexercise.title,Minimal\r\n").expect("written");
    let out = crossings(&[
        "translate",
        "import",
        FIXTURE,
        &table.to_string_lossy(),
        "--to",
        "fr",
        "-o",
        &dir.path().join("x.fr.ron").to_string_lossy(),
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr
            .contains(":1:1: error: the first row has no `source_hash` column"),
        "{}",
        out.stderr
    );
    assert!(!dir.path().join("x.fr.ron").exists(), "nothing written");
    let out = crossings(&[
        "translate",
        "import",
        FIXTURE,
        &table.to_string_lossy(),
        "--to",
        "fr",
        "-o",
        &dir.path().join("x.es.ron").to_string_lossy(),
    ]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(
        out.stderr.contains("named as a translation into `es`"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_glossary_reads_in_french_and_spanish() {
    use crossings::scenario::glossary;
    let english = glossary::find("palermo-protocol").expect("in the glossary");
    let french = glossary::find_in("palermo-protocol", "fr").expect("translated");
    let spanish = glossary::find_in("palermo-protocol", "es").expect("translated");
    assert!(
        french.name.contains("traite des personnes"),
        "{}",
        french.name
    );
    assert!(
        spanish.name.contains("Trata de Personas"),
        "{}",
        spanish.name
    );
    assert_eq!(french.year, english.year);
    assert_eq!(
        glossary::frameworks_in("de").len(),
        glossary::frameworks().len()
    );
    let out = crossings(&["translate", "extract", "glossary", "--to", "es", "--csv"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains(",ok,"), "{}", out.stdout);
    assert!(!out.stdout.contains(",missing,"), "{}", out.stdout);
}

/// A French-speaking translator gets extract's summary and the sidecar's header comment
/// in French, and a French transcript separates the changes of a ledger as French writes
/// lists (a no-break space before ";").
#[test]
fn translate_and_run_speak_the_interface_language() {
    let out = crossings(&[
        "--lang",
        "fr",
        "translate",
        "extract",
        "exercises/00-tutorial.ron",
        "--to",
        "es",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout
            .starts_with("// Traduction de `tutorial` (exercises/00-tutorial.ron) en `es`."),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("textes de exercises/00-tutorial.ron") && out.stderr.contains("gardés"),
        "{}",
        out.stderr
    );
    let run = crossings(&["--lang", "fr", "run", "tutorial", "--seed", "1"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("\u{a0}; "), "{}", run.stdout);
    assert!(
        run.stdout
            .match_indices("; ")
            .all(|(at, _)| run.stdout[..at].ends_with('\u{a0}')),
        "{}",
        run.stdout
    );
}

#[test]
fn a_save_of_a_translated_file_resumes_in_that_language_without_the_files() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    for (from, to) in [
        ("exercises/00-tutorial.ron", "tut.ron"),
        ("exercises/00-tutorial.fr.ron", "tut.fr.ron"),
    ] {
        std::fs::copy(repo_path(from), path(to)).expect("copied");
    }
    let save = path("table.save.ron");
    let run = crossings(&[
        "--lang",
        "fr",
        "run",
        &path("tut.ron"),
        "--seed",
        "1",
        "--save",
        &save,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The save carries what it needs: the exercise and its translation are gone.
    std::fs::remove_file(path("tut.ron")).expect("removed");
    std::fs::remove_file(path("tut.fr.ron")).expect("removed");
    let french = crossings(&["--lang", "fr", "report", &save]);
    assert_eq!(french.code, 0, "{}", french.stderr);
    assert!(
        french
            .stdout
            .contains("Tutoriel\u{a0}: un bateau, trois États"),
        "{}",
        french.stdout
    );
    // Another language has no translation in the save: the English.
    let spanish = crossings(&["--lang", "es", "report", &save]);
    assert_eq!(spanish.code, 0, "{}", spanish.stderr);
    assert!(
        spanish.stdout.contains("Tutorial: one boat, three states"),
        "{}",
        spanish.stdout
    );
}
