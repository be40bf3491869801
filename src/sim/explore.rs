//! Monte Carlo exploration: many seeded playthroughs, summarised as ending shares,
//! coverage of stages, options, events and endings, and final indicator ranges.
//!
//! Run *i* is a playthrough seeded from `(seed, i)`: its chance draws come from explore's
//! cheap dice ([`Dice::Explore`](crate::engine::dice::Dice)) and its choices from a
//! separate small generator seeded the same way (the per-persona outcomes keep a
//! session's dice). Runs are grouped in fixed-size chunks; every total is an integer, so
//! results are identical whatever the number of threads. Memory is flat in the number of
//! runs: each worker reuses one `State`.

use crate::engine::compiled::Span;
use crate::engine::dice::split_mix;
use crate::engine::step::{can_offer, option_enabled, passes, resolve_with_choices};
use crate::engine::{Act, Compiled, Event, EventSink, State, begin, step};
use crate::limits::thousands;
use crate::session::Persona;
use crate::{i18n, tr};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Runs per chunk. Fixed, so `least-used` choices do not depend on `--jobs`.
pub const CHUNK: u64 = 1024;
/// A playthrough longer than this many turns is counted as unfinished.
pub const TURN_CAP: u32 = 200;
/// Draws of a uniform choice before it falls back to testing every option.
const REDRAWS: u32 = 4;
/// Seeds per persona for the per-persona outcomes.
pub const PERSONA_RUNS: u64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Every enabled option equally likely; offers made and answered at random.
    Uniform,
    /// The enabled option taken least often so far in this chunk (ties at random).
    LeastUsed,
    /// Each run is played by one persona for every role, the four in turn.
    Persona,
}

impl Strategy {
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Uniform => "uniform",
            Strategy::LeastUsed => "least-used",
            Strategy::Persona => "persona",
        }
    }
}

impl std::str::FromStr for Strategy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "uniform" => Ok(Strategy::Uniform),
            "least-used" => Ok(Strategy::LeastUsed),
            "persona" => Ok(Strategy::Persona),
            _ => Err(crate::tr!("cli.explore.strategy", strategy = s)),
        }
    }
}

/// Integer totals over a set of runs; merging is exact and order-free.
#[derive(Debug, Clone)]
pub struct Totals {
    pub runs: u64,
    pub unfinished: u64,
    pub endings: Vec<u64>,
    pub stages_reached: Vec<bool>,
    pub options_taken: Vec<u64>,
    pub injects_fired: Vec<u64>,
    pub turns_sum: u64,
    pub turns_min: u32,
    pub turns_max: u32,
    pub slot_min: Vec<i32>,
    pub slot_max: Vec<i32>,
    pub slot_sum: Vec<i64>,
}

impl Totals {
    pub fn new(c: &Compiled) -> Totals {
        Totals {
            runs: 0,
            unfinished: 0,
            endings: vec![0; c.exercise.endings.len()],
            stages_reached: vec![false; c.stages.len()],
            options_taken: vec![0; c.options.len()],
            injects_fired: vec![0; c.injects.len()],
            turns_sum: 0,
            turns_min: u32::MAX,
            turns_max: 0,
            slot_min: vec![i32::MAX; c.slots.len()],
            slot_max: vec![i32::MIN; c.slots.len()],
            slot_sum: vec![0; c.slots.len()],
        }
    }

    pub fn merge(mut self, other: Totals) -> Totals {
        self.runs += other.runs;
        self.unfinished += other.unfinished;
        add_all(&mut self.endings, &other.endings);
        for (a, b) in self.stages_reached.iter_mut().zip(&other.stages_reached) {
            *a |= *b;
        }
        add_all(&mut self.options_taken, &other.options_taken);
        add_all(&mut self.injects_fired, &other.injects_fired);
        self.turns_sum += other.turns_sum;
        self.turns_min = self.turns_min.min(other.turns_min);
        self.turns_max = self.turns_max.max(other.turns_max);
        for i in 0..self.slot_min.len() {
            self.slot_min[i] = self.slot_min[i].min(other.slot_min[i]);
            self.slot_max[i] = self.slot_max[i].max(other.slot_max[i]);
            self.slot_sum[i] += other.slot_sum[i];
        }
        self
    }

