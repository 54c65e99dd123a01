//! Report charts: plain data in, a deterministic SVG string out.
//!
//! Every chart is drawn with plotters' SVG backend on a canvas 960 px wide (or
//! the width given in [`Options`] to the `*_with` variants: choose about the
//! width the chart is shown at, e.g. 470 for two charts side by side); its
//! height follows from the content (title lines, legend rows, label lines).
//! The root `<svg>` carries a `viewBox` but no `width`/`height`, so an inlined
//! chart scales to its container (`width:100%`) and keeps its aspect ratio; it
//! also carries `role="img"` and an `aria-label` with the title.
//!
//! Layout (legend wrapping, label wrapping and fitting, margins) uses the real
//! metrics of BIZ UDPGothic, embedded from `assets/fonts/BIZUDPGothic-Regular.ttf`
//! and registered with plotters once. The text elements name that family
//! ([`FONT_FAMILY`]), so the printed chart draws exactly what was measured.
//! Should the font fail to register, layout falls back to an estimate (CJK
//! 1 em, other text 0.6 em).
//!
//! Text that comes from data is XML-escaped by the backend; the `aria-label`
//! is escaped here. Nothing in the output depends on time, randomness or
//! hash-map order: the same input gives the same bytes.
//!
//! Values that are `None`, NaN, infinite or larger in magnitude than 1e15 are
//! treated as missing: no bar, no point, no label.

// One file per concern: the chart kinds (bar, line, stacked), the shared
// layout (title, legend, axes, labels), text (font metrics, wrapping),
// colours (palette), drawing and SVG finishing (svg), value labels (numbers).
mod bar;
pub mod collect;
mod diagram;
mod layout;
mod line;
mod numbers;
mod palette;
mod stacked;
mod svg;
mod text;

#[cfg(test)]
pub use bar::bar_chart;
// The chart kinds as the report calls them: collected when a collector
// is active (`report --charts`, `--pptx`).
pub use collect::bar_chart_with;
pub use collect::line_chart_with;
pub use collect::stacked_100_with;
pub use collect::stage_gate;
#[cfg(test)]
pub use line::line_chart;
pub use palette::{round_color, with_palette, AnswerScale};
#[cfg(test)]
pub use stacked::stacked_100;
/// The embedded BIZ UDPGothic Regular, for rendering the charts elsewhere.
pub(crate) use text::FONT_BYTES;

/// Default canvas width in px (SVG user units): a full-width chart on an A4
/// landscape page.
const DEFAULT_WIDTH: u32 = 960;

/// One data series: a name (legend entry) and one value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// `None` = no value (a gap in a line, no bar).
    pub values: Vec<Option<f64>>,
}

/// How values are scaled and written.
#[derive(Debug, Clone, PartialEq)]
pub enum Axis {
    /// Plain numbers: ticks and labels with thousands separators ("3,198"),
    /// value labels as integers; the unit (e.g. "名", "千円") is written above
    /// the axis as "（名）". An empty unit writes nothing.
    Number { unit: String },
    /// Fractions 0..1: ticks "20%", value labels with one decimal "20.7%".
    Percent,
}

/// Layout options of the `*_with` variants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Canvas width in px (SVG user units), 200..=2400. Choose about the width
    /// the chart is shown at, so that its text keeps its size: 960 (default)
    /// for a full-width chart on an A4 landscape page, about 470 for one of two
    /// charts side by side, 220–260 for small multiples of four or five in a
    /// row. The height follows from the content.
    pub width: u32,
    /// The y axis reaches at least this value: charts that are compared side
    /// by side share one scale.
    pub y_max: Option<f64>,
    /// Decimals of the value labels of a number axis, where the figure's
    /// display precision is fixed (per-station means are integers).
    pub decimals: Option<usize>,
    /// The plot area's height in px, for small multiples; otherwise it
    /// follows from the width.
    pub plot_height: Option<f64>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            width: DEFAULT_WIDTH,
            y_max: None,
            decimals: None,
            plot_height: None,
        }
    }
}

impl Options {
    fn canvas_width(&self) -> f64 {
        f64::from(self.width.clamp(200, 2400))
    }

    fn plot_height(&self) -> f64 {
        match self.plot_height {
            Some(h) => h.clamp(60.0, 320.0),
            None => (self.canvas_width() * 0.34).clamp(170.0, 320.0),
        }
    }
}

