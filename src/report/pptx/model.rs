//! The slide model: what each page section of the rendered report holds
//! (its title, headings, text, tables, charts and pictures, and which
//! of them stay together), read from the HTML of the same render. The
//! templates mark a page section with `<section class="slide">`, a group
//! kept on one page with `unit` or `keep`, and side-by-side items with a
//! CSS grid (`charts2`, `split`, …: the columns come from the report's own
//! stylesheet), so the deck follows whatever the templates hold.

use std::collections::HashMap;

use super::html::{attr, has_class, tokens, Token};

/// One page section of the report (`<section class="slide">`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section {
    pub id: String,
    /// The cover: its text centred, no running title.
    pub cover: bool,
    /// Its first `<h1>`/`<h2>`, the slides' title.
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    Paragraph,
    Bullet,
    /// Notes and footnotes: smaller.
    Note,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Heading {
        text: String,
    },
    Text {
        text: String,
        kind: TextKind,
    },
    Table(Table),
    /// An inline SVG as written in the HTML: a collected chart or a
    /// drawing.
    Figure {
        svg: String,
    },
    /// Items side by side: the column fractions and the items, which wrap
    /// into rows of that many columns.
    Grid {
        fractions: Vec<f64>,
        cells: Vec<Vec<Block>>,
    },
    /// Blocks kept on one slide where they fit (`unit`, `keep`).
    Keep(Vec<Block>),
    /// Consecutive text blocks as one text box (made by the layout).
    Paragraphs(Vec<(String, TextKind)>),
}

/// A cell of a table's grid.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Slot {
    Cell(Cell),
    /// Covered by the cell to the left (`colspan`).
    MergedLeft,
    /// Covered by the cell above (`rowspan`).
    MergedUp,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub text: String,
    pub header: bool,
    pub number: bool,
    pub col_span: usize,
    pub row_span: usize,
    /// `RRGGBB` of an inline background colour, blended on white.
    pub fill: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// Rows of equal length.
    pub rows: Vec<Vec<Slot>>,
    /// The leading rows that are the header (`<thead>`), repeated on each
    /// slide a long table continues on.
    pub header_rows: usize,
}

impl Table {
    pub fn columns(&self) -> usize {
        self.rows.first().map_or(0, Vec::len)
    }
}

