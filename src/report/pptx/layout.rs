//! The slide model laid out on A4-landscape slides: each page section on
//! one slide or, where it does not fit, on as few as it needs (a kept
//! group moves whole to the next slide, a long table continues with its
//! header, a heading stays with what follows). Sizes in mm, text measured
//! with BIZ UDPGothic's proportions (full-width 1 em, others about 0.55 em).

use super::model::{Block, Section, Slot, Table, TextKind};

/// A4 landscape, in mm.
pub(crate) const SLIDE_W: f64 = 297.0;
pub(crate) const SLIDE_H: f64 = 210.0;
const LEFT: f64 = 12.0;
const BODY_W: f64 = SLIDE_W - 2.0 * LEFT;
const TITLE_TOP: f64 = 8.0;
const TITLE_H: f64 = 14.0;
const BODY_TOP: f64 = 25.0;
const BODY_BOTTOM: f64 = 198.0;
const BODY_H: f64 = BODY_BOTTOM - BODY_TOP;
const GAP: f64 = 2.5;
const GRID_GAP: f64 = 4.0;
/// The narrowest column a grid keeps (mm); narrower ones are stacked.
const MIN_COLUMN: f64 = 55.0;
/// mm per point.
const PT: f64 = 25.4 / 72.0;
/// A full-width chart (960 SVG units) spans the body's width.
const MM_PER_SVG_UNIT: f64 = BODY_W / 960.0;

pub(crate) const TITLE_PT: f64 = 20.0;
pub(crate) const HEADING_PT: f64 = 11.5;
pub(crate) const TEXT_PT: f64 = 10.0;
pub(crate) const NOTE_PT: f64 = 8.5;
pub(crate) const TABLE_PT: f64 = 8.5;
/// Line height as a multiple of the font size.
const LINE: f64 = 1.25;
/// Inner margin of a text box or a table cell, each side.
pub(crate) const INSET: f64 = 0.8;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Para {
    pub text: String,
    pub size: f64,
    pub bold: bool,
    pub bullet: bool,
    pub center: bool,
    /// `RRGGBB`, or the text colour.
    pub color: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    Text {
        frame: Frame,
        paras: Vec<Para>,
    },
    Table {
        frame: Frame,
        widths: Vec<f64>,
        heights: Vec<f64>,
        rows: Vec<Vec<Slot>>,
        header_rows: usize,
    },
    /// An inline SVG: a native chart where it is a collected chart, a
    /// picture otherwise.
    Figure {
        frame: Frame,
        svg: String,
    },
}

impl Shape {
    fn moved(mut self, dx: f64, dy: f64) -> Self {
        let frame = match &mut self {
            Shape::Text { frame, .. }
            | Shape::Table { frame, .. }
            | Shape::Figure { frame, .. } => frame,
        };
        frame.x += dx;
        frame.y += dy;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Slide {
    /// The title box's text (empty on the cover).
    pub title: String,
    pub shapes: Vec<Shape>,
    /// The section's id (`kpi6`), for tests and notes.
    pub section: String,
}

/// Shapes laid out from (0, 0), and their height.
#[derive(Debug, Clone, Default)]
struct Placed {
    shapes: Vec<Shape>,
    h: f64,
}

/// The width of `text` in em, with a margin for the renderer's own
/// spacing: full-width characters 1, others 0.6.
fn ems(text: &str) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match unicode_width::UnicodeWidthChar::width(c) {
            Some(2) => 1.0,
            Some(0) | None => 0.0,
            _ => 0.6,
        })
        .sum();
    ems * 1.06
}

/// Lines `text` takes at `size` pt in a box `width` mm wide.
fn lines(text: &str, size: f64, width: f64) -> f64 {
    let room = (width - 2.0 * INSET - 1.5).max(size * PT);
    text.split('\n')
        .map(|l| (ems(l) * size * PT / room).ceil().max(1.0))
        .sum()
}

fn text_height(text: &str, size: f64, width: f64) -> f64 {
    lines(text, size, width) * size * PT * LINE + 2.0 * INSET + 0.6
}

