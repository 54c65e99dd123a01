//! `data/indicators.toml`: indicators declared without Rust (SPEC §20).
//!
//! Each `[[indicator]]` counts or sums the rows of one export table
//! (stations, training, joint_research, satisfaction, companies, amed)
//! matching a where-filter written in the forms' own words: columns by the
//! export's headers, values as the export shows them. It becomes
//! [`crate::model::measure`] terms and rules on the model's frames, so it
//! is computed, explained and exported like every other figure. The
//! metadata (key, name, title, unit, direction, mean4, line) is
//! [`Meta`]. See docs/indicators.md.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diag::{Diagnostics, Expect, Found, List, Location, Msg};
use crate::indicator::{
    UNIT_CASES, UNIT_COMPANIES, UNIT_COURSES, UNIT_PEOPLE, UNIT_RATIO, UNIT_STATIONS,
    UNIT_THOUSAND_YEN,
};
use crate::model::columns::{self, Column};
use crate::model::expr::{Pred, Value, Weight};
use crate::model::measure::{Defs, On, Rule};
use crate::model::FrameId;
use crate::model::RoundData;
use crate::schema::{Dtype, NO, YES};

pub const FILE: &str = "indicators.toml";

/// The tables an indicator may count, as `export` names them: every record
/// frame but the follow-up series (figures already, not records).
pub fn tables() -> impl Iterator<Item = FrameId> {
    FrameId::ALL.into_iter().filter(|f| *f != FrameId::Followup)
}

/// The units of a count or sum (a ratio's is `ratio`).
pub const UNITS: [&str; 6] = [
    UNIT_PEOPLE,
    UNIT_CASES,
    UNIT_STATIONS,
    UNIT_COURSES,
    UNIT_COMPANIES,
    UNIT_THOUSAND_YEN,
];

/// `per`'s one divisor: the round's stations.
pub const PER_STATION: &str = "拠点";

pub use crate::registry::Direction;

/// A declared indicator's metadata, for the registry and the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    pub key: String,
    /// N of its `kpiN.` key.
    pub kpi: u8,
    pub name: String,
    /// The short chart title (the name where none is given).
    pub title: Option<String>,
    pub unit: String,
    /// What its rows are (`社` for companies), for a rate's `(11/106社)`.
    pub counted: &'static str,
    pub direction: Direction,
    /// Also `<key>_mean4`, the 4-round mean.
    pub mean4: bool,
    /// The line of its `key` in indicators.toml.
    pub line: usize,
}

impl Meta {
    /// The key of its 4-round mean.
    pub fn mean4_key(&self) -> Option<String> {
        self.mean4.then(|| format!("{}_mean4", self.key))
    }

    /// Its entries in the indicator registry: the figure, then its 4-round
    /// mean (named as the report's other means are).
    pub fn entries(&self) -> Vec<crate::registry::Entry> {
        let entry = |key: &str, name: &str| {
            crate::registry::Entry::declared(
                key,
                name,
                self.title.as_deref(),
                &self.unit,
                self.counted,
                self.direction,
            )
        };
        std::iter::once(entry(&self.key, &self.name))
            .chain(
                self.mean4_key()
                    .map(|k| entry(&k, &format!("{}(4カ年平均)", self.name))),
            )
            .collect()
    }

    /// Its keys in table order: the figure, then its 4-round mean.
    pub fn keys(&self) -> Vec<String> {
        std::iter::once(self.key.clone())
            .chain(self.mean4_key())
            .collect()
    }
}

/// Rows of a table and what each adds.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub filter: Pred,
    pub weight: Weight,
}

/// How a declared indicator is computed.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// The numerator's rows (within the denominator's) over the
    /// denominator's.
    Ratio { num: Part, den: Part },
    /// A count or sum, divided by the round's stations when `per_station`.
    Value { part: Part, per_station: bool },
}

/// One declared indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    pub meta: Meta,
    pub frame: FrameId,
    pub shape: Shape,
}

/// The declarations of `indicators.toml` (none when it is absent).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Declared {
    pub declarations: Vec<Declaration>,
    /// The file as read, for provenance.
    pub file: Option<crate::input::InputFile>,
}

