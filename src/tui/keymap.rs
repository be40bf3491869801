//! Keys to named commands, per context. The help overlay and the hint bar are generated
//! from this one table, so what the screen says is what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the keyboard is: a screen, or an overlay or text field on top of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Launcher,
    Setup,
    Briefing,
    Situation,
    Decision,
    /// Typing a one-line reason.
    Reason,
    Resolution,
    Ending,
    Debrief,
    Help,
    QuitConfirm,
    /// The launcher's list of saved sessions.
    Continue,
    /// Replay of a save stopped early: continue from there or go back.
    ReplayStopped,
    /// A notice that only needs closing.
    Notice,
    /// Pass the keyboard: the screen between two delegations.
    HandOff,
    /// The facilitator console's menu and lists.
    Console,
    /// Typing into a field of the console, the roster or a rating comment.
    Typing,
    /// Typing the reason for a choice just keyed in (projector, pass the keyboard).
    ChoiceReason,
    /// The session plan and "what to say next".
    Agenda,
    /// The hot wash: the guiding questions one at a time.
    HotWash,
    /// Rating the learning objectives P/S/M/U.
    Ratings,
    /// Solo "what if": another option, replayed.
    WhatIf,
    /// The library of frameworks, good practices and real cases; typing searches.
    Library,
}

/// What a key asks for; each screen decides what that means for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Choose,
    Back,
    NextPane,
    PrevPane,
    Help,
    Quit,
    ToggleTags,
    Reason,
    /// A digit typed into the seed.
    Digit,
    DeleteChar,
    Confirm,
    Cancel,
    /// Write the After-Action Report beside the save.
    WriteReport,
    /// Open the facilitator console.
    Console,
    /// Open the session plan and cues.
    Agenda,
    /// Give the time box 30 seconds more.
    AddTime,
    /// Pause or resume the exercise and its clock.
    PauseTimer,
    /// Show or hide the private brief of the delegation at the keyboard.
    PrivateBrief,
    HotWash,
    RateObjectives,
    WhatIf,
    /// Edit the focused roster row.
    Edit,
    RateP,
    RateS,
    RateM,
    RateU,
    /// Open the library (from the launcher).
    Library,
    /// Write the print pack of the selected exercise (from the launcher).
    WritePack,
    /// A letter typed into a search box.
    TypeChar,
    /// Switch the interface language (setup).
    Language,
}

/// A key as bound: a code and whether Ctrl is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode),
    Ctrl(char),
    /// Any of 0–9.
    AnyDigit,
    /// Any printable character but `?` (which stays help), for typing into a search box.
    Text,
}

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        match self {
            Key::Ctrl(c) => ctrl && event.code == KeyCode::Char(c),
            Key::AnyDigit => {
                !ctrl && !alt && matches!(event.code, KeyCode::Char(c) if c.is_ascii_digit())
            }
            Key::Code(code) => !ctrl && !alt && event.code == code,
            Key::Text => {
                !ctrl
                    && !alt
                    && matches!(event.code, KeyCode::Char(c) if c != '?' && !c.is_control())
            }
        }
    }

    /// How the key is written in hints and help, in the interface language.
    pub fn label(self) -> String {
        match self {
            Key::Ctrl(c) => crate::tr!("key.ctrl", key = c),
            Key::AnyDigit => "0-9".into(),
            Key::Text => "a-z".into(),
            Key::Code(code) => match code {
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Enter => crate::tr!("key.enter").into(),
                KeyCode::Esc => crate::tr!("key.esc").into(),
                KeyCode::Tab => crate::tr!("key.tab").into(),
                KeyCode::BackTab => crate::tr!("key.backtab").into(),
                KeyCode::PageUp => crate::tr!("key.page_up").into(),
                KeyCode::PageDown => crate::tr!("key.page_down").into(),
                KeyCode::Home => crate::tr!("key.home").into(),
                KeyCode::End => crate::tr!("key.end").into(),
                KeyCode::Backspace => crate::tr!("key.backspace").into(),
                KeyCode::Char(' ') => crate::tr!("key.space").into(),
                KeyCode::Char(c) => c.to_string(),
                KeyCode::F(n) => format!("F{n}"),
                other => format!("{other:?}"),
            },
        }
    }
}

