//! The console's pure update: state + key → state + effects, for every key of every pane.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ldapdeck::app::action::{Action, JobEvent, JobId};
use ldapdeck::app::effect::Effect;
use ldapdeck::app::form::Form;
use ldapdeck::app::keymap::Context;
use ldapdeck::app::layers::authorize::AuthDialog;
use ldapdeck::app::layers::confirm::Confirm;
use ldapdeck::app::layers::help::Help;
use ldapdeck::app::layers::prompt::Prompt;
use ldapdeck::app::{App, providers::SortKey};
use ldapdeck::config::{Provider, ServerType};
use ldapdeck::ldap::doctor::{Report, Status, Step};

fn provider(slug: &str, name: &str) -> Provider {
    let mut p = Provider::new(slug);
    p.name = name.into();
    p.server_type = ServerType::Openldap;
    p.urls = vec![format!("ldaps://{slug}.example:636")];
    p.base_dn = Some("dc=example,dc=org".into());
    p
}

fn app() -> App {
    let mut with_pw = provider("corp", "Corp");
    with_pw.bind_dn = Some("cn=svc,dc=example,dc=org".into());
    with_pw.bind_password_env = Some("CORP_PW".into());
    let mut asks = provider("lab", "Lab");
    asks.bind_dn = Some("cn=admin,dc=lab".into());
    asks.tags = vec!["test".into()];
    App::new(
        "/tmp/providers.toml",
        vec![with_pw, asks, provider("zeta", "Zeta")],
    )
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}
fn code(c: KeyCode) -> Action {
    Action::Key(KeyEvent::new(c, KeyModifiers::NONE))
}
fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}
fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.update(key(c));
    }
}
fn selected(app: &App) -> String {
    app.selected().map(|p| p.slug.clone()).unwrap_or_default()
}

fn step(id: &'static str, status: Status) -> Step {
    Step {
        step: id,
        status,
        ms: 1,
        detail: format!("{id} detail"),
        lines: vec!["more".into()],
        cause: (status == Status::Failed).then_some("tls_unknown_ca"),
        hint: (status == Status::Failed).then(|| "set ca_file".to_string()),
        command: (id == "tls").then(|| "openssl s_client -connect h:636".to_string()),
    }
}

fn report(ok: bool) -> Report {
    Report {
        provider: "corp".into(),
        ok,
        tls_verified: true,
        tls: Default::default(),
        steps: vec![
            step("config", Status::Ok),
            step("tls", if ok { Status::Ok } else { Status::Failed }),
        ],
    }
}

#[test]
fn list_navigation_filter_and_sort() {
    let mut a = app();
    assert_eq!(selected(&a), "corp");
    a.update(key('j'));
    assert_eq!(selected(&a), "lab");
    a.update(code(KeyCode::Down));
    a.update(key('j'));
    assert_eq!(selected(&a), "zeta", "stays on the last row");
    a.update(key('k'));
    assert_eq!(selected(&a), "lab");
    a.update(key('g'));
    assert_eq!(selected(&a), "corp");
    a.update(key('G'));
    assert_eq!(selected(&a), "zeta");

    a.update(key('/'));
    assert_eq!(a.context(), Context::Filter);
    typed(&mut a, "tes");
    assert_eq!(a.list.filter, "tes");
    assert_eq!(selected(&a), "lab", "only the tagged provider is left");
    a.update(code(KeyCode::Backspace));
    assert_eq!(a.list.filter, "te");
    a.update(code(KeyCode::Enter));
    assert_eq!(a.context(), Context::Providers);
    assert_eq!(a.list.filter, "te", "Enter keeps the filter");
    a.update(code(KeyCode::Esc));
    assert!(a.list.filter.is_empty(), "Esc clears it");

    a.update(key('s'));
    assert_eq!(a.list.sort, SortKey::Slug);
    for expected in [SortKey::Type, SortKey::LastTest, SortKey::Name] {
        a.update(key('s'));
        assert_eq!(a.list.sort, expected);
    }
}

