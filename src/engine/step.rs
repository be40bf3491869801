//! The step function: one action in, state changed, events out.
//!
//! A turn runs in this order (the documented resolution order):
//!
//! 1. **Turn start** (on entering a stage): delayed effects due this turn land, in the order
//!    they were scheduled; then injects fire — those scheduled for this stage, those for
//!    this turn number, contingencies whose condition now holds (once each), and injects
//!    raised by effects — each in declaration order.
//! 2. **Decisions** arrive (and offers); in sequential exercises in role order.
//! 3. **Answers** to this turn's offers, once every decision is in.
//! 4. **Resolution**: decision effects in role order; accepted agreements' effects in the
//!    order offered; breaches of agreements in force; then random injects in declaration
//!    order, one chance draw each.
//! 5. **Transition**: the first of the stage's transitions whose condition holds.
//!
//! Random draws, in order, come only from `AddRandom` effects (one draw each, as they
//! apply) and random injects (one roll in 0..100 each, when eligible). Every draw is
//! reported as an event. The generator is never re-seeded during a session.

use super::compiled::{CTrigger, CellUpdate, Compiled, Cond, Eff, SlotRef, Span, Switch, Target};
use super::event::{Event, EventSink, InjectCause};
use super::program::{Gate, Op, leaf};
use super::state::{InForce, Offer, Pending, Phase, State};
use thiserror::Error;

/// An action resolved to indices, ready for `step`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Decide {
        role: u32,
        option: u32,
    },
    Offer {
        agreement: u32,
        from: u32,
        to: u32,
    },
    Answer {
        offer: u32,
        accept: bool,
    },
    Continue,
    InjectNow {
        inject: Option<u32>,
    },
    Adjust {
        slot: u32,
        by: i32,
    },
    Pause,
    Resume,
    SkipTo {
        stage: u32,
    },
    Conclude,
    /// Actions that change no engine state (notes, ratings, showing tags).
    Nothing,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ActionError {
    #[error("the exercise has ended")]
    Ended,
    #[error("there is no role `{0}` in this exercise")]
    UnknownRole(String),
    #[error("{0} has no decision to make this turn")]
    NoDecision(String),
    #[error("{0} has already decided this turn")]
    AlreadyDecided(String),
    #[error("`{option}` is not an option open to {role} this turn")]
    NoSuchOption { role: String, option: String },
    #[error("decisions are taken in order this turn: {0} decides first")]
    NotYourTurn(String),
    #[error("every decision is in; offers are answered now")]
    DecisionsClosed,
    #[error("there is no agreement `{0}` in this exercise")]
    UnknownAgreement(String),
    #[error("{from} cannot offer `{agreement}` to {to}")]
    CannotOffer {
        from: String,
        to: String,
        agreement: String,
    },
    #[error(
        "`{agreement}` cannot be offered now: it is already offered or in force between {from} and {to}, or not yet available"
    )]
    AlreadyOffered {
        from: String,
        to: String,
        agreement: String,
    },
    #[error("{role} has no open offer of `{agreement}` to answer")]
    NoSuchOffer { role: String, agreement: String },
    #[error("there is no indicator `{0}` in this exercise")]
    UnknownIndicator(String),
    #[error("`{0}` has one value per role: say which role to adjust")]
    RoleNeeded(String),
    #[error("`{0}` has one value for everyone: adjust it without a role")]
    GlobalIndicator(String),
    #[error("there is no stage `{0}` in this exercise")]
    UnknownStage(String),
    #[error("there is no inject `{0}` in this exercise")]
    UnknownInject(String),
    #[error("there is no learning objective `{0}` in this exercise")]
    UnknownObjective(String),
    #[error("someone still has a decision to make, so the turn cannot move on")]
    StillDeciding,
    #[error("there is no decision, offer or answer to undo this turn")]
    NothingToUndo,
    #[error("cannot rewind to turn {turn}: the session is at turn {current}")]
    NoSuchTurn { turn: u32, current: u32 },
    #[error("an inject needs either an `id` or a `text`")]
    EmptyInject,
    #[error(
        "a knowledge-check score of {score} is more than the number of questions asked ({questions})"
    )]
    ScoreOutOfRange { score: u32, questions: u32 },
    #[error(
        "the session has logged {0} actions, its limit; conclude it, or start a new session from the debrief"
    )]
    LogFull(usize),
    #[error("a text of {chars} characters is longer than the limit of {limit}")]
    TextTooLong { chars: usize, limit: usize },
}

