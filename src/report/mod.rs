//! The After-Action Report and Improvement Plan (HSEEP shape), and the side-by-side
//! comparison of several tables for the hot wash.
//!
//! One model, built once from a replayed save (`Report::build`), holds every fact and
//! every sentence; one module per format lays it out (`markdown`, `html`, `csv`), and
//! `compare` does the same for several saves. Events and values are worded by
//! `crate::describe`, like the screen and the transcript, so the three never disagree.
//!
//! Text from the exercise and the save was sanitised at load; the HTML writer escapes
//! every piece of it, the Markdown writer neutralises markup, the CSV writer quotes.

pub mod compare;
pub mod csv;
pub mod html;
pub mod markdown;

use crate::describe::{
    self, LEDGERS, event_line, framework_names, ledger_name, net_changes, signed, with_unit,
};
use crate::engine::{Action, Compiled, Event, Rating};
use crate::scenario::model::{Ledger, Tag};
use crate::session::save::Resumed;
use crate::session::{Controller, Session};

/// How `crossings report` writes the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
    Csv,
}

/// How `crossings compare` writes the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareFormat {
    Text,
    Markdown,
    Html,
}

/// The After-Action Report of one save.
pub fn render_report(resumed: &Resumed, format: ReportFormat) -> String {
    let report = Report::build(resumed);
    match format {
        ReportFormat::Markdown => markdown::render(&report),
        ReportFormat::Html => html::render(&report),
        ReportFormat::Csv => csv::render(&report),
    }
}

/// Several tables (saves) of the same exercise side by side. `Err` (one sentence) when
/// there are no tables or they played different exercises.
pub fn render_comparison(
    tables: &[(String, Resumed)],
    format: CompareFormat,
) -> Result<String, String> {
    let comparison = compare::Comparison::build(tables)?;
    Ok(match format {
        CompareFormat::Text => compare::render_text(&comparison),
        CompareFormat::Markdown => compare::render_markdown(&comparison),
        CompareFormat::Html => compare::render_html(&comparison),
    })
}

/// The HSEEP marking carried by every document, in the interface language.
pub fn marking() -> &'static str {
    crate::tr!("doc.marking")
}
/// Rows left blank at the foot of the Improvement Plan for actions agreed in the room.
pub const SPARE_PLAN_ROWS: usize = 3;

/// Everything the report says, in document order. No markup: writers lay it out.
#[derive(Debug, Clone)]
pub struct Report {
    pub exercise: ExerciseInfo,
    /// Said at the top: replay stopped early, or the exercise changed since the save.
    pub warnings: Vec<String>,
    pub overview: Overview,
    pub objectives: Vec<ObjectiveResult>,
    /// Knowledge-check scores per delegation (`crossings scores`), shown with the ratings.
    pub scores: Vec<ScoreEntry>,
    pub roles: Vec<RoleInfo>,
    pub obligations: Vec<ObligationsInfo>,
    pub timeline: Vec<TurnEntry>,
    /// Undone decisions and rewinds, in the order they happened.
    pub withdrawals: Vec<Withdrawal>,
    /// Per ledger (control, protection, public, resources), the values over the turns.
    pub ledgers: Vec<LedgerSeries>,
    /// Column headings of the series: "Start", "T1", "T2", ...
    pub points: Vec<String>,
    pub hidden: Vec<HiddenValue>,
    pub ending: EndingInfo,
    pub reality: Vec<RealityCase>,
    pub good_practices: Vec<Practice>,
    pub questions: Vec<GuidingQuestion>,
    pub findings: Findings,
    pub frameworks: Vec<FrameworkUse>,
}

#[derive(Debug, Clone)]
pub struct ExerciseInfo {
    pub id: String,
    pub title: String,
    pub context: String,
    pub summary: String,
    pub content_note: Option<String>,
    pub intro: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Overview {
    /// "2026-11-27 14:38 UTC", or "unknown".
    pub date: String,
    pub mode: String,
    /// "90 minutes", or "none chosen".
    pub plan: String,
    pub roster: Vec<RosterEntry>,
    pub observers: Vec<String>,
    pub seed: u64,
    pub turns_played: u32,
    /// From the first to the last write of the save, when they differ.
    pub duration: Option<String>,
    /// "Ended: Responsibility shared", "Concluded by the facilitator", "In progress".
    pub status: String,
}

#[derive(Debug, Clone)]
pub struct RosterEntry {
    pub role_id: String,
    pub role: String,
    pub label: String,
    pub members: Vec<String>,
    pub agency: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RoleInfo {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    /// The country the role plays, unless its name says it already.
    pub country: Option<String>,
    /// "people" or "computer (balanced)".
    pub played_by: String,
}

#[derive(Debug, Clone)]
pub struct ObligationsInfo {
    pub role: String,
    pub management: Vec<String>,
    pub protection: Vec<String>,
    pub tensions: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ObjectiveResult {
    pub id: String,
    pub text: String,
    pub behaviours: Vec<String>,
    /// `None`: not rated yet.
    pub rating: Option<Rating>,
    pub comment: Option<String>,
}

impl ObjectiveResult {
    /// "S — performed with some challenges", or "Not rated".
    pub fn rating_text(&self) -> String {
        match self.rating {
            Some(r) => format!("{r:?} — {}", describe::rating_meaning(r)),
            None => crate::tr!("report.not_rated").to_string(),
        }
    }
}

/// One delegation's knowledge-check scores: questions answered correctly of `out_of`.
#[derive(Debug, Clone)]
pub struct ScoreEntry {
    pub role: String,
    pub pre: Option<u32>,
    pub post: Option<u32>,
    pub out_of: usize,
}

impl ScoreEntry {
    /// "3/5", or "—" when not recorded.
    pub fn score_text(&self, score: Option<u32>) -> String {
        score.map_or_else(|| "—".to_string(), |s| format!("{s}/{}", self.out_of))
    }

