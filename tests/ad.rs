//! Active Directory for real: a Samba AD DC on loopback (one per run of this binary, shared by
//! its tests, each with users of its own). Passwords go in as unicodePwd over TLS and are
//! refused without it, accounts flip bit 0x2 of userAccountControl, must-change is
//! pwdLastSet=0, creates follow AD's naming, groups take member DNs, and an undone delete
//! comes back from the tombstone with its SID. Every effect is checked with ldapsearch or a
//! bind of the user's own, independently of ldapdeck.

mod support;

use serde_json::Value;
use support::rw::Rw;
use support::samba::{self, ADMIN_DN, ADMIN_PW, BASE, GROUPS, STAFF};

const OPS: &str = "CN=Ops,OU=Groups,DC=example,DC=test";

/// Providers on the shared DC (ldaps, StartTLS, plain ldap) and a private journal.
struct Setup(Rw);

impl std::ops::Deref for Setup {
    type Target = Rw;
    fn deref(&self) -> &Rw {
        &self.0
    }
}

fn setup() -> Setup {
    let s = samba::shared();
    let common = format!(
        r#"server_type = "active_directory"
bind_dn = "{ADMIN_DN}"
bind_password_env = "TEST_AD_PW"
base_dn = "{BASE}"
users_base = "{STAFF}"
groups_base = "{GROUPS}"
ca_file = "{}"
"#,
        s.ca_file.display()
    );
    let config = format!(
        r#"
[[provider]]
slug = "ad"
urls = ["ldaps://127.0.0.1:636"]
{common}
[[provider]]
slug = "starttls"
urls = ["ldap://127.0.0.1:389"]
starttls = true
{common}
[[provider]]
slug = "plain"
urls = ["ldap://127.0.0.1:389"]
{common}
[[provider]]
slug = "wide"
server_type = "active_directory"
urls = ["ldaps://127.0.0.1:636"]
bind_dn = "{ADMIN_DN}"
bind_password_env = "TEST_AD_PW"
base_dn = "{BASE}"
ca_file = "{}"
"#,
        s.ca_file.display()
    );
    Setup(Rw::new(&config, "TEST_AD_PW", ADMIN_PW))
}

impl Setup {
    /// `ldapdeck authorize` as the application would; (allowed, cause).
    fn authorize(&self, slug: &str, login: &str, password: &str) -> (bool, String) {
        let r = self.run(
            &["authorize", slug, login, "--password-stdin", "--json"],
            Some(&format!("{password}\n")),
        );
        let v = r.json();
        (
            v["allowed"].as_bool().unwrap_or(false),
            v["cause"].as_str().unwrap_or_default().to_string(),
        )
    }

    fn journal_text(&self) -> String {
        support::cli::journal_text(self.state.path())
    }

    /// The id of the newest journal record (`journal list` is newest first).
    fn last_record(&self) -> String {
        let v = self.ok(&["journal", "list", "--json"], None);
        let list = v.as_array().expect("records");
        list.first().expect("a record")["id"]
            .as_str()
            .expect("id")
            .to_string()
    }
}

fn uac(dn: &str) -> u32 {
    samba::shared().values(dn, "userAccountControl")[0]
        .parse()
        .expect("a number")
}

#[test]
fn the_doctor_passes_on_active_directory_over_ldaps_and_starttls() {
    let t = setup();
    for slug in ["ad", "starttls"] {
        let v = t.ok(&["test", slug, "--json"], None);
        assert_eq!(v["ok"], true, "{slug}: {v:#}");
        let text = v.to_string();
        assert!(
            text.contains("Samba"),
            "the RootDSE names the server: {v:#}"
        );
    }
}

