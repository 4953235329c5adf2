//! The terminal: setup and restore (also on panic), the event loop, and running effects.
//!
//! The loop waits on terminal events, job messages and, only while a job runs, a spinner
//! tick; it drains everything ready, then draws once. Idle, it uses no CPU.

use std::io::stdout;
use std::time::Duration;

use color_eyre::eyre::{Result, WrapErr};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event, EventStream};
use crossterm::execute;
use futures::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use crate::app::App;
use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::config::Store;
use crate::jobs::Jobs;
use crate::ui::{self, theme::Theme};

/// Opens the console on a loaded providers file; `demo`: quitting removes the demo directory.
pub fn run(store: Store, demo: bool) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .wrap_err("cannot start the async runtime")?;
    rt.block_on(async {
        // ratatui::init restores the terminal before any panic report (it wraps color-eyre's hook).
        let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
        only_ui_panics_restore();
        let _ = execute!(stdout(), EnableBracketedPaste);
        let result = event_loop(&mut terminal, store, demo).await;
        let _ = execute!(stdout(), DisableBracketedPaste);
        ratatui::restore();
        result
    })
}

/// The last panic of a background thread (a job); the job itself reports it as failed.
pub static LAST_JOB_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Wraps the panic hook ratatui installed: a panic on the UI thread restores the terminal and
/// reports, as before; one on a worker thread (a job, caught by tokio and reported by the job
/// as failed) must not restore the terminal under a console that goes on, nor print over it.
fn only_ui_panics_restore() {
    let ui = std::thread::current().id();
    let restore_and_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui {
            restore_and_report(info);
        } else if let Ok(mut last) = LAST_JOB_PANIC.lock() {
            *last = Some(info.to_string());
        }
    }));
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    mut store: Store,
    demo: bool,
) -> Result<()> {
    let (tx, mut rx) = unbounded_channel::<Action>();
    let mut events = EventStream::new();
    let mut app = App::new(
        &store.path().display().to_string(),
        store.providers().to_vec(),
    );
    app.demo = demo;
    let mut jobs = Jobs::new(tx.clone());
    let theme = Theme::from_env();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    // A closed SSH session (SIGHUP) or a kill (SIGTERM) ends the console like q does, so the
    // terminal is restored and the demo's slapd and files are removed.
    let mut hangup = signal(SignalKind::hangup()).wrap_err("cannot watch SIGHUP")?;
    let mut term = signal(SignalKind::terminate()).wrap_err("cannot watch SIGTERM")?;
    if std::env::var_os("LDAPDECK_TEST_PANIC").is_some() {
        // Only for the test that checks the terminal is restored after a panic.
        terminal.draw(|f| ui::draw(f, &app, &theme))?;
        panic!("LDAPDECK_TEST_PANIC is set: panicking on purpose");
    }
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|f| ui::draw(f, &app, &theme))?;
            dirty = false;
        }
        let first = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => Action::Key(k),
                Some(Ok(Event::Paste(s))) => Action::Paste(s),
                Some(Ok(Event::Resize(..))) => Action::Resize,
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e).wrap_err("reading the terminal"),
                None => return Ok(()),
            },
            Some(a) = rx.recv() => a,
            _ = tick.tick(), if app.busy() => Action::Tick,
            _ = hangup.recv() => {
                jobs.cancel_all();
                return Ok(());
            }
            _ = term.recv() => {
                jobs.cancel_all();
                return Ok(());
            }
        };
        let mut queue = vec![first];
        while let Ok(a) = rx.try_recv() {
            queue.push(a);
        }
        for action in queue {
            for effect in app.update(action) {
                if !run_effect(effect, &mut jobs, &mut store, &tx) {
                    jobs.cancel_all();
                    return Ok(());
                }
            }
        }
        dirty = true;
    }
}

