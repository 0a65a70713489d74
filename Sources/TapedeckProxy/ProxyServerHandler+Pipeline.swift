import NIOCore
import NIOHTTP1

extension ProxyServerHandler {
    /// Builds a client connection's pipeline (the proxy's, and the handler tests' on an `EmbeddedChannel`): the raw
    /// writer first (relayed bodies bypass the encoder), the head timer before the decoder (it sees raw bytes),
    /// NIOHTTP1's server handlers, then the proxy's handler.
    static func addHandlers(to channel: any Channel, shared: ProxyShared, headerTimeout: TimeAmount) throws {
        let sync = channel.pipeline.syncOperations
        let rawWriter = ClientRawWriter()
        let headTimeout = RequestHeadTimeout(timeout: headerTimeout)
        try sync.addHandler(rawWriter)
        try sync.addHandler(headTimeout)
        try sync.configureHTTPServerPipeline(withErrorHandling: true)
        try sync.addHandler(ProxyServerHandler(shared: shared, rawWriter: rawWriter, headTimeout: headTimeout))
    }
}
