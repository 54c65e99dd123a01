//! SPEC §18 "Commentary reconciled like figures": the fixtures' 考察 is the
//! published deck's word for word (tests/fixtures/seed_kousatsu.txt holds
//! the seed's text, copied); the made-up values agree with what it says
//! (KPI 6's なし/複数 topics); the 異業種 上市可能 means reconcile with the
//! published figures; and a sentence its figures contradict is shown as
//! written with a 「※ 集計値では…」 note under it and a row in the
//! reconciliation appendix.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{copy_tree, run_in, Run};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The seed's 考察 by section (`KPI 1` … `総括`), its slips of the pen
/// corrected as the fixture file's 正誤 lists them (each applied exactly
/// once, so a stale correction fails).
fn seed_kousatsu() -> BTreeMap<String, Vec<String>> {
    let path = root().join("tests/fixtures/seed_kousatsu.txt");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut sections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut corrections: Vec<(String, String)> = Vec::new();
    let mut section = String::new();
    for line in text.lines() {
        if line.starts_with('#') && !line.starts_with("## ") || line.trim().is_empty() {
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            section = h.to_string();
            continue;
        }
        if section == "正誤" {
            let (printed, corrected) = line
                .split_once(" => ")
                .unwrap_or_else(|| panic!("正誤 line without \" => \": {line}"));
            corrections.push((printed.to_string(), corrected.to_string()));
        } else {
            sections
                .entry(section.clone())
                .or_default()
                .push(line.to_string());
        }
    }
    for (printed, corrected) in &corrections {
        let hits: usize = sections
            .values()
            .flatten()
            .map(|l| l.matches(printed.as_str()).count())
            .sum();
        assert_eq!(
            hits, 1,
            "正誤 「{printed}」 occurs {hits} times in the seed's 考察"
        );
        for line in sections.values_mut().flatten() {
            *line = line.replace(printed.as_str(), corrected);
        }
    }
    sections
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// What the report shows as commentary, by section: each paragraph and
/// list item as text (its notes apart), and the notes of each.
struct Shown {
    items: BTreeMap<String, Vec<String>>,
    notes: BTreeMap<String, Vec<(String, String)>>,
}

fn commentary_of(html: &str) -> Shown {
    let mut items: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut notes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for block in html.split("<div class=\"commentary\">").skip(1) {
        let block = &block[..block.find("</div>").expect("a closed commentary")];
        let (section, body) = match block.split_once("</h4>") {
            Some((head, body)) => {
                let n = head
                    .split("KPI ")
                    .nth(1)
                    .and_then(|t| t.split(' ').next())
                    .expect("KPI n in the heading");
                (format!("KPI {n}"), body)
            }
            None => ("総括".to_string(), block),
        };
        for item in body.split(['\n']).flat_map(|l| l.split("</li>")) {
            let (text, note) = match item.split_once("<span class=\"data-note\">") {
                Some((t, n)) => (t, n.split("</span>").next().map(unescape)),
                None => (item, None),
            };
            let mut plain = String::new();
            let mut in_tag = false;
            for c in text.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => plain.push(c),
                    _ => {}
                }
            }
            let plain = unescape(plain.trim());
            if let Some(note) = note {
                notes
                    .entry(section.clone())
                    .or_default()
                    .push((plain.clone(), note));
            }
            if !plain.is_empty() {
                items.entry(section.clone()).or_default().push(plain);
            }
        }
    }
    Shown { items, notes }
}

/// `report` on `data` (run beside it as `--data data`), the HTML it wrote.
fn report_html(data: &Path, extra: &[&str]) -> (Run, String) {
    let out = data.parent().unwrap().join("out");
    let mut list = vec!["--data", "data", "report", "--out", out.to_str().unwrap()];
    list.extend_from_slice(extra);
    let run = run_in(data.parent().unwrap(), &args(&list));
    let html = fs::read_to_string(out.join("index.html")).unwrap_or_default();
    (run, html)
}

