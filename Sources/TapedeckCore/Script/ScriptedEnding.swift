/// How a scripted body ends: the difference between a finished response and a broken connection.
public enum ScriptedEnding: Sendable, Hashable {
    /// The body is finished properly (terminating zero-length chunk, or the full content-length).
    case clean
    /// The connection is closed after the last part without finishing the body, as when an
    /// upstream dies mid-stream: a chunked body gets no terminating chunk, so clients see a
    /// transport error instead of a silently short answer.
    case cut
    /// Nothing more is sent and the connection stays open with the body unfinished, as when an upstream stalls
    /// mid-stream: what idle timeouts in clients and proxies are for. The server holds it until it stops.
    case hang
}
