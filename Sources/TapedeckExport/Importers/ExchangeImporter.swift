import Foundation
import TapedeckCore

/// `tapedeck import`: reads one file of any supported format into exchanges, all of it or nothing.
///
/// Parsing never touches the database; the caller inserts a file's exchanges only after the whole
/// file parsed, so a bad file is never half-imported.
public enum ExchangeImporter {
    /// Reads and parses the file at `path` (and, for .sse, the NAME.request.json beside it), secret headers
    /// and query parameters redacted by `redactor`.
    public static func read(
        path: String, now: Date = Date(), redactor: HeaderRedactor = HeaderRedactor()
    ) throws(ImportError) -> [RecordedExchange] {
        let bytes = try readFile(path)
        let parsed = try parse(path: path, bytes: bytes, now: now)
        // JSONL keeps the ids it was exported with; other formats carry none, so theirs come from the content.
        let keepsIDs = ImportFormat.detect(path: path, bytes: bytes) == .jsonl
        return parsed.map { exchange in
            var exchange = redactor.redact(exchange)
            if !keepsIDs { exchange.summary.id = contentID(exchange) }
            return exchange
        }
    }

    /// An id from what was exchanged (request line and body, status, every event and trailing byte), not from
    /// when the file was read: the same recording imported twice has the same id.
    static func contentID(_ exchange: RecordedExchange) -> String {
        let summary = exchange.summary
        var content = Array("\(summary.method) \(summary.path)?\(summary.query ?? "") \(summary.status ?? 0)\n".utf8)
        content += summary.requestBody
        content.append(0)
        for event in exchange.events { content += event.raw }
        content.append(0)
        content += exchange.trailingBytes
        return ShortID.derived(from: content)
    }

    private static func parse(path: String, bytes: [UInt8], now: Date) throws(ImportError) -> [RecordedExchange] {
        guard let format = ImportFormat.detect(path: path, bytes: bytes) else {
            throw ImportError(
                file: path,
                problem: "unknown format; tapedeck imports .sse (event stream), .har (HTTP Archive) and .jsonl "
                    + "(tapedeck export --format jsonl) files")
        }
        switch format {
        case .jsonl:
            return try JSONLImporter.parse(bytes, file: path)
        case .har:
            return try HARImporter.parse(bytes, file: path)
        case .sse:
            let requestPath = SSEImporter.requestPath(forSSE: path)
            let requestBody = FileManager.default.fileExists(atPath: requestPath) ? try readFile(requestPath) : nil
            let started = modificationNanos(path) ?? Int64(now.timeIntervalSince1970 * 1e9)
            return [
                try SSEImporter.parse(
                    bytes, file: path, requestBody: requestBody, requestFile: requestPath, startedAtNanos: started)
            ]
        }
    }

    static func readFile(_ path: String) throws(ImportError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError(file: path, problem: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ImportError(file: path, problem: "is a directory; pass the files inside it")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError(file: path, problem: "cannot be read; check its permissions")
        }
        return [UInt8](data)
    }

    /// The file's modification time: the best guess of when a bare .sse body was recorded.
    static func modificationNanos(_ path: String) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let date = attributes[.modificationDate] as? Date
        else { return nil }
        return Int64((date.timeIntervalSince1970 * 1e9).rounded())
    }
}
