//! ldapdeck as a shell citizen, tried in the real shells: completion scripts sourced in bash,
//! zsh and fish complete subcommands and provider slugs from the providers.toml the command
//! line names; the checked-in man pages are the ones the binary renders, and man(1) reads
//! them; `--version` names the commit.

mod support;

use std::path::Path;
use std::process::Command;

use support::cli::{Env, bin};

/// A providers.toml with two providers.
fn two_providers() -> Env {
    let env = Env::new();
    env.write(
        "[[provider]]\nslug = \"alpha\"\nurls = [\"ldap://127.0.0.1:1\"]\n\n\
         [[provider]]\nslug = \"beta-dc\"\nurls = [\"ldap://127.0.0.1:1\"]\n",
    );
    env
}

/// `PATH` with the binary under test first, as an installed ldapdeck would be.
fn path_with_bin() -> String {
    let dir = Path::new(bin()).parent().expect("bin dir");
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn script(shell: &str, dir: &Path) -> std::path::PathBuf {
    let out = Command::new(bin())
        .args(["completions", shell])
        .output()
        .expect("ldapdeck completions");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.join(format!("ldapdeck.{shell}"));
    std::fs::write(&path, &out.stdout).expect("script");
    path
}

fn shell(program: &str, code: &str) -> String {
    let out = Command::new(program)
        .args(["-c", code])
        .env("PATH", path_with_bin())
        .env_remove("LDAPDECK_CONFIG")
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} is needed for this test (apt-get install -y {program}): {e}")
        });
    assert!(
        out.status.success(),
        "{program}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What bash's completion offers for `words` (the last one is the word being completed).
fn bash_complete(script: &Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let code = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; \
         _ldapdeck_slugs ldapdeck \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    shell("bash", &code)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_commands_and_the_slugs_of_the_config_in_use() {
    let env = two_providers();
    let s = script("bash", env.dir.path());
    let cfg = env.config.display().to_string();
    let slugs = bash_complete(&s, &["ldapdeck", "--config", &cfg, "test", ""]);
    assert_eq!(slugs, ["alpha", "beta-dc"]);
    let slugs = bash_complete(&s, &["ldapdeck", "--config", &cfg, "users", "list", "b"]);
    assert_eq!(slugs, ["beta-dc"]);
    // Where a subcommand goes, clap's own completion: the subcommands, no slug.
    let subs = bash_complete(&s, &["ldapdeck", "--config", &cfg, "users", "li"]);
    assert_eq!(subs, ["list"]);
    let top = bash_complete(&s, &["ldapdeck", "te"]);
    assert!(top.contains(&"test".to_string()), "{top:?}");
    // A new provider's slug is not an existing one.
    let add = bash_complete(&s, &["ldapdeck", "--config", &cfg, "providers", "add", ""]);
    assert!(!add.contains(&"alpha".to_string()), "{add:?}");
}

#[test]
fn fish_completes_the_slugs_of_the_config_in_use() {
    let env = two_providers();
    let s = script("fish", env.dir.path());
    let out = shell(
        "fish",
        &format!(
            "source '{}'; complete -C 'ldapdeck --config {} authorize '",
            s.display(),
            env.config.display()
        ),
    );
    let words: Vec<&str> = out
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    assert!(
        words.contains(&"alpha") && words.contains(&"beta-dc"),
        "{out}"
    );
    let out = shell(
        "fish",
        &format!("source '{}'; complete -C 'ldapdeck us'", s.display()),
    );
    assert!(out.lines().any(|l| l.starts_with("users")), "{out}");
}

#[test]
fn zsh_loads_the_script_and_its_slug_helper_reads_the_config() {
    let env = two_providers();
    let s = script("zsh", env.dir.path());
    // Outside an interactive completion, zsh can still load the script and run the helper
    // with `_describe` standing in for the completion system.
    let out = shell(
        "zsh",
        &format!(
            "autoload -Uz compinit && compinit -u -D; source '{}'; \
             _describe() {{ print -l -- ${{(P)4}} }}; \
             words=(ldapdeck --config '{}' test ''); _ldapdeck_slugs",
            s.display(),
            env.config.display()
        ),
    );
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        ["alpha", "beta-dc"],
        "{out}"
    );
}

#[test]
fn the_checked_in_man_pages_and_scripts_are_the_ones_the_binary_renders() {
    let fresh = tempfile::tempdir().expect("tempdir");
    let out = Command::new(bin())
        .arg("__write-assets")
        .arg(fresh.path())
        .output()
        .expect("__write-assets");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    for sub in ["man", "completions"] {
        let (a, b) = (fresh.path().join(sub), assets.join(sub));
        assert_eq!(
            names(&a),
            names(&b),
            "assets/{sub} is stale: run scripts/assets.sh"
        );
        for name in names(&a) {
            let same = std::fs::read(a.join(&name)).expect("fresh")
                == std::fs::read(b.join(&name)).expect("checked in");
            assert!(same, "assets/{sub}/{name} is stale: run scripts/assets.sh");
        }
    }
    let checked_in = assets.join("man");
    // man(1) reads them: the users page lists its subcommands.
    let out = Command::new("man")
        .arg("-l")
        .arg(checked_in.join("ldapdeck-users.1"))
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .expect("man is needed for this test (apt-get install -y man-db)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    for want in ["ldapdeck-users", "SUBCOMMANDS", "passwd", "disable"] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
}

#[test]
fn man_prints_a_page_and_names_what_it_does_not_have() {
    let out = Command::new(bin())
        .args(["man", "users", "list"])
        .output()
        .expect("ldapdeck man");
    assert!(out.status.success());
    let roff = String::from_utf8_lossy(&out.stdout);
    assert!(roff.starts_with(".ie") || roff.contains(".TH"), "{roff}");
    assert!(roff.contains("ldapdeck\\-users\\-list") || roff.contains("ldapdeck-users-list"));
    let out = Command::new(bin())
        .args(["man", "nonsense"])
        .output()
        .expect("ldapdeck man");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ldapdeck man users list"));
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let out = Command::new(bin())
        .arg("--version")
        .output()
        .expect("--version");
    let v = String::from_utf8_lossy(&out.stdout);
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("git");
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    assert!(
        v.starts_with(&format!("ldapdeck {}", env!("CARGO_PKG_VERSION"))),
        "{v}"
    );
    assert!(!head.is_empty(), "tests run from a git checkout");
    assert!(v.contains(&format!("(commit {head})")), "{v} vs {head}");
}