#[test]
fn test_key_starts_a_job_and_the_log_follows_it() {
    let mut a = app();
    let fx = a.update(key('t'));
    let job = match fx.as_slice() {
        [
            Effect::StartTest {
                job,
                provider,
                password: None,
            },
        ] if provider.slug == "corp" => *job,
        other => panic!("{other:?}"),
    };
    assert!(a.busy());
    assert_eq!(a.context(), Context::TestLog);
    a.update(Action::Job(job, JobEvent::Step(step("config", Status::Ok))));
    a.update(Action::Job(
        JobId(999),
        JobEvent::Step(step("stale", Status::Ok)),
    ));
    assert_eq!(
        a.testlog.as_ref().map(|t| t.steps.len()),
        Some(1),
        "a stale job's message is dropped"
    );
    a.update(Action::Job(
        job,
        JobEvent::Step(step("tls", Status::Failed)),
    ));
    let log = a.testlog.as_ref().expect("log");
    assert_eq!(log.selected, 1, "the failure is selected");
    assert!(log.expanded.contains(&1), "and its details shown");
    a.update(Action::Job(
        job,
        JobEvent::TestDone(report(false), "10:00:00Z".into()),
    ));
    assert!(!a.busy());
    let last = &a.results["corp"];
    assert_eq!(
        (last.ok, last.cause.as_deref(), last.at.as_str()),
        (false, Some("tls_unknown_ca"), "10:00:00Z")
    );

    a.update(code(KeyCode::Enter));
    assert!(
        !a.testlog.as_ref().expect("log").expanded.contains(&1),
        "Enter folds the step"
    );
    a.update(key('k'));
    assert_eq!(a.testlog.as_ref().expect("log").selected, 0);
    // c shows each step's command by hand; y copies the selected one's.
    a.update(key('c'));
    assert!(a.testlog.as_ref().expect("log").commands);
    a.update(key('j'));
    let fx = a.update(key('y'));
    assert!(
        matches!(fx.as_slice(), [Effect::Copy(c)] if c == "openssl s_client -connect h:636"),
        "{fx:?}"
    );
    a.update(key('k'));
    assert!(a.update(key('y')).is_empty(), "config has no command");
    let fx = a.update(key('t'));
    assert!(
        matches!(fx.as_slice(), [Effect::StartTest { .. }]),
        "t runs it again"
    );
    a.update(code(KeyCode::Tab));
    assert_eq!(a.context(), Context::Providers);
    a.update(code(KeyCode::Tab));
    assert_eq!(a.context(), Context::TestLog);
}

#[test]
fn esc_cancels_a_running_test_then_closes_the_log() {
    let mut a = app();
    let job = match a.update(key('t')).as_slice() {
        [Effect::StartTest { job, .. }] => *job,
        other => panic!("{other:?}"),
    };
    assert!(matches!(a.update(code(KeyCode::Esc)).as_slice(), [Effect::Cancel(j)] if *j == job));
    a.update(Action::Job(job, JobEvent::Cancelled));
    assert!(!a.busy() && a.testlog.as_ref().is_some_and(|t| t.cancelled));
    a.update(code(KeyCode::Esc));
    assert!(a.testlog.is_none());
    assert_eq!(a.context(), Context::Providers);
}

#[test]
fn a_provider_without_a_password_source_asks_first() {
    let mut a = app();
    a.update(key('j'));
    assert!(a.update(key('t')).is_empty());
    assert_eq!(a.context(), Context::Prompt);
    typed(&mut a, "s3cret");
    a.update(ctrl('r'));
    assert!(a.find::<Prompt>().is_some_and(|p| p.reveal));
    match a.update(code(KeyCode::Enter)).as_slice() {
        [
            Effect::StartTest {
                password: Some(pw), ..
            },
        ] => assert_eq!(pw.expose(), "s3cret"),
        other => panic!("{other:?}"),
    }
    assert!(a.find::<Prompt>().is_none());
    // The typed password is kept for the session: b (and t again) do not ask twice.
    a.update(code(KeyCode::Tab));
    assert_eq!(a.context(), Context::Providers);
    a.update(key('b'));
    assert!(a.find::<Prompt>().is_none(), "b asked again after t");
    assert!(a.browser().is_some());
    let mut b = app();
    b.update(key('j'));
    b.update(key('t'));
    b.update(code(KeyCode::Esc));
    assert!(
        b.find::<Prompt>().is_none() && b.testlog.is_none(),
        "Esc cancels the prompt"
    );
}

#[test]
fn delete_asks_and_only_yes_deletes() {
    let mut a = app();
    assert!(a.update(key('d')).is_empty());
    assert_eq!(a.context(), Context::Confirm);
    assert!(a.update(key('n')).is_empty());
    assert!(a.find::<Confirm>().is_none());
    a.update(key('d'));
    a.update(key('z'));
    assert!(
        a.find::<Confirm>().is_some(),
        "other keys leave the question open"
    );
    assert!(matches!(a.update(key('y')).as_slice(), [Effect::Delete(s)] if s == "corp"));
}

#[test]
fn x_toggles_enabled_through_a_save() {
    let mut a = app();
    match a.update(key('x')).as_slice() {
        [
            Effect::Save {
                original: Some(o),
                provider,
            },
        ] => {
            assert_eq!(o, "corp");
            assert!(!provider.enabled);
        }
        other => panic!("{other:?}"),
    }
    let mut list = a.providers.clone();
    list[0].enabled = false;
    a.update(Action::Saved(Ok(list)));
    assert!(!a.providers[0].enabled);
    assert_eq!(selected(&a), "corp", "the selection stays on the provider");
}

