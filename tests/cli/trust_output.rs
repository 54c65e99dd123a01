//! SPEC §11 and §16, the output side (issue 21, second pass): what is in
//! the output folder is kept as it is (links as links, pipes never
//! opened), what a killed run left is removed by the next, the messages
//! say what is wrong with --data and --out, nothing printed carries a raw
//! control character, and the language is the one asked for. Runs of the
//! binary on hostile input go through `trust.rs`'s runner (memory, CPU and
//! wall-clock limits: a run that waits on a pipe is killed, and its test
//! fails instead of hanging the suite).

use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;
use std::process::{Command, Stdio};

use super::trust::{assert_clean_exit, copy_of_data, mdkpi, mdkpi_with, round};
use super::{Run, BIN, COMPANY_COLUMNS};

/// A temp folder holding a copy of the checked-in data as `data/`.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_of_data(&tmp.path().join("data"));
    tmp
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The entries of `dir` whose name contains `mark`.
fn named(dir: &Path, mark: &str) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read_dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(mark))
        .collect()
}

const WRITERS: [&[&str]; 2] = [
    &[
        "--data", "data", "export", "--out", "out", "--format", "csv",
    ],
    &["--data", "data", "report", "--out", "out"],
];

// --- links and pipes in the output folder ----------------------------------

#[test]
fn links_in_the_output_folder_are_kept_as_links() {
    let tmp = project();
    // A tree the links lead to: copying it in would be a snapshot of it.
    let tree = tmp.path().join("tree");
    fs::create_dir_all(tree.join("deep")).expect("mkdir");
    fs::write(tree.join("deep/a.txt"), "a").expect("write");
    let out = tmp.path().join("out");
    fs::create_dir_all(out.join("notes")).expect("mkdir");
    std::os::unix::fs::symlink(&tree, out.join("tree")).expect("link");
    std::os::unix::fs::symlink("../../data/R7", out.join("notes/round")).expect("link");
    std::os::unix::fs::symlink("../tree/deep/a.txt", out.join("a.txt")).expect("link");
    for args in WRITERS {
        let run = mdkpi(tmp.path(), args);
        assert_clean_exit(&run, 0);
        for (link, text) in [
            ("tree", tree.to_str().expect("utf8")),
            ("notes/round", "../../data/R7"),
            ("a.txt", "../tree/deep/a.txt"),
        ] {
            let path = out.join(link);
            assert!(is_link(&path), "{link} is no longer a link: {}", run.all());
            assert_eq!(fs::read_link(&path).expect("read_link"), Path::new(text));
        }
    }
    // The tree itself is untouched.
    assert_eq!(fs::read_dir(&tree).expect("read_dir").count(), 1);
}

#[test]
fn a_dangling_link_in_the_output_folder_is_kept_and_the_run_succeeds() {
    let tmp = project();
    let out = tmp.path().join("out");
    fs::create_dir_all(out.join("sub")).expect("mkdir");
    std::os::unix::fs::symlink("nowhere", out.join("dangling")).expect("link");
    std::os::unix::fs::symlink("../gone", out.join("sub/dangling")).expect("link");
    for (args, wrote) in WRITERS.iter().zip([
        "out: wrote stations.csv,",
        "out: wrote index.html, indicators.json, indicators.csv, provenance.json",
    ]) {
        let run = mdkpi(tmp.path(), args);
        assert_clean_exit(&run, 0);
        assert!(run.stdout.starts_with(wrote), "{}", run.all());
        assert_eq!(run.stderr, "", "{}", run.all());
        assert_eq!(
            fs::read_link(out.join("dangling")).expect("link"),
            Path::new("nowhere")
        );
        assert_eq!(
            fs::read_link(out.join("sub/dangling")).expect("link"),
            Path::new("../gone")
        );
        assert!(out.join("indicators.csv").is_file());
        assert_eq!(named(tmp.path(), ".mdkpi-"), Vec::<String>::new());
    }
}

/// A named pipe at `path`.
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().expect("utf8")).expect("path");
    // SAFETY: c is a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[test]
