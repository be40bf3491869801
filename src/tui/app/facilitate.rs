//! The update for facilitated sessions: group styles, the session plan and roster, the
//! clocks, the facilitator console and agenda, the hand-off between delegations, the
//! reason asked for right after a keyed-in choice, and the debrief's hot wash, ratings
//! and solo "what if". A child of `app`, so the app's own update stays short: it calls
//! in here from a few hooks.
//!
//! Every facilitator move becomes an `Action` applied through the session; the clocks
//! stay here.

use super::{App, Mode, Overlay, Play, Screen, SetupRow, SetupState, View};
use crate::engine::{Action, Event, Rating};
use crate::session::plan::{PlanPhase, SessionPlan};
use crate::session::save::{Delegation, Meta, now_secs};
use crate::session::what_if;
use crate::tui::facilitation::{
    Console, ConsoleItem, ConsoleStep, Facilitation, PLAN_CHOICES, RosterEditor, TextField,
    WhatIfState, WhatIfStep, default_plan_minutes, split_names,
};
use crate::tui::keymap::{Command, Context};
use crate::tui::screens::decision::DecisionItem;
use crate::tui::timer::PhaseTimer;
use ratatui::crossterm::event::KeyEvent;
use std::time::Instant;

/// Projector or pass the keyboard: people play every role in a room.
pub fn is_room_style(mode: Mode) -> bool {
    matches!(mode, Mode::Projector | Mode::PassTheKeyboard)
}

/// The group styles setup offers, in order (plain "group" is kept for saves and for
/// `--role` on the command line).
const SETUP_MODES: [Mode; 3] = [Mode::Solo, Mode::Projector, Mode::PassTheKeyboard];

impl SetupState {
    /// The setup rows a room session adds: the plan, then the roster (groups only).
    pub(super) fn facilitation_rows(&self) -> Vec<SetupRow> {
        let mut rows = vec![SetupRow::Plan];
        if self.mode != Mode::Solo {
            let roles = self.loaded.compiled.exercise.roles.len() as u32;
            rows.extend((0..roles).map(SetupRow::Delegation));
            rows.push(SetupRow::Observers);
        }
        rows
    }

    /// The next (or previous) group style.
    pub(super) fn cycle_mode(&mut self, forward: bool) {
        let i = SETUP_MODES
            .iter()
            .position(|m| *m == self.mode)
            .unwrap_or(0);
        let n = SETUP_MODES.len();
        self.mode = SETUP_MODES[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        if self.mode != Mode::Solo && self.plan.is_none() && !self.plan_chosen {
            // Rooms run to a booking: offer the plan closest to the exercise's length.
            self.plan = Some(default_plan_minutes(&self.loaded.compiled.exercise));
        }
    }

    /// The plan as setup shows it: "60 min · 5 turns of 7 min".
    pub fn plan_summary(&self) -> String {
        match self.plan {
            None => crate::tr!("setup.plan_none").into(),
            Some(minutes) => {
                let plan = SessionPlan::new(minutes, self.typical_turns);
                crate::tr!(
                    "setup.plan_summary",
                    minutes = minutes,
                    turns = plan.turns,
                    turn = crate::pack::duration(plan.turn_seconds)
                )
            }
        }
    }
}

impl Play {
    /// Take the group style, plan and roster from setup.
    pub(super) fn configure(&mut self, setup: &SetupState) {
        self.mode = setup.mode;
        let f = &mut self.facilitation;
        f.plan = setup.plan.map(|m| SessionPlan::new(m, setup.typical_turns));
        f.roster = setup.roster.clone();
        f.observers = setup.observers.clone();
        f.configured = true;
        let started = now_secs();
        self.save.meta = Some(Meta {
            started,
            updated: started,
            mode: setup.mode,
            plan_minutes: setup.plan,
            roster: self.human_roster(),
            observers: setup.observers.clone(),
        });
    }

    /// A resumed session: its group style, plan and roster come from the save.
    fn configure_from_save(&mut self) {
        if self.facilitation.configured {
            return;
        }
        let Some(meta) = self.save.meta.clone() else {
            return;
        };
        let f = &mut self.facilitation;
        f.configured = true;
        f.plan = meta.plan_minutes.map(|m| {
            SessionPlan::new(
                m,
                crate::session::plan::typical_turns(&self.session.compiled),
            )
        });
        for d in &meta.roster {
            if let Some(slot) = f.roster.iter_mut().find(|r| r.role == d.role) {
                *slot = d.clone();
            }
        }
        f.observers = meta.observers;
        let all_human = self
            .session
            .controllers
            .iter()
            .all(|c| *c == crate::session::Controller::Human);
        if is_room_style(meta.mode) && all_human {
            self.mode = meta.mode;
        }
    }

