//! The preview's HTTP server: std sockets, one short-lived thread per
//! connection, one request per connection (`Connection: close`). It
//! answers GET and HEAD for the report's own files, the render counter the
//! page polls, and nothing else (404): the request target is compared
//! whole with those names, never decoded or joined to a path, so `..`,
//! `%2e%2e` and absolute paths cannot reach a file.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::{Page, Shown};
use crate::diag::ui::Ui;
use crate::diag::Lang;

/// The render counter the page polls: its text changes when a new render
/// is shown.
pub(crate) const VERSION_PATH: &str = "/__mdkpi/version";
/// A request's line and headers, at most: more is refused (431).
const MAX_HEAD: usize = 16 << 10;
/// Connections served at once; more are closed at once (a browser opens a
/// few; a flood must not make threads without end).
const MAX_CONNECTIONS: usize = 32;
/// A client that says nothing for this long is dropped.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request for the render counter with `?wait=N` is held while
/// the version is still N.
const LONG_POLL: Duration = Duration::from_secs(20);

static OPEN: AtomicUsize = AtomicUsize::new(0);

/// Accepts connections for ever.
pub(crate) fn serve(listener: TcpListener, state: Arc<RwLock<Shown>>, lang: Lang) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of descriptors or a connection reset before it was
            // accepted: wait a moment rather than spin.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        if OPEN.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            OPEN.fetch_sub(1, Ordering::SeqCst);
            continue;
        }
        let state = Arc::clone(&state);
        let slot = Slot;
        // Not spawned: the slot is given back as the closure is dropped.
        let _ = std::thread::Builder::new()
            .name("preview-http".into())
            .spawn(move || {
                let _slot = slot;
                handle(stream, &state, lang);
            });
    }
}

/// One of the [`MAX_CONNECTIONS`], taken; given back when dropped (also
/// when a handler ends by a panic).
struct Slot;

impl Drop for Slot {
    fn drop(&mut self) {
        OPEN.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response: status line, type, body.
struct Response {
    status: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Response {
    fn text(status: &'static str, body: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
        }
    }
}

fn handle(mut stream: TcpStream, state: &RwLock<Shown>, lang: Lang) {
    let _ = stream.set_read_timeout(Some(TIMEOUT));
    let _ = stream.set_write_timeout(Some(TIMEOUT));
    let (response, head_only) = match read_head(&mut stream) {
        Ok(head) => respond(&head, state, lang),
        Err(response) => (response, false),
    };
    let _ = write_response(&mut stream, &response, head_only);
    let _ = stream.flush();
}

/// The request's line and headers (up to the blank line), or the error
/// response when they are too long, cut short or not text.
fn read_head(stream: &mut TcpStream) -> Result<String, Response> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    let started = std::time::Instant::now();
    loop {
        // A client trickling bytes holds its thread for TIMEOUT in all.
        if started.elapsed() > TIMEOUT {
            return Err(Response::text("408 Request Timeout", "request timeout\n"));
        }
        let n = match stream.read(&mut buf) {
            Ok(0) | Err(_) => return Err(Response::text("400 Bad Request", "bad request\n")),
            Ok(n) => n,
        };
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = find_blank_line(&head) {
            head.truncate(end);
            break;
        }
        if head.len() > MAX_HEAD {
            return Err(Response::text(
                "431 Request Header Fields Too Large",
                "request header fields too large\n",
            ));
        }
    }
    String::from_utf8(head).map_err(|_| Response::text("400 Bad Request", "bad request\n"))
}

fn find_blank_line(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .or_else(|| bytes.windows(2).position(|w| w == b"\n\n"))
}

/// The response to a request head, and whether to send its headers only.
fn respond(head: &str, state: &RwLock<Shown>, lang: Lang) -> (Response, bool) {
    let line = head.lines().next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return (Response::text("400 Bad Request", "bad request\n"), false);
    };
    if !version.starts_with("HTTP/1.") {
        return (
            Response::text("505 HTTP Version Not Supported", "HTTP/1.x only\n"),
            false,
        );
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            return (
                Response::text("405 Method Not Allowed", "GET or HEAD only\n"),
                false,
            )
        }
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == VERSION_PATH {
        if let Some(seen) = query.strip_prefix("wait=").and_then(|v| v.parse().ok()) {
            wait_for_version(state, seen);
        }
    }
    let Ok(shown) = state.read() else {
        return (Response::text("500 Internal Server Error", "\n"), head_only);
    };
    (route(path, &shown, lang), head_only)
}

