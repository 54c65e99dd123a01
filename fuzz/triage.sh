#!/usr/bin/env bash
# Replays every crash file of a target (fuzz/artifacts/<target>/, or the
# files given) one at a time and groups them by class and by the first frame
# in the project's or a parser crate's code (not std / libFuzzer), printing
# per group the count, the smallest file and the message.
#
#   fuzz/triage.sh xls                 # fuzz/artifacts/xls/*
#   fuzz/triage.sh xls FILE...         # these files
#
# Needs the targets built (scripts/fuzz.sh or cargo +nightly fuzz build).
set -uo pipefail  # no -e: a grep finding nothing is not an error here

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
t="${1:?usage: fuzz/triage.sh TARGET [FILE...]}"
shift
files=("$@")
[ ${#files[@]} -eq 0 ] && mapfile -t files < <(find "fuzz/artifacts/$t" -type f | sort)
triple="$(rustc +nightly -vV | sed -n 's/^host: //p')"
bin="fuzz/target/$triple/release/$t"
rss="${FUZZ_RSS_MB:-2048}"
own='(calamine-|/zip-|quick-xml-|cfb-|encoding_rs-|/csv-|/toml|/work/[^ ]*/src/)'

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
for f in "${files[@]}"; do
    out="$(RUST_BACKTRACE=1 timeout 60 "$bin" -rss_limit_mb="$rss" -timeout="${FUZZ_TIMEOUT:-10}" "$f" 2>&1 || true)"
    if grep -q 'panicked at' <<<"$out"; then
        class=panic
        msg="$(grep -A1 'panicked at' <<<"$out" | sed -n 2p | cut -c1-120)"
        where="$(grep -oE 'at [^ ]+\.rs:[0-9]+:[0-9]+' <<<"$out" | grep -E "$own" | head -1 | sed -E 's/^at //; s#^.*registry/src/[^/]+/##; s#^/work/[^/]+/##')"
    elif grep -qE 'out-of-memory|out of memory|allocation-size-too-big|malloc limit' <<<"$out"; then
        class=oom
        msg="$(grep -m1 -oE 'out-of-memory \(malloc\([0-9]+\)\)|out-of-memory \(used: [0-9]+Mb[^)]*\)|allocator is trying to allocate 0x[0-9a-f]+ bytes|requested allocation size 0x[0-9a-f]+' <<<"$out" || true)"
        where="$(grep -E '^ +#[0-9]+ 0x' <<<"$out" | grep -E "$own" | head -1 | grep -oE '[^ ]+\.rs:[0-9]+' | sed -E 's#^.*registry/src/[^/]+/##; s#^/work/[^/]+/##')"
    elif grep -q 'timeout after' <<<"$out"; then
        class=timeout
        msg="$(grep -m1 -oE 'timeout after [0-9]+ seconds' <<<"$out" || true)"
        where="$(grep -E '^ +#[0-9]+ 0x' <<<"$out" | grep -E "$own" | head -1 | grep -oE '[^ ]+\.rs:[0-9]+' | sed -E 's#^.*registry/src/[^/]+/##; s#^/work/[^/]+/##')"
    elif grep -q 'ERROR: AddressSanitizer' <<<"$out"; then
        class=asan
        msg="$(grep -m1 'ERROR: AddressSanitizer' <<<"$out" | cut -c1-120)"
        where="$(grep -E '^ +#[0-9]+ 0x' <<<"$out" | grep -E "$own" | head -1 | grep -oE '[^ ]+\.rs:[0-9]+' | sed -E 's#^.*registry/src/[^/]+/##; s#^/work/[^/]+/##')"
    elif grep -q 'Executed' <<<"$out"; then
        class=passes
        msg=""
        where=""
    else
        class=other
        msg="$(grep -m1 -E 'ERROR|SUMMARY' <<<"$out" | cut -c1-120)"
        where=""
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$class" "${where:-?}" "$(stat -c %s "$f")" "$f" "$msg" >>"$tmp"
done

# group by class + location: count, smallest file, message
sort -t $'\t' -k1,1 -k2,2 -k3,3n "$tmp" | awk -F '\t' '
    { key = $1 "\t" $2; n[key]++; if (!(key in first)) { first[key] = $4; size[key] = $3; msg[key] = $5; order[++k] = key } }
    END { for (i = 1; i <= k; i++) { key = order[i]; split(key, p, "\t");
          printf "%-8s %-45s x%-4d smallest %s (%d B)\n         %s\n", p[1], p[2], n[key], first[key], size[key], msg[key] } }'
