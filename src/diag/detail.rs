//! Details that reach a message from elsewhere, shown in the message's
//! language (SPEC §16):
//! - errors carried whole ([`Shared`]): an operating-system error by its
//!   kind, what failed when writing the output by what it is
//!   ([`crate::output::Error`]), the workbook writer's error;
//! - the English texts of other crates that give nothing else, translated:
//!   the TOML reader's messages ([`TomlText`]), the CSV reader's
//!   ([`CsvText`]); and the commentary checks' series names.
//!
//! The English is kept as is for English messages. What cannot be put into
//! Japanese (a TOML message of an unknown kind, an operating-system error
//! of no known kind) is quoted after a Japanese lead, so that nothing is
//! lost.

use std::io;

use super::lang::Lang;
use super::param::{Param, Shared};
use crate::output::{Error as WriteError, Set};

/// A TOML reader's message (`toml::de::Error::message`).
#[derive(Debug, Clone, Copy)]
pub struct TomlText<'a>(pub &'a str);

impl Param for TomlText<'_> {
    fn show(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.0.to_string(),
            Lang::Ja => toml_ja(self.0),
        }
    }
}

/// The CSV reader's message about a record (`csv::Error`).
#[derive(Debug, Clone, Copy)]
pub struct CsvText<'a>(pub &'a str);

impl Param for CsvText<'_> {
    fn show(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.0.to_string(),
            Lang::Ja => csv_ja(self.0),
        }
    }
}

/// An operating-system error (reading a file, listing a folder): in
/// Japanese by its kind ([`io_ja`]).
impl Param for Shared<io::Error> {
    fn show(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.0.to_string(),
            Lang::Ja => io_ja(&self.0),
        }
    }
}

/// The workbook writer's error: an operating-system error by its kind,
/// another quoted after a label.
impl Param for Shared<rust_xlsxwriter::XlsxError> {
    fn show(&self, lang: Lang) -> String {
        match (lang, &*self.0) {
            (Lang::En, e) => e.to_string(),
            (Lang::Ja, rust_xlsxwriter::XlsxError::IoError(e)) => io_ja(e),
            (Lang::Ja, e) => format!("ブックの作成処理の説明: {e}"),
        }
    }
}

/// What failed when writing the output: the path, what could not be done
/// and the system's reason.
impl Param for Shared<WriteError> {
    fn show(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.0.to_string(),
            Lang::Ja => write_ja(&self.0),
        }
    }
}

/// How a direction rule of the commentary checks names its series: the
/// series' name in the indicator registry, in the reader's language, then
/// its keys (`the participants (kpi1.participants)`). Holds the key of the
/// registry entry that carries the series.
#[derive(Debug, Clone, Copy)]
pub struct SeriesName<'a>(pub &'a str);

impl Param for SeriesName<'_> {
    fn show(&self, lang: Lang) -> String {
        let key = self.0;
        let Some(series) = crate::registry::Registry::builtin()
            .get(key)
            .and_then(|e| e.series.as_ref())
        else {
            return key.to_string();
        };
        let keys = series.keys(key);
        match lang {
            Lang::En => format!("{} ({keys})", series.en),
            Lang::Ja => format!("{}({keys})", series.ja),
        }
    }
}

// ---------------------------------------------------------------- TOML

/// A TOML reader's message in Japanese: `what[, expected …]`, each part
/// from the tables below; a message of another form is quoted.
pub fn toml_ja(message: &str) -> String {
    let message = message.trim();
    let (what, expected) = match message.split_once(", expected ") {
        Some((what, expected)) => (what, Some(expected)),
        None => (message, None),
    };
    toml_what_ja(what, expected).unwrap_or_else(|| format!("書式に誤りがあります(原文: {message})"))
}

