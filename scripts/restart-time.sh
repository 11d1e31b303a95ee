#!/usr/bin/env bash
# Measures how long an archive silo takes to be ready again after a crash and after a clean shutdown.
# Starts one silo (both roles, Release build) on a temporary data directory, loads ROWS rows into
# kv(k bigint PRIMARY KEY, v text) (~90-byte values, 1000-row INSERTs over HTTP), kills it with
# SIGKILL, starts it again and times start to a healthy /v1/health; checks count(*) and sum(k); then
# stops it with SIGTERM (a clean shutdown checkpoints), starts it once more and times that too. The
# silo's own recovery line (atoms loaded, journal replayed) is printed for each start.
#
#   scripts/restart-time.sh [ROWS]            # default 1000000
#
# Environment: PORT_BASE (default 27000, below the ephemeral port range, so a client polling a port nobody listens on cannot connect to itself) picks the HTTP, silo and gateway ports (base, +1, +2);
# KEEP_DATA=1 keeps the data directory. Every process it starts it stops by PID.
set -euo pipefail

rows="${1:-1000000}"
if [[ ! "$rows" =~ ^[1-9][0-9]*$ ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
fi
base="${PORT_BASE:-27000}"
http="$base"
repo="$(cd "$(dirname "$0")/.." && pwd)"
data="$(mktemp -d /tmp/orleansdb-restart-XXXXXX)"
log="$data/silo.log"
pid=""

stop_silo() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill -"${1:-TERM}" "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    pid=""
}
cleanup() {
    stop_silo KILL
    if [[ "${KEEP_DATA:-0}" != 1 ]]; then rm -rf "$data"; else echo "data kept in $data"; fi
}
trap cleanup EXIT

dotnet build -c Release "$repo/Silo" --nologo -v quiet >/dev/null
dll="$repo/Silo/bin/Release/net10.0/OrleansDb.Silo.dll"

start_silo() {
    local started=$(date +%s%N)
    dotnet "$dll" --http-port "$http" --silo-port $((base + 1)) --gateway-port $((base + 2)) \
        --data-dir "$data/db" --cluster-id restart-time >>"$log" 2>&1 &
    pid=$!
    until curl -sf "http://127.0.0.1:$http/v1/health" >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || { echo "the silo exited; see $log" >&2; tail -20 "$log" >&2; exit 1; }
        sleep 0.05
    done
    echo "  start to healthy: $(( ($(date +%s%N) - started) / 1000000 )) ms"
    grep -o 'recovered: .*' "$log" | tail -1 | sed 's/^/  /'
}

sql() {
    curl -sf "http://127.0.0.1:$http/v1/sql" -H 'content-type: application/json' --data-binary @- 
}

check() {
    local expected_sum=$(( rows * (rows + 1) / 2 ))
    local answer
    answer=$(echo '{"sql":"SELECT count(*), sum(k) FROM kv"}' | sql)
    echo "  $answer"
    [[ "$answer" == *"[[$rows,$expected_sum]]"* ]] || { echo "expected [[$rows,$expected_sum]]" >&2; exit 1; }
}

echo "start on an empty data directory ($data)"
start_silo
echo '{"sql":"CREATE TABLE kv (k bigint PRIMARY KEY, v text NOT NULL)"}' | sql >/dev/null
echo "loading $rows rows"
loaded=$(date +%s%N)
for ((first = 1; first <= rows; first += 1000)); do
    last=$(( first + 999 < rows ? first + 999 : rows ))
    awk -v a="$first" -v b="$last" 'BEGIN {
        printf "{\"sql\":\"INSERT INTO kv VALUES ";
        for (i = a; i <= b; i++) printf "%s(%d, %c%s-%d%c)", (i > a ? ", " : ""), i, 39, "value-of-this-row-padded-to-about-ninety-bytes-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", i, 39;
        printf "\"}";
    }' | sql >/dev/null
done
echo "  loaded in $(( ($(date +%s%N) - loaded) / 1000000 )) ms"
du -sh "$data/db/archive/journal" "$data/db/archive/atoms" | sed 's/^/  /'

echo "kill -9, then start again"
stop_silo KILL
start_silo
check

echo "clean shutdown (SIGTERM), then start again"
stop_silo TERM
du -sh "$data/db/archive/journal" "$data/db/archive/atoms" | sed 's/^/  /'
start_silo
check
echo "RSS of the silo: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MiB"
