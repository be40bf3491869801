//! "What if I had chosen X": replay a session with one decision changed, same seed.
//!
//! Everything before the changed decision is replayed as it was played (the effective
//! actions of the current branch). From the change on, computer-played roles choose again
//! by their rules, and people's roles reuse what the people chose later in the session
//! wherever the same decision (by id) comes up again and the option is still open; where
//! it does not, the balanced persona chooses for them, marked as such in the log. Pure:
//! no clock, no I/O; the same session and change always give the same replay.

use super::{Controller, Persona, Session};
use crate::engine::step::option_enabled;
use crate::engine::{Action, Compiled};
// A safety net: no exercise needs more turns than this in one replay.
use crate::limits::MAX_TURNS;
use std::sync::Arc;

/// A decision a role made that a what-if can change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changeable {
    pub turn: u32,
    pub stage: u32,
    /// The compiled decision.
    pub decision: u32,
    /// The option chosen as played.
    pub chosen: u32,
    /// Every option open to the role at that moment, in declaration order.
    pub open: Vec<u32>,
}

/// The session as played and the replay with one decision changed.
#[derive(Debug, Clone)]
pub struct WhatIf {
    pub turn: u32,
    pub role: u32,
    pub played_option: u32,
    pub option: u32,
    pub played: Session,
    pub alternative: Session,
}

/// Why a "what if" could not be replayed; its text is in the interface language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhatIfError {
    NoSuchTurn(u32),
    NoDecision { turn: u32, role: String },
    NotOpen { turn: u32, role: String },
    Replay(String),
}

impl std::fmt::Display for WhatIfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::tr;
        f.write_str(&match self {
            WhatIfError::NoSuchTurn(turn) => tr!("what_if.error.no_such_turn", turn = turn),
            WhatIfError::NoDecision { turn, role } => {
                tr!("what_if.error.no_decision", role = role, turn = turn)
            }
            WhatIfError::NotOpen { turn, role } => {
                tr!("what_if.error.not_open", role = role, turn = turn)
            }
            WhatIfError::Replay(reason) => tr!("what_if.error.replay", reason = reason),
        })
    }
}

impl std::error::Error for WhatIfError {}

/// The decisions `role` made in the current branch, each with the options it had.
pub fn changeable(session: &Session, role: u32) -> Vec<Changeable> {
    session
        .turns
        .iter()
        .filter_map(|record| replay_to_decision(session, record.turn, role).ok())
        .map(|(replay, chosen)| {
            let c = &session.compiled;
            let stage = replay.state.stage;
            let decision = c.decision_for(stage, role).unwrap_or(0);
            Changeable {
                turn: replay.state.turn,
                stage,
                decision,
                chosen,
                open: open_options(c, &replay, decision),
            }
        })
        .collect()
}

/// Replay `session` with `role` choosing `option` (a compiled option index) in `turn`.
pub fn what_if(
    session: &Session,
    turn: u32,
    role: u32,
    option: u32,
) -> Result<WhatIf, WhatIfError> {
    let c = session.compiled.clone();
    let role_name = c
        .exercise
        .roles
        .get(role as usize)
        .map_or_else(|| role.to_string(), |r| r.name.clone());
    let (mut replay, played_option) = replay_to_decision(session, turn, role)?;
    let decision =
        c.decision_for(replay.state.stage, role)
            .ok_or_else(|| WhatIfError::NoDecision {
                turn,
                role: role_name.clone(),
            })?;
    if !open_options(&c, &replay, decision).contains(&option) {
        return Err(WhatIfError::NotOpen {
            turn,
            role: role_name,
        });
    }
    replay
        .apply(Action::Decide {
            role: c.exercise.roles[role as usize].id.clone(),
            option: c.option_model(option).id.to_string(),
            reason: None,
            persona: None,
        })
        .map_err(|e| WhatIfError::Replay(e.to_string()))?;
    let later = LaterChoices::after(session, turn);
    play_on(&mut replay, &later)?;
    Ok(WhatIf {
        turn,
        role,
        played_option,
        option,
        played: session.clone(),
        alternative: replay,
    })
}

