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

    /// How the key is written in hints and help.
    pub fn label(self) -> String {
        match self {
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::AnyDigit => "0-9".into(),
            Key::Text => "a-z".into(),
            Key::Code(code) => match code {
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Char(' ') => "Space".into(),
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
    /// What the keys do, in a few words.
    pub text: &'static str,
    pub contexts: &'static [Context],
    /// How many of `keys` the hint bar shows; 0 keeps the binding out of the bar.
    pub in_bar: usize,
    /// The hint bar's shorter wording, if `text` is long.
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
        text: "keep the reason",
        contexts: &[X::Reason],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Esc), C::Cancel)],
        text: "cancel typing",
        contexts: &[X::Reason],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(Key::Ctrl('c'), C::Quit)],
        text: "quit (asks first)",
        contexts: &[X::Reason],
        in_bar: 0,
        short: Some("quit"),
    },
    // The quit question.
    Binding {
        keys: &[
            (code(K::Char('y')), C::Confirm),
            (code(K::Enter), C::Confirm),
        ],
        text: "yes, quit",
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
        text: "no, go on",
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
        text: "move",
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
        text: "scroll",
        contexts: SCROLLING,
        in_bar: 2,
        short: None,
    },
    Binding {
        keys: &[
            (code(K::PageUp), C::PageUp),
            (code(K::PageDown), C::PageDown),
        ],
        text: "scroll a page",
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
        text: "top / bottom",
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
        keys: &[
            (code(K::Left), C::Left),
            (code(K::Right), C::Right),
            (code(K::Char('h')), C::Left),
            (code(K::Char('l')), C::Right),
        ],
        text: "change the value",
        contexts: &[X::Setup],
        in_bar: 2,
        short: Some("change"),
    },
    Binding {
        keys: &[
            (Key::AnyDigit, C::Digit),
            (code(K::Backspace), C::DeleteChar),
        ],
        text: "type the seed",
        contexts: &[X::Setup],
        in_bar: 1,
        short: Some("seed"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "open",
        contexts: &[X::Launcher],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "continue this session",
        contexts: &[X::Continue],
        in_bar: 1,
        short: Some("continue"),
    },
    Binding {
        keys: &[(code(K::Tab), C::NextPane), (code(K::BackTab), C::PrevPane)],
        text: "saved sessions to continue",
        contexts: &[X::Launcher],
        in_bar: 1,
        short: Some("saved sessions"),
    },
    Binding {
        keys: &[(code(K::Tab), C::NextPane), (code(K::BackTab), C::PrevPane)],
        text: "new exercise",
        contexts: &[X::Continue],
        in_bar: 1,
        short: None,
    },
    // Replay of a save stopped early, and notices.
    Binding {
        keys: &[(code(K::Enter), C::Confirm)],
        text: "continue from there (in a new save)",
        contexts: &[X::ReplayStopped],
        in_bar: 1,
        short: Some("continue from there"),
    },
    Binding {
        keys: &[(code(K::Esc), C::Cancel)],
        text: "go back (nothing is written)",
        contexts: &[X::ReplayStopped],
        in_bar: 1,
        short: Some("go back"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Confirm), (code(K::Esc), C::Cancel)],
        text: "close",
        contexts: &[X::Notice],
        in_bar: 2,
        short: None,
    },
    Binding {
        keys: &[(Key::Ctrl('c'), C::Quit)],
        text: "quit (asks first)",
        contexts: &[X::ReplayStopped, X::Notice],
        in_bar: 0,
        short: Some("quit"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "start",
        contexts: &[X::Setup],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "continue",
        contexts: &[X::Briefing, X::Resolution, X::Ending],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "to the decisions",
        contexts: &[X::Situation],
        in_bar: 1,
        short: Some("decide"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "choose",
        contexts: &[X::Decision],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Char('r')), C::Reason)],
        text: "type a reason",
        contexts: &[X::Decision],
        in_bar: 1,
        short: Some("reason"),
    },
    Binding {
        keys: &[(code(K::Char('t')), C::ToggleTags)],
        text: "show tags and frameworks",
        contexts: &[X::Decision],
        in_bar: 1,
        short: Some("tags"),
    },
    Binding {
        keys: &[(code(K::Tab), C::NextPane), (code(K::BackTab), C::PrevPane)],
        text: "next / previous section",
        contexts: &[X::Briefing],
        in_bar: 1,
        short: Some("section"),
    },
    Binding {
        keys: &[(code(K::Tab), C::NextPane), (code(K::BackTab), C::PrevPane)],
        text: "switch pane",
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
        text: "next / previous tab",
        contexts: &[X::Debrief],
        in_bar: 1,
        short: Some("tab"),
    },
    Binding {
        keys: &[(code(K::Esc), C::Back)],
        text: "back",
        contexts: &[X::Setup, X::Briefing, X::Decision],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Char('e')), C::WriteReport)],
        text: "write the After-Action Report (HTML and Markdown) beside the save",
        contexts: &[X::Debrief],
        in_bar: 1,
        short: Some("report"),
    },
    Binding {
        keys: &[(code(K::Esc), C::Back), (code(K::Char('?')), C::Back)],
        text: "close help",
        contexts: &[X::Help],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Char('?')), C::Help)],
        text: "help",
        contexts: EVERYWHERE,
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Char('q')), C::Quit), (Key::Ctrl('c'), C::Quit)],
        text: "quit (asks first)",
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
        short: Some("quit"),
    },
    // The launcher's way to the library and the print pack.
    Binding {
        keys: &[(code(K::Char('l')), C::Library)],
        text: "library: frameworks, good practices and real cases",
        contexts: &[X::Launcher],
        in_bar: 1,
        short: Some("library"),
    },
    Binding {
        keys: &[(code(K::Char('p')), C::WritePack)],
        text: "write the print pack of this exercise (briefs, guide, forms)",
        contexts: &[X::Launcher],
        in_bar: 1,
        short: Some("pack"),
    },
    // The library: typing searches, so only these keys are commands.
    Binding {
        keys: &[(code(K::Up), C::Up), (code(K::Down), C::Down)],
        text: "move",
        contexts: &[X::Library],
        in_bar: 2,
        short: None,
    },
    Binding {
        keys: &[
            (Key::Text, C::TypeChar),
            (code(K::Backspace), C::DeleteChar),
        ],
        text: "type to search; Backspace deletes",
        contexts: &[X::Library],
        in_bar: 1,
        short: Some("search"),
    },
    Binding {
        keys: &[
            (code(K::PageUp), C::PageUp),
            (code(K::PageDown), C::PageDown),
        ],
        text: "scroll the details",
        contexts: &[X::Library],
        in_bar: 2,
        short: Some("details"),
    },
    Binding {
        keys: &[(code(K::Home), C::Top), (code(K::End), C::Bottom)],
        text: "first / last entry",
        contexts: &[X::Library],
        in_bar: 0,
        short: None,
    },
    Binding {
        keys: &[(code(K::Esc), C::Back)],
        text: "clear the search, or back to the launcher",
        contexts: &[X::Library],
        in_bar: 1,
        short: Some("back"),
    },
    Binding {
        keys: &[(code(K::Char('?')), C::Help)],
        text: "help",
        contexts: &[X::Library],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(Key::Ctrl('c'), C::Quit)],
        text: "quit (asks first)",
        contexts: &[X::Library],
        in_bar: 0,
        short: Some("quit"),
    },
    // Facilitated sessions (see `tui::facilitation`), after the common keys so the
    // hint bar keeps "? help" and "q quit" first when it runs out of room.
    Binding {
        keys: &[(code(K::Enter), C::Confirm)],
        text: "record the choice with this reason (empty: none)",
        contexts: &[X::ChoiceReason],
        in_bar: 1,
        short: Some("record"),
    },
    Binding {
        keys: &[(code(K::Esc), C::Cancel)],
        text: "back to the options (nothing recorded)",
        contexts: &[X::ChoiceReason],
        in_bar: 1,
        short: Some("back"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Confirm)],
        text: "done",
        contexts: &[X::Typing],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Esc), C::Cancel)],
        text: "cancel",
        contexts: &[X::Typing],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Tab), C::NextPane), (code(K::BackTab), C::PrevPane)],
        text: "next / previous field",
        contexts: &[X::Typing],
        in_bar: 0,
        short: None,
    },
    Binding {
        keys: &[(Key::Ctrl('c'), C::Quit)],
        text: "quit (asks first)",
        contexts: &[X::Typing, X::ChoiceReason],
        in_bar: 0,
        short: Some("quit"),
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "our delegation is ready",
        contexts: &[X::HandOff],
        in_bar: 1,
        short: Some("ready"),
    },
    Binding {
        keys: &[
            (code(K::Up), C::Up),
            (code(K::Down), C::Down),
            (code(K::Char('k')), C::Up),
            (code(K::Char('j')), C::Down),
        ],
        text: "move",
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
        text: "scroll",
        contexts: &[X::Agenda, X::HotWash],
        in_bar: 2,
        short: None,
    },
    Binding {
        keys: &[(code(K::Home), C::Top), (code(K::End), C::Bottom)],
        text: "first / last",
        contexts: &[X::Console],
        in_bar: 0,
        short: None,
    },
    Binding {
        keys: &[(code(K::Enter), C::Choose)],
        text: "choose",
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
        text: "next / previous question",
        contexts: &[X::HotWash],
        in_bar: 2,
        short: Some("question"),
    },
    Binding {
        keys: &[
            (code(K::Char('p')), C::RateP),
            (code(K::Char('s')), C::RateS),
            (code(K::Char('m')), C::RateM),
            (code(K::Char('u')), C::RateU),
        ],
        text: "rate P, S, M or U (meanings below the list)",
        contexts: &[X::Ratings],
        in_bar: 4,
        short: Some("rate"),
    },
    Binding {
        keys: &[(code(K::Esc), C::Back)],
        text: "back",
        contexts: &[X::Console, X::HandOff, X::HotWash, X::Ratings, X::WhatIf],
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Esc), C::Back), (code(K::Char('a')), C::Agenda)],
        text: "close the agenda",
        contexts: &[X::Agenda],
        in_bar: 1,
        short: Some("close"),
    },
    Binding {
        keys: &[(code(K::Char('h')), C::HotWash)],
        text: "hot wash: guiding questions with the decisions",
        contexts: &[X::Debrief],
        in_bar: 1,
        short: Some("hot wash"),
    },
    Binding {
        keys: &[(code(K::Char('o')), C::RateObjectives)],
        text: "rate the learning objectives P/S/M/U",
        contexts: &[X::Debrief],
        in_bar: 1,
        short: Some("rate"),
    },
    Binding {
        keys: &[(code(K::Char('w')), C::WhatIf)],
        text: "what if (solo): replay with another choice",
        contexts: &[X::Debrief],
        in_bar: 1,
        short: Some("what if"),
    },
    Binding {
        keys: &[(code(K::Char('e')), C::Edit)],
        text: "edit the delegation or the observers",
        contexts: &[X::Setup],
        in_bar: 1,
        short: Some("edit roster"),
    },
    Binding {
        keys: &[(code(K::Char('b')), C::PrivateBrief)],
        text: "show or hide your delegation's private brief",
        contexts: &[X::Decision],
        in_bar: 0,
        short: Some("brief"),
    },
    Binding {
        keys: &[
            (code(K::Char('f')), C::Console),
            (code(K::F(2)), C::Console),
        ],
        text: "facilitator console",
        contexts: FACILITATED,
        in_bar: 1,
        short: Some("console"),
    },
    Binding {
        keys: &[(code(K::Char('a')), C::Agenda)],
        text: "agenda: session plan and what to say next",
        contexts: FACILITATED,
        in_bar: 1,
        short: Some("agenda"),
    },
    Binding {
        keys: &[(code(K::Char('+')), C::AddTime)],
        text: "add 30 seconds to the time box",
        contexts: TIMED,
        in_bar: 1,
        short: Some("30 s"),
    },
    Binding {
        keys: &[(code(K::Char('p')), C::PauseTimer)],
        text: "pause or resume the exercise and its clock (logged)",
        contexts: TIMED,
        in_bar: 1,
        short: Some("pause"),
    },
    Binding {
        keys: &[(code(K::Char('?')), C::Help)],
        text: "help",
        contexts: ROOM_SCREENS,
        in_bar: 1,
        short: None,
    },
    Binding {
        keys: &[(code(K::Char('q')), C::Quit), (Key::Ctrl('c'), C::Quit)],
        text: "quit (asks first)",
        contexts: ROOM_SCREENS,
        in_bar: 1,
        short: Some("quit"),
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

/// (keys, what they do) for the hint bar, in table order.
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.in_bar > 0 && b.contexts.contains(&context))
        .map(|b| {
            (
                join_labels(&b.keys[..b.in_bar.min(b.keys.len())]),
                b.short.unwrap_or(b.text),
            )
        })
        .collect()
}

/// (keys, what they do) for the help overlay: every binding of the context.
pub fn help(context: Context) -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .map(|b| (join_labels(b.keys), b.text))
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
