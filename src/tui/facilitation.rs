//! What a facilitated session adds to a play: the session plan and roster, the clocks, the
//! facilitator console and agenda overlays, the reason asked for right after a keyed-in
//! choice, the hot wash, the ratings and the solo "what if". Plain data here; the update
//! lives in `app::facilitate` and the drawing in `screens::{console, agenda, handoff,
//! hotwash, ratings, whatif}`.
//!
//! Everything the facilitator does reaches the session as an `Action`, so saves, reports
//! and scripts see it; clocks never do (they are the room's, not the exercise's).

use crate::engine::Rating;
use crate::scenario::model::Exercise;
use crate::session::plan::{PlanPhase, SessionPlan};
use crate::session::save::Delegation;
use crate::session::what_if::{Changeable, WhatIf};
use crate::tui::screens::decision::DecisionItem;
use crate::tui::timer::{PhaseTimer, SessionClock};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Instant;

/// Longest text a facilitator types into one field.
pub const MAX_FIELD: usize = 200;

/// A one-line text field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    pub text: String,
}

impl TextField {
    pub fn with(text: impl Into<String>) -> TextField {
        TextField { text: text.into() }
    }

    /// Type a key into the field; false if the key is not text.
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        match key.code {
            KeyCode::Backspace => {
                self.text.pop();
                true
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                if self.text.chars().count() < MAX_FIELD && !crate::text::is_unsafe_char(c) {
                    self.text.push(c);
                }
                true
            }
            _ => false,
        }
    }

    /// The text trimmed, or `None` when blank.
    pub fn value(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| t.to_string())
    }
}

/// The lines of the facilitator console's menu, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleItem {
    Inject,
    FreeInject,
    Adjust,
    Note,
    PauseResume,
    Undo,
    Rewind,
    SkipTo,
    ShowTags,
    Conclude,
}

impl ConsoleItem {
    pub const ALL: [ConsoleItem; 10] = [
        ConsoleItem::Inject,
        ConsoleItem::FreeInject,
        ConsoleItem::Adjust,
        ConsoleItem::Note,
        ConsoleItem::PauseResume,
        ConsoleItem::Undo,
        ConsoleItem::Rewind,
        ConsoleItem::SkipTo,
        ConsoleItem::ShowTags,
        ConsoleItem::Conclude,
    ];

    pub fn label(self, paused: bool) -> &'static str {
        match self {
            ConsoleItem::Inject => crate::tr!("console.item.inject"),
            ConsoleItem::FreeInject => crate::tr!("console.item.free_inject"),
            ConsoleItem::Adjust => crate::tr!("console.item.adjust"),
            ConsoleItem::Note => crate::tr!("console.item.note"),
            ConsoleItem::PauseResume if paused => crate::tr!("console.item.resume"),
            ConsoleItem::PauseResume => crate::tr!("console.item.pause"),
            ConsoleItem::Undo => crate::tr!("console.item.undo"),
            ConsoleItem::Rewind => crate::tr!("console.item.rewind"),
            ConsoleItem::SkipTo => crate::tr!("console.item.skip_to"),
            ConsoleItem::ShowTags => crate::tr!("console.item.show_tags"),
            ConsoleItem::Conclude => crate::tr!("console.item.conclude"),
        }
    }

    /// Whether it changes the exercise, so it cannot be done once the exercise has ended.
    pub fn needs_running(self) -> bool {
        !matches!(
            self,
            ConsoleItem::Note | ConsoleItem::Rewind | ConsoleItem::Undo | ConsoleItem::ShowTags
        )
    }
}

/// Where the console stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleStep {
    Menu,
    PickInject,
    InjectText,
    PickIndicator,
    Amount { slot: u32 },
    AdjustReason { slot: u32, by: i32 },
    Note,
    PickTurn,
    PickStage,
    ConfirmConclude,
}

impl ConsoleStep {
    /// Steps where the keyboard types text.
    pub fn is_typing(self) -> bool {
        matches!(
            self,
            ConsoleStep::InjectText
                | ConsoleStep::Amount { .. }
                | ConsoleStep::AdjustReason { .. }
                | ConsoleStep::Note
        )
    }
}

#[derive(Debug, Clone)]
pub struct Console {
    pub step: ConsoleStep,
    pub selected: usize,
    pub field: TextField,
}

impl Console {
    pub fn new() -> Console {
        Console {
            step: ConsoleStep::Menu,
            selected: 0,
            field: TextField::default(),
        }
    }

    pub fn go(&mut self, step: ConsoleStep) {
        self.step = step;
        self.selected = 0;
        self.field = TextField::default();
    }
}

impl Default for Console {
    fn default() -> Self {
        Console::new()
    }
}

