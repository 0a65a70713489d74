import ArgumentParser

/// Show one session: request, timings, assembled message, diagnostics.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one session: request, timings, assembled message, diagnostics.")

    func run() async throws {
        throw ValidationError("`tapedeck show` is being built in this checkout.")
    }
}
