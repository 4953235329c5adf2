//! The user dialogs of the browser: the group picker (`m`), the password dialog (`p`) and
//! the field editor (`e`). Each ends in an intent that goes through the write preview.

use ratatui_textarea::TextArea;

use super::action::JobId;
use super::dialogs::{input, text_of};
use crate::config::{Provider, Secret};

/// The group picker: every group, whether the user is in it now and whether they should be.
#[derive(Debug, Clone)]
pub struct GroupPicker {
    /// The provider.
    pub provider: Provider,
    /// A typed bind password.
    pub password: Option<Secret>,
    /// The user's entry.
    pub dn: String,
    /// The user's login.
    pub id: String,
    /// Groups with membership now (`member`) and as wanted (`wanted`).
    pub groups: Vec<(crate::ldap::membership::Group, bool)>,
    /// Selected row.
    pub selected: usize,
    /// The job reading the groups.
    pub job: Option<JobId>,
    /// Why they could not be read.
    pub error: Option<String>,
}

impl GroupPicker {
    /// A picker waiting for `job`.
    pub fn new(
        provider: Provider,
        password: Option<Secret>,
        dn: String,
        id: String,
        job: JobId,
    ) -> Self {
        GroupPicker {
            provider,
            password,
            dn,
            id,
            groups: Vec::new(),
            selected: 0,
            job: Some(job),
            error: None,
        }
    }

