//! `ldapdeck providers ...`: list, show, add, edit, clone, remove, enable, disable, import, export.

use std::io::BufRead;
use std::path::Path;

use serde_json::{Value, json};

use super::output::{Output, provider_json, provider_text, table};
use super::{AddArgs, EditArgs, ExportArgs, ImportArgs, ListArgs, ProvidersCmd};
use crate::config::edit::apply;
use crate::config::export::{ExportFormat, export};
use crate::config::import::{Format, import, ldap_conf};
use crate::config::{Provider, Secret, ServerType, Store, query};
use crate::error::{EXIT_OK, Error};

/// Runs one `providers` subcommand.
pub fn run(path: &Path, cmd: ProvidersCmd, out: &Output) -> Result<i32, Error> {
    let mut store = out.load(path)?;
    match cmd {
        ProvidersCmd::List(a) => list(&store, &a, out),
        ProvidersCmd::Show { slug } => {
            let p = store.get(&slug)?;
            if out.json {
                out.json(&provider_json(p));
            } else {
                out.text(&provider_text(p));
            }
            Ok(EXIT_OK)
        }
        ProvidersCmd::Add(a) => add(&mut store, *a, out),
        ProvidersCmd::Edit(a) => edit(&mut store, a, out),
        ProvidersCmd::Clone { slug, new_slug } => {
            let mut p = store.get(&slug)?.clone();
            p.slug = new_slug.clone();
            if !p.name.is_empty() {
                p.name = format!("{} (copy)", p.name);
            }
            store.add(p)?;
            store.save()?;
            done(
                out,
                &store,
                &new_slug,
                &format!("cloned '{slug}' as '{new_slug}'"),
            )
        }
        ProvidersCmd::Remove { slug } => {
            let p = store.remove(&slug)?;
            store.save()?;
            if out.json {
                out.json(&json!({"removed": p.slug}));
            } else {
                out.text(&format!(
                    "removed provider '{}' from {}",
                    p.slug,
                    store.path().display()
                ));
            }
            Ok(EXIT_OK)
        }
        ProvidersCmd::Enable { slug } => set_enabled(&mut store, &slug, true, out),
        ProvidersCmd::Disable { slug } => set_enabled(&mut store, &slug, false, out),
        ProvidersCmd::Import(a) => import_cmd(&mut store, a, out),
        ProvidersCmd::Export(a) => export_cmd(&store, a, out),
    }
}

fn done(out: &Output, store: &Store, slug: &str, message: &str) -> Result<i32, Error> {
    if out.json {
        out.json(&provider_json(store.get(slug)?));
    } else {
        out.text(&format!("{message} ({})", store.path().display()));
    }
    Ok(EXIT_OK)
}

fn list(store: &Store, a: &ListArgs, out: &Output) -> Result<i32, Error> {
    let mut rows: Vec<&Provider> = Vec::new();
    for p in store.providers() {
        if a.enabled_only && !p.enabled {
            continue;
        }
        if !a
            .tags
            .iter()
            .all(|t| p.tags.iter().any(|pt| pt.eq_ignore_ascii_case(t)))
        {
            continue;
        }
        if let Some(s) = &a.search
            && !query::matches(p, s).map_err(Error::Usage)?
        {
            continue;
        }
        rows.push(p);
    }
    query::sort(&mut rows, &a.sort).map_err(Error::Usage)?;
    if out.json {
        out.json(&Value::Array(
            rows.iter().map(|p| provider_json(p)).collect(),
        ));
        return Ok(EXIT_OK);
    }
    if store.providers().is_empty() {
        out.text(&format!(
            "No providers yet in {}.\nAdd one:    ldapdeck providers add corp --type openldap --url ldaps://ldap.example.com --base-dn dc=example,dc=com\nImport one: ldapdeck providers import FILE.json",
            store.path().display()
        ));
        return Ok(EXIT_OK);
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|p| {
            let mut state = vec![if p.enabled { "enabled" } else { "disabled" }];
            if p.read_only {
                state.push("read-only");
            }
            if !p.tls_verify {
                state.push("TLS-UNVERIFIED");
            }
            vec![
                p.slug.clone(),
                p.display_name().to_string(),
                p.server_type.as_str().to_string(),
                p.urls.first().cloned().unwrap_or_default()
                    + &if p.urls.len() > 1 {
                        format!(" (+{})", p.urls.len() - 1)
                    } else {
                        String::new()
                    },
                p.tags.join(","),
                state.join(" "),
            ]
        })
        .collect();
    out.text(&table(
        &["SLUG", "NAME", "TYPE", "URL", "TAGS", "STATE"],
        &body,
    ));
    Ok(EXIT_OK)
}

