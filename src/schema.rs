//! The one description of every dataset (SPEC §4): its file and sheets,
//! each column's header, frame column, frame dtype, whether it may be blank,
//! the values it accepts, and what it means in the analyst's words.
//!
//! The reader matches headers and checks values with it, the KPIs and
//! `explain` name frame columns from it, `export` writes its columns in its
//! order, and `init` writes the collection forms (headers, dropdowns,
//! instructions) from it, so a form and the reader cannot disagree. A
//! dataset's name and file are its [`crate::dataset::Dataset`]'s.

use crate::dataset::Dataset as Id;

/// Whether a column must be there and filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Present, every cell filled.
    Required,
    /// Present, cells may be blank.
    MayBeBlank,
    /// May be absent altogether, and blank where present.
    Optional,
}

/// What a cell holds, as the reader checks it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A whole number ≥ 0.
    Count,
    /// A number ≥ 0.
    NonNegative,
    /// Any number.
    Number,
    /// A date (date cell, serial, or a written date in any era form).
    Date,
    /// A fiscal year in any form (2025, 令和7年度, R7).
    FiscalYear,
    /// Yes or no ([`YES`]/[`NO`] spellings; forms offer はい/いいえ).
    YesNo,
    /// One of a fixed list (the form's dropdown). The reader accepts these
    /// exact values (after NFKC), and for numeric codes the same numbers.
    OneOf(&'static [&'static str]),
}

/// The dtype of a column in the validated frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    Str,
    I32,
    I64,
    F64,
    Bool,
    Date,
}

/// One column of a sheet and of its frame.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The header as SPEC §4 writes it.
    pub header: &'static str,
    /// The frame column it becomes (`""` when it becomes no column of its
    /// own, like 資本 which becomes `domestic`).
    pub column: &'static str,
    pub dtype: Dtype,
    pub kind: Kind,
    pub presence: Presence,
    /// What to write, in Japanese, for the form's instructions and export.
    pub meaning: &'static str,
    /// An example value for the instructions sheet.
    pub example: &'static str,
    /// What each of the column's choices stands for, in the order of
    /// `kind.choices()` (empty when the values speak for themselves): the
    /// instructions list a column's own meanings, never a list's that
    /// merely has the same codes.
    pub explained: &'static [&'static str],
}

impl Field {
    /// The field with what each of its choices stands for.
    const fn explained(self, explained: &'static [&'static str]) -> Field {
        Field { explained, ..self }
    }

    /// A blank cell is allowed (read as null).
    pub const fn blank_ok(&self) -> bool {
        !matches!(self.presence, Presence::Required)
    }

    /// The column itself may be absent.
    pub const fn optional(&self) -> bool {
        matches!(self.presence, Presence::Optional)
    }
}

const fn field(
    header: &'static str,
    column: &'static str,
    dtype: Dtype,
    kind: Kind,
    presence: Presence,
    meaning: &'static str,
    example: &'static str,
) -> Field {
    Field {
        header,
        column,
        dtype,
        kind,
        presence,
        meaning,
        example,
        explained: &[],
    }
}

use Dtype as D;
use Kind as K;
use Presence as P;

/// One sheet of a dataset.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    /// The sheet name (a CSV is `<stem>.<sheet>.csv`).
    pub name: &'static str,
    /// The frame the sheet's rows go to.
    pub frame: &'static str,
    pub fields: &'static [Field],
    /// The sheet holds exactly one record (拠点情報).
    pub one_row: bool,
    /// What the sheet is for, for the form's instructions.
    pub purpose: &'static str,
}

impl Sheet {
    /// The field whose frame column is `column`.
    pub fn field(&self, column: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.column == column)
    }
}

/// One dataset of a round folder.
#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    /// The name `validate` and `export` use.
    pub name: &'static str,
    /// The file stem under the round folder (`sites` is a folder of one
    /// workbook per station, named by the station).
    pub stem: &'static str,
    pub sheets: &'static [Sheet],
    /// What the dataset is, for forms and export.
    pub title: &'static str,
}

// ------------------------------------------------------------ vocabularies

