//! The engine's rules, one test each, through the library: clamping, delayed effects,
//! spillover, hidden values, transition order, sequential turns, chance, agreements, undo
//! and rewind; a transcript snapshot (the determinism contract); and property tests of the
//! invariants: values stay in range, a live state always offers a way on, and replaying
//! the effective log rebuilds the same state.

use super::check::repo_path;
use crossings::engine::step::{option_enabled, roles_awaiting};
use crossings::engine::{
    Action, ActionError, Compiled, Event, InjectCause, NoEvents, Phase, State, begin, resolve, step,
};
use crossings::exercises::{SHIPPED, load_source};
use crossings::fuzzing::assert_same_state;
use crossings::session::script::Script;
use crossings::session::{Controller, Session};
use crossings::sim::run::{self, Output};
use proptest::prelude::*;
use std::sync::{Arc, OnceLock};

// ---------------------------------------------------------------------------------------
// Helpers

fn compile_source(source: &str) -> Arc<Compiled> {
    match load_source("test.ron", source, false) {
        Ok(loaded) => loaded.compiled,
        Err(e) => panic!("the test exercise does not load:\n{e}\n\n{source}"),
    }
}

fn fixture(name: &str) -> Arc<Compiled> {
    let path = format!("tests/fixtures/valid/{name}");
    let source = std::fs::read_to_string(repo_path(&path)).expect("fixture");
    match load_source(&path, &source, false) {
        Ok(loaded) => loaded.compiled,
        Err(e) => panic!("{e}"),
    }
}

/// A two-role exercise (origin, transit) ending in `end`, around the given parts.
fn exercise(indicators: &str, stages: &str, rest: &str) -> String {
    format!(
        r#"Exercise(
    id: "t", title: "T", context: "C", summary: "S",
    setting: Setting(intro: ["I"]),
    roles: [
        Role(id: "origin", kind: Origin, name: "Alda", public_brief: [], private_brief: []),
        Role(id: "transit", kind: Transit, name: "Brinn", public_brief: [], private_brief: []),
    ],
    indicators: [{indicators}],
    start: "s1",
    stages: [{stages}],
    endings: [Ending(id: "end", title: "End", narrative: [])],
    debrief: Debrief(questions: GuidingQuestions(objectives: "", tools: "", cooperation: "", communication: "")),
    {rest}
)"#
    )
}

/// A stage in which origin decides between `a` (with `effects_a`) and `b` (nothing),
/// then moves on to `next`.
fn stage(id: &str, next: &str, effects_a: &str) -> String {
    format!(
        r#"Stage(id: "{id}", title: "Stage {id}", situation: [], decisions: [
            Decision(id: "{id}-d", role: "origin", prompt: "?", options: [
                DecisionOption(id: "a", label: "A", effects: [{effects_a}]),
                DecisionOption(id: "b", label: "B"),
            ]),
        ], transitions: [Transition(to: "{next}")]),"#
    )
}

/// `count` such stages `s1`..`sN` in a row, then `end`.
fn chain(count: usize, effects_a: &str) -> String {
    (1..=count)
        .map(|i| {
            let next = if i == count {
                "end".to_string()
            } else {
                format!("s{}", i + 1)
            };
            stage(&format!("s{i}"), &next, effects_a)
        })
        .collect()
}

fn all_human(c: &Compiled) -> Vec<Controller> {
    vec![Controller::Human; c.role_count]
}

fn session(c: &Arc<Compiled>, seed: u64) -> Session {
    Session::new(c.clone(), seed, all_human(c))
}

fn decide(role: &str, option: &str) -> Action {
    Action::Decide {
        role: role.into(),
        option: option.into(),
        reason: None,
        persona: None,
    }
}

fn apply(s: &mut Session, action: Action) -> Vec<Event> {
    let text = format!("{action:?}");
    s.apply(action)
        .unwrap_or_else(|e| panic!("{text} refused at turn {}: {e}", s.state.turn))
}

/// The value of an indicator (for a role, if per role).
fn value(s: &Session, indicator: &str, role: Option<&str>) -> i32 {
    s.state.cells[slot(&s.compiled, indicator, role) as usize]
}

