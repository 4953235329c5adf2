//! Runs LDAP work on tokio for the console: one task per job, results back as actions,
//! cancellation by abort (dropping the connections), and panics turned into failures.

mod browse;
mod bulk;
mod compare;
mod tree;
mod write;
mod write_any;

use std::collections::HashMap;

use std::pin::Pin;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::app::action::{Action, JobEvent, JobId};
use crate::config::secrets::{describe, resolve};
use crate::config::{Provider, Secret};
use crate::ldap::authorize::authorize;
use crate::ldap::doctor::{self, Password, Report, Step};
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::net::connect::Connected;

/// A job's work on a bound connection.
type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The running jobs.
pub struct Jobs {
    tx: UnboundedSender<Action>,
    running: HashMap<JobId, [AbortHandle; 2]>,
    /// Jobs that stop between changes instead of being dropped (a batch being sent: dropped
    /// mid-way, its journal record would lose the undo of what it applied).
    soft: HashMap<JobId, std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

/// Wall-clock time as HH:MM:SSZ (UTC), for "last tested at".
pub fn now_hms() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    crate::ldap::net::tls::rfc3339(secs)[11..].to_string()
}

/// The service password as the doctor wants it: typed, the provider's source, or anonymous.
/// Runs the source (a command may take a while) off the async threads.
pub async fn service_password(p: &Provider, typed: Option<Secret>) -> Password {
    if let Some(s) = typed {
        return Password::Given(s, "typed in the console".into());
    }
    if p.bind_dn.is_none() {
        return Password::Anonymous;
    }
    let q = p.clone();
    let resolved = tokio::task::spawn_blocking(move || resolve(&q)).await;
    match resolved {
        Ok(Ok(Some(s))) => Password::Given(s, describe(&p.password_source())),
        Ok(Ok(None)) => Password::Unavailable(Diagnosis::new(
            Cause::PasswordMissing,
            "no password source and none was typed",
            "set a password source in the provider, or type the password when asked",
        )),
        Ok(Err(e)) => Password::Unavailable(Diagnosis::new(
            Cause::PasswordSource,
            e.to_string(),
            "fix the password source in the provider",
        )),
        Err(e) => Password::Unavailable(Diagnosis::new(
            Cause::PasswordSource,
            e.to_string(),
            "try again",
        )),
    }
}

const CRASHED: &str = "the LDAP client crashed on data from the server";

/// A bound connection for a job, or the failure to report.
async fn bound(provider: &Provider, typed: Option<Secret>) -> Result<Connected, JobEvent> {
    let password = service_password(provider, typed).await;
    let setup = crate::ldap::net::tls::setup(provider.ca_file.as_deref(), provider.tls_verify)
        .map_err(|e| JobEvent::Failed(e.to_string()))?;
    crate::ldap::net::connect::open_bound(provider, &setup, password)
        .await
        .map(|(c, _)| c)
        .map_err(|d| JobEvent::Failed(d.to_string()))
}

impl Jobs {
    /// Jobs that report on `tx`.
    pub fn new(tx: UnboundedSender<Action>) -> Jobs {
        Jobs {
            tx,
            running: HashMap::new(),
            soft: HashMap::new(),
        }
    }

    fn spawn(
        &mut self,
        job: JobId,
        work: impl Future<Output = JobEvent> + Send + 'static,
        on_panic: JobEvent,
    ) {
        self.running.retain(|_, h| !h[1].is_finished());
        let tx = self.tx.clone();
        let inner = tokio::spawn(work);
        let work_handle = inner.abort_handle();
        let outer = tokio::spawn(async move {
            let ev = match inner.await {
                Ok(ev) => ev,
                // ldap3 can panic on malformed server data: the job fails, the console lives.
                Err(e) if e.is_panic() => on_panic,
                Err(_) => return,
            };
            let _ = tx.send(Action::Job(job, ev));
        });
        self.running
            .insert(job, [work_handle, outer.abort_handle()]);
    }

    /// Runs the doctor, streaming each step.
    pub fn start_test(&mut self, job: JobId, provider: Provider, typed: Option<Secret>) {
        let tx = self.tx.clone();
        let slug = provider.slug.clone();
        let work = async move {
            let password = service_password(&provider, typed).await;
            let mut send = |s: &Step| {
                let _ = tx.send(Action::Job(job, JobEvent::Step(s.clone())));
            };
            let report = doctor::run(&provider, password, &mut send).await;
            JobEvent::TestDone(report, now_hms())
        };
        let crashed = Report::crashed(&slug, "");
        self.spawn(job, work, JobEvent::TestDone(crashed, now_hms()));
    }

    /// Authorizes a user.
    pub fn start_authorize(
        &mut self,
        job: JobId,
        provider: Provider,
        user: String,
        password: Secret,
        service: Option<Secret>,
    ) {
        let mut crashed = crate::ldap::authorize::Outcome::crashed(&provider, &user);
        crashed.reason = "the LDAP client crashed on data from the server".into();
        let work = async move {
            let svc = service_password(&provider, service).await;
            JobEvent::AuthDone(Box::new(authorize(&provider, svc, &user, &password).await))
        };
        self.spawn(job, work, JobEvent::AuthDone(Box::new(crashed)));
    }

