//! Colours: the qualitative palette, the round ramp, answer scales, and
//! per-chart palette overrides.

use plotters::prelude::*;

pub(super) const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub(super) const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// 未回答 (no answer) is the same light grey in every chart.
const NO_ANSWER: RGBColor = RGBColor(0xB4, 0xB4, 0xB4);
const NO_ANSWER_LABEL: &str = "未回答";

/// The colour of series or segment `index` named `name`.
pub(super) fn color_named(index: usize, name: &str) -> RGBColor {
    if name == NO_ANSWER_LABEL {
        NO_ANSWER
    } else {
        color(index)
    }
}
pub(super) const FAINT: RGBColor = RGBColor(0x88, 0x88, 0x88);
pub(super) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
pub(super) const AXIS: RGBColor = RGBColor(0x66, 0x66, 0x66);

/// The qualitative palette, in series order. The first five have clearly
/// different lightness (CIE L* 26, 74, 60, 86, 46; greyscale luma 58, 173,
/// 136, 213, 95), so they stay apart when printed in greyscale; line charts add
/// a marker shape per series as well.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x1A, 0x3F, 0x66), // navy
    RGBColor(0xF0, 0xA8, 0x1A), // orange
    RGBColor(0x35, 0xA0, 0x88), // teal
    RGBColor(0xEB, 0xD5, 0x8F), // sand
    RGBColor(0xBC, 0x44, 0x52), // crimson
    RGBColor(0x7F, 0xA7, 0xD3), // light blue
    RGBColor(0x5E, 0x3C, 0x99), // purple
    RGBColor(0x9E, 0x9E, 0x9E), // grey
];

thread_local! {
    /// Colours that replace the qualitative palette while one chart is drawn
    /// (see [`with_palette`]).
    static PALETTE_OVERRIDE: std::cell::RefCell<Option<Vec<RGBColor>>> =
        const { std::cell::RefCell::new(None) };
}

/// Draws a chart with `colors` for its series or segments, in order,
/// instead of the qualitative palette: one colour per round in every chart,
/// ordinal palettes for answer scales (SPEC §15). 未回答 stays grey.
pub fn with_palette<T>(colors: Vec<RGBColor>, draw: impl FnOnce() -> T) -> T {
    PALETTE_OVERRIDE.with(|p| *p.borrow_mut() = Some(colors));
    let out = draw();
    PALETTE_OVERRIDE.with(|p| *p.borrow_mut() = None);
    out
}

/// The lightest and the strongest colour of the round ramp.
const ROUND_LIGHT: RGBColor = RGBColor(0xC6, 0xD5, 0xE8);
const ROUND_STRONG: RGBColor = RGBColor(0x1A, 0x3F, 0x66);

fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let f = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(f(a.0, b.0), f(a.1, b.1), f(a.2, b.2))
}

/// The colour of round `index` of `count` rounds (oldest first): one blue
/// ramp, the latest round the strongest, so a round has the same colour in
/// every chart of a report.
pub fn round_color(index: usize, count: usize) -> RGBColor {
    if count <= 1 {
        return ROUND_STRONG;
    }
    mix(ROUND_LIGHT, ROUND_STRONG, index as f64 / (count - 1) as f64)
}

/// How the answers of a 100 % stacked bar are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerScale {
    /// Nominal answers: the qualitative palette.
    Categorical,
    /// Ordered answers without a sign (age): one light-to-dark ramp.
    Sequential,
    /// `positive` favourable answers (cool, strongest first), one neutral
    /// (pale), then unfavourable ones (warm, strongest last).
    Diverging { positive: usize },
}

impl AnswerScale {
    /// `categorical`, `sequential`, `diverging:K`.
    pub fn parse(text: &str) -> Self {
        match text.split_once(':') {
            Some(("diverging", k)) => Self::Diverging {
                positive: k.parse().unwrap_or(1),
            },
            _ if text == "sequential" => Self::Sequential,
            _ => Self::Categorical,
        }
    }

