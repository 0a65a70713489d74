import Foundation
import Testing

@testable import TapedeckCore

/// Recorder threads carry their names to the OS (Linux keeps 15 bytes; Foundation's `Thread.name` did not reach
/// it for `tapedeck.capture`), so a profile or the benchmark's per-thread CPU tells recording from forwarding.
@Suite struct RecorderThreadNameTests {
    @Test(arguments: [ThreadName.capture, ThreadName.store]) func aThreadNamesItselfForTheOS(_ name: String) async {
        #if os(Linux)
            let seen = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
                let thread = Thread {
                    ThreadName.setCurrent(name)
                    let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
                    continuation.resume(returning: comm.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                thread.start()
            }
            #expect(seen == name)
            #expect(name.utf8.count <= 15)
        #endif
    }
}
