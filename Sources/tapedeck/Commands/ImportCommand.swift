import ArgumentParser

/// Import .sse, .har or tapedeck .jsonl files as sessions.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import .sse, .har or tapedeck .jsonl files as sessions.")

    func run() async throws {
        throw ValidationError("`tapedeck import` is being built in this checkout.")
    }
}