    /// Record the end of one playthrough, whose stages and events `trace` lists.
    fn record(&mut self, s: &State, finished: bool, trace: &mut Trace) {
        self.runs += 1;
        if let (true, Some(e)) = (finished, s.ending) {
            self.endings[e as usize] += 1;
        } else {
            self.unfinished += 1;
        }
        for &stage in &trace.stages {
            self.stages_reached[stage as usize] = true;
        }
        // An event counts once per run however often it fired.
        trace.injects.sort_unstable();
        trace.injects.dedup();
        for &inject in &trace.injects {
            self.injects_fired[inject as usize] += 1;
        }
        self.turns_sum += u64::from(s.turn);
        self.turns_min = self.turns_min.min(s.turn);
        self.turns_max = self.turns_max.max(s.turn);
        let slots = self.slot_min.iter_mut().zip(&mut self.slot_max);
        for ((&v, (min, max)), sum) in s.values().iter().zip(slots).zip(&mut self.slot_sum) {
            *min = (*min).min(v);
            *max = (*max).max(v);
            *sum += i64::from(v);
        }
    }
}

fn add_all(into: &mut [u64], from: &[u64]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a += *b;
    }
}

/// The stages entered and events fired in one playthrough, gathered from the engine's
/// events as they happen, so that recording a run costs what it visited rather than the
/// size of the exercise.
#[derive(Debug, Default)]
struct Trace {
    stages: Vec<u32>,
    injects: Vec<u32>,
}

impl Trace {
    fn clear(&mut self) {
        self.stages.clear();
        self.injects.clear();
    }
}

impl EventSink for Trace {
    const WANTS_CHANGES: bool = false;

    #[inline(always)]
    fn emit(&mut self, event: Event) {
        match event {
            Event::TurnStarted { stage, .. } => self.stages.push(stage),
            Event::InjectFired { inject, .. } => self.injects.push(inject),
            _ => {}
        }
    }
}

/// SplitMix64: a tiny, fast generator for explore's own choices (not the game's draws).
#[derive(Debug, Clone)]
pub struct Chooser(u64);

impl Chooser {
    pub fn new(seed: u64) -> Chooser {
        Chooser(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        split_mix(&mut self.0)
    }

    /// A number in 0..n (n ≥ 1), by multiply-shift.
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(n)) >> 32) as u32
    }
}

/// The seed of run `i` of an exploration seeded with `seed`.
pub fn run_seed(seed: u64, i: u64) -> u64 {
    Chooser::new(seed ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03)).next_u64()
}

/// How one run's choices are made.
#[derive(Debug, Clone, Copy)]
enum Player {
    Uniform,
    LeastUsed,
    Persona(Persona),
}

/// Play one run to its end (or the turn cap); returns whether it finished.
fn play_one(
    c: &Compiled,
    s: &mut State,
    seed: u64,
    player: Player,
    chooser: &mut Chooser,
    taken: &mut [u64],
    trace: &mut Trace,
) -> bool {
    // The trace lists what the previous run (if any) touched.
    s.reset_touched(c, seed, &trace.stages, &trace.injects);
    trace.clear();
    begin(c, s, trace);
    let has_agreements = !c.agreements.is_empty();
    while !s.is_ended() {
        if s.turn > TURN_CAP {
            return false;
        }
        let turn = s.turn;
        let stage = s.stage as usize;
        if has_agreements {
            make_offers(c, s, player, chooser, trace);
        }
        let decisions = c.stages[stage].decisions.clone();
        if decisions.is_empty() {
            let _ = step(c, s, Act::Continue, trace);
            continue;
        }
        // Every acting role chooses against the same state (as simultaneous decisions
        // do), then the turn resolves once.
        for d in decisions {
            let role = c.decisions[d as usize].role;
            let Some(option) = pick(c, s, d, player, chooser, taken) else {
                return false;
            };
            taken[option as usize] += 1;
            s.choices[role as usize] = Some(option);
        }
        for k in 0..s.offers.len() {
            if s.offers[k].answer.is_none() {
                let accept = match player {
                    Player::Persona(p) => p.accepts(c, s.offers[k].agreement),
                    _ => chooser.below(2) == 0,
                };
                s.offers[k].answer = Some(accept);
            }
        }
        resolve_with_choices(c, s, trace);
        if s.turn == turn && !s.is_ended() {
            // Nothing moved the turn on (cannot happen with a valid exercise).
            return false;
        }
    }
    true
}

