import ArgumentParser

/// Run the capture proxy and record every exchange into SQLite.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "record", abstract: "Run the capture proxy and record every exchange into SQLite.")

    func run() async throws {
        throw ValidationError("`tapedeck record` is being built in this checkout.")
    }
}
