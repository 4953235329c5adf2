//! `deleted list SLUG`: Active Directory's deleted objects (tombstones, and recycled objects
//! where the Recycle Bin is on), read with the Show Deleted control: name, last known parent,
//! when, and the objectGUID that an undelete takes.

use clap::{Args, Subcommand};
use ldap3::Scope;
use serde_json::{Value, json};

use super::output::{Output, table};
use super::password::PasswordArgs;
use super::write::{connect, runtime};
use crate::config::ServerType;
use crate::error::{EXIT_OK, Error};
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::read::record::values;
use crate::ldap::write::undelete::{guid_of, show_deleted, tombstone_name};

/// Deleted objects read at most.
const MAX_DELETED: usize = 10_000;

/// `deleted ...`
#[derive(Debug, Subcommand)]
pub enum DeletedCmd {
    /// List the deleted objects (AD): name, last known parent, deletion time, objectGUID.
    List(ListArgs),
    /// Bring a deleted object back by its objectGUID (reanimation: delete isDeleted, set
    /// distinguishedName), previewed, confirmed, journaled; undo deletes it again.
    Restore(RestoreArgs),
}

/// `deleted restore`
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Provider slug.
    pub slug: String,
    /// The object's GUID, as `deleted list` shows it.
    pub guid: String,
    /// Another name (the RDN value) when the old one is taken.
    #[arg(long)]
    pub name: Option<String>,
    /// Another parent DN when the last known one is gone or deleted.
    #[arg(long)]
    pub parent: Option<String>,
    #[command(flatten)]
    confirm: super::write::Confirm,
    #[command(flatten)]
    password: PasswordArgs,
}

/// `deleted list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Provider slug.
    pub slug: String,
    /// A raw RFC 4515 filter ANDed with (isDeleted=TRUE), e.g. (objectClass=user).
    #[arg(long)]
    pub filter: Option<String>,
    #[command(flatten)]
    password: PasswordArgs,
}

fn ad_only(p: &crate::config::Provider) -> Result<(), Error> {
    if p.server_type != ServerType::ActiveDirectory {
        return Err(Error::Usage(format!(
            "{} is not Active Directory: deleted objects are AD's (server_type = \"active_directory\")",
            p.slug
        )));
    }
    Ok(())
}

/// `deleted ...`.
pub fn run(path: &std::path::Path, cmd: DeletedCmd, out: &Output) -> Result<i32, Error> {
    let a = match cmd {
        DeletedCmd::List(a) => a,
        DeletedCmd::Restore(r) => return restore(path, r, out),
    };
    let p = out.load(path)?.get(&a.slug)?.clone();
    ad_only(&p)?;
    let extra = match &a.filter {
        Some(f) => crate::syntax::filter::parse_filter(f)
            .map_err(|e| Error::Usage(format!("--filter: {e}")))?
            .to_string(),
        None => String::new(),
    };
    let filter = format!("(&(isDeleted=TRUE){extra})");
    let found = runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let root =
            crate::ldap::read::search::base_entry(&mut c.session, "", &["defaultNamingContext"])
                .await
                .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?;
        let domain = values(&root, "defaultNamingContext")
            .into_iter()
            .next()
            .or(p.base_dn.clone())
            .unwrap_or_default();
        let r = crate::ldap::read::search::read_with(
            &mut c.session,
            show_deleted(),
            &domain,
            Scope::Subtree,
            &filter,
            &[
                "objectGUID",
                "msDS-LastKnownRDN",
                "lastKnownParent",
                "whenChanged",
                "isRecycled",
                "objectClass",
            ],
            MAX_DELETED,
        )
        .await;
        let ctx = c.ctx.clone();
        c.session.close().await;
        r.map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &ctx)))
    })?;
    let mut rows = Vec::new();
    let mut list = Vec::new();
    for e in &found.entries {
        let guid = guid_of(e).unwrap_or_default();
        let first = |a: &str| values(e, a).into_iter().next().unwrap_or_default();
        let name = tombstone_name(e);
        let parent = first("lastKnownParent");
        let when = first("whenChanged");
        let recycled = first("isRecycled").eq_ignore_ascii_case("TRUE");
        // The Deleted Objects container is itself "deleted"; it is not an object to restore.
        if name.is_empty() && parent.is_empty() {
            continue;
        }
        let class = values(e, "objectClass").last().cloned().unwrap_or_default();
        rows.push(vec![
            crate::text::visible(&name).into_owned(),
            class.clone(),
            when.clone(),
            guid.clone(),
            crate::text::visible(&parent).into_owned(),
            if recycled {
                "tombstone".into()
            } else {
                "recycle bin".into()
            },
        ]);
        list.push(json!({
            "name": name, "class": class, "deleted": when, "guid": guid,
            "last_known_parent": parent, "recycled": recycled, "dn": e.dn,
        }));
    }
    if out.json {
        out.json(&Value::Array(list));
    } else {
        out.text(&table(
            &["NAME", "CLASS", "WHEN", "GUID", "LAST KNOWN PARENT", "AS"],
            &rows,
        ));
        if found.more {
            out.note(&format!(
                "stopped at {MAX_DELETED} deleted objects: narrow with --filter"
            ));
        }
    }
    Ok(EXIT_OK)
}

/// `deleted restore`.
fn restore(path: &std::path::Path, a: RestoreArgs, out: &Output) -> Result<i32, Error> {
    use crate::ldap::failure::cause::{Cause, Diagnosis};
    let p = super::write::writable(out, path, &a.slug)?;
    ad_only(&p)?;
    runtime()?.block_on(async {
        use crate::ldap::write::undelete::{Refusal, plan_restore};
        let mut c = connect(&p, &a.password).await?;
        let planned = plan_restore(
            &mut c.session,
            &a.guid,
            a.name.as_deref(),
            a.parent.as_deref(),
        )
        .await;
        let change = match planned {
            Ok(change) => change,
            Err(why) => {
                let e = match why {
                    Refusal::Ldap(e) => Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)),
                    Refusal::NotFound(m) => Error::NotFound("no_such_entry", m),
                    Refusal::Conflict(m, _) => {
                        let hint = if m.contains("exists already") {
                            "give another name with --name or another parent with --parent"
                        } else {
                            "restore the parent first, or give another with --parent DN"
                        };
                        Error::Ldap(Diagnosis::new(Cause::Conflict, m, hint))
                    }
                };
                c.session.close().await;
                return Err(e);
            }
        };
        let dn = change.dn().to_string();
        if !super::write::confirm(&change.ldif(), &a.confirm, out)? {
            c.session.close().await;
            return Ok(EXIT_OK);
        }
        let rec = super::write::commit(&p, &mut c, &change, None, None).await?;
        c.session.close().await;
        super::write::report(out, &rec, json!({"restored": dn}));
        Ok(EXIT_OK)
    })
}
