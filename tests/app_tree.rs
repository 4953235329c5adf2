//! The directory tree's pure update: keys and job messages in, state and effects out; and its
//! screens (and the schema view's) at 80×24.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use ldapdeck::app::App;
use ldapdeck::app::action::{Action, JobEvent, JobId};
use ldapdeck::app::browser::{Browser, Level, Load};
use ldapdeck::app::effect::Effect;
use ldapdeck::app::keymap::Context;
use ldapdeck::app::layers::ask::{Ask, Purpose};
use ldapdeck::app::layers::schema::SchemaView;
use ldapdeck::app::tree::{Cut, OpenAs, Tree, TreeLoad};
use ldapdeck::app::write::Intent;
use ldapdeck::config::{Provider, ServerType};
use ldapdeck::ldap::read::tree::{Deleted, Kind, Node};
use ldapdeck::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn provider(read_only: bool) -> Provider {
    let mut p = Provider::new("corp");
    p.server_type = ServerType::Openldap;
    p.urls = vec!["ldaps://corp.example:636".into()];
    p.base_dn = Some("dc=example,dc=org".into());
    p.bind_dn = Some("cn=svc,dc=example,dc=org".into());
    p.bind_password_env = Some("CORP_PW".into());
    p.read_only = read_only;
    p
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}
fn shift(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT))
}
fn code(c: KeyCode) -> Action {
    Action::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn node(dn: &str, kind: Kind, children: Option<bool>) -> Node {
    Node {
        dn: dn.into(),
        kind,
        children,
        deleted: None,
    }
}

fn tree_load(fx: &[Effect]) -> (JobId, TreeLoad) {
    fx.iter()
        .find_map(|e| match e {
            Effect::Tree { job, load, .. } => Some((*job, load.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no tree load in {fx:?}"))
}

/// The tree of a provider, its roots and ou=people's children loaded.
fn walked(read_only: bool) -> App {
    let mut app = App::new("/tmp/providers.toml", vec![provider(read_only)]);
    let fx = app.update(shift('T'));
    let (job, load) = tree_load(&fx);
    assert_eq!(load, TreeLoad::Roots);
    app.update(Action::Job(
        job,
        JobEvent::TreeNodes(vec![
            node("dc=example,dc=org", Kind::Container, Some(true)),
            node("cn=Subschema", Kind::Other, None),
        ]),
    ));
    app.update(Action::Job(job, JobEvent::TreeDone(None)));
    let fx = app.update(key('l'));
    let (job, load) = tree_load(&fx);
    assert!(matches!(load, TreeLoad::Children(ref n, _) if n.dn == "dc=example,dc=org"));
    app.update(Action::Job(
        job,
        JobEvent::TreeNodes(vec![
            node("ou=people,dc=example,dc=org", Kind::Container, Some(true)),
            node("ou=groups,dc=example,dc=org", Kind::Container, Some(true)),
        ]),
    ));
    app.update(Action::Job(job, JobEvent::TreeDone(None)));
    // Sorted: groups, then people.
    app.update(key('j'));
    app.update(key('j'));
    let fx = app.update(key('l'));
    let (job, _) = tree_load(&fx);
    app.update(Action::Job(
        job,
        JobEvent::TreeNodes(vec![
            node(
                "uid=alice,ou=people,dc=example,dc=org",
                Kind::Person,
                Some(false),
            ),
            node(
                "uid=bob,ou=people,dc=example,dc=org",
                Kind::Person,
                Some(false),
            ),
        ]),
    ));
    app.update(Action::Job(job, JobEvent::TreeDone(None)));
    app
}

fn tree(app: &App) -> &Tree {
    app.find::<Tree>().expect("the tree is open")
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| ui::draw(f, app, &Theme::mono())).expect("draw");
    t.backend().to_string()
}

#[test]
fn t_walks_from_the_roots_and_enter_opens_a_user_in_the_user_view() {
    let mut app = walked(true);
    assert_eq!(tree(&app).rows.len(), 6);
    app.update(key('j'));
    let fx = app.update(code(KeyCode::Enter));
    let (job, load) = tree_load(&fx);
    let dn = "uid=alice,ou=people,dc=example,dc=org".to_string();
    assert_eq!(load, TreeLoad::Open(dn.clone()));
    let fx = app.update(Action::Job(
        job,
        JobEvent::Opened(dn.clone(), OpenAs::User("alice".into())),
    ));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Browse { load: Load::Entry(d, false), .. } if *d == dn)),
        "{fx:?}"
    );
    let b = app.find::<Browser>().expect("the user view");
    assert_eq!(b.level, Level::Entry);
    let entry_job = b.entry_job.expect("loads the entry");
    app.update(Action::Job(
        entry_job,
        JobEvent::Entry(Box::new(ldapdeck::app::browser::Entry {
            dn: dn.clone(),
            attrs: Vec::new(),
        })),
    ));
    // Esc goes back to the tree, not to an empty user list.
    app.update(code(KeyCode::Esc));
    assert!(app.find::<Browser>().is_none());
    assert!(app.find::<Tree>().is_some());
}

#[test]
fn a_group_opens_with_its_users_and_a_user_keeps_every_user_key() {
    let mut app = App::new("/tmp/providers.toml", vec![provider(false)]);
    app.update(shift('T'));
    let p = provider(false);
    let (b, load) = Browser::opened(
        &p,
        None,
        "cn=ops,ou=groups,dc=example,dc=org".into(),
        OpenAs::Group("ops".into()),
    );
    assert_eq!(b.level, Level::Users);
    assert_eq!(load, Load::Users(None, Some("ops".into()), None));
    let (b, _) = Browser::opened(
        &p,
        None,
        "uid=alice,ou=people,dc=example,dc=org".into(),
        OpenAs::User("alice".into()),
    );
    assert_eq!(
        b.selected_user(),
        Some((
            "uid=alice,ou=people,dc=example,dc=org".into(),
            "alice".into()
        ))
    );
    app.push(b);
    assert_eq!(app.context(), Context::BrowserEdit);
    let fx = app.update(key('x'));
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::PlanWrite { intent: Intent::ToggleStatus { id, .. }, .. } if id == "alice"
        )),
        "{fx:?}"
    );
    // Any other entry: the entry view without user keys.
    let (b, _) = Browser::opened(
        &p,
        None,
        "ou=people,dc=example,dc=org".into(),
        OpenAs::Entry,
    );
    let mut app = App::new("/tmp/providers.toml", vec![provider(false)]);
    app.push(b);
    assert_eq!(app.context(), Context::Browser);
}

