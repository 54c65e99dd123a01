//! Lines of the hand-written text inputs (`commentary.md`, the TOML
//! files): where they end, and which line a byte offset is on, each in
//! one pass (SPEC §11: linear time in every text input).

/// The lines of a text, whatever ends them: `\r\n` (Windows), `\n`
/// (Unix) or a lone `\r` (old Mac editors), each without its end.
pub fn text_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                out.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The 1-based line of each byte offset of a text, found by binary search
/// in the offsets where lines start (one pass over the text, then log n a
/// look-up: no search from the start per key).
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex(starts)
    }

    pub fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_ends_a_line() {
        assert_eq!(text_lines("a\r\nb\rc\nd"), ["a", "b", "c", "d"]);
        assert_eq!(text_lines("a\r\r\n\nb\n"), ["a", "", "", "b"]);
        assert!(text_lines("").is_empty());
    }

    #[test]
    fn offsets_find_their_line() {
        let text = "ab\ncd\n\nef";
        let lines = LineIndex::new(text);
        let at = |s: &str| lines.line(text.find(s).unwrap_or(0));
        assert_eq!((at("ab"), at("cd"), at("ef")), (1, 2, 4));
        assert_eq!(lines.line(2), 1, "the newline is on its line");
    }
}
