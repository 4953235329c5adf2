//! Headless commands: clap definitions and dispatch.

mod account;
mod apply;
mod apply_plan;
mod authorize;
mod bulk;
mod compare;
mod deleted;
mod dit;
mod doctor;
mod groups;
mod input;
mod journal;
mod members;
mod output;
mod passwd;
mod password;
mod providers;
mod shell;
mod target;
mod user_create;
mod user_edit;
mod user_stream;
mod users;
mod write;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use output::Output;

use crate::error::Error;

/// ldapdeck: a terminal console for LDAP directories.
#[derive(Debug, Parser)]
#[command(name = "ldapdeck", version = crate::VERSION, about)]
pub struct Cli {
    /// Path of providers.toml (default: $LDAPDECK_CONFIG, else
    /// $XDG_CONFIG_HOME/ldapdeck/providers.toml).
    // Read from the environment by hand: clap's `env` puts `--config <PATH>` in every usage
    // error when the variable is set, as if the flag were required.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Print machine-readable JSON (errors go to stderr as JSON too).
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do; without a command, the console opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage provider configurations in providers.toml.
    #[command(subcommand)]
    Providers(ProvidersCmd),
    /// Find out step by step why a provider does (not) work: DNS, TCP, TLS, bind, RootDSE,
    /// base DN, users, groups. Exit 1 when a step fails.
    ///
    /// The target is a provider's slug, or a server's URL (`ldapdeck test ldaps://dc1:636
    /// --ca-file corp.pem`) with no provider saved: then --type, --bind-dn, --base-dn,
    /// --ca-file, --starttls... describe it (or OpenLDAP's LDAPURI, LDAPBASE, LDAPBINDDN,
    /// LDAPTLS_CACERT), and the report ends with the `providers add` line that saves it.
    Test {
        /// Provider slug, or ldap://host / ldaps://host[:port] (default: $LDAPURI).
        #[arg(value_name = "SLUG|URL")]
        slug: Option<String>,
        /// Where to read the bind password from instead of the provider's source.
        #[command(flatten)]
        password: password::PasswordArgs,
        /// With a URL: how to reach and bind to the server.
        #[command(flatten)]
        target: target::TargetArgs,
        /// Under each step, the command that checks the same by hand (getent, nc, openssl
        /// s_client, ldapwhoami, ldapsearch; the password is asked for, never shown). In
        /// --json every step has its "command".
        #[arg(long)]
        show_commands: bool,
    },
    /// Users of a provider: list, get, create, modify, delete, enable, disable, passwd, groups,
    /// compare, bulk (many from a CSV).
    #[command(subcommand)]
    Users(users::UsersCmd),
    /// The change journal: every write ldapdeck made, with what it replaced; undo any of them.
    #[command(subcommand)]
    Journal(journal::JournalCmd),
    /// Tenants of a provider with a [provider.layout].
    #[command(subcommand)]
    Tenants(users::TreeCmd),
    /// Groups of a provider: list (of a tenant in the ou layout), members (of one group).
    #[command(subcommand)]
    Groups(members::GroupsCmd),
    /// Start a private directory (OpenLDAP slapd on loopback, with TLS) and open the console
    /// on providers that show the doctor at work; everything is removed on exit.
    Demo {
        /// Also generate this many users in the group ou=bulk of tenant acme (e.g. 100000).
        #[arg(long, default_value_t = 0)]
        users: usize,
    },
    /// Search any part of the directory, as ldapsearch does but paged, bounded and readable:
    /// --base, --scope base|one|sub, --filter or --where, --attrs (+ for operational).
    Search(dit::SearchArgs),
    /// One entry by DN, as LDIF or JSON (--operational adds the operational attributes).
    Entry(dit::EntryArgs),
    /// The server's RootDSE: naming contexts, controls, extensions, SASL mechanisms.
    Rootdse(dit::RootDseArgs),
    /// The server's schema: every name, or one object class (MUST/MAY through SUP and DIT
    /// content rules) or attribute type (syntax, matching rules, flags) by name or OID.
    Schema(dit::SchemaArgs),
    /// The directory as a tree: from a DN (default: the naming contexts), --depth levels.
    Tree(dit::TreeArgs),
    /// Active Directory's deleted objects: list, restore.
    #[command(subcommand)]
    Deleted(deleted::DeletedCmd),
    /// Apply an LDIF file (content or change records) as one journaled batch: all checked
    /// first (syntax, DNs, schema), the plan shown, then sent one change at a time with the
    /// conflict check; --dry-run shows the plan only, --continue-on-error goes on after a
    /// failure; `journal undo` takes the applied part back.
    Apply(apply::ApplyArgs),
    /// Log USER in as an application would: find them by login, bind with their password,
    /// report the password policy, status, attributes and groups. Exit 1 when refused.
    ///
    /// The target is a provider's slug or a server's URL, as for `test`; with a URL the
    /// service account is --bind-dn with --bind-password-env/--bind-password-file (or asked
    /// for), else the search is anonymous.
    Authorize {
        /// Provider slug, or ldap://host / ldaps://host[:port].
        #[arg(value_name = "SLUG|URL")]
        slug: String,
        /// The user's login (the provider's attributes.login).
        user: String,
        /// Where to read the user's password from (default: ask without echo).
        #[command(flatten)]
        password: password::PasswordArgs,
        /// With a URL: how to reach the server and bind to search for the user.
        #[command(flatten)]
        target: target::TargetArgs,
    },
    /// Print the completion script for a shell (provider slugs are completed from
    /// providers.toml in bash, zsh and fish). Install, e.g. for bash:
    /// ldapdeck completions bash > ~/.local/share/bash-completion/completions/ldapdeck
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Show the manual page of ldapdeck or of one command (`ldapdeck man users list`):
    /// through man(1) on a terminal, as roff otherwise.
    Man {
        /// The command whose page to show (none: the main page).
        topic: Vec<String>,
    },
    /// The slugs of providers.toml, one per line (for the completion scripts).
    #[command(name = "__complete-slugs", hide = true)]
    CompleteSlugs,
    /// Write every man page into DIR/man (removing pages of commands that are gone) and the
    /// bash, zsh and fish completion scripts into DIR/completions (scripts/assets.sh: the
    /// checked-in assets, which the package takes).
    #[command(name = "__write-assets", hide = true)]
    WriteAssets {
        /// Where `man/` and `completions/` go.
        dir: PathBuf,
    },
}

