//! `groups list|members`: the groups of a provider, and one group's members streamed as
//! `users list` streams users (`--effective`: through nested groups).

use clap::{Args, Subcommand};

use super::output::Output;
use super::password::PasswordArgs;
use crate::error::Error;

/// `groups members`
#[derive(Debug, Args)]
pub struct MembersArgs {
    /// Provider slug.
    pub slug: String,
    /// The group (its cn).
    pub group: String,
    /// Tenant (membership layout with tenants).
    #[arg(long)]
    pub tenant: Option<String>,
    /// Also the members of the groups inside it, at any depth, as `users list --effective`.
    #[arg(long)]
    pub effective: bool,
    /// How deep --effective follows nested groups.
    #[arg(long, value_name = "N", default_value_t = crate::ldap::read::nested::DEFAULT_DEPTH, requires = "effective")]
    pub max_depth: usize,
    /// Extra raw attributes to output, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub attrs: Vec<String>,
    /// Output: table (default on a terminal), json, jsonl, ldif or csv.
    #[arg(long)]
    pub format: Option<String>,
    /// Stop after N members.
    #[arg(long)]
    pub limit: Option<usize>,
    #[command(flatten)]
    password: PasswordArgs,
}

/// `groups list` / `groups members`
#[derive(Debug, Subcommand)]
pub enum GroupsCmd {
    /// List the groups (of a tenant in the ou layout).
    List {
        /// Provider slug.
        slug: String,
        /// Tenant.
        #[arg(long)]
        tenant: Option<String>,
        #[command(flatten)]
        password: PasswordArgs,
    },
    /// A group's members, streamed like `users list` (--effective: through nested groups).
    Members(MembersArgs),
}

/// `groups list|members`.
pub fn groups_cmd(path: &std::path::Path, cmd: GroupsCmd, out: &Output) -> Result<i32, Error> {
    match cmd {
        GroupsCmd::List {
            slug,
            tenant,
            password,
        } => super::users::tree(
            path,
            true,
            super::users::TreeCmd::List {
                slug,
                tenant,
                password,
            },
            out,
        ),
        GroupsCmd::Members(m) => super::users::list(
            path,
            super::users::ListArgs {
                slug: m.slug,
                place: super::users::Place {
                    tenant: m.tenant,
                    group: Some(m.group),
                },
                filter: None,
                where_: None,
                custom: None,
                attrs: m.attrs,
                format: m.format,
                limit: m.limit,
                effective: m.effective,
                max_depth: m.max_depth,
                show_command: false,
                password: m.password,
            },
            out,
        ),
    }
}
