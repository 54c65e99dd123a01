//! `mdkpi report`: the checked-in report is what the code renders from the
//! fixtures (golden files), rendering is deterministic, `--check` catches
//! stale reports, input text is escaped, failures write nothing, and a real
//! headless Chromium prints an A4 landscape PDF with Japanese text.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{line_diff, run_in, Run};

const FILES: [&str; 4] = [
    "index.html",
    "indicators.json",
    "indicators.csv",
    "provenance.json",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the fixtures in a temp dir, to change.
fn data_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&root().join("data"), &data);
    (tmp, data)
}

/// `report` on the data folder `data`, run beside it as `--data data`, so
/// that the provenance paths read `data/…` as in the checked-in report.
fn report_to(data: &Path, out: &Path) -> Run {
    let out = out.to_str().unwrap();
    run_in(
        data.parent().unwrap(),
        &args(&["--data", "data", "report", "--out", out]),
    )
}

#[test]
fn checked_in_report_is_what_the_fixtures_render() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("R7");
    let run = report_to(&root().join("data"), &out);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let mut failures = Vec::new();
    for name in FILES {
        let expected = fs::read_to_string(root().join("reports/R7").join(name)).unwrap_or_default();
        let actual = fs::read_to_string(out.join(name)).unwrap();
        if expected != actual {
            failures.push(format!(
                "reports/R7/{name} is stale:\n{}",
                line_diff(&expected, &actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nregenerate with `cargo run --release -- report` and review the diff",
        failures.join("\n")
    );
    // The CSV opens in Excel in Japanese: UTF-8 with BOM.
    let csv = fs::read(out.join("indicators.csv")).unwrap();
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]));
    // indicators.json is byte for byte what `compute` prints.
    let compute = run_in(
        &root(),
        &args(&["compute", "--round", "R7", "--format", "json"]),
    );
    assert_eq!(
        compute.stdout,
        fs::read_to_string(out.join("indicators.json")).unwrap()
    );
}

#[test]
fn same_input_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(report_to(&root().join("data"), &a).code, Some(0));
    assert_eq!(report_to(&root().join("data"), &b).code, Some(0));
    for name in FILES {
        assert!(
            fs::read(a.join(name)).unwrap() == fs::read(b.join(name)).unwrap(),
            "{name} differs between runs"
        );
    }
}

#[test]
fn check_passes_on_the_checked_in_report_and_fails_after_a_data_change() {
    let run = run_in(&root(), &args(&["report", "--check"]));
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert_eq!(run.stdout, "reports/R7: up to date\n");

    let (_tmp, data) = data_copy();
    let reports = root().join("reports/R7");
    let check = |data: &Path| {
        let out = reports.to_str().unwrap();
        run_in(
            data.parent().unwrap(),
            &args(&["--data", "data", "report", "--check", "--out", out]),
        )
    };
    assert_eq!(
        check(&data).code,
        Some(0),
        "a faithful copy of data/ is not stale"
    );
    // A figure changes: a trainee count in the Shift_JIS CSV of one station.
    let csv = data.join("R7/sites/kyoto-u.人材育成研修.csv");
    let bytes = fs::read(&csv).unwrap();
    let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
    let changed = format!("{text}5,追加コース,1,\r\n");
    fs::write(&csv, encoding_rs::SHIFT_JIS.encode(&changed).0).unwrap();
    let run = check(&data);
    assert_eq!(run.code, Some(1), "{}", run.all());
    for name in FILES {
        assert!(
            run.stdout
                .contains(&format!("stale: {}", reports.join(name).display())),
            "{}",
            run.stdout
        );
    }
    assert!(
        run.stdout
            .contains("4 files stale: run `mdkpi report --out "),
        "{}",
        run.stdout
    );
}

#[test]
fn check_counts_a_missing_file_as_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(
        &root(),
        &args(&["report", "--check", "--out", tmp.path().to_str().unwrap()]),
    );
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stdout
            .lines()
            .filter(|l| l.starts_with("stale: "))
            .count(),
        4,
        "{}",
        run.stdout
    );
    assert!(
        fs::read_dir(tmp.path()).unwrap().next().is_none(),
        "--check writes nothing"
    );
}

#[test]
fn text_from_inputs_is_escaped() {
    let (tmp, data) = data_copy();
    let csv = data.join("R7/sites/kyoto-u.人材育成研修.csv");
    let bytes = fs::read(&csv).unwrap();
    let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
    let changed = format!("{text}5,<script>alert('course')</script>,1,\r\n");
    fs::write(&csv, encoding_rs::SHIFT_JIS.encode(&changed).0).unwrap();
    let commentary = data.join("R7/commentary.md");
    let mut md = fs::read_to_string(&commentary).unwrap();
    md.push_str("\n- <script>alert('commentary')</script> & <b>bold</b>\n");
    fs::write(&commentary, md).unwrap();
    let out = tmp.path().join("out");
    let run = report_to(&data, &out);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("<script"), "raw script in the report");
    assert!(
        !html.contains("<b>bold"),
        "raw HTML from the commentary in the report"
    );
    assert!(html.contains("&lt;script&gt;alert(&#x27;course&#x27;)&lt;&#x2F;script&gt;"));
    assert!(
        html.contains(
            "&lt;script&gt;alert('commentary')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
        ),
        "commentary shown as text"
    );
}

