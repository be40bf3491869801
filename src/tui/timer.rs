//! The room's clocks: the session clock and the time box of the part under way (the
//! briefing, a turn, the hot wash). They live here, never in the engine. Every method
//! takes the current `Instant`, which the app advances on each poll: tests hold it still,
//! so screens drawn in tests show the same times every run.
//!
//! A time box never decides anything: when it runs out it says so and waits.

use crate::session::plan::{PlanPhase, SessionPlan};
use std::time::{Duration, Instant};

/// Seconds the "add time" key gives.
pub const ADD_SECONDS: u64 = 30;

/// The time box of one part of the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseTimer {
    pub phase: PlanPhase,
    /// The time box with any time added; `None` when there is no plan (the timer counts up).
    pub budget: Option<Duration>,
    /// Time run before `since` (the timer is paused when `since` is `None`).
    used: Duration,
    since: Option<Instant>,
    /// Whether the "time is up" signal was given for this box.
    pub signalled: bool,
}

impl PhaseTimer {
    pub fn start(phase: PlanPhase, plan: Option<&SessionPlan>, now: Instant) -> PhaseTimer {
        PhaseTimer {
            phase,
            budget: plan.map(|p| Duration::from_secs(u64::from(p.seconds(phase)))),
            used: Duration::ZERO,
            since: Some(now),
            signalled: false,
        }
    }

    pub fn elapsed(&self, now: Instant) -> Duration {
        self.used
            + self
                .since
                .map_or(Duration::ZERO, |s| now.saturating_duration_since(s))
    }

    /// Whole seconds left: negative once the time box is over-run; `None` without a plan.
    pub fn remaining_secs(&self, now: Instant) -> Option<i64> {
        let budget = self.budget?;
        let elapsed = self.elapsed(now).as_secs() as i64;
        Some(budget.as_secs() as i64 - elapsed)
    }

    pub fn is_up(&self, now: Instant) -> bool {
        self.remaining_secs(now).is_some_and(|r| r <= 0)
    }

    pub fn is_paused(&self) -> bool {
        self.since.is_none()
    }

    pub fn pause(&mut self, now: Instant) {
        if let Some(since) = self.since.take() {
            self.used += now.saturating_duration_since(since);
        }
    }

    pub fn resume(&mut self, now: Instant) {
        if self.since.is_none() {
            self.since = Some(now);
        }
    }

    /// Give the time box `ADD_SECONDS` more (a timer without a plan has no box to extend).
    pub fn add_time(&mut self, now: Instant) {
        if let Some(budget) = self.budget.as_mut() {
            *budget += Duration::from_secs(ADD_SECONDS);
            if !self.is_up(now) {
                self.signalled = false;
            }
        }
    }

    /// The timer as the title bar shows it: "Turn 2 · 4:12 left", "Turn 2 · paused 4:12",
    /// "Turn 2 · time up +0:35", or "Turn 2 · 3:10" when counting up without a plan.
    pub fn label(&self, now: Instant) -> String {
        format!(
            "{} · {}",
            self.phase.label(),
            self.short_label_in(now, false)
        )
    }
}

impl PhaseTimer {
    /// The timer without the part's name: "4:12 left", "paused 4:12 left", "TIME UP +0:35",
    /// or "3:10" when counting up without a plan.
    pub fn short_label(&self, now: Instant) -> String {
        self.short_label_in(now, true)
    }

    /// The timer without the part's name; "TIME UP" in capitals for the title bar.
    fn short_label_in(&self, now: Instant, loud: bool) -> String {
        let paused = if self.is_paused() {
            crate::tr!("timer.paused")
        } else {
            ""
        };
        match self.remaining_secs(now) {
            None => format!("{paused}{}", clock(self.elapsed(now).as_secs() as i64)),
            Some(r) if r > 0 => {
                format!("{paused}{}", crate::tr!("timer.left", time = clock(r)))
            }
            Some(r) if loud => {
                format!(
                    "{paused}{}",
                    crate::tr!("timer.time_up_loud", time = clock(-r))
                )
            }
            Some(r) => format!("{paused}{}", crate::tr!("timer.time_up", time = clock(-r))),
        }
    }
}

/// "4:05", "12:00", "1:02:03".
pub fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The session clock and when each part of the session began, for the agenda.
#[derive(Debug, Clone)]
pub struct SessionClock {
    pub started: Instant,
    /// Each part in the order the room reached it, with its start in seconds from the
    /// start of the session. A rewound turn appears again when it is replayed.
    pub marks: Vec<(PlanPhase, u64)>,
}

impl SessionClock {
    pub fn new(now: Instant) -> SessionClock {
        SessionClock {
            started: now,
            marks: Vec::new(),
        }
    }

    pub fn elapsed_secs(&self, now: Instant) -> u64 {
        now.saturating_duration_since(self.started).as_secs()
    }

    pub fn mark(&mut self, phase: PlanPhase, now: Instant) {
        let at = self.elapsed_secs(now);
        self.marks.push((phase, at));
    }

    /// How long a part took, from its last start to the start of what followed it.
    pub fn took(&self, phase: PlanPhase) -> Option<u64> {
        let i = self.marks.iter().rposition(|(p, _)| *p == phase)?;
        let next = self.marks.get(i + 1)?;
        Some(next.1.saturating_sub(self.marks[i].1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_box_counts_down_pauses_and_takes_more_time() {
        let t0 = Instant::now();
        let plan = SessionPlan::new(60, 5);
        let mut timer = PhaseTimer::start(PlanPhase::Turn(1), Some(&plan), t0);
        let budget = i64::from(plan.turn_seconds);
        assert_eq!(timer.remaining_secs(t0), Some(budget));
        let t1 = t0 + Duration::from_secs(10);
        timer.pause(t1);
        assert!(timer.is_paused());
        // Paused: time does not run.
        let t2 = t1 + Duration::from_secs(100);
        assert_eq!(timer.remaining_secs(t2), Some(budget - 10));
        timer.resume(t2);
        timer.add_time(t2);
        assert_eq!(timer.remaining_secs(t2), Some(budget - 10 + 30));
        let late = t2 + Duration::from_secs(budget as u64 + 25);
        assert!(timer.is_up(late));
        assert!(
            timer.label(late).contains("time up +0:05"),
            "{}",
            timer.label(late)
        );
    }

    #[test]
    fn without_a_plan_the_timer_counts_up_and_is_never_up() {
        let t0 = Instant::now();
        let timer = PhaseTimer::start(PlanPhase::Turn(3), None, t0);
        let later = t0 + Duration::from_secs(3_700);
        assert!(!timer.is_up(later));
        assert_eq!(timer.label(later), "Turn 3 · 1:01:40");
    }
}
