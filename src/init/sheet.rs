//! What the sheets of a collection form share, below both `forms` (the
//! data sheets) and `instructions` (the 記入要領 sheet): the round a form
//! is written for, how every sheet prints, and how wide text is in them.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::Worksheet;
use unicode_width::UnicodeWidthStr;

/// What a form is written for.
#[derive(Debug, Clone, Copy)]
pub struct Round<'a> {
    pub label: &'a str,
    pub fiscal_year: i32,
    /// The 報告期間 proposed in round.toml: first and last day.
    pub period: (NaiveDate, NaiveDate),
}

impl Round<'_> {
    /// 報告期間 in Japanese: 2026年4月1日〜2027年3月31日.
    pub fn period_ja(&self) -> String {
        let day = |d: NaiveDate| format!("{}年{}月{}日", d.year(), d.month(), d.day());
        format!("{}〜{}", day(self.period.0), day(self.period.1))
    }
}

/// A4 landscape, one page wide: a form prints legibly as it is.
pub fn print_setup(worksheet: &mut Worksheet) {
    worksheet
        .set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
}

/// The width of `text` in Excel's character units, in the Japanese font a
/// form is set in: wide and full-width characters take two (𠮷 too),
/// combining marks none, and the ambiguous ones two as well, since ①, ○
/// and × are full-width glyphs in a Japanese font (UAX #11's East Asian
/// context), unlike a terminal's (`diag::ui::width`).
pub fn width(text: &str) -> usize {
    text.width_cjk()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_a_japanese_fonts_columns() {
        assert_eq!(width("受入人数"), 8);
        assert_eq!(width("KPI番号"), 7);
        assert_eq!(width("𠮷野家"), 6);
        // Ambiguous in Unicode, full-width in a Japanese font.
        assert_eq!(width("基盤整備①"), 10);
        assert_eq!(width("国立大学法人○○大学"), 20);
        assert_eq!(crate::diag::ui::width("国立大学法人○○大学"), 18);
        // Combining marks take no column of their own.
        assert_eq!(width("か\u{3099}"), 2);
        // Full-width forms two, half-width ones one.
        assert_eq!(width("ＡＢＣ１２３"), 12);
        assert_eq!(width("ｶﾞｲﾄﾞ"), 5);
    }

    #[test]
    fn the_period_reads_as_japanese_dates() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a date");
        let round = Round {
            label: "R7",
            fiscal_year: 2025,
            period: (day(2025, 3, 7), day(2026, 3, 6)),
        };
        assert_eq!(round.period_ja(), "2025年3月7日〜2026年3月6日");
    }
}
