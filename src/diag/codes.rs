//! `mdkpi codes [CODE]` and `docs/messages.md`: the catalogue of message
//! codes, rendered from [`Code::info`] (SPEC §16).

use std::fmt::Write;

use super::catalogue::{Code, Info};
use super::{Lang, Msg, Outcome, Severity};

/// Every code, sorted (the catalogue groups them by area, not by number).
fn sorted() -> Vec<Code> {
    let mut codes = Code::ALL.to_vec();
    codes.sort_by_key(|c| c.as_str());
    codes
}

/// A template as a reader sees it: `{{` and `}}` are the format escapes of
/// literal braces; `{name}` stays, naming the parameter.
fn template(text: &str) -> String {
    text.replace("{{", "\u{0}")
        .replace("}}", "\u{1}")
        .replace('\u{0}', "{")
        .replace('\u{1}', "}")
}

fn severity(info: &Info, lang: Lang) -> &'static str {
    match (info.severity, lang) {
        (Severity::Error, Lang::En) => "error",
        (Severity::Error, Lang::Ja) => "エラー",
        (Severity::Warning, Lang::En) => "warning",
        (Severity::Warning, Lang::Ja) => "警告",
    }
}

/// The list: one line per code, `CODE  severity  meaning`, the severity
/// padded to 7 display columns (エラー and 警告 are wide characters).
pub fn list(lang: Lang) -> String {
    let mut out = String::new();
    for code in sorted() {
        let info = code.info();
        let _ = writeln!(
            out,
            "{}  {}  {}",
            info.code,
            super::ui::pad(severity(info, lang), 7),
            info.meaning(lang)
        );
    }
    out
}

/// One code: its message, meaning, SPEC rule and how to fix the input.
pub fn describe(code: Code, lang: Lang) -> String {
    let info = code.info();
    let (message, meaning, rule, fix) = match lang {
        Lang::En => ("message", "meaning", "rule", "fix"),
        Lang::Ja => ("メッセージ", "意味", "規則", "直し方"),
    };
    format!(
        "{} ({})\n  {message}: {}\n  {meaning}: {}\n  {rule}: SPEC {}\n  {fix}: {}\n",
        info.code,
        severity(info, lang),
        template(info.text(lang)),
        info.meaning(lang),
        info.rule,
        info.fix(lang)
    )
}

/// `mdkpi codes [CODE]` in the run's language.
pub fn run(code: Option<&str>) -> Outcome {
    let lang = super::lang::current();
    let stdout = match code {
        None => list(lang),
        Some(text) => match Code::parse(text) {
            Some(code) => describe(code, lang),
            None => {
                return Outcome::usage(Msg::UnknownCode {
                    code: text.to_string(),
                })
            }
        },
    };
    Outcome {
        stdout,
        ..Outcome::default()
    }
}

