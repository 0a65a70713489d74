import Foundation

/// The package's own files (Samples, fixtures, scripts), found from this source file's path so tests and benches
/// read them wherever they are started from.
public enum Repository {
    /// The package root: the directory holding Package.swift.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The recorded sessions people replay at once (and every golden test reads).
    public static let samples = root.appendingPathComponent("Samples")

    /// A file or directory under the package root, by its relative path.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }
}
