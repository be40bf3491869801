//! The exercise compiled to dense indices: what the engine actually runs.
//!
//! Indicators become integer slots (a per-role indicator takes one slot per role) and
//! flags numbers; a state holds both as cells of one array (see `State::cells`), so that
//! the common conditions and effects are one cell test or update whatever they are of
//! (`CellTest`, `CellUpdate`). Conditions and effects are flat arrays addressed by
//! ranges. Nothing here holds a string the hot path reads; the source `Exercise` is kept
//! for text lookup when drawing.

use super::program::{CellTest, Gate, Op};
use crate::scenario::IdMap;
use crate::scenario::model::{self, Comparison, Exercise, Scope, Trigger, Visibility};
use std::ops::Range;

pub type Span = Range<u32>;

/// A condition or effect that names a per-role indicator without a role is relative to
/// whoever acts (the deciding role, the inject's addressee, the offerer or receiver).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotRef {
    Fixed(u32),
    /// First slot of a per-role indicator; add the actor's role index.
    Actor(u32),
}

#[derive(Debug, Clone, Copy)]
pub struct Slot {
    pub indicator: u32,
    /// The role this slot belongs to, for per-role indicators.
    pub role: Option<u32>,
    pub min: i32,
    pub max: i32,
    pub start: i32,
    pub hidden: bool,
}

#[derive(Debug, Clone)]
pub enum Cond {
    True,
    All(Span),
    Any(Span),
    Not(u32),
    Slot {
        slot: SlotRef,
        is: Comparison,
        value: i32,
    },
    Chose(u32),
    Flag(u32),
    Visits {
        stage: u32,
        is: Comparison,
        value: i32,
    },
    Turn {
        is: Comparison,
        value: i32,
    },
    Agreement(u32),
}

#[derive(Debug, Clone)]
pub enum Eff {
    Add {
        slot: SlotRef,
        by: i32,
    },
    AddRandom {
        slot: SlotRef,
        min: i32,
        max: i32,
    },
    Set {
        slot: SlotRef,
        value: i32,
    },
    SetFlag(u32),
    ClearFlag(u32),
    Raise(u32),
    Reveal(SlotRef),
    /// Nested effects land `turns` later; the index of this effect names it in events.
    After {
        turns: u32,
        effects: Span,
    },
}

/// An effect as the hot path applies it: `cells[cell] = clamp(kept + add + drawn, min, max)`,
/// where `kept` is the cell's value or 0 and `drawn` a draw in `0..=spread` (0, and no
/// draw, unless `draws`). Adding to an indicator, drawing into one, setting one, and
/// setting or clearing a flag are all this one update, applied without a branch on
/// which it is (a playthrough's random choices make that unpredictable). The other
/// effects are `rare` and go through [`Eff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellUpdate {
    pub cell: u32,
    /// All ones where the cell is relative to the actor (add the actor's role index).
    pub actor_mask: u32,
    /// All ones to keep the cell's value (add to it), 0 to replace it.
    pub keep_mask: i32,
    pub add: i32,
    pub spread: u32,
    pub draws: bool,
    pub min: i32,
    pub max: i32,
    pub rare: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Stage(u32),
    Ending(u32),
}

#[derive(Debug, Clone)]
pub struct CStage {
    pub decisions: Span,
    /// Bit i set: role i has a decision here. Resolution walks these bits, in role
    /// order, rather than every role.
    pub acting_roles: u32,
    pub transitions: Span,
    /// Injects scheduled on entering this stage.
    pub entry_injects: Vec<u32>,
    /// Random injects restricted to this stage, in declaration order.
    pub random_injects: Vec<u32>,
    /// The leading transitions as a table, where they route on one slot's value.
    pub switch: Option<Switch>,
    /// Whether every transition's gate is a test of one cell (they can all be tested
    /// at once).
    pub transitions_test_cells: bool,
}

/// Transitions that open with tests of one slot for single values (routing on a drawn
/// number, say): the first of them for each value, found by binary search rather than
/// by testing them in turn.
#[derive(Debug, Clone)]
pub struct Switch {
    pub slot: u32,
    /// How many of the stage's first transitions the table stands for.
    pub covers: u32,
    /// (value, transition) by value; the first transition testing for each value.
    pub cases: Vec<(i32, u32)>,
}

