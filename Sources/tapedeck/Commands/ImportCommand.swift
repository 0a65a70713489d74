import ArgumentParser
import Foundation
import TapedeckCore
import TapedeckExport
import TapedeckStore

/// Import .sse, .har or tapedeck .jsonl files as exchanges.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import .sse, .har or tapedeck .jsonl files as exchanges.",
        discussion: """
            Formats:
              .sse    a raw event-stream body; NAME.request.json beside it is
                      used as the request. It has no timing: events are at
                      offset 0, TTFT and duration are unknown.
              .har    an HTTP Archive: each entry to /v1/messages becomes an
                      exchange, timed from the HAR
              .jsonl  `tapedeck export --format jsonl`: restored exactly

            Each file is imported whole or not at all; a bad file is reported \
            with its problem and the other files are still imported. Secret \
            headers and query parameters (names containing key, token, \
            secret, auth, password or cookie, and --redact-header) are \
            redacted before anything is stored. Importing the same recording \
            again adds nothing and says so (ids of .sse and .har imports \
            come from their content). The exit status is 1 when any file \
            failed.

            Examples:
              tapedeck import Samples/thinking_text.sse
              tapedeck import capture.har --db team.sqlite
              tapedeck import failures.jsonl
            """
    )

    @Argument(help: ArgumentHelp("Files to import (.sse, .har, .jsonl).", valueName: "file"))
    var files: [String]

    @OptionGroup var database: DatabaseOptions

    @Option(
        name: .customLong("redact-header"),
        help: ArgumentHelp(
            "Also redact this header or query parameter (repeatable), e.g. x-team-token.", valueName: "name"))
    var redactHeaders: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one file to import (.sse, .har or .jsonl).") }
    }

    func run() async throws {
        let store = try await StoreOpening.forWriting(database.path)
        var failed = 0
        for file in files {
            let result = await StoreImport.importFile(
                file, into: store, redactor: HeaderRedactor(additionalNames: redactHeaders))
            if let error = result.error {
                failed += 1
                FileHandle.standardError.write(Data("tapedeck import: \(error.description)\n".utf8))
                continue
            }
            for summary in result.exchanges {
                print("\(summary.id)  \(summary.outcome.rawValue)  \(summary.note ?? file)")
            }
            if !result.alreadyStored.isEmpty {
                let count = result.alreadyStored.count
                let what = result.exchanges.isEmpty ? "already imported" : "partly imported before"
                print(
                    "\(file): \(what): \(count) exchange\(count == 1 ? "" : "s") already in \(store.location) "
                        + "(\(result.alreadyStored.joined(separator: ", "))), left as they were")
            }
        }
        if failed > 0 {
            FileHandle.standardError.write(
                Data("tapedeck import: \(failed) of \(files.count) files failed; the others were imported.\n".utf8))
            throw ExitCode(1)
        }
    }
}