/// One line of help: some keys, what they do, where.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [(Key, Command)],
    /// What the keys do, in a few words: an id in the string tables.
    pub text: &'static str,
    pub contexts: &'static [Context],
    /// How many of `keys` the hint bar shows; 0 keeps the binding out of the bar.
    pub in_bar: usize,
    /// The hint bar's shorter wording (an id), if `text` is long.
    pub short: Option<&'static str>,
}

use Command as C;
use Context as X;
use KeyCode as K;

const fn code(k: KeyCode) -> Key {
    Key::Code(k)
}

const SCROLLING: &[Context] = &[
    X::Briefing,
    X::Situation,
    X::Resolution,
    X::Ending,
    X::Debrief,
    X::Help,
];
const LISTS: &[Context] = &[X::Launcher, X::Continue, X::Setup, X::Decision];
const EVERYWHERE: &[Context] = &[
    X::Launcher,
    X::Continue,
    X::Setup,
    X::Briefing,
    X::Situation,
    X::Decision,
    X::Resolution,
    X::Ending,
    X::Debrief,
];

/// Screens with the facilitator console and the agenda.
const FACILITATED: &[Context] = &[
    X::Briefing,
    X::Situation,
    X::Decision,
    X::HandOff,
    X::Resolution,
    X::Ending,
    X::Debrief,
];
/// The screens and overlays of a facilitated session (help and quit work on each).
const ROOM_SCREENS: &[Context] = &[
    X::HandOff,
    X::Console,
    X::Agenda,
    X::HotWash,
    X::Ratings,
    X::WhatIf,
];
/// Screens with a time box: its keys add time and pause.
const TIMED: &[Context] = &[
    X::Briefing,
    X::Situation,
    X::Decision,
    X::HandOff,
    X::Resolution,
    X::HotWash,
];

