import ArgumentParser

/// Run a built-in mock upstream, record through the proxy, and replay: no key, no network.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Run a built-in mock upstream, record through the proxy, and replay: no key, no network.")

    func run() async throws {
        throw ValidationError("`tapedeck demo` is being built in this checkout.")
    }
}
