//! The data-quality appendix in the committee's words (SPEC §17): for each
//! warning of the round, what was found, what was done and what it changes,
//! in Japanese, without codes or message lines (those stay on stderr and in
//! the JSON `warnings`). One text per kind of warning, here beside the
//! catalogue; a kind without its own text says so in general words.

use serde::Serialize;

use crate::diag::{Diagnostic, Msg};

/// One caveat as the appendix lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Caveat {
    /// The round the file belongs to (its label), empty for the data
    /// folder itself.
    pub round: String,
    /// The file (and sheet) concerned, relative to the round folder.
    pub place: String,
    pub found: String,
    pub done: String,
    pub effect: String,
    /// The analyst's reason, when the warning was accepted (確認済み).
    pub confirmed: Option<String>,
}

/// The caveats of a run: every warning left and every warning accepted
/// (with its reason), in the order found; `rounds` are (label, folder as
/// shown) of the rounds read.
pub fn caveats(diags: &crate::diag::Diagnostics, rounds: &[(String, String)]) -> Vec<Caveat> {
    let listed = diags
        .items()
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Warning)
        .map(|d| (d, None));
    let accepted = diags.accepted().into_iter().map(|(d, why)| (d, Some(why)));
    listed
        .chain(accepted)
        .map(|(d, why)| caveat(d, rounds, why))
        .collect()
}

/// The caveat of warning `d`.
fn caveat(d: &Diagnostic, rounds: &[(String, String)], confirmed: Option<&str>) -> Caveat {
    let path = d.location.path.as_str();
    let (round, rel) = rounds
        .iter()
        .find_map(|(label, shown)| {
            let rest = path.strip_prefix(shown.as_str())?;
            (rest.is_empty() || rest.starts_with('/'))
                .then(|| (label.clone(), rest.trim_start_matches('/')))
        })
        .unwrap_or((String::new(), path));
    let place = match (&d.location.sheet, rel.is_empty()) {
        (Some(sheet), false) => format!("{rel}(シート「{sheet}」)"),
        (_, false) => rel.to_string(),
        (_, true) => "調査回全体".to_string(),
    };
    let (found, done, effect) = words(&d.message);
    Caveat {
        round,
        place,
        found,
        done: done.to_string(),
        effect,
        confirmed: confirmed.map(str::to_string),
    }
}

/// (what was found, what was done, what it changes) for one message.
fn words(m: &Msg) -> (String, &'static str, String) {
    const AS_REPORTED: &str = "報告どおりの値で集計した。";
    match m {
        Msg::StationTrainingGone {
            station,
            previous,
            before,
            now,
        } => (
            format!("拠点「{station}」の研修受入人数の合計が、前回({previous})の{before}人から{now}人になった。"),
            "研修の受入実績がない拠点として集計した(拠点数には含む)。",
            "KPI 1 の受入実績(合計と拠点あたり)に、この拠点の人数は含まれない。".into(),
        ),
        Msg::DatasetDropped {
            dataset,
            previous,
            kpis,
        } => (
            format!("前回({previous})にあった {dataset} のデータが今回の調査回にない。"),
            "今回の調査回の該当する値は空欄(データなし)とした。",
            format!("KPI {} の今回の値が示されない。", kpis.0.join("、")),
        ),
        Msg::SameFileAsEarlier { earlier } => (
            format!("以前の調査回のファイル({earlier})とまったく同じ内容のファイルが提出された。"),
            "提出されたファイルのまま集計した。",
            "このデータによる値は以前の調査回と同じになる。".into(),
        ),
        Msg::CountImplausible {
            column,
            value,
            median,
            factor,
        } => (
            format!("{column}に、調査回の中央値({median})の{factor}倍以上の値({value})がある。"),
            AS_REPORTED,
            "入力の誤りであれば、該当する合計が過大になる。".into(),
        ),
        Msg::GrantImplausible {
            value,
            median,
            factor,
        } => (
            format!("助成額に、調査回の中央値({median}千円)の{factor}倍以上の値({value}千円)がある。"),
            AS_REPORTED,
            "円で入力された値であれば、KPI 6 の助成額の合計が過大になる。".into(),
        ),
        Msg::StageRegression { id, .. } => (
            format!("課題「{id}」の現在ステージが採択時ステージより前になっている。"),
            "後退として扱い、ステージアップには数えなかった。",
            "KPI 6 のステージアップ率に反映される。".into(),
        ),
        Msg::CompanyDateAfterReference { what, .. } => (
            format!("企業の{what}が基準日より後になっている回答がある。"),
            "記載どおりの日付で企業を分類した。",
            "KPI 2 のベンチャー・異業種参入企業の分類に影響しうる。".into(),
        ),
        Msg::BlankStationName { stem } => (
            "拠点名が空欄の報告がある。".into(),
            "ファイル名を拠点名として用いた。",
            format!("拠点一覧では「{stem}」と表示される。"),
        ),
        Msg::StationNoReturn { name } => (
            format!("予定していた拠点「{name}」の報告がない。"),
            "報告のあった拠点だけで集計した。",
            "拠点数と拠点あたりの値に反映される。".into(),
        ),
        Msg::StationNotListed { name } => (
            format!("拠点「{name}」の報告が、予定した拠点の一覧にない。"),
            "報告のあった拠点として集計に含めた。",
            "拠点数と拠点あたりの値に反映される。".into(),
        ),
        Msg::UnexpectedFile {}
        | Msg::UnexpectedFolder {}
        | Msg::LockFile {}
        | Msg::LockFileOpen { .. } => (
            "調査票の名前に当たらないファイルがある。".into(),
            "集計には用いなかった。",
            "なし。".into(),
        ),
        _ => (
            "入力データの確認で、確認を要する点が見つかった。".into(),
            AS_REPORTED,
            "報告どおりの値が集計に含まれる。".into(),
        ),
    }
}
