#!/usr/bin/env bash
# bash subshell benchmark (issue 5, item 5): a bash loop running N `( : )` subshells, i.e. N
# fork + exit + wait round trips of the shell itself, timed under native bash and under wali4j
# in the same invocation. Both shells are the same Debian bash source (toolchain/apps/build-bash.sh
# with wali-cc, build-native.sh with gcc). The loop times itself with $EPOCHREALTIME, so the
# figures exclude the JVM's start; the whole run's wall time is printed too.
#
#   benchmarks/bash-subshell-bench.sh [N] [ROUNDS]     N subshells per round (200), best of ROUNDS (3)
#
# Until wali4j implements fork, the WALI run cannot start a subshell: the script checks that
# first (with a time limit) and stops with a clear message instead of timing a failure.
# Environment: JAVA_OPTS (extra JVM flags for ./wali), BENCH_TIMEOUT (seconds per run, 600), WALI
# (the command that runs a .wasm, default this checkout's ./wali run, which builds and installs
# the runtime when it is missing or stale), as in fork-bench.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-200}"
rounds="${2:-3}"
limit="${BENCH_TIMEOUT:-600}"
out="$root/benchmarks/target/bash"
mkdir -p "$out"
"$root/toolchain/apps/build-bash.sh"
"$root/toolchain/apps/build-native.sh" bash
apps="${WALI_BUILD_DIR:-$root/toolchain/build}/apps"

cat >"$out/subshells.sh" <<'SCRIPT'
n=$1; rounds=$2; best=
for ((r = 0; r < rounds; r++)); do
  start=$EPOCHREALTIME
  for ((i = 0; i < n; i++)); do ( : ); done
  end=$EPOCHREALTIME
  us=$(( ${end//[.,]/} - ${start//[.,]/} ))  # microseconds, whatever the decimal point
  if [[ -z $best ]] || ((us < best)); then best=$us; fi
done
echo "$best"
SCRIPT

# The WALI run must be able to fork before anything is timed.
probe=0
timeout "$limit" ${WALI:-"$root/wali" run} "$apps/bash.wasm" -c '( exit 7 ); echo "subshell status $?"' \
  >"$out/probe.out" 2>"$out/probe.err" || probe=$?
if [[ "$(cat "$out/probe.out")" != "subshell status 7" ]]; then
  echo "bash-subshell-bench: bash under wali4j cannot run a subshell yet (exit $probe):" >&2
  grep -v '^wali4j: warning' "$out/probe.err" | head -5 >&2
  exit 1
fi

t0=$(date +%s%N)
native_us=$(timeout "$limit" "$apps/native/bash" "$out/subshells.sh" "$n" "$rounds")
t1=$(date +%s%N)
wali_us=$(timeout "$limit" ${WALI:-"$root/wali" run} "$apps/bash.wasm" "$out/subshells.sh" "$n" "$rounds")
t2=$(date +%s%N)

echo "bash: $n '( : )' subshells, best of $rounds rounds"
awk -v n="$n" -v nat="$native_us" -v wali="$wali_us" \
    -v natwall="$(((t1 - t0) / 1000000))" -v waliwall="$(((t2 - t1) / 1000000))" 'BEGIN {
  printf "%-8s %12s %14s %16s\n", "shell", "loop ms", "per subshell us", "whole run ms"
  printf "%-8s %12.1f %14.1f %16d\n", "native", nat / 1000, nat / n, natwall
  printf "%-8s %12.1f %14.1f %16d\n", "wali4j", wali / 1000, wali / n, waliwall
  printf "ratio wali4j/native (loop): %.1f\n", wali / nat
}'
