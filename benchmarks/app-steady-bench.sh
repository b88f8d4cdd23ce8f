#!/usr/bin/env bash
# Warm-up against steady state of the app workloads (issue 6): lua and sqlite3 each run their
# ./bench workload N times in one process (benchmarks/apps/repeat.lua; workload.sql then again.sql
# N-1 times), natively and under the command in WALI, and print per iteration the wall time and
# the CPU of the whole process and of its threads by kind (benchmarks/thread-cpu.py --mark: the
# busiest other thread is the Wasm thread of a wali4j run, c2/c1 HotSpot's compiler threads). The
# first iteration carries the warm-up; the later ones show the compiled code's speed and whatever
# compiling goes on. Each run's stdout md5 must equal the native run's.
#
#   WALI="<launcher command> run" benchmarks/app-steady-bench.sh [N] [APP...]
#       N iterations (4), APP lua and/or sqlite (both); JVM and tier flags go into WALI, e.g.
#       WALI="java -XX:-DontCompileHugeMethods -Xss16m -Dwali4j.aot.cache=none -p ... run"
#
# Needs toolchain/build/apps/{lua,sqlite3}.wasm and the native builds in toolchain/build/apps/native
# (benchmarks/build-apps.sh or the itests build).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
apps="$root/toolchain/build/apps"
n="${1:-4}"
shift || true
which=("$@")
[[ ${#which[@]} -gt 0 ]] || which=(lua sqlite)
wali=${WALI:-"$root/wali" run}
cd "$root"

for app in "${which[@]}"; do
  case "$app" in
    lua)
      prog=(lua benchmarks/apps/repeat.lua "$n")
      mark='^checksum'
      ;;
    sqlite | sqlite3)
      prog=(sqlite3 :memory: ".read benchmarks/apps/workload.sql")
      for ((i = 2; i <= n; i++)); do prog+=(".read benchmarks/apps/again.sql"); done
      mark='^[0-9]+\.[0-9]+$' # the workload's last line, its only one that is a lone decimal
      ;;
    *)
      echo "unknown app: $app" >&2
      exit 2
      ;;
  esac
  exe="${prog[0]}"
  benchmarks/thread-cpu.py --label "$app native" --mark "$mark" -- "$apps/native/$exe" "${prog[@]:1}"
  # shellcheck disable=SC2086 # WALI is a command line
  benchmarks/thread-cpu.py --label "$app wali4j" --mark "$mark" -- $wali "$apps/$exe.wasm" "${prog[@]:1}"
done
