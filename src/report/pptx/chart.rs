//! A collected chart as a native PowerPoint chart (`c:chartSpace`): its
//! data cached in the chart and embedded as an xlsx workbook (written by
//! rust_xlsxwriter), so a secretariat edits the figures in PowerPoint or
//! LibreOffice. Bars and lines as clustered columns and lines (a line
//! chart's means as dashed lines), 100 % bars as percent-stacked bars.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::xml::escape;
use crate::report::charts::collect::{Chart, Kind};

const NS: &str = r#"xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A series as the chart and the workbook hold it.
struct Column<'a> {
    name: String,
    values: Vec<Option<f64>>,
    color: Option<&'a str>,
    /// A line chart's mean: one value repeated, dashed, unlabelled.
    mean: bool,
}

/// The series of `chart`: a line chart's means become series of one value
/// repeated.
fn columns(chart: &Chart) -> Vec<Column<'_>> {
    let mut out: Vec<Column<'_>> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| Column {
            name: s.name.clone(),
            values: (0..chart.categories.len())
                .map(|k| s.values.get(k).copied().flatten().filter(|v| v.is_finite()))
                .collect(),
            color: chart.colors.get(i).map(String::as_str),
            mean: false,
        })
        .collect();
    if chart.kind == Kind::Line {
        let paired = chart.means.len() == chart.series.len();
        for (i, (name, v)) in chart.means.iter().enumerate() {
            if v.is_finite() {
                out.push(Column {
                    name: name.clone(),
                    values: vec![Some(*v); chart.categories.len()],
                    color: if paired {
                        chart.colors.get(i).map(String::as_str)
                    } else {
                        Some("555555")
                    },
                    mean: true,
                });
            }
        }
    }
    out
}

/// The column letter of 0-based column `i` (A, B, …, Z, AA, …).
fn column_letter(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (i % 26) as u8) as char);
        if i < 26 {
            return s;
        }
        i = i / 26 - 1;
    }
}