    /// "+2", "0", or "—" unless both are recorded.
    pub fn change_text(&self) -> String {
        match (self.pre, self.post) {
            (Some(pre), Some(post)) => signed(post as i32 - pre as i32),
            _ => "—".to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TurnEntry {
    pub turn: u32,
    pub stage_id: String,
    pub stage_title: String,
    /// The first situation bullet.
    pub situation: Option<String>,
    pub decisions: Vec<DecisionEntry>,
    /// Offers, answers (with reasons) and broken agreements.
    pub agreements: Vec<String>,
    /// Injects, chance draws, delayed effects scheduled and landing, reveals.
    pub happenings: Vec<String>,
    pub changes: Vec<LedgerChanges>,
    /// Notes, adjustments with reasons, free-text injects, pauses, skips.
    pub facilitator: Vec<String>,
    /// "Next: …" or "Ending reached: …".
    pub outcome: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DecisionEntry {
    pub role_id: String,
    pub role: String,
    pub option_id: String,
    pub option: String,
    pub reason: Option<String>,
    /// The computer persona that chose, if any.
    pub persona: Option<String>,
    pub tags: Vec<&'static str>,
    pub frameworks: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct LedgerChanges {
    pub ledger: &'static str,
    pub changes: Vec<ChangeEntry>,
}

#[derive(Debug, Clone)]
pub struct ChangeEntry {
    /// "Arrivals 0 → 130 (+130)".
    pub text: String,
    /// Players saw "unknown" for this value at the time.
    pub hidden: bool,
    /// "worse for Brinn"; `None` where the exercise states no direction.
    pub verdict: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Withdrawal {
    /// "Turn 1: the facilitator undid a decision".
    pub heading: String,
    /// What stopped counting, in the order it had been done.
    pub items: Vec<String>,
    /// For a rewind: where the abandoned branch stood when it was left.
    pub stood: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LedgerSeries {
    pub ledger: Ledger,
    pub name: &'static str,
    pub indicators: Vec<IndicatorSeries>,
}

#[derive(Debug, Clone)]
pub struct IndicatorSeries {
    pub id: String,
    pub label: String,
    pub unit: String,
    /// The indicator's declared range (charts start from `min`).
    pub min: i32,
    pub max: i32,
    pub lines: Vec<SeriesLine>,
}

#[derive(Debug, Clone)]
pub struct SeriesLine {
    pub slot: u32,
    /// "Cost (Brinn)" or "Arrivals".
    pub label: String,
    /// The role's name for a per-role indicator (the line's name on a chart).
    pub role: Option<String>,
    pub role_id: Option<String>,
    /// True values at the start and at the end of each turn.
    pub values: Vec<i32>,
    /// A hidden indicator: players saw "unknown" until `revealed_turn`.
    pub hidden: bool,
    pub revealed_turn: Option<u32>,
    /// Start to end, where the exercise states a direction.
    pub verdict: Option<String>,
}

impl SeriesLine {
    /// Whether players saw this value at the end of turn `turn` (0: the start).
    pub fn observed_at(&self, turn: u32) -> bool {
        !self.hidden || self.revealed_turn.is_some_and(|t| t <= turn)
    }
}

#[derive(Debug, Clone)]
pub struct HiddenValue {
    pub label: String,
    pub true_value: String,
    /// What players saw at the end: the value, or "unknown".
    pub observed: String,
    pub revealed_turn: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct EndingInfo {
    pub title: Option<String>,
    pub narrative: Vec<String>,
    /// How the session ended, in one sentence.
    pub how: String,
    /// Delayed effects that had not landed when the session stopped.
    pub pending: Vec<String>,
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

/// One of the exercise's four guiding questions, under its lettered theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidingQuestion {
    pub letter: char,
    pub theme: &'static str,
    pub text: String,
}

/// The guiding questions with their themes, for the report and the print pack alike.
pub fn guiding_questions(ex: &crate::scenario::model::Exercise) -> Vec<GuidingQuestion> {
    let q = &ex.debrief.questions;
    let question = |letter, theme, text: &String| GuidingQuestion {
        letter,
        theme,
        text: text.clone(),
    };
    vec![
        question('a', crate::tr!("question.theme.a"), &q.objectives),
        question('b', crate::tr!("question.theme.b"), &q.tools),
        question('c', crate::tr!("question.theme.c"), &q.cooperation),
        question('d', crate::tr!("question.theme.d"), &q.communication),
    ]
}

/// Suggestions for the facilitator to confirm, never conclusions.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    pub strengths: Vec<String>,
    pub areas: Vec<String>,
    /// Changes the exercise states no direction for: for the group to judge.
    pub to_discuss: Vec<String>,
    /// The facilitator's notes, to sort into strengths or areas.
    pub observations: Vec<String>,
    pub unrated: usize,
}

#[derive(Debug, Clone)]
pub struct FrameworkUse {
    pub name: String,
    pub summary: Option<String>,
    /// "Turn 1 · Brinn: Coordinate the rescue".
    pub uses: Vec<String>,
}

impl Report {
    pub fn build(resumed: &Resumed) -> Report {
        let session = &resumed.session;
        let c = &*session.compiled;
        let ex = &c.exercise;
        let turns_played = session.turns.last().map_or(0, |t| t.turn);

        let mut warnings = Vec::new();
        if let Some((_, why)) = &resumed.stopped_at {
            let changed = if resumed.structure_changed {
                crate::tr!("report.warning.changed_part")
            } else {
                ""
            };
            warnings.push(crate::tr!(
                "report.warning.incomplete",
                changed = changed,
                why = why
            ));
        } else if resumed.structure_changed {
            warnings.push(crate::tr!("report.warning.changed").to_string());
        }

        let revealed_turn = revealed_turns(session);
        let timeline = timeline(session, &revealed_turn);
        let (points, ledgers) = series(session, &revealed_turn);
        let hidden = hidden_values(session, &revealed_turn);
        let ending = ending_info(session);
        let objectives = objectives(session);
        let frameworks = framework_uses(session, &timeline);
        let findings = findings(session, &timeline, &ledgers, &objectives);

        Report {
            exercise: ExerciseInfo {
                id: ex.id.clone(),
                title: ex.title.clone(),
                context: ex.context.clone(),
                summary: ex.summary.clone(),
                content_note: ex.content_note.clone(),
                intro: ex.setting.intro.clone(),
            },
            warnings,
            overview: Overview {
                date: utc_date_time(resumed.meta.started),
                mode: resumed.meta.mode.label().to_string(),
                plan: resumed.meta.plan_minutes.map_or_else(
                    || crate::tr!("report.plan.none").to_string(),
                    |m| crate::tr!("report.plan.minutes", minutes = m),
                ),
                roster: resumed
                    .meta
                    .roster
                    .iter()
                    .map(|d| RosterEntry {
                        role_id: d.role.clone(),
                        role: c
                            .role_index(&d.role)
                            .map_or_else(|| d.role.clone(), |r| describe::role_name(c, r).into()),
                        label: d.label.clone(),
                        members: d.members.clone(),
                        agency: d.agency.clone(),
                    })
                    .collect(),
                observers: resumed.meta.observers.clone(),
                seed: session.seed,
                turns_played,
                duration: duration(resumed.meta.started, resumed.meta.updated),
                status: status(session),
            },
            objectives,
            scores: session
                .scores()
                .into_iter()
                .map(|(role, pre, post)| ScoreEntry {
                    role: c
                        .role_index(&role)
                        .map_or(role, |r| describe::role_name(c, r).to_string()),
                    pre,
                    post,
                    out_of: ex.knowledge_check.len(),
                })
                .collect(),
            roles: ex
                .roles
                .iter()
                .zip(&session.controllers)
                .map(|(r, ctl)| RoleInfo {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    kind: crate::tui::screens::setup::kind_name(r.kind),
                    country: r.country.as_ref().and_then(|id| {
                        ex.setting
                            .countries
                            .iter()
                            .find(|k| &k.id == id)
                            .map(|k| k.name.clone())
                            // The role "Tamesh" names its country already.
                            .filter(|k| !r.name.contains(k.as_str()))
                    }),
                    played_by: match ctl {
                        Controller::Human => crate::tr!("report.played_by.people").to_string(),
                        Controller::Persona(p) => crate::tr!(
                            "report.played_by.computer",
                            persona = describe::persona_name(*p)
                        ),
                    },
                })
                .collect(),
            obligations: ex
                .obligations
                .iter()
                .map(|o| ObligationsInfo {
                    role: c
                        .role_index(&o.role)
                        .map_or_else(|| o.role.clone(), |r| describe::role_name(c, r).into()),
                    management: o.management.clone(),
                    protection: o.protection.clone(),
                    tensions: o.tensions.clone(),
                })
                .collect(),
            timeline,
            withdrawals: withdrawals(session),
            ledgers,
            points,
            hidden,
            ending,
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
            questions: guiding_questions(ex),
            findings,
            frameworks,
        }
    }

    /// The areas for improvement the Improvement Plan lists, one row each.
    pub fn plan_rows(&self) -> Vec<&str> {
        self.findings.areas.iter().map(String::as_str).collect()
    }
}

/// Seconds since the Unix epoch as "YYYY-MM-DD HH:MM UTC" (no date crate needed).
pub fn utc_date_time(secs: u64) -> String {
    if secs == 0 {
        return crate::tr!("value.unknown").to_string();
    }
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rest / 3600,
        (rest % 3600) / 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn duration(started: u64, updated: u64) -> Option<String> {
    if started == 0 || updated <= started {
        return None;
    }
    let minutes = (updated - started).div_ceil(60);
    Some(if minutes >= 60 {
        crate::tr!(
            "report.duration.hours",
            hours = minutes / 60,
            minutes = format!("{:02}", minutes % 60)
        )
    } else {
        crate::tr!("report.duration.minutes", minutes = minutes)
    })
}

fn status(session: &Session) -> String {
    let c = &session.compiled;
    let s = &session.state;
    let concluded = session
        .turns
        .last()
        .is_some_and(|t| t.events.iter().any(|e| matches!(e, Event::Concluded)));
    if !s.is_ended() {
        return crate::tr!("report.status.in_progress", turn = s.turn);
    }
    match (concluded, s.ending) {
        (true, Some(e)) => crate::tr!(
            "report.status.concluded_ending",
            turn = s.turn,
            ending = describe::ending_title(c, e)
        ),
        (true, None) => crate::tr!("report.status.concluded", turn = s.turn),
        (false, Some(e)) => {
            crate::tr!("report.status.ended", ending = describe::ending_title(c, e))
        }
        (false, None) => crate::tr!("report.status.ended_unnamed").to_string(),
    }
}

fn ending_info(session: &Session) -> EndingInfo {
    let c = &session.compiled;
    let s = &session.state;
    let how = status(session);
    let pending: Vec<String> = s
        .pending
        .iter()
        .map(|p| describe::pending_line(c, p.effect, p.due))
        .collect();
    match s.ending {
        Some(e) => {
            let ending = &c.exercise.endings[e as usize];
            EndingInfo {
                title: Some(ending.title.clone()),
                narrative: ending.narrative.clone(),
                how,
                pending,
            }
        }
        None => EndingInfo {
            title: None,
            narrative: Vec::new(),
            how,
            pending,
        },
    }
}

fn objectives(session: &Session) -> Vec<ObjectiveResult> {
    let ratings = session.ratings();
    session
        .compiled
        .exercise
        .objectives
        .iter()
        .map(|o| {
            let rated = ratings.iter().find(|(id, _, _)| *id == o.id);
            ObjectiveResult {
                id: o.id.clone(),
                text: o.text.clone(),
                behaviours: o.behaviours.clone(),
                rating: rated.map(|(_, r, _)| *r),
                comment: rated.and_then(|(_, _, c)| c.clone()),
            }
        })
        .collect()
}

/// For each slot, the first turn of the current branch in which it was revealed.
fn revealed_turns(session: &Session) -> Vec<Option<u32>> {
    let c = &session.compiled;
    let mut out: Vec<Option<u32>> = vec![None; c.slots.len()];
    for record in &session.turns {
        for event in &record.events {
            if let Event::Revealed { slot, .. } = event
                && out[*slot as usize].is_none()
            {
                out[*slot as usize] = Some(record.turn);
            }
        }
    }
    // A reveal the events do not show (should not happen): count it from the last turn.
    let last = session.turns.last().map_or(0, |t| t.turn);
    for (slot, turn) in out.iter_mut().enumerate() {
        if turn.is_none() && session.state.revealed[slot] {
            *turn = Some(last);
        }
    }
    out
}

fn hidden_during(c: &Compiled, slot: u32, revealed: &[Option<u32>], turn: u32) -> bool {
    c.slots[slot as usize].hidden && revealed[slot as usize].is_none_or(|t| t > turn)
}

fn ledger_of(c: &Compiled, slot: u32) -> Ledger {
    c.exercise.indicators[c.slots[slot as usize].indicator as usize].ledger
}

/// A persona logged by id ("balanced") as people read it.
pub(crate) fn persona_words(id: &str) -> String {
    id.parse::<crate::session::Persona>().map_or_else(
        |_| id.to_string(),
        |p| describe::persona_name(p).to_string(),
    )
}

/// Tags as people read them (the same words the TUI shows).
fn tag_names(tags: &[Tag]) -> Vec<&'static str> {
    tags.iter().map(|t| describe::tag_name(*t)).collect()
}

fn timeline(session: &Session, revealed: &[Option<u32>]) -> Vec<TurnEntry> {
    let c = &*session.compiled;
    let ex = &c.exercise;
    // The report is the debrief: chance draws on hidden values are worded with numbers.
    let mut all_seen = session.state.clone();
    all_seen.revealed.iter_mut().for_each(|r| *r = true);
    let mut out = Vec::new();
    for record in &session.turns {
        let stage = &ex.stages[record.stage as usize];
        let mut entry = TurnEntry {
            turn: record.turn,
            stage_id: stage.id.to_string(),
            stage_title: stage.title.clone(),
            situation: stage.situation.first().cloned(),
            decisions: Vec::new(),
            agreements: Vec::new(),
            happenings: Vec::new(),
            changes: Vec::new(),
            facilitator: Vec::new(),
            outcome: None,
        };
        for event in &record.events {
            match event {
                Event::Decided { role, option } => {
                    let role_id = &ex.roles[*role as usize].id;
                    let action = record.actions.iter().rev().find_map(|a| match a {
                        Action::Decide {
                            role: r,
                            reason,
                            persona,
                            ..
                        } if r == role_id => Some((reason.clone(), persona.clone())),
                        _ => None,
                    });
                    let (reason, persona) = action.unwrap_or_default();
                    let model = c.option_model(*option);
                    entry.decisions.push(DecisionEntry {
                        role_id: role_id.clone(),
                        role: describe::role_name(c, *role).to_string(),
                        option_id: model.id.to_string(),
                        option: model.label.clone(),
                        reason,
                        persona,
                        tags: tag_names(&model.tags),
                        frameworks: framework_names(&model.frameworks),
                    });
                }
                Event::OfferAnswered { agreement, to, .. } => {
                    let mut line = event_line(c, &all_seen, event).unwrap_or_default();
                    let agreement_id = &ex.agreements[*agreement as usize].id;
                    let role_id = &ex.roles[*to as usize].id;
                    let reason = record.actions.iter().rev().find_map(|a| match a {
                        Action::Answer {
                            role,
                            agreement,
                            reason,
                            ..
                        } if role == role_id && agreement == agreement_id => reason.clone(),
                        _ => None,
                    });
                    if let Some(reason) = reason {
                        line.push_str(&crate::tr!("action.reason_part", reason = reason));
                    }
                    entry.agreements.push(line);
                }
                Event::OfferMade { .. } | Event::AgreementBroken { .. } => {
                    entry.agreements.extend(event_line(c, &all_seen, event));
                }
                Event::Transitioned { .. } => {
                    if entry.outcome.is_none() {
                        entry.outcome = event_line(c, &all_seen, event);
                    }
                }
                Event::Ended { .. } => {
                    if entry.outcome.is_none() {
                        entry.outcome = event_line(c, &all_seen, event);
                    }
                }
                Event::RangeDrawn { slot, .. } => {
                    if let Some(mut line) = event_line(c, &all_seen, event) {
                        if hidden_during(c, *slot, revealed, record.turn) {
                            line.push_str(crate::tr!("report.hidden_at_the_time"));
                        }
                        entry.happenings.push(line);
                    }
                }
                // Worded from the facilitator's action (with its reason), or not at all.
                Event::Adjusted { .. }
                | Event::Paused
                | Event::Resumed
                | Event::SkippedTo { .. }
                | Event::Concluded
                | Event::TurnStarted { .. }
                | Event::IndicatorChanged { .. }
                | Event::FlagChanged { .. }
                | Event::Resolving { .. } => {}
                Event::InjectFired { .. }
                | Event::ChanceDrawn { .. }
                | Event::DelayedScheduled { .. }
                | Event::DelayedLanded { .. }
                | Event::Revealed { .. }
                | Event::DecisionWithdrawn { .. } => {
                    entry.happenings.extend(event_line(c, &all_seen, event));
                }
            }
        }
        for action in &record.actions {
            match action {
                Action::Note { .. }
                | Action::Adjust { .. }
                | Action::Inject { id: None, .. }
                | Action::Pause
                | Action::Resume
                | Action::SkipTo { .. }
                | Action::ShowTags
                | Action::Conclude => {
                    entry
                        .facilitator
                        .push(describe::action_line(c, record.stage, action));
                }
                _ => {}
            }
        }
        let changes = net_changes(&record.events);
        for ledger in LEDGERS {
            let items: Vec<ChangeEntry> = changes
                .iter()
                .filter(|(slot, _, _)| ledger_of(c, *slot) == ledger)
                .map(|&(slot, before, after)| ChangeEntry {
                    text: describe::change_text(c, &all_seen, slot, before, after),
                    hidden: hidden_during(c, slot, revealed, record.turn),
                    verdict: describe::stated_verdict_words(c, slot, after - before),
                })
                .collect();
            if !items.is_empty() {
                entry.changes.push(LedgerChanges {
                    ledger: ledger_name(ledger),
                    changes: items,
                });
            }
        }
        out.push(entry);
    }
    out
}

fn series(session: &Session, revealed: &[Option<u32>]) -> (Vec<String>, Vec<LedgerSeries>) {
    let c = &*session.compiled;
    let ex = &c.exercise;
    let turns = &session.turns;
    // Values at the start, then at the end of each turn (= the start of the next).
    let mut snapshots: Vec<&[i32]> = Vec::new();
    if let Some(first) = turns.first() {
        snapshots.push(&first.start_values);
    }
    for record in turns.iter().skip(1) {
        snapshots.push(&record.start_values);
    }
    snapshots.push(session.state.values());
    let mut points = vec![crate::tr!("report.point.start").to_string()];
    points.extend(
        turns
            .iter()
            .map(|t| crate::tr!("report.point.turn", turn = t.turn)),
    );
    let mut ledgers = Vec::new();
    for ledger in LEDGERS {
        let mut indicators = Vec::new();
        for (i, ind) in ex.indicators.iter().enumerate() {
            if ind.ledger != ledger {
                continue;
            }
            let base = c.indicator_slot[i];
            let count = if c.slots[base as usize].role.is_some() {
                c.role_count as u32
            } else {
                1
            };
            let lines = (base..base + count)
                .map(|slot| {
                    let values: Vec<i32> = snapshots.iter().map(|v| v[slot as usize]).collect();
                    let first = values.first().copied().unwrap_or(0);
                    let last = values.last().copied().unwrap_or(0);
                    SeriesLine {
                        slot,
                        label: c.slot_label(slot),
                        role: c.slots[slot as usize]
                            .role
                            .map(|r| describe::role_name(c, r).to_string()),
                        role_id: c.slots[slot as usize]
                            .role
                            .map(|r| ex.roles[r as usize].id.clone()),
                        values,
                        hidden: c.slots[slot as usize].hidden,
                        revealed_turn: revealed[slot as usize],
                        verdict: describe::stated_verdict_words(c, slot, last - first),
                    }
                })
                .collect();
            indicators.push(IndicatorSeries {
                id: ind.id.clone(),
                label: ind.label.clone(),
                unit: ind.unit.clone(),
                min: ind.min,
                max: ind.max,
                lines,
            });
        }
        if !indicators.is_empty() {
            ledgers.push(LedgerSeries {
                ledger,
                name: ledger_name(ledger),
                indicators,
            });
        }
    }
    (points, ledgers)
}

fn hidden_values(session: &Session, revealed: &[Option<u32>]) -> Vec<HiddenValue> {
    let c = &*session.compiled;
    (0..c.slots.len() as u32)
        .filter(|&slot| c.slots[slot as usize].hidden)
        .map(|slot| HiddenValue {
            label: c.slot_label(slot),
            true_value: with_unit(c, slot, session.state.cells[slot as usize]),
            observed: describe::observed_value(c, &session.state, slot),
            revealed_turn: revealed[slot as usize],
        })
        .collect()
}

/// Replays the whole log (abandoned branches included) to find what undo and rewind
/// withdrew, and where each abandoned branch stood.
fn withdrawals(session: &Session) -> Vec<Withdrawal> {
    let c = &*session.compiled;
    let mut replay = Session::new(
        session.compiled.clone(),
        session.seed,
        session.controllers.clone(),
    );
    // Log positions of the actions that currently build the replayed state, and how each
    // logged action reads: (turn it was taken in, words).
    let mut live: Vec<usize> = Vec::new();
    let mut lines: Vec<(u32, String)> = Vec::with_capacity(session.log.len());
    let mut out = Vec::new();
    for (i, entry) in session.log.iter().enumerate() {
        let turn = replay.state.turn;
        lines.push((
            turn,
            describe::action_line(c, replay.state.stage, &entry.action),
        ));
        let stood = matches!(entry.action, Action::Rewind { .. }).then(|| branch_position(&replay));
        let branch_before = replay.branch;
        if replay.apply(entry.action.clone()).is_err() {
            continue;
        }
        match &entry.action {
            Action::Undo | Action::Rewind { .. } => {
                let kept = align(&live, &session.log, replay.effective_actions());
                let removed: Vec<usize> =
                    live.iter().copied().filter(|i| !kept.contains(i)).collect();
                live = kept;
                let heading = match &entry.action {
                    Action::Rewind { turn: to } => crate::tr!(
                        "report.withdrawal.rewind",
                        turn = turn,
                        to = to,
                        abandoned = branch_before,
                        branch = replay.branch
                    ),
                    _ => crate::tr!("report.withdrawal.undo", turn = turn),
                };
                out.push(Withdrawal {
                    heading,
                    items: removed
                        .iter()
                        .map(|&k| {
                            let (t, text) = &lines[k];
                            crate::tr!("report.turn_item", turn = t, text = text)
                        })
                        .collect(),
                    stood,
                });
            }
            _ => live.push(i),
        }
    }
    out
}

/// Match the replayed session's effective actions to log positions, in order.
fn align(live: &[usize], log: &[crate::session::LogEntry], effective: &[Action]) -> Vec<usize> {
    let mut kept = Vec::with_capacity(effective.len());
    let mut from = 0;
    for action in effective {
        if let Some(offset) = live[from..].iter().position(|&k| log[k].action == *action) {
            kept.push(live[from + offset]);
            from += offset + 1;
        }
    }
    kept
}

/// "Turn 2, Day 2: a standoff at sea — Arrivals 40 people; Lives lost 2; …" (control and
/// protection ledgers, true values).
fn branch_position(session: &Session) -> String {
    let c = &*session.compiled;
    let s = &session.state;
    let place = match s.ending {
        Some(e) if s.is_ended() => {
            crate::tr!("report.branch.ended", ending = describe::ending_title(c, e))
        }
        _ => describe::stage_title(c, s.stage).to_string(),
    };
    let values: Vec<String> = (0..c.slots.len() as u32)
        .filter(|&slot| matches!(ledger_of(c, slot), Ledger::Control | Ledger::Protection))
        .map(|slot| {
            let hidden = if s.observed(c, slot).is_none() {
                crate::tr!("report.hidden_from_players")
            } else {
                ""
            };
            format!(
                "{} {}{hidden}",
                c.slot_label(slot),
                with_unit(c, slot, s.cells[slot as usize])
            )
        })
        .collect();
    crate::tr!(
        "report.branch.position",
        turn = s.turn,
        place = place,
        values = values.join(crate::tr!("list.separator"))
    )
}

fn framework_uses(session: &Session, timeline: &[TurnEntry]) -> Vec<FrameworkUse> {
    let c = &*session.compiled;
    let ex = &c.exercise;
    let mut uses: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |id: &str, text: String| match uses.iter_mut().find(|(k, _)| k == id) {
        Some((_, list)) => list.push(text),
        None => uses.push((id.to_string(), vec![text])),
    };
    for (record, entry) in session.turns.iter().zip(timeline) {
        for event in &record.events {
            match event {
                Event::Decided { role, option } => {
                    for id in &c.option_model(*option).frameworks {
                        add(
                            id,
                            crate::tr!(
                                "report.framework_use.option",
                                turn = entry.turn,
                                role = describe::role_name(c, *role),
                                option = describe::option_label(c, *option)
                            ),
                        );
                    }
                }
                Event::OfferAnswered {
                    agreement,
                    from,
                    to,
                    accepted: true,
                } => {
                    for id in &ex.agreements[*agreement as usize].frameworks {
                        add(
                            id,
                            crate::tr!(
                                "report.framework_use.agreement",
                                turn = entry.turn,
                                agreement = describe::agreement_title(c, *agreement),
                                from = describe::role_name(c, *from),
                                to = describe::role_name(c, *to)
                            ),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    uses.into_iter()
        .map(|(id, uses)| {
            let found = crate::scenario::glossary::find(&id);
            FrameworkUse {
                name: found.map_or_else(|| id.clone(), |f| f.name.clone()),
                summary: found.map(|f| f.summary.clone()),
                uses,
            }
        })
        .collect()
}

fn findings(
    session: &Session,
    timeline: &[TurnEntry],
    ledgers: &[LedgerSeries],
    objectives: &[ObjectiveResult],
) -> Findings {
    let c = &*session.compiled;
    let mut f = Findings::default();

    // Ratings.
    for o in objectives {
        let Some(rating) = o.rating else {
            f.unrated += 1;
            continue;
        };
        let comment = o
            .comment
            .as_deref()
            .map(|c| crate::tr!("report.finding.comment", comment = c))
            .unwrap_or_default();
        let line = crate::tr!(
            "report.finding.rated",
            objective = o.text,
            rating = format!("{rating:?}"),
            meaning = describe::rating_meaning(rating),
            comment = comment
        );
        match rating {
            Rating::P | Rating::S => f.strengths.push(line),
            Rating::M | Rating::U => f.areas.push(line),
        }
    }

    // Tags of the choices made against those on offer in the stages played.
    let decisions: Vec<(&TurnEntry, &DecisionEntry)> = timeline
        .iter()
        .flat_map(|t| t.decisions.iter().map(move |d| (t, d)))
        .collect();
    let mut offered = 0u8;
    for record in &session.turns {
        for d in c.stages[record.stage as usize].decisions.clone() {
            for o in c.decisions[d as usize].options.clone() {
                offered |= c.options[o as usize].tags;
            }
        }
    }
    // (agreement, from, to, turn, words) of each agreement concluded.
    let mut accepted_agreements: Vec<(u32, u32, u32, String)> = Vec::new();
    let mut cooperation_agreements = 0;
    let mut broken: Vec<(u32, u32, u32, String)> = Vec::new();
    for record in &session.turns {
        for event in &record.events {
            match event {
                Event::OfferAnswered {
                    agreement,
                    from,
                    to,
                    accepted: true,
                } => {
                    if c.agreements[*agreement as usize].tags & Tag::Cooperation.bit() != 0 {
                        cooperation_agreements += 1;
                    }
                    accepted_agreements.push((
                        *agreement,
                        *from,
                        *to,
                        crate::tr!(
                            "report.finding.agreement_kept",
                            from = describe::role_name(c, *from),
                            to = describe::role_name(c, *to),
                            agreement = describe::agreement_title(c, *agreement),
                            turn = record.turn
                        ),
                    ));
                }
                Event::AgreementBroken {
                    agreement,
                    from,
                    to,
                } => broken.push((
                    *agreement,
                    *from,
                    *to,
                    crate::tr!(
                        "report.finding.agreement_broken",
                        agreement = describe::agreement_title(c, *agreement),
                        from = describe::role_name(c, *from),
                        to = describe::role_name(c, *to),
                        turn = record.turn
                    ),
                )),
                _ => {}
            }
        }
    }
    // An agreement later broken is an area (below), not a strength.
    for (a, from, to, line) in accepted_agreements {
        if !broken
            .iter()
            .any(|(b, bf, bt, _)| (*b, *bf, *bt) == (a, from, to))
        {
            f.strengths.push(line);
        }
    }
    for tag in [Tag::Cooperation, Tag::Protection, Tag::Communication] {
        let chosen: Vec<String> = decisions
            .iter()
            .filter(|(_, d)| d.tags.contains(&describe::tag_name(tag)))
            .map(|(t, d)| {
                crate::tr!(
                    "report.finding.choice",
                    role = d.role,
                    option = d.option,
                    turn = t.turn
                )
            })
            .collect();
        let name = describe::tag_name(tag);
        if !chosen.is_empty() {
            let shown: Vec<&str> = chosen.iter().take(5).map(String::as_str).collect();
            let more = if chosen.len() > 5 {
                crate::tr!("report.finding.more", more = chosen.len() - 5)
            } else {
                String::new()
            };
            f.strengths.push(crate::trn!(
                "report.finding.tagged",
                chosen.len(),
                total = decisions.len(),
                tag = name,
                choices = shown.join(crate::tr!("list.separator")),
                more = more
            ));
        } else if offered & tag.bit() != 0
            && !(tag == Tag::Cooperation && cooperation_agreements > 0)
        {
            f.areas.push(crate::tr!(
                "report.finding.none_tagged",
                tag = name,
                decisions = decisions.len()
            ));
        }
    }
    f.areas
        .extend(broken.into_iter().map(|(_, _, _, line)| line));

    // Outcomes on the protection ledger.
    for series in ledgers.iter().filter(|l| l.ledger == Ledger::Protection) {
        for ind in &series.indicators {
            for line in &ind.lines {
                let (Some(&first), Some(&last)) = (line.values.first(), line.values.last()) else {
                    continue;
                };
                let change = format!(
                    "{}: {} → {} ({})",
                    line.label,
                    with_unit(c, line.slot, first),
                    with_unit(c, line.slot, last),
                    signed(last - first)
                );
                let better = describe::stated_verdict(c, line.slot, last - first);
                match (&line.verdict, better) {
                    (Some(v), Some(false)) => f.areas.push(crate::tr!(
                        "report.finding.over_session",
                        change = change,
                        verdict = v
                    )),
                    (Some(v), _) => f.strengths.push(crate::tr!(
                        "report.finding.over_session",
                        change = change,
                        verdict = v
                    )),
                    (None, _) if first != last => f
                        .to_discuss
                        .push(crate::tr!("report.finding.no_direction", change = change)),
                    (None, _) => {}
                }
                if line.hidden && line.revealed_turn.is_none() {
                    f.areas.push(crate::tr!(
                        "report.finding.stayed_hidden",
                        indicator = line.label,
                        value = with_unit(c, line.slot, last)
                    ));
                } else if let (true, Some(t)) = (line.hidden, line.revealed_turn) {
                    f.strengths.push(crate::tr!(
                        "report.finding.revealed",
                        indicator = line.label,
                        turn = t
                    ));
                }
            }
        }
    }

    // The facilitator's notes, in order (from the log itself, not from their wording).
    for record in &session.turns {
        for action in &record.actions {
            if let Action::Note { text } = action {
                f.observations.push(crate::tr!(
                    "report.finding.note",
                    turn = record.turn,
                    note = text
                ));
            }
        }
    }
    f
}

/// Quote a field for CSV when it needs it, and keep spreadsheets from reading text as a
/// formula (a leading `=`, `+`, `-` or `@` gets an apostrophe).
pub(crate) fn csv_field(text: &str, is_text: bool) -> String {
    let guarded = if is_text && text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    crate::text::csv_quote(&guarded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_out_in_the_proleptic_gregorian_calendar() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(utc_date_time(1_700_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(utc_date_time(0), "unknown");
    }

    const HARBOUR: &str = include_str!("../../tests/fixtures/valid/harbour.ron");

    fn resumed(actions: Vec<Action>) -> Resumed {
        let loaded = crate::exercises::load_source("harbour.ron", HARBOUR, false)
            .expect("the fixture loads");
        let roles = loaded.compiled.role_count;
        let mut session = Session::new(loaded.compiled.clone(), 5, vec![Controller::Human; roles]);
        for action in actions {
            session.apply(action).expect("the action applies");
        }
        Resumed {
            session,
            loaded,
            meta: crate::session::save::Meta::default(),
            structure_changed: false,
            stopped_at: None,
        }
    }

    fn decide(role: &str, option: &str) -> Action {
        Action::Decide {
            role: role.into(),
            option: option.into(),
            reason: None,
            persona: None,
        }
    }

    #[test]
    fn a_session_that_has_not_started_still_reports() {
        let r = resumed(Vec::new());
        let report = Report::build(&r);
        assert_eq!(report.timeline.len(), 1);
        assert!(report.timeline[0].decisions.is_empty());
        assert_eq!(report.points, ["Start", "T1"]);
        assert!(report.overview.status.starts_with("In progress"));
        assert_eq!(report.overview.date, "unknown");
        assert_eq!(report.findings.unrated, 1);
        let csv = render_report(&r, ReportFormat::Csv);
        assert_eq!(csv.lines().count(), 1 + r.session.compiled.slots.len());
        for format in [ReportFormat::Markdown, ReportFormat::Html] {
            assert!(render_report(&r, format).contains("Not rated"));
        }
    }

    #[test]
    fn undo_and_rewind_list_what_stopped_counting() {
        let r = resumed(vec![
            decide("origin", "patrol"),
            Action::Undo,
            decide("origin", "consular"),
            decide("transit", "monitor"),
            decide("destination", "close-port"),
            Action::Rewind { turn: 1 },
            Action::Rewind { turn: 1 },
        ]);
        let report = Report::build(&r);
        let w = &report.withdrawals;
        assert_eq!(w.len(), 3, "{w:#?}");
        assert_eq!(w[0].items.len(), 1);
        assert!(w[0].items[0].contains("Step up coastal patrols"));
        assert!(w[0].stood.is_none());
        assert_eq!(w[1].items.len(), 3);
        assert!(w[1].heading.contains("rewound to turn 1"));
        assert!(
            w[1].stood
                .as_deref()
                .is_some_and(|s| s.contains("standoff")),
            "{:?}",
            w[1].stood
        );
        assert!(w[2].items.is_empty());
    }

    #[test]
    fn hidden_values_read_unknown_until_revealed_and_carry_no_verdict() {
        let r = resumed(vec![
            decide("origin", "patrol"),
            decide("transit", "monitor"),
            decide("destination", "close-port"),
        ]);
        let report = Report::build(&r);
        let hidden = &report.hidden[0];
        assert_eq!(hidden.observed, "unknown");
        assert_eq!(hidden.revealed_turn, None);
        let protection = report
            .ledgers
            .iter()
            .find(|l| l.ledger == Ledger::Protection)
            .expect("a protection ledger");
        let needs = protection
            .indicators
            .iter()
            .find(|i| i.id == "needs_unmet")
            .expect("needs_unmet");
        assert!(!needs.lines[0].observed_at(1));
        assert_eq!(
            needs.lines[0].verdict, None,
            "no stated direction, no verdict"
        );
        assert!(
            report
                .findings
                .areas
                .iter()
                .any(|a| a.contains("stayed hidden all session")),
            "{:#?}",
            report.findings
        );
        assert!(
            report
                .findings
                .areas
                .iter()
                .any(|a| a.contains("No choice tagged cooperation"))
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_guarded() {
        assert_eq!(csv_field("plain", true), "plain");
        assert_eq!(csv_field("a,b", true), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\"", true), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)", true), "'=SUM(A1)");
        assert_eq!(csv_field("-5", false), "-5");
    }
}
