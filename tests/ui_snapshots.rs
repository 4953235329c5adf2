//! Whole screens on ratatui's TestBackend, 80×24, with fixed data and fixed times.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use ldapdeck::app::App;
use ldapdeck::app::action::{Action, JobEvent};
use ldapdeck::app::effect::Effect;
use ldapdeck::config::{Provider, ServerType};
use ldapdeck::ldap::doctor::{Report, Status, Step};
use ldapdeck::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn provider(slug: &str, name: &str, t: ServerType, url: &str) -> Provider {
    let mut p = Provider::new(slug);
    p.name = name.into();
    p.server_type = t;
    p.urls = vec![url.into()];
    p.base_dn = Some("dc=example,dc=org".into());
    p.bind_dn = Some("cn=svc,dc=example,dc=org".into());
    p.bind_password_env = Some("PW".into());
    p
}

fn app() -> App {
    let mut lab = provider(
        "lab",
        "Lab OpenLDAP",
        ServerType::Openldap,
        "ldap://lab.example:389",
    );
    lab.enabled = false;
    let mut legacy = provider(
        "legacy",
        "Legacy NIS",
        ServerType::Posix,
        "ldaps://nis.example:636",
    );
    legacy.tls_verify = false;
    legacy.read_only = true;
    let mut corp = provider(
        "corp-ad",
        "Corp AD",
        ServerType::ActiveDirectory,
        "ldaps://dc1.corp.example:636",
    );
    corp.urls.push("ldaps://dc2.corp.example:636".into());
    corp.tags = vec!["prod".into()];
    App::new("~/.config/ldapdeck/providers.toml", vec![corp, lab, legacy])
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| ui::draw(f, app, &Theme::mono())).expect("draw");
    t.backend().to_string()
}

fn step(id: &'static str, status: Status, detail: &str) -> Step {
    Step {
        step: id,
        status,
        ms: 3,
        detail: detail.into(),
        lines: Vec::new(),
        cause: None,
        hint: None,
        command: None,
    }
}

fn failed_tls() -> Step {
    Step {
        cause: Some("tls_unknown_ca"),
        hint: Some(
            "set ca_file to the CA that signed CN=dc1.corp.example (issuer: CN=Corp CA)".into(),
        ),
        lines: vec![
            "server: CN=dc1.corp.example".into(),
            "  issued by CN=Corp CA".into(),
        ],
        ..step(
            "tls",
            Status::Failed,
            "the server certificate CN=dc1.corp.example was signed by CN=Corp CA, a CA that is not trusted here",
        )
    }
}

fn start_test(a: &mut App) -> ldapdeck::app::action::JobId {
    match a.update(key('t')).as_slice() {
        [Effect::StartTest { job, .. }] => *job,
        other => panic!("{other:?}"),
    }
}

