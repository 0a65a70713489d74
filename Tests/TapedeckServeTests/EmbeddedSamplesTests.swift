import Testing

@testable import TapedeckServe

@Suite struct EmbeddedSamplesTests {
    @Test func embeddedCopiesEqualTheFilesInSamples() throws {
        let files = try Fixtures.library()
        let embedded = SampleLibrary.embedded
        #expect(embedded.names == EmbeddedSamples.names.sorted())
        #expect(!EmbeddedSamples.all.isEmpty, "run Scripts/embed-samples.py")
        for sample in EmbeddedSamples.all {
            let file = try #require(
                files[sample.name], "Samples/\(sample.name).sse is gone; rerun Scripts/embed-samples.py")
            #expect(sample == file, "embedded \(sample.name) differs from Samples/; rerun Scripts/embed-samples.py")
        }
    }

    @Test func embeddedSamplesIncludeAFailureAndACutStream() {
        let names = Set(EmbeddedSamples.names)
        #expect(names.isSuperset(of: ["text_basic", "error_midstream", "cut_before_stop"]))
        #expect(!names.contains("long_session"))
    }
}
