#!/usr/bin/env bash
# Capture-proxy benchmark: the same SSE streams direct, through nginx (proxy_buffering off)
# and through `tapedeck record`, over interleaved rounds. Method: Benchmarks/proxy/README.md.
#
# Usage: Benchmarks/proxy/run.sh            (5 rounds, builds release first)
# Knobs (environment):
#   ROUNDS=5            interleaved rounds
#   TARGETS="direct nginx tapedeck"
#   SKIP_BUILD=1        use the existing release binaries
#   BENCH_BIN=PATH      tapedeck-bench binary (default .build-release/release/tapedeck-bench, else .build/release/)
#   TAPEDECK_BIN=PATH   tapedeck binary (default .build-release/release/tapedeck, else .build/release/)
#   OUT_DIR=DIR         where results.jsonl, report.md and logs go (default a new temp dir)
#   KEEP_DB=1           keep the capture SQLite file (it grows by ~300k events per round)
#   LAT_STREAMS=40 FLOOD_EVENTS=50000 CONC_STREAMS=1000 CONC_EVENTS=200 CONC_INTERVAL_US=25000
#   CADENCE_EVENTS=200  events per stream in the token-cadence phases (2 ms and 15 ms apart; 1 and 50 streams)
#   PHASES="latency cadence concurrency flood"   which phases to run
#   INGEST=0            skip the store ingest benchmark at the end
set -euo pipefail

ROUNDS=${ROUNDS:-5}
TARGETS=${TARGETS:-"direct nginx tapedeck"}
LAT_STREAMS=${LAT_STREAMS:-40}
FLOOD_EVENTS=${FLOOD_EVENTS:-50000}
CONC_STREAMS=${CONC_STREAMS:-1000}
CONC_EVENTS=${CONC_EVENTS:-200}
CONC_INTERVAL_US=${CONC_INTERVAL_US:-25000}
CADENCE_EVENTS=${CADENCE_EVENTS:-200}
PHASES=${PHASES:-"latency cadence concurrency flood"}
has_phase() { [[ " $PHASES " == *" $1 "* ]]; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/Benchmarks/proxy"
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/tapedeck-proxy-bench.XXXXXX)}
mkdir -p "$OUT_DIR"
RESULTS="$OUT_DIR/results.jsonl"
: >"$RESULTS"
DB="$OUT_DIR/capture.sqlite"