/// The Japanese of a message's two parts; None when either is not known.
fn toml_what_ja(what: &str, expected: Option<&str>) -> Option<String> {
    // serde's messages about the values of the settings.
    if let Some(field) = backticked(what, "missing field ") {
        return Some(format!("必須のキー `{field}` がありません"));
    }
    if let Some(field) = backticked(what, "duplicate field ") {
        return Some(format!("キー `{field}` が二度書かれています"));
    }
    if let Some(field) = backticked(what, "unknown field ") {
        return Some(match expected {
            Some(list) => format!(
                "キー `{field}` は使えません。使えるキー: {}",
                names_ja(list)?
            ),
            None => format!("キー `{field}` は使えません"),
        });
    }
    if let Some(value) = backticked(what, "unknown variant ") {
        return Some(match expected {
            Some(list) => format!("「{value}」は使えません。使える値: {}", names_ja(list)?),
            None => format!("「{value}」は使えません"),
        });
    }
    if let Some(found) = what
        .strip_prefix("invalid type: ")
        .or_else(|| what.strip_prefix("invalid value: "))
    {
        let found = unexpected_ja(found)?;
        return Some(match expected {
            Some(e) => format!(
                "{}が必要ですが、{found}が書かれています",
                serde_expected_ja(e)?
            ),
            None => format!("{found}は使えません"),
        });
    }
    if let Some(name) = what.strip_prefix("data did not match any variant of untagged enum ") {
        return untagged_ja(name).map(|e| format!("{e}が必要です"));
    }
    if what.starts_with("cannot extend value of type ") && what.ends_with(" with a dotted key") {
        return Some("表ではない値に、ドット付きのキーで書き足しています".to_string());
    }
    // The TOML parser's own descriptions.
    let ja = match what {
        "duplicate key" => "同じキー(または表)が二度書かれています",
        "invalid basic string" => "文字列 `\"…\"` の書き方に誤りがあります",
        "invalid multi-line basic string" => {
            "複数行の文字列 `\"\"\"…\"\"\"` の書き方に誤りがあります"
        }
        "invalid literal string" => "文字列 `'…'` の書き方に誤りがあります",
        "invalid multi-line literal string" => "複数行の文字列 `'''…'''` の書き方に誤りがあります",
        "missing escaped value" => "「\\」の後の文字が、エスケープとして使えるものではありません",
        "too few unicode value digits" => "\\u、\\U の後の16進数の桁が足りません",
        "unquoted keys cannot be empty" => "キーがありません",
        "invalid unquoted key" | "invalid key" => "キーの書き方に誤りがあります",
        "keys cannot be multi-line basic strings" | "keys cannot be multi-line literal strings" => {
            "キーに複数行の文字列は使えません"
        }
        "key with no value" => "キーに値がありません",
        "missing value for key" | "missing value" => "値がありません",
        "string values must be quoted" => "文字列の値は `\"…\"` で囲んでください",
        "unexpected key or value" => "一つの行にキーと値が二組以上あるか、余分な文字があります",
        "unexpected content" => "読めない文字があります",
        "unexpected content between comment and newline" => "コメントの後に読めない文字があります",
        "invalid comment character" => "コメントに使えない文字があります",
        "missing comment start" => "コメントの始まりの「#」がありません",
        "unclosed array" => "配列 [ … ] が閉じられていません",
        "unclosed table" => "表の見出し [ … ] が閉じられていません",
        "unclosed array table" => "表の配列の見出し [[ … ]] が閉じられていません",
        "unclosed inline table" => "インライン表 { … } が閉じられていません",
        "missing array opening" => "配列の始まりの「[」がありません",
        "missing inline table opening" => "インライン表の始まりの「{」がありません",
        "missing table open" => "表の見出しの始まりの「[」がありません",
        "missing opening quote" => "文字列の始まりの引用符がありません",
        "extra comma in array" => "配列に余分なカンマがあります",
        "extra comma in inline table" => "インライン表に余分なカンマがあります",
        "missing comma between array elements" => "配列の要素の間にカンマがありません",
        "missing comma between key-value pairs" => "キーと値の組の間にカンマがありません",
        "missing assignment between key-value pairs" => "キーと値の間に「=」がありません",
        "extra assignment between key-value pairs" | "extra `=`" => "「=」が余分にあります",
        "unexpected `=` in array" => "配列の中に「=」があります",
        "missing key for inline table element" => "インライン表の要素にキーがありません",
        "invalid inline table element" => "インライン表の要素の書き方に誤りがあります",
        "invalid key-value pair" => "キーと値の組の書き方に誤りがあります",
        "invalid table" => "表の見出しの書き方に誤りがあります",
        "invalid value" => "値の書き方に誤りがあります",
        "invalid date" => "日付の書き方に誤りがあります",
        "invalid time" => "時刻の書き方に誤りがあります",
        "invalid date-time" | "invalid datetime" => "日時の書き方に誤りがあります",
        "invalid offset" => "時差の書き方に誤りがあります",
        "integer number overflowed" => "整数が大きすぎるか、書き方に誤りがあります",
        "floating-point number overflowed" => "小数が大きすぎます",
        "unexpected leading zero" => "数値の先頭に余分な 0 があります",
        "`_` may only go between digits" => "「_」は数字と数字の間にしか書けません",
        "redundant numeric sign" | "unexpected sign" | "integers with a radix cannot be signed" => {
            "数値の符号の書き方に誤りがあります"
        }
        "radix must be lowercase" | "redundant integer number prefix" => {
            "数値の書き方に誤りがあります"
        }
        "carriage return must be followed by newline" => {
            "改行の書き方に誤りがあります(CR の後に LF がありません)"
        }
        "cannot recurse further; max recursion depth met" => "入れ子が深すぎます",
        "points: expected at least one point" => "points: 点が一つ以上必要です",
        _ => return None,
    };
    Some(match expected {
        None => ja.to_string(),
        // Saying again what the description says.
        Some("literal string") => ja.to_string(),
        Some(e) => format!("{ja}。{}", expected_ja(e)?),
    })
}

