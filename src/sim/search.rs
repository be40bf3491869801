//! Reachability search for `crossings check --deep`: for each stage, option, event and
//! ending that random playthroughs missed, look for a way to reach it on purpose.
//!
//! A session is `(exercise, seed, actions)`, and the state holds the session's one random
//! generator, so under a fixed seed every chance draw is a function of the choices made
//! before it. The search therefore treats chance as a branch at the root: it starts from
//! the first stage under each of several seeds and explores the tree of choices turn by
//! turn — every enabled option of each acting role, and, where the exercise has
//! agreements, making one of the possible offers (which is then accepted) or none. A
//! witness is then a seed plus a script of actions that `crossings run --seed N --script
//! FILE` replays exactly; each is checked by replaying it through a real `Session` before
//! it is reported.
//!
//! The search is best-first over all seeds at once, so it goes straight for the target
//! where it can and spends its effort under whichever seed looks most promising. States
//! are ordered by how far the way into the target is from open (an indicator's distance
//! to its threshold, an unset flag, an earlier transition of the same stage that would be
//! taken instead...), then by the number of transitions left to the target in the stage
//! graph, then by turn. States from which the target can no longer be reached are
//! dropped: its stage lies behind them in the graph, or every way in needs something that
//! can no longer happen (a flag that no effect ahead sets or clears, a choice already
//! made or no longer on offer, a turn or visit count already passed). States already seen
//! (same seed, stage, values, flags, delayed effects, agreements, inject history and
//! position of the random generator, plus turn, visits and past choices where a
//! condition reads them) are not explored twice. From each state it expands, the search
//! also plays a few random playthroughs to the end (as explore does), which find targets
//! behind ordinary runs of choices that the guide cannot see. The bound is a turn cap and
//! a number of states per target (the playthroughs have a budget of the same size).
//!
//! Pure: no I/O and no clock.

use super::explore::{self, Chooser, Strategy};
use super::run::{self, Output};
use crate::engine::compiled::{CTrigger, Cond, Eff, SlotRef, Target as Goto};
use crate::engine::step::{can_offer, eval, option_enabled};
use crate::engine::{Act, Action, Compiled, Event, NoEvents, Phase, State, begin, step};
use crate::session::script::Script;
use crate::{tr, trn};
use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::{BinaryHeap, HashMap};
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Seeded uniform random playthroughs run first; the search looks only for what they missed.
pub const RANDOM_RUNS: u64 = 10_000;
/// States examined per target, over all seeds.
pub const STATES_PER_TARGET: usize = 100_000;
/// Seeds searched per target when the exercise has chance in it.
pub const SEEDS: u64 = 32;
/// Random playthroughs from each state the search expands.
pub const ROLLOUTS: u64 = 4;
/// The smallest turn cap; otherwise twice the longest random playthrough.
pub const MIN_TURN_CAP: u32 = 30;

/// How far the search may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// Turns played at most on one path.
    pub turn_cap: u32,
    /// States examined per target, over all seeds.
    pub states: usize,
    /// Seeds searched per target (only the first when the exercise has no chance in it).
    pub seeds: u64,
}

/// Something to reach, by compiled index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Stage(u32),
    Option(u32),
    Event(u32),
    Ending(u32),
}

impl Target {
    /// From an item of explore's `never_reached`: `stage:ID`, `option:DECISION/OPTION`,
    /// `event:ID` or `ending:ID`.
    pub fn parse(c: &Compiled, item: &str) -> Option<Target> {
        let ex = &c.exercise;
        let (kind, id) = item.split_once(':')?;
        match kind {
            "stage" => c.stage_index(id).map(Target::Stage),
            "event" => c.inject_index(id).map(Target::Event),
            "ending" => ex
                .endings
                .iter()
                .position(|e| e.id == id)
                .map(|e| Target::Ending(e as u32)),
            "option" => {
                let (decision, option) = id.split_once('/')?;
                let found = (0..c.options.len() as u32).find(|&o| {
                    c.decision_model(c.options[o as usize].decision).id == decision
                        && c.option_model(o).id == option
                });
                found.map(Target::Option)
            }
            _ => None,
        }
    }

    /// The item as explore names it.
    pub fn name(self, c: &Compiled) -> String {
        let ex = &c.exercise;
        match self {
            Target::Stage(s) => format!("stage:{}", ex.stages[s as usize].id),
            Target::Option(o) => format!(
                "option:{}/{}",
                c.decision_model(c.options[o as usize].decision).id,
                c.option_model(o).id
            ),
            Target::Event(i) => format!("event:{}", ex.injects[i as usize].id),
            Target::Ending(e) => format!("ending:{}", ex.endings[e as usize].id),
        }
    }

    /// Whether this state (reached after `moves` this turn) has reached the target.
    fn reached(self, s: &State, moves: &[Act]) -> bool {
        match self {
            Target::Stage(stage) => s.visits[stage as usize] > 0,
            Target::Option(option) => moves
                .iter()
                .any(|m| matches!(m, Act::Decide { option: o, .. } if *o == option)),
            Target::Event(inject) => s.inject_last[inject as usize] > 0,
            Target::Ending(ending) => s.ending == Some(ending),
        }
    }
}

/// A way to reach a target: a seed and the actions to play under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    pub seed: u64,
    pub actions: Vec<Action>,
    /// The turn in which the target is reached.
    pub turn: u32,
}

