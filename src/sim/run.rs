//! Headless play: a session driven by a script and personas, written as a readable
//! transcript or as JSON lines. Same inputs, byte-identical output. The transcript is in
//! the interface language; JSON keys and ids stay as they are.

use crate::describe::{self, LEDGERS, event_line, net_changes};
use crate::engine::{Action, Compiled, Event};
use crate::scenario::Diagnostic;
use crate::session::script::Script;
use crate::session::{Controller, Persona, Session};
use crate::tr;
use std::fmt::Write as _;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Transcript,
    Json,
}

/// Why a headless run stopped early.
#[derive(Debug)]
pub enum RunError {
    /// A script action could not be applied: located in the script file.
    Script(Diagnostic),
    /// The run made no progress (an exercise that cannot advance).
    Stuck(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Script(d) => write!(f, "{d}"),
            RunError::Stuck(m) => f.write_str(m),
        }
    }
}

/// Safety net: no shipped exercise needs more turns than this in one session.
pub use crate::limits::MAX_TURNS;

/// Who plays each role: `--role` choices first, then the script's roles as people,
/// everyone else the balanced persona.
pub fn controllers_for(
    c: &Compiled,
    personas: &[(String, Persona)],
    script: Option<&Script>,
) -> Vec<Controller> {
    let scripted = script.map(Script::roles_played).unwrap_or_default();
    c.exercise
        .roles
        .iter()
        .map(|role| {
            if let Some((_, p)) = personas.iter().rev().find(|(r, _)| *r == role.id) {
                Controller::Persona(*p)
            } else if scripted.contains(&role.id) {
                Controller::Human
            } else {
                Controller::Persona(Persona::Balanced)
            }
        })
        .collect()
}

/// Play a session to its end; return it with the text written.
pub fn run(
    compiled: Arc<Compiled>,
    seed: u64,
    controllers: Vec<Controller>,
    script: Option<&Script>,
    output: Output,
) -> Result<(Session, String), RunError> {
    let mut session = Session::new(compiled, seed, controllers);
    let mut out = Writer::new(output);
    out.header(&session);
    let mut actions = script
        .map(|s| s.actions.iter().enumerate())
        .into_iter()
        .flatten();
    let mut script_done = script.is_none();
    loop {
        if session.state.turn > MAX_TURNS {
            return Err(RunError::Stuck(tr!("run.no_end", turns = MAX_TURNS)));
        }
        if !session.state.is_ended() {
            for (action, events) in session.play_personas() {
                out.action(&session, &action, &events);
            }
        }
        // The script goes on after an ending: a facilitator may rate, note or rewind.
        if let Some((index, action)) = actions.next() {
            let action = action.clone();
            let events = session.apply(action.clone()).map_err(|e| {
                let message = describe::action_error(&e);
                RunError::Script(script.map_or_else(
                    || Diagnostic::error("script", 0, 0, message.clone()),
                    |s| {
                        s.error_at(
                            index,
                            tr!(
                                "run.script_error",
                                error = message,
                                turn = session.state.turn
                            ),
                        )
                    },
                ))
            })?;
            out.action(&session, &action, &events);
            continue;
        }
        if session.state.is_ended() {
            break;
        }
        if !script_done {
            script_done = true;
            out.note(&tr!("run.script_ends", turn = session.state.turn));
        }
        // Roles left to people with no script: the balanced persona plays them.
        let mut changed = false;
        for controller in session.controllers.iter_mut() {
            if *controller == Controller::Human {
                *controller = Controller::Persona(Persona::Balanced);
                changed = true;
            }
        }
        if session.humans_to_act().is_empty() && session.next_persona_action().is_none() {
            // Nobody has anything to decide: a stage without decisions moves on.
            let events = session
                .apply(Action::Continue)
                .map_err(|e| RunError::Stuck(describe::action_error(&e)))?;
            out.action(&session, &Action::Continue, &events);
        } else if !changed && session.next_persona_action().is_none() {
            return Err(RunError::Stuck(tr!("run.stuck", turn = session.state.turn)));
        }
    }
    out.footer(&session);
    Ok((session, out.text))
}

struct Writer {
    output: Output,
    text: String,
}

