import ArgumentParser
import TapedeckCore
import TapedeckExport
import TapedeckStore

/// Export a session as JSON, JSONL, Markdown, HAR or raw SSE.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a session as JSON, JSONL, Markdown, HAR or raw SSE.",
        discussion: """
            Formats:
              json   the assembled message (as the SDK's get_final_message())
              jsonl  session header, one line per event (offset, data, raw
                     bytes), a trailing line for a cut stream; `import` reads
                     it back exactly
              md     a transcript: request, response, usage, timings,
                     outcome, diagnostics
              har    HTTP Archive 1.2 with the SSE body and timings
              sse    the response body exactly as received, byte for byte

            With --all, every session matching the filters goes into one \
            file (jsonl or har), oldest first.

            Examples:
              tapedeck export latest --format md -o transcript.md
              tapedeck export 3f2a --format sse > body.sse
              tapedeck export latest --format har -o session.har
              tapedeck export --all --since 24h --outcome failed \\
                --format jsonl -o failures.jsonl
            """
    )

    @Argument(help: "Session id, unique id prefix, or `latest` (omit with --all).")
    var id: String?

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Output format: json, jsonl, md, har or sse (e.g. --format md).")
    var format: ExportFormat = .json

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Export every session matching the filters below (jsonl or har).")
    var all = false

    @Option(
        name: .long, help: "With --all: only these outcomes (repeatable or comma-separated; `failed` = any failure).")
    var outcome: [String] = []

    @Option(name: .long, help: "With --all: only models containing this text (e.g. --model sonnet).")
    var model: String?

    @Option(name: .long, help: "With --all: only sessions started since then (e.g. 2h, 3d, 2026-11-25).")
    var since: String?

    @Option(name: .long, help: "With --all: at most this many sessions (the newest).")
    var limit: Int?

    func validate() throws {
        if all {
            guard id == nil else { throw ValidationError("Give either a session id or --all, not both.") }
            guard format == .jsonl || format == .har else {
                throw ValidationError("--all writes many sessions into one file: use --format jsonl or --format har.")
            }
        } else {
            guard id != nil else {
                throw ValidationError("Say which session to export: an id, a unique id prefix, `latest`, or --all.")
            }
            if !outcome.isEmpty || model != nil || since != nil || limit != nil {
                throw ValidationError("--outcome, --model, --since and --limit filter --all; add --all or drop them.")
            }
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more (got \(limit)).") }
    }

    func run() async throws {
        let store = try ShowSessionLoading.openForReading(database.path)
        let sessions: [RecordedSession]
        if let id {
            sessions = [try ShowSessionLoading.load(id, from: store)]
        } else {
            let outcomes = try ShowSessionLoading.outcomeFilter(outcome)
            var filter = SessionFilter(
                outcomes: outcomes.outcomes, failuresOnly: outcomes.failuresOnly, model: model,
                sinceNanos: try ShowSessionLoading.since(since), limit: limit)
            filter.order = .newestFirst
            do {
                let summaries = try store.sessions(filter).reversed()
                sessions = try summaries.map { summary throws(StoreError) in try store.loadSession(id: summary.id) }
            } catch {
                throw CommandFailure(error.description)
            }
            if sessions.isEmpty {
                throw ValidationError(
                    "No sessions match these filters in \(database.path); loosen them or run `tapedeck ls`.")
            }
        }
        try ShowSessionLoading.write(format.export(sessions), to: output)
    }
}

/// `--format` values of `tapedeck export`.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case json, jsonl, md, har, sse

    /// The exported bytes of `sessions` (one session unless jsonl or har).
    func export(_ sessions: [RecordedSession]) -> [UInt8] {
        switch self {
        case .jsonl: return Array(JSONLExporter.export(sessions).utf8)
        case .har: return Array(HARExporter.export(sessions).utf8)
        case .json: return sessions.first.map { Array(MessageJSONExporter.export($0).utf8) } ?? []
        case .md: return sessions.first.map { Array(MarkdownExporter.export($0).utf8) } ?? []
        case .sse: return sessions.first.map(SSEExporter.export) ?? []
        }
    }
}
