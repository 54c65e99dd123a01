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
        self.entries
            .iter()
            .find(|e| e.is_open() && e.key.split_once('.').map(|(k, _)| k) == Some(kpi))
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
                        n: e.unit == crate::indicator::UNIT_RATIO,
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
mod tests;