    /// Flips the selected group's wanted membership; refuses (with the reason) for an
    /// Active Directory primary group, which no member change can leave.
    pub fn toggle(&mut self) -> Result<(), String> {
        match self.groups.get_mut(self.selected) {
            Some((g, _)) if g.primary => Err(crate::ldap::membership::primary_refusal(&g.id)),
            Some((_, wanted)) => {
                *wanted = !*wanted;
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Moves the selection, clamped.
    pub fn move_by(&mut self, d: isize) {
        let last = self.groups.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + d).clamp(0, last.max(0)) as usize;
    }

    /// Group DNs to join and to leave.
    pub fn changes(&self) -> (Vec<String>, Vec<String>) {
        let pick = |join: bool| {
            self.groups
                .iter()
                .filter(|(g, w)| *w == join && g.member != join)
                .map(|(g, _)| g.dn.clone())
                .collect()
        };
        (pick(true), pick(false))
    }
}

/// `p`: a new password typed twice (masked) or generated, and the must-change choice.
#[derive(Debug, Clone)]
pub struct PasswordDialog {
    /// The provider.
    pub provider: Provider,
    /// A typed bind password.
    pub password: Option<Secret>,
    /// The user's entry.
    pub dn: String,
    /// The user's login.
    pub id: String,
    /// New password, and again.
    pub inputs: [TextArea<'static>; 2],
    /// Focused input.
    pub focus: usize,
    /// Shown in clear (a generated password is, so it can be read once).
    pub reveal: bool,
    /// Must change at the next login.
    pub must_change: bool,
    /// The job generating a password.
    pub job: Option<JobId>,
    /// What is wrong with the input.
    pub note: Option<String>,
}

impl PasswordDialog {
    /// An empty dialog for a user.
    pub fn new(provider: Provider, password: Option<Secret>, dn: String, id: String) -> Self {
        let mut d = PasswordDialog {
            provider,
            password,
            dn,
            id,
            inputs: [input(true), input(true)],
            focus: 0,
            reveal: false,
            must_change: false,
            job: None,
            note: None,
        };
        d.refresh();
        d
    }

    /// Applies the reveal choice to both inputs.
    pub fn refresh(&mut self) {
        for (i, t) in self.inputs.iter_mut().enumerate() {
            super::dialogs::focus_style(t, i == self.focus);
            if self.reveal {
                t.clear_mask_char();
            } else {
                t.set_mask_char('•');
            }
        }
    }

    /// Puts a generated password in both inputs, shown.
    pub fn fill(&mut self, pw: &Secret) {
        for t in &mut self.inputs {
            *t = input(false);
            t.insert_str(pw.expose());
        }
        self.reveal = true;
        // Both inputs now agree: an earlier "the two passwords differ" no longer holds.
        self.note = None;
        self.refresh();
    }

    /// The password when both inputs agree and it is not empty.
    pub fn value(&self) -> Result<Secret, String> {
        let (a, b) = (text_of(&self.inputs[0]), text_of(&self.inputs[1]));
        if a.is_empty() {
            return Err("type a password, or C-g to generate one".into());
        }
        if a != b {
            return Err("the two passwords differ".into());
        }
        Ok(Secret::new(a))
    }
}

/// One field of the edit dialog.
#[derive(Debug, Clone)]
pub struct EditField {
    /// The provider's name for it (`mail`, `extension`), or the attribute.
    pub name: String,
    /// The LDAP attribute.
    pub attr: String,
    /// The values as read.
    pub values: Vec<String>,
    /// The input (single-valued fields only).
    pub input: TextArea<'static>,
}

impl EditField {
    /// A field; a multi-valued one is shown, not edited here.
    pub fn new(name: String, attr: String, values: Vec<String>) -> Self {
        let mut input = input(false);
        if values.len() <= 1 {
            input.insert_str(values.first().map_or("", String::as_str));
        }
        EditField {
            name,
            attr,
            values,
            input,
        }
    }

    /// Editable here (one value or none).
    pub fn editable(&self) -> bool {
        self.values.len() <= 1
    }

    /// The new value when it differs from what was read (`Some(None)`: emptied).
    pub fn change(&self) -> Option<Option<String>> {
        if !self.editable() {
            return None;
        }
        let now = text_of(&self.input);
        let was = self.values.first().cloned().unwrap_or_default();
        (now != was).then(|| (!now.is_empty()).then_some(now))
    }
}

/// LDAP attribute → values.
pub type Attrs = Vec<(String, Vec<String>)>;

/// The free-form field of the create dialog.
const OTHER: &str = "other attributes";

/// `e`: the provider's fields of one user, edited in place (`n`: a new user's).
#[derive(Debug, Clone)]
pub struct EditDialog {
    /// The provider.
    pub provider: Provider,
    /// A typed bind password.
    pub password: Option<Secret>,
    /// The user's entry.
    pub dn: String,
    /// The user's login.
    pub id: String,
    /// The fields, once read.
    pub fields: Vec<EditField>,
    /// Focused field.
    pub focus: usize,
    /// The job reading the entry.
    pub job: Option<JobId>,
    /// Why it could not be read, or what is wrong.
    pub note: Option<String>,
    /// Creating a new user in (tenant, group) rather than editing `dn`.
    pub create: Option<(Option<String>, Option<String>)>,
}

impl EditDialog {
    /// A dialog waiting for `job`.
    pub fn new(
        provider: Provider,
        password: Option<Secret>,
        dn: String,
        id: String,
        job: JobId,
    ) -> Self {
        EditDialog {
            provider,
            password,
            dn,
            id,
            fields: Vec::new(),
            focus: 0,
            job: Some(job),
            note: None,
            create: None,
        }
    }

    /// A dialog for a new user: the login, the provider's fields and free attributes.
    pub fn for_new(
        provider: Provider,
        password: Option<Secret>,
        place: (Option<String>, Option<String>),
    ) -> Self {
        let login = crate::ldap::record::login_attr(&provider).to_string();
        let mut fields = vec![EditField::new("login".into(), login, Vec::new())];
        for c in crate::ldap::record::columns(&provider, &[]) {
            fields.push(EditField::new(c.name, c.attr, Vec::new()));
        }
        fields.push(EditField::new(
            OTHER.into(),
            "attr=value; attr=value".into(),
            Vec::new(),
        ));
        let mut d = EditDialog {
            provider,
            password,
            dn: String::new(),
            id: String::new(),
            fields,
            focus: 0,
            job: None,
            note: None,
            create: Some(place),
        };
        d.show_focus();
        d
    }

    /// The new user's login and attributes (free ones parsed from `attr=value; ...`).
    pub fn new_user(&self) -> Result<(String, Attrs), String> {
        let mut id = String::new();
        let mut attrs: Attrs = Vec::new();
        for (i, f) in self.fields.iter().enumerate() {
            let v = text_of(&f.input).trim().to_string();
            if v.is_empty() {
                continue;
            }
            if i == 0 {
                id = v;
            } else if f.name == OTHER {
                for part in v.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                    let (k, val) = part
                        .split_once('=')
                        .ok_or_else(|| format!("'{part}': write attr=value"))?;
                    crate::ldap::attr::check_attribute_description(k.trim())
                        .map_err(|m| format!("'{}': {m}", k.trim()))?;
                    attrs.push((k.trim().to_string(), vec![val.trim().to_string()]));
                }
            } else {
                attrs.push((f.attr.clone(), vec![v]));
            }
        }
        if id.is_empty() {
            return Err("type the new user's login".into());
        }
        Ok((id, attrs))
    }

    /// Moves the focus to the next editable field in direction `d`.
    pub fn move_focus(&mut self, d: isize) {
        let n = self.fields.len() as isize;
        if n == 0 {
            return;
        }
        let mut i = self.focus as isize;
        for _ in 0..n {
            i = (i + d).rem_euclid(n);
            if self.fields[i as usize].editable() {
                self.focus = i as usize;
                break;
            }
        }
        self.show_focus();
    }

    /// The cursor block in the focused field only.
    pub fn show_focus(&mut self) {
        for (i, f) in self.fields.iter_mut().enumerate() {
            super::dialogs::focus_style(&mut f.input, i == self.focus);
        }
    }

    /// The changed fields as attribute → wanted value.
    pub fn wants(&self) -> Vec<(String, Option<String>)> {
        self.fields
            .iter()
            .filter_map(|f| f.change().map(|c| (f.attr.clone(), c)))
            .collect()
    }
}
