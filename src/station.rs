//! `mdkpi station NAME`: one base station's returns in every round up to
//! the chosen one (SPEC §19): its courses and participants as reported
//! and corrected, its joint research by item, its share of the round's
//! totals, each row with its source `path:sheet:row`. Read from the
//! model's station frames, as the KPIs and `export` read them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::{json, Value};
use unicode_normalization::UnicodeNormalization;

use crate::diag::ui::Ui;
use crate::diag::{List, Msg, Outcome};
use crate::indicator::{csv_number, csv_safe, json_number};
use crate::kpi::{floats, ints, strings, MissingColumn};
use crate::model::{FrameId, RoundData};
use crate::numfmt::{decimals_of, group_digits, percent};
use crate::schema::JOINT_ITEMS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// One training row of the station.
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub theme: i64,
    pub course: String,
    pub participants: f64,
    pub corrected: f64,
    pub source: String,
}

/// One 共同研究 row of the station, with the round's total of its item.
#[derive(Debug, Clone, PartialEq)]
pub struct Joint {
    /// The item as the sheet names it (基礎研究, …).
    pub item: String,
    pub count: f64,
    pub corrected: f64,
    /// The round's corrected total of the item over every station.
    pub round_corrected: f64,
    pub source: String,
}

/// The station's return in one round.
#[derive(Debug, Clone, PartialEq)]
pub struct Returned {
    pub stem: String,
    pub name: String,
    /// `path:拠点情報:row`.
    pub source: String,
    pub correction: f64,
    pub courses: Vec<Course>,
    pub joint: Vec<Joint>,
    /// The round's corrected totals over every station.
    pub round_participants: f64,
    pub round_joint: f64,
}

impl Returned {
    pub fn participants(&self) -> f64 {
        self.courses.iter().map(|c| c.participants).sum()
    }
    pub fn participants_corrected(&self) -> f64 {
        self.courses.iter().map(|c| c.corrected).sum()
    }
    pub fn joint_total(&self) -> f64 {
        self.joint.iter().map(|j| j.count).sum()
    }
    pub fn joint_corrected(&self) -> f64 {
        self.joint.iter().map(|j| j.corrected).sum()
    }
}

/// A round of the view: the station's return, or None when it sent none.
pub struct RoundView {
    pub round: String,
    pub returned: Option<Returned>,
}

fn nfkc(text: &str) -> String {
    text.nfkc().collect()
}

/// One row of a stations frame: (round index, stem, name).
struct Listed {
    round: usize,
    stem: String,
    name: String,
}

fn listed(rounds: &[RoundData]) -> Result<Vec<Listed>, MissingColumn> {
    let mut out = Vec::new();
    for (i, r) in rounds.iter().enumerate() {
        let Some(sites) = &r.sites else { continue };
        let stems = strings(&sites.stations, "stem")?;
        let names = strings(&sites.stations, "name")?;
        for (stem, name) in stems.into_iter().zip(names) {
            out.push(Listed {
                round: i,
                stem: stem.to_string(),
                name: name.to_string(),
            });
        }
    }
    Ok(out)
}

/// `stem (name)`, as the lists of stations in messages show one.
fn labelled(l: &Listed) -> String {
    format!("{} ({})", l.stem, l.name)
}

/// Which station `wanted` names: the stems it is known by in each round
/// (by round index). Err is the usage error: no match, or several.
fn find(rounds: &[RoundData], wanted: &str) -> Result<BTreeMap<usize, String>, Outcome> {
    let all = listed(rounds).map_err(|e| {
        Outcome::data_error(Msg::Internal {
            detail: e.to_string(),
        })
    })?;
    let by_stem: BTreeMap<usize, String> = all
        .iter()
        .filter(|l| l.stem == wanted)
        .map(|l| (l.round, l.stem.clone()))
        .collect();
    if !by_stem.is_empty() {
        return Ok(by_stem);
    }
    let part = nfkc(wanted);
    let matching: Vec<&Listed> = all
        .iter()
        .filter(|l| !part.is_empty() && nfkc(&l.name).contains(&part))
        .collect();
    // Stations by their normalised name, the latest round's stem shown.
    let mut names: BTreeMap<String, &Listed> = BTreeMap::new();
    for l in &matching {
        names.insert(nfkc(&l.name), l);
    }
    match names.len() {
        0 => {
            let mut stations: BTreeMap<String, String> = BTreeMap::new();
            for l in &all {
                stations.insert(l.stem.clone(), labelled(l));
            }
            Err(Outcome::usage(Msg::StationNotFound {
                name: wanted.to_string(),
                stations: List::of(stations.into_values()),
            }))
        }
        1 => Ok(matching.iter().map(|l| (l.round, l.stem.clone())).collect()),
        _ => {
            let mut candidates: Vec<String> = names.values().map(|l| labelled(l)).collect();
            candidates.sort();
            Err(Outcome::usage(Msg::StationAmbiguous {
                name: wanted.to_string(),
                candidates: List::of(candidates),
            }))
        }
    }
}

