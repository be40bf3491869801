//! Text for ids and events, looked up from the exercise when drawn. The TUI, transcripts
//! and reports all word things through here, so they never disagree. The words around
//! the exercise's own text come from the string tables (`crate::i18n`), in the interface
//! language; the engine's ids, ratings, tags and errors get their wording here, never in
//! the engine.

use crate::engine::event::InjectCause;
use crate::engine::{ActionError, Compiled, Event, Rating, State};
use crate::scenario::model::{Direction, Ledger, Tag};
use crate::session::Persona;
use crate::tr;

/// The likelihood band a chance is shown as: words first, the number in brackets.
pub fn likelihood(percent: u8) -> &'static str {
    match percent {
        0..=10 => tr!("likelihood.very_unlikely"),
        11..=35 => tr!("likelihood.unlikely"),
        36..=64 => tr!("likelihood.even"),
        65..=89 => tr!("likelihood.likely"),
        _ => tr!("likelihood.very_likely"),
    }
}

pub fn ledger_name(ledger: Ledger) -> &'static str {
    match ledger {
        Ledger::Control => tr!("ledger.control"),
        Ledger::Protection => tr!("ledger.protection"),
        Ledger::Public => tr!("ledger.public"),
        Ledger::Resources => tr!("ledger.resources"),
    }
}

/// A tag as people read it (the exercise file keeps the English id).
pub fn tag_name(tag: Tag) -> &'static str {
    match tag {
        Tag::Control => tr!("tag.control"),
        Tag::Protection => tr!("tag.protection"),
        Tag::Cooperation => tr!("tag.cooperation"),
        Tag::Communication => tr!("tag.communication"),
    }
}

/// A persona as people read it; `Persona::name` stays the id scripts and logs use.
pub fn persona_name(persona: Persona) -> &'static str {
    match persona {
        Persona::ControlFirst => tr!("persona.control_first"),
        Persona::ProtectionFirst => tr!("persona.protection_first"),
        Persona::Balanced => tr!("persona.balanced"),
        Persona::Cooperative => tr!("persona.cooperative"),
    }
}

/// What a persona does, to follow "it": "puts border control first, ...".
pub fn persona_description(persona: Persona) -> &'static str {
    match persona {
        Persona::ControlFirst => tr!("persona.control_first.describe"),
        Persona::ProtectionFirst => tr!("persona.protection_first.describe"),
        Persona::Balanced => tr!("persona.balanced.describe"),
        Persona::Cooperative => tr!("persona.cooperative.describe"),
    }
}

/// What a P/S/M/U rating means (HSEEP's wording).
pub fn rating_meaning(rating: Rating) -> &'static str {
    match rating {
        Rating::P => tr!("rating.p"),
        Rating::S => tr!("rating.s"),
        Rating::M => tr!("rating.m"),
        Rating::U => tr!("rating.u"),
    }
}

