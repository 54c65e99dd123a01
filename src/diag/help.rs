//! `--help` and clap's usage errors in Japanese (SPEC §16).
//!
//! The English help is clap's, from the doc comments and attributes of
//! [`crate::cli`]. The Japanese lives here, in one table keyed by command
//! name and argument id ([`COMMANDS`]); [`localise`] puts it in place of the
//! English before the command line is parsed, with clap's own words
//! (`Usage:`, `Options:`, `Commands:`, `Print help`, `[default: …]`,
//! `[possible values: …]`) in Japanese too. A test checks that every
//! command and argument has its Japanese.
//!
//! clap's usage errors (an unknown option, a missing value, …) are written
//! in Japanese by [`usage_error`] from the error's kind and context; a kind
//! it does not know keeps clap's English (see docs/decisions.md).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

use super::lang::Lang;

/// The Japanese of one command: its summary, its description, its
/// examples and each of its own arguments' help by id.
pub struct CommandText {
    pub name: &'static str,
    pub about: &'static str,
    pub long_about: &'static str,
    pub after_help: &'static str,
    pub args: &'static [(&'static str, &'static str)],
}

/// The round, as most commands take it.
const ROUND_LATEST: &str =
    "対象の調査回: 調査回の名前(R7)または年度(2025、令和7年度)。既定は最新の調査回";
const FORMAT: &str = "出力の形式";

