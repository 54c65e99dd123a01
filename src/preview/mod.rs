//! `mdkpi preview` (SPEC §19): the report served on 127.0.0.1 while the
//! data folder is watched. Every change of a file's length or time under
//! the data folder re-validates and re-renders in memory (never over
//! `reports/`); the page polls [`http::VERSION_PATH`] and reloads when the
//! render it shows is no longer the latest. An input error is a page of
//! the messages `validate` prints, and the server keeps running.
//!
//! Workbooks a change did not touch are not parsed again: the reads are
//! kept by [`crate::ingest::cache`], and the templates are parsed once.

mod http;
mod watch;

use std::io::Write;
use std::net::{Ipv4Addr, TcpListener};
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use crate::diag::ui::{Count, Noun, Ui};
use crate::diag::{Msg, Outcome};
use crate::report::ReportFiles;

/// The port served on when `--port` is not given.
pub const DEFAULT_PORT: u16 = 8765;

/// What the server shows: the latest render.
pub(crate) struct Shown {
    /// Counts the renders whose output differed from the one before: the
    /// page reloads when it changes.
    pub version: u64,
    pub page: Page,
}

pub(crate) enum Page {
    Report(ReportFiles),
    /// The messages that stopped the render, one per line, as `validate`
    /// prints them.
    Failed(Vec<String>),
}

impl Page {
    fn same_as(&self, other: &Page) -> bool {
        match (self, other) {
            (Page::Report(a), Page::Report(b)) => {
                crate::report::files::files(a) == crate::report::files::files(b)
            }
            (Page::Failed(a), Page::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// What one render needs and keeps: the folder, the round asked for and
/// the parsed templates (parsing them is a large part of a report run).
struct Renderer<'a> {
    data: &'a Path,
    shown: &'a str,
    wanted: Option<&'a str>,
    templates: tera::Tera,
}

/// One render's result and the exit code that would have ended `report`.
struct Rendered {
    page: Page,
    code: u8,
    /// The round's label, for the log line.
    round: String,
    warnings: usize,
}

impl Renderer<'_> {
    fn render(&self) -> Rendered {
        let failed = |outcome: Outcome| Rendered {
            page: Page::Failed(outcome.stderr.lines().map(str::to_string).collect()),
            code: outcome.code,
            round: String::new(),
            warnings: 0,
        };
        let computed = match crate::compute::compute(self.data, self.shown, self.wanted) {
            Ok(c) => c,
            Err(outcome) => return failed(outcome),
        };
        let Some(current) = computed.current() else {
            return failed(Outcome::data_error(Msg::NoRoundTo { command: "preview" }));
        };
        let round = current.config.label.clone();
        let warnings = computed.diags.warning_count();
        match crate::report::build_with(&computed, self.templates.clone(), false) {
            Ok(files) => Rendered {
                page: Page::Report(files),
                code: 0,
                round,
                warnings,
            },
            Err(e) => failed(Outcome::data_error(Msg::Internal {
                detail: e.to_string(),
            })),
        }
    }
}

/// `mdkpi preview`: serves until killed. Returns only when it cannot
/// start: the port cannot be had, the data folder is missing, or the
/// round asked for is not there (a usage error).
pub fn run(data: &Path, shown: &str, wanted: Option<&str>, port: u16) -> Outcome {
    let lang = crate::diag::lang::current();
    if let Err(message) = crate::validate::check_data_folder(data, shown) {
        return Outcome::data_error(message);
    }
    // Bound first: a port in use is said at once, before any work.
    let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
        Ok(l) => l,
        Err(e) => return Outcome::data_error(bind_error(port, e)),
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    let templates = match crate::report::tera() {
        Ok(t) => t,
        Err(e) => {
            return Outcome::data_error(Msg::Internal {
                detail: e.to_string(),
            })
        }
    };
    crate::ingest::cache::enable();
    let renderer = Renderer {
        data,
        shown,
        wanted,
        templates,
    };
    let mut snapshot = watch::Snapshot::take(data);
    let first = timed_render(&renderer);
    // A round that is not there is the command line's error, not the
    // data's: said at once, as `report` says it.
    if first.rendered.code == 2 {
        if let Page::Failed(lines) = &first.rendered.page {
            return Outcome {
                stderr: lines.iter().map(|l| format!("{l}\n")).collect(),
                code: 2,
                ..Outcome::default()
            };
        }
    }
    let (page, log) = changed_page(first, 0, None);
    eprint_line(&log.text(lang));
    let shown_state = Arc::new(RwLock::new(Shown {
        version: 1,
        page: page.unwrap_or(Page::Failed(Vec::new())),
    }));
    let url = format!("http://127.0.0.1:{port}/");
    let serving = Ui::PreviewServing {
        url,
        folder: shown.to_string(),
    };
    print_line(&serving.text(lang));
    let state = Arc::clone(&shown_state);
    let server = std::thread::spawn(move || http::serve(listener, state, lang));
    loop {
        snapshot = snapshot.wait_for_change();
        if server.is_finished() {
            // The server thread ends only by a panic: nothing is served.
            return Outcome::data_error(Msg::Internal {
                detail: "the preview server stopped".to_string(),
            });
        }
        let timed = timed_render(&renderer);
        let (page, log) = match shown_state.read() {
            Ok(current) => changed_page(timed, current.version, Some(&current.page)),
            Err(_) => changed_page(timed, 0, None),
        };
        eprint_line(&log.text(lang));
        if let Some(page) = page {
            if let Ok(mut s) = shown_state.write() {
                s.version += 1;
                s.page = page;
            }
        }
    }
}

/// Why the port could not be had, as a message.
fn bind_error(port: u16, e: std::io::Error) -> Msg {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => Msg::PreviewPortInUse { port },
        _ => Msg::PreviewCannotListen {
            port,
            detail: e.into(),
        },
    }
}

/// A render with its time and workbook counts.
struct Timed {
    rendered: Rendered,
    ms: u64,
    counts: crate::ingest::cache::RunCounts,
}

fn timed_render(renderer: &Renderer) -> Timed {
    let start = Instant::now();
    crate::ingest::cache::begin_run();
    // A bug's panic in a render is an internal-error page, and the server
    // keeps serving (the panic itself is printed on stderr).
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| renderer.render()))
        .unwrap_or_else(|_| Rendered {
            page: Page::Failed(vec![format!(
                "mdkpi: {}",
                crate::diag::outcome::coded(&Msg::Internal {
                    detail: "the render panicked".to_string()
                })
            )]),
            code: 1,
            round: String::new(),
            warnings: 0,
        });
    let counts = crate::ingest::cache::end_run();
    let ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
    Timed {
        rendered,
        ms,
        counts,
    }
}

