import Foundation

/// Where `show`, `stats` and `export` put what they produce: stdout, or a private file written whole.
enum OutputFile {
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
