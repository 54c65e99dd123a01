//! Analyst commentary: Markdown to HTML with every raw HTML fragment shown
//! as text (SPEC §4.6: "Markdown, escaped, no raw HTML"), and links only
//! where they are safe to follow (SPEC §11).

use std::collections::BTreeMap;

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

/// The schemes a link in the report may have. Anything else
/// (`javascript:`, `data:`, `file:`, relative paths) is shown as text.
const LINK_SCHEMES: [&str; 3] = ["http:", "https:", "mailto:"];

/// Whether `url` (entities already decoded by the parser) is a link the
/// report may keep. Browsers ignore tabs, line breaks and leading control
/// characters in a URL (`java\tscript:`), so they are dropped before the
/// scheme is compared.
fn safe_url(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    LINK_SCHEMES.iter().any(|s| squeezed.starts_with(s))
}

#[cfg(test)]
pub fn to_html(markdown: &str) -> String {
    to_html_with_notes(markdown, &BTreeMap::new())
}

/// The Markdown as HTML, with `notes` (line of the Markdown, 0-based →
/// text) placed under the paragraph or list item holding that line, as
/// `<span class="data-note">` (SPEC §18: the note under a sentence the
/// figures contradict). A note whose line is in no paragraph or item
/// follows the text.
pub fn to_html_with_notes(markdown: &str, notes: &BTreeMap<usize, String>) -> String {
    // Unplaced notes by their line's end (a byte offset of the Markdown):
    // each block takes its own in one range query, so many notes cost no
    // more than linear time.
    let mut ends: BTreeMap<usize, &String> = BTreeMap::new();
    let mut offset = 0;
    for (n, line) in markdown.split('\n').enumerate() {
        offset += line.len();
        if let Some(note) = notes.get(&n) {
            ends.insert(offset, note);
        }
        offset += 1;
    }
    let note_html = |note: &str| {
        format!(
            "<span class=\"data-note\">{}</span>",
            crate::format::escape_html(note)
        )
    };
    // For each open link or image: whether its tags are dropped, and the
    // URL to show as text after its words.
    let mut open: Vec<Option<CowStr<'_>>> = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    // Footnotes (`1.4%[^1]`) give the source of an external figure (SPEC §12).
    for (event, range) in Parser::new_ext(markdown, Options::ENABLE_FOOTNOTES).into_offset_iter() {
        if matches!(event, Event::End(TagEnd::Paragraph | TagEnd::Item)) && range.end > range.start
        {
            // The innermost block holding the line ends first: it takes the note.
            let inside: Vec<usize> = ends
                .range(range.start + 1..=range.end)
                .map(|(end, _)| *end)
                .collect();
            for end in inside {
                if let Some(note) = ends.remove(&end) {
                    events.push(Event::Html(note_html(note).into()));
                }
            }
        }
        match event {
            Event::Html(text) | Event::InlineHtml(text) => events.push(Event::Text(text)),
            Event::Start(Tag::Link { dest_url, .. }) if !safe_url(&dest_url) => {
                open.push(Some(dest_url));
            }
            // Images would load from outside the self-contained report.
            Event::Start(Tag::Image { dest_url, .. }) => open.push(Some(dest_url)),
            Event::Start(tag @ Tag::Link { .. }) => {
                open.push(None);
                events.push(Event::Start(tag));
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => match open.pop().flatten() {
                Some(url) if !url.is_empty() => {
                    events.push(Event::Text(format!(" ({url})").into()));
                }
                Some(_) => {}
                None => events.push(Event::End(end)),
            },
            other => events.push(other),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    for note in ends.values() {
        out.push_str(&format!("<p>{}</p>\n", note_html(note)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let html = to_html("- a <script>alert(1)</script>\n- **b**\n\n<div onclick=x>hi</div>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("<strong>b</strong>"));
    }

    #[test]
    fn a_note_goes_under_the_block_holding_its_line() {
        let notes: BTreeMap<usize, String> = [
            (1, "※ <b>".to_string()),
            (3, "※ p".to_string()),
            (5, "※ h".to_string()),
        ]
        .into();
        let html = to_html_with_notes("- a\n- b\n\npara\nline 2\n## h\n", &notes);
        assert_eq!(
            html,
            "<ul>\n<li>a</li>\n<li>b<span class=\"data-note\">※ &lt;b&gt;</span></li>\n</ul>\n\
             <p>para\nline 2<span class=\"data-note\">※ p</span></p>\n<h2>h</h2>\n\
             <p><span class=\"data-note\">※ h</span></p>\n"
        );
    }

    #[test]
    fn only_web_and_mail_links_are_links() {
        let html = to_html(
            "[a](https://www.mhlw.go.jp/) [b](mailto:kpi@example.jp) [c](javascript:alert(1)) \
             [d](&#106;avascript:alert(1)) [e](JaVaScRiPt:x) [f](data:text/html,x) [g](vbscript:x) \
             <javascript:alert(2)> ![h](https://x/y.png) [i](<java\tscript:x>)",
        );
        assert!(
            html.contains(r#"<a href="https://www.mhlw.go.jp/">a</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="mailto:kpi@example.jp">b</a>"#),
            "{html}"
        );
        assert_eq!(html.matches("<a ").count(), 2, "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("c (javascript:alert(1))"), "{html}");
    }
}
