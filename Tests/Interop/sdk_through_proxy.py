#!/usr/bin/env python3
"""The official anthropic SDK through the capture proxy (`tapedeck record`): run by TapedeckProxyTests.

Usage: sdk_through_proxy.py CASES.json
CASES.json is a list of {"name", "base_url", "request", "headers"}: "request" is the path of a
request.json (with "stream": true), "headers" extra request headers (the mock upstream picks its
scenario from x-mock-scenario). For each case the SDK streams exactly as an application does
(max_retries=0, a dummy key) and one JSON line is printed:
  {"name", "outcome": "message", "message": get_final_message().to_dict()}
  {"name", "outcome": "exception", "type": class name, "is_transport": bool, "status": HTTP status or null}
"""
import json
import sys

import anthropic

from sdk_errors import TRANSPORT_ERRORS


def run_case(case: dict) -> dict:
    with open(case["request"], encoding="utf-8") as handle:
        params = json.load(handle)
    params.pop("stream", None)
    client = anthropic.Anthropic(base_url=case["base_url"], api_key="sk-ant-dummy-interop-key", max_retries=0)
    result = {"name": case["name"]}
    try:
        with client.messages.stream(**params, extra_headers=case.get("headers", {})) as stream:
            for _ in stream:
                pass
            message = stream.get_final_message()
        result.update(outcome="message", message=message.to_dict())
    except anthropic.APIStatusError as error:
        result.update(outcome="exception", type=type(error).__name__, is_transport=False, status=error.status_code)
    except TRANSPORT_ERRORS as error:
        result.update(outcome="exception", type=type(error).__name__, is_transport=True, status=None)
    except Exception as error:  # anything else is reported, not hidden (httpx may be vendored under another name)
        is_transport = any(base.__name__ in ("TransportError", "APIConnectionError") for base in type(error).__mro__)
        result.update(outcome="exception", type=type(error).__name__, is_transport=is_transport, status=None,
                      detail=str(error))
    client.close()
    return result


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    for case in cases:
        print(json.dumps(run_case(case), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
