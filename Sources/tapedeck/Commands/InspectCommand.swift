import ArgumentParser

/// Parse and assemble a raw .sse file without a database.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Parse and assemble a raw .sse file without a database.")

    func run() async throws {
        throw ValidationError("`tapedeck inspect` is being built in this checkout.")
    }
}
