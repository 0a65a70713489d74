import Foundation

/// An explicit session identity carried by a request or given to the recorder: the same key is the same session,
/// whichever proxy or recorder saw it.
public struct SessionKey: Sendable, Hashable {
    /// The stored key, e.g. "claude-code:1b6f…" or "record:nightly".
    public var value: String
    /// The rule the key came from.
    public var grouping: SessionGrouping

    /// Creates a key.
    public init(value: String, grouping: SessionGrouping) {
        self.value = value
        self.grouping = grouping
    }

    /// The key for `record --session NAME`.
    public static func recordName(_ name: String) -> SessionKey {
        SessionKey(value: "record:" + name, grouping: .record)
    }

    /// The key of one `record -- COMMAND` run.
    public static func recordRun(_ runID: String) -> SessionKey {
        SessionKey(value: "run:" + runID, grouping: .record)
    }

    /// The key a Claude Code request names, by the header first, then `metadata.user_id` in its body (`nil`
    /// when it names none). Both map a Claude Code session id to the same key, so a session whose requests
    /// switch from one form to the other stays whole.
    public static func carried(by headers: [HeaderField], body: JSONValue?) -> SessionKey? {
        for field in headers where field.name.lowercased() == "x-claude-code-session-id" {
            let id = field.value.trimmingCharacters(in: .whitespaces)
            if !id.isEmpty { return SessionKey(value: "claude-code:" + id, grouping: .claudeCodeHeader) }
        }
        guard let userID = body?["metadata"]?["user_id"]?.stringValue,
            let id = claudeCodeSessionID(inUserID: userID)
        else { return nil }
        return SessionKey(value: "claude-code:" + id, grouping: .metadataUserID)
    }

    /// The session id inside a `metadata.user_id`: a JSON string with `"session_id"` (Claude Code 2.1.78 and
    /// later), or `user_<hash>_account_<uuid>_session_<uuid>` (earlier versions).
    static func claudeCodeSessionID(inUserID userID: String) -> String? {
        if userID.first == "{", let object = try? JSONValue.parse(userID),
            let id = object["session_id"]?.stringValue, !id.isEmpty
        {
            return id
        }
        // The last "_session_", searched in the UTF-8 bytes (Foundation's `range(of:options:)` went through
        // CFString for every exchange the recorder grouped); the marker is ASCII, so the rest is whole UTF-8.
        let bytes = Array(userID.utf8)
        let marker = Array("_session_".utf8)
        var start = bytes.count - marker.count
        while start >= 0 {
            if bytes[start..<(start + marker.count)].elementsEqual(marker) {
                let id = bytes[(start + marker.count)...]
                return id.isEmpty ? nil : String(decoding: id, as: UTF8.self)
            }
            start -= 1
        }
        return nil
    }
}
