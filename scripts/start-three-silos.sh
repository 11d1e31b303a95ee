#!/usr/bin/env bash
# Starts three OrleansDb silos on this host as one cluster: the first is the primary, the second and
# third join it with --join. Their PIDs go to a file, and the script returns once every silo answers
# GET /v1/health. `stop` kills exactly the PIDs in that file.
#
#   scripts/start-three-silos.sh [start] [options]
#   scripts/start-three-silos.sh stop [--data-dir DIR | --pid-file FILE]
#   scripts/start-three-silos.sh status [--data-dir DIR | --pid-file FILE]
#
# Options (defaults in brackets):
#   --http-ports A,B,C      HTTP gateway ports               [8081,8082,8083]
#   --silo-ports A,B,C      silo-to-silo ports               [11111,11112,11113]
#   --gateway-ports A,B,C   Orleans client gateway ports     [30001,30002,30003]
#   --engines A,B,C         engine role of each silo         [both,both,both]
#   --data-dir DIR          data, logs and the PID file      [<repo>/data/three-silos]
#   --pid-file FILE         where the PIDs are written       [<data-dir>/silos.pid]
#   --cluster-id ID         Orleans cluster id               [three-silos]
#   --timeout SECONDS       how long to wait for health      [60]
#   --configuration NAME    build configuration of the silo  [Debug]
# Environment: SILO_DLL overrides the path of OrleansDb.Silo.dll (built with `dotnet build Silo` if missing).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command="start"
if [[ $# -gt 0 && "$1" != --* ]]; then command="$1"; shift; fi

http_ports="8081,8082,8083"
silo_ports="11111,11112,11113"
gateway_ports="30001,30002,30003"
engines="both,both,both"
data_dir="$repo/data/three-silos"
pid_file=""
cluster_id="three-silos"
timeout=60
configuration="Debug"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --http-ports) http_ports="$2"; shift 2 ;;
        --silo-ports) silo_ports="$2"; shift 2 ;;
        --gateway-ports) gateway_ports="$2"; shift 2 ;;
        --engines) engines="$2"; shift 2 ;;
        --data-dir) data_dir="$2"; shift 2 ;;
        --pid-file) pid_file="$2"; shift 2 ;;
        --cluster-id) cluster_id="$2"; shift 2 ;;
        --timeout) timeout="$2"; shift 2 ;;
        --configuration) configuration="$2"; shift 2 ;;
        -h|--help) usage ;;
        *) echo "unknown option: $1" >&2; usage ;;
    esac
done
pid_file="${pid_file:-$data_dir/silos.pid}"

three() { # three OPTION VALUE ARRAY: splits "a,b,c" into ARRAY, or fails naming the option
    local -n into="$3"
    IFS=',' read -r -a into <<< "$2"
    if [[ ${#into[@]} -ne 3 ]]; then echo "$1 needs three comma-separated values (was '$2')" >&2; exit 2; fi
}

# True when PID is alive and is an OrleansDb silo (guards against a PID reused by another program).
is_silo() { [[ -r "/proc/$1/cmdline" ]] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -q 'OrleansDb.Silo'; }

stop() {
    if [[ ! -f "$pid_file" ]]; then echo "no PID file at $pid_file; nothing to stop"; return 0; fi
    local pids=() pid
    while read -r pid; do [[ -n "$pid" ]] && pids+=("$pid"); done < "$pid_file"
    for pid in "${pids[@]}"; do
        if is_silo "$pid"; then kill -TERM "$pid" && echo "stopping silo $pid"; fi
    done
    for _ in $(seq 1 100); do # up to 10 s for a clean shutdown
        local alive=0
        for pid in "${pids[@]}"; do if is_silo "$pid"; then alive=1; fi; done
        [[ $alive -eq 0 ]] && break
        sleep 0.1
    done
    for pid in "${pids[@]}"; do
        if is_silo "$pid"; then kill -KILL "$pid" && echo "killed silo $pid"; fi
    done
    rm -f "$pid_file"
}

status() {
    if [[ ! -f "$pid_file" ]]; then echo "not running (no PID file at $pid_file)"; return 1; fi
    local rc=0 pid
    while read -r pid; do
        if is_silo "$pid"; then echo "silo $pid running"; else echo "silo $pid not running"; rc=1; fi
    done < "$pid_file"
    return $rc
}

start() {
    local http=() silo=() gateway=() engine=()
    three --http-ports "$http_ports" http
    three --silo-ports "$silo_ports" silo
    three --gateway-ports "$gateway_ports" gateway
    three --engines "$engines" engine
    if [[ -f "$pid_file" ]]; then
        while read -r pid; do
            if is_silo "$pid"; then echo "silos already running (see $pid_file); run '$0 stop' first" >&2; exit 1; fi
        done < "$pid_file"
        rm -f "$pid_file"
    fi

    local dll="${SILO_DLL:-$repo/Silo/bin/$configuration/net10.0/OrleansDb.Silo.dll}"
    if [[ ! -f "$dll" ]]; then
        echo "building the silo ($configuration)"
        dotnet build "$repo/Silo" -c "$configuration" --nologo -v quiet
    fi

    mkdir -p "$data_dir"
    : > "$pid_file"
    local i
    for i in 0 1 2; do
        local n=$((i + 1)) args=()
        args=(--http-port "${http[$i]}" --silo-port "${silo[$i]}" --gateway-port "${gateway[$i]}"
              --engine "${engine[$i]}" --data-dir "$data_dir/silo$n" --cluster-id "$cluster_id")
        if [[ $i -gt 0 ]]; then args+=(--join "127.0.0.1:${silo[0]}"); fi
        nohup dotnet "$dll" "${args[@]}" > "$data_dir/silo$n.log" 2>&1 < /dev/null &
        echo $! >> "$pid_file"
        echo "silo $n: pid $! http ${http[$i]} silo ${silo[$i]} gateway ${gateway[$i]} engine ${engine[$i]} log $data_dir/silo$n.log"
        if [[ $i -eq 0 ]]; then wait_healthy 0 "${http[0]}"; fi # the primary first, so the others can join it
    done
    wait_healthy 1 "${http[1]}"
    wait_healthy 2 "${http[2]}"
    echo "three silos are up; stop them with: $0 stop --pid-file $pid_file"
}

wait_healthy() { # index, http port
    local deadline=$((SECONDS + timeout)) pid
    pid="$(sed -n "$(($1 + 1))p" "$pid_file")"
    until curl -fsS --max-time 2 "http://127.0.0.1:$2/v1/health" > /dev/null 2>&1; do
        if ! is_silo "$pid"; then
            echo "silo $(($1 + 1)) (pid $pid) exited; its log:" >&2; tail -n 30 "$data_dir/silo$(($1 + 1)).log" >&2
            stop; exit 1
        fi
        if [[ $SECONDS -ge $deadline ]]; then
            echo "silo $(($1 + 1)) did not become healthy in ${timeout}s; its log:" >&2; tail -n 30 "$data_dir/silo$(($1 + 1)).log" >&2
            stop; exit 1
        fi
        sleep 0.2
    done
    echo "silo $(($1 + 1)) healthy: $(curl -fsS --max-time 5 "http://127.0.0.1:$2/v1/health")"
}

case "$command" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "unknown command: $command" >&2; usage ;;
esac