/// The return of station `stem` in `round`, None when it has none.
fn returned(round: &RoundData, stem: &str) -> Result<Option<Returned>, MissingColumn> {
    let Some(sites) = &round.sites else {
        return Ok(None);
    };
    let stems = strings(&sites.stations, "stem")?;
    let Some(at) = stems.iter().position(|s| *s == stem) else {
        return Ok(None);
    };
    let names = strings(&sites.stations, "name")?;
    let name = names.get(at).copied().unwrap_or(stem).to_string();
    let source = FrameId::Stations.source(Some(round), &sites.stations, at);

    let t = &sites.training;
    let (t_stems, themes, titles) = (
        strings(t, "stem")?,
        ints(t, "theme")?,
        strings(t, "course")?,
    );
    let (people, corrected) = (
        ints(t, "participants")?,
        floats(t, "participants_corrected")?,
    );
    let mut courses = Vec::new();
    let mut round_participants = 0.0;
    for i in 0..t.height() {
        let c = corrected.get(i).copied().flatten().unwrap_or(0.0);
        round_participants += c;
        if t_stems.get(i) != Some(&stem) {
            continue;
        }
        courses.push(Course {
            theme: themes.get(i).copied().flatten().unwrap_or(0),
            course: titles.get(i).copied().unwrap_or("").to_string(),
            participants: people.get(i).copied().flatten().unwrap_or(0) as f64,
            corrected: c,
            source: FrameId::Training.source(Some(round), t, i),
        });
    }

    let j = &sites.joint_research;
    let (j_stems, items) = (strings(j, "stem")?, strings(j, "item")?);
    let (counts, j_corrected) = (ints(j, "count")?, floats(j, "count_corrected")?);
    let mut by_item: BTreeMap<&str, f64> = BTreeMap::new();
    let mut round_joint = 0.0;
    for i in 0..j.height() {
        let c = j_corrected.get(i).copied().flatten().unwrap_or(0.0);
        round_joint += c;
        *by_item
            .entry(items.get(i).copied().unwrap_or(""))
            .or_default() += c;
    }
    let mut joint = Vec::new();
    for i in 0..j.height() {
        if j_stems.get(i) != Some(&stem) {
            continue;
        }
        let key = items.get(i).copied().unwrap_or("");
        joint.push(Joint {
            item: item_name(key).to_string(),
            count: counts.get(i).copied().flatten().unwrap_or(0) as f64,
            corrected: j_corrected.get(i).copied().flatten().unwrap_or(0.0),
            round_corrected: by_item.get(key).copied().unwrap_or(0.0),
            source: FrameId::JointResearch.source(Some(round), j, i),
        });
    }
    // The items in the schema's order (基礎研究 → 基盤整備③).
    joint.sort_by_key(|j| JOINT_ITEMS.iter().position(|(name, _)| *name == j.item));
    Ok(Some(Returned {
        stem: stem.to_string(),
        name,
        source,
        correction: round.round.config.correction().multiplier,
        courses,
        joint,
        round_participants,
        round_joint,
    }))
}

/// The item's name on the sheet from its key in the frame.
fn item_name(key: &str) -> &str {
    JOINT_ITEMS
        .iter()
        .find(|(_, k)| *k == key)
        .map_or(key, |(name, _)| name)
}