fn pipes_and_sockets_in_the_output_folder_are_kept_never_opened() {
    let tmp = project();
    let out = tmp.path().join("out");
    fs::create_dir_all(out.join("sub")).expect("mkdir");
    mkfifo(&out.join("pipe"));
    mkfifo(&out.join("sub/pipe"));
    let _socket = std::os::unix::net::UnixListener::bind(out.join("sub/socket")).expect("socket");
    let inode = |p: &str| fs::symlink_metadata(out.join(p)).expect("stat").ino();
    let before = [inode("pipe"), inode("sub/pipe"), inode("sub/socket")];
    for args in WRITERS {
        // Opening a pipe nobody writes to waits for ever: the runner's
        // watchdog fails the test instead.
        let run = mdkpi(tmp.path(), args);
        assert_clean_exit(&run, 0);
        for p in ["pipe", "sub/pipe"] {
            let kind = fs::symlink_metadata(out.join(p)).expect("stat").file_type();
            assert!(kind.is_fifo(), "{p} is no longer a pipe: {}", run.all());
        }
        let kind = fs::symlink_metadata(out.join("sub/socket"))
            .expect("stat")
            .file_type();
        assert!(kind.is_socket(), "{}", run.all());
        // The same files, not new ones.
        assert_eq!(
            [inode("pipe"), inode("sub/pipe"), inode("sub/socket")],
            before
        );
    }
}

#[test]
fn a_file_that_cannot_be_kept_fails_the_run_naming_it_and_the_command() {
    let tmp = project();
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).expect("mkdir");
    fs::write(out.join("stations.csv"), "old").expect("write");
    // A folder whose path (relative, as mdkpi sees it) fits in PATH_MAX
    // (4096 bytes) under the output folder but not under the longer name
    // of the folder built beside it (`.out.mdkpi-<pid>-<n>`).
    let mut deep = String::from("out");
    while deep.len() < 4090 {
        let part = (4090 - deep.len() - 1).min(200);
        deep.push('/');
        deep.push_str(&"d".repeat(part));
    }
    // Made from the temp folder (an absolute path would be too long).
    let made = Command::new("sh")
        .arg("-c")
        .arg(format!("mkdir -p {deep} && echo mine > {deep}/f"))
        .current_dir(tmp.path())
        .status()
        .expect("sh");
    assert!(made.success());
    let run = mdkpi(tmp.path(), WRITERS[0]);
    assert_clean_exit(&run, 1);
    let line = format!(
        "mdkpi: E0010: {deep}: cannot keep this file when writing the export: File name too long (os error 36)\n"
    );
    assert_eq!(run.stderr, line);
    assert!(!run.all().contains(".out.mdkpi-"), "{}", run.all());
    // The old set is in place and nothing temporary is left.
    assert_eq!(
        fs::read_to_string(out.join("stations.csv")).expect("read"),
        "old"
    );
    assert_eq!(named(tmp.path(), ".mdkpi-"), Vec::<String>::new());
}

// --- xlsx dates --------------------------------------------------------------

/// companies.xlsx of three companies founded on `dates` (ISO text).
fn companies_founded(dates: &[&str]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("回答").expect("sheet name");
    for (c, name) in COMPANY_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *name).expect("header");
    }
    for (i, date) in dates.iter().enumerate() {
        let r = i as u32 + 1;
        let row = [&format!("C{r:03}"), "内資", *date, "10", "5"];
        for (c, value) in row.iter().enumerate() {
            ws.write_string(r, c as u16, *value).expect("cell");
        }
        ws.write_string(r, 8, "2000/10/1").expect("cell");
        for c in (5..21).filter(|c| *c != 8) {
            ws.write_string(r, c as u16, "いいえ").expect("cell");
        }
    }
    workbook.save_to_buffer().expect("xlsx")
}

