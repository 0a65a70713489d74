import ArgumentParser

/// Benchmarks that print their figures; run in release: `swift run -c release tapedeck-bench`.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tapedeck-bench",
        abstract: "Measure tapedeck's hot paths and print the figures.",
        subcommands: [
            ProxyUpstreamCommand.self, ProxyClientCommand.self, ProxyReportCommand.self, ParseBench.self,
            IngestBench.self, TeamIngestBench.self, AssembleBench.self, ReplayBench.self, GroupingBench.self,
            ServeTimingBench.self, ProxyMemoryStepsCommand.self,
        ]
    )
}