/// Why the engine refused an action, in the interface language (the engine's own
/// `Display` stays English, for logs and tests).
pub fn action_error(error: &ActionError) -> String {
    use ActionError as E;
    match error {
        E::Ended => tr!("error.action.ended").into(),
        E::LogFull(limit) => tr!("error.action.log_full", limit = limit),
        E::TextTooLong { chars, limit } => {
            tr!("error.action.text_too_long", chars = chars, limit = limit)
        }
        E::UnknownRole(id) => tr!("error.action.unknown_role", id = id),
        E::NoDecision(role) => tr!("error.action.no_decision", role = role),
        E::AlreadyDecided(role) => tr!("error.action.already_decided", role = role),
        E::NoSuchOption { role, option } => {
            tr!("error.action.no_such_option", role = role, option = option)
        }
        E::NotYourTurn(role) => tr!("error.action.not_your_turn", role = role),
        E::DecisionsClosed => tr!("error.action.decisions_closed").into(),
        E::UnknownAgreement(id) => tr!("error.action.unknown_agreement", id = id),
        E::CannotOffer {
            from,
            to,
            agreement,
        } => tr!(
            "error.action.cannot_offer",
            from = from,
            to = to,
            agreement = agreement
        ),
        E::AlreadyOffered {
            from,
            to,
            agreement,
        } => tr!(
            "error.action.already_offered",
            from = from,
            to = to,
            agreement = agreement
        ),
        E::NoSuchOffer { role, agreement } => {
            tr!(
                "error.action.no_such_offer",
                role = role,
                agreement = agreement
            )
        }
        E::UnknownIndicator(id) => tr!("error.action.unknown_indicator", id = id),
        E::RoleNeeded(id) => tr!("error.action.role_needed", id = id),
        E::GlobalIndicator(id) => tr!("error.action.global_indicator", id = id),
        E::UnknownStage(id) => tr!("error.action.unknown_stage", id = id),
        E::UnknownInject(id) => tr!("error.action.unknown_inject", id = id),
        E::UnknownObjective(id) => tr!("error.action.unknown_objective", id = id),
        E::StillDeciding => tr!("error.action.still_deciding").into(),
        E::NothingToUndo => tr!("error.action.nothing_to_undo").into(),
        E::NoSuchTurn { turn, current } => {
            tr!("error.action.no_such_turn", turn = turn, current = current)
        }
        E::EmptyInject => tr!("error.action.empty_inject").into(),
        E::ScoreOutOfRange { score, questions } => tr!(
            "error.action.score_out_of_range",
            score = score,
            questions = questions
        ),
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
    tags.iter()
        .map(|t| tag_name(*t))
        .collect::<Vec<_>>()
        .join(", ")
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
        None => tr!("value.unknown").to_string(),
    }
}

/// "1,100 people" in English, "1 100 personnes" in French: digits grouped as the text
/// around them writes numbers.
pub fn with_unit(c: &Compiled, slot: u32, value: i32) -> String {
    let unit = &c.exercise.indicators[c.slots[slot as usize].indicator as usize].unit;
    let value = grouped(value);
    if unit.is_empty() {
        value
    } else {
        format!("{value} {unit}")
    }
}

/// A value with its digits grouped by language (`limits::thousands`), keeping its sign:
/// "1,100", "1 100", "-12,000".
pub fn grouped(value: i32) -> String {
    let digits = crate::limits::thousands(u64::from(value.unsigned_abs()));
    if value < 0 {
        format!("-{digits}")
    } else {
        digits
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
        format!("+{}", grouped(delta))
    } else {
        grouped(delta)
    }
}

