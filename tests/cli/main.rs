//! Integration tests of the `mdkpi` binary: robustness against corrupted
//! workbooks, `--help`, the CSV stand-ins of SPEC §4, the tests of the
//! modules below, and, for the bad-input cases of `tests/invalid/` (SPEC
//! §9, see `tests/invalid/README.md`), that together they print every code
//! and that the checks of their output catch bad lines. The cases
//! themselves run in the `golden` target (`tests/golden/main.rs`), one
//! test per case and language.

mod chart_files;
mod checks;
mod deck_commentary;
mod deck_pages;
mod deck_summary;
mod declared;
mod diff;
mod errors;
mod explain;
mod export;
mod figures;
mod forms_explained;
mod init;
mod modules;
mod pages;
mod pptx;
mod preview;
mod print;
mod report;
mod station;
mod trust;
mod trust_numbers;
mod trust_output;
mod trust_texts;

use std::fs;
use std::path::Path;
use std::process::Command;

use rust_xlsxwriter::Workbook;

// Runs and the checks of their output, shared with the `golden` target.
#[path = "../golden/output.rs"]
mod output;
use output::{
    case_dirs, case_name, cases_dir, check_coded_line, check_problem_line, code_of, codes_in,
    copy_tree, counts, default_args, is_code, line_diff, problem_lines, Run, BIN, GOLDEN_LANGS,
};

const ROUND_TOML: &str = "label = \"R7\"
fiscal_year = 2025
period_start = 2025-03-07
period_end = 2026-03-06
reference_date = 2026-01-01
";

fn run_in(dir: &Path, args: &[String]) -> Run {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        // English messages whatever the machine's locale (SPEC §16).
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn validate_in(dir: &Path) -> Run {
    run_in(dir, &default_args())
}

/// `tests/invalid/UNREACHABLE.md`: the codes no golden case prints, each
/// with the reason (lines `- CODE: reason`).
fn unreachable_list() -> Result<Vec<(String, String)>, String> {
    let path = cases_dir().join("UNREACHABLE.md");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut listed = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(item) = line.strip_prefix("- ") else {
            continue;
        };
        let Some((code, reason)) = item.split_once(": ") else {
            return Err(format!(
                "UNREACHABLE.md:{}: not `- CODE: reason`: {line:?}",
                i + 1
            ));
        };
        let code = code.trim_matches('`');
        if !is_code(code) || reason.trim().is_empty() {
            return Err(format!(
                "UNREACHABLE.md:{}: not `- CODE: reason`: {line:?}",
                i + 1
            ));
        }
        listed.push((code.to_string(), reason.trim().to_string()));
    }
    Ok(listed)
}

