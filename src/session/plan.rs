//! Session plans: fit an exercise into the room's booking of 60, 90 or 120 minutes.
//!
//! A plan has a time box for the briefing, one per turn and one for the hot wash. The
//! number of turns is what the exercise typically takes: the mean length of the four
//! persona runs (every role played by the same persona, a fixed seed), computed here
//! without any clock, so the same exercise always gets the same plan. Clocks and timers
//! live in the TUI; this module only does the arithmetic.

use crate::engine::{Action, Compiled};
use crate::session::{Controller, Persona, Session};
use std::sync::Arc;

/// The plan lengths a facilitator can choose, in minutes.
pub const PLAN_MINUTES: [u32; 3] = [60, 90, 120];

/// The shortest turn a plan offers, in seconds: less than this is no discussion.
pub const MIN_TURN_SECONDS: u32 = 180;

/// The seed of the persona runs that measure an exercise's typical length.
const MEASURE_SEED: u64 = 1;

/// A safety net for exercises that never end under a persona.
const MAX_MEASURE_TURNS: u32 = 200;

/// One part of a planned session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlanPhase {
    Briefing,
    /// A turn, from 1.
    Turn(u32),
    HotWash,
}

impl PlanPhase {
    pub fn label(self) -> String {
        match self {
            PlanPhase::Briefing => crate::tr!("plan.briefing").into(),
            PlanPhase::Turn(t) => crate::tr!("plan.turn", turn = t),
            PlanPhase::HotWash => crate::tr!("plan.hot_wash").into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPlan {
    pub minutes: u32,
    pub briefing_seconds: u32,
    /// The turns planned: the exercise's typical length, fewer if they do not fit.
    pub turns: u32,
    pub turn_seconds: u32,
    pub hot_wash_seconds: u32,
}

impl SessionPlan {
    /// The plan for a booking of `minutes`, for an exercise that typically takes
    /// `typical_turns` turns.
    pub fn new(minutes: u32, typical_turns: u32) -> SessionPlan {
        let minutes = minutes.max(30);
        let briefing = match minutes {
            0..=60 => 8,
            61..=90 => 10,
            _ => 15,
        };
        let hot_wash = if minutes <= 60 { 15 } else { 25 };
        let available = (minutes - briefing - hot_wash) * 60;
        let fits = (available / MIN_TURN_SECONDS).max(1);
        let turns = typical_turns.clamp(1, fits);
        // Whole half-minutes, so the timer starts on a round number.
        let turn_seconds = (available / turns) / 30 * 30;
        SessionPlan {
            minutes,
            briefing_seconds: briefing * 60,
            turns,
            turn_seconds: turn_seconds.max(30),
            hot_wash_seconds: hot_wash * 60,
        }
    }

    pub fn total_seconds(&self) -> u32 {
        self.minutes * 60
    }

    /// The time box of a phase, in seconds. Turns beyond the plan keep the turn length.
    pub fn seconds(&self, phase: PlanPhase) -> u32 {
        match phase {
            PlanPhase::Briefing => self.briefing_seconds,
            PlanPhase::Turn(_) => self.turn_seconds,
            PlanPhase::HotWash => self.hot_wash_seconds,
        }
    }

    /// When a phase should begin, in seconds from the start of the session.
    pub fn planned_start(&self, phase: PlanPhase) -> u32 {
        match phase {
            PlanPhase::Briefing => 0,
            PlanPhase::Turn(t) => self.briefing_seconds + t.saturating_sub(1) * self.turn_seconds,
            PlanPhase::HotWash => self.total_seconds() - self.hot_wash_seconds,
        }
    }

    /// When a phase should be over, in seconds from the start of the session.
    pub fn planned_end(&self, phase: PlanPhase) -> u32 {
        self.planned_start(phase) + self.seconds(phase)
    }

    /// How many whole turns still fit before the hot wash must start, `elapsed` seconds
    /// into the session.
    pub fn turns_that_fit(&self, elapsed: u32) -> u32 {
        let hot_wash_at = self.total_seconds() - self.hot_wash_seconds;
        hot_wash_at.saturating_sub(elapsed) / self.turn_seconds.max(1)
    }
}

/// How many turns the exercise typically takes: the mean length of the persona runs,
/// rounded up. Deterministic: fixed seed, no clock.
pub fn typical_turns(compiled: &Arc<Compiled>) -> u32 {
    let lengths: Vec<u32> = Persona::ALL
        .iter()
        .map(|&p| persona_run_length(compiled, p))
        .collect();
    let total: u32 = lengths.iter().sum();
    total.div_ceil(lengths.len().max(1) as u32).max(1)
}

/// The number of turns a session lasts with every role played by `persona`.
pub fn persona_run_length(compiled: &Arc<Compiled>, persona: Persona) -> u32 {
    let controllers = vec![Controller::Persona(persona); compiled.role_count];
    let mut session = Session::new(compiled.clone(), MEASURE_SEED, controllers);
    while !session.state.is_ended() && session.state.turn <= MAX_MEASURE_TURNS {
        let moved = !session.play_personas().is_empty();
        if session.state.is_ended() {
            break;
        }
        if !moved && session.apply(Action::Continue).is_err() {
            break;
        }
    }
    session.state.turn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ninety_minute_plan_keeps_twenty_five_minutes_for_the_hot_wash() {
        let plan = SessionPlan::new(90, 7);
        assert_eq!(plan.hot_wash_seconds, 25 * 60);
        assert_eq!(plan.briefing_seconds, 10 * 60);
        assert_eq!(plan.turns, 7);
        // 55 minutes over 7 turns, in whole half-minutes.
        assert_eq!(plan.turn_seconds, 450);
        assert!(plan.planned_end(PlanPhase::Turn(7)) <= plan.planned_start(PlanPhase::HotWash));
    }

    #[test]
    fn a_short_plan_drops_turns_rather_than_squeeze_them() {
        let plan = SessionPlan::new(60, 40);
        assert_eq!(plan.hot_wash_seconds, 15 * 60);
        assert!(plan.turn_seconds >= MIN_TURN_SECONDS);
        assert!(plan.turns < 40);
    }
}
