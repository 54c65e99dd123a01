//! The PresentationML of the package: a slide's shapes (text boxes,
//! native tables, chart frames, pictures with an SVG and its PNG) and the
//! fixed parts (presentation, master, layout, theme with the report's
//! font, BIZ UDPGothic, for Latin and East Asian text).

use super::layout::{Frame, Para, INSET, TABLE_PT};
use super::model::Slot;

pub(crate) const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
pub(crate) const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
pub(crate) const FONT: &str = "BIZ UDPGothic";

/// Text as XML character data or an attribute value: markup characters
/// escaped, characters XML cannot hold dropped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// mm → EMU.
pub(crate) fn emu(mm: f64) -> i64 {
    (mm * 36_000.0).round() as i64
}

fn xfrm(tag: &str, f: &Frame) -> String {
    format!(
        "<{tag}><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></{tag}>",
        emu(f.x),
        emu(f.y),
        emu(f.w).max(1),
        emu(f.h).max(1)
    )
}

fn run_props(size: f64, bold: bool, color: Option<&str>) -> String {
    let b = if bold { " b=\"1\"" } else { "" };
    let fill = color.map_or(String::new(), |c| {
        format!("<a:solidFill><a:srgbClr val=\"{c}\"/></a:solidFill>")
    });
    format!(
        "<a:rPr lang=\"ja-JP\" altLang=\"en-US\" sz=\"{}\"{b} dirty=\"0\">{fill}<a:latin typeface=\"{FONT}\"/><a:ea typeface=\"{FONT}\"/></a:rPr>",
        (size * 100.0).round() as i64
    )
}

/// A paragraph: its lines (`\n`) joined by line breaks.
fn paragraph(p: &Para, align: Option<&str>, spaced: bool) -> String {
    let algn = if p.center { Some("ctr") } else { align };
    let algn = algn.map_or(String::new(), |a| format!(" algn=\"{a}\""));
    // Text boxes space their paragraphs (layout::PARA_SPACE); table cells
    // do not.
    let space = if spaced {
        "<a:spcBef><a:spcPts val=\"300\"/></a:spcBef>"
    } else {
        ""
    };
    let props = if p.bullet {
        format!(
            "<a:pPr marL=\"{}\" indent=\"-{}\"{algn}>{space}<a:buFont typeface=\"{FONT}\"/><a:buChar char=\"・\"/></a:pPr>",
            emu(4.0),
            emu(4.0),
        )
    } else {
        format!("<a:pPr{algn}>{space}<a:buNone/></a:pPr>")
    };
    let rpr = run_props(p.size, p.bold, p.color);
    let mut runs = String::new();
    for (k, line) in p.text.split('\n').enumerate() {
        if k > 0 {
            runs.push_str(&format!("<a:br>{rpr}</a:br>"));
        }
        runs.push_str(&format!("<a:r>{rpr}<a:t>{}</a:t></a:r>", escape(line)));
    }
    let end = format!(
        "<a:endParaRPr lang=\"ja-JP\" altLang=\"en-US\" sz=\"{}\" dirty=\"0\"/>",
        (p.size * 100.0).round() as i64
    );
    format!("<a:p>{props}{runs}{end}</a:p>")
}

fn body_props(anchor: &str) -> String {
    let i = emu(INSET);
    format!("<a:bodyPr wrap=\"square\" lIns=\"{i}\" tIns=\"{i}\" rIns=\"{i}\" bIns=\"{i}\" rtlCol=\"0\" anchor=\"{anchor}\"><a:noAutofit/></a:bodyPr>")
}

/// A text box.
pub(crate) fn text_box(id: usize, name: &str, frame: &Frame, paras: &[Para]) -> String {
    let body: String = paras.iter().map(|p| paragraph(p, None, true)).collect();
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody>{}<a:lstStyle/>{body}</p:txBody></p:sp>",
        escape(name),
        xfrm("a:xfrm", frame),
        body_props("t")
    )
}