impl Writer {
    fn new(output: Output) -> Self {
        Writer {
            output,
            text: String::new(),
        }
    }

    fn header(&mut self, session: &Session) {
        let c = &session.compiled;
        let ex = &c.exercise;
        match self.output {
            Output::Json => {
                let roles: serde_json::Map<String, serde_json::Value> = ex
                    .roles
                    .iter()
                    .zip(&session.controllers)
                    .map(|(r, ctl)| (r.id.clone(), ctl.label().into()))
                    .collect();
                self.json(serde_json::json!({
                    "event": "session_started",
                    "exercise": ex.id,
                    "seed": session.seed,
                    "roles": roles,
                }));
            }
            Output::Transcript => {
                let _ = writeln!(
                    self.text,
                    "{}",
                    tr!("run.header", title = ex.title, id = ex.id)
                );
                let players: Vec<String> = ex
                    .roles
                    .iter()
                    .zip(&session.controllers)
                    .map(|(r, ctl)| {
                        let who = match ctl {
                            Controller::Human => tr!("run.human"),
                            Controller::Persona(p) => describe::persona_name(*p),
                        };
                        format!("{} {who}", tr!("label.colon", text = r.name))
                    })
                    .collect();
                let _ = writeln!(
                    self.text,
                    "{}",
                    tr!(
                        "run.seed_line",
                        seed = session.seed,
                        players = players.join(" · ")
                    )
                );
            }
        }
        if let Some(first) = session.turns.first() {
            let events = first.events.clone();
            match self.output {
                Output::Json => {
                    for event in &events {
                        self.json(event_json(&session.compiled, event));
                    }
                }
                Output::Transcript => self.turn_start(session, &events),
            }
        }
    }

    fn note(&mut self, text: &str) {
        match self.output {
            Output::Json => self.json(serde_json::json!({"event": "note", "text": text})),
            Output::Transcript => {
                let _ = writeln!(self.text, "  ({text})");
            }
        }
    }

    fn json(&mut self, value: serde_json::Value) {
        let _ = writeln!(self.text, "{value}");
    }

    /// An action and the events it caused.
    fn action(&mut self, session: &Session, action: &Action, events: &[Event]) {
        if self.output == Output::Json {
            self.json(serde_json::json!({
                "turn": session.log.last().map_or(0, |e| e.turn),
                "action": action,
            }));
            for event in events {
                self.json(event_json(&session.compiled, event));
            }
            return;
        }
        let c = &session.compiled;
        match action {
            Action::Decide {
                role,
                reason,
                persona,
                ..
            } => {
                let r = c.role_index(role).unwrap_or(0);
                let label = events
                    .iter()
                    .find_map(|e| match e {
                        Event::Decided { option, .. } => Some(describe::option_label(c, *option)),
                        _ => None,
                    })
                    .unwrap_or("?");
                let by = persona
                    .as_deref()
                    .map(|p| format!(" [{}]", crate::report::persona_words(p)))
                    .unwrap_or_default();
                let _ = writeln!(
                    self.text,
                    "  {}",
                    tr!(
                        "run.chooses",
                        role = describe::role_name(c, r),
                        by = by,
                        option = label
                    )
                );
                if let Some(reason) = reason {
                    let _ = writeln!(
                        self.text,
                        "    {}",
                        tr!("resolution.reason", reason = reason)
                    );
                }
            }
            Action::Inject {
                text: Some(text),
                id: None,
            } => {
                let _ = writeln!(self.text, "  {}", tr!("action.inject_text", text = text));
            }
            Action::Note { text } => {
                let _ = writeln!(self.text, "  {}", tr!("action.note", text = text));
            }
            Action::Adjust { reason, .. } => {
                let _ = writeln!(self.text, "  {}", tr!("run.adjustment", reason = reason));
            }
            Action::Undo => {
                let _ = writeln!(self.text, "  {}", tr!("run.undo"));
            }
            Action::Rewind { turn } => {
                let _ = writeln!(
                    self.text,
                    "  {}",
                    tr!("run.rewind", turn = turn, branch = session.branch)
                );
                let start = session
                    .turns
                    .last()
                    .map(|t| t.events.clone())
                    .unwrap_or_default();
                self.turn_start(session, &start);
                return;
            }
            Action::Rate {
                objective, rating, ..
            } => {
                let _ = writeln!(
                    self.text,
                    "  {}",
                    tr!(
                        "run.rates",
                        objective = objective,
                        rating = format!("{rating:?}")
                    )
                );
            }
            Action::ShowTags => {
                let _ = writeln!(self.text, "  {}", tr!("run.show_tags"));
            }
            Action::Scores { .. } => {
                let _ = writeln!(
                    self.text,
                    "  {}",
                    describe::action_line(&session.compiled, session.state.stage, action)
                );
            }
            _ => {}
        }
        // Events: either part of this step, or the resolution of the turn.
        let resolving = events
            .iter()
            .position(|e| matches!(e, Event::Resolving { .. }));
        let (before, after) = match resolving {
            Some(i) => (&events[..i], &events[i..]),
            None => (events, &[][..]),
        };
        // A skip starts the next turn at once: show it as a turn of its own.
        let (before, skipped_to) = match before
            .iter()
            .position(|e| matches!(e, Event::TurnStarted { .. }))
        {
            Some(i) if after.is_empty() => (&before[..i], &before[i..]),
            _ => (before, &[][..]),
        };
        for event in before {
            if matches!(event, Event::Decided { .. }) {
                continue;
            }
            if let Some(line) = event_line(c, &session.state, event) {
                let _ = writeln!(self.text, "  {line}");
            }
        }
        self.changes(session, before);
        if !skipped_to.is_empty() {
            self.turn_start(session, skipped_to);
        }
        if !after.is_empty() {
            self.resolution(session, after);
        }
    }

