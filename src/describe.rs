//! Text for ids and events, looked up from the exercise when drawn. The TUI, transcripts
//! and reports all word things through here, so they never disagree.

use crate::engine::event::InjectCause;
use crate::engine::{Compiled, Event, State};
use crate::scenario::model::{Direction, Ledger, Tag};

/// The likelihood band a chance is shown as: words first, the number in brackets.
pub fn likelihood(percent: u8) -> &'static str {
    match percent {
        0..=10 => "very unlikely",
        11..=35 => "unlikely",
        36..=64 => "about as likely as not",
        65..=89 => "likely",
        _ => "very likely",
    }
}

pub fn ledger_name(ledger: Ledger) -> &'static str {
    match ledger {
        Ledger::Control => "Control",
        Ledger::Protection => "Protection",
        Ledger::Public => "Public",
        Ledger::Resources => "Resources",
    }
}

pub const LEDGERS: [Ledger; 4] = [
    Ledger::Control,
    Ledger::Protection,
    Ledger::Public,
    Ledger::Resources,
];

pub fn role_name(c: &Compiled, role: u32) -> &str {
    &c.exercise.roles[role as usize].name
}

/// A short name for narrow columns: the role's country, else its name up to " (".
pub fn role_short_name(c: &Compiled, role: u32) -> &str {
    let r = &c.exercise.roles[role as usize];
    r.country
        .as_deref()
        .and_then(|id| c.exercise.setting.countries.iter().find(|k| k.id == id))
        .map(|k| k.name.as_str())
        .unwrap_or_else(|| r.name.split(" (").next().unwrap_or(&r.name))
}

pub fn stage_title(c: &Compiled, stage: u32) -> &str {
    &c.exercise.stages[stage as usize].title
}

pub fn ending_title(c: &Compiled, ending: u32) -> &str {
    &c.exercise.endings[ending as usize].title
}

pub fn option_label(c: &Compiled, option: u32) -> &str {
    &c.option_model(option).label
}

pub fn agreement_title(c: &Compiled, agreement: u32) -> &str {
    &c.exercise.agreements[agreement as usize].title
}

pub fn inject_title(c: &Compiled, inject: u32) -> &str {
    &c.exercise.injects[inject as usize].title
}

pub fn tag_list(tags: &[Tag]) -> String {
    tags.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ")
}

/// Frameworks by name, for an option's list of ids.
pub fn framework_names(ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            crate::scenario::glossary::find(id)
                .map(|f| f.name.clone())
                .unwrap_or_else(|| id.clone())
        })
        .collect()
}

/// A value as a player sees it: the number with its unit, or "unknown" while hidden.
pub fn observed_value(c: &Compiled, s: &State, slot: u32) -> String {
    match s.observed(c, slot) {
        Some(v) => with_unit(c, slot, v),
        None => "unknown".to_string(),
    }
}

pub fn with_unit(c: &Compiled, slot: u32, value: i32) -> String {
    let unit = &c.exercise.indicators[c.slots[slot as usize].indicator as usize].unit;
    if unit.is_empty() {
        value.to_string()
    } else {
        format!("{value} {unit}")
    }
}

/// Whether a change is better or worse for the slot's own role, where the exercise states
/// a direction for that role; `None` means the screen shows the value without a verdict.
pub fn verdict(c: &Compiled, slot: u32, delta: i32) -> Option<bool> {
    let s = &c.slots[slot as usize];
    let ind = &c.exercise.indicators[s.indicator as usize];
    let role = s.role?;
    let direction = ind.good.get(&c.exercise.roles[role as usize].id)?;
    if delta == 0 {
        return None;
    }
    Some(match direction {
        Direction::Higher => delta > 0,
        Direction::Lower => delta < 0,
    })
}

pub fn signed(delta: i32) -> String {
    if delta > 0 {
        format!("+{delta}")
    } else {
        delta.to_string()
    }
}