/// Runs one effect; false means quit.
fn run_effect(
    effect: Effect,
    jobs: &mut Jobs,
    store: &mut Store,
    tx: &UnboundedSender<Action>,
) -> bool {
    match effect {
        Effect::Quit => return false,
        Effect::StartTest {
            job,
            provider,
            password,
        } => jobs.start_test(job, *provider, password),
        Effect::StartAuthorize {
            job,
            provider,
            user,
            password,
            service_password,
        } => jobs.start_authorize(job, *provider, user, password, service_password),
        Effect::Cancel(job) => jobs.cancel(job),
        Effect::Browse {
            job,
            provider,
            password,
            load,
        } => jobs.start_browse(job, *provider, password, load),
        Effect::PlanWrite {
            job,
            provider,
            password,
            intent,
        } => jobs.start_plan(job, *provider, password, intent),
        Effect::SendWrite {
            job,
            provider,
            password,
            planned,
        } => jobs.start_send(job, *provider, password, *planned),
        Effect::LoadJournal { job, slug } => jobs.start_journal(job, slug),
        Effect::GeneratePassword { job } => jobs.start_generate(job),
        Effect::LoadEdit {
            job,
            provider,
            password,
            dn,
        } => jobs.start_edit(job, *provider, password, dn),
        Effect::Tree {
            job,
            provider,
            password,
            load,
        } => jobs.start_tree(job, *provider, password, load),
        Effect::LoadSchema {
            job,
            provider,
            password,
            dn,
        } => jobs.start_schema(job, *provider, password, dn),
        Effect::Compare {
            job,
            provider,
            password,
            a,
            b,
        } => jobs.start_compare(job, *provider, password, a, b),
        Effect::LoadGroups {
            job,
            provider,
            password,
            dn,
        } => jobs.start_groups(job, *provider, password, dn),
        Effect::Copy(text) => {
            use base64::Engine;
            use std::io::Write;
            // OSC 52: the terminal (also over SSH, also in tmux with set-clipboard) copies it.
            let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
            let mut out = stdout();
            let _ = write!(out, "\x1b]52;c;{b64}\x07");
            let _ = out.flush();
        }
        Effect::Save { original, provider } => {
            let result = write(store, |s| match &original {
                Some(slug) => s.update(slug, *provider),
                None => s.add(*provider),
            });
            let _ = tx.send(Action::Saved(result));
        }
        Effect::Reload => {
            let result = Store::load(store.path())
                .map(|fresh| {
                    *store = fresh;
                    store.providers().to_vec()
                })
                .map_err(|e| e.to_string());
            let _ = tx.send(Action::Reloaded(result));
        }
        Effect::Reapply {
            original,
            base,
            provider,
        } => {
            let result = Store::load(store.path())
                .map_err(|e| e.to_string())
                .and_then(|mut fresh| {
                    let merged = match &original {
                        Some(slug) => {
                            let theirs = fresh.get(slug).map_err(|e| e.to_string())?.clone();
                            crate::config::reapply(&base, &provider, &theirs)?
                        }
                        None => *provider,
                    };
                    let r = write(&mut fresh, |s| match &original {
                        Some(slug) => s.update(slug, merged),
                        None => s.add(merged),
                    });
                    if r.is_ok() {
                        *store = fresh;
                    }
                    r
                });
            let _ = tx.send(Action::Saved(result));
        }
        Effect::Delete(slug) => {
            let result = write(store, |s| s.remove(&slug).map(|_| ()));
            let _ = tx.send(Action::Saved(result));
        }
    }
    true
}

/// Applies a change to a copy of the store and saves it; the store changes only on success.
fn write(
    store: &mut Store,
    change: impl FnOnce(&mut Store) -> std::result::Result<(), crate::config::Error>,
) -> std::result::Result<Vec<crate::config::Provider>, String> {
    let mut next = store.clone();
    change(&mut next).map_err(|e| e.to_string())?;
    next.save().map_err(|e| e.to_string())?;
    *store = next;
    Ok(store.providers().to_vec())
}
