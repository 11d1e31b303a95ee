#!/usr/bin/env bash
# Runs the crash-recovery tests (Tests/OrleansDb.Tests/Processes/CrashRecoveryTests.cs) with many kills: a
# silo process on a temporary data directory is killed with SIGKILL at a random moment under load from
# eight HTTP clients and started again on the same directory, ROUNDS times; after each restart every
# acknowledged row must be there, no transaction partly there, and the transfer table must sum to its total.
# The journal-damage and checkpoint tests of the same class run once.
#
#   scripts/crash-test.sh [ROUNDS [SEED]]     # default 200 rounds and a random seed
#
# Each round's numbers (acknowledged rows, rows present, journal size, restart time) are appended to
# TestResults/crash-test.log as the run goes and shown at the end; SEED repeats a run's kill moments.
set -euo pipefail

rounds="${1:-${ORLEANSDB_CRASH_ROUNDS:-200}}"
seed="${2:-${ORLEANSDB_CRASH_SEED:-}}"
if [[ ! "$rounds" =~ ^[1-9][0-9]*$ || ! "$seed" =~ ^[0-9]*$ ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
log="$root/TestResults/crash-test.log"
mkdir -p "$root/TestResults"
: > "$log"

export ORLEANSDB_CRASH_ROUNDS="$rounds"
export ORLEANSDB_CRASH_LOG="$log"
if [[ -n "$seed" ]]; then export ORLEANSDB_CRASH_SEED="$seed"; fi

cd "$root"
dotnet build Tests/OrleansDb.Tests --nologo -v quiet
echo "crash test: $rounds rounds; progress in $log"
tail -n +1 -f "$log" &
tail_pid=$!
trap 'kill "$tail_pid" 2>/dev/null || true' EXIT
dotnet test Tests/OrleansDb.Tests --no-build --nologo \
    --filter "FullyQualifiedName~OrleansDb.Tests.Processes.CrashRecoveryTests"