#[test]
fn esc_stops_a_long_expansion_and_keeps_what_came() {
    let mut app = walked(true);
    app.update(key('g'));
    app.update(key('h')); // collapse the root
    assert_eq!(tree(&app).rows.len(), 2);
    let fx = app.update(key('l'));
    let (job, _) = tree_load(&fx);
    app.update(Action::Job(
        job,
        JobEvent::TreeNodes(vec![node("ou=a,dc=example,dc=org", Kind::Container, None)]),
    ));
    let fx = app.update(code(KeyCode::Esc));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Cancel(j) if *j == job))
    );
    let t = tree(&app);
    assert_eq!(t.rows.len(), 3, "what came stays");
    assert_eq!(t.rows[0].cut, Some((Cut::Stopped, 1)));
    // The next Esc closes the tree.
    app.update(code(KeyCode::Esc));
    assert!(app.find::<Tree>().is_none());
}

#[test]
fn s_searches_from_the_node_and_e_exports_it() {
    let mut app = walked(true);
    app.update(key('s'));
    assert_eq!(app.context(), Context::FilterBuilder);
    // No criterion: every entry below.
    let fx = app.update(code(KeyCode::Enter));
    let (job, load) = tree_load(&fx);
    assert_eq!(
        load,
        TreeLoad::Search {
            base: "ou=people,dc=example,dc=org".into(),
            filter: "(objectClass=*)".into(),
            subtree: true,
            limit: 10_000
        }
    );
    app.update(Action::Job(
        job,
        JobEvent::TreeNodes(vec![node(
            "uid=bob,ou=people,dc=example,dc=org",
            Kind::Person,
            Some(false),
        )]),
    ));
    app.update(Action::Job(job, JobEvent::TreeDone(Some(Cut::SizeLimit))));
    assert_snapshot!("tree_search_results", screen(&app));
    app.update(code(KeyCode::Esc));
    assert!(tree(&app).results.is_none(), "Esc goes back to the tree");
    // E asks for a file, then exports the subtree.
    app.update(shift('E'));
    assert!(app.find::<Ask>().is_some());
    let fx = app.update(code(KeyCode::Enter));
    let (job, load) = tree_load(&fx);
    assert_eq!(
        load,
        TreeLoad::Export {
            base: "ou=people,dc=example,dc=org".into(),
            subtree: true,
            path: "people.ldif".into(),
            secrets: false
        }
    );
    app.update(Action::Job(job, JobEvent::Progress(500)));
    assert_eq!(tree(&app).export.as_ref().map(|x| x.written), Some(500));
    app.update(Action::Job(job, JobEvent::Exported(700, false)));
    assert!(screen(&app).contains("exported 700 entries to people.ldif"));
}

