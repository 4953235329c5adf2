//! Small dialogs: the authorize dialog, the password prompt before a test, and yes/no.

use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use super::action::JobId;
use crate::config::{PasswordSource, Provider, Secret};
use crate::ldap::authorize::Outcome;

/// A one-line text input; masked when `secret`.
pub fn input(secret: bool) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(Style::default());
    if secret {
        t.set_mask_char('•');
    }
    t
}

/// The text of a one-line input.
pub fn text_of(t: &TextArea<'_>) -> String {
    t.lines().join("")
}

/// Shows the cursor block in the focused input only (a block in every field hides which one
/// takes the keys).
pub fn focus_style(t: &mut TextArea<'_>, focused: bool) {
    t.set_cursor_style(if focused {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    });
}

/// The provider has a bind DN but no password source: ldapdeck must ask.
pub fn needs_password(p: &Provider) -> bool {
    p.bind_dn.is_some() && p.password_source() == PasswordSource::Prompt
}

/// `u`: user name, password (and the service password when the provider has no source).
#[derive(Debug, Clone)]
pub struct AuthDialog {
    /// The provider.
    pub provider: Provider,
    /// Inputs: user, password, and maybe the service password.
    pub inputs: Vec<TextArea<'static>>,
    /// Focused input.
    pub focus: usize,
    /// Passwords shown in clear.
    pub reveal: bool,
    /// The running job, if any.
    pub job: Option<JobId>,
    /// The last result.
    pub outcome: Option<Outcome>,
    /// A message for the dialog (e.g. "type a user").
    pub note: Option<String>,
}

impl AuthDialog {
    /// A dialog for `p`.
    pub fn new(p: &Provider) -> AuthDialog {
        let mut inputs = vec![input(false), input(true)];
        if needs_password(p) {
            inputs.push(input(true));
        }
        let mut d = AuthDialog {
            provider: p.clone(),
            inputs,
            focus: 0,
            reveal: false,
            job: None,
            outcome: None,
            note: None,
        };
        d.refresh();
        d
    }

    /// Labels of the inputs.
    pub fn labels(&self) -> Vec<String> {
        let mut l = vec!["User".to_string(), "Password".to_string()];
        if self.inputs.len() > 2 {
            l.push(format!(
                "Password of {}",
                self.provider
                    .bind_dn
                    .as_deref()
                    .unwrap_or("the service account")
            ));
        }
        l
    }

    /// Cursor and mask styles after a change of focus or reveal.
    pub fn refresh(&mut self) {
        for (i, t) in self.inputs.iter_mut().enumerate() {
            focus_style(t, i == self.focus);
            if i > 0 {
                if self.reveal {
                    t.clear_mask_char();
                } else {
                    t.set_mask_char('•');
                }
            }
        }
    }

    /// The values to run with, or what is missing.
    pub fn values(&self) -> Result<(String, Secret, Option<Secret>), String> {
        let user = text_of(&self.inputs[0]).trim().to_string();
        if user.is_empty() {
            return Err("type the user's login first".into());
        }
        let pw = Secret::new(text_of(&self.inputs[1]));
        let svc = self.inputs.get(2).map(|t| Secret::new(text_of(t)));
        Ok((user, pw, svc))
    }
}

/// The password prompt before testing a provider that has no password source.
#[derive(Debug, Clone)]
pub struct Prompt {
    /// The provider to test.
    pub provider: Provider,
    /// It comes from the form, unsaved.
    pub unsaved: bool,
    /// The masked input.
    pub password: TextArea<'static>,
    /// Shown in clear.
    pub reveal: bool,
    /// The password opens the browser rather than a test.
    pub browse: bool,
}

impl Prompt {
    /// A prompt for `p`.
    pub fn new(p: Provider, unsaved: bool) -> Prompt {
        let mut password = input(true);
        focus_style(&mut password, true);
        Prompt {
            provider: p,
            unsaved,
            password,
            reveal: false,
            browse: false,
        }
    }

    /// Flips the mask.
    pub fn toggle_reveal(&mut self) {
        self.reveal = !self.reveal;
        if self.reveal {
            self.password.clear_mask_char();
        } else {
            self.password.set_mask_char('•');
        }
    }
}

/// What a yes answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Remove this provider from the file.
    Delete(String),
    /// Close the form and lose its changes.
    DiscardForm,
    /// Quit and lose the form's changes.
    QuitDiscarding,
    /// Read the changed file again and re-apply the form's changes.
    Reapply,
}

/// A yes/no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// The question.
    pub question: String,
    /// What yes does.
    pub pending: Pending,
}
