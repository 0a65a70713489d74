import TapedeckCore
import TapedeckExport

/// libFuzzer entry: the .sse importer on arbitrary bytes (the first half as the body, the rest as the request
/// beside it). Bad input must become an ImportError, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImportSSE(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    _ = try? SSEImporter.parse(bytes, file: "fuzz.sse", startedAtNanos: 0, id: "abc")
    let half = bytes.count / 2
    _ = try? SSEImporter.parse(
        Array(bytes[..<half]), file: "fuzz.sse", requestBody: Array(bytes[half...]), startedAtNanos: 0, id: "abc")
    return 0
}