/// The station `wanted` in every round of `rounds`. Err is the outcome
/// to print (no such station, several).
pub fn view(rounds: &[RoundData], wanted: &str) -> Result<Vec<RoundView>, Outcome> {
    let stems = find(rounds, wanted)?;
    let internal = |e: MissingColumn| {
        Outcome::data_error(Msg::Internal {
            detail: e.to_string(),
        })
    };
    rounds
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let returned = match stems.get(&i) {
                Some(stem) => returned(r, stem).map_err(internal)?,
                None => None,
            };
            Ok(RoundView {
                round: r.round.config.label.clone(),
                returned,
            })
        })
        .collect()
}

pub fn run(data: &Path, shown: &str, wanted: &str, round: Option<&str>, format: Format) -> Outcome {
    let (rounds, _folder, diags) = match crate::compute::load(data, shown, round) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let views = match view(&rounds, wanted) {
        Ok(v) => v,
        Err(outcome) => return outcome,
    };
    let mut stderr = String::new();
    for w in diags.warning_strings() {
        let _ = writeln!(stderr, "{w}");
    }
    let stdout = match format {
        Format::Table => table(&views),
        Format::Csv => csv(&views),
        Format::Json => to_json(&views),
    };
    Outcome {
        stdout,
        stderr,
        code: 0,
    }
}

/// A count as shown: thousands separators, the decimals a corrected count
/// has (up to two).
fn number(v: f64) -> String {
    group_digits(v, decimals_of(v).min(2))
}

/// A share, `-` over nothing.
fn share(part: f64, total: f64) -> Option<f64> {
    (total != 0.0).then(|| part / total)
}

fn shown_share(part: f64, total: f64) -> String {
    share(part, total).map_or_else(|| "-".to_string(), percent)
}

/// The latest name and stem the station goes by.
fn title(views: &[RoundView]) -> String {
    views
        .iter()
        .rev()
        .find_map(|v| v.returned.as_ref())
        .map(|r| format!("{} ({})", r.name, r.stem))
        .unwrap_or_default()
}

fn table(views: &[RoundView]) -> String {
    use crate::diag::ui::{pad, pad_left, width};
    let lang = crate::diag::lang::current();
    let text = |t: Ui| t.text(lang);
    let mut out = format!("{}\n", title(views));
    // Lines of cells, aligned per block; `right` marks the numbers.
    let block = |out: &mut String, rows: Vec<Vec<String>>, right: &[bool]| {
        let columns = rows.first().map_or(0, Vec::len);
        let widths: Vec<usize> = (0..columns)
            .map(|c| rows.iter().map(|r| width(&r[c])).max().unwrap_or(0))
            .collect();
        for row in &rows {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    if right.get(c) == Some(&true) {
                        pad_left(cell, widths[c])
                    } else {
                        pad(cell, widths[c])
                    }
                })
                .collect();
            let _ = writeln!(out, "    {}", cells.join("  ").trim_end());
        }
    };
    for v in views {
        out.push('\n');
        let Some(r) = &v.returned else {
            let _ = writeln!(
                out,
                "{}",
                text(Ui::StationAbsent {
                    round: v.round.clone()
                })
            );
            continue;
        };
        let _ = writeln!(out, "{}  {}  {}", v.round, r.name, r.source);
        let courses = r.courses.len() as f64;
        let training = Ui::StationTraining {
            courses: number(courses),
            courses_corrected: number(courses * r.correction),
            participants: number(r.participants()),
            participants_corrected: number(r.participants_corrected()),
            share: shown_share(r.participants_corrected(), r.round_participants),
            total: number(r.round_participants),
        };
        let _ = writeln!(out, "  {}", text(training));
        if !r.courses.is_empty() {
            let mut rows = vec![vec![
                text(Ui::ColumnTheme {}),
                text(Ui::ColumnCourse {}),
                text(Ui::ColumnParticipants {}),
                text(Ui::ColumnSource {}),
            ]];
            rows.extend(r.courses.iter().map(|c| {
                vec![
                    c.theme.to_string(),
                    c.course.clone(),
                    number(c.participants),
                    c.source.clone(),
                ]
            }));
            block(&mut out, rows, &[false, false, true, false]);
        }
        let joint = Ui::StationJoint {
            count: number(r.joint_total()),
            corrected: number(r.joint_corrected()),
            share: shown_share(r.joint_corrected(), r.round_joint),
            total: number(r.round_joint),
        };
        let _ = writeln!(out, "  {}", text(joint));
        if !r.joint.is_empty() {
            let mut rows = vec![vec![
                text(Ui::ColumnItem {}),
                text(Ui::ColumnCount {}),
                text(Ui::ColumnShare {}),
                text(Ui::ColumnSource {}),
            ]];
            rows.extend(r.joint.iter().map(|j| {
                vec![
                    j.item.clone(),
                    number(j.count),
                    shown_share(j.corrected, j.round_corrected),
                    j.source.clone(),
                ]
            }));
            block(&mut out, rows, &[false, true, true, false]);
        }
    }
    out
}