fn read_password_stdin() -> Result<Secret, Error> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::Input(format!("cannot read the password from stdin: {e}")))?;
    let pw = line.trim_end_matches(['\n', '\r']).to_string();
    if pw.is_empty() {
        return Err(Error::Input(
            "standard input gave an empty password; an empty password would bind anonymously"
                .into(),
        ));
    }
    Ok(Secret::new(pw))
}

fn split_sets(sets: &[String]) -> Result<Vec<(String, String)>, Error> {
    sets.iter()
        .map(|s| {
            s.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| Error::Usage(format!("--set takes key=value, not '{s}'")))
        })
        .collect()
}

fn add(store: &mut Store, a: AddArgs, out: &Output) -> Result<i32, Error> {
    if let Some(file) = &a.from_file {
        return add_from_file(store, file, out);
    }
    let slug = a.slug.clone().unwrap_or_default();
    let mut p = Provider::new(&slug);
    p.server_type = ServerType::parse(&a.server_type).ok_or_else(|| {
        Error::Usage(format!(
            "unknown --type '{}': use openldap, posix, free_ipa, 389ds, active_directory or generic",
            a.server_type
        ))
    })?;
    p.urls = a.urls;
    p.name = a.name.unwrap_or_default();
    p.starttls = a.starttls;
    p.ca_file = a.ca_file;
    p.tls_verify = !a.no_tls_verify;
    if let Some(t) = a.timeout {
        p.timeout_secs = t;
    }
    p.bind_dn = a.bind_dn;
    if a.password_stdin {
        p.bind_password = Some(read_password_stdin()?);
    }
    p.bind_password_env = a.password_env;
    p.bind_password_file = a.password_file;
    p.bind_password_cmd = a
        .password_cmd
        .map(|c| c.split_whitespace().map(str::to_string).collect());
    p.base_dn = a.base_dn;
    p.user_filter = a.user_filter;
    p.groups_base = a.groups_base;
    p.domain = a.domain;
    p.tags = a.tags;
    p.read_only = a.read_only;
    p.enabled = !a.disabled;
    let sets = split_sets(&a.sets)?;
    if !sets.is_empty() {
        p = apply(&p, &sets, &[]).map_err(Error::Usage)?;
    }
    let filled = p.fill_from_preset();
    store.add(p)?;
    store.save()?;
    if !filled.is_empty() && !out.json {
        out.note(&format!(
            "filled from the {} preset: {}",
            store.get(&slug)?.server_type.as_str(),
            filled.join(", ")
        ));
    }
    if a.no_tls_verify {
        out.warn(&format!(
            "'{slug}' does not verify TLS certificates: anyone on the path can impersonate the server"
        ));
    }
    done(out, store, &slug, &format!("added provider '{slug}'"))
}

