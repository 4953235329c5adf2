//! A one-line question with optional switches (the file of an export, the attribute to
//! change, the new DN of a move): Enter answers the tree, Esc cancels. Brings its own keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::{Layer, Reply};
use crate::app::App;
use crate::app::input::{focus_style, input, text_of};
use crate::app::keymap::{Binding, Command, Context};
use crate::app::tree::Tree;
use crate::ui::kit::{Theme, centered, frame};

const N: KeyModifiers = KeyModifiers::NONE;

const KEYS: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Enter, N)],
        label: "⏎",
        command: Command::Submit,
        desc: "go on (a write is previewed first)",
        hint: "ok",
    },
    Binding {
        keys: &[(KeyCode::Tab, N)],
        label: "Tab",
        command: Command::Cycle,
        desc: "flip the next switch (when there are switches)",
        hint: "switch",
    },
    Binding {
        keys: &[(KeyCode::F(1), N)],
        label: "F1",
        command: Command::Help,
        desc: "help",
        hint: "help",
    },
    Binding {
        keys: &[(KeyCode::Esc, N)],
        label: "Esc",
        command: Command::Back,
        desc: "cancel",
        hint: "cancel",
    },
];

/// What the answer is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Export this entry (and its subtree) into the file typed.
    Export(String),
    /// Change an attribute of this entry.
    Modify(String),
    /// Rename or move this entry to the DN typed.
    Move(String),
    /// Bring back the tombstone with this GUID as the DN typed.
    Restore(String),
    /// Put the picked users (DN, login) in a group or take them out: `+name` / `-name`.
    BulkGroup(Vec<(String, String)>),
    /// Change one attribute of the picked users.
    BulkSet(Vec<(String, String)>),
}

/// The question.
#[derive(Debug, Clone)]
pub struct Ask {
    /// The title.
    pub title: String,
    /// The words above the input.
    pub help: String,
    /// The input.
    pub text: TextArea<'static>,
    /// Switches: words and state.
    pub switches: Vec<(String, bool)>,
    /// The switch Tab flips next.
    pub next_switch: usize,
    /// What the answer is for.
    pub purpose: Purpose,
    /// Why the last answer was not taken.
    pub error: Option<String>,
}

impl Ask {
    /// A question with `initial` text.
    pub fn new(title: String, help: String, initial: &str, purpose: Purpose) -> Ask {
        let mut text = input(false);
        text.insert_str(initial);
        focus_style(&mut text, true);
        Ask {
            title,
            help,
            text,
            switches: Vec::new(),
            next_switch: 0,
            purpose,
            error: None,
        }
    }

    /// The same with switches.
    pub fn with_switches(mut self, switches: Vec<(String, bool)>) -> Ask {
        self.switches = switches;
        self
    }

    /// The text typed.
    pub fn answer(&self) -> String {
        text_of(&self.text)
    }
}

impl Ask {
    /// The answer to a question the browser asked: a batch for the picked users, or one
    /// attribute of the selected user.
    fn answer_browser(&self, app: &mut App) -> Result<Vec<crate::app::effect::Effect>, String> {
        use crate::app::tree::AttrEdit;
        use crate::app::write::{Bulk, Intent};
        let Some(b) = app.browser() else {
            return Ok(Vec::new());
        };
        let (p, pw) = (b.provider.clone(), b.password.clone());
        let text = self.answer();
        let text = text.trim();
        let intent = match &self.purpose {
            Purpose::BulkGroup(users) => {
                let (join, name) = match (text.strip_prefix('+'), text.strip_prefix('-')) {
                    (Some(n), _) => (true, n.trim()),
                    (_, Some(n)) => (false, n.trim()),
                    _ => return Err("start with + (put them in) or - (take them out)".into()),
                };
                if name.is_empty() {
                    return Err("name the group after + or -".into());
                }
                Intent::Bulk {
                    what: Bulk::Group {
                        group: name.to_string(),
                        join,
                    },
                    users: users.clone(),
                }
            }
            Purpose::BulkSet(users) => Intent::Bulk {
                what: Bulk::Set(AttrEdit::parse(text)?),
                users: users.clone(),
            },
            Purpose::Modify(dn) => Intent::SetAttr {
                dn: dn.clone(),
                edit: AttrEdit::parse(text)?,
            },
            _ => return Ok(Vec::new()),
        };
        Ok(app.plan_write(p, pw, intent))
    }
}

impl Layer for Ask {
    fn context(&self) -> Context {
        Context::Dialog
    }

    fn bindings(&self) -> Vec<Binding> {
        KEYS.to_vec()
    }

    fn title(&self) -> &'static str {
        "question"
    }

    fn on_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply {
        match cmd {
            Some(Command::Back) => Reply::close(),
            Some(Command::Cycle) => {
                if !self.switches.is_empty() {
                    let i = self.next_switch % self.switches.len();
                    self.switches[i].1 = !self.switches[i].1;
                    self.next_switch = i + 1;
                }
                Reply::stay()
            }
            Some(Command::Submit) => {
                let answered = match &self.purpose {
                    Purpose::BulkGroup(_) | Purpose::BulkSet(_) => self.answer_browser(app),
                    // The user view under this dialog asked: it is a browser's single user.
                    Purpose::Modify(_) if app.find::<Tree>().is_none() => self.answer_browser(app),
                    _ if app.find::<Tree>().is_none() => return Reply::close(),
                    _ => Tree::answer(self, app),
                };
                match answered {
                    Ok(effects) => Reply::close_with(effects),
                    Err(why) => {
                        self.error = Some(why);
                        Reply::stay()
                    }
                }
            }
            _ => {
                crate::app::line_edit::textarea(&mut self.text, key);
                Reply::stay()
            }
        }
    }

    fn on_paste(&mut self, text: &str) {
        // One line: a pasted newline would end nothing here.
        self.text.insert_str(text.replace(['\n', '\r'], " "));
    }

    fn draw(&self, f: &mut Frame, area: Rect, _app: &App, th: &Theme) {
        let h = 6 + self.switches.len() as u16 + u16::from(self.error.is_some()) * 2;
        let r = centered(area, 76, h);
        let inner = frame(f, r, &self.title, th);
        f.render_widget(
            Paragraph::new(self.help.clone())
                .style(th.dim)
                .wrap(Wrap { trim: true }),
            Rect { height: 2, ..inner },
        );
        f.render_widget(
            &self.text,
            Rect {
                y: inner.y + 2,
                height: 1,
                ..inner
            },
        );
        let mut lines = Vec::new();
        for (words, on) in &self.switches {
            lines.push(Line::from(vec![
                Span::styled(if *on { "[x] " } else { "[ ] " }, th.key),
                Span::raw(words.clone()),
            ]));
        }
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), th.fail));
        }
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }),
            Rect {
                y: inner.y + 4,
                height: inner.height.saturating_sub(4),
                ..inner
            },
        );
    }

    crate::layer_any!();
}
