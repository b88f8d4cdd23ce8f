#!/usr/bin/env bash
# Fetches the WebAssembly spec test suite as shipped in Debian's binaryen source package
# (`apt-get source binaryen`) into a cache directory, once, and prints the path of its test/spec
# directory.
#
# Usage: scripts/fetch-spec-tests.sh [cache-dir]   (default: build/spec-src under the repo root)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${1:-$root/build/spec-src}"

find_spec_dir() {
  local d
  for d in "$cache"/binaryen-*/test/spec; do
    if [[ -d "$d" ]]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

if spec=$(find_spec_dir); then
  echo "$spec"
  exit 0
fi

# apt-get source needs dpkg-dev and deb-src entries; ensure-deps provides both.
"$root/scripts/ensure-deps.sh" >&2
mkdir -p "$cache"
# Download into a scratch directory first so an interrupted fetch never looks complete.
scratch=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
chmod 755 "$scratch"
(cd "$scratch" && apt-get source -qq binaryen >&2)
for d in "$scratch"/binaryen-*/; do
  mv "$d" "$cache/"
done
spec=$(find_spec_dir) || {
  echo "fetch-spec-tests: no test/spec directory in the binaryen source package" >&2
  exit 1
}
echo "$spec"