/// What the search found for one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    Reached(Witness),
    /// No witness within the bound. `exhaustive`: every seed's choices were searched to
    /// the turn cap before the state limit was reached.
    Unreachable {
        states: usize,
        seeds: u64,
        exhaustive: bool,
    },
    /// A manual inject that no effect raises: only the facilitator can send it.
    FacilitatorOnly,
}

/// `check --deep` for one exercise.
#[derive(Debug, Clone)]
pub struct DeepReport {
    pub exercise: String,
    pub runs: u64,
    pub bound: Bound,
    /// Each item random play missed, as explore names it, with what the search found.
    pub items: Vec<(String, Finding)>,
}

impl DeepReport {
    /// Items that could not be reached within the bound.
    pub fn unreachable(&self) -> usize {
        self.items
            .iter()
            .filter(|(_, f)| matches!(f, Finding::Unreachable { .. }))
            .count()
    }
}

/// Random playthroughs, then a search for everything they missed.
pub fn deep_check(c: &Arc<Compiled>) -> DeepReport {
    let report = explore::explore(c, RANDOM_RUNS, 1, Strategy::Uniform);
    let turn_cap = (report.turns.max.max(0) as u32)
        .saturating_mul(2)
        .clamp(MIN_TURN_CAP, explore::TURN_CAP);
    let bound = Bound {
        turn_cap,
        states: STATES_PER_TARGET,
        seeds: SEEDS,
    };
    let targets: Vec<(String, Option<Target>)> = report
        .never_reached
        .iter()
        .map(|item| (item.clone(), Target::parse(c, item)))
        .collect();
    let searchable: Vec<Target> = targets.iter().filter_map(|(_, t)| *t).collect();
    let findings = search(c, &searchable, bound);
    let mut found = findings.into_iter();
    let items = targets
        .into_iter()
        .filter_map(|(name, target)| {
            target?;
            found.next().map(|f| (name, f))
        })
        .collect();
    DeepReport {
        exercise: c.exercise.id.clone(),
        runs: RANDOM_RUNS,
        bound,
        items,
    }
}

/// Search for each target in turn; a witness found on the way to one target counts for
/// any other it reaches too. Findings are in the order of `targets`.
pub fn search(c: &Arc<Compiled>, targets: &[Target], bound: Bound) -> Vec<Finding> {
    if targets.is_empty() {
        return Vec::new();
    }
    let mut findings: Vec<Option<Finding>> = vec![None; targets.len()];
    let look = Lookahead::new(c, bound.turn_cap);
    for (t, &target) in targets.iter().enumerate() {
        if findings[t].is_some() {
            continue;
        }
        if let Target::Event(inject) = target
            && facilitator_only(c, inject)
        {
            findings[t] = Some(Finding::FacilitatorOnly);
            continue;
        }
        let mut searcher = Searcher::new(c, &look, targets, target, bound);
        let outcome = searcher.run(&mut findings);
        if findings[t].is_none() {
            findings[t] = Some(outcome);
        }
    }
    findings
        .into_iter()
        .map(|f| {
            f.unwrap_or(Finding::Unreachable {
                states: 0,
                seeds: 0,
                exhaustive: false,
            })
        })
        .collect()
}

/// A manual inject that no effect of an option, inject or agreement raises.
fn facilitator_only(c: &Compiled, inject: u32) -> bool {
    matches!(c.injects[inject as usize].trigger, CTrigger::Manual)
        && !c
            .effects
            .iter()
            .any(|e| matches!(e, Eff::Raise(i) if *i == inject))
}

/// Whether anything in the exercise draws from the random generator.
fn has_chance(c: &Compiled) -> bool {
    !c.random_injects.is_empty() || c.effects.iter().any(|e| matches!(e, Eff::AddRandom { .. }))
}

/// A condition that should hold (`want`) or should not, for the acting role `actor`.
#[derive(Debug, Clone, Copy)]
struct Want {
    cond: u32,
    want: bool,
    actor: u32,
}

/// What the search steers by for one target.
struct Guide {
    /// Transitions left to a goal stage in the stage graph; `u32::MAX`: none reachable.
    distance: Vec<u32>,
    /// Ways in, one of which must be open at the goal: each a list of conditions that
    /// must hold or fail together (an empty list is always open).
    ways: Vec<Vec<Want>>,
}

