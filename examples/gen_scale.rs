//! Scale generator for the benchmarks: contract-conforming data folders at
//! N times the fixture sizes.
//!
//! ```text
//! cargo run --release --example gen_scale -- [--data data] [--out target/scale] [SCALE…]
//! ```
//!
//! For each SCALE (default: 1 10 100 1000) it writes `<out>/x<SCALE>/`: a
//! `plan.toml` and `indicators.toml` (the data folder's own) and every round folder of `--data`
//! with its records replicated SCALE times:
//!
//! - each station of `sites/` becomes SCALE stations: copy 0 keeps its stem
//!   and name, copy k is stem `<stem>-k<k>` with 拠点名 `<name>-<k>` (a blank
//!   拠点名 stays blank: the stem names the station); every file of the
//!   station is rewritten, workbooks as .xlsx and CSV stand-ins as CSV in
//!   the encoding they came in;
//! - `companies` (回答), `amed` (課題) and `satisfaction` (回答) hold their
//!   rows SCALE times, with 回答ID and 課題番号 suffixed `-<k>` in copy k so
//!   they stay unique;
//! - round.toml's `stations` list names every copy; everything else
//!   (follow-up, commentary, published figures, other sheets) is copied as is.
//!
//! So every rate and per-station mean of a scaled folder equals the
//! fixtures' and every count is SCALE times theirs (the ministries' follow-up
//! rows are not scaled: they are one time series). Cells are read with
//! mdkpi's own reader layer, so a scaled folder holds what the fixtures
//! hold, cell for cell; it validates with 0 errors. The output is
//! deterministic (fixed workbook properties, sorted inputs). A scale is
//! written into a temporary folder and renamed into place when complete,
//! so an interrupted run never leaves a partial scale behind. Never write
//! into `data/`: the default output is under `target/`.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use mdkpi::ingest::csvfile::{decode_csv, read_csv, CsvEncoding};
use mdkpi::ingest::open::read_workbook;
use mdkpi::ingest::source::{sheet_key, CellValue, SheetData};
use mdkpi::input::files::stems_in;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;

const DEFAULT_SCALES: [usize; 4] = [1, 10, 100, 1000];

/// Round-level datasets whose rows are replicated: (file stem, sheet, the
/// column that must stay unique, if any).
const REPLICATED: [(&str, &str, Option<&str>); 3] = [
    ("companies", "回答", Some("回答ID")),
    ("amed", "課題", Some("課題番号")),
    ("satisfaction", "回答", None),
];
const SITES: &str = "sites";
const SITE_INFO: &str = "拠点情報";
const SITE_NAME: &str = "拠点名";

fn main() {
    if let Err(e) = run() {
        eprintln!("gen_scale: {e}");
        std::process::exit(1);
    }
}