#[test]
fn xlsx_export_writes_1900_dates_as_excel_counts_them() {
    use calamine::{Data, Reader};
    let (tmp, r7) = round();
    let dates = ["1900-01-01", "1900-02-28", "1900-03-01", "2019-09-02"];
    fs::write(r7.join("companies.xlsx"), companies_founded(&dates)).expect("write");
    let run = mdkpi(tmp.path(), &["--data", "data", "export", "--out", "out"]);
    assert_clean_exit(&run, 0);
    let bytes = fs::read(tmp.path().join("out/mdkpi-export.xlsx")).expect("read");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("open");
    let sheet = book.worksheet_range("companies").expect("sheet");
    let header: Vec<String> = sheet
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = header.iter().position(|h| h == "設立日").expect("設立日");
    let found: Vec<f64> = sheet
        .rows()
        .skip(1)
        .map(|row| match &row[col] {
            Data::DateTime(d) => d.as_f64(),
            other => panic!("not a date: {other:?}"),
        })
        .collect();
    // Excel's serials (what Excel shows for them): 1 is 1900-01-01, 59
    // 1900-02-28, 60 the 1900-02-29 that never was, 61 1900-03-01.
    assert_eq!(found, [1.0, 59.0, 61.0, 43710.0]);
}

// --- leftovers ---------------------------------------------------------------

#[test]
fn init_removes_what_a_killed_init_left() {
    let tmp = project();
    let data = tmp.path().join("data");
    // pid 999999999 is above any pid_max: never a running mdkpi. Both the
    // earlier init's naming and today's.
    for left in [".R8.mdkpi-init-999999999", ".R8.mdkpi-999999999-1"] {
        fs::create_dir_all(data.join(left).join("forms")).expect("mkdir");
    }
    let run = mdkpi(tmp.path(), &["--data", "data", "init", "--round", "R8"]);
    assert_clean_exit(&run, 0);
    assert!(data.join("R8/round.toml").is_file());
    assert_eq!(named(&data, ".mdkpi-"), Vec::<String>::new());
}

/// A stand-in for Chromium in `bin`: `script` as `chromium`.
fn fake_chromium(bin: &Path, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    fs::create_dir_all(bin).expect("mkdir");
    let path = bin.join("chromium");
    fs::write(&path, script).expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// Whether `pid` is running (a zombie waiting to be reaped is not).
fn running(pid: &str) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| !stat.rsplit(") ").next().unwrap_or("").starts_with('Z'))
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(start.elapsed().as_secs() < 60, "timed out waiting: {what}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_killed_pdf_run_leaves_no_chromium_running_and_the_next_run_cleans_up() {
    let tmp = project();
    let temp = tmp.path().join("temp");
    fs::create_dir_all(&temp).expect("mkdir");
    let started = tmp.path().join("chromium.pid");
    // A Chromium that hangs; `exec` so that its pid is the one mdkpi ran.
    fake_chromium(
        &tmp.path().join("hang"),
        &format!(
            "#!/bin/sh\necho $$ > {}\nexec sleep 300\n",
            started.display()
        ),
    );
    let run_pdf = |bin: &str| {
        Command::new(BIN)
            .args(["--data", "data", "report", "--pdf", "--out", "out"])
            .current_dir(tmp.path())
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", tmp.path().join(bin).display()),
            )
            .env("TMPDIR", &temp)
            .env("LANG", "C")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let mut child = run_pdf("hang");
    wait_until("Chromium to start", || {
        fs::read_to_string(&started).is_ok_and(|s| s.ends_with('\n'))
    });
    let chromium = fs::read_to_string(&started)
        .expect("pid")
        .trim()
        .to_string();
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    wait_until("Chromium to end with mdkpi", || !running(&chromium));
    assert_eq!(
        named(&temp, "mdkpi-pdf-").len(),
        1,
        "the killed run's work folder"
    );
    // A Chromium that prints: the next run succeeds and removes the rest.
    fake_chromium(
        &tmp.path().join("print"),
        "#!/bin/sh\nfor a; do case $a in --print-to-pdf=*) echo pdf > \"${a#--print-to-pdf=}\";; esac; done\n",
    );
    let output = run_pdf("print").wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(tmp.path().join("out/report.pdf").is_file());
    assert_eq!(named(&temp, "mdkpi-pdf-"), Vec::<String>::new());
    assert_eq!(
        named(&tmp.path().join("out/.."), ".mdkpi-"),
        Vec::<String>::new()
    );
}

