//! The commentary skeleton `mdkpi init` writes (SPEC §17): the headings the
//! report reads commentary under, `## KPI 1` … `## KPI 11` and `## 総括`,
//! each with an example inside an HTML comment (neither rendered nor
//! checked: a round without data has no figures yet). The examples use
//! relative live figures (`@ 前回`), so commentary written from them can be
//! carried to the next round.

/// The file name, in the round folder.
pub const FILE: &str = crate::dataset::Dataset::Commentary.file();

/// One example per KPI: a key of the indicator table with a figure in
/// every round the survey covers.
const EXAMPLES: [(u32, &str); 11] = [
    (
        1,
        "受入実績は{{ kpi1.participants @ 前回 }}から{{ kpi1.participants }}へ",
    ),
    (
        2,
        "ベンチャー企業の割合は{{ kpi2.venture_rate @ 前回 }}→{{ kpi2.venture_rate }}",
    ),
    (
        3,
        "検証フェーズの共同研究は{{ kpi3.verification @ 前回 }}→{{ kpi3.verification }}",
    ),
    (
        4,
        "フォローアップの数値は {{ KEY @ 前回 }}→{{ KEY }} のように書けます",
    ),
    (
        5,
        "フォローアップの数値は {{ KEY @ 前回 }}→{{ KEY }} のように書けます",
    ),
    (
        6,
        "ステージアップ率は{{ kpi6.stage_up_rate @ 前回 }}→{{ kpi6.stage_up_rate }}",
    ),
    (
        7,
        "国際展開に関する活動は{{ kpi7.activity_rate @ 前回 }}→{{ kpi7.activity_rate }}",
    ),
    (
        8,
        "フォローアップの数値は {{ KEY @ 前回 }}→{{ KEY }} のように書けます",
    ),
    (
        9,
        "フォローアップの数値は {{ KEY @ 前回 }}→{{ KEY }} のように書けます",
    ),
    (
        10,
        "フォローアップの数値は {{ KEY @ 前回 }}→{{ KEY }} のように書けます",
    ),
    (
        11,
        "フォローアップの数値は {{ KEY @ 前回 }}→{{ KEY }} のように書けます",
    ),
];

/// The skeleton's text for round `label`.
pub fn skeleton(label: &str) -> String {
    let mut out = format!(
        "<!--\n{label} の考察。各見出しの下に書くと、報告書のその KPI の結果の後に載ります。\n\
         数値は差し込み数値で書くと、集計と食い違いません: {{{{ KEY }}}} は今回、\n\
         {{{{ KEY @ 前回 }}}} は一つ前の調査回、{{{{ KEY @ 前々回 }}}} はその前の調査回の数値です。\n\
         手で書いた数値(10.4%、3,198名など)は、その KPI の今回と、文が挙げる調査回\n\
         (R6、令和6年度、前回など)の数値と照合されます。このようなコメントの中は報告書に載らず、確認もされません。\n-->\n"
    );
    for (n, example) in EXAMPLES {
        out.push_str(&format!("\n## KPI {n}\n\n<!-- 例: {example} -->\n"));
    }
    out.push_str("\n## 総括\n\n<!-- 例: KPI の今後の議論において意識すべきこと -->\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;

    #[test]
    fn the_skeleton_has_every_heading_and_nothing_to_render_or_check() {
        let text = skeleton("R8");
        let mut d = Diagnostics::new();
        let c = crate::ingest::text::parse_commentary(&text, "data/R8/commentary.md", &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        let mut sections: Vec<&str> = c.sections.keys().map(String::as_str).collect();
        sections.sort_by_key(|k| k.trim_start_matches("kpi").parse::<u32>().unwrap_or(99));
        let mut expected: Vec<String> = (1..=11).map(|n| format!("kpi{n}")).collect();
        expected.push("summary".into());
        assert_eq!(sections, expected);
        // Comments only: every section is empty, nothing is said.
        assert!(
            c.sections.values().all(String::is_empty),
            "{:?}",
            c.sections
        );
        assert!(c.said.is_empty(), "{:?}", c.said);
        assert!(text.contains(
            "<!-- 例: 受入実績は{{ kpi1.participants @ 前回 }}から{{ kpi1.participants }}へ -->"
        ));
    }
}