fn slot(c: &Compiled, indicator: &str, role: Option<&str>) -> u32 {
    let i = c.indicator_index(indicator).expect("indicator");
    c.slot_of(i, role.map(|r| c.role_index(r).expect("role")))
}

/// Injects that fired by chance, per turn, in the current branch.
fn chance_fired(s: &Session) -> Vec<u32> {
    s.turns
        .iter()
        .filter(|t| {
            t.events.iter().any(|e| {
                matches!(
                    e,
                    Event::InjectFired {
                        cause: InjectCause::Chance,
                        ..
                    }
                )
            })
        })
        .map(|t| t.turn)
        .collect()
}

/// Choose `b` (no effect) in every turn until the end.
fn play_out(s: &mut Session) {
    while !s.state.is_ended() {
        apply(s, decide("origin", "b"));
    }
}

// ---------------------------------------------------------------------------------------
// Rules

#[test]
fn values_clamp_to_the_indicator_range() {
    let c = compile_source(&exercise(
        r#"Indicator(id: "x", label: "X", ledger: Control, min: 0, max: 10, start: 5),"#,
        &[
            stage("s1", "s2", r#"Add(id: "x", by: 100)"#),
            stage("s2", "s3", r#"Add(id: "x", by: -100)"#),
            stage("s3", "end", r#"AddRandom(id: "x", min: 50, max: 60)"#),
        ]
        .concat(),
        "",
    ));
    let x = slot(&c, "x", None);
    let mut s = session(&c, 1);
    apply(&mut s, decide("origin", "a"));
    assert_eq!(s.state.cells[x as usize], 10, "Add clamps at max");
    apply(&mut s, decide("origin", "a"));
    assert_eq!(s.state.cells[x as usize], 0, "Add clamps at min");
    apply(
        &mut s,
        Action::Adjust {
            indicator: "x".into(),
            role: None,
            by: i32::MIN,
            reason: "test".into(),
        },
    );
    assert_eq!(
        s.state.cells[x as usize], 0,
        "Adjust clamps, without overflow"
    );
    apply(
        &mut s,
        Action::Adjust {
            indicator: "x".into(),
            role: None,
            by: i32::MAX,
            reason: "test".into(),
        },
    );
    assert_eq!(s.state.cells[x as usize], 10);
    apply(&mut s, decide("origin", "a"));
    assert!(s.state.is_ended());
    assert_eq!(s.state.cells[x as usize], 10, "AddRandom clamps too");
}

#[test]
fn delayed_effects_land_exactly_n_turns_later() {
    let c = compile_source(&exercise(
        r#"Indicator(id: "one", label: "One", ledger: Control, min: 0, max: 100, start: 0),
           Indicator(id: "two", label: "Two", ledger: Control, min: 0, max: 100, start: 0),"#,
        &chain(
            5,
            r#"After(turns: 1, label: "next turn", effects: [Add(id: "one", by: 1)]),
               After(turns: 2, effects: [Add(id: "two", by: 1)])"#,
        ),
        "",
    ));
    let mut s = session(&c, 1);
    // Turn 1: schedule both; nothing lands yet.
    apply(&mut s, decide("origin", "a"));
    assert_eq!(s.state.turn, 2);
    assert_eq!(
        (value(&s, "one", None), value(&s, "two", None)),
        (1, 0),
        "the one-turn effect lands at the start of turn 2, the two-turn one not yet"
    );
    // Turn 2: choose nothing new.
    apply(&mut s, decide("origin", "b"));
    assert_eq!(s.state.turn, 3);
    assert_eq!((value(&s, "one", None), value(&s, "two", None)), (1, 1));
    // They landed at the start of the right turns, as events of those turns.
    let landed: Vec<(u32, usize)> = s
        .turns
        .iter()
        .map(|t| {
            (
                t.turn,
                t.events
                    .iter()
                    .filter(|e| matches!(e, Event::DelayedLanded { .. }))
                    .count(),
            )
        })
        .collect();
    assert_eq!(landed, vec![(1, 0), (2, 1), (3, 1)]);
    assert!(s.state.pending.is_empty());
    // The label an author gave is what the turn shows while pending.
    let scheduled = s.turns[0]
        .events
        .iter()
        .find_map(|e| match e {
            Event::DelayedScheduled { effect, due } => Some((*effect, *due)),
            _ => None,
        })
        .expect("a scheduled event");
    assert_eq!(scheduled.1, 2);
    assert_eq!(c.delayed_label(scheduled.0), Some("next turn"));
    play_out(&mut s);
}

#[test]
fn spillover_reaches_another_roles_slot() {
    let c = compile_source(&exercise(
        r#"Indicator(id: "cost", label: "Cost", ledger: Resources, scope: PerRole, min: 0, max: 100, start: 0),"#,
        &chain(
            2,
            r#"Add(id: "cost", role: "transit", by: 7), Add(id: "cost", by: 2), Raise("bill")"#,
        ),
        r#"injects: [Inject(id: "bill", title: "Bill", text: "A bill.", role: "transit", trigger: Manual,
            effects: [Add(id: "cost", by: 1)])],"#,
    ));
    let mut s = session(&c, 1);
    apply(&mut s, decide("origin", "a"));
    // The option's own role pays 2; the named role 7, plus 1 from the raised inject
    // addressed to it, which fires at the start of the next turn.
    assert_eq!(value(&s, "cost", Some("origin")), 2);
    assert_eq!(value(&s, "cost", Some("transit")), 8);
    assert!(s.turns[1].events.iter().any(|e| matches!(
        e,
        Event::InjectFired {
            cause: InjectCause::Raised,
            ..
        }
    )));
}

#[test]
fn a_hidden_value_is_unknown_until_revealed() {
    let c = compile_source(&exercise(
        r#"Indicator(id: "unmet", label: "Needs unmet", ledger: Protection, min: 0, max: 100, start: 10, visibility: Hidden),"#,
        &format!(
            "{}{}",
            stage("s1", "s2", r#"Add(id: "unmet", by: 5)"#),
            r#"Stage(id: "s2", title: "Screening", situation: [], decisions: [
                Decision(id: "d2", role: "origin", prompt: "?", options: [
                    DecisionOption(id: "screen", label: "Screen", effects: [Reveal(id: "unmet")]),
                    DecisionOption(id: "b", label: "B"),
                ]),
            ], transitions: [Transition(to: "end")]),"#
        ),
        "",
    ));
    let unmet = slot(&c, "unmet", None);
    let mut s = session(&c, 1);
    assert_eq!(s.state.observed(&c, unmet), None);
    apply(&mut s, decide("origin", "a"));
    assert_eq!(s.state.cells[unmet as usize], 15, "the true value moves");
    assert_eq!(
        s.state.observed(&c, unmet),
        None,
        "players still do not see it"
    );
    let events = apply(&mut s, decide("origin", "screen"));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Revealed { slot, value: 15 } if *slot == unmet)),
        "the reveal reports the value at that moment"
    );
    assert_eq!(s.state.observed(&c, unmet), Some(15));
}