fn cause_word(cause: InjectCause) -> &'static str {
    match cause {
        InjectCause::Stage | InjectCause::Turn => "scheduled",
        InjectCause::Condition => "contingency",
        InjectCause::Raised => "raised by an earlier choice",
        InjectCause::Chance => "chance",
        InjectCause::Facilitator => "sent by the facilitator",
    }
}

/// One line for an event, or `None` for events shown in aggregate (indicator changes) or
/// not at all (bookkeeping).
pub fn event_line(c: &Compiled, s: &State, event: &Event) -> Option<String> {
    Some(match event {
        Event::InjectFired { inject, cause } => {
            let i = &c.exercise.injects[*inject as usize];
            let to = i
                .role
                .as_deref()
                .and_then(|r| c.role_index(r))
                .map(|r| format!(" (to {})", role_name(c, r)))
                .unwrap_or_default();
            format!(
                "Inject{to}: {} — {} [{}]",
                i.title,
                i.text,
                cause_word(*cause)
            )
        }
        Event::ChanceDrawn {
            inject,
            percent,
            happened,
            ..
        } => format!(
            "Chance: {} — {} ({percent}%): {}",
            inject_title(c, *inject),
            likelihood(*percent),
            if *happened {
                "it happened"
            } else {
                "it did not happen"
            }
        ),
        Event::RangeDrawn {
            slot,
            min,
            max,
            value,
        } => {
            if s.observed(c, *slot).is_none() {
                format!(
                    "Chance: {} moved within a hidden range",
                    c.slot_label(*slot)
                )
            } else {
                format!(
                    "Chance: {} moved by {} (range {} to {})",
                    c.slot_label(*slot),
                    signed(*value),
                    signed(*min),
                    signed(*max)
                )
            }
        }
        Event::Decided { role, option } => {
            format!("{}: {}", role_name(c, *role), option_label(c, *option))
        }
        Event::DecisionWithdrawn { role } => {
            format!("{}'s decision was withdrawn", role_name(c, *role))
        }
        Event::OfferMade {
            agreement,
            from,
            to,
        } => format!(
            "Offer: {} offers {} \"{}\"",
            role_name(c, *from),
            role_name(c, *to),
            agreement_title(c, *agreement)
        ),
        Event::OfferAnswered {
            agreement,
            from,
            to,
            accepted,
        } => format!(
            "Agreement: {} {} \"{}\" from {}",
            role_name(c, *to),
            if *accepted { "accepts" } else { "declines" },
            agreement_title(c, *agreement),
            role_name(c, *from)
        ),
        Event::AgreementBroken {
            agreement,
            from,
            to,
        } => format!(
            "Agreement broken: \"{}\" between {} and {}",
            agreement_title(c, *agreement),
            role_name(c, *from),
            role_name(c, *to)
        ),
        Event::Revealed { slot, value } => format!(
            "Revealed: {} is {}",
            c.slot_label(*slot),
            with_unit(c, *slot, *value)
        ),
        Event::DelayedScheduled { effect, due } => format!(
            "Delayed: {} — lands at turn {due}",
            c.delayed_label(*effect).unwrap_or("a later consequence")
        ),
        Event::DelayedLanded { effect, .. } => format!(
            "Lands now: {}",
            c.delayed_label(*effect)
                .unwrap_or("a consequence of an earlier turn")
        ),
        Event::Transitioned {
            to_stage,
            to_ending,
            ..
        } => match (to_stage, to_ending) {
            (Some(st), _) => format!("Next: {}", stage_title(c, *st)),
            (_, Some(e)) => format!("Ending reached: {}", ending_title(c, *e)),
            _ => return None,
        },
        Event::Adjusted { slot, by } => format!(
            "Facilitator adjusts {} by {}",
            c.slot_label(*slot),
            signed(*by)
        ),
        Event::Paused => "Facilitator pauses the exercise".into(),
        Event::Resumed => "Facilitator resumes the exercise".into(),
        Event::SkippedTo { stage } => {
            format!("Facilitator skips to: {}", stage_title(c, *stage))
        }
        Event::Concluded => "Facilitator concludes the exercise".into(),
        Event::Ended { ending } => match ending {
            Some(e) => format!("The exercise ends: {}", ending_title(c, *e)),
            None => "The exercise ends.".into(),
        },
        Event::TurnStarted { .. }
        | Event::IndicatorChanged { .. }
        | Event::FlagChanged { .. }
        | Event::Resolving { .. } => return None,
    })
}

