//! 389 Directory Server for real: one throwaway instance for this binary (dscreate, ~10 s),
//! shared by its tests, each with users of its own. Account states are made the 389 way
//! (nsAccountLock set directly and through a disabled role, failed binds, expiry times, an
//! administrator's reset under passwordMustChange) and every answer ldapdeck gives is the one
//! 389 itself gives, with a fix that works on 389; effects are checked with ldapsearch and
//! binds of the users' own, independently of ldapdeck.

mod support;

use serde_json::Value;
use support::ds389::{
    self, BASE, BLIND_DN, BLIND_PW, DM_DN, DM_PW, GROUPS, PEOPLE, SVC_DN, SVC_PW,
};
use support::rw::Rw;

/// Providers on the shared instance: `ds` (ldaps, the service account), `plain` (ldap://),
/// `admin` (Directory Manager, for writes) and a private journal.
struct Setup(Rw);

impl std::ops::Deref for Setup {
    type Target = Rw;
    fn deref(&self) -> &Rw {
        &self.0
    }
}

fn provider(slug: &str, url: &str, bind: &str, var: &str, extra: &str) -> String {
    let s = ds389::shared();
    format!(
        r#"
[[provider]]
slug = "{slug}"
server_type = "389ds"
urls = ["{url}"]
bind_dn = "{bind}"
bind_password_env = "{var}"
base_dn = "{BASE}"
users_base = "{PEOPLE}"
groups_base = "{GROUPS}"
ca_file = "{}"
{extra}
"#,
        s.ca_file.display()
    )
}

fn setup_with(extra: &str) -> Setup {
    let s = ds389::shared();
    let config = format!(
        "{}{}{}{extra}",
        provider("ds", &s.tls_url(), SVC_DN, "TEST_SVC_PW", ""),
        provider("plain", &s.url(), SVC_DN, "TEST_SVC_PW", ""),
        provider("admin", &s.tls_url(), DM_DN, "TEST_DM_PW", ""),
    );
    Setup(Rw::with_vars(
        &config,
        &[("TEST_SVC_PW", SVC_PW), ("TEST_DM_PW", DM_PW)],
    ))
}

fn setup() -> Setup {
    setup_with("")
}

impl Setup {
    /// `ldapdeck authorize` as the application would, whole.
    fn authorize(&self, login: &str, password: &str) -> Value {
        self.run(
            &["authorize", "ds", login, "--password-stdin", "--json"],
            Some(&format!("{password}\n")),
        )
        .json()
    }
}

fn cause(v: &Value) -> &str {
    v["cause"].as_str().unwrap_or_default()
}

fn hint(v: &Value) -> String {
    v["hint"].as_str().unwrap_or_default().to_string()
}

