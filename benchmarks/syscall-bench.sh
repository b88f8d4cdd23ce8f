#!/usr/bin/env bash
# Syscall round trip from Wasm (issue 4, item 6): builds syscalls/syscall_roundtrip.c natively and
# for WALI with the same clang and -O2, runs the native build (single-threaded, then with an idle
# second thread: native-mt, the kernel's cost in a multithreaded process such as a JVM) and then
# the WALI build under `./wali run` in one invocation, and prints per call: native ns, native-mt
# ns, wali4j ns, and the ns wali4j adds to native (goal: at most 60) and to native-mt. getpid and getppid are answered inside the runtime (virtual pids): the
# rows named after them go through libc's generic syscall(), the libc_ rows through libc's
# getpid()/getppid() (see syscalls/syscall_roundtrip.c).
#
#   benchmarks/syscall-bench.sh [N] [ROUNDS] [CLOCK]
#       N calls per round (200000), best of ROUNDS (7); CLOCK wall (default) or cpu: the timing
#       thread's CPU time, user and system, for a machine shared with other work
#
# Environment: CC (native compiler, default clang-22: the compiler wali-cc drives), WALI_SYSROOT
# (see toolchain/scripts/env.sh), JAVA_OPTS (extra JVM flags for ./wali), WALI (the command that
# runs a module, default "./wali run": e.g. another build of the runtime, for a before/after).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/benchmarks/syscalls/syscall_roundtrip.c"
out="$root/benchmarks/target/syscalls"
cc="${CC:-clang-22}"
n="${1:-200000}"
rounds="${2:-7}"
clock="${3:-wall}"
mkdir -p "$out"

# Rebuild an output only when the source (or this script) is newer.
if [[ ! "$out/syscall_roundtrip.wasm" -nt "$src" || "${BASH_SOURCE[0]}" -nt "$out/syscall_roundtrip.wasm" ]]; then
  "$root/toolchain/bin/wali-cc" -O2 -Wall -Werror -o "$out/syscall_roundtrip.wasm" "$src"
fi
if [[ ! "$out/syscall_roundtrip-native" -nt "$src" || "${BASH_SOURCE[0]}" -nt "$out/syscall_roundtrip-native" ]]; then
  "$cc" -O2 -Wall -Werror -pthread -o "$out/syscall_roundtrip-native" "$src"
fi

"$out/syscall_roundtrip-native" "$n" "$rounds" "$clock" >"$out/native.txt"
"$out/syscall_roundtrip-native" "$n" "$rounds" "$clock" mt >"$out/native-mt.txt"
${WALI:-"$root/wali" run} "$out/syscall_roundtrip.wasm" "$n" "$rounds" "$clock" >"$out/wali4j.txt"

echo "syscall round trip: best of $rounds rounds of $n calls, $clock-clock ns per call (native: $cc -O2)"
awk '
  FILENAME ~ /native.txt$/ { native[$1] = $2; order[++count] = $1; next }
  FILENAME ~ /native-mt.txt$/ { mt[$1] = $2; next }
  { wali[$1] = $2 }
  END {
    printf "%-16s %10s %10s %10s %10s %10s\n", "call", "native", "native-mt", "wali4j", "added", "added-mt"
    for (i = 1; i <= count; i++) {
      c = order[i]
      if (!(c in wali)) { printf "%-16s %10s %10s %10s\n", c, native[c], mt[c], "missing"; bad = 1; continue }
      printf "%-16s %10.1f %10.1f %10.1f %10.1f %10.1f\n", c, native[c], mt[c], wali[c], wali[c] - native[c], wali[c] - mt[c]
    }
    exit bad
  }' "$out/native.txt" "$out/native-mt.txt" "$out/wali4j.txt"
