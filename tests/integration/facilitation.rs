//! Facilitated sessions in a room: projector and pass-the-keyboard turns, the facilitator
//! console and agenda, the time box, the debrief's ratings and hot wash, the solo "what
//! if", and the example script of a facilitated session.
//!
//! Screens are drawn from the harbour fixture at 80×24. The app's clock only moves when a
//! test calls `tick`, so every time on screen is the same on every run. The two
//! pseudo-terminal tests drive the real binary and watch every screen it draws for
//! private brief text.

use super::check::crossings;
use crossings::engine::{Action, Rating};
use crossings::exercises::{self, Loaded};
use crossings::session::what_if::{self, WhatIf};
use crossings::session::{Controller, Persona, Session};
use crossings::tui::Theme;
use crossings::tui::app::{App, Mode, Screen, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

const HARBOUR: &str = "tests/fixtures/valid/harbour.ron";
const EXAMPLE: &str = "docs/examples/facilitated-session.ron";
const SECRETS: [&str; 3] = ["ALDA-SECRET", "BRINN-SECRET", "CORVA-SECRET"];

fn harbour() -> Loaded {
    exercises::find(HARBOUR).expect("the harbour fixture loads")
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(app: &mut App, codes: &[KeyCode]) {
    for &code in codes {
        press(app, code);
    }
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

fn play(app: &App) -> &crossings::tui::app::Play {
    match app.screen() {
        Screen::Play(p) => p,
        _ => panic!("not in a session"),
    }
}

fn view(app: &App) -> View {
    play(app).view
}

fn kinds(app: &App) -> Vec<&'static str> {
    play(app)
        .session
        .log
        .iter()
        .map(|e| e.action.kind())
        .collect()
}

/// Move the app's clock on by `seconds` from where it stands.
fn wait(app: &mut App, seconds: u64) {
    let now = play(app).facilitation.now;
    app.tick(now + Duration::from_secs(seconds));
}

/// Harbour in setup (no roles on the command line), seed 7, the group style chosen by
/// pressing → `rights` times on the mode row (1: projector, 2: pass the keyboard).
fn room(rights: usize) -> App {
    let mut app = App::for_exercise(harbour(), Some(7), Vec::new(), Theme::colours(), 7);
    for _ in 0..rights {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Enter);
    app
}

/// A projector session at turn 1's situation.
fn projector_at_turn_one() -> App {
    let mut app = room(1);
    assert_eq!(play(&app).mode, Mode::Projector);
    press(&mut app, KeyCode::Enter);
    assert_eq!(view(&app), View::Situation);
    app
}

fn assert_no_secret(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} is on screen:\n{text}");
    }
}

#[test]
fn setup_offers_projector_first_for_a_room_with_a_plan_and_roster() {
    let mut app = App::for_exercise(harbour(), Some(7), Vec::new(), Theme::colours(), 7);
    press(&mut app, KeyCode::Right);
    // Rename Brinn's delegation and name its members and agency.
    keys(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
    press(&mut app, KeyCode::Char('e'));
    for _ in 0.."Brinn".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "Transit team");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Ana, Ben");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Coastguard");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(screen(&app));
    press(&mut app, KeyCode::Enter);
    let p = play(&app);
    assert_eq!(p.mode, Mode::Projector);
    assert!(
        p.session
            .controllers
            .iter()
            .all(|c| *c == Controller::Human)
    );
    assert_eq!(p.facilitation.plan.map(|plan| plan.minutes), Some(60));
    assert_eq!(p.label(1), "Transit team");
    // The roster goes in the save's metadata.
    let meta = p
        .save
        .meta
        .as_ref()
        .expect("setup writes the save's metadata");
    assert_eq!(meta.mode, Mode::Projector);
    assert_eq!(meta.plan_minutes, Some(60));
    assert_eq!(meta.roster[1].members, vec!["Ana", "Ben"]);
    assert_eq!(meta.roster[1].agency.as_deref(), Some("Coastguard"));
}

/// A turn's time box reads as minutes, never as a clock time ("tours de 12:00").
#[test]
fn the_setup_plan_gives_turns_in_minutes_in_every_language() {
    use crossings::i18n::{self, Lang};
    for (lang, plan) in [
        (Lang::En, "60 min · 2 turns of 18 min 30 s"),
        (Lang::Fr, "60 min · 2 tours de 18 min 30 s"),
        (Lang::Es, "60 min · 2 turnos de 18 min 30 s"),
    ] {
        let _scope = i18n::scoped(lang);
        let mut app = App::for_exercise(harbour(), Some(7), Vec::new(), Theme::colours(), 7);
        press(&mut app, KeyCode::Right);
        let text = screen(&app);
        assert!(text.contains(plan), "{lang}\n{text}");
        assert!(!text.contains("18:30"), "{lang}\n{text}");
    }
}