/// Start a session: enter the first stage as turn 1.
pub fn begin(c: &Compiled, s: &mut State, sink: &mut impl EventSink) {
    enter_stage(c, s, c.start, sink);
}

/// Apply one resolved action.
pub fn step(
    c: &Compiled,
    s: &mut State,
    act: Act,
    sink: &mut impl EventSink,
) -> Result<(), ActionError> {
    if s.is_ended() && !matches!(act, Act::Nothing) {
        return Err(ActionError::Ended);
    }
    match act {
        Act::Decide { role, option } => {
            if s.phase != Phase::Deciding {
                return Err(ActionError::DecisionsClosed);
            }
            s.choices[role as usize] = Some(option);
            sink.emit(Event::Decided { role, option });
            advance_if_ready(c, s, sink);
        }
        Act::Offer {
            agreement,
            from,
            to,
        } => {
            s.offers.push(Offer {
                agreement,
                from,
                to,
                answer: None,
            });
            s.offer_history.push((agreement, from, to));
            sink.emit(Event::OfferMade {
                agreement,
                from,
                to,
            });
        }
        Act::Answer { offer, accept } => {
            let o = &mut s.offers[offer as usize];
            o.answer = Some(accept);
            sink.emit(Event::OfferAnswered {
                agreement: o.agreement,
                from: o.from,
                to: o.to,
                accepted: accept,
            });
            advance_if_ready(c, s, sink);
        }
        Act::Continue => {
            if awaiting_decision(c, s).is_some() || s.offers.iter().any(|o| o.answer.is_none()) {
                return Err(ActionError::StillDeciding);
            }
            resolve_turn(c, s, sink);
        }
        Act::InjectNow { inject } => {
            if let Some(inject) = inject {
                fire_inject(c, s, inject, InjectCause::Facilitator, sink);
            }
        }
        Act::Adjust { slot, by } => {
            sink.emit(Event::Adjusted { slot, by });
            // An adjustment adds to the slot as an `Add` effect would.
            let add = c.update(&Eff::Add {
                slot: SlotRef::Fixed(slot),
                by,
            });
            apply_update(c, s, &add, 0, sink);
        }
        Act::Pause => {
            s.paused = true;
            sink.emit(Event::Paused);
        }
        Act::Resume => {
            s.paused = false;
            sink.emit(Event::Resumed);
        }
        Act::SkipTo { stage } => {
            sink.emit(Event::SkippedTo { stage });
            sink.emit(Event::Transitioned {
                from: s.stage,
                to_stage: Some(stage),
                to_ending: None,
            });
            enter_stage(c, s, stage, sink);
        }
        Act::Conclude => {
            sink.emit(Event::Concluded);
            let ending = concluding_ending(c, s);
            finish(s, ending, sink);
        }
        Act::Nothing => {}
    }
    Ok(())
}

/// The first role (in declaration order) that still has to decide this turn.
pub fn awaiting_decision(c: &Compiled, s: &State) -> Option<u32> {
    if s.phase != Phase::Deciding {
        return None;
    }
    let stage = &c.stages[s.stage as usize];
    let mut first: Option<u32> = None;
    for d in stage.decisions.clone() {
        let role = c.decisions[d as usize].role;
        if s.choices[role as usize].is_none() && first.is_none_or(|f| role < f) {
            first = Some(role);
        }
    }
    first
}

/// Every role that has a decision this turn and has not made it, in role order.
pub fn roles_awaiting(c: &Compiled, s: &State) -> Vec<u32> {
    if s.phase != Phase::Deciding {
        return Vec::new();
    }
    let mut roles: Vec<u32> = c.stages[s.stage as usize]
        .decisions
        .clone()
        .map(|d| c.decisions[d as usize].role)
        .filter(|&r| s.choices[r as usize].is_none())
        .collect();
    roles.sort_unstable();
    roles
}

#[inline(always)]
pub fn option_enabled(c: &Compiled, s: &State, option: u32) -> bool {
    let o = &c.options[option as usize];
    passes(c, s, &o.gate, o.role)
}

/// Whether a gate lets through: as [`eval`] of the condition it was made from.
#[inline(always)]
pub fn passes(c: &Compiled, s: &State, gate: &Gate, actor: u32) -> bool {
    match *gate {
        Gate::Cell(test) => test.holds(&s.cells),
        _ => passes_rarer_gate(c, s, gate, actor),
    }
}

