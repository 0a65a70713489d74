import ArgumentParser
import Foundation
import TapedeckCore
import TapedeckStore
import TapedeckTUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replay a recorded exchange in the terminal, event by event.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recorded exchange in the terminal, event by event.",
        discussion: """
            Shows thinking, text and tool input (raw partial JSON and its best-effort parse) side by side \
            as the stream is re-played with its original timing. Keys: space play/pause, → ← step, \
            ] [ next/previous block, e E next/previous anomaly, + - 0 speed, g G start/end, tab pane, \
            r raw bytes, d diagnostics, ? help, q quit.

            Without an id, pick an exchange from a list (/ filters). Examples:
              tapedeck replay latest
              tapedeck replay 3f2a --speed 10 --max-idle 1
              tapedeck replay --file Samples/thinking_text.sse --paused
              tapedeck replay latest --plain --speed 100 | less
              tapedeck replay latest --snapshot --at 42 --width 120 --height 40
            """
    )

    @Argument(help: "Exchange id, unique id prefix, or `latest` (default: choose from a list).")
    var id: String?

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Replay a raw .sse file instead of a recorded exchange.", valueName: "path"))
    var file: String?

    @Option(name: .long, help: "Playback speed, 0.1 to 100 (e.g. --speed 10).")
    var speed: Double = 1

    @Option(
        name: .customLong("max-idle"), help: "Shorten every silence to at most this many seconds (e.g. --max-idle 1).")
    var maxIdle: Double?

    @Flag(name: .long, help: "Start paused instead of playing.")
    var paused = false

    @Option(name: .long, help: "Start at event N (the state after N events; 0 is before the first).")
    var at: Int?

    @Flag(name: .long, help: "Write thinking, text and tool JSON to stdout as they re-stream (for pipes).")
    var plain = false

    @Flag(name: .long, help: "Print the screen at --at N as plain text and exit.")
    var snapshot = false

    @Option(name: .long, help: "Snapshot width in columns (default 120).")
    var width: Int = 120

    @Option(name: .long, help: "Snapshot height in rows (default 40).")
    var height: Int = 40

    func validate() throws {
        guard speed.isFinite, speed >= PlaybackSpeed.minimum, speed <= PlaybackSpeed.maximum else {
            throw ValidationError("--speed must be between 0.1 and 100 (got \(speed)).")
        }
        if let maxIdle, !(maxIdle.isFinite && maxIdle > 0) {
            throw ValidationError("--max-idle must be a positive number of seconds (got \(maxIdle)).")
        }
        if let at, at < 0 { throw ValidationError("--at must be 0 or more (got \(at)).") }
        if plain && snapshot { throw ValidationError("Choose one of --plain and --snapshot.") }
        if snapshot && (width < 1 || height < 1 || width > 1000 || height > 1000) {
            throw ValidationError("--width and --height must be between 1 and 1000.")
        }
        if file != nil && id != nil { throw ValidationError("Give either an exchange id or --file, not both.") }
    }

    func run() async throws {
        let interactive = !plain && !snapshot
        if interactive && (isatty(STDOUT_FILENO) == 0 || isatty(STDIN_FILENO) == 0) {
            throw CommandFailure(
                "stdout is not a terminal: use --plain to re-stream to a pipe, or --snapshot --at N to print one screen."
            )
        }
        guard let exchange = try loadExchange(interactive: interactive) else { return }
        var timeline = Timeline(exchange: exchange, maxIdle: maxIdle)
        timeline.setSpeed(speed)
        if let at {
            guard at <= timeline.eventCount else {
                throw CommandFailure(
                    "--at \(at) is past the end: exchange \(exchange.summary.id) has \(timeline.eventCount) events.")
            }
            timeline.seek(toPosition: at)
        }
        if snapshot {
            let text = ReplayApp.snapshot(
                exchange: exchange, at: at ?? timeline.eventCount, width: width, height: height, maxIdle: maxIdle)
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        if plain {
            try await ReplayPlainWriter(timeline: timeline, startPosition: at ?? 0).run()
            return
        }
        try ReplayApp.runInteractive(exchange: exchange, speed: speed, maxIdle: maxIdle, paused: paused, at: at)
    }

    /// The exchange to replay: from --file, from the id, or picked from a list (nil when the user quit).
    private func loadExchange(interactive: Bool) throws -> RecordedExchange? {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("Cannot read \(file): no such file or not readable.")
            }
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            return RecordedExchange.fromSSEBody(Array(data), id: name)
        }
        let path = database.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(
                "No database at \(path): record an exchange first (tapedeck record), pass --db, or use --file X.sse.")
        }
        let store: TapedeckStore
        do {
            store = try TapedeckStore(path: path, readOnly: true)
        } catch {
            throw CommandFailure("\(error)")
        }
        do {
            var reference = id
            if reference == nil {
                if interactive {
                    let exchanges = try store.exchanges(.all)
                    guard !exchanges.isEmpty else {
                        throw CommandFailure("No exchanges in \(path) yet: record one with `tapedeck record`.")
                    }
                    var terminal = try NCursesTerminal(allowColor: true)
                    defer { terminal.restore() }
                    let size = terminal.size
                    let state = ExchangePickerState(exchanges: exchanges, width: size.width, height: size.height)
                    guard let chosen = RunLoop.pick(state, terminal: &terminal) else { return nil }
                    reference = chosen
                } else {
                    reference = "latest"
                }
            }
            let summary = try store.resolve(reference ?? "latest")
            return try store.loadExchange(id: summary.id)
        } catch let error as StoreError {
            throw CommandFailure("\(error)")
        }
    }
}
