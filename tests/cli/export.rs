//! `mdkpi export` (SPEC §13): every dataset of the round and the earlier
//! rounds, and the indicator table, as an xlsx workbook, CSV files or
//! parquet files; the row counts are the rounds' records, xlsx and CSV
//! bytes are stable, CSV text is formula-safe.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use parquet::file::reader::{FileReader, SerializedFileReader};
use rust_xlsxwriter::Workbook;

use mdkpi::model::FrameId;

use super::{round_with, run_in, Run, COMPANY_COLUMNS};

const TABLES: [&str; 8] = [
    "stations",
    "training",
    "joint_research",
    "satisfaction",
    "companies",
    "amed",
    "followup",
    "indicators",
];

fn export(data_dir: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<String> = ["export", "--round", "R7", "--out"]
        .map(String::from)
        .to_vec();
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|a| a.to_string()));
    let run = run_in(data_dir, &args);
    assert_eq!(run.code, Some(0), "{}", run.render());
    run
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Rows per table as the model holds them: the sum over R4–R7 of each
/// round's records, and the indicator table.
fn expected_rows() -> BTreeMap<&'static str, usize> {
    let (rounds, folder, _) =
        mdkpi::compute::load(&repo().join("data"), "data", Some("R7")).expect("fixtures load");
    assert_eq!(rounds.len(), 4, "R4–R7");
    let mut rows = BTreeMap::new();
    for frame in FrameId::ALL {
        let n = rounds
            .iter()
            .filter_map(|r| frame.of(r))
            .map(|df| df.height())
            .sum();
        rows.insert(frame.frame_name(), n);
    }
    let indicators = mdkpi::kpi::compute_all(&rounds, &folder.declared).expect("computed");
    rows.insert("indicators", indicators.len());
    rows
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn xlsx_holds_every_table_with_every_record() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("export");
    export(repo(), &out, &[]);
    let path = out.join("mdkpi-export.xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook(&path).expect("calamine opens the export");
    let mut sheet_names = TABLES.map(String::from).to_vec();
    sheet_names.push("指標一覧".into());
    assert_eq!(book.sheet_names(), sheet_names);
    let expected = expected_rows();
    let mut sheets = BTreeMap::new();
    for name in TABLES {
        let range = book.worksheet_range(name).expect(name);
        let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        assert_eq!(rows.len() - 1, expected[name], "{name}: rows");
        sheets.insert(name, rows);
    }
    for name in &TABLES[..7] {
        let header: Vec<String> = sheets[name][0].iter().map(text).collect();
        assert_eq!(header[..2], ["round", "source"], "{name}");
        // Every record names its round and its source path:sheet:row.
        for row in &sheets[name][1..] {
            let source = text(&row[1]);
            let parts: Vec<&str> = source.split(':').collect();
            assert!(
                parts.len() == 3 && parts[0].starts_with(&format!("data/{}/", text(&row[0]))),
                "{name}: {source}"
            );
            assert!(parts[2].parse::<u32>().is_ok_and(|r| r >= 2), "{source}");
        }
    }
    let training: Vec<String> = sheets["training"][0].iter().map(text).collect();
    assert!(training.contains(&"受入人数".to_string()), "{training:?}");
    assert!(training.contains(&"受入人数(補正後)".to_string()));

    // Companies: dates are date cells; R7's 11 ventures with their reasons.
    let companies = &sheets["companies"];
    let header: Vec<String> = companies[0].iter().map(text).collect();
    let col = |h: &str| {
        header
            .iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("no column {h} in {header:?}"))
    };
    let (founded, venture, reason) = (col("設立日"), col("ベンチャー"), col("ベンチャー判定理由"));
    col("異業種");
    col("異業種判定理由");
    assert!(
        matches!(&companies[1][founded], Data::DateTime(d) if d.is_datetime()),
        "{:?}",
        companies[1][founded]
    );
    let ventures: Vec<&Vec<Data>> = companies[1..]
        .iter()
        .filter(|r| text(&r[0]) == "R7" && r[venture] == Data::Bool(true))
        .collect();
    assert_eq!(ventures.len(), 11);
    for v in ventures {
        assert!(
            text(&v[reason]).starts_with("ベンチャー: 内資"),
            "{:?}",
            v[reason]
        );
    }

    // Coded answers as the analyst reads them.
    let amed = &sheets["amed"];
    let stage = amed[0]
        .iter()
        .position(|h| text(h) == "現在ステージ")
        .expect("stage");
    assert!(amed[1..].iter().any(|r| text(&r[stage]) == "上市"));
    let satisfaction = &sheets["satisfaction"];
    assert!(satisfaction[1..]
        .iter()
        .any(|r| r.iter().any(|c| text(c) == "満足度100%")));
}