#[test]
fn the_first_matching_transition_wins_and_the_fallback_comes_last() {
    let c = compile_source(&exercise(
        "",
        r#"Stage(id: "s1", title: "One", situation: [], decisions: [
                Decision(id: "d1", role: "origin", prompt: "?", options: [
                    DecisionOption(id: "a", label: "A", effects: [SetFlag("f")]),
                    DecisionOption(id: "b", label: "B"),
                ]),
            ], transitions: [
                Transition(to: "x", when: Flag("f")),
                Transition(to: "y", when: Flag("f")),
                Transition(to: "z"),
            ]),
            Stage(id: "x", title: "X", situation: [], transitions: [Transition(to: "end")]),
            Stage(id: "y", title: "Y", situation: [], transitions: [Transition(to: "end")]),
            Stage(id: "z", title: "Z", situation: [], transitions: [Transition(to: "end")]),"#,
        "",
    ));
    let mut s = session(&c, 1);
    apply(&mut s, decide("origin", "a"));
    assert_eq!(s.state.stage, c.stage_index("x").expect("x"));
    let mut s = session(&c, 1);
    apply(&mut s, decide("origin", "b"));
    assert_eq!(s.state.stage, c.stage_index("z").expect("z"));
    // A stage without decisions waits for Continue, then moves on.
    assert!(roles_awaiting(&c, &s.state).is_empty());
    assert!(!s.state.is_ended());
    apply(&mut s, Action::Continue);
    assert!(s.state.is_ended());
}

