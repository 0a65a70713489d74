#!/usr/bin/env python3
"""Writes Samples/NAME.expected.json: what the official Python SDK assembles from NAME.sse.

For every sample in Samples/manifest.json this serves NAME.sse, byte for byte, as the HTTP 200
response of an in-process mock transport (httpx2.MockTransport; nothing leaves the process), and
runs the SDK exactly as an application would:

    with client.messages.stream(**request_without_stream) as stream:
        for _ in stream: pass
    message = stream.get_final_message()

`get_final_message()` returns the snapshot that `accumulate_event` built from the stream
(anthropic/lib/streaming/_messages.py), so the events go through the SDK's own SSE decoder,
`construct_type` into the RawMessageStreamEvent union, and accumulation; pings, unknown event
types and unknown delta types are skipped the way the SDK skips them. NAME.expected.json is
`message.to_dict()`.

When the stream carries an `error` event the SDK raises APIStatusError mid-iteration; then the
file holds `stream.current_message_snapshot.to_dict()`, i.e. what was accumulated before the
error. A stream that ends without message_stop returns a partial message (stop_reason null)
without raising. The observed outcome (complete / error_event / truncated) must match the one
declared in manifest.json, otherwise this script fails.

It also checks that the SDK's request body equals NAME.request.json.

Run from the repository root:  .venv/bin/python Samples/tools/expected.py
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import anthropic
import httpx2

SAMPLES = Path(__file__).resolve().parent.parent


def run(name: str) -> tuple[dict, str, dict | None]:
    body = (SAMPLES / f"{name}.sse").read_bytes()
    request = json.loads((SAMPLES / f"{name}.request.json").read_text(encoding="utf-8"))
    sent: dict = {}

    def handler(http_request: httpx2.Request) -> httpx2.Response:
        sent.update(json.loads(http_request.content))
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=body)

    client = anthropic.Anthropic(
        api_key="sk-ant-test-not-a-key",
        base_url="http://127.0.0.1:9",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )
    params = {key: value for key, value in request.items() if key != "stream"}
    error: dict | None = None
    saw_stop = False
    with client.messages.stream(**params) as stream:
        try:
            for event in stream:
                if event.type == "message_stop":
                    saw_stop = True
            message = stream.get_final_message()
        except anthropic.APIStatusError as status_error:
            error = {"status_code": status_error.status_code, "body": status_error.body}
            message = stream.current_message_snapshot
    if sent != request:
        raise SystemExit(f"{name}: the SDK sent a different body than {name}.request.json:\n{sent}")
    outcome = "error_event" if error else ("complete" if saw_stop else "truncated")
    return message.to_dict(), outcome, error


def main() -> None:
    # The SDK warns that the sample models are deprecated; that is irrelevant to recorded streams.
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    failures = []
    for entry in manifest:
        name = entry["name"]
        snapshot, outcome, error = run(name)
        if outcome != entry["outcome"] or (outcome == "complete") != entry["complete"]:
            failures.append(f"{name}: manifest says {entry['outcome']}, the SDK saw {outcome}")
        (SAMPLES / f"{name}.expected.json").write_text(
            json.dumps(snapshot, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        note = f" (SDK raised APIStatusError {error['status_code']})" if error else ""
        print(f"{name}: {outcome}{note}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        raise SystemExit(1)
    print(f"anthropic {anthropic.__version__}: wrote {len(manifest)} expected files")


if __name__ == "__main__":
    main()
