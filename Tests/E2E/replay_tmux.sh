#!/usr/bin/env bash
# End-to-end test of the interactive replayer in a real terminal (tmux): keys in, screens out,
# and the terminal given back to the shell after q.
# Usage: TAPEDECK_BIN=.build/debug/tapedeck Tests/E2E/replay_tmux.sh
set -euo pipefail

: "${TAPEDECK_BIN:?set TAPEDECK_BIN to the built tapedeck binary (swift build; Scripts/test.sh sets it)}"
[ -x "$TAPEDECK_BIN" ] || { echo "FAIL: TAPEDECK_BIN=$TAPEDECK_BIN is not an executable (run swift build)"; exit 1; }
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SAMPLE="$ROOT/Samples/thinking_text.sse"

if ! command -v tmux >/dev/null 2>&1; then
    echo "tmux not found; installing it with apt-get"
    if [ "$(id -u)" = 0 ]; then apt-get install -y tmux >/dev/null; else sudo apt-get install -y tmux >/dev/null; fi
fi

SOCKET="tapedeck-e2e-$$-$RANDOM"
tmux_() { tmux -L "$SOCKET" -f /dev/null "$@"; }
SERVER_PID=""
cleanup() {
    tmux_ kill-server >/dev/null 2>&1 || true
    if [ -n "$SERVER_PID" ]; then kill -9 "$SERVER_PID" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

screen() { tmux_ capture-pane -p -t e2e; }

# Polls the pane until it shows the text (the replayer has no other signal to wait on); 10 s deadline.
wait_for() {
    local want="$1" step="$2" deadline=$((SECONDS + 10))
    while [ $SECONDS -lt $deadline ]; do
        if screen | grep -qF -- "$want"; then echo "ok: $step"; return 0; fi
        sleep 0.05
    done
    echo "FAIL: $step: the screen never showed '$want'. Screen was:"
    screen
    exit 1
}

refuse() {
    local unwanted="$1" step="$2"
    if screen | grep -qF -- "$unwanted"; then
        echo "FAIL: $step: the screen still shows '$unwanted'. Screen was:"
        screen
        exit 1
    fi
}

# tmux's server must not hold this script's stdout open (a caller reading it would never see EOF);
# a crash must not wait for a key (SWIFT_BACKTRACE).
tmux_ -u new-session -d -s e2e -x 120 -y 40 \
    "env -i HOME=\"$HOME\" PATH=\"$PATH\" TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 SWIFT_BACKTRACE=enable=no bash --norc --noprofile" \
    </dev/null >/dev/null 2>&1
SERVER_PID="$(tmux_ display-message -p '#{pid}')"
tmux_ send-keys -t e2e "PS1='E2E-PROMPT\$ '" Enter
wait_for 'E2E-PROMPT$' "shell prompt"
tmux_ send-keys -t e2e "echo BEFORE-REPLAY; '$TAPEDECK_BIN' replay --file '$SAMPLE' --paused; echo \"EXIT=\$?\"" Enter

wait_for "event 0/" "replayer opened paused at the start"
wait_for "‖ paused" "status bar shows paused"
wait_for " Thinking " "panes are drawn"
refuse "BEFORE-REPLAY" "the replayer uses the whole screen"

tmux_ send-keys -t e2e l
wait_for "event 1/" "l steps one event"
wait_for "message_start" "the status bar names the event"

tmux_ send-keys -t e2e ']'
wait_for "event 2/" "] jumps to the next block boundary"
wait_for "content_block_start (thinking)" "the boundary is the thinking block start"

tmux_ send-keys -t e2e r
wait_for "raw · event 2/" "r opens the raw bytes"
wait_for 'event: content_block_start\n' "raw bytes are shown with their line ends"
wait_for "byte offset" "raw box shows the byte offset"

tmux_ send-keys -t e2e r
tmux_ send-keys -t e2e '?'
wait_for "next / previous event" "? opens the help"

tmux_ send-keys -t e2e q
wait_for "EXIT=0" "q quits with status 0"
wait_for "BEFORE-REPLAY" "the shell screen is back (alternate screen left)"
refuse "‖ paused" "no replayer left on screen after q"
refuse "next / previous event" "no help box left on screen after q"
tmux_ send-keys -t e2e "stty -a | grep -o ' echo ' ; echo STTY-DONE" Enter
wait_for "STTY-DONE" "the shell still runs commands"
if ! screen | grep -qF -- " echo "; then
    echo "FAIL: terminal echo was not restored after q"; screen; exit 1
fi
echo "ok: terminal modes restored (echo on)"

# Ctrl-C (SIGINT) also quits cleanly and restores the terminal.
tmux_ send-keys -t e2e "clear; echo BEFORE-SIGINT; '$TAPEDECK_BIN' replay --file '$SAMPLE'; echo \"SIGINT-EXIT=\$?\"" Enter
wait_for "event " "replayer opened playing"
refuse "BEFORE-SIGINT" "the replayer uses the whole screen"
tmux_ send-keys -t e2e C-c
wait_for "SIGINT-EXIT=0" "Ctrl-C quits with status 0"
wait_for "BEFORE-SIGINT" "the shell screen is back after Ctrl-C"
refuse "‖ paused" "no replayer left on screen after Ctrl-C"
refuse "▶ playing" "no replayer left on screen after Ctrl-C"
echo "PASS"