#[test]
fn sequential_turns_refuse_decisions_out_of_order() {
    let stages = r#"Stage(id: "s1", title: "One", situation: [], decisions: [
            Decision(id: "d1", role: "origin", prompt: "?", options: [
                DecisionOption(id: "a", label: "A"), DecisionOption(id: "b", label: "B")]),
            Decision(id: "d2", role: "transit", prompt: "?", options: [
                DecisionOption(id: "a", label: "A"), DecisionOption(id: "b", label: "B")]),
        ], transitions: [Transition(to: "end")]),"#;
    let sequential = compile_source(&exercise("", stages, "turn_order: Sequential,"));
    let mut s = session(&sequential, 1);
    assert_eq!(
        resolve(&sequential, &s.state, &decide("transit", "a")),
        Err(ActionError::NotYourTurn("Alda".into()))
    );
    assert!(s.apply(decide("transit", "a")).is_err());
    assert!(s.log.is_empty(), "a refused action is not logged");
    apply(&mut s, decide("origin", "a"));
    apply(&mut s, decide("transit", "b"));
    assert!(s.state.is_ended());

    // Simultaneous turns take decisions in any order.
    let simultaneous = compile_source(&exercise("", stages, ""));
    let mut s = session(&simultaneous, 1);
    apply(&mut s, decide("transit", "a"));
    assert_eq!(
        s.apply(decide("transit", "b")),
        Err(ActionError::AlreadyDecided("Brinn".into()))
    );
    apply(&mut s, decide("origin", "a"));
    assert!(s.state.is_ended());
}

#[test]
fn a_random_inject_fires_about_as_often_as_its_percent() {
    let c = compile_source(&exercise(
        "",
        &chain(1, ""),
        r#"injects: [Inject(id: "storm", title: "Storm", text: "A storm.", trigger: Random(percent: 30))],"#,
    ));
    let runs = 2_000;
    let mut fired = 0;
    for seed in 0..runs {
        let mut state = State::new(&c, seed);
        begin(&c, &mut state, &mut NoEvents);
        let act = resolve(&c, &state, &decide("origin", "a")).expect("legal");
        let mut events = Vec::new();
        step(&c, &mut state, act, &mut events).expect("steps");
        let draws: Vec<&Event> = events
            .iter()
            .filter(|e| matches!(e, Event::ChanceDrawn { .. }))
            .collect();
        assert_eq!(draws.len(), 1, "one draw per eligible inject per turn");
        if let Event::ChanceDrawn {
            percent,
            roll,
            happened,
            ..
        } = draws[0]
        {
            assert_eq!(*percent, 30);
            assert_eq!(*happened, *roll < 30);
            fired += usize::from(*happened);
        }
    }
    // 30% of 2,000 is 600, with a standard deviation of about 20.
    assert!(
        (500..=700).contains(&fired),
        "fired {fired} times of {runs}"
    );
}

