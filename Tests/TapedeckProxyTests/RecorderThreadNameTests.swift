import Foundation
import TapedeckStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The recorder thread carries its name to the OS (Linux keeps 15 bytes; Foundation's `Thread.name` did not reach
/// it for `tapedeck.capture`) and runs at background priority, so a profile or the benchmark's per-thread CPU tells
/// recording from forwarding, and recording never takes a core from it.
@Suite struct RecorderThreadNameTests {
    @Test(arguments: [ThreadName.recorder])
    func aRecorderThreadIsNamedForTheOSAndRunsAtBackgroundPriority(_ name: String) async {
        #if os(Linux)
            let (seen, nice) = await withCheckedContinuation {
                (continuation: CheckedContinuation<(String, Int32), Never>) in
                BackgroundThread.start(named: name) {
                    let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
                    let nice = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
                    continuation.resume(returning: (comm.trimmingCharacters(in: .whitespacesAndNewlines), nice))
                }
            }
            #expect(seen == name)
            #expect(name.utf8.count <= 15)
            #expect(
                nice >= BackgroundThreadPriority.linuxNice,
                "at background priority (or lower, when the tests run niced)")
        #endif
    }
}