impl Guide {
    fn new(c: &Compiled, target: Target) -> Guide {
        let stages = c.stages.len();
        // Each transition into `wanted` is a way in: its own condition must hold and every
        // earlier transition of its stage must fail.
        let ways_into = |wanted: Goto| -> (Vec<u32>, Vec<Vec<Want>>) {
            let mut from = Vec::new();
            let mut ways = Vec::new();
            for (s, stage) in c.stages.iter().enumerate() {
                let mut earlier: Vec<Want> = Vec::new();
                for t in stage.transitions.clone() {
                    let tr = &c.transitions[t as usize];
                    if tr.target == wanted {
                        let mut way = earlier.clone();
                        if let Some(cond) = tr.when {
                            way.push(Want {
                                cond,
                                want: true,
                                actor: 0,
                            });
                        }
                        from.push(s as u32);
                        ways.push(way);
                    }
                    match tr.when {
                        Some(cond) => earlier.push(Want {
                            cond,
                            want: false,
                            actor: 0,
                        }),
                        // Nothing after a transition without a condition is ever taken.
                        None => break,
                    }
                }
            }
            (from, ways)
        };
        let every_stage: Vec<u32> = (0..stages as u32).collect();
        let when = |cond: Option<u32>, actor: u32| -> Vec<Vec<Want>> {
            vec![
                cond.map(|cond| Want {
                    cond,
                    want: true,
                    actor,
                })
                .into_iter()
                .collect(),
            ]
        };
        let (goals, ways): (Vec<u32>, Vec<Vec<Want>>) = match target {
            Target::Stage(stage) => (vec![stage], ways_into(Goto::Stage(stage)).1),
            Target::Ending(ending) => ways_into(Goto::Ending(ending)),
            Target::Option(option) => {
                let o = &c.options[option as usize];
                let d = &c.decisions[o.decision as usize];
                (vec![d.stage], when(o.when, d.role))
            }
            Target::Event(inject) => match c.injects[inject as usize].trigger {
                CTrigger::Stage(stage) => (vec![stage], ways_into(Goto::Stage(stage)).1),
                CTrigger::Random { stage, when: w, .. } => {
                    (stage.map_or(every_stage.clone(), |s| vec![s]), when(w, 0))
                }
                CTrigger::When(cond) => (every_stage.clone(), when(Some(cond), 0)),
                CTrigger::Turn(_) | CTrigger::Manual => (every_stage.clone(), when(None, 0)),
            },
        };
        // Backwards breadth-first search over the transitions, conditions ignored.
        let mut distance = vec![u32::MAX; stages];
        let mut queue = std::collections::VecDeque::new();
        for &g in &goals {
            if distance[g as usize] != 0 {
                distance[g as usize] = 0;
                queue.push_back(g);
            }
        }
        while let Some(next) = queue.pop_front() {
            for (s, stage) in c.stages.iter().enumerate() {
                let leads_here = stage
                    .transitions
                    .clone()
                    .any(|t| c.transitions[t as usize].target == Goto::Stage(next));
                if leads_here && distance[s] == u32::MAX {
                    distance[s] = distance[next as usize] + 1;
                    queue.push_back(s as u32);
                }
            }
        }
        let ways = if ways.is_empty() {
            vec![Vec::new()]
        } else {
            ways
        };
        Guide { distance, ways }
    }

    /// How far the best way in is from open: 0 when open now, `CLOSED` when no way can
    /// open any more.
    fn gap(&self, look: &Lookahead, s: &State) -> u32 {
        self.ways
            .iter()
            .map(|way| {
                way.iter().fold(0u32, |acc, w| {
                    acc.saturating_add(look.gap(s, w.cond, w.want, w.actor))
                })
            })
            .min()
            .unwrap_or(0)
            .min(CLOSED)
    }
}

/// One unit of "not yet": a flag unset, an agreement not in force, a whole range to go.
const FAR: u32 = 1000;
/// "Never again": a flag no effect ahead can set, a choice already made, a turn passed.
const CLOSED: u32 = u32::MAX / 2;

/// Stage sets as bitsets, one bit per stage.
type Stages = Vec<u64>;

fn stage_set(count: usize) -> Stages {
    vec![0; count.div_ceil(64).max(1)]
}

fn insert(set: &mut Stages, stage: u32) {
    set[(stage / 64) as usize] |= 1 << (stage % 64);
}

fn meets(a: &Stages, b: &Stages) -> bool {
    a.iter().zip(b).any(|(x, y)| x & y != 0)
}

/// What can still happen from a stage: which stages lie ahead, and where flags are set or
/// cleared and options chosen. It lets the search tell "not yet" from "never": a flag
/// that nothing ahead sets will not be set. Effects of injects and agreements can land
/// anywhere, so a flag they touch always counts as possible.
struct Lookahead<'a> {
    c: &'a Compiled,
    turn_cap: u32,
    /// Stages reachable from each stage through transitions, itself included.
    ahead: Vec<Stages>,
    set_anywhere: Vec<bool>,
    set_at: Vec<Stages>,
    clear_anywhere: Vec<bool>,
    clear_at: Vec<Stages>,
    /// Stages with an option of each (role, option id) key.
    chosen_at: Vec<Stages>,
}