#[test]
fn projector_turn_keys_in_each_decision_and_its_reason() {
    let mut app = projector_at_turn_one();
    assert_no_secret(&screen(&app));
    press(&mut app, KeyCode::Enter);
    assert_eq!(view(&app), View::Decision);
    let text = screen(&app);
    assert!(text.contains("⏱ 18:30 left"), "the time box shows:\n{text}");
    insta::assert_snapshot!("projector_turn", text);
    // Choosing asks for the reason at once; Enter records both.
    keys(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    type_text(&mut app, "our citizens first");
    assert!(screen(&app).contains("Alda's reason: our citizens first"));
    press(&mut app, KeyCode::Enter);
    let after = screen(&app);
    assert!(after.contains("Keying in for Brinn"), "{after}");
    // Simultaneous: who has decided shows, never what.
    assert!(after.contains("Decided this turn: Alda"), "{after}");
    assert!(!after.contains("Send consular staff"), "{after}");
    assert_no_secret(&after);
    let log = &play(&app).session.log;
    assert!(matches!(
        &log[0].action,
        Action::Decide { role, option, reason: Some(r), persona: None }
            if role == "origin" && option == "consular" && r == "our citizens first"
    ));
}

#[test]
fn a_choice_abandoned_at_the_reason_prompt_records_nothing() {
    let mut app = projector_at_turn_one();
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    type_text(&mut app, "wrong row");
    press(&mut app, KeyCode::Esc);
    assert!(play(&app).session.log.is_empty());
    assert_eq!(view(&app), View::Decision);
}

#[test]
fn pass_the_keyboard_hands_off_between_delegations() {
    let mut app = room(2);
    assert_eq!(play(&app).mode, Mode::PassTheKeyboard);
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(view(&app), View::HandOff);
    let handoff = screen(&app);
    insta::assert_snapshot!("hand_off", handoff);
    assert_no_secret(&handoff);
    // Alda's private view: the brief on b, behind the hand-off.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('b'));
    let alda = screen(&app);
    assert!(alda.contains("ALDA-SECRET"), "{alda}");
    assert!(!alda.contains("BRINN-SECRET"), "{alda}");
    // b again, choose, give the reason: the next hand-off clears Alda's view.
    press(&mut app, KeyCode::Char('b'));
    keys(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    type_text(&mut app, "citizens");
    press(&mut app, KeyCode::Enter);
    assert_eq!(view(&app), View::HandOff);
    let between = screen(&app);
    assert!(
        between.contains("Brinn delegation — press Enter when ready"),
        "{between}"
    );
    assert_no_secret(&between);
    press(&mut app, KeyCode::Enter);
    let brinn = screen(&app);
    assert!(!brinn.contains("ALDA-SECRET"), "{brinn}");
    press(&mut app, KeyCode::Char('b'));
    let brief = screen(&app);
    assert!(
        brief.contains("BRINN-SECRET") && !brief.contains("ALDA-SECRET"),
        "{brief}"
    );
}

#[test]
fn in_a_sequential_exercise_later_delegations_see_earlier_choices() {
    let loaded = harbour();
    let mut compiled = (*loaded.compiled).clone();
    compiled.sequential = true;
    compiled.exercise.turn_order = crossings::scenario::model::TurnOrder::Sequential;
    let loaded = Loaded {
        compiled: std::sync::Arc::new(compiled),
        ..loaded
    };
    let mut app = App::for_exercise(loaded, Some(7), Vec::new(), Theme::colours(), 7);
    keys(&mut app, &[KeyCode::Right, KeyCode::Right, KeyCode::Enter]);
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Enter]);
    keys(&mut app, &[KeyCode::Down, KeyCode::Enter, KeyCode::Enter]);
    // The hand-off names who decided, never what.
    let handoff = screen(&app);
    assert!(!handoff.contains("Send consular staff"), "{handoff}");
    press(&mut app, KeyCode::Enter);
    let brinn = screen(&app);
    assert!(
        brinn.contains("Before you: Alda chose Send consular staff"),
        "{brinn}"
    );
}

#[test]
fn private_briefs_never_show_on_a_projector() {
    let mut app = projector_at_turn_one();
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('b'));
    let text = screen(&app);
    assert_no_secret(&text);
    assert!(text.contains("never shown on a projector"), "{text}");
}

#[test]
fn the_console_lists_every_facilitator_action() {
    let mut app = projector_at_turn_one();
    press(&mut app, KeyCode::Char('f'));
    let text = screen(&app);
    for line in [
        "Send an inject from the exercise",
        "Adjust an indicator, with a reason",
        "Add an observation note",
        "Pause the exercise",
        "Undo the last decision",
        "Rewind to an earlier turn",
        "Skip to a stage",
        "Show tags and frameworks now",
        "Conclude now",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    insta::assert_snapshot!("console", text);
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app).contains("Facilitator console"));
}

