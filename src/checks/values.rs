//! Implausible values (SPEC §17): a count far above its column's median
//! (a ×10 typo) and a grant far above the round's median (円 typed for
//! 千円). The readers hand over the values of a whole round's column; this
//! says which are implausible and against what median.

use super::thresholds::{COUNT_FACTOR, COUNT_FLOOR, GRANT_FACTOR};

/// The median of `values` (the mean of the middle two of an even count);
/// None when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    })
}

/// The indices of the counts at least [`COUNT_FACTOR`] × their median and at
/// least [`COUNT_FLOOR`], with the median.
pub fn implausible_counts(counts: &[i64]) -> (Vec<usize>, f64) {
    let values: Vec<f64> = counts.iter().map(|&c| c as f64).collect();
    let Some(median) = median(&values) else {
        return (Vec::new(), 0.0);
    };
    let flagged = counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c >= COUNT_FLOOR && c as f64 >= f64::from(COUNT_FACTOR) * median)
        .map(|(i, _)| i)
        .collect();
    (flagged, median)
}

/// The indices of the grants at least [`GRANT_FACTOR`] × the round's median
/// (a median of 0 flags nothing: every grant would be "100× of nothing").
pub fn implausible_grants(grants: &[f64]) -> (Vec<usize>, f64) {
    let Some(median) = median(grants) else {
        return (Vec::new(), 0.0);
    };
    if median <= 0.0 {
        return (Vec::new(), median);
    }
    let flagged = grants
        .iter()
        .enumerate()
        .filter(|(_, &g)| g >= f64::from(GRANT_FACTOR) * median)
        .map(|(i, _)| i)
        .collect();
    (flagged, median)
}

/// A median as a message shows it: whole, or to one decimal.
pub fn show_median(median: f64) -> String {
    crate::numfmt::shortest(crate::numfmt::round_half_up(median, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tenfold_count_of_at_least_100_is_flagged() {
        // Median 30: 300 is 10×, 299 is not; 90 is under the floor.
        let (flagged, median) = implausible_counts(&[30, 25, 300, 30, 299, 35, 20]);
        assert_eq!(median, 30.0);
        assert_eq!(flagged, [2]);
        // A median of 5: 60 is 12× but under 100, so ordinary.
        assert_eq!(implausible_counts(&[5, 5, 60, 4, 6]).0, Vec::<usize>::new());
        assert_eq!(implausible_counts(&[]).0, Vec::<usize>::new());
    }

    #[test]
    fn a_grant_typed_in_yen_is_flagged() {
        let (flagged, median) = implausible_grants(&[30000.0, 45000.0, 50000000.0, 20000.0]);
        assert_eq!(median, 37500.0);
        assert_eq!(flagged, [2]);
        assert_eq!(implausible_grants(&[0.0, 0.0, 5.0]).0, Vec::<usize>::new());
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(show_median(2.5), "2.5");
        assert_eq!(show_median(37500.0), "37500");
    }
}
