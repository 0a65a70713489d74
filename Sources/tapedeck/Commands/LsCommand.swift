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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only these outcomes, comma-separated, or `failed` for every failure (e.g. --outcome error_event,timeout).",
            valueName: "outcome"))
    var outcome: String?

    @Option(
        name: .long, help: ArgumentHelp("Only models containing this text (e.g. --model sonnet).", valueName: "text"))
    var model: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only what started in this last span or since this date (e.g. 2h, 30m, 2026-11-25).", valueName: "when")
    )
    var since: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Show at most this many rows; 0 shows all (e.g. --limit 20).", valueName: "n"))
    var limit: Int = 50

    func validate() throws {
        _ = try outcomeFilter()
        _ = try sinceFilter()
        if limit < 0 { throw ValidationError("--limit must be 0 (all) or a positive number, e.g. --limit 20.") }
    }

    func run() async throws {
        var filter = ExchangeFilter(model: model, sinceNanos: try sinceFilter(), limit: limit == 0 ? nil : limit)
        if let (outcomes, failuresOnly) = try outcomeFilter() {
            filter.outcomes = outcomes
            filter.failuresOnly = failuresOnly
        }
        let store: TapedeckStore
        do {
            store = try TapedeckStore(path: database.path, readOnly: true)
        } catch StoreError.noRecordings(let path) {
            if json {
                print("[]")
            } else {
                print(Self.emptyMessage(path: path))
            }
            return
        }
        if exchanges {
            try listExchanges(store, filter)
        } else {
            try listSessions(store, filter)
        }
    }

    private func listSessions(_ store: TapedeckStore, _ filter: ExchangeFilter) throws {
        let sessions = try store.sessions(filter)
        if json {
            print(SessionTable.json(sessions))
            return
        }
        if sessions.isEmpty {
            let total = try store.sessionCount()
            print(
                total == 0
                    ? Self.emptyMessage(path: store.path)
                    : "No sessions match these filters (\(total) recorded in \(store.path)).")
            return
        }
        print(SessionTable.render(sessions, width: TerminalWidth.ofStandardOutput()))
        if let limit = filter.limit, sessions.count == limit {
            var unlimited = filter
            unlimited.limit = nil
            let matching = try store.sessionCount(unlimited)
            if matching > limit { print("… \(matching - limit) older; use --limit 0 to show all.") }
        }
    }

    private func listExchanges(_ store: TapedeckStore, _ filter: ExchangeFilter) throws {
        let exchanges = try store.exchanges(filter)
        if json {
            print(ExchangeTable.json(exchanges))
            return
        }
        if exchanges.isEmpty {
            let total = try store.exchangeCount()
            print(
                total == 0
                    ? Self.emptyMessage(path: store.path)
                    : "No exchanges match these filters (\(total) recorded in \(store.path)).")
            return
        }
        print(ExchangeTable.render(exchanges, width: TerminalWidth.ofStandardOutput()))
        var unlimited = filter
        unlimited.limit = nil
        if let limit = filter.limit, exchanges.count == limit {
            let matching = try store.exchangeCount(unlimited)
            if matching > limit { print("… \(matching - limit) older; use --limit 0 to show all.") }
        }
    }

    /// The line shown for a database without exchanges.
    static func emptyMessage(path: String) -> String {
        "No recordings in \(path) yet. Record with `tapedeck record -- <command>` (or point a client at "
            + "`tapedeck record`), or try `tapedeck demo`."
    }

    /// `--outcome` as a set of outcomes and/or "failures only"; nil when not given.
    private func outcomeFilter() throws -> (Set<ExchangeOutcome>?, Bool)? {
        guard let outcome else { return nil }
        var outcomes: Set<ExchangeOutcome> = []
        var failuresOnly = false
        for name in outcome.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            if name == "failed" || name == "failure" || name == "failures" {
                failuresOnly = true
            } else if let value = ExchangeOutcome(rawValue: name.replacingOccurrences(of: "-", with: "_")) {
                outcomes.insert(value)
            } else {
                let valid = (ExchangeOutcome.allCases.map(\.rawValue) + ["failed"]).joined(separator: ", ")
                throw ValidationError("--outcome \"\(name)\" is not an outcome; use one or more of: \(valid).")
            }
        }
        if failuresOnly && !outcomes.isEmpty {
            // "failed,complete" means either.
            outcomes.formUnion(ExchangeOutcome.allCases.filter(\.isFailure))
            return (outcomes, false)
        }
        return (outcomes.isEmpty ? nil : outcomes, failuresOnly)
    }

    private func sinceFilter() throws -> Int64? {
        guard let since else { return nil }
        guard let nanos = DurationParsing.sinceNanos(since) else {
            throw ValidationError("--since \"\(since)\" is not a time; \(DurationParsing.formatHelp).")
        }
        return nanos
    }
}
