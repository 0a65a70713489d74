#!/usr/bin/env python3
"""Writes v1.sqlite: a tapedeck file in schema 1 (before sessions), to test the in-place upgrade.

Three exchanges: a two-turn tool loop (the second request re-sends the first answer) and one unrelated
request. Run from this folder: python3 make_v1.py (the committed file was made this way).
"""
import json
import os
import sqlite3

OUTCOMES = ["in_progress", "complete", "error_event", "http_error", "upstream_disconnect", "client_disconnect",
            "timeout", "upstream_unreachable", "interrupted", "non_streaming"]

V1 = f"""
CREATE TABLE tapedeck_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
    started_at_ns INTEGER NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, query TEXT,
    request_headers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(request_headers)),
    request_body BLOB NOT NULL DEFAULT x'', request_body_sha256 TEXT NOT NULL, status INTEGER,
    response_headers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(response_headers)),
    is_streaming INTEGER NOT NULL DEFAULT 0 CHECK (is_streaming IN (0, 1)), model TEXT, stop_reason TEXT,
    outcome TEXT NOT NULL DEFAULT 'in_progress' CHECK (outcome IN ({", ".join(repr(o) for o in OUTCOMES)})),
    first_byte_ns INTEGER, ttft_ns INTEGER, duration_ns INTEGER, input_tokens INTEGER, output_tokens INTEGER,
    cache_creation_input_tokens INTEGER, cache_read_input_tokens INTEGER,
    event_count INTEGER NOT NULL DEFAULT 0, error_type TEXT, error_message TEXT, retry_of TEXT,
    attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1), dropped_events INTEGER NOT NULL DEFAULT 0,
    note TEXT, trailing_bytes BLOB NOT NULL DEFAULT x'', trailing_offset_ns INTEGER
);
CREATE INDEX sessions_started_at ON sessions (started_at_ns);
CREATE INDEX sessions_outcome ON sessions (outcome, started_at_ns);
CREATE INDEX sessions_model ON sessions (model, started_at_ns);
CREATE INDEX sessions_request ON sessions (request_body_sha256, started_at_ns);
CREATE INDEX sessions_retry_of ON sessions (retry_of);
CREATE TABLE events (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL CHECK (seq >= 0), offset_ns INTEGER NOT NULL, type TEXT NOT NULL,
    data TEXT NOT NULL, raw BLOB NOT NULL, PRIMARY KEY (session_id, seq)
);
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES ('v1-sessions-events-meta');
INSERT INTO tapedeck_meta VALUES ('application', 'tapedeck'), ('schema_version', '1');
PRAGMA user_version = 1;
"""


def events(blocks):
    """SSE events for an answer made of (type, payload) blocks."""
    out = [("message_start", {"type": "message_start", "message": {
        "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5", "content": [],
        "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 20, "output_tokens": 1}}})]
    for index, (kind, payload) in enumerate(blocks):
        if kind == "text":
            out.append(("content_block_start", {"type": "content_block_start", "index": index,
                                                "content_block": {"type": "text", "text": ""}}))
            out.append(("content_block_delta", {"type": "content_block_delta", "index": index,
                                                "delta": {"type": "text_delta", "text": payload}}))
        else:
            out.append(("content_block_start", {"type": "content_block_start", "index": index, "content_block": {
                "type": "tool_use", "id": payload["id"], "name": payload["name"], "input": {}}}))
            out.append(("content_block_delta", {"type": "content_block_delta", "index": index, "delta": {
                "type": "input_json_delta", "partial_json": json.dumps(payload["input"])}}))
        out.append(("content_block_stop", {"type": "content_block_stop", "index": index}))
    stop = "tool_use" if any(kind == "tool" for kind, _ in blocks) else "end_turn"
    out.append(("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                                  "usage": {"output_tokens": 12}}))
    out.append(("message_stop", {"type": "message_stop"}))
    return out


def insert(db, exchange_id, start_s, messages, blocks):
    body = json.dumps({"model": "claude-sonnet-4-5", "max_tokens": 512, "stream": True,
                       "messages": messages}).encode()
    db.execute("""INSERT INTO sessions (id, started_at_ns, method, path, request_headers, request_body,
                  request_body_sha256, status, response_headers, is_streaming, model, stop_reason, outcome,
                  first_byte_ns, ttft_ns, duration_ns, input_tokens, output_tokens, event_count)
                  VALUES (?, ?, 'POST', '/v1/messages', ?, ?, ?, 200, ?, 1, 'claude-sonnet-4-5', ?, 'complete',
                  1000000, 2000000, 9000000, 20, 12, ?)""",
               (exchange_id, start_s * 1_000_000_000,
                json.dumps([{"name": "user-agent", "value": "Anthropic/Python 2.14.0"},
                            {"name": "x-stainless-lang", "value": "python"},
                            {"name": "x-stainless-package-version", "value": "2.14.0"}]),
                body, "0" * 64, json.dumps([{"name": "content-type", "value": "text/event-stream"}]),
                "tool_use" if any(k == "tool" for k, _ in blocks) else "end_turn", len(events(blocks))))
    for seq, (kind, data) in enumerate(events(blocks)):
        text = json.dumps(data)
        raw = f"event: {kind}\ndata: {text}\n\n".encode()
        db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", (exchange_id, seq, 1_000_000 + seq, kind, text, raw))


def main():
    path = "v1.sqlite"
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA application_id = 1414546507")
    db.executescript(V1)
    tool = {"id": "toolu_01", "name": "read_file", "input": {"path": "README.md"}}
    first = [{"role": "user", "content": "What does README.md say?"}]
    insert(db, "a000000001", 1_764_000_000, first, [("text", "Let me read it."), ("tool", tool)])
    second = first + [
        {"role": "assistant", "content": [{"type": "text", "text": "Let me read it."},
                                          {"type": "tool_use", "id": "toolu_01", "name": "read_file",
                                           "input": {"path": "README.md"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "# Hello"}]},
    ]
    insert(db, "a000000002", 1_764_000_004, second, [("text", "It says Hello.")])
    insert(db, "b000000001", 1_764_000_002, [{"role": "user", "content": "Unrelated question"}], [("text", "Yes.")])
    db.commit()
    db.close()


if __name__ == "__main__":
    main()
