//! A play session: who controls each role, the append-only action log, and the state as
//! the fold of that log. Pure like the engine: saving and loading live in `save`.
//!
//! Undo and rewind do not mutate history. The log keeps every action ever taken, each
//! with the branch it belongs to; the *effective* actions are those that still build the
//! current state, and the state is rebuilt by replaying them from the seed.

pub mod persona;
pub mod plan;
pub mod save;
pub mod script;
pub mod what_if;

use crate::engine::{self, Act, Action, ActionError, Compiled, Event, State, step::roles_awaiting};
pub use persona::Persona;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Who plays a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Controller {
    Human,
    Persona(Persona),
}

impl Controller {
    pub fn label(self) -> String {
        match self {
            Controller::Human => "human".into(),
            Controller::Persona(p) => p.name().into(),
        }
    }
}

/// One action as logged: what it was, in which branch, during which turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub action: Action,
    pub branch: u32,
    pub turn: u32,
}

/// Everything that happened in one turn of the current branch.
#[derive(Debug, Clone)]
pub struct TurnRecord {
    pub turn: u32,
    pub stage: u32,
    /// True indicator values when the turn began (before delayed effects landed).
    pub start_values: Vec<i32>,
    pub events: Vec<Event>,
    /// Effective actions taken during the turn, with their reasons.
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub compiled: Arc<Compiled>,
    pub seed: u64,
    pub controllers: Vec<Controller>,
    pub log: Vec<LogEntry>,
    pub state: State,
    pub turns: Vec<TurnRecord>,
    pub branch: u32,
    effective: Vec<Action>,
    /// `effective.len()` when each turn began: turn t began at `turn_starts[t - 1]`.
    turn_starts: Vec<usize>,
    running_values: Vec<i32>,
}

impl Session {
    pub fn new(compiled: Arc<Compiled>, seed: u64, controllers: Vec<Controller>) -> Session {
        let state = State::new(&compiled, seed);
        let mut session = Session {
            running_values: state.values().to_vec(),
            compiled,
            seed,
            controllers,
            log: Vec::new(),
            state,
            turns: Vec::new(),
            branch: 0,
            effective: Vec::new(),
            turn_starts: Vec::new(),
        };
        session.rebuild();
        session
    }

    /// Apply one action: check it, log it, fold it into the state.
    pub fn apply(&mut self, action: Action) -> Result<Vec<Event>, ActionError> {
        if self.log.len() >= crate::limits::MAX_LOGGED_ACTIONS {
            return Err(ActionError::LogFull(crate::limits::MAX_LOGGED_ACTIONS));
        }
        // What is logged must fit in a save that reads back.
        let longest = action.texts().iter().map(|t| t.chars().count()).max();
        if let Some(chars) = longest.filter(|&n| n > crate::limits::MAX_TEXT_CHARS) {
            return Err(ActionError::TextTooLong {
                chars,
                limit: crate::limits::MAX_TEXT_CHARS,
            });
        }
        match &action {
            Action::Undo => {
                let at = self.last_undoable().ok_or(ActionError::NothingToUndo)?;
                let withdrawn = self.effective[at].clone();
                self.log(action);
                // Notes are the facilitator's annotations, not moves: those written after
                // the withdrawn move stay (in the turn the session is back in).
                let notes: Vec<Action> = self.effective[at + 1..]
                    .iter()
                    .filter(|a| matches!(a, Action::Note { .. }))
                    .cloned()
                    .collect();
                self.effective.truncate(at);
                self.effective.extend(notes);
                self.rebuild();
                let mut events = Vec::new();
                if let Action::Decide { role, .. } = &withdrawn
                    && let Some(r) = self.compiled.role_index(role)
                {
                    events.push(Event::DecisionWithdrawn { role: r });
                }
                Ok(events)
            }
            Action::Rewind { turn } => {
                let turn = *turn;
                if turn == 0 || turn > self.state.turn {
                    return Err(ActionError::NoSuchTurn {
                        turn,
                        current: self.state.turn,
                    });
                }
                let at = self.turn_starts[(turn - 1) as usize];
                self.branch += 1;
                self.log(action);
                self.effective.truncate(at);
                self.rebuild();
                Ok(Vec::new())
            }
            _ => {
                let act = engine::resolve(&self.compiled, &self.state, &action)?;
                let turn = self.state.turn;
                let events = self.fold(&action, act)?;
                self.log.push(LogEntry {
                    action,
                    branch: self.branch,
                    turn,
                });
                Ok(events)
            }
        }
    }

    fn log(&mut self, action: Action) {
        self.log.push(LogEntry {
            action,
            branch: self.branch,
            turn: self.state.turn,
        });
    }

    /// Step the engine with an already-checked action and file its events by turn.
    fn fold(&mut self, action: &Action, act: Act) -> Result<Vec<Event>, ActionError> {
        let mut events = Vec::new();
        engine::step(&self.compiled, &mut self.state, act, &mut events)?;
        self.effective.push(action.clone());
        if let Some(record) = self.turns.last_mut() {
            record.actions.push(action.clone());
        }
        self.file_events(&events);
        Ok(events)
    }

    fn file_events(&mut self, events: &[Event]) {
        for event in events {
            match event {
                Event::TurnStarted { turn, stage } => {
                    self.turn_starts.push(self.effective.len());
                    self.turns.push(TurnRecord {
                        turn: *turn,
                        stage: *stage,
                        start_values: self.running_values.clone(),
                        events: Vec::new(),
                        actions: Vec::new(),
                    });
                }
                Event::IndicatorChanged { slot, after, .. } => {
                    self.running_values[*slot as usize] = *after;
                }
                _ => {}
            }
            if let Some(record) = self.turns.last_mut() {
                record.events.push(event.clone());
            }
        }
    }