fn border(tag: &str) -> String {
    format!("<{tag} w=\"6350\"><a:solidFill><a:srgbClr val=\"A6A6A6\"/></a:solidFill></{tag}>")
}

/// A native table.
pub(crate) fn table(
    id: usize,
    frame: &Frame,
    widths: &[f64],
    heights: &[f64],
    rows: &[Vec<Slot>],
    header_rows: usize,
) -> String {
    let grid: String = widths
        .iter()
        .map(|w| format!("<a:gridCol w=\"{}\"/>", emu(*w)))
        .collect();
    let m = emu(INSET);
    let mut body = String::new();
    for (r, (row, h)) in rows.iter().zip(heights).enumerate() {
        body.push_str(&format!("<a:tr h=\"{}\">", emu(*h)));
        for slot in row {
            let (attrs, para, fill) = match slot {
                Slot::MergedLeft => (" hMerge=\"1\"".to_string(), None, None),
                Slot::MergedUp => (" vMerge=\"1\"".to_string(), None, None),
                Slot::Cell(cell) => {
                    let mut attrs = String::new();
                    if cell.col_span > 1 {
                        attrs.push_str(&format!(" gridSpan=\"{}\"", cell.col_span));
                    }
                    if cell.row_span > 1 {
                        attrs.push_str(&format!(" rowSpan=\"{}\"", cell.row_span));
                    }
                    let head = r < header_rows;
                    let fill = cell.fill.clone().or_else(|| {
                        if head {
                            Some("DCE6F2".to_string())
                        } else if cell.header {
                            Some("F2F2F2".to_string())
                        } else {
                            None
                        }
                    });
                    // Dark shading takes white text, as on the page.
                    let dark = cell.fill.as_deref().is_some_and(|f| {
                        let v = u32::from_str_radix(f, 16).unwrap_or(0xFFFFFF);
                        let (r, g, b) = ((v >> 16) & 255, (v >> 8) & 255, v & 255);
                        r * 299 + g * 587 + b * 114 < 128_000
                    });
                    let p = Para {
                        text: cell.text.clone(),
                        size: TABLE_PT,
                        bold: cell.header || head,
                        bullet: false,
                        center: false,
                        color: Some(if dark { "FFFFFF" } else { "222222" }),
                    };
                    let align = if cell.number && !head {
                        Some("r")
                    } else {
                        None
                    };
                    (attrs, Some(paragraph(&p, align, false)), fill)
                }
            };
            let para = para.unwrap_or_else(|| {
                format!(
                    "<a:p><a:endParaRPr lang=\"ja-JP\" sz=\"{}\" dirty=\"0\"/></a:p>",
                    (TABLE_PT * 100.0) as i64
                )
            });
            let fill = fill.map_or("<a:noFill/>".to_string(), |f| {
                format!("<a:solidFill><a:srgbClr val=\"{f}\"/></a:solidFill>")
            });
            body.push_str(&format!(
                "<a:tc{attrs}><a:txBody><a:bodyPr/><a:lstStyle/>{para}</a:txBody><a:tcPr marL=\"{m}\" marR=\"{m}\" marT=\"{m}\" marB=\"{m}\" anchor=\"ctr\">{}{}{}{}{fill}</a:tcPr></a:tc>",
                border("a:lnL"),
                border("a:lnR"),
                border("a:lnT"),
                border("a:lnB")
            ));
        }
        body.push_str("</a:tr>");
    }
    format!(
        "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"{id}\" name=\"Table {id}\"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp=\"1\"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>{}<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\"><a:tbl><a:tblPr firstRow=\"{}\" bandRow=\"0\"/><a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>",
        xfrm("p:xfrm", frame),
        u8::from(header_rows > 0)
    )
}

/// A native chart's frame, its chart part at relationship `rel`.
pub(crate) fn chart_frame(id: usize, frame: &Frame, rel: &str, title: &str) -> String {
    format!(
        "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"{id}\" name=\"Chart {id}\" descr=\"{}\"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>{}<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" r:id=\"{rel}\"/></a:graphicData></a:graphic></p:graphicFrame>",
        escape(title),
        xfrm("p:xfrm", frame)
    )
}

