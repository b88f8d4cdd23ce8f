# Shared settings for the toolchain scripts (sourced, not run).
#
# WALI binaries use a data model no stock wasm32 triple has: 32-bit pointers and size_t but a
# 64-bit long (the kernel's layouts then match x86_64 Linux, WALI ABI sections C and D). Clang
# implements it as the target wasm32-unknown-linux-muslwali from LLVM 22 on, so the toolchain
# uses Debian's clang-22/lld-22/libclang-rt-22-dev-wasm32 (bookworm-security); clang-19 has no
# such target and would give a 4-byte long.
TOOLCHAIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WALI_LLVM_VERSION="${WALI_LLVM_VERSION:-22}"
WALI_TARGET="wasm32-unknown-linux-muslwali"
WALI_CLANG="${WALI_CLANG:-clang-$WALI_LLVM_VERSION}"
WALI_AR="${WALI_AR:-llvm-ar-$WALI_LLVM_VERSION}"
WALI_RANLIB="${WALI_RANLIB:-llvm-ranlib-$WALI_LLVM_VERSION}"
WALI_BUILD_DIR="${WALI_BUILD_DIR:-$TOOLCHAIN_DIR/build}"
WALI_SYSROOT="${WALI_SYSROOT:-$WALI_BUILD_DIR/sysroot}"
WALI_MUSL_CACHE="${WALI_MUSL_CACHE:-$WALI_BUILD_DIR/musl-src}"
WALI_MUSL_VERSION="1.2.3"
# Code generation features of real WALI binaries (WALI ABI, "Module shape").
WALI_FEATURES="-matomics -mbulk-memory -mmutable-globals -msign-ext -mnontrapping-fptoint -mmultivalue"

wali_builtins() {
  local resource
  resource="$("$WALI_CLANG" -print-resource-dir)"
  echo "$resource/lib/wasi/libclang_rt.builtins-wasm32.a"
}
