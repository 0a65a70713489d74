import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File-level checks and creation done before SQLite touches a path, so a foreign file is never written to.
enum StoreFile {
    /// What is at the path before opening.
    enum State: Equatable {
        /// Nothing: a new store will be created.
        case missing
        /// A zero-length file (what SQLite itself treats as an empty database).
        case empty
        /// An SQLite file whose header carries tapedeck's application id.
        case tapedeck
    }

    /// Inspects the first 100 bytes (the SQLite header) of `path`; throws for anything that is not ours.
    static func inspect(_ path: String) throws(StoreError) -> State {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            if code == ENOENT { return .missing }
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw StoreError.cannotOpen(path: path, reason: "it is a directory, not a file")
        }
        if info.st_size == 0 { return .empty }
        var header = [UInt8](repeating: 0, count: 100)
        var filled = 0
        while filled < header.count {
            let count = header.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
        }
        let magic = Array("SQLite format 3".utf8) + [0]
        guard filled == header.count, Array(header[0..<16]) == magic else { throw StoreError.notSQLite(path: path) }
        let applicationID = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard applicationID == UInt32(bitPattern: Schema.applicationID) else {
            let detail =
                applicationID == 0
                ? "it has no application id, so another program made it"
                : "its application id is 0x\(String(applicationID, radix: 16)), not tapedeck's"
            throw StoreError.notTapedeck(path: path, detail: detail)
        }
        return .tapedeck
    }

    /// Creates `path` with mode 0600 (failing if it appeared meanwhile), or makes an empty file 0600.
    static func create(_ path: String, existingEmpty: Bool) throws(StoreError) {
        if existingEmpty {
            guard chmod(path, 0o600) == 0 else {
                throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            return
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        close(descriptor)
    }

    /// Runs `body` with the process umask at 077 so SQLite's -wal and -shm files are private too.
    static func withPrivateUmask<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let previous = umask(0o077)
        defer { umask(previous) }
        return try body()
    }
}

extension StoreFile {
    /// Which file a path names (device and inode), to notice the file being deleted or replaced under an open store.
    struct Identity: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    /// The identity of the file at `path` now, nil when nothing is there.
    static func identity(of path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