impl Declared {
    pub fn is_empty(&self) -> bool {
        self.declarations.is_empty()
    }

    pub fn metas(&self) -> impl Iterator<Item = &Meta> {
        self.declarations.iter().map(|d| &d.meta)
    }

    /// The declared keys of KPI `n`, in table order.
    pub fn keys_of(&self, n: u8) -> Vec<String> {
        self.metas()
            .filter(|m| m.kpi == n)
            .flat_map(Meta::keys)
            .collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    indicator: Vec<Spanned<RawIndicator>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    key: Spanned<String>,
    name: String,
    title: Option<String>,
    table: Spanned<String>,
    numerator: Option<Spanned<RawPart>>,
    denominator: Option<Spanned<RawPart>>,
    value: Option<Spanned<RawPart>>,
    per: Option<Spanned<String>>,
    unit: Option<Spanned<String>>,
    direction: Option<Spanned<String>>,
    #[serde(default)]
    mean4: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    sum: Option<Spanned<String>>,
    #[serde(rename = "where", default)]
    filter: BTreeMap<String, Spanned<toml::Value>>,
}

/// Reads `<data>/indicators.toml`: every declaration, each problem a coded
/// error at its line. Absent, there are none.
pub fn read(data: &Path, shown: &str, diags: &mut Diagnostics) -> Declared {
    let path = data.join(FILE);
    if !path.exists() {
        return Declared::default();
    }
    let shown_path = format!("{shown}/{FILE}");
    let (bytes, file) = match crate::input::read_hashed(&path) {
        Ok(read) => read,
        Err(message) => {
            diags.error(Location::file(&shown_path), message);
            return Declared::default();
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        diags.error(Location::file(&shown_path), Msg::NotUtf8Text {});
        return Declared {
            declarations: Vec::new(),
            file: Some(file),
        };
    };
    let declarations = parse(&text, &shown_path, diags);
    Declared {
        declarations,
        file: Some(file),
    }
}

/// The line of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The declarations of `text` (indicators.toml shown as `shown`); a
/// declaration with a problem is reported and left out.
pub fn parse(text: &str, shown: &str, diags: &mut Diagnostics) -> Vec<Declaration> {
    let raw: RawFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let at = match e.span() {
                Some(span) => Location::line(shown, line_of(text, span.start)),
                None => Location::file(shown),
            };
            diags.error(
                at,
                Msg::IndicatorsMalformed {
                    detail: e.message().trim_end().to_string(),
                },
            );
            return Vec::new();
        }
    };
    let mut out: Vec<Declaration> = Vec::new();
    // Every key declared so far (a mean's too), with its line.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for spanned in raw.indicator {
        let start = line_of(text, spanned.span().start);
        let raw = spanned.into_inner();
        let mut problems: Vec<(usize, Msg)> = Vec::new();
        let declaration = declaration(text, start, &raw, &mut problems);
        if let Some(d) = &declaration {
            for key in d.meta.keys() {
                if let Some(line) = seen.get(&key) {
                    problems.push((
                        line_of(text, raw.key.span().start),
                        Msg::IndicatorKeyTwice { key, line: *line },
                    ));
                } else {
                    seen.insert(key, d.meta.line);
                }
            }
        }
        let ok = problems.is_empty();
        for (line, msg) in problems {
            diags.error(Location::line(shown, line), msg);
        }
        if let (true, Some(d)) = (ok, declaration) {
            out.push(d);
        }
    }
    out
}