/// Every command's Japanese; `mdkpi` itself first, its arguments being the
/// global ones every command has.
pub const COMMANDS: &[CommandText] = &[
    CommandText {
        name: "mdkpi",
        about: "医療機器基本計画の KPI を算出し、報告書を作成します",
        long_about: "医療機器基本計画の KPI を算出し、報告書を作成します。\n\n\
調査回ごとのフォルダー(data/R4、data/R5、…)にある拠点の報告、医機連会員企業アンケート、\
AMED 課題一覧、各省庁のフォローアップ報告を読み、すべてのセルを検証したうえで KPI を算出し、\
報告書にまとめます。",
        after_help: "例:\n  mdkpi validate\n  mdkpi compute --round R7 --format json\n  mdkpi --data other-data validate --round 令和7年度",
        args: &[
            ("data", "データフォルダー(調査回ごとのサブフォルダーを置くフォルダー)"),
            (
                "lang",
                "メッセージ・概要・ヘルプの言語: ja(日本語)または en(英語)。二度指定したときは後のほうです。既定は、LC_ALL、LC_MESSAGES、LANG のうち最初に設定されているものの言語の部分が ja(ja、ja_JP.UTF-8 など。jav_ID は除く)なら日本語、それ以外は英語",
            ),
        ],
    },
    CommandText {
        name: "validate",
        about: "すべての入力を検証し、各調査回の内容を一覧にします",
        long_about: "すべての入力を検証し、各調査回の内容を一覧にします。\n\n\
問題はそれぞれ `パス:シート:セル: メッセージ` の形で示し(警告には `warning:` を付けます)、\
続いて調査回ごとの概要を示します。エラーがなければ終了コード 0(警告は可)、エラーがあれば 1 です。\
commentary.md(差し込み数値 `{{ KEY }}`、文中の数値、述べられた増減の向き。`commentary.md:行` で示します)、\
published.toml、reference.toml も算出した数値と照合します。",
        after_help: "例:\n  mdkpi validate\n  mdkpi validate --round R7\n  mdkpi --data data validate --round 2025",
        args: &[
            (
                "round",
                "検証する調査回: 調査回の名前(R7)または年度(2025、令和7年度)。既定はすべての調査回",
            ),
            (
                "strict",
                "round.toml の [[accept]] で確認済みにしていない警告をエラーとして扱います(終了コード 1、何も書き出しません)",
            ),
        ],
    },
    CommandText {
        name: "compute",
        about: "調査回とそれ以前のすべての調査回の KPI を算出します",
        long_about: "調査回とそれ以前のすべての調査回の KPI を算出します。\n\n\
まず入力を検証し、エラーがあれば止まります。指標表(キー、調査回、値、分子、分母、単位)を出力します。\
割合は小数で、定義できない値は null です。警告は標準エラー出力に、JSON では `warnings` 配列にも出力します。",
        after_help: "例:\n  mdkpi compute --round R7 --format json\n  mdkpi compute --format table\n  mdkpi compute --round 令和6年度 --format csv > r6.csv",
        args: &[
            ("round", ROUND_LATEST),
            ("format", FORMAT),
            (
                "strict",
                "round.toml の [[accept]] で確認済みにしていない警告をエラーとして扱います(終了コード 1、何も書き出しません)",
            ),
        ],
    },
    CommandText {
        name: "explain",
        about: "指標表の一つの数値の元になったレコードを一覧にします",
        long_about: "指標表の一つの数値の元になったレコードを一覧にします。\n\n\
数値の分母(件数・合計の場合は分子)の各レコードについて、出典の `パス:シート:行`、識別する項目、\
分子・分母への寄与、分類した企業については判定規則の根拠を示します。レコードを足し合わせると数値になります: \
`num` × `correction` の合計が分子、`den` の合計が分母です。派生した数値(4カ年平均、割合の和)は、\
計算の元になった数値を一覧にします。",
        after_help: "例:\n  mdkpi explain kpi2.venture_rate --round R7\n  mdkpi explain kpi1.participants --round R4 --format json\n  mdkpi explain kpi6.transition.s1.launch.area3",
        args: &[
            ("key", "指標キー(kpi2.venture_rate、kpi1.theme1.courses など)"),
            ("round", ROUND_LATEST),
            ("format", FORMAT),
        ],
    },
    CommandText {
        name: "export",
        about: "検証したすべてのデータと指標表を整然データの表として書き出します",
        long_about: "検証したすべてのデータと指標表を整然データの表として書き出します。\n\n\
まず入力を検証し、エラーがあれば止まります。その調査回とそれ以前のすべての調査回のレコードを、データごとに一つの表\
(stations、training、joint_research、satisfaction、companies、amed、followup)と指標表(indicators)にして\
書き出します。各レコードには、調査回、出典の `パス:シート:行`、日本語の見出しのままの入力列、KPI が使う導出列\
(ベンチャー・異業種の判定と理由、評価対象、ステージアップ、上市、補正後の件数)が付きます。\
xlsx: ブック mdkpi-export.xlsx 一つ、表ごとに1シート。csv: <表>.csv(UTF-8、BOM 付き、数式として読まれない形)。\
parquet: <表>.parquet(列名は英字)。出力フォルダーへは一括で書き込み、フォルダー内の他のファイルは残します。\
xlsx と csv は、同じ入力から同じバイト列になります。",
        after_help: "例:\n  mdkpi export --out export\n  mdkpi export --round R7 --out export/R7 --format csv\n  mdkpi export --round 令和6年度 --out export/R6 --format parquet",
        args: &[
            ("round", ROUND_LATEST),
            (
                "out",
                "出力先のフォルダー(なければ作成します。書き出すファイルは置き換え、ほかのものはそのまま残します。リンクはリンクのままです)。データフォルダーそのもの、調査回のフォルダー、データフォルダーを含むフォルダーは指定できません",
            ),
            (
                "format",
                "出力の形式: xlsx は表ごとに1シートのブック mdkpi-export.xlsx、csv は表ごとのファイル <表>.csv(UTF-8、BOM 付き)、parquet は表ごとのファイル <表>.parquet",
            ),
            (
                "strict",
                "round.toml の [[accept]] で確認済みにしていない警告をエラーとして扱います(終了コード 1、何も書き出しません)",
            ),
        ],
    },
    CommandText {
        name: "report",
        about: "委員会向けの報告書を作成します(HTML、JSON、CSV。--pdf で PDF も)",
        long_about: "委員会向けの報告書を作成します(HTML、JSON、CSV。--pdf で PDF も)。\n\n\
まず入力を検証して KPI を算出し、エラーがあれば止まります。index.html(CSS と SVG の図を埋め込んだ単独のファイル)、\
indicators.json、indicators.csv、provenance.json(入力ファイルごとの回と SHA-256)を出力フォルダーに一括で書き込みます。同じ入力からは同じバイト列になります。",
        after_help: "例:\n  mdkpi report\n  mdkpi report --round R7 --out reports/R7 --pdf\n  mdkpi report --charts       # charts/NN-<名前>.svg と .png も\n  mdkpi report --pptx         # PowerPoint で編集できる report.pptx も\n  mdkpi report --check        # CI 用: 古いファイルがあれば一覧を示して終了コード 1",
        args: &[
            ("round", ROUND_LATEST),
            (
                "out",
                "出力先のフォルダー。既定は reports/<調査回の名前>。ほかのものはそのまま残します(リンクはリンクのままです)。データフォルダーそのもの、調査回のフォルダー、データフォルダーを含むフォルダーは指定できません",
            ),
            (
                "check",
                "メモリ上で作り直して出力先のファイルと比べ、古いファイルがあれば一覧を示して終了コード 1 で終わります",
            ),
            (
                "pdf",
                "ヘッドレス Chromium で report.pdf も印刷します(--check では比べません)",
            ),
            (
                "charts",
                "報告書のすべてのグラフを charts/NN-<名前>.svg と .png(文字は BIZ UDPゴシック)にも書き出します。ほかの資料に使うためのものです(--check では比べません)",
            ),
            (
                "pptx",
                "報告書と同じスライドを report.pptx(A4 横。文字・表・グラフを PowerPoint で編集できます)にも書き出します(--check では比べません)",
            ),
            (
                "strict",
                "round.toml の [[accept]] で確認済みにしていない警告をエラーとして扱います(終了コード 1、何も書き出しません)",
            ),
        ],
    },
    CommandText {
        name: "codes",
        about: "メッセージのコードを一覧にするか、一つを説明します",
        long_about: "メッセージのコードを一覧にするか、一つを説明します。\n\n\
mdkpi が示すエラーと警告には、意味の変わらないコード(E0107、W0101 など。E はエラー、W は警告)が付いています。\
CODE を省くと、すべてのコードとその意味を示します。CODE を指定すると、そのメッセージ、意味、元になる SPEC の規則、\
入力の直し方を示します。言語は実行時の言語(--lang またはロケール)です。docs/messages.md に両方の言語で同じ内容があります。",
        after_help: "例:\n  mdkpi codes\n  mdkpi codes E0107\n  mdkpi --lang ja codes w0101",
        args: &[("code", "説明するコード(大文字・小文字は問いません)")],
    },
    CommandText {
        name: "init",
        about: "次の調査回を始めます: 確認用の round.toml と収集用の調査票を作成します",
        long_about: "次の調査回を始めます: 確認用の round.toml と収集用の調査票を作成します。\n\n\
<DIR>/round.toml(調査回の名前、年度、要確認の印を付けた報告期間と基準日の案)、<DIR>/commentary.md(考察の見出しと、コメントに入れた差し込み数値の例)と <DIR>/forms/ を書き出します: \
site.xlsx(拠点ごとに一つ)、companies.xlsx、satisfaction.xlsx、amed.xlsx、followup.xlsx。\
各調査票には入力の見出し、選択リスト、整数・数値・日付の入力規則と日本語のヒント、\
調査回の報告期間と列ごとの入力できる値を示した記入要領のシートがあり、\
これに沿って記入した調査票は検証を通ります。round.toml から「要確認」の印を消すまで、validate は警告(W0305)を出します。\
既にあるフォルダーは上書きしません(終了コード 1)。",
        after_help: "例:\n  mdkpi init --round R8                  # data/R8 を作成します\n  mdkpi init --round 令和8年度 --out scratch/R8\n\n\
毎年の流れ: mdkpi init --round R8 で調査票を作り、集めた調査票を data/R8 に置いて、\n\
mdkpi validate --round R8、mdkpi report --round R8 を実行します",
        args: &[
            ("round", "新しい調査回: 調査回の名前(R8)または年度(2026、令和8年度)"),
            (
                "out",
                "作成する調査回のフォルダー。既定は <--data>/<調査回の名前>(data/R8)。調査回のフォルダーの中には作れません",
            ),
        ],
    },
    CommandText {
        name: "diff",
        about: "二つの調査回または保存した実行結果の間で、異なる数値を一覧にします",
        long_about: "二つの調査回または保存した実行結果の間で、異なる数値を一覧にします。\n\n\
OLD と NEW は、それぞれ保存した indicators.json(既存のファイル。report または compute --format json が書き出したもの)か\
調査回(R6、2024、令和6年度)です。調査回二つ: 指標キーで対応させます。保存した実行結果と調査回: その調査回の数値どうしを比べます。\
保存した実行結果だけ: そこにあるすべての(指標キー、調査回)を現在のデータと比べます。引数なし: 前回の調査回と最新の調査回、\
調査回一つ: その調査回と最新の調査回です。指標キー、名称、旧、新、増減(割合はポイント)、n(分母)を示します。\
片方にしかない数値も、もう片方を空けて示します。異なる数値があってもなくても終了コードは 0 です。",
        after_help: "例:\n  mdkpi diff                                  # 前回の調査回と最新の調査回\n  mdkpi diff R6 R7 --format csv\n  mdkpi diff reports/R7/indicators.json       # 保存した実行結果と現在のデータ\n  mdkpi diff saved.json R7 --all",
        args: &[
            ("old", "旧の側: 保存した indicators.json か調査回。既定は前回の調査回"),
            ("new", "新の側: 保存した indicators.json か調査回。既定は最新の調査回"),
            ("format", FORMAT),
            ("all", "異なる数値だけでなく、すべての数値を示します"),
        ],
    },
    CommandText {
        name: "station",
        about: "一つの拠点の報告を、指定した調査回までの各調査回について示します",
        long_about: "一つの拠点の報告を、指定した調査回までの各調査回について示します。\n\n\
NAME は拠点のファイル名(拡張子なし。kyoto-u など)か、拠点名の一部(京都大学など)です。NFKC で正規化して比べます。\
複数の拠点に当てはまる名前は使い方の誤りとして、候補を示します。調査回ごとに、コース数と受入人数(報告のままと補正後。\
R4 は報告期間が2年のため1/2)、項目ごとの共同研究の件数、調査回全体に占める割合を示し、各行に出典の `パス:シート:行` を付けます。",
        after_help: "例:\n  mdkpi station kyoto-u\n  mdkpi station 京都大学 --round R6\n  mdkpi station ncvc --format csv > ncvc.csv",
        args: &[
            ("name", "拠点: ファイル名(拡張子なし)か拠点名の一部"),
            ("round", "示す最後の調査回: 調査回の名前(R7)または年度(2025、令和7年度)。既定は最新の調査回"),
            ("format", FORMAT),
        ],
    },
    CommandText {
        name: "preview",
        about: "データフォルダーを編集しながら、報告書をこのコンピューターで表示します",
        long_about: "データフォルダーを編集しながら、報告書をこのコンピューターで表示します。\n\n\
報告書をメモリ上で作成し(何も書き出さず、reports/ はそのままです)、http://127.0.0.1:PORT/ で配信します(このコンピューターからのみ)。\
データフォルダーを監視し、変更のたびに検証して作り直します。開いているページは自動で更新されます。\
入力にエラーがある間は、validate が示すメッセージをページに表示し、直すと報告書に戻ります。\
変更のないブックは読み直しません。作成のたびに標準エラーに1行を出力します。停止するまで(Ctrl-C)動き続けます。",
        after_help: "例:\n  mdkpi preview                 # http://127.0.0.1:8765/\n  mdkpi preview --round R6 --port 8080\n  mdkpi preview --port 0        # 空いているポート(アドレスを表示します)",
        args: &[
            ("round", ROUND_LATEST),
            (
                "port",
                "127.0.0.1 のポート番号(0 なら空いているポートを使い、開始時に表示します)",
            ),
        ],
    },
];