/// The embedded workbook: categories in column A, one column per series,
/// names in row 1; a fixed creation date, so the bytes are stable.
pub(crate) fn workbook(chart: &Chart) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(|e| e.to_string())?;
    book.set_properties(
        &DocProperties::new()
            .set_title(chart.title.as_str())
            .set_author("mdkpi report --pptx")
            .set_creation_datetime(&created),
    );
    let sheet = book.add_worksheet();
    sheet.set_name("Sheet1").map_err(|e| e.to_string())?;
    let format = &Format::new().set_num_format(value_format(chart));
    for (r, category) in chart.categories.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|e| e.to_string())?;
        sheet
            .write_string(row, 0, category.as_str())
            .map_err(|e| e.to_string())?;
    }
    for (c, column) in columns(chart).iter().enumerate() {
        let col = u16::try_from(c + 1).map_err(|e| e.to_string())?;
        sheet
            .write_string(0, col, column.name.as_str())
            .map_err(|e| e.to_string())?;
        for (r, v) in column.values.iter().enumerate() {
            if let Some(v) = v {
                let row = u32::try_from(r + 1).map_err(|e| e.to_string())?;
                sheet
                    .write_number_with_format(row, col, *v, format)
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    sheet.set_column_width(0, 24).map_err(|e| e.to_string())?;
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// The value labels' number format, as the report writes them: rates with
/// one decimal; numbers at the chart's fixed decimals, else integers, or
/// one decimal where a value under 100 has a fraction.
fn value_format(chart: &Chart) -> String {
    if chart.percent {
        return "0.0%".to_string();
    }
    let decimals = chart.decimals.unwrap_or_else(|| {
        let fraction = chart
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .any(|v| v.is_finite() && v.fract().abs() > 1e-9 && v.abs() < 100.0);
        usize::from(fraction)
    });
    match decimals.min(6) {
        0 => "#,##0".to_string(),
        d => format!("#,##0.{}", "0".repeat(d)),
    }
}

fn rich(text: &str, size: u32, bold: bool) -> String {
    let b = if bold { " b=\"1\"" } else { "" };
    format!(
        "<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"{size}\"{b}/></a:pPr><a:r><a:rPr lang=\"ja-JP\" sz=\"{size}\"{b}/><a:t>{}</a:t></a:r></a:p></c:rich></c:tx>",
        escape(text)
    )
}

fn text_props(size: u32) -> String {
    format!("<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"{size}\"/></a:pPr><a:endParaRPr lang=\"ja-JP\"/></a:p></c:txPr>")
}

fn fill(color: Option<&str>) -> String {
    color.map_or(String::new(), |c| {
        format!("<a:solidFill><a:srgbClr val=\"{c}\"/></a:solidFill>")
    })
}

/// The chart part.
pub(crate) fn chart_xml(chart: &Chart) -> String {
    let n = chart.categories.len();
    let rows = n + 1;
    let value_format = value_format(chart);
    let axis_format = if chart.percent { "0%" } else { "#,##0" };
    let categories: String = chart
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| format!("<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>", escape(c)))
        .collect();
    let mut series = String::new();
    for (i, column) in columns(chart).iter().enumerate() {
        let (name, values, color, mean) =
            (&column.name, &column.values, &column.color, &column.mean);
        let col = column_letter(i + 1);
        let points: String = values
            .iter()
            .enumerate()
            .filter_map(|(k, v)| v.map(|v| format!("<c:pt idx=\"{k}\"><c:v>{v}</c:v></c:pt>")))
            .collect();
        let look = match chart.kind {
            Kind::Line if *mean => format!(
                "<c:spPr><a:ln w=\"15875\">{}<a:prstDash val=\"dash\"/></a:ln></c:spPr><c:marker><c:symbol val=\"none\"/></c:marker>",
                fill(*color)
            ),
            Kind::Line => format!(
                "<c:spPr><a:ln w=\"28575\" cap=\"rnd\">{}<a:round/></a:ln></c:spPr><c:marker><c:symbol val=\"circle\"/><c:size val=\"6\"/><c:spPr>{}</c:spPr></c:marker>",
                fill(*color),
                fill(*color)
            ),
            _ => format!("<c:spPr>{}</c:spPr><c:invertIfNegative val=\"0\"/>", fill(*color)),
        };
        // Value labels as the report writes them, but not on a mean's
        // repeated points.
        // A thin segment of a 100 % bar has no room for its label (the
        // report leaves it out too).
        let hidden: String = values
            .iter()
            .enumerate()
            .filter(|(_, v)| chart.kind == Kind::Stacked && v.is_some_and(|v| v < 0.1))
            .map(|(k, _)| format!("<c:dLbl><c:idx val=\"{k}\"/><c:delete val=\"1\"/></c:dLbl>"))
            .collect();
        let labels = if *mean {
            "<c:dLbls><c:delete val=\"1\"/></c:dLbls>".to_string()
        } else {
            format!(
                "<c:dLbls>{hidden}<c:numFmt formatCode=\"{value_format}\" sourceLinked=\"0\"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{}{}<c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>",
                text_props(800),
                match chart.kind {
                    Kind::Stacked => "<c:dLblPos val=\"ctr\"/>",
                    Kind::Bar | Kind::Diagram => "<c:dLblPos val=\"outEnd\"/>",
                    Kind::Line => "<c:dLblPos val=\"t\"/>",
                }
            )
        };
        let smooth = if chart.kind == Kind::Line {
            "<c:smooth val=\"0\"/>"
        } else {
            ""
        };
        series.push_str(&format!(
            "<c:ser><c:idx val=\"{i}\"/><c:order val=\"{i}\"/><c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>{}</c:v></c:pt></c:strCache></c:strRef></c:tx>{look}{labels}<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${rows}</c:f><c:strCache><c:ptCount val=\"{n}\"/>{categories}</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${rows}</c:f><c:numCache><c:formatCode>{value_format}</c:formatCode><c:ptCount val=\"{n}\"/>{points}</c:numCache></c:numRef></c:val>{smooth}</c:ser>",
            escape(name)
        ));
    }
    let axes = "<c:axId val=\"500000001\"/><c:axId val=\"500000002\"/>";
    let (plot, cat_pos, val_pos, cat_order) = match chart.kind {
        Kind::Line => (
            format!("<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>{series}<c:marker val=\"1\"/>{axes}</c:lineChart>"),
            "b",
            "l",
            "minMax",
        ),
        Kind::Bar | Kind::Diagram => (
            format!("<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>{series}<c:gapWidth val=\"80\"/>{axes}</c:barChart>"),
            "b",
            "l",
            "minMax",
        ),
        // Rows top to bottom as in the report.
        Kind::Stacked => (
            format!("<c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"percentStacked\"/><c:varyColors val=\"0\"/>{series}<c:gapWidth val=\"50\"/><c:overlap val=\"100\"/>{axes}</c:barChart>"),
            "l",
            "b",
            "maxMin",
        ),
    };
    let unit_title = if chart.unit.is_empty() {
        String::new()
    } else {
        format!(
            "<c:title>{}<c:overlay val=\"0\"/></c:title>",
            rich(&format!("（{}）", chart.unit), 800, false)
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<c:chartSpace {NS}><c:roundedCorners val=\"0\"/><c:chart><c:title>{}<c:overlay val=\"0\"/></c:title><c:autoTitleDeleted val=\"0\"/><c:plotArea><c:layout/>{plot}<c:catAx><c:axId val=\"500000001\"/><c:scaling><c:orientation val=\"{cat_order}\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"{cat_pos}\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"low\"/>{}<c:crossAx val=\"500000002\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx><c:valAx><c:axId val=\"500000002\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"{val_pos}\"/><c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"DDDDDD\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>{unit_title}<c:numFmt formatCode=\"{axis_format}\" sourceLinked=\"0\"/><c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>{}<c:crossAx val=\"500000001\"/><c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/></c:valAx></c:plotArea><c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/>{}</c:legend><c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\"><a:latin typeface=\"BIZ UDPGothic\"/><a:ea typeface=\"BIZ UDPGothic\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"ja-JP\"/></a:p></c:txPr><c:externalData r:id=\"rId1\"><c:autoUpdate val=\"0\"/></c:externalData></c:chartSpace>",
        rich(&chart.title, 1100, true),
        text_props(900),
        text_props(900),
        text_props(900),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::Series;

    fn sample(kind: Kind) -> Chart {
        Chart {
            name: "kpi2-venture-rate".into(),
            kind,
            title: "割合 <&>".into(),
            categories: vec!["R6".into(), "R7\n(n=10社)".into()],
            series: vec![Series {
                name: "ベンチャー".into(),
                values: vec![Some(0.25), None],
            }],
            percent: true,
            unit: String::new(),
            means: vec![("4カ年平均 20.0%".into(), 0.2)],
            decimals: None,
            colors: vec!["1A3F66".into()],
            svg: String::new(),
        }
    }

    #[test]
    fn a_chart_holds_its_data_and_parses() {
        let xml = chart_xml(&sample(Kind::Line));
        assert!(xml.contains("<c:lineChart>"));
        assert!(xml.contains("<c:v>0.25</c:v>"));
        assert!(
            xml.contains("<c:v>4カ年平均 20.0%</c:v>"),
            "the mean is a series"
        );
        assert!(xml.contains("割合 &lt;&amp;&gt;"));
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{e}: {xml}"),
            }
        }
        assert!(chart_xml(&sample(Kind::Stacked)).contains("percentStacked"));
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn the_embedded_workbook_is_byte_stable() {
        let a = workbook(&sample(Kind::Bar)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(a, workbook(&sample(Kind::Bar)).unwrap());
        assert!(a.starts_with(b"PK"));
    }
}