fn make_offers(
    c: &Compiled,
    s: &mut State,
    player: Player,
    chooser: &mut Chooser,
    trace: &mut Trace,
) {
    for a in 0..c.agreements.len() as u32 {
        for from in 0..c.role_count as u32 {
            for to in 0..c.role_count as u32 {
                if !can_offer(c, s, a, from, to) {
                    continue;
                }
                let offer = match player {
                    Player::Persona(p) => {
                        p.score(c.agreements[a as usize].tags) > 0
                            && !s.offer_history.contains(&(a, from, to))
                    }
                    // One chance in four per turn for each possible offer.
                    _ => chooser.below(4) == 0,
                };
                if offer {
                    let _ = step(
                        c,
                        s,
                        Act::Offer {
                            agreement: a,
                            from,
                            to,
                        },
                        trace,
                    );
                }
            }
        }
    }
}

fn pick(
    c: &Compiled,
    s: &State,
    decision: u32,
    player: Player,
    chooser: &mut Chooser,
    taken: &[u64],
) -> Option<u32> {
    let span = c.decisions[decision as usize].options.clone();
    match player {
        Player::Persona(p) => p.choose(c, s, decision),
        Player::Uniform => pick_uniform(c, s, span, chooser),
        Player::LeastUsed => {
            let mut best: Option<(u64, u32)> = None;
            let mut ties = 0u32;
            for o in span {
                if !option_enabled(c, s, o) {
                    continue;
                }
                let count = taken[o as usize];
                match best {
                    Some((b, _)) if count > b => {}
                    Some((b, _)) if count == b => {
                        // Reservoir sampling keeps ties fair.
                        ties += 1;
                        if chooser.below(ties) == 0 {
                            best = Some((count, o));
                        }
                    }
                    _ => {
                        best = Some((count, o));
                        ties = 1;
                    }
                }
            }
            best.map(|(_, o)| o)
        }
    }
}

/// A uniform choice among the enabled options of `span`. Draws among all the options and
/// draws again on a disabled one: exactly uniform over the enabled ones, and cheaper than
/// testing every option, as most are enabled. After a few misses, chooses among those
/// tested enabled. Most gates are one test of a cell (an option offered always tests the
/// cell that is always 0), evaluated inline without a branch on its kind.
#[inline(always)]
fn pick_uniform(c: &Compiled, s: &State, span: Span, chooser: &mut Chooser) -> Option<u32> {
    let options = &c.options[span.start as usize..span.end as usize];
    if !options.is_empty() {
        for _ in 0..REDRAWS {
            let k = chooser.below(options.len() as u32);
            let option = &options[k as usize];
            if passes(c, s, &option.gate, option.role) {
                return Some(span.start + k);
            }
        }
    }
    pick_uniform_by_testing(c, s, span, chooser)
}

/// [`pick_uniform`] after its draws missed: test every option, choose among the enabled.
#[inline(never)]
fn pick_uniform_by_testing(
    c: &Compiled,
    s: &State,
    span: Span,
    chooser: &mut Chooser,
) -> Option<u32> {
    let mut enabled = [0u32; 8];
    let mut n = 0;
    for o in span {
        if n < enabled.len() && option_enabled(c, s, o) {
            enabled[n] = o;
            n += 1;
        }
    }
    (n > 0).then(|| enabled[chooser.below(n as u32) as usize])
}

/// Totals over runs `range` with one player kind, in chunks, in parallel.
fn explore_totals(
    c: &Compiled,
    seed: u64,
    runs: u64,
    strategy: Strategy,
    progress: Option<&AtomicU64>,
) -> Totals {
    let chunks = runs.div_ceil(CHUNK);
    (0..chunks)
        .into_par_iter()
        .map_init(
            || (State::for_explore(c, 0), Trace::default()),
            |(state, trace), chunk| {
                let mut totals = Totals::new(c);
                let mut taken = vec![0u64; c.options.len()];
                let first = chunk * CHUNK;
                let last = (first + CHUNK).min(runs);
                for i in first..last {
                    let run = run_seed(seed, i);
                    let mut chooser = Chooser::new(run.rotate_left(17));
                    let player = match strategy {
                        Strategy::Uniform => Player::Uniform,
                        Strategy::LeastUsed => Player::LeastUsed,
                        Strategy::Persona => Player::Persona(Persona::ALL[(i % 4) as usize]),
                    };
                    let finished = play_one(c, state, run, player, &mut chooser, &mut taken, trace);
                    totals.record(state, finished, trace);
                }
                add_all(&mut totals.options_taken, &taken);
                if let Some(done) = progress {
                    done.fetch_add(last - first, Ordering::Relaxed);
                }
                totals
            },
        )
        .reduce(|| Totals::new(c), Totals::merge)
}