impl WhatIf {
    /// The first turn after the change in which the two sessions stood at different
    /// stages (or one had ended), if the paths ever parted.
    pub fn paths_part_at(&self) -> Option<u32> {
        let a = &self.played.turns;
        let b = &self.alternative.turns;
        let last = a.len().max(b.len()) as u32;
        (self.turn + 1..=last).find(|&t| {
            let stage =
                |turns: &[super::TurnRecord]| turns.iter().find(|r| r.turn == t).map(|r| r.stage);
            stage(a) != stage(b)
        })
    }

    /// The stage of turn `t` in each session: (as played, what if).
    pub fn stages_at(&self, t: u32) -> (Option<u32>, Option<u32>) {
        let stage = |s: &Session| s.turns.iter().find(|r| r.turn == t).map(|r| r.stage);
        (stage(&self.played), stage(&self.alternative))
    }
}

/// A fresh session replayed from the seed up to (not including) `role`'s decision in
/// `turn`, and the option chosen there as played.
fn replay_to_decision(
    session: &Session,
    turn: u32,
    role: u32,
) -> Result<(Session, u32), WhatIfError> {
    let c = &session.compiled;
    let role_id = &c
        .exercise
        .roles
        .get(role as usize)
        .ok_or(WhatIfError::NoSuchTurn(turn))?
        .id;
    let index = turn.checked_sub(1).ok_or(WhatIfError::NoSuchTurn(turn))? as usize;
    let start = *session
        .turn_starts
        .get(index)
        .ok_or(WhatIfError::NoSuchTurn(turn))?;
    let end = session
        .turn_starts
        .get(index + 1)
        .copied()
        .unwrap_or(session.effective.len());
    let at = (start..end)
        .find(|&i| matches!(&session.effective[i], Action::Decide { role: r, .. } if r == role_id))
        .ok_or_else(|| WhatIfError::NoDecision {
            turn,
            role: c.exercise.roles[role as usize].name.clone(),
        })?;
    let mut replay = Session::new(
        session.compiled.clone(),
        session.seed,
        session.controllers.clone(),
    );
    for action in &session.effective[..at] {
        replay
            .apply(action.clone())
            .map_err(|e| WhatIfError::Replay(e.to_string()))?;
    }
    let decision =
        c.decision_for(replay.state.stage, role)
            .ok_or_else(|| WhatIfError::NoDecision {
                turn,
                role: c.exercise.roles[role as usize].name.clone(),
            })?;
    let chosen_id = match &session.effective[at] {
        Action::Decide { option, .. } => option.clone(),
        _ => String::new(),
    };
    let chosen = c.decisions[decision as usize]
        .options
        .clone()
        .find(|&o| c.option_model(o).id == chosen_id)
        .ok_or_else(|| WhatIfError::Replay(format!("the option `{chosen_id}` is unknown")))?;
    Ok((replay, chosen))
}

fn open_options(c: &Compiled, session: &Session, decision: u32) -> Vec<u32> {
    c.decisions[decision as usize]
        .options
        .clone()
        .filter(|&o| option_enabled(c, &session.state, o))
        .collect()
}

/// What people chose after the changed turn, to reuse in the replay.
struct LaterChoices {
    /// (decision id, option id, reason), first occurrence of each decision.
    decisions: Vec<(String, String, Option<String>)>,
    /// (role id, agreement id, accepted, reason).
    answers: Vec<(String, String, bool, Option<String>)>,
}