/// The page sections of `html`, in order.
pub(crate) fn sections(html: &str) -> Vec<Section> {
    let grids = grid_classes(html);
    let tokens = tokens(html);
    let reader = Reader {
        tokens: &tokens,
        grids: &grids,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Token::Start { name, attrs, .. } = &tokens[i] {
            if name == "section" && has_class(attrs, "slide") {
                i += 1;
                let mut blocks = reader.blocks(&mut i, "section", TextKind::Paragraph);
                let title = take_title(&mut blocks).unwrap_or_default();
                out.push(Section {
                    id: attr(attrs, "id").unwrap_or_default().to_string(),
                    cover: has_class(attrs, "cover"),
                    title,
                    blocks,
                });
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Removes and returns the first heading of `blocks` (looking into kept
/// groups), the section's title.
fn take_title(blocks: &mut Vec<Block>) -> Option<String> {
    for (at, block) in blocks.iter_mut().enumerate() {
        match block {
            Block::Heading { text } if !text.is_empty() => {
                let text = text.clone();
                blocks.remove(at);
                return Some(text);
            }
            Block::Keep(inner) => {
                if let Some(t) = take_title(inner) {
                    return Some(t);
                }
            }
            _ => {}
        }
    }
    None
}

/// The classes the stylesheet lays out as a grid, with their columns'
/// fractions: `.charts2 { display: grid; grid-template-columns: 1fr 1fr }`
/// → `charts2: [1, 1]`; `repeat(5, 1fr)` → five ones. Only rules on one
/// class alone.
fn grid_classes(html: &str) -> HashMap<String, Vec<f64>> {
    let mut out = HashMap::new();
    let Some(start) = html.find("<style>") else {
        return out;
    };
    let css = &html[start + "<style>".len()..];
    let css = &css[..css.find("</style>").unwrap_or(css.len())];
    for rule in css.split('}') {
        let Some((selector, body)) = rule.split_once('{') else {
            continue;
        };
        let selector = selector.rsplit("*/").next().unwrap_or("").trim();
        let Some(class) = selector.strip_prefix('.') else {
            continue;
        };
        if class.is_empty()
            || !class
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            continue;
        }
        let Some(columns) = body
            .split(';')
            .filter_map(|d| d.split_once(':'))
            .find(|(p, _)| p.trim() == "grid-template-columns")
            .map(|(_, v)| v.trim())
        else {
            continue;
        };
        let fractions = fractions(columns);
        if !fractions.is_empty() {
            out.insert(class.to_string(), fractions);
        }
    }
    out
}

fn fractions(columns: &str) -> Vec<f64> {
    let columns = columns.trim();
    if let Some(inner) = columns
        .strip_prefix("repeat(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let (n, each) = inner.split_once(',').unwrap_or((inner, "1fr"));
        let n: usize = n.trim().parse().unwrap_or(1).clamp(1, 12);
        let each = fractions(each);
        return each.iter().copied().cycle().take(n * each.len()).collect();
    }
    // Only columns that share the width (`fr`): a grid with a fixed column
    // (`5em 1fr`, a label beside its text) is read as text, not as items
    // side by side.
    columns
        .split_whitespace()
        .map(|c| {
            c.strip_suffix("fr")
                .and_then(|f| f.parse::<f64>().ok())
                .filter(|f| f.is_finite() && *f > 0.0)
        })
        .collect::<Option<Vec<f64>>>()
        .unwrap_or_default()
}

struct Reader<'t, 'a> {
    tokens: &'t [Token<'a>],
    grids: &'t HashMap<String, Vec<f64>>,
}

const HEADINGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];
const TEXT_BLOCKS: [&str; 6] = ["p", "li", "dd", "figcaption", "caption", "blockquote"];

impl Reader<'_, '_> {
    /// The blocks up to the end of the element `until` (its start already
    /// read), `kind` the text kind of loose text and list items.
    fn blocks(&self, i: &mut usize, until: &str, kind: TextKind) -> Vec<Block> {
        let mut out = Vec::new();
        let mut loose = String::new();
        // A `<dt>`'s text, put before its `<dd>`.
        let mut term: Option<String> = None;
        let flush = |out: &mut Vec<Block>, loose: &mut String| {
            let text = clean(loose);
            if !text.is_empty() {
                out.push(Block::Text { text, kind });
            }
            loose.clear();
        };
        while *i < self.tokens.len() {
            let token = &self.tokens[*i];
            *i += 1;
            match token {
                Token::End { name, .. } if name == until => break,
                Token::End { .. } => {}
                Token::Text(t) => loose.push_str(t),
                Token::Raw { source, .. } => {
                    flush(&mut out, &mut loose);
                    out.push(Block::Figure {
                        svg: source.to_string(),
                    });
                }
                Token::Start {
                    name, attrs, void, ..
                } => {
                    let name = name.as_str();
                    if *void {
                        if name == "br" {
                            loose.push('\u{2028}');
                        }
                        continue;
                    }
                    if HEADINGS.contains(&name) {
                        flush(&mut out, &mut loose);
                        let text = clean(&self.inline(i, name));
                        if !text.is_empty() {
                            out.push(Block::Heading { text });
                        }
                    } else if name == "dt" {
                        flush(&mut out, &mut loose);
                        term = Some(clean(&self.inline(i, name)));
                    } else if TEXT_BLOCKS.contains(&name) {
                        flush(&mut out, &mut loose);
                        let kind = match name {
                            _ if has_class(attrs, "note") => TextKind::Note,
                            "li" if kind == TextKind::Note => TextKind::Note,
                            "li" => TextKind::Bullet,
                            _ => kind,
                        };
                        let mut text = clean(&self.inline(i, name));
                        if let Some(t) = term.take().filter(|_| name == "dd") {
                            text = format!("{t}: {text}");
                        }
                        if !text.is_empty() {
                            out.push(Block::Text { text, kind });
                        }
                    } else if name == "table" {
                        flush(&mut out, &mut loose);
                        let (caption, table) = self.table(i);
                        if !caption.is_empty() {
                            out.push(Block::Heading { text: caption });
                        }
                        if !table.rows.is_empty() {
                            out.push(Block::Table(table));
                        }
                    } else if let Some(fractions) = self.grid_of(attrs) {
                        flush(&mut out, &mut loose);
                        let cells = self.cells(i, name, kind);
                        if !cells.is_empty() {
                            out.push(Block::Grid { fractions, cells });
                        }
                    } else if [
                        "div", "ul", "ol", "dl", "figure", "section", "nav", "header", "footer",
                        "aside", "main", "article",
                    ]
                    .contains(&name)
                    {
                        flush(&mut out, &mut loose);
                        let inner_kind = if has_class(attrs, "notes") || has_class(attrs, "note") {
                            TextKind::Note
                        } else {
                            kind
                        };
                        let inner = self.blocks(i, name, inner_kind);
                        if has_class(attrs, "unit") || has_class(attrs, "keep") {
                            if !inner.is_empty() {
                                out.push(Block::Keep(inner));
                            }
                        } else {
                            out.extend(inner);
                        }
                    }
                    // Inline elements (span, a, strong, …): their text is
                    // read as loose text.
                }
            }
        }
        flush(&mut out, &mut loose);
        out
    }

    fn grid_of(&self, attrs: &[(String, String)]) -> Option<Vec<f64>> {
        attr(attrs, "class")?
            .split_whitespace()
            .find_map(|c| self.grids.get(c).cloned())
    }

    /// The items of a grid element `name`: each child element's blocks.
    fn cells(&self, i: &mut usize, until: &str, kind: TextKind) -> Vec<Vec<Block>> {
        let mut cells = Vec::new();
        while *i < self.tokens.len() {
            let token = &self.tokens[*i];
            *i += 1;
            match token {
                Token::End { name, .. } if name == until => break,
                Token::Raw { source, .. } => cells.push(vec![Block::Figure {
                    svg: source.to_string(),
                }]),
                Token::Start { name, void, .. } if !*void => {
                    // The child itself, read as a container of one.
                    *i -= 1;
                    let mut one = self.blocks_of_one(i, name, kind);
                    if !one.is_empty() {
                        cells.push(std::mem::take(&mut one));
                    }
                }
                Token::Text(t) if !t.trim().is_empty() => cells.push(vec![Block::Text {
                    text: clean(t),
                    kind,
                }]),
                _ => {}
            }
        }
        cells
    }

    /// The blocks of the one element starting at `i` (start tag included).
    fn blocks_of_one(&self, i: &mut usize, name: &str, kind: TextKind) -> Vec<Block> {
        // Read it as the single child of a pseudo-container that ends at
        // its own end tag.
        let start = *i;
        let mut blocks = Vec::new();
        // blocks() treats the start tag like any other child.
        let end = self.matching_end(start, name);
        let sub = Reader {
            tokens: &self.tokens[start..end],
            grids: self.grids,
        };
        let mut j = 0;
        blocks.extend(sub.blocks(&mut j, "\u{0}", kind));
        *i = end;
        blocks
    }

    /// The index after the end tag matching the start tag at `start`.
    fn matching_end(&self, start: usize, name: &str) -> usize {
        let mut depth = 0usize;
        for (k, token) in self.tokens.iter().enumerate().skip(start) {
            match token {
                Token::Start { name: n, void, .. } if n == name && !*void => depth += 1,
                Token::End { name: n, .. } if n == name => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return k + 1;
                    }
                }
                _ => {}
            }
        }
        self.tokens.len()
    }

    /// The text up to the end of element `until`, line breaks kept.
    fn inline(&self, i: &mut usize, until: &str) -> String {
        let mut text = String::new();
        let mut depth = 0usize;
        while *i < self.tokens.len() {
            let token = &self.tokens[*i];
            *i += 1;
            match token {
                Token::End { name, .. } if name == until => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                Token::Start { name, void, .. } => {
                    if name == until && !*void {
                        depth += 1;
                    }
                    if name == "br"
                        || (["li", "p", "div", "tr"].contains(&name.as_str()) && !text.is_empty())
                    {
                        text.push('\u{2028}');
                    }
                }
                Token::Text(t) => text.push_str(t),
                _ => {}
            }
        }
        text
    }

    /// A table up to its end: its caption and its grid of cells.
    fn table(&self, i: &mut usize) -> (String, Table) {
        let mut caption = String::new();
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut header_rows = 0;
        let mut in_head = false;
        let mut depth = 0usize;
        while *i < self.tokens.len() {
            let token = &self.tokens[*i];
            *i += 1;
            match token {
                Token::End { name, .. } if name == "table" => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                Token::End { name, .. } if name == "thead" => in_head = false,
                Token::Start { name, attrs, .. } => match name.as_str() {
                    "table" => depth += 1,
                    "thead" => in_head = true,
                    "caption" => caption = clean(&self.inline(i, "caption")),
                    "tr" => {
                        rows.push(Vec::new());
                        if in_head {
                            header_rows += 1;
                        }
                    }
                    "th" | "td" => {
                        let span = |a: &str| {
                            attr(attrs, a)
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .unwrap_or(1)
                                .clamp(1, 64)
                        };
                        let cell = Cell {
                            text: clean(&self.inline(i, name)),
                            header: name == "th",
                            number: has_class(attrs, "num"),
                            col_span: span("colspan"),
                            row_span: span("rowspan"),
                            fill: attr(attrs, "style").and_then(background),
                        };
                        if rows.is_empty() {
                            rows.push(Vec::new());
                        }
                        if let Some(row) = rows.last_mut() {
                            row.push(cell);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        (caption, grid(rows, header_rows))
    }
}

/// Cells with spans placed on a grid of equal rows.
fn grid(rows: Vec<Vec<Cell>>, header_rows: usize) -> Table {
    let rows: Vec<Vec<Cell>> = rows.into_iter().filter(|r| !r.is_empty()).collect();
    let mut placed: Vec<Vec<Option<Slot>>> = vec![Vec::new(); rows.len()];
    for (r, row) in rows.into_iter().enumerate() {
        let mut c = 0;
        for cell in row {
            while placed[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            let (cs, rs) = (cell.col_span, cell.row_span.min(placed.len() - r));
            for dr in 0..rs {
                for dc in 0..cs {
                    let line = &mut placed[r + dr];
                    if line.len() <= c + dc {
                        line.resize(c + dc + 1, None);
                    }
                    line[c + dc] = Some(match (dr, dc) {
                        (0, 0) => Slot::Cell(Cell {
                            row_span: rs,
                            ..cell.clone()
                        }),
                        (0, _) => Slot::MergedLeft,
                        _ => Slot::MergedUp,
                    });
                }
            }
            c += cs;
        }
    }
    let width = placed.iter().map(Vec::len).max().unwrap_or(0);
    let rows = placed
        .into_iter()
        .map(|mut line| {
            line.resize(width, None);
            line.into_iter()
                .map(|s| {
                    s.unwrap_or(Slot::Cell(Cell {
                        text: String::new(),
                        header: false,
                        number: false,
                        col_span: 1,
                        row_span: 1,
                        fill: None,
                    }))
                })
                .collect()
        })
        .collect::<Vec<_>>();
    let header_rows = header_rows.min(rows.len());
    Table { rows, header_rows }
}

/// An inline style's `background-color` (`rgba(31, 78, 140, 0.21)`,
/// `#1f4e8c`) as `RRGGBB`, blended on white; none when transparent.
fn background(style: &str) -> Option<String> {
    let value = style
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .find(|(p, _)| p.trim() == "background-color" || p.trim() == "background")?
        .1
        .trim();
    if let Some(hex) = value.strip_prefix('#') {
        let hex = if hex.len() == 3 {
            hex.chars().flat_map(|c| [c, c]).collect()
        } else {
            hex.to_string()
        };
        return (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| hex.to_ascii_uppercase());
    }
    let inner = value
        .strip_prefix("rgba(")
        .or_else(|| value.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<f64> = inner
        .split(',')
        .map(|p| p.trim().parse::<f64>().ok())
        .collect::<Option<_>>()?;
    let alpha = parts.get(3).copied().unwrap_or(1.0).clamp(0.0, 1.0);
    if alpha < 0.005 || parts.len() < 3 {
        return None;
    }
    let blend = |c: f64| (255.0 + (c.clamp(0.0, 255.0) - 255.0) * alpha).round() as u8;
    Some(format!(
        "{:02X}{:02X}{:02X}",
        blend(parts[0]),
        blend(parts[1]),
        blend(parts[2])
    ))
}

/// Whitespace as HTML shows it (runs of it one space, trimmed), line
/// breaks (`<br>`) kept as `\n`.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\u{2028}') {
        let words: Vec<&str> = line.split_whitespace().collect();
        let line = words.join(" ");
        if !out.is_empty() && !line.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html><head><style>
.charts2 { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.vision { display: grid; grid-template-columns: 5em 1fr; }
/* a comment */ .wide { grid-template-columns: repeat(2, 1fr 2fr) }
.a .charts2 { grid-template-columns: 1fr; }
</style></head><body>
<section class="slide cover"><h1>表題</h1><p>令和7年度</p></section>
<section class="slide kpi" id="kpi1"><div class="unit"><h2>KPI 1: 研修</h2>
<dl class="vision"><dt>ゴール</dt><dd>人材 育成</dd></dl>
<h3>方法</h3><p>A<br>B</p><ul class="notes"><li>注</li></ul></div>
<table><caption>表</caption><thead><tr><th>区分</th><th colspan="2">R6–R7</th></tr></thead>
<tbody><tr><td rowspan="2">x</td><td class="num">1</td><td style="background-color: rgba(0, 0, 0, 0.5); color: #fff">2</td></tr><tr><td>3</td><td>4</td></tr></tbody></table>
<div class="charts2"><figure class="chart"><svg role="img"><text>a</text></svg></figure><div><p>右</p></div></div>
</section></body></html>"#;

    #[test]
    fn sections_hold_what_the_page_holds() {
        let s = sections(PAGE);
        assert_eq!(s.len(), 2);
        assert!(s[0].cover);
        assert_eq!(s[0].title, "表題");
        assert_eq!(s[1].id, "kpi1");
        assert_eq!(s[1].title, "KPI 1: 研修");
        let Block::Keep(unit) = &s[1].blocks[0] else {
            panic!("{:?}", s[1].blocks[0])
        };
        assert_eq!(
            unit[..4],
            [
                Block::Text {
                    text: "ゴール: 人材 育成".into(),
                    kind: TextKind::Paragraph
                },
                Block::Heading {
                    text: "方法".into()
                },
                Block::Text {
                    text: "A\nB".into(),
                    kind: TextKind::Paragraph
                },
                Block::Text {
                    text: "注".into(),
                    kind: TextKind::Note
                },
            ]
        );
        assert_eq!(s[1].blocks[1], Block::Heading { text: "表".into() });
        let Block::Table(t) = &s[1].blocks[2] else {
            panic!()
        };
        assert_eq!((t.rows.len(), t.columns(), t.header_rows), (3, 3, 1));
        assert_eq!(t.rows[0][2], Slot::MergedLeft);
        assert_eq!(t.rows[2][0], Slot::MergedUp);
        let Slot::Cell(c) = &t.rows[1][2] else {
            panic!()
        };
        assert_eq!(c.fill.as_deref(), Some("808080"));
        let Slot::Cell(c) = &t.rows[2][2] else {
            panic!()
        };
        assert_eq!(c.text, "4");
        let Block::Grid { fractions, cells } = &s[1].blocks[3] else {
            panic!("{:?}", s[1].blocks[3])
        };
        assert_eq!(fractions, &[1.0, 1.0]);
        assert_eq!(cells.len(), 2);
        assert!(matches!(&cells[0][0], Block::Figure { svg } if svg.starts_with("<svg role")));
    }

    #[test]
    fn grid_columns_come_from_the_stylesheet() {
        let g = grid_classes(PAGE);
        assert_eq!(g["charts2"], [1.0, 1.0]);
        assert_eq!(g["wide"], [1.0, 2.0, 1.0, 2.0]);
        assert_eq!(g.len(), 2);
    }
}
