//! The directory from the shell against a real slapd: the ou layout in the seeds' DN shape,
//! membership groups (groupOfNames and posixGroup), every filter kind, paging, and every
//! output format parsed back.

mod support;

use std::collections::BTreeMap;

use base64::Engine;
use serde_json::Value;
use support::cli::{Env, Run};
use support::slapd::{self, Options, SUFFIX, SVC_DN, SVC_PW};

fn provider_toml(slug: &str, url: &str, ca: &str, extra: &str) -> String {
    format!(
        r#"
[[provider]]
slug = "{slug}"
server_type = "openldap"
urls = ["{url}"]
ca_file = "{ca}"
bind_dn = "{SVC_DN}"
bind_password_env = "TEST_SVC_PW"
base_dn = "{SUFFIX}"
{extra}
"#
    )
}

fn env_for(s: &slapd::Slapd) -> Env {
    let env = Env::new();
    let ca = s.ca_file.display().to_string();
    let url = s.ldaps_url();
    let mut text = provider_toml(
        "tree",
        &url,
        &ca,
        &format!(
            r#"
[provider.attributes]
login = "uid"
full_name = "cn"
extension = "telephoneNumber"
userId = "employeeNumber"

[provider.layout]
mode = "ou"
tenants_base = "ou=Instance1,{SUFFIX}"

[provider.custom_filters]
not_in_bwks = "(!(employeeNumber=*))"
"#
        ),
    );
    text.push_str(&provider_toml("flat", &url, &ca, &format!("users_base = \"ou=people,{SUFFIX}\"\ngroups_base = \"ou=groups,{SUFFIX}\"\npage_size = 2\n")));
    text.push_str(&provider_toml(
        "nis",
        &url,
        &ca,
        &format!("server_type = \"posix\"\nusers_base = \"ou=people,{SUFFIX}\"\ngroups_base = \"ou=groups,{SUFFIX}\"\nuser_filter = \"(objectClass=inetOrgPerson)\"\n"),
    ));
    // server_type appears twice for nis: keep the last one only.
    let text = text.replacen(
        "slug = \"nis\"\nserver_type = \"openldap\"\n",
        "slug = \"nis\"\n",
        1,
    );
    env.write(&text);
    env
}

fn run(env: &Env, args: &[&str]) -> Run {
    let r = std::process::Command::new(support::cli::bin())
        .arg("--config")
        .arg(&env.config)
        .args(args)
        .env("TEST_SVC_PW", SVC_PW)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    Run {
        code: r.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&r.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&r.stderr).into_owned(),
    }
}

fn ids(v: &Value) -> Vec<String> {
    let mut ids: Vec<String> = v
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|u| u["id"].as_str().unwrap_or("").to_string())
        .collect();
    ids.sort();
    ids
}

