import GRDB

/// One row of `tapedeck_meta`: the file's identity and schema version, readable from the sqlite3 shell.
struct MetaRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "tapedeck_meta"

    /// Setting name, e.g. "application" or "schema_version".
    var key: String
    /// Setting value.
    var value: String
}
