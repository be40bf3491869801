//! The one walk over every human-readable text of an exercise (and of the glossary).
//! Extract, apply and check all use it, so they always agree on what is translated.
//!
//! Every struct is destructured without `..`: a field added to the format does not compile
//! here until someone decides whether it is text. A test also proves that every string the
//! walk leaves alone is an id, a reference or a choice, never wording.
//!
//! Keys are `<kind>.<id>.<field>`, with `.<n>` (from 1) for a line of a list. Option keys
//! carry their decision's id, since option ids are unique only within a decision. Effects
//! that show text (an `After` label) are keyed by their place in the list, from 1, nested
//! effects after their parent: `option.d1-origin.close-kesh.effects.4.label`.

use crate::scenario::model::{
    AgreementTemplate, Country, Debrief, Decision, DecisionOption, Effect, Ending, Exercise,
    Framework, GoodPractice, GuidingQuestions, Indicator, Inject, Objective, ObligationsRow,
    Question, RealCase, Role, Setting, Stage,
};
use crate::scenario::validate::MAX_LABEL_CHARS;

/// One translatable text.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    /// The text's key in a translation sidecar, e.g. `stage.call.situation.2`.
    pub key: &'a str,
    /// Where the text sits in the source file, as a path for `scenario::positions`.
    pub path: &'a str,
    /// A length the format asks the text to keep to, in characters (option labels).
    pub max_chars: Option<usize>,
}

type Visit<'v> = dyn FnMut(Field<'_>, &mut String) + 'v;

struct Walker<'v, 'w> {
    visit: &'w mut Visit<'v>,
}

impl Walker<'_, '_> {
    fn text(&mut self, key: &str, path: &str, text: &mut String) {
        (self.visit)(
            Field {
                key,
                path,
                max_chars: None,
            },
            text,
        );
    }

    fn limited(&mut self, key: &str, path: &str, text: &mut String, max_chars: usize) {
        (self.visit)(
            Field {
                key,
                path,
                max_chars: Some(max_chars),
            },
            text,
        );
    }

    fn optional(&mut self, key: &str, path: &str, text: &mut Option<String>) {
        if let Some(text) = text {
            self.text(key, path, text);
        }
    }

    fn lines(&mut self, key: &str, path: &str, lines: &mut [String]) {
        for (i, line) in lines.iter_mut().enumerate() {
            self.text(&format!("{key}.{}", i + 1), &format!("{path}[{i}]"), line);
        }
    }

    fn effects(&mut self, key: &str, path: &str, effects: &mut [Effect]) {
        for (i, effect) in effects.iter_mut().enumerate() {
            let (key, path) = (format!("{key}.{}", i + 1), format!("{path}[{i}]"));
            match effect {
                Effect::After {
                    turns: _,
                    label,
                    effects,
                } => {
                    self.optional(&format!("{key}.label"), &format!("{path}.label"), label);
                    self.effects(
                        &format!("{key}.effects"),
                        &format!("{path}.effects"),
                        effects,
                    );
                }
                Effect::Add { .. }
                | Effect::AddRandom { .. }
                | Effect::Set { .. }
                | Effect::SetFlag(_)
                | Effect::ClearFlag(_)
                | Effect::Raise(_)
                | Effect::Reveal { .. } => {}
            }
        }
    }
}