fn fixtures_report() -> String {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_tree(&root().join("data"), &data);
    let (run, html) = report_html(&data, &["--strict"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    html
}

#[test]
fn the_fixtures_commentary_is_the_published_kousatsu_word_for_word() {
    let seed = seed_kousatsu();
    let shown = commentary_of(&fixtures_report());
    assert_eq!(
        shown.items.keys().collect::<Vec<_>>(),
        seed.keys().collect::<Vec<_>>()
    );
    for (section, lines) in &seed {
        assert_eq!(
            &shown.items[section], lines,
            "{section}: the report's 考察 differs from the seed's"
        );
    }
    // The fixtures' figures agree with every sentence: no note.
    assert!(shown.notes.is_empty(), "{:?}", shown.notes);
}

/// key → round → value, from `mdkpi compute --format json` on data/.
fn computed() -> BTreeMap<(String, String), f64> {
    let run = run_in(&root(), &args(&["compute", "--format", "json"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).expect("JSON");
    doc["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .filter_map(|r| {
            Some((
                (
                    r["key"].as_str()?.to_string(),
                    r["round"].as_str()?.to_string(),
                ),
                r["value"].as_f64()?,
            ))
        })
        .collect()
}

#[test]
fn the_unspecified_topics_rise_as_the_kousatsu_says() {
    let v = computed();
    let get = |k: &str, r: &str| v[&(k.to_string(), r.to_string())];
    // R7 as published: 84 of 261.
    assert_eq!(get("kpi6.area_none_multi.topics", "R7"), 84.0);
    assert_eq!(get("kpi6.topics", "R7"), 261.0);
    let share = |r: &str| get("kpi6.area_none_multi.topics", r) / get("kpi6.topics", r);
    // 「採択傾向として、重点分野が特定されないテーマが増加している」: the
    // count and the share rise round on round.
    for (before, after) in [("R5", "R6"), ("R6", "R7")] {
        assert!(
            get("kpi6.area_none_multi.topics", before) < get("kpi6.area_none_multi.topics", after),
            "なし/複数 count {before} → {after}"
        );
        assert!(
            share(before) < share(after),
            "なし/複数 share {before} → {after}"
        );
    }
    // The check that would flag the sentence is silent on the fixtures.
    let run = run_in(&root(), &args(&["validate", "--strict"]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("W0504"), "{}", run.stderr);
}

#[test]
fn the_cross_industry_product_means_reconcile_with_the_published_figures() {
    let v = computed();
    let get = |k: &str, r: &str| v[&(k.to_string(), r.to_string())];
    // The published 4カ年平均 are the shares without a marketable product
    // (the 考察 says 80 % and 64 % have one): each within half a printed
    // unit of 1 − the computed mean.
    for (key, round, printed) in [
        ("kpi2.cross_industry_product_rate_mean4", "R6", 40.0),
        ("kpi2.cross_industry_product_rate_mean4", "R7", 36.2),
        ("kpi2.venture_product_rate_mean4", "R6", 22.7),
        ("kpi2.venture_product_rate_mean4", "R7", 19.8),
    ] {
        let complement = 100.0 * (1.0 - get(key, round));
        assert!(
            (complement - printed).abs() <= 0.05 + 1e-9,
            "{key} @ {round}: 1 − computed = {complement}, published {printed}"
        );
    }
    // R6's mean covers R4–R6: 60.0 %, not the 68.3 % of earlier fixtures.
    let r6: f64 = ["R4", "R5", "R6"]
        .iter()
        .map(|r| get("kpi2.cross_industry_product_rate", r))
        .sum::<f64>()
        / 3.0;
    assert!((r6 - 0.6).abs() < 1e-12, "{r6}");
    // 「ベンチャー企業の80%、異業種企業の64%」.
    assert_eq!(
        (100.0 * get("kpi2.venture_product_rate_mean4", "R7")).round(),
        80.0
    );
    assert_eq!(
        (100.0 * get("kpi2.cross_industry_product_rate_mean4", "R7")).round(),
        64.0
    );
    // The report says so beside the figure and in the appendix.
    let html = fixtures_report();
    assert!(html.contains(
        "※公表資料との差異: 異業種企業の上市可能製品保有率(4カ年平均)(R6) — 公表 40.0% / 本集計 60.0%"
    ));
    assert!(html.contains("公表値は補数(該当しない側の割合): 1 − 60.00% = 40.00%。"));
    assert!(html.contains(
        "<td class=\"label\">R6</td><td class=\"num\">40.0%</td><td class=\"num\">60.0%</td>"
    ));
}

/// The fixtures with `commentary` as R7's commentary.md.
fn with_commentary(commentary: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_tree(&root().join("data"), &data);
    fs::write(data.join("R7/commentary.md"), commentary).unwrap();
    (tmp, data)
}

#[test]
fn a_sentence_its_figures_contradict_is_shown_with_a_note_and_listed() {
    // Participants fell 4,086 → 3,198 and the なし/複数 share rose.
    let (_tmp, data) = with_commentary(
        "## KPI 1\n\n- 受入実績は増加している\n- 拠点数は減少している\n\n## KPI 6\n\n採択傾向として、重点分野が特定されないテーマが減少している。R7はステージアップ率がやや下がっている。\n",
    );
    let dir = data.parent().unwrap();
    let run = run_in(dir, &args(&["--data", "data", "validate", "--round", "R7"]));
    let w0504: Vec<&str> = run.stdout.lines().filter(|l| l.contains("W0504")).collect();
    assert_eq!(w0504.len(), 2, "{}", run.stdout);
    assert!(w0504[0].starts_with("data/R7/commentary.md:3: warning: W0504: "));
    assert!(w0504[1].starts_with("data/R7/commentary.md:8: warning: W0504: "));

    // Warnings are not accepted: a strict report refuses.
    let (run, _) = report_html(&data, &["--strict"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);

    let (run, html) = report_html(&data, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let participants = "※ 集計値では、総受入実績数はR6の4,086名からR7の3,198名へ減少しています。";
    let shown = commentary_of(&html);
    assert_eq!(
        shown.notes["KPI 1"],
        [(
            "受入実績は増加している".to_string(),
            participants.to_string()
        )]
    );
    let (sentence, note) = &shown.notes["KPI 6"][0];
    // The sentence as written (the whole paragraph holds it), the note
    // under it with the live figures.
    assert!(sentence.starts_with("採択傾向として、重点分野が特定されないテーマが減少している。"));
    assert!(
        note.starts_with("※ 集計値では、AMED課題に占める重点分野なし/複数の課題の割合はR6の")
            && note.ends_with("からR7の32.2%へ増加しています。"),
        "{note}"
    );
    // Listed in the reconciliation appendix, in section order.
    let appendix = &html[html
        .find("<h3>考察の記述と集計値</h3>")
        .expect("appendix rows")..];
    let appendix = &appendix[..appendix.find("</table>").unwrap()];
    let rows: Vec<&str> = appendix
        .split("<tr><td class=\"label\">")
        .skip(1)
        .map(|r| &r[..r.find("</tr>").unwrap()])
        .collect();
    assert_eq!(rows.len(), 2, "{appendix}");
    assert_eq!(
        rows[0],
        format!("KPI 1</td><td>受入実績は増加している</td><td>{participants}</td>")
    );
    assert!(rows[1].starts_with(
        "KPI 6</td><td>採択傾向として、重点分野が特定されないテーマが減少している</td><td>※ 集計値では、"
    ));

    // Accepted as the published sentence, it passes a strict run and keeps
    // its note.
    let round_toml = data.join("R7/round.toml");
    let mut text = fs::read_to_string(&round_toml).unwrap();
    for line in [3, 8] {
        text.push_str(&format!(
            "\n[[accept]]\nat = \"commentary.md:{line}\"\ncode = \"W0504\"\nwhy = \"公表資料の考察を記載どおりに載せる\"\n"
        ));
    }
    fs::write(&round_toml, text).unwrap();
    let (run, html) = report_html(&data, &["--strict"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(html.contains(participants));
}
