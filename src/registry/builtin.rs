//! The built-in indicators, in SPEC §5 order. A family is one line over
//! the dimensions of the schema: the group's dimensions are bound outer to
//! inner, and each binding gives every line of the group in order, so
//! `kpi6.{area}.topics`, `.grant_mean`, `.topics_evaluated` come area by
//! area as the indicator table lists them.
//!
//! Directions (SPEC §18's 評価; docs/model.md gives the reasons): what the
//! plan wants more of is `up` (trainees, ventures and cross-industry
//! entrants, joint research, stage-up and launch, international activity);
//! what only describes the survey's scope or mix is `none` (stations,
//! responses, topics adopted, grants, shares of survey answers, matrix
//! cells); the follow-up series are `none` until followup.xlsx carries
//! 望ましい方向.

use crate::schema::{AREA_COLUMNS, CATEGORIES, FOLLOWUP_KPIS, QUESTIONS};

use super::{Direction, Entry, Row, Series};
use super::{
    UNIT_CASES, UNIT_COMPANIES, UNIT_COURSES, UNIT_PEOPLE, UNIT_RATIO, UNIT_STATIONS,
    UNIT_THOUSAND_YEN,
};

/// The suffix of an open family's key: its keys come from the data.
pub(super) const OPEN: &str = ".<キー>";

/// A dimension a family ranges over: its placeholder, and each value's
/// key part and name part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    /// `{t}`: training themes 1–6.
    Theme,
    /// `{q}`: the satisfaction survey's questions.
    Question,
    /// `{c}`: training categories 1–4.
    Category,
    /// `{a}`: the answers of the bound question, 1…n, then `none`.
    Answer,
    /// `{x}`: KPI 3's joint-research figures.
    Item,
    /// `{area}`: AMED priority columns.
    Area,
    /// `{s}`: adoption stages 1–4.
    Stage,
    /// `{now}`: current stages 1–4 and launch.
    Now,
    /// `{matrix}`: the transition matrix over evaluated topics or all.
    Matrix,
    /// `{all}`: over evaluated topics (empty) or all (`_all`).
    Scope,
}

const DIMS: [Dim; 10] = [
    Dim::Theme,
    Dim::Question,
    Dim::Category,
    Dim::Answer,
    Dim::Item,
    Dim::Area,
    Dim::Stage,
    Dim::Now,
    Dim::Matrix,
    Dim::Scope,
];

/// KPI 3's figures by 共同研究 item, in SPEC order.
pub const JOINT_RESEARCH: [&str; 10] = [
    "basic",
    "development",
    "nonclinical",
    "clinical",
    "verification",
    "inter_site",
    "intl_trial_network",
    "platform1",
    "platform2",
    "platform3",
];

/// KPI 3's figures as the seed's form names them (in [`JOINT_RESEARCH`]
/// order): the name part of `{x}`.
const JOINT_RESEARCH_NAMES: [&str; 10] = [
    "共同研究件数(基礎研究)",
    "共同研究件数(開発研究)",
    "共同研究件数(非臨床試験)",
    "共同研究件数(臨床試験)",
    "検証フェーズ(治験・臨床研究)の共同研究件数",
    "他拠点(他病院、中核等他拠点事業等)間との協力の件数",
    "国際共同治験の基盤構築の件数",
    "基盤整備①(データ利活用基盤)の件数",
    "基盤整備②(レギュラトリーサイエンスの基盤)の件数",
    "基盤整備③(要素技術の開発、製造基盤)の件数",
];

const STAGE_NAMES: [&str; 4] = ["1st", "2nd", "3rd", "4th"];
const EVALUATED: &str = "採択後1年未満を除外";
const ALL_TOPICS: &str = "全テーマ";

