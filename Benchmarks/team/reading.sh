#!/usr/bin/env bash
# Times reading from a big team store: `ls` over 1,000,000 exchanges (100,000 sessions) and the first screen of a
# 100,002-event exchange, against a throwaway PostgreSQL 15 filled by SQL (populate.sql). Release build:
#   swift build -c release --scratch-path .build-release --product tapedeck
#   bash Scripts/postgres.sh -- Benchmarks/team/reading.sh
# With REFERENCE_BIN=/path/to/another/tapedeck (say, a release build of main), each round also times that binary's
# first screen on the same data, and the end prints both medians and their ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${TAPEDECK_BIN:-.build-release/release/tapedeck}
reference=${REFERENCE_BIN:-}
url="${TAPEDECK_TEST_POSTGRES_URL:?run me through Scripts/postgres.sh}"
psql "$url" -qc "CREATE DATABASE bench"
bench="${url%/postgres}/bench"
"$bin" regroup --db "$bench" >/dev/null   # creates the tables
psql "$bench" -q -v ON_ERROR_STOP=1 -f Benchmarks/team/populate.sql >/dev/null
times=$(mktemp)
trap 'rm -f "$times"' EXIT
replay=(replay big0000001 --db "$bench" --snapshot --at 1 --width 120 --height 40)
for round in 1 2 3; do
    /usr/bin/time -f "round $round: ls (sessions): %e s wall, %M KB" "$bin" ls --db "$bench" >/dev/null
    /usr/bin/time -f "round $round: ls --exchanges: %e s wall, %M KB" "$bin" ls --exchanges --db "$bench" >/dev/null
    if [ -n "$reference" ]; then
        /usr/bin/time -o "$times" -a -f "reference %e %M" "$reference" "${replay[@]}" >/dev/null
        echo "round $round: reference replay of 100,002 events, first screen: $(tail -1 "$times" | cut -d' ' -f2) s" \
            "wall, $(tail -1 "$times" | cut -d' ' -f3) KB"
    fi
    /usr/bin/time -o "$times" -a -f "tapedeck %e %M" "$bin" "${replay[@]}" >/dev/null
    echo "round $round: replay of 100,002 events, first screen: $(tail -1 "$times" | cut -d' ' -f2) s wall," \
        "$(tail -1 "$times" | cut -d' ' -f3) KB"
done
if [ -n "$reference" ]; then
    awk '{ t[$1] = t[$1] " " $2 }
        function median(list,   n, v, i, j, x) {
            n = split(list, v, " ")
            for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
            return v[int((n + 1) / 2)]
        }
        END {
            a = median(t["tapedeck"]); r = median(t["reference"])
            printf "first screen, median of 3: %.2f s (%s) vs %.2f s (reference %s): %.2fx\n", a, bin, r, reference, a / r
        }' bin="$bin" reference="$reference" "$times"
fi
