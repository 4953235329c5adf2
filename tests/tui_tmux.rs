//! The console as a person uses it: the real binary in tmux, keys in, screen out.

mod support;

use std::time::Duration;

use support::cli::{Env, bin};
use support::slapd::{self, SUFFIX, SVC_DN, SVC_PW};
use support::tmux::Tmux;

#[test]
fn add_a_provider_in_the_form_save_it_and_watch_its_test() {
    let s = slapd::shared();
    let env = Env::new();
    env.write("# my providers, kept by ldapdeck\n");
    let cmd = format!(
        "env NO_COLOR=1 E2E_PW={SVC_PW} {} --config {}; sleep 60",
        bin(),
        env.config.display()
    );
    let t = Tmux::start("e2e", &cmd);
    t.wait_for(&["No providers yet", "a add"], 10);

    t.keys(&["a"]);
    t.wait_for(&["New provider", "Slug"], 5);
    t.text("e2e");
    t.keys(&["Tab", "Tab", "Right"]); // server type: generic → openldap, offers the preset
    t.wait_for(&["Fill", "openldap preset"], 5);
    t.keys(&["y", "Tab"]);
    t.text(&s.ldaps_url());
    // timeout, enabled, read-only, tags, StartTLS, verify, then CA file.
    t.keys(&["Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab"]);
    t.text(&s.ca_file.display().to_string());
    t.keys(&["Tab"]);
    t.text(SVC_DN);
    t.keys(&["Tab", "Right", "Right", "Tab"]); // password source: environment variable
    t.text("E2E_PW");
    t.keys(&["Tab"]);
    t.text(SUFFIX);
    t.wait_for(&["valid: C-s saves"], 5);
    t.keys(&["C-s"]);
    t.wait_for(&["saved e2e"], 5);

    let file = env.read();
    assert!(
        file.starts_with("# my providers, kept by ldapdeck\n"),
        "{file}"
    );
    assert!(
        file.contains("slug = \"e2e\"") && file.contains("bind_password_env = \"E2E_PW\""),
        "{file}"
    );
    assert!(
        !file.contains(SVC_PW),
        "the password itself is not in the file"
    );

    t.keys(&["t"]);
    let screen = t.wait_for(&["Test e2e", "works"], 15);
    for step in [
        "config", "dns", "tcp", "tls", "bind", "rootdse", "base_dn", "users",
    ] {
        assert!(
            screen.contains(&format!("✓ {step}")),
            "{step} not ok:\n{screen}"
        );
    }
    assert!(!screen.contains(SVC_PW), "no password on screen");
}

#[test]
fn a_failing_provider_shows_its_cause_and_esc_cancels_a_hung_test() {
    let env = Env::new();
    let silent = support::faults::silent();
    env.write(&format!(
        "[[provider]]\nslug = \"hung\"\nurls = [\"ldaps://127.0.0.1:{silent}\"]\ntimeout_secs = 30\n\n[[provider]]\nslug = \"refused\"\nurls = [\"ldap://127.0.0.1:{}\"]\n",
        slapd::free_port()
    ));
    let t = Tmux::start(
        "fail",
        &format!(
            "env NO_COLOR=1 {} --config {}; sleep 60",
            bin(),
            env.config.display()
        ),
    );
    t.wait_for(&["hung", "refused"], 10);
    t.keys(&["t"]);
    t.wait_for(&["Test hung", "running"], 5);
    // The screen stays responsive while the job hangs: Esc cancels it at once.
    t.keys(&["Escape"]);
    t.wait_for(&["cancelled"], 3);
    // Esc alone, then the next keys: ESC followed at once by j would read as Alt-j.
    t.keys(&["Escape"]);
    t.wait_for(&["t test  u authorize"], 3);
    t.keys(&["j"]);
    t.keys(&["t"]);
    let screen = t.wait_for(&["Test refused", "connection_refused", "hint:"], 10);
    assert!(
        screen.contains("✗ refused"),
        "the list remembers the result:\n{screen}"
    );
}

