#!/usr/bin/env bash
# Builds tapedeck in release mode and copies the binary to $PREFIX/bin (default ~/.local/bin).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${PREFIX:-$HOME/.local}"
swift build -c release --product tapedeck
mkdir -p "$prefix/bin"
install -m 0755 "$(swift build -c release --show-bin-path)/tapedeck" "$prefix/bin/tapedeck"
echo "installed $prefix/bin/tapedeck ($("$prefix/bin/tapedeck" --version))"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on your PATH; add it, e.g. export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
