#!/usr/bin/env bash
# Installs the Debian packages the WALI toolchain needs when they are missing (clang, lld and
# the wasm32 compiler-rt builtins of LLVM $WALI_LLVM_VERSION, plus wabt for the ABI tests and
# dpkg-dev for `apt-get source`). Fast no-op when everything is installed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

packages=(
  "clang-$WALI_LLVM_VERSION" "lld-$WALI_LLVM_VERSION" "llvm-$WALI_LLVM_VERSION"
  "libclang-rt-$WALI_LLVM_VERSION-dev-wasm32" wabt dpkg-dev gcc make python3
)
missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
((${#missing[@]} == 0)) && exit 0
if [[ ${WALI_SKIP_APT:-0} == 1 || $(id -u) != 0 ]]; then
  echo "ensure-toolchain: missing packages: ${missing[*]} (install them as root)" >&2
  exit 1
fi
echo "ensure-toolchain: installing ${missing[*]}" >&2
apt-get install -y -q "${missing[@]}" >&2 || { apt-get update -q >&2; apt-get install -y -q "${missing[@]}" >&2; }