/// Each persona playing every role, over `runs` seeds.
fn persona_totals(c: &Compiled, seed: u64, persona: Persona, runs: u64) -> Totals {
    // These few runs keep a session's dice (ChaCha): the persona figures are those of
    // sessions with the same seeds, and changes to explore's own dice leave them alone.
    let mut state = State::new(c, 0);
    let mut trace = Trace::default();
    let mut totals = Totals::new(c);
    let mut taken = vec![0u64; c.options.len()];
    for i in 0..runs {
        let run = run_seed(seed, i);
        let mut chooser = Chooser::new(run);
        let finished = play_one(
            c,
            &mut state,
            run,
            Player::Persona(persona),
            &mut chooser,
            &mut taken,
            &mut trace,
        );
        totals.record(&state, finished, &mut trace);
    }
    add_all(&mut totals.options_taken, &taken);
    totals
}

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub stages_total: usize,
    pub stages_reached: usize,
    pub options_total: usize,
    pub options_taken: usize,
    pub events_total: usize,
    pub events_fired: usize,
    pub endings_total: usize,
    pub endings_reached: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Range {
    pub min: i32,
    pub mean: f64,
    pub max: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outcomes {
    pub endings: BTreeMap<String, u64>,
    pub indicators: BTreeMap<String, Range>,
}

/// What `crossings explore` reports (JSON field names are part of the contract).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub exercise: String,
    pub runs: u64,
    pub seed: u64,
    pub strategy: Strategy,
    pub endings: BTreeMap<String, u64>,
    pub unfinished: u64,
    pub coverage: Coverage,
    pub never_reached: Vec<String>,
    pub indicators: BTreeMap<String, Range>,
    pub turns: Range,
    pub personas: BTreeMap<String, Outcomes>,
    pub elapsed_ms: u64,
}

fn ranges(c: &Compiled, t: &Totals) -> BTreeMap<String, Range> {
    let finished = t.runs.max(1) as f64;
    (0..c.slots.len())
        .map(|i| {
            (
                super::run::slot_id(c, i as u32),
                Range {
                    min: if t.runs == 0 { 0 } else { t.slot_min[i] },
                    mean: (t.slot_sum[i] as f64 / finished * 100.0).round() / 100.0,
                    max: if t.runs == 0 { 0 } else { t.slot_max[i] },
                },
            )
        })
        .collect()
}

fn ending_counts(c: &Compiled, t: &Totals) -> BTreeMap<String, u64> {
    c.exercise
        .endings
        .iter()
        .zip(&t.endings)
        .map(|(e, n)| (e.id.clone(), *n))
        .collect()
}

/// Explore an exercise. `elapsed_ms` is left at 0 here (the engine has no clock); the
/// command fills it in.
pub fn explore(c: &Compiled, runs: u64, seed: u64, strategy: Strategy) -> Report {
    explore_with_personas(c, runs, seed, strategy, PERSONA_RUNS)
}

/// As [`explore`], with `persona_runs` seeds per persona instead of [`PERSONA_RUNS`]
/// (tests use it to bound their time).
pub fn explore_with_personas(
    c: &Compiled,
    runs: u64,
    seed: u64,
    strategy: Strategy,
    persona_runs: u64,
) -> Report {
    explore_observed(c, runs, seed, strategy, persona_runs, None)
}