/// `ldapdeck providers ...`
#[derive(Debug, Subcommand)]
pub enum ProvidersCmd {
    /// List providers.
    List(ListArgs),
    /// Show one provider (passwords shown as <set>).
    Show {
        /// Provider slug.
        slug: String,
    },
    /// Add a provider from flags (presets fill the rest) or from a TOML file.
    Add(Box<AddArgs>),
    /// Change fields of a provider: --set key=value, --unset key.
    Edit(EditArgs),
    /// Copy a provider under a new slug.
    Clone {
        /// Provider to copy.
        slug: String,
        /// Slug of the copy.
        new_slug: String,
    },
    /// Remove a provider.
    Remove {
        /// Provider slug.
        slug: String,
    },
    /// Mark a provider enabled.
    Enable {
        /// Provider slug.
        slug: String,
    },
    /// Mark a provider disabled (kept, listed greyed).
    Disable {
        /// Provider slug.
        slug: String,
    },
    /// Import providers from Akinon, Foreman or Covata JSON, or from OpenLDAP's ldap.conf
    /// (without FILE: the files the OpenLDAP tools read here, /etc/ldap/ldap.conf then
    /// ~/.ldaprc, as ldapsearch does).
    Import(ImportArgs),
    /// Export a provider as Akinon, Foreman or Covata JSON, or as TOML.
    Export(ExportArgs),
}

/// `providers list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only providers with this tag (repeatable; all must match).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Search terms: free text, key=value (exact) or key~value (contains);
    /// keys: name, slug, type, url, tag, location, organization.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Sort keys, comma-separated, '-' for descending: name, slug, type, url, enabled.
    #[arg(
        long,
        default_value = "name",
        value_name = "KEYS",
        allow_hyphen_values = true
    )]
    pub sort: String,
    /// Hide disabled providers.
    #[arg(long)]
    pub enabled_only: bool,
}

