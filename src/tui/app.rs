//! The application state and its update: keys in, commands out of the key map, actions
//! into the session. Rendering reads this state and never changes it (apart from
//! reporting how far a view can scroll). No terminal is needed: tests build an `App`,
//! send `KeyEvent`s and draw into a `TestBackend`.

use crate::engine::Action;
use crate::exercises::Loaded;
use crate::i18n::Lang;
use crate::session::{Controller, Persona, Session};
use crate::tui::autosave::{self, Autosave, Greeting, SaveSlot};
use crate::tui::keymap::{self, Command, Context};
use crate::tui::screens::continue_list::{ContinueList, ContinueView, LauncherTabs};
use crate::tui::screens::library::{LibraryOutcome, LibraryState, LibraryView};
use crate::tui::screens::{
    briefing::BriefingView,
    debrief::DebriefView,
    decision::{self, DecisionItem, DecisionView},
    ending::EndingView,
    launcher::LauncherView,
    resolution::ResolutionView,
    setup::SetupView,
    situation::SituationView,
};
use crate::tui::theme::Theme;
use crate::tui::widgets::hint_bar::HintBar;
use crate::tui::widgets::notice::{Notice, NoticeKind, NoticeOverlay};
use crate::tui::widgets::popup::{HelpOverlay, QuitOverlay};
use crate::tui::widgets::title_bar::{TitleBar, TitleText};
use crate::tui::widgets::too_small::{MIN_HEIGHT, MIN_WIDTH, TooSmall};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use std::cell::{Cell, RefCell};

mod facilitate;

/// How the roles are played: solo, or a room on a projector or passing the keyboard (the
/// same type saves record). Plain group play, with every role at one open screen, comes
/// from `--role` on the command line and from older saves.
pub use crate::session::save::Mode;
pub use facilitate::is_room_style;

/// One row of the setup screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupRow {
    Mode,
    Player,
    Persona(u32),
    /// The session plan: none, 60, 90 or 120 minutes.
    Plan,
    /// A delegation of the roster (label, members, agency).
    Delegation(u32),
    Observers,
    Seed,
    Start,
}

#[derive(Debug, Clone)]
pub struct SetupState {
    pub loaded: Loaded,
    pub mode: Mode,
    /// The solo player's role.
    pub player: u32,
    /// The persona for each role when a computer plays it.
    pub personas: Vec<Persona>,
    /// Digits only; empty means the default seed.
    pub seed: String,
    pub focus: usize,
    pub from_launcher: bool,
    /// Session plan length in minutes, if any.
    pub plan: Option<u32>,
    /// Whether the facilitator picked the plan (so changing the style keeps it).
    pub plan_chosen: bool,
    /// How many turns the exercise typically takes (for the plan).
    pub typical_turns: u32,
    /// One delegation per role.
    pub roster: Vec<crate::session::save::Delegation>,
    pub observers: Vec<String>,
    /// The roster row being edited.
    pub editor: Option<Box<crate::tui::facilitation::RosterEditor>>,
    /// The language chosen for this session (the setup switch, `l`); the play keeps it.
    pub lang: Lang,
    /// The language `loaded`'s text is in, so the exercise is reloaded only on a switch.
    pub loaded_lang: Lang,
}

impl SetupState {
    pub fn new(loaded: Loaded, seed: u64, from_launcher: bool) -> SetupState {
        let roles = loaded.compiled.exercise.roles.len();
        let roster = crate::tui::facilitation::default_roster(&loaded.compiled.exercise);
        let typical_turns = crate::session::plan::typical_turns(&loaded.compiled);
        SetupState {
            loaded,
            mode: Mode::Solo,
            player: 0,
            personas: vec![Persona::Balanced; roles],
            seed: seed.to_string(),
            focus: 0,
            from_launcher,
            plan: None,
            plan_chosen: false,
            typical_turns,
            roster,
            observers: Vec::new(),
            editor: None,
            lang: crate::i18n::current(),
            loaded_lang: crate::i18n::current(),
        }
    }

    /// Switch the interface to `lang` at once. This is the hook for the exercise's own
    /// text too: once exercise translations exist, `self.loaded` is re-read in `lang`
    /// here, so the briefing and every screen after setup follow the switch.
    pub fn set_language(&mut self, lang: Lang) {
        self.lang = lang;
        crate::i18n::set(lang);
    }

    pub fn rows(&self) -> Vec<SetupRow> {
        let mut rows = vec![SetupRow::Mode];
        if self.mode == Mode::Solo {
            rows.push(SetupRow::Player);
            let roles = self.loaded.compiled.exercise.roles.len() as u32;
            rows.extend(
                (0..roles)
                    .filter(|&r| r != self.player)
                    .map(SetupRow::Persona),
            );
        }
        rows.extend(self.facilitation_rows());
        rows.push(SetupRow::Seed);
        rows.push(SetupRow::Start);
        rows
    }

    pub fn focused_row(&self) -> SetupRow {
        let rows = self.rows();
        rows[self.focus.min(rows.len() - 1)]
    }

    pub fn controllers(&self) -> Vec<Controller> {
        let roles = self.loaded.compiled.exercise.roles.len() as u32;
        (0..roles)
            .map(|r| match self.mode {
                Mode::Group | Mode::Projector | Mode::PassTheKeyboard => Controller::Human,
                Mode::Solo if r == self.player => Controller::Human,
                Mode::Solo => Controller::Persona(self.personas[r as usize]),
            })
            .collect()
    }
}

