#!/usr/bin/env bash
# End-to-end test of a long exchange replayed from a store in a real terminal (tmux): the view opens on its
# first events, the rest arrive in pages from a background task through the run loop's inbox, and G reaches
# the last of 30,004 events. Usage: TAPEDECK_BIN=.build/debug/tapedeck Tests/E2E/replay_pages_tmux.sh
set -euo pipefail

: "${TAPEDECK_BIN:?set TAPEDECK_BIN to the built tapedeck binary (swift build; Scripts/test.sh sets it)}"
[ -x "$TAPEDECK_BIN" ] || { echo "FAIL: TAPEDECK_BIN=$TAPEDECK_BIN is not an executable (run swift build)"; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "FAIL: tmux not found (Scripts/bootstrap.sh installs it)"; exit 1; }

SOCKET="tapedeck-e2e-pages-$$-$RANDOM"
tmux_() { tmux -L "$SOCKET" -f /dev/null "$@"; }
WORK="$(mktemp -d)"
cleanup() {
    tmux_ kill-server >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

screen() { tmux_ capture-pane -p -t e2e; }

# Polls the pane until it shows the text; 20 s deadline (a debug build reads and appends 30,000 events).
wait_for() {
    local want="$1" step="$2" deadline=$((SECONDS + 20))
    while [ $SECONDS -lt $deadline ]; do
        if screen | grep -qF -- "$want"; then echo "ok: $step"; return 0; fi
        sleep 0.05
    done
    echo "FAIL: $step: the screen never showed '$want'. Screen was:"
    screen
    exit 1
}

# One text block of 30,000 deltas: 30,004 events, far more than the first page.
{
    printf 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_pages","type":"message","role":"assistant","model":"claude-opus-4-1","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}\n\n'
    printf 'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n'
    for ((word = 0; word < 30000; word++)); do
        printf 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"w%d "}}\n\n' "$word"
    done
    printf 'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n'
    printf 'event: message_stop\ndata: {"type":"message_stop"}\n\n'
} >"$WORK/long.sse"
DB="$WORK/long.sqlite"
ID=$("$TAPEDECK_BIN" import --db "$DB" "$WORK/long.sse" | awk '{ print $1; exit }')
[ -n "$ID" ] || { echo "FAIL: import printed no exchange id"; exit 1; }
echo "ok: imported exchange $ID"

tmux_ -u new-session -d -s e2e -x 120 -y 40 \
    "env -i HOME=\"$HOME\" PATH=\"$PATH\" TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 SWIFT_BACKTRACE=enable=no bash --norc --noprofile" \
    </dev/null >/dev/null 2>&1
tmux_ send-keys -t e2e "PS1='E2E-PROMPT\$ '" Enter
wait_for 'E2E-PROMPT$' "shell prompt"
tmux_ send-keys -t e2e "clear; '$TAPEDECK_BIN' replay '$ID' --db '$DB' --paused --at 5; echo \"EXIT=\$?\"" Enter

wait_for "event 5/30004" "the view opens at --at 5 of all 30,004 events"
tmux_ send-keys -t e2e G
wait_for "event 30004/30004 · " "G reaches the last event once every page is in"
wait_for "w29999" "the Text pane shows the last delta"
if screen | grep -qF -- "loading"; then
    echo "FAIL: the status line still says loading at the end:"; screen; exit 1
fi
echo "ok: nothing left loading"
tmux_ send-keys -t e2e q
wait_for "EXIT=0" "q quits with status 0"
echo "PASS"
