//! The round's text inputs: `commentary.md` (SPEC §4.6) and
//! `published.toml` (SPEC §4.7).

use std::collections::BTreeMap;

use crate::diag::{Diagnostics, Found, Location, Msg};
use crate::fiscal::normalize;

/// Analyst commentary by section: `kpi1` … `kpi11` and `summary` (総括),
/// each the Markdown under its `## ` heading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Commentary {
    pub sections: BTreeMap<String, String>,
    /// For each section, the line of `commentary.md` (1-based) of each line
    /// of its text, so checks can name `commentary.md:LINE` (SPEC §12).
    pub lines: BTreeMap<String, Vec<usize>>,
}

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

pub fn parse_commentary(text: &str, shown: &str, diags: &mut Diagnostics) -> Commentary {
    let mut sections: BTreeMap<String, String> = BTreeMap::new();
    let mut lines: BTreeMap<String, Vec<(usize, bool)>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
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
        if let Some(key) = &current {
            let body = sections.entry(key.clone()).or_default();
            body.push_str(line);
            body.push('\n');
            lines
                .entry(key.clone())
                .or_default()
                .push((i + 1, line.trim().is_empty()));
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
    Commentary { sections, lines }
}

/// Reads `published.toml`: a flat table of indicator key → printed figure.
pub fn parse_published(
    text: &str,
    shown: &str,
    diags: &mut Diagnostics,
) -> Option<BTreeMap<String, String>> {
    let table: toml::Table = match text.parse() {
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
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, value) in table {
        match value {
            toml::Value::String(s) => {
                out.insert(key, s);
            }
            other => {
                ok = false;
                diags.error(
                    Location::file(shown),
                    Msg::PublishedNotString {
                        key,
                        found: Found::Other(other.to_string()),
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
        let p = parse_published("\"kpi1.participants\" = \"3,198\"\n", "p.toml", &mut d).unwrap();
        assert_eq!(
            p.get("kpi1.participants").map(String::as_str),
            Some("3,198")
        );
        assert!(parse_published("\"kpi1.participants\" = 3198\n", "p.toml", &mut d).is_none());
        assert!(d.has_errors());
    }
}