fn run() -> Res<()> {
    let mut data = PathBuf::from("data");
    let mut out = PathBuf::from("target/scale");
    let mut scales = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data" => data = args.next().ok_or("--data needs a folder")?.into(),
            "--out" => out = args.next().ok_or("--out needs a folder")?.into(),
            "-h" | "--help" => {
                println!("usage: gen_scale [--data DIR] [--out DIR] [SCALE…]  (default scales 1 10 100 1000)");
                return Ok(());
            }
            s => scales.push(
                s.trim_start_matches('x')
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("not a scale: {s} (expected 1, 10, 100, …)"))?,
            ),
        }
    }
    if scales.is_empty() {
        scales = DEFAULT_SCALES.to_vec();
    }
    if fs::canonicalize(&out)
        .ok()
        .zip(fs::canonicalize(&data).ok())
        .is_some_and(|(o, d)| o.starts_with(&d))
    {
        return Err("refusing to write inside the data folder".into());
    }
    for scale in scales {
        let started = Instant::now();
        let dest = out.join(format!("x{scale}"));
        let files = generate(&data, &dest, scale)?;
        println!(
            "{}: {files} files in {:.1} s",
            dest.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Writes the whole scaled folder `dest` (replacing it); returns the number
/// of files written.
fn generate(data: &Path, dest: &Path, scale: usize) -> Res<usize> {
    let name = dest
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("bad output folder")?;
    let tmp = dest.with_file_name(format!(".{name}.partial"));
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    fs::create_dir_all(&tmp)?;
    let mut jobs: Vec<Job> = Vec::new();
    // The data folder's own files: the plan and the declared indicators.
    for name in ["plan.toml", "indicators.toml"] {
        let file = data.join(name);
        if file.is_file() {
            jobs.push(Job::Copy(file, tmp.join(name)));
        }
    }
    let mut rounds: Vec<PathBuf> = fs::read_dir(data)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("round.toml").is_file())
        .collect();
    rounds.sort();
    if rounds.is_empty() {
        return Err(format!("no round folders in {}", data.display()).into());
    }
    let mut count = jobs.len();
    run_jobs(std::mem::take(&mut jobs))?;
    // One round at a time, so only one round's rows are held in memory.
    for round in &rounds {
        let label = round.file_name().ok_or("bad round folder")?;
        plan_round(round, &tmp.join(label), scale, &mut jobs)?;
        count += jobs.len();
        run_jobs(std::mem::take(&mut jobs))?;
    }
    if dest.exists() {
        fs::remove_dir_all(dest)?;
    }
    fs::rename(&tmp, dest)?;
    Ok(count)
}

/// One file to write.
enum Job {
    Copy(PathBuf, PathBuf),
    Text(PathBuf, String),
    /// A workbook from sheets (the rows of each already in place).
    Workbook(PathBuf, Vec<OutSheet>),
    Csv(PathBuf, OutSheet, CsvEncoding),
}

/// A sheet to write: its name and (0-based row, cells) pairs.
struct OutSheet {
    name: String,
    rows: Vec<(u32, Vec<CellValue>)>,
}

/// Lists the jobs that write one scaled round folder.
fn plan_round(src: &Path, dest: &Path, scale: usize, jobs: &mut Vec<Job>) -> Res<()> {
    fs::create_dir_all(dest)?;
    let mut names = list_files(src)?;
    names.sort();
    for name in names {
        let from = src.join(&name);
        let to = dest.join(&name);
        if name == "round.toml" {
            let text = fs::read_to_string(&from)?;
            jobs.push(Job::Text(to, scale_station_list(&text, scale)?));
            continue;
        }
        let stem = name.split('.').next().unwrap_or(&name);
        let Some((_, sheet, unique)) = REPLICATED.iter().find(|(s, ..)| *s == stem) else {
            jobs.push(Job::Copy(from, to));
            continue;
        };
        let replicate = |s: &SheetData| {
            if sheet_key(&s.sheet) == sheet_key(sheet) {
                replicated_rows(s, scale, *unique)
            } else {
                s.rows.iter().map(|r| (r.row, r.cells.to_vec())).collect()
            }
        };
        if let Some(csv_sheet) = csv_sheet_name(&name, stem) {
            let (sheet_data, enc) = read_csv_file(&from, csv_sheet)?;
            let rows = replicate(&sheet_data);
            jobs.push(Job::Csv(
                to,
                OutSheet {
                    name: sheet_data.sheet,
                    rows,
                },
                enc,
            ));
        } else {
            let (sheets, _) = read_workbook(&from, &from.display().to_string())
                .map_err(|e| format!("{}: {}", from.display(), e.message))?;
            let out = sheets
                .iter()
                .map(|s| OutSheet {
                    name: s.sheet.clone(),
                    rows: replicate(s),
                })
                .collect();
            jobs.push(Job::Workbook(dest.join(format!("{stem}.xlsx")), out));
        }
    }
    let sites = src.join(SITES);
    if sites.is_dir() {
        plan_sites(&sites, &dest.join(SITES), scale, jobs)?;
    }
    Ok(())
}

/// Each station `scale` times, copy k under stem `<stem>-k<k>`.
fn plan_sites(src: &Path, dest: &Path, scale: usize, jobs: &mut Vec<Job>) -> Res<()> {
    fs::create_dir_all(dest)?;
    for (stem, names) in stems_in(&list_files(src)?) {
        for name in names {
            let from = src.join(&name);
            let rest = &name[stem.len()..];
            if let Some(sheet) = csv_sheet_name(&name, &stem) {
                let (sheet_data, enc) = read_csv_file(&from, sheet)?;
                for k in 0..scale {
                    jobs.push(Job::Csv(
                        dest.join(format!("{}{rest}", copy_stem(&stem, k))),
                        OutSheet {
                            name: sheet_data.sheet.clone(),
                            rows: renamed_station(&sheet_data, k),
                        },
                        enc,
                    ));
                }
            } else {
                let (sheets, _) = read_workbook(&from, &from.display().to_string())
                    .map_err(|e| format!("{}: {}", from.display(), e.message))?;
                for k in 0..scale {
                    let out = sheets
                        .iter()
                        .map(|s| OutSheet {
                            name: s.sheet.clone(),
                            rows: renamed_station(s, k),
                        })
                        .collect();
                    jobs.push(Job::Workbook(
                        dest.join(format!("{}.xlsx", copy_stem(&stem, k))),
                        out,
                    ));
                }
            }
        }
    }
    Ok(())
}

fn copy_stem(stem: &str, k: usize) -> String {
    if k == 0 {
        stem.to_string()
    } else {
        format!("{stem}-k{k}")
    }
}

/// Copy k of a text value that must stay unique (an id, a station name).
fn tagged(text: &str, k: usize) -> String {
    if k == 0 {
        text.to_string()
    } else {
        format!("{text}-{k}")
    }
}

fn tag_cell(cell: &CellValue, k: usize) -> CellValue {
    match cell {
        CellValue::Text(t) if !t.trim().is_empty() => CellValue::text(tagged(t, k)),
        CellValue::Number(x) if k > 0 => CellValue::text(tagged(&fmt_num(*x), k)),
        other => other.clone(),
    }
}

/// The column of `header` in the sheet's header row (its first non-empty
/// row, as the reader layer finds it).
fn column_of(sheet: &SheetData, header: &str) -> Option<usize> {
    let key = sheet_key(header);
    sheet.rows.first()?.cells.iter().position(|c| match c {
        CellValue::Text(t) => sheet_key(t) == key,
        _ => false,
    })
}

/// The header row, then the data rows `scale` times, contiguous below it;
/// in copy k the `unique` column is tagged with k.
fn replicated_rows(
    sheet: &SheetData,
    scale: usize,
    unique: Option<&str>,
) -> Vec<(u32, Vec<CellValue>)> {
    let Some((header, data)) = sheet.rows.split_first() else {
        return Vec::new();
    };
    let col = unique.and_then(|u| column_of(sheet, u));
    let mut rows = Vec::with_capacity(1 + data.len() * scale);
    rows.push((header.row, header.cells.to_vec()));
    let mut next = header.row + 1;
    for k in 0..scale {
        for r in data {
            let mut cells = r.cells.clone();
            if let Some(c) = col.filter(|c| *c < cells.len()) {
                cells[c] = tag_cell(&cells[c], k);
            }
            rows.push((next, cells.to_vec()));
            next += 1;
        }
    }
    rows
}

/// A station sheet for copy k: 拠点名 of the 拠点情報 sheet tagged with k.
fn renamed_station(sheet: &SheetData, k: usize) -> Vec<(u32, Vec<CellValue>)> {
    let col = (sheet_key(&sheet.sheet) == sheet_key(SITE_INFO))
        .then(|| column_of(sheet, SITE_NAME))
        .flatten();
    sheet
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut cells = r.cells.to_vec();
            if let Some(c) = col.filter(|c| i > 0 && *c < cells.len()) {
                cells[c] = tag_cell(&cells[c], k);
            }
            (r.row, cells)
        })
        .collect()
}

