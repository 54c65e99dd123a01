#!/usr/bin/env bash
# The benchmark suite of mdkpi, in one command (docs/performance.md):
#
#   scripts/bench.sh                    # scales 1 10 100 1000
#   SCALES="1 10 100" scripts/bench.sh  # a subset
#
# 1. builds the release binary and the scale generator, and generates the
#    missing scales under target/scale/ (examples/gen_scale.rs; x1000 takes
#    about a minute and 0.7 GB of disk); checks that each validates with 0
#    errors and that x1 computes the same indicator table as data/;
# 2. runs the divan suite (benches/pipeline.rs): ingest, compute, render and
#    end to end in one process, on data/ (1×) and each generated scale;
# 3. measures the whole process, `mdkpi --data DIR report --out TMP`, with
#    hyperfine (wall time) and /usr/bin/time -v (peak RSS);
# 4. prints the table of docs/performance.md and checks the 1000× peak RSS
#    against the promise (400 MB, PEAK_PROMISE_MB): over it, exit 3;
# 5. measures `mdkpi preview`'s re-render after a commentary edit against
#    a whole report run (scripts/bench-preview.sh).
#    Logs stay in target/bench/.
#
# Needs hyperfine and GNU time (Debian: apt-get install -y hyperfine time).
# 1× is data/ itself; a scale N is target/scale/xN. Run it on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."

SCALES=${SCALES:-"1 10 100 1000"}
OUT=target/scale
LOG=target/bench
MDKPI=target/release/mdkpi
mkdir -p "$LOG"

for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || {
    echo "bench.sh: $tool is missing (Debian: apt-get install -y hyperfine time)" >&2
    exit 1
  }
done

folder() { if [ "$1" = 1 ]; then echo data; else echo "$OUT/x$1"; fi; }
label() { if [ "$1" = 1 ]; then echo data; else echo "x$1"; fi; }

echo "== build (release)"
cargo build --release --bin mdkpi --example gen_scale 2>&1 | tail -1

echo "== scales"
for s in $SCALES; do
  if [ ! -f "$OUT/x$s/plan.toml" ]; then
    target/release/examples/gen_scale --out "$OUT" "$s"
  fi
done
# The generator's own check: its 1× copy computes exactly what data/ does.
[ -f "$OUT/x1/plan.toml" ] || target/release/examples/gen_scale --out "$OUT" 1
if ! diff -q <("$MDKPI" --data data compute --format csv 2>/dev/null) \
             <("$MDKPI" --data "$OUT/x1" compute --format csv 2>/dev/null) >/dev/null; then
  echo "bench.sh: $OUT/x1 does not compute the same table as data/: regenerate it (rm -rf $OUT)" >&2
  exit 1
