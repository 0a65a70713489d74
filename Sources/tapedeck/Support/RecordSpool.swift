import Foundation
import TapedeckExport
import TapedeckStore

/// A local spool of `record --db postgres://…`: an SQLite file in the working directory that takes the recording
/// while the server cannot be reached, at start (the whole run) or mid-run (from the batch that failed until the
/// server answers again); uploaded (`StorePush`) when the server is back or the recorder stops, else left for
/// `tapedeck push` (and listed by `ls` and the banner).
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
        switch await attemptUpload(.finish) {
        case .uploaded(let line), .kept(let line): return line
        case .serverAway(let reason):
            return "the spool \(path) waits for \(shownServer) (\(reason)); upload it with "
                + "`tapedeck push \(path) --to \(shownServer)`"
        }
    }

    /// Uploads the spool (`StorePush`: exchanges the server holds unfinished are continued) and, for `.finish`,
    /// removes it once everything is there; what came of it, as the mid-run recorder and the stop-time upload both
    /// need it. `.copySoFar` leaves the file to the recorder still writing into it.
    func attemptUpload(_ step: RecorderSpool.Step) async -> RecorderSpool.Upload {
        let target: any RecordingStore
        do {
            target = try await StoreOpening.open(server)
        } catch {
            return .serverAway("\(error)")
        }
        do {
            let report = try await StorePush.pushSpool(at: path, to: target, step: step)
            try? await target.close()
            let continued = report.continued == 0 ? "" : ", \(report.continued) continued"
            guard report.conflicts.isEmpty else {
                return .kept(
                    "uploaded \(report.added) exchange(s)\(continued) of the spool \(path) to \(shownServer); "
                        + "\(report.conflicts.count) conflict(s) kept it: "
                        + report.conflicts.prefix(5).joined(separator: ", "))
            }
            if step == .copySoFar {
                return .uploaded(
                    "copied \(report.added) exchange(s)\(continued) of the spool \(path) to \(shownServer)")
            }
            return .uploaded(
                "uploaded the spool \(path) to \(shownServer) (\(report.added) exchange(s)\(continued)) and removed it")
        } catch {
            try? await target.close()
            return .kept(
                "could not upload the spool \(path) to \(shownServer) (\(error)); it is kept: "
                    + "`tapedeck push \(path) --to \(shownServer)`")
        }
    }

    /// The spool a recorder into `server` writes while it cannot be reached mid-run: new files in the working
    /// directory, uploaded by `attemptUpload`.
    static func midRun(server: String, shownServer: String) -> RecorderSpool {
        RecorderSpool(
            newPath: { newPath() },
            upload: { path, step in
                await RecordSpool(path: path, server: server, shownServer: shownServer).attemptUpload(step)
            })
    }
}
