import Testing

@testable import TapedeckCore

/// Counts its draws and hands out the values it was given, so a test can see how an id is made from them.
private struct CountingGenerator: RandomNumberGenerator {
    var values: [UInt64]
    var draws = 0

    mutating func next() -> UInt64 {
        defer { draws += 1 }
        return values[draws % values.count]
    }
}

@Suite struct ShortIDTests {
    @Test func anIDIsOneDrawOfItsGeneratorFortyBitsInHexLowNibbleFirst() {
        var generator = CountingGenerator(values: [0xFFFF_FF12_3456_789A])
        let id = ShortID.generate(using: &generator)
        #expect(generator.draws == 1)
        #expect(id == "a987654321")
        #expect(ShortID.isValidPrefix(id))
    }

    @Test func everyOneOfTheFortyBitsReachesTheID() {
        for bit in 0..<40 {
            var zero = CountingGenerator(values: [0])
            var one = CountingGenerator(values: [1 << UInt64(bit)])
            #expect(ShortID.generate(using: &zero) != ShortID.generate(using: &one), "bit \(bit)")
        }
        var high = CountingGenerator(values: [0xFFFF_FF00_0000_0000])
        #expect(ShortID.generate(using: &high) == "0000000000")
    }
}