/// Returns once the version shown is not `seen`, or after [`LONG_POLL`]:
/// the page's request for the counter is answered when there is news
/// (it reloads at once, and a page left open asks only every half minute).
fn wait_for_version(state: &RwLock<Shown>, seen: u64) {
    let start = std::time::Instant::now();
    while start.elapsed() < LONG_POLL {
        match state.read() {
            Ok(s) if s.version == seen => {}
            _ => return,
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The file at `path`, matched whole against the report's own names.
fn route(path: &str, shown: &Shown, lang: Lang) -> Response {
    if path == VERSION_PATH {
        return Response::text("200 OK", &shown.version.to_string());
    }
    let name = match path {
        "/" => "index.html",
        other => match other.strip_prefix('/') {
            Some(name) => name,
            None => return not_found(),
        },
    };
    match &shown.page {
        Page::Report(files) if name == "index.html" => Response {
            status: "200 OK",
            content_type: "text/html; charset=utf-8",
            body: with_reload(&files.html, shown.version).into_bytes(),
        },
        Page::Report(files) => {
            match crate::report::files::files(files)
                .into_iter()
                .find(|(file, _)| *file == name)
            {
                Some((file, content)) => Response {
                    status: "200 OK",
                    content_type: content_type(file),
                    body: content.as_bytes().to_vec(),
                },
                None => not_found(),
            }
        }
        Page::Failed(lines) if name == "index.html" => Response {
            status: "200 OK",
            content_type: "text/html; charset=utf-8",
            body: error_page(lines, shown.version, lang).into_bytes(),
        },
        Page::Failed(_) => not_found(),
    }
}

fn not_found() -> Response {
    Response::text("404 Not Found", "not found\n")
}

fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn write_response(stream: &mut TcpStream, r: &Response, head_only: bool) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        r.status,
        r.content_type,
        r.body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&r.body)?;
    }
    Ok(())
}

/// The script that reloads the page when the server shows a newer render
/// than `version`: served pages only, never in a report's files. It asks
/// for the counter with `?wait=`, which the server holds until there is a
/// new render (or a while), and asks again.
fn reload_script(version: u64) -> String {
    format!(
        "<script>/* mdkpi preview: reloads when the report is rendered again */\n\
(function(){{var shown=\"{version}\";function poll(){{fetch(\"{VERSION_PATH}?wait=\"+shown,{{cache:\"no-store\"}})\
.then(function(r){{return r.text()}}).then(function(t){{if(t.trim()!==shown){{location.reload()}}else{{setTimeout(poll,100)}}}},\
function(){{setTimeout(poll,1000)}})}}setTimeout(poll,100)}})();</script>\n"
    )
}

/// `html` with the reload script before its last `</body>`.
fn with_reload(html: &str, version: u64) -> String {
    let script = reload_script(version);
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{html}{script}"),
    }
}

/// The page of the messages that stopped the render, in `lang`.
fn error_page(lines: &[String], version: u64, lang: Lang) -> String {
    let title = Ui::PreviewErrorTitle {}.text(lang);
    // A sentence of the page: the catalogue's texts end without a stop.
    let lead = match lang {
        Lang::Ja => format!("{}。", Ui::PreviewErrorLead {}.text(lang)),
        Lang::En => format!("{}.", Ui::PreviewErrorLead {}.text(lang)),
    };
    let items: String = lines
        .iter()
        .map(|l| format!("<li>{}</li>\n", crate::format::escape_html(l)))
        .collect();
    let html_lang = match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>mdkpi preview: {title}</title>\n\
<style>body{{font-family:sans-serif;margin:2em;color:#222}}h1{{color:#a40000;font-size:1.4em}}\
ul{{font-family:monospace;white-space:pre-wrap;padding-left:1.2em}}li{{margin:.3em 0}}</style>\n</head>\n<body>\n\
<h1>{title}</h1>\n<p>{}</p>\n<ul class=\"messages\">\n{items}</ul>\n{}</body>\n</html>\n",
        crate::format::escape_html(&lead),
        reload_script(version)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = with_reload("<body>a</body>b</body>", 7);
        assert!(page.starts_with("<body>a</body>b<script>"), "{page}");
        assert!(page.ends_with("</script>\n</body>"), "{page}");
        assert!(page.contains("var shown=\"7\""), "{page}");
    }

    #[test]
    fn messages_are_escaped() {
        assert_eq!(
            crate::format::escape_html("<b>&\"x'"),
            "&lt;b&gt;&amp;&quot;x&#39;"
        );
        let page = error_page(&["data/R7/round.toml: E0301: <script>".into()], 3, Lang::En);
        assert!(page.contains("<li>data/R7/round.toml: E0301: &lt;script&gt;</li>"));
        assert!(!page.contains("E0301: <script>"));
    }

    #[test]
    fn only_the_report_s_names_are_found() {
        let shown = Shown {
            version: 2,
            page: Page::Report(crate::report::ReportFiles {
                html: "<body>r</body>".into(),
                json: "{}".into(),
                csv: "k".into(),
                provenance: "[]".into(),
                charts: Vec::new(),
            }),
        };
        let status = |p: &str| route(p, &shown, Lang::En).status;
        for ok in [
            "/",
            "/index.html",
            "/indicators.json",
            "/indicators.csv",
            "/provenance.json",
            VERSION_PATH,
        ] {
            assert_eq!(status(ok), "200 OK", "{ok}");
        }
        for missing in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "//etc/passwd",
            "/etc/passwd",
            "/reports/R7/index.html",
            "index.html",
            "/index.html/",
            "/.",
            "",
        ] {
            assert_eq!(status(missing), "404 Not Found", "{missing}");
        }
        assert_eq!(route(VERSION_PATH, &shown, Lang::En).body, b"2");
    }
}