/// Yes/no spellings the reader accepts (after NFKC, lower-cased).
/// The kana answers also in katakana (ハイ, アリ; half-width ﾊｲ reads as
/// ハイ after NFKC), and 有/無 also with their okurigana (有り/無し).
pub const YES: [&str; 12] = [
    "はい", "ハイ", "あり", "アリ", "有", "有り", "○", "◯", "〇", "1", "yes", "true",
];
pub const NO: [&str; 11] = [
    "いいえ",
    "イイエ",
    "なし",
    "ナシ",
    "無",
    "無し",
    "×",
    "✕",
    "0",
    "no",
    "false",
];
/// What a form's yes/no dropdown offers.
pub const YES_NO_CHOICES: &[&str] = &["はい", "いいえ"];

/// 所管 of a station.
pub const MINISTRIES: &[&str] = &["厚労省", "経産省"];

/// The training themes 1–6 of the seed's form (基本計画に示された内容).
pub const THEMES: [&str; 6] = [
    "医療機器の研究開発に積極的に携わる医師をはじめとする医療従事者の育成",
    "臨床現場を理解した企業の医療機器の研究開発人材の育成",
    "実用化を見据えて医療機器の研究開発を進めることができるアカデミア人材(有望なシーズを有する若手研究者、レギュラトリーサイエンスを理解した医師や医工学系の人材)の育成",
    "出口戦略を策定し、計画全体を立案・管理する能力を有する人材(コーディネーター人材)の育成",
    "AI研究開発に必要な人材の育成",
    "その他の育成",
];
pub const THEME_CODES: &[&str] = &["1", "2", "3", "4", "5", "6"];

/// The 共同研究 items: (sheet wording, key used in frames and indicators).
pub const JOINT_ITEMS: [(&str, &str); 9] = [
    ("基礎研究", "basic"),
    ("開発研究", "development"),
    ("非臨床試験", "nonclinical"),
    ("臨床試験", "clinical"),
    ("他拠点連携", "inter_site"),
    ("国際共同治験基盤", "intl_trial_network"),
    ("基盤整備①", "platform1"),
    ("基盤整備②", "platform2"),
    ("基盤整備③", "platform3"),
];
pub const JOINT_ITEM_WORDINGS: &[&str] = &[
    "基礎研究",
    "開発研究",
    "非臨床試験",
    "臨床試験",
    "他拠点連携",
    "国際共同治験基盤",
    "基盤整備①",
    "基盤整備②",
    "基盤整備③",
];

/// What each 共同研究 item counts, in the seed's form's words (its table
/// of 基本計画に示された内容, items 1–4).
pub const JOINT_ITEM_MEANINGS: [&str; 9] = [
    "医療機器に関する企業との共同研究のうち、基礎研究の件数",
    "医療機器に関する企業との共同研究のうち、開発研究の件数",
    "医療機器に関する企業との共同研究のうち、非臨床試験の件数",
    "医療機器に関する企業との共同研究のうち、臨床試験の件数",
    "医療機器に関する他拠点(他病院、中核等他拠点事業)との協力の件数(事前の取り決めが文書等で確認できるものに限る)",
    "医療機器に関する国際共同治験の基盤構築(海外の臨床研究・治験ネットワークの構築)の件数(事前の取り決めが文書等で確認できるものに限る)",
    "重点5分野の研究開発を支えるプラットフォームの整備のうち、AIを用いた医療機器等の研究開発のための、産学が利用できるデータ利活用基盤の整備の件数",
    "重点5分野の研究開発を支えるプラットフォームの整備のうち、非臨床試験開発と国際規格開発が連動するレギュラトリーサイエンスの基盤、人材育成及び研究開発拠点の整備の件数",
    "重点5分野の研究開発を支えるプラットフォームの整備のうち、次世代の医療機器の研究開発に資する部品・部材等の要素技術の開発、製造基盤の整備の件数",
];

/// 研修区分 1–4 of the satisfaction survey.
pub const CATEGORIES: [&str; 4] = [
    "医療従事者",
    "企業人材",
    "アカデミア人材",
    "コーディネート人材",
];
pub const CATEGORY_CODES: &[&str] = &["1", "2", "3", "4"];

/// A survey question: its sheet column, frame column and answers in order.
pub struct Question {
    pub column: &'static str,
    pub key: &'static str,
    /// The question as the questionnaire (and the seed's charts) ask it.
    pub title: &'static str,
    pub answers: &'static [&'static str],
}

