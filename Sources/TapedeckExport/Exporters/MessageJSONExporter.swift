import TapedeckCore

/// `export --format json`: the assembled message in the API's shape (what the Python SDK's
/// `get_final_message().to_dict()` returns), pretty-printed; the same as `tapedeck inspect --format json`.
/// A non-streaming response exports its JSON body as it came.
public enum MessageJSONExporter {
    /// The message as pretty JSON followed by a newline.
    public static func export(_ exchange: RecordedExchange) -> String {
        message(exchange).serialized(pretty: true) + "\n"
    }

    /// The message as a JSON value.
    public static func message(_ exchange: RecordedExchange) -> JSONValue {
        if let body = ExchangeAssembly.plainBody(exchange) { return body }
        return ExchangeAssembly.assemble(exchange).messageJSON()
    }
}
