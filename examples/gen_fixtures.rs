//! Deterministic fixture generator for mdkpi.
//!
//! Writes the synthetic survey rounds `R4`..`R7` under a data directory:
//!
//! ```text
//! cargo run --release --example gen_fixtures -- data
//! ```
//!
//! Every record is synthetic, but the aggregates reproduce the figures that
//! the R7 report (資料2-2, 2025-12-19) published; SPEC.md section 10 lists
//! them. The design (counts per cell, per round and per category) is written
//! down in the constants below; the generator builds the records from it,
//! checks its own aggregates against the published figures and refuses to
//! write anything when they disagree. The output is byte-identical on every
//! run: a fixed seed per round and purpose, ordered collections only, and a
//! fixed creation date in the workbooks' document properties.
//!
//! Only the round folders `R4`..`R7` are deleted and recreated; other files
//! in the data directory (such as `plan.toml`) are left alone.

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

type Res<T> = Result<T, Box<dyn Error>>;

macro_rules! ensure {
    ($cond:expr, $($arg:tt)*) => {
        if !$cond {
            return Err(format!($($arg)*).into());
        }
    };
}

// ---------------------------------------------------------------------------
// Seeded PRNG (splitmix64)
// ---------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    /// A generator seeded from a round label and a purpose, so that changing
    /// one dataset never shifts the random stream of another.
    fn for_purpose(label: &str, purpose: &str) -> Rng {
        // FNV-1a over "label/purpose".
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in label
            .bytes()
            .chain(std::iter::once(b'/'))
            .chain(purpose.bytes())
        {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below((hi - lo + 1) as u64) as i64
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len() - 1
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// Largest-remainder allocation of `total` in proportion to `weights`
/// (ties go to the earlier index).
fn allocate(total: u32, weights: &[u32]) -> Vec<u32> {
    let sum: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let t = u64::from(total);
    let mut out: Vec<u32> = weights
        .iter()
        .map(|&w| (u64::from(w) * t / sum) as u32)
        .collect();
    let mut rem: Vec<(u64, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, &w)| ((u64::from(w) * t) % sum, i))
        .collect();
    rem.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let given: u32 = out.iter().sum();
    for r in rem.iter().take((total - given) as usize) {
        out[r.1] += 1;
    }
    out
}

/// `num/den` as a percentage, half-up to one decimal, e.g. "33.1%".
fn pct1(num: u64, den: u64) -> String {
    if den == 0 {
        return "-".to_string();
    }
    let tenths = (2000 * num + den) / (2 * den);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// `num/den` half-up to an integer.
fn round_div(num: u64, den: u64) -> u64 {
    (2 * num + den) / (2 * den)
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    y: i32,
    m: u32,
    d: u32,
}

const fn date(y: i32, m: u32, d: u32) -> Date {
    Date { y, m, d }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

impl Date {
    /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
    fn days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date {
            y: (y + i64::from(m <= 2)) as i32,
            m,
            d,
        }
    }

    fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// The same day `n` years earlier; 29 February becomes 28 February.
    fn minus_years(self, n: i32) -> Date {
        let y = self.y - n;
        let d = if self.m == 2 && self.d == 29 && !is_leap(y) {
            28
        } else {
            self.d
        };
        Date { y, m: self.m, d }
    }

    /// Excel serial date (1900 system).
    fn serial(self) -> f64 {
        (self.days() - date(1899, 12, 30).days()) as f64
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    fn slash(self) -> String {
        format!("{:04}/{:02}/{:02}", self.y, self.m, self.d)
    }

    fn slash_short(self) -> String {
        format!("{}/{}/{}", self.y, self.m, self.d)
    }

    /// Japanese era form (令和 / 平成), `None` outside those eras or in an
    /// era's first year (written 元年, which the fixtures avoid in dates).
    fn wareki(self) -> Option<String> {
        let (era, year) = if self >= date(2019, 5, 1) {
            ("令和", self.y - 2018)
        } else if self >= date(1989, 1, 8) {
            ("平成", self.y - 1988)
        } else {
            return None;
        };
        if year == 1 {
            return None;
        }
        Some(format!("{era}{year}年{}月{}日", self.m, self.d))
    }
}

// ---------------------------------------------------------------------------
// Cell values, xlsx and CSV writers
// ---------------------------------------------------------------------------

const FMT_DATE: &str = "yyyy/mm/dd";
const FMT_ERA: &str = "[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"";

#[derive(Clone, Debug)]
enum V {
    S(String),
    N(f64),
    /// A real Excel date cell: serial number with a date number format.
    D(Date, &'static str),
    Blank,
}

fn s(text: &str) -> V {
    V::S(text.to_string())
}

fn n(x: impl Into<f64>) -> V {
    V::N(x.into())
}

struct Sheet {
    name: &'static str,
    headers: &'static [&'static str],
    rows: Vec<Vec<V>>,
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Writes a workbook with a fixed creation date, so the bytes never change.
fn save_workbook(path: &Path, sheets: &[Sheet]) -> Res<()> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 12, 1)?;
    let props = DocProperties::new()
        .set_creation_datetime(&created)
        .set_author("mdkpi fixtures")
        .set_comment("Synthetic fixture data generated by examples/gen_fixtures.rs");
    wb.set_properties(&props);
    let bold = Format::new().set_bold();
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name)?;
        let mut widths: Vec<usize> = sheet.headers.iter().map(|h| display_width(h)).collect();
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, v) in row.iter().enumerate() {
                let col = c as u16;
                let w = match v {
                    V::S(text) => {
                        ws.write_string(r, col, text.as_str())?;
                        display_width(text)
                    }
                    V::N(x) => {
                        ws.write_number(r, col, *x)?;
                        fmt_num(*x).len()
                    }
                    V::D(d, f) => {
                        let fmt = Format::new().set_num_format(*f);
                        ws.write_number_with_format(r, col, d.serial(), &fmt)?;
                        if *f == FMT_ERA {
                            16
                        } else {
                            10
                        }
                    }
                    V::Blank => 0,
                };
                if c < widths.len() && w > widths[c] {
                    widths[c] = w;
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 2.0)?;
        }
    }
    wb.save(path)?;
    Ok(())
}

fn csv_field(v: &V) -> String {
    let raw = match v {
        V::S(text) => text.clone(),
        V::N(x) => fmt_num(*x),
        V::D(d, _) => d.slash(),
        V::Blank => String::new(),
    };
    if raw.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", raw.replace('"', "\"\""))
    } else {
        raw
    }
}

fn csv_text(sheet: &Sheet) -> String {
    let mut out = String::new();
    out.push_str(&sheet.headers.join(","));
    out.push_str("\r\n");
    for row in &sheet.rows {
        let fields: Vec<String> = row.iter().map(csv_field).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[derive(Clone, Copy)]
enum CsvEncoding {
    Utf8Bom,
    ShiftJis,
}

fn save_csv(path: &Path, sheet: &Sheet, enc: CsvEncoding) -> Res<()> {
    let text = csv_text(sheet);
    let bytes = match enc {
        CsvEncoding::Utf8Bom => {
            let mut b = vec![0xEF, 0xBB, 0xBF];
            b.extend_from_slice(text.as_bytes());
            b
        }
        CsvEncoding::ShiftJis => {
            let (encoded, _, had_errors) = encoding_rs::SHIFT_JIS.encode(&text);
            ensure!(
                !had_errors,
                "{}: text not representable in Shift_JIS",
                path.display()
            );
            encoded.into_owned()
        }
    };
    fs::write(path, bytes)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Rounds
// ---------------------------------------------------------------------------

struct RoundDef {
    label: &'static str,
    fy: i32,
    start: Date,
    end: Date,
    reference: Date,
    /// Period correction the tool must derive (days / 365.25, half-up).
    factor: u32,
}

const ROUNDS: [RoundDef; 4] = [
    RoundDef {
        label: "R4",
        fy: 2022,
        start: date(2021, 4, 1),
        end: date(2023, 3, 6),
        reference: date(2023, 1, 1),
        factor: 2,
    },
    RoundDef {
        label: "R5",
        fy: 2023,
        start: date(2023, 3, 7),
        end: date(2024, 3, 6),
        reference: date(2024, 1, 1),
        factor: 1,
    },
    RoundDef {
        label: "R6",
        fy: 2024,
        start: date(2024, 3, 7),
        end: date(2025, 3, 6),
        reference: date(2025, 1, 1),
        factor: 1,
    },
    RoundDef {
        label: "R7",
        fy: 2025,
        start: date(2025, 3, 7),
        end: date(2026, 3, 6),
        reference: date(2026, 1, 1),
        factor: 1,
    },
];

fn round_toml(r: &RoundDef) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Synthetic fixture round (generated by examples/gen_fixtures.rs)."
    );
    let _ = writeln!(t, "label = \"{}\"", r.label);
    let _ = writeln!(t, "fiscal_year = {}", r.fy);
    let _ = writeln!(t, "period_start = {}", r.start.iso());
    let _ = writeln!(t, "period_end = {}", r.end.iso());
    let _ = writeln!(t, "reference_date = {}", r.reference.iso());
    if r.label == "R7" {
        let _ = writeln!(t, "stations = [");
        for stem in R7_STATIONS {
            if let Some(st) = station(stem) {
                let _ = writeln!(t, "  \"{}\",", st.name);
            }
        }
        let _ = writeln!(t, "]");
        let _ = writeln!(t);
        let _ = writeln!(t, "[report]");
        let _ = writeln!(t, "title = \"医療機器基本計画に関するKPIの測定\"");
        // Only what the source says of this round's report: its title, project
        // and organisation. The seed's "2025年12月19日 第7回…検討会 資料2-2" is
        // the citation of another document on a [参考] page, not this report's
        // meeting (and falls before the round's period end).
        let _ = writeln!(
            t,
            "organisation = \"公益財団法人医療機器センター附属医療機器産業研究所(MDSI)\""
        );
        let _ = writeln!(
            t,
            "project = \"厚生労働行政推進調査事業費補助金(地域医療基盤開発推進研究事業)『医療機器産業の実態把握及び課題抽出に関する研究』 研究代表者: 中野壮陸(公益財団法人医療機器センター専務理事)\""
        );
    }
    t
}

// ---------------------------------------------------------------------------
// Base stations (KPI 1 and KPI 3)
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Program {
    Mhlw,
    MetiRegional,
    MetiGlobal,
}

impl Program {
    fn name(self) -> &'static str {
        match self {
            Program::Mhlw => "優れた医療機器の創出に係る産業振興拠点強化事業",
            Program::MetiRegional => "医工連携イノベーション推進事業 地域連携拠点自立化推進事業",
            Program::MetiGlobal => "医工連携グローバル展開事業 グローバル進出拠点事業",
        }
    }

    fn ministry(self) -> &'static str {
        match self {
            Program::Mhlw => "厚労省",
            Program::MetiRegional | Program::MetiGlobal => "経産省",
        }
    }
}

struct Station {
    stem: &'static str,
    name: &'static str,
    program: Program,
    field: &'static str,
}

const F1: &str = "人材育成拠点";
const F2: &str = "スタートアップ支援拠点";
const F3: &str = "オープンイノベーションハブ拠点";
const FR: &str = "地域連携拠点";
const FG: &str = "グローバル進出拠点";

const fn st(
    stem: &'static str,
    name: &'static str,
    program: Program,
    field: &'static str,
) -> Station {
    Station {
        stem,
        name,
        program,
        field,
    }
}

const STATIONS: &[Station] = &[
    // The 16 stations of R7, as listed in the seed.
    st(
        "ncvc",
        "国立研究開発法人国立循環器病研究センター",
        Program::Mhlw,
        F1,
    ),
    st("hokkaido-u", "国立大学法人北海道大学", Program::Mhlw, F1),
    st("hiroshima-u", "国立大学法人広島大学", Program::Mhlw, F1),
    st("osaka-u", "国立大学法人大阪大学", Program::Mhlw, F1),
    st(
        "osaka-nh",
        "独立行政法人国立病院機構大阪医療センター",
        Program::Mhlw,
        F1,
    ),
    st("oita-u", "国立大学法人大分大学", Program::Mhlw, F1),
    st("kobe-u", "国立大学法人神戸大学", Program::Mhlw, F2),
    st(
        "science-tokyo",
        "国立大学法人東京科学大学",
        Program::Mhlw,
        F2,
    ),
    st("shinshu-u", "国立大学法人信州大学", Program::Mhlw, F2),
    st("okayama-u", "国立大学法人岡山大学", Program::Mhlw, F2),
    st("kyoto-u", "国立大学法人京都大学", Program::Mhlw, F3),
    st(
        "ncc",
        "国立研究開発法人国立がん研究センター",
        Program::Mhlw,
        F3,
    ),
    st("tohoku-u", "国立大学法人東北大学", Program::Mhlw, F3),
    st(
        "kurashiki-ch",
        "公益財団法人大原記念倉敷中央医療機構",
        Program::MetiRegional,
        FR,
    ),
    st(
        "iwate-ipc",
        "公益財団法人いわて産業振興センター",
        Program::MetiRegional,
        FR,
    ),
    st("osaka-cci", "大阪商工会議所", Program::MetiGlobal, FG),
    // Stations of earlier rounds only (synthetic).
    st("tmdu", "国立大学法人東京医科歯科大学", Program::Mhlw, F2),
    st(
        "nagoya-u",
        "国立大学法人東海国立大学機構名古屋大学",
        Program::Mhlw,
        F1,
    ),
    st("kyushu-u", "国立大学法人九州大学", Program::Mhlw, F1),
    st("keio-u", "学校法人慶應義塾", Program::Mhlw, F2),
    st("fujita", "学校法人藤田学園", Program::Mhlw, F1),
    st("tokushima-u", "国立大学法人徳島大学", Program::Mhlw, F1),
    st(
        "hamamatsu",
        "公益財団法人浜松地域イノベーション推進機構",
        Program::MetiRegional,
        FR,
    ),
    st(
        "kitakyushu",
        "公益財団法人北九州産業学術推進機構",
        Program::MetiRegional,
        FR,
    ),
    st(
        "fukushima",
        "一般社団法人ふくしま医療機器産業推進機構",
        Program::MetiRegional,
        FR,
    ),
    st(
        "kanagawa",
        "地方独立行政法人神奈川県立産業技術総合研究所",
        Program::MetiRegional,
        FR,
    ),
];

const R7_STATIONS: &[&str] = &[
    "ncvc",
    "hokkaido-u",
    "hiroshima-u",
    "osaka-u",
    "osaka-nh",
    "oita-u",
    "kobe-u",
    "science-tokyo",
    "shinshu-u",
    "okayama-u",
    "kyoto-u",
    "ncc",
    "tohoku-u",
    "kurashiki-ch",
    "iwate-ipc",
    "osaka-cci",
];

const R6_STATIONS: &[&str] = &[
    "ncvc",
    "hokkaido-u",
    "hiroshima-u",
    "osaka-u",
    "osaka-nh",
    "oita-u",
    "kobe-u",
    "science-tokyo",
    "shinshu-u",
    "okayama-u",
    "kyoto-u",
    "ncc",
    "tohoku-u",
    "kurashiki-ch",
    "iwate-ipc",
    "osaka-cci",
    "nagoya-u",
    "kyushu-u",
    "keio-u",
    "hamamatsu",
    "kitakyushu",
    "fukushima",
];

const R5_STATIONS: &[&str] = &[
    "ncvc",
    "hokkaido-u",
    "hiroshima-u",
    "osaka-u",
    "osaka-nh",
    "kobe-u",
    "tmdu",
    "okayama-u",
    "kyoto-u",
    "ncc",
    "tohoku-u",
    "kurashiki-ch",
    "osaka-cci",
    "nagoya-u",
    "kyushu-u",
    "keio-u",
    "fujita",
    "hamamatsu",
    "kitakyushu",
    "fukushima",
];

