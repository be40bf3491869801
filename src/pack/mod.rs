//! The print pack: the documents a trainer hands out, generated from the exercise file so
//! they never drift from it.
//!
//! - the **Situation Manual**, for every participant;
//! - one **private brief** per delegation, for that delegation only;
//! - the **facilitator guide** (MSEL, cues, notes, branches, rating sheet, hot-wash
//!   run-sheet, answer key), never for players;
//! - the **knowledge check** (before and after, no answers) and a **feedback form**.
//!
//! One model, built once from the exercise (`Pack::build`), holds every fact and sentence;
//! one module per format lays it out (`markdown` for editing, `html` for printing on A4),
//! like `crate::report`. Wording of chance, conditions and frameworks comes from
//! `crate::describe`, so paper and screen agree. Text from the exercise was sanitised at
//! load; the HTML writer escapes all of it, the Markdown writer neutralises markup.
//!
//! What a delegation's private brief holds is only its own role's private text: the
//! private briefs of other roles never reach it (a test checks this for every exercise).

pub mod html;
pub mod markdown;

use crate::describe::{self, LEDGERS, condition_words, framework_names, trigger_words};
use crate::engine::Compiled;
use crate::scenario::Exercise;
use crate::scenario::model::{Effect, RoleKind, Scope, Tag, Trigger, TurnOrder, Visibility};
use crate::session::plan::{PlanPhase, SessionPlan, typical_turns};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::report::marking;
pub use crate::report::{GuidingQuestion, guiding_questions};
use crate::{tr, trn};

/// The session plans a trainer can print an agenda for, in minutes.
pub const PLANS: [u32; 3] = crate::session::plan::PLAN_MINUTES;
/// The plan used when none is given.
pub const DEFAULT_PLAN: u32 = 90;
/// The most decision slips printed per delegation (one per turn).
const MAX_SLIPS: u32 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackFormat {
    Html,
    Markdown,
}

impl PackFormat {
    pub fn extension(self) -> &'static str {
        match self {
            PackFormat::Html => "html",
            PackFormat::Markdown => "md",
        }
    }
}

/// Who a document is for: printed on its cover and in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Everyone,
    /// One sheet per delegation, filled in together (the knowledge check).
    EachDelegation,
    /// One delegation only (index into `Pack::briefs`).
    Delegation(usize),
    Facilitator,
}

/// One written file: its name in the pack directory and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackFile {
    pub name: String,
    pub text: String,
}

/// Everything the pack says, per document. No markup: writers lay it out.
#[derive(Debug, Clone)]
pub struct Pack {
    pub exercise: ExerciseInfo,
    pub plan: Plan,
    pub manual: SituationManual,
    pub briefs: Vec<PrivateBrief>,
    pub guide: FacilitatorGuide,
    pub check: KnowledgeCheck,
    pub feedback: FeedbackForm,
}

#[derive(Debug, Clone)]
pub struct ExerciseInfo {
    pub id: String,
    pub title: String,
    pub context: String,
    pub summary: String,
    pub content_note: Option<String>,
}

/// The session plan: how the minutes are spent. The time boxes are the ones the screen
/// uses (`crate::session::plan::SessionPlan`); this adds the rows of a printed agenda.
#[derive(Debug, Clone)]
pub struct Plan {
    pub minutes: u32,
    /// Turns on the shortest and the longest path through the exercise.
    pub turns_min: u32,
    pub turns_max: u32,
    /// Turns the plan makes room for (the facilitator concludes after the last).
    pub turns_planned: u32,
    pub turn_seconds: u32,
    pub hot_wash_seconds: u32,
    /// One row per block, every turn on its own row (for the facilitator).
    pub rows: Vec<AgendaRow>,
}

#[derive(Debug, Clone)]
pub struct AgendaRow {
    /// Seconds from the start of the session.
    pub start: u32,
    pub seconds: u32,
    pub item: String,
    /// What to have at hand, or what happens.
    pub note: String,
    /// A turn of play (the Situation Manual folds these into one row).
    pub turn: Option<u32>,
}

impl Plan {
    /// "7 turns", or "6 to 8 turns" when paths differ in length.
    pub fn path_length_words(&self) -> String {
        if self.turns_min == self.turns_max {
            trn!("pack.turns", self.turns_max)
        } else {
            tr!(
                "pack.turns_range",
                min = self.turns_min,
                max = self.turns_max
            )
        }
    }

    /// The agenda with the turns folded into one row, for participants.
    pub fn compact_rows(&self) -> Vec<AgendaRow> {
        let mut out: Vec<AgendaRow> = Vec::new();
        let turns: Vec<&AgendaRow> = self.rows.iter().filter(|r| r.turn.is_some()).collect();
        for row in &self.rows {
            match row.turn {
                None => out.push(row.clone()),
                Some(1) => out.push(AgendaRow {
                    start: row.start,
                    seconds: turns.iter().map(|t| t.seconds).sum(),
                    item: tr!(
                        "pack.agenda.play",
                        turns = turns.len(),
                        each = duration(self.turn_seconds)
                    ),
                    note: tr!("pack.agenda.play_note").into(),
                    turn: None,
                }),
                Some(_) => {}
            }
        }
        out
    }
}

/// "7 min", "7 min 30 s".
pub fn duration(seconds: u32) -> String {
    match seconds % 60 {
        0 => tr!("pack.duration.minutes", minutes = seconds / 60),
        s => tr!(
            "pack.duration.minutes_seconds",
            minutes = seconds / 60,
            seconds = s
        ),
    }
}

/// A time from the start of the session: "0:15", "1:05", "0:17:30".
pub fn clock(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    if s == 0 {
        format!("{h}:{m:02}")
    } else {
        format!("{h}:{m:02}:{s:02}")
    }
}

