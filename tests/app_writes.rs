//! The console's writes as pure updates: keys → plan → preview → send → journal → undo,
//! the typed confirmation of a delete, and no write key on a read-only provider.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ldapdeck::app::App;
use ldapdeck::app::action::{Action, JobEvent, JobId};
use ldapdeck::app::browser::{Load, Row};
use ldapdeck::app::effect::Effect;
use ldapdeck::app::keymap::{Context, bindings};
use ldapdeck::app::layers::edit::EditDialog;
use ldapdeck::app::layers::journal::JournalPane;
use ldapdeck::app::layers::passwd::PasswordDialog;
use ldapdeck::app::layers::write::WriteDialog;
use ldapdeck::app::write::{Intent, Planned, Step};
use ldapdeck::config::{Provider, ServerType};
use ldapdeck::journal;
use ldapdeck::ldap::write::change::{Change, Image, Mod};

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}
fn shift(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT))
}
fn code(c: KeyCode) -> Action {
    Action::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn provider(read_only: bool) -> Provider {
    let mut p = Provider::new("corp");
    p.server_type = ServerType::Openldap;
    p.urls = vec!["ldaps://corp.example:636".into()];
    p.base_dn = Some("dc=example,dc=org".into());
    p.users_base = Some("ou=people,dc=example,dc=org".into());
    p.read_only = read_only;
    p
}

fn row(id: &str) -> Row {
    Row {
        id: id.into(),
        dn: format!("uid={id},ou=people,dc=example,dc=org"),
        cells: vec![String::new()],
        hay: id.into(),
    }
}

/// A console with the browser open on the user list of `p`, rows loaded.
fn browsing(p: Provider) -> App {
    let mut a = App::new("/tmp/providers.toml", vec![p]);
    let fx = a.update(key('b'));
    // No layout and no groups_base: the browser opens on the flat user list.
    let [Effect::Browse { job, load, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert!(matches!(load, Load::Users(..)), "{load:?}");
    a.update(Action::Job(
        *job,
        JobEvent::Rows(vec!["state".into()], vec![row("alice"), row("bob")]),
    ));
    a.update(Action::Job(*job, JobEvent::RowsDone));
    a
}

fn planned(title: &str, change: Change, typed: Option<&str>) -> Planned {
    Planned {
        title: title.into(),
        steps: vec![Step {
            change,
            before: Some(Image::new()),
            undoes: None,
        }],
        note: None,
        warning: None,
        type_to_confirm: typed.map(str::to_string),
        password: None,
        batch: false,
    }
}

fn plan_job(fx: &[Effect]) -> (JobId, Intent) {
    match fx {
        [Effect::PlanWrite { job, intent, .. }] => (*job, intent.clone()),
        other => panic!("{other:?}"),
    }
}

fn record(kind: &str, dn: &str) -> journal::Record {
    let change = Change::Modify {
        dn: dn.into(),
        mods: vec![Mod::Replace(
            "employeeType".into(),
            vec![b"disabled".to_vec()],
        )],
    };
    let mut r = journal::record("corp", &change, change.inverse(Some(&Image::new())));
    r.kind = kind.into();
    r
}

#[test]
fn a_read_only_provider_shows_and_takes_no_write_key() {
    let mut a = browsing(provider(true));
    assert_eq!(a.context(), Context::Browser);
    for b in bindings(Context::Browser) {
        assert!(!["x", "D", "J"].contains(&b.label), "{}", b.label);
    }
    assert!(a.update(key('x')).is_empty());
    assert!(a.update(shift('D')).is_empty());
    assert!(a.find::<WriteDialog>().is_none());
}

#[test]
fn x_plans_previews_and_sends_only_on_yes_then_reloads() {
    let mut a = browsing(provider(false));
    assert_eq!(a.context(), Context::BrowserEdit);
    let labels: Vec<&str> = bindings(Context::BrowserEdit)
        .iter()
        .map(|b| b.label)
        .collect();
    assert!(labels.contains(&"x") && labels.contains(&"J"), "{labels:?}");

    a.update(key('j'));
    let (job, intent) = plan_job(&a.update(key('x')));
    assert_eq!(
        intent,
        Intent::ToggleStatus {
            dn: "uid=bob,ou=people,dc=example,dc=org".into(),
            id: "bob".into()
        }
    );
    assert_eq!(a.context(), Context::Write);
    assert!(a.busy(), "reading the entry");
    // Nothing is sent before the plan arrives.
    assert!(a.update(key('y')).is_empty());

    let change = Change::Modify {
        dn: "uid=bob,ou=people,dc=example,dc=org".into(),
        mods: vec![Mod::Replace(
            "pwdAccountLockedTime".into(),
            vec![b"000001010000Z".to_vec()],
        )],
    };
    let mut p = planned("Disable bob", change, None);
    p.warning = Some("the policy ignores it".into());
    a.update(Action::Job(job, JobEvent::Planned(Box::new(p.clone()))));
    assert_eq!(
        a.find::<WriteDialog>().and_then(|w| w.planned.clone()),
        Some(p.clone())
    );

    let send = a.update(key('y'));
    let send_job = match send.as_slice() {
        [Effect::SendWrite { job, planned, .. }] => {
            assert_eq!(**planned, p, "exactly what was previewed is sent");
            *job
        }
        other => panic!("{other:?}"),
    };
    let rec = record("modify", "uid=bob,ou=people,dc=example,dc=org");
    let fx = a.update(Action::Job(
        send_job,
        JobEvent::Written(vec![rec.clone()], p.warning.clone()),
    ));
    assert!(a.find::<WriteDialog>().is_none());
    let toast = a.toast.clone().expect("toast").text;
    assert!(
        toast.contains("Disable bob: done") && toast.contains(&rec.id),
        "{toast}"
    );
    assert!(toast.contains("the policy ignores it"), "{toast}");
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::Browse {
                load: Load::Users(..),
                ..
            }
        )),
        "the list reloads to show the new state: {fx:?}"
    );
}

