#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Names the calling thread so `top -H`, `/proc/PID/task/*/comm` and the proxy benchmark can tell recording from
/// forwarding. Foundation's `Thread.name` does not reach the OS on Linux for names over 15 bytes (the kernel's
/// limit), so recorder threads use short names and set them from inside the thread.
public enum ThreadName {
    /// The recorder's one thread: parses and assembles captured bytes and writes them, one transaction per pass.
    public static let recorder = "tapedeck-rec"

    /// Sets the calling thread's name (at most 15 bytes are kept on Linux); best effort.
    public static func setCurrent(_ name: String) {
        let short = String(decoding: Array(name.utf8.prefix(15)), as: UTF8.self)
        #if os(Linux)
            // Glibc's pthread_setname_np is not visible to Swift (it needs _GNU_SOURCE), and prctl is variadic;
            // the kernel takes a thread's name written to its own comm file as well.
            let descriptor = open("/proc/thread-self/comm", O_WRONLY)
            guard descriptor >= 0 else { return }
            defer { close(descriptor) }
            _ = short.withCString { write(descriptor, $0, strlen($0)) }
        #elseif canImport(Darwin)
            _ = pthread_setname_np(short)
        #endif
    }
}
