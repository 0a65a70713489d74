import ArgumentParser

/// Replay a recorded session in the terminal, event by event.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replay", abstract: "Replay a recorded session in the terminal, event by event.")

    func run() async throws {
        throw ValidationError("`tapedeck replay` is being built in this checkout.")
    }
}