    fn resolution(&mut self, session: &Session, events: &[Event]) {
        let c = &session.compiled;
        // Split at the next turn's start, if the exercise goes on.
        let next = events
            .iter()
            .position(|e| matches!(e, Event::TurnStarted { .. }));
        let (this_turn, next_turn) = match next {
            Some(i) => (&events[..i], &events[i..]),
            None => (events, &[][..]),
        };
        let _ = writeln!(self.text, "  {}", tr!("run.resolution"));
        for event in this_turn {
            if matches!(event, Event::Transitioned { .. } | Event::Ended { .. }) {
                continue;
            }
            if let Some(line) = event_line(c, &session.state, event) {
                let _ = writeln!(self.text, "    {line}");
            }
        }
        self.changes(session, this_turn);
        for event in this_turn {
            if matches!(event, Event::Transitioned { .. } | Event::Ended { .. })
                && let Some(line) = event_line(c, &session.state, event)
            {
                let _ = writeln!(self.text, "  {line}");
            }
        }
        if !next_turn.is_empty() {
            self.turn_start(session, next_turn);
        }
    }

    /// Net indicator changes, grouped by ledger; hidden values stay hidden.
    fn changes(&mut self, session: &Session, events: &[Event]) {
        let c = &session.compiled;
        let changes = net_changes(events);
        if changes.is_empty() {
            return;
        }
        for ledger in LEDGERS {
            let parts: Vec<String> = changes
                .iter()
                .filter(|(slot, _, _)| {
                    c.exercise.indicators[c.slots[*slot as usize].indicator as usize].ledger
                        == ledger
                })
                .map(|&(slot, before, after)| {
                    describe::change_text(c, &session.state, slot, before, after)
                })
                .collect();
            if !parts.is_empty() {
                let _ = writeln!(
                    self.text,
                    "    {} {}",
                    pad10(describe::ledger_name(ledger)),
                    parts.join(tr!("list.separator"))
                );
            }
        }
    }

    fn turn_start(&mut self, session: &Session, events: &[Event]) {
        let c = &session.compiled;
        let Some(Event::TurnStarted { turn, stage }) = events.first() else {
            return;
        };
        let st = &c.exercise.stages[*stage as usize];
        let _ = writeln!(self.text);
        let _ = writeln!(
            self.text,
            "── {} ──",
            tr!("title.turn", turn = turn, stage = st.title)
        );
        for bullet in &st.situation {
            let _ = writeln!(self.text, "  • {bullet}");
        }
        for event in &events[1..] {
            if let Some(line) = event_line(c, &session.state, event) {
                let _ = writeln!(self.text, "  {line}");
            }
        }
        self.changes(session, &events[1..]);
    }

