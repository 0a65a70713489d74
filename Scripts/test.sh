#!/usr/bin/env bash
# The one test command: installs what the tests need, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/bootstrap.sh
swift build --build-tests
export TAPEDECK_BIN="$(swift build --show-bin-path)/tapedeck"
swift test --skip-build
