//! SPEC §11, §12, §17 for the text inputs (`commentary.md`,
//! `published.toml`, `reference.toml`): an error in them stops every
//! command that would print or write the report, and each is read in
//! linear time. Every run happens under `trust.rs`'s memory and CPU-time
//! limits: a text check that is quadratic again takes minutes on these
//! inputs (8.6 s for 64k figures, over 60 s for 200k, 33 s for 4,000
//! published figures, 39 s for 20,000 reference points before the fix),
//! is killed at the CPU limit, and its test fails.

use std::fs;
use std::path::{Path, PathBuf};

use super::trust::{assert_clean_exit, assert_error_line, copy_of_data, mdkpi};
use super::Run;

/// A copy of the fixture rounds (and the checked-in reports, for
/// `report --check`) in a temp folder.
fn fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_of_data(&tmp.path().join("data"));
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("reports"),
        &tmp.path().join("reports"),
    );
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn r7(tmp: &tempfile::TempDir, file: &str) -> PathBuf {
    tmp.path().join("data/R7").join(file)
}

/// Appends `text` to a file of R7 and returns the 1-based line number its
/// first line gets.
fn append(tmp: &tempfile::TempDir, file: &str, text: &str) -> usize {
    let path = r7(tmp, file);
    let mut old = fs::read_to_string(&path).unwrap_or_default();
    if !old.is_empty() && !old.ends_with('\n') {
        old.push('\n');
    }
    let first = old.lines().count() + 1;
    fs::write(&path, format!("{old}{text}")).expect("write");
    first
}

fn run(tmp: &tempfile::TempDir, args: &[&str]) -> Run {
    let mut all = vec!["--data", "data"];
    all.extend_from_slice(args);
    mdkpi(tmp.path(), &all)
}

/// `validate` fails with `line`; `compute` (every format), `report` and
/// `report --check` stop with it: exit 1, nothing on stdout, nothing written.
#[track_caller]
fn stops_everything(tmp: &tempfile::TempDir, line: &str) {
    assert_error_line(&run(tmp, &["validate"]), line);
    for format in ["table", "json", "csv"] {
        let compute = run(tmp, &["compute", "--format", format]);
        assert_error_line(&compute, line);
        assert_eq!(compute.stdout, "", "compute --format {format} printed");
        assert!(
            compute.stderr.contains("nothing computed"),
            "{}",
            compute.stderr
        );
    }
    let report = run(tmp, &["report", "--out", "out"]);
    assert_error_line(&report, line);
    assert!(!tmp.path().join("out").exists(), "report wrote out/");
    let check = run(tmp, &["report", "--check"]);
    assert_error_line(&check, line);
    assert!(!check.all().contains("up to date"), "{}", check.all());
}

#[test]
fn the_fixture_is_up_to_date_before_the_edits_below() {
    // The baseline of the tests below: the same copy passes --check.
    let tmp = fixture();
    let check = run(&tmp, &["report", "--check"]);
    assert_clean_exit(&check, 0);
}

#[test]
fn an_unknown_live_key_stops_compute_report_and_check() {
    let tmp = fixture();
    let at = append(
        &tmp,
        "commentary.md",
        "\n## 総括\n\n受入実績は{{ kpi1.participans }}。\n",
    );
    stops_everything(
        &tmp,
        &format!("data/R7/commentary.md:{}: E0505: {{{{ kpi1.participans }}}}: unknown indicator key \"kpi1.participans\"; nearest: kpi1.participants, kpi1.participants_per_site", at + 3),
    );
}

#[test]
fn an_unknown_live_round_stops_compute_report_and_check() {
    let tmp = fixture();
    let at = append(
        &tmp,
        "commentary.md",
        "\n## 総括\n\n{{ kpi1.sites @ R9 }}、{{ kpi1.sites @ 前々々回 }}\n",
    );
    stops_everything(
        &tmp,
        &format!("data/R7/commentary.md:{}: E0503: {{{{ kpi1.sites @ R9 }}}}: unknown round \"R9\": expected one of R4, R5, R6, R7", at + 3),
    );
}