#[test]
fn a_created_user_is_named_as_ad_names_it_and_gets_in_once_it_has_a_password() {
    let s = samba::shared();
    let t = setup();
    t.ok(
        &[
            "users",
            "create",
            "ad",
            "--json",
            "--yes",
            "--set",
            "id=cnew",
            "--set",
            "full_name=Carla New",
            "--set",
            "mail=cnew@example.test",
        ],
        None,
    );
    let dn = format!("CN=Carla New,{STAFF}");
    let e = s.entry(&dn, &[]);
    for want in [
        "sAMAccountName: cnew",
        "displayName: Carla New",
        "userPrincipalName: cnew@example.test",
        // Disabled until it has a password, without PASSWD_NOTREQD.
        "userAccountControl: 514",
    ] {
        assert!(e.iter().any(|l| l == want), "{want} in {e:#?}");
    }

    let pw = "Carla-Passw0rd-1";
    t.ok(
        &[
            "users",
            "passwd",
            "ad",
            "cnew",
            "--new-password-stdin",
            "--yes",
            "--json",
        ],
        Some(&format!("{pw}\n")),
    );
    assert_eq!(t.authorize("ad", "cnew", pw).1, "account_disabled");
    t.ok(&["users", "enable", "ad", "cnew", "--yes", "--json"], None);
    assert_eq!(uac(&dn), 512);
    assert_eq!(t.authorize("ad", "cnew", pw), (true, String::new()));
    assert!(s.binds("cnew@example.test", pw), "the user binds by UPN");
    assert!(!t.journal_text().contains(pw), "no password in the journal");
}

#[test]
fn a_password_goes_over_ldaps_and_starttls_and_never_over_plain_ldap() {
    let s = samba::shared();
    let t = setup();
    let old = "Dora-Old-Passw0rd";
    let dn = s.add_user("dpass", old, 512);

    // Refused before anything is sent: the old password still works.
    let r = t.run(
        &[
            "users",
            "passwd",
            "plain",
            "dpass",
            "--new-password-stdin",
            "--yes",
            "--json",
        ],
        Some("Dora-New-Passw0rd1\n"),
    );
    assert_ne!(r.code, 0, "{}", r.stdout);
    let err: Value = serde_json::from_str(&r.stderr)
        .unwrap_or_else(|e| panic!("JSON error on stderr ({e}): {}", r.stderr));
    assert_eq!(err["error"]["cause"], "tls_required", "{err:#}");
    assert!(s.binds(&dn, old));

    for (slug, pw) in [
        ("ad", "Dora-Ldaps-Passw0rd"),
        ("starttls", "Dora-Stls-Passw0rd"),
    ] {
        let r = t.run(
            &[
                "users",
                "passwd",
                slug,
                "dpass",
                "--new-password-stdin",
                "--yes",
                "--json",
            ],
            Some(&format!("{pw}\n")),
        );
        assert_eq!(r.code, 0, "{slug}: {} {}", r.stdout, r.stderr);
        assert!(!r.stdout.contains(pw) && !r.stderr.contains(pw));
        assert!(s.binds(&dn, pw), "{slug}: the new password binds");
        assert_eq!(t.authorize("ad", "dpass", pw), (true, String::new()));
    }
    assert!(!s.binds(&dn, old), "the old password is gone");
}

#[test]
fn disable_and_enable_flip_only_bit_0x2_and_authorize_follows() {
    let s = samba::shared();
    let t = setup();
    let pw = "Eve-Passw0rd-77";
    // 0x10200: a normal account whose password never expires; that bit must stay.
    let dn = s.add_user("eflag", pw, 0x10200);

    t.ok(
        &["users", "disable", "ad", "eflag", "--yes", "--json"],
        None,
    );
    assert_eq!(uac(&dn), 0x10202);
    assert_eq!(
        t.authorize("ad", "eflag", pw),
        (false, "account_disabled".into())
    );
    assert!(!s.binds(&dn, pw));

    // The browser's status column reads the same bit.
    let v = t.ok(&["users", "get", "ad", "eflag", "--json"], None);
    assert!(v.to_string().contains("66050"), "{v:#}");

    let undo = t.last_record();
    t.ok(&["journal", "undo", &undo, "--yes", "--json"], None);
    assert_eq!(uac(&dn), 0x10200);
    assert_eq!(t.authorize("ad", "eflag", pw), (true, String::new()));
}

