//! Fuzzing, inside `cargo test`: every input that once broke a fuzz target (kept in
//! `tests/fixtures/fuzz/<target>/`) replayed through the same harness
//! (`crossings::fuzzing`), and the fuzz properties mirrored in proptest at a modest case
//! count. The harnesses panic on a bug; a refused input is fine.

use super::check::repo_path;
use crossings::fuzzing;
use proptest::prelude::*;

/// Replay every saved input of one target; returns how many there were.
fn replay(target: &str, harness: fn(&[u8])) -> usize {
    let dir = repo_path(&format!("tests/fixtures/fuzz/{target}"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for path in &files {
        let bytes = std::fs::read(path).expect("a saved fuzz input reads");
        // Named on failure: the harness's panic message follows this line.
        eprintln!("replaying {}", path.display());
        harness(&bytes);
    }
    files.len()
}

#[test]
fn saved_fuzz_inputs_replay_without_a_crash() {
    let replayed = replay("exercise_bytes", fuzzing::exercise_bytes)
        + replay("exercise_mutation", fuzzing::exercise_mutation)
        + replay("script", fuzzing::script_bytes)
        + replay("save", fuzzing::save_bytes)
        + replay("actions", fuzzing::actions);
    assert!(
        replayed > 0,
        "tests/fixtures/fuzz/ holds the inputs fuzzing found"
    );
}

#[test]
fn every_shipped_exercise_plays_through_the_fuzz_harness() {
    for (file, source) in crossings::exercises::SHIPPED {
        eprintln!("exercise {file}");
        fuzzing::exercise_bytes(source.as_bytes());
    }
}

/// A text with a few bytes overwritten and perhaps cut short: mostly still RON, so the
/// parser, the validator and the compiler all get a turn.
fn edited(source: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = source.len();
    (
        prop::collection::vec((0..len, any::<u8>()), 0..6),
        prop::option::of(0..len),
    )
        .prop_map(move |(edits, cut)| {
            let mut bytes = source.clone();
            for (at, byte) in edits {
                bytes[at] = byte;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut);
            }
            bytes
        })
}

fn fixture_bytes(path: &str) -> Vec<u8> {
    std::fs::read(repo_path(path)).expect("fixture")
}

/// A save of a headless run of `harbour.ron` with its script (the source is embedded).
fn harbour_save() -> Vec<u8> {
    let out = tempfile::tempdir().expect("temp dir");
    let save = out.path().join("harbour.save.ron");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_crossings"))
        .args(["run", "tests/fixtures/valid/harbour.ron", "--seed", "3"])
        .args(["--script", "tests/fixtures/scripts/harbour.ron", "--save"])
        .arg(&save)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CROSSINGS_HOME", out.path())
        .output()
        .expect("crossings runs");
    assert!(status.status.success(), "{status:?}");
    std::fs::read(&save).expect("the save was written")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_exercise_loader(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        fuzzing::exercise_bytes(&bytes);
    }

    #[test]
    fn an_edited_exercise_never_panics_the_loader_or_the_engine(
        bytes in edited(fixture_bytes("tests/fixtures/valid/harbour.ron")),
    ) {
        fuzzing::exercise_bytes(&bytes);
    }

    #[test]
    fn an_edited_script_never_panics_a_run(
        bytes in edited(fixture_bytes("tests/fixtures/scripts/harbour.ron")),
    ) {
        fuzzing::script_bytes(&bytes);
    }

    #[test]
    fn arbitrary_action_streams_keep_the_invariants_and_replay_identically(
        bytes in prop::collection::vec(any::<u8>(), 0..1_500),
    ) {
        fuzzing::actions(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn mutated_shipped_exercises_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        fuzzing::exercise_mutation(&bytes);
    }

    #[test]
    fn an_edited_save_never_panics_resume_or_the_report(
        bytes in edited(harbour_save()),
    ) {
        fuzzing::save_bytes(&bytes);
    }
}