#[test]
fn a_bad_live_figure_in_reference_toml_stops_compute_report_and_check() {
    let tmp = fixture();
    let at = append(
        &tmp,
        "reference.toml",
        "\n[[series]]\nkpi = 1\ntitle = \"t\"\nunit = \"名\"\nsource = \"s\"\nas_of = 2025-06-13\npoints = { \"本集計\" = \"{{ kpi1.participans }}\" }\n",
    );
    stops_everything(
        &tmp,
        &format!("data/R7/reference.toml:{}: E0505: {{{{ kpi1.participans }}}}: unknown indicator key \"kpi1.participans\"; nearest: kpi1.participants, kpi1.participants_per_site", at + 7),
    );
}

#[test]
fn a_published_figure_in_another_unit_stops_the_report() {
    let tmp = fixture();
    let text = fs::read_to_string(r7(&tmp, "published.toml")).expect("read");
    let line = text
        .lines()
        .position(|l| l.starts_with("\"kpi1.sites\" = "))
        .expect("kpi1.sites is published")
        + 1;
    fs::write(
        r7(&tmp, "published.toml"),
        text.replace("\"kpi1.sites\" = \"16\"", "\"kpi1.sites\" = \"16%\""),
    )
    .expect("write");
    stops_everything(
        &tmp,
        &format!("data/R7/published.toml:{line}: E0516: \"kpi1.sites\": the published figure \"16%\" is not in the indicator's unit (拠点)"),
    );
}

#[test]
fn relative_live_figures_render_the_rounds_before() {
    let tmp = fixture();
    append(
        &tmp,
        "commentary.md",
        "\n## 総括\n\n拠点数は{{ kpi1.sites @ 前々回 }}→{{ kpi1.sites @ previous }}→{{ kpi1.sites }}。\n<!-- 例: {{ kpi1.nothing @ 前回 }} と 99,999名 -->\n",
    );
    let validate = run(&tmp, &["validate"]);
    assert_clean_exit(&validate, 0);
    // Only the second 総括 heading is said (the fixture has one).
    let said: Vec<&str> = validate
        .stdout
        .lines()
        .filter(|l| l.contains("commentary.md:") && !l.contains("W0501"))
        .collect();
    assert!(said.is_empty(), "{}", validate.stdout);
    let report = run(&tmp, &["report", "--out", "out"]);
    assert_clean_exit(&report, 0);
    let html = fs::read_to_string(tmp.path().join("out/index.html")).expect("html");
    // R5 20, R6 22, R7 16 stations (the fixture's kpi1.sites).
    assert!(
        html.contains("拠点数は20拠点→22拠点→16拠点。"),
        "relative figures"
    );
    assert!(
        !html.contains("kpi1.nothing"),
        "a comment reached the report"
    );
    assert!(!html.contains("99,999"), "a comment reached the report");
}

#[test]
fn commentary_with_cr_or_crlf_line_ends_keeps_its_sections() {
    for end in ["\r", "\r\n"] {
        let tmp = fixture();
        let path = r7(&tmp, "commentary.md");
        let text = fs::read_to_string(&path).expect("read");
        fs::write(&path, text.replace('\n', end)).expect("write");
        let validate = run(&tmp, &["validate"]);
        assert_clean_exit(&validate, 0);
        assert!(
            !validate.stdout.contains("warning:"),
            "{end:?}: {}",
            validate.stdout
        );
        let report = run(&tmp, &["report", "--out", "out"]);
        assert_clean_exit(&report, 0);
        let html = fs::read_to_string(tmp.path().join("out/index.html")).expect("html");
        for kept in [
            "検証フェーズ(治験、臨床研究)が大きく増加している",
            "KGI(Key Goal Indicator",
        ] {
            assert!(html.contains(kept), "{end:?}: {kept} is not in the report");
        }
    }
}