/// Every code of the catalogue is printed by a golden case (in both
/// languages) or listed in `tests/invalid/UNREACHABLE.md` with the reason
/// no input can provoke it; a listed code that a case prints is a stale
/// entry. The goldens are read, not run: the `golden` target holds them to
/// the binary's output.
#[test]
fn every_code_is_reached_by_a_case_or_listed_unreachable() {
    use std::collections::{BTreeMap, BTreeSet};
    let mut reached: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for case in case_dirs() {
        for (lang, file, _) in GOLDEN_LANGS {
            let text = fs::read_to_string(case.join(file)).unwrap_or_default();
            for code in codes_in(&text) {
                reached
                    .entry(code.to_string())
                    .or_default()
                    .insert(format!("{} [{lang}]", case_name(&case)));
            }
        }
    }
    let listed = unreachable_list().unwrap_or_else(|e| panic!("{e}"));
    let catalogue: BTreeSet<&str> = mdkpi::diag::Code::ALL.iter().map(|c| c.as_str()).collect();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (code, _) in &listed {
        if !seen.insert(code.as_str()) {
            problems.push(format!("{code} is listed twice in UNREACHABLE.md"));
        }
        if !catalogue.contains(code.as_str()) {
            problems.push(format!(
                "{code} is listed in UNREACHABLE.md but is no code of the catalogue"
            ));
        }
        if let Some(cases) = reached.get(code) {
            problems.push(format!(
                "{code} is listed in UNREACHABLE.md but printed by {}: remove it from the list",
                cases.iter().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    for code in &catalogue {
        if !reached.contains_key(*code) && !seen.contains(code) {
            problems.push(format!(
                "{code} is printed by no case of tests/invalid: add a case that provokes it (examples/gen_invalid.rs), or list it in tests/invalid/UNREACHABLE.md with the reason none can"
            ));
        }
    }
    for code in reached.keys() {
        if !catalogue.contains(code.as_str()) {
            problems.push(format!(
                "a case prints {code}, which is no code of the catalogue"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checks_of_this_file_catch_bad_lines() {
    assert_eq!(
        check_problem_line("data/R7/companies.xlsx:回答:D12: expected a number, found \"約50\""),
        Ok(false)
    );
    assert_eq!(
        check_problem_line("data/R7/notes.txt: warning: W0208: unexpected file ignored"),
        Ok(true)
    );
    assert_eq!(
        check_problem_line("data/R7/amed.xlsx:課題: warning: x"),
        Ok(true)
    );
    for bad in [
        "R7/companies.xlsx:回答:D12: message",
        "data/R7/companies.xlsx:回答:12: message",
        "data/R7/companies.xlsx:回答:D0: message",
        "data/R7/companies.xlsx:回答:D12:E3: message",
        "data/R7/companies.xlsx: warning: ",
        "thread 'main' panicked at src/main.rs:1:1:",
    ] {
        assert!(check_problem_line(bad).is_err(), "{bad}");
    }
    assert_eq!(counts("x\n1 round, 2 errors, 1 warning\n"), Some((2, 1)));
    assert_eq!(counts("x\n3 rounds, 0 errors, 0 warnings\n"), Some((0, 0)));
    assert_eq!(counts("1 round\n"), None);
    assert_eq!(
        code_of("data/R7/companies.xlsx:回答:D12: E0107: 数値が必要です: 約50"),
        Some("E0107")
    );
    assert_eq!(
        code_of("mdkpi: E0001: data folder \"data\" not found"),
        Some("E0001")
    );
    assert_eq!(code_of("R7  FY2025 (令和7年度)"), None);
    assert_eq!(
        codes_in("a: warning: W0208: x\nexit 1\nmdkpi: E0002: y\n"),
        vec!["W0208", "E0002"]
    );
    assert_eq!(check_coded_line("data/R7/a.txt: warning: W0208: x"), Ok(()));
    assert_eq!(check_coded_line("mdkpi: E0002: y"), Ok(()));
    for bad in [
        "data/R7/a.txt: W0208: a warning without its mark",
        "data/R7/a.txt: warning: E0107: an error marked as a warning",
        "R7/a.txt: E0107: not under data/",
        "data/R7/a.txt: E0107: ",
    ] {
        assert!(check_coded_line(bad).is_err(), "{bad}");
    }
    let diff = line_diff("a\nb\nc\n", "a\nB\nc\n");
    assert_eq!(diff, "      a\n    - b\n    + B\n      c\n");
}

// ------------------------------------------------------------ robustness

const COMPANY_COLUMNS: [&str; 21] = [
    "回答ID",
    "資本",
    "設立日",
    "資本金(百万円)",
    "従業員数",
    "自社研究開発",
    "輸入主体",
    "異業種参入",
    "医療機器研究開発開始日",
    "研究開発特化型",
    "上市可能製品",
    "海外拠点_研究開発",
    "海外拠点_生産",
    "海外拠点_販売",
    "海外拠点_教育",
    "海外拠点_その他",
    "輸出",
    "知財海外出願",
    "海外投資",
    "海外許認可申請",
    "海外共同研究開発",
];

/// A valid `companies.xlsx` of 30 responses.
fn companies_xlsx() -> Vec<u8> {
    companies_xlsx_with(|_| {})
}

/// [`companies_xlsx`] with `edit` applied to its sheet before it is saved.
fn companies_xlsx_with(edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("回答").expect("sheet name");
    for (c, name) in COMPANY_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *name).expect("header");
    }
    for i in 1..=30u32 {
        let row: Vec<String> = vec![
            format!("C{i:03}"),
            if i % 4 == 0 { "外資" } else { "内資" }.into(),
            format!("{}-04-01", 1960 + i),
            format!("{}", 10 * i),
            format!("{}", 5 * i),
        ];
        for (c, value) in row.iter().enumerate() {
            ws.write_string(i, c as u16, value).expect("cell");
        }
        ws.write_string(i, 8, format!("{}/10/1", 1990 + i))
            .expect("cell");
        for c in (5..21).filter(|c| *c != 8) {
            let yes = (i as usize + c).is_multiple_of(3);
            ws.write_string(i, c as u16, if yes { "はい" } else { "いいえ" })
                .expect("cell");
        }
    }
    edit(ws);
    workbook.save_to_buffer().expect("xlsx")
}

/// Deterministic pseudo-random numbers (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| (self.next() >> 56) as u8).collect()
    }
}

/// The byte range of the compressed data of the ZIP entry `name`: from the
/// end of its local header to the next ZIP record.
fn zip_entry_data(zip: &[u8], name: &str) -> std::ops::Range<usize> {
    let find = |needle: &[u8], from: usize| {
        zip[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| from + i)
    };
    let mut from = 0;
    while let Some(header) = find(b"PK\x03\x04", from) {
        let field =
            |at: usize| u16::from_le_bytes([zip[header + at], zip[header + at + 1]]) as usize;
        let (name_len, extra_len) = (field(26), field(28));
        let start = header + 30 + name_len + extra_len;
        if &zip[header + 30..header + 30 + name_len] == name.as_bytes() {
            let end = [find(b"PK\x07\x08", start), find(b"PK\x03\x04", start)]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(zip.len());
            assert!(end > start, "{name} has no data");
            return start..end;
        }
        from = header + 4;
    }
    panic!("no entry {name} in the workbook");
}

/// Writes a data folder with one round R7 holding `file` under `dir`.
fn round_with(dir: &Path, file: &str, bytes: &[u8]) {
    let round = dir.join("data/R7");
    fs::create_dir_all(&round).expect("mkdir");
    fs::write(round.join("round.toml"), ROUND_TOML).expect("round.toml");
    fs::write(round.join(file), bytes).expect("input file");
}

#[test]
fn corrupted_workbooks_are_errors_naming_the_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let good = companies_xlsx();
    let intact = tmp.path().join("intact");
    round_with(&intact, "companies.xlsx", &good);
    let run = validate_in(&intact);
    assert_eq!(
        run.code,
        Some(0),
        "the intact workbook is valid:\n{}",
        run.render()
    );
    assert!(
        run.stdout.contains("companies     30 responses"),
        "{}",
        run.stdout
    );

    let mut rng = Rng(0x5EED_2025);
    let mut variants: Vec<(String, &str, Vec<u8>)> = Vec::new();
    for k in 0..30 {
        let at = k * good.len() / 30;
        variants.push((
            format!("truncated at {at}"),
            "companies.xlsx",
            good[..at].to_vec(),
        ));
    }
    // Flips in the compressed data of the sheet and of the shared strings:
    // the cells themselves. (A flip elsewhere may hit a part the reader does
    // not need, such as the theme: `flips_anywhere_never_panic`.)
    let cells = [
        zip_entry_data(&good, "xl/worksheets/sheet1.xml"),
        zip_entry_data(&good, "xl/sharedStrings.xml"),
    ];
    for k in 0..30 {
        let mut bytes = good.clone();
        let mut at = Vec::new();
        for _ in 0..1 + k % 3 {
            let range = &cells[rng.below(cells.len())];
            let i = range.start + rng.below(range.len());
            bytes[i] ^= 1 + rng.below(255) as u8;
            at.push(i);
        }
        variants.push((
            format!("cell data flipped at {at:?}"),
            "companies.xlsx",
            bytes,
        ));
    }
    for file in [
        "companies.xlsx",
        "companies.xlsm",
        "companies.xls",
        "companies.ods",
    ] {
        variants.push((format!("garbage {file}"), file, rng.bytes(3000)));
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(rng.bytes(3000));
        variants.push((format!("ZIP header and garbage in {file}"), file, zip));
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend(rng.bytes(3000));
        variants.push((format!("OLE header and garbage in {file}"), file, ole));
        variants.push((
            format!("half a workbook in {file}"),
            file,
            good[..good.len() / 2].to_vec(),
        ));
    }
    for len in [1, 7, 100, 4000] {
        variants.push((
            format!("{len} random bytes as CSV"),
            "companies.回答.csv",
            rng.bytes(len),
        ));
    }

    let failures: Vec<String> = variants
        .iter()
        .enumerate()
        .filter_map(|(i, (what, file, bytes))| {
            let run = validate_variant(&tmp.path().join(format!("v{i}")), file, bytes);
            let ok =
                run.code == Some(1) && names_error(&run, file) && !run.all().contains("panicked");
            (!ok).then(|| format!("{what} ({file}):\n{}", run.render()))
        })
        .collect();
    report_failures(
        &failures,
        variants.len(),
        "corrupted inputs were not reported as an error naming the file",
    );
}

/// Byte flips anywhere in a workbook: a flip may hit a part the reader does
/// not need (theme, document properties, a ZIP field it ignores), so the
/// workbook may still read; but there is never a panic, and an unreadable
/// workbook is an error naming it.
#[test]
fn flips_anywhere_never_panic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let good = companies_xlsx();
    let mut rng = Rng(0xF11_5EED);
    let mut failures = Vec::new();
    let count = 40;
    for k in 0..count {
        let mut bytes = good.clone();
        let mut at = Vec::new();
        for _ in 0..1 + k % 4 {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 + rng.below(255) as u8;
            at.push(i);
        }
        let run = validate_variant(&tmp.path().join(format!("f{k}")), "companies.xlsx", &bytes);
        let ok = match run.code {
            Some(0) => problem_lines(&run.stdout).is_empty(),
            Some(1) => names_error(&run, "companies.xlsx"),
            _ => false,
        };
        if !ok || run.all().contains("panicked") {
            failures.push(format!("bytes flipped at {at:?}:\n{}", run.render()));
        }
    }
    report_failures(
        &failures,
        count,
        "workbooks with flipped bytes panicked or gave an unclear result",
    );
}

fn validate_variant(dir: &Path, file: &str, bytes: &[u8]) -> Run {
    round_with(dir, file, bytes);
    validate_in(dir)
}

/// Whether an error line names `data/R7/<file>`.
fn names_error(run: &Run, file: &str) -> bool {
    let named = format!("data/R7/{file}");
    problem_lines(&run.stdout)
        .iter()
        .any(|l| l.starts_with(&named) && check_problem_line(l) == Ok(false))
}

fn report_failures(failures: &[String], of: usize, what: &str) {
    for f in failures {
        eprintln!("---- {f}");
    }
    assert!(failures.is_empty(), "{} of {of} {what}", failures.len());
}

// ------------------------------------------------------------------ help

#[test]
fn help_shows_examples() {
    let here = std::env::temp_dir();
    for args in [
        vec!["--help"],
        vec!["validate", "--help"],
        vec!["help", "validate"],
    ] {
        let args: Vec<String> = args.into_iter().map(String::from).collect();
        let run = run_in(&here, &args);
        assert_eq!(run.code, Some(0), "{args:?}:\n{}", run.render());
        assert!(run.stdout.contains("Example"), "{args:?}:\n{}", run.stdout);
        assert!(
            run.stdout.contains("mdkpi validate"),
            "{args:?}:\n{}",
            run.stdout
        );
    }
}

/// What `report --check` prints is in the run's language (issue 15): the
/// English line is the one CI compares, byte for byte.
#[test]
fn report_check_speaks_the_runs_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ja = run_ja_locale(root, &["report", "--check"]);
    assert_eq!(ja.code, Some(0), "{}", ja.stderr);
    assert_eq!(ja.stdout, "reports/R7: 最新です\n");
    let en = run_in(root, &strings(&["report", "--check"]));
    assert_eq!(en.stdout, "reports/R7: up to date\n");
}

/// A run under a Japanese locale (SPEC §16): `LANG=ja_JP.UTF-8`, the
/// other locale variables unset.
fn run_ja_locale(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

/// The help texts of an English `--help`: the lines under an argument or
/// command (indented), without clap's notes.
fn english_help_texts(help: &str) -> Vec<String> {
    help.lines()
        .filter_map(|l| {
            let t = l.trim();
            let described = l.starts_with("          ") || l.starts_with("  ") && t.contains("  ");
            let text = if l.starts_with("          ") {
                t
            } else {
                t.split_once("  ").map(|(_, h)| h.trim())?
            };
            (described && text.len() > 12 && !text.starts_with('[')).then(|| text.to_string())
        })
        .collect()
}

#[test]
fn help_follows_the_language() {
    let here = std::env::temp_dir();
    for (ja_args, en_args) in [
        (vec!["--lang", "ja", "--help"], vec!["--help"]),
        (vec!["--lang=ja", "compute", "-h"], vec!["compute", "-h"]),
        (
            vec!["--lang", "ja", "help", "export"],
            vec!["help", "export"],
        ),
    ] {
        let ja = run_in(&here, &strings(&ja_args));
        let en = run_in(&here, &strings(&en_args));
        check_japanese_help(&ja, &en, &format!("{ja_args:?}"));
    }
    for args in [
        vec!["validate", "--help"],
        vec!["report", "--help"],
        vec!["--help"],
    ] {
        let ja = run_ja_locale(&here, &args);
        let en = run_in(&here, &strings(&args));
        check_japanese_help(&ja, &en, &format!("LANG=ja_JP.UTF-8 {args:?}"));
    }
}

fn check_japanese_help(ja: &Run, en: &Run, what: &str) {
    assert_eq!(ja.code, Some(0), "{what}:\n{}", ja.render());
    let help = &ja.stdout;
    for heading in [
        "使い方: mdkpi",
        "オプション:",
        "例:\n  mdkpi",
        "ヘルプを表示します",
    ] {
        assert!(help.contains(heading), "{what}: no {heading}:\n{help}");
    }
    for english in [
        "Usage:",
        "Options:",
        "Commands:",
        "Arguments:",
        "Examples:",
        "Print help",
        "Print version",
        "[default:",
        "Possible values",
        "possible values",
        "Default:",
    ] {
        assert!(!help.contains(english), "{what}: {english}:\n{help}");
    }
    let texts = english_help_texts(&en.stdout);
    assert!(texts.len() >= 3, "{what}: {texts:?}");
    for text in texts {
        assert!(
            !help.contains(&text),
            "{what}: left in English: {text}\n{help}"
        );
    }
}

#[test]
fn usage_errors_follow_the_language() {
    let here = std::env::temp_dir();
    let ja = run_in(
        &here,
        &strings(&["--lang", "ja", "compute", "--format", "xml"]),
    );
    assert_eq!(ja.code, Some(2), "{}", ja.render());
    assert!(
        ja.stderr
            .starts_with("エラー: 「xml」は --format <FORMAT> に指定できません(指定できる値: json、csv、table)\n"),
        "{}",
        ja.stderr
    );
    let ja = run_ja_locale(&here, &["init"]);
    assert_eq!(ja.code, Some(2), "{}", ja.render());
    assert!(
        ja.stderr.contains("次の引数が必要です: --round <ROUND>"),
        "{}",
        ja.stderr
    );
    assert!(ja.stderr.contains("使い方: mdkpi init"), "{}", ja.stderr);
    let en = run_in(&here, &strings(&["compute", "--format", "xml"]));
    assert_eq!(en.code, Some(2));
    assert!(
        en.stderr.starts_with("error: invalid value 'xml'"),
        "{}",
        en.stderr
    );
}

// ------------------------------------------------------- CSV stand-ins

fn bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

#[test]
fn stations_given_as_csv_validate_cleanly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let sites = tmp.path().join("data/R7/sites");
    fs::create_dir_all(&sites).expect("mkdir");
    fs::write(tmp.path().join("data/R7/round.toml"), ROUND_TOML).expect("round.toml");

    // Osaka: only CSV files, UTF-8 with BOM; headers with stray spaces.
    let osaka = [
        (
            "拠点情報",
            "拠点名,事業,分野,所管\r\n大阪医療機器開発拠点,地域連携拠点自立化推進事業,,経産省\r\n",
        ),
        (
            "人材育成研修",
            " テーマ ,研修名, 受入 人数,備考\r\n1,医療機器開発入門,40,\r\n４,\"知財戦略セミナー, 基礎編\",１５,オンライン\r\n",
        ),
        ("共同研究", "項目,件数\r\n基礎研究,2\r\n他拠点連携,1\r\n"),
    ];
    for (sheet, text) in osaka {
        fs::write(sites.join(format!("osaka.{sheet}.csv")), bom(text)).expect("csv");
    }

    // Kyoto: a workbook without its training sheet, which is a Shift_JIS CSV.
    let mut workbook = Workbook::new();
    let info = workbook.add_worksheet();
    info.set_name("拠点情報").expect("name");
    for (c, v) in ["拠点名", "事業", "分野", "所管"].iter().enumerate() {
        info.write_string(0, c as u16, *v).expect("cell");
    }
    for (c, v) in [
        "京都医療機器開発拠点",
        "産業振興拠点強化事業",
        "医療機器開発",
        "厚労省",
    ]
    .iter()
    .enumerate()
    {
        info.write_string(1, c as u16, *v).expect("cell");
    }
    let joint = workbook.add_worksheet();
    joint.set_name("共同研究").expect("name");
    joint.write_string(0, 0, "項目").expect("cell");
    joint.write_string(0, 1, "件数").expect("cell");
    joint.write_string(1, 0, "臨床試験").expect("cell");
    joint.write_number(1, 1, 3).expect("cell");
    fs::write(
        sites.join("kyoto.xlsx"),
        workbook.save_to_buffer().expect("xlsx"),
    )
    .expect("xlsx");
    let training = "テーマ,研修名,受入人数,備考\r\n2,医療機器ｾﾐﾅｰ（薬事）,25,\r\n3,臨床研究デザイン講座,18,対面\r\n";
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(training);
    assert!(!unmappable);
    fs::write(sites.join("kyoto.人材育成研修.csv"), &sjis).expect("csv");

    let run = validate_in(tmp.path());
    assert_eq!(run.code, Some(0), "{}", run.render());
    assert!(problem_lines(&run.stdout).is_empty(), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("sites         2 stations, 4 training rows, 3 joint-research rows"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("1 round, 0 errors, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn validate_on_the_checked_in_data_lists_every_round() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = run_in(root, &["validate".to_string()]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    for (label, era) in [
        ("R4", "令和4年度"),
        ("R5", "令和5年度"),
        ("R6", "令和6年度"),
        ("R7", "令和7年度"),
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(&format!("{label}  ")) && l.contains(era)),
            "{label} not listed:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("  sites         16 stations,"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  amed          261 topics"),
        "{}",
        run.stdout
    );
    assert!(
        // R7's three stations without training are accepted (SPEC §17).
        run.stdout
            .ends_with("4 rounds, 0 errors, 0 warnings (3 accepted)\n"),
        "{}",
        run.stdout
    );
}

/// `validate`'s summary in Japanese under `--lang ja` or a Japanese
/// locale: the same figures, the report's terms, nothing left in English.
#[test]
fn validate_summary_follows_the_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let flag = run_in(root, &strings(&["--lang", "ja", "validate"]));
    let locale = run_ja_locale(root, &["validate"]);
    for run in [&flag, &locale] {
        assert_eq!(run.code, Some(0), "{}", run.render());
        let out = &run.stdout;
        for line in [
            "R4  令和4年度(2022年度)  報告期間 2021-04-01〜2023-03-06(2年分、拠点の件数・人数を1/2に補正)  基準日 2023-01-01\n",
            "R7  令和7年度(2025年度)  報告期間 2025-03-07〜2026-03-06(1年分、補正なし)  基準日 2026-01-01\n",
            "  拠点報告          16拠点、研修実績 52行、共同研究 97行\n",
            "  研修アンケート    回答 600件\n",
            "  医機連アンケート  回答 134件\n",
            "  AMED課題一覧      課題 261件\n",
            "  フォローアップ    65行\n",
            "  考察              6節\n",
            "  公表値            200件\n",
            "  参考系列          4系列\n",
        ] {
            assert!(out.contains(line), "no {line:?}:\n{out}");
        }
        assert!(
            out.ends_with("\n4回分、エラー 0件、警告 0件(確認済み 3件)\n"),
            "{out}"
        );
        for english in [
            "period",
            "reference date",
            "station",
            "response",
            "topic",
            "rows",
            "round",
            "error",
            "warning",
            "correction",
            "FY",
        ] {
            assert!(!out.contains(english), "{english}:\n{out}");
        }
    }
    assert_eq!(flag.stdout, locale.stdout);
    // The English stays as it was.
    let en = run_in(root, &strings(&["validate"]));
    assert!(
        en.stdout.contains("R7  FY2025 (令和7年度)  period 2025-03-07..2026-03-06 (1 year, no correction)  reference date 2026-01-01\n"),
        "{}",
        en.stdout
    );
}

/// A round with errors: the problem lines and the closing counts in
/// Japanese, and compute's line saying nothing was computed.
#[test]
fn errors_and_counts_follow_the_language() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let round = tmp.path().join("data/R7");
    fs::create_dir_all(&round).expect("mkdir");
    fs::write(
        round.join("round.toml"),
        "label = \"R7\"\nfiscal_year = \"2025\"\n",
    )
    .expect("write");
    let run = run_in(tmp.path(), &strings(&["--lang", "ja", "validate"]));
    assert_eq!(run.code, Some(1), "{}", run.render());
    let last = run.stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("0回分、エラー ") && last.ends_with("件、警告 0件"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("errors"), "{}", run.stdout);
    let compute = run_in(tmp.path(), &strings(&["--lang", "ja", "compute"]));
    assert_eq!(compute.code, Some(1), "{}", compute.render());
    assert!(
        compute.stderr.contains("mdkpi: 入力にエラーが"),
        "{}",
        compute.stderr
    );
}

