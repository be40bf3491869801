//! Semantic checks on a parsed exercise: ids, references, graph shape, ranges, and the
//! content-shape rules of CONTENT.md (as warnings).
//!
//! Problems are collected with the logical path of the offending value and located in
//! the source text only at the end, so a clean file never pays for the position scan.

use super::diagnostic::{Diagnostic, Severity};
use super::glossary;
use super::model::*;
use super::positions::locate_paths;
use super::{IdMap, IdSet};
use crate::limits;
use crate::tr;
use std::collections::VecDeque;

/// Content-shape bounds from CONTENT.md, checked as warnings.
pub const MAX_SITUATION_BULLETS: usize = 5;
pub use crate::limits::{MAX_OPTIONS, MIN_OPTIONS};
pub const MAX_LABEL_CHARS: usize = 64;
/// What fits beside its value in a ledger box of the 80×24 situation screen.
pub const MAX_INDICATOR_LABEL_CHARS: usize = 26;
/// Per-role indicators share a row with each role's value, so their labels are shorter.
pub const MAX_PER_ROLE_LABEL_CHARS: usize = 12;
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

/// A logical path into the exercise (`stages[3].decisions[0].when`), built on the stack as
/// the checks descend and formatted only when a problem is reported: a clean file
/// formats none.
#[derive(Clone, Copy)]
enum Path<'p> {
    /// `stages[3]`
    TopItem(&'static str, usize),
    /// `<parent>.when`
    Field(&'p Path<'p>, &'static str),
    /// `<parent>.options[2]`
    Item(&'p Path<'p>, &'static str, usize),
}

impl<'p> Path<'p> {
    fn field(&'p self, name: &'static str) -> Path<'p> {
        Path::Field(self, name)
    }

    fn item(&'p self, name: &'static str, index: usize) -> Path<'p> {
        Path::Item(self, name, index)
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::TopItem(name, index) => write!(f, "{name}[{index}]"),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Item(parent, name, index) => write!(f, "{parent}.{name}[{index}]"),
        }
    }
}

/// Where an id is (`roles[2].id`, `stages[3].decisions[1].id`), formatted only when a
/// problem is reported.
#[derive(Clone, Copy)]
struct IdPath {
    list: &'static str,
    index: usize,
    decision: Option<usize>,
}

impl IdPath {
    fn top(list: &'static str, index: usize) -> IdPath {
        IdPath {
            list,
            index,
            decision: None,
        }
    }

    fn decision(stage: usize, decision: usize) -> IdPath {
        IdPath {
            list: "stages",
            index: stage,
            decision: Some(decision),
        }
    }
}

