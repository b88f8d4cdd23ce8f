#!/usr/bin/env bash
# Builds the Lua 5.4 interpreter from Debian's lua5.4 source with wali-cc, unchanged:
# $WALI_BUILD_DIR/apps/lua.wasm. Lua's POSIX configuration (LUA_USE_POSIX) is used without
# dlopen and readline, which a static WALI module has no use for. The only addition is the
# header Debian's packaging generates for its module search path.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cc="$TOOLCHAIN_DIR/bin/wali-cc"
src="$("$TOOLCHAIN_DIR/apps/fetch-source.sh" lua5.4)/src"
out="$WALI_BUILD_DIR/apps"
obj="$out/lua-obj"
mkdir -p "$obj"
# Debian's packaging generates this header (debian/rules) for its search paths.
echo '#define DEB_HOST_MULTIARCH "wasm32-linux-muslwali"' > "$obj/lua5.4-deb-multiarch.h.new"
cmp -s "$obj/lua5.4-deb-multiarch.h.new" "$obj/lua5.4-deb-multiarch.h" 2>/dev/null \
  || mv "$obj/lua5.4-deb-multiarch.h.new" "$obj/lua5.4-deb-multiarch.h"
rm -f "$obj/lua5.4-deb-multiarch.h.new"
"$TOOLCHAIN_DIR/scripts/build-sysroot.sh"
start=$(date +%s)
objs=()
for c in "$src"/*.c; do
  name="$(basename "$c" .c)"
  [[ "$name" == luac ]] && continue
  o="$obj/$name.o"
  if [[ ! -f "$o" || "$c" -nt "$o" || "$WALI_SYSROOT/.inputs-sha256" -nt "$o" ]]; then
    "$cc" -O2 -std=gnu99 -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -I"$obj" -c "$c" -o "$o" &
    while (($(jobs -r | wc -l) >= ${WALI_JOBS:-2})); do wait -n; done
  fi
  objs+=("$o")
done
wait
"$cc" -O2 "${objs[@]}" -lm -o "$out/lua.wasm"
echo "build-lua: $out/lua.wasm ($(stat -c %s "$out/lua.wasm") bytes, $(($(date +%s) - start)) s)" >&2
