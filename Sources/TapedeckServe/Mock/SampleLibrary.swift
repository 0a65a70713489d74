import Foundation

/// Named samples, loaded from a Samples/ directory (tests) or from the copies compiled into the
/// binary (`tapedeck demo`, which must need no files at run time).
public struct SampleLibrary: Sendable {
    /// Samples by name.
    public var samples: [String: Sample]

    /// Creates a library from sample values.
    public init(_ samples: [Sample]) {
        self.samples = Dictionary(samples.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The samples compiled into the binary by Scripts/embed-samples.py.
    public static var embedded: SampleLibrary { SampleLibrary(EmbeddedSamples.all) }

    /// Loads every `NAME.sse` in `directory` with its `NAME.request.json` and `NAME.expected.json`.
    public init(directory: URL) throws {
        let manager = FileManager.default
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw SampleLibraryError.unreadableDirectory(directory.path, "\(error.localizedDescription)")
        }
        let outcomes = Self.manifestOutcomes(directory.appendingPathComponent("manifest.json"))
        var loaded: [Sample] = []
        for file in names.sorted() where file.hasSuffix(".sse") {
            let stem = String(file.dropLast(4))
            let sse = try Self.read(directory.appendingPathComponent(file))
            let request = try? Self.read(directory.appendingPathComponent(stem + ".request.json"))
            let expected = try? Self.read(directory.appendingPathComponent(stem + ".expected.json"))
            loaded.append(
                Sample(name: stem, outcome: outcomes[stem], sse: sse, request: request, expected: expected))
        }
        self.init(loaded)
    }

    /// Sample names in sorted order.
    public var names: [String] { samples.keys.sorted() }

    /// The sample called `name`, or nil.
    public subscript(name: String) -> Sample? { samples[name] }

    /// The sample called `name`, or an error naming the samples that exist.
    public func sample(_ name: String) throws -> Sample {
        guard let sample = samples[name] else {
            throw SampleLibraryError.unknownSample(name, available: names)
        }
        return sample
    }

    /// `name` → `outcome` from manifest.json; empty when there is no (readable) manifest.
    private static func manifestOutcomes(_ url: URL) -> [String: String] {
        guard let data = try? Data(contentsOf: url),
            let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [:] }
        var outcomes: [String: String] = [:]
        for entry in entries {
            if let name = entry["name"] as? String, let outcome = entry["outcome"] as? String {
                outcomes[name] = outcome
            }
        }
        return outcomes
    }

    private static func read(_ url: URL) throws -> [UInt8] {
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw SampleLibraryError.unreadableFile(url.path, "\(error.localizedDescription)")
        }
    }
}

/// Why samples could not be loaded.
public enum SampleLibraryError: Error, CustomStringConvertible {
    /// The directory could not be listed.
    case unreadableDirectory(String, String)
    /// A sample file could not be read.
    case unreadableFile(String, String)
    /// No sample has this name.
    case unknownSample(String, available: [String])

    /// A sentence for the user.
    public var description: String {
        switch self {
        case .unreadableDirectory(let path, let reason): "cannot list samples in \(path): \(reason)"
        case .unreadableFile(let path, let reason): "cannot read sample file \(path): \(reason)"
        case .unknownSample(let name, let available):
            "no sample named \"\(name)\" (available: \(available.joined(separator: ", ")))"
        }
    }
}
