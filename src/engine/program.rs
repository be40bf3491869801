//! Conditions compiled once more, to flat postfix programs: what `step::eval` runs.
//!
//! The tree of `Cond`s (kept for the reachability search and for reading) costs a
//! recursive call and a dispatch per node. Here each condition is one contiguous run of
//! `Op`s evaluated in a single loop over a stack of bits, with every comparison turned into
//! an inclusive range test. Conditions have no side effects, so evaluating every leaf
//! (no short-circuit) gives the same answer as the tree. A condition whose stack would not
//! fit in 64 bits keeps the tree evaluation.

use super::compiled::{Cond, SlotRef, Span};
use super::state::State;
use crate::scenario::model::Comparison;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Push whether `lo <= value <= hi` for a slot.
    Slot {
        slot: u32,
        lo: i32,
        hi: i32,
    },
    /// The same for the acting role's slot of a per-role indicator (`base + actor`).
    ActorSlot {
        base: u32,
        lo: i32,
        hi: i32,
    },
    Visits {
        stage: u32,
        lo: i32,
        hi: i32,
    },
    Turn {
        lo: i32,
        hi: i32,
    },
    Flag(u32),
    Chose(u32),
    Agreement(u32),
    True,
    /// Pop n bits; push whether all (any) were set.
    All(u32),
    Any(u32),
    Not,
    /// Opens a program that is a list of tests, each maybe followed by `Not`, all of
    /// which (any of which) must hold: evaluated in order and stopped at the first
    /// that decides, with no stack.
    AllTests,
    AnyTests,
}

/// A test of one cell of the state (see `State::cells`): whether
/// `lo <= cells[cell] <= lo + width`, or (`negate`) not. An indicator's value, a flag and
/// "always" are all tested this way, with one subtraction and one unsigned comparison
/// and no branch on which kind of test it is: in a playthrough the option drawn decides
/// which test runs next, and a processor cannot predict that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellTest {
    pub cell: u32,
    pub lo: i32,
    pub width: u32,
    pub negate: bool,
}

impl CellTest {
    /// Whether `lo <= cells[cell] <= hi` (an empty range never holds), or not.
    pub fn range(cell: u32, lo: i32, hi: i32, negate: bool) -> CellTest {
        if lo > hi {
            // "Never" is "not always".
            return CellTest::range(cell, i32::MIN, i32::MAX, !negate);
        }
        CellTest {
            cell,
            lo,
            width: hi.wrapping_sub(lo) as u32,
            negate,
        }
    }

    /// Whether the test holds of these cells.
    #[inline(always)]
    pub fn holds(&self, cells: &[i32]) -> bool {
        (cells[self.cell as usize].wrapping_sub(self.lo) as u32 <= self.width) != self.negate
    }

    /// The single value a test holds for, if it is a plain `cell == value`.
    pub fn single_value(&self) -> Option<i32> {
        (self.width == 0 && !self.negate).then_some(self.lo)
    }
}

/// A condition as options and transitions hold it, so that the common shapes cost no
/// lookup and no dispatch: a test of one cell (nothing, an indicator's value or a flag,
/// maybe negated), another single test, or else the condition's program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Cell(CellTest),
    /// Any other single test, or its negation.
    Test {
        op: Op,
        negate: bool,
    },
    Program(u32),
}

/// Marks a condition evaluated by the tree instead (its stack would exceed 64 bits).
pub const TREE: Span = u32::MAX..u32::MAX;

/// Deepest stack a program may use: the bits of one `u64`.
const STACK_BITS: u32 = 64;

/// `value is comparison` as an inclusive range; an empty range is `1..=0`.
fn range(is: Comparison, value: i32) -> (i32, i32) {
    match is {
        Comparison::AtLeast => (value, i32::MAX),
        Comparison::AtMost => (i32::MIN, value),
        Comparison::Above => value.checked_add(1).map_or((1, 0), |lo| (lo, i32::MAX)),
        Comparison::Below => value.checked_sub(1).map_or((1, 0), |hi| (i32::MIN, hi)),
        Comparison::Equal => (value, value),
    }
}