#[test]
fn a_copied_commentary_and_a_missing_one_are_warnings() {
    // R6's commentary: R7's without the lines holding live figures (which
    // name figures R6 lacks) and the questions (「…ではないか」), so more
    // than half of R7's lines, not all, are R6's.
    let tmp = fixture();
    let r7_text = fs::read_to_string(r7(&tmp, "commentary.md")).expect("read");
    let r6_text: String = r7_text
        .lines()
        .filter(|l| !l.contains("{{") && !l.contains("ではないか"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(tmp.path().join("data/R6/commentary.md"), &r6_text).expect("write");
    let validate = run(&tmp, &["validate"]);
    assert_clean_exit(&validate, 0);
    let said = |text: &str| {
        text.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count()
    };
    let (same, total) = (said(&r6_text), said(&r7_text));
    assert!(2 * same >= total && same < total, "{same} of {total}");
    let copied = format!("data/R7/commentary.md: warning: W0508: {same} of its {total} lines are the same as in data/R6/commentary.md: check that the commentary was rewritten for this round");
    assert!(
        validate.stdout.lines().any(|l| l == copied),
        "{}",
        validate.stdout
    );
    // R7 without commentary: validate and the report's round say so.
    fs::remove_file(r7(&tmp, "commentary.md")).expect("remove");
    let missing = "data/R7/commentary.md: warning: W0509: no commentary.md, though an earlier round had one (data/R6/commentary.md): the report's commentary is empty";
    let validate = run(&tmp, &["validate"]);
    assert!(
        validate.stdout.lines().any(|l| l == missing),
        "{}",
        validate.stdout
    );
    let compute = run(&tmp, &["compute", "--format", "csv"]);
    assert_clean_exit(&compute, 0);
    assert!(
        compute.stderr.lines().any(|l| l == missing),
        "{}",
        compute.stderr
    );
    // Reporting R6 (whose earlier rounds have none) warns of nothing.
    let compute = run(&tmp, &["compute", "--round", "R6", "--format", "csv"]);
    assert_clean_exit(&compute, 0);
    assert!(!compute.stderr.contains("W0509"), "{}", compute.stderr);
}

#[test]
fn a_figure_matching_another_kpi_or_round_is_not_excused() {
    // A rate of the table (of KPI 7 in R6) that no KPI 6 rate of R7 has
    // at one decimal: written under ## KPI 6, it is a warning naming KPI
    // 6's nearest figures of R7; naming R6 does not excuse it either.
    let tmp = fixture();
    let compute = run(&tmp, &["compute", "--format", "csv"]);
    let rates: Vec<(String, String, f64)> = compute
        .stdout
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let v = f.get(2)?.parse::<f64>().ok()?;
            (f.get(5) == Some(&"ratio")).then(|| {
                (
                    f[0].to_string(),
                    f[1].to_string(),
                    (v * 1000.0).round() / 10.0,
                )
            })
        })
        .collect();
    let kpi6_r7: Vec<f64> = rates
        .iter()
        .filter(|(k, r, _)| k.starts_with("kpi6.") && r == "R7")
        .map(|(_, _, v)| *v)
        .collect();
    let (key, _, rate) = rates
        .iter()
        .find(|(k, r, v)| k.starts_with("kpi7.") && r == "R6" && !kpi6_r7.contains(v))
        .expect("a KPI 7 rate of R6 that KPI 6 of R7 lacks");
    let written = format!("{rate:.1}%");
    let at = append(
        &tmp,
        "commentary.md",
        &format!("\n## KPI 6\n\n採択課題の割合は{written}。R6は{written}\n"),
    );
    let validate = run(&tmp, &["validate"]);
    let warned: Vec<&str> = validate
        .stdout
        .lines()
        .filter(|l| {
            l.starts_with(&format!(
                "data/R7/commentary.md:{}: warning: W0503: \"{written}\"",
                at + 3
            ))
        })
        .collect();
    assert_eq!(warned.len(), 2, "{key} {written}:\n{}", validate.stdout);
    assert!(
        warned[0].contains("(nearest: ") && warned[0].contains("(kpi6."),
        "{}",
        warned[0]
    );
    assert!(!warned[0].contains("kpi7."), "{}", warned[0]);
}

