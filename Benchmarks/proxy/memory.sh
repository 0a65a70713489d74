#!/usr/bin/env bash
# Memory cost of recording one huge response (issue 11 item 5): peak RSS of `tapedeck record` while it forwards
# and records (a) one SSE stream whose single content_block_delta is 50 MB, (b) a 100 MB non-streaming body,
# each from a loopback upstream (python3) to curl. Prints the peak RSS growth over the idle process as a multiple
# of the payload. Run against the release build:
#
#   swift build -c release --product tapedeck && Benchmarks/proxy/memory.sh
#
# Knobs: TAPEDECK_BIN=PATH, EVENT_MB=50, BODY_MB=100, MAX_QUEUE_BYTES=64M (passed to record --max-queue-bytes),
# ESCAPED=1 (the event's text is lines of 63 characters, each newline sent as the JSON escape \n, as real text is),
# TIMELINE=1 (print RSS every 200 ms while each exchange runs and is stored, and when the client had every byte
# and when the exchange was recorded).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TAPEDECK=${TAPEDECK_BIN:-$ROOT/.build/release/tapedeck}
EVENT_MB=${EVENT_MB:-50}
BODY_MB=${BODY_MB:-100}
MAX_QUEUE_BYTES=${MAX_QUEUE_BYTES:-64M}
OUT=$(mktemp -d /tmp/tapedeck-memory.XXXXXX)
UPSTREAM_PID=""
TAPEDECK_PID=""
cleanup() {
    [ -n "$TAPEDECK_PID" ] && kill -INT "$TAPEDECK_PID" 2>/dev/null && wait "$TAPEDECK_PID" 2>/dev/null || true
    [ -n "$UPSTREAM_PID" ] && kill "$UPSTREAM_PID" 2>/dev/null || true
    rm -rf "$OUT"
}
trap cleanup EXIT

cat >"$OUT/upstream.py" <<'PY'
import socket, sys, threading
event_mb, body_mb, port_file, escaped = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"
server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0)); server.listen(8)
open(port_file, "w").write(str(server.getsockname()[1]))
def chunk(data): return b"%x\r\n" % len(data) + data + b"\r\n"
def serve(conn):
    head = b""
    while b"\r\n\r\n" not in head:
        part = conn.recv(65536)
        if not part: return
        head += part
    if b"/stream" in head.split(b"\r\n")[0]:
        conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
        conn.sendall(chunk(b'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"x","role":"assistant","content":[],"usage":{"input_tokens":1,"output_tokens":1}}}\n\n'))
        conn.sendall(chunk(b'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n'))
        text = (b"a" * 62 + b"\\n") * ((event_mb << 20) // 64) if escaped else b"a" * (event_mb << 20)
        event = b'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"' + text + b'"}}\n\n'
        for i in range(0, len(event), 65536): conn.sendall(chunk(event[i:i + 65536]))
        del text, event
        conn.sendall(chunk(b'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n'))
        conn.sendall(chunk(b'event: message_stop\ndata: {"type":"message_stop"}\n\n') + b"0\r\n\r\n")
    else:
        size = body_mb << 20
        conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % size)
        block = b"b" * 65536
        for _ in range(size // 65536): conn.sendall(block)
    conn.close()
while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
PY
python3 "$OUT/upstream.py" "$EVENT_MB" "$BODY_MB" "$OUT/port" "${ESCAPED:-0}" &
UPSTREAM_PID=$!
for _ in $(seq 1 100); do [ -s "$OUT/port" ] && break; sleep 0.1; done
UPSTREAM_PORT=$(cat "$OUT/port")
PORT=$((21000 + RANDOM % 9000))
"$TAPEDECK" record --listen "127.0.0.1:$PORT" --upstream "http://127.0.0.1:$UPSTREAM_PORT" --db "$OUT/m.sqlite" \
    --max-queue-bytes "$MAX_QUEUE_BYTES" >"$OUT/record.log" 2>&1 &
TAPEDECK_PID=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$TAPEDECK_PID/status"; }
hwm_kb() { awk '/VmHWM/ {print $2}' "/proc/$TAPEDECK_PID/status"; }
measure() { # measure NAME PATH MB
    local name=$1 path=$2 mb=$3 base peak
    sleep 1
    echo 5 >"/proc/$TAPEDECK_PID/clear_refs" 2>/dev/null || true
    base=$(rss_kb)
    local sampler=""
    if [ -n "${TIMELINE:-}" ]; then
        # RSS every 50 ms while the exchange runs and is stored, to see which phase holds the peak.
        (while kill -0 "$TAPEDECK_PID" 2>/dev/null; do
            printf '%s %s\n' "$(date +%s.%N | cut -c1-14)" "$(rss_kb)"
            sleep 0.05
        done) >"$OUT/timeline-$name" &
        sampler=$!
    fi
    curl -s -o /dev/null -X POST -H 'content-type: application/json' --data '{"stream":true}' \
        "http://127.0.0.1:$PORT$path"
    [ -n "${TIMELINE:-}" ] && echo "  $name: the client had every byte at $(date +%s.%N | cut -c1-14)"
    # The recorder finishes and commits: wait (up to 60 s) until the exchange's row leaves in_progress, so the
    # peak includes the store's write and the next measurement starts idle.
    for _ in $(seq 1 600); do
        state=$(sqlite3 -readonly "$OUT/m.sqlite" \
            "SELECT outcome FROM exchanges WHERE path = '$path' ORDER BY started_at_ns DESC LIMIT 1" 2>/dev/null || true)
        [ -n "$state" ] && [ "$state" != in_progress ] && break
        sleep 0.1
    done
    [ -n "${TIMELINE:-}" ] && echo "  $name: recorded at $(date +%s.%N | cut -c1-14)"
    sleep 1
    peak=$(hwm_kb)
    if [ -n "$sampler" ]; then
        kill "$sampler" 2>/dev/null || true
        wait "$sampler" 2>/dev/null || true
        awk -v b="$base" -v every="${EVERY:-4}" 'every == 1 || NR % every == 1 { printf "  %s RSS +%.0f MB\n", $1, ($2 - b) / 1024 }' "$OUT/timeline-$name"
    fi
    awk -v n="$name" -v b="$base" -v p="$peak" -v mb="$mb" 'BEGIN {
        printf "%s: %d MB payload, idle RSS %.1f MB, peak RSS %.1f MB, growth %.1f MB = %.2fx the payload\n",
            n, mb, b / 1024, p / 1024, (p - b) / 1024, (p - b) / 1024 / mb }'
}
measure "one ${EVENT_MB} MB SSE event" /v1/messages/stream "$EVENT_MB"
measure "a ${BODY_MB} MB non-streaming body" /v1/messages/body "$BODY_MB"
sqlite3 -readonly "$OUT/m.sqlite" \
    "SELECT 'recorded: ' || path || ' outcome=' || outcome || ' events=' || event_count || ' dropped=' || dropped_events || ifnull(' note=' || note, '') FROM exchanges" 2>/dev/null || true
