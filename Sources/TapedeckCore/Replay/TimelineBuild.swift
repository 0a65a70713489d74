/// How far `Timeline`'s one pass over the events has got, kept between pages so a timeline that loads in pages
/// carries on where the previous page stopped instead of starting again.
struct TimelineBuild: Sendable {
    /// The assembler with every loaded event applied (not finished).
    var assembler = MessageAssembler()
    /// Raw bytes of the loaded events: the next event's byte offset in the response body.
    var byteCount = 0
    /// The virtual (idle-capped) arrival of the last loaded event.
    var virtualNanos: Int64 = 0
    /// The latest original arrival so far (silences are measured from it).
    var latestOffset: Int64 = 0
    /// Diagnostics of `assembler` already looked at for anomalies.
    var diagnosticCount = 0
}
