//! Commentary that cannot go stale (SPEC §12).
//!
//! - **Live figures**: `{{ KEY }}` and `{{ KEY @ R6 }}` in `commentary.md`
//!   are replaced by the figure at display precision with its unit
//!   (`3,198名`, `10.4%`). An unknown key or round is an error at
//!   `commentary.md:LINE`.
//! - **Figure check**: every other number written with a unit or a percent
//!   sign (`%`, `名`, `人`, `件`, `課題`, `テーマ`, `社`, `拠点`, `コース`,
//!   `千円`) must equal, at its written precision, some figure of that unit
//!   in the indicator table of the rounds in the report; otherwise a warning
//!   names the nearest candidates. A number followed by a Markdown footnote
//!   (`1.4%[^1]`) is external and not checked.
//! - **Direction check**: a sentence that names a series of [`rules`] and
//!   then says 増加/上昇/増え or 減少/低下/下降/下が/減っ, while the series
//!   moved the other way between the previous round and the commentary's
//!   round, is a warning naming the rule. The first direction word after
//!   the series' phrase in the same sentence (。 or line end) is the one
//!   it says; negations (「増加していない」) are not understood.
//! - **Notes** (SPEC §18): the report shows such a sentence as written
//!   (it may be the published source's) with a note under it,
//!   「※ 集計値では、…」, giving the series' figures of both rounds, and
//!   lists it in the reconciliation appendix ([`contradictions`]; the
//!   warning and the note come from one check).

pub(crate) mod markdown;

use std::collections::BTreeMap;

use crate::diag::{Diagnostics, Dir, List, Location, Msg, Near};
use crate::format;
use crate::indicator::Lookup;
use crate::indicator::{Indicator, UNIT_RATIO};
use crate::kpi::tables::Commentary;

/// A series a sentence can name, as the report computes it.
#[derive(Debug, Clone, Copy)]
pub enum SeriesDef {
    /// One indicator.
    Key(&'static str),
    /// A share: the first indicator over the second.
    Share(&'static str, &'static str),
}

/// One direction rule: the phrases that name the series, and the series.
pub struct Rule {
    pub phrases: &'static [&'static str],
    pub series: SeriesDef,
    /// The registry key whose entry names the series in the warning.
    pub key: &'static str,
    /// Its name in the report's note (SPEC §18).
    pub ja: &'static str,
}

/// The series the direction check knows (SPEC §12: "keep the matching
/// simple and documented"; docs/input.md lists them): the indicator
/// registry's entries with a `series`, in its order. The first rule whose
/// phrase occurs in a sentence at a place wins for that place.
pub fn rules() -> &'static [Rule] {
    static RULES: std::sync::OnceLock<Vec<Rule>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        crate::registry::Registry::builtin()
            .series()
            .into_iter()
            .map(|(entry, series)| Rule {
                phrases: series.phrases,
                series: match &series.over {
                    Some(over) => SeriesDef::Share(&entry.key, over),
                    None => SeriesDef::Key(&entry.key),
                },
                key: &entry.key,
                ja: &series.ja,
            })
            .collect()
    })
}

const UP: &[&str] = &["増加", "上昇", "増え"];
const DOWN: &[&str] = &["減少", "低下", "下降", "下が", "減っ"];

/// Units a written figure may carry, longest first, with the indicator
/// units it is compared with (`None`: a rate, written in percent).
const UNITS: &[(&str, &[&str])] = &[
    ("千円", &["千円"]),
    ("コース", &["コース"]),
    ("テーマ", &["件"]),
    ("課題", &["件"]),
    ("拠点", &["拠点"]),
    // 件 counts anything: topics, companies, training courses (研修3件).
    ("件", &["件", "社", "コース"]),
    ("社", &["社", "件"]),
    ("名", &["名"]),
    ("人", &["名"]),
    ("%", &[]),
];

/// The `{{ … }}` of a line: byte range and the text inside; and where a
/// `{{` opens that no `}}` closes on the line (SPEC §12: a live figure is
/// written on one line).
fn live_spans(line: &str) -> (Vec<(usize, usize, &str)>, Option<usize>) {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = line[from..].find("{{") {
        let start = from + open;
        let Some(close) = line[start + 2..].find("}}") else {
            return (out, Some(start));
        };
        let end = start + 2 + close + 2;
        out.push((start, end, &line[start + 2..end - 2]));
        from = end;
    }
    (out, None)
}

/// `kpi1.participants` or `kpi2.venture_rate @ R6` → (key, round).
pub fn parse_live(inner: &str) -> (String, Option<String>) {
    match inner.split_once('@') {
        Some((k, r)) => (k.trim().to_string(), Some(r.trim().to_string())),
        None => (inner.trim().to_string(), None),
    }
}

