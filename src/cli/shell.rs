//! The shell's side of ldapdeck: completion scripts that complete provider slugs from the
//! current providers.toml, and man pages rendered from the same clap definitions.

use std::io::{IsTerminal, Write};
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;
use crate::error::{EXIT_OK, Error};

/// `ldapdeck completions SHELL`
pub fn print_completions(shell: Shell) -> Result<i32, Error> {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is the reader's choice, not an error.
    let _ = completions_for(shell, &mut out);
    Ok(EXIT_OK)
}

/// `ldapdeck __complete-slugs`: nothing at all when the file cannot be read, since
/// whatever is printed becomes a completion.
pub fn print_slugs(path: &Path) -> i32 {
    if let Ok(store) = crate::config::store::Store::load(path) {
        let mut out = std::io::stdout().lock();
        for p in store.providers() {
            let _ = writeln!(out, "{}", p.slug);
        }
    }
    EXIT_OK
}

/// `ldapdeck man [TOPIC...]`: through man(1) on a terminal (no page needs installing),
/// the roff itself otherwise (`| man -l -`, or to save it).
pub fn show_man(topic: &[String]) -> Result<i32, Error> {
    let page = man_page(topic).ok_or_else(|| {
        Error::Usage(format!(
            "no manual page for '{}': the pages are ldapdeck and one per command, e.g. `ldapdeck man users list`",
            topic.join(" ")
        ))
    })?;
    if std::io::stdout().is_terminal() {
        let file = tempfile::Builder::new()
            .suffix(".1")
            .tempfile()
            .and_then(|mut f| f.write_all(&page).map(|()| f));
        if let Ok(file) = file
            && let Ok(status) = std::process::Command::new("man")
                .arg("-l")
                .arg(file.path())
                .status()
            && status.success()
        {
            return Ok(EXIT_OK);
        }
    }
    let _ = std::io::stdout().lock().write_all(&page);
    Ok(EXIT_OK)
}

/// Every command path whose first positional argument is an existing provider's slug
/// (`test`, `users list`, ...), from the clap tree, so a new command is completed too.
pub fn slug_paths() -> Vec<String> {
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let p = if path.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{path} {}", sub.get_name())
            };
            // `providers add` names a new slug: nothing to complete.
            let first = sub.get_positionals().next().map(|a| a.get_id().as_str());
            if first == Some("slug") && p != "providers add" {
                out.push(p.clone());
            }
            walk(sub, &p, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), "", &mut out);
    out
}

/// The completion script for `shell`: clap's, plus provider slugs where the shell allows.
pub fn completions_for(shell: Shell, w: &mut dyn Write) -> std::io::Result<()> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "ldapdeck", &mut script);
    let script = String::from_utf8_lossy(&script).into_owned();
    let paths = slug_paths();
    let out = match shell {
        Shell::Bash => format!("{script}\n{}", bash_slugs(&paths)),
        Shell::Zsh => zsh_slugs(&script),
        Shell::Fish => format!("{script}\n{}", fish_slugs(&paths)),
        _ => script,
    };
    w.write_all(out.as_bytes())
}

/// A wrapper around clap's `_ldapdeck`: at a slug position (the words so far, options
/// left out, are one of `paths`), the slugs of the providers.toml in use.
fn bash_slugs(paths: &[String]) -> String {
    format!(
        r#"# Provider slugs, from the providers.toml this command line would use.
_ldapdeck_slugs() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} i w words="" cfg=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${{COMP_WORDS[i]}}
        case $w in
            --config) cfg=(--config "${{COMP_WORDS[i + 1]}}"); i=$((i + 1)) ;;
            --config=*) cfg=(--config "${{w#--config=}}") ;;
            -*) ;;
            *) words="${{words:+$words }}$w" ;;
        esac
    done
    case ":{paths}:" in
        *":$words:"*)
            if [[ -n $words && $cur != -* ]]; then
                local IFS=$'\n'
                COMPREPLY=($(compgen -W "$(ldapdeck "${{cfg[@]}}" __complete-slugs 2>/dev/null)" -- "$cur"))
                return 0
            fi
            ;;
    esac
    _ldapdeck "$@"
}}
complete -F _ldapdeck_slugs -o nosort -o bashdefault -o default ldapdeck
"#,
        paths = paths.join(":"),
    )
}