/// [`passes`] for the rarer gates, out of line so that the common one stays small
/// wherever it is inlined.
#[inline(never)]
fn passes_rarer_gate(c: &Compiled, s: &State, gate: &Gate, actor: u32) -> bool {
    match *gate {
        Gate::Test { ref op, negate } => leaf(op, s, actor) != negate,
        Gate::Program(cond) => eval_program(c, s, cond, actor),
        Gate::Cell(test) => test.holds(&s.cells),
    }
}

/// Whether a role may make this offer now.
pub fn can_offer(c: &Compiled, s: &State, agreement: u32, from: u32, to: u32) -> bool {
    let a = &c.agreements[agreement as usize];
    // The cheap tests first: the condition is evaluated only for pairs that may offer.
    from != to
        && a.offered_by & (1 << from) != 0
        && a.offered_to & (1 << to) != 0
        && a.when.is_none_or(|w| eval(c, s, w, from))
        && !s
            .in_force
            .iter()
            .any(|f| f.agreement == agreement && f.from == from && f.to == to)
        && !s
            .offers
            .iter()
            .any(|o| o.agreement == agreement && o.from == from && o.to == to)
}

fn advance_if_ready(c: &Compiled, s: &mut State, sink: &mut impl EventSink) {
    if awaiting_decision(c, s).is_some() {
        return;
    }
    if s.offers.iter().any(|o| o.answer.is_none()) {
        s.phase = Phase::Answering;
        return;
    }
    // A stage without decisions waits for an explicit `Continue`.
    if c.stages[s.stage as usize].decisions.is_empty() {
        return;
    }
    resolve_turn(c, s, sink);
}

/// Resolve the turn with the choices already in `s.choices` (one per acting role) and
/// the offers already answered. For explore, which sets every choice at once instead of
/// stepping one decision at a time; the outcome is the same as stepping them.
pub fn resolve_with_choices(c: &Compiled, s: &mut State, sink: &mut impl EventSink) {
    resolve_turn(c, s, sink);
}

fn resolve_turn(c: &Compiled, s: &mut State, sink: &mut impl EventSink) {
    sink.emit(Event::Resolving { turn: s.turn });
    // Decision effects, in role order. Only roles with a decision here can have chosen.
    let mut acting = c.stages[s.stage as usize].acting_roles;
    while acting != 0 {
        let role = acting.trailing_zeros();
        acting &= acting - 1;
        if let Some(option) = s.choices[role as usize] {
            let o = &c.options[option as usize];
            let key = o.choice_key;
            s.chosen_keys[(key / 64) as usize] |= 1 << (key % 64);
            apply_effects(c, s, o.effects.clone(), role, sink);
        }
    }
    // Agreements: rare enough to keep out of line, so a turn without them pays nothing.
    if !(s.offers.is_empty() && s.in_force.is_empty()) {
        resolve_agreements(c, s, sink);
    }
    // Random events: those of any stage and those of this stage, merged back into
    // declaration order (the documented draw order).
    let (anywhere, here) = (
        &c.random_injects,
        &c.stages[s.stage as usize].random_injects,
    );
    if anywhere.is_empty() {
        // The common case: only this stage's own.
        for &inject in here {
            draw_random_inject(c, s, inject, sink);
        }
    } else {
        let (mut a, mut h) = (0, 0);
        while a < anywhere.len() || h < here.len() {
            let inject = if h >= here.len() || (a < anywhere.len() && anywhere[a] < here[h]) {
                a += 1;
                anywhere[a - 1]
            } else {
                h += 1;
                here[h - 1]
            };
            draw_random_inject(c, s, inject, sink);
        }
    }
    // Validation requires a fallback; should a compiled exercise lack one, end cleanly.
    match next_target(c, s) {
        Some(Target::Stage(next)) => {
            sink.emit(Event::Transitioned {
                from: s.stage,
                to_stage: Some(next),
                to_ending: None,
            });
            enter_stage(c, s, next, sink);
        }
        Some(Target::Ending(ending)) => {
            sink.emit(Event::Transitioned {
                from: s.stage,
                to_stage: None,
                to_ending: Some(ending),
            });
            finish(s, Some(ending), sink);
        }
        None => finish(s, None, sink),
    }
}

