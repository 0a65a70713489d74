#!/usr/bin/env bash
# End-to-end test of the interactive replayer in a real terminal (tmux): keys in, screens out,
# and the terminal given back to the shell after q. The session part imports a three-turn tool loop
# into a database of its own, picks it from the session list, walks it with n and p, goes back to
# the list with q and quits with Q. The last part replays a 30,004-event exchange whose events load in pages.
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
WORK="$(mktemp -d)"
cleanup() {
    tmux_ kill-server >/dev/null 2>&1 || true
    if [ -n "$SERVER_PID" ]; then kill -9 "$SERVER_PID" >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
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

# A session: three requests of one Claude Code run (metadata.user_id), each continuing the previous
# one's messages: the question, the tool result, a follow-up whose stream was cut. Imported as one
# HAR file (one import groups its exchanges together, threads and turns included).
DB="$WORK/sessions.sqlite"
USER_ID='user_e2e_account_e2e_session_5e55e2e0'
TOOLS='[{"name":"get_weather","description":"Get the current weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}]'
USER1='{"role":"user","content":"What is the weather like in San Francisco?"}'
ANSWER1='{"role":"assistant","content":[{"type":"text","text":"Okay, let'"'"'s check the weather for San Francisco, CA:"},{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{"location":"San Francisco, CA","unit":"fahrenheit"}}]}'
RESULT1='{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","content":"59F, fog"}]}'
ANSWER2='{"role":"assistant","content":[{"type":"text","text":"Hello! How can I help you today?"}]}'
USER3='{"role":"user","content":"fix the test"}'
request() { printf '{"model":"claude-haiku-4-5","max_tokens":1024,"metadata":{"user_id":"%s"},"tools":%s,"messages":[%s],"stream":true}' "$USER_ID" "$TOOLS" "$1"; }
request "$USER1" >"$WORK/t1.request.json"
request "$USER1,$ANSWER1,$RESULT1" >"$WORK/t2.request.json"
request "$USER1,$ANSWER1,$RESULT1,$ANSWER2,$USER3" >"$WORK/t3.request.json"
python3 - "$WORK" "$ROOT/Samples" <<'PY'
import json, sys
work, samples = sys.argv[1], sys.argv[2]
turns = [("t1", "tool_use_single", "2026-01-02T10:00:00.000Z"), ("t2", "text_basic", "2026-01-02T10:00:05.000Z"),
         ("t3", "cut_before_stop", "2026-01-02T10:00:30.000Z")]
entries = []
for name, sample, started in turns:
    entries.append({
        "startedDateTime": started, "time": 1500,
        "request": {"method": "POST", "url": "https://api.anthropic.com/v1/messages", "httpVersion": "HTTP/1.1",
                    "headers": [{"name": "content-type", "value": "application/json"}],
                    "postData": {"mimeType": "application/json", "text": open(f"{work}/{name}.request.json").read()}},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
                     "headers": [{"name": "content-type", "value": "text/event-stream"}],
                     "content": {"mimeType": "text/event-stream", "text": open(f"{samples}/{sample}.sse").read()}},
        "timings": {"send": 0, "wait": 400, "receive": 1100},
    })
json.dump({"log": {"version": "1.2", "creator": {"name": "e2e", "version": "1"}, "entries": entries}},
          open(f"{work}/session.har", "w"))
PY
"$TAPEDECK_BIN" import --db "$DB" "$WORK/session.har" >/dev/null
echo "ok: imported a three-turn session"

tmux_ send-keys -t e2e "clear; echo BEFORE-PICKER; '$TAPEDECK_BIN' replay --db '$DB' --paused; echo \"PICKER-EXIT=\$?\"" Enter
wait_for "choose a session (1 of 1)" "replay without an id lists sessions"
wait_for "worst outcome" "the list has the session columns"
tmux_ send-keys -t e2e Enter
wait_for "turn 1/3 T1" "enter opens the session view on its first turn"
wait_for 'T1 user: "What is the weather' "the turn list shows the first turn's new input"
wait_for "T2 tool_result" "the turn list shows the tool result turn"
wait_for 'T3 user: "fix the test"' "the turn list shows the follow-up"
wait_for "q back" "the key hints say q goes back"
tmux_ send-keys -t e2e n
wait_for "turn 2/3 T2" "n selects the next turn"
wait_for "Hello! How can I help you today?" "the panes show the selected turn's answer"
tmux_ send-keys -t e2e n
wait_for "turn 3/3 T3" "n again selects the last turn"
wait_for "PARTIAL · upstream_disconnect" "the cut turn is marked partial"
tmux_ send-keys -t e2e p
wait_for "turn 2/3 T2" "p selects the previous turn"
tmux_ send-keys -t e2e i
wait_for "tool_result toolu_01T1x1fJ34qAmk2tNTrN7Up6" "i shows what the turn sent that was new"
tmux_ send-keys -t e2e q
wait_for "choose a session (1 of 1)" "q goes back to the session list"
refuse "turn 2/3" "no session view left after q"
tmux_ send-keys -t e2e Enter
wait_for "turn 1/3 T1" "the session opens again from the list"
tmux_ send-keys -t e2e Q
wait_for "PICKER-EXIT=0" "Q quits with status 0"
wait_for "BEFORE-PICKER" "the shell screen is back after Q"
refuse "choose a session" "no picker left on screen after Q"

# A stored exchange far longer than the first page (30,004 events): the view opens on its first events, the
# rest arrive in pages from a background task through the run loop's inbox, and G reaches the last one.
{
    printf 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_pages","type":"message","role":"assistant","model":"claude-opus-4-1","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}\n\n'
    printf 'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n'
    for ((word = 0; word < 30000; word++)); do
        printf 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"w%d "}}\n\n' "$word"
    done
    printf 'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n'
    printf 'event: message_stop\ndata: {"type":"message_stop"}\n\n'
} >"$WORK/long.sse"
LONG_DB="$WORK/long.sqlite"
LONG_ID=$("$TAPEDECK_BIN" import --db "$LONG_DB" "$WORK/long.sse" | awk '{ print $1; exit }')
[ -n "$LONG_ID" ] || { echo "FAIL: importing the long exchange printed no id"; exit 1; }
tmux_ send-keys -t e2e "clear; '$TAPEDECK_BIN' replay '$LONG_ID' --db '$LONG_DB' --paused --at 5; echo \"LONG-EXIT=\$?\"" Enter
wait_for "event 5/30004" "a long exchange opens at --at 5 of all 30,004 events"
tmux_ send-keys -t e2e G
wait_for "event 30004/30004 · " "G reaches the last event once every page is in"
wait_for "w29999" "the Text pane shows the last delta"
refuse "loading" "nothing left loading at the end"
tmux_ send-keys -t e2e q
wait_for "LONG-EXIT=0" "q quits the long exchange with status 0"
echo "PASS"
