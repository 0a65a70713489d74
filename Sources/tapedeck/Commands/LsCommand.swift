import ArgumentParser
import Foundation
import TapedeckCore
import TapedeckStore

/// List recorded sessions (agent runs), newest first; `--exchanges` lists single requests.
struct LsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List recorded sessions (agent runs and conversations), newest first.",
        discussion: """
            Each row is one session: its id (any unique prefix works in other commands), start time, \
            client, models, exchanges, turns, the worst outcome (and how many exchanges failed), tokens \
            in/out (input counts cache reads and writes), wall time, time waiting on the model, and time \
            between turns (tools running, a person typing). Filters keep sessions with at least one \
            matching exchange.

            With --exchanges, each row is one request through the proxy, with its session: outcome, \
            stop_reason, events, time to first token, duration, output tokens, and ↻N for the N-th \
            attempt of a retried request.

            Examples:
              tapedeck ls --since 2h --outcome failed
              tapedeck ls --exchanges --model opus --limit 10 --json
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "List single exchanges (requests) instead of sessions.")
    var exchanges = false

    @Flag(name: .long, help: "Print a JSON array of session (or, with --exchanges, exchange) objects.")
    var json = false

    @OptionGroup var filters: SessionFilterOptions

    @Option(
        name: .long,
        help: ArgumentHelp("Show at most this many rows; 0 shows all (e.g. --limit 20).", valueName: "n"))
    var limit: Int = 50

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be 0 (all) or a positive number, e.g. --limit 20.") }
    }

    func run() async throws {
        let filter = try filters.filter(limit: limit == 0 ? nil : limit)
        let spools = StoreLocation.isServerURL(database.path) ? RecordSpool.waiting() : []
        if !spools.isEmpty {
            let shown = StoreLocation.shown(database.path)
            FileHandle.standardError.write(
                Data(
                    ("\(spools.count) local spool file(s) wait to be uploaded: \(spools.joined(separator: ", ")) "
                        + "(`tapedeck push FILE --to \(shown)`)\n").utf8))
        }
        let store: any RecordingStore
        do {
            store = try await StoreOpening.open(database.path, readOnly: true)
        } catch StoreError.noRecordings(let path) {
            if json {
                print("[]")
            } else {
                print(StoreOpening.noRecordingsMessage(path))
            }
            return
        }
        if exchanges {
            try await listExchanges(store, filter)
        } else {
            try await listSessions(store, filter)
        }
    }

    private func listSessions(_ store: any RecordingStore, _ filter: ExchangeFilter) async throws {
        let sessions = try await store.sessions(filter)
        if json {
            print(SessionTable.json(sessions))
            return
        }
        if sessions.isEmpty {
            let total = try await store.sessionCount(.all)
            print(
                total == 0
                    ? StoreOpening.noRecordingsMessage(store.location)
                    : "No sessions match these filters (\(total) recorded in \(store.location)).")
            return
        }
        print(SessionTable.render(sessions, width: TerminalWidth.ofStandardOutput()))
        if let limit = filter.limit, sessions.count == limit {
            var unlimited = filter
            unlimited.limit = nil
            let matching = try await store.sessionCount(unlimited)
            if matching > limit { print("… \(matching - limit) older; use --limit 0 to show all.") }
        }
    }

    private func listExchanges(_ store: any RecordingStore, _ filter: ExchangeFilter) async throws {
        let exchanges = try await store.exchanges(filter)
        if json {
            print(ExchangeTable.json(exchanges))
            return
        }
        if exchanges.isEmpty {
            let total = try await store.exchangeCount(.all)
            print(
                total == 0
                    ? StoreOpening.noRecordingsMessage(store.location)
                    : "No exchanges match these filters (\(total) recorded in \(store.location)).")
            return
        }
        print(ExchangeTable.render(exchanges, width: TerminalWidth.ofStandardOutput()))
        var unlimited = filter
        unlimited.limit = nil
        if let limit = filter.limit, exchanges.count == limit {
            let matching = try await store.exchangeCount(unlimited)
            if matching > limit { print("… \(matching - limit) older; use --limit 0 to show all.") }
        }
    }
}
