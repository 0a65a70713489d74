/// Best-effort reading of a JSON prefix, for showing a tool's input while its `input_json_delta`s stream in.
///
/// The Messages API sends tool input as fragments cut anywhere (inside a key, an escape, a number);
/// it is valid JSON only at `content_block_stop`. `parse` never throws: it returns what the prefix
/// already says, closing open strings (a dangling `\` or partial `\u` escape is dropped), dropping a
/// partial key, a dangling `:` or `,` and a lone `-`, keeping the whole part of an unfinished number
/// (`1.` → 1, `2.5e` → 2.5), completing an unfinished literal (`tru` → `true`), and closing arrays and
/// objects. The `.pythonSDK` mode instead drops unfinished strings, numbers and literals.
public enum PartialJSON {
    /// What to do with a string or literal cut off by the end of the prefix.
    public enum Mode: Sendable, Hashable {
        /// Close strings and complete literals: the most informative view for a person.
        case display
        /// Drop them, as the Python SDK's `jiter.from_json(partial_mode=True)` does; used where tapedeck must
        /// agree with the SDK's partial message.
        case pythonSDK
    }

    /// Reads `prefix` as far as it goes; `.complete` when it is a whole JSON text, `.incomplete` when it is
    /// cut off (value nil when nothing usable was read yet, e.g. the empty string), `.invalid` when no
    /// continuation could make it valid.
    public static func parse(_ prefix: String, mode: Mode = .display) -> PartialJSONResult {
        let readerMode: JSONReader.Mode = mode == .display ? .partialClosing : .partialDropping
        let result = prefix.utf8.withContiguousStorageIfAvailable { read($0, mode: readerMode) }
        return result ?? Array(prefix.utf8).withUnsafeBufferPointer { read($0, mode: readerMode) }
    }

    private static func read(_ buffer: UnsafeBufferPointer<UInt8>, mode: JSONReader.Mode) -> PartialJSONResult {
        var reader = JSONReader(bytes: buffer, mode: mode)
        do {
            let value = try reader.readDocument()
            return PartialJSONResult(value: value, state: reader.reachedEnd ? .incomplete : .complete)
        } catch {
            return PartialJSONResult(value: nil, state: .invalid(error.description))
        }
    }
}

/// What `PartialJSON.parse` could make of a prefix.
public struct PartialJSONResult: Sendable, Hashable {
    /// Whether the prefix was whole, cut off, or beyond repair.
    public enum State: Sendable, Hashable {
        /// A whole JSON text.
        case complete
        /// Cut off; `value` is the best-effort completion.
        case incomplete
        /// Not JSON whatever follows; the reason names the byte offset.
        case invalid(String)
    }

    /// The completed value; nil when nothing usable was read or the prefix is invalid.
    public var value: JSONValue?
    /// Whole, cut off, or invalid.
    public var state: State

    /// Creates a result.
    public init(value: JSONValue?, state: State) {
        self.value = value
        self.state = state
    }
}