    /// The roster entries of the roles people play.
    fn human_roster(&self) -> Vec<Delegation> {
        self.facilitation
            .roster
            .iter()
            .zip(&self.session.controllers)
            .filter(|(_, c)| **c == crate::session::Controller::Human)
            .map(|(d, _)| d.clone())
            .collect()
    }

    /// The label of a delegation in the room.
    pub fn label(&self, role: u32) -> &str {
        self.facilitation
            .label(&self.session.compiled.exercise, role)
    }

    /// Whether `role`'s private brief may be drawn now: a solo player's own, or in pass
    /// the keyboard the delegation at the keyboard (behind the hand-off). Never on a
    /// projector, never in open group play.
    pub fn may_show_private(&self, role: u32) -> bool {
        match self.mode {
            Mode::Solo => self.player == Some(role),
            Mode::PassTheKeyboard => self.view == View::Decision && self.acting == Some(role),
            Mode::Projector | Mode::Group => false,
        }
    }

    /// The part of the session plan the room is in.
    pub fn phase(&self) -> PlanPhase {
        match self.view {
            View::ContentNote | View::Briefing => PlanPhase::Briefing,
            View::Situation | View::Decision | View::HandOff => {
                PlanPhase::Turn(self.session.state.turn)
            }
            View::Resolution { turn } => PlanPhase::Turn(turn),
            View::Ending | View::Debrief | View::HotWash | View::Ratings | View::WhatIf => {
                PlanPhase::HotWash
            }
        }
    }

    /// Start the time box of a part when the room enters it; give the time-up signal once.
    pub(super) fn sync_clock(&mut self) {
        self.configure_from_save();
        let phase = self.phase();
        let f = &mut self.facilitation;
        if f.timer.as_ref().map(|t| t.phase) != Some(phase) {
            let was_paused = f.timer.as_ref().is_some_and(PhaseTimer::is_paused);
            let mut timer = PhaseTimer::start(phase, f.plan.as_ref(), f.now);
            if was_paused {
                timer.pause(f.now);
            }
            f.timer = Some(timer);
            f.clock.mark(phase, f.now);
        }
        if let Some(timer) = f.timer.as_mut()
            && timer.is_up(f.now)
            && !timer.signalled
        {
            timer.signalled = true;
            f.bell = true;
        }
    }

    /// The timer line for the title bar, and whether time is up.
    pub fn timer_label(&self) -> Option<(String, bool)> {
        let f = &self.facilitation;
        let timer = f.timer_for(self.phase())?;
        Some((timer.label(f.now), timer.is_up(f.now)))
    }

    /// Whether the next keyed-in item asks for its reason first.
    fn asks_reason(&self, item: DecisionItem) -> bool {
        is_room_style(self.mode)
            && matches!(
                item,
                DecisionItem::Choose { .. } | DecisionItem::Answer { .. }
            )
    }

    /// Apply a facilitator action and put the screens where it leaves the room. Returns
    /// the line that confirms it.
    fn facilitate(&mut self, action: Action) -> Result<String, String> {
        let c = self.session.compiled.clone();
        let confirm = crate::describe::action_line(&c, self.session.state.stage, &action);
        let events = self.session.apply(action.clone()).map_err(|e| {
            let mut s = crate::describe::action_error(&e);
            if let Some(first) = s.get(..1) {
                s = first.to_uppercase() + &s[1..];
            }
            s
        })?;
        self.facilitation.pending = None;
        match action {
            Action::Conclude => {
                self.acting = None;
                self.handed.clear();
                self.reset_view(View::Debrief);
            }
            Action::Rewind { .. } | Action::SkipTo { .. } => {
                self.acting = None;
                self.handed.clear();
                self.reason.clear();
                self.reset_view(View::Situation);
            }
            Action::Undo => {
                self.acting = None;
                self.handed.clear();
                self.reason.clear();
                if self.session.state.is_ended() {
                    self.reset_view(View::Ending);
                } else {
                    let turn = self.session.state.turn;
                    self.advance_personas(turn);
                    self.after_move(turn)?;
                }
                let withdrawn = events.iter().find_map(|e| match e {
                    Event::DecisionWithdrawn { role } => Some(*role),
                    _ => None,
                });
                return Ok(match withdrawn {
                    Some(role) => crate::tr!("console.undone.decision", role = self.label(role)),
                    None => crate::tr!("console.undone.offer").into(),
                });
            }
            _ => {}
        }
        Ok(confirm)
    }

