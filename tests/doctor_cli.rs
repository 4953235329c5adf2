//! `ldapdeck test` and `ldapdeck authorize` on the real binary: JSON, exit codes, no leaks.

mod support;

use support::cli::Env;
use support::slapd::{self, ALICE, SUFFIX, SVC_DN, SVC_PW};

/// A config with a healthy provider (password in the file) and a broken one.
fn env() -> Env {
    let s = slapd::shared();
    let env = Env::new();
    env.write(&format!(
        r#"[[provider]]
slug = "good"
server_type = "openldap"
urls = ["{ldaps}"]
ca_file = "{ca}"
bind_dn = "{SVC_DN}"
bind_password = "{SVC_PW}"
base_dn = "{SUFFIX}"
users_base = "ou=people,{SUFFIX}"

[[provider]]
slug = "wrongpw"
urls = ["{ldaps}"]
ca_file = "{ca}"
bind_dn = "{SVC_DN}"
bind_password = "Wr0ng-Secret-123"
base_dn = "{SUFFIX}"

[[provider]]
slug = "asks"
urls = ["{ldaps}"]
ca_file = "{ca}"
bind_dn = "{SVC_DN}"
base_dn = "{SUFFIX}"

[[provider]]
slug = "noca"
urls = ["{ldaps}"]
bind_dn = "{SVC_DN}"
bind_password = "{SVC_PW}"
base_dn = "{SUFFIX}"

[[provider]]
slug = "nobase"
urls = ["{ldaps}"]
ca_file = "{ca}"
bind_dn = "{SVC_DN}"
bind_password = "{SVC_PW}"
users_base = "ou=people,{SUFFIX}"

[[provider]]
slug = "plain"
urls = ["{ldap}"]
bind_dn = "{SVC_DN}"
bind_password = "{SVC_PW}"
base_dn = "{SUFFIX}"
"#,
        ldaps = s.ldaps_url(),
        ldap = s.ldap_url(),
        ca = s.ca_file.display(),
    ));
    env
}

