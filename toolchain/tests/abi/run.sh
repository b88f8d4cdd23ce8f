#!/usr/bin/env bash
# ABI proof of the WALI toolchain (run by the test suite; exits non-zero on any failure).
#   (a) struct and type layouts: _Static_asserts generated from wali-abi.md sections C and D,
#       compiled with wali-cc (and, as a check that the assertions can fail, with native gcc);
#   (b) imports: every `wali.*` import of the modules we build has the type wali-abi.md lists,
#       and the modules have the WALI shape (a module built to be wrong must be rejected);
#   (c) constants: O_*, SIG*, E*, MAP_*, PROT_*, F_*, SA_* equal x86_64 Linux's.
# Modules built elsewhere (e.g. build/apps/*.wasm from apps/build-*.sh) are checked too.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../scripts/env.sh"
cc="$TOOLCHAIN_DIR/bin/wali-cc"
out="$WALI_BUILD_DIR/tests/abi"
failures=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

"$TOOLCHAIN_DIR/scripts/build-sysroot.sh" || { echo "FAIL sysroot build"; exit 1; }
rm -rf "$out"
mkdir -p "$out"

# (a) layouts
python3 "$here/gen_struct_asserts.py" --internal > "$out/layouts.c" 2> "$out/layouts.count"
if "$cc" -c -ferror-limit=0 -I"$WALI_BUILD_DIR/musl-tree/arch/wasm32" "$out/layouts.c" -o "$out/layouts.o" 2> "$out/layouts.err"; then
  pass "(a) layouts: $(cat "$out/layouts.count")"
else
  fail "(a) layouts:"; grep -E 'error' "$out/layouts.err" | head -40
fi
python3 "$here/gen_struct_asserts.py" > "$out/layouts-native.c" 2>/dev/null
if gcc -fsyntax-only "$out/layouts-native.c" 2>/dev/null; then
  fail "(a) self-check: the layout assertions also hold for native x86_64 (LP64 pointers), so they test nothing"
else
  pass "(a) self-check: the same assertions fail for native x86_64, as they must"
fi

# (b) imports
modules=()
for src in "$here"/programs/*.c; do
  name="$(basename "$src" .c)"
  for opt in -O0 -O2; do
    if "$cc" $opt -Wall -Werror "$src" -o "$out/$name$opt.wasm" 2> "$out/$name$opt.err"; then
      modules+=("$out/$name$opt.wasm")
    else
      fail "(b) wali-cc $opt $name.c:"; head -20 "$out/$name$opt.err"
    fi
  done
  gcc -O2 -Wall -Werror "$src" -o "$out/$name.native" -lpthread 2> "$out/$name.native.err" \
    || { fail "(b) the same source does not build natively with gcc: $name.c"; head -20 "$out/$name.native.err"; }
done
for app in "$WALI_BUILD_DIR"/apps/*.wasm; do
  [[ -f "$app" ]] && modules+=("$app")
done
if python3 "$here/check_imports.py" "${modules[@]}" > "$out/imports.log"; then
  pass "(b) imports: ${#modules[@]} modules, $(grep -c '^ok' "$out/imports.log") conform"
else
  fail "(b) imports:"; grep -v '^ok' "$out/imports.log"
fi
sed 's/^/     /' "$out/imports.log" | grep -E 'every_syscall-O2|apps/' | cut -c1-160
cat > "$out/wrong.c" <<'C'
long long bad_read(long long, int, int) __attribute__((import_module("wali"), import_name("SYS_read")));
int main(void) { return (int)bad_read(0, 0, 0); }
C
"$cc" "$out/wrong.c" -o "$out/wrong.wasm" 2>/dev/null
if python3 "$here/check_imports.py" "$out/wrong.wasm" > "$out/wrong.log"; then
  fail "(b) self-check: a module importing SYS_read as (i64 i32 i32) was accepted"
else
  pass "(b) self-check: a module importing SYS_read with a wrong type is rejected"
fi

# (c) constants
if python3 "$here/check_constants.py" "$cc" "$out/constants" > "$out/constants.log"; then
  pass "(c) $(tail -1 "$out/constants.log" | sed 's/^ok *//')"
else
  fail "(c) constants:"; cat "$out/constants.log"
fi

echo "abi: $failures failure(s)"
exit $((failures > 0))
