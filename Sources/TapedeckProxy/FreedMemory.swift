#if canImport(Glibc)
    import Glibc
#endif

/// Gives freed memory back to the system once the recorder has consumed a large volume of network buffers:
/// glibc keeps the freed 64 KiB read buffers in its arenas, so after a 50 MB response the process stayed about
/// 45 MB larger than what it held, and that retained memory added to the peak when the store wrote the event.
/// Linux (glibc) only; other allocators return memory on their own terms and this does nothing there.
enum FreedMemory {
    /// Body bytes consumed in one drain from which the freed buffers are given back.
    static let releaseAfterBytes = 8 << 20

    /// Returns the allocator's free pages to the system (glibc's `malloc_trim(0)`, looked up at run time
    /// because the Glibc module does not export it).
    static func release() {
        #if canImport(Glibc)
            guard let process = dlopen(nil, RTLD_NOW) else { return }
            defer { dlclose(process) }
            guard let symbol = dlsym(process, "malloc_trim") else { return }
            typealias MallocTrim = @convention(c) (Int) -> Int32
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