/// `providers add`
#[derive(Debug, Args)]
pub struct AddArgs {
    /// Slug of the new provider ([a-z0-9_-], at most 64).
    #[arg(required_unless_present = "from_file")]
    pub slug: Option<String>,
    /// Read [[provider]] tables from this TOML file instead of flags.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["slug", "server_type", "urls"])]
    pub from_file: Option<PathBuf>,
    /// Server type: openldap, posix, free_ipa, 389ds, active_directory, generic.
    #[arg(long = "type", value_name = "TYPE", default_value = "generic")]
    pub server_type: String,
    /// Server URL, ldap:// or ldaps:// (repeat for failover).
    #[arg(
        long = "url",
        value_name = "URL",
        required_unless_present = "from_file"
    )]
    pub urls: Vec<String>,
    /// Display name.
    #[arg(long)]
    pub name: Option<String>,
    /// Upgrade ldap:// with StartTLS.
    #[arg(long)]
    pub starttls: bool,
    /// CA certificate(s) in PEM that sign the server certificate.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Do not verify the server certificate (dangerous; shown as a warning everywhere).
    #[arg(long)]
    pub no_tls_verify: bool,
    /// Connect and operation timeout in seconds (1-600).
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// Service account DN.
    #[arg(long, value_name = "DN")]
    pub bind_dn: Option<String>,
    /// Read the bind password from the first line of standard input (stored in the file).
    #[arg(long)]
    pub password_stdin: bool,
    /// Take the bind password from this environment variable at connect time.
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// Take the bind password from the first line of this file at connect time.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// Run this command (split on spaces, no shell) and use its first output line.
    #[arg(long, value_name = "CMD")]
    pub password_cmd: Option<String>,
    /// Search base DN.
    #[arg(long, value_name = "DN")]
    pub base_dn: Option<String>,
    /// Which entries are users (default: the server type's preset).
    #[arg(long, value_name = "FILTER")]
    pub user_filter: Option<String>,
    /// Where groups live.
    #[arg(long, value_name = "DN")]
    pub groups_base: Option<String>,
    /// AD domain / UPN suffix.
    #[arg(long)]
    pub domain: Option<String>,
    /// A label (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Offer no write operation for this provider.
    #[arg(long)]
    pub read_only: bool,
    /// Add it disabled.
    #[arg(long)]
    pub disabled: bool,
    /// Any other field as key=value (dotted for tables: attributes.mail=mail).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
}

/// `providers edit`
#[derive(Debug, Args)]
pub struct EditArgs {
    /// Provider slug.
    pub slug: String,
    /// Set a field: key=value (dotted for tables: attributes.mail=mail).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// Remove a field.
    #[arg(long = "unset", value_name = "KEY")]
    pub unsets: Vec<String>,
    /// Set bind_password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}

/// `providers import`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// JSON or ldap.conf file, or - for standard input (ldap.conf only: default the files
    /// the OpenLDAP tools read: $LDAPCONF or /etc/ldap/ldap.conf, then ~/ldaprc, ~/.ldaprc,
    /// ./ldaprc or $LDAPRC).
    pub file: Option<String>,
    /// Source: akinon, foreman, covata, ldap.conf or auto.
    #[arg(long, default_value = "auto")]
    pub format: String,
    /// Replace providers whose slug already exists.
    #[arg(long)]
    pub replace: bool,
    /// Slug for the imported provider (only when the document holds one).
    #[arg(long)]
    pub slug: Option<String>,
    /// Show what would be imported; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `providers export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Provider slug.
    pub slug: String,
    /// Target: akinon, foreman, covata or toml.
    #[arg(long)]
    pub format: String,
    /// Include the stored bind password.
    #[arg(long)]
    pub include_secrets: bool,
}

/// Opens the console; a broken providers.toml is reported before the screen opens.
fn console(path: &std::path::Path, out: &Output, demo: bool) -> Result<i32, Error> {
    let store = out.load(path)?;
    match crate::tui::run(store, demo) {
        Ok(()) => Ok(crate::error::EXIT_OK),
        Err(e) => Err(Error::Input(format!("{e:#}"))),
    }
}

