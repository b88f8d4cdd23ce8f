#!/usr/bin/env bash
# Builds every benchmark kernel (kernels/*.c except driver.c) twice from the same source with the
# same clang -O2: as a freestanding wasm32 module exporting `run`, and as a native executable
# linked with kernels/driver.c. Outputs go to OUT_DIR (default: benchmarks/target/kernels):
#   <name>.wasm      the module the engine runs; must import nothing
#   <name>-native    the native driver + kernel
# A kernel is rebuilt only when its source, driver.c or this script is newer than its outputs.
#
# Usage: build-kernels.sh [--force] [OUT_DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/kernels"
force=0
if [[ "${1:-}" == "--force" ]]; then
  force=1
  shift
fi
out="${1:-$here/target/kernels}"

CLANG="${CLANG:-clang-19}"
OBJDUMP="${WASM_OBJDUMP:-wasm-objdump}"
for tool in "$CLANG" wasm-ld-19 "$OBJDUMP"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-kernels: '$tool' not found on PATH." >&2
    echo "  The benchmark kernels need Debian's clang-19, lld-19 and wabt:" >&2
    echo "  apt-get install clang-19 lld-19 wabt" >&2
    exit 3
  fi
done

# Flags shared by both builds: the kernels are freestanding C (no libc calls), and sqrt must be
# the instruction (f64.sqrt / sqrtsd), not a libm call that sets errno.
COMMON_FLAGS=(-O2 -std=c11 -ffreestanding -fno-math-errno -Wall -Wextra)
# The Wasm features real WALI binaries are built with. The memory stays non-shared: the kernels
# are single-threaded and need no atomics.
WASM_FLAGS=(--target=wasm32 -nostdlib -fuse-ld=lld
  -matomics -mbulk-memory -mmutable-globals -msign-ext -mnontrapping-fptoint -mmultivalue
  -Wl,--no-entry -Wl,--export=run -Wl,-z,stack-size=1048576)

mkdir -p "$out"

stale() { # stale OUTPUT INPUT... : true when OUTPUT is missing or older than any input
  local target="$1"
  shift
  [[ $force == 1 || ! -e "$target" ]] && return 0
  local input
  for input in "$@"; do
    [[ "$input" -nt "$target" ]] && return 0
  done
  return 1
}

check_no_imports() { # a kernel module must be self-contained: no imports of any kind
  local wasm="$1" imports
  imports="$("$OBJDUMP" -j Import -x "$wasm" 2>/dev/null | grep -E '^ - ' || true)"
  if [[ -n "$imports" ]]; then
    echo "build-kernels: $wasm imports something; kernels must be freestanding:" >&2
    echo "$imports" >&2
    rm -f "$wasm"
    exit 4
  fi
}

built=0
for c in "$src"/*.c; do
  name="$(basename "$c" .c)"
  [[ "$name" == driver ]] && continue
  wasm="$out/$name.wasm"
  native="$out/$name-native"
  if stale "$wasm" "$c" "${BASH_SOURCE[0]}"; then
    "$CLANG" "${COMMON_FLAGS[@]}" "${WASM_FLAGS[@]}" -o "$wasm.tmp" "$c"
    mv "$wasm.tmp" "$wasm"
    check_no_imports "$wasm"
    built=$((built + 1))
  fi
  if stale "$native" "$c" "$src/driver.c" "${BASH_SOURCE[0]}"; then
    # Kernel and driver are separate translation units (no LTO), so run() is a real call the
    # driver cannot hoist out of its timing loop.
    "$CLANG" "${COMMON_FLAGS[@]}" -c -o "$out/$name.o" "$c"
    "$CLANG" -O2 -std=c11 -D_POSIX_C_SOURCE=199309L -Wall -Wextra -c -o "$out/driver.o" "$src/driver.c"
    "$CLANG" -o "$native.tmp" "$out/driver.o" "$out/$name.o"
    mv "$native.tmp" "$native"
    rm -f "$out/$name.o"
    built=$((built + 1))
  fi
done
echo "build-kernels: $built output(s) rebuilt in $out"
