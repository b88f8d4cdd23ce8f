#!/bin/sh
# Builds every program of the C corpus natively and runs it.
#
#   toolchain/tests/run-native.sh [name-glob]
#
# Environment: CC (default gcc; e.g. CC=musl-gcc checks the sources against musl),
# CFLAGS (default "-O2 -Wall -Werror -pthread"), BUILD_DIR (default: a fresh
# directory under ${TMPDIR:-/tmp}, removed at the end), TIMEOUT (seconds per program,
# default 10), JOBS (parallel compiles, default 2).
# Each program gets a private empty TMPDIR and fails if it leaves anything there.
# Prints one line per program and, as the last line, "N passed, N failed".
# Exits non-zero if any program failed to build, failed, or timed out.
set -u

here=$(cd "$(dirname "$0")" && pwd)
src="$here/c"
cc=${CC:-gcc}
cflags=${CFLAGS:--O2 -Wall -Werror -pthread}
timeout_s=${TIMEOUT:-10}
jobs=${JOBS:-2}
pattern=${1:-*}

if [ -n "${BUILD_DIR:-}" ]; then
  out=$BUILD_DIR
  mkdir -p "$out"
  own_out=0
else
  out=$(mktemp -d "${TMPDIR:-/tmp}/wali-corpus-native.XXXXXX")
  own_out=1
fi
cleanup() { [ "$own_out" = 1 ] && rm -rf "$out"; }
trap cleanup EXIT INT TERM

# One snapshot of the program list, used for both compiling and running.
ls "$src"/$pattern.c >"$out/programs.list" 2>/dev/null || {
  echo "no programs match $pattern"; echo "0 passed, 1 failed"; exit 1; }

# Compile in parallel; each compile's diagnostics go to <name>.build.log.
export cc cflags out src
# shellcheck disable=SC2016
xargs -P "$jobs" -I{} sh -c '
  f={}; n=$(basename "$f" .c)
  $cc $cflags -o "$out/$n" "$f" >"$out/$n.build.log" 2>&1 || rm -f "$out/$n"
' <"$out/programs.list"

passed=0
failed=0
while read -r f; do
  n=$(basename "$f" .c)
  if [ ! -x "$out/$n" ]; then
    echo "FAIL $n (build)"
    sed 's/^/    /' "$out/$n.build.log"
    failed=$((failed + 1))
    continue
  fi
  start=$(date +%s%N)
  # Run from the build directory with an absolute program path (the programs that
  # re-exec themselves use argv[0]) and a private, empty TMPDIR that must stay empty.
  tmp="$out/tmp.$n"
  rm -rf "$tmp" && mkdir "$tmp"
  (cd "$out" && TMPDIR="$tmp" timeout -k 2 "$timeout_s" "$out/$n" \
      >"$out/$n.out" 2>"$out/$n.err" </dev/null)
  rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ "$rc" -eq 0 ] && ! rmdir "$tmp" 2>/dev/null; then
    echo "left behind in TMPDIR: $(ls -A "$tmp" | head -5 | tr '\n' ' ')" >>"$out/$n.err"
    rc=1
  fi
  if [ "$rc" -eq 0 ]; then
    echo "PASS $n (${ms} ms)"
    passed=$((passed + 1))
  else
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then why="timeout"; else why="exit $rc"; fi
    echo "FAIL $n ($why, ${ms} ms)"
    sed 's/^/    stderr: /' "$out/$n.err" | head -20
    failed=$((failed + 1))
  fi
done <"$out/programs.list"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