/// How many rounds back a relative round name goes (SPEC §17): `前回` and
/// `previous` the round before, `前々回` and `previous2` the one before that.
pub fn relative_steps(name: &str) -> Option<usize> {
    let name = crate::fiscal::normalize(name).to_lowercase();
    match name.as_str() {
        "前回" | "previous" => Some(1),
        "前々回" | "previous2" => Some(2),
        _ => None,
    }
}

/// The label a live figure's round names: a label of `rounds` as written,
/// or a relative name counted back from `current` in `rounds` (oldest
/// first, in fiscal-year order, whatever the gap between them).
pub fn round_named(name: &str, current: &str, rounds: &[String]) -> Option<String> {
    if rounds.iter().any(|r| r == name) {
        return Some(name.to_string());
    }
    let steps = relative_steps(name)?;
    let at = rounds.iter().position(|r| r == current)?;
    rounds.get(at.checked_sub(steps)?).cloned()
}

/// The figure a live reference names, or what is wrong with it.
/// `rounds` are the labels of the rounds in the report, oldest first.
pub fn resolve<'a>(
    inner: &str,
    current: &str,
    rounds: &[String],
    lookup: &'a Lookup,
) -> Result<&'a Indicator, Msg> {
    let (key, round) = parse_live(inner);
    let round = match round {
        None => current.to_string(),
        Some(name) => match round_named(&name, current, rounds) {
            Some(label) => label,
            None => {
                return Err(Msg::LiveUnknownRound {
                    live: format!("{{{{ {} }}}}", inner.trim()),
                    round: name,
                    rounds: List::of(rounds),
                })
            }
        },
    };
    if let Some(i) = lookup.get(&(key.clone(), round.clone())) {
        return Ok(i);
    }
    // The first entry at or after (key, "") is the key's, if it has any:
    // one look-up, not a scan of the table per live figure.
    let known = lookup
        .range((key.clone(), String::new())..)
        .next()
        .is_some_and(|((k, _), _)| *k == key);
    if known {
        Err(Msg::LiveNoFigure {
            live: format!("{{{{ {} }}}}", inner.trim()),
            key,
            round,
        })
    } else {
        let near = nearest_keys(&key, lookup);
        Err(Msg::LiveUnknownKey {
            live: format!("{{{{ {} }}}}", inner.trim()),
            key,
            near: Near::Semi(near),
        })
    }
}

/// Up to three keys sharing the longest prefix with `key` (at least five
/// characters). The keys sharing the longest prefix are next to where
/// `key` would sort: found from there, not by comparing every key.
fn nearest_keys(key: &str, lookup: &Lookup) -> Vec<String> {
    let common = |k: &str| {
        k.chars()
            .zip(key.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    // The keys next to where `key` sorts, one on each side.
    let start = (key.to_string(), String::new());
    let after = lookup.range(start.clone()..).next().map(|((k, _), _)| k);
    let before = lookup.range(..start).next_back().map(|((k, _), _)| k);
    let best = before
        .into_iter()
        .chain(after)
        .map(|k| common(k))
        .max()
        .unwrap_or(0);
    if best < 5 {
        return Vec::new();
    }
    // Every key with that prefix, in sorted order: they sort together.
    let prefix: String = key.chars().take(best).collect();
    let mut keys: Vec<String> = Vec::new();
    for ((k, _), _) in lookup.range((prefix.clone(), String::new())..) {
        if !k.starts_with(&prefix) || keys.len() == 3 && keys.last() != Some(k) {
            break;
        }
        if keys.last() != Some(k) {
            keys.push(k.clone());
        }
    }
    keys
}

/// A figure's display with its unit (`3,198名`, `10.4%`).
pub fn live_text(i: &Indicator) -> String {
    format::display(i, true)
}

/// Replaces every live figure of `text` by its display; one that cannot be
/// resolved (reported by [`check`]) is left as written.
pub fn expand(text: &str, current: &str, rounds: &[String], lookup: &Lookup) -> String {
    let mut out = String::new();
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut from = 0;
        for (start, end, inner) in live_spans(line).0 {
            out.push_str(&line[from..start]);
            match resolve(inner, current, rounds, lookup) {
                Ok(i) => out.push_str(&live_text(i)),
                Err(_) => out.push_str(&line[start..end]),
            }
            from = end;
        }
        out.push_str(&line[from..]);
    }
    out
}

/// A number written with a unit: its value, decimals, unit and text.
#[derive(Debug, Clone, PartialEq)]
struct Written {
    value: f64,
    decimals: u32,
    unit: &'static str,
    text: String,
}

/// The figures with a unit in `line` (already NFKC-normalised, live
/// figures removed); those followed by a footnote `[^…]` are left out.
/// One pass over the text (byte offsets; every character a figure is made
/// of is ASCII).
fn written_figures(line: &str) -> Vec<Written> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let starts = c.is_ascii_digit()
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b',') {
            j += 1;
        }
        let mut decimals = 0;
        if j + 1 < bytes.len() && bytes[j] == b'.' && bytes[j + 1].is_ascii_digit() {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
                decimals += 1;
            }
        }
        let written = &line[i..j];
        let rest = line[j..].trim_start_matches(' ');
        let unit = UNITS.iter().find(|(u, _)| rest.starts_with(u));
        let number: String = written.chars().filter(|c| *c != ',').collect();
        if let (Some((unit, _)), Ok(value)) = (unit, number.parse::<f64>()) {
            let after = &rest[unit.len()..];
            if !after.starts_with("[^") {
                out.push(Written {
                    value,
                    decimals,
                    unit,
                    text: format!("{written}{unit}"),
                });
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// The indicator units a written unit is compared with.
fn compared_units(unit: &str) -> &'static [&'static str] {
    UNITS
        .iter()
        .find(|(u, _)| *u == unit)
        .map_or(&[][..], |(_, units)| *units)
}

fn comparable(w: &Written, i: &Indicator) -> bool {
    if w.unit == "%" {
        i.unit == UNIT_RATIO
    } else {
        compared_units(w.unit).contains(&i.unit.as_str())
    }
}

/// The indicator's value on the scale the figure is written in.
fn scaled(w: &Written, v: f64) -> f64 {
    if w.unit == "%" {
        v * 100.0
    } else {
        v
    }
}

fn matches(w: &Written, i: &Indicator) -> bool {
    let Some(v) = i.value else {
        return false;
    };
    comparable(w, i) && (format::round_half_up(scaled(w, v), w.decimals) - w.value).abs() < 1e-9
}

/// The figures a hand-typed figure may match (SPEC §17), by scope (a
/// KPI, `kpi6`, or every KPI, ``), round and indicator unit, each sorted
/// by value on the scale figures are written in (rates in percent): a
/// written figure is looked up by binary search, not against every figure.
pub(crate) struct FigureIndex<'a> {
    by: BTreeMap<Place, Sorted<'a>>,
}