#[derive(Debug, Clone)]
pub struct SituationManual {
    pub purpose: Vec<String>,
    pub scope: Vec<String>,
    pub objectives: Vec<String>,
    pub setting: Vec<String>,
    pub countries: Vec<CountryInfo>,
    pub roles: Vec<RolePublic>,
    pub obligations: Vec<ObligationsInfo>,
    pub rules: Vec<Rule>,
    pub ledgers: Vec<LedgerInfo>,
    /// (range, words), e.g. ("11–35%", "unlikely").
    pub likelihood: Vec<(String, &'static str)>,
    pub agreements: Vec<AgreementPublic>,
    pub questions: Vec<GuidingQuestion>,
    pub invitation: Vec<String>,
    /// One box per delegation on the invitation page.
    pub delegations: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct CountryInfo {
    pub name: String,
    pub text: String,
    /// "origin", "transit" or "destination" when a role plays it.
    pub role: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RolePublic {
    pub name: String,
    pub kind: &'static str,
    /// "Marn (origin state)", or the name alone where it already says its kind
    /// ("Talvara (first asylum)").
    pub label: String,
    pub public_brief: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ObligationsInfo {
    pub role: String,
    pub management: Vec<String>,
    pub protection: Vec<String>,
    pub tensions: Vec<String>,
}

/// One rule of play: a heading and a few sentences.
#[derive(Debug, Clone)]
pub struct Rule {
    pub title: &'static str,
    pub text: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct LedgerInfo {
    pub name: &'static str,
    /// "Arrivals (people) — one value per state; hidden until revealed".
    pub indicators: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct AgreementPublic {
    pub title: String,
    pub summary: String,
    /// "Verana (transit state) may offer it to Caldor (destination state)".
    pub who: String,
}

#[derive(Debug, Clone)]
pub struct PrivateBrief {
    pub role_id: String,
    /// "Marn".
    pub name: String,
    pub kind: &'static str,
    /// File name without extension: "private-brief-origin".
    pub file_stem: String,
    pub private_brief: Vec<String>,
    pub interests: Vec<String>,
    pub leverage: Vec<String>,
    /// Agreements this delegation may offer or be offered, in words.
    pub agreements: Vec<String>,
    pub decisions: Vec<StageDecisions>,
    pub slips: u32,
}

/// The decisions a delegation may face in one stage, in plain words.
#[derive(Debug, Clone)]
pub struct StageDecisions {
    pub stage: String,
    pub prompt: String,
    pub options: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FacilitatorGuide {
    pub overview: Vec<String>,
    pub start: String,
    pub msel: Vec<InjectEntry>,
    pub stages: Vec<StageEntry>,
    /// Stages with more than one way on: ("S1 Day 1: …", the ways on in words).
    pub branches: Vec<(String, Vec<String>)>,
    pub agreements: Vec<AgreementEntry>,
    pub endings: Vec<EndingEntry>,
    pub objectives: Vec<ObjectiveEntry>,
    pub hot_wash: Vec<DebriefStep>,
    pub reality: Vec<RealityCase>,
    pub good_practices: Vec<Practice>,
    pub answers: Vec<AnswerEntry>,
    pub frameworks: Vec<FrameworkEntry>,
    /// Private briefs in short, so the facilitator knows what each delegation knows.
    pub private: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone)]
pub struct InjectEntry {
    /// "M1".
    pub number: String,
    pub id: String,
    pub title: String,
    /// "Everyone" or the role's name.
    pub to: String,
    /// When it fires, in words (from `describe::trigger_words`).
    pub when: String,
    /// "Stage entry", "Turn", "Condition", "Chance" or "Manual".
    pub kind: &'static str,
    /// Choices, injects or agreements that raise it: "when Verana chooses “…” (Day 2)",
    /// "by the agreement “…”".
    pub raised_by: Vec<String>,
    pub text: String,
    pub expected: Vec<String>,
    pub learning: Vec<String>,
    pub time_box: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct StageEntry {
    /// "S1".
    pub number: String,
    pub id: String,
    pub title: String,
    pub start: bool,
    pub situation: Vec<String>,
    pub cue: Option<String>,
    /// "M3 The master's question".
    pub injects: Vec<String>,
    pub decisions: Vec<DecisionEntry>,
    /// "To “Day 2 …” if …", "Otherwise to “…”".
    pub next: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct DecisionEntry {
    pub role: String,
    pub prompt: String,
    pub options: Vec<OptionEntry>,
}

#[derive(Debug, Clone)]
pub struct OptionEntry {
    pub label: String,
    pub detail: String,
    pub tags: Vec<&'static str>,
    pub frameworks: Vec<String>,
    pub note: Option<String>,
    /// Offered only while this holds, in words.
    pub when: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AgreementEntry {
    pub title: String,
    pub summary: String,
    pub who: String,
    pub when: Option<String>,
    pub breach: Option<String>,
    pub tags: Vec<&'static str>,
    pub frameworks: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct EndingEntry {
    pub title: String,
    pub narrative: Vec<String>,
    /// Reached from these stages (titles, with the condition in words).
    pub reached_from: Vec<String>,
    /// Chosen on early conclusion when this holds.
    pub when: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ObjectiveEntry {
    pub number: usize,
    pub text: String,
    pub behaviours: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct DebriefStep {
    pub minutes: u32,
    pub title: String,
    /// The exercise's own question, where the step is one of (a)–(d).
    pub question: Option<String>,
    pub prompts: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RealityCase {
    pub title: String,
    pub text: Vec<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Practice {
    pub title: String,
    pub text: String,
    pub frameworks: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct AnswerEntry {
    pub number: usize,
    pub text: String,
    pub choices: Vec<String>,
    pub answer: usize,
    pub why: String,
}

impl AnswerEntry {
    /// "B — The state responsible for the rescue region".
    pub fn answer_text(&self) -> String {
        format!(
            "{} — {}",
            choice_letter(self.answer),
            self.choices.get(self.answer).map_or("", String::as_str)
        )
    }
}

/// A, B, C … for a choice index.
pub fn choice_letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

#[derive(Debug, Clone)]
pub struct FrameworkEntry {
    pub name: String,
    pub year: Option<u32>,
    pub summary: String,
    pub asks: String,
}

#[derive(Debug, Clone)]
pub struct KnowledgeCheck {
    pub intro: String,
    pub questions: Vec<CheckQuestion>,
}

#[derive(Debug, Clone)]
pub struct CheckQuestion {
    pub number: usize,
    pub text: String,
    pub choices: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FeedbackForm {
    pub intro: String,
    /// Statements rated from 1 (disagree strongly) to 5 (agree strongly).
    pub statements: Vec<String>,
    pub open: Vec<String>,
    pub delegations: Vec<String>,
}

/// The five points of the feedback scale (ids in the string tables; see `scale`).
pub const SCALE: [&str; 5] = [
    "pack.scale.1",
    "pack.scale.2",
    "pack.scale.3",
    "pack.scale.4",
    "pack.scale.5",
];

/// The five points of the feedback scale, in the interface language.
pub fn scale() -> [&'static str; 5] {
    SCALE.map(crate::i18n::t)
}

fn kind_name(kind: RoleKind) -> &'static str {
    crate::tui::screens::setup::kind_name(kind)
}

/// A role's name with its kind, unless the name already says it.
fn name_with_kind(name: &str, kind: RoleKind) -> String {
    if crate::tui::screens::setup::carries_kind(name, kind) {
        name.to_string()
    } else {
        let state = match kind {
            RoleKind::Origin => tr!("pack.state.origin"),
            RoleKind::Transit => tr!("pack.state.transit"),
            RoleKind::Destination => tr!("pack.state.destination"),
        };
        tr!("role.name_with_kind", name = name, kind = state)
    }
}

fn tag_names(tags: &[Tag]) -> Vec<&'static str> {
    tags.iter().map(|t| describe::tag_name(*t)).collect()
}

fn role_name<'a>(ex: &'a Exercise, id: &'a str) -> &'a str {
    ex.roles
        .iter()
        .find(|r| r.id == id)
        .map_or(id, |r| r.name.as_str())
}

fn names_joined(ex: &Exercise, ids: &[String]) -> String {
    let names: Vec<&str> = ids.iter().map(|id| role_name(ex, id)).collect();
    match names.as_slice() {
        [] => tr!("pack.nobody").to_string(),
        [one] => (*one).to_string(),
        [rest @ .., last] => tr!("pack.or", first = rest.join(", "), last = last),
    }
}

/// A file name safe on every platform, from a role id.
fn file_stem(id: &str, index: usize, taken: &[String]) -> String {
    let clean: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect();
    let base = if clean.is_empty() {
        format!("private-brief-{}", index + 1)
    } else {
        format!("private-brief-{clean}")
    };
    if taken.contains(&base) {
        format!("{base}-{}", index + 1)
    } else {
        base
    }
}

/// Turns on the shortest and the longest path from the start to an ending, over the
/// transitions whatever their conditions (a stage revisited counts once on a path).
pub fn path_turns(ex: &Exercise) -> (u32, u32) {
    let index = |id: &str| ex.stages.iter().position(|s| s.id == id);
    let Some(start) = index(&ex.start) else {
        return (1, 1);
    };
    let next: Vec<Vec<usize>> = ex
        .stages
        .iter()
        .map(|s| s.transitions.iter().filter_map(|t| index(&t.to)).collect())
        .collect();
    let ends: Vec<bool> = ex
        .stages
        .iter()
        .map(|s| {
            s.transitions
                .iter()
                .any(|t| ex.endings.iter().any(|e| e.id == t.to))
        })
        .collect();
    // Shortest: breadth first.
    let mut depth = vec![u32::MAX; ex.stages.len()];
    depth[start] = 1;
    let mut queue = std::collections::VecDeque::from([start]);
    let mut shortest = None;
    while let Some(s) = queue.pop_front() {
        if ends[s] {
            shortest = Some(depth[s]);
            break;
        }
        for &n in &next[s] {
            if depth[n] == u32::MAX {
                depth[n] = depth[s] + 1;
                queue.push_back(n);
            }
        }
    }
    // Longest: depth first, memoised, never stepping back onto the current path.
    fn longest(
        s: usize,
        next: &[Vec<usize>],
        ends: &[bool],
        on_path: &mut Vec<bool>,
        memo: &mut Vec<Option<u32>>,
    ) -> u32 {
        if let Some(v) = memo[s] {
            return v;
        }
        on_path[s] = true;
        let mut best = if ends[s] { 1 } else { 0 };
        for &n in &next[s] {
            if !on_path[n] {
                let rest = longest(n, next, ends, on_path, memo);
                if rest > 0 {
                    best = best.max(rest + 1);
                }
            }
        }
        on_path[s] = false;
        memo[s] = Some(best);
        best
    }
    let mut on_path = vec![false; ex.stages.len()];
    let mut memo = vec![None; ex.stages.len()];
    let long = longest(start, &next, &ends, &mut on_path, &mut memo);
    let short = shortest.unwrap_or(1);
    (short, long.max(short))
}

/// The agenda for a plan of `minutes` (60, 90 or 120), timed like the screen's plan.
pub fn plan(compiled: &Arc<Compiled>, minutes: u32) -> Plan {
    let ex = &compiled.exercise;
    let (turns_min, turns_max) = path_turns(ex);
    let timing = SessionPlan::new(minutes, typical_turns(compiled));
    let mut rows = Vec::new();
    let mut at = 0;
    let mut push = |rows: &mut Vec<AgendaRow>, seconds: u32, item: String, note: String, turn| {
        rows.push(AgendaRow {
            start: at,
            seconds,
            item,
            note,
            turn,
        });
        at += seconds;
    };
    push(
        &mut rows,
        timing.seconds(PlanPhase::Briefing),
        tr!("pack.agenda.opening").into(),
        tr!("pack.agenda.opening_note").into(),
        None,
    );
    let first = ex
        .stages
        .iter()
        .find(|s| s.id == ex.start)
        .map(|s| s.title.clone());
    for turn in 1..=timing.turns {
        let item = match (&first, turn) {
            (Some(title), 1) => tr!("pack.agenda.first_turn", title = title),
            _ => tr!("plan.turn", turn = turn),
        };
        let note = if turn == timing.turns && timing.turns < turns_max {
            tr!("pack.agenda.last_turn").to_string()
        } else {
            String::new()
        };
        push(
            &mut rows,
            timing.seconds(PlanPhase::Turn(turn)),
            item,
            note,
            Some(turn),
        );
    }
    let spare = timing
        .planned_start(PlanPhase::HotWash)
        .saturating_sub(timing.planned_end(PlanPhase::Turn(timing.turns)));
    if spare > 0 {
        push(
            &mut rows,
            spare,
            tr!("pack.agenda.spare").into(),
            tr!("pack.agenda.spare_note").into(),
            None,
        );
    }
    push(
        &mut rows,
        timing.seconds(PlanPhase::HotWash),
        tr!("plan.hot_wash").into(),
        tr!("pack.agenda.hot_wash_note").into(),
        None,
    );
    Plan {
        minutes: timing.minutes,
        turns_min,
        turns_max,
        turns_planned: timing.turns,
        turn_seconds: timing.turn_seconds,
        hot_wash_seconds: timing.seconds(PlanPhase::HotWash),
        rows,
    }
}

fn who_offers(ex: &Exercise, by: &[String], to: &[String]) -> String {
    tr!(
        "pack.who_offers",
        by = names_joined(ex, by),
        to = names_joined(ex, to)
    )
}

/// Every framework id the exercise cites, in first-use order.
fn frameworks_cited(ex: &Exercise) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut add = |list: &[String]| {
        for id in list {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
    };
    for stage in &ex.stages {
        for d in &stage.decisions {
            for o in &d.options {
                add(&o.frameworks);
            }
        }
    }
    for a in &ex.agreements {
        add(&a.frameworks);
    }
    for g in &ex.debrief.good_practices {
        add(&g.frameworks);
    }
    ids
}

/// Inject ids raised by a list of effects, nested delays included.
fn raised(effects: &[Effect], out: &mut Vec<String>) {
    for effect in effects {
        match effect {
            Effect::Raise(id) => out.push(id.to_string()),
            Effect::After { effects, .. } => raised(effects, out),
            _ => {}
        }
    }
}

impl Pack {
    /// Build the pack for a plan of `plan_minutes` (60, 90 or 120).
    pub fn build(compiled: &Arc<Compiled>, plan_minutes: u32) -> Pack {
        let ex = &compiled.exercise;
        let plan = plan(compiled, plan_minutes);
        let questions = guiding_questions(ex);
        let exercise = ExerciseInfo {
            id: ex.id.clone(),
            title: ex.title.clone(),
            context: ex.context.clone(),
            summary: ex.summary.clone(),
            content_note: ex.content_note.clone(),
        };
        let role_label = |id: &str| role_name(ex, id).to_string();
        let delegations: Vec<String> = ex.roles.iter().map(|r| r.name.clone()).collect();
        let manual = Self::manual(ex, &plan, &questions, &delegations);
        let mut stems: Vec<String> = Vec::new();
        let briefs = ex
            .roles
            .iter()
            .enumerate()
            .map(|(i, role)| {
                let stem = file_stem(&role.id, i, &stems);
                stems.push(stem.clone());
                let agreements = ex
                    .agreements
                    .iter()
                    .filter_map(|a| {
                        let offers = a.offered_by.contains(&role.id);
                        let receives = a.offered_to.contains(&role.id);
                        let whom = match (offers, receives) {
                            (true, true) => tr!(
                                "pack.brief.offer_both",
                                to = names_joined(ex, &a.offered_to),
                                by = names_joined(ex, &a.offered_by)
                            ),
                            (true, false) => {
                                tr!("pack.brief.offer_to", to = names_joined(ex, &a.offered_to))
                            }
                            (false, true) => {
                                tr!(
                                    "pack.brief.offered_by",
                                    by = names_joined(ex, &a.offered_by)
                                )
                            }
                            (false, false) => return None,
                        };
                        Some(tr!(
                            "pack.brief.agreement",
                            title = a.title,
                            summary = a.summary,
                            whom = whom
                        ))
                    })
                    .collect();
                let decisions = ex
                    .stages
                    .iter()
                    .flat_map(|stage| {
                        stage
                            .decisions
                            .iter()
                            .filter(|d| d.role == role.id)
                            .map(|d| StageDecisions {
                                stage: stage.title.clone(),
                                prompt: d.prompt.clone(),
                                options: d.options.iter().map(|o| o.label.clone()).collect(),
                            })
                    })
                    .collect();
                PrivateBrief {
                    role_id: role.id.clone(),
                    name: role.name.clone(),
                    kind: kind_name(role.kind),
                    file_stem: stem,
                    private_brief: role.private_brief.clone(),
                    interests: role.interests.clone(),
                    leverage: role.leverage.clone(),
                    agreements,
                    decisions,
                    slips: plan.turns_max.clamp(1, MAX_SLIPS),
                }
            })
            .collect();
        let guide = Self::guide(ex, &plan, &questions, &role_label);
        let check = KnowledgeCheck {
            intro: tr!("pack.check.intro").into(),
            questions: ex
                .knowledge_check
                .iter()
                .enumerate()
                .map(|(i, q)| CheckQuestion {
                    number: i + 1,
                    text: q.text.clone(),
                    choices: q.choices.clone(),
                })
                .collect(),
        };
        let mut statements: Vec<String> = [
            "pack.feedback.purpose",
            "pack.feedback.realistic",
            "pack.feedback.fair",
            "pack.feedback.hard",
            "pack.feedback.time",
            "pack.feedback.reading",
            "pack.feedback.hot_wash",
        ]
        .into_iter()
        .map(|key| crate::i18n::t(key).to_string())
        .collect();
        statements.extend(
            ex.objectives
                .iter()
                .map(|o| tr!("pack.feedback.objective", objective = o.text)),
        );
        let feedback = FeedbackForm {
            intro: tr!("pack.feedback.intro").into(),
            statements,
            open: vec![
                tr!("pack.feedback.useful").into(),
                tr!("pack.feedback.change").into(),
                tr!("pack.feedback.differently").into(),
            ],
            delegations: delegations.clone(),
        };
        Pack {
            exercise,
            plan,
            manual,
            briefs,
            guide,
            check,
            feedback,
        }
    }

    fn manual(
        ex: &Exercise,
        plan: &Plan,
        questions: &[GuidingQuestion],
        delegations: &[String],
    ) -> SituationManual {
        let kinds: Vec<String> = ex
            .roles
            .iter()
            .map(|r| name_with_kind(&r.name, r.kind))
            .collect();
        let purpose = vec![
            tr!("pack.manual.purpose").to_string(),
            ex.summary.clone(),
            tr!("pack.manual.no_score").to_string(),
        ];
        let turns = plan.path_length_words();
        let scope = vec![
            tr!("pack.manual.context", context = ex.context),
            tr!("pack.manual.delegations", delegations = kinds.join(", ")),
            tr!(
                "pack.manual.length",
                minutes = plan.minutes,
                turns = turns,
                planned = plan.turns_planned,
                each = duration(plan.turn_seconds)
            ),
            tr!("pack.manual.fictional").to_string(),
            tr!("pack.manual.tests_plans").to_string(),
        ];
        let countries = ex
            .setting
            .countries
            .iter()
            .map(|k| CountryInfo {
                name: k.name.clone(),
                text: k.text.clone(),
                role: ex
                    .roles
                    .iter()
                    .find(|r| r.country.as_deref() == Some(k.id.as_str()))
                    .map(|r| kind_name(r.kind).to_string()),
            })
            .collect();
        let roles = ex
            .roles
            .iter()
            .map(|r| RolePublic {
                name: r.name.clone(),
                kind: kind_name(r.kind),
                label: name_with_kind(&r.name, r.kind),
                public_brief: r.public_brief.clone(),
            })
            .collect();
        let obligations = ex
            .obligations
            .iter()
            .map(|o| ObligationsInfo {
                role: role_name(ex, &o.role).to_string(),
                management: o.management.clone(),
                protection: o.protection.clone(),
                tensions: o.tensions.clone(),
            })
            .collect();
        let ledgers: Vec<LedgerInfo> = LEDGERS
            .iter()
            .filter_map(|&ledger| {
                let indicators: Vec<String> = ex
                    .indicators
                    .iter()
                    .filter(|i| i.ledger == ledger)
                    .map(|i| {
                        let mut text = i.label.clone();
                        if !i.unit.is_empty() {
                            text.push_str(&format!(" ({})", i.unit));
                        }
                        let mut notes = Vec::new();
                        if i.scope == Scope::PerRole {
                            notes.push(tr!("pack.indicator.per_state"));
                        }
                        if i.visibility == Visibility::Hidden {
                            notes.push(tr!("pack.indicator.hidden"));
                        }
                        if i.good.is_empty() {
                            notes.push(tr!("pack.indicator.no_verdict"));
                        }
                        if !notes.is_empty() {
                            text.push_str(&format!(
                                " — {}",
                                notes.join(crate::tr!("list.separator"))
                            ));
                        }
                        text
                    })
                    .collect();
                (!indicators.is_empty()).then(|| LedgerInfo {
                    name: describe::ledger_name(ledger),
                    indicators,
                })
            })
            .collect();
        let hidden: Vec<&str> = ex
            .indicators
            .iter()
            .filter(|i| i.visibility == Visibility::Hidden)
            .map(|i| i.label.as_str())
            .collect();
        let order = match ex.turn_order {
            TurnOrder::Simultaneous => tr!("pack.rules.simultaneous").to_string(),
            TurnOrder::Sequential => {
                let names: Vec<&str> = ex.roles.iter().map(|r| r.name.as_str()).collect();
                tr!(
                    "pack.rules.sequential",
                    order = names.join(tr!("pack.rules.then"))
                )
            }
        };
        let mut rules = vec![
            Rule {
                title: tr!("pack.rules.turns"),
                text: vec![
                    tr!("pack.rules.turns.1").into(),
                    order,
                    tr!("pack.rules.turns.2").into(),
                ],
            },
            Rule {
                title: tr!("pack.rules.ledgers"),
                text: vec![
                    tr!("pack.rules.ledgers.1").into(),
                    tr!("pack.rules.ledgers.2").into(),
                ],
            },
            Rule {
                title: tr!("pack.rules.chance"),
                text: vec![tr!("pack.rules.chance.1").into()],
            },
        ];
        if !hidden.is_empty() {
            rules.push(Rule {
                title: tr!("pack.rules.hidden"),
                text: vec![tr!(
                    "pack.rules.hidden.1",
                    values = hidden.join(crate::tr!("list.separator"))
                )],
            });
        }
        rules.push(Rule {
            title: tr!("pack.rules.agreements"),
            text: vec![if ex.agreements.is_empty() {
                tr!("pack.rules.agreements.none").to_string()
            } else {
                tr!("pack.rules.agreements.1").to_string()
            }],
        });
        rules.push(Rule {
            title: tr!("pack.rules.facilitator"),
            text: vec![tr!("pack.rules.facilitator.1").into()],
        });
        let likelihood = describe::likelihood_bands()
            .into_iter()
            .map(|(lo, hi, words)| {
                let range = if lo == hi {
                    format!("{lo}%")
                } else {
                    format!("{lo}–{hi}%")
                };
                (range, words)
            })
            .collect();
        let agreements = ex
            .agreements
            .iter()
            .map(|a| AgreementPublic {
                title: a.title.clone(),
                summary: a.summary.clone(),
                who: who_offers(ex, &a.offered_by, &a.offered_to),
            })
            .collect();
        SituationManual {
            purpose,
            scope,
            objectives: ex.objectives.iter().map(|o| o.text.clone()).collect(),
            setting: ex.setting.intro.clone(),
            countries,
            roles,
            obligations,
            rules,
            ledgers,
            likelihood,
            agreements,
            questions: questions.to_vec(),
            invitation: vec![
                tr!("pack.invitation.1").into(),
                tr!("pack.invitation.2").into(),
            ],
            delegations: delegations.to_vec(),
        }
    }

    fn guide(
        ex: &Exercise,
        plan: &Plan,
        questions: &[GuidingQuestion],
        role_label: &dyn Fn(&str) -> String,
    ) -> FacilitatorGuide {
        let stage_index = |id: &str| ex.stages.iter().position(|s| s.id == id);
        // “Day 2: …” for a stage, the ending “…” for an ending.
        let target = |id: &str| {
            ex.stages
                .iter()
                .find(|s| s.id == id)
                .map(|s| tr!("pack.quoted", text = s.title))
                .or_else(|| {
                    ex.endings
                        .iter()
                        .find(|e| e.id == id)
                        .map(|e| tr!("pack.the_ending", title = e.title))
                })
                .unwrap_or_else(|| format!("“{id}”"))
        };

        // What raises each inject: options, agreements and other injects.
        let mut raisers: Vec<(String, String)> = Vec::new();
        for stage in &ex.stages {
            for d in &stage.decisions {
                for o in &d.options {
                    let mut ids = Vec::new();
                    raised(&o.effects, &mut ids);
                    for id in ids {
                        raisers.push((
                            id,
                            tr!(
                                "pack.raised.option",
                                role = role_label(&d.role),
                                option = o.label,
                                stage = stage.title
                            ),
                        ));
                    }
                }
            }
        }
        for a in &ex.agreements {
            let mut ids = Vec::new();
            raised(&a.offerer_effects, &mut ids);
            raised(&a.receiver_effects, &mut ids);
            raised(&a.breach_effects, &mut ids);
            for id in ids {
                raisers.push((id, tr!("pack.raised.agreement", title = a.title)));
            }
        }
        for i in &ex.injects {
            let mut ids = Vec::new();
            raised(&i.effects, &mut ids);
            for id in ids {
                raisers.push((id, tr!("pack.raised.inject", title = i.title)));
            }
        }

        // The MSEL in rough running order: scheduled, contingencies, chance, manual.
        let mut order: Vec<(usize, (u32, usize))> = ex
            .injects
            .iter()
            .enumerate()
            .map(|(i, inject)| {
                let key = match &inject.trigger {
                    Trigger::Turn(t) => (0, *t as usize),
                    Trigger::Stage(s) => (1, stage_index(s).unwrap_or(usize::MAX)),
                    Trigger::When(_) => (2, i),
                    Trigger::Random { .. } => (3, i),
                    Trigger::Manual => (4, i),
                };
                (i, key)
            })
            .collect();
        order.sort_by_key(|(i, key)| (*key, *i));
        let msel: Vec<InjectEntry> = order
            .iter()
            .enumerate()
            .map(|(n, (i, _))| {
                let inject = &ex.injects[*i];
                InjectEntry {
                    number: format!("M{}", n + 1),
                    id: inject.id.to_string(),
                    title: inject.title.clone(),
                    to: inject
                        .role
                        .as_deref()
                        .map_or_else(|| tr!("pack.everyone").to_string(), role_label),
                    when: trigger_words(ex, &inject.trigger),
                    kind: match inject.trigger {
                        Trigger::Stage(_) => tr!("pack.kind.stage"),
                        Trigger::Turn(_) => tr!("pack.kind.turn"),
                        Trigger::When(_) => tr!("pack.kind.condition"),
                        Trigger::Random { .. } => tr!("pack.kind.chance"),
                        Trigger::Manual => tr!("pack.kind.manual"),
                    },
                    raised_by: raisers
                        .iter()
                        .filter(|(id, _)| *id == inject.id)
                        .map(|(_, by)| by.clone())
                        .collect(),
                    text: inject.text.clone(),
                    expected: inject.expected.clone(),
                    learning: inject.learning.clone(),
                    time_box: inject.time_box_minutes,
                }
            })
            .collect();

        let transition_words = |to: &str, when: Option<&crate::scenario::model::Condition>| {
            let target = target(to);
            match when {
                Some(c) => tr!(
                    "pack.next.if",
                    target = target,
                    condition = condition_words(ex, c)
                ),
                None => tr!("pack.next.otherwise", target = target),
            }
        };
        let stages: Vec<StageEntry> = ex
            .stages
            .iter()
            .enumerate()
            .map(|(n, stage)| {
                let injects = msel
                    .iter()
                    .filter(|m| {
                        ex.injects.iter().any(|i| {
                            i.id == m.id
                                && matches!(&i.trigger, Trigger::Stage(s) if *s == stage.id)
                        })
                    })
                    .map(|m| format!("{} {}", m.number, m.title))
                    .collect();
                let mut next: Vec<String> = stage
                    .transitions
                    .iter()
                    .map(|t| transition_words(&t.to, t.when.as_ref()))
                    .collect();
                if let [only] = next.as_mut_slice() {
                    *only = tr!("pack.next.to", target = target(&stage.transitions[0].to));
                }
                StageEntry {
                    number: format!("S{}", n + 1),
                    id: stage.id.to_string(),
                    title: stage.title.clone(),
                    start: stage.id == ex.start,
                    situation: stage.situation.clone(),
                    cue: stage.cue.clone(),
                    injects,
                    decisions: stage
                        .decisions
                        .iter()
                        .map(|d| DecisionEntry {
                            role: role_label(&d.role),
                            prompt: d.prompt.clone(),
                            options: d
                                .options
                                .iter()
                                .map(|o| OptionEntry {
                                    label: o.label.clone(),
                                    detail: o.detail.clone(),
                                    tags: tag_names(&o.tags),
                                    frameworks: framework_names(&o.frameworks),
                                    note: o.note.clone(),
                                    when: o.when.as_ref().map(|c| condition_words(ex, c)),
                                })
                                .collect(),
                        })
                        .collect(),
                    next,
                }
            })
            .collect();

        let branches: Vec<(String, Vec<String>)> = ex
            .stages
            .iter()
            .zip(&stages)
            .filter(|(s, _)| s.transitions.len() > 1)
            .map(|(s, entry)| (format!("{} {}", entry.number, s.title), entry.next.clone()))
            .collect();

        let endings =
            ex.endings
                .iter()
                .map(|e| EndingEntry {
                    title: e.title.clone(),
                    narrative: e.narrative.clone(),
                    reached_from: ex
                        .stages
                        .iter()
                        .flat_map(|s| {
                            let several = s.transitions.len() > 1;
                            s.transitions.iter().filter(|t| t.to == e.id).map(move |t| {
                                match &t.when {
                                    Some(c) => tr!(
                                        "pack.from.if",
                                        stage = s.title,
                                        condition = condition_words(ex, c)
                                    ),
                                    None if several => {
                                        tr!("pack.from.otherwise", stage = s.title)
                                    }
                                    None => tr!("pack.from", stage = s.title),
                                }
                            })
                        })
                        .collect(),
                    when: e.when.as_ref().map(|c| condition_words(ex, c)),
                })
                .collect();

        let agreements = ex
            .agreements
            .iter()
            .map(|a| AgreementEntry {
                title: a.title.clone(),
                summary: a.summary.clone(),
                who: who_offers(ex, &a.offered_by, &a.offered_to),
                when: a.when.as_ref().map(|c| condition_words(ex, c)),
                breach: a.breach.as_ref().map(|c| condition_words(ex, c)),
                tags: tag_names(&a.tags),
                frameworks: framework_names(&a.frameworks),
            })
            .collect();

        let cited = frameworks_cited(ex);
        let frameworks: Vec<FrameworkEntry> = cited
            .iter()
            .filter_map(|id| crate::scenario::glossary::find(id))
            .map(|f| FrameworkEntry {
                name: f.name.clone(),
                year: f.year,
                summary: f.summary.clone(),
                asks: f.asks.clone(),
            })
            .collect();

        let hot_wash = Self::hot_wash(ex, plan, questions, &frameworks);

        let overview = vec![
            tr!("pack.guide.for_facilitator").to_string(),
            tr!(
                "pack.guide.plan",
                minutes = plan.minutes,
                turns = plan.turns_planned,
                each = duration(plan.turn_seconds),
                hot_wash = duration(plan.hot_wash_seconds)
            ),
            tr!("pack.guide.print").to_string(),
        ];
        let start = ex
            .stages
            .iter()
            .find(|s| s.id == ex.start)
            .map_or_else(|| ex.start.clone(), |s| s.title.clone());
        FacilitatorGuide {
            overview,
            start,
            msel,
            stages,
            branches,
            agreements,
            endings,
            objectives: ex
                .objectives
                .iter()
                .enumerate()
                .map(|(i, o)| ObjectiveEntry {
                    number: i + 1,
                    text: o.text.clone(),
                    behaviours: o.behaviours.clone(),
                })
                .collect(),
            hot_wash,
            reality: ex
                .debrief
                .reality
                .iter()
                .map(|r| RealityCase {
                    title: r.title.clone(),
                    text: r.text.clone(),
                    source: r.source.clone(),
                })
                .collect(),
            good_practices: ex
                .debrief
                .good_practices
                .iter()
                .map(|g| Practice {
                    title: g.title.clone(),
                    text: g.text.clone(),
                    frameworks: framework_names(&g.frameworks),
                })
                .collect(),
            answers: ex
                .knowledge_check
                .iter()
                .enumerate()
                .map(|(i, q)| AnswerEntry {
                    number: i + 1,
                    text: q.text.clone(),
                    choices: q.choices.clone(),
                    answer: q.answer,
                    why: q.why.clone(),
                })
                .collect(),
            frameworks,
            private: ex
                .roles
                .iter()
                .map(|r| (r.name.clone(), r.private_brief.clone()))
                .collect(),
        }
    }

    /// The hot wash, step by step, its minutes adding up to the plan's.
    fn hot_wash(
        ex: &Exercise,
        plan: &Plan,
        questions: &[GuidingQuestion],
        frameworks: &[FrameworkEntry],
    ) -> Vec<DebriefStep> {
        // Minutes per step in proportion to these weights: opening, (a)–(d), reality,
        // experiences, close; what rounding leaves goes to the questions.
        const WEIGHTS: [u32; 8] = [15, 20, 20, 20, 20, 20, 35, 25];
        let total = plan.hot_wash_seconds / 60;
        let sum: u32 = WEIGHTS.iter().sum();
        let mut minutes: Vec<u32> = WEIGHTS.iter().map(|w| (total * w / sum).max(1)).collect();
        let mut spare = total.saturating_sub(minutes.iter().sum());
        let mut i = 0;
        while spare > 0 {
            minutes[1 + i % 4] += 1;
            spare -= 1;
            i += 1;
        }
        let tension = |i: usize| {
            ex.obligations
                .get(i)
                .and_then(|o| o.tensions.first().map(|t| (role_name(ex, &o.role), t)))
        };
        let mut a_prompts = vec![
            tr!("pack.hot_wash.a.1").to_string(),
            tr!("pack.hot_wash.a.2").to_string(),
        ];
        for i in 0..ex.obligations.len() {
            if let Some((role, t)) = tension(i) {
                a_prompts.push(tr!("pack.hot_wash.a.tension", role = role, tension = t));
            }
        }
        let mut b_prompts = vec![
            tr!("pack.hot_wash.b.1").to_string(),
            tr!("pack.hot_wash.b.2").to_string(),
        ];
        if !frameworks.is_empty() {
            let names: Vec<&str> = frameworks.iter().take(6).map(|f| f.name.as_str()).collect();
            b_prompts.push(tr!(
                "pack.hot_wash.b.engaged",
                frameworks = names.join(crate::tr!("list.separator"))
            ));
        }
        let mut c_prompts = vec![
            tr!("pack.hot_wash.c.1").to_string(),
            tr!("pack.hot_wash.c.2").to_string(),
        ];
        if !ex.agreements.is_empty() {
            let titles: Vec<String> = ex
                .agreements
                .iter()
                .map(|a| tr!("pack.quoted", text = a.title))
                .collect();
            c_prompts.push(tr!(
                "pack.hot_wash.c.on_the_table",
                agreements = titles.join(", ")
            ));
        }
        let d_prompts = vec![
            tr!("pack.hot_wash.d.1").to_string(),
            tr!("pack.hot_wash.d.2").to_string(),
        ];
        let prompts = [a_prompts, b_prompts, c_prompts, d_prompts];
        let mut steps = vec![DebriefStep {
            minutes: minutes[0],
            title: tr!("pack.hot_wash.opening").into(),
            question: None,
            prompts: vec![
                tr!("pack.hot_wash.opening.1").into(),
                tr!("pack.hot_wash.opening.2").into(),
            ],
        }];
        for (i, (q, prompts)) in questions.iter().zip(prompts).enumerate() {
            steps.push(DebriefStep {
                minutes: minutes[1 + i],
                title: format!("({}) {}", q.letter, q.theme),
                question: Some(q.text.clone()),
                prompts,
            });
        }
        let cases: Vec<String> = ex.debrief.reality.iter().map(|r| r.title.clone()).collect();
        steps.push(DebriefStep {
            minutes: minutes[5],
            title: tr!("aar.h.reality.plain").into(),
            question: None,
            prompts: vec![
                if cases.is_empty() {
                    tr!("pack.hot_wash.reality.none").into()
                } else {
                    tr!(
                        "pack.hot_wash.reality.tell",
                        cases = cases.join(crate::tr!("list.separator"))
                    )
                },
                tr!("pack.hot_wash.reality.practices").into(),
            ],
        });
        steps.push(DebriefStep {
            minutes: minutes[6],
            title: tr!("pack.hot_wash.experiences").into(),
            question: None,
            prompts: vec![tr!("pack.hot_wash.experiences.1").into()],
        });
        steps.push(DebriefStep {
            minutes: minutes[7],
            title: tr!("pack.hot_wash.close").into(),
            question: None,
            prompts: vec![
                tr!("pack.hot_wash.close.1").into(),
                tr!("pack.hot_wash.close.2").into(),
            ],
        });
        steps
    }

    /// Every document of the pack in one format, with an index.
    pub fn render(&self, format: PackFormat) -> Vec<PackFile> {
        match format {
            PackFormat::Html => html::render(self),
            PackFormat::Markdown => markdown::render(self),
        }
    }

    /// The documents in order, with their file stems, titles and audiences (for indexes).
    pub fn documents(&self) -> Vec<(String, String, Audience)> {
        let mut docs = vec![(
            "situation-manual".to_string(),
            tr!("pack.doc.manual").to_string(),
            Audience::Everyone,
        )];
        for (i, b) in self.briefs.iter().enumerate() {
            docs.push((
                b.file_stem.clone(),
                tr!("pack.doc.brief", role = b.name),
                Audience::Delegation(i),
            ));
        }
        docs.push((
            "facilitator-guide".into(),
            tr!("pack.doc.guide").into(),
            Audience::Facilitator,
        ));
        docs.push((
            "knowledge-check".into(),
            tr!("aar.knowledge_check").into(),
            Audience::EachDelegation,
        ));
        docs.push((
            "feedback-form".into(),
            tr!("pack.doc.feedback").into(),
            Audience::Everyone,
        ));
        docs
    }

    /// Who a document is for, in words, and how many copies to print.
    pub fn audience_words(&self, audience: Audience) -> (String, &'static str) {
        match audience {
            Audience::Everyone => (
                tr!("pack.audience.everyone").into(),
                tr!("pack.copies.everyone"),
            ),
            Audience::EachDelegation => (
                tr!("pack.audience.each_delegation").into(),
                tr!("pack.copies.each_delegation"),
            ),
            Audience::Delegation(i) => (
                tr!(
                    "pack.audience.delegation",
                    role = self.briefs.get(i).map_or("", |b| b.name.as_str())
                ),
                tr!("pack.copies.delegation"),
            ),
            Audience::Facilitator => (
                tr!("pack.audience.facilitator").into(),
                tr!("pack.copies.facilitator"),
            ),
        }
    }
}

/// Where the launcher writes a pack: `packs/<id>` beside the saves directory.
pub fn default_dir(exercise_id: &str) -> PathBuf {
    let saves = crate::session::save::save_dir();
    let base = saves
        .parent()
        .map_or_else(|| PathBuf::from("packs"), |p| p.join("packs"));
    base.join(crate::text::safe_stem(exercise_id))
}

/// Write every file of the pack into `dir` (created if needed), each atomically.
/// Returns the paths written, the index first.
pub fn write(
    pack: &Pack,
    format: PackFormat,
    dir: &Path,
) -> Result<Vec<PathBuf>, crate::session::save::SaveError> {
    if dir.is_file() {
        return Err(crate::session::save::SaveError::Write {
            path: dir.display().to_string(),
            message: tr!("io.file_not_directory").into(),
        });
    }
    let mut written = Vec::new();
    for file in pack.render(format) {
        let path = dir.join(&file.name);
        crate::session::save::write_document(&path, &file.text)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HARBOUR: &str = include_str!("../../tests/fixtures/valid/harbour.ron");

    fn harbour() -> Arc<Compiled> {
        crate::exercises::load_source("harbour.ron", HARBOUR, false)
            .expect("the fixture loads")
            .compiled
    }

    #[test]
    fn paths_are_measured_over_the_stage_graph() {
        // distress → landing/standoff → ending: two turns either way.
        assert_eq!(path_turns(&harbour().exercise), (2, 2));
    }

    #[test]
    fn every_plan_adds_up_to_its_minutes() {
        let c = harbour();
        for minutes in PLANS {
            let p = plan(&c, minutes);
            let total: u32 = p.rows.iter().map(|r| r.seconds).sum();
            assert_eq!(total, minutes * 60, "{p:#?}");
            let last = p.rows.last().expect("rows");
            assert_eq!(last.start + last.seconds, minutes * 60);
            let hot: u32 = Pack::build(&c, minutes)
                .guide
                .hot_wash
                .iter()
                .map(|s| s.minutes)
                .sum();
            assert_eq!(hot * 60, p.hot_wash_seconds);
        }
    }
}