    /// Replay the effective actions from the seed.
    fn rebuild(&mut self) {
        let actions = std::mem::take(&mut self.effective);
        self.state = State::new(&self.compiled, self.seed);
        self.running_values = self.state.values().to_vec();
        self.turns.clear();
        self.turn_starts.clear();
        let mut events = Vec::new();
        engine::begin(&self.compiled, &mut self.state, &mut events);
        self.file_events(&events);
        for action in actions {
            // Every effective action applied once before; it applies again identically.
            if let Ok(act) = engine::resolve(&self.compiled, &self.state, &action) {
                let _ = self.fold(&action, act);
            }
        }
    }

    /// The most recent decision, offer or answer made by a person (or by anyone, when
    /// every role is computer-played).
    fn last_undoable(&self) -> Option<usize> {
        // Persona moves carry the persona's name; a person's do not.
        let by_human = |a: &Action| match a {
            Action::Decide { persona, .. }
            | Action::Answer { persona, .. }
            | Action::Offer { persona, .. } => persona.is_none(),
            _ => false,
        };
        self.effective
            .iter()
            .rposition(|a| a.is_player_move() && by_human(a))
            .or_else(|| self.effective.iter().rposition(Action::is_player_move))
    }

    /// Let computer-played roles act until a person must act or the exercise ends. Returns
    /// the actions taken with their events, in order.
    pub fn play_personas(&mut self) -> Vec<(Action, Vec<Event>)> {
        let mut taken = Vec::new();
        let limit = 64 + 8 * self.compiled.role_count;
        for _ in 0..limit {
            let Some(action) = self.next_persona_action() else {
                break;
            };
            match self.apply(action.clone()) {
                Ok(events) => taken.push((action, events)),
                Err(_) => break,
            }
        }
        taken
    }

    /// The next thing a persona would do now, if any: answer an offer made to it, make
    /// its offers, then decide.
    pub fn next_persona_action(&self) -> Option<Action> {
        let c = &self.compiled;
        let s = &self.state;
        if s.is_ended() {
            return None;
        }
        let persona_of = |role: u32| match self.controllers.get(role as usize) {
            Some(Controller::Persona(p)) => Some(*p),
            _ => None,
        };
        for offer in &s.offers {
            if offer.answer.is_none()
                && let Some(p) = persona_of(offer.to)
            {
                return Some(Action::Answer {
                    role: c.exercise.roles[offer.to as usize].id.clone(),
                    agreement: c.exercise.agreements[offer.agreement as usize].id.clone(),
                    accept: p.accepts(c, offer.agreement),
                    reason: None,
                    persona: Some(p.name().to_string()),
                });
            }
        }
        let awaiting = roles_awaiting(c, s);
        let candidates: Vec<u32> = if c.sequential {
            awaiting.first().copied().into_iter().collect()
        } else {
            awaiting
        };
        for role in candidates {
            let Some(p) = persona_of(role) else { continue };
            if let Some(offer) = p.offers(c, s, role).into_iter().next() {
                return Some(offer);
            }
            let decision = c.decision_for(s.stage, role)?;
            let option = p.choose(c, s, decision)?;
            return Some(Action::Decide {
                role: c.exercise.roles[role as usize].id.clone(),
                option: c.option_model(option).id.to_string(),
                reason: None,
                persona: Some(p.name().to_string()),
            });
        }
        None
    }

    /// Roles that a person must act for now (decisions, then answers), in role order.
    pub fn humans_to_act(&self) -> Vec<u32> {
        let c = &self.compiled;
        let s = &self.state;
        let is_human = |r: u32| self.controllers.get(r as usize) == Some(&Controller::Human);
        let mut roles: Vec<u32> = roles_awaiting(c, s);
        if c.sequential {
            roles.truncate(1);
        }
        roles.retain(|&r| is_human(r));
        for offer in &s.offers {
            if offer.answer.is_none() && is_human(offer.to) && !roles.contains(&offer.to) {
                roles.push(offer.to);
            }
        }
        roles
    }

    /// The actions that build the current state (no undone or abandoned ones).
    pub fn effective_actions(&self) -> &[Action] {
        &self.effective
    }

    /// Whether the facilitator has asked to show tags and frameworks early.
    pub fn tags_shown(&self) -> bool {
        self.effective.iter().any(|a| matches!(a, Action::ShowTags))
    }

    /// Each delegation's knowledge-check scores (before, after), in role order, for the
    /// roles that have any. A later entry replaces an earlier one score by score, so the
    /// post-session score can be entered after the pre-session one.
    pub fn scores(&self) -> Vec<(String, Option<u32>, Option<u32>)> {
        let mut out: Vec<(String, Option<u32>, Option<u32>)> = self
            .compiled
            .exercise
            .roles
            .iter()
            .map(|r| (r.id.clone(), None, None))
            .collect();
        for entry in &self.log {
            if let Action::Scores { role, pre, post } = &entry.action
                && let Some(slot) = out.iter_mut().find(|(r, _, _)| r == role)
            {
                slot.1 = pre.or(slot.1);
                slot.2 = post.or(slot.2);
            }
        }
        out.retain(|(_, pre, post)| pre.is_some() || post.is_some());
        out
    }

    /// The last rating given to each objective, with its comment.
    pub fn ratings(&self) -> Vec<(String, engine::Rating, Option<String>)> {
        let mut out: Vec<(String, engine::Rating, Option<String>)> = Vec::new();
        for entry in &self.log {
            if let Action::Rate {
                objective,
                rating,
                comment,
            } = &entry.action
            {
                out.retain(|(o, _, _)| o != objective);
                out.push((objective.clone(), *rating, comment.clone()));
            }
        }
        out
    }
}
