import GRDB

extension TapedeckStore {
    /// Deletes every exchange that started before `cutoffNanos`, its events (by the foreign key's cascade) and
    /// the sessions left without exchanges, in one transaction; later attempts of a deleted one keep theirs.
    public func prune(olderThanNanos cutoffNanos: Int64) throws(StoreError) -> PruneResult {
        try write("pruning exchanges") { db -> PruneResult in
            try db.execute(
                sql: """
                    UPDATE exchanges SET retry_of = NULL
                    WHERE retry_of IN (SELECT id FROM exchanges WHERE started_at_ns < ?)
                    """, arguments: [cutoffNanos])
            try db.execute(sql: "DELETE FROM exchanges WHERE started_at_ns < ?", arguments: [cutoffNanos])
            let exchanges = db.changesCount
            try db.execute(
                sql: "DELETE FROM sessions WHERE NOT EXISTS (SELECT 1 FROM exchanges WHERE session_id = sessions.id)")
            return PruneResult(exchanges: exchanges, sessions: db.changesCount)
        }
    }
}
