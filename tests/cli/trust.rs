//! SPEC §11, trust under hostile and careless input: one test per class.
//! Hostile files are made here, never checked in. Every run of the binary
//! happens under an address-space limit (`ulimit -v`), so a case that asks
//! for gigabytes aborts and fails its test instead of passing slowly, and
//! under a watchdog, so a run that waits for ever (on a pipe) is killed and
//! fails its test instead of hanging the suite.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::{Run, BIN, ROUND_TOML};

/// Far above what any of these runs needs (about 100 MB of address space
/// for the binary, its threads and their allocator arenas), far below the
/// gigabytes the unbounded reader asked for.
const ADDRESS_SPACE_KB: u64 = 1 << 20;
/// SPEC §11: every case ends within seconds.
const CPU_SECONDS: u64 = 10;
/// A run that waits uses no CPU: the watchdog kills it after this long.
/// Generous (the machine is shared; the largest case takes 3 s of CPU),
/// but a failure, not a hang.
const WALL_SECONDS: u64 = 60;

/// The most memory a run in this file may take: SPEC §11's bound.
const PEAK_LIMIT_KB: i64 = 200 * 1024;

pub(crate) fn mdkpi(dir: &Path, args: &[&str]) -> Run {
    mdkpi_with(dir, args, &[])
}

/// [`mdkpi`] with `env` set for the run (`LANG`, …).
// The child is reaped by wait4 below (which also reports its memory), not
// by Child::wait.
#[allow(clippy::zombie_processes)]
pub(crate) fn mdkpi_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut child = Command::new("sh")
        .arg("-c")
        // A CPU-time limit too: a reader that loops for ever is killed
        // (and its test fails) instead of hanging the suite.
        .arg(format!(
            // One limit per ulimit: dash takes no more.
            "ulimit -v {ADDRESS_SPACE_KB} && ulimit -t {CPU_SECONDS} && exec \"$0\" \"$@\""
        ))
        .arg(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mdkpi");
    let started = std::time::Instant::now();
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut s).map(|_| s)
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut s).map(|_| s)
    });
    let pid = child.id() as libc::pid_t;
    // The watchdog: a run still going after WALL_SECONDS is killed.
    let (ended, watch) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let timeout = std::time::Duration::from_secs(WALL_SECONDS);
        let late = matches!(
            watch.recv_timeout(timeout),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout)
        );
        if late {
            // SAFETY: pid is our child, and not reaped before this thread
            // is joined (waitid's WNOWAIT below): it cannot be another
            // process's.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        late
    });
    // Waits for the end without reaping the child.
    loop {
        // SAFETY: siginfo_t is plain data; waitid fills it.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our child, not yet reaped.
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if r == 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            break;
        }
    }
    let _ = ended.send(());
    let killed = watchdog.join().expect("watchdog");
    // wait4 reports the peak memory of this child alone (the tests of the
    // binary run in parallel).
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, not yet waited for.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let elapsed = started.elapsed();
    assert!(
        !killed,
        "mdkpi {} did not end within {WALL_SECONDS} s: killed",
        args.join(" ")
    );
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let run = Run {
        code,
        stdout: String::from_utf8_lossy(&out.join().expect("join").expect("stdout")).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().expect("join").expect("stderr")).into_owned(),
    };
    eprintln!(
        "| {} | `mdkpi {}` | {code:?} | {} KB | {} ms |",
        std::thread::current()
            .name()
            .unwrap_or("?")
            .trim_start_matches("trust::"),
        args.join(" "),
        usage.ru_maxrss,
        elapsed.as_millis()
    );
    assert!(
        usage.ru_maxrss <= PEAK_LIMIT_KB,
        "mdkpi {} peaked at {} KB, more than {PEAK_LIMIT_KB} KB",
        args.join(" "),
        usage.ru_maxrss
    );
    run
}

pub(crate) fn validate(dir: &Path) -> Run {
    mdkpi(dir, &["--data", "data", "validate"])
}

/// A temp folder with `data/R7/round.toml`; returns it and the round folder.
pub(crate) fn round() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let r7 = tmp.path().join("data/R7");
    fs::create_dir_all(&r7).expect("mkdir");
    fs::write(r7.join("round.toml"), ROUND_TOML).expect("round.toml");
    (tmp, r7)
}

/// The run failed as a data error, with `line` among its lines, and no panic.
#[track_caller]
pub(crate) fn assert_error_line(run: &Run, line: &str) {
    assert!(!run.all().contains("panicked"), "{}", run.all());
    assert_eq!(run.code, Some(1), "{}", run.all());
    assert!(
        run.all().lines().any(|l| l == line),
        "expected the line\n  {line}\nin\n{}",
        run.all()
    );
}

#[track_caller]
pub(crate) fn assert_clean_exit(run: &Run, code: i32) {
    assert!(!run.all().contains("panicked"), "{}", run.all());
    assert_eq!(run.code, Some(code), "{}", run.all());
}

const SITE_TRAINING: [&str; 4] = ["テーマ", "研修名", "受入人数", "備考"];

/// A station workbook: 拠点情報 naming `name`, the training sheet's header,
/// an empty 共同研究; `edit` then fills 拠点情報 and 人材育成研修 as a case needs.
pub(crate) fn station_with(
    name: &str,
    edit: impl FnOnce(&mut Worksheet, &mut Worksheet),
) -> Vec<u8> {
    let mut info = Worksheet::new();
    info.set_name("拠点情報").expect("name");
    for (c, h) in ["拠点名", "事業", "分野", "所管"].iter().enumerate() {
        info.write_string(0, c as u16, *h).expect("cell");
    }
    info.write_string(1, 0, name).expect("cell");
    let mut training = Worksheet::new();
    training.set_name("人材育成研修").expect("name");
    for (c, h) in SITE_TRAINING.iter().enumerate() {
        training.write_string(0, c as u16, *h).expect("cell");
    }
    edit(&mut info, &mut training);
    let mut joint = Worksheet::new();
    joint.set_name("共同研究").expect("name");
    joint.write_string(0, 0, "項目").expect("cell");
    joint.write_string(0, 1, "件数").expect("cell");
    let mut wb = Workbook::new();
    wb.push_worksheet(info);
    wb.push_worksheet(training);
    wb.push_worksheet(joint);
    wb.save_to_buffer().expect("xlsx")
}