/// clap's zsh script with the slug arguments completed by `_ldapdeck_slugs`.
fn zsh_slugs(script: &str) -> String {
    // clap writes a positional as ':slug -- Provider slug.:_default' ('::slug' when optional;
    // `providers add`'s is a new one); only the action changes.
    let mut out = String::with_capacity(script.len() + 512);
    for line in script.lines() {
        let t = line.trim_start();
        let slug = t.starts_with("':slug -- ") || t.starts_with("'::slug -- ");
        if slug && !t.contains("new provider") && t.ends_with(":_default' \\") {
            out.push_str(&line.replacen(":_default'", ":_ldapdeck_slugs'", 1));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    let helper = r#"
(( $+functions[_ldapdeck_slugs] )) ||
_ldapdeck_slugs() {
    local -a slugs cfg
    local i=${words[(I)--config]}
    (( i > 0 )) && cfg=(--config "${words[i + 1]}")
    slugs=(${(f)"$(ldapdeck $cfg __complete-slugs 2>/dev/null)"})
    _describe -t providers 'provider' slugs
}
"#;
    // Before the last line (`_ldapdeck "$@"` or the compdef), so the helper exists when called.
    match out.rfind("\nif [ \"$funcstack[1]\" = \"_ldapdeck\" ]") {
        Some(at) => format!("{}{helper}{}", &out[..at], &out[at..]),
        None => format!("{out}{helper}"),
    }
}

/// fish: one `complete` line per slug path.
fn fish_slugs(paths: &[String]) -> String {
    let mut out = String::from("# Provider slugs, from the providers.toml in use.\n");
    out.push_str(FISH_HELPERS);
    let list = paths
        .iter()
        .map(|p| format!("'{p}'"))
        .collect::<Vec<_>>()
        .join(" ");
    out.push_str(&format!(
        "complete -c ldapdeck -n \"__ldapdeck_at_slug {list}\" -f -a '(__ldapdeck_slugs)'\n"
    ));
    out
}

/// fish functions: whether the words so far (options and `--config`'s value left out) are
/// one of the arguments, and the slugs of the providers.toml this command line would use.
const FISH_HELPERS: &str = r#"function __ldapdeck_words
    set -l words (commandline -opc)
    set -e words[1]
    set -l skip 0
    for w in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case --config
                set skip 1
            case '-*'
            case '*'
                echo $w
        end
    end
end
function __ldapdeck_at_slug
    set -l path (__ldapdeck_words)
    test (count $path) -gt 0; or return 1
    contains -- (string join ' ' $path) $argv
end
function __ldapdeck_slugs
    set -l words (commandline -opc)
    set -l i (contains -i -- --config $words)
    if test -n "$i"
        ldapdeck --config $words[(math $i + 1)] __complete-slugs 2>/dev/null
    else
        ldapdeck __complete-slugs 2>/dev/null
    end
end
"#;

/// The clap tree as the man pages describe it: the package version without the commit, so
/// the checked-in pages do not change with every commit.
fn man_command() -> clap::Command {
    Cli::command()
        .version(env!("CARGO_PKG_VERSION"))
        .disable_help_subcommand(true)
}

/// Every man page: `ldapdeck.1` and one per command at every level (`ldapdeck-users.1`,
/// `ldapdeck-users-list.1`), as (file name, roff).
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    fn walk(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            walk(sub, out)?;
        }
        let man = clap_mangen::Man::new(cmd).manual("ldapdeck manual");
        let mut page = Vec::new();
        man.render(&mut page)?;
        out.push((man.get_filename(), page));
        Ok(())
    }
    let mut cmd = man_command();
    cmd.build();
    let mut out = Vec::new();
    walk(cmd, &mut out)?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The completion scripts a package installs, by the file names the shells look for.
pub const PACKAGED_COMPLETIONS: [(Shell, &str); 3] = [
    (Shell::Bash, "ldapdeck.bash"),
    (Shell::Zsh, "_ldapdeck"),
    (Shell::Fish, "ldapdeck.fish"),
];

/// `ldapdeck __write-assets DIR`
pub fn write_assets(dir: &Path) -> Result<i32, Error> {
    let io = |e: std::io::Error| Error::Input(format!("{}: {e}", dir.display()));
    let pages = man_pages().map_err(io)?;
    let man = dir.join("man");
    std::fs::create_dir_all(&man).map_err(io)?;
    for entry in std::fs::read_dir(&man).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let ours = name.starts_with("ldapdeck") && name.ends_with(".1");
        if ours && !pages.iter().any(|(n, _)| n == name) {
            std::fs::remove_file(&path).map_err(io)?;
        }
    }
    for (name, page) in &pages {
        std::fs::write(man.join(name), page).map_err(io)?;
    }
    let completions = dir.join("completions");
    std::fs::create_dir_all(&completions).map_err(io)?;
    for (shell, name) in PACKAGED_COMPLETIONS {
        let mut script = Vec::new();
        completions_for(shell, &mut script).map_err(io)?;
        std::fs::write(completions.join(name), script).map_err(io)?;
    }
    Ok(EXIT_OK)
}

/// The page for `topic` (`users`, `users list`, `users-list` or empty for the main page).
pub fn man_page(topic: &[String]) -> Option<Vec<u8>> {
    let name = if topic.is_empty() {
        "ldapdeck.1".to_string()
    } else {
        format!("ldapdeck-{}.1", topic.join("-").replace(' ', "-"))
    };
    let name = name.replace("ldapdeck-ldapdeck", "ldapdeck");
    man_pages()
        .ok()?
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_paths_hold_the_commands_that_take_a_provider() {
        let p = slug_paths();
        for want in [
            "test",
            "authorize",
            "users list",
            "providers show",
            "search",
        ] {
            assert!(p.iter().any(|x| x == want), "{want}: {p:?}");
        }
        assert!(
            !p.iter()
                .any(|x| x == "providers add" || x == "providers list")
        );
    }

    #[test]
    fn the_zsh_script_completes_slugs_with_the_helper() {
        let mut out = Vec::new();
        completions_for(Shell::Zsh, &mut out).expect("zsh");
        let s = String::from_utf8(out).expect("utf-8");
        assert!(s.contains(":_ldapdeck_slugs'"), "no slug action");
        assert!(s.contains("_ldapdeck_slugs() {"));
        assert!(!s.contains("':slug -- Provider slug.:_default'"));
    }

    #[test]
    fn every_command_has_a_man_page() {
        let pages = man_pages().expect("pages");
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        for want in [
            "ldapdeck.1",
            "ldapdeck-users.1",
            "ldapdeck-users-list.1",
            "ldapdeck-test.1",
        ] {
            assert!(names.contains(&want), "{want}: {names:?}");
        }
        assert!(man_page(&["users".into(), "list".into()]).is_some());
        assert!(man_page(&[]).is_some());
        assert!(man_page(&["nonsense".into()]).is_none());
    }
}
