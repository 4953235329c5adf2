//! Names the commit in `ldapdeck --version` when built from a git checkout.

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit()));
    let suffix = commit.map(|c| format!(" (commit {c})")).unwrap_or_default();
    println!("cargo:rustc-env=LDAPDECK_COMMIT_SUFFIX={suffix}");
    // A new commit moves HEAD's ref (or packed-refs); a checkout moves HEAD itself. Only
    // files that exist: cargo would run this script on every build for a missing one.
    let mut watch = vec![".git/HEAD".to_string(), ".git/packed-refs".to_string()];
    if let Ok(head) = std::fs::read_to_string(".git/HEAD")
        && let Some(r) = head.strip_prefix("ref: ")
    {
        watch.push(format!(".git/{}", r.trim()));
    }
    println!("cargo:rerun-if-changed=build.rs");
    for w in watch.iter().filter(|w| std::path::Path::new(w).is_file()) {
        println!("cargo:rerun-if-changed={w}");
    }
}
