use std::io::Write;
use std::process::ExitCode;

use mdkpi::cli::Command;
use mdkpi::diag::Lang;

fn main() -> ExitCode {
    mdkpi::ingest::workbook::install_panic_hook();
    mdkpi::heap::tune_allocator();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = mdkpi::diag::Lang::from_args_or_env(&args);
    mdkpi::diag::lang::set(lang);
    let cli = match mdkpi::cli::parse(args.clone(), lang) {
        Ok(cli) => cli,
        Err(e) => {
            let code = u8::try_from(e.exit_code()).unwrap_or(2);
            let japanese = match lang {
                Lang::Ja if e.use_stderr() => mdkpi::diag::help::usage_error(&e),
                _ => None,
            };
            match japanese {
                Some(text) => {
                    let _ = emit(&mut std::io::stderr().lock(), &text);
                }
                // An argument holding a control character, which clap
                // would echo raw: the plain text, escaped.
                None if e.use_stderr() && args.iter().any(|a| has_control(a)) => {
                    let text = mdkpi::cli::usage_error_text(args, lang)
                        .unwrap_or_else(|| e.render().to_string());
                    let _ = emit(&mut std::io::stderr().lock(), &text);
                }
                // Help and version (stdout), and the errors clap says in
                // English, printed by clap (colours on a terminal).
                None => {
                    let _ = e.print();
                }
            }
            return ExitCode::from(code);
        }
    };
    mdkpi::checks::strict::set(cli.command.strict());
    let shown = cli.data.display().to_string();
    let result = match &cli.command {
        Command::Validate { round, .. } => {
            mdkpi::validate::run(&cli.data, &shown, round.as_deref())
        }
        Command::Report {
            round,
            out,
            check,
            pdf,
            charts,
            pptx,
            ..
        } => Ok(mdkpi::report::run(
            &cli.data,
            &shown,
            round.as_deref(),
            out.as_deref(),
            *check,
            mdkpi::report::Extras {
                pdf: *pdf,
                charts: *charts,
                pptx: *pptx,
            },
        )),
        Command::Explain { key, round, format } => Ok(mdkpi::explain::run(
            &cli.data,
            &shown,
            key,
            round.as_deref(),
            *format,
        )),
        Command::Export {
            round, out, format, ..
        } => Ok(mdkpi::export::run(
            &cli.data,
            &shown,
            round.as_deref(),
            out,
            *format,
        )),
        Command::Codes { code } => Ok(mdkpi::diag::codes::run(code.as_deref())),
        Command::Init { round, out } => {
            Ok(mdkpi::init::run(&cli.data, &shown, round, out.as_deref()))
        }
        Command::Diff {
            old,
            new,
            format,
            all,
        } => Ok(mdkpi::diff::run(
            &cli.data,
            &shown,
            old.as_deref(),
            new.as_deref(),
            *format,
            *all,
        )),
        Command::Station {
            name,
            round,
            format,
        } => Ok(mdkpi::station::run(
            &cli.data,
            &shown,
            name,
            round.as_deref(),
            *format,
        )),
        Command::Preview { round, port } => Ok(mdkpi::preview::run(
            &cli.data,
            &shown,
            round.as_deref(),
            *port,
        )),
        Command::Compute { round, format, .. } => Ok(mdkpi::compute::run(
            &cli.data,
            &shown,
            round.as_deref(),
            *format,
        )),
    };
    match result {
        Ok(outcome) => {
            let printed = emit(&mut std::io::stdout().lock(), &outcome.stdout);
            let _ = emit(&mut std::io::stderr().lock(), &outcome.stderr);
            match printed {
                Ok(()) => ExitCode::from(outcome.code),
                // A closed pipe (`mdkpi compute | head`) or a full disk:
                // the output is incomplete, so not 0, and quietly.
                Err(_) => ExitCode::from(1),
            }
        }
        Err(e) => {
            let _ = emit(&mut std::io::stderr().lock(), &format!("mdkpi: {e:#}\n"));
            ExitCode::from(1)
        }
    }
}

/// Writes `text` without panicking when the stream is gone (print! would),
/// control characters escaped (a file name or argument holding ESC must
/// not reach the terminal raw).
fn emit(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    out.write_all(mdkpi::diag::printable(text).as_bytes())?;
    out.flush()
}

/// Whether `arg` holds a character [`mdkpi::diag::printable`] escapes.
fn has_control(arg: &std::ffi::OsStr) -> bool {
    let text = arg.to_string_lossy();
    matches!(mdkpi::diag::printable(&text), std::borrow::Cow::Owned(_))
}
