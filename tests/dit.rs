//! The whole directory from the shell against a real slapd: `search` from any base and scope
//! (the server's size limit said, passwords never printed), `entry` and `rootdse`.

mod support;

use serde_json::Value;
use support::cli::{Env, Run, run_env};
use support::slapd::{self, ADMIN_DN, ADMIN_PW, Options, SUFFIX};

/// A provider bound as the rootdn, who may read passwords: ldapdeck must still not print them.
fn env_for(s: &slapd::Slapd) -> Env {
    let env = Env::new();
    env.write(&format!(
        "[[provider]]\nslug = \"dit\"\nserver_type = \"openldap\"\nurls = [\"{}\"]\nca_file = \"{}\"\n\
         bind_dn = \"{ADMIN_DN}\"\nbind_password_env = \"DIT_PW\"\nbase_dn = \"{SUFFIX}\"\n",
        s.ldaps_url(),
        s.ca_file.display()
    ));
    env
}

fn run(env: &Env, args: &[&str]) -> Run {
    run_env(&env.config, args, None, &[("DIT_PW", ADMIN_PW.as_ref())])
}

fn dns(r: &Run) -> Vec<String> {
    r.stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["dn"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn search_any_base_and_scope_without_printing_passwords() {
    let s = slapd::shared();
    let env = env_for(s);
    let people = format!("ou=people,{SUFFIX}");
    let r = run(
        &env,
        &[
            "search", "dit", "--base", &people, "--scope", "one", "--filter", "(uid=a*)",
            "--format", "jsonl",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(dns(&r), [format!("uid=alice,{people}")]);
    let v: Value = serde_json::from_str(r.stdout.lines().next().unwrap_or("")).expect("json");
    assert_eq!(v["attributes"]["cn"][0], "Alice Archer", "{v}");
    assert!(
        v["attributes"]["userPassword"].is_null(),
        "the rootdn reads it; ldapdeck never prints it: {v}"
    );
    assert!(!r.stdout.contains("alice-pw"));
    // Base scope, operational attributes with +, LDIF.
    let dn = format!("uid=alice,{people}");
    let r = run(
        &env,
        &[
            "search", "dit", "--base", &dn, "--scope", "base", "--attrs", "uid,+", "--format",
            "ldif",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("entryUUID: "), "{}", r.stdout);
    assert!(r.stdout.contains("uid: alice"), "{}", r.stdout);
    // A structured filter, a table with the asked columns, a limit.
    let r = run(
        &env,
        &[
            "search",
            "dit",
            "--base",
            &people,
            "--where",
            r#"{"mode":"and","criteria":[{"attribute":"sn","operation":"starts_with","value":"A"}]}"#,
            "--attrs",
            "uid,sn",
            "--format",
            "table",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("UID") && r.stdout.contains("Archer"),
        "{}",
        r.stdout
    );
    let r = run(
        &env,
        &["search", "dit", "--limit", "2", "--format", "jsonl"],
    );
    assert_eq!(dns(&r).len(), 2, "{}", r.stdout);
    // A bad filter or scope is a usage error.
    assert_eq!(run(&env, &["search", "dit", "--filter", "(uid=a"]).code, 2);
    assert_eq!(run(&env, &["search", "dit", "--scope", "deep"]).code, 2);
}

#[test]
fn entry_and_rootdse_read_one_entry() {
    let s = slapd::shared();
    let env = env_for(s);
    let dn = format!("uid=alice,ou=people,{SUFFIX}");
    let r = run(
        &env,
        &["entry", "dit", &dn, "--operational", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = r.json();
    assert_eq!(v["dn"], dn.as_str());
    assert!(v["attributes"]["entryUUID"].is_array(), "{v}");
    assert!(v["attributes"]["userPassword"].is_null(), "{v}");
    let r = run(&env, &["entry", "dit", &dn]);
    assert!(r.stdout.starts_with(&format!("dn: {dn}")), "{}", r.stdout);
    assert!(
        !r.stdout.contains("entryUUID"),
        "operational only when asked"
    );
    let r = run(
        &env,
        &[
            "entry",
            "dit",
            &format!("uid=nobody,ou=people,{SUFFIX}"),
            "--json",
        ],
    );
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("\"no_such_entry\""), "{}", r.stderr);
    assert!(
        r.stderr.contains("there is no entry uid=nobody"),
        "{}",
        r.stderr
    );
    let r = run(&env, &["rootdse", "dit", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = r.json();
    assert_eq!(v["attributes"]["namingContexts"][0], SUFFIX, "{v}");
}

#[test]
fn a_search_past_the_servers_size_limit_says_it_was_truncated() {
    let ca = support::pki::Ca::new("dit CA");
    let s = slapd::start(
        &ca,
        Options {
            cert: Some(ca.loopback()),
            sizelimit: Some(3),
            extra_db_conf: "limits users size.soft=3 size.hard=3 size.prtotal=3".into(),
            ..Options::default()
        },
    );
    let env = Env::new();
    // Bound as the service account: the rootdn has no limits.
    env.write(&format!(
        "[[provider]]\nslug = \"dit\"\nserver_type = \"openldap\"\nurls = [\"{}\"]\nca_file = \"{}\"\n\
         bind_dn = \"{}\"\nbind_password_env = \"DIT_PW\"\nbase_dn = \"{SUFFIX}\"\n",
        s.ldaps_url(),
        s.ca_file.display(),
        slapd::SVC_DN
    ));
    let r = run_env(
        &env.config,
        &[
            "search",
            "dit",
            "--base",
            &format!("ou=people,{SUFFIX}"),
            "--format",
            "jsonl",
        ],
        None,
        &[("DIT_PW", slapd::SVC_PW.as_ref())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(dns(&r).len(), 3, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("truncated by the server's size limit after 3"),
        "{}",
        r.stderr
    );
    drop(env);
}

#[test]
fn schema_describes_a_class_through_its_superiors_and_an_attribute_by_alias() {
    let s = slapd::shared();
    let env = env_for(s);
    let r = run(&env, &["schema", "dit", "inetOrgPerson", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = r.json();
    assert_eq!(v["kind"], "object_class");
    assert_eq!(v["oid"], "2.16.840.1.113730.3.2.2");
    let must: Vec<&str> = v["must_all"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
        .unwrap_or_default();
    // cn and sn come from person, objectClass from top.
    for m in ["cn", "sn", "objectclass"] {
        assert!(must.contains(&m), "{m}: {v}");
    }
    let r = run(&env, &["schema", "dit", "rfc822Mailbox"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("attribute type mail | rfc822Mailbox"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("EQUALITY") && r.stdout.contains("caseIgnoreIA5Match"),
        "{}",
        r.stdout
    );
    let r = run(&env, &["schema", "dit", "--json"]);
    let v: Value = r.json();
    assert!(
        v["object_classes"].as_array().is_some_and(|a| a.len() > 10),
        "{v}"
    );
    let r = run(&env, &["schema", "dit", "noSuchThing", "--json"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no_such_schema_element"), "{}", r.stderr);
}

#[test]
fn tree_walks_from_the_naming_context_level_by_level() {
    let s = slapd::shared();
    let env = env_for(s);
    let r = run(&env, &["tree", "dit"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.first().copied(), Some(SUFFIX), "{}", r.stdout);
    assert!(lines.contains(&"  ou=people"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("uid=alice"),
        "depth 1 by default: {}",
        r.stdout
    );
    let r = run(
        &env,
        &[
            "tree",
            "dit",
            &format!("ou=people,{SUFFIX}"),
            "--depth",
            "1",
            "--json",
        ],
    );
    let v: Value = r.json();
    let list = v.as_array().expect("nodes");
    assert_eq!(list[0]["depth"], 0);
    assert_eq!(list[0]["children"], true);
    assert!(
        list.iter().any(
            |n| n["dn"] == format!("uid=alice,ou=people,{SUFFIX}").as_str() && n["depth"] == 1
        ),
        "{v}"
    );
    let r = run(&env, &["tree", "dit", "--depth", "2"]);
    assert!(r.stdout.contains("    uid=alice"), "{}", r.stdout);
}
