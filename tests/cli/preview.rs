//! `mdkpi preview` (SPEC §19): the real binary serving a copy of data/ on
//! a free port, spoken to over plain HTTP/1.1 on a std socket; edits of
//! the copy seen in the page, an input error shown as the page of the
//! messages validate prints, the server answering throughout, nothing
//! served but the report's own files, the socket bound to 127.0.0.1 only;
//! and a headless Chromium seeing the page change.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::output::BIN;
use super::pages::{copy_dir, tool};

/// How long an edit may take to show (a render on a loaded machine).
const SHOW_WITHIN: Duration = Duration::from_secs(30);

/// The sentence the tests add to KPI 3's commentary (no figure, no trend).
const MARKER: &str = "プレビュー確認用の段落です。";
const KPI3_ANCHOR: &str = "着実に積極的な取り組みとなっている";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A running `mdkpi preview`, killed when dropped.
struct Preview {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    /// Starts `mdkpi --data data preview --port 0` in `dir` (a copy of the
    /// repository's data/ in `dir/data`) and waits for the address it prints.
    fn start(dir: &Path, lang: &str) -> Preview {
        let mut child = Command::new(BIN)
            .args(["--lang", lang, "--data", "data", "preview", "--port", "0"])
            .current_dir(dir)
            .env_remove("RUST_BACKTRACE")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run mdkpi preview");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let mut err = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let out = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(out).read_line(&mut line);
            let _ = tx.send(line);
        });
        let mut preview = Preview {
            child,
            port: 0,
            stderr,
        };
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("no address printed; stderr: {}", preview.log()));
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        preview.port = url
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches([';', '/', ','])
            .trim_end_matches('/')
            .parse()
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(
            line.trim_end(),
            match lang {
                "ja" => format!("http://127.0.0.1:{}/ で報告書を配信しています。data を監視し、変更のたびに作り直します(Ctrl-C で終了)", preview.port),
                _ => format!("serving the report at http://127.0.0.1:{}/; watching data, re-rendered on every change (Ctrl-C to stop)", preview.port),
            }
        );
        preview
    }

    fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Response {
        request(
            self.port,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        )
    }

    /// Waits until the page at `path` satisfies `ok`; panics with the last
    /// answer and the log when it does not in time.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if ok(&r) {
                return r;
            }
            if start.elapsed() > SHOW_WITHIN {
                panic!(
                    "{path}: not {what} within {SHOW_WITHIN:?}: {} {}\nlog:\n{}",
                    r.status,
                    r.body.chars().take(2000).collect::<String>(),
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

/// Sends `raw` to 127.0.0.1:`port` and reads the whole answer.
fn request(port: u16, raw: &str) -> Response {
    request_bytes(port, raw.as_bytes())
}

fn request_bytes(port: u16, raw: &[u8]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    // The server may answer (431) before it has read all of a huge request.
    let _ = stream.write_all(raw);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    Response {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A temporary folder holding a copy of the repository's data/.
fn data_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("data"), &tmp.path().join("data"));
    tmp
}

/// The page as the report writes it: the reload script taken out.
fn without_script(html: &str) -> String {
    let start = html
        .find("<script>/* mdkpi preview")
        .unwrap_or_else(|| panic!("no reload script in the served page"));
    let end = start + html[start..].find("</script>\n").expect("script end") + "</script>\n".len();
    format!("{}{}", &html[..start], &html[end..])
}

fn committed(name: &str) -> String {
    fs::read_to_string(repo().join("reports/R7").join(name)).unwrap()
}

fn add_marker(dir: &Path) {
    let path = dir.join("data/R7/commentary.md");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(KPI3_ANCHOR));
    fs::write(
        &path,
        text.replacen(KPI3_ANCHOR, &format!("{KPI3_ANCHOR}\n\n{MARKER}"), 1),
    )
    .unwrap();
}

/// The coded lines `validate` prints for the data in `dir`, HTML-escaped
/// as the error page shows them.
fn validate_errors(dir: &Path, lang: &str) -> Vec<String> {
    let out = Command::new(BIN)
        .args([
            "--lang", lang, "--data", "data", "validate", "--round", "R7",
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains(": E0"))
        .map(|l| {
            l.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;")
        })
        .collect();
    assert!(!lines.is_empty(), "{stderr}");
    lines
}

#[test]
fn the_page_is_the_report_and_follows_a_commentary_edit() {
    let tmp = data_copy();
    let preview = Preview::start(tmp.path(), "en");
    let page = preview.get("/");
    assert_eq!(page.status, 200);
    assert!(
        page.head.contains("Content-Type: text/html; charset=utf-8"),
        "{}",
        page.head
    );
    assert!(
        page.head.contains("Cache-Control: no-store"),
        "{}",
        page.head
    );
    // The page is the report `report` writes, with the reload script added
    // in the served page only.
    assert_eq!(without_script(&page.body), committed("index.html"));
    assert_eq!(preview.get("/index.html").body, page.body);
    for file in ["indicators.json", "indicators.csv", "provenance.json"] {
        let r = preview.get(&format!("/{file}"));
        assert_eq!(r.status, 200, "{file}");
        assert_eq!(r.body, committed(file), "{file}");
    }
    assert_eq!(preview.get("/__mdkpi/version").body, "1");

    add_marker(tmp.path());
    let page = preview.wait_for("/", "showing the edit", |r| r.body.contains(MARKER));
    assert!(page.body.contains("var shown=\"2\""));
    assert_eq!(preview.get("/__mdkpi/version").body, "2");
    // Rendered in memory: nothing written beside the data.
    assert!(!tmp.path().join("reports").exists());
    let log = preview.log();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    // The first render parses every workbook of data/ (R4–R7); the second,
    // after a commentary edit, none: every dataset's records are reused.
    assert!(
        lines[0].starts_with("preview: #1 R7 rendered in ")
            && lines[0].ends_with(" ms (0 warnings; inputs reused: 0, workbooks parsed: 88)"),
        "{log}"
    );
    assert!(
        lines[1].starts_with("preview: #2 R7 rendered in ")
            && lines[1].ends_with(" ms (0 warnings; inputs reused: 20, workbooks parsed: 0)"),
        "{log}"
    );

    // One station's workbook touched (same bytes, a new time): that
    // workbook alone is parsed again, and the report is the same.
    let station = tmp.path().join("data/R7/sites");
    let first = fs::read_dir(&station)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .min()
        .unwrap();
    let bytes = fs::read(&first).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    fs::write(&first, bytes).unwrap();
    let start = Instant::now();
    while preview.log().lines().count() < 3 {
        assert!(start.elapsed() < SHOW_WITHIN, "{}", preview.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = preview.log();
    let third = log.lines().nth(2).unwrap();
    assert!(
        third.starts_with("preview: #2 checked in ")
            && third
                .ends_with(" ms: the report is the same (inputs reused: 34, workbooks parsed: 1)"),
        "{log}"
    );
    assert_eq!(preview.get("/__mdkpi/version").body, "2");
}

#[test]
fn an_input_error_is_a_page_of_the_messages_until_fixed() {
    for lang in ["en", "ja"] {
        let tmp = data_copy();
        let preview = Preview::start(tmp.path(), lang);
        let toml = tmp.path().join("data/R7/round.toml");
        let good_toml = fs::read(&toml).unwrap();
        let workbook = tmp.path().join("data/R7/companies.xlsx");
        let good_workbook = fs::read(&workbook).unwrap();
        let title = match lang {
            "ja" => "<h1>入力にエラーがあります</h1>",
            _ => "<h1>The inputs have errors</h1>",
        };

        // A broken round.toml, then a broken workbook: each time the page
        // lists what validate prints, and the server keeps answering.
        for (path, bad) in [
            (&toml, b"label = \"R7\"\nfiscal_year = \n".as_slice()),
            (&workbook, b"PK\x03\x04 not a workbook".as_slice()),
        ] {
            fs::write(path, bad).unwrap();
            let expected = validate_errors(tmp.path(), lang);
            let page = preview.wait_for("/", "the error page", |r| r.body.contains(title));
            assert_eq!(page.status, 200);
            for line in &expected {
                assert!(
                    page.body.contains(&format!("<li>{line}</li>")),
                    "{line} not in\n{}",
                    page.body
                );
            }
            assert!(page.body.contains("<script>/* mdkpi preview"));
            // The report's other files are not served from a failed render.
            assert_eq!(preview.get("/indicators.json").status, 404);
            assert_eq!(preview.get("/__mdkpi/version").status, 200);
            let log = preview.log();
            let last = log.lines().last().unwrap();
            let errors = expected.len();
            let want = match lang {
                "ja" => {
                    format!("入力にエラーが{errors}件あるため、メッセージのページを表示しています")
                }
                _ => format!(
                    "{errors} error{} in the inputs: showing the messages",
                    if errors == 1 { "" } else { "s" }
                ),
            };
            assert!(last.contains(&want), "{want} not in {last}");
            fs::write(
                path,
                if path == &toml {
                    &good_toml
                } else {
                    &good_workbook
                },
            )
            .unwrap();
            let page = preview.wait_for("/", "the report again", |r| !r.body.contains(title));
            assert_eq!(without_script(&page.body), committed("index.html"));
            assert_eq!(
                preview.get("/indicators.json").body,
                committed("indicators.json")
            );
        }
    }
}

#[test]
fn nothing_but_the_report_s_own_files_is_served() {
    let tmp = data_copy();
    fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
    let preview = Preview::start(tmp.path(), "en");
    for path in [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/%2E%2E%5C%2E%2E%5Cetc%5Cpasswd",
        "/etc/passwd",
        "//etc/passwd",
        "/secret.txt",
        "/data/R7/round.toml",
        "/R7/round.toml",
        "/reports/R7/index.html",
        "/index.html/",
        "/./index.html",
        "/__mdkpi/",
        "http://127.0.0.1/etc/passwd",
        "index.html",
        "*",
    ] {
        let r = preview.get(path);
        assert_eq!(r.status, 404, "{path}: {}", r.body);
        assert_eq!(r.body, "not found\n", "{path}");
    }
    // Only GET and HEAD; malformed or oversized requests are refused,
    // and the server goes on answering.
    let post = request(preview.port, "POST / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(post.status, 405);
    let head = request(preview.port, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    assert_eq!(request(preview.port, "garbage\r\n\r\n").status, 400);
    assert_eq!(request(preview.port, "GET / SPDY/9\r\n\r\n").status, 505);
    assert_eq!(
        request_bytes(preview.port, b"GET /\xff\xfe HTTP/1.1\r\n\r\n").status,
        400
    );
    let huge = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(1 << 20));
    assert_eq!(request(preview.port, &huge).status, 431);
    // A client that connects and goes away, or says half a request.
    drop(TcpStream::connect(("127.0.0.1", preview.port)).unwrap());
    let mut half = TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
    half.write_all(b"GET / HT").unwrap();
    drop(half);
    assert_eq!(preview.get("/").status, 200);
    assert!(!preview.log().contains("panicked"), "{}", preview.log());
}

/// The local addresses listening on `port` in `/proc/net/tcp{,6}`
/// (hex, as the kernel writes them).
fn listening_on(port: u16) -> Vec<String> {
    let mut found = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (Some(local), Some(state)) = (fields.get(1), fields.get(3)) else {
                continue;
            };
            // 0A: LISTEN.
            if *state == "0A" && local.ends_with(&format!(":{port:04X}")) {
                found.push(local.to_string());
            }
        }
    }
    found
}

#[test]
fn the_socket_is_bound_to_127_0_0_1_only() {
    let tmp = data_copy();
    let preview = Preview::start(tmp.path(), "en");
    if !Path::new("/proc/net/tcp").exists() {
        eprintln!("SKIPPED the listening-address check: no /proc/net/tcp");
        return;
    }
    assert_eq!(
        listening_on(preview.port),
        vec![format!("0100007F:{:04X}", preview.port)]
    );
    // Another loopback address reaches a socket bound to 0.0.0.0 or to
    // 127.0.0.0/8, not one bound to 127.0.0.1.
    assert!(TcpStream::connect(("127.0.0.2", preview.port)).is_err());
    assert_eq!(preview.get("/__mdkpi/version").status, 200);
}

#[test]
fn a_port_in_use_is_a_coded_error_naming_port() {
    let tmp = data_copy();
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    for (lang, want) in [
        (
            "en",
            format!("mdkpi: E0050: port {port} on 127.0.0.1 is already in use (by another mdkpi preview or another program): choose another with --port (8766, …), or --port 0 for any free port\n"),
        ),
        (
            "ja",
            format!("mdkpi: E0050: このコンピューター(127.0.0.1)のポート {port} はすでに使われています(別の mdkpi preview などが使っています)。--port で別の番号(8766など)を指定するか、--port 0で空いているポートを使ってください\n"),
        ),
    ] {
        let out = Command::new(BIN)
            .args(["--lang", lang, "preview", "--port", &port.to_string()])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(String::from_utf8_lossy(&out.stderr), want);
        assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    }
    drop(taken);
}

#[test]
fn a_round_that_is_not_there_is_a_usage_error_at_once() {
    let tmp = data_copy();
    let out = Command::new(BIN)
        .args(["--lang", "en", "preview", "--round", "R9", "--port", "0"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("mdkpi: E0"), "{stderr}");
    assert!(stderr.contains("R9"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
}

/// Chromium, or None (skip) outside CI.
fn chromium() -> Option<PathBuf> {
    match tool("chromium") {
        Some(c) => Some(c),
        None if std::env::var_os("CI").is_some() => {
            panic!("the preview test needs chromium (CI must install it: .ci/run)")
        }
        None => {
            eprintln!("SKIPPED preview Chromium test: chromium not installed");
            None
        }
    }
}

/// Chromium loading `url` headless and printing its DOM when the page's
/// virtual time runs out. Virtual time stands still while a request is
/// pending, so the page's held request for the render counter keeps it
/// open for as long as the server holds it; once the server is gone, the
/// retries use the budget up and the DOM is printed.
fn chromium_dom(chromium: &Path, url: &str, profile: &Path) -> Child {
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run chromium")
}

/// The remote ports of the connections established to `port` (hex, from
/// /proc/net/tcp): a page's held request for the render counter is one.
fn clients_of(port: u16) -> Vec<String> {
    let text = fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // 01: ESTABLISHED, seen from the server's side.
            (fields.get(3) == Some(&"01") && fields.get(1)?.ends_with(&format!(":{port:04X}")))
                .then(|| fields.get(2).map(|r| r.to_string()))
                .flatten()
        })
        .collect()
}

fn wait_until(what: &str, ok: impl Fn() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what}: not within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn chromium_sees_the_page_reload_itself_after_an_edit() {
    let Some(chromium) = chromium() else {
        return;
    };
    if !Path::new("/proc/net/tcp").exists() {
        eprintln!("SKIPPED preview Chromium test: no /proc/net/tcp to see the page's request");
        return;
    }
    let tmp = data_copy();
    let mut preview = Preview::start(tmp.path(), "en");
    let port = preview.port;
    let url = format!("http://127.0.0.1:{port}/");
    let browser = chromium_dom(&chromium, &url, &tmp.path().join("profile"));
    // The page is open: its script holds a request for the counter.
    wait_until("the page's request for the render counter", || {
        !clients_of(port).is_empty()
    });
    let before = clients_of(port);
    add_marker(tmp.path());
    preview.wait_for("/__mdkpi/version", "render 2", |r| r.body == "2");
    // The held request was answered, the page reloaded itself, and the new
    // page holds a request of its own.
    wait_until("the reloaded page's request", || {
        clients_of(port).iter().any(|c| !before.contains(c))
    });
    // Chromium may also open a connection ahead of need: the reload is given
    // time to finish (a loaded machine included) before the server goes.
    std::thread::sleep(Duration::from_secs(4));
    wait_until("a held request", || !clients_of(port).is_empty());
    let _ = preview.child.kill();
    let _ = preview.child.wait();
    // A browser that never prints is killed: a failure, not a hang.
    let pid = browser.id().to_string();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(120));
        let _ = Command::new("kill").args(["-9", &pid]).status();
    });
    let out = browser.wait_with_output().unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("var shown=\"2\""),
        "{}",
        dom.chars().take(3000).collect::<String>()
    );
    assert!(dom.contains(MARKER), "the page did not reload itself");
    // The rest of the page is the report's.
    assert!(dom.contains(KPI3_ANCHOR));
}
