//! Console speed: one frame of the provider list with 1,000 providers, the test log, a
//! quick-filter keystroke, and loading a 1,000-provider file up to its first frame.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ldapdeck::app::App;
use ldapdeck::app::action::{Action, JobEvent};
use ldapdeck::app::effect::Effect;
use ldapdeck::config::{Provider, ServerType, Store};
use ldapdeck::ldap::doctor::{Report, Status, Step};
use ldapdeck::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn providers(n: usize) -> Vec<Provider> {
    (0..n)
        .map(|i| {
            let mut p = Provider::new(&format!("provider-{i:04}"));
            p.name = format!("Directory number {i}");
            p.server_type = ServerType::ALL[i % 5];
            p.urls = vec![format!("ldaps://ldap{i}.corp.example:636")];
            p.tags = vec![format!("site-{}", i % 7)];
            p
        })
        .collect()
}

fn step(id: &'static str, status: Status) -> Step {
    Step {
        step: id,
        status,
        ms: 3,
        detail: format!("{id}: a representative line of detail about what happened"),
        lines: vec![
            "server: CN=ldap.corp.example".into(),
            "  issued by CN=Corp CA".into(),
        ],
        cause: None,
        hint: None,
        command: None,
    }
}

fn bench(c: &mut Criterion) {
    let theme = Theme::color();
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");

    let app = App::new("providers.toml", providers(1000));
    c.bench_function("frame: list of 1,000 providers, 200x50", |b| {
        b.iter(|| {
            term.draw(|f| ui::draw(f, black_box(&app), &theme))
                .map(|_| ())
        })
    });

    let mut logged = App::new("providers.toml", providers(10));
    let job = match logged
        .update(Action::Key(KeyEvent::new(
            KeyCode::Char('t'),
            KeyModifiers::NONE,
        )))
        .as_slice()
    {
        [Effect::StartTest { job, .. }] => *job,
        _ => unreachable!("t starts a test"),
    };
    let ids = [
        "config", "dns", "tcp", "tls", "bind", "rootdse", "base_dn", "users", "groups",
    ];
    let report = Report {
        provider: "provider-0000".into(),
        ok: true,
        tls_verified: true,
        tls: Default::default(),
        steps: ids.iter().map(|id| step(id, Status::Ok)).collect(),
    };
    logged.update(Action::Job(
        job,
        JobEvent::TestDone(report, "10:00:00Z".into()),
    ));
    c.bench_function("frame: list + finished test log, 200x50", |b| {
        b.iter(|| {
            term.draw(|f| ui::draw(f, black_box(&logged), &theme))
                .map(|_| ())
        })
    });

    c.bench_function(
        "keystroke: quick filter over 1,000 providers, then a frame",
        |b| {
            let mut a = App::new("providers.toml", providers(1000));
            a.update(Action::Key(KeyEvent::new(
                KeyCode::Char('/'),
                KeyModifiers::NONE,
            )));
            let mut flip = false;
            b.iter(|| {
                let code = if flip {
                    KeyCode::Backspace
                } else {
                    KeyCode::Char('7')
                };
                flip = !flip;
                a.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
                term.draw(|f| ui::draw(f, &a, &theme)).map(|_| ())
            })
        },
    );

    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("providers.toml");
    let mut store = Store::load(&path).expect("empty");
    for p in providers(1000) {
        store.add(p).expect("add");
    }
    store.save().expect("save");
    c.bench_function(
        "start: load 1,000 providers and draw the first frame",
        |b| {
            b.iter(|| {
                let store = Store::load(&path).expect("load");
                let app = App::new("providers.toml", store.providers().to_vec());
                term.draw(|f| ui::draw(f, &app, &theme)).map(|_| ())
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
