//! `report --pptx` (SPEC §21): the printed deck as an editable PowerPoint
//! file, `report.pptx`, written directly as an OOXML package (zip and
//! XML; see docs/decisions.md for why no pptx crate).
//!
//! One slide model serves both renderers: the page sections of the HTML of
//! the same render ([`model`]: each `<section class="slide">`'s title,
//! text, tables, charts and what stays together) and the charts collected
//! as they were drawn (their data). [`layout`] puts each section on one
//! A4-landscape slide, or on as many as it needs where a page split
//! differs; titles and text become text boxes, tables native tables, a
//! collected chart a native chart with its data in an embedded workbook,
//! any other drawing a picture (its SVG, with a PNG for programs that do
//! not draw SVG). The theme's fonts are BIZ UDPGothic. The package is
//! byte-stable: parts in name order, fixed timestamps, no dates.

mod chart;
mod html;
mod layout;
mod model;
mod xml;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use crate::report::charts::collect::{Chart, Kind};

use layout::Shape;

/// The file `--pptx` writes into the report's folder.
pub const FILE: &str = "report.pptx";

/// Relationship types.
const REL_SLIDE_LAYOUT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout";
const REL_CHART: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
const REL_IMAGE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";

fn rels(list: &[(String, &str, String)]) -> String {
    let items: String = list
        .iter()
        .map(|(id, kind, target)| {
            format!(
                "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{}\"/>",
                xml::escape(target)
            )
        })
        .collect();
    format!("{}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{items}</Relationships>", xml::HEAD)
}

