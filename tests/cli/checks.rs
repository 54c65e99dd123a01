//! Checks across files and rounds (SPEC §17): each mistake an analyst or a
//! sender really makes ends in an error or a warning at the file (and
//! cell) naming what was found and what to do; `[[accept]]` confirms a
//! warning that is true, `--strict` stops on any other.

use std::fs;
use std::path::{Path, PathBuf};

use super::{copy_tree, run_in, strings, Run};

/// A copy of the checked-in data folder, to change one thing in.
pub(crate) fn fixtures() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("data"), &tmp.path().join("data"));
    let data = tmp.path().join("data");
    (tmp, data)
}

fn mdkpi(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--data", "data"];
    all.extend_from_slice(args);
    run_in(dir, &strings(&all))
}

const ROUND_R7: &str = "label = \"R7\"
fiscal_year = 2025
period_start = 2025-03-07
period_end = 2026-03-06
reference_date = 2026-01-01
";

/// A round R7 holding only a follow-up sheet given as CSV.
fn followup_round(rows: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let r7 = tmp.path().join("data/R7");
    fs::create_dir_all(&r7).unwrap();
    fs::write(r7.join("round.toml"), ROUND_R7).unwrap();
    fs::write(
        r7.join("followup.フォローアップ.csv"),
        format!("KPI番号,指標,年度,値,単位,状況,報告主体\n{rows}"),
    )
    .unwrap();
    tmp
}

/// No message code (`W0606`, `E0604`) and no `warning:` in a report.
fn assert_no_message_in(html: &str) {
    assert!(!html.contains("warning:"), "the report shows `warning:`");
    let chars: Vec<char> = html.chars().collect();
    for (i, w) in chars.windows(6).enumerate() {
        let is_code = matches!(w[0], 'E' | 'W')
            && w[1..5].iter().all(char::is_ascii_digit)
            && w[5] == ':'
            && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        assert!(
            !is_code,
            "the report shows a code: {}",
            w.iter().collect::<String>()
        );
    }
}

fn lines_with<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}

/// Today's deck showed 7 in the table, 15 in the chart and 8 in the
/// summary: two rows of one figure are an error naming both, never summed.
#[test]
fn a_figure_reported_twice_is_an_error_naming_both_rows() {
    let tmp = followup_round(
        "11,医療機器の承認件数,R6,7,件,,厚生労働省\n11,医療機器の承認件数,R6,8,件,,厚生労働省\n",
    );
    let run = mdkpi(tmp.path(), &["validate"]);
    assert_eq!(run.code, Some(1), "{}", run.render());
    assert_eq!(
        lines_with(&run.stdout, "E0601"),
        ["data/R7/followup.フォローアップ.csv:フォローアップ:D3: E0601: KPI 11 \"医療機器の承認件数\" for fiscal year 2024 is also reported in row 2: a figure reported twice is never summed; delete one of the two rows"]
    );
    // Nothing is computed from it: no 15 anywhere.
    let compute = mdkpi(tmp.path(), &["compute", "--format", "csv"]);
    assert_eq!(compute.code, Some(1));
    assert_eq!(compute.stdout, "");
    assert!(compute.stderr.contains("E0601"), "{}", compute.render());
}

/// One row's 単位 relabelled its whole series (58件 printed as 58%).
#[test]
fn a_unit_that_is_not_its_series_is_an_error_naming_the_row_it_disagrees_with() {
    let tmp = followup_round("9,相談件数,R5,52,件,,経済産業省\n9,相談件数,R6,58,%,,経済産業省\n");
    let run = mdkpi(tmp.path(), &["validate"]);
    assert_eq!(run.code, Some(1), "{}", run.render());
    assert_eq!(
        lines_with(&run.stdout, "E0602"),
        ["data/R7/followup.フォローアップ.csv:フォローアップ:E3: E0602: unit \"%\" differs from \"件\" in row 2 of the same indicator \"相談件数\": a series has one unit; make them agree"]
    );
}

/// A figure of one year given once per series is read as before: the
/// check does not trip over different indicators of the same year.
#[test]
fn one_row_per_figure_is_computed_as_written() {
    let tmp = followup_round(
        "11,医療機器の承認件数,R6,7,件,,厚生労働省\n11,SaMD承認件数,R6,8,件,,厚生労働省\n",
    );
    let run = mdkpi(tmp.path(), &["compute", "--format", "csv"]);
    assert_eq!(run.code, Some(0), "{}", run.render());
    assert!(run.stdout.contains("kpi11.item1,R6,7,"), "{}", run.stdout);
    assert!(run.stdout.contains("kpi11.item2,R6,8,"), "{}", run.stdout);
}

