use std::process::ExitCode;

use clap::Parser;

use mdkpi::cli::{Cli, Command};

fn main() -> ExitCode {
    mdkpi::ingest::workbook::install_panic_hook();
    let cli = Cli::parse();
    let shown = cli.data.display().to_string();
    let result = match &cli.command {
        Command::Validate { round } => mdkpi::validate::run(&cli.data, &shown, round.as_deref()),
        Command::Report {
            round,
            out,
            check,
            pdf,
        } => Ok(mdkpi::report::run(
            &cli.data,
            &shown,
            round.as_deref(),
            out.as_deref(),
            *check,
            *pdf,
        )),
        Command::Compute { round, format } => Ok(mdkpi::compute::run(
            &cli.data,
            &shown,
            round.as_deref(),
            *format,
        )),
    };
    match result {
        Ok(outcome) => {
            print!("{}", outcome.stdout);
            eprint!("{}", outcome.stderr);
            ExitCode::from(outcome.code)
        }
        Err(e) => {
            eprintln!("mdkpi: {e:#}");
            ExitCode::from(1)
        }
    }
}