fn cause_word(cause: InjectCause) -> &'static str {
    match cause {
        InjectCause::Stage | InjectCause::Turn => tr!("cause.scheduled"),
        InjectCause::Condition => tr!("cause.contingency"),
        InjectCause::Raised => tr!("cause.raised"),
        InjectCause::Chance => tr!("cause.chance"),
        InjectCause::Facilitator => tr!("cause.facilitator"),
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
                .map(|r| tr!("event.inject.to", role = role_name(c, r)))
                .unwrap_or_default();
            tr!(
                "event.inject",
                to = to,
                title = i.title,
                text = i.text,
                cause = cause_word(*cause)
            )
        }
        Event::ChanceDrawn {
            inject,
            percent,
            happened,
            ..
        } => tr!(
            "event.chance",
            title = inject_title(c, *inject),
            likelihood = likelihood(*percent),
            percent = percent,
            outcome = if *happened {
                tr!("event.chance.happened")
            } else {
                tr!("event.chance.did_not_happen")
            }
        ),
        Event::RangeDrawn {
            slot,
            min,
            max,
            value,
        } => {
            if s.observed(c, *slot).is_none() {
                tr!("event.range.hidden", indicator = c.slot_label(*slot))
            } else {
                // An uncertain outcome within a likely range, never a roll of the dice.
                let indicator = c.slot_label(*slot);
                let amount = crate::limits::thousands(u64::from(value.unsigned_abs()));
                let (min, max) = (signed(*min), signed(*max));
                match value.cmp(&0) {
                    std::cmp::Ordering::Greater => tr!(
                        "event.range.rose",
                        indicator = indicator,
                        amount = amount,
                        min = min,
                        max = max
                    ),
                    std::cmp::Ordering::Less => tr!(
                        "event.range.fell",
                        indicator = indicator,
                        amount = amount,
                        min = min,
                        max = max
                    ),
                    std::cmp::Ordering::Equal => tr!(
                        "event.range.unchanged",
                        indicator = indicator,
                        min = min,
                        max = max
                    ),
                }
            }
        }
        Event::Decided { role, option } => {
            tr!(
                "choice.line",
                role = role_name(c, *role),
                option = option_label(c, *option)
            )
        }
        Event::DecisionWithdrawn { role } => {
            tr!("event.withdrawn", role = role_name(c, *role))
        }
        Event::OfferMade {
            agreement,
            from,
            to,
        } => tr!(
            "event.offer",
            from = role_name(c, *from),
            to = role_name(c, *to),
            agreement = agreement_title(c, *agreement)
        ),
        Event::OfferAnswered {
            agreement,
            from,
            to,
            accepted,
        } => {
            let answer = if *accepted {
                tr!("event.agreement.accepts")
            } else {
                tr!("event.agreement.declines")
            };
            tr!(
                "event.agreement",
                to = role_name(c, *to),
                answer = answer,
                agreement = agreement_title(c, *agreement),
                from = role_name(c, *from)
            )
        }
        Event::AgreementBroken {
            agreement,
            from,
            to,
        } => tr!(
            "event.agreement_broken",
            agreement = agreement_title(c, *agreement),
            from = role_name(c, *from),
            to = role_name(c, *to)
        ),
        Event::Revealed { slot, value } => tr!(
            "event.revealed",
            indicator = c.slot_label(*slot),
            value = with_unit(c, *slot, *value)
        ),
        Event::DelayedScheduled { effect, due } => tr!(
            "event.delayed",
            effect = c
                .delayed_label(*effect)
                .unwrap_or(tr!("event.delayed.unnamed")),
            turn = due
        ),
        Event::DelayedLanded { effect, .. } => tr!(
            "event.lands",
            effect = c
                .delayed_label(*effect)
                .unwrap_or(tr!("event.lands.unnamed"))
        ),
        Event::Transitioned {
            to_stage,
            to_ending,
            ..
        } => match (to_stage, to_ending) {
            (Some(st), _) => tr!("event.next", stage = stage_title(c, *st)),
            (_, Some(e)) => tr!("event.ending_reached", ending = ending_title(c, *e)),
            _ => return None,
        },
        Event::Adjusted { slot, by } => tr!(
            "event.adjusted",
            indicator = c.slot_label(*slot),
            by = signed(*by)
        ),
        Event::Paused => tr!("event.paused").into(),
        Event::Resumed => tr!("event.resumed").into(),
        Event::SkippedTo { stage } => {
            tr!("event.skipped_to", stage = stage_title(c, *stage))
        }
        Event::Concluded => tr!("event.concluded").into(),
        Event::Ended { ending } => match ending {
            Some(e) => tr!("event.ended", ending = ending_title(c, *e)),
            None => tr!("event.ended.none").into(),
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
    tr!(
        "pending.line",
        effect = c
            .delayed_label(effect)
            .unwrap_or(tr!("event.delayed.unnamed")),
        turn = due
    )
}

/// One net change as players see it: "Arrivals 0 → 130 (+130)", or "…: hidden".
pub fn change_text(c: &Compiled, s: &State, slot: u32, before: i32, after: i32) -> String {
    if s.observed(c, slot).is_none() {
        tr!("change.hidden", indicator = c.slot_label(slot))
    } else {
        format!(
            "{} {} → {} ({})",
            c.slot_label(slot),
            grouped(before),
            grouped(after),
            signed(after - before)
        )
    }
}