#[test]
fn test_json_has_every_step_and_exit_code_zero() {
    let env = env();
    let r = env.run(&["test", "good", "--json"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v = r.json();
    assert_eq!(v["provider"], "good");
    assert_eq!(v["ok"], true);
    assert_eq!(v["tls_verified"], true);
    assert_eq!(v["tls"]["used"], true, "{v}");
    assert_eq!(v["tls"]["verified"], true);
    assert!(
        v["tls"]["version"]
            .as_str()
            .unwrap_or("")
            .starts_with("TLSv1"),
        "{v}"
    );
    let steps = v["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 9);
    for s in steps {
        for key in ["step", "status", "ms", "detail", "cause", "hint"] {
            assert!(s.get(key).is_some(), "{key} missing in {s}");
        }
    }
    assert!(!r.stdout.contains(SVC_PW) && !r.stderr.contains(SVC_PW));
}

#[test]
fn tls_in_the_json_is_what_happened_not_the_config_flag() {
    let env = env();
    for (slug, code) in [("noca", 1), ("plain", 0)] {
        let r = env.run(&["test", slug, "--json"]);
        assert_eq!(r.code, code, "{slug}: {}", r.stdout);
        let v = r.json();
        assert_eq!(v["tls_verified"], false, "{slug}: {v}");
        assert_eq!(v["tls"]["used"], false, "{slug}: {v}");
        assert_eq!(v["tls"]["verified"], false, "{slug}: {v}");
        assert!(v["tls"]["version"].is_null(), "{slug}: {v}");
    }
}

#[test]
fn steps_that_did_not_run_say_why() {
    let env = env();
    let r = env.run(&["test", "nobase", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v = r.json();
    let step = |id: &str| {
        v["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .find(|s| s["step"] == id)
            .expect("step")
            .clone()
    };
    assert_eq!(step("base_dn")["status"], "warning", "{v}");
    // users_base is enough to count users without a base_dn.
    assert_eq!(step("users")["status"], "ok", "{v}");
    assert!(!r.stdout.contains("an earlier step failed"), "{v}");
}

#[test]
fn a_failing_test_exits_one_with_the_cause_and_never_shows_the_password() {
    let env = env();
    for args in [&["test", "wrongpw", "--json"][..], &["test", "wrongpw"]] {
        let r = env.run(args);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stdout.contains("invalid_credentials"), "{}", r.stdout);
        assert!(!r.stdout.contains("Wr0ng-Secret-123") && !r.stderr.contains("Wr0ng-Secret-123"));
    }
    let text = env.run(&["test", "wrongpw"]).stdout;
    assert!(text.contains("FAIL bind"), "{text}");
    assert!(text.contains("hint: check bind_dn"), "{text}");
}

#[test]
fn a_password_can_come_from_stdin_or_is_asked_for() {
    let env = env();
    let r = env.run_with(
        &["test", "asks", "--password-stdin", "--json"],
        Some(&format!("{SVC_PW}\n")),
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("password from standard input"));
    // No source, no flag, no terminal: named, not hung.
    let r = env.run(&["test", "asks", "--json"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("password_missing"), "{}", r.stdout);
}

#[test]
fn authorize_exit_codes_json_and_no_password() {
    let env = env();
    let r = env.run_with(
        &["authorize", "good", ALICE.0, "--password-stdin", "--json"],
        Some(&format!("{}\n", ALICE.1)),
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v = r.json();
    assert_eq!(v["allowed"], true);
    assert_eq!(v["dn"], "uid=alice,ou=people,dc=example,dc=org");
    assert!(v["groups"].as_array().is_some_and(|g| !g.is_empty()));

    let r = env.run_with(
        &["authorize", "good", ALICE.0, "--password-stdin", "--json"],
        Some("Not-Alice-Pw\n"),
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["cause"], "invalid_credentials");
    assert!(!r.stdout.contains("Not-Alice-Pw"));

    let r = env.run_with(
        &["authorize", "good", ALICE.0, "--password-stdin"],
        Some(&format!("{}\n", ALICE.1)),
    );
    assert!(r.stdout.starts_with("alice: ALLOWED"), "{}", r.stdout);
    assert!(!r.stdout.contains(ALICE.1));

    let r = env.run(&["authorize", "good", ALICE.0]);
    assert_eq!(r.code, 2, "no terminal, no flag: a usage error");
    assert!(r.stderr.contains("--password-stdin"));
}

/// Runs a doctor step's equivalent command in sh, answering `-W` from a file (the tests have
/// no terminal), and returns what it printed and whether it succeeded.
fn by_hand(command: &str) -> (bool, String) {
    let pw = tempfile::NamedTempFile::new().expect("pw file");
    std::fs::write(pw.path(), SVC_PW).expect("pw file");
    let command = command.replace(" -W", &format!(" -y {}", pw.path().display()));
    let out = std::process::Command::new("sh")
        .args(["-c", &command])
        .output()
        .expect("sh");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn every_step_names_the_command_that_checks_it_by_hand_and_it_works() {
    let env = env();
    let r = env.run(&["test", "good", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v = r.json();
    let command = |id: &str| {
        v["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .find(|s| s["step"] == id)
            .and_then(|s| s["command"].as_str())
            .unwrap_or_else(|| panic!("no command for {id}: {v:#}"))
            .to_string()
    };
    for (id, tool, shows) in [
        ("dns", "getent ahosts", "127.0.0.1"),
        ("tcp", "nc -vz", "succeeded"),
        ("tls", "openssl s_client", "Verify return code: 0 (ok)"),
        ("bind", "ldapwhoami", SVC_DN),
        ("rootdse", "ldapsearch", "namingContexts"),
        ("base_dn", "ldapsearch", &format!("dn: {SUFFIX}")),
        ("users", "ldapsearch", "dn: uid=alice"),
    ] {
        let c = command(id);
        assert!(c.contains(tool), "{id}: {c}");
        let ldap_tool = c.contains("ldapwhoami ") || c.contains("ldapsearch ");
        assert!(
            c.contains(" -W") || !ldap_tool,
            "{id} asks for the password: {c}"
        );
        let (ok, text) = by_hand(&c);
        assert!(ok, "{id}: {c}\n{text}");
        assert!(text.contains(shows), "{id}: {c}\n{text}");
    }
    assert!(!r.stdout.contains(SVC_PW));
    // --show-commands puts them under the steps in the text report.
    let text = env.run(&["test", "good", "--show-commands"]).stdout;
    assert!(text.contains("$ openssl s_client -connect"), "{text}");
    assert!(text.contains("$ LDAPTLS_CACERT="), "{text}");
    assert!(!text.contains(SVC_PW));
}

#[test]
fn users_list_and_search_print_the_ldapsearch_that_asks_the_same() {
    let env = env();
    for args in [
        &["users", "list", "good", "--show-command"][..],
        &[
            "search",
            "good",
            "--base",
            &format!("ou=people,{SUFFIX}"),
            "--scope",
            "one",
            "--filter",
            "(uid=*)",
            "--attrs",
            "uid",
            "--show-command",
        ],
    ] {
        let r = env.run(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        let command = r
            .stderr
            .lines()
            .find_map(|l| l.split_once("$ ").map(|(_, c)| c.to_string()))
            .unwrap_or_else(|| panic!("{args:?}: no command in {}", r.stderr));
        assert!(
            command.contains("ldapsearch") && command.contains(" -W"),
            "{command}"
        );
        let (ok, text) = by_hand(&command);
        assert!(ok, "{command}\n{text}");
        // The same entries: as many DNs as ldapdeck printed lines.
        let theirs = text.lines().filter(|l| l.starts_with("dn: ")).count();
        let ours = r.stdout.lines().filter(|l| !l.trim().is_empty()).count();
        assert!(ours > 0, "{args:?}: {}", r.stdout);
        assert_eq!(theirs, ours, "{command}\n{text}\n---\n{}", r.stdout);
    }
}