/// Compile every condition of `conds` to a program; returns the ops and each condition's
/// span in them ([`TREE`] where the tree must be used).
pub fn build(conds: &[Cond], children: &[u32]) -> (Vec<Op>, Vec<Span>) {
    let mut ops = Vec::new();
    let mut spans = Vec::with_capacity(conds.len());
    for cond in 0..conds.len() as u32 {
        let start = ops.len();
        if emit_tests(conds, children, cond, &mut ops) {
            spans.push(start as u32..ops.len() as u32);
            continue;
        }
        match emit(conds, children, cond, 0, &mut ops) {
            Some(_) => spans.push(start as u32..ops.len() as u32),
            None => {
                ops.truncate(start);
                spans.push(TREE);
            }
        }
    }
    (ops, spans)
}

/// Append `cond` in the flat form of [`Op::AllTests`] / [`Op::AnyTests`] if it is an
/// `All` or `Any` of at least two tests, each maybe negated (the common shape of a
/// compound condition); returns whether it did.
fn emit_tests(conds: &[Cond], children: &[u32], cond: u32, ops: &mut Vec<Op>) -> bool {
    let (span, opener) = match &conds[cond as usize] {
        Cond::All(span) => (span.clone(), Op::AllTests),
        Cond::Any(span) => (span.clone(), Op::AnyTests),
        _ => return false,
    };
    let test = |c: u32| match &conds[c as usize] {
        Cond::Not(inner) => test_op(&conds[*inner as usize]).map(|op| (op, true)),
        other => test_op(other).map(|op| (op, false)),
    };
    let tests: Option<Vec<(Op, bool)>> = span.map(|k| test(children[k as usize])).collect();
    let Some(tests) = tests.filter(|t| t.len() >= 2) else {
        return false;
    };
    ops.push(opener);
    for (op, negated) in tests {
        ops.push(op);
        if negated {
            ops.push(Op::Not);
        }
    }
    true
}

/// The op of a condition that is a single test.
fn test_op(cond: &Cond) -> Option<Op> {
    Some(match *cond {
        Cond::Slot { slot, is, value } => {
            let (lo, hi) = range(is, value);
            match slot {
                SlotRef::Fixed(slot) => Op::Slot { slot, lo, hi },
                SlotRef::Actor(base) => Op::ActorSlot { base, lo, hi },
            }
        }
        Cond::Visits { stage, is, value } => {
            let (lo, hi) = range(is, value);
            Op::Visits { stage, lo, hi }
        }
        Cond::Turn { is, value } => {
            let (lo, hi) = range(is, value);
            Op::Turn { lo, hi }
        }
        Cond::Flag(flag) => Op::Flag(flag),
        Cond::Chose(key) => Op::Chose(key),
        Cond::Agreement(a) => Op::Agreement(a),
        Cond::True | Cond::All(_) | Cond::Any(_) | Cond::Not(_) => return None,
    })
}

/// Append the postfix program of `cond`, whose result lands at stack height `height`;
/// returns the greatest height used, or `None` past [`STACK_BITS`].
fn emit(
    conds: &[Cond],
    children: &[u32],
    cond: u32,
    height: u32,
    ops: &mut Vec<Op>,
) -> Option<u32> {
    if height >= STACK_BITS {
        return None;
    }
    let leaf = |op: Op, ops: &mut Vec<Op>| {
        ops.push(op);
        Some(height + 1)
    };
    match &conds[cond as usize] {
        Cond::True => leaf(Op::True, ops),
        Cond::All(span) | Cond::Any(span) => {
            let n = span.end - span.start;
            if n >= STACK_BITS {
                return None;
            }
            let mut deepest = height + 1;
            for (k, child) in span.clone().enumerate() {
                let used = emit(
                    conds,
                    children,
                    children[child as usize],
                    height + k as u32,
                    ops,
                )?;
                deepest = deepest.max(used);
            }
            let op = if matches!(conds[cond as usize], Cond::All(_)) {
                Op::All(n)
            } else {
                Op::Any(n)
            };
            leaf(op, ops)?;
            Some(deepest)
        }
        Cond::Not(inner) => {
            let used = emit(conds, children, *inner, height, ops)?;
            ops.push(Op::Not);
            Some(used)
        }
        // Every other condition is a single test.
        test => leaf(test_op(test)?, ops),
    }
}

