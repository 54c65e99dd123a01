//! The language of messages (SPEC §16): Japanese when `LC_ALL`,
//! `LC_MESSAGES` or `LANG` (the first one set) has the language part `ja`
//! (`ja`, `ja_JP.UTF-8`; not `jav_ID`), English otherwise; `--lang ja|en`
//! overrides (the last one given).
//!
//! The language is chosen once per run, before anything is read, and held
//! for the process: every message of a run is in one language, and the
//! commands render messages where they print them without passing it down.

use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// 日本語
    Ja,
    /// English
    En,
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The language the environment asks for: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty.
    pub fn from_env() -> Lang {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Self::from_env`] over any variable lookup (for tests).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        let chosen = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| get(name).filter(|v| !v.is_empty()));
        // The language part: before `_`, `.` or `@` (`ja_JP.UTF-8`, `ja`;
        // not `jav_ID`, Javanese).
        let language = |v: &str| v.split(['_', '.', '@']).next().unwrap_or("").to_string();
        match chosen.as_deref().map(language).as_deref() {
            Some("ja") => Lang::Ja,
            _ => Lang::En,
        }
    }

    /// `--lang` if given on the command line (`--lang ja`, `--lang=en`;
    /// the last one given wins, as clap takes it), else the environment's.
    /// Read before clap parses, so that the help texts can be in the
    /// language too.
    pub fn from_args_or_env(args: &[std::ffi::OsString]) -> Lang {
        let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
        let mut given = None;
        while let Some(a) = it.next() {
            if a == "--" {
                break;
            }
            let value = match a.strip_prefix("--lang") {
                Some("") => it.next(),
                Some(rest) => rest.strip_prefix('='),
                None => None,
            };
            match value {
                Some("ja") => given = Some(Lang::Ja),
                Some("en") => given = Some(Lang::En),
                _ => {}
            }
        }
        given.unwrap_or_else(Self::from_env)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

/// Sets the language of the run's messages.
pub fn set(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::En => 0,
            Lang::Ja => 1,
        },
        Ordering::Relaxed,
    );
}

/// The language of the run's messages (English until [`set`]).
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Ja,
        _ => Lang::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn first_set_variable_decides() {
        assert_eq!(Lang::from_vars(vars(&[("LANG", "ja_JP.UTF-8")])), Lang::Ja);
        assert_eq!(Lang::from_vars(vars(&[("LANG", "C")])), Lang::En);
        assert_eq!(Lang::from_vars(vars(&[])), Lang::En);
        assert_eq!(
            Lang::from_vars(vars(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_vars(vars(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "ja_JP"),
                ("LANG", "C")
            ])),
            Lang::Ja
        );
    }

    #[test]
    fn the_flag_wins() {
        let args = |s: &[&str]| s.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            Lang::from_args_or_env(&args(&["mdkpi", "--lang", "ja", "validate"])),
            Lang::Ja
        );
        assert_eq!(
            Lang::from_args_or_env(&args(&["mdkpi", "validate", "--lang=ja"])),
            Lang::Ja
        );
        assert_eq!(
            Lang::from_args_or_env(&args(&["mdkpi", "--lang", "ja", "--lang", "en", "codes"])),
            Lang::En
        );
        assert_eq!(
            Lang::from_args_or_env(&args(&["mdkpi", "--lang=en", "codes", "--lang=ja"])),
            Lang::Ja
        );
    }

    #[test]
    fn only_the_language_part_ja_is_japanese() {
        for ja in ["ja", "ja_JP", "ja_JP.UTF-8", "ja.UTF-8", "ja@euro"] {
            assert_eq!(Lang::from_vars(vars(&[("LANG", ja)])), Lang::Ja, "{ja}");
        }
        for other in ["jav_ID", "jav_ID.UTF-8", "jam", "C.ja", "en_JA"] {
            assert_eq!(
                Lang::from_vars(vars(&[("LANG", other)])),
                Lang::En,
                "{other}"
            );
        }
    }
}
