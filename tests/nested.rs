//! Effective (nested) group membership against a real slapd: groupOfNames and
//! groupOfUniqueNames nested three levels deep with a loop, and a posixGroup by memberUid.

mod support;

use std::sync::OnceLock;

use serde_json::Value;
use support::cli::{Env, Run, run_env};
use support::slapd::{self, SUFFIX, SVC_DN, SVC_PW};

const NEST: &str = "ou=nest,dc=example,dc=org";

/// The nested groups, added once per run of this binary.
fn fixture() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let alice = format!("uid=alice,ou=people,{SUFFIX}");
        slapd::as_admin("ldapadd", &format!(
            "dn: {NEST}\nobjectClass: organizationalUnit\nou: nest\n\n\
             dn: cn=l1,{NEST}\nobjectClass: groupOfNames\ncn: l1\nmember: {alice}\nmember: uid=expired,ou=people,{SUFFIX}\n\n\
             dn: cn=l2,{NEST}\nobjectClass: groupOfUniqueNames\ncn: l2\nuniqueMember: cn=l1,{NEST}\n\n\
             dn: cn=l3,{NEST}\nobjectClass: groupOfNames\ncn: l3\nmember: CN=L2,{NEST}\n\n\
             dn: cn=loop,{NEST}\nobjectClass: groupOfNames\ncn: loop\nmember: cn=l3,{NEST}\n\n\
             dn: cn=posix,{NEST}\nobjectClass: posixGroup\ncn: posix\ngidNumber: 7001\nmemberUid: alice\n\n\
             dn: cn=other,{NEST}\nobjectClass: groupOfNames\ncn: other\nmember: uid=locky,ou=people,{SUFFIX}\n\n"
        ));
        // l1 also holds loop: l1 → l2 → l3 → loop → l1.
        slapd::as_admin(
            "ldapmodify",
            &format!("dn: cn=l1,{NEST}\nchangetype: modify\nadd: member\nmember: cn=loop,{NEST}\n-\n"),
        );
    });
}

fn env() -> Env {
    fixture();
    let s = slapd::shared();
    let env = Env::new();
    env.write(&format!(
        r#"[[provider]]
slug = "nest"
server_type = "openldap"
urls = ["{}"]
ca_file = "{}"
bind_dn = "{SVC_DN}"
bind_password_env = "NEST_PW"
base_dn = "{SUFFIX}"
users_base = "ou=people,{SUFFIX}"
groups_base = "{NEST}"
"#,
        s.ldaps_url(),
        s.ca_file.display()
    ));
    env
}

fn run(env: &Env, args: &[&str]) -> Run {
    run_env(&env.config, args, None, &[("NEST_PW", SVC_PW.as_ref())])
}

fn rdn(dn: &str) -> String {
    dn.split(',').next().unwrap_or("").to_ascii_lowercase()
}