#[test]
fn a_panic_restores_the_terminal() {
    let env = Env::new();
    env.write("");
    let cmd = format!(
        "env RUST_BACKTRACE=0 LDAPDECK_TEST_PANIC=1 {} --config {}; echo EXIT=$?; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'; sleep 60",
        bin(),
        env.config.display()
    );
    let t = Tmux::start("panic", &cmd);
    let screen = t.wait_for(&["EXIT="], 10);
    assert!(
        screen.contains("panicking on purpose"),
        "the report is printed on the normal screen:\n{screen}"
    );
    let lines: Vec<&str> = screen.lines().map(str::trim).collect();
    assert!(
        lines.contains(&"icanon"),
        "raw mode is off again (stty shows icanon):\n{screen}"
    );
    assert!(
        !screen.contains("Providers ("),
        "the alternate screen is gone:\n{screen}"
    );
}

#[test]
fn browse_tenant_group_users_and_one_entry() {
    let s = slapd::shared();
    let env = Env::new();
    env.write(&format!(
        r#"[[provider]]
slug = "tree"
server_type = "openldap"
urls = ["{}"]
ca_file = "{}"
bind_dn = "{SVC_DN}"
bind_password_env = "TREE_PW"
base_dn = "{SUFFIX}"

[provider.attributes]
login = "uid"
full_name = "cn"
extension = "telephoneNumber"

[provider.layout]
mode = "ou"
tenants_base = "ou=Instance1,{SUFFIX}"
"#,
        s.ldaps_url(),
        s.ca_file.display()
    ));
    let cmd = format!(
        "env NO_COLOR=1 TREE_PW={SVC_PW} {} --config {}; sleep 60",
        bin(),
        env.config.display()
    );
    let t = Tmux::start("browse", &cmd);
    t.wait_for(&["tree", "b browse"], 10);
    t.keys(&["b"]);
    t.wait_for(&["TENANT", "ldap_tenant_1", "ldap_tenant_2"], 10);
    t.keys(&["Enter"]);
    t.wait_for(
        &["tree › ldap_tenant_1", "ldap_group_1", "ldap_group_2"],
        10,
    );
    t.keys(&["Enter"]);
    let screen = t.wait_for(&["› ldap_group_1", "ldap.user@netaxis.be", "3 users"], 10);
    assert!(
        screen.contains("second@netaxis.be") && screen.contains("third@netaxis.be"),
        "{screen}"
    );
    // A structured filter from the builder: extension equals 6678.
    t.keys(&["f"]);
    t.wait_for(&["Filter the users", "LDAP filter:"], 5);
    t.keys(&["Tab", "Tab"]);
    t.text("extension");
    t.keys(&["Tab", "Tab"]);
    t.text("6678");
    t.wait_for(&["(telephoneNumber=6678)"], 5);
    t.keys(&["Enter"]);
    let screen = t.wait_for(&["1 user ", "filter (telephoneNumber=6678)"], 10);
    assert!(
        screen.contains("second@netaxis.be") && !screen.contains("third@netaxis.be"),
        "{screen}"
    );
    t.keys(&["C-x"]);
    t.keys(&["f"]);
    t.wait_for(&["Filter the users"], 5);
    t.keys(&["C-x"]);
    t.wait_for(&["3 users"], 10);
    t.keys(&["g"]);
    t.keys(&["Enter"]);
    let screen = t.wait_for(&["extension (telephoneNumber)", "6677"], 10);
    assert!(
        screen.contains("uid=ldap.user@netaxis.be,ou=ldap_group_1,ou=ldap_tenant_1"),
        "{screen}"
    );
    for _ in 0..3 {
        t.keys(&["h"]);
        std::thread::sleep(Duration::from_millis(100));
    }
    t.wait_for(&["TENANT"], 5);
    t.keys(&["Escape"]);
    t.wait_for(&["Providers (1)"], 5);
}

#[test]
fn the_browser_stops_at_the_cap_and_says_so() {
    let s = slapd::shared();
    let env = Env::new();
    env.write(&format!(
        "[[provider]]\nslug = \"capped\"\nserver_type = \"openldap\"\nurls = [\"{}\"]\nca_file = \"{}\"\nbind_dn = \"{SVC_DN}\"\nbind_password_env = \"CAP_PW\"\nbase_dn = \"{SUFFIX}\"\nusers_base = \"ou=people,{SUFFIX}\"\nbrowse_cap = 2\n",
        s.ldaps_url(),
        s.ca_file.display()
    ));
    let cmd = format!(
        "env NO_COLOR=1 CAP_PW={SVC_PW} {} --config {}; sleep 60",
        bin(),
        env.config.display()
    );
    let t = Tmux::start("cap", &cmd);
    t.wait_for(&["capped"], 10);
    t.keys(&["b"]);
    let screen = t.wait_for(&["stopped at the cap of 2 users (browse_cap)"], 10);
    let rows = screen
        .lines()
        .filter(|l| {
            l.contains("@example.org")
                || l.contains("│alice")
                || l.contains("│expired")
                || l.contains("│gone")
                || l.contains("│locky")
                || l.contains("│mustchange")
        })
        .count();
    assert_eq!(rows, 2, "{screen}");
}