    /// Pause or resume the exercise and the clock.
    fn toggle_pause(&mut self) -> String {
        let now = self.facilitation.now;
        let paused = self
            .facilitation
            .timer
            .as_ref()
            .map_or(self.session.state.paused, PhaseTimer::is_paused);
        let action = if paused {
            Action::Resume
        } else {
            Action::Pause
        };
        // After the ending the exercise takes no pause; the hot-wash clock still does.
        let _ = self.session.apply(action);
        if let Some(timer) = self.facilitation.timer.as_mut() {
            if paused {
                timer.resume(now);
            } else {
                timer.pause(now);
            }
        }
        if paused {
            crate::tr!("console.resumed").into()
        } else {
            crate::tr!("console.paused").into()
        }
    }
}

impl App {
    /// Advance the app's clock; returns whether the screen needs drawing (a timer shown
    /// changed its second, or time just ran out).
    pub fn tick(&mut self, now: Instant) -> bool {
        let Screen::Play(play) = &mut self.screen else {
            return false;
        };
        let before = play.timer_label();
        play.facilitation.now = now;
        play.sync_clock();
        before != play.timer_label()
    }

    /// Whether the terminal bell should ring now (once, when a time box runs out).
    pub fn take_bell(&mut self) -> bool {
        match &mut self.screen {
            Screen::Play(play) => std::mem::take(&mut play.facilitation.bell),
            _ => false,
        }
    }

    pub(super) fn sync_facilitation(&mut self) {
        if let Screen::Play(play) = &mut self.screen {
            play.sync_clock();
        }
    }

