import TapedeckCore

/// `export SESSION --format json`: the session as one object: its metadata and figures, the message list as the
/// API would see it at the end (the main thread's last request messages plus its answer), and every turn's timing.
public enum SessionJSONExporter {
    /// The object, pretty-printed, followed by a newline.
    public static func export(_ session: RecordedSession) -> String {
        object(session).serialized(pretty: true) + "\n"
    }

    /// The object as a JSON value.
    public static func object(_ session: RecordedSession) -> JSONValue {
        var object = SessionJSON.summary(session)
        let finalIndex = SessionTranscript.finalExchangeIndex(session)
        if let finalIndex {
            let exchange = session.exchanges[finalIndex]
            let request = try? JSONValue.parse(bytes: exchange.summary.requestBody)
            object["final_exchange"] = .object([
                "id": .string(exchange.summary.id),
                "outcome": .string(exchange.summary.outcome.rawValue),
                "stop_reason": exchange.summary.stopReason.map(JSONValue.string) ?? .null,
            ])
            object["model"] = request?["model"] ?? exchange.summary.model.map(JSONValue.string) ?? .null
            if let system = request?["system"] { object["system"] = system }
        } else {
            object["final_exchange"] = .null
        }
        object["messages"] = .array(SessionTranscript.finalMessages(session))
        object["turns"] = .array(SessionTurnFacts.all(session).map { SessionJSON.turn($0, withInput: false) })
        return .object(object)
    }
}