fn para(text: &str, kind: TextKind) -> Para {
    Para {
        text: text.to_string(),
        size: match kind {
            TextKind::Note => NOTE_PT,
            _ => TEXT_PT,
        },
        bold: false,
        bullet: kind == TextKind::Bullet,
        center: false,
        color: (kind == TextKind::Note).then_some("444444"),
    }
}

fn text_box(p: Para, w: f64) -> Placed {
    let indent = if p.bullet { 4.0 } else { 0.0 };
    let h = text_height(&p.text, p.size, w - indent);
    Placed {
        shapes: vec![Shape::Text {
            frame: Frame {
                x: 0.0,
                y: 0.0,
                w,
                h,
            },
            paras: vec![p],
        }],
        h,
    }
}

/// Space before each paragraph of a text box, in mm (3 pt, as written).
pub(crate) const PARA_SPACE: f64 = 3.0 * PT;

/// Paragraphs in one text box.
fn paragraphs(list: &[(String, TextKind)], w: f64) -> Placed {
    let paras: Vec<Para> = list.iter().map(|(t, k)| para(t, *k)).collect();
    let h = paras
        .iter()
        .map(|p| {
            let indent = if p.bullet { 4.0 } else { 0.0 };
            lines(&p.text, p.size, w - indent) * p.size * PT * LINE + PARA_SPACE
        })
        .sum::<f64>()
        + 2.0 * INSET
        + 0.6;
    Placed {
        shapes: vec![Shape::Text {
            frame: Frame {
                x: 0.0,
                y: 0.0,
                w,
                h,
            },
            paras,
        }],
        h,
    }
}

/// Consecutive text blocks as one block of paragraphs (one text box, no
/// gaps between boxes), inside kept groups and grid cells too.
fn merged(blocks: &[Block]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for block in blocks {
        match (out.last_mut(), block) {
            (Some(Block::Paragraphs(list)), Block::Text { text, kind }) => {
                list.push((text.clone(), *kind));
            }
            (_, Block::Text { text, kind }) => {
                out.push(Block::Paragraphs(vec![(text.clone(), *kind)]));
            }
            (_, Block::Keep(inner)) => out.push(Block::Keep(merged(inner))),
            (_, Block::Grid { fractions, cells }) => out.push(Block::Grid {
                fractions: fractions.clone(),
                cells: cells.iter().map(|c| merged(c)).collect(),
            }),
            _ => out.push(block.clone()),
        }
    }
    out
}

/// The size an SVG asks for at `w` mm of room: its viewBox at the
/// report's scale, no wider than the room.
fn figure_size(svg: &str, w: f64) -> (f64, f64) {
    let (vw, vh) = view_box(svg).unwrap_or((960.0, 400.0));
    let width = (vw * MM_PER_SVG_UNIT).min(w);
    (width, width * vh / vw)
}

pub(crate) fn view_box(svg: &str) -> Option<(f64, f64)> {
    let end = svg.find('>')?;
    let root = &svg[..end];
    let at = root.find("viewBox=\"")? + 9;
    let value = &root[at..];
    let value = &value[..value.find('"')?];
    let parts: Vec<f64> = value
        .split([' ', ','])
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    match parts[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite() => Some((w, h)),
        _ => None,
    }
}

/// Column widths: each column its text's width, the room shared fairly
/// when they do not fit (narrow columns keep their width, wide ones wrap).
fn column_widths(table: &Table, room: f64) -> Vec<f64> {
    let n = table.columns();
    let mut natural = vec![8.0_f64; n];
    for row in &table.rows {
        for (c, slot) in row.iter().enumerate() {
            if let Slot::Cell(cell) = slot {
                if cell.col_span == 1 {
                    let widest = cell.text.split('\n').map(ems).fold(0.0, f64::max);
                    let bold = if cell.header { 1.05 } else { 1.0 };
                    natural[c] = natural[c].max(widest * bold * TABLE_PT * PT + 2.0 * INSET + 2.5);
                }
            }
        }
    }
    if natural.iter().sum::<f64>() <= room {
        return natural;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| natural[*a].total_cmp(&natural[*b]));
    let mut widths = vec![0.0; n];
    let mut left = room;
    for (k, &c) in order.iter().enumerate() {
        let share = left / (n - k) as f64;
        widths[c] = natural[c].min(share);
        left -= widths[c];
    }
    widths
}

