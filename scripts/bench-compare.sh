#!/usr/bin/env bash
# Runs the side-by-side comparison end to end: builds in Release, starts a throwaway PostgreSQL 15 and
# one OrleansDb silo (cache + archive, journal fsynced, in a temporary data directory) on free loopback
# ports, waits until both answer, runs `Bench compare` against them, and stops both whatever happens.
#
#   scripts/bench-compare.sh [compare options]
#
# Every argument goes to `compare` (see Bench/README.md), e.g.
#   scripts/bench-compare.sh --rounds 1 --duration 3 --concurrency 1 8
# Results land in bench-results/ (JSON and CSV) unless --out says otherwise. PostgreSQL keeps its shipped
# durability settings (fsync and synchronous_commit on); as root it runs as the `postgres` user
# (scripts/postgres-throwaway.sh). The silo's log is printed if it fails to start.
set -euo pipefail

cd "$(dirname "$0")/.."

for tool in dotnet curl; do
    command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/orleansdb-bench.XXXXXX")"
silo_pid=""
pg_port=""

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n "$silo_pid" ]] && kill -0 "$silo_pid" 2>/dev/null; then
        kill -TERM "$silo_pid" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$silo_pid" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$silo_pid" 2>/dev/null; then
            echo "warning: the silo (pid $silo_pid) did not stop in 30 s; killing it" >&2
            kill -KILL "$silo_pid" 2>/dev/null || true
        fi
        wait "$silo_pid" 2>/dev/null || true
        echo "OrleansDb silo (pid $silo_pid) stopped"
    fi
    if [[ -n "$pg_port" ]]; then
        PG_THROWAWAY_STATE="$work/postgres.state" scripts/postgres-throwaway.sh stop "$pg_port" || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

taken=" "
# Sets variable $1 to a port in 20000-59999 that nothing listens on and this script has not picked yet.
pick_port() {
    local port
    for _ in $(seq 1 200); do
        port=$(( 20000 + RANDOM % 40000 ))
        if [[ "$taken" != *" $port "* ]] && ! port_in_use "$port"; then
            taken+="$port "
            printf -v "$1" '%s' "$port"
            return 0
        fi
    done
    echo "error: no free port found" >&2
    return 1
}

echo "building Silo and Bench (Release)"
dotnet build -c Release Silo/Silo.csproj -nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
dotnet build -c Release Bench/Bench.csproj -nologo -v quiet >>"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
silo_dll="$(dotnet msbuild Silo/Silo.csproj -getProperty:TargetPath -p:Configuration=Release)"
bench_dll="$(dotnet msbuild Bench/Bench.csproj -getProperty:TargetPath -p:Configuration=Release)"

pick_port pg_candidate
PG_THROWAWAY_STATE="$work/postgres.state" scripts/postgres-throwaway.sh start "$pg_candidate"
pg_port="$pg_candidate"

pick_port http_port
pick_port silo_port
pick_port gateway_port
mkdir -p "$work/orleansdb"
# The silo runs from its build output, so the PID below is the database process itself.
dotnet "$silo_dll" --http-port "$http_port" --silo-port "$silo_port" --gateway-port "$gateway_port" \
    --data-dir "$work/orleansdb" >"$work/silo.log" 2>&1 &
silo_pid=$!

echo "waiting for OrleansDb (pid $silo_pid) on http://127.0.0.1:$http_port"
for _ in $(seq 1 120); do
    if ! kill -0 "$silo_pid" 2>/dev/null; then
        echo "error: the silo exited during start-up; its log:" >&2
        cat "$work/silo.log" >&2
        silo_pid=""
        exit 1
    fi
    if curl -sf "http://127.0.0.1:$http_port/v1/health" >/dev/null; then break; fi
    sleep 0.5
done
curl -sf "http://127.0.0.1:$http_port/v1/health" || { echo "error: no answer on /v1/health in 60 s; silo log:" >&2; cat "$work/silo.log" >&2; exit 1; }
echo

status=0
dotnet "$bench_dll" compare \
    --http-url "http://127.0.0.1:$http_port" \
    --gateway "127.0.0.1:$gateway_port" \
    --pg "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" \
    "$@" || status=$?
exit "$status"
