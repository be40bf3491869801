//! The one `Action` type every face produces: the TUI, script files, personas, explore and
//! the facilitator console. Actions keep string ids, so logs and scripts read well and
//! survive edits that reorder an exercise; they are resolved to indices on arrival.

use serde::{Deserialize, Serialize};

/// The P/S/M/U scale of HSEEP observations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rating {
    /// Performed without challenges.
    P,
    /// Performed with some challenges.
    S,
    /// Performed with major challenges.
    M,
    /// Unable to be performed.
    U,
}

impl Rating {
    pub fn meaning(self) -> &'static str {
        match self {
            Rating::P => "performed without challenges",
            Rating::S => "performed with some challenges",
            Rating::M => "performed with major challenges",
            Rating::U => "unable to be performed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Action {
    /// A role's choice for this turn, with an optional one-line reason. `persona` names
    /// the computer persona that chose it, so a replay never re-runs persona logic.
    Decide {
        role: String,
        option: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        persona: Option<String>,
    },
    /// Offer an agreement (template id) to another role.
    Offer {
        from: String,
        to: String,
        agreement: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        persona: Option<String>,
    },
    /// Accept or decline an offer made to `role`.
    Answer {
        role: String,
        agreement: String,
        accept: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        persona: Option<String>,
    },
    /// Resolve a stage in which nobody has a decision to make.
    Continue,

    // Facilitator actions.
    /// Send an inject now: one of the exercise's (by id) or free text.
    Inject {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
    /// Change an indicator by hand, with the reason stated.
    Adjust {
        indicator: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        by: i32,
        reason: String,
    },
    /// An observation note attached to the current turn.
    Note {
        text: String,
    },
    Pause,
    Resume,
    /// Withdraw the most recent decision, offer or answer (e.g. mis-keyed).
    Undo,
    /// Go back to the start of an earlier turn; the abandoned branch stays in the log.
    Rewind {
        turn: u32,
    },
    /// Jump to a stage (the next turn starts there).
    SkipTo {
        stage: String,
    },
    /// Show option tags and frameworks to players before resolution.
    ShowTags,
    /// The facilitator's rating of a learning objective.
    Rate {
        objective: String,
        rating: Rating,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
    },
    /// End the exercise now and go to the debrief.
    Conclude,
    /// A delegation's knowledge-check scores (questions answered correctly), before and
    /// after the session, as the facilitator marked them. Changes no engine state; a later
    /// entry replaces an earlier one for the same role, score by score.
    Scores {
        role: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pre: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        post: Option<u32>,
    },
}

impl Action {
    /// A short name for transcripts ("decide", "undo", ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Decide { .. } => "decide",
            Action::Offer { .. } => "offer",
            Action::Answer { .. } => "answer",
            Action::Continue => "continue",
            Action::Inject { .. } => "inject",
            Action::Adjust { .. } => "adjust",
            Action::Note { .. } => "note",
            Action::Pause => "pause",
            Action::Resume => "resume",
            Action::Undo => "undo",
            Action::Rewind { .. } => "rewind",
            Action::SkipTo { .. } => "skip",
            Action::ShowTags => "show-tags",
            Action::Rate { .. } => "rate",
            Action::Conclude => "conclude",
            Action::Scores { .. } => "scores",
        }
    }

    /// Every text the action carries, ids included: what the text limit applies to.
    pub fn texts(&self) -> Vec<&str> {
        let (given, optional): (Vec<&String>, Vec<&Option<String>>) = match self {
            Action::Decide {
                role,
                option,
                reason,
                persona,
            } => (vec![role, option], vec![reason, persona]),
            Action::Offer {
                from,
                to,
                agreement,
                persona,
            } => (vec![from, to, agreement], vec![persona]),
            Action::Answer {
                role,
                agreement,
                reason,
                persona,
                ..
            } => (vec![role, agreement], vec![reason, persona]),
            Action::Inject { id, text } => (vec![], vec![id, text]),
            Action::Adjust {
                indicator,
                role,
                reason,
                ..
            } => (vec![indicator, reason], vec![role]),
            Action::Note { text } => (vec![text], vec![]),
            Action::SkipTo { stage } => (vec![stage], vec![]),
            Action::Rate {
                objective, comment, ..
            } => (vec![objective], vec![comment]),
            Action::Scores { role, .. } => (vec![role], vec![]),
            Action::Continue
            | Action::Pause
            | Action::Resume
            | Action::Undo
            | Action::Rewind { .. }
            | Action::ShowTags
            | Action::Conclude => (vec![], vec![]),
        };
        given
            .into_iter()
            .chain(optional.into_iter().flatten())
            .map(String::as_str)
            .collect()
    }

    /// Decisions, offers and answers: what `Undo` withdraws.
    pub fn is_player_move(&self) -> bool {
        matches!(
            self,
            Action::Decide { .. } | Action::Offer { .. } | Action::Answer { .. }
        )
    }
}