impl std::fmt::Display for IdPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.list, self.index)?;
        if let Some(d) = self.decision {
            write!(f, ".decisions[{d}]")?;
        }
        f.write_str(".id")
    }
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
    roles: IdSet<&'a str>,
    indicators: IdMap<&'a str, &'a Indicator>,
    /// Stage ids to their index (the last, should one be repeated).
    stages: IdMap<&'a str, usize>,
    endings: IdSet<&'a str>,
    injects: IdSet<&'a str>,
    agreements: IdSet<&'a str>,
    flags_set: IdSet<&'a str>,
    /// (role, option id) pairs that exist anywhere, for `Chose` conditions: gathered at
    /// the first one (many exercises have none).
    role_options: Option<IdSet<(&'a str, &'a str)>>,
    /// Scratch sets for one stage's deciding roles and one decision's option ids, reused
    /// so that thousands of small decisions do not each allocate a set.
    roles_deciding: IdSet<&'a str>,
    option_ids: IdSet<&'a str>,
    problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    fn new(ex: &'a Exercise) -> Self {
        let mut c = Checker {
            ex,
            roles: ex.roles.iter().map(|r| r.id.as_str()).collect(),
            indicators: ex.indicators.iter().map(|i| (i.id.as_str(), i)).collect(),
            stages: ex
                .stages
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), i))
                .collect(),
            endings: ex.endings.iter().map(|e| e.id.as_str()).collect(),
            injects: ex.injects.iter().map(|i| i.id.as_str()).collect(),
            agreements: ex.agreements.iter().map(|a| a.id.as_str()).collect(),
            flags_set: IdSet::default(),
            role_options: None,
            roles_deciding: IdSet::default(),
            option_ids: IdSet::default(),
            problems: Vec::new(),
        };
        for stage in &ex.stages {
            for decision in &stage.decisions {
                for option in &decision.options {
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

    fn error(&mut self, path: impl std::fmt::Display, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.to_string(),
            severity: Severity::Error,
            message: message.into(),
        });
    }

    fn warn(&mut self, path: impl std::fmt::Display, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.to_string(),
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
        if !self.stages.contains_key(ex.start.as_str()) {
            self.error("start", tr!("check.start_unknown", stage = ex.start));
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
                let ending = Path::TopItem("endings", e);
                self.check_condition(&ending.field("when"), when, Actor::Nobody);
            }
        }
        self.check_debrief();
        self.check_reachability();
        self.check_delays_land();
        self.check_content_shape();
    }

    fn check_ids(&mut self) {
        let ex = self.ex;
        let mut groups: Vec<(&str, Vec<(IdPath, &str)>)> = vec![
            (
                tr!("check.kind.role"),
                ex.roles
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (IdPath::top("roles", i), r.id.as_str()))
                    .collect(),
            ),
            (
                tr!("check.kind.indicator"),
                ex.indicators
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (IdPath::top("indicators", i), r.id.as_str()))
                    .collect(),
            ),
            (
                tr!("check.kind.inject"),
                ex.injects
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (IdPath::top("injects", i), r.id.as_str()))
                    .collect(),
            ),
            (
                tr!("check.kind.agreement"),
                ex.agreements
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (IdPath::top("agreements", i), r.id.as_str()))
                    .collect(),
            ),
            (
                tr!("check.kind.objective"),
                ex.objectives
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (IdPath::top("objectives", i), r.id.as_str()))
                    .collect(),
            ),
            (
                tr!("check.kind.country"),
                ex.setting
                    .countries
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (IdPath::top("setting.countries", i), r.id.as_str()))
                    .collect(),
            ),
            (
                tr!("check.kind.question"),
                ex.knowledge_check
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (IdPath::top("knowledge_check", i), r.id.as_str()))
                    .collect(),
            ),
            (
                tr!("check.kind.good_practice"),
                ex.debrief
                    .good_practices
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (IdPath::top("debrief.good_practices", i), r.id.as_str()))
                    .collect(),
            ),
            (
                tr!("check.kind.real_case"),
                ex.debrief
                    .reality
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (IdPath::top("debrief.reality", i), r.id.as_str()))
                    .collect(),
            ),
        ];
        // Stages and endings share one namespace: a transition names either.
        let mut targets: Vec<(IdPath, &str)> = ex
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| (IdPath::top("stages", i), s.id.as_str()))
            .collect();
        targets.extend(
            ex.endings
                .iter()
                .enumerate()
                .map(|(i, e)| (IdPath::top("endings", i), e.id.as_str())),
        );
        groups.push((tr!("check.kind.stage_or_ending"), targets));
        let decisions = ex
            .stages
            .iter()
            .enumerate()
            .flat_map(|(s, stage)| {
                stage
                    .decisions
                    .iter()
                    .enumerate()
                    .map(move |(d, dec)| (IdPath::decision(s, d), dec.id.as_str()))
            })
            .collect();
        groups.push((tr!("check.kind.decision"), decisions));
        for (kind, ids) in groups {
            let mut seen = IdSet::default();
            for (path, id) in ids {
                self.check_id_shape(path, id);
                if !seen.insert(id) {
                    self.error(path, tr!("check.duplicate_id", kind = kind, id = id));
                }
            }
        }
    }

    fn check_id_shape(&mut self, path: impl std::fmt::Display, id: &str) {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            self.error(path, tr!("check.id_shape", id = id.escape_default()));
        }
    }

    fn check_roles_and_setting(&mut self) {
        let ex = self.ex;
        if ex.roles.is_empty() {
            self.error("roles", tr!("check.no_roles"));
        }
        let countries: IdSet<&str> = ex.setting.countries.iter().map(|c| c.id.as_str()).collect();
        for (r, role) in ex.roles.iter().enumerate() {
            if let Some(country) = &role.country
                && !countries.contains(country.as_str())
            {
                self.error(
                    format!("roles[{r}].country"),
                    tr!("check.unknown_country", country = country),
                );
            }
        }
        let mut rows = IdSet::default();
        for (o, row) in ex.obligations.iter().enumerate() {
            if !self.roles.contains(row.role.as_str()) {
                self.error(
                    format!("obligations[{o}].role"),
                    tr!("check.unknown_role", role = row.role),
                );
            } else if !rows.insert(row.role.as_str()) {
                // Translations key a row by its role, so a second row could not be told apart.
                self.error(
                    format!("obligations[{o}].role"),
                    format!(
                        "a second obligations row for `{}`; the table has one row per role",
                        row.role
                    ),
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
                    tr!("check.min_above_max", min = ind.min, max = ind.max),
                );
            } else if ind.start < ind.min || ind.start > ind.max {
                self.error(
                    format!("indicators[{i}].start"),
                    tr!(
                        "check.start_out_of_range",
                        start = ind.start,
                        min = ind.min,
                        max = ind.max,
                        id = ind.id
                    ),
                );
            }
            let fits = match ind.scope {
                Scope::Global => MAX_INDICATOR_LABEL_CHARS,
                Scope::PerRole => MAX_PER_ROLE_LABEL_CHARS,
            };
            let length = ind.label.chars().count();
            if length > fits {
                let kind = match ind.scope {
                    Scope::Global => "an indicator",
                    Scope::PerRole => "a per-role indicator",
                };
                self.warn(
                    format!("indicators[{i}].label"),
                    format!(
                        "label is {length} characters; {kind} label should be at most {fits} \
                         to show in full on an 80×24 screen"
                    ),
                );
            }
            for role in ind.good.keys() {
                if !self.roles.contains(role.as_str()) {
                    self.error(
                        format!("indicators[{i}].good"),
                        tr!("check.good_unknown_role", role = role),
                    );
                }
            }
        }
    }

    fn check_stage(&mut self, s: usize, stage: &'a Stage) {
        let base = Path::TopItem("stages", s);
        if stage.situation.len() > MAX_SITUATION_BULLETS {
            self.warn(
                base.field("situation"),
                tr!(
                    "check.too_many_bullets",
                    stage = stage.id,
                    count = stage.situation.len(),
                    max = MAX_SITUATION_BULLETS
                ),
            );
        }
        let mut roles_deciding = std::mem::take(&mut self.roles_deciding);
        roles_deciding.clear();
        for (d, decision) in stage.decisions.iter().enumerate() {
            let dpath = base.item("decisions", d);
            if !self.roles.contains(decision.role.as_str()) {
                self.error(
                    dpath.field("role"),
                    tr!("check.unknown_role", role = decision.role),
                );
            } else if !first_seen(
                &mut roles_deciding,
                &stage.decisions[..d],
                |earlier| earlier.role.as_str(),
                decision.role.as_str(),
            ) {
                self.error(
                    dpath.field("role"),
                    tr!(
                        "check.second_decision",
                        role = decision.role,
                        stage = stage.id
                    ),
                );
            }
            if decision.options.len() < MIN_OPTIONS || decision.options.len() > MAX_OPTIONS {
                self.error(
                    dpath.field("options"),
                    crate::trn!(
                        "check.option_count",
                        decision.options.len(),
                        decision = decision.id,
                        min = MIN_OPTIONS,
                        max = MAX_OPTIONS
                    ),
                );
            }
            if !decision.options.is_empty() && decision.options.iter().all(|o| o.when.is_some()) {
                self.error(
                    dpath.field("options"),
                    tr!("check.all_gated", decision = decision.id),
                );
            }
            let mut option_ids = std::mem::take(&mut self.option_ids);
            option_ids.clear();
            for (o, option) in decision.options.iter().enumerate() {
                let opath = dpath.item("options", o);
                self.check_id_shape(opath.field("id"), &option.id);
                if !first_seen(
                    &mut option_ids,
                    &decision.options[..o],
                    |earlier| earlier.id.as_str(),
                    option.id.as_str(),
                ) {
                    self.error(
                        opath.field("id"),
                        tr!(
                            "check.duplicate_option",
                            option = option.id,
                            decision = decision.id
                        ),
                    );
                }
                if option.label.chars().count() > MAX_LABEL_CHARS {
                    self.warn(
                        opath.field("label"),
                        tr!("check.long_label", max = MAX_LABEL_CHARS),
                    );
                }
                if option.tags.is_empty() {
                    self.warn(
                        opath.field("tags"),
                        tr!("check.no_tags", option = option.id),
                    );
                }
                self.check_frameworks(&opath, "frameworks", &option.frameworks);
                let actor = Actor::Someone;
                if let Some(when) = &option.when {
                    self.check_condition(&opath.field("when"), when, actor);
                }
                self.check_effects(&opath, "effects", &option.effects, actor);
            }
            self.option_ids = option_ids;
        }
        self.roles_deciding = roles_deciding;
        if stage.transitions.len() > limits::MAX_TRANSITIONS {
            self.error(
                format!("{base}.transitions"),
                limits::too_many(
                    stage.transitions.len(),
                    "limits.transitions",
                    limits::MAX_TRANSITIONS,
                ),
            );
        }
        if stage.transitions.is_empty() {
            self.error(
                base.field("transitions"),
                tr!("check.no_transitions", stage = stage.id),
            );
        }
        for (t, transition) in stage.transitions.iter().enumerate() {
            let tpath = base.item("transitions", t);
            let target = transition.to.as_str();
            if !self.stages.contains_key(target) && !self.endings.contains(target) {
                self.error(tpath.field("to"), tr!("check.bad_target", target = target));
            }
            if let Some(when) = &transition.when {
                self.check_condition(&tpath.field("when"), when, Actor::Nobody);
            } else if t + 1 < stage.transitions.len() {
                self.warn(
                    format!("{base}.transitions[{}]", t + 1),
                    tr!("check.unreachable_transition"),
                );
            }
        }
        if let Some(last) = stage.transitions.last()
            && last.when.is_some()
        {
            self.error(
                format!("{base}.transitions[{}].when", stage.transitions.len() - 1),
                tr!("check.no_fallback", stage = stage.id),
            );
        }
    }

    fn check_inject(&mut self, i: usize, inject: &'a Inject) {
        let base = Path::TopItem("injects", i);
        let trigger = base.field("trigger");
        let actor = match &inject.role {
            Some(role) if self.roles.contains(role.as_str()) => Actor::Someone,
            Some(role) => {
                self.error(base.field("role"), tr!("check.unknown_role", role = role));
                Actor::Nobody
            }
            None => Actor::Nobody,
        };
        match &inject.trigger {
            Trigger::Stage(stage) => self.check_stage_ref(&trigger.field("0"), stage),
            Trigger::Turn(turn) => {
                if *turn == 0 {
                    self.error(format!("{base}.trigger.0"), tr!("check.turn_zero"));
                }
            }
            Trigger::When(cond) => self.check_condition(&trigger.field("0"), cond, Actor::Nobody),
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
                        tr!(
                            "limits.cooldown",
                            turns = cooldown,
                            limit = limits::MAX_DELAY_TURNS
                        ),
                    );
                }
                if *percent == 0 || *percent > 100 {
                    self.error(
                        format!("{base}.trigger.percent"),
                        tr!("check.percent", percent = percent),
                    );
                }
                if let Some(stage) = stage {
                    self.check_stage_ref(&trigger.field("stage"), stage);
                }
                if let Some(when) = when {
                    self.check_condition(&trigger.field("when"), when, Actor::Nobody);
                }
            }
            Trigger::Manual => {}
        }
        self.check_effects(&base, "effects", &inject.effects, actor);
    }

    fn check_stage_ref(&mut self, path: &Path, stage: &str) {
        if !self.stages.contains_key(stage) {
            self.error(path, tr!("check.unknown_stage", stage = stage));
        }
    }

    fn check_agreement(&mut self, a: usize, agreement: &'a AgreementTemplate) {
        let base = Path::TopItem("agreements", a);
        for (field, roles) in [
            ("offered_by", &agreement.offered_by),
            ("offered_to", &agreement.offered_to),
        ] {
            if roles.is_empty() {
                self.error(
                    format!("{base}.{field}"),
                    tr!("check.no_role_named", field = field),
                );
            }
            for (r, role) in roles.iter().enumerate() {
                if !self.roles.contains(role.as_str()) {
                    self.error(
                        format!("{base}.{field}[{r}]"),
                        tr!("check.unknown_role", role = role),
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
            &base,
            "offerer_effects",
            &agreement.offerer_effects,
            offerer,
        );
        self.check_effects(
            &base,
            "receiver_effects",
            &agreement.receiver_effects,
            receiver,
        );
        self.check_effects(&base, "breach_effects", &agreement.breach_effects, offerer);
        if let Some(breach) = &agreement.breach {
            self.check_condition(&base.field("breach"), breach, Actor::Nobody);
        }
        if let Some(when) = &agreement.when {
            self.check_condition(&base.field("when"), when, Actor::Nobody);
        }
        self.check_frameworks(&base, "frameworks", &agreement.frameworks);
    }

    fn check_debrief(&mut self) {
        let ex = self.ex;
        for (g, practice) in ex.debrief.good_practices.iter().enumerate() {
            self.check_frameworks(
                &Path::TopItem("debrief.good_practices", g),
                "frameworks",
                &practice.frameworks,
            );
        }
        for (q, question) in ex.knowledge_check.iter().enumerate() {
            if question.answer >= question.choices.len() {
                self.error(
                    format!("knowledge_check[{q}].answer"),
                    tr!(
                        "check.answer_out_of_range",
                        answer = question.answer,
                        choices = question.choices.len()
                    ),
                );
            }
        }
    }

    /// The framework ids in the list `field` of `parent`.
    fn check_frameworks(&mut self, parent: &Path, field: &'static str, ids: &[String]) {
        for (f, id) in ids.iter().enumerate() {
            if glossary::find(id).is_none() {
                self.error(
                    parent.item(field, f),
                    tr!("check.unknown_framework", id = id),
                );
            }
        }
    }

    /// Resolve which indicator slot an effect or condition names, reporting mistakes.
    fn check_indicator_ref(
        &mut self,
        path: &Path,
        id: &str,
        role: &Option<Id>,
        actor: Actor,
    ) -> Option<&'a Indicator> {
        let Some(&indicator) = self.indicators.get(id) else {
            self.error(path.field("id"), tr!("check.unknown_indicator", id = id));
            return None;
        };
        match (indicator.scope, role) {
            (Scope::Global, Some(_)) => {
                self.error(path.field("role"), tr!("check.global_with_role", id = id));
            }
            (Scope::PerRole, Some(role)) => {
                if !self.roles.contains(role.as_str()) {
                    self.error(path.field("role"), tr!("check.unknown_role", role = role));
                }
            }
            (Scope::PerRole, None) => {
                if matches!(actor, Actor::Nobody) {
                    self.error(
                        path.field("id"),
                        tr!("check.per_role_without_role", id = id),
                    );
                }
            }
            (Scope::Global, None) => {}
        }
        Some(indicator)
    }

    /// The effects in the list `field` of `parent`.
    fn check_effects(
        &mut self,
        parent: &Path,
        field: &'static str,
        effects: &'a [Effect],
        actor: Actor,
    ) {
        if effects.len() > limits::MAX_EFFECTS {
            self.error(
                parent.field(field),
                limits::too_many(effects.len(), "limits.effects", limits::MAX_EFFECTS),
            );
        }
        for (e, effect) in effects.iter().enumerate() {
            let epath = parent.item(field, e);
            match effect {
                Effect::Add { id, role, .. } | Effect::Reveal { id, role } => {
                    self.check_indicator_ref(&epath, id, role, actor);
                }
                Effect::AddRandom { id, role, min, max } => {
                    self.check_indicator_ref(&epath, id, role, actor);
                    if min > max {
                        self.error(
                            epath.field("min"),
                            tr!("check.min_above_max", min = min, max = max),
                        );
                    }
                }
                Effect::Set { id, role, value } => {
                    if let Some(ind) = self.check_indicator_ref(&epath, id, role, actor)
                        && (*value < ind.min || *value > ind.max)
                    {
                        self.error(
                            epath.field("value"),
                            tr!(
                                "check.value_out_of_range",
                                value = value,
                                min = ind.min,
                                max = ind.max,
                                id = id
                            ),
                        );
                    }
                }
                Effect::SetFlag(flag) | Effect::ClearFlag(flag) => {
                    self.check_id_shape(epath.field("0"), flag);
                }
                Effect::Raise(inject) => {
                    if !self.injects.contains(inject.as_str()) {
                        self.error(epath.field("0"), tr!("check.unknown_inject", id = inject));
                    }
                }
                Effect::After { turns, effects, .. } => {
                    if *turns == 0 {
                        self.error(epath.field("turns"), tr!("check.after_zero"));
                    } else if *turns > limits::MAX_DELAY_TURNS {
                        self.error(
                            epath.field("turns"),
                            tr!(
                                "limits.after",
                                turns = turns,
                                limit = limits::MAX_DELAY_TURNS
                            ),
                        );
                    }
                    self.check_effects(&epath, "effects", effects, actor);
                }
            }
        }
    }

    fn check_condition(&mut self, path: &Path, condition: &'a Condition, actor: Actor) {
        match condition {
            Condition::All(items) | Condition::Any(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.check_condition(&path.item("0", i), item, actor);
                }
            }
            Condition::Not(inner) => self.check_condition(&path.field("0"), inner, actor),
            Condition::Indicator {
                id, role, value, ..
            } => {
                if let Some(ind) = self.check_indicator_ref(path, id, role, actor)
                    && (*value < ind.min || *value > ind.max)
                {
                    self.error(
                        path.field("value"),
                        tr!(
                            "check.value_out_of_range",
                            value = value,
                            min = ind.min,
                            max = ind.max,
                            id = id
                        ),
                    );
                }
            }
            Condition::Chose { role, option } => {
                if !self.roles.contains(role.as_str()) {
                    self.error(path.field("role"), tr!("check.unknown_role", role = role));
                } else if !self
                    .role_options
                    .get_or_insert_with(|| role_options(self.ex))
                    .contains(&(role.as_str(), option.as_str()))
                {
                    self.error(
                        path.field("option"),
                        tr!("check.no_such_option", role = role, option = option),
                    );
                }
            }
            Condition::Flag(flag) => {
                if !self.flags_set.contains(flag.as_str()) {
                    self.warn(path.field("0"), tr!("check.flag_never_set", flag = flag));
                }
            }
            Condition::Visits { stage, .. } => self.check_stage_ref(&path.field("stage"), stage),
            Condition::Turn { .. } => {}
            Condition::Agreement(id) => {
                if !self.agreements.contains(id.as_str()) {
                    self.error(path.field("0"), tr!("check.unknown_agreement", id = id));
                }
            }
        }
    }

    /// Every stage and ending must be reachable from `start` through transitions.
    fn check_reachability(&mut self) {
        let ex = self.ex;
        let index = &self.stages;
        let Some(&start) = index.get(ex.start.as_str()) else {
            return;
        };
        let mut reached: IdSet<&str> =
            IdSet::with_capacity_and_hasher(ex.stages.len() + ex.endings.len(), Default::default());
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
                    tr!("check.stage_unreachable", stage = stage.id),
                );
            }
        }
        for (e, ending) in ex.endings.iter().enumerate() {
            if !reached.contains(ending.id.as_str()) {
                self.error(
                    format!("endings[{e}].id"),
                    tr!("check.ending_unreachable", ending = ending.id),
                );
            }
        }
    }

    /// A delayed effect lands N turns after the choice; if every path from the stage ends
    /// sooner, it can never land and the players are promised a consequence that never
    /// comes. Stages on a loop can last any number of turns, so they are not judged.
    fn check_delays_land(&mut self) {
        let ex = self.ex;
        let remaining = turns_remaining_after(ex, &self.stages);
        for (s, stage) in ex.stages.iter().enumerate() {
            let Some(left) = remaining[s] else { continue };
            for (d, decision) in stage.decisions.iter().enumerate() {
                let dpath = Path::TopItem("stages", s);
                let dpath = dpath.item("decisions", d);
                for (o, option) in decision.options.iter().enumerate() {
                    let opath = dpath.item("options", o);
                    self.warn_unlanding_delays(
                        &opath,
                        "effects",
                        &option.effects,
                        0,
                        left,
                        &stage.id,
                    );
                }
            }
        }
    }

    /// The delayed effects in the list `field` of `parent`.
    fn warn_unlanding_delays(
        &mut self,
        parent: &Path,
        field: &'static str,
        effects: &[Effect],
        delay_so_far: u32,
        left: u32,
        stage: &str,
    ) {
        for (e, effect) in effects.iter().enumerate() {
            if let Effect::After { turns, effects, .. } = effect {
                let delay = delay_so_far.saturating_add(*turns);
                if delay > left {
                    let why = match left {
                        0 => format!("stage `{stage}` always leads straight to an ending"),
                        1 => format!("at most 1 more turn follows stage `{stage}`"),
                        n => format!("at most {n} more turns follow stage `{stage}`"),
                    };
                    self.warn(
                        parent.item(field, e).field("turns"),
                        format!(
                            "this lands {delay} turns after the choice, but {why}: it would \
                             never land"
                        ),
                    );
                } else {
                    self.warn_unlanding_delays(
                        &parent.item(field, e),
                        "effects",
                        effects,
                        delay,
                        left,
                        stage,
                    );
                }
            }
        }
    }

    fn check_content_shape(&mut self) {
        let ex = self.ex;
        if ex.endings.is_empty() {
            self.error("endings", tr!("check.no_endings"));
        } else if ex.endings.len() < MIN_ENDINGS_RECOMMENDED {
            self.warn(
                "endings",
                tr!(
                    "check.few_endings",
                    count = ex.endings.len(),
                    min = MIN_ENDINGS_RECOMMENDED
                ),
            );
        }
        if !STAGES_RECOMMENDED.contains(&ex.stages.len()) {
            self.warn(
                "stages",
                tr!(
                    "check.stage_count",
                    count = ex.stages.len(),
                    min = STAGES_RECOMMENDED.start(),
                    max = STAGES_RECOMMENDED.end()
                ),
            );
        }
    }
}