#[test]
fn help_shows_and_closes() {
    let mut a = app();
    a.update(key('?'));
    assert_eq!(a.context(), Context::Help);
    assert_eq!(
        a.pane_context(),
        Context::Providers,
        "help describes the list"
    );
    a.update(code(KeyCode::Esc));
    assert_eq!(a.context(), Context::Providers);
    assert!(matches!(a.update(key('q')).as_slice(), [Effect::Quit]));
    assert!(matches!(a.update(ctrl('c')).as_slice(), [Effect::Quit]));
}

#[test]
fn form_edit_validates_as_you_type_and_saves_only_when_valid() {
    let mut a = app();
    a.update(key('e'));
    assert_eq!(a.context(), Context::Form);
    let form = a.find::<Form>().expect("form");
    assert_eq!(form.original.as_deref(), Some("corp"));
    assert_eq!(form.value("slug"), "corp");
    assert_eq!(form.error_count(), 0);

    typed(&mut a, " X");
    let form = a.find::<Form>().expect("form");
    assert!(form.dirty());
    assert!(
        form.fields[0]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("contains ' '"),
        "{:?}",
        form.fields[0].error
    );
    assert!(
        a.update(ctrl('s')).is_empty(),
        "an invalid form is not saved"
    );
    assert!(a.toast.as_ref().is_some_and(|t| t.error));
    for _ in 0..2 {
        a.update(code(KeyCode::Backspace));
    }
    match a.update(ctrl('s')).as_slice() {
        [
            Effect::Save {
                original: Some(o),
                provider,
            },
        ] => assert_eq!((o.as_str(), provider.slug.as_str()), ("corp", "corp")),
        other => panic!("{other:?}"),
    }
    assert!(a.find::<Form>().is_some_and(|f| f.saving));
    a.update(Action::Saved(Err("providers.toml changed on disk".into())));
    assert!(
        a.find::<Form>().is_some_and(|f| !f.saving),
        "a refused save keeps the form"
    );
    // It offers to re-apply the change on the file as it is now; n declines, the form stays.
    assert_eq!(a.context(), Context::Confirm);
    a.update(key('n'));
    assert_eq!(a.context(), Context::Form);
    a.update(ctrl('s'));
    a.update(Action::Saved(Ok(a.providers.clone())));
    assert!(a.find::<Form>().is_none());
    assert!(
        a.toast
            .as_ref()
            .is_some_and(|t| t.text.starts_with("saved corp"))
    );
}

#[test]
fn form_fields_toggles_choices_and_the_preset_offer() {
    let mut a = app();
    a.update(key('a'));
    let form = a.find::<Form>().expect("form");
    assert!(form.original.is_none());
    assert!(form.error_count() > 0, "an empty form has problems");
    a.update(code(KeyCode::Tab));
    a.update(code(KeyCode::Tab));
    assert_eq!(a.find::<Form>().map(|f| f.focus), Some(2), "server type");
    a.update(code(KeyCode::BackTab));
    a.update(code(KeyCode::Tab));
    a.update(code(KeyCode::Right));
    let form = a.find::<Form>().expect("form");
    assert_eq!(
        form.offer_preset,
        Some(ServerType::Openldap),
        "generic → openldap"
    );
    a.update(key('y'));
    let form = a.find::<Form>().expect("form");
    assert!(form.offer_preset.is_none());
    assert_eq!(form.value("user_filter"), "(objectClass=inetOrgPerson)");
    assert_eq!(form.value("attributes.login"), "uid");

    // Toggle: enabled is field 5.
    for _ in 0..3 {
        a.update(code(KeyCode::Tab));
    }
    a.update(key(' '));
    assert!(a.find::<Form>().is_some_and(|f| !f.fields[5].on));
    // Esc on a changed form asks; n keeps it, y discards.
    a.update(code(KeyCode::Esc));
    assert_eq!(a.context(), Context::Confirm);
    a.update(key('n'));
    assert!(a.find::<Form>().is_some());
    a.update(code(KeyCode::Esc));
    a.update(key('y'));
    assert!(a.find::<Form>().is_none());
}

