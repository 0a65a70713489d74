import Foundation
import TapedeckCore
import TapedeckTestSupport
import Testing

@testable import TapedeckExport

/// The HTML replay in a real browser (headless Chromium), through the CLI as a user runs it: `tapedeck export ID
/// --format html`, opened at `#event=N` / `#turn=K&event=N`, compared with `tapedeck replay --snapshot` of the
/// same recording at the same place. Three browser launches: one page of frames holding every state, one page
/// opened on its own (deep link, Content Security Policy), one 10,000-event session (time to interactive).
@Suite("HTML replay in Chromium")
struct HTMLReplayBrowserTests {
    /// Samples checked in the exchange view, and the events to open them at besides the end.
    static let exchangeStates: [(sample: String, events: [Int?])] = [
        ("tool_use_parallel", [12, 30, nil]), ("thinking_text", [6, nil]), ("error_midstream", [nil]),
        ("cut_before_stop", [nil]), ("unknown_event", [nil]), ("server_tool_web_search", [nil]),
        ("redacted_thinking", [nil]), ("citations", [nil]), ("unicode", [9, nil]),
    ]

    /// One place to open a page at, and the terminal's screen for it.
    struct State {
        var page: String
        var hash: String
        var snapshot: HTMLTerminalSnapshot
        var session: Bool
    }

