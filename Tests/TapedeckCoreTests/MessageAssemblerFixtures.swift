import Testing

@testable import TapedeckCore

/// Builds SSE events from "type data" lines (what the fixtures below are written in).
func sseEvents(_ lines: String) -> [SSEEvent] {
    lines.split(separator: "\n").map { line in
        let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        return SSEEvent(event: String(parts[0]), data: parts.count > 1 ? String(parts[1]) : "")
    }
}

/// Applies `lines` to a new assembler.
func assemble(_ lines: String, finish: Bool = true, trailing: SSETrailingFragment? = nil) -> MessageAssembler {
    var assembler = MessageAssembler()
    for event in sseEvents(lines) { assembler.apply(event) }
    if finish { assembler.finish(trailing: trailing) }
    return assembler
}

enum AssemblerFixtures {
    static let messageStart =
        #"message_start {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":10,"output_tokens":1,"service_tier":"standard"}}}"#

    /// Thinking, cited text and a tool call whose input is split inside a string.
    static let fullStream = #"""
        message_start {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":10,"output_tokens":1,"service_tier":"standard"}}}
        content_block_start {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}
        ping {"type": "ping"}
        content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me "}}
        content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"think."}}
        content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}
        content_block_stop {"type":"content_block_stop","index":0}
        content_block_start {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}
        content_block_delta {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Checking the "}}
        content_block_delta {"type":"content_block_delta","index":1,"delta":{"type":"citations_delta","citation":{"type":"char_location","cited_text":"Paris","document_index":0,"document_title":null,"start_char_index":0,"end_char_index":5}}}
        content_block_delta {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"weather."}}
        content_block_stop {"type":"content_block_stop","index":1}
        content_block_start {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}}
        content_block_delta {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}
        content_block_delta {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"San Fra"}}
        content_block_delta {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"ncisco, CA\", \"unit\": \"celsius\", \"days\": 3.0}"}}
        content_block_stop {"type":"content_block_stop","index":2}
        message_delta {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}
        message_stop {"type":"message_stop"}
        """#

    /// What anthropic 2.14's `accumulate_event` + `to_dict()` gives for `fullStream`.
    static let fullStreamExpected =
        #"{"id": "msg_01", "content": [{"signature": "EqQBCgIYAhIM", "thinking": "Let me think.", "type": "thinking"}, {"citations": [{"cited_text": "Paris", "document_index": 0, "document_title": null, "end_char_index": 5, "start_char_index": 0, "type": "char_location"}], "text": "Checking the weather.", "type": "text"}, {"id": "toolu_01", "input": {"location": "San Francisco, CA", "unit": "celsius", "days": 3.0}, "name": "get_weather", "type": "tool_use"}], "model": "claude-sonnet-4-5", "role": "assistant", "stop_details": null, "stop_reason": "tool_use", "stop_sequence": null, "type": "message", "usage": {"cache_creation_input_tokens": 0, "cache_read_input_tokens": 10, "input_tokens": 25, "output_tokens": 89, "service_tier": "standard"}}"#
}
