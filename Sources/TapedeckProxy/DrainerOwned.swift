/// State that only the drainer thread touches, kept by a closure that the drainer (`Sendable`) must hold.
///
/// `@unchecked Sendable`: the compiler cannot see that `CaptureDrainer` calls its `apply` closure, the only user
/// of this box, on its one thread and never concurrently (`waitAndDrain` runs in that thread's loop alone), so
/// the value is confined to that thread; a lock here would be taken on every batch for nothing.
final class DrainerOwned<Value>: @unchecked Sendable {
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` on the value (drainer thread only).
    func mutate<Result>(_ body: (inout Value) -> Result) -> Result {
        body(&value)
    }
}
