#!/usr/bin/env bash
# Forwarding latency and CPU of `tapedeck record --db postgres://…` against `--db FILE.sqlite`, in the same run:
# one local upstream (tapedeck-bench proxy-upstream), two recorders in front of it, and tapedeck-bench
# proxy-client streaming through each in turn (interleaved rounds, the order alternating). Per event it prints
# the latency p50/p99 (upstream send to client arrival), the recorder's CPU (its process tree) and, for
# PostgreSQL, the server's CPU (the postmaster's tree) separately, and the ratio PostgreSQL / SQLite.
# Release build:
#   swift build -c release --scratch-path .build-release --product tapedeck
#   swift build -c release --scratch-path .build-release --product tapedeck-bench
#   TAPEDECK_POSTGRES_DURABLE=1 bash Scripts/postgres.sh -- Benchmarks/team/forwarding.sh
# Knobs: ROUNDS=5, PHASES="latency cadence-15ms-50" (latency: 40 streams × 200 events 2 ms apart, 4 at once;
# cadence-15ms-50: 50 streams × 200 events 15 ms apart, all at once), OUT_DIR=DIR (results.jsonl, logs).
set -euo pipefail
cd "$(dirname "$0")/../.."
bench=${BENCH_BIN:-.build-release/release/tapedeck-bench}
tapedeck=${TAPEDECK_BIN:-.build-release/release/tapedeck}
url="${TAPEDECK_TEST_POSTGRES_URL:?run me through Scripts/postgres.sh}"
ROUNDS=${ROUNDS:-5}
PHASES=${PHASES:-"latency cadence-15ms-50"}
out=${OUT_DIR:-$(mktemp -d /tmp/tapedeck-forwarding.XXXXXX)}
mkdir -p "$out"
results="$out/results.jsonl"
: >"$results"
for binary in "$bench" "$tapedeck"; do
    [ -x "$binary" ] || {
        echo "forwarding.sh: $binary is missing (see the build commands at the top)" >&2
        exit 1
    }
done

pids=()
cleanup() {
    # INT: each recorder flushes and closes its store. TERM for the upstream: a background job of a script
    # starts with SIGINT ignored, and it installs no handler of its own (the script used to wait for it forever).
    for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
    [ -n "${upstream_pid:-}" ] && kill -TERM "$upstream_pid" 2>/dev/null || true
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for_port() { # PORT PID NAME
    for _ in $(seq 1 300); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || {
            echo "forwarding.sh: $3 exited (see $out)" >&2
            exit 1
        }
        sleep 0.1
    done
    echo "forwarding.sh: $3 did not listen on $1" >&2
    exit 1
}
# tree_ticks PID: user + system clock ticks of PID and every descendant.
tree_ticks() {
    local total=0 pid stat
    for pid in $1 $(pgrep -P "$1" 2>/dev/null); do
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        stat=${stat##*) }
        read -r -a fields <<<"$stat"
        total=$((total + fields[11] + fields[12]))
    done
    echo "$total"
}

"$bench" proxy-upstream --port 0 --port-file "$out/upstream.port" >"$out/upstream.log" 2>&1 &
upstream_pid=$!
pids+=($!)
for _ in $(seq 1 300); do [ -s "$out/upstream.port" ] && break; sleep 0.1; done
upstream="http://127.0.0.1:$(cat "$out/upstream.port")"

psql "$url" -qc "CREATE DATABASE forwarding"
pg_url="${url%/postgres}/forwarding"
postmaster=$(head -1 "$(psql "$url" -Atc 'SHOW data_directory')/postmaster.pid")

declare -A target_url target_pid
for target in sqlite postgres; do
    port=$(free_port)
    db="$out/capture.sqlite"
    [ "$target" = postgres ] && db="$pg_url"
    "$tapedeck" record --listen "127.0.0.1:$port" --upstream "$upstream" --db "$db" >"$out/$target.log" 2>&1 &
    target_pid[$target]=$!
    pids+=($!)
    wait_for_port "$port" "${target_pid[$target]}" "tapedeck record --db $target"
    target_url[$target]="http://127.0.0.1:$port"
done
hz=$(getconf CLK_TCK)

run_phase() { # TARGET ROUND PHASE
    local args=(--target "${target_url[$1]}" --name "$1" --round "$2" --cpu-pid "${target_pid[$1]}")
    case $3 in
    latency) args+=(--mode latency) ;;
    cadence-15ms-50) args+=(--mode latency --phase "$3" --streams 50 --concurrency 50 --events 200 --interval-us 15000) ;;
    *)
        echo "forwarding.sh: unknown phase $3" >&2
        exit 2
        ;;
    esac
    local before after line
    before=$(tree_ticks "$postmaster")
    line=$("$bench" proxy-client "${args[@]}" 2>>"$out/client.log")
    after=$(tree_ticks "$postmaster")
    jq -c --argjson ticks $((after - before)) --argjson hz "$hz" \
        '. + {serverCPUSeconds: ($ticks / $hz)}' <<<"$line" >>"$results"
}

# Warm-up, not measured: connections, the first partition, the page cache.
for target in sqlite postgres; do
    "$bench" proxy-client --target "${target_url[$target]}" --mode latency --streams 8 >/dev/null 2>>"$out/client.log"
done
for round in $(seq 1 "$ROUNDS"); do
    order=(sqlite postgres)
    [ $((round % 2)) -eq 0 ] && order=(postgres sqlite)
    for phase in $PHASES; do
        for target in "${order[@]}"; do run_phase "$target" "$round" "$phase"; done
    done
done

echo "tapedeck record --db FILE.sqlite vs --db postgres:// ($ROUNDS interleaved rounds; medians over rounds;"
echo "CPU per verified event: the recorder's process tree, and the PostgreSQL server's tree separately)"
jq -rs --arg phases "$PHASES" '
    def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
    def r(digits): if . == null then "?" else (. * pow(10; digits) | round) / pow(10; digits) end;
    ($phases | split(" ")) as $names
    | [.[] | select(.kind == "client")] as $rows
    | $names[] as $phase
    | [$rows[] | select(.mode == $phase)] as $runs
    | ["sqlite", "postgres"] | map(. as $t | [$runs[] | select(.target == $t)]
        | {target: $t,
           failures: (map(.eventsExpected - .eventsVerified) | add),
           p50: (map(.latency.p50) | median), p99: (map(.latency.p99) | median),
           cpu: (map(.cpu.perEventMicrosecondsSched) | median),
           server: (map(.serverCPUSeconds * 1e6 / .eventsVerified) | median)}) as $f
    | "\($phase):",
      ($f[] | "  \(.target | (. + "        ")[:8]) latency p50 \(.p50 | r(0)) µs, p99 \(.p99 | r(0)) µs; "
        + "tapedeck CPU \(.cpu | r(2)) µs/event; PostgreSQL server CPU \(.server | r(2)) µs/event; "
        + "events lost \(.failures)"),
      "  postgres / sqlite: p50 \(($f[1].p50 / $f[0].p50) | r(2))×, p99 \(($f[1].p99 / $f[0].p99) | r(2))×, "
        + "tapedeck CPU \(($f[1].cpu / $f[0].cpu) | r(2))×, tapedeck + server CPU "
        + "\((($f[1].cpu + $f[1].server) / ($f[0].cpu + $f[0].server)) | r(2))×"
' "$results"
echo "(raw results: $results)"