/// Run one program against a state. `actor` resolves [`Op::ActorSlot`].
#[inline]
pub fn run(ops: &[Op], s: &State, actor: u32) -> bool {
    // One negated test is the next most common shape: no loop for it.
    match ops {
        [op, Op::Not] => return !leaf(op, s, actor),
        [Op::AllTests, tests @ ..] => return tests_hold(tests, s, actor, true),
        [Op::AnyTests, tests @ ..] => return tests_hold(tests, s, actor, false),
        _ => {}
    }
    let mut stack: u64 = 0;
    for op in ops {
        let bit = match *op {
            Op::All(n) => {
                let mask = (1u64 << n) - 1;
                let all = stack & mask == mask;
                stack >>= n;
                all
            }
            Op::Any(n) => {
                let mask = (1u64 << n) - 1;
                let any = stack & mask != 0;
                stack >>= n;
                any
            }
            Op::Not => {
                let not = stack & 1 == 0;
                stack >>= 1;
                not
            }
            ref test => leaf(test, s, actor),
        };
        stack = (stack << 1) | u64::from(bit);
    }
    stack & 1 != 0
}

/// Whether all (`all`) or any of `tests` hold, each maybe followed by `Not`: in order,
/// stopping at the first test that decides.
#[inline(always)]
fn tests_hold(tests: &[Op], s: &State, actor: u32, all: bool) -> bool {
    let mut k = 0;
    while let Some(op) = tests.get(k) {
        let mut holds = leaf(op, s, actor);
        if tests.get(k + 1) == Some(&Op::Not) {
            holds = !holds;
            k += 1;
        }
        k += 1;
        if holds != all {
            return holds;
        }
    }
    all
}

