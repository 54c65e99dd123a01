#!/usr/bin/env bash
# Seeds the corpus of each named fuzz target (all if none) under
# fuzz/corpus/<target>/ from the repository's own inputs, plus a few small
# hand-made seeds under fuzz/seeds/<target>/ (generated here, git-ignored:
# no binary corpus is kept in git). Idempotent: corpus files are named by
# their SHA-1, as libFuzzer names the inputs it adds, so re-seeding adds
# nothing twice and keeps what earlier runs found.
#
#   fuzz/make_seeds.sh [xlsx|ods|xls|csv|round_toml|xlsx_sheet|ods_content|cells]...
#
# Uses libreoffice (optional) for .ods/.xls conversions of data/ workbooks
# and python3 (optional) for zips with stored (uncompressed) entries and
# Shift_JIS text; without them the seeds are only the repository's files.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
all=(xlsx ods xls csv round_toml xlsx_sheet ods_content cells)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

seeds="fuzz/seeds"

# add TARGET FILE...: copies each file (if under 64 KiB) into the corpus.
add() {
    local t="$1"
    shift
    mkdir -p "fuzz/corpus/$t"
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        [ "$(stat -c %s "$f")" -le 65536 ] || continue
        cp "$f" "fuzz/corpus/$t/$(sha1sum "$f" | cut -c1-40)"
    done
}

