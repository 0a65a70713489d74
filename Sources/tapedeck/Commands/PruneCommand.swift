import ArgumentParser
import Foundation
import TapedeckStore

/// Delete old recordings, on either backend (on PostgreSQL whole days of events go by dropping partitions).
struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete exchanges that started before a cut-off, with their events.",
        discussion: """
            Deletes every exchange older than --older-than (a duration such as 30d, or a date), its events, \\
            and sessions left with no exchange. On PostgreSQL the events table is partitioned by day, so \\
            whole days are dropped rather than deleted row by row.

            Examples:
              tapedeck prune --older-than 30d
              tapedeck prune --older-than 2026-11-01 --db postgres://tapedeck@db.internal:5432/tapedeck
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(
        name: .customLong("older-than"),
        help: ArgumentHelp(
            "Delete what started before this span ago or this date (e.g. 30d, 2026-11-01).",
            valueName: "when"))
    var olderThan: String

    func validate() throws {
        guard DurationParsing.sinceNanos(olderThan) != nil else {
            throw ValidationError("--older-than \"\(olderThan)\" is not a time; \(DurationParsing.formatHelp).")
        }
    }

    func run() async throws {
        guard let cutoff = DurationParsing.sinceNanos(olderThan) else { return }
        let store = try await StoreOpening.forReadingAndWriting(database.path)
        do {
            let result = try await store.prune(olderThanNanos: cutoff)
            let partitions =
                result.droppedPartitions > 0 ? " (\(result.droppedPartitions) day partition(s) of events dropped)" : ""
            print(
                "Deleted \(result.exchanges) exchange(s) and \(result.sessions) emptied session(s) older than "
                    + "\(olderThan) from \(store.location)\(partitions).")
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