const AFFILIATIONS: &[&str] = &[
    "企業(医療系)",
    "企業(その他)",
    "大学・研究機関等(医療系)",
    "大学・研究機関等(医療系以外)",
    "医療機関(医師)",
    "医療機関(医師以外)",
    "その他",
];
const AGES: &[&str] = &["20代未満", "20代", "30代", "40代", "50代", "60代以上"];
const KNOWLEDGE: &[&str] = &[
    "予想以上に得られた",
    "得られた",
    "どちらともいえない",
    "得られていない",
];
const MOTIVATION: &[&str] = &["意欲が増した", "意欲に変化はない", "意欲が減った"];
const USEFULNESS: &[&str] = &[
    "大いに役立つ",
    "役立つ",
    "どちらともいえない",
    "あまり役立たない",
    "役立たない",
];
const SATISFACTION_ANSWERS: &[&str] = &[
    "満足度100%",
    "満足度80%",
    "満足度60%",
    "満足度40%",
    "満足度20%以下",
];

pub const QUESTIONS: [Question; 6] = [
    Question {
        column: "所属",
        title: "参加者の所属",
        key: "affiliation",
        answers: AFFILIATIONS,
    },
    Question {
        column: "年齢",
        title: "参加者の年齢区分",
        key: "age",
        answers: AGES,
    },
    Question {
        column: "知識",
        title: "研修目的に沿った知識は得られたか",
        key: "knowledge",
        answers: KNOWLEDGE,
    },
    Question {
        column: "意欲",
        title: "研修前後の意欲変化",
        key: "motivation",
        answers: MOTIVATION,
    },
    Question {
        column: "有用性",
        title: "研修で得た知識は今後役に立つか",
        key: "usefulness",
        answers: USEFULNESS,
    },
    Question {
        column: "満足度",
        title: "研修の満足度",
        key: "satisfaction",
        answers: SATISFACTION_ANSWERS,
    },
];
/// 所属 answer 5 is 医療機関(医師): the physician share, a 3rd-plan candidate.
pub const PHYSICIAN: i32 = 5;

/// 資本: 内資 (head office in Japan) or 外資.
pub const CAPITAL_KINDS: &[&str] = &["内資", "外資"];

/// 重点分野 as written in a form: 1–5, なし, 複数.
pub const AREA_CHOICES: &[&str] = &["1", "2", "3", "4", "5", "なし", "複数"];
/// The frame's `area` values, in the order of [`AREA_CHOICES`].
pub const AREAS: [&str; 7] = ["area1", "area2", "area3", "area4", "area5", "none", "multi"];
/// The priority columns of KPI 6: area1–5 and なし/複数 together.
pub const AREA_COLUMNS: [&str; 6] = [
    "area1",
    "area2",
    "area3",
    "area4",
    "area5",
    "area_none_multi",
];
/// The stages of AMED's 医療機器開発マネジメント ステージゲート, 1–4.
pub const STAGES: [&str; 4] = ["基礎研究", "製品開発", "非臨床", "臨床(治験・臨床研究)"];
/// 現在ステージ: the stages and 上市.
pub const CURRENT_STAGES: [&str; 5] = [
    "基礎研究",
    "製品開発",
    "非臨床",
    "臨床(治験・臨床研究)",
    "上市済み",
];
/// The 重点5分野 of the basic plan, なし and 複数, in the order of
/// [`AREA_CHOICES`].
pub const AREA_MEANINGS: [&str; 7] = [
    "日常生活における健康無関心層の疾病予防、重症化予防に資する医療機器",
    "予後改善につながる診断の一層の早期化に資する医療機器",
    "臨床的なアウトカムの最大化に資する個別化医療に向けた診断と治療が一体化した医療機器",
    "高齢者等の身体機能の補完・向上に関する医療機器",
    "医療従事者の業務の効率化・負担軽減に資する医療機器",
    "重点分野のいずれにも該当しない",
    "重点分野の複数に該当する",
];
/// 採択時ステージ.
pub const STAGE_CHOICES: &[&str] = &["1", "2", "3", "4"];
/// 現在ステージ: a stage or 上市 (launched).
pub const CURRENT_STAGE_CHOICES: &[&str] = &["1", "2", "3", "4", "上市"];
/// 現在ステージ `上市` (launched) is stored as this stage number: later than 4.
pub const LAUNCHED: i64 = 5;

