//! The one catalogue of mdkpi's messages (SPEC §16): every error and
//! warning is a variant of [`Msg`] with a stable code, its parameters, its
//! text in Japanese and English, the SPEC rule behind it, what it means and
//! how to fix the input. `mdkpi codes` and `docs/messages.md` are generated
//! from here; no message text is assembled anywhere else.
//!
//! A code never changes meaning once released: a new problem gets a new
//! code, a retired code stays retired. `E` codes are errors, `W` codes
//! warnings. Numbering by area: `x00xx` the data folder and its rounds,
//! `x01xx` cells and columns, `x02xx` files and folders, `x03xx`
//! `round.toml`, `x04xx` the datasets' own rules, `x05xx` commentary,
//! `published.toml`, `reference.toml` and `plan.toml`, `x06xx` checks
//! across files and rounds (a figure reported twice, a copy's name, a
//! dataset dropped, a file sent again, implausible values, `[[accept]]` and
//! `--strict`), `x07xx` `indicators.toml` (indicators declared without
//! Rust, SPEC §20).
//!
//! Texts are templates: `{name}` is a parameter, rendered in the
//! message's language ([`Param`]). Japanese texts follow
//! `docs/messages-style.md`: です・ます調, one term per concept as the
//! report and the schema use it (拠点, 調査回, 受入人数, 回答ID, 課題番号,
//! 採択年度, 重点分野, ステージ, 基準日, 報告期間, 補正, ブック, シート, セル,
//! 見出し行), found values in 「」; the test `japanese_style` checks the
//! mechanical part.

use super::lang::Lang;
pub use super::param::Param;
use super::param::{FormError, IoError, WriteError};
use super::Severity;

/// A list of names: `a, b, c` in English, `a、b、c` in Japanese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List(pub Vec<String>);

impl List {
    pub fn of<S: ToString>(items: impl IntoIterator<Item = S>) -> Self {
        List(items.into_iter().map(|s| s.to_string()).collect())
    }
}

impl Param for List {
    fn show(&self, lang: Lang) -> String {
        match (lang, self.0.is_empty()) {
            (Lang::En, true) => "none".into(),
            (Lang::Ja, true) => "なし".into(),
            (Lang::En, false) => self.0.join(", "),
            (Lang::Ja, false) => self.0.join("、"),
        }
    }
}

/// What a cell (or a setting) holds, as a message quotes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Blank,
    /// Text, trimmed, cut and with invisible characters escaped (not quoted:
    /// `"…"` in English, `「…」` in Japanese, like every found value).
    Text(String),
    /// A number as shown (`12.5`, `1e300`).
    Number(String),
    Bool(bool),
    Date(String),
    /// An Excel error value (`#DIV/0!`).
    ExcelError(String),
    /// A formula without a saved value (cut).
    Formula(String),
    /// A value of another kind in a settings file (`integer 16`, `a table`).
    Other(String),
    /// The type of a TOML value, as `toml::Value::type_str` names it
    /// (`string`, `integer`, …): the name in English, the type in Japanese.
    TomlType(&'static str),
    /// Text or a formula cut short (ending in `…`), and how many characters
    /// the whole has: `"ab… (80 characters)"` / `「ab…」(全80文字)`.
    Cut(Box<Found>, usize),
}

impl Param for Found {
    fn show(&self, lang: Lang) -> String {
        match (self, lang) {
            (Found::Blank, Lang::En) => "a blank cell".into(),
            (Found::Blank, Lang::Ja) => "空欄".into(),
            (Found::Text(t), Lang::En) => format!("\"{t}\""),
            (Found::Text(t), Lang::Ja) => format!("「{t}」"),
            (Found::Number(n), Lang::En) => n.clone(),
            (Found::Number(n), Lang::Ja) => format!("「{n}」"),
            (Found::Bool(b), Lang::En) => if *b { "TRUE" } else { "FALSE" }.into(),
            (Found::Bool(b), Lang::Ja) => format!("「{}」", if *b { "TRUE" } else { "FALSE" }),
            (Found::Date(d), Lang::En) => format!("the date {d}"),
            (Found::Date(d), Lang::Ja) => format!("日付「{d}」"),
            (Found::ExcelError(e), Lang::En) => e.clone(),
            (Found::ExcelError(e), Lang::Ja) => format!("エラー値「{e}」"),
            (Found::Formula(f), Lang::En) => format!("the formula ={f} without a saved value"),
            (Found::Formula(f), Lang::Ja) => format!("計算結果が保存されていない数式「={f}」"),
            (Found::Other(o), Lang::En) => o.clone(),
            (Found::Other(o), Lang::Ja) => format!("「{o}」"),
            (Found::TomlType(t), Lang::En) => t.to_string(),
            (Found::TomlType(t), Lang::Ja) => match *t {
                "string" => "文字列",
                "integer" => "整数",
                "float" => "小数",
                "boolean" => "真偽値",
                "datetime" => "日時",
                "array" => "配列",
                "table" => "表",
                other => return format!("「{other}」"),
            }
            .to_string(),
            (Found::Cut(whole, n), Lang::En) => match &**whole {
                Found::Text(t) => Found::Text(format!("{t} ({n} characters)")).show(lang),
                Found::Formula(f) => Found::Formula(format!("{f} ({n} characters)")).show(lang),
                other => format!("{} ({n} characters)", other.show(lang)),
            },
            (Found::Cut(whole, n), Lang::Ja) => format!("{}(全{n}文字)", whole.show(lang)),
        }
    }
}

/// What a cell should hold, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// Text for the column named.
    Text(String),
    Number,
    YesNo,
    Date,
    FiscalYear,
    /// One of the listed answers.
    OneOf(Vec<String>),
    /// A whole number from `min` to `max` naming a [`Term`].
    Range(Term, i64, i64),
    /// 現在ステージ: a stage 1–4 or 上市.
    StageOrLaunch,
    /// 重点分野: 1–5, なし or 複数.
    PriorityArea,
}

impl Param for Expect {
    fn show(&self, lang: Lang) -> String {
        match (self, lang) {
            (Expect::Text(column), Lang::En) => format!("text for {column}"),
            (Expect::Text(column), Lang::Ja) => column.clone(),
            (Expect::Number, Lang::En) => "a number".into(),
            (Expect::Number, Lang::Ja) => "数値".into(),
            (Expect::YesNo, Lang::En) => {
                "yes or no (はい/いいえ, あり/なし, ○/×, 1/0, yes/no, true/false)".into()
            }
            (Expect::YesNo, Lang::Ja) => {
                "「はい」または「いいえ」(あり/なし、○/×、1/0、yes/no、true/false も可)".into()
            }
            (Expect::Date, Lang::En) => {
                "a date such as 2026-01-01, 2026/1/1 or 令和8年1月1日".into()
            }
            (Expect::Date, Lang::Ja) => "日付(2026-01-01、2026/1/1、令和8年1月1日など)".into(),
            (Expect::FiscalYear, Lang::En) => "a fiscal year such as 2025, R7 or 令和7年度".into(),
            (Expect::FiscalYear, Lang::Ja) => "年度(2025、R7、令和7年度など)".into(),
            (Expect::OneOf(list), Lang::En) => format!("one of {}", list.join(", ")),
            (Expect::OneOf(list), Lang::Ja) => {
                let quoted: Vec<String> = list.iter().map(|c| format!("「{c}」")).collect();
                format!("{}のいずれか", quoted.join(""))
            }
            (Expect::Range(term, min, max), Lang::En) => {
                format!("{} {min}–{max}", term.show(lang))
            }
            (Expect::Range(term, min, max), Lang::Ja) => {
                format!("{}({min}〜{max})", term.show(lang))
            }
            (Expect::StageOrLaunch, Lang::En) => "a stage 1–4 or 上市".into(),
            (Expect::StageOrLaunch, Lang::Ja) => "ステージ(1〜4)または「上市」".into(),
            (Expect::PriorityArea, Lang::En) => "a priority area 1–5, なし or 複数".into(),
            (Expect::PriorityArea, Lang::Ja) => "重点分野(1〜5)、「なし」または「複数」".into(),
        }
    }
}

/// A thing a number names, in a range message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    Theme,
    Stage,
    TrainingCategory,
    KpiNumber,
    PeriodEnd,
    ReferenceDate,
}

impl Param for Term {
    fn show(&self, lang: Lang) -> String {
        match (self, lang) {
            (Term::Theme, Lang::En) => "a theme",
            (Term::Theme, Lang::Ja) => "テーマ",
            (Term::Stage, Lang::En) => "a stage",
            (Term::Stage, Lang::Ja) => "ステージ",
            (Term::TrainingCategory, Lang::En) => "a training category",
            (Term::TrainingCategory, Lang::Ja) => "研修区分",
            (Term::KpiNumber, Lang::En) => "a KPI number",
            (Term::KpiNumber, Lang::Ja) => "KPI番号",
            (Term::PeriodEnd, Lang::En) => "period end",
            (Term::PeriodEnd, Lang::Ja) => "報告期間の末日",
            (Term::ReferenceDate, Lang::En) => "reference date",
            (Term::ReferenceDate, Lang::Ja) => "基準日",
        }
        .into()
    }
}

/// Where in a text file, when known: ` at line 2` / `(2行目)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AtLine(pub Option<usize>);

impl Param for AtLine {
    fn show(&self, lang: Lang) -> String {
        match (self.0, lang) {
            (None, _) => String::new(),
            (Some(n), Lang::En) => format!(" at line {n}"),
            (Some(n), Lang::Ja) => format!("({n}行目)"),
        }
    }
}

/// Names close to a wrong one, when there are any: `Semi` reads
/// `; nearest: a, b`, `Paren` reads ` (nearest: a, b)`; `(近い候補: a、b)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Near {
    Semi(Vec<String>),
    Paren(Vec<String>),
}

impl Param for Near {
    fn show(&self, lang: Lang) -> String {
        let (Near::Semi(list) | Near::Paren(list)) = self;
        if list.is_empty() {
            return String::new();
        }
        match (self, lang) {
            (_, Lang::Ja) => format!("(近い候補: {})", list.join("、")),
            (Near::Semi(_), Lang::En) => format!("; nearest: {}", list.join(", ")),
            (Near::Paren(_), Lang::En) => format!(" (nearest: {})", list.join(", ")),
        }
    }
}

/// A direction: what a sentence says (`it rose`) or what a figure did
/// (`rose`); 増加・減少 in Japanese.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Says(bool),
    Moved(bool),
}

impl Param for Dir {
    fn show(&self, lang: Lang) -> String {
        match (self, lang) {
            (Dir::Says(up) | Dir::Moved(up), Lang::Ja) => {
                if *up {
                    "増加"
                } else {
                    "減少"
                }
            }
            (Dir::Says(true), Lang::En) => "it rose",
            (Dir::Says(false), Lang::En) => "it fell",
            (Dir::Moved(true), Lang::En) => "rose",
            (Dir::Moved(false), Lang::En) => "fell",
        }
        .into()
    }
}

/// The English hint after a TOML reader's message that does not say what
/// was expected (the Japanese template always says it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint(pub bool, pub &'static str);

impl Param for Hint {
    fn show(&self, lang: Lang) -> String {
        match (self.0, lang) {
            (true, Lang::En) => self.1.to_string(),
            _ => String::new(),
        }
    }
}

/// A hidden sheet's mark: ` (hidden)` / `(非表示)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hidden(pub bool);

impl Param for Hidden {
    fn show(&self, lang: Lang) -> String {
        match (self.0, lang) {
            (false, _) => String::new(),
            (true, Lang::En) => " (hidden)".into(),
            (true, Lang::Ja) => "(非表示)".into(),
        }
    }
}

/// What a file is, in a message about it: `file` / `ファイル`,
/// `workbook` / `ブック`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    File,
    Workbook,
}

impl Param for FileKind {
    fn show(&self, lang: Lang) -> String {
        match (self, lang) {
            (FileKind::File, Lang::En) => "file",
            (FileKind::File, Lang::Ja) => "ファイル",
            (FileKind::Workbook, Lang::En) => "workbook",
            (FileKind::Workbook, Lang::Ja) => "ブック",
        }
        .into()
    }
}

/// What a path given where a file belongs is instead (SPEC §11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialFile {
    Fifo,
    Socket,
    Device,
    Folder,
    Other,
}

impl Param for SpecialFile {
    fn show(&self, lang: Lang) -> String {
        match (self, lang) {
            (SpecialFile::Fifo, Lang::En) => "a named pipe (FIFO)",
            (SpecialFile::Fifo, Lang::Ja) => "名前付きパイプ(FIFO)",
            (SpecialFile::Socket, Lang::En) => "a socket",
            (SpecialFile::Socket, Lang::Ja) => "ソケット",
            (SpecialFile::Device, Lang::En) => "a device",
            (SpecialFile::Device, Lang::Ja) => "デバイス",
            (SpecialFile::Folder, Lang::En) => "a folder",
            (SpecialFile::Folder, Lang::Ja) => "フォルダー",
            (SpecialFile::Other, Lang::En) => "a special file",
            (SpecialFile::Other, Lang::Ja) => "特殊なファイル",
        }
        .into()
    }
}

/// Names joined by `and`: `a and b` / `a と b` (the names are file names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AndList(pub Vec<String>);

impl Param for AndList {
    fn show(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.0.join(" and "),
            Lang::Ja => self.0.join(" と "),
        }
    }
}

/// A message inside another (a settings key's value problem).
impl Param for Box<Msg> {
    fn show(&self, lang: Lang) -> String {
        self.text(lang)
    }
}

/// What the catalogue holds for one code.
#[derive(Debug)]
pub struct Info {
    pub code: &'static str,
    pub severity: Severity,
    /// The parameters' names, in order.
    pub params: &'static [&'static str],
    /// The SPEC sections the rule is in.
    pub rule: &'static str,
    /// The text templates, `[ja, en]`.
    pub text: [&'static str; 2],
    /// What it means, `[ja, en]`.
    pub meaning: [&'static str; 2],
    /// How to fix the input, `[ja, en]`.
    pub fix: [&'static str; 2],
}

impl Info {
    fn pick(pair: &[&'static str; 2], lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => pair[0],
            Lang::En => pair[1],
        }
    }

    pub fn text(&self, lang: Lang) -> &'static str {
        Self::pick(&self.text, lang)
    }

    pub fn meaning(&self, lang: Lang) -> &'static str {
        Self::pick(&self.meaning, lang)
    }

    pub fn fix(&self, lang: Lang) -> &'static str {
        Self::pick(&self.fix, lang)
    }
}

/// A field's value as a parameter: itself, or (`field: Type as Show`)
/// wrapped in the [`Param`] that shows it, such as a detail in English
/// from elsewhere that Japanese messages render in Japanese
/// ([`super::detail`]).
macro_rules! shown {
    ($field:ident, $lang:ident) => {
        Param::show($field, $lang)
    };
    ($field:ident, $lang:ident, $show:ident) => {
        Param::show(&super::detail::$show($field), $lang)
    };
}

