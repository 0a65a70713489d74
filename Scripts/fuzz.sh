#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for a bounded time on its committed seed corpus;
# fails on any crash, leak or timeout. FUZZ_SECONDS (default 20) sets the time per target.
# A crash leaves its input in Fuzz/.artifacts/; reproduce with Fuzz/.build/release/fuzz-NAME FILE.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds="${FUZZ_SECONDS:-20}"
started=$(date +%s)
swift build -c release -Xswiftc -sanitize=fuzzer
built=$(date +%s)
echo "fuzz: built in $((built - started)) s"
bin="$(swift build -c release -Xswiftc -sanitize=fuzzer --show-bin-path)"
mkdir -p .artifacts
for target in sse-parser partial-json import-sse import-jsonl import-har; do
    # Work on a copy: libFuzzer adds the inputs it finds to its first corpus directory.
    work="$(mktemp -d)"
    cp Corpus/"$target"/* "$work"/
    echo "fuzz: $target for $seconds s"
    status=0
    "$bin/fuzz-$target" "$work" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix=.artifacts/"$target"- -print_final_stats=1 > "$work.log" 2>&1 || status=$?
    grep -E "^stat::number_of_executed_units" "$work.log" || true
    rm -rf "$work"
    if [ "$status" -ne 0 ]; then
        tail -40 "$work.log" >&2
        rm -f "$work.log"
        echo "fuzz: $target failed (exit $status); the input is in Fuzz/.artifacts/" >&2
        exit 1
    fi
    rm -f "$work.log"
done
echo "fuzz: all targets ran $seconds s each without a crash; $(( $(date +%s) - started )) s in total"