impl Dim {
    /// The placeholder's name: `{area}` is `area`.
    pub fn token(self) -> &'static str {
        match self {
            Dim::Theme => "t",
            Dim::Question => "q",
            Dim::Category => "c",
            Dim::Answer => "a",
            Dim::Item => "x",
            Dim::Area => "area",
            Dim::Stage => "s",
            Dim::Now => "now",
            Dim::Matrix => "matrix",
            Dim::Scope => "all",
        }
    }

    fn of_token(token: &str) -> Option<Dim> {
        DIMS.into_iter().find(|d| d.token() == token)
    }

    /// True when `v` is one of its key parts (as [`Dim::values`], without
    /// building them: templates ask this for every matrix cell).
    pub(super) fn has_value(self, v: &str, question: Option<&str>) -> bool {
        let within = |n: usize| {
            v.parse::<usize>().is_ok_and(|i| (1..=n).contains(&i)) && !v.starts_with('0')
        };
        match self {
            Dim::Theme => within(6),
            Dim::Category | Dim::Stage => within(4),
            Dim::Question => QUESTIONS.iter().any(|q| q.key == v),
            Dim::Answer => {
                v == "none"
                    || QUESTIONS
                        .iter()
                        .find(|q| Some(q.key) == question)
                        .is_some_and(|q| within(q.answers.len()))
            }
            Dim::Item => JOINT_RESEARCH.contains(&v),
            Dim::Area => AREA_COLUMNS.contains(&v),
            Dim::Now => within(4) || v == "launch",
            Dim::Matrix => v == "transition" || v == "transition_all",
            Dim::Scope => v.is_empty() || v == "_all",
        }
    }

    /// Its values as (key part, name part); an answer's depend on the
    /// question bound before it (`question`).
    pub fn values(self, question: Option<&str>) -> Vec<(String, String)> {
        let same = |v: String| (v.clone(), v);
        match self {
            Dim::Theme => (1..=6).map(|t| same(t.to_string())).collect(),
            Dim::Category => CATEGORIES
                .iter()
                .enumerate()
                .map(|(i, c)| ((i + 1).to_string(), format!("{c}研修")))
                .collect(),
            Dim::Question => QUESTIONS
                .iter()
                .map(|q| (q.key.to_string(), q.title.to_string()))
                .collect(),
            Dim::Answer => {
                let answers = QUESTIONS
                    .iter()
                    .find(|q| Some(q.key) == question)
                    .map_or(&[][..], |q| q.answers);
                answers
                    .iter()
                    .enumerate()
                    .map(|(i, a)| ((i + 1).to_string(), a.to_string()))
                    .chain([("none".to_string(), "未回答".to_string())])
                    .collect()
            }
            Dim::Item => JOINT_RESEARCH
                .iter()
                .zip(JOINT_RESEARCH_NAMES)
                .map(|(x, name)| (x.to_string(), name.to_string()))
                .collect(),
            Dim::Area => AREA_COLUMNS
                .iter()
                .map(|a| {
                    let name = match a.strip_prefix("area") {
                        Some("_none_multi") => "重点分野なし/複数".to_string(),
                        Some(n) => format!("重点分野{n}"),
                        None => a.to_string(),
                    };
                    (a.to_string(), name)
                })
                .collect(),
            Dim::Stage => STAGE_NAMES
                .iter()
                .enumerate()
                .map(|(i, n)| ((i + 1).to_string(), n.to_string()))
                .collect(),
            Dim::Now => STAGE_NAMES
                .iter()
                .enumerate()
                .map(|(i, n)| ((i + 1).to_string(), n.to_string()))
                .chain([("launch".to_string(), "上市".to_string())])
                .collect(),
            Dim::Matrix => vec![
                ("transition".to_string(), EVALUATED.to_string()),
                ("transition_all".to_string(), ALL_TOPICS.to_string()),
            ],
            Dim::Scope => vec![
                (String::new(), EVALUATED.to_string()),
                ("_all".to_string(), ALL_TOPICS.to_string()),
            ],
        }
    }
}

