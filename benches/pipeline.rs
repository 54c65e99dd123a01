//! The pipeline's stages, timed separately and end to end, on the fixtures
//! (`data/`, 1×) and on the generated scales (`target/scale/x10`, `x100`,
//! `x1000`; see `examples/gen_scale.rs`). A scale whose folder is missing is
//! skipped with a message. `scripts/bench.sh` generates the scales, runs
//! this suite and the whole-process measurements, and prints the table of
//! docs/performance.md.
//!
//! ```text
//! cargo bench --bench pipeline                       # every folder found
//! MDKPI_BENCH_SCALES="data x10" cargo bench --bench pipeline
//! ```
//!
//! Stages (the library calls `mdkpi report` makes):
//! - `ingest`: every round folder read and validated into frames, each
//!   input file hashed for provenance (`ingest::load_all`);
//! - `compute`: the indicator table from the frames (`kpi::compute_all`
//!   and the published-figure check);
//! - `render`: the report in memory from the computed result
//!   (`report::build`: templates, charts, JSON, CSV);
//! - `end_to_end`: `compute::compute` then `report::build`, which is
//!   `mdkpi report` without writing the three files.

use std::path::PathBuf;

use divan::Bencher;
use mdkpi::compute::Computed;
use mdkpi::diag::Diagnostics;

fn main() {
    divan::main();
}

/// Large folders take seconds a run: a few samples are enough, and no
/// benchmark runs much longer than `MAX_TIME` seconds (one sample at least).
const SAMPLES: u32 = 10;
const MAX_TIME: f64 = 10.0;

const FOLDERS: [&str; 4] = ["data", "x10", "x100", "x1000"];

/// The data folder of a label: `data/` itself or a generated scale.
fn folder(label: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if label == "data" {
        root.join("data")
    } else {
        root.join("target/scale").join(label)
    }
}

/// The labels to run: `MDKPI_BENCH_SCALES` (space-separated) or all of
/// FOLDERS, less those not generated (said once, on stderr).
fn folders() -> Vec<&'static str> {
    let wanted = std::env::var("MDKPI_BENCH_SCALES").unwrap_or_default();
    FOLDERS
        .into_iter()
        .filter(|l| wanted.trim().is_empty() || wanted.split_whitespace().any(|w| w == *l))
        .filter(|l| {
            let found = folder(l).is_dir();
            if !found {
                static SAID: std::sync::Once = std::sync::Once::new();
                SAID.call_once(|| {
                    eprintln!(
                        "skipping the scales not generated (such as {l}): run `cargo run --release --example gen_scale` or scripts/bench.sh"
                    )
                });
            }
            found
        })
        .collect()
}

fn shown(label: &str) -> String {
    folder(label).display().to_string()
}

/// The computed result of a folder (its inputs must be valid).
fn computed(label: &str) -> Computed {
    match mdkpi::compute::compute(&folder(label), &shown(label), None) {
        Ok(c) => c,
        Err(outcome) => panic!("{label}: not computable:\n{}", outcome.stderr),
    }
}

#[divan::bench(args = folders(), sample_count = SAMPLES, sample_size = 1, max_time = MAX_TIME)]
fn ingest(bencher: Bencher, label: &str) {
    let dir = folder(label);
    let shown = shown(label);
    bencher.bench(|| {
        let mut diags = Diagnostics::new();
        let rounds = mdkpi::ingest::load_all(&dir, &shown, &mut diags);
        assert!(!diags.has_errors(), "{label}: input errors");
        rounds
    });
}

#[divan::bench(args = folders(), sample_count = SAMPLES, sample_size = 1, max_time = MAX_TIME)]
fn compute(bencher: Bencher, label: &str) {
    let (rounds, data_folder, _) = match mdkpi::compute::load(&folder(label), &shown(label), None) {
        Ok(loaded) => loaded,
        Err(outcome) => panic!("{label}: not computable:\n{}", outcome.stderr),
    };
    bencher.bench(|| {
        let indicators = mdkpi::kpi::compute_all(&rounds, &data_folder.declared).expect("computed");
        let mut diags = Diagnostics::new();
        mdkpi::texts::check(&rounds, &indicators, &mut diags);
        indicators
    });
}

#[divan::bench(args = folders(), sample_count = SAMPLES, sample_size = 1, max_time = MAX_TIME)]
fn render(bencher: Bencher, label: &str) {
    let c = computed(label);
    bencher.bench(|| match mdkpi::report::build(&c) {
        Ok(files) => files,
        Err(e) => panic!("{label}: {e}"),
    });
}

#[divan::bench(args = folders(), sample_count = SAMPLES, sample_size = 1, max_time = MAX_TIME)]
fn end_to_end(bencher: Bencher, label: &str) {
    bencher.bench(|| {
        let c = computed(label);
        match mdkpi::report::build(&c) {
            Ok(files) => files,
            Err(e) => panic!("{label}: {e}"),
        }
    });
}
