#!/usr/bin/env bash
# Times reading from a big team store: `ls` over 1,000,000 exchanges (100,000 sessions) and the first screen of a
# 100,002-event exchange, against a throwaway PostgreSQL 15 filled by SQL (populate.sql). Release build:
#   swift build -c release --scratch-path .build-release --product tapedeck
#   bash Scripts/postgres.sh -- Benchmarks/team/reading.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${TAPEDECK_BIN:-.build-release/release/tapedeck}
url="${TAPEDECK_TEST_POSTGRES_URL:?run me through Scripts/postgres.sh}"
psql "$url" -qc "CREATE DATABASE bench"
bench="${url%/postgres}/bench"
"$bin" regroup --db "$bench" >/dev/null   # creates the tables
psql "$bench" -q -v ON_ERROR_STOP=1 -f Benchmarks/team/populate.sql >/dev/null
for round in 1 2 3; do
    /usr/bin/time -f "round $round: ls (sessions): %e s wall, %M KB" "$bin" ls --db "$bench" >/dev/null
    /usr/bin/time -f "round $round: ls --exchanges: %e s wall, %M KB" "$bin" ls --exchanges --db "$bench" >/dev/null
    /usr/bin/time -f "round $round: replay of 100,002 events, first screen: %e s wall, %M KB" \
        "$bin" replay big0000001 --db "$bench" --snapshot --at 1 --width 120 --height 40 >/dev/null
done