fi
declare -A SIZE
for s in $SCALES; do
  dir=$(folder "$s")
  "$MDKPI" --data "$dir" validate > "$LOG/validate-$(label "$s").txt" 2>&1 || true
  summary=$(tail -1 "$LOG/validate-$(label "$s").txt")
  case "$summary" in
    *" 0 errors"*) ;;
    *) echo "bench.sh: $dir does not validate: $summary" >&2; exit 1 ;;
  esac
  # R7's size: stations, companies, AMED topics, survey responses.
  SIZE[$s]=$(awk '/^R7 /{r=1} /^R[0-9]+ / && !/^R7 /{r=0}
    r && $1=="sites"{st=$2} r && $1=="companies"{co=$2} r && $1=="amed"{am=$2}
    r && $1=="satisfaction"{sa=$2}
    END{printf "%s / %s / %s / %s", st, co, am, sa}' "$LOG/validate-$(label "$s").txt")
  echo "$dir: valid; R7 stations / companies / topics / responses: ${SIZE[$s]}"
done

echo "== divan (cargo bench --bench pipeline)"
labels=""
for s in $SCALES; do labels="$labels $(label "$s")"; done
MDKPI_BENCH_SCALES="$labels" cargo bench --bench pipeline 2>&1 | tee "$LOG/divan.txt"

# Median of stage $1 on folder label $2 from divan's tree, in ms.
median_ms() {
  awk -v stage="$1" -v want="$2" '
    function ms(t,   n, u) { n = t; u = t; sub(/ .*/, "", n); sub(/^[^ ]* */, "", u); n = n + 0
      if (u == "ns") return n / 1e6; if (u == "µs" || u == "us") return n / 1e3
      if (u == "ms") return n; if (u == "s") return n * 1e3; return -1 }
    { line = $0; sub(/^│/, " ", line); n = split(line, f, "│")
      head = f[1]; gsub(/^ +| +$/, "", head)
      if (head ~ /^(├|╰)─ [a-z_]+$/) { cur = head; sub(/^(├|╰)─ /, "", cur); next }
      if (n >= 4 && cur == stage && head ~ /^(├|╰)─ /) {
        sub(/^(├|╰)─ +/, "", head); arg = head; sub(/ .*/, "", arg)
        if (arg == want) { m = f[3]; gsub(/^ +| +$/, "", m); v = ms(m) + 0
          fmt = "%.2f"; if (v >= 10) fmt = "%.1f"; if (v >= 100) fmt = "%.0f"
          printf fmt, v; exit }
      }
    }' "$LOG/divan.txt"
}

echo "== whole process: hyperfine and /usr/bin/time -v"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
declare -A WALL RSS
for s in $SCALES; do
  dir=$(folder "$s")
  case $s in 1) runs=20 ;; 10) runs=10 ;; 100) runs=5 ;; *) runs=3 ;; esac
  hyperfine --style basic --warmup 1 --runs "$runs" \
    --export-csv "$LOG/hyperfine-$(label "$s").csv" \
    "$MDKPI --data $dir report --out $tmp/$(label "$s")" | tee "$LOG/hyperfine-$(label "$s").txt"
  WALL[$s]=$(awk -F, 'NR==2{printf "%.0f ± %.0f", $2*1000, $3*1000}' "$LOG/hyperfine-$(label "$s").csv")
  max=0
  for _ in 1 2 3; do
    /usr/bin/time -v "$MDKPI" --data "$dir" report --out "$tmp/$(label "$s")" \
      > /dev/null 2> "$LOG/time-$(label "$s").txt"
    kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$LOG/time-$(label "$s").txt")
    [ "$kb" -gt "$max" ] && max=$kb
    [ "$s" -ge 1000 ] && break
  done
  RSS[$s]=$(awk -v k="$max" 'BEGIN{printf "%.0f", k/1024}')
done

{
  echo
  echo "mdkpi $(git describe --always --dirty 2>/dev/null || echo '?'), $(rustc --version), $(nproc) cores, $(date -u +%Y-%m-%d)"
  echo
  echo "| scale | R7 stations / companies / topics / responses | ingest ms | compute ms | render ms | end to end ms | whole process ms (mean ± sd) | peak RSS MB |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for s in $SCALES; do
    l=$(label "$s")
    echo "| ${s}× ($l) | ${SIZE[$s]} | $(median_ms ingest "$l") | $(median_ms compute "$l") | $(median_ms render "$l") | $(median_ms end_to_end "$l") | ${WALL[$s]} | ${RSS[$s]} |"
  done
  echo
  echo "Stages: divan medians (benches/pipeline.rs). Whole process: \`mdkpi --data DIR report --out TMP\`,"
  echo "hyperfine mean ± standard deviation; peak RSS: the largest of /usr/bin/time -v's \"Maximum resident set size\"."
} | tee "$LOG/table.md"

# The preview's re-render after a commentary edit (issue 24), on data/.
scripts/bench-preview.sh data 30 2>&1 | tee "$LOG/preview.txt"

# The promise of docs/performance.md: the 1000× report peaks under 400 MB.
# A run over it fails (exit 3), so a regression shows.
PEAK_PROMISE_MB=${PEAK_PROMISE_MB:-400}
if [ -n "${RSS[1000]:-}" ]; then
  if [ "${RSS[1000]}" -le "$PEAK_PROMISE_MB" ]; then
    echo "1000× peak RSS ${RSS[1000]} MB: within the promise of ${PEAK_PROMISE_MB} MB"
  else
    echo "bench.sh: 1000× peak RSS ${RSS[1000]} MB: over the promise of ${PEAK_PROMISE_MB} MB (docs/performance.md)" >&2
    exit 3
  fi
fi