/// round.toml with its `stations` list naming every copy of each station.
fn scale_station_list(text: &str, scale: usize) -> Res<String> {
    let Some(start) = text
        .lines()
        .scan(0, |offset, line| {
            let at = *offset;
            *offset += line.len() + 1;
            Some((at, line))
        })
        .find(|(_, line)| {
            let t = line.trim_start();
            t.starts_with("stations") && t["stations".len()..].trim_start().starts_with('=')
        })
        .map(|(at, _)| at)
    else {
        return Ok(text.to_string());
    };
    let open = start
        + text[start..]
            .find('[')
            .ok_or("round.toml: stations is not a list")?;
    let close = open
        + text[open..]
            .find(']')
            .ok_or("round.toml: unclosed stations list")?;
    let inner = &text[open + 1..close];
    if inner.contains(['\\', '\'']) {
        return Err("round.toml: the stations list uses escapes or literal strings; write it with plain \"…\" strings".into());
    }
    let names: Vec<&str> = inner.split('"').skip(1).step_by(2).collect();
    let mut list = String::from("[\n");
    for k in 0..scale {
        for name in &names {
            list.push_str(&format!("  \"{}\",\n", tagged(name, k)));
        }
    }
    list.push(']');
    Ok(format!("{}{list}{}", &text[..open], &text[close + 1..]))
}

/// `<stem>.<sheet>.csv` → the sheet name.
fn csv_sheet_name<'a>(name: &'a str, stem: &str) -> Option<&'a str> {
    name.strip_prefix(stem)?
        .strip_prefix('.')?
        .strip_suffix(".csv")
        .filter(|s| !s.is_empty())
}

fn read_csv_file(path: &Path, sheet: &str) -> Res<(SheetData, CsvEncoding)> {
    let shown = path.display().to_string();
    let (_, enc) = decode_csv(&fs::read(path)?).map_err(|e| format!("{shown}: {e}"))?;
    let (data, _) = read_csv(path, sheet).map_err(|e| format!("{shown}: {}", e.message))?;
    Ok((data, enc))
}