/// clap's own words.
const USAGE: &str = "使い方:";
const COMMANDS_HEADING: &str = "コマンド";
const ARGUMENTS_HEADING: &str = "引数";
const OPTIONS_HEADING: &str = "オプション";
const HELP: &str = "ヘルプを表示します";
const HELP_SHORT: &str = "ヘルプを表示します(--help で詳しく)";
const HELP_LONG: &str = "ヘルプを表示します(-h で要約)";
const VERSION: &str = "バージョンを表示します";
const HELP_COMMAND: &str = "このヘルプ、または指定したコマンドのヘルプを表示します";
const HELP_COMMAND_ARG: &str = "ヘルプを表示するコマンド";
/// clap's default template, with `Usage:` in Japanese.
const TEMPLATE: &str =
    "{before-help}{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

/// The Japanese of command `name`.
pub fn command_text(name: &str) -> Option<&'static CommandText> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The Japanese help of argument `id` of command `name`: its own, else a
/// global argument's (they are copied into every command).
fn arg_text(name: &str, id: &str) -> Option<&'static str> {
    [name, "mdkpi"]
        .iter()
        .filter_map(|n| command_text(n))
        .flat_map(|c| c.args.iter())
        .find(|(arg, _)| *arg == id)
        .map(|(_, text)| *text)
}

