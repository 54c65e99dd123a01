//! The texts mdkpi prints that are not diagnostics, in Japanese and
//! English (SPEC §16): `validate`'s summary of what each round holds and
//! its closing counts, and `compute`'s line when the inputs have errors.
//! Like the [catalogue](super::catalogue), each text is a variant with
//! typed parameters and one template per language; no text of the summary
//! is assembled at the place it is printed.
//!
//! Japanese texts use the report's terms: 拠点, 報告期間, 基準日, 補正, and
//! the datasets as the report's notes name them (拠点報告, 研修アンケート,
//! 医機連アンケート, AMED課題一覧, フォローアップ, 考察, 公表値, 参考系列).

use super::catalogue::Param;
use super::lang::Lang;
use crate::dataset::Dataset;

/// What is counted, with its English singular and plural and its Japanese
/// form (`{n}` the number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    Round,
    Error,
    Warning,
    Year,
    Station,
    TrainingRow,
    JointResearchRow,
    Response,
    Topic,
    Row,
    Section,
    Figure,
    Series,
    File,
    Accepted,
}

impl Noun {
    /// (English singular, English plural, Japanese with `{n}`).
    fn forms(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Noun::Round => ("round", "rounds", "{n}回分"),
            Noun::Error => ("error", "errors", "{n}件"),
            Noun::Warning => ("warning", "warnings", "{n}件"),
            Noun::Year => ("year", "years", "{n}年分"),
            Noun::Station => ("station", "stations", "{n}拠点"),
            Noun::TrainingRow => ("training row", "training rows", "研修実績 {n}行"),
            Noun::JointResearchRow => (
                "joint-research row",
                "joint-research rows",
                "共同研究 {n}行",
            ),
            Noun::Response => ("response", "responses", "回答 {n}件"),
            Noun::Topic => ("topic", "topics", "課題 {n}件"),
            Noun::Row => ("row", "rows", "{n}行"),
            Noun::Section => ("section", "sections", "{n}節"),
            Noun::Figure => ("figure", "figures", "{n}件"),
            Noun::Series => ("series", "series", "{n}系列"),
            Noun::File => ("file", "files", "ファイル{n}件"),
            Noun::Accepted => ("accepted", "accepted", "{n}件"),
        }
    }
}

/// A number of things: `1 station`, `21 stations` / `21拠点`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count(pub usize, pub Noun);

impl Param for Count {
    fn show(&self, lang: Lang) -> String {
        let Count(n, noun) = *self;
        let (one, many, ja) = noun.forms();
        match lang {
            Lang::En => format!("{n} {}", if n == 1 { one } else { many }),
            Lang::Ja => ja.replace("{n}", &n.to_string()),
        }
    }
}

/// A dataset: its name in English, the report's name in Japanese.
impl Param for Dataset {
    fn show(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.name().to_string(),
            Lang::Ja => self.name_ja().to_string(),
        }
    }
}

/// The rows each exported table holds: `sites 21, training 40` /
/// `sites 21行、training 40行` (the table names are the files' names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRows(pub Vec<(String, usize)>);

impl Param for TableRows {
    fn show(&self, lang: Lang) -> String {
        let rows = self.0.iter().map(|(name, n)| match lang {
            Lang::En => format!("{name} {n}"),
            Lang::Ja => format!("{name} {n}行"),
        });
        match lang {
            Lang::En => rows.collect::<Vec<_>>().join(", "),
            Lang::Ja => rows.collect::<Vec<_>>().join("、"),
        }
    }
}

/// Names as written, joined: `a, b` / `a、b` (nothing for none: the lines
/// that list what was written never list none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names(pub Vec<String>);

impl Param for Names {
    fn show(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.0.join(", "),
            Lang::Ja => self.0.join("、"),
        }
    }
}

/// A text inside another (the correction inside a round's line).
impl Param for Box<Ui> {
    fn show(&self, lang: Lang) -> String {
        self.text(lang)
    }
}

macro_rules! texts {
    ($(
        $variant:ident { $($field:ident : $ty:ty),* $(,)? }
            ja $ja:literal
            en $en:literal ;
    )*) => {
        /// A text of the interface, with its parameters.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Ui {
            $( $variant { $($field: $ty),* }, )*
        }

        impl Ui {
            /// The templates of every text, `(name, ja, en)`, for tests.
            pub const TEMPLATES: &'static [(&'static str, &'static str, &'static str)] =
                &[$((stringify!($variant), $ja, $en),)*];

            /// The text in `lang`.
            pub fn text(&self, lang: Lang) -> String {
                match self {
                    $(Ui::$variant { $($field),* } => {
                        $(let $field = Param::show($field, lang);)*
                        match lang {
                            Lang::Ja => format!($ja),
                            Lang::En => format!($en),
                        }
                    })*
                }
            }
        }
    };
}

