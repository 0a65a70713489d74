import TapedeckCore
import TapedeckExport

/// libFuzzer entry: the .har importer on arbitrary bytes. Bad input must become an ImportError, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImportHAR(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? HARImporter.parse(
        Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)), file: "fuzz.har", makeID: { "abc" })
    return 0
}
