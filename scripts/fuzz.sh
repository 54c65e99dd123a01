#!/usr/bin/env bash
# Coverage-guided fuzzing of the reader layer (cargo-fuzz / libFuzzer).
#
#   scripts/fuzz.sh                 # every target, FUZZ_SECONDS (720) each
#   scripts/fuzz.sh xlsx csv        # only these targets
#   FUZZ_SECONDS=300 scripts/fuzz.sh ods
#
# Per target: seeds fuzz/corpus/<target> (fuzz/make_seeds.sh), replays the
# committed reproducers of fuzz/regressions/<target>/ (those that no longer
# fail join the corpus), fuzzes for FUZZ_SECONDS on one core, then prints the
# executions and the crashes (files libFuzzer wrote to fuzz/artifacts/<target>/).
# Logs: fuzz/logs/<target>.log; summary: fuzz/logs/summary.tsv.
#
# Environment:
#   FUZZ_SECONDS        seconds per target (720)
#   FUZZ_TIMEOUT        seconds one input may take before it is a timeout (10)
#   FUZZ_RSS_MB         libFuzzer -rss_limit_mb (and malloc limit) (2048)
#   FUZZ_KEEP_GOING=1   after a crash keep fuzzing for the rest of the time
#                       (libFuzzer -fork=1 -ignore_crashes/-ignore_ooms/
#                       -ignore_timeouts: still one core, one child at a time);
#                       default 0: stop the target at its first crash
#   MDKPI_FUZZ_CLI_PANICS=1  a panic the reader isolates (catch_unwind, shown
#                       to the user as "corrupt workbook") is not a crash;
#                       default: every panic is (see fuzz/README.md)
#   FUZZ_ARGS           extra libFuzzer flags
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

all=(xlsx ods xls csv round_toml xlsx_sheet ods_content cells)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
for t in "${targets[@]}"; do
    case " ${all[*]} " in
    *" $t "*) ;;
    *)
        echo "fuzz.sh: unknown target $t (targets: ${all[*]})" >&2
        exit 2
        ;;
    esac
done

seconds="${FUZZ_SECONDS:-720}"
timeout_s="${FUZZ_TIMEOUT:-10}"
rss="${FUZZ_RSS_MB:-2048}"
keep_going="${FUZZ_KEEP_GOING:-0}"

# (a) the toolchain and cargo-fuzz
if ! rustup toolchain list | grep -q '^nightly'; then
    echo "fuzz.sh: cargo-fuzz needs a nightly toolchain: rustup toolchain install nightly" >&2
    exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo +nightly install cargo-fuzz --locked
fi

# One build of every target (shared dependencies; the flags cargo-fuzz picks
# are the same for build, run and tmin, so nothing is rebuilt later).
echo "== building the fuzz targets (first time: polars-core etc. under instrumentation, ~10+ min)"
build_start=$(date +%s)
cargo +nightly fuzz build
echo "== built in $(($(date +%s) - build_start)) s"

triple="$(rustc +nightly -vV | sed -n 's/^host: //p')"
bin_dir="fuzz/target/$triple/release"

max_len() {
    case "$1" in
    xlsx | ods | xls | xlsx_sheet | ods_content) echo 65536 ;;
    *) echo 8192 ;;
    esac
}
dict() {
    case "$1" in
    xlsx | xlsx_sheet) echo fuzz/dicts/ooxml.dict ;;
    ods | ods_content) echo fuzz/dicts/ods.dict ;;
    csv | cells) echo fuzz/dicts/csv.dict ;;
    round_toml) echo fuzz/dicts/toml.dict ;;
    *) echo "" ;;
    esac
}

mkdir -p fuzz/logs
summary=fuzz/logs/summary.tsv
printf 'target\tseconds\texecutions\tnew_artifacts\tartifacts_total\tregressions_failing\n' >"$summary"

for t in "${targets[@]}"; do
    echo
    echo "==== $t"
    # (b) seeds
    fuzz/make_seeds.sh "$t"
    mkdir -p "fuzz/artifacts/$t"

    common=(-rss_limit_mb="$rss" -max_len="$(max_len "$t")" -timeout="$timeout_s")
    d="$(dict "$t")"
    [ -n "$d" ] && common+=(-dict="$d")

    # Committed reproducers: report the ones still failing; the others are
    # regression seeds.
    failing=0
    if [ -d "fuzz/regressions/$t" ]; then
        for r in "fuzz/regressions/$t"/*; do
            [ -f "$r" ] || continue
            [ "$(basename "$r")" = README.md ] && continue
            if "$bin_dir/$t" "${common[@]}" -runs=1 "$r" >/dev/null 2>&1; then
                cp "$r" "fuzz/corpus/$t/$(sha1sum "$r" | cut -c1-40)"
            else
                echo "still failing: $r"
                failing=$((failing + 1))
            fi
        done
    fi

    # (c) fuzz, one core
    before="$(find "fuzz/artifacts/$t" -type f | sort)"
    extra=()
    [ "$keep_going" = 1 ] && extra+=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
    # shellcheck disable=SC2206
    [ -n "${FUZZ_ARGS:-}" ] && extra+=($FUZZ_ARGS)
    log="fuzz/logs/$t.log"
    start=$(date +%s)
    set +e
    cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- \
        "${common[@]}" -max_total_time="$seconds" -print_final_stats=1 "${extra[@]}" >"$log" 2>&1
    rc=$?
    set -e
    took=$(($(date +%s) - start))

    # (d) executions and crashes
    if [ "$keep_going" = 1 ]; then
        # fork mode: the parent's last status line "#N: cov: ..." counts the
        # executions of all its children
        execs="$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')"
    else
        execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{print $2}' | tail -1)"
    fi
    execs="${execs:-0}"
    after="$(find "fuzz/artifacts/$t" -type f | sort)"
    new="$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | sed '/^$/d')"
    n_new="$(printf '%s' "$new" | grep -c . || true)"
    n_all="$(printf '%s' "$after" | grep -c . || true)"
    echo "$t: ${took} s, exit $rc, executions $execs, new crash files $n_new (total in fuzz/artifacts/$t: $n_all)"
    if [ -n "$new" ]; then
        printf '%s\n' "$new" | head -10 | sed 's/^/  /' || true
        [ "$n_new" -gt 10 ] && echo "  ... ($n_new files)"
        # (in FUZZ_KEEP_GOING mode the children's logs are not kept: replay the
        # files with fuzz/triage.sh to group them by class and place)
        grep -E 'ERROR|out-of-memory|panicked at|^SUMMARY|deadly signal|timeout after' "$log" |
            sed -E 's/==[0-9]+==/==/g' | sort | uniq -c | sort -rn | head -20 | sed 's/^/  /' || true
        echo "  group them: fuzz/triage.sh $t"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$took" "$execs" "$n_new" "$n_all" "$failing" >>"$summary"
done

echo
echo "==== summary (fuzz/logs/summary.tsv)"
column -t -s $'\t' "$summary" 2>/dev/null || cat "$summary"
echo
echo "Reproduce a crash: cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>"