/// The key map. Order matters: the first binding that matches a key in a context wins,
/// and help and hints list bindings in this order.
pub static BINDINGS: &[Binding] = &[
    // Typing a reason: only these keys are commands; everything else is text.
    Binding {
        keys: &[(code(K::Enter), C::Confirm)],
        text: "keys.keep_the_reason",
        contexts: &[X::Reason],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Esc), C::Cancel)],
        text: "keys.cancel_typing",
        contexts: &[X::Reason],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(Key::Ctrl('c'), C::Quit)],
        text: "keys.quit",
        contexts: &[X::Reason],
        in_bar: 0,
        short: Some("keys.short.quit"),
    },
    // The quit question.
    Binding {
        keys: &[
            (code(K::Char('y')), C::Confirm),
            (code(K::Enter), C::Confirm),
        ],
        text: "keys.yes_quit",
        contexts: &[X::QuitConfirm],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[
            (code(K::Char('n')), C::Cancel),
            (code(K::Esc), C::Cancel),
            (code(K::Char('q')), C::Cancel),
        ],
        text: "keys.no_go_on",
        contexts: &[X::QuitConfirm],
        in_bar: 2,
        short: None,
    },
    // Lists.
    Binding {
        keys: &[
            (code(K::Up), C::Up),
            (code(K::Down), C::Down),
            (code(K::Char('k')), C::Up),
            (code(K::Char('j')), C::Down),
        ],
        text: "keys.move",
        contexts: LISTS,
        in_bar: 2,
        short: None,
    },
    Binding {
        keys: &[
            (code(K::Up), C::Up),
            (code(K::Down), C::Down),
            (code(K::Char('k')), C::Up),
            (code(K::Char('j')), C::Down),
        ],
        text: "keys.scroll",
        contexts: SCROLLING,
        in_bar: 2,
        short: None,
    },
    Binding {
        keys: &[
            (code(K::PageUp), C::PageUp),
            (code(K::PageDown), C::PageDown),
        ],
        text: "keys.scroll_a_page",
        contexts: &[
            X::Briefing,
            X::Situation,
            X::Decision,
            X::Resolution,
            X::Ending,
            X::Debrief,
        ],
        in_bar: 0,
        short: None,
    },
    Binding {
        keys: &[(code(K::Home), C::Top), (code(K::End), C::Bottom)],
        text: "keys.top_bottom",
        contexts: &[
            X::Briefing,
            X::Situation,
            X::Decision,
            X::Resolution,
            X::Debrief,
        ],
        in_bar: 0,
        short: None,
    },
    Binding {
        keys: &[(code(K::Left), C::Left), (code(K::Right), C::Right)],
        text: "keys.change_the_value",
        contexts: &[X::Setup],
        in_bar: 2,
        short: Some("keys.short.change"),
    },
    // Early in the bar: whoever does not read the current language must find it.
    Binding {
        keys: &[(code(K::Char('l')), C::Language)],
        text: "keys.language",
        contexts: &[X::Setup],
        in_bar: 1,
        short: Some("keys.short.language"),
    },
    // Out of the bar, to leave room for the language: digits edit the seed anywhere in
    // setup, and the seed row says so.
    Binding {
        keys: &[
            (Key::AnyDigit, C::Digit),
            (code(K::Backspace), C::DeleteChar),
        ],
        text: "keys.type_the_seed",
        contexts: &[X::Setup],
        in_bar: 0,
        short: Some("keys.short.seed"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "keys.open",
        contexts: &[X::Launcher],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "keys.continue_this_session",
        contexts: &[X::Continue],
        in_bar: 1,
        short: Some("keys.short.continue"),
    },
    Binding {
        keys: &[(code(K::Tab), C::NextPane), (code(K::BackTab), C::PrevPane)],
        text: "keys.saved_sessions_to_continue",
        contexts: &[X::Launcher],
        in_bar: 1,
        short: Some("keys.short.saved_sessions"),
    },
    Binding {
        keys: &[(code(K::Tab), C::NextPane), (code(K::BackTab), C::PrevPane)],
        text: "keys.new_exercise",
        contexts: &[X::Continue],
        in_bar: 1,
        short: None,
    },
    // Replay of a save stopped early, and notices.
    Binding {
        keys: &[(code(K::Enter), C::Confirm)],
        text: "keys.continue_from_there",
        contexts: &[X::ReplayStopped],
        in_bar: 1,
        short: Some("keys.short.continue_from_there"),
    },
    Binding {
        keys: &[(code(K::Esc), C::Cancel)],
        text: "keys.go_back",
        contexts: &[X::ReplayStopped],
        in_bar: 1,
        short: Some("keys.short.go_back"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Confirm), (code(K::Esc), C::Cancel)],
        text: "keys.close",
        contexts: &[X::Notice],
        in_bar: 2,
        short: None,
    },
    Binding {
        keys: &[(Key::Ctrl('c'), C::Quit)],
        text: "keys.quit",
        contexts: &[X::ReplayStopped, X::Notice],
        in_bar: 0,
        short: Some("keys.short.quit"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "keys.start",
        contexts: &[X::Setup],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "keys.continue",
        contexts: &[X::Briefing, X::Resolution, X::Ending],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "keys.to_the_decisions",
        contexts: &[X::Situation],
        in_bar: 1,
        short: Some("keys.short.decide"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "keys.choose",
        contexts: &[X::Decision],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Char('r')), C::Reason)],
        text: "keys.type_a_reason",
        contexts: &[X::Decision],
        in_bar: 1,
        short: Some("keys.short.reason"),
    },
    Binding {
        keys: &[(code(K::Char('t')), C::ToggleTags)],
        text: "keys.show_tags_and_frameworks",
        contexts: &[X::Decision],
        in_bar: 1,
        short: Some("keys.short.tags"),
    },
    Binding {
        keys: &[(code(K::Tab), C::NextPane), (code(K::BackTab), C::PrevPane)],
        text: "keys.next_previous_section",
        contexts: &[X::Briefing],
        in_bar: 1,
        short: Some("keys.short.section"),
    },
    Binding {
        keys: &[(code(K::Tab), C::NextPane), (code(K::BackTab), C::PrevPane)],
        text: "keys.switch_pane",
        contexts: &[X::Situation],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[
            (code(K::Tab), C::NextPane),
            (code(K::BackTab), C::PrevPane),
            (code(K::Right), C::NextPane),
            (code(K::Left), C::PrevPane),
        ],
        text: "keys.next_previous_tab",
        contexts: &[X::Debrief],
        in_bar: 1,
        short: Some("keys.short.tab"),
    },
    Binding {
        keys: &[(code(K::Esc), C::Back)],
        text: "keys.back",
        contexts: &[X::Setup, X::Briefing, X::Decision],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Char('e')), C::WriteReport)],
        text: "keys.write_the_after_action_report",
        contexts: &[X::Debrief],
        in_bar: 1,
        short: Some("keys.short.report"),
    },
    Binding {
        keys: &[(code(K::Esc), C::Back), (code(K::Char('?')), C::Back)],
        text: "keys.close_help",
        contexts: &[X::Help],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Char('?')), C::Help)],
        text: "keys.help",
        contexts: EVERYWHERE,
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Char('q')), C::Quit), (Key::Ctrl('c'), C::Quit)],
        text: "keys.quit",
        contexts: &[
            X::Launcher,
            X::Continue,
            X::Setup,
            X::Briefing,
            X::Situation,
            X::Decision,
            X::Resolution,
            X::Ending,
            X::Debrief,
            X::Help,
        ],
        in_bar: 1,
        short: Some("keys.short.quit"),
    },
    // The launcher's way to the library and the print pack.
    Binding {
        keys: &[(code(K::Char('l')), C::Library)],
        text: "keys.library_frameworks_good_practices_and",
        contexts: &[X::Launcher],
        in_bar: 1,
        short: Some("keys.short.library"),
    },
    Binding {
        keys: &[(code(K::Char('p')), C::WritePack)],
        text: "keys.write_the_print_pack_of",
        contexts: &[X::Launcher],
        in_bar: 1,
        short: Some("keys.short.pack"),
    },
    // The library: typing searches, so only these keys are commands.
    Binding {
        keys: &[(code(K::Up), C::Up), (code(K::Down), C::Down)],
        text: "keys.move",
        contexts: &[X::Library],
        in_bar: 2,
        short: None,
    },
    Binding {
        keys: &[
            (Key::Text, C::TypeChar),
            (code(K::Backspace), C::DeleteChar),
        ],
        text: "keys.type_to_search_backspace_deletes",
        contexts: &[X::Library],
        in_bar: 1,
        short: Some("keys.short.search"),
    },
    Binding {
        keys: &[
            (code(K::PageUp), C::PageUp),
            (code(K::PageDown), C::PageDown),
        ],
        text: "keys.scroll_the_details",
        contexts: &[X::Library],
        in_bar: 2,
        short: Some("keys.short.details"),
    },
    Binding {
        keys: &[(code(K::Home), C::Top), (code(K::End), C::Bottom)],
        text: "keys.first_last_entry",
        contexts: &[X::Library],
        in_bar: 0,
        short: None,
    },
    Binding {
        keys: &[(code(K::Esc), C::Back)],
        text: "keys.clear_the_search_or_back",
        contexts: &[X::Library],
        in_bar: 1,
        short: Some("keys.short.back"),
    },
    Binding {
        keys: &[(code(K::Char('?')), C::Help)],
        text: "keys.help",
        contexts: &[X::Library],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(Key::Ctrl('c'), C::Quit)],
        text: "keys.quit",
        contexts: &[X::Library],
        in_bar: 0,
        short: Some("keys.short.quit"),
    },
    // Facilitated sessions (see `tui::facilitation`), after the common keys so the
    // hint bar keeps "? help" and "q quit" first when it runs out of room.
    Binding {
        keys: &[(code(K::Enter), C::Confirm)],
        text: "keys.record_the_choice_with_this",
        contexts: &[X::ChoiceReason],
        in_bar: 1,
        short: Some("keys.short.record"),
    },
    Binding {
        keys: &[(code(K::Esc), C::Cancel)],
        text: "keys.back_to_the_options",
        contexts: &[X::ChoiceReason],
        in_bar: 1,
        short: Some("keys.short.back"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Confirm)],
        text: "keys.done",
        contexts: &[X::Typing],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Esc), C::Cancel)],
        text: "keys.cancel",
        contexts: &[X::Typing],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Tab), C::NextPane), (code(K::BackTab), C::PrevPane)],
        text: "keys.next_previous_field",
        contexts: &[X::Typing],
        in_bar: 0,
        short: None,
    },
    Binding {
        keys: &[(Key::Ctrl('c'), C::Quit)],
        text: "keys.quit",
        contexts: &[X::Typing, X::ChoiceReason],
        in_bar: 0,
        short: Some("keys.short.quit"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "keys.our_delegation_is_ready",
        contexts: &[X::HandOff],
        in_bar: 1,
        short: Some("keys.short.ready"),
    },
    Binding {
        keys: &[
            (code(K::Up), C::Up),
            (code(K::Down), C::Down),
            (code(K::Char('k')), C::Up),
            (code(K::Char('j')), C::Down),
        ],
        text: "keys.move",
        contexts: &[X::Console, X::Ratings, X::WhatIf],
        in_bar: 2,
        short: None,
    },
    Binding {
        keys: &[
            (code(K::Up), C::Up),
            (code(K::Down), C::Down),
            (code(K::Char('k')), C::Up),
            (code(K::Char('j')), C::Down),
        ],
        text: "keys.scroll",
        contexts: &[X::Agenda, X::HotWash],
        in_bar: 2,
        short: None,
    },
    Binding {
        keys: &[(code(K::Home), C::Top), (code(K::End), C::Bottom)],
        text: "keys.first_last",
        contexts: &[X::Console],
        in_bar: 0,
        short: None,
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "keys.choose",
        contexts: &[X::Console, X::WhatIf],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[
            (code(K::Right), C::Right),
            (code(K::Left), C::Left),
            (code(K::Tab), C::NextPane),
            (code(K::BackTab), C::PrevPane),
        ],
        text: "keys.next_previous_question",
        contexts: &[X::HotWash],
        in_bar: 2,
        short: Some("keys.short.question"),
    },
    Binding {
        keys: &[
            (code(K::Char('p')), C::RateP),
            (code(K::Char('s')), C::RateS),
            (code(K::Char('m')), C::RateM),
            (code(K::Char('u')), C::RateU),
        ],
        text: "keys.rate_p_s_m_or",
        contexts: &[X::Ratings],
        in_bar: 4,
        short: Some("keys.short.rate"),
    },
    Binding {
        keys: &[(code(K::Esc), C::Back)],
        text: "keys.back",
        contexts: &[X::Console, X::HandOff, X::HotWash, X::Ratings, X::WhatIf],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Esc), C::Back), (code(K::Char('a')), C::Agenda)],
        text: "keys.close_the_agenda",
        contexts: &[X::Agenda],
        in_bar: 1,
        short: Some("keys.short.close"),
    },
    Binding {
        keys: &[(code(K::Char('h')), C::HotWash)],
        text: "keys.hot_wash_guiding_questions_with",
        contexts: &[X::Debrief],
        in_bar: 1,
        short: Some("keys.short.hot_wash"),
    },
    Binding {
        keys: &[(code(K::Char('o')), C::RateObjectives)],
        text: "keys.rate_the_learning_objectives_p",
        contexts: &[X::Debrief],
        in_bar: 1,
        short: Some("keys.short.rate"),
    },
    Binding {
        keys: &[(code(K::Char('w')), C::WhatIf)],
        text: "keys.what_if_replay_with_another",
        contexts: &[X::Debrief],
        in_bar: 1,
        short: Some("keys.short.what_if"),
    },
    Binding {
        keys: &[(code(K::Char('e')), C::Edit)],
        text: "keys.edit_the_delegation_or_the",
        contexts: &[X::Setup],
        in_bar: 1,
        short: Some("keys.short.edit_roster"),
    },
    Binding {
        keys: &[(code(K::Char('b')), C::PrivateBrief)],
        text: "keys.show_or_hide_your_delegation",
        contexts: &[X::Decision],
        in_bar: 0,
        short: Some("keys.short.brief"),
    },
    Binding {
        keys: &[
            (code(K::Char('f')), C::Console),
            (code(K::F(2)), C::Console),
        ],
        text: "keys.facilitator_console",
        contexts: FACILITATED,
        in_bar: 1,
        short: Some("keys.short.console"),
    },
    Binding {
        keys: &[(code(K::Char('a')), C::Agenda)],
        text: "keys.agenda_session_plan_and_what",
        contexts: FACILITATED,
        in_bar: 1,
        short: Some("keys.short.agenda"),
    },
    Binding {
        keys: &[(code(K::Char('+')), C::AddTime)],
        text: "keys.add_30_seconds_to_the",
        contexts: TIMED,
        in_bar: 1,
        short: Some("keys.short.30_s"),
    },
    Binding {
        keys: &[(code(K::Char('p')), C::PauseTimer)],
        text: "keys.pause_or_resume_the_exercise",
        contexts: TIMED,
        in_bar: 1,
        short: Some("keys.short.pause"),
    },
    Binding {
        keys: &[(code(K::Char('?')), C::Help)],
        text: "keys.help",
        contexts: ROOM_SCREENS,
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Char('q')), C::Quit), (Key::Ctrl('c'), C::Quit)],
        text: "keys.quit",
        contexts: ROOM_SCREENS,
        in_bar: 1,
        short: Some("keys.short.quit"),
    },
];