#[test]
fn the_preset_never_overwrites_what_was_typed() {
    let mut a = app();
    a.update(key('e'));
    let form = a.find_mut::<Form>().expect("form");
    form.focus = form
        .fields
        .iter()
        .position(|f| f.key == "user_filter")
        .expect("field");
    for c in "(uid=*)".chars() {
        form.input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let filled = form.fill_preset(ServerType::ActiveDirectory);
    assert_eq!(form.value("user_filter"), "(uid=*)");
    assert_eq!(
        form.value("attributes.login"),
        "sAMAccountName",
        "empty fields are filled"
    );
    assert!(filled > 0);
}

#[test]
fn form_password_is_masked_and_ctrl_t_tests_unsaved() {
    let mut a = app();
    a.update(key('e'));
    let fx = a.update(ctrl('t'));
    assert!(matches!(fx.as_slice(), [Effect::StartTest { .. }]));
    assert!(a.testlog.as_ref().is_some_and(|t| t.unsaved));
    assert_eq!(a.context(), Context::Form, "the form keeps the focus");
    let form = a.find_mut::<Form>().expect("form");
    let src = form
        .fields
        .iter()
        .position(|f| f.key == "password_source")
        .expect("source");
    form.focus = src;
    form.cycle(&KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE));
    form.cycle(&KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE));
    form.cycle(&KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE));
    form.cycle(&KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE));
    assert!(
        form.password_is_secret(),
        "cycled round to 'stored in the file'"
    );
    let pw = form
        .fields
        .iter()
        .position(|f| f.key == "password_value")
        .expect("pw");
    assert_eq!(form.fields[pw].text.mask_char(), Some('•'));
    a.update(ctrl('r'));
    let form = a.find::<Form>().expect("form");
    assert_eq!(form.fields[pw].text.mask_char(), None, "C-r reveals");
}

#[test]
fn authorize_dialog_runs_and_cancels() {
    let mut a = app();
    a.update(key('u'));
    assert_eq!(a.context(), Context::Authorize);
    assert!(a.update(code(KeyCode::Enter)).is_empty());
    assert!(
        a.find::<AuthDialog>().is_some_and(|d| d.note.is_some()),
        "no user yet"
    );
    typed(&mut a, "alice");
    a.update(code(KeyCode::Tab));
    typed(&mut a, "pw");
    let job = match a.update(code(KeyCode::Enter)).as_slice() {
        [
            Effect::StartAuthorize {
                job,
                user,
                password,
                service_password: None,
                ..
            },
        ] => {
            assert_eq!((user.as_str(), password.expose()), ("alice", "pw"));
            *job
        }
        other => panic!("{other:?}"),
    };
    assert!(a.busy());
    assert!(matches!(a.update(code(KeyCode::Esc)).as_slice(), [Effect::Cancel(j)] if *j == job));
    assert!(!a.busy());
    a.update(code(KeyCode::Esc));
    assert!(a.find::<AuthDialog>().is_none());
    // A provider without a password source asks for the service password too.
    a.update(key('j'));
    a.update(key('u'));
    assert_eq!(a.find::<AuthDialog>().map(|d| d.inputs.len()), Some(3));
}

mod browser {
    use super::*;
    use ldapdeck::app::browser::{Level, Load, Row};
    use ldapdeck::config::{Layout, LayoutMode};
    use ldapdeck::ldap::read::directory::Node;

    fn tree_app() -> App {
        let mut p = provider("tree", "Tree");
        p.layout = Some(Layout {
            mode: LayoutMode::Ou,
            tenants_base: Some("ou=Instance1,dc=example,dc=org".into()),
            ..Layout::default()
        });
        App::new("/tmp/providers.toml", vec![p])
    }

    fn browse_job(fx: &[Effect]) -> (JobId, Load) {
        match fx {
            [Effect::Browse { job, load, .. }] => (*job, load.clone()),
            [Effect::Cancel(_), Effect::Browse { job, load, .. }] => (*job, load.clone()),
            other => panic!("{other:?}"),
        }
    }

    fn node(id: &str) -> Node {
        Node {
            id: id.into(),
            dn: format!("ou={id},ou=Instance1,dc=example,dc=org"),
            description: None,
        }
    }

    fn row(i: usize) -> Row {
        let id = format!("user{i:03}");
        Row {
            hay: format!("{id} name {i}"),
            dn: format!("uid={id},ou=g,ou=t,dc=x"),
            cells: vec![format!("Name {i}")],
            id,
        }
    }

    #[test]
    fn n_lists_a_groups_users_with_its_nested_groups_members_and_back() {
        let mut p = provider("member", "Member");
        p.layout = Some(Layout {
            mode: LayoutMode::Membership,
            ..Layout::default()
        });
        let mut a = App::new("/tmp/providers.toml", vec![p]);
        let (job, _) = browse_job(&a.update(key('b')));
        a.update(Action::Job(job, JobEvent::Nodes(vec![node("everyone")])));
        // On "all users" there is no group to follow: N says so and loads nothing.
        a.update(code(KeyCode::Enter));
        assert!(a.update(key('N')).is_empty());
        assert!(
            a.toast
                .as_ref()
                .is_some_and(|t| t.text.contains("open a group"))
        );
        a.update(key('h'));
        a.update(key('j'));
        let (_, load) = browse_job(&a.update(code(KeyCode::Enter)));
        assert_eq!(load, Load::Users(None, Some("everyone".into()), None));
        let (_, load) = browse_job(&a.update(key('N')));
        assert_eq!(load, Load::NestedUsers(None, Some("everyone".into()), None));
        assert!(a.browser().is_some_and(|b| b.nested));
        let (_, load) = browse_job(&a.update(key('N')));
        assert_eq!(
            load,
            Load::Users(None, Some("everyone".into()), None),
            "N again: direct"
        );
    }