// --- messages ------------------------------------------------------------------

#[track_caller]
fn assert_stderr(run: &Run, code: i32, stderr: &str) {
    assert_clean_exit(run, code);
    assert_eq!(run.stderr, stderr, "{}", run.all());
}

#[test]
fn a_data_folder_that_is_a_file_or_a_path_too_long_is_said_as_such() {
    let tmp = project();
    let run = mdkpi(tmp.path(), &["--data", "data/R7/round.toml", "validate"]);
    assert_stderr(
        &run,
        1,
        "mdkpi: E0023: --data \"data/R7/round.toml\" is a file, not a folder: expected a folder with one sub-folder per round (data/R7/round.toml, …); use --data DIR\n",
    );
    let long = "a".repeat(300);
    let run = mdkpi(tmp.path(), &["--data", &long, "compute"]);
    assert_stderr(
        &run,
        1,
        &format!("mdkpi: E0024: data folder \"{long}\" cannot be read: File name too long (os error 36)\n"),
    );
}

#[test]
fn an_out_ending_in_a_dot_is_that_folder() {
    let tmp = project();
    fs::create_dir_all(tmp.path().join("out")).expect("mkdir");
    let run = mdkpi(
        tmp.path(),
        &[
            "--data", "data", "export", "--out", "out/.", "--format", "csv",
        ],
    );
    assert_clean_exit(&run, 0);
    assert!(
        tmp.path().join("out/stations.csv").is_file(),
        "{}",
        run.all()
    );
    let run = mdkpi(
        tmp.path(),
        &[
            "--data",
            "data",
            "init",
            "--round",
            "R8",
            "--out",
            "next/R8/.",
        ],
    );
    assert_clean_exit(&run, 0);
    assert!(
        tmp.path().join("next/R8/round.toml").is_file(),
        "{}",
        run.all()
    );
}

#[test]
fn an_out_overlapping_the_data_folder_is_refused() {
    let tmp = project();
    let data = tmp.path().join("data");
    let before = named(&data.join("R7"), "");
    std::os::unix::fs::symlink("data", tmp.path().join("link")).expect("link");
    let inside = |out: &str, command: &str| {
        format!("mdkpi: E0025: --out \"{out}\" overlaps the data folder \"data\" (it is the data folder, lies in one of its round folders, or holds it): what mdkpi {command} writes there would be read as input, or the data folder replaced; nothing written: choose an --out outside the data folder\n")
    };
    for (args, stderr) in [
        (
            &["--data", "data", "export", "--out", "data/R7/sites"][..],
            inside("data/R7/sites", "export"),
        ),
        (
            &["--data", "data", "report", "--out", "data/R7"][..],
            inside("data/R7", "report"),
        ),
        (
            &["--data", "data", "report", "--out", "data/."][..],
            inside("data/.", "report"),
        ),
        // Through a link.
        (
            &["--data", "data", "export", "--out", "link/R7/x"][..],
            inside("link/R7/x", "export"),
        ),
        (
            &["--data", "data", "init", "--round", "R8", "--out", "data/R7/R8"][..],
            "mdkpi: E0026: --out \"data/R7/R8\" lies in a round folder of the data folder \"data\": a round folder there would be read as part of that round; nothing written: init writes a round folder directly in the data folder (data/R8) or outside it\n".to_string(),
        ),
    ] {
        let run = mdkpi(tmp.path(), args);
        assert_stderr(&run, 2, &stderr);
    }
    // The folder that holds the data folder.
    let holder = tmp.path().join("project");
    fs::create_dir_all(&holder).expect("mkdir");
    fs::rename(&data, holder.join("data")).expect("move");
    let run = mdkpi(
        tmp.path(),
        &["--data", "project/data", "export", "--out", "project"],
    );
    assert_stderr(
        &run,
        2,
        "mdkpi: E0025: --out \"project\" overlaps the data folder \"project/data\" (it is the data folder, lies in one of its round folders, or holds it): what mdkpi export writes there would be read as input, or the data folder replaced; nothing written: choose an --out outside the data folder\n",
    );
    fs::rename(holder.join("data"), &data).expect("move back");
    assert_eq!(named(&data.join("R7"), ""), before);
    // Directly in the data folder is where init puts a round; a folder
    // there that is no round is not read (only warned about), so a
    // report may go there, as with `mdkpi --data . report` (reports/R7).
    let run = mdkpi(tmp.path(), &["--data", "data", "init", "--round", "R8"]);
    assert_clean_exit(&run, 0);
    let run = mdkpi(
        tmp.path(),
        &["--data", "data", "report", "--out", "data/reports/R7"],
    );
    assert_clean_exit(&run, 0);
    let run = mdkpi(tmp.path(), &["--data", "data", "validate", "--round", "R7"]);
    assert_clean_exit(&run, 0);
}

