//! SPEC §15: the printed report is a deck of finished slides. The report is
//! printed with a real headless Chromium and every page is checked:
//!
//! - no page ends with a heading (its content on the next page);
//! - no page holds only notes, captions or a 考察 box (with headings);
//! - every page but the cover is at least a quarter full, measured on the
//!   rendered page image (pdftoppm);
//! - no Type 3 fonts in the PDF (pdffonts);
//! - no chart text is cut: no SVG text of the HTML and no line of the PDF
//!   ends with "…" (SPEC §18: titles wrap, never cut).
//!
//! The fixture deck has at most 34 pages, at most 3 of them (cover
//! excluded) less than 40 % filled (SPEC §18).
//!
//! `the_page_check_catches_unfinished_slides` prints a deck made to break each
//! rule, so the checker is tested too.
//!
//! Without chromium and poppler the test is skipped with a message, except
//! under CI (`CI` set), where that is a failure: `.ci/run` installs them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::run_in;

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn tool(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The tools the page test needs, or None (skip) outside CI.
pub(crate) fn tools() -> Option<()> {
    let missing: Vec<&str> = ["chromium", "pdftotext", "pdftoppm", "pdffonts"]
        .into_iter()
        .filter(|t| tool(t).is_none())
        .collect();
    if missing.is_empty() {
        return Some(());
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "the page test needs {} (CI must install them: .ci/run)",
            missing.join(", ")
        );
    }
    eprintln!(
        "SKIPPED page layout test: {} not installed",
        missing.join(", ")
    );
    None
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Text with every kind of white space removed, for comparing PDF text
/// (lines broken anywhere) with HTML text.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

/// The text of every element that starts with `open` (e.g. `<h3`), up to
/// its `close` tag.
fn elements(html: &str, open: &str, close: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        let after = &rest[i..];
        let Some(end) = after.find(close) else { break };
        out.push(squash(&strip_tags(&after[..end])));
        rest = &after[end..];
    }
    out.retain(|t| !t.is_empty());
    out
}

/// One line of text on a page: its top (pt) and its text without spaces.
#[derive(Debug)]
struct Line {
    y: f64,
    text: String,
}

