//! Indicators as the report shows them, Japanese conventions (SPEC §6):
//! percentages to one decimal, people, thousand-yen amounts and means to
//! integers: 3,198名, 20.7%, 59,419千円. The rounding, separators and percent
//! form are [`crate::numfmt`]'s, re-exported here for the report's callers.

use crate::indicator::{Indicator, UNIT_RATIO};
use crate::numfmt::{decimals_of, mean_decimals};
pub use crate::numfmt::{group_digits, percent, round_half_up};

/// An indicator's display: `3,198`, `20.7%`, `-` where undefined. With
/// `with_unit`, counts carry their unit: `3,198名`, `59,419千円`.
pub fn display(indicator: &Indicator, with_unit: bool) -> String {
    let Some(v) = indicator.value else {
        return "-".to_string();
    };
    if indicator.unit == UNIT_RATIO {
        return percent(v);
    }
    let decimals = if crate::kpi::is_followup(&indicator.key) {
        decimals_of(v).min(2)
    } else if is_mean(indicator) {
        mean_decimals(v)
    } else {
        0
    };
    let number = group_digits(v, decimals);
    if with_unit {
        format!("{number}{}", indicator.unit)
    } else {
        number
    }
}

/// A mean (per station, per course, a mean grant): a figure in a unit of
/// its own computed over a denominator. Shown with one decimal under 10
/// ([`crate::numfmt::mean`]).
pub fn is_mean(indicator: &Indicator) -> bool {
    indicator.unit != UNIT_RATIO && indicator.denominator.is_some()
}

/// A rate with its n beside it (SPEC §15): `10.4% (11/106社)`, `counted`
/// being what its numerator and denominator count (the registry's
/// [`crate::registry::Registry::counted_unit`]); a multi-round mean says how
/// many rounds it averages: `10.4% (4回平均)`. Other figures are
/// [`display`] with their unit when `with_unit`.
pub fn display_with_n(indicator: &Indicator, with_unit: bool, counted: &str) -> String {
    let shown = display(indicator, with_unit);
    if indicator.unit != UNIT_RATIO || indicator.value.is_none() {
        return shown;
    }
    match (indicator.numerator, indicator.denominator) {
        (_, Some(d)) if indicator.key.ends_with("_mean4") => {
            format!("{shown} ({}回平均)", group_digits(d, 0))
        }
        // A sum of rates (new_entrant_rate: numerator the sum, denominator 1)
        // has no count behind it; its parts carry theirs.
        (Some(n), Some(d)) if n.fract() == 0.0 && d.fract() == 0.0 => format!(
            "{shown} ({}/{}{})",
            group_digits(n, 0),
            group_digits(d, 0),
            counted
        ),
        _ => shown,
    }
}

/// Compares a figure as printed (`"3,198"`, `"10.4%"`, `"-"`, `"54名"`)
/// with the computed one at the printed precision. Returns the computed
/// figure at that precision when they differ.
pub fn differs_from_printed(printed: &str, indicator: &Indicator) -> Option<String> {
    let text: String = crate::fiscal::normalize(printed)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let value = indicator.value;
    let numeric: String = text
        .trim_end_matches(|c: char| !c.is_ascii_digit() && c != '%')
        .to_string();
    let is_pct = numeric.ends_with('%');
    let number = numeric.trim_end_matches('%');
    let Ok(printed_value) = number.parse::<f64>() else {
        // "-" and other non-numbers: equal only when undefined.
        return value.map(|v| {
            if indicator.unit == UNIT_RATIO {
                percent(v)
            } else {
                group_digits(v, 0)
            }
        });
    };
    let decimals = number
        .split_once('.')
        .map(|(_, f)| f.len() as u32)
        .unwrap_or(0);
    let Some(v) = value else {
        return Some("-".to_string());
    };
    let computed = if is_pct { v * 100.0 } else { v };
    let computed = round_half_up(computed, decimals);
    if (computed - printed_value).abs() < 1e-9 {
        None
    } else if is_pct {
        Some(format!("{}%", group_digits(computed, decimals)))
    } else {
        Some(group_digits(computed, decimals))
    }
}

/// Text as HTML the report or the preview writes itself: `&`, `<`, `>`
/// and both quotes escaped (safe in text and in attribute values).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(key: &str, value: Option<f64>, unit: &str) -> Indicator {
        Indicator {
            key: key.into(),
            round: "R7".into(),
            value,
            numerator: None,
            denominator: None,
            unit: unit.into(),
        }
    }

    #[test]
    fn japanese_conventions() {
        assert_eq!(
            display(&ind("kpi1.participants", Some(3198.0), "名"), true),
            "3,198名"
        );
        assert_eq!(
            display(&ind("kpi6.grant_mean", Some(59419.3), "千円"), true),
            "59,419千円"
        );
        assert_eq!(
            display(
                &ind("kpi6.stage_up_rate", Some(40.0 / 193.0), "ratio"),
                false
            ),
            "20.7%"
        );
        assert_eq!(
            display(
                &ind("kpi1.participants_per_site", Some(199.875), "名"),
                false
            ),
            "200"
        );
        assert_eq!(display(&ind("kpi1.x", None, "名"), false), "-");
        assert_eq!(
            display(&ind("kpi8.lag", Some(4.25), "ヶ月"), true),
            "4.25ヶ月"
        );
    }

    #[test]
    fn rates_carry_their_n() {
        let mut rate = ind("kpi2.venture_rate", Some(11.0 / 106.0), "ratio");
        rate.numerator = Some(11.0);
        rate.denominator = Some(106.0);
        assert_eq!(display_with_n(&rate, false, "社"), "10.4% (11/106社)");
        let mut mean = ind("kpi2.venture_rate_mean4", Some(0.10392), "ratio");
        mean.numerator = Some(0.41568);
        mean.denominator = Some(4.0);
        assert_eq!(display_with_n(&mean, false, "社"), "10.4% (4回平均)");
        let mut sum = ind("kpi2.new_entrant_rate", Some(0.155), "ratio");
        sum.numerator = Some(0.155);
        sum.denominator = Some(1.0);
        assert_eq!(display_with_n(&sum, false, "社"), "15.5%");
        let mut undefined = ind("kpi6.stage4.stage_up_rate", None, "ratio");
        undefined.numerator = Some(0.0);
        undefined.denominator = Some(0.0);
        assert_eq!(display_with_n(&undefined, false, "社"), "-");
        let people = ind("kpi1.participants", Some(3198.0), "名");
        assert_eq!(display_with_n(&people, true, "社"), "3,198名");
    }

    #[test]
    fn reconciliation_at_printed_precision() {
        let per_course = ind(
            "kpi1.theme1.participants_per_course",
            Some(664.0 / 12.0),
            "名",
        );
        assert_eq!(
            differs_from_printed("54", &per_course).as_deref(),
            Some("55")
        );
        assert_eq!(differs_from_printed("55", &per_course), None);
        let stage4 = ind("kpi6.stage4.stage_up_rate", Some(0.0), "ratio");
        assert_eq!(differs_from_printed("-", &stage4).as_deref(), Some("0.0%"));
        assert_eq!(differs_from_printed("0%", &stage4), None);
        let rate = ind("kpi2.venture_rate_mean4", Some(0.10392), "ratio");
        assert_eq!(differs_from_printed("10.4%", &rate), None);
        let people = ind("kpi1.participants", Some(3198.0), "名");
        assert_eq!(differs_from_printed("3,198", &people), None);
        assert_eq!(differs_from_printed("3,198名", &people), None);
    }
}
