#!/usr/bin/env bash
# memcached's throughput under wali4j against the same source built natively: each server alone
# on a loopback port with four worker threads (toolchain/apps/build-memcached.sh with wali-cc,
# build-native.sh memcached with gcc -O2, both on the same libevent), loaded in turn by memaslap
# (Debian's libmemcached-tools: 90% gets, 10% sets of its default key and value sizes) for the
# same time, natively first. Prints each server's operations per second, the CPU time the server
# process took meanwhile (all its threads; for wali4j the whole JVM, its compilers and collector
# included) and that per operation, and the ratios.
#
#   benchmarks/memcached-bench.sh [SECONDS] [CONCURRENCY] [CLIENT-THREADS]   (10, 16, 1)
#
# The wali4j server gets SECONDS of the same load first as a warm-up (the compiler tier and
# HotSpot compile its hot paths), unless WARMUP=0. Environment: WALI (the command that runs a
# .wasm, default this checkout's ./wali run).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-10}"
concurrency="${2:-16}"
clients="${3:-1}"
command -v memcaslap >/dev/null || { echo "memcached-bench: needs memcaslap (apt-get install libmemcached-tools)" >&2; exit 1; }
"$root/toolchain/apps/build-memcached.sh"
"$root/toolchain/apps/build-native.sh" memcached
apps="${WALI_BUILD_DIR:-$root/toolchain/build}/apps"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
await_port() { # await_port PORT PID
  for _ in $(seq 1 600); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $1)).close()" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "memcached-bench: the server ended" >&2; return 1; }
    sleep 0.2
  done
  echo "memcached-bench: no server on port $1" >&2; return 1
}
shutdown_server() { # shutdown_server PORT PID
  python3 -c "import socket; s=socket.create_connection(('127.0.0.1', $1)); s.sendall(b'shutdown\r\n'); s.recv(1)" 2>/dev/null || true
  wait "$2" 2>/dev/null || true
}
cpu_ticks() { # cpu_ticks PID: the process's user + system CPU time so far, in clock ticks
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}
tps() { # tps PORT SECONDS: memaslap's operations per second
  memcaslap -s "127.0.0.1:$1" -t "${2}s" -T "$clients" -c "$concurrency" 2>&1 \
    | sed -n 's/.*TPS: \([0-9]*\).*/\1/p' | tail -1
}
args=(-u "$(id -un)" -l 127.0.0.1 -U 0 -t 4 -A)

port=$(free_port)
"$apps/native/memcached" "${args[@]}" -p "$port" >/dev/null 2>&1 &
pid=$!
await_port "$port" "$pid"
c0=$(cpu_ticks "$pid")
native=$(tps "$port" "$seconds")
native_cpu=$(( $(cpu_ticks "$pid") - c0 ))
shutdown_server "$port" "$pid"

port=$(free_port)
${WALI:-"$root/wali" run} "$apps/memcached.wasm" "${args[@]}" -p "$port" >/dev/null 2>&1 &
pid=$!
await_port "$port" "$pid"
[[ "${WARMUP:-1}" == 0 ]] || tps "$port" "$seconds" >/dev/null
c0=$(cpu_ticks "$pid")
wali=$(tps "$port" "$seconds")
wali_cpu=$(( $(cpu_ticks "$pid") - c0 ))
shutdown_server "$port" "$pid"

hz=$(getconf CLK_TCK)
echo "memcached, $seconds s of memaslap ($clients client thread(s), concurrency $concurrency):"
printf "%-8s %12s %14s %16s\n" "" "operations/s" "server CPU s" "CPU us/operation"
row() { # row NAME OPS_PER_S CPU_TICKS
  awk -v n="$1" -v t="$2" -v c="$3" -v hz="$hz" -v s="$seconds" \
    'BEGIN { printf "%-8s %12d %14.2f %16.1f\n", n, t, c / hz, (t > 0 ? c / hz * 1e6 / (t * s) : 0) }'
}
row native "$native" "$native_cpu"
row wali4j "$wali" "$wali_cpu"
awk -v n="$native" -v w="$wali" -v nc="$native_cpu" -v wc="$wali_cpu" 'BEGIN {
  if (w > 0 && nc > 0) printf "native/wali4j: %.2fx the operations, wali4j/native: %.2fx the CPU per operation\n", n / w, (wc / w) / (nc / n) }'
