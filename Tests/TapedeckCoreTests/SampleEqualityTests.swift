import Foundation
import TapedeckTestSupport
import Testing

@testable import TapedeckCore

/// The corpus in Samples/: every sample's assembled message must equal what the official Python SDK
/// assembles from the same bytes (`NAME.expected.json`).
@Suite struct SampleEqualityTests {
    struct Sample: Sendable, CustomStringConvertible {
        let name: String
        let complete: Bool
        let outcome: String
        var description: String { name }
    }

    static let samplesDirectory = Repository.samples

    static let samples: [Sample] = {
        let url = samplesDirectory.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: url), let manifest = try? JSONValue.parse(bytes: data),
            let entries = manifest.arrayValue
        else { return [] }
        return entries.compactMap { entry in
            guard let name = entry["name"]?.stringValue, let complete = entry["complete"]?.boolValue else { return nil }
            return Sample(name: name, complete: complete, outcome: entry["outcome"]?.stringValue ?? "")
        }
    }()

    static func assembled(_ name: String) throws -> MessageAssembler {
        let bytes = try Data(contentsOf: samplesDirectory.appendingPathComponent("\(name).sse"))
        var parser = SSEParser()
        var assembler = MessageAssembler()
        for event in parser.feed(bytes) { assembler.apply(event) }
        assembler.finish(trailing: parser.finish())
        return assembler
    }

    static func expected(_ name: String) throws -> JSONValue {
        try JSONValue.parse(
            bytes: try Data(contentsOf: samplesDirectory.appendingPathComponent("\(name).expected.json")))
    }

    @Test func theManifestListsSamples() {
        #expect(Self.samples.count >= 10)
    }

    @Test(arguments: samples)
    func messageJSONEqualsThePythonSDK(_ sample: Sample) throws {
        let message = try Self.assembled(sample.name).message
        let expected = try Self.expected(sample.name)
        let actual = message.messageJSON()
        #expect(
            actual == expected,
            "\(sample.name):\n\(actual.serialized(pretty: true, sortedKeys: true))\n--- expected ---\n\(expected.serialized(pretty: true, sortedKeys: true))"
        )
        #expect(message.isComplete == sample.complete)
    }

    @Test(arguments: samples.filter(\.complete))
    func completeSamplesHaveNoWarnings(_ sample: Sample) throws {
        let message = try Self.assembled(sample.name).message
        #expect(message.diagnostics.allSatisfy { $0.severity == .info }, "\(message.diagnostics.elements)")
        #expect(message.content.allSatisfy { $0.isStopped })
        #expect(message.streamOutcome == .complete)
        #expect(message.firstContentDeltaEvent != nil)
        for block in message.content where block.kind.takesToolInput && !block.inputJSON.isEmpty {
            guard case .valid = block.finalInput else {
                Issue.record("\(sample.name) block \(block.index): \(String(describing: block.finalInput))")
                continue
            }
        }
    }

    @Test func unknownEventsAndDeltasAreReportedAsInfo() throws {
        let message = try Self.assembled("unknown_event").message
        let kinds = Set(message.diagnostics.map(\.kind))
        #expect(kinds == [.unknownEventType, .unknownDeltaType])
        #expect(message.content.contains { !$0.unappliedDeltas.isEmpty })
    }

    @Test func errorMidstreamIsAPartialMessageWithTheError() throws {
        let message = try Self.assembled("error_midstream").message
        #expect(message.error?.type == "overloaded_error")
        #expect(message.streamOutcome == .errorEvent)
        let kinds = message.diagnostics.map(\.kind)
        #expect(kinds.contains(.errorEvent))
        #expect(kinds.contains(.blockNeverStopped))
        #expect(kinds.last == .missingMessageStop)
    }

    @Test func cutBeforeStopNamesTheTrailingFragment() throws {
        let message = try Self.assembled("cut_before_stop").message
        #expect(message.streamOutcome == .upstreamDisconnect)
        #expect(message.trailingFragmentSize ?? 0 > 0)
        let missing = message.diagnostics.first { $0.kind == .missingMessageStop }
        #expect(missing?.message.contains("bytes of an unfinished event") == true)
        #expect(missing?.eventIndex == message.eventCount)
        #expect(message.diagnostics.contains { $0.kind == .blockNeverStopped })
    }
}