/// The agreement part of resolution: accepted offers come into force in the order
/// offered (their effects applied), then agreements in force are tested for breach.
#[inline(never)]
fn resolve_agreements(c: &Compiled, s: &mut State, sink: &mut impl EventSink) {
    // Agreements offered this turn, in the order offered.
    if !s.offers.is_empty() {
        let offers = std::mem::take(&mut s.offers);
        for offer in offers.iter() {
            if offer.answer == Some(true) {
                s.in_force.push(InForce {
                    agreement: offer.agreement,
                    from: offer.from,
                    to: offer.to,
                    since: s.turn,
                });
                let a = &c.agreements[offer.agreement as usize];
                apply_effects(c, s, a.offerer_effects.clone(), offer.from, sink);
                apply_effects(c, s, a.receiver_effects.clone(), offer.to, sink);
            }
        }
        s.offers = offers;
        s.offers.clear();
    }
    // Breaches of agreements in force.
    let mut i = 0;
    while i < s.in_force.len() {
        let f = s.in_force[i];
        let a = &c.agreements[f.agreement as usize];
        let broken = a.breach.is_some_and(|b| eval(c, s, b, f.from));
        if broken {
            s.in_force.remove(i);
            sink.emit(Event::AgreementBroken {
                agreement: f.agreement,
                from: f.from,
                to: f.to,
            });
            apply_effects(c, s, a.breach_effects.clone(), f.from, sink);
        } else {
            i += 1;
        }
    }
}

/// Where the current stage leads: the target of its first transition whose condition
/// holds.
#[inline(always)]
pub(crate) fn next_target(c: &Compiled, s: &State) -> Option<Target> {
    let stage = &c.stages[s.stage as usize];
    match &stage.switch {
        Some(switch) => switched_target(c, s, switch, stage.transitions.clone()),
        None if stage.transitions_test_cells => {
            first_passing_of_cells(c, s, stage.transitions.clone())
        }
        None => first_passing(c, s, stage.transitions.clone()),
    }
}

/// The target of the first of `transitions` whose condition holds.
#[inline(always)]
fn first_passing(c: &Compiled, s: &State, transitions: Span) -> Option<Target> {
    let span = transitions.start as usize..transitions.end as usize;
    for tr in &c.transitions[span] {
        if passes(c, s, &tr.gate, 0) {
            return Some(tr.target);
        }
    }
    None
}

/// As [`first_passing`], for transitions whose gates all test one cell. Up to 32 at a
/// time, every gate is tested and the results gathered in the bits of a word: finding
/// the first that passes then costs no branch, where testing them in turn costs one
/// that the processor mispredicts about once a turn. A cell test is a few instructions
/// and has no side effects, so testing the later ones too is cheaper than the miss.
#[inline(always)]
fn first_passing_of_cells(c: &Compiled, s: &State, transitions: Span) -> Option<Target> {
    let span = transitions.start as usize..transitions.end as usize;
    for chunk in c.transitions[span].chunks(32) {
        let mut passing = 0u32;
        for (k, tr) in chunk.iter().enumerate() {
            passing |= u32::from(passes(c, s, &tr.gate, 0)) << k;
        }
        if passing != 0 {
            return Some(chunk[passing.trailing_zeros() as usize].target);
        }
    }
    None
}

/// As [`first_passing`] for transitions that open with a [`Switch`]: out of line, so
/// that stages without one pay nothing for it.
#[inline(never)]
fn switched_target(c: &Compiled, s: &State, switch: &Switch, transitions: Span) -> Option<Target> {
    let value = s.cells[switch.slot as usize];
    match switch.cases.binary_search_by_key(&value, |&(v, _)| v) {
        Ok(k) => Some(c.transitions[switch.cases[k].1 as usize].target),
        // None of the transitions the table stands for holds.
        Err(_) => first_passing(c, s, transitions.start + switch.covers..transitions.end),
    }
}

/// The chance draw of one random inject at resolution, if it is eligible now.
#[inline]
fn draw_random_inject(c: &Compiled, s: &mut State, inject: u32, sink: &mut impl EventSink) {
    let CTrigger::Random {
        percent,
        when,
        once,
        cooldown,
        ..
    } = c.injects[inject as usize].trigger
    else {
        return;
    };
    let last = s.inject_last[inject as usize];
    let eligible = !(once && last > 0)
        && (last == 0 || s.turn > last.saturating_add(cooldown))
        && when.is_none_or(|w| eval_out_of_line(c, s, w, 0));
    if !eligible {
        return;
    }
    let roll = s.rng.percent();
    let happened = roll < percent;
    sink.emit(Event::ChanceDrawn {
        inject,
        percent,
        roll,
        happened,
    });
    if happened {
        fire_inject(c, s, inject, InjectCause::Chance, sink);
    }
}

