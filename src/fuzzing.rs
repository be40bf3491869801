//! Fuzz harnesses: one function per fuzz target in `fuzz/`, shared with the property tests
//! and the regression test that replays every saved crash input (`tests/fixtures/fuzz/`).
//!
//! Each takes raw bytes, drives one entry point the way a file from someone else would,
//! and panics only when Crossings is wrong: a refused input is fine, a panic, a broken
//! invariant or a different replay is a bug. `docs/reliability.md` says how to run them.

use crate::engine::step::{option_enabled, roles_awaiting};
use crate::engine::{Action, Compiled, Phase, Rating, State, compile};
use crate::exercises::{Loaded, SHIPPED, load_source};
use crate::report::{ReportFormat, render_report};
use crate::scenario::load::{decode_text, parse_exercise};
use crate::scenario::model::Exercise;
use crate::scenario::validate::validate;
use crate::session::save::{Meta, SaveFile, replay};
use crate::session::script::Script;
use crate::session::{Controller, Persona, Session};
use crate::sim::run::{self, Output};
use std::sync::{Arc, OnceLock};

/// Reads fuzz bytes as a stream of small decisions; past the end every read is zero, so
/// any input decodes to something.
pub struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data, at: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.at >= self.data.len()
    }

    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// True once in `n` bytes, on average.
    pub fn one_in(&mut self, n: u8) -> bool {
        self.byte().is_multiple_of(n)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        let wide = if n > 256 {
            usize::from(self.byte()) << 8 | usize::from(self.byte())
        } else {
            usize::from(self.byte())
        };
        wide % n
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    pub fn u64(&mut self) -> u64 {
        u64::from(self.u32()) << 32 | u64::from(self.u32())
    }

    /// A number that is usually small and sometimes at an edge of its type.
    pub fn interesting_i32(&mut self) -> i32 {
        match self.byte() % 8 {
            0 => i32::MIN,
            1 => i32::MAX,
            2 => -1,
            3 => 0,
            4 => self.u32() as i32,
            _ => i32::from(self.byte() as i8),
        }
    }

    pub fn interesting_u32(&mut self) -> u32 {
        match self.byte() % 6 {
            0 => u32::MAX,
            1 => 0,
            2 => self.u32(),
            _ => u32::from(self.byte() % 16),
        }
    }

    pub fn pick<'b, T>(&mut self, items: &'b [T]) -> Option<&'b T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}

/// Texts that have broken programs before: escapes, control and bidi characters, markup,
/// an empty text and one longer than any limit.
fn hostile_text(b: &mut Bytes) -> String {
    match b.byte() % 8 {
        0 => String::new(),
        1 => "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{8}".into(),
        2 => "<script>alert(1)</script> & \"quotes\" 'single'".into(),
        3 => "\u{202E}txt.exe\u{2066}\u{200F}".into(),
        4 => "x".repeat(usize::from(b.byte()) * 64),
        5 => "line\nbreak\ttab\0nul".into(),
        6 => "../../etc/passwd".into(),
        _ => "A reason".into(),
    }
}

// ---------------------------------------------------------------------------------------
// Exercises

/// Raw bytes as an exercise file: decode, parse, validate, compile. The compiler must not
/// panic on anything that parses, and must succeed on anything that validates; whatever
/// compiles is then played, reported and explored briefly.
pub fn exercise_bytes(data: &[u8]) {
    let Ok(text) = decode_text("fuzz.ron", data) else {
        return;
    };
    let Ok(exercise) = parse_exercise("fuzz.ron", text) else {
        return;
    };
    // What `load_exercise` checks, kept apart so the compiler also sees invalid exercises.
    let mut diagnostics = validate(&exercise, "fuzz.ron", text);
    diagnostics.extend(crate::limits::long_texts("fuzz.ron", text, &[]));
    let valid = !diagnostics.iter().any(|d| d.is_error());
    match compile(&exercise) {
        Ok(compiled) if valid => play_compiled(Arc::new(compiled), data.len() as u64),
        Ok(_) => {}
        Err(m) if valid => panic!("a valid exercise does not compile: {m}"),
        Err(_) => {}
    }
}