/// "better for Brinn" or "worse for Brinn", where the exercise states a direction.
pub fn verdict_words(c: &Compiled, slot: u32, delta: i32) -> Option<String> {
    let good = verdict(c, slot, delta)?;
    let role = c.slots[slot as usize].role?;
    Some(if good {
        tr!("verdict.better_for", role = role_name(c, role))
    } else {
        tr!("verdict.worse_for", role = role_name(c, role))
    })
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
            .map(|r| tr!("action.reason_part", reason = r))
            .unwrap_or_default()
    };
    let persona_part = |persona: &Option<String>| {
        persona
            .as_deref()
            .map(|p| tr!("action.persona_part", persona = persona_id_name(p)))
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
            tr!(
                "action.chose",
                role = role(r),
                option = label,
                persona = persona_part(persona),
                reason = reason_part(reason)
            )
        }
        Action::Offer {
            from,
            to,
            agreement: a,
            persona,
        } => tr!(
            "action.offered",
            from = role(from),
            to = role(to),
            agreement = agreement(a),
            persona = persona_part(persona)
        ),
        Action::Answer {
            role: r,
            agreement: a,
            accept,
            reason,
            persona,
        } => {
            if *accept {
                tr!(
                    "action.accepted",
                    role = role(r),
                    agreement = agreement(a),
                    persona = persona_part(persona),
                    reason = reason_part(reason)
                )
            } else {
                tr!(
                    "action.declined",
                    role = role(r),
                    agreement = agreement(a),
                    persona = persona_part(persona),
                    reason = reason_part(reason)
                )
            }
        }
        Action::Continue => tr!("action.continue").into(),
        Action::Inject { id, text } => match (id, text) {
            (Some(id), _) => tr!(
                "action.inject_sent",
                title = c
                    .inject_index(id)
                    .map_or(id.as_str(), |i| inject_title(c, i))
            ),
            (None, Some(text)) => tr!("action.inject_text", text = text),
            (None, None) => tr!("action.inject_empty").into(),
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
            tr!(
                "action.adjusted",
                indicator = label,
                by = signed(*by),
                reason = reason
            )
        }
        Action::Note { text } => tr!("action.note", text = text),
        Action::Pause => tr!("action.pause").into(),
        Action::Resume => tr!("action.resume").into(),
        Action::Undo => tr!("action.undo").into(),
        Action::Rewind { turn } => tr!("action.rewind", turn = turn),
        Action::SkipTo { stage: s } => tr!(
            "action.skip_to",
            stage = c.stage_index(s).map_or(s.as_str(), |i| stage_title(c, i))
        ),
        Action::ShowTags => tr!("action.show_tags").into(),
        Action::Rate {
            objective,
            rating,
            comment,
        } => tr!(
            "action.rate",
            objective = objective,
            rating = format!("{rating:?}"),
            meaning = rating_meaning(*rating),
            comment = comment
                .as_deref()
                .map(|c| format!(" — {c}"))
                .unwrap_or_default()
        ),
        Action::Conclude => tr!("action.conclude").into(),
        Action::Scores { role: r, pre, post } => {
            let questions = c.exercise.knowledge_check.len();
            let mut parts = Vec::new();
            if let Some(p) = pre {
                parts.push(tr!(
                    "action.scores.before",
                    score = p,
                    questions = questions
                ));
            }
            if let Some(p) = post {
                parts.push(tr!("action.scores.after", score = p, questions = questions));
            }
            tr!("action.scores", role = role(r), scores = parts.join(", "))
        }
    }
}

