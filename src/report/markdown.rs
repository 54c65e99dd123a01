//! Analyst commentary: Markdown to HTML with every raw HTML fragment shown
//! as text (SPEC §4.6: "Markdown, escaped, no raw HTML").

use pulldown_cmark::{html, Event, Parser};

pub fn to_html(markdown: &str) -> String {
    let events = Parser::new(markdown).map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
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
}
