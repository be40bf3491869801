//! The mutable state of one session. Plain data: cloned for checkpoints, rebuilt by
//! replaying an action log, reset in place by explore so a run allocates nothing.

use super::compiled::Compiled;
use super::dice::Dice;

/// Where the turn stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Acting roles are choosing (offers may be made too).
    Deciding,
    /// Every decision is in; offers made this turn wait for an answer.
    Answering,
    /// An ending was reached, or the facilitator concluded.
    Ended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    /// The turn at whose start the effects land.
    pub due: u32,
    /// Index of the `After` effect (names it in events, finds its nested effects).
    pub effect: u32,
    pub actor: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    pub agreement: u32,
    pub from: u32,
    pub to: u32,
    pub answer: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InForce {
    pub agreement: u32,
    pub from: u32,
    pub to: u32,
    pub since: u32,
}

#[derive(Debug, Clone)]
pub struct State {
    /// Turn number, from 1.
    pub turn: u32,
    pub stage: u32,
    pub phase: Phase,
    pub ending: Option<u32>,
    /// Every value a condition tests with one comparison, in one array (see
    /// [`Compiled::cell_count`]): the true value of each indicator slot (always within the
    /// slot's range; cell `i` is slot `i`), then each flag as 0 or 1, then a cell that
    /// is always 0 (what an option offered always is tested against).
    pub cells: Vec<i32>,
    /// For hidden slots: whether a `Reveal` has shown the true value yet.
    pub revealed: Vec<bool>,
    /// Times each stage has been entered.
    pub visits: Vec<u32>,
    /// Bitset over (role, option id) keys chosen at any time, for `Chose` conditions.
    pub chosen_keys: Vec<u64>,
    /// This turn's choice per role (compiled option index).
    pub choices: Vec<Option<u32>>,
    pub pending: Vec<Pending>,
    pub offers: Vec<Offer>,
    pub in_force: Vec<InForce>,
    /// (agreement, from, to) of every offer ever made, for personas that offer once.
    pub offer_history: Vec<(u32, u32, u32)>,
    /// Turn each inject last fired (0: never).
    pub inject_last: Vec<u32>,
    /// Injects raised by effects, to fire at the next turn start.
    pub raised: Vec<u32>,
    pub paused: bool,
    /// The one random generator of the session. Draw order is documented in `step`.
    pub rng: Dice,
}

impl State {
    pub fn new(c: &Compiled, seed: u64) -> State {
        let mut state = State {
            turn: 0,
            stage: c.start,
            phase: Phase::Deciding,
            ending: None,
            cells: Vec::new(),
            revealed: Vec::new(),
            visits: Vec::new(),
            chosen_keys: Vec::new(),
            choices: Vec::new(),
            pending: Vec::new(),
            offers: Vec::new(),
            in_force: Vec::new(),
            offer_history: Vec::new(),
            inject_last: Vec::new(),
            raised: Vec::new(),
            paused: false,
            rng: Dice::session(seed),
        };
        state.reset(c, seed);
        state
    }

    /// A state for explore's playthroughs: the same, with cheaper dice (see [`Dice`]),
    /// which every reset keeps.
    pub fn for_explore(c: &Compiled, seed: u64) -> State {
        let mut state = State::new(c, seed);
        state.rng = Dice::explore(seed);
        state
    }

    /// Back to the state before turn 1, reusing every buffer.
    pub fn reset(&mut self, c: &Compiled, seed: u64) {
        self.visits.clear();
        self.visits.resize(c.stages.len(), 0);
        self.inject_last.clear();
        self.inject_last.resize(c.injects.len(), 0);
        self.reset_all_but_counters(c, seed);
    }

    /// As [`reset`](Self::reset) for a state reset before, whose only stages entered and
    /// injects fired since are those listed: only their counters are zeroed, so a reset
    /// costs what the playthrough touched rather than the size of the exercise.
    pub fn reset_touched(&mut self, c: &Compiled, seed: u64, stages: &[u32], injects: &[u32]) {
        if self.visits.len() != c.stages.len() || self.inject_last.len() != c.injects.len() {
            return self.reset(c, seed);
        }
        for &stage in stages {
            self.visits[stage as usize] = 0;
        }
        for &inject in injects {
            self.inject_last[inject as usize] = 0;
        }
        debug_assert!(self.visits.iter().chain(&self.inject_last).all(|&n| n == 0));
        self.reset_all_but_counters(c, seed);
    }

    fn reset_all_but_counters(&mut self, c: &Compiled, seed: u64) {
        self.turn = 0;
        self.stage = c.start;
        self.phase = Phase::Deciding;
        self.ending = None;
        // Indicators at their start, flags clear, and the cell that stays 0 (in place
        // when the buffer fits, as between explore's playthroughs).
        if self.cells.len() != c.cell_count() {
            self.cells.clear();
            self.cells.resize(c.cell_count(), 0);
        }
        let (slots, rest) = self.cells.split_at_mut(c.slots.len());
        for (cell, slot) in slots.iter_mut().zip(&c.slots) {
            *cell = slot.start;
        }
        rest.fill(0);
        refill(&mut self.revealed, c.slots.len(), false);
        refill(&mut self.chosen_keys, c.choice_keys.div_ceil(64), 0);
        refill(&mut self.choices, c.role_count, None);
        self.pending.clear();
        self.offers.clear();
        self.in_force.clear();
        self.offer_history.clear();
        self.raised.clear();
        self.paused = false;
        self.rng = self.rng.reseeded(seed);
    }

    /// How many indicator slots there are: `revealed` has one entry for each, so the
    /// state answers without the compiled exercise.
    #[inline]
    fn slot_count(&self) -> usize {
        self.revealed.len()
    }

    /// The true value of every indicator slot, by slot.
    #[inline]
    pub fn values(&self) -> &[i32] {
        &self.cells[..self.slot_count()]
    }

    /// Whether a flag is set (flags follow the slots among the cells).
    #[inline]
    pub fn flag(&self, flag: u32) -> bool {
        self.cells[self.slot_count() + flag as usize] != 0
    }

    #[inline]
    pub fn set_flag(&mut self, flag: u32, on: bool) {
        let cell = self.slot_count() + flag as usize;
        self.cells[cell] = i32::from(on);
    }

    #[inline]
    pub fn has_chosen(&self, key: u32) -> bool {
        self.chosen_keys[(key / 64) as usize] & (1 << (key % 64)) != 0
    }

    #[inline]
    pub fn is_ended(&self) -> bool {
        self.phase == Phase::Ended
    }

    /// The value a player may see: `None` while a hidden slot is unrevealed.
    pub fn observed(&self, c: &Compiled, slot: u32) -> Option<i32> {
        let s = slot as usize;
        if c.slots[s].hidden && !self.revealed[s] {
            None
        } else {
            Some(self.cells[s])
        }
    }

    #[inline]
    pub fn agreement_in_force(&self, agreement: u32) -> bool {
        self.in_force.iter().any(|a| a.agreement == agreement)
    }
}

/// `len` copies of `value` in `v`, reusing its buffer: a fill, without the call a
/// `clear` and `resize` make, when the length is already right (every reset in explore).
#[inline(always)]
fn refill<T: Copy>(v: &mut Vec<T>, len: usize, value: T) {
    if v.len() == len {
        v.fill(value);
    } else {
        v.clear();
        v.resize(len, value);
    }
}
