#!/usr/bin/env bash
# The one test command: installs what the tests need, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/bootstrap.sh
swift build --build-tests
export TAPEDECK_BIN="$(swift build --show-bin-path)/tapedeck"
# A throwaway PostgreSQL 15 for the team store's tests, stopped when the tests end (pass or fail).
bash Scripts/postgres.sh -- swift test --skip-build
