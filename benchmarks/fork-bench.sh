#!/usr/bin/env bash
# fork + _exit + wait4 of a process with 16 MiB of touched memory (issue 5, item 5; goal: a median
# of at most 5 ms under wali4j). Builds processes/fork_wait.c natively and for WALI with the same
# clang and -O2, runs both, and prints the median and the best round trip in ms.
#
#   benchmarks/fork-bench.sh [N] [MIB]     N round trips (60), MIB of touched memory (16)
#
# Environment: CC (native compiler, default clang-22: the compiler wali-cc drives), WALI (the
# command that runs a .wasm, default this checkout's ./wali run).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/benchmarks/processes/fork_wait.c"
out="$root/benchmarks/target/processes"
cc="${CC:-clang-22}"
n="${1:-60}"
mib="${2:-16}"
mkdir -p "$out"

if [[ ! "$out/fork_wait.wasm" -nt "$src" ]]; then
  "$root/toolchain/bin/wali-cc" -O2 -Wall -Werror -o "$out/fork_wait.wasm" "$src"
fi
if [[ ! "$out/fork_wait-native" -nt "$src" ]]; then
  "$cc" -O2 -Wall -Werror -o "$out/fork_wait-native" "$src"
fi

read -r _ nat_med nat_min < <("$out/fork_wait-native" "$n" "$mib")
read -r _ wali_med wali_min < <(${WALI:-"$root/wali" run} "$out/fork_wait.wasm" "$n" "$mib")
echo "fork + _exit + wait4 with $mib MiB touched: $n round trips, ms (native: $cc -O2)"
printf "%-10s %10s %10s\n" "" "median" "best"
printf "%-10s %10s %10s\n" native "$nat_med" "$nat_min"
printf "%-10s %10s %10s\n" wali4j "$wali_med" "$wali_min"
