#!/usr/bin/env python3
"""Writes every Samples/NAME.sse, NAME.request.json and Samples/manifest.json.

The samples are hand-designed Anthropic Messages API streams in the exact wire shape the
API sends (`event: NAME` + `data: {compact JSON}` + blank line, with the type repeated inside
the JSON). They are generated rather than typed so that delta splits, long sessions and the
CRLF variant stay consistent and reproducible. Deterministic: a fixed seed, no clock, no network.

Run from the repository root:  python3 Samples/tools/generate.py
Then refresh the expected outputs: .venv/bin/python Samples/tools/expected.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent

SONNET = "claude-sonnet-4-5-20250929"
OPUS = "claude-opus-4-1-20250805"
HAIKU = "claude-haiku-4-5-20251001"


def compact(value) -> str:
    """The API's wire JSON: no spaces, UTF-8 text not escaped."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def frame(name: str, data: dict | str) -> str:
    payload = data if isinstance(data, str) else compact(data)
    return f"event: {name}\ndata: {payload}\n\n"


class Stream:
    """Builds one response body event by event."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.count = 0

    def add(self, name: str, data: dict | str) -> None:
        self.parts.append(frame(name, data))
        self.count += 1

    def raw(self, text: str) -> None:
        self.parts.append(text)

    def message_start(self, msg_id: str, model: str, usage: dict) -> None:
        self.add(
            "message_start",
            {
                "type": "message_start",
                "message": {
                    "id": msg_id,
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": [],
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": usage,
                },
            },
        )

    def block_start(self, index: int, block: dict) -> None:
        self.add("content_block_start", {"type": "content_block_start", "index": index, "content_block": block})

    def delta(self, index: int, delta: dict) -> None:
        self.add("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta})

    def block_stop(self, index: int) -> None:
        self.add("content_block_stop", {"type": "content_block_stop", "index": index})

    def text_block(self, index: int, pieces: list[str], citations: list[tuple[int, dict]] | None = None) -> None:
        """A text block; `citations` puts a citations_delta before piece number N."""
        self.block_start(index, {"type": "text", "text": ""})
        cites = dict(citations or [])
        for n, piece in enumerate(pieces):
            if n in cites:
                self.delta(index, {"type": "citations_delta", "citation": cites[n]})
            self.delta(index, {"type": "text_delta", "text": piece})
        self.block_stop(index)

    def thinking_block(self, index: int, pieces: list[str], signature: str) -> None:
        self.block_start(index, {"type": "thinking", "thinking": "", "signature": ""})
        for piece in pieces:
            self.delta(index, {"type": "thinking_delta", "thinking": piece})
        self.delta(index, {"type": "signature_delta", "signature": signature})
        self.block_stop(index)

    def tool_block(self, index: int, kind: str, tool_id: str, name: str, fragments: list[str]) -> None:
        self.block_start(index, {"type": kind, "id": tool_id, "name": name, "input": {}})
        for fragment in fragments:
            self.delta(index, {"type": "input_json_delta", "partial_json": fragment})
        self.block_stop(index)

    def message_delta(self, stop_reason: str | None, usage: dict, stop_sequence: str | None = None) -> None:
        self.add(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": stop_sequence},
                "usage": usage,
            },
        )

    def message_stop(self) -> None:
        self.add("message_stop", {"type": "message_stop"})

    def ping(self) -> None:
        self.add("ping", {"type": "ping"})

    def text(self) -> str:
        return "".join(self.parts)


def start_usage(input_tokens: int, cache_creation: int = 0, cache_read: int = 0, output: int = 1) -> dict:
    return {
        "input_tokens": input_tokens,
        "cache_creation_input_tokens": cache_creation,
        "cache_read_input_tokens": cache_read,
        "output_tokens": output,
    }


def split_random(text: str, rng: random.Random, low: int = 1, high: int = 12) -> list[str]:
    """Cuts text into pieces of random code-point lengths, as token deltas do."""
    pieces, i = [], 0
    while i < len(text):
        n = rng.randint(low, high)
        pieces.append(text[i : i + n])
        i += n
    return pieces


def split_at(text: str, cuts: list[int]) -> list[str]:
    bounds = [0] + sorted(cuts) + [len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def cut_after(text: str, marker: str, extra: int = 0, start: int = 0) -> int:
    """Index just after `extra` characters into the first `marker` at or after `start`."""
    index = text.index(marker, start)
    return index + extra


def user(content) -> list[dict]:
    return [{"role": "user", "content": content}]


# Samples: name -> (description, outcome, request, body text)
SAMPLES_OUT: dict[str, tuple[str, str, dict, str]] = {}


def sample(name: str, description: str, outcome: str, request: dict, body: str) -> None:
    request = {**request, "stream": True}
    SAMPLES_OUT[name] = (description, outcome, request, body)


def text_basic() -> None:
    s = Stream()
    s.message_start("msg_01XFDUDYJgAACzvnptvVoYEL", SONNET, start_usage(25))
    s.block_start(0, {"type": "text", "text": ""})
    for piece in ["Hello", "!", " How can I", " help you", " today?"]:
        s.delta(0, {"type": "text_delta", "text": piece})
    s.block_stop(0)
    s.message_delta("end_turn", {"output_tokens": 12})
    s.message_stop()
    sample(
        "text_basic",
        "One text block in five deltas, end_turn: the smallest complete stream.",
        "complete",
        {"model": SONNET, "max_tokens": 1024, "messages": user("Hello, Claude")},
        s.text(),
    )


def thinking_text() -> None:
    rng = random.Random(11)
    thinking = (
        "The user wants to know whether 1,001 is prime. 1001 = 7 × 143, and 143 = 11 × 13, "
        "so 1001 = 7 × 11 × 13. It is not prime. I should show the factorisation briefly."
    )
    answer = "No. 1,001 = 7 × 11 × 13, so it is not prime (it has three prime factors)."
    s = Stream()
    s.message_start(
        "msg_01Aq9w938a90dw8q9FqpVt1Z",
        SONNET,
        {
            **start_usage(48, 0, 0, 8),
            "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
            "service_tier": "standard",
        },
    )
    s.thinking_block(
        0,
        split_random(thinking, rng, 4, 24),
        "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds7jd8hlUk0bbm2uzyqvH4Wu0Nf3ahZALNHXyaRHVyDvlAOdtPGTdEHjuDNI3ry4aF8GhG9J6Pj3g/IFvv0hPnq+HrYoL8XSvDLy6XchK6RIi2I2LiR0DGYQSBGyfmWLu8BuWn5TdoXWRX7pR5C3chNMJrZqrcuggv",
    )
    s.text_block(1, split_random(answer, rng, 3, 10))
    s.message_delta(
        "end_turn",
        {
            "input_tokens": 48,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "output_tokens": 97,
        },
    )
    s.message_stop()
    sample(
        "thinking_text",
        "Extended thinking: thinking deltas, one signature_delta, then a text block; cumulative usage in message_delta.",
        "complete",
        {
            "model": SONNET,
            "max_tokens": 4096,
            "thinking": {"type": "enabled", "budget_tokens": 2048},
            "messages": user("Is 1,001 a prime number?"),
        },
        s.text(),
    )


WEATHER_TOOL = {
    "name": "get_weather",
    "description": "Get the current weather in a given location",
    "input_schema": {
        "type": "object",
        "properties": {
            "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        },
        "required": ["location"],
    },
}


def tool_use_single() -> None:
    s = Stream()
    s.message_start("msg_014p7gG3wDgGV9EUtLvnow3U", HAIKU, start_usage(472, output=2))
    s.text_block(0, ["Okay", ", let's check", " the weather for San Francisco, CA:"])
    s.tool_block(
        1,
        "tool_use",
        "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
        "get_weather",
        ["", '{"location":', ' "San Fra', 'ncisc', 'o, CA"', ', "unit": "fah', 'renheit"}'],
    )
    s.message_delta("tool_use", {"output_tokens": 89})
    s.message_stop()
    sample(
        "tool_use_single",
        "Text then one tool_use block whose input arrives as input_json_delta fragments; stop_reason tool_use.",
        "complete",
        {
            "model": HAIKU,
            "max_tokens": 1024,
            "tools": [WEATHER_TOOL],
            "tool_choice": {"type": "auto"},
            "messages": user("What is the weather like in San Francisco?"),
        },
        s.text(),
    )


def tool_use_parallel() -> None:
    # Tool input JSON as the API escapes it: \u00e9 for é in the first call, a quote escape, a number.
    first = json.dumps(
        {"query": "Caf\u00e9 \"Le Petit\" near Gare du Nord", "radius_km": 12.75, "open_now": True, "limit": 5},
        ensure_ascii=True,
    )
    # Cuts: mid-token (inside the key "radius_km" and inside `true`), mid-string, between the
    # backslash and the quote of \", inside \u00e9, inside the number 12.75.
    cuts_first = [
        cut_after(first, '"query"', 3),  # inside the key
        cut_after(first, "\\u00e9", 3),  # after "\u0" of \u00e9
        cut_after(first, "\\u00e9", 5),  # after "\u00e"
        cut_after(first, '\\"Le', 1),  # between \ and "
        cut_after(first, "Petit", 2),  # mid-string
        cut_after(first, "Gare du", 4),  # mid-string, on a space
        cut_after(first, "radius", 3),  # inside the key radius_km
        cut_after(first, "12.75", 2),  # inside the number, before the point
        cut_after(first, "12.75", 4),  # inside the fraction
        cut_after(first, "true", 2),  # inside the literal
        cut_after(first, '"limit": 5', 9),  # between the colon-space and the digit
    ]
    second = json.dumps(
        {"location": "Montr\u00e9al, QC", "unit": "celsius", "days": [1, 2, 3], "note": "tab\there \\ ok"},
        ensure_ascii=True,
    )
    cuts_second = [
        cut_after(second, "\\u00e9", 2),  # after "\u"
        cut_after(second, "celsius", 4),
        cut_after(second, "[1,", 3),  # after "[1," and the space
        cut_after(second, "\\t", 1),  # inside \t
        cut_after(second, "\\\\", 1),  # between the two backslashes of \\
    ]
    s = Stream()
    s.message_start("msg_01Gh4jhbSdVpTsKAu3TZt9Yr", OPUS, start_usage(912, 0, 2048, 4))
    s.text_block(0, ["I'll look both", " up at once."])
    s.tool_block(1, "tool_use", "toolu_01Pz2HjKXAq4iy7WdXZoK8vQ", "find_places", [""] + split_at(first, cuts_first))
    s.tool_block(2, "tool_use", "toolu_01Ddz6qXM9WJmS5K2ZoZzJjx", "get_weather", [""] + split_at(second, cuts_second))
    s.message_delta("tool_use", {"output_tokens": 164})
    s.message_stop()
    sample(
        "tool_use_parallel",
        "Two tool_use blocks; partial_json split mid-token, mid-string, inside \\\" and \\u00e9 escapes and inside numbers.",
        "complete",
        {
            "model": OPUS,
            "max_tokens": 2048,
            "tools": [
                {
                    "name": "find_places",
                    "description": "Search for places near a landmark",
                    "input_schema": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string"},
                            "radius_km": {"type": "number"},
                            "open_now": {"type": "boolean"},
                            "limit": {"type": "integer"},
                        },
                        "required": ["query"],
                    },
                },
                WEATHER_TOOL,
            ],
            "messages": user("Find Café \"Le Petit\" near Gare du Nord, and the 3-day weather in Montréal."),
        },
        s.text(),
    )


def server_tool_web_search() -> None:
    rng = random.Random(23)
    tool_id = "srvtoolu_014hJH82Qum7Td6UV8gDXThB"
    results = [
        {
            "type": "web_search_result",
            "title": "Swift 6 released | Swift.org",
            "url": "https://www.swift.org/blog/announcing-swift-6/",
            "encrypted_content": "EqgfCioIARgBIiQ3YTAwMjY1Mi1mZjM5LTQ1NGUtODgxNC1kNjNjNTk1ZWI3YjESDNhBn8xHX3Rkq0VLqhoMaGVyb1bGjbQ5gTRRIjBHOT5dvGbNr1+qfx0JXNQzqt5GUAYDnQeAyzv2jkQEmtSwb1gJ6BwZ+2wg3nI5AzgqNZ7N5Q",
            "page_age": "September 17, 2024",
        },
        {
            "type": "web_search_result",
            "title": "Swift 6 - Language Mode and Data-Race Safety",
            "url": "https://www.swift.org/migration/documentation/migrationguide/",
            "encrypted_content": "EpYKCioIARgBIiQ0ZGE3NDBhYS1mMmI4LTRkZDItYjhiZC03ZjIwZDk1Y2I3YjASDJNlZb7pl4RZ9Lq9+hoM0w2A+k7n1r2TrTxTIjC9Lq7V8mjQPYX7KpJ8a1KmN6a0Bmdz3Vq8yW",
            "page_age": None,
        },
    ]
    cite = {
        "type": "web_search_result_location",
        "cited_text": "Swift 6 is now available. The Swift 6 language mode enables complete data-race safety checking by default. ",
        "url": "https://www.swift.org/blog/announcing-swift-6/",
        "title": "Swift 6 released | Swift.org",
        "encrypted_index": "Eo8BCioIAhgBIiQyYjQ0OWJmZi1lNm9hLTQ2YTgtODk5Mi03MTdmN2M5NWM4ZmESDDaYbBSCSMXCFuEgcxoMz6NQ6V7uCpeOQl6VIjA7pS6Wl3cS6Qd3C6f7m0RR",
    }
    s = Stream()
    s.message_start("msg_01G2Ua3tJjcFzVVh5tKnBcAN", OPUS, start_usage(2679, output=3))
    s.text_block(0, ["I'll search", " for the latest", " Swift release."])
    s.tool_block(1, "server_tool_use", tool_id, "web_search", ["", '{"query', '": "Swif', "t 6 release", ' data race safety"}'])
    s.block_start(2, {"type": "web_search_tool_result", "tool_use_id": tool_id, "content": results})
    s.block_stop(2)
    s.text_block(3, ["Here", "'s what I found:"])
    s.text_block(4, split_random("Swift 6 enables complete data-race safety checking in its new language mode.", rng), [(0, cite)])
    s.text_block(5, [" Earlier code", " keeps compiling", " in Swift 5 mode."])
    s.message_delta(
        "end_turn",
        {
            "input_tokens": 10682,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "output_tokens": 510,
            "server_tool_use": {"web_search_requests": 1},
        },
    )
    s.message_stop()
    sample(
        "server_tool_web_search",
        "Web search: server_tool_use (srvtoolu_ id), web_search_tool_result block, text with a web_search_result_location citation.",
        "complete",
        {
            "model": OPUS,
            "max_tokens": 1024,
            "tools": [{"type": "web_search_20250305", "name": "web_search", "max_uses": 5}],
            "messages": user("What is new in Swift 6?"),
        },
        s.text(),
    )


def redacted_thinking() -> None:
    s = Stream()
    s.message_start("msg_01KrYtUJvRU2wDXbDNwEnhjE", SONNET, start_usage(65, output=4))
    s.block_start(
        0,
        {
            "type": "redacted_thinking",
            "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB8URj2pLmN3kkTbOhuCE8ifh/AEGjs2ZpKP+Lm2HmtvkWFSjMVq4hjm2IS+PJ1uq1n7H8QF8tp4iX8M09Wyoq3m0WkhkkV+Q==",
        },
    )
    s.block_stop(0)
    s.thinking_block(1, ["I should answer", " carefully."], "EuYBCkQYAiJAjkdRVjKP1LH2bLqf84aDzzC6uZ8b3VnXBxSKT1Fj5ofpJ7hUiFT5G0+QpRhpG+rC0mmqgNBqtBuswk1tZq6oGOw==")
    s.text_block(2, ["I've thought", " about it; here", " is a safe answer."])
    s.message_delta("end_turn", {"output_tokens": 141})
    s.message_stop()
    sample(
        "redacted_thinking",
        "A redacted_thinking block (opaque data, no deltas), then thinking and text.",
        "complete",
        {
            "model": SONNET,
            "max_tokens": 4096,
            "thinking": {"type": "enabled", "budget_tokens": 2048},
            "messages": user("ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING_46C9A13E193C177646C7398A98432ECCCE4C1253D5E2D82641AC0E52CC2876CB"),
        },
        s.text(),
    )


def citations() -> None:
    document = (
        "The grass is green. The sky is blue. Water boils at 100 degrees Celsius at sea level. "
        "The tapedeck was invented to replay recorded sound."
    )

    def char_cite(text: str) -> dict:
        start = document.index(text)
        return {
            "type": "char_location",
            "cited_text": text,
            "document_index": 0,
            "document_title": "Basic facts",
            "start_char_index": start,
            "end_char_index": start + len(text),
        }

    s = Stream()
    s.message_start("msg_01Hn5D1y8T9sQUZmXuwcYyRm", SONNET, start_usage(610, output=1))
    s.text_block(0, ["According to", " the document, "])
    s.text_block(1, ["the grass", " is green"], [(0, char_cite("The grass is green. "))])
    s.text_block(2, [" and "])
    s.text_block(
        3,
        ["water boils", " at 100 °C", " at sea level"],
        [(0, char_cite("Water boils at 100 degrees Celsius at sea level. ")), (2, char_cite("The sky is blue. "))],
    )
    s.text_block(4, ["."])
    s.message_delta("end_turn", {"output_tokens": 58})
    s.message_stop()
    sample(
        "citations",
        "Document citations: text blocks carrying citations_delta with char_location citations (two on one block).",
        "complete",
        {
            "model": SONNET,
            "max_tokens": 1024,
            "messages": user(
                [
                    {
                        "type": "document",
                        "source": {"type": "text", "media_type": "text/plain", "data": document},
                        "title": "Basic facts",
                        "citations": {"enabled": True},
                    },
                    {"type": "text", "text": "What colour is the grass and when does water boil? Cite the document."},
                ]
            ),
        },
        s.text(),
    )


def unicode_sample() -> None:
    # Deltas cut between the parts of grapheme clusters: inside ZWJ sequences, between a letter and
    # its combining mark, between regional indicators, between an emoji and its skin-tone modifier.
    pieces = [
        "Dev team: \U0001F469",
        "\u200D\U0001F4BB and \U0001F468\u200D\U0001F469\u200D",
        "\U0001F467\u200D\U0001F466 family. Flags: \U0001F1EF",
        "\U0001F1F5 \U0001F1EB\U0001F1F7. Thumbs: \U0001F44D",
        "\U0001F3FD. 日本語の",
        "テキストと中文字符，한국어. Cafe",
        "\u0301 and man\u0303",
        "ana, Z\u0351\u0313a\u0310\u030Clgo. Math: \U0001D49C ≠ ∅; ",
        "arrows ← → and a snowman ☃\uFE0F.",
    ]
    s = Stream()
    s.message_start("msg_01UnicodeZwJ5Cjk7Mark9Split", HAIKU, start_usage(31))
    s.thinking_block(0, ["Mixing scripts: ", "漢字", " + emoji \U0001F9D1\u200D", "\U0001F52C."], "EqUBCkYIBxgCKkDUnicodeSig")
    s.text_block(1, pieces)
    s.message_delta("end_turn", {"output_tokens": 77})
    s.message_stop()
    sample(
        "unicode",
        "Emoji with ZWJ sequences, flags, skin tones, CJK and Hangul, combining marks, astral math letters, each split across deltas mid-grapheme.",
        "complete",
        {
            "model": HAIKU,
            "max_tokens": 1024,
            "thinking": {"type": "enabled", "budget_tokens": 1024},
            "messages": user("Show me some tricky Unicode."),
        },
        s.text(),
    )


def error_midstream() -> None:
    s = Stream()
    s.message_start("msg_01Er4oRmIdStReAm8Ov3rLd", OPUS, start_usage(1340, 0, 0, 1))
    s.block_start(0, {"type": "text", "text": ""})
    for piece in ["The three", " main causes", " of the", " French Revolution"]:
        s.delta(0, {"type": "text_delta", "text": piece})
    s.add("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
    sample(
        "error_midstream",
        "HTTP 200 stream that sends an overloaded_error event after some text deltas; no content_block_stop, no message_stop.",
        "error_event",
        {"model": OPUS, "max_tokens": 2048, "messages": user("What were the main causes of the French Revolution?")},
        s.text(),
    )


def cut_before_stop() -> None:
    s = Stream()
    s.message_start("msg_01CutBeforeStop4Trunc8d", SONNET, start_usage(210))
    s.block_start(0, {"type": "text", "text": ""})
    for piece in ["Streaming", " connections", " can break", " at any"]:
        s.delta(0, {"type": "text_delta", "text": piece})
    whole = frame("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": " moment."}})
    s.raw(whole[: whole.index("text_delta") + 4])
    sample(
        "cut_before_stop",
        "Connection lost mid-event: the body ends inside a content_block_delta data line (no line end, no blank line).",
        "truncated",
        {"model": SONNET, "max_tokens": 1024, "messages": user("Tell me about streaming failures.")},
        s.text(),
    )


def pings() -> None:
    s = Stream()
    s.ping()
    s.ping()
    s.message_start("msg_01PingPingPing3Keepalive", SONNET, start_usage(18))
    s.ping()
    s.block_start(0, {"type": "text", "text": ""})
    s.delta(0, {"type": "text_delta", "text": "Still"})
    s.ping()
    s.ping()
    s.delta(0, {"type": "text_delta", "text": " here."})
    s.block_stop(0)
    s.ping()
    s.message_delta("end_turn", {"output_tokens": 6})
    s.ping()
    s.message_stop()
    sample(
        "pings",
        "Keep-alive ping events everywhere, including two before message_start and one between message_delta and message_stop.",
        "complete",
        {"model": SONNET, "max_tokens": 256, "messages": user("Are you there?")},
        s.text(),
    )


def unknown_event() -> None:
    s = Stream()
    s.message_start("msg_01UnknownEventsKept2Xy", SONNET, start_usage(40))
    s.add("message_annotation", {"type": "message_annotation", "annotation": {"kind": "experiment", "value": 7}})
    s.block_start(0, {"type": "text", "text": ""})
    s.delta(0, {"type": "text_delta", "text": "Known text"})
    s.delta(0, {"type": "sparkle_delta", "sparkle": "\u2728", "intensity": 0.5})
    s.delta(0, {"type": "text_delta", "text": " continues."})
    s.block_stop(0)
    s.add("model_status", {"type": "model_status", "status": "warm"})
    s.message_delta("end_turn", {"output_tokens": 9})
    s.message_stop()
    sample(
        "unknown_event",
        "Event types (message_annotation, model_status) and a delta type (sparkle_delta) not known today: kept verbatim, ignored by the SDK.",
        "complete",
        {"model": SONNET, "max_tokens": 256, "messages": user("Say something.")},
        s.text(),
    )


def max_tokens() -> None:
    s = Stream()
    s.message_start("msg_01MaxTokensStop5Cut1Sent", HAIKU, start_usage(22))
    s.text_block(0, ["Once upon", " a time, in", " a land far", " away, there"])
    s.message_delta("max_tokens", {"output_tokens": 16})
    s.message_stop()
    sample(
        "max_tokens",
        "Complete stream whose answer stops mid-sentence with stop_reason max_tokens.",
        "complete",
        {"model": HAIKU, "max_tokens": 16, "messages": user("Tell me a long story.")},
        s.text(),
    )


def long_session() -> None:
    rng = random.Random(2026)
    words = (
        "the recorder keeps every byte of the stream so a failed answer can be replayed event by event "
        "while thinking text and tool input assemble side by side and nothing is lost when the network "
        "breaks halfway through a long response"
    ).split()
    s = Stream()
    s.message_start("msg_01LongSession5000Events", OPUS, start_usage(18230, 1024, 40960, 1))
    s.block_start(0, {"type": "thinking", "thinking": "", "signature": ""})
    for n in range(1500):
        s.delta(0, {"type": "thinking_delta", "thinking": " ".join(rng.choice(words) for _ in range(rng.randint(1, 4))) + " "})
        if n % 250 == 249:
            s.ping()
    s.delta(0, {"type": "signature_delta", "signature": "EqQBCgIYAhIMLongSessionSignature" + "A" * 64})
    s.block_stop(0)
    s.block_start(1, {"type": "text", "text": ""})
    for n in range(3000):
        piece = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        if n % 40 == 39:
            piece += ".\n\n"
        else:
            piece += " "
        s.delta(1, {"type": "text_delta", "text": piece})
        if n % 500 == 499:
            s.ping()
    s.block_stop(1)
    tool_input = json.dumps(
        {"entries": [{"id": n, "label": f"entry {n} \u00e9t\u00e9", "weight": round(rng.random() * 100, 3)} for n in range(120)]},
        ensure_ascii=True,
    )
    s.tool_block(2, "tool_use", "toolu_01LongSessionToolCall9", "store_entries", [""] + split_random(tool_input, rng, 1, 9))
    s.message_delta(
        "tool_use",
        {"input_tokens": 18230, "cache_creation_input_tokens": 1024, "cache_read_input_tokens": 40960, "output_tokens": 14873},
    )
    s.message_stop()
    assert s.count >= 5000, s.count
    sample(
        "long_session",
        f"{s.count} events: 1,500 thinking deltas, 3,000 text deltas, a tool_use input in ~1,000 fragments, pings.",
        "complete",
        {
            "model": OPUS,
            "max_tokens": 32000,
            "thinking": {"type": "enabled", "budget_tokens": 16000},
            "tools": [
                {
                    "name": "store_entries",
                    "description": "Store a list of entries",
                    "input_schema": {"type": "object", "properties": {"entries": {"type": "array"}}},
                }
            ],
            "messages": user("Think at length, write an essay, then store the entries."),
        },
        s.text(),
    )


def crlf_comments() -> None:
    s = Stream()
    s.raw(": connected\n\n")
    s.message_start("msg_01CrLfComments7Proxy2Hop", SONNET, start_usage(30))
    s.raw(": keep-alive from an intermediary\n")
    s.block_start(0, {"type": "text", "text": ""})
    s.delta(0, {"type": "text_delta", "text": "Line ends"})
    s.raw(":\n")
    s.delta(0, {"type": "text_delta", "text": " are CRLF here."})
    s.block_stop(0)
    s.message_delta("end_turn", {"output_tokens": 7})
    s.raw(": bye\n")
    s.message_stop()
    sample(
        "crlf_comments",
        "CRLF line ends throughout (as some proxies rewrite them) with ':' comment lines between and inside events.",
        "complete",
        {"model": SONNET, "max_tokens": 256, "messages": user("Hi through a proxy")},
        s.text().replace("\n", "\r\n"),
    )


def main() -> None:
    for build in [
        text_basic,
        thinking_text,
        tool_use_single,
        tool_use_parallel,
        server_tool_web_search,
        redacted_thinking,
        citations,
        unicode_sample,
        error_midstream,
        cut_before_stop,
        pings,
        unknown_event,
        max_tokens,
        long_session,
        crlf_comments,
    ]:
        build()

    manifest = []
    for name, (description, outcome, request, body) in SAMPLES_OUT.items():
        (SAMPLES / f"{name}.sse").write_bytes(body.encode("utf-8"))
        (SAMPLES / f"{name}.request.json").write_text(
            json.dumps(request, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        manifest.append(
            {
                "name": name,
                "description": description,
                "complete": outcome == "complete",
                "outcome": outcome,
            }
        )
    (SAMPLES / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(manifest)} samples to {SAMPLES}")


if __name__ == "__main__":
    main()