fn finish(s: &mut State, ending: Option<u32>, sink: &mut impl EventSink) {
    s.phase = Phase::Ended;
    s.ending = ending;
    sink.emit(Event::Ended { ending });
}

/// The ending used when the facilitator concludes early: the first whose `when` holds,
/// else the first without a condition.
fn concluding_ending(c: &Compiled, s: &State) -> Option<u32> {
    let by_condition = c
        .ending_when
        .iter()
        .position(|w| w.is_some_and(|w| eval(c, s, w, 0)));
    by_condition
        .or_else(|| c.ending_when.iter().position(Option::is_none))
        .map(|e| e as u32)
}

fn enter_stage(c: &Compiled, s: &mut State, stage: u32, sink: &mut impl EventSink) {
    s.turn += 1;
    s.stage = stage;
    s.phase = Phase::Deciding;
    s.visits[stage as usize] += 1;
    s.choices.fill(None);
    s.offers.clear();
    sink.emit(Event::TurnStarted {
        turn: s.turn,
        stage,
    });
    // Most turns start with nothing due and nothing to fire: the rest is out of line.
    if !(s.pending.is_empty()
        && s.raised.is_empty()
        && c.stages[stage as usize].entry_injects.is_empty()
        && c.turn_injects.is_empty()
        && c.contingent_injects.is_empty())
    {
        start_turn(c, s, stage, sink);
    }
}

/// The rest of a turn's start: delayed effects due, then injects.
#[inline(never)]
fn start_turn(c: &Compiled, s: &mut State, stage: u32, sink: &mut impl EventSink) {
    // 1. Delayed effects due now, in scheduling order.
    let mut k = 0;
    while k < s.pending.len() {
        if s.pending[k].due <= s.turn {
            let p = s.pending.remove(k);
            sink.emit(Event::DelayedLanded {
                effect: p.effect,
                actor: p.actor,
            });
            if let Eff::After { effects, .. } = &c.effects[p.effect as usize] {
                apply_effects(c, s, effects.clone(), p.actor, sink);
            }
        } else {
            k += 1;
        }
    }
    // 2. Injects: stage entry, turn number, contingencies, raised.
    for k in 0..c.stages[stage as usize].entry_injects.len() {
        let inject = c.stages[stage as usize].entry_injects[k];
        fire_inject(c, s, inject, InjectCause::Stage, sink);
    }
    for k in 0..c.turn_injects.len() {
        let inject = c.turn_injects[k];
        if matches!(c.injects[inject as usize].trigger, CTrigger::Turn(t) if t == s.turn) {
            fire_inject(c, s, inject, InjectCause::Turn, sink);
        }
    }
    for k in 0..c.contingent_injects.len() {
        let inject = c.contingent_injects[k];
        if s.inject_last[inject as usize] > 0 {
            continue;
        }
        if let CTrigger::When(cond) = c.injects[inject as usize].trigger
            && eval(c, s, cond, 0)
        {
            fire_inject(c, s, inject, InjectCause::Condition, sink);
        }
    }
    // Raised injects may raise others; each fires at most once per turn start.
    let mut fired_now = 0;
    while !s.raised.is_empty() && fired_now < c.injects.len() {
        let inject = s.raised.remove(0);
        if s.inject_last[inject as usize] != s.turn {
            fire_inject(c, s, inject, InjectCause::Raised, sink);
        }
        fired_now += 1;
    }
    s.raised.clear();
}

fn fire_inject(
    c: &Compiled,
    s: &mut State,
    inject: u32,
    cause: InjectCause,
    sink: &mut impl EventSink,
) {
    s.inject_last[inject as usize] = s.turn.max(1);
    sink.emit(Event::InjectFired { inject, cause });
    let i = &c.injects[inject as usize];
    apply_effects(c, s, i.effects.clone(), i.role.unwrap_or(0), sink);
}

#[inline]
fn resolve_slot(slot: SlotRef, actor: u32) -> u32 {
    match slot {
        SlotRef::Fixed(s) => s,
        SlotRef::Actor(base) => base + actor,
    }
}

