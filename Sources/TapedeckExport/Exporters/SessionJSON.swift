import TapedeckCore

/// JSON shapes shared by `show SESSION --json` and `export SESSION --format json`: the session row and figures,
/// one object per turn with its timing, and the anomalies.
public enum SessionJSON {
    /// The session's identity, with its figures as one nested object.
    public static func summary(_ session: RecordedSession) -> JSONObject {
        let summary = session.summary
        let figures = session.figures
        func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return [
            "id": .string(summary.id),
            "key": string(summary.key),
            "grouping": .string(summary.grouping.rawValue),
            "client": string(summary.client),
            "started_at": .string(UTCTimestamp.format(nanos: summary.startedAtNanos, fractionDigits: 3)),
            "last_at": .string(UTCTimestamp.format(nanos: summary.lastAtNanos, fractionDigits: 3)),
            "label": .string(figures.outcome.label),
            "figures": .object(figuresObject(figures)),
        ]
    }

    /// The figures of a session (counts, worst outcome, models, token sums, time split).
    static func figuresObject(_ figures: SessionFigures) -> JSONObject {
        func number(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
        return [
            "exchanges": number(figures.exchanges),
            "turns": number(figures.turns),
            "threads": number(figures.threads),
            "outcome": .string(figures.outcome.rawValue),
            "failed_exchanges": number(figures.failedExchanges),
            "models": .array(figures.models.map(JSONValue.string)),
            "input_tokens": number(figures.inputTokens),
            "output_tokens": number(figures.outputTokens),
            "cache_creation_input_tokens": number(figures.cacheCreationInputTokens),
            "cache_read_input_tokens": number(figures.cacheReadInputTokens),
            "wall_ms": ExchangeJSON.millis(figures.wallNanos),
            "model_ms": ExchangeJSON.millis(figures.modelNanos),
            "between_turns_ms": ExchangeJSON.millis(figures.betweenTurnsNanos),
        ]
    }

    /// One turn: its place in the session, what was new in its request, and how its exchange went.
    static func turn(_ facts: SessionTurnFacts, withInput: Bool) -> JSONValue {
        let summary = facts.summary
        func number(_ value: Int?) -> JSONValue { value.map { .number(JSONNumber($0)) } ?? .null }
        var object: JSONObject = [
            "exchange": .string(summary.id),
            "thread": number(facts.turn.thread),
            "turn": number(facts.turn.turn),
            "attempt": number(facts.turn.attempt),
            "retry_of": summary.retryOf.map(JSONValue.string) ?? .null,
            "started_at": .string(UTCTimestamp.format(nanos: summary.startedAtNanos, fractionDigits: 3)),
            "gap_before_ms": ExchangeJSON.millis(facts.turn.gapBeforeNanos),
            "model": summary.model.map(JSONValue.string) ?? .null,
            "status": number(summary.status),
            "outcome": .string(summary.outcome.rawValue),
            "stop_reason": summary.stopReason.map(JSONValue.string) ?? .null,
            "first_byte_ms": ExchangeJSON.millis(summary.firstByteNanos),
            "ttft_ms": ExchangeJSON.millis(summary.ttftNanos),
            "duration_ms": ExchangeJSON.millis(summary.durationNanos),
            "input_tokens": number(summary.inputTokens),
            "output_tokens": number(summary.outputTokens),
            "tool_calls": .array(facts.toolCalls.map(JSONValue.string)),
        ]
        if withInput { object["new_input"] = .array(facts.turn.newInput) }
        return .object(object)
    }

    /// One anomaly, with the thread and turn of its exchange.
    static func anomaly(_ anomaly: SessionAnomaly, in session: RecordedSession) -> JSONValue {
        let turn = session.turns[anomaly.turnIndex]
        return .object([
            "kind": .string(anomaly.kind.rawValue),
            "exchange": .string(anomaly.exchangeID),
            "thread": .number(JSONNumber(turn.thread)),
            "turn": .number(JSONNumber(turn.turn)),
            "attempt": .number(JSONNumber(turn.attempt)),
            "event": anomaly.isAtEnd || anomaly.position == 0 ? .null : .number(JSONNumber(anomaly.position)),
            "at_end": .bool(anomaly.isAtEnd),
            "message": .string(anomaly.message),
        ])
    }
}
