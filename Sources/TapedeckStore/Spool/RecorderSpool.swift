import Foundation

/// Where a recorder keeps recording while its database server cannot be reached mid-run, and how a spool gets
/// back to the server: `record` names the files and knows how to push them; `SpoolingRecorderDatabase` decides
/// when. After the recorder stopped, it says which file still waits.
package final class RecorderSpool: Sendable {
    /// What one upload attempt came to.
    package enum Upload: Sendable {
        /// Everything is on the server and the file was removed; the line to tell the user.
        case uploaded(String)
        /// The server did not answer; the file is kept and tried again later.
        case serverAway(String)
        /// The server answered but the file is kept (a conflict, an error); the line to tell the user.
        case kept(String)
    }

    /// How far one upload goes.
    package enum Step: Sendable {
        /// Copies what the file holds now and leaves it: the recorder is still writing into it.
        case copySoFar
        /// Copies what the server still lacks and removes the file once everything is there.
        case finish
    }

    /// A new spool file path (in the directory `record` was started in).
    let newPath: @Sendable () -> String
    /// Uploads the spool file at the path to the server, as far as the step says.
    let upload: @Sendable (String, Step) async -> Upload
    private let files = SpoolFiles()

    /// A spool whose files are named by `newPath` and uploaded by `upload`.
    package init(
        newPath: @escaping @Sendable () -> String, upload: @escaping @Sendable (String, Step) async -> Upload
    ) {
        self.newPath = newPath
        self.upload = upload
    }

    /// The spool file that still held recordings when the recorder stopped, nil when none did.
    package var waiting: String? { files.read { $0.current } }

    /// Spool files the server answered for but that were kept (a conflict), while recording went on.
    package var kept: [String] { files.read { $0.kept } }

    /// Notes that `path` now takes the recording (nil: the server does again).
    func setCurrent(_ path: String?) { files.update { $0.current = path } }

    /// Notes that `path` was kept after an upload that did not take all of it.
    func keep(_ path: String) { files.update { $0.kept.append(path) } }

    /// Runs `upload` for `path` from a thread that may block (the recorder's writer or its probe), waiting for its
    /// answer.
    func uploadWaiting(_ path: String, _ step: Step) -> Upload {
        let answer = UploadAnswer()
        let done = DispatchSemaphore(value: 0)
        let upload = self.upload
        Task.detached {
            answer.set(await upload(path, step))
            done.signal()
        }
        done.wait()
        return answer.value ?? .serverAway("no answer")
    }
}

/// The spool files of one recorder.
///
/// `@unchecked Sendable`: `state` is only touched under `lock`.
private final class SpoolFiles: @unchecked Sendable {
    struct State {
        var current: String?
        var kept: [String] = []
    }
    private let lock = NSLock()
    private var state = State()

    func read<T>(_ body: (State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(state)
    }

    func update(_ body: (inout State) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        body(&state)
    }
}

/// One upload's answer, handed from the task that ran it to the thread waiting for it.
///
/// `@unchecked Sendable`: `stored` is only touched under `lock`.
private final class UploadAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: RecorderSpool.Upload?

    func set(_ value: RecorderSpool.Upload) {
        lock.lock()
        stored = value
        lock.unlock()
    }

    var value: RecorderSpool.Upload? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