fn add_from_file(store: &mut Store, file: &Path, out: &Output) -> Result<i32, Error> {
    let text = super::input::read_text(&file.display().to_string(), MAX_IMPORT)?;
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Many {
        provider: Vec<Provider>,
    }
    let providers = match toml::from_str::<Many>(&text) {
        Ok(m) => m.provider,
        Err(many_err) => match toml::from_str::<Provider>(&text) {
            Ok(p) => vec![p],
            Err(_) => {
                let span = many_err.span().unwrap_or(0..0);
                return Err(crate::config::Error::parse(
                    file,
                    &text,
                    span,
                    &crate::config::error::explain_toml(many_err.message()),
                )
                .into());
            }
        },
    };
    let slugs: Vec<String> = providers.iter().map(|p| p.slug.clone()).collect();
    for p in providers {
        store.add(p)?;
    }
    store.save()?;
    if out.json {
        out.json(&json!({"added": slugs}));
    } else {
        out.text(&format!(
            "added {} ({})",
            slugs.join(", "),
            store.path().display()
        ));
    }
    Ok(EXIT_OK)
}

fn edit(store: &mut Store, a: EditArgs, out: &Output) -> Result<i32, Error> {
    let old = store.get(&a.slug)?.clone();
    if a.sets.is_empty() && a.unsets.is_empty() && !a.password_stdin {
        return Err(Error::Usage(
            "nothing to change: give --set key=value, --unset key or --password-stdin".into(),
        ));
    }
    let sets = split_sets(&a.sets)?;
    let mut p = apply(&old, &sets, &a.unsets).map_err(Error::Usage)?;
    if a.password_stdin {
        p.bind_password = Some(read_password_stdin()?);
    }
    let new_slug = p.slug.clone();
    let changed: Vec<String> = sets
        .iter()
        .map(|(k, _)| k.clone())
        .chain(a.unsets.iter().map(|k| format!("-{k}")))
        .chain(a.password_stdin.then(|| "bind_password".to_string()))
        .collect();
    store.update(&a.slug, p)?;
    store.save()?;
    done(
        out,
        store,
        &new_slug,
        &format!("updated '{new_slug}': {}", changed.join(", ")),
    )
}

fn set_enabled(store: &mut Store, slug: &str, on: bool, out: &Output) -> Result<i32, Error> {
    let mut p = store.get(slug)?.clone();
    p.enabled = on;
    store.update(slug, p)?;
    store.save()?;
    let word = if on { "enabled" } else { "disabled" };
    done(out, store, slug, &format!("{word} '{slug}'"))
}

/// Provider documents (JSON exports, ldap.conf) are small; more is not one.
const MAX_IMPORT: u64 = 16 << 20;