    /// The colours of `n` answers (未回答 excluded).
    pub fn colors(self, n: usize) -> Option<Vec<RGBColor>> {
        match self {
            Self::Categorical => None,
            Self::Sequential => Some(
                (0..n)
                    .map(|i| {
                        let t = if n > 1 {
                            i as f64 / (n - 1) as f64
                        } else {
                            1.0
                        };
                        mix(RGBColor(0xDC, 0xE8, 0xF3), ROUND_STRONG, t)
                    })
                    .collect(),
            ),
            Self::Diverging { positive } => {
                const COOL: [RGBColor; 3] = [
                    RGBColor(0x1F, 0x4E, 0x8C),
                    RGBColor(0x6F, 0x9B, 0xCF),
                    RGBColor(0xB5, 0xCD, 0xE8),
                ];
                const WARM_LIGHT: RGBColor = RGBColor(0xF2, 0xB2, 0x7A);
                const WARM_STRONG: RGBColor = RGBColor(0xB0, 0x2E, 0x26);
                let positive = positive.min(n);
                let negative = n.saturating_sub(positive + 1);
                let mut out: Vec<RGBColor> = (0..positive).map(|i| COOL[i.min(2)]).collect();
                if n > positive {
                    out.push(RGBColor(0xE6, 0xE1, 0xD3));
                }
                out.extend((0..negative).map(|i| {
                    if negative == 1 {
                        RGBColor(0xE0, 0x6C, 0x3C)
                    } else {
                        mix(WARM_LIGHT, WARM_STRONG, i as f64 / (negative - 1) as f64)
                    }
                }));
                Some(out)
            }
        }
    }
}

/// The colour of series (or segment) `index` as `#rrggbb`, the same one the
/// charts use, e.g. for a table legend next to a chart.
#[cfg(test)]
pub fn series_color_hex(index: usize) -> String {
    let c = color(index);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

pub(super) fn palette_overridden() -> bool {
    PALETTE_OVERRIDE.with(|p| p.borrow().is_some())
}

pub(super) fn color(index: usize) -> RGBColor {
    let custom = PALETTE_OVERRIDE.with(|p| {
        p.borrow()
            .as_ref()
            .and_then(|colors| colors.get(index).copied())
    });
    custom.unwrap_or(PALETTE[index % PALETTE.len()])
}

pub(super) fn darken(c: RGBColor, amount: f64) -> RGBColor {
    let f = |v: u8| (f64::from(v) * (1.0 - amount)).round() as u8;
    RGBColor(f(c.0), f(c.1), f(c.2))
}

/// Relative luminance (sRGB), 0 = black, 1 = white.
fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

pub(super) fn text_on(fill: RGBColor) -> RGBColor {
    if luminance(fill) < 0.2 {
        WHITE
    } else {
        TEXT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_have_one_ramp_the_latest_strongest() {
        let ramp: Vec<f64> = (0..4).map(|i| luminance(round_color(i, 4))).collect();
        assert!(ramp.windows(2).all(|w| w[0] > w[1]), "{ramp:?}");
        assert_eq!(round_color(3, 4), ROUND_STRONG);
        assert_eq!(round_color(0, 1), ROUND_STRONG);
    }

    #[test]
    fn ordinal_answers_get_cool_positive_and_warm_negative_colours() {
        let warm = |c: RGBColor| c.0 > c.2;
        let cool = |c: RGBColor| c.2 > c.0;
        // 知識: 2 positive, neutral, 1 negative.
        let knowledge = AnswerScale::parse("diverging:2").colors(4).unwrap();
        assert_eq!(knowledge.len(), 4);
        assert!(cool(knowledge[0]) && cool(knowledge[1]));
        assert!(warm(knowledge[3]));
        assert!(
            luminance(knowledge[2]) > luminance(knowledge[1]),
            "neutral is pale"
        );
        // 有用性: 2 positive, neutral, 2 negative, the most negative strongest.
        let usefulness = AnswerScale::parse("diverging:2").colors(5).unwrap();
        assert!(warm(usefulness[3]) && warm(usefulness[4]));
        assert!(luminance(usefulness[4]) < luminance(usefulness[3]));
        // 年齢: one ramp; 所属: the qualitative palette.
        let age = AnswerScale::parse("sequential").colors(6).unwrap();
        let l: Vec<f64> = age.iter().map(|c| luminance(*c)).collect();
        assert!(l.windows(2).all(|w| w[0] > w[1]), "{l:?}");
        assert_eq!(AnswerScale::parse("categorical").colors(7), None);
    }

    #[test]
    fn with_palette_colours_one_chart_only() {
        let colors = vec![RGBColor(1, 2, 3)];
        let inside = with_palette(colors, || color(0));
        assert_eq!(inside, RGBColor(1, 2, 3));
        assert_eq!(color(0), PALETTE[0]);
    }

    #[test]
    fn palette_prints_in_greyscale() {
        let l: Vec<f64> = PALETTE[..5]
            .iter()
            .map(|c| 116.0 * luminance(*c).cbrt() - 16.0)
            .collect();
        for i in 0..l.len() {
            for j in i + 1..l.len() {
                assert!((l[i] - l[j]).abs() >= 10.0, "L* {} vs {}", l[i], l[j]);
            }
        }
        assert_eq!(series_color_hex(0), "#1a3f66");
        assert_eq!(series_color_hex(8), series_color_hex(0));
    }
}