#[test]
fn once_and_cooldown_are_honoured() {
    let injects = |trigger: &str| {
        format!(
            r#"injects: [Inject(id: "storm", title: "Storm", text: "A storm.", trigger: {trigger})],"#
        )
    };
    let once = compile_source(&exercise(
        "",
        &chain(7, ""),
        &injects("Random(percent: 100, once: true)"),
    ));
    let mut s = session(&once, 3);
    play_out(&mut s);
    assert_eq!(chance_fired(&s), vec![1]);

    let cooldown = compile_source(&exercise(
        "",
        &chain(7, ""),
        &injects("Random(percent: 100, cooldown: 2)"),
    ));
    let mut s = session(&cooldown, 3);
    play_out(&mut s);
    assert_eq!(
        chance_fired(&s),
        vec![1, 4, 7],
        "two quiet turns after each"
    );

    let every_turn = compile_source(&exercise(
        "",
        &chain(3, ""),
        &injects("Random(percent: 100)"),
    ));
    let mut s = session(&every_turn, 3);
    play_out(&mut s);
    assert_eq!(chance_fired(&s), vec![1, 2, 3]);

    let staged = compile_source(&exercise(
        "",
        &chain(3, ""),
        &injects(r#"Random(percent: 100, stage: "s2")"#),
    ));
    let mut s = session(&staged, 3);
    play_out(&mut s);
    assert_eq!(chance_fired(&s), vec![2], "only while in its stage");
}

#[test]
fn an_agreement_takes_effect_on_both_sides_and_costs_when_broken() {
    let c = fixture("harbour.ron");
    let sharing = c.agreement_index("sharing").expect("sharing");
    let mut s = session(&c, 1);
    apply(
        &mut s,
        Action::Offer {
            from: "transit".into(),
            to: "destination".into(),
            agreement: "sharing".into(),
            persona: None,
        },
    );
    // Offering twice is refused.
    assert!(matches!(
        s.apply(Action::Offer {
            from: "transit".into(),
            to: "destination".into(),
            agreement: "sharing".into(),
            persona: None,
        }),
        Err(ActionError::AlreadyOffered { .. })
    ));
    apply(&mut s, decide("origin", "consular"));
    apply(&mut s, decide("transit", "rescue"));
    apply(&mut s, decide("destination", "screen"));
    assert_eq!(
        s.state.phase,
        Phase::Answering,
        "the offer waits for its answer"
    );
    assert_eq!(s.state.turn, 1);
    apply(
        &mut s,
        Action::Answer {
            role: "destination".into(),
            agreement: "sharing".into(),
            accept: true,
            reason: None,
            persona: None,
        },
    );
    assert_eq!(s.state.turn, 2);
    assert!(s.state.agreement_in_force(sharing));
    // Offerer: trust +10 (and +10 from Alda's consular staff). Receiver: cost +10 (and +5
    // from screening).
    assert_eq!(value(&s, "trust", Some("transit")), 70);
    assert_eq!(value(&s, "cost", Some("destination")), 15);
    assert_eq!(value(&s, "trust", Some("destination")), 50);

    // Corva refuses to share: the breach condition holds, the agreement ends, and the
    // offerer's trust falls by 30 on top of the option's 20.
    apply(&mut s, decide("destination", "refuse"));
    let events = apply(&mut s, decide("transit", "ask-funds"));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::AgreementBroken { agreement, .. } if *agreement == sharing
    )));
    assert!(!s.state.agreement_in_force(sharing));
    assert_eq!(value(&s, "trust", Some("transit")), 20);
    let strained = c.exercise.endings.iter().position(|e| e.id == "strained");
    assert_eq!(
        s.state.ending.map(|e| e as usize),
        strained,
        "with the agreement broken, Brinn carries the load alone"
    );
}

#[test]
fn a_declined_offer_changes_nothing() {
    let c = fixture("harbour.ron");
    let mut s = session(&c, 1);
    apply(
        &mut s,
        Action::Offer {
            from: "transit".into(),
            to: "destination".into(),
            agreement: "sharing".into(),
            persona: None,
        },
    );
    for (role, option) in [
        ("origin", "patrol"),
        ("transit", "rescue"),
        ("destination", "close-port"),
    ] {
        apply(&mut s, decide(role, option));
    }
    apply(
        &mut s,
        Action::Answer {
            role: "destination".into(),
            agreement: "sharing".into(),
            accept: false,
            reason: None,
            persona: None,
        },
    );
    assert!(s.state.in_force.is_empty());
    assert_eq!(
        value(&s, "trust", Some("transit")),
        35,
        "only close-port's -15"
    );
}

#[test]
fn concluding_early_picks_the_first_ending_whose_condition_holds() {
    let c = fixture("harbour.ron");
    let ending = |id: &str| c.exercise.endings.iter().position(|e| e.id == id);
    // No agreement in force: `shared` does not hold, so the first ending without `when`.
    let mut s = session(&c, 1);
    apply(&mut s, Action::Conclude);
    assert_eq!(s.state.ending.map(|e| e as usize), ending("strained"));
    assert_eq!(
        resolve(&c, &s.state, &decide("origin", "patrol")),
        Err(ActionError::Ended)
    );

    let mut s = session(&c, 1);
    apply(
        &mut s,
        Action::Offer {
            from: "transit".into(),
            to: "destination".into(),
            agreement: "sharing".into(),
            persona: None,
        },
    );
    for (role, option) in [
        ("origin", "patrol"),
        ("transit", "rescue"),
        ("destination", "screen"),
    ] {
        apply(&mut s, decide(role, option));
    }
    apply(
        &mut s,
        Action::Answer {
            role: "destination".into(),
            agreement: "sharing".into(),
            accept: true,
            reason: None,
            persona: None,
        },
    );
    apply(&mut s, Action::Conclude);
    assert_eq!(s.state.ending.map(|e| e as usize), ending("shared"));
}

