import ArgumentParser
import Foundation
import NIOConcurrencyHelpers
import TapedeckCore
import TapedeckStore
import TapedeckTUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replay a recorded session turn by turn, or one exchange event by event, in the terminal.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recorded session turn by turn, or one exchange event by event.",
        discussion: """
            A session opens the session view: its turns on the left (what each request sent that was new, \
            and its outcome), the selected turn's thinking, text and tool input re-streamed with the original \
            timing, and a Request pane (i). Keys: space plays the whole session (waits between turns included, \
            capped by --max-idle), n p next/previous turn, e E next/previous anomaly in the session, \
            enter/tab turn list or panes, i request, s system prompt and tools, x the turn's exchange full \
            screen, ? help, q back to the list (or quit), Q quit.

            An exchange id opens the exchange view: → ← step, ] [ blocks, e E anomalies, + - 0 speed, g G \
            start/end, tab pane, r raw bytes, d diagnostics, ? help, q quit.

            Without an id, pick a session from a list (/ filters). With --snapshot or --plain and no id, the \
            newest session. Examples:
              tapedeck replay latest
              tapedeck replay 5e55 --speed 10 --max-idle 1
              tapedeck replay 3f2a --paused
              tapedeck replay --file Samples/thinking_text.sse --paused
              tapedeck replay latest --plain --speed 100 | less
              tapedeck replay 5e55 --snapshot --turn 3 --at 12 --width 120 --height 40
            """
    )

    @Argument(help: "Session or exchange id, unique id prefix, or `latest` (default: choose a session from a list).")
    var id: String?

    @OptionGroup var database: DatabaseOptions

    /// Which sessions the picker lists (without an id).
    @OptionGroup var filters: SessionFilterOptions

    @Option(
        name: .long, help: ArgumentHelp("Replay a raw .sse file instead of a recorded exchange.", valueName: "path"))
    var file: String?

    @Option(name: .long, help: "Playback speed, 0.1 to 100 (e.g. --speed 10).")
    var speed: Double = 1

    @Option(
        name: .customLong("max-idle"),
        help: "Shorten every silence, and every wait between turns, to at most this many seconds (e.g. --max-idle 1).")
    var maxIdle: Double?

    @Flag(name: .long, help: "Start paused instead of playing.")
    var paused = false

    // `.unconditional`: a negative number is this option's value (then refused by `validate` with a
    // clear message), not an unknown flag that leaves the option "missing a value".
    @Option(
        name: .long, parsing: .unconditional,
        help: "Session: select turn K, 1 for the first (e.g. --turn 3; default 1).")
    var turn: Int?

    @Option(
        name: .long, parsing: .unconditional,
        help:
            "Start at event N of the exchange, or of the selected turn (the state after N events; 0 is before the first)."
    )
    var at: Int?

    @Flag(name: .long, help: "Write thinking, text and tool JSON to stdout as they re-stream (for pipes).")
    var plain = false

    @Flag(name: .long, help: "Print the screen (at --turn K, --at N; default the end) as plain text and exit.")
    var snapshot = false

    @Option(name: .long, help: "Snapshot width in columns.")
    var width: Int = 120

    @Option(name: .long, help: "Snapshot height in rows.")
    var height: Int = 40

    func validate() throws {
        guard speed.isFinite, speed >= PlaybackSpeed.minimum, speed <= PlaybackSpeed.maximum else {
            throw ValidationError("--speed must be between 0.1 and 100 (got \(speed)).")
        }
        if let maxIdle, !(maxIdle.isFinite && maxIdle > 0) {
            throw ValidationError("--max-idle must be a positive number of seconds (got \(maxIdle)).")
        }
        if let at, at < 0 { throw ValidationError("--at must be 0 or more (got \(at)).") }
        if let turn, turn < 1 { throw ValidationError("--turn must be 1 or more (got \(turn)): turns count from 1.") }
        if plain && snapshot { throw ValidationError("Choose one of --plain and --snapshot.") }
        if snapshot && (width < 1 || height < 1 || width > 1000 || height > 1000) {
            throw ValidationError("--width and --height must be between 1 and 1000.")
        }
        if file != nil && id != nil { throw ValidationError("Give either an id or --file, not both.") }
        if !filters.isEmpty && (id != nil || file != nil) {
            throw ValidationError(
                "--outcome, --model and --since choose sessions for the picker; drop them with an id.")
        }
        if file != nil && turn != nil { throw ValidationError("--turn selects a turn of a session; --file has one.") }
    }

    func run() async throws {
        let interactive = !plain && !snapshot
        if interactive && (isatty(STDOUT_FILENO) == 0 || isatty(STDIN_FILENO) == 0) {
            throw CommandFailure(
                "stdout is not a terminal: use --plain to re-stream to a pipe, or --snapshot --at N to print one screen."
            )
        }
        if let file {
            try await replay(exchange: try Self.exchange(fromFile: file), interactive: interactive)
            return
        }
        let store = try await StoreOpening.forReading(database.path)
        do {
            if id == nil && interactive {
                try await pickAndReplay(store)
                return
            }
            switch try await store.resolveRecording(id ?? "latest") {
            case .exchange(let summary):
                if turn != nil {
                    throw CommandFailure(
                        "\(summary.id) is an exchange, not a session: --turn selects a turn of a session.")
                }
                try await replay(exchangeID: summary.id, from: store, interactive: interactive)
            case .session(let summary):
                try await replay(
                    session: try await store.loadSession(id: summary.id, requestBodiesOnDemand: true),
                    interactive: interactive)
            }
        } catch let error as StoreError {
            throw CommandFailure("\(error)")
        }
    }

    /// The exchange view of a stored exchange, drawn as soon as the first page (the events up to `--at` and
    /// 2,000 more) is read; the rest follow in pages behind the interactive view. A snapshot prints that first
    /// screen, so it shows what a user sees first. `--plain` and a snapshot of the end read every event first.
    private func replay(exchangeID: String, from store: any RecordingStore, interactive: Bool) async throws {
        if plain || (snapshot && at == nil) {
            try await replay(exchange: try await store.loadExchange(id: exchangeID), interactive: interactive)
            return
        }
        let pages = ExchangeEventPages(store: store, exchangeID: exchangeID)
        let first = try await pages.first(limit: (at ?? 0) + ExchangeEventPages.firstPageLead)
        if first.isAll {
            try await replay(exchange: first.exchange, interactive: interactive)
            return
        }
        var timeline = Timeline(loading: first.exchange, maxIdle: maxIdle)
        timeline.setSpeed(speed)
        if let at { timeline.seek(toPosition: at) }
        if snapshot {
            FileHandle.standardOutput.write(Data(ReplayApp.snapshot(timeline, width: width, height: height).utf8))
            return
        }
        let inbox = NIOLockedValueBox<[ReplayMessage]>([])
        let lastSequence = first.exchange.events.last?.sequence ?? -1
        let reader = Task {
            await pages.readRest(after: lastSequence) { message in inbox.withLockedValue { $0.append(message) } }
        }
        let (start, paused) = (timeline, self.paused)
        do {
            try await TerminalThread.run {
                try ReplayApp.runInteractive(start, paused: paused) {
                    inbox.withLockedValue { messages in
                        defer { messages = [] }
                        return messages
                    }
                }
            }
        } catch {
            reader.cancel()
            throw error
        }
        reader.cancel()
        await reader.value
    }

    /// The exchange view: a snapshot, plain text, or the interactive replayer.
    private func replay(exchange: RecordedExchange, interactive: Bool) async throws {
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
            if at == nil { timeline.seek(toPosition: timeline.eventCount) }
            let text = ReplayApp.snapshot(timeline, width: width, height: height)
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        if plain {
            try await ReplayPlainWriter(timeline: timeline, startPosition: at ?? 0).run()
            return
        }
        try ReplayApp.runInteractive(timeline, paused: paused)
    }

    /// The session view: a snapshot, plain text turn after turn, or the interactive view.
    private func replay(session: RecordedSession, interactive: Bool) async throws {
        let turnIndex = try checkedTurnIndex(session)
        if snapshot {
            let text = SessionReplayApp.snapshot(
                session: session, turn: turnIndex, at: at, width: width, height: height, maxIdle: maxIdle)
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        if plain {
            try await ReplayPlainWriter.run(
                session: session, fromTurn: turnIndex, startPosition: at ?? 0, speed: speed, maxIdle: maxIdle)
            return
        }
        var terminal = try NCursesTerminal(allowColor: true)
        defer { terminal.restore() }
        let size = terminal.size
        let state = SessionReplayApp.initialState(
            session: session, turn: turnIndex, speed: speed, maxIdle: maxIdle, paused: paused, at: at,
            width: size.width, height: size.height)
        _ = SessionReplayApp.run(state, terminal: &terminal)
    }

    /// The 0-based turn index from --turn, checked against the session, with --at checked against that turn.
    private func checkedTurnIndex(_ session: RecordedSession) throws -> Int {
        let count = session.turns.count
        guard count > 0 else { throw CommandFailure("Session \(session.summary.id) has no exchanges to replay.") }
        let index = (turn ?? 1) - 1
        guard index < count else {
            throw CommandFailure(
                "--turn \(index + 1) is past the end: session \(session.summary.id) has \(count) turns.")
        }
        let events = session.exchanges[index].events.count
        if let at, at > events {
            throw CommandFailure(
                "--at \(at) is past the end: turn \(index + 1) (exchange \(session.exchanges[index].summary.id)) "
                    + "has \(events) events.")
        }
        return index
    }

    /// The session picker, then the chosen session's view; `q` there comes back to the picker, `Q` quits.
    private func pickAndReplay(_ store: any RecordingStore) async throws {
        let listings = try await store.sessions(try filters.filter())
        guard !listings.isEmpty else {
            let total = try await store.sessionCount(.all)
            throw CommandFailure(
                total == 0
                    ? StoreOpening.noRecordingsMessage(store.location)
                    : "No sessions match these filters (\(total) recorded in \(store.location)).")
        }
        var terminal = try NCursesTerminal(allowColor: true)
        defer { terminal.restore() }
        var size = terminal.size
        var picker = SessionPickerState(
            sessions: listings.map { SessionPickerItem(summary: $0.summary, figures: $0.figures) },
            width: size.width, height: size.height)
        while true {
            picker = TerminalProgram.run(picker, terminal: &terminal)
            guard let chosen = picker.chosen else { return }
            let session = try await store.loadSession(id: chosen, requestBodiesOnDemand: true)
            size = terminal.size
            // --turn and --at apply to every session picked, clamped to its turns and events.
            let state = SessionReplayApp.initialState(
                session: session, turn: (turn ?? 1) - 1, speed: speed, maxIdle: maxIdle, paused: paused, at: at,
                width: size.width, height: size.height, openedFromPicker: true)
            if SessionReplayApp.run(state, terminal: &terminal) == .quit { return }
            picker = picker.reopened()
        }
    }

    /// An exchange from a raw .sse file, with synthetic timing.
    private static func exchange(fromFile file: String) throws -> RecordedExchange {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("Cannot read \(file): no such file or not readable.")
        }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return RecordedExchange.fromSSEBody(Array(data), id: name)
    }
}