#[inline(always)]
fn apply_effects<S: EventSink>(c: &Compiled, s: &mut State, span: Span, actor: u32, sink: &mut S) {
    for e in span {
        let update = &c.updates[e as usize];
        if update.rare {
            apply_effect(c, s, e, actor, sink);
        } else {
            apply_update(c, s, update, actor, sink);
        }
    }
}

/// Add to, draw into or set an indicator, or set or clear a flag: the same few
/// instructions for each (see [`CellUpdate`]).
#[inline(always)]
fn apply_update<S: EventSink>(
    c: &Compiled,
    s: &mut State,
    u: &CellUpdate,
    actor: u32,
    sink: &mut S,
) {
    let cell = (u.cell + (actor & u.actor_mask)) as usize;
    let drawn = s.rng.offset(u.add, u.spread, u.draws);
    let before = s.cells[cell];
    // `min` and `max` rather than `clamp`: they compile to conditional moves.
    let after = (i64::from(before & u.keep_mask) + i64::from(u.add) + drawn)
        .min(i64::from(u.max))
        .max(i64::from(u.min)) as i32;
    s.cells[cell] = after;
    if S::WANTS_CHANGES {
        report_update(c, u, cell as u32, before, after, drawn, sink);
    }
}

/// The events of an update, as a session records them.
#[inline(never)]
fn report_update(
    c: &Compiled,
    u: &CellUpdate,
    cell: u32,
    before: i32,
    after: i32,
    drawn: i64,
    sink: &mut impl EventSink,
) {
    let is_slot = (cell as usize) < c.slots.len();
    if u.draws {
        sink.emit(Event::RangeDrawn {
            slot: cell,
            min: u.add,
            max: (i64::from(u.add) + i64::from(u.spread)) as i32,
            value: (i64::from(u.add) + drawn) as i32,
        });
    }
    if after != before {
        sink.emit(if is_slot {
            Event::IndicatorChanged {
                slot: cell,
                before,
                after,
            }
        } else {
            Event::FlagChanged {
                flag: cell - c.slots.len() as u32,
                on: after != 0,
            }
        });
    }
}

/// The effects that are not cell updates: raising an event, revealing an indicator,
/// scheduling delayed effects.
#[inline(never)]
fn apply_effect<S: EventSink>(c: &Compiled, s: &mut State, e: u32, actor: u32, sink: &mut S) {
    match c.effects[e as usize] {
        Eff::Raise(inject) => s.raised.push(inject),
        Eff::Reveal(slot) => {
            let slot = resolve_slot(slot, actor) as usize;
            if !s.revealed[slot] {
                s.revealed[slot] = true;
                sink.emit(Event::Revealed {
                    slot: slot as u32,
                    value: s.cells[slot],
                });
            }
        }
        Eff::After { turns, .. } => {
            let due = s.turn.saturating_add(turns);
            s.pending.push(Pending {
                due,
                effect: e,
                actor,
            });
            sink.emit(Event::DelayedScheduled { effect: e, due });
        }
        Eff::Add { .. }
        | Eff::AddRandom { .. }
        | Eff::Set { .. }
        | Eff::SetFlag(_)
        | Eff::ClearFlag(_) => apply_update(c, s, &c.updates[e as usize], actor, sink),
    }
}

/// Evaluate a compiled condition; `actor` resolves per-role indicators named without a role.
#[inline(always)]
pub fn eval(c: &Compiled, s: &State, cond: u32, actor: u32) -> bool {
    // Most conditions are a single test, or one negated: evaluated here, without a call.
    let span = &c.cond_programs[cond as usize];
    if span.end.wrapping_sub(span.start) <= 2
        && let Some(ops) = c.program.get(span.start as usize..span.end as usize)
    {
        match ops {
            [op] => return leaf(op, s, actor),
            [op, Op::Not] => return !leaf(op, s, actor),
            _ => {}
        }
    }
    eval_program(c, s, cond, actor)
}

/// [`eval`], not inlined: for conditions off the hot path.
#[inline(never)]
fn eval_out_of_line(c: &Compiled, s: &State, cond: u32, actor: u32) -> bool {
    eval(c, s, cond, actor)
}

#[inline(never)]
fn eval_program(c: &Compiled, s: &State, cond: u32, actor: u32) -> bool {
    let span = &c.cond_programs[cond as usize];
    // `program::TREE` is out of every program's bounds.
    match c.program.get(span.start as usize..span.end as usize) {
        Some(ops) => super::program::run(ops, s, actor),
        None => eval_tree(c, s, cond, actor),
    }
}