#[test]
fn adjusting_a_per_role_indicator_needs_a_role() {
    // `cost` has one value per role. Without `role`, the adjustment must be refused;
    // changing the first role's value would put the facilitator's change on the wrong
    // delegation without a word.
    let c = fixture("harbour.ron");
    let s = session(&c, 1);
    let adjust = Action::Adjust {
        indicator: "cost".into(),
        role: None,
        by: 5,
        reason: "test".into(),
    };
    assert!(
        resolve(&c, &s.state, &adjust).is_err(),
        "an adjustment of a per-role indicator without a role was accepted"
    );
}

#[test]
fn undo_withdraws_the_last_decision() {
    let c = fixture("harbour.ron");
    let mut s = session(&c, 5);
    let before = s.state.clone();
    apply(&mut s, decide("origin", "patrol"));
    assert!(s.state.choices[0].is_some());
    let events = apply(&mut s, Action::Undo);
    assert_eq!(events, vec![Event::DecisionWithdrawn { role: 0 }]);
    assert_same_state(&s.state, &before);
    assert!(s.effective_actions().is_empty());
    assert_eq!(s.log.len(), 2, "the log keeps the withdrawn decision");
    assert_eq!(s.apply(Action::Undo), Err(ActionError::NothingToUndo));
}

#[test]
fn undoing_the_decision_that_resolved_a_turn_restores_that_turn_exactly() {
    let c = fixture("harbour.ron");
    for seed in 0..20 {
        let mut s = session(&c, seed);
        apply(&mut s, decide("origin", "patrol"));
        apply(&mut s, decide("transit", "monitor"));
        let before = s.state.clone();
        // The last decision resolves the turn: random draws, a delayed effect, a new stage.
        apply(&mut s, decide("destination", "close-port"));
        assert_eq!(s.state.turn, 2);
        assert!(
            s.state.rng != before.rng,
            "the turn drew from the generator"
        );
        apply(&mut s, Action::Undo);
        assert_same_state(&s.state, &before);
        assert_eq!(s.turns.len(), 1);
        // The same decision again gives the same turn 2 as before the undo.
        let mut again = session(&c, seed);
        for a in [
            decide("origin", "patrol"),
            decide("transit", "monitor"),
            decide("destination", "close-port"),
        ] {
            apply(&mut again, a);
        }
        apply(&mut s, decide("destination", "close-port"));
        assert_same_state(&s.state, &again.state);
    }
}

#[test]
fn rewinding_and_replaying_gives_the_identical_state() {
    let c = fixture("harbour.ron");
    let turn_one = [
        Action::Offer {
            from: "transit".into(),
            to: "destination".into(),
            agreement: "sharing".into(),
            persona: None,
        },
        decide("origin", "consular"),
        decide("transit", "rescue"),
        decide("destination", "screen"),
        Action::Answer {
            role: "destination".into(),
            agreement: "sharing".into(),
            accept: true,
            reason: None,
            persona: None,
        },
    ];
    let turn_two = [
        decide("destination", "relocate"),
        decide("transit", "go-alone"),
    ];
    for seed in [0, 1, 2, 99] {
        let mut s = session(&c, seed);
        for a in turn_one.iter().chain(&turn_two) {
            apply(&mut s, a.clone());
        }
        assert!(s.state.is_ended());
        let finished = s.state.clone();

        apply(&mut s, Action::Rewind { turn: 2 });
        assert_eq!(s.branch, 1);
        assert_eq!(s.state.turn, 2);
        assert!(!s.state.is_ended());
        for a in &turn_two {
            apply(&mut s, a.clone());
        }
        assert_same_state(&s.state, &finished);

        apply(&mut s, Action::Rewind { turn: 1 });
        assert_eq!(s.branch, 2);
        assert_eq!(s.state.turn, 1);
        for a in turn_one.iter().chain(&turn_two) {
            apply(&mut s, a.clone());
        }
        assert_same_state(&s.state, &finished);
        assert!(matches!(
            s.apply(Action::Rewind { turn: 3 }),
            Err(ActionError::NoSuchTurn { turn: 3, .. })
        ));
    }
}