/// Fewer leading value tests than this are tested in turn: no table pays for itself.
const SWITCH_MIN_CASES: usize = 4;

#[derive(Debug, Clone)]
pub struct CDecision {
    pub stage: u32,
    pub role: u32,
    pub options: Span,
}

#[derive(Debug, Clone)]
pub struct COption {
    pub decision: u32,
    /// The deciding role (that of the decision), which gates are evaluated for.
    pub role: u32,
    /// Condition id, or `None` for an option always offered.
    pub when: Option<u32>,
    /// `when` as the hot path evaluates it.
    pub gate: Gate,
    pub effects: Span,
    pub tags: u8,
    /// Identifies (role, option id) across stages, for `Chose` conditions.
    pub choice_key: u32,
}

#[derive(Debug, Clone)]
pub struct CTransition {
    pub when: Option<u32>,
    /// `when` as the hot path evaluates it.
    pub gate: Gate,
    pub target: Target,
}

#[derive(Debug, Clone)]
pub enum CTrigger {
    Stage(u32),
    Turn(u32),
    When(u32),
    Random {
        percent: u8,
        stage: Option<u32>,
        when: Option<u32>,
        once: bool,
        cooldown: u32,
    },
    Manual,
}

#[derive(Debug, Clone)]
pub struct CInject {
    pub role: Option<u32>,
    pub trigger: CTrigger,
    pub effects: Span,
}

