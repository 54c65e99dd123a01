//! The indicator registry (SPEC §20): every indicator defined once with
//! its metadata. The KPI modules take their keys from it (in SPEC order);
//! the report's names, chart titles, counted units, summary rows, closing
//! table, published-figure places and the commentary checks' series names
//! are read from it. Nothing else lists indicator keys.
//!
//! The built-in entries are Rust data ([`builtin`]): a family such as
//! `kpi1.theme{t}.courses` is one line over a dimension of the schema. The
//! registry is a value ([`Registry::builtin`], then [`Registry::extend`]),
//! so entries declared at run time (`data/indicators.toml`) get names,
//! units and directions like the built-in ones.

mod builtin;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

pub use builtin::{Dim, JOINT_RESEARCH};

/// The units of SPEC §5: people, cases (topics, survey responses),
/// stations, courses, companies, thousand yen, and a rate's `ratio`
/// (follow-up rows keep their sheet's 単位).
pub const UNIT_PEOPLE: &str = "名";
pub const UNIT_CASES: &str = "件";
pub const UNIT_STATIONS: &str = "拠点";
pub const UNIT_COURSES: &str = "コース";
pub const UNIT_COMPANIES: &str = "社";
pub const UNIT_THOUSAND_YEN: &str = "千円";
pub const UNIT_RATIO: &str = "ratio";

/// Which way of a figure is good for the plan (SPEC §18's 評価).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
    /// Neither way is better (a count of what was surveyed, a share of
    /// answers), or not yet known (the follow-up series, until followup.xlsx
    /// carries 望ましい方向).
    None,
}

impl Direction {
    /// The word `indicators.toml` and the docs use.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::None => "none",
        }
    }
}

/// A row of a table outside the KPI's own pages: its rank in that table
/// and the label the table prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub rank: u8,
    pub label: String,
}

/// How the commentary's direction check names and finds a series (SPEC §12).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The check's order: the first rule whose phrase occurs wins.
    pub rank: u8,
    /// The words of a sentence that name it.
    pub phrases: &'static [&'static str],
    /// Its name in the warning, in English and Japanese.
    pub en: String,
    pub ja: String,
    /// Present when the series is this figure's share of another.
    pub over: Option<String>,
}

impl Series {
    /// The keys a warning names after the series' name.
    pub fn keys(&self, key: &str) -> String {
        match &self.over {
            Some(over) => format!("{key} / {over}"),
            None => key.to_string(),
        }
    }
}

/// One indicator (or, for the follow-up KPIs, one open family).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The key (`kpi6.area1.topics`); an open family's pattern
    /// (`kpi8.<キー>`).
    pub key: String,
    /// The family line it was expanded from (`kpi6.{area}.topics`).
    pub family: String,
    pub kpi: u8,
    /// The Japanese name the report's notes print; None where the report
    /// prints the key (no name yet).
    pub name: Option<String>,
    /// A short chart title (SPEC §18), where one is set.
    pub title: Option<String>,
    /// The indicator table's unit (`名`, `ratio`, …).
    pub unit: String,
    /// What a rate's numerator and denominator count (`(11/106社)`).
    pub counted: String,
    pub direction: Direction,
    /// The label of the summary row this figure heads, when it heads one.
    pub headline: Option<String>,
    /// The 3rd-plan candidate row of the summary.
    pub candidate: Option<Row>,
    /// The closing page's 主要指標の推移 row.
    pub closing: Option<Row>,
    /// The report's place of a published figure of this key: in the
    /// current round, and in an earlier one.
    pub published: (String, String),
    pub series: Option<Series>,
    /// Declared in `data/indicators.toml` rather than built in.
    pub declared: bool,
}

