import ArgumentParser
import TapedeckCore
import TapedeckStore

/// `--outcome`, `--model`, `--since`: how `ls`, `export --all`, `stats` and the replay picker narrow recordings,
/// parsed one way everywhere (as swift-argument-parser's examples share an `Options` group between commands).
struct SessionFilterOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only these outcomes, comma-separated or repeated, or `failed` for every failure "
                + "(e.g. --outcome error_event,timeout).",
            valueName: "outcome"))
    var outcome: [String] = []

    @Option(
        name: .long, help: ArgumentHelp("Only models containing this text (e.g. --model sonnet).", valueName: "text"))
    var model: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only what started in this last span or since this date (e.g. 2h, 30m, 7d, 2026-11-25).", valueName: "when")
    )
    var since: String?

    func validate() throws {
        _ = try outcomes()
        _ = try sinceNanos()
    }

    /// Whether no filter was given.
    var isEmpty: Bool { outcome.isEmpty && model == nil && since == nil }

    /// The one filter the options mean; `since` stands in when `--since` was not given (stats: the last 24 h).
    func filter(limit: Int? = nil, since defaultSince: String? = nil) throws -> ExchangeFilter {
        var filter = ExchangeFilter(model: model, sinceNanos: try sinceNanos(default: defaultSince), limit: limit)
        let (outcomes, failuresOnly) = try outcomes()
        filter.outcomes = outcomes
        filter.failuresOnly = failuresOnly
        return filter
    }

    /// `--outcome` as outcomes and/or "every failure": names are case-insensitive, `-` may stand for `_`,
    /// `failed` (or `failure`, `failures`) means every failure, and `failed,complete` means either.
    func outcomes() throws -> (Set<ExchangeOutcome>?, Bool) {
        var outcomes: Set<ExchangeOutcome> = []
        var failuresOnly = false
        for value in outcome.flatMap({ $0.split(separator: ",") }) {
            let name = value.trimmingCharacters(in: .whitespaces).lowercased()
            if name == "failed" || name == "failure" || name == "failures" {
                failuresOnly = true
            } else if let parsed = ExchangeOutcome(rawValue: name.replacingOccurrences(of: "-", with: "_")) {
                outcomes.insert(parsed)
            } else {
                let valid = (ExchangeOutcome.allCases.map(\.rawValue) + ["failed"]).joined(separator: ", ")
                throw ValidationError("--outcome \"\(name)\" is not an outcome; use one or more of: \(valid).")
            }
        }
        if failuresOnly && !outcomes.isEmpty {
            outcomes.formUnion(ExchangeOutcome.allCases.filter(\.isFailure))
            return (outcomes, false)
        }
        return (outcomes.isEmpty ? nil : outcomes, failuresOnly)
    }

    /// `--since` (or `fallback`) as nanoseconds since the epoch.
    func sinceNanos(default fallback: String? = nil) throws -> Int64? {
        guard let text = since ?? fallback else { return nil }
        guard let nanos = DurationParsing.sinceNanos(text) else {
            throw ValidationError("--since \"\(text)\" is not a time; \(DurationParsing.formatHelp).")
        }
        return nanos
    }
}