#[derive(Debug, Clone)]
pub struct CAgreement {
    /// Bit i set: role i may offer it / receive it.
    pub offered_by: u32,
    pub offered_to: u32,
    pub offerer_effects: Span,
    pub receiver_effects: Span,
    pub breach: Option<u32>,
    pub breach_effects: Span,
    pub tags: u8,
    /// Condition under which it may be offered; always when `None`.
    pub when: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Compiled {
    /// The source, for every piece of text drawn on screen or in a report.
    pub exercise: Exercise,
    pub slots: Vec<Slot>,
    /// First slot of each indicator.
    pub indicator_slot: Vec<u32>,
    pub stages: Vec<CStage>,
    pub decisions: Vec<CDecision>,
    pub options: Vec<COption>,
    pub transitions: Vec<CTransition>,
    pub conds: Vec<Cond>,
    pub cond_children: Vec<u32>,
    /// The same conditions as flat programs (`program::TREE` where the tree is used).
    pub cond_programs: Vec<Span>,
    pub program: Vec<Op>,
    pub effects: Vec<Eff>,
    /// The same effects as the hot path applies them, by the same index.
    pub updates: Vec<CellUpdate>,
    pub injects: Vec<CInject>,
    /// Injects by kind of trigger, in declaration order.
    pub turn_injects: Vec<u32>,
    pub contingent_injects: Vec<u32>,
    /// Random injects that may fire in any stage (the others are listed per stage).
    pub random_injects: Vec<u32>,
    pub agreements: Vec<CAgreement>,
    pub ending_when: Vec<Option<u32>>,
    pub flag_names: Vec<String>,
    /// Labels of `After` effects by effect index, sorted.
    pub after_labels: Vec<(u32, String)>,
    pub choice_keys: usize,
    pub start: u32,
    pub sequential: bool,
    pub role_count: usize,
}

/// Compile a validated exercise. Validation guarantees every reference resolves; a
/// reference that does not is reported as an error rather than a panic all the same.
pub fn compile(exercise: &Exercise) -> Result<Compiled, String> {
    let mut compiled = Compiler::new(exercise).run()?;
    compiled.exercise = exercise.clone();
    Ok(compiled)
}

/// Whether an exercise compiles, without keeping the result (as `check` needs).
pub fn compiles(exercise: &Exercise) -> Result<(), String> {
    Compiler::new(exercise).run().map(drop)
}

/// As [`compile`], keeping the exercise itself rather than a copy of it.
pub fn compile_owned(exercise: Exercise) -> Result<Compiled, String> {
    let mut compiled = Compiler::new(&exercise).run()?;
    compiled.exercise = exercise;
    Ok(compiled)
}

struct Compiler<'a> {
    ex: &'a Exercise,
    roles: IdMap<&'a str, u32>,
    indicators: IdMap<&'a str, u32>,
    stage_index: IdMap<&'a str, u32>,
    ending_index: IdMap<&'a str, u32>,
    inject_index: IdMap<&'a str, u32>,
    agreement_index: IdMap<&'a str, u32>,
    flags: IdMap<String, u32>,
    choice_keys: IdMap<(u32, &'a str), u32>,
    out: Compiled,
}

impl<'a> Compiler<'a> {
    fn new(ex: &'a Exercise) -> Self {
        let index = |ids: Vec<&'a str>| -> IdMap<&'a str, u32> {
            ids.into_iter()
                .enumerate()
                .map(|(i, id)| (id, i as u32))
                .collect()
        };
        Compiler {
            ex,
            roles: index(ex.roles.iter().map(|r| r.id.as_str()).collect()),
            indicators: index(ex.indicators.iter().map(|r| r.id.as_str()).collect()),
            stage_index: index(ex.stages.iter().map(|r| r.id.as_str()).collect()),
            ending_index: index(ex.endings.iter().map(|r| r.id.as_str()).collect()),
            inject_index: index(ex.injects.iter().map(|r| r.id.as_str()).collect()),
            agreement_index: index(ex.agreements.iter().map(|r| r.id.as_str()).collect()),
            flags: IdMap::default(),
            choice_keys: IdMap::default(),
            out: Compiled {
                // Filled in by the caller once the tables are built.
                exercise: Exercise::default(),
                slots: Vec::new(),
                indicator_slot: Vec::new(),
                stages: Vec::new(),
                decisions: Vec::new(),
                options: Vec::new(),
                transitions: Vec::new(),
                conds: Vec::new(),
                cond_children: Vec::new(),
                cond_programs: Vec::new(),
                program: Vec::new(),
                effects: Vec::new(),
                updates: Vec::new(),
                injects: Vec::new(),
                turn_injects: Vec::new(),
                contingent_injects: Vec::new(),
                random_injects: Vec::new(),
                agreements: Vec::new(),
                ending_when: Vec::new(),
                flag_names: Vec::new(),
                after_labels: Vec::new(),
                choice_keys: 0,
                start: 0,
                sequential: ex.turn_order == model::TurnOrder::Sequential,
                role_count: ex.roles.len(),
            },
        }
    }