fn json(env: &Env, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let r = run(env, &a);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn the_ou_layout_in_the_seeds_dn_shape() {
    let env = env_for(slapd::shared());
    let r = run(&env, &["tenants", "list", "tree", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(ids(&r.json()), ["ldap_tenant_1", "ldap_tenant_2"]);
    let r = run(
        &env,
        &[
            "groups",
            "list",
            "tree",
            "--tenant",
            "ldap_tenant_1",
            "--json",
        ],
    );
    assert_eq!(ids(&r.json()), ["ldap_group_1", "ldap_group_2"]);
    assert_eq!(
        run(&env, &["groups", "list", "tree"]).code,
        2,
        "ou groups need a tenant"
    );

    let users = json(
        &env,
        &[
            "users",
            "list",
            "tree",
            "--tenant",
            "ldap_tenant_1",
            "--group",
            "ldap_group_1",
        ],
    );
    assert_eq!(
        ids(&users),
        [
            "ldap.user@netaxis.be",
            "second@netaxis.be",
            "third@netaxis.be"
        ]
    );
    let first = users
        .as_array()
        .and_then(|a| a.iter().find(|u| u["id"] == "ldap.user@netaxis.be"))
        .expect("user");
    assert_eq!(
        first["dn"],
        "uid=ldap.user@netaxis.be,ou=ldap_group_1,ou=ldap_tenant_1,ou=Instance1,dc=example,dc=org"
    );
    assert_eq!(first["extension"], "6677");
    assert_eq!(first["userId"], "bwks.user@netaxis.be");
    assert_eq!(first["full_name"], "User Netaxis");

    let tenant = json(
        &env,
        &["users", "list", "tree", "--tenant", "ldap_tenant_1"],
    );
    assert_eq!(
        ids(&tenant).len(),
        4,
        "a tenant holds all its groups' users"
    );

    let r = run(
        &env,
        &[
            "users",
            "get",
            "tree",
            "ldap.user@netaxis.be",
            "--tenant",
            "ldap_tenant_1",
            "--group",
            "ldap_group_1",
            "--json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["extension"], "6677");
    let r = run(
        &env,
        &[
            "users",
            "get",
            "tree",
            "ldap.user@netaxis.be",
            "--tenant",
            "ldap_tenant_2",
            "--group",
            "ldap_group_3",
            "--json",
        ],
    );
    assert_eq!(r.code, 1, "not in that group");
    let r = run(
        &env,
        &[
            "users", "list", "tree", "--tenant", "nope", "--group", "x", "--json",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("no_such_base"), "{}", r.stderr);
}

#[test]
fn membership_groups_by_dn_and_by_uid() {
    let env = env_for(slapd::shared());
    let r = run(&env, &["groups", "list", "flat", "--json"]);
    assert_eq!(
        ids(&r.json()),
        ["ops", "staff"],
        "groupOfNames from the preset"
    );
    assert_eq!(
        ids(&json(&env, &["users", "list", "flat", "--group", "staff"])),
        ["alice"]
    );
    assert_eq!(
        ids(&json(&env, &["users", "list", "flat", "--group", "ops"])),
        ["alice", "gone"]
    );
    let r = run(&env, &["groups", "list", "nis", "--json"]);
    assert_eq!(ids(&r.json()), ["unix"], "posixGroup from the posix preset");
    assert_eq!(
        ids(&json(&env, &["users", "list", "nis", "--group", "unix"])),
        ["alice", "gone"]
    );
    let r = run(
        &env,
        &["users", "list", "flat", "--group", "nope", "--json"],
    );
    assert_eq!(r.code, 1);
}

#[test]
fn every_filter_kind_and_an_injection_attempt() {
    let env = env_for(slapd::shared());
    let base = ["users", "list", "tree", "--tenant", "ldap_tenant_1"];
    let with = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        ids(&json(&env, &a))
    };
    assert_eq!(
        with(&["--filter", "(telephoneNumber=6678)"]),
        ["second@netaxis.be"]
    );
    assert_eq!(
        with(&[
            "--where",
            r#"{"mode":"and","criteria":[{"attribute":"extension","operation":"starts_with","value":"667"},{"attribute":"userId","operation":"exists"},{"attribute":"uid","operation":"not_equals","value":"ldap.user@netaxis.be"}]}"#
        ]),
        ["third@netaxis.be"]
    );
    assert_eq!(
        with(&[
            "--where",
            r#"{"mode":"or","criteria":[{"attribute":"extension","operation":"equals","value":"6677"},{"attribute":"uid","operation":"starts_with","value":"fourth"}]}"#
        ]),
        ["fourth@netaxis.be", "ldap.user@netaxis.be"]
    );
    assert_eq!(
        with(&["--custom", "not_in_bwks"]),
        ["fourth@netaxis.be", "second@netaxis.be"]
    );
    assert!(
        with(&[
            "--where",
            r#"{"criteria":[{"attribute":"uid","operation":"equals","value":"*)(uid=*"}]}"#
        ])
        .is_empty()
    );
    assert!(
        with(&["--filter", r"(uid=\2a)"]).is_empty(),
        "an escaped star is a literal star"
    );
    let r = run(
        &env,
        &["users", "list", "tree", "--filter", "(uid=*", "--json"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing ')'"), "{}", r.stderr);
    assert_eq!(
        run(&env, &["users", "list", "tree", "--custom", "nope"]).code,
        2
    );
}

#[test]
fn paging_across_pages_and_past_a_low_server_size_limit() {
    let env = env_for(slapd::shared());
    assert_eq!(
        ids(&json(&env, &["users", "list", "flat"])).len(),
        5,
        "page_size 2: three pages"
    );
    assert_eq!(
        ids(&json(&env, &["users", "list", "flat", "--limit", "3"])).len(),
        3
    );

    // Size limit 3 for everyone, but paged searches may page through everything.
    let ca = support::pki::Ca::new("paging CA");
    let s = slapd::start(
        &ca,
        Options {
            cert: Some(ca.loopback()),
            sizelimit: Some(3),
            extra_db_conf: "limits users size.soft=3 size.hard=3 size.pr=2 size.prtotal=unlimited"
                .into(),
            ..Options::default()
        },
    );
    let env = env_for(&s);
    assert_eq!(
        ids(&json(&env, &["users", "list", "flat"])).len(),
        5,
        "{}",
        s.log().lines().rev().take(5).collect::<Vec<_>>().join("\n")
    );
}

/// A tiny RFC 4180 reader for the test.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

/// A tiny RFC 2849 reader: dn → attribute → values.
fn parse_ldif(text: &str) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let mut out = BTreeMap::new();
    for record in text.split("\n\n").filter(|r| r.starts_with("dn")) {
        let mut dn = String::new();
        let mut attrs: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in record.lines() {
            let (attr, value) = if let Some((a, v)) = line.split_once(":: ") {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(v)
                    .expect("base64");
                (a, String::from_utf8(bytes).expect("utf8"))
            } else if let Some((a, v)) = line.split_once(": ") {
                (a, v.to_string())
            } else {
                continue;
            };
            if attr == "dn" {
                dn = value;
            } else {
                attrs.entry(attr.to_string()).or_default().push(value);
            }
        }
        out.insert(dn, attrs);
    }
    out
}

#[test]
fn json_jsonl_csv_and_ldif_say_the_same() {
    let env = env_for(slapd::shared());
    let args = [
        "users",
        "list",
        "tree",
        "--tenant",
        "ldap_tenant_1",
        "--group",
        "ldap_group_1",
        "--format",
    ];
    let out = |fmt: &str| {
        let mut a = args.to_vec();
        a.push(fmt);
        let r = run(&env, &a);
        assert_eq!(r.code, 0, "{fmt}: {}", r.stderr);
        r.stdout
    };
    let from_json: Value = serde_json::from_str(&out("json")).expect("json");
    let by_dn: BTreeMap<String, Value> = from_json
        .as_array()
        .expect("array")
        .iter()
        .map(|u| (u["dn"].as_str().unwrap_or("").to_string(), u.clone()))
        .collect();
    let jsonl: Vec<Value> = out("jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("line"))
        .collect();
    assert_eq!(jsonl.len(), by_dn.len());
    for u in &jsonl {
        assert_eq!(&by_dn[u["dn"].as_str().unwrap_or("")], u);
    }

    let rows = parse_csv(&out("csv"));
    let header = &rows[0];
    assert_eq!(&header[..2], ["id", "dn"]);
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    for row in &rows[1..] {
        let u = &by_dn[&row[1]];
        assert_eq!(row[0], u["id"].as_str().unwrap_or(""));
        assert_eq!(row[col("full_name")], u["full_name"].as_str().unwrap_or(""));
        assert_eq!(row[col("extension")], u["extension"].as_str().unwrap_or(""));
    }
    assert!(
        rows.iter().any(|r| r.contains(&"Doe, John".to_string())),
        "a comma survives quoting"
    );

    let ldif = out("ldif");
    assert!(ldif.starts_with("version: 1\n"));
    let entries = parse_ldif(&ldif);
    assert_eq!(entries.len(), by_dn.len());
    for (dn, attrs) in &entries {
        let u = &by_dn[dn];
        assert_eq!(attrs["cn"], [u["full_name"].as_str().unwrap_or("")]);
        assert_eq!(
            attrs["telephoneNumber"],
            [u["extension"].as_str().unwrap_or("")]
        );
    }
    assert!(
        ldif.contains("cn:: "),
        "the non-ASCII name is base64: {ldif}"
    );
    assert!(entries.values().any(|a| a["cn"] == ["Zoë Café"]));
}

#[test]
fn a_closed_pipe_stops_the_listing_cleanly() {
    let env = env_for(slapd::shared());
    let cmd = format!(
        "set -o pipefail; TEST_SVC_PW={SVC_PW} {} --config {} users list flat --format jsonl | head -1",
        support::cli::bin(),
        env.config.display()
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &cmd])
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}
