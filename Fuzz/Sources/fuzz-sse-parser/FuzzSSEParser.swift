import TapedeckCore

/// libFuzzer entry: the SSE parser on arbitrary bytes, whole and split at a byte the input chooses. Checks the
/// parser's contract: the events' raw bytes and the trailing fragment concatenate to the input exactly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSEParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    var parser = SSEParser()
    var events = parser.feed(bytes[..<split])
    events += parser.feed(bytes[split...])
    let trailing = parser.finish()
    var rebuilt = events.flatMap(\.raw)
    rebuilt += trailing?.raw ?? []
    if rebuilt != bytes { fatalError("SSEParser lost or changed bytes: \(rebuilt.count) of \(bytes.count) rebuilt") }
    var assembler = MessageAssembler()
    for event in events { assembler.apply(event) }
    assembler.finish(trailing: trailing)
    _ = assembler.message.messageJSON().serialized()
    return 0
}
