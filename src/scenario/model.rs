//! The exercise format: the serde types an author writes in RON.
//!
//! These types are string-keyed and close to what the author typed. They are validated by
//! `scenario::validate` and compiled into dense indices by `engine::compile`; nothing on the
//! hot path reads them. Every element that a log, a save or a translation refers to carries
//! a stable, author-given `id`.
//!
//! The authoring reference is `docs/exercise-format.md`; keep the two in step.
//!
//! Ids, and the references to them, of the many small elements (stages, decisions,
//! options, transitions, effects, conditions, injects) are [`Id`]s: short strings kept
//! inline, so that reading a large exercise does not allocate for each of them.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An author-given id, or a reference to one: nearly always short, so stored inline (up
/// to 24 bytes) rather than in an allocation of its own.
pub type Id = CompactString;

/// A whole exercise: one scenario with its roles, indicators, stages and debrief. (The
/// empty default only stands in while an exercise is compiled.)
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    /// The concept note's context, e.g. "Mixed movements, including by sea".
    pub context: String,
    pub summary: String,
    /// Typical length of a session in minutes (shown by `list`).
    #[serde(default = "default_duration")]
    pub duration_minutes: u32,
    /// A warning shown before the briefing for sensitive subjects (trafficking, abuse).
    #[serde(default)]
    pub content_note: Option<String>,
    /// Whether roles decide at once, or in role order with later roles seeing earlier choices.
    #[serde(default)]
    pub turn_order: TurnOrder,
    #[serde(default)]
    pub objectives: Vec<Objective>,
    pub setting: Setting,
    pub roles: Vec<Role>,
    /// The concept note's background-paper table: objectives against obligations per state.
    #[serde(default)]
    pub obligations: Vec<ObligationsRow>,
    pub indicators: Vec<Indicator>,
    /// Id of the stage the exercise opens on.
    pub start: String,
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub injects: Vec<Inject>,
    #[serde(default)]
    pub agreements: Vec<AgreementTemplate>,
    pub endings: Vec<Ending>,
    pub debrief: Debrief,
    #[serde(default)]
    pub knowledge_check: Vec<Question>,
}

fn default_duration() -> u32 {
    90
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum TurnOrder {
    /// Every role decides without seeing the others' choices this turn.
    #[default]
    Simultaneous,
    /// Origin, then transit, then destination (declaration order); later roles see earlier choices.
    Sequential,
}

/// A learning objective with behaviours a facilitator can observe and rate P/S/M/U.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub behaviours: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    /// A few sentences that open the briefing.
    pub intro: Vec<String>,
    #[serde(default)]
    pub countries: Vec<Country>,
}

/// A fictional country of the setting.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    pub id: String,
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum RoleKind {
    Origin,
    Transit,
    Destination,
}

/// A delegation: one state, played by people or by a persona.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub kind: RoleKind,
    /// Id of the country this role plays, from `setting.countries`.
    #[serde(default)]
    pub country: Option<String>,
    /// Short name for tables and the dashboard, e.g. "Verana (transit)".
    pub name: String,
    pub public_brief: Vec<String>,
    /// Never drawn in projector mode; printed in the pack for this delegation only.
    pub private_brief: Vec<String>,
    #[serde(default)]
    pub interests: Vec<String>,
    #[serde(default)]
    pub leverage: Vec<String>,
}

