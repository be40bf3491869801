//! What happened, as ids and numbers. Text is looked up from the exercise when an event is
//! drawn (screen, transcript, report), so a translation changes words, not logs.

use serde::Serialize;

/// Why an inject fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InjectCause {
    Stage,
    Turn,
    Condition,
    Raised,
    Chance,
    Facilitator,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    TurnStarted {
        turn: u32,
        stage: u32,
    },
    /// A delayed effect scheduled earlier lands now.
    DelayedLanded {
        effect: u32,
        actor: u32,
    },
    DelayedScheduled {
        effect: u32,
        due: u32,
    },
    InjectFired {
        inject: u32,
        cause: InjectCause,
    },
    /// A chance draw for a random inject: shown as a likelihood band, never as a die.
    ChanceDrawn {
        inject: u32,
        percent: u8,
        roll: u8,
        happened: bool,
    },
    /// A seeded amount drawn from a range.
    RangeDrawn {
        slot: u32,
        min: i32,
        max: i32,
        value: i32,
    },
    Decided {
        role: u32,
        option: u32,
    },
    DecisionWithdrawn {
        role: u32,
    },
    OfferMade {
        agreement: u32,
        from: u32,
        to: u32,
    },
    OfferAnswered {
        agreement: u32,
        from: u32,
        to: u32,
        accepted: bool,
    },
    AgreementBroken {
        agreement: u32,
        from: u32,
        to: u32,
    },
    IndicatorChanged {
        slot: u32,
        before: i32,
        after: i32,
    },
    FlagChanged {
        flag: u32,
        on: bool,
    },
    /// A hidden value is shown from now on; `value` is what it was at that moment.
    Revealed {
        slot: u32,
        value: i32,
    },
    /// All decisions (and answers) are in; effects follow.
    Resolving {
        turn: u32,
    },
    Transitioned {
        from: u32,
        to_stage: Option<u32>,
        to_ending: Option<u32>,
    },
    Ended {
        ending: Option<u32>,
    },
    Adjusted {
        slot: u32,
        by: i32,
    },
    Paused,
    Resumed,
    SkippedTo {
        stage: u32,
    },
    Concluded,
}

/// Where the engine sends events. Explore passes `NoEvents`, which records nothing.
pub trait EventSink {
    /// Whether it takes the events that report a change of a value or a flag and
    /// what was drawn for it. Explore's sinks do not: the engine then skips working
    /// out those events at all.
    const WANTS_CHANGES: bool = true;

    fn emit(&mut self, event: Event);
}

impl EventSink for Vec<Event> {
    fn emit(&mut self, event: Event) {
        self.push(event);
    }
}

pub struct NoEvents;

impl EventSink for NoEvents {
    const WANTS_CHANGES: bool = false;

    #[inline(always)]
    fn emit(&mut self, _event: Event) {}
}