#[test]
fn a_failed_run_leaves_the_previous_report_untouched() {
    let (tmp, data) = data_copy();
    let out = tmp.path().join("out");
    assert_eq!(report_to(&data, &out).code, Some(0));
    let before: Vec<Vec<u8>> = FILES
        .iter()
        .map(|n| fs::read(out.join(n)).unwrap())
        .collect();
    // An input error stops the run before anything is written.
    fs::write(data.join("R7/amed.xlsx"), b"not a workbook").unwrap();
    let run = report_to(&data, &out);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("amed.xlsx: E0209: the file is text (CSV?)"),
        "{}",
        run.stderr
    );
    let after: Vec<Vec<u8>> = FILES
        .iter()
        .map(|n| fs::read(out.join(n)).unwrap())
        .collect();
    assert!(before == after, "the previous report changed");
    let leftovers: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

fn tool(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

#[test]
fn chromium_prints_an_a4_landscape_pdf_with_japanese_text() {
    let (Some(_), Some(pdftotext), Some(pdfinfo)) =
        (tool("chromium"), tool("pdftotext"), tool("pdfinfo"))
    else {
        // CI installs chromium, the font and poppler-utils (.ci/run).
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: chromium, pdftotext and pdfinfo must be installed (.ci/run)"
        );
        eprintln!("SKIPPED chromium_prints_an_a4_landscape_pdf_with_japanese_text: chromium, pdftotext or pdfinfo not installed");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("R7");
    let run = run_in(
        &root(),
        &args(&["report", "--pdf", "--out", out.to_str().unwrap()]),
    );
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert_eq!(
        run.stdout.trim_end(),
        format!(
            "{}: wrote index.html, indicators.json, indicators.csv, provenance.json, report.pdf",
            out.display()
        )
    );
    let pdf = out.join("report.pdf");
    let info = Command::new(pdfinfo).arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    // A4 landscape: 842 × 595 pt (Chromium rounds to a few hundredths).
    let size: Vec<f64> = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .map(|l| {
            l.split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        size.len() == 2 && (size[0] - 841.9).abs() < 1.0 && (size[1] - 595.3).abs() < 1.0,
        "not A4 landscape: {info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(pages >= 12, "{pages} pages");
    let text = Command::new(pdftotext).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    for expected in [
        "医療機器基本計画に関するKPIの測定",
        "KPI 1: 人材育成研修の実績及び当該研修受講者の満足度",
        "KPI 6: 事業における採択件数・助成額 等",
        "3,198",
        "59,419千円",
        "20.7%",
        "10.4%",
        "KPI測定結果の概要",
        "付録",
        "同一拠点での比較",
    ] {
        assert!(text.contains(expected), "{expected} not in the PDF text");
    }
    // No blank pages (content spilling a margin onto a page of its own).
    for page in 1..=pages {
        let out = Command::new(tool("pdftotext").unwrap())
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let body: String = text
            .lines()
            .filter(|l| {
                !l.contains("医療機器基本計画に関するKPIの測定")
                    && !l.contains(&format!(" / {pages}"))
            })
            .collect();
        assert!(!body.trim().is_empty(), "page {page} of {pages} is blank");
    }
    // Page numbers in the footer: "1 / N".
    assert!(text.contains(&format!("1 / {pages}")), "no page numbers");
}

/// The part of the report from the element with `id` to the end of its
/// section.
pub(crate) fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in the report"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

fn checked_in_html() -> String {
    fs::read_to_string(root().join("reports/R7/index.html")).unwrap()
}

#[test]
fn report_follows_the_slide_order_of_spec_15() {
    let html = checked_in_html();
    let ids: Vec<&str> = html
        .split("<section class=\"slide")
        .skip(1)
        .filter_map(|s| s.split("id=\"").nth(1))
        .filter_map(|s| s.split('"').next())
        .collect();
    let mut expected = vec!["overview", "summary", "contents"];
    let kpis: Vec<String> = (1..=11).map(|n| format!("kpi{n}")).collect();
    expected.extend(kpis.iter().map(String::as_str));
    expected.extend(["closing", "appendix", "courses", "provenance"]);
    assert_eq!(ids, expected);
    let appendix = section(&html, "appendix");
    let order: Vec<usize> = [
        "id=\"glossary\"",
        "id=\"data-quality\"",
        "id=\"like-for-like\"",
    ]
    .iter()
    .map(|id| appendix.find(id).unwrap_or_else(|| panic!("{id}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // The course lists left KPI 1 for the appendix.
    assert!(!section(&html, "kpi1").contains("<ul class=\"courses\">"));
    let courses = section(&html, "courses");
    assert!(courses.contains("<ul class=\"courses\">"));
    // Then the reconciliation, then the provenance (SPEC §15).
    assert!(courses.find("<ul class=\"courses\">") < courses.find("id=\"reconciliation\""));
}

#[test]
fn summary_slide_has_every_kpi_with_previous_latest_trend_and_n() {
    let html = checked_in_html();
    let summary = section(&html, "summary");
    let rows: Vec<&str> = summary.split("<a href=\"#kpi").skip(1).collect();
    let numbers: Vec<&str> = rows.iter().filter_map(|r| r.split('"').next()).collect();
    assert_eq!(
        numbers,
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]
    );
    let row = |n: usize| squash_ws(rows[n - 1]);
    // Published figures (SPEC §10) with their n and the trend mark.
    for (n, parts) in [
        (1, vec!["R6186名", "R7200名", "▲"]),
        (
            2,
            vec![
                "R610.3%(11/107社)",
                "R710.4%(11/106社)",
                "▲",
                "10.4%(4回平均)",
                "5.1%(4回平均)",
            ],
        ),
        (
            6,
            vec![
                "R626.8%(44/164件)",
                "R720.7%(40/193件)",
                "▼",
                "0.0%(0/193件)",
            ],
        ),
        (7, vec!["R759.4%(63/106社)", "▼"]),
        // KPI 8's first series reported for its latest year (2025): the
        // startup approvals (SPEC §18), not the lag, last reported for 2024.
        (8, vec!["(2024→2025年度)", "R65品目", "R74品目", "▼悪化"]),
        // KPI 4: the series with a 2025 figure, not the first one (to 2024).
        (4, vec!["開発課題数(2024→2025年度)", "R69件", "R78件"]),
    ] {
        for p in parts {
            assert!(row(n).contains(p), "KPI {n}: {p} not in {}", row(n));
        }
    }
    let candidates = squash_ws(&summary[summary.find("第三期KPI候補").unwrap()..]);
    assert!(
        candidates.contains("研修受講者に占める医師の割合R610.6%(53/500名)R719.8%(119/600名)▲"),
        "{candidates}"
    );
}

pub(crate) fn squash_ws(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && !c.is_whitespace() => text.push(c),
            _ => {}
        }
    }
    text.replace("&#x2F;", "/").replace("&amp;", "&")
}

/// The committee's question: how much of 4,086 → 3,198 is only the six
/// stations that left? The parts add up to the published totals.
#[test]
fn like_for_like_splits_the_change_into_stations_kept_left_and_joined() {
    let html = checked_in_html();
    let like = squash_ws(section(&html, "like-for-like"));
    for part in [
        "R6の総受入実績4,086名からR7の3,198名への変化(-888名)",
        "両回に報告した16拠点の変化は+50名",
        "R7に報告のない6拠点のR6実績は938名",
        "R7に加わった0拠点の実績は0名",
        "小計(16拠点)3,1483,198+50",
        "全拠点の合計4,0863,198-888",
    ] {
        assert!(like.contains(part), "{part} not in {like}");
    }
}

#[test]
fn followup_pages_share_their_years_mark_unreported_years_and_cite_sources() {
    let html = checked_in_html();
    let header = |id: &str| -> String {
        let s = section(&html, id);
        let table = &s[s.find("数値の推移").unwrap()..];
        squash_ws(&table[..table.find("</tr>").unwrap()])
    };
    for id in ["kpi4", "kpi5", "kpi8", "kpi9", "kpi10", "kpi11"] {
        assert_eq!(header(id), "数値の推移R3R4R5R6R7単位出典(時点)", "{id}");
    }
    let kpi8 = squash_ws(section(&html, "kpi8"));
    assert!(
        kpi8.contains(
            "デバイスラグ(開発ラグ)14.212.611.810.9未報告月PMDA年報(令和6年度)(2025年9月30日時点)"
        ),
        "{kpi8}"
    );
    // Before the series began: "-", not 未報告.
    assert!(
        kpi8.contains("SaMD総合相談の相談件数-164181203未報告件"),
        "{kpi8}"
    );
    assert!(kpi8.contains("出典:PMDA年報(令和6年度)(2025年9月30日時点)"));
}

#[test]
fn cover_shows_only_what_round_toml_states() {
    let html = checked_in_html();
    let cover = &html[html.find("<section class=\"slide cover\"").unwrap()..];
    let cover = squash_ws(&cover[..cover.find("</section>").unwrap()]);
    assert!(cover.contains("医療機器基本計画に関するKPIの測定"));
    assert!(cover.contains("研究代表者:中野壮陸"));
    for absent in ["検討会", "資料2-2", "2025年12月19日"] {
        assert!(!cover.contains(absent), "{absent} on the cover: {cover}");
    }
}