impl<'a> Lookahead<'a> {
    fn new(c: &'a Compiled, turn_cap: u32) -> Lookahead<'a> {
        let stages = c.stages.len();
        let flags = c.flag_names.len();
        let mut look = Lookahead {
            c,
            turn_cap,
            ahead: Vec::with_capacity(stages),
            set_anywhere: vec![false; flags],
            set_at: vec![stage_set(stages); flags],
            clear_anywhere: vec![false; flags],
            clear_at: vec![stage_set(stages); flags],
            chosen_at: vec![stage_set(stages); c.choice_keys],
        };
        for from in 0..stages {
            let mut seen = stage_set(stages);
            insert(&mut seen, from as u32);
            let mut queue = vec![from as u32];
            while let Some(next) = queue.pop() {
                for t in c.stages[next as usize].transitions.clone() {
                    if let Goto::Stage(to) = c.transitions[t as usize].target
                        && seen[(to / 64) as usize] & (1 << (to % 64)) == 0
                    {
                        insert(&mut seen, to);
                        queue.push(to);
                    }
                }
            }
            look.ahead.push(seen);
        }
        for option in &c.options {
            let stage = c.decisions[option.decision as usize].stage;
            insert(&mut look.chosen_at[option.choice_key as usize], stage);
            let mut touched = Vec::new();
            flags_touched(c, option.effects.clone(), &mut touched);
            for (flag, on) in touched {
                let at = if on {
                    &mut look.set_at
                } else {
                    &mut look.clear_at
                };
                insert(&mut at[flag as usize], stage);
            }
        }
        let mut anywhere = Vec::new();
        for inject in &c.injects {
            flags_touched(c, inject.effects.clone(), &mut anywhere);
        }
        for a in &c.agreements {
            for span in [&a.offerer_effects, &a.receiver_effects, &a.breach_effects] {
                flags_touched(c, span.clone(), &mut anywhere);
            }
        }
        for (flag, on) in anywhere {
            if on {
                look.set_anywhere[flag as usize] = true;
            } else {
                look.clear_anywhere[flag as usize] = true;
            }
        }
        look
    }

    /// Whether the flag can still be turned `on` (or off) from this state.
    fn flag_can_become(&self, s: &State, flag: u32, on: bool) -> bool {
        let (anywhere, at) = if on {
            (&self.set_anywhere, &self.set_at)
        } else {
            (&self.clear_anywhere, &self.clear_at)
        };
        if anywhere[flag as usize] || meets(&self.ahead[s.stage as usize], &at[flag as usize]) {
            return true;
        }
        // A delayed effect already scheduled may do it.
        s.pending.iter().any(|p| {
            let mut touched = Vec::new();
            if let Eff::After { effects, .. } = &self.c.effects[p.effect as usize] {
                flags_touched(self.c, effects.clone(), &mut touched);
            }
            touched.contains(&(flag, on))
        })
    }

    /// How far a condition is from holding (`want`) or from failing (not `want`): 0 when
    /// it does, thousandths of an indicator's range per comparison, `FAR` for a yes-or-no
    /// condition that may still change, and `CLOSED` for one that cannot any more.
    fn gap(&self, s: &State, cond: u32, want: bool, actor: u32) -> u32 {
        use crate::scenario::model::Comparison;
        let c = self.c;
        // Turn numbers and visit counts only grow.
        let numeric = |value: i32, is: Comparison, target: i32, span: i32, grows: bool| {
            let (is, target) = if want {
                (is, target)
            } else {
                match is {
                    Comparison::AtLeast => (Comparison::Below, target),
                    Comparison::Above => (Comparison::AtMost, target),
                    Comparison::AtMost => (Comparison::Above, target),
                    Comparison::Below => (Comparison::AtLeast, target),
                    // Any other value will do: one step away.
                    Comparison::Equal => {
                        return if value == target { 1 } else { 0 };
                    }
                }
            };
            let need = i64::from(match is {
                Comparison::AtLeast => target - value,
                Comparison::Above => target + 1 - value,
                Comparison::AtMost => value - target,
                Comparison::Below => value - (target - 1),
                Comparison::Equal => (value - target).abs(),
            });
            let must_fall = match is {
                Comparison::AtMost | Comparison::Below => true,
                Comparison::Equal => value > target,
                Comparison::AtLeast | Comparison::Above => false,
            };
            if need <= 0 {
                0
            } else if grows && must_fall {
                CLOSED
            } else {
                let span = i64::from(span.max(1));
                let scaled = (need * i64::from(FAR) + span - 1) / span;
                scaled.clamp(1, i64::from(FAR)) as u32
            }
        };
        let children = |span: &std::ops::Range<u32>| {
            span.clone()
                .map(|k| self.gap(s, c.cond_children[k as usize], want, actor))
                .collect::<Vec<u32>>()
        };
        let all = |gaps: Vec<u32>| gaps.into_iter().fold(0u32, u32::saturating_add).min(CLOSED);
        let any = |gaps: Vec<u32>| gaps.into_iter().min().unwrap_or(CLOSED);
        let cap = self.turn_cap as i32;
        match &c.conds[cond as usize] {
            Cond::True => {
                if want {
                    0
                } else {
                    CLOSED
                }
            }
            // Wanting all to hold, or any to fail, needs every part; the others one part.
            Cond::All(span) if want => all(children(span)),
            Cond::All(span) => any(children(span)),
            Cond::Any(span) if want => any(children(span)),
            Cond::Any(span) => all(children(span)),
            Cond::Not(inner) => self.gap(s, *inner, !want, actor),
            Cond::Flag(flag) => match (s.flag(*flag), want) {
                (now, want) if now == want => 0,
                _ if self.flag_can_become(s, *flag, want) => FAR,
                _ => CLOSED,
            },
            Cond::Chose(key) => match (s.has_chosen(*key), want) {
                (now, want) if now == want => 0,
                // A choice once made stays made.
                (true, false) => CLOSED,
                _ if meets(
                    &self.ahead[s.stage as usize],
                    &self.chosen_at[*key as usize],
                ) =>
                {
                    FAR
                }
                _ => CLOSED,
            },
            Cond::Agreement(_) => {
                if eval(c, s, cond, actor) == want {
                    0
                } else {
                    FAR
                }
            }
            Cond::Slot { slot, is, value } => {
                let slot = match *slot {
                    SlotRef::Fixed(slot) => slot,
                    SlotRef::Actor(base) => base + actor,
                } as usize;
                let info = &c.slots[slot];
                let span = info.max.saturating_sub(info.min).saturating_add(1);
                numeric(s.cells[slot], *is, *value, span, false)
            }
            Cond::Visits { stage, is, value } => {
                numeric(s.visits[*stage as usize] as i32, *is, *value, cap, true)
            }
            Cond::Turn { is, value } => numeric(s.turn as i32, *is, *value, cap, true),
        }
    }
}

/// Every (flag, set or cleared) in a span of effects, delayed ones included.
fn flags_touched(c: &Compiled, span: std::ops::Range<u32>, out: &mut Vec<(u32, bool)>) {
    for e in span {
        match &c.effects[e as usize] {
            Eff::SetFlag(flag) => out.push((*flag, true)),
            Eff::ClearFlag(flag) => out.push((*flag, false)),
            Eff::After { effects, .. } => flags_touched(c, effects.clone(), out),
            _ => {}
        }
    }
}

/// Which parts of a state can change what happens next in this exercise, so that states
/// differing only in the others count as one.
struct KeyParts {
    /// The turn number matters only to `Turn` conditions and triggers.
    turn: bool,
    /// Visit counts matter only to `Visits` conditions.
    visits: bool,
    /// Past choices matter only to `Chose` conditions.
    chosen: bool,
    /// Stages whose first visit is a target: whether each was visited.
    target_stages: Vec<u32>,
}

impl KeyParts {
    fn new(c: &Compiled, targets: &[Target]) -> KeyParts {
        KeyParts {
            turn: c.conds.iter().any(|k| matches!(k, Cond::Turn { .. }))
                || !c.turn_injects.is_empty(),
            visits: c.conds.iter().any(|k| matches!(k, Cond::Visits { .. })),
            chosen: c.conds.iter().any(|k| matches!(k, Cond::Chose(_))),
            target_stages: targets
                .iter()
                .filter_map(|t| match t {
                    Target::Stage(s) => Some(*s),
                    _ => None,
                })
                .collect(),
        }
    }