    @Test("every pane, status row and turn row in the page equals the terminal replayer's at the same event")
    func pagesMatchTheTerminal() throws {
        let work = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let exchanges = work.appendingPathComponent("exchanges")
        let sessions = work.appendingPathComponent("sessions")
        for directory in [exchanges, sessions] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        var states: [State] = []

        // Exchanges: the Samples with their timing, imported as a user would, exported one page each.
        var lines = ""
        for (number, entry) in Self.exchangeStates.enumerated() {
            lines += JSONLExporter.export([try SampleExchanges.exchange(entry.sample, id: "e00000000\(number)")])
        }
        try Data(lines.utf8).write(to: exchanges.appendingPathComponent("samples.jsonl"))
        try #require(try Self.run(["import", "samples.jsonl"], in: exchanges).status == 0)
        for (number, entry) in Self.exchangeStates.enumerated() {
            let id = "e00000000\(number)"
            let export = try Self.run(["export", id, "--format", "html", "-o", "\(id).html"], in: exchanges)
            try #require(export.status == 0, "\(export.stderr)")
            for event in entry.events {
                var arguments = ["replay", id, "--snapshot", "--width", "99", "--height", "150"]
                if let event { arguments += ["--at", String(event)] }
                let snapshot = try Self.run(arguments, in: exchanges)
                try #require(snapshot.status == 0, "\(snapshot.stderr)")
                states.append(
                    State(
                        page: "exchanges/\(id).html", hash: event.map { "#event=\($0)" } ?? "",
                        snapshot: HTMLTerminalSnapshot(snapshot.text), session: false))
            }
        }

        // A session: a tool loop with a 529 retried, a side thread, a cut last turn.
        let (sessionID, turns) = try Self.importSession(into: sessions)
        try #require(turns >= 4, "the tool loop, the 529, its retry and the cut follow-up are one session")
        let export = try Self.run(["export", sessionID, "--format", "html", "-o", "session.html"], in: sessions)
        try #require(export.status == 0, "\(export.stderr)")
        let prompt = "What is the weather like in San Francisco?"
        let page = try String(contentsOf: sessions.appendingPathComponent("session.html"), encoding: .utf8)
        #expect(page.contains(prompt) && page.contains("It also contains the prompts"))
        let bare = try Self.run(["export", sessionID, "--format", "html", "--no-request-bodies"], in: sessions)
        #expect(bare.status == 0 && !bare.text.contains(prompt) && bare.text.contains("--no-request-bodies"))
        let refused = try Self.run(["export", sessionID, "--format", "md", "--no-request-bodies"], in: sessions)
        #expect(refused.status != 0 && refused.stderr.contains("--no-request-bodies applies to --format html"))
        let places: [(Int, Int?)] = Array(1...turns).map { ($0, nil) } + [(turns - 1, 0), (turns, 3)]
        for (turn, event) in places {
            var arguments = [
                "replay", sessionID, "--snapshot", "--turn", String(turn), "--width", "130", "--height", "150",
            ]
            if let event { arguments += ["--at", String(event)] }
            let snapshot = try Self.run(arguments, in: sessions)
            try #require(snapshot.status == 0, "\(snapshot.stderr)")
            let hash = "#turn=\(turn)" + (event.map { "&event=\($0)" } ?? "")
            states.append(
                State(
                    page: "sessions/session.html", hash: hash, snapshot: HTMLTerminalSnapshot(snapshot.text),
                    session: true))
        }
        // The raw and diagnostics boxes of a cut stream, by address.
        let cut = Self.exchangeStates.firstIndex { $0.sample == "cut_before_stop" } ?? 0
        let boxes = ["#box=raw", "#box=diag"].map { "exchanges/e00000000\(cut).html" + $0 }
        // Playback: an exchange at 1× (1.2 s), the whole session at 10× (waits between turns included).
        let played = ["exchanges/e000000000.html#event=0", "sessions/session.html#turn=1&event=0"]

        let frames = try Self.framesOf(
            states.map { $0.page + $0.hash } + boxes + played, in: work,
            playing: [states.count + 2: 1, states.count + 3: 10])
        try #require(frames.count == states.count + 4)
        for (state, frame) in zip(states, frames) {
            Self.compare(state, frame)
        }

        let raw = frames[states.count]
        let body = try SampleExchanges.bytes("cut_before_stop", ".sse")
        let tail = String(decoding: body.suffix(24), as: UTF8.self)
        #expect(raw["box"]?.stringValue?.contains("trailing fragment:") == true)
        #expect(raw["box"]?.stringValue?.contains(tail) == true, "the raw box shows the unfinished bytes")
        let diag = frames[states.count + 1]["box"]?.stringValue ?? ""
        #expect(diag.contains("at end  partial") && diag.contains("at end: error missing_message_stop"))
        let count = try SampleExchanges.exchange("cut_before_stop").events.count
        #expect(!diag.contains("event \(count + 1)"), "nothing is numbered past the last event")

        // Keys move the cursor and the address follows: the first frame is tool_use_parallel at event 12.
        let keys = frames[0]
        #expect(keys["afterStep"]?["hash"]?.stringValue == "#event=13")
        #expect(keys["afterStep"]?["row1"]?.stringValue?.contains("event 13/") == true)
        #expect(keys["afterEnd"]?["hash"]?.stringValue == "#event=31")
        let sessionFrame = frames[states.firstIndex { $0.session } ?? 0]
        #expect(sessionFrame["afterStep"]?["hash"]?.stringValue == "#turn=2&event=0", "n selects the next turn")

        // Played on the page's clock (Chromium's virtual time): mid-stream after 0.6 s, at the end and paused after
        // 2.5 s; the session at 10× goes through every turn and stops at the end of the last one.
        let exchangePlay = frames[states.count + 2]
        let midway = exchangePlay["midway"]?["row1"]?.stringValue ?? ""
        let midwayEvent = Int(midway.firstMatch(of: /event (\d+)\/31/).map { String($0.1) } ?? "") ?? -1
        #expect((1..<31).contains(midwayEvent), "\(midway)")
        #expect(exchangePlay["played"]?["hash"]?.stringValue == "#event=31")
        #expect(exchangePlay["played"]?["row0"]?.stringValue?.contains("‖ paused") == true)
        let sessionPlay = frames[states.count + 3]["played"]
        #expect(sessionPlay?["row0"]?.stringValue?.contains("turn \(turns)/\(turns)") == true)
        #expect(sessionPlay?["row0"]?.stringValue?.contains("‖ paused 10×") == true)
        #expect(sessionPlay?["hash"]?.stringValue?.hasPrefix("#turn=\(turns)&event=") == true)
    }

