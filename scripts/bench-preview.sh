#!/usr/bin/env bash
# The preview's re-render after a commentary-only edit, against a whole
# `report` run (docs/performance.md, "Preview re-render (issue 24)"):
#
#   scripts/bench-preview.sh              # data/, 30 edits
#   scripts/bench-preview.sh DIR EDITS
#
# 1. hyperfine: `mdkpi --data COPY report --out TMP` (wall) and its CPU;
# 2. `mdkpi preview` on the copy: first the watcher's own CPU over a quiet
#    stretch, then EDITS edits of R7/commentary.md (a line of text added:
#    the report changes each time), one at a time, each waited for in the
#    log. Prints the render times the log gives (min / median / max) and
#    the CPU per re-render (the process's CPU over the edits, less the
#    watcher's for as long, per edit).
# Needs hyperfine and a release build; scripts/bench.sh runs it last.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-data}
EDITS=${2:-30}
MDKPI=target/release/mdkpi
[ -x "$MDKPI" ] || cargo build --release --bin mdkpi 2>&1 | tail -1
tmp=$(mktemp -d)
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$tmp"; }
trap cleanup EXIT
cp -r "$DATA" "$tmp/data"
round=$(ls "$tmp/data" | grep -E '^R[0-9]+$' | sort -V | tail -1)
commentary="$tmp/data/$round/commentary.md"
[ -f "$commentary" ] || { echo "bench-preview.sh: no $commentary" >&2; exit 1; }
hz=$(getconf CLK_TCK)

echo "== report, whole process ($DATA)"
hyperfine --style basic --warmup 2 --runs 20 --export-csv "$tmp/report.csv" \
  "$MDKPI --data $tmp/data report --out $tmp/out"
report_ms=$(awk -F, 'NR==2{printf "%.0f ± %.0f", $2*1000, $3*1000}' "$tmp/report.csv")
report_cpu=$(awk -F, 'NR==2{printf "%.0f", ($5+$6)*1000}' "$tmp/report.csv")

echo "== preview: re-render after an edit of $round/commentary.md ($EDITS edits)"
"$MDKPI" --lang en --data "$tmp/data" preview --port 0 > "$tmp/out.txt" 2> "$tmp/log.txt" &
pid=$!
for _ in $(seq 600); do grep -q 'http://' "$tmp/out.txt" 2>/dev/null && break; sleep 0.1; done
grep -q 'http://' "$tmp/out.txt" || { echo "bench-preview.sh: preview did not start" >&2; cat "$tmp/log.txt" >&2; exit 1; }
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
lines() { wc -l < "$tmp/log.txt"; }
# The watcher alone (no edit) for as long as the edits will take.
quiet=$((EDITS * 7 / 10 + 1))
t0=$(ticks); sleep "$quiet"; idle=$(( $(ticks) - t0 ))
start=$(date +%s.%N)
t0=$(ticks)
for i in $(seq "$EDITS"); do
  before=$(lines)
  printf '\n確認用の段落です。\n' >> "$commentary"
  for _ in $(seq 100); do [ "$(lines)" -gt "$before" ] && break; sleep 0.05; done
  sleep 0.3
done
busy=$(( $(ticks) - t0 ))
took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{print e - s}')
# The first render read everything; the rest are the re-renders.
tail -n +2 "$tmp/log.txt" | grep -o 'rendered in [0-9]* ms' | awk '{print $3}' | sort -n > "$tmp/ms.txt"
n=$(wc -l < "$tmp/ms.txt")
[ "$n" -gt 0 ] || { echo "bench-preview.sh: no re-render logged" >&2; cat "$tmp/log.txt" >&2; exit 1; }
median=$(awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}' "$tmp/ms.txt")
cpu=$(awk -v b="$busy" -v i="$idle" -v q="$quiet" -v t="$took" -v n="$n" -v hz="$hz" \
  'BEGIN{printf "%.0f", (b - i * t / q) * 1000 / hz / n}')
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo "first render: $(head -1 "$tmp/log.txt")"
echo "last re-render: $(tail -1 "$tmp/log.txt")"
echo
echo "| run | wall ms | CPU ms |"
echo "|---|---:|---:|"
echo "| \`report\` (whole process, mean ± sd of 20) | $report_ms | $report_cpu |"
echo "| preview re-render after a commentary edit (min / median / max of $n) | $(head -1 "$tmp/ms.txt") / $median / $(tail -1 "$tmp/ms.txt") | $cpu |"