    fn run(mut self) -> Result<Compiled, String> {
        let ex = self.ex;
        if ex.roles.len() > crate::limits::MAX_ROLES {
            return Err(format!(
                "an exercise may have at most {} roles",
                crate::limits::MAX_ROLES
            ));
        }
        for (i, ind) in ex.indicators.iter().enumerate() {
            self.out.indicator_slot.push(self.out.slots.len() as u32);
            let roles: Vec<Option<u32>> = match ind.scope {
                Scope::Global => vec![None],
                Scope::PerRole => (0..ex.roles.len() as u32).map(Some).collect(),
            };
            for role in roles {
                self.out.slots.push(Slot {
                    indicator: i as u32,
                    role,
                    min: ind.min,
                    max: ind.max,
                    start: ind.start.clamp(ind.min, ind.max.max(ind.min)),
                    hidden: ind.visibility == Visibility::Hidden,
                });
            }
        }
        self.out.start = self.stage(&ex.start)?;
        // Stages: decisions and options first, so that every (role, option) key exists
        // before any `Chose` condition is compiled.
        for stage in &ex.stages {
            for decision in &stage.decisions {
                let role = self.role(&decision.role)?;
                for option in &decision.options {
                    let next = self.choice_keys.len() as u32;
                    self.choice_keys
                        .entry((role, option.id.as_str()))
                        .or_insert(next);
                }
            }
        }
        self.out.choice_keys = self.choice_keys.len();
        // The tables' sizes are known: reserve them rather than grow them by copying.
        let decisions = ex.stages.iter().map(|s| s.decisions.len()).sum();
        let options = ex
            .stages
            .iter()
            .flat_map(|s| &s.decisions)
            .map(|d| d.options.len())
            .sum();
        let transitions = ex.stages.iter().map(|s| s.transitions.len()).sum();
        self.out.stages.reserve_exact(ex.stages.len());
        self.out.decisions.reserve_exact(decisions);
        self.out.options.reserve_exact(options);
        self.out.transitions.reserve_exact(transitions);
        for (s, stage) in ex.stages.iter().enumerate() {
            let decisions_start = self.out.decisions.len() as u32;
            for decision in &stage.decisions {
                let role = self.role(&decision.role)?;
                let decision_idx = self.out.decisions.len() as u32;
                let options_start = self.out.options.len() as u32;
                // Reserve the options, then fill them: their conditions and effects append
                // to the flat arrays in between.
                for option in &decision.options {
                    let when = match &option.when {
                        Some(c) => Some(self.cond(c, Some(role))?),
                        None => None,
                    };
                    let effects = self.effects(&option.effects, Some(role))?;
                    let tags = option.tags.iter().fold(0u8, |acc, t| acc | t.bit());
                    let choice_key = self.choice_keys[&(role, option.id.as_str())];
                    self.out.options.push(COption {
                        decision: decision_idx,
                        role,
                        when,
                        // Set once the flags are known.
                        gate: Gate::Program(0),
                        effects,
                        tags,
                        choice_key,
                    });
                }
                self.out.decisions.push(CDecision {
                    stage: s as u32,
                    role,
                    options: options_start..self.out.options.len() as u32,
                });
            }
            let decisions = decisions_start..self.out.decisions.len() as u32;
            let acting_roles = self.out.decisions[decisions_start as usize..]
                .iter()
                .fold(0u32, |roles, d| roles | 1 << d.role);
            // Conditions append to other tables, so transitions go straight into theirs.
            let t_start = self.out.transitions.len() as u32;
            for t in &stage.transitions {
                let when = match &t.when {
                    Some(c) => Some(self.cond(c, None)?),
                    None => None,
                };
                let target = self.target(&t.to)?;
                self.out.transitions.push(CTransition {
                    when,
                    // Set once the flags are known.
                    gate: Gate::Program(0),
                    target,
                });
            }
            self.out.stages.push(CStage {
                decisions,
                acting_roles,
                transitions: t_start..self.out.transitions.len() as u32,
                entry_injects: Vec::new(),
                random_injects: Vec::new(),
                switch: None,
                transitions_test_cells: false,
            });
        }
        for (i, inject) in ex.injects.iter().enumerate() {
            let role = match &inject.role {
                Some(r) => Some(self.role(r)?),
                None => None,
            };
            let trigger = match &inject.trigger {
                Trigger::Stage(stage) => {
                    let s = self.stage(stage)?;
                    self.out.stages[s as usize].entry_injects.push(i as u32);
                    CTrigger::Stage(s)
                }
                Trigger::Turn(turn) => {
                    self.out.turn_injects.push(i as u32);
                    CTrigger::Turn(*turn)
                }
                Trigger::When(c) => {
                    self.out.contingent_injects.push(i as u32);
                    CTrigger::When(self.cond(c, None)?)
                }
                Trigger::Random {
                    percent,
                    stage,
                    when,
                    once,
                    cooldown,
                } => {
                    let stage = match stage {
                        Some(s) => Some(self.stage(s)?),
                        None => None,
                    };
                    match stage {
                        Some(s) => self.out.stages[s as usize].random_injects.push(i as u32),
                        None => self.out.random_injects.push(i as u32),
                    }
                    CTrigger::Random {
                        percent: (*percent).clamp(0, 100),
                        stage,
                        when: match when {
                            Some(c) => Some(self.cond(c, None)?),
                            None => None,
                        },
                        once: *once,
                        cooldown: *cooldown,
                    }
                }
                Trigger::Manual => CTrigger::Manual,
            };
            let effects = self.effects(&inject.effects, role)?;
            self.out.injects.push(CInject {
                role,
                trigger,
                effects,
            });
        }
        for agreement in &ex.agreements {
            let mask = |c: &Self, roles: &[String]| -> Result<u32, String> {
                roles
                    .iter()
                    .try_fold(0u32, |acc, r| Ok(acc | (1 << c.role(r)?)))
            };
            let offered_by = mask(&self, &agreement.offered_by)?;
            let offered_to = mask(&self, &agreement.offered_to)?;
            // Actor-relative effects: `Actor` slots are resolved at play time.
            let first = Some(0);
            let offerer_effects = self.effects(&agreement.offerer_effects, first)?;
            let receiver_effects = self.effects(&agreement.receiver_effects, first)?;
            let breach = match &agreement.breach {
                Some(c) => Some(self.cond(c, None)?),
                None => None,
            };
            let breach_effects = self.effects(&agreement.breach_effects, first)?;
            let when = match &agreement.when {
                Some(c) => Some(self.cond(c, None)?),
                None => None,
            };
            self.out.agreements.push(CAgreement {
                when,
                offered_by,
                offered_to,
                offerer_effects,
                receiver_effects,
                breach,
                breach_effects,
                tags: agreement.tags.iter().fold(0u8, |acc, t| acc | t.bit()),
            });
        }
        for ending in &ex.endings {
            let when = match &ending.when {
                Some(c) => Some(self.cond(c, None)?),
                None => None,
            };
            self.out.ending_when.push(when);
        }
        let mut names: Vec<(String, u32)> = self.flags.into_iter().collect();
        names.sort_by_key(|(_, i)| *i);
        self.out.flag_names = names.into_iter().map(|(n, _)| n).collect();
        (self.out.program, self.out.cond_programs) =
            super::program::build(&self.out.conds, &self.out.cond_children);
        let out = &mut self.out;
        for o in 0..out.options.len() {
            out.options[o].gate = out.gate(out.options[o].when);
        }
        for t in 0..out.transitions.len() {
            out.transitions[t].gate = out.gate(out.transitions[t].when);
        }
        for stage in 0..out.stages.len() {
            let transitions = out.stages[stage].transitions.clone();
            out.stages[stage].switch = out.switch(transitions.clone());
            out.stages[stage].transitions_test_cells = out.transitions
                [transitions.start as usize..transitions.end as usize]
                .iter()
                .all(|t| matches!(t.gate, Gate::Cell(_)));
        }
        out.updates = out.effects.iter().map(|e| out.update(e)).collect();
        Ok(self.out)
    }

