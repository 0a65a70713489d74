import ArgumentParser
import TapedeckCore

/// The `tapedeck` command: a flight recorder for Claude streaming sessions.
@main
struct Tapedeck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tapedeck",
        abstract: "A flight recorder for Claude (Anthropic Messages API) streaming sessions.",
        discussion: """
            Record every streamed event through a capture proxy, replay it step by step in the \
            terminal, re-serve it as a mock API, and export transcripts.

            Start with `tapedeck demo`: no key and no network needed.
            """,
        version: TapedeckVersion.string,
        subcommands: [
            DemoCommand.self,
            RecordCommand.self,
            LsCommand.self,
            ShowCommand.self,
            ReplayCommand.self,
            ExportCommand.self,
            ImportCommand.self,
            ServeCommand.self,
            StatsCommand.self,
            InspectCommand.self,
            RegroupCommand.self,
            PushCommand.self,
            PruneCommand.self,
        ]
    )
}