fn row_heights(table: &Table, widths: &[f64]) -> Vec<f64> {
    table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .filter_map(|(c, slot)| match slot {
                    Slot::Cell(cell) if cell.row_span == 1 => {
                        let w: f64 = widths[c..(c + cell.col_span).min(widths.len())]
                            .iter()
                            .sum();
                        Some(text_height(&cell.text, TABLE_PT, w))
                    }
                    _ => None,
                })
                .fold(TABLE_PT * PT * LINE + 2.0 * INSET + 0.6, f64::max)
                // Renderers add a little to each row.
                + 0.4
        })
        .collect()
}

fn table_shape(table: &Table, rows: &[usize], widths: &[f64], heights: &[f64]) -> Placed {
    let h: f64 = rows.iter().map(|r| heights[*r]).sum();
    let w: f64 = widths.iter().sum();
    Placed {
        shapes: vec![Shape::Table {
            frame: Frame {
                x: 0.0,
                y: 0.0,
                w,
                h,
            },
            widths: widths.to_vec(),
            heights: rows.iter().map(|r| heights[*r]).collect(),
            rows: rows.iter().map(|r| table.rows[*r].clone()).collect(),
            header_rows: rows.iter().take_while(|r| **r < table.header_rows).count(),
        }],
        h,
    }
}

/// `block` laid out `w` mm wide, whole.
fn lay(block: &Block, w: f64) -> Placed {
    match block {
        Block::Heading { text } => text_box(
            Para {
                text: text.clone(),
                size: HEADING_PT,
                bold: true,
                bullet: false,
                center: false,
                color: Some("1F4E8C"),
            },
            w,
        ),
        Block::Text { text, kind } => text_box(para(text, *kind), w),
        Block::Paragraphs(list) => paragraphs(list, w),
        Block::Table(table) => {
            let widths = column_widths(table, w);
            let heights = row_heights(table, &widths);
            let all: Vec<usize> = (0..table.rows.len()).collect();
            table_shape(table, &all, &widths, &heights)
        }
        Block::Figure { svg } => {
            let (fw, fh) = figure_size(svg, w);
            Placed {
                shapes: vec![Shape::Figure {
                    frame: Frame {
                        x: 0.0,
                        y: 0.0,
                        w: fw,
                        h: fh,
                    },
                    svg: svg.clone(),
                }],
                h: fh,
            }
        }
        Block::Grid { fractions, cells } => {
            let mut out = Placed::default();
            for row in grid_rows(fractions, cells, w) {
                out = stack(out, row);
            }
            out
        }
        Block::Keep(blocks) => blocks
            .iter()
            .fold(Placed::default(), |acc, b| stack(acc, lay(b, w))),
    }
}

/// The rows of a grid, each laid out whole.
fn grid_rows(fractions: &[f64], cells: &[Vec<Block>], w: f64) -> Vec<Placed> {
    // Columns too narrow for a chart (a grid inside a narrow column) are
    // stacked instead.
    let total: f64 = fractions.iter().sum::<f64>().max(f64::EPSILON);
    let narrowest = fractions.iter().copied().fold(f64::INFINITY, f64::min);
    let fractions = if fractions.len() > 1 && w * narrowest / total < MIN_COLUMN {
        &[1.0][..]
    } else {
        fractions
    };
    let n = fractions.len().max(1);
    let total: f64 = fractions.iter().sum::<f64>().max(f64::EPSILON);
    let inner = w - GRID_GAP * (n as f64 - 1.0);
    let widths: Vec<f64> = fractions.iter().map(|f| inner * f / total).collect();
    cells
        .chunks(n)
        .map(|row| {
            let mut placed = Placed::default();
            let mut x = 0.0;
            for (cell, cw) in row.iter().zip(&widths) {
                let column = cell
                    .iter()
                    .fold(Placed::default(), |acc, b| stack(acc, lay(b, *cw)));
                placed.h = placed.h.max(column.h);
                placed
                    .shapes
                    .extend(column.shapes.into_iter().map(|s| s.moved(x, 0.0)));
                x += cw + GRID_GAP;
            }
            placed
        })
        .collect()
}

