//! The pure engine: no I/O, no terminal, no clock.
//!
//! `compile` turns a validated exercise into dense indices; `State` holds everything that
//! changes; `step` applies one resolved action and reports `Event`s. A session is
//! `(exercise, seed, action log)` and its state is the fold of `step` over the log.

pub mod action;
pub mod compiled;
pub mod dice;
pub mod event;
pub mod program;
pub mod state;
pub mod step;

pub use action::{Action, Rating};
pub use compiled::{Compiled, compile, compile_owned};
pub use event::{Event, EventSink, InjectCause, NoEvents};
pub use state::{Phase, State};
pub use step::{Act, ActionError, begin, step};

/// Turn an `Action` (string ids) into an `Act` (indices), checking that it is allowed now.
pub fn resolve(c: &Compiled, s: &State, action: &Action) -> Result<Act, ActionError> {
    let role_named = |id: &str| {
        c.role_index(id)
            .ok_or_else(|| ActionError::UnknownRole(id.to_string()))
    };
    let role_name = |r: u32| c.exercise.roles[r as usize].name.clone();
    if s.is_ended()
        && !matches!(
            action,
            Action::Note { .. } | Action::Rate { .. } | Action::Scores { .. } | Action::ShowTags
        )
    {
        return Err(ActionError::Ended);
    }
    Ok(match action {
        Action::Decide { role, option, .. } => {
            let r = role_named(role)?;
            if s.phase != Phase::Deciding {
                return Err(ActionError::DecisionsClosed);
            }
            let decision = c
                .decision_for(s.stage, r)
                .ok_or_else(|| ActionError::NoDecision(role_name(r)))?;
            if s.choices[r as usize].is_some() {
                return Err(ActionError::AlreadyDecided(role_name(r)));
            }
            if c.sequential
                && let Some(first) = step::awaiting_decision(c, s)
                && first != r
            {
                return Err(ActionError::NotYourTurn(role_name(first)));
            }
            let span = c.decisions[decision as usize].options.clone();
            let found = span
                .clone()
                .find(|&o| c.option_model(o).id == *option && step::option_enabled(c, s, o));
            let o = found.ok_or_else(|| ActionError::NoSuchOption {
                role: role_name(r),
                option: option.clone(),
            })?;
            Act::Decide { role: r, option: o }
        }
        Action::Offer {
            from,
            to,
            agreement,
            ..
        } => {
            let f = role_named(from)?;
            let t = role_named(to)?;
            let a = c
                .agreement_index(agreement)
                .ok_or_else(|| ActionError::UnknownAgreement(agreement.clone()))?;
            if s.phase != Phase::Deciding {
                return Err(ActionError::DecisionsClosed);
            }
            let template = &c.agreements[a as usize];
            if f == t || template.offered_by & (1 << f) == 0 || template.offered_to & (1 << t) == 0
            {
                return Err(ActionError::CannotOffer {
                    from: role_name(f),
                    to: role_name(t),
                    agreement: agreement.clone(),
                });
            }
            if !step::can_offer(c, s, a, f, t) {
                return Err(ActionError::AlreadyOffered {
                    from: role_name(f),
                    to: role_name(t),
                    agreement: agreement.clone(),
                });
            }
            Act::Offer {
                agreement: a,
                from: f,
                to: t,
            }
        }
        Action::Answer {
            role,
            agreement,
            accept,
            ..
        } => {
            let r = role_named(role)?;
            let a = c
                .agreement_index(agreement)
                .ok_or_else(|| ActionError::UnknownAgreement(agreement.clone()))?;
            let offer = s
                .offers
                .iter()
                .position(|o| o.agreement == a && o.to == r && o.answer.is_none())
                .ok_or_else(|| ActionError::NoSuchOffer {
                    role: role_name(r),
                    agreement: agreement.clone(),
                })?;
            Act::Answer {
                offer: offer as u32,
                accept: *accept,
            }
        }
        Action::Continue => Act::Continue,
        Action::Inject { id, text } => match (id, text) {
            (Some(id), _) => Act::InjectNow {
                inject: Some(
                    c.inject_index(id)
                        .ok_or_else(|| ActionError::UnknownInject(id.clone()))?,
                ),
            },
            (None, Some(_)) => Act::InjectNow { inject: None },
            (None, None) => return Err(ActionError::EmptyInject),
        },
        Action::Adjust {
            indicator,
            role,
            by,
            ..
        } => {
            let i = c
                .indicator_index(indicator)
                .ok_or_else(|| ActionError::UnknownIndicator(indicator.clone()))?;
            let r = match role {
                Some(r) => Some(role_named(r)?),
                None => None,
            };
            let per_role = c.slots[c.indicator_slot[i as usize] as usize]
                .role
                .is_some();
            if per_role && r.is_none() {
                return Err(ActionError::RoleNeeded(indicator.clone()));
            }
            if !per_role && r.is_some() {
                return Err(ActionError::GlobalIndicator(indicator.clone()));
            }
            Act::Adjust {
                slot: c.slot_of(i, r),
                by: *by,
            }
        }
        Action::SkipTo { stage } => Act::SkipTo {
            stage: c
                .stage_index(stage)
                .ok_or_else(|| ActionError::UnknownStage(stage.clone()))?,
        },
        Action::Pause => Act::Pause,
        Action::Resume => Act::Resume,
        Action::Conclude => Act::Conclude,
        Action::Rate { objective, .. } => {
            if !c.exercise.objectives.iter().any(|o| o.id == *objective) {
                return Err(ActionError::UnknownObjective(objective.clone()));
            }
            Act::Nothing
        }
        Action::Scores { role, pre, post } => {
            role_named(role)?;
            let questions = c.exercise.knowledge_check.len() as u32;
            if let Some(score) = [pre, post].into_iter().flatten().find(|&&s| s > questions) {
                return Err(ActionError::ScoreOutOfRange {
                    score: *score,
                    questions,
                });
            }
            Act::Nothing
        }
        Action::Note { .. } | Action::ShowTags => Act::Nothing,
        // Undo and rewind rebuild the state from the log; the session handles them.
        Action::Undo | Action::Rewind { .. } => Act::Nothing,
    })
}