    #[test]
    fn walk_the_tree_stream_users_filter_and_open_one() {
        let mut a = tree_app();
        let (job, load) = browse_job(&a.update(key('b')));
        assert_eq!(load, Load::Tenants);
        assert_eq!(a.context(), Context::BrowserEdit);
        a.update(Action::Job(
            job,
            JobEvent::Nodes(vec![node("acme"), node("globex")]),
        ));
        a.update(key('j'));
        let (job, load) = browse_job(&a.update(code(KeyCode::Enter)));
        assert_eq!(load, Load::Groups(Some("globex".into())));
        a.update(Action::Job(job, JobEvent::Nodes(vec![node("sales")])));
        let (users_job, load) = browse_job(&a.update(key('l')));
        assert_eq!(
            load,
            Load::Users(Some("globex".into()), Some("sales".into()), None)
        );
        assert!(a.busy());
        a.update(Action::Job(
            users_job,
            JobEvent::Rows(vec!["full_name".into()], (0..100).map(row).collect()),
        ));
        let b = a.browser().expect("browser");
        assert_eq!(
            (b.level, b.rows.len(), b.view.len()),
            (Level::Users, 100, 100)
        );

        // Opening a user while the list still loads does not stop the list.
        a.update(key('G'));
        let (entry_job, load) = browse_job(&a.update(code(KeyCode::Enter)));
        assert_eq!(
            load,
            Load::Entry("uid=user099,ou=g,ou=t,dc=x".into(), false)
        );
        assert_ne!(entry_job, users_job);
        a.update(Action::Job(
            users_job,
            JobEvent::Rows(vec!["full_name".into()], (100..150).map(row).collect()),
        ));
        assert_eq!(a.browser().map(|b| b.rows.len()), Some(150));
        assert!(
            matches!(a.update(key('y')).as_slice(), [Effect::Copy(dn)] if dn == "uid=user099,ou=g,ou=t,dc=x")
        );
        a.update(key('h'));
        assert_eq!(a.browser().map(|b| b.level), Some(Level::Users));

        // Esc stops the load and keeps the rows.
        assert!(
            matches!(a.update(code(KeyCode::Esc)).as_slice(), [Effect::Cancel(j)] if *j == users_job)
        );
        a.update(Action::Job(users_job, JobEvent::Cancelled));
        let b = a.browser().expect("browser");
        assert!(b.stopped && b.job.is_none() && b.rows.len() == 150);

        // Quick filter (fuzzy), narrowing as you type; Esc clears it.
        a.update(key('/'));
        assert_eq!(a.context(), Context::BrowserFilter);
        typed(&mut a, "usr149");
        let b = a.browser().expect("browser");
        let ids: Vec<&str> = b
            .view
            .iter()
            .map(|i| b.rows[*i as usize].id.as_str())
            .collect();
        assert_eq!(ids, ["user149"], "fuzzy: letters in order, gaps allowed");
        a.update(code(KeyCode::Esc));
        a.update(key('/'));
        typed(&mut a, "'user14");
        assert_eq!(
            a.browser().map(|b| b.view.len()),
            Some(10),
            "a leading ' is exact: user140..user149"
        );
        a.update(code(KeyCode::Esc));
        assert_eq!(a.browser().map(|b| b.view.len()), Some(150));

        a.update(key('s'));
        assert_eq!(a.browser().and_then(|b| b.sort), Some(0));
        let fx = a.update(key('r'));
        assert!(
            matches!(browse_job(&fx).1, Load::Users(..)),
            "r loads again"
        );
        // Back up to the top, then Esc closes the browser.
        a.update(key('h'));
        assert_eq!(
            a.browser().map(|b| (b.tenant.is_some(), b.group.is_some())),
            Some((true, false)),
            "back at the groups: no group is chosen any more"
        );
        a.update(key('h'));
        assert_eq!(a.browser().map(|b| b.level), Some(Level::Tenants));
        assert_eq!(
            a.browser().map(|b| (b.tenant.is_some(), b.group.is_some())),
            Some((false, false)),
            "the breadcrumb follows: no tenant either"
        );
        a.update(code(KeyCode::Esc));
        a.update(code(KeyCode::Esc));
        assert!(a.browser().is_none());
        assert_eq!(a.context(), Context::Providers);
    }