/// A station workbook naming `name`, with one course of 10 trainees.
fn station(name: &str) -> Vec<u8> {
    station_with(name, |_, training| {
        training.write_number(1, 0, 1).expect("cell");
        training.write_string(1, 1, "講座").expect("cell");
        training.write_number(1, 2, 10).expect("cell");
    })
}

// --- bounded resources -------------------------------------------------

#[test]
fn a_value_at_xfd1048576_is_refused_not_allocated() {
    let (tmp, r7) = round();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("回答").expect("name");
    ws.write_string(0, 0, "回答ID").expect("cell");
    ws.write_string(1_048_575, 16_383, "x").expect("cell");
    let bytes = wb.save_to_buffer().expect("xlsx");
    assert!(bytes.len() < 8_000, "{} bytes", bytes.len());
    fs::write(r7.join("companies.xlsx"), bytes).expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.xlsx:回答:XFD1048576: E0217: a value in cell XFD1048576, far outside any dataset (at most 256 columns, 1048576 rows): the sheet is not read; delete what is there",
    );
}

/// A ZIP package from (name, content) parts, deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(*name, options).expect("part");
        zip.write_all(content).expect("write part");
    }
    zip.finish().expect("zip").into_inner()
}

fn ods_with_table(rows_xml: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="回答">{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    mdkpi::fuzzing::ods_from_content_xml(content.as_bytes())
}

#[test]
fn ods_repeated_rows_and_columns_are_refused_not_expanded() {
    let (tmp, r7) = round();
    let bytes = ods_with_table(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>回答ID</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="200" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
    );
    assert!(bytes.len() < 2_000, "{} bytes", bytes.len());
    fs::write(r7.join("companies.ods"), bytes).expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.ods:回答: E0222: the sheet's used range is 1000001 rows × 200 columns, far beyond any dataset (at most 2000000 cells in an .ods or .xls sheet): it is not read; save it as .xlsx or CSV, or delete what lies outside the table",
    );
}

#[test]
fn a_small_ods_that_is_fine_is_read() {
    // The extent check must not refuse what LibreOffice writes: trailing
    // empty repeated rows and columns by the million.
    let (tmp, r7) = round();
    let header: String = ["テーマ", "研修名", "受入人数", "備考"]
        .iter()
        .map(|h| format!(r#"<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>"#))
        .collect();
    let rows = format!(
        r#"<table:table-row>{header}<table:table-cell table:number-columns-repeated="16380"/></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>講座</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16381"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
    );
    fs::write(r7.join("satisfaction.ods"), ods_with_table(&rows)).expect("write");
    let run = validate(tmp.path());
    assert_clean_exit(&run, 1);
    // Read, then judged as a survey sheet: its columns are wrong, not its size.
    assert!(
        run.stdout.contains(
            "data/R7/satisfaction.ods:回答:A1: E0104: row 1 has none of the expected columns"
        ),
        "{}",
        run.all()
    );
}

#[test]
fn a_zip_bomb_is_refused_before_it_inflates() {
    let (tmp, r7) = round();
    // A valid workbook, then its shared strings replaced by 1 GiB that
    // compresses to about a megabyte.
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("回答")
        .expect("name")
        .write_string(0, 0, "回答ID")
        .expect("cell");
    let good = wb.save_to_buffer().expect("xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(good)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(true);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("part");
        let name = part.name().expect("name").to_string();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut content).expect("read");
        out.start_file(name.as_str(), options).expect("start");
        if name == "xl/sharedStrings.xml" {
            out.write_all(br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#)
                .expect("write");
            // Many short texts (one long one is refused sooner, as too long).
            let block = b"<si><t>A</t></si>".repeat(1 << 16);
            for _ in 0..(1 << 30) / block.len() {
                out.write_all(&block).expect("write");
            }
            out.write_all(b"</sst>").expect("write");
        } else {
            out.write_all(&content).expect("write");
        }
    }
    let bytes = out.finish().expect("zip").into_inner();
    assert!(bytes.len() < 4 << 20, "{} bytes", bytes.len());
    fs::write(r7.join("companies.xlsx"), bytes).expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.xlsx: E0214: the workbook inflates beyond 256 MiB (at its part xl/sharedStrings.xml): it is not read; a real workbook of this kind is far smaller",
    );
}

/// A package of more parts than any workbook has is refused before one is
/// read (too large to check in as a case of `tests/invalid/`: 10,001 parts
/// are half a megabyte of ZIP headers).
#[test]
fn a_workbook_of_too_many_parts_is_refused() {
    let (tmp, r7) = round();
    let max = mdkpi::ingest::workbook::MAX_PARTS;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..=max {
        zip.start_file(format!("xl/media/image{i}.png"), options)
            .expect("part");
    }
    fs::write(
        r7.join("companies.xlsx"),
        zip.finish().expect("zip").into_inner(),
    )
    .expect("write");
    assert_error_line(
        &validate(tmp.path()),
        &format!("data/R7/companies.xlsx: E0213: the workbook has {} parts, more than a workbook can sensibly hold ({max}): it is not read", max + 1),
    );
}

/// A workbook of more filled cells than mdkpi reads from one file is
/// refused within the bounds (too slow and large to check in as a case of
/// `tests/invalid/`: 128 MB of sheet XML, deflated to a few hundred KB).
#[test]
fn a_workbook_of_more_cells_than_read_is_refused() {
    let (tmp, r7) = round();
    let max = mdkpi::ingest::workbook::MAX_CELLS;
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("回答")
        .expect("name")
        .write_string(0, 0, "回答ID")
        .expect("cell");
    let good = wb.save_to_buffer().expect("xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(good)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    // Rows of 250 one-digit cells (no cell references: each follows the
    // one before), one row more than the limit needs.
    let per_row = 250;
    let row = "<c><v>1</v></c>".repeat(per_row);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("part");
        let name = part.name().expect("name").to_string();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut content).expect("read");
        out.start_file(name.as_str(), options).expect("start");
        if name == "xl/worksheets/sheet1.xml" {
            out.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#)
                .expect("write");
            for r in 1..=max / per_row + 1 {
                out.write_all(format!("<row r=\"{r}\">{row}</row>").as_bytes())
                    .expect("write");
            }
            out.write_all(b"</sheetData></worksheet>").expect("write");
        } else {
            out.write_all(&content).expect("write");
        }
    }
    fs::write(
        r7.join("companies.xlsx"),
        out.finish().expect("zip").into_inner(),
    )
    .expect("write");
    assert_error_line(
        &validate(tmp.path()),
        &format!("data/R7/companies.xlsx: E0218: the workbook holds more than {max} filled cells, more than mdkpi reads from one file: it is not read"),
    );
}

