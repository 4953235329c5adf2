//! What a sysadmin already has, on the real binary and a real slapd: `ldapdeck test URL` and
//! `ldapdeck authorize URL USER` with no providers.toml at all, from flags or OpenLDAP's
//! environment variables, the `providers add` line the report ends with (run as printed),
//! and OpenLDAP's own ldap.conf / .ldaprc imported as a provider.

mod support;

use std::ffi::OsStr;

use support::cli::{Env, run_env};
use support::slapd::{self, ALICE, SUFFIX, SVC_DN, SVC_PW};

/// A config path that does not exist: nothing may need it, or create it.
fn nowhere(env: &Env) -> std::path::PathBuf {
    env.dir.path().join("no-such-providers.toml")
}

#[test]
fn a_url_is_tested_without_a_config_and_the_line_it_prints_saves_it() {
    let s = slapd::shared();
    let env = Env::new();
    let none = nowhere(&env);
    let ca = s.ca_file.display().to_string();
    let url = s.ldaps_url();
    let r = run_env(
        &none,
        &[
            "test",
            &url,
            "--type",
            "openldap",
            "--ca-file",
            &ca,
            "--bind-dn",
            SVC_DN,
            "--password-env",
            "ADHOC_PW",
            "--base-dn",
            SUFFIX,
        ],
        None,
        &[("ADHOC_PW", OsStr::new(SVC_PW))],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains(&format!("{url} works.")), "{}", r.stdout);
    assert!(!r.stdout.contains(SVC_PW) && !r.stderr.contains(SVC_PW));
    assert!(!none.exists(), "an ad-hoc test writes no providers.toml");
    let line = r
        .stdout
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("ldapdeck providers add"))
        .unwrap_or_else(|| panic!("no providers add line:\n{}", r.stdout));
    assert!(line.contains("--password-env ADHOC_PW"), "{line}");
    assert!(line.contains(&format!("--ca-file {ca}")), "{line}");
    // Run it as printed (its words need no quoting here), then test the saved provider.
    let words: Vec<&str> = line.split(' ').skip(1).collect();
    let r = env.run(&words);
    assert_eq!(r.code, 0, "{line}\n{}", r.stderr);
    let slug = words[2];
    let r = run_env(
        &env.config,
        &["test", slug, "--json"],
        None,
        &[("ADHOC_PW", OsStr::new(SVC_PW))],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["ok"], true);
}

