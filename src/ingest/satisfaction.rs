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
use crate::ingest::table::{may_be_blank, read_table, required, Column};

pub const STEM: &str = "satisfaction";
pub const SHEET: &str = "回答";

/// 研修区分 1–4.
pub const CATEGORIES: [&str; 4] = [
    "医療従事者",
    "企業人材",
    "アカデミア人材",
    "コーディネート人材",
];

/// A survey question: its sheet column, frame column and answers in order.
pub struct Question {
    pub column: &'static str,
    pub key: &'static str,
    /// The question as the questionnaire (and the seed's charts) ask it.
    pub title: &'static str,
    pub answers: &'static [&'static str],
}

pub const QUESTIONS: [Question; 6] = [
    Question {
        column: "所属",
        title: "参加者の所属",
        key: "affiliation",
        answers: &[
            "企業(医療系)",
            "企業(その他)",
            "大学・研究機関等(医療系)",
            "大学・研究機関等(医療系以外)",
            "医療機関(医師)",
            "医療機関(医師以外)",
            "その他",
        ],
    },
    Question {
        column: "年齢",
        title: "参加者の年齢区分",
        key: "age",
        answers: &["20代未満", "20代", "30代", "40代", "50代", "60代以上"],
    },
    Question {
        column: "知識",
        title: "研修目的に沿った知識は得られたか",
        key: "knowledge",
        answers: &[
            "予想以上に得られた",
            "得られた",
            "どちらともいえない",
            "得られていない",
        ],
    },
    Question {
        column: "意欲",
        title: "研修前後の意欲変化",
        key: "motivation",
        answers: &["意欲が増した", "意欲に変化はない", "意欲が減った"],
    },
    Question {
        column: "有用性",
        title: "研修で得た知識は今後役に立つか",
        key: "usefulness",
        answers: &[
            "大いに役立つ",
            "役立つ",
            "どちらともいえない",
            "あまり役立たない",
            "役立たない",
        ],
    },
    Question {
        column: "満足度",
        title: "研修の満足度",
        key: "satisfaction",
        answers: &[
            "満足度100%",
            "満足度80%",
            "満足度60%",
            "満足度40%",
            "満足度20%以下",
        ],
    },
];

const COLUMNS: [Column; 7] = [
    required("研修区分"),
    may_be_blank(QUESTIONS[0].column),
    may_be_blank(QUESTIONS[1].column),
    may_be_blank(QUESTIONS[2].column),
    may_be_blank(QUESTIONS[3].column),
    may_be_blank(QUESTIONS[4].column),
    may_be_blank(QUESTIONS[5].column),
];

pub fn read(sheet: SheetData, diags: &mut Diagnostics) -> Option<DataFrame> {
    let table = read_table(&sheet, &COLUMNS, diags)?;
    let mut ok = true;
    // Small while reading (a survey can hold hundreds of thousands of
    // responses, read while the sheet's cells are held); widened to i64 in
    // the frame.
    let mut categories: Vec<u8> = Vec::new();
    let mut answers: Vec<Vec<Option<u8>>> = vec![Vec::new(); QUESTIONS.len()];
    for row in table.rows() {
        let mut r = table.reader(row, diags);
        let category = r.integer_in(0, 1, 4, "a training category");
        let picked: Vec<Option<u8>> = QUESTIONS
            .iter()
            .enumerate()
            .map(|(i, q)| r.choice(i + 1, q.answers).map(|a| a as u8 + 1))
            .collect();
        match (r.ok(), category) {
            (true, Some(category)) => {
                categories.push(category as u8);
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
    frame.finish(sheet, diags)
}