#[test]
fn must_change_sets_pwdlastset_to_zero_and_authorize_says_so() {
    let s = samba::shared();
    let t = setup();
    let dn = s.add_user("fmust", "Fred-Old-Passw0rd", 512);
    let pw = "Fred-Temp-Passw0rd";
    t.ok(
        &[
            "users",
            "passwd",
            "ad",
            "fmust",
            "--new-password-stdin",
            "--must-change",
            "--yes",
            "--json",
        ],
        Some(&format!("{pw}\n")),
    );
    assert_eq!(s.values(&dn, "pwdLastSet"), ["0"]);
    assert_eq!(
        t.authorize("ad", "fmust", pw),
        (false, "password_must_change".into())
    );
}

#[test]
fn groups_take_and_drop_the_member_dn_and_undo_puts_it_back() {
    let s = samba::shared();
    let t = setup();
    let dn = s.add_user("gjoin", "Gina-Passw0rd-12", 512);
    t.ok(
        &[
            "users", "groups", "ad", "gjoin", "--add", "Ops", "--yes", "--json",
        ],
        None,
    );
    assert!(s.values(OPS, "member").contains(&dn));
    assert!(s.values(&dn, "memberOf").contains(&OPS.to_string()));

    let v = t.ok(&["users", "groups", "ad", "gjoin", "--json"], None);
    assert!(v.to_string().contains(OPS), "{v:#}");

    t.ok(
        &[
            "users", "groups", "ad", "gjoin", "--remove", "Ops", "--yes", "--json",
        ],
        None,
    );
    assert!(!s.values(OPS, "member").contains(&dn));
    let undo = t.last_record();
    t.ok(&["journal", "undo", &undo, "--yes", "--json"], None);
    assert!(s.values(OPS, "member").contains(&dn));
}

#[test]
fn modify_and_rename_on_ad_and_undo_restores_the_entry() {
    let s = samba::shared();
    let t = setup();
    let dn = s.add_user("hmod", "Hugo-Passw0rd-34", 512);
    let volatile = |e: Vec<String>| -> Vec<String> {
        e.into_iter()
            .filter(|l| !l.starts_with("uSNChanged") && !l.starts_with("whenChanged"))
            .collect()
    };
    let before = volatile(s.entry(&dn, &[]));
    let v = t.ok(
        &[
            "users",
            "modify",
            "ad",
            "hmod",
            "--set",
            "mail=hugo@example.test",
            "--set",
            "telephoneNumber=+41 44 000",
            "--yes",
            "--json",
        ],
        None,
    );
    assert_eq!(v["results"]["mail"], "modified", "{v:#}");
    assert_eq!(v["results"]["telephoneNumber"], "added", "{v:#}");
    assert_eq!(s.values(&dn, "mail"), ["hugo@example.test"]);
    t.ok(
        &["journal", "undo", &t.last_record(), "--yes", "--json"],
        None,
    );
    assert_eq!(volatile(s.entry(&dn, &[])), before);

    // AD names users by cn: a new cn is a modrdn, and the undo renames it back.
    t.ok(
        &[
            "users",
            "modify",
            "ad",
            "hmod",
            "--set",
            "cn=Hugo Mod",
            "--yes",
            "--json",
        ],
        None,
    );
    let renamed = format!("CN=Hugo Mod,{STAFF}");
    assert_eq!(s.values(&renamed, "sAMAccountName"), ["hmod"]);
    t.ok(
        &["journal", "undo", &t.last_record(), "--yes", "--json"],
        None,
    );
    assert_eq!(s.values(&dn, "sAMAccountName"), ["hmod"]);
    assert!(s.entry(&renamed, &[]).is_empty());
}