    fn role(&self, id: &str) -> Result<u32, String> {
        self.roles
            .get(id)
            .copied()
            .ok_or_else(|| format!("unknown role `{id}`"))
    }

    fn stage(&self, id: &str) -> Result<u32, String> {
        self.stage_index
            .get(id)
            .copied()
            .ok_or_else(|| format!("unknown stage `{id}`"))
    }

    fn target(&self, id: &str) -> Result<Target, String> {
        if let Some(&s) = self.stage_index.get(id) {
            Ok(Target::Stage(s))
        } else if let Some(&e) = self.ending_index.get(id) {
            Ok(Target::Ending(e))
        } else {
            Err(format!("unknown stage or ending `{id}`"))
        }
    }

    fn flag(&mut self, name: &str) -> u32 {
        // Most mentions are of a flag already seen: look up before copying the name.
        if let Some(&index) = self.flags.get(name) {
            return index;
        }
        let next = self.flags.len() as u32;
        self.flags.insert(name.to_string(), next);
        next
    }

    fn slot(
        &self,
        id: &str,
        role: &Option<model::Id>,
        actor: Option<u32>,
    ) -> Result<SlotRef, String> {
        let ind = *self
            .indicators
            .get(id)
            .ok_or_else(|| format!("unknown indicator `{id}`"))?;
        let base = self.out.indicator_slot[ind as usize];
        let per_role = self.ex.indicators[ind as usize].scope == Scope::PerRole;
        match (per_role, role) {
            (false, _) => Ok(SlotRef::Fixed(base)),
            (true, Some(r)) => Ok(SlotRef::Fixed(base + self.role(r)?)),
            (true, None) if actor.is_some() => Ok(SlotRef::Actor(base)),
            (true, None) => Err(format!("indicator `{id}` is per role and needs a `role`")),
        }
    }