/// The same by walking the tree of `Cond`s: for conditions too deep for a program.
pub(crate) fn eval_tree(c: &Compiled, s: &State, cond: u32, actor: u32) -> bool {
    match &c.conds[cond as usize] {
        Cond::True => true,
        Cond::All(span) => span
            .clone()
            .all(|k| eval_tree(c, s, c.cond_children[k as usize], actor)),
        Cond::Any(span) => span
            .clone()
            .any(|k| eval_tree(c, s, c.cond_children[k as usize], actor)),
        Cond::Not(inner) => !eval_tree(c, s, *inner, actor),
        Cond::Slot { slot, is, value } => {
            is.holds(s.cells[resolve_slot(*slot, actor) as usize], *value)
        }
        Cond::Chose(key) => s.has_chosen(*key),
        Cond::Flag(flag) => s.flag(*flag),
        Cond::Visits { stage, is, value } => is.holds(s.visits[*stage as usize] as i32, *value),
        Cond::Turn { is, value } => is.holds(s.turn as i32, *value),
        Cond::Agreement(a) => s.agreement_in_force(*a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::dice::Dice;
    use crate::sim::explore::Chooser;

    /// What each effect does, written out kind by kind: the reference the cell updates
    /// must agree with. Returns the cell changed and its value after.
    fn reference(c: &Compiled, s: &mut State, e: u32, actor: u32) -> Option<(usize, i32)> {
        let clamp_slot = |slot: u32, v: i64| {
            let info = &c.slots[slot as usize];
            v.clamp(i64::from(info.min), i64::from(info.max)) as i32
        };
        match c.effects[e as usize] {
            Eff::Add { slot, by } => {
                let slot = resolve_slot(slot, actor);
                let v = i64::from(s.cells[slot as usize]) + i64::from(by);
                Some((slot as usize, clamp_slot(slot, v)))
            }
            Eff::AddRandom { slot, min, max } => {
                let slot = resolve_slot(slot, actor);
                let drawn = i64::from(min) + s.rng.offset(min, max.wrapping_sub(min) as u32, true);
                let v = i64::from(s.cells[slot as usize]) + drawn;
                Some((slot as usize, clamp_slot(slot, v)))
            }
            Eff::Set { slot, value } => {
                let slot = resolve_slot(slot, actor);
                Some((slot as usize, clamp_slot(slot, i64::from(value))))
            }
            Eff::SetFlag(flag) => Some((c.flag_cell(flag) as usize, 1)),
            Eff::ClearFlag(flag) => Some((c.flag_cell(flag) as usize, 0)),
            Eff::Raise(_) | Eff::Reveal(_) | Eff::After { .. } => None,
        }
    }

    #[test]
    fn cell_updates_do_what_each_kind_of_effect_does_with_either_dice() {
        let mut exercises: Vec<Compiled> = crate::exercises::shipped()
            .into_iter()
            .map(|l| (*l.compiled).clone())
            .collect();
        let synth = crate::scenario::load::parse_exercise("synth", &crate::sim::synth::synth(20));
        exercises.push(crate::engine::compile(&synth.unwrap()).unwrap());
        let mut pick = Chooser::new(11);
        for c in &exercises {
            for dice in [Dice::session(3), Dice::explore(3)] {
                let mut s = State::new(c, 3);
                s.rng = dice;
                for round in 0..20 {
                    for (slot, info) in c.slots.iter().enumerate() {
                        let width = (i64::from(info.max) - i64::from(info.min) + 1) as u32;
                        s.cells[slot] = info.min + pick.below(width.max(1)) as i32;
                    }
                    for e in 0..c.effects.len() as u32 {
                        let actor = pick.below(c.role_count as u32);
                        let mut want = s.clone();
                        let Some((cell, value)) = reference(c, &mut want, e, actor) else {
                            continue;
                        };
                        want.cells[cell] = value;
                        let mut events = Vec::new();
                        apply_update(c, &mut s, &c.updates[e as usize], actor, &mut events);
                        assert_eq!(
                            s.cells, want.cells,
                            "{} effect {e} round {round}",
                            c.exercise.id
                        );
                        // The same draws were made, so the dice stay in step.
                        assert_eq!(s.rng, want.rng, "{} effect {e}", c.exercise.id);
                    }
                }
            }
        }
    }
}
