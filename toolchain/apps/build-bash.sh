#!/usr/bin/env bash
# Builds GNU bash from Debian's bash source with wali-cc, unchanged: $WALI_BUILD_DIR/apps/bash.wasm
# (one entry shim and one binaryen pass, both explained below).
#
# bash's own configure and Makefile do the work, cross-compiling (--host): its build-time helpers
# (mksyntax, mksignames, mkbuiltins) are compiled for the build machine with gcc, the shell with
# wali-cc. Only the `bash` target is made (no bashbug, docs or loadable builtins).
#
# Options: bash-options.sh (shared with build-native.sh).
#
# configure cannot run its test programs when cross-compiling; the answers a native musl Linux
# system gives are set below, where bash's own defaults would be wrong for WALI:
#   bash_cv_wexitstatus_offset=8     Linux keeps the exit status in bits 8..15 (default 0)
#   bash_cv_getcwd_malloc=yes        musl's getcwd(NULL, 0) allocates (else bash uses its own
#                                    getcwd that walks ".." with readdir)
#   bash_cv_sys_named_pipes=present  mkfifo works
#   bash_cv_unusable_rtsigs=no       SIGRTMIN..SIGRTMAX are usable (ABI: x86_64 signal numbers)
#   bash_cv_printf_a_format=yes      musl's printf knows %a
#   bash_cv_func_sbrk=no             there is no brk in Wasm (memory.grow instead)
#   ac_cv_func_chown_works=yes       chown follows POSIX (autoconf assumes so for *-gnu only)
#   ac_cv_func_strcoll_works=yes     musl's strcoll orders as strcmp in the C locale
# and one configure probe that fails for a reason other than the C library: the strtold probe
# passes a `char *` where strtold takes `char **`, which clang rejects as an error (gcc only
# warns), so configure would call musl's strtold broken. bash then keeps printf's floating-point
# arguments in a double but still formats them with %Le (builtins/printf.def), printing garbage:
#   bash_cv_strtold_broken=no
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cc="$TOOLCHAIN_DIR/bin/wali-cc"
src="$("$TOOLCHAIN_DIR/apps/fetch-source.sh" bash)"
out="$WALI_BUILD_DIR/apps"
obj="$out/bash-obj"
mkdir -p "$obj"
"$TOOLCHAIN_DIR/scripts/build-sysroot.sh"
start=$(date +%s)

source "$TOOLCHAIN_DIR/apps/bash-options.sh"
# configure takes VAR=VALUE arguments (tools, and the cache variables above).
STAMP_INPUT="$WALI_SYSROOT/.inputs-sha256" configure_once "$obj" "$src" \
  --build="$(gcc -dumpmachine)" --host=wasm32-unknown-linux-musl "${BASH_CONFIGURE_OPTIONS[@]}" \
  CC="$cc" CC_FOR_BUILD=gcc CFLAGS=-O2 AR="$WALI_AR" RANLIB="$WALI_RANLIB" \
  bash_cv_wexitstatus_offset=8 bash_cv_getcwd_malloc=yes bash_cv_sys_named_pipes=present \
  bash_cv_unusable_rtsigs=no bash_cv_printf_a_format=yes bash_cv_func_sbrk=no \
  ac_cv_func_chown_works=yes ac_cv_func_strcoll_works=yes bash_cv_strtold_broken=no

# The one addition, through bash's ADDON_LDFLAGS hook: bash-wali-main.c, the main(argc, argv)
# entry crt1 calls on wasm32, since bash's main takes the environment as a third parameter.
shim="$TOOLCHAIN_DIR/apps/bash-wali-main.c"
if [[ ! -f "$obj/wali-main.o" || "$shim" -nt "$obj/wali-main.o" ]]; then
  "$cc" -O2 -c "$shim" -o "$obj/wali-main.o"
fi
make -s -C "$obj" -j"${WALI_JOBS:-2}" ADDON_LDFLAGS="$obj/wali-main.o" bash >"$obj/make.out" 2>&1 \
  || { tail -40 "$obj/make.out" >&2; exit 1; }
# bash calls functions through pointers of another type: its unwind-protect list holds
# `int (*)()` cleanups that are really void f(char *), void f(void), ... which C lets K&R code
# do and native ABIs tolerate, but a Wasm call_indirect traps on a signature mismatch. binaryen's
# --fpcast-emu pass (made for such code) calls every table function through one uniform signature.
# The imports, memory and exports stay as wali-cc linked them, but every table entry becomes a
# thunk of that signature (16 i64 parameters, an i64 result; binaryen needs at least 5 for bash),
# so a runtime that calls table functions itself, as signal handlers, must call such a thunk with
# its arguments widened to i64 and zeros after them, and drop the result.
if [[ ! -f "$out/bash.wasm" || "$obj/bash" -nt "$out/bash.wasm" ]]; then
  command -v wasm-opt >/dev/null || { echo "build-bash: needs wasm-opt (apt-get install binaryen)" >&2; exit 1; }
  wasm-opt -g --fpcast-emu --pass-arg=max-func-params@16 "$obj/bash" -o "$out/bash.wasm.new"
  mv "$out/bash.wasm.new" "$out/bash.wasm"
fi
echo "build-bash: $out/bash.wasm ($(stat -c %s "$out/bash.wasm") bytes, $(($(date +%s) - start)) s)" >&2
