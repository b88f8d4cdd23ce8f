#!/usr/bin/env bash
# Builds memcached from Debian's memcached source, on libevent from Debian's libevent source, both
# with wali-cc and unchanged: $WALI_BUILD_DIR/apps/memcached.wasm. Each package's own configure and
# Makefile do the work, cross-compiling (--host); the options are memcached-options.sh's (shared
# with build-native.sh). Nothing is patched. configure cannot run its test programs when
# cross-compiling; of memcached's two, one only sets a macro nothing reads (libevent 2 or later),
# and for the other this script gives the answer a run gives:
#   ac_cv_c_alignment=none   unaligned loads and stores work (Wasm's alignment is a hint; the
#                            default when cross-compiling, NEED_ALIGN, copies values to read them)
# libevent's two (kqueue, and epoll through the raw syscall) are not reached on Linux.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cc="$TOOLCHAIN_DIR/bin/wali-cc"
out="$WALI_BUILD_DIR/apps"
obj="$out/memcached-obj"
mkdir -p "$obj"
"$TOOLCHAIN_DIR/scripts/build-sysroot.sh"
start=$(date +%s)

source "$TOOLCHAIN_DIR/apps/memcached-options.sh"
STAMP_INPUT="$WALI_SYSROOT/.inputs-sha256" build_memcached "$obj" \
  --build="$(gcc -dumpmachine)" --host=wasm32-unknown-linux-musl \
  CC="$cc" CFLAGS=-O2 AR="$WALI_AR" RANLIB="$WALI_RANLIB" ac_cv_c_alignment=none
if [[ ! -f "$out/memcached.wasm" || "$obj/memcached/memcached" -nt "$out/memcached.wasm" ]]; then
  cp "$obj/memcached/memcached" "$out/memcached.wasm"
fi
echo "build-memcached: $out/memcached.wasm ($(stat -c %s "$out/memcached.wasm") bytes, $(($(date +%s) - start)) s)" >&2