/// `prefix` followed by one backticked name: the name.
fn backticked<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.strip_prefix(prefix)?
        .strip_prefix('`')?
        .strip_suffix('`')
}

/// serde's list of names: `one of `a`, `b``, `` `a` or `b` ``, `` `a` ``,
/// or `there are no fields`.
fn names_ja(list: &str) -> Option<String> {
    if list == "there are no fields" || list == "there are no variants" {
        return Some("なし".to_string());
    }
    let list = list.strip_prefix("one of ").unwrap_or(list);
    let names: Option<Vec<&str>> = list
        .split(", ")
        .flat_map(|part| part.split(" or "))
        .map(|name| name.strip_prefix('`')?.strip_suffix('`'))
        .collect();
    Some(
        names?
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join("、"),
    )
}

/// What a value was, as serde says it (`string "2025"`, `integer `-2``).
fn unexpected_ja(found: &str) -> Option<String> {
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .and_then(|v| v.strip_prefix('`'))
            .and_then(|v| v.strip_suffix('`'))
    };
    if let Some(text) = found
        .strip_prefix("string \"")
        .and_then(|v| v.strip_suffix('"'))
    {
        return Some(format!("文字列「{text}」"));
    }
    if let Some(n) = quoted("integer ") {
        return Some(format!("整数「{n}」"));
    }
    if let Some(n) = quoted("floating point ") {
        return Some(format!("小数「{n}」"));
    }
    if let Some(b) = quoted("boolean ") {
        return Some(format!("真偽値「{b}」"));
    }
    if let Some(c) = quoted("character ") {
        return Some(format!("文字「{c}」"));
    }
    Some(
        match found {
            "sequence" => "配列",
            "map" => "表",
            "unit value" => "空の値",
            "Option value" => "値",
            "enum" => "列挙値",
            _ => return None,
        }
        .to_string(),
    )
}

/// What serde expected, by the Rust type or the visitor's words.
fn serde_expected_ja(expected: &str) -> Option<String> {
    if expected.starts_with("struct ") || expected == "a map" {
        return Some("表".to_string());
    }
    Some(
        match expected {
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "an integer" => "整数",
            "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "0 以上の整数",
            "f32" | "f64" | "a number" => "数値",
            "a string" | "a borrowed string" => "文字列",
            "a boolean" => "真偽値(true または false)",
            "a character" => "1文字",
            "a sequence" => "配列 [ … ]",
            "a TOML datetime" => "日付(2025-06-13 のように引用符なしで)",
            "a table of label = value (a number or \"{{ KEY }}\")" => {
                "「ラベル = 値」(値は数値か差し込み数値 \"{{ KEY }}\")の表"
            }
            _ => return None,
        }
        .to_string(),
    )
}

/// mdkpi's untagged enums (`reference.toml`), by their Rust names.
fn untagged_ja(name: &str) -> Option<&'static str> {
    match name {
        "AsOf" => Some("日付(2025-06-13)か文字列(\"2025年6月\")"),
        "Value" => Some("数値か差し込み数値 \"{{ KEY }}\""),
        _ => None,
    }
}

