import Foundation
import TapedeckCore
import Testing

@testable import TapedeckStore

@Suite struct StoreQueryTests {
    static let start: Int64 = 1_764_000_000_000_000_000
    static let minute: Int64 = 60_000_000_000

    /// A store with five exchanges; holds its directory so the file lives as long as the value.
    struct Populated {
        let directory: TemporaryDirectory
        let store: any RecordingStore
    }

    func populated(_ backend: Backend) async throws -> Populated {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        let exchanges: [(String, Int64, ExchangeOutcome, String)] = [
            ("aaa0000001", 0, .complete, "claude-sonnet-4-5"),
            ("aaa0000002", 1, .errorEvent, "claude-sonnet-4-5"),
            ("abc0000003", 2, .complete, "claude-opus-4-1"),
            ("bcd0000004", 3, .upstreamDisconnect, "claude-haiku-4-5"),
            ("cde0000005", 4, .complete, "claude-opus-4-1"),
        ]
        for (id, minutes, outcome, model) in exchanges {
            try await store.insert([
                Fixtures.exchange(id: id, startedAt: Self.start + minutes * Self.minute, outcome: outcome, model: model)
            ])
        }
        return Populated(directory: directory, store: store)
    }

    @Test(arguments: Backend.all) func listsNewestFirstAndFilters(_ backend: Backend) async throws {
        let fixture = try await populated(backend)
        let store = fixture.store
        #expect(
            try await store.exchanges(.all).map(\.id) == [
                "cde0000005", "bcd0000004", "abc0000003", "aaa0000002", "aaa0000001",
            ])
        #expect(try await store.exchanges(ExchangeFilter(order: .oldestFirst)).first?.id == "aaa0000001")
        #expect(
            try await store.exchanges(ExchangeFilter(outcomes: [.complete])).map(\.id) == [
                "cde0000005", "abc0000003", "aaa0000001",
            ])
        #expect(
            try await store.exchanges(ExchangeFilter(failuresOnly: true)).map(\.id) == ["bcd0000004", "aaa0000002"])
        #expect(try await store.exchanges(ExchangeFilter(model: "OPUS")).map(\.id) == ["cde0000005", "abc0000003"])
        #expect(try await store.exchanges(ExchangeFilter(sinceNanos: Self.start + 3 * Self.minute)).count == 2)
        #expect(
            try await store.exchanges(ExchangeFilter(untilNanos: Self.start + Self.minute)).map(\.id) == [
                "aaa0000001"
            ])
        #expect(try await store.exchanges(ExchangeFilter(limit: 2)).map(\.id) == ["cde0000005", "bcd0000004"])
        #expect(try await store.exchanges(ExchangeFilter(ids: ["abc0000003", "nope"])).map(\.id) == ["abc0000003"])
        #expect(try await store.exchanges(ExchangeFilter(ids: [])).isEmpty)
        #expect(try await store.exchanges(ExchangeFilter(outcomes: [.complete], model: "sonnet", limit: 5)).count == 1)
        #expect(try await store.exchangeCount(ExchangeFilter(outcomes: [.complete])) == 3)
        #expect(try await store.totalEventCount() == 35)
    }

    @Test(arguments: Backend.all) func resolvesLatestFullIdsAndUniquePrefixes(_ backend: Backend) async throws {
        let fixture = try await populated(backend)
        let store = fixture.store
        #expect(try await store.resolve("latest").id == "cde0000005")
        #expect(try await store.resolve("aaa0000002").id == "aaa0000002")
        #expect(try await store.resolve("ab").id == "abc0000003")
        #expect(try await store.resolve("BCD").id == "bcd0000004")
        let ambiguous = await #expect(throws: StoreError.self) { try await store.resolve("aa") }
        #expect(ambiguous == .ambiguousReference(reference: "aa", candidates: ["aaa0000002", "aaa0000001"]))
        #expect(ambiguous?.description.contains("type more characters") == true)
        for reference in ["ffff", "a%", ""] {
            await #expect(throws: StoreError.exchangeNotFound(reference: reference, path: store.location)) {
                try await store.resolve(reference)
            }
        }
    }

    @Test(arguments: Backend.all) func emptyStoreResolvesNothing(_ backend: Backend) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.makeStore(in: directory)
        #expect(try await store.exchanges(.all).isEmpty)
        await #expect(throws: StoreError.exchangeNotFound(reference: "latest", path: store.location)) {
            try await store.resolve("latest")
        }
    }

    @Test(arguments: Backend.all) func insertIsAllOrNothing(_ backend: Backend) async throws {
        let fixture = try await populated(backend)
        let store = fixture.store
        await #expect(throws: StoreError.duplicateExchange(id: "aaa0000001")) {
            try await store.insert([Fixtures.exchange(id: "aaa0000001")])
        }
        var broken = Fixtures.exchange(id: "fff0000009")
        broken.events.append(broken.events[0])  // duplicate sequence number fails half way
        await #expect(throws: StoreError.self) { try await store.insert([broken]) }
        #expect(try await store.exchange(id: "fff0000009") == nil)
        #expect(try await store.events(exchangeID: "fff0000009").isEmpty)
    }

    @Test(arguments: Backend.all) func loadExchangeRoundTripsEverything(_ backend: Backend) async throws {
        let fixture = try await populated(backend)
        let store = fixture.store
        var exchange = Fixtures.exchange(id: "0123456789", trailing: [0x65, 0x76, 0xE2, 0x82])  // cut inside UTF-8
        exchange.summary.query = "beta=true"
        exchange.summary.note = "imported from x.jsonl"
        exchange.summary.retryOf = "aaa0000002"
        exchange.summary.attempt = 2
        exchange.summary.droppedEvents = 3
        exchange.summary.cacheReadInputTokens = 7
        // An event built in code has no raw bytes: stored as an empty blob, not NULL.
        exchange.events.append(
            RecordedEvent(sequence: exchange.events.count, offsetNanos: 1, type: "ping", data: "", raw: []))
        try await store.insert([exchange])
        let loaded = try await store.loadExchange(id: "0123456789")
        #expect(loaded.ungrouped == exchange)
        #expect(loaded.responseBody == exchange.events.flatMap(\.raw) + [0x65, 0x76, 0xE2, 0x82])
        #expect(loaded.events.last?.raw == [])
        await #expect(throws: StoreError.exchangeNotFound(reference: "9999999999", path: store.location)) {
            try await store.loadExchange(id: "9999999999")
        }
    }

    @Test func secretHeadersNeverReachDiskEvenIfTheCallerForgot() async throws {
        let directory = try TemporaryDirectory()
        let store = try TapedeckStore(path: directory.path("q.sqlite"))
        var exchange = Fixtures.exchange(id: "5ec0000001")
        exchange.summary.requestHeaders = [
            HeaderField(name: "X-Api-Key", value: "sk-ant-secret-1"),
            HeaderField(name: "authorization", value: "Bearer sk-ant-secret-2"),
            HeaderField(name: "anthropic-version", value: "2023-06-01"),
        ]
        exchange.summary.responseHeaders = [HeaderField(name: "set-cookie", value: "exchange=sk-ant-secret-3")]
        try store.insert(exchange)
        let recorder = store.makeRecorder()
        var live = Fixtures.summary(id: "5ec0000002")
        live.requestHeaders = [HeaderField(name: "cookie", value: "sk-ant-secret-4")]
        recorder.begin(live)
        live.responseHeaders = [HeaderField(name: "Set-Cookie", value: "sk-ant-secret-5")]
        recorder.finish(live, trailing: [], trailingOffsetNanos: nil)
        await recorder.close()
        try store.close()

        let bytes = Fixtures.fileBytes(store.path) + Fixtures.fileBytes(store.path + "-wal")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("sk-ant-secret"))
        let reopened = try TapedeckStore(path: store.path, readOnly: true)
        let headers = try #require(try reopened.exchange(id: "5ec0000001")).requestHeaders
        #expect(headers[0].value == HeaderRedactor.marker(for: "sk-ant-secret-1"))
        #expect(headers[2].value == "2023-06-01")
        #expect(
            try reopened.exchange(id: "5ec0000002")?.responseHeaders.first?.value.hasPrefix("[redacted fp:") == true)
    }

    @Test(arguments: Backend.all) func deleteRemovesTheExchangeAndItsEvents(_ backend: Backend) async throws {
        let fixture = try await populated(backend)
        let store = fixture.store
        #expect(try await store.delete(id: "abc0000003"))
        #expect(try await !store.delete(id: "abc0000003"))
        #expect(try await store.exchange(id: "abc0000003") == nil)
        #expect(try await store.events(exchangeID: "abc0000003").isEmpty)
        #expect(try await store.totalEventCount() == 28)
    }
}
