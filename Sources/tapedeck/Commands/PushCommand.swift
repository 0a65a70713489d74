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
            Copies every session and exchange of FILE that the target does not hold yet, keeping their ids, \
            sessions, threads and turns. Ids are global, so pushing the same file twice adds nothing; an id the \
            target holds with different content is a conflict: reported, never overwritten. An exchange the \
            target holds unfinished that FILE carries on (a recorder's spool, written while the server was away \
            mid-stream) is continued: its missing events are added by sequence number and its row takes FILE's \
            final state.

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
            let continued =
                report.continued == 0
                ? "" : " Continued \(report.continued) unfinished exchange(s) with \(report.continuedEvents) event(s)."
            print(
                "Pushed \(report.added) exchange(s) from \(source.location) to \(destination.location); "
                    + "\(report.alreadyThere) already there." + continued)
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
