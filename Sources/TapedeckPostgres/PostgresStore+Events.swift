import PostgresNIO
import TapedeckCore
import TapedeckStore

extension PostgresStore {
    /// Events at or above this expected count are read in `eventLoadParts` sequence ranges at once, on
    /// connections of their own: the server scans and the client decodes the parts in parallel.
    static let splitEventLoadAt = 20_000
    /// How many ranges a long exchange's events are read in (this machine's two cores).
    static let eventLoadParts = 2

    /// The events of exchange `exchangeID` in sequence order; `expectedCount` (the row's `event_count`, 0 when
    /// unknown) only chooses how to read them: the last range is open-ended, so a wrong count loses nothing.
    func events(exchangeID: String, expectedCount: Int) async throws(StoreError) -> [RecordedEvent] {
        let operation = "reading events of \(exchangeID)"
        guard expectedCount >= Self.splitEventLoadAt else {
            return try await eventRange(exchangeID, from: 0, below: nil, operation)
        }
        let step = expectedCount / Self.eventLoadParts
        let starts = (0..<Self.eventLoadParts).map { $0 * step }
        do {
            return try await withThrowingTaskGroup(of: (Int, [RecordedEvent]).self) { group in
                for (part, start) in starts.enumerated() {
                    let end = part + 1 < starts.count ? starts[part + 1] : nil
                    group.addTask { (part, try await self.eventRange(exchangeID, from: start, below: end, operation)) }
                }
                var parts = [[RecordedEvent]](repeating: [], count: starts.count)
                for try await (part, events) in group { parts[part] = events }
                var events: [RecordedEvent] = []
                events.reserveCapacity(parts.reduce(0) { $0 + $1.count })
                for part in parts { events.append(contentsOf: part) }
                return events
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw PostgresErrorText.storeError(error, location: location, operation: operation)
        }
    }

    /// One page: at most `limit` events of exchange `exchangeID` with sequence number `sequence` or more, in order.
    public func events(exchangeID: String, fromSequence sequence: Int, limit: Int) async throws(StoreError)
        -> [RecordedEvent]
    {
        let query: PostgresQuery = """
            SELECT seq, offset_ns, type, data, raw FROM events
            WHERE exchange_id = \(exchangeID) AND seq >= \(Int32(clamping: sequence))
            ORDER BY seq LIMIT \(Int64(max(0, limit)))
            """
        return try await events(query, "reading events of \(exchangeID) from \(sequence)")
    }

    /// Events of `exchangeID` with `from <= seq < below` (no upper bound when nil), decoded as the rows arrive.
    private func eventRange(_ exchangeID: String, from: Int, below: Int?, _ operation: String)
        async throws(StoreError) -> [RecordedEvent]
    {
        let lower = Int32(clamping: from)
        let query: PostgresQuery =
            if let below {
                """
                SELECT seq, offset_ns, type, data, raw FROM events
                WHERE exchange_id = \(exchangeID) AND seq >= \(lower) AND seq < \(Int32(clamping: below)) ORDER BY seq
                """
            } else {
                """
                SELECT seq, offset_ns, type, data, raw FROM events
                WHERE exchange_id = \(exchangeID) AND seq >= \(lower) ORDER BY seq
                """
            }
        return try await events(query, operation)
    }

    /// The events `query` selects (`seq, offset_ns, type, data, raw` rows), decoded as the rows arrive.
    private func events(_ query: PostgresQuery, _ operation: String) async throws(StoreError) -> [RecordedEvent] {
        do {
            var events: [RecordedEvent] = []
            let rows = try await client.query(query, logger: PostgresSettings.logger)
            for try await (sequence, offset, type, data, raw) in rows.decode(
                (Int32, Int64, String, String, ByteBuffer).self)
            {
                events.append(
                    RecordedEvent(
                        sequence: Int(sequence), offsetNanos: offset, type: type, data: data,
                        raw: Array(raw.readableBytesView)))
            }
            return events
        } catch {
            throw PostgresErrorText.storeError(error, location: location, operation: operation)
        }
    }
}