#[test]
fn an_undone_delete_comes_back_with_its_sid_attributes_and_groups() {
    let s = samba::shared();
    let t = setup();
    let pw = "Ivan-Passw0rd-56";
    let dn = s.add_user("iback", pw, 512);
    s.modify(&format!(
        "dn: {dn}\nchangetype: modify\nreplace: displayName\ndisplayName: Ivan Back\n-\n\
         replace: telephoneNumber\ntelephoneNumber: 555\n-\n\n\
         dn: {OPS}\nchangetype: modify\nadd: member\nmember: {dn}\n-\n"
    ));
    let keep = [
        "objectSid",
        "objectGUID",
        "displayName",
        "telephoneNumber",
        "mail",
    ];
    let before = s.entry(&dn, &keep);
    assert_eq!(before.len(), keep.len(), "{before:#?}");

    t.ok(&["users", "delete", "ad", "iback", "--yes", "--json"], None);
    assert!(s.entry(&dn, &[]).is_empty(), "deleted");
    assert!(!s.values(OPS, "member").contains(&dn));

    let rec = t.last_record();
    let shown = t.run(&["journal", "show", &rec], None);
    assert!(
        shown.stdout.contains("Active Directory undelete") && shown.stdout.contains("<GUID="),
        "{}",
        shown.stdout
    );
    let v = t.ok(&["journal", "undo", &rec, "--yes", "--json"], None);
    assert_eq!(v["change"], "undelete", "{v:#}");
    assert_eq!(s.entry(&dn, &keep), before, "same SID, GUID and attributes");
    assert!(s.values(OPS, "member").contains(&dn), "back in its group");
    assert_eq!(uac(&dn), 512);
    assert!(!s.binds(&dn, pw), "the password is not restored");

    // The undelete is journaled and can itself be undone (a delete again).
    t.ok(
        &["journal", "undo", &t.last_record(), "--yes", "--json"],
        None,
    );
    assert!(s.entry(&dn, &[]).is_empty());
}

#[test]
fn the_schema_check_reads_ads_content_rules() {
    let t = setup();
    let r = t.run(
        &[
            "users",
            "create",
            "ad",
            "--yes",
            "--json",
            "--set",
            "id=jbad",
            "--set",
            "shoeSize=44",
        ],
        None,
    );
    assert_eq!(r.code, 2, "{} {}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("shoeSize") && !r.stderr.contains("sAMAccountName"),
        "only the stranger is named: {}",
        r.stderr
    );
    assert!(
        samba::shared()
            .entry(&format!("CN=jbad,{STAFF}"), &[])
            .is_empty()
    );
}

#[test]
fn a_wrong_password_and_a_plain_bind_are_named_for_what_they_are() {
    let s = samba::shared();
    let t = setup();
    s.add_user("kwrong", "Kim-Passw0rd-90", 512);
    assert_eq!(
        t.authorize("ad", "kwrong", "not-it"),
        (false, "invalid_credentials".into())
    );
    assert_eq!(
        t.authorize("plain", "kwrong", "Kim-Passw0rd-90"),
        (true, String::new()),
        "a simple bind without TLS is allowed on this DC (ldap server require strong auth = no)"
    );
}