/// The KPIs reported by the ministries rather than measured by MDSI.
pub const FOLLOWUP_KPIS: [i64; 6] = [4, 5, 8, 9, 10, 11];
pub const FOLLOWUP_KPI_CHOICES: &[&str] = &["4", "5", "8", "9", "10", "11"];
/// 望ましい方向 of a follow-up series (SPEC §18): which way is an
/// improvement, for the summary's 評価.
pub const DIRECTION_CHOICES: &[&str] = &["増加", "減少"];
/// What each of [`DIRECTION_CHOICES`] means.
pub const DIRECTION_MEANINGS: [&str; 2] = [
    "値が増えるほど望ましい(承認品目数、利活用件数など)",
    "値が減るほど望ましい(デバイス・ラグの月数など)",
];

// ------------------------------------------------------------ datasets

pub const SITE_INFO: Sheet = Sheet {
    name: "拠点情報",
    frame: "stations",
    one_row: true,
    purpose: "拠点の名称・事業・分野・所管(1行のみ)",
    fields: &[
        field(
            "拠点名",
            "name",
            D::Str,
            K::Text,
            P::MayBeBlank,
            "拠点の名称。空欄の場合はファイル名を拠点名とします",
            "国立大学法人○○大学",
        ),
        field(
            "事業",
            "program",
            D::Str,
            K::Text,
            P::MayBeBlank,
            "採択されている事業の名称",
            "優れた医療機器の創出に係る産業振興拠点強化事業",
        ),
        field(
            "分野",
            "field",
            D::Str,
            K::Text,
            P::MayBeBlank,
            "事業内の分野",
            "人材育成拠点",
        ),
        field(
            "所管",
            "ministry",
            D::Str,
            K::OneOf(MINISTRIES),
            P::MayBeBlank,
            "事業の所管省庁(厚労省/経産省)",
            "厚労省",
        ),
    ],
};

pub const SITE_TRAINING: Sheet = Sheet {
    name: "人材育成研修",
    frame: "training",
    one_row: false,
    purpose: "予め設定された教育テーマに基づく一貫したカリキュラムのある人材育成研修の実績(単発の講義等は除外)。複数のテーマを扱う研修はテーマごとに1行",
    fields: &[
        field("テーマ", "theme", D::I64, K::OneOf(THEME_CODES), P::Required,
            "基本計画に示されたテーマの番号(1〜6)", "1").explained(&THEMES),
        field("研修名", "course", D::Str, K::Text, P::Required,
            "研修(コース)の名称", "医療機器開発セミナー"),
        field("受入人数", "participants", D::I64, K::Count, P::Required,
            "報告期間の受入人数(0以上の整数)", "25"),
        field("備考", "note", D::Str, K::Text, P::MayBeBlank,
            "補足(任意)", ""),
    ],
};

pub const SITE_JOINT: Sheet = Sheet {
    name: "共同研究",
    frame: "joint_research",
    one_row: false,
    purpose: "医療機器に関する企業との共同研究・他拠点連携・国際共同治験基盤・プラットフォーム整備の件数。該当しない項目は省略可(0件)",
    fields: &[
        field("項目", "item", D::Str, K::OneOf(JOINT_ITEM_WORDINGS), P::Required,
            "共同研究等の項目(各項目1行まで)。基盤整備①②③は重点5分野の研究開発を支えるプラットフォームの整備(① AIのデータ利活用基盤、② レギュラトリーサイエンスの基盤、③ 部品・部材等の要素技術・製造基盤)", "基礎研究").explained(&JOINT_ITEM_MEANINGS),
        field("件数", "count", D::I64, K::Count, P::Required,
            "報告期間の件数(0以上の整数)", "3"),
    ],
};

pub const SITES: Dataset = Dataset {
    name: Id::Sites.name(),
    stem: Id::Sites.file(),
    title: "拠点調査票",
    sheets: &[SITE_INFO, SITE_TRAINING, SITE_JOINT],
};

