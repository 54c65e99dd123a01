//! A return under a copy's name (SPEC §17): a workbook or CSV at a round's
//! top level whose stem contains a dataset's stem, compared case- and
//! width-insensitively (NFKC), but that is not that dataset's file or one
//! of its CSV stand-ins (`companies (1).xlsx`, `amed_最終版.xlsx`,
//! `satisfaction - コピー.xlsx`). It is an error: read it and a copy's
//! figures may be wrong; drop it (as a stray file) and a return vanishes.

use unicode_normalization::UnicodeNormalization;

use crate::input::files::{stem_file, WORKBOOK_EXTENSIONS};

/// The file `name` should have been called when it is a copy of one of
/// the datasets `stems` (`companies.xlsx`); None when it is not.
pub fn copy_of(name: &str, stems: &[&str]) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    let is_table = ext.eq_ignore_ascii_case("csv")
        || WORKBOOK_EXTENSIONS
            .iter()
            .any(|e| ext.eq_ignore_ascii_case(e));
    if !is_table {
        return None;
    }
    let folded: String = stem.nfkc().collect::<String>().to_lowercase();
    stems
        .iter()
        .find(|s| folded.contains(*s) && stem_file(name, s).is_none())
        .map(|s| format!("{s}.xlsx"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEMS: [&str; 4] = ["satisfaction", "companies", "amed", "followup"];

    #[test]
    fn copies_are_named_and_the_files_themselves_are_not() {
        for (name, expected) in [
            ("companies (1).xlsx", Some("companies.xlsx")),
            ("amed_最終版.xlsx", Some("amed.xlsx")),
            ("satisfaction - コピー.xlsx", Some("satisfaction.xlsx")),
            ("ＣＯＭＰＡＮＩＥＳ.xlsx", Some("companies.xlsx")),
            ("old_followup.csv", Some("followup.xlsx")),
            ("companies.xlsx", None),
            ("Companies.XLSX", None),
            ("companies.回答.csv", None),
            ("companies_notes.txt", None),
            ("notes.xlsx", None),
        ] {
            assert_eq!(copy_of(name, &STEMS).as_deref(), expected, "{name}");
        }
    }
}
