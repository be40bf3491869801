//! Computer-played roles. Rules over option tags, no randomness, ties broken by
//! declaration order. A persona's choices are logged as ordinary actions marked with its
//! name, so a replay reads them from the log and never runs this code again.

use crate::engine::step::{can_offer, option_enabled};
use crate::engine::{Action, Compiled, State};
use crate::scenario::model::Tag;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Persona {
    ControlFirst,
    ProtectionFirst,
    Balanced,
    Cooperative,
}

impl Persona {
    pub const ALL: [Persona; 4] = [
        Persona::ControlFirst,
        Persona::ProtectionFirst,
        Persona::Balanced,
        Persona::Cooperative,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Persona::ControlFirst => "control-first",
            Persona::ProtectionFirst => "protection-first",
            Persona::Balanced => "balanced",
            Persona::Cooperative => "cooperative",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Persona::ControlFirst => "puts border control first, avoids protection costs",
            Persona::ProtectionFirst => "puts protection first, accepts control costs",
            Persona::Balanced => "looks for options that serve both control and protection",
            Persona::Cooperative => "seeks deals and shared responsibility with other states",
        }
    }

    /// How much this persona values each tag: control, protection, cooperation, communication.
    pub fn weights(self) -> [i32; 4] {
        match self {
            Persona::ControlFirst => [3, -1, 0, 1],
            Persona::ProtectionFirst => [-1, 3, 1, 1],
            Persona::Balanced => [2, 2, 1, 1],
            Persona::Cooperative => [1, 1, 3, 1],
        }
    }

    /// The sum of the weights of the tags in a bitmask.
    pub fn score(self, tags: u8) -> i32 {
        let weights = self.weights();
        Tag::ALL
            .iter()
            .zip(weights)
            .filter(|(tag, _)| tags & tag.bit() != 0)
            .map(|(_, w)| w)
            .sum()
    }

    /// The option this persona picks for a decision: highest score among enabled options,
    /// the first declared on a tie.
    pub fn choose(self, c: &Compiled, s: &State, decision: u32) -> Option<u32> {
        let mut best: Option<(i32, u32)> = None;
        for option in c.decisions[decision as usize].options.clone() {
            if !option_enabled(c, s, option) {
                continue;
            }
            let score = self.score(c.options[option as usize].tags);
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, option));
            }
        }
        best.map(|(_, o)| o)
    }

    /// Accept an offered agreement when its tags score above zero for this persona.
    pub fn accepts(self, c: &Compiled, agreement: u32) -> bool {
        self.score(c.agreements[agreement as usize].tags) > 0
    }

    /// The offers this persona makes as `role` this turn: every agreement it may offer
    /// and values, once per receiver for the whole session.
    pub fn offers(self, c: &Compiled, s: &State, role: u32) -> Vec<Action> {
        let mut out = Vec::new();
        for (a, agreement) in c.agreements.iter().enumerate() {
            let a = a as u32;
            if agreement.offered_by & (1 << role) == 0 || self.score(agreement.tags) <= 0 {
                continue;
            }
            for to in 0..c.role_count as u32 {
                let offered_before = s
                    .offer_history
                    .iter()
                    .any(|&(h, f, t)| h == a && f == role && t == to);
                if !offered_before && can_offer(c, s, a, role, to) {
                    out.push(Action::Offer {
                        from: c.exercise.roles[role as usize].id.clone(),
                        to: c.exercise.roles[to as usize].id.clone(),
                        agreement: c.exercise.agreements[a as usize].id.clone(),
                        persona: Some(self.name().to_string()),
                    });
                }
            }
        }
        out
    }
}

impl fmt::Display for Persona {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Persona {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Persona::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| {
                crate::tr!(
                    "cli.persona.unknown",
                    persona = s,
                    personas = Persona::ALL.map(|p| p.name()).join(", ")
                )
            })
    }
}
