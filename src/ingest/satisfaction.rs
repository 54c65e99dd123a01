//! `satisfaction.xlsx`, sheet `回答`: trainee responses (SPEC §4.2).
//!
//! Frame `satisfaction`, one row per response: `category` i32 (研修区分 1–4),
//! and for each question of [`QUESTIONS`] (`affiliation`, `age`, `knowledge`,
//! `motivation`, `usefulness`, `satisfaction`) the 1-based index of the answer
//! in its list, or null for a blank cell (未回答).

use polars_core::prelude::DataFrame;

use crate::diag::Diagnostics;
use crate::ingest::frame::FrameBuilder;
use crate::ingest::source::SheetData;
use crate::ingest::table::{read_answers_table, Column};

pub const SHEET: &str = crate::schema::SATISFACTION_SHEET.name;

pub use crate::schema::{CATEGORIES, QUESTIONS};

const COLUMNS: &[Column] = crate::schema::SATISFACTION_SHEET.fields;

pub fn read(sheet: SheetData, diags: &mut Diagnostics) -> Option<DataFrame> {
    let table = read_answers_table(&sheet, COLUMNS, diags)?;
    let mut ok = true;
    // Small while reading (a survey can hold hundreds of thousands of
    // responses, read while the sheet's cells are held); widened to i64 in
    // the frame.
    let mut categories: Vec<u8> = Vec::new();
    let mut rows: Vec<i32> = Vec::new();
    let mut answers: Vec<Vec<Option<u8>>> = vec![Vec::new(); QUESTIONS.len()];
    for row in table.rows() {
        let mut r = table.reader(row, diags);
        let category = r.integer_in(0, 1, 4, crate::diag::Term::TrainingCategory);
        let picked: Vec<Option<u8>> = QUESTIONS
            .iter()
            .enumerate()
            .map(|(i, q)| r.choice(i + 1, q.answers).map(|a| a as u8 + 1))
            .collect();
        match (r.ok(), category) {
            (true, Some(category)) => {
                categories.push(category as u8);
                rows.push(row.row as i32 + 1);
                for (column, answer) in answers.iter_mut().zip(picked) {
                    column.push(answer);
                }
            }
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    // Int32 codes: a survey is the largest frame of a round.
    let mut frame = FrameBuilder::new().i32("category", categories.into_iter().map(i32::from));
    for (q, column) in QUESTIONS.iter().zip(answers) {
        frame = frame.opt_i32(q.key, column.into_iter().map(|a| a.map(i32::from)));
    }
    frame = frame.i32(crate::schema::SOURCE_ROW, rows.into_iter());
    frame.finish(sheet, diags)
}