texts! {
    // ---- validate: one line per round, then one per dataset ------------
    RoundHeader { label: String, year: i32, era: String, start: String, end: String, correction: Box<Ui>, reference: String }
        ja "{label}  {era}({year}年度)  報告期間 {start}〜{end}({correction})  基準日 {reference}"
        en "{label}  FY{year} ({era})  period {start}..{end} ({correction})  reference date {reference}";
    NoCorrection { years: Count }
        ja "{years}、補正なし"
        en "{years}, no correction";
    Divided { years: Count, by: u32 }
        ja "{years}、拠点の件数・人数を1/{by}に補正"
        en "{years}: station counts ÷ {by}";
    Multiplied { years: Count, by: String }
        ja "{years}、拠点の件数・人数に{by}を掛ける補正(round.toml で指定)"
        en "{years}; station counts × {by} (set in round.toml)";
    SitesHeld { stations: Count, training: Count, joint_research: Count }
        ja "{stations}、{training}、{joint_research}"
        en "{stations}, {training}, {joint_research}";
    Held { count: Count }
        ja "{count}"
        en "{count}";
    NotReadable {}
        ja "読めません(上のエラーを参照してください)"
        en "not readable: see the errors above";
    NoDatasets {}
        ja "(データなし)"
        en "(no datasets)";
    Totals { rounds: Count, errors: Count, warnings: Count }
        ja "{rounds}、エラー {errors}、警告 {warnings}"
        en "{rounds}, {errors}, {warnings}";
    // Warnings confirmed with [[accept]] in round.toml (SPEC §17).
    TotalsAccepted { rounds: Count, errors: Count, warnings: Count, accepted: Count }
        ja "{rounds}、エラー {errors}、警告 {warnings}(確認済み {accepted})"
        en "{rounds}, {errors}, {warnings} ({accepted})";

    // ---- compute, report, explain, export: inputs with errors ----------
    NothingComputed { errors: Count }
        ja "入力にエラーが{errors}あるため、何も計算していません(mdkpi validate で一覧を確認できます)"
        en "{errors} in the inputs; nothing computed (run `mdkpi validate` for the summary)";

    // ---- report: what was written, or --check's verdict ------------------
    ReportWrote { out: String, files: Names }
        ja "{out}: {files} を書き出しました"
        en "{out}: wrote {files}";
    ReportUpToDate { out: String }
        ja "{out}: 最新です"
        en "{out}: up to date";
    ReportStale { file: String }
        ja "最新ではありません: {file}"
        en "stale: {file}";
    ReportStaleTotal { files: Count, out: String }
        ja "{files}が最新ではありません。`mdkpi report --out {out}` を実行し、結果をコミットしてください"
        en "{files} stale: run `mdkpi report --out {out}` and commit the result";

    // ---- report --check, diff: the figures that changed (SPEC §19) -------
    ReportChangedFigures { figures: Count, file: String }
        ja "{file} の数値{figures}が変わります:"
        en "{figures} changed in {file}:";
    ReportChangedFigure { key: String, round: String, name: String, old: String, new: String }
        ja "{key} {round}「{name}」: {old} → {new}"
        en "{key} {round} ({name}): {old} → {new}";
    DiffSummary { old: String, new: String, differ: Count, compared: usize }
        ja "{old} → {new}: 比較した{compared}件のうち、数値{differ}が異なります"
        en "{old} → {new}: {differ} differing, of {compared} compared";
    DiffNone {}
        ja "(なし)"
        en "(none)";
    ColumnName {}
        ja "名称"
        en "name";
    ColumnChange {}
        ja "増減"
        en "change";
    ColumnN {}
        ja "n(分母)"
        en "n";

    // ---- station: one station's returns (SPEC §19) ------------------------
    StationTraining { courses: String, courses_corrected: String, participants: String, participants_corrected: String, share: String, total: String }
        ja "研修: {courses}コース(補正後 {courses_corrected})、受入人数 {participants}名(補正後 {participants_corrected}名)、調査回全体の受入人数(補正後 {total}名)に占める割合 {share}"
        en "training: {courses} courses (corrected {courses_corrected}), {participants} participants (corrected {participants_corrected}), {share} of the round's {total} (corrected)";
    StationJoint { count: String, corrected: String, share: String, total: String }
        ja "共同研究: {count}件(補正後 {corrected}件)、調査回全体(補正後 {total}件)に占める割合 {share}"
        en "joint research: {count} (corrected {corrected}), {share} of the round's {total} (corrected)";
    StationAbsent { round: String }
        ja "{round}: この拠点の報告はありません"
        en "{round}: no return from this station";
    ColumnTheme {}
        ja "テーマ"
        en "theme";
    ColumnCourse {}
        ja "研修名"
        en "course";
    ColumnParticipants {}
        ja "受入人数"
        en "participants";
    ColumnItem {}
        ja "項目"
        en "item";
    ColumnCount {}
        ja "件数"
        en "count";
    ColumnShare {}
        ja "割合"
        en "share";

    // ---- preview: the address, one line per render, the error page ------
    PreviewServing { url: String, folder: String }
        ja "{url} で報告書を配信しています。{folder} を監視し、変更のたびに作り直します(Ctrl-C で終了)"
        en "serving the report at {url}; watching {folder}, re-rendered on every change (Ctrl-C to stop)";
    PreviewRendered { version: u64, round: String, ms: u64, warnings: Count, reused: u64, parsed: u64 }
        ja "preview: #{version} {round} を {ms} ms で作成しました(警告 {warnings}、再利用した入力 {reused}件、読み込んだブック {parsed}件)"
        en "preview: #{version} {round} rendered in {ms} ms ({warnings}; inputs reused: {reused}, workbooks parsed: {parsed})";
    PreviewUnchanged { version: u64, ms: u64, reused: u64, parsed: u64 }
        ja "preview: #{version} 変更を確認しました。報告書は同じです({ms} ms、再利用した入力 {reused}件、読み込んだブック {parsed}件)"
        en "preview: #{version} checked in {ms} ms: the report is the same (inputs reused: {reused}, workbooks parsed: {parsed})";
    PreviewFailed { version: u64, errors: Count, ms: u64 }
        ja "preview: #{version} 入力にエラーが{errors}あるため、メッセージのページを表示しています({ms} ms)"
        en "preview: #{version} {errors} in the inputs: showing the messages ({ms} ms)";
    PreviewErrorTitle {}
        ja "入力にエラーがあります"
        en "The inputs have errors";
    PreviewErrorLead {}
        ja "報告書を作成できません。次のメッセージのとおり入力を直してください。保存すると、このページは自動で更新されます"
        en "The report cannot be rendered. Fix the inputs as the messages below say; this page reloads itself when you save";

    // ---- explain and compute --format table: column names and totals ----
    ColumnSource {}
        ja "出典"
        en "source";
    ColumnRecord {}
        ja "レコード"
        en "record";
    ColumnNum {}
        ja "分子"
        en "num";
    ColumnDen {}
        ja "分母"
        en "den";
    ColumnReason {}
        ja "判定の根拠"
        en "reason";
    ColumnKey {}
        ja "指標キー"
        en "key";
    ColumnRound {}
        ja "調査回"
        en "round";
    ColumnValue {}
        ja "値"
        en "value";
    ColumnNumerator {}
        ja "分子"
        en "numerator";
    ColumnDenominator {}
        ja "分母"
        en "denominator";
    ColumnUnit {}
        ja "単位"
        en "unit";
    ComputedFrom {}
        ja "次の数値から計算しています:"
        en "computed from:";
    ExplainRecords { records: usize, num: String }
        ja "{records}件、分子の合計 {num}"
        en "{records} records; num {num}";
    ExplainCorrected { correction: String, total: String }
        ja " × 補正係数 {correction} = {total}"
        en " × correction {correction} = {total}";
    ExplainDen { den: String }
        ja "、分母の合計 {den}"
        en "; den {den}";

    // ---- export and init: what was written -------------------------------
    ExportWrote { out: String, files: Names, rounds: Names, rows: TableRows }
        ja "{out}: 調査回 {rounds} のデータを {files} に書き出しました({rows})"
        en "{out}: wrote {files} (rounds {rounds}; rows: {rows})";
    InitWrote { file: String }
        ja "{file} を書き出しました"
        en "wrote {file}";
    InitNext { round_toml: String, data_arg: String, label: String }
        ja "次の手順: {round_toml} の period_start、period_end、reference_date を確認してください。\n\
            forms/site.xlsx を各拠点に、ほかの調査票をそれぞれの提出元に送ってください。\n\
            返ってきた調査票をそれぞれの場所(sites/<拠点名>.xlsx、companies.xlsx、satisfaction.xlsx、amed.xlsx、followup.xlsx)に置き、\n\
            `mdkpi {data_arg}validate --round {label}` と `mdkpi {data_arg}report --round {label}` を実行してください。"
        en "Next: confirm period_start, period_end and reference_date in {round_toml};\n\
            send forms/site.xlsx to each base station and the other forms to their senders;\n\
            put each return in place (sites/<station>.xlsx, companies.xlsx, satisfaction.xlsx, amed.xlsx, followup.xlsx),\n\
            then run `mdkpi {data_arg}validate --round {label}` and `mdkpi {data_arg}report --round {label}`.";
}