/// The sheet 指標一覧 (SPEC §19): one row per indicator with its Japanese
/// name (declared ones included) and unit, one column per round holding
/// `compute`'s value; rates in the number format `0.0%`, read from the
/// workbook's styles.
#[test]
fn the_indicator_sheet_has_one_row_per_key_and_a_column_per_round() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("export");
    export(repo(), &out, &[]);
    let path = out.join("mdkpi-export.xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook(&path).expect("calamine opens the export");
    let range = book.worksheet_range("指標一覧").expect("the sheet");
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header[..3], ["指標キー", "指標名", "単位"]);
    let rounds = &header[3..];
    // compute's table: (key, round) → value; keys in its order.
    let compute = run_in(repo(), &["compute", "--format", "csv"].map(String::from));
    assert_eq!(compute.code, Some(0));
    let mut keys: Vec<String> = Vec::new();
    let mut values = BTreeMap::new();
    let mut units = BTreeMap::new();
    for line in compute.stdout.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if !keys.iter().any(|k| k == cells[0]) {
            keys.push(cells[0].to_string());
        }
        let mut rounds_seen = rounds.iter().filter(|r| *r == cells[1]);
        assert!(
            rounds_seen.next().is_some(),
            "round {} has a column",
            cells[1]
        );
        values.insert(
            (cells[0].to_string(), cells[1].to_string()),
            cells[2].parse::<f64>().ok(),
        );
        units.insert(cells[0].to_string(), cells[5].to_string());
    }
    let listed: Vec<String> = rows[1..].iter().map(|r| text(&r[0])).collect();
    assert_eq!(listed, keys);
    for row in &rows[1..] {
        let key = text(&row[0]);
        let unit = &units[&key];
        let shown_unit = if unit == "ratio" { "%" } else { unit.as_str() };
        assert_eq!(text(&row[2]), shown_unit, "{key}");
        for (c, round) in rounds.iter().enumerate() {
            let cell = row.get(3 + c).cloned().unwrap_or(Data::Empty);
            let expected = values.get(&(key.clone(), round.clone())).copied().flatten();
            match expected {
                Some(v) => assert!(
                    matches!(cell, Data::Float(x) if (x - v).abs() <= 1e-12 * v.abs().max(1.0)),
                    "{key} {round}: {cell:?} vs {v}"
                ),
                None => assert_eq!(cell, Data::Empty, "{key} {round}"),
            }
        }
    }
    let name = |key: &str| {
        rows.iter()
            .find(|r| text(&r[0]) == key)
            .map(|r| text(&r[1]))
            .unwrap_or_else(|| panic!("{key}"))
    };
    assert_eq!(name("kpi1.participants"), "総受入実績数(A)");
    assert_eq!(name("kpi2.venture_rate"), "ベンチャー企業の割合");
    assert_eq!(
        name("kpi7.venture_export_rate"),
        "ベンチャーのうち輸出を行う企業の割合"
    );
    // The number formats: the rate's cells use an xf whose format is
    // 0.0%, the count's one whose format is #,##0.
    let file = fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let styles = part("xl/styles.xml");
    let sheet = part("xl/worksheets/sheet9.xml");
    let format_of_style = |s: usize| -> String {
        let xfs = styles.split("<cellXfs").nth(1).unwrap();
        let xf = xfs.split("<xf ").nth(s + 1).unwrap();
        let id = xf
            .split("numFmtId=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        styles
            .split(&format!("numFmtId=\"{id}\" formatCode=\""))
            .nth(1)
            .map(|f| f.split('"').next().unwrap().to_string())
            .unwrap_or_default()
    };
    let formats_of_row = |key: &str| -> Vec<String> {
        let r = rows.iter().position(|row| text(&row[0]) == key).unwrap() + 1;
        let xml = sheet.split(&format!("<row r=\"{r}\"")).nth(1).unwrap();
        let xml = xml.split("</row>").next().unwrap();
        xml.split("<c ")
            .skip(1)
            .filter_map(|c| c.split(" s=\"").nth(1))
            .map(|s| format_of_style(s.split('"').next().unwrap().parse().unwrap()))
            .collect()
    };
    let rate = formats_of_row("kpi2.venture_rate");
    assert!(
        !rate.is_empty() && rate.iter().all(|f| f == "0.0%"),
        "{rate:?}"
    );
    let count = formats_of_row("kpi1.participants");
    assert!(
        !count.is_empty() && count.iter().all(|f| f == "#,##0"),
        "{count:?}"
    );
}

