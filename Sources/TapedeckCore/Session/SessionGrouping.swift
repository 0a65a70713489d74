/// Which rule put an exchange's session together; shown in `ls` and `show` so a user knows how far to trust it.
public enum SessionGrouping: String, Sendable, Codable, CaseIterable, Hashable {
    /// The `X-Claude-Code-Session-Id` request header (Claude Code 2.1.86 and later).
    case claudeCodeHeader = "claude_code_header"
    /// The session id inside `metadata.user_id` of the request body (older Claude Code).
    case metadataUserID = "metadata_user_id"
    /// `record --session NAME`, or one run of `record -- COMMAND`.
    case record
    /// No id was sent: the request's messages continue an earlier exchange's conversation, or start a new one.
    case inferred
}