/// Visit every human-readable text of an exercise, in file order, with its key and place.
/// Texts are visited even when empty; callers skip what `is_translatable` refuses.
pub fn walk_exercise(exercise: &mut Exercise, visit: &mut Visit<'_>) {
    let mut w = Walker { visit };
    let Exercise {
        id: _,
        title,
        context,
        summary,
        duration_minutes: _,
        content_note,
        turn_order: _,
        objectives,
        setting,
        roles,
        obligations,
        indicators,
        start: _,
        stages,
        injects,
        agreements,
        endings,
        debrief,
        knowledge_check,
    } = exercise;
    w.text("exercise.title", "title", title);
    w.text("exercise.context", "context", context);
    w.text("exercise.summary", "summary", summary);
    w.optional("exercise.content_note", "content_note", content_note);
    for (i, objective) in objectives.iter_mut().enumerate() {
        let Objective {
            id,
            text,
            behaviours,
        } = objective;
        let (key, path) = (format!("objective.{id}"), format!("objectives[{i}]"));
        w.text(&format!("{key}.text"), &format!("{path}.text"), text);
        w.lines(
            &format!("{key}.behaviours"),
            &format!("{path}.behaviours"),
            behaviours,
        );
    }
    let Setting { intro, countries } = setting;
    w.lines("setting.intro", "setting.intro", intro);
    for (i, country) in countries.iter_mut().enumerate() {
        let Country { id, name, text } = country;
        let (key, path) = (format!("country.{id}"), format!("setting.countries[{i}]"));
        w.text(&format!("{key}.name"), &format!("{path}.name"), name);
        w.text(&format!("{key}.text"), &format!("{path}.text"), text);
    }
    for (i, role) in roles.iter_mut().enumerate() {
        let Role {
            id,
            kind: _,
            country: _,
            name,
            public_brief,
            private_brief,
            interests,
            leverage,
        } = role;
        let (key, path) = (format!("role.{id}"), format!("roles[{i}]"));
        w.text(&format!("{key}.name"), &format!("{path}.name"), name);
        for (field, lines) in [
            ("public_brief", public_brief),
            ("private_brief", private_brief),
            ("interests", interests),
            ("leverage", leverage),
        ] {
            w.lines(&format!("{key}.{field}"), &format!("{path}.{field}"), lines);
        }
    }
    for (i, row) in obligations.iter_mut().enumerate() {
        let ObligationsRow {
            role,
            management,
            protection,
            tensions,
        } = row;
        let (key, path) = (format!("obligations.{role}"), format!("obligations[{i}]"));
        for (field, lines) in [
            ("management", management),
            ("protection", protection),
            ("tensions", tensions),
        ] {
            w.lines(&format!("{key}.{field}"), &format!("{path}.{field}"), lines);
        }
    }
    for (i, indicator) in indicators.iter_mut().enumerate() {
        let Indicator {
            id,
            label,
            unit,
            ledger: _,
            scope: _,
            min: _,
            max: _,
            start: _,
            visibility: _,
            good: _,
        } = indicator;
        let (key, path) = (format!("indicator.{id}"), format!("indicators[{i}]"));
        w.text(&format!("{key}.label"), &format!("{path}.label"), label);
        w.text(&format!("{key}.unit"), &format!("{path}.unit"), unit);
    }
    for (s, stage) in stages.iter_mut().enumerate() {
        let Stage {
            id,
            title,
            situation,
            cue,
            decisions,
            transitions: _,
        } = stage;
        let (key, path) = (format!("stage.{id}"), format!("stages[{s}]"));
        w.text(&format!("{key}.title"), &format!("{path}.title"), title);
        w.lines(
            &format!("{key}.situation"),
            &format!("{path}.situation"),
            situation,
        );
        w.optional(&format!("{key}.cue"), &format!("{path}.cue"), cue);
        for (d, decision) in decisions.iter_mut().enumerate() {
            let Decision {
                id: decision_id,
                role: _,
                prompt,
                options,
            } = decision;
            let path = format!("{path}.decisions[{d}]");
            w.text(
                &format!("decision.{decision_id}.prompt"),
                &format!("{path}.prompt"),
                prompt,
            );
            for (o, option) in options.iter_mut().enumerate() {
                let DecisionOption {
                    id,
                    label,
                    detail,
                    tags: _,
                    frameworks: _,
                    note,
                    when: _,
                    effects,
                } = option;
                let (key, path) = (
                    format!("option.{decision_id}.{id}"),
                    format!("{path}.options[{o}]"),
                );
                w.limited(
                    &format!("{key}.label"),
                    &format!("{path}.label"),
                    label,
                    MAX_LABEL_CHARS,
                );
                w.text(&format!("{key}.detail"), &format!("{path}.detail"), detail);
                w.optional(&format!("{key}.note"), &format!("{path}.note"), note);
                w.effects(
                    &format!("{key}.effects"),
                    &format!("{path}.effects"),
                    effects,
                );
            }
        }
    }
    for (i, inject) in injects.iter_mut().enumerate() {
        let Inject {
            id,
            title,
            text,
            role: _,
            trigger: _,
            effects,
            expected,
            learning,
            time_box_minutes: _,
        } = inject;
        let (key, path) = (format!("inject.{id}"), format!("injects[{i}]"));
        w.text(&format!("{key}.title"), &format!("{path}.title"), title);
        w.text(&format!("{key}.text"), &format!("{path}.text"), text);
        w.effects(
            &format!("{key}.effects"),
            &format!("{path}.effects"),
            effects,
        );
        w.lines(
            &format!("{key}.expected"),
            &format!("{path}.expected"),
            expected,
        );
        w.lines(
            &format!("{key}.learning"),
            &format!("{path}.learning"),
            learning,
        );
    }
    for (i, agreement) in agreements.iter_mut().enumerate() {
        let AgreementTemplate {
            id,
            title,
            summary,
            offered_by: _,
            offered_to: _,
            when: _,
            offerer_effects,
            receiver_effects,
            breach: _,
            breach_effects,
            tags: _,
            frameworks: _,
        } = agreement;
        let (key, path) = (format!("agreement.{id}"), format!("agreements[{i}]"));
        w.text(&format!("{key}.title"), &format!("{path}.title"), title);
        w.text(
            &format!("{key}.summary"),
            &format!("{path}.summary"),
            summary,
        );
        for (field, effects) in [
            ("offerer_effects", offerer_effects),
            ("receiver_effects", receiver_effects),
            ("breach_effects", breach_effects),
        ] {
            w.effects(
                &format!("{key}.{field}"),
                &format!("{path}.{field}"),
                effects,
            );
        }
    }
    for (i, ending) in endings.iter_mut().enumerate() {
        let Ending {
            id,
            title,
            narrative,
            when: _,
        } = ending;
        let (key, path) = (format!("ending.{id}"), format!("endings[{i}]"));
        w.text(&format!("{key}.title"), &format!("{path}.title"), title);
        w.lines(
            &format!("{key}.narrative"),
            &format!("{path}.narrative"),
            narrative,
        );
    }
    let Debrief {
        questions,
        good_practices,
        reality,
    } = debrief;
    let GuidingQuestions {
        objectives,
        tools,
        cooperation,
        communication,
    } = questions;
    for (field, text) in [
        ("objectives", objectives),
        ("tools", tools),
        ("cooperation", cooperation),
        ("communication", communication),
    ] {
        w.text(
            &format!("debrief.questions.{field}"),
            &format!("debrief.questions.{field}"),
            text,
        );
    }
    for (i, practice) in good_practices.iter_mut().enumerate() {
        let GoodPractice {
            id,
            title,
            text,
            frameworks: _,
        } = practice;
        let (key, path) = (
            format!("good_practice.{id}"),
            format!("debrief.good_practices[{i}]"),
        );
        w.text(&format!("{key}.title"), &format!("{path}.title"), title);
        w.text(&format!("{key}.text"), &format!("{path}.text"), text);
    }
    for (i, case) in reality.iter_mut().enumerate() {
        let RealCase {
            id,
            title,
            text,
            source,
        } = case;
        let (key, path) = (format!("real_case.{id}"), format!("debrief.reality[{i}]"));
        w.text(&format!("{key}.title"), &format!("{path}.title"), title);
        w.lines(&format!("{key}.text"), &format!("{path}.text"), text);
        w.optional(&format!("{key}.source"), &format!("{path}.source"), source);
    }
    for (i, question) in knowledge_check.iter_mut().enumerate() {
        let Question {
            id,
            text,
            choices,
            answer: _,
            why,
        } = question;
        let (key, path) = (format!("question.{id}"), format!("knowledge_check[{i}]"));
        w.text(&format!("{key}.text"), &format!("{path}.text"), text);
        w.lines(
            &format!("{key}.choices"),
            &format!("{path}.choices"),
            choices,
        );
        w.text(&format!("{key}.why"), &format!("{path}.why"), why);
    }
}

