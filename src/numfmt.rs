//! Number formatting, in one place: half-up rounding (四捨五入) to n decimals,
//! thousands separators, percentages (Japanese conventions, SPEC §6: 3,198名,
//! 20.7%, 59,419千円), and the shortest form messages quote a number in.
//!
//! The report's figures (`report::format`), the charts' value and tick labels
//! (`report::charts`) and the messages about input (`fiscal`, `ingest`) all
//! format through here.

/// Rounds half-up (away from zero) to `decimals`, tolerant of binary noise:
/// 0.2065 → 20.7 %, not 20.6 %; 2.675 → 2.68.
pub fn round_half_up(value: f64, decimals: u32) -> f64 {
    let factor = 10f64.powi(decimals as i32);
    let scaled = value * factor;
    // A tiny nudge so that 0.1038 * 1000 = 103.79999… still reads as 103.8.
    let nudged = scaled + scaled.signum() * 1e-9 * scaled.abs().max(1.0);
    nudged.round() / factor
}

/// `value` rounded half-up to `decimals`, with thousands separators:
/// `1234567.5` with 0 decimals → `1,234,568`; `-1234.5` → `-1,235`. A value
/// that rounds to zero has no sign (`-0.2` → `0`).
pub fn group_digits(value: f64, decimals: u32) -> String {
    let rounded = round_half_up(value, decimals);
    let text = format!("{:.*}", decimals as usize, rounded.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A fraction as a percentage with one decimal, the report's convention:
/// 0.2073 → `20.7%`.
pub fn percent(fraction: f64) -> String {
    percent_to(fraction, 1)
}

/// A fraction as a percentage with `decimals` decimals: (0.025, 1) → `2.5%`,
/// (0.34, 0) → `34%`.
pub fn percent_to(fraction: f64, decimals: u32) -> String {
    format!("{}%", group_digits(fraction * 100.0, decimals))
}

/// The decimals of a mean (per station, per course; SPEC §6, §18): one
/// below 10, where a whole number would hide the difference between 1.6
/// and 2.4, none from 10 on. Decided on the value as shown, so 9.96 (shown
/// `10`) has none.
pub fn mean_decimals(value: f64) -> u32 {
    if round_half_up(value.abs(), 1) < 10.0 {
        1
    } else {
        0
    }
}

/// A mean as the report shows it: `1.8`, `1.7` (1.65, half-up), `2.0`,
/// `12`, `1,234`.
pub fn mean(value: f64) -> String {
    group_digits(value, mean_decimals(value))
}

/// The decimals `value` needs in its shortest form (`4.25` → 2, `3` → 0).
pub fn decimals_of(value: f64) -> u32 {
    let s = format!("{value}");
    s.split_once('.').map(|(_, f)| f.len() as u32).unwrap_or(0)
}

/// Shortest round-trip form, no separators; whole numbers without a decimal
/// point (`12`, `12.5`, `-3`). For messages that quote a cell's value.
pub fn shortest(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_at_the_boundaries() {
        assert_eq!(group_digits(0.05, 1), "0.1");
        assert_eq!(group_digits(0.15, 1), "0.2");
        assert_eq!(group_digits(0.25, 1), "0.3");
        assert_eq!(group_digits(2.5, 0), "3");
        assert_eq!(group_digits(3.5, 0), "4");
        assert_eq!(group_digits(130.5, 0), "131");
        assert_eq!(group_digits(999.5, 0), "1,000");
        assert_eq!(group_digits(1234.5, 0), "1,235");
        assert_eq!(group_digits(2.675, 2), "2.68");
        assert_eq!(group_digits(0.049_999, 1), "0.0");
        assert_eq!(round_half_up(0.1038 * 1000.0, 0), 104.0);
        assert_eq!(round_half_up(103.75, 1), 103.8);
    }

    #[test]
    fn negative_values_round_away_from_zero() {
        assert_eq!(group_digits(-2.5, 0), "-3");
        assert_eq!(group_digits(-1234.5, 0), "-1,235");
        assert_eq!(group_digits(-0.2, 0), "0");
        assert_eq!(group_digits(-0.04, 1), "0.0");
        assert_eq!(group_digits(-0.05, 1), "-0.1");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(group_digits(3198.0, 0), "3,198");
        assert_eq!(group_digits(59419.4, 0), "59,419");
        assert_eq!(group_digits(999.0, 0), "999");
        assert_eq!(group_digits(1_000_000.0, 0), "1,000,000");
        assert_eq!(group_digits(1234567.0, 0), "1,234,567");
        assert_eq!(group_digits(1234567.891, 2), "1,234,567.89");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(0.2065), "20.7%");
        assert_eq!(percent(0.207), "20.7%");
        assert_eq!(percent(0.1038), "10.4%");
        assert_eq!(percent(0.10375), "10.4%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(12.345), "1,234.5%");
        assert_eq!(percent_to(0.2, 0), "20%");
        assert_eq!(percent_to(0.005, 0), "1%");
        assert_eq!(percent_to(0.025, 1), "2.5%");
    }

    #[test]
    fn means_under_ten_show_one_decimal() {
        assert_eq!([1.8, 1.65, 2.0].map(mean), ["1.8", "1.7", "2.0"]);
        assert_eq!(mean(0.875), "0.9");
        assert_eq!(mean(9.94), "9.9");
        assert_eq!(mean(9.96), "10");
        assert_eq!(mean(10.0), "10");
        assert_eq!(mean(199.875), "200");
        assert_eq!(mean(0.0), "0.0");
    }

    #[test]
    fn shortest_forms() {
        assert_eq!(shortest(12.0), "12");
        assert_eq!(shortest(12.5), "12.5");
        assert_eq!(shortest(-3.0), "-3");
        assert_eq!(shortest(1e15), "1000000000000000");
        assert_eq!(decimals_of(4.25), 2);
        assert_eq!(decimals_of(3.0), 0);
        assert_eq!(decimals_of(0.1), 1);
    }
}
