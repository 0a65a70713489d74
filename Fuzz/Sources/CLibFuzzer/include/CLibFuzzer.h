// libFuzzer's driver entry (compiler-rt, LLVM 11 and later), for fuzz targets whose `main` is Swift's: SwiftPM
// links an executable's entry point as `main`, so libFuzzer's own `main` is not used.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
