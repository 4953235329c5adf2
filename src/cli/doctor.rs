//! `ldapdeck test SLUG`: the connection doctor from the shell.

use std::io::IsTerminal;

use serde_json::json;

use super::output::Output;
use super::password::{PasswordArgs, for_bind};
use super::target::{self, Target, TargetArgs};
use crate::config::Provider;
use crate::error::{EXIT_FAILED, EXIT_OK, Error};
use crate::ldap::doctor::{self, Report, Status, Step};

/// Runs the doctor on one provider and prints each step as it ends.
pub fn run(
    path: &std::path::Path,
    target: Option<&str>,
    how: &TargetArgs,
    flags: &PasswordArgs,
    show_commands: bool,
    out: &Output,
) -> Result<i32, Error> {
    let Target { provider: p, adhoc } = target::resolve(path, target, how, out)?;
    let password = for_bind(&p, flags);
    let live = !out.json;
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if live {
        out.text(&header(&p));
    }
    let report = run_blocking(&p, password, move |s| {
        if live {
            // Server text is in the steps: shown visibly.
            let line = render_step(s, colour, show_commands);
            let mut out = std::io::stdout();
            let wrote = std::io::Write::write_all(&mut out, crate::text::visible(&line).as_bytes())
                .and_then(|()| std::io::Write::flush(&mut out));
            if let Err(e) = wrote
                && e.kind() == std::io::ErrorKind::BrokenPipe
            {
                // The reader is gone (`| head -1`): nobody reads the rest, stop quietly.
                std::process::exit(crate::error::EXIT_OK);
            }
        }
    })?;
    // An ad-hoc run ends with the line that saves it (the password's source, never it).
    let save = adhoc.then(|| target::add_command(&p, flags.password_env.as_deref()));
    if out.json {
        let mut v = json!(report);
        if let (Some(line), Some(obj)) = (&save, v.as_object_mut()) {
            obj.insert("save".into(), json!(line));
        }
        out.json(&v);
    } else {
        let name = if adhoc {
            p.urls.join(" ")
        } else {
            p.slug.clone()
        };
        match report.failure() {
            Some(f) => out.text(&format!(
                "\n{name} fails at {}: {}",
                f.step,
                f.cause.unwrap_or("unknown")
            )),
            None => out.text(&format!("\n{name} works.")),
        }
        if let Some(line) = &save {
            out.text(&format!("\nto save it as a provider:\n  {line}"));
        }
    }
    Ok(if report.ok { EXIT_OK } else { EXIT_FAILED })
}

/// Runs the doctor on a fresh runtime; a panic inside ldap3 becomes a failed step.
pub fn run_blocking(
    p: &Provider,
    password: doctor::Password,
    mut on_step: impl FnMut(&Step) + Send + 'static,
) -> Result<Report, Error> {
    let rt = runtime()?;
    let provider = p.clone();
    let (tx, rx) = std::sync::mpsc::channel::<Step>();
    let printer = std::thread::spawn(move || {
        for s in rx {
            on_step(&s);
        }
    });
    let result = rt.block_on(async move {
        tokio::spawn(async move {
            let mut send = |s: &Step| {
                let _ = tx.send(s.clone());
            };
            doctor::run(&provider, password, &mut send).await
        })
        .await
    });
    let _ = printer.join();
    Ok(match result {
        Ok(report) => report,
        Err(e) => Report::crashed(&p.slug, &format!(" ({e})")),
    })
}

/// The runtime a headless command runs its LDAP work on.
pub fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Input(format!("cannot start the async runtime: {e}")))
}

fn header(p: &Provider) -> String {
    let mut s = format!(
        "{} ({}) {}",
        p.slug,
        p.server_type.as_str(),
        p.urls.join(" ")
    );
    if !p.tls_verify {
        s.push_str("\n!! tls_verify = false: certificates are NOT verified");
    }
    s
}

/// One step as aligned text lines.
pub fn render_step(s: &Step, colour: bool, show_command: bool) -> String {
    let (mark, code) = match s.status {
        Status::Ok => ("ok  ", "32"),
        Status::Warning => ("warn", "33"),
        Status::Failed => ("FAIL", "31"),
        Status::Skipped => ("skip", "2"),
    };
    let paint = |t: &str| {
        if colour {
            format!("\x1b[{code}m{t}\x1b[0m")
        } else {
            t.to_string()
        }
    };
    let cause = s.cause.map(|c| format!(" [{c}]")).unwrap_or_default();
    let mut out = format!(
        "{} {:<8} {}{cause}  ({} ms)\n",
        paint(mark),
        s.step,
        s.detail,
        s.ms
    );
    for l in &s.lines {
        out.push_str(&format!("              {l}\n"));
    }
    if let Some(h) = &s.hint {
        out.push_str(&format!("              {} {h}\n", paint("hint:")));
    }
    if show_command && let Some(c) = &s.command {
        out.push_str(&format!("              $ {c}\n"));
    }
    out
}
