import TapedeckPostgres
import Testing

@testable import TapedeckStore

/// A server that cannot be reached is a different fix from a file that cannot be opened: the message must say so.
@Suite struct UnreachableServerTests {
    @Test func anUnreachableServerIsReportedAsAServerNotAPathAndWithoutThePassword() async throws {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let url = "postgres://tapedeck:s3cret-never-shown@127.0.0.1:1/tapedeck"
        do {
            let store = try await PostgresStore.open(url: url, environment: [:])
            try? await store.close()
            Issue.record("opened a server on port 1")
        } catch {
            guard case .cannotOpen(let location, _) = error else {
                Issue.record("expected cannotOpen, got \(error)")
                return
            }
            #expect(location == "postgres://tapedeck@127.0.0.1:1/tapedeck")
            let message = error.description
            #expect(message.hasPrefix("cannot reach postgres://tapedeck@127.0.0.1:1/tapedeck: "))
            #expect(message.contains("check that the server is running"))
            #expect(!message.contains("permissions"))
            #expect(!message.contains("s3cret"))
        }
    }

    @Test func aFileThatCannotBeOpenedStillPointsAtThePath() {
        let error = StoreError.cannotOpen(path: "/nonexistent/dir/x.sqlite", reason: "No such file or directory")
        #expect(
            error.description
                == "cannot open /nonexistent/dir/x.sqlite: No such file or directory; check the path and its permissions"
        )
        #expect(StoreLocation.isServerURL("POSTGRESQL://h/db"))
        #expect(!StoreLocation.isServerURL("postgres.sqlite"))
    }
}
