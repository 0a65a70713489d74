// Empty: the module only declares libFuzzer's driver (include/CLibFuzzer.h); SwiftPM needs one source file.
#include "CLibFuzzer.h"