pub const SATISFACTION_SHEET: Sheet = Sheet {
    name: "回答",
    frame: "satisfaction",
    one_row: false,
    purpose: "研修受講者アンケートの回答(1回答1行)。未回答の設問は空欄",
    fields: &[
        field(
            "研修区分",
            "category",
            D::I32,
            K::OneOf(CATEGORY_CODES),
            P::Required,
            "研修区分(1 医療従事者, 2 企業人材, 3 アカデミア人材, 4 コーディネート人材)",
            "1",
        )
        .explained(&CATEGORIES),
        field(
            "所属",
            "affiliation",
            D::I32,
            K::OneOf(AFFILIATIONS),
            P::MayBeBlank,
            "参加者の所属",
            "医療機関(医師)",
        ),
        field(
            "年齢",
            "age",
            D::I32,
            K::OneOf(AGES),
            P::MayBeBlank,
            "参加者の年齢区分",
            "40代",
        ),
        field(
            "知識",
            "knowledge",
            D::I32,
            K::OneOf(KNOWLEDGE),
            P::MayBeBlank,
            "研修目的に沿った知識は得られたか",
            "得られた",
        ),
        field(
            "意欲",
            "motivation",
            D::I32,
            K::OneOf(MOTIVATION),
            P::MayBeBlank,
            "研修前後の意欲変化",
            "意欲が増した",
        ),
        field(
            "有用性",
            "usefulness",
            D::I32,
            K::OneOf(USEFULNESS),
            P::MayBeBlank,
            "研修で得た知識は今後役に立つか",
            "役立つ",
        ),
        field(
            "満足度",
            "satisfaction",
            D::I32,
            K::OneOf(SATISFACTION_ANSWERS),
            P::MayBeBlank,
            "研修の満足度",
            "満足度80%",
        ),
    ],
};

pub const SATISFACTION: Dataset = Dataset {
    name: Id::Satisfaction.name(),
    stem: Id::Satisfaction.file(),
    title: "研修満足度調査",
    sheets: &[SATISFACTION_SHEET],
};

pub const COMPANIES_SHEET: Sheet = Sheet {
    name: "回答",
    frame: "companies",
    one_row: false,
    purpose: "医機連会員企業アンケートの回答(1社1行)",
    fields: &[
        field(
            "回答ID",
            "id",
            D::Str,
            K::Text,
            P::Required,
            "回答の識別子(重複不可)",
            "C001",
        ),
        field(
            "資本",
            "domestic",
            D::Bool,
            K::OneOf(CAPITAL_KINDS),
            P::Required,
            "内資(本社が日本)または外資",
            "内資",
        ),
        field(
            "設立日",
            "founded",
            D::Date,
            K::Date,
            P::Required,
            "会社の設立日",
            "2015-04-01",
        ),
        field(
            "資本金(百万円)",
            "capital_million_yen",
            D::F64,
            K::NonNegative,
            P::Required,
            "資本金または出資総額(百万円)",
            "30",
        ),
        field(
            "従業員数",
            "employees",
            D::I64,
            K::Count,
            P::Required,
            "従業員数(0以上の整数)",
            "12",
        ),
        field(
            "自社研究開発",
            "own_rd",
            D::Bool,
            K::YesNo,
            P::Required,
            "医療機器の研究開発を自社で行っているか",
            "はい",
        ),
        field(
            "輸入主体",
            "importer",
            D::Bool,
            K::YesNo,
            P::Required,
            "事業が輸入主体か",
            "いいえ",
        ),
        field(
            "異業種参入",
            "cross_industry_entry",
            D::Bool,
            K::YesNo,
            P::Required,
            "以前は医療機器事業を行っていなかったか",
            "いいえ",
        ),
        field(
            "医療機器研究開発開始日",
            "rd_start",
            D::Date,
            K::Date,
            P::MayBeBlank,
            "医療機器の研究開発を始めた日(不明なら空欄)",
            "2021-10-01",
        ),
        field(
            "研究開発特化型",
            "rd_specialised",
            D::Bool,
            K::YesNo,
            P::Required,
            "研究開発に特化し(ライセンスアウト等)、自社で製品を販売しないか",
            "いいえ",
        ),
        field(
            "上市可能製品",
            "marketable_product",
            D::Bool,
            K::YesNo,
            P::Required,
            "上市可能な製品を有するか",
            "はい",
        ),
        field(
            "海外拠点_研究開発",
            "base_rd",
            D::Bool,
            K::YesNo,
            P::Required,
            "海外拠点①研究開発(CVCを含む)",
            "いいえ",
        ),
        field(
            "海外拠点_生産",
            "base_production",
            D::Bool,
            K::YesNo,
            P::Required,
            "海外拠点②生産",
            "いいえ",
        ),
        field(
            "海外拠点_販売",
            "base_sales",
            D::Bool,
            K::YesNo,
            P::Required,
            "海外拠点③販売(マーケティングを含む)",
            "いいえ",
        ),
        field(
            "海外拠点_教育",
            "base_training",
            D::Bool,
            K::YesNo,
            P::Required,
            "海外拠点④教育",
            "いいえ",
        ),
        field(
            "海外拠点_その他",
            "base_other",
            D::Bool,
            K::YesNo,
            P::Required,
            "海外拠点⑤その他",
            "いいえ",
        ),
        field(
            "輸出",
            "export",
            D::Bool,
            K::YesNo,
            P::Required,
            "輸出を行っているか",
            "はい",
        ),
        field(
            "知財海外出願",
            "ip_abroad",
            D::Bool,
            K::YesNo,
            P::Required,
            "知的財産を海外に出願しているか",
            "いいえ",
        ),
        field(
            "海外投資",
            "investment",
            D::Bool,
            K::YesNo,
            P::Required,
            "海外へ投資しているか",
            "いいえ",
        ),
        field(
            "海外許認可申請",
            "regulatory",
            D::Bool,
            K::YesNo,
            P::Required,
            "海外で許認可を申請しているか",
            "いいえ",
        ),
        field(
            "海外共同研究開発",
            "joint_rd",
            D::Bool,
            K::YesNo,
            P::Required,
            "海外と共同研究開発を行っているか",
            "いいえ",
        ),
    ],
};