#[test]
fn console_actions_are_logged_as_actions() {
    let mut app = projector_at_turn_one();
    // Send the first inject of the exercise.
    keys(
        &mut app,
        &[KeyCode::Char('f'), KeyCode::Enter, KeyCode::Enter],
    );
    // A free-text inject.
    keys(
        &mut app,
        &[KeyCode::Char('f'), KeyCode::Down, KeyCode::Enter],
    );
    type_text(&mut app, "A journalist calls");
    press(&mut app, KeyCode::Enter);
    // Adjust public confidence (the fourth value) by -5, with a reason.
    keys(
        &mut app,
        &[
            KeyCode::Char('f'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
        ],
    );
    keys(
        &mut app,
        &[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Enter],
    );
    type_text(&mut app, "-5");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "A hostile phone-in");
    press(&mut app, KeyCode::Enter);
    // A note.
    keys(
        &mut app,
        &[
            KeyCode::Char('f'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
        ],
    );
    type_text(&mut app, "Brinn asked who pays");
    press(&mut app, KeyCode::Enter);
    assert_eq!(kinds(&app), ["inject", "inject", "adjust", "note"]);
    let log = &play(&app).session.log;
    assert!(matches!(
        &log[2].action,
        Action::Adjust { indicator, role: None, by: -5, reason } if indicator == "confidence" && reason == "A hostile phone-in"
    ));
    // The room sees the injects and the adjustment; the note stays the facilitator's.
    // (Draw first, as the run loop does, so scrolling knows where the end is.)
    let _ = screen(&app);
    press(&mut app, KeyCode::End);
    let text = screen(&app);
    assert!(text.contains("A journalist calls"), "{text}");
    assert!(text.contains("reason: A hostile phone-in"), "{text}");
    assert!(!text.contains("Brinn asked who pays"), "{text}");
}

#[test]
fn an_adjustment_needs_a_whole_number_and_a_reason() {
    let mut app = projector_at_turn_one();
    keys(
        &mut app,
        &[
            KeyCode::Char('f'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::Enter,
        ],
    );
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("is not a whole number"));
    type_text(&mut app, "10");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("State the reason"));
    assert!(play(&app).session.log.is_empty());
}

#[test]
fn undo_rewind_skip_and_conclude_from_the_console() {
    let mut app = projector_at_turn_one();
    press(&mut app, KeyCode::Enter);
    // Alda chooses patrols, mis-keyed; the console undoes it.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Keying in for Brinn"));
    keys(&mut app, &[KeyCode::Char('f')]);
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("Keying in for Alda"),
        "{}",
        screen(&app)
    );
    // Key in the whole turn: Alda consular, Brinn rescue, Corva screen.
    for code in [KeyCode::Down, KeyCode::Enter, KeyCode::Enter] {
        press(&mut app, code);
    }
    keys(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
        ],
    );
    assert_eq!(view(&app), View::Resolution { turn: 1 });
    press(&mut app, KeyCode::Enter);
    assert_eq!(play(&app).session.state.turn, 2);
    // Rewind to turn 1: a new branch; the abandoned one stays in the log.
    keys(&mut app, &[KeyCode::Char('f')]);
    for _ in 0..6 {
        press(&mut app, KeyCode::Down);
    }
    keys(&mut app, &[KeyCode::Enter, KeyCode::Up, KeyCode::Enter]);
    let p = play(&app);
    assert_eq!(p.session.state.turn, 1);
    assert_eq!(p.session.branch, 1);
    assert_eq!(view(&app), View::Situation);
    assert!(
        p.session
            .log
            .iter()
            .any(|e| e.branch == 0 && matches!(e.action, Action::Decide { .. }))
    );
    // Skip to the standoff: a new turn there.
    keys(&mut app, &[KeyCode::Char('f')]);
    for _ in 0..7 {
        press(&mut app, KeyCode::Down);
    }
    keys(&mut app, &[KeyCode::Enter, KeyCode::End, KeyCode::Enter]);
    assert_eq!(play(&app).session.state.turn, 2);
    assert!(screen(&app).contains("Day 2: a standoff at sea"));
    // Show tags, then conclude: straight to the debrief.
    keys(&mut app, &[KeyCode::Char('f')]);
    for _ in 0..8 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert!(play(&app).session.tags_shown());
    keys(
        &mut app,
        &[
            KeyCode::Char('f'),
            KeyCode::End,
            KeyCode::Enter,
            KeyCode::Enter,
        ],
    );
    assert_eq!(view(&app), View::Debrief);
    assert!(play(&app).session.state.is_ended());
    let k = kinds(&app);
    for kind in ["undo", "rewind", "skip", "show-tags", "conclude"] {
        assert!(k.contains(&kind), "{kind} missing from {k:?}");
    }
}

