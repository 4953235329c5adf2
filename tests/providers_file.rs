//! providers.toml as a user meets it: errors with line and column, nothing lost, safe saves.

mod support;

use std::os::unix::fs::PermissionsExt;

use support::cli::{Env, run_in};

const COMMENTED: &str = r#"# Directories we look after.
# Edited by hand as well as by ldapdeck.

[[provider]]
slug = "corp"          # the AD forest
name = "Corp"
server_type = "openldap"
urls = ["ldap://ldap1.corp.example", "ldap://ldap2.corp.example"]  # failover pair
starttls = true
bind_dn = "cn=svc,dc=corp,dc=example"
bind_password_env = "CORP_PW"
base_dn = "dc=corp,dc=example"
timeout_secs = 10   # explicit default, keep it

[provider.attributes]
login = "uid"   # not mail!
mail = "mail"
"#;

#[test]
fn a_parse_error_names_line_column_and_leaves_the_file_alone() {
    let env = Env::new();
    let broken = format!(
        "{COMMENTED}\n[[provider]]\nslug = \"lab\"\nurls = [\"ldap://lab\"\ntimeout_secs = 5\n"
    );
    env.write(&broken);
    for args in [
        &["providers", "list"][..],
        &["providers", "add", "x", "--url", "ldap://x"],
        &["providers", "edit", "corp", "--set", "name=New"],
        &["providers", "remove", "corp"],
        &["providers", "disable", "corp"],
    ] {
        let r = env.run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("{}:22:1: missing comma", env.config.display())),
            "{}",
            r.stderr
        );
        assert_eq!(env.read(), broken, "{args:?} must not touch a broken file");
    }
}