pub const COMPANIES: Dataset = Dataset {
    name: Id::Companies.name(),
    stem: Id::Companies.file(),
    title: "企業アンケート",
    sheets: &[COMPANIES_SHEET],
};

pub const AMED_SHEET: Sheet = Sheet {
    name: "課題",
    frame: "amed",
    one_row: false,
    purpose: "AMED医療機器関連事業の採択課題(1課題1行)",
    fields: &[
        field(
            "課題番号",
            "id",
            D::Str,
            K::Text,
            P::Required,
            "課題番号(重複不可)",
            "JP25hm0001",
        ),
        field(
            "事業名",
            "program",
            D::Str,
            K::Text,
            P::Required,
            "事業の現在の名称(名称変更された事業は現在の名称)",
            "医療機器開発推進研究事業",
        ),
        field(
            "課題名",
            "title",
            D::Str,
            K::Text,
            P::Required,
            "課題の名称",
            "○○を用いた診断機器の開発",
        ),
        field(
            "採択年度",
            "adopted_fy",
            D::I32,
            K::FiscalYear,
            P::Required,
            "採択された年度(2024, 令和6年度, R6 など)",
            "令和6年度",
        ),
        field(
            "助成額(千円)",
            "grant",
            D::F64,
            K::NonNegative,
            P::Required,
            "単年度の助成額(千円)",
            "50000",
        ),
        field(
            "重点分野",
            "area",
            D::Str,
            K::OneOf(AREA_CHOICES),
            P::Required,
            "重点5分野の番号(1〜5)、該当なしは「なし」、複数該当は「複数」",
            "3",
        )
        .explained(&AREA_MEANINGS),
        field(
            "採択時ステージ",
            "stage_adopted",
            D::I32,
            K::OneOf(STAGE_CHOICES),
            P::Required,
            "採択時のステージ(1 基礎研究, 2 製品開発, 3 非臨床, 4 臨床(治験・臨床研究))",
            "2",
        )
        .explained(&STAGES),
        field(
            "現在ステージ",
            "stage_current",
            D::I32,
            K::OneOf(CURRENT_STAGE_CHOICES),
            P::Required,
            "現在(調査時点)のステージ(1〜4)、上市済みは「上市」",
            "3",
        )
        .explained(&CURRENT_STAGES),
    ],
};

