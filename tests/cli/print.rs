//! SPEC §18, "print shows no internals": the printed fixture deck names
//! every figure by its registry name, never by its key (`kpi2.…`), and
//! carries no SHA-256 digest; the digests go to `provenance.json`, which
//! lists every input file and which `report --check` compares.

use std::fs;
use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

use super::pages::{copy_dir, root, strip_tags, tool, tools};
use super::{run_in, Run};

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// `report` on the data folder `data`, run beside it as `--data data`
/// (so provenance paths read `data/…`), with `extra` arguments.
fn report(data: &Path, extra: &[&str]) -> Run {
    let mut list = vec!["--data", "data", "report"];
    list.extend_from_slice(extra);
    run_in(data.parent().unwrap(), &args(&list))
}

/// The places in `text` where an indicator key starts: `kpi`, digits, `.`,
/// not inside a word (`mdkpi 0.1.0`, squashed, is no key).
fn keys_in(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("kpi").map(|i| i + from) {
        let digits = bytes[at + 3..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let in_word = at > 0 && bytes[at - 1].is_ascii_alphabetic();
        if !in_word && digits > 0 && bytes.get(at + 3 + digits) == Some(&b'.') {
            let end = text[at..]
                .find(|c: char| c.is_whitespace())
                .map_or(text.len(), |e| at + e);
            found.push(text[at..end].to_string());
        }
        from = at + 3;
    }
    found
}

/// Runs of 64 or more hex digits in `text` (a SHA-256 as printed).
fn digests_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut run = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_ascii_hexdigit() {
            run.push(c);
        } else {
            if run.len() >= 64 {
                found.push(run.clone());
            }
            run.clear();
        }
    }
    found
}

fn provenance(out: &Path) -> serde_json::Value {
    let text = fs::read_to_string(out.join("provenance.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn sha256_hex(path: &Path) -> String {
    Sha256::digest(fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_checkers_find_keys_and_digests() {
    assert_eq!(
        keys_in("計 kpi2.venture_product_rate_mean4 と kpi10.x; kpi. kpis mdkpi0.1.0"),
        ["kpi2.venture_product_rate_mean4", "kpi10.x;"]
    );
    let digest = "d8c4990edb8829c0f34c9b0f7dbd461a9be5287f60475bf7143b7aa1ef5e9f94";
    assert_eq!(digests_in(&format!("data/plan.toml {digest}")), [digest]);
    assert!(digests_in(&digest[..63]).is_empty());
}

#[test]
fn the_printed_deck_shows_no_key_and_no_digest() {
    if tools().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = report(
        &root().join("data"),
        &["--pdf", "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.code, Some(0), "{}", run.all());
    let text = Command::new(tool("pdftotext").unwrap())
        .args(["-enc", "UTF-8"])
        .arg(out.join("report.pdf"))
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success(), "pdftotext failed");
    let text = String::from_utf8(text.stdout).unwrap();
    // Lines may break anywhere in print: look at the text with its white
    // space removed too.
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();

    // The reconciliation appendix names its figures (by the registry) and
    // the input appendix lists the files by round and path: the text read
    // is the deck's, with the parts that used to show internals.
    assert!(
        squashed.contains("ベンチャーの上市可能製品保有率(4カ年平均)"),
        "no reconciliation row in the PDF text"
    );
    assert!(
        squashed.contains("data/R7/round.toml"),
        "no input file list in the PDF text"
    );

    let keys = keys_in(&text);
    assert!(keys.is_empty(), "keys printed: {keys:?}");
    let keys = keys_in(&squashed);
    assert!(keys.is_empty(), "keys printed (across lines): {keys:?}");
    let digests = digests_in(&text);
    assert!(digests.is_empty(), "digests printed: {digests:?}");
    // A digest broken over lines: no input file's digest, nor its first 16
    // digits, is in the text.
    for file in provenance(&out)["files"].as_array().unwrap() {
        let sha = file["sha256"].as_str().unwrap();
        assert!(
            !squashed.contains(&sha[..16]),
            "the digest of {} is printed",
            file["path"]
        );
    }
}

#[test]
fn provenance_lists_every_input_file_with_its_round_and_digest() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let data = root().join("data");
    let run = report(&data, &["--out", out.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let doc = provenance(&out);
    assert_eq!(doc["round"], "R7");
    let files = doc["files"].as_array().unwrap();

    // Every file of the fixtures, each once, with the digest of its bytes
    // and its round (the folder it is in; none for the data folder's own).
    fn walk(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, into);
            } else {
                into.push(path);
            }
        }
    }
    let mut on_disk = Vec::new();
    walk(&data, &mut on_disk);
    on_disk.sort();
    let mut listed: Vec<String> = files
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    listed.sort();
    let expected: Vec<String> = on_disk
        .iter()
        .map(|p| format!("data/{}", p.strip_prefix(&data).unwrap().display()))
        .collect();
    assert_eq!(listed, expected);
    for f in files {
        let path = f["path"].as_str().unwrap();
        let relative = path.strip_prefix("data/").unwrap();
        assert_eq!(
            f["sha256"].as_str().unwrap(),
            sha256_hex(&data.join(relative)),
            "{path}"
        );
        let round = relative.split_once('/').map(|(folder, _)| folder);
        assert_eq!(f["round"].as_str(), round, "{path}");
    }

    // Deterministic: a second run gives the same bytes.
    let again = tmp.path().join("again");
    let run = report(&data, &["--out", again.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    assert_eq!(
        fs::read(out.join("provenance.json")).unwrap(),
        fs::read(again.join("provenance.json")).unwrap()
    );
}

#[test]
fn check_reports_provenance_stale_when_only_a_digest_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&root().join("data"), &data);
    let out = tmp.path().join("out");
    let out_arg = out.to_str().unwrap();
    let run = report(&data, &["--out", out_arg]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let run = report(&data, &["--check", "--out", out_arg]);
    assert_eq!(run.code, Some(0), "{}", run.all());

    // A comment in round.toml: the file's bytes change, no figure does, so
    // the page is the same and only provenance.json is stale.
    let round_toml = data.join("R7/round.toml");
    let mut text = fs::read_to_string(&round_toml).unwrap();
    text.push_str("# 確認済み\n");
    fs::write(&round_toml, text).unwrap();
    let run = report(&data, &["--check", "--out", out_arg]);
    assert_eq!(run.code, Some(1), "{}", run.all());
    let stale: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("stale: "))
        .collect();
    assert_eq!(
        stale,
        [out.join("provenance.json").display().to_string()],
        "{}",
        run.all()
    );
}

/// A published follow-up figure that differs is reconciled under the name
/// followup.xlsx gives its series (the registry holds only the family), not
/// under its key.
#[test]
fn a_reconciled_follow_up_figure_is_named_not_keyed() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&root().join("data"), &data);
    let published = data.join("R7/published.toml");
    let mut text = fs::read_to_string(&published).unwrap();
    text.push_str("\"kpi4.evaluation_guidelines @ R6\" = \"99\"\n");
    fs::write(&published, text).unwrap();
    let out = tmp.path().join("out");
    let run = report(&data, &["--out", out.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.all());
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    let body = &html[html.find("</style>").unwrap()..];
    let shown = strip_tags(body);
    let squashed: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        squashed.contains("次世代医療機器・再生医療等製品評価指標の公表数(累計)R69961"),
        "no named row for the follow-up figure"
    );
    let keys = keys_in(&shown);
    assert!(keys.is_empty(), "keys shown: {keys:?}");
}
