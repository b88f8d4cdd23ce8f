#!/usr/bin/env bash
# Coverage-guided fuzzing of wali4j with Jazzer (docs/FUZZING.md).
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  how long each target fuzzes (default 30)
#   TARGET   [MODULE:]Class#method of a @FuzzTest; MODULE defaults to wali-core (default: all of
#            them, one after the other)
#
# Each target runs in its own JVM (Jazzer fuzzes one target per JVM). The corpus a run grows is
# kept in <module>/.cifuzz-corpus/ and picked up by the next run; an input that fails is written
# to <module>/src/test/resources/<package>/<Class>Inputs/<method>/ (where regression mode, the
# normal build, replays it) and the script exits non-zero. Builds into target-fuzz/ so it can run
# beside an ordinary build of the same checkout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-30}"
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(
    WasmFuzzTest#parse
    WasmFuzzTest#validate
    WasmRunFuzzTest#run
    SyscallCoverageFuzzTest#syscall
    wali-jit:JitDifferentialFuzzTest#differential
  )
fi

build="${WALI_FUZZ_BUILD:-target-fuzz}"
# What each target did, and the end of a failing target's log: ./test prints it again at its end.
report="$build/report.txt"
mkdir -p "$build"
: >"$report"

status=0
passed=0
failed=0
for target in "${targets[@]}"; do
  module=wali-core
  t=$target
  if [[ $target == *:* ]]; then
    module=${target%%:*}
    t=${target#*:}
  fi
  echo "fuzz: $module $t for ${seconds}s" >&2
  mkdir -p "$module/$build"
  log="$module/$build/fuzz-${t//#/-}.log"
  # The test phase through the reactor: the module's own dependencies come from this checkout.
  if JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" mvn -B -ntp -q test \
      -Dwali.target="$build" -pl "$module" -am -Dtest="$t" \
      -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
    result=ok
    passed=$((passed + 1))
  else
    result=FAILED
    status=1
    failed=$((failed + 1))
  fi
  # libFuzzer's closing line: "Done N runs in S second(s)".
  done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1 || true)
  echo "fuzz: $t $result: ${done_line:-no run line} (${cov:-no coverage line}); log $log" \
    | tee -a "$report" >&2
  if [[ $result == FAILED ]]; then
    {
      grep -E 'Java Exception|Caused by|at io\.wali4j|crash-|Test unit written|FAIL|ERROR' "$log" \
        | head -40 || true
      echo "fuzz: the end of $log:"
      tail -40 "$log"
    } | tee -a "$report" >&2
  fi
done
echo "fuzz: $passed passed, $failed failed" | tee -a "$report"
exit $status