macro_rules! catalogue {
    ($(
        $code:ident $variant:ident { $($field:ident : $ty:ty $(as $show:ident)?),* $(,)? } $rule:literal
            ja $ja:literal
            en $en:literal
            means $mja:literal $men:literal
            fix $fja:literal $fen:literal ;
    )*) => {
        /// Every message mdkpi prints about its input, with its parameters.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Msg {
            $( $variant { $($field: $ty),* }, )*
        }

        /// The stable codes, in catalogue order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Code {
            $( $code, )*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            pub fn info(self) -> &'static Info {
                match self {
                    $(Code::$code => {
                        const INFO: Info = Info {
                        code: stringify!($code),
                        severity: if stringify!($code).as_bytes()[0] == b'W' {
                            Severity::Warning
                        } else {
                            Severity::Error
                        },
                        params: &[$(stringify!($field)),*],
                        rule: $rule,
                        text: [$ja, $en],
                        meaning: [$mja, $men],
                        fix: [$fja, $fen],
                    };
                        &INFO
                    })*
                }
            }
        }

        impl Msg {
            pub fn code(&self) -> Code {
                match self {
                    $(Msg::$variant { .. } => Code::$code,)*
                }
            }

            /// The message's text in `lang` (without location or code).
            pub fn text(&self, lang: Lang) -> String {
                match self {
                    $(Msg::$variant { $($field),* } => {
                        $(let $field = shown!($field, lang $(, $show)?);)*
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

impl Code {
    pub fn as_str(self) -> &'static str {
        self.info().code
    }

    pub fn parse(text: &str) -> Option<Code> {
        let wanted = text.trim().to_ascii_uppercase();
        Code::ALL.iter().copied().find(|c| c.as_str() == wanted)
    }
}

impl Msg {
    pub fn severity(&self) -> Severity {
        self.code().info().severity
    }
}

/// `CODE: text` in the run's language ([`super::lang::current`]).
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lang = super::lang::current();
        write!(f, "{}: {}", self.code().as_str(), self.text(lang))
    }
}

/// The note after the last error listed for one sheet.
pub fn capped_note(cap: usize, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("(ここではエラーを最初の{cap}件だけ表示しています。修正して再実行すると残りが表示されます)"),
        Lang::En => format!(" (the first {cap} errors here are listed; fix them and run again for the rest)"),
    }
}

catalogue! {
    // ---- x00xx: the data folder and its rounds -------------------------
    E0001 DataFolderMissing { folder: String } "§8"
        ja "データフォルダー「{folder}」が見つかりません。調査回ごとのフォルダー(data/R7/round.toml など)を含むフォルダーを --data DIR で指定してください"
        en "data folder \"{folder}\" not found: expected a folder with one sub-folder per round (data/R7/round.toml, …); use --data DIR"
        means "データフォルダーがありません。mdkpi は、--data の指定がなければ作業フォルダーの data/ を読みます。"
              "The data folder does not exist. mdkpi reads data/ under the working folder unless --data says otherwise."
        fix "data/ のあるフォルダーで実行するか、--data でデータフォルダーを指定してください。"
            "Run mdkpi where data/ is, or name the data folder with --data.";
    E0002 NoRounds { folder: String } "§3, §8"
        ja "「{folder}」に調査回のフォルダーがありません。round.toml を置いた {folder}/R7 のようなフォルダーが必要です"
        en "no rounds in \"{folder}\": expected sub-folders such as {folder}/R7 with a round.toml"
        means "データフォルダーに、round.toml のある調査回のフォルダーが一つもありません。"
              "The data folder holds no round folder with a round.toml."
        fix "調査回ごとにフォルダー(R7 など)を作り、round.toml を置いてください。次の調査回の round.toml は mdkpi init で作成できます。"
            "Make one folder per round (R7, …) holding a round.toml; mdkpi init writes one for the next round.";
    E0003 RoundNotFound { wanted: String, year: i32, era: String, folder: String, found: List } "§8"
        ja "--round「{wanted}」: 「{folder}」に{year}年度({era})の調査回がありません。見つかった調査回: {found}"
        en "--round \"{wanted}\": no round for fiscal year {year} ({era}) in \"{folder}\"; rounds found: {found}"
        means "--round で指定した年度の調査回がデータフォルダーにありません(使い方の誤り、終了コード 2)。"
              "The fiscal year --round names has no round in the data folder (a usage error, exit 2)."
        fix "見つかった調査回のいずれかを指定するか、その調査回のフォルダーと round.toml を用意してください。"
            "Name one of the rounds found, or add the round's folder with its round.toml.";
    E0004 RoundNotUnderstood { wanted: String, found: List } "§8"
        ja "--round「{wanted}」は調査回としても年度としても読めません。調査回(R7 など)か年度(2025、令和7年度など)を指定してください。見つかった調査回: {found}"
        en "--round \"{wanted}\": expected a round label such as R7 or a fiscal year such as 2025 or 令和7年度; rounds found: {found}"
        means "--round の値が調査回としても年度としても読めません(使い方の誤り、終了コード 2)。"
              "The value of --round is neither a round label nor a fiscal year (a usage error, exit 2)."
        fix "R7、2025、令和7年度のように指定してください。"
            "Write it as R7, 2025 or 令和7年度.";
    E0005 DuplicateFiscalYear { year: i32, other: String } "§3"
        ja "{year}年度は {other} の年度でもあります。一つの年度に置ける調査回は一つだけです"
        en "fiscal year {year} is also the fiscal year of {other}: expected one round per fiscal year"
        means "二つの調査回のフォルダーが同じ年度になっています。"
              "Two round folders claim the same fiscal year."
        fix "どちらかの round.toml の fiscal_year を直すか、古いコピーのフォルダーを data/ の外へ移してください。"
            "Correct fiscal_year in one round.toml, or move the stale copy out of data/.";
    E0006 InternalDerive { detail: String } "§9"
        ja "KPI 用の列を導出する際に内部エラーが発生しました: {detail}"
        en "internal error while deriving the KPI columns: {detail}"
        means "入力は正しく読めましたが、KPI 用の列の導出に失敗しました。mdkpi の不具合です。"
              "The inputs were read, but deriving the KPI columns failed: a bug in mdkpi."
        fix "入力ファイルを添えて開発者に報告してください。"
            "Report it to the developers with the input.";

    E0007 InternalFrame { detail: String } "§9"
        ja "表を組み立てる際に内部エラーが発生しました: {detail}"
        en "internal error: {detail}"
        means "入力は正しく読めましたが、データの表の組み立てに失敗しました。mdkpi の不具合です。"
              "The input was read, but building its table failed: a bug in mdkpi."
        fix "入力ファイルを添えて開発者に報告してください。"
            "Report it to the developers with the input.";

    E0008 NoRoundTo { command: &'static str } "§8"
        ja "{command} の対象となる調査回がありません"
        en "no round to {command}"
        means "データフォルダーに読み込める調査回がありません。"
              "The data folder holds no round that could be read."
        fix "調査回のフォルダーと round.toml を用意してください。"
            "Add a round folder with its round.toml.";
    E0009 Internal { detail: String } "§8"
        ja "内部エラーが起きました。mdkpi の不具合です(開発者への報告用の詳細、英語: {detail})"
        en "{detail}"
        means "入力は読めましたが、計算や報告書の組み立てに失敗しました。mdkpi の不具合です(詳細は開発者向けの英語の説明)。"
              "The inputs were read, but computing or assembling the output failed: a bug in mdkpi (the detail is in English)."
        fix "入力を添えて開発者に報告してください。"
            "Report it to the developers with the input.";
    E0010 WriteFailed { detail: WriteError } "§13, §14"
        ja "{detail}"
        en "{detail}"
        means "出力フォルダーやファイルを書き出せませんでした(場所と、システムが示す理由を表示します)。"
              "The output folder or a file could not be written (the detail is the system's)."
        fix "出力先の場所・権限・空き容量を確認してください。"
            "Check the output's place, permissions and free space.";
    E0011 NoChromium {  } "§14"
        ja "--pdf にはヘッドレス Chromium(PATH 上の chromium、chromium-browser または google-chrome)が必要です。インストールする(Debian: apt-get install chromium fonts-noto-cjk)か、--pdf を付けずに実行してください"
        en "--pdf needs a headless Chromium (chromium, chromium-browser or google-chrome on PATH); install it (Debian: apt-get install chromium fonts-noto-cjk) or run without --pdf"
        means "PDF は Chromium で印刷して作成します。"
              "The PDF is printed by Chromium."
        fix "Chromium をインストールするか、--pdf を付けずに実行してください。"
            "Install Chromium, or run without --pdf.";
    E0012 UnknownIndicatorKey { key: String, near: Near } "§8"
        ja "指標キー「{key}」はありません{near}"
        en "unknown indicator key \"{key}\"{near}"
        means "explain に指定した指標キーが指標表にありません(使い方の誤り、終了コード 2)。"
              "The indicator key given to explain is not in the indicator table (a usage error, exit 2)."
        fix "mdkpi compute で表示されるキーを指定してください。"
            "Give a key listed by mdkpi compute.";
    E0013 RoundOption { problem: Box<Msg> } "§8"
        ja "--round: {problem}"
        en "--round: {problem}"
        means "--round の値が読めません。理由は続く説明のとおりです。"
              "The value of --round does not read; the text after it says why."
        fix "R7、2025、令和7年度のように指定してください。"
            "Write it as R7, 2025 or 令和7年度.";
    E0014 NoFigureAnywhere { key: String } "§8"
        ja "指標「{key}」の数値は、読み込んだどの調査回にもありません"
        en "{key} has no figure in any round loaded"
        means "指標は定義されていますが、どの調査回のデータからも数値が得られていません。"
              "The indicator exists, but no round's data gives it a figure."
        fix "その指標の元データ(シート・ファイル)を確認してください。"
            "Check the data (sheet or file) of the indicator.";
    E0015 NoFigureForRound { key: String, round: String, has: List } "§8"
        ja "指標「{key}」の {round} の数値はありません。数値があるのは {has} です"
        en "{key} has no figure for {round}: it has figures for {has}"
        means "指定した調査回にはその指標の数値がありません。"
              "The round named has no figure for the indicator."
        fix "数値のある調査回を --round で指定してください。"
            "Name a round that has the figure with --round.";
    E0016 NoFigureInAnyRound { key: String, round: String } "§8"
        ja "指標「{key}」の {round} の数値はありません。読み込んだどの調査回にも数値がありません"
        en "{key} has no figure for {round}: it has no figure in any round loaded"
        means "指標の数値がどの調査回にもありません。"
              "The indicator has no figure in any round."
        fix "その指標の元データを確認してください。"
            "Check the indicator's data.";
    E0017 ExplainInternal { key: String, detail: String } "§8"
        ja "指標「{key}」の内訳を組み立てる際に内部エラーが発生しました: {detail}"
        en "internal error while explaining {key}: {detail}"
        means "指標の内訳の組み立てに失敗しました。mdkpi の不具合です。"
              "Assembling the indicator's breakdown failed: a bug in mdkpi."
        fix "入力ファイルを添えて開発者に報告してください。"
            "Report it to the developers with the input.";
    E0018 InitRoundNotUnderstood { wanted: String } "§14"
        ja "--round「{wanted}」は調査回としても年度としても読めません。調査回(R8 など)か年度(2026、令和8年度など)を指定してください"
        en "--round \"{wanted}\": expected a round label such as R8 or a fiscal year such as 2026 or 令和8年度"
        means "init の --round の値が調査回としても年度としても読めません(使い方の誤り、終了コード 2)。"
              "init's --round is neither a round label nor a fiscal year (a usage error, exit 2)."
        fix "R8、2026、令和8年度のように指定してください。"
            "Write it as R8, 2026 or 令和8年度.";
    E0019 InitOutExists { out: String } "§14"
        ja "{out} はすでに存在します。init は調査回のフォルダーを上書きしません。削除するか、--out で別の場所を指定してください"
        en "{out}: already exists: init never overwrites a round folder; remove it or choose another --out"
        means "init は既存のフォルダーを上書きしません。"
              "init never overwrites an existing folder."
        fix "既存のフォルダーを移動するか、--out で別の場所を指定してください。"
            "Move the existing folder away, or give another --out.";
    E0020 InitFormFailed { out: String, form: String, detail: FormError } "§14"
        ja "{out}: 調査票 {form} を作成できません({detail})"
        en "{out}: cannot write the form {form}: {detail}"
        means "収集用の調査票(ブック)を作成できませんでした。"
              "A collection form could not be written."
        fix "出力先の権限と空き容量を確認してください。"
            "Check the output's permissions and free space.";

    E0021 ExportTables { detail: String } "§13"
        ja "書き出す表を組み立てる際に内部エラーが発生しました: {detail}"
        en "cannot build the export tables: {detail}"
        means "書き出す表の組み立てに失敗しました。mdkpi の不具合です。"
              "Building the tables to export failed: a bug in mdkpi."
        fix "入力ファイルを添えて開発者に報告してください。"
            "Report it to the developers with the input.";

    E0022 UnknownCode { code: String } "§16"
        ja "コード「{code}」はありません。一覧は mdkpi codes で表示できます"
        en "unknown code \"{code}\": mdkpi codes lists them"
        means "mdkpi codes に指定したコードがメッセージの一覧にありません(使い方の誤り、終了コード 2)。"
              "The code given to mdkpi codes is not in the catalogue (a usage error, exit 2)."
        fix "E0107 のように、メッセージに表示されたコードを指定してください。"
            "Give a code as a message shows it, such as E0107.";

    E0023 DataNotAFolder { folder: String } "§8"
        ja "--data「{folder}」はファイルです。フォルダーではありません。調査回ごとのフォルダー(data/R7/round.toml など)を含むフォルダーを --data DIR で指定してください"
        en "--data \"{folder}\" is a file, not a folder: expected a folder with one sub-folder per round (data/R7/round.toml, …); use --data DIR"
        means "--data に指定した場所はファイルです。データフォルダーは、調査回ごとのフォルダーを含むフォルダーです。"
              "What --data names is a file; the data folder is the folder holding one sub-folder per round."
        fix "ファイルではなく、その親のデータフォルダー(data など)を --data で指定してください。"
            "Name the data folder holding the rounds (data, …) with --data, not a file in it.";
    E0024 DataFolderUnreadable { folder: String, detail: IoError } "§8, §11"
        ja "データフォルダー「{folder}」を読めません({detail})"
        en "data folder \"{folder}\" cannot be read: {detail}"
        means "--data に指定したデータフォルダーがあるかどうかを確かめられませんでした。名前が長すぎる場合や、途中のフォルダーにアクセス権がない場合などです。理由はシステムの説明のとおりです。"
              "Whether the data folder named by --data exists could not even be checked (a name too long, no permission, …: the reason is the system's)."
        fix "--data の指定(長さ・綴り)と、途中のフォルダーのアクセス権を確認してください。"
            "Check the --data path (its length and spelling) and the permissions of the folders on the way.";
    E0025 OutOverlapsData { command: &'static str, out: String, folder: String } "§8, §11"
        ja "--out「{out}」はデータフォルダー「{folder}」と重なっています(データフォルダーそのもの、その調査回のフォルダーの中、またはデータフォルダーを含むフォルダーです)。mdkpi {command} が書き出すものが入力として読まれたり、データフォルダーが置き換えられたりするため、書き出しません。データフォルダーの外を --out で指定してください"
        en "--out \"{out}\" overlaps the data folder \"{folder}\" (it is the data folder, lies in one of its round folders, or holds it): what mdkpi {command} writes there would be read as input, or the data folder replaced; nothing written: choose an --out outside the data folder"
        means "出力フォルダーは、データフォルダーそのもの、その調査回のフォルダーの中、データフォルダーを含むフォルダーのいずれでもいけません。次の validate が書き出したファイルを入力として読んでしまうか、データフォルダーがコピーで置き換えられます。何も書き出していません(使い方の誤り、終了コード 2)。"
              "The output folder may not be the data folder, lie in one of its round folders, or hold it: the next validate would read what was written as input, or the data folder would be replaced by a copy. Nothing was written (a usage error, exit 2)."
        fix "データフォルダーの外のフォルダー(reports/R7、export など)を --out で指定してください。"
            "Give an --out outside the data folder (reports/R7, export, …).";
    E0026 InitOutInsideRound { out: String, folder: String, label: String } "§8, §14"
        ja "--out「{out}」はデータフォルダー「{folder}」の調査回のフォルダーの中です。そこに作る調査回のフォルダーはその調査回の一部として読まれてしまうため、書き出しません。データフォルダーの直下({folder}/{label})か、データフォルダーの外を指定してください"
        en "--out \"{out}\" lies in a round folder of the data folder \"{folder}\": a round folder there would be read as part of that round; nothing written: init writes a round folder directly in the data folder ({folder}/{label}) or outside it"
        means "init が作る調査回のフォルダーは、データフォルダーの直下なら調査回として読まれますが、別の調査回のフォルダーの中ではその調査回の一部として読まれてしまいます。何も書き出していません(使い方の誤り、終了コード 2)。"
              "A round folder init writes is read as a round directly in the data folder; inside another round's folder, it would be read as part of that round. Nothing was written (a usage error, exit 2)."
        fix "--out を省略する(データフォルダーの直下に作ります)か、データフォルダーの外を指定してください。"
            "Leave out --out (the round goes directly in the data folder) or give a folder outside the data folder.";
    E0060 ChartFileFailed { chart: String, detail: String } "§19"
        ja "グラフ「{chart}」を PNG に描画できませんでした。mdkpi の不具合です。何も書き出していません(開発者への報告用の詳細、英語: {detail})"
        en "chart {chart}: cannot render it as PNG: {detail}; nothing written"
        means "report --charts は各グラフを SVG と PNG のファイルにします。mdkpi が作った SVG を PNG に描画できませんでした。入力の誤りではなく mdkpi の不具合です。"
              "report --charts writes each chart as SVG and PNG files; an SVG mdkpi made could not be rendered as PNG. Not an input error: a bug in mdkpi."
        fix "入力を添えて開発者に報告してください。--charts を付けなければ報告書は書き出せます。"
            "Report it to the developers with the input; without --charts the report is written.";
    E0061 PptxFailed { detail: String } "§21"
        ja "report.pptx を組み立てられませんでした。mdkpi の不具合です。何も書き出していません(開発者への報告用の詳細、英語: {detail})"
        en "cannot assemble report.pptx: {detail}; nothing written"
        means "report --pptx は報告書と同じスライドを PowerPoint ファイルにします。その組み立て(グラフの埋め込みデータ、圧縮)に失敗しました。入力の誤りではなく mdkpi の不具合です。"
              "report --pptx writes the report's slides as a PowerPoint file; assembling it (a chart's embedded data, the package) failed. Not an input error: a bug in mdkpi."
        fix "入力を添えて開発者に報告してください。--pptx を付けなければ報告書は書き出せます。"
            "Report it to the developers with the input; without --pptx the report is written.";

    E0040 SavedNotJson { file: String } "§19"
        ja "保存した指標表「{file}」は JSON として読めません。mdkpi compute --format json または mdkpi report が書き出した indicators.json を指定してください"
        en "saved indicator table \"{file}\" is not JSON: expected an indicators.json written by mdkpi compute --format json or mdkpi report"
        means "diff の引数のうち既存のファイルは、以前の実行で保存した指標表(indicators.json)として読みます。このファイルは JSON の書式になっていません(示した行・列で読めなくなっています)。"
              "An argument of diff that is an existing file is read as a saved indicator table (indicators.json); this file is not JSON (it stops reading at the line and column shown)."
        fix "mdkpi report が出力フォルダーに書き出した indicators.json か、mdkpi compute --format json の出力を保存したファイルを指定してください。"
            "Give the indicators.json mdkpi report wrote into its output folder, or a file saved from mdkpi compute --format json.";
    E0041 SavedWrongShape { file: String, detail: String } "§6, §19"
        ja "保存した指標表「{file}」は JSON ですが、指標表の形(`{{\"round\", \"indicators\": [{{key, round, value, numerator, denominator, unit}}, …]}}`)ではありません(英語の詳細: {detail})"
        en "saved indicator table \"{file}\" is JSON but not an indicator table: {detail}; expected {{\"round\", \"indicators\": [{{key, round, value, numerator, denominator, unit}}, …]}}"
        means "ファイルは JSON として読めましたが、mdkpi の指標表(compute --format json が書き出す形)ではありません。欄の不足や型の違いの箇所を行・列で示します。"
              "The file reads as JSON but is not mdkpi's indicator table (the form of compute --format json, SPEC §6); the line and column show the missing field or the wrong type."
        fix "mdkpi report または mdkpi compute --format json が書き出したままのファイルを指定してください。"
            "Give the file as mdkpi report or mdkpi compute --format json wrote it.";
    E0042 DiffArgument { arg: String, found: List } "§19"
        ja "「{arg}」はファイルでも、データフォルダーにある調査回でもありません。保存した indicators.json のパスか、調査回(R6、令和6年度など)を指定してください。見つかった調査回: {found}"
        en "\"{arg}\" is neither a file nor a round of the data folder: expected the path of a saved indicators.json or a round (R6, 令和6年度); rounds found: {found}"
        means "diff の引数は、既存のファイル(保存した指標表)か、データフォルダーにある調査回のどちらかです(使い方の誤り、終了コード 2)。"
              "An argument of diff is an existing file (a saved indicator table) or a round of the data folder (a usage error, exit 2)."
        fix "ファイルのパスの綴りを確認するか、見つかった調査回のいずれかを指定してください。"
            "Check the spelling of the file's path, or name one of the rounds found.";
    E0043 DiffOneRound { round: String } "§19"
        ja "比較する調査回がありません。データフォルダーには調査回が一つ({round})だけです。保存した indicators.json を引数に指定してください"
        en "nothing to compare: the data folder holds one round ({round}); give a saved indicators.json as an argument"
        means "引数のない diff は、前回の調査回と最新の調査回を比べます。調査回が一つしかないため比べられません(使い方の誤り、終了コード 2)。"
              "diff without arguments compares the previous round with the latest one; with one round there is nothing to compare (a usage error, exit 2)."
        fix "以前の実行で保存した indicators.json を指定してください(mdkpi diff reports/R7/indicators.json)。"
            "Give an indicators.json saved from an earlier run (mdkpi diff reports/R7/indicators.json).";
    E0044 StationNotFound { name: String, stations: List } "§19"
        ja "拠点「{name}」は見つかりません。ファイル名(拡張子なし)か拠点名の一部を指定してください。拠点: {stations}"
        en "no station matches \"{name}\": expected a file name without its extension or a part of a 拠点名; stations: {stations}"
        means "station の NAME は、拠点のファイル名(拡張子なし)と完全に一致するか、拠点名の一部に含まれる必要があります。NFKC で正規化して比べます(使い方の誤り、終了コード 2)。"
              "station's NAME must equal a station's file name (without its extension) or be part of its 拠点名 (both NFKC-normalised; a usage error, exit 2)."
        fix "一覧にある拠点のファイル名か拠点名の一部を指定してください。"
            "Give a file name or a part of a 拠点名 from the list.";
    E0045 StationAmbiguous { name: String, candidates: List } "§19"
        ja "「{name}」に当てはまる拠点が複数あります。ファイル名(拡張子なし)か、拠点名のより長い部分を指定してください。候補: {candidates}"
        en "\"{name}\" matches several stations: {candidates}; give a file name without its extension or a longer part of the 拠点名"
        means "station の NAME が複数の拠点の拠点名に含まれています(使い方の誤り、終了コード 2)。"
              "station's NAME is part of several stations' 拠点名 (a usage error, exit 2)."
        fix "候補のうち一つのファイル名を指定してください。"
            "Give the file name of one of the candidates.";
    E0050 PreviewPortInUse { port: u16 } "§19"
        ja "このコンピューター(127.0.0.1)のポート {port} はすでに使われています(別の mdkpi preview などが使っています)。--port で別の番号(8766など)を指定するか、--port 0で空いているポートを使ってください"
        en "port {port} on 127.0.0.1 is already in use (by another mdkpi preview or another program): choose another with --port (8766, …), or --port 0 for any free port"
        means "preview は報告書をこのコンピューター(127.0.0.1)の指定のポートで配信しますが、そのポートはほかのプログラムが使っています。何も配信していません。"
              "preview serves the report on 127.0.0.1 at the port given, and another program holds that port. Nothing is served."
        fix "--port で別の番号を指定するか、--port 0で空いているポートを使ってください。"
            "Give another number with --port, or --port 0 for any free port.";
    E0051 PreviewCannotListen { port: u16, detail: IoError } "§19"
        ja "このコンピューター(127.0.0.1)のポート {port} で待ち受けられません({detail})。--port で1024以上の別の番号を指定してください"
        en "cannot listen on port {port} of 127.0.0.1: {detail}; choose another with --port (1024 or above)"
        means "preview が報告書を配信するためのポートを開けませんでした。1024未満のポートには管理者の権限が必要です。理由はシステムの説明のとおりです。"
              "preview could not open the port to serve the report on (ports below 1024 need administrator rights; the reason is the system's)."
        fix "--port で1024以上の番号を指定するか、--port 0で空いているポートを使ってください。"
            "Give a number of 1024 or above with --port, or --port 0 for any free port.";

    W0001 InitFolderNotLabel { label: String } "§3, §14"
        ja "フォルダー名が {label} ではありません。validate では、調査回のフォルダー名を round.toml の `label` と同じにする必要があります"
        en "the folder is not named {label}; validate expects a round folder named after its label"
        means "init は --out のフォルダーに調査回を書き出しましたが、フォルダー名が調査回の名前(`label`)と違います。このままでは validate が `label` とフォルダー名の食い違い(E0305)をエラーにします。"
              "init wrote the round into the --out folder, but the folder's name is not the round's label; as it is, validate reports the mismatch of label and folder (E0305) as an error."
        fix "フォルダー名を `label` と同じ名前に変えてから validate を実行してください。"
            "Rename the folder after the label before running validate.";
    W0040 SavedWithoutRound { file: String, round: String, has: List } "§19"
        ja "保存した指標表「{file}」には {round} の数値がありません。すべての数値を片方にしかない数値として示します。数値がある調査回: {has}"
        en "saved indicator table \"{file}\" holds no figure of {round}: every figure is listed as on one side only; it holds figures of {has}"
        means "保存した実行結果と調査回を比べるときは、その調査回の数値どうしを比べます。保存した指標表には、その調査回の数値が一つもありません。"
              "A saved run and a round compare that round's figures; the saved run holds none of that round."
        fix "保存した指標表にある調査回を指定するか、保存した指標表だけを指定してください(そこにあるすべての調査回を比べます)。"
            "Name a round the saved run holds, or give the saved run alone (every round it holds is compared).";

    // ---- x01xx: cells and columns -----------------------------------
    E0101 EmptySheet { columns: List } "§4, §9"
        ja "シートが空です。見出し行({columns})とデータを入力してください"
        en "empty sheet: expected a header row with {columns}"
        means "シートに何も入力されていません。"
              "The sheet holds nothing."
        fix "1行目に見出し行を、2行目以降にデータを入力してください(mdkpi init の調査票を使えます)。"
            "Put the header row first and the data below it (the forms of mdkpi init have it).";
    E0102 ExcelErrorValue { value: String } "§9"
        ja "セルが Excel のエラー値「{value}」になっています。正しい値を入力してください"
        en "found the Excel error value {value}: expected a value"
        means "セルが「#DIV/0!」や「#N/A」などの Excel のエラー値になっています。"
              "A cell holds an Excel error value such as #DIV/0! or #N/A."
        fix "数式を直すか、値を直接入力してください。"
            "Correct the formula or enter the value itself.";
    E0103 DuplicateColumn { column: String, first: String } "§4, §9"
        ja "列「{column}」が二つあります(もう一つは {first})"
        en "column \"{column}\" appears twice (also at {first})"
        means "見出し行に同じ列名が二つあります。どちらの列を読むべきか決められません。"
              "The header row names the same column twice; which one holds the data is unknown."
        fix "不要なほうの列を削除してください。"
            "Delete the column that is not meant.";
    E0104 NoHeader { row: u32, columns: List } "§4, §9"
        ja "{row}行目に必要な列({columns})の見出しが一つもありません。見出し行は最初の空でない行にする必要があります。その上にあるタイトルなどの行を削除してください"
        en "row {row} has none of the expected columns ({columns}): the header must be the first non-empty row; remove any title rows above it"
        means "最初の空でない行を見出し行として読めません。多くの場合、見出し行の上にタイトル行があります。"
              "The first non-empty row is not a header row; most often a title row sits above it."
        fix "見出し行より上の行を削除してください。"
            "Delete the rows above the header.";
    E0105 MissingColumn { column: String, row: u32 } "§4, §9"
        ja "見出し行({row}行目)に必須の列「{column}」がありません"
        en "missing required column \"{column}\" in the header row {row}"
        means "必須の列が見出し行にありません。"
              "A required column is not in the header row."
        fix "列を追加するか、見出しを調査票どおりに直してください(空白の有無と全角・半角の違いは問いません)。"
            "Add the column, or spell its header as in the form (spaces and character widths do not matter).";
    E0106 FormulaWithoutValue { formula: String } "§11"
        ja "数式「={formula}」の計算結果が保存されていません(計算を行わないプログラムで作成されたか、手動計算のまま保存されています)。Excel で開いて再計算し、保存してください"
        en "the formula ={formula} has no saved value (the workbook was written by a program that does not calculate, or saved with calculation off): open it in Excel, let it calculate and save it"
        means "数式の計算結果がブックに保存されていないため、値が分かりません。"
              "The workbook does not hold the formula's result, so the value is unknown."
        fix "Excel で開いて再計算し、保存してください。"
            "Open it in Excel, let it calculate, and save it.";
    E0107 NotANumber { found: Found } "§9"
        ja "数値が必要ですが{found}が入力されています"
        en "expected a number, found {found}"
        means "数値の列に、数値として読めない値があります。"
              "A number column holds something that does not read as a number."
        fix "数値だけを入力してください(桁区切りの「,」と全角数字は使えます)。「約」や単位などの文字は入れないでください。"
            "Enter the number alone (thousands separators and full-width digits are fine), without words such as 約 or units.";
    E0108 BlankCell { expected: Expect } "§4, §9"
        ja "空欄です。{expected}を入力してください"
        en "expected {expected}, found a blank cell"
        means "空欄にできないセルが空欄です。"
              "A cell that must be filled is blank."
        fix "値を入力してください。"
            "Fill it in.";
    E0109 BlankMergedCell { expected: Expect, first: String, last: String } "§11"
        ja "空欄です。{expected}を入力してください。このセルは結合セル {first}:{last} の一部で、値は {first} にしかありません。セルの結合を解除し、すべての行に入力してください"
        en "expected {expected}, found a blank cell: it is part of the merged cells {first}:{last}, whose value is only in {first}; unmerge them and fill every row"
        means "結合セルの値は左上のセルにしかなく、ほかの行は空欄として読まれます。"
              "A merged block holds its value in its first cell only; its other rows read as blank."
        fix "セルの結合を解除し、各行に値を入力してください。"
            "Unmerge the cells and fill in every row.";
    E0110 NumberTooLarge { found: String } "§11"
        ja "1,000兆未満の数値が必要ですが「{found}」が入力されています"
        en "expected a number below 10^15, found {found}"
        means "調査票の値としてありえない大きさの数値です。"
              "The number is far too large for any survey value."
        fix "正しい値を入力してください。"
            "Enter the right value.";
    E0111 NegativeNumber { found: String } "§9"
        ja "0以上の数値が必要ですが「{found}」が入力されています"
        en "expected a number of 0 or more, found {found}"
        means "金額など負にならない値が負の数になっています。"
              "A value that cannot be negative (an amount) is negative."
        fix "正しい値を入力してください。"
            "Enter the right value.";
    E0112 NegativeCount { found: String } "§9"
        ja "0以上の人数・件数が必要ですが「{found}」が入力されています"
        en "expected a count of 0 or more, found {found}"
        means "人数・件数が負の数になっています。"
              "A count of people or cases is negative."
        fix "正しい人数・件数を入力してください。"
            "Enter the right count.";
    E0113 NotWhole { found: String } "§9"
        ja "整数が必要ですが「{found}」が入力されています"
        en "expected a whole number, found {found}"
        means "人数・件数に小数が入力されています。"
              "A count has a fraction."
        fix "整数を入力してください。"
            "Enter a whole number.";
    E0114 NotYesNo { found: Found } "§4, §9"
        ja "「はい」または「いいえ」(あり/なし、○/×、1/0、yes/no、true/false も可)が必要ですが{found}が入力されています"
        en "expected yes or no (はい/いいえ, あり/なし, ○/×, 1/0, yes/no, true/false), found {found}"
        means "はい/いいえで答える列に、どちらとも読めない値があります。"
              "A yes/no column holds an answer that is neither."
        fix "「はい」か「いいえ」を入力してください(あり/なし、○/×、1/0 も使えます)。"
            "Answer はい or いいえ (or あり/なし, ○/×, 1/0).";
    E0115 NotAChoice { expected: Expect, found: Found } "§4, §9"
        ja "{expected}が必要ですが{found}が入力されています"
        en "expected {expected}, found {found}"
        means "選択肢から選ぶ列に、選択肢にない値があります。"
              "A column of fixed answers holds an answer not among them."
        fix "選択肢のいずれかを入力してください(mdkpi init の調査票では一覧から選べます)。"
            "Enter one of the answers (the forms of mdkpi init offer them in a drop-down list).";
    E0116 OutOfRange { expected: Expect, found: Found } "§4, §9"
        ja "{expected}が必要ですが{found}が入力されています"
        en "expected {expected}, found {found}"
        means "テーマ・ステージ・研修区分などの番号が範囲外です。"
              "A theme, stage or category number is out of its range."
        fix "範囲内の番号を入力してください。"
            "Enter a number within the range.";
    E0117 NotADate { found: Found } "§9"
        ja "日付(2026-01-01、2026/1/1、令和8年1月1日など)が必要ですが{found}が入力されています"
        en "expected a date such as 2026-01-01, 2026/1/1 or 令和8年1月1日, found {found}"
        means "日付の列に、日付として読めない値があります。"
              "A date column holds something that does not read as a date."
        fix "2026-01-01、2026/1/1、令和8年1月1日のように入力してください。"
            "Write the date as 2026-01-01, 2026/1/1 or 令和8年1月1日.";
    E0118 SerialBeforeExcelEpoch { found: String } "§11"
        ja "日付(2026-01-01、2026/1/1、令和8年1月1日など)が必要ですが数値「{found}」が入力されています。Excel の日付のシリアル値としては 1900-01-01(シリアル値 1)より前になり、日付として読めません"
        en "expected a date such as 2026-01-01, 2026/1/1 or 令和8年1月1日, found the number {found}: as an Excel date serial it is before 1900-01-01 (serial 1), so it is no date"
        means "日付の列の数値は Excel の日付のシリアル値として読みますが、0以下は日付になりません。"
              "A number in a date column reads as an Excel date serial; 0 and below are no date."
        fix "日付を入力してください。"
            "Enter the date.";
    E0119 NonexistentDate {} "§9"
        ja "日付(2026-01-01、2026/1/1、令和8年1月1日など)が必要ですが、Excel にしか存在しない日付 1900-02-29(シリアル値 60)が入力されています"
        en "expected a date such as 2026-01-01, 2026/1/1 or 令和8年1月1日, found Excel's nonexistent date 1900-02-29 (serial 60)"
        means "Excel は1900年をうるう年として扱うため、実在しない 1900-02-29 を表示できます。"
              "Excel treats 1900 as a leap year, so it can show the nonexistent 1900-02-29."
        fix "正しい日付を入力してください。"
            "Enter the right date.";
    E0120 NotAFiscalYear { found: Found } "§9"
        ja "年度(2025、R7、令和7年度など)が必要ですが{found}が入力されています"
        en "expected a fiscal year such as 2025, R7 or 令和7年度, found {found}"
        means "年度の列に、年度として読めない値があります。"
              "A fiscal-year column holds something that does not read as a fiscal year."
        fix "2025、R7、令和7年度のように入力してください。"
            "Write it as 2025, R7 or 令和7年度.";
    E0121 Duplicate { what: String, key: String, first: String } "§9"
        ja "{what}「{key}」が重複しています({first} にもあります)"
        en "duplicate {what} \"{key}\" (first at {first})"
        means "一意でなければならない値(回答ID、課題番号、共同研究の項目)が二度現れます。"
              "A value that must be unique (回答ID, 課題番号, a 共同研究 項目) appears twice."
        fix "重複した行を削除するか、値を直してください。"
            "Delete the repeated row or correct the value.";
    E0122 MisplacedComma { found: Found, readings: List } "§17"
        ja "数値が必要ですが{found}が入力されています。桁区切りの「,」は3桁ごとにしか使えないため、どの数値の意味か決められません。意図した数値({readings}など)を入力してください"
        en "expected a number, found {found}: a comma separates groups of three digits only, so which number is meant is unclear; enter the number meant, such as {readings}"
        means "桁区切りの「,」が3桁ごとの位置にありません(「18,0」「1,5」「,5」)。または小数点の後ろにあります(「1.500,5」)。小数点のつもりの「,」を桁区切りとして読むと別の数値になるため、読みません。メッセージには、考えられる読み方(「,」を無視した数値と、「,」を小数点とした数値)を示します。"
              "A comma stands where it does not separate groups of three digits (18,0, 1,5, ,5), or after the decimal point (1.500,5). Read as a thousands separator it would give another number, so the cell is not read. The message shows the possible readings (the comma ignored, and the comma as a decimal point)."
        fix "意図した数値を、桁区切りなし(1076、12345.5)か3桁ごとの「,」(1,076、12,345.5)で入力してください。小数点は「.」です。"
            "Enter the number meant without separators (1076, 12345.5) or with a comma every three digits (1,076, 12,345.5); the decimal point is a period.";
    E0123 MalformedDecimal { found: Found } "§17"
        ja "数値が必要ですが{found}が入力されています。小数点「.」が二つ以上あるか、小数点の後ろに数字がありません"
        en "expected a number, found {found}: it has more than one decimal point, or no digit after its decimal point"
        means "「1.2.3」のように小数点が複数あるか、「5.」のように小数点で終わっています。どの数値の意味か決められません。"
              "The number has several decimal points (1.2.3) or ends in one (5.); which number is meant is unclear."
        fix "小数点を一つだけにし、小数部分を入力するか、小数点を削除してください(「5.」は「5」)。"
            "Keep one decimal point and write the decimals, or remove the point (5. is 5).";
    E0124 SpaceInNumber { found: Found } "§17"
        ja "数値が必要ですが{found}が入力されています。数字の間に空白があるため、一つの数値として読めません"
        en "expected a number, found {found}: a space stands between its digits, so it does not read as one number"
        means "「1 076」のように数字の間に空白があります。桁区切りのつもりか、二つの数値が入っているのか決められません。"
              "A space stands between the digits (1 076): a digit-group separator, or two numbers in one cell, cannot be told apart."
        fix "空白を削除して一つの数値を入力してください(桁区切りには「,」を使えます)。"
            "Remove the space and enter one number (a comma may separate groups of three digits).";
    E0125 DateBeyondExcel { found: String } "§11"
        ja "日付(2026-01-01、2026/1/1、令和8年1月1日など)が必要ですが数値「{found}」が入力されています。Excel の日付のシリアル値としては Excel が扱える最後の日 9999-12-31(シリアル値 2958465)より後になり、日付として読めません"
        en "expected a date such as 2026-01-01, 2026/1/1 or 令和8年1月1日, found the number {found}: as an Excel date serial it is after 9999-12-31 (serial 2958465), the last day Excel can show, so it is no date"
        means "日付の列の数値は Excel の日付のシリアル値として読みますが、9999-12-31 より後の日付は Excel にありません。Excel はこのようなセルを「#####」と表示します。"
              "A number in a date column reads as an Excel date serial, and Excel has no date after 9999-12-31; it shows such a cell as #####."
        fix "日付を入力してください。"
            "Enter the date.";
    E0126 BeforeEra { found: Found, era: String, first: String } "§17"
        ja "{found}は{era}の始まり({first})より前です。元号と年を確かめ、西暦か正しい元号で入力してください"
        en "{found} is before {era} began ({first}): check the era and the year, and write it in Western years or the right era"
        means "和暦の日付や年度が、その元号が始まる前を指しています(「令和元年4月1日」「平成元年1月7日」)。令和は 2019-05-01 から、平成は 1989-01-08 からです。"
              "A date or year written in a Japanese era falls before that era began (令和元年4月1日, 平成元年1月7日): 令和 began on 2019-05-01, 平成 on 1989-01-08."
        fix "西暦(2019-04-01)か、その時点の元号(平成31年4月1日)で入力してください。"
            "Write it in Western years (2019-04-01) or in the era of that time (平成31年4月1日).";
    E0127 PercentFormatted { shown: String } "§17"
        ja "セルがパーセント表示の書式で「{shown}」と表示されていますが、この列はパーセントの値ではありません。数値の書式にして、意図した値を入力してください"
        en "the cell is formatted as a percentage and shows {shown}, but this column is not a percentage: format it as a number and enter the value meant"
        means "パーセント表示のセルは、表示(50%)と保存された値(0.5)が違います。パーセントの列(フォローアップの単位が % の行の値)では表示どおりの値(50)を読みますが、それ以外の列ではどちらの意味か決められません。"
              "A cell formatted as a percentage shows one value (50%) and holds another (0.5). In a percentage column (a follow-up row whose 単位 is %) the value shown (50) is read; in any other column which one is meant is unclear."
        fix "セルの書式を「標準」か「数値」にして、意図した値を入力してください。フォローアップでパーセントの値なら、単位を % にしてください。"
            "Format the cell as General or Number and enter the value meant; for a percentage in the follow-up sheet, set 単位 to %.";
    E0128 AfterEra { found: Found, era: String, last: String } "§17"
        ja "{found}は{era}の終わり({last})より後です。元号と年を確かめ、西暦か正しい元号で入力してください"
        en "{found} is after {era} ended ({last}): check the era and the year, and write it in Western years or the right era"
        means "和暦の年・日付が、その元号が終わった後を指しています(「平成32年」「昭和100年」「平成31年5月1日」)。平成は 2019-04-30 まで、昭和は 1989-01-07 までです。年度は、その年度(4月から翌年3月まで)が元号の期間にかかれば読みます(平成31年度は2019年度)。"
              "A year or date written in a Japanese era falls after that era ended (平成32年, 昭和100年, 平成31年5月1日): 平成 ended on 2019-04-30, 昭和 on 1989-01-07. A fiscal year reads when it (April to March) overlaps the era (平成31年度 is fiscal 2019)."
        fix "西暦(2020、2020-05-01)か、その時点の元号(令和2年)で入力してください。"
            "Write it in Western years (2020, 2020-05-01) or in the era of that time (令和2年).";
    E0130 DirectionDiffers { found: String, series: String, first: String, other: String } "§18"
        ja "望ましい方向「{found}」が、同じ指標「{series}」の {first} の「{other}」と異なります。指標ごとに一つの方向を記入してください"
        en "望ましい方向 \"{found}\" differs from \"{other}\" at {first} for the same indicator \"{series}\": give one direction per indicator"
        means "フォローアップの同じ指標(KPI 番号とキーが同じ行、キーが空欄なら KPI 番号と指標名が同じ行)に、異なる望ましい方向(増加・減少)が記入されています。概要表の評価(改善・悪化)はこの方向で決まるため、どちらか決められません。"
              "Rows of one follow-up indicator (the same KPI番号 and キー, or 指標 where キー is blank) give different desired directions (増加, 減少). The summary's 評価 (改善, 悪化) follows this direction, so it cannot be decided."
        fix "その指標で値が増えるのが望ましいなら全行を「増加」、減るのが望ましいなら「減少」にしてください(空欄の行はほかの行の方向に従います)。"
            "Write 増加 on every row of the indicator if more is better, 減少 if less is better (a blank row follows the others).";
    W0101 UnknownColumn { column: String } "§9"
        ja "想定外の列「{column}」は読み飛ばしました"
        en "unknown column \"{column}\" ignored"
        means "見出し行に、想定するどの列にも当たらない列があります。その列は読みません。"
              "The header row has a column that is none of the expected ones; it is not read."
        fix "不要なら削除してください。必要な列のつもりなら、見出しを調査票どおりに直してください。"
            "Delete it if it is not needed; if it is meant to be an expected column, spell its header as in the form.";
    W0102 PartialDate { text: String, date: String } "§9"
        ja "日付「{text}」は日まで書かれていないため、{date} として読みました"
        en "partial date \"{text}\" read as {date}"
        means "年だけ、または年月だけの日付は、その最初の日として読みます。"
              "A date of a year or a month alone reads as its first day."
        fix "分かる場合は日まで入力してください。"
            "Enter the full date where it is known.";
    W0103 IdenticalRows { other: u32, copies: usize } "§17"
        ja "この行は{other}行目とすべての値が同じです(同じ行がこのシートに{copies}行あります)。同じ行が二度入力されていると、二重に数えられます(削除するか承認するまで、入力どおりに数えます)"
        en "this row is identical to row {other} ({copies} such rows in the sheet): a row entered twice is counted twice (it is counted as written until removed or accepted)"
        means "読み取る列の値(全角・半角と前後の空白の違いは問いません)がすべて同じ行が、同じシートに二つ以上あります。多くは貼り付けの重複で、人数や件数が二重に数えられます。同じ行のそれぞれに、ほかの一つの行を示してこの警告を出します。"
              "Two or more rows of one sheet hold the same values in every column read (ignoring character widths and surrounding spaces). Most often a row was pasted twice, and its people or cases are counted twice. Each of the rows gets this warning, naming another of them."
        fix "重複した行を削除してください。両方とも実在する場合(同じ名前の研修を2回実施したなど)は、round.toml の [[accept]] に `at`(この行の場所)と `why`(理由)を書いて承認してください。"
            "Delete the repeated row. If both are real (a course of the same name held twice), accept the warning in round.toml with [[accept]], giving `at` (this row's location) and `why`.";
    // ---- x02xx: files and folders ----------------------------------------
    E0201 NotUtf8 {} "§4, §9"
        ja "UTF-8 のテキストとして読めません。UTF-8 で保存してください"
        en "not valid UTF-8: save it as UTF-8"
        means "テキストファイル(round.toml、commentary.md など)が UTF-8 ではありません。"
              "A text file (round.toml, commentary.md, …) is not in UTF-8."
        fix "エディターで文字コードを UTF-8 にして保存してください。"
            "Save it as UTF-8 in your editor.";
    E0202 CannotReadFile { detail: IoError } "§11"
        ja "ファイルを読めません({detail})"
        en "cannot read the file: {detail}"
        means "ファイルを開けないか、読み込みの途中で失敗しました(かっこ内はシステムが示す理由です)。"
              "The file could not be opened or read (the detail is the system's)."
        fix "ファイルの場所と権限を確認してください。"
            "Check the file's permissions and place.";

    E0204 EmptyWorkbookFile { ext: String } "§11"
        ja "空のファイルです(0バイト)。Excel のブック(.{ext})が必要です"
        en "empty file: expected an Excel workbook (.{ext})"
        means "ブックの拡張子を持つファイルが空(0バイト)です。"
              "A file with a workbook's extension is empty (0 bytes)."
        fix "ファイルを保存し直すか、提出元に再送を依頼してください。"
            "Ask for the file again, or save it again.";
    E0205 ZipNamedXls {  } "§11"
        ja "このファイルは .xlsx/.ods(ZIP 形式)のブックで、拡張子 .xls と合いません。拡張子を直してください"
        en "the file is an .xlsx/.ods (ZIP) workbook, not what its extension .xls says; rename it"
        means "拡張子は .xls ですが、中身は .xlsx か .ods のブックです。"
              "The extension says .xls but the content is an .xlsx or .ods workbook."
        fix "拡張子を .xlsx(または .ods)に直してください。"
            "Rename it to .xlsx (or .ods).";
    E0206 NotXls {  } "§11"
        ja "このファイルは Excel 97-2003 ブック(.xls)ではありません。中身が拡張子と合いません"
        en "the file is not an Excel 97–2003 workbook (.xls): its content is not what its extension says"
        means "拡張子は .xls ですが、中身はブックではありません。"
              "The extension says .xls but the content is no workbook."
        fix "元のファイルを確認し、Excel で .xlsx として保存し直してください。"
            "Check the original file and save it from Excel as .xlsx.";
    E0207 EncryptedWorkbook {  } "§11"
        ja "ブックが暗号化(パスワード保護)されています。パスワードを解除して保存してください"
        en "the workbook is encrypted (password-protected): save it without a password"
        means "パスワードで保護されたブックは読めません。"
              "A password-protected workbook cannot be read."
        fix "Excel で開き、パスワードを解除して保存してください。"
            "Open it in Excel, remove the password and save it.";
    E0208 OleNamedOther { ext: String } "§11"
        ja "このファイルは Excel 97-2003 ブック(.xls)などの OLE 形式で、拡張子 .{ext} と合いません。拡張子を直してください"
        en "the file is an Excel 97–2003 (.xls) or other OLE file, not what its extension .{ext} says; rename it"
        means "中身は .xls などの古い形式ですが、拡張子が違います。"
              "The content is an .xls (or other OLE) file under another extension."
        fix "拡張子を .xls に直すか、Excel で .xlsx として保存し直してください。"
            "Rename it to .xls, or save it from Excel as .xlsx.";
    E0209 TextNamedWorkbook { ext: String } "§11"
        ja "このファイルの中身はテキスト(CSV など)で、拡張子 .{ext} と合いません。Excel で .{ext} のブックとして保存し直すか、シートを <名前>.<シート>.csv という名前の CSV として置いてください"
        en "the file is text (CSV?), not what its extension .{ext} says: save it as a real .{ext} workbook, or give the sheet as <name>.<sheet>.csv"
        means "ブックの拡張子ですが、中身はテキストです。CSV の拡張子だけを変えたものによくあります。"
              "The extension is a workbook's but the content is text, most often a CSV renamed."
        fix "Excel でブックとして保存し直すか、CSV のまま <名前>.<シート>.csv という名前で置いてください。"
            "Save it from Excel as a workbook, or keep it as a CSV named <name>.<sheet>.csv.";
    E0210 NotAWorkbook { ext: String } "§11"
        ja "このファイルは .{ext} のブックではありません。中身が拡張子と合いません"
        en "the file is not a .{ext} workbook: its content is not what its extension says"
        means "拡張子はブックですが、中身はブックではありません。"
              "The extension is a workbook's but the content is no workbook."
        fix "元のファイルを確認し、提出元に再送を依頼してください。"
            "Check the original and ask for the file again.";
    E0211 WrongWorkbookKind { kind: String, ext: String } "§11"
        ja "このファイルは .{kind} のブックで、拡張子 .{ext} と合いません。拡張子を直してください"
        en "the file is an .{kind} workbook, not what its extension .{ext} says; rename it"
        means "ブックの種類と拡張子が合いません。"
              "The workbook's kind and its extension differ."
        fix "拡張子を中身に合わせて直してください。"
            "Rename it to the extension of its kind.";
    E0212 CorruptWorkbook {  } "§11"
        ja "ブックが壊れているか、途中で切れています。Excel で開いて保存し直すか、提出元に再送を依頼してください"
        en "corrupt or truncated workbook: the file is damaged or ends early; open it in Excel and save it again, or ask for the file again"
        means "ブックの構造が壊れているため読めません。転送の途中で切れたファイルによくあります。"
              "The workbook's structure is damaged; a file cut short in transfer is the usual cause."
        fix "Excel で開いて保存し直すか、提出元に再送を依頼してください。"
            "Open it in Excel and save it again, or ask for the file again.";
    E0213 TooManyParts { parts: usize, max: usize } "§11"
        ja "ブック内部のパーツが{parts}個あり、ブックとして妥当な上限({max}個)を超えているため読みません"
        en "the workbook has {parts} parts, more than a workbook can sensibly hold ({max}): it is not read"
        means "ブック(ZIP 形式)内部のパーツが異常に多く、調査票のブックではありえません。"
              "The workbook (a ZIP) holds far more parts than a survey workbook can."
        fix "元のファイルを確認してください。"
            "Check the original file.";
    E0214 InflatesTooMuch { limit: String, part: String } "§11"
        ja "ブックを展開すると {limit} を超えるため読みません(パーツ {part})。この種のブックは通常はるかに小さいものです"
        en "the workbook inflates beyond {limit} (at its part {part}): it is not read; a real workbook of this kind is far smaller"
        means "ブックを展開した後の大きさが上限を超えます。"
              "The workbook unpacks beyond the limit."
        fix "元のファイルを確認し、表の外にある不要なデータを削除してください。"
            "Check the original, and delete what lies outside the tables.";
    E0215 SharedTextTooLong { max: usize, part: String } "§11"
        ja "ブックに Excel の上限({max}文字)を超える長さの文字列があるため読みません(パーツ {part})"
        en "the workbook holds a text longer than Excel's limit of {max} characters (in its part {part}): it is not read"
        means "Excel では作れない長さの文字列があります。ブックが壊れているか、Excel 以外のプログラムで作られています。"
              "A text longer than Excel allows: the file is damaged or was not written by Excel."
        fix "Excel で開いて保存し直してください。"
            "Open it in Excel and save it again.";
    E0216 TooManyTexts { claimed: String, part: String, max: usize } "§11"
        ja "ブックは文字列が{claimed}種類あると宣言しており(パーツ {part})、1ファイルから読む上限({max})を超えるため読みません"
        en "the workbook claims {claimed} distinct texts (in its part {part}), more than mdkpi reads from one file ({max}): it is not read"
        means "ブックの文字列の数が上限を超えます。"
              "The workbook declares more texts than mdkpi reads from one file."
        fix "元のファイルを確認してください。"
            "Check the original file.";
    E0217 FarCell { cell: String, cols: u32, rows: u32 } "§11"
        ja "セル {cell} に値がありますが、どのデータの範囲からも大きく外れています(データは最大{cols}列・{rows}行)。このシートは読みません。その値を削除してください"
        en "a value in cell {cell}, far outside any dataset (at most {cols} columns, {rows} rows): the sheet is not read; delete what is there"
        means "表から遠く離れたセルに値があります。ほとんどの場合、誤って入力されたものです。"
              "A value sits far from the table, almost always entered by mistake."
        fix "そのセルの値を削除してください。"
            "Delete the value in that cell.";
    E0218 TooManyCells { max: usize } "§11"
        ja "ブックの入力済みのセルが{max}個を超えており、1ファイルから読む上限を超えるため読みません"
        en "the workbook holds more than {max} filled cells, more than mdkpi reads from one file: it is not read"
        means "ブックのセルの数が上限を超えます。"
              "The workbook holds more cells than mdkpi reads from one file."
        fix "表の外にある不要なデータを削除してください。"
            "Delete what lies outside the tables.";
    E0219 SheetNamesClash { first: String, first_hidden: Hidden, second: String, second_hidden: Hidden } "§4, §11"
        ja "空白と全角・半角の違いを除くと同じ名前になるシート「{first}」{first_hidden}と「{second}」{second_hidden}があります。一つにしてください"
        en "two sheets with the same name once spaces and character widths are ignored: \"{first}\"{first_hidden} and \"{second}\"{second_hidden}; keep one"
        means "シート名は空白と全角・半角の違いを無視して照合するため、どちらのシートを読むか決められません。"
              "Sheet names are matched ignoring spaces and widths, so which sheet is meant is unknown."
        fix "不要なシートを削除してください(非表示のシートも対象です)。"
            "Delete the sheet that is not meant (hidden sheets count too).";
    E0220 NoSheets {  } "§11"
        ja "ブックにシートがありません"
        en "empty workbook: it has no sheets"
        means "ブックにワークシートが一つもありません。"
              "The workbook holds no worksheet."
        fix "データの入ったブックに置き換えてください。"
            "Put the workbook holding the data there.";
    E0221 CellTooLong { chars: usize, max: usize, file: FileKind } "§11"
        ja "セルの文字数が{chars}文字で、Excel の上限({max}文字)を超えているため、この{file}は読みません"
        en "the cell holds {chars} characters, more than Excel's limit of {max}: the {file} is not read"
        means "Excel では作れない長さのセルがあります。"
              "A cell is longer than Excel allows."
        fix "セルの内容を確認してください。"
            "Check the cell's content.";
    E0222 SheetTooLarge { rows: u64, cols: u64, max: u64 } "§11"
        ja "シートの使用範囲が{rows}行×{cols}列あり、どのデータよりもはるかに大きいため読みません(.ods、.xls のシートは最大{max}セル)。.xlsx か CSV で保存し直すか、表の外の値を削除してください"
        en "the sheet's used range is {rows} rows × {cols} columns, far beyond any dataset (at most {max} cells in an .ods or .xls sheet): it is not read; save it as .xlsx or CSV, or delete what lies outside the table"
        means ".ods、.xls のシートの使用範囲が上限を超えます。"
              "The used range of an .ods or .xls sheet exceeds the limit."
        fix ".xlsx か CSV で保存し直すか、表の外の値や書式を削除してください。"
            "Save it as .xlsx or CSV, or delete what lies outside the table.";
    E0223 XlsSheetTooLarge { sheet: usize, rows: u64, cols: u64, max: u64 } "§11"
        ja "{sheet}枚目のワークシート: シートの使用範囲が{rows}行×{cols}列あり、どのデータよりもはるかに大きいため読みません(.ods、.xls のシートは最大{max}セル)。.xlsx か CSV で保存し直すか、表の外の値を削除してください"
        en "worksheet {sheet}: the sheet's used range is {rows} rows × {cols} columns, far beyond any dataset (at most {max} cells in an .ods or .xls sheet): it is not read; save it as .xlsx or CSV, or delete what lies outside the table"
        means ".xls のシートの使用範囲が上限を超えます。"
              "The used range of an .xls sheet exceeds the limit."
        fix ".xlsx か CSV で保存し直すか、表の外の値や書式を削除してください。"
            "Save it as .xlsx or CSV, or delete what lies outside the table.";
    E0224 CsvUtf16 {  } "§11"
        ja "CSV が UTF-16 で保存されています。UTF-8 か Shift_JIS(CP932)で保存し直してください"
        en "the CSV is encoded in UTF-16; save it as UTF-8 or Shift_JIS (CP932)"
        means "CSV は UTF-8 か Shift_JIS(CP932)で読みます。"
              "CSV files are read as UTF-8 or Shift_JIS (CP932)."
        fix "Excel の「名前を付けて保存」で「CSV UTF-8 (コンマ区切り)」か「CSV (コンマ区切り)」を選んで保存し直してください。"
            "Save it again as \"CSV UTF-8\" or \"CSV\".";
    E0225 CsvBadBom {  } "§11"
        ja "CSV の先頭に UTF-8 の BOM がありますが、UTF-8 として正しくない部分があります。UTF-8 か Shift_JIS(CP932)で保存し直してください"
        en "the CSV starts with a UTF-8 BOM but is not valid UTF-8; save it as UTF-8 or Shift_JIS (CP932)"
        means "UTF-8 の印(BOM)があるのに、UTF-8 でない部分があります。"
              "The file says it is UTF-8 but parts are not."
        fix "UTF-8 で保存し直してください。"
            "Save it again as UTF-8.";
    E0226 CsvEucJp {  } "§11"
        ja "CSV が EUC-JP で保存されているようです。UTF-8 か Shift_JIS(CP932)で保存し直してください"
        en "the CSV looks encoded in EUC-JP; save it as UTF-8 or Shift_JIS (CP932)"
        means "EUC-JP の CSV は読みません(Shift_JIS として読むと文字化けします)。"
              "EUC-JP is not read (read as Shift_JIS it would be garbled)."
        fix "UTF-8 か Shift_JIS で保存し直してください。"
            "Save it again as UTF-8 or Shift_JIS.";
    E0227 CsvUnknownEncoding {  } "§11"
        ja "CSV の文字コードが分かりません(UTF-8 でも Shift_JIS でもありません)。UTF-8 か Shift_JIS(CP932)で保存し直してください"
        en "the CSV is in an unknown encoding (neither UTF-8 nor Shift_JIS); save it as UTF-8 or Shift_JIS (CP932)"
        means "CSV が UTF-8 としても Shift_JIS としても読めません。"
              "The CSV reads neither as UTF-8 nor as Shift_JIS."
        fix "UTF-8 か Shift_JIS で保存し直してください。"
            "Save it again as UTF-8 or Shift_JIS.";
    E0228 CsvMixedEncodings { utf8_line: usize, other_line: usize } "§11"
        ja "CSV に文字コードが混在しています。{utf8_line}行目は UTF-8 ですが、{other_line}行目は違います(Shift_JIS の可能性があります)。ファイル全体を一つの文字コード(UTF-8 か Shift_JIS(CP932))で保存し直してください"
        en "the CSV mixes encodings: line {utf8_line} is UTF-8 but line {other_line} is not (Shift_JIS?); save the whole file in one encoding, UTF-8 or Shift_JIS (CP932)"
        means "別の文字コードのファイルから行を貼り付けた可能性があり、そのままでは一部の行が文字化けします。"
              "Rows pasted from a file of another encoding: some rows would be garbled."
        fix "ファイル全体を一つの文字コードで保存し直してください。"
            "Save the whole file in one encoding.";
    E0229 CsvEmpty {  } "§11"
        ja "空のファイルです。見出し行のある CSV が必要です"
        en "empty file: expected a CSV with a header row"
        means "CSV が空(0バイト)です。"
              "The CSV is empty (0 bytes)."
        fix "データの入った CSV を置いてください。"
            "Put the CSV holding the data there.";
    E0230 CsvUnclosedQuote { line: usize } "§11"
        ja "CSV の書式に誤りがあります。{line}行目で始まる引用符「\"」が閉じられていないため、以降の行がすべて一つのセルとして読まれてしまいます。引用符を閉じてください(セル内の「\"」は「\"\"」と書きます)"
        en "malformed CSV: the quote opened on line {line} is never closed, so every line after it would be read as one cell; close the quote (a quote inside a cell is written \"\")"
        means "閉じられていない引用符があり、以降の行が失われます。"
              "An unclosed quote would swallow every row after it."
        fix "引用符を閉じてください。"
            "Close the quote.";
    E0231 CsvMalformed { record: usize, detail: String as CsvText } "§11"
        ja "CSV の書式に誤りがあります({record}件目のレコード): {detail}"
        en "malformed CSV at record {record}: {detail}"
        means "CSV として読めないレコードがあります(詳細は CSV 読み込み処理の説明です)。"
              "A record does not read as CSV (the detail is the CSV reader's)."
        fix "示されたレコードを直してください。"
            "Correct the record shown.";
    E0232 CsvTooManyCells { max: usize } "§11"
        ja "CSV の入力済みのセルが{max}個を超えており、1ファイルから読む上限を超えるため読みません"
        en "the CSV holds more than {max} filled cells, more than mdkpi reads from one file: it is not read"
        means "CSV のセルの数が上限を超えます。"
              "The CSV holds more cells than mdkpi reads from one file."
        fix "ファイルを確認し、不要なデータを削除してください。"
            "Check the file.";

    E0233 FolderPermissionDenied {  } "§11"
        ja "権限がないため、フォルダーの内容を読み取れません。mdkpi を実行するユーザーに読み取り権限を付与してください"
        en "the folder cannot be listed: permission denied; give the user running mdkpi read access"
        means "フォルダーを読む権限がありません。"
              "mdkpi may not read the folder."
        fix "フォルダーの権限を確認してください。"
            "Check the folder's permissions.";
    E0234 FolderUnlistable { detail: IoError } "§11"
        ja "フォルダーの内容を読み取れません({detail})"
        en "the folder cannot be listed: {detail}"
        means "フォルダーを読めません(詳細はシステムのメッセージ)。"
              "The folder cannot be read (the detail is the system's)."
        fix "フォルダーの場所と権限を確認してください。"
            "Check the folder's place and permissions.";
    E0235 NameNotUtf8 {  } "§11"
        ja "ファイル名が UTF-8 ではありません(別の文字コードの環境で付けられた名前です)。名前を付け直してください"
        en "the file name is not valid UTF-8 (it was written in another encoding): rename it"
        means "別の文字コードの環境で付けられたファイル名です。"
              "The name was written on a system with another encoding."
        fix "ファイル名を付け直してください。"
            "Rename the file.";
    E0236 LinkLoops {  } "§11"
        ja "自分自身を指す(循環する)シンボリックリンクで、どのファイルも指していません。削除するか、ファイルを指すように作り直してください"
        en "a symbolic link that loops back on itself: it leads to no file; remove it or point it at the file"
        means "シンボリックリンクが循環しています。"
              "A symbolic link loops."
        fix "リンクを削除するか、ファイルを指すように作り直してください。"
            "Remove the link or point it at the file.";
    E0237 LinkDangling {  } "§11"
        ja "リンク先が存在しないシンボリックリンクです。削除するか、ファイルを指すように作り直してください"
        en "a dangling symbolic link: the file it points to does not exist; remove it or point it at the file"
        means "シンボリックリンクの指すファイルがありません。"
              "The file a symbolic link points to does not exist."
        fix "リンクを削除するか、ファイルを指すように作り直してください。"
            "Remove the link or point it at the file.";
    E0238 EntryPermissionDenied {  } "§11"
        ja "権限がないため読めません。mdkpi を実行するユーザーに読み取り権限を付与してください"
        en "cannot be read: permission denied; give the user running mdkpi read access"
        means "ファイルやフォルダーを読む権限がありません。"
              "mdkpi may not read the entry."
        fix "ファイルやフォルダーの権限を確認してください。"
            "Check its permissions.";
    E0239 EntryUnreadable { detail: IoError } "§11"
        ja "読めません({detail})"
        en "cannot be read: {detail}"
        means "ファイルやフォルダーにアクセスできません(詳細はシステムのメッセージ)。"
              "The entry cannot be reached (the detail is the system's)."
        fix "場所と権限を確認してください。"
            "Check its place and permissions.";

    E0240 WorkbookTwice { names: AndList } "§4, §11"
        ja "ブックが二つあります({names})。一つにしてください"
        en "workbook given twice: {names}; keep one"
        means "同じデータのブックが拡張子違いで二つあります。どちらを読むか決められません。"
              "Two workbooks of one dataset differ only in extension; which is meant is unknown."
        fix "不要なほうを data/ の外へ移してください。"
            "Move the one not meant out of data/.";
    E0241 SheetTwice { sheet: String, first: String, second: String } "§4, §11"
        ja "シート「{sheet}」が二か所にあります({first} と {second})。一つにしてください"
        en "sheet \"{sheet}\" given twice: in {first} and in {second}; keep one"
        means "同じシートがブックの中と CSV ファイルの両方にあります。"
              "The same sheet is given in the workbook and as a CSV file."
        fix "どちらか一方を削除してください。"
            "Delete one of them.";
    E0242 MissingSheet { sheet: String, found: List, stem: String } "§4"
        ja "シート「{sheet}」がありません(見つかったシート: {found})。シート「{sheet}」か、ファイル {stem}.{sheet}.csv が必要です"
        en "missing sheet \"{sheet}\" (sheets found: {found}): expected a sheet {sheet}, or a file {stem}.{sheet}.csv"
        means "その入力データに必要なシートがありません。シート名の誤りがよくある原因です。"
              "A sheet the dataset needs is missing; a misspelt sheet name is the usual cause."
        fix "シート名を調査票どおりに直すか、そのシートを CSV ファイルとして置いてください。"
            "Name the sheet as in the form, or give it as a CSV file.";
    E0243 MissingSheetNoWorkbook { sheet: String, stem: String } "§4"
        ja "シート「{sheet}」がありません。シート「{sheet}」を含む {stem}.xlsx か、ファイル {stem}.{sheet}.csv が必要です"
        en "missing sheet \"{sheet}\": expected {stem}.xlsx with a sheet {sheet}, or a file {stem}.{sheet}.csv"
        means "ブックがなく、CSV ファイルも一部のシートの分しかありません。"
              "There is no workbook, and the CSV files give only some sheets."
        fix "ブックを置くか、足りないシートの CSV ファイルを置いてください。"
            "Add the workbook, or a CSV file for the missing sheet.";
    E0244 NotARegularFile { kind: SpecialFile } "§11"
        ja "通常のファイルではなく{kind}です。mdkpi は通常のファイル(またはファイルを指すシンボリックリンク)だけを読みます。ファイルそのものを置いてください"
        en "not a regular file but {kind}: mdkpi reads only regular files (or symbolic links to them); put the file itself here"
        means "入力ファイルの名前で置かれたものが、通常のファイルではなく名前付きパイプ・ソケット・デバイス・フォルダーです。読むと終わらないことがあるため、読みません。"
              "What bears an input's name is not a regular file but a named pipe, a socket, a device or a folder; reading one may never end, so it is not read."
        fix "それを削除し、通常のファイル(またはファイルを指すシンボリックリンク)を置いてください。"
            "Remove it and put the regular file there (or a symbolic link to the file).";
    E0245 FileTooLarge { size: String, limit: String } "§11"
        ja "ファイルの大きさが {size} あり、1ファイルから読む上限({limit})を超えるため読みません"
        en "the file is {size}, more than mdkpi reads from one file ({limit}): it is not read"
        means "入力ファイルが上限より大きいため、読む前に止めました。この種のファイルは本来はるかに小さいものです。"
              "An input file is larger than the limit, so it is refused before it is read; a real file of this kind is far smaller."
        fix "元のファイルを確認し、不要なデータを削除してください。"
            "Check the original file, and delete what does not belong in it.";
    W0201 FileCaseDiffers { canonical: String } "§4"
        ja "ファイル名が想定の名前と大文字・小文字だけ違うため、{canonical} として読みました"
        en "read as {canonical}: the file name differs from the expected name only in letter case"
        means "ファイル名の大文字・小文字が想定と違いますが、そのまま読みます。"
              "The file name differs in letter case only; it is read all the same."
        fix "ファイル名を想定どおりに直してください。"
            "Rename the file as expected.";
    W0202 NameCaseDiffers { canonical: String } "§4"
        ja "名前が想定の名前と大文字・小文字だけ違うため、{canonical} として読みました"
        en "read as {canonical}: the name differs from the expected name only in letter case"
        means "名前の大文字・小文字が想定と違いますが、そのまま読みます。"
              "The name differs in letter case only; it is read all the same."
        fix "名前を想定どおりに直してください。"
            "Rename it as expected.";
    W0203 HiddenSheet {  } "§4, §11"
        ja "このシートはブック内で非表示になっていますが、読み込みました(再表示して確認するか、古いコピーなら削除してください)"
        en "the sheet is hidden in the workbook; it is read all the same (unhide it, or delete it if it is an old copy)"
        means "非表示のシートも読み込みます。古いコピーが隠れていることがあります。"
              "A hidden sheet is read too; it may be a stale copy."
        fix "シートを再表示して確認するか、不要なら削除してください。"
            "Unhide and check it, or delete it.";
    W0204 UnknownSheet {  } "§9"
        ja "想定外のシートは読み飛ばしました"
        en "unknown sheet ignored"
        means "その入力データにないシートは読みません。シート名の誤りのことがあります。"
              "A sheet the dataset does not have is not read; its name may be misspelt."
        fix "シート名を確認してください。"
            "Check the sheet's name.";
    W0205 LockFileOpen { workbook: String } "§11"
        ja "Excel のロックファイルは読み飛ばしました。{workbook} が Excel で開かれているようです。保存して閉じてから mdkpi を実行しないと、最新の変更が読み込まれません"
        en "Excel lock file ignored: {workbook} is probably open in Excel; save and close it before running mdkpi, or the latest changes are not read"
        means "~$ で始まるファイルは、ブックを Excel で開いている間に作られるロックファイルです。"
              "A file starting with ~$ is the lock file Excel keeps while a workbook is open."
        fix "ブックを保存して閉じてから、もう一度実行してください。"
            "Save and close the workbook, then run again.";
    W0206 LockFile {  } "§11"
        ja "Excel のロックファイルは読み飛ばしました"
        en "Excel lock file ignored"
        means "~$ で始まるファイルは Excel のロックファイルで、読みません。"
              "A file starting with ~$ is an Excel lock file and is not read."
        fix "Excel を閉じているなら削除してかまいません。"
            "Delete it if Excel is closed.";
    W0207 UnexpectedFolder {  } "§4, §9"
        ja "想定外のフォルダーは読み飛ばしました"
        en "unexpected folder ignored"
        means "調査回のフォルダーの中で、sites/ と forms/ 以外のフォルダーは読みません。"
              "In a round folder, folders other than sites/ and forms/ are not read."
        fix "拠点の報告なら sites/ に移し、そうでなければ調査回のフォルダーの外へ移してください。"
            "Move it into sites/ if it holds returns, else out of the round.";
    W0208 UnexpectedFile {  } "§4, §9"
        ja "想定外のファイルは読み飛ばしました"
        en "unexpected file ignored"
        means "どの入力データの名前にも当たらないファイルは読みません。ファイル名の誤りのことがあります。"
              "A file named after no dataset is not read; its name may be misspelt."
        fix "ファイル名を調査票どおりに直すか、不要ならフォルダーの外へ移してください。"
            "Name it as in the forms, or move it away.";

    W0209 SitesSubfolder {  } "§4"
        ja "想定外のフォルダーは読み飛ばしました(拠点のファイルは sites/ の直下に置きます)"
        en "unexpected folder ignored (station files belong directly in sites/)"
        means "sites/ の中のフォルダーは読みません。"
              "Folders inside sites/ are not read."
        fix "拠点のファイルを sites/ の直下に移してください。"
            "Move the station files directly into sites/.";

    // ---- x03xx: round.toml --------------------------------------------
    E0301 RoundTomlMissing {} "§3, §9"
        ja "round.toml がありません。`label`、`fiscal_year`、`period_start`、`period_end`、`reference_date` を書いた round.toml が必要です"
        en "missing round.toml: expected label, fiscal_year, period_start, period_end and reference_date"
        means "調査回の名前のフォルダー(R7 など)に round.toml がありません。"
              "A folder named like a round (R7, …) has no round.toml."
        fix "round.toml を置いてください(次の調査回の round.toml は mdkpi init で作成できます)。"
            "Add its round.toml (mdkpi init writes one for the next round).";
    E0302 MalformedToml { at: AtLine, detail: String as TomlText } "§9"
        ja "TOML の書式に誤りがあります{at}: {detail}"
        en "malformed TOML{at}: {detail}"
        means "TOML として読めません(何が違うかを TOML の読み込み処理の説明で示します)。"
              "The file does not read as TOML (the detail is the TOML reader's)."
        fix "示された行を直してください。文字列は `\"…\"` のように引用符で囲みます。"
            "Correct the line shown; strings are quoted \"…\".";
    E0303 MissingKey { key: String, example: String } "§3, §9"
        ja "必須のキー `{key}` がありません(例: {example})"
        en "missing required key `{key}` (such as {example})"
        means "round.toml に必須のキーがありません。"
              "round.toml lacks a required key."
        fix "キーと値を追加してください。"
            "Add the key and its value.";
    E0304 LabelNotString { found: Found } "§3"
        ja "`label`: `\"R7\"` のような引用符で囲んだ文字列が必要ですが{found}が書かれています"
        en "`label`: expected a string such as \"R7\", found {found}"
        means "label は調査回の名前で、引用符で囲んだ文字列です。"
              "label is the round's name, a quoted string."
        fix "`label = \"R7\"` のように書いてください。"
            "Write label = \"R7\".";
    E0305 LabelMismatch { label: String, folder: String } "§3"
        ja "`label` は「{label}」ですが、フォルダー名は {folder} です。両者を一致させてください"
        en "`label` is \"{label}\" but the folder is {folder}: expected them to match"
        means "round.toml の label と調査回のフォルダー名が違います。別の調査回からコピーしたことがよくある原因です。"
              "round.toml's label differs from its folder's name; most often it was copied from another round."
        fix "label かフォルダー名を直してください。"
            "Correct the label or the folder's name.";
    E0306 FiscalYearNotYear { found: Found } "§3"
        ja "`fiscal_year`: 2025のような年度が必要ですが{found}が書かれています"
        en "`fiscal_year`: expected a year such as 2025, found {found}"
        means "fiscal_year は年度(数値か年度の文字列)です。"
              "fiscal_year is a fiscal year (a number or fiscal-year text)."
        fix "`fiscal_year = 2025` のように書いてください。"
            "Write fiscal_year = 2025.";
    E0307 BadSetting { key: String, problem: Box<Msg> } "§3"
        ja "`{key}`: {problem}"
        en "`{key}`: {problem}"
        means "round.toml のキーの値が読めません。理由は続く説明のとおりです。"
              "The value of a key of round.toml does not read; the text after it says why."
        fix "説明に従って値を直してください。"
            "Correct the value as the text says.";
    E0308 YearLabelMismatch { year: i32, label: String, from_label: i32 } "§3"
        ja "`fiscal_year` は {year} ですが、`label` の {label} は{from_label}年度です。両者を一致させてください"
        en "`fiscal_year` is {year} but the label {label} is fiscal year {from_label}: expected them to agree"
        means "fiscal_year と label(R7 = 2025年度)の年度が食い違っています。"
              "fiscal_year and the label (R7 = fiscal year 2025) disagree."
        fix "どちらかを直してください。"
            "Correct one of them.";
    E0309 SettingNotADate { key: String, found: Found } "§3"
        ja "`{key}`: 2026-01-01 のような日付が必要ですが{found}が書かれています"
        en "`{key}`: expected a date such as 2026-01-01, found {found}"
        means "日付のキーに日付でない値が書かれています。"
              "A date key holds something that is not a date."
        fix "2026-01-01 のように日付を書いてください(引用符は付けません)。"
            "Write the date as 2026-01-01.";
    E0311 SettingPartialDate { key: String, found: Found } "§3"
        ja "`{key}`: 2026-01-01 のような年月日が必要ですが{found}が書かれています"
        en "`{key}`: expected a full date such as 2026-01-01, found {found}"
        means "報告期間と基準日は日まで必要です。"
              "The period and the reference date need the day."
        fix "年月日まで書いてください。"
            "Write year, month and day.";
    E0312 BadCorrection { found: Found } "§3, §11"
        ja "`correction`: 0より大きく1以下の係数(0.5で人数・件数を半分にします)が必要ですが{found}が書かれています"
        en "`correction`: expected a multiplier greater than 0 and at most 1 (0.5 halves the counts), found {found}"
        means "補正係数 correction は0より大きく1以下です。"
              "The correction multiplier lies in (0, 1]."
        fix "`correction = 0.5` のように書くか、補正しないなら行を削除してください。"
            "Write it as 0.5, or delete the line for no correction.";
    E0313 StationsNotStrings { found: Found } "§3"
        ja "`stations`: 拠点名(文字列)の一覧が必要ですが、一覧に{found}が含まれています"
        en "`stations`: expected a list of station names (strings), found {found}"
        means "stations の一覧に文字列でない要素があります。"
              "The stations list holds something that is not a string."
        fix "`stations = [\"東京医療機器開発拠点\", …]` のように書いてください。"
            "Write stations = [\"東京医療機器開発拠点\", …].";
    E0314 StationsNotList { found: Found } "§3"
        ja "`stations`: 拠点名の一覧([…])が必要ですが{found}が書かれています"
        en "`stations`: expected a list of station names, found {found}"
        means "stations は拠点名の一覧([…])です。"
              "stations is a list of station names ([…])."
        fix "`stations = [\"…\", \"…\"]` のように書いてください。"
            "Write stations = [\"…\", \"…\"].";
    E0315 ReportNotTable { found: Found } "§3, §15"
        ja "`report`: 表([report])が必要ですが{found}が書かれています"
        en "`report`: expected a table, found {found}"
        means "report は表紙の情報を書く [report] 表です。"
              "report is the [report] table of the cover's details."
        fix "[report] の見出しの下にキーを書いてください。"
            "Write the keys under a [report] heading.";
    W0301 NotARoundFolder {} "§9"
        ja "調査回のフォルダーではないため(round.toml がありません)、読み飛ばしました"
        en "not a round folder (no round.toml): ignored"
        means "データフォルダー内の、round.toml のないフォルダーは読みません。"
              "A folder of the data folder without a round.toml is not read."
        fix "調査回のフォルダーなら round.toml を置いてください。不要ならデータフォルダーの外へ移してください。"
            "Add a round.toml if it is a round; else move it away.";
    W0302 UnknownKey { key: String } "§9"
        ja "想定外のキー `{key}` は読み飛ばしました"
        en "unknown key `{key}` ignored"
        means "round.toml に想定外のキーがあります。キー名の誤りのことがあります。"
              "round.toml holds a key mdkpi does not know; it may be misspelt."
        fix "キー名を確認するか、削除してください。"
            "Check its spelling, or delete it.";
    E0310 PeriodReversed { start: String, end: String } "§3"
        ja "報告期間の末日 `period_end`({end})が初日 `period_start`({start})より前です。末日は初日以降にしてください"
        en "period_end {end} is before period_start {start}: expected the period's last day on or after its first"
        means "round.toml の報告期間の末日が初日より前になっています。"
              "The round's period in round.toml ends before it starts."
        fix "period_start と period_end を確認してください。"
            "Check period_start and period_end.";

    W0303 CoverDateNotDate { problem: Box<Msg> } "§15"
        ja "`report.date`: {problem}(表紙には書かれたとおりに表示します)"
        en "`report.date`: {problem}: the cover shows it as written"
        means "表紙の日付 report.date が日付として読めません。表紙にはそのまま表示します。"
              "The cover's report.date does not read as a date; the cover shows it as written."
        fix "日付のつもりなら、2026-03-31、令和8年3月31日のように書いてください。"
            "If it is meant as a date, write it as 2026-03-31 or 令和8年3月31日.";
    W0304 CoverDateEarly { date: String, what: Term, limit: String } "§15"
        ja "表紙の `report.date`({date})がこの調査回の{what}({limit})より前です。別の資料の日付ではありませんか"
        en "`report.date` {date} on the cover is before the round's {what} {limit}: is it the date of another document?"
        means "報告書の日付が、報告するデータの時点より前になっています。別の資料からコピーした日付のことがよくあります。"
              "The report's date is before the data it reports exist; most often it was copied from another document."
        fix "report.date を確認してください。"
            "Check report.date.";
    W0305 RoundDatesToConfirm { lines: List } "§3, §19"
        ja "round.toml の報告期間と基準日はまだ「要確認」のままです(行 {lines})。日付を確かめてから「要確認」の印を消してください"
        en "round.toml's period and reference date are still marked 要確認 (to confirm; lines {lines}): confirm the dates, then delete the marks"
        means "mdkpi init は報告期間(period_start、period_end)と基準日(reference_date)を前回の調査回から提案し、確かめるまで「要確認」の印を付けます。報告期間は補正に、基準日は企業の分類に使われるため、提案のままでは数値が誤ることがあります。"
              "mdkpi init proposes the period (period_start, period_end) and the reference date (reference_date) from the previous round and marks them 要確認 until confirmed. The period sets the period correction and the reference date the company classification, so an unconfirmed proposal can make figures wrong."
        fix "3つの日付を調査の実際の日付と照らし合わせ、必要なら直してから、round.toml の「要確認」をすべて消してください。"
            "Check the three dates against the survey's actual dates, correct them if needed, then delete every 要確認 from round.toml.";

    // ---- x04xx: the datasets' own rules -----------------------------
    E0401 AdoptedAfterRound { year: i32, fiscal_year: i32 } "§4, §9"
        ja "採択年度が{year}年度で、この調査回の年度({fiscal_year}年度)より後です。採択年度は{fiscal_year}年度以前にしてください"
        en "採択年度 {year} is after the round's fiscal year {fiscal_year}: expected {fiscal_year} or earlier"
        means "AMED 課題の採択年度が、調査回の年度より後になっています。"
              "An AMED topic's 採択年度 is later than the round's fiscal year."
        fix "採択年度を確認してください。和暦と西暦の取り違えがよくある原因です。"
            "Check 採択年度; a mix-up of era and Western years is the usual cause.";
    E0402 NotAFollowupKpi { found: i64 } "§4"
        ja "フォローアップ対象の KPI番号(4、5、8、9、10、11)が必要ですが「{found}」が入力されています"
        en "expected a follow-up KPI number (4, 5, 8, 9, 10 or 11), found {found}"
        means "フォローアップ報告は KPI 4、5、8、9、10、11だけが対象です。"
              "Follow-up reports exist for KPI 4, 5, 8, 9, 10 and 11 only."
        fix "KPI番号を確認してください。"
            "Check the KPI number.";
    E0403 BadFollowupKey { found: Found } "§4"
        ja "半角英小文字・数字・「_」だけのキー(device_lag_months など)が必要ですが{found}が入力されています"
        en "expected an ASCII key such as device_lag_months (a–z, 0–9, _), found {found}"
        means "フォローアップ指標のキーは、図表と公表値との照合に使う半角の識別子です。"
              "A follow-up indicator's key is an ASCII identifier used by the charts and the reconciliation."
        fix "半角英小文字・数字・「_」だけで書いてください。"
            "Write it with a–z, 0–9 and _ only.";
    E0404 FollowupValueAndStatusBlank {} "§4"
        ja "列「値」と「状況」の両方が空欄です。どちらかを入力してください"
        en "expected a value in 値 or a status text in 状況, found both blank"
        means "フォローアップの各行には、数値(列「値」)か取組状況の説明(列「状況」)が必要です。"
              "Each follow-up row needs a figure (値) or a status text (状況)."
        fix "「値」か「状況」を入力してください。"
            "Fill in 値 or 状況.";
    W0401 StageRegression { current: i64, adopted: i64, id: String } "§9"
        ja "課題番号「{id}」の現在ステージ({current})が採択時ステージ({adopted})より前です。後退として扱い、ステージアップには数えません"
        en "現在ステージ {current} is earlier than 採択時ステージ {adopted} for 課題 {id}: a regression, counted as no stage-up"
        means "現在ステージが採択時ステージより前に戻っています。"
              "The current stage is earlier than the stage at adoption."
        fix "入力の誤りなら直してください。実際に後退した課題なら、そのままでかまいません。"
            "Correct it if it is a typo; leave it if the topic really went back.";
    W0402 StationNoReturn { name: String } "§3, §4"
        ja "round.toml の `stations` にある拠点「{name}」の報告がありません"
        en "no return from the expected station \"{name}\""
        means "round.toml の stations にある拠点の報告ファイルが sites/ にありません。"
              "A station listed in round.toml's stations has no return in sites/."
        fix "報告を取り寄せるか、stations を確認してください。"
            "Collect its return, or check stations.";
    W0403 StationNotListed { name: String } "§3, §4"
        ja "拠点「{name}」の報告がありますが、round.toml の `stations` にありません"
        en "station \"{name}\" returned data but is not in `stations`"
        means "報告のあった拠点が round.toml の stations にありません。拠点名の表記揺れのことがあります。"
              "A station that returned data is not in round.toml's stations; the names may be spelt differently."
        fix "stations に加えるか、拠点名の表記をそろえてください。"
            "Add it to stations, or make the names agree.";

    E0405 StationTwice { name: String, first: String } "§4"
        ja "拠点「{name}」は {first} の拠点名と同じです。ファイルは拠点ごとに一つです(「名前 (1).xlsx」のように保存された二つ目のコピーではありませんか)。一つにしてください"
        en "the station \"{name}\" is also the station of {first}: each station has one file (is this a second copy, such as a download saved as \"name (1).xlsx\"?); keep one"
        means "二つのファイルが同じ拠点名になっています。そのままでは拠点を二重に数えます。"
              "Two files name the same station, which would count it twice."
        fix "コピーのファイルを削除するか、拠点名を直してください。"
            "Delete the copy, or correct the station's name.";
    E0406 StationRows { found: usize } "§4"
        ja "シート「拠点情報」の行はちょうど1行必要ですが、{found}行あります"
        en "expected exactly one row describing the station, found {found}"
        means "拠点情報シートは拠点一つにつき1行です。"
              "The station sheet holds exactly one row, the station's."
        fix "余分な行を削除してください。"
            "Delete the extra rows.";
    E0407 NotAMinistry { found: Found } "§4"
        ja "「厚労省」または「経産省」が必要ですが{found}が入力されています"
        en "expected 厚労省 or 経産省, found {found}"
        means "所管は「厚労省」か「経産省」のどちらかです。"
              "The ministry is 厚労省 or 経産省."
        fix "「厚労省」または「経産省」と入力してください。"
            "Enter 厚労省 or 経産省.";
    W0404 BlankStationName { stem: String } "§4"
        ja "拠点名が空欄です。ファイル名の「{stem}」を拠点名として使います"
        en "blank 拠点名: using the file stem \"{stem}\""
        means "拠点名が空欄の場合は、ファイル名を拠点名として使います。"
              "拠点名 is blank, so the station is named after its file."
        fix "拠点名を入力してください。"
            "Fill in 拠点名.";
    W0405 CompanyDateAfterReference { what: String, date: String, reference: String } "§4"
        ja "{what}({date})が基準日({reference})より後です。企業の分類はこの日付のまま行います"
        en "{what} {date} is after the reference date {reference}; the company is still classified"
        means "設立日などが基準日より後になっています。入力の誤りのことがあります。"
              "A date such as 設立日 is after the reference date; it may be a typo."
        fix "日付を確認してください。"
            "Check the date.";

    // ---- x05xx: commentary, published.toml, reference.toml, plan.toml ---
    E0501 PublishedMalformed { toml: Box<Msg> } "§12"
        ja "{toml}。`\"kpi1.participants\" = \"3,198\"` のような行が必要です(数値は公表資料の表記どおりに引用符で囲みます)"
        en "{toml}: expected lines such as \"kpi1.participants\" = \"3,198\" (figures quoted as printed)"
        means "published.toml が TOML として読めません。"
              "published.toml does not read as TOML."
        fix "1行に1つ、`\"指標キー\" = \"公表値\"` の形で書いてください。"
            "Write one \"indicator key\" = \"published figure\" per line.";
    E0502 PublishedNotString { key: String, found: Found } "§12"
        ja "指標キー「{key}」: 公表値は `\"3,198\"` のように引用符で囲んだ文字列で書いてください({found}が書かれています)"
        en "\"{key}\": expected the figure as printed, a string such as \"3,198\", found {found}"
        means "公表値は、公表資料の表記(桁区切り・丸め)と比べるため文字列で書きます。"
              "A published figure is a string, so that its printed form (separators, rounding) can be compared."
        fix "値を引用符で囲んでください。"
            "Quote the value.";
    W0501 HeadingTwice { heading: String } "§12"
        ja "見出し「## {heading}」が二つあります。本文はつなげて読みます"
        en "heading \"## {heading}\" appears twice; the texts are joined"
        means "commentary.md に同じ見出しが二つあります。"
              "commentary.md has the same heading twice."
        fix "一つの見出しにまとめてください。"
            "Merge them under one heading.";
    W0502 UnknownHeading { heading: String } "§12"
        ja "想定外の見出し「## {heading}」は本文ごと読み飛ばしました。使える見出しは「## KPI 1」〜「## KPI 11」と「## 総括」です"
        en "unknown heading \"## {heading}\" ignored with its text: expected ## KPI 1 … ## KPI 11 or ## 総括"
        means "commentary.md の見出しが、どの KPI の節にも総括にも当たりません。その節の本文は報告書に載りません。"
              "A heading of commentary.md names no KPI section and not 総括; its text is left out of the report."
        fix "見出しを「## KPI 1」〜「## KPI 11」か「## 総括」に直してください。"
            "Make the heading ## KPI 1 … ## KPI 11 or ## 総括.";
    E0503 LiveUnknownRound { live: String, round: String, rounds: List } "§12"
        ja "{live}: 調査回「{round}」はこの報告書にありません。{rounds} のいずれかを指定してください"
        en "{live}: unknown round \"{round}\": expected one of {rounds}"
        means "差し込み数値 {{ KEY @ R6 }} の調査回が、報告書に含まれる調査回ではありません。"
              "The round of a live figure {{ KEY @ ROUND }} is not a round of the report."
        fix "報告書に含まれる調査回(R7 など)を指定するか、@ 以降を削除して今回の数値を使ってください。"
            "Name a round of the report (R7, …), or drop the @ part for the current round.";
    E0504 LiveNoFigure { live: String, key: String, round: String } "§12"
        ja "{live}: {round} には指標「{key}」の数値がありません"
        en "{live}: no figure \"{key}\" in {round}"
        means "指標キーはありますが、指定した調査回にはその数値がありません(その調査回のデータがないなど)。"
              "The indicator key exists, but the round named has no figure for it (its data is missing)."
        fix "数値のある調査回を指定するか、文から数値を外してください。"
            "Name a round that has the figure, or take the figure out of the text.";
    E0505 LiveUnknownKey { live: String, key: String, near: Near } "§12"
        ja "{live}: 指標キー「{key}」はありません{near}"
        en "{live}: unknown indicator key \"{key}\"{near}"
        means "差し込み数値の指標キーが指標表にありません。キーの書き誤りがよくある原因です。"
              "The live figure's indicator key is not in the indicator table; most often it is misspelt."
        fix "mdkpi compute で表示されるキーを書いてください(近い候補が示されていれば確認してください)。"
            "Write a key listed by mdkpi compute (check the nearest ones shown, if any).";
    W0503 FigureMatchesNothing { text: String, near: Near } "§12"
        ja "「{text}」は、書かれた精度では指標表のどの数値とも一致しません{near}。差し込み数値 {{{{ KEY }}}} で書くか、数値を直すか、脚注 [^1] で出典を示してください"
        en "\"{text}\" matches no figure of the indicator table at its written precision{near}; write it as a live figure {{{{ KEY }}}}, correct it, or give its source as a footnote [^1]"
        means "考察の文中の数値が、算出したどの数値とも一致しません。古い数値や転記の誤りのことがあります。"
              "A figure written in the commentary matches none computed for the round; it may be stale or mistyped."
        fix "差し込み数値 {{ KEY }} に置き換えるか、数値を直すか、他の資料の数値なら脚注で出典を示してください。"
            "Replace it with a live figure {{ KEY }}, correct it, or footnote its source if it comes from elsewhere.";
    W0504 DirectionContradicts { says: Dir, phrase: &'static str, name: &'static str as SeriesName, moved: Dir, before: Box<str>, previous: Box<str>, now: Box<str>, current: Box<str> } "§12"
        ja "文では「{phrase}」が{says}したとしていますが、{name} は {previous} の {before} から {current} の {now} へ{moved}しています。データに合わせて書き直してください"
        en "the sentence says {says} ({phrase}) but {name} {moved} from {before} ({previous}) to {now} ({current}): say what the data shows"
        means "考察(commentary.md)の文が述べる増減が、前回から今回への数値の動きと逆です。"
              "The commentary says a figure rose (or fell) while it moved the other way since the previous round."
        fix "文を数値の動きに合わせて直してください。公表済みの文を記載どおりに載せる場合は、round.toml の [[accept]] に理由を書いて確認済みにしてください(報告書は文の下に「※ 集計値では…」と数値の動きを注記し、公表値との照合の付録にも載せます)。"
            "Rewrite the sentence to match the figures. To keep a published sentence as written, accept the warning in round.toml ([[accept]] with why): the report shows a note 「※ 集計値では…」 with the figures under the sentence and lists it in the reconciliation appendix.";
    W0505 PublishedUnknownKey { key: String } "§4, §12"
        ja "指標キー「{key}」は指標表にないため、読み飛ばしました"
        en "unknown indicator key \"{key}\" ignored"
        means "published.toml のキーが指標表のどの指標にも当たりません。"
              "A key of published.toml names no indicator of the table."
        fix "mdkpi compute で表示されるキーに直してください。"
            "Use a key listed by mdkpi compute.";
    W0506 PublishedUnknownRound { raw: String, round: String, rounds: List } "§4, §12"
        ja "キー「{raw}」の調査回「{round}」はこの報告書にないため、読み飛ばしました。{rounds} のいずれかを指定してください"
        en "\"{raw}\": unknown round \"{round}\" ignored: expected one of {rounds}"
        means "published.toml のキーの「@ 調査回」が、今回またはそれ以前の調査回ではありません。"
              "The @ round of a published.toml key is not this round or an earlier one."
        fix "調査回の名前を直してください。"
            "Correct the round's name.";
    E0506 ReferenceMalformed { detail: String as TomlText, hint: Hint } "§12"
        ja "reference.toml の書式に誤りがあります({detail}{hint})。`kpi`、`title`、`unit`、`source`、`as_of`、`points` を持つ `[[series]]` 表が必要です"
        en "{detail}{hint}"
        means "reference.toml が TOML として、または参考系列の表として読めません(何が違うかを TOML の読み込み処理の説明で示します)。"
              "reference.toml does not read as TOML or as reference series (the detail is the TOML reader's)."
        fix "示された行を直してください。"
            "Correct the line shown.";
    E0507 ReferenceKpiOutOfRange { kpi: u32 } "§12"
        ja "`kpi = {kpi}`: KPI番号は1〜11で指定してください"
        en "kpi = {kpi}: expected a KPI number from 1 to 11"
        means "参考系列の kpi が KPI番号ではありません。"
              "A reference series' kpi is not a KPI number."
        fix "1〜11の KPI番号を書いてください。"
            "Write a KPI number from 1 to 11.";
    E0508 ReferencePointNotFinite { label: String } "§12"
        ja "データ点「{label}」: 有限の数値が必要です"
        en "point \"{label}\": expected a finite number"
        means "参考系列のデータ点の値が無限大または非数(NaN)です。"
              "A point of a reference series is infinite or not a number."
        fix "数値を直してください。"
            "Correct the value.";
    E0509 ReferencePointNotLive { label: String, found: String } "§12"
        ja "データ点「{label}」: 数値か差し込み数値 {{{{ KEY }}}} が必要ですが「{found}」が書かれています"
        en "point \"{label}\": expected a number or a live figure \"{{{{ KEY }}}}\", found \"{found}\""
        means "参考系列のデータ点の値が、数値でも {{ KEY }} の形の差し込み数値でもありません。"
              "A point of a reference series is neither a number nor a live figure {{ KEY }}."
        fix "数値を書くか、`\"{{ kpi1.participants }}\"` のように差し込み数値で書いてください。"
            "Write a number, or a live figure such as \"{{ kpi1.participants }}\".";
    E0510 PlanMalformed { at: AtLine, detail: String as TomlText } "§12"
        ja "plan.toml の書式に誤りがあります{at}: {detail}"
        en "malformed plan{at}: {detail}"
        means "plan.toml が TOML として、または計画の記述として読めません(何が違うかを TOML の読み込み処理の説明で示します)。"
              "plan.toml does not read as TOML or as a plan (the detail is the TOML reader's)."
        fix "示された箇所を直してください。"
            "Correct the place shown.";
    E0511 PlanBadSource { kpi: u32, found: String } "§12"
        ja "KPI {kpi}: `source` が「{found}」です。`\"mdsi\"` か `\"followup\"` を指定してください"
        en "KPI {kpi}: `source` is \"{found}\": expected \"mdsi\" or \"followup\""
        means "plan.toml の KPI の source は、MDSI の調査(mdsi)かフォローアップ(followup)のどちらかです。"
              "A KPI's source in plan.toml is the survey (mdsi) or the follow-up (followup)."
        fix "`source = \"mdsi\"` または `source = \"followup\"` と書いてください。"
            "Write source = \"mdsi\" or source = \"followup\".";
    E0512 PlanKpiTwice { kpi: u32 } "§12"
        ja "KPI {kpi} の記述が二つあります"
        en "KPI {kpi} is described twice"
        means "plan.toml に同じ KPI の記述が二つあります。"
              "plan.toml describes the same KPI twice."
        fix "一つにまとめてください。"
            "Merge them into one.";
    E0513 LiveUnclosed { live: Found } "§12"
        ja "{live}: 差し込み数値が同じ行の }}}} で閉じられていません"
        en "{live}: a live figure that is not closed by }}}} on the same line"
        means "考察(commentary.md)の {{ が、同じ行の }} で閉じられていません。差し込み数値は1行に書きます。閉じられていない {{ は数値に置き換えられず、そのまま報告書に出てしまいます。"
              "A {{ in the commentary is not closed by }} on its line; a live figure is written on one line. Unclosed, it would reach the report as written."
        fix "`{{ kpi1.participants }}` のように同じ行で }} まで書いてください。"
            "Write the live figure on one line, {{ kpi1.participants }}.";
    E0514 CommentaryNul {} "§12"
        ja "NUL 文字(\\0)があります。commentary.md は UTF-8 のテキストで保存してください(UTF-16 で保存されていることがあります)"
        en "the file holds NUL characters (\\0): save commentary.md as UTF-8 text (it may have been saved as UTF-16)"
        means "UTF-8 のテキストには NUL 文字は現れません。多くの場合、ファイルが UTF-16 で保存されていて、見出しや本文が正しく読めません。"
              "UTF-8 text holds no NUL character; most often the file was saved as UTF-16, and its headings and text do not read as written."
        fix "テキストエディターで文字コードを UTF-8 にして保存し直してください。"
            "Save the file again as UTF-8 in a text editor.";
    E0515 PublishedNotFigure { key: String, found: Found } "§12, §17"
        ja "指標キー「{key}」: 公表値は「3,198」「20.7%」「59,419千円」「-」のような数値の表記が必要ですが{found}が書かれています"
        en "\"{key}\": expected a figure as printed, such as \"3,198\", \"20.7%\", \"59,419千円\" or \"-\", found {found}"
        means "公表値は公表資料に印刷された数値(桁区切りは3桁ごと、単位は末尾、24文字以内)か、数値がないことを示す「-」です。"
              "A published figure is a figure as printed (commas between groups of three digits, the unit at the end, at most 24 characters), or - for none."
        fix "公表資料に印刷された数値を、そのまま引用符で囲んで書いてください。"
            "Write the figure exactly as printed, in quotes.";
    E0516 PublishedWrongUnit { key: String, printed: String, unit: String } "§12, §17"
        ja "指標キー「{key}」: 公表値「{printed}」の単位が指標の単位({unit})と違います"
        en "\"{key}\": the published figure \"{printed}\" is not in the indicator's unit ({unit})"
        means "公表値の単位は、その指標の単位と同じでなければ比べられません(割合は %、人数は名など)。別の指標のキーを書いたか、数値を書き誤ったことがあります。"
              "A published figure can only be compared in its indicator's unit (a rate in %, people in 名, …); the key may be another indicator's, or the figure mistyped."
        fix "公表資料で数値と指標キーを確かめ、指標の単位で書いてください。単位は省けますが、割合には % が必要です。"
            "Check the figure and the key against the published report, and write it in the indicator's unit (the unit may be left out; a rate needs %).";
    E0517 ReferenceAsOfNotDate { found: Found } "§12"
        ja "`as_of` が{found}です。`2025-06-13` のような日付か `\"2025年6月\"` のような文字列で書いてください"
        en "`as_of` is {found}: expected a date such as 2025-06-13 or text such as \"2025年6月\""
        means "参考系列の時点(as_of)は、日付か文字列です。"
              "A reference series' as_of is a date or text."
        fix "`as_of = 2025-06-13` または `as_of = \"2025年6月\"` と書いてください。"
            "Write as_of = 2025-06-13 or as_of = \"2025年6月\".";
    W0507 CommentUnclosed {} "§17"
        ja "HTML コメント `<!--` が `-->` で閉じられていないため、ここからファイルの終わりまでを読み飛ばしました"
        en "an HTML comment `<!--` is not closed by `-->`: the rest of the file is ignored"
        means "考察の HTML コメントは報告書に載らず、確認もされません。閉じられていないコメントはファイルの終わりまで続きます。"
              "An HTML comment of the commentary is neither rendered nor checked; one never closed runs to the end of the file."
        fix "コメントの終わりに `-->` を書いてください。"
            "Close the comment with -->.";
    W0508 CommentaryCopied { previous: String, same: usize, total: usize } "§17"
        ja "{total}行のうち{same}行が前回の {previous} と同じです。今回の数値に合わせて考察を書き直したか確認してください"
        en "{same} of its {total} lines are the same as in {previous}: check that the commentary was rewritten for this round"
        means "考察(commentary.md)の、空行・見出し・コメントを除いた行の半分以上が前回の調査回の考察と同じです。前回のファイルをコピーしたまま更新していないことがあります。"
              "Half or more of the commentary's lines (blank lines, headings and comments aside) are the same as the previous round's: the file may have been copied and not updated."
        fix "今回の結果に合わせて考察を書き直してください。同じ文のままでよい場合は、round.toml の [[accept]] に理由を書いてください。"
            "Rewrite the commentary for this round; if the same text is right, accept the warning in round.toml ([[accept]]) with the reason.";
    W0509 CommentaryMissing { earlier: String } "§17"
        ja "commentary.md がありません。以前の調査回には考察がありました({earlier})。報告書の考察欄は空になります"
        en "no commentary.md, though an earlier round had one ({earlier}): the report's commentary is empty"
        means "報告する調査回に考察(commentary.md)がありません。以前の調査回にはあったため、置き忘れのことがあります。"
              "The round reported has no commentary.md, while an earlier round had one: it may have been left out."
        fix "commentary.md を調査回のフォルダーに置いてください(mdkpi init が見出しだけのひな形を書きます)。考察なしで報告する場合は、round.toml の [[accept]] に理由を書いてください。"
            "Put commentary.md in the round's folder (mdkpi init writes a skeleton of headings); to report without commentary, accept the warning in round.toml ([[accept]]) with the reason.";
    E0203 NotUtf8Text {} "§9"
        ja "ファイルを UTF-8 のテキストとして読めません"
        en "cannot read the file as UTF-8 text"
        means "テキストファイルが読めないか、UTF-8 ではありません。"
              "A text file cannot be read or is not UTF-8."
        fix "UTF-8 で保存してください。"
            "Save it as UTF-8.";

    // ---- x06xx: checks across files and rounds (§17) -------------------
    E0601 FollowupFigureTwice { kpi: i64, indicator: String, year: i32, first: usize } "§17"
        ja "KPI {kpi}「{indicator}」の{year}年度の値は{first}行目にもあります。同じ値を二度報告した行は合算しません。どちらか一方の行を削除してください"
        en "KPI {kpi} \"{indicator}\" for fiscal year {year} is also reported in row {first}: a figure reported twice is never summed; delete one of the two rows"
        means "同じ KPI番号・指標(キー)・年度の数値の行が二つあります。どちらが正しい値かは mdkpi には分かりません。"
              "Two numeric follow-up rows have the same KPI番号, 指標 (or キー) and 年度; mdkpi cannot tell which figure is right."
        fix "報告主体に確認し、正しい値の行だけを残してください。"
            "Ask the reporting body which figure is right and keep only that row.";
    E0602 FollowupUnitDiffers { unit: Found, indicator: String, expected: Found, first: usize } "§17"
        ja "単位が{unit}ですが、同じ指標「{indicator}」の{first}行目の単位は{expected}です。一つの指標の単位は一つにそろえてください"
        en "unit {unit} differs from {expected} in row {first} of the same indicator \"{indicator}\": a series has one unit; make them agree"
        means "一つの指標(時系列)の行で単位が食い違っています。そのままでは一つの行の単位が系列全体の単位として表示されてしまいます。"
              "The rows of one follow-up series disagree on the unit; one row's unit would otherwise label the whole series."
        fix "単位を確認して、その指標のすべての行で同じ単位にしてください(値の換算が必要なこともあります)。"
            "Check the unit and use the same one on every row of the series (the value may need converting).";
    E0603 CopyName { expected: String } "§17"
        ja "このファイルは読み込みません。入力データとして読むのは「{expected}」という名前のファイルだけです(「名前 (1).xlsx」や「名前 - コピー.xlsx」のように保存されたコピーではありませんか)。正しい報告なら「{expected}」に名前を変え、不要なコピーならフォルダーの外へ移してください"
        en "this file is not read: the dataset is read only from \"{expected}\" (is this a copy, such as a download saved as \"name (1).xlsx\" or \"name - コピー.xlsx\"?); rename it to {expected} if it is the return, or move it out of the round folder"
        means "入力データの名前を含むのに、その名前そのものではないファイルがあります。コピーや別版のファイルは読まれず、中の報告が黙って抜け落ちるおそれがあります。"
              "A file's name contains a dataset's name but is not it: a copy or another version is not read, so the return in it would silently be missing."
        fix "使う報告を正しい名前(companies.xlsx など)にし、ほかの版はフォルダーの外へ移してください。"
            "Give the return to use its exact name (companies.xlsx, …) and move the other versions out of the round folder.";
    E0604 StrictWarnings { count: usize } "§17"
        ja "--strict: 確認済みでない警告が{count}件あります。入力を直すか、事実どおりの警告であれば round.toml の [[accept]] で確認済みにしてください"
        en "--strict: warnings not accepted: {count}; fix the inputs, or accept each warning that is true of the world with [[accept]] in round.toml"
        means "--strict では、[[accept]] で確認済みにしていない警告はエラーとして扱い、何も出力しません。"
              "With --strict, every warning not accepted with [[accept]] is an error and nothing is written."
        fix "警告の一覧を見て入力を直すか、事実どおりのものを round.toml の [[accept]](at、why、必要なら code)で確認済みにしてください。"
            "Go through the warnings: fix the inputs, or accept those that are true in round.toml with [[accept]] (at, why, optionally code).";
    E0605 AcceptNotTables { found: Found } "§17"
        ja "`accept` には [[accept]] の表(at、why、必要なら code)の並びが必要ですが{found}が書かれています"
        en "expected `accept` as [[accept]] tables (at, why, optionally code), found {found}"
        means "round.toml の accept は、確認済みの警告を一つずつ書いた [[accept]] の表の並びです。"
              "round.toml's accept is a list of [[accept]] tables, one per accepted warning."
        fix "[[accept]] の見出しの下に `at = \"sites/15_iwate.xlsx:人材育成研修\"` と `why = \"…\"` を書いてください。"
            "Write at = \"sites/15_iwate.xlsx:人材育成研修\" and why = \"…\" under an [[accept]] heading.";
    E0606 AcceptNeeds { index: usize, key: &'static str } "§17"
        ja "{index}番目の [[accept]] に `{key}`(空でない文字列)が必要です"
        en "[[accept]] number {index}: expected `{key}` as a non-empty string"
        means "[[accept]] には、警告の場所(at)と確認した理由(why)が必要です。"
              "An [[accept]] needs the warning's location (at) and the reason it was confirmed (why)."
        fix "`at = \"sites/15_iwate.xlsx:人材育成研修\"` のように場所を、why に理由を書いてください。"
            "Write the location in at (such as \"sites/15_iwate.xlsx:人材育成研修\") and the reason in why.";
    E0607 AcceptBadCode { index: usize, found: Found } "§17"
        ja "{index}番目の [[accept]] の `code` には警告のコード(W0606 など)が必要ですが{found}が書かれています"
        en "[[accept]] number {index}: expected `code` to be a warning code such as W0606, found {found}"
        means "確認済みにできるのは警告だけです。エラーは入力を直す必要があります。"
              "Only warnings can be accepted; errors need the input fixed."
        fix "mdkpi codes で警告のコードを確かめて書くか、code を省いてください。"
            "Write a warning code (see mdkpi codes), or leave code out.";
    W0601 AcceptMatchesNothing { what: String } "§17"
        ja "[[accept]] の「{what}」に当たる警告がありません。警告が出なくなったのであれば、この [[accept]] を削除してください"
        en "[[accept]] \"{what}\" matches no warning: delete it if the warning is gone"
        means "確認済みにした警告が、今回の実行では出ていません。入力が直ったか、場所の書き方が違います。"
              "The accepted warning no longer occurs: the input was fixed, or the location is written differently."
        fix "at を警告の場所のとおり(調査回のフォルダーからの相対パス)に書くか、不要な [[accept]] を削除してください。"
            "Write at as the warning's location (relative to the round folder), or delete the [[accept]].";
    W0602 DatasetDropped { dataset: String, previous: String, kpis: List } "§17"
        ja "前回の調査回 {previous} にあった {dataset} がこの調査回にありません。この調査回の KPI {kpis} にはこのデータによる値がありません"
        en "{dataset} was in the previous round {previous} but is not in this one: KPI {kpis} will have no figures from it for this round"
        means "前回の調査回にあった入力データが今回はありません。集め忘れやファイル名の誤りのことがあります。報告書ではその KPI のページにデータがないことを記載します。"
              "A dataset of the previous round is missing from this one; it may not have been collected, or be misnamed. The report says so on the pages of those KPIs."
        fix "ファイルを集めて置くか、今回はデータがないことが事実であれば [[accept]] で確認済みにしてください。"
            "Add the file, or accept the warning with [[accept]] if the round really has no such data.";
    W0603 SameFileAsEarlier { earlier: String } "§17"
        ja "このファイルは {earlier} とバイト単位で同じ内容です。前回のファイルが再送されていないか確認してください"
        en "byte-identical to {earlier}: check that last round's file was not sent again"
        means "以前の調査回のファイルとまったく同じ内容です。前回の報告がそのまま送られてきたことがよくあります。"
              "The file is identical to a file of an earlier round; most often last round's return was sent again."
        fix "報告主体に今回の報告を確認してください。実際に同じ内容なら [[accept]] で確認済みにしてください。"
            "Ask the sender for this round's return; if it really is the same, accept the warning with [[accept]].";
    W0604 CountImplausible { column: &'static str, value: i64, median: String, factor: u32 } "§17"
        ja "{column}「{value}」は、この調査回の{column}の中央値({median})の{factor}倍以上です。桁の誤り(0の打ち過ぎなど)がないか確認してください"
        en "{column} {value} is at least {factor} times the round's median {median}: check for a typo such as an extra digit"
        means "同じ調査回のほかの行に比べて極端に大きい数です。桁の打ち誤りのことがあります。"
              "The count is far larger than the round's other rows; it may be a typo."
        fix "報告主体に確認して直してください。正しい値であれば [[accept]] で確認済みにしてください。"
            "Check with the sender and correct it; if it is right, accept the warning with [[accept]].";
    W0605 GrantImplausible { value: String, median: String, factor: u32 } "§17"
        ja "助成額(千円)「{value}」は、この調査回の中央値({median})の{factor}倍以上です。円で入力していないか確認してください(単位は千円です)"
        en "助成額(千円) {value} is at least {factor} times the round's median {median}: was it typed in yen? (the unit is thousand yen)"
        means "助成額がほかの課題に比べて極端に大きく、千円ではなく円で入力された可能性があります。"
              "The grant is far larger than the round's other topics; it may have been typed in yen instead of thousand yen."
        fix "単位を確認して千円に直してください。正しい値であれば [[accept]] で確認済みにしてください。"
            "Check the unit and convert it to thousand yen; if it is right, accept the warning with [[accept]].";
    W0606 StationTrainingGone { station: String, previous: String, before: i64, now: i64 } "§17"
        ja "拠点「{station}」の受入人数の合計が、前回の調査回 {previous} の{before}人から{now}人になりました。研修実績の行が抜けていないか確認してください"
        en "station \"{station}\": 受入人数 total {now}, against {before} in the previous round {previous}: check that no training rows are missing"
        means "前回の調査回に研修実績があった拠点に、今回は研修実績がない(または受入人数がすべて0)です。"
              "A station that had training rows in the previous round has none, or only zeros, in this one."
        fix "報告主体に確認してください。実際に研修がなかった場合は round.toml の [[accept]] で確認済みにしてください。"
            "Check with the station; if it really trained no one, accept the warning with [[accept]] in round.toml.";
    W0607 PreviousRoundUnreadable { previous: String } "§17"
        ja "前回の調査回 {previous} にエラーがあるため、調査回をまたぐ確認(データの欠落、ファイルの再送、拠点の研修実績)を行っていません"
        en "the previous round {previous} has errors: the checks across rounds (datasets dropped, files sent again, stations' training) were skipped"
        means "前回の調査回を読めないため、今回の調査回と比べる確認ができませんでした。"
              "The previous round could not be read, so this round could not be compared with it."
        fix "前回の調査回を mdkpi validate --round で指定して、そのエラーを確認してください。"
            "Run mdkpi validate on the previous round to see its errors.";
    E0701 IndicatorsMalformed { detail: String as TomlText } "§20"
        ja "indicators.toml の書式に誤りがあります: {detail}"
        en "malformed indicators.toml: {detail}"
        means "indicators.toml が TOML として、または指標の宣言として読めません(何が違うかを TOML の読み込み処理の説明で示します)。[[indicator]] に書けるのは key、name、title、table、numerator、denominator、value、per、unit、direction、mean4 です。"
              "indicators.toml does not read as TOML or as declared indicators (the detail is the TOML reader's). An [[indicator]] takes key, name, title, table, numerator, denominator, value, per, unit, direction and mean4."
        fix "示された行を docs/indicators.md の例のとおりに直してください。"
            "Correct the line shown as in the examples of docs/indicators.md.";
    E0702 IndicatorUnknownTable { found: String, tables: List } "§20"
        ja "table「{found}」というエクスポートの表はありません。{tables}のいずれかを指定してください"
        en "no export table \"{found}\": expected one of {tables}"
        means "宣言した指標は mdkpi export の表のいずれか一つを集計します。"
              "A declared indicator counts the rows of one of mdkpi export's tables."
        fix "table に表の名前を書いてください。"
            "Write the table's name as table.";
    E0703 IndicatorUnknownColumn { table: String, found: String, columns: List } "§20"
        ja "表 {table} に列「{found}」はありません。列は{columns}です"
        en "table {table} has no column \"{found}\"; its columns are {columns}"
        means "where と sum には、mdkpi export がその表に書く列の見出し(ベンチャー、評価対象、受入人数(補正後) などの派生列を含みます)を書きます。"
              "where and sum name a column by the header mdkpi export writes for that table (derived columns such as ベンチャー, 評価対象 and 受入人数(補正後) included)."
        fix "列の見出しを export の表のとおりに書いてください(docs/export.md)。"
            "Write the column's header as the export shows it (docs/export.md).";
    E0704 IndicatorBadValue { column: String, found: Found, expected: Expect } "§20"
        ja "列「{column}」の値には{expected}が必要ですが{found}が書かれています"
        en "column {column}: expected {expected}, found {found}"
        means "where の値は mdkpi export が表示するとおりに書きます(「1 医療従事者」「内資」「上市」)。数値の列は数値、はい・いいえの列は「はい」「いいえ」(○/×、1/0、true/false も可)、配列はそのいずれかです。"
              "A value in where is written as mdkpi export shows it (\"1 医療従事者\", \"内資\", \"上市\"); a number column takes a number, a yes/no column はい or いいえ (○/×, 1/0, true/false alike); an array means any of its values."
        fix "示された値のいずれかを書いてください。"
            "Write one of the values shown.";
    E0705 IndicatorKeyComputed { key: String } "§20"
        ja "指標キー「{key}」は mdkpi が計算する指標のキーです。別のキーを付けてください"
        en "indicator key \"{key}\" is one mdkpi computes: choose another key"
        means "宣言した指標のキーは、計算済みの指標のキー(4カ年平均の `_mean4` を含みます)と重ねられません。"
              "A declared indicator's key cannot be the key of a computed figure (its `_mean4` 4-round mean included)."
        fix "mdkpi compute --format csv にないキーを付けてください。"
            "Choose a key that mdkpi compute --format csv does not list.";
    E0706 IndicatorKeyTwice { key: String, line: usize } "§20"
        ja "指標キー「{key}」は {line} 行目でも宣言されています"
        en "indicator key \"{key}\" is also declared at line {line}"
        means "同じキーの指標が二つ宣言されています(4カ年平均の `_mean4` を含みます)。"
              "Two declared indicators share a key (their `_mean4` 4-round means included)."
        fix "どちらかのキーを変えるか、一つにまとめてください。"
            "Rename one of them, or merge them.";
    E0707 IndicatorBadKey { found: String } "§20"
        ja "指標キー「{found}」は kpiN.<名前>(N は 1〜11、名前は半角英小文字・数字・_ と .)の形ではありません"
        en "indicator key \"{found}\" is not kpiN.<name> (N 1–11; the name in lower-case ASCII letters, digits, _ and .)"
        means "宣言した指標のキーは、どの KPI の指標かを kpiN で示し、名前を続けます(例 kpi7.export_rate)。"
              "A declared indicator's key names its KPI as kpiN and then its name (e.g. kpi7.export_rate)."
        fix "`key = \"kpi7.export_rate\"` のように書いてください。"
            "Write the key as key = \"kpi7.export_rate\".";
    E0708 IndicatorBadUnit { found: String, units: List } "§20"
        ja "単位「{found}」は使えません。{units}のいずれかを指定してください"
        en "unit \"{found}\": expected one of {units}"
        means "割合(numerator と denominator)の単位は ratio で、百分率で表示します。件数と合計の単位は指標表の単位のいずれかです(件数の既定は件)。"
              "A ratio (numerator and denominator) has unit ratio and is shown as a percentage; a count or sum has one of the indicator table's units (a count's default is 件)."
        fix "unit に示された単位のいずれかを書くか、割合では unit を省いてください。"
            "Write one of the units shown, or leave unit out for a ratio.";
    E0709 IndicatorBadDirection { found: String } "§20"
        ja "direction「{found}」は使えません。`up`、`down`、`none` のいずれかを指定してください"
        en "direction \"{found}\": expected \"up\", \"down\" or \"none\""
        means "direction は指標の望ましい向き(up は増加、down は減少、none はどちらでもない)です。"
              "direction is the way the indicator should move: up, down, or none."
        fix "`direction = \"up\"` のように書いてください。"
            "Write direction = \"up\", \"down\" or \"none\".";
    E0710 IndicatorBadPer { found: String } "§20"
        ja "per「{found}」は使えません。per に指定できるのは「拠点」(調査回の拠点数で割る)だけです"
        en "per \"{found}\": per takes only \"拠点\" (divided by the round's number of stations)"
        means "`per = \"拠点\"` とすると、value の件数や合計を調査回の拠点数で割ります。ほかの割り方はありません。"
              "per = \"拠点\" divides value's count or sum by the round's number of stations; there is no other divisor."
        fix "`per = \"拠点\"` と書くか、per を省いてください。"
            "Write per = \"拠点\", or leave per out.";
    E0711 IndicatorShape { found: List } "§20"
        ja "value(per も可)か、numerator と denominator の組のどちらか一方が必要ですが、{found}が書かれています"
        en "expected either value (with per if wanted) or numerator with denominator, found {found}"
        means "宣言した指標は、件数・合計(value)か割合(numerator と denominator)のどちらかです。両方や片方だけは書けず、per は value にだけ付けられます。"
              "A declared indicator is a count or sum (value) or a ratio (numerator and denominator): not both, not half of a ratio, and per goes with value only."
        fix "value か、numerator と denominator の組の一方だけを書いてください。"
            "Write value, or numerator and denominator, not both.";
    E0712 IndicatorNotSummable { column: String } "§20"
        ja "列「{column}」は数値の列ではないため合計できません"
        en "column {column} does not hold numbers: it cannot be summed"
        means "sum には数値の列(受入人数、受入人数(補正後)、助成額(千円) など)を書きます。"
              "sum names a column of numbers (受入人数, 受入人数(補正後), 助成額(千円), …)."
        fix "数値の列を sum に書くか、sum を省いて行数を数えてください。"
            "Name a number column in sum, or leave sum out to count rows.";
    E0713 IndicatorNotFilterable { column: String } "§20"
        ja "列「{column}」は where の条件に使えません(日付と判定理由の列は使えません)"
        en "column {column} cannot be used in where (dates and the reasons are not filtered on)"
        means "where は値が一致する行を選びます。日付の列と、説明のための判定理由の列は条件に使えません。"
              "where selects the rows whose value matches; date columns and the worded reasons cannot be matched."
        fix "派生列(ベンチャー、異業種など)か別の列で条件を書いてください。"
            "Write the condition with a derived flag (ベンチャー, 異業種, …) or another column.";
    E0714 IndicatorUnitMissing {} "§20"
        ja "合計(sum)の指標には unit が必要です"
        en "a sum (value with sum) needs a unit"
        means "件数の単位は既定で件ですが、合計の単位(名、千円など)は列によって違うため省けません。"
              "A count's unit defaults to 件; a sum's unit (名, 千円, …) depends on its column and must be written."
        fix "`unit = \"名\"` のように書いてください。"
            "Write the unit, e.g. unit = \"名\".";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{name}` parameters a template uses.
    fn placeholders(template: &str) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            if let Some(close) = rest.find('}') {
                let name = &rest[..close];
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    out.insert(name.to_string());
                }
                rest = &rest[close + 1..];
            }
        }
        out
    }

    #[test]
    fn both_languages_have_the_same_codes_and_parameters() {
        for code in Code::ALL {
            let info = code.info();
            let ja = placeholders(info.text[0]);
            let en = placeholders(info.text[1]);
            assert_eq!(
                ja, en,
                "{}: the two languages use different parameters",
                info.code
            );
            let declared: std::collections::BTreeSet<String> =
                info.params.iter().map(|p| p.to_string()).collect();
            assert!(
                ja.is_subset(&declared),
                "{}: a template names an undeclared parameter",
                info.code
            );
            for pair in [info.text, info.meaning, info.fix] {
                assert!(!pair[0].is_empty() && !pair[1].is_empty(), "{}", info.code);
            }
        }
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert_eq!(s.len(), 5);
            assert!(s.starts_with('E') || s.starts_with('W'));
            assert!(s[1..].chars().all(|c| c.is_ascii_digit()));
            assert_eq!(Code::parse(&s.to_lowercase()), Some(*code));
        }
    }

    /// A character of Japanese text: kana, kanji, the long-vowel mark.
    fn is_japanese(c: char) -> bool {
        matches!(c, '\u{3041}'..='\u{309f}' | '\u{30a0}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '々')
    }

    /// `text` with what it quotes emptied: 「…」 (a value as written) and
    /// `…` (TOML or other code), where ASCII quotes and spacing are literal.
    fn unquoted(text: &str) -> String {
        let mut out = String::new();
        let (mut depth, mut code) = (0usize, false);
        for c in text.chars() {
            match c {
                '`' => code = !code,
                '「' if !code => depth += 1,
                '」' if !code && depth > 0 => depth -= 1,
                _ if code || depth > 0 => continue,
                _ => {}
            }
            if !(code || depth > 0) || c == '`' || c == '「' {
                out.push(c);
            }
        }
        out
    }

    /// The sentences of a text (split at 。), each without a trailing
    /// parenthetical, placeholder or space: what its verb form is read from.
    fn sentence_ends(text: &str) -> Vec<String> {
        unquoted(text)
            .split('。')
            .map(|sentence| {
                let mut s = sentence.trim_end().to_string();
                loop {
                    let before = s.clone();
                    if s.ends_with(')') {
                        if let Some(open) = s.rfind('(') {
                            s.truncate(open);
                        }
                    }
                    if s.ends_with('}') {
                        if let Some(open) = s.rfind('{') {
                            s.truncate(open);
                        }
                    }
                    s = s.trim_end().to_string();
                    if s == before {
                        return s;
                    }
                }
            })
            .filter(|s| !s.is_empty())
            .collect()
    }

    const POLITE: [&str; 7] = [
        "です",
        "ます",
        "ません",
        "ました",
        "でした",
        "ください",
        "ませんか",
    ];

    /// Words the messages do not use, and the term they use instead
    /// (docs/messages-style.md). `フォルダ`, `エディタ` are checked apart
    /// (only the form with ー is used).
    const BANNED: [(&str, &str); 16] = [
        ("ステーション", "拠点"),
        ("ワークブック", "ブック"),
        ("ライブ数値", "差し込み数値"),
        ("所見", "考察(commentary.md)"),
        ("対象期間", "報告期間"),
        ("様式", "調査票"),
        ("ドロップダウン", "一覧"),
        ("プルダウン", "一覧"),
        ("ヘッダ", "見出し行"),
        ("カタログ", "メッセージの一覧"),
        ("写し", "コピー"),
        ("回の名前", "調査回"),
        ("期待され", "…が必要です"),
        ("である", "です・ます"),
        ("回答がありません", "報告がありません(拠点)"),
        ("近いもの", "近い候補"),
    ];

    /// Every problem of one Japanese string (a text, a meaning or a fix).
    fn style_problems(s: &str, is_text: bool) -> Vec<String> {
        let mut out = Vec::new();
        let bare = unquoted(s);
        // Terms: one per concept.
        for (bad, good) in BANNED {
            if s.replace("調査回の名前", "").contains(bad) {
                out.push(format!("{bad} (write {good})"));
            }
        }
        for stem in ["フォルダ", "エディタ", "ユーザ"] {
            if s.replace(&format!("{stem}ー"), "").contains(stem) {
                out.push(format!("{stem} (write {stem}ー)"));
            }
        }
        if s.replace("調査回のフォルダー", "")
            .contains("回のフォルダー")
        {
            out.push("回のフォルダー (write 調査回のフォルダー)".into());
        }
        // Punctuation: 、。 and half-width ( ) :, as the report and the schema.
        for c in [
            '（', '）', '：', '，', '．', '！', '？', '～', '"', '\'', '?', '!',
        ] {
            if bare.contains(c) {
                out.push(format!("{c:?} outside 「」 and `…`"));
            }
        }
        let chars: Vec<char> = bare.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            if c == ','
                && !(prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit()))
            {
                out.push("ASCII , (write 、)".into());
            }
            if c == ' ' {
                let (p, n) = (prev.unwrap_or(' '), next.unwrap_or(' '));
                if p == ' ' || n == ' ' {
                    out.push("two spaces, or a space at an end".into());
                }
                if p != ':' && ("、。「」".contains(p) || "、。「」".contains(n)) {
                    out.push(format!("a space beside {p}{n}"));
                }
                if !p.is_ascii() && !n.is_ascii() {
                    out.push(format!("a space between {p} and {n}"));
                }
            }
        }
        // ASCII words are set off from Japanese by a space; numbers are not.
        let spaced = bare
            .replace("回答ID", "回答 ID")
            .replace("KPI番号", "KPI 番号");
        let chars: Vec<char> = spaced.chars().collect();
        let token = |c: char| c.is_ascii_alphanumeric() || "_.-/^~$#,".contains(c);
        let mut i = 0;
        while i < chars.len() {
            if !token(chars[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && token(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if !word.chars().any(|c| c.is_ascii_alphanumeric()) {
                continue; // あり/なし, ~$
            }
            let number = word
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            if number {
                if after == Some(' ') && chars.get(i + 1).is_some_and(|&c| is_japanese(c)) {
                    out.push(format!(
                        "a space after the number {word} (write {word}件, {word}行目, …)"
                    ));
                }
            } else if before.is_some_and(is_japanese) || after.is_some_and(is_japanese) {
                out.push(format!("{word} touches Japanese (set it off with spaces)"));
            }
        }
        // です・ます調: every sentence ends politely; a message's last one may
        // end in a noun or a value.
        let ends = sentence_ends(s);
        for (k, end) in ends.iter().enumerate() {
            let last_of_text = is_text && k + 1 == ends.len();
            let polite = POLITE.iter().any(|p| end.ends_with(p));
            let plain_verb = end
                .chars()
                .last()
                .is_some_and(|c| ('\u{3041}'..='\u{309f}').contains(&c));
            if !polite && (!last_of_text || plain_verb) {
                out.push(format!(
                    "not です・ます: …{}",
                    end.chars()
                        .rev()
                        .take(12)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect::<String>()
                ));
            }
        }
        // A message is one line after `CODE: `: no final 。; a meaning or a
        // fix is prose: a final 。.
        if is_text && s.ends_with('。') {
            out.push("a message text ends without 。".into());
        }
        if !is_text && !s.ends_with('。') {
            out.push("a meaning or fix ends with 。".into());
        }
        out
    }

    /// The entries another change is reworking now (their parameters): the
    /// style applies to them once it lands.
    const STYLE_PENDING: [&str; 0] = [];

    /// docs/messages-style.md, the mechanical part: terms, punctuation,
    /// spacing, です・ます調, final 。.
    #[test]
    fn japanese_style() {
        let mut problems = Vec::new();
        for code in Code::ALL {
            let info = code.info();
            if STYLE_PENDING.contains(&info.code) {
                continue;
            }
            for (what, s, is_text) in [
                ("text", info.text[0], true),
                ("meaning", info.meaning[0], false),
                ("fix", info.fix[0], false),
            ] {
                for p in style_problems(s, is_text) {
                    problems.push(format!("{} {what}: {p}\n    {s}", info.code));
                }
            }
        }
        let note = capped_note(100, Lang::Ja);
        for p in style_problems(note.trim_start_matches('(').trim_end_matches(')'), true) {
            problems.push(format!("capped note: {p}"));
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// The same style for the interface texts of [`super::super::ui`]
    /// (`validate`'s summary, what `report`, `export` and `init` wrote).
    /// The round's line of the summary (laid out in columns with two-space
    /// gaps, its correction a noun phrase such as 1年分、補正なし) is not
    /// checked; the multi-line note after `init` is prose (each sentence
    /// ends with 。).
    #[test]
    fn japanese_style_of_the_interface_texts() {
        const LAYOUT: [&str; 18] = [
            "RoundHeader",
            "NoCorrection",
            "Divided",
            // Column names and table totals: nouns, not sentences.
            "ColumnSource",
            "ColumnRecord",
            "ColumnNum",
            "ColumnDen",
            "ColumnReason",
            "ColumnKey",
            "ColumnRound",
            "ColumnValue",
            "ColumnNumerator",
            "ColumnDenominator",
            "ColumnUnit",
            "ComputedFrom",
            "ExplainRecords",
            "ExplainCorrected",
            "ExplainDen",
        ];
        const PROSE: [&str; 1] = ["InitNext"];
        let mut problems = Vec::new();
        for (name, ja, _) in super::super::ui::Ui::TEMPLATES {
            if LAYOUT.contains(name) {
                continue;
            }
            for p in style_problems(ja, !PROSE.contains(name)) {
                problems.push(format!("{name}: {p}\n    {ja}"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn cut_text_notes_its_length_in_the_messages_language() {
        let cut = Found::Cut(Box::new(Found::Text("ab…".into())), 80);
        assert_eq!(cut.show(Lang::En), "\"ab… (80 characters)\"");
        assert_eq!(cut.show(Lang::Ja), "「ab…」(全80文字)");
        let formula = Found::Cut(Box::new(Found::Formula("SUM(A1…".into())), 45);
        assert_eq!(
            formula.show(Lang::En),
            "the formula =SUM(A1… (45 characters) without a saved value"
        );
        assert_eq!(
            formula.show(Lang::Ja),
            "計算結果が保存されていない数式「=SUM(A1…」(全45文字)"
        );
        assert_eq!(Found::TomlType("string").show(Lang::Ja), "文字列");
        assert_eq!(Found::TomlType("string").show(Lang::En), "string");
    }

    /// What a parameter shows in Japanese: found values and choices in 「」,
    /// lists with 、, no English.
    #[test]
    fn japanese_parameters() {
        let ja = |p: &dyn Param| p.show(Lang::Ja);
        assert_eq!(ja(&Found::Blank), "空欄");
        assert_eq!(ja(&Found::Text("約50".into())), "「約50」");
        assert_eq!(ja(&Found::Number("12.5".into())), "「12.5」");
        assert_eq!(ja(&Found::Bool(true)), "「TRUE」");
        assert_eq!(ja(&Found::Date("2026-01-01".into())), "日付「2026-01-01」");
        assert_eq!(ja(&Found::ExcelError("#N/A".into())), "エラー値「#N/A」");
        assert_eq!(
            ja(&Found::Formula("A1*2".into())),
            "計算結果が保存されていない数式「=A1*2」"
        );
        assert_eq!(ja(&Found::Other("16".into())), "「16」");
        assert_eq!(
            ja(&Expect::OneOf(vec!["内資".into(), "外資".into()])),
            "「内資」「外資」のいずれか"
        );
        assert_eq!(ja(&Expect::Range(Term::Theme, 1, 6)), "テーマ(1〜6)");
        assert_eq!(ja(&List::of(["R6", "R7"])), "R6、R7");
        assert_eq!(ja(&List(vec![])), "なし");
        assert_eq!(
            ja(&AndList(vec!["a.xlsx".into(), "a.ods".into()])),
            "a.xlsx と a.ods"
        );
        assert_eq!(
            ja(&Near::Paren(vec!["kpi1.sites".into()])),
            "(近い候補: kpi1.sites)"
        );
        assert_eq!(ja(&Term::PeriodEnd), "報告期間の末日");
        let expects = [
            Expect::Text("研修名".into()),
            Expect::Number,
            Expect::YesNo,
            Expect::Date,
            Expect::FiscalYear,
            Expect::StageOrLaunch,
            Expect::PriorityArea,
        ];
        for e in &expects {
            let shown = ja(e);
            assert!(!shown.contains('"') && !shown.contains(" a "), "{shown}");
            assert!(
                style_problems(&shown, true).is_empty(),
                "{shown}: {:?}",
                style_problems(&shown, true)
            );
        }
        // As a message reads them.
        let m = Msg::NotAChoice {
            expected: Expect::OneOf(vec!["厚労省".into(), "経産省".into()]),
            found: Found::Number("3".into()),
        };
        assert_eq!(
            m.text(Lang::Ja),
            "「厚労省」「経産省」のいずれかが必要ですが「3」が入力されています"
        );
    }

    #[test]
    fn the_example_of_the_spec() {
        let m = Msg::NotANumber {
            found: Found::Text("約50".into()),
        };
        assert_eq!(m.code().as_str(), "E0107");
        assert_eq!(
            m.text(Lang::Ja),
            "数値が必要ですが「約50」が入力されています"
        );
        assert_eq!(m.text(Lang::En), "expected a number, found \"約50\"");
    }
}