    #[test]
    fn a_flat_provider_opens_on_its_users_and_a_failure_is_shown() {
        let mut a = app();
        a.update(key('G'));
        let (job, load) = browse_job(&a.update(key('b')));
        assert_eq!(load, Load::Users(None, None, None));
        a.update(Action::Job(
            job,
            JobEvent::Failed("boom [connection_refused]".into()),
        ));
        let b = a.browser().expect("browser");
        assert_eq!(b.error.as_deref(), Some("boom [connection_refused]"));
        assert!(a.toast.as_ref().is_some_and(|t| t.error));
    }

    #[test]
    fn the_quick_filter_ranks_the_exact_hit_first_and_can_match_substrings() {
        let mut a = app();
        a.update(key('G'));
        let (job, _) = browse_job(&a.update(key('b')));
        // Server order puts many near hits before the exact one.
        a.update(Action::Job(
            job,
            JobEvent::Rows(vec!["full_name".into()], (0..150).rev().map(row).collect()),
        ));
        a.update(key('/'));
        typed(&mut a, "user010");
        let b = a.browser().expect("browser");
        assert!(b.view.len() > 1, "fuzzy finds near hits too");
        assert_eq!(b.rows[b.view[0] as usize].id, "user010");
        a.update(code(KeyCode::Tab));
        let b = a.browser().expect("browser");
        assert!(b.substring);
        assert_eq!(b.view.len(), 1, "substring: only the literal text");
    }

    #[test]
    fn sort_reverses_and_survives_a_reload() {
        let mut a = app();
        a.update(key('G'));
        let (job, _) = browse_job(&a.update(key('b')));
        a.update(Action::Job(
            job,
            JobEvent::Rows(vec!["full_name".into()], [3, 1, 2].map(row).to_vec()),
        ));
        let ids = |a: &App| -> Vec<String> {
            let b = a.browser().expect("browser");
            b.view
                .iter()
                .map(|i| b.rows[*i as usize].id.clone())
                .collect()
        };
        a.update(key('s'));
        assert_eq!(ids(&a), ["user001", "user002", "user003"]);
        a.update(key('S'));
        assert_eq!(ids(&a), ["user003", "user002", "user001"]);
        // A reload (after a write) keeps the chosen order.
        let (job, _) = browse_job(&a.update(key('r')));
        a.update(Action::Job(
            job,
            JobEvent::Rows(vec!["full_name".into()], [2, 3, 1].map(row).to_vec()),
        ));
        let b = a.browser().expect("browser");
        assert!(b.sort_desc && b.sort == Some(0));
        assert_eq!(ids(&a), ["user003", "user002", "user001"]);
    }

    #[test]
    fn the_filter_builder_compiles_as_you_type_and_applies() {
        let mut a = app();
        a.update(key('G'));
        let (_, load) = browse_job(&a.update(key('b')));
        assert_eq!(load, Load::Users(None, None, None));
        a.update(key('f'));
        assert_eq!(a.context(), Context::FilterBuilder);
        a.update(code(KeyCode::Tab)); // mode
        a.update(code(KeyCode::Tab)); // attribute of row 1
        typed(&mut a, "mail");
        a.update(code(KeyCode::Tab)); // operation
        for _ in 0..3 {
            a.update(code(KeyCode::Right)); // equals → not_equals → contains → starts_with
        }
        a.update(code(KeyCode::Tab)); // value
        typed(&mut a, "a*)(");
        let fb = a
            .browser()
            .and_then(|b| b.builder.as_ref())
            .expect("builder");
        assert_eq!(
            fb.compiled.as_deref(),
            Ok(r"(&(objectClass=inetOrgPerson)(mail=a\2a\29\28*))")
        );
        let (_, load) = browse_job(&a.update(code(KeyCode::Enter)));
        assert_eq!(
            load,
            Load::Users(None, None, Some(r"(mail=a\2a\29\28*)".into()))
        );
        assert_eq!(a.context(), Context::BrowserEdit);

        // A raw filter that does not parse is not applied.
        a.update(key('f'));
        let fb = a
            .browser()
            .and_then(|b| b.builder.as_ref())
            .expect("builder");
        // It reopens as it was left: the structured rows, not just their compiled text.
        assert_eq!(fb.kind, ldapdeck::app::filterbuilder::Kind::Structured);
        assert_eq!(fb.rows.len(), 1);
        assert_eq!(
            fb.compiled.as_deref(),
            Ok(r"(&(objectClass=inetOrgPerson)(mail=a\2a\29\28*))")
        );
        a.update(code(KeyCode::Right)); // kind: structured → raw
        assert_eq!(
            a.browser()
                .and_then(|b| b.builder.as_ref())
                .map(|fb| fb.kind),
            Some(ldapdeck::app::filterbuilder::Kind::Raw)
        );
        a.update(code(KeyCode::Tab));
        typed(&mut a, "((");
        assert!(a.update(code(KeyCode::Enter)).is_empty());
        assert!(a.toast.as_ref().is_some_and(|t| t.error));
        // C-x lists without an extra filter.
        let (_, load) = browse_job(&a.update(ctrl('x')));
        assert_eq!(load, Load::Users(None, None, None));
    }

