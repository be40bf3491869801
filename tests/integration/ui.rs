//! Screen snapshots: the App driven by synthetic key events, drawn into a TestBackend.
//! Built from the harbour fixture (not shipped content). The .snap files are the spec of
//! what each screen shows at 80×24.

use crossings::exercises::{self, Loaded};
use crossings::session::{Controller, Persona};
use crossings::tui::Theme;
use crossings::tui::app::{App, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::style::{Color, Modifier};
use std::sync::Arc;

const HARBOUR: &str = "tests/fixtures/valid/harbour.ron";

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

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| app.render(frame))
        .expect("drawing never fails on a TestBackend");
    terminal
}

fn screen(app: &App) -> String {
    draw(app, 80, 24).backend().to_string()
}

fn view(app: &App) -> Option<View> {
    match app.screen() {
        crossings::tui::app::Screen::Play(p) => Some(p.view),
        _ => None,
    }
}

/// Solo as Alda, the others balanced, seed 7 (setup comes pre-filled by `--role`).
fn solo() -> App {
    App::for_exercise(
        harbour(),
        Some(7),
        vec![
            ("origin".into(), Controller::Human),
            ("transit".into(), Controller::Persona(Persona::Balanced)),
            ("destination".into(), Controller::Persona(Persona::Balanced)),
        ],
        Theme::colours(),
        7,
    )
}

/// Every role played by people at one keyboard, seed 7.
fn group() -> App {
    let roles = ["origin", "transit", "destination"].map(|r| (r.to_string(), Controller::Human));
    App::for_exercise(harbour(), Some(7), roles.to_vec(), Theme::colours(), 7)
}

/// Draw first, as the run loop does, so scrolling knows its limits.
fn drawn(app: &mut App, codes: &[KeyCode]) {
    for &code in codes {
        let _ = draw(app, 80, 24);
        press(app, code);
    }
}

