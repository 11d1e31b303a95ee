#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 in a fresh temporary data directory, for reference
# runs such as `sqllogictest --backend postgresql`; `stop` stops it and deletes the directory.
#
#   scripts/postgres-throwaway.sh start [PORT]   # default port 56543; fails when the port is taken
#   scripts/postgres-throwaway.sh stop  [PORT]
#   scripts/postgres-throwaway.sh status [PORT]
#
# The server has a superuser `postgres`, trust authentication, the C locale (byte-order text sorting,
# as SQLite) and the shipped durability settings. Its PID and data directory are written to a state
# file (PG_THROWAWAY_STATE, default /tmp/orleansdb-postgres-PORT.state) that `stop` reads. Connect with
#   ORLEANSDB_PG="Host=127.0.0.1;Port=PORT;Username=postgres"
# Binaries come from `pg_config --bindir` (override with PG_BINDIR). initdb refuses to run as root, so
# as root the server runs as the `postgres` user in a directory that user owns.
set -euo pipefail

command="${1:-}"
port="${2:-56543}"
state="${PG_THROWAWAY_STATE:-/tmp/orleansdb-postgres-$port.state}"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

[[ "$port" =~ ^[0-9]+$ ]] && (( port > 0 && port < 65536 )) || usage

bindir="${PG_BINDIR:-$(pg_config --bindir 2>/dev/null || true)}"
if [[ -z "$bindir" || ! -x "$bindir/pg_ctl" ]]; then
    echo "error: PostgreSQL binaries not found (pg_config --bindir gave '${bindir}'); install postgresql-15" >&2
    exit 1
fi

# Runs a command as the server's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
    else
        "$@"
    fi
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

read_state() {
    if [[ ! -f "$state" ]]; then
        echo "error: no state file $state (is a throwaway server running on port $port?)" >&2
        exit 1
    fi
    pid="$(sed -n 's/^pid=//p' "$state")"
    dir="$(sed -n 's/^dir=//p' "$state")"
    if [[ -z "$dir" || "$dir" != /*/orleansdb-pg.* ]]; then
        echo "error: state file $state names no throwaway data directory" >&2
        exit 1
    fi
}

start() {
    if [[ -f "$state" ]]; then
        echo "error: $state exists: a throwaway server may already run; stop it first" >&2
        exit 1
    fi
    if port_in_use; then
        echo "error: port $port on 127.0.0.1 is already in use" >&2
        exit 1
    fi

    dir="$(mktemp -d "${TMPDIR:-/tmp}/orleansdb-pg.XXXXXX")"
    chmod 755 "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi

    if ! as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C \
        >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        rm -rf "$dir"
        exit 1
    fi

    if ! as_owner "$bindir/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir" >/dev/null; then
        cat "$dir/server.log" >&2 || true
        rm -rf "$dir"
        exit 1
    fi

    pid="$(head -n 1 "$dir/data/postmaster.pid")"
    printf 'pid=%s\ndir=%s\nport=%s\n' "$pid" "$dir" "$port" >"$state"
    echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') started: pid $pid, port $port, data $dir"
    echo "ORLEANSDB_PG=\"Host=127.0.0.1;Port=$port;Username=postgres\""
}

stop() {
    read_state
    if [[ -d "$dir/data" ]]; then
        as_owner "$bindir/pg_ctl" stop -w -t 60 -D "$dir/data" -m fast >/dev/null || {
            echo "warning: pg_ctl stop failed; stopping pid $pid" >&2
            if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; fi
        }
    fi
    rm -rf "$dir"
    rm -f "$state"
    echo "PostgreSQL on port $port stopped; $dir removed"
}

status() {
    read_state
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        echo "running: pid $pid, port $port, data $dir"
    else
        echo "not running (stale state file $state)"
        exit 1
    fi
}

case "$command" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) usage ;;
esac
