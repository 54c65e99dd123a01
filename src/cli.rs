//! Command-line definitions (clap). `main.rs` dispatches; the work is in
//! the library.

use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::diag::Lang;

/// mdkpi's command line with its help in `lang` (SPEC §16): clap's, from
/// the definitions below, with the Japanese of [`crate::diag::help`] in
/// place for Japanese.
pub fn command(lang: Lang) -> clap::Command {
    crate::diag::help::localise(Cli::command(), lang)
}

/// Parses `args` with the help in `lang`. Err is clap's: help or version
/// to print, or a usage error ([`crate::diag::help::usage_error`] has its
/// Japanese).
pub fn parse(args: Vec<std::ffi::OsString>, lang: Lang) -> Result<Cli, clap::Error> {
    let mut cmd = command(lang);
    let matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

/// The usage error of `args` as plain text with the arguments as given,
/// for [`crate::diag::printable`] to escape: clap's own rendering strips
/// what looks like a terminal sequence from an argument instead of showing
/// it. None when `args` parse.
pub fn usage_error_text(args: Vec<std::ffi::OsString>, lang: Lang) -> Option<String> {
    let mut cmd = command(lang).styles(clap::builder::Styles::plain());
    match cmd.try_get_matches_from_mut(args) {
        Ok(_) => None,
        Err(e) => Some(e.render().ansi().to_string()),
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "mdkpi",
    version,
    // An option given twice takes the last value (`--lang ja … --lang en`
    // is English), as the language is read before clap parses.
    args_override_self = true,
    about = "Measure and report the KPIs of Japan's Medical Device Basic Plan (医療機器基本計画)",
    long_about = "Measure and report the KPIs of Japan's Medical Device Basic Plan (医療機器基本計画).\n\n\
Reads one folder per survey round (data/R4, data/R5, …) holding the base stations' returns, \
the JFMDA member-company survey, the AMED topic list and the ministries' follow-up reports, \
checks every cell, and computes and reports the KPIs.",
    after_help = "Examples:\n  mdkpi validate\n  mdkpi compute --round R7 --format json\n  mdkpi --data other-data validate --round 令和7年度"
)]
pub struct Cli {
    /// The data folder holding one sub-folder per round.
    #[arg(long, global = true, default_value = "data", value_name = "DIR")]
    pub data: PathBuf,

    /// The language of messages, summaries and help: ja or en (given
    /// twice, the last one). Default: Japanese when LC_ALL, LC_MESSAGES or
    /// LANG (the first set) has the language part "ja" (ja, ja_JP.UTF-8;
    /// not jav_ID), else English.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<crate::diag::Lang>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every input and list what each round holds.
    ///
    /// Prints each problem as `path:sheet:cell: message` (warnings marked
    /// `warning:`), then a summary per round. Exit 0 when there is no error
    /// (warnings allowed), 1 when there is any error. Also checks
    /// commentary.md (live figures `{{ KEY }}`, written figures and the
    /// direction of stated trends, at `commentary.md:LINE`), published.toml
    /// and reference.toml against the computed figures.
    #[command(
        after_help = "Examples:\n  mdkpi validate\n  mdkpi validate --round R7\n  mdkpi --data data validate --round 2025"
    )]
    Validate {
        /// The round to check: a label (R7) or a fiscal year (2025, 令和7年度). Default: every round.
        #[arg(long, value_name = "ROUND")]
        round: Option<String>,
        /// Treat every warning not accepted with [[accept]] in round.toml as an error (exit 1, nothing written).
        #[arg(long)]
        strict: bool,
    },
    /// Compute every KPI of a round and of every earlier round.
    ///
    /// Validates first and stops on any input error. Prints the indicator
    /// table (key, round, value, numerator, denominator, unit); rates are
    /// fractions, undefined values null. Warnings go to stderr and, in JSON,
    /// into the `warnings` array.
    #[command(
        after_help = "Examples:\n  mdkpi compute --round R7 --format json\n  mdkpi compute --format table\n  mdkpi compute --round 令和6年度 --format csv > r6.csv"
    )]
    Compute {
        /// The round: a label (R7) or a fiscal year (2025, 令和7年度). Default: the latest round.
        #[arg(long, value_name = "ROUND")]
        round: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: crate::compute::Format,
        /// Treat every warning not accepted with [[accept]] in round.toml as an error (exit 1, nothing written).
        #[arg(long)]
        strict: bool,
    },
    /// List the records behind one figure of the indicator table.
    ///
    /// For each record of the figure's denominator (or of its numerator for
    /// a count or sum): its source `path:sheet:row`, identifying fields, what
    /// it adds to the numerator and denominator, and for classified
    /// companies the rule's facts in words. The records add up to the
    /// figure: the sum of `num` times `correction` is the numerator, the sum
    /// of `den` the denominator. A derived figure (4-round mean, sum of
    /// rates) lists the figures it is computed from.
    #[command(
        after_help = "Examples:\n  mdkpi explain kpi2.venture_rate --round R7\n  mdkpi explain kpi1.participants --round R4 --format json\n  mdkpi explain kpi6.transition.s1.launch.area3"
    )]
    Explain {
        /// The indicator key (kpi2.venture_rate, kpi1.theme1.courses, …).
        key: String,
        /// The round: a label (R7) or a fiscal year (2025, 令和7年度). Default: the latest round.
        #[arg(long, value_name = "ROUND")]
        round: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: crate::explain::Format,
    },
    /// Write every validated dataset and the indicator table as tidy tables.
    ///
    /// Validates first and stops on any input error. Writes the records of
    /// the round and of every earlier round, one table per dataset
    /// (stations, training, joint_research, satisfaction, companies, amed,
    /// followup) plus the indicator table (indicators): each record with
    /// its round, its source path:sheet:row, the input columns under their
    /// Japanese headers and the derived columns the KPIs use (venture and
    /// cross-industry flags and reasons, evaluated, stage-up, launched,
    /// corrected counts). xlsx: one workbook mdkpi-export.xlsx, one sheet
    /// per table; csv: <table>.csv, UTF-8 with BOM, formula-safe; parquet:
    /// <table>.parquet, machine column names. The output folder is written
    /// atomically; other files in it are kept. xlsx and csv are byte-stable.
    #[command(
        after_help = "Examples:\n  mdkpi export --out export\n  mdkpi export --round R7 --out export/R7 --format csv\n  mdkpi export --round 令和6年度 --out export/R6 --format parquet"
    )]
    Export {
        /// The round: a label (R7) or a fiscal year (2025, 令和7年度). Default: the latest round.
        #[arg(long, value_name = "ROUND")]
        round: Option<String>,
        /// Output folder (created; the export's files in it are replaced,
        /// other entries kept as they are, links as links). Not the data
        /// folder, a round folder or a folder holding the data folder.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "xlsx")]
        format: crate::export::Format,
        /// Treat every warning not accepted with [[accept]] in round.toml as an error (exit 1, nothing written).
        #[arg(long)]
        strict: bool,
    },
    /// Render the committee report (HTML, JSON, CSV; PDF with --pdf).
    ///
    /// Validates and computes first and stops on any input error. Writes
    /// index.html (self-contained: inline CSS and SVG charts),
    /// indicators.json, indicators.csv and provenance.json (each input file's
    /// round and SHA-256) into the output folder, atomically.
    /// The same input gives the same bytes.
    #[command(
        after_help = "Examples:\n  mdkpi report\n  mdkpi report --round R7 --out reports/R7 --pdf\n  mdkpi report --charts       # also charts/NN-<name>.svg and .png\n  mdkpi report --pptx         # also report.pptx, to edit in PowerPoint\n  mdkpi report --check        # CI: exit 1 listing stale files"
    )]
    Report {
        /// The round: a label (R7) or a fiscal year (2025, 令和7年度). Default: the latest round.
        #[arg(long, value_name = "ROUND")]
        round: Option<String>,
        /// Output folder. Default: reports/<round label>. Other entries in it
        /// are kept as they are (links as links). Not the data folder, a
        /// round folder or a folder holding the data folder.
        #[arg(long, value_name = "DIR")]
        out: Option<std::path::PathBuf>,
        /// Regenerate in memory and compare with the files in the output folder; exit 1 listing stale files.
        #[arg(long)]
        check: bool,
        /// Also print report.pdf through a headless Chromium (not compared by --check).
        #[arg(long, conflicts_with = "check")]
        pdf: bool,
        /// Also write every chart as charts/NN-<name>.svg and .png (text in BIZ UDPGothic), for other documents (not compared by --check).
        #[arg(long, conflicts_with = "check")]
        charts: bool,
        /// Also write the deck as report.pptx (A4 landscape; text, native tables and charts to edit; not compared by --check).
        #[arg(long, conflicts_with = "check")]
        pptx: bool,
        /// Treat every warning not accepted with [[accept]] in round.toml as an error (exit 1, nothing written).
        #[arg(long)]
        strict: bool,
    },
    /// List the message codes, or explain one.
    ///
    /// Every error and warning mdkpi prints carries a stable code (E0107,
    /// W0101, …; E errors, W warnings). Without CODE: every code with its
    /// meaning. With CODE: its message, what it means, the SPEC rule behind
    /// it and how to fix the input. In the run's language (--lang, or the
    /// locale). docs/messages.md lists the same in both languages.
    #[command(
        after_help = "Examples:\n  mdkpi codes\n  mdkpi codes E0107\n  mdkpi --lang ja codes w0101"
    )]
    Codes {
        /// The code to explain (case does not matter).
        code: Option<String>,
    },
    /// Start the next round: round.toml to confirm and the collection forms.
    ///
    /// Writes <DIR>/round.toml (label, fiscal year, a proposed period and
    /// reference date marked 要確認), <DIR>/commentary.md (the commentary's
    /// headings, with examples of live figures in HTML comments) and
    /// <DIR>/forms/: site.xlsx (one per
    /// base station), companies.xlsx, satisfaction.xlsx, amed.xlsx and
    /// followup.xlsx. Each form has the exact input headers, dropdown lists,
    /// whole-number, number and date checks with Japanese hints, and a
    /// 記入要領 (instructions) sheet stating the round's 報告期間 and each
    /// column's accepted values; a form filled in through them validates.
    /// validate warns (W0305) until the 要確認 marks are deleted from
    /// round.toml. Refuses to overwrite an existing folder (exit 1).
    #[command(
        after_help = "Examples:\n  mdkpi init --round R8                  # writes data/R8\n  mdkpi init --round 令和8年度 --out scratch/R8\n\nThe yearly cycle: mdkpi init --round R8; collect the forms into data/R8;\nmdkpi validate --round R8; mdkpi report --round R8"
    )]
    Init {
        /// The new round: a label (R8) or a fiscal year (2026, 令和8年度).
        #[arg(long, value_name = "ROUND")]
        round: String,
        /// The round folder to create. Default: <--data>/<label> (data/R8).
        /// Not inside a round folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// List the figures that differ between two rounds or saved runs.
    ///
    /// OLD and NEW are each a saved indicators.json (an existing file, as
    /// report or compute --format json writes it) or a round (R6, 2024,
    /// 令和6年度). Two rounds: figures matched by key. A saved run and a
    /// round: that round's figures in both. A saved run alone: every (key,
    /// round) it holds against the data now. No argument: the previous
    /// round and the latest; one round: it and the latest. Lists key,
    /// Japanese name, old, new, change (points for rates) and n (the
    /// denominators); a figure on one side only is listed with the other
    /// side empty. Exit 0 whether figures differ or not.
    #[command(
        after_help = "Examples:\n  mdkpi diff                                  # the previous round and the latest\n  mdkpi diff R6 R7 --format csv\n  mdkpi diff reports/R7/indicators.json       # a saved run against the data now\n  mdkpi diff saved.json R7 --all"
    )]
    Diff {
        /// The old side: a saved indicators.json or a round. Default: the previous round.
        #[arg(value_name = "OLD")]
        old: Option<String>,
        /// The new side: a saved indicators.json or a round. Default: the latest round.
        #[arg(value_name = "NEW")]
        new: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: crate::diff::Format,
        /// List every figure, not only those that differ.
        #[arg(long)]
        all: bool,
    },
    /// Show one base station's returns in every round up to a round.
    ///
    /// NAME is a station's file name without its extension (kyoto-u), or a
    /// part of its 拠点名 (京都大学), compared after NFKC normalisation; a
    /// name that fits several stations is a usage error listing them. For
    /// each round: its courses and participants as reported and corrected
    /// (R4's two-year period halved), its joint research by item, its share
    /// of the round's totals, each row with its source path:sheet:row.
    #[command(
        after_help = "Examples:\n  mdkpi station kyoto-u\n  mdkpi station 京都大学 --round R6\n  mdkpi station ncvc --format csv > ncvc.csv"
    )]
    Station {
        /// The station: its file name without extension, or a part of its 拠点名.
        name: String,
        /// The last round shown: a label (R7) or a fiscal year (2025, 令和7年度). Default: the latest round.
        #[arg(long, value_name = "ROUND")]
        round: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: crate::station::Format,
    },
    /// Serve the report on this computer while the data folder is edited.
    ///
    /// Renders the report in memory (nothing is written, reports/ is left
    /// as it is) and serves it at http://127.0.0.1:PORT/ (this computer
    /// only). Watches the data folder: on every change it validates and
    /// renders again, and the open page reloads itself. While the inputs
    /// have errors the page lists the messages validate prints; it
    /// recovers when they are fixed. Workbooks that did not change are not
    /// read again. One line per render on stderr. Runs until stopped
    /// (Ctrl-C).
    #[command(
        after_help = "Examples:\n  mdkpi preview                 # http://127.0.0.1:8765/\n  mdkpi preview --round R6 --port 8080\n  mdkpi preview --port 0        # any free port (the address is printed)"
    )]
    Preview {
        /// The round: a label (R7) or a fiscal year (2025, 令和7年度). Default: the latest round.
        #[arg(long, value_name = "ROUND")]
        round: Option<String>,
        /// The port on 127.0.0.1 (0: any free port, printed at start).
        #[arg(long, value_name = "N", default_value_t = crate::preview::DEFAULT_PORT)]
        port: u16,
    },
}

impl Command {
    /// Whether `--strict` was given (SPEC §17).
    pub fn strict(&self) -> bool {
        match self {
            Command::Validate { strict, .. }
            | Command::Compute { strict, .. }
            | Command::Export { strict, .. }
            | Command::Report { strict, .. } => *strict,
            _ => false,
        }
    }
}
