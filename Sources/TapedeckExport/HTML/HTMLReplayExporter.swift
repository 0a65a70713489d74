import Foundation
import TapedeckCore

/// `tapedeck export --format html`: one self-contained page that replays an exchange or a whole session in a
/// browser like `tapedeck replay` does in a terminal. Script, styles and data are inline and a Content Security
/// Policy forbids every load, so opening the file never touches the network.
public enum HTMLReplayExporter {
    /// The page for one exchange.
    public static func export(_ exchange: RecordedExchange, options: HTMLReplayOptions = HTMLReplayOptions()) -> String
    {
        let data = ReplayPageData(exchange: exchange, options: options)
        let title = "tapedeck replay · exchange \(exchange.summary.id)"
        let banner = HTMLReplayBanner.text(exchanges: [exchange], session: nil, options: options)
        return page(data: data, title: title, banner: banner)
    }

    /// The page for a session: the turn list, the Request pane, each turn's exchange.
    public static func export(_ session: RecordedSession, options: HTMLReplayOptions = HTMLReplayOptions()) -> String {
        let data = ReplayPageData(session: session, options: options)
        let title = "tapedeck replay · session \(session.summary.id)"
        let banner = HTMLReplayBanner.text(exchanges: session.exchanges, session: session.summary, options: options)
        return page(data: data, title: title, banner: banner)
    }

    /// The template with its placeholders filled; the data is JSON in which `<` is escaped, so no text from the
    /// recording can close the script element it sits in.
    static func page(data: ReplayPageData, title: String, banner: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(data)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let safe = json.replacingOccurrences(of: "<", with: "\\u003c")
        let template = String(decoding: PackageResources.replay_html, as: UTF8.self)
        // One pass over the template, so a placeholder-like text inside the data is never replaced.
        var output = ""
        output.reserveCapacity(template.utf8.count + safe.utf8.count + 64_000)
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = rest[open.upperBound..<close.lowerBound]
            switch name {
            case "CSS": output += String(decoding: PackageResources.replay_css, as: UTF8.self)
            case "JS": output += String(decoding: PackageResources.replay_js, as: UTF8.self)
            case "DATA": output += safe
            case "TITLE": output += escaped(title)
            case "BANNER": output += escaped(banner)
            case "KIND": output += data.kind
            case "VERSION": output += TapedeckVersion.string
            default: output += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        output += rest
        return output
    }

    /// Text safe inside HTML elements and attribute values.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