#[test]
fn effective_groups_follow_every_kind_of_nesting_with_paths_and_name_the_loop() {
    let env = env();
    let r = run(
        &env,
        &["users", "groups", "nest", "alice", "--effective", "--json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = r.json();
    let groups = v["groups"].as_array().expect("groups");
    let got: Vec<(String, bool, Vec<String>)> = groups
        .iter()
        .map(|g| {
            (
                rdn(g["group"].as_str().unwrap_or("")),
                g["direct"] == true,
                g["path"]
                    .as_array()
                    .map(|p| p.iter().map(|d| rdn(d.as_str().unwrap_or(""))).collect())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let find = |name: &str| {
        got.iter()
            .find(|(g, _, _)| g == name)
            .unwrap_or_else(|| panic!("{name} missing: {v}"))
            .clone()
    };
    assert!(find("cn=l1").1 && find("cn=posix").1, "direct: {v}");
    assert_eq!(
        find("cn=l2").2,
        ["uid=alice", "cn=l1", "cn=l2"],
        "by uniqueMember"
    );
    assert_eq!(find("cn=l3").2, ["uid=alice", "cn=l1", "cn=l2", "cn=l3"]);
    assert_eq!(
        find("cn=loop").2,
        ["uid=alice", "cn=l1", "cn=l2", "cn=l3", "cn=loop"]
    );
    assert!(got.iter().all(|(g, _, _)| g != "cn=other"), "{v}");
    assert_eq!(got.len(), 5, "{v}");
    let cycles = v["cycles"].as_array().expect("cycles");
    assert_eq!(cycles.len(), 1, "{v}");
    assert_eq!(v["strategy"], "walk");

    // The text says how each group is reached, and names the loop.
    let r = run(&env, &["users", "groups", "nest", "alice", "--effective"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("via l1 → l2 → l3"), "{}", r.stdout);
    assert!(
        r.stdout.contains("loop: l1 → l2 → l3 → loop → l1"),
        "{}",
        r.stdout
    );

    // A depth cap is said, not silently applied.
    let r = run(
        &env,
        &[
            "users",
            "groups",
            "nest",
            "alice",
            "--effective",
            "--max-depth",
            "2",
            "--json",
        ],
    );
    let v: Value = r.json();
    assert_eq!(v["capped"], true, "{v}");
    assert_eq!(v["groups"].as_array().map(Vec::len), Some(3), "{v}");

    // Direct stays the default.
    let r = run(&env, &["users", "groups", "nest", "alice", "--json"]);
    let v: Value = r.json();
    let member: Vec<&str> = v["groups"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|g| g["member"] == true)
                .filter_map(|g| g["id"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(member, ["l1", "posix"], "{v}");
}

#[test]
fn authorize_lists_inherited_groups_with_their_paths_for_refused_users_too() {
    let env = env();
    let auth = |user: &str, pw: &str| {
        run_env(
            &env.config,
            &["authorize", "nest", user, "--password-stdin", "--json"],
            Some(pw),
            &[("NEST_PW", SVC_PW.as_ref())],
        )
    };
    let r = auth("alice", "alice-pw");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v: Value = r.json();
    let inherited: Vec<String> = v["inherited_groups"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|g| rdn(g["group"].as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(inherited, ["cn=l2", "cn=l3", "cn=loop"], "{v}");

    // expired is refused (its password has expired) but its groups are still part of why.
    let r = auth("expired", "expired-pw");
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v: Value = r.json();
    assert_eq!(
        v["inherited_groups"].as_array().map(Vec::len),
        Some(3),
        "{v}"
    );
    let r = run_env(
        &env.config,
        &["authorize", "nest", "alice", "--password-stdin"],
        Some("alice-pw"),
        &[("NEST_PW", SVC_PW.as_ref())],
    );
    assert!(r.stdout.contains("(via l1 → l2 → l3)"), "{}", r.stdout);
}

/// Providers over the same directory that an application would configure differently.
fn explainer_env() -> Env {
    fixture();
    let s = slapd::shared();
    let env = Env::new();
    let common = format!(
        "server_type = \"openldap\"\nurls = [\"{}\"]\nca_file = \"{}\"\nbind_dn = \"{SVC_DN}\"\n\
         bind_password_env = \"NEST_PW\"\nbase_dn = \"{SUFFIX}\"\nusers_base = \"ou=people,{SUFFIX}\"\n\
         groups_base = \"{NEST}\"\n",
        s.ldaps_url(),
        s.ca_file.display()
    );
    env.write(&format!(
        "[[provider]]\nslug = \"vpn\"\n{common}[provider.access]\nrequired_groups = [\"l3\"]\n\n\
         [[provider]]\nslug = \"other\"\n{common}[provider.access]\nrequired_groups = [\"cn=other,{NEST}\", \"l3\"]\nmode = \"all\"\n\n\
         [[provider]]\nslug = \"mailers\"\n{common}user_filter = \"(&(objectClass=inetOrgPerson)(mail=*))\"\n\n\
         [[provider]]\nslug = \"archers\"\n{common}sync_filter = \"(|(sn=Archer)(sn=Lock))\"\n"
    ));
    env
}

fn authorize(env: &Env, slug: &str, user: &str, pw: &str) -> Value {
    let r = run_env(
        &env.config,
        &["authorize", slug, user, "--password-stdin", "--json"],
        Some(pw),
        &[("NEST_PW", SVC_PW.as_ref())],
    );
    assert!(r.code == 0 || r.code == 1, "{}{}", r.stdout, r.stderr);
    r.json()
}

fn check<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["checks"]
        .as_array()
        .and_then(|l| l.iter().find(|c| c["check"] == name))
        .unwrap_or_else(|| panic!("no {name} check: {v:#}"))
}

#[test]
fn the_explainer_names_the_missing_group_and_the_false_clause() {
    let env = explainer_env();
    // alice is in l3 through l1 and l2: allowed, and the checklist says how.
    let v = authorize(&env, "vpn", "alice", "alice-pw");
    assert_eq!(v["allowed"], true, "{v:#}");
    let req = check(&v, "required_groups");
    assert_eq!(req["passed"], true);
    assert!(
        req["detail"].as_str().unwrap_or("").contains("via l1 → l2"),
        "{req}"
    );
    // All of [other, l3] are required and alice is not in other: refused, and it says which.
    let v = authorize(&env, "other", "alice", "alice-pw");
    assert_eq!(v["allowed"], false);
    assert_eq!(v["checked"], true);
    assert_eq!(v["cause"], "not_in_required_group", "{v:#}");
    assert_eq!(v["stage"], "access");
    let why = v["reason"].as_str().unwrap_or("");
    assert!(why.contains("not in cn=other"), "{why}");
    assert_eq!(
        check(&v, "password")["passed"],
        true,
        "the password was right"
    );

    // locky has no mail: the application's user_filter leaves it out, and the clause is named.
    let v = authorize(&env, "mailers", "locky", "locky-pw");
    assert_eq!(v["cause"], "filter_clause_false", "{v:#}");
    assert_eq!(v["stage"], "filter");
    let uf = check(&v, "user_filter");
    assert_eq!(uf["passed"], false);
    assert!(
        uf["detail"]
            .as_str()
            .unwrap_or("")
            .contains("(mail=*) is false"),
        "{uf}"
    );
    assert_eq!(check(&v, "found")["passed"], true, "it exists");

    // expired (sn Timer) is outside sync_filter: both alternatives of the OR are false, so
    // the whole filter is the clause named.
    let v = authorize(&env, "archers", "expired", "expired-pw");
    assert_eq!(v["cause"], "filter_clause_false", "{v:#}");
    let sf = check(&v, "sync_filter");
    assert!(
        sf["detail"]
            .as_str()
            .unwrap_or("")
            .contains("(|(sn=Archer)(sn=Lock)) is false"),
        "{sf}"
    );
    let v = authorize(&env, "archers", "alice", "alice-pw");
    assert_eq!(v["allowed"], true, "{v:#}");

    // The text is a checklist.
    let r = run_env(
        &env.config,
        &["authorize", "other", "alice", "--password-stdin"],
        Some("alice-pw"),
        &[("NEST_PW", SVC_PW.as_ref())],
    );
    assert!(r.stdout.contains("✓ password"), "{}", r.stdout);
    assert!(r.stdout.contains("✗ required_groups"), "{}", r.stdout);
}

#[test]
fn a_groups_members_through_nested_groups_are_listed_with_effective() {
    let env = env();
    let ids = |args: &[&str]| -> Vec<String> {
        let r = run(&env, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        let mut v: Vec<String> = r
            .stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter_map(|v| v["id"].as_str().map(str::to_string))
            .collect();
        v.sort();
        v
    };
    // l3 holds only the group l2: no user directly; through l2 and l1, alice and expired.
    assert!(ids(&["groups", "members", "nest", "l3", "--format", "jsonl"]).is_empty());
    assert_eq!(
        ids(&[
            "groups",
            "members",
            "nest",
            "l3",
            "--effective",
            "--format",
            "jsonl"
        ]),
        ["alice", "expired"]
    );
    // users list --group --effective is the same listing.
    assert_eq!(
        ids(&[
            "users",
            "list",
            "nest",
            "--group",
            "l3",
            "--effective",
            "--format",
            "jsonl"
        ]),
        ["alice", "expired"]
    );
    // --effective needs a group.
    let r = run(&env, &["users", "list", "nest", "--effective"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}