/// `cmd` (mdkpi's, from [`crate::cli`]) with its help in `lang`.
pub fn localise(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    // Built, so that clap's own --help, --version and help command are
    // there to be put into Japanese too.
    cmd.build();
    localise_built(cmd, None)
}

fn localise_built(cmd: Command, help_of: Option<&str>) -> Command {
    let name = cmd.get_name().to_string();
    let mut cmd = cmd.help_template(TEMPLATE);
    if cmd.has_subcommands() {
        cmd = cmd.subcommand_help_heading(COMMANDS_HEADING);
    }
    match (help_of, command_text(&name)) {
        // The help command, and its copies of the commands.
        _ if name == "help" => {
            cmd = cmd.about(HELP_COMMAND).long_about(None::<&str>);
        }
        (None, Some(text)) => {
            cmd = cmd
                .about(text.about)
                .long_about(text.long_about)
                .after_help(text.after_help)
                .after_long_help(None::<&str>);
        }
        (Some(_), Some(text)) => cmd = cmd.about(text.about),
        _ => {}
    }
    let long_help =
        cmd.get_arguments().any(|a| a.get_long_help().is_some()) || cmd.get_long_about().is_some();
    let of = help_of
        .map(str::to_string)
        .or_else(|| (name == "help").then(|| name.clone()));
    cmd = cmd.mut_args(|arg| localise_arg(arg, &name, long_help));
    cmd.mut_subcommands(|sub| localise_built(sub, of.as_deref()))
}

