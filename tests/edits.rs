//! Writes from the shell against a real slapd: create, modify and delete are previewed,
//! confirmed, journaled, and undone back to the exact entry; refusals send nothing.
//! The entry is checked with `ldapsearch`, independently of ldapdeck.

mod support;

use serde_json::Value;
use support::cli::{Env, Run};
use support::rw::entry;
use support::slapd::{self, ADMIN_DN, ADMIN_PW, ALICE, EXPIRED, LOCKY, SUFFIX};
use support::tmux::Tmux;

const GROUP_DN: &str = "ou=ldap_group_2,ou=ldap_tenant_1,ou=Instance1,dc=example,dc=org";

/// A config whose providers bind as the rootdn (the service account may only read), and a
/// private journal directory.
struct Setup {
    env: Env,
    state: tempfile::TempDir,
}

fn setup() -> Setup {
    let s = slapd::shared();
    let env = Env::new();
    let common = format!(
        r#"server_type = "openldap"
urls = ["{}"]
ca_file = "{}"
bind_dn = "{ADMIN_DN}"
bind_password_env = "TEST_ADMIN_PW"
base_dn = "{SUFFIX}"
"#,
        s.ldaps_url(),
        s.ca_file.display()
    );
    env.write(&format!(
        r#"
[[provider]]
slug = "rw"
{common}
[provider.attributes]
login = "uid"
full_name = "cn"
extension = "telephoneNumber"

[provider.layout]
mode = "ou"
tenants_base = "ou=Instance1,{SUFFIX}"

[[provider]]
slug = "status"
{common}
status_disabled_value = "disabled"
[provider.attributes]
login = "uid"
status = "employeeType"

[provider.layout]
mode = "ou"
tenants_base = "ou=Instance1,{SUFFIX}"

[[provider]]
slug = "flat"
{common}
users_base = "ou=people,{SUFFIX}"
groups_base = "ou=groups,{SUFFIX}"

[[provider]]
slug = "ro"
read_only = true
{common}
users_base = "ou=people,{SUFFIX}"
"#
    ));
    Setup {
        env,
        state: tempfile::tempdir().expect("tempdir"),
    }
}

impl Setup {
    fn run(&self, args: &[&str], stdin: Option<&str>) -> Run {
        support::cli::run_env(
            &self.env.config,
            args,
            stdin,
            &[
                ("TEST_ADMIN_PW", ADMIN_PW.as_ref()),
                ("XDG_STATE_HOME", self.state.path().as_os_str()),
            ],
        )
    }

    fn ok(&self, args: &[&str]) -> Value {
        let r = self.run(args, None);
        assert_eq!(
            r.code, 0,
            "{args:?}\nstdout {}\nstderr {}",
            r.stdout, r.stderr
        );
        r.json()
    }

    fn journal_text(&self) -> String {
        support::cli::journal_text(self.state.path())
    }
}

/// Adds entries as the rootdn (test fixtures of one test's own).
fn ldapadd(ldif: &str) {
    slapd::as_admin("ldapadd", ldif);
}

/// The fixture's groups (staff, ops, unix) are shared by the tests that write to them or
/// compare their members. Concurrent writes would be refused as conflicts (rightly), and a
/// snapshot taken before a write would see another test's member, so those tests take turns.
fn fixture_groups() -> std::sync::MutexGuard<'static, ()> {
    static GROUPS: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // A test that failed while holding it leaves nothing to protect: go on.
    GROUPS.lock().unwrap_or_else(|e| e.into_inner())
}

fn place() -> [&'static str; 4] {
    ["--tenant", "ldap_tenant_1", "--group", "ldap_group_2"]
}

fn create(s: &Setup, id: &str, extra: &[&str]) -> String {
    let set = format!("id={id}");
    let mut args = vec!["users", "create", "rw"];
    args.extend(place());
    args.extend([
        "--set",
        &set,
        "--set",
        "full_name=Test User",
        "--set",
        "sn=User",
    ]);
    args.extend(extra);
    args.extend(["--yes", "--json"]);
    let v = s.ok(&args);
    assert_eq!(v["change"], "add");
    v["journal"].as_str().expect("journal id").to_string()
}

fn dn_of(id: &str) -> String {
    format!("uid={id},{GROUP_DN}")
}

#[test]
fn create_then_undo_removes_the_entry() {
    let s = setup();
    let rec = create(
        &s,
        "create.undo@netaxis.be",
        &["--set", "extension=+3225551234"],
    );
    let e = entry(&dn_of("create.undo@netaxis.be")).expect("created");
    assert!(
        e.contains(&"telephoneNumber: +3225551234".to_string()),
        "{e:?}"
    );
    assert!(
        e.contains(&"objectClass: inetOrgPerson".to_string()),
        "{e:?}"
    );

    // Listed by the browser's own listing.
    let v = s.ok(&[
        "users",
        "get",
        "rw",
        "create.undo@netaxis.be",
        "--tenant",
        "ldap_tenant_1",
        "--group",
        "ldap_group_2",
        "--json",
    ]);
    assert_eq!(v["id"], "create.undo@netaxis.be", "{v}");

    let v = s.ok(&["journal", "undo", &rec, "--yes", "--json"]);
    assert_eq!(v["change"], "delete", "{v}");
    assert_eq!(entry(&dn_of("create.undo@netaxis.be")), None);
}

