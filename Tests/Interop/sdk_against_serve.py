#!/usr/bin/env python3
"""The official anthropic SDK against `tapedeck serve` (ReplayServer): run by TapedeckServeTests.

Usage: sdk_against_serve.py CASES.json
CASES.json is a list of {"name", "base_url", "request"} where "request" is the path of a
request.json (with "stream": true). For each case the SDK streams exactly as an application does
and one JSON line is printed:
  {"name", "outcome": "message", "message": get_final_message().to_dict(), "elapsed": seconds}
  {"name", "outcome": "exception", "type": class name, "module": class module,
   "is_transport": bool, "status": HTTP status or null, "body": error body or null, "elapsed": seconds}
"elapsed" runs from just before the request to the end of the stream (or the exception).

A case with "tool_result" (a string) is an agent's tool loop instead: while the answer stops for
tool_use, the SDK sends the conversation back with that text as every tool's result (at most 5
rounds), with "max_retries" (default 0) SDK retries per request. It prints
  {"name", "outcome": "loop", "stop_reasons": [...], "final_text": text of the last answer,
   "messages": how many messages the last request sent}
or the "exception" line of the request that failed.
"""
import json
import sys
import time

import anthropic

from sdk_errors import TRANSPORT_ERRORS


def run_case(case: dict) -> dict:
    with open(case["request"], encoding="utf-8") as handle:
        params = json.load(handle)
    params.pop("stream", None)
    client = anthropic.Anthropic(base_url=case["base_url"], api_key="sk-ant-test-not-a-key", max_retries=0)
    result = {"name": case["name"]}
    started = time.perf_counter()
    try:
        with client.messages.stream(**params) as stream:
            for _ in stream:
                pass
            message = stream.get_final_message()
        result.update(outcome="message", message=message.to_dict())
    except anthropic.APIStatusError as error:
        result.update(
            outcome="exception", type=type(error).__name__, module=type(error).__module__, is_transport=False,
            status=error.status_code, body=error.body)
    except TRANSPORT_ERRORS as error:
        result.update(
            outcome="exception", type=type(error).__name__, module=type(error).__module__, is_transport=True,
            status=None, body=None)
    except Exception as error:  # anything else is reported, not hidden
        result.update(
            outcome="exception", type=type(error).__name__, module=type(error).__module__, is_transport=False,
            status=None, body=str(error))
    result["elapsed"] = time.perf_counter() - started
    client.close()
    return result


def run_loop(case: dict) -> dict:
    with open(case["request"], encoding="utf-8") as handle:
        params = json.load(handle)
    params.pop("stream", None)
    client = anthropic.Anthropic(
        base_url=case["base_url"], api_key="sk-ant-test-not-a-key", max_retries=case.get("max_retries", 0))
    messages = list(params.pop("messages"))
    stop_reasons = []
    try:
        for _ in range(5):
            with client.messages.stream(messages=messages, **params) as stream:
                message = stream.get_final_message()
            stop_reasons.append(message.stop_reason)
            if message.stop_reason != "tool_use":
                break
            messages.append({"role": "assistant", "content": [block.to_dict() for block in message.content]})
            messages.append({"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": block.id, "content": case["tool_result"]}
                for block in message.content if block.type == "tool_use"]})
        final_text = "".join(block.text for block in message.content if block.type == "text")
        return {"name": case["name"], "outcome": "loop", "stop_reasons": stop_reasons, "final_text": final_text,
                "messages": len(messages)}
    except anthropic.APIStatusError as error:
        return {"name": case["name"], "outcome": "exception", "type": type(error).__name__,
                "status": error.status_code, "body": error.body, "stop_reasons": stop_reasons}
    finally:
        client.close()


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    for case in cases:
        result = run_loop(case) if "tool_result" in case else run_case(case)
        print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