/// `companies (1).xlsx` beside `companies.xlsx`, `amed_最終版.xlsx`,
/// `satisfaction - コピー.xlsx`: errors naming the expected file, not a
/// stray-file warning while the KPIs they feed vanish.
#[test]
fn a_return_under_a_copys_name_is_an_error_naming_the_expected_file() {
    let (tmp, data) = fixtures();
    let r7 = data.join("R7");
    fs::copy(r7.join("companies.xlsx"), r7.join("companies (1).xlsx")).unwrap();
    fs::rename(r7.join("amed.xlsx"), r7.join("amed_最終版.xlsx")).unwrap();
    fs::copy(
        r7.join("satisfaction.xlsx"),
        r7.join("satisfaction - コピー.xlsx"),
    )
    .unwrap();
    let run = mdkpi(tmp.path(), &["validate", "--round", "R7"]);
    assert_eq!(run.code, Some(1), "{}", run.render());
    let errors = lines_with(&run.stdout, "E0603");
    assert_eq!(errors.len(), 3, "{}", run.stdout);
    for (file, expected) in [
        ("amed_最終版.xlsx", "amed.xlsx"),
        ("companies (1).xlsx", "companies.xlsx"),
        ("satisfaction - コピー.xlsx", "satisfaction.xlsx"),
    ] {
        assert!(
            errors
                .iter()
                .any(|l| l.starts_with(&format!("data/R7/{file}: E0603: "))
                    && l.contains(&format!("read only from \"{expected}\""))),
            "{file}:\n{}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains("W0208"), "{}", run.stdout);
}

/// `Companies.XLSX` is the companies file in another case: read, with the
/// warning about its name (SPEC §11), not a copy.
#[test]
fn a_dataset_file_in_another_case_is_read_not_a_copy() {
    let (tmp, data) = fixtures();
    let r7 = data.join("R7");
    fs::rename(r7.join("companies.xlsx"), r7.join("Companies.XLSX")).unwrap();
    let run = mdkpi(tmp.path(), &["validate", "--round", "R7"]);
    assert_eq!(run.code, Some(0), "{}", run.render());
    assert!(!run.stdout.contains("E0603"), "{}", run.stdout);
    assert!(
        run.stdout.contains("  companies     134 responses"),
        "{}",
        run.stdout
    );
}

/// The fixtures accept what the published report shows (three stations
/// trained no one in R7): `--strict` passes; without the `[[accept]]`s the
/// three warnings stop every strict command, and nothing is written.
#[test]
fn accepted_warnings_pass_strict_and_others_stop_it() {
    let (tmp, data) = fixtures();
    let run = mdkpi(tmp.path(), &["validate", "--strict"]);
    assert_eq!(run.code, Some(0), "{}", run.render());
    assert!(
        run.stdout
            .ends_with("4 rounds, 0 errors, 0 warnings (3 accepted)\n"),
        "{}",
        run.stdout
    );
    // The accepted warnings stay out of stderr and the JSON.
    let json = mdkpi(tmp.path(), &["compute", "--strict"]);
    assert_eq!(json.code, Some(0), "{}", json.render());
    assert_eq!(json.stderr, "");
    assert!(
        json.stdout.contains("\"warnings\": []"),
        "{}",
        &json.stdout[json.stdout.len() - 200..]
    );

    let toml = data.join("R7/round.toml");
    let text = fs::read_to_string(&toml).unwrap();
    let cut = text.find("[[accept]]").expect("the fixtures accept");
    fs::write(&toml, &text[..cut]).unwrap();
    let run = mdkpi(tmp.path(), &["validate", "--strict"]);
    assert_eq!(run.code, Some(1), "{}", run.render());
    assert_eq!(
        lines_with(&run.stdout, "W0606"),
        [
            "data/R7/sites/iwate-ipc.xlsx:人材育成研修: warning: W0606: station \"公益財団法人いわて産業振興センター\": 受入人数 total 0, against 68 in the previous round R6: check that no training rows are missing",
            "data/R7/sites/kurashiki-ch.xlsx:人材育成研修: warning: W0606: station \"公益財団法人大原記念倉敷中央医療機構\": 受入人数 total 0, against 36 in the previous round R6: check that no training rows are missing",
            "data/R7/sites/shinshu-u.xlsx:人材育成研修: warning: W0606: station \"国立大学法人信州大学\": 受入人数 total 0, against 66 in the previous round R6: check that no training rows are missing",
        ]
    );
    assert!(
        run.stderr
            .contains("mdkpi: E0604: --strict: warnings not accepted: 3;"),
        "{}",
        run.stderr
    );
    // Without --strict the same warnings do not fail the run.
    assert_eq!(mdkpi(tmp.path(), &["validate"]).code, Some(0));

    let compute = mdkpi(tmp.path(), &["compute", "--strict", "--format", "csv"]);
    assert_eq!(compute.code, Some(1));
    assert_eq!(compute.stdout, "", "compute --strict printed the table");
    assert!(compute.stderr.ends_with("warnings not accepted: 3; fix the inputs, or accept each warning that is true of the world with [[accept]] in round.toml\n"), "{}", compute.stderr);

    let out = tmp.path().join("out");
    let report = mdkpi(tmp.path(), &["report", "--strict", "--out", "out"]);
    assert_eq!(report.code, Some(1), "{}", report.render());
    assert!(!out.exists(), "report --strict wrote {out:?}");
    let export = mdkpi(tmp.path(), &["export", "--strict", "--out", "exported"]);
    assert_eq!(export.code, Some(1), "{}", export.render());
    assert!(!tmp.path().join("exported").exists());
}

/// An `[[accept]]` is a prefix of the location as printed, relative to
/// the round folder: a sheet covers its cells; a code narrows it; one that
/// matches nothing is itself a warning.
#[test]
fn an_accept_matches_a_location_and_what_is_inside_it() {
    let (tmp, data) = fixtures();
    let toml = data.join("R7/round.toml");
    let text = fs::read_to_string(&toml).unwrap();
    let cut = text.find("[[accept]]").expect("the fixtures accept");
    let accepts = "
[[accept]]
at = \"sites\"
code = \"W0606\"
why = \"三拠点は研修を実施しなかった\"

[[accept]]
at = \"sites/iwate-ipc.xlsx:人材育成研修\"
code = \"W0604\"
why = \"別の警告\"
";
    fs::write(&toml, format!("{}{accepts}", &text[..cut])).unwrap();
    let run = mdkpi(tmp.path(), &["validate", "--round", "R7"]);
    assert_eq!(run.code, Some(0), "{}", run.render());
    assert_eq!(
        lines_with(&run.stdout, "warning:"),
        ["data/R7/round.toml: warning: W0601: [[accept]] \"sites/iwate-ipc.xlsx:人材育成研修 (W0604)\" matches no warning: delete it if the warning is gone"]
    );
    assert!(
        run.stdout
            .ends_with("1 round, 0 errors, 1 warning (3 accepted)\n"),
        "{}",
        run.stdout
    );
}

/// A dataset the previous round had and this one lacks: a warning naming
/// it and its KPIs, and the report says so on the KPI's page.
#[test]
fn a_dataset_dropped_since_the_last_round_is_a_warning_and_a_note_on_its_page() {
    let (tmp, data) = fixtures();
    fs::remove_file(data.join("R7/satisfaction.xlsx")).unwrap();
    // The commentary cites survey figures, which are gone with the survey.
    fs::remove_file(data.join("R7/commentary.md")).unwrap();
    let run = mdkpi(tmp.path(), &["validate", "--round", "R7"]);
    assert_eq!(run.code, Some(0), "{}", run.render());
    assert_eq!(
        lines_with(&run.stdout, "W0602"),
        ["data/R7: warning: W0602: satisfaction.xlsx was in the previous round R6 but is not in this one: KPI 1 will have no figures from it for this round"]
    );
    let report = mdkpi(tmp.path(), &["report", "--out", "out"]);
    assert_eq!(report.code, Some(0), "{}", report.render());
    let html = fs::read_to_string(tmp.path().join("out/index.html")).unwrap();
    assert!(
        html.contains("前回の調査回(R6)にあった研修受講者アンケート(satisfaction.xlsx)が、今回の調査回(R7)にはない。"),
        "no note on KPI 1's page"
    );
    // The appendix states it in the committee's words, without codes.
    assert!(html.contains("前回(R6)にあった satisfaction.xlsx のデータが今回の調査回にない。"));
    assert_no_message_in(&html);
}

/// Last round's file sent again: a warning naming both files.
#[test]
fn last_rounds_file_sent_again_is_a_warning_naming_both_files() {
    let (tmp, data) = fixtures();
    fs::copy(data.join("R6/amed.xlsx"), data.join("R7/amed.xlsx")).unwrap();
    let run = mdkpi(tmp.path(), &["validate", "--round", "R7"]);
    assert_eq!(
        lines_with(&run.stdout, "W0603"),
        ["data/R7/amed.xlsx: warning: W0603: byte-identical to data/R6/amed.xlsx: check that last round's file was not sent again"],
        "{}",
        run.render()
    );
}

/// `validate --round R7` reads R6 for the checks across rounds without
/// listing R6's own problems; a broken R6 skips them with a note.
#[test]
fn validate_one_round_reads_the_previous_one_quietly() {
    let (tmp, data) = fixtures();
    fs::write(data.join("R6/notes.txt"), "memo").unwrap();
    let run = mdkpi(tmp.path(), &["validate", "--round", "R7"]);
    assert_eq!(run.code, Some(0), "{}", run.render());
    assert!(!run.stdout.contains("data/R6"), "{}", run.stdout);
    fs::write(data.join("R6/companies.xlsx"), b"not a workbook").unwrap();
    let run = mdkpi(tmp.path(), &["validate", "--round", "R7"]);
    assert_eq!(
        lines_with(&run.stdout, "W0607"),
        ["data/R7: warning: W0607: the previous round R6 has errors: the checks across rounds (datasets dropped, files sent again, stations' training) were skipped"],
        "{}",
        run.render()
    );
    // R6's own error is not this run's to list.
    assert!(
        !run.stdout.contains("data/R6/companies.xlsx"),
        "{}",
        run.stdout
    );
    // Nor are the R7 stations compared with R6's: no training warning, and
    // the [[accept]]s of those warnings are not reported as stale.
    assert!(!run.stdout.contains("W0606"), "{}", run.stdout);
    assert!(!run.stdout.contains("W0601"), "{}", run.stdout);
}

/// A ×10 typo in a station's CSV: a warning at the cell naming the value
/// and the median.
#[test]
fn a_tenfold_count_is_a_warning_at_its_cell() {
    let (tmp, data) = fixtures();
    let sites = data.join("R7/sites");
    fs::write(
        sites.join("zz.拠点情報.csv"),
        "拠点名,事業,分野,所管\n試験拠点,,,\n",
    )
    .unwrap();
    fs::write(
        sites.join("zz.人材育成研修.csv"),
        "テーマ,研修名,受入人数,備考\n1,品質管理講座,3000,\n",
    )
    .unwrap();
    fs::write(sites.join("zz.共同研究.csv"), "項目,件数\n基礎研究,1\n").unwrap();
    let run = mdkpi(tmp.path(), &["validate", "--round", "R7"]);
    assert_eq!(run.code, Some(0), "{}", run.render());
    let found = lines_with(&run.stdout, "W0604");
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert!(
        found[0].starts_with("data/R7/sites/zz.人材育成研修.csv:人材育成研修:C2: warning: W0604: 受入人数 3000 is at least 10 times the round's median "),
        "{}",
        found[0]
    );
}

/// The deck speaks to the committee: the accepted warnings are listed with
/// the analyst's reason as 確認済み, and no message line, code or
/// `warning:` reaches it.
#[test]
fn the_report_lists_caveats_in_the_committees_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let html = fs::read_to_string(root.join("reports/R7/index.html")).unwrap();
    assert!(html.contains(
        "拠点「国立大学法人信州大学」の研修受入人数の合計が、前回(R6)の66人から0人になった。"
    ));
    assert!(html.contains("確認済み: 公表された令和7年度の報告書の研修一覧にこの拠点の研修はなく"));
    assert_no_message_in(&html);
}

/// A follow-up figure that only an earlier round's sheet gives is in the
/// indicator table, and the KPI page shows that same figure, not 未報告.
#[test]
fn every_place_shows_the_one_followup_figure_the_table_holds() {
    let tmp = followup_round("9,相談件数,R6,58,件,,経済産業省\n");
    let r6 = tmp.path().join("data/R6");
    fs::create_dir_all(&r6).unwrap();
    fs::write(
        r6.join("round.toml"),
        "label = \"R6\"\nfiscal_year = 2024\nperiod_start = 2024-03-07\nperiod_end = 2025-03-06\nreference_date = 2025-01-01\n",
    )
    .unwrap();
    fs::write(
        r6.join("followup.フォローアップ.csv"),
        "KPI番号,指標,年度,値,単位,状況,報告主体\n9,相談件数,R5,52,件,,経済産業省\n9,相談件数,R6,50,件,,経済産業省\n",
    )
    .unwrap();
    let csv = mdkpi(tmp.path(), &["compute", "--format", "csv"]);
    assert_eq!(csv.code, Some(0), "{}", csv.render());
    assert!(csv.stdout.contains("kpi9.item1,R5,52,"), "{}", csv.stdout);
    // R7's sheet gives R6: 58, not R6's own 50, and never 108.
    assert!(csv.stdout.contains("kpi9.item1,R6,58,"), "{}", csv.stdout);
    let report = mdkpi(tmp.path(), &["report", "--out", "out"]);
    assert_eq!(report.code, Some(0), "{}", report.render());
    let html = fs::read_to_string(tmp.path().join("out/index.html")).unwrap();
    let row = html
        .lines()
        .find(|l| l.contains("<tr><td>相談件数</td>"))
        .expect("the series row of KPI 9");
    // R5 and R6 as the table holds them; R7, the round's own year, has
    // no figure yet.
    assert!(
        row.contains(
            "<td class=\"num\">52</td><td class=\"num\">58</td><td class=\"num missing\">未報告</td>"
        ),
        "{row}"
    );
}
