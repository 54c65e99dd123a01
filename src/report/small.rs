//! Small samples (SPEC §18): a rate computed from counted records with
//! fewer than [`LIMIT`] in its denominator carries [`MARK`] wherever it is
//! printed (tables, chart labels, the summary), and its slide carries
//! [`NOTE`]. A 4-round mean of rates carries it when any round in it does,
//! a sum of rates when any of its parts does. The rule is here only: the
//! template functions (`fmt`, the charts' labels), the summary and the
//! page's footnote all ask [`Samples`].

use crate::indicator::{Indicator, Lookup, UNIT_RATIO};
use crate::registry::Registry;
use crate::report::format;

/// A denominator below this is a small sample.
pub const LIMIT: f64 = 10.0;
/// The mark after a figure with a small sample (`※` is the commentary's
/// note mark, so a dagger here).
pub const MARK: &str = "†";
/// The footnote of a slide showing [`MARK`].
pub const NOTE: &str =
    "† 母数10未満。数件の違いで値が大きく変わるため、増減を傾向として読まないこと。";

/// The figures and what the registry says of them.
pub struct Samples<'a> {
    pub registry: &'a Registry,
    pub lookup: &'a Lookup,
    /// Every round of the table, oldest first.
    pub rounds: &'a [String],
}

/// The rounds of a table, oldest first (by fiscal year).
pub fn rounds_of(lookup: &Lookup) -> Vec<String> {
    let mut seen: Vec<(i32, String)> = Vec::new();
    for (_, round) in lookup.keys() {
        if let Ok(year) = crate::fiscal::parse_fiscal_year(round) {
            if !seen.iter().any(|(_, r)| r == round) {
                seen.push((year, round.clone()));
            }
        }
    }
    seen.sort();
    seen.into_iter().map(|(_, r)| r).collect()
}

impl Samples<'_> {
    fn get(&self, key: &str, round: &str) -> Option<&Indicator> {
        self.lookup.get(&(key.to_string(), round.to_string()))
    }

    /// A rate of counted records (the registry says what it counts) over
    /// fewer than [`LIMIT`] of them.
    fn counted_small(&self, i: &Indicator) -> bool {
        i.unit == UNIT_RATIO
            && !self.registry.counted_unit(&i.key).is_empty()
            && match (i.numerator, i.denominator) {
                (Some(n), Some(d)) => n.fract() == 0.0 && d.fract() == 0.0 && d > 0.0 && d < LIMIT,
                _ => false,
            }
    }

    /// The rates a 4-round mean averages: the latest rounds up to its own
    /// that have the rate, as many as its denominator (SPEC §3).
    fn mean_parts(&self, i: &Indicator, base: &str) -> Vec<&Indicator> {
        let take = i.denominator.map_or(0, |d| d.max(0.0) as usize);
        let upto = self
            .rounds
            .iter()
            .position(|r| *r == i.round)
            .map_or(0, |p| p + 1);
        self.rounds[..upto]
            .iter()
            .rev()
            .filter_map(|r| self.get(base, r).filter(|p| p.value.is_some()))
            .take(take)
            .collect()
    }

    /// The rates a sum of rates adds, in its round.
    fn sum_parts(&self, i: &Indicator) -> Vec<&Indicator> {
        crate::kpi::entrants::sum_parts(&i.key)
            .iter()
            .filter_map(|k| self.get(k, &i.round))
            .collect()
    }

    /// Whether `i` is printed with [`MARK`].
    pub fn is_small(&self, i: &Indicator) -> bool {
        if i.unit != UNIT_RATIO || i.value.is_none() {
            return false;
        }
        if let Some(base) = i.key.strip_suffix("_mean4") {
            return self
                .mean_parts(i, base)
                .iter()
                .any(|p| self.counted_small(p));
        }
        let parts = self.sum_parts(i);
        if !parts.is_empty() {
            return parts.iter().any(|p| self.counted_small(p));
        }
        self.counted_small(i)
    }

    /// Whether the figure of `key` in `round` is marked.
    pub fn is_small_at(&self, key: &str, round: &str) -> bool {
        self.get(key, round).is_some_and(|i| self.is_small(i))
    }

    /// [`MARK`] where `i` has a small sample, else nothing.
    pub fn mark(&self, i: &Indicator) -> &'static str {
        if self.is_small(i) {
            MARK
        } else {
            ""
        }
    }

    /// The figure as printed: [`format::display`], with its n when `with_n`
    /// ([`format::display_with_n`]; a sum of rates gives its parts' n,
    /// `15.5% (11/106社+5/95社)`), and [`MARK`] after the number where the
    /// sample is small (`0.0%† (0/3件)`).
    pub fn show(&self, i: &Indicator, with_unit: bool, with_n: bool) -> String {
        let number = format::display(i, with_unit);
        let mark = self.mark(i);
        if !with_n {
            return format!("{number}{mark}");
        }
        let parts = self.sum_parts(i);
        if !parts.is_empty() && i.value.is_some() {
            let counts: Option<Vec<String>> = parts
                .iter()
                .map(|p| match (p.numerator, p.denominator) {
                    (Some(n), Some(d)) => Some(format!(
                        "{}/{}{}",
                        format::group_digits(n, 0),
                        format::group_digits(d, 0),
                        self.registry.counted_unit(&p.key)
                    )),
                    _ => None,
                })
                .collect();
            if let Some(counts) = counts {
                return format!("{number}{mark} ({})", counts.join("+"));
            }
        }
        let full = format::display_with_n(i, with_unit, self.registry.counted_unit(&i.key));
        let rest = full.strip_prefix(&number).unwrap_or_default();
        format!("{number}{mark}{rest}")
    }
}