/// Net change per slot over a run of events: (slot, before, after), in slot order.
pub fn net_changes(events: &[Event]) -> Vec<(u32, i32, i32)> {
    let mut changes: Vec<(u32, i32, i32)> = Vec::new();
    for event in events {
        if let Event::IndicatorChanged {
            slot,
            before,
            after,
        } = event
        {
            match changes.iter_mut().find(|(s, _, _)| s == slot) {
                Some(entry) => entry.2 = *after,
                None => changes.push((*slot, *before, *after)),
            }
        }
    }
    changes.retain(|(_, b, a)| b != a);
    changes.sort_by_key(|(s, _, _)| *s);
    changes
}

/// A delayed effect still to land: "Court case on the delay — lands at turn 4".
pub fn pending_line(c: &Compiled, effect: u32, due: u32) -> String {
    format!(
        "{} — lands at turn {due}",
        c.delayed_label(effect).unwrap_or("a later consequence")
    )
}

/// One net change as players see it: "Arrivals 0 → 130 (+130)", or "…: hidden".
pub fn change_text(c: &Compiled, s: &State, slot: u32, before: i32, after: i32) -> String {
    if s.observed(c, slot).is_none() {
        format!("{}: hidden", c.slot_label(slot))
    } else {
        format!(
            "{} {} → {} ({})",
            c.slot_label(slot),
            before,
            after,
            signed(after - before)
        )
    }
}

/// "better for Brinn" or "worse for Brinn", where the exercise states a direction.
pub fn verdict_words(c: &Compiled, slot: u32, delta: i32) -> Option<String> {
    let good = verdict(c, slot, delta)?;
    let role = c.slots[slot as usize].role?;
    Some(format!(
        "{} for {}",
        if good { "better" } else { "worse" },
        role_name(c, role)
    ))
}