/// As [`explore_with_personas`], adding to `progress` the runs done as each chunk of
/// them finishes (for a progress bar; the results do not depend on it).
pub fn explore_observed(
    c: &Compiled,
    runs: u64,
    seed: u64,
    strategy: Strategy,
    persona_runs: u64,
    progress: Option<&AtomicU64>,
) -> Report {
    let totals = explore_totals(c, seed, runs, strategy, progress);
    let personas: BTreeMap<String, Outcomes> = Persona::ALL
        .par_iter()
        .map(|&p| {
            let t = persona_totals(c, seed, p, persona_runs);
            (
                p.name().to_string(),
                Outcomes {
                    endings: ending_counts(c, &t),
                    indicators: ranges(c, &t),
                },
            )
        })
        .collect();
    let ex = &c.exercise;
    let mut never_reached = Vec::new();
    for (stage, reached) in ex.stages.iter().zip(&totals.stages_reached) {
        if !reached {
            never_reached.push(format!("stage:{}", stage.id));
        }
    }
    for o in 0..c.options.len() as u32 {
        if totals.options_taken[o as usize] == 0 {
            let d = c.decision_model(c.options[o as usize].decision);
            never_reached.push(format!("option:{}/{}", d.id, c.option_model(o).id));
        }
    }
    for (inject, fired) in ex.injects.iter().zip(&totals.injects_fired) {
        if *fired == 0 {
            never_reached.push(format!("event:{}", inject.id));
        }
    }
    for (ending, n) in ex.endings.iter().zip(&totals.endings) {
        if *n == 0 {
            never_reached.push(format!("ending:{}", ending.id));
        }
    }
    let runs_done = totals.runs.max(1) as f64;
    Report {
        exercise: ex.id.clone(),
        runs,
        seed,
        strategy,
        endings: ending_counts(c, &totals),
        unfinished: totals.unfinished,
        coverage: Coverage {
            stages_total: ex.stages.len(),
            stages_reached: totals.stages_reached.iter().filter(|r| **r).count(),
            options_total: c.options.len(),
            options_taken: totals.options_taken.iter().filter(|n| **n > 0).count(),
            events_total: ex.injects.len(),
            events_fired: totals.injects_fired.iter().filter(|n| **n > 0).count(),
            endings_total: ex.endings.len(),
            endings_reached: totals.endings.iter().filter(|n| **n > 0).count(),
        },
        never_reached,
        indicators: ranges(c, &totals),
        turns: Range {
            min: if totals.runs == 0 {
                0
            } else {
                totals.turns_min as i32
            },
            mean: (totals.turns_sum as f64 / runs_done * 100.0).round() / 100.0,
            max: totals.turns_max as i32,
        },
        personas,
        elapsed_ms: 0,
    }
}

/// Whether `explore` draws a progress bar: only on a terminal, and not while its JSON
/// goes to a program (whose terminal the bar would clutter).
pub fn shows_progress(stderr_is_terminal: bool, json: bool, stdout_is_terminal: bool) -> bool {
    stderr_is_terminal && (!json || stdout_is_terminal)
}

/// The progress bar's line: `[#########           ] 45%  450,000 of 1,000,000 runs`.
pub fn progress_line(done: u64, total: u64) -> String {
    const WIDTH: u64 = 20;
    let done = done.min(total);
    let filled = (done * WIDTH).checked_div(total).unwrap_or(0) as usize;
    let percent = (done * 100).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {percent:>3}%  {}",
        "#".repeat(filled),
        " ".repeat(WIDTH as usize - filled),
        tr!(
            "explore.progress",
            done = thousands(done),
            total = thousands(total)
        )
    )
}

/// A share of `total` as a percentage with one decimal, in the language's style.
fn percent_of(n: u64, total: f64) -> String {
    tr!(
        "explore.percent",
        value = i18n::decimal(n as f64 * 100.0 / total, 1)
    )
}