/// `below` under `above`, a gap between.
fn stack(mut above: Placed, below: Placed) -> Placed {
    if below.shapes.is_empty() {
        return above;
    }
    let top = if above.shapes.is_empty() {
        0.0
    } else {
        above.h + GAP
    };
    above
        .shapes
        .extend(below.shapes.into_iter().map(|s| s.moved(0.0, top)));
    above.h = top + below.h;
    above
}

/// Lays out slides one section at a time.
struct Pager {
    slides: Vec<Slide>,
    title: String,
    section: String,
    y: f64,
}

impl Pager {
    fn room(&self) -> f64 {
        BODY_BOTTOM - self.y
    }

    fn empty(&self) -> bool {
        self.slides.last().is_none_or(|s| s.shapes.is_empty())
    }

    fn new_slide(&mut self) {
        let continued = self
            .slides
            .last()
            .is_some_and(|s| s.section == self.section);
        let title = if continued && !self.title.is_empty() {
            format!("{}(続き)", self.title)
        } else {
            self.title.clone()
        };
        self.slides.push(Slide {
            title,
            shapes: Vec::new(),
            section: self.section.clone(),
        });
        self.y = BODY_TOP;
    }

    /// A new slide unless this one is empty.
    fn break_page(&mut self) {
        if !self.empty() {
            self.new_slide();
        }
    }

    fn put(&mut self, placed: Placed) {
        if placed.shapes.is_empty() {
            return;
        }
        if !self.empty() {
            self.y += GAP;
        }
        let y = self.y;
        if let Some(slide) = self.slides.last_mut() {
            slide
                .shapes
                .extend(placed.shapes.into_iter().map(|s| s.moved(LEFT, y)));
        }
        self.y += placed.h;
    }

    /// A block where it fits: here, else on the next slide, else split.
    fn block(&mut self, block: &Block, next: Option<&Block>) {
        let placed = lay(block, BODY_W);
        let gap = if self.empty() { 0.0 } else { GAP };
        // A heading keeps company: room for itself and a start of what
        // follows.
        let company = match (block, next) {
            (Block::Heading { .. }, Some(n)) => lay(n, BODY_W).h.min(25.0) + GAP,
            _ => 0.0,
        };
        if placed.h + gap + company <= self.room() {
            return self.put(placed);
        }
        if placed.h + company <= BODY_H && !self.empty() {
            self.new_slide();
            return self.put(placed);
        }
        match block {
            Block::Keep(blocks) => {
                for (k, b) in blocks.iter().enumerate() {
                    self.block(b, blocks.get(k + 1).or(next));
                }
            }
            Block::Grid { fractions, cells } => {
                for row in grid_rows(fractions, cells, BODY_W) {
                    if row.h + GAP > self.room() {
                        self.break_page();
                    }
                    self.put(row);
                }
            }
            Block::Table(table) => self.table(table),
            Block::Paragraphs(list) => {
                // As many paragraphs as fit here, the rest on the next slide.
                let mut start = 0;
                while start < list.len() {
                    let gap = if self.empty() { 0.0 } else { GAP };
                    let mut end = start + 1;
                    while end < list.len()
                        && paragraphs(&list[start..=end], BODY_W).h + gap <= self.room()
                    {
                        end += 1;
                    }
                    let part = paragraphs(&list[start..end], BODY_W);
                    if part.h + gap > self.room() && !self.empty() {
                        self.new_slide();
                        continue;
                    }
                    self.put(part);
                    start = end;
                    if start < list.len() {
                        self.new_slide();
                    }
                }
            }
            Block::Figure { svg } => {
                // Taller than a slide: scaled to the body's height.
                self.break_page();
                let (fw, fh) = figure_size(svg, BODY_W);
                let scale = (BODY_H / fh).min(1.0);
                self.put(Placed {
                    shapes: vec![Shape::Figure {
                        frame: Frame {
                            x: 0.0,
                            y: 0.0,
                            w: fw * scale,
                            h: fh * scale,
                        },
                        svg: svg.clone(),
                    }],
                    h: fh * scale,
                });
            }
            _ => {
                self.break_page();
                self.put(placed);
            }
        }
    }

