//! Semantic checks on a parsed exercise: ids, references, graph shape, ranges, and the
//! content-shape rules of CONTENT.md (as warnings).
//!
//! Problems are collected with the logical path of the offending value and located in
//! the source text only at the end, so a clean file never pays for the position scan.

use super::diagnostic::{Diagnostic, Severity};
use super::glossary;
use super::model::*;
use super::positions::locate_paths;
use crate::limits;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

/// Content-shape bounds from CONTENT.md, checked as warnings.
pub const MAX_SITUATION_BULLETS: usize = 5;
pub use crate::limits::{MAX_OPTIONS, MIN_OPTIONS};
pub const MAX_LABEL_CHARS: usize = 64;
pub const STAGES_RECOMMENDED: std::ops::RangeInclusive<usize> = 12..=25;
pub const MIN_ENDINGS_RECOMMENDED: usize = 3;

/// Validate `exercise`, whose source `text` came from `file`. Errors and warnings, in the
/// order they appear in the file.
pub fn validate(exercise: &Exercise, file: &str, text: &str) -> Vec<Diagnostic> {
    let mut checker = Checker::new(exercise);
    checker.run();
    if checker.problems.is_empty() {
        return Vec::new();
    }
    let paths: Vec<String> = checker.problems.iter().map(|p| p.path.clone()).collect();
    let positions = locate_paths(text, &paths);
    let mut out: Vec<Diagnostic> = checker
        .problems
        .into_iter()
        .zip(positions)
        .map(|(p, (line, col))| Diagnostic {
            file: file.to_string(),
            line,
            col,
            severity: p.severity,
            message: p.message,
        })
        .collect();
    out.sort_by_key(|a| (a.line, a.col, a.severity));
    out.dedup();
    out
}

struct Problem {
    path: String,
    severity: Severity,
    message: String,
}

/// What an effect without an explicit `role` applies to.
#[derive(Clone, Copy)]
enum Actor {
    Someone,
    /// No acting role (transitions, endings, global injects): per-role targets need `role`.
    Nobody,
}