/// One `[[indicator]]` starting at line `start`; its problems at their
/// lines in `problems`. None when it cannot be built.
fn declaration(
    text: &str,
    start: usize,
    raw: &RawIndicator,
    problems: &mut Vec<(usize, Msg)>,
) -> Option<Declaration> {
    let at = |span: std::ops::Range<usize>| line_of(text, span.start);
    let key = raw.key.get_ref().clone();
    let kpi = kpi_of(&key);
    if kpi.is_none() {
        problems.push((
            at(raw.key.span()),
            Msg::IndicatorBadKey { found: key.clone() },
        ));
    }
    let direction = match raw.direction.as_ref().map(|d| d.get_ref().as_str()) {
        None | Some("none") => Some(Direction::None),
        Some("up") => Some(Direction::Up),
        Some("down") => Some(Direction::Down),
        Some(other) => {
            let line = raw.direction.as_ref().map_or(start, |d| at(d.span()));
            problems.push((
                line,
                Msg::IndicatorBadDirection {
                    found: other.to_string(),
                },
            ));
            None
        }
    };
    let frame = tables().find(|f| f.frame_name() == raw.table.get_ref());
    if frame.is_none() {
        problems.push((
            at(raw.table.span()),
            Msg::IndicatorUnknownTable {
                found: raw.table.get_ref().clone(),
                tables: List::of(tables().map(|f| f.frame_name())),
            },
        ));
    }
    // The shape: value (with per), or numerator and denominator.
    let present: Vec<&str> = [
        ("value", raw.value.is_some()),
        ("numerator", raw.numerator.is_some()),
        ("denominator", raw.denominator.is_some()),
        ("per", raw.per.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, there)| there.then_some(name))
    .collect();
    let is_ratio = matches!(
        (&raw.value, &raw.numerator, &raw.denominator, &raw.per),
        (None, Some(_), Some(_), None)
    );
    let is_value = matches!(
        (&raw.value, &raw.numerator, &raw.denominator),
        (Some(_), None, None)
    );
    if !is_ratio && !is_value {
        problems.push((
            start,
            Msg::IndicatorShape {
                found: List::of(present.iter().map(|name| format!("`{name}`"))),
            },
        ));
    }
    if let Some(per) = &raw.per {
        if per.get_ref() != PER_STATION {
            problems.push((
                at(per.span()),
                Msg::IndicatorBadPer {
                    found: per.get_ref().clone(),
                },
            ));
        }
    }
    let sums = raw
        .value
        .as_ref()
        .is_some_and(|v| v.get_ref().sum.is_some());
    let unit = match (&raw.unit, is_ratio) {
        (None, true) => Some(UNIT_RATIO.to_string()),
        (Some(u), true) if u.get_ref() == UNIT_RATIO => Some(UNIT_RATIO.to_string()),
        (None, false) if sums => {
            problems.push((start, Msg::IndicatorUnitMissing {}));
            None
        }
        (None, false) => Some(UNIT_CASES.to_string()),
        (Some(u), false) if UNITS.contains(&u.get_ref().as_str()) => Some(u.get_ref().clone()),
        (Some(u), ratio) => {
            let units: Vec<&str> = if ratio {
                vec![UNIT_RATIO]
            } else {
                UNITS.to_vec()
            };
            problems.push((
                at(u.span()),
                Msg::IndicatorBadUnit {
                    found: u.get_ref().clone(),
                    units: List::of(units),
                },
            ));
            None
        }
    };
    let frame = frame?;
    let known = columns::columns(frame);
    let mut part = |p: &Spanned<RawPart>| part(text, frame, &known, p.get_ref(), problems);
    let shape = if is_ratio {
        let (Some(num), Some(den)) = (&raw.numerator, &raw.denominator) else {
            return None;
        };
        let (num, den) = (part(num), part(den));
        Shape::Ratio {
            // The numerator counts within the denominator's rows.
            num: Part {
                filter: num
                    .as_ref()?
                    .filter
                    .clone()
                    .and(den.as_ref()?.filter.clone()),
                weight: num?.weight,
            },
            den: den?,
        }
    } else {
        let value = raw.value.as_ref()?;
        Shape::Value {
            part: part(value)?,
            per_station: raw.per.is_some(),
        }
    };
    Some(Declaration {
        meta: Meta {
            key,
            kpi: kpi?,
            name: raw.name.clone(),
            title: raw.title.clone(),
            unit: unit?,
            counted: counted_rows(frame),
            direction: direction?,
            mean4: raw.mean4,
            line: at(raw.key.span()),
        },
        frame,
        shape,
    })
}