/// Visit every text of the frameworks glossary: `framework.<id>.name`, `.summary`, `.asks`.
pub fn walk_glossary(frameworks: &mut [Framework], visit: &mut Visit<'_>) {
    let mut w = Walker { visit };
    for (i, framework) in frameworks.iter_mut().enumerate() {
        let Framework {
            id,
            name,
            year: _,
            summary,
            asks,
        } = framework;
        let (key, path) = (format!("framework.{id}"), format!("[{i}]"));
        w.text(&format!("{key}.name"), &format!("{path}.name"), name);
        w.text(
            &format!("{key}.summary"),
            &format!("{path}.summary"),
            summary,
        );
        w.text(&format!("{key}.asks"), &format!("{path}.asks"), asks);
    }
}

/// Whether a source text needs a translation: empty texts (an option without detail, an
/// indicator without unit) have none.
pub fn is_translatable(source: &str) -> bool {
    !source.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercises::SHIPPED;
    use crate::scenario::load_exercise;
    use std::collections::HashSet;

    /// JSON keys whose strings (at any depth below them) are ids, references or choices,
    /// never wording. A new field that holds wording must be walked, not added here.
    const STRUCTURAL: &[&str] = &[
        "id",
        "role",
        "country",
        "start",
        "to",
        "option",
        "stage",
        "kind",
        "ledger",
        "scope",
        "visibility",
        "turn_order",
        "tags",
        "good",
        "frameworks",
        "offered_by",
        "offered_to",
        "when",
        "breach",
        "trigger",
        "SetFlag",
        "ClearFlag",
        "Raise",
    ];

    fn shipped_exercises() -> Vec<Exercise> {
        SHIPPED
            .iter()
            .map(|(file, source)| {
                load_exercise(file, source.as_bytes())
                    .expect("shipped exercises load")
                    .0
            })
            .collect()
    }

    /// Every string of a JSON value that is neither a marker nor below a structural key.
    fn unwalked(value: &serde_json::Value, path: &str, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) if !s.starts_with("§walked") => {
                out.push(format!("{path} = {s:?}"));
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    unwalked(item, &format!("{path}[{i}]"), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    if !STRUCTURAL.contains(&key.as_str()) {
                        unwalked(item, &format!("{path}.{key}"), out);
                    }
                }
            }
            _ => {}
        }
    }

    #[test]
    fn the_walk_reaches_every_text_of_every_shipped_exercise() {
        for mut exercise in shipped_exercises() {
            let mut n = 0;
            walk_exercise(&mut exercise, &mut |_, text| {
                n += 1;
                *text = format!("§walked{n}");
            });
            let json = serde_json::to_value(&exercise).expect("serialises");
            let mut missed = Vec::new();
            unwalked(&json, "", &mut missed);
            assert!(
                missed.is_empty(),
                "{}: texts the walk does not visit (walk them in `walk_exercise`, or list a structural key in this test):\n{}",
                exercise.id,
                missed.join("\n")
            );
        }
    }

    #[test]
    fn keys_are_unique_and_paths_point_at_the_text() {
        for (file, source) in SHIPPED {
            let (mut exercise, _) = load_exercise(file, source.as_bytes()).expect("loads");
            let mut keys = HashSet::new();
            let mut fields = Vec::new();
            walk_exercise(&mut exercise, &mut |field, text| {
                assert!(keys.insert(field.key.to_string()), "{file}: {}", field.key);
                if is_translatable(text) && fields.len() < 400 {
                    fields.push((field.path.to_string(), text.clone()));
                }
            });
            let paths: Vec<String> = fields.iter().map(|(p, _)| p.clone()).collect();
            let positions = crate::scenario::positions::locate_paths(source, &paths);
            for ((path, text), (line, col)) in fields.iter().zip(positions) {
                let at = source.lines().nth(line - 1).expect("a line");
                let from: String = at.chars().skip(col - 1).collect();
                let quoted = crate::translation::sidecar::render_string(text);
                assert!(
                    from.starts_with(&quoted),
                    "{file}: {path} points at {line}:{col}: {from}"
                );
            }
        }
    }

    #[test]
    fn translating_every_text_keeps_the_structure_a_save_depends_on() {
        for mut exercise in shipped_exercises() {
            let before = crate::session::save::structure_hash(&exercise);
            walk_exercise(&mut exercise, &mut |field, text| {
                *text = format!("traduit: {}", field.key);
            });
            assert_eq!(
                crate::session::save::structure_hash(&exercise),
                before,
                "{}: a walked field is not wording to the save's structure hash",
                exercise.id
            );
        }
    }
}