#[test]
fn esc_cancels_the_plan_and_a_failure_keeps_the_dialog_with_the_reason() {
    let mut a = browsing(provider(false));
    let (job, _) = plan_job(&a.update(key('x')));
    assert!(matches!(a.update(code(KeyCode::Esc)).as_slice(), [Effect::Cancel(j)] if *j == job));
    assert!(a.find::<WriteDialog>().is_none());
    // A late answer of the cancelled job changes nothing.
    a.update(Action::Job(job, JobEvent::Failed("late".into())));
    assert!(a.find::<WriteDialog>().is_none());

    let (job, _) = plan_job(&a.update(key('x')));
    a.update(Action::Job(
        job,
        JobEvent::Failed("the bind account may not write this [insufficient_access]".into()),
    ));
    let w = a.find::<WriteDialog>().expect("dialog stays");
    assert!(
        w.error
            .as_deref()
            .is_some_and(|e| e.contains("insufficient_access"))
    );
    assert!(a.update(key('y')).is_empty(), "nothing to send");
}

#[test]
fn delete_needs_the_id_typed_and_y_is_just_a_letter_there() {
    let mut a = browsing(provider(false));
    let (job, intent) = plan_job(&a.update(shift('D')));
    assert!(matches!(intent, Intent::Delete { ref id, .. } if id == "alice"));
    let change = Change::Delete {
        dn: "uid=alice,ou=people,dc=example,dc=org".into(),
        leave: Vec::new(),
    };
    a.update(Action::Job(
        job,
        JobEvent::Planned(Box::new(planned("Delete alice", change, Some("alice")))),
    ));
    assert!(a.update(key('y')).is_empty(), "y is typed, not an answer");
    assert!(
        a.update(code(KeyCode::Enter)).is_empty(),
        "'y' is not 'alice'"
    );
    assert!(
        a.find::<WriteDialog>()
            .and_then(|w| w.error.clone())
            .is_some()
    );
    a.update(code(KeyCode::Backspace));
    for c in "alice".chars() {
        a.update(key(c));
    }
    assert!(matches!(
        a.update(code(KeyCode::Enter)).as_slice(),
        [Effect::SendWrite { .. }]
    ));
}