/// `text` as Markdown that shows it as written: a parameter `{name}` in a
/// code span (a renderer would take `<name>` for an HTML tag and hide it),
/// the text's own code spans kept, and every other character Markdown
/// would read as markup escaped.
fn md(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    // Whether `out` ends with a parameter's code span: the next parameter
    // joins it (two spans side by side would read as a double backtick).
    let mut after_param = false;
    while !rest.is_empty() {
        // A code span of the text: kept as it is.
        if let Some(after) = rest.strip_prefix('`') {
            if let Some(end) = after.find('`') {
                after_param = false;
                out.push('`');
                out.push_str(&after[..=end]);
                rest = &after[end + 1..];
                continue;
            }
        }
        // A parameter.
        if let Some(after) = rest.strip_prefix('{') {
            if let Some(end) = after.find('}') {
                let name = &after[..end];
                if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    if after_param {
                        out.pop();
                        out.push_str(&format!("{{{name}}}`"));
                    } else {
                        out.push_str(&format!("`{{{name}}}`"));
                    }
                    after_param = true;
                    rest = &after[end + 1..];
                    continue;
                }
            }
        }
        after_param = false;
        let Some(c) = rest.chars().next() else {
            break;
        };
        if "\\`*_<>[]~|#&!".contains(c) {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `docs/messages.md`: every code with its texts, meaning and fix in both
/// languages.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Messages\n\n\
         Generated from `src/diag/catalogue.rs` (`MDKPI_BLESS=1 cargo test` rewrites it); \
         `mdkpi codes [CODE]` prints the same in the run's language. Every message \
         mdkpi prints about its input carries one of these codes (SPEC §16). `E` codes \
         are errors, `W` codes warnings; a code never changes meaning. `{name}` marks a \
         parameter, filled in when the message is printed.\n",
    );
    for code in sorted() {
        let info = code.info();
        let _ = write!(
            out,
            "\n## {} ({})\n\nSPEC {}\n\n- ja: {}\n- en: {}\n\n意味: {}<br>\n直し方: {}\n\nMeaning: {}<br>\nFix: {}\n",
            info.code,
            severity(info, Lang::En),
            info.rule,
            md(&template(info.text(Lang::Ja))),
            md(&template(info.text(Lang::En))),
            md(info.meaning(Lang::Ja)),
            md(info.fix(Lang::Ja)),
            md(info.meaning(Lang::En)),
            md(info.fix(Lang::En)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/messages.md is the catalogue as generated; `MDKPI_BLESS=1`
    /// rewrites it.
    #[test]
    fn docs_messages_md_is_the_catalogue() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/messages.md");
        let want = markdown();
        if std::env::var_os("MDKPI_BLESS").is_some() {
            std::fs::write(&path, &want).expect("write docs/messages.md");
            return;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "docs/messages.md differs from the catalogue: run MDKPI_BLESS=1 cargo test"
        );
    }

    /// Rendered as GitHub does (footnotes, strikethrough, tables), the
    /// page shows every text as written: no text is taken for HTML or
    /// markup, and every parameter shows.
    #[test]
    fn docs_messages_md_shows_every_text_as_written() {
        use pulldown_cmark::{Event, Options, Parser};
        let page = markdown();
        let mut shown = String::new();
        let github = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_GFM;
        for event in Parser::new_ext(&page, github) {
            match event {
                Event::Text(t) | Event::Code(t) => shown.push_str(&t),
                Event::Html(h) | Event::InlineHtml(h) => {
                    assert_eq!(&*h, "<br>", "HTML in docs/messages.md");
                    shown.push('\n');
                }
                Event::SoftBreak | Event::HardBreak | Event::End(_) => shown.push('\n'),
                Event::Start(_) => {}
                other => panic!("unexpected {other:?} in docs/messages.md"),
            }
        }
        for code in Code::ALL {
            let info = code.info();
            for lang in Lang::ALL {
                for text in [
                    template(info.text(lang)),
                    info.meaning(lang).to_string(),
                    info.fix(lang).to_string(),
                ] {
                    // The text's own code spans show as code, without
                    // their backticks.
                    let text = text.replace('`', "");
                    assert!(
                        shown.contains(&format!("{text}\n")),
                        "{}: not shown as written: {text}",
                        info.code
                    );
                }
            }
            for param in info.params {
                assert!(
                    shown.contains(&format!("{{{param}}}")),
                    "{}: {{{param}}} not shown",
                    info.code
                );
            }
        }
        assert!(page.contains("<名前>") || page.contains("\\<名前\\>"));
    }

    #[test]
    fn one_code_reads_in_both_languages() {
        let en = describe(Code::E0107, Lang::En);
        assert!(
            en.starts_with("E0107 (error)\n  message: expected a number, found {found}\n"),
            "{en}"
        );
        assert!(en.contains("rule: SPEC §9"), "{en}");
        let ja = describe(Code::E0107, Lang::Ja);
        assert!(
            ja.contains("メッセージ: 数値が必要ですが{found}が入力されています"),
            "{ja}"
        );
        assert!(list(Lang::En).lines().count() == Code::ALL.len());
    }

    /// The meanings start in one column whatever the severity's script.
    #[test]
    fn the_list_is_aligned_in_both_languages() {
        for lang in Lang::ALL {
            let list = list(lang);
            let starts: std::collections::BTreeSet<usize> = list
                .lines()
                .map(|line| {
                    let meaning = info_meaning_start(line);
                    super::super::ui::width(&line[..meaning])
                })
                .collect();
            assert_eq!(starts.len(), 1, "{lang:?}: {starts:?}");
        }
        assert!(list(Lang::En).starts_with("E0001  error    "));
        assert!(list(Lang::Ja).contains("  エラー   "));
        assert!(list(Lang::Ja).contains("  警告     "));
    }

    /// Where the meaning of a list line starts (after the severity's
    /// padding and the two spaces).
    fn info_meaning_start(line: &str) -> usize {
        let code = &line[..5];
        let info = Code::parse(code).map(|c| c.info());
        let meaning = info.map_or("", |i| {
            if line.ends_with(i.meaning(Lang::Ja)) {
                i.meaning(Lang::Ja)
            } else {
                i.meaning(Lang::En)
            }
        });
        line.len() - meaning.len()
    }

    #[test]
    fn an_unknown_code_is_a_usage_error() {
        let out = run(Some("E9999"));
        assert_eq!(out.code, 2);
        assert!(out.stderr.contains("E0022"), "{}", out.stderr);
        assert_eq!(run(Some("e0107")).code, 0);
    }
}