/// `report.pptx` of the report `html` with its collected `charts`; its
/// title (document properties) is the cover's.
pub fn build(html: &str, charts: &[Chart]) -> Result<Vec<u8>, String> {
    // A chart as the HTML holds it: the page's SVG ends at `</svg>`.
    // A drawing (no data) stays a picture.
    let by_svg: HashMap<&str, &Chart> = charts
        .iter()
        .filter(|c| c.kind != Kind::Diagram)
        .map(|c| (c.svg.trim_end(), c))
        .collect();
    let sections = model::sections(html);
    let title = sections
        .iter()
        .find(|s| s.cover)
        .map(|s| s.title.clone())
        .unwrap_or_default();
    let slides = layout::slides(&sections);
    let mut parts: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut overrides: Vec<(String, &str)> = Vec::new();
    let mut chart_count = 0;
    // A drawing shown more than once is one picture part.
    let mut pictures: HashMap<String, usize> = HashMap::new();
    let total = slides.len();

    for (s, slide) in slides.iter().enumerate() {
        let number = s + 1;
        let mut slide_rels = vec![(
            "rId1".to_string(),
            REL_SLIDE_LAYOUT,
            "../slideLayouts/slideLayout1.xml".to_string(),
        )];
        let mut shapes = String::new();
        let mut id = 2;
        if !slide.title.is_empty() {
            shapes.push_str(&xml::text_box(
                id,
                "Title",
                &layout::title_frame(),
                &[layout::Para {
                    text: slide.title.clone(),
                    size: layout::title_size(&slide.title),
                    bold: true,
                    bullet: false,
                    center: false,
                    color: Some("1F4E8C"),
                }],
            ));
            id += 1;
        }
        for shape in &slide.shapes {
            match shape {
                Shape::Text { frame, paras } => {
                    shapes.push_str(&xml::text_box(id, &format!("Text {id}"), frame, paras));
                }
                Shape::Table {
                    frame,
                    widths,
                    heights,
                    rows,
                    header_rows,
                } => shapes.push_str(&xml::table(id, frame, widths, heights, rows, *header_rows)),
                Shape::Figure { frame, svg } => {
                    let rel = format!("rId{}", slide_rels.len() + 1);
                    if let Some(chart) = by_svg.get(svg.trim_end()) {
                        chart_count += 1;
                        let n = chart_count;
                        parts.insert(
                            format!("ppt/charts/chart{n}.xml"),
                            chart::chart_xml(chart).into_bytes(),
                        );
                        parts.insert(
                            format!("ppt/charts/_rels/chart{n}.xml.rels"),
                            rels(&[(
                                "rId1".into(),
                                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package",
                                format!("../embeddings/Microsoft_Excel_Worksheet{n}.xlsx"),
                            )])
                            .into_bytes(),
                        );
                        parts.insert(
                            format!("ppt/embeddings/Microsoft_Excel_Worksheet{n}.xlsx"),
                            chart::workbook(chart)
                                .map_err(|e| format!("chart {}: workbook: {e}", chart.name))?,
                        );
                        overrides.push((
                            format!("/ppt/charts/chart{n}.xml"),
                            "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
                        ));
                        slide_rels.push((
                            rel.clone(),
                            REL_CHART,
                            format!("../charts/chart{n}.xml"),
                        ));
                        shapes.push_str(&xml::chart_frame(id, frame, &rel, &chart.title));
                    } else {
                        let next = pictures.len() + 1;
                        let n = *pictures.entry(svg.clone()).or_insert(next);
                        if n == next {
                            let png = crate::report::chart_files::png(svg)
                                .map_err(|e| format!("slide {number}: picture: {e}"))?;
                            parts.insert(format!("ppt/media/image{n}.png"), png);
                            parts.insert(
                                format!("ppt/media/image{n}.svg"),
                                svg.clone().into_bytes(),
                            );
                        }
                        let svg_rel = format!("rId{}", slide_rels.len() + 2);
                        slide_rels.push((rel.clone(), REL_IMAGE, format!("../media/image{n}.png")));
                        slide_rels.push((
                            svg_rel.clone(),
                            REL_IMAGE,
                            format!("../media/image{n}.svg"),
                        ));
                        shapes.push_str(&xml::picture(
                            id,
                            frame,
                            &rel,
                            &svg_rel,
                            &xml::svg_label(svg),
                        ));
                    }
                }
            }
            id += 1;
        }
        if !slide.title.is_empty() {
            shapes.push_str(&xml::text_box(
                id,
                "Slide Number",
                &layout::number_frame(),
                &[layout::Para {
                    text: format!("{number} / {total}"),
                    size: 8.0,
                    bold: false,
                    bullet: false,
                    center: false,
                    color: Some("555555"),
                }],
            ));
        }
        parts.insert(
            format!("ppt/slides/slide{number}.xml"),
            xml::slide(&shapes).into_bytes(),
        );
        parts.insert(
            format!("ppt/slides/_rels/slide{number}.xml.rels"),
            rels(&slide_rels).into_bytes(),
        );
        overrides.push((
            format!("/ppt/slides/slide{number}.xml"),
            "application/vnd.openxmlformats-officedocument.presentationml.slide+xml",
        ));
    }

    // The presentation and its fixed parts.
    let slide_ids: String = (1..=total)
        .map(|n| format!("<p:sldId id=\"{}\" r:id=\"rId{}\"/>", 255 + n, n + 2))
        .collect();
    parts.insert(
        "ppt/presentation.xml".into(),
        format!(
            "{}<p:presentation {} saveSubsetFonts=\"1\"><p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst><p:sldIdLst>{slide_ids}</p:sldIdLst><p:sldSz cx=\"{}\" cy=\"{}\"/><p:notesSz cx=\"{}\" cy=\"{}\"/></p:presentation>",
            xml::HEAD,
            xml::NS,
            xml::emu(layout::SLIDE_W),
            xml::emu(layout::SLIDE_H),
            xml::emu(layout::SLIDE_H),
            xml::emu(layout::SLIDE_W),
        )
        .into_bytes(),
    );
    let mut presentation_rels = vec![
        (
            "rId1".to_string(),
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideMaster",
            "slideMasters/slideMaster1.xml".to_string(),
        ),
        (
            "rId2".to_string(),
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme",
            "theme/theme1.xml".to_string(),
        ),
    ];
    for n in 1..=total {
        presentation_rels.push((
            format!("rId{}", n + 2),
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide",
            format!("slides/slide{n}.xml"),
        ));
    }
    for (k, (kind, target)) in [
        ("presProps", "presProps.xml"),
        ("viewProps", "viewProps.xml"),
        ("tableStyles", "tableStyles.xml"),
    ]
    .into_iter()
    .enumerate()
    {
        presentation_rels.push((
            format!("rId{}", total + 3 + k),
            match kind {
                "presProps" => "http://schemas.openxmlformats.org/officeDocument/2006/relationships/presProps",
                "viewProps" => "http://schemas.openxmlformats.org/officeDocument/2006/relationships/viewProps",
                _ => "http://schemas.openxmlformats.org/officeDocument/2006/relationships/tableStyles",
            },
            target.to_string(),
        ));
    }
    parts.insert(
        "ppt/_rels/presentation.xml.rels".into(),
        rels(&presentation_rels).into_bytes(),
    );
    let p = xml::NS;
    let head = xml::HEAD;
    parts.insert(
        "ppt/presProps.xml".into(),
        format!("{head}<p:presentationPr {p}/>").into_bytes(),
    );
    parts.insert(
        "ppt/viewProps.xml".into(),
        format!("{head}<p:viewPr {p}><p:normalViewPr/><p:gridSpacing cx=\"72008\" cy=\"72008\"/></p:viewPr>").into_bytes(),
    );
    parts.insert(
        "ppt/tableStyles.xml".into(),
        format!("{head}<a:tblStyleLst xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" def=\"{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}\"/>").into_bytes(),
    );
    parts.insert(
        "ppt/slideMasters/slideMaster1.xml".into(),
        xml::master().into_bytes(),
    );
    parts.insert(
        "ppt/slideMasters/_rels/slideMaster1.xml.rels".into(),
        rels(&[
            (
                "rId1".into(),
                REL_SLIDE_LAYOUT,
                "../slideLayouts/slideLayout1.xml".into(),
            ),
            (
                "rId2".into(),
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme",
                "../theme/theme1.xml".into(),
            ),
        ])
        .into_bytes(),
    );
    parts.insert(
        "ppt/slideLayouts/slideLayout1.xml".into(),
        xml::layout().into_bytes(),
    );
    parts.insert(
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels".into(),
        rels(&[(
            "rId1".into(),
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideMaster",
            "../slideMasters/slideMaster1.xml".into(),
        )])
        .into_bytes(),
    );
    parts.insert("ppt/theme/theme1.xml".into(), xml::theme().into_bytes());
    parts.insert(
        "docProps/core.xml".into(),
        format!("{head}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>mdkpi</dc:creator></cp:coreProperties>", xml::escape(&title)).into_bytes(),
    );
    parts.insert(
        "docProps/app.xml".into(),
        format!("{head}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>mdkpi</Application><Slides>{total}</Slides></Properties>").into_bytes(),
    );
    parts.insert(
        "_rels/.rels".into(),
        rels(&[
            (
                "rId1".into(),
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                "ppt/presentation.xml".into(),
            ),
            (
                "rId2".into(),
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml".into(),
            ),
            (
                "rId3".into(),
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
                "docProps/app.xml".into(),
            ),
        ])
        .into_bytes(),
    );
    let fixed = [
        (
            "/ppt/presentation.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        ),
        (
            "/ppt/slideMasters/slideMaster1.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml",
        ),
        (
            "/ppt/slideLayouts/slideLayout1.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml",
        ),
        (
            "/ppt/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml",
        ),
        (
            "/ppt/presProps.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presProps+xml",
        ),
        (
            "/ppt/viewProps.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.viewProps+xml",
        ),
        (
            "/ppt/tableStyles.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.tableStyles+xml",
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml",
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
    ];
    let mut all: Vec<(String, &str)> = fixed.iter().map(|(p, t)| (p.to_string(), *t)).collect();
    all.extend(overrides);
    all.sort();
    let overrides: String = all
        .iter()
        .map(|(part, kind)| format!("<Override PartName=\"{part}\" ContentType=\"{kind}\"/>"))
        .collect();
    parts.insert(
        "[Content_Types].xml".into(),
        format!("{head}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"svg\" ContentType=\"image/svg+xml\"/><Default Extension=\"xlsx\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"/>{overrides}</Types>").into_bytes(),
    );
    zip(&parts)
}

/// The parts as a zip in name order (`[Content_Types].xml` first), every
/// entry dated 1980-01-01 00:00, so equal parts give equal bytes.
fn zip(parts: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::DEFAULT)
        .unix_permissions(0o644);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options)
            .map_err(|e| format!("{name}: {e}"))?;
        zip.write_all(bytes).map_err(|e| format!("{name}: {e}"))?;
    }
    zip.finish()
        .map(|c| c.into_inner())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every part of `pptx`, by name.
    fn unzip(pptx: &[u8]) -> BTreeMap<String, Vec<u8>> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(pptx)).unwrap();
        let mut out = BTreeMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
            out.insert(file.name().unwrap().to_string(), bytes);
        }
        out
    }

    fn well_formed(name: &str, xml: &[u8]) {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: {e}"),
            }
            buf.clear();
        }
    }

    /// The round trip: a page with a title, text, a table, a collected
    /// chart and a drawing is written and read back: every XML part
    /// parses, every relationship's target is a part, and the slide holds
    /// what the page held.
    #[test]
    fn a_page_round_trips_through_the_package() {
        let collector = std::sync::Arc::new(crate::report::charts::collect::Collector::default());
        let chart_svg = crate::report::charts::collect::scope(Some(&collector), || {
            crate::report::charts::bar_chart_with(
                "受入人数",
                &["R6".into(), "R7".into()],
                &[crate::report::charts::Series {
                    name: "人数".into(),
                    values: vec![Some(10.0), Some(12.0)],
                }],
                &crate::report::charts::Axis::Number { unit: "名".into() },
                &crate::report::charts::Options {
                    width: 470,
                    ..Default::default()
                },
            )
        });
        let drawing = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 100\" role=\"img\" aria-label=\"図\"><rect x=\"0\" y=\"0\" width=\"100\" height=\"50\" fill=\"#000\"/></svg>";
        let html = format!(
            "<section class=\"slide cover\"><h1>表紙 &amp; 題</h1><p>令和7年度</p></section><section class=\"slide\" id=\"kpi1\"><h2>KPI 1: 研修</h2><p>本文</p><table><thead><tr><th>区分</th><th>R7</th></tr></thead><tbody><tr><td>a</td><td class=\"num\">1</td></tr></tbody></table><figure class=\"chart\">{chart_svg}</figure>{drawing}</section>"
        );
        let charts = collector.in_order(&html);
        assert_eq!(charts.len(), 1);
        let pptx = build(&html, &charts).unwrap();
        assert_eq!(pptx, build(&html, &charts).unwrap(), "byte-stable");
        let parts = unzip(&pptx);
        let names: Vec<&String> = parts.keys().collect();
        assert_eq!(names[0], "[Content_Types].xml");
        for (name, bytes) in &parts {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                well_formed(name, bytes);
            }
            if let Some(rest) = name.strip_suffix(".rels") {
                let base = rest.replace("/_rels/", "/").replace("_rels/", "");
                let folder = base.rsplit_once('/').map_or("", |(f, _)| f);
                let text = String::from_utf8(bytes.clone()).unwrap();
                for target in text.split("Target=\"").skip(1) {
                    let target = &target[..target.find('"').unwrap()];
                    let mut path: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
                    for piece in target.split('/') {
                        match piece {
                            ".." => {
                                path.pop();
                            }
                            p => path.push(p),
                        }
                    }
                    let full = path.join("/");
                    assert!(parts.contains_key(&full), "{name}: {target} → {full}");
                }
            }
        }
        let slide1 = String::from_utf8(parts["ppt/slides/slide1.xml"].clone()).unwrap();
        assert!(slide1.contains("<a:t>表紙 &amp; 題</a:t>"), "{slide1}");
        let slide2 = String::from_utf8(parts["ppt/slides/slide2.xml"].clone()).unwrap();
        for text in [
            "KPI 1: 研修",
            "本文",
            "区分",
            "<a:tbl>",
            "<c:chart ",
            "<p:pic>",
            "descr=\"図\"",
        ] {
            assert!(slide2.contains(text), "{text}: {slide2}");
        }
        let chart = String::from_utf8(parts["ppt/charts/chart1.xml"].clone()).unwrap();
        assert!(chart.contains("<c:v>12</c:v>") && chart.contains("<c:barChart>"));
        assert!(parts.contains_key("ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx"));
        assert!(parts["ppt/media/image1.png"].starts_with(b"\x89PNG"));
        let presentation = String::from_utf8(parts["ppt/presentation.xml"].clone()).unwrap();
        assert!(presentation.contains("<p:sldSz cx=\"10692000\" cy=\"7560000\"/>"));
        let theme = String::from_utf8(parts["ppt/theme/theme1.xml"].clone()).unwrap();
        assert!(theme
            .contains("<a:latin typeface=\"BIZ UDPGothic\"/><a:ea typeface=\"BIZ UDPGothic\"/>"));
    }
}