#[test]
fn past_the_cap_a_vlv_server_gives_a_virtual_list() {
    let ca = support::pki::Ca::new("vlv tmux CA");
    let mut ldif = format!("dn: ou=big,{SUFFIX}\nobjectClass: organizationalUnit\nou: big\n\n");
    for i in 0..1000 {
        ldif.push_str(&format!(
            "dn: uid=v{i:04},ou=big,{SUFFIX}\nobjectClass: inetOrgPerson\nuid: v{i:04}\ncn: Virtual {i}\nsn: {i}\n\n"
        ));
    }
    let s = slapd::start(
        &ca,
        slapd::Options {
            cert: Some(ca.loopback()),
            extra_ldif: ldif,
            extra_conf: "moduleload sssvlv.so".into(),
            extra_db_conf: "overlay sssvlv".into(),
            ..slapd::Options::default()
        },
    );
    let env = Env::new();
    env.write(&format!(
        "[[provider]]\nslug = \"big\"\nserver_type = \"openldap\"\nurls = [\"{}\"]\nca_file = \"{}\"\nbind_dn = \"{SVC_DN}\"\nbind_password_env = \"BIG_PW\"\nbase_dn = \"{SUFFIX}\"\nusers_base = \"ou=big,{SUFFIX}\"\nbrowse_cap = 100\n",
        s.ldaps_url(),
        s.ca_file.display()
    ));
    let cmd = format!(
        "env NO_COLOR=1 BIG_PW={SVC_PW} {} --config {}; sleep 60",
        bin(),
        env.config.display()
    );
    let t = Tmux::start("vlv", &cmd);
    t.wait_for(&["big"], 10);
    t.keys(&["b"]);
    t.wait_for(&["1,000 users, virtual list", "v0000", "v0001"], 10);
    t.keys(&["G"]);
    let screen = t.wait_for(&["v0999"], 10);
    assert!(
        screen.contains("v0998") && !screen.contains("v0000"),
        "{screen}"
    );
    t.keys(&["/"]);
    t.wait_for(&["filter it on the server with f"], 5);
}

#[test]
fn the_demo_shows_every_account_state_in_the_state_column() {
    let home = tempfile::tempdir().expect("tempdir");
    let cmd = format!(
        "env NO_COLOR=1 HOME={0} TMPDIR={0} {1} demo; echo demo-ended; sleep 60",
        home.path().display(),
        bin()
    );
    let t = Tmux::start("states", &cmd);
    t.wait_for(&["demo-wrong-password"], 20);
    t.keys(&["b"]);
    t.wait_for(&["staff"], 10);
    t.keys(&["Enter"]);
    let screen = t.wait_for(&["frank@demo.example", "erin@demo.example"], 10);
    let state_of = |id: &str| {
        screen
            .lines()
            .find(|l| l.contains(&format!("│{id} ")))
            .map(|l| l.to_string())
            .unwrap_or_else(|| panic!("no row for {id}:\n{screen}"))
    };
    for (id, state) in [
        ("bob", "locked"),
        ("carol", "expired"),
        ("dave", "must change"),
        ("erin", "disabled"),
    ] {
        assert!(state_of(id).contains(state), "{id}: {state}\n{screen}");
    }
    for word in ["locked", "expired", "must change", "disabled"] {
        assert!(!state_of("alice").contains(word), "{screen}");
    }
    // alice's entry lists her groups, direct and inherited, with the path.
    t.keys(&["g", "Enter"]);
    t.wait_for(
        &[
            "groups (effective)",
            "everyone (via staff)",
            "staff (direct)",
        ],
        10,
    );
    t.keys(&["h"]);
    t.wait_for(&["frank@demo.example"], 5);
    // alice is in everyone through staff: the group picker says so.
    t.keys(&["g", "m"]);
    let screen = t.wait_for(&["Groups of alice", "[~] everyone"], 10);
    let row = screen
        .lines()
        .find(|l| l.contains("[~] everyone"))
        .unwrap_or_default();
    assert!(row.contains("via staff"), "{screen}");
    t.keys(&["Escape"]);
    // The authorize dialog lists the inherited group too.
    t.keys(&["Escape"]);
    t.wait_for(&["(all users)"], 5);
    t.keys(&["Escape"]);
    t.wait_for(&["demo-wrong-password"], 5);
    t.keys(&["u"]);
    t.wait_for(&["Authorize a user on"], 5);
    t.text("alice");
    t.keys(&["Tab"]);
    t.text("demo");
    t.keys(&["Enter"]);
    t.wait_for(&["ALLOWED", "inherited: everyone (via staff)"], 10);
    t.keys(&["Escape"]);
    // q asks in the demo (quitting removes the directory); q again is yes.
    t.keys(&["q"]);
    t.wait_for(&["demo"], 5);
    t.keys(&["q"]);
    t.wait_for(&["demo-ended"], 20);
    let left: Vec<_> = std::fs::read_dir(home.path())
        .expect("home")
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with("ldapdeck-demo"))
        .collect();
    assert!(left.is_empty(), "the demo left {left:?}");
}