#[test]
fn the_agenda_shows_the_plan_and_what_to_say_next() {
    let mut app = room(1);
    // The briefing takes six minutes; then two minutes into turn 1.
    wait(&mut app, 360);
    press(&mut app, KeyCode::Enter);
    wait(&mut app, 120);
    press(&mut app, KeyCode::Char('a'));
    let text = screen(&app);
    assert!(text.contains("took 6:00"), "{text}");
    assert!(text.contains("2:00 so far"), "{text}");
    assert!(
        text.contains("Ask each delegation who is responsible"),
        "{text}"
    );
    insta::assert_snapshot!("agenda", text);
    // The cue is the facilitator's: not on the projected turn screen.
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app).contains("Ask each delegation who is responsible"));
}

#[test]
fn time_up_signals_and_waits_for_the_room() {
    let mut app = projector_at_turn_one();
    press(&mut app, KeyCode::Enter);
    let budget = u64::from(play(&app).facilitation.plan.expect("a plan").turn_seconds);
    wait(&mut app, budget + 5);
    let text = screen(&app);
    assert!(text.contains("Time is up for turn 1"), "{text}");
    assert!(text.contains("TIME UP +0:05"), "{text}");
    assert!(app.take_bell(), "the bell rings once");
    assert!(!app.take_bell());
    // Nothing was decided for anyone.
    assert!(play(&app).session.log.is_empty());
    assert_eq!(view(&app), View::Decision);
    // 30 seconds more: the banner goes.
    press(&mut app, KeyCode::Char('+'));
    assert!(!screen(&app).contains("Time is up"));
    // Pausing is logged and stops the clock.
    press(&mut app, KeyCode::Char('p'));
    wait(&mut app, 600);
    let paused = screen(&app);
    assert!(paused.contains("⏱ paused 0:25 left"), "{paused}");
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(kinds(&app), ["pause", "resume"]);
}

/// A projector session played to the debrief: Alda consular, Brinn rescue, Corva screen,
/// then turn 2 (Brinn asks for funds, Corva relocates).
fn projector_at_the_debrief() -> App {
    let mut app = projector_at_turn_one();
    press(&mut app, KeyCode::Enter);
    let turn_one: [(&[KeyCode], &str); 3] = [
        (&[KeyCode::Down], "our citizens first"),
        (&[], "the boat is in our region"),
        (&[], ""),
    ];
    for (moves, reason) in turn_one {
        keys(&mut app, moves);
        press(&mut app, KeyCode::Enter);
        type_text(&mut app, reason);
        press(&mut app, KeyCode::Enter);
    }
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    // Turn 2: Brinn decides before Corva (role order).
    for reason in ["we need help", "sharing is cheaper"] {
        press(&mut app, KeyCode::Enter);
        type_text(&mut app, reason);
        press(&mut app, KeyCode::Enter);
    }
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(view(&app), View::Debrief);
    app
}

#[test]
fn ratings_and_the_hot_wash_in_the_debrief() {
    let mut app = projector_at_the_debrief();
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(view(&app), View::Ratings);
    press(&mut app, KeyCode::Char('s'));
    type_text(&mut app, "place of safety agreed late");
    press(&mut app, KeyCode::Enter);
    let ratings = play(&app).session.ratings();
    assert_eq!(
        ratings,
        vec![(
            "obj-rescue".to_string(),
            Rating::S,
            Some("place of safety agreed late".to_string())
        )]
    );
    assert!(screen(&app).contains("[S]"));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(view(&app), View::HotWash);
    let first = screen(&app);
    assert!(
        first.contains("Which objectives did each state pursue?"),
        "{first}"
    );
    assert!(first.contains("reason: our citizens first"), "{first}");
    // (c) cooperation: the choices tagged cooperation, with their reasons.
    keys(&mut app, &[KeyCode::Right, KeyCode::Right]);
    let third = screen(&app);
    assert!(
        third.contains("How could responsibility be shared?"),
        "{third}"
    );
    assert!(third.contains("Relocate some survivors"), "{third}");
    assert!(third.contains("reason: sharing is cheaper"), "{third}");
    assert!(!third.contains("Coordinate the rescue"), "{third}");
    insta::assert_snapshot!("hot_wash", third);
}

/// Solo as Alda, seed 7, played to the debrief (consular staff, then the personas).
fn solo_at_the_debrief() -> App {
    let mut app = App::for_exercise(
        harbour(),
        Some(7),
        vec![
            ("origin".into(), Controller::Human),
            ("transit".into(), Controller::Persona(Persona::Balanced)),
            ("destination".into(), Controller::Persona(Persona::Balanced)),
        ],
        Theme::colours(),
        7,
    );
    keys(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
        ],
    );
    assert_eq!(view(&app), View::Debrief);
    app
}

#[test]
fn what_if_compares_both_sessions_side_by_side() {
    let mut app = solo_at_the_debrief();
    press(&mut app, KeyCode::Char('w'));
    assert_eq!(view(&app), View::WhatIf);
    assert!(screen(&app).contains("you chose: Send consular staff"));
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    let text = screen(&app);
    assert!(
        text.contains("As played") && text.contains("What if"),
        "{text}"
    );
    insta::assert_snapshot!("what_if", text);
}