/// The solo "what if" from the debrief.
#[derive(Debug, Clone, Default)]
pub enum WhatIfStep {
    /// Choose which of your decisions to change.
    #[default]
    PickTurn,
    /// Choose the other option for the decision at this index of `choices`.
    PickOption { choice: usize },
    /// Both outcomes side by side.
    Compare(Box<WhatIf>),
}

#[derive(Debug, Clone, Default)]
pub struct WhatIfState {
    pub step: WhatIfStep,
    pub selected: usize,
    pub scroll: u16,
    /// The player's decisions that can be changed, worked out on opening.
    pub choices: Vec<Changeable>,
}

/// The ratings screen: the objective selected, and a rating waiting for its comment.
#[derive(Debug, Clone, Default)]
pub struct RatingsState {
    pub selected: usize,
    pub pending: Option<(Rating, TextField)>,
}

#[derive(Debug, Clone)]
pub struct Facilitation {
    /// Set up from setup or from a save (a play started otherwise is open group play).
    pub configured: bool,
    pub plan: Option<SessionPlan>,
    /// One entry per role, in role order.
    pub roster: Vec<Delegation>,
    pub observers: Vec<String>,
    /// The app's idea of now: advanced on each poll, held still in tests.
    pub now: Instant,
    pub clock: SessionClock,
    pub timer: Option<PhaseTimer>,
    pub console: Option<Console>,
    /// The agenda overlay is open, scrolled this far.
    pub agenda: Option<u16>,
    /// A keyed-in choice waiting for its one-line reason.
    pub pending: Option<DecisionItem>,
    /// Pass the keyboard: the delegation at the keyboard has opened its private brief.
    pub brief_shown: bool,
    /// Hot wash: which guiding question, (a) to (d).
    pub question: usize,
    pub ratings: RatingsState,
    pub what_if: WhatIfState,
    /// A terminal bell is due (time up); the run loop rings it once.
    pub bell: bool,
}

impl Facilitation {
    pub fn new(exercise: &Exercise, now: Instant) -> Facilitation {
        Facilitation {
            configured: false,
            plan: None,
            roster: default_roster(exercise),
            observers: Vec::new(),
            now,
            clock: SessionClock::new(now),
            timer: None,
            console: None,
            agenda: None,
            pending: None,
            brief_shown: false,
            question: 0,
            ratings: RatingsState::default(),
            what_if: WhatIfState::default(),
            bell: false,
        }
    }

    /// The label a delegation goes by in the room (the role's name unless the roster
    /// says otherwise).
    pub fn label<'a>(&'a self, exercise: &'a Exercise, role: u32) -> &'a str {
        self.roster
            .get(role as usize)
            .map(|d| d.label.trim())
            .filter(|l| !l.is_empty())
            .or_else(|| exercise.roles.get(role as usize).map(|r| r.name.as_str()))
            .unwrap_or("?")
    }

    /// The phase the clock is in, and its timer (started on entering the phase).
    pub fn timer_for(&self, phase: PlanPhase) -> Option<&PhaseTimer> {
        self.timer.as_ref().filter(|t| t.phase == phase)
    }
}

/// Delegations named after their roles, with no members or agency yet.
pub fn default_roster(exercise: &Exercise) -> Vec<Delegation> {
    exercise
        .roles
        .iter()
        .map(|r| Delegation {
            role: r.id.clone(),
            label: r.name.clone(),
            members: Vec::new(),
            agency: None,
        })
        .collect()
}

/// "Ana, Ben" → ["Ana", "Ben"].
pub fn split_names(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The plan lengths offered in setup, `None` meaning no plan.
pub const PLAN_CHOICES: [Option<u32>; 4] = [None, Some(60), Some(90), Some(120)];

/// The plan length closest to the exercise's typical duration.
pub fn default_plan_minutes(exercise: &Exercise) -> u32 {
    crate::session::plan::PLAN_MINUTES
        .into_iter()
        .min_by_key(|m| m.abs_diff(exercise.duration_minutes))
        .unwrap_or(90)
}

/// The editor for one delegation (label, members, agency) or for the observers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEditor {
    /// The role edited, or `None` for the observers.
    pub role: Option<u32>,
    pub fields: Vec<TextField>,
    pub focus: usize,
}

impl RosterEditor {
    /// The fields' names, in the interface language.
    pub fn field_names(&self) -> Vec<&'static str> {
        match self.role {
            Some(_) => vec![
                crate::tr!("roster.label"),
                crate::tr!("roster.members"),
                crate::tr!("roster.agency"),
            ],
            None => vec![crate::tr!("setup.row.observers")],
        }
    }
}
