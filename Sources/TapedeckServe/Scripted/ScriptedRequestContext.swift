import Hummingbird

/// Request context that keeps a way to half-close the connection, for cutting a stream.
///
/// A cut must deliver every scripted byte and then end the connection. Shutting the output down
/// (NIO flushes queued writes first, then sends FIN) makes that explicit instead of relying on
/// how the channel is torn down after the body writer throws; measured with a reader that waits
/// 1.5 s before reading 6 MB, every byte arrives either way.
struct ScriptedRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Flushes every queued write, then shuts down the write side of the socket.
    let closeOutput: @Sendable () async throws -> Void

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        let channel = source.channel
        self.closeOutput = { try await channel.close(mode: .output).get() }
    }
}