#[test]
fn what_if_is_for_solo_rehearsal() {
    let mut app = projector_at_the_debrief();
    press(&mut app, KeyCode::Char('w'));
    assert_eq!(view(&app), View::Debrief);
    assert!(screen(&app).contains("What if is for solo rehearsal"));
}

// ---------------------------------------------------------------------------------------
// Sessions: undo, rewind and what-if replay are deterministic.

fn harbour_session(controllers: Vec<Controller>) -> Session {
    Session::new(harbour().compiled.clone(), 7, controllers)
}

fn decide(role: &str, option: &str) -> Action {
    Action::Decide {
        role: role.into(),
        option: option.into(),
        reason: None,
        persona: None,
    }
}

fn apply_all(session: &mut Session, actions: &[Action]) {
    for action in actions {
        session
            .apply(action.clone())
            .unwrap_or_else(|e| panic!("{action:?}: {e}"));
    }
}

#[test]
fn undo_leaves_the_session_as_if_the_decision_was_never_made() {
    let humans = vec![Controller::Human; 3];
    let mut undone = harbour_session(humans.clone());
    apply_all(
        &mut undone,
        &[
            decide("origin", "patrol"),
            decide("transit", "monitor"),
            Action::Undo,
            decide("transit", "rescue"),
            decide("destination", "screen"),
        ],
    );
    let mut straight = harbour_session(humans);
    apply_all(
        &mut straight,
        &[
            decide("origin", "patrol"),
            decide("transit", "rescue"),
            decide("destination", "screen"),
        ],
    );
    assert_eq!(undone.state.values(), straight.state.values());
    assert_eq!(undone.state.stage, straight.state.stage);
    assert_eq!(undone.effective_actions(), straight.effective_actions());
    // The undone decision stays in the log.
    assert!(
        undone
            .log
            .iter()
            .any(|e| e.action == decide("transit", "monitor"))
    );
}

#[test]
fn undo_keeps_the_notes_written_after_the_withdrawn_decision() {
    let note = |text: &str| Action::Note { text: text.into() };
    let mut session = harbour_session(vec![Controller::Human; 3]);
    apply_all(
        &mut session,
        &[
            note("before"),
            decide("origin", "patrol"),
            decide("transit", "monitor"),
            note("transit hesitated"),
            Action::Undo,
        ],
    );
    let notes: Vec<&Action> = session
        .turns
        .iter()
        .flat_map(|t| &t.actions)
        .filter(|a| matches!(a, Action::Note { .. }))
        .collect();
    assert_eq!(notes, [&note("before"), &note("transit hesitated")]);
    // The decision itself is withdrawn; the game is as if it was never made.
    assert_eq!(
        session
            .effective_actions()
            .iter()
            .filter(|a| a.is_player_move())
            .collect::<Vec<_>>(),
        [&decide("origin", "patrol")]
    );
    // Replaying the log gives the same again.
    let mut again = harbour_session(vec![Controller::Human; 3]);
    for entry in session.log.clone() {
        again.apply(entry.action).expect("the log replays");
    }
    assert_eq!(again.effective_actions(), session.effective_actions());
}

#[test]
fn rewind_branches_and_replays_identically() {
    let humans = vec![Controller::Human; 3];
    let turn_one = [
        decide("origin", "consular"),
        decide("transit", "monitor"),
        decide("destination", "close-port"),
    ];
    let mut session = harbour_session(humans.clone());
    apply_all(&mut session, &turn_one);
    let first_turn_events = session.turns[0].events.clone();
    let values_after = session.state.values().to_vec();
    apply_all(&mut session, &[Action::Rewind { turn: 1 }]);
    assert_eq!(session.branch, 1);
    assert_eq!(session.state.turn, 1);
    // The abandoned branch stays in the log, marked with its branch.
    assert_eq!(
        session.log.iter().filter(|e| e.branch == 0).count(),
        turn_one.len()
    );
    // The same decisions in the new branch draw the same chances: same events, same values.
    apply_all(&mut session, &turn_one);
    assert_eq!(session.turns[0].events, first_turn_events);
    assert_eq!(session.state.values(), values_after);
    // Replaying the whole log (rewind included) gives the same session again.
    let mut again = harbour_session(humans);
    for entry in session.log.clone() {
        again.apply(entry.action).expect("the log replays");
    }
    assert_eq!(again.state.values(), session.state.values());
    assert_eq!(again.log, session.log);
}

/// All three roles by people: Alda consular, Brinn rescue, Corva screen; then Corva
/// relocates with a reason and Brinn asks for funds.
fn played_by_people() -> Session {
    let mut session = harbour_session(vec![Controller::Human; 3]);
    apply_all(
        &mut session,
        &[
            decide("origin", "consular"),
            decide("transit", "rescue"),
            decide("destination", "screen"),
            Action::Decide {
                role: "destination".into(),
                option: "relocate".into(),
                reason: Some("sharing is cheaper".into()),
                persona: None,
            },
            decide("transit", "ask-funds"),
        ],
    );
    assert!(session.state.is_ended());
    session
}

