import GRDB

/// Holds the connection's page cache small while one large value is written: its pages then go out to the file
/// as they fill, instead of staying in memory (up to the writer's 32 MiB) beside the value being written.
enum SmallPageCache {
    /// The cache, in KiB, while a large value is written.
    static let kibibytes = 1024
    /// Values from this size on are written with the small cache.
    static let largeValueBytes = 1 << 20

    /// Runs `body` with the small cache when `bytes` is large (otherwise as it is), then restores the cache size.
    static func whileWriting<T>(bytes: Int, _ db: Database, _ body: () throws -> T) throws -> T {
        guard bytes >= largeValueBytes else { return try body() }
        let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -\(kibibytes)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(previous)") }
        return try body()
    }
}
