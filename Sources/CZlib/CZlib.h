// The system zlib (zlib1g-dev on Debian), for the proxy's ResponseBodyDecoder. `inflateInit2` is a macro, which
// Swift cannot call: the inline function below is how Swift reaches it.
#include <zlib.h>

static inline int CZlib_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