#[test]
fn n_shows_a_groups_members_through_its_nested_groups() {
    let home = tempfile::tempdir().expect("tempdir");
    let cmd = format!(
        "env NO_COLOR=1 HOME={0} TMPDIR={0} {1} demo; sleep 60",
        home.path().display(),
        bin()
    );
    let t = Tmux::start("nested", &cmd);
    t.wait_for(&["demo-wrong-password"], 20);
    t.keys(&["b"]);
    t.wait_for(&["everyone"], 10);
    // (all users), admins, everyone: open everyone, which holds frank and the group staff.
    t.keys(&["j", "j", "Enter"]);
    let screen = t.wait_for(&["frank@demo.example", "1 user"], 10);
    assert!(!screen.contains("alice@demo.example"), "{screen}");
    t.keys(&["N"]);
    let screen = t.wait_for(&["+ nested groups", "alice@demo.example", "6 users"], 10);
    assert!(screen.contains("frank@demo.example"), "{screen}");
    t.keys(&["N"]);
    t.wait_for(&["1 user"], 10);
}

#[test]
fn m_marks_a_user_and_equals_compares_it_with_another() {
    let home = tempfile::tempdir().expect("tempdir");
    let cmd = format!(
        "env NO_COLOR=1 HOME={0} TMPDIR={0} {1} demo; sleep 60",
        home.path().display(),
        bin()
    );
    let t = Tmux::start("compare", &cmd);
    t.wait_for(&["demo-wrong-password"], 20);
    t.keys(&["b"]);
    t.wait_for(&["everyone"], 10);
    t.keys(&["Enter"]);
    t.wait_for(&["frank@demo.example"], 10);
    t.keys(&["="]);
    t.wait_for(&["mark a user with M first"], 5);
    t.keys(&["M"]);
    t.wait_for(&["marked alice"], 5);
    t.keys(&["j", "="]);
    let screen = t.wait_for(&["alice ⇄ bob", "only alice: admins"], 10);
    assert!(
        screen.contains("≠ cn: Alice Martin | Bob Dupont"),
        "{screen}"
    );
    assert!(
        screen.contains("both: staff, everyone") || screen.contains("both: everyone, staff"),
        "{screen}"
    );
    assert!(!screen.contains("userPassword"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_for(&["frank@demo.example"], 5);
    // Copy frank's groups to bob from the picker: frank is directly in everyone, bob only
    // through staff; C marks everyone to join, ⏎ previews the one change, y sends it.
    t.keys(&["G", "M"]);
    t.wait_for(&["marked frank"], 5);
    t.keys(&["g", "j", "m"]);
    t.wait_for(&["Groups of bob", "[~] everyone"], 10);
    t.keys(&["C"]);
    t.wait_for(&["1 of frank's groups to join", "+ [x] everyone"], 10);
    t.keys(&["Enter"]);
    t.wait_for(
        &["This will be sent:", "add: member", "member: uid=bob"],
        10,
    );
    t.keys(&["y"]);
    t.wait_for(&["Groups of bob: done"], 10);
}