impl Entry {
    /// A declared indicator's entry (`data/indicators.toml`): its key,
    /// names, unit, what its rates count and its direction; shown on its
    /// KPI's page (its published figures, if any, are reconciled there),
    /// in no summary, closing or candidate row, with no commentary series.
    pub fn declared(
        key: &str,
        name: &str,
        title: Option<&str>,
        unit: &str,
        counted: &str,
        direction: Direction,
    ) -> Entry {
        let kpi = builtin::kpi_of(key);
        Entry {
            key: key.to_string(),
            family: key.to_string(),
            kpi,
            name: Some(name.to_string()),
            title: title.map(str::to_string),
            unit: unit.to_string(),
            counted: counted.to_string(),
            direction,
            headline: None,
            candidate: None,
            closing: None,
            published: (format!("kpi{kpi}"), format!("kpi{kpi}")),
            series: None,
            declared: true,
        }
    }

    /// The name the report prints: the Japanese name, else the key.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.key)
    }

    /// The short title of a chart, else the name.
    pub fn chart_title(&self) -> &str {
        self.title.as_deref().unwrap_or_else(|| self.label())
    }

    fn is_open(&self) -> bool {
        self.key.ends_with(builtin::OPEN)
    }
}

/// A row of the closing table or the summary's candidates, as templates
/// and the summary read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placed {
    pub kpi: u8,
    pub key: String,
    pub label: String,
    /// A rate: shown with its n.
    pub n: bool,
}

/// The registry: every entry in SPEC order (KPI by KPI), with a map by
/// key.
#[derive(Debug, Clone)]
pub struct Registry {
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
    /// The open family of each follow-up KPI, by its `kpi<n>` prefix: its
    /// keys come from the data, and the report looks them up per figure.
    open: HashMap<String, usize>,
}