#[test]
fn the_transcript_for_a_seed_and_a_script_is_fixed() {
    let c = fixture("harbour.ron");
    let path = "tests/fixtures/scripts/harbour.ron";
    let bytes = std::fs::read(repo_path(path)).expect("script");
    let script = Script::parse(path, &bytes).expect("the script parses");
    let controllers = run::controllers_for(&c, &[], Some(&script));
    let (_, text) = run::run(
        c.clone(),
        7,
        controllers.clone(),
        Some(&script),
        Output::Transcript,
    )
    .expect("the script plays");
    let (_, again) = run::run(c.clone(), 7, controllers, Some(&script), Output::Transcript)
        .expect("the script plays");
    assert_eq!(text, again);
    insta::assert_snapshot!("harbour_seed_7_transcript", text);
}

// ---------------------------------------------------------------------------------------
// Properties

/// Exercises the properties run on: the fixtures, and every shipped exercise that loads
/// (one that does not fails `every_shipped_exercise_is_embedded_and_passes_check`).
fn property_exercises() -> &'static [Arc<Compiled>] {
    static ALL: OnceLock<Vec<Arc<Compiled>>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all = vec![fixture("harbour.ron"), fixture("minimal.ron")];
        all.extend(SHIPPED.iter().filter_map(|(file, source)| {
            load_source(&format!("exercises/{file}"), source, true)
                .ok()
                .map(|loaded| loaded.compiled)
        }));
        all
    })
}

/// Every move that makes progress now: answers, offers, decisions, or Continue.
fn progress_moves(s: &Session) -> Vec<Action> {
    let c = &s.compiled;
    let st = &s.state;
    let ex = &c.exercise;
    let mut moves = Vec::new();
    if st.is_ended() {
        return moves;
    }
    for offer in st.offers.iter().filter(|o| o.answer.is_none()) {
        for accept in [true, false] {
            moves.push(Action::Answer {
                role: ex.roles[offer.to as usize].id.clone(),
                agreement: ex.agreements[offer.agreement as usize].id.clone(),
                accept,
                reason: None,
                persona: None,
            });
        }
    }
    if st.phase == Phase::Deciding {
        let mut awaiting = roles_awaiting(c, st);
        if c.sequential {
            awaiting.truncate(1);
        }
        for &role in &awaiting {
            for (a, template) in ex.agreements.iter().enumerate() {
                for to in 0..c.role_count as u32 {
                    if crossings::engine::step::can_offer(c, st, a as u32, role, to) {
                        moves.push(Action::Offer {
                            from: ex.roles[role as usize].id.clone(),
                            to: ex.roles[to as usize].id.clone(),
                            agreement: template.id.clone(),
                            persona: None,
                        });
                    }
                }
            }
            let decision = c.decision_for(st.stage, role).expect("a decision");
            for option in c.decisions[decision as usize].options.clone() {
                if option_enabled(c, st, option) {
                    moves.push(decide(
                        &ex.roles[role as usize].id,
                        &c.option_model(option).id,
                    ));
                }
            }
        }
        if awaiting.is_empty() && st.offers.iter().all(|o| o.answer.is_some()) {
            moves.push(Action::Continue);
        }
    }
    moves
}