log() { printf '[proxy-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ---- processes we start, and their cleanup -------------------------------------------
UPSTREAM_PID=""
NGINX_PID=""
TAPEDECK_PID=""

stop_pid() { # stop_pid PID SIGNAL: signal, then wait up to 10 s, then SIGKILL.
    local pid=$1 signal=$2
    [ -n "$pid" ] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    stop_pid "$TAPEDECK_PID" INT # INT: the recorder flushes and closes the database.
    stop_pid "$NGINX_PID" TERM
    stop_pid "$UPSTREAM_PID" TERM
    if [ "${KEEP_DB:-0}" != 1 ]; then rm -f "$DB" "$DB-wal" "$DB-shm"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

has_target() { [[ " $TARGETS " == *" $1 "* ]]; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { # A loopback port below the ephemeral range that nothing listens on.
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 12000))
        if ! port_open "$port"; then
            echo "$port"
            return 0
        fi
    done
    log "no free port found"
    return 1
}

wait_for_port() { # wait_for_port PORT PID NAME: up to 30 s, failing early if PID exits.
    local port=$1 pid=$2 name=$3
    for _ in $(seq 1 300); do
        port_open "$port" && return 0
        kill -0 "$pid" 2>/dev/null || {
            log "$name exited before listening on $port"
            return 1
        }
        sleep 0.1
    done
    log "$name did not listen on $port within 30 s"
    return 1
}

# ---- build and tools -----------------------------------------------------------------
# The release build lives in its own scratch directory, so it does not evict the debug build the tests use.
SCRATCH="$ROOT/.build-release"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "building release (swift build -c release --scratch-path .build-release; a clean build takes 10+ minutes)"
    (cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product tapedeck-bench >&2)
    if has_target tapedeck; then
        (cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product tapedeck >&2) ||
            log "tapedeck did not build; measuring without it"
    fi
fi
release_binary() { # release_binary NAME: .build-release's build, else the default scratch directory's.
    if [ -x "$SCRATCH/release/$1" ]; then echo "$SCRATCH/release/$1"; else echo "$ROOT/.build/release/$1"; fi
}
BENCH=${BENCH_BIN:-$(release_binary tapedeck-bench)}
TAPEDECK=${TAPEDECK_BIN:-$(release_binary tapedeck)}
log "binaries: $BENCH, $TAPEDECK"
[ -x "$BENCH" ] || {
    log "missing $BENCH"
    exit 1
}

if has_target nginx && ! command -v nginx >/dev/null; then
    log "installing nginx-light with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y nginx-light >&2 || { apt-get update >&2 && apt-get install -y nginx-light >&2; } ||
        apt-get install -y nginx >&2
fi
command -v sqlite3 >/dev/null || log "sqlite3 CLI missing: recorded-event counts will be skipped"

# 1000 streams need ~3000 descriptors in the proxy; raise the soft limit to the hard one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
log "open-file limit $(ulimit -n); results in $OUT_DIR"

# ---- start the upstream, nginx and tapedeck ------------------------------------------
rm -f "$OUT_DIR/upstream.port" # a reused OUT_DIR must not hand us an old port
"$BENCH" proxy-upstream --port 0 --port-file "$OUT_DIR/upstream.port" >"$OUT_DIR/upstream.log" 2>&1 &
UPSTREAM_PID=$!
for _ in $(seq 1 300); do [ -s "$OUT_DIR/upstream.port" ] && break; sleep 0.1; done
UPSTREAM_PORT=$(cat "$OUT_DIR/upstream.port")
wait_for_port "$UPSTREAM_PORT" "$UPSTREAM_PID" upstream
log "upstream on 127.0.0.1:$UPSTREAM_PORT (pid $UPSTREAM_PID)"

declare -A URL PID
URL[direct]="http://127.0.0.1:$UPSTREAM_PORT"
PID[direct]=""

if has_target nginx; then
    NGINX_PORT=$(free_port)
    NGINX_PREFIX="$OUT_DIR/nginx"
    mkdir -p "$NGINX_PREFIX"
    sed -e "s|@PREFIX@|$NGINX_PREFIX|g" -e "s|@LISTEN_PORT@|$NGINX_PORT|g" \
        -e "s|@UPSTREAM_PORT@|$UPSTREAM_PORT|g" "$HERE/nginx.conf.template" >"$NGINX_PREFIX/nginx.conf"
    nginx -p "$NGINX_PREFIX" -e "$NGINX_PREFIX/error.log" -c "$NGINX_PREFIX/nginx.conf" \
        -g 'daemon off;' >"$OUT_DIR/nginx.log" 2>&1 &
    NGINX_PID=$!
    wait_for_port "$NGINX_PORT" "$NGINX_PID" nginx
    URL[nginx]="http://127.0.0.1:$NGINX_PORT"
    PID[nginx]=$NGINX_PID
    log "nginx on 127.0.0.1:$NGINX_PORT (master pid $NGINX_PID)"
fi

if has_target tapedeck; then
    TAPEDECK_PORT=$(free_port)
    if [ -x "$TAPEDECK" ]; then
        "$TAPEDECK" record --listen "127.0.0.1:$TAPEDECK_PORT" --upstream "http://127.0.0.1:$UPSTREAM_PORT" \
            --db "$DB" >"$OUT_DIR/tapedeck.log" 2>&1 &
        TAPEDECK_PID=$!
    fi
    if [ -n "$TAPEDECK_PID" ] && wait_for_port "$TAPEDECK_PORT" "$TAPEDECK_PID" "tapedeck record"; then
        URL[tapedeck]="http://127.0.0.1:$TAPEDECK_PORT"
        PID[tapedeck]=$TAPEDECK_PID
        log "tapedeck record on 127.0.0.1:$TAPEDECK_PORT (pid $TAPEDECK_PID), recording to $DB"
    else
        log "tapedeck record is not available (see $OUT_DIR/tapedeck.log); measuring without it"
        tail -5 "$OUT_DIR/tapedeck.log" >&2 2>/dev/null || true
        TARGETS=${TARGETS//tapedeck/}
    fi
fi

ACTIVE=()
for target in direct nginx tapedeck; do has_target "$target" && ACTIVE+=("$target"); done
log "targets: ${ACTIVE[*]}; rounds: $ROUNDS"

# ---- phases --------------------------------------------------------------------------
client() { # client TARGET ROUND MODE [extra args...]: one proxy-client run, JSON appended.
    local target=$1 round=$2 mode=$3
    shift 3
    local args=(--target "${URL[$target]}" --mode "$mode" --name "$target" --round "$round")
    [ -n "${PID[$target]}" ] && args+=(--cpu-pid "${PID[$target]}")
    "$BENCH" proxy-client "${args[@]}" "$@" >>"$RESULTS" 2>>"$OUT_DIR/client.log" ||
        log "proxy-client failed: $target round $round $mode (see $OUT_DIR/client.log)"
}

RECORDED_EXPECTED=0
check_recorded() { # check_recorded ROUND: wait (≤ 30 s) for the store to hold every event.
    local round=$1 rows=0 verified
    command -v sqlite3 >/dev/null || return 0
    verified=$(jq -s "map(select(.kind == \"client\" and .target == \"tapedeck\" and .round == $round)
        | .eventsVerified) | add // 0" "$RESULTS")
    RECORDED_EXPECTED=$((RECORDED_EXPECTED + verified))
    for _ in $(seq 1 300); do
        rows=$(sqlite3 -readonly "$DB" 'SELECT count(*) FROM events;' 2>/dev/null || echo 0)
        [ "$rows" -ge "$RECORDED_EXPECTED" ] && break
        sleep 0.1
    done
    printf '{"kind":"recorded","round":%d,"expected":%d,"rows":%d}\n' "$round" "$RECORDED_EXPECTED" "$rows" >>"$RESULTS"
    log "round $round: $rows events recorded of $RECORDED_EXPECTED verified through tapedeck"
}

log "warm-up (not measured)"
for target in "${ACTIVE[@]}"; do
    warm=$("$BENCH" proxy-client --target "${URL[$target]}" --mode latency --streams 8 --name warmup \
        2>>"$OUT_DIR/client.log" || true)
    # tapedeck records the warm-up streams too: count them in what the store must hold.
    if [ "$target" = tapedeck ]; then
        RECORDED_EXPECTED=$((RECORDED_EXPECTED + $(echo "$warm" | jq '.eventsVerified // 0')))
    fi
done

for round in $(seq 1 "$ROUNDS"); do
    # Rotate the order each round so no target always runs first (or right after another).
    order=()
    for i in "${!ACTIVE[@]}"; do order+=("${ACTIVE[$(((i + round - 1) % ${#ACTIVE[@]}))]}"); done
    log "round $round/$ROUNDS: ${order[*]}"
    if has_phase latency; then
        for target in "${order[@]}"; do client "$target" "$round" latency --streams "$LAT_STREAMS"; done
    fi
    if has_phase cadence; then
        # Token cadence: CPU per event when events are sparse (every 15 ms, like real tokens) as well as dense
        # (2 ms); one stream alone, and 50 at once. 1 stream at 2 ms runs 5 streams one after another.
        for spec in "2ms-1 2000 5 1" "2ms-50 2000 50 50" "15ms-1 15000 1 1" "15ms-50 15000 50 50"; do
            read -r label interval streams inflight <<<"$spec"
            for target in "${order[@]}"; do
                client "$target" "$round" latency --phase "cadence-$label" --streams "$streams" \
                    --concurrency "$inflight" --events "$CADENCE_EVENTS" --interval-us "$interval"
            done
        done
    fi
    # Concurrency before flood: memory a proxy keeps after a flood would hide the RSS of
    # 1000 streams (round 1 is the clean measurement; later rounds follow a flood).
    if has_phase concurrency; then
        for target in "${order[@]}"; do
            client "$target" "$round" concurrency --streams "$CONC_STREAMS" --concurrency "$CONC_STREAMS" \
                --events "$CONC_EVENTS" --interval-us "$CONC_INTERVAL_US"
        done
    fi
    if has_phase flood; then
        for target in "${order[@]}"; do client "$target" "$round" flood --events "$FLOOD_EVENTS"; done
    fi
    if [ -n "${PID[tapedeck]:-}" ]; then check_recorded "$round"; fi
done

# ---- store ingest (another benchmark), report ----------------------------------------
# INGEST=0 skips it (the knob was overwritten before it was read, so the ingest always ran).
INGEST_REPORT=""
if [ "${INGEST:-1}" = 1 ] && "$BENCH" --help 2>/dev/null | grep -Eq '^ +ingest( |$)'; then
    log "store ingest: $BENCH ingest"
    INGEST_REPORT=$("$BENCH" ingest 2>&1 || true)
fi

{
    echo "# Capture proxy benchmark"
    echo
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), Linux $(uname -r)"
    echo "nginx: $(nginx -v 2>&1 | cut -d/ -f2); command: Benchmarks/proxy/run.sh (ROUNDS=$ROUNDS)"
    echo
    "$BENCH" proxy-report --results "$RESULTS"
    if [ -n "$INGEST_REPORT" ]; then
        echo
        echo "store ingest (tapedeck-bench ingest, target ≥ 200k events/s):"
        echo '```'
        echo "$INGEST_REPORT"
        echo '```'
    elif [ "${INGEST:-1}" = 0 ]; then
        echo
        echo "store ingest: skipped (INGEST=0)"
    else
        echo
        echo "store ingest: tapedeck-bench ingest is not available in this build"
    fi
} | tee "$OUT_DIR/report.md"
if [ -n "$TAPEDECK_PID" ]; then
    log "tapedeck VmHWM: $(grep VmHWM "/proc/$TAPEDECK_PID/status" 2>/dev/null | tr -s ' ' || echo '?')"
fi
log "report: $OUT_DIR/report.md"