/// A CSV of more filled cells than mdkpi reads from one file: 16 MB of
/// one-character cells, refused at the limit within SPEC §11's 200 MB (a
/// cell that repeats a text shares it, as a workbook's shared strings do:
/// 16 bytes a cell; before, each had two allocations of its own and the
/// run peaked at 790 MB).
#[test]
fn a_csv_of_more_cells_than_read_is_refused() {
    let (tmp, r7) = round();
    let max = mdkpi::ingest::workbook::MAX_CELLS;
    let per_row = 250;
    let mut row = vec!["1"; per_row].join(",");
    row.push('\n');
    fs::write(r7.join("companies.回答.csv"), row.repeat(max / per_row + 1)).expect("write");
    assert_error_line(
        &validate(tmp.path()),
        &format!("data/R7/companies.回答.csv: E0232: the CSV holds more than {max} filled cells, more than mdkpi reads from one file: it is not read"),
    );
}

/// A CSV stands in for a sheet: a value beyond the rows a sheet has, or
/// beyond the columns a dataset may use, is refused as in a workbook
/// (and a file of a million one-cell rows is not held row by row).
#[test]
fn a_csv_beyond_a_sheets_grid_is_refused() {
    let (tmp, r7) = round();
    fs::write(r7.join("companies.回答.csv"), "1\n".repeat(1_048_577)).expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.回答.csv:回答:A1048576: E0217: a value in cell A1048577, far outside any dataset (at most 256 columns, 1048576 rows): the sheet is not read; delete what is there",
    );
    let mut wide = ",".repeat(256);
    wide.push_str("x\n");
    fs::write(r7.join("companies.回答.csv"), wide).expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.回答.csv:回答:IW1: E0217: a value in cell IW1, far outside any dataset (at most 256 columns, 1048576 rows): the sheet is not read; delete what is there",
    );
}

/// A file larger than any input is refused before it is read: a sparse
/// file of gigabytes holds nothing but would be read whole.
#[test]
fn a_file_larger_than_read_is_refused() {
    let (tmp, r7) = round();
    let file = fs::File::create(r7.join("companies.回答.csv")).expect("create");
    // Sparse: no disk is used.
    file.set_len(4 << 30).expect("set_len");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.回答.csv: E0245: the file is 4096 MiB, more than mdkpi reads from one file (256 MiB): it is not read",
    );
}

/// A named pipe, a socket or a device where a file belongs is named, not
/// read: reading a pipe that no one writes to waits for ever, a device may
/// never end. Every kind of input: workbooks and CSV files of a round, a
/// station's workbook, round.toml, commentary.md, plan.toml.
#[cfg(target_os = "linux")]
#[test]
fn special_files_are_named_not_read() {
    let (tmp, r7) = round();
    let data = tmp.path().join("data");
    let r6 = data.join("R6");
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    fs::create_dir_all(&r6).expect("mkdir");
    let fifos = [
        r7.join("companies.xlsx"),
        r7.join("amed.課題.csv"),
        r7.join("commentary.md"),
        r7.join("sites/tokyo.xlsx"),
        r6.join("round.toml"),
        data.join("plan.toml"),
    ];
    for fifo in &fifos {
        let path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid C string; mkfifo only makes the node.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0, "mkfifo");
    }
    let _socket = std::os::unix::net::UnixListener::bind(r7.join("followup.xlsx")).expect("socket");
    // A link to a device (the link is followed; what it leads to is no file).
    std::os::unix::fs::symlink("/dev/zero", r7.join("satisfaction.xlsx")).expect("link");
    let run = validate(tmp.path());
    let fifo = "not a regular file but a named pipe (FIFO): mdkpi reads only regular files (or symbolic links to them); put the file itself here";
    for at in [
        "data/plan.toml",
        "data/R6/round.toml",
        "data/R7/companies.xlsx",
        "data/R7/amed.課題.csv",
        "data/R7/commentary.md",
        "data/R7/sites/tokyo.xlsx",
    ] {
        assert_error_line(&run, &format!("{at}: E0244: {fifo}"));
    }
    assert_error_line(
        &run,
        "data/R7/followup.xlsx: E0244: not a regular file but a socket: mdkpi reads only regular files (or symbolic links to them); put the file itself here",
    );
    assert_error_line(
        &run,
        "data/R7/satisfaction.xlsx: E0244: not a regular file but a device: mdkpi reads only regular files (or symbolic links to them); put the file itself here",
    );
}

#[test]
fn a_cell_longer_than_excel_allows_is_refused() {
    let (tmp, r7) = round();
    let long = "長".repeat(32_768);
    fs::write(
        r7.join("companies.回答.csv"),
        format!("回答ID,資本\nC1,{long}\n"),
    )
    .expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.回答.csv:回答:B2: E0221: the cell holds 32768 characters, more than Excel's limit of 32767: the file is not read",
    );
}