    /// A table over as many slides as it needs, its header on each.
    fn table(&mut self, table: &Table) {
        let widths = column_widths(table, BODY_W);
        let heights = row_heights(table, &widths);
        let header: Vec<usize> = (0..table.header_rows).collect();
        let header_h: f64 = header.iter().map(|r| heights[*r]).sum();
        let mut rows = header.clone();
        let mut h = header_h;
        let mut body = 0;
        for r in table.header_rows..table.rows.len() {
            let gap = if self.empty() { 0.0 } else { GAP };
            if h + heights[r] + gap > self.room() && (body > 0 || !self.empty()) {
                if body > 0 {
                    self.put(table_shape(table, &rows, &widths, &heights));
                }
                self.break_page();
                rows = header.clone();
                h = header_h;
                body = 0;
            }
            rows.push(r);
            h += heights[r];
            body += 1;
        }
        if body > 0 || table.rows.len() == table.header_rows {
            self.put(table_shape(table, &rows, &widths, &heights));
        }
    }
}

/// The slides of `sections`, in order.
pub(crate) fn slides(sections: &[Section]) -> Vec<Slide> {
    let mut pager = Pager {
        slides: Vec::new(),
        title: String::new(),
        section: String::new(),
        y: BODY_TOP,
    };
    for section in sections {
        pager.title = if section.cover {
            String::new()
        } else {
            section.title.clone()
        };
        pager.section = section.id.clone();
        pager.new_slide();
        if section.cover {
            cover(&mut pager, section);
            continue;
        }
        let blocks = merged(&section.blocks);
        for (k, block) in blocks.iter().enumerate() {
            pager.block(block, blocks.get(k + 1));
        }
    }
    pager.slides
}

/// The cover: the title large and centred, the rest centred under it.
fn cover(pager: &mut Pager, section: &Section) {
    let mut paras = vec![Para {
        text: section.title.clone(),
        size: 28.0,
        bold: true,
        bullet: false,
        center: true,
        color: Some("1F4E8C"),
    }];
    let mut texts = Vec::new();
    collect_text(&section.blocks, &mut texts);
    paras.extend(texts.into_iter().map(|t| Para {
        text: t,
        size: 16.0,
        bold: false,
        bullet: false,
        center: true,
        color: None,
    }));
    let h: f64 = paras
        .iter()
        .map(|p| text_height(&p.text, p.size, BODY_W) + 3.0)
        .sum();
    let y = ((SLIDE_H - h) / 2.0).max(BODY_TOP);
    if let Some(slide) = pager.slides.last_mut() {
        slide.shapes.push(Shape::Text {
            frame: Frame {
                x: LEFT,
                y,
                w: BODY_W,
                h,
            },
            paras,
        });
    }
}

fn collect_text(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Heading { text } | Block::Text { text, .. } => out.push(text.clone()),
            Block::Paragraphs(list) => out.extend(list.iter().map(|(t, _)| t.clone())),
            Block::Keep(inner) => collect_text(inner, out),
            Block::Grid { cells, .. } => cells.iter().for_each(|c| collect_text(c, out)),
            Block::Table(_) | Block::Figure { .. } => {}
        }
    }
}

