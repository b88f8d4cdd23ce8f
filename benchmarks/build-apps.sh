#!/usr/bin/env bash
# Builds the app workloads of ./bench twice from the same sources: lua 5.4 and the sqlite3 shell as
# WALI modules (toolchain/apps/build-lua.sh and build-sqlite.sh: wali-cc, i.e. clang-22 -O2) and
# natively with the same clang-22 -O2 and the same defines, into OUT_DIR (default
# benchmarks/target/apps): lua, sqlite3 (native), lua.wasm, sqlite3.wasm (copies). Incremental.
# usage: build-apps.sh [OUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../toolchain/scripts/env.sh"
out="${1:-$here/target/apps}"
mkdir -p "$out/lua-obj"
apps="$WALI_BUILD_DIR/apps"

newer() { # newer TARGET INPUT...: whether TARGET is missing or older than an input
  local t="$1"; shift
  [[ ! -f "$t" ]] && return 0
  for i in "$@"; do [[ "$i" -nt "$t" ]] && return 0; done
  return 1
}

"$TOOLCHAIN_DIR/apps/build-lua.sh" >&2
"$TOOLCHAIN_DIR/apps/build-sqlite.sh" >&2
cp -p "$apps/lua.wasm" "$apps/sqlite3.wasm" "$out/"

# lua: the flags of build-lua.sh, for the host.
src="$("$TOOLCHAIN_DIR/apps/fetch-source.sh" lua5.4)/src"
obj="$out/lua-obj"
[[ -f "$obj/lua5.4-deb-multiarch.h" ]] \
  || echo '#define DEB_HOST_MULTIARCH "wasm32-linux-muslwali"' > "$obj/lua5.4-deb-multiarch.h"
objs=()
for c in "$src"/*.c; do
  name="$(basename "$c" .c)"
  [[ "$name" == luac ]] && continue
  o="$obj/$name.o"
  if newer "$o" "$c"; then
    "$WALI_CLANG" -O2 -std=gnu99 -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -I"$obj" -c "$c" -o "$o" &
    while (($(jobs -r | wc -l) >= ${WALI_JOBS:-2})); do wait -n; done
  fi
  objs+=("$o")
done
wait
newer "$out/lua" "${objs[@]}" && "$WALI_CLANG" -O2 "${objs[@]}" -lm -o "$out/lua"

# sqlite3: the amalgamation build-sqlite.sh generated, with its defines.
gen="$apps/sqlite-gen"
if newer "$out/sqlite3" "$gen/sqlite3.c" "$gen/shell.c"; then
  "$WALI_CLANG" -O2 -I"$gen" -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_JSON1 \
    "$gen/sqlite3.c" "$gen/shell.c" -lpthread -lm -ldl -o "$out/sqlite3"
fi
echo "build-apps: $out/{lua,sqlite3}{,.wasm}" >&2