#[test]
fn modify_then_undo_restores_the_exact_entry() {
    let s = setup();
    let id = "modify.undo@netaxis.be";
    create(
        &s,
        id,
        &[
            "--set",
            "mail=old@example.org",
            "--set",
            "description=keep me",
        ],
    );
    let original = entry(&dn_of(id)).expect("created");

    let mut args = vec!["users", "modify", "rw", id];
    args.extend(place());
    args.extend([
        "--set",
        "full_name=Renamed",
        "--add",
        "mail=second@example.org",
        "--unset",
        "description",
        "--set",
        "extension=+32 2 555 00 00",
        "--yes",
        "--json",
    ]);
    let v = s.ok(&args);
    assert_eq!(v["change"], "modify", "{v}");
    assert_eq!(v["results"]["cn"], "modified", "{v}");
    assert_eq!(v["results"]["description"], "deleted", "{v}");
    // It had no value: a first value is reported as added.
    assert_eq!(v["results"]["telephoneNumber"], "added", "{v}");
    assert_eq!(v["results"]["mail"], "added", "{v}");
    let changed = entry(&dn_of(id)).expect("still there");
    for line in [
        "cn: Renamed",
        "mail: old@example.org",
        "mail: second@example.org",
        "telephoneNumber: +32 2 555 00 00",
    ] {
        assert!(changed.contains(&line.to_string()), "{line} in {changed:?}");
    }
    assert!(
        !changed.iter().any(|l| l.starts_with("description:")),
        "{changed:?}"
    );

    // The journal shows the change and its undo; undo puts every byte back.
    let rec = v["journal"].as_str().expect("journal id").to_string();
    let shown = s.ok(&["journal", "show", &rec, "--json"]);
    assert_eq!(shown["dn"], dn_of(id));
    assert!(shown["inverse"].is_object(), "{shown}");
    let listed = s.ok(&["journal", "list", "rw", "--json"]);
    assert!(
        listed
            .as_array()
            .expect("array")
            .iter()
            .any(|r| r["id"] == rec.as_str())
    );

    let v = s.ok(&["journal", "undo", &rec, "--yes", "--json"]);
    assert_eq!(v["results"]["undoes"], rec.as_str());
    assert_eq!(entry(&dn_of(id)).expect("there"), original);

    // Setting what is already there sends nothing.
    let mut args = vec!["users", "modify", "rw", id];
    args.extend(place());
    args.extend(["--set", "full_name=Test User", "--yes"]);
    let r = s.run(&args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("nothing to send"), "{}", r.stdout);
}

#[test]
fn delete_then_undo_recreates_the_same_entry() {
    let s = setup();
    let id = "delete.undo@netaxis.be";
    create(
        &s,
        id,
        &["--set", "mail=a@example.org", "--set", "mail=b@example.org"],
    );
    let original = entry(&dn_of(id)).expect("created");

    let mut args = vec!["users", "delete", "rw", id];
    args.extend(place());
    args.extend(["--yes", "--json"]);
    let v = s.ok(&args);
    assert_eq!(v["change"], "delete");
    assert_eq!(entry(&dn_of(id)), None);

    let rec = v["journal"].as_str().expect("journal id").to_string();
    s.ok(&["journal", "undo", &rec, "--yes", "--json"]);
    assert_eq!(entry(&dn_of(id)).expect("back"), original);
}