/// Where the turn loop stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The exercise's content note, before the briefing.
    ContentNote,
    Briefing,
    /// Situation and dashboard of the current turn.
    Situation,
    /// A person decides, offers or answers for `Play::acting`.
    Decision,
    /// What happened in a turn just resolved.
    Resolution {
        turn: u32,
    },
    Ending,
    Debrief,
    /// Pass the keyboard: between two delegations, nothing private on screen.
    HandOff,
    /// The debrief's hot wash: one guiding question at a time.
    HotWash,
    /// The facilitator rates the learning objectives.
    Ratings,
    /// Solo: replay with another choice and compare.
    WhatIf,
}

/// The debrief's tabs, in order (ids in the string tables).
pub const DEBRIEF_TABS: [&str; 7] = [
    "debrief.tab.trajectory",
    "debrief.tab.hidden",
    "debrief.tab.timeline",
    "debrief.tab.questions",
    "debrief.tab.practice",
    "debrief.tab.reality",
    "debrief.tab.obligations",
];

/// A session being played, and the state of its screens.
#[derive(Debug)]
pub struct Play {
    pub loaded: Loaded,
    pub session: Session,
    pub mode: Mode,
    /// The solo player's role: the only role whose private brief is shown.
    pub player: Option<u32>,
    pub view: View,
    /// The setup this came from, for Esc from the briefing.
    pub setup: Option<SetupState>,
    pub scroll: u16,
    /// Situation: 0 situation + dashboard, 1 dashboard alone. Debrief: the tab.
    pub pane: usize,
    pub selected: usize,
    pub show_tags: bool,
    pub reason: String,
    pub editing_reason: bool,
    /// The role a person is acting for on the decision screen.
    pub acting: Option<u32>,
    /// Roles that have had the keyboard this turn (for the hand-off line).
    pub handed: Vec<u32>,
    pub max_scroll: Cell<u16>,
    pub page: Cell<u16>,
    /// Line of each heading in the last drawn document (Tab jumps between them).
    pub headings: RefCell<Vec<u16>>,
    /// Where this session is saved and how much of it is on disk (see `autosave`).
    pub save: SaveSlot,
    /// Plan, roster, clocks, console and debrief tools of a facilitated session.
    pub facilitation: crate::tui::facilitation::Facilitation,
    /// The language the session is played in (from setup, else the process's).
    pub lang: Lang,
}

impl Play {
    pub fn new(loaded: Loaded, session: Session, setup: Option<SetupState>) -> Play {
        let humans: Vec<u32> = session
            .controllers
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == Controller::Human)
            .map(|(r, _)| r as u32)
            .collect();
        let (mode, player) = if humans.len() == 1 {
            (Mode::Solo, Some(humans[0]))
        } else {
            (Mode::Group, None)
        };
        let view = if loaded.compiled.exercise.content_note.is_some() {
            View::ContentNote
        } else {
            View::Briefing
        };
        let facilitation = facilitate::fresh(&loaded.compiled.exercise);
        Play {
            loaded,
            session,
            mode,
            player,
            view,
            setup,
            scroll: 0,
            pane: 0,
            selected: 0,
            show_tags: false,
            reason: String::new(),
            editing_reason: false,
            acting: None,
            handed: Vec::new(),
            max_scroll: Cell::new(0),
            page: Cell::new(10),
            headings: RefCell::new(Vec::new()),
            save: SaveSlot::default(),
            facilitation,
            lang: crate::i18n::current(),
        }
    }

    /// "you", "balanced", or "" for a person in group play.
    pub fn who(&self, role: u32) -> String {
        if self.player == Some(role) {
            return crate::tr!("play.you").into();
        }
        match self.session.controllers.get(role as usize) {
            Some(Controller::Persona(p)) => crate::describe::persona_name(*p).into(),
            _ => String::new(),
        }
    }

    /// "Alda (you)", "Brinn (balanced)", "Corva".
    pub fn role_with_who(&self, role: u32) -> String {
        let name = crate::describe::role_name(&self.session.compiled, role);
        match self.who(role) {
            w if w.is_empty() => name.to_string(),
            w => format!("{name} ({w})"),
        }
    }

    fn reset_view(&mut self, view: View) {
        self.view = view;
        self.scroll = 0;
        self.selected = 0;
        self.pane = 0;
        self.editing_reason = false;
    }

    /// Let computer-played roles act until a person must act, or until the turn resolves
    /// (so every resolution is shown, even of a turn no person decides in).
    fn advance_personas(&mut self, turn: u32) {
        let limit = 64 + 8 * self.session.compiled.role_count;
        for _ in 0..limit {
            let s = &self.session.state;
            if s.is_ended() || s.turn != turn {
                break;
            }
            let Some(action) = self.session.next_persona_action() else {
                break;
            };
            if self.session.apply(action).is_err() {
                break;
            }
        }
    }

    /// After any move in turn `turn`: show the resolution, or who acts next.
    fn after_move(&mut self, turn: u32) -> Result<(), String> {
        let resolved = |p: &Play| p.session.state.is_ended() || p.session.state.turn != turn;
        if resolved(self) {
            self.acting = None;
            self.handed.clear();
            self.reset_view(View::Resolution { turn });
            return Ok(());
        }
        if let Some(&role) = self.session.humans_to_act().first() {
            if self.acting != Some(role) {
                self.acting = Some(role);
                self.selected = 0;
                self.reason.clear();
                self.show_tags = false;
                if !self.handed.contains(&role) {
                    self.handed.push(role);
                }
                if self.mode == Mode::PassTheKeyboard {
                    // A new delegation takes the keyboard: nothing of the last one's
                    // private view stays on screen.
                    self.facilitation.brief_shown = false;
                    self.editing_reason = false;
                    self.view = View::HandOff;
                    return Ok(());
                }
            }
            self.view = View::Decision;
            self.editing_reason = false;
            return Ok(());
        }
        // Nobody has a move: a stage without decisions moves on.
        self.session
            .apply(Action::Continue)
            .map_err(|e| crate::describe::action_error(&e))?;
        self.advance_personas(turn);
        if resolved(self) {
            self.acting = None;
            self.handed.clear();
            self.reset_view(View::Resolution { turn });
            Ok(())
        } else {
            Err(crate::tr!("play.cannot_move_on").into())
        }
    }

    fn begin_decisions(&mut self) -> Result<(), String> {
        let turn = self.session.state.turn;
        self.advance_personas(turn);
        self.after_move(turn)
    }

    fn take(&mut self, item: DecisionItem) -> Result<(), String> {
        let Some(role) = self.acting else {
            return Ok(());
        };
        let c = self.session.compiled.clone();
        let ex = &c.exercise;
        let role_id = ex.roles[role as usize].id.clone();
        let reason = {
            let r = self.reason.trim();
            (!r.is_empty()).then(|| r.to_string())
        };
        let action = match item {
            DecisionItem::Answer {
                agreement, accept, ..
            } => Action::Answer {
                role: role_id,
                agreement: ex.agreements[agreement as usize].id.clone(),
                accept,
                // In a room the reason is asked for right after each answer too.
                reason: if is_room_style(self.mode) {
                    reason.clone()
                } else {
                    None
                },
                persona: None,
            },
            DecisionItem::Choose { option } => Action::Decide {
                role: role_id,
                option: c.option_model(option).id.to_string(),
                reason,
                persona: None,
            },
            DecisionItem::Offer { agreement, to } => Action::Offer {
                from: role_id,
                to: ex.roles[to as usize].id.clone(),
                agreement: ex.agreements[agreement as usize].id.clone(),
                persona: None,
            },
        };
        let turn = self.session.state.turn;
        let decided = matches!(action, Action::Decide { .. })
            || (is_room_style(self.mode) && matches!(action, Action::Answer { .. }));
        self.session
            .apply(action)
            .map_err(|e| crate::describe::action_error(&e))?;
        if decided {
            self.reason.clear();
        }
        self.advance_personas(turn);
        let before = self.acting;
        self.after_move(turn)?;
        if self.acting == before && self.view == View::Decision {
            let count = decision::items(&self.session, role).len();
            self.selected = self.selected.min(count.saturating_sub(1));
        }
        Ok(())
    }
}

