import ArgumentParser
import Foundation
import TapedeckStore

/// Recompute sessions for a whole file (one recorded before sessions existed, or after the rules improved).
struct RegroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regroup",
        abstract: "Recompute which session, thread and turn every exchange belongs to.",
        discussion: """
            Upgrades a file recorded by an earlier tapedeck in place (schema 1 had no sessions) and \\
            groups every exchange again with the recorder's rules: Claude Code's session id (header \\
            or metadata.user_id), then retries, then each conversation's messages followed from one \\
            request to the next. Sessions with an explicit key keep their ids; inferred sessions get \\
            new ones. Do not run it while `tapedeck record` writes to the same file.

            Example:
              tapedeck regroup --db old-recordings.sqlite
            """
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard StoreLocation.isServerURL(database.path) || FileManager.default.fileExists(atPath: database.path) else {
            throw CommandFailure(StoreOpening.noRecordingsMessage(database.path))
        }
        do {
            let store = try await StoreOpening.open(database.path)
            let sessions = try await store.regroup()
            let exchanges = try await store.exchangeCount(.all)
            print("Grouped \(exchanges) exchange(s) of \(store.location) into \(sessions) session(s).")
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
