import ArgumentParser
import Foundation
import TapedeckCore
import TapedeckStore

/// Opening the store and finding exchanges for `show`, `export` and `stats`, with errors that say what to do.
enum ShowExchangeLoading {
    /// The store at `path` for reading; a missing file is an error that says how to make one.
    static func openForReading(_ path: String) throws -> TapedeckStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(
                "No database at \(path): record an exchange first (`tapedeck record` or `tapedeck demo`), or pass --db."
            )
        }
        do {
            return try TapedeckStore(path: path, readOnly: true)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The whole exchange `reference` ("latest", an id or a unique prefix) means.
    static func load(_ reference: String, from store: TapedeckStore) throws -> RecordedExchange {
        do {
            let summary = try store.resolve(reference)
            return try store.loadExchange(id: summary.id)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// Parses `--outcome` values (repeatable, comma-separated; "failed" means every failure outcome).
    static func outcomeFilter(_ values: [String]) throws -> (outcomes: Set<ExchangeOutcome>?, failuresOnly: Bool) {
        var outcomes = Set<ExchangeOutcome>()
        var failuresOnly = false
        for value in values.flatMap({ $0.split(separator: ",") }) {
            let name = value.trimmingCharacters(in: .whitespaces).lowercased()
            if name == "failed" || name == "failure" {
                failuresOnly = true
            } else if let outcome = ExchangeOutcome(rawValue: name) {
                outcomes.insert(outcome)
            } else {
                let known = ExchangeOutcome.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("Unknown outcome \"\(name)\": use one of \(known), or failed.")
            }
        }
        return (outcomes.isEmpty ? nil : outcomes, failuresOnly)
    }

    /// `--since` as nanoseconds since the epoch.
    static func since(_ text: String?) throws -> Int64? {
        guard let text else { return nil }
        guard let nanos = DurationParsing.sinceNanos(text) else {
            throw ValidationError("Cannot read --since \(text): \(DurationParsing.formatHelp).")
        }
        return nanos
    }

    /// Writes `bytes` to `path` (via a temporary file and a rename, so a failed export never leaves half a
    /// file), or to stdout when `path` is nil or "-".
    static func write(_ bytes: [UInt8], to path: String?) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        do {
            try PrivateFile.write(bytes, to: path)
        } catch {
            throw CommandFailure("Cannot write \(path): \(error.reason).")
        }
    }
}
