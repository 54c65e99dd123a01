//! Numbers in charts: value labels and tick labels.

use super::Axis;

/// Rounds half away from zero (四捨五入) at `decimals`, tolerant of binary noise
/// (0.2065 → 20.7 %, not 20.6 %).
fn round_half_up(x: f64, decimals: i32) -> f64 {
    let m = 10f64.powi(decimals);
    let y = x * m;
    let nudged = y + y.signum() * 1e-9 * y.abs().max(1.0);
    nudged.round() / m
}

/// `v` rounded to `decimals` with thousands separators: "3,198", "-1,234.5".
pub(super) fn format_number(v: f64, decimals: usize) -> String {
    let r = round_half_up(v, decimals as i32);
    let s = format!("{:.*}", decimals, r.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if let Some(f) = frac {
        grouped.push('.');
        grouped.push_str(f);
    }
    if r < 0.0 && grouped.chars().any(|c| c.is_ascii_digit() && c != '0') {
        grouped.insert(0, '-');
    }
    grouped
}

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
                        (Axis::Number { .. }, Some(d)) => format_number(v, d),
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
        Axis::Number { .. } if v.fract().abs() > 1e-9 && v.abs() < 100.0 => format_number(v, 1),
        Axis::Number { .. } => format_number(v, 0),
        Axis::Percent => format!("{}%", format_number(v * 100.0, 1)),
    }
}

/// A tick label with as many decimals as the step needs ("20%", "2.5%", "1,000").
pub(super) fn format_tick(v: f64, step: f64, axis: &Axis) -> String {
    match axis {
        Axis::Number { .. } => format_number(v, decimals_for(step)),
        Axis::Percent => format!("{}%", format_number(v * 100.0, decimals_for(step * 100.0))),
    }
}

fn decimals_for(step: f64) -> usize {
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
    fn numbers_are_formatted_the_japanese_way() {
        assert_eq!(format_number(3198.0, 0), "3,198");
        assert_eq!(format_number(59419.4, 0), "59,419");
        assert_eq!(format_number(-1234.5, 0), "-1,235");
        assert_eq!(format_number(-0.2, 0), "0");
        assert_eq!(format_number(999.0, 0), "999");
        assert_eq!(format_number(1_000_000.0, 0), "1,000,000");
        assert_eq!(format_value(0.2065, &Axis::Percent), "20.7%");
        assert_eq!(format_value(0.207, &Axis::Percent), "20.7%");
        assert_eq!(format_tick(0.2, 0.2, &Axis::Percent), "20%");
        assert_eq!(format_tick(0.025, 0.025, &Axis::Percent), "2.5%");
        assert_eq!(
            format_tick(3000.0, 1000.0, &Axis::Number { unit: "名".into() }),
            "3,000"
        );
    }
}
