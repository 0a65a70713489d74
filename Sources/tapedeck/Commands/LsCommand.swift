import ArgumentParser

/// List recorded sessions, newest first.
struct LsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List recorded sessions, newest first.")

    func run() async throws {
        throw ValidationError("`tapedeck ls` is being built in this checkout.")
    }
}