#[test]
fn the_primary_group_counts_as_membership_everywhere() {
    let s = samba::shared();
    let t = setup();
    let pw = "Lena-Passw0rd-11";
    let dn = s.add_user("lprime", pw, 512);
    s.modify(&format!(
        "dn: {OPS}\nchangetype: modify\nadd: member\nmember: {dn}\n-\n"
    ));
    let domain_users = format!("CN=Domain Users,CN=Users,{BASE}");
    // No member value says so: only primaryGroupID 513 does.
    assert!(!s.values(&domain_users, "member").contains(&dn));
    assert_eq!(s.values(&dn, "primaryGroupID"), ["513"]);

    let v = t.ok(&["users", "groups", "wide", "lprime", "--json"], None);
    let groups = v["groups"].as_array().expect("groups");
    let du = groups
        .iter()
        .find(|g| g["dn"] == domain_users.as_str())
        .expect("Domain Users listed");
    assert_eq!(
        (du["member"].as_bool(), du["primary"].as_bool()),
        (Some(true), Some(true))
    );
    let ops = groups.iter().find(|g| g["dn"] == OPS).expect("Ops listed");
    assert_eq!(
        (ops["member"].as_bool(), ops["primary"].as_bool()),
        (Some(true), Some(false))
    );

    let r = t.run(
        &[
            "users",
            "groups",
            "wide",
            "lprime",
            "--remove",
            "Domain Users",
            "--yes",
        ],
        None,
    );
    assert_eq!(r.code, 2, "{} {}", r.stdout, r.stderr);
    assert!(r.stderr.contains("primary group"), "{}", r.stderr);
    assert_eq!(s.values(&dn, "primaryGroupID"), ["513"]);

    // The group's users: by memberOf and by primaryGroupID.
    for (group, who) in [("Domain Users", "lprime"), ("Ops", "lprime")] {
        let r = t.run(
            &[
                "users", "list", "wide", "--group", group, "--format", "jsonl",
            ],
            None,
        );
        assert_eq!(r.code, 0, "{group}: {}", r.stderr);
        assert!(
            r.stdout
                .lines()
                .any(|l| l.contains(&format!("\"id\":\"{who}\""))),
            "{group} lists {who}: {}",
            r.stdout
        );
    }
    let r = t.run(
        &["authorize", "wide", "lprime", "--password-stdin", "--json"],
        Some(&format!("{pw}\n")),
    );
    let v = r.json();
    let listed = v["groups"].to_string();
    assert!(
        listed.contains(&domain_users) && listed.contains(OPS),
        "authorize names both groups: {v:#}"
    );
}

#[test]
fn the_console_deletes_and_undeletes_an_ad_user_through_the_preview() {
    let s = samba::shared();
    let t = setup();
    let dn = s.add_user("mtui", "Mia-Passw0rd-88", 512);
    let sid = s.entry(&dn, &["objectSid"]);
    let cmd = format!(
        "env TEST_AD_PW='{ADMIN_PW}' XDG_STATE_HOME={} NO_COLOR=1 {} --config {}; sleep 30",
        t.state.path().display(),
        support::cli::bin(),
        t.env.config.display()
    );
    let tm = support::tmux::Tmux::start("ad-console", &cmd);
    // Providers are sorted by slug: ad comes first.
    tm.wait_for(&["starttls"], 10);
    tm.keys(&["b"]);
    tm.wait_for(&["(all users)"], 10);
    tm.keys(&["Enter"]);
    tm.wait_for(&["mtui", "STATE"], 10);
    tm.keys(&["/"]);
    tm.text("mtui");
    tm.keys(&["Enter"]);

    // m: Domain Users is marked primary and cannot be unticked.
    tm.keys(&["m"]);
    tm.wait_for(&["Groups of mtui", "[P] Domain Users"], 10);
    tm.keys(&["Escape"]);
    // tmux reads Esc followed at once by a key as Alt-key: let the Esc stand alone.
    std::thread::sleep(std::time::Duration::from_millis(600));

    tm.keys(&["D"]);
    tm.wait_for(&["Delete mtui", "same SID", "Type mtui"], 10);
    tm.text("mtui");
    tm.keys(&["Enter"]);
    tm.wait_for(&["Delete mtui: done"], 10);
    assert!(s.entry(&dn, &[]).is_empty(), "deleted");

    tm.keys(&["J"]);
    tm.wait_for(&["Journal: ad", "Active Directory undelete"], 10);
    tm.keys(&["u"]);
    tm.wait_for(&["Undo delete", "This will be sent:", "<GUID="], 10);
    tm.keys(&["y"]);
    tm.wait_for(&["Undo delete", ": done"], 15);
    assert_eq!(s.entry(&dn, &["objectSid"]), sid, "back with the same SID");
}