/// N of a key `kpiN.<name>`: N 1–11, the name lower-case ASCII letters,
/// digits, `_` and `.` (no empty part).
fn kpi_of(key: &str) -> Option<u8> {
    let (head, name) = key.split_once('.')?;
    let n: u8 = head.strip_prefix("kpi")?.parse().ok()?;
    let well_formed = (1..=11).contains(&n)
        && !head.starts_with("kpi0")
        && name.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        });
    well_formed.then_some(n)
}

/// What a table's rows are, in the unit a rate's `(n/d)` counts them:
/// the units the built-in figures over the same frames use.
fn counted_rows(frame: FrameId) -> &'static str {
    match frame {
        FrameId::Stations => UNIT_STATIONS,
        FrameId::Training => UNIT_COURSES,
        FrameId::Satisfaction => UNIT_PEOPLE,
        FrameId::Companies => UNIT_COMPANIES,
        _ => UNIT_CASES,
    }
}

/// A numerator, denominator or value: its where-filter and sum.
fn part(
    text: &str,
    frame: FrameId,
    known: &[Column],
    raw: &RawPart,
    problems: &mut Vec<(usize, Msg)>,
) -> Option<Part> {
    let at = |span: std::ops::Range<usize>| line_of(text, span.start);
    let mut ok = true;
    let unknown = |found: &str, line: usize, problems: &mut Vec<(usize, Msg)>| {
        problems.push((
            line,
            Msg::IndicatorUnknownColumn {
                table: frame.frame_name().to_string(),
                found: found.to_string(),
                columns: List::of(known.iter().map(|c| c.header)),
            },
        ));
    };
    let weight = match &raw.sum {
        None => Weight::One,
        Some(sum) => match known.iter().find(|c| c.header == sum.get_ref()) {
            Some(c) if c.is_numeric() => Weight::Of(c.name),
            Some(c) => {
                problems.push((
                    at(sum.span()),
                    Msg::IndicatorNotSummable {
                        column: c.header.to_string(),
                    },
                ));
                ok = false;
                Weight::One
            }
            None => {
                unknown(sum.get_ref(), at(sum.span()), problems);
                ok = false;
                Weight::One
            }
        },
    };
    let mut filter = Pred::All;
    for (header, value) in &raw.filter {
        let line = at(value.span());
        let Some(c) = known.iter().find(|c| c.header == header) else {
            unknown(header, line, problems);
            ok = false;
            continue;
        };
        if c.on_demand || c.dtype == Dtype::Date {
            problems.push((
                line,
                Msg::IndicatorNotFilterable {
                    column: c.header.to_string(),
                },
            ));
            ok = false;
            continue;
        }
        match values(c, value.get_ref()) {
            Ok(mut vs) => {
                filter = filter.and(match vs.len() {
                    1 => Pred::Eq(c.name, vs.remove(0)),
                    _ => Pred::In(c.name, vs),
                });
            }
            Err(found) => {
                problems.push((
                    line,
                    Msg::IndicatorBadValue {
                        column: c.header.to_string(),
                        found,
                        expected: expected(c),
                    },
                ));
                ok = false;
            }
        }
    }
    // The same check as every built-in definition's: what the filter names
    // is in the schema.
    if ok && columns::check_pred(frame, &filter).is_err() {
        ok = false;
    }
    ok.then_some(Part { filter, weight })
}

/// What a column takes, for the message.
fn expected(c: &Column) -> Expect {
    match (&c.vocabulary, c.dtype) {
        (Some(v), _) => Expect::OneOf(v.iter().map(|(shown, _)| shown.clone()).collect()),
        (None, Dtype::Bool) => Expect::YesNo,
        (None, Dtype::Str) => Expect::Text(c.header.to_string()),
        (None, _) => Expect::Number,
    }
}

/// A where value (or each value of an array) as the frame holds it; Err
/// is the value that is not one of the column's.
fn values(c: &Column, value: &toml::Value) -> Result<Vec<Value>, Found> {
    match value {
        toml::Value::Array(items) if !items.is_empty() => {
            items.iter().map(|v| one_value(c, v)).collect()
        }
        toml::Value::Array(_) => Err(Found::Other("[]".to_string())),
        v => one_value(c, v).map(|v| vec![v]),
    }
}