#[test]
fn a_type_error_points_at_the_value() {
    let env = Env::new();
    env.write("[[provider]]\nslug = \"a\"\nurls = [\"ldap://a\"]\ntimeout_secs = \"ten\"\n");
    let r = env.run(&["providers", "list"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(":4:16: invalid type"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("4 | timeout_secs = \"ten\"\n  |                ^^^^^"),
        "{}",
        r.stderr
    );
}

#[test]
fn validation_problems_are_all_listed_with_positions_and_json() {
    let env = Env::new();
    let text = "[[provider]]\nslug = \"Bad Slug\"\nurls = [\"ldap.example.com\"]\nbase_dn = \"dc=x,,dc=y\"\nuser_filter = \"(uid=*\"\n";
    env.write(text);
    let r = env.run(&["providers", "list", "--json"]);
    assert_eq!(r.code, 2);
    let err: serde_json::Value = serde_json::from_str(&r.stderr).expect("JSON error on stderr");
    assert_eq!(err["error"]["cause"], "config_invalid");
    let problems = err["error"]["problems"].as_array().expect("problems");
    let places: Vec<(String, u64, u64)> = problems
        .iter()
        .map(|p| {
            (
                p["field"].as_str().unwrap_or("").to_string(),
                p["line"].as_u64().unwrap_or(0),
                p["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("slug".to_string(), 2, 8),
            ("urls[0]".to_string(), 3, 9),
            ("base_dn".to_string(), 4, 11),
            ("user_filter".to_string(), 5, 15)
        ]
    );
    assert_eq!(env.read(), text);
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let env = Env::new();
    env.write("[[provider]]\nslug = \"a\"\nurls = [\"ldap://a\"]\nbind_passwd = \"x\"\n");
    let r = env.run(&["providers", "list"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains(":4:1: unknown field `bind_passwd`; did you mean `bind_password`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_edit_keeps_comments_order_and_mode_0600() {
    let env = Env::new();
    env.write(COMMENTED);
    std::fs::set_permissions(&env.config, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let r = env.run(&[
        "providers",
        "edit",
        "corp",
        "--set",
        "attributes.mail=proxyAddresses",
        "--set",
        "timeout_secs=20",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = env.read();
    for kept in [
        "# Directories we look after.\n# Edited by hand as well as by ldapdeck.\n",
        "slug = \"corp\"          # the AD forest",
        "urls = [\"ldap://ldap1.corp.example\", \"ldap://ldap2.corp.example\"]  # failover pair",
        "timeout_secs = 20   # explicit default, keep it",
        "login = \"uid\"   # not mail!",
        "mail = \"proxyAddresses\"",
    ] {
        assert!(text.contains(kept), "lost {kept:?} in:\n{text}");
    }
    let mode = std::fs::metadata(&env.config)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    // Nothing but the two values changed.
    let changed: Vec<(&str, &str)> = COMMENTED
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(
        !std::fs::read_dir(env.dir.path()).expect("dir").any(|e| {
            e.map(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                .unwrap_or(false)
        }),
        "no temp file left behind"
    );
}

#[test]
fn a_change_on_disk_since_load_is_refused() {
    let env = Env::new();
    env.write(COMMENTED);
    let mut store = ldapdeck::config::Store::load(&env.config).expect("load");
    let mut p = store.get("corp").expect("corp").clone();
    p.name = "Mine".into();
    store.update("corp", p).expect("update");
    let theirs = format!("{COMMENTED}# someone else's edit\n");
    env.write(&theirs);
    let e = store.save().expect_err("must refuse");
    assert_eq!(e.cause(), "changed_on_disk");
    assert!(e.to_string().contains("changed on disk"));
    assert_eq!(env.read(), theirs);
}

#[test]
fn a_save_into_a_read_only_directory_fails_cleanly() {
    let env = Env::new();
    let dir = env.dir.path().join("ro");
    std::fs::create_dir(&dir).expect("mkdir");
    let config = dir.join("providers.toml");
    std::fs::write(&config, COMMENTED).expect("write");
    // Root ignores permission bits, so as root the command runs as `nobody` on a
    // directory it cannot write to but a file it can read: the real situation.
    let as_user = (unsafe_geteuid() == 0).then_some("nobody");
    if as_user.is_some() {
        let status = std::process::Command::new("chown")
            .args(["nobody", config.to_str().expect("utf8")])
            .status()
            .expect("chown");
        assert!(status.success());
        std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    } else {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    }
    let r = run_in(&config, &["providers", "disable", "corp"], None, as_user);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert_eq!(r.code, 1, "stdout {} stderr {}", r.stdout, r.stderr);
    assert!(
        // The lock beside the file is the first thing a save creates there.
        (r.stderr.contains("cannot create") || r.stderr.contains("cannot lock"))
            && r.stderr.contains("Permission denied"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&config).expect("read"), COMMENTED);
    assert_eq!(
        std::fs::read_dir(&dir).expect("dir").count(),
        1,
        "no temp file left"
    );
}

fn unsafe_geteuid() -> u32 {
    // `id -u` keeps the test free of libc and unsafe code.
    let out = std::process::Command::new("id")
        .arg("-u")
        .output()
        .expect("id");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

#[test]
fn a_readable_file_with_a_password_gets_a_chmod_warning() {
    let env = Env::new();
    env.write("[[provider]]\nslug = \"a\"\nurls = [\"ldap://a\"]\nbind_dn = \"cn=x\"\nbind_password = \"s3cret-pw\"\n");
    std::fs::set_permissions(&env.config, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let r = env.run(&["providers", "list"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr
            .contains(&format!("chmod 600 {}", env.config.display())),
        "{}",
        r.stderr
    );
    std::fs::set_permissions(&env.config, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert!(!env.run(&["providers", "list"]).stderr.contains("chmod"));
}

#[test]
fn comments_in_a_file_without_providers_stay_on_top() {
    let env = Env::new();
    env.write("# Our directories\n# (more to come)\n");
    let r = env.run(&["providers", "add", "lab", "--url", "ldap://lab:389"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = env.read();
    assert!(
        text.starts_with("# Our directories\n# (more to come)\n[[provider]]\nslug = \"lab\""),
        "{text}"
    );
}

#[test]
fn a_missing_file_is_an_empty_list_and_add_creates_it_0600() {
    let env = Env::new();
    let r = env.run(&["providers", "list"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("No providers yet"));
    let nested = env.dir.path().join("a/b/providers.toml");
    let r = run_in(
        &nested,
        &[
            "providers",
            "add",
            "lab",
            "--type",
            "openldap",
            "--url",
            "ldap://lab:389",
        ],
        None,
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mode = std::fs::metadata(&nested)
        .expect("created")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn the_annotated_example_in_assets_is_valid() {
    let path = format!(
        "{}/assets/providers.example.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let store = ldapdeck::config::Store::load(std::path::Path::new(&path)).expect("example loads");
    let slugs: Vec<&str> = store.providers().iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["corp-ad", "voice"]);
    let voice = store.get("voice").expect("voice");
    assert_eq!(
        voice.layout.as_ref().map(|l| l.mode),
        Some(ldapdeck::config::LayoutMode::Ou)
    );
    assert_eq!(voice.custom_filters["not_in_bwks"], "(!(employeeNumber=*))");
}

#[test]
fn concurrent_edits_either_both_land_or_the_second_is_refused() {
    let env = Env::new();
    env.write("[[provider]]\nslug = \"a\"\nurls = [\"ldap://a\"]\n");
    let mut landed = Vec::new();
    for round in 0..30 {
        let spawn = |field: &str| {
            std::process::Command::new(support::cli::bin())
                .arg("--config")
                .arg(&env.config)
                .args(["providers", "edit", "a", "--set", field])
                .env_remove("LDAPDECK_CONFIG")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let one = spawn(&format!("name=n{round}"));
        let two = spawn(&format!("tags=t{round}"));
        for (child, what) in [(one, format!("n{round}")), (two, format!("t{round}"))] {
            let out = child.wait_with_output().expect("wait");
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            match out.status.code() {
                Some(0) => landed.push(what),
                Some(1) => assert!(err.contains("changed on disk"), "{err}"),
                other => panic!("exit {other:?}: {err}"),
            }
        }
        // Every change that said "updated" is in the file.
        let text = env.read();
        for w in &landed {
            if w.starts_with(&format!("n{round}")) || w.starts_with(&format!("t{round}")) {
                assert!(
                    text.contains(w.as_str()),
                    "{w} was reported saved but is lost:\n{text}"
                );
            }
        }
    }
    let stray: Vec<String> = std::fs::read_dir(env.dir.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn a_special_file_is_never_replaced() {
    let env = Env::new();
    let fifo = env.dir.path().join("fifo.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    for path in [std::path::Path::new("/dev/null"), fifo.as_path()] {
        let r = run_in(
            path,
            &["providers", "add", "x", "--url", "ldap://x", "--json"],
            None,
            None,
        );
        assert_eq!(r.code, 2, "{}: {}", path.display(), r.stderr);
        assert!(r.stderr.contains("not_a_file"), "{}", r.stderr);
    }
    let meta = std::fs::metadata("/dev/null").expect("meta");
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &meta.file_type()
    ));
}