    fn cond(&mut self, c: &model::Condition, actor: Option<u32>) -> Result<u32, String> {
        use model::Condition as C;
        let compiled = match c {
            C::All(items) | C::Any(items) => {
                let mut children = Vec::with_capacity(items.len());
                for item in items {
                    children.push(self.cond(item, actor)?);
                }
                let start = self.out.cond_children.len() as u32;
                self.out.cond_children.extend(children);
                let span = start..self.out.cond_children.len() as u32;
                if matches!(c, C::All(_)) {
                    Cond::All(span)
                } else {
                    Cond::Any(span)
                }
            }
            C::Not(inner) => Cond::Not(self.cond(inner, actor)?),
            C::Indicator {
                id,
                role,
                is,
                value,
            } => Cond::Slot {
                slot: self.slot(id, role, actor)?,
                is: *is,
                value: *value,
            },
            C::Chose { role, option } => {
                let r = self.role(role)?;
                match self.choice_keys.get(&(r, option.as_str())) {
                    Some(&key) => Cond::Chose(key),
                    None => return Err(format!("role `{role}` has no option `{option}`")),
                }
            }
            C::Flag(name) => Cond::Flag(self.flag(name)),
            C::Visits { stage, is, value } => Cond::Visits {
                stage: self.stage(stage)?,
                is: *is,
                value: *value,
            },
            C::Turn { is, value } => Cond::Turn {
                is: *is,
                value: *value,
            },
            C::Agreement(id) => Cond::Agreement(
                *self
                    .agreement_index
                    .get(id.as_str())
                    .ok_or_else(|| format!("unknown agreement `{id}`"))?,
            ),
        };
        self.out.conds.push(compiled);
        Ok(self.out.conds.len() as u32 - 1)
    }

    /// Compile a list of effects into a contiguous span. Nested `After` lists are compiled
    /// first, so the span of the outer list stays contiguous.
    fn effects(&mut self, effects: &[model::Effect], actor: Option<u32>) -> Result<Span, String> {
        use model::Effect as E;
        // Without a nested list (nearly always), each effect can go straight into the
        // table: no list of its own to allocate, fill and copy.
        if !effects.iter().any(|e| matches!(e, E::After { .. })) {
            let start = self.out.effects.len() as u32;
            for e in effects {
                let compiled = self.effect(e, actor)?;
                self.out.effects.push(compiled);
            }
            return Ok(start..self.out.effects.len() as u32);
        }
        let mut compiled = Vec::with_capacity(effects.len());
        let mut labels = Vec::new();
        for e in effects {
            compiled.push(match e {
                E::After {
                    turns,
                    effects,
                    label,
                } => {
                    if let Some(label) = label {
                        labels.push((compiled.len(), label.clone()));
                    }
                    Eff::After {
                        turns: (*turns).max(1),
                        effects: self.effects(effects, actor)?,
                    }
                }
                _ => self.effect(e, actor)?,
            });
        }
        let start = self.out.effects.len() as u32;
        // Only new labels can put the list out of order.
        if !labels.is_empty() {
            for (local, label) in labels {
                self.out.after_labels.push((start + local as u32, label));
            }
            self.out.after_labels.sort_by_key(|(e, _)| *e);
        }
        self.out.effects.extend(compiled);
        Ok(start..self.out.effects.len() as u32)
    }
}

impl Compiler<'_> {
    /// One effect other than `After` (whose nested list [`Compiler::effects`] compiles).
    fn effect(&mut self, e: &model::Effect, actor: Option<u32>) -> Result<Eff, String> {
        use model::Effect as E;
        Ok(match e {
            E::Add { id, role, by } => Eff::Add {
                slot: self.slot(id, role, actor)?,
                by: *by,
            },
            E::AddRandom { id, role, min, max } => Eff::AddRandom {
                slot: self.slot(id, role, actor)?,
                min: *min.min(max),
                max: *max.max(min),
            },
            E::Set { id, role, value } => Eff::Set {
                slot: self.slot(id, role, actor)?,
                value: *value,
            },
            E::SetFlag(f) => Eff::SetFlag(self.flag(f)),
            E::ClearFlag(f) => Eff::ClearFlag(self.flag(f)),
            E::Raise(id) => Eff::Raise(
                *self
                    .inject_index
                    .get(id.as_str())
                    .ok_or_else(|| format!("unknown inject `{id}`"))?,
            ),
            E::Reveal { id, role } => Eff::Reveal(self.slot(id, role, actor)?),
            E::After { .. } => return Err("a delayed effect compiled as a simple one".into()),
        })
    }
}