/// (scope, round, indicator unit).
type Place = (String, String, String);
/// Figures on the written scale, ascending.
type Sorted<'a> = Vec<(f64, &'a Indicator)>;

/// The scope of a commentary section: its KPI's keys, or every key (総括).
fn scope_of(section: &str) -> &str {
    if section.starts_with("kpi") {
        section
    } else {
        ""
    }
}

impl<'a> FigureIndex<'a> {
    pub(crate) fn new(lookup: &'a Lookup) -> Self {
        let mut by: BTreeMap<Place, Sorted> = BTreeMap::new();
        for i in lookup.values() {
            let Some(v) = i.value else { continue };
            let written = if i.unit == UNIT_RATIO { v * 100.0 } else { v };
            let kpi = i.key.split('.').next().unwrap_or("");
            for scope in [kpi, ""] {
                by.entry((scope.to_string(), i.round.clone(), i.unit.clone()))
                    .or_default()
                    .push((written, i));
            }
        }
        for list in by.values_mut() {
            list.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        FigureIndex { by }
    }

    /// The sorted figures `w` is compared with in one scope and round.
    fn lists(&self, w: &Written, scope: &str, round: &str) -> Vec<&[(f64, &'a Indicator)]> {
        let units: &'static [&'static str] = if w.unit == "%" {
            &[UNIT_RATIO]
        } else {
            compared_units(w.unit)
        };
        units
            .iter()
            .filter_map(|u| {
                let key = (scope.to_string(), round.to_string(), u.to_string());
                self.by.get(&key).map(Vec::as_slice)
            })
            .collect()
    }

    /// Whether `w` equals, at its written precision, a figure of the scope
    /// in one of `rounds`.
    fn matches(&self, w: &Written, scope: &str, rounds: &[&str]) -> bool {
        // Every value that rounds to w lies within half a written unit.
        let half = 0.5 * 10f64.powi(-(w.decimals as i32)) + 1e-6;
        rounds.iter().any(|round| {
            self.lists(w, scope, round).into_iter().any(|list| {
                let from = list.partition_point(|(v, _)| *v < w.value - half);
                list[from..]
                    .iter()
                    .take_while(|(v, _)| *v <= w.value + half)
                    .any(|(_, i)| matches(w, i))
            })
        })
    }

    /// The three figures of the scope and rounds nearest to `w`:
    /// `4,086名 (kpi1.participants @ R6)`.
    fn nearest(&self, w: &Written, scope: &str, rounds: &[&str]) -> Vec<String> {
        let mut candidates: Vec<(f64, &Indicator)> = Vec::new();
        for round in rounds {
            for list in self.lists(w, scope, round) {
                let at = list.partition_point(|(v, _)| *v < w.value);
                let mut from = at.saturating_sub(3);
                let mut to = (at + 3).min(list.len());
                // Figures tied with the window's ends are candidates too:
                // the key decides among equals, not the sort.
                while from > 0 && list[from - 1].0 == list[from].0 {
                    from -= 1;
                }
                while to < list.len() && to > 0 && list[to].0 == list[to - 1].0 {
                    to += 1;
                }
                candidates.extend(
                    list[from..to]
                        .iter()
                        .map(|(v, i)| ((v - w.value).abs(), *i)),
                );
            }
        }
        candidates.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| (&a.1.key, &a.1.round).cmp(&(&b.1.key, &b.1.round)))
        });
        candidates
            .into_iter()
            .take(3)
            .map(|(_, i)| format!("{} ({} @ {})", live_text(i), i.key, i.round))
            .collect()
    }
}

