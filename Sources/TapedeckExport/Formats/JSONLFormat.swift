/// The names and version of tapedeck's JSONL export, shared by `JSONLExporter` and `JSONLImporter`
/// so that export → import → export reproduces the file exactly.
///
/// A file is a sequence of exchanges; each is a `exchange` header line, one `event` line per event
/// and, when the stream ended in bytes that never formed an event, one `trailing` line:
///
///     {"type":"exchange","format":"tapedeck-jsonl","version":1,"id":"…","started_at":"…Z",…}
///     {"type":"event","exchange":"…","seq":0,"offset_ns":1200,"event":"message_start","data":"{…}","raw_b64":"…"}
///     {"type":"trailing","exchange":"…","offset_ns":90000,"raw_b64":"…"}
public enum JSONLFormat {
    /// Value of the header's `format` member.
    public static let formatName = "tapedeck-jsonl"
    /// Value of the header's `version` member; importers refuse newer versions.
    public static let version = 1
    /// `type` of an exchange header line.
    static let exchangeType = "exchange"
    /// `type` of an event line.
    static let eventType = "event"
    /// `type` of a trailing-fragment line.
    static let trailingType = "trailing"
}