/// The page to show instead of the current one (None when the render gave
/// the same output: the page does not reload) and the render's log line;
/// `version` is the current page's.
fn changed_page(timed: Timed, version: u64, current: Option<&Page>) -> (Option<Page>, Ui) {
    let Timed {
        rendered,
        ms,
        counts,
    } = timed;
    let reused = counts.records_reused + counts.workbooks_reused;
    let parsed = counts.workbooks_parsed;
    let same = current.is_some_and(|c| c.same_as(&rendered.page));
    let next = if same { version } else { version + 1 };
    let line = match &rendered.page {
        Page::Failed(lines) => Ui::PreviewFailed {
            version: next,
            errors: Count(error_lines(lines), Noun::Error),
            ms,
        },
        Page::Report(_) if same => Ui::PreviewUnchanged {
            version: next,
            ms,
            reused,
            parsed,
        },
        Page::Report(_) => Ui::PreviewRendered {
            version: next,
            round: rendered.round.clone(),
            ms,
            warnings: Count(rendered.warnings, Noun::Warning),
            reused,
            parsed,
        },
    };
    ((!same).then_some(rendered.page), line)
}

/// The lines of `lines` that are errors (`…: E0107: …`), for the log.
fn error_lines(lines: &[String]) -> usize {
    lines
        .iter()
        .filter(|l| {
            l.split(": ").any(|part| {
                part.len() == 5
                    && part.starts_with('E')
                    && part[1..].bytes().all(|b| b.is_ascii_digit())
            })
        })
        .count()
}

/// A line on stdout, flushed at once (a test or script reads the address
/// while the server runs); a closed stdout is no reason to stop serving.
fn print_line(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", crate::diag::printable(text));
    let _ = out.flush();
}

/// A line on stderr (the render log).
fn eprint_line(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", crate::diag::printable(text));
    let _ = err.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Lang;

    /// E0051 needs a port the system refuses (below 1024 without the
    /// rights): a test run as root cannot provoke it.
    #[test]
    fn a_port_refused_is_e0051() {
        let refused = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let message = bind_error(80, refused);
        assert_eq!(message.code().as_str(), "E0051");
        assert_eq!(
            message.text(Lang::En),
            "cannot listen on port 80 of 127.0.0.1: permission denied; choose another with --port (1024 or above)"
        );
        let in_use = std::io::Error::from(std::io::ErrorKind::AddrInUse);
        assert_eq!(bind_error(8765, in_use).code().as_str(), "E0050");
    }

    #[test]
    fn error_lines_are_counted_by_their_code() {
        let lines = [
            "data/R7/round.toml: E0301: bad".to_string(),
            "data/R7/companies.xlsx:回答:D12: warning: W0101: x".to_string(),
            "data/R7/a.xlsx: E0202: cannot read: E0".to_string(),
            "mdkpi: 2 errors in the inputs; nothing computed".to_string(),
        ];
        assert_eq!(error_lines(&lines), 2);
    }
}
