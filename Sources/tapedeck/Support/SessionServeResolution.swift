import TapedeckStore

/// `serve --match session:REF`: which session a reference names.
enum SessionServeResolution {
    /// The id of the session `reference` names: a session id or prefix, `latest`, or an exchange id or prefix
    /// (its session), with an error that says what to do otherwise.
    static func resolve(_ reference: String, in store: any RecordingStore) async throws -> String {
        let resolved: RecordingReference
        do {
            resolved = try await store.resolveRecording(reference)
        } catch {
            throw CommandFailure(error.description)
        }
        switch resolved {
        case .session(let session):
            return session.id
        case .exchange(let exchange):
            guard let id = exchange.sessionID else {
                throw CommandFailure(
                    "Exchange \(exchange.id) belongs to no session yet; serve it with --match exchange:\(exchange.id).")
            }
            return id
        }
    }
}