# repo_files PATTERN...: the matching files of data/ and tests/invalid/.
repo_files() {
    local args=() p
    for p in "$@"; do
        [ ${#args[@]} -gt 0 ] && args+=(-o)
        args+=(-iname "$p")
    done
    find data tests/invalid -type f \( "${args[@]}" \) -print0 | sort -z | xargs -0 -r printf '%s\n'
}

# A few workbooks of data/ converted by libreoffice (once; kept in seeds/).
convert() {
    local to="$1"
    local out="$seeds/$to"
    mkdir -p "$out"
    if ls "$out"/*."$to" >/dev/null 2>&1; then return; fi
    if ! command -v libreoffice >/dev/null; then
        echo "make_seeds: no libreoffice; no converted .$to seeds" >&2
        return
    fi
    # Its own profile, so a libreoffice already running elsewhere is left alone.
    timeout 180 libreoffice -env:UserInstallation="file:///tmp/mdkpi-fuzz-lo-$$" \
        --headless --convert-to "$to" --outdir "$out" \
        data/R7/sites/ncvc.xlsx data/R7/followup.xlsx data/R7/companies.xlsx >/dev/null 2>&1 ||
        echo "make_seeds: libreoffice --convert-to $to failed" >&2
    rm -rf "/tmp/mdkpi-fuzz-lo-$$"
}

# Zips re-written with stored (uncompressed) entries, so that the mutator's
# byte and dictionary edits reach the XML parser instead of a deflate stream,
# and a minimal hand-written xlsx.
stored() {
    local t="$1"
    local out="$seeds/$1"
    mkdir -p "$out"
    command -v python3 >/dev/null || return 0
    shift
    python3 - "$out" "$t" "$@" <<'PY'
import sys, zipfile, os
out, kind, *srcs = sys.argv[1:]
for src in srcs:
    if not os.path.isfile(src):
        continue
    dst = os.path.join(out, "stored-" + os.path.basename(src))
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if kind == "ods" and info.filename not in ("mimetype", "content.xml", "META-INF/manifest.xml"):
                continue
            if kind == "xlsx" and info.filename.startswith("docProps/"):
                continue
            zout.writestr(info.filename, data, compress_type=zipfile.ZIP_STORED)
if kind == "xlsx":
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>回答ID</t></si><si><r><t>a</t></r><r><t>b</t></r></si></sst>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>x</t></is></c></row><row r="2"><c r="A2"><v>45000</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><v>#N/A</v></c></row><row r="3"><c r="A3" t="str"><f>A2+1</f><v>45001</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="B3:C3"/></mergeCells></worksheet>',
    }
    with zipfile.ZipFile(os.path.join(out, "minimal.xlsx"), "w", zipfile.ZIP_STORED) as z:
        for name, text in files.items():
            z.writestr(name, text)
PY
}

# parts DIR MEMBER-REGEX ZIP...: the zip members matching the regex (with a
# NUL and the shared strings after a worksheet, as xlsx_sheet splits its input).
parts() {
    local out="$1" member="$2"
    shift 2
    mkdir -p "$out"
    command -v python3 >/dev/null || return 0
    python3 - "$out" "$member" "$@" <<'PY'
import sys, zipfile, re, hashlib, os
out, member, *srcs = sys.argv[1:]
for src in srcs:
    try:
        z = zipfile.ZipFile(src)
    except Exception:
        continue
    names = z.namelist()
    for name in names:
        if not re.fullmatch(member, name):
            continue
        data = z.read(name)
        if name.startswith("xl/worksheets/") and "xl/sharedStrings.xml" in names:
            data += b"\0" + z.read("xl/sharedStrings.xml")
        if len(data) <= 65536:
            open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb").write(data)
PY
}

for t in "${targets[@]}"; do
    case "$t" in
    xlsx_sheet)
        stored xlsx data/R7/sites/ncvc.xlsx data/R7/followup.xlsx
        mapfile -t files < <(repo_files '*.xlsx' '*.xlsm')
        parts "$seeds/xlsx_sheet" 'xl/worksheets/sheet[0-9]+\.xml' "${files[@]}" "$seeds"/xlsx/minimal.xlsx
        add xlsx_sheet "$seeds"/xlsx_sheet/*
        ;;
    ods_content)
        convert ods
        mapfile -t files < <(repo_files '*.ods')
        parts "$seeds/ods_content" 'content\.xml' "${files[@]}" "$seeds"/ods/*.ods
        add ods_content "$seeds"/ods_content/*
        ;;
    xlsx)
        stored xlsx data/R7/sites/ncvc.xlsx data/R7/followup.xlsx
        mapfile -t files < <(repo_files '*.xlsx' '*.xlsm')
        add xlsx "${files[@]}" "$seeds"/xlsx/*
        ;;
    ods)
        convert ods
        stored ods "$seeds"/ods/ncvc.ods "$seeds"/ods/followup.ods
        mapfile -t files < <(repo_files '*.ods')
        add ods "${files[@]}" "$seeds"/ods/*
        ;;
    xls)
        convert xls
        mapfile -t files < <(repo_files '*.xls')
        add xls "${files[@]}" "$seeds"/xls/*
        ;;
    csv)
        mkdir -p "$seeds/csv"
        printf '回答ID,満足度,コメント\r\n1,5,"よい, とても"\r\n2,,"改行\r\nあり"\r\n3,4,"""引用"""\r\n' >"$seeds/csv/crlf-quoted.csv"
        printf '\xef\xbb\xbf回答ID,満足度\n1,5\n2,3\n' >"$seeds/csv/bom.csv"
        printf 'a,b\n"unterminated,1\n2,3\n4,5\n' >"$seeds/csv/unterminated.csv"
        if command -v iconv >/dev/null; then
            printf '回答ID,満足度,拠点名\r\n1,5,東京ｶﾅ\r\n' | iconv -f UTF-8 -t SHIFT_JIS >"$seeds/csv/sjis.csv" || rm -f "$seeds/csv/sjis.csv"
        fi
        mapfile -t files < <(repo_files '*.csv')
        add csv "${files[@]}" "$seeds"/csv/*
        ;;
    cells)
        # One small sheet per dataset, its cells in the forms the readers
        # accept and refuse (numbers as written, eras, IDs, a repeated row).
        mkdir -p "$seeds/cells"
        printf '%s\n' \
            '回答ID,資本,設立日,資本金(百万円),従業員数,自社研究開発,輸入主体,異業種参入,医療機器研究開発開始日,研究開発特化型,上市可能製品,海外拠点_研究開発,海外拠点_生産,海外拠点_販売,海外拠点_教育,海外拠点_その他,輸出,知財海外出願,海外投資,海外許認可申請,海外共同研究開発' \
            'C-001,内資,2015-04-01,"1,076",12,はい,いいえ,有り,平成27年4月1日,無し,○,×,1,0,yes,no,TRUE,false,あり,なし,有' \
            'C−001,外資,令和元年5月1日,"18,0",１２,ハイ,イイエ,アリ,,ナシ,有,無,1,0,yes,no,TRUE,false,あり,なし,有' \
            'Cー002,内資,45000,△5,1e3,はい,いいえ,はい,R1.4.30,いいえ,はい,いいえ,はい,いいえ,はい,いいえ,はい,いいえ,はい,いいえ,はい' \
            'C-003,内資,昭和100年,.5,"1 200",はい,いいえ,はい,2958466,いいえ,はい,いいえ,はい,いいえ,はい,いいえ,はい,いいえ,はい,いいえ,はい' \
            >"$seeds/cells/companies.csv"
        printf '%s\n' \
            '課題番号,事業名,課題名,採択年度,助成額(千円),重点分野,採択時ステージ,現在ステージ' \
            '23hm0101001,医療機器等研究成果展開事業,課題A,平成31年度,"52,000",1,1,2' \
            '23hm0101001\u200b,事業B,課題B,平成32年度,"1.500,5",なし,２,上市' \
            '23hm0101002,事業C,課題C,R7,1.2.3,複数,3rd,4' \
            >"$seeds/cells/amed.csv"
        printf '%s\n' \
            'KPI番号,指標,年度,値,単位,状況,報告主体,キー,出典,時点' \
            '4,評価指針,2025,50%,%,,厚労省,share,資料,令和7年3月' \
            '5,承認件数,令和元年度,"1,5",件,,厚労省,,,' \
            '5,承認件数,令和元年度,"1,5",件,,厚労省,,,' \
            '8,人材,H31,,,検討中,経産省,,,2019/4' \
            >"$seeds/cells/followup.csv"
        printf '%s\n' \
            '研修区分,所属,年齢,知識,意欲,有用性,満足度' \
            '1,企業(医療系),30代,得られた,意欲が増した,役立つ,満足度80%' \
            '1,企業(医療系),30代,得られた,意欲が増した,役立つ,満足度80%' \
            '"1,5",その他,20代,,,,' \
            >"$seeds/cells/satisfaction.csv"
        mapfile -t files < <(repo_files '*.csv')
        add cells "${files[@]}" "$seeds"/cells/*
        ;;
    round_toml)
        mkdir -p "$seeds/round_toml"
        printf 'label = "R7"\nfiscal_year = 2025\nperiod_start = 2025-03-07\nperiod_end = 2026-03-06\nreference_date = 2026-01-01\nstations = ["a", "b"]\n[report]\ntitle = "t\\u0000"\ndate = 2025-12-19\n' >"$seeds/round_toml/minimal.toml"
        mapfile -t files < <(repo_files 'round.toml')
        add round_toml "${files[@]}" "$seeds"/round_toml/*
        ;;
    *)
        echo "make_seeds: unknown target $t (targets: ${all[*]})" >&2
        exit 2
        ;;
    esac
    echo "seeded fuzz/corpus/$t: $(find "fuzz/corpus/$t" -type f | wc -l) files"
done
