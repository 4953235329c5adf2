//! The Debian package: scripts/package.sh builds it from Cargo.toml's [package.metadata.deb]
//! around the binary under test, and it is unpacked into a temporary root (dpkg-deb -x) and
//! used from there: `--version`, man(1) on its pages, its bash completion.

mod support;

use std::path::Path;
use std::process::Command;

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_package_installs_the_binary_its_man_pages_and_completions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("tempdir");
    let deb = run(Command::new("bash")
        .arg(root.join("scripts/package.sh"))
        .args(["--binary", support::cli::bin(), "--out"])
        .arg(out.path()));
    let deb = deb.trim();
    assert!(
        deb.ends_with(&format!(
            "ldapdeck_{}_{}.deb",
            env!("CARGO_PKG_VERSION"),
            arch()
        )),
        "{deb}"
    );
    let info = run(Command::new("dpkg-deb").args(["--info", deb]));
    for want in [
        "Package: ldapdeck",
        "Depends: ",
        "libc6 (>= 2.",
        "Recommends: ldap-utils",
    ] {
        assert!(info.contains(want), "{want}:\n{info}");
    }

    let unpacked = tempfile::tempdir().expect("tempdir");
    let r = unpacked.path();
    run(Command::new("dpkg-deb").args(["-x", deb]).arg(r));
    // Every asset of the metadata is where it says.
    let cargo: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml"))
            .expect("Cargo.toml parses");
    let assets = cargo["package"]["metadata"]["deb"]["assets"]
        .as_array()
        .expect("assets");
    assert!(assets.len() >= 7);
    for a in assets {
        let dest = a[1].as_str().expect("dest");
        assert!(r.join(dest).exists(), "{dest} is not in the package");
    }

    let bin = r.join("usr/bin/ldapdeck");
    let v = run(Command::new(&bin).arg("--version"));
    assert!(
        v.starts_with(&format!("ldapdeck {}", env!("CARGO_PKG_VERSION"))),
        "{v}"
    );

    let page = r.join("usr/share/man/man1/ldapdeck-users.1.gz");
    let text = run(Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80"));
    assert!(
        text.contains("ldapdeck-users") && text.contains("passwd"),
        "{text}"
    );
    let main = r.join("usr/share/man/man1/ldapdeck.1.gz");
    let text = run(Command::new("man")
        .arg("-l")
        .arg(&main)
        .env("MANPAGER", "cat"));
    assert!(
        text.contains("SUBCOMMANDS") && text.contains("authorize"),
        "{text}"
    );

    // The installed bash completion completes the installed binary's subcommands.
    let script = r.join("usr/share/bash-completion/completions/ldapdeck");
    let words = run(Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}'; COMP_WORDS=(ldapdeck comp); COMP_CWORD=1; _ldapdeck_slugs ldapdeck comp ldapdeck; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display()
        ))
        .env(
            "PATH",
            format!(
                "{}:{}",
                r.join("usr/bin").display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        ));
    assert_eq!(words.trim(), "completions");
    for f in [
        "usr/share/zsh/vendor-completions/_ldapdeck",
        "usr/share/fish/vendor_completions.d/ldapdeck.fish",
        "usr/share/doc/ldapdeck/copyright",
    ] {
        assert!(r.join(f).is_file(), "{f}");
    }
}

fn arch() -> String {
    run(Command::new("dpkg").arg("--print-architecture"))
        .trim()
        .to_string()
}
