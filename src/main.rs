//! ldapdeck's entry point: parse the command line, run it, exit with its code.

use clap::Parser;

fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    let cli = ldapdeck::cli::Cli::parse();
    let code = ldapdeck::cli::run(cli);
    std::process::exit(code);
}
