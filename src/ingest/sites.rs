//! `data/<round>/sites/`: one workbook (or CSV set) per base station (SPEC §4.1).
//!
//! Frames (one row each):
//! - `stations`: `stem` str, `name` str, `program` str?, `field` str?, `ministry` str?
//! - `training`: `stem` str, `theme` i64 (1–6), `course` str, `participants` i64,
//!   `note` str?, `row` i64 (1-based sheet row)
//! - `joint_research`: `stem` str, `item` str (a key of [`JOINT_ITEMS`]), `count` i64

use std::path::Path;

use crate::diag::{Diagnostics, Location};
use crate::ingest::frame::FrameBuilder;
use crate::ingest::open::{open_source_among, read_ahead};
use crate::ingest::source::SheetData;
use crate::ingest::table::{read_table, Column, FirstSeen};
use crate::input::files::{is_lock_file, stem_file, stems_in};
use crate::input::listing;
use crate::model::Sites;
use crate::schema;

pub const SHEET_INFO: &str = schema::SITE_INFO.name;
pub const SHEET_TRAINING: &str = schema::SITE_TRAINING.name;
pub const SHEET_JOINT: &str = schema::SITE_JOINT.name;

pub use schema::{JOINT_ITEMS, MINISTRIES};

/// Stations whose workbooks are read ahead together (see `read_ahead`).
const READ_AHEAD_BATCH: usize = 64;

const INFO_COLUMNS: &[Column] = schema::SITE_INFO.fields;
const TRAINING_COLUMNS: &[Column] = schema::SITE_TRAINING.fields;
const JOINT_COLUMNS: &[Column] = schema::SITE_JOINT.fields;

struct Station {
    stem: String,
    name: String,
    /// Where the name was read, for a message about a station given twice.
    name_at: Location,
    program: Option<String>,
    field: Option<String>,
    ministry: Option<String>,
    /// The sheet the station was read from, and its row (1-based).
    file: String,
    row: i64,
}

/// A station's sheet that rows were read from: its stem and file. Rows
/// name it by index: a stem and a path per row were most of what a 1000×
/// round's rows held while it was read (140,000 courses, 137,000 joint
/// research rows: about 35 MB).
struct SheetOf {
    stem: String,
    file: String,
}

