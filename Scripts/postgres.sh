#!/usr/bin/env bash
# Runs a command with throwaway PostgreSQL 15 servers for the tests, then stops them, whatever the command did:
#   bash Scripts/postgres.sh -- swift test --skip-build
# initdb goes into a temporary directory owned by an unprivileged user (initdb refuses root, and CI runs as
# root); each server listens on a free loopback port with its unix socket in that directory. The command sees:
#   TAPEDECK_TEST_POSTGRES_URL         postgres://tapedeck:PASSWORD@127.0.0.1:PORT/postgres, a superuser; each
#                                      test makes a database of its own there
#   TAPEDECK_TEST_POSTGRES_OUTAGE_URL  the same on a second server, which one test stops and starts again
#   TAPEDECK_TEST_POSTGRES_OUTAGE_CTL  that server's pg_ctl (`ctl stop -m immediate`, `ctl start`)
# With TAPEDECK_POSTGRES_DURABLE=1 the servers keep fsync on (benchmarks); tests turn it off for speed.
set -euo pipefail
[ "${1:-}" = "--" ] && shift
if [ "$#" -eq 0 ]; then
    echo "usage: Scripts/postgres.sh -- COMMAND [ARGUMENTS...]" >&2
    exit 2
fi

bin=/usr/lib/postgresql/15/bin
if [ ! -x "$bin/initdb" ]; then
    echo "postgres.sh: $bin/initdb is missing; run Scripts/bootstrap.sh (it installs postgresql-15)" >&2
    exit 1
fi

root=$(mktemp -d /tmp/tapedeck-postgres.XXXXXX)
chmod 0755 "$root"
owner=""
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    owner=tapedeck-pg
    id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$owner"
    as_owner=(runuser -u "$owner" --)
fi
servers=()

stop() {
    for ctl in "${servers[@]}"; do "$ctl" stop -m fast >/dev/null 2>&1 || true; done
    rm -rf "$root"
}
trap stop EXIT
trap 'exit 130' INT TERM

# start NAME: initdb and start a server in $root/NAME; sets $url and $ctl.
start() {
    local dir="$root/$1" password port options
    mkdir "$dir"
    [ -z "$owner" ] || chown "$owner" "$dir"
    password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    printf '%s\n' "$password" >"$dir/password"
    [ -z "$owner" ] || chown "$owner" "$dir/password"
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U tapedeck --pwfile="$dir/password" --auth-local=trust \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    rm -f "$dir/password"
    options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300"
    # fsync off: a test server's data is thrown away. TAPEDECK_POSTGRES_DURABLE=1 keeps PostgreSQL's defaults
    # (what the benchmark's figures are measured with).
    [ "${TAPEDECK_POSTGRES_DURABLE:-0}" = 1 ] || options+=" -c fsync=off"
    ctl="$dir/ctl"
    cat >"$ctl" <<CTL
#!/usr/bin/env bash
# pg_ctl of the test server in $dir: ctl start | ctl stop [-m immediate] | ctl status
exec ${as_owner[*]} $bin/pg_ctl -D $dir/data -l $dir/server.log -o "$options" -w "\$@"
CTL
    chmod 0755 "$ctl"
    servers+=("$ctl")
    "$ctl" start >/dev/null || {
        cat "$dir/server.log" >&2
        exit 1
    }
    url="postgres://tapedeck:$password@127.0.0.1:$port/postgres"
    echo "postgres.sh: PostgreSQL 15 on 127.0.0.1:$port (data in $dir, stopped on exit)" >&2
}

start main
export TAPEDECK_TEST_POSTGRES_URL="$url"
start outage
export TAPEDECK_TEST_POSTGRES_OUTAGE_URL="$url"
export TAPEDECK_TEST_POSTGRES_OUTAGE_CTL="$ctl"
status=0
"$@" || status=$?
exit "$status"
