import TapedeckCore
import Testing

@testable import TapedeckServe

/// The scheduling logic on a fake clock: each step is asked at a chosen elapsed time, so nothing here sleeps.
@Suite struct ScriptedScheduleTests {
    private func parts(_ delays: [Int64], size: Int = 10) -> [ScriptedPart] {
        delays.map { ScriptedPart(delayNanos: $0, bytes: Array(repeating: 0x61, count: size)) }
    }

    @Test func deadlinesAreAbsoluteFromTheStart() {
        let schedule = ScriptedSchedule(parts: parts([5, 0, 10, 3]), coalesces: true)
        #expect(schedule.dueNanos == [5, 5, 15, 18])
    }

    @Test func nothingDueMeansWaitForTheNextDeadline() {
        let schedule = ScriptedSchedule(parts: parts([1_000, 2_000]), coalesces: true)
        #expect(schedule.step(from: 0, elapsedNanos: 0) == .wait(untilNanos: 1_000))
        #expect(schedule.step(from: 1, elapsedNanos: 1_500) == .wait(untilNanos: 3_000))
        #expect(schedule.step(from: 2, elapsedNanos: 1_500) == .done)
    }

    @Test func everyPartAlreadyDueGoesInOneWrite() {
        // A dense stream: 10,000 events 4.3 µs apart. A writer that fell 1 ms behind sends the backlog at once.
        let schedule = ScriptedSchedule(parts: parts(Array(repeating: 4_300, count: 10_000)), coalesces: true)
        #expect(schedule.step(from: 0, elapsedNanos: 1_000_000) == .write(0..<232))
        #expect(schedule.step(from: 232, elapsedNanos: 1_000_000) == .wait(untilNanos: 233 * 4_300))
        // On time, one event is due at a time: nothing is merged ahead of its deadline.
        #expect(schedule.step(from: 232, elapsedNanos: 233 * 4_300) == .write(232..<233))
    }

    /// Runs `schedule` on a fake clock where each write costs 50 µs and each wakeup lands 60 µs after its deadline
    /// (a loaded machine); returns when the last write ended and how many writes there were.
    private func simulate(_ schedule: ScriptedSchedule) -> (endNanos: Int64, writes: Int) {
        var now: Int64 = 0
        var next = 0
        var writes = 0
        while true {
            switch schedule.step(from: next, elapsedNanos: now) {
            case .done: return (now, writes)
            case .wait(let due): now = max(now, due) + 60_000
            case .write(let range):
                next = range.upperBound
                writes += 1
                now += 50_000
            }
        }
    }

    @Test func aWholeDenseStreamOnAFakeClockEndsOnTime() {
        let delays = Array(repeating: Int64(4_300), count: 10_000)
        let due = delays.reduce(0, +)
        let coalesced = simulate(ScriptedSchedule(parts: parts(delays), coalesces: true))
        #expect(coalesced.endNanos <= due + 120_000)
        #expect(coalesced.writes < 1_000)
        // One write per event (what the server did before) needs 10,000 × 50 µs: 0.5 s for 43 ms of recording.
        let perEvent = simulate(ScriptedSchedule(parts: parts(delays), coalesces: false))
        #expect(perEvent.endNanos > due * 10)
    }

    @Test func partsDueWithinTheEarlyWindowGoWithTheOnesDueNow() {
        let schedule = ScriptedSchedule(parts: parts([100, 100, 100, 2_000]), coalesces: true, earlyNanos: 250)
        // Nothing is sent before the first deadline; the write then takes what is due within 250 ns as well.
        #expect(schedule.step(from: 0, elapsedNanos: 0) == .wait(untilNanos: 100))
        #expect(schedule.step(from: 0, elapsedNanos: 100) == .write(0..<3))
        #expect(schedule.step(from: 3, elapsedNanos: 100) == .wait(untilNanos: 2_300))
        #expect(schedule.step(from: 3, elapsedNanos: 2_300) == .write(3..<4))
        #expect(ScriptedSchedule(parts: parts([100]), coalesces: false, earlyNanos: 250).earlyNanos == 0)
    }

    @Test func theEarlyWindowCutsTheSleepsOfADenseStream() {
        let delays = Array(repeating: Int64(1_370), count: 31_000)
        let due = delays.reduce(0, +)
        let exact = simulate(ScriptedSchedule(parts: parts(delays), coalesces: true))
        let early = simulate(
            ScriptedSchedule(parts: parts(delays), coalesces: true, earlyNanos: ScriptedSchedule.replayEarlyNanos))
        #expect(early.writes * 10 < exact.writes)
        #expect(early.endNanos <= due + 120_000)
    }

    @Test func withoutCoalescingEachPartKeepsItsOwnWrite() {
        let schedule = ScriptedSchedule(parts: parts([0, 0, 0]), coalesces: false)
        #expect(schedule.step(from: 0, elapsedNanos: 1_000) == .write(0..<1))
        #expect(schedule.step(from: 1, elapsedNanos: 1_000) == .write(1..<2))
    }

    @Test func aMergedWriteIsBounded() {
        let size = ScriptedSchedule.maxWriteBytes / 4
        let schedule = ScriptedSchedule(parts: parts(Array(repeating: 0, count: 10), size: size), coalesces: true)
        #expect(schedule.step(from: 0, elapsedNanos: 0) == .write(0..<4))
        #expect(schedule.step(from: 4, elapsedNanos: 0) == .write(4..<8))
        #expect(schedule.step(from: 8, elapsedNanos: 0) == .write(8..<10))
    }

    @Test func speedScalesTimesFromTheStartWithoutDrift() {
        let script = ScriptedResponse(status: 200, parts: parts(Array(repeating: 3, count: 1_000)))
        let scaled = script.scaled(bySpeed: 10)
        // 3 ns / 10 rounds to 0 gap by gap (all 1,000 parts due at once); as times it is 300 ns in total.
        #expect(scaled.parts.reduce(0) { $0 + $1.delayNanos } == 300)
    }

    @Test func replayScriptsCoalesceAndMocksDoNot() {
        #expect(!ScriptedResponse(status: 200).coalescesDueParts)
    }
}