fn option_index(result_session: &Session, id: &str) -> u32 {
    let c = &result_session.compiled;
    (0..c.options.len() as u32)
        .find(|&o| c.option_model(o).id == id)
        .expect("the option exists")
}

fn replay(session: &Session, turn: u32, role: u32, option: &str) -> WhatIf {
    what_if::what_if(session, turn, role, option_index(session, option)).expect("the replay runs")
}

#[test]
fn what_if_replays_deterministically_and_reuses_later_choices() {
    let session = played_by_people();
    // Alda patrols instead: the story takes the same path, so the people's later
    // choices are reused as they were made, reasons included.
    let a = replay(&session, 1, 0, "patrol");
    let b = replay(&session, 1, 0, "patrol");
    assert_eq!(a.alternative.log, b.alternative.log);
    assert_eq!(a.alternative.state.values(), b.alternative.state.values());
    assert_eq!(a.paths_part_at(), None);
    let turn_two = &a.alternative.turns[1].actions;
    assert!(turn_two.contains(&Action::Decide {
        role: "destination".into(),
        option: "relocate".into(),
        reason: Some("sharing is cheaper".into()),
        persona: None,
    }));
    // The played session is untouched.
    assert_eq!(a.played.log, session.log);
}

#[test]
fn what_if_falls_back_to_a_persona_where_the_decision_never_came_up() {
    let session = played_by_people();
    // Brinn waits instead: the boat drifts into a standoff nobody played, so the
    // balanced persona decides there for Brinn, marked as such.
    let result = replay(&session, 1, 1, "monitor");
    assert_eq!(result.paths_part_at(), Some(2));
    let c = &session.compiled;
    let (played, alternative) = result.stages_at(2);
    assert_eq!(
        played.map(|s| c.exercise.stages[s as usize].id.as_str()),
        Some("landing")
    );
    assert_eq!(
        alternative.map(|s| c.exercise.stages[s as usize].id.as_str()),
        Some("standoff")
    );
    assert!(result.alternative.turns[1].actions.iter().any(|a| matches!(
        a,
        Action::Decide { role, persona: Some(p), .. } if role == "transit" && p == "balanced"
    )));
    assert!(result.alternative.state.is_ended());
}

#[test]
fn what_if_refuses_a_turn_without_a_decision_of_that_role() {
    let session = played_by_people();
    let patrol = option_index(&session, "patrol");
    assert!(what_if::what_if(&session, 2, 0, patrol).is_err());
    assert!(what_if::what_if(&session, 9, 0, patrol).is_err());
}

// ---------------------------------------------------------------------------------------
// The example script of a facilitated session.

#[test]
fn the_example_script_reproduces_a_facilitated_session() {
    let args = ["run", "sea-rescue", "--seed", "1", "--script", EXAMPLE];
    let first = crossings(&args);
    assert_eq!(first.code, 0, "{}", first.all());
    let second = crossings(&args);
    assert_eq!(
        first.stdout, second.stdout,
        "the transcript is deterministic"
    );
    let text = &first.stdout;
    for line in [
        "Facilitator note:",
        "Facilitator undo: the last decision is withdrawn",
        "Facilitator pauses the exercise",
        "Facilitator resumes the exercise",
        "[sent by the facilitator]",
        "Facilitator adjustment — reason:",
        "Facilitator rewind to turn 2: a new branch starts (branch 1)",
        "Facilitator inject: A journalist asks",
        "Facilitator shows tags and frameworks early",
        "Facilitator concludes the exercise",
        "Facilitator rates objective",
        "reason: The ship is two hours away",
    ] {
        assert!(
            text.contains(line),
            "{line} is not in the transcript:\n{text}"
        );
    }
}

#[test]
fn a_truncated_example_script_is_located() {
    let source = std::fs::read_to_string(super::check::repo_path(EXAMPLE))
        .expect("the example script is readable");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("truncated.ron");
    std::fs::write(&path, &source[..source.len() / 2]).expect("a temporary file");
    let path = path.to_string_lossy().into_owned();
    let out = crossings(&["run", "sea-rescue", "--seed", "1", "--script", &path]);
    assert_eq!(out.code, 1, "{}", out.all());
    let located = out
        .stderr
        .lines()
        .any(|l| l.starts_with(&format!("{path}:")) && l.contains(": error: "));
    assert!(located, "{}", out.stderr);
}

