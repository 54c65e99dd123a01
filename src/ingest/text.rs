//! The round's text inputs: `commentary.md` (SPEC §4.6) and
//! `published.toml` (SPEC §4.7).

use std::collections::BTreeMap;

use crate::diag::{Diagnostics, Found, Location, Msg};
use crate::fiscal::normalize;
use crate::lines::{text_lines, LineIndex};
use crate::model::{Commentary, Published};

/// The section key of a `## ` heading, if it is one the report knows.
fn section_key(heading: &str) -> Option<String> {
    let h: String = normalize(heading)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if h == "総括" {
        return Some("summary".into());
    }
    let n: u32 = h.strip_prefix("KPI")?.parse().ok()?;
    (1..=11).contains(&n).then(|| format!("kpi{n}"))
}

/// The lines with every HTML comment `<!-- … -->` taken out (SPEC §17: a
/// comment is neither rendered nor checked), a comment over several lines
/// leaving its lines empty so that line numbers stay; and the line of a
/// comment never closed (it runs to the end, as in Markdown).
fn without_comments(lines: &[&str]) -> (Vec<String>, Option<usize>) {
    let mut out = Vec::with_capacity(lines.len());
    let mut open_at: Option<usize> = None;
    for (n, line) in lines.iter().enumerate() {
        let mut kept = String::new();
        let mut rest: &str = line;
        loop {
            if open_at.is_some() {
                match rest.find("-->") {
                    Some(end) => {
                        open_at = None;
                        rest = &rest[end + 3..];
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(start) => {
                        kept.push_str(&rest[..start]);
                        open_at = Some(n + 1);
                        rest = &rest[start + 4..];
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        out.push(kept);
    }
    (out, open_at)
}

pub fn parse_commentary(text: &str, shown: &str, diags: &mut Diagnostics) -> Commentary {
    let raw = text_lines(text);
    // A NUL is never in a text an editor saves as UTF-8: most often the
    // file is UTF-16, whose every other byte is one.
    if let Some(n) = raw.iter().position(|l| l.contains('\0')) {
        diags.error(Location::line(shown, n + 1), Msg::CommentaryNul {});
    }
    let (visible, unclosed) = without_comments(&raw);
    if let Some(n) = unclosed {
        diags.warning(Location::line(shown, n), Msg::CommentUnclosed {});
    }
    let mut sections: BTreeMap<String, String> = BTreeMap::new();
    let mut lines: BTreeMap<String, Vec<(usize, bool)>> = BTreeMap::new();
    let mut said = Vec::new();
    let mut current: Option<String> = None;
    for (i, line) in visible.iter().enumerate() {
        if let Some(heading) = line.strip_prefix("## ") {
            current = section_key(heading);
            match &current {
                Some(key) if sections.contains_key(key) => diags.warning(
                    Location::line(shown, i + 1),
                    Msg::HeadingTwice {
                        heading: heading.trim().to_string(),
                    },
                ),
                Some(_) => {}
                None => diags.warning(
                    Location::line(shown, i + 1),
                    Msg::UnknownHeading {
                        heading: heading.trim().to_string(),
                    },
                ),
            }
            if let Some(key) = &current {
                sections.entry(key.clone()).or_default();
            }
            continue;
        }
        let trimmed = line.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            said.push(trimmed.to_string());
        }
        if let Some(key) = &current {
            let body = sections.entry(key.clone()).or_default();
            body.push_str(line);
            body.push('\n');
            lines
                .entry(key.clone())
                .or_default()
                .push((i + 1, trimmed.is_empty()));
        }
    }
    for body in sections.values_mut() {
        *body = body.trim().to_string();
    }
    // The text is trimmed: its blank lines at either end are not counted.
    let lines = lines
        .into_iter()
        .map(|(key, numbers)| {
            let kept: Vec<usize> = numbers
                .iter()
                .skip_while(|(_, blank)| *blank)
                .map(|(n, _)| *n)
                .collect();
            let blank_tail = numbers.iter().rev().take_while(|(_, blank)| *blank).count();
            let keep = kept.len().saturating_sub(blank_tail);
            (key, kept.into_iter().take(keep).collect())
        })
        .collect();
    Commentary {
        sections,
        lines,
        said,
    }
}

/// The longest printed figure read as one (`1,234,567.8千円` is 12): a
/// value longer than this is no figure, and is not echoed whole.
pub const PRINTED_MAX_CHARS: usize = 24;

/// A printed figure split into its number and what follows it (`"16%"` →
/// `("16", "%")`, `"3,198名"` → `("3,198", "名")`), `-` as `("-", "")`;
/// None when the text is not one: the number has digits, commas only
/// between groups of three, at most one decimal point; the rest is a unit
/// without digits.
pub fn printed_parts(printed: &str) -> Option<(String, String)> {
    let text = normalize(printed);
    if text.chars().count() > PRINTED_MAX_CHARS {
        return None;
    }
    if matches!(text.as_str(), "-" | "−" | "―" | "ー") {
        return Some(("-".into(), String::new()));
    }
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(end);
    let unit = unit.trim();
    let (whole, fraction) = match number.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (number, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ok = groups.iter().all(|g| digits(g))
        && grouped
        && fraction.is_none_or(digits)
        && !unit
            .chars()
            .any(|c| c.is_ascii_digit() || c.is_whitespace());
    ok.then(|| (number.to_string(), unit.to_string()))
}

/// Reads `published.toml`: a flat table of indicator key → printed figure.
pub fn parse_published(text: &str, shown: &str, diags: &mut Diagnostics) -> Option<Published> {
    let table = match toml::de::DeTable::parse(text) {
        Ok(t) => t,
        Err(e) => {
            diags.error(
                Location::file(shown),
                Msg::PublishedMalformed {
                    toml: Box::new(crate::round::toml_error(text, &e)),
                },
            );
            return None;
        }
    };
    let lines = LineIndex::new(text);
    let mut out = Published::default();
    let mut ok = true;
    for (key, value) in table.get_ref() {
        let line = lines.line(key.span().start);
        let here = || Location::line(shown, line);
        let key_text = key.get_ref().to_string();
        match value.get_ref() {
            toml::de::DeValue::String(s) => {
                if printed_parts(s).is_none() {
                    ok = false;
                    diags.error(
                        here(),
                        Msg::PublishedNotFigure {
                            key: key_text.clone(),
                            found: crate::quote::found_text(s),
                        },
                    );
                }
                out.figures.insert(key_text.clone(), s.to_string());
                out.lines.insert(key_text, line);
            }
            other => {
                ok = false;
                let raw = text.get(value.span()).unwrap_or_default();
                let found = match other {
                    toml::de::DeValue::Integer(_) | toml::de::DeValue::Float(_) => {
                        Found::Other(raw.chars().take(PRINTED_MAX_CHARS).collect())
                    }
                    _ => Found::TomlType(other.type_str()),
                };
                diags.error(
                    here(),
                    Msg::PublishedNotString {
                        key: key_text,
                        found,
                    },
                );
            }
        }
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commentary_sections() {
        let mut d = Diagnostics::new();
        let c = parse_commentary(
            "intro\n## KPI 1\n- a\n- b\n## ＫＰＩ１１\nx\n## 総括\ny\n## 付録\nz\n",
            "data/R7/commentary.md",
            &mut d,
        );
        assert_eq!(c.sections.get("kpi1").map(String::as_str), Some("- a\n- b"));
        assert_eq!(c.sections.get("kpi11").map(String::as_str), Some("x"));
        assert_eq!(c.sections.get("summary").map(String::as_str), Some("y"));
        assert_eq!(c.sections.len(), 3);
        assert_eq!(c.lines.get("kpi1"), Some(&vec![3, 4]));
        assert_eq!(c.lines.get("summary"), Some(&vec![8]));
        assert_eq!(
            d.items()[0].to_string(),
            "data/R7/commentary.md:9: warning: W0502: unknown heading \"## 付録\" ignored with its text: expected ## KPI 1 … ## KPI 11 or ## 総括"
        );
        assert_eq!(
            d.items()[0].line(crate::diag::Lang::Ja),
            "data/R7/commentary.md:9: warning: W0502: 想定外の見出し「## 付録」は本文ごと読み飛ばしました。使える見出しは「## KPI 1」〜「## KPI 11」と「## 総括」です"
        );
    }

    #[test]
    fn published_figures() {
        let mut d = Diagnostics::new();
        let p = parse_published("\"kpi1.participants\" = \"3,198\"\n", "p.toml", &mut d)
            .unwrap_or_default();
        assert_eq!(
            p.get("kpi1.participants").map(String::as_str),
            Some("3,198")
        );
        assert!(parse_published("\"kpi1.participants\" = 3198\n", "p.toml", &mut d).is_none());
        assert!(d.has_errors());
    }
}