/// The invariants that hold after every action.
fn check_invariants(s: &Session) {
    let c = &s.compiled;
    let st = &s.state;
    for (slot, info) in c.slots.iter().enumerate() {
        let v = st.cells[slot];
        assert!(
            (info.min..=info.max).contains(&v),
            "{} = {v}, outside {}..{}",
            c.slot_label(slot as u32),
            info.min,
            info.max
        );
    }
    if st.is_ended() {
        return;
    }
    for role in roles_awaiting(c, st) {
        let decision = c
            .decision_for(st.stage, role)
            .expect("an awaited role has a decision");
        let enabled = c.decisions[decision as usize]
            .options
            .clone()
            .filter(|&o| option_enabled(c, st, o))
            .count();
        assert!(
            enabled > 0,
            "{} has no enabled option in stage `{}` at turn {}",
            c.exercise.roles[role as usize].id,
            c.exercise.stages[st.stage as usize].id,
            st.turn
        );
    }
    if st.phase == Phase::Answering {
        assert!(st.offers.iter().any(|o| o.answer.is_none()));
    }
    assert!(
        !progress_moves(s).is_empty(),
        "a live state offers no way on at turn {}",
        st.turn
    );
}

/// Drive a session with `picks`: mostly progress moves, sometimes an undo or a rewind.
fn drive(s: &mut Session, picks: &[u16]) {
    for &pick in picks {
        if s.state.is_ended() && pick % 16 > 1 {
            break;
        }
        let has_move = s.effective_actions().iter().any(Action::is_player_move);
        let action = match pick % 16 {
            0 if has_move => Action::Undo,
            1 => Action::Rewind {
                turn: u32::from(pick / 16) % s.state.turn + 1,
            },
            _ => {
                let moves = progress_moves(s);
                if moves.is_empty() {
                    break;
                }
                moves[usize::from(pick / 16) % moves.len()].clone()
            }
        };
        apply(s, action);
        check_invariants(s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_play_keeps_the_invariants_and_replays_to_the_same_state(
        exercise in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        picks in prop::collection::vec(any::<u16>(), 0..80),
    ) {
        let all = property_exercises();
        let c = all[exercise.index(all.len())].clone();
        let mut s = session(&c, seed);
        check_invariants(&s);
        drive(&mut s, &picks);

        let mut replay = session(&c, seed);
        for action in s.effective_actions().to_vec() {
            apply(&mut replay, action);
        }
        assert_same_state(&replay.state, &s.state);
        prop_assert_eq!(replay.effective_actions(), s.effective_actions());
    }

    #[test]
    fn random_play_always_reaches_an_ending(
        exercise in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        picks in prop::collection::vec(any::<u16>(), 0..400),
    ) {
        let all = property_exercises();
        let c = all[exercise.index(all.len())].clone();
        let mut s = session(&c, seed);
        let mut picks = picks.into_iter().cycle();
        for _ in 0..2_000 {
            if s.state.is_ended() {
                break;
            }
            let moves = progress_moves(&s);
            prop_assert!(!moves.is_empty());
            let pick = usize::from(picks.next().unwrap_or(0));
            apply(&mut s, moves[pick % moves.len()].clone());
            check_invariants(&s);
        }
        prop_assert!(s.state.is_ended(), "no ending after 2,000 moves");
        prop_assert!(s.state.ending.is_some());
    }
}

#[test]
fn an_agreement_with_a_condition_can_be_offered_only_while_it_holds() {
    let source = std::fs::read_to_string(repo_path("tests/fixtures/valid/harbour.ron"))
        .expect("fixture")
        .replace(
            "offered_to: [\"destination\"],",
            "offered_to: [\"destination\"], when: Turn(is: AtLeast, value: 2),",
        );
    let loaded = crossings::exercises::load_source("harbour-when.ron", &source, false)
        .expect("the fixture with a condition loads");
    let c = loaded.compiled;
    let mut s = Session::new(c.clone(), 7, vec![Controller::Human; 3]);
    let offer = Action::Offer {
        from: "transit".into(),
        to: "destination".into(),
        agreement: "sharing".into(),
        persona: None,
    };
    assert!(
        s.apply(offer.clone()).is_err(),
        "offered on turn 1 although it is available from turn 2"
    );
    for (role, option) in [
        ("origin", "consular"),
        ("transit", "rescue"),
        ("destination", "screen"),
    ] {
        s.apply(decide(role, option)).expect("turn 1 decisions");
    }
    assert_eq!(s.state.turn, 2);
    s.apply(offer).expect("on turn 2 the offer is allowed");
}
