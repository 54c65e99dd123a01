//! How a message quotes what a cell holds: text quoted, trimmed, cut and
//! with invisible characters shown; numbers briefly.

use crate::diag::Found;

/// A number as a message shows it: in full up to 15 digits, else brief
/// (`1e300`, not 300 digits).
pub fn describe_number(n: f64) -> String {
    if n.is_finite() && n.abs() < 1e15 {
        crate::numfmt::shortest(n)
    } else {
        format!("{n:e}")
    }
}

/// Text as a message quotes it: trimmed, every control or invisible
/// character escaped (`\u{feff}`, so a cell that looks right but is not can
/// be seen to be wrong), and cut at 60 characters into a [`Found::Cut`], whose
/// note of the whole length each language writes in its own way.
pub fn found_text(text: &str) -> Found {
    let trimmed = text.trim();
    let count = trimmed.chars().count();
    if count <= 60 {
        return Found::Text(escaped(trimmed));
    }
    let head: String = trimmed.chars().take(60).collect();
    Found::Cut(Box::new(Found::Text(format!("{}…", escaped(&head)))), count)
}

/// A formula without a saved value as a message quotes it: cut at 40
/// characters into a [`Found::Cut`].
pub fn found_formula(formula: &str) -> Found {
    let count = formula.chars().count();
    if count <= 40 {
        return Found::Formula(formula.to_string());
    }
    let head: String = formula.chars().take(40).collect();
    Found::Cut(Box::new(Found::Formula(format!("{head}…"))), count)
}

/// `text` with every control or invisible character escaped (`\u{feff}`).
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if c.is_control() || is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that print as nothing: zero-width ones, BOM, direction marks.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{180e}'
            | '\u{feff}'
            | '\u{00ad}'
    )
}