#[test]
fn launcher() {
    let app = App::launcher(vec![harbour()], Theme::colours(), 7);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn launcher_without_exercises() {
    let app = App::launcher(Vec::new(), Theme::colours(), 7);
    let text = screen(&app);
    assert!(text.contains("No exercises are installed"), "{text}");
}

#[test]
fn setup_solo_from_the_launcher() {
    let mut app = App::launcher(vec![harbour()], Theme::colours(), 7);
    keys(
        &mut app,
        &[KeyCode::Enter, KeyCode::Down, KeyCode::Down, KeyCode::Right],
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn setup_group_with_an_edited_seed() {
    let mut app = App::for_exercise(harbour(), Some(7), Vec::new(), Theme::colours(), 7);
    keys(&mut app, &[KeyCode::Right, KeyCode::Backspace]);
    type_text(&mut app, "42");
    insta::assert_snapshot!(screen(&app));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.session().map(|s| s.seed), Some(42));
    assert!(
        app.session()
            .is_some_and(|s| s.controllers.iter().all(|c| *c == Controller::Human))
    );
}

#[test]
fn content_note_comes_before_the_briefing() {
    let loaded = harbour();
    let mut compiled = (*loaded.compiled).clone();
    compiled.exercise.content_note = Some("This exercise describes deaths at sea.".into());
    let loaded = Loaded {
        compiled: Arc::new(compiled),
        ..loaded
    };
    let roles = ["origin", "transit", "destination"].map(|r| (r.to_string(), Controller::Human));
    let mut app = App::for_exercise(loaded, Some(7), roles.to_vec(), Theme::colours(), 7);
    insta::assert_snapshot!(screen(&app));
    press(&mut app, KeyCode::Enter);
    assert_eq!(view(&app), Some(View::Briefing));
}

#[test]
fn briefing_solo_shows_only_the_players_private_brief() {
    let mut app = solo();
    let top = screen(&app);
    insta::assert_snapshot!("briefing_solo_top", top);
    drawn(&mut app, &[KeyCode::End]);
    let end = screen(&app);
    insta::assert_snapshot!("briefing_solo_end", end);
    let all = format!("{top}{}", {
        let mut app = solo();
        drawn(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
        screen(&app)
    });
    assert!(all.contains("ALDA-SECRET"));
    assert!(!all.contains("BRINN-SECRET") && !all.contains("CORVA-SECRET"));
}

#[test]
fn briefing_group_shows_no_private_brief() {
    let mut app = group();
    let mut seen = String::new();
    for _ in 0..8 {
        seen.push_str(&screen(&app));
        drawn(&mut app, &[KeyCode::PageDown]);
    }
    assert!(seen.contains("Objectives and obligations"), "{seen}");
    assert!(!seen.contains("SECRET"), "{seen}");
}

#[test]
fn turn_one_situation_and_dashboard() {
    let mut app = solo();
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn turn_one_situation_at_160_by_48() {
    let mut app = solo();
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(draw(&app, 160, 48).backend().to_string());
}

#[test]
fn decision_with_tags_shown_and_a_reason() {
    let mut app = solo();
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(view(&app), Some(View::Decision));
    let hidden = screen(&app);
    assert!(
        !hidden.contains("Tags:"),
        "tags are hidden while choosing:\n{hidden}"
    );
    keys(
        &mut app,
        &[KeyCode::Down, KeyCode::Char('t'), KeyCode::Char('r')],
    );
    type_text(&mut app, "our citizens first");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn decision_at_160_by_48() {
    let mut app = solo();
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    insta::assert_snapshot!(draw(&app, 160, 48).backend().to_string());
}

#[test]
fn resolution_of_turn_one() {
    let mut app = solo();
    keys(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Down,
            KeyCode::Char('r'),
        ],
    );
    type_text(&mut app, "our citizens first");
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(view(&app), Some(View::Resolution { turn: 1 }));
    let top = screen(&app);
    assert!(top.contains("reason: our citizens first"), "{top}");
    insta::assert_snapshot!("resolution_turn_one_top", top);
    drawn(&mut app, &[KeyCode::End]);
    insta::assert_snapshot!("resolution_turn_one_end", screen(&app));
}

#[test]
fn turn_two_with_no_decision_for_the_player() {
    let mut app = solo();
    keys(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::Enter,
        ],
    );
    assert_eq!(view(&app), Some(View::Situation));
    insta::assert_snapshot!("situation_turn_two", screen(&app));
    press(&mut app, KeyCode::Enter);
    assert_eq!(view(&app), Some(View::Resolution { turn: 2 }));
    insta::assert_snapshot!("resolution_turn_two", screen(&app));
}

#[test]
fn group_play_passes_the_keyboard_and_answers_offers() {
    let mut app = group();
    // Briefing → situation → Alda decides (consular staff).
    keys(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Down,
            KeyCode::Enter,
        ],
    );
    let brinn = screen(&app);
    insta::assert_snapshot!("group_brinn_decides", brinn);
    // Brinn offers shared disembarkation to Corva (the third row), then rescues.
    keys(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    let after_offer = screen(&app);
    assert!(
        after_offer.contains("waiting for an answer"),
        "{after_offer}"
    );
    keys(&mut app, &[KeyCode::Up, KeyCode::Up, KeyCode::Enter]);
    let corva = screen(&app);
    insta::assert_snapshot!("group_corva_answers_and_decides", corva);
    // Corva accepts, then screens everyone: the turn resolves.
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(view(&app), Some(View::Resolution { turn: 1 }));
    let text = screen(&app);
    assert!(
        text.contains("Corva accepts \"Shared disembarkation\" from Brinn"),
        "{text}"
    );
}

/// Solo to the end: ending, then every debrief tab.
fn at_the_ending() -> App {
    let mut app = solo();
    keys(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Down,
            KeyCode::Char('r'),
        ],
    );
    type_text(&mut app, "our citizens first");
    keys(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
        ],
    );
    assert_eq!(view(&app), Some(View::Ending));
    app
}

#[test]
fn ending() {
    let app = at_the_ending();
    let text = screen(&app);
    assert!(!text.to_lowercase().contains("win"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn debrief_tabs() {
    let mut app = at_the_ending();
    press(&mut app, KeyCode::Enter);
    assert_eq!(view(&app), Some(View::Debrief));
    for name in [
        "trajectory",
        "hidden",
        "timeline",
        "questions",
        "practice",
        "reality",
        "obligations",
    ] {
        insta::assert_snapshot!(format!("debrief_{name}"), screen(&app));
        press(&mut app, KeyCode::Tab);
    }
    // Tab wraps round to the first tab.
    assert!(screen(&app).contains("Trajectory — ended at turn 2"));
}

#[test]
fn help_overlay_comes_from_the_key_map() {
    let mut app = solo();
    keys(
        &mut app,
        &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('?')],
    );
    let text = screen(&app);
    for (keys, what) in crossings::tui::keymap::help(crossings::tui::keymap::Context::Decision) {
        assert!(
            text.contains(&keys) && text.contains(what),
            "{keys} {what}\n{text}"
        );
    }
    insta::assert_snapshot!(text);
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app).contains("Help — keys"));
}

#[test]
fn quit_asks_first() {
    let mut app = solo();
    press(&mut app, KeyCode::Char('q'));
    insta::assert_snapshot!(screen(&app));
    press(&mut app, KeyCode::Char('n'));
    assert!(!app.should_quit());
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit());
}

#[test]
fn a_q_typed_in_a_reason_is_text() {
    let mut app = solo();
    keys(
        &mut app,
        &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('r')],
    );
    type_text(&mut app, "quiet");
    assert!(!app.should_quit());
    assert!(screen(&app).contains("Reason: quiet"));
}