/// A 共同研究 row: (its sheet in [`SheetOf`]s, item key, count, 1-based row,
/// 0-based column of 件数).
type JointRow = (u32, &'static str, i64, i64, u32);

struct Course {
    /// Its sheet in [`SheetOf`]s.
    sheet: u32,
    theme: i64,
    course: String,
    participants: i64,
    note: Option<String>,
    row: i64,
    /// The 0-based column of 受入人数, for a message at its cell.
    col: u32,
}

/// Reads every station under `dir` (`shown` in messages). None when the
/// folder does not exist.
pub fn read_sites(
    dir: &Path,
    shown: &str,
    diags: &mut Diagnostics,
    files: &mut Vec<crate::input::InputFile>,
) -> Option<Sites> {
    let listing = listing::list(dir, shown, diags)?;
    let mut stations: Vec<Station> = Vec::new();
    let mut courses = Vec::new();
    let mut joint = Vec::new();
    let mut sheets: Vec<SheetOf> = Vec::new();
    for sub in &listing.dirs {
        diags.warning(
            Location::file(format!("{shown}/{sub}")),
            crate::diag::Msg::SitesSubfolder {},
        );
    }
    let locks: Vec<&String> = listing.files.iter().filter(|n| is_lock_file(n)).collect();
    for lock in locks {
        diags.warning(
            Location::file(format!("{shown}/{lock}")),
            crate::input::files::lock_file_warning(lock, &listing.files),
        );
    }
    let stems: Vec<(String, Vec<String>)> = stems_in(&listing.files).into_iter().collect();
    // The workbooks are read ahead in parallel, a batch at a time (so only
    // a batch of stations' sheets is held at once); everything else runs
    // in stem order, as before.
    // 拠点名 → the file that named it first: two files naming one station
    // would count it twice.
    let mut names_seen: std::collections::HashMap<String, String> = Default::default();
    for (i, batch) in stems.chunks(READ_AHEAD_BATCH).enumerate() {
        // The reading threads' allocator arenas keep what earlier batches
        // freed: without handing it back, a round of 16,000 stations grew
        // to 350 MB of free but unreturned memory. Every 16 batches: a trim
        // walks the whole heap, and one per batch cost seconds at 1000×.
        if i % 16 == 15 {
            crate::heap::release_freed_memory();
        }
        let read_batch = read_ahead(dir, shown, batch);
        for ((stem, names), read) in batch.iter().zip(read_batch) {
            let mut is_station = false;
            for name in names {
                if stem_file(name, stem).is_some() {
                    is_station = true;
                } else {
                    diags.warning(
                        Location::file(format!("{shown}/{name}")),
                        crate::diag::Msg::UnexpectedFile {},
                    );
                }
            }
            if !is_station {
                continue;
            }
            let Some(mut source) = open_source_among(dir, shown, stem, names, read, diags) else {
                continue;
            };
            files.append(&mut source.files);
            let info = source.take_sheet(SHEET_INFO, diags);
            let training = source.take_sheet(SHEET_TRAINING, diags);
            let joint_sheet = source.take_sheet(SHEET_JOINT, diags);
            source.warn_unknown_sheets(diags);
            let failed = source.failed;
            match info {
                Some(sheet) => {
                    if let Some(station) = read_info(&sheet, stem, diags) {
                        if let Some(first) = names_seen.get(&station.name) {
                            diags.error(
                                station.name_at.clone(),
                                crate::diag::Msg::StationTwice {
                                    name: station.name.clone(),
                                    first: first.clone(),
                                },
                            );
                        } else {
                            names_seen.insert(station.name.clone(), sheet.path.clone());
                            stations.push(station);
                        }
                    }
                }
                None if failed => {}
                None => source.missing_sheet(SHEET_INFO, diags),
            }
            match training {
                Some(sheet) => read_training(&sheet, stem, diags, &mut sheets, &mut courses),
                None if failed => {}
                None => source.missing_sheet(SHEET_TRAINING, diags),
            }
            match joint_sheet {
                Some(sheet) => read_joint(&sheet, stem, diags, &mut sheets, &mut joint),
                None if failed => {}
                None => source.missing_sheet(SHEET_JOINT, diags),
            }
        }
    }
    implausible_counts(&sheets, &courses, &joint, diags);
    let of = |sheet: u32| &sheets[sheet as usize];
    let stations_frame = FrameBuilder::new()
        .str("stem", stations.iter().map(|s| &s.stem))
        .str("name", stations.iter().map(|s| &s.name))
        .opt_str("program", stations.iter().map(|s| s.program.clone()))
        .opt_str("field", stations.iter().map(|s| s.field.clone()))
        .opt_str("ministry", stations.iter().map(|s| s.ministry.clone()))
        .str(schema::SOURCE_FILE, stations.iter().map(|s| &s.file))
        .i64(schema::SOURCE_ROW, stations.iter().map(|s| s.row))
        .build();
    let training_frame = FrameBuilder::new()
        .str("stem", courses.iter().map(|c| &of(c.sheet).stem))
        .i64("theme", courses.iter().map(|c| c.theme))
        .str("course", courses.iter().map(|c| &c.course))
        .i64("participants", courses.iter().map(|c| c.participants))
        .opt_str("note", courses.iter().map(|c| c.note.clone()))
        .str(
            schema::SOURCE_FILE,
            courses.iter().map(|c| &of(c.sheet).file),
        )
        .i64(schema::SOURCE_ROW, courses.iter().map(|c| c.row))
        .build();
    let joint_frame = FrameBuilder::new()
        .str("stem", joint.iter().map(|j: &JointRow| &of(j.0).stem))
        .str("item", joint.iter().map(|j| j.1))
        .i64("count", joint.iter().map(|j| j.2))
        .str(schema::SOURCE_FILE, joint.iter().map(|j| &of(j.0).file))
        .i64(schema::SOURCE_ROW, joint.iter().map(|j| j.3))
        .build();
    match (stations_frame, training_frame, joint_frame) {
        (Ok(stations), Ok(training), Ok(joint_research)) => Some(Sites {
            stations,
            training,
            joint_research,
        }),
        (a, b, c) => {
            for e in [a.err(), b.err(), c.err()].into_iter().flatten() {
                diags.error(Location::file(shown), e);
            }
            None
        }
    }
}

/// Counts far above their column's median in the round (SPEC §17: a ×10
/// typo), at their cells.
fn implausible_counts(
    sheets: &[SheetOf],
    courses: &[Course],
    joint: &[JointRow],
    diags: &mut Diagnostics,
) {
    use crate::checks::thresholds::COUNT_FACTOR;
    use crate::checks::values::{implausible_counts, show_median};
    let participants: Vec<i64> = courses.iter().map(|c| c.participants).collect();
    let (flagged, median) = implausible_counts(&participants);
    for i in flagged {
        let c = &courses[i];
        diags.warning(
            Location::cell(
                &sheets[c.sheet as usize].file,
                SHEET_TRAINING,
                (c.row - 1) as u32,
                c.col,
            ),
            crate::diag::Msg::CountImplausible {
                column: "受入人数",
                value: c.participants,
                median: show_median(median),
                factor: COUNT_FACTOR,
            },
        );
    }
    let counts: Vec<i64> = joint.iter().map(|j| j.2).collect();
    let (flagged, median) = implausible_counts(&counts);
    for i in flagged {
        let j = &joint[i];
        diags.warning(
            Location::cell(
                &sheets[j.0 as usize].file,
                SHEET_JOINT,
                (j.3 - 1) as u32,
                j.4,
            ),
            crate::diag::Msg::CountImplausible {
                column: "件数",
                value: j.2,
                median: show_median(median),
                factor: COUNT_FACTOR,
            },
        );
    }
}

fn read_info(sheet: &SheetData, stem: &str, diags: &mut Diagnostics) -> Option<Station> {
    let table = read_table(sheet, INFO_COLUMNS, diags)?;
    let rows = table.rows();
    if rows.len() != 1 {
        let at = rows.get(1).map(|r| r.row).unwrap_or(1);
        diags.error(
            Location::cell(&sheet.path, &sheet.sheet, at, 0),
            crate::diag::Msg::StationRows { found: rows.len() },
        );
        return None;
    }
    let mut r = table.reader(&rows[0], diags);
    let name_at = r.location(0);
    let name = r.text(0);
    let program = r.text(1);
    let field = r.text(2);
    let ministry = r.text(3);
    if let Some(m) = &ministry {
        if !MINISTRIES.contains(&m.as_str()) {
            r.fail(
                3,
                crate::diag::Msg::NotAMinistry {
                    found: crate::quote::found_text(m),
                },
            );
        }
    }
    let name = match name {
        Some(n) => n,
        None => {
            r.warn(
                0,
                crate::diag::Msg::BlankStationName {
                    stem: stem.to_string(),
                },
            );
            stem.to_string()
        }
    };
    if !r.ok() {
        return None;
    }
    Some(Station {
        stem: stem.to_string(),
        name,
        name_at,
        program,
        field,
        ministry,
        file: sheet.path.clone(),
        row: rows[0].row as i64 + 1,
    })
}

/// The index of `sheet` of station `stem` in `sheets`, added.
fn sheet_of(sheets: &mut Vec<SheetOf>, stem: &str, sheet: &SheetData) -> u32 {
    sheets.push(SheetOf {
        stem: stem.to_string(),
        file: sheet.path.clone(),
    });
    (sheets.len() - 1) as u32
}

fn read_training(
    sheet: &SheetData,
    stem: &str,
    diags: &mut Diagnostics,
    sheets: &mut Vec<SheetOf>,
    out: &mut Vec<Course>,
) {
    let Some(table) = read_table(sheet, TRAINING_COLUMNS, diags) else {
        return;
    };
    let at = sheet_of(sheets, stem, sheet);
    for row in table.rows() {
        let mut r = table.reader(row, diags);
        let theme = r.integer_in(0, 1, 6, crate::diag::Term::Theme);
        let course = r.text(1);
        let participants = r.count(2);
        let note = r.text(3);
        if let (true, Some(theme), Some(course), Some(participants)) =
            (r.ok(), theme, course, participants)
        {
            out.push(Course {
                sheet: at,
                theme,
                course,
                participants,
                note,
                row: row.row as i64 + 1,
                col: table.column(2),
            });
        }
    }
}

fn read_joint(
    sheet: &SheetData,
    stem: &str,
    diags: &mut Diagnostics,
    sheets: &mut Vec<SheetOf>,
    out: &mut Vec<JointRow>,
) {
    let Some(table) = read_table(sheet, JOINT_COLUMNS, diags) else {
        return;
    };
    let at = sheet_of(sheets, stem, sheet);
    let wordings: Vec<&str> = JOINT_ITEMS.iter().map(|(w, _)| *w).collect();
    let mut seen = FirstSeen::default();
    for row in table.rows() {
        let mut r = table.reader(row, diags);
        let item = r.choice(0, &wordings);
        let count = r.count(1);
        if let Some(item) = item {
            seen.check(&mut r, 0, JOINT_ITEMS[item].0, "項目");
        }
        if let (true, Some(item), Some(count)) = (r.ok(), item, count) {
            out.push((
                at,
                JOINT_ITEMS[item].1,
                count,
                row.row as i64 + 1,
                table.column(1),
            ));
        }
    }
}