    #[test]
    fn a_virtual_list_fetches_windows_as_the_selection_moves() {
        let mut a = app();
        a.update(key('G'));
        let (users_job, _) = browse_job(&a.update(key('b')));
        // The job reached the cap on a VLV server: the first window and the size arrive.
        a.update(Action::Job(
            users_job,
            JobEvent::Window(0, (0..300).map(row).collect(), 1_000_000),
        ));
        let b = a.browser().expect("browser");
        assert_eq!(
            (b.virtual_count, b.len(), b.job),
            (Some(1_000_000), 1_000_000, None)
        );
        assert!(b.row_at(299).is_some() && b.row_at(300).is_none());
        // Moving within the window fetches nothing; jumping to the end fetches around it.
        assert!(a.update(key('j')).is_empty());
        let (win_job, load) = browse_job(&a.update(key('G')));
        assert_eq!(load, Load::Window(None, None, None, 1_000_000, 100, 200));
        assert!(a.update(key('k')).is_empty(), "one window at a time");
        a.update(Action::Job(
            win_job,
            JobEvent::Window(999_899, (0..101).map(row).collect(), 1_000_000),
        ));
        let b = a.browser().expect("browser");
        assert!(b.row_at(999_999).is_some() && b.window_job.is_none());
        // Quick filter and column sort are the server's job here.
        assert!(a.update(key('/')).is_empty());
        assert_eq!(a.context(), Context::BrowserEdit);
        assert!(a.toast.as_ref().is_some_and(|t| t.text.contains("with f")));
    }
}

#[test]
fn form_shows_every_problem_at_once() {
    // "Stored in the file" with no password, and a bad bind DN: both are flagged together.
    let mut p = ldapdeck::config::Provider::new("x");
    p.urls = vec!["ldaps://ldap.example:636".into()];
    p.bind_dn = Some("not a dn".into());
    p.bind_password = Some(ldapdeck::config::Secret::new(""));
    let mut f = ldapdeck::app::form::Form::new(&p, None, "Edit");
    f.refresh();
    let flagged: Vec<&str> = f
        .fields
        .iter()
        .filter(|x| x.error.is_some())
        .map(|x| x.key)
        .collect();
    assert!(flagged.contains(&"password_value"), "{flagged:?}");
    assert!(flagged.contains(&"bind_dn"), "{flagged:?}");
}

#[test]
fn q_asks_when_a_job_runs_or_in_the_demo() {
    let mut a = app();
    a.update(key('t'));
    assert!(a.busy());
    assert!(
        a.update(key('q')).is_empty(),
        "a running test: q asks first"
    );
    assert_eq!(a.context(), Context::Confirm);
    assert!(
        matches!(a.update(key('q')).as_slice(), [Effect::Quit]),
        "q again is yes"
    );

    let mut d = app();
    d.demo = true;
    assert!(d.update(key('q')).is_empty());
    assert!(
        d.find::<Confirm>()
            .is_some_and(|c| c.question.contains("demo")),
        "the demo says what quitting removes"
    );
    d.update(key('n'));
    assert!(d.find::<Confirm>().is_none());
    assert!(
        matches!(app().update(key('q')).as_slice(), [Effect::Quit]),
        "idle: q quits"
    );
}

#[test]
fn a_save_refused_as_changed_on_disk_offers_to_re_apply_the_change() {
    let mut a = app();
    a.update(key('e'));
    typed(&mut a, "x");
    a.update(code(KeyCode::Backspace));
    a.update(code(KeyCode::Tab));
    typed(&mut a, "Corp 2");
    assert!(matches!(
        a.update(ctrl('s')).as_slice(),
        [Effect::Save { .. }]
    ));
    a.update(Action::Saved(Err(
        "/tmp/providers.toml changed on disk since ldapdeck read it".into(),
    )));
    assert_eq!(
        a.context(),
        Context::Confirm,
        "the form is kept and a question asked"
    );
    match a.update(key('y')).as_slice() {
        [
            Effect::Reapply {
                original,
                base,
                provider,
            },
        ] => {
            assert_eq!(original.as_deref(), Some("corp"));
            assert_eq!(base.name, "Corp");
            assert!(provider.name.ends_with("Corp 2"), "{}", provider.name);
        }
        other => panic!("{other:?}"),
    }
    // R reads the file again from the provider list.
    let mut b = app();
    assert!(matches!(b.update(key('R')).as_slice(), [Effect::Reload]));
}

