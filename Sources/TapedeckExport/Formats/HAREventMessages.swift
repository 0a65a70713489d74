import TapedeckCore

/// Per-event arrival times in HAR, which has one `timings` block per entry and nothing per event.
///
/// An entry gets `_eventSourceMessages` (HAR 1.2 allows custom fields that start with an underscore): one object per
/// SSE event with the field names of Chrome DevTools' event-source messages (`time`, `eventName`, `data`; Chrome
/// writes the same shape with `type`/`opcode` as `_webSocketMessages`). `time` is the arrival of the event's last
/// byte in seconds since the Unix epoch, as Chrome writes it, but with all nine decimals (tapedeck keeps a number's
/// literal text, so the nanoseconds survive). The entry's `startedDateTime` carries nine decimals too when the start
/// is not on a whole millisecond, so time − start gives back each event's recorded offset exactly.
enum HAREventMessages {
    /// The custom field's name.
    static let field = "_eventSourceMessages"

    /// One message per event of `exchange`.
    static func messages(_ exchange: RecordedExchange) -> JSONValue {
        .array(
            exchange.events.map { event in
                .object([
                    "time": .number(seconds(nanos: exchange.summary.startedAtNanos + event.offsetNanos)),
                    "eventName": .string(event.type),
                    "data": .string(event.data),
                ])
            })
    }

    /// `startedDateTime`: milliseconds as browsers write it, nanoseconds when the start has them.
    static func startedDateTime(_ nanos: Int64) -> String {
        UTCTimestamp.format(nanos: nanos, fractionDigits: nanos % 1_000_000 == 0 ? 3 : 9)
    }

    /// Nanoseconds since the epoch as exact decimal seconds (`1795608000.2`, `1795608000.123456789`).
    static func seconds(nanos: Int64) -> JSONNumber {
        let magnitude = nanos.magnitude
        var text = (nanos < 0 ? "-" : "") + String(magnitude / 1_000_000_000)
        var fraction = String(magnitude % 1_000_000_000)
        if fraction != "0" {
            fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return JSONNumber(literal: text) ?? JSONNumber(nanos / 1_000_000_000)
    }

    /// The messages of an imported entry, read back as offsets from `startedAtNanos`; nil when the entry has none.
    static func read(_ entry: ObjectFields, startedAtNanos: Int64) throws(ImportError) -> [Message]? {
        guard let list = try entry.optionalArray(field) else { return nil }
        var messages: [Message] = []
        messages.reserveCapacity(list.count)
        for (position, value) in list.enumerated() {
            let message = try ObjectFields(
                value, file: entry.file, context: "\(entry.context), \(field) message \(position + 1)")
            let time = try message.value("time")
            guard let number = time.numberValue else {
                throw message.failure("\"time\" must be a number of seconds, found \(time.typeName)")
            }
            guard let nanos = number.rounded(scaledByPowerOfTen: 9), ImportLimits.startedAtNanos.contains(nanos) else {
                throw message.failure("\"time\" \(number.literal) is out of range (seconds from 1970 to 2200)")
            }
            let offset = nanos - startedAtNanos
            guard (0...ImportLimits.maxNanos).contains(offset) else {
                throw message.failure(
                    "\"time\" \(number.literal) is before the entry's startedDateTime or more than 31 years after it")
            }
            messages.append(
                Message(
                    offsetNanos: offset, eventName: try message.optionalString("eventName"),
                    eventID: try message.optionalString("eventId"), data: try message.optionalString("data") ?? ""))
        }
        return messages
    }

    /// One message read back.
    struct Message: Equatable {
        var offsetNanos: Int64
        var eventName: String?
        var eventID: String?
        var data: String
    }

    /// The SSE body the messages describe, for a HAR that has messages but no response text (Chrome keeps no body
    /// for an EventSource request).
    static func body(of messages: [Message]) -> [UInt8] {
        messages.reduce(into: [UInt8]()) { body, message in
            body += SSEWriter.encode(
                event: message.eventName == "message" ? nil : message.eventName, data: message.data,
                id: message.eventID.flatMap { $0.isEmpty ? nil : $0 })
        }
    }
}
