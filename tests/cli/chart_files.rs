//! `report --charts` (SPEC §19): every chart of the report as
//! `charts/NN-<name>.svg` and `.png`, in the report's order, each file
//! readable, the PNG's text drawn in the report's font, the same bytes on
//! every run, and nothing of it compared by `--check`.

use std::fs;
use std::path::{Path, PathBuf};

use super::{run_in, Run};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `report --charts` on the checked-in fixtures into `out`.
fn report_charts(out: &Path) -> Run {
    let args: Vec<String> = ["--data", "data", "report", "--charts", "--out"]
        .iter()
        .map(|s| s.to_string())
        .chain([out.display().to_string()])
        .collect();
    run_in(&root(), &args)
}

/// The files of `dir`, sorted by name, with their bytes.
fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().into_string().unwrap(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// The root `<svg>` elements of the report's charts in `html` (charts carry
/// `role="img"` on their root).
fn charts_in(html: &str) -> usize {
    html.match_indices("<svg ")
        .filter(|(at, _)| {
            let tag = &html[*at..];
            let end = tag.find('>').unwrap();
            tag[..end].contains("role=\"img\"")
        })
        .count()
}

/// The root element's viewBox size of an SVG.
fn view_box(svg: &str) -> (f64, f64) {
    let at = svg.find("viewBox=\"").unwrap() + 9;
    let parts: Vec<f64> = svg[at..svg[at..].find('"').unwrap() + at]
        .split(' ')
        .map(|p| p.parse().unwrap())
        .collect();
    (parts[2], parts[3])
}

/// The SVG parses as XML to its end, with text in it.
fn check_svg(name: &str, svg: &str) {
    let mut reader = quick_xml::Reader::from_str(svg);
    let (mut elements, mut texts) = (0, 0);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                elements += 1;
                if e.name().as_ref() == "text" {
                    texts += 1;
                }
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name}: not well-formed XML: {e}"),
        }
    }
    assert!(
        elements > 3 && texts > 0,
        "{name}: {elements} elements, {texts} texts"
    );
}

#[test]
fn every_chart_is_written_as_svg_and_png_in_the_reports_order() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let run = report_charts(&out);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("charts/"), "{}", run.stdout);
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    let files = listing(&out.join("charts"));
    let shown = charts_in(&html);
    // The fixtures' report shows dozens of charts; each is two files.
    assert!(shown >= 30, "{shown} charts in index.html");
    assert_eq!(files.len(), 2 * shown, "two files per chart of index.html");

    let mut last_at = 0;
    for (i, pair) in files.chunks(2).enumerate() {
        let [(png_name, png), (svg_name, svg)] = pair else {
            unreachable!()
        };
        // NN-<name>, ASCII: the number is the chart's place in the report.
        let stem = svg_name.strip_suffix(".svg").unwrap();
        assert_eq!(png_name, &format!("{stem}.png"));
        let (number, name) = stem.split_once('-').unwrap();
        assert_eq!(number, format!("{:02}", i + 1), "{svg_name}");
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{svg_name}"
        );
        // The SVG is the chart exactly as index.html shows it, in order.
        let svg = std::str::from_utf8(svg).unwrap();
        check_svg(svg_name, svg);
        let at = html[last_at..]
            .find(svg)
            .unwrap_or_else(|| panic!("{svg_name} is not the next chart of index.html"));
        last_at += at + svg.len();

        // The PNG: its signature, and an IHDR of twice the SVG's size.
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{png_name}");
        assert_eq!(&png[12..16], b"IHDR", "{png_name}");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        let (w, h) = view_box(svg);
        assert_eq!(
            (width, height),
            ((w * 2.0).round() as u32, (h * 2.0).round() as u32),
            "{png_name}"
        );
        // It decodes, and the title band at its top holds dark pixels: the
        // title's glyphs (without the font nothing would be drawn there).
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).unwrap();
        let band = (pixmap.width() * 44) as usize;
        let dark = pixmap.pixels()[..band]
            .iter()
            .filter(|p| u32::from(p.red()) + u32::from(p.green()) + u32::from(p.blue()) < 300)
            .count();
        assert!(
            dark > 50,
            "{png_name}: {dark} dark pixels in the title band"
        );
    }
}

#[test]
fn chart_files_are_byte_stable_and_not_compared_by_check() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let run = report_charts(out);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }
    let (first, second) = (listing(&a.join("charts")), listing(&b.join("charts")));
    assert!(!first.is_empty());
    assert!(first == second, "two runs wrote different chart files");

    // --check compares the report's own files only: a changed chart file
    // is not stale.
    let some = a.join("charts").join(&first[0].0);
    fs::write(&some, b"edited").unwrap();
    let args: Vec<String> = ["--data", "data", "report", "--check", "--out"]
        .iter()
        .map(|s| s.to_string())
        .chain([a.display().to_string()])
        .collect();
    let check = run_in(&root(), &args);
    assert_eq!(check.code, Some(0), "{}{}", check.stdout, check.stderr);

    // A run with --charts replaces the whole folder: the edited file is
    // written anew.
    let run = report_charts(&a);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(listing(&a.join("charts")) == second);

    // --charts writes files, --check writes none: together a usage error.
    let mut both = args.clone();
    both.push("--charts".into());
    assert_eq!(run_in(&root(), &both).code, Some(2));
}