    fn footer(&mut self, session: &Session) {
        let c = &session.compiled;
        let s = &session.state;
        if self.output == Output::Json {
            let finals: serde_json::Map<String, serde_json::Value> = (0..c.slots.len() as u32)
                .map(|slot| (slot_id(c, slot), s.cells[slot as usize].into()))
                .collect();
            self.json(serde_json::json!({
                "event": "session_ended",
                "ending": s.ending.map(|e| c.exercise.endings[e as usize].id.clone()),
                "turns": s.turn,
                "indicators": finals,
            }));
            return;
        }
        let _ = writeln!(self.text);
        let _ = writeln!(self.text, "── {} ──", crate::trn!("run.debrief", s.turn));
        for ledger in LEDGERS {
            let parts: Vec<String> = (0..c.slots.len() as u32)
                .filter(|&slot| {
                    c.exercise.indicators[c.slots[slot as usize].indicator as usize].ledger
                        == ledger
                })
                .map(|slot| {
                    let shown = if s.observed(c, slot).is_none() {
                        tr!("run.was_hidden")
                    } else {
                        ""
                    };
                    format!(
                        "{} {}{shown}",
                        c.slot_label(slot),
                        describe::with_unit(c, slot, s.cells[slot as usize])
                    )
                })
                .collect();
            if !parts.is_empty() {
                let _ = writeln!(
                    self.text,
                    "  {} {}",
                    pad10(describe::ledger_name(ledger)),
                    parts.join(tr!("list.separator"))
                );
            }
        }
        match s.ending {
            Some(e) => {
                let ending = &c.exercise.endings[e as usize];
                let _ = writeln!(self.text, "  {}", tr!("run.ending", ending = ending.title));
                for line in &ending.narrative {
                    let _ = writeln!(self.text, "    {line}");
                }
            }
            None => {
                let _ = writeln!(self.text, "  {}", tr!("run.concluded"));
            }
        }
    }
}

/// A ledger's name padded to the transcript's column of 10.
fn pad10(name: &str) -> String {
    format!("{name:<10}")
}

/// `arrivals` or `cost.transit`: a stable name for a slot in machine-readable output.
pub fn slot_id(c: &Compiled, slot: u32) -> String {
    let s = &c.slots[slot as usize];
    let ind = &c.exercise.indicators[s.indicator as usize].id;
    match s.role {
        Some(r) => format!("{ind}.{}", c.exercise.roles[r as usize].id),
        None => ind.clone(),
    }
}

/// An event with indices replaced by ids.
pub fn event_json(c: &Compiled, event: &Event) -> serde_json::Value {
    let mut value = serde_json::to_value(event).unwrap_or_default();
    let Some(map) = value.as_object_mut() else {
        return value;
    };
    let ex = &c.exercise;
    let rename = |key: &str, v: &serde_json::Value| -> Option<serde_json::Value> {
        let i = v.as_u64()? as usize;
        Some(match key {
            "stage" | "from" if matches!(event, Event::Transitioned { .. }) || key == "stage" => {
                ex.stages.get(i)?.id.to_string().into()
            }
            "to_stage" => ex.stages.get(i)?.id.to_string().into(),
            "to_ending" | "ending" => ex.endings.get(i)?.id.clone().into(),
            "role" | "actor" | "from" | "to" => ex.roles.get(i)?.id.clone().into(),
            "option" => c.option_model(i as u32).id.to_string().into(),
            "inject" => ex.injects.get(i)?.id.to_string().into(),
            "agreement" => ex.agreements.get(i)?.id.clone().into(),
            "slot" => slot_id(c, i as u32).into(),
            "flag" => c.flag_names.get(i)?.clone().into(),
            _ => return None,
        })
    };
    let keys: Vec<String> = map.keys().cloned().collect();
    for key in keys {
        if let Some(new) = map.get(&key).and_then(|v| rename(&key, v)) {
            map.insert(key, new);
        }
    }
    value
}
