import PostgresNIO
import TapedeckStore

extension PostgresStore {
    /// Deletes every exchange that started before `cutoffNanos`: the events of whole days before it go by
    /// dropping their partitions (no row-by-row delete), the rest row by row; sessions left
    /// without exchanges go too. One transaction.
    public func prune(olderThanNanos cutoffNanos: Int64) async throws(StoreError) -> PruneResult {
        let cutoffDay = PostgresSchema.day(ofNanos: cutoffNanos)
        let result = try await write("pruning exchanges") { _, connection -> PruneResult in
            let partitions = try connection.query(
                """
                SELECT child.relname FROM pg_inherits
                JOIN pg_class child ON child.oid = pg_inherits.inhrelid
                JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
                WHERE parent.relname = 'events' AND parent.relnamespace = to_regnamespace(current_schema())
                """
            ).map { try $0.decode(String.self) }
            // A partition holds one day; it goes whole when that day ended at or before the cutoff's day began.
            let old = partitions.filter { name in
                name.hasPrefix("events_") && name.count == 15
                    && String(name.dropFirst(7)) < cutoffDay.filter { $0 != "-" }
            }
            for name in old { try connection.query("DROP TABLE \(unescaped: name)") }
            try connection.query(
                """
                UPDATE exchanges SET retry_of = NULL
                WHERE retry_of IN (SELECT id FROM exchanges WHERE started_at_ns < \(cutoffNanos))
                """)
            // The events left in the cut-off day's partition (no foreign key cascades, see migration v3).
            try connection.query(
                """
                DELETE FROM events WHERE day <= \(cutoffDay)::date
                  AND exchange_id IN (SELECT id FROM exchanges WHERE started_at_ns < \(cutoffNanos))
                """)
            let exchanges = try connection.query("DELETE FROM exchanges WHERE started_at_ns < \(cutoffNanos)")
            let sessions = try connection.query(
                "DELETE FROM sessions WHERE NOT EXISTS (SELECT 1 FROM exchanges WHERE session_id = sessions.id)")
            return PruneResult(
                exchanges: exchanges.metadata.rows ?? 0, sessions: sessions.metadata.rows ?? 0,
                droppedPartitions: old.count)
        }
        partitions.reset()
        return result
    }
}

extension PostgresStore {
    /// Bytes on disk of every events partition with its indexes and TOAST (for capacity figures).
    package func eventsStorageBytes() async throws(StoreError) -> Int {
        let found = try await rows(
            """
            SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0)::int8 FROM pg_inherits
            WHERE inhparent = 'events'::regclass
            """, "measuring the events partitions")
        return Int(try decode(found) { try $0.decode(Int64.self) }.first ?? 0)
    }
}