struct Checker<'a> {
    ex: &'a Exercise,
    roles: HashSet<&'a str>,
    indicators: HashMap<&'a str, &'a Indicator>,
    stages: HashSet<&'a str>,
    endings: HashSet<&'a str>,
    injects: HashSet<&'a str>,
    agreements: HashSet<&'a str>,
    flags_set: HashSet<&'a str>,
    /// (role, option id) pairs that exist anywhere, for `Chose` conditions.
    role_options: HashSet<(&'a str, &'a str)>,
    problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    fn new(ex: &'a Exercise) -> Self {
        let mut c = Checker {
            ex,
            roles: ex.roles.iter().map(|r| r.id.as_str()).collect(),
            indicators: ex.indicators.iter().map(|i| (i.id.as_str(), i)).collect(),
            stages: ex.stages.iter().map(|s| s.id.as_str()).collect(),
            endings: ex.endings.iter().map(|e| e.id.as_str()).collect(),
            injects: ex.injects.iter().map(|i| i.id.as_str()).collect(),
            agreements: ex.agreements.iter().map(|a| a.id.as_str()).collect(),
            flags_set: HashSet::new(),
            role_options: HashSet::new(),
            problems: Vec::new(),
        };
        for stage in &ex.stages {
            for decision in &stage.decisions {
                for option in &decision.options {
                    c.role_options
                        .insert((decision.role.as_str(), option.id.as_str()));
                    collect_set_flags(&option.effects, &mut c.flags_set);
                }
            }
        }
        for inject in &ex.injects {
            collect_set_flags(&inject.effects, &mut c.flags_set);
        }
        for agreement in &ex.agreements {
            collect_set_flags(&agreement.offerer_effects, &mut c.flags_set);
            collect_set_flags(&agreement.receiver_effects, &mut c.flags_set);
            collect_set_flags(&agreement.breach_effects, &mut c.flags_set);
        }
        c
    }

    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            severity: Severity::Error,
            message: message.into(),
        });
    }

    fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            severity: Severity::Warning,
            message: message.into(),
        });
    }

    fn run(&mut self) {
        let ex = self.ex;
        for (path, message) in limits::exercise_count_problems(ex) {
            self.error(path, message);
        }
        self.check_ids();
        self.check_roles_and_setting();
        self.check_indicators();
        if !self.stages.contains(ex.start.as_str()) {
            self.error(
                "start",
                format!("`start` names an unknown stage `{}`", ex.start),
            );
        }
        for (s, stage) in ex.stages.iter().enumerate() {
            self.check_stage(s, stage);
        }
        for (i, inject) in ex.injects.iter().enumerate() {
            self.check_inject(i, inject);
        }
        for (a, agreement) in ex.agreements.iter().enumerate() {
            self.check_agreement(a, agreement);
        }
        for (e, ending) in ex.endings.iter().enumerate() {
            if let Some(when) = &ending.when {
                self.check_condition(&format!("endings[{e}].when"), when, Actor::Nobody);
            }
        }
        self.check_debrief();
        self.check_reachability();
        self.check_content_shape();
    }

    fn check_ids(&mut self) {
        let ex = self.ex;
        let mut groups: Vec<(&str, Vec<(String, &str)>)> = vec![
            (
                "role",
                ex.roles
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (format!("roles[{i}].id"), r.id.as_str()))
                    .collect(),
            ),
            (
                "indicator",
                ex.indicators
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (format!("indicators[{i}].id"), r.id.as_str()))
                    .collect(),
            ),
            (
                "inject",
                ex.injects
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (format!("injects[{i}].id"), r.id.as_str()))
                    .collect(),
            ),
            (
                "agreement",
                ex.agreements
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (format!("agreements[{i}].id"), r.id.as_str()))
                    .collect(),
            ),
            (
                "objective",
                ex.objectives
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (format!("objectives[{i}].id"), r.id.as_str()))
                    .collect(),
            ),
            (
                "country",
                ex.setting
                    .countries
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (format!("setting.countries[{i}].id"), r.id.as_str()))
                    .collect(),
            ),
            (
                "question",
                ex.knowledge_check
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (format!("knowledge_check[{i}].id"), r.id.as_str()))
                    .collect(),
            ),
            (
                "good practice",
                ex.debrief
                    .good_practices
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (format!("debrief.good_practices[{i}].id"), r.id.as_str()))
                    .collect(),
            ),
            (
                "real case",
                ex.debrief
                    .reality
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (format!("debrief.reality[{i}].id"), r.id.as_str()))
                    .collect(),
            ),
        ];
        // Stages and endings share one namespace: a transition names either.
        let mut targets: Vec<(String, &str)> = ex
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("stages[{i}].id"), s.id.as_str()))
            .collect();
        targets.extend(
            ex.endings
                .iter()
                .enumerate()
                .map(|(i, e)| (format!("endings[{i}].id"), e.id.as_str())),
        );
        groups.push(("stage or ending", targets));
        let decisions = ex
            .stages
            .iter()
            .enumerate()
            .flat_map(|(s, stage)| {
                stage.decisions.iter().enumerate().map(move |(d, dec)| {
                    (format!("stages[{s}].decisions[{d}].id"), dec.id.as_str())
                })
            })
            .collect();
        groups.push(("decision", decisions));
        for (kind, ids) in groups {
            let mut seen = HashSet::new();
            for (path, id) in ids {
                self.check_id_shape(&path, id);
                if !seen.insert(id) {
                    self.error(path, format!("duplicate {kind} id `{id}`"));
                }
            }
        }
    }

    fn check_id_shape(&mut self, path: &str, id: &str) {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            self.error(
                path,
                format!(
                    "the id `{}` must be 1–64 letters, digits, `-` or `_`",
                    id.escape_default()
                ),
            );
        }
    }

    fn check_roles_and_setting(&mut self) {
        let ex = self.ex;
        if ex.roles.is_empty() {
            self.error("roles", "an exercise needs at least one role");
        }
        let countries: HashSet<&str> = ex.setting.countries.iter().map(|c| c.id.as_str()).collect();
        for (r, role) in ex.roles.iter().enumerate() {
            if let Some(country) = &role.country
                && !countries.contains(country.as_str())
            {
                self.error(
                    format!("roles[{r}].country"),
                    format!("unknown country `{country}` (declare it in `setting.countries`)"),
                );
            }
        }
        for (o, row) in ex.obligations.iter().enumerate() {
            if !self.roles.contains(row.role.as_str()) {
                self.error(
                    format!("obligations[{o}].role"),
                    format!("unknown role `{}`", row.role),
                );
            }
        }
    }

    fn check_indicators(&mut self) {
        for (i, ind) in self.ex.indicators.iter().enumerate() {
            for (field, value) in [("min", ind.min), ("max", ind.max)] {
                if value.unsigned_abs() > limits::MAX_INDICATOR_MAGNITUDE.unsigned_abs() {
                    self.error(
                        format!("indicators[{i}].{field}"),
                        format!(
                            "`{field}` ({value}) is too large; indicator values lie within ±{}",
                            limits::thousands(limits::MAX_INDICATOR_MAGNITUDE as u64)
                        ),
                    );
                }
            }
            if ind.min > ind.max {
                self.error(
                    format!("indicators[{i}].min"),
                    format!("`min` ({}) is above `max` ({})", ind.min, ind.max),
                );
            } else if ind.start < ind.min || ind.start > ind.max {
                self.error(
                    format!("indicators[{i}].start"),
                    format!(
                        "`start` ({}) is outside the range {}..{} of `{}`",
                        ind.start, ind.min, ind.max, ind.id
                    ),
                );
            }
            for role in ind.good.keys() {
                if !self.roles.contains(role.as_str()) {
                    self.error(
                        format!("indicators[{i}].good"),
                        format!("`good` names an unknown role `{role}`"),
                    );
                }
            }
        }
    }

    fn check_stage(&mut self, s: usize, stage: &'a Stage) {
        let base = format!("stages[{s}]");
        if stage.situation.len() > MAX_SITUATION_BULLETS {
            self.warn(
                format!("{base}.situation"),
                format!(
                    "stage `{}` has {} situation bullets; keep it to {MAX_SITUATION_BULLETS}",
                    stage.id,
                    stage.situation.len()
                ),
            );
        }
        let mut roles_deciding = HashSet::new();
        for (d, decision) in stage.decisions.iter().enumerate() {
            let dpath = format!("{base}.decisions[{d}]");
            if !self.roles.contains(decision.role.as_str()) {
                self.error(
                    format!("{dpath}.role"),
                    format!("unknown role `{}`", decision.role),
                );
            } else if !roles_deciding.insert(decision.role.as_str()) {
                self.error(
                    format!("{dpath}.role"),
                    format!(
                        "role `{}` already has a decision in stage `{}`",
                        decision.role, stage.id
                    ),
                );
            }
            if decision.options.len() < MIN_OPTIONS || decision.options.len() > MAX_OPTIONS {
                self.error(
                    format!("{dpath}.options"),
                    format!(
                        "decision `{}` has {} option{}; a decision has {MIN_OPTIONS} to {MAX_OPTIONS}",
                        decision.id,
                        decision.options.len(),
                        if decision.options.len() == 1 { "" } else { "s" }
                    ),
                );
            }
            if !decision.options.is_empty() && decision.options.iter().all(|o| o.when.is_some()) {
                self.error(
                    format!("{dpath}.options"),
                    format!(
                        "every option of decision `{}` has a `when` gate, so all could be disabled at once; leave at least one option ungated",
                        decision.id
                    ),
                );
            }
            let mut option_ids = HashSet::new();
            for (o, option) in decision.options.iter().enumerate() {
                let opath = format!("{dpath}.options[{o}]");
                self.check_id_shape(&format!("{opath}.id"), &option.id);
                if !option_ids.insert(option.id.as_str()) {
                    self.error(
                        format!("{opath}.id"),
                        format!(
                            "duplicate option id `{}` in decision `{}`",
                            option.id, decision.id
                        ),
                    );
                }
                if option.label.chars().count() > MAX_LABEL_CHARS {
                    self.warn(
                        format!("{opath}.label"),
                        format!("option label is longer than {MAX_LABEL_CHARS} characters; it should fit one line"),
                    );
                }
                if option.tags.is_empty() {
                    self.warn(
                        format!("{opath}.tags"),
                        format!("option `{}` has no tags (control, protection, cooperation, communication)", option.id),
                    );
                }
                self.check_frameworks(&format!("{opath}.frameworks"), &option.frameworks);
                let actor = Actor::Someone;
                if let Some(when) = &option.when {
                    self.check_condition(&format!("{opath}.when"), when, actor);
                }
                self.check_effects(&format!("{opath}.effects"), &option.effects, actor);
            }
        }
        if stage.transitions.len() > limits::MAX_TRANSITIONS {
            self.error(
                format!("{base}.transitions"),
                limits::too_many(
                    stage.transitions.len(),
                    "transitions",
                    limits::MAX_TRANSITIONS,
                ),
            );
        }
        if stage.transitions.is_empty() {
            self.error(
                format!("{base}.transitions"),
                format!(
                    "stage `{}` has no transitions; it needs at least a fallback",
                    stage.id
                ),
            );
        }
        for (t, transition) in stage.transitions.iter().enumerate() {
            let tpath = format!("{base}.transitions[{t}]");
            let target = transition.to.as_str();
            if !self.stages.contains(target) && !self.endings.contains(target) {
                self.error(
                    format!("{tpath}.to"),
                    format!("transition to `{target}`, which is neither a stage nor an ending"),
                );
            }
            if let Some(when) = &transition.when {
                self.check_condition(&format!("{tpath}.when"), when, Actor::Nobody);
            } else if t + 1 < stage.transitions.len() {
                self.warn(
                    format!("{base}.transitions[{}]", t + 1),
                    "this transition can never be taken: an earlier one has no condition",
                );
            }
        }
        if let Some(last) = stage.transitions.last()
            && last.when.is_some()
        {
            self.error(
                format!("{base}.transitions[{}].when", stage.transitions.len() - 1),
                format!(
                    "stage `{}` has no fallback: its last transition must have no `when`",
                    stage.id
                ),
            );
        }
    }

    fn check_inject(&mut self, i: usize, inject: &'a Inject) {
        let base = format!("injects[{i}]");
        let actor = match &inject.role {
            Some(role) if self.roles.contains(role.as_str()) => Actor::Someone,
            Some(role) => {
                self.error(format!("{base}.role"), format!("unknown role `{role}`"));
                Actor::Nobody
            }
            None => Actor::Nobody,
        };
        match &inject.trigger {
            Trigger::Stage(stage) => self.check_stage_ref(&format!("{base}.trigger.0"), stage),
            Trigger::Turn(turn) => {
                if *turn == 0 {
                    self.error(format!("{base}.trigger.0"), "turns count from 1");
                }
            }
            Trigger::When(cond) => {
                self.check_condition(&format!("{base}.trigger.0"), cond, Actor::Nobody)
            }
            Trigger::Random {
                percent,
                stage,
                when,
                cooldown,
                ..
            } => {
                if *cooldown > limits::MAX_DELAY_TURNS {
                    self.error(
                        format!("{base}.trigger.cooldown"),
                        format!(
                            "`cooldown` is {cooldown} turns; the limit is {}",
                            limits::MAX_DELAY_TURNS
                        ),
                    );
                }
                if *percent == 0 || *percent > 100 {
                    self.error(
                        format!("{base}.trigger.percent"),
                        format!("`percent` is {percent}; it must be between 1 and 100"),
                    );
                }
                if let Some(stage) = stage {
                    self.check_stage_ref(&format!("{base}.trigger.stage"), stage);
                }
                if let Some(when) = when {
                    self.check_condition(&format!("{base}.trigger.when"), when, Actor::Nobody);
                }
            }
            Trigger::Manual => {}
        }
        self.check_effects(&format!("{base}.effects"), &inject.effects, actor);
    }

    fn check_stage_ref(&mut self, path: &str, stage: &str) {
        if !self.stages.contains(stage) {
            self.error(path, format!("unknown stage `{stage}`"));
        }
    }

    fn check_agreement(&mut self, a: usize, agreement: &'a AgreementTemplate) {
        let base = format!("agreements[{a}]");
        for (field, roles) in [
            ("offered_by", &agreement.offered_by),
            ("offered_to", &agreement.offered_to),
        ] {
            if roles.is_empty() {
                self.error(
                    format!("{base}.{field}"),
                    format!("`{field}` names no role"),
                );
            }
            for (r, role) in roles.iter().enumerate() {
                if !self.roles.contains(role.as_str()) {
                    self.error(
                        format!("{base}.{field}[{r}]"),
                        format!("unknown role `{role}`"),
                    );
                }
            }
        }
        // Without `role`, effects apply to the offerer or receiver, which is only known at
        // play time; check them as if the first listed role acted.
        let offerer = agreement
            .offered_by
            .first()
            .map_or(Actor::Nobody, |_| Actor::Someone);
        let receiver = agreement
            .offered_to
            .first()
            .map_or(Actor::Nobody, |_| Actor::Someone);
        self.check_effects(
            &format!("{base}.offerer_effects"),
            &agreement.offerer_effects,
            offerer,
        );
        self.check_effects(
            &format!("{base}.receiver_effects"),
            &agreement.receiver_effects,
            receiver,
        );
        self.check_effects(
            &format!("{base}.breach_effects"),
            &agreement.breach_effects,
            offerer,
        );
        if let Some(breach) = &agreement.breach {
            self.check_condition(&format!("{base}.breach"), breach, Actor::Nobody);
        }
        if let Some(when) = &agreement.when {
            self.check_condition(&format!("{base}.when"), when, Actor::Nobody);
        }
        self.check_frameworks(&format!("{base}.frameworks"), &agreement.frameworks);
    }

    fn check_debrief(&mut self) {
        let ex = self.ex;
        for (g, practice) in ex.debrief.good_practices.iter().enumerate() {
            self.check_frameworks(
                &format!("debrief.good_practices[{g}].frameworks"),
                &practice.frameworks,
            );
        }
        for (q, question) in ex.knowledge_check.iter().enumerate() {
            if question.answer >= question.choices.len() {
                self.error(
                    format!("knowledge_check[{q}].answer"),
                    format!(
                        "`answer` is {} but the question has {} choices (answers count from 0)",
                        question.answer,
                        question.choices.len()
                    ),
                );
            }
        }
    }

    fn check_frameworks(&mut self, path: &str, ids: &[String]) {
        for (f, id) in ids.iter().enumerate() {
            if glossary::find(id).is_none() {
                self.error(
                    format!("{path}[{f}]"),
                    format!("unknown framework `{id}` (not in the glossary, assets/glossary.ron)"),
                );
            }
        }
    }

    /// Resolve which indicator slot an effect or condition names, reporting mistakes.
    fn check_indicator_ref(
        &mut self,
        path: &str,
        id: &str,
        role: &Option<String>,
        actor: Actor,
    ) -> Option<&'a Indicator> {
        let Some(&indicator) = self.indicators.get(id) else {
            self.error(format!("{path}.id"), format!("unknown indicator `{id}`"));
            return None;
        };
        match (indicator.scope, role) {
            (Scope::Global, Some(_)) => {
                self.error(
                    format!("{path}.role"),
                    format!("indicator `{id}` is global; it takes no `role`"),
                );
            }
            (Scope::PerRole, Some(role)) => {
                if !self.roles.contains(role.as_str()) {
                    self.error(format!("{path}.role"), format!("unknown role `{role}`"));
                }
            }
            (Scope::PerRole, None) => {
                if matches!(actor, Actor::Nobody) {
                    self.error(
                        format!("{path}.id"),
                        format!("indicator `{id}` is per role; say which with `role: \"...\"`"),
                    );
                }
            }
            (Scope::Global, None) => {}
        }
        Some(indicator)
    }

    fn check_effects(&mut self, path: &str, effects: &'a [Effect], actor: Actor) {
        if effects.len() > limits::MAX_EFFECTS {
            self.error(
                path,
                limits::too_many(effects.len(), "effects in one list", limits::MAX_EFFECTS),
            );
        }
        for (e, effect) in effects.iter().enumerate() {
            let epath = format!("{path}[{e}]");
            match effect {
                Effect::Add { id, role, .. } | Effect::Reveal { id, role } => {
                    self.check_indicator_ref(&epath, id, role, actor);
                }
                Effect::AddRandom { id, role, min, max } => {
                    self.check_indicator_ref(&epath, id, role, actor);
                    if min > max {
                        self.error(
                            format!("{epath}.min"),
                            format!("`min` ({min}) is above `max` ({max})"),
                        );
                    }
                }
                Effect::Set { id, role, value } => {
                    if let Some(ind) = self.check_indicator_ref(&epath, id, role, actor)
                        && (*value < ind.min || *value > ind.max)
                    {
                        self.error(
                            format!("{epath}.value"),
                            format!(
                                "{value} is outside the range {}..{} of `{id}`",
                                ind.min, ind.max
                            ),
                        );
                    }
                }
                Effect::SetFlag(flag) | Effect::ClearFlag(flag) => {
                    self.check_id_shape(&format!("{epath}.0"), flag);
                }
                Effect::Raise(inject) => {
                    if !self.injects.contains(inject.as_str()) {
                        self.error(format!("{epath}.0"), format!("unknown inject `{inject}`"));
                    }
                }
                Effect::After { turns, effects, .. } => {
                    if *turns == 0 {
                        self.error(format!("{epath}.turns"), "`After` needs at least 1 turn");
                    } else if *turns > limits::MAX_DELAY_TURNS {
                        self.error(
                            format!("{epath}.turns"),
                            format!(
                                "`After` waits {turns} turns; the limit is {}",
                                limits::MAX_DELAY_TURNS
                            ),
                        );
                    }
                    self.check_effects(&format!("{epath}.effects"), effects, actor);
                }
            }
        }
    }

    fn check_condition(&mut self, path: &str, condition: &'a Condition, actor: Actor) {
        match condition {
            Condition::All(items) | Condition::Any(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.check_condition(&format!("{path}.0[{i}]"), item, actor);
                }
            }
            Condition::Not(inner) => self.check_condition(&format!("{path}.0"), inner, actor),
            Condition::Indicator {
                id, role, value, ..
            } => {
                if let Some(ind) = self.check_indicator_ref(path, id, role, actor)
                    && (*value < ind.min || *value > ind.max)
                {
                    self.error(
                        format!("{path}.value"),
                        format!(
                            "{value} is outside the range {}..{} of `{id}`",
                            ind.min, ind.max
                        ),
                    );
                }
            }
            Condition::Chose { role, option } => {
                if !self.roles.contains(role.as_str()) {
                    self.error(format!("{path}.role"), format!("unknown role `{role}`"));
                } else if !self
                    .role_options
                    .contains(&(role.as_str(), option.as_str()))
                {
                    self.error(
                        format!("{path}.option"),
                        format!("role `{role}` has no option `{option}` in any decision"),
                    );
                }
            }
            Condition::Flag(flag) => {
                if !self.flags_set.contains(flag.as_str()) {
                    self.warn(
                        format!("{path}.0"),
                        format!("flag `{flag}` is never set by any effect, so this never holds"),
                    );
                }
            }
            Condition::Visits { stage, .. } => {
                self.check_stage_ref(&format!("{path}.stage"), stage)
            }
            Condition::Turn { .. } => {}
            Condition::Agreement(id) => {
                if !self.agreements.contains(id.as_str()) {
                    self.error(format!("{path}.0"), format!("unknown agreement `{id}`"));
                }
            }
        }
    }

    /// Every stage and ending must be reachable from `start` through transitions.
    fn check_reachability(&mut self) {
        let ex = self.ex;
        let index: HashMap<&str, usize> = ex
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let Some(&start) = index.get(ex.start.as_str()) else {
            return;
        };
        let mut reached: BTreeSet<&str> = BTreeSet::new();
        let mut queue = VecDeque::from([start]);
        reached.insert(ex.stages[start].id.as_str());
        while let Some(s) = queue.pop_front() {
            for t in &ex.stages[s].transitions {
                if reached.insert(t.to.as_str())
                    && let Some(&next) = index.get(t.to.as_str())
                {
                    queue.push_back(next);
                }
            }
        }
        for (s, stage) in ex.stages.iter().enumerate() {
            if !reached.contains(stage.id.as_str()) {
                self.error(
                    format!("stages[{s}].id"),
                    format!(
                        "stage `{}` can never be reached: no transition leads to it",
                        stage.id
                    ),
                );
            }
        }
        for (e, ending) in ex.endings.iter().enumerate() {
            if !reached.contains(ending.id.as_str()) {
                self.error(
                    format!("endings[{e}].id"),
                    format!(
                        "ending `{}` can never be reached: no transition leads to it",
                        ending.id
                    ),
                );
            }
        }
    }

    fn check_content_shape(&mut self) {
        let ex = self.ex;
        if ex.endings.is_empty() {
            self.error("endings", "an exercise needs at least one ending");
        } else if ex.endings.len() < MIN_ENDINGS_RECOMMENDED {
            self.warn(
                "endings",
                format!(
                    "{} endings; an exercise should have at least {MIN_ENDINGS_RECOMMENDED}",
                    ex.endings.len()
                ),
            );
        }
        if !STAGES_RECOMMENDED.contains(&ex.stages.len()) {
            self.warn(
                "stages",
                format!(
                    "{} stages; an exercise should have {} to {}",
                    ex.stages.len(),
                    STAGES_RECOMMENDED.start(),
                    STAGES_RECOMMENDED.end()
                ),
            );
        }
    }
}

fn collect_set_flags<'a>(effects: &'a [Effect], into: &mut HashSet<&'a str>) {
    for effect in effects {
        match effect {
            Effect::SetFlag(flag) => {
                into.insert(flag.as_str());
            }
            Effect::After { effects, .. } => collect_set_flags(effects, into),
            _ => {}
        }
    }
}
