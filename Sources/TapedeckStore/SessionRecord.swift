import GRDB
import TapedeckCore

/// One row of `sessions`; converts to and from the Core `SessionSummary`.
struct SessionRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "sessions"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: String
    var key: String?
    var groupedBy: String
    var client: String?
    var startedAtNs: Int64
    var lastAtNs: Int64

    /// The row for `summary`.
    init(_ summary: SessionSummary) {
        id = summary.id
        key = summary.key
        groupedBy = summary.grouping.rawValue
        client = summary.client
        startedAtNs = summary.startedAtNanos
        lastAtNs = summary.lastAtNanos
    }

    /// The Core value of this row (an unknown rule reads as `inferred`).
    var summary: SessionSummary {
        SessionSummary(
            id: id, key: key, grouping: SessionGrouping(rawValue: groupedBy) ?? .inferred, client: client,
            startedAtNanos: startedAtNs, lastAtNanos: lastAtNs)
    }
}
