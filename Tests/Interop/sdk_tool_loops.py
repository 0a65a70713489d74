#!/usr/bin/env python3
"""Agent tool loops with the official anthropic SDK, several at once, through `tapedeck record`.

Usage: sdk_tool_loops.py BASE_URL [BASE_URL ...]
With several base URLs (several recorders in front of one upstream), conversation k sends turn i through
BASE_URL number (k + i) modulo their count, so every conversation alternates between them.
Each conversation runs in its own thread, turn after turn, the way an SDK tool loop does: the answer's
content goes back as the assistant message (the SDK's own block objects), followed by a tool_result for
every tool_use, or by a follow-up question when the model stopped. The mock upstream picks each answer
from x-mock-scenario; x-test-conversation names the conversation for the test and x-test-proxy the base URL the request went
through (the recorder ignores both).
Conversations "a" and "b" start with the same user message and diverge after the first answer.
One JSON line per conversation: {"name", "turns", "stop_reasons", "error"}.
"""
import json
import sys
import threading

import anthropic

TOOLS = [
    {"name": "get_weather", "description": "Current weather", "input_schema": {
        "type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}},
    {"name": "find_places", "description": "Places near a landmark", "input_schema": {
        "type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}},
]

CONVERSATIONS = [
    ("a", "Plan my afternoon in Paris.", ["tool_use_single", "tool_use_parallel", "text_basic"]),
    ("b", "Plan my afternoon in Paris.", ["tool_use_parallel", "thinking_text"]),
    ("c", "What should I pack for London?", ["tool_use_single", "text_basic", "unicode"]),
]


def run(name: str, first: str, scenarios: list, base_urls: list, offset: int, results: dict) -> None:
    clients = [anthropic.Anthropic(base_url=url, api_key="sk-ant-dummy-interop-key", max_retries=0)
               for url in base_urls]
    messages = [{"role": "user", "content": first}]
    stops = []
    try:
        for turn, scenario in enumerate(scenarios):
            proxy = (offset + turn) % len(clients)
            with clients[proxy].messages.stream(
                model="claude-sonnet-4-5", max_tokens=1024, tools=TOOLS, messages=messages,
                extra_headers={
                    "x-mock-scenario": scenario, "x-test-conversation": name, "x-test-proxy": str(proxy)},
            ) as stream:
                message = stream.get_final_message()
            stops.append(message.stop_reason)
            messages.append({"role": "assistant", "content": message.content})
            calls = [block for block in message.content if block.type == "tool_use"]
            if calls:
                messages.append({"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": call.id, "content": f"{call.name}: 3 results"}
                    for call in calls]})
            else:
                messages.append({"role": "user", "content": "Thanks. One more thing?"})
        results[name] = {"name": name, "turns": len(stops), "stop_reasons": stops, "error": None}
    except Exception as error:  # reported to the test, never hidden
        results[name] = {"name": name, "turns": len(stops), "stop_reasons": stops, "error": repr(error)}
    finally:
        for client in clients:
            client.close()


def main() -> None:
    base_urls = sys.argv[1:]
    results: dict = {}
    threads = [threading.Thread(target=run, args=(name, first, scenarios, base_urls, offset, results))
               for offset, (name, first, scenarios) in enumerate(CONVERSATIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name, _, _ in CONVERSATIONS:
        print(json.dumps(results[name]), flush=True)


if __name__ == "__main__":
    main()
