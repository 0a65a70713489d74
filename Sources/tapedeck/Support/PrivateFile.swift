import Foundation

/// Writes export files readable by their owner only (0600, like the database), whole or not at all:
/// exports hold prompts and answers, so they must not be world-readable even for an instant.
enum PrivateFile {
    /// Writes `bytes` to `path` through a 0600 temporary file in the same directory and a rename.
    static func write(_ bytes: [UInt8], to path: String) throws(PrivateFileError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw PrivateFileError(
                path: path, reason: "it is a directory; give a file name inside it")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PrivateFileError(path: path, reason: "the directory \(parent) does not exist")
        }
        var template = Array((parent + "/.tapedeck-export-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)  // mkstemp creates the file 0600
        guard descriptor >= 0 else { throw PrivateFileError(path: path, reason: Self.lastError()) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        var failure: String?
        do {
            try handle.write(contentsOf: Data(bytes))
            try handle.synchronize()
        } catch {
            failure = error.localizedDescription
        }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 { failure = Self.lastError() }
        if let failure {
            unlink(temporary)
            throw PrivateFileError(path: path, reason: failure)
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// Why an export file could not be written, in words.
struct PrivateFileError: Error {
    /// The file asked for.
    var path: String
    /// What is wrong.
    var reason: String
}