/// The parser's `expected …`: a list of tokens and words, any of which
/// would do.
fn expected_ja(expected: &str) -> Option<String> {
    let items: Option<Vec<String>> = split_items(expected)
        .into_iter()
        .map(expected_item_ja)
        .collect();
    let items = items?;
    Some(match items.as_slice() {
        [one] => format!("{one}が必要です"),
        [one, other] => format!("{one}か{other}が必要です"),
        _ => format!("{}のいずれかが必要です", items.join("、")),
    })
}

/// `a, b, c` split on commas outside backticks (`` `,` `` is a token).
fn split_items(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '`' => quoted = !quoted,
            ',' if !quoted && text[i..].starts_with(", ") => {
                items.push(&text[start..i]);
                start = i + 2;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

fn expected_item_ja(item: &str) -> Option<String> {
    let item = item.trim();
    if let Some((a, b)) = item.split_once(" or ") {
        return Some(format!(
            "{}または{}",
            expected_item_ja(a)?,
            expected_item_ja(b)?
        ));
    }
    // `x` or `x` (FORM).
    if let Some(rest) = item.strip_prefix('`') {
        let (token, after) = rest.split_once('`')?;
        let after = after.trim();
        return match after {
            "" => Some(format!("「{token}」")),
            "between date and time" => Some(format!("日付と時刻の間の「{token}」")),
            _ => {
                let form = after.strip_prefix('(')?.strip_suffix(')')?;
                Some(format!("「{token}」({form})"))
            }
        };
    }
    // month between 01 and 12
    if let Some((unit, range)) = item.split_once(" between ") {
        let (low, high) = range.split_once(" and ")?;
        return Some(format!("{low}〜{high} の{}", unit_ja(unit)?));
    }
    // a two-digit month (MM)
    if let Some(rest) = item.strip_prefix("a ") {
        let (digits, rest) = rest.split_once("-digit ")?;
        let (unit, form) = rest.split_once(' ')?;
        let digits = match digits {
            "two" => 2,
            "four" => 4,
            _ => return None,
        };
        return Some(format!("{digits}桁の{}{form}", unit_ja(unit)?));
    }
    if let Some(unit) = unit_ja(item) {
        return Some(unit.to_string());
    }
    Some(
        match item {
            "newline" => "改行",
            "whitespace" => "空白",
            "value" => "値",
            "key" => "キー",
            "comment" => "コメント",
            "letters" => "英字",
            "numbers" => "数字",
            "printable characters" => "表示できる文字",
            "+OFFSET" | "-OFFSET" => return Some(item.to_string()),
            "nanoseconds overflowed" => "9桁までの小数秒",
            _ => return None,
        }
        .to_string(),
    )
}

fn unit_ja(unit: &str) -> Option<&'static str> {
    Some(match unit {
        "year" => "年",
        "month" => "月",
        "day" => "日",
        "hour" | "hours" => "時",
        "minute" | "minutes" => "分",
        "second" | "seconds" => "秒",
        "nanosecond" => "ナノ秒",
        _ => return None,
    })
}

// ---------------------------------------------------------------- files

/// The CSV reader's message in Japanese: the known kinds in words;
/// another message is quoted after a label. (The reader reads text already
/// in memory: it has no operating-system error to report.)
pub fn csv_ja(message: &str) -> String {
    // `CSV error: record 3 (line: 4, byte: 50): found record with …`: the
    // record is in the message's own text already.
    let what = message
        .split_once("): ")
        .map_or(message, |(_, what)| what)
        .trim();
    if what.starts_with("found record with ") && what.contains("but the previous record has") {
        return "列の数が前のレコードと違います".to_string();
    }
    if what.starts_with("invalid utf-8") {
        return "UTF-8 として読めない文字があります".to_string();
    }
    format!("CSV 読み込み処理の説明: {message}")
}

/// What failed when writing the output, in Japanese.
fn write_ja(e: &WriteError) -> String {
    match e {
        WriteError::FileInTheWay { file } => format!(
            "{}: 同じ名前のファイルがあるため、フォルダーを作れません",
            file.display()
        ),
        WriteError::CreateFolder { path, source } => {
            format!("{}: フォルダーを作れません({})", path.display(), io_ja(source))
        }
        WriteError::Write { path, source } => {
            format!("{}: 書き込めません({})", path.display(), io_ja(source))
        }
        WriteError::NoFolderName { path, .. } => format!(
            "{}: 書き出し先のフォルダー名を指定してください",
            path.display()
        ),
        WriteError::NoStaging { parent } => {
            format!("{}: 作業用のフォルダーを作れません", parent.display())
        }
        WriteError::Keep { path, set, source } => {
            let set = match set {
                Set::Report => "報告書の書き出し",
                Set::Export => "データの書き出し(export)",
            };
            format!(
                "{}: {set}で、このファイルを新しい出力フォルダーに引き継げません({})",
                path.display(),
                io_ja(source)
            )
        }
        WriteError::NotAFolder { path } => {
            format!("{}: フォルダーではないものが既にあります", path.display())
        }
        WriteError::NoRoundName { path } => {
            format!("{}: 調査回のフォルダー名を指定してください", path.display())
        }
        WriteError::RoundExists { path } => format!(
            "{}: 既にあります。init は調査回のフォルダーを上書きしません。削除するか、別の --out を指定してください",
            path.display()
        ),
        WriteError::PdfPage { path, source } => {
            format!("{}: 書き出せません({})", path.display(), io_ja(source))
        }
        WriteError::ChromiumRun { program, source } => {
            format!("{} を起動できません({})", program.display(), io_ja(source))
        }
        WriteError::ChromiumFailed { status, last_line } => format!(
            "Chromium が報告書を PDF に印刷できませんでした ({status}): {last_line}"
        ),
    }
}

/// An operating-system error in Japanese: its kind's Japanese, or the
/// system's words after a Japanese lead for a kind without one.
pub fn io_ja(e: &io::Error) -> String {
    match io_kind_ja(e.kind()) {
        Some(ja) => ja.to_string(),
        None => format!("システムのエラー: {e}"),
    }
}

const IO_KINDS: [(std::io::ErrorKind, &str); 27] = {
    use std::io::ErrorKind as K;
    [
        (K::NotFound, "見つかりません"),
        (K::PermissionDenied, "アクセス権がありません"),
        (K::AlreadyExists, "既にあります"),
        (K::NotADirectory, "フォルダーではありません"),
        (K::IsADirectory, "フォルダーです"),
        (K::DirectoryNotEmpty, "フォルダーが空ではありません"),
        (K::ReadOnlyFilesystem, "読み取り専用の場所です"),
        (K::StorageFull, "ディスクの空きがありません"),
        (K::QuotaExceeded, "ディスクの使用量の上限を超えています"),
        (K::FileTooLarge, "ファイルが大きすぎます"),
        (
            K::InvalidFilename,
            "ファイル名が長すぎるか、使えない文字を含みます",
        ),
        (K::CrossesDevices, "別のディスクへは移せません"),
        (K::ResourceBusy, "使用中です"),
        (K::ExecutableFileBusy, "実行中のファイルです"),
        (K::TooManyLinks, "リンクが多すぎます"),
        (K::Interrupted, "中断されました"),
        (K::TimedOut, "時間切れになりました"),
        (K::WouldBlock, "今は使えません"),
        (K::WriteZero, "書き込めませんでした"),
        (K::UnexpectedEof, "途中で終わっています"),
        (K::InvalidInput, "指定に誤りがあります"),
        (K::InvalidData, "内容が正しくありません"),
        (K::OutOfMemory, "メモリが足りません"),
        (K::Unsupported, "この環境では使えません"),
        (K::BrokenPipe, "出力先が閉じられました"),
        (K::NotConnected, "接続されていません"),
        (
            K::StaleNetworkFileHandle,
            "ネットワーク上のファイルが無効になりました",
        ),
    ]
};

/// The Japanese of an error kind; None for the kinds without one (the
/// system's own words are then quoted).
pub fn io_kind_ja(kind: std::io::ErrorKind) -> Option<&'static str> {
    IO_KINDS.iter().find(|(k, _)| *k == kind).map(|(_, ja)| *ja)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the TOML reader says for the common mistakes (toml 1.x), and
    /// the Japanese of each.
    #[test]
    fn toml_messages_in_japanese() {
        let cases = [
            ("duplicate key", "同じキー(または表)が二度書かれています"),
            (
                "invalid basic string, expected `\"`",
                "文字列 `\"…\"` の書き方に誤りがあります。「\"」が必要です",
            ),
            ("key with no value, expected `=`", "キーに値がありません。「=」が必要です"),
            (
                "string values must be quoted, expected literal string",
                "文字列の値は `\"…\"` で囲んでください",
            ),
            (
                "invalid type: string \"2025\", expected i32",
                "整数が必要ですが、文字列「2025」が書かれています",
            ),
            ("missing field `fiscal_year`", "必須のキー `fiscal_year` がありません"),
            (
                "unknown field `colour`, expected one of `kpi`, `title`, `unit`",
                "キー `colour` は使えません。使えるキー: `kpi`、`title`、`unit`",
            ),
            (
                "invalid date, expected month between 01 and 12",
                "日付の書き方に誤りがあります。01〜12 の月が必要です",
            ),
            (
                "invalid date, expected a two-digit month (MM)",
                "日付の書き方に誤りがあります。2桁の月(MM)が必要です",
            ),
            (
                "invalid type: string \"2025-02-01\", expected a TOML datetime",
                "日付(2025-06-13 のように引用符なしで)が必要ですが、文字列「2025-02-01」が書かれています",
            ),
            ("unclosed array, expected `]`", "配列 [ … ] が閉じられていません。「]」が必要です"),
            (
                "invalid value: integer `-2`, expected u32",
                "0 以上の整数が必要ですが、整数「-2」が書かれています",
            ),
            (
                "unexpected key or value, expected newline, `#`",
                "一つの行にキーと値が二組以上あるか、余分な文字があります。改行か「#」が必要です",
            ),
            (
                "missing escaped value, expected `b`, `e`, `f`, `n`, `r`, `\\`, `\"`, `x`, `u`, `U`",
                "「\\」の後の文字が、エスケープとして使えるものではありません。「b」、「e」、「f」、「n」、「r」、「\\」、「\"」、「x」、「u」、「U」のいずれかが必要です",
            ),
            (
                "unquoted keys cannot be empty, expected letters, numbers, `-`, `_`",
                "キーがありません。英字、数字、「-」、「_」のいずれかが必要です",
            ),
            (
                "extra comma in array, expected value",
                "配列に余分なカンマがあります。値が必要です",
            ),
            (
                "invalid time, expected hour between 00 and 23",
                "時刻の書き方に誤りがあります。00〜23 の時が必要です",
            ),
            (
                "data did not match any variant of untagged enum AsOf",
                "日付(2025-06-13)か文字列(\"2025年6月\")が必要です",
            ),
            (
                "cannot extend value of type string with a dotted key",
                "表ではない値に、ドット付きのキーで書き足しています",
            ),
        ];
        for (en, ja) in cases {
            assert_eq!(TomlText(en).show(Lang::Ja), ja, "{en}");
            assert_eq!(TomlText(en).show(Lang::En), en);
        }
        // Another form: quoted after a Japanese lead.
        assert_eq!(
            toml_ja("something new, expected nothing"),
            "書式に誤りがあります(原文: something new, expected nothing)"
        );
    }

    /// The real reader's messages, not only the ones above: every one of
    /// these malformed files gets a Japanese description.
    #[test]
    fn the_toml_readers_messages_are_known() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Settings {
            label: String,
            fiscal_year: i32,
            date: Option<toml::value::Datetime>,
            #[serde(default)]
            counts: Vec<u32>,
        }
        let files = [
            "label = \"R7\"\nfiscal_year = 2025\nlabel = \"R8\"\n",
            "label = \"R7\nfiscal_year = 2025\n",
            "label \"R7\"\nfiscal_year = 2025\n",
            "label = R7\nfiscal_year = 2025\n",
            "label = \"R7\"\nfiscal_year = \"2025\"\n",
            "label = \"R7\"\n",
            "label = \"R7\"\nfiscal_year = 2025\nbogus = 1\n",
            "label = \"R7\"\nfiscal_year = 2025\ndate = 2025-13-01\n",
            "label = \"R7\"\nfiscal_year = 2025\ndate = 2025-02-30\n",
            "label = \"R7\"\nfiscal_year = 2025\ndate = 2025-1-1\n",
            "label = \"R7\"\nfiscal_year = 2025\ndate = \"2025-02-01\"\n",
            "label = \"R7\"\nfiscal_year = 2025\ncounts = [1, 2\n",
            "label = \"R7\"\nfiscal_year = 2025\ncounts = [1, -2]\n",
            "label = \"R7\"\nfiscal_year = 2025\ncounts = [1,,2]\n",
            "label = \"R7\"\nfiscal_year = 2025\n[x\n",
            "label = 'R7\nfiscal_year = 2025\n",
            "label = \"R7\\q\"\nfiscal_year = 2025\n",
            "label = \"R7\"\nfiscal_year = 2025,\n",
            "label = \"R7\"\nfiscal_year = 99999999999\n",
            "label = \"R7\"\nfiscal_year = 2025.5\n",
            "label = \"R7\"\nfiscal_year = true\n",
            "label.x = 1\nfiscal_year = 2025\n",
            "= 1\n",
        ];
        for text in files {
            let Err(e) = toml::from_str::<Settings>(text) else {
                panic!("{text:?} reads");
            };
            let ja = toml_ja(e.message());
            assert!(!ja.contains("原文"), "{text:?}: {} → {ja}", e.message());
        }
    }

    /// What failed when writing, in both languages: the English is the
    /// error's own text, the Japanese is built from what it is (the kind
    /// of the system's error, not its words).
    #[test]
    fn write_errors_in_both_languages() {
        use std::io::{Error as IoErr, ErrorKind};
        use std::path::PathBuf;
        let path = |p: &str| PathBuf::from(p);
        let cases = [
            (
                WriteError::Write {
                    path: path("reports/R7"),
                    source: IoErr::from_raw_os_error(13),
                },
                "reports/R7: cannot write: Permission denied (os error 13)",
                "reports/R7: 書き込めません(アクセス権がありません)",
            ),
            (
                WriteError::CreateFolder {
                    path: path("/ro/out"),
                    source: IoErr::from_raw_os_error(30),
                },
                "/ro/out: cannot create the folder: Read-only file system (os error 30)",
                "/ro/out: フォルダーを作れません(読み取り専用の場所です)",
            ),
            (
                WriteError::NotAFolder {
                    path: path("out/a.csv"),
                },
                "out/a.csv: exists and is not a folder",
                "out/a.csv: フォルダーではないものが既にあります",
            ),
            (
                WriteError::RoundExists {
                    path: path("data/R8"),
                },
                "data/R8: already exists: init never overwrites a round folder; remove it or choose another --out",
                "data/R8: 既にあります。init は調査回のフォルダーを上書きしません。削除するか、別の --out を指定してください",
            ),
            (
                WriteError::NoRoundName { path: path("..") },
                "..: expected a folder name for the round",
                "..: 調査回のフォルダー名を指定してください",
            ),
            (
                WriteError::NoFolderName {
                    path: path(".."),
                    set: Set::Export,
                },
                "..: expected a folder name to write the export into",
                "..: 書き出し先のフォルダー名を指定してください",
            ),
            (
                WriteError::PdfPage {
                    path: path("/tmp/mdkpi-pdf-1/index.html"),
                    source: IoErr::from_raw_os_error(28),
                },
                "/tmp/mdkpi-pdf-1/index.html: No space left on device (os error 28)",
                "/tmp/mdkpi-pdf-1/index.html: 書き出せません(ディスクの空きがありません)",
            ),
            (
                WriteError::Write {
                    path: path("reports/R7"),
                    source: IoErr::from(ErrorKind::AlreadyExists),
                },
                "reports/R7: cannot write: entity already exists",
                "reports/R7: 書き込めません(既にあります)",
            ),
            (
                WriteError::ChromiumRun {
                    program: path("/usr/bin/chromium"),
                    source: IoErr::from_raw_os_error(2),
                },
                "cannot run /usr/bin/chromium: No such file or directory (os error 2)",
                "/usr/bin/chromium を起動できません(見つかりません)",
            ),
            (
                WriteError::FileInTheWay {
                    file: path("data/R7/round.toml"),
                },
                "data/R7/round.toml: cannot create the folder: a file of that name exists",
                "data/R7/round.toml: 同じ名前のファイルがあるため、フォルダーを作れません",
            ),
            (
                WriteError::Keep {
                    path: path("reports/R7/notes.txt"),
                    set: Set::Report,
                    source: IoErr::from_raw_os_error(36),
                },
                "reports/R7/notes.txt: cannot keep this file when writing the report: File name too long (os error 36)",
                "reports/R7/notes.txt: 報告書の書き出しで、このファイルを新しい出力フォルダーに引き継げません(ファイル名が長すぎるか、使えない文字を含みます)",
            ),
            (
                WriteError::Write {
                    path: path("reports/R7"),
                    source: IoErr::from_raw_os_error(111),
                },
                "reports/R7: cannot write: Connection refused (os error 111)",
                "reports/R7: 書き込めません(システムのエラー: Connection refused (os error 111))",
            ),
        ];
        for (error, en, ja) in cases {
            let shared = Shared::from(error);
            assert_eq!(shared.show(Lang::En), en);
            assert_eq!(shared.show(Lang::Ja), ja, "{en}");
        }
    }

    /// Messages name the output folder, never the staging folder it is
    /// built in.
    #[test]
    fn a_write_error_names_the_output_folder() {
        use std::path::{Path, PathBuf};
        let staging = Path::new("reports/.R7.mdkpi-1-2");
        let error = WriteError::Write {
            path: staging.join("index.html"),
            source: std::io::Error::from_raw_os_error(28),
        }
        .shown_under(staging, Path::new("reports/R7"));
        assert_eq!(
            error.to_string(),
            "reports/R7/index.html: cannot write: No space left on device (os error 28)"
        );
        let other = WriteError::NotAFolder {
            path: PathBuf::from("elsewhere"),
        }
        .shown_under(staging, Path::new("reports/R7"));
        assert_eq!(other.to_string(), "elsewhere: exists and is not a folder");
    }

    #[test]
    fn every_io_error_kind_listed_reads_in_japanese() {
        for (kind, ja) in IO_KINDS {
            assert_eq!(io_ja(&std::io::Error::from(kind)), ja, "{kind:?}");
        }
        // A kind without Japanese: the system's words, after a lead.
        let refused = std::io::Error::from_raw_os_error(111);
        assert_eq!(
            io_ja(&refused),
            "システムのエラー: Connection refused (os error 111)"
        );
        let shared = Shared::from(std::io::Error::from_raw_os_error(13));
        assert_eq!(shared.show(Lang::Ja), "アクセス権がありません");
        assert_eq!(shared.show(Lang::En), "Permission denied (os error 13)");
    }

    #[test]
    fn csv_and_form_details_in_japanese() {
        assert_eq!(
            CsvText("CSV error: record 3 (line: 4, byte: 50): found record with 3 fields, but the previous record has 2 fields").show(Lang::Ja),
            "列の数が前のレコードと違います"
        );
        assert_eq!(CsvText("odd").show(Lang::Ja), "CSV 読み込み処理の説明: odd");
        let full = Shared::from(rust_xlsxwriter::XlsxError::IoError(
            std::io::Error::from_raw_os_error(28),
        ));
        assert_eq!(full.show(Lang::Ja), "ディスクの空きがありません");
        let long = Shared::from(rust_xlsxwriter::XlsxError::SheetnameLengthExceeded(
            "x".repeat(40),
        ));
        assert!(
            long.show(Lang::Ja).starts_with("ブックの作成処理の説明: "),
            "{}",
            long.show(Lang::Ja)
        );
        assert_eq!(long.show(Lang::En), long.0.to_string());
    }

    /// Every series the commentary checks name has its names in the
    /// registry, shown in each language with its keys.
    #[test]
    fn every_series_has_a_japanese_name() {
        for rule in crate::commentary::rules() {
            let ja = SeriesName(rule.key).show(Lang::Ja);
            assert!(ja.ends_with(')') && !ja.contains("the "), "{ja}");
        }
        assert_eq!(
            SeriesName("kpi1.participants").show(Lang::Ja),
            "総受入実績数(kpi1.participants)"
        );
        assert_eq!(
            SeriesName("kpi6.area_none_multi.topics").show(Lang::En),
            "the なし/複数 share of AMED topics (kpi6.area_none_multi.topics / kpi6.topics)"
        );
        assert_eq!(SeriesName("kpi6.topics").show(Lang::Ja), "kpi6.topics");
    }
}
