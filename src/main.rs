//! ldapdeck's entry point: parse the command line, run it, exit with its code.

use clap::Parser;

fn main() -> color_eyre::Result<()> {
    // No core dump or ptrace by other users' tools: passwords live in this process's memory.
    // SAFETY: prctl(PR_SET_DUMPABLE, 0) only changes a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
    color_eyre::install()?;
    let cli = ldapdeck::cli::Cli::parse();
    let code = ldapdeck::cli::run(cli);
    std::process::exit(code);
}
