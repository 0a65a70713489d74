import ArgumentParser
import TapedeckCore
import TapedeckExport
import TapedeckStore

/// Export a session or an exchange as JSON, JSONL, Markdown, HAR, raw SSE or an HTML replay.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a session or an exchange as JSON, JSONL, Markdown, HAR, raw SSE or an HTML replay.",
        discussion: """
            A session (an agent run; `latest` is the newest one):
              md     the conversation as a person reads it, thread by
                     thread and turn by turn: user messages, thinking
                     (collapsible), text, tool calls with their input, tool
                     results, failed attempts and partial answers marked,
                     each turn's timing
              json   one object: session metadata and figures, the message
                     list as the API sees it at the end (the main thread's
                     last request messages plus its answer), per-turn timing
              jsonl  every exchange of the session, as below
              har    every exchange of the session, as below
              html   one self-contained page that replays the session in a
                     browser: turn list, Request pane, Thinking | Text |
                     Tools at every event, timeline, the replayer's keys;
                     no network access; #turn=K&event=N opens that state

            An exchange (its id or a unique prefix):
              json   the assembled message (as the SDK's get_final_message())
              jsonl  exchange header, one line per event (offset, data, raw
                     bytes), a trailing line for a cut stream; `import` reads
                     it back exactly
              md     a transcript: request, response, usage, timings,
                     outcome, diagnostics
              har    HTTP Archive 1.2 with the SSE body and timings
              sse    the response body exactly as received, byte for byte
              html   the exchange's replay page (#event=N opens that state)

            The html page contains the prompts unless --no-request-bodies \
            is given; a banner at its top says what it holds.

            With --all, every exchange matching the filters goes into one \
            file (jsonl or har), oldest first.

            Examples:
              tapedeck export latest --format md -o transcript.md
              tapedeck export 5e1a --format json | jq '.messages | length'
              tapedeck export 3f2a --format sse > body.sse
              tapedeck export latest --format har -o session.har
              tapedeck export latest --format html -o replay.html
              tapedeck export --all --since 24h --outcome failed \\
                --format jsonl -o failures.jsonl
            """
    )

    @Argument(help: "Session id, exchange id, a unique prefix of either, or `latest` (omit with --all).")
    var id: String?

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Output format: json, jsonl, md, har, sse or html (e.g. --format md).")
    var format: ExportFormat = .json

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "With --format html: leave the prompts (request messages, system, tools) out.")
    var noRequestBodies = false

    @Flag(name: .long, help: "Export every exchange matching the filters below (jsonl or har).")
    var all = false

    /// With --all: which exchanges.
    @OptionGroup var filters: SessionFilterOptions

    @Option(name: .long, help: "With --all: at most this many exchanges (the newest).")
    var limit: Int?

    func validate() throws {
        if all {
            guard id == nil else { throw ValidationError("Give either a session or exchange id or --all, not both.") }
            guard format == .jsonl || format == .har else {
                throw ValidationError("--all writes many exchanges into one file: use --format jsonl or --format har.")
            }
        } else {
            guard id != nil else {
                throw ValidationError(
                    "Say what to export: a session or exchange id, a unique id prefix, `latest`, or --all.")
            }
            if !filters.isEmpty || limit != nil {
                throw ValidationError("--outcome, --model, --since and --limit filter --all; add --all or drop them.")
            }
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more (got \(limit)).") }
        if noRequestBodies && format != .html {
            throw ValidationError("--no-request-bodies applies to --format html; the other formats keep the request.")
        }
    }

    func run() async throws {
        let store = try await StoreOpening.forReading(database.path)
        let exchanges: [RecordedExchange]
        if let id {
            switch try await SessionOrExchange.load(id, from: store) {
            case .session(let session):
                try OutputFile.write(try format.export(session, html: htmlOptions), to: output)
                return
            case .exchange(let exchange):
                exchanges = [exchange]
            }
        } else {
            var filter = try filters.filter(limit: limit)
            filter.order = .newestFirst
            do {
                let summaries = try await store.exchanges(filter).reversed()
                exchanges = try await StoreOpening.loadAll(summaries, from: store)
            } catch {
                throw CommandFailure(error.description)
            }
            if exchanges.isEmpty {
                throw ValidationError(
                    "No exchanges match these filters in \(store.location); loosen them or run `tapedeck ls`.")
            }
        }
        try OutputFile.write(format.export(exchanges, html: htmlOptions), to: output)
    }

    private var htmlOptions: HTMLReplayOptions { HTMLReplayOptions(includesRequestBodies: !noRequestBodies) }
}

/// `--format` values of `tapedeck export`.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case json, jsonl, md, har, sse, html

    /// The exported bytes of a whole session; `sse` is one exchange's body, so it asks for an exchange id.
    func export(_ session: RecordedSession, html options: HTMLReplayOptions) throws -> [UInt8] {
        switch self {
        case .html: return Array(HTMLReplayExporter.export(session, options: options).utf8)
        case .md: return Array(SessionMarkdownExporter.export(session).utf8)
        case .json: return Array(SessionJSONExporter.export(session).utf8)
        case .jsonl, .har: return export(session.exchanges, html: options)
        case .sse:
            throw CommandFailure(
                "--format sse writes one exchange's response body; give an exchange id "
                    + "(`tapedeck show \(session.summary.id)` lists them), or use md, json, jsonl or har.")
        }
    }

    /// The exported bytes of `exchanges` (one exchange unless jsonl or har).
    func export(_ exchanges: [RecordedExchange], html options: HTMLReplayOptions) -> [UInt8] {
        switch self {
        case .html: return exchanges.first.map { Array(HTMLReplayExporter.export($0, options: options).utf8) } ?? []
        case .jsonl: return Array(JSONLExporter.export(exchanges).utf8)
        case .har: return Array(HARExporter.export(exchanges).utf8)
        case .json: return exchanges.first.map { Array(MessageJSONExporter.export($0).utf8) } ?? []
        case .md: return exchanges.first.map { Array(MarkdownExporter.export($0).utf8) } ?? []
        case .sse: return exchanges.first.map(SSEExporter.export) ?? []
        }
    }
}