/// Japanese-era date formats (`ggge年m月d日`, built-in ids 27–36, 50–58)
/// reach calamine's reader as plain numbers: they must read as Excel serial
/// dates, here deciding a venture on its boundary (founded on D − 15 years).
#[test]
fn japanese_era_date_cells_read_as_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format};
    let tmp = tempfile::tempdir().expect("tempdir");
    let round = tmp.path().join("data/R7");
    fs::create_dir_all(&round).expect("mkdir");
    fs::write(round.join("round.toml"), ROUND_TOML).expect("round.toml");
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("回答").expect("sheet name");
    for (c, name) in COMPANY_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *name).expect("header");
    }
    let era = Format::new().set_num_format("[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"");
    let builtin_era = Format::new().set_num_format_index(27);
    // Founded 2011-01-01 (平成23年1月1日) = D − 15 years: a venture; founded
    // 2010-12-31: one day too old.
    for (row, (y, m, d), format) in [
        (1u32, (2011, 1, 1), &era),
        (2, (2010, 12, 31), &builtin_era),
    ] {
        let date = ExcelDateTime::from_ymd(y, m, d).expect("date");
        ws.write_string(row, 0, format!("C{row}")).expect("id");
        ws.write_string(row, 1, "内資").expect("capital kind");
        ws.write_datetime_with_format(row, 2, &date, format)
            .expect("date");
        ws.write_number(row, 3, 10.0).expect("capital");
        ws.write_number(row, 4, 5.0).expect("employees");
        for c in (5..21).filter(|c| *c != 8) {
            let yes = c == 5; // 自社研究開発 only
            ws.write_string(row, c as u16, if yes { "はい" } else { "いいえ" })
                .expect("flag");
        }
    }
    fs::write(
        round.join("companies.xlsx"),
        workbook.save_to_buffer().expect("xlsx"),
    )
    .expect("write");
    let run = run_in(
        tmp.path(),
        &[
            "compute".to_string(),
            "--format".to_string(),
            "csv".to_string(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert!(
        run.stdout.contains("\nkpi2.venture,R7,1,,,社\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\nkpi2.responses_domestic,R7,2,,,件\n"),
        "{}",
        run.stdout
    );
}

/// SPEC §15: the cover's date cannot precede the data it reports. A date
/// before the period end (here the seed's 2025-12-19, which the source cites
/// for another document) or before the reference date is a warning; a date
/// after both is not.
#[test]
fn validate_warns_on_a_cover_date_before_the_period_end_or_reference_date() {
    let cases = [
        (
            "2025-12-19",
            Some("data/R7/round.toml: warning: W0304: `report.date` 2025-12-19 on the cover is before the round's period end 2026-03-06: is it the date of another document?"),
        ),
        (
            "\"令和8年3月1日\"",
            Some("data/R7/round.toml: warning: W0304: `report.date` 2026-03-01 on the cover is before the round's period end 2026-03-06: is it the date of another document?"),
        ),
        ("2026-03-06", None),
        ("2026-05-20", None),
    ];
    for (date, expected) in cases {
        let tmp = tempfile::tempdir().expect("tempdir");
        let round = tmp.path().join("data/R7");
        fs::create_dir_all(&round).expect("mkdir");
        fs::write(
            round.join("round.toml"),
            format!("{ROUND_TOML}\n[report]\ntitle = \"KPI\"\ndate = {date}\n"),
        )
        .expect("round.toml");
        let run = validate_in(tmp.path());
        assert_eq!(run.code, Some(0), "{}", run.render());
        let lines = problem_lines(&run.stdout);
        match expected {
            Some(line) => assert_eq!(lines, [line], "{date}"),
            None => assert!(lines.is_empty(), "{date}: {lines:?}"),
        }
    }
    // Before the reference date where the period ends earlier than it.
    let tmp = tempfile::tempdir().expect("tempdir");
    let round = tmp.path().join("data/R7");
    fs::create_dir_all(&round).expect("mkdir");
    fs::write(
        round.join("round.toml"),
        "label = \"R7\"\nfiscal_year = 2025\nperiod_start = 2024-04-01\nperiod_end = 2025-03-31\nreference_date = 2026-01-01\n\n[report]\ndate = 2025-12-19\n",
    )
    .expect("round.toml");
    let run = validate_in(tmp.path());
    assert_eq!(
        problem_lines(&run.stdout),
        ["data/R7/round.toml: warning: W0304: `report.date` 2025-12-19 on the cover is before the round's reference date 2026-01-01: is it the date of another document?"],
        "{}",
        run.render()
    );
}