pub const AMED: Dataset = Dataset {
    name: Id::Amed.name(),
    stem: Id::Amed.file(),
    title: "AMED採択課題",
    sheets: &[AMED_SHEET],
};

pub const FOLLOWUP_SHEET: Sheet = Sheet {
    name: "フォローアップ",
    frame: "followup",
    one_row: false,
    purpose:
        "関係省庁のフォローアップ報告(KPI 4, 5, 8, 9, 10, 11)。数値の行は時系列、文章の行は取組状況",
    fields: &[
        field(
            "KPI番号",
            "kpi",
            D::I64,
            K::OneOf(FOLLOWUP_KPI_CHOICES),
            P::Required,
            "KPIの番号(4, 5, 8, 9, 10, 11)",
            "4",
        ),
        field(
            "指標",
            "indicator",
            D::Str,
            K::Text,
            P::Required,
            "指標の名称",
            "デバイス・ラグ",
        ),
        field(
            "年度",
            "fiscal_year",
            D::I64,
            K::FiscalYear,
            P::Required,
            "値の年度(2024, 令和6年度, R6 など)",
            "令和6年度",
        ),
        field(
            "値",
            "value",
            D::F64,
            K::Number,
            P::MayBeBlank,
            "数値(文章のみの行は空欄)",
            "2.5",
        ),
        field(
            "単位",
            "unit",
            D::Str,
            K::Text,
            P::MayBeBlank,
            "値の単位",
            "月",
        ),
        field(
            "状況",
            "status",
            D::Str,
            K::Text,
            P::MayBeBlank,
            "取組状況(文章)。値と状況のどちらかは必須",
            "",
        ),
        field(
            "報告主体",
            "body",
            D::Str,
            K::Text,
            P::Required,
            "報告した省庁・機関",
            "厚生労働省",
        ),
        field(
            "キー",
            "key",
            D::Str,
            K::Text,
            P::Optional,
            "指標キー(半角英小文字・数字・_、例 device_lag_months)。空欄可",
            "device_lag_months",
        ),
        field(
            "出典",
            "source",
            D::Str,
            K::Text,
            P::Optional,
            "数値の出典となる資料",
            "PMDA年報",
        ),
        field(
            "時点",
            "as_of",
            D::Date,
            K::Date,
            P::Optional,
            "数値の時点(日付)",
            "2025-03-31",
        ),
        field(
            "望ましい方向",
            "direction",
            D::Str,
            K::OneOf(DIRECTION_CHOICES),
            P::Optional,
            "数値が増加・減少のどちらに向かうと望ましいか(増加 または 減少)。概要表の評価(改善・悪化)に使う。空欄の指標は評価を「—」とする。同じ指標の行には同じ方向を記入",
            "減少",
        )
        .explained(&DIRECTION_MEANINGS),
    ],
};

pub const FOLLOWUP: Dataset = Dataset {
    name: Id::Followup.name(),
    stem: Id::Followup.file(),
    title: "フォローアップ",
    sheets: &[FOLLOWUP_SHEET],
};

// ------------------------------------------------------------ forms (`mdkpi init`)

/// The sub-folder of a round where `mdkpi init` writes the collection
/// forms. Not an input: the reader passes over it without a warning.
pub const FORMS_DIR: &str = "forms";
/// The instructions sheet of every form. A filled form is an input as it
/// is, so the reader skips a sheet of this name without a warning.
pub const INSTRUCTIONS_SHEET: &str = "記入要領";
/// The sheet holding a form's dropdown lists that are too long to be
/// written into the validation itself (Excel: 255 characters). Skipped by
/// the reader like [`INSTRUCTIONS_SHEET`].
pub const LISTS_SHEET: &str = "選択肢";
/// The sheets a form carries besides the dataset's own.
pub const FORM_SHEETS: [&str; 2] = [INSTRUCTIONS_SHEET, LISTS_SHEET];

/// Numbers reach the reader below this magnitude (10^15: beyond it a
/// double no longer holds every whole number and no figure is that large);
/// the forms' number checks stop below it too.
pub const NUMBER_LIMIT: f64 = 1e15;