/// A generalized time `secs` from now (389's passwordExpirationTime syntax).
fn from_now(secs: i64) -> String {
    let out = std::process::Command::new("date")
        .args(["-u", "-d", &format!("@{}", now() + secs), "+%Y%m%d%H%M%SZ"])
        .output()
        .expect("date");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A generalized time in Unix seconds (through date(1), not ldapdeck's parser).
fn generalized(t: &str) -> i64 {
    let t = t.trim_end_matches('Z');
    let iso = format!(
        "{}-{}-{} {}:{}:{}Z",
        &t[0..4],
        &t[4..6],
        &t[6..8],
        &t[8..10],
        &t[10..12],
        &t[12..14]
    );
    let out = std::process::Command::new("date")
        .args(["-u", "-d", &iso, "+%s"])
        .output()
        .expect("date");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("seconds")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[test]
fn the_doctor_passes_and_names_389_not_freeipa() {
    let t = setup();
    for slug in ["ds", "plain"] {
        let v = t.ok(&["test", slug, "--json"], None);
        assert_eq!(v["ok"], true, "{slug}: {v:#}");
        let text = v.to_string();
        assert!(text.contains("389"), "the RootDSE names the server: {v:#}");
        assert!(
            !text.contains("free_ipa"),
            "a plain 389 is not told to switch to free_ipa: {v:#}"
        );
    }
    // A provider that says free_ipa on a plain 389 is told which type fits.
    let t = setup_with(
        &provider("ipa", &ds389::shared().url(), SVC_DN, "TEST_SVC_PW", "")
            .replace("\"389ds\"", "\"free_ipa\""),
    );
    let v = t.run(&["test", "ipa", "--json"], None).json();
    assert!(
        v.to_string().contains("389ds"),
        "free_ipa on a plain 389 is named: {v:#}"
    );
}

#[test]
fn every_account_state_is_read_the_389_way() {
    let s = ds389::shared();
    let t = setup();

    // Healthy: allowed, and the time to expiry comes from passwordExpirationTime (389 sends
    // no control outside the warning window).
    let dn = s.add_user("sok", "Sok-secret-1", "");
    s.expire_at(&dn, &from_now(50 * 86_400));
    let v = t.authorize("sok", "Sok-secret-1");
    assert_eq!(v["allowed"], true, "{v:#}");
    let days = v["password_policy"]["seconds_to_expiry"]
        .as_u64()
        .expect("time to expiry")
        / 86_400;
    assert!((48..=50).contains(&days), "{v:#}");

    // nsAccountLock set directly (as dsidm account lock does): 389 says rc 53 "Account
    // inactivated"; the fix is to remove nsAccountLock.
    let dn = s.add_user("slock", "Slock-secret-1", "nsAccountLock: true\n");
    assert_eq!(s.bind_rc(&dn, "Slock-secret-1"), 53);
    let v = t.authorize("slock", "Slock-secret-1");
    assert_eq!(cause(&v), "account_disabled", "{v:#}");
    assert!(hint(&v).contains("dsidm account unlock"), "{v:#}");
    assert!(!hint(&v).contains("pwdAccountLockedTime"), "{v:#}");

    // Through a role: the user's role is locked (dsidm role lock), nsAccountLock is virtual.
    s.add_user("srole", "Srole-secret-1", "");
    s.dsidm(&["role", "create-managed", "--cn", "contractors"]);
    s.modify(&format!(
        "dn: uid=srole,{PEOPLE}\nchangetype: modify\nadd: nsRoleDN\nnsRoleDN: cn=contractors,{BASE}\n"
    ));
    s.dsidm(&["role", "lock", &format!("cn=contractors,{BASE}")]);
    let v = t.authorize("srole", "Srole-secret-1");
    assert_eq!(cause(&v), "account_disabled", "{v:#}");
    assert!(hint(&v).contains("dsidm role unlock"), "{v:#}");
    assert!(hint(&v).contains("cn=contractors"), "names the role: {v:#}");

    // Failure lockout: three wrong passwords, then rc 19 "Exceed password retry limit";
    // the answer says when the lock ends.
    let dn = s.add_user("sfail", "Sfail-secret-1", "");
    for _ in 0..3 {
        assert_eq!(s.bind_rc(&dn, "wrong"), 49);
    }
    assert_eq!(s.bind_rc(&dn, "Sfail-secret-1"), 19);
    let v = t.authorize("sfail", "Sfail-secret-1");
    assert_eq!(cause(&v), "account_locked", "{v:#}");
    assert!(
        v["reason"].as_str().unwrap_or_default().contains("until"),
        "{v:#}"
    );
    assert!(hint(&v).contains("accountUnlockTime"), "{v:#}");
    assert!(!hint(&v).contains("pwdAccountLockedTime"), "{v:#}");

    // Expired with no grace left (a user policy with passwordGraceLimit 0).
    let dn = s.add_user("sexp", "Sexp-secret-1", "");
    s.modify(&format!(
        "dn: cn=nsPwPolicyContainer,{PEOPLE}\nchangetype: add\nobjectClass: nsContainer\ncn: nsPwPolicyContainer\n\n\
         dn: cn=nograce,cn=nsPwPolicyContainer,{PEOPLE}\nchangetype: add\nobjectClass: ldapSubEntry\n\
         objectClass: passwordPolicy\ncn: nograce\npasswordExp: on\npasswordMaxAge: 8640000\npasswordGraceLimit: 0\n\n\
         dn: {dn}\nchangetype: modify\nreplace: pwdpolicysubentry\npwdpolicysubentry: cn=nograce,cn=nsPwPolicyContainer,{PEOPLE}\n-\n\
         replace: passwordExpirationTime\npasswordExpirationTime: {}\n",
        from_now(-86_400)
    ));
    assert_eq!(s.bind_rc(&dn, "Sexp-secret-1"), 49);
    let v = t.authorize("sexp", "Sexp-secret-1");
    assert_eq!(cause(&v), "password_expired", "{v:#}");

    // Expired with grace logins (the global policy allows 2): in, with a warning.
    let dn = s.add_user("sgrace", "Sgrace-secret-1", "");
    s.expire_at(&dn, &from_now(-86_400));
    let v = t.authorize("sgrace", "Sgrace-secret-1");
    assert_eq!(v["allowed"], true, "{v:#}");
    assert!(v["warnings"].to_string().contains("grace"), "{v:#}");

    // Expiring inside the warning window: 389 sends its "expiring" control. On the first
    // warning 389 moves the expiry to a whole warning period away (passwordWarning, a day
    // here), so the answer is the entry's new time, not the one set.
    let dn = s.add_user("ssoon", "Ssoon-secret-1", "");
    s.expire_at(&dn, &from_now(3 * 3600));
    let v = t.authorize("ssoon", "Ssoon-secret-1");
    assert_eq!(v["allowed"], true, "{v:#}");
    let left = v["password_policy"]["seconds_to_expiry"]
        .as_u64()
        .unwrap_or(0) as i64;
    let on_server = s.values(&dn, "passwordExpirationTime");
    let until = generalized(&on_server[0]) - now();
    assert!((until - left).abs() < 120, "{v:#} vs {on_server:?}");
    assert!(left > 0 && left <= 86_400, "{v:#}");
    assert!(v["warnings"].to_string().contains("expires in"), "{v:#}");

    // Must change: under passwordMustChange every administrator's reset forces it, and
    // only the user can clear it.
    let dn = s.add_user("smust", "Smust-secret-1", "");
    s.modify(&format!(
        "dn: {dn}\nchangetype: modify\nreplace: userPassword\nuserPassword: Smust-reset-2\n"
    ));
    let v = t.authorize("smust", "Smust-reset-2");
    assert_eq!(cause(&v), "password_must_change", "{v:#}");
    assert!(hint(&v).contains("passwordMustChange"), "{v:#}");
}

#[test]
fn disable_and_enable_use_nsaccountlock_and_a_role_lock_is_explained() {
    let s = ds389::shared();
    let t = setup();
    let dn = s.add_user("dflip", "Dflip-secret-1", "");
    t.ok(
        &["users", "disable", "admin", "dflip", "--yes", "--json"],
        None,
    );
    assert_eq!(s.values(&dn, "nsAccountLock"), ["TRUE"]);
    assert_eq!(s.bind_rc(&dn, "Dflip-secret-1"), 53, "389 itself refuses");
    let v = t.ok(&["users", "get", "ds", "dflip", "--json"], None);
    assert!(v.to_string().contains("disabled"), "{v:#}");
    t.ok(
        &["users", "enable", "admin", "dflip", "--yes", "--json"],
        None,
    );
    assert!(s.values(&dn, "nsAccountLock").is_empty());
    assert_eq!(s.bind_rc(&dn, "Dflip-secret-1"), 0);

    // Locked by another tool in lower case: still locked, so enable has work to do.
    s.modify(&format!(
        "dn: {dn}\nchangetype: modify\nreplace: nsAccountLock\nnsAccountLock: true\n"
    ));
    let v = t.ok(
        &["users", "enable", "admin", "dflip", "--yes", "--json"],
        None,
    );
    assert!(
        !v["change"].is_null() || v.get("journal").is_some(),
        "{v:#}"
    );
    assert!(s.values(&dn, "nsAccountLock").is_empty());

    // Locked through a role: enable says why and sends nothing (389 would answer rc 16).
    let dn = s.add_user(
        "drole",
        "Drole-secret-1",
        &format!("nsRoleDN: cn=temps,{BASE}\n"),
    );
    s.dsidm(&["role", "create-managed", "--cn", "temps"]);
    s.dsidm(&["role", "lock", &format!("cn=temps,{BASE}")]);
    assert_eq!(s.bind_rc(&dn, "Drole-secret-1"), 53);
    let r = t.run(&["users", "enable", "admin", "drole", "--yes"], None);
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stderr
            .contains(&format!("dsidm role unlock cn=temps,{BASE}")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing was sent"), "{}", r.stderr);
    assert_eq!(s.values(&dn, "nsRoleDN"), [format!("cn=temps,{BASE}")]);
}

#[test]
fn the_accounts_own_limits_are_named_with_the_fix() {
    let s = ds389::shared();
    for u in ["lim1", "lim2", "lim3", "lim4", "lim5"] {
        s.add_user(u, "Lim-secret-1", "");
    }
    // An account that may look through three entries, as 389's defaults stop at 5,000.
    let tiny = s.add_user("tiny", "Tiny-secret-1", "nsLookThroughLimit: 3\n");
    let t = setup_with(&provider("tiny", &s.url(), &tiny, "TEST_TINY_PW", ""));
    let run = |args: &[&str]| {
        support::cli::run_env(
            &t.env.config,
            args,
            None,
            &[("TEST_TINY_PW", "Tiny-secret-1".as_ref())],
        )
    };
    let r = run(&["users", "list", "tiny", "--json"]);
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stderr.contains("server_limit") || r.stdout.contains("server_limit"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    assert!(
        r.stderr.contains("nsLookThroughLimit") || r.stdout.contains("nsLookThroughLimit"),
        "{}",
        r.stderr
    );
    // In the doctor the bind and the base work: a warning, not a failure.
    let r = run(&["test", "tiny", "--json"]);
    let v = r.json();
    let users = v["steps"]
        .as_array()
        .and_then(|s| s.iter().find(|x| x["step"] == "users"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(users["status"], "warning", "{v:#}");
    assert!(users.to_string().contains("nsLookThroughLimit"), "{v:#}");
}

#[test]
fn a_missing_base_is_said_and_an_unsupported_filter_is_named() {
    let s = ds389::shared();
    let t = setup_with(
        &provider("nobase", &s.url(), SVC_DN, "TEST_SVC_PW", "").replace(
            &format!("users_base = \"{PEOPLE}\""),
            &format!("users_base = \"ou=nope,{BASE}\""),
        ),
    );
    let r = t.run(&["users", "list", "nobase", "--json"], None);
    assert_ne!(
        r.code, 0,
        "389's empty success is not 'no users': {}",
        r.stdout
    );
    assert!(
        r.stderr.contains("no_such_base") || r.stdout.contains("no_such_base"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    let v = t.run(&["test", "nobase", "--json"], None).json();
    assert!(v.to_string().contains("users_base ou=nope"), "{v:#}");

    // Hidden by ACIs: 389 answers the account's base read with nothing at all. That is said
    // as such, not as a lost connection.
    let t = setup_with(&provider("blind", &s.url(), BLIND_DN, "TEST_BLIND_PW", ""));
    let v = support::cli::run_env(
        &t.env.config,
        &["test", "blind", "--json"],
        None,
        &[("TEST_BLIND_PW", BLIND_PW.as_ref())],
    )
    .json();
    let text = v.to_string();
    assert!(!text.contains("connection_lost"), "{v:#}");
    assert!(text.contains("may not read it"), "{v:#}");

    let r = t.run(
        &[
            "search",
            "ds",
            "--base",
            BASE,
            "--filter",
            &format!("(memberOf:1.2.840.113556.1.4.1941:=cn=x,{GROUPS})"),
            "--json",
        ],
        None,
    );
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("unsupported_filter") || r.stdout.contains("unsupported_filter"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn a_reset_reports_the_state_389_left_and_never_writes_pwdreset() {
    let s = ds389::shared();
    let t = setup();
    let dn = s.add_user("preset", "Preset-secret-1", "");
    // --must-change: pwdReset is 389's own (NO-USER-MODIFICATION), so it is not written;
    // the policy's passwordMustChange makes the reset a must-change, and that is reported.
    let v = t.ok(
        &[
            "users",
            "passwd",
            "admin",
            "preset",
            "--new-password-stdin",
            "--must-change",
            "--yes",
            "--json",
        ],
        Some("Preset-new-2\n"),
    );
    assert_eq!(v["results"]["must_change"], true, "{v:#}");
    assert!(v.to_string().contains("journal"), "journaled: {v:#}");
    assert_eq!(
        s.values(&dn, "passwordExpirationTime"),
        ["19700101000000Z"],
        "389 itself marks the reset"
    );
    let a = t.authorize("preset", "Preset-new-2");
    assert_eq!(cause(&a), "password_must_change", "{a:#}");

    // Without --must-change the server still forces it: said as it is, not "no".
    let v = t.ok(
        &[
            "users",
            "passwd",
            "admin",
            "preset",
            "--new-password-stdin",
            "--yes",
            "--json",
        ],
        Some("Preset-new-3\n"),
    );
    assert_eq!(v["results"]["must_change"], true, "{v:#}");
}

#[tokio::test]
async fn a_virtual_list_window_comes_sorted_from_389() {
    use ldapdeck::config::Secret;
    use ldapdeck::ldap::doctor::Password;
    use ldapdeck::ldap::net::{connect, tls};
    use ldapdeck::ldap::read::vlv;
    let s = ds389::shared();
    let ou = format!("ou=vlv,{BASE}");
    let mut ldif = format!("dn: {ou}\nchangetype: add\nobjectClass: organizationalUnit\nou: vlv\n");
    for u in ["vd", "vb", "ve", "va", "vc"] {
        ldif.push_str(&format!(
            "\ndn: uid={u},{ou}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: {u}\ncn: {u}\nsn: {u}\n"
        ));
    }
    s.modify(&ldif);
    let mut p = ldapdeck::config::Provider::new("vlv");
    p.urls = vec![s.tls_url()];
    p.ca_file = Some(s.ca_file.clone());
    p.bind_dn = Some(DM_DN.into());
    p.base_dn = Some(BASE.into());
    p.timeout_secs = 5;
    let setup = tls::setup(p.ca_file.as_deref(), true).expect("tls");
    let pw = Password::Given(Secret::new(DM_PW), "test".into());
    let (mut c, _) = connect::open_bound(&p, &setup, pw).await.expect("bound");
    // Without an ordering rule on 389 (which refuses one, and crashed on one with VLV here):
    // the window comes sorted by uid's own ordering.
    let (entries, resp) = vlv::window(
        &mut c.session,
        &ou,
        ldap3::Scope::OneLevel,
        "(objectClass=inetOrgPerson)",
        &["uid".to_string()],
        "uid",
        vlv::ordering_for(ldapdeck::config::ServerType::Ds389),
        2,
        0,
        2,
    )
    .await
    .expect("a window");
    let uids: Vec<String> = entries.iter().map(|e| e.attrs["uid"][0].clone()).collect();
    assert_eq!(uids, ["vb", "vc", "vd"]);
    let resp = resp.expect("a VLV response");
    assert_eq!((resp.target, resp.count), (2, 5));
    c.session.close().await;
}

#[test]
fn a_user_created_with_each_preset_is_one_its_provider_finds() {
    let s = ds389::shared();
    let posix =
        provider("posixp", &s.tls_url(), DM_DN, "TEST_DM_PW", "").replace("\"389ds\"", "\"posix\"");
    let t = setup_with(&posix);
    // The posix preset's user_filter is (objectClass=posixAccount): the entry gets that class,
    // and its MUSTs are asked for by name before anything is sent.
    let r = t.run(
        &[
            "users", "create", "posixp", "--set", "id=cpos", "--yes", "--json",
        ],
        None,
    );
    assert_ne!(r.code, 0, "{}", r.stdout);
    for must in ["uidNumber", "gidNumber", "homeDirectory"] {
        assert!(
            r.stderr.to_lowercase().contains(&must.to_lowercase()),
            "{must}: {}",
            r.stderr
        );
    }
    assert!(s.entry(&format!("uid=cpos,{PEOPLE}"), &["uid"]).is_empty());
    t.ok(
        &[
            "users",
            "create",
            "posixp",
            "--set",
            "id=cpos",
            "--set",
            "uidNumber=5001",
            "--set",
            "gidNumber=5001",
            "--set",
            "homeDirectory=/home/cpos",
            "--yes",
            "--json",
        ],
        None,
    );
    let v = t.ok(&["users", "get", "posixp", "cpos", "--json"], None);
    assert!(v.to_string().contains("uid=cpos"), "{v:#}");
    // The 389ds preset: inetOrgPerson, found by its own filter too.
    t.ok(
        &[
            "users", "create", "admin", "--set", "id=c389", "--yes", "--json",
        ],
        None,
    );
    let v = t.ok(&["users", "get", "ds", "c389", "--json"], None);
    assert!(v.to_string().contains("uid=c389"), "{v:#}");
}

#[test]
fn an_undone_delete_comes_back_in_its_groups_without_the_plugins_attributes() {
    let s = ds389::shared();
    let t = setup();
    let dn = s.add_user("gdel", "Gdel-secret-1", "");
    let group = format!("cn=gdelteam,{GROUPS}");
    s.modify(&format!(
        "dn: {group}\nchangetype: add\nobjectClass: groupOfNames\ncn: gdelteam\nmember: {dn}\n"
    ));
    assert_eq!(
        s.values(&dn, "memberOf"),
        std::slice::from_ref(&group),
        "the plugin at work"
    );
    t.ok(
        &["users", "delete", "admin", "gdel", "--yes", "--json"],
        None,
    );
    assert!(s.entry(&dn, &["uid"]).is_empty());
    assert!(
        s.values(&group, "member").is_empty(),
        "referential integrity or ldapdeck"
    );
    let v = t.ok(&["journal", "list", "--json"], None);
    let id = v[0]["id"].as_str().expect("id").to_string();
    t.ok(&["journal", "undo", &id, "--yes", "--json"], None);
    assert_eq!(s.values(&dn, "uid"), ["gdel"]);
    assert_eq!(
        s.values(&group, "member"),
        std::slice::from_ref(&dn),
        "back in the group"
    );
    assert_eq!(
        s.values(&dn, "memberOf"),
        [group],
        "memberOf is the plugin's again"
    );
}

#[test]
fn groups_of_every_traditional_class_are_listed_and_followed() {
    let s = ds389::shared();
    let t = setup();
    let dn = s.add_user("gcls", "Gcls-secret-1", "");
    s.modify(&format!(
        "dn: cn=gnames,{GROUPS}\nchangetype: add\nobjectClass: groupOfNames\ncn: gnames\nmember: {dn}\n\n\
         dn: cn=gunique,{GROUPS}\nchangetype: add\nobjectClass: groupOfUniqueNames\ncn: gunique\nuniqueMember: {dn}\n\n\
         dn: cn=gposix,{GROUPS}\nchangetype: add\nobjectClass: posixGroup\ncn: gposix\ngidNumber: 7001\nmemberUid: gcls\n"
    ));
    let v = t.ok(&["groups", "list", "ds", "--json"], None);
    let text = v.to_string();
    for g in ["gnames", "gunique", "gposix"] {
        assert!(text.contains(&format!("cn={g},")), "{g}: {v:#}");
    }
    for g in ["gunique", "gposix"] {
        let v = t.ok(&["users", "list", "ds", "--group", g, "--json"], None);
        assert!(v.to_string().contains("uid=gcls"), "{g}: {v:#}");
    }
    // authorize names all three as direct groups (389's memberOf is nested, and no memberOf
    // lists a posixGroup).
    let a = t.authorize("gcls", "Gcls-secret-1");
    let groups = a["groups"].to_string().to_lowercase();
    for g in ["gnames", "gunique", "gposix"] {
        assert!(groups.contains(&format!("cn={g},")), "{g}: {a:#}");
    }
}

#[test]
fn a_group_change_is_undone_as_a_delta_while_others_change_the_group() {
    let s = ds389::shared();
    let t = setup();
    let me = s.add_user("gdelta", "Gdelta-secret-1", "");
    let other = s.add_user("gother", "Gother-secret-1", "");
    let late = s.add_user("glate", "Glate-secret-1", "");
    let group = format!("cn=gdeltas,{GROUPS}");
    s.modify(&format!(
        "dn: {group}\nchangetype: add\nobjectClass: groupOfUniqueNames\ncn: gdeltas\nuniqueMember: {other}\n"
    ));
    t.ok(
        &[
            "users", "groups", "admin", "gdelta", "--add", "gdeltas", "--yes", "--json",
        ],
        None,
    );
    let mut members = s.values(&group, "uniqueMember");
    members.sort();
    assert_eq!(
        members,
        [me.clone(), other.clone()],
        "uniqueMember, by the group's class"
    );
    assert_eq!(s.values(&me, "memberOf"), std::slice::from_ref(&group));
    let v = t.ok(&["journal", "list", "--json"], None);
    let id = v[0]["id"].as_str().expect("id").to_string();
    // Meanwhile another member joins and is renamed, and one is deleted: the
    // referential-integrity plugin rewrites the group for both.
    let renamed = format!("uid=glate2,{PEOPLE}");
    s.modify(&format!(
        "dn: {group}\nchangetype: modify\nadd: uniqueMember\nuniqueMember: {late}\n\n\
         dn: {late}\nchangetype: modrdn\nnewrdn: uid=glate2\ndeleteoldrdn: 1\n\n\
         dn: {other}\nchangetype: delete\n"
    ));
    let members = s.values(&group, "uniqueMember");
    assert!(
        members.contains(&renamed) && !members.contains(&other),
        "the plugin at work: {members:?}"
    );
    t.ok(&["journal", "undo", &id, "--yes", "--json"], None);
    // Only ldapdeck's own value is taken back: what the plugin and others did stays.
    let members = s.values(&group, "uniqueMember");
    assert_eq!(members, [renamed], "{members:?}");
    assert!(s.values(&me, "memberOf").is_empty());
}

#[test]
fn users_hidden_by_acis_are_named_as_a_possible_cause() {
    let s = ds389::shared();
    let peek = s.add_user("peek", "Peek-secret-1", "");
    // peek may read ou=people itself, but no person in it.
    s.modify(&format!(
        "dn: {PEOPLE}\nchangetype: modify\nadd: aci\naci: (targetfilter=\"(objectClass=inetOrgPerson)\")(targetattr=\"*\")(version 3.0; acl \"peek sees no people\"; deny (all) userdn=\"ldap:///{peek}\";)\n"
    ));
    let t = setup_with(&provider("peek", &s.url(), &peek, "TEST_PEEK_PW", ""));
    let r = support::cli::run_env(
        &t.env.config,
        &["users", "list", "peek"],
        None,
        &[("TEST_PEEK_PW", "Peek-secret-1".as_ref())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("may not see them"), "{}", r.stderr);
    assert!(r.stderr.contains("entries below it"), "{}", r.stderr);
}

#[test]
fn past_the_cap_the_console_pages_a_virtual_list_from_389() {
    let s = ds389::shared();
    let ou = format!("ou=vbig,{BASE}");
    let mut ldif =
        format!("dn: {ou}\nchangetype: add\nobjectClass: organizationalUnit\nou: vbig\n");
    for i in 0..300 {
        ldif.push_str(&format!(
            "\ndn: uid=w{i:03},{ou}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: w{i:03}\ncn: Window {i}\nsn: {i}\n"
        ));
    }
    ldif.push_str(&format!(
        "\ndn: uid=w299,{ou}\nchangetype: modify\nreplace: nsAccountLock\nnsAccountLock: TRUE\n"
    ));
    s.modify(&ldif);
    // The service account, not Directory Manager: no VLV index, a cap of 100 rows, and the
    // key sent as plain `uid` (389 refuses caseIgnoreOrderingMatch with a virtual list).
    let t = setup_with(
        &provider(
            "vbig",
            &s.tls_url(),
            SVC_DN,
            "TEST_SVC_PW",
            "browse_cap = 100\n",
        )
        .replace(
            &format!("users_base = \"{PEOPLE}\""),
            &format!("users_base = \"{ou}\""),
        ),
    );
    let cmd = format!(
        "env NO_COLOR=1 TEST_SVC_PW={SVC_PW} XDG_STATE_HOME={} {} --config {}; sleep 60",
        t.state.path().display(),
        support::cli::bin(),
        t.env.config.display()
    );
    let tm = support::tmux::Tmux::start("ds389vlv", &cmd);
    tm.wait_for(&["vbig"], 10);
    // The provider list is in file order: vbig is the fourth.
    tm.keys(&["j", "j", "j", "b"]);
    tm.wait_for(&["(all users)"], 15);
    tm.keys(&["Enter"]);
    tm.wait_for(&["300 users, virtual list", "w000", "w001"], 15);
    tm.keys(&["G"]);
    let screen = tm.wait_for(&["w299"], 15);
    assert!(
        screen.contains("w298") && !screen.contains("w000"),
        "{screen}"
    );
    // nsAccountLock is operational on 389: the entry view asks for it by name.
    tm.keys(&["Enter"]);
    tm.wait_for(&["uid=w299", "status (nsAccountLock)", "TRUE"], 15);
}

/// Siblings are read in one search by entrydn, and what a base read of each gives.
#[tokio::test]
async fn siblings_are_read_in_one_search_by_entrydn() {
    let s = ds389::shared();
    let sib = support::by_dn::siblings(BASE, "organizationalRole");
    s.modify(&sib.ldif);
    let server = ldapdeck::config::ServerType::Ds389;
    support::by_dn::siblings_come_back_as_base_reads_give_them(
        &s.tls_url(),
        &s.ca_file,
        (DM_DN, DM_PW),
        server,
        &sib,
    )
    .await;
}