#[test]
fn the_journal_lists_newest_first_and_undo_goes_through_the_preview() {
    let mut a = browsing(provider(false));
    let fx = a.update(shift('J'));
    let job = match fx.as_slice() {
        [Effect::LoadJournal { job, slug }] => {
            assert_eq!(slug, "corp");
            *job
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(a.context(), Context::Journal);
    let older = record("modify", "uid=alice,ou=people,dc=example,dc=org");
    let mut newer = record("modify", "uid=bob,ou=people,dc=example,dc=org");
    newer.id = "zz-newer".into();
    a.update(Action::Job(
        job,
        JobEvent::Journal(vec![older.clone(), newer.clone()]),
    ));
    let j = a.find::<JournalPane>().expect("pane");
    assert_eq!(j.current().map(|r| r.id.clone()), Some(newer.id.clone()));

    a.update(key('j'));
    let (_, intent) = plan_job(&a.update(key('u')));
    assert_eq!(intent, Intent::Undo(Box::new(older)));
    assert_eq!(a.context(), Context::Write);
    a.update(code(KeyCode::Esc));

    // A password change has no undo: said, nothing planned.
    let mut pw = record("modify", "uid=bob,ou=people,dc=example,dc=org");
    pw.inverse = None;
    pw.no_undo = Some("password changes are not undone".into());
    let fx = a.update(key('r'));
    let [Effect::LoadJournal { job, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    a.update(Action::Job(*job, JobEvent::Journal(vec![pw])));
    assert!(a.update(key('u')).is_empty());
    assert!(
        a.toast
            .as_ref()
            .is_some_and(|t| t.text.contains("password changes"))
    );
    a.update(code(KeyCode::Esc));
    assert_eq!(a.context(), Context::BrowserEdit);
}

#[test]
fn m_picks_groups_and_plans_only_what_changed() {
    use ldapdeck::ldap::write::membership::Group;
    let mut a = browsing(provider(false));
    let fx = a.update(key('m'));
    let job = match fx.as_slice() {
        [Effect::LoadGroups { job, dn, .. }] => {
            assert_eq!(dn, "uid=alice,ou=people,dc=example,dc=org");
            *job
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(a.context(), Context::Groups);
    let g = |id: &str, member: bool| Group {
        primary: false,
        id: id.into(),
        dn: format!("cn={id},ou=groups,dc=example,dc=org"),
        member,
        via: None,
    };
    a.update(Action::Job(
        job,
        JobEvent::Groups(vec![g("staff", true), g("ops", false), g("unix", false)]),
    ));
    // Enter with nothing toggled plans nothing.
    assert!(a.update(code(KeyCode::Enter)).is_empty());
    a.update(key(' ')); // leave staff
    a.update(key('j'));
    a.update(key(' ')); // join ops
    a.update(key('j'));
    a.update(key(' '));
    a.update(key(' ')); // unix: toggled twice, unchanged
    let (_, intent) = plan_job(&a.update(code(KeyCode::Enter)));
    assert_eq!(
        intent,
        Intent::Groups {
            dn: "uid=alice,ou=people,dc=example,dc=org".into(),
            id: "alice".into(),
            add: vec!["cn=ops,ou=groups,dc=example,dc=org".into()],
            remove: vec!["cn=staff,ou=groups,dc=example,dc=org".into()],
        }
    );
    assert_eq!(a.context(), Context::Write);
}

#[test]
fn p_takes_a_password_twice_or_generates_one_and_plans_it() {
    use ldapdeck::config::Secret;
    let mut a = browsing(provider(false));
    assert!(
        a.update(key('p')).is_empty(),
        "the dialog opens without I/O"
    );
    assert_eq!(a.context(), Context::Password);
    for c in "One-1".chars() {
        a.update(key(c));
    }
    a.update(code(KeyCode::Tab));
    for c in "Two-2".chars() {
        a.update(key(c));
    }
    assert!(a.update(code(KeyCode::Enter)).is_empty(), "they differ");
    assert!(
        a.find::<PasswordDialog>()
            .and_then(|d| d.note.clone())
            .is_some_and(|n| n.contains("differ"))
    );

    // C-g asks the runtime for randomness; the answer fills both fields, shown.
    let fx = a.update(Action::Key(KeyEvent::new(
        KeyCode::Char('g'),
        KeyModifiers::CONTROL,
    )));
    let [Effect::GeneratePassword { job }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    a.update(Action::Job(
        *job,
        JobEvent::Generated(Secret::new("Gen-3rated")),
    ));
    assert!(a.find::<PasswordDialog>().is_some_and(|d| d.reveal));
    a.update(Action::Key(KeyEvent::new(
        KeyCode::Char('t'),
        KeyModifiers::CONTROL,
    )));
    let (_, intent) = plan_job(&a.update(code(KeyCode::Enter)));
    assert_eq!(
        intent,
        Intent::Password {
            dn: "uid=alice,ou=people,dc=example,dc=org".into(),
            id: "alice".into(),
            secret: Secret::new("Gen-3rated"),
            must_change: true,
        }
    );
    // The intent's Debug never shows the password.
    assert!(!format!("{intent:?}").contains("Gen-3rated"));
}

#[test]
fn e_edits_single_values_sends_only_what_changed_and_leaves_multi_values_alone() {
    let mut a = browsing(provider(false));
    let fx = a.update(key('e'));
    let job = match fx.as_slice() {
        [Effect::LoadEdit { job, dn, .. }] => {
            assert_eq!(dn, "uid=alice,ou=people,dc=example,dc=org");
            *job
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(a.context(), Context::Edit);
    let f = |n: &str, attr: &str, v: &[&str]| {
        (
            n.to_string(),
            attr.to_string(),
            v.iter().map(|s| s.to_string()).collect(),
        )
    };
    a.update(Action::Job(
        job,
        JobEvent::EditFields(vec![
            f("login", "uid", &["alice"]),
            f("mail", "mail", &["a@x", "b@x"]),
            f("extension", "telephoneNumber", &["6601"]),
            f("full_name", "cn", &[]),
        ]),
    ));
    assert!(
        a.update(code(KeyCode::Enter)).is_empty(),
        "nothing changed yet"
    );
    // Tab skips the multi-valued mail: login → extension.
    a.update(code(KeyCode::Tab));
    assert_eq!(a.find::<EditDialog>().map(|d| d.focus), Some(2));
    for _ in 0..4 {
        a.update(code(KeyCode::Backspace));
    }
    a.update(code(KeyCode::Tab));
    for c in "Alice A.".chars() {
        a.update(key(c));
    }
    let (_, intent) = plan_job(&a.update(code(KeyCode::Enter)));
    assert_eq!(
        intent,
        Intent::Modify {
            dn: "uid=alice,ou=people,dc=example,dc=org".into(),
            id: "alice".into(),
            wants: vec![
                ("telephoneNumber".into(), None),
                ("cn".into(), Some("Alice A.".into())),
            ],
        }
    );
}

#[test]
fn n_opens_an_empty_form_for_the_group_shown_and_plans_a_create() {
    let mut a = browsing(provider(false));
    assert!(a.update(key('n')).is_empty(), "no I/O to open the form");
    assert_eq!(a.context(), Context::Edit);
    assert!(a.update(code(KeyCode::Enter)).is_empty(), "no login yet");
    assert!(
        a.find::<EditDialog>()
            .and_then(|d| d.note.clone())
            .is_some_and(|n| n.contains("login"))
    );
    for c in "newbie".chars() {
        a.update(key(c));
    }
    // Walk to "other attributes" (the last field) and give one.
    let n = a.find::<EditDialog>().map(|d| d.fields.len()).unwrap_or(0);
    for _ in 1..n {
        a.update(code(KeyCode::Tab));
    }
    for c in "description=from the console".chars() {
        a.update(key(c));
    }
    let (_, intent) = plan_job(&a.update(code(KeyCode::Enter)));
    assert_eq!(
        intent,
        Intent::Create {
            tenant: None,
            group: None,
            id: "newbie".into(),
            attrs: vec![("description".into(), vec!["from the console".into()])],
        }
    );
}

#[test]
fn picked_users_are_written_as_one_batch_that_esc_stops_between_changes() {
    use ldapdeck::app::browser::Browser;
    use ldapdeck::app::layers::ask::Ask;
    use ldapdeck::app::write::Bulk;
    let mut a = browsing(provider(false));
    // Space picks and moves down; * picks every user shown (again: none).
    a.update(key(' '));
    assert_eq!(a.find::<Browser>().map(|b| b.picked.len()), Some(1));
    a.update(key('*'));
    assert_eq!(a.find::<Browser>().map(|b| b.picked.len()), Some(2));
    a.update(key('*'));
    assert_eq!(a.find::<Browser>().map(|b| b.picked.len()), Some(0));
    a.update(key('*'));
    // x on picked users: one plan for both.
    let (job, intent) = plan_job(&a.update(key('x')));
    let Intent::Bulk { what, users } = intent else {
        panic!("a batch")
    };
    assert_eq!(what, Bulk::Disable);
    assert_eq!(users.len(), 2);
    let mut plan = planned(
        "Disable 2 users",
        Change::Modify {
            dn: "uid=alice,ou=people,dc=example,dc=org".into(),
            mods: vec![],
        },
        None,
    );
    plan.steps.push(plan.steps[0].clone());
    plan.batch = true;
    a.update(Action::Job(job, JobEvent::Planned(Box::new(plan))));
    let fx = a.update(key('y'));
    let send = match fx.as_slice() {
        [Effect::SendWrite { job, planned, .. }] => {
            assert!(planned.batch);
            *job
        }
        other => panic!("{other:?}"),
    };
    a.update(Action::Job(send, JobEvent::Progress(1)));
    assert_eq!(a.find::<WriteDialog>().map(|d| d.sent), Some(1));
    // Esc while a batch is sent asks it to stop and waits for what it did.
    let fx = a.update(code(KeyCode::Esc));
    assert!(
        matches!(fx.as_slice(), [Effect::Cancel(j)] if *j == send),
        "{fx:?}"
    );
    assert!(a.find::<WriteDialog>().is_some_and(|d| d.stopping));
    let mut rec = record("batch", "2 entries");
    rec.kind = "batch".into();
    let fx = a.update(Action::Job(
        send,
        JobEvent::Written(vec![rec], Some("stopped: 1 of 2 applied".into())),
    ));
    assert!(a.find::<WriteDialog>().is_none());
    assert_eq!(a.find::<Browser>().map(|b| b.picked.len()), Some(0));
    // The list loads again after the write.
    let reload = fx
        .iter()
        .find_map(|e| match e {
            Effect::Browse { job, .. } => Some(*job),
            _ => None,
        })
        .expect("reloads");
    a.update(Action::Job(
        reload,
        JobEvent::Rows(vec!["state".into()], vec![row("alice"), row("bob")]),
    ));
    // m with picks asks for +group or -group (the field starts with +).
    a.update(key('*'));
    a.update(key('m'));
    assert!(a.find::<Ask>().is_some());
    for c in "staff".chars() {
        a.update(key(c));
    }
    let fx = a.update(code(KeyCode::Enter));
    let (_, intent) = plan_job(&fx);
    assert!(
        matches!(intent, Intent::Bulk { what: Bulk::Group { ref group, join: true }, ref users } if group == "staff" && users.len() == 2),
        "{intent:?}"
    );
}

#[test]
fn a_read_only_provider_offers_no_picking() {
    let mut a = browsing(provider(true));
    a.update(key(' '));
    assert_eq!(
        a.find::<ldapdeck::app::browser::Browser>()
            .map(|b| b.picked.len()),
        Some(0)
    );
    assert!(
        !bindings(Context::Browser)
            .iter()
            .any(|b| b.command == ldapdeck::app::keymap::Command::Pick)
    );
}