/// A built-in line: a key (or key pattern) and its metadata.
#[derive(Clone, Copy)]
struct Def {
    key: &'static str,
    name: Option<&'static str>,
    unit: &'static str,
    direction: Direction,
    /// (current round, earlier round); may hold placeholders.
    place: (&'static str, &'static str),
    headline: Option<&'static str>,
    candidate: Option<(u8, &'static str)>,
    closing: Option<(u8, &'static str)>,
    series: Option<SeriesDef>,
}

#[derive(Clone, Copy)]
struct SeriesDef {
    rank: u8,
    phrases: &'static [&'static str],
    en: &'static str,
    ja: &'static str,
    over: Option<&'static str>,
    /// In a family, the one key that carries the series.
    only: Option<&'static str>,
}

/// A line with no name, placement or series yet.
const fn def(
    key: &'static str,
    name: Option<&'static str>,
    unit: &'static str,
    direction: Direction,
    place: (&'static str, &'static str),
) -> Def {
    Def {
        key,
        name,
        unit,
        direction,
        place,
        headline: None,
        candidate: None,
        closing: None,
        series: None,
    }
}

impl Def {
    const fn headline(mut self, label: &'static str) -> Def {
        self.headline = Some(label);
        self
    }
    const fn candidate(mut self, rank: u8, label: &'static str) -> Def {
        self.candidate = Some((rank, label));
        self
    }
    const fn closing(mut self, rank: u8, label: &'static str) -> Def {
        self.closing = Some((rank, label));
        self
    }
    const fn series(
        mut self,
        rank: u8,
        phrases: &'static [&'static str],
        en: &'static str,
        ja: &'static str,
    ) -> Def {
        self.series = Some(SeriesDef {
            rank,
            phrases,
            en,
            ja,
            over: None,
            only: None,
        });
        self
    }
    /// The series is the share of `key` (a key of this family) in `over`.
    const fn share_of(mut self, key: &'static str, over: &'static str) -> Def {
        if let Some(s) = &mut self.series {
            s.over = Some(over);
            s.only = Some(key);
        }
        self
    }
}

/// Lines expanded over the same dimensions.
struct Group {
    over: &'static [Dim],
    /// What a rate of this group counts (`(11/106社)`).
    counted: &'static str,
    defs: &'static [Def],
}

use Direction::{None as Neither, Up};

const TREND: (&str, &str) = ("kpi1.trend", "kpi1.trend");
const THEMES: (&str, &str) = ("kpi1.themes", "kpi1.survey");
const SURVEY: (&str, &str) = ("kpi1.survey", "kpi1.survey");
const KPI2: (&str, &str) = ("kpi2.table", "kpi2.table");
const KPI2_CANDIDATES: (&str, &str) = ("kpi2.candidates", "kpi2.candidates");
const KPI3: (&str, &str) = ("kpi3.table", "kpi3.table");
const KPI7: (&str, &str) = ("kpi7.table", "kpi7.table");
const MATRIX: (&str, &str) = ("kpi6.matrix.transition{all}", "kpi6.compare");
const MATRIX_EVALUATED: (&str, &str) = ("kpi6.matrix.transition", "kpi6.compare");
const MATRIX_ALL: (&str, &str) = ("kpi6.matrix.transition_all", "kpi6.compare");
const AREAS: (&str, &str) = ("kpi6.areas", "kpi6.compare");
const STAGES: (&str, &str) = ("kpi6.stages", "kpi6.compare");
const CELLS: (&str, &str) = ("kpi6.matrix.{matrix}", "kpi6.matrix.{matrix}");