    /// A 128-bit digest of everything in a state that decides what can happen next.
    /// Turn numbers stored in the state (delayed effects, inject history) are kept
    /// relative to the current turn, so equal situations in different turns match.
    fn key(&self, c: &Compiled, seed: u64, s: &State) -> u128 {
        let mut halves = [0u64; 2];
        for (half, salt) in halves.iter_mut().zip([0x5eed_u64, 0xfeed]) {
            let mut h = std::hash::DefaultHasher::new();
            salt.hash(&mut h);
            seed.hash(&mut h);
            s.stage.hash(&mut h);
            if self.turn {
                s.turn.hash(&mut h);
            }
            (s.phase == Phase::Ended).hash(&mut h);
            s.ending.hash(&mut h);
            // Indicators and flags.
            s.cells.hash(&mut h);
            if self.visits {
                s.visits.hash(&mut h);
            }
            for &stage in &self.target_stages {
                (s.visits[stage as usize] > 0).hash(&mut h);
            }
            if self.chosen {
                s.chosen_keys.hash(&mut h);
            }
            for p in &s.pending {
                (p.due.saturating_sub(s.turn), p.effect, p.actor).hash(&mut h);
            }
            for f in &s.in_force {
                (f.agreement, f.from, f.to).hash(&mut h);
            }
            for (inject, &last) in s.inject_last.iter().enumerate() {
                let since = match c.injects[inject].trigger {
                    CTrigger::Random { cooldown, .. } if last > 0 => {
                        s.turn.saturating_sub(last).min(cooldown + 1)
                    }
                    _ => 0,
                };
                (last > 0, since).hash(&mut h);
            }
            s.rng.position().hash(&mut h);
            *half = h.finish();
        }
        (u128::from(halves[0]) << 64) | u128::from(halves[1])
    }
}

/// One turn's moves: at most one offer (accepted), then a choice per acting role.
#[derive(Debug, Clone)]
struct Plan {
    offer: Option<(u32, u32, u32)>,
    choices: Vec<(u32, u32)>,
}

/// Play one turn from its start; the engine moves that make it, or `None` if the engine
/// refused one (which a valid plan never causes).
fn play_turn(c: &Compiled, s: &mut State, plan: &Plan) -> Option<Vec<Act>> {
    let mut moves = Vec::with_capacity(plan.choices.len() + 3);
    let turn = s.turn;
    if let Some((agreement, from, to)) = plan.offer {
        let act = Act::Offer {
            agreement,
            from,
            to,
        };
        step(c, s, act, &mut NoEvents).ok()?;
        moves.push(act);
    }
    for &(role, option) in &plan.choices {
        let act = Act::Decide { role, option };
        step(c, s, act, &mut NoEvents).ok()?;
        moves.push(act);
    }
    if plan.offer.is_some() && s.turn == turn && !s.is_ended() {
        let act = Act::Answer {
            offer: 0,
            accept: true,
        };
        step(c, s, act, &mut NoEvents).ok()?;
        moves.push(act);
    }
    if s.turn == turn && !s.is_ended() {
        step(c, s, Act::Continue, &mut NoEvents).ok()?;
        moves.push(Act::Continue);
    }
    (s.turn != turn || s.is_ended()).then_some(moves)
}

/// Every plan for the turn starting in `s`, in a fixed order.
fn plans(c: &Compiled, s: &State) -> Vec<Plan> {
    let mut deciding: Vec<(u32, Vec<u32>)> = c.stages[s.stage as usize]
        .decisions
        .clone()
        .map(|d| {
            let decision = &c.decisions[d as usize];
            let enabled = decision
                .options
                .clone()
                .filter(|&o| option_enabled(c, s, o))
                .collect();
            (decision.role, enabled)
        })
        .collect();
    deciding.sort_by_key(|(role, _)| *role);
    if deciding.iter().any(|(_, options)| options.is_empty()) {
        return Vec::new();
    }
    let mut offers: Vec<Option<(u32, u32, u32)>> = vec![None];
    for a in 0..c.agreements.len() as u32 {
        for from in 0..c.role_count as u32 {
            for to in 0..c.role_count as u32 {
                if can_offer(c, s, a, from, to) {
                    offers.push(Some((a, from, to)));
                }
            }
        }
    }
    let mut combos: Vec<Vec<(u32, u32)>> = vec![Vec::new()];
    for (role, options) in &deciding {
        let mut next = Vec::with_capacity(combos.len() * options.len());
        for combo in &combos {
            for &o in options {
                let mut longer = combo.clone();
                longer.push((*role, o));
                next.push(longer);
            }
        }
        combos = next;
    }
    let mut out = Vec::with_capacity(offers.len() * combos.len());
    for offer in offers {
        for choices in &combos {
            out.push(Plan {
                offer,
                choices: choices.clone(),
            });
        }
    }
    out
}

/// One plan chosen at random, as explore's uniform player would: each acting role picks
/// an enabled option; an offer is made one turn in four, and accepted.
fn random_plan(c: &Compiled, s: &State, chooser: &mut Chooser) -> Option<Plan> {
    let mut choices: Vec<(u32, u32)> = Vec::new();
    for d in c.stages[s.stage as usize].decisions.clone() {
        let decision = &c.decisions[d as usize];
        let enabled: Vec<u32> = decision
            .options
            .clone()
            .filter(|&o| option_enabled(c, s, o))
            .collect();
        if enabled.is_empty() {
            return None;
        }
        choices.push((
            decision.role,
            enabled[chooser.below(enabled.len() as u32) as usize],
        ));
    }
    choices.sort_by_key(|(role, _)| *role);
    let mut offer = None;
    if !c.agreements.is_empty() && chooser.below(4) == 0 {
        let mut possible = Vec::new();
        for a in 0..c.agreements.len() as u32 {
            for from in 0..c.role_count as u32 {
                for to in 0..c.role_count as u32 {
                    if can_offer(c, s, a, from, to) {
                        possible.push((a, from, to));
                    }
                }
            }
        }
        if !possible.is_empty() {
            offer = Some(possible[chooser.below(possible.len() as u32) as usize]);
        }
    }
    Some(Plan { offer, choices })
}

/// A state waiting to be expanded, ordered by (gap, distance, turn, order of discovery).
struct Frontier {
    key: Reverse<(u32, u32, u32, u64)>,
    node: u32,
    seed: u64,
    state: State,
}

impl PartialEq for Frontier {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Frontier {}
impl PartialOrd for Frontier {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Frontier {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

/// How a node was reached: its parent and the moves of the turn in between.
struct Step {
    parent: u32,
    moves: Vec<Act>,
}

const ROOT: u32 = u32::MAX;

struct Searcher<'a> {
    c: &'a Arc<Compiled>,
    targets: &'a [Target],
    target: Target,
    guide: Guide,
    look: &'a Lookahead<'a>,
    parts: KeyParts,
    bound: Bound,
}

impl<'a> Searcher<'a> {
    fn new(
        c: &'a Arc<Compiled>,
        look: &'a Lookahead<'a>,
        targets: &'a [Target],
        target: Target,
        bound: Bound,
    ) -> Self {
        Searcher {
            c,
            targets,
            target,
            guide: Guide::new(c, target),
            look,
            parts: KeyParts::new(c, targets),
            bound,
        }
    }

