//! The tree's loads: roots, children streamed in batches, a search from a node, an LDIF
//! export into a file, what an opened entry is, and the schema.

use std::io::Write;
use std::time::Duration;

use ldap3::Scope;
use tokio::sync::mpsc::UnboundedSender;

use crate::app::action::{Action, JobEvent, JobId};
use crate::app::tree::{Cut, TreeLoad};
use crate::config::Provider;
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::read::dit::Ended;
use crate::ldap::read::tree::{self, CHILD_ATTRS, Node};
use crate::ldap::write::change::is_secret;

/// The first batch is small so the first children show at once; later ones are bigger.
const FIRST_BATCH: usize = 50;
const BATCH: usize = 2_000;
/// An export says how far it got every this many entries.
const PROGRESS_EVERY: usize = 500;
/// Esc stops a long load; every page is still bounded by the provider's timeout.
const WHOLE: Duration = Duration::from_secs(3600);

fn failed(c: &Connected, e: &ldap3::LdapError) -> JobEvent {
    JobEvent::Failed(classify_ldap(e, Phase::Search, &c.ctx).to_string())
}

/// Runs one load on a bound connection.
pub async fn run(
    p: &Provider,
    c: &mut Connected,
    load: TreeLoad,
    tx: &UnboundedSender<Action>,
    job: JobId,
) -> JobEvent {
    match load {
        TreeLoad::Roots => match tree::roots(&mut c.session).await {
            Ok(nodes) => {
                let _ = tx.send(Action::Job(job, JobEvent::TreeNodes(nodes)));
                JobEvent::TreeDone(None)
            }
            Err(e) => failed(c, &e),
        },
        TreeLoad::Children(parent, limit) => {
            let mut stream = Batches::new(tx, job);
            let r = tree::children(&mut c.session, &parent, limit, WHOLE, &mut |n| {
                stream.push(n);
                true
            })
            .await;
            stream.flush();
            ended(c, r, limit)
        }
        TreeLoad::Search {
            base,
            filter,
            subtree,
            limit,
        } => {
            let scope = if subtree {
                Scope::Subtree
            } else {
                Scope::OneLevel
            };
            let attrs: Vec<String> = CHILD_ATTRS.iter().map(|a| a.to_string()).collect();
            let mut stream = Batches::new(tx, job);
            let r = crate::ldap::read::dit::search(
                &mut c.session,
                &base,
                scope,
                &filter,
                &attrs,
                Some(limit),
                WHOLE,
                &mut |e| {
                    stream.push(tree::node_of(&e));
                    true
                },
            )
            .await;
            stream.flush();
            ended(c, r, limit)
        }
        TreeLoad::Export {
            base,
            subtree,
            path,
            secrets,
        } => export(c, (&base, subtree), (&path, secrets), tx, job).await,
        TreeLoad::Open(dn) => {
            match crate::ldap::read::directory::role_of(p, &mut c.session, &dn).await {
                Ok(role) => JobEvent::Opened(dn, role),
                Err(e) => failed(c, &e),
            }
        }
    }
}

/// How a streamed load ended.
fn ended(c: &Connected, r: Result<Ended, ldap3::LdapError>, limit: usize) -> JobEvent {
    match r {
        Ok(e) if e.truncated => JobEvent::TreeDone(Some(Cut::SizeLimit)),
        Ok(e) if e.entries >= limit => JobEvent::TreeDone(Some(Cut::Cap)),
        Ok(_) => JobEvent::TreeDone(None),
        Err(e) => failed(c, &e),
    }
}

/// Nodes sent to the console in batches: a small first one, then bigger ones.
struct Batches<'a> {
    tx: &'a UnboundedSender<Action>,
    job: JobId,
    batch: Vec<Node>,
    sent: usize,
}

impl<'a> Batches<'a> {
    fn new(tx: &'a UnboundedSender<Action>, job: JobId) -> Batches<'a> {
        Batches {
            tx,
            job,
            batch: Vec::with_capacity(FIRST_BATCH),
            sent: 0,
        }
    }

    fn push(&mut self, n: Node) {
        self.batch.push(n);
        if self.batch.len() >= if self.sent == 0 { FIRST_BATCH } else { BATCH } {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        self.sent += self.batch.len();
        let nodes = std::mem::take(&mut self.batch);
        let _ = self
            .tx
            .send(Action::Job(self.job, JobEvent::TreeNodes(nodes)));
    }
}

/// A file being written: removed again unless it was finished (a cancelled or failed
/// export leaves no half file that looks whole).
struct Partial {
    path: std::path::PathBuf,
    done: bool,
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Creates the export file: new only (an existing file is never overwritten), 0600.
fn create(path: &str) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

async fn export(
    c: &mut Connected,
    (base, subtree): (&str, bool),
    (path, secrets): (&str, bool),
    tx: &UnboundedSender<Action>,
    job: JobId,
) -> JobEvent {
    let file = match create(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return JobEvent::Failed(format!(
                "{path} exists already: nothing was written (give another file name)"
            ));
        }
        Err(e) => return JobEvent::Failed(format!("cannot create {path}: {e}")),
    };
    let mut guard = Partial {
        path: path.into(),
        done: false,
    };
    let mut w = std::io::BufWriter::new(file);
    let mut io_error: Option<std::io::Error> = None;
    let mut n = 0usize;
    if let Err(e) = w.write_all(b"version: 1\n\n") {
        return JobEvent::Failed(format!("cannot write {path}: {e}"));
    }
    let scope = if subtree { Scope::Subtree } else { Scope::Base };
    let r = crate::ldap::read::dit::search(
        &mut c.session,
        base,
        scope,
        "(objectClass=*)",
        &["*".to_string()],
        None,
        WHOLE,
        &mut |mut e| {
            if !secrets {
                e.attrs.retain(|k, _| !is_secret(k));
                e.bin_attrs.retain(|k, _| !is_secret(k));
            }
            if let Err(err) = w.write_all(crate::syntax::ldif::entry(&e).as_bytes()) {
                io_error = Some(err);
                return false;
            }
            n += 1;
            if n.is_multiple_of(PROGRESS_EVERY) {
                let _ = tx.send(Action::Job(job, JobEvent::Progress(n)));
            }
            true
        },
    )
    .await;
    if let Some(e) = io_error {
        return JobEvent::Failed(format!("cannot write {path}: {e}"));
    }
    let ended = match r {
        Ok(e) => e,
        Err(e) => return failed(c, &e),
    };
    if let Err(e) = w.flush().and_then(|_| w.get_ref().sync_all()) {
        return JobEvent::Failed(format!("cannot write {path}: {e}"));
    }
    guard.done = true;
    JobEvent::Exported(n, ended.truncated)
}

/// Reads the schema, and the object classes of `dn`.
pub async fn schema(c: &mut Connected, dn: Option<&str>) -> JobEvent {
    let classes = match dn {
        Some(dn) => {
            match crate::ldap::read::search::base_entry(&mut c.session, dn, &["objectClass"]).await
            {
                Ok(e) => crate::ldap::read::record::values(&e, "objectClass"),
                Err(e) => return failed(c, &e),
            }
        }
        None => Vec::new(),
    };
    match crate::ldap::read::schema::definitions(&mut c.session).await {
        Ok(defs) => {
            let schema = crate::ldap::read::schema::Schema::parse(
                &defs.classes,
                &defs.attributes,
                &defs.rules,
            );
            JobEvent::Schema(Box::new(crate::ldap::read::schema_view::Read {
                defs,
                schema,
                classes,
            }))
        }
        Err(e) => failed(c, &e),
    }
}
