#!/usr/bin/env bash
# The application runs of benchmarks/RESULTS.md's sections on compiled frames at a capture and on
# compiling hot functions only: lua (benchmarks/apps/fib.lua: recursion, 200000 pcalls, a plain
# loop) and sqlite3 (:memory:, ROWS inserts of one transaction, then two selects). Prints, per
# run, the user and system CPU seconds of the whole process (/usr/bin/time: the JVM's compiler
# and background threads included) and a checksum of its standard output.
#
#   WALI="<launcher command> run" benchmarks/app-capture-bench.sh [ROWS] [ROUNDS]
#       ROWS inserts (20000), ROUNDS runs of each (1); JIT flags go into the WALI command, e.g.
#       WALI="java -Dwali4j.jit.capture=unwind ... run"
#
# Needs toolchain/build/apps/{lua,sqlite3}.wasm (benchmarks/build-apps.sh or the itests build).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
apps="$root/toolchain/build/apps"
out="$root/benchmarks/target/app-capture"
rows="${1:-20000}"
rounds="${2:-1}"
wali=${WALI:-"$root/wali" run}
mkdir -p "$out"

sql="$out/inserts-$rows.sql"
if [[ ! -s "$sql" ]]; then
  {
    echo "create table t(a integer primary key, b text, c real);"
    echo "begin;"
    awk -v n="$rows" 'BEGIN { for (i = 1; i <= n; i++) printf "insert into t(b, c) values (%crow%d%c, %d * 1.5);\n", 39, i, 39, i }'
    echo "commit;"
    echo "select count(*), sum(c) from t;"
    echo "select b from t where a % 4999 = 0;"
  } >"$sql"
fi

run() { # name, then the command; stdin from $in
  local name="$1"
  shift
  /usr/bin/time -f "%U %S" -o "$out/time.txt" "$@" <"$in" >"$out/stdout.txt" 2>"$out/stderr.txt" || {
    echo "$name: failed" >&2
    cat "$out/stderr.txt" >&2
    return 1
  }
  read -r user sys <"$out/time.txt"
  printf "%-7s user %6.2f s  sys %5.2f s  cpu %6.2f s  stdout crc %s\n" "$name" "$user" "$sys" \
    "$(echo "$user + $sys" | bc)" "$(cksum <"$out/stdout.txt" | cut -d' ' -f1)"
  # With -Dwali4j.jit.log=true (-v=3): what the compiler tier did.
  grep -h "wali4j: jit:\|(os.clock)" "$out/stderr.txt" | tail -n 2 | sed 's/^/        /' || true
}

for ((r = 0; r < rounds; r++)); do
  in=/dev/null run lua $wali "$apps/lua.wasm" "$root/benchmarks/apps/fib.lua"
  in="$sql" run sqlite $wali "$apps/sqlite3.wasm" :memory:
done
