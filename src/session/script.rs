//! Script files: a RON list of actions that drives a headless session.
//!
//! ```ron
//! Script(
//!     exercise: "sea-rescue",            // optional: which exercise it was written for
//!     actions: [
//!         Decide(role: "destination", option: "offer-port", reason: "Lives first"),
//!         Note(text: "Transit delegation asked about costs"),
//!         Undo,
//!         Conclude,
//!     ],
//! )
//! ```
//!
//! Roles that a script decides for are played by the script; the others by personas.

use crate::engine::Action;
use crate::scenario::Diagnostic;
use crate::scenario::load::{decode_text, parse_ron};
use crate::scenario::positions::locate_paths;
use serde::Deserialize;

pub use crate::limits::MAX_SCRIPT_ACTIONS;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    #[serde(default)]
    pub exercise: Option<String>,
    pub actions: Vec<Action>,
    /// Where each action starts in the file, for error messages.
    #[serde(skip)]
    pub positions: Vec<(usize, usize)>,
    #[serde(skip)]
    pub file: String,
}

impl Script {
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Script, Diagnostic> {
        let text = decode_text(file, bytes)?;
        let script: Script = parse_ron(file, text)?;
        // Notes, reasons and inject texts reach transcripts and reports.
        let mut script = Script {
            exercise: script
                .exercise
                .map(|id| crate::text::sanitize(&id).into_owned()),
            actions: crate::text::sanitize_value(script.actions, text)
                .map_err(|m| Diagnostic::error(file, 0, 0, m))?,
            ..script
        };
        if script.actions.len() > MAX_SCRIPT_ACTIONS {
            return Err(Diagnostic::error(
                file,
                0,
                0,
                crate::tr!(
                    "script.too_many_actions",
                    actions = crate::limits::thousands(script.actions.len() as u64),
                    limit = crate::limits::thousands(MAX_SCRIPT_ACTIONS as u64)
                ),
            ));
        }
        if let Some(too_long) = crate::limits::long_texts(file, text, &[])
            .into_iter()
            .next()
        {
            return Err(too_long);
        }
        let paths: Vec<String> = (0..script.actions.len())
            .map(|i| format!("actions[{i}]"))
            .collect();
        script.positions = locate_paths(text, &paths);
        script.file = file.to_string();
        Ok(script)
    }

    /// A located error for the action at `index`.
    pub fn error_at(&self, index: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.positions.get(index).copied().unwrap_or((0, 0));
        Diagnostic::error(&self.file, line, col, message)
    }

    /// Role ids the script makes decisions, offers or answers for.
    pub fn roles_played(&self) -> Vec<String> {
        let mut roles: Vec<String> = Vec::new();
        for action in &self.actions {
            let role = match action {
                Action::Decide { role, .. } | Action::Answer { role, .. } => Some(role),
                Action::Offer { from, .. } => Some(from),
                _ => None,
            };
            if let Some(role) = role
                && !roles.contains(role)
            {
                roles.push(role.clone());
            }
        }
        roles
    }
}
