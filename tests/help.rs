//! The help a newcomer reads is true: every `--flag` a command's summary names is one of its
//! flags, and a usage error never shows an optional flag as required.

use clap::CommandFactory;

fn flags(cmd: &clap::Command) -> Vec<String> {
    let mut out: Vec<String> = cmd
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_string))
        .collect();
    for sub in cmd.get_subcommands() {
        out.extend(flags(sub));
    }
    out
}

fn check(cmd: &clap::Command, path: &str, global: &[String]) -> Vec<String> {
    let mut bad = Vec::new();
    let known = flags(cmd);
    let about = format!(
        "{} {}",
        cmd.get_about().map(|s| s.to_string()).unwrap_or_default(),
        cmd.get_long_about()
            .map(|s| s.to_string())
            .unwrap_or_default()
    );
    for word in about.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        if let Some(flag) = word.strip_prefix("--")
            && !flag.is_empty()
            && !known.iter().any(|k| k == flag)
            && !global.iter().any(|k| k == flag)
        {
            bad.push(format!("{path}: --{flag} is not a flag of this command"));
        }
    }
    for sub in cmd.get_subcommands() {
        bad.extend(check(sub, &format!("{path} {}", sub.get_name()), global));
    }
    bad
}

#[test]
fn every_flag_a_summary_names_exists() {
    let cli = ldapdeck::cli::Cli::command();
    let global: Vec<String> = cli
        .get_arguments()
        .filter(|a| a.is_global_set())
        .filter_map(|a| a.get_long().map(str::to_string))
        .collect();
    let bad = check(&cli, "ldapdeck", &global);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let users = cli
        .get_subcommands()
        .find(|c| c.get_name() == "users")
        .expect("users");
    let about = users.get_about().map(|s| s.to_string()).unwrap_or_default();
    for sub in users.get_subcommands().filter(|c| c.get_name() != "help") {
        assert!(
            about.contains(sub.get_name()),
            "users' summary omits {}: {about}",
            sub.get_name()
        );
    }
}

#[test]
fn a_usage_error_does_not_show_config_as_required() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ldapdeck"))
        .args(["users", "list"])
        .env("LDAPDECK_CONFIG", "/nonexistent/providers.toml")
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("Usage: ldapdeck users list <SLUG>"), "{err}");
    assert!(!err.contains("--config <PATH>"), "{err}");
}