impl Kind {
    /// What a cell of this kind takes, in Japanese: the forms' input hints,
    /// error messages and instructions.
    pub fn rule_ja(&self) -> String {
        match self {
            Kind::Text => "文字".into(),
            Kind::Count => "0以上の整数".into(),
            Kind::NonNegative => "0以上の数値".into(),
            Kind::Number => "数値".into(),
            Kind::Date => "日付(例 2026-01-01、2026/1/1、令和8年1月1日)".into(),
            Kind::FiscalYear => "年度(例 2026、令和8年度、R8)".into(),
            Kind::YesNo => format!("{}のいずれか", YES_NO_CHOICES.join("・")),
            Kind::OneOf(list) => format!("{}のいずれか", list.join("・")),
        }
    }

    /// The values a form's dropdown offers for this kind, if it has one.
    pub fn choices(&self) -> Option<&'static [&'static str]> {
        match self {
            Kind::YesNo => Some(YES_NO_CHOICES),
            Kind::OneOf(list) => Some(list),
            _ => None,
        }
    }
}

impl Presence {
    /// 必須 / 空欄可 / 任意, for the forms' instructions.
    pub fn label_ja(&self) -> &'static str {
        match self {
            Presence::Required => "必須",
            Presence::MayBeBlank => "空欄可",
            Presence::Optional => "任意(列ごと省略可)",
        }
    }
}

impl Dataset {
    /// The form's file name under [`FORMS_DIR`], and where a filled form
    /// goes in the round folder: `site.xlsx` is one station's workbook
    /// (`sites/<station>.xlsx`), every other form is `<stem>.xlsx`.
    pub fn form_file(&self) -> String {
        if self.name == SITES.name {
            "site.xlsx".into()
        } else {
            format!("{}.xlsx", self.stem)
        }
    }
}

/// Every dataset, in the order `validate` and `export` list them.
pub const DATASETS: [Dataset; 5] = [SITES, SATISFACTION, COMPANIES, AMED, FOLLOWUP];

/// The layout of a tabular dataset; None for the text files.
pub fn layout(id: Id) -> Option<&'static Dataset> {
    DATASETS.iter().find(|d| d.name == id.name())
}

/// Columns every record frame carries besides its fields: where it was
/// read (`file` relative to the data folder's round, `row` 1-based), so a
/// record's source is `path:sheet:row`.
pub const SOURCE_FILE: &str = "file";
pub const SOURCE_ROW: &str = "row";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_columns_are_unique_within_a_sheet() {
        for d in DATASETS {
            for s in d.sheets {
                let mut seen = std::collections::BTreeSet::new();
                for f in s.fields {
                    assert!(seen.insert(f.column), "{}:{} {}", d.name, s.name, f.column);
                }
            }
        }
    }

    #[test]
    fn form_files_are_the_stems() {
        for d in DATASETS {
            let file = d.form_file();
            let stem = file.trim_end_matches(".xlsx");
            match d.name {
                "sites" => assert_eq!(stem, "site"),
                _ => assert_eq!(stem, d.stem),
            }
        }
        // A column's meanings are one per choice.
        for d in DATASETS {
            for f in d.sheets.iter().flat_map(|s| s.fields) {
                if !f.explained.is_empty() {
                    let choices = f.kind.choices().unwrap_or_default();
                    assert_eq!(choices.len(), f.explained.len(), "{}", f.header);
                }
            }
        }
    }

    #[test]
    fn vocabularies_agree() {
        assert_eq!(JOINT_ITEM_WORDINGS.len(), JOINT_ITEMS.len());
        for (w, (item, _)) in JOINT_ITEM_WORDINGS.iter().zip(JOINT_ITEMS) {
            assert_eq!(*w, item);
        }
        assert_eq!(THEME_CODES.len(), THEMES.len());
        assert_eq!(CATEGORY_CODES.len(), CATEGORIES.len());
        assert_eq!(AREA_CHOICES.len(), AREAS.len());
        for (q, f) in QUESTIONS.iter().zip(&SATISFACTION_SHEET.fields[1..]) {
            assert_eq!((q.column, q.key), (f.header, f.column));
            assert_eq!(f.kind, Kind::OneOf(q.answers));
        }
        assert_eq!(
            AFFILIATIONS[PHYSICIAN as usize - 1],
            "医療機関(医師)",
            "the physician share counts this answer"
        );
    }
}