/// A picture: the PNG, with the SVG for the programs that draw it.
pub(crate) fn picture(id: usize, frame: &Frame, png: &str, svg: &str, title: &str) -> String {
    format!(
        "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"Picture {id}\" descr=\"{}\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"{png}\"><a:extLst><a:ext uri=\"{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}\"><asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" r:embed=\"{svg}\"/></a:ext></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
        escape(title),
        xfrm("a:xfrm", frame)
    )
}

const GROUP: &str = "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>";

/// A slide of `shapes` (already written).
pub(crate) fn slide(shapes: &str) -> String {
    format!("{HEAD}<p:sld {NS}><p:cSld><p:spTree>{GROUP}{shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>")
}

pub(crate) fn master() -> String {
    let style = |size: &str| {
        format!("<a:lvl1pPr><a:defRPr{size}><a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/></a:defRPr></a:lvl1pPr>")
    };
    format!(
        "{HEAD}<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg><p:spTree>{GROUP}</p:spTree></p:cSld><p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/><p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst><p:txStyles><p:titleStyle>{}</p:titleStyle><p:bodyStyle>{}</p:bodyStyle><p:otherStyle>{}</p:otherStyle></p:txStyles></p:sldMaster>",
        style(" sz=\"2000\""),
        style(" sz=\"1050\""),
        style("")
    )
}

pub(crate) fn layout() -> String {
    format!("{HEAD}<p:sldLayout {NS} type=\"blank\" preserve=\"1\"><p:cSld name=\"Blank\"><p:spTree>{GROUP}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>")
}

pub(crate) fn theme() -> String {
    let fonts =
        format!("<a:latin typeface=\"{FONT}\"/><a:ea typeface=\"{FONT}\"/><a:cs typeface=\"\"/>");
    let solid = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = |w: u32| {
        format!("<a:ln w=\"{w}\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>")
    };
    format!(
        "{HEAD}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"mdkpi\"><a:themeElements><a:clrScheme name=\"mdkpi\"><a:dk1><a:srgbClr val=\"222222\"/></a:dk1><a:lt1><a:srgbClr val=\"FFFFFF\"/></a:lt1><a:dk2><a:srgbClr val=\"1F4E8C\"/></a:dk2><a:lt2><a:srgbClr val=\"EEF3F9\"/></a:lt2><a:accent1><a:srgbClr val=\"1A3F66\"/></a:accent1><a:accent2><a:srgbClr val=\"F0A81A\"/></a:accent2><a:accent3><a:srgbClr val=\"35A088\"/></a:accent3><a:accent4><a:srgbClr val=\"EBD58F\"/></a:accent4><a:accent5><a:srgbClr val=\"BC4452\"/></a:accent5><a:accent6><a:srgbClr val=\"7FA7D3\"/></a:accent6><a:hlink><a:srgbClr val=\"1F4E8C\"/></a:hlink><a:folHlink><a:srgbClr val=\"5E3C99\"/></a:folHlink></a:clrScheme><a:fontScheme name=\"BIZ UDPGothic\"><a:majorFont>{fonts}</a:majorFont><a:minorFont>{fonts}</a:minorFont></a:fontScheme><a:fmtScheme name=\"mdkpi\"><a:fillStyleLst>{solid}{solid}{solid}</a:fillStyleLst><a:lnStyleLst>{}{}{}</a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst>{solid}{solid}{solid}</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>",
        line(6350),
        line(12700),
        line(19050)
    )
}

/// The shape's alt text: a chart's or drawing's `aria-label`.
pub(crate) fn svg_label(svg: &str) -> String {
    let root = &svg[..svg.find('>').unwrap_or(svg.len())];
    root.find("aria-label=\"")
        .map(|at| {
            let v = &root[at + 12..];
            super::html::decode(&v[..v.find('"').unwrap_or(v.len())])
        })
        .unwrap_or_default()
}