#[test]
fn too_small_then_resized() {
    let mut app = solo();
    press(&mut app, KeyCode::Enter);
    let small = draw(&app, 60, 20).backend().to_string();
    insta::assert_snapshot!(small);
    // Keys do nothing unseen while the notice is up...
    press(&mut app, KeyCode::Enter);
    assert_eq!(view(&app), Some(View::Situation));
    // ...and the screen comes back at 80×24.
    let text = screen(&app);
    assert!(
        text.contains("Turn 1 · Day 1") && !text.contains("too small"),
        "{text}"
    );
}

#[test]
fn monochrome_uses_no_colour_and_shows_the_selection_by_style_and_glyph() {
    let mut app = App::for_exercise(
        harbour(),
        Some(7),
        vec![
            ("origin".into(), Controller::Human),
            ("transit".into(), Controller::Persona(Persona::Balanced)),
            ("destination".into(), Controller::Persona(Persona::Balanced)),
        ],
        Theme::monochrome(),
        7,
    );
    keys(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(cell.fg, Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, Color::Reset, "{cell:?}");
    }
    // The selected option: "›" and reversed or bold across the row.
    let area = buffer.area;
    let row = (area.top()..area.bottom())
        .find(|&y| (area.left()..area.right()).any(|x| buffer[(x, y)].symbol() == "›"))
        .expect("a selected row");
    let label_cell = &buffer[(3, row)];
    let style = label_cell.modifier;
    assert!(
        style.intersects(Modifier::REVERSED | Modifier::BOLD),
        "{label_cell:?}"
    );
    let text: String = (area.left()..area.right())
        .map(|x| buffer[(x, row)].symbol())
        .collect();
    assert!(text.contains("› Step up coastal patrols"), "{text}");
}

/// Windows consoles report every key twice, once pressed and once released: a key must
/// act once, so Release (and Repeat, sent only with the kitty protocol) changes nothing.
#[test]
fn released_and_repeated_keys_change_nothing() {
    let mut app = solo();
    let before = screen(&app);
    for kind in [KeyEventKind::Release, KeyEventKind::Repeat] {
        for code in [KeyCode::Enter, KeyCode::Char('q'), KeyCode::Char('?')] {
            let changed = app.handle_key(KeyEvent::new_with_kind(code, KeyModifiers::NONE, kind));
            assert!(!changed, "{kind:?} {code:?} asked for a redraw");
        }
    }
    assert_eq!(screen(&app), before);
    assert!(!app.should_quit());
}

/// The key stream a Windows console sends (each press followed by its release) plays the
/// same as presses alone.
#[test]
fn a_windows_key_stream_acts_once_per_key() {
    let codes = [
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Down,
        KeyCode::Char('r'),
        KeyCode::Char('o'),
        KeyCode::Char('k'),
        KeyCode::Enter,
        KeyCode::Enter,
    ];
    let mut unix = solo();
    keys(&mut unix, &codes);
    let mut windows = solo();
    for code in codes {
        for kind in [KeyEventKind::Press, KeyEventKind::Release] {
            windows.handle_key(KeyEvent::new_with_kind(code, KeyModifiers::NONE, kind));
        }
    }
    assert_eq!(view(&windows), view(&unix));
    assert_eq!(screen(&windows), screen(&unix));
    assert_eq!(
        windows.session().map(|s| s.log.len()),
        unix.session().map(|s| s.log.len())
    );
}

/// A console can report 0×0 (or one row, or one column) at start or while being resized:
/// every screen and overlay draws at such sizes without panicking.
#[test]
fn every_screen_draws_at_zero_and_tiny_sizes() {
    let sizes = [
        (0, 0),
        (1, 1),
        (0, 24),
        (80, 0),
        (1, 24),
        (80, 1),
        (2, 3),
        (79, 23),
    ];
    let mut apps = vec![
        App::launcher(vec![harbour()], Theme::colours(), 7),
        App::for_exercise(harbour(), Some(7), Vec::new(), Theme::colours(), 7),
        solo(),
        at_the_ending(),
    ];
    let mut quitting = solo();
    press(&mut quitting, KeyCode::Char('q'));
    apps.push(quitting);
    let mut helped = solo();
    keys(&mut helped, &[KeyCode::Enter, KeyCode::Char('?')]);
    apps.push(helped);
    for app in &apps {
        for (width, height) in sizes {
            let _ = draw(app, width, height);
        }
        // Back at a usable size the screen is whole again.
        assert!(!screen(app).contains("too small"));
    }
}

/// Windows reports AltGr characters (`@`, `€`, `#` on French and Spanish keyboards) as
/// Ctrl+Alt+character: they type as text and do not act as Ctrl shortcuts.
#[test]
fn altgr_characters_from_windows_type_as_text() {
    let mut app = solo();
    keys(
        &mut app,
        &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('r')],
    );
    let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
    type_text(&mut app, "HQ");
    for c in ['@', '€', '#', 'c'] {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), altgr));
    }
    assert!(!app.should_quit());
    assert!(screen(&app).contains("Reason: HQ@€#c"), "{}", screen(&app));
}