impl Compiled {
    /// How many cells a state holds (see `State::cells`): the slots, the flags, and the
    /// cell that is always 0.
    pub fn cell_count(&self) -> usize {
        self.slots.len() + self.flag_names.len() + 1
    }

    /// The cell of a flag.
    pub fn flag_cell(&self, flag: u32) -> u32 {
        self.slots.len() as u32 + flag
    }

    /// The cell that is always 0.
    pub fn zero_cell(&self) -> u32 {
        (self.slots.len() + self.flag_names.len()) as u32
    }

    /// How the hot path evaluates an optional condition: its single test inline where it
    /// has one, else its program.
    fn gate(&self, when: Option<u32>) -> Gate {
        let Some(cond) = when else {
            return Gate::Cell(CellTest::range(self.zero_cell(), 0, 0, false));
        };
        let span = &self.cond_programs[cond as usize];
        match self.program.get(span.start as usize..span.end as usize) {
            Some([op]) => self.gate_of_test(*op, false),
            Some([op, Op::Not]) => self.gate_of_test(*op, true),
            _ => Gate::Program(cond),
        }
    }

    /// How the hot path applies an effect.
    pub(crate) fn update(&self, effect: &Eff) -> CellUpdate {
        let of_slot = |slot: SlotRef, keep: bool, add: i32, spread: Option<u32>| {
            let (cell, actor_mask) = match slot {
                SlotRef::Fixed(cell) => (cell, 0),
                SlotRef::Actor(base) => (base, u32::MAX),
            };
            let info = &self.slots[cell as usize];
            CellUpdate {
                cell,
                actor_mask,
                keep_mask: if keep { -1 } else { 0 },
                add,
                spread: spread.unwrap_or(0),
                draws: spread.is_some(),
                min: info.min,
                max: info.max,
                rare: false,
            }
        };
        let of_flag = |flag: u32, on: bool| CellUpdate {
            cell: self.flag_cell(flag),
            actor_mask: 0,
            keep_mask: 0,
            add: i32::from(on),
            spread: 0,
            draws: false,
            min: 0,
            max: 1,
            rare: false,
        };
        match *effect {
            Eff::Add { slot, by } => of_slot(slot, true, by, None),
            Eff::AddRandom { slot, min, max } => {
                of_slot(slot, true, min, Some(max.wrapping_sub(min) as u32))
            }
            Eff::Set { slot, value } => of_slot(slot, false, value, None),
            Eff::SetFlag(flag) => of_flag(flag, true),
            Eff::ClearFlag(flag) => of_flag(flag, false),
            // Applied through `Eff`; the cell fields are never read.
            Eff::Raise(_) | Eff::Reveal(_) | Eff::After { .. } => CellUpdate {
                cell: self.zero_cell(),
                actor_mask: 0,
                keep_mask: -1,
                add: 0,
                spread: 0,
                draws: false,
                min: 0,
                max: 0,
                rare: true,
            },
        }
    }

    /// The gate of a program of one test, or of one negated test.
    fn gate_of_test(&self, op: Op, negate: bool) -> Gate {
        match op {
            Op::Slot { slot, lo, hi } => Gate::Cell(CellTest::range(slot, lo, hi, negate)),
            Op::Flag(flag) => Gate::Cell(CellTest::range(self.flag_cell(flag), 1, 1, negate)),
            op => Gate::Test { op, negate },
        }
    }