#[test]
fn an_xls_claiming_a_huge_range_is_refused_before_calamine_reserves_it() {
    let (tmp, r7) = round();
    // BIFF8 records: globals BOF/EOF, then a sheet whose DIMENSIONS claims
    // 65,536 rows × 256 columns.
    let record = |typ: u16, data: &[u8]| {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    };
    let bof = record(
        0x0809,
        &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    let eof = record(0x000A, &[]);
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(65_536u32.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(256u16.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    // BOUNDSHEET: where the sheet starts (calamine reads it from there).
    let mut sheet_at = Vec::new();
    let globals_len = (bof.len() + eof.len() + 4 + 14) as u32;
    sheet_at.extend(globals_len.to_le_bytes());
    sheet_at.extend([0u8, 0, 6, 0]);
    sheet_at.extend(b"Sheet1");
    let mut stream = Vec::new();
    stream.extend(&bof);
    stream.extend(record(0x0085, &sheet_at));
    stream.extend(&eof);
    assert_eq!(stream.len() as u32, globals_len);
    stream.extend(&bof);
    stream.extend(record(0x0200, &dims));
    stream.extend(&eof);
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("cfb");
    file.create_stream("/Workbook")
        .expect("stream")
        .write_all(&stream)
        .expect("write");
    file.flush().expect("flush");
    let bytes = file.into_inner().into_inner();
    fs::write(r7.join("companies.xls"), bytes).expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.xls: E0223: worksheet 1: the sheet's used range is 65536 rows × 256 columns, far beyond any dataset (at most 2000000 cells in an .ods or .xls sheet): it is not read; save it as .xlsx or CSV, or delete what lies outside the table",
    );
}

#[test]
fn a_million_bad_rows_list_a_hundred_errors() {
    let (tmp, r7) = round();
    let mut csv = String::from("テーマ,研修名,受入人数,備考\n");
    for _ in 0..20_000 {
        csv.push_str("1,講座,約50,\n");
    }
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    fs::write(r7.join("sites/tokyo.人材育成研修.csv"), csv).expect("write");
    fs::write(r7.join("sites/tokyo.xlsx"), station("東京")).expect("write");
    let run = validate(tmp.path());
    assert_clean_exit(&run, 1);
    let listed = run
        .stdout
        .lines()
        .filter(|l| l.contains("人材育成研修:C"))
        .count();
    assert_eq!(
        listed, 0,
        "the CSV stands beside a workbook that has the sheet"
    );
    assert!(run.stdout.contains("given twice"), "{}", run.all());
    fs::remove_file(r7.join("sites/tokyo.xlsx")).expect("rm");
    let run = validate(tmp.path());
    let listed = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("data/R7/sites/tokyo.人材育成研修.csv:人材育成研修:C"))
        .count();
    assert_eq!(listed, 100, "{}", &run.stdout[..2000.min(run.stdout.len())]);
    assert!(run
        .stdout
        .contains("(the first 100 errors here are listed; fix them and run again for the rest)"));
    assert!(run.stdout.contains(", 20002 errors,") || run.stdout.contains("errors"));
}

// --- nothing silently lost or doubled ------------------------------------

#[test]
fn a_csv_with_an_unterminated_quote_is_an_error() {
    let (tmp, r7) = round();
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    fs::write(r7.join("sites/tokyo.xlsx"), station("東京")).expect("write");
    let mut csv = String::from("テーマ,研修名,受入人数,備考\n1,\"講座,30,\n");
    for i in 0..10 {
        csv.push_str(&format!("2,講座{i},10,\n"));
    }
    fs::write(r7.join("satisfaction.回答.csv"), csv).expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/satisfaction.回答.csv: E0230: malformed CSV: the quote opened on line 2 is never closed, so every line after it would be read as one cell; close the quote (a quote inside a cell is written \"\")",
    );
}

#[test]
fn a_csv_mixing_encodings_is_an_error() {
    let (tmp, r7) = round();
    let mut bytes = "研修区分,所属,年齢,知識,意欲,有用性,満足度\n"
        .as_bytes()
        .to_vec();
    let (sjis, _, _) =
        encoding_rs::SHIFT_JIS.encode("1,その他,30代,得られた,意欲が増した,役立つ,満足度80%\n");
    bytes.extend_from_slice(&sjis);
    fs::write(r7.join("satisfaction.回答.csv"), bytes).expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/satisfaction.回答.csv: E0228: the CSV mixes encodings: line 1 is UTF-8 but line 2 is not (Shift_JIS?); save the whole file in one encoding, UTF-8 or Shift_JIS (CP932)",
    );
}

#[test]
fn two_sheets_named_alike_hidden_or_not_are_an_error() {
    let (tmp, r7) = round();
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("回答")
        .expect("name")
        .write_string(0, 0, "回答ID")
        .expect("cell");
    let stale = wb.add_worksheet().set_name("回 答").expect("name");
    stale.write_string(0, 0, "回答ID").expect("cell");
    stale.set_hidden(true);
    fs::write(
        r7.join("companies.xlsx"),
        wb.save_to_buffer().expect("xlsx"),
    )
    .expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.xlsx: E0219: two sheets with the same name once spaces and character widths are ignored: \"回答\" and \"回 答\" (hidden); keep one",
    );
}

#[test]
fn a_hidden_sheet_is_read_with_a_warning() {
    let (tmp, r7) = round();
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    let bytes = station_with("東京", |_, training| {
        training.set_hidden(true);
    });
    fs::write(r7.join("sites/tokyo.xlsx"), bytes).expect("write");
    let run = validate(tmp.path());
    assert_clean_exit(&run, 0);
    assert!(run.stdout.contains("data/R7/sites/tokyo.xlsx:人材育成研修: warning: W0203: the sheet is hidden in the workbook; it is read all the same (unhide it, or delete it if it is an old copy)"), "{}", run.all());
}

