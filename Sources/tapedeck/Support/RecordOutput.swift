import Foundation
import TapedeckCore
import TapedeckProxy

/// `record`'s stderr lines: a banner, notes and one line per finished exchange (stdout stays the child's).
enum RecordOutput {
    /// Writes `tapedeck: <text>` to stderr.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data("tapedeck: \(text)\n".utf8))
    }

    /// One line for a finished exchange, e.g. `3f2a1b9c0d POST /v1/messages 200 complete 1.23 s`; a recording
    /// that lost bytes says so on the same line, with the count and the exchange's note.
    static func exchange(_ summary: ExchangeSummary) {
        let status = summary.status.map(String.init) ?? "---"
        let seconds = summary.durationNanos.map { String(format: "%.2f s", Double($0) / 1e9) } ?? ""
        var line = "\(summary.id) \(summary.method) \(summary.path) \(status) \(summary.outcome.rawValue) \(seconds)"
        if summary.recordingLostSomething {
            line += " — \(summary.droppedEvents) event(s) not recorded: \(summary.note ?? "")"
        }
        note(line)
    }
}