/// The readable report printed by default.
pub fn render_text(c: &Compiled, r: &Report) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let total = r.runs.max(1) as f64;
    let _ = writeln!(
        out,
        "{}",
        tr!(
            "explore.heading",
            title = c.exercise.title,
            id = r.exercise,
            runs = r.runs,
            seed = r.seed,
            strategy = r.strategy.name(),
            ms = r.elapsed_ms
        )
    );
    let _ = writeln!(out, "\n{}", tr!("explore.endings"));
    for ending in &c.exercise.endings {
        let n = r.endings.get(&ending.id).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "  {:>7}  {:<28} {}",
            percent_of(n, total),
            ending.id,
            ending.title
        );
    }
    if r.unfinished > 0 {
        let _ = writeln!(
            out,
            "  {:>7}  {}",
            percent_of(r.unfinished, total),
            tr!("explore.unfinished", turns = TURN_CAP)
        );
    }
    let cv = &r.coverage;
    let _ = writeln!(out, "\n{}", tr!("explore.coverage"));
    let rows = [
        (
            tr!("explore.coverage.stages"),
            cv.stages_reached,
            cv.stages_total,
        ),
        (
            tr!("explore.coverage.options"),
            cv.options_taken,
            cv.options_total,
        ),
        (
            tr!("explore.coverage.events"),
            cv.events_fired,
            cv.events_total,
        ),
        (
            tr!("explore.coverage.endings"),
            cv.endings_reached,
            cv.endings_total,
        ),
    ];
    let width = rows
        .iter()
        .map(|(label, ..)| label.chars().count())
        .max()
        .unwrap_or(0);
    for (label, reached, of) in rows {
        let _ = writeln!(out, "  {label:<width$}  {reached}/{of}");
    }
    let _ = writeln!(
        out,
        "  {}",
        tr!(
            "explore.turns_per_run",
            min = r.turns.min,
            max = r.turns.max,
            mean = i18n::decimal(r.turns.mean, 1)
        )
    );
    if !r.never_reached.is_empty() {
        let _ = writeln!(out, "\n{}", tr!("explore.never_reached"));
        for item in &r.never_reached {
            let _ = writeln!(out, "  {item}");
        }
    }
    let _ = writeln!(out, "\n{}", tr!("explore.final_indicators"));
    for (id, range) in &r.indicators {
        let _ = writeln!(
            out,
            "  {:<28} {:>7} {:>9} {:>7}",
            id,
            range.min,
            i18n::decimal(range.mean, 1),
            range.max
        );
    }
    let _ = writeln!(out, "\n{}", tr!("explore.personas", seeds = PERSONA_RUNS));
    for (name, outcome) in &r.personas {
        let endings: Vec<String> = outcome
            .endings
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(id, n)| {
                let share = i18n::decimal(*n as f64 * 100.0 / PERSONA_RUNS as f64, 0);
                format!("{id} {}", tr!("explore.percent", value = share))
            })
            .collect();
        let _ = writeln!(out, "  {:<17} {}", name, endings.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::synth::synth;

    fn synthetic(stages: usize) -> Compiled {
        let exercise = crate::scenario::load::parse_exercise("synth", &synth(stages)).unwrap();
        crate::engine::compile_owned(exercise).unwrap()
    }

    fn on_threads(threads: usize, explore: impl FnOnce() -> Report + Send) -> String {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        serde_json::to_string(&pool.install(explore)).unwrap()
    }

    #[test]
    fn results_are_identical_whatever_the_number_of_threads() {
        let c = synthetic(40);
        // Not a whole number of chunks, so the last chunk is short.
        let runs = 5 * CHUNK + 17;
        for strategy in [Strategy::Uniform, Strategy::LeastUsed, Strategy::Persona] {
            let one = on_threads(1, || explore_with_personas(&c, runs, 9, strategy, 50));
            for threads in [2, 3] {
                let many = on_threads(threads, || explore_with_personas(&c, runs, 9, strategy, 50));
                assert_eq!(one, many, "{strategy:?} on {threads} threads");
            }
        }
    }

    #[test]
    fn watching_progress_changes_nothing_and_counts_every_run() {
        let c = synthetic(20);
        let runs = 3 * CHUNK + 5;
        let done = AtomicU64::new(0);
        let watched = on_threads(2, || {
            explore_observed(&c, runs, 4, Strategy::Uniform, 20, Some(&done))
        });
        let plain = on_threads(2, || {
            explore_with_personas(&c, runs, 4, Strategy::Uniform, 20)
        });
        assert_eq!(watched, plain);
        assert_eq!(done.load(Ordering::Relaxed), runs);
    }

    #[test]
    fn the_progress_bar_is_drawn_only_for_a_person_at_a_terminal() {
        assert!(shows_progress(true, false, false));
        assert!(shows_progress(true, true, true));
        assert!(
            !shows_progress(true, true, false),
            "JSON piped to a program"
        );
        assert!(
            !shows_progress(false, false, true),
            "standard error redirected"
        );
        assert!(!shows_progress(false, true, true));
    }

    #[test]
    fn the_progress_line_counts_runs() {
        assert_eq!(
            progress_line(450_000, 1_000_000),
            "[#########           ]  45%  450,000 of 1,000,000 runs"
        );
        assert_eq!(
            progress_line(7, 7),
            "[####################] 100%  7 of 7 runs"
        );
        assert_eq!(
            progress_line(0, 0),
            "[                    ]   0%  0 of 0 runs"
        );
    }
}