    /// The keyboard context of a facilitated screen or overlay, when one has it.
    pub(super) fn facilitation_context(&self) -> Option<Context> {
        match &self.screen {
            Screen::Setup(setup) if setup.editor.is_some() => Some(Context::Typing),
            Screen::Play(play) => {
                let f = &play.facilitation;
                if let Some(console) = &f.console {
                    return Some(if console.step.is_typing() {
                        Context::Typing
                    } else {
                        Context::Console
                    });
                }
                if f.agenda.is_some() {
                    return Some(Context::Agenda);
                }
                match play.view {
                    View::Decision if play.editing_reason && f.pending.is_some() => {
                        Some(Context::ChoiceReason)
                    }
                    View::HandOff => Some(Context::HandOff),
                    View::HotWash => Some(Context::HotWash),
                    View::Ratings if f.ratings.pending.is_some() => Some(Context::Typing),
                    View::Ratings => Some(Context::Ratings),
                    View::WhatIf => Some(Context::WhatIf),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A key typed into a text field: the roster in setup, the console, a comment.
    pub(super) fn typing_key(&mut self, key: KeyEvent, command: Option<Command>) -> bool {
        if command == Some(Command::Quit) {
            self.overlay = Some(Overlay::Quit);
            return true;
        }
        let result = match &mut self.screen {
            Screen::Setup(setup) => {
                roster_key(setup, &key, command);
                Ok(None)
            }
            Screen::Play(play) => {
                if play.facilitation.console.is_some() {
                    console_typing(play, &key, command)
                } else {
                    comment_key(play, &key, command).map(|()| None)
                }
            }
            Screen::Launcher => Ok(None),
        };
        match result {
            Ok(Some(line)) | Err(line) => self.message = Some(line),
            Ok(None) => {}
        }
        true
    }

    /// Setup keys for the plan and the roster; `None` leaves the key to setup.
    pub(super) fn setup_facilitation_command(
        &mut self,
        command: Command,
    ) -> Option<Result<(), String>> {
        let Screen::Setup(setup) = &mut self.screen else {
            return None;
        };
        let row = setup.focused_row();
        match (row, command) {
            (SetupRow::Plan, Command::Left | Command::Right) => {
                let i = PLAN_CHOICES
                    .iter()
                    .position(|p| *p == setup.plan)
                    .unwrap_or(0);
                let n = PLAN_CHOICES.len();
                let i = if command == Command::Right {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                setup.plan = PLAN_CHOICES[i];
                setup.plan_chosen = true;
                Some(Ok(()))
            }
            (SetupRow::Delegation(r), Command::Edit) => {
                let d = setup.roster.get(r as usize).cloned().unwrap_or_default();
                setup.editor = Some(Box::new(RosterEditor {
                    role: Some(r),
                    fields: vec![
                        TextField::with(d.label),
                        TextField::with(d.members.join(", ")),
                        TextField::with(d.agency.unwrap_or_default()),
                    ],
                    focus: 0,
                }));
                Some(Ok(()))
            }
            (SetupRow::Observers, Command::Edit) => {
                setup.editor = Some(Box::new(RosterEditor {
                    role: None,
                    fields: vec![TextField::with(setup.observers.join(", "))],
                    focus: 0,
                }));
                Some(Ok(()))
            }
            (_, Command::Edit) => Some(Err(crate::tr!("setup.edit_where").into())),
            _ => None,
        }
    }

    /// Keys of the facilitated screens and overlays; `None` leaves the key to the play.
    pub(super) fn facilitation_command(&mut self, command: Command) -> Option<Result<(), String>> {
        let Screen::Play(play) = &mut self.screen else {
            return None;
        };
        if play.facilitation.console.is_some() {
            return Some(console_command(play, command).map(|line| {
                if let Some(line) = line {
                    self.message = Some(line);
                }
            }));
        }
        if let Some(scroll) = play.facilitation.agenda.as_mut() {
            let max = play.max_scroll.get();
            match command {
                Command::Up => *scroll = scroll.saturating_sub(1),
                Command::Down => *scroll = (*scroll + 1).min(max),
                Command::Back | Command::Agenda => play.facilitation.agenda = None,
                Command::Console => {
                    play.facilitation.agenda = None;
                    play.facilitation.console = Some(Console::new());
                }
                _ => {}
            }
            return Some(Ok(()));
        }
        let result = match command {
            Command::Console => {
                play.facilitation.console = Some(Console::new());
                Ok(None)
            }
            Command::Agenda => {
                play.facilitation.agenda = Some(0);
                Ok(None)
            }
            Command::AddTime => {
                let now = play.facilitation.now;
                match play.facilitation.timer.as_mut() {
                    Some(timer) if timer.budget.is_some() => {
                        timer.add_time(now);
                        Ok(Some(crate::tr!("timer.added").to_string()))
                    }
                    _ => Err(crate::tr!("timer.no_plan").into()),
                }
            }
            Command::PauseTimer => Ok(Some(play.toggle_pause())),
            _ => return view_command(play, command),
        };
        Some(result.map(|line| {
            if let Some(line) = line {
                self.message = Some(line);
            }
        }))
    }
}

/// Keys on the facilitated views (hand-off, hot wash, ratings, what if) and the room's
/// changes to the decision and debrief screens.
fn view_command(play: &mut Play, command: Command) -> Option<Result<(), String>> {
    match (play.view, command) {
        (View::HandOff, Command::Choose) => {
            play.facilitation.brief_shown = false;
            play.reset_view(View::Decision);
            Some(Ok(()))
        }
        (View::HandOff, Command::Back) => {
            play.acting = None;
            play.reset_view(View::Situation);
            Some(Ok(()))
        }
        (View::HandOff, _) => Some(Ok(())),
        (View::Decision, Command::PrivateBrief) => {
            let Some(role) = play.acting else {
                return Some(Ok(()));
            };
            if play.may_show_private(role) {
                play.facilitation.brief_shown = !play.facilitation.brief_shown;
                Some(Ok(()))
            } else if play.mode == Mode::Projector {
                Some(Err(crate::tr!("brief.never_on_projector").into()))
            } else {
                Some(Err(crate::tr!("brief.not_shared").into()))
            }
        }
        (View::Decision, Command::Choose | Command::Up | Command::Down | Command::Back)
            if play.facilitation.brief_shown =>
        {
            // The options are hidden behind the brief: the first key brings them back.
            play.facilitation.brief_shown = false;
            Some(Ok(()))
        }
        (View::Decision, Command::Back) if play.mode == Mode::PassTheKeyboard => {
            // Leaving a delegation's private view: the next one starts with a hand-off.
            play.acting = None;
            play.facilitation.brief_shown = false;
            play.reset_view(View::Situation);
            Some(Ok(()))
        }
        (View::Decision, Command::Choose) => {
            let role = play.acting?;
            let item = crate::tui::screens::decision::items(&play.session, role)
                .get(play.selected)
                .copied()?;
            if !play.asks_reason(item) {
                return None;
            }
            play.facilitation.pending = Some(item);
            play.facilitation.brief_shown = false;
            play.editing_reason = true;
            Some(Ok(()))
        }
        (View::Debrief, Command::HotWash) => {
            play.facilitation.question = 0;
            play.reset_view(View::HotWash);
            Some(Ok(()))
        }
        (View::Debrief, Command::RateObjectives) => {
            if play.session.compiled.exercise.objectives.is_empty() {
                return Some(Err(crate::tr!("ratings.none").into()));
            }
            play.reset_view(View::Ratings);
            Some(Ok(()))
        }
        (View::Debrief, Command::WhatIf) => Some(open_what_if(play)),
        (View::HotWash, _) => Some(hot_wash_command(play, command)),
        (View::Ratings, _) => Some(ratings_command(play, command)),
        (View::WhatIf, _) => Some(what_if_command(play, command)),
        _ => None,
    }
}

/// The reason typed after a keyed-in choice: Enter records the choice with it.
pub(super) fn confirm_pending(play: &mut Play) -> Result<(), String> {
    play.editing_reason = false;
    match play.facilitation.pending.take() {
        Some(item) => play.take(item),
        None => Ok(()),
    }
}

fn hot_wash_command(play: &mut Play, command: Command) -> Result<(), String> {
    let max = play.max_scroll.get();
    match command {
        Command::NextPane | Command::Right => {
            play.facilitation.question = (play.facilitation.question + 1).min(3);
            play.scroll = 0;
        }
        Command::PrevPane | Command::Left => {
            play.facilitation.question = play.facilitation.question.saturating_sub(1);
            play.scroll = 0;
        }
        Command::Up => play.scroll = play.scroll.saturating_sub(1),
        Command::Down => play.scroll = (play.scroll + 1).min(max),
        Command::Back => play.reset_view(View::Debrief),
        _ => {}
    }
    Ok(())
}

fn ratings_command(play: &mut Play, command: Command) -> Result<(), String> {
    let objectives = &play.session.compiled.exercise.objectives;
    let last = objectives.len().saturating_sub(1);
    let f = &mut play.facilitation;
    let rating = match command {
        Command::Up => {
            f.ratings.selected = f.ratings.selected.saturating_sub(1);
            return Ok(());
        }
        Command::Down => {
            f.ratings.selected = (f.ratings.selected + 1).min(last);
            return Ok(());
        }
        Command::Back => {
            play.reset_view(View::Debrief);
            return Ok(());
        }
        Command::RateP => Rating::P,
        Command::RateS => Rating::S,
        Command::RateM => Rating::M,
        Command::RateU => Rating::U,
        _ => return Ok(()),
    };
    let Some(objective) = objectives.get(f.ratings.selected) else {
        return Ok(());
    };
    let comment = play
        .session
        .ratings()
        .into_iter()
        .find(|(o, _, _)| *o == objective.id)
        .and_then(|(_, _, c)| c)
        .unwrap_or_default();
    play.facilitation.ratings.pending = Some((rating, TextField::with(comment)));
    Ok(())
}

fn comment_key(play: &mut Play, key: &KeyEvent, command: Option<Command>) -> Result<(), String> {
    match command {
        Some(Command::Cancel) => play.facilitation.ratings.pending = None,
        Some(Command::Confirm) => {
            let Some((rating, field)) = play.facilitation.ratings.pending.take() else {
                return Ok(());
            };
            let objective = play
                .session
                .compiled
                .exercise
                .objectives
                .get(play.facilitation.ratings.selected)
                .map(|o| o.id.clone())
                .unwrap_or_default();
            play.session
                .apply(Action::Rate {
                    objective,
                    rating,
                    comment: field.value(),
                })
                .map_err(|e| crate::describe::action_error(&e))?;
        }
        _ => {
            if let Some((_, field)) = play.facilitation.ratings.pending.as_mut() {
                field.key(key);
            }
        }
    }
    Ok(())
}

fn open_what_if(play: &mut Play) -> Result<(), String> {
    let Some(player) = play.player.filter(|_| play.mode == Mode::Solo) else {
        return Err(crate::tr!("what_if.solo_only").into());
    };
    let choices = what_if::changeable(&play.session, player);
    if choices.is_empty() {
        return Err(crate::tr!("what_if.nothing_to_change").into());
    }
    play.facilitation.what_if = WhatIfState {
        step: WhatIfStep::PickTurn,
        selected: 0,
        scroll: 0,
        choices,
    };
    play.reset_view(View::WhatIf);
    Ok(())
}

fn what_if_command(play: &mut Play, command: Command) -> Result<(), String> {
    let Some(player) = play.player else {
        return Ok(());
    };
    let max = play.max_scroll.get();
    let state = &mut play.facilitation.what_if;
    match state.step.clone() {
        WhatIfStep::PickTurn => {
            let last = state.choices.len().saturating_sub(1);
            match command {
                Command::Up => state.selected = state.selected.saturating_sub(1),
                Command::Down => state.selected = (state.selected + 1).min(last),
                Command::Back => play.reset_view(View::Debrief),
                Command::Choose => {
                    let choice = state.selected.min(last);
                    let others = state.choices[choice].open.len() > 1;
                    if !others {
                        return Err(crate::tr!("what_if.no_other_option").into());
                    }
                    state.step = WhatIfStep::PickOption { choice };
                    // Start on the first option that is not the one played.
                    let chosen = state.choices[choice].chosen;
                    state.selected = state.choices[choice]
                        .open
                        .iter()
                        .position(|&o| o != chosen)
                        .unwrap_or(0);
                }
                _ => {}
            }
        }
        WhatIfStep::PickOption { choice } => {
            let open = state.choices[choice].open.clone();
            let last = open.len().saturating_sub(1);
            match command {
                Command::Up => state.selected = state.selected.saturating_sub(1),
                Command::Down => state.selected = (state.selected + 1).min(last),
                Command::Back => {
                    state.step = WhatIfStep::PickTurn;
                    state.selected = choice;
                }
                Command::Choose => {
                    let option = open[state.selected.min(last)];
                    if option == state.choices[choice].chosen {
                        return Err(crate::tr!("what_if.same_option").into());
                    }
                    let turn = state.choices[choice].turn;
                    let result = what_if::what_if(&play.session, turn, player, option)
                        .map_err(|e| crate::tr!("what_if.failed", error = e))?;
                    let state = &mut play.facilitation.what_if;
                    state.step = WhatIfStep::Compare(Box::new(result));
                    state.scroll = 0;
                }
                _ => {}
            }
        }
        WhatIfStep::Compare(result) => match command {
            Command::Up => state.scroll = state.scroll.saturating_sub(1),
            Command::Down => state.scroll = (state.scroll + 1).min(max),
            Command::Back => {
                let choice = state
                    .choices
                    .iter()
                    .position(|c| c.turn == result.turn)
                    .unwrap_or(0);
                state.step = WhatIfStep::PickTurn;
                state.selected = choice;
            }
            _ => {}
        },
    }
    Ok(())
}

/// How many rows the console's current list has.
pub fn console_rows(play: &Play, step: ConsoleStep) -> usize {
    let c = &play.session.compiled;
    match step {
        ConsoleStep::Menu => ConsoleItem::ALL.len(),
        ConsoleStep::PickInject => c.exercise.injects.len(),
        ConsoleStep::PickIndicator => c.slots.len(),
        ConsoleStep::PickTurn => play.session.state.turn as usize,
        ConsoleStep::PickStage => c.exercise.stages.len(),
        _ => 0,
    }
}

/// Keys in the console's menu and lists. Returns a line to show when something was done.
fn console_command(play: &mut Play, command: Command) -> Result<Option<String>, String> {
    let Some(console) = play.facilitation.console.as_ref() else {
        return Ok(None);
    };
    let step = console.step;
    let selected = console.selected;
    let rows = console_rows(play, step);
    let set = |play: &mut Play, f: &dyn Fn(&mut Console)| {
        if let Some(console) = play.facilitation.console.as_mut() {
            f(console);
        }
    };
    match command {
        Command::Up => set(play, &|c| c.selected = c.selected.saturating_sub(1)),
        Command::Down => set(play, &|c| {
            c.selected = (c.selected + 1).min(rows.saturating_sub(1))
        }),
        Command::Top => set(play, &|c| c.selected = 0),
        Command::Bottom => set(play, &|c| c.selected = rows.saturating_sub(1)),
        Command::Back | Command::Console if step == ConsoleStep::Menu => {
            play.facilitation.console = None;
        }
        Command::Back => {
            let back_to = menu_index(step);
            set(play, &|c| {
                c.go(ConsoleStep::Menu);
                c.selected = back_to;
            });
        }
        Command::Choose => return console_choose(play, step, selected),
        _ => {}
    }
    Ok(None)
}

/// Where a step sits in the menu, to return to it.
fn menu_index(step: ConsoleStep) -> usize {
    let item = match step {
        ConsoleStep::Menu | ConsoleStep::PickInject => ConsoleItem::Inject,
        ConsoleStep::InjectText => ConsoleItem::FreeInject,
        ConsoleStep::PickIndicator
        | ConsoleStep::Amount { .. }
        | ConsoleStep::AdjustReason { .. } => ConsoleItem::Adjust,
        ConsoleStep::Note => ConsoleItem::Note,
        ConsoleStep::PickTurn => ConsoleItem::Rewind,
        ConsoleStep::PickStage => ConsoleItem::SkipTo,
        ConsoleStep::ConfirmConclude => ConsoleItem::Conclude,
    };
    ConsoleItem::ALL
        .iter()
        .position(|i| *i == item)
        .unwrap_or(0)
}

fn console_go(play: &mut Play, step: ConsoleStep, selected: usize) {
    if let Some(console) = play.facilitation.console.as_mut() {
        console.go(step);
        console.selected = selected;
    }
}

/// Apply a console action; the console closes and the action is confirmed on the hint line.
fn console_do(play: &mut Play, action: Action) -> Result<Option<String>, String> {
    let line = play.facilitate(action)?;
    play.facilitation.console = None;
    Ok(Some(line))
}

fn console_choose(
    play: &mut Play,
    step: ConsoleStep,
    selected: usize,
) -> Result<Option<String>, String> {
    let c = play.session.compiled.clone();
    let ex = &c.exercise;
    let ended = play.session.state.is_ended();
    match step {
        ConsoleStep::Menu => {
            let item = ConsoleItem::ALL[selected.min(ConsoleItem::ALL.len() - 1)];
            if ended && item.needs_running() {
                return Err(crate::tr!("console.ended").into());
            }
            match item {
                ConsoleItem::Inject if ex.injects.is_empty() => {
                    Err(crate::tr!("console.no_injects").into())
                }
                ConsoleItem::Inject => {
                    console_go(play, ConsoleStep::PickInject, 0);
                    Ok(None)
                }
                ConsoleItem::FreeInject => {
                    console_go(play, ConsoleStep::InjectText, 0);
                    Ok(None)
                }
                ConsoleItem::Adjust => {
                    console_go(play, ConsoleStep::PickIndicator, 0);
                    Ok(None)
                }
                ConsoleItem::Note => {
                    console_go(play, ConsoleStep::Note, 0);
                    Ok(None)
                }
                ConsoleItem::PauseResume => {
                    let line = play.toggle_pause();
                    play.facilitation.console = None;
                    Ok(Some(line))
                }
                ConsoleItem::Undo => console_do(play, Action::Undo),
                ConsoleItem::Rewind => {
                    let current = play.session.state.turn.saturating_sub(1) as usize;
                    console_go(play, ConsoleStep::PickTurn, current.saturating_sub(1));
                    Ok(None)
                }
                ConsoleItem::SkipTo => {
                    console_go(
                        play,
                        ConsoleStep::PickStage,
                        play.session.state.stage as usize,
                    );
                    Ok(None)
                }
                ConsoleItem::ShowTags => console_do(play, Action::ShowTags),
                ConsoleItem::Conclude => {
                    console_go(play, ConsoleStep::ConfirmConclude, 0);
                    Ok(None)
                }
            }
        }
        ConsoleStep::PickInject => match ex.injects.get(selected) {
            Some(inject) => console_do(
                play,
                Action::Inject {
                    id: Some(inject.id.to_string()),
                    text: None,
                },
            ),
            None => Ok(None),
        },
        ConsoleStep::PickIndicator => {
            if selected < c.slots.len() {
                console_go(
                    play,
                    ConsoleStep::Amount {
                        slot: selected as u32,
                    },
                    0,
                );
            }
            Ok(None)
        }
        ConsoleStep::PickTurn => console_do(
            play,
            Action::Rewind {
                turn: selected as u32 + 1,
            },
        ),
        ConsoleStep::PickStage => match ex.stages.get(selected) {
            Some(stage) => console_do(
                play,
                Action::SkipTo {
                    stage: stage.id.to_string(),
                },
            ),
            None => Ok(None),
        },
        ConsoleStep::ConfirmConclude => console_do(play, Action::Conclude),
        ConsoleStep::InjectText
        | ConsoleStep::Amount { .. }
        | ConsoleStep::AdjustReason { .. }
        | ConsoleStep::Note => Ok(None),
    }
}

/// Text typed into the console: a free inject, an amount, a reason, a note.
fn console_typing(
    play: &mut Play,
    key: &KeyEvent,
    command: Option<Command>,
) -> Result<Option<String>, String> {
    let Some(console) = play.facilitation.console.as_mut() else {
        return Ok(None);
    };
    let step = console.step;
    match command {
        Some(Command::Cancel) => {
            let back_to = match step {
                ConsoleStep::Amount { .. } => None,
                ConsoleStep::AdjustReason { slot, .. } => Some(ConsoleStep::Amount { slot }),
                _ => None,
            };
            match back_to {
                Some(step) => console.go(step),
                None => {
                    let index = menu_index(step);
                    console.go(ConsoleStep::Menu);
                    console.selected = index;
                }
            }
            Ok(None)
        }
        Some(Command::Confirm) => {
            let value = console.field.value();
            let c = play.session.compiled.clone();
            let line = match step {
                ConsoleStep::InjectText => {
                    let text = value.ok_or(crate::tr!("console.type_inject_first"))?;
                    console_do(
                        play,
                        Action::Inject {
                            id: None,
                            text: Some(text),
                        },
                    )?
                }
                ConsoleStep::Note => {
                    let text = value.ok_or(crate::tr!("console.type_note_first"))?;
                    console_do(play, Action::Note { text })?
                }
                ConsoleStep::Amount { slot } => {
                    let text = value.unwrap_or_default();
                    let by: i32 = text
                        .trim_start_matches('+')
                        .parse()
                        .map_err(|_| crate::tr!("console.not_a_number", text = text))?;
                    if by == 0 {
                        return Err(crate::tr!("console.zero").into());
                    }
                    console.go(ConsoleStep::AdjustReason { slot, by });
                    None
                }
                ConsoleStep::AdjustReason { slot, by } => {
                    let reason = value.ok_or(crate::tr!("console.reason_needed"))?;
                    let info = c.slots[slot as usize];
                    let indicator = c.exercise.indicators[info.indicator as usize].id.clone();
                    let role = info.role.map(|r| c.exercise.roles[r as usize].id.clone());
                    console_do(
                        play,
                        Action::Adjust {
                            indicator,
                            role,
                            by,
                            reason,
                        },
                    )?
                }
                _ => None,
            };
            Ok(line)
        }
        _ => {
            if let ConsoleStep::Amount { .. } = step {
                // Only a sign and digits make an amount.
                if let ratatui::crossterm::event::KeyCode::Char(ch) = key.code
                    && !(ch.is_ascii_digit() || ch == '-' || ch == '+')
                {
                    return Ok(None);
                }
            }
            console.field.key(key);
            Ok(None)
        }
    }
}

/// Keys while editing the roster in setup.
fn roster_key(setup: &mut SetupState, key: &KeyEvent, command: Option<Command>) {
    let Some(editor) = setup.editor.as_mut() else {
        return;
    };
    let count = editor.fields.len();
    match command {
        Some(Command::Cancel) => setup.editor = None,
        Some(Command::NextPane) => editor.focus = (editor.focus + 1) % count,
        Some(Command::PrevPane) => editor.focus = (editor.focus + count - 1) % count,
        Some(Command::Confirm) => {
            let Some(editor) = setup.editor.take() else {
                return;
            };
            match editor.role {
                Some(r) => {
                    if let Some(d) = setup.roster.get_mut(r as usize) {
                        let role_name = setup.loaded.compiled.exercise.roles[r as usize]
                            .name
                            .clone();
                        d.label = editor.fields[0].value().unwrap_or(role_name);
                        d.members = split_names(&editor.fields[1].text);
                        d.agency = editor.fields[2].value();
                    }
                }
                None => setup.observers = split_names(&editor.fields[0].text),
            }
        }
        _ => {
            if let Some(field) = editor.fields.get_mut(editor.focus) {
                field.key(key);
            }
        }
    }
}

/// A fresh `Facilitation` for a play of this exercise, clock starting now.
pub(super) fn fresh(play_exercise: &crate::scenario::Exercise) -> Facilitation {
    Facilitation::new(play_exercise, Instant::now())
}

impl Play {
    /// Whether the time box shows: in a room, or whenever there is a plan.
    pub fn shows_timer(&self) -> bool {
        self.facilitation.plan.is_some() || is_room_style(self.mode)
    }

    /// The timer as the title bar shows it: "⏱ 4:12 left", "⏱ paused 4:12 left",
    /// "⏱ TIME UP +0:35".
    pub fn title_timer(&self) -> Option<String> {
        if !self.shows_timer() {
            return None;
        }
        let f = &self.facilitation;
        let phase = self.phase();
        Some(match f.timer_for(phase) {
            Some(timer) => format!("⏱ {}", timer.short_label(f.now)),
            // Not started until the next tick: the full box.
            None => format!(
                "⏱ {}",
                PhaseTimer::start(phase, f.plan.as_ref(), f.now).short_label(f.now)
            ),
        })
    }
}

impl App {
    /// When the time box has run out: a banner across the top of the body, which then
    /// draws below it. Nothing is decided for anyone; the room goes on when it is ready.
    pub(super) fn render_time_up(
        &self,
        body: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
    ) -> ratatui::layout::Rect {
        let Screen::Play(play) = &self.screen else {
            return body;
        };
        let f = &play.facilitation;
        let up = play.shows_timer()
            && f.timer_for(play.phase())
                .is_some_and(|t| t.is_up(f.now) && !t.is_paused());
        if !up || body.height < 4 {
            return body;
        }
        let style = self
            .theme
            .warning
            .add_modifier(ratatui::style::Modifier::REVERSED);
        let text = crate::tr!(
            "timer.time_up_banner",
            phase = play.phase().label().to_lowercase()
        );
        let line = ratatui::layout::Rect { height: 1, ..body };
        buf.set_style(line, style);
        buf.set_stringn(body.x, body.y, text, usize::from(body.width), style);
        ratatui::layout::Rect {
            y: body.y + 1,
            height: body.height - 1,
            ..body
        }
    }
}

/// The facilitated views: hand-off, hot wash, ratings, what if.
pub(super) fn render_view(
    play: &Play,
    theme: &crate::tui::theme::Theme,
    area: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
) {
    use crate::tui::screens::{
        handoff::HandOffView, hotwash::HotWashView, ratings::RatingsView, whatif::WhatIfView,
    };
    use ratatui::widgets::Widget;
    match play.view {
        View::HandOff => (&HandOffView { play, theme }).render(area, buf),
        View::HotWash => (&HotWashView { play, theme }).render(area, buf),
        View::Ratings => (&RatingsView { play, theme }).render(area, buf),
        View::WhatIf => (&WhatIfView { play, theme }).render(area, buf),
        _ => {}
    }
}

/// The console and agenda overlays, over whatever screen is under them.
pub(super) fn render_overlays(
    play: &Play,
    theme: &crate::tui::theme::Theme,
    area: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
) {
    use crate::tui::screens::{agenda::AgendaOverlay, console::ConsoleOverlay};
    use ratatui::widgets::Widget;
    if play.facilitation.agenda.is_some() {
        (&AgendaOverlay { play, theme }).render(area, buf);
    }
    if play.facilitation.console.is_some() {
        (&ConsoleOverlay { play, theme }).render(area, buf);
    }
}
