//! Every threshold of the plausibility checks (SPEC §17), in one place,
//! each with its reason. docs/decisions.md ("Checks across files and
//! rounds") states them for the analyst.

/// A count in a row (受入人数, 件数) at least this many times the median of
/// its column in the round is flagged: one digit typed too many multiplies
/// by 10, and a real course or item is rarely ten times the usual one.
pub const COUNT_FACTOR: u32 = 10;

/// ...and only when the count is at least this: among small numbers (a
/// median of 3, a course of 30) a tenfold value is ordinary, not a typo.
pub const COUNT_FLOOR: i64 = 100;

/// An AMED 助成額(千円) at least this many times the round's median is
/// flagged: yen typed where thousand yen belong multiplies by 1000, while
/// real grants of one round differ by less than 100×.
pub const GRANT_FACTOR: u32 = 100;
