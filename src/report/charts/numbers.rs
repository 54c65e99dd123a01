//! Numbers in charts: value labels and tick labels, formatted by
//! [`crate::numfmt`] (half-up, thousands separators, percentages).

use super::Axis;
use crate::numfmt::{group_digits, percent, percent_to};

/// The value label of every point, by series (None where there is no value).
pub(super) fn value_labels(
    values: &[Vec<Option<f64>>],
    axis: &Axis,
    decimals: Option<usize>,
) -> Vec<Vec<Option<String>>> {
    values
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| {
                    v.map(|v| match (axis, decimals) {
                        (Axis::Number { .. }, Some(d)) => group_digits(v, d as u32),
                        _ => format_value(v, axis),
                    })
                })
                .collect()
        })
        .collect()
}

/// A value label: numbers with separators, one decimal below 100 when the
/// value has a fraction (a lag of 14.2 months is not "14"); percentages with
/// one decimal.
fn format_value(v: f64, axis: &Axis) -> String {
    match axis {
        Axis::Number { .. } if v.fract().abs() > 1e-9 && v.abs() < 100.0 => group_digits(v, 1),
        Axis::Number { .. } => group_digits(v, 0),
        Axis::Percent => percent(v),
    }
}

/// A tick label with as many decimals as the step needs ("20%", "2.5%", "1,000").
pub(super) fn format_tick(v: f64, step: f64, axis: &Axis) -> String {
    match axis {
        Axis::Number { .. } => group_digits(v, decimals_for(step)),
        Axis::Percent => percent_to(v, decimals_for(step * 100.0)),
    }
}

fn decimals_for(step: f64) -> u32 {
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_formatted_the_japanese_way() {
        let people = Axis::Number { unit: "名".into() };
        assert_eq!(format_value(3198.0, &people), "3,198");
        assert_eq!(format_value(14.25, &people), "14.3");
        assert_eq!(format_value(0.2065, &Axis::Percent), "20.7%");
        assert_eq!(format_value(0.207, &Axis::Percent), "20.7%");
        assert_eq!(format_tick(0.2, 0.2, &Axis::Percent), "20%");
        assert_eq!(format_tick(0.025, 0.025, &Axis::Percent), "2.5%");
        assert_eq!(format_tick(3000.0, 1000.0, &people), "3,000");
        assert_eq!(
            value_labels(&[vec![Some(199.875), None]], &people, Some(0)),
            [[Some("200".to_string()), None]]
        );
    }
}