#[test]
fn provider_list() {
    let mut a = app();
    let job = start_test(&mut a);
    let report = Report {
        provider: "corp-ad".into(),
        ok: false,
        tls_verified: true,
        tls: Default::default(),
        steps: vec![step("config", Status::Ok, "valid"), failed_tls()],
    };
    a.update(Action::Job(
        job,
        JobEvent::TestDone(report, "09:41:07Z".into()),
    ));
    a.update(Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert_snapshot!(screen(&a));
}

#[test]
fn test_log_mid_run() {
    let mut a = app();
    let job = start_test(&mut a);
    a.update(Action::Job(
        job,
        JobEvent::Step(step(
            "config",
            Status::Ok,
            "valid; password from environment variable PW (not shown)",
        )),
    ));
    a.update(Action::Job(
        job,
        JobEvent::Step(step(
            "dns",
            Status::Ok,
            "dc1.corp.example resolves to 10.0.0.10",
        )),
    ));
    assert_snapshot!(screen(&a));
}

#[test]
fn test_log_failed() {
    let mut a = app();
    let job = start_test(&mut a);
    let report = Report {
        provider: "corp-ad".into(),
        ok: false,
        tls_verified: true,
        tls: Default::default(),
        steps: vec![
            step("config", Status::Ok, "valid"),
            step("dns", Status::Ok, "dc1.corp.example resolves to 10.0.0.10"),
            step("tcp", Status::Ok, "connected to 10.0.0.10:636"),
            failed_tls(),
            step("bind", Status::Skipped, "not run: an earlier step failed"),
        ],
    };
    a.update(Action::Job(
        job,
        JobEvent::TestDone(report, "09:41:07Z".into()),
    ));
    assert_snapshot!(screen(&a));
}

#[test]
fn test_log_with_the_commands_by_hand() {
    let mut a = app();
    let job = start_test(&mut a);
    let with = |mut s: Step, c: &str| {
        s.command = Some(c.into());
        s
    };
    let report = Report {
        provider: "corp-ad".into(),
        ok: false,
        tls_verified: true,
        tls: Default::default(),
        steps: vec![
            step("config", Status::Ok, "valid"),
            with(
                step("dns", Status::Ok, "dc1.corp.example resolves to 10.0.0.10"),
                "getent ahosts dc1.corp.example",
            ),
            with(
                failed_tls(),
                "openssl s_client -connect dc1.corp.example:636 -servername dc1.corp.example -verify_hostname dc1.corp.example -CAfile /etc/ssl/corp.pem -verify_return_error -showcerts </dev/null",
            ),
        ],
    };
    a.update(Action::Job(
        job,
        JobEvent::TestDone(report, "09:41:07Z".into()),
    ));
    a.update(key('c'));
    assert_snapshot!(screen(&a));
}

#[test]
fn form_with_errors() {
    let mut a = app();
    a.update(key('a'));
    for c in "Bad Slug".chars() {
        a.update(key(c));
    }
    assert_snapshot!(screen(&a));
}

#[test]
fn help_over_the_list() {
    let mut a = app();
    a.update(key('?'));
    assert_snapshot!(screen(&a));
}

#[test]
fn delete_confirmation() {
    let mut a = app();
    a.update(key('d'));
    assert_snapshot!(screen(&a));
}

#[test]
fn browser_on_a_failing_provider() {
    let mut a = app();
    let fx = a.update(key('b'));
    let job = match fx.as_slice() {
        [Effect::Browse { job, .. }] => *job,
        other => panic!("{other:?}"),
    };
    a.update(Action::Job(
        job,
        JobEvent::Failed(
            "dc1.corp.example:636 refused the connection: nothing listens on that port; is the LDAP server running? [connection_refused]"
                .into(),
        ),
    ));
    let s = screen(&a);
    assert!(s.contains("t runs the connection doctor"), "{s}");
    assert_snapshot!(s);
}

#[test]
fn the_provider_list_shares_the_width_by_content() {
    let mut a = app();
    a.providers[0].name = "Corporate Active Directory, production forest (Paris)".into();
    let wide = {
        let mut t = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
        t.draw(|f| ui::draw(f, &a, &Theme::mono())).expect("draw");
        t.backend().to_string()
    };
    // At 200 columns nothing is cut and the tags get their column.
    assert!(
        wide.contains("Corporate Active Directory, production forest (Paris)"),
        "{wide}"
    );
    assert!(wide.contains("TAGS") && wide.contains("prod"), "{wide}");
    // At 80 the name is cut, never the slug, the flags or host:port.
    let narrow = screen(&a);
    for whole in [
        "corp-ad",
        "RO !TLS",
        "ldaps://dc1.corp.example:636",
        "ldaps://nis.example:636",
    ] {
        assert!(narrow.contains(whole), "{whole} in\n{narrow}");
    }
    assert!(narrow.contains('…'), "{narrow}");
}

#[test]
fn the_user_list_sizes_columns_by_content_and_scrolls_sideways() {
    use ldapdeck::app::browser::Row;
    let mut a = app();
    let job = match a.update(key('b')).as_slice() {
        [Effect::Browse { job, .. }] => *job,
        other => panic!("{other:?}"),
    };
    let cols: Vec<String> = [
        "state",
        "first_name",
        "last_name",
        "full_name",
        "mail",
        "extension",
    ]
    .map(String::from)
    .to_vec();
    let row = |id: &str, mail: &str| Row {
        id: id.into(),
        dn: format!("uid={id},dc=x"),
        cells: vec![
            String::new(),
            "Ann".into(),
            "Lee".into(),
            "Ann Lee".into(),
            mail.into(),
            "+32 2 555 00 00".into(),
        ],
        hay: id.into(),
    };
    a.update(Action::Job(
        job,
        JobEvent::Rows(
            cols,
            vec![row("ann", "ann@example.org"), row("bo", "bo@example.org")],
        ),
    ));
    let s = screen(&a);
    // Short ids get a short column, so MAIL fits at 80 columns.
    assert!(s.contains("MAIL") && s.contains("ann@example.org"), "{s}");
    a.update(key('>'));
    a.update(key('>'));
    let s = screen(&a);
    assert!(
        s.contains("EXTENSION") && s.contains("+32 2 555 00 00"),
        "{s}"
    );
    assert!(s.contains("STATE"), "STATE stays while scrolling: {s}");
}