/// The value of a program of this one op: a test, or an `All`/`Any` of no conditions.
#[inline(always)]
pub fn leaf(op: &Op, s: &State, actor: u32) -> bool {
    let within = |v: i32, lo: i32, hi: i32| lo <= v && v <= hi;
    match *op {
        Op::Slot { slot, lo, hi } => within(s.cells[slot as usize], lo, hi),
        Op::ActorSlot { base, lo, hi } => within(s.cells[(base + actor) as usize], lo, hi),
        Op::Visits { stage, lo, hi } => within(s.visits[stage as usize] as i32, lo, hi),
        Op::Turn { lo, hi } => within(s.turn as i32, lo, hi),
        Op::Flag(flag) => s.flag(flag),
        Op::Chose(key) => s.has_chosen(key),
        Op::Agreement(a) => s.agreement_in_force(a),
        // Alone, these have no operands: `All([])` holds and `Any([])` does not.
        Op::True | Op::All(_) | Op::AllTests => true,
        Op::Any(_) | Op::Not | Op::AnyTests => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::step::{eval, eval_tree};
    use crate::engine::{Compiled, State};
    use crate::sim::explore::Chooser;
    use crate::sim::synth::synth;

    /// Values worth trying in each slot: its bounds and start, and either side of every
    /// value a condition compares it with.
    fn candidates(c: &Compiled) -> Vec<Vec<i32>> {
        let mut out: Vec<Vec<i32>> = c
            .slots
            .iter()
            .map(|s| vec![s.min, s.max, s.start])
            .collect();
        for cond in &c.conds {
            if let Cond::Slot { slot, value, .. } = cond {
                let first = match *slot {
                    SlotRef::Fixed(s) | SlotRef::Actor(s) => s as usize,
                };
                let width = if matches!(slot, SlotRef::Actor(_)) {
                    c.role_count
                } else {
                    1
                };
                for s in first..(first + width).min(out.len()) {
                    let info = c.slots[s];
                    for v in [value.saturating_sub(1), *value, value.saturating_add(1)] {
                        out[s].push(v.clamp(info.min, info.max));
                    }
                }
            }
        }
        out
    }

    fn agree_on_random_states(c: &Compiled, states: u64) {
        let values = candidates(c);
        let mut pick = Chooser::new(7);
        let mut s = State::new(c, 1);
        for _ in 0..states {
            for (slot, options) in values.iter().enumerate() {
                s.cells[slot] = options[pick.below(options.len() as u32) as usize];
            }
            for flag in 0..c.flag_names.len() as u32 {
                s.set_flag(flag, pick.below(2) == 0);
            }
            for word in s.chosen_keys.iter_mut() {
                *word = pick.next_u64();
            }
            for visits in s.visits.iter_mut() {
                *visits = pick.below(4);
            }
            s.turn = pick.below(12);
            s.in_force.clear();
            for a in 0..c.agreements.len() as u32 {
                if pick.below(2) == 0 {
                    s.in_force.push(crate::engine::state::InForce {
                        agreement: a,
                        from: 0,
                        to: 1,
                        since: 1,
                    });
                }
            }
            for (o, option) in c.options.iter().enumerate() {
                let want = option.when.is_none_or(|w| eval(c, &s, w, option.role));
                assert_eq!(crate::engine::step::option_enabled(c, &s, o as u32), want);
            }
            for t in &c.transitions {
                let want = t.when.is_none_or(|w| eval(c, &s, w, 0));
                assert_eq!(crate::engine::step::passes(c, &s, &t.gate, 0), want);
            }
            for stage in 0..c.stages.len() as u32 {
                s.stage = stage;
                let want = c.stages[stage as usize]
                    .transitions
                    .clone()
                    .map(|t| &c.transitions[t as usize])
                    .find(|t| t.when.is_none_or(|w| eval(c, &s, w, 0)))
                    .map(|t| t.target);
                assert_eq!(crate::engine::step::next_target(c, &s), want);
            }
            for cond in 0..c.conds.len() as u32 {
                for actor in 0..c.role_count as u32 {
                    assert_eq!(
                        eval(c, &s, cond, actor),
                        eval_tree(c, &s, cond, actor),
                        "{}: condition {cond} ({:?}), actor {actor}",
                        c.exercise.id,
                        c.conds[cond as usize]
                    );
                }
            }
        }
    }

    #[test]
    fn programs_agree_with_the_tree_on_every_shipped_condition() {
        for loaded in crate::exercises::shipped() {
            agree_on_random_states(&loaded.compiled, 300);
        }
        let exercise = crate::scenario::load::parse_exercise("synth", &synth(40)).unwrap();
        agree_on_random_states(&crate::engine::compile(&exercise).unwrap(), 300);
    }

    #[test]
    fn a_stage_routing_on_a_drawn_value_goes_where_testing_each_transition_would() {
        let exercise = crate::scenario::load::parse_exercise("synth", &synth(200)).unwrap();
        let c = crate::engine::compile(&exercise).unwrap();
        // The start stage routes on `route` into a first layer of 19 stages.
        let switch = c.stages[c.start as usize].switch.as_ref().unwrap();
        assert_eq!(switch.cases.len(), 18);
        agree_on_random_states(&c, 100);
    }

    #[test]
    fn of_two_transitions_testing_for_the_same_value_the_first_is_taken() {
        let exercise = crate::scenario::load::parse_exercise("synth", &synth(200)).unwrap();
        let mut c = crate::engine::compile(&exercise).unwrap();
        let start = &c.stages[c.start as usize];
        let (first, span) = (start.transitions.start as usize, start.transitions.clone());
        // The second transition now tests for the first one's value.
        c.transitions[first + 1].gate = c.transitions[first].gate;
        c.stages[c.start as usize].switch = c.switch(span);
        let Gate::Cell(test) = c.transitions[first].gate else {
            panic!("the start stage routes on a slot");
        };
        let mut s = State::new(&c, 1);
        s.cells[test.cell as usize] = test.lo;
        let want = c.transitions[first].target;
        assert_ne!(want, c.transitions[first + 1].target);
        assert_eq!(crate::engine::step::next_target(&c, &s), Some(want));
    }

    #[test]
    fn empty_all_holds_and_empty_any_does_not() {
        let exercise = crate::scenario::load::parse_exercise("synth", &synth(11)).unwrap();
        let mut c = crate::engine::compile(&exercise).unwrap();
        c.conds = vec![Cond::All(0..0), Cond::Any(0..0), Cond::Not(0), Cond::Not(1)];
        c.cond_children.clear();
        (c.program, c.cond_programs) = build(&c.conds, &c.cond_children);
        let s = State::new(&c, 1);
        let values: Vec<bool> = (0..4).map(|k| eval(&c, &s, k, 0)).collect();
        assert_eq!(values, [true, false, false, true]);
        let tree: Vec<bool> = (0..4).map(|k| eval_tree(&c, &s, k, 0)).collect();
        assert_eq!(tree, values);
    }

    #[test]
    fn lists_of_tests_stop_at_the_first_that_decides_and_agree_with_the_tree() {
        let exercise = crate::scenario::load::parse_exercise("synth", &synth(11)).unwrap();
        let mut c = crate::engine::compile(&exercise).unwrap();
        // Flags 0 and 1, negated or not, and a test of slot 0 (arrivals) at least 1.
        c.conds = vec![
            Cond::Flag(0),
            Cond::Flag(1),
            Cond::Not(1),
            Cond::Slot {
                slot: SlotRef::Fixed(0),
                is: Comparison::AtLeast,
                value: 1,
            },
            Cond::All(0..3),
            Cond::Any(0..3),
        ];
        c.cond_children = vec![0, 2, 3];
        (c.program, c.cond_programs) = build(&c.conds, &c.cond_children);
        for k in [4, 5] {
            let first = c.program[c.cond_programs[k].start as usize];
            assert!(matches!(first, Op::AllTests | Op::AnyTests), "{first:?}");
        }
        let mut s = State::new(&c, 1);
        for bits in 0..8u32 {
            s.set_flag(0, bits & 1 != 0);
            s.set_flag(1, bits & 2 != 0);
            s.cells[0] = (bits >> 2) as i32;
            for k in [4, 5] {
                assert_eq!(eval(&c, &s, k, 0), eval_tree(&c, &s, k, 0), "{bits} {k}");
            }
        }
    }

    #[test]
    fn conditions_too_wide_or_deep_for_the_stack_keep_the_tree() {
        // All of 70 flags: wider than the stack, but a flat list of tests needs none.
        let mut conds: Vec<Cond> = (0..70).map(Cond::Flag).collect();
        let children: Vec<u32> = (0..70).collect();
        conds.push(Cond::All(0..70));
        // Not(Not(...)) 100 deep is fine: it never needs more than one bit.
        conds.push(Cond::Not(70));
        for k in 0..100 {
            conds.push(Cond::Not(71 + k));
        }
        // Any of 40 copies of Any of 40 flags needs 40 + 40 bits.
        let mut children = children;
        let inner = conds.len() as u32;
        children.extend(0..40);
        conds.push(Cond::Any(70..110));
        let first = children.len() as u32;
        children.extend(std::iter::repeat_n(inner, 40));
        conds.push(Cond::Any(first..first + 40));
        let (ops, spans) = build(&conds, &children);
        assert_eq!(ops[spans[70].start as usize], Op::AllTests);
        assert_eq!(spans[70].end - spans[70].start, 71);
        assert_eq!(
            spans[171], TREE,
            "Not over a condition too wide for the stack is a tree"
        );
        assert_ne!(spans[inner as usize], TREE);
        assert_eq!(spans[inner as usize + 1], TREE);
        assert!(spans[..70].iter().all(|s| s.end - s.start == 1));
        assert!(ops.len() < 200);
    }

    #[test]
    fn comparisons_become_the_same_ranges() {
        for is in [
            Comparison::AtLeast,
            Comparison::AtMost,
            Comparison::Above,
            Comparison::Below,
            Comparison::Equal,
        ] {
            for value in [i32::MIN, i32::MIN + 1, -3, 0, 5, i32::MAX - 1, i32::MAX] {
                let (lo, hi) = range(is, value);
                for v in [
                    i32::MIN,
                    i32::MIN + 1,
                    -4,
                    -3,
                    -2,
                    0,
                    4,
                    5,
                    6,
                    i32::MAX - 1,
                    i32::MAX,
                ] {
                    assert_eq!(
                        lo <= v && v <= hi,
                        is.holds(v, value),
                        "{is:?} {value} at {v}"
                    );
                }
            }
        }
    }
}
