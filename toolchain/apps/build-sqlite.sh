#!/usr/bin/env bash
# Builds the sqlite3 shell from Debian's sqlite3 source with wali-cc, unchanged:
# $WALI_BUILD_DIR/apps/sqlite3.wasm. The source tree's own native build (configure, then
# `make sqlite3.c shell.c`, which needs gcc and tclsh) generates the amalgamation; wali-cc
# then compiles it for WALI.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cc="$TOOLCHAIN_DIR/bin/wali-cc"
command -v tclsh >/dev/null || { echo "build-sqlite: needs tclsh (apt-get install tcl)" >&2; exit 1; }
src="$("$TOOLCHAIN_DIR/apps/fetch-source.sh" sqlite3)"
out="$WALI_BUILD_DIR/apps"
gen="$out/sqlite-gen"
mkdir -p "$gen"
"$TOOLCHAIN_DIR/scripts/build-sysroot.sh"
start=$(date +%s)
if [[ ! -f "$gen/sqlite3.c" || ! -f "$gen/shell.c" ]]; then
  (cd "$gen" && "$src/configure" --disable-tcl --disable-readline -q >/dev/null \
    && make -s -j"${WALI_JOBS:-2}" sqlite3.c shell.c >/dev/null)
fi
if [[ ! -f "$out/sqlite3.wasm" || "$gen/sqlite3.c" -nt "$out/sqlite3.wasm" \
      || "$WALI_SYSROOT/.inputs-sha256" -nt "$out/sqlite3.wasm" ]]; then
  "$cc" -O2 -I"$gen" -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_JSON1 \
    "$gen/sqlite3.c" "$gen/shell.c" -o "$out/sqlite3.wasm"
fi
echo "build-sqlite: $out/sqlite3.wasm ($(stat -c %s "$out/sqlite3.wasm") bytes, $(($(date +%s) - start)) s)" >&2
