import ArgumentParser

/// Re-serve recorded sessions as a mock Anthropic API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Re-serve recorded sessions as a mock Anthropic API.")

    func run() async throws {
        throw ValidationError("`tapedeck serve` is being built in this checkout.")
    }
}
