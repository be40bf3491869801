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
}

/// A key as bound: a code and whether Ctrl is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode),
    Ctrl(char),
    /// Any of 0–9.
    AnyDigit,
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
        }
    }

    /// How the key is written in hints and help.
    pub fn label(self) -> String {
        match self {
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::AnyDigit => "0-9".into(),
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
const LISTS: &[Context] = &[X::Launcher, X::Setup, X::Decision];
const EVERYWHERE: &[Context] = &[
    X::Launcher,
    X::Setup,
    X::Briefing,
    X::Situation,
    X::Decision,
    X::Resolution,
    X::Ending,
    X::Debrief,
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