#[test]
fn a_downloaded_copy_of_a_station_is_not_counted_twice() {
    let (tmp, r7) = round();
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    fs::write(
        r7.join("sites/ncvc.xlsx"),
        station("国立循環器病研究センター"),
    )
    .expect("write");
    fs::write(
        r7.join("sites/ncvc (1).xlsx"),
        station("国立循環器病研究センター"),
    )
    .expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/sites/ncvc (1).xlsx:拠点情報:A2: E0405: the station \"国立循環器病研究センター\" is also the station of data/R7/sites/ncvc.xlsx: each station has one file (is this a second copy, such as a download saved as \"name (1).xlsx\"?); keep one",
    );
}

#[test]
fn a_date_serial_of_zero_is_an_error() {
    let (tmp, r7) = round();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("回答").expect("name");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let header = super::COMPANY_COLUMNS;
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("cell");
    }
    ws.write_string(1, 0, "C1").expect("cell");
    ws.write_string(1, 1, "内資").expect("cell");
    ws.write_number_with_format(1, 2, 0.0, &date).expect("cell");
    ws.write_number(1, 3, 10).expect("cell");
    ws.write_number(1, 4, 5).expect("cell");
    for c in 5..header.len() as u16 {
        if c != 8 {
            ws.write_string(1, c, "いいえ").expect("cell");
        }
    }
    fs::write(
        r7.join("companies.xlsx"),
        wb.save_to_buffer().expect("xlsx"),
    )
    .expect("write");
    let run = validate(tmp.path());
    assert_clean_exit(&run, 1);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("data/R7/companies.xlsx:回答:C2: "))
        .unwrap_or_else(|| panic!("no message for C2:\n{}", run.all()));
    assert_eq!(line, "data/R7/companies.xlsx:回答:C2: E0118: expected a date such as 2026-01-01, 2026/1/1 or 令和8年1月1日, found the number 0: as an Excel date serial it is before 1900-01-01 (serial 1), so it is no date");
}

/// Runs the binary as an ordinary user when the tests run as root (root
/// reads any file, so permissions would not show).
fn as_ordinary_user(dir: &Path, args: &[&str]) -> Option<Run> {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut command = if root {
        let setpriv = Path::new("/usr/bin/setpriv");
        if !setpriv.exists() {
            return None;
        }
        let mut c = Command::new(setpriv);
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    let output = command.args(args).current_dir(dir).output().ok()?;
    Some(Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

#[cfg(unix)]
#[test]
fn files_and_folders_that_cannot_be_read_are_named() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, r7) = round();
    // Readable by everyone (the ordinary user too), but these two.
    for dir in [tmp.path(), &tmp.path().join("data"), &r7] {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    fs::set_permissions(r7.join("round.toml"), fs::Permissions::from_mode(0o644)).expect("chmod");
    fs::write(r7.join("companies.xlsx"), b"PK").expect("write");
    fs::set_permissions(r7.join("companies.xlsx"), fs::Permissions::from_mode(0o000))
        .expect("chmod");
    fs::create_dir(r7.join("sites")).expect("mkdir");
    fs::set_permissions(r7.join("sites"), fs::Permissions::from_mode(0o000)).expect("chmod");
    // A link into a folder mdkpi may not enter: what it points to cannot
    // be reached.
    let locked = tmp.path().join("locked");
    fs::create_dir(&locked).expect("mkdir");
    fs::write(locked.join("amed.xlsx"), b"PK").expect("write");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    std::os::unix::fs::symlink(locked.join("amed.xlsx"), r7.join("amed.xlsx")).expect("link");
    let Some(run) = as_ordinary_user(tmp.path(), &["--data", "data", "validate"]) else {
        assert!(std::env::var_os("CI").is_none(), "setpriv is needed in CI");
        eprintln!("skipped: running as root without setpriv");
        return;
    };
    let _ = fs::set_permissions(r7.join("sites"), fs::Permissions::from_mode(0o755));
    let _ = fs::set_permissions(&locked, fs::Permissions::from_mode(0o755));
    assert_error_line(
        &run,
        "data/R7/companies.xlsx: E0202: cannot read the file: Permission denied (os error 13)",
    );
    assert_error_line(
        &run,
        "data/R7/sites: E0233: the folder cannot be listed: permission denied; give the user running mdkpi read access",
    );
    assert_error_line(
        &run,
        "data/R7/amed.xlsx: E0238: cannot be read: permission denied; give the user running mdkpi read access",
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStrExt;
    let (tmp, r7) = round();
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    let name = std::ffi::OsStr::from_bytes(b"\x93\x8c\x8b\x9e.xlsx");
    fs::write(r7.join("sites").join(name), station("東京")).expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/sites/\u{fffd}\u{fffd}\u{fffd}\u{fffd}.xlsx: E0235: the file name is not valid UTF-8 (it was written in another encoding): rename it",
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_and_broken_ones_named() {
    use std::os::unix::fs::symlink;
    let (tmp, r7) = round();
    let elsewhere = tmp.path().join("returns");
    fs::create_dir_all(&elsewhere).expect("mkdir");
    fs::write(elsewhere.join("tokyo.xlsx"), station("東京")).expect("write");
    symlink(&elsewhere, r7.join("sites")).expect("link");
    let run = validate(tmp.path());
    assert_clean_exit(&run, 0);
    assert!(run.stdout.contains("1 station"), "{}", run.all());
    symlink(elsewhere.join("gone.xlsx"), elsewhere.join("osaka.xlsx")).expect("link");
    symlink(elsewhere.join("loop.xlsx"), elsewhere.join("loop.xlsx")).expect("link");
    let run = validate(tmp.path());
    assert_error_line(
        &run,
        "data/R7/sites/osaka.xlsx: E0237: a dangling symbolic link: the file it points to does not exist; remove it or point it at the file",
    );
    assert_error_line(
        &run,
        "data/R7/sites/loop.xlsx: E0236: a symbolic link that loops back on itself: it leads to no file; remove it or point it at the file",
    );
}

#[test]
fn a_name_differing_only_in_case_is_read_with_a_warning() {
    let (tmp, r7) = round();
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    fs::write(r7.join("sites/NCC.XLSX"), station("国立がん研究センター")).expect("write");
    let run = validate(tmp.path());
    assert_clean_exit(&run, 0);
    assert!(run.stdout.contains("data/R7/sites/NCC.XLSX: warning: W0201: read as NCC.xlsx: the file name differs from the expected name only in letter case"), "{}", run.all());
    assert!(run.stdout.contains("1 station"), "{}", run.all());
}

// --- atomic output ---------------------------------------------------------

/// A copy of the checked-in data folder.
pub(crate) fn copy_of_data(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).expect("mkdir");
        for entry in fs::read_dir(from).expect("read_dir") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), target).expect("copy");
            }
        }
    }
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), to);
}

