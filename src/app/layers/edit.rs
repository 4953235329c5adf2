//! `e`: a user's fields edited in place (`n`: a new user's); the change goes through the
//! write preview.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::{Layer, Reply};
use crate::app::App;
use crate::app::action::{JobEvent, JobId};
use crate::app::input::{input, text_of};
use crate::app::keymap::{Command, Context};
use crate::app::write::Intent;
use crate::config::{Provider, Secret};
use crate::ui::kit::{Theme, centered, frame};

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
        let login = crate::ldap::read::record::login_attr(&provider).to_string();
        let mut fields = vec![EditField::new("login".into(), login, Vec::new())];
        for c in crate::ldap::read::record::columns(&provider, &[]) {
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
                    crate::syntax::attr::check_attribute_description(k.trim())
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
            crate::app::input::focus_style(&mut f.input, i == self.focus);
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

impl Layer for EditDialog {
    fn context(&self) -> Context {
        Context::Edit
    }

    crate::layer_job!();

    fn on_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply {
        match cmd {
            Some(Command::NextField) => self.move_focus(1),
            Some(Command::PrevField) => self.move_focus(-1),
            Some(Command::Submit) if self.job.is_none() && self.create.is_some() => {
                match self.new_user() {
                    Ok((id, attrs)) => {
                        let (tenant, group) = self.create.clone().unwrap_or_default();
                        let intent = Intent::Create {
                            tenant,
                            group,
                            id,
                            attrs,
                        };
                        let (p, pw) = (self.provider.clone(), self.password.clone());
                        return Reply::run(app.plan_write(p, pw, intent));
                    }
                    Err(note) => self.note = Some(note),
                }
            }
            Some(Command::Submit) if self.job.is_none() => {
                let wants = self.wants();
                if wants.is_empty() {
                    self.note = Some("nothing changed".into());
                    return Reply::stay();
                }
                let intent = Intent::Modify {
                    dn: self.dn.clone(),
                    id: self.id.clone(),
                    wants,
                };
                let (p, pw) = (self.provider.clone(), self.password.clone());
                return Reply::run(app.plan_write(p, pw, intent));
            }
            Some(Command::Back) => {
                return Reply::close_cancelling(self.job.take());
            }
            _ => {
                self.note = None;
                if let Some(f) = self.fields.get_mut(self.focus).filter(|f| f.editable()) {
                    crate::app::line_edit::textarea(&mut f.input, key);
                }
            }
        }
        Reply::stay()
    }

    fn on_job(&mut self, _id: JobId, ev: JobEvent, _app: &mut App) -> Reply {
        self.job = None;
        match ev {
            JobEvent::EditFields(list) => {
                self.fields = list
                    .into_iter()
                    .map(|(n, a, v)| EditField::new(n, a, v))
                    .collect();
                self.focus = self.fields.len().saturating_sub(1);
                self.move_focus(1);
            }
            JobEvent::Failed(msg) => self.note = Some(msg),
            _ => {}
        }
        Reply::stay()
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        draw_edit(f, area, self, app.spinner, th);
    }

    crate::layer_any!();
}

/// The edit dialog: one line per field, changed ones marked; multi-valued ones shown only.
fn draw_edit(f: &mut Frame, area: Rect, d: &EditDialog, spinner: usize, th: &Theme) {
    let h = (d.fields.len() as u16 + 4).clamp(6, area.height);
    let r = centered(area, area.width.saturating_sub(4).min(96), h);
    let title = match &d.create {
        Some((_, Some(g))) => format!("New user in {g}"),
        Some(_) => "New user".to_string(),
        None => format!("Edit {}", d.id),
    };
    let inner = frame(f, r, &title, th);
    let mut constraints = vec![Constraint::Length(1); d.fields.len()];
    constraints.push(Constraint::Min(1));
    let rows = Layout::vertical(constraints).split(inner);
    let width = d
        .fields
        .iter()
        .map(|f| f.name.chars().count() + f.attr.chars().count() + 7)
        .max()
        .unwrap_or(10) as u16;
    for (i, field) in d.fields.iter().enumerate() {
        let [l, v] =
            Layout::horizontal([Constraint::Length(width), Constraint::Min(1)]).areas(rows[i]);
        let mark = if field.change().is_some() { "*" } else { " " };
        let focus = if i == d.focus { "▶" } else { " " };
        let label = format!("{focus}{mark} {} ({})", field.name, field.attr);
        let style = if i == d.focus { th.key } else { th.dim };
        f.render_widget(Paragraph::new(label).style(style), l);
        if field.editable() {
            f.render_widget(&field.input, v);
        } else {
            let text = format!(
                "{} values: {}  (several values: ldapdeck users modify)",
                field.values.len(),
                field.values.join(" | ")
            );
            f.render_widget(Paragraph::new(text).style(th.dim), v);
        }
    }
    let status = if d.job.is_some() {
        Line::raw(format!(
            "{} reading the entry…",
            crate::ui::kit::spinner(spinner)
        ))
    } else if let Some(n) = &d.note {
        Line::styled(n.clone(), th.fail)
    } else if d.create.is_some() {
        Line::styled(
            "the login is required; the schema is checked before sending; ⏎ previews",
            th.dim,
        )
    } else {
        // The naming attribute is the login on OpenLDAP, cn on Active Directory.
        let naming = d.dn.split_once('=').map_or("", |(a, _)| a.trim());
        Line::styled(
            format!(
                "an emptied field is deleted; a new {naming} renames the entry (modrdn); ⏎ previews"
            ),
            th.dim,
        )
    };
    if let Some(last) = rows.last() {
        f.render_widget(Paragraph::new(status).wrap(Wrap { trim: true }), *last);
    }
}