#[test]
fn openldap_s_variables_name_the_server_as_they_do_for_ldapsearch() {
    let s = slapd::shared();
    let env = Env::new();
    let r = run_env(
        &nowhere(&env),
        &["test", "--password-env", "ADHOC_PW", "--json"],
        None,
        &[
            ("LDAPURI", OsStr::new(&s.ldaps_url())),
            ("LDAPBASE", OsStr::new(SUFFIX)),
            ("LDAPBINDDN", OsStr::new(SVC_DN)),
            ("LDAPTLS_CACERT", s.ca_file.as_os_str()),
            ("ADHOC_PW", OsStr::new(SVC_PW)),
        ],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v = r.json();
    assert_eq!(v["ok"], true, "{v:#}");
    assert_eq!(v["tls_verified"], true, "{v:#}");
    let save = v["save"].as_str().expect("save line");
    assert!(save.contains(&format!("--bind-dn {SVC_DN}")), "{save}");
    assert!(save.contains(&format!("--base-dn {SUFFIX}")), "{save}");
    assert!(!v.to_string().contains(SVC_PW));
}

#[test]
fn an_ad_hoc_failure_is_named_like_a_saved_one() {
    let s = slapd::shared();
    let env = Env::new();
    // No --ca-file: the throwaway CA is not one the system trusts.
    let r = run_env(
        &nowhere(&env),
        &["test", &s.ldaps_url(), "--json"],
        None,
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v = r.json();
    let tls = v["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["step"] == "tls")
        .expect("tls step")
        .clone();
    assert_eq!(tls["cause"], "tls_unknown_ca", "{v:#}");
    assert!(
        tls["hint"].as_str().unwrap_or("").contains("ca_file"),
        "{tls}"
    );
}

#[test]
fn a_user_is_authorized_on_a_url() {
    let s = slapd::shared();
    let env = Env::new();
    let ca = s.ca_file.display().to_string();
    let r = run_env(
        &nowhere(&env),
        &[
            "authorize",
            &s.ldaps_url(),
            ALICE.0,
            "--type",
            "openldap",
            "--ca-file",
            &ca,
            "--base-dn",
            SUFFIX,
            "--bind-dn",
            SVC_DN,
            "--bind-password-env",
            "SVC_V",
            "--password-env",
            "USER_V",
            "--json",
        ],
        None,
        &[
            ("SVC_V", OsStr::new(SVC_PW)),
            ("USER_V", OsStr::new(ALICE.1)),
        ],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.json()["allowed"], true, "{}", r.stdout);
    assert!(!r.stdout.contains(ALICE.1) && !r.stdout.contains(SVC_PW));
}

#[test]
fn flags_for_a_url_are_refused_with_a_slug_and_no_target_is_named() {
    let env = Env::new();
    env.write("[[provider]]\nslug = \"saved\"\nurls = [\"ldap://127.0.0.1:1\"]\n");
    let r = env.run(&["test", "saved", "--bind-dn", "cn=x"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("providers edit saved"), "{}", r.stderr);
    let r = run_env(&nowhere(&env), &["test"], None, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("LDAPURI"), "{}", r.stderr);
}

#[test]
fn the_ldap_conf_the_openldap_tools_use_becomes_a_provider_that_works() {
    let s = slapd::shared();
    let env = Env::new();
    let conf = env.dir.path().join("ldap.conf");
    std::fs::write(
        &conf,
        format!(
            "# as on a server\nURI {} ldapi:///\nBASE {SUFFIX}\nTLS_CACERT {}\nTLS_REQCERT demand\nNETWORK_TIMEOUT 4\nDEREF never\n",
            s.ldaps_url(),
            s.ca_file.display()
        ),
    )
    .expect("ldap.conf");
    // The file is one OpenLDAP's tools take as it is.
    let pw = env.dir.path().join("svc.pw");
    std::fs::write(&pw, SVC_PW).expect("pw");
    let tools = std::process::Command::new("ldapsearch")
        .args(["-x", "-LLL", "-s", "base", "-D", SVC_DN, "-y"])
        .arg(&pw)
        .arg("1.1")
        .env("LDAPCONF", &conf)
        .env("HOME", env.dir.path())
        .output()
        .expect("ldapsearch");
    assert!(
        tools.status.success(),
        "{}",
        String::from_utf8_lossy(&tools.stderr)
    );
    // A user file (~/.ldaprc) adds the bind DN, as it does for ldapsearch.
    let home = tempfile::tempdir().expect("home");
    std::fs::write(home.path().join(".ldaprc"), format!("BINDDN {SVC_DN}\n")).expect("ldaprc");
    let r = run_env(
        &env.config,
        &[
            "providers",
            "import",
            "--format",
            "ldap.conf",
            "--slug",
            "fromconf",
            "--json",
        ],
        None,
        &[
            ("LDAPCONF", conf.as_os_str()),
            ("HOME", home.path().as_os_str()),
        ],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v = r.json();
    let item = &v["imported"][0];
    assert_eq!(item["format"], "ldap.conf");
    assert_eq!(
        item["unmapped"],
        serde_json::json!(["DEREF never"]),
        "{v:#}"
    );
    let notes = item["notes"].to_string();
    assert!(
        notes.contains(".ldaprc") && notes.contains("ldapi:///"),
        "{notes}"
    );
    assert_eq!(item["provider"]["bind_dn"], SVC_DN, "{v:#}");
    let r = run_env(
        &env.config,
        &["test", "fromconf", "--password-env", "ADHOC_PW", "--json"],
        None,
        &[("ADHOC_PW", OsStr::new(SVC_PW))],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["tls_verified"], true);
    // auto tells an ldap.conf from JSON by its keywords.
    let r = env.run(&[
        "providers",
        "import",
        conf.to_str().expect("path"),
        "--slug",
        "auto-conf",
        "--dry-run",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("would import 'auto-conf'") && r.stdout.contains("ldap.conf"),
        "{}",
        r.stdout
    );
}

#[test]
fn endless_or_huge_inputs_are_refused_not_read_forever() {
    let env = Env::new();
    let huge = env.dir.path().join("huge.conf");
    std::fs::write(&huge, "URI ldap://x\n".repeat(2_000_000)).expect("huge");
    for args in [
        &["providers", "import", "/dev/zero"][..],
        &[
            "providers",
            "import",
            "--format",
            "ldap.conf",
            huge.to_str().expect("path"),
        ],
    ] {
        let r = env.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("not a regular file") || r.stderr.contains("larger than 16 MiB"),
            "{args:?}: {}",
            r.stderr
        );
    }
    let r = run_env(
        &nowhere(&env),
        &[
            "test",
            "ldap://127.0.0.1:1",
            "--bind-dn",
            "cn=x",
            "--password-file",
            "/dev/zero",
        ],
        None,
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("password_source") && r.stdout.contains("not a regular file"),
        "{}",
        r.stdout
    );
}