/// Play a loaded exercise every way a user could without a person at the keyboard: a
/// headless run (transcript and JSON), a few explore runs, the graph, the print pack and
/// the After-Action Report of the run, checking the engine's invariants on the way.
pub fn play_compiled(compiled: Arc<Compiled>, seed: u64) {
    let persona = Persona::ALL[(seed % 4) as usize];
    let controllers = vec![Controller::Persona(persona); compiled.role_count];
    for output in [Output::Transcript, Output::Json] {
        if let Ok((session, _text)) =
            run::run(compiled.clone(), seed, controllers.clone(), None, output)
        {
            check_session(&session);
        }
    }
    let strategy = match seed % 3 {
        0 => crate::sim::explore::Strategy::Uniform,
        1 => crate::sim::explore::Strategy::LeastUsed,
        _ => crate::sim::explore::Strategy::Persona,
    };
    let report = crate::sim::explore::explore_with_personas(&compiled, 8, seed, strategy, 2);
    let _ = crate::sim::explore::render_text(&compiled, &report);
    for format in [
        crate::authoring::graph::GraphFormat::Dot,
        crate::authoring::graph::GraphFormat::Mermaid,
    ] {
        let _ = crate::authoring::graph::render(&compiled.exercise, format);
    }
    let pack = crate::pack::Pack::build(&compiled, crate::pack::DEFAULT_PLAN);
    let _ = crate::pack::markdown::render(&pack);
    let _ = crate::pack::html::render(&pack);
}

/// The shipped exercises as JSON trees, parsed once per process.
fn shipped_trees() -> &'static [serde_json::Value] {
    static TREES: OnceLock<Vec<serde_json::Value>> = OnceLock::new();
    TREES.get_or_init(|| {
        SHIPPED
            .iter()
            .filter_map(|(_, source)| parse_exercise("shipped.ron", source).ok())
            .filter_map(|ex| serde_json::to_value(ex).ok())
            .collect()
    })
}

/// Structure-aware: mutate a shipped exercise as an author (or an attacker) might —
/// change numbers, drop, duplicate or reorder items, swap ids and texts — then write it
/// back as RON and load it through `exercise_bytes`.
pub fn exercise_mutation(data: &[u8]) {
    let mut b = Bytes::new(data);
    let trees = shipped_trees();
    let Some(tree) = b.pick(trees) else {
        return;
    };
    let mut tree = tree.clone();
    let mut strings = Vec::new();
    collect_strings(&tree, &mut strings);
    let mutations = 1 + b.byte() % 8;
    for _ in 0..mutations {
        mutate(&mut tree, &mut b, &strings);
    }
    let Ok(exercise) = serde_json::from_value::<Exercise>(tree) else {
        return;
    };
    let Ok(text) = ron::ser::to_string(&exercise) else {
        return;
    };
    exercise_bytes(text.as_bytes());
}

fn collect_strings(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if s.len() <= 64 => into.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, into)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, into)),
        _ => {}
    }
}