#[derive(Debug)]
pub enum Screen {
    Launcher,
    Setup(SetupState),
    Play(Box<Play>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overlay {
    Help,
    Quit,
}

#[derive(Debug)]
pub struct App {
    pub theme: Theme,
    exercises: Vec<Loaded>,
    launcher_selected: usize,
    screen: Screen,
    overlay: Option<Overlay>,
    help_scroll: u16,
    help_max: Cell<u16>,
    help_page: Cell<u16>,
    /// A one-line message (an action the engine refused), shown until the next key.
    message: Option<String>,
    quit: bool,
    default_seed: u64,
    /// Whether the last frame was too small to draw the screen.
    too_small: Cell<bool>,
    /// Saves after every action, when a saves folder is set (`with_saves`).
    autosave: Option<Autosave>,
    /// The launcher's "Continue" tab, when a saves folder is set.
    saves: Option<ContinueList>,
    /// A notice waiting for a key (replay of a save stopped early, a report written).
    notice: Option<Notice>,
    /// The library, opened from the launcher over it.
    library: Option<Box<LibraryState>>,
}

impl App {
    fn blank(exercises: Vec<Loaded>, screen: Screen, theme: Theme, default_seed: u64) -> App {
        App {
            theme,
            exercises,
            launcher_selected: 0,
            screen,
            overlay: None,
            help_scroll: 0,
            help_max: Cell::new(0),
            help_page: Cell::new(10),
            message: None,
            quit: false,
            default_seed,
            too_small: Cell::new(false),
            autosave: None,
            saves: None,
            notice: None,
            library: None,
        }
    }

    /// Save every session in `dir` after each action, and list its saves in the launcher.
    /// A session already on screen gets its save file now.
    pub fn with_saves(mut self, dir: std::path::PathBuf) -> App {
        if matches!(self.screen, Screen::Launcher) {
            self.saves = Some(ContinueList::counted(&dir));
        }
        self.autosave = Some(Autosave::new(dir));
        self.sync_save();
        self
    }

    /// A replayed save, at the turn it stopped. `exercises` is the launcher to go back to
    /// (empty: going back quits).
    pub fn resumed(
        opened: autosave::Opened,
        exercises: Vec<Loaded>,
        theme: Theme,
        default_seed: u64,
    ) -> App {
        let (play, greeting) = autosave::play_from(opened);
        let mut app = App::blank(exercises, Screen::Play(Box::new(play)), theme, default_seed);
        app.greet(greeting);
        // Plan, roster and group style come from the save before the first frame.
        app.sync_facilitation();
        app
    }

    fn greet(&mut self, greeting: Greeting) {
        match greeting {
            Greeting::Line(line) => self.message = Some(line),
            Greeting::Stopped(notice) => self.notice = Some(notice),
        }
    }

    /// Write the session on screen to its save if it has changed. Returns whether a
    /// warning is now shown. Nothing is written while a stopped replay awaits an answer.
    pub fn sync_save(&mut self) -> bool {
        if self
            .notice
            .as_ref()
            .is_some_and(|n| n.kind == NoticeKind::ReplayStopped)
        {
            return false;
        }
        let Some(autosave) = &mut self.autosave else {
            return false;
        };
        let play = match &mut self.screen {
            Screen::Play(play) => Some(play.as_mut()),
            _ => None,
        };
        let warning = autosave.sync(play);
        if self.quit {
            autosave.leave();
        }
        match warning {
            Some(warning) => {
                self.message = Some(warning);
                true
            }
            None => false,
        }
    }

    /// After a panic: write the session on screen to a crash save (see
    /// `Autosave::crash_save`). None when no session is in play or saves are off.
    pub fn crash_save(&mut self) -> Option<Result<std::path::PathBuf, String>> {
        let autosave = self.autosave.as_ref()?;
        let Screen::Play(play) = &mut self.screen else {
            return None;
        };
        Some(autosave.crash_save(play).map_err(|e| e.to_string()))
    }

    /// Whether quitting keeps something to continue: a save holding every action.
    fn session_kept(&self) -> bool {
        self.save_path().is_some() && self.session().is_some_and(|s| !s.log.is_empty())
    }

    /// The save file of the session on screen, once written.
    pub fn save_path(&self) -> Option<&std::path::Path> {
        match &self.screen {
            Screen::Play(p) if p.save.is_current(&p.session) => p.save.path.as_deref(),
            _ => None,
        }
    }

    /// The notice on screen, if any.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// The launcher over these exercises; `default_seed` pre-fills setup.
    pub fn launcher(exercises: Vec<Loaded>, theme: Theme, default_seed: u64) -> App {
        App::blank(exercises, Screen::Launcher, theme, default_seed)
    }

    /// Straight into one exercise. Roles assigned on the command line pre-fill setup; when
    /// every role is assigned, setup is skipped.
    pub fn for_exercise(
        loaded: Loaded,
        seed: Option<u64>,
        roles: Vec<(String, Controller)>,
        theme: Theme,
        default_seed: u64,
    ) -> App {
        let seed = seed.unwrap_or(default_seed);
        let c = loaded.compiled.clone();
        let assigned: Vec<Option<Controller>> = c
            .exercise
            .roles
            .iter()
            .map(|role| {
                roles
                    .iter()
                    .rev()
                    .find(|(r, _)| *r == role.id)
                    .map(|(_, ctl)| *ctl)
            })
            .collect();
        if assigned.iter().all(Option::is_some) {
            let controllers: Vec<Controller> = assigned.into_iter().flatten().collect();
            let session = Session::new(c, seed, controllers);
            let play = Play::new(loaded, session, None);
            return App::blank(Vec::new(), Screen::Play(Box::new(play)), theme, seed);
        }
        let mut setup = SetupState::new(loaded, seed, false);
        let humans: Vec<usize> = assigned
            .iter()
            .enumerate()
            .filter(|(_, a)| **a == Some(Controller::Human))
            .map(|(r, _)| r)
            .collect();
        for (r, a) in assigned.iter().enumerate() {
            if let Some(Controller::Persona(p)) = a {
                setup.personas[r] = *p;
            }
        }
        match humans.len() {
            0 => {
                // The first role no persona was given to is the player's.
                setup.player = assigned.iter().position(Option::is_none).unwrap_or(0) as u32;
            }
            1 => setup.player = humans[0] as u32,
            // People play several roles: a room, on the projector by default.
            _ => setup.cycle_mode(true),
        }
        App::blank(Vec::new(), Screen::Setup(setup), theme, seed)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The session being played, if any (for tests and the run loop).
    pub fn session(&self) -> Option<&Session> {
        match &self.screen {
            Screen::Play(p) => Some(&p.session),
            _ => None,
        }
    }

    /// Where the keyboard is now.
    pub fn context(&self) -> Context {
        match self.overlay {
            Some(Overlay::Quit) => return Context::QuitConfirm,
            Some(Overlay::Help) => return Context::Help,
            None => {}
        }
        if let Some(notice) = &self.notice {
            return notice.context();
        }
        self.screen_context()
    }

    /// The context of the screen under any overlay (what help describes).
    fn screen_context(&self) -> Context {
        if self.library.is_some() {
            return Context::Library;
        }
        if let Some(context) = self.facilitation_context() {
            return context;
        }
        match &self.screen {
            Screen::Launcher if self.saves.as_ref().is_some_and(|s| s.active) => Context::Continue,
            Screen::Launcher => Context::Launcher,
            Screen::Setup(_) => Context::Setup,
            Screen::Play(p) => match p.view {
                View::ContentNote | View::Briefing => Context::Briefing,
                View::Situation => Context::Situation,
                View::Decision if p.editing_reason => Context::Reason,
                View::Decision => Context::Decision,
                View::Resolution { .. } => Context::Resolution,
                View::Ending => Context::Ending,
                View::Debrief => Context::Debrief,
                View::HandOff => Context::HandOff,
                View::HotWash => Context::HotWash,
                View::Ratings => Context::Ratings,
                View::WhatIf => Context::WhatIf,
            },
        }
    }

    /// Handle one key; returns whether anything changed (the screen needs drawing). Any
    /// action the key committed is saved before this returns.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let changed = self.handle_key_unsaved(key);
        self.sync_facilitation();
        self.sync_save() || changed
    }

    fn handle_key_unsaved(&mut self, key: KeyEvent) -> bool {
        // Windows consoles also report each key's release: a key acts once, when pressed.
        if key.kind != KeyEventKind::Press {
            return false;
        }
        let key = altgr_as_text(key);
        let had_message = self.message.take().is_some();
        let context = self.context();
        let command = keymap::command_for(context, &key);
        if matches!(context, Context::Reason | Context::ChoiceReason) {
            return self.reason_key(key, command) || had_message;
        }
        if context == Context::Typing {
            return self.typing_key(key, command) || had_message;
        }
        let Some(command) = command else {
            return had_message;
        };
        match self.overlay {
            Some(Overlay::Quit) => {
                match command {
                    Command::Confirm => self.quit = true,
                    Command::Cancel => self.overlay = None,
                    _ => {}
                }
                return true;
            }
            Some(Overlay::Help) => {
                match command {
                    Command::Back => self.overlay = None,
                    Command::Quit => self.overlay = Some(Overlay::Quit),
                    Command::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
                    Command::Down => {
                        self.help_scroll = (self.help_scroll + 1).min(self.help_max.get())
                    }
                    _ => {}
                }
                return true;
            }
            None => {}
        }
        if self.notice.is_some() {
            self.notice_command(command);
            return true;
        }
        match command {
            Command::Quit => {
                self.overlay = Some(Overlay::Quit);
                return true;
            }
            _ if self.too_small.get() => {
                // The screen is hidden behind the notice: change nothing unseen.
                return had_message;
            }
            Command::Help => {
                self.overlay = Some(Overlay::Help);
                self.help_scroll = 0;
                return true;
            }
            _ => {}
        }
        if command == Command::WriteReport {
            self.write_report();
            return true;
        }
        if let Some(library) = &mut self.library {
            if library.command(command, key) == LibraryOutcome::Close {
                self.library = None;
            }
            return true;
        }
        let result = match &mut self.screen {
            Screen::Launcher => self.launcher_command(command),
            Screen::Setup(_) => self.setup_command(command, key),
            Screen::Play(_) => self.play_command(command),
        };
        if let Err(message) = result {
            self.message = Some(message);
        }
        true
    }

    fn reason_key(&mut self, key: KeyEvent, command: Option<Command>) -> bool {
        let Screen::Play(play) = &mut self.screen else {
            return false;
        };
        match command {
            Some(Command::Confirm) if play.facilitation.pending.is_some() => {
                if let Err(message) = facilitate::confirm_pending(play) {
                    self.message = Some(message);
                }
            }
            Some(Command::Cancel) if play.facilitation.pending.is_some() => {
                // Back to the options; the reason typed so far is kept.
                play.facilitation.pending = None;
                play.editing_reason = false;
            }
            Some(Command::Confirm) => play.editing_reason = false,
            Some(Command::Cancel) => {
                play.editing_reason = false;
                play.reason.clear();
            }
            Some(Command::Quit) => self.overlay = Some(Overlay::Quit),
            _ => match key.code {
                KeyCode::Backspace => {
                    play.reason.pop();
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    if play.reason.chars().count() < 200 && !crate::text::is_unsafe_char(c) {
                        play.reason.push(c);
                    }
                }
                _ => return false,
            },
        }
        true
    }

    /// A key while a notice is up.
    fn notice_command(&mut self, command: Command) {
        let Some(kind) = self.notice.as_ref().map(|n| n.kind) else {
            return;
        };
        match (kind, command) {
            (_, Command::Quit) => self.overlay = Some(Overlay::Quit),
            (NoticeKind::Info, Command::Confirm | Command::Cancel) => self.notice = None,
            (NoticeKind::ReplayStopped, Command::Confirm) => {
                // The continuation gets a new save file now; the original is kept.
                self.notice = None;
            }
            (NoticeKind::ReplayStopped, Command::Cancel) => {
                // Leave the replayed session unsaved: nothing is written.
                self.notice = None;
                self.screen = Screen::Launcher;
                if self.exercises.is_empty() {
                    self.quit = true;
                } else {
                    self.show_saves();
                }
            }
            _ => {}
        }
    }

    /// Write the After-Action Report beside the save and say where it went.
    fn write_report(&mut self) {
        let Screen::Play(play) = &self.screen else {
            return;
        };
        match autosave::write_report(play) {
            Ok((html, md)) => self.notice = Some(autosave::report_notice(&html, &md)),
            Err(message) => self.message = Some(message),
        }
    }

    /// Show the "Continue" tab, read afresh from the saves folder.
    fn show_saves(&mut self) {
        if let Some(autosave) = &self.autosave {
            let mut list = ContinueList::load(&autosave.dir, &self.exercises);
            list.active = true;
            self.saves = Some(list);
        }
    }

    /// Keys on the launcher's "Continue" tab, and Tab between the two tabs.
    fn continue_command(&mut self, command: Command) -> Result<(), String> {
        let Some(list) = &mut self.saves else {
            return Ok(());
        };
        match command {
            Command::NextPane | Command::PrevPane if list.active => list.active = false,
            Command::NextPane | Command::PrevPane => self.show_saves(),
            Command::Up => list.up(),
            Command::Down => list.down(),
            Command::Choose => {
                let Some(path) = list.selected_entry().map(|e| e.path.clone()) else {
                    return Ok(());
                };
                match autosave::open(&path) {
                    Ok(opened) => {
                        let (play, greeting) = autosave::play_from(opened);
                        self.screen = Screen::Play(Box::new(play));
                        self.greet(greeting);
                        self.sync_facilitation();
                    }
                    Err(e) => {
                        self.show_saves();
                        self.notice = Some(Notice::info(
                            crate::tr!("notice.save_unopenable.title"),
                            vec![
                                crate::text::sanitize(&e.to_string()).into_owned(),
                                String::new(),
                                crate::tr!("notice.save_unopenable.kept").into(),
                            ],
                        ));
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn launcher_command(&mut self, command: Command) -> Result<(), String> {
        if matches!(command, Command::NextPane | Command::PrevPane)
            || self.saves.as_ref().is_some_and(|s| s.active)
        {
            return self.continue_command(command);
        }
        let count = self.exercises.len();
        match command {
            Command::Up => self.launcher_selected = self.launcher_selected.saturating_sub(1),
            Command::Down => {
                self.launcher_selected = (self.launcher_selected + 1).min(count.saturating_sub(1))
            }
            Command::Choose => {
                if let Some(loaded) = self.exercises.get(self.launcher_selected) {
                    self.screen =
                        Screen::Setup(SetupState::new(loaded.clone(), self.default_seed, true));
                }
            }
            Command::Library => {
                self.library = Some(Box::new(LibraryState::new(&self.exercises)));
            }
            Command::WritePack => self.write_pack()?,
            _ => {}
        }
        Ok(())
    }

    /// Write the print pack (HTML) of the selected exercise into `packs/<id>` beside the
    /// saves folder, and say where.
    fn write_pack(&mut self) -> Result<(), String> {
        let Some(loaded) = self.exercises.get(self.launcher_selected) else {
            return Ok(());
        };
        let ex = &loaded.compiled.exercise;
        let dir = match self.autosave.as_ref().and_then(|a| a.dir.parent()) {
            Some(base) => base.join("packs").join(crate::text::safe_stem(&ex.id)),
            None => crate::pack::default_dir(&ex.id),
        };
        let pack = crate::pack::Pack::build(&loaded.compiled, crate::pack::DEFAULT_PLAN);
        crate::pack::write(&pack, crate::pack::PackFormat::Html, &dir)
            .map_err(|e| e.to_string())?;
        self.notice = Some(Notice::info(
            crate::tr!("notice.pack_written.title"),
            vec![
                crate::tr!(
                    "notice.pack_written.where",
                    title = ex.title,
                    minutes = crate::pack::DEFAULT_PLAN
                ),
                dir.display().to_string(),
                String::new(),
                crate::tr!("notice.pack_written.how").into(),
            ],
        ));
        Ok(())
    }

    fn setup_command(&mut self, command: Command, key: KeyEvent) -> Result<(), String> {
        if let Some(result) = self.setup_facilitation_command(command) {
            return result;
        }
        let Screen::Setup(setup) = &mut self.screen else {
            return Ok(());
        };
        let rows = setup.rows();
        let roles = setup.loaded.compiled.exercise.roles.len() as u32;
        let step = |i: usize, n: usize, forward: bool| {
            if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        match command {
            Command::Up => setup.focus = setup.focus.saturating_sub(1),
            Command::Down => setup.focus = (setup.focus + 1).min(rows.len() - 1),
            Command::Left | Command::Right => {
                let forward = command == Command::Right;
                match setup.focused_row() {
                    SetupRow::Mode => setup.cycle_mode(forward),
                    SetupRow::Player => {
                        setup.player = step(setup.player as usize, roles as usize, forward) as u32
                    }
                    SetupRow::Persona(r) => {
                        let all = Persona::ALL;
                        let i = all
                            .iter()
                            .position(|p| *p == setup.personas[r as usize])
                            .unwrap_or(0);
                        setup.personas[r as usize] = all[step(i, all.len(), forward)];
                    }
                    SetupRow::Plan
                    | SetupRow::Delegation(_)
                    | SetupRow::Observers
                    | SetupRow::Seed
                    | SetupRow::Start => {}
                }
            }
            Command::Digit | Command::DeleteChar => {
                // Typing digits anywhere edits the seed; focus follows so it can be seen.
                setup.focus = rows.iter().position(|r| *r == SetupRow::Seed).unwrap_or(0);
                match key.code {
                    KeyCode::Char(c) if c.is_ascii_digit() && setup.seed.len() < 20 => {
                        // No leading zeros: "0" then "7" reads as 7.
                        if setup.seed == "0" {
                            setup.seed.clear();
                        }
                        setup.seed.push(c);
                    }
                    KeyCode::Backspace => {
                        setup.seed.pop();
                    }
                    _ => {}
                }
            }
            Command::Language => setup.set_language(setup.lang.next()),
            Command::Back if setup.from_launcher => self.screen = Screen::Launcher,
            Command::Choose => {
                let seed = if setup.seed.is_empty() {
                    self.default_seed
                } else {
                    setup
                        .seed
                        .parse::<u64>()
                        .map_err(|_| crate::tr!("setup.seed_too_big").to_string())?
                };
                let loaded = if setup.lang == setup.loaded_lang {
                    setup.loaded.clone()
                } else {
                    in_language(&setup.loaded, setup.lang)
                };
                let session = Session::new(loaded.compiled.clone(), seed, setup.controllers());
                let mut play = Play::new(loaded, session, Some(setup.clone()));
                play.lang = setup.lang;
                play.configure(setup);
                self.screen = Screen::Play(Box::new(play));
            }
            _ => {}
        }
        Ok(())
    }

    fn play_command(&mut self, command: Command) -> Result<(), String> {
        if let Some(result) = self.facilitation_command(command) {
            return result;
        }
        let Screen::Play(play) = &mut self.screen else {
            return Ok(());
        };
        let page = play.page.get();
        let max = play.max_scroll.get();
        // Scrolling works the same on every document screen.
        let scrolls = matches!(
            play.view,
            View::ContentNote
                | View::Briefing
                | View::Situation
                | View::Resolution { .. }
                | View::Ending
                | View::Debrief
        );
        if scrolls {
            match command {
                Command::Up => {
                    play.scroll = play.scroll.saturating_sub(1);
                    return Ok(());
                }
                Command::Down => {
                    play.scroll = (play.scroll + 1).min(max);
                    return Ok(());
                }
                Command::PageUp => {
                    play.scroll = play.scroll.saturating_sub(page);
                    return Ok(());
                }
                Command::PageDown => {
                    play.scroll = (play.scroll + page).min(max);
                    return Ok(());
                }
                Command::Top => {
                    play.scroll = 0;
                    return Ok(());
                }
                Command::Bottom => {
                    play.scroll = max;
                    return Ok(());
                }
                _ => {}
            }
        }
        match play.view {
            View::ContentNote => match command {
                Command::Choose => play.reset_view(View::Briefing),
                Command::Back => self.back_to_setup(),
                _ => {}
            },
            View::Briefing => match command {
                Command::Choose => play.reset_view(View::Situation),
                Command::Back => self.back_to_setup(),
                Command::NextPane | Command::PrevPane => {
                    let headings = play.headings.borrow().clone();
                    let next = if command == Command::NextPane {
                        headings.iter().copied().find(|&h| h > play.scroll)
                    } else {
                        headings.iter().rev().copied().find(|&h| h < play.scroll)
                    };
                    play.scroll = next
                        .unwrap_or(if command == Command::NextPane { max } else { 0 })
                        .min(max);
                }
                _ => {}
            },
            View::Situation => match command {
                Command::Choose => play.begin_decisions()?,
                Command::NextPane | Command::PrevPane => {
                    play.pane = 1 - play.pane.min(1);
                    play.scroll = 0;
                }
                _ => {}
            },
            View::Decision => {
                let Some(role) = play.acting else {
                    return Ok(());
                };
                let items = decision::items(&play.session, role);
                let last = items.len().saturating_sub(1);
                match command {
                    Command::Up => play.selected = play.selected.saturating_sub(1),
                    Command::Down => play.selected = (play.selected + 1).min(last),
                    Command::PageUp | Command::Top => play.selected = 0,
                    Command::PageDown | Command::Bottom => play.selected = last,
                    Command::ToggleTags => play.show_tags = !play.show_tags,
                    Command::Reason => play.editing_reason = true,
                    Command::Back => play.reset_view(View::Situation),
                    Command::Choose => {
                        if let Some(item) = items.get(play.selected).copied() {
                            play.take(item)?;
                        }
                    }
                    _ => {}
                }
            }
            View::Resolution { .. } => {
                if command == Command::Choose {
                    let next = if play.session.state.is_ended() {
                        View::Ending
                    } else {
                        View::Situation
                    };
                    play.reset_view(next);
                }
            }
            View::Ending => {
                if command == Command::Choose {
                    play.reset_view(View::Debrief);
                }
            }
            View::Debrief => match command {
                Command::NextPane => {
                    play.pane = (play.pane + 1) % DEBRIEF_TABS.len();
                    play.scroll = 0;
                }
                Command::PrevPane => {
                    play.pane = (play.pane + DEBRIEF_TABS.len() - 1) % DEBRIEF_TABS.len();
                    play.scroll = 0;
                }
                _ => {}
            },
            // Their keys are handled in `facilitate`.
            View::HandOff | View::HotWash | View::Ratings | View::WhatIf => {}
        }
        Ok(())
    }

    fn back_to_setup(&mut self) {
        if let Screen::Play(play) = &mut self.screen
            && let Some(setup) = play.setup.take()
        {
            self.screen = Screen::Setup(setup);
        }
    }

    /// Draw the whole frame.
    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        let small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
        self.too_small.set(small);
        let buf = frame.buffer_mut();
        if small {
            (&TooSmall { theme: &self.theme }).render_to(area, buf);
            if self.overlay == Some(Overlay::Quit) {
                (&QuitOverlay {
                    theme: &self.theme,
                    in_session: self.session().is_some(),
                    saved: self.session_kept(),
                })
                    .render_to(area, buf);
            }
            return;
        }
        let [top, body, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(0),
            Constraint::Length(1),
        ])
        .areas(area);
        let (left, right) = self.title().fit(top.width);
        (&TitleBar {
            left: &left,
            right: &right,
            style: self.theme.title_bar,
        })
            .render_to(top, buf);
        let theme = &self.theme;
        let body = self.render_time_up(body, buf);
        match &self.screen {
            Screen::Launcher => self.render_launcher(body, buf),
            Screen::Setup(setup) => (&SetupView { setup, theme }).render_to(body, buf),
            Screen::Play(play) => match play.view {
                View::ContentNote | View::Briefing => {
                    (&BriefingView { play, theme }).render_to(body, buf)
                }
                View::Situation => (&SituationView { play, theme }).render_to(body, buf),
                View::Decision => (&DecisionView { play, theme }).render_to(body, buf),
                View::Resolution { turn } => {
                    (&ResolutionView { play, turn, theme }).render_to(body, buf)
                }
                View::Ending => (&EndingView { play, theme }).render_to(body, buf),
                View::Debrief => (&DebriefView { play, theme }).render_to(body, buf),
                View::HandOff | View::HotWash | View::Ratings | View::WhatIf => {
                    facilitate::render_view(play, theme, body, buf)
                }
            },
        }
        if let Screen::Play(play) = &self.screen {
            facilitate::render_overlays(play, theme, body, buf);
        }
        if let Some(library) = &self.library {
            ratatui::widgets::Clear.render_to(body, buf);
            (&LibraryView {
                state: library,
                theme,
            })
                .render_to(body, buf);
        }
        let context = self.context();
        (&HintBar {
            context,
            theme,
            message: self.message.as_deref(),
        })
            .render_to(bottom, buf);
        if let Some(notice) = &self.notice {
            (&NoticeOverlay { notice, theme }).render_to(body, buf);
        }
        match self.overlay {
            Some(Overlay::Help) => {
                let notes = help_notes(self.screen_context());
                (&HelpOverlay {
                    context: self.screen_context(),
                    theme,
                    scroll: self.help_scroll,
                    max_scroll: &self.help_max,
                    page: &self.help_page,
                    notes: &notes,
                })
                    .render_to(body, buf);
            }
            Some(Overlay::Quit) => (&QuitOverlay {
                theme,
                in_session: self.session().is_some(),
                saved: self.session_kept(),
            })
                .render_to(body, buf),
            None => {}
        }
    }

    /// The launcher: the exercises, and with a saves folder the "Continue" tab too.
    fn render_launcher(&self, body: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer) {
        let theme = &self.theme;
        let exercises = LauncherView {
            exercises: &self.exercises,
            selected: self.launcher_selected,
            theme,
        };
        let Some(list) = &self.saves else {
            (&exercises).render_to(body, buf);
            return;
        };
        let [tabs, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
        (&LauncherTabs { list, theme }).render_to(tabs, buf);
        if list.active {
            (&ContinueView { list, theme }).render_to(rest, buf);
        } else {
            (&exercises).render_to(rest, buf);
        }
    }

    /// Title bar text: where you are, and the exercise with seed and mode.
    fn title(&self) -> TitleText {
        let left = |text: &str| TitleText {
            left: text.to_string(),
            ..TitleText::default()
        };
        if self.library.is_some() {
            return left(crate::tr!("title.library"));
        }
        match &self.screen {
            Screen::Launcher => left(crate::tr!("title.launcher")),
            Screen::Setup(s) => left(&crate::tr!(
                "title.setup",
                title = s.loaded.compiled.exercise.title
            )),
            Screen::Play(p) => {
                let c = &p.session.compiled;
                let s = &p.session.state;
                let left = match p.view {
                    View::ContentNote => crate::tr!("title.content_note").to_string(),
                    View::Briefing => crate::tr!("title.briefing").to_string(),
                    View::Situation | View::Decision => crate::tr!(
                        "title.turn",
                        turn = s.turn,
                        stage = crate::describe::stage_title(c, s.stage)
                    ),
                    View::HandOff => crate::tr!("title.hand_off", turn = s.turn),
                    View::Resolution { turn } => crate::tr!("title.what_happened", turn = turn),
                    View::Ending => crate::tr!("title.ending").to_string(),
                    View::Debrief => crate::tr!("title.debrief").to_string(),
                    View::HotWash => crate::tr!("title.hot_wash").to_string(),
                    View::Ratings => crate::tr!("title.ratings").to_string(),
                    View::WhatIf => crate::tr!("title.what_if").to_string(),
                };
                let mode = match p.player {
                    Some(r) => crate::tr!("title.solo", role = crate::describe::role_name(c, r)),
                    None => p.mode.label().to_string(),
                };
                let timer = p.title_timer();
                TitleText {
                    left,
                    // The time box always shows; the exercise's title gives way to it.
                    title: timer.is_none().then(|| c.exercise.title.clone()),
                    seed: Some(crate::tr!("title.seed", seed = p.session.seed)),
                    mode: Some(mode),
                    timer,
                }
            }
        }
    }
}

/// Legends for the help overlay of a screen.
/// Windows reports a character typed with AltGr (`@`, `€`, `{`… on French and Spanish
/// keyboards) as Ctrl+Alt+character: read it as the character, so it can be typed.
fn altgr_as_text(key: KeyEvent) -> KeyEvent {
    let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
    match key.code {
        KeyCode::Char(c) if key.modifiers.contains(altgr) && !c.is_control() => KeyEvent {
            modifiers: key.modifiers - altgr,
            ..key
        },
        _ => key,
    }
}

fn help_notes(context: Context) -> Vec<&'static str> {
    use crate::tr;
    match context {
        Context::Situation | Context::Resolution | Context::Debrief => {
            vec![tr!("help.note.trends"), tr!("help.note.unknown")]
        }
        Context::Decision => vec![tr!("help.note.tags_hidden"), tr!("help.note.offers")],
        Context::Setup => vec![tr!("help.note.setup"), tr!("help.note.language")],
        Context::Launcher | Context::Continue => vec![tr!("help.note.saves")],
        Context::Library => vec![tr!("help.note.library")],
        _ => Vec::new(),
    }
}

/// `Widget::render` by reference, named so call sites read as drawing.
trait RenderTo {
    fn render_to(self, area: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer);
}

impl<T> RenderTo for T
where
    T: ratatui::widgets::Widget,
{
    fn render_to(self, area: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer) {
        self.render(area, buf);
    }
}

/// The exercise with its text in `lang` (its translation sidecar; English is the source),
/// so the language chosen at setup reaches the situation, options and debrief. An exercise
/// without a translation, or one that cannot be reloaded, plays as it was loaded.
fn in_language(loaded: &Loaded, lang: Lang) -> Loaded {
    let name = if loaded.shipped {
        loaded.compiled.exercise.id.clone()
    } else {
        loaded.origin.clone()
    };
    let reloaded = match lang {
        Lang::En => crate::exercises::find(&name),
        other => crate::exercises::find_translated(&name, other.code()).map(|(found, _)| found),
    };
    reloaded.unwrap_or_else(|_| loaded.clone())
}