impl LaterChoices {
    fn after(session: &Session, turn: u32) -> LaterChoices {
        let c = &session.compiled;
        let mut later = LaterChoices {
            decisions: Vec::new(),
            answers: Vec::new(),
        };
        for record in session.turns.iter().filter(|r| r.turn > turn) {
            for action in &record.actions {
                match action {
                    Action::Decide {
                        role,
                        option,
                        reason,
                        persona: None,
                    } => {
                        let Some(d) = c
                            .role_index(role)
                            .and_then(|r| c.decision_for(record.stage, r))
                        else {
                            continue;
                        };
                        let id = c.decision_model(d).id.to_string();
                        if !later.decisions.iter().any(|(x, _, _)| *x == id) {
                            later.decisions.push((id, option.clone(), reason.clone()));
                        }
                    }
                    Action::Answer {
                        role,
                        agreement,
                        accept,
                        reason,
                        persona: None,
                    } if !later
                        .answers
                        .iter()
                        .any(|(r, a, _, _)| r == role && a == agreement) =>
                    {
                        later.answers.push((
                            role.clone(),
                            agreement.clone(),
                            *accept,
                            reason.clone(),
                        ));
                    }
                    _ => {}
                }
            }
        }
        later
    }
}

/// Play the replay to its end: personas by their rules, people by their later choices
/// or, failing those, the balanced persona.
fn play_on(session: &mut Session, later: &LaterChoices) -> Result<(), WhatIfError> {
    let c: Arc<Compiled> = session.compiled.clone();
    let stand_in = Persona::Balanced;
    let limit = (MAX_TURNS as usize + 1) * (16 + 8 * c.role_count);
    for _ in 0..limit {
        if session.state.is_ended() {
            return Ok(());
        }
        if session.state.turn > MAX_TURNS {
            break;
        }
        if let Some(action) = session.next_persona_action() {
            apply(session, action)?;
            continue;
        }
        let Some(&role) = session.humans_to_act().first() else {
            apply(session, Action::Continue)?;
            continue;
        };
        let role_id = c.exercise.roles[role as usize].id.clone();
        let open_offer = session
            .state
            .offers
            .iter()
            .find(|o| o.to == role && o.answer.is_none())
            .copied();
        if let Some(offer) = open_offer {
            let agreement = c.exercise.agreements[offer.agreement as usize].id.clone();
            let reused = later
                .answers
                .iter()
                .find(|(r, a, _, _)| *r == role_id && *a == agreement);
            let action = match reused {
                Some((_, _, accept, reason)) => Action::Answer {
                    role: role_id,
                    agreement,
                    accept: *accept,
                    reason: reason.clone(),
                    persona: None,
                },
                None => Action::Answer {
                    role: role_id,
                    agreement,
                    accept: stand_in.accepts(&c, offer.agreement),
                    reason: None,
                    persona: Some(stand_in.name().to_string()),
                },
            };
            apply(session, action)?;
            continue;
        }
        let decision = c
            .decision_for(session.state.stage, role)
            .ok_or_else(|| WhatIfError::Replay("a person has nothing to decide".into()))?;
        let id = &c.decision_model(decision).id;
        let open = open_options(&c, session, decision);
        let reused =
            later
                .decisions
                .iter()
                .find(|(d, _, _)| d == id)
                .and_then(|(_, option, reason)| {
                    open.iter()
                        .find(|&&o| c.option_model(o).id == *option)
                        .map(|_| (option.clone(), reason.clone()))
                });
        let action = match reused {
            Some((option, reason)) => Action::Decide {
                role: role_id,
                option,
                reason,
                persona: None,
            },
            None => {
                let option = stand_in
                    .choose(&c, &session.state, decision)
                    .ok_or_else(|| WhatIfError::Replay("no option is open".into()))?;
                Action::Decide {
                    role: role_id,
                    option: c.option_model(option).id.to_string(),
                    reason: None,
                    persona: Some(stand_in.name().to_string()),
                }
            }
        };
        apply(session, action)?;
    }
    Err(WhatIfError::Replay(format!(
        "the exercise did not end within {MAX_TURNS} turns"
    )))
}

fn apply(session: &mut Session, action: Action) -> Result<(), WhatIfError> {
    session
        .apply(action)
        .map(|_| ())
        .map_err(|e| WhatIfError::Replay(e.to_string()))
}

/// Whether a role was played by a person in this session.
pub fn is_human(session: &Session, role: u32) -> bool {
    session.controllers.get(role as usize) == Some(&Controller::Human)
}