fn list_files(dir: &Path) -> Res<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            if let Ok(name) = entry.file_name().into_string() {
                names.push(name);
            }
        }
    }
    Ok(names)
}

/// Runs the jobs on every core; each writes its own file, so the output
/// does not depend on the order they run in.
fn run_jobs(jobs: Vec<Job>) -> Res<()> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let first_error: Mutex<Option<String>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                if let Err(e) = run_job(job) {
                    if let Ok(mut slot) = first_error.lock() {
                        slot.get_or_insert(e.to_string());
                    }
                    next.store(jobs.len(), Ordering::Relaxed);
                }
            });
        }
    });
    match first_error.into_inner().ok().flatten() {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

fn run_job(job: &Job) -> Res<()> {
    match job {
        Job::Copy(from, to) => {
            fs::copy(from, to)?;
        }
        Job::Text(to, text) => fs::write(to, text)?,
        Job::Workbook(to, sheets) => save_workbook(to, sheets)?,
        Job::Csv(to, sheet, enc) => save_csv(to, sheet, *enc)?,
    }
    Ok(())
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Writes a workbook with fixed document properties, so the bytes are the
/// same on every run.
fn save_workbook(path: &Path, sheets: &[OutSheet]) -> Res<()> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 12, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("mdkpi scale generator")
            .set_comment("Scaled copy of the fixture data, written by examples/gen_scale.rs"),
    );
    let date_format = Format::new().set_num_format("yyyy/mm/dd");
    let percent_format = Format::new().set_num_format("0%");
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (row, cells) in &sheet.rows {
            for (c, cell) in cells.iter().enumerate() {
                let col = u16::try_from(c).map_err(|_| "too many columns")?;
                match cell {
                    CellValue::Empty => {}
                    CellValue::Text(t) => {
                        ws.write_string(*row, col, t.as_ref())?;
                    }
                    CellValue::Number(x) => {
                        ws.write_number(*row, col, *x)?;
                    }
                    CellValue::Percent(x) => {
                        ws.write_number_with_format(*row, col, *x, &percent_format)?;
                    }
                    CellValue::Bool(b) => {
                        ws.write_boolean(*row, col, *b)?;
                    }
                    CellValue::Date(d) => {
                        use chrono::Datelike;
                        let date = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        ws.write_datetime_with_format(*row, col, &date, &date_format)?;
                    }
                    CellValue::Error(e) | CellValue::Uncached(e) => {
                        return Err(format!(
                            "{}: an error or uncalculated cell ({e}) cannot be replicated",
                            path.display()
                        )
                        .into())
                    }
                }
            }
        }
    }
    wb.save(path)?;
    Ok(())
}

fn csv_field(cell: &CellValue) -> String {
    let raw = match cell {
        CellValue::Empty => String::new(),
        CellValue::Text(t) => t.to_string(),
        CellValue::Error(t) | CellValue::Uncached(t) => t.to_string(),
        CellValue::Number(x) => fmt_num(*x),
        // As the cell shows it; a percentage column reads `50%` as 50.
        CellValue::Percent(x) => mdkpi::ingest::source::percent_shown(*x),
        CellValue::Bool(b) => b.to_string(),
        CellValue::Date(d) => d.format("%Y/%m/%d").to_string(),
    };
    if raw.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", raw.replace('"', "\"\""))
    } else {
        raw
    }
}

/// Writes a CSV sheet in the encoding its source came in.
fn save_csv(path: &Path, sheet: &OutSheet, enc: CsvEncoding) -> Res<()> {
    let mut text = String::new();
    for (_, cells) in &sheet.rows {
        let fields: Vec<String> = cells.iter().map(csv_field).collect();
        text.push_str(&fields.join(","));
        text.push_str("\r\n");
    }
    let bytes = match enc {
        CsvEncoding::Utf8 => text.into_bytes(),
        CsvEncoding::Utf8Bom => {
            let mut b = vec![0xEF, 0xBB, 0xBF];
            b.extend_from_slice(text.as_bytes());
            b
        }
        CsvEncoding::ShiftJis => {
            let (encoded, _, had_errors) = encoding_rs::SHIFT_JIS.encode(&text);
            if had_errors {
                return Err(
                    format!("{}: text not representable in Shift_JIS", path.display()).into(),
                );
            }
            encoded.into_owned()
        }
    };
    fs::write(path, bytes)?;
    Ok(())
}