fn csv_table(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("the CSV starts with a BOM");
    let mut reader = csv::Reader::from_reader(body);
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn csv_files_hold_every_record_and_match_the_report() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("csv");
    export(repo(), &out, &["--format", "csv"]);
    let expected = expected_rows();
    for name in TABLES {
        let bytes = fs::read(out.join(format!("{name}.csv"))).expect(name);
        let (header, rows) = csv_table(&bytes);
        assert_eq!(rows.len(), expected[name], "{name}");
        assert!(rows.iter().all(|r| r.len() == header.len()), "{name}");
    }
    // The indicator table is the report's indicators.csv, byte for byte.
    assert_eq!(
        fs::read(out.join("indicators.csv")).expect("indicators"),
        fs::read(repo().join("reports/R7/indicators.csv")).expect("report csv")
    );
    let (header, rows) = csv_table(&fs::read(out.join("companies.csv")).expect("companies"));
    let venture = header
        .iter()
        .position(|h| h == "ベンチャー")
        .expect("venture");
    let founded = header.iter().position(|h| h == "設立日").expect("founded");
    let r7: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "R7").collect();
    assert_eq!(r7.iter().filter(|r| r[venture] == "TRUE").count(), 11);
    assert!(r7
        .iter()
        .all(|r| ["TRUE", "FALSE"].contains(&r[venture].as_str())));
    assert!(chrono::NaiveDate::parse_from_str(&r7[0][founded], "%Y-%m-%d").is_ok());
}

#[test]
fn parquet_files_read_back_with_every_record() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("parquet");
    export(repo(), &out, &["--format", "parquet"]);
    let expected = expected_rows();
    for name in TABLES {
        let file = fs::File::open(out.join(format!("{name}.parquet"))).expect(name);
        let reader = SerializedFileReader::new(file).expect("a parquet file");
        let meta = reader.metadata().file_metadata();
        assert_eq!(meta.num_rows() as usize, expected[name], "{name}");
        let columns: Vec<String> = meta
            .schema_descr()
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        match name {
            "indicators" => assert_eq!(
                columns,
                ["key", "round", "value", "numerator", "denominator", "unit"]
            ),
            "stations" => assert_eq!(
                columns,
                ["round", "source", "stem", "name", "program", "field", "ministry"]
            ),
            "companies" => {
                assert_eq!(columns[..3], ["round", "source", "id"]);
                for derived in [
                    "venture",
                    "cross_industry",
                    "venture_reason",
                    "cross_industry_reason",
                ] {
                    assert!(columns.iter().any(|c| c == derived), "{columns:?}");
                }
            }
            "followup" => {
                assert!(columns.iter().any(|c| c == "source_document"));
                assert!(columns.iter().any(|c| c == "indicator_key"));
            }
            _ => assert_eq!(columns[..2], ["round", "source"], "{name}"),
        }
        // Every row reads back.
        assert_eq!(
            reader.get_row_iter(None).expect("rows").count(),
            expected[name]
        );
    }
}

