/// Thrown from a response body writer to abort the connection without finishing the body.
///
/// Hummingbird closes the channel when the body writer throws, before the terminating chunk is
/// written; that is exactly how a broken upstream looks to a client.
struct ScriptedStreamCut: Error, CustomStringConvertible {
    var description: String { "scripted response cut the connection mid-body" }
}