/// A persona logged by its id ("balanced") as people read it; an unknown id as it is.
fn persona_id_name(id: &str) -> String {
    id.parse::<Persona>()
        .map_or_else(|_| id.to_string(), |p| persona_name(p).to_string())
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

/// Whether a change is better (`true`) or worse by the direction the exercise states
/// without contest (see `stated_direction`); `None` for no change or no direction.
pub fn stated_verdict(c: &Compiled, slot: u32, delta: i32) -> Option<bool> {
    if delta == 0 {
        return None;
    }
    Some(match stated_direction(c, slot)? {
        Direction::Higher => delta > 0,
        Direction::Lower => delta < 0,
    })
}

/// "better for Brinn", "worse" (a global indicator every role judges alike), or `None`
/// where the exercise states no direction (contested values carry no verdict).
pub fn stated_verdict_words(c: &Compiled, slot: u32, delta: i32) -> Option<String> {
    let good = stated_verdict(c, slot, delta)?;
    Some(match (c.slots[slot as usize].role, good) {
        (Some(role), true) => tr!("verdict.better_for", role = role_name(c, role)),
        (Some(role), false) => tr!("verdict.worse_for", role = role_name(c, role)),
        (None, true) => tr!("verdict.better").to_string(),
        (None, false) => tr!("verdict.worse").to_string(),
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
        Comparison::AtLeast => tr!("condition.at_least"),
        Comparison::AtMost => tr!("condition.at_most"),
        Comparison::Above => tr!("condition.above"),
        Comparison::Below => tr!("condition.below"),
        Comparison::Equal => tr!("condition.equal"),
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
        Condition::All(items) if items.is_empty() => tr!("condition.always").into(),
        Condition::Any(items) if items.is_empty() => tr!("condition.never").into(),
        Condition::All(items) => items
            .iter()
            .map(nested)
            .collect::<Vec<_>>()
            .join(tr!("condition.and")),
        Condition::Any(items) => items
            .iter()
            .map(nested)
            .collect::<Vec<_>>()
            .join(tr!("condition.or")),
        Condition::Not(inner) => match inner.as_ref() {
            Condition::Flag(f) => tr!("condition.flag_not_set", flag = f),
            Condition::Chose { role, option } => tr!(
                "condition.not_chosen",
                role = model_role_name(ex, role),
                option = model_option_label(ex, role, option)
            ),
            Condition::Agreement(a) => tr!(
                "condition.agreement_not_in_force",
                agreement = ex
                    .agreements
                    .iter()
                    .find(|t| t.id == *a)
                    .map_or(a.as_str(), |t| t.title.as_str())
            ),
            other => tr!("condition.not", condition = condition_words(ex, other)),
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
                .map(|r| tr!("condition.for_role", role = model_role_name(ex, r)))
                .unwrap_or_default();
            tr!(
                "condition.indicator",
                indicator = label,
                whose = whose,
                comparison = comparison_words(*is),
                value = value,
                unit = unit
            )
        }
        Condition::Chose { role, option } => tr!(
            "condition.chosen",
            role = model_role_name(ex, role),
            option = model_option_label(ex, role, option)
        ),
        Condition::Flag(f) => tr!("condition.flag_set", flag = f),
        Condition::Visits { stage, is, value } => {
            let title = model_stage_title(ex, stage);
            match (is, value) {
                (Comparison::AtLeast, 1) | (Comparison::Above, 0) => {
                    tr!("condition.stage_reached", stage = title)
                }
                (Comparison::Equal, 0) | (Comparison::Below, 1) | (Comparison::AtMost, 0) => {
                    tr!("condition.stage_not_reached", stage = title)
                }
                _ => tr!(
                    "condition.visits",
                    stage = title,
                    comparison = comparison_words(*is),
                    value = value
                ),
            }
        }
        Condition::Turn { is, value } => match is {
            Comparison::AtLeast => tr!("condition.turn.from", turn = value),
            Comparison::AtMost => tr!("condition.turn.up_to", turn = value),
            Comparison::Above => tr!("condition.turn.after", turn = value),
            Comparison::Below => tr!("condition.turn.before", turn = value),
            Comparison::Equal => tr!("condition.turn.in", turn = value),
        },
        Condition::Agreement(a) => tr!(
            "condition.agreement_in_force",
            agreement = ex
                .agreements
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
        Trigger::Stage(stage) => {
            tr!("trigger.stage", stage = model_stage_title(ex, stage))
        }
        Trigger::Turn(turn) => tr!("trigger.turn", turn = turn),
        Trigger::When(condition) => tr!("trigger.when", condition = condition_words(ex, condition)),
        Trigger::Random {
            percent,
            stage,
            when,
            once,
            cooldown,
        } => {
            let mut text = tr!(
                "trigger.random",
                likelihood = likelihood(*percent),
                percent = percent
            );
            if let Some(stage) = stage {
                text.push_str(&tr!(
                    "trigger.random.in_stage",
                    stage = model_stage_title(ex, stage)
                ));
            }
            if let Some(when) = when {
                text.push_str(&tr!(
                    "trigger.random.while",
                    condition = condition_words(ex, when)
                ));
            }
            if *once {
                text.push_str(tr!("trigger.random.once"));
            }
            if *cooldown > 0 {
                text.push_str(&crate::trn!("trigger.random.cooldown", *cooldown));
            }
            text
        }
        Trigger::Manual => tr!("trigger.manual").into(),
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