    /// Search the choices under every seed at once, best first, until the target is found
    /// or the states run out. Other targets reached on the way are recorded in `findings`
    /// as well.
    fn run(&mut self, findings: &mut [Option<Finding>]) -> Finding {
        let c: &Compiled = self.c;
        let seeds = if has_chance(c) {
            self.bound.seeds.max(1)
        } else {
            1
        };
        let own = self.targets.iter().position(|t| *t == self.target);
        let found = |findings: &[Option<Finding>]| own.and_then(|t| findings[t].clone());
        let limit = self.bound.states.max(1);
        let mut steps: Vec<Step> = Vec::new();
        // Each state seen, with the earliest turn it was seen in: where the turn is not part
        // of the key, the same state found earlier in the game has more turns left before
        // the cap, so it is explored again.
        let mut seen: HashMap<u128, u32> = HashMap::new();
        let mut frontier = BinaryHeap::new();
        let mut order = 0u64;
        let mut examined = 0usize;
        // Turns played in random playthroughs, limited apart from the search tree.
        let mut rolled = 0usize;
        for seed in 1..=seeds {
            let mut root = State::new(c, seed);
            begin(c, &mut root, &mut NoEvents);
            examined += 1;
            seen.insert(self.parts.key(c, seed, &root), root.turn);
            self.record(&root, ROOT, &[], &steps, seed, findings);
            if let Some(finding) = found(findings) {
                return finding;
            }
            order += 1;
            frontier.push(Frontier {
                key: Reverse(self.priority(&root, order)),
                node: ROOT,
                seed,
                state: root,
            });
        }
        let unreachable = |examined, exhaustive| Finding::Unreachable {
            states: examined,
            seeds,
            exhaustive,
        };
        while let Some(Frontier {
            node, seed, state, ..
        }) = frontier.pop()
        {
            if state.is_ended() || state.turn >= self.bound.turn_cap {
                continue;
            }
            if rolled < limit {
                order += 1;
                rolled +=
                    self.rollouts(&state, node, &steps, seed, order, limit - rolled, findings);
                if let Some(finding) = found(findings) {
                    return finding;
                }
            }
            for plan in plans(c, &state) {
                if examined >= limit {
                    return unreachable(examined, false);
                }
                let mut child = state.clone();
                let Some(moves) = play_turn(c, &mut child, &plan) else {
                    continue;
                };
                // Checked before the state is recognised as seen: choosing a target option
                // can leave the same state as choosing another.
                let tail = [moves];
                self.record(&child, node, &tail, &steps, seed, findings);
                if let Some(finding) = found(findings) {
                    return finding;
                }
                let [moves] = tail;
                match seen.entry(self.parts.key(c, seed, &child)) {
                    Entry::Occupied(mut earlier) => {
                        if *earlier.get() <= child.turn {
                            continue;
                        }
                        earlier.insert(child.turn);
                    }
                    Entry::Vacant(slot) => {
                        slot.insert(child.turn);
                    }
                }
                examined += 1;
                if child.is_ended() || self.guide.distance[child.stage as usize] == u32::MAX {
                    continue;
                }
                let key = self.priority(&child, order + 1);
                if key.0 >= CLOSED {
                    // No way into the target can open again from here.
                    continue;
                }
                steps.push(Step {
                    parent: node,
                    moves,
                });
                order += 1;
                frontier.push(Frontier {
                    key: Reverse(key),
                    node: (steps.len() - 1) as u32,
                    seed,
                    state: child,
                });
            }
        }
        unreachable(examined, true)
    }

