//! Benchmarks: explore playthroughs, `check` (parse + validate + compile), opening an
//! exercise in a language, and drawing the busiest screen. Run with `cargo bench`; figures and the machine are recorded in
//! docs/performance.md. Synthetic exercises come from `crossings::sim::synth`.

use crossings::engine::{State, compile};
use crossings::exercises;
use crossings::scenario::load::parse_exercise;
use crossings::sim::explore::{self, Strategy};
use crossings::sim::synth::synth;
use divan::Bencher;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn synthetic(stages: usize) -> &'static str {
    static S200: OnceLock<String> = OnceLock::new();
    static S2000: OnceLock<String> = OnceLock::new();
    let cell = if stages == 200 { &S200 } else { &S2000 };
    cell.get_or_init(|| synth(stages))
}

fn compiled(source: &str) -> crossings::engine::Compiled {
    let exercise = parse_exercise("bench", source).expect("synthetic exercises are valid");
    compile(&exercise).expect("and compile")
}

/// The largest shipped exercise, by stage count.
fn largest_shipped() -> crossings::engine::Compiled {
    let loaded = exercises::shipped()
        .into_iter()
        .max_by_key(|l| l.compiled.exercise.stages.len())
        .expect("exercises are shipped");
    (*loaded.compiled).clone()
}

/// 10,000 uniform playthroughs on one thread; divide by the time for playthroughs/s.
#[divan::bench(args = ["synth-200", "synth-2000", "largest-shipped"], sample_count = 10)]
fn explore_10k_one_thread(bencher: Bencher, which: &str) {
    let c = match which {
        "synth-200" => compiled(synthetic(200)),
        "synth-2000" => compiled(synthetic(2000)),
        _ => largest_shipped(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    bencher.bench_local(|| {
        pool.install(|| explore::explore_with_personas(&c, 10_000, 1, Strategy::Uniform, 0))
    });
}

/// The same on two threads, for the speed-up.
#[divan::bench(args = ["synth-200"], sample_count = 10)]
fn explore_10k_two_threads(bencher: Bencher, which: &str) {
    let _ = which;
    let c = compiled(synthetic(200));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a thread pool");
    bencher.bench_local(|| {
        pool.install(|| explore::explore_with_personas(&c, 10_000, 1, Strategy::Uniform, 0))
    });
}

/// `check` on one file as `crossings check` does it: decode, parse, validate, compile.
/// The exercise is returned, so divan frees it outside the timing: `check` never frees it.
#[divan::bench(args = [200, 2000], sample_count = 10)]
fn check(bencher: Bencher, stages: usize) {
    let source = synthetic(stages);
    bencher.bench_local(|| {
        let (exercise, warnings) =
            crossings::scenario::load::load_exercise("bench", source.as_bytes()).expect("valid");
        crossings::engine::compiled::compiles(&exercise).expect("compiles");
        (exercise, warnings)
    });
}

/// Open the tutorial in French or English as `play` does: find the shipped exercise, load
/// and validate it, read its embedded sidecar, put the translation in, compile. This is
/// on the way to the first frame.
#[divan::bench(args = ["en", "fr"], sample_count = 20)]
fn open_tutorial_in(bencher: Bencher, language: &str) {
    bencher.bench_local(|| exercises::find_translated("tutorial", language).expect("loads"));
}

/// One playthrough's state reset, as explore does it (with explore's dice).
#[divan::bench(sample_count = 20)]
fn state_reset(bencher: Bencher) {
    let c = compiled(synthetic(200));
    let mut state = State::for_explore(&c, 1);
    bencher.bench_local(|| state.reset(&c, 7));
}

/// Draw the turn screen (situation and the full dashboard: the busiest) of the largest
/// shipped exercise, including ratatui's diff against the previous frame, after a key
/// press that scrolls: the dashboard shows what it showed, so its cells are reused.
#[divan::bench(args = [(80, 24), (200, 60)], sample_count = 50)]
fn draw_turn_screen(bencher: Bencher, size: (u16, u16)) {
    draw_turn_screen_with(bencher, size, false);
}

/// As `draw_turn_screen`, but the dashboard is laid out and drawn afresh every frame (the
/// theme alternates), as on the first frame after a turn resolves: the worst case.
#[divan::bench(args = [(80, 24), (200, 60)], sample_count = 50)]
fn draw_turn_screen_dashboard_changed(bencher: Bencher, size: (u16, u16)) {
    draw_turn_screen_with(bencher, size, true);
}

fn draw_turn_screen_with(bencher: Bencher, size: (u16, u16), dashboard_changes: bool) {
    use crossings::session::Controller;
    use crossings::tui::Theme;
    use crossings::tui::app::App;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let loaded = exercises::shipped()
        .into_iter()
        .max_by_key(|l| l.compiled.exercise.stages.len())
        .expect("exercises are shipped");
    let roles = loaded
        .compiled
        .exercise
        .roles
        .iter()
        .map(|r| (r.id.clone(), Controller::Human))
        .collect();
    let mut app = App::for_exercise(loaded, Some(7), roles, Theme::colours(), 7);
    // Through the briefing to the first turn's situation and dashboard.
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("a terminal");
    let mut flip = false;
    bencher.bench_local(|| {
        // Alternate a scroll so every frame has something to diff.
        flip = !flip;
        let key = if flip { KeyCode::Down } else { KeyCode::Up };
        app.handle_key(KeyEvent::new(key, KeyModifiers::NONE));
        if dashboard_changes {
            app.theme = if flip {
                Theme::monochrome()
            } else {
                Theme::colours()
            };
        }
        terminal
            .draw(|frame| app.render(frame))
            .map(|_| ())
            .expect("drawing never fails on a TestBackend");
    });
}