/// The lines of each page from `pdftotext -bbox`, footer excluded, and the
/// page height.
fn page_lines(pdf: &Path) -> Vec<(f64, Vec<Line>)> {
    let out = Command::new(tool("pdftotext").unwrap())
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let xml = String::from_utf8_lossy(&out.stdout).to_string();
    let attr = |tag: &str, name: &str| -> f64 {
        tag.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    let mut pages = Vec::new();
    for page in xml.split("<page ").skip(1) {
        let height = attr(page, "height");
        // The running footer sits in the bottom margin (13 mm ≈ 37 pt).
        let footer = height - 37.0;
        let mut words: Vec<(f64, f64, String)> = Vec::new();
        for w in page.split("<word ").skip(1) {
            let y = attr(w, "yMin");
            let x = attr(w, "xMin");
            let text = w
                .split_once('>')
                .and_then(|(_, t)| t.split_once("</word>"))
                .map(|(t, _)| unescape(t))
                .unwrap_or_default();
            if y < footer {
                words.push((y, x, text));
            }
        }
        words.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut lines: Vec<Line> = Vec::new();
        for (y, _, text) in words {
            match lines.last_mut() {
                Some(l) if (y - l.y).abs() < 2.5 => l.text.push_str(&text),
                _ => lines.push(Line { y, text }),
            }
        }
        lines.retain(|l| !l.text.trim().is_empty());
        pages.push((height, lines));
    }
    pages
}

/// How much of each page's body is used: from the top margin to the lowest
/// inked pixel row above the footer, as a share of the body's height,
/// read from a greyscale rendering of the page (PGM).
fn fill_ratios(pdf: &Path, dir: &Path) -> Vec<f64> {
    let prefix = dir.join("page");
    let status = Command::new(tool("pdftoppm").unwrap())
        .args(["-r", "30", "-gray"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed");
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| {
            let bytes = fs::read(file).unwrap();
            // P5 header: magic, width, height, maxval, each after white space.
            let mut fields = Vec::new();
            let mut pos = 0;
            while fields.len() < 4 {
                while bytes[pos].is_ascii_whitespace() {
                    pos += 1;
                }
                let start = pos;
                while !bytes[pos].is_ascii_whitespace() {
                    pos += 1;
                }
                fields.push(String::from_utf8_lossy(&bytes[start..pos]).to_string());
            }
            pos += 1;
            assert_eq!(fields[0], "P5", "{}", file.display());
            let width: usize = fields[1].parse().unwrap();
            let height: usize = fields[2].parse().unwrap();
            let pixels = &bytes[pos..];
            // Margins: 11 mm top, 13 mm bottom of 210 mm.
            let top = (height as f64 * 11.0 / 210.0).floor() as usize;
            let bottom = (height as f64 * (210.0 - 13.0) / 210.0).ceil() as usize;
            let inked = |row: usize| {
                pixels[row * width..(row + 1) * width]
                    .iter()
                    .any(|p| *p < 200)
            };
            let last = (top..bottom).rev().find(|r| inked(*r)).unwrap_or(top);
            (last - top) as f64 / (bottom - top) as f64
        })
        .collect()
}

/// What a printed deck was checked for: its pages, the slide rules it
/// breaks, and each page's fill (share of the body's height inked).
struct Checked {
    pages: usize,
    problems: Vec<String>,
    fills: Vec<f64>,
}

/// Pages (1-based) but the cover less than `share` filled.
fn thin_pages(fills: &[f64], share: f64) -> Vec<usize> {
    fills
        .iter()
        .enumerate()
        .filter(|(i, f)| *i > 0 && **f < share)
        .map(|(i, _)| i + 1)
        .collect()
}

/// The text of every `<text>` element inside an `<svg>` of `html`.
fn svg_texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for svg in html.split("<svg").skip(1) {
        let svg = svg.split("</svg>").next().unwrap_or("");
        for t in svg.split("<text").skip(1) {
            if let Some((_, rest)) = t.split_once('>') {
                out.push(unescape(rest.split("</text>").next().unwrap_or("")));
            }
        }
    }
    out
}

/// `html` without its SVGs: the page's own text.
fn without_svgs(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        out.push_str(&rest[..i]);
        match rest[i..].find("</svg>") {
            Some(end) => rest = &rest[i + end + "</svg>".len()..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// Chart text cut with "…": SVG texts of the HTML ending with it, and PDF
/// lines ending with it that the HTML's own (non-chart) text does not hold.
fn cut_texts(html: &str, pdf_pages: &[(f64, Vec<Line>)]) -> Vec<String> {
    let mut out: Vec<String> = svg_texts(html)
        .into_iter()
        .filter(|t| t.trim_end().ends_with('…'))
        .map(|t| format!("chart text cut in the HTML: {t}"))
        .collect();
    let own = squash(&strip_tags(&without_svgs(html)));
    for (i, (_, lines)) in pdf_pages.iter().enumerate() {
        for l in lines {
            if l.text.ends_with('…') && !own.contains(&squash(&l.text)) {
                out.push(format!("page {}: chart text cut: {}", i + 1, l.text));
            }
        }
    }
    out
}

/// Prints the report of `data` (run beside it) and lists every page that
/// breaks a slide rule.
fn check_pages(data: &Path) -> Checked {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = run_in(
        data.parent().unwrap(),
        &[
            "--data".to_string(),
            "data".to_string(),
            "report".to_string(),
            "--pdf".to_string(),
            "--out".to_string(),
            out.to_str().unwrap().to_string(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.all());
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    check_printed(&html, &out.join("report.pdf"), tmp.path())
}

/// The slide rules on a printed `pdf` of `html`; `work` takes the page images.
fn check_printed(html: &str, pdf: &Path, work: &Path) -> Checked {
    let html = html.to_string();
    let pdf = pdf.to_path_buf();
    let mut headings = elements(&html, "<h2", "</h2>");
    headings.extend(elements(&html, "<h3", "</h3>"));
    headings.extend(elements(&html, "<h4", "</h4>"));
    // Captions: the short notes under a heading, chart or table.
    let mut captions = elements(&html, "<p class=\"note\"", "</p>");
    captions.extend(elements(&html, "<figcaption", "</figcaption>"));
    captions.extend(elements(&html, "<caption", "</caption>"));
    // Notes, captions and 考察: never a page's only content.
    let mut notes = captions.clone();
    notes.extend(elements(&html, "<ul class=\"notes\"", "</ul>"));
    notes.extend(elements(&html, "<div class=\"commentary\"", "</div>"));

    let mut problems = Vec::new();
    let fonts = Command::new(tool("pdffonts").unwrap())
        .arg(&pdf)
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout).to_string();
    let type3 = fonts.lines().filter(|l| l.contains("Type 3")).count();
    if type3 > 0 {
        problems.push(format!("{type3} Type 3 fonts in the PDF:\n{fonts}"));
    }

    let pages = page_lines(&pdf);
    let fills = fill_ratios(&pdf, work);
    assert_eq!(pages.len(), fills.len(), "pdftotext and pdftoppm disagree");
    problems.extend(cut_texts(&html, &pages));
    for (i, ((_, lines), fill)) in pages.iter().zip(&fills).enumerate() {
        let page = i + 1;
        if page > 1 && *fill < 0.25 {
            problems.push(format!(
                "page {page}: {:.0}% filled (less than a quarter)",
                fill * 100.0
            ));
        }
        if lines.is_empty() {
            problems.push(format!("page {page}: no text"));
            continue;
        }
        // A heading at the foot: after the page's last heading (one line,
        // or two of a heading that wraps) come at most caption lines (the
        // heading's note), not its table, chart or text.
        let is_heading = |t: &str| headings.iter().any(|h| *h == squash(t));
        let heading_at = |k: usize| {
            is_heading(&lines[k].text)
                || lines
                    .get(k + 1)
                    .is_some_and(|next| is_heading(&format!("{}{}", lines[k].text, next.text)))
        };
        let part_of = |t: &str, list: &[String]| list.iter().any(|n| n.contains(&squash(t)));
        if let Some(k) = (0..lines.len()).rev().find(|k| heading_at(*k)) {
            let wrapped = usize::from(!is_heading(&lines[k].text));
            if lines[k + 1 + wrapped..]
                .iter()
                .all(|l| part_of(&l.text, &captions))
            {
                problems.push(format!(
                    "page {page}: ends with the heading {}",
                    lines[k].text
                ));
            }
        }
        // Only notes (and headings): every line is part of a note, caption
        // or 考察 box, or a heading.
        if page > 1
            && lines
                .iter()
                .all(|l| part_of(&l.text, &notes) || is_heading(&l.text))
        {
            problems.push(format!(
                "page {page}: holds only notes, captions or a 考察 box ({})",
                lines[0].text
            ));
        }
    }
    Checked {
        pages: pages.len(),
        problems,
        fills,
    }
}

#[test]
fn every_page_of_the_report_is_a_finished_slide() {
    if tools().is_none() {
        return;
    }
    let Checked {
        pages,
        problems,
        fills,
    } = check_pages(&root().join("data"));
    assert!(
        problems.is_empty(),
        "{} of {pages} pages break the slide rules:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // SPEC §18: the R7 report in at most 34 pages, at most 3 of them less
    // than 40 % filled (the cover excluded).
    assert!(pages <= 34, "{pages} pages");
    let thin = thin_pages(&fills, 0.40);
    assert!(thin.len() <= 3, "pages less than 40 % filled: {thin:?}");
}

#[test]
fn every_page_is_a_finished_slide_when_a_dataset_is_missing() {
    if tools().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&root().join("data"), &data);
    // R7 without its AMED topics: KPI 6 has no results for the round.
    fs::remove_file(data.join("R7/amed.xlsx")).unwrap();
    // Its commentary goes too: live figures of KPI 6 in R7 would be errors
    // that stop the report (SPEC §17).
    let commentary = fs::read_to_string(data.join("R7/commentary.md")).unwrap();
    let (before, after) = commentary.split_once("## KPI 6").unwrap();
    let kept = after.find("## KPI 7").map_or("", |at| &after[at..]);
    fs::write(data.join("R7/commentary.md"), format!("{before}{kept}")).unwrap();
    let Checked {
        pages, problems, ..
    } = check_pages(&data);
    assert!(
        problems.is_empty(),
        "{} of {pages} pages break the slide rules:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Prints `html` with Chromium as `mdkpi report --pdf` does.
fn print(html: &str, dir: &Path) -> PathBuf {
    let page = dir.join("slides.html");
    fs::write(&page, html).unwrap();
    let pdf = dir.join("slides.pdf");
    let status = Command::new(tool("chromium").unwrap())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(status.status.success() && pdf.is_file(), "chromium failed");
    pdf
}

/// The checker itself: a deck with a heading at a page's foot, a page of
/// only a 考察 box and a nearly empty page is caught, page by page.
#[test]
fn the_page_check_catches_unfinished_slides() {
    if tools().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let style = "<style>@page { size: A4 landscape; margin: 11mm 13mm 13mm 13mm; } \
        body { margin: 0; font-family: 'BIZ UDPGothic', sans-serif; } \
        .page { break-before: page; } .tall { height: 150mm; background: #333; }</style>";
    let html = format!(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">{style}</head><body>\
         <div class=\"tall\"></div><p>本文の段落。</p><h3>見出しだけが頁の下に残る</h3>\
         <p class=\"note\">見出しの注記。</p>\
         <div class=\"page\"><table><tr><td>表の内容</td></tr></table><div class=\"tall\"></div></div>\
         <div class=\"page\"><div class=\"commentary\"><h4>考察</h4><p>考察の本文だけの頁。</p></div><div class=\"tall\"></div></div>\
         <div class=\"page\"><p>ほとんど空の頁。</p>\
         <figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 40\" width=\"400\">\
         <text x=\"10\" y=\"24\" font-size=\"16\">切れたグラフの題名…</text></svg></figure></div>\
         </body></html>"
    );
    let pdf = print(&html, tmp.path());
    let Checked {
        pages,
        problems,
        fills,
    } = check_printed(&html, &pdf, tmp.path());
    assert_eq!(pages, 4, "{problems:?}");
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert_eq!(
        problems[..4],
        [
            "chart text cut in the HTML: 切れたグラフの題名…",
            "page 4: chart text cut: 切れたグラフの題名…",
            "page 1: ends with the heading 見出しだけが頁の下に残る",
            "page 3: holds only notes, captions or a 考察 box (考察)",
        ],
    );
    // The exact share depends on the font's line height: a few percent.
    assert!(
        problems[4].starts_with("page 4: ")
            && problems[4].ends_with("% filled (less than a quarter)"),
        "{}",
        problems[4]
    );
    // Only the nearly empty page is less than 40 % filled (the cover, page
    // 1, is never counted).
    assert_eq!(thin_pages(&fills, 0.40), [4]);
    assert_eq!(thin_pages(&[0.1, 0.5, 0.39], 0.40), [3]);
}