fn import_cmd(store: &mut Store, a: ImportArgs, out: &Output) -> Result<i32, Error> {
    let format = Format::parse(&a.format).map_err(Error::Usage)?;
    let files = match a.file.as_deref() {
        Some("-") => vec![(
            "standard input".to_string(),
            super::input::read_text("-", MAX_IMPORT)?,
        )],
        Some(f) => vec![(f.to_string(), super::input::read_text(f, MAX_IMPORT)?)],
        None if matches!(format, None | Some(Format::LdapConf)) => ldap_conf_files()?,
        None => {
            return Err(Error::Usage(
                "name the JSON file to import (or - for standard input)".into(),
            ));
        }
    };
    // ldap.conf when asked for, or when `auto` finds no JSON but ldap.conf's keywords.
    let conf = match format {
        Some(f) => f == Format::LdapConf,
        None => {
            a.file.is_none()
                || (serde_json::from_str::<Value>(&files[0].1).is_err()
                    && ldap_conf::looks_like(&files[0].1))
        }
    };
    let mut imported = if conf {
        vec![ldap_conf::import(&files, a.slug.as_deref()).map_err(crate::config::Error::Import)?]
    } else {
        import(&files[0].1, format)?
    };
    if let Some(slug) = &a.slug {
        if imported.len() != 1 {
            return Err(Error::Usage(format!(
                "--slug names one provider, but the document holds {}",
                imported.len()
            )));
        }
        imported[0].provider.slug = slug.clone();
    }
    // Check everything first so that a bad item leaves the file untouched.
    for imp in &imported {
        let exists = store.get(&imp.provider.slug).is_ok();
        if exists && !a.replace {
            return Err(crate::config::Error::SlugExists(imp.provider.slug.clone()).into());
        }
    }
    for imp in &imported {
        let slug = imp.provider.slug.clone();
        if store.get(&slug).is_ok() {
            store.update(&slug, imp.provider.clone())?;
        } else {
            store.add(imp.provider.clone())?;
        }
    }
    if !a.dry_run {
        store.save()?;
    }
    if out.json {
        let items: Vec<Value> = imported
            .iter()
            .map(|i| {
                json!({
                    "slug": i.provider.slug,
                    "format": i.format.as_str(),
                    "notes": i.notes,
                    "unmapped": i.unmapped,
                    "provider": provider_json(&i.provider),
                })
            })
            .collect();
        out.json(&json!({"imported": items, "dry_run": a.dry_run}));
    } else {
        for i in &imported {
            for n in &i.notes {
                out.note(&format!("{}: {n}", i.provider.slug));
            }
            if !i.unmapped.is_empty() {
                out.warn(&format!(
                    "{}: these {} fields have no home in ldapdeck and were not imported: {}",
                    i.provider.slug,
                    i.format.as_str(),
                    i.unmapped.join(", ")
                ));
            }
            let verb = if a.dry_run {
                "would import"
            } else {
                "imported"
            };
            out.text(&format!(
                "{verb} '{}' ({} {}) from {}",
                i.provider.slug,
                i.provider.server_type.as_str(),
                i.provider.urls.join(" "),
                i.format.as_str()
            ));
        }
        if a.dry_run {
            out.text("dry run: nothing was written");
        }
    }
    Ok(EXIT_OK)
}

/// The client files OpenLDAP's tools read, in their order (later ones override): $LDAPCONF
/// or /etc/ldap/ldap.conf, then $HOME/ldaprc, $HOME/.ldaprc and ./ldaprc (or the names
/// $LDAPRC gives), those that exist.
fn ldap_conf_files() -> Result<Vec<(String, String)>, Error> {
    let home = std::env::var("HOME").unwrap_or_default();
    let mut candidates =
        vec![std::env::var("LDAPCONF").unwrap_or_else(|_| "/etc/ldap/ldap.conf".into())];
    let rc = std::env::var("LDAPRC").unwrap_or_else(|_| "ldaprc".into());
    candidates.extend([
        format!("{home}/{rc}"),
        format!("{home}/.{rc}"),
        format!("./{rc}"),
    ]);
    let files: Vec<(String, String)> = candidates
        .iter()
        .filter(|f| std::path::Path::new(f).is_file())
        .map(|f| super::input::read_text(f, MAX_IMPORT).map(|t| (f.clone(), t)))
        .collect::<Result<Vec<_>, Error>>()?
        .into_iter()
        .collect();
    if files.is_empty() {
        return Err(Error::Input(format!(
            "no ldap.conf to import: looked for {}; name the file",
            candidates.join(", ")
        )));
    }
    Ok(files)
}

fn export_cmd(store: &Store, a: ExportArgs, out: &Output) -> Result<i32, Error> {
    let format = ExportFormat::parse(&a.format).map_err(Error::Usage)?;
    let p = store.get(&a.slug)?;
    let exported = export(p, format, a.include_secrets);
    for n in &exported.notes {
        out.note(n);
    }
    if out.json && format != ExportFormat::Toml {
        let doc: Value = serde_json::from_str(&exported.text).unwrap_or(Value::Null);
        out.json(&json!({"format": a.format, "document": doc, "notes": exported.notes}));
    } else if out.json {
        out.json(&json!({"format": "toml", "document": exported.text, "notes": exported.notes}));
    } else {
        out.text(&exported.text);
    }
    Ok(EXIT_OK)
}