#[test]
fn an_init_round_beside_the_fixture_validates_without_errors() {
    // The skeleton's examples (`@ 前回`) are in comments: not checked, so a
    // round without data has no error; it is no copy of R7's commentary,
    // and R8 has one, so neither W0508 nor W0509. The only warnings are the
    // dates still 要確認 (W0305) and the returns still to come (W0602, one
    // per dataset R7 had).
    let tmp = fixture();
    let init = run(&tmp, &["init", "--round", "R8"]);
    assert_clean_exit(&init, 0);
    let skeleton = fs::read_to_string(tmp.path().join("data/R8/commentary.md")).expect("read");
    let headings: Vec<&str> = skeleton.lines().filter(|l| l.starts_with("## ")).collect();
    let mut expected: Vec<String> = (1..=11).map(|n| format!("## KPI {n}")).collect();
    expected.push("## 総括".into());
    assert_eq!(headings, expected);
    assert!(skeleton.contains(
        "<!-- 例: 受入実績は{{ kpi1.participants @ 前回 }}から{{ kpi1.participants }}へ -->"
    ));
    let validate = run(&tmp, &["validate", "--round", "R8"]);
    assert_clean_exit(&validate, 0);
    let codes: Vec<&str> = validate
        .stdout
        .lines()
        .filter_map(|l| l.split(": warning: ").nth(1))
        .map(|w| &w[..5])
        .collect();
    assert_eq!(
        codes,
        ["W0305", "W0602", "W0602", "W0602", "W0602", "W0602"],
        "{}",
        validate.stdout
    );
    assert!(
        validate.stdout.ends_with("1 round, 0 errors, 6 warnings\n"),
        "{}",
        validate.stdout
    );
}

// --- linear time ------------------------------------------------------------

#[test]
fn many_figures_on_one_commentary_line_take_linear_time() {
    // 200,000 figures that match (kpi1.participants of R7) and 2,000 that
    // do not, on one line: every one is looked up, not compared with the
    // whole table, and the text after it is not copied.
    let tmp = fixture();
    let mut line = "3,198名、".repeat(200_000);
    line.push_str(&"4,087名、".repeat(2_000));
    let at = append(&tmp, "commentary.md", &format!("\n## KPI 1\n\n{line}\n"));
    let validate = run(&tmp, &["validate"]);
    assert_clean_exit(&validate, 0);
    let warned = validate
        .stdout
        .lines()
        .filter(|l| {
            l.starts_with(&format!(
                "data/R7/commentary.md:{}: warning: W0503: \"4,087名\"",
                at + 3
            ))
        })
        .count();
    assert_eq!(
        warned,
        2_000,
        "{}",
        &validate.stdout[..2_000.min(validate.stdout.len())]
    );
}

#[test]
fn many_published_figures_take_linear_time() {
    // 4,000 printed figures that differ from the computed one, each noted
    // beside its chart and in the appendix.
    let tmp = fixture();
    let mut text = String::new();
    for n in 0..4_000 {
        text.push_str(&format!(
            "\"kpi1.participants # 資料{n}\" = \"{}\"\n",
            10_000 + n
        ));
    }
    append(&tmp, "published.toml", &text);
    let report = run(&tmp, &["report", "--out", "out"]);
    assert_clean_exit(&report, 0);
    let html = fs::read_to_string(tmp.path().join("out/index.html")).expect("html");
    assert!(
        html.contains("公表(資料3999) 13999 / 本集計 3,198"),
        "the last figure's note"
    );
}

#[test]
fn a_long_reference_series_takes_linear_time() {
    let tmp = fixture();
    let points: Vec<String> = (0..20_000).map(|n| format!("\"p{n}\" = {n}")).collect();
    let at = append(
        &tmp,
        "reference.toml",
        &format!(
            "\n[[series]]\nkpi = 7\ntitle = \"t\"\nunit = \"件\"\nsource = \"s\"\nas_of = 2025\npoints = {{ {}, \"bad\" = \"{{{{ kpi1.participans }}}}\" }}\n",
            points.join(", ")
        ),
    );
    let validate = run(&tmp, &["validate"]);
    assert_error_line(
        &validate,
        &format!("data/R7/reference.toml:{}: E0505: {{{{ kpi1.participans }}}}: unknown indicator key \"kpi1.participans\"; nearest: kpi1.participants, kpi1.participants_per_site", at + 7),
    );
}
