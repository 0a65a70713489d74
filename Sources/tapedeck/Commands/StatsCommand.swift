import ArgumentParser

/// Latency and outcome statistics over recorded sessions.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Latency and outcome statistics over recorded sessions.")

    func run() async throws {
        throw ValidationError("`tapedeck stats` is being built in this checkout.")
    }
}
