#!/usr/bin/env bash
# Builds the WALI sysroot (headers, libc.a, crt1.o) from Debian's pristine musl 1.2.3 and our
# wasm32 port in toolchain/wali-libc:
#   arch/wasm32/, crt/wasm32/, src/*/wasm32/  our own files, laid over the source tree
#   patches/*.patch                            small changes to musl files, applied to copies
# The build tree is a symlink farm over the cached pristine source, so musl's own Makefile
# compiles only what changed. Nothing is rebuilt when the inputs (our files, this script, the
# compiler version) hash to the stamp of the last build.
#
# Environment: see env.sh (WALI_BUILD_DIR, WALI_SYSROOT, WALI_CLANG, ...); WALI_JOBS (default 2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
LIBC_DIR="$TOOLCHAIN_DIR/wali-libc"
JOBS="${WALI_JOBS:-2}"
log() { echo "build-sysroot: $*" >&2; }

inputs_hash() {
  {
    (cd "$LIBC_DIR" && find . -type f -not -name '*.pyc' | LC_ALL=C sort | xargs sha256sum)
    sha256sum "$TOOLCHAIN_DIR/scripts/build-sysroot.sh" "$TOOLCHAIN_DIR/scripts/env.sh"
    "$WALI_CLANG" --version | head -1
    echo "musl $WALI_MUSL_VERSION"
  } | sha256sum | cut -d' ' -f1
}

"$TOOLCHAIN_DIR/scripts/ensure-toolchain.sh"
stamp="$WALI_SYSROOT/.inputs-sha256"
hash="$(inputs_hash)"
up_to_date() { [[ -f "$stamp" && "$(cat "$stamp")" == "$hash" && -f "$WALI_SYSROOT/lib/libc.a" ]]; }
up_to_date && exit 0

# One build at a time per build directory (parallel wali-cc calls, several checkouts sharing
# WALI_BUILD_DIR); whoever waited finds the sysroot built.
mkdir -p "$WALI_BUILD_DIR"
exec 9>"$WALI_BUILD_DIR/.sysroot.lock"
flock 9
up_to_date && exit 0
rm -f "$stamp"

# The committed syscall_arch.h must be what the table generates.
if ! python3 "$LIBC_DIR/tools/gen-syscall-arch.py" "$LIBC_DIR/syscalls.tab" \
    | cmp -s - "$LIBC_DIR/arch/wasm32/syscall_arch.h"; then
  log "arch/wasm32/syscall_arch.h is stale: run tools/gen-syscall-arch.py syscalls.tab > arch/wasm32/syscall_arch.h"
  exit 1
fi

musl_src="$("$TOOLCHAIN_DIR/scripts/fetch-musl.sh")"
tree="$WALI_BUILD_DIR/musl-tree"
obj="$WALI_BUILD_DIR/musl-obj"

log "preparing source tree"
rm -rf "$tree"
cp -as "$musl_src" "$tree"
# Patched files are made in a staging copy and kept in musl-patched/, replaced only when their
# content changes, so their timestamps (and the objects that include them) survive rebuilds.
patched="$WALI_BUILD_DIR/musl-patched"
stage="$(mktemp -d "$WALI_BUILD_DIR/.patch.XXXXXX")"
for patch in "$LIBC_DIR"/patches/*.patch; do
  for f in $(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$patch"); do
    if [[ ! -f "$stage/$f" ]]; then
      mkdir -p "$stage/$(dirname "$f")"
      cp "$musl_src/$f" "$stage/$f"
    fi
  done
  patch -s -p1 -d "$stage" < "$patch"
done
(cd "$stage" && find . -type f -not -name '*.orig') | while read -r f; do
  f="${f#./}"
  if ! cmp -s "$stage/$f" "$patched/$f"; then
    mkdir -p "$patched/$(dirname "$f")"
    cp "$stage/$f" "$patched/$f"
  fi
  ln -sfn "$patched/$f" "$tree/$f"
done
rm -rf "$stage"
(cd "$LIBC_DIR" && find arch crt src -type f) | while read -r f; do
  mkdir -p "$tree/$(dirname "$f")"
  ln -sfn "$LIBC_DIR/$f" "$tree/$f"
done
# Syscall numbers are x86_64 Linux's (WALI ABI section A).
ln -sfn "$tree/arch/x86_64/bits/syscall.h.in" "$tree/arch/wasm32/bits/syscall.h.in"

mkdir -p "$obj" "$WALI_SYSROOT"
cat > "$WALI_BUILD_DIR/.config.mak.new" <<MAK
srcdir = $tree
prefix = $WALI_SYSROOT
includedir = \$(prefix)/include
libdir = \$(prefix)/lib
ARCH = wasm32
CC = $WALI_CLANG --target=$WALI_TARGET
AR = $WALI_AR
RANLIB = $WALI_RANLIB
CFLAGS_AUTO = -Os -pipe $WALI_FEATURES -ffunction-sections -fdata-sections -fno-stack-protector
CFLAGS_AUTO += -Wno-parentheses -Wno-shift-op-parentheses -Wno-bitwise-op-parentheses -Wno-logical-op-parentheses -Wno-string-plus-int -Wno-dangling-else -Wno-unknown-pragmas -Wno-ignored-attributes -Wno-ignored-pragmas -Wno-tautological-constant-out-of-range-compare
CFLAGS_C99FSE = -std=c99 -ffreestanding -nostdinc
LIBCC =
SHARED_LIBS =
TOOL_LIBS =
ALL_TOOLS =
# musl's Makefile tracks no header dependencies: record them (-MMD) and read them back, so a
# changed header (ours or a patched one) recompiles exactly the objects that include it.
CFLAGS_AUTO += -MMD -MP
-include \$(shell find obj -name '*.d' 2>/dev/null)
MAK
# Other flags or compiler: start from clean objects.
if ! cmp -s "$WALI_BUILD_DIR/.config.mak.new" "$obj/config.mak"; then
  rm -rf "$obj"
  mkdir -p "$obj"
fi
mv "$WALI_BUILD_DIR/.config.mak.new" "$obj/config.mak"

log "compiling musl $WALI_MUSL_VERSION for $WALI_TARGET (make -j$JOBS)"
start=$(date +%s)
make -s -C "$obj" -f "$tree/Makefile" -j"$JOBS" lib/libc.a lib/crt1.o
rm -rf "$WALI_SYSROOT/include"
make -s -C "$obj" -f "$tree/Makefile" install-headers >/dev/null
mkdir -p "$WALI_SYSROOT/lib"
cp "$obj/lib/libc.a" "$obj/lib/crt1.o" "$WALI_SYSROOT/lib/"
# Programs may link -lm, -lpthread, ... as on Linux: musl keeps all of it in libc.a.
for name in m rt pthread crypt util xnet resolv dl; do
  "$WALI_AR" rc "$WALI_SYSROOT/lib/lib$name.a"
done
echo "$hash" > "$stamp"
log "sysroot ready in $WALI_SYSROOT ($(($(date +%s) - start)) s)"
