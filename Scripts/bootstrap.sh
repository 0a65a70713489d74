#!/usr/bin/env bash
# Installs what the build and tests need on a fresh Debian machine; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# chromium: the HTML replay's browser tests open exported pages in it headless (Tests/TapedeckExportTests/HTML*).
# postgresql-15: the team store's tests run against a real server that Scripts/postgres.sh starts.
for pkg in libsqlite3-dev libncurses-dev zlib1g-dev pkg-config tmux sqlite3 python3-venv chromium postgresql-15; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
    echo "bootstrap: installing ${need[*]}" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The reference client: the official anthropic Python SDK, in a project-local venv.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import anthropic, sys; sys.exit(anthropic.__version__ != "2.14.0")' 2>/dev/null; then
    echo "bootstrap: creating .venv with the anthropic SDK" >&2
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check 'anthropic==2.14.0'
fi