/// Whether `id` is met for the first time, given the items before it. A short list (as a
/// decision's options nearly always are) is searched; past that `seen` (empty at the start
/// of the list) takes every id so far.
fn first_seen<'a, T>(
    seen: &mut IdSet<&'a str>,
    before: &'a [T],
    id_of: impl Fn(&'a T) -> &'a str,
    id: &'a str,
) -> bool {
    const SEARCHED: usize = 8;
    if before.len() < SEARCHED {
        return !before.iter().any(|item| id_of(item) == id);
    }
    if seen.is_empty() {
        seen.extend(before.iter().map(&id_of));
    }
    seen.insert(id)
}

/// Every (role, option id) pair of the exercise's decisions.
fn role_options(ex: &Exercise) -> IdSet<(&str, &str)> {
    ex.stages
        .iter()
        .flat_map(|stage| &stage.decisions)
        .flat_map(|decision| {
            let role = decision.role.as_str();
            decision.options.iter().map(move |o| (role, o.id.as_str()))
        })
        .collect()
}

fn collect_set_flags<'a>(effects: &'a [Effect], into: &mut IdSet<&'a str>) {
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

/// For each stage, the most turns that can follow it before an ending (a stage leading
/// straight to an ending has 0), or `None` if a loop is reachable from it.
fn turns_remaining_after(ex: &Exercise, index: &IdMap<&str, usize>) -> Vec<Option<u32>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done(Option<u32>),
    }
    let mut marks = vec![Mark::New; ex.stages.len()];
    // Iterative depth-first search: exercises can have thousands of stages.
    for root in 0..ex.stages.len() {
        if marks[root] != Mark::New {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        marks[root] = Mark::Open;
        while let Some(&mut (stage, ref mut next)) = stack.last_mut() {
            let transitions = &ex.stages[stage].transitions;
            if let Some(t) = transitions.get(*next) {
                *next += 1;
                if let Some(&to) = index.get(t.to.as_str())
                    && marks[to] == Mark::New
                {
                    marks[to] = Mark::Open;
                    stack.push((to, 0));
                }
                continue;
            }
            let mut longest = Some(0u32);
            for t in transitions {
                let after = match index.get(t.to.as_str()) {
                    None => Some(0),
                    Some(&to) => match marks[to] {
                        Mark::Done(Some(n)) => Some(n + 1),
                        _ => None,
                    },
                };
                longest = match (longest, after) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            marks[stage] = Mark::Done(longest);
            stack.pop();
        }
    }
    marks
        .into_iter()
        .map(|m| match m {
            Mark::Done(n) => n,
            _ => None,
        })
        .collect()
}