fn found(value: &toml::Value) -> Found {
    match value {
        toml::Value::String(s) => Found::Text(s.clone()),
        toml::Value::Integer(n) => Found::Number(n.to_string()),
        toml::Value::Float(f) => Found::Number(crate::fiscal::format_number(*f)),
        toml::Value::Boolean(b) => Found::Bool(*b),
        other => Found::TomlType(other.type_str()),
    }
}

/// A whole number, from an integer or a float without a fraction.
fn whole(value: &toml::Value) -> Option<i64> {
    match value {
        toml::Value::Integer(n) => Some(*n),
        toml::Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
        _ => None,
    }
}

fn one_value(c: &Column, value: &toml::Value) -> Result<Value, Found> {
    let bad = || found(value);
    if let Some(vocabulary) = &c.vocabulary {
        let wanted = match value {
            toml::Value::String(s) => s.trim().to_string(),
            v => whole(v).ok_or_else(bad)?.to_string(),
        };
        // A code alone reads as its wording (1 for `1 医療従事者`).
        let code = format!("{wanted} ");
        // A blank survey answer is shown as 未回答 (docs/export.md).
        if wanted == "未回答" && c.frame == FrameId::Satisfaction && c.name != "category" {
            return Ok(Value::Null);
        }
        return vocabulary
            .iter()
            .find(|(shown, _)| *shown == wanted || shown.starts_with(&code))
            .map(|(_, held)| held.clone())
            .ok_or_else(bad);
    }
    match c.dtype {
        Dtype::Bool => {
            let yes = match value {
                toml::Value::Boolean(b) => Some(*b),
                toml::Value::Integer(1) => Some(true),
                toml::Value::Integer(0) => Some(false),
                toml::Value::String(s) => {
                    let s = s.trim().to_lowercase();
                    if YES.contains(&s.as_str()) {
                        Some(true)
                    } else if NO.contains(&s.as_str()) {
                        Some(false)
                    } else {
                        None
                    }
                }
                _ => None,
            };
            yes.map(|b| Value::Int(i64::from(b))).ok_or_else(bad)
        }
        Dtype::I32 | Dtype::I64 | Dtype::F64 => whole(value).map(Value::Int).ok_or_else(bad),
        Dtype::Str => match value {
            toml::Value::String(s) => Ok(Value::Str(s.clone())),
            _ => Err(bad()),
        },
        Dtype::Date => Err(bad()),
    }
}

/// Every key of `declared` that clashes with a computed key, reported at
/// its line (shown as `shown`); those declarations are dropped.
pub fn check_clashes(
    declared: &mut Declared,
    computed: &std::collections::BTreeSet<String>,
    shown: &str,
    diags: &mut Diagnostics,
) {
    let path = format!("{shown}/{FILE}");
    declared.declarations.retain(|d| {
        let clashes: Vec<String> = d
            .meta
            .keys()
            .into_iter()
            .filter(|k| computed.contains(k))
            .collect();
        for key in &clashes {
            diags.error(
                Location::line(&path, d.meta.line),
                Msg::IndicatorKeyComputed { key: key.clone() },
            );
        }
        clashes.is_empty()
    });
}

