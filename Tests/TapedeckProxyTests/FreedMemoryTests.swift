import Foundation
import Testing

@testable import TapedeckProxy

/// After the recorder consumed a large volume of network buffers, their freed memory goes back to the system
/// (issue 11 item 5: it stayed in glibc's arenas and added to the peak when the store wrote the event).
@Suite struct FreedMemoryTests {
    private static func residentKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func freedBuffersInTheMiddleOfTheHeapGoBackToTheSystem() {
        // 64 KiB buffers (the size of a network read), every other one kept: the freed ones lie between live
        // ones, where free() alone cannot give them back.
        let count = 1600
        var buffers: [UnsafeMutableRawPointer] = []
        buffers.reserveCapacity(count)
        for _ in 0..<count {
            guard let buffer = malloc(65_000) else { continue }
            memset(buffer, 0x5A, 65_000)
            buffers.append(buffer)
        }
        for index in stride(from: 0, to: buffers.count, by: 2) { free(buffers[index]) }
        let before = Self.residentKB()
        FreedMemory.release()
        let after = Self.residentKB()
        for index in stride(from: 1, to: buffers.count, by: 2) { free(buffers[index]) }
        // About 50 MB were freed; most of it must leave the resident set.
        #expect(before - after > 25_000, "resident \(before) KB before, \(after) KB after")
    }
}