const R4_STATIONS: &[&str] = &[
    "ncvc",
    "hokkaido-u",
    "osaka-u",
    "osaka-nh",
    "kobe-u",
    "tmdu",
    "okayama-u",
    "kyoto-u",
    "ncc",
    "tohoku-u",
    "kurashiki-ch",
    "osaka-cci",
    "nagoya-u",
    "kyushu-u",
    "keio-u",
    "fujita",
    "tokushima-u",
    "hamamatsu",
    "kitakyushu",
    "fukushima",
    "kanagawa",
];

fn station(stem: &str) -> Option<&'static Station> {
    STATIONS.iter().find(|s| s.stem == stem)
}

/// Stations per round, with the number the seed gives (21, 20, 22, 16).
fn round_stations(label: &str) -> (&'static [&'static str], usize) {
    match label {
        "R4" => (R4_STATIONS, 21),
        "R5" => (R5_STATIONS, 20),
        "R6" => (R6_STATIONS, 22),
        _ => (R7_STATIONS, 16),
    }
}

/// Total participants A before correction (R4 covers two years).
fn participants_target(label: &str) -> u32 {
    match label {
        "R4" => 5472,
        "R5" => 2783,
        "R6" => 4086,
        _ => 3198,
    }
}

struct CourseRow {
    theme: u8,
    stem: &'static str,
    name: &'static str,
    participants: u32,
    note: &'static str,
}

const fn cr(
    theme: u8,
    stem: &'static str,
    name: &'static str,
    participants: u32,
    note: &'static str,
) -> CourseRow {
    CourseRow {
        theme,
        stem,
        name,
        participants,
        note,
    }
}

const KOBE_HOSP: &str = "医学部附属病院";
const C_NCVC: &str = "臨床研究セミナー";
const C_OSAKA: &str = "優れた医療機器の創出に係る産業振興拠点強化事業";
const C_KOBE1: &str = "第9期MDP育成プログラムエントリーコース I";
const C_KOBE2: &str = "第7期MDP育成プログラムエントリーコース II (継続中)";
const C_TOKYO: &str = "医療イノベーション人材養成プログラム";
const C_BIZEN: &str = "次世代医療機器開発人材育成プログラム(BIZENデバイスデザインコース)";
const C_OKADEV: &str = "次世代医療機器開発人材育成プログラム(医療機器開発コース)";
const C_LAB2G: &str = "Lab2Global";
const C_HIDEP: &str = "医療ヘルスケア・イノベーション起業家人材育成プログラム(HiDEP)";
const C_HIDEPA: &str = "HiDEPadvance";
const C_NCC_PF: &str = "メドテックスタートアップ協創プラットフォーム";
const C_NCC_NEXT: &str = "NEXTセミナー";

/// R7: the seed's "具体的研修名" per theme, each assigned to the station in
/// brackets. A course covering several themes appears once per theme with
/// its participants; NEXTセミナー counts only its academic trainees under
/// theme 3 (the seed's theme totals require one such difference).
const R7_COURSES: &[CourseRow] = &[
    // Theme 1: 12 courses, 664 participants.
    cr(1, "ncvc", C_NCVC, 85, ""),
    cr(1, "osaka-u", C_OSAKA, 48, ""),
    cr(1, "kobe-u", C_KOBE1, 30, KOBE_HOSP),
    cr(1, "kobe-u", C_KOBE2, 22, KOBE_HOSP),
    cr(1, "science-tokyo", C_TOKYO, 64, ""),
    cr(1, "okayama-u", C_BIZEN, 18, ""),
    cr(1, "okayama-u", C_OKADEV, 40, ""),
    cr(1, "kyoto-u", C_LAB2G, 45, ""),
    cr(1, "kyoto-u", C_HIDEP, 52, ""),
    cr(1, "kyoto-u", C_HIDEPA, 20, ""),
    cr(1, "ncc", C_NCC_PF, 180, ""),
    cr(1, "ncc", C_NCC_NEXT, 60, ""),
    // Theme 2: 15 courses, 893 participants.
    cr(2, "ncvc", C_NCVC, 85, ""),
    cr(2, "hokkaido-u", "医療機器実習プログラム(ハンズオンセミナー)", 96, ""),
    cr(2, "hiroshima-u", "ひろしまバイオデザインフェローシップコース", 8, ""),
    cr(2, "osaka-u", C_OSAKA, 48, ""),
    cr(
        2,
        "osaka-nh",
        "Bi-AMPSメディカルカンファレンス(テーマ:急性期医療を支えるコメディカル3部門(薬剤部、臨床検査科、リハビリテーション科))",
        150,
        "",
    ),
    cr(2, "oita-u", "医看工芸ものづくりワークショップinおおい", 70, ""),
    cr(2, "oita-u", "大分医療機器開発イノベーションプログラム座談会", 45, ""),
    cr(2, "kobe-u", C_KOBE1, 30, KOBE_HOSP),
    cr(2, "kobe-u", C_KOBE2, 22, KOBE_HOSP),
    cr(2, "science-tokyo", C_TOKYO, 64, ""),
    cr(2, "okayama-u", C_BIZEN, 18, ""),
    cr(2, "okayama-u", C_OKADEV, 40, ""),
    cr(2, "kyoto-u", C_LAB2G, 45, ""),
    cr(2, "kyoto-u", C_HIDEP, 52, ""),
    cr(2, "ncc", "臨床現場観察", 120, ""),
    // Theme 3: 12 courses, 640 participants.
    cr(3, "ncvc", C_NCVC, 85, ""),
    cr(3, "osaka-u", C_OSAKA, 48, ""),
    cr(3, "kobe-u", C_KOBE1, 30, KOBE_HOSP),
    cr(3, "kobe-u", C_KOBE2, 22, KOBE_HOSP),
    cr(3, "science-tokyo", C_TOKYO, 64, ""),
    cr(3, "okayama-u", C_BIZEN, 18, ""),
    cr(3, "okayama-u", C_OKADEV, 40, ""),
    cr(3, "kyoto-u", C_LAB2G, 45, ""),
    cr(3, "kyoto-u", C_HIDEP, 52, ""),
    cr(3, "kyoto-u", C_HIDEPA, 20, ""),
    cr(3, "ncc", C_NCC_PF, 180, ""),
    cr(3, "ncc", C_NCC_NEXT, 36, "アカデミア人材の受講者のみ計上"),
    // Theme 4: 9 courses, 574 participants.
    cr(4, "osaka-u", C_OSAKA, 48, ""),
    cr(4, "kobe-u", C_KOBE1, 30, KOBE_HOSP),
    cr(4, "kobe-u", C_KOBE2, 22, KOBE_HOSP),
    cr(4, "science-tokyo", C_TOKYO, 64, ""),
    cr(4, "okayama-u", C_BIZEN, 18, ""),
    cr(4, "okayama-u", C_OKADEV, 40, ""),
    cr(4, "okayama-u", "ニューメキシコ大学技術移転&ベンチャー創出研修プログラム", 15, ""),
    cr(4, "kyoto-u", C_LAB2G, 45, ""),
    cr(4, "tohoku-u", "人材育成講座", 292, "オンライン受講者を含む"),
    // Theme 5: 4 courses, 427 participants.
    cr(5, "science-tokyo", C_TOKYO, 64, ""),
    cr(5, "okayama-u", C_OKADEV, 40, ""),
    cr(5, "kyoto-u", "医療機器開発のための活用ワークショップ", 118, ""),
    cr(5, "kyoto-u", "医療AIセミナー・ワークショップ", 205, ""),
];

/// The seed's R7 results per theme: (course rows, participants).
const R7_THEME_TARGETS: [(u32, u32); 6] =
    [(12, 664), (15, 893), (12, 640), (9, 574), (4, 427), (0, 0)];

/// Courses of stations that have none in R7 (used in earlier rounds).
const GENERIC_COURSES: &[(&str, &str, &[u8])] = &[
    (
        "shinshu-u",
        "医療機器開発スタートアップ支援セミナー",
        &[3, 4],
    ),
    ("kurashiki-ch", "臨床ニーズマッチング研修", &[1, 2]),
    (
        "iwate-ipc",
        "ものづくり企業のための医療機器参入セミナー",
        &[2],
    ),
    ("nagoya-u", "医療機器開発ニーズ探索セミナー", &[1, 2]),
    ("nagoya-u", "医療AI・データサイエンス実習", &[5]),
    (
        "kyushu-u",
        "バイオデザイン・デザイン思考ワークショップ",
        &[1, 2, 3],
    ),
    (
        "keio-u",
        "医療機器スタートアップ起業家育成プログラム",
        &[3, 4],
    ),
    ("keio-u", "知財・事業化戦略講座", &[4]),
    ("fujita", "臨床研究・治験入門コース", &[1, 3]),
    ("tokushima-u", "レギュラトリーサイエンス実践講座", &[3]),
    ("hamamatsu", "医工連携コーディネーター養成講座", &[4]),
    ("kitakyushu", "医療機器薬事・保険戦略講座", &[2, 4]),
    ("fukushima", "医療機器安全性評価実習", &[2]),
    ("fukushima", "地域医療機器産業人材交流会", &[6]),
    ("kanagawa", "医療機器評価技術研修", &[2, 3]),
];

#[derive(Clone)]
struct Course {
    theme: u8,
    name: String,
    participants: u32,
    note: String,
}

const JOINT_ITEMS: [&str; 9] = [
    "基礎研究",
    "開発研究",
    "非臨床試験",
    "臨床試験",
    "他拠点連携",
    "国際共同治験基盤",
    "基盤整備①",
    "基盤整備②",
    "基盤整備③",
];

/// KPI 3 design: corrected (one-year) totals per item, in JOINT_ITEMS order.
/// R7 shows the large increase of the verification phase (臨床試験).
fn joint_totals(label: &str) -> [u32; 9] {
    match label {
        "R4" => [62, 118, 41, 38, 52, 3, 9, 7, 6],
        "R5" => [55, 104, 37, 33, 47, 2, 8, 8, 5],
        "R6" => [71, 126, 48, 44, 63, 4, 12, 10, 8],
        _ => [66, 122, 52, 97, 58, 3, 11, 9, 8],
    }
}

