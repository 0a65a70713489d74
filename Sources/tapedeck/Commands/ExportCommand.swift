import ArgumentParser

/// Export a session as JSON, JSONL, Markdown, HAR or raw SSE.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a session as JSON, JSONL, Markdown, HAR or raw SSE.")

    func run() async throws {
        throw ValidationError("`tapedeck export` is being built in this checkout.")
    }
}