/// One logged action in words, for reports of undone and abandoned play: "Alda chose
/// "Step up coastal patrols" — reason: …". `stage` is where the action was taken (it
/// picks the option's label when an option id recurs across stages).
pub fn action_line(c: &Compiled, stage: u32, action: &crate::engine::Action) -> String {
    use crate::engine::Action;
    let role = |id: &str| {
        c.role_index(id)
            .map_or_else(|| id.to_string(), |r| role_name(c, r).to_string())
    };
    let agreement = |id: &str| {
        c.agreement_index(id)
            .map_or_else(|| id.to_string(), |a| agreement_title(c, a).to_string())
    };
    let reason_part = |reason: &Option<String>| {
        reason
            .as_deref()
            .map(|r| format!(" — reason: {r}"))
            .unwrap_or_default()
    };
    let persona_part = |persona: &Option<String>| {
        persona
            .as_deref()
            .map(|p| format!(" [computer: {p}]"))
            .unwrap_or_default()
    };
    match action {
        Action::Decide {
            role: r,
            option,
            reason,
            persona,
        } => {
            let label = c
                .role_index(r)
                .and_then(|ri| c.decision_for(stage, ri))
                .and_then(|d| {
                    c.decisions[d as usize]
                        .options
                        .clone()
                        .find(|&o| c.option_model(o).id == *option)
                })
                .map_or_else(|| option.clone(), |o| option_label(c, o).to_string());
            format!(
                "{} chose \"{label}\"{}{}",
                role(r),
                persona_part(persona),
                reason_part(reason)
            )
        }
        Action::Offer {
            from,
            to,
            agreement: a,
            persona,
        } => format!(
            "{} offered {} \"{}\"{}",
            role(from),
            role(to),
            agreement(a),
            persona_part(persona)
        ),
        Action::Answer {
            role: r,
            agreement: a,
            accept,
            reason,
            persona,
        } => format!(
            "{} {} \"{}\"{}{}",
            role(r),
            if *accept { "accepted" } else { "declined" },
            agreement(a),
            persona_part(persona),
            reason_part(reason)
        ),
        Action::Continue => "The turn moved on".into(),
        Action::Inject { id, text } => match (id, text) {
            (Some(id), _) => format!(
                "Facilitator sent the inject \"{}\"",
                c.inject_index(id)
                    .map_or(id.as_str(), |i| inject_title(c, i))
            ),
            (None, Some(text)) => format!("Facilitator inject: {text}"),
            (None, None) => "Facilitator inject".into(),
        },
        Action::Adjust {
            indicator,
            role: r,
            by,
            reason,
        } => {
            let label = c
                .indicator_index(indicator)
                .map(|i| c.slot_of(i, r.as_deref().and_then(|r| c.role_index(r))))
                .map_or_else(|| indicator.clone(), |slot| c.slot_label(slot));
            format!(
                "Facilitator adjusted {label} by {} — reason: {reason}",
                signed(*by)
            )
        }
        Action::Note { text } => format!("Facilitator note: {text}"),
        Action::Pause => "Facilitator paused the exercise".into(),
        Action::Resume => "Facilitator resumed the exercise".into(),
        Action::Undo => "Facilitator undid the last decision".into(),
        Action::Rewind { turn } => format!("Facilitator rewound to turn {turn}"),
        Action::SkipTo { stage: s } => format!(
            "Facilitator skipped to \"{}\"",
            c.stage_index(s).map_or(s.as_str(), |i| stage_title(c, i))
        ),
        Action::ShowTags => "Facilitator showed tags and frameworks early".into(),
        Action::Rate {
            objective,
            rating,
            comment,
        } => format!(
            "Facilitator rated objective {objective}: {rating:?} ({}){}",
            rating.meaning(),
            comment
                .as_deref()
                .map(|c| format!(" — {c}"))
                .unwrap_or_default()
        ),
        Action::Conclude => "Facilitator concluded the exercise".into(),
        Action::Scores { role: r, pre, post } => {
            let questions = c.exercise.knowledge_check.len();
            let mut parts = Vec::new();
            if let Some(p) = pre {
                parts.push(format!("before {p}/{questions}"));
            }
            if let Some(p) = post {
                parts.push(format!("after {p}/{questions}"));
            }
            format!(
                "Facilitator recorded knowledge-check scores for {}: {}",
                role(r),
                parts.join(", ")
            )
        }
    }
}

/// The direction an indicator's slot is judged by, if the exercise states one without
/// contest: a per-role slot by its own role's stated direction; a global indicator only
/// when every role states the same direction for it. `None`: no verdict.
pub fn stated_direction(c: &Compiled, slot: u32) -> Option<Direction> {
    let s = &c.slots[slot as usize];
    let ind = &c.exercise.indicators[s.indicator as usize];
    match s.role {
        Some(role) => ind.good.get(&c.exercise.roles[role as usize].id).copied(),
        None => {
            let first = *ind.good.get(&c.exercise.roles.first()?.id)?;
            c.exercise
                .roles
                .iter()
                .all(|r| ind.good.get(&r.id) == Some(&first))
                .then_some(first)
        }
    }
}

/// "better for Brinn", "worse" (a global indicator every role judges alike), or `None`
/// where the exercise states no direction (contested values carry no verdict).
pub fn stated_verdict_words(c: &Compiled, slot: u32, delta: i32) -> Option<String> {
    if delta == 0 {
        return None;
    }
    let good = match stated_direction(c, slot)? {
        Direction::Higher => delta > 0,
        Direction::Lower => delta < 0,
    };
    let word = if good { "better" } else { "worse" };
    Some(match c.slots[slot as usize].role {
        Some(role) => format!("{word} for {}", role_name(c, role)),
        None => word.to_string(),
    })
}