#[test]
fn json_input_modifies_like_the_api_body() {
    let s = setup();
    let id = "json.modify@netaxis.be";
    create(&s, id, &["--set", "description=goes away"]);
    let mut args = vec!["users", "modify", "rw", id];
    args.extend(place());
    args.extend(["--from-json", "-", "--yes", "--json"]);
    let r = s.run(
        &args,
        Some(r#"{"full_name": "From Json", "description": null, "mail": ["x@example.org", "y@example.org"]}"#),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let e = entry(&dn_of(id)).expect("there");
    for line in [
        "cn: From Json",
        "mail: x@example.org",
        "mail: y@example.org",
    ] {
        assert!(e.contains(&line.to_string()), "{line} in {e:?}");
    }
    assert!(!e.iter().any(|l| l.starts_with("description:")), "{e:?}");
}

#[test]
fn dry_run_and_refusals_send_nothing() {
    let s = setup();
    let id = "refusals@netaxis.be";
    create(&s, id, &[]);
    let before = entry(&dn_of(id)).expect("created");
    let base = {
        let mut a = vec!["users", "modify", "rw", id];
        a.extend(place());
        a.extend(["--set", "full_name=Nope"]);
        a
    };

    // --dry-run prints the LDIF and sends nothing.
    let mut args = base.clone();
    args.push("--dry-run");
    let r = s.run(&args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("changetype: modify"), "{}", r.stderr);
    assert!(r.stderr.contains("replace: cn\ncn: Nope"), "{}", r.stderr);
    assert_eq!(entry(&dn_of(id)).expect("there"), before);

    // Without a terminal to ask on, --yes is required.
    let r = s.run(&base, None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert_eq!(entry(&dn_of(id)).expect("there"), before);

    // A read-only provider offers no write at all.
    let r = s.run(&["users", "delete", "ro", "alice", "--yes"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    assert!(entry(&format!("uid=alice,ou=people,{SUFFIX}")).is_some());

    // Passwords cannot be set from argv, and unknown users are named.
    let mut args = base[..4].to_vec();
    args.extend(place());
    args.extend(["--set", "userPassword=hunter2", "--yes"]);
    let r = s.run(&args, None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("ps and shell history"), "{}", r.stderr);
    let mut args = vec!["users", "delete", "rw", "nobody@netaxis.be"];
    args.extend(place());
    args.extend(["--yes", "--json"]);
    let r = s.run(&args, None);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("no_such_user"), "{}", r.stderr);

    // Nothing of this reached the journal; the admin password never does.
    let journal = s.journal_text();
    assert!(!journal.contains("Nope"), "{journal}");
    assert!(!journal.contains(ADMIN_PW), "{journal}");
}

#[test]
fn an_unknown_journal_record_is_named() {
    let s = setup();
    let r = s.run(
        &[
            "journal",
            "undo",
            "20200101T000000Z-dead",
            "--yes",
            "--json",
        ],
        None,
    );
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("no_such_record"), "{}", r.stderr);
    let r = s.run(&["journal", "list"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("no write recorded yet"), "{}", r.stdout);
}

#[test]
fn disable_locks_the_account_for_applications_and_undo_unlocks_it() {
    let s = setup();
    // locky's policy has pwdLockout: TRUE, so slapd honours an administrative lock.
    let authorize = |s: &Setup| {
        s.run(
            &["authorize", "flat", LOCKY.0, "--password-stdin", "--json"],
            Some(LOCKY.1),
        )
    };
    let r = authorize(&s);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);

    let v = s.ok(&["users", "disable", "flat", LOCKY.0, "--yes", "--json"]);
    assert_eq!(v["results"]["status"], "disabled", "{v}");
    assert_eq!(v["results"]["warning"], Value::Null, "{v}");
    let r = authorize(&s);
    assert_eq!(r.code, 1, "a disabled account is refused: {}", r.stdout);
    assert!(r.stdout.contains("account_locked"), "{}", r.stdout);
    // The JSON decodes the state.
    let got = s.ok(&["users", "get", "flat", LOCKY.0, "--json"]);
    assert_eq!(got["state"]["disabled"], true, "{got}");
    assert_eq!(got["state"]["must_change"], false, "{got}");

    // Disabling twice sends nothing; the journal holds the change and its undo.
    let again = s.ok(&["users", "disable", "flat", LOCKY.0, "--yes", "--json"]);
    assert_eq!(again["change"], Value::Null, "{again}");
    let rec = v["journal"].as_str().expect("journal id").to_string();
    let r = s.run(&["journal", "show", &rec], None);
    assert!(
        r.stdout.contains("pwdAccountLockedTime: 000001010000Z"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("delete: pwdAccountLockedTime"),
        "{}",
        r.stdout
    );

    s.ok(&["journal", "undo", &rec, "--yes", "--json"]);
    let r = authorize(&s);
    assert_eq!(r.code, 0, "undo enables again: {}\n{}", r.stdout, r.stderr);
    let v = s.ok(&["users", "enable", "flat", LOCKY.0, "--yes", "--json"]);
    assert_eq!(v["status"], "enabled", "{v}");

    // Under a policy without pwdLockout slapd ignores the lock: ldapdeck says so.
    let v = s.ok(&["users", "disable", "flat", ALICE.0, "--yes", "--json"]);
    let warning = v["results"]["warning"]
        .as_str()
        .unwrap_or_else(|| panic!("{v}"));
    assert!(warning.contains("pwdLockout: TRUE"), "{warning}");
    let v = s.ok(&["users", "enable", "flat", ALICE.0, "--yes", "--json"]);
    assert_eq!(v["results"]["status"], "enabled", "{v}");

    // A user whose own policy is known to lack pwdLockout: the disable would be ignored, so
    // it is refused before anything is sent, in a dry run too.
    for extra in ["--dry-run", "--yes"] {
        let r = s.run(
            &["users", "disable", "flat", EXPIRED.0, extra, "--json"],
            None,
        );
        assert_eq!(r.code, 1, "{extra}: {}{}", r.stdout, r.stderr);
        let e: Value = serde_json::from_str(&r.stderr).expect("json error");
        assert_eq!(e["error"]["cause"], "not_effective", "{e}");
        assert!(
            e["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("cn=expiry,ou=policies"),
            "{e}"
        );
    }
    let dn = format!("uid={},ou=people,{SUFFIX}", EXPIRED.0);
    assert!(
        !entry(&dn)
            .unwrap_or_default()
            .iter()
            .any(|l| l.starts_with("pwdAccountLockedTime")),
        "nothing was sent"
    );
}

#[test]
fn a_status_attribute_disable_is_journaled_as_disable_and_its_undo_as_enable() {
    let s = setup();
    let id = "status.user@netaxis.be";
    create(&s, id, &[]);
    let mut args = vec!["users", "disable", "status", id];
    args.extend(place());
    args.extend(["--yes", "--json"]);
    let v = s.ok(&args);
    let rec = v["journal"].as_str().expect("journal id").to_string();
    assert!(
        entry(&dn_of(id))
            .unwrap_or_default()
            .contains(&"employeeType: disabled".to_string())
    );
    s.ok(&["journal", "undo", &rec, "--yes", "--json"]);
    let list = s.ok(&["journal", "list", "status", "--json"]);
    let ops: Vec<&str> = list
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["operation"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ops, ["enable", "disable"], "newest first: {list}");
}

#[test]
fn the_state_decodes_expired_and_must_change_passwords() {
    let s = setup();
    // expired's policy has pwdMaxAge: 60 and its password was changed in 2020.
    let got = s.ok(&["users", "get", "flat", EXPIRED.0, "--json"]);
    assert_eq!(got["state"]["expired"], true, "{got}");
    assert_eq!(got["state"]["must_change"], false, "{got}");
    let got = s.ok(&["users", "get", "flat", "mustchange", "--json"]);
    assert_eq!(got["state"]["must_change"], true, "{got}");
    assert_eq!(got["state"]["expired"], false, "{got}");
    let got = s.ok(&["users", "get", "flat", ALICE.0, "--json"]);
    assert_eq!(got["state"]["expired"], false, "{got}");
    // The listing decodes the same, row by row.
    let r = s.run(&["users", "list", "flat", "--format", "jsonl"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expired: Vec<String> = r
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["state"]["expired"] == true)
        .map(|v| v["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(expired, [EXPIRED.0], "{}", r.stdout);
}

#[test]
fn passwd_sets_a_password_the_user_can_bind_with_and_never_records_it() {
    let s = setup();
    // A user of our own: create, then give a password from stdin.
    let id = "passwd.user@netaxis.be";
    create(&s, id, &[]);
    let mut args = vec!["users", "passwd", "rw", id];
    args.extend(place());
    args.extend(["--new-password-stdin", "--yes", "--json"]);
    let r = s.run(&args, Some("Correct-Horse-9\n"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["results"]["password"], "set", "{v}");
    assert!(
        v["results"]["method"]
            .as_str()
            .unwrap_or("")
            .contains("RFC 3062"),
        "slapd lists Password Modify: {v}"
    );
    assert!(
        r.stderr.contains("userPassword"),
        "preview names the attribute: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("Correct-Horse-9") && !r.stdout.contains("Correct-Horse-9"));
    let authorize = |pw: &str| {
        let a = ["authorize", "rw", id, "--password-stdin", "--json"];
        s.run(&a, Some(pw))
    };
    let r = authorize("Correct-Horse-9");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // The exop hashed it: no clear text on the server.
    let e = entry(&dn_of(id)).expect("there");
    let stored = e
        .iter()
        .find(|l| l.starts_with("userPassword"))
        .expect("a password");
    assert!(!stored.contains("Correct-Horse-9"), "{stored}");

    // --generate shows the password once, outside the JSON; it works for a bind.
    let mut args = vec!["users", "passwd", "rw", id];
    args.extend(place());
    args.extend(["--generate", "--length", "24", "--yes", "--json"]);
    let r = s.run(&args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let generated = r
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("new password (shown once): "))
        .unwrap_or_else(|| panic!("{}", r.stderr))
        .to_string();
    assert_eq!(generated.len(), 24);
    assert!(
        !r.stdout.contains(&generated),
        "not in the JSON: {}",
        r.stdout
    );
    assert_eq!(authorize(&generated).code, 0);

    // The journal knows a password was set, not which; there is no undo.
    let rec = r.json()["journal"].as_str().expect("id").to_string();
    let journal = s.journal_text();
    assert!(!journal.contains(&generated) && !journal.contains("Correct-Horse-9"));
    let r = s.run(&["journal", "undo", &rec, "--yes"], None);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("not undone"), "{}", r.stderr);

    // Without a terminal and without a source, it asks for one instead of hanging.
    let mut args = vec!["users", "passwd", "rw", id];
    args.extend(place());
    args.push("--yes");
    let r = s.run(&args, None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--generate"), "{}", r.stderr);
}

#[test]
fn passwd_must_change_makes_the_next_login_change_it() {
    let s = setup();
    // Under the default policy (no pwdMustChange) slapd ignores pwdReset: ldapdeck warns.
    let lax = "lax.user@netaxis.be";
    create(&s, lax, &[]);
    let mut args = vec!["users", "passwd", "rw", lax];
    args.extend(place());
    args.extend(["--new-password-stdin", "--must-change", "--yes", "--json"]);
    let r = s.run(&args, Some("Temp-Pass-42\n"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w = r.json()["results"]["warning"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(w.contains("pwdMustChange: TRUE"), "{}", r.stdout);

    // Under a policy with pwdMustChange: TRUE the next login must change it.
    let id = "mustchange.user@netaxis.be";
    let policy = format!("pwdPolicySubentry=cn=mustchange,ou=policies,{SUFFIX}");
    create(&s, id, &["--set", &policy]);
    let mut args = vec!["users", "passwd", "rw", id];
    args.extend(place());
    args.extend(["--new-password-stdin", "--must-change", "--yes", "--json"]);
    let r = s.run(&args, Some("Temp-Pass-42\n"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("pwdReset: TRUE"), "{}", r.stderr);
    let a = ["authorize", "rw", id, "--password-stdin", "--json"];
    let r = s.run(&a, Some("Temp-Pass-42"));
    assert!(
        r.stdout.contains("password_must_change") || r.stdout.contains("\"must_change\": true"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn groups_add_and_remove_by_each_groups_kind_and_undo() {
    let _groups = fixture_groups();
    let s = setup();
    let gone_dn = format!("uid=gone,ou=people,{SUFFIX}");
    let staff = format!("cn=staff,ou=groups,{SUFFIX}");
    let unix = format!("cn=unix,ou=groups,{SUFFIX}");
    let (staff_before, unix_before) = (entry(&staff).expect("staff"), entry(&unix).expect("unix"));

    let v = s.ok(&["users", "groups", "flat", "gone", "--json"]);
    let member = |v: &Value, id: &str| {
        v["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .find(|g| g["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {v}"))["member"]
            .as_bool()
            .expect("bool")
    };
    assert!(
        member(&v, "unix") && member(&v, "ops") && !member(&v, "staff"),
        "{v}"
    );

    // groupOfNames gets the DN, posixGroup loses the login.
    let v = s.ok(&[
        "users", "groups", "flat", "gone", "--add", "staff", "--remove", "unix", "--yes", "--json",
    ]);
    assert_eq!(v["results"]["staff"], "added", "{v}");
    assert_eq!(v["results"]["unix"], "removed", "{v}");
    assert!(
        entry(&staff)
            .expect("staff")
            .contains(&format!("member: {gone_dn}"))
    );
    assert!(
        !entry(&unix)
            .expect("unix")
            .contains(&"memberUid: gone".to_string())
    );
    let v2 = s.ok(&["users", "groups", "flat", "gone", "--json"]);
    assert!(member(&v2, "staff") && !member(&v2, "unix"), "{v2}");

    // Each group change is its own journal record; undoing both restores both groups.
    for rec in v["journal"].as_array().expect("records") {
        s.ok(&[
            "journal",
            "undo",
            rec.as_str().expect("id"),
            "--yes",
            "--json",
        ]);
    }
    assert_eq!(entry(&staff).expect("staff"), staff_before);
    assert_eq!(entry(&unix).expect("unix"), unix_before);

    // The last member of a groupOfNames cannot be removed: nothing is sent, the reason is given.
    let r = s.run(
        &[
            "users", "groups", "flat", "alice", "--remove", "staff", "--yes",
        ],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("only member"), "{}", r.stderr);
    assert_eq!(entry(&staff).expect("staff"), staff_before);
    let r = s.run(
        &[
            "users", "groups", "flat", "alice", "--add", "nope", "--yes", "--json",
        ],
        None,
    );
    assert!(r.stderr.contains("no_such_group"), "{}", r.stderr);
}

#[test]
fn changing_the_naming_attribute_renames_with_modrdn_and_undoes_in_reverse() {
    let s = setup();
    let (old, new) = ("rename.me@netaxis.be", "renamed, now@netaxis.be");
    create(&s, old, &[]);
    let original = entry(&dn_of(old)).expect("created");
    let uid = format!("login={new}");
    let mut args = vec!["users", "modify", "rw", old];
    args.extend(place());
    args.extend([
        "--set",
        &uid,
        "--set",
        "full_name=After Rename",
        "--yes",
        "--json",
    ]);
    let r = s.run(&args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("changetype: modrdn"),
        "preview shows the rename: {}",
        r.stderr
    );
    let v = r.json();
    assert_eq!(v["results"]["uid"], "renamed", "{v}");
    assert_eq!(v["results"]["cn"], "modified", "{v}");
    let new_dn = format!("uid=renamed\\, now@netaxis.be,{GROUP_DN}");
    assert_eq!(v["dn"], new_dn.as_str(), "{v}");
    assert_eq!(entry(&dn_of(old)), None);
    let e = entry(&new_dn).expect("renamed entry");
    assert!(e.contains(&"cn: After Rename".to_string()), "{e:?}");
    assert!(
        !e.iter().any(|l| l.contains("rename.me")),
        "old uid dropped: {e:?}"
    );

    // Undo the modify, then the rename: the entry is back as it was, under its old DN.
    s.ok(&[
        "journal",
        "undo",
        v["journal"].as_str().expect("id"),
        "--yes",
        "--json",
    ]);
    s.ok(&[
        "journal",
        "undo",
        v["renamed"]["journal"].as_str().expect("id"),
        "--yes",
        "--json",
    ]);
    assert_eq!(entry(&dn_of(old)).expect("back"), original);
    assert_eq!(entry(&new_dn), None);
}

#[test]
fn create_is_checked_against_the_servers_schema_before_sending() {
    let s = setup();
    // Not in any class, and a single-valued attribute twice: refused with both named.
    let mut args = vec!["users", "create", "rw"];
    args.extend(place());
    args.extend([
        "--set",
        "id=schema.bad@netaxis.be",
        "--set",
        "shoeSize=44",
        "--set",
        "displayName=a",
        "--set",
        "displayName=b",
        "--yes",
    ]);
    let r = s.run(&args, None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("shoeSize is not allowed"), "{}", r.stderr);
    assert!(
        r.stderr.contains("displayName takes a single value"),
        "{}",
        r.stderr
    );
    assert_eq!(entry(&dn_of("schema.bad@netaxis.be")), None);

    // posixAccount needs more: without a terminal, the missing attributes are named.
    let mut args = vec!["users", "create", "rw"];
    args.extend(place());
    args.extend([
        "--set",
        "id=posix.new@netaxis.be",
        "--set",
        "objectClass=posixAccount",
        "--yes",
    ]);
    let r = s.run(&args, None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for attr in ["uidNumber", "gidNumber", "homeDirectory"] {
        assert!(
            r.stderr.contains(&format!("{attr} is required")),
            "{attr}: {}",
            r.stderr
        );
    }

    // On a terminal, ldapdeck asks for each by name and creates the entry.
    let cmd = format!(
        "env TEST_ADMIN_PW={ADMIN_PW} XDG_STATE_HOME={} NO_COLOR=1 {} --config {} users create rw \
         --tenant ldap_tenant_1 --group ldap_group_2 --set id=posix.new@netaxis.be \
         --set objectClass=posixAccount --yes; sleep 30",
        s.state.path().display(),
        support::cli::bin(),
        s.env.config.display()
    );
    let t = Tmux::start("schema", &cmd);
    let answers = [
        ("uidNumber", "5001"),
        ("gidNumber", "5000"),
        ("homeDirectory", "/home/posix"),
    ];
    for n in 1..=answers.len() {
        let start = std::time::Instant::now();
        let asked = loop {
            let screen = t.screen();
            let prompts: Vec<&str> = screen
                .lines()
                .filter(|l| l.contains("(required):"))
                .collect();
            if prompts.len() == n {
                break prompts[n - 1].to_string();
            }
            assert!(
                start.elapsed().as_secs() < 20,
                "prompt {n} never came:\n{screen}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let (_, value) = answers
            .iter()
            .find(|(a, _)| asked.starts_with(&format!("{a} (required):")))
            .unwrap_or_else(|| panic!("asked for something else: {asked}"));
        t.text(value);
        t.keys(&["Enter"]);
    }
    t.wait_for(&["journal "], 20);
    let e = entry(&dn_of("posix.new@netaxis.be")).expect("created");
    for line in [
        "uidNumber: 5001",
        "homeDirectory: /home/posix",
        "objectClass: posixAccount",
    ] {
        assert!(e.contains(&line.to_string()), "{line} in {e:?}");
    }
}

#[test]
fn create_in_a_membership_group_adds_the_entry_then_the_member() {
    let _groups = fixture_groups();
    let s = setup();
    // ops, not staff: another test relies on staff having a single member.
    let ops = format!("cn=ops,ou=groups,{SUFFIX}");
    let r = s.run(
        &[
            "users",
            "create",
            "flat",
            "--group",
            "ops",
            "--set",
            "id=joiner",
            "--yes",
            "--json",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("add the new user to the group ops"),
        "{}",
        r.stderr
    );
    let dn = format!("uid=joiner,ou=people,{SUFFIX}");
    assert!(entry(&dn).is_some());
    assert!(entry(&ops).expect("ops").contains(&format!("member: {dn}")));
    let v = s.ok(&["users", "groups", "flat", "joiner", "--json"]);
    let groups = v["groups"].as_array().expect("groups");
    assert!(
        groups
            .iter()
            .any(|g| g["id"] == "ops" && g["member"] == true),
        "{v}"
    );
}

#[test]
fn the_console_disables_deletes_and_undoes_through_the_preview() {
    let _groups = fixture_groups();
    let s = setup();
    let r = s.run(
        &["users", "create", "flat", "--set", "id=tui.user", "--yes"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dn = format!("uid=tui.user,ou=people,{SUFFIX}");
    let cmd = format!(
        "env TEST_ADMIN_PW={ADMIN_PW} XDG_STATE_HOME={} NO_COLOR=1 {} --config {}; sleep 30",
        s.state.path().display(),
        support::cli::bin(),
        s.env.config.display()
    );
    let t = Tmux::start("console-writes", &cmd);
    t.wait_for(&["flat"], 10);
    // Providers are sorted by name: flat, ro, rw.
    t.keys(&["b"]);
    t.wait_for(&["(all users)"], 10);
    t.keys(&["Enter"]);
    t.wait_for(&["tui.user", "STATE"], 10);
    t.keys(&["/"]);
    t.text("tui.user");
    t.keys(&["Enter"]);

    // x: the preview names the change and the policy that would ignore it; y sends.
    t.keys(&["x"]);
    t.wait_for(
        &[
            "Disable tui.user",
            "pwdAccountLockedTime: 000001010000Z",
            "warning:",
        ],
        10,
    );
    t.keys(&["y"]);
    let screen = t.wait_for(&["Disable tui.user: done", "disabled"], 10);
    assert!(screen.contains("journal "), "{screen}");

    // J, u, y: the undo is previewed and sent; the state column is empty again.
    t.keys(&["J"]);
    t.wait_for(&["Journal: flat", "undo (u) would send:"], 10);
    t.keys(&["u"]);
    // The journal pane shows the undo too: wait for the dialog's own preview.
    t.wait_for(&["Undo disable", "This will be sent:"], 10);
    t.keys(&["y"]);
    t.wait_for(&["Undo disable uid=tui.user", ": done"], 10);
    t.keys(&["Escape"]);
    let screen = t.wait_for(&["tui.user"], 10);
    let row = screen
        .lines()
        .find(|l| l.contains("│tui.user"))
        .unwrap_or_default()
        .to_string();
    assert!(!row.contains("disabled"), "{screen}");

    // m: the group picker; Space joins ops (not staff: another test needs it single-membered).
    let ops = format!("cn=ops,ou=groups,{SUFFIX}");
    let ops_before = entry(&ops).expect("ops");
    t.keys(&["m"]);
    t.wait_for(&["Groups of tui.user", "[ ] ops"], 10);
    let screen = t.screen();
    let at = screen
        .lines()
        .filter(|l| l.contains("] "))
        .position(|l| l.contains("] ops "))
        .expect("ops listed");
    for _ in 0..at {
        t.keys(&["j"]);
    }
    t.keys(&["Space"]);
    t.wait_for(&["+ [x] ops", "1 to join"], 5);
    t.keys(&["Enter"]);
    t.wait_for(&["This will be sent:", "add: member"], 10);
    t.keys(&["y"]);
    t.wait_for(&["Groups of tui.user: done"], 10);
    assert!(entry(&ops).expect("ops").contains(&format!("member: {dn}")));
    t.keys(&["J"]);
    // The journal names the operation, not just "modify".
    t.wait_for(&["Journal: flat", "group ops +tui.… cn=ops"], 10);
    t.keys(&["u"]);
    t.wait_for(&["Undo group ops +tui.user", "This will be sent:"], 10);
    t.keys(&["y"]);
    t.wait_for(&["Undo group ops +tui.user cn=ops", ": done"], 10);
    t.keys(&["Escape"]);
    assert_eq!(entry(&ops).expect("ops"), ops_before);

    // p: a password typed twice; the user can bind with it; the journal has no value.
    t.keys(&["p"]);
    t.wait_for(&["Password of tui.user", "New password"], 10);
    t.text("Tui-Pass-77");
    t.keys(&["Tab"]);
    t.text("Tui-Pass-77");
    t.keys(&["Enter"]);
    t.wait_for(
        &["This will be sent:", "userPassword: ********", "RFC 3062"],
        10,
    );
    t.keys(&["y"]);
    t.wait_for(&["Password of tui.user: done", "(no undo)"], 10);
    let r = s.run(
        &[
            "authorize",
            "flat",
            "tui.user",
            "--password-stdin",
            "--json",
        ],
        Some("Tui-Pass-77"),
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(!s.journal_text().contains("Tui-Pass-77"));
    assert!(!t.screen().contains("Tui-Pass-77"), "masked while typed");

    // e: the fields in place; a changed mail is all that is sent.
    t.keys(&["e"]);
    t.wait_for(&["Edit tui.user", "full_name (cn)"], 10);
    t.keys(&["Tab"]);
    t.wait_for(&["full_name (cn)"], 5);
    let screen = t.screen();
    let fields: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains(" (") && l.contains(")  "))
        .collect();
    let at = fields
        .iter()
        .position(|l| l.contains("full_name (cn)"))
        .expect("full_name");
    // The focus is on the second field now; walk to full_name.
    for _ in 1..at {
        t.keys(&["Tab"]);
    }
    t.keys(&["End"]);
    t.text(" Renamed");
    t.wait_for(&["* full_name (cn)"], 5);
    t.keys(&["Enter"]);
    t.wait_for(
        &["This will be sent:", "replace: cn", "cn: tui.user Renamed"],
        10,
    );
    t.keys(&["y"]);
    t.wait_for(&["Edit tui.user: done"], 10);
    assert!(
        entry(&dn)
            .expect("there")
            .contains(&"cn: tui.user Renamed".to_string())
    );

    // n: a new user where the list is (users_base here), checked, previewed, created.
    t.keys(&["n"]);
    t.wait_for(&["New user", "other attributes"], 10);
    t.text("tui.new");
    // Shift-Tab from the login wraps to the last field, "other attributes".
    t.keys(&["BTab"]);
    t.text("description=made in the console");
    t.keys(&["Enter"]);
    t.wait_for(
        &[
            "Create tui.new",
            "changetype: add",
            "description: made in the console",
        ],
        10,
    );
    t.keys(&["y"]);
    t.wait_for(&["Create tui.new: done"], 10);
    let created = entry(&format!("uid=tui.new,ou=people,{SUFFIX}")).expect("created");
    assert!(
        created.contains(&"description: made in the console".to_string()),
        "{created:?}"
    );

    // D asks for the id typed; the entry goes, and undo brings it back.
    let before = entry(&dn).expect("there");
    t.keys(&["D"]);
    t.wait_for(&["Delete tui.user", "changetype: delete", "to confirm"], 10);
    t.text("tui.user");
    t.keys(&["Enter"]);
    t.wait_for(&["Delete tui.user: done"], 10);
    assert_eq!(entry(&dn), None);
    t.keys(&["J"]);
    t.wait_for(&["Journal: flat", "delete           uid=tui.user"], 10);
    t.keys(&["u"]);
    t.wait_for(&["Undo delete", "This will be sent:"], 10);
    t.keys(&["y"]);
    t.wait_for(&["Undo delete uid=tui.user", ": done"], 10);
    // Everything comes back but the password, which the journal never holds.
    let no_pw = |e: Vec<String>| -> Vec<String> {
        e.into_iter()
            .filter(|l| !l.starts_with("userPassword"))
            .collect()
    };
    assert!(before.iter().any(|l| l.starts_with("userPassword")));
    assert_eq!(no_pw(entry(&dn).expect("back")), no_pw(before));
}

/// A write computed from an entry that someone else changed meanwhile is not sent.
#[tokio::test]
async fn a_stale_image_is_refused_as_a_conflict_and_nothing_is_sent() {
    use ldapdeck::config::Secret;
    use ldapdeck::ldap::doctor::Password;
    use ldapdeck::ldap::write::change::{Change, Mod};

    let s = setup();
    let r = s.run(
        &[
            "users",
            "create",
            "flat",
            "--set",
            "id=conflicted",
            "--set",
            "description=v1",
            "--yes",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dn = format!("uid=conflicted,ou=people,{SUFFIX}");

    let cfg = ldapdeck::config::Store::load(&s.env.config).expect("config");
    let p = cfg.get("flat").expect("flat").clone();
    let setup = ldapdeck::ldap::net::tls::setup(p.ca_file.as_deref(), p.tls_verify).expect("tls");
    let (mut c, _) = ldapdeck::ldap::net::connect::open_bound(
        &p,
        &setup,
        Password::Given(Secret::new(ADMIN_PW), "test".into()),
    )
    .await
    .expect("bind");
    let before = ldapdeck::ldap::write::edit::read(&mut c.session, &dn)
        .await
        .expect("read")
        .expect("entry");

    // Someone else changes description between our read and our send.
    let r = s.run(
        &[
            "users",
            "modify",
            "flat",
            "conflicted",
            "--set",
            "description=v2",
            "--yes",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    let change = Change::Modify {
        dn: dn.clone(),
        mods: vec![Mod::Replace("description".into(), vec![b"v3".to_vec()])],
    };
    let err = ldapdeck::writes::commit(&p, &mut c, &change, Some(&before), None)
        .await
        .expect_err("a conflict");
    let text = err.to_string();
    assert!(
        text.contains("changed on the server since it was read"),
        "{text}"
    );
    assert!(
        text.contains("v1") && text.contains("v2"),
        "the diff is shown: {text}"
    );
    match err {
        ldapdeck::writes::Error::Ldap(d) => assert_eq!(d.cause.code(), "conflict"),
        other => panic!("{other}"),
    }
    let now = entry(&dn).expect("there");
    assert!(
        now.contains(&"description: v2".to_string()),
        "v3 was not sent: {now:?}"
    );
}

#[test]
fn undo_refuses_to_overwrite_a_change_made_after_the_write() {
    let s = setup();
    let r = s.run(
        &[
            "users",
            "create",
            "flat",
            "--set",
            "id=undo.late",
            "--set",
            "description=original",
            "--yes",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = s.ok(&[
        "users",
        "modify",
        "flat",
        "undo.late",
        "--set",
        "description=mine",
        "--yes",
        "--json",
    ]);
    let rec = v["journal"].as_str().expect("id").to_string();
    // Someone else edits the same attribute afterwards.
    s.ok(&[
        "users",
        "modify",
        "flat",
        "undo.late",
        "--set",
        "description=theirs",
        "--yes",
        "--json",
    ]);

    let r = s.run(&["journal", "undo", &rec, "--yes", "--json"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("conflict"), "{}", r.stderr);
    assert!(
        r.stderr.contains("mine") && r.stderr.contains("theirs"),
        "{}",
        r.stderr
    );
    let e = entry(&format!("uid=undo.late,ou=people,{SUFFIX}")).expect("there");
    assert!(e.contains(&"description: theirs".to_string()), "{e:?}");
}

#[test]
fn a_modify_of_an_unknown_attribute_is_named_and_caught_by_the_dry_run() {
    let s = setup();
    let id = "schema.check@netaxis.be";
    create(&s, id, &[]);
    let before = entry(&dn_of(id)).expect("created");
    for extra in [&["--dry-run"][..], &["--yes"][..]] {
        let mut args = vec!["users", "modify", "rw", id];
        args.extend(place());
        args.extend(["--set", "nosuchattr=1", "--json"]);
        args.extend(extra);
        let r = s.run(&args, None);
        assert_eq!(r.code, 1, "{extra:?}: {}", r.stderr);
        let v: Value = serde_json::from_str(&r.stderr).expect("json error");
        assert_eq!(v["error"]["cause"], "undefined_attribute_type", "{v}");
        let msg = v["error"]["message"].as_str().unwrap_or("");
        assert!(
            msg.contains("nosuchattr is not an attribute of this server's schema"),
            "{msg}"
        );
        assert!(!msg.contains("filter"), "{msg}");
    }
    assert_eq!(entry(&dn_of(id)).expect("still there"), before);
}

#[test]
fn delete_takes_the_user_out_of_its_groups_and_undo_puts_it_back() {
    let s = setup();
    let id = "leaver";
    s.ok(&[
        "users",
        "create",
        "flat",
        "--set",
        &format!("id={id}"),
        "--yes",
        "--json",
    ]);
    let dn = format!("uid={id},ou=people,{SUFFIX}");
    assert!(entry(&dn).is_some(), "created under ou=people");
    // Groups of this test's own, so tests sharing the directory never see the leaver.
    let staff = format!("cn=leavers,ou=groups,{SUFFIX}");
    let unix = format!("cn=leaversunix,ou=groups,{SUFFIX}");
    ldapadd(&format!(
        "dn: {staff}\nobjectClass: groupOfNames\ncn: leavers\nmember: uid=alice,ou=people,{SUFFIX}\n\n\
         dn: {unix}\nobjectClass: posixGroup\ncn: leaversunix\ngidNumber: 4711\n"
    ));
    s.ok(&[
        "users",
        "groups",
        "flat",
        id,
        "--add",
        "leavers",
        "--add",
        "leaversunix",
        "--yes",
        "--json",
    ]);
    let (staff_before, unix_before) = (entry(&staff).expect("staff"), entry(&unix).expect("unix"));
    assert!(staff_before.contains(&format!("member: {dn}")));
    assert!(unix_before.contains(&format!("memberUid: {id}")));

    // The preview names every group value that would point at nothing, and removes it first.
    let r = s.run(&["users", "delete", "flat", id, "--dry-run"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        format!("dn: {staff}"),
        format!("member: {dn}"),
        format!("dn: {unix}"),
        format!("memberUid: {id}"),
        "changetype: delete".to_string(),
    ] {
        assert!(r.stderr.contains(&line), "{line} in {}", r.stderr);
    }
    let v = s.ok(&["users", "delete", "flat", id, "--yes", "--json"]);
    assert_eq!(entry(&dn), None);
    assert!(
        !entry(&staff)
            .expect("staff")
            .contains(&format!("member: {dn}"))
    );
    assert!(
        !entry(&unix)
            .expect("unix")
            .contains(&format!("memberUid: {id}"))
    );

    // One record, one undo: the entry and both memberships come back.
    let rec = v["journal"].as_str().expect("journal id").to_string();
    s.ok(&["journal", "undo", &rec, "--yes", "--json"]);
    assert!(entry(&dn).is_some(), "back");
    assert_eq!(entry(&staff).expect("staff"), staff_before);
    assert_eq!(entry(&unix).expect("unix"), unix_before);
}

#[test]
fn compare_two_users_and_copy_one_users_groups_to_another() {
    let _groups = fixture_groups();
    let s = setup();
    // alice is in staff, ops and unix; gone in ops and unix.
    let v = s.ok(&["users", "compare", "flat", ALICE.0, "gone", "--json"]);
    let kind = |attr: &str| -> String {
        v["attributes"]
            .as_array()
            .and_then(|l| l.iter().find(|d| d["attr"] == attr))
            .map(|d| d["kind"].as_str().unwrap_or("").to_string())
            .unwrap_or_default()
    };
    assert_eq!(kind("cn"), "different", "{v:#}");
    assert_eq!(kind("mail"), "only_a", "{v:#}");
    assert_eq!(kind("employeeType"), "only_b", "{v:#}");
    assert_eq!(kind("objectClass"), "same", "{v:#}");
    assert!(
        !v.to_string().contains("alice-pw"),
        "passwords are never compared"
    );
    let names = |k: &str| -> Vec<String> {
        v["groups"][k]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|g| g.as_str())
                    .map(|g| g.split(',').next().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(names("only_a"), ["cn=staff"], "{v:#}");
    assert_eq!(names("only_b"), Vec::<String>::new(), "{v:#}");
    let r = s.run(&["users", "compare", "flat", ALICE.0, "gone"], None);
    assert!(r.stdout.contains("only alice"), "{}", r.stdout);

    // A new user gets gone's groups (ops by DN, unix by memberUid), previewed and journaled.
    let r = s.run(
        &["users", "create", "flat", "--set", "id=copycat", "--yes"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dn = format!("uid=copycat,ou=people,{SUFFIX}");
    let r = s.run(
        &[
            "users",
            "groups",
            "flat",
            "copycat",
            "--copy-from",
            "gone",
            "--dry-run",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("add: member") && r.stderr.contains("add: memberUid"),
        "the preview: {}",
        r.stderr
    );
    s.ok(&[
        "users",
        "groups",
        "flat",
        "copycat",
        "--copy-from",
        "gone",
        "--yes",
        "--json",
    ]);
    let ops = format!("cn=ops,ou=groups,{SUFFIX}");
    let unix = format!("cn=unix,ou=groups,{SUFFIX}");
    assert!(entry(&ops).expect("ops").contains(&format!("member: {dn}")));
    assert!(
        entry(&unix)
            .expect("unix")
            .contains(&"memberUid: copycat".to_string())
    );
    // Again: nothing to send.
    let r = s.run(
        &[
            "users",
            "groups",
            "flat",
            "copycat",
            "--copy-from",
            "gone",
            "--yes",
        ],
        None,
    );
    assert!(r.stdout.contains("nothing to send"), "{}", r.stdout);
    // Each membership change is journaled with its undo: undoing both takes copycat out.
    let list = s.ok(&["journal", "list", "flat", "--json"]);
    let copied: Vec<String> = list
        .as_array()
        .map(|l| {
            l.iter()
                .filter(|r| {
                    r["operation"]
                        .as_str()
                        .is_some_and(|o| o.contains("+copycat"))
                })
                .filter_map(|r| r["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(copied.len(), 2, "{list:#}");
    for id in &copied {
        s.ok(&["journal", "undo", id, "--yes", "--json"]);
    }
    assert!(!entry(&ops).expect("ops").contains(&format!("member: {dn}")));
    assert!(
        !entry(&unix)
            .expect("unix")
            .contains(&"memberUid: copycat".to_string())
    );
    s.ok(&[
        "users",
        "groups",
        "flat",
        "copycat",
        "--copy-from",
        "gone",
        "--yes",
        "--json",
    ]);
    // Mirrored from locky, who is in no group: copycat leaves both.
    s.ok(&[
        "users",
        "groups",
        "flat",
        "copycat",
        "--copy-from",
        LOCKY.0,
        "--mirror",
        "--yes",
        "--json",
    ]);
    assert!(!entry(&ops).expect("ops").contains(&format!("member: {dn}")));
    assert!(
        !entry(&unix)
            .expect("unix")
            .contains(&"memberUid: copycat".to_string())
    );
}