fn localise_arg(arg: Arg, command: &str, long_help: bool) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let heading = if arg.is_positional() {
        ARGUMENTS_HEADING
    } else {
        OPTIONS_HEADING
    };
    let arg = arg.help_heading(heading);
    let help = match id.as_str() {
        "help" if long_help => {
            return arg.help(HELP_SHORT).long_help(HELP_LONG);
        }
        "help" => HELP.to_string(),
        "version" => VERSION.to_string(),
        "subcommand" if command == "help" => HELP_COMMAND_ARG.to_string(),
        _ => match arg_text(command, &id) {
            Some(text) => with_values(text, &arg),
            // Left as clap has it; the test below keeps this from happening.
            None => return arg,
        },
    };
    arg.help(help)
        .long_help(None::<&str>)
        .hide_default_value(true)
        .hide_possible_values(true)
}

/// `text`, then the values the argument takes and its default, which
/// clap would otherwise add in English.
fn with_values(text: &str, arg: &Arg) -> String {
    // A flag's own values (true, false) are not given on the command line.
    if !arg.get_action().takes_values() {
        return text.to_string();
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let mut notes = Vec::new();
    if !values.is_empty() {
        notes.push(format!("値: {}", values.join("、")));
    }
    if !defaults.is_empty() {
        notes.push(format!("既定: {}", defaults.join("、")));
    }
    if notes.is_empty() {
        text.to_string()
    } else {
        format!("{text}。{}", notes.join("。"))
    }
}

/// A usage error of clap's in Japanese: `エラー: …`, the usage and where
/// to read more, as clap lays out its own; None for a kind not known here
/// (clap's English is then printed).
pub fn usage_error(error: &clap::Error) -> Option<String> {
    let string = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(list)) if !list.is_empty() => Some(list.join("、")),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg);
    let value = string(ContextKind::InvalidValue);
    let mut message = match error.kind() {
        ErrorKind::InvalidValue => {
            let arg = arg?;
            let mut text = match value.as_deref() {
                None | Some("") => format!("{arg} には値が必要です"),
                Some(v) => format!("「{v}」は {arg} に指定できません"),
            };
            if let Some(valid) = string(ContextKind::ValidValue) {
                text.push_str(&format!("(指定できる値: {valid})"));
            }
            text
        }
        ErrorKind::UnknownArgument => format!("引数「{}」は使えません", arg?),
        ErrorKind::InvalidSubcommand => {
            format!(
                "コマンド「{}」はありません",
                string(ContextKind::InvalidSubcommand)?
            )
        }
        ErrorKind::MissingRequiredArgument => format!("次の引数が必要です: {}", arg?),
        ErrorKind::MissingSubcommand => {
            let mut text = "コマンドを指定してください".to_string();
            if let Some(valid) = string(ContextKind::ValidSubcommand) {
                text.push_str(&format!("(指定できるコマンド: {valid})"));
            }
            text
        }
        ErrorKind::ArgumentConflict => {
            let arg = arg?;
            match string(ContextKind::PriorArg) {
                Some(prior) if prior == arg => format!("{arg} は一度だけ指定してください"),
                Some(prior) => format!("{arg} と {prior} は同時に指定できません"),
                None => format!("{arg} は他の引数と同時に指定できません"),
            }
        }
        ErrorKind::NoEquals => format!("{} の値は「=」でつないで指定してください", arg?),
        ErrorKind::TooManyValues => format!("{} に余分な値「{}」があります", arg?, value?),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{} の値の数が違います", arg?)
        }
        ErrorKind::ValueValidation => format!("「{}」は {} に指定できません", value?, arg?),
        ErrorKind::InvalidUtf8 => "引数に UTF-8 として読めない文字があります".to_string(),
        _ => return None,
    };
    let suggested = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(string);
    if let Some(s) = suggested {
        message.push_str(&format!("。もしかして: {s}"));
    }
    let mut out = format!("エラー: {message}\n");
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage
            .strip_prefix("Usage:")
            .map_or(usage.clone(), |rest| format!("{USAGE}{rest}"));
        out.push_str(&format!("\n{usage}\n"));
    }
    out.push_str("\n詳しくは --help を参照してください。\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn built(lang: Lang) -> Command {
        let mut cmd = localise(crate::cli::Cli::command(), lang);
        cmd.build();
        cmd
    }

    /// Every command and argument has its Japanese, different from the
    /// English; the examples are the same commands in both languages.
    #[test]
    fn every_command_and_argument_has_japanese() {
        let en = built(Lang::En);
        for cmd in std::iter::once(&en).chain(en.get_subcommands()) {
            let name = cmd.get_name();
            if name == "help" {
                continue;
            }
            let text = command_text(name).unwrap_or_else(|| panic!("{name}: no Japanese"));
            let examples = |t: &str| -> Vec<String> {
                t.lines()
                    .filter(|l| l.starts_with("  mdkpi"))
                    .map(|l| l.split('#').next().unwrap_or("").trim_end().to_string())
                    .collect()
            };
            let en_after = cmd
                .get_after_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert_eq!(examples(text.after_help), examples(&en_after), "{name}");
            assert!(!examples(text.after_help).is_empty(), "{name}: examples");
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                let ja = arg_text(name, id).unwrap_or_else(|| panic!("{name} {id}: no Japanese"));
                let en = arg.get_help().map(ToString::to_string).unwrap_or_default();
                assert!(ja != en && !en.is_empty(), "{name} {id}");
            }
        }
        // No entry without its command or argument.
        for text in COMMANDS {
            let cmd = if text.name == "mdkpi" {
                &en
            } else {
                en.find_subcommand(text.name)
                    .unwrap_or_else(|| panic!("{}", text.name))
            };
            for (id, _) in text.args {
                assert!(
                    cmd.get_arguments().any(|a| a.get_id() == id),
                    "{} {id}: no such argument",
                    text.name
                );
            }
        }
    }

    /// Under Japanese, no help text of any command or argument is left in
    /// English: every one differs from the English command's.
    #[test]
    fn no_help_is_left_in_english() {
        let en = built(Lang::En);
        let ja = built(Lang::Ja);
        let pairs = std::iter::once((&en, &ja)).chain(
            en.get_subcommands()
                .filter_map(|e| Some((e, ja.find_subcommand(e.get_name())?))),
        );
        let mut compared = 0;
        for (e, j) in pairs {
            assert_ne!(
                e.get_about().map(ToString::to_string),
                j.get_about().map(ToString::to_string)
            );
            for arg in e.get_arguments() {
                let ja_arg = j
                    .get_arguments()
                    .find(|a| a.get_id() == arg.get_id())
                    .unwrap_or_else(|| panic!("{} {}", e.get_name(), arg.get_id()));
                let text = |a: &Arg| a.get_help().map(ToString::to_string);
                assert_ne!(text(arg), text(ja_arg), "{} {}", e.get_name(), arg.get_id());
                assert!(ja_arg.get_help_heading().is_some());
                compared += 1;
            }
        }
        assert!(compared > 20, "{compared}");
    }

    fn error_of(args: &[&str]) -> clap::Error {
        let mut cmd = built(Lang::Ja);
        match cmd.try_get_matches_from_mut(args) {
            Ok(_) => panic!("{args:?} parses"),
            Err(e) => e,
        }
    }

    #[test]
    fn usage_errors_in_japanese() {
        let cases: [(&[&str], &str); 7] = [
            (
                &["mdkpi", "compute", "--format", "xml"],
                "エラー: 「xml」は --format <FORMAT> に指定できません(指定できる値: json、csv、table)\n",
            ),
            (&["mdkpi", "validate", "--bogus"], "エラー: 引数「--bogus」は使えません\n"),
            (
                &["mdkpi", "valdate"],
                "エラー: コマンド「valdate」はありません。もしかして: validate\n",
            ),
            (&["mdkpi", "init"], "エラー: 次の引数が必要です: --round <ROUND>\n"),
            (
                &["mdkpi", "report", "--check", "--pdf"],
                "エラー: --check と --pdf は同時に指定できません\n",
            ),
            (&["mdkpi", "validate", "--round"], "エラー: --round <ROUND> には値が必要です\n"),
            (
                &["mdkpi", "compute", "--rond", "R7"],
                "エラー: 引数「--rond」は使えません。もしかして: --round\n",
            ),
        ];
        for (args, first) in cases {
            let e = error_of(args);
            let text = usage_error(&e).unwrap_or_else(|| panic!("{args:?}: {:?}", e.kind()));
            assert!(text.starts_with(first), "{args:?}:\n{text}");
            // clap gives the usage with every error but a wrong value.
            let usage = e.kind() != ErrorKind::InvalidValue;
            assert_eq!(text.contains("\n使い方: mdkpi"), usage, "{args:?}:\n{text}");
            assert!(
                text.ends_with("\n詳しくは --help を参照してください。\n"),
                "{text}"
            );
        }
    }
}