    /// Runs `work` on a connection of its own, bound as the provider's service account (or
    /// with the typed password), closed afterwards; a bind failure is the job's answer.
    fn spawn_bound<F>(&mut self, job: JobId, provider: Provider, typed: Option<Secret>, work: F)
    where
        F: for<'a> FnOnce(&'a Provider, &'a mut Connected) -> BoxFuture<'a, JobEvent>
            + Send
            + 'static,
    {
        let run = async move {
            match bound(&provider, typed).await {
                Ok(mut c) => {
                    let ev = work(&provider, &mut c).await;
                    c.session.close().await;
                    ev
                }
                Err(ev) => ev,
            }
        };
        self.spawn(job, run, JobEvent::Failed(CRASHED.into()));
    }

    /// Loads something for the browser.
    pub fn start_browse(
        &mut self,
        job: JobId,
        provider: Provider,
        typed: Option<Secret>,
        load: crate::app::browser::Load,
    ) {
        let tx = self.tx.clone();
        self.spawn_bound(job, provider, typed, move |p, c| {
            Box::pin(async move { browse::run(p, c, load, &tx, job).await })
        });
    }

    /// Loads something for the directory tree.
    pub fn start_tree(
        &mut self,
        job: JobId,
        provider: Provider,
        typed: Option<Secret>,
        load: crate::app::tree::TreeLoad,
    ) {
        let tx = self.tx.clone();
        self.spawn_bound(job, provider, typed, move |p, c| {
            Box::pin(async move { tree::run(p, c, load, &tx, job).await })
        });
    }

    /// Reads the server's schema.
    pub fn start_schema(
        &mut self,
        job: JobId,
        provider: Provider,
        typed: Option<Secret>,
        dn: Option<String>,
    ) {
        self.spawn_bound(job, provider, typed, move |_, c| {
            Box::pin(async move { tree::schema(c, dn.as_deref()).await })
        });
    }

    /// Reads an entry and works out a write's changes (nothing is sent).
    pub fn start_plan(
        &mut self,
        job: JobId,
        provider: Provider,
        typed: Option<Secret>,
        intent: crate::app::write::Intent,
    ) {
        self.spawn_bound(job, provider, typed, |p, c| {
            Box::pin(write::plan(p, c, intent))
        });
    }

    /// Sends the changes the user saw, and journals them.
    pub fn start_send(
        &mut self,
        job: JobId,
        provider: Provider,
        typed: Option<Secret>,
        planned: crate::app::write::Planned,
    ) {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        if planned.batch {
            self.soft.insert(job, stop.clone());
        }
        let tx = self.tx.clone();
        self.spawn_bound(job, provider, typed, move |p, c| {
            Box::pin(async move { write::send(p, c, planned, (&tx, job), &stop).await })
        });
    }

    /// Reads every group and the user's memberships.
    pub fn start_groups(
        &mut self,
        job: JobId,
        provider: Provider,
        typed: Option<Secret>,
        dn: String,
    ) {
        self.spawn_bound(job, provider, typed, move |p, c| {
            Box::pin(async move { write::groups(p, c, &dn).await })
        });
    }

    /// Reads two users and their groups for the comparison.
    pub fn start_compare(
        &mut self,
        job: JobId,
        provider: Provider,
        typed: Option<Secret>,
        a: String,
        b: String,
    ) {
        self.spawn_bound(job, provider, typed, move |p, c| {
            Box::pin(async move { compare::users(p, c, &a, &b).await })
        });
    }

    /// Reads a user's fields for the edit dialog.
    pub fn start_edit(
        &mut self,
        job: JobId,
        provider: Provider,
        typed: Option<Secret>,
        dn: String,
    ) {
        self.spawn_bound(job, provider, typed, move |p, c| {
            Box::pin(async move { write::fields(p, c, &dn).await })
        });
    }

    /// Generates a password (reads the kernel's random source).
    pub fn start_generate(&mut self, job: JobId) {
        let work = async move {
            let made =
                tokio::task::spawn_blocking(|| crate::ldap::write::password_reset::generate(20))
                    .await;
            match made {
                Ok(Ok(pw)) => JobEvent::Generated(Secret::new(pw)),
                Ok(Err(e)) => JobEvent::Failed(format!("cannot read /dev/urandom: {e}")),
                Err(e) => JobEvent::Failed(e.to_string()),
            }
        };
        self.spawn(job, work, JobEvent::Failed("generating crashed".into()));
    }

    /// Reads a provider's journal (a local file, off the async threads).
    pub fn start_journal(&mut self, job: JobId, slug: String) {
        let work = async move {
            let read = tokio::task::spawn_blocking(move || {
                crate::journal::list(&crate::journal::dir(), Some(&slug))
            })
            .await;
            match read {
                Ok(Ok(records)) => JobEvent::Journal(records),
                Ok(Err(e)) => JobEvent::Failed(e.to_string()),
                Err(e) => JobEvent::Failed(e.to_string()),
            }
        };
        self.spawn(
            job,
            work,
            JobEvent::Failed("reading the journal crashed".into()),
        );
    }

    /// Stops a job: its task and connections are dropped, and the app hears `Cancelled`.
    pub fn cancel(&mut self, job: JobId) {
        self.soft
            .retain(|j, _| self.running.get(j).is_some_and(|h| !h[1].is_finished()));
        if let Some(stop) = self.soft.get(&job) {
            // A batch stops after the change being sent and reports what it did.
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            return;
        }
        // Aborting the work drops its ldap3 handles, which closes its connections.
        if let Some([work, waiter]) = self.running.remove(&job) {
            waiter.abort();
            work.abort();
        }
        let _ = self.tx.send(Action::Job(job, JobEvent::Cancelled));
    }

    /// Stops everything (on quit).
    pub fn cancel_all(&mut self) {
        for (_, [work, waiter]) in self.running.drain() {
            waiter.abort();
            work.abort();
        }
    }
}