    fn priority(&self, s: &State, order: u64) -> (u32, u32, u32, u64) {
        (
            self.guide.gap(self.look, s),
            self.guide.distance[s.stage as usize],
            s.turn,
            order,
        )
    }

    /// Record a verified witness for every open target this state reaches. The state was
    /// reached from node `parent` by the turns in `tail`, the last being this turn.
    fn record(
        &self,
        s: &State,
        parent: u32,
        tail: &[Vec<Act>],
        steps: &[Step],
        seed: u64,
        findings: &mut [Option<Finding>],
    ) {
        let last: &[Act] = tail.last().map_or(&[], Vec::as_slice);
        let mut path: Option<Vec<Act>> = None;
        for (t, target) in self.targets.iter().enumerate() {
            if findings[t].is_some() || !target.reached(s, last) {
                continue;
            }
            let acts = path.get_or_insert_with(|| {
                let mut turns: Vec<&[Act]> = tail.iter().rev().map(Vec::as_slice).collect();
                let mut at = parent;
                while at != ROOT {
                    turns.push(&steps[at as usize].moves);
                    at = steps[at as usize].parent;
                }
                turns.into_iter().rev().flatten().copied().collect()
            });
            let actions = to_actions(self.c, seed, acts);
            if verify(self.c, seed, &actions, *target) {
                findings[t] = Some(Finding::Reached(Witness {
                    seed,
                    actions,
                    turn: s.turn,
                }));
            }
        }
    }