/// The command a key means in a context, if any.
pub fn command_for(context: Context, event: &KeyEvent) -> Option<Command> {
    BINDINGS
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .flat_map(|b| b.keys.iter())
        .find(|(key, _)| key.matches(event))
        .map(|(_, command)| *command)
}

fn join_labels(keys: &[(Key, Command)]) -> String {
    let labels: Vec<String> = keys.iter().map(|(k, _)| k.label()).collect();
    // Arrows read best run together ("↑↓"); names need a separator ("y/Enter").
    if labels
        .iter()
        .all(|l| l.chars().count() == 1 && !l.chars().all(char::is_alphanumeric))
    {
        labels.concat()
    } else {
        labels.join("/")
    }
}

/// (keys, what they do) for the hint bar, in table order and the interface language.
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.in_bar > 0 && b.contexts.contains(&context))
        .map(|b| {
            (
                join_labels(&b.keys[..b.in_bar.min(b.keys.len())]),
                crate::i18n::t(b.short.unwrap_or(b.text)),
            )
        })
        .collect()
}

/// (keys, what they do) for the help overlay: every binding of the context.
pub fn help(context: Context) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .map(|b| (join_labels(b.keys), crate::i18n::t(b.text)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_context_can_quit_or_cancel() {
        for context in [
            X::Launcher,
            X::Continue,
            X::Setup,
            X::Briefing,
            X::Situation,
            X::Decision,
            X::Resolution,
            X::Ending,
            X::Debrief,
            X::Help,
        ] {
            let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
            assert_eq!(command_for(context, &q), Some(C::Quit), "{context:?}");
        }
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(command_for(X::Reason, &q), None);
    }

    #[test]
    fn hints_come_from_the_table() {
        let hints = hints(X::Decision);
        assert!(
            hints.iter().any(|(k, t)| k == "↑↓" && *t == "move"),
            "{hints:?}"
        );
        assert!(hints.iter().any(|(k, _)| k == "?"));
    }
}
