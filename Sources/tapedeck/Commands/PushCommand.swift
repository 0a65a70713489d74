import ArgumentParser
import Foundation
import TapedeckCore
import TapedeckExport
import TapedeckStore

/// Upload recordings made offline (or a spool) into a team server; running it again adds nothing.
struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Upload the sessions of a local SQLite file into another store (a team PostgreSQL server).",
        discussion: """
            Copies every session and exchange of FILE that the target does not hold yet, keeping their ids, \\
            sessions, threads and turns. Ids are global, so pushing the same file twice adds nothing; an id the \\
            target holds with different content is a conflict: reported, never overwritten.

            Example:
              tapedeck push laptop.sqlite --to postgres://tapedeck@db.internal:5432/tapedeck
            """
    )

    @Argument(help: ArgumentHelp("The SQLite file to upload.", valueName: "file"))
    var file: String

    @Option(
        name: .customLong("to"),
        help: ArgumentHelp("Where to upload: a postgres:// URL (or another SQLite file).", valueName: "url"))
    var target: String

    func run() async throws {
        let source = try await StoreOpening.forReading(file)
        let destination = try await StoreOpening.forWriting(target)
        do {
            let report = try await StorePush.push(from: source, to: destination)
            print(
                "Pushed \(report.added) exchange(s) from \(source.location) to \(destination.location); "
                    + "\(report.alreadyThere) already there.")
            if !report.conflicts.isEmpty {
                throw CommandFailure(
                    "\(report.conflicts.count) exchange(s) are stored in \(destination.location) with different "
                        + "content and were not overwritten: " + report.conflicts.prefix(10).joined(separator: ", "))
            }
        } catch let error as StoreError {
            throw CommandFailure(error.description)
        }
    }
}

/// Copying recordings between stores without duplicating or overwriting: what `push` (and a spool's upload) does.
enum StorePush {
    /// What one push did.
    struct Report {
        /// Exchanges copied.
        var added = 0
        /// Exchanges the target held already, with the same content.
        var alreadyThere = 0
        /// Ids the target holds with different content (left as they were).
        var conflicts: [String] = []
    }

    /// Copies what `target` lacks of `source`, session by session (each all or nothing).
    static func push(from source: any RecordingStore, to target: any RecordingStore) async throws(StoreError)
        -> Report
    {
        var report = Report()
        for listing in try await source.sessions(ExchangeFilter(order: .oldestFirst)) {
            let session = try await source.loadSession(id: listing.summary.id, requestBodiesOnDemand: false)
            var missing: [RecordedExchange] = []
            for exchange in session.exchanges {
                if let stored = try await target.exchange(id: exchange.summary.id) {
                    if StoreImport.isSameRecording(stored, exchange.summary) {
                        report.alreadyThere += 1
                    } else {
                        report.conflicts.append(exchange.summary.id)
                    }
                } else {
                    missing.append(exchange)
                }
            }
            guard !missing.isEmpty else { continue }
            if try await target.session(id: session.summary.id) == nil {
                try await target.insert(session: RecordedSession(summary: session.summary, exchanges: missing))
            } else {
                try await target.insert(missing)
            }
            report.added += missing.count
        }
        // Exchanges that belong to no session yet (a recorder stopped before grouping them): grouped on arrival.
        let ungrouped = try await source.exchanges(ExchangeFilter(order: .oldestFirst)).filter { $0.sessionID == nil }
        var fresh: [RecordedExchange] = []
        for summary in ungrouped {
            if let stored = try await target.exchange(id: summary.id) {
                if StoreImport.isSameRecording(stored, summary) {
                    report.alreadyThere += 1
                } else {
                    report.conflicts.append(summary.id)
                }
            } else {
                fresh.append(try await source.loadExchange(id: summary.id))
            }
        }
        if !fresh.isEmpty { try await target.insert(fresh) }
        report.added += fresh.count
        return report
    }
}
