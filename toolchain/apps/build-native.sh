#!/usr/bin/env bash
# Builds the native (gcc, host) counterparts of the WALI apps from the very same fetched
# sources and flags as build-lua.sh, build-sqlite.sh, build-bash.sh and build-memcached.sh, for
# differential tests: $WALI_BUILD_DIR/apps/native/{lua,sqlite3,bash,memcached}. Each is rebuilt
# only when its inputs are newer. usage: build-native.sh lua|sqlite3|bash|memcached...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
out="$WALI_BUILD_DIR/apps/native"
mkdir -p "$out"

newer() { # newer TARGET INPUT...: whether TARGET is missing or older than an input
  local t="$1"; shift
  [[ ! -f "$t" ]] && return 0
  for i in "$@"; do [[ "$i" -nt "$t" ]] && return 0; done
  return 1
}

build_lua() {
  local src obj objs=() c name o
  src="$("$TOOLCHAIN_DIR/apps/fetch-source.sh" lua5.4)/src"
  obj="$out/lua-obj"
  mkdir -p "$obj"
  # The same generated header as build-lua.sh, so that both builds see the same search paths.
  [[ -f "$obj/lua5.4-deb-multiarch.h" ]] \
    || echo '#define DEB_HOST_MULTIARCH "wasm32-linux-muslwali"' > "$obj/lua5.4-deb-multiarch.h"
  for c in "$src"/*.c; do
    name="$(basename "$c" .c)"
    [[ "$name" == luac ]] && continue
    o="$obj/$name.o"
    if newer "$o" "$c"; then
      gcc -O2 -std=gnu99 -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -I"$obj" -c "$c" -o "$o" &
      while (($(jobs -r | wc -l) >= ${WALI_JOBS:-2})); do wait -n; done
    fi
    objs+=("$o")
  done
  wait
  if newer "$out/lua" "${objs[@]}"; then
    gcc -O2 "${objs[@]}" -lm -o "$out/lua"
  fi
  echo "build-native: $out/lua" >&2
}

build_sqlite3() {
  local gen="$WALI_BUILD_DIR/apps/sqlite-gen"
  # build-sqlite.sh generates the amalgamation (and builds sqlite3.wasm from it).
  [[ -f "$gen/sqlite3.c" && -f "$gen/shell.c" ]] || "$TOOLCHAIN_DIR/apps/build-sqlite.sh"
  if newer "$out/sqlite3" "$gen/sqlite3.c" "$gen/shell.c"; then
    gcc -O2 -I"$gen" -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_JSON1 \
      "$gen/sqlite3.c" "$gen/shell.c" -lpthread -lm -ldl -o "$out/sqlite3"
  fi
  echo "build-native: $out/sqlite3" >&2
}

build_bash() {
  local src obj="$out/bash-obj"
  src="$("$TOOLCHAIN_DIR/apps/fetch-source.sh" bash)"
  source "$TOOLCHAIN_DIR/apps/bash-options.sh"
  configure_once "$obj" "$src" "${BASH_CONFIGURE_OPTIONS[@]}" CC=gcc CFLAGS=-O2
  make -s -C "$obj" -j"${WALI_JOBS:-2}" bash >"$obj/make.out" 2>&1 \
    || { tail -40 "$obj/make.out" >&2; return 1; }
  if newer "$out/bash" "$obj/bash"; then
    cp "$obj/bash" "$out/bash"
  fi
  echo "build-native: $out/bash" >&2
}

build_memcached_native() {
  local obj="$out/memcached-obj"
  source "$TOOLCHAIN_DIR/apps/memcached-options.sh"
  build_memcached "$obj" CC=gcc CFLAGS=-O2
  if newer "$out/memcached" "$obj/memcached/memcached"; then
    cp "$obj/memcached/memcached" "$out/memcached"
  fi
  echo "build-native: $out/memcached" >&2
}

for app in "$@"; do
  case "$app" in
    lua) build_lua ;;
    sqlite3) build_sqlite3 ;;
    bash) build_bash ;;
    memcached) build_memcached_native ;;
    *) echo "build-native: unknown app $app (lua, sqlite3, bash, memcached)" >&2; exit 2 ;;
  esac
done