// --- terminal escapes ------------------------------------------------------------

#[test]
fn control_characters_in_names_and_arguments_are_shown_escaped() {
    let tmp = project();
    // A file name that would retitle the terminal and clear the screen.
    let hostile = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}1m.txt";
    fs::write(tmp.path().join("data/R7").join(hostile), "x").expect("write");
    let shown = "\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{9b}1m.txt";
    let runs = [
        (
            mdkpi(tmp.path(), &["--data", "data", "validate", "--round", "R7"]),
            format!("data/R7/{shown}: warning: W0208: unexpected file ignored"),
        ),
        (
            mdkpi(
                tmp.path(),
                &["--data", "data", "validate", "--round", hostile],
            ),
            format!("mdkpi: E0004: --round \"{shown}\": expected a round label"),
        ),
        (
            mdkpi(tmp.path(), &["--data", hostile, "validate"]),
            format!("mdkpi: E0001: data folder \"{shown}\" not found"),
        ),
        (
            mdkpi(tmp.path(), &[hostile]),
            format!("error: unrecognized subcommand '{shown}'"),
        ),
        (
            mdkpi_with(tmp.path(), &[hostile], &[("LANG", "ja_JP.UTF-8")]),
            format!("エラー: コマンド「{shown}」はありません"),
        ),
    ];
    for (run, expected) in runs {
        assert!(
            run.all().contains(&expected),
            "expected\n  {expected}\nin\n{}",
            run.all()
        );
        let raw: Vec<char> = run
            .all()
            .chars()
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert_eq!(raw, Vec::<char>::new(), "{}", run.all());
    }
}

// --- language ----------------------------------------------------------------

#[test]
fn only_the_language_part_ja_selects_japanese_and_the_last_lang_wins() {
    let tmp = project();
    let lines = |run: &Run| run.stdout.lines().last().unwrap_or("").to_string();
    let english = "4 rounds, 0 errors, 0 warnings (3 accepted)";
    let japanese = "4回分、エラー 0件、警告 0件(確認済み 3件)";
    for (env, args, expected) in [
        ("jav_ID.UTF-8", &["--data", "data", "validate"][..], english),
        ("ja_JP.UTF-8", &["--data", "data", "validate"][..], japanese),
        ("ja", &["--data", "data", "validate"][..], japanese),
        (
            "C",
            &["--lang", "ja", "--lang", "en", "--data", "data", "validate"][..],
            english,
        ),
        (
            "C",
            &["--lang", "en", "validate", "--lang", "ja", "--data", "data"][..],
            japanese,
        ),
        (
            "C",
            &["--lang=ja", "--data", "data", "validate", "--lang=en"][..],
            english,
        ),
    ] {
        let run = mdkpi_with(
            tmp.path(),
            args,
            &[("LANG", env), ("LC_ALL", ""), ("LC_MESSAGES", "")],
        );
        assert_clean_exit(&run, 0);
        assert_eq!(lines(&run), expected, "LANG={env} {args:?}");
    }
}