/// The likelihood bands as (lowest percent, highest percent, words), read off
/// `likelihood` so the printed rules of play never disagree with the screen.
pub fn likelihood_bands() -> Vec<(u8, u8, &'static str)> {
    let mut bands: Vec<(u8, u8, &'static str)> = Vec::new();
    for p in 1..=100u8 {
        let words = likelihood(p);
        match bands.last_mut() {
            Some(last) if last.2 == words => last.1 = p,
            _ => bands.push((p, p, words)),
        }
    }
    bands
}

fn comparison_words(is: crate::scenario::model::Comparison) -> &'static str {
    use crate::scenario::model::Comparison;
    match is {
        Comparison::AtLeast => "is at least",
        Comparison::AtMost => "is at most",
        Comparison::Above => "is above",
        Comparison::Below => "is below",
        Comparison::Equal => "is",
    }
}

fn model_role_name<'a>(ex: &'a crate::scenario::Exercise, id: &'a str) -> &'a str {
    ex.roles
        .iter()
        .find(|r| r.id == id)
        .map_or(id, |r| r.name.as_str())
}

fn model_stage_title<'a>(ex: &'a crate::scenario::Exercise, id: &'a str) -> &'a str {
    ex.stages
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.title.as_str())
        .or_else(|| {
            ex.endings
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.title.as_str())
        })
        .unwrap_or(id)
}

/// The label of an option a role may choose (the first with this id among its decisions).
fn model_option_label<'a>(ex: &'a crate::scenario::Exercise, role: &str, id: &'a str) -> &'a str {
    ex.stages
        .iter()
        .flat_map(|s| &s.decisions)
        .filter(|d| d.role == role)
        .flat_map(|d| &d.options)
        .find(|o| o.id == id)
        .map_or(id, |o| o.label.as_str())
}

/// A condition in plain words, for printed guides: "Lives lost is at least 10 and
/// “Shared disembarkation” is in force".
pub fn condition_words(
    ex: &crate::scenario::Exercise,
    condition: &crate::scenario::model::Condition,
) -> String {
    use crate::scenario::model::{Comparison, Condition};
    let nested = |c: &Condition| match c {
        Condition::All(items) | Condition::Any(items) if items.len() > 1 => {
            format!("({})", condition_words(ex, c))
        }
        _ => condition_words(ex, c),
    };
    match condition {
        Condition::All(items) if items.is_empty() => "always".into(),
        Condition::Any(items) if items.is_empty() => "never".into(),
        Condition::All(items) => items.iter().map(nested).collect::<Vec<_>>().join(" and "),
        Condition::Any(items) => items.iter().map(nested).collect::<Vec<_>>().join(" or "),
        Condition::Not(inner) => match inner.as_ref() {
            Condition::Flag(f) => format!("“{f}” is not set"),
            Condition::Chose { role, option } => format!(
                "{} has not chosen “{}”",
                model_role_name(ex, role),
                model_option_label(ex, role, option)
            ),
            Condition::Agreement(a) => format!(
                "“{}” is not in force",
                ex.agreements
                    .iter()
                    .find(|t| t.id == *a)
                    .map_or(a.as_str(), |t| t.title.as_str())
            ),
            other => format!("not ({})", condition_words(ex, other)),
        },
        Condition::Indicator {
            id,
            role,
            is,
            value,
        } => {
            let indicator = ex.indicators.iter().find(|i| i.id == *id);
            let label = indicator.map_or(id.as_str(), |i| i.label.as_str());
            let unit = indicator
                .map(|i| i.unit.as_str())
                .filter(|u| !u.is_empty())
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            let whose = role
                .as_deref()
                .map(|r| format!(" for {}", model_role_name(ex, r)))
                .unwrap_or_default();
            format!("{label}{whose} {} {value}{unit}", comparison_words(*is))
        }
        Condition::Chose { role, option } => format!(
            "{} has chosen “{}”",
            model_role_name(ex, role),
            model_option_label(ex, role, option)
        ),
        Condition::Flag(f) => format!("“{f}” is set"),
        Condition::Visits { stage, is, value } => {
            let title = model_stage_title(ex, stage);
            match (is, value) {
                (Comparison::AtLeast, 1) | (Comparison::Above, 0) => {
                    format!("the stage “{title}” has been reached")
                }
                (Comparison::Equal, 0) | (Comparison::Below, 1) | (Comparison::AtMost, 0) => {
                    format!("the stage “{title}” has not been reached")
                }
                _ => format!(
                    "the number of visits to “{title}” {} {value}",
                    comparison_words(*is)
                ),
            }
        }
        Condition::Turn { is, value } => match is {
            Comparison::AtLeast => format!("from turn {value}"),
            Comparison::AtMost => format!("up to turn {value}"),
            Comparison::Above => format!("after turn {value}"),
            Comparison::Below => format!("before turn {value}"),
            Comparison::Equal => format!("in turn {value}"),
        },
        Condition::Agreement(a) => format!(
            "“{}” is in force",
            ex.agreements
                .iter()
                .find(|t| t.id == *a)
                .map_or(a.as_str(), |t| t.title.as_str())
        ),
    }
}

