import TapedeckCore
import TapedeckStore

/// What an id on the `show`/`export` command line names, loaded whole: a session or one exchange.
enum SessionOrExchange {
    /// A whole session (a session id or prefix, or `latest`).
    case session(RecordedSession)
    /// One exchange (an exchange id or prefix).
    case exchange(RecordedExchange)

    /// Resolves `reference` ("latest" is the newest session) and loads what it names, with errors that say what
    /// to do.
    static func load(_ reference: String, from store: any RecordingStore) async throws -> SessionOrExchange {
        do {
            switch try await store.resolveRecording(reference) {
            case .session(let summary):
                return .session(try await store.loadSession(id: summary.id, requestBodiesOnDemand: false))
            case .exchange(let summary): return .exchange(try await store.loadExchange(id: summary.id))
            }
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
