import Foundation

/// A fresh, empty directory for one test's files, so tests never share a database or an output file.
public func makeTemporaryDirectory(_ prefix: String = "tapedeck-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