const OUTPUTS: [&str; 4] = [
    "index.html",
    "indicators.json",
    "indicators.csv",
    "provenance.json",
];

#[test]
fn concurrent_reports_end_with_one_complete_set() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // Two data folders whose reports differ in every file.
    copy_of_data(&tmp.path().join("a"));
    copy_of_data(&tmp.path().join("b"));
    let toml = tmp.path().join("b/R7/round.toml");
    let text = fs::read_to_string(&toml).expect("read");
    fs::write(
        &toml,
        text.replace("reference_date = 2026-01-01", "reference_date = 2025-12-31"),
    )
    .expect("write");
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).expect("mkdir");
    fs::write(out.join("notes.txt"), "mine").expect("write");
    let sets: Vec<Vec<Vec<u8>>> = ["a", "b"]
        .iter()
        .map(|d| {
            let single = tmp.path().join(format!("single-{d}"));
            let run = mdkpi(
                tmp.path(),
                &[
                    "--data",
                    d,
                    "report",
                    "--out",
                    single.to_str().expect("utf8"),
                ],
            );
            assert_clean_exit(&run, 0);
            OUTPUTS
                .iter()
                .map(|f| fs::read(single.join(f)).expect("read"))
                .collect()
        })
        .collect();
    assert_ne!(sets[0][1], sets[1][1], "the two runs must differ");
    for _ in 0..10 {
        let children: Vec<_> = ["a", "b"]
            .iter()
            .map(|d| {
                Command::new(BIN)
                    .args(["--data", d, "report", "--out", "out"])
                    .current_dir(tmp.path())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for mut child in children {
            assert!(child.wait().expect("wait").success());
        }
        let now: Vec<Vec<u8>> = OUTPUTS
            .iter()
            .map(|f| fs::read(out.join(f)).expect("read"))
            .collect();
        assert!(now == sets[0] || now == sets[1], "a mix of two runs' files");
        assert_eq!(
            fs::read_to_string(out.join("notes.txt")).expect("notes"),
            "mine"
        );
        let left: Vec<String> = fs::read_dir(tmp.path())
            .expect("read_dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".mdkpi-"))
            .collect();
        assert!(left.is_empty(), "temporary folders left: {left:?}");
    }
}

#[test]
fn a_failed_run_leaves_nothing_and_a_killed_runs_folder_is_removed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_of_data(&tmp.path().join("data"));
    // A Chromium that fails: the run stops after writing its staging folder.
    let bin = tmp.path().join("bin");
    fs::create_dir_all(&bin).expect("mkdir");
    let fake = bin.join("chromium");
    fs::write(&fake, "#!/bin/sh\necho 'no display' >&2\nexit 3\n").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    // What a run killed with -9 left: pid 0 is never a running report.
    let abandoned = tmp.path().join("reports/.R7.mdkpi-999999999-1");
    fs::create_dir_all(&abandoned).expect("mkdir");
    let output = Command::new(BIN)
        .args(["report", "--pdf"])
        .current_dir(tmp.path())
        .env("PATH", &bin)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let left: Vec<String> = fs::read_dir(tmp.path().join("reports"))
        .expect("read_dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

// --- output streams --------------------------------------------------------

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(BIN)
        .args(["--data", "data", "compute", "--format", "csv"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read one byte, then close the pipe, as `| head -c 1` does.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut one = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut one).expect("read");
    drop(stdout);
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
}

// --- injection -------------------------------------------------------------

#[test]
fn commentary_links_and_css_text_cannot_inject() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    copy_of_data(&data);
    let commentary = data.join("R7/commentary.md");
    let mut text = fs::read_to_string(&commentary).expect("read");
    text.push_str("\n[ok](https://www.mhlw.go.jp/) [x](javascript:alert(1)) [y](&#106;avascript:alert(2)) [z](data:text/html;base64,PHNjcmlwdD4=)\n");
    fs::write(&commentary, text).expect("write");
    let toml = data.join("R7/round.toml");
    let text = fs::read_to_string(&toml).expect("read");
    assert!(
        text.contains("[report]"),
        "the fixture has a [report] table"
    );
    let text = text.replacen(
        "[report]\n",
        "[report]\ntitle = \"KPI\\r}\\\"</style><script>alert(3)</script>\"\n",
        1,
    );
    let text = remove_key(&text, "title", 1);
    fs::write(&toml, text).expect("write");
    let run = mdkpi(tmp.path(), &["report", "--out", "out"]);
    assert_clean_exit(&run, 0);
    let html = fs::read_to_string(tmp.path().join("out/index.html")).expect("html");
    assert!(html.contains(r#"<a href="https://www.mhlw.go.jp/">ok</a>"#));
    for bad in ["href=\"javascript", "href=\"data:", "<script>alert(3)"] {
        assert!(!html.contains(bad), "{bad} in the report");
    }
    assert!(
        html.contains(
            r#"content: "KPI\d \7d \22 \3c /style\3e \3c script\3e alert(3)\3c /script\3e ""#
        ),
        "footer not CSS-escaped"
    );
}

/// `text` without the `n`-th (0-based) line that sets `key` (the fixture's
/// own title, once the test's comes first).
fn remove_key(text: &str, key: &str, n: usize) -> String {
    let mut seen = 0;
    text.lines()
        .filter(|l| {
            if l.trim_start().starts_with(&format!("{key} =")) {
                seen += 1;
                return seen - 1 != n;
            }
            true
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

// --- exit codes ------------------------------------------------------------

#[test]
fn a_broken_round_toml_asked_for_is_a_data_error() {
    let (tmp, r7) = round();
    fs::write(
        r7.join("round.toml"),
        "label = \"R7\"\nfiscal_year = 2025\nperiod_start = 2025-04-01\nperiod_end = [\n",
    )
    .expect("write");
    for command in ["validate", "compute", "report"] {
        let run = mdkpi(tmp.path(), &["--data", "data", command, "--round", "R7"]);
        assert_clean_exit(&run, 1);
        assert!(
            run.all()
                .contains("data/R7/round.toml: E0302: malformed TOML at line 4"),
            "{command}: {}",
            run.all()
        );
        assert!(!run.all().contains("no round"), "{command}: {}", run.all());
    }
}

#[test]
fn huge_numbers_and_bad_corrections_are_stated_briefly() {
    let (tmp, r7) = round();
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    fs::write(
        r7.join("sites/tokyo.拠点情報.csv"),
        "拠点名,事業,分野,所管\n東京,,,\n",
    )
    .expect("write");
    let digits = "9".repeat(300);
    fs::write(
        r7.join("sites/tokyo.人材育成研修.csv"),
        format!("テーマ,研修名,受入人数,備考\n1,講座,{digits},\n1,講座2,1e400,\n"),
    )
    .expect("write");
    fs::write(r7.join("sites/tokyo.共同研究.csv"), "項目,件数\n").expect("write");
    let run = validate(tmp.path());
    assert_clean_exit(&run, 1);
    assert!(
        !run.stdout.contains(&digits),
        "a 300-digit echo:\n{}",
        run.stdout
    );
    assert!(run.stdout.lines().any(|l| l.starts_with("data/R7/sites/tokyo.人材育成研修.csv:人材育成研修:C2: E0110: expected a number below 10^15, found 1e300")), "{}", run.stdout);
    assert!(run.stdout.contains("data/R7/sites/tokyo.人材育成研修.csv:人材育成研修:C3: E0107: expected a number, found \"1e400\""), "{}", run.stdout);
    for (value, shown) in [
        ("2", "2"),
        ("0", "0"),
        ("-0.5", "-0.5"),
        ("nan", "NaN"),
        ("inf", "inf"),
    ] {
        fs::write(
            r7.join("round.toml"),
            format!("{ROUND_TOML}correction = {value}\n"),
        )
        .expect("write");
        let run = validate(tmp.path());
        assert_clean_exit(&run, 1);
        assert!(run.stdout.contains(&format!("data/R7/round.toml: E0312: `correction`: expected a multiplier greater than 0 and at most 1 (0.5 halves the counts), found {shown}")), "{value}: {}", run.stdout);
    }
}

// --- messages --------------------------------------------------------------

#[test]
fn uncached_formulas_merged_blanks_and_invisible_characters_are_said() {
    let (tmp, r7) = round();
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    let bytes = station_with("東京", |info, training| {
        info.write_string(1, 3, "\u{feff}厚労省").expect("cell");
        training
            .merge_range(1, 0, 3, 0, "1", &Format::new())
            .expect("merge");
        for r in 1..=3u32 {
            training
                .write_string(r, 1, format!("講座{r}"))
                .expect("cell");
            training.write_number(r, 2, 10).expect("cell");
        }
        training.write_formula(4, 0, "=1+1").expect("formula");
        training.write_string(4, 1, "講座4").expect("cell");
        training.write_number(4, 2, 10).expect("cell");
    });
    fs::write(r7.join("sites/tokyo.xlsx"), without_cached_values(&bytes)).expect("write");
    let run = validate(tmp.path());
    for line in [
        "data/R7/sites/tokyo.xlsx:拠点情報:D2: E0407: expected 厚労省 or 経産省, found \"\\u{feff}厚労省\"",
        "data/R7/sites/tokyo.xlsx:人材育成研修:A3: E0109: expected a theme 1–6, found a blank cell: it is part of the merged cells A2:A4, whose value is only in A2; unmerge them and fill every row",
        "data/R7/sites/tokyo.xlsx:人材育成研修:A5: E0106: the formula =1+1 has no saved value (the workbook was written by a program that does not calculate, or saved with calculation off): open it in Excel, let it calculate and save it",
    ] {
        assert_error_line(&run, line);
    }
}

/// The workbook with every formula's saved value removed, as a program
/// that writes formulas without calculating them leaves it.
fn without_cached_values(xlsx: &[u8]) -> Vec<u8> {
    map_parts(xlsx, |name, content| {
        if !name.starts_with("xl/worksheets/") {
            return content;
        }
        let text = String::from_utf8(content).expect("utf8");
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("</f><v>") {
            out.push_str(&rest[..start + 4]);
            let after = &rest[start + 4..];
            let end = after.find("</v>").expect("</v>") + 4;
            rest = &after[end..];
        }
        out.push_str(rest);
        out.into_bytes()
    })
}

/// The workbook `xlsx` with each part's content passed through `f`.
fn map_parts(xlsx: &[u8], mut f: impl FnMut(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("zip");
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("part");
        let name = part.name().expect("name").to_string();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut content).expect("read");
        let content = f(&name, content);
        parts.push((name, content));
    }
    let borrowed: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    zip_of(&borrowed)
}

#[test]
fn a_csv_cell_is_located_by_its_record_row() {
    let (tmp, r7) = round();
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    fs::write(
        r7.join("sites/tokyo.拠点情報.csv"),
        "拠点名,事業,分野,所管\n東京,,,\n",
    )
    .expect("write");
    fs::write(
        r7.join("sites/tokyo.人材育成研修.csv"),
        "テーマ,研修名,受入人数,備考\n1,講座,10,\"二行の\n備考\"\n1,講座2,約50,\n",
    )
    .expect("write");
    fs::write(r7.join("sites/tokyo.共同研究.csv"), "項目,件数\n").expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/sites/tokyo.人材育成研修.csv:人材育成研修:C3: E0107: expected a number, found \"約50\"",
    );
}

// --- a tired analyst's Excel -------------------------------------------------

/// A hidden row is data: it is read and counted like any other (finding
/// hidden rows would mean reading every sheet twice; docs/decisions.md).
#[test]
fn hidden_rows_are_read_and_counted() {
    let (tmp, r7) = round();
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    let bytes = station_with("東京", |_, training| {
        for r in 1..=3u32 {
            training.write_number(r, 0, 1).expect("cell");
            training
                .write_string(r, 1, format!("講座{r}"))
                .expect("cell");
            training.write_number(r, 2, 10).expect("cell");
        }
        training.set_row_hidden(2).expect("hide");
    });
    fs::write(r7.join("sites/tokyo.xlsx"), bytes).expect("write");
    let run = validate(tmp.path());
    assert_clean_exit(&run, 0);
    let run = mdkpi(
        tmp.path(),
        &["--data", "data", "compute", "--format", "csv"],
    );
    assert!(
        run.stdout.contains("kpi1.participants,R7,30,"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_workbook_still_open_in_excel_is_said() {
    let (tmp, r7) = round();
    fs::create_dir_all(r7.join("sites")).expect("mkdir");
    fs::write(r7.join("sites/tokyo.xlsx"), station("東京")).expect("write");
    fs::write(r7.join("sites/~$tokyo.xlsx"), b"owner").expect("write");
    let run = validate(tmp.path());
    assert_clean_exit(&run, 0);
    assert!(run.stdout.contains("data/R7/sites/~$tokyo.xlsx: warning: W0205: Excel lock file ignored: tokyo.xlsx is probably open in Excel; save and close it before running mdkpi, or the latest changes are not read"), "{}", run.all());
}

#[test]
fn entities_in_a_workbook_are_not_expanded() {
    // "Billion laughs": an XML entity bomb in the shared strings must not
    // expand (calamine's XML reader knows only the predefined entities).
    let (tmp, r7) = round();
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("回答")
        .expect("name")
        .write_string(0, 0, "回答ID")
        .expect("cell");
    let good = wb.save_to_buffer().expect("xlsx");
    let bytes = map_parts(&good, |name, content| {
        if name != "xl/sharedStrings.xml" {
            return content;
        }
        let mut dtd =
            String::from("<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">");
        for i in 1..10 {
            let prev = if i == 1 {
                "a".to_string()
            } else {
                format!("e{}", i - 1)
            };
            dtd.push_str(&format!(
                "<!ENTITY e{i} \"{}\">",
                format!("&{prev};").repeat(10)
            ));
        }
        dtd.push_str("]><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>&e9;</t></si></sst>");
        dtd.into_bytes()
    });
    fs::write(r7.join("companies.xlsx"), bytes).expect("write");
    let run = validate(tmp.path());
    assert_clean_exit(&run, 1);
    assert!(
        run.stdout.starts_with("data/R7/companies.xlsx"),
        "{}",
        run.all()
    );
}

// --- what the fuzzer found -------------------------------------------------

/// Every reproducer the fuzzer kept (`fuzz/regressions/<target>/`), given
/// to the binary as the input its target stands for: each ends in an
/// answer (exit 0 or 1) without a panic, within the memory and CPU limits.
#[test]
fn fuzz_findings_end_in_a_message() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut checked = 0;
    for target in [
        "xlsx",
        "xlsx_sheet",
        "ods",
        "ods_content",
        "xls",
        "csv",
        "round_toml",
    ] {
        let Ok(entries) = fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let bytes = fs::read(&file).expect("read");
            let (name, content) = match target {
                "xlsx" => ("companies.xlsx", bytes),
                "xlsx_sheet" => (
                    "companies.xlsx",
                    mdkpi::fuzzing::xlsx_from_sheet_xml(&bytes),
                ),
                "ods" => ("companies.ods", bytes),
                "ods_content" => (
                    "companies.ods",
                    mdkpi::fuzzing::ods_from_content_xml(&bytes),
                ),
                "xls" => ("companies.xls", bytes),
                "csv" => ("companies.回答.csv", bytes),
                _ => ("round.toml", bytes),
            };
            let (tmp, r7) = round();
            fs::write(r7.join(name), content).expect("write");
            let run = validate(tmp.path());
            assert!(
                matches!(run.code, Some(0 | 1)) && !run.all().contains("panicked"),
                "{}: {:?}\n{}",
                file.display(),
                run.code,
                run.all()
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} reproducers found");
}

#[test]
fn a_text_longer_than_any_cell_and_a_false_string_count_are_refused() {
    let (tmp, r7) = round();
    let long = format!("<si><t>{}</t></si>", "A".repeat(300 << 10));
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#;
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{long}</sst>"#
    );
    let xml = [sheet.as_bytes(), b"\0", shared.as_bytes()].concat();
    fs::write(
        r7.join("companies.xlsx"),
        mdkpi::fuzzing::xlsx_from_sheet_xml(&xml),
    )
    .expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.xlsx: E0215: the workbook holds a text longer than Excel's limit of 32767 characters (in its part xl/sharedStrings.xml): it is not read",
    );
    let shared = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000"><si><t>回答ID</t></si></sst>"#;
    let xml = [sheet.as_bytes(), b"\0", shared.as_bytes()].concat();
    fs::write(
        r7.join("companies.xlsx"),
        mdkpi::fuzzing::xlsx_from_sheet_xml(&xml),
    )
    .expect("write");
    assert_error_line(
        &validate(tmp.path()),
        "data/R7/companies.xlsx: E0216: the workbook claims 4000000000 distinct texts (in its part xl/sharedStrings.xml), more than mdkpi reads from one file (8000000): it is not read",
    );
}