    /// Random playthroughs from a state, as explore plays them, checking every turn for
    /// targets. They find what the guide cannot see, such as a target behind a run of
    /// ordinary choices. Returns the turns played.
    #[allow(clippy::too_many_arguments)]
    fn rollouts(
        &self,
        state: &State,
        node: u32,
        steps: &[Step],
        seed: u64,
        order: u64,
        budget: usize,
        findings: &mut [Option<Finding>],
    ) -> usize {
        let c: &Compiled = self.c;
        let mut played = 0;
        for r in 0..ROLLOUTS {
            let mut chooser = Chooser::new(explore::run_seed(seed ^ order.rotate_left(32), r));
            let mut s = state.clone();
            let mut tail: Vec<Vec<Act>> = Vec::new();
            while !s.is_ended() && s.turn < self.bound.turn_cap && played < budget {
                let Some(plan) = random_plan(c, &s, &mut chooser) else {
                    break;
                };
                let Some(moves) = play_turn(c, &mut s, &plan) else {
                    break;
                };
                played += 1;
                tail.push(moves);
                self.record(&s, node, &tail, steps, seed, findings);
            }
        }
        played
    }
}

/// The engine moves of a path as script actions, replayed from the seed to name the
/// offer each answer answers.
fn to_actions(c: &Compiled, seed: u64, acts: &[Act]) -> Vec<Action> {
    let ex = &c.exercise;
    let role = |r: u32| ex.roles[r as usize].id.clone();
    let mut s = State::new(c, seed);
    begin(c, &mut s, &mut NoEvents);
    let mut out = Vec::with_capacity(acts.len());
    for &act in acts {
        let action = match act {
            Act::Decide { role: r, option } => Action::Decide {
                role: role(r),
                option: c.option_model(option).id.to_string(),
                reason: None,
                persona: None,
            },
            Act::Offer {
                agreement,
                from,
                to,
            } => Action::Offer {
                from: role(from),
                to: role(to),
                agreement: ex.agreements[agreement as usize].id.clone(),
                persona: None,
            },
            Act::Answer { offer, accept } => {
                let o = s.offers[offer as usize];
                Action::Answer {
                    role: role(o.to),
                    agreement: ex.agreements[o.agreement as usize].id.clone(),
                    accept,
                    reason: None,
                    persona: None,
                }
            }
            _ => Action::Continue,
        };
        let _ = step(c, &mut s, act, &mut NoEvents);
        out.push(action);
    }
    out
}

/// Replay a witness exactly as `crossings run --seed N --script FILE` would, and check
/// that the target is reached.
pub fn verify(c: &Arc<Compiled>, seed: u64, actions: &[Action], target: Target) -> bool {
    let script = Script {
        exercise: Some(c.exercise.id.clone()),
        actions: actions.to_vec(),
        positions: Vec::new(),
        file: "witness".into(),
    };
    let controllers = run::controllers_for(c, &[], Some(&script));
    let Ok((session, _)) = run::run(
        Arc::clone(c),
        seed,
        controllers,
        Some(&script),
        Output::Json,
    ) else {
        return false;
    };
    let s = &session.state;
    match target {
        Target::Option(option) => session.turns.iter().any(|t| {
            t.events
                .iter()
                .any(|e| matches!(e, Event::Decided { option: o, .. } if *o == option))
        }),
        other => other.reached(s, &[]),
    }
}

/// A witness as a script file (RON), with the command that replays it in a comment.
pub fn script_text(c: &Compiled, item: &str, witness: &Witness, exercise_arg: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// {}",
        tr!(
            "deep.script.reaches",
            item = item,
            turn = witness.turn,
            seed = witness.seed
        )
    );
    let _ = writeln!(
        out,
        "//   crossings run {exercise_arg} --seed {} --script {}",
        witness.seed,
        tr!("deep.script.file")
    );
    let _ = writeln!(out, "Script(");
    let _ = writeln!(out, "    exercise: {:?},", c.exercise.id);
    let _ = writeln!(out, "    actions: [");
    for action in &witness.actions {
        let line = match action {
            Action::Decide { role, option, .. } => {
                format!("Decide(role: {role:?}, option: {option:?})")
            }
            Action::Offer {
                from,
                to,
                agreement,
                ..
            } => format!("Offer(from: {from:?}, to: {to:?}, agreement: {agreement:?})"),
            Action::Answer {
                role,
                agreement,
                accept,
                ..
            } => format!("Answer(role: {role:?}, agreement: {agreement:?}, accept: {accept})"),
            _ => "Continue".to_string(),
        };
        let _ = writeln!(out, "        {line},");
    }
    let _ = writeln!(out, "    ],");
    let _ = writeln!(out, ")");
    out
}

/// The readable report of `check --deep` for one file.
pub fn render_text(c: &Compiled, report: &DeepReport, file: &str, exercise_arg: &str) -> String {
    let mut out = String::new();
    let b = report.bound;
    if report.items.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            tr!("deep.all_reached", file = file, runs = report.runs)
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{}",
        trn!(
            "deep.missed",
            report.items.len(),
            file = file,
            runs = report.runs,
            cap = b.turn_cap,
            states = b.states
        )
    );
    for (item, finding) in &report.items {
        match finding {
            Finding::Reached(witness) => {
                let _ = writeln!(
                    out,
                    "{}",
                    tr!(
                        "deep.reachable",
                        file = file,
                        item = item,
                        turn = witness.turn,
                        seed = witness.seed
                    )
                );
                out.push_str(&script_text(c, item, witness, exercise_arg));
            }
            Finding::Unreachable {
                states,
                seeds,
                exhaustive,
            } => {
                let over_seeds = if *seeds > 1 {
                    tr!("deep.over_seeds", seeds = seeds)
                } else {
                    String::new()
                };
                let exhaustive = match (*exhaustive, *seeds > 1) {
                    (true, true) => tr!("deep.exhaustive_each_seed"),
                    (true, false) => tr!("deep.exhaustive"),
                    (false, _) => "",
                };
                let _ = writeln!(
                    out,
                    "{}",
                    tr!(
                        "deep.unreachable",
                        file = file,
                        item = item,
                        cap = b.turn_cap,
                        states = states,
                        over_seeds = over_seeds,
                        exhaustive = exhaustive
                    )
                );
            }
            Finding::FacilitatorOnly => {
                let _ = writeln!(
                    out,
                    "{}",
                    tr!("deep.facilitator_only", file = file, item = item)
                );
            }
        }
    }
    let unreachable = report.unreachable();
    let found = report
        .items
        .iter()
        .filter(|(_, f)| matches!(f, Finding::Reached(_)))
        .count();
    let _ = writeln!(
        out,
        "{}",
        tr!(
            "deep.summary",
            file = file,
            found = found,
            items = report.items.len(),
            unreachable = unreachable
        )
    );
    out
}
