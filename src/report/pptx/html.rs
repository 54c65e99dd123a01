//! A small reader of the report's own HTML (what mdkpi's templates write,
//! not HTML at large): tags with their attributes, text with its entities
//! decoded, and each element's byte range, so that an inline chart's SVG
//! can be taken as written. Comments, the head's style and scripts are
//! skipped; void elements (`<br>`, `<meta>`) have no end.

/// One item of the document, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token<'a> {
    /// A start tag: its name (lowercase), attributes, and where it starts.
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        at: usize,
        /// `<br>`, `<img …/>`: no end tag follows.
        void: bool,
    },
    /// An end tag: its name and the byte after it.
    End { name: String, after: usize },
    /// Text, entities decoded.
    Text(String),
    /// Raw element content skipped whole (`<svg>…</svg>`), for callers
    /// that want it: the element's name and its source.
    Raw { name: String, source: &'a str },
}

const VOID: [&str; 8] = ["br", "meta", "img", "hr", "input", "link", "col", "wbr"];

/// Elements whose content is not read as HTML: style and script are
/// dropped, svg handed over whole.
const RAW: [&str; 4] = ["style", "script", "svg", "title"];

pub(crate) fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    let flush = |out: &mut Vec<Token<'_>>, from: usize, to: usize| {
        if to > from {
            out.push(Token::Text(decode(&html[from..to])));
        }
    };
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            flush(&mut out, text_start, i);
            i = rest.find("-->").map_or(bytes.len(), |e| i + e + 3);
            text_start = i;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            flush(&mut out, text_start, i);
            i = rest.find('>').map_or(bytes.len(), |e| i + e + 1);
            text_start = i;
            continue;
        }
        let Some(end) = tag_end(rest) else {
            // A lone `<` in text.
            i += 1;
            continue;
        };
        let inner = &rest[1..end];
        let closing = inner.starts_with('/');
        let inner = inner.trim_start_matches('/');
        let name_len = inner
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(inner.len());
        let name = inner[..name_len].to_ascii_lowercase();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            i += 1;
            continue;
        }
        flush(&mut out, text_start, i);
        let after = i + end + 1;
        if closing {
            out.push(Token::End { name, after });
            i = after;
            text_start = i;
            continue;
        }
        let self_closing = inner.trim_end().ends_with('/');
        if RAW.contains(&name.as_str()) && !self_closing {
            let close = format!("</{name}>");
            let stop = html[after..]
                .find(&close)
                .map_or(bytes.len(), |e| after + e + close.len());
            if name == "svg" {
                out.push(Token::Raw {
                    name,
                    source: &html[i..stop],
                });
            }
            i = stop;
            text_start = i;
            continue;
        }
        let void = self_closing || VOID.contains(&name.as_str());
        out.push(Token::Start {
            attrs: attributes(&inner[name_len..]),
            name,
            at: i,
            void,
        });
        i = after;
        text_start = i;
    }
    flush(&mut out, text_start, bytes.len());
    out
}

/// The index of the `>` that ends the tag at the start of `rest`, quotes
/// respected; None when `rest` is no tag.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in rest.bytes().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i),
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim().trim_end_matches('/');
    while !rest.is_empty() {
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    rest = body.get(end + 1..).unwrap_or("");
                    decode(&body[..end])
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    rest = &after[end..];
                    decode(&after[..end])
                }
            }
        } else {
            String::new()
        };
        if !name.is_empty() {
            out.push((name, value));
        }
        rest = rest.trim_start();
    }
    out
}

/// Text with its character references decoded (the ones tera and
/// pulldown-cmark write, and any numeric one).
pub(crate) fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &rest[1..e];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An attribute's value.
pub(crate) fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Whether the `class` attribute holds `class`.
pub(crate) fn has_class(attrs: &[(String, String)], class: &str) -> bool {
    attr(attrs, "class").is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_text_and_svg() {
        let html = "<!DOCTYPE html><style>a>b{}</style><p class=\"x y\" id=a>A &amp; B&#x2F;<br>C</p><!-- c --><svg viewBox=\"0 0 1 1\"><text>t</text></svg>";
        let t = tokens(html);
        assert_eq!(
            t[0],
            Token::Start {
                name: "p".into(),
                attrs: vec![("class".into(), "x y".into()), ("id".into(), "a".into())],
                at: 35,
                void: false
            }
        );
        assert_eq!(t[1], Token::Text("A & B/".into()));
        assert!(matches!(&t[2], Token::Start { name, void: true, .. } if name == "br"));
        assert_eq!(t[3], Token::Text("C".into()));
        assert!(matches!(&t[4], Token::End { name, .. } if name == "p"));
        assert_eq!(
            t[5],
            Token::Raw {
                name: "svg".into(),
                source: "<svg viewBox=\"0 0 1 1\"><text>t</text></svg>"
            }
        );
        assert_eq!(t.len(), 6);
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for html in [
            "<",
            "<p",
            "<p class=\"",
            "a < b",
            "&",
            "&#xZZ;",
            "&#99999999;",
            "<svg>",
            "</",
        ] {
            let _ = tokens(html);
        }
        assert_eq!(decode("a &lt; b &unknown; &#12354;"), "a < b &unknown; あ");
    }
}
