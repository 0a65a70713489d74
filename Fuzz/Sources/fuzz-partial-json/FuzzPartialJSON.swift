import TapedeckCore

/// libFuzzer entry: the strict and partial JSON readers on arbitrary text. A strict parse that succeeds must write
/// back text that parses to an equal value; every prefix read by the partial reader must not crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPartialJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    let text = String(decoding: bytes, as: UTF8.self)
    if let value = try? JSONValue.parse(text) {
        let written = value.serialized()
        guard let again = try? JSONValue.parse(written), again == value, again.serialized() == written else {
            fatalError("JSON written back does not read as the same value: \(written)")
        }
    }
    for mode in [PartialJSON.Mode.display, .pythonSDK] {
        let result = PartialJSON.parse(text, mode: mode)
        if let value = result.value { _ = value.serialized(pretty: true) }
    }
    // A cut in the middle, as tool input arrives.
    let cut = text.utf8.count / 2
    _ = PartialJSON.parse(String(decoding: bytes.prefix(cut), as: UTF8.self))
    return 0
}
