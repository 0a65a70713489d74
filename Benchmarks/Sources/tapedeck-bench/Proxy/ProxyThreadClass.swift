/// What a proxy thread does, from its name (Linux keeps 15 characters of it), so CPU per event can be split
/// between forwarding and recording: tapedeck's NIO event loops, its capture thread, its store writer; nginx's
/// worker processes forward, its master only supervises.
enum ProxyThreadClass: String, CaseIterable, Sendable {
    case eventLoop = "event loop"
    case recorder
    case store
    case other

    /// The class of a thread named `threadName` in a process started as `commandLine` (NUL-separated).
    static func of(threadName: String, commandLine: String) -> ProxyThreadClass {
        if threadName.hasPrefix("NIO-ELT") { return .eventLoop }
        if threadName == "tapedeck-rec" { return .recorder }
        if threadName == "tapedeck-store" { return .store }
        if commandLine.hasPrefix("nginx: worker") { return .eventLoop }
        return .other
    }
}