/// One row of the objectives-and-obligations table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ObligationsRow {
    pub role: String,
    pub management: Vec<String>,
    pub protection: Vec<String>,
    /// Where the two conflict or reinforce each other.
    pub tensions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Ledger {
    Control,
    Protection,
    Public,
    Resources,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum Scope {
    /// One value for the whole exercise.
    #[default]
    Global,
    /// One value per role (e.g. each state's cost, or its trust in the others).
    PerRole,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum Visibility {
    #[default]
    Observed,
    /// Players see "unknown" until a `Reveal` effect shows the true value.
    Hidden,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Direction {
    Higher,
    Lower,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub unit: String,
    pub ledger: Ledger,
    #[serde(default)]
    pub scope: Scope,
    pub min: i32,
    pub max: i32,
    pub start: i32,
    #[serde(default)]
    pub visibility: Visibility,
    /// Which direction is better, stated per role; roles not named get no verdict.
    #[serde(default)]
    pub good: BTreeMap<String, Direction>,
}

/// One turn's situation, decisions and the way on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: Id,
    pub title: String,
    /// At most five short bullets.
    pub situation: Vec<String>,
    /// "What to say next" for the facilitator.
    #[serde(default)]
    pub cue: Option<String>,
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// Tried in order; the first whose condition holds wins. The last must have no condition.
    pub transitions: Vec<Transition>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub id: Id,
    pub role: Id,
    pub prompt: String,
    pub options: Vec<DecisionOption>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Tag {
    Control,
    Protection,
    Cooperation,
    Communication,
}

impl Tag {
    pub const ALL: [Tag; 4] = [
        Tag::Control,
        Tag::Protection,
        Tag::Cooperation,
        Tag::Communication,
    ];

    pub fn bit(self) -> u8 {
        match self {
            Tag::Control => 1,
            Tag::Protection => 2,
            Tag::Cooperation => 4,
            Tag::Communication => 8,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Tag::Control => "control",
            Tag::Protection => "protection",
            Tag::Cooperation => "cooperation",
            Tag::Communication => "communication",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionOption {
    pub id: Id,
    /// Fits on one line.
    pub label: String,
    /// Two or three sentences players read.
    #[serde(default)]
    pub detail: String,
    /// Hidden while players choose; shown at resolution and debrief.
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Ids into the frameworks glossary (`assets/glossary.ron`).
    #[serde(default)]
    pub frameworks: Vec<String>,
    /// For the facilitator only.
    #[serde(default)]
    pub note: Option<String>,
    /// The option is offered only while this holds.
    #[serde(default)]
    pub when: Option<Condition>,
    #[serde(default)]
    pub effects: Vec<Effect>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// A stage id or an ending id.
    pub to: Id,
    #[serde(default)]
    pub when: Option<Condition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Comparison {
    AtLeast,
    AtMost,
    Above,
    Below,
    Equal,
}

impl Comparison {
    pub fn holds(self, left: i32, right: i32) -> bool {
        match self {
            Comparison::AtLeast => left >= right,
            Comparison::AtMost => left <= right,
            Comparison::Above => left > right,
            Comparison::Below => left < right,
            Comparison::Equal => left == right,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::AtMost => "<=",
            Comparison::Above => ">",
            Comparison::Below => "<",
            Comparison::Equal => "=",
        }
    }
}

/// Declarative conditions: no scripting language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// Compare an indicator's true value. `role` picks the slot of a per-role indicator.
    Indicator {
        id: Id,
        #[serde(default)]
        role: Option<Id>,
        is: Comparison,
        value: i32,
    },
    /// The role has chosen this option at some point in the session.
    Chose {
        role: Id,
        option: Id,
    },
    Flag(Id),
    /// How many times a stage has been entered.
    Visits {
        stage: Id,
        is: Comparison,
        value: i32,
    },
    Turn {
        is: Comparison,
        value: i32,
    },
    /// An agreement (template id) is in force.
    Agreement(Id),
}

/// What an option, inject, agreement or ending does to the state.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Effect {
    /// Add a fixed amount (negative to subtract). Without `role`, a per-role indicator
    /// means the acting role's own value.
    Add {
        id: Id,
        #[serde(default)]
        role: Option<Id>,
        by: i32,
    },
    /// Add a seeded random amount between `min` and `max` inclusive (a recorded draw).
    AddRandom {
        id: Id,
        #[serde(default)]
        role: Option<Id>,
        min: i32,
        max: i32,
    },
    Set {
        id: Id,
        #[serde(default)]
        role: Option<Id>,
        value: i32,
    },
    SetFlag(Id),
    ClearFlag(Id),
    /// Fire an inject (by id) at the next opportunity.
    Raise(Id),
    /// Show the true value of a hidden indicator from now on.
    Reveal {
        id: Id,
        #[serde(default)]
        role: Option<Id>,
    },
    /// Apply these effects N turns from now; `label` is shown while it is pending.
    After {
        turns: u32,
        #[serde(default)]
        label: Option<String>,
        effects: Vec<Effect>,
    },
}

/// A master scenario events list (MSEL) entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    pub id: Id,
    pub title: String,
    pub text: String,
    /// The role it is addressed to; none means everyone.
    #[serde(default)]
    pub role: Option<Id>,
    pub trigger: Trigger,
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// Facilitator guide: what a good response looks like.
    #[serde(default)]
    pub expected: Vec<String>,
    #[serde(default)]
    pub learning: Vec<String>,
    #[serde(default)]
    pub time_box_minutes: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Trigger {
    /// Fires whenever the named stage is entered.
    Stage(Id),
    /// Fires at the start of this turn (turns count from 1).
    Turn(u32),
    /// Contingency: fires once, at the start of the first turn where the condition holds.
    When(Condition),
    /// Drawn after decisions each turn while `when` holds (and the stage matches if given).
    Random {
        /// Likelihood in percent, 1–100.
        percent: u8,
        #[serde(default)]
        stage: Option<Id>,
        #[serde(default)]
        when: Option<Condition>,
        #[serde(default)]
        once: bool,
        /// Turns to wait after firing before it can fire again.
        #[serde(default)]
        cooldown: u32,
    },
    /// Only sent by the facilitator or raised by an effect.
    Manual,
}

/// A deal one role may offer another.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementTemplate {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Roles that may offer it.
    pub offered_by: Vec<String>,
    /// Roles it may be offered to.
    pub offered_to: Vec<String>,
    /// It may be offered only while this holds (e.g. from a given turn, or once a flag
    /// is set); always, if absent.
    #[serde(default)]
    pub when: Option<Condition>,
    /// Applied once on acceptance; a per-role indicator without `role` means the offerer.
    #[serde(default)]
    pub offerer_effects: Vec<Effect>,
    /// Applied once on acceptance; a per-role indicator without `role` means the receiver.
    #[serde(default)]
    pub receiver_effects: Vec<Effect>,
    /// Checked every turn while in force; when it holds the agreement is broken.
    #[serde(default)]
    pub breach: Option<Condition>,
    /// Applied when broken; a per-role indicator without `role` means the offerer.
    #[serde(default)]
    pub breach_effects: Vec<Effect>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub frameworks: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub id: String,
    pub title: String,
    pub narrative: Vec<String>,
    /// Used when the facilitator concludes early: the first ending whose condition holds.
    #[serde(default)]
    pub when: Option<Condition>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Debrief {
    /// The concept note's four guiding questions, tailored to this exercise.
    pub questions: GuidingQuestions,
    #[serde(default)]
    pub good_practices: Vec<GoodPractice>,
    /// "What happened in reality": real cases, stated factually.
    #[serde(default)]
    pub reality: Vec<RealCase>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GuidingQuestions {
    /// (a) combinations of protection and management objectives.
    pub objectives: String,
    /// (b) decision-making tools and frameworks.
    pub tools: String,
    /// (c) cooperation and responsibility-sharing.
    pub cooperation: String,
    /// (d) communication without stigmatising migrants.
    pub communication: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoodPractice {
    pub id: String,
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub frameworks: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RealCase {
    pub id: String,
    pub title: String,
    pub text: Vec<String>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub choices: Vec<String>,
    /// Index into `choices`, from 0.
    pub answer: usize,
    pub why: String,
}

/// One framework of the glossary in `assets/glossary.ron`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub year: Option<u32>,
    pub summary: String,
    /// What it asks of states.
    pub asks: String,
}