const GROUPS: &[Group] = &[
    // KPI 1 — training and satisfaction.
    Group {
        over: &[],
        counted: UNIT_PEOPLE,
        defs: &[
            def(
                "kpi1.sites",
                Some("調査対象拠点数(B)"),
                UNIT_STATIONS,
                Neither,
                TREND,
            )
            .series(5, &["拠点数"], "the number of stations", "調査対象拠点数"),
            def(
                "kpi1.participants",
                Some("総受入実績数(A)"),
                UNIT_PEOPLE,
                Up,
                TREND,
            )
            .series(4, &["受入実績"], "the participants", "総受入実績数"),
            def(
                "kpi1.participants_per_site",
                Some("1拠点あたり受入実績(A/B)"),
                UNIT_PEOPLE,
                Up,
                TREND,
            )
            .headline("1拠点あたり受入実績(A/B)")
            .closing(1, "人材育成研修 1拠点あたり受入実績(A/B、名)"),
        ],
    },
    Group {
        over: &[Dim::Theme],
        counted: UNIT_PEOPLE,
        defs: &[
            def(
                "kpi1.theme{t}.courses",
                Some("テーマ{t} コース数"),
                UNIT_COURSES,
                Up,
                THEMES,
            ),
            def(
                "kpi1.theme{t}.participants",
                Some("テーマ{t} 受入実績"),
                UNIT_PEOPLE,
                Up,
                THEMES,
            ),
            def(
                "kpi1.theme{t}.participants_per_course",
                Some("テーマ{t} 1コース平均受入実績"),
                UNIT_PEOPLE,
                Neither,
                THEMES,
            ),
        ],
    },
    Group {
        over: &[Dim::Question, Dim::Category, Dim::Answer],
        counted: UNIT_PEOPLE,
        defs: &[def(
            "kpi1.survey.{q}.cat{c}.{a}",
            Some("{q}: {c} {a}の割合"),
            UNIT_RATIO,
            Neither,
            SURVEY,
        )],
    },
    Group {
        over: &[],
        counted: UNIT_PEOPLE,
        defs: &[def(
            "kpi1.physician_share",
            Some("研修受講者に占める医師の割合"),
            UNIT_RATIO,
            Up,
            SURVEY,
        )
        .candidate(1, "研修受講者に占める医師の割合")
        .closing(2, "研修受講者に占める医師の割合(第三期候補)")
        .series(
            6,
            &["医師の参加"],
            "the physicians' share of trainees",
            "研修受講者に占める医師の割合",
        )],
    },
    // KPI 2 — ventures and cross-industry entrants.
    Group {
        over: &[],
        counted: UNIT_COMPANIES,
        defs: &[
            def(
                "kpi2.responses",
                Some("回答総数"),
                UNIT_CASES,
                Neither,
                KPI2,
            ),
            def(
                "kpi2.responses_domestic",
                Some("内資系回答数"),
                UNIT_CASES,
                Neither,
                KPI2,
            ),
            def(
                "kpi2.venture",
                Some("ベンチャー企業数"),
                UNIT_COMPANIES,
                Up,
                KPI2,
            ),
            def(
                "kpi2.venture_rate",
                Some("ベンチャー企業の割合"),
                UNIT_RATIO,
                Up,
                KPI2,
            )
            .headline("ベンチャー企業の割合(内資)")
            .closing(3, "ベンチャー企業の割合")
            .series(
                7,
                &["ベンチャー企業の割合"],
                "the venture rate",
                "ベンチャー企業の割合",
            ),
            def(
                "kpi2.venture_rate_incl_foreign",
                Some("ベンチャー企業の割合(外資を母数に含む)"),
                UNIT_RATIO,
                Up,
                KPI2,
            ),
            def(
                "kpi2.cross_industry",
                Some("異業種企業数"),
                UNIT_COMPANIES,
                Up,
                KPI2,
            ),
            def(
                "kpi2.cross_industry_rate",
                Some("異業種企業の割合"),
                UNIT_RATIO,
                Up,
                KPI2,
            )
            .closing(5, "異業種企業の割合")
            .series(
                8,
                &["異業種企業の割合"],
                "the cross-industry rate",
                "異業種企業の割合",
            ),
            def(
                "kpi2.venture_rate_mean4",
                Some("ベンチャー企業の割合(4カ年平均)"),
                UNIT_RATIO,
                Up,
                KPI2,
            )
            .closing(4, "同 4カ年平均"),
            def(
                "kpi2.cross_industry_rate_mean4",
                Some("異業種企業の割合(4カ年平均)"),
                UNIT_RATIO,
                Up,
                KPI2,
            )
            .closing(6, "同 4カ年平均"),
            def(
                "kpi2.rd_specialised_venture",
                Some("研究開発特化型ベンチャー"),
                UNIT_COMPANIES,
                Neither,
                KPI2_CANDIDATES,
            ),
            def(
                "kpi2.rd_specialised_cross_industry",
                Some("研究開発特化型異業種企業"),
                UNIT_COMPANIES,
                Neither,
                KPI2_CANDIDATES,
            ),
            def(
                "kpi2.venture_product_rate",
                Some("ベンチャーの上市可能製品保有率"),
                UNIT_RATIO,
                Up,
                KPI2_CANDIDATES,
            )
            .candidate(3, "ベンチャーの上市可能製品保有率"),
            def(
                "kpi2.cross_industry_product_rate",
                Some("異業種企業の上市可能製品保有率"),
                UNIT_RATIO,
                Up,
                KPI2_CANDIDATES,
            ),
            def(
                "kpi2.venture_product_rate_mean4",
                Some("ベンチャーの上市可能製品保有率(4カ年平均)"),
                UNIT_RATIO,
                Up,
                KPI2_CANDIDATES,
            ),
            def(
                "kpi2.cross_industry_product_rate_mean4",
                Some("異業種企業の上市可能製品保有率(4カ年平均)"),
                UNIT_RATIO,
                Up,
                KPI2_CANDIDATES,
            ),
            def(
                "kpi2.new_entrant_rate",
                Some("新規参入率"),
                UNIT_RATIO,
                Up,
                KPI2_CANDIDATES,
            )
            .candidate(2, "新規参入率(ベンチャー+異業種)"),
            // The source's 「計15%が新規参入」: the two 4カ年平均 added.
            def(
                "kpi2.new_entrant_rate_mean4",
                Some("新規参入率(4カ年平均)"),
                UNIT_RATIO,
                Up,
                KPI2_CANDIDATES,
            ),
        ],
    },
    // KPI 3 — joint research (names in the words of the seed's form).
    Group {
        over: &[],
        counted: "",
        defs: &[
            def(
                "kpi3.basic",
                Some("共同研究件数(基礎研究)"),
                UNIT_CASES,
                Up,
                KPI3,
            ),
            def(
                "kpi3.development",
                Some("共同研究件数(開発研究)"),
                UNIT_CASES,
                Up,
                KPI3,
            ),
            def(
                "kpi3.nonclinical",
                Some("共同研究件数(非臨床試験)"),
                UNIT_CASES,
                Up,
                KPI3,
            ),
            def(
                "kpi3.clinical",
                Some("共同研究件数(臨床試験)"),
                UNIT_CASES,
                Up,
                KPI3,
            ),
            def(
                "kpi3.verification",
                Some("検証フェーズ(治験・臨床研究)の共同研究件数"),
                UNIT_CASES,
                Up,
                KPI3,
            )
            .candidate(4, "検証フェーズ(治験・臨床研究)件数")
            .closing(7, "検証フェーズ(治験・臨床研究)件数(第三期候補)")
            .series(
                9,
                &["検証フェーズ"],
                "the verification-phase joint research",
                "検証フェーズ(治験・臨床研究)の共同研究件数",
            ),
            def(
                "kpi3.inter_site",
                Some("他拠点(他病院、中核等他拠点事業等)間との協力の件数"),
                UNIT_CASES,
                Up,
                KPI3,
            )
            .series(
                10,
                &["他拠点連携"],
                "the inter-station cooperation",
                "他拠点間との協力の件数",
            ),
            def(
                "kpi3.intl_trial_network",
                Some("国際共同治験の基盤構築の件数"),
                UNIT_CASES,
                Up,
                KPI3,
            ),
            def(
                "kpi3.platform1",
                Some("基盤整備①(データ利活用基盤)の件数"),
                UNIT_CASES,
                Up,
                KPI3,
            ),
            def(
                "kpi3.platform2",
                Some("基盤整備②(レギュラトリーサイエンスの基盤)の件数"),
                UNIT_CASES,
                Up,
                KPI3,
            ),
            def(
                "kpi3.platform3",
                Some("基盤整備③(要素技術の開発、製造基盤)の件数"),
                UNIT_CASES,
                Up,
                KPI3,
            ),
        ],
    },
    Group {
        over: &[Dim::Item],
        counted: "",
        defs: &[def(
            "kpi3.{x}_per_site",
            Some("{x}(1拠点あたり)"),
            UNIT_CASES,
            Up,
            KPI3,
        )],
    },
    Group {
        over: &[],
        counted: "",
        defs: &[def(
            "kpi3.intl_trial_network_sites",
            Some("国際共同治験の基盤を有する拠点数"),
            UNIT_STATIONS,
            Up,
            KPI3,
        )
        .candidate(5, "国際共同治験の基盤を有する拠点数")],
    },
    // KPI 6 — AMED topics and stage gates.
    Group {
        over: &[],
        counted: UNIT_CASES,
        defs: &[
            def(
                "kpi6.topics",
                Some("テーマ数(全テーマ)"),
                UNIT_CASES,
                Neither,
                ("kpi6.programs", "kpi6.compare"),
            ),
            def(
                "kpi6.topics_evaluated",
                Some("テーマ数(採択後1年未満を除外)"),
                UNIT_CASES,
                Neither,
                MATRIX_EVALUATED,
            ),
            def(
                "kpi6.grant_mean",
                Some("平均助成額(全テーマ)"),
                UNIT_THOUSAND_YEN,
                Neither,
                AREAS,
            ),
            def(
                "kpi6.grant_mean_evaluated",
                Some("平均助成額(採択後1年未満を除外)"),
                UNIT_THOUSAND_YEN,
                Neither,
                MATRIX_EVALUATED,
            ),
        ],
    },
    Group {
        over: &[Dim::Area],
        counted: UNIT_CASES,
        defs: &[
            def(
                "kpi6.{area}.topics",
                Some("{area}のテーマ数(全テーマ)"),
                UNIT_CASES,
                Neither,
                AREAS,
            )
            .series(
                1,
                &[
                    "重点分野が特定されない",
                    "重点分野なし/複数",
                    "なし/複数のテーマ",
                ],
                "the なし/複数 share of AMED topics",
                "AMED課題に占める重点分野なし/複数の課題の割合",
            )
            .share_of("kpi6.area_none_multi.topics", "kpi6.topics"),
            def(
                "kpi6.{area}.grant_mean",
                Some("{area}の平均助成額"),
                UNIT_THOUSAND_YEN,
                Neither,
                AREAS,
            ),
            def(
                "kpi6.{area}.topics_evaluated",
                Some("{area}のテーマ数(採択後1年未満を除外)"),
                UNIT_CASES,
                Neither,
                AREAS,
            ),
        ],
    },
    Group {
        over: &[],
        counted: UNIT_CASES,
        defs: &[
            def(
                "kpi6.stage_up_rate",
                Some("ステージアップの割合(採択後1年未満を除外)"),
                UNIT_RATIO,
                Up,
                MATRIX_EVALUATED,
            )
            .headline("ステージアップの割合(採択後1年未満を除外)")
            .closing(8, "ステージアップの割合(採択後1年未満を除外)")
            .series(
                2,
                &["ステージアップ率", "ステージアップの割合"],
                "the stage-up rate",
                "ステージアップの割合",
            ),
            def(
                "kpi6.stage_up_rate_all",
                Some("ステージアップの割合(全テーマ)"),
                UNIT_RATIO,
                Up,
                MATRIX_ALL,
            ),
            def(
                "kpi6.launch_rate",
                Some("上市の割合(採択後1年未満を除外)"),
                UNIT_RATIO,
                Up,
                MATRIX_EVALUATED,
            )
            .candidate(6, "上市の割合(採択後1年未満を除外)")
            .series(
                3,
                &["上市率", "上市の割合"],
                "the launch rate",
                "上市の割合",
            ),
            def(
                "kpi6.launch_rate_all",
                Some("上市の割合(全テーマ)"),
                UNIT_RATIO,
                Up,
                MATRIX_ALL,
            ),
        ],
    },
    Group {
        over: &[Dim::Stage, Dim::Scope],
        counted: UNIT_CASES,
        defs: &[def(
            "kpi6.stage{s}.stage_up_rate{all}",
            Some("採択時{s}ステージのステージアップの割合({all})"),
            UNIT_RATIO,
            Up,
            MATRIX,
        )],
    },
    Group {
        over: &[Dim::Stage, Dim::Scope],
        counted: UNIT_CASES,
        defs: &[def(
            "kpi6.stage{s}.launch_rate{all}",
            Some("採択時{s}ステージの上市の割合({all})"),
            UNIT_RATIO,
            Up,
            MATRIX,
        )],
    },
    Group {
        over: &[Dim::Area, Dim::Scope],
        counted: UNIT_CASES,
        defs: &[def(
            "kpi6.{area}.stage_up_rate{all}",
            Some("{area}のステージアップの割合({all})"),
            UNIT_RATIO,
            Up,
            MATRIX,
        )],
    },
    Group {
        over: &[Dim::Stage],
        counted: UNIT_CASES,
        defs: &[
            def(
                "kpi6.stage{s}.topics",
                Some("採択時{s}ステージのテーマ数(全テーマ)"),
                UNIT_CASES,
                Neither,
                STAGES,
            ),
            def(
                "kpi6.stage{s}.topics_evaluated",
                Some("採択時{s}ステージのテーマ数(採択後1年未満を除外)"),
                UNIT_CASES,
                Neither,
                STAGES,
            ),
        ],
    },
    Group {
        over: &[Dim::Matrix, Dim::Stage, Dim::Now, Dim::Area],
        counted: UNIT_CASES,
        defs: &[def(
            "kpi6.{matrix}.s{s}.{now}.{area}",
            Some("ステージ遷移({matrix}) 採択時{s}→現在{now}・{area}"),
            UNIT_CASES,
            Neither,
            CELLS,
        )],
    },
    // KPI 7 — international activity (names in the words of the seed's
    // 国際展開の定義).
    Group {
        over: &[],
        counted: UNIT_COMPANIES,
        defs: &[
            def(
                "kpi7.activity_rate",
                Some("国際展開に関する活動を行っている企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            )
            .headline("国際展開に関する活動を行う企業の割合(内資)")
            .closing(9, "国際展開に関する活動を行う企業の割合")
            .series(
                11,
                &["国際展開に関する活動"],
                "the international-activity rate",
                "国際展開に関する活動を行っている企業の割合",
            ),
            def(
                "kpi7.base_rate",
                Some("海外拠点を有する企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            )
            .series(
                12,
                &["海外拠点"],
                "the overseas-base rate",
                "海外拠点を有する企業の割合",
            ),
            def(
                "kpi7.base_rd",
                Some("研究開発拠点(海外のCVC機能も含む)を有する企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            ),
            def(
                "kpi7.base_production",
                Some("生産拠点を有する企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            ),
            def(
                "kpi7.base_sales",
                Some("販売拠点(マーケティング機能含む)を有する企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            ),
            def(
                "kpi7.base_training",
                Some("教育・トレーニング拠点を有する企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            ),
            def(
                "kpi7.base_other",
                Some("その他の拠点を有する企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            ),
            def(
                "kpi7.export",
                Some("医療機器の輸出を行っている企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            ),
            def(
                "kpi7.ip_abroad",
                Some("知財の海外出願を行っている企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            ),
            def(
                "kpi7.investment",
                Some("海外向けの投資活動を行っている企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            ),
            def(
                "kpi7.regulatory",
                Some("許認可申請を行っている企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            ),
            def(
                "kpi7.joint_rd",
                Some("海外との共同研究開発を行っている企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            ),
            def(
                "kpi7.upstream_rate",
                Some("上流工程(研究開発・生産・共同研究開発)の国際展開を行っている企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            )
            .candidate(7, "上流工程(研究開発・生産・共同研究開発)の国際展開")
            .series(
                13,
                &["上流工程"],
                "the upstream rate",
                "上流工程の国際展開を行っている企業の割合",
            ),
            def(
                "kpi7.downstream_rate",
                Some("下流工程(販売・教育・輸出・許認可)の国際展開を行っている企業の割合"),
                UNIT_RATIO,
                Up,
                KPI7,
            )
            .candidate(8, "下流工程(販売・教育・輸出・許認可)の国際展開")
            .series(
                14,
                &["下流工程"],
                "the downstream rate",
                "下流工程の国際展開を行っている企業の割合",
            ),
        ],
    },
];

/// Replaces each `{token}` of `pattern` by `value(dim)`; None for an
/// unknown placeholder or one without a value.
fn fill(pattern: &str, value: &dyn Fn(Dim) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}')? + open;
        let dim = Dim::of_token(&rest[open + 1..close])?;
        out.push_str(&value(dim)?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// A family's key with its placeholders given by name (a template's
/// `key(family=…, area=a)`); each value must be one of its dimension's.
pub(super) fn fill_key(family: &str, values: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let question = values(Dim::Question.token());
    fill(family, &|dim| {
        let v = values(dim.token())?;
        dim.has_value(&v, question.as_deref()).then_some(v)
    })
}

/// Every key a family pattern can spell over its dimensions' values.
pub(super) fn families_filled(family: &str) -> Vec<String> {
    family_keys(family, &|_| None)
}

/// The keys a family pattern spells with the dimensions `values` gives
/// held and the others ranging over their values, in the order the
/// placeholders appear.
pub(super) fn family_keys(family: &str, values: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let mut dims: Vec<(usize, Dim)> = DIMS
        .into_iter()
        .filter_map(|d| Some((family.find(&format!("{{{}}}", d.token()))?, d)))
        .collect();
    dims.sort_by_key(|(at, _)| *at);
    let (held, open): (Vec<Dim>, Vec<Dim>) = dims
        .into_iter()
        .map(|(_, d)| d)
        .partition(|d| values(d.token()).is_some());
    let mut fixed: Vec<(Dim, String, String)> = held
        .into_iter()
        .filter_map(|d| Some((d, values(d.token())?, String::new())))
        .collect();
    let mut out = Vec::new();
    expand(&open, &mut fixed, &mut |bound| {
        if let Some(k) = fill(family, &|d| lookup(bound, d).map(|(k, _)| k.to_string())) {
            out.push(k);
        }
    });
    out
}

/// The values bound so far: (dimension, key part, name part).
type Binding = [(Dim, String, String)];

fn lookup(bound: &Binding, dim: Dim) -> Option<(&str, &str)> {
    bound
        .iter()
        .find(|(d, _, _)| *d == dim)
        .map(|(_, k, n)| (k.as_str(), n.as_str()))
}

/// Calls `each` with every binding of `dims`, outer to inner.
fn expand(dims: &[Dim], bound: &mut Vec<(Dim, String, String)>, each: &mut dyn FnMut(&Binding)) {
    let Some((&dim, inner)) = dims.split_first() else {
        each(bound);
        return;
    };
    let question = lookup(bound, Dim::Question).map(|(k, _)| k.to_string());
    for (key, name) in dim.values(question.as_deref()) {
        bound.push((dim, key, name));
        expand(inner, bound, each);
        bound.pop();
    }
}

/// The built-in entries in SPEC order, families expanded, then the open
/// families of the follow-up KPIs.
pub(super) fn entries() -> Vec<Entry> {
    let mut out = Vec::with_capacity(1600);
    for group in GROUPS {
        expand(group.over, &mut Vec::new(), &mut |bound| {
            let key_of = |p: &str| fill(p, &|d| lookup(bound, d).map(|(k, _)| k.to_string()));
            let name_of = |p: &str| fill(p, &|d| lookup(bound, d).map(|(_, n)| n.to_string()));
            for d in group.defs {
                let Some(key) = key_of(d.key) else { continue };
                let kpi = kpi_of(&key);
                let series = d
                    .series
                    .filter(|s| s.only.is_none_or(|only| only == key))
                    .map(|s| Series {
                        rank: s.rank,
                        phrases: s.phrases,
                        en: s.en.to_string(),
                        ja: s.ja.to_string(),
                        over: s.over.map(str::to_string),
                    });
                out.push(Entry {
                    published: (
                        key_of(d.place.0).unwrap_or_default(),
                        key_of(d.place.1).unwrap_or_default(),
                    ),
                    key,
                    family: d.key.to_string(),
                    kpi,
                    name: d.name.and_then(name_of),
                    title: None,
                    unit: d.unit.to_string(),
                    counted: group.counted.to_string(),
                    direction: d.direction,
                    headline: d.headline.map(str::to_string),
                    candidate: d.candidate.map(|(rank, label)| Row {
                        rank,
                        label: label.to_string(),
                    }),
                    closing: d.closing.map(|(rank, label)| Row {
                        rank,
                        label: label.to_string(),
                    }),
                    series,
                    declared: false,
                });
            }
        });
    }
    // The follow-up KPIs' series come from followup.xlsx (`kpi<n>.<キー>`);
    // their names and units are the sheet's.
    for n in FOLLOWUP_KPIS {
        let key = format!("kpi{n}{OPEN}");
        out.push(Entry {
            family: key.clone(),
            key,
            kpi: n as u8,
            name: None,
            title: None,
            unit: String::new(),
            counted: String::new(),
            direction: Direction::None,
            headline: None,
            candidate: None,
            closing: None,
            published: (format!("kpi{n}"), format!("kpi{n}")),
            series: None,
            declared: false,
        });
    }
    out.sort_by_key(|e| e.kpi);
    out
}

/// The KPI number of a key (`kpi6.topics` is 6).
pub(super) fn kpi_of(key: &str) -> u8 {
    key.split('.')
        .next()
        .and_then(|k| k.strip_prefix("kpi"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}
