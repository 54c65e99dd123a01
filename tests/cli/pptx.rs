//! `report --pptx` (SPEC §21): report.pptx holds the deck as PowerPoint
//! objects (every KPI's title as text, native tables, native charts with
//! their workbooks, pictures), A4 landscape, the same bytes on every run,
//! and LibreOffice opens it with one page per slide.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{run_in, Run};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `report --pptx` on the checked-in fixtures into `out`.
fn report_pptx(out: &Path) -> Run {
    let args: Vec<String> = ["--data", "data", "report", "--pptx", "--out"]
        .iter()
        .map(|s| s.to_string())
        .chain([out.display().to_string()])
        .collect();
    run_in(&root(), &args)
}

/// Every part of the package, by name.
fn parts(pptx: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(pptx)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        out.insert(file.name().unwrap().to_string(), bytes);
    }
    out
}

/// The text of every `<a:t>` of an XML part, and the names of its
/// elements (with their counts), read with quick-xml.
fn read_xml(name: &str, xml: &[u8]) -> (Vec<String>, BTreeMap<String, usize>) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut texts = Vec::new();
    let mut elements: BTreeMap<String, usize> = BTreeMap::new();
    let mut in_text = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) => {
                let tag = e.name().as_ref().to_string();
                in_text = tag == "a:t";
                if in_text {
                    texts.push(String::new());
                }
                *elements.entry(tag).or_default() += 1;
            }
            Ok(quick_xml::events::Event::Empty(e)) => {
                let tag = e.name().as_ref().to_string();
                *elements.entry(tag).or_default() += 1;
            }
            Ok(quick_xml::events::Event::Text(t)) if in_text => {
                let text = t.xml10_content();
                if let Some(last) = texts.last_mut() {
                    last.push_str(&text);
                }
            }
            Ok(quick_xml::events::Event::GeneralRef(r)) if in_text => {
                let entity = r.to_string();
                let c = match entity.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("{name}: unexpected entity &{other};"),
                };
                if let Some(last) = texts.last_mut() {
                    last.push_str(c);
                }
            }
            Ok(quick_xml::events::Event::End(_)) => in_text = false,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name}: not well-formed: {e}"),
        }
        buf.clear();
    }
    (texts, elements)
}

/// The `<h2>` headings of the report that title a KPI (`KPI 6: …`).
fn kpi_titles(html: &str) -> Vec<String> {
    html.split("<h2>")
        .skip(1)
        .filter_map(|s| s.split_once("</h2>").map(|(t, _)| t.trim().to_string()))
        .filter(|t| t.starts_with("KPI "))
        .map(|t| t.replace("&amp;", "&").replace("&#x2F;", "/"))
        .collect()
}

struct Deck {
    slides: usize,
    texts: Vec<String>,
    tables: usize,
    charts: usize,
    pictures: usize,
    parts: BTreeMap<String, Vec<u8>>,
}

fn read_deck(pptx: &[u8]) -> Deck {
    let parts = parts(pptx);
    let (_, presentation) = read_xml("presentation.xml", &parts["ppt/presentation.xml"]);
    let slides = presentation["p:sldId"];
    let mut deck = Deck {
        slides,
        texts: Vec::new(),
        tables: 0,
        charts: 0,
        pictures: 0,
        parts: BTreeMap::new(),
    };
    for n in 1..=slides {
        let name = format!("ppt/slides/slide{n}.xml");
        let (texts, elements) = read_xml(&name, &parts[&name]);
        deck.texts.extend(texts);
        deck.tables += elements.get("a:tbl").copied().unwrap_or(0);
        deck.charts += elements.get("c:chart").copied().unwrap_or(0);
        deck.pictures += elements.get("p:pic").copied().unwrap_or(0);
    }
    deck.parts = parts;
    deck
}

#[test]
fn the_deck_holds_the_reports_titles_tables_and_charts() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let run = report_pptx(out);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(run.stdout.contains("report.pptx"), "{}", run.stdout);
    }
    let pptx = fs::read(a.join("report.pptx")).unwrap();
    assert!(
        pptx == fs::read(b.join("report.pptx")).unwrap(),
        "two runs wrote different bytes"
    );
    let deck = read_deck(&pptx);
    let presentation = String::from_utf8(deck.parts["ppt/presentation.xml"].clone()).unwrap();
    assert!(presentation.contains("<p:sldSz cx=\"10692000\" cy=\"7560000\"/>"));
    let theme = String::from_utf8(deck.parts["ppt/theme/theme1.xml"].clone()).unwrap();
    assert_eq!(
        theme
            .matches("<a:latin typeface=\"BIZ UDPGothic\"/><a:ea typeface=\"BIZ UDPGothic\"/>")
            .count(),
        2,
        "major and minor fonts"
    );

    // Every KPI's page title is text on a slide.
    let html = fs::read_to_string(a.join("index.html")).unwrap();
    let titles = kpi_titles(&html);
    assert!(titles.len() >= 11, "{titles:?}");
    for title in &titles {
        assert!(
            deck.texts.iter().any(|t| t == title),
            "no text box reads {title:?}"
        );
    }
    assert!(deck.tables >= 10, "{} native tables", deck.tables);
    assert!(
        deck.charts + deck.pictures >= 30,
        "{} charts, {} pictures",
        deck.charts,
        deck.pictures
    );
    // Each native chart has its data as a workbook that opens.
    let workbooks: Vec<&String> = deck
        .parts
        .keys()
        .filter(|k| k.starts_with("ppt/embeddings/") && k.ends_with(".xlsx"))
        .collect();
    assert_eq!(workbooks.len(), deck.charts);
    for name in workbooks {
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(deck.parts[name].clone()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let sheet = book.worksheet_range("Sheet1").unwrap();
        assert!(sheet.height() >= 2 && sheet.width() >= 2, "{name}");
    }
    // At least as many slides as page sections.
    let sections = html.matches("<section class=\"slide").count();
    assert!(
        deck.slides >= sections,
        "{} slides, {sections} sections",
        deck.slides
    );
}

fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// LibreOffice Impress converts report.pptx to a PDF of one page per
/// slide. Skipped with a note when soffice or pdfinfo is missing, except
/// under CI (`CI` set), where it fails; so does a conversion that fails.
#[test]
fn libreoffice_prints_one_page_per_slide() {
    let (Some(soffice), Some(pdfinfo)) = (find("soffice"), find("pdfinfo")) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: soffice (libreoffice-impress-nogui) and pdfinfo (poppler-utils) are required"
        );
        eprintln!(
            "note: soffice or pdfinfo not found: skipping the LibreOffice check of report.pptx"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let run = report_pptx(&out);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let deck = read_deck(&fs::read(out.join("report.pptx")).unwrap());
    let pdf_dir = tmp.path().join("pdf");
    let output = Command::new(soffice)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&pdf_dir)
        .arg(out.join("report.pptx"))
        // A profile of its own: no clash with another LibreOffice running.
        .env("HOME", tmp.path())
        .arg(format!(
            "-env:UserInstallation=file://{}",
            tmp.path().join("profile").display()
        ))
        .output()
        .expect("soffice runs");
    let pdf = pdf_dir.join("report.pdf");
    assert!(
        pdf.is_file(),
        "LibreOffice did not convert report.pptx (is libreoffice-impress-nogui installed?): {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let info = Command::new(pdfinfo)
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo: {info}"));
    assert_eq!(pages, deck.slides, "one PDF page per slide");
    // A4 landscape: 841.89 x 595.28 pt (LibreOffice rounds the slide size).
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or_default();
    assert!(size.contains("841") && size.contains("595"), "{size}");
}