#[test]
fn xlsx_and_csv_bytes_are_stable() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for format in ["xlsx", "csv"] {
        let (a, b) = (
            tmp.path().join(format!("{format}-a")),
            tmp.path().join(format!("{format}-b")),
        );
        export(repo(), &a, &["--format", format]);
        export(repo(), &b, &["--format", format]);
        let names: Vec<_> = fs::read_dir(&a)
            .expect("out")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert!(!names.is_empty());
        for name in names {
            assert_eq!(
                fs::read(a.join(&name)).expect("a"),
                fs::read(b.join(&name)).expect("b"),
                "{format}: {name:?} differs between two runs"
            );
        }
    }
}

/// A companies.xlsx whose 回答ID cells look like formulas.
fn companies_with_formula_ids() -> Vec<u8> {
    let ids = [
        "=HYPERLINK(\"http://example.com\",\"x\")",
        "+1",
        "-2",
        "@SUM(1)",
        "C5",
    ];
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("回答").unwrap();
    for (c, name) in COMPANY_COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *name).unwrap();
    }
    for (i, id) in ids.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, "内資").unwrap();
        ws.write_string(r, 2, "2015-04-01").unwrap();
        ws.write_string(r, 3, "30").unwrap();
        ws.write_string(r, 4, "12").unwrap();
        for c in 5..21u16 {
            if c != 8 {
                ws.write_string(r, c, "はい").unwrap();
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let tmp = tempfile::tempdir().expect("tempdir");
    round_with(tmp.path(), "companies.xlsx", &companies_with_formula_ids());
    let csv_out = tmp.path().join("csv");
    export(tmp.path(), &csv_out, &["--format", "csv"]);
    let (_, rows) = csv_table(&fs::read(csv_out.join("companies.csv")).expect("csv"));
    let ids: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        ids,
        [
            "'=HYPERLINK(\"http://example.com\",\"x\")",
            "'+1",
            "'-2",
            "'@SUM(1)",
            "C5"
        ]
    );
    // Tables without records still have their file and header.
    let (header, rows) = csv_table(&fs::read(csv_out.join("amed.csv")).expect("amed"));
    assert!(rows.is_empty());
    assert!(header.contains(&"ステージアップ".to_string()), "{header:?}");

    // In the workbook the same cells are text cells, as written.
    let xlsx_out = tmp.path().join("xlsx");
    export(tmp.path(), &xlsx_out, &[]);
    let mut book: Xlsx<_> =
        calamine::open_workbook(xlsx_out.join("mdkpi-export.xlsx")).expect("workbook");
    let range = book.worksheet_range("companies").expect("companies");
    let first = range.get((1, 2)).expect("cell");
    assert_eq!(
        first,
        &Data::String("=HYPERLINK(\"http://example.com\",\"x\")".into())
    );
    let formulas = book.worksheet_formula("companies").expect("formulas");
    assert!(
        formulas.cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );
}

#[test]
fn the_output_folder_keeps_other_files_and_replaces_the_export() {
    let tmp = tempfile::tempdir().expect("tempdir");
    round_with(tmp.path(), "companies.xlsx", &companies_with_formula_ids());
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).expect("mkdir");
    fs::write(out.join("notes.txt"), "mine").expect("notes");
    fs::write(out.join("companies.csv"), "old").expect("old export");
    let run = export(tmp.path(), &out, &["--format", "csv"]);
    assert!(run.stdout.contains("companies.csv"), "{}", run.stdout);
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).expect("kept"),
        "mine"
    );
    assert_ne!(fs::read(out.join("companies.csv")).expect("new"), b"old");
    // Nothing temporary is left beside it.
    let left: Vec<_> = fs::read_dir(tmp.path())
        .expect("tmp")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("mdkpi-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn export_needs_out_and_validates_first() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let run = run_in(repo(), &["export".to_string()]);
    assert_eq!(run.code, Some(2), "{}", run.render());
    let help = run_in(repo(), &["export".to_string(), "--help".to_string()]);
    assert!(
        help.stdout.contains("mdkpi export --round R7"),
        "{}",
        help.stdout
    );
    // A data error stops the export before anything is written.
    round_with(tmp.path(), "companies.xlsx", b"not a workbook");
    let out = tmp.path().join("out");
    let run = run_in(tmp.path(), &["export", "--out", "out"].map(String::from));
    assert_eq!(run.code, Some(1), "{}", run.render());
    assert!(!out.exists());
}