/// When an inject fires, in words: "Chance: unlikely (30%), drawn after the decisions
/// each turn while …; at most once".
pub fn trigger_words(
    ex: &crate::scenario::Exercise,
    trigger: &crate::scenario::model::Trigger,
) -> String {
    use crate::scenario::model::Trigger;
    match trigger {
        Trigger::Stage(stage) => format!(
            "Stage entry: each time the stage “{}” begins",
            model_stage_title(ex, stage)
        ),
        Trigger::Turn(turn) => format!("Turn: at the start of turn {turn}"),
        Trigger::When(condition) => format!(
            "Condition (contingency): once, at the start of the first turn in which {}",
            condition_words(ex, condition)
        ),
        Trigger::Random {
            percent,
            stage,
            when,
            once,
            cooldown,
        } => {
            let mut text = format!(
                "Chance: {} ({percent}%), drawn after the decisions each turn",
                likelihood(*percent)
            );
            if let Some(stage) = stage {
                text.push_str(&format!(" in “{}”", model_stage_title(ex, stage)));
            }
            if let Some(when) = when {
                text.push_str(&format!(" while {}", condition_words(ex, when)));
            }
            if *once {
                text.push_str("; at most once");
            }
            if *cooldown > 0 {
                text.push_str(&format!(
                    "; after firing, not again for {cooldown} turn{}",
                    if *cooldown == 1 { "" } else { "s" }
                ));
            }
            text
        }
        Trigger::Manual => "Manual: sent by the facilitator from the console".into(),
    }
}

/// A condition in a short form for graphs and tool output, keeping the author's ids:
/// `lives_lost ≥ 8`, `chose destination:offer-port`, `flag port-closed`, `not (...)`,
/// `all(..., ...)`. `condition_words` is the form for people who never see the file.
pub fn condition_text(condition: &crate::scenario::model::Condition) -> String {
    use crate::scenario::model::{Comparison, Condition};
    let symbol = |is: &Comparison| match is {
        Comparison::AtLeast => "≥",
        Comparison::AtMost => "≤",
        Comparison::Above => ">",
        Comparison::Below => "<",
        Comparison::Equal => "=",
    };
    let list = |items: &[Condition]| {
        items
            .iter()
            .map(condition_text)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match condition {
        Condition::All(items) => format!("all({})", list(items)),
        Condition::Any(items) => format!("any({})", list(items)),
        Condition::Not(inner) => format!("not ({})", condition_text(inner)),
        Condition::Indicator {
            id,
            role: None,
            is,
            value,
        } => format!("{id} {} {value}", symbol(is)),
        Condition::Indicator {
            id,
            role: Some(role),
            is,
            value,
        } => format!("{id} of {role} {} {value}", symbol(is)),
        Condition::Chose { role, option } => format!("chose {role}:{option}"),
        Condition::Flag(flag) => format!("flag {flag}"),
        Condition::Visits { stage, is, value } => {
            format!("visits {stage} {} {value}", symbol(is))
        }
        Condition::Turn { is, value } => format!("turn {} {value}", symbol(is)),
        Condition::Agreement(id) => format!("agreement {id}"),
    }
}
