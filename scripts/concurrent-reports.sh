#!/usr/bin/env bash
# SPEC §11 atomic output, at scale: PAIRS (default 200) pairs of concurrent
# `mdkpi report` runs into one folder, from two data folders whose reports
# differ in every file. After each pair the folder must hold one run's
# complete set (index.html, indicators.json, indicators.csv all from the
# same run), the user's file must still be there, and no staging folder may
# be left. Prints the count of pairs checked; exits 1 on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${PAIRS:-200}
cargo build --release --bin mdkpi 2>&1 | tail -1
BIN=$PWD/target/release/mdkpi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r data "$WORK/a"
cp -r data "$WORK/b"
sed -i 's/^reference_date = 2026-01-01/reference_date = 2025-12-31/' "$WORK/b/R7/round.toml"
cd "$WORK"
"$BIN" --data a report --out set-a >/dev/null
"$BIN" --data b report --out set-b >/dev/null
cmp -s set-a/indicators.json set-b/indicators.json && { echo "the two sets must differ"; exit 1; }
mkdir out
echo mine > out/notes.txt
same() { for f in index.html indicators.json indicators.csv; do cmp -s "out/$f" "$1/$f" || return 1; done; }
for i in $(seq 1 "$PAIRS"); do
  "$BIN" --data a report --out out >/dev/null 2>&1 &
  "$BIN" --data b report --out out >/dev/null 2>&1 &
  wait
  if ! same set-a && ! same set-b; then echo "pair $i: a mix of two runs' files"; exit 1; fi
  [ "$(cat out/notes.txt)" = mine ] || { echo "pair $i: the user's file is gone"; exit 1; }
  if ls -A | grep -q '\.mdkpi-'; then echo "pair $i: staging left: $(ls -A | grep '\.mdkpi-')"; exit 1; fi
done
echo "$PAIRS pairs: every end state one run's complete set; nothing temporary left"