/// `ldapdeck demo`: slapd, a temp providers.toml, the console; all removed on exit.
fn demo(users: usize, out: &Output) -> Result<i32, Error> {
    use crate::demo::{Demo, slapd::LaunchError};
    if users > 0 {
        out.note(&format!(
            "generating and loading {users} users into ou=bulk,ou=acme (slapadd)..."
        ));
    }
    let demo = match Demo::start(users) {
        Ok(d) => d,
        Err(crate::demo::Error::Launch(LaunchError::NotInstalled)) => {
            return Err(Error::Usage(format!(
                "ldapdeck demo runs a private OpenLDAP server, and slapd is not installed: {}",
                crate::demo::slapd::INSTALL_HINT
            )));
        }
        Err(e) => return Err(Error::Input(format!("cannot start the demo: {e}"))),
    };
    crate::journal::use_dir(demo.journal_dir());
    let result = console(&demo.config_path(), out, true);
    drop(demo);
    if !out.json {
        out.note("the demo directory was stopped and its files removed");
    }
    result
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let out = Output::new(cli.json);
    let path = crate::config::resolve_path(cli.config);
    let result: Result<i32, Error> = match cli.command {
        None => console(&path, &out, false),
        Some(Command::Demo { users }) => demo(users, &out),
        Some(Command::Completions { shell }) => shell::print_completions(shell),
        Some(Command::Man { topic }) => shell::show_man(&topic),
        Some(Command::CompleteSlugs) => Ok(shell::print_slugs(&path)),
        Some(Command::WriteAssets { dir }) => shell::write_assets(&dir),
        Some(Command::Users(users::UsersCmd::List(a))) => users::list(&path, a, &out),
        Some(Command::Users(users::UsersCmd::Get(a))) => users::get(&path, a, &out),
        Some(Command::Users(users::UsersCmd::Create(a))) => user_create::create(&path, a, &out),
        Some(Command::Users(users::UsersCmd::Modify(a))) => user_edit::modify(&path, a, &out),
        Some(Command::Users(users::UsersCmd::Delete(a))) => user_edit::delete(&path, a, &out),
        Some(Command::Users(users::UsersCmd::Passwd(a))) => passwd::passwd(&path, a, &out),
        Some(Command::Users(users::UsersCmd::Groups(a))) => groups::groups(&path, a, &out),
        Some(Command::Users(users::UsersCmd::Compare(a))) => compare::compare(&path, a, &out),
        Some(Command::Users(users::UsersCmd::Bulk(a))) => bulk::run(&path, a, &out),
        Some(Command::Users(users::UsersCmd::Enable(a))) => {
            account::set_status(&path, a, false, &out)
        }
        Some(Command::Users(users::UsersCmd::Disable(a))) => {
            account::set_status(&path, a, true, &out)
        }
        Some(Command::Journal(c)) => journal::journal_cmd(&path, c, &out),
        Some(Command::Search(a)) => dit::search(&path, a, &out),
        Some(Command::Entry(a)) => dit::entry(&path, a, &out),
        Some(Command::Rootdse(a)) => dit::rootdse(&path, a, &out),
        Some(Command::Schema(a)) => dit::schema(&path, a, &out),
        Some(Command::Tree(a)) => dit::tree(&path, a, &out),
        Some(Command::Deleted(c)) => deleted::run(&path, c, &out),
        Some(Command::Apply(a)) => apply::run(&path, a, &out),
        Some(Command::Tenants(c)) => users::tree(&path, false, c, &out),
        Some(Command::Groups(c)) => members::groups_cmd(&path, c, &out),
        Some(Command::Providers(cmd)) => providers::run(&path, cmd, &out),
        Some(Command::Test {
            slug,
            password,
            target,
            show_commands,
        }) => doctor::run(
            &path,
            slug.as_deref(),
            &target,
            &password,
            show_commands,
            &out,
        ),
        Some(Command::Authorize {
            slug,
            user,
            password,
            target,
        }) => authorize::run(&path, &slug, &target, &user, &password, &out),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            out.error(&e);
            e.exit_code()
        }
    }
}
