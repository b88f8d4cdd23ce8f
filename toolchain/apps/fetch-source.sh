#!/usr/bin/env bash
# Fetches a Debian source package (pristine upstream + Debian's patches, as `apt-get source`
# unpacks it) into $WALI_BUILD_DIR/apps-src once, and prints its directory.
# usage: fetch-source.sh PACKAGE
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
pkg="$1"
cache="$WALI_BUILD_DIR/apps-src"
dir="$(find "$cache" -maxdepth 1 -type d -name "$pkg-*" 2>/dev/null | head -1)"
if [[ -z "$dir" ]]; then
  # Source entries come from the same place as musl's (see scripts/fetch-musl.sh).
  "$TOOLCHAIN_DIR/scripts/fetch-musl.sh" >/dev/null
  mkdir -p "$cache"
  (cd "$cache" && apt-get source -q "$pkg" >&2)
  dir="$(find "$cache" -maxdepth 1 -type d -name "$pkg-*" | head -1)"
fi
[[ -n "$dir" ]] || { echo "fetch-source: $pkg not unpacked" >&2; exit 1; }
echo "$dir"
