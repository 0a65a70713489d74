import ArgumentParser
import Foundation

/// The output formats of `tapedeck inspect`.
enum InspectFormat: String, ExpressibleByArgument, CaseIterable {
    /// Outcome, stop reason, usage, blocks and diagnostics.
    case summary
    /// The assembled message, pretty-printed.
    case json
    /// One JSON line per event.
    case events
}

/// Reads the file `tapedeck inspect` was given, failing with a sentence that names the path.
enum InspectInput {
    /// The file's bytes, or an error that says which path and why.
    static func read(path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InspectInputError("cannot read \(path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw InspectInputError("cannot read \(path): it is a directory; give an .sse file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw InspectInputError("cannot read \(path): permission denied")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InspectInputError("cannot read \(path): \(error.localizedDescription)")
        }
    }
}

/// Why `tapedeck inspect` could not read its file (printed as "Error: cannot read PATH: reason").
struct InspectInputError: Error, CustomStringConvertible {
    /// The sentence shown to the user.
    let description: String

    init(_ description: String) { self.description = description }
}
