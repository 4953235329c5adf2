//! Browser speed on 100,000 loaded users: one frame, one quick-filter keystroke, and
//! compiling a structured filter; the directory tree taking in a 100,000-child OU in the
//! batches the job sends, and one frame of it.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ldapdeck::app::App;
use ldapdeck::app::action::{Action, JobEvent};
use ldapdeck::app::browser::Row;
use ldapdeck::app::effect::Effect;
use ldapdeck::config::Provider;
use ldapdeck::syntax::structured::StructuredFilter;
use ldapdeck::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn loaded(n: usize) -> App {
    let mut p = Provider::new("big");
    p.urls = vec!["ldap://127.0.0.1:389".into()];
    let mut app = App::new("providers.toml", vec![p]);
    let fx = app.update(Action::Key(KeyEvent::new(
        KeyCode::Char('b'),
        KeyModifiers::NONE,
    )));
    let job = match fx.as_slice() {
        [Effect::Browse { job, .. }] => *job,
        _ => unreachable!("b opens the browser"),
    };
    let cols = vec![
        "full_name".to_string(),
        "mail".to_string(),
        "extension".to_string(),
    ];
    for chunk in (0..n).collect::<Vec<_>>().chunks(2_000) {
        let rows = chunk
            .iter()
            .map(|i| {
                let id = format!("user{i:06}@acme.example");
                let cells = vec![
                    format!("Ada Lind {i}"),
                    id.clone(),
                    format!("{}", 100_000 + i),
                ];
                Row {
                    hay: format!("{id} {}", cells.join(" ")).to_lowercase(),
                    dn: format!("uid={id},ou=bulk,ou=acme,dc=demo,dc=example"),
                    cells,
                    id,
                }
            })
            .collect();
        app.update(Action::Job(job, JobEvent::Rows(cols.clone(), rows)));
    }
    app.update(Action::Job(job, JobEvent::RowsDone));
    app
}

fn key(c: KeyCode) -> Action {
    Action::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn bench(c: &mut Criterion) {
    let theme = Theme::color();
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut app = loaded(100_000);
    app.update(key(KeyCode::Char('G')));
    c.bench_function("frame: user list with 100,000 rows, 200x50", |b| {
        b.iter(|| {
            term.draw(|f| ui::draw(f, black_box(&app), &theme))
                .map(|_| ())
        })
    });

    app.update(key(KeyCode::Char('/')));
    c.bench_function(
        "keystroke: fuzzy quick filter over 100,000 rows (type, then erase)",
        |b| {
            b.iter(|| {
                app.update(key(KeyCode::Char('9')));
                app.update(key(KeyCode::Backspace));
            })
        },
    );

    let mut p = Provider::new("x");
    p.attributes
        .insert("extension".into(), "telephoneNumber".into());
    let text = r#"{"mode":"and","criteria":[
        {"attribute":"extension","operation":"starts_with","value":"66"},
        {"attribute":"mail","operation":"ends_with","value":"@acme.example"},
        {"attribute":"uid","operation":"not_equals","value":"*)(uid=*"}]}"#;
    c.bench_function(
        "filter: parse + compile a structured filter, AND user_filter",
        |b| {
            b.iter(|| {
                let s = StructuredFilter::from_json(black_box(text)).expect("json");
                let f = s
                    .compile(&|n| p.attribute(n).map(str::to_string))
                    .expect("compile");
                p.listing_filter(Some(&f)).expect("and").to_string()
            })
        },
    );
}

fn tree(c: &mut Criterion) {
    use ldapdeck::app::tree::Tree;
    use ldapdeck::ldap::read::tree::{Kind, Node};
    let node = |dn: String| Node {
        dn,
        kind: Kind::Person,
        children: Some(false),
        deleted: None,
    };
    let batches: Vec<Vec<Node>> = (0..100_000)
        .collect::<Vec<usize>>()
        .chunks(2_000)
        .map(|c| {
            c.iter()
                .map(|i| node(format!("uid=u{i:06},ou=big,dc=bench,dc=test")))
                .collect()
        })
        .collect();
    let fresh = || {
        let mut t = Tree::new(&Provider::new("big"), None);
        t.set_roots(vec![
            node("ou=big,dc=bench,dc=test".into()),
            node("cn=Subschema".into()),
        ]);
        t.rows[0].node.children = None;
        t
    };
    c.bench_function(
        "tree: expand an OU of 100,000 children in 2,000-entry batches, sorted when done",
        |b| {
            b.iter(|| {
                let mut t = fresh();
                t.expand();
                for batch in &batches {
                    t.add_children(black_box(batch.clone()));
                }
                t.children_done(None);
                t.rows.len()
            })
        },
    );
    let mut t = fresh();
    t.expand();
    for batch in &batches {
        t.add_children(batch.clone());
    }
    t.children_done(None);
    t.move_to(50_000);
    let mut app = App::new("providers.toml", vec![Provider::new("big")]);
    app.push(t);
    let theme = Theme::color();
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    c.bench_function("frame: tree with 100,000 children loaded, 200x50", |b| {
        b.iter(|| {
            term.draw(|f| ui::draw(f, black_box(&app), &theme))
                .map(|_| ())
        })
    });
}

criterion_group!(benches, bench, tree);
criterion_main!(benches);