/// One row per round: the totals, the count of each 共同研究 item, the
/// shares (fractions), the source of its 拠点情報 row; a round without a
/// return has its round only.
fn csv(views: &[RoundView]) -> String {
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header: Vec<String> = [
        "round",
        "source",
        crate::model::STEM_HEADER,
        "拠点名",
        "コース数",
        "コース数(補正後)",
        "受入人数",
        "受入人数(補正後)",
        "受入人数の割合",
    ]
    .map(String::from)
    .to_vec();
    header.extend(JOINT_ITEMS.iter().map(|(name, _)| name.to_string()));
    header.extend(["共同研究計", "共同研究計(補正後)", "共同研究の割合"].map(String::from));
    let _ = writer.write_record(&header);
    for v in views {
        let mut row = vec![csv_safe(&v.round)];
        if let Some(r) = &v.returned {
            let courses = r.courses.len() as f64;
            row.extend([
                csv_safe(&r.source),
                csv_safe(&r.stem),
                csv_safe(&r.name),
                csv_number(Some(courses)),
                csv_number(Some(courses * r.correction)),
                csv_number(Some(r.participants())),
                csv_number(Some(r.participants_corrected())),
                csv_number(share(r.participants_corrected(), r.round_participants)),
            ]);
            for (name, _) in JOINT_ITEMS {
                let n: f64 = r
                    .joint
                    .iter()
                    .filter(|j| j.item == name)
                    .map(|j| j.count)
                    .sum();
                row.push(csv_number(Some(n)));
            }
            row.extend([
                csv_number(Some(r.joint_total())),
                csv_number(Some(r.joint_corrected())),
                csv_number(share(r.joint_corrected(), r.round_joint)),
            ]);
        } else {
            row.resize(header.len(), String::new());
        }
        let _ = writer.write_record(&row);
    }
    writer
        .into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

fn to_json(views: &[RoundView]) -> String {
    let n = |v: f64| json_number(Some(v));
    let rounds: Vec<Value> = views
        .iter()
        .map(|v| {
            let Some(r) = &v.returned else {
                return json!({"round": v.round, "returned": false});
            };
            let courses: Vec<Value> = r
                .courses
                .iter()
                .map(|c| {
                    json!({
                        "theme": c.theme,
                        "course": c.course,
                        "participants": n(c.participants),
                        "participants_corrected": n(c.corrected),
                        "source": c.source,
                    })
                })
                .collect();
            let joint: Vec<Value> = r
                .joint
                .iter()
                .map(|j| {
                    json!({
                        "item": j.item,
                        "count": n(j.count),
                        "count_corrected": n(j.corrected),
                        "share": json_number(share(j.corrected, j.round_corrected)),
                        "source": j.source,
                    })
                })
                .collect();
            let count = r.courses.len() as f64;
            json!({
                "round": v.round,
                "returned": true,
                "stem": r.stem,
                "name": r.name,
                "source": r.source,
                "correction": n(r.correction),
                "courses": n(count),
                "courses_corrected": n(count * r.correction),
                "participants": n(r.participants()),
                "participants_corrected": n(r.participants_corrected()),
                "participants_share": json_number(share(r.participants_corrected(), r.round_participants)),
                "round_participants_corrected": n(r.round_participants),
                "training": courses,
                "joint_research": joint,
                "joint_research_total": n(r.joint_total()),
                "joint_research_corrected": n(r.joint_corrected()),
                "joint_research_share": json_number(share(r.joint_corrected(), r.round_joint)),
                "round_joint_research_corrected": n(r.round_joint),
            })
        })
        .collect();
    let doc = json!({"station": title(views), "rounds": rounds});
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