#[test]
fn re_apply_keeps_their_changes_and_mine() {
    let mut base = ldapdeck::config::Provider::new("corp");
    base.name = "Corp".into();
    base.urls = vec!["ldap://a".into()];
    let mut mine = base.clone();
    mine.name = "Corp renamed".into();
    let mut theirs = base.clone();
    theirs.urls = vec!["ldap://b".into()];
    theirs.timeout_secs = 30;
    let merged = ldapdeck::config::reapply(&base, &mine, &theirs).expect("merge");
    assert_eq!(merged.name, "Corp renamed");
    assert_eq!(merged.urls, ["ldap://b"]);
    assert_eq!(merged.timeout_secs, 30);
}

#[test]
fn f1_opens_help_in_the_form_and_help_scrolls() {
    let mut a = app();
    a.update(key('e'));
    typed(&mut a, "?");
    assert!((a.context() != Context::Help), "? is text in a form field");
    a.update(code(KeyCode::F(1)));
    assert!((a.context() == Context::Help));
    assert_eq!(a.context(), Context::Help);
    a.update(key('j'));
    a.update(key('j'));
    assert_eq!(a.find::<Help>().map_or(0, |h| h.scroll), 2);
    a.update(key('k'));
    assert_eq!(a.find::<Help>().map_or(0, |h| h.scroll), 1);
    a.update(code(KeyCode::Esc));
    assert!(a.context() != Context::Help);
    assert_eq!(a.context(), Context::Form);
}

#[test]
fn f1_opens_help_in_every_text_dialog_and_esc_goes_back_to_it() {
    // The authorize dialog and the password prompt take text: ? is typed, F1 is help.
    let mut a = app();
    a.update(key('u'));
    assert_eq!(a.context(), Context::Authorize);
    typed(&mut a, "?");
    assert_eq!(
        a.context(),
        Context::Authorize,
        "? is text in the user field"
    );
    a.update(code(KeyCode::F(1)));
    assert_eq!(a.context(), Context::Help);
    assert_eq!(
        a.pane_context(),
        Context::Authorize,
        "help describes the dialog"
    );
    a.update(code(KeyCode::Esc));
    assert_eq!(a.context(), Context::Authorize);

    let mut a = app();
    a.update(code(KeyCode::Down)); // lab: no password source
    a.update(key('t'));
    assert_eq!(a.context(), Context::Prompt);
    a.update(code(KeyCode::F(1)));
    assert_eq!(a.pane_context(), Context::Prompt);
    a.update(code(KeyCode::Esc));
    assert_eq!(a.context(), Context::Prompt);
    // The hint bar of every text context names F1.
    for ctx in [
        Context::Authorize,
        Context::Prompt,
        Context::Filter,
        Context::BrowserFilter,
        Context::FilterBuilder,
        Context::Write,
        Context::Password,
        Context::Edit,
        Context::Form,
    ] {
        assert!(
            ldapdeck::app::keymap::bindings(ctx)
                .iter()
                .any(|b| b.label == "F1" && !b.hint.is_empty()),
            "{ctx:?}"
        );
    }
}

#[test]
fn the_form_keeps_required_groups_with_commas_in_their_dns() {
    let mut p = provider("corp", "Corp");
    p.access = Some(ldapdeck::config::Access {
        required_groups: vec![
            "cn=vpn,ou=groups,dc=example,dc=org".into(),
            "helpdesk".into(),
        ],
        mode: ldapdeck::config::AccessMode::All,
    });
    let f = Form::new(&p, Some("corp".into()), "Edit corp");
    assert_eq!(
        f.value("access.required_groups"),
        "cn=vpn,ou=groups,dc=example,dc=org; helpdesk"
    );
    let built = f.build().expect("valid");
    assert_eq!(built.access, p.access);
    assert!(!f.dirty());
}

#[test]
fn the_authorize_result_scrolls_with_page_keys() {
    let mut a = app();
    a.update(key('u'));
    a.update(code(KeyCode::PageDown));
    a.update(code(KeyCode::PageDown));
    a.update(code(KeyCode::PageUp));
    assert_eq!(a.find::<AuthDialog>().map(|d| d.scroll), Some(5));
    // Page keys are not typed into the user field.
    assert_eq!(
        a.find::<AuthDialog>()
            .map(|d| ldapdeck::app::input::text_of(&d.inputs[0])),
        Some(String::new())
    );
}