/// Sample charts and checks shared by the tests of every chart module, and
/// the tests that hold for every chart kind.
#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn cats(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    pub(super) fn series(name: &str, values: &[Option<f64>]) -> Series {
        Series {
            name: name.to_string(),
            values: values.to_vec(),
        }
    }

    pub(super) fn rounds() -> Vec<String> {
        cats(&["R4", "R5", "R6", "R7"])
    }

    pub(super) fn sample_bar() -> String {
        bar_chart(
            "テーマ別 研修受講者数",
            &cats(&["テーマ1", "テーマ2", "テーマ3"]),
            &[
                series("R6", &[Some(3198.0), Some(1200.0), None]),
                series("R7", &[Some(2900.0), Some(1523.0), Some(88.0)]),
            ],
            &Axis::Number {
                unit: "名".to_string(),
            },
        )
    }

    pub(super) fn sample_line() -> String {
        line_chart(
            "ベンチャー・異業種企業の割合",
            &rounds(),
            &[
                series("ベンチャー", &[Some(0.207), Some(0.15), None, Some(0.18)]),
                series("異業種", &[Some(0.1), Some(0.12), Some(0.13), Some(0.2)]),
            ],
            &Axis::Percent,
            &[("4回平均".to_string(), 0.16)],
        )
    }

    pub(super) fn sample_stacked() -> String {
        stacked_100(
            "研修の満足度",
            &[
                ("R6 1:医療従事者".to_string(), vec![0.34, 0.4, 0.2, 0.06]),
                ("R7 1:医療従事者".to_string(), vec![0.5, 0.3, 0.15, 0.05]),
                ("R7 2:企業".to_string(), vec![0.0, 0.0, 0.0, 0.0]),
            ],
            &cats(&["満足", "やや満足", "やや不満", "不満"]),
        )
    }

    pub(super) fn assert_svg(svg: &str) {
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 960 "));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    }

    #[test]
    fn rendering_is_deterministic() {
        assert_eq!(sample_bar(), sample_bar());
        assert_eq!(sample_line(), sample_line());
        assert_eq!(sample_stacked(), sample_stacked());
    }

    #[test]
    fn rendering_is_deterministic_across_threads() {
        let handles: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(|| (sample_bar(), sample_line(), sample_stacked())))
            .collect();
        let first = (sample_bar(), sample_line(), sample_stacked());
        for h in handles {
            assert_eq!(h.join().expect("no panic"), first);
        }
    }

    #[test]
    fn data_text_is_escaped() {
        let evil = "<script>alert(1)</script> & \"q\"";
        let outputs = [
            bar_chart(
                evil,
                &cats(&[evil, "b"]),
                &[
                    series(evil, &[Some(1.0), Some(2.0)]),
                    series(evil, &[Some(3.0)]),
                ],
                &Axis::Number {
                    unit: evil.to_string(),
                },
            ),
            line_chart(
                evil,
                &cats(&[evil]),
                &[series(evil, &[Some(1.0)]), series("x", &[Some(2.0)])],
                &Axis::Percent,
                &[(evil.to_string(), 0.5)],
            ),
            stacked_100(
                evil,
                &[(evil.to_string(), vec![0.5, 0.5])],
                &cats(&[evil, evil]),
            ),
        ];
        for svg in outputs {
            assert_svg(&svg);
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains("\"q\""));
            assert!(svg.contains("&lt;script&gt;") || svg.contains("&lt;script"));
            assert!(svg.contains("&amp;"));
        }
    }

    #[test]
    fn width_option_sets_the_canvas() {
        let o = Options {
            width: 470,
            ..Options::default()
        };
        let cats = rounds();
        let s = [series("a", &[Some(1.0), Some(2.0), None, Some(4.0)])];
        let svg = bar_chart_with("t", &cats, &s, &Axis::Percent, &o);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 470 "));
        let svg = line_chart_with("t", &cats, &s, &Axis::Percent, &[], &o);
        assert!(svg.contains("viewBox=\"0 0 470 "));
        let rows = [("r".to_string(), vec![0.5, 0.5])];
        let svg = stacked_100_with(
            "t",
            &rows,
            &cats,
            &Options {
                width: 1,
                ..Options::default()
            },
        );
        assert!(svg.contains("viewBox=\"0 0 200 "), "clamped");
        assert_eq!(Options::default().width, 960);
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let n = Axis::Number {
            unit: String::new(),
        };
        let p = Axis::Percent;
        let odd = [
            Some(f64::NAN),
            Some(f64::INFINITY),
            Some(f64::NEG_INFINITY),
            Some(f64::MAX),
            None,
        ];
        let cases: Vec<(Vec<String>, Vec<Series>)> = vec![
            (vec![], vec![]),
            (rounds(), vec![]),
            (vec![], vec![series("a", &[Some(1.0)])]),
            (rounds(), vec![series("a", &[None, None, None, None])]),
            (
                rounds(),
                vec![series("a", &[Some(0.0); 4]), series("b", &[Some(0.0); 4])],
            ),
            (cats(&["R7"]), vec![series("a", &[Some(5.0)])]),
            (
                rounds(),
                vec![series(
                    "a",
                    &[Some(-3.0), Some(2.0), Some(-1500.0), Some(0.0)],
                )],
            ),
            (
                rounds(),
                vec![series("a", &[Some(-0.2), Some(-0.5), None, None])],
            ),
            (
                rounds(),
                vec![series("a", &odd), series("", &[Some(1e-9), Some(1e9)])],
            ),
            (rounds(), vec![series("a", &[Some(1.0)])]),
            (
                (0..60).map(|i| format!("拠点{i}")).collect(),
                vec![
                    series("a", &vec![Some(123456.0); 60]),
                    series("b", &vec![Some(7.0); 60]),
                ],
            ),
        ];
        for (c, s) in &cases {
            for axis in [&n, &p] {
                let svg = bar_chart("t", c, s, axis);
                assert_svg(&svg);
                let svg = line_chart("", c, s, axis, &[("m".into(), f64::NAN), ("x".into(), 0.5)]);
                assert_svg(&svg);
            }
        }
        for rows in [
            vec![],
            vec![("a".to_string(), vec![])],
            vec![("a".to_string(), vec![0.0, 0.0, 0.0])],
            vec![("a".to_string(), vec![f64::NAN, f64::INFINITY, -1.0])],
            vec![("a".to_string(), vec![1.0, 0.0, 0.0])],
            vec![("a".to_string(), vec![3.0, 1.0])],
            vec![(
                "".to_string(),
                vec![0.001, 0.999, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5],
            )],
        ] {
            assert_svg(&stacked_100("t", &rows, &cats(&["x"])));
            assert_svg(&stacked_100("", &rows, &[]));
        }
        let svg = stacked_100(
            "t",
            &[("a".to_string(), vec![0.0, 0.0])],
            &cats(&["x", "y"]),
        );
        assert!(svg.contains("回答なし"));
    }
}
