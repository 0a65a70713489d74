import Foundation
import TapedeckStore

extension StorePush {
    /// Pushes the spool file at `path` into `target` as far as `step` goes, one way for `record` and its tests:
    /// `.copySoFar` leaves exchanges still in progress (and the file) to the recorder still writing into it;
    /// `.finish` removes the file and its journal once everything is there. A report with conflicts leaves the
    /// file where it is.
    package static func pushSpool(at path: String, to target: any RecordingStore, step: RecorderSpool.Step)
        async throws(StoreError) -> Report
    {
        let source = try TapedeckStore(path: path, readOnly: true)
        let report: Report
        do {
            report = try await push(from: source, to: target, leavingUnfinished: step == .copySoFar)
        } catch {
            try? source.close()
            throw error
        }
        guard report.conflicts.isEmpty else {
            try? source.close()
            return report
        }
        try source.close()
        if step == .finish {
            for suffix in ["", "-wal", "-shm", "-lock"] where FileManager.default.fileExists(atPath: path + suffix) {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
        }
        return report
    }
}