    /// The table of a stage's transitions, if enough of the first ones test one slot for
    /// single values.
    pub(super) fn switch(&self, transitions: Span) -> Option<Switch> {
        let mut slot = None;
        let mut cases = Vec::new();
        for t in transitions {
            let Gate::Cell(test) = self.transitions[t as usize].gate else {
                break;
            };
            match test.single_value() {
                Some(value)
                    if (test.cell as usize) < self.slots.len()
                        && slot.is_none_or(|s| s == test.cell) =>
                {
                    slot = Some(test.cell);
                    cases.push((value, t));
                }
                _ => break,
            }
        }
        if cases.len() < SWITCH_MIN_CASES {
            return None;
        }
        let covers = cases.len() as u32;
        // A stable sort keeps, for each value, the earliest transition first.
        cases.sort_by_key(|&(value, _)| value);
        cases.dedup_by_key(|&mut (value, _)| value);
        Some(Switch {
            slot: slot?,
            covers,
            cases,
        })
    }

    /// The label an author gave a delayed (`After`) effect, shown while it is pending.
    pub fn delayed_label(&self, effect: u32) -> Option<&str> {
        self.after_labels
            .binary_search_by_key(&effect, |(e, _)| *e)
            .ok()
            .map(|i| self.after_labels[i].1.as_str())
    }

    pub fn role_index(&self, id: &str) -> Option<u32> {
        self.exercise
            .roles
            .iter()
            .position(|r| r.id == id)
            .map(|i| i as u32)
    }

    pub fn indicator_index(&self, id: &str) -> Option<u32> {
        self.exercise
            .indicators
            .iter()
            .position(|r| r.id == id)
            .map(|i| i as u32)
    }

    pub fn stage_index(&self, id: &str) -> Option<u32> {
        self.exercise
            .stages
            .iter()
            .position(|r| r.id == id)
            .map(|i| i as u32)
    }

    pub fn inject_index(&self, id: &str) -> Option<u32> {
        self.exercise
            .injects
            .iter()
            .position(|r| r.id == id)
            .map(|i| i as u32)
    }

    pub fn agreement_index(&self, id: &str) -> Option<u32> {
        self.exercise
            .agreements
            .iter()
            .position(|r| r.id == id)
            .map(|i| i as u32)
    }

    /// The slot of an indicator for a role (ignored for global indicators).
    pub fn slot_of(&self, indicator: u32, role: Option<u32>) -> u32 {
        let base = self.indicator_slot[indicator as usize];
        match (self.slots[base as usize].role, role) {
            (Some(_), Some(r)) => base + r,
            _ => base,
        }
    }

    /// The decision a role faces in a stage, if any.
    pub fn decision_for(&self, stage: u32, role: u32) -> Option<u32> {
        let span = self.stages[stage as usize].decisions.clone();
        span.into_iter()
            .find(|&d| self.decisions[d as usize].role == role)
    }

    /// Source text of an option by compiled index: (decision, option) in the model.
    pub fn option_model(&self, option: u32) -> &model::DecisionOption {
        let o = &self.options[option as usize];
        let d = &self.decisions[o.decision as usize];
        let first = d.options.start;
        let stage = &self.exercise.stages[d.stage as usize];
        let local_decision = (o.decision - self.stages[d.stage as usize].decisions.start) as usize;
        &stage.decisions[local_decision].options[(option - first) as usize]
    }

    pub fn decision_model(&self, decision: u32) -> &model::Decision {
        let d = &self.decisions[decision as usize];
        let local = (decision - self.stages[d.stage as usize].decisions.start) as usize;
        &self.exercise.stages[d.stage as usize].decisions[local]
    }

    /// "Arrivals" or "Cost (Verana)" for a slot.
    pub fn slot_label(&self, slot: u32) -> String {
        let s = &self.slots[slot as usize];
        let ind = &self.exercise.indicators[s.indicator as usize];
        match s.role {
            Some(r) => format!("{} ({})", ind.label, self.exercise.roles[r as usize].name),
            None => ind.label.clone(),
        }
    }
}