/// Only a few stations report an international joint-trial network.
fn intl_stations(label: &str) -> &'static [&'static str] {
    match label {
        "R4" => &["ncc", "kyoto-u"],
        "R5" => &["ncc", "osaka-u"],
        "R6" => &["ncc", "kyoto-u", "osaka-u"],
        _ => &["ncc", "kyoto-u"],
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SiteForm {
    Workbook,
    /// Workbook without 人材育成研修, which is a Shift_JIS CSV beside it.
    TrainingCsvSjis,
    /// Every sheet as a UTF-8 (BOM) CSV file, no workbook.
    AllCsvUtf8,
}

struct Site {
    station: &'static Station,
    courses: Vec<Course>,
    /// (item index, count) in the order written; omitted items count 0.
    joint: Vec<(usize, u32)>,
    form: SiteForm,
}

/// "第9期" in round R7 becomes "第{9-k}期" k rounds earlier (and an
/// earlier cohort is no longer "継続中").
fn shift_cohort(name: &str, k: i32) -> String {
    let name = &name.replace(" (継続中)", "");
    if let Some(start) = name.find('第') {
        let rest = &name[start + '第'.len_utf8()..];
        if let Some(end) = rest.find('期') {
            if let Ok(num) = rest[..end].parse::<i32>() {
                let shifted = (num - k).max(1);
                return format!(
                    "{}第{}期{}",
                    &name[..start],
                    shifted,
                    &rest[end + '期'.len_utf8()..]
                );
            }
        }
    }
    name.to_string()
}

/// One unique course of an earlier round: names and theme set.
struct CourseDesign {
    stem: &'static str,
    name: String,
    themes: Vec<u8>,
    note: &'static str,
    weight: u32,
}

fn build_sites(r: &RoundDef) -> Res<Vec<Site>> {
    let (stems, expected) = round_stations(r.label);
    ensure!(
        stems.len() == expected,
        "{}: {} stations designed, {} expected",
        r.label,
        stems.len(),
        expected
    );
    let mut rng = Rng::for_purpose(r.label, "sites");
    let mut by_stem: Vec<(&'static str, Vec<Course>)> =
        stems.iter().map(|s| (*s, Vec::new())).collect();

    if r.label == "R7" {
        for c in R7_COURSES {
            let slot = by_stem
                .iter_mut()
                .find(|(stem, _)| *stem == c.stem)
                .ok_or_else(|| format!("R7 course {} names unknown station {}", c.name, c.stem))?;
            slot.1.push(Course {
                theme: c.theme,
                name: c.name.to_string(),
                participants: c.participants,
                note: c.note.to_string(),
            });
        }
    } else {
        let k = match r.label {
            "R6" => 1,
            "R5" => 2,
            _ => 3,
        };
        // Unique courses with their theme sets.
        let mut designs: Vec<CourseDesign> = Vec::new();
        for &stem in stems {
            let source_stem = if stem == "tmdu" {
                "science-tokyo"
            } else {
                stem
            };
            let mut mine: Vec<CourseDesign> = Vec::new();
            for c in R7_COURSES.iter().filter(|c| c.stem == source_stem) {
                if let Some(d) = mine.iter_mut().find(|d| d.name == c.name) {
                    d.themes.push(c.theme);
                } else {
                    mine.push(CourseDesign {
                        stem,
                        name: c.name.to_string(),
                        themes: vec![c.theme],
                        note: c.note,
                        weight: 0,
                    });
                }
            }
            for (g_stem, g_name, themes) in GENERIC_COURSES {
                if *g_stem == stem {
                    let themes: Vec<u8> = themes
                        .iter()
                        .copied()
                        .filter(|&t| t != 6 || r.label != "R6")
                        .collect();
                    if !themes.is_empty() {
                        mine.push(CourseDesign {
                            stem,
                            name: g_name.to_string(),
                            themes,
                            note: "",
                            weight: 0,
                        });
                    }
                }
            }
            // R4 returns cover two fiscal years: every course appears twice.
            for d in mine {
                let editions: Vec<String> = if r.label == "R4" {
                    if d.name.contains('期') {
                        vec![shift_cohort(&d.name, k + 1), shift_cohort(&d.name, k)]
                    } else {
                        vec![
                            format!("{}(2021年度)", d.name),
                            format!("{}(2022年度)", d.name),
                        ]
                    }
                } else {
                    vec![shift_cohort(&d.name, k)]
                };
                for name in editions {
                    let weight = if rng.chance(8) {
                        rng.range(150, 260) as u32
                    } else {
                        rng.range(12, 110) as u32
                    };
                    designs.push(CourseDesign {
                        stem: d.stem,
                        name,
                        themes: d.themes.clone(),
                        note: if d.note == KOBE_HOSP { KOBE_HOSP } else { "" },
                        weight,
                    });
                }
            }
        }
        // Participants: sum over (theme, course) rows must hit the target.
        let target = participants_target(r.label);
        let weighted: u64 = designs
            .iter()
            .map(|d| u64::from(d.weight) * d.themes.len() as u64)
            .sum();
        let mut parts: Vec<u32> = designs
            .iter()
            .map(|d| ((u64::from(d.weight) * u64::from(target) / weighted) as u32).max(3))
            .collect();
        let used: u32 = designs
            .iter()
            .zip(&parts)
            .map(|(d, p)| p * d.themes.len() as u32)
            .sum();
        ensure!(used <= target, "{}: participants overshoot", r.label);
        let singles: Vec<usize> = (0..designs.len())
            .filter(|&i| designs[i].themes.len() == 1)
            .collect();
        ensure!(
            !singles.is_empty(),
            "{}: no single-theme course to absorb the remainder",
            r.label
        );
        for j in 0..(target - used) as usize {
            parts[singles[j % singles.len()]] += 1;
        }
        for (d, p) in designs.iter().zip(&parts) {
            let slot = by_stem
                .iter_mut()
                .find(|(stem, _)| *stem == d.stem)
                .ok_or("course of unknown station")?;
            for &t in &d.themes {
                slot.1.push(Course {
                    theme: t,
                    name: d.name.clone(),
                    participants: *p,
                    note: d.note.to_string(),
                });
            }
        }
    }

    // Joint research (KPI 3): split the designed totals over stations.
    let totals = joint_totals(r.label);
    let mut joint: Vec<Vec<(usize, u32)>> = vec![Vec::new(); stems.len()];
    for (item, &total) in totals.iter().enumerate() {
        let raw_total = total * r.factor;
        let weights: Vec<u32> = stems
            .iter()
            .map(|stem| {
                if item == 5 {
                    // 国際共同治験基盤: a few stations only.
                    u32::from(intl_stations(r.label).contains(stem)) * rng.range(1, 3) as u32
                } else if item >= 6 && rng.chance(45) {
                    0
                } else if station(stem).map(|s| s.program) == Some(Program::MetiGlobal) && item < 4
                {
                    rng.range(0, 1) as u32
                } else {
                    rng.range(1, 10) as u32
                }
            })
            .collect();
        let counts = allocate(raw_total, &weights);
        for (si, &c) in counts.iter().enumerate() {
            if c > 0 || (item < 5 && rng.chance(30)) {
                joint[si].push((item, c));
            }
        }
    }
    // A couple of stations list their items in another order.
    for (si, items) in joint.iter_mut().enumerate() {
        if si % 7 == 3 {
            items.reverse();
        }
    }

    let mut sites = Vec::new();
    for (si, (stem, mut courses)) in by_stem.into_iter().enumerate() {
        let st = station(stem).ok_or_else(|| format!("unknown station {stem}"))?;
        courses.sort_by_key(|c| c.theme);
        let form = match (r.label, stem) {
            ("R7", "kyoto-u") => SiteForm::TrainingCsvSjis,
            ("R6", "kitakyushu") => SiteForm::AllCsvUtf8,
            _ => SiteForm::Workbook,
        };
        sites.push(Site {
            station: st,
            courses,
            joint: std::mem::take(&mut joint[si]),
            form,
        });
    }
    Ok(sites)
}

fn site_sheets(site: &Site) -> (Sheet, Sheet, Sheet) {
    let info = Sheet {
        name: "拠点情報",
        headers: &["拠点名", "事業", "分野", "所管"],
        rows: vec![vec![
            s(site.station.name),
            s(site.station.program.name()),
            s(site.station.field),
            s(site.station.program.ministry()),
        ]],
    };
    let training = Sheet {
        name: "人材育成研修",
        headers: &["テーマ", "研修名", "受入人数", "備考"],
        rows: site
            .courses
            .iter()
            .map(|c| {
                vec![
                    n(c.theme),
                    V::S(c.name.clone()),
                    n(c.participants),
                    if c.note.is_empty() {
                        V::Blank
                    } else {
                        V::S(c.note.clone())
                    },
                ]
            })
            .collect(),
    };
    let joint = Sheet {
        name: "共同研究",
        headers: &["項目", "件数"],
        rows: site
            .joint
            .iter()
            .map(|&(i, c)| vec![s(JOINT_ITEMS[i]), n(c)])
            .collect(),
    };
    (info, training, joint)
}

fn write_site(dir: &Path, site: &Site) -> Res<()> {
    let stem = site.station.stem;
    let (info, training, joint) = site_sheets(site);
    match site.form {
        SiteForm::Workbook => {
            save_workbook(&dir.join(format!("{stem}.xlsx")), &[info, training, joint])
        }
        SiteForm::TrainingCsvSjis => {
            save_workbook(&dir.join(format!("{stem}.xlsx")), &[info, joint])?;
            save_csv(
                &dir.join(format!("{stem}.人材育成研修.csv")),
                &training,
                CsvEncoding::ShiftJis,
            )
        }
        SiteForm::AllCsvUtf8 => {
            for sheet in [&info, &training, &joint] {
                save_csv(
                    &dir.join(format!("{stem}.{}.csv", sheet.name)),
                    sheet,
                    CsvEncoding::Utf8Bom,
                )?;
            }
            Ok(())
        }
    }
}

/// `[[accept]]` for R7's stations that trained people in R6 and no one in
/// R7 (SPEC §17): the published report lists no course of theirs, so the
/// warning is confirmed as true.
fn accepted_no_training(r: &RoundDef, sites: &[Site], previous: Option<&[Site]>) -> String {
    let mut t = String::new();
    let (true, Some(previous)) = (r.label == "R7", previous) else {
        return t;
    };
    let trained = |site: &Site| site.courses.iter().map(|c| c.participants).sum::<u32>() > 0;
    for site in sites {
        let trained_before = previous
            .iter()
            .any(|p| p.station.name == site.station.name && trained(p));
        if trained(site) || !trained_before {
            continue;
        }
        // Where the warning is: a station without training rows is
        // located at its station sheet's file.
        let file = match site.form {
            SiteForm::AllCsvUtf8 => format!("{}.拠点情報.csv", site.station.stem),
            SiteForm::TrainingCsvSjis | SiteForm::Workbook => format!("{}.xlsx", site.station.stem),
        };
        let _ = writeln!(t);
        let _ = writeln!(t, "[[accept]]");
        let _ = writeln!(t, "at = \"sites/{file}:人材育成研修\"");
        let _ = writeln!(t, "code = \"W0606\"");
        let _ = writeln!(
            t,
            "why = \"公表された令和7年度の報告書の研修一覧にこの拠点の研修はなく、受入実績のない拠点として集計する\""
        );
    }
    t
}

fn check_sites(r: &RoundDef, sites: &[Site]) -> Res<()> {
    let (_, expected) = round_stations(r.label);
    ensure!(
        sites.len() == expected,
        "{}: {} sites, expected {}",
        r.label,
        sites.len(),
        expected
    );
    let raw: u32 = sites
        .iter()
        .flat_map(|s| &s.courses)
        .map(|c| c.participants)
        .sum();
    ensure!(
        raw == participants_target(r.label),
        "{}: participants {} != {}",
        r.label,
        raw,
        participants_target(r.label)
    );
    let days = r.end.days() - r.start.days() + 1;
    let factor = round_div(days as u64 * 100, 36_525).max(1);
    ensure!(
        factor == u64::from(r.factor),
        "{}: period factor {} != {}",
        r.label,
        factor,
        r.factor
    );
    for t in 1..=5u8 {
        ensure!(
            sites.iter().flat_map(|s| &s.courses).any(|c| c.theme == t),
            "{}: theme {} has no course",
            r.label,
            t
        );
    }
    if r.label == "R7" {
        for (i, &(rows, parts)) in R7_THEME_TARGETS.iter().enumerate() {
            let t = i as u8 + 1;
            let cs: Vec<&Course> = sites
                .iter()
                .flat_map(|s| &s.courses)
                .filter(|c| c.theme == t)
                .collect();
            let p: u32 = cs.iter().map(|c| c.participants).sum();
            ensure!(
                cs.len() as u32 == rows && p == parts,
                "R7 theme {}: {} rows / {} participants, expected {} / {}",
                t,
                cs.len(),
                p,
                rows,
                parts
            );
        }
    }
    let corrected = u64::from(raw) / u64::from(r.factor);
    let per_site = round_div(corrected, sites.len() as u64);
    let expected_per_site = match r.label {
        "R4" => 130,
        "R5" => 139,
        "R6" => 186,
        _ => 200,
    };
    ensure!(
        per_site == expected_per_site,
        "{}: A/B {} != {}",
        r.label,
        per_site,
        expected_per_site
    );
    let totals = joint_totals(r.label);
    for (item, &total) in totals.iter().enumerate() {
        let sum: u32 = sites
            .iter()
            .flat_map(|s| &s.joint)
            .filter(|(i, _)| *i == item)
            .map(|(_, c)| c)
            .sum();
        ensure!(
            sum == total * r.factor,
            "{}: joint {} {} != {}",
            r.label,
            JOINT_ITEMS[item],
            sum,
            total * r.factor
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// JFMDA company survey (KPI 2 and KPI 7)
// ---------------------------------------------------------------------------

/// KPI 2 design per round (see SPEC section 10). The 4-round means of the
/// per-round rates are 10.39 % (ventures) and 5.10 % (cross-industry).
struct Kpi2Design {
    responses: usize,
    domestic: usize,
    ventures: usize,
    ventures_rd: usize,
    /// Non-R&D-specialised ventures without a marketable product.
    ventures_no_product: usize,
    cross: usize,
    cross_rd: usize,
    cross_no_product: usize,
}

fn kpi2_design(label: &str) -> Kpi2Design {
    let (
        responses,
        domestic,
        ventures,
        ventures_rd,
        ventures_no_product,
        cross,
        cross_rd,
        cross_no_product,
    ) = match label {
        "R4" => (122, 100, 12, 0, 4, 4, 0, 1),
        "R5" => (125, 101, 9, 1, 1, 4, 0, 2),
        "R6" => (129, 107, 11, 2, 2, 6, 1, 1),
        _ => (134, 106, 11, 2, 1, 5, 1, 2),
    };
    Kpi2Design {
        responses,
        domestic,
        ventures,
        ventures_rd,
        ventures_no_product,
        cross,
        cross_rd,
        cross_no_product,
    }
}

/// KPI 7 design: (companies with any activity, with any base, counts per
/// item) over domestic responses. Item order: bases R&D, production, sales,
/// training, other; export, IP abroad, investment, regulatory, joint R&D.
fn kpi7_design(label: &str) -> (usize, usize, [usize; 10]) {
    match label {
        "R4" => (64, 33, [8, 14, 27, 12, 5, 52, 30, 9, 40, 10]),
        "R5" => (63, 32, [9, 15, 26, 11, 5, 50, 30, 9, 38, 12]),
        "R6" => (64, 33, [11, 17, 25, 10, 4, 51, 31, 10, 38, 14]),
        _ => (63, 32, [13, 18, 23, 9, 4, 48, 30, 10, 35, 16]),
    }
}

#[derive(Clone)]
struct Company {
    foreign: bool,
    founded: Date,
    capital: f64,
    employees: u32,
    own_rd: bool,
    importer: bool,
    cross: bool,
    rd_start: Option<Date>,
    rd_specialised: bool,
    product: bool,
    intl: [bool; 10],
    /// Propensity for international activity (higher = more likely).
    propensity: i64,
}

impl Company {
    fn base(founded: Date, capital: f64, employees: u32) -> Company {
        Company {
            foreign: false,
            founded,
            capital,
            employees,
            own_rd: true,
            importer: false,
            cross: false,
            rd_start: None,
            rd_specialised: false,
            product: true,
            intl: [false; 10],
            propensity: 0,
        }
    }
}

fn is_venture(c: &Company, d: Date) -> bool {
    !c.foreign
        && c.own_rd
        && !c.importer
        && c.founded >= d.minus_years(15)
        && c.capital <= 300.0
        && c.employees <= 300
}

fn is_cross(c: &Company, d: Date) -> bool {
    !c.foreign
        && !is_venture(c, d)
        && c.own_rd
        && c.cross
        && c.rd_start.is_some_and(|s| s >= d.minus_years(5))
}

fn random_date(rng: &mut Rng, from: Date, to: Date) -> Date {
    Date::from_days(rng.range(from.days(), to.days()))
}

const SMALL_CAPITALS: [f64; 12] = [
    5.0, 10.0, 12.5, 20.0, 30.0, 45.0, 50.0, 80.0, 99.0, 100.0, 150.0, 250.0,
];

fn build_companies(r: &RoundDef) -> Res<Vec<Company>> {
    let d = r.reference;
    let k = kpi2_design(r.label);
    let mut rng = Rng::for_purpose(r.label, "companies");
    let mut out: Vec<Company> = Vec::new();

    // Ventures.
    for i in 0..k.ventures {
        let founded = match i {
            0 => d.minus_years(15), // boundary: exactly D - 15 years
            _ => random_date(&mut rng, d.minus_years(15).add_days(30), d.add_days(-200)),
        };
        let (capital, employees) = match i {
            1 => (300.0, 300), // boundary: both limits exactly
            _ => (*rng.pick(&SMALL_CAPITALS), rng.range(3, 160) as u32),
        };
        let mut c = Company::base(founded, capital, employees);
        if i == 2 {
            // A venture that also entered from another industry with recent
            // R&D: counted as a venture only (cross-industry requires ¬venture).
            c.cross = true;
            c.rd_start = Some(random_date(
                &mut rng,
                founded.max(d.minus_years(4)),
                d.add_days(-30),
            ));
        } else if rng.chance(70) {
            c.rd_start = Some(random_date(
                &mut rng,
                founded,
                founded.add_days(400).min(d.add_days(-30)),
            ));
        }
        c.rd_specialised = i >= k.ventures - k.ventures_rd;
        c.product = !c.rd_specialised && i < k.ventures - k.ventures_rd - k.ventures_no_product;
        c.propensity = rng.range(20, 160);
        out.push(c);
    }

    // Cross-industry entrants (not ventures).
    for i in 0..k.cross {
        let mut c = match i {
            // Young but large: a spin-off of a big group.
            1 => Company::base(
                random_date(&mut rng, date(r.fy - 9, 1, 1), date(r.fy - 6, 12, 31)),
                4800.0,
                1200,
            ),
            // Small but older than 15 years.
            2 => Company::base(d.minus_years(16).add_days(-(rng.range(0, 2000))), 90.0, 85),
            _ => Company::base(
                random_date(&mut rng, date(1950, 1, 1), date(2004, 12, 31)),
                rng.range(300, 60_000) as f64,
                rng.range(150, 20_000) as u32,
            ),
        };
        c.cross = true;
        c.rd_start = Some(match i {
            0 => d.minus_years(5), // boundary: R&D began exactly D - 5 years
            _ => random_date(&mut rng, d.minus_years(5).add_days(1), d.add_days(-60)),
        });
        if c.founded > c.rd_start.unwrap_or(d) {
            c.founded = c.rd_start.unwrap_or(d).add_days(-400);
        }
        c.rd_specialised = i >= k.cross - k.cross_rd;
        c.product = !c.rd_specialised && i < k.cross - k.cross_rd - k.cross_no_product;
        c.propensity = rng.range(60, 260);
        out.push(c);
    }

    // Domestic companies that are neither: near misses first.
    let young = |rng: &mut Rng| random_date(rng, d.minus_years(12), d.minus_years(2));
    let mut near: Vec<Company> = Vec::new();
    // Founded one day before D - 15 years.
    near.push(Company::base(d.minus_years(15).add_days(-1), 50.0, 40));
    // Young but capital 301 / 301 employees.
    let f = young(&mut rng);
    near.push(Company::base(f, 301.0, 60));
    let f = young(&mut rng);
    near.push(Company::base(f, 80.0, 301));
    // Young and small, but an importer.
    let f = young(&mut rng);
    let mut c = Company::base(f, 30.0, 25);
    c.importer = true;
    near.push(c);
    // Young and small, but no own R&D (distributor).
    let f = young(&mut rng);
    let mut c = Company::base(f, 10.0, 12);
    c.own_rd = false;
    near.push(c);
    // Cross-industry whose R&D began one day before D - 5 years.
    let mut c = Company::base(
        random_date(&mut rng, date(1960, 1, 1), date(2000, 12, 31)),
        2000.0,
        900,
    );
    c.cross = true;
    c.rd_start = Some(d.minus_years(5).add_days(-1));
    near.push(c);
    // Cross-industry whose R&D began six years ago.
    let mut c = Company::base(
        random_date(&mut rng, date(1955, 1, 1), date(1999, 12, 31)),
        12_000.0,
        5400,
    );
    c.cross = true;
    c.rd_start = Some(random_date(
        &mut rng,
        d.minus_years(6).add_days(-300),
        d.minus_years(6),
    ));
    near.push(c);
    // Cross-industry with a recent start but no own R&D.
    let mut c = Company::base(
        random_date(&mut rng, date(1970, 1, 1), date(2005, 12, 31)),
        700.0,
        450,
    );
    c.cross = true;
    c.own_rd = false;
    c.rd_start = Some(random_date(&mut rng, d.minus_years(3), d.add_days(-90)));
    near.push(c);
    for c in near.iter_mut() {
        c.propensity = rng.range(0, 200);
        c.product = rng.chance(75);
    }
    let others = k.domestic - k.ventures - k.cross;
    ensure!(
        others >= near.len(),
        "{}: too few domestic companies",
        r.label
    );
    out.extend(near);
    // Established medical-device companies and distributors.
    while out.len() < k.domestic {
        let founded = random_date(&mut rng, date(1918, 1, 1), d.minus_years(16));
        let tier = rng.weighted(&[30, 35, 25, 10]);
        let (capital, employees) = match tier {
            0 => (rng.range(10, 300) as f64, rng.range(10, 300) as u32),
            1 => (rng.range(100, 2000) as f64, rng.range(100, 1500) as u32),
            2 => (rng.range(1000, 30_000) as f64, rng.range(800, 8000) as u32),
            _ => (
                rng.range(20_000, 200_000) as f64,
                rng.range(5000, 60_000) as u32,
            ),
        };
        let mut c = Company::base(founded, capital, employees);
        c.own_rd = rng.chance(85);
        c.importer = (!c.own_rd && rng.chance(50)) || rng.chance(5);
        if rng.chance(30) {
            c.rd_start = Some(random_date(
                &mut rng,
                founded,
                d.minus_years(6).max(founded),
            ));
        }
        c.product = rng.chance(92);
        c.propensity = tier as i64 * 100 + rng.range(0, 180);
        out.push(c);
    }

    // Foreign-capital companies, including some that would otherwise qualify.
    let mut foreign: Vec<Company> = Vec::new();
    for i in 0..(k.responses - k.domestic) {
        let mut c = match i {
            0 | 1 => Company::base(
                random_date(&mut rng, d.minus_years(8), d.minus_years(1)),
                20.0,
                15,
            ),
            2 => {
                let mut c = Company::base(
                    random_date(&mut rng, date(1980, 1, 1), date(2000, 12, 31)),
                    900.0,
                    600,
                );
                c.cross = true;
                c.rd_start = Some(random_date(&mut rng, d.minus_years(3), d.add_days(-100)));
                c
            }
            _ => Company::base(
                random_date(&mut rng, date(1950, 1, 1), date(2015, 12, 31)),
                rng.range(10, 20_000) as f64,
                rng.range(20, 3000) as u32,
            ),
        };
        c.foreign = true;
        c.importer = i > 2 && rng.chance(40);
        c.own_rd = i <= 2 || rng.chance(55);
        c.product = rng.chance(90);
        // Foreign subsidiaries: international by nature, not counted in KPI 7.
        for flag in c.intl.iter_mut() {
            *flag = rng.chance(45);
        }
        foreign.push(c);
    }
    out.extend(foreign);

    assign_international(r, &mut out, &mut rng)?;
    rng.shuffle(&mut out);
    Ok(out)
}

/// Chooses `count` members of each item so that every member of
/// `must_cover` holds at least one item.
fn spread(
    universe: &[usize],
    must_cover: &[usize],
    counts: &[usize],
    rng: &mut Rng,
) -> Res<Vec<Vec<usize>>> {
    let weights: Vec<u32> = counts.iter().map(|&c| c as u32).collect();
    let primaries = allocate(must_cover.len() as u32, &weights);
    let mut cover = must_cover.to_vec();
    rng.shuffle(&mut cover);
    let mut sets: Vec<Vec<usize>> = Vec::new();
    let mut next = 0;
    for (item, &p) in primaries.iter().enumerate() {
        ensure!(
            p as usize <= counts[item],
            "item {item}: primaries exceed count"
        );
        let mut set: Vec<usize> = cover[next..next + p as usize].to_vec();
        next += p as usize;
        let mut pool = universe.to_vec();
        rng.shuffle(&mut pool);
        for m in pool {
            if set.len() >= counts[item] {
                break;
            }
            if !set.contains(&m) {
                set.push(m);
            }
        }
        ensure!(set.len() == counts[item], "item {item}: universe too small");
        sets.push(set);
    }
    Ok(sets)
}

fn assign_international(r: &RoundDef, companies: &mut [Company], rng: &mut Rng) -> Res<()> {
    let (n_active, n_base, counts) = kpi7_design(r.label);
    let mut domestic: Vec<usize> = (0..companies.len())
        .filter(|&i| !companies[i].foreign)
        .collect();
    domestic.sort_by(|&a, &b| {
        companies[b]
            .propensity
            .cmp(&companies[a].propensity)
            .then(a.cmp(&b))
    });
    let active: Vec<usize> = domestic[..n_active].to_vec();
    let bases: Vec<usize> = domestic[..n_base].to_vec();
    let rest: Vec<usize> = domestic[n_base..n_active].to_vec();
    let base_sets = spread(&bases, &bases, &counts[..5], rng)?;
    let act_sets = spread(&active, &rest, &counts[5..], rng)?;
    for (item, set) in base_sets.iter().chain(act_sets.iter()).enumerate() {
        for &m in set {
            companies[m].intl[item] = true;
        }
    }
    Ok(())
}

fn check_companies(r: &RoundDef, companies: &[Company]) -> Res<()> {
    let d = r.reference;
    let k = kpi2_design(r.label);
    let domestic: Vec<&Company> = companies.iter().filter(|c| !c.foreign).collect();
    let ventures: Vec<&&Company> = domestic.iter().filter(|c| is_venture(c, d)).collect();
    let cross: Vec<&&Company> = domestic.iter().filter(|c| is_cross(c, d)).collect();
    ensure!(
        companies.len() == k.responses,
        "{}: responses {}",
        r.label,
        companies.len()
    );
    ensure!(
        domestic.len() == k.domestic,
        "{}: domestic {}",
        r.label,
        domestic.len()
    );
    ensure!(
        ventures.len() == k.ventures,
        "{}: ventures {} != {}",
        r.label,
        ventures.len(),
        k.ventures
    );
    ensure!(
        cross.len() == k.cross,
        "{}: cross-industry {} != {}",
        r.label,
        cross.len(),
        k.cross
    );
    let v_rd = ventures.iter().filter(|c| c.rd_specialised).count();
    let c_rd = cross.iter().filter(|c| c.rd_specialised).count();
    ensure!(
        v_rd == k.ventures_rd && c_rd == k.cross_rd,
        "{}: R&D-specialised counts",
        r.label
    );
    let v_np = ventures
        .iter()
        .filter(|c| !c.rd_specialised && !c.product)
        .count();
    let c_np = cross
        .iter()
        .filter(|c| !c.rd_specialised && !c.product)
        .count();
    ensure!(
        v_np == k.ventures_no_product && c_np == k.cross_no_product,
        "{}: marketable-product counts",
        r.label
    );
    for c in companies {
        ensure!(
            c.founded <= d,
            "{}: company founded after the reference date",
            r.label
        );
        if let Some(s) = c.rd_start {
            ensure!(s <= d, "{}: R&D start after the reference date", r.label);
        }
    }
    if r.label == "R7" {
        ensure!(
            pct1(ventures.len() as u64, companies.len() as u64) == "8.2%",
            "R7: venture rate incl. foreign"
        );
    }
    let (n_active, n_base, counts) = kpi7_design(r.label);
    let active = domestic
        .iter()
        .filter(|c| c.intl.iter().any(|&f| f))
        .count();
    let base = domestic
        .iter()
        .filter(|c| c.intl[..5].iter().any(|&f| f))
        .count();
    ensure!(
        active == n_active && base == n_base,
        "{}: KPI 7 active {} base {}",
        r.label,
        active,
        base
    );
    for (item, &want) in counts.iter().enumerate() {
        let got = domestic.iter().filter(|c| c.intl[item]).count();
        ensure!(
            got == want,
            "{}: KPI 7 item {} {} != {}",
            r.label,
            item,
            got,
            want
        );
    }
    Ok(())
}

fn check_kpi2_means() -> Res<()> {
    // Rates as exact fractions; the mean of four rates, half-up to 0.1 %.
    let mut v_sum = 0.0;
    let mut c_sum = 0.0;
    for r in &ROUNDS {
        let k = kpi2_design(r.label);
        v_sum += k.ventures as f64 / k.domestic as f64;
        c_sum += k.cross as f64 / (k.domestic - k.ventures) as f64;
    }
    let v_mean = (v_sum / 4.0 * 1000.0 + 0.5).floor() / 10.0;
    let c_mean = (c_sum / 4.0 * 1000.0 + 0.5).floor() / 10.0;
    ensure!(
        (v_mean - 10.4).abs() < 1e-9 && (c_mean - 5.1).abs() < 1e-9,
        "KPI 2 4-round means {v_mean} / {c_mean}"
    );
    Ok(())
}

#[derive(Clone, Copy)]
enum YesNo {
    Hai,
    Maru,
    Number,
}

fn yes_no(style: YesNo, b: bool) -> V {
    match style {
        YesNo::Hai => s(if b { "はい" } else { "いいえ" }),
        YesNo::Maru => s(if b { "○" } else { "×" }),
        YesNo::Number => n(u8::from(b)),
    }
}

const COMPANY_HEADERS: &[&str] = &[
    "回答ID",
    "資本",
    "設立日",
    "資本金(百万円)",
    "従業員数",
    "自社研究開発",
    "輸入主体",
    "異業種参入",
    "医療機器研究開発開始日",
    "研究開発特化型",
    "上市可能製品",
    "海外拠点_研究開発",
    "海外拠点_生産",
    "海外拠点_販売",
    "海外拠点_教育",
    "海外拠点_その他",
    "輸出",
    "知財海外出願",
    "海外投資",
    "海外許認可申請",
    "海外共同研究開発",
];

/// A date as text in one of the accepted forms (R6 only).
fn date_as_text(d: Date, form: usize) -> V {
    match form % 4 {
        0 => V::S(d.iso()),
        1 => V::S(d.slash_short()),
        _ => V::S(d.wareki().unwrap_or_else(|| d.iso())),
    }
}

fn company_sheet(r: &RoundDef, companies: &[Company]) -> Sheet {
    let yn = match r.label {
        "R5" => YesNo::Maru,
        "R6" => YesNo::Number,
        _ => YesNo::Hai,
    };
    let mut rows = Vec::new();
    for (i, c) in companies.iter().enumerate() {
        let founded = match r.label {
            "R5" => V::D(c.founded, FMT_ERA),
            "R6" if i % 5 == 1 => date_as_text(c.founded, i / 5),
            _ => V::D(c.founded, FMT_DATE),
        };
        let rd_start = match c.rd_start {
            None => V::Blank,
            Some(s) if r.label == "R6" && i % 3 == 0 => date_as_text(s, i / 3 + 2),
            Some(s) => V::D(s, FMT_DATE),
        };
        let mut row = vec![
            V::S(format!("{}-{:03}", r.label, i + 1)),
            s(if c.foreign { "外資" } else { "内資" }),
            founded,
            n(c.capital),
            n(c.employees),
            yes_no(yn, c.own_rd),
            yes_no(yn, c.importer),
            yes_no(yn, c.cross),
            rd_start,
            yes_no(yn, c.rd_specialised),
            yes_no(yn, c.product),
        ];
        row.extend(c.intl.iter().map(|&b| yes_no(yn, b)));
        rows.push(row);
    }
    Sheet {
        name: "回答",
        headers: COMPANY_HEADERS,
        rows,
    }
}

// ---------------------------------------------------------------------------
// AMED topics (KPI 6)
// ---------------------------------------------------------------------------

/// Current stage 5 = 上市; area 6 = なし/複数.
#[derive(Clone, Copy)]
struct Cell {
    adopt: u8,
    current: u8,
    area: u8,
    evaluated: u32,
    fresh: u32,
}

const fn cell(adopt: u8, current: u8, area: u8, evaluated: u32, fresh: u32) -> Cell {
    Cell {
        adopt,
        current,
        area,
        evaluated,
        fresh,
    }
}

/// R7: the seed's transition matrices (adopted at stage a, now at stage c;
/// priority columns 1..5, なし/複数), all topics and evaluated topics, with
/// SPEC section 10's corrections (all 3rd→3rd なし/複数 = 12, all 4th→4th
/// なし/複数 = 22, evaluated 3rd→3rd なし/複数 = 8).
const R7_ALL: &[(u8, u8, [u32; 6])] = &[
    (1, 1, [10, 13, 12, 5, 15, 10]),
    (1, 2, [0, 1, 1, 2, 3, 0]),
    (1, 3, [0, 0, 0, 2, 0, 0]),
    (1, 4, [0, 2, 3, 1, 0, 0]),
    (2, 2, [5, 5, 3, 8, 7, 34]),
    (2, 3, [0, 0, 0, 1, 2, 6]),
    (2, 4, [2, 2, 1, 0, 4, 0]),
    (3, 3, [2, 2, 2, 10, 2, 12]),
    (3, 4, [0, 0, 3, 3, 3, 0]),
    (4, 4, [4, 16, 7, 7, 6, 22]),
];

const R7_EVALUATED: &[(u8, u8, [u32; 6])] = &[
    (1, 1, [5, 8, 11, 5, 3, 10]),
    (1, 2, [0, 1, 1, 2, 2, 0]),
    (1, 3, [0, 0, 0, 2, 0, 0]),
    (1, 4, [0, 2, 3, 1, 0, 0]),
    (2, 2, [5, 3, 2, 5, 6, 19]),
    (2, 3, [0, 0, 0, 1, 2, 6]),
    (2, 4, [2, 2, 1, 0, 4, 0]),
    (3, 3, [1, 0, 2, 9, 2, 8]),
    (3, 4, [0, 0, 3, 3, 2, 0]),
    (4, 4, [3, 14, 3, 6, 5, 18]),
];

/// R5 (FY2023): solved so that the evaluated topics reproduce the seed's
/// by-round table: stage-up 44/133 = 33.1 %, launched 5/133 = 3.8 %; by
/// adoption stage 4/21, 23/44, 13/25, 4/43; by priority column 4/10, 17/33,
/// 10/16, 5/19, 6/15, 2/40. `fresh` = adopted in FY2023 (not evaluated).
const AMED_R5: &[Cell] = &[
    cell(1, 1, 1, 2, 1),
    cell(1, 1, 2, 3, 3),
    cell(1, 1, 3, 3, 3),
    cell(1, 1, 4, 2, 2),
    cell(1, 1, 5, 1, 1),
    cell(1, 1, 6, 6, 9),
    cell(1, 2, 4, 1, 0),
    cell(1, 2, 5, 0, 1),
    cell(1, 3, 2, 1, 0),
    cell(1, 4, 2, 1, 0),
    cell(1, 4, 3, 1, 0),
    cell(2, 2, 1, 2, 1),
    cell(2, 2, 2, 2, 2),
    cell(2, 2, 3, 1, 0),
    cell(2, 2, 4, 2, 0),
    cell(2, 2, 5, 3, 3),
    cell(2, 2, 6, 11, 15),
    cell(2, 3, 1, 2, 0),
    cell(2, 3, 2, 8, 0),
    cell(2, 3, 3, 1, 0),
    cell(2, 3, 4, 0, 1),
    cell(2, 3, 5, 3, 0),
    cell(2, 3, 6, 1, 0),
    cell(2, 4, 1, 1, 0),
    cell(2, 4, 2, 3, 0),
    cell(2, 4, 3, 1, 0),
    cell(2, 4, 4, 1, 0),
    cell(2, 4, 5, 1, 0),
    cell(2, 4, 6, 1, 0),
    cell(3, 3, 1, 0, 1),
    cell(3, 3, 3, 1, 1),
    cell(3, 3, 4, 5, 2),
    cell(3, 3, 5, 1, 1),
    cell(3, 3, 6, 5, 5),
    cell(3, 4, 2, 2, 0),
    cell(3, 4, 3, 6, 0),
    cell(3, 4, 4, 3, 0),
    cell(3, 4, 5, 1, 0),
    cell(3, 5, 1, 1, 0),
    cell(4, 4, 1, 2, 0),
    cell(4, 4, 2, 11, 3),
    cell(4, 4, 3, 1, 1),
    cell(4, 4, 4, 5, 1),
    cell(4, 4, 5, 4, 2),
    cell(4, 4, 6, 16, 13),
    cell(4, 5, 2, 2, 0),
    cell(4, 5, 3, 1, 0),
    cell(4, 5, 5, 1, 0),
];

/// R6 (FY2024): stage-up 44/164 = 26.8 %, launched 1/164 = 0.6 %; by
/// adoption stage 7/29, 26/58, 10/27, 1/50; by priority column 7/13, 13/29,
/// 8/13, 2/21, 9/23, 5/65.
const AMED_R6: &[Cell] = &[
    cell(1, 1, 1, 2, 1),
    cell(1, 1, 2, 4, 3),
    cell(1, 1, 3, 2, 4),
    cell(1, 1, 4, 3, 3),
    cell(1, 1, 5, 2, 2),
    cell(1, 1, 6, 9, 7),
    cell(1, 2, 2, 2, 1),
    cell(1, 2, 3, 1, 0),
    cell(1, 2, 4, 1, 0),
    cell(1, 2, 6, 0, 1),
    cell(1, 3, 5, 1, 0),
    cell(1, 4, 2, 1, 0),
    cell(1, 4, 3, 1, 0),
    cell(2, 2, 1, 2, 2),
    cell(2, 2, 2, 2, 1),
    cell(2, 2, 4, 4, 1),
    cell(2, 2, 5, 5, 2),
    cell(2, 2, 6, 19, 13),
    cell(2, 3, 1, 1, 0),
    cell(2, 3, 2, 3, 0),
    cell(2, 3, 3, 1, 0),
    cell(2, 3, 5, 2, 1),
    cell(2, 3, 6, 2, 0),
    cell(2, 4, 1, 4, 0),
    cell(2, 4, 2, 5, 0),
    cell(2, 4, 3, 1, 0),
    cell(2, 4, 5, 4, 0),
    cell(2, 4, 6, 3, 0),
    cell(3, 3, 3, 1, 1),
    cell(3, 3, 4, 6, 2),
    cell(3, 3, 5, 2, 2),
    cell(3, 3, 6, 8, 5),
    cell(3, 4, 1, 1, 0),
    cell(3, 4, 2, 2, 0),
    cell(3, 4, 3, 4, 0),
    cell(3, 4, 4, 1, 0),
    cell(3, 4, 5, 2, 0),
    cell(4, 4, 1, 2, 0),
    cell(4, 4, 2, 10, 4),
    cell(4, 4, 3, 2, 1),
    cell(4, 4, 4, 6, 1),
    cell(4, 4, 5, 5, 2),
    cell(4, 4, 6, 24, 12),
    cell(4, 5, 1, 1, 0),
];

fn r7_cells() -> Res<Vec<Cell>> {
    let mut cells = Vec::new();
    for &(a, c, all) in R7_ALL {
        let ev = R7_EVALUATED
            .iter()
            .find(|(ea, ec, _)| *ea == a && *ec == c)
            .map(|(_, _, v)| *v)
            .unwrap_or([0; 6]);
        for k in 0..6 {
            ensure!(
                all[k] >= ev[k],
                "R7 cell {a}->{c} area {}: evaluated exceeds all",
                k + 1
            );
            if all[k] > 0 {
                cells.push(cell(a, c, k as u8 + 1, ev[k], all[k] - ev[k]));
            }
        }
    }
    for &(a, c, _) in R7_EVALUATED {
        ensure!(
            R7_ALL.iter().any(|(ea, ec, _)| *ea == a && *ec == c),
            "R7 evaluated row {a}->{c} missing in all topics"
        );
    }
    Ok(cells)
}

/// Grant design: (sum over evaluated topics, sum over fresh topics), 千円.
fn grant_sums(label: &str) -> (u64, u64) {
    match label {
        "R5" => (133 * 68_450, 72 * 25_300),
        "R6" => (164 * 70_120, 72 * 24_050),
        // R7: means 72,208 (193 evaluated) and 59,419 (all 261).
        _ => (193 * 72_208, 261 * 59_419 - 193 * 72_208),
    }
}

const PROGRAMS: [(&str, &str, u32); 4] = [
    ("次世代型医療機器開発等促進事業", "hk", 40),
    ("医工連携グローバル展開事業", "hm", 25),
    ("医療機器等研究成果展開事業", "hs", 25),
    (
        "開発途上国・新興国等における医療技術等実用化研究事業",
        "hd",
        10,
    ),
];

/// Title stems per priority column (1..5, なし/複数); the ending depends on
/// the adoption stage (TITLE_ENDINGS).
const TITLE_STEMS: [[&str; 8]; 6] = [
    [
        "日常生活下で血圧を無意識に継続モニタリングするウェアラブル機器",
        "心房細動の早期検知と受診勧奨を行うスマートウォッチ型デバイス",
        "糖尿病患者の自己管理を支援する持続血糖測定連携プログラム",
        "睡眠時無呼吸のリスクを非接触で評価する寝室設置型センシング機器",
        "慢性腎臓病の重症化予防に資する家庭用尿検査デバイス",
        "フレイル予防のための歩行解析インソール型センサ",
        "生活習慣病患者の行動変容を促す治療用アプリ",
        "熱中症リスクを自動通知する着衣型生体センサ",
    ],
    [
        "早期膵がん検出のための血液バイオマーカー検査システム",
        "内視鏡画像から早期食道がんを検出するAI診断支援プログラム",
        "網膜画像を用いた緑内障早期診断支援プログラム",
        "認知機能低下を早期に捉える音声解析プログラム",
        "低線量CT画像による肺がん検出支援システム",
        "心不全増悪を予測する植込み型モニタリング機器",
        "光音響イメージングによる乳がん早期診断装置",
        "尿中マイクロRNAを用いたがん早期診断デバイス",
    ],
    [
        "術中病理診断と連動する脳腫瘍手術支援システム",
        "前立腺がんに対するMRI誘導集束超音波治療装置",
        "不整脈基質を可視化し最適な焼灼部位を提案するカテーテルシステム",
        "薬剤応答予測に基づく抗がん剤選択支援プログラム",
        "てんかん焦点を同定し刺激治療を行う閉ループ型神経刺激装置",
        "放射線治療計画を自動最適化するプログラム",
        "肝がんの診断と治療を一体化したラジオ波焼灼支援システム",
        "冠動脈病変の生理学的評価と治療計画を統合するプログラム",
    ],
    [
        "脊髄損傷者の歩行を支援する装着型ロボット",
        "筋電位で制御する多自由度電動義手",
        "加齢性難聴に対する次世代人工内耳",
        "脳卒中後片麻痺の上肢リハビリテーション支援ロボット",
        "嚥下機能を補助する頸部装着型電気刺激装置",
        "視覚障害者の移動を支援するウェアラブル誘導デバイス",
        "変形性膝関節症患者向け動力付き膝装具",
        "高齢者の転倒を防止するスマート歩行器",
    ],
    [
        "遠隔集中治療を支援する医療情報共有プラットフォーム",
        "手術記録を自動生成する映像解析プログラム",
        "看護業務を補助する病棟搬送ロボット",
        "救急外来の自動問診・トリアージ支援プログラム",
        "病理標本の自動スクリーニングシステム",
        "放射線画像読影レポート作成支援プログラム",
        "在宅医療のオンライン診療を支援する多機能モニタ",
        "周術期の麻酔記録と薬剤管理を自動化するシステム",
    ],
    [
        "新規生体吸収性材料を用いた小児用人工血管",
        "高機能親水性コーティングカテーテル",
        "次世代薬剤溶出型ステント",
        "埋込型医療機器用の長寿命電源",
        "医療用3Dプリンティングによる患者適合型インプラント",
        "低侵襲手術用自動縫合デバイス",
        "新興国向け低価格超音波診断装置",
        "眼科手術用高精度マニピュレータ",
    ],
];

const TITLE_ENDINGS: [&str; 4] = [
    "に関する基盤研究",
    "の開発",
    "の開発と非臨床評価",
    "の臨床試験",
];

#[derive(Clone)]
struct Topic {
    number: String,
    program: &'static str,
    title: String,
    adopted_fy: i32,
    grant: u64,
    area: u8,
    /// なし or 複数 for area 6.
    area_text: &'static str,
    adopt: u8,
    current: u8,
}

fn full_width_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// A fiscal year in one of the accepted forms (cell value).
fn fy_value(fy: i32, form: usize) -> V {
    let reiwa = fy - 2018;
    let heisei = fy - 1988;
    if fy <= 2018 {
        return match form % 2 {
            0 => V::S(format!("H{heisei}")),
            _ => V::S(format!("平成{heisei}年度")),
        };
    }
    match form % 5 {
        0 => n(fy),
        1 => V::S(format!("R{reiwa}")),
        2 if reiwa == 1 => s("令和元年度"),
        2 => V::S(format!("令和{reiwa}年度")),
        3 if reiwa == 1 => s("令和元年度"),
        3 => V::S(full_width_digits(&format!("令和{reiwa}年度"))),
        _ if reiwa == 1 => s("令和元年度"),
        _ => V::S(format!("令和{reiwa}")),
    }
}

fn build_topics(r: &RoundDef) -> Res<Option<Vec<Topic>>> {
    let cells = match r.label {
        "R5" => AMED_R5.to_vec(),
        "R6" => AMED_R6.to_vec(),
        "R7" => r7_cells()?,
        _ => return Ok(None),
    };
    let mut rng = Rng::for_purpose(r.label, "amed");
    let mut topics: Vec<Topic> = Vec::new();
    let mut raw_grants: Vec<u64> = Vec::new();
    let program_weights: Vec<u32> = PROGRAMS.iter().map(|p| p.2).collect();
    for c in &cells {
        for i in 0..(c.evaluated + c.fresh) {
            let fresh = i >= c.evaluated;
            let adopted_fy = if fresh {
                r.fy
            } else {
                // Topics that moved on have been running longer.
                let moved = u32::from(c.current > c.adopt);
                let back = 1 + rng.weighted(&[
                    40 - 15 * moved,
                    30,
                    18 + 5 * moved,
                    8 + 5 * moved,
                    4 + 5 * moved,
                ]) as i32;
                r.fy - back
            };
            let p = rng.weighted(&program_weights);
            let stem = *rng.pick(&TITLE_STEMS[usize::from(c.area - 1)]);
            let title = format!("{stem}{}", TITLE_ENDINGS[usize::from(c.adopt - 1)]);
            let stage_scale = [30_000u64, 55_000, 72_000, 95_000][usize::from(c.adopt - 1)];
            let mut raw = stage_scale * rng.range(40, 180) as u64 / 100;
            if fresh {
                raw = raw * 4 / 10;
            }
            raw_grants.push(raw);
            let area_text = if c.area == 6 {
                if rng.chance(60) {
                    "なし"
                } else {
                    "複数"
                }
            } else {
                ""
            };
            topics.push(Topic {
                number: String::new(),
                program: PROGRAMS[p].0,
                title,
                adopted_fy,
                grant: 0,
                area: c.area,
                area_text,
                adopt: c.adopt,
                current: c.current,
            });
        }
    }
    // Scale grants to the designed sums, separately for evaluated and fresh.
    let (sum_eval, sum_fresh) = grant_sums(r.label);
    for (want_fresh, target) in [(false, sum_eval), (true, sum_fresh)] {
        let idx: Vec<usize> = (0..topics.len())
            .filter(|&i| (topics[i].adopted_fy == r.fy) == want_fresh)
            .collect();
        let raw_sum: u64 = idx.iter().map(|&i| raw_grants[i]).sum();
        ensure!(raw_sum > 0, "{}: no grants to scale", r.label);
        for &i in &idx {
            topics[i].grant = (raw_grants[i] * target / raw_sum).max(1000);
        }
        let got: u64 = idx.iter().map(|&i| topics[i].grant).sum();
        let largest = idx
            .iter()
            .copied()
            .max_by(|&a, &b| topics[a].grant.cmp(&topics[b].grant).then(b.cmp(&a)))
            .ok_or("no topics")?;
        ensure!(
            topics[largest].grant + target > got,
            "{}: grant fix-up underflow",
            r.label
        );
        topics[largest].grant = topics[largest].grant + target - got;
    }
    // Topic numbers: JP + FY (2 digits) + program code + 7 digits.
    rng.shuffle(&mut topics);
    let mut serials: Vec<(String, u32)> = Vec::new();
    for t in topics.iter_mut() {
        let code = PROGRAMS
            .iter()
            .find(|p| p.0 == t.program)
            .map(|p| p.1)
            .unwrap_or("hx");
        let key = format!("JP{:02}{}", t.adopted_fy % 100, code);
        let serial = match serials.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => {
                entry.1 += 1;
                entry.1
            }
            None => {
                serials.push((key.clone(), 1));
                1
            }
        };
        t.number = format!("{key}01{:05}", 2000 + serial);
    }
    topics.sort_by(|a, b| a.number.cmp(&b.number));
    Ok(Some(topics))
}

fn amed_sheet(topics: &[Topic]) -> Sheet {
    let rows = topics
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                V::S(t.number.clone()),
                s(t.program),
                V::S(t.title.clone()),
                fy_value(t.adopted_fy, i),
                n(t.grant as f64),
                if t.area == 6 {
                    s(t.area_text)
                } else {
                    n(t.area)
                },
                n(t.adopt),
                if t.current == 5 {
                    s("上市")
                } else {
                    n(t.current)
                },
            ]
        })
        .collect();
    Sheet {
        name: "課題",
        headers: &[
            "課題番号",
            "事業名",
            "課題名",
            "採択年度",
            "助成額(千円)",
            "重点分野",
            "採択時ステージ",
            "現在ステージ",
        ],
        rows,
    }
}

/// Stage-up / launch tallies over a set of topics.
struct Tally {
    n: u64,
    up: u64,
    launched: u64,
}

fn tally<'a>(topics: impl Iterator<Item = &'a Topic>) -> Tally {
    let mut t = Tally {
        n: 0,
        up: 0,
        launched: 0,
    };
    for x in topics {
        t.n += 1;
        t.up += u64::from(x.current > x.adopt);
        t.launched += u64::from(x.current == 5);
    }
    t
}

fn check_topics(r: &RoundDef, topics: &[Topic]) -> Res<()> {
    let mut numbers: Vec<&str> = topics.iter().map(|t| t.number.as_str()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    ensure!(
        numbers.len() == topics.len(),
        "{}: duplicate topic numbers",
        r.label
    );
    for t in topics {
        ensure!(
            t.adopted_fy <= r.fy,
            "{}: topic adopted after the fiscal year",
            r.label
        );
        ensure!(
            t.current >= t.adopt,
            "{}: regression in {}",
            r.label,
            t.number
        );
    }
    let ev: Vec<&Topic> = topics.iter().filter(|t| t.adopted_fy != r.fy).collect();
    // Published (expected) figures: overall, launch, by stage, by column.
    let expect: Option<(&str, &str, [&str; 4], [&str; 6])> = match r.label {
        "R5" => Some((
            "33.1%",
            "3.8%",
            ["19.0%", "52.3%", "52.0%", "9.3%"],
            ["40.0%", "51.5%", "62.5%", "26.3%", "40.0%", "5.0%"],
        )),
        "R6" => Some((
            "26.8%",
            "0.6%",
            ["24.1%", "44.8%", "37.0%", "2.0%"],
            ["53.8%", "44.8%", "61.5%", "9.5%", "39.1%", "7.7%"],
        )),
        "R7" => Some((
            "20.7%",
            "0.0%",
            ["25.0%", "31.0%", "26.7%", "0.0%"],
            ["12.5%", "16.7%", "30.8%", "26.5%", "38.5%", "9.8%"],
        )),
        _ => None,
    };
    let Some((overall, launch, stages, areas)) = expect else {
        return Ok(());
    };
    let all = tally(ev.iter().copied());
    ensure!(
        pct1(all.up, all.n) == overall,
        "{}: stage-up {}",
        r.label,
        pct1(all.up, all.n)
    );
    ensure!(
        pct1(all.launched, all.n) == launch,
        "{}: launch {}",
        r.label,
        pct1(all.launched, all.n)
    );
    for s in 1..=4u8 {
        let t = tally(ev.iter().copied().filter(|t| t.adopt == s));
        ensure!(
            pct1(t.up, t.n) == stages[usize::from(s - 1)],
            "{}: stage {} {}",
            r.label,
            s,
            pct1(t.up, t.n)
        );
    }
    for a in 1..=6u8 {
        let t = tally(ev.iter().copied().filter(|t| t.area == a));
        ensure!(
            pct1(t.up, t.n) == areas[usize::from(a - 1)],
            "{}: area {} {}",
            r.label,
            a,
            pct1(t.up, t.n)
        );
    }
    let (sum_eval, sum_fresh) = grant_sums(r.label);
    let g_eval: u64 = ev.iter().map(|t| t.grant).sum();
    let g_all: u64 = topics.iter().map(|t| t.grant).sum();
    ensure!(
        g_eval == sum_eval && g_all == sum_eval + sum_fresh,
        "{}: grant sums",
        r.label
    );
    if r.label == "R7" {
        ensure!(
            topics.len() == 261 && ev.len() == 193,
            "R7: topic counts {} / {}",
            topics.len(),
            ev.len()
        );
        ensure!(
            round_div(g_all, 261) == 59_419 && round_div(g_eval, 193) == 72_208,
            "R7: grant means"
        );
        let every = tally(topics.iter());
        ensure!(pct1(every.up, every.n) == "16.1%", "R7: stage-up (all)");
        let stages_all = [
            ("80", "18.8%"),
            ("80", "22.5%"),
            ("39", "23.1%"),
            ("62", "0.0%"),
        ];
        for s in 1..=4u8 {
            let t = tally(topics.iter().filter(|t| t.adopt == s));
            let (count, rate) = stages_all[usize::from(s - 1)];
            ensure!(
                t.n.to_string() == count && pct1(t.up, t.n) == rate,
                "R7: stage {} (all)",
                s
            );
        }
        let areas_all = [
            ("23", "8.7%"),
            ("41", "12.2%"),
            ("32", "25.0%"),
            ("39", "23.1%"),
            ("42", "28.6%"),
            ("84", "7.1%"),
        ];
        let areas_ev = ["16", "30", "26", "34", "26", "61"];
        for a in 1..=6u8 {
            let t = tally(topics.iter().filter(|t| t.area == a));
            let (count, rate) = areas_all[usize::from(a - 1)];
            ensure!(
                t.n.to_string() == count && pct1(t.up, t.n) == rate,
                "R7: area {} (all)",
                a
            );
            let e = ev.iter().filter(|t| t.area == a).count();
            ensure!(
                e.to_string() == areas_ev[usize::from(a - 1)],
                "R7: area {} evaluated count",
                a
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Training satisfaction survey (KPI 1)
// ---------------------------------------------------------------------------

const AFFILIATIONS: [&str; 7] = [
    "企業(医療系)",
    "企業(その他)",
    "大学・研究機関等(医療系)",
    "大学・研究機関等(医療系以外)",
    "医療機関(医師)",
    "医療機関(医師以外)",
    "その他",
];
const AGES: [&str; 6] = ["20代未満", "20代", "30代", "40代", "50代", "60代以上"];
const KNOWLEDGE: [&str; 4] = [
    "予想以上に得られた",
    "得られた",
    "どちらともいえない",
    "得られていない",
];
const MOTIVATION: [&str; 3] = ["意欲が増した", "意欲に変化はない", "意欲が減った"];
const USEFULNESS: [&str; 5] = [
    "大いに役立つ",
    "役立つ",
    "どちらともいえない",
    "あまり役立たない",
    "役立たない",
];
const SATISFACTION: [&str; 5] = [
    "満足度100%",
    "満足度80%",
    "満足度60%",
    "満足度40%",
    "満足度20%以下",
];

/// Per category (1..4): responses and answer weights per question. The last
/// weight of affiliation and age is 未回答 (blank).
struct SurveyDesign {
    responses: [u32; 4],
    affiliation: [[u32; 8]; 4],
    age: [[u32; 7]; 4],
    knowledge: [[u32; 4]; 4],
    motivation: [[u32; 3]; 4],
    usefulness: [[u32; 5]; 4],
    satisfaction: [[u32; 5]; 4],
}

fn survey_design(label: &str) -> Option<SurveyDesign> {
    match label {
        "R6" => Some(SurveyDesign {
            responses: [150, 170, 90, 90],
            affiliation: [
                [10, 5, 15, 3, 25, 35, 4, 3],
                [50, 25, 6, 3, 4, 5, 4, 3],
                [8, 4, 50, 18, 6, 7, 4, 3],
                [30, 15, 20, 8, 5, 10, 9, 3],
            ],
            age: [
                [1, 14, 30, 28, 19, 6, 2],
                [0, 12, 28, 30, 22, 6, 2],
                [2, 30, 32, 18, 12, 4, 2],
                [0, 8, 22, 32, 26, 10, 2],
            ],
            knowledge: [
                [24, 62, 11, 3],
                [26, 64, 8, 2],
                [18, 60, 17, 5],
                [25, 63, 10, 2],
            ],
            motivation: [[66, 32, 2], [80, 19, 1], [82, 17, 1], [84, 15, 1]],
            usefulness: [
                [40, 50, 8, 2, 0],
                [46, 47, 6, 1, 0],
                [32, 50, 14, 3, 1],
                [45, 47, 7, 1, 0],
            ],
            satisfaction: [
                [33, 46, 16, 4, 1],
                [36, 45, 15, 3, 1],
                [20, 42, 28, 8, 2],
                [35, 45, 16, 3, 1],
            ],
        }),
        "R7" => Some(SurveyDesign {
            responses: [190, 200, 110, 100],
            affiliation: [
                [8, 4, 12, 3, 38, 30, 3, 2],
                [45, 22, 6, 3, 10, 7, 4, 3],
                [7, 4, 45, 15, 14, 8, 4, 3],
                [28, 14, 18, 8, 12, 9, 8, 3],
            ],
            age: [
                [1, 13, 30, 29, 19, 6, 2],
                [0, 11, 29, 30, 22, 6, 2],
                [2, 28, 33, 19, 12, 4, 2],
                [0, 7, 22, 33, 26, 10, 2],
            ],
            knowledge: [
                [28, 62, 8, 2],
                [28, 63, 7, 2],
                [24, 64, 10, 2],
                [25, 62, 11, 2],
            ],
            motivation: [[76, 23, 1], [81, 18, 1], [76, 23, 1], [78, 21, 1]],
            usefulness: [
                [46, 48, 5, 1, 0],
                [47, 46, 6, 1, 0],
                [42, 49, 8, 1, 0],
                [44, 48, 7, 1, 0],
            ],
            satisfaction: [
                [40, 44, 13, 2, 1],
                [39, 45, 13, 2, 1],
                [32, 48, 16, 3, 1],
                [37, 45, 15, 2, 1],
            ],
        }),
        _ => None,
    }
}

/// Exact answer counts per category, shuffled; `None` = 未回答.
fn answers(
    rng: &mut Rng,
    total: u32,
    weights: &[u32],
    labels: &[&'static str],
) -> Vec<Option<&'static str>> {
    let counts = allocate(total, weights);
    let mut out = Vec::new();
    for (i, &c) in counts.iter().enumerate() {
        for _ in 0..c {
            out.push(labels.get(i).copied());
        }
    }
    rng.shuffle(&mut out);
    out
}

fn survey_sheet(label: &str) -> Option<Sheet> {
    let design = survey_design(label)?;
    let mut rng = Rng::for_purpose(label, "satisfaction");
    let mut rows: Vec<Vec<V>> = Vec::new();
    for cat in 0..4 {
        let total = design.responses[cat];
        let columns = [
            answers(&mut rng, total, &design.affiliation[cat], &AFFILIATIONS),
            answers(&mut rng, total, &design.age[cat], &AGES),
            answers(&mut rng, total, &design.knowledge[cat], &KNOWLEDGE),
            answers(&mut rng, total, &design.motivation[cat], &MOTIVATION),
            answers(&mut rng, total, &design.usefulness[cat], &USEFULNESS),
            answers(&mut rng, total, &design.satisfaction[cat], &SATISFACTION),
        ];
        for i in 0..total as usize {
            let mut row = vec![n(cat as u32 + 1)];
            for col in &columns {
                row.push(col[i].map_or(V::Blank, s));
            }
            rows.push(row);
        }
    }
    rng.shuffle(&mut rows);
    Some(Sheet {
        name: "回答",
        headers: &[
            "研修区分",
            "所属",
            "年齢",
            "知識",
            "意欲",
            "有用性",
            "満足度",
        ],
        rows,
    })
}

fn check_survey(label: &str, sheet: &Sheet) -> Res<()> {
    let physicians = sheet
        .rows
        .iter()
        .filter(|r| matches!(&r[1], V::S(x) if x == "医療機関(医師)"))
        .count();
    let total = sheet.rows.len();
    let expected = match label {
        "R6" => 500,
        _ => 600,
    };
    ensure!(total == expected, "{label}: {total} survey responses");
    ensure!(
        physicians * 100 / total >= 5,
        "{label}: physician share too small"
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Follow-up (KPIs 4, 5, 8, 9, 10, 11), commentary, published figures
// ---------------------------------------------------------------------------

enum Fy {
    Text(&'static str),
    Year(i32),
}

struct Follow {
    kpi: u8,
    indicator: &'static str,
    fy: Fy,
    value: Option<f64>,
    unit: &'static str,
    status: &'static str,
    body: &'static str,
    key: &'static str,
}

const fn fv(
    kpi: u8,
    indicator: &'static str,
    fy: Fy,
    value: f64,
    unit: &'static str,
    body: &'static str,
    key: &'static str,
) -> Follow {
    Follow {
        kpi,
        indicator,
        fy,
        value: Some(value),
        unit,
        status: "",
        body,
        key,
    }
}

const fn fs_(
    kpi: u8,
    indicator: &'static str,
    fy: Fy,
    status: &'static str,
    body: &'static str,
) -> Follow {
    Follow {
        kpi,
        indicator,
        fy,
        value: None,
        unit: "",
        status,
        body,
        key: "",
    }
}

const MHLW: &str = "厚生労働省";
const METI: &str = "経済産業省";
const CAO: &str = "内閣府";
const MDSI: &str = "医療機器産業研究所";

const KPI4_GL: &str = "次世代医療機器・再生医療等製品評価指標の公表数(累計)";
const KPI4_NC: &str = "非臨床評価系(試験法・評価法)の開発課題数";
const KPI5_CIN: &str = "CIN構想に基づくレジストリの企業等による利活用件数";
const KPI5_IRB: &str = "中央倫理審査委員会による一括審査件数";
const KPI5_NGI: &str = "次世代医療基盤法に基づく認定事業者数";
const KPI8_LAG: &str = "デバイスラグ(開発ラグ)";
const KPI8_NEW: &str = "新医療機器の承認品目数";
const KPI8_SAMD: &str = "SaMD総合相談の相談件数";
const KPI8_IDATEN: &str = "IDATEN(変更計画確認申請)の活用件数";
const KPI8_SU: &str = "スタートアップによる新医療機器か改良臨床ありの新規承認品目数";
const KPI9_B3: &str = "B3区分(期限付改良加算)による保険適用件数";
const KPI9_C: &str = "C1・C2区分(新機能・新技術)による保険適用件数";
const KPI10_PROP: &str = "医療機器関連の国際標準(ISO/IEC)への日本からの提案件数";
const KPI10_LEAD: &str = "ISO/IEC医療機器関連委員会で日本が議長・幹事等を務める数";
const KPI11_SC: &str = "医療機器等サプライチェーン強靱化支援の採択件数";
const KPI11_SUP: &str = "医療機器の供給不安に関する報告件数";

const FOLLOWUP: &[Follow] = &[
    fv(4, KPI4_GL, Fy::Text("R3"), 52.0, "件", MHLW, "evaluation_guidelines"),
    fv(4, KPI4_GL, Fy::Text("R4"), 55.0, "件", MHLW, "evaluation_guidelines"),
    fv(4, KPI4_GL, Fy::Year(2023), 58.0, "件", MHLW, "evaluation_guidelines"),
    fv(4, KPI4_GL, Fy::Text("令和6年度"), 61.0, "件", MHLW, "evaluation_guidelines"),
    fv(4, KPI4_NC, Fy::Text("令和4年度"), 6.0, "件", MHLW, ""),
    fv(4, KPI4_NC, Fy::Text("令和5年度"), 7.0, "件", MHLW, ""),
    fv(4, KPI4_NC, Fy::Text("令和6年度"), 9.0, "件", MHLW, ""),
    fv(4, KPI4_NC, Fy::Text("R7"), 8.0, "件", MHLW, ""),
    fs_(
        4,
        "非臨床評価系の状況",
        Fy::Text("R7"),
        "First in Humanを含む治験を安全かつ効果的に実施するため、非臨床試験法の標準化と評価指標の策定を継続している",
        MHLW,
    ),
    fv(5, KPI5_CIN, Fy::Year(2021), 18.0, "件", MHLW, "cin_registry_use"),
    fv(5, KPI5_CIN, Fy::Year(2022), 24.0, "件", MHLW, "cin_registry_use"),
    fv(5, KPI5_CIN, Fy::Year(2023), 31.0, "件", MHLW, "cin_registry_use"),
    fv(5, KPI5_CIN, Fy::Year(2024), 37.0, "件", MHLW, "cin_registry_use"),
    fv(5, KPI5_IRB, Fy::Text("R4"), 410.0, "件", MHLW, ""),
    fv(5, KPI5_IRB, Fy::Text("R5"), 455.0, "件", MHLW, ""),
    fv(5, KPI5_IRB, Fy::Text("R6"), 498.0, "件", MHLW, ""),
    fv(5, KPI5_NGI, Fy::Text("令和4年度"), 3.0, "事業者", CAO, "next_gen_infra_certified"),
    fv(5, KPI5_NGI, Fy::Text("令和5年度"), 3.0, "事業者", CAO, "next_gen_infra_certified"),
    fv(5, KPI5_NGI, Fy::Text("令和6年度"), 4.0, "事業者", CAO, "next_gen_infra_certified"),
    fv(5, KPI5_NGI, Fy::Text("令和７年度"), 5.0, "事業者", CAO, "next_gen_infra_certified"),
    fs_(
        5,
        "次世代医療基盤法の見直し状況",
        Fy::Text("令和7年度"),
        "次世代医療基盤法の改正法(令和6年4月施行)により仮名加工医療情報の利活用の仕組みが創設され、運用状況をフォローアップしている",
        CAO,
    ),
    fs_(
        5,
        "倫理審査委員会の審査の均てん化",
        Fy::Text("R7"),
        "倫理審査委員会の審査の均てん化に向け、審査委員等を対象とした研修と中央一括審査の推進に取り組んでいる",
        MHLW,
    ),
    fv(8, KPI8_LAG, Fy::Text("R3"), 14.2, "月", MHLW, "device_lag_months"),
    fv(8, KPI8_LAG, Fy::Text("R4"), 12.6, "月", MHLW, "device_lag_months"),
    fv(8, KPI8_LAG, Fy::Text("R5"), 11.8, "月", MHLW, "device_lag_months"),
    fv(8, KPI8_LAG, Fy::Text("R6"), 10.9, "月", MHLW, "device_lag_months"),
    fv(8, KPI8_NEW, Fy::Year(2021), 22.0, "品目", MHLW, "new_device_approvals"),
    fv(8, KPI8_NEW, Fy::Year(2022), 27.0, "品目", MHLW, "new_device_approvals"),
    fv(8, KPI8_NEW, Fy::Year(2023), 25.0, "品目", MHLW, "new_device_approvals"),
    fv(8, KPI8_NEW, Fy::Year(2024), 29.0, "品目", MHLW, "new_device_approvals"),
    fv(8, KPI8_SAMD, Fy::Text("令和4年度"), 164.0, "件", MHLW, ""),
    fv(8, KPI8_SAMD, Fy::Text("令和5年度"), 181.0, "件", MHLW, ""),
    fv(8, KPI8_SAMD, Fy::Text("令和6年度"), 203.0, "件", MHLW, ""),
    fv(8, KPI8_IDATEN, Fy::Text("R4"), 9.0, "件", MHLW, "idaten_use"),
    fv(8, KPI8_IDATEN, Fy::Text("R5"), 13.0, "件", MHLW, "idaten_use"),
    fv(8, KPI8_IDATEN, Fy::Text("R6"), 16.0, "件", MHLW, "idaten_use"),
    fv(8, KPI8_SU, Fy::Text("R4"), 4.0, "品目", MDSI, "startup_new_approvals"),
    fv(8, KPI8_SU, Fy::Text("R5"), 4.0, "品目", MDSI, "startup_new_approvals"),
    fv(8, KPI8_SU, Fy::Text("R6"), 5.0, "品目", MDSI, "startup_new_approvals"),
    fv(8, KPI8_SU, Fy::Text("R7"), 4.0, "品目", MDSI, "startup_new_approvals"),
    fs_(
        8,
        "SaMD総合相談・審査体制",
        Fy::Text("R7"),
        "プログラム医療機器実用化促進パッケージ戦略2(DASH for SaMD 2)に基づき、SaMD総合相談と審査体制の強化を継続している",
        MHLW,
    ),
    fv(9, KPI9_B3, Fy::Text("R3"), 5.0, "件", MHLW, "b3_listings"),
    fv(9, KPI9_B3, Fy::Text("R4"), 7.0, "件", MHLW, "b3_listings"),
    fv(9, KPI9_B3, Fy::Text("R5"), 6.0, "件", MHLW, "b3_listings"),
    fv(9, KPI9_B3, Fy::Text("R6"), 8.0, "件", MHLW, "b3_listings"),
    fv(9, KPI9_C, Fy::Year(2021), 38.0, "件", MHLW, "c_listings"),
    fv(9, KPI9_C, Fy::Year(2022), 41.0, "件", MHLW, "c_listings"),
    fv(9, KPI9_C, Fy::Year(2023), 36.0, "件", MHLW, "c_listings"),
    fv(9, KPI9_C, Fy::Year(2024), 44.0, "件", MHLW, "c_listings"),
    fs_(
        9,
        "診療報酬関連制度の見直し状況",
        Fy::Text("令和6年度"),
        "令和6年度診療報酬改定においてプログラム医療機器の評価の在り方を見直し、保険適用の予見性向上に取り組んでいる",
        MHLW,
    ),
    fv(10, KPI10_PROP, Fy::Text("R4"), 5.0, "件", METI, ""),
    fv(10, KPI10_PROP, Fy::Text("R5"), 7.0, "件", METI, ""),
    fv(10, KPI10_PROP, Fy::Text("R6"), 6.0, "件", METI, ""),
    fv(10, KPI10_PROP, Fy::Text("R7"), 8.0, "件", METI, ""),
    fv(10, KPI10_LEAD, Fy::Year(2022), 11.0, "件", METI, "intl_standard_leadership"),
    fv(10, KPI10_LEAD, Fy::Year(2023), 12.0, "件", METI, "intl_standard_leadership"),
    fv(10, KPI10_LEAD, Fy::Year(2024), 12.0, "件", METI, "intl_standard_leadership"),
    fs_(
        10,
        "日本を参照国制度の対象とする国の充実",
        Fy::Text("R7"),
        "日本を参照国とする国・地域の拡大に向け、アジア諸国の規制当局との対話・研修を継続している",
        MHLW,
    ),
    fv(11, KPI11_SC, Fy::Text("令和5年度"), 6.0, "件", METI, "supply_chain_projects"),
    fv(11, KPI11_SC, Fy::Text("令和6年度"), 9.0, "件", METI, "supply_chain_projects"),
    fv(11, KPI11_SC, Fy::Text("令和7年度"), 7.0, "件", METI, "supply_chain_projects"),
    fv(11, KPI11_SUP, Fy::Text("R5"), 48.0, "件", MHLW, ""),
    fv(11, KPI11_SUP, Fy::Text("R6"), 41.0, "件", MHLW, ""),
    fv(11, KPI11_SUP, Fy::Text("R7"), 37.0, "件", MHLW, ""),
    fs_(
        11,
        "サプライチェーン事業の状況",
        Fy::Text("R7"),
        "医療機器の安定供給に向け、特定国への依存度が高い部材の把握と代替調達先の確保策を検討している",
        MHLW,
    ),
];

/// 出典 and 時点 of each follow-up indicator: plausible public sources for
/// the synthetic series (SPEC §4.5), one per 指標.
fn followup_source(indicator: &str) -> (&'static str, &'static str) {
    match indicator {
        KPI4_GL => (
            "厚生労働省「次世代医療機器・再生医療等製品評価指標」通知一覧",
            "2025-10-31",
        ),
        KPI4_NC => (
            "AMED 医療機器等における先進的研究開発・開発体制強靭化事業 課題一覧",
            "2025-09-30",
        ),
        KPI5_CIN => (
            "厚生労働省 クリニカル・イノベーション・ネットワーク推進支援事業 実績報告",
            "2025-06-30",
        ),
        KPI5_IRB => (
            "厚生労働省 中央治験審査委員会・中央倫理審査委員会基盤整備事業 報告",
            "2025-06-30",
        ),
        KPI5_NGI => ("内閣府 次世代医療基盤法 認定事業者一覧", "2025-11-01"),
        KPI8_LAG | KPI8_NEW => ("PMDA 年報(令和6年度)", "2025-09-30"),
        KPI8_SAMD | KPI8_IDATEN => ("PMDA 業務実績報告書(令和6事業年度)", "2025-06-30"),
        KPI8_SU => ("医療機器産業研究所 リサーチペーパーNo.49", "2026-02-01"),
        KPI9_B3 | KPI9_C => (
            "中央社会保険医療協議会 保険医療材料専門部会 資料",
            "2025-10-15",
        ),
        KPI10_PROP | KPI10_LEAD => (
            "経済産業省 国際標準化活動の実績(日本産業標準調査会)",
            "2025-08-31",
        ),
        KPI11_SC => (
            "経済産業省 医療機器等サプライチェーン強靱化支援事業 採択結果",
            "2025-08-01",
        ),
        KPI11_SUP => ("厚生労働省 医療機器の供給不安報告 集計", "2025-12-01"),
        // Status rows cite the reporting body's own follow-up report.
        _ => ("担当省庁からのフォローアップ報告(令和7年度)", "2025-12-01"),
    }
}

/// 望ましい方向 of each numeric series where the plan's wording makes it
/// clear (SPEC §18): more guidelines, registry use, approvals, listings,
/// proposals and projects; a shorter device lag and fewer supply alerts.
/// SaMD consultations are left blank: more of them may mean more demand
/// or more difficulty, and the plan does not say.
fn followup_direction(indicator: &str) -> &'static str {
    match indicator {
        KPI8_LAG | KPI11_SUP => "減少",
        KPI8_SAMD => "",
        _ => "増加",
    }
}

fn followup_sheet() -> Sheet {
    let rows = FOLLOWUP
        .iter()
        .map(|f| {
            vec![
                n(f.kpi),
                s(f.indicator),
                match f.fy {
                    Fy::Text(t) => s(t),
                    Fy::Year(y) => n(y),
                },
                f.value.map_or(V::Blank, V::N),
                if f.unit.is_empty() {
                    V::Blank
                } else {
                    s(f.unit)
                },
                if f.status.is_empty() {
                    V::Blank
                } else {
                    s(f.status)
                },
                s(f.body),
                if f.key.is_empty() { V::Blank } else { s(f.key) },
                s(followup_source(f.indicator).0),
                s(followup_source(f.indicator).1),
                match (f.value, followup_direction(f.indicator)) {
                    (Some(_), d) if !d.is_empty() => s(d),
                    _ => V::Blank,
                },
            ]
        })
        .collect();
    Sheet {
        name: "フォローアップ",
        headers: &[
            "KPI番号",
            "指標",
            "年度",
            "値",
            "単位",
            "状況",
            "報告主体",
            "キー",
            "出典",
            "時点",
            "望ましい方向",
        ],
        rows,
    }
}

fn check_followup() -> Res<()> {
    for kpi in [4u8, 5, 8, 9, 10, 11] {
        let rows: Vec<&Follow> = FOLLOWUP.iter().filter(|f| f.kpi == kpi).collect();
        ensure!(
            rows.iter().any(|f| f.value.is_some()),
            "KPI {kpi}: no numeric rows"
        );
        ensure!(
            rows.iter()
                .any(|f| f.value.is_none() && !f.status.is_empty()),
            "KPI {kpi}: no status row"
        );
        // One key per indicator.
        for f in &rows {
            ensure!(
                rows.iter()
                    .all(|g| g.indicator != f.indicator || g.key == f.key),
                "KPI {kpi}: indicator {} has mixed keys",
                f.indicator
            );
        }
    }
    let startup: Vec<f64> = FOLLOWUP
        .iter()
        .filter(|f| f.indicator == KPI8_SU)
        .filter_map(|f| f.value)
        .collect();
    ensure!(startup == [4.0, 4.0, 5.0, 4.0], "KPI 8 startup approvals");
    Ok(())
}

/// The analyst commentary of the R7 report, as the source words it, with
/// its typos corrected, every computed figure a live figure `{{ KEY }}`
/// (SPEC §12), and the sentence the data contradicts (「重点分野が特定
/// されないテーマが増加している」: the なし/複数 share fell from 43.6 % to
/// 32.2 %) saying what the data shows.
const COMMENTARY: &str = "\
## KPI 1

R6年度報告に対し、R7年度報告は、採択拠点数の減少({{ kpi1.sites @ R6 }}→{{ kpi1.sites }})に伴い、受入実績({{ kpi1.participants @ R6 }}→{{ kpi1.participants }})、実施拠点数ともに下降するものとなる。

R6の課題であったアカデミア人材研修の満足度が改善し、全体として満足度は上昇傾向にある。一方、アカデミア人材・コーディネート人材研修の意識変化がやや後退している。他方、開発の鍵となる医師の参加がR6に比べて増加している(研修受講者に占める医師の割合 {{ kpi1.physician_share @ R6 }}→{{ kpi1.physician_share }})。

今後、第三期基本計画を検討していく際に、同時にKPIを検討するのであれば、

- 各拠点における人材育成研修は多数の研修が多方面で企画・開催され、全体としては十分な受入実績を有する(受入実績の減少は採択拠点数の減少によるもの)
- 全体として満足度向上も見られるが、今後さらに満足度を上げていく、即ち質の高い研修を企画・開催していくためには、研修拠点の集約化など行っていくことも検討すべきかもしれない
- 人材育成研修の実績及び当該研修受講者の満足度をKPIとするよりも、医療機器がニーズドリブンの開発であることに着目し、医師の参加率・人数等をKPIとして掲げることを優先して議論すべきではないか
- 医師が医療機器開発に率先して参加する状況が整えば、企業の人材は自然と増加し、結果として医療機器開発が更に活性化するのではないか

## KPI 2

今後、第三期基本計画を検討していく際に、同時にKPIを検討するのであれば、

- 医療機器企業の{{ kpi2.venture_rate_mean4 }}がベンチャー企業、{{ kpi2.cross_industry_rate_mean4 }}が異業種企業(いずれも4カ年平均)で、R7の新規参入率{{ kpi2.new_entrant_rate }}が新規参入と考えれば、一定の新陳代謝がなされる環境となっているのではないか (優先的とはいえないが新規参入率も一つのKPI候補でもあろう)
- 全産業のスタートアップの割合1.4%[^1]と比べ、医療機器産業はスタートアップの割合が高い
- ゴール「ベンチャー企業や異業種からの参入企業の増加」とあるが、既存企業がいる中で、ベンチャー企業や異業種企業の割合を現状以上に相当数伸ばすことは難しく、新規参入企業率をKPIとして設定する場合であっても大胆な目標設定を優先させ辛いであろう
- 一方、ベンチャー企業の{{ kpi2.venture_product_rate_mean4 }}、異業種企業の{{ kpi2.cross_industry_product_rate_mean4 }}が上市可能製品をもっている(いずれも4カ年平均)
- 参入企業の事業持続性に着目すると、上市可能製品の保有率をKPIとして掲げることを優先して議論すべきではないか

[^1]: 内閣官房「新しい資本主義のグランドデザイン及び実行計画 2025年改訂版」(2025年6月13日)。[参考]「スタートアップの割合」を参照。

## KPI 3

取り組み件数のみに着目すると件数に年度毎に差異があるが、採択拠点数を踏まえると、着実に積極的な取り組みとなっている。

今後、第三期基本計画を検討していく際に、同時にKPIを検討するのであれば、

- これまでに比べ検証フェーズ(治験、臨床研究)が大きく増加している({{ kpi3.verification @ R6 }}→{{ kpi3.verification }}); 調査対象拠点数が減少していることを鑑みれば、全フェーズで大きく活性化しているといえる
- 研究開発拠点、開発支援拠点の整備ではあるが、上市を見据えた医療機器開発を活性化させるためには、検証フェーズの件数等をKPIとして掲げることを優先して議論すべきではないか
- 一方、基礎研究や応用研究(製品開発)が豊富に実施されたうえで検証フェーズが行われることを踏まえると、AMED研究で行っていくべき方向性や資源配分のあり方は重要な論点となる
- 他方、他拠点連携は十分行われているものの、基本計画では「国際展開の推進」も今後特に重要な取り組みであることから、国際共同治験の海外ネットワーク構築、国内体制整備の取り組み状況(対応拠点数)をKPIとして掲げることを優先して議論すべきではないか

## KPI 6

今後、第三期基本計画を検討していく際に、同時にKPIを検討するのであれば、

- 重点分野が特定されないテーマ(なし/複数)は{{ kpi6.area_none_multi.topics @ R6 }}(全{{ kpi6.topics @ R6 }})から{{ kpi6.area_none_multi.topics }}(全{{ kpi6.topics }})に減少しており、採択傾向として重点分野を特定するテーマの比重が高まっている
- 基本計画を踏まえたAMED事業の設計について今後より議論を活性化させることも必要であろう
- R7はステージアップ率が全般的にやや下がっている(採択後1年未満を除外した全テーマで{{ kpi6.stage_up_rate @ R6 }}→{{ kpi6.stage_up_rate }})
- 国による研究開発支援が着実にゴールに向かっているのか、特にAMEDのように基礎研究よりも出口志向で研究開発を進めるうえでは採択時のステージにも着目しつつ、ステージアップの割合等をKPIとして掲げることを優先して議論すべきではないか
- 同時に期待する全テーマのステージアップ率や上市率を掲げ、それを目的としたステージ別の採択数に関する最適なポートフォリオを組むことも今後検討できるのかもしれない

## KPI 7

今後、第三期基本計画を検討していく際に、同時にKPIを検討するのであれば、

- 国際展開に関する活動は6割近く({{ kpi7.activity_rate }})が行っており、国際展開に関する海外拠点は3割程度({{ kpi7.base_rate }})が有しているが、マクロにはいずれもやや下降傾向
- ミクロには、R&Dや生産という上流工程は増加傾向({{ kpi7.upstream_rate @ R6 }}→{{ kpi7.upstream_rate }})であるが、流通等の下流工程は下降傾向({{ kpi7.downstream_rate @ R6 }}→{{ kpi7.downstream_rate }})となるなど、工程による違いがみられる
- 「国際展開に積極的に取り組む日本企業の増加」とあるが、日本企業が真のグローバル化に向かっていく、あるいは対応していくには、単独活動では非効率で限界があり、また網羅的な工程を増加させていくことよりも、連携の可能性も含め、より効果的な工程に着目したKPI設定を行っていくことが望ましいのではないか

## 総括

KPIの今後の議論において意識すべきこと

- 本年度の調査において、4カ年分のデータが収集されたことで、より詳細なKPIの議論ができる環境が整備されつつある。
- 今後、第三期基本計画を検討していく際に、同時にKPIを検討するのであれば、今回議論用たたき台として提示したKPIのように、基本計画の実施状況を評価する検討会が押さえておきたいポイントをKPIとして設定することが妥当となるのではないか。
- 測定結果からKPI設定の考え方を議論のたたき台として示す試みを行ったが、KPIの設定値そのものは本検討会の議論結果を踏まえて行うべきものである。
- 一方、KPIはプロセスの中間点の指標となるため、最終的なゴールを別途KGI(Key Goal Indicator; 重要目標達成指標)として数値化することがなければ検討会の議論も軸が定まらないのかもしれない(例えば、日本企業における国内外の医療機器売上高等を5年後にどのように成長させたいのかなど)
- このような議論を経て設定されたKPIは、関係者全員に共有されたKPIとなるため、AMEDや業界団体の事業企画においても利活用可能となり、基本計画→各種施策実施→検討会による進捗評価といったPDCAサイクルにおいても有益となるのではと考えられる。
";

/// The external series the R7 report cites on its [参考] pages (SPEC §12).
/// The computed side of a comparison is a live figure. The export amounts
/// are the totals of the MHLW annual reports (the source's chart gives no
/// figures in its text).
const REFERENCE_R7: &str = r#"# External series cited on the [参考] pages of the R7 report (SPEC §12).
# points: label = number, or a live figure "{{ KEY }}" / "{{ KEY @ R6 }}".

[[series]]
kpi = 2
title = "スタートアップの割合 — 医機連傘下団体の加盟企業と全産業"
unit = "%"
source = "全産業: 内閣官房「新しい資本主義のグランドデザイン及び実行計画 2025年改訂版」(会社企業178万社、外資を含む: 総務省統計局「令和3年経済センサス-活動調査」)"
as_of = 2025-06-13
points = { "医機連傘下団体(4カ年平均)" = "{{ kpi2.venture_rate_mean4 }}", "医機連傘下団体(外資を母数に含む)" = "{{ kpi2.venture_rate_incl_foreign }}", "全産業" = 1.4 }

[[series]]
kpi = 2
title = "日本で2011年以降に設立された、医師による医療機器スタートアップ"
unit = "社"
source = "医療機器企業を起業した医師のキャリアに関する研究(医療機器産業研究所 本田大輔 主任研究員)、公益財団法人医療機器センター附属医療機器産業研究所 リサーチペーパー No.49"
as_of = "2026年2月"
points = { "医師が設立した医療機器スタートアップ(2011年以降)" = 71 }

[[series]]
kpi = 7
title = "医療機器の輸出金額(海外向け直接出荷)"
unit = "億円"
source = "厚生労働省「薬事工業生産動態統計年報」平成25年・平成29年・令和元年(令和元年から調査方法を見直したため、前年までとは連続しない)"
as_of = "令和元年年報"
points = { "2013年" = 5305, "2017年" = 6190, "2019年(新方式)" = 10090 }
"#;

/// Figures as printed in the R7 report (資料2-2): indicator key → display.
const PUBLISHED_R7: &[(&str, &str)] = &[
    ("kpi1.sites", "16"),
    ("kpi1.participants", "3,198"),
    ("kpi1.participants_per_site", "200"),
    ("kpi1.theme1.courses", "12"),
    ("kpi1.theme1.participants", "664"),
    ("kpi1.theme1.participants_per_course", "54"),
    ("kpi1.theme2.courses", "15"),
    ("kpi1.theme2.participants", "893"),
    ("kpi1.theme2.participants_per_course", "60"),
    ("kpi1.theme3.courses", "12"),
    ("kpi1.theme3.participants", "640"),
    ("kpi1.theme3.participants_per_course", "53"),
    ("kpi1.theme4.courses", "9"),
    ("kpi1.theme4.participants", "574"),
    ("kpi1.theme4.participants_per_course", "64"),
    ("kpi1.theme5.courses", "4"),
    ("kpi1.theme5.participants", "427"),
    ("kpi1.theme5.participants_per_course", "107"),
    ("kpi2.responses", "134"),
    ("kpi2.responses_domestic", "106"),
    ("kpi2.venture", "11"),
    ("kpi2.cross_industry", "5"),
    ("kpi2.venture_rate_mean4", "10.4%"),
    ("kpi2.cross_industry_rate_mean4", "5.1%"),
    ("kpi2.venture_rate_incl_foreign", "8.2%"),
    ("kpi2.rd_specialised_venture", "2"),
    ("kpi2.rd_specialised_cross_industry", "1"),
    ("kpi6.topics", "261"),
    ("kpi6.topics_evaluated", "193"),
    ("kpi6.grant_mean", "59,419"),
    ("kpi6.grant_mean_evaluated", "72,208"),
    ("kpi6.stage_up_rate", "20.7%"),
    ("kpi6.stage_up_rate_all", "16.1%"),
    ("kpi6.launch_rate", "0%"),
    ("kpi6.launch_rate_all", "0%"),
    ("kpi6.stage1.topics", "80"),
    ("kpi6.stage1.topics_evaluated", "56"),
    ("kpi6.stage1.stage_up_rate", "25.0%"),
    ("kpi6.stage1.stage_up_rate_all", "18.8%"),
    ("kpi6.stage2.topics", "80"),
    ("kpi6.stage2.topics_evaluated", "58"),
    ("kpi6.stage2.stage_up_rate", "31.0%"),
    ("kpi6.stage2.stage_up_rate_all", "22.5%"),
    ("kpi6.stage3.topics", "39"),
    ("kpi6.stage3.topics_evaluated", "30"),
    ("kpi6.stage3.stage_up_rate", "26.7%"),
    ("kpi6.stage3.stage_up_rate_all", "23.1%"),
    ("kpi6.stage4.topics", "62"),
    ("kpi6.stage4.topics_evaluated", "49"),
    ("kpi6.stage4.stage_up_rate", "-"),
    ("kpi6.stage4.stage_up_rate_all", "-"),
    ("kpi6.area1.topics", "23"),
    ("kpi6.area1.topics_evaluated", "16"),
    ("kpi6.area1.stage_up_rate", "12.5%"),
    ("kpi6.area1.stage_up_rate_all", "8.7%"),
    ("kpi6.area2.topics", "41"),
    ("kpi6.area2.topics_evaluated", "30"),
    ("kpi6.area2.stage_up_rate", "16.7%"),
    ("kpi6.area2.stage_up_rate_all", "12.2%"),
    ("kpi6.area3.topics", "32"),
    ("kpi6.area3.topics_evaluated", "26"),
    ("kpi6.area3.stage_up_rate", "30.8%"),
    ("kpi6.area3.stage_up_rate_all", "25.0%"),
    ("kpi6.area4.topics", "39"),
    ("kpi6.area4.topics_evaluated", "34"),
    ("kpi6.area4.stage_up_rate", "26.5%"),
    ("kpi6.area4.stage_up_rate_all", "23.1%"),
    ("kpi6.area5.topics", "42"),
    ("kpi6.area5.topics_evaluated", "26"),
    ("kpi6.area5.stage_up_rate", "38.5%"),
    ("kpi6.area5.stage_up_rate_all", "28.6%"),
    ("kpi6.area_none_multi.topics", "84"),
    ("kpi6.area_none_multi.topics_evaluated", "61"),
    ("kpi6.area_none_multi.stage_up_rate", "9.8%"),
    ("kpi6.area_none_multi.stage_up_rate_all", "7.1%"),
    // Printed a second time, on the method slide (調査の対象となるAMED事業).
    ("kpi6.topics # 方法", "265"),
    // Printed beside the product rates: the shares without a product.
    ("kpi2.venture_product_rate_mean4", "19.8%"),
    ("kpi2.venture_product_rate_mean4 @ R6", "22.7%"),
    ("kpi2.cross_industry_product_rate_mean4", "36.2%"),
    ("kpi2.cross_industry_product_rate_mean4 @ R6", "40.0%"),
    // Earlier rounds as the R7 report prints them.
    ("kpi1.participants @ R4", "2,736"),
    ("kpi1.participants @ R5", "2,783"),
    ("kpi1.participants @ R6", "4,086"),
    ("kpi1.sites @ R4", "21"),
    ("kpi1.sites @ R5", "20"),
    ("kpi1.sites @ R6", "22"),
    ("kpi1.participants_per_site @ R4", "130"),
    ("kpi1.participants_per_site @ R5", "139"),
    ("kpi1.participants_per_site @ R6", "186"),
    ("kpi2.responses @ R6", "129"),
    ("kpi2.responses_domestic @ R6", "107"),
    ("kpi2.venture @ R6", "11"),
    ("kpi2.cross_industry @ R6", "6"),
    ("kpi6.stage_up_rate @ R5", "33.1%"),
    ("kpi6.stage_up_rate @ R6", "26.8%"),
    ("kpi6.stage1.stage_up_rate @ R5", "19.0%"),
    ("kpi6.stage1.stage_up_rate @ R6", "24.1%"),
    ("kpi6.stage2.stage_up_rate @ R5", "52.3%"),
    ("kpi6.stage2.stage_up_rate @ R6", "44.8%"),
    ("kpi6.stage3.stage_up_rate @ R5", "52.0%"),
    ("kpi6.stage3.stage_up_rate @ R6", "37.0%"),
    ("kpi6.stage4.stage_up_rate @ R5", "9.3%"),
    ("kpi6.stage4.stage_up_rate @ R6", "2.0%"),
    ("kpi6.launch_rate @ R5", "3.8%"),
    ("kpi6.launch_rate @ R6", "0.6%"),
    ("kpi6.area1.stage_up_rate @ R5", "40.0%"),
    ("kpi6.area1.stage_up_rate @ R6", "53.8%"),
    ("kpi6.area2.stage_up_rate @ R5", "51.5%"),
    ("kpi6.area2.stage_up_rate @ R6", "44.8%"),
    ("kpi6.area3.stage_up_rate @ R5", "62.5%"),
    ("kpi6.area3.stage_up_rate @ R6", "61.5%"),
    ("kpi6.area4.stage_up_rate @ R5", "26.3%"),
    ("kpi6.area4.stage_up_rate @ R6", "9.5%"),
    ("kpi6.area5.stage_up_rate @ R5", "40.0%"),
    ("kpi6.area5.stage_up_rate @ R6", "39.1%"),
    ("kpi6.area_none_multi.stage_up_rate @ R5", "5.0%"),
    ("kpi6.area_none_multi.stage_up_rate @ R6", "7.7%"),
];

const PRINTED_AREAS: [&str; 6] = [
    "area1",
    "area2",
    "area3",
    "area4",
    "area5",
    "area_none_multi",
];

/// The seed's R7 transition matrices as printed, by adoption stage: (current
/// stage, cells by priority column).
type PrintedMatrix = [[(&'static str, [u32; 6]); 4]; 4];

const PRINTED_MATRIX_ALL: PrintedMatrix = [
    [
        ("4", [0, 2, 3, 1, 0, 0]),
        ("3", [0, 0, 0, 2, 0, 0]),
        ("2", [0, 1, 1, 2, 3, 0]),
        ("1", [10, 13, 12, 5, 15, 10]),
    ],
    [
        ("4", [2, 2, 1, 0, 4, 0]),
        ("3", [0, 0, 0, 1, 2, 6]),
        ("2", [5, 5, 3, 8, 7, 34]),
        ("launch", [0; 6]),
    ],
    [
        ("4", [0, 0, 3, 3, 3, 0]),
        ("3", [2, 2, 2, 10, 2, 11]),
        ("launch", [0; 6]),
        ("launch", [0; 6]),
    ],
    [
        ("4", [4, 16, 7, 7, 6, 21]),
        ("launch", [0; 6]),
        ("launch", [0; 6]),
        ("launch", [0; 6]),
    ],
];

const PRINTED_MATRIX_EVALUATED: PrintedMatrix = [
    [
        ("4", [0, 2, 3, 1, 0, 0]),
        ("3", [0, 0, 0, 2, 0, 0]),
        ("2", [0, 1, 1, 2, 2, 0]),
        ("1", [5, 8, 11, 5, 3, 10]),
    ],
    [
        ("4", [2, 2, 1, 0, 4, 0]),
        ("3", [0, 0, 0, 1, 2, 6]),
        ("2", [5, 3, 2, 5, 6, 19]),
        ("launch", [0; 6]),
    ],
    [
        ("4", [0, 0, 3, 3, 2, 0]),
        ("3", [1, 0, 2, 9, 2, 7]),
        ("launch", [0; 6]),
        ("launch", [0; 6]),
    ],
    [
        ("4", [3, 14, 3, 6, 5, 18]),
        ("launch", [0; 6]),
        ("launch", [0; 6]),
        ("launch", [0; 6]),
    ],
];

fn published_toml() -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Figures as printed in the R7 report (資料2-2, 2025-12-19), for the"
    );
    let _ = writeln!(t, "# reconciliation notes: indicator key = display string.");
    for (k, v) in PUBLISHED_R7 {
        let _ = writeln!(t, "\"{k}\" = \"{v}\"");
    }
    // The transition matrices' cells as printed (blank cells are not
    // figures), three なし/複数 cells one short of their stated totals.
    for (matrix, stages) in [
        ("transition_all", &PRINTED_MATRIX_ALL),
        ("transition", &PRINTED_MATRIX_EVALUATED),
    ] {
        for (adopted, rows) in stages.iter().enumerate() {
            for (current, cells) in rows {
                for (area, n) in PRINTED_AREAS.iter().zip(cells.iter()) {
                    if *n > 0 {
                        let _ = writeln!(
                            t,
                            "\"kpi6.{matrix}.s{}.{current}.{area}\" = \"{n}\"",
                            adopted + 1
                        );
                    }
                }
            }
        }
    }
    t
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

struct RoundData {
    def: &'static RoundDef,
    sites: Vec<Site>,
    companies: Vec<Company>,
    topics: Option<Vec<Topic>>,
    survey: Option<Sheet>,
}

fn build_round(r: &'static RoundDef) -> Res<RoundData> {
    let sites = build_sites(r)?;
    check_sites(r, &sites)?;
    let companies = build_companies(r)?;
    check_companies(r, &companies)?;
    let topics = build_topics(r)?;
    if let Some(t) = &topics {
        check_topics(r, t)?;
    }
    let survey = survey_sheet(r.label);
    if let Some(sheet) = &survey {
        check_survey(r.label, sheet)?;
    }
    Ok(RoundData {
        def: r,
        sites,
        companies,
        topics,
        survey,
    })
}

fn write_round(data_dir: &Path, rd: &RoundData, previous: Option<&RoundData>) -> Res<()> {
    let r = rd.def;
    let dir = data_dir.join(r.label);
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    let sites_dir = dir.join("sites");
    fs::create_dir_all(&sites_dir)?;
    fs::write(
        dir.join("round.toml"),
        round_toml(r) + &accepted_no_training(r, &rd.sites, previous.map(|p| &p.sites[..])),
    )?;
    for site in &rd.sites {
        write_site(&sites_dir, site)?;
    }
    save_workbook(
        &dir.join("companies.xlsx"),
        &[company_sheet(r, &rd.companies)],
    )?;
    if let Some(topics) = &rd.topics {
        save_workbook(&dir.join("amed.xlsx"), &[amed_sheet(topics)])?;
    }
    if let Some(sheet) = &rd.survey {
        save_workbook(&dir.join("satisfaction.xlsx"), std::slice::from_ref(sheet))?;
    }
    if r.label == "R7" {
        save_workbook(&dir.join("followup.xlsx"), &[followup_sheet()])?;
        fs::write(dir.join("commentary.md"), COMMENTARY)?;
        fs::write(dir.join("published.toml"), published_toml())?;
        fs::write(dir.join("reference.toml"), REFERENCE_R7)?;
    }
    Ok(())
}

fn main() -> Res<()> {
    let data_dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "data".to_string()),
    );
    // Build and check everything before touching the disk.
    check_kpi2_means()?;
    check_followup()?;
    let mut rounds = Vec::new();
    for r in &ROUNDS {
        rounds.push(build_round(r)?);
    }
    fs::create_dir_all(&data_dir)?;
    for (i, rd) in rounds.iter().enumerate() {
        let previous = i.checked_sub(1).and_then(|p| rounds.get(p));
        write_round(&data_dir, rd, previous)?;
        println!("wrote {}", data_dir.join(rd.def.label).display());
    }
    Ok(())
}
