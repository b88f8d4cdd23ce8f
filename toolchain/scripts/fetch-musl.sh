#!/usr/bin/env bash
# Fetches Debian's pristine musl source (`apt-get source musl`) into $WALI_MUSL_CACHE once.
# Source entries (deb-src) must be enabled: the repository's scripts/ensure-deps.sh derives them
# from the machine's own apt sources; without it, this script derives them the same way (every
# enabled `Types: deb` stanza of /etc/apt/sources.list.d/*.sources, and `deb` lines of
# /etc/apt/sources.list, repeated as deb-src). Prints the unpacked source directory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

dest="$WALI_MUSL_CACHE/musl-$WALI_MUSL_VERSION"
if [[ -f "$dest/VERSION" ]]; then
  echo "$dest"
  exit 0
fi

have_deb_src() {
  apt-get source --print-uris -q musl >/dev/null 2>&1
}

derive_deb_src() {
  local apt_etc="${APT_ETC:-/etc/apt}" out="$apt_etc/sources.list.d/wali4j-toolchain-deb-src.sources"
  {
    for f in "$apt_etc"/sources.list.d/*.sources; do
      [[ -f "$f" ]] || continue
      awk 'BEGIN { RS=""; ORS="\n\n" }
           /(^|\n)Types:[^\n]*deb([ \t]|\n|$)/ && !/(^|\n)Enabled: *no/ {
             gsub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print }' "$f"
    done
    if [[ -f "$apt_etc/sources.list" ]]; then
      awk '$1 == "deb" { $1 = ""; sub(/^ /, "");
             n = split($0, w, " "); uri = w[1]; suite = w[2]; comps = "";
             for (i = 3; i <= n; i++) comps = comps " " w[i];
             printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents:%s\n\n", uri, suite, comps }' \
        "$apt_etc/sources.list"
    fi
  } > "$out"
  echo "fetch-musl: wrote $out" >&2
  apt-get update -q >&2
}

if ! have_deb_src; then
  repo_root="$(cd "$TOOLCHAIN_DIR/.." && pwd)"
  if [[ -x "$repo_root/scripts/ensure-deps.sh" ]]; then
    "$repo_root/scripts/ensure-deps.sh" >&2
  fi
  have_deb_src || derive_deb_src
fi

mkdir -p "$WALI_MUSL_CACHE"
tmp="$(mktemp -d "$WALI_MUSL_CACHE/.fetch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get source -q "musl=$WALI_MUSL_VERSION*" >&2 || apt-get source -q musl >&2)
src="$(find "$tmp" -maxdepth 1 -type d -name 'musl-*' | head -1)"
[[ -f "$src/VERSION" ]] || { echo "fetch-musl: no musl source unpacked" >&2; exit 1; }
got="$(cat "$src/VERSION")"
[[ "$got" == "$WALI_MUSL_VERSION" ]] || { echo "fetch-musl: got musl $got, need $WALI_MUSL_VERSION" >&2; exit 1; }
mv "$src" "$dest"
echo "$dest"
