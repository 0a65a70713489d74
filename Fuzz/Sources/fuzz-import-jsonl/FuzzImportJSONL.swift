import TapedeckCore
import TapedeckExport

/// libFuzzer entry: the .jsonl importer on arbitrary bytes. Bad input must become an ImportError, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImportJSONL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? JSONLImporter.parse(
        Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)), file: "fuzz.jsonl")
    return 0
}