/// The display width of `text` in a terminal's columns: East Asian wide
/// and full-width characters take two (𠮷 too), combining marks none, and
/// the ambiguous ones (①, ○, ×) one, as terminals show them (UAX #11's
/// width where the context is not East Asian, `unicode-width`). The forms'
/// columns count those two: see `init::sheet::width`.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Spaces to `columns` display columns, then `text` (numbers in a table).
pub fn pad_left(text: &str, columns: usize) -> String {
    let mut out: String = std::iter::repeat_n(' ', columns.saturating_sub(width(text))).collect();
    out.push_str(text);
    out
}

/// `text` followed by spaces to `columns` display columns (see [`width`]).
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = text.to_string();
    out.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_in_both_languages() {
        assert_eq!(Count(1, Noun::Station).show(Lang::En), "1 station");
        assert_eq!(Count(21, Noun::Station).show(Lang::En), "21 stations");
        assert_eq!(Count(21, Noun::Station).show(Lang::Ja), "21拠点");
        assert_eq!(Count(3, Noun::Series).show(Lang::En), "3 series");
        let totals = Ui::Totals {
            rounds: Count(4, Noun::Round),
            errors: Count(1, Noun::Error),
            warnings: Count(0, Noun::Warning),
        };
        assert_eq!(totals.text(Lang::En), "4 rounds, 1 error, 0 warnings");
        assert_eq!(totals.text(Lang::Ja), "4回分、エラー 1件、警告 0件");
    }

    #[test]
    fn what_was_written_reads_in_both_languages() {
        let wrote = Ui::ExportWrote {
            out: "out".into(),
            files: Names(vec!["sites.csv".into(), "training.csv".into()]),
            rounds: Names(vec!["R6".into(), "R7".into()]),
            rows: TableRows(vec![("sites".into(), 21), ("training".into(), 40)]),
        };
        assert_eq!(
            wrote.text(Lang::En),
            "out: wrote sites.csv, training.csv (rounds R6, R7; rows: sites 21, training 40)"
        );
        assert_eq!(
            wrote.text(Lang::Ja),
            "out: 調査回 R6、R7 のデータを sites.csv、training.csv に書き出しました(sites 21行、training 40行)"
        );
        let stale = Ui::ReportStaleTotal {
            files: Count(1, Noun::File),
            out: "reports/R7".into(),
        };
        assert_eq!(
            stale.text(Lang::En),
            "1 file stale: run `mdkpi report --out reports/R7` and commit the result"
        );
        assert_eq!(
            stale.text(Lang::Ja),
            "ファイル1件が最新ではありません。`mdkpi report --out reports/R7` を実行し、結果をコミットしてください"
        );
    }

    #[test]
    fn every_dataset_has_a_japanese_name() {
        for d in Dataset::ALL {
            let ja = d.show(Lang::Ja);
            assert!(ja != d.name() && width(&ja) > ja.chars().count(), "{d:?}");
        }
    }

    #[test]
    fn japanese_texts_are_japanese() {
        for (name, ja, en) in Ui::TEMPLATES {
            let params = |t: &str| {
                let mut names: Vec<String> = t
                    .split('{')
                    .skip(1)
                    .filter_map(|s| s.split_once('}').map(|(p, _)| p.to_string()))
                    .collect();
                names.sort();
                names.dedup();
                names
            };
            assert_eq!(params(ja), params(en), "{name}: the same parameters");
            assert!(ja != en || *ja == "{count}", "{name}: not translated");
        }
    }

    #[test]
    fn padding_counts_wide_characters_twice() {
        assert_eq!(width("拠点報告"), 8);
        assert_eq!(width("AMED課題一覧"), 12);
        assert_eq!(pad("考察", 6), "考察  ");
        assert_eq!(pad("sites", 3), "sites");
    }

    #[test]
    fn width_counts_columns_not_characters() {
        // 𠮷 (U+20BB7) is outside the Basic Multilingual Plane: still wide.
        assert_eq!(width("𠮷野家"), 6);
        assert_eq!(pad_left("𠮷", 4), "  𠮷");
        // Combining marks take no column of their own: が written as か and
        // the voiced mark, é as e and the acute accent.
        assert_eq!(width("か\u{3099}"), 2);
        assert_eq!(width("Pe\u{301}rez"), 5);
        // Full-width forms take two columns, half-width ones one.
        assert_eq!(width("ＡＢＣ１２３"), 12);
        assert_eq!(width("ｶﾞｲﾄﾞ"), 5);
        assert_eq!(width("（株）"), 6);
    }
}
