//! The report's numbers as CSV for a spreadsheet: one row per turn per indicator slot,
//! with the value at the start and the end of the turn and what players saw. Headers,
//! ledgers and "unknown" stay English in every interface language (a data format, not
//! prose); stage titles and labels come from the exercise.

use super::{Report, csv_field};
use std::fmt::Write as _;

pub const HEADER: &str =
    "turn,stage,stage_title,indicator,label,role,ledger,unit,start,value,observed";

/// The ledger as the CSV names it: an English id, whatever the interface language, so a
/// spreadsheet built on one report reads the next.
fn ledger_id(ledger: crate::scenario::model::Ledger) -> &'static str {
    use crate::scenario::model::Ledger;
    match ledger {
        Ledger::Control => "control",
        Ledger::Protection => "protection",
        Ledger::Public => "public",
        Ledger::Resources => "resources",
    }
}

pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{HEADER}");
    for (i, turn) in r.timeline.iter().enumerate() {
        for ledger in &r.ledgers {
            for ind in &ledger.indicators {
                for line in &ind.lines {
                    let (Some(start), Some(end)) = (line.values.get(i), line.values.get(i + 1))
                    else {
                        continue;
                    };
                    let observed = if line.observed_at(turn.turn) {
                        end.to_string()
                    } else {
                        "unknown".to_string()
                    };
                    let fields = [
                        turn.turn.to_string(),
                        csv_field(&turn.stage_id, true),
                        csv_field(&turn.stage_title, true),
                        csv_field(&ind.id, true),
                        csv_field(&ind.label, true),
                        csv_field(line.role_id.as_deref().unwrap_or(""), true),
                        ledger_id(ledger.ledger).to_string(),
                        csv_field(&ind.unit, true),
                        start.to_string(),
                        end.to_string(),
                        observed,
                    ];
                    let _ = writeln!(out, "{}", fields.join(","));
                }
            }
        }
    }
    out
}