/// Adds [`NOTE`] where [`MARK`] is shown: at the end of the innermost unit
/// holding a mark (a `<div class="unit…">` never breaks across pages, so
/// the note is on the page of its marks), or, for a mark in no unit, at the
/// end of its slide (`</section>`). One note per unit or slide.
pub fn add_notes(html: &str) -> String {
    if !html.contains(MARK) {
        return html.to_string();
    }
    let note = format!("<p class=\"note small-sample\">{NOTE}</p>");
    let mut out = String::with_capacity(html.len() + 1024);
    // The open divs (is a unit, holds a mark), and whether the open
    // section holds a mark outside any unit.
    let mut divs: Vec<(bool, bool)> = Vec::new();
    let mut section_marked = false;
    let mut rest = html;
    const TOKENS: [&str; 5] = ["<div", "</div>", "<section", "</section>", MARK];
    // One pass: only a `<` or the mark's first byte can start a token
    // (searching each token to the end of the page at every step was
    // quadratic: a tenth of a report's time).
    let next_token = |text: &str| {
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(i) = memchr::memchr2(b'<', MARK.as_bytes()[0], &bytes[from..]) {
            let at = from + i;
            if let Some(token) = TOKENS
                .iter()
                .find(|t| bytes[at..].starts_with(t.as_bytes()))
            {
                return Some((at, *token));
            }
            from = at + 1;
        }
        None
    };
    while let Some((at, token)) = next_token(rest) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match token {
            "<div" => {
                let tag_end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let tag = &rest[..tag_end];
                let is_unit = tag
                    .split_once("class=\"")
                    .and_then(|(_, c)| c.split_once('"'))
                    .is_some_and(|(classes, _)| classes.split(' ').any(|c| c == "unit"));
                divs.push((is_unit, false));
                out.push_str(tag);
                rest = &rest[tag_end..];
                continue;
            }
            "</div>" => {
                if let Some((true, true)) = divs.pop() {
                    out.push_str(&note);
                }
            }
            "<section" => {
                divs.clear();
                section_marked = false;
            }
            "</section>" => {
                if section_marked {
                    out.push_str(&note);
                }
                section_marked = false;
            }
            _ => match divs.iter_mut().rev().find(|(unit, _)| *unit) {
                Some(unit) => unit.1 = true,
                None => section_marked = true,
            },
        }
        out.push_str(token);
        rest = &rest[token.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(key: &str, round: &str, n: f64, d: f64) -> Indicator {
        Indicator {
            key: key.into(),
            round: round.into(),
            value: (d > 0.0).then(|| n / d),
            numerator: Some(n),
            denominator: Some(d),
            unit: UNIT_RATIO.into(),
        }
    }

    fn table(rows: Vec<Indicator>) -> Lookup {
        rows.into_iter()
            .map(|i| ((i.key.clone(), i.round.clone()), i))
            .collect()
    }

    #[test]
    fn a_rate_over_fewer_than_ten_records_is_marked_and_its_means_too() {
        let lookup = table(vec![
            rate("kpi2.venture_product_rate", "R5", 3.0, 9.0),
            rate("kpi2.venture_product_rate", "R6", 5.0, 10.0),
            rate("kpi2.venture_product_rate", "R7", 4.0, 12.0),
            rate("kpi2.venture_product_rate_mean4", "R6", 0.8333, 2.0),
            rate("kpi2.venture_product_rate_mean4", "R7", 1.2, 3.0),
            rate("kpi2.venture_rate", "R7", 11.0, 106.0),
            rate("kpi2.cross_industry_rate", "R7", 5.0, 8.0),
            Indicator {
                numerator: Some(0.728),
                denominator: Some(1.0),
                ..rate("kpi2.new_entrant_rate", "R7", 0.728, 1.0)
            },
            rate("kpi6.stage4.stage_up_rate", "R7", 0.0, 0.0),
        ]);
        let rounds = rounds_of(&lookup);
        assert_eq!(rounds, ["R5", "R6", "R7"]);
        let s = Samples {
            registry: Registry::builtin(),
            lookup: &lookup,
            rounds: &rounds,
        };
        let small = |k: &str, r: &str| s.is_small_at(k, r);
        assert!(small("kpi2.venture_product_rate", "R5"));
        assert!(!small("kpi2.venture_product_rate", "R6"));
        // R6's mean holds R5 and R6; R7's mean R5–R7: both hold R5's 9.
        assert!(small("kpi2.venture_product_rate_mean4", "R6"));
        assert!(small("kpi2.venture_product_rate_mean4", "R7"));
        assert!(!small("kpi2.venture_rate", "R7"));
        assert!(small("kpi2.new_entrant_rate", "R7"));
        // An undefined rate shows `-`, unmarked.
        assert!(!small("kpi6.stage4.stage_up_rate", "R7"));
        let shown = |k: &str, n: bool| s.show(&lookup[&(k.into(), "R7".into())], false, n);
        assert_eq!(shown("kpi2.cross_industry_rate", true), "62.5%† (5/8社)");
        assert_eq!(shown("kpi2.cross_industry_rate", false), "62.5%†");
        assert_eq!(shown("kpi2.venture_rate", true), "10.4% (11/106社)");
        assert_eq!(
            shown("kpi2.new_entrant_rate", true),
            "72.8%† (11/106社+5/8社)"
        );
        assert_eq!(
            shown("kpi2.venture_product_rate_mean4", true),
            "40.0%† (3回平均)"
        );
        assert_eq!(shown("kpi6.stage4.stage_up_rate", true), "-");
    }

    #[test]
    fn the_note_goes_in_the_unit_or_slide_of_its_marks() {
        let note = format!("<p class=\"note small-sample\">{NOTE}</p>");
        let html = "<head></head><section class=\"slide\">a 50.0%†</section>\
                    <section class=\"slide\">b</section>\
                    <section class=\"slide\"><div class=\"unit split\"><div>c† d†</div></div><div class=\"unit\">e</div></section>";
        let out = add_notes(html);
        assert_eq!(
            out,
            format!(
                "<head></head><section class=\"slide\">a 50.0%†{note}</section>\
                 <section class=\"slide\">b</section>\
                 <section class=\"slide\"><div class=\"unit split\"><div>c† d†</div>{note}</div><div class=\"unit\">e</div></section>"
            )
        );
        assert_eq!(add_notes("<p>x</p>"), "<p>x</p>");
    }
}
