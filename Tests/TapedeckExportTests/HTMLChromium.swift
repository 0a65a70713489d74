import Foundation
import TapedeckTestSupport
import Testing

/// Headless Chromium from Debian's `chromium` package (Scripts/bootstrap.sh installs it), run as CI runs it:
/// as root, so without the sandbox; a fresh profile per run so runs in parallel never share one.
enum HTMLChromium {
    /// `chromium` on PATH, else nil (the tests then fail saying how to install it).
    static var path: String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        for directory in directories + ["/usr/bin"] {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The DOM after the page at `url` loaded (and, with a budget, after that much virtual time), as serialized
    /// by `--dump-dom`; nil after recording an issue when Chromium is missing or fails.
    static func dumpDOM(_ url: URL, hash: String = "", extraArguments: [String] = [], virtualTimeBudget: Int? = 5_000)
        throws -> String?
    {
        guard let path else {
            Issue.record("chromium is not installed: run Scripts/bootstrap.sh (apt-get install chromium)")
            return nil
        }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("tapedeck-chromium-\(UUID())")
        defer { try? FileManager.default.removeItem(at: profile) }
        var arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(profile.path)", "--dump-dom",
        ]
        if let virtualTimeBudget { arguments.append("--virtual-time-budget=\(virtualTimeBudget)") }
        arguments += extraArguments
        arguments.append(url.absoluteString + hash)
        // coreutils' timeout: a hung browser must not hang the suite.
        let run = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/timeout"), ["90", path] + arguments)
        guard run.status == 0 else {
            Issue.record("chromium exited with status \(run.status) on \(url.lastPathComponent)\(hash)")
            return nil
        }
        return run.stdout
    }

    /// Text of a serialized text node: the entities `--dump-dom` writes, decoded.
    static func unescape(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&nbsp;", with: "\u{a0}")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The text content of the first element `<tag id="id">` in a dumped DOM (no nested element of the same tag).
    static func element(_ tag: String, id: String, in dom: String) -> String? {
        guard let open = dom.range(of: "<\(tag) id=\"\(id)\"") else { return nil }
        guard let start = dom[open.upperBound...].range(of: ">"),
            let end = dom[start.upperBound...].range(of: "</\(tag)>")
        else { return nil }
        return unescape(String(dom[start.upperBound..<end.lowerBound]))
    }
}