#[test]
fn write_keys_work_on_any_entry_and_only_where_writable() {
    let mut app = walked(true);
    assert_eq!(app.context(), Context::Tree);
    app.update(shift('D'));
    assert!(app.find::<Ask>().is_none());
    let mut app = walked(false);
    assert_eq!(app.context(), Context::TreeEdit);
    let fx = app.update(shift('D'));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::PlanWrite { intent: Intent::DeleteEntry { dn }, .. } if dn == "ou=people,dc=example,dc=org"
    )));
    let mut app = walked(false);
    app.update(key('e'));
    for c in "description=On call".chars() {
        app.update(key(c));
    }
    let fx = app.update(code(KeyCode::Enter));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::PlanWrite {
            intent: Intent::SetAttr { .. },
            ..
        }
    )));
    // A typo is said in the dialog, which stays.
    let mut app = walked(false);
    app.update(key('e'));
    for c in "no equals sign".chars() {
        app.update(key(c));
    }
    let fx = app.update(code(KeyCode::Enter));
    assert!(fx.is_empty());
    let ask = app.find::<Ask>().expect("still asking");
    assert!(
        ask.error
            .as_deref()
            .unwrap_or("")
            .contains("attribute=value")
    );
    // R edits the DN.
    let mut app = walked(false);
    app.update(shift('R'));
    let ask = app.find::<Ask>().expect("asks");
    assert_eq!(ask.answer(), "ou=people,dc=example,dc=org");
    assert_eq!(
        ask.purpose,
        Purpose::Move("ou=people,dc=example,dc=org".into())
    );
}

#[test]
fn a_tombstone_is_restored_with_u_as_the_dn_it_had() {
    let mut app = App::new("/tmp/providers.toml", vec![provider(false)]);
    let fx = app.update(shift('T'));
    let (job, _) = tree_load(&fx);
    app.update(Action::Job(
        job,
        JobEvent::TreeNodes(vec![node(
            "CN=Deleted Objects,DC=corp",
            Kind::DeletedObjects,
            None,
        )]),
    ));
    let fx = app.update(key('l'));
    let (job, _) = tree_load(&fx);
    app.update(Action::Job(
        job,
        JobEvent::TreeNodes(vec![Node {
            dn: "CN=jdoe\\0ADEL:3cfa,CN=Deleted Objects,DC=corp".into(),
            kind: Kind::Tombstone,
            children: Some(false),
            deleted: Some(Deleted {
                guid: "3cfa".into(),
                name: "jdoe".into(),
                parent: "CN=Users,DC=corp".into(),
                when: "20261201120000.0Z".into(),
            }),
        }]),
    ));
    app.update(Action::Job(job, JobEvent::TreeDone(None)));
    assert!(screen(&app).contains("jdoe (deleted 20261201120000.0Z)"));
    app.update(key('j'));
    app.update(key('u'));
    let ask = app.find::<Ask>().expect("asks where");
    assert_eq!(ask.answer(), "CN=jdoe,CN=Users,DC=corp");
    let fx = app.update(code(KeyCode::Enter));
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::PlanWrite { intent: Intent::Restore { guid, to }, .. }
                if guid == "3cfa" && to == "CN=jdoe,CN=Users,DC=corp"
        )),
        "{fx:?}"
    );
}

#[test]
fn the_tree_at_80x24() {
    let mut app = walked(true);
    app.update(key('j'));
    assert_snapshot!("tree_walked", screen(&app));
    app.update(key('/'));
    for c in "bob".chars() {
        app.update(key(c));
    }
    assert_snapshot!("tree_filtered", screen(&app));
}