#[test]
fn effective_groups_on_ad_agree_with_the_in_chain_rule_and_carry_paths() {
    let s = samba::shared();
    let t = setup();
    let dn = s.add_user("nester", "Nest-Passw0rd-12", 512);
    let (a, b, c) = (
        format!("CN=NestA,{GROUPS}"),
        format!("CN=NestB,{GROUPS}"),
        format!("CN=NestC,{GROUPS}"),
    );
    for (g, member) in [(&a, &dn), (&b, &a), (&c, &b)] {
        let sam = g.trim_start_matches("CN=").split(',').next().unwrap_or("");
        s.modify(&format!(
            "dn: {g}\nchangetype: add\nobjectClass: group\nsAMAccountName: {sam}\nmember: {member}\n"
        ));
    }
    let v = t.ok(
        &["users", "groups", "ad", "nester", "--effective", "--json"],
        None,
    );
    assert_eq!(v["strategy"], "in_chain", "{v:#}");
    let path_of = |g: &str| -> Vec<String> {
        v["groups"]
            .as_array()
            .and_then(|l| {
                l.iter().find(|m| {
                    m["group"]
                        .as_str()
                        .is_some_and(|d| d.eq_ignore_ascii_case(g))
                })
            })
            .and_then(|m| m["path"].as_array())
            .map(|p| {
                p.iter()
                    .map(|d| d.as_str().unwrap_or("").to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_else(|| panic!("{g} missing: {v:#}"))
    };
    let low = |d: &str| d.to_ascii_lowercase();
    assert_eq!(path_of(&a), [low(&dn), low(&a)]);
    // The walk found the same groups as the server's in-chain rule, each with its path (a
    // group only the rule found would have a path of two).
    assert_eq!(path_of(&b), [low(&dn), low(&a), low(&b)]);
    assert_eq!(path_of(&c), [low(&dn), low(&a), low(&b), low(&c)]);
    let r = t.run(
        &["authorize", "ad", "nester", "--password-stdin", "--json"],
        Some("Nest-Passw0rd-12\n"),
    );
    let auth = r.json();
    let inherited: Vec<String> = auth["inherited_groups"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|m| low(m["group"].as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    assert!(inherited.contains(&low(&c)), "{auth:#}");
    // NestC's members through NestB and NestA, by the in-chain rule; none directly.
    let members = |extra: &[&str]| -> String {
        let mut args = vec!["groups", "members", "ad", "NestC", "--format", "jsonl"];
        args.extend_from_slice(extra);
        let r = t.run(&args, None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    assert!(!members(&[]).contains("nester"));
    assert!(members(&["--effective"]).contains("\"nester\""));
}

#[test]
fn deleted_objects_are_listed_with_their_last_parent_and_guid() {
    let s = samba::shared();
    let t = setup();
    let dn = s.add_user("tombed", "Tomb-Passw0rd-12", 512);
    // Deleted outside ldapdeck, as a colleague would.
    s.modify(&format!("dn: {dn}\nchangetype: delete\n"));
    let v = t.ok(
        &[
            "deleted",
            "list",
            "ad",
            "--filter",
            "(objectClass=user)",
            "--json",
        ],
        None,
    );
    let hit = v
        .as_array()
        .and_then(|l| l.iter().find(|o| o["name"] == "tombed"))
        .unwrap_or_else(|| panic!("tombed not listed: {v:#}"));
    assert!(
        hit["last_known_parent"]
            .as_str()
            .is_some_and(|p| p.eq_ignore_ascii_case(STAFF)),
        "{hit}"
    );
    assert_eq!(hit["guid"].as_str().map(str::len), Some(36), "{hit}");
    assert!(
        hit["deleted"].as_str().is_some_and(|w| !w.is_empty()),
        "{hit}"
    );
    // Restored by its GUID, where it was, previewed and journaled.
    let guid = hit["guid"].as_str().unwrap_or("").to_string();
    let r = t.run(&["deleted", "restore", "ad", &guid, "--dry-run"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("<GUID={guid}>")),
        "the preview: {}",
        r.stderr
    );
    let v = t.ok(
        &["deleted", "restore", "ad", &guid, "--yes", "--json"],
        None,
    );
    assert!(
        v["results"]["restored"]
            .as_str()
            .is_some_and(|d| d.eq_ignore_ascii_case(&dn)),
        "{v:#}"
    );
    assert!(!s.entry(&dn, &["cn"]).is_empty(), "back in place");
    // Restoring it again: nothing is deleted under that GUID any more.
    let r = t.run(
        &["deleted", "restore", "ad", &guid, "--yes", "--json"],
        None,
    );
    assert_ne!(r.code, 0, "{}", r.stdout);
    // The undo deletes it again.
    let rec = t.last_record();
    t.ok(&["journal", "undo", &rec, "--yes", "--json"], None);
    assert!(
        s.entry(&dn, &["cn"]).is_empty(),
        "deleted again by the undo"
    );
    // Not on OpenLDAP and friends: deleted objects are AD's.
    let r = t.run(&["deleted", "list", "nosuch"], None);
    assert_ne!(r.code, 0);
}

#[test]
fn a_restore_onto_a_taken_name_is_refused_and_another_name_works() {
    let s = samba::shared();
    let t = setup();
    let dn = s.add_user("taken", "Taken-Passw0rd-12", 512);
    s.modify(&format!("dn: {dn}\nchangetype: delete\n"));
    let list = t.ok(&["deleted", "list", "ad", "--json"], None);
    let guid = list
        .as_array()
        .and_then(|l| l.iter().find(|o| o["name"] == "taken"))
        .and_then(|o| o["guid"].as_str())
        .unwrap_or_else(|| panic!("{list:#}"))
        .to_string();
    // Someone made a new "taken" meanwhile.
    s.add_user("taken", "Taken-Passw0rd-13", 512);
    let r = t.run(
        &["deleted", "restore", "ad", &guid, "--yes", "--json"],
        None,
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("exists already") && r.stderr.contains("--name"),
        "{}",
        r.stderr
    );
    let v = t.ok(
        &[
            "deleted",
            "restore",
            "ad",
            &guid,
            "--name",
            "taken-old",
            "--yes",
            "--json",
        ],
        None,
    );
    let back = v["results"]["restored"].as_str().unwrap_or("").to_string();
    assert!(back.starts_with("CN=taken-old,"), "{v:#}");
    assert!(!s.entry(&back, &["cn"]).is_empty());
}

#[test]
fn the_tree_shows_deleted_objects_and_the_console_restores_a_user_deleted_outside() {
    let s = samba::shared();
    let t = setup();
    let dn = s.add_user("tombtui", "Tomb-Passw0rd-34", 512);
    let sid = s.entry(&dn, &["objectSid"]);
    // Deleted by a colleague, with another tool.
    s.modify(&format!("dn: {dn}\nchangetype: delete\n"));
    let cmd = format!(
        "env TEST_AD_PW='{ADMIN_PW}' XDG_STATE_HOME={} NO_COLOR=1 {} --config {}; sleep 30",
        t.state.path().display(),
        support::cli::bin(),
        t.env.config.display()
    );
    let tm = support::tmux::Tmux::start("ad-tree", &cmd);
    tm.wait_for(&["starttls"], 10);
    tm.keys(&["T"]);
    tm.wait_for(&["CN=Deleted Objects", BASE], 15);
    // The roots: the naming contexts first, Deleted Objects last.
    tm.keys(&["G", "l"]);
    tm.wait_for(&["tombtui (deleted "], 15);
    tm.keys(&["/"]);
    tm.text("tombtui");
    tm.keys(&["Enter", "j", "u"]);
    tm.wait_for(&["Restore a deleted object", "CN=tombtui,"], 10);
    tm.keys(&["Enter"]);
    tm.wait_for(&["This will be sent:", "<GUID=", "delete: isDeleted"], 15);
    tm.keys(&["y"]);
    tm.wait_for(&[": done"], 15);
    assert_eq!(
        s.entry(&dn, &["objectSid"]),
        sid,
        "back where it was, with its SID"
    );
}

#[test]
fn a_subtree_is_deleted_from_the_tree_with_the_tree_delete_control_and_said_to_have_no_undo() {
    let s = samba::shared();
    let t = setup();
    let ou = format!("OU=Doomed,{BASE}");
    s.modify(&format!(
        "dn: {ou}\nchangetype: add\nobjectClass: organizationalUnit\nou: Doomed\n\n\
         dn: OU=Inner,{ou}\nchangetype: add\nobjectClass: organizationalUnit\nou: Inner\n"
    ));
    let cmd = format!(
        "env TEST_AD_PW='{ADMIN_PW}' XDG_STATE_HOME={} NO_COLOR=1 {} --config {}; sleep 30",
        t.state.path().display(),
        support::cli::bin(),
        t.env.config.display()
    );
    let tm = support::tmux::Tmux::start("ad-tree-delete", &cmd);
    tm.wait_for(&["starttls"], 10);
    tm.keys(&["T"]);
    tm.wait_for(&[BASE], 15);
    tm.keys(&["l"]);
    tm.wait_for(&["OU=Doomed"], 15);
    tm.keys(&["/"]);
    tm.text("Doomed");
    tm.keys(&["Enter", "j", "D"]);
    tm.wait_for(
        &["and everything below it", "this cannot be", "Type Doomed"],
        15,
    );
    tm.text("Doomed");
    tm.keys(&["Enter"]);
    tm.wait_for(&["(no undo)"], 15);
    assert!(s.entry(&ou, &["ou"]).is_empty(), "the subtree is gone");
    let screen = tm.screen();
    assert!(
        !screen.contains("▸ OU=Doomed"),
        "and gone from the tree:\n{screen}"
    );
}

#[test]
fn a_batch_of_disables_applies_as_one_record_and_its_undo_enables_them_again() {
    let s = samba::shared();
    let t = setup();
    let a = s.add_user("batcha", "Batch-Passw0rd-1", 512);
    let b = s.add_user("batchb", "Batch-Passw0rd-2", 512);
    let ldif = format!(
        "dn: {a}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 514\n-\n\n\
         dn: {b}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 514\n-\n"
    );
    let v = t.ok(&["apply", "ad", "-", "--yes", "--json"], Some(&ldif));
    assert_eq!(v["applied"], 2, "{v:#}");
    assert_eq!(uac(&a) & 2, 2);
    assert_eq!(uac(&b) & 2, 2);
    let id = v["journal"].as_str().unwrap_or("").to_string();
    t.ok(&["journal", "undo", &id, "--yes", "--json"], None);
    assert_eq!(uac(&a), 512, "enabled again");
    assert_eq!(uac(&b), 512);
}

/// Siblings are read in one search by distinguishedName, and what a base read of each gives.
#[tokio::test]
async fn siblings_are_read_in_one_search_by_distinguished_name() {
    let s = samba::shared();
    let sib = support::by_dn::siblings(BASE, "contact");
    s.modify(&sib.ldif);
    let (url, server) = (
        "ldaps://127.0.0.1:636",
        ldapdeck::config::ServerType::ActiveDirectory,
    );
    support::by_dn::siblings_come_back_as_base_reads_give_them(
        url,
        &s.ca_file,
        (ADMIN_DN, ADMIN_PW),
        server,
        &sib,
    )
    .await;
}