#[test]
fn a_skip_in_a_script_starts_the_new_turn_in_the_transcript() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("skip.ron");
    std::fs::write(
        &path,
        r#"Script(exercise: "harbour", actions: [
            Decide(role: "origin", option: "consular"),
            SkipTo(stage: "standoff"),
            Decide(role: "transit", option: "hold"),
        ])"#,
    )
    .expect("a temporary file");
    let path = path.to_string_lossy().into_owned();
    let out = crossings(&["run", HARBOUR, "--seed", "7", "--script", &path]);
    assert_eq!(out.code, 0, "{}", out.all());
    let skip = out
        .stdout
        .find("Facilitator skips to: Day 2: a standoff at sea");
    let turn = out.stdout.find("── Turn 2 · Day 2: a standoff at sea ──");
    assert!(skip.is_some() && turn > skip, "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------
// The real binary in a pseudo-terminal: nothing private is ever drawn where it must not be.

mod tty {
    use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::sync::{Arc, Condvar, Mutex};
    use std::thread::JoinHandle;
    use std::time::{Duration, Instant};

    const DEADLINE: Duration = Duration::from_secs(20);
    pub const ENTER: &str = "\r";
    pub const DOWN: &str = "\x1b[B";
    pub const RIGHT: &str = "\x1b[C";

    /// The screen, and every text ever seen on it that the test forbade.
    struct Screen {
        state: Mutex<State>,
        changed: Condvar,
    }

    struct State {
        parser: vt100::Parser,
        ended: bool,
        forbidden: Vec<String>,
        /// (forbidden text, the screen it was on), the first time each appeared.
        seen: Vec<(String, String)>,
    }

    /// A running TUI; dropping it kills and reaps the child.
    pub struct Tui {
        child: Box<dyn Child + Send + Sync>,
        writer: Box<dyn Write + Send>,
        screen: Arc<Screen>,
        reader: Option<JoinHandle<()>>,
        _master: Box<dyn MasterPty + Send>,
        _home: tempfile::TempDir,
    }

    impl Tui {
        pub fn start(args: &[&str]) -> Tui {
            let pair = native_pty_system()
                .openpty(PtySize {
                    rows: 24,
                    cols: 80,
                    pixel_width: 0,
                    pixel_height: 0,
                })
                .expect("a pseudo-terminal");
            let home = tempfile::tempdir().expect("a temporary directory");
            let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_crossings"));
            cmd.args(args);
            cmd.cwd(env!("CARGO_MANIFEST_DIR"));
            cmd.env("TERM", "xterm-256color");
            cmd.env("LANG", "C.UTF-8");
            cmd.env("LC_ALL", "C");
            cmd.env_remove("NO_COLOR");
            cmd.env("CROSSINGS_HOME", home.path());
            let child = pair.slave.spawn_command(cmd).expect("the binary starts");
            drop(pair.slave);
            let mut reader = pair.master.try_clone_reader().expect("a reader");
            let writer = pair.master.take_writer().expect("a writer");
            let rows = std::num::NonZeroU16::new(24).expect("24 rows");
            let cols = std::num::NonZeroU16::new(80).expect("80 columns");
            let screen = Arc::new(Screen {
                state: Mutex::new(State {
                    parser: vt100::Parser::new(rows, cols, 0),
                    ended: false,
                    forbidden: Vec::new(),
                    seen: Vec::new(),
                }),
                changed: Condvar::new(),
            });
            let feed = screen.clone();
            let reader = std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    let n = reader.read(&mut buf).unwrap_or(0);
                    let mut state = feed
                        .state
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    if n == 0 {
                        state.ended = true;
                        feed.changed.notify_all();
                        return;
                    }
                    state.parser.process(&buf[..n]);
                    // Every state of the screen is checked, not only those a test waits for.
                    let contents = state.parser.screen().contents();
                    let found: Vec<String> = state
                        .forbidden
                        .iter()
                        .filter(|f| contents.contains(f.as_str()))
                        .cloned()
                        .collect();
                    for text in found {
                        if !state.seen.iter().any(|(t, _)| *t == text) {
                            state.seen.push((text, contents.clone()));
                        }
                    }
                    feed.changed.notify_all();
                }
            });
            Tui {
                child,
                writer,
                screen,
                reader: Some(reader),
                _master: pair.master,
                _home: home,
            }
        }

        /// From now on, watch every screen for these texts.
        pub fn forbid(&self, texts: &[&str]) {
            let mut state = self.screen.state.lock().expect("the screen lock");
            state.forbidden = texts.iter().map(|t| t.to_string()).collect();
            let contents = state.parser.screen().contents();
            for t in texts {
                if contents.contains(t) {
                    state.seen.push((t.to_string(), contents.clone()));
                }
            }
        }

        /// Forbidden texts seen since `forbid`, each with the screen it was on.
        pub fn seen(&self) -> Vec<(String, String)> {
            self.screen
                .state
                .lock()
                .expect("the screen lock")
                .seen
                .clone()
        }

        pub fn wait_for(&self, texts: &[&str]) -> String {
            let end = Instant::now() + DEADLINE;
            let mut state = self.screen.state.lock().expect("the screen lock");
            loop {
                let contents = state.parser.screen().contents();
                if texts.iter().all(|t| contents.contains(t)) {
                    return contents;
                }
                let now = Instant::now();
                assert!(
                    now < end && !state.ended,
                    "{texts:?} never all appeared; the screen was:\n{contents}"
                );
                state = self
                    .screen
                    .changed
                    .wait_timeout(state, end - now)
                    .expect("the screen lock")
                    .0;
            }
        }

        /// Send one key (or a run of text), then wait for what it should bring.
        pub fn key(&mut self, bytes: &str, expect: &[&str]) -> String {
            self.writer
                .write_all(bytes.as_bytes())
                .expect("the terminal takes keys");
            self.writer.flush().expect("the terminal takes keys");
            self.wait_for(expect)
        }

        /// Type text one character per write, waiting for each to show in `field`.
        pub fn type_text(&mut self, prefix: &str, text: &str) {
            for (i, _) in text.char_indices() {
                let end = i + text[i..].chars().next().map_or(1, char::len_utf8);
                let shown = format!("{prefix}{}", &text[..end]);
                self.key(&text[i..end], &[&shown]);
            }
        }
    }

    impl Drop for Tui {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
            if let Some(reader) = self.reader.take() {
                let _ = reader.join();
            }
        }
    }
}

