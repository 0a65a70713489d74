import Foundation

/// Builds each `ProxyStreamScript` once per event count: a 20 000-event flood script takes
/// milliseconds to build, which must not land inside a measured stream.
final class ProxyScriptCache: @unchecked Sendable {
    private let lock = NSLock()
    private var scripts: [Int: ProxyStreamScript] = [:]

    /// An empty cache.
    init() {}

    /// The script for `eventCount` events, built on first use.
    func script(eventCount: Int) -> ProxyStreamScript {
        lock.lock()
        defer { lock.unlock() }
        if let script = scripts[eventCount] { return script }
        let script = ProxyStreamScript(eventCount: eventCount)
        scripts[eventCount] = script
        return script
    }
}
