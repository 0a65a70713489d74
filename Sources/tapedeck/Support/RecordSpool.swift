import Foundation
import TapedeckStore

/// The local spool of `record --db postgres://…` when the server cannot be reached at start: an SQLite file in
/// the working directory that takes the recording, uploaded (`StorePush`) when the recorder stops if the server
/// is back, else left for `tapedeck push` (and listed by `ls`).
struct RecordSpool {
    /// The spool file.
    let path: String
    /// The server it belongs to, as given (the password, if any, stays in memory).
    let server: String
    /// The server as messages show it.
    let shownServer: String

    /// File names of spools start with this.
    static let prefix = "tapedeck-spool-"

    /// A new spool file name in the working directory, e.g. `tapedeck-spool-20261202-143000-1a2b.sqlite`.
    static func newPath(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return prefix + formatter.string(from: now) + "-" + String(UUID().uuidString.prefix(4)).lowercased()
            + ".sqlite"
    }

    /// Spool files in `directory` (the working directory by default), oldest first.
    static func waiting(in directory: String = FileManager.default.currentDirectoryPath) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".sqlite") }.sorted()
    }

    /// After recording: uploads the spool when the server answers and removes it once everything is there;
    /// otherwise says what waits and how to upload it. Returns the line to show.
    func upload() async -> String {
        let target: any RecordingStore
        do {
            target = try await StoreOpening.open(server)
        } catch {
            return "the spool \(path) waits for \(shownServer) (\(error)); upload it with "
                + "`tapedeck push \(path) --to \(shownServer)`"
        }
        do {
            let source = try TapedeckStore(path: path, readOnly: true)
            let report = try await StorePush.push(from: source, to: target)
            try? await target.close()
            guard report.conflicts.isEmpty else {
                return "uploaded \(report.added) exchange(s) of the spool \(path) to \(shownServer); "
                    + "\(report.conflicts.count) conflict(s) kept it: \(report.conflicts.prefix(5).joined(separator: ", "))"
            }
            try source.close()
            for suffix in ["", "-wal", "-shm", "-lock"] where FileManager.default.fileExists(atPath: path + suffix) {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
            return "uploaded the spool \(path) to \(shownServer) (\(report.added) exchange(s)) and removed it"
        } catch {
            try? await target.close()
            return "could not upload the spool \(path) to \(shownServer) (\(error)); it is kept: "
                + "`tapedeck push \(path) --to \(shownServer)`"
        }
    }
}