#[test]
fn the_schema_view_at_80x24() {
    use ldapdeck::ldap::read::schema::{Definitions, Schema};
    use ldapdeck::ldap::read::schema_view::Read;
    let mut app = walked(true);
    app.update(key('j'));
    let fx = app.update(key('i'));
    let job = fx
        .iter()
        .find_map(|e| match e {
            Effect::LoadSchema { job, dn, .. } => {
                assert_eq!(dn.as_deref(), Some("uid=alice,ou=people,dc=example,dc=org"));
                Some(*job)
            }
            _ => None,
        })
        .expect("reads the schema");
    let defs = Definitions {
        classes: vec![
            "( 2.5.6.0 NAME 'top' ABSTRACT MUST objectClass )".into(),
            "( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST ( sn $ cn ) MAY ( userPassword $ telephoneNumber ) )".into(),
            "( 2.16.840.1.113730.3.2.2 NAME 'inetOrgPerson' DESC 'RFC2798: Internet Organizational Person' SUP person STRUCTURAL MAY ( mail $ uid ) )".into(),
        ],
        attributes: vec![
            "( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )".into(),
            "( 0.9.2342.19200300.100.1.3 NAME ( 'mail' 'rfc822Mailbox' ) EQUALITY caseIgnoreIA5Match SUBSTR caseIgnoreIA5SubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{256} )".into(),
        ],
        rules: Vec::new(),
    };
    let schema = Schema::parse(&defs.classes, &defs.attributes, &defs.rules);
    app.update(Action::Job(
        job,
        JobEvent::Schema(Box::new(Read {
            defs,
            schema,
            classes: vec!["inetOrgPerson".into(), "top".into()],
        })),
    ));
    let v = app.find::<SchemaView>().expect("the schema view");
    assert_eq!(
        v.selected_name(),
        Some("inetOrgPerson"),
        "the entry's class first"
    );
    assert_snapshot!("schema_of_an_entry", screen(&app));
    // Search by OID.
    app.update(key('/'));
    for c in "0.9.2342".chars() {
        app.update(key(c));
    }
    app.update(code(KeyCode::Enter));
    let v = app.find::<SchemaView>().expect("the schema view");
    assert_eq!(v.selected_name(), Some("mail"));
    assert_snapshot!("schema_attribute", screen(&app));
}

#[test]
fn a_long_batch_preview_scrolls_and_keeps_its_question_at_80x24() {
    use ldapdeck::app::write::{Planned, Step};
    use ldapdeck::ldap::write::change::{Change, Mod};
    let mut app = walked(false);
    let fx = app.update(shift('D'));
    let job = fx
        .iter()
        .find_map(|e| match e {
            Effect::PlanWrite { job, .. } => Some(*job),
            _ => None,
        })
        .expect("plans");
    let steps = (0..12)
        .map(|i| Step {
            change: Change::Modify {
                dn: format!("uid=u{i},ou=people,dc=example,dc=org"),
                mods: vec![Mod::Replace(
                    "employeeType".into(),
                    vec![b"disabled".to_vec()],
                )],
            },
            before: None,
            undoes: None,
        })
        .collect();
    let mut plan = Planned::new("Disable 12 users".into(), steps);
    plan.batch = true;
    plan.warning = Some("a warning long enough to wrap over two lines of the dialog at this width, so the question must still show".into());
    plan.type_to_confirm = Some("delete 12".into());
    app.update(Action::Job(job, JobEvent::Planned(Box::new(plan))));
    let s = screen(&app);
    assert!(s.contains("Type delete 12"), "{s}");
    assert!(s.contains("(↑/↓, PgUp/PgDn scroll)"), "{s}");
    app.update(code(KeyCode::PageDown));
    assert_snapshot!("batch_preview_scrolled", screen(&app));
}

#[test]
fn expanding_another_entry_cancels_the_load_it_replaces_and_a_leaf_cancels_nothing() {
    let mut app = walked(true);
    app.update(key('g'));
    app.update(key('j')); // ou=groups
    let fx = app.update(key('l'));
    let (first, _) = tree_load(&fx);
    // A leaf (alice) says so and leaves the load of ou=groups running.
    app.update(key('j'));
    app.update(key('j'));
    let fx = app.update(key('l'));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(tree(&app).job, Some(first));
    // Another entry that can expand: the running load is cancelled, not left behind.
    app.update(key('g'));
    app.update(key('G'));
    let fx = app.update(key('l'));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Cancel(j) if *j == first)),
        "{fx:?}"
    );
    let (second, load) = tree_load(&fx);
    assert_ne!(second, first);
    assert!(matches!(load, TreeLoad::Children(ref n, _) if n.dn == "cn=Subschema"));
}
