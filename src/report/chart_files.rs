//! Chart files (SPEC §19): every chart of the report as
//! `charts/NN-<name>.svg` and `.png`, NN its place in the report (two
//! digits or more), `<name>` its first indicator key made ASCII. The PNG is
//! the SVG rendered by resvg at twice its size, its text set in the
//! report's font: BIZ UDPGothic regular and bold, both embedded, so the
//! same report gives the same bytes on any machine.

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use resvg::{tiny_skia, usvg};

use crate::diag::Msg;
use crate::report::charts::collect::Chart;

/// The folder of the chart files in the report's folder.
pub(crate) const FOLDER: &str = "charts";

/// BIZ UDPGothic Bold (SIL OFL 1.1), see `assets/fonts/README.md`: chart
/// titles are bold.
static BOLD: &[u8] = include_bytes!("../../assets/fonts/BIZUDPGothic-Bold.ttf");

/// Pixels per SVG unit: a full-width chart (960 units) is 1920 px wide,
/// sharp when placed in a document at its printed size.
const SCALE: f32 = 2.0;

fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            for bytes in [crate::report::charts::FONT_BYTES, BOLD] {
                db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(bytes)));
            }
            db.set_sans_serif_family("BIZ UDPGothic");
            Arc::new(db)
        })
        .clone()
}

/// `svg` as a PNG on white, at [`SCALE`].
pub(crate) fn png(svg: &str) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "BIZ UDPGothic".to_string(),
        languages: vec!["ja".to_string()],
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or("the chart has no size")?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or("the chart is too large to render")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// `NN-<name>` of each chart, in order: NN two digits (more when there
/// are more than 99 charts).
pub(crate) fn stems(charts: &[Chart]) -> Vec<String> {
    let digits = charts.len().to_string().len().max(2);
    charts
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{:0digits$}-{}", i + 1, c.name))
        .collect()
}

/// The chart files, names relative to the report's folder
/// (`charts/01-kpi1-sites.svg`, then its `.png`), in the report's order.
pub(crate) fn files(charts: &[Chart]) -> Result<Vec<(String, Vec<u8>)>, Msg> {
    let stems = stems(charts);
    let pngs = charts
        .par_iter()
        .zip(&stems)
        .map(|(chart, stem)| {
            png(&chart.svg).map_err(|detail| Msg::ChartFileFailed {
                chart: format!("{FOLDER}/{stem}.png"),
                detail,
            })
        })
        .collect::<Vec<_>>();
    let mut out = Vec::with_capacity(charts.len() * 2);
    for ((chart, stem), png) in charts.iter().zip(&stems).zip(pngs) {
        out.push((
            format!("{FOLDER}/{stem}.svg"),
            chart.svg.clone().into_bytes(),
        ));
        out.push((format!("{FOLDER}/{stem}.png"), png?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_renders_with_its_text() {
        let svg = crate::report::charts::bar_chart_with(
            "受入人数",
            &["R6".to_string(), "R7".to_string()],
            &[crate::report::charts::Series {
                name: "a".into(),
                values: vec![Some(1.0), Some(2.0)],
            }],
            &crate::report::charts::Axis::Percent,
            &crate::report::charts::Options::default(),
        );
        let png = png(&svg).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        // IHDR: width at twice the viewBox's 960.
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1920);
        assert_eq!(png, super::png(&svg).unwrap(), "byte-stable");
        // The text is drawn: without its text elements (or without the
        // fonts, which draw nothing for them) the picture differs.
        let textless = svg.replace("<text", "<desc").replace("</text>", "</desc>");
        assert_ne!(png, super::png(&textless).unwrap());
    }

    #[test]
    fn an_svg_that_does_not_parse_is_an_error_not_a_panic() {
        assert!(png("<svg").is_err());
        assert!(png("not svg").is_err());
    }
}