impl Registry {
    /// The built-in indicators (built once; cloning is cheap enough for a
    /// run, and a run that declares indicators extends its own copy).
    pub fn builtin() -> &'static Registry {
        static BUILTIN: OnceLock<Registry> = OnceLock::new();
        BUILTIN.get_or_init(|| Registry::new(builtin::entries()))
    }

    fn new(entries: Vec<Entry>) -> Registry {
        let mut registry = Registry {
            entries: Vec::new(),
            index: HashMap::new(),
            open: HashMap::new(),
        };
        registry.extend(entries);
        registry
    }

    /// Adds entries (declared indicators); an entry for a key already
    /// present replaces nothing and is returned. Each added entry sorts
    /// after the keys of its KPI.
    pub fn extend(&mut self, entries: impl IntoIterator<Item = Entry>) -> Vec<Entry> {
        let mut clashes = Vec::new();
        for entry in entries {
            if self.index.contains_key(&entry.key) {
                clashes.push(entry);
                continue;
            }
            let at = self
                .entries
                .iter()
                .rposition(|e| e.kpi <= entry.kpi)
                .map_or(0, |i| i + 1);
            self.entries.insert(at, entry);
        }
        self.index = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.is_open())
            .map(|(i, e)| (e.key.clone(), i))
            .collect();
        self.open = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_open())
            .filter_map(|(i, e)| Some((e.key.split_once('.')?.0.to_string(), i)))
            .collect();
        clashes
    }

    /// The registry with `entries` added (see [`Registry::extend`]).
    pub fn with(&self, entries: impl IntoIterator<Item = Entry>) -> Registry {
        let mut registry = self.clone();
        registry.extend(entries);
        registry
    }

    /// Every entry, in SPEC order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry of `key`: an exact key, or a key of an open family
    /// (`kpi8.device_lag_months`).
    pub fn get(&self, key: &str) -> Option<&Entry> {
        if let Some(&i) = self.index.get(key) {
            return self.entries.get(i);
        }
        let (kpi, rest) = key.split_once('.')?;
        if rest.is_empty() {
            return None;
        }
        self.open.get(kpi).and_then(|&i| self.entries.get(i))
    }

    /// The keys of KPI `kpi` in SPEC order (an open family has none of its
    /// own: they come from the data).
    pub fn keys_of(&self, kpi: u8) -> Vec<String> {
        self.of_kpi(kpi).map(|e| e.key.clone()).collect()
    }

    /// The entries of KPI `kpi` in SPEC order, open families excluded.
    pub fn of_kpi(&self, kpi: u8) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(move |e| e.kpi == kpi && !e.is_open())
    }

    /// The KPI numbers, in the plan's order.
    pub fn kpis(&self) -> Vec<u8> {
        let mut numbers: Vec<u8> = self.entries.iter().map(|e| e.kpi).collect();
        numbers.dedup();
        numbers
    }

    /// The name the report prints for `key`: its Japanese name, else the
    /// key itself.
    pub fn label(&self, key: &str) -> String {
        match self.get(key) {
            Some(e) if !e.is_open() => e.label().to_string(),
            _ => key.to_string(),
        }
    }

    /// What a rate of `key` counts (`社`), empty where unknown.
    pub fn counted_unit(&self, key: &str) -> &str {
        self.get(key).map_or("", |e| e.counted.as_str())
    }

    /// The report's place of a published figure of `key` in `round`
    /// (SPEC §12): a chart or table id, else the KPI (`kpi<n>`).
    pub fn place(&self, key: &str, round: &str, current: &str) -> String {
        match self.get(key) {
            Some(e) if round == current => e.published.0.clone(),
            Some(e) => e.published.1.clone(),
            None => key.split('.').next().unwrap_or("").to_string(),
        }
    }

    /// The headline of KPI `kpi`'s summary row: its key and label.
    pub fn headline(&self, kpi: u8) -> Option<(&str, &str)> {
        self.of_kpi(kpi)
            .find_map(|e| Some((e.key.as_str(), e.headline.as_deref()?)))
    }

    /// The closing table's rows, in their order.
    pub fn closing(&self) -> Vec<Placed> {
        self.placed(|e| e.closing.as_ref())
    }

    /// The summary's 3rd-plan candidate rows, in their order.
    pub fn candidates(&self) -> Vec<Placed> {
        self.placed(|e| e.candidate.as_ref())
    }

    fn placed(&self, row: impl Fn(&Entry) -> Option<&Row>) -> Vec<Placed> {
        let mut rows: Vec<(u8, Placed)> = self
            .entries
            .iter()
            .filter_map(|e| {
                let r = row(e)?;
                Some((
                    r.rank,
                    Placed {
                        kpi: e.kpi,
                        key: e.key.clone(),
                        label: r.label.clone(),
                        n: e.unit == UNIT_RATIO,
                    },
                ))
            })
            .collect();
        rows.sort_by_key(|(rank, _)| *rank);
        rows.into_iter().map(|(_, p)| p).collect()
    }

    /// The series of the commentary's direction check, in its order.
    pub fn series(&self) -> Vec<(&Entry, &Series)> {
        let mut series: Vec<(&Entry, &Series)> = self
            .entries
            .iter()
            .filter_map(|e| Some((e, e.series.as_ref()?)))
            .collect();
        series.sort_by_key(|(_, s)| s.rank);
        series
    }

    /// Builds a key of a family from the values of its dimensions:
    /// `kpi6.{area}.topics` with `area = area1`. None when a placeholder has
    /// no value, a value is not one of its dimension's, or the key is not
    /// an entry.
    pub fn key_of(&self, family: &str, values: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        let key = builtin::fill_key(family, values)?;
        self.index.contains_key(&key).then_some(key)
    }

    /// The keys of `family` over the dimensions `values` leaves open, in
    /// the order its placeholders appear (outer first); only entries.
    pub fn family_keys(
        &self,
        family: &str,
        values: &dyn Fn(&str) -> Option<String>,
    ) -> Vec<String> {
        builtin::family_keys(family, values)
            .into_iter()
            .filter(|k| self.index.contains_key(k))
            .collect()
    }

    /// True when `family` names at least one entry: an exact key, or a
    /// pattern some entry was expanded from, or an open family's key.
    pub fn has_family(&self, family: &str) -> bool {
        self.index.contains_key(family)
            || self.entries.iter().any(|e| e.family == family)
            || builtin::families_filled(family)
                .iter()
                .any(|k| self.index.contains_key(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> &'static Registry {
        Registry::builtin()
    }

    /// The names the report's notes print (what each KPI module's `label`
    /// returned before the registry), families included.
    #[test]
    fn names() {
        let label = |k: &str| builtin().label(k);
        assert_eq!(label("kpi1.sites"), "調査対象拠点数(B)");
        assert_eq!(
            label("kpi1.theme1.participants_per_course"),
            "テーマ1 1コース平均受入実績"
        );
        assert_eq!(
            label("kpi2.venture_rate_mean4"),
            "ベンチャー企業の割合(4カ年平均)"
        );
        assert_eq!(
            label("kpi6.stage4.stage_up_rate"),
            "採択時4thステージのステージアップの割合(採択後1年未満を除外)"
        );
        assert_eq!(
            label("kpi6.area_none_multi.stage_up_rate_all"),
            "重点分野なし/複数のステージアップの割合(全テーマ)"
        );
        assert_eq!(
            label("kpi6.transition_all.s3.3.area_none_multi"),
            "ステージ遷移(全テーマ) 採択時3rd→現在3rd・重点分野なし/複数"
        );
        assert_eq!(
            label("kpi6.transition.s1.launch.area2"),
            "ステージ遷移(採択後1年未満を除外) 採択時1st→現在上市・重点分野2"
        );
        // KPI 3, KPI 7 and the survey shares in the seed's words (SPEC §18).
        assert_eq!(label("kpi3.basic"), "共同研究件数(基礎研究)");
        assert_eq!(
            label("kpi3.verification_per_site"),
            "検証フェーズ(治験・臨床研究)の共同研究件数(1拠点あたり)"
        );
        assert_eq!(
            label("kpi3.intl_trial_network_sites"),
            "国際共同治験の基盤を有する拠点数"
        );
        assert_eq!(
            label("kpi7.base_training"),
            "教育・トレーニング拠点を有する企業の割合"
        );
        assert_eq!(
            label("kpi1.survey.satisfaction.cat3.1"),
            "研修の満足度: アカデミア人材研修 満足度100%の割合"
        );
        assert_eq!(
            label("kpi1.survey.affiliation.cat1.none"),
            "参加者の所属: 医療従事者研修 未回答の割合"
        );
        // Follow-up series (named by followup.xlsx) and unknown keys print
        // their key.
        assert_eq!(label("kpi8.device_lag_months"), "kpi8.device_lag_months");
        assert_eq!(label("kpi6.stage9.topics"), "kpi6.stage9.topics");
    }

    /// Print shows no internals (SPEC §18): every built-in key has a
    /// Japanese name, with every placeholder filled.
    #[test]
    fn every_builtin_key_has_a_name() {
        for e in builtin().entries() {
            if e.is_open() {
                continue;
            }
            let name = e
                .name
                .as_deref()
                .unwrap_or_else(|| panic!("{}: no name", e.key));
            assert!(
                !name.contains('{') && !name.contains("kpi") && !name.is_empty(),
                "{}: {name}",
                e.key
            );
        }
    }

    /// Families expand in the indicator table's order: area by area, each
    /// area's three figures together; survey answers per question's own count.
    #[test]
    fn families_expand_in_spec_order() {
        let kpi6 = builtin().keys_of(6);
        let at = |k: &str| kpi6.iter().position(|x| x == k).unwrap();
        assert_eq!(
            &kpi6[4..7],
            [
                "kpi6.area1.topics",
                "kpi6.area1.grant_mean",
                "kpi6.area1.topics_evaluated"
            ]
        );
        assert!(at("kpi6.stage4.launch_rate_all") < at("kpi6.area1.stage_up_rate"));
        let cells = kpi6.iter().filter(|k| k.contains(".transition")).count();
        assert_eq!(cells, 2 * 4 * 5 * 6);
        assert_eq!(
            kpi6.last().unwrap(),
            "kpi6.transition_all.s4.launch.area_none_multi"
        );
        let kpi1 = builtin().keys_of(1);
        // 所属 has 7 answers, 年代 6: each with `none`, in 4 categories.
        let affiliation = kpi1
            .iter()
            .filter(|k| k.starts_with("kpi1.survey.affiliation."))
            .count();
        assert_eq!(affiliation, 4 * (7 + 1));
        assert!(kpi1.contains(&"kpi1.survey.age.cat4.6".to_string()));
        assert!(!kpi1.contains(&"kpi1.survey.age.cat4.7".to_string()));
        assert_eq!(kpi1.last().unwrap(), "kpi1.physician_share");
        assert_eq!(builtin().kpis(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    }

    /// Follow-up keys resolve to their KPI's open family; the family has no
    /// keys of its own.
    #[test]
    fn followup_keys_resolve_to_their_family() {
        let e = builtin().get("kpi10.intl_standard_leadership").unwrap();
        assert_eq!((e.kpi, e.key.as_str()), (10, "kpi10.<キー>"));
        assert_eq!(e.direction, Direction::None);
        assert!(builtin().keys_of(10).is_empty());
        assert!(builtin().get("kpi12.x").is_none());
        assert!(builtin().get("kpi8.").is_none());
    }

    /// Counted units, published places, headlines and directions as the
    /// report used them before the registry (format.rs, reconcile.rs and
    /// summary.rs each had their own copy).
    #[test]
    fn metadata_of_built_in_keys() {
        let r = builtin();
        assert_eq!(r.counted_unit("kpi1.physician_share"), "名");
        assert_eq!(r.counted_unit("kpi2.venture_rate"), "社");
        assert_eq!(r.counted_unit("kpi7.export"), "社");
        assert_eq!(r.counted_unit("kpi6.launch_rate"), "件");
        assert_eq!(r.counted_unit("kpi8.device_lag_months"), "");
        assert_eq!(r.place("kpi1.theme2.courses", "R7", "R7"), "kpi1.themes");
        assert_eq!(r.place("kpi1.theme2.courses", "R6", "R7"), "kpi1.survey");
        assert_eq!(
            r.place("kpi6.stage2.launch_rate_all", "R7", "R7"),
            "kpi6.matrix.transition_all"
        );
        assert_eq!(
            r.place("kpi6.stage2.launch_rate", "R7", "R7"),
            "kpi6.matrix.transition"
        );
        assert_eq!(
            r.place("kpi6.transition.s1.2.area1", "R5", "R7"),
            "kpi6.matrix.transition"
        );
        assert_eq!(r.place("kpi6.area3.grant_mean", "R5", "R7"), "kpi6.compare");
        assert_eq!(
            r.place("kpi2.venture_product_rate_mean4", "R7", "R7"),
            "kpi2.candidates"
        );
        assert_eq!(r.place("kpi9.c_listings", "R7", "R7"), "kpi9");
        assert_eq!(
            r.headline(6),
            Some((
                "kpi6.stage_up_rate",
                "ステージアップの割合(採択後1年未満を除外)"
            ))
        );
        assert_eq!(r.headline(3), None);
        assert_eq!(r.get("kpi2.venture_rate").unwrap().direction, Direction::Up);
        assert_eq!(r.get("kpi1.sites").unwrap().direction, Direction::None);
        let closing: Vec<String> = r.closing().into_iter().map(|p| p.key).collect();
        assert_eq!(
            closing,
            [
                "kpi1.participants_per_site",
                "kpi1.physician_share",
                "kpi2.venture_rate",
                "kpi2.venture_rate_mean4",
                "kpi2.cross_industry_rate",
                "kpi2.cross_industry_rate_mean4",
                "kpi3.verification",
                "kpi6.stage_up_rate",
                "kpi7.activity_rate",
            ]
        );
        // The series of the direction check, first rule first; one share.
        let series: Vec<String> = r.series().iter().map(|(e, s)| s.keys(&e.key)).collect();
        assert_eq!(series.len(), 14);
        assert_eq!(series[0], "kpi6.area_none_multi.topics / kpi6.topics");
    }

    /// A family key is built from its dimensions' values, and only when the
    /// result is an entry.
    #[test]
    fn keys_of_families() {
        let r = builtin();
        let values = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let key = |family: &str, pairs: &'static [(&'static str, &'static str)]| {
            r.key_of(family, &values(pairs))
        };
        assert_eq!(
            key(
                "kpi6.{matrix}.s{s}.{now}.{area}",
                &[
                    ("matrix", "transition_all"),
                    ("s", "2"),
                    ("now", "launch"),
                    ("area", "area5")
                ]
            )
            .as_deref(),
            Some("kpi6.transition_all.s2.launch.area5")
        );
        assert_eq!(
            key("kpi6.stage_up_rate{all}", &[("all", "_all")]).as_deref(),
            Some("kpi6.stage_up_rate_all")
        );
        assert_eq!(key("kpi6.{area}.topics", &[("area", "area9")]), None);
        assert_eq!(key("kpi6.{area}.topics", &[]), None);
        assert_eq!(key("kpi6.{area}.nothing", &[("area", "area1")]), None);
        assert!(r.has_family("kpi6.{area}.topics"));
        assert!(r.has_family("kpi6.stage_up_rate{all}"));
        assert!(!r.has_family("kpi6.{area}.nothing"));
    }

    /// Added entries (declared indicators) sort after their KPI's keys, get
    /// names, units and placement like built-in ones, and a key already
    /// present is refused and returned.
    #[test]
    fn extended_registry() {
        let entry = |key: &str, _kpi: u8| Entry {
            closing: Some(Row {
                rank: 10,
                label: "輸出企業の割合".to_string(),
            }),
            ..Entry::declared(
                key,
                "輸出を行う企業の割合(内資)",
                Some("輸出企業の割合"),
                UNIT_RATIO,
                "社",
                Direction::Up,
            )
        };
        let mut r = builtin().clone();
        let refused = r.extend([entry("kpi7.export_rate", 7), entry("kpi2.venture", 2)]);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].key, "kpi2.venture");
        assert_eq!(r.keys_of(7).last().unwrap(), "kpi7.export_rate");
        assert_eq!(r.label("kpi7.export_rate"), "輸出を行う企業の割合(内資)");
        assert_eq!(
            r.get("kpi7.export_rate").unwrap().chart_title(),
            "輸出企業の割合"
        );
        assert_eq!(r.counted_unit("kpi7.export_rate"), "社");
        assert_eq!(r.closing().last().unwrap().key, "kpi7.export_rate");
        // A follow-up series named by its own entry leaves its family.
        let r = r.with([Entry {
            name: Some("デバイスラグ(開発ラグ)".to_string()),
            direction: Direction::Down,
            ..entry("kpi8.device_lag_months", 8)
        }]);
        assert_eq!(r.label("kpi8.device_lag_months"), "デバイスラグ(開発ラグ)");
        assert_eq!(
            r.get("kpi8.device_lag_months").unwrap().direction,
            Direction::Down
        );
        assert_eq!(
            r.get("kpi8.new_device_approvals").unwrap().key,
            "kpi8.<キー>"
        );
        // The built-in registry is untouched.
        assert_eq!(builtin().label("kpi7.export_rate"), "kpi7.export_rate");
    }

    /// A dimension's check of a value agrees with its list of values.
    #[test]
    fn dimension_values_and_checks_agree() {
        use builtin::Dim;
        let dims = [
            Dim::Theme,
            Dim::Question,
            Dim::Category,
            Dim::Item,
            Dim::Area,
            Dim::Stage,
            Dim::Now,
            Dim::Matrix,
            Dim::Scope,
        ];
        for q in [None, Some("age"), Some("affiliation")] {
            for dim in dims.into_iter().chain([Dim::Answer]) {
                let values = dim.values(q);
                for (k, _) in &values {
                    assert!(dim.has_value(k, q), "{dim:?} {k}");
                }
                for odd in [
                    "0", "01", "7", "8", "none", "launch", "area6", "x", "_all", "",
                ] {
                    let listed = values.iter().any(|(k, _)| k == odd);
                    assert_eq!(dim.has_value(odd, q), listed, "{dim:?} {odd} {q:?}");
                }
            }
        }
    }
}