    @Test("a page opened on its own loads nothing: the CSP blocks a planted image; the deep link opens its state")
    func noRequestLeavesThePage() throws {
        let work = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let page = HTMLReplayExporter.export(try SampleSession.session())
        let probe = #"""
            <script>document.addEventListener('securitypolicyviolation', function (e) {
              document.documentElement.dataset.blocked = (document.documentElement.dataset.blocked || '') + e.blockedURI + ' ';
            });</script><img id="probe" alt="" src="http://127.0.0.1:9/probe.png">
            """#
        let planted = page.replacingOccurrences(
            of: "<body class=\"session\">", with: "<body class=\"session\">" + probe)
        #expect(planted != page)
        let url = work.appendingPathComponent("probe.html")
        try Data(planted.utf8).write(to: url)
        let dom = try #require(try HTMLChromium.dumpDOM(url, hash: "#turn=5&event=3"))
        #expect(dom.contains(#"data-blocked="http://127.0.0.1:9/probe.png "#), "the page's CSP blocks loads")
        let row1 = HTMLChromium.element("div", id: "row1", in: dom) ?? ""
        #expect(row1.contains("event 3/"), "\(row1)")
        let row0 = HTMLChromium.element("div", id: "row0", in: dom) ?? ""
        #expect(row0.contains("turn 5/5"), "\(row0)")
    }

    @Test("a 10,000-event session opens and is interactive in under a second")
    func largeSessionOpensFast() throws {
        let work = try SampleExchanges.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let base = try SampleSession.session()
        // Ten 1,000-event answers around a tool call (long_session alone takes seconds to export in a debug build).
        var exchanges: [RecordedExchange] = []
        for index in 0..<11 {
            var exchange =
                index == 5
                ? try SampleExchanges.exchange("tool_use_parallel", id: "f0000000\(index + 10)")
                : try HTMLReplayDataTests.exchange(events: 1_000, id: "f0000000\(index + 10)")
            exchange.summary.startedAtNanos += Int64(index) * 30_000_000_000
            exchange.summary.sessionID = base.summary.id
            exchanges.append(exchange)
        }
        let session = RecordedSession(summary: base.summary, exchanges: exchanges)
        let events = exchanges.reduce(0) { $0 + $1.events.count }
        #expect(events > 10_000)
        let clock = ContinuousClock()
        var page = ""
        let exportTime = clock.measure { page = HTMLReplayExporter.export(session) }
        let url = work.appendingPathComponent("large.html")
        try Data(page.utf8).write(to: url)
        // Best of two loads: a machine busy with other builds and tests can starve one browser start.
        var best = Int.max
        var dom = ""
        for attempt in 1...2 where best >= 1_000 {
            let started = clock.now
            dom = try #require(try HTMLChromium.dumpDOM(url, hash: "#turn=3&event=500", virtualTimeBudget: nil))
            let launch = clock.now - started
            let ready = Int(dom.firstMatch(of: /data-ready-ms="(\d+)"/).map { String($0.1) } ?? "") ?? Int.max
            let script = dom.firstMatch(of: /data-script-ms="(\d+)"/).map { String($0.1) } ?? "?"
            print(
                "large session (load \(attempt)): \(events) events, page \(page.utf8.count) bytes, export \(exportTime), "
                    + "ready \(ready) ms after navigation start (\(script) ms of it in the page's script), "
                    + "browser launch to DOM dump \(launch)")
            best = min(best, ready)
        }
        #expect(best < 1_000)
        #expect(HTMLChromium.element("div", id: "row1", in: dom)?.contains("event 500/1000") == true)
    }

    // MARK: Helpers

    /// Compares one page state with the terminal's screen for it.
    static func compare(_ state: State, _ frame: JSONValue) {
        let place = "\(state.page)\(state.hash)"
        let snapshot = state.snapshot
        let width = state.session ? 130 : 99
        let panes = snapshot.panes(fromColumn: state.session ? 40 : 0, stripRow: 150 - 3)
        let pagePanes = frame["panes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for (index, title) in ["Thinking", "Text", "Tools"].enumerated() {
            let terminal = HTMLTerminalSnapshot.squeezed(panes[title] ?? "<missing>")
            let page = HTMLTerminalSnapshot.squeezed(index < pagePanes.count ? pagePanes[index] : "")
            #expect(page == terminal, "\(place): \(title) pane\n page: \(page)\n term: \(terminal)")
        }
        for row in [0, 1] {
            let terminal = snapshot.row(row)
            let page = frame["row\(row)"]?.stringValue ?? ""
            #expect(
                HTMLTerminalSnapshot.sameStatus(terminal: terminal, page: page, cut: terminal.count >= width - 1),
                "\(place): status row \(row)\n page: \(page)\n term: \(terminal)")
        }
        guard state.session else { return }
        let rows = frame["turns"]?.arrayValue ?? []
        let terminalRows = snapshot.turnRows(count: rows.count, width: 39)
        for (row, terminal) in zip(rows, terminalRows) {
            let label = row[0]?.stringValue ?? ""
            let input = row[1]?.stringValue ?? ""
            let code = row[2]?.stringValue ?? ""
            let left = terminal.dropLast(code.count).trimmingCharacters(in: .whitespaces)
            let stem = left.hasSuffix("…") ? String(left.dropLast()) : left
            #expect(terminal.hasSuffix(" " + code), "\(place): turn row \(terminal) ends with \(code)")
            #expect(
                HTMLTerminalSnapshot.squeezed("\(label) \(input)").hasPrefix(HTMLTerminalSnapshot.squeezed(stem)),
                "\(place): turn row \(label) \(input) vs \(terminal)")
        }
    }

    /// Opens every `page#hash` (relative to `directory`) in a frame of one page, in one browser launch, and returns
    /// what each shows; the first of each kind also gets keys pressed (`l` then `G`, or `n` in a session).
    /// Frames in `playing` get their speed button pressed and space, and are captured again 0.6 s and 2.5 s later.
    static func framesOf(_ pages: [String], in directory: URL, playing: [Int: Int] = [:]) throws -> [JSONValue] {
        let frames = pages.enumerated().map { index, page -> String in
            let play = playing[index].map { #" data-play="\#($0)""# } ?? ""
            return #"<iframe width="1200" height="700"\#(play) src="\#(page)"></iframe>"#
        }.joined(separator: "\n")
        let harness = """
            <!DOCTYPE html><html><body>
            \(frames)
            <pre id="out"></pre>
            <script>
            function capture(w) {
              var d = w.document, text = function (id) { var n = d.getElementById(id); return n ? n.textContent : null; };
              var overlay = d.getElementById('overlay');
              return {
                hash: w.location.hash, row0: text('row0'), row1: text('row1'),
                panes: ['thinking', 'text', 'tools'].map(function (p) {
                  return Array.prototype.map.call(d.querySelectorAll('#pane-' + p + ' .body > div'),
                    function (n) { return n.textContent; }).join('\\n');
                }),
                turns: Array.prototype.map.call(d.querySelectorAll('#turn-list li'), function (li) {
                  return [li.children[0].textContent, li.children[1].textContent, li.children[2].textContent];
                }),
                box: overlay && !overlay.hidden ? text('box-title') + '\\n' + text('box-body') : null
              };
            }
            function press(w, key) { w.document.dispatchEvent(new w.KeyboardEvent('keydown', { key: key, bubbles: true })); }
            window.addEventListener('load', function () {
              var results = [], pressedExchange = false, pressedSession = false;
              document.querySelectorAll('iframe').forEach(function (frame) {
                var w = frame.contentWindow, result = capture(w);
                results.push(result);
                if (frame.dataset.play) {
                  w.document.querySelector('[data-speed="' + frame.dataset.play + '"]').click();
                  press(w, ' ');
                  setTimeout(function () { result.midway = capture(w); }, 600);
                  setTimeout(function () { result.played = capture(w); }, 2500);
                  return;
                }
                var session = w.document.body.classList.contains('session');
                if (!session && !pressedExchange) {
                  pressedExchange = true;
                  press(w, 'l'); result.afterStep = capture(w);
                  press(w, 'G'); result.afterEnd = capture(w);
                } else if (session && !pressedSession) {
                  pressedSession = true;
                  press(w, 'n'); press(w, 'g'); result.afterStep = capture(w);
                }
              });
              setTimeout(function () { document.getElementById('out').textContent = JSON.stringify(results); }, 3000);
            });
            </script></body></html>
            """
        let url = directory.appendingPathComponent("harness.html")
        try Data(harness.utf8).write(to: url)
        guard
            let dom = try HTMLChromium.dumpDOM(
                url, extraArguments: ["--allow-file-access-from-files"], virtualTimeBudget: 10_000),
            let out = HTMLChromium.element("pre", id: "out", in: dom)
        else { return [] }
        return try JSONValue.parse(out).arrayValue ?? []
    }

    /// Imports the sample session into `directory`'s database; its id and turn count.
    static func importSession(into directory: URL) throws -> (String, Int) {
        try CLIProcessTests.importSession(into: directory)
    }

    /// `tapedeck ARGS` in `directory` with its own database (the CLI tests' runner).
    static func run(_ arguments: [String], in directory: URL) throws -> ProcessOutput {
        try CLIProcessTests.run(arguments, in: directory)
    }
}