#[test]
fn a_projector_turn_never_draws_a_private_brief() {
    use tty::{DOWN, ENTER, RIGHT, Tui};
    let mut tui = Tui::start(&["play", HARBOUR, "--seed", "7"]);
    tui.wait_for(&["Who plays — The Harbour Test", "‹ solo ›"]);
    tui.key(RIGHT, &["‹ projector ›"]);
    tui.forbid(&SECRETS);
    tui.key(
        ENTER,
        &["Briefing — The Harbour Test", "seed 7 · projector"],
    );
    tui.key(ENTER, &["Turn 1 · Day 1: a boat in distress", "To decide:"]);
    // The hint bar is drawn last: waiting for it means the whole frame is there.
    tui.key("a", &["Agenda —", "What to say next", "Esc close"]);
    // Each overlay is closed before the next key: the hint bar says so.
    tui.key("\x1b", &["Enter decide"]);
    tui.key(ENTER, &["Keying in for Alda"]);
    tui.key("b", &["never shown on a projector"]);
    tui.key(DOWN, &["› Send consular staff"]);
    tui.key(ENTER, &["Alda's reason:"]);
    tui.type_text("Alda's reason: ", "citizens");
    tui.key(ENTER, &["Keying in for Brinn"]);
    tui.key("f", &["Facilitator console", "Enter choose · Esc back"]);
    tui.key("\x1b", &["r reason"]);
    tui.key(ENTER, &["Brinn's reason:"]);
    tui.key(ENTER, &["Keying in for Corva"]);
    tui.key(ENTER, &["Corva's reason:"]);
    tui.key(ENTER, &["Turn 1 resolved", "reason: citizens"]);
    tui.key(ENTER, &["Turn 2 · Day 2"]);
    let seen = tui.seen();
    assert!(
        seen.is_empty(),
        "private brief text was drawn on the projector:\n{}",
        seen.iter()
            .map(|(t, s)| format!("{t} on:\n{s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn passing_the_keyboard_clears_one_delegations_private_view_before_the_next() {
    use tty::{DOWN, ENTER, RIGHT, Tui};
    let mut tui = Tui::start(&["play", HARBOUR, "--seed", "7"]);
    tui.wait_for(&["Who plays — The Harbour Test", "‹ solo ›"]);
    tui.key(RIGHT, &["‹ projector ›"]);
    tui.key(RIGHT, &["‹ pass the keyboard ›"]);
    tui.key(ENTER, &["Briefing — The Harbour Test"]);
    tui.key(ENTER, &["Turn 1 · Day 1: a boat in distress"]);
    tui.key(ENTER, &["Alda delegation — press Enter when ready"]);
    tui.key(ENTER, &["Alda delegation", "What does Alda do?"]);
    tui.key("b", &["ALDA-SECRET"]);
    tui.key("b", &["› Step up coastal patrols"]);
    tui.key(DOWN, &["› Send consular staff"]);
    tui.key(ENTER, &["Alda's reason:"]);
    // From here on, Alda's private text must never be drawn again.
    tui.forbid(&["ALDA-SECRET"]);
    let handoff = tui.key(ENTER, &["Brinn delegation — press Enter when ready"]);
    assert!(!handoff.contains("Send consular staff"), "{handoff}");
    tui.key(ENTER, &["Brinn delegation", "What does Brinn do?"]);
    tui.key("b", &["BRINN-SECRET"]);
    let seen = tui.seen();
    assert!(
        seen.is_empty(),
        "Alda's private text was drawn during Brinn's turn:\n{}",
        seen.iter()
            .map(|(t, s)| format!("{t} on:\n{s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