/// The definitions of the declared indicators over `rounds` (oldest
/// first): each round that has its table; the 4-round mean after.
pub fn define(rounds: &[RoundData], declared: &Declared, defs: &mut Defs) {
    for (i, data) in rounds.iter().enumerate() {
        let label = data.round.config.label.as_str();
        let newest_first: Vec<String> = rounds[..=i]
            .iter()
            .rev()
            .map(|r| r.round.config.label.clone())
            .collect();
        for d in &declared.declarations {
            if d.frame.of(data).is_none() {
                continue;
            }
            let mut on = On {
                defs: &mut *defs,
                round: i,
                frame: d.frame,
                multiplier: 1.0,
            };
            let m = &d.meta;
            match &d.shape {
                Shape::Ratio { num, den } => {
                    let n = on.rows(num.filter.clone(), num.weight);
                    let t = on.rows(den.filter.clone(), den.weight);
                    defs.ratio(&m.key, label, &m.unit, &n, &t);
                }
                Shape::Value { part, per_station } => {
                    let v = on.rows(part.filter.clone(), part.weight);
                    if *per_station {
                        // B, the round's stations, as KPI 1 counts them.
                        on.frame = FrameId::Stations;
                        let b = on.rows(Pred::All, Weight::One);
                        defs.ratio(&m.key, label, &m.unit, &v, &b);
                    } else {
                        defs.count(&m.key, label, &m.unit, &v);
                    }
                }
            }
            if let Some(mean) = m.mean4_key() {
                defs.push(
                    mean,
                    label,
                    &m.unit,
                    Rule::MeanOfLatest {
                        key: m.key.clone(),
                        rounds: newest_first.clone(),
                        take: 4,
                    },
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_kpi_n_dot_name() {
        assert_eq!(kpi_of("kpi7.export_rate"), Some(7));
        assert_eq!(kpi_of("kpi11.a.b_2"), Some(11));
        for bad in [
            "kpi12.x",
            "kpi0.x",
            "kpi07.x",
            "kpi7.",
            "kpi7.Export",
            "kpi7",
            "k7.x",
            "kpi7..x",
        ] {
            assert_eq!(kpi_of(bad), None, "{bad}");
        }
    }

    fn parsed(text: &str) -> (Vec<Declaration>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let out = parse(text, "data/indicators.toml", &mut diags);
        let lines = diags
            .items()
            .iter()
            .map(|d| d.line(crate::diag::lang::Lang::En))
            .collect();
        (out, lines)
    }

    #[test]
    fn where_values_are_the_exports_words() {
        let (d, errors) = parsed(
            "[[indicator]]\nkey = \"kpi1.a\"\nname = \"a\"\ntable = \"satisfaction\"\n\
             numerator = { where = { \"研修区分\" = 1, \"所属\" = [\"医療機関(医師)\", \"未回答\"] } }\n\
             denominator = { where = { \"研修区分\" = \"1 医療従事者\" } }\n",
        );
        assert_eq!(errors, Vec::<String>::new());
        let Shape::Ratio { num, den } = &d[0].shape else {
            panic!("a ratio")
        };
        assert_eq!(den.filter, Pred::eq_int("category", 1));
        assert_eq!(
            num.filter,
            Pred::And(vec![
                Pred::In("affiliation", vec![Value::Int(5), Value::Null]),
                Pred::eq_int("category", 1),
                Pred::eq_int("category", 1),
            ])
        );
        assert_eq!(d[0].meta.unit, "ratio");
        let (d, errors) = parsed(
            "[[indicator]]\nkey = \"kpi6.b\"\nname = \"b\"\ntable = \"amed\"\n\
             value = { where = { \"ステージアップ\" = \"○\", \"現在ステージ\" = \"上市\", \"重点分野\" = [1, \"なし\"] } }\n",
        );
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(
            d[0].shape,
            Shape::Value {
                part: Part {
                    filter: Pred::And(vec![
                        Pred::eq_int("stage_up", 1),
                        Pred::eq_int("stage_current", 5),
                        Pred::In("area", vec![Value::str("area1"), Value::str("none")]),
                    ]),
                    weight: Weight::One
                },
                per_station: false
            }
        );
        assert_eq!(d[0].meta.unit, "件");
    }

    /// A whole number on an amount column matches that amount only, not
    /// every amount it truncates from.
    #[test]
    fn a_whole_number_matches_an_amount_exactly() {
        use crate::ingest::frame::FrameBuilder;
        let df = FrameBuilder::new()
            .f64("grant", [12.0, 12.5, 13.0].into_iter())
            .build()
            .unwrap();
        let mask = Pred::eq_int("grant", 12).mask(&df).unwrap();
        assert_eq!(
            mask.iter().collect::<Vec<_>>(),
            [Some(true), Some(false), Some(false)]
        );
    }
}
