//! `ldapdeck providers ...` end to end on the real binary.

mod support;

use ldapdeck::config::Provider;
use support::cli::{Env, fixture};

const SECRET: &str = "Sup3r-Secret-pw";

fn seed(name: &str) -> String {
    fixture(&format!("seeds/{name}.json"))
}

fn show(env: &Env, slug: &str) -> serde_json::Value {
    let r = env.run(&["providers", "show", slug, "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

fn provider(env: &Env, slug: &str) -> Provider {
    ldapdeck::config::Store::load(&env.config)
        .expect("load")
        .get(slug)
        .expect("present")
        .clone()
}

#[test]
fn every_seed_example_imports_as_it_is() {
    let env = Env::new();
    let cases = [
        ("akinon_list", "active_directory"),
        ("foreman_show", "ldap-server"),
        ("foreman_create_request", "ldap2"),
        ("covata_one", "covata-7"),
    ];
    for (file, slug) in cases {
        let r = env.run(&["providers", "import", &seed(file)]);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        assert!(
            r.stdout.contains(&format!("imported '{slug}'")),
            "{file}: {}",
            r.stdout
        );
    }
    // The single-object Akinon example names the same slug: refused unless --replace.
    let r = env.run(&["providers", "import", &seed("akinon_one")]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--replace"), "{}", r.stderr);
    assert_eq!(
        env.run(&["providers", "import", "--replace", &seed("akinon_one")])
            .code,
        0
    );
    for other in ["foreman_create_response", "foreman_delete_response"] {
        let r = env.run(&[
            "providers",
            "import",
            "--dry-run",
            "--replace",
            &seed(other),
        ]);
        assert_eq!(r.code, 0, "{other}: {}", r.stderr);
    }

    // Akinon: host carries ldap://, port 389 and use_ssl true at once; the choice is explained.
    let ak = provider(&env, "active_directory");
    assert_eq!(ak.urls, ["ldap://ldap.example.com:389"]);
    assert!(ak.starttls);
    assert_eq!(ak.attributes["login"], "uid");
    assert_eq!(ak.attributes["mail"], "mail");
    assert_eq!(ak.bind_dn.as_deref(), Some("cn=admin,dc=example,dc=com"));
    assert!(ak.enabled);

    // Foreman: tls means LDAPS; locations and organizations become tags.
    let fm = provider(&env, "ldap-server");
    assert_eq!(fm.urls, ["ldaps://ldap:123"]);
    assert!(!fm.starttls);
    assert_eq!(fm.server_type.as_str(), "posix");
    assert_eq!(fm.attributes["login"], "uid");
    assert_eq!(fm.attributes["first_name"], "givenName");
    assert_eq!(
        fm.tags,
        ["location:Location 1", "organization:Organization 1"]
    );

    // Covata: every *Field lands in [attributes], the placeholder clause leaves authFilter.
    let cv = provider(&env, "covata-7");
    assert_eq!(cv.server_type.as_str(), "active_directory");
    assert_eq!(cv.user_filter.as_deref(), Some("(objectClass=user)"));
    assert_eq!(cv.attributes["upn"], "userPrincipalName");
    assert_eq!(cv.attributes["status"], "userAccountControl");
    assert_eq!(cv.status_disabled_value.as_deref(), Some("514"));
    assert_eq!(cv.domain.as_deref(), Some("corp.example"));
    assert_eq!(cv.timeout_secs, 30);
}

#[test]
fn import_reports_its_choices_and_every_field_without_a_home() {
    let env = Env::new();
    let r = env.run(&["providers", "import", &seed("akinon_list")]);
    assert!(r.stderr.contains("chose StartTLS"), "{}", r.stderr);
    let r = env.run(&["providers", "import", "--json", &seed("foreman_show")]);
    let v = r.json();
    let unmapped: Vec<&str> = v["imported"][0]["unmapped"]
        .as_array()
        .expect("unmapped")
        .iter()
        .filter_map(|u| u.as_str())
        .collect();
    assert_eq!(
        unmapped,
        ["onthefly_register = true", "usergroup_sync = true"]
    );
    let r = env.run(&[
        "providers",
        "import",
        &seed("foreman_create_response"),
        "--slug",
        "ldap2b",
    ]);
    assert!(r.stderr.contains("no home in ldapdeck and were not imported: onthefly_register = false, usergroup_sync = true"), "{}", r.stderr);
}

#[test]
fn import_export_import_gives_the_same_provider() {
    for (format, file, slug) in [
        ("akinon", "akinon_one", "active_directory"),
        ("foreman", "foreman_show", "ldap-server"),
        ("covata", "covata_one", "covata-7"),
    ] {
        let env = Env::new();
        assert_eq!(env.run(&["providers", "import", &seed(file)]).code, 0);
        let first = provider(&env, slug);
        let r = env.run(&[
            "providers",
            "export",
            slug,
            "--format",
            format,
            "--include-secrets",
        ]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        let exported = env.dir.path().join("exported.json");
        std::fs::write(&exported, &r.stdout).expect("write");
        let again = Env::new();
        let r = again.run(&[
            "providers",
            "import",
            "--format",
            format,
            "--slug",
            slug,
            exported.to_str().expect("utf8"),
        ]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        assert_eq!(
            provider(&again, slug),
            first,
            "{format} round trip:\n{}",
            std::fs::read_to_string(&exported).unwrap_or_default()
        );
    }
}

#[test]
fn toml_export_adds_back_as_the_same_provider() {
    let env = Env::new();
    assert_eq!(
        env.run(&["providers", "import", &seed("covata_one")]).code,
        0
    );
    let r = env.run(&[
        "providers",
        "export",
        "covata-7",
        "--format",
        "toml",
        "--include-secrets",
    ]);
    let file = env.dir.path().join("one.toml");
    std::fs::write(&file, &r.stdout).expect("write");
    let other = Env::new();
    let r = other.run(&[
        "providers",
        "add",
        "--from-file",
        file.to_str().expect("utf8"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(provider(&other, "covata-7"), provider(&env, "covata-7"));
}

#[test]
fn no_password_in_show_list_export_or_json() {
    let env = Env::new();
    let r = env.run_with(
        &[
            "providers",
            "add",
            "corp",
            "--type",
            "openldap",
            "--url",
            "ldaps://ldap.corp.example",
            "--bind-dn",
            "cn=svc,dc=corp",
            "--password-stdin",
        ],
        Some(&format!("{SECRET}\n")),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        env.read().contains(SECRET),
        "the password is stored in the file"
    );
    let outputs = [
        env.run(&["providers", "show", "corp"]),
        env.run(&["providers", "show", "corp", "--json"]),
        env.run(&["providers", "list"]),
        env.run(&["providers", "list", "--json"]),
        env.run(&["providers", "export", "corp", "--format", "toml"]),
        env.run(&["providers", "export", "corp", "--format", "akinon"]),
        env.run(&[
            "providers",
            "export",
            "corp",
            "--format",
            "foreman",
            "--json",
        ]),
        env.run(&["providers", "export", "corp", "--format", "covata"]),
        env.run(&["providers", "edit", "corp", "--set", "name=Corp"]),
        env.run(&["providers", "edit", "corp", "--set", "bind_password=x"]),
        env.run(&["providers", "clone", "corp", "corp2", "--json"]),
    ];
    for o in &outputs {
        assert!(
            !o.stdout.contains(SECRET) && !o.stderr.contains(SECRET),
            "leak:\n{}\n{}",
            o.stdout,
            o.stderr
        );
    }
    assert_eq!(show(&env, "corp")["bind_password"], "<set>");
    assert!(
        outputs[0]
            .stdout
            .contains("# bind_password is set (hidden)")
    );
    assert_eq!(
        outputs[9].code, 2,
        "a password on the command line is refused"
    );
    assert!(outputs[9].stderr.contains("--password-stdin"));
    let with = env.run(&[
        "providers",
        "export",
        "corp",
        "--format",
        "akinon",
        "--include-secrets",
    ]);
    assert!(with.stdout.contains(SECRET), "--include-secrets exports it");
}

#[test]
fn add_fills_presets_and_refuses_what_is_invalid() {
    let env = Env::new();
    let r = env.run(&[
        "providers",
        "add",
        "ipa",
        "--type",
        "free_ipa",
        "--url",
        "ldaps://ipa.example.com",
        "--base-dn",
        "dc=example,dc=com",
        "--tag",
        "prod",
        "--set",
        "attributes.extension=telephoneNumber",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("filled from the free_ipa preset"),
        "{}",
        r.stderr
    );
    let p = provider(&env, "ipa");
    assert_eq!(
        p.users_base.as_deref(),
        Some("cn=users,cn=accounts,dc=example,dc=com")
    );
    assert_eq!(p.attributes["status"], "nsAccountLock");
    assert_eq!(p.attributes["extension"], "telephoneNumber");

    let before = env.read();
    let r = env.run(&[
        "providers",
        "add",
        "Bad",
        "--url",
        "ldaps://x",
        "--starttls",
        "--base-dn",
        "nope",
    ]);
    assert_eq!(r.code, 2);
    for field in ["slug:", "starttls:", "base_dn:"] {
        assert!(r.stderr.contains(field), "{field} in {}", r.stderr);
    }
    assert_eq!(
        env.run(&["providers", "add", "ipa", "--url", "ldap://x"])
            .code,
        1,
        "slug taken"
    );
    assert_eq!(
        env.run(&[
            "providers",
            "add",
            "x",
            "--type",
            "novell",
            "--url",
            "ldap://x"
        ])
        .code,
        2
    );
    assert_eq!(env.read(), before);
}

#[test]
fn edit_clone_enable_disable_remove() {
    let env = Env::new();
    assert_eq!(
        env.run(&[
            "providers",
            "add",
            "lab",
            "--type",
            "posix",
            "--url",
            "ldap://lab"
        ])
        .code,
        0
    );
    let r = env.run(&[
        "providers",
        "edit",
        "lab",
        "--set",
        "urls=ldap://a,ldap://b",
        "--set",
        "starttls=true",
        "--set",
        "slug=lab1",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let p = provider(&env, "lab1");
    assert_eq!((p.urls.len(), p.starttls), (2, true));
    assert_eq!(
        env.run(&[
            "providers",
            "edit",
            "lab1",
            "--unset",
            "starttls",
            "--set",
            "timeout_secs=0"
        ])
        .code,
        2
    );
    assert_eq!(
        env.run(&["providers", "edit", "lab1"]).code,
        2,
        "nothing to change"
    );
    let r = env.run(&["providers", "show", "lab"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean 'lab1'"), "{}", r.stderr);

    assert_eq!(env.run(&["providers", "clone", "lab1", "lab2"]).code, 0);
    assert_eq!(env.run(&["providers", "disable", "lab2"]).code, 0);
    assert_eq!(show(&env, "lab2")["enabled"], false);
    let listed = env
        .run(&["providers", "list", "--enabled-only", "--json"])
        .json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(env.run(&["providers", "enable", "lab2"]).code, 0);
    assert_eq!(show(&env, "lab2")["enabled"], true);
    assert_eq!(env.run(&["providers", "remove", "lab2"]).code, 0);
    assert_eq!(env.run(&["providers", "show", "lab2"]).code, 2);
}

#[test]
fn list_search_tag_and_sort() {
    let env = Env::new();
    for (slug, ty, url, tag) in [
        ("zeta", "ad", "ldaps://dc.paris.example", "location:Paris"),
        (
            "alpha",
            "openldap",
            "ldap://ldap.lyon.example",
            "location:Lyon",
        ),
        ("mid", "posix", "ldap://nis.example", "prod"),
    ] {
        let r = env.run(&[
            "providers",
            "add",
            slug,
            "--type",
            ty,
            "--url",
            url,
            "--tag",
            tag,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let slugs = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["providers", "list", "--json"];
        a.extend_from_slice(args);
        env.run(&a)
            .json()
            .as_array()
            .expect("list")
            .iter()
            .map(|p| p["slug"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(slugs(&[]), ["alpha", "mid", "zeta"]);
    assert_eq!(slugs(&["--sort", "-name"]), ["zeta", "mid", "alpha"]);
    assert_eq!(slugs(&["--sort", "type"]), ["zeta", "alpha", "mid"]);
    assert_eq!(slugs(&["--search", "location=paris"]), ["zeta"]);
    assert_eq!(slugs(&["--search", "url~example type=posix"]), ["mid"]);
    assert_eq!(slugs(&["--tag", "prod"]), ["mid"]);
    let r = env.run(&["providers", "list", "--search", "colour=red"]);
    assert_eq!(r.code, 2);
    let text = env.run(&["providers", "list"]).stdout;
    assert!(text.starts_with("SLUG "), "{text}");
}

#[test]
fn json_errors_carry_a_cause_code() {
    let env = Env::new();
    let r = env.run(&["providers", "show", "nope", "--json"]);
    assert_eq!(r.code, 2);
    let v: serde_json::Value = serde_json::from_str(&r.stderr).expect("json");
    assert_eq!(v["error"]["cause"], "no_such_provider");
    let r = env.run(&["providers", "import", "--json", &fixture("seeds/README.md")]);
    let v: serde_json::Value = serde_json::from_str(&r.stderr).expect("json");
    assert_eq!(v["error"]["cause"], "import_failed");
}