/// The title's size: 20 pt where it fits on one line, else smaller, down
/// to 14 pt (two lines of which fit the title box).
pub(crate) fn title_size(title: &str) -> f64 {
    let room = BODY_W - 2.0 * INSET - 2.0;
    let fits = room / (ems(title) * PT).max(f64::EPSILON);
    (fits.floor()).clamp(14.0, TITLE_PT)
}

/// The title box of a slide.
pub(crate) fn title_frame() -> Frame {
    Frame {
        x: LEFT,
        y: TITLE_TOP,
        w: BODY_W,
        h: TITLE_H,
    }
}

/// The slide number's box, bottom right.
pub(crate) fn number_frame() -> Frame {
    Frame {
        x: SLIDE_W - LEFT - 30.0,
        y: SLIDE_H - 10.0,
        w: 30.0,
        h: 6.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::pptx::model::Cell;

    fn cell(text: &str) -> Slot {
        Slot::Cell(Cell {
            text: text.into(),
            header: false,
            number: false,
            col_span: 1,
            row_span: 1,
            fill: None,
        })
    }

    #[test]
    fn a_long_table_continues_with_its_header() {
        let rows: Vec<Vec<Slot>> = (0..80)
            .map(|i| vec![cell(&format!("行{i}")), cell("1")])
            .collect();
        let section = Section {
            id: "appendix".into(),
            cover: false,
            title: "付録".into(),
            blocks: vec![
                Block::Heading {
                    text: "一覧".into(),
                },
                Block::Table(Table {
                    rows,
                    header_rows: 1,
                }),
            ],
        };
        let slides = slides(&[section]);
        assert!(slides.len() >= 2, "{}", slides.len());
        assert_eq!(slides[0].title, "付録");
        assert_eq!(slides[1].title, "付録(続き)");
        let mut body_rows = 0;
        for s in &slides {
            for shape in &s.shapes {
                if let Shape::Table {
                    rows,
                    header_rows,
                    frame,
                    ..
                } = shape
                {
                    assert_eq!(*header_rows, 1);
                    assert_eq!(rows[0][0], cell("行0"));
                    assert!(frame.y + frame.h <= BODY_BOTTOM + 0.01);
                    body_rows += rows.len() - 1;
                }
            }
        }
        assert_eq!(body_rows, 79);
    }

    #[test]
    fn a_kept_group_moves_whole() {
        let para = |t: &str| Block::Text {
            text: t.repeat(700),
            kind: TextKind::Paragraph,
        };
        let section = Section {
            id: "kpi1".into(),
            cover: false,
            title: "KPI 1".into(),
            blocks: vec![
                Block::Keep(vec![para("あ"), para("い")]),
                Block::Keep(vec![para("う"), para("え"), para("お")]),
            ],
        };
        let slides = slides(&[section]);
        assert_eq!(slides.len(), 2);
        // Each group's paragraphs are one text box.
        let paras = |s: &Slide| match &s.shapes[..] {
            [Shape::Text { paras, .. }] => paras.len(),
            other => panic!("{other:?}"),
        };
        assert_eq!((paras(&slides[0]), paras(&slides[1])), (2, 3));
    }

    #[test]
    fn a_long_title_is_set_smaller() {
        assert_eq!(title_size("KPI 1: 研修"), TITLE_PT);
        let long = "KPI 8: デバイスラグの状況、新医療機器の承認状況、SaMD 総合相談の活用状況、IDATEN の活用状況についてフォローアップ(続き)";
        let size = title_size(long);
        assert!((14.0..TITLE_PT).contains(&size), "{size}");
        assert!(lines(long, size, BODY_W) <= 2.0);
    }

    #[test]
    fn sizes_of_a_figure() {
        let svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 480 200\" role=\"img\"></svg>";
        assert_eq!(view_box(svg), Some((480.0, 200.0)));
        let (w, h) = figure_size(svg, BODY_W);
        assert!((w - BODY_W / 2.0).abs() < 1e-9 && (h - w * 200.0 / 480.0).abs() < 1e-9);
        assert_eq!(view_box("<svg viewBox=\"0 0 0 5\">"), None);
    }
}