/// The rounds a sentence names besides the report's (SPEC §17): a round's
/// label (`R6`, also inside `R6年度` and a live figure's `@ R6`), its
/// fiscal year (`2024年度`) or era year (`令和6年度`), and `前回` / `前々回`
/// (the round before the report's, and the one before that, as in live
/// figures). A label counts only where no letter or digit joins it
/// (`R6` is not in `R60` or `FR6`).
fn rounds_named<'a>(sentence: &str, current: &'a str, rounds: &'a [RoundName]) -> Vec<&'a str> {
    let mut out: Vec<&str> = vec![current];
    let at = rounds.iter().position(|r| r.label == current);
    let alone = |at: usize, len: usize| {
        let before = sentence[..at].chars().next_back();
        let after = sentence[at + len..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    };
    for r in rounds.iter().filter(|r| !r.label.is_empty()) {
        let label = r.label.as_str();
        let by_label = sentence
            .match_indices(label)
            .any(|(at, m)| alone(at, m.len()));
        let by_year = [
            format!("{}年度", r.fiscal_year),
            crate::fiscal::long_era_label(r.fiscal_year),
        ]
        .iter()
        .any(|y| {
            sentence.match_indices(y.as_str()).any(|(at, _)| {
                !sentence[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit())
            })
        });
        if by_label || by_year {
            out.push(label);
        }
    }
    // 前々回 holds 前回: 前回 counts only outside 前々回.
    let said = [
        (1, sentence.replace("前々回", "").contains("前回")),
        (2, sentence.contains("前々回")),
    ];
    for (steps, said) in said {
        let named = at
            .and_then(|at| at.checked_sub(steps))
            .and_then(|n| rounds.get(n));
        if let (true, Some(r)) = (said, named) {
            out.push(r.label.as_str());
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A round of the report as sentences name it.
#[derive(Debug, Clone)]
pub struct RoundName {
    pub label: String,
    pub fiscal_year: i32,
}

/// The value of a direction rule's series in one round.
fn series_value(def: SeriesDef, round: &str, lookup: &Lookup) -> Option<f64> {
    let get = |k: &str| {
        lookup
            .get(&(k.to_string(), round.to_string()))
            .and_then(|i| i.value)
    };
    match def {
        SeriesDef::Key(k) => get(k),
        SeriesDef::Share(n, d) => match (get(n), get(d)) {
            (Some(n), Some(d)) if d != 0.0 => Some(n / d),
            _ => None,
        },
    }
}

fn series_display(def: SeriesDef, v: f64, lookup: &Lookup) -> String {
    match def {
        SeriesDef::Share(..) => format::percent(v),
        SeriesDef::Key(k) => lookup
            .range((k.to_string(), String::new())..)
            .next()
            .map(|(_, i)| i)
            .filter(|i| i.key == k)
            .map_or_else(
                || format::group_digits(v, 1),
                |i| {
                    live_text(&Indicator {
                        value: Some(v),
                        ..i.clone()
                    })
                },
            ),
    }
}

/// What a sentence says about each series it names: (rule, says up?).
/// Linear in the sentence: the places are kept in a map by start (a place
/// is checked against its one possible overlap), the direction words'
/// places are sorted once and each series' first one found by search.
fn directions(sentence: &str) -> Vec<(&'static Rule, bool)> {
    let mut places: BTreeMap<usize, (usize, &'static Rule)> = BTreeMap::new();
    for rule in rules() {
        for phrase in rule.phrases {
            for (at, _) in sentence.match_indices(phrase) {
                let end = at + phrase.len();
                // A place already named by an earlier rule stays with it:
                // of the kept places (disjoint) starting before this one
                // ends, the last is the only one that can overlap it.
                let taken = places
                    .range(..end)
                    .next_back()
                    .is_some_and(|(_, (e, _))| *e > at);
                if !taken {
                    places.insert(at, (end, rule));
                }
            }
        }
    }
    let positions = |words: &[&str]| {
        let mut at: Vec<usize> = words
            .iter()
            .flat_map(|w| sentence.match_indices(w).map(|(at, _)| at))
            .collect();
        at.sort_unstable();
        at
    };
    let (up, down) = (positions(UP), positions(DOWN));
    let first_after =
        |list: &[usize], from: usize| list.get(list.partition_point(|&p| p < from)).copied();
    let mut out: Vec<(&'static Rule, bool)> = Vec::new();
    for (end, rule) in places.into_values() {
        let says = match (first_after(&up, end), first_after(&down, end)) {
            (Some(u), Some(d)) => Some(u < d),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        };
        if let Some(up) = says {
            if !out.iter().any(|(r, _)| std::ptr::eq(*r, rule)) {
                out.push((rule, up));
            }
        }
    }
    out
}

/// The indicator table as a lookup by (key, round).
pub fn lookup_of(indicators: &[Indicator]) -> Lookup {
    indicators
        .iter()
        .map(|i| ((i.key.clone(), i.round.clone()), i.clone()))
        .collect()
}

/// Checks one round's commentary (SPEC §12, §17): its live figures, its
/// hand-typed figures against the figures of its section's KPI in the
/// rounds each sentence names, and the directions it states. `rounds` are
/// the report's rounds up to `current`, oldest first.
pub(crate) fn check_commentary(
    c: &Commentary,
    shown: &str,
    current: &str,
    rounds: &[RoundName],
    lookup: &Lookup,
    diags: &mut Diagnostics,
) {
    let labels: Vec<String> = rounds.iter().map(|r| r.label.clone()).collect();
    let index = FigureIndex::new(lookup);
    let previous = round_named("前回", current, &labels);
    for (section, text) in &c.sections {
        let scope = scope_of(section);
        let numbers = c.lines.get(section);
        for (n, line) in text.split('\n').enumerate() {
            let at = numbers.and_then(|v| v.get(n)).copied().unwrap_or(0);
            let here = || Location::line(shown, at);
            // Live figures: resolved, then left as their key and round
            // (the round counts as named by the sentence).
            let mut plain = String::new();
            let mut from = 0;
            let (spans, unclosed) = live_spans(line);
            for (start, end, inner) in spans {
                plain.push_str(&line[from..start]);
                match resolve(inner, current, &labels, lookup) {
                    Ok(i) => plain.push_str(&format!("〈{} @ {}〉", i.key, i.round)),
                    Err(e) => diags.error(here(), e),
                }
                from = end;
            }
            plain.push_str(&line[from..]);
            if let Some(start) = unclosed {
                diags.error(
                    here(),
                    Msg::LiveUnclosed {
                        live: crate::quote::found_text(&line[start..]),
                    },
                );
            }
            let normal = crate::fiscal::normalize(&plain);
            for sentence in normal.split(['。', '!', '?']) {
                let named = rounds_named(sentence, current, rounds);
                for w in written_figures(sentence) {
                    if !index.matches(&w, scope, &named) {
                        diags.warning(
                            here(),
                            Msg::FigureMatchesNothing {
                                text: w.text.clone(),
                                near: Near::Paren(index.nearest(&w, scope, &named)),
                            },
                        );
                    }
                }
                let Some(previous) = &previous else {
                    continue;
                };
                for a in against(sentence, previous, current, lookup) {
                    let rule = a.rule;
                    diags.warning(
                        here(),
                        Msg::DirectionContradicts {
                            says: Dir::Says(a.says_up),
                            phrase: rule
                                .phrases
                                .iter()
                                .find(|p| sentence.contains(*p))
                                .unwrap_or(&rule.phrases[0]),
                            name: rule.key,
                            moved: Dir::Moved(!a.says_up),
                            before: a.before.into(),
                            previous: previous.as_str().into(),
                            now: a.now.into(),
                            current: current.into(),
                        },
                    );
                }
            }
        }
    }
}

/// A series a sentence names moving against the direction it states.
struct Against {
    rule: &'static Rule,
    says_up: bool,
    /// The series' figures of the previous and the current round, displayed.
    before: String,
    now: String,
}

/// The series of `sentence` (NFKC-normalised) that moved, between
/// `previous` and `current`, the other way from what it says: one
/// mechanism for the warning (W0504) and the report's note (SPEC §18).
fn against(sentence: &str, previous: &str, current: &str, lookup: &Lookup) -> Vec<Against> {
    let mut out = Vec::new();
    for (rule, up) in directions(sentence) {
        let (Some(before), Some(now)) = (
            series_value(rule.series, previous, lookup),
            series_value(rule.series, current, lookup),
        ) else {
            continue;
        };
        if now != before && (now > before) != up {
            out.push(Against {
                rule,
                says_up: up,
                before: series_display(rule.series, before, lookup),
                now: series_display(rule.series, now, lookup),
            });
        }
    }
    out
}

/// A sentence of the commentary whose stated direction the figures
/// contradict (SPEC §18): shown as written, with a note under it giving
/// what the data show, and listed in the reconciliation appendix.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Contradiction {
    /// The section (`kpi6`, `summary`).
    pub section: String,
    /// The line of the section's text the sentence stands on (0-based).
    #[serde(skip)]
    pub line: usize,
    /// The sentence as the report shows it (live figures expanded).
    pub sentence: String,
    /// 「※ 集計値では…」: what the figures did.
    pub note: String,
}

/// The note under a contradicted sentence: each series it names that
/// moved the other way, with its figures of both rounds.
fn note_of(found: &[Against], previous: &str, current: &str) -> String {
    let moves: Vec<String> = found
        .iter()
        .map(|a| {
            let name = a.rule.ja;
            let moved = if a.says_up { "減少" } else { "増加" };
            format!(
                "{name}は{previous}の{}から{current}の{}へ{moved}",
                a.before, a.now
            )
        })
        .collect();
    format!("※ 集計値では、{}しています。", moves.join("、"))
}

/// Every sentence of a round's commentary whose stated direction the
/// figures contradict, in section and line order. `rounds` are the labels
/// of the report's rounds, oldest first.
pub fn contradictions(
    commentary: Option<&Commentary>,
    current: &str,
    rounds: &[String],
    lookup: &Lookup,
) -> Vec<Contradiction> {
    let (Some(c), Some(previous)) = (commentary, round_named("前回", current, rounds)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (section, text) in &c.sections {
        for (line, written) in text.split('\n').enumerate() {
            let shown = crate::fiscal::normalize(&expand(written, current, rounds, lookup));
            for sentence in shown.split(['。', '!', '?']) {
                let found = against(sentence, &previous, current, lookup);
                if found.is_empty() {
                    continue;
                }
                // The sentence without its Markdown list marker.
                let bare = sentence
                    .trim()
                    .trim_start_matches(['-', '*', '+'])
                    .trim_start();
                out.push(Contradiction {
                    section: section.clone(),
                    line,
                    sentence: bare.to_string(),
                    note: note_of(&found, &previous, current),
                });
            }
        }
    }
    out
}

/// The commentary sections of a round as HTML, live figures expanded, a
/// 「※ 集計値では…」 note under each sentence the figures contradict
/// (`notes`: [`contradictions`], which the appendix lists too).
pub fn render(
    commentary: Option<&Commentary>,
    current: &str,
    rounds: &[String],
    lookup: &Lookup,
    notes: &[Contradiction],
) -> BTreeMap<String, String> {
    commentary
        .map(|c| {
            c.sections
                .iter()
                .map(|(k, v)| {
                    let mut here: BTreeMap<usize, Vec<String>> = BTreeMap::new();
                    for n in notes.iter().filter(|n| n.section == *k) {
                        here.entry(n.line).or_default().push(n.note.clone());
                    }
                    let here: BTreeMap<usize, String> =
                        here.into_iter().map(|(l, v)| (l, v.join(""))).collect();
                    (
                        k.clone(),
                        markdown::to_html_with_notes(&expand(v, current, rounds, lookup), &here),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(key: &str, round: &str, value: f64, unit: &str) -> Indicator {
        Indicator {
            key: key.into(),
            round: round.into(),
            value: Some(value),
            numerator: None,
            denominator: None,
            unit: unit.into(),
        }
    }

    fn table() -> Lookup {
        lookup_of(&[
            ind("kpi1.participants", "R6", 4086.0, "名"),
            ind("kpi1.participants", "R7", 3198.0, "名"),
            ind("kpi1.sites", "R6", 22.0, "拠点"),
            ind("kpi1.sites", "R7", 16.0, "拠点"),
            ind("kpi2.venture_rate_mean4", "R7", 0.10392, "ratio"),
            ind("kpi6.topics", "R6", 236.0, "件"),
            ind("kpi6.topics", "R7", 261.0, "件"),
            ind("kpi6.area_none_multi.topics", "R6", 103.0, "件"),
            ind("kpi6.area_none_multi.topics", "R7", 84.0, "件"),
        ])
    }

    fn commentary(text: &str) -> Commentary {
        let mut d = Diagnostics::new();
        crate::ingest::text::parse_commentary(text, "c.md", &mut d)
    }

    fn names() -> Vec<RoundName> {
        [("R5", 2023), ("R6", 2024), ("R7", 2025)]
            .map(|(label, fiscal_year)| RoundName {
                label: label.into(),
                fiscal_year,
            })
            .to_vec()
    }

    fn run(text: &str) -> Vec<String> {
        let mut d = Diagnostics::new();
        check_commentary(
            &commentary(text),
            "data/R7/commentary.md",
            "R7",
            &names(),
            &table(),
            &mut d,
        );
        d.items().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn live_figures_expand_at_display_precision() {
        let labels = vec!["R6".to_string(), "R7".to_string()];
        assert_eq!(
            expand(
                "A {{ kpi1.participants }}、{{kpi1.participants @ R6}}、{{ kpi2.venture_rate_mean4 }}",
                "R7",
                &labels,
                &table()
            ),
            "A 3,198名、4,086名、10.4%"
        );
    }

    #[test]
    fn unknown_key_and_round_are_errors_at_their_line() {
        let out = run("## KPI 1\n\nok {{ kpi1.participants }}\n{{ kpi1.participant }}\n{{ kpi1.sites @ R9 }}\n");
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(
            out[0].starts_with("data/R7/commentary.md:4: E0505: {{ kpi1.participant }}: unknown indicator key \"kpi1.participant\"; nearest: kpi1.participants"),
            "{}",
            out[0]
        );
        assert_eq!(
            out[1],
            "data/R7/commentary.md:5: E0503: {{ kpi1.sites @ R9 }}: unknown round \"R9\": expected one of R5, R6, R7"
        );
    }

    #[test]
    fn relative_rounds_count_back_whatever_the_gap() {
        // R5 and R7 only: 前回 is R5, two fiscal years back.
        let rounds = vec!["R5".to_string(), "R7".to_string()];
        let mut t = table();
        t.insert(
            ("kpi1.sites".into(), "R5".into()),
            ind("kpi1.sites", "R5", 20.0, "拠点"),
        );
        assert_eq!(
            expand(
                "{{ kpi1.sites @ 前回 }}→{{ kpi1.sites @ previous }}→{{ kpi1.sites }}",
                "R7",
                &rounds,
                &t
            ),
            "20拠点→20拠点→16拠点"
        );
        assert_eq!(round_named("前々回", "R7", &rounds), None);
        assert_eq!(
            round_named("Previous2", "R7", &["R4".into(), "R5".into(), "R7".into()]),
            Some("R4".into())
        );
        let e = resolve("kpi1.sites @ 前々回", "R7", &rounds, &t).map(|_| ());
        assert_eq!(
            e.map_err(|m| m.text(crate::diag::Lang::En)),
            Err(
                "{{ kpi1.sites @ 前々回 }}: unknown round \"前々回\": expected one of R5, R7"
                    .into()
            )
        );
    }

    #[test]
    fn a_sentence_names_rounds_by_label_year_and_relative_word() {
        let n = names();
        assert_eq!(rounds_named("前々回は", "R7", &n), ["R5", "R7"]);
        assert_eq!(rounds_named("前回と前々回", "R7", &n), ["R5", "R6", "R7"]);
        assert_eq!(rounds_named("R60、FR6、2024年", "R7", &n), ["R7"]);
        assert_eq!(
            rounds_named("令和5年度と2024年度", "R7", &n),
            ["R5", "R6", "R7"]
        );
        assert_eq!(rounds_named("〈kpi1.sites @ R5〉", "R7", &n), ["R5", "R7"]);
    }

    #[test]
    fn an_unclosed_live_figure_is_an_error_at_its_line() {
        let out = run("## KPI 1\n\n受入実績は{{ kpi1.participants\n}} です\n");
        assert_eq!(
            out,
            ["data/R7/commentary.md:3: E0513: \"{{ kpi1.participants\": a live figure that is not closed by }} on the same line"]
        );
    }

    #[test]
    fn a_figure_is_checked_in_its_sections_kpi_and_the_rounds_its_sentence_names() {
        // 236件 is kpi6.topics of R6: not under KPI 1, and not unless the
        // sentence names R6 (by label, era year, fiscal year or 前回).
        let out = run("## KPI 1\n受入実績は3,198名\n236件\n## KPI 6\n236件\nR6は236件\n令和6年度は236件\n2024年度は236件\n前回は236件\nR60は236件。R6は4,086名\n## 総括\n前回236件、今回3,198名\n");
        let lines: Vec<&str> = out
            .iter()
            .map(|l| &l[..l.find(" matches").unwrap_or(l.len())])
            .collect();
        assert_eq!(
            lines,
            [
                "data/R7/commentary.md:3: warning: W0503: \"236件\"",
                "data/R7/commentary.md:5: warning: W0503: \"236件\"",
                "data/R7/commentary.md:10: warning: W0503: \"236件\"",
                "data/R7/commentary.md:10: warning: W0503: \"4,086名\"",
            ],
            "{out:?}"
        );
        // The nearest candidates are the section's, in the rounds named.
        assert!(
            out[1].contains(
                "(nearest: 261件 (kpi6.topics @ R7), 84件 (kpi6.area_none_multi.topics @ R7))"
            ),
            "{}",
            out[1]
        );
    }

    #[test]
    fn figure_check_warns_with_nearest_candidates() {
        let out = run("## KPI 1\n受入実績は3,198名、R6は4,086名\n\n- R6は4,087名だった\n- 全産業は1.4%[^1]\n- 16拠点、約20%程度\n");
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(
            out[0].starts_with(
                "data/R7/commentary.md:4: warning: W0503: \"4,087名\" matches no figure"
            ),
            "{}",
            out[0]
        );
        assert!(
            out[0].contains(
                "nearest: 4,086名 (kpi1.participants @ R6), 3,198名 (kpi1.participants @ R7)"
            ),
            "{}",
            out[0]
        );
        assert!(out[1].contains("\"20%\""), "{}", out[1]);
    }

    #[test]
    fn figure_check_reads_full_width_and_written_precision() {
        let w = written_figures(&crate::fiscal::normalize("１０．４％と3,198 名"));
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].decimals, w[0].unit), (1, "%"));
        assert_eq!((w[1].value, w[1].unit), (3198.0, "名"));
        // R7, 2026年 and 3割 carry no unit of the table.
        assert!(written_figures("R7は2026年に3割").is_empty());
    }

    /// The source's KPI 6 sentence, which [`table`]'s made-up figures
    /// contradict (the fixtures' agree with it).
    const CONTRADICTED: &str = "- 採択傾向として、重点分野が特定されないテーマが増加している";

    #[test]
    fn direction_check_catches_the_source_contradiction() {
        let out = run(&format!("## KPI 6\n\n{CONTRADICTED}\n"));
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0],
            "data/R7/commentary.md:3: warning: W0504: the sentence says it rose (重点分野が特定されない) but the なし/複数 share of AMED topics (kpi6.area_none_multi.topics / kpi6.topics) fell from 43.6% (R6) to 32.2% (R7): say what the data shows"
        );
    }

    #[test]
    fn direction_check_accepts_what_the_data_shows() {
        let out = run("## KPI 6\n- 重点分野が特定されないテーマの割合は減少している\n## KPI 1\n- 受入実績、実施拠点数ともに下降。拠点数は減少し、受入実績は増加した\n");
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(
            out[0].starts_with(
                "data/R7/commentary.md:4: warning: W0504: the sentence says it rose (受入実績)"
            ),
            "{}",
            out[0]
        );
    }

    #[test]
    fn a_contradicted_sentence_gets_a_note_under_it() {
        let c = commentary(&format!(
            "## KPI 6\n\n{CONTRADICTED}\n- 別の文\n\n## KPI 1\n\n受入実績、実施拠点数ともに下降\n"
        ));
        let labels = vec!["R6".to_string(), "R7".to_string()];
        let found = contradictions(Some(&c), "R7", &labels, &table());
        assert_eq!(
            found,
            [Contradiction {
                section: "kpi6".into(),
                line: 0,
                sentence: "採択傾向として、重点分野が特定されないテーマが増加している".into(),
                note: "※ 集計値では、AMED課題に占める重点分野なし/複数の課題の割合はR6の43.6%からR7の32.2%へ減少しています。".into(),
            }]
        );
        let html = render(Some(&c), "R7", &labels, &table(), &found);
        assert!(
            html["kpi6"].contains("増加している<span class=\"data-note\">※ 集計値では、"),
            "{}",
            html["kpi6"]
        );
        assert!(!html["kpi1"].contains("data-note"), "{}", html["kpi1"]);
        // With no previous round there is nothing to compare.
        assert!(contradictions(Some(&c), "R7", &labels[1..], &table()).is_empty());
    }

    #[test]
    fn each_series_takes_the_first_direction_after_it() {
        let d = directions("上流工程は増加傾向であるが、下流工程は下降傾向");
        assert_eq!(d.len(), 2);
        assert!(d[0].1 && !d[1].1);
        let both = directions("活動は6割、国際展開に関する活動と海外拠点はいずれも下降");
        assert!(both.iter().all(|(_, up)| !up));
    }
}
