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


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    for case in cases:
        print(json.dumps(run_case(case), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
