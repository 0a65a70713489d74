import NIOConcurrencyHelpers

/// What the writers of one store know to exist, shared by its transactions so a batch asks the server nothing it
/// already answered: the events partitions (a missing one is created by the schema owner's
/// `tapedeck_events_partition`, under an advisory lock, so two writers create it once) and the partition day of
/// recent exchanges (each event row carries it for COPY).
final class PartitionCache: Sendable {
    private let known = NIOLockedValueBox<Set<String>>([])
    private let days = NIOLockedValueBox<[String: String]>([:])
    /// How many exchange days are kept before the oldest knowledge is dropped (each costs about 100 bytes).
    static let dayLimit = 50_000

    /// Whether the partition of `day` is known to exist.
    func contains(day: String) -> Bool { known.withLockedValue { $0.contains(day) } }

    /// Records that the partition of `day` exists.
    func insert(day: String) { known.withLockedValue { _ = $0.insert(day) } }

    /// The partition day of exchange `id`, if known.
    func day(ofExchange id: String) -> String? { days.withLockedValue { $0[id] } }

    /// Records that exchange `id` is stored, in the partition of `day`.
    func remember(exchange id: String, day: String) {
        days.withLockedValue { days in
            if days.count >= Self.dayLimit { days = [:] }
            days[id] = day
        }
    }

    /// Forgets everything (after a rolled-back transaction, or after `prune` dropped partitions).
    func reset() {
        known.withLockedValue { $0 = [] }
        days.withLockedValue { $0 = [:] }
    }
}
