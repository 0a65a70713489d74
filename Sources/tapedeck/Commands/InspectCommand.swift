import ArgumentParser
import Foundation
import TapedeckCore

/// `tapedeck inspect`: look inside a raw .sse response body without recording or a database.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Parse and assemble a raw .sse file without a database.",
        discussion: """
            Reads a Messages API streaming response body (the bytes after the HTTP headers), \
            parses its Server-Sent Events and assembles the message the way the official SDK \
            does. A partial or broken stream is still shown: everything assembled so far, \
            labelled as partial, with each problem at its event position.

            Formats:
              summary  outcome (COMPLETE, PARTIAL error_event, PARTIAL
                       upstream_disconnect: the store's words), stop_reason,
                       usage, content blocks, diagnostics (the default)
              json     the assembled message in the API's shape, pretty-printed
              events   one JSON line per event: index, type, offset, length, data

            Examples:
              tapedeck inspect Samples/tool_use_single.sse
              tapedeck inspect response.sse --format json > message.json
              tapedeck inspect response.sse --format events | jq 'select(.type == "error")'

            Exits 0 for any stream with at least one event, even a cut one; 1 when the \
            file cannot be read or holds no Server-Sent Events at all.
            """
    )

    @Argument(help: ArgumentHelp("The .sse file, e.g. Samples/text_basic.sse.", valueName: "file"))
    var file: String

    @Option(help: "What to print: summary, json or events (e.g. --format json).")
    var format: InspectFormat = .summary

    func run() async throws {
        let bytes = try InspectInput.read(path: file)
        let inspection = StreamInspection(bytes: bytes)
        guard !inspection.events.isEmpty else {
            throw CommandFailure(
                "no SSE events in \(file): expected a Messages API streaming body (lines like `event: message_start` "
                    + "and `data: {...}`); try Samples/text_basic.sse.")
        }
        switch format {
        case .summary: print(inspection.summary())
        case .json: print(inspection.messageJSONText())
        case .events:
            for line in inspection.eventLines() { print(line) }
        }
    }
}