/// One mutation at a node reached by walking down from `node`; the bytes say where to
/// stop.
fn mutate(node: &mut serde_json::Value, b: &mut Bytes, strings: &[String]) {
    use serde_json::Value;
    if !b.one_in(6) {
        match node {
            Value::Array(items) if !items.is_empty() => {
                let k = b.below(items.len());
                return mutate(&mut items[k], b, strings);
            }
            Value::Object(map) if !map.is_empty() => {
                let k = b.below(map.len());
                if let Some(child) = map.values_mut().nth(k) {
                    return mutate(child, b, strings);
                }
            }
            _ => {}
        }
    }
    match node {
        Value::Number(n) => {
            let old = n.as_i64().unwrap_or(0);
            let new = match b.byte() % 6 {
                0 => old.wrapping_add(1),
                1 => old.wrapping_sub(1),
                2 => -old,
                3 => i64::from(b.interesting_i32()),
                4 => i64::from(b.interesting_u32()),
                _ => i64::from(b.byte()),
            };
            *node = Value::from(new);
        }
        Value::String(s) => {
            *s = match b.byte() % 4 {
                0 => hostile_text(b),
                _ => b.pick(strings).cloned().unwrap_or_default(),
            };
        }
        Value::Bool(v) => *v = !*v,
        Value::Array(items) if !items.is_empty() => {
            let i = b.below(items.len());
            match b.byte() % 5 {
                0 => {
                    items.remove(i);
                }
                1 => {
                    let copy = items[i].clone();
                    items.insert(i, copy);
                }
                2 => {
                    let j = b.below(items.len());
                    items.swap(i, j);
                }
                3 => items.clear(),
                _ => {
                    // Many copies: counts near the limits.
                    let copy = items[i].clone();
                    let times = usize::from(b.byte()) * 4;
                    items.extend(std::iter::repeat_n(copy, times));
                }
            }
        }
        Value::Object(map) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let k = b.below(keys.len());
            let j = b.below(keys.len());
            match b.byte() % 3 {
                0 => {
                    map.remove(&keys[k]);
                }
                1 => {
                    // Copy one field's value into another (ids into references and back).
                    if let Some(v) = map.get(&keys[j]).cloned() {
                        map.insert(keys[k].clone(), v);
                    }
                }
                _ => {
                    map.insert(keys[k].clone(), Value::Null);
                }
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Scripts and saves

/// Raw bytes as a script file: parse it, then run it on the shipped exercise it names (or
/// the first one) to the end, as `crossings run --script` does.
pub fn script_bytes(data: &[u8]) {
    let Ok(script) = Script::parse("fuzz-script.ron", data) else {
        return;
    };
    let shipped = shipped_compiled();
    let named = script
        .exercise
        .as_deref()
        .and_then(|id| shipped.iter().find(|c| c.exercise.id == id));
    let Some(compiled) = named.or(shipped.first()) else {
        return;
    };
    let controllers = run::controllers_for(compiled, &[], Some(&script));
    if let Ok((session, _)) = run::run(
        compiled.clone(),
        data.len() as u64,
        controllers,
        Some(&script),
        Output::Transcript,
    ) {
        check_session(&session);
    }
}

/// Raw bytes as a save file: parse it; what parses must write back to the same save;
/// what names a loadable exercise is replayed and reported in every format.
pub fn save_bytes(data: &[u8]) {
    let Ok(save) = SaveFile::parse("fuzz.save.ron", data) else {
        return;
    };
    let text = save.to_text();
    match SaveFile::parse("fuzz.save.ron", text.as_bytes()) {
        Ok(again) => assert!(again == save, "a save does not read back as written"),
        Err(e) => panic!("a save written by Crossings does not read back: {e}\n{text}"),
    }
    let Ok(loaded) = save.exercise("fuzz.save.ron") else {
        return;
    };
    let resumed = replay(&save, loaded);
    check_session(&resumed.session);
    for format in [
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Csv,
    ] {
        let _ = render_report(&resumed, format);
    }
}

// ---------------------------------------------------------------------------------------
// The engine

/// The shipped exercises compiled, once per process.
pub fn shipped_compiled() -> &'static [Arc<Compiled>] {
    static ALL: OnceLock<Vec<Arc<Compiled>>> = OnceLock::new();
    ALL.get_or_init(|| {
        SHIPPED
            .iter()
            .filter_map(|(file, source)| {
                load_source(&format!("exercises/{file}"), source, true).ok()
            })
            .map(|loaded| loaded.compiled)
            .collect()
    })
}

/// A session over a shipped exercise driven by an arbitrary stream of actions — decisions,
/// offers, answers and every facilitator action, with ids mostly valid and sometimes not.
/// Refused actions must leave the session as it was; accepted ones must keep the
/// invariants; replaying the log, and saving then resuming, must give the same state.
pub fn actions(data: &[u8]) {
    let mut b = Bytes::new(data);
    let shipped = shipped_compiled();
    let Some(compiled) = b.pick(shipped) else {
        return;
    };
    let seed = b.u64();
    let controllers: Vec<Controller> = (0..compiled.role_count)
        .map(|_| match b.byte() % 6 {
            k @ 0..4 => Controller::Persona(Persona::ALL[usize::from(k)]),
            _ => Controller::Human,
        })
        .collect();
    let mut session = Session::new(compiled.clone(), seed, controllers.clone());
    check_session(&session);
    let mut steps = 0;
    while !b.is_empty() && steps < 400 {
        steps += 1;
        if b.one_in(8) {
            // What a persona proposes is always allowed.
            if let Some(action) = session.next_persona_action()
                && let Err(e) = session.apply(action.clone())
            {
                panic!("a persona's own action was refused: {action:?}: {e}");
            }
        } else {
            let action = arbitrary_action(&mut b, &session);
            let before = Snapshot::of(&session);
            if session.apply(action.clone()).is_err() {
                assert!(
                    Snapshot::of(&session) == before,
                    "a refused action changed the session: {action:?}"
                );
            }
        }
        check_session(&session);
    }

    // Replaying the effective actions from the seed gives the same state.
    let mut again = Session::new(compiled.clone(), seed, controllers);
    for action in session.effective_actions().to_vec() {
        if let Err(e) = again.apply(action.clone()) {
            panic!("an effective action does not replay: {action:?}: {e}");
        }
    }
    assert_same_state(&again.state, &session.state);

    // The debrief's what-if: one decision changed and the session replayed. Replaying
    // once per turn is slow, so one input in three asks for it.
    if data.first().is_some_and(|b| b.is_multiple_of(3)) {
        let role = b.below(compiled.role_count) as u32;
        let decisions = crate::session::what_if::changeable(&session, role);
        if let Some(change) = b.pick(&decisions)
            && let Some(&option) = b.pick(&change.open)
            && let Ok(alternative) =
                crate::session::what_if::what_if(&session, change.turn, role, option)
        {
            check_session(&alternative.alternative);
            let _ = alternative.paths_part_at();
        }
    }

    // Saving and resuming gives the same state and log. Hashing the exercise's structure
    // costs more than the rest of this harness, so one input in four checks it.
    if data.last().is_none_or(|b| !b.is_multiple_of(4)) {
        return;
    }
    let loaded = Loaded {
        compiled: compiled.clone(),
        origin: "fuzz".into(),
        source: String::new(),
        shipped: true,
        sidecar: None,
    };
    let file = SaveFile::from_session(&session, &loaded, Meta::default());
    let text = file.to_text();
    let read = match SaveFile::parse("fuzz.save.ron", text.as_bytes()) {
        Ok(read) => read,
        Err(e) => panic!("a save of this session does not read back: {e}"),
    };
    let resumed = replay(&read, loaded);
    assert!(
        resumed.stopped_at.is_none(),
        "resuming stopped early: {:?}",
        resumed.stopped_at
    );
    assert_same_state(&resumed.session.state, &session.state);
    // Texts in a save are sanitised when read, so the resumed log is the log as read.
    assert_eq!(read.log.len(), session.log.len(), "the save lost actions");
    assert!(
        resumed.session.log == read.log,
        "the resumed log differs from the save's"
    );
    for format in [
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Csv,
    ] {
        let _ = render_report(&resumed, format);
    }
}

/// One action decoded from the bytes, usually one that makes sense now.
fn arbitrary_action(b: &mut Bytes, session: &Session) -> Action {
    let c = &session.compiled;
    let ex = &c.exercise;
    let s = &session.state;
    // Ids: usually from the exercise, sometimes not.
    let role = |b: &mut Bytes| -> String {
        if b.one_in(16) {
            hostile_text(b)
        } else {
            b.pick(&ex.roles).map(|r| r.id.clone()).unwrap_or_default()
        }
    };
    let agreement = |b: &mut Bytes| -> String {
        if b.one_in(16) {
            hostile_text(b)
        } else {
            b.pick(&ex.agreements)
                .map(|a| a.id.clone())
                .unwrap_or_default()
        }
    };
    let persona = |b: &mut Bytes| -> Option<String> {
        (b.one_in(4)).then(|| Persona::ALL[b.below(4)].name().to_string())
    };
    match b.byte() % 20 {
        0..=5 => {
            // A decision: for a role awaited now, an option of its decision.
            let awaiting = roles_awaiting(c, s);
            let r = match b.pick(&awaiting) {
                Some(&r) if !b.one_in(8) => r,
                _ => b.below(c.role_count) as u32,
            };
            let option = match c.decision_for(s.stage, r) {
                Some(d) if !b.one_in(8) => {
                    let span = c.decisions[d as usize].options.clone();
                    let options: Vec<u32> = span.collect();
                    b.pick(&options)
                        .map(|&o| c.option_model(o).id.to_string())
                        .unwrap_or_default()
                }
                _ => {
                    let all: Vec<&str> = ex
                        .stages
                        .iter()
                        .flat_map(|st| &st.decisions)
                        .flat_map(|d| &d.options)
                        .map(|o| o.id.as_str())
                        .collect();
                    b.pick(&all).map(|o| o.to_string()).unwrap_or_default()
                }
            };
            Action::Decide {
                role: ex
                    .roles
                    .get(r as usize)
                    .map(|x| x.id.clone())
                    .unwrap_or_default(),
                option,
                reason: (b.one_in(2)).then(|| hostile_text(b)),
                persona: persona(b),
            }
        }
        6..=7 => Action::Offer {
            from: role(b),
            to: role(b),
            agreement: agreement(b),
            persona: persona(b),
        },
        8..=9 => {
            // An answer: usually to an open offer.
            let open: Vec<(u32, u32)> = s
                .offers
                .iter()
                .filter(|o| o.answer.is_none())
                .map(|o| (o.to, o.agreement))
                .collect();
            let (role_id, agreement_id) = match b.pick(&open) {
                Some(&(to, a)) if !b.one_in(8) => (
                    ex.roles[to as usize].id.clone(),
                    ex.agreements[a as usize].id.clone(),
                ),
                _ => (role(b), agreement(b)),
            };
            Action::Answer {
                role: role_id,
                agreement: agreement_id,
                accept: b.one_in(2),
                reason: (b.one_in(2)).then(|| hostile_text(b)),
                persona: persona(b),
            }
        }
        10 => Action::Continue,
        11 => Action::Inject {
            id: (!b.one_in(3)).then(|| {
                b.pick(&ex.injects)
                    .map(|i| i.id.to_string())
                    .unwrap_or_else(|| hostile_text(b))
            }),
            text: (b.one_in(2)).then(|| hostile_text(b)),
        },
        12 => {
            let indicator = b.pick(&ex.indicators);
            Action::Adjust {
                indicator: indicator.map(|i| i.id.clone()).unwrap_or_default(),
                role: (b.one_in(2)).then(|| role(b)),
                by: b.interesting_i32(),
                reason: hostile_text(b),
            }
        }
        13 => Action::Note {
            text: hostile_text(b),
        },
        14 => match b.byte() % 3 {
            0 => Action::Pause,
            1 => Action::Resume,
            _ => Action::ShowTags,
        },
        15 => Action::Undo,
        16 => Action::Rewind {
            turn: match b.byte() % 4 {
                0 => b.interesting_u32(),
                _ => 1 + b.below(s.turn.max(1) as usize) as u32,
            },
        },
        17 => Action::SkipTo {
            stage: match b.pick(&ex.stages) {
                Some(st) if !b.one_in(8) => st.id.to_string(),
                _ => hostile_text(b),
            },
        },
        18 => match b.byte() % 3 {
            0 => Action::Conclude,
            1 => Action::Rate {
                objective: b
                    .pick(&ex.objectives)
                    .map(|o| o.id.clone())
                    .unwrap_or_else(|| hostile_text(b)),
                rating: [Rating::P, Rating::S, Rating::M, Rating::U][b.below(4)],
                comment: (b.one_in(2)).then(|| hostile_text(b)),
            },
            _ => Action::Scores {
                role: role(b),
                pre: (b.one_in(2)).then(|| b.interesting_u32()),
                post: (b.one_in(2)).then(|| b.interesting_u32()),
            },
        },
        _ => Action::Conclude,
    }
}

/// What a refused action must leave untouched.
#[derive(PartialEq)]
struct Snapshot {
    log: usize,
    effective: usize,
    turn: u32,
    stage: u32,
    phase: Phase,
    values: Vec<i32>,
    choices: Vec<Option<u32>>,
    offers: usize,
    rng: crate::engine::dice::Dice,
}

impl Snapshot {
    fn of(session: &Session) -> Snapshot {
        let s = &session.state;
        Snapshot {
            log: session.log.len(),
            effective: session.effective_actions().len(),
            turn: s.turn,
            stage: s.stage,
            phase: s.phase,
            values: s.values().to_vec(),
            choices: s.choices.clone(),
            offers: s.offers.len(),
            rng: s.rng.clone(),
        }
    }
}

/// The invariants of a session after any action.
pub fn check_session(session: &Session) {
    let c = &session.compiled;
    let s = &session.state;
    for (slot, info) in c.slots.iter().enumerate() {
        let v = s.cells[slot];
        assert!(
            (info.min..=info.max).contains(&v),
            "{} = {v}, outside its range {}..{}",
            c.slot_label(slot as u32),
            info.min,
            info.max
        );
    }
    // After the slots: one cell per flag, set or clear, then the cell that stays 0.
    assert_eq!(s.cells.len(), c.cell_count(), "cells");
    for flag in 0..c.flag_names.len() as u32 {
        let v = s.cells[c.flag_cell(flag) as usize];
        assert!(
            v == 0 || v == 1,
            "flag {} = {v}",
            c.flag_names[flag as usize]
        );
    }
    assert_eq!(s.cells[c.zero_cell() as usize], 0, "the cell that stays 0");
    // Each effective action moves the session on by at most one turn.
    let cap = 1 + session.effective_actions().len() as u64;
    assert!(
        u64::from(s.turn) <= cap,
        "turn {} after {} actions",
        s.turn,
        cap - 1
    );
    assert!(s.turn >= 1, "a session starts at turn 1");
    assert_eq!(
        session.turns.last().map(|t| t.turn),
        Some(s.turn),
        "the turn records end at the current turn"
    );
    assert!(session.log.len() >= session.effective_actions().len());
    assert!(session.log.len() <= crate::limits::MAX_LOGGED_ACTIONS);
    if s.is_ended() {
        return;
    }
    if s.phase == Phase::Answering {
        assert!(
            s.offers.iter().any(|o| o.answer.is_none()),
            "answering with no open offer"
        );
    }
    for role in roles_awaiting(c, s) {
        let enabled = c.decision_for(s.stage, role).is_some_and(|d| {
            c.decisions[d as usize]
                .options
                .clone()
                .any(|o| option_enabled(c, s, o))
        });
        assert!(
            enabled,
            "role {role} must decide at turn {} but has no open option",
            s.turn
        );
    }
}

/// Two states built from the same seed and actions are the same in every field.
pub fn assert_same_state(a: &State, b: &State) {
    assert_eq!(a.turn, b.turn, "turn");
    assert_eq!(a.stage, b.stage, "stage");
    assert_eq!(a.phase, b.phase, "phase");
    assert_eq!(a.ending, b.ending, "ending");
    assert_eq!(a.values(), b.values(), "values");
    assert_eq!(a.revealed, b.revealed, "revealed");
    assert_eq!(a.cells, b.cells, "cells (indicators, then flags)");
    assert_eq!(a.visits, b.visits, "visits");
    assert_eq!(a.chosen_keys, b.chosen_keys, "chosen_keys");
    assert_eq!(a.choices, b.choices, "choices");
    assert_eq!(a.pending, b.pending, "pending");
    assert_eq!(a.offers, b.offers, "offers");
    assert_eq!(a.in_force, b.in_force, "in_force");
    assert_eq!(a.offer_history, b.offer_history, "offer_history");
    assert_eq!(a.inject_last, b.inject_last, "inject_last");
    assert_eq!(a.raised, b.raised, "raised");
    assert_eq!(a.paused, b.paused, "paused");
    assert!(a.rng == b.rng, "the random generators differ");
}
